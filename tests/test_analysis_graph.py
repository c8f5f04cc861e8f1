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
def test_every_step_lists_the_returns_and_leaves_the_flow_as_it_was(project):
    g = journey_graph(project)
    flow = [list(ws) for ws in g.succ]
    every = g.every_succ()
    assert g.succ == flow  # the lists every_succ shares with the flow are not changed
    want = [list(ws) for ws in flow]
    for s, t in g.returns:
        want[s].append(t)
    assert every == want


@settings(max_examples=80)
@given(journeys())
def test_steps_back_break_every_loop_and_counting_matches_networkx(project):
    ref = reference(project)
    ids, flow = ref["ids"], ref["flow"]
    g = journey_graph(project)
    cards = project.touchpoints("j")
    stage_rank = [int(tp.stage_id.rsplit("st", 1)[1]) for tp in cards]
    shape = jg.structure(g, stage_rank)
    back = jg.steps_back(g, stage_rank, shape.part)
    named = {(ids[u], ids[v]) for u, v in back}
    assert named <= set(flow.edges)
    assert bool(back) == (not nx.is_directed_acyclic_graph(flow))
    # The analysis takes a found topological order as "no step back" without looking (report.analyze).
    assert (shape.flow_order is not None) == (not back)
    for u, v in back:
        assert nx.has_path(flow, ids[v], ids[u]) and stage_rank[v] <= stage_rank[u]
    rest = flow.copy()
    rest.remove_edges_from(named)
    assert nx.is_directed_acyclic_graph(rest)
    for cycle in nx.simple_cycles(flow):
        assert set(itertools.pairwise([*cycle, cycle[0]])) & named, cycle
    # Each loop is a shortest way from the card returned to round to the step back.
    for cycle, (u, v) in zip(jg.loops(g, back, 100), back):
        names = g.names(cycle)
        assert (names[0], names[-1]) == (ids[v], ids[u])
        assert len(names) == nx.shortest_path_length(flow, ids[v], ids[u]) + 1
        assert nx.is_simple_path(flow, names)
    # What is left is ordered as networkx would: every step goes forward in the order.
    order = g.names(jg._topological_order([[w for w in ws if (v, w) not in set(back)] for v, ws in enumerate(g.succ)]))
    assert sorted(order) == sorted(ids)
    position = {v: i for i, v in enumerate(order)}
    assert all(position[u] < position[v] for u, v in rest.edges)
    if len(ids) <= 5:  # few enough for networkx to list every topological order
        assert order in [list(t) for t in nx.all_topological_sorts(rest)]
    # Counting paths on what is left gives networkx's count of its simple paths.
    entries = [ids[v] for v in shape.entries]
    sinks = [v for v in ids if rest.out_degree(v) == 0]
    paths = [p for e in entries for p in nx.all_simple_paths(rest, e, sinks)]
    paths += [[e] for e in entries if rest.out_degree(e) == 0]
    share = [sum(v in p for p in paths) / len(paths) if paths else 0.0 for v in ids]
    assert jg.counted_path_share(g, shape.entries, back) == pytest.approx(share)
    # ... and leaves the flow as it was.
    assert {(ids[s], ids[t]) for s, t in g.flow.edges} == set(flow.edges)


@settings(max_examples=80)
@given(journeys())
def test_the_search_within_stages_is_networkx_depth_first_search(project):
    g = journey_graph(project)
    n = len(g.ids)
    stage_rank = [int(tp.stage_id.rsplit("st", 1)[1]) for tp in project.touchpoints("j")]
    part = jg.structure(g, stage_rank).part
    ours = jg._back_edges_within_stages(g, stage_rank, part, {(part[v], stage_rank[v]) for v in range(n)})
    # networkx's search of a graph of just the steps within a part and stage, from a start node
    # linked to the cards entered from elsewhere, then to every card.
    inside = [(u, v) for u in range(n) for v in g.succ[u] if (part[u], stage_rank[u]) == (part[v], stage_rank[v])]
    h = nx.DiGraph()
    h.add_nodes_from(range(n))
    h.add_edges_from(inside)
    entered = [v for v in range(n) if any((u, v) not in inside for u in g.flow.predecessors(v))]
    h.add_edges_from(("start", v) for v in [*entered, *range(n)])
    on_path, expected = set(), []
    for u, v, label in nx.dfs_labeled_edges(h, "start"):
        if label == "forward":
            on_path.add(v)
        elif label == "reverse":
            on_path.discard(v)
        elif label == "nontree" and v in on_path:
            expected.append((u, v))
    assert ours == expected


def test_a_step_back_goes_to_an_earlier_stage_not_up_a_lane():
    # A service blueprint: in stage 1 the customer (lane 0) asks, staff (lane 1) answers, the
    # customer acts again (lane 0); from stage 3 customers come back to the first question.
    cards = {
        "s": {"stage": 0},
        "ask": {"stage": 1},
        "act": {"stage": 1},
        "staff": {"stage": 1, "lane": 1},
        "x": {"stage": 3},
    }
    edges = [("s", "ask"), ("ask", "staff"), ("staff", "act"), ("act", "x"), ("x", "ask")]
    r = analyze(build(cards, edges), "j")["graph"]["loops"]
    assert r["items"] == [["ask", "staff", "act", "x"]] and r["total"] == 1


def test_a_loop_within_one_stage_steps_back_to_where_it_was_entered():
    # Customers come in at b; b → c → a → b stays in stage 1, so a → b is the step back.
    cards = {"s": {"stage": 0}, "a": {"stage": 1}, "b": {"stage": 1}, "c": {"stage": 1, "lane": 1}, "z": {"stage": 5}}
    edges = [("s", "b"), ("b", "c"), ("c", "a"), ("a", "b"), ("a", "z")]
    r = analyze(build(cards, edges), "j")["graph"]["loops"]
    assert r["items"] == [["b", "c", "a"]]


def test_loop_searches_stop_at_their_budget(monkeypatch):
    # One loop of 40 cards over 4 stages with 30 steps back.
    names = [f"v{i}" for i in range(40)]
    edges = [(names[i], names[i + 1], "normal") for i in range(39)] + [(names[39], names[0], "normal")]
    edges += [(names[i], names[i - 10], "normal") for i in range(10, 39)]
    g = jg.JourneyGraph.of(names, edges)
    stage_rank = [i // 10 for i in range(40)]
    shape = jg.structure(g, stage_rank)
    back = jg.steps_back(g, stage_rank, shape.part)
    assert len(back) == 30
    every = jg.loops(g, back, max_cycles=1000)
    assert len(every) == 30
    monkeypatch.setattr(jg, "LOOP_BUDGET_BASE", 0)
    monkeypatch.setattr(jg, "LOOP_BUDGET_PER_CARD", 2)  # two searches across the map
    assert jg.loops(g, back, max_cycles=1000) == every[:2]


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
    assert jg.found_path_share(found, n) == pytest.approx(share)  # counted along the search


def test_counted_share_survives_more_paths_than_a_float_can_count():
    # 1,100 diamonds in a row: 2**1100 paths, past the largest float (about 2**1024).
    names = ["n0"]
    edges = []
    for i in range(1100):
        names += [f"u{i}", f"l{i}", f"n{i + 1}"]
        edges += [(f"n{i}", f"u{i}"), (f"n{i}", f"l{i}"), (f"u{i}", f"n{i + 1}"), (f"l{i}", f"n{i + 1}")]
    g = jg.JourneyGraph.of(names, [(s, t, "normal") for s, t in edges])
    share = dict(zip(names, jg.counted_path_share(g, [0], [])))
    assert share["n0"] == share["n550"] == share["n1100"] == 1.0
    assert share["u0"] == share["l1099"] == 0.5


_big = st.integers(0, 2**3000) | st.builds(lambda x, s: x << s, st.integers(0, 2**60), st.integers(0, 3000))


@settings(max_examples=500)
@given(_big, _big, _big, st.integers(1, 3))
def test_shares_of_huge_counts_are_the_exact_quotient_rounded(before, after, extra, reach):
    # exact_shares divides the counts' leading bits, falling back to the exact product near a
    # rounding boundary: the floats must be those of the exact division, ties and tiny shares too.
    total = max(1, before * after // reach + extra)
    assert jg.exact_shares([before], [after], total) == [(before * after) / total]
    odd = (1 << 53) + 1  # the share 1 + 2**-53: exactly halfway between two floats, rounded to even
    assert jg.exact_shares([odd << 1000], [1 << 1946], 1 << 2999) == [1.0]


@settings(max_examples=100)
@given(st.lists(_big, min_size=1, max_size=4), st.lists(_big, min_size=1, max_size=4), _big,
       st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=12))
def test_shares_of_shared_count_objects_are_each_cards_own(befores, afters, extra, picks):
    # Cards along a chain share their count objects: the share of a pair seen before is reused.
    # Equal values in distinct objects and the same object in other pairs must each get their own.
    before = [befores[i % len(befores)] for i, _ in picks]
    after = [afters[j % len(afters)] for _, j in picks]
    total = max([1, *(b * a for b, a in zip(before, after))]) + extra
    assert jg.exact_shares(before, after, total) == [(b * a) / total for b, a in zip(before, after)]


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


@st.composite
def digraphs(draw: Any) -> tuple[int, list[list[int]]]:
    """Random directed graphs on 0…n−1 as next-step lists in journey order (forward first), loops included."""
    n = draw(st.integers(1, 14))
    pairs = [(a, b) for a in range(n) for b in range(n) if a != b]
    edges = set(draw(st.lists(st.sampled_from(pairs), unique=True, max_size=40))) if pairs else set()
    return n, [sorted((w for v2, w in edges if v2 == v), key=lambda w, v=v: jg.forward_first(v, w)) for v in range(n)]


def _networkx_of(succ: list[list[int]]) -> nx.DiGraph:
    # Built as the analysis built its flow before: nodes 0…n−1, then the steps in journey order.
    g = nx.DiGraph()
    g.add_nodes_from(range(len(succ)))
    g.add_edges_from((v, w) for v, ws in enumerate(succ) for w in ws)
    return g


@settings(max_examples=150)
@given(digraphs(), st.data())
def test_our_brandes_gives_networkx_betweenness_to_the_last_bit(graph, data):
    n, succ = graph
    ref = _networkx_of(succ)
    expected = nx.betweenness_centrality(ref, normalized=True)
    assert jg.brandes(succ) == [expected[v] for v in range(n)]  # the same floats, not just close
    k = data.draw(st.integers(1, n))
    seed = data.draw(st.integers(0, 3))
    sampled = nx.betweenness_centrality(ref, k=k, normalized=True, seed=seed)
    ours = jg.brandes(succ, k, seed)
    assert [repr(x) for x in ours] == [repr(sampled[v]) for v in range(n)]  # NaN where networkx has NaN
    # Given the previous-step lists the flow already holds, the same floats.
    pred = jg.Flow([list(ws) for ws in succ]).pred
    assert [repr(x) for x in jg.brandes(succ, k, seed, pred=pred)] == [repr(x) for x in ours]


@settings(max_examples=150)
@given(digraphs(), st.data())
def test_our_shortest_path_is_networkx_bidirectional_search(graph, data):
    n, succ = graph
    ref = _networkx_of(succ)
    flow = jg.Flow(succ)
    assert sorted(flow.edges) == sorted(ref.edges) and flow.number_of_edges() == ref.number_of_edges()
    assert all(list(ref.predecessors(v)) == flow.predecessors(v) for v in range(n))
    source, target = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
    if nx.has_path(ref, source, target):
        assert jg.shortest_path(flow, source, target) == nx.bidirectional_shortest_path(ref, source, target)
    else:
        with pytest.raises(ValueError):
            jg.shortest_path(flow, source, target)


@settings(max_examples=150)
@given(digraphs())
def test_our_strongly_connected_parts_are_networkx_parts(graph):
    n, succ = graph
    part = jg._components(succ)
    ours = {frozenset(v for v in range(n) if part[v] == k) for k in set(part)}
    assert ours == {frozenset(c) for c in nx.strongly_connected_components(_networkx_of(succ))}


@settings(max_examples=200)
@given(st.integers(1, 12).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.sampled_from(["normal", "loop_back"])),
                 max_size=40),
    )
))
def test_the_flows_parts_refined_from_the_parts_with_returns_are_its_own_parts(graph):
    # structure() refines the parts found before the returns were taken out instead of
    # searching the whole flow again: the cards must fall into the same parts either way.
    # When the parts that lost a step hold most cards they are all searched again; a chain of
    # cards outside every loop, three times as many, makes the refinement itself run too.
    n, steps = graph
    for extra in (0, 3 * n):
        chain = [(f"c{v}", f"c{v + 1}", "normal") for v in range(n, n + extra - 1)]
        g = jg.JourneyGraph.of([f"c{i}" for i in range(n + extra)],
                               [(f"c{s}", f"c{t}", kind) for s, t, kind in steps] + chain)

        def parts(part: list[int], size: int = n + extra) -> set[frozenset[int]]:
            return {frozenset(v for v in range(size) if part[v] == k) for k in set(part)}

        assert parts(jg.flow_parts(g)) == parts(jg._components(g.succ))


@settings(max_examples=200)
@given(st.integers(1, 12).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.sampled_from(["normal", "loop_back"])),
                 max_size=30),
    )
))
def test_a_flow_without_loops_is_known_by_its_order_and_has_a_card_per_part(graph):
    # structure() takes Kahn's order first: when it holds every card, the flow has no loop and
    # its parts are single cards (no search); the counted share reuses that order.
    n, steps = graph
    g = jg.JourneyGraph.of([f"c{i}" for i in range(n)], [(f"c{s}", f"c{t}", kind) for s, t, kind in steps])
    shape = jg.structure(g, [0] * n)
    part = jg._components(g.succ)
    acyclic = len(set(part)) == n and all(v not in ws for v, ws in enumerate(g.succ))
    assert (shape.flow_order is not None) == acyclic
    assert {frozenset(v for v in range(n) if shape.part[v] == k) for k in set(shape.part)} == {
        frozenset(v for v in range(n) if part[v] == k) for k in set(part)
    }
    if acyclic:
        assert shape.flow_order == jg._topological_order(g.succ)
        # Without a loop every card is a part: the entries found without the parts' members are theirs.
        for ranks in ([0] * n, [(v * 7) % 3 for v in range(n)]):
            entries = jg.structure(g, ranks).entries
            assert entries == jg._entries_of_parts(g, ranks, list(range(n)), min(ranks))
        shares = jg.counted_path_share(g, shape.entries, [], shape.flow_order)
        assert shares == jg.counted_path_share(g, shape.entries, [])


_steps = st.integers(1, 9).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.sampled_from(["normal", "loop_back"])),
                 max_size=30),
    )
)


@given(_steps)
def test_each_cards_steps_are_listed_forward_first(graph):
    # JourneyGraph.of sorts each card's steps on its own; the order is forward_first's, as when
    # every step was sorted by its key, and a pair of cards is one step whatever its duplicates.
    n, edges = graph
    names = [f"v{i}" for i in range(n)]
    g = jg.JourneyGraph.of(names, [(names[s], names[t], kind) for s, t, kind in edges])
    pairs = {(s, t) for s, t, _kind in edges}
    marked = {(s, t) for s, t, _kind in edges} - {(s, t) for s, t, kind in edges if kind != "loop_back"}
    assert set(g.returns) <= marked
    # Listed by card, then as each card's steps are: the order the analysis writes them in.
    assert g.returns == sorted(g.returns, key=lambda e: (e[0], jg.forward_first(*e)))
    for v in range(n):
        steps = {t for s, t in pairs if s == v and (s, t) not in set(g.returns)}
        assert g.succ[v] == sorted(steps, key=lambda w, v=v: jg.forward_first(v, w))
    assert g.has_out == [any(s == v for s, _ in pairs) for v in range(n)]
    assert g.has_in == [any(t == v for _, t in pairs) for v in range(n)]
