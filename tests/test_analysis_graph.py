"""The graph side of the analysis against networkx as the reference (docs/analysis.md §1-3)."""

from __future__ import annotations

import itertools
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from journeys import build, journeys

from cxdesigner.analysis import analyze
from cxdesigner.analysis import graph as jg
from cxdesigner.model import Project


def reference(project: Project, journey_id: str = "j") -> dict[str, Any]:
    """The journey's graphs built straight from docs §1 with networkx, independently of the analysis."""
    ids = [tp.id for tp in project.touchpoints(journey_id)]
    kinds: dict[tuple[str, str], set[str]] = {}
    for c in project.connections(journey_id):
        kinds.setdefault((c.source_id, c.target_id), set()).add(c.kind)
    every = nx.DiGraph()
    every.add_nodes_from(ids)
    every.add_edges_from(kinds)
    returns = {e for e, k in kinds.items() if k == {"loop_back"} and nx.has_path(every, e[1], e[0])}
    flow = nx.DiGraph()
    flow.add_nodes_from(ids)
    flow.add_edges_from(e for e in kinds if e not in returns)
    return {"ids": ids, "every": every, "flow": flow, "returns": returns}


def journey_graph(project: Project, journey_id: str = "j") -> jg.JourneyGraph:
    cards = project.touchpoints(journey_id)
    return jg.JourneyGraph.of([tp.id for tp in cards], ((c.source_id, c.target_id, c.kind)
                                                        for c in project.connections(journey_id)))


@settings(max_examples=80)
@given(journeys())
def test_flow_returns_and_reachability_match_networkx(project):
    ref = reference(project)
    g = journey_graph(project)
    ids = ref["ids"]
    assert {(ids[s], ids[t]) for s, t in g.returns} == ref["returns"]
    assert {(ids[s], ids[t]) for s, t in g.flow.edges} == set(ref["flow"].edges)
    r = analyze(project, "j")["graph"]
    entries = r["entries"]
    reached = set(entries).union(*(nx.descendants(ref["every"], e) for e in entries))
    isolated = {v for v in ids if ref["every"].degree(v) == 0}
    assert set(r["unreachable"]) == set(ids) - reached - isolated
    assert set(r["isolated"]) == isolated
    # Every card nothing leads to at all, and that leads somewhere, starts the journey.
    assert {v for v in ids if ref["every"].in_degree(v) == 0 < ref["every"].out_degree(v)} <= set(entries)
    # No flow step comes into an entry's loop from outside it.
    parts = list(nx.strongly_connected_components(ref["flow"]))
    for e in entries:
        part = next(c for c in parts if e in c)
        assert all(u in part for v in part for u in ref["flow"].predecessors(v))


@settings(max_examples=80)
@given(journeys())
def test_steps_back_break_every_loop_of_the_flow(project):
    ref = reference(project)
    ids = ref["ids"]
    g = journey_graph(project)
    entries = [ids.index(v) for v in analyze(project, "j")["graph"]["entries"]]
    search = jg.depth_first(g, entries)
    back = {(ids[u], ids[v]) for u, v in search.back}
    flow = ref["flow"]
    assert back <= set(flow.edges)
    assert bool(back) == (not nx.is_directed_acyclic_graph(flow))
    rest = flow.copy()
    rest.remove_edges_from(back)
    assert nx.is_directed_acyclic_graph(rest)
    for cycle in nx.simple_cycles(flow):
        steps = set(itertools.pairwise([*cycle, cycle[0]]))
        assert steps & back, cycle
    # Each listed loop is a simple cycle of the flow that its step back closes.
    for cycle, step in zip(jg.loops(search, 100), search.back):
        names = g.names(cycle)
        assert len(set(names)) == len(names)
        assert all(flow.has_edge(a, b) for a, b in itertools.pairwise([*names, names[0]]))
        assert (names[-1], names[0]) == (ids[step[0]], ids[step[1]])


@st.composite
def dags(draw: Any) -> tuple[int, list[tuple[int, int]]]:
    n = draw(st.integers(1, 8))
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    return n, (draw(st.lists(st.sampled_from(pairs), unique=True, max_size=14)) if pairs else [])


@settings(max_examples=60)
@given(dags())
def test_paths_and_counted_share_match_networkx_simple_paths_on_a_dag(dag):
    n, edges = dag
    names = [f"v{i}" for i in range(n)]
    g = jg.JourneyGraph.of(names, [(names[a], names[b], "normal") for a, b in edges])
    ref = nx.DiGraph()
    ref.add_nodes_from(range(n))
    ref.add_edges_from(edges)
    entries = [v for v in range(n) if ref.in_degree(v) == 0 < ref.out_degree(v)]
    sinks = [v for v in range(n) if ref.out_degree(v) == 0]
    expected = {tuple(p) for e in entries for p in nx.all_simple_paths(ref, e, sinks)}
    found = jg.enumerate_paths(g.succ, entries, max_paths=10_000)
    assert not found.truncated
    assert {tuple(p) for p in found.paths} == expected
    share = [sum(v in p for p in expected) / len(expected) if expected else 0.0 for v in range(n)]
    assert jg.counted_path_share(g, entries, []) == pytest.approx(share)
    assert jg.enumerated_path_share(found.paths, n) == pytest.approx(share)


@settings(max_examples=40)
@given(journeys())
def test_betweenness_is_networkx_on_the_flow(project):
    ref = reference(project)
    r = analyze(project, "j")
    assert r["critical"]["betweenness"] == {"method": "exact", "k": None, "seed": None}
    expected = nx.betweenness_centrality(ref["flow"], normalized=True)
    between = {c["card"]: c["betweenness"] for c in r["critical"]["items"]}
    for card, value in between.items():
        assert value == pytest.approx(expected[card], abs=1e-12)
    values, _ = jg.betweenness(journey_graph(project))
    assert values == pytest.approx([expected[v] for v in ref["ids"]], abs=1e-12)


def test_betweenness_is_sampled_within_its_budget_and_deterministic(monkeypatch):
    names = [f"v{i}" for i in range(30)]
    g = jg.JourneyGraph.of(names, [(names[i], names[i + 1], "normal") for i in range(29)])
    assert jg.betweenness(g)[1]["method"] == "exact"
    monkeypatch.setattr(jg, "BETWEENNESS_BUDGET", 300)
    monkeypatch.setattr(jg, "BETWEENNESS_MIN_SAMPLES", 4)
    assert jg.betweenness_sources(30, 29) == 5  # 300 // (30 + 29)
    assert jg.betweenness_sources(300, 299) == 4  # never fewer than the minimum
    assert jg.betweenness_sources(10, 9) is None  # 10 × 19 fits: exact
    first, meta = jg.betweenness(g)
    assert meta == {"method": "sampled", "k": 5, "seed": 0}
    assert jg.betweenness(g)[0] == first
    ref = nx.betweenness_centrality(nx.path_graph(30, create_using=nx.DiGraph), k=5, seed=0, normalized=True)
    assert first == pytest.approx([ref[i] for i in range(30)])


def test_the_search_starts_at_the_entries_whatever_the_journey_order():
    # e (an entry, later in journey order) → y → x → y: the customer meets y first, so the
    # step back is x → y, even though x comes first in journey order.
    cards = {"x": {"stage": 0}, "e": {"stage": 0, "lane": 1}, "y": {"stage": 1}}
    r = analyze(build(cards, [("e", "y"), ("y", "x"), ("x", "y")]), "j")["graph"]
    assert r["entries"] == ["e"]
    assert r["loops"]["items"] == [["y", "x"]]
