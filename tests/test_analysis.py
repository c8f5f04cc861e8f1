"""Journey analysis on hand-built journeys with known answers, plus hypothesis properties (docs/analysis.md)."""

from __future__ import annotations

import glob
import itertools
import json
import sys
import weakref
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from journeys import STAGE_KEYS, build, journeys
from strategies import projects

from cxdesigner.analysis import analyze, ces, compare_journeys, csat, format_text, insights, nps, path_metrics
from cxdesigner.analysis import graph as jg
from cxdesigner.analysis.measures import quadrants
from cxdesigner.analysis.outcome import path_cards
from cxdesigner.model import Change, Channel, Connection, Persona, Project, ProjectInfo, jsonformat

ROOT = Path(__file__).resolve().parent.parent


# -- structure (§1) ------------------------------------------------------------------------------


def structure_project() -> Project:
    cards = {
        "a": {"stage": 0},
        "b": {"stage": 1},
        "d": {"stage": 2},  # dead end
        "h": {"stage": 2},  # exit reached only from the entry-less loop
        "e": {"stage": 3},  # isolated
        "f": {"stage": 4},
        "g": {"stage": 4},
        "c": {"stage": 5},  # proper exit in the last stage
    }
    edges = [("a", "b"), ("b", "c"), ("b", "d"), ("f", "g"), ("g", "f"), ("g", "h"), ("g", "c")]
    return build(cards, edges)


def test_entries_exits_dead_ends_unreachable_isolated_loops():
    r = analyze(structure_project(), "j")
    g = r["graph"]
    assert g["entries"] == ["a"]
    assert g["exits"] == ["d", "h", "c"]
    assert g["dead_ends"] == ["d"]
    assert g["unreachable"] == ["h", "f", "g"]
    assert g["isolated"] == ["e"]
    assert g["last_stage"] == "j-st5"
    assert g["loops"] == {"items": [["f", "g"]], "count": 1, "total": 1, "limit": 200, "truncated": False}
    assert g["returns"] == []


def test_a_journey_that_loops_back_to_its_start_still_starts_there():
    # "Book again": the last card leads back to the first, so no card lacks an incoming connection.
    cards = {"a": {"stage": 0}, "b": {"stage": 2}, "c": {"stage": 5}, "side": {"stage": 3}}
    p = build(cards, [("a", "b"), ("b", "c"), ("c", "a"), ("b", "side"), ("side", "b")])
    r = analyze(p, "j", full_paths=True)
    assert r["graph"]["entries"] == ["a"]
    assert r["graph"]["unreachable"] == []
    assert [x["cards"] for x in r["paths"]["items"]] == [["a", "b", "side"], ["a", "b", "c"]]
    # The same loop away from the first stage has no way in: its cards are unreachable.
    loop = {"s": {"stage": 0}, "x": {"stage": 2}, "y": {"stage": 3}, "z": {"stage": 5}}
    p = build(loop, [("x", "y"), ("y", "z"), ("z", "x")])
    assert analyze(p, "j")["graph"]["unreachable"] == ["x", "y", "z"]


def test_last_stage_is_the_last_stage_holding_a_card():
    # Stages 3-5 are empty: b in stage 2 ends the journey, it is no dead end (coverage reports the rest).
    p = build({"a": {"stage": 0}, "x": {"stage": 1}, "b": {"stage": 2}}, [("a", "b"), ("a", "x")])
    r = analyze(p, "j")
    assert r["graph"]["dead_ends"] == ["x"]
    assert r["graph"]["last_stage"] == "j-st2"
    assert r["coverage"]["empty_stages"] == ["j-st3", "j-st4", "j-st5"]


def test_one_loop_per_step_back_from_the_card_returned_to_and_bounded():
    # A complete digraph on 4 cards in 4 stages: each of the six connections to an earlier stage
    # steps back, and the shortest way round is straight there and back.
    cards = {c: {"stage": i} for i, c in enumerate("wxyz")}
    edges = [(s, t) for s in "wxyz" for t in "wxyz" if s != t]
    p = build(cards, edges)
    full = analyze(p, "j", max_cycles=100)["graph"]["loops"]
    assert full["items"] == [["w", "x"], ["w", "y"], ["w", "z"], ["x", "y"], ["x", "z"], ["y", "z"]]
    assert full["count"] == full["total"] == 6 and not full["truncated"]
    cut = analyze(p, "j", max_cycles=5)["graph"]["loops"]
    assert (cut["count"], cut["total"], cut["truncated"], cut["limit"]) == (5, 6, True, 5)
    assert cut["items"] == full["items"][:5]
    assert analyze(p, "j", max_cycles=6)["graph"]["loops"]["truncated"] is False
    truncated = [f for f in insights(p, "j", max_cycles=5) if f["kind"] == "truncated"]
    assert [f["text"] for f in truncated] == ["Only the first 5 of 6 loops are listed"]


# -- paths (§2) ----------------------------------------------------------------------------------


def diamonds(k: int) -> Project:
    """k diamonds in a row: 2**k entry → exit paths."""
    cards: dict[str, dict[str, Any]] = {"n0": {"stage": 0}}
    edges = []
    for i in range(k):
        cards[f"u{i}"] = {"stage": min(5, i + 1)}
        cards[f"l{i}"] = {"stage": min(5, i + 1)}
        cards[f"n{i + 1}"] = {"stage": min(5, i + 1)}
        edges += [(f"n{i}", f"u{i}"), (f"n{i}", f"l{i}"), (f"u{i}", f"n{i + 1}"), (f"l{i}", f"n{i + 1}")]
    return build(cards, edges)


def test_path_count_and_the_bound():
    p = diamonds(3)
    full = analyze(p, "j", full_paths=True)["paths"]
    assert full["count"] == 8 and not full["truncated"] and full["stopped_by"] is None
    assert len({tuple(x["cards"]) for x in full["items"]}) == 8
    assert all(x["cards"][0] == "n0" and x["cards"][-1] == "n3" and x["ends"] == "exit" for x in full["items"])
    exact = analyze(p, "j", max_paths=8)["paths"]
    assert exact["count"] == 8 and not exact["truncated"]
    cut = analyze(p, "j", max_paths=5, full_paths=True)["paths"]
    assert cut["count"] == 5 and cut["truncated"] and cut["stopped_by"] == "paths" and cut["limit"] == 5
    # The first paths follow the journey's order: the upper branch (earlier card) first.
    assert cut["items"][0]["cards"] == ["n0", "u0", "n1", "u1", "n2", "u2", "n3"]
    none = analyze(p, "j", max_paths=0)["paths"]
    assert none["count"] == 0 and none["truncated"]


def test_step_budget_stops_a_maze_of_loops():
    successors = [[1, 2], [2, 0], [1, 0]]
    found = jg.enumerate_paths(successors, [0], max_paths=100, max_steps=3)
    assert found.truncated and found.stopped_by == "steps"


def test_paths_end_at_a_loop_back_when_there_is_no_exit():
    # s → a → b → a: the customer goes round; the path ends at b, where every next step is already taken.
    p = build({"s": {"stage": 0}, "a": {"stage": 1}, "b": {"stage": 2}}, [("s", "a"), ("a", "b"), ("b", "a")])
    items = analyze(p, "j", full_paths=True)["paths"]["items"]
    assert [(x["cards"], x["ends"]) for x in items] == [(["s", "a", "b"], "loop")]


def test_forward_steps_are_tried_before_loop_backs():
    cards = {"s": {"stage": 0}, "a": {"stage": 1}, "b": {"stage": 2}, "x": {"stage": 5}}
    p = build(cards, [("s", "a"), ("a", "b"), ("b", "a"), ("b", "x")])
    items = analyze(p, "j", full_paths=True)["paths"]["items"]
    assert [x["cards"] for x in items] == [["s", "a", "b", "x"]]


def test_dead_end_paths_are_marked():
    items = analyze(structure_project(), "j", full_paths=True)["paths"]["items"]
    assert {tuple(x["cards"]): x["ends"] for x in items} == {("a", "b", "c"): "exit", ("a", "b", "d"): "dead_end"}


def test_peak_end_net_experience_and_mean():
    m = path_metrics(["p1", "p2", "p3", "p4", "p5"], {"p1": 1, "p2": None, "p3": -3, "p4": 2, "p5": -1})
    assert m["emotions"] == [1, None, -3, 2, -1]
    assert m["unrated"] == ["p2"]
    assert m["valley"] == {"card": "p3", "emotion": -3}
    assert m["peak"] == {"card": "p4", "emotion": 2}
    assert m["most_intense"] == {"card": "p3", "emotion": -3}
    assert m["end"] == {"card": "p5", "emotion": -1}
    assert m["peak_end"] == -2.0
    assert (m["net"], m["positive"], m["negative"]) == (0, 2, 2)
    assert m["mean"] == -0.25


def test_most_intense_tie_takes_the_more_negative_and_end_skips_unrated_steps():
    m = path_metrics(["a", "b", "c"], {"a": 2, "b": -2, "c": 2})
    assert m["most_intense"] == {"card": "b", "emotion": -2}
    assert m["peak_end"] == 0.0
    m = path_metrics(["a", "b"], {"a": 3, "b": -3})
    assert m["most_intense"]["emotion"] == -3 and m["peak_end"] == -3.0
    m = path_metrics(["a", "b", "c"], {"a": 1, "b": -2, "c": None})
    assert m["end"] == {"card": "b", "emotion": -2}
    assert m["net"] == 0


@given(st.lists(st.one_of(st.none(), st.integers(-3, 3)), max_size=12))
def test_path_metrics_follow_their_definitions(emotions):
    cards = [f"c{i}" for i in range(len(emotions))]
    m = path_metrics(cards, dict(zip(cards, emotions)))
    rated = [(c, e) for c, e in zip(cards, emotions) if e is not None]
    assert m["emotions"] == emotions and m["unrated"] == [c for c, e in zip(cards, emotions) if e is None]
    if not rated:
        assert m["peak_end"] is None and m["net"] == 0
        return
    values = [e for _, e in rated]
    first = {e: c for c, e in reversed(rated)}  # each value's first card
    intense = max(values, key=lambda e: (abs(e), -e))
    assert m["valley"] == {"card": first[min(values)], "emotion": min(values)}
    assert m["peak"] == {"card": first[max(values)], "emotion": max(values)}
    assert m["most_intense"] == {"card": first[intense], "emotion": intense}
    assert m["end"] == {"card": rated[-1][0], "emotion": rated[-1][1]}
    assert m["peak_end"] == (intense + rated[-1][1]) / 2
    assert m["net"] == sum(e > 0 for e in values) - sum(e < 0 for e in values)
    assert m["mean"] == sum(values) / len(values)


def test_path_without_emotions():
    m = path_metrics(["a", "b"], {"a": None, "b": None})
    assert m["peak_end"] is None and m["mean"] is None and m["valley"] is None
    assert m["net"] == 0 and m["unrated"] == ["a", "b"]


def test_worst_path_has_the_lowest_peak_end():
    cards = {
        "s": {"stage": 0, "emotion": 1},
        "good": {"stage": 1, "emotion": 2},
        "bad": {"stage": 1, "emotion": -3},
        "e": {"stage": 5, "emotion": 0},
    }
    p = build(cards, [("s", "good"), ("s", "bad"), ("good", "e"), ("bad", "e")])
    r = analyze(p, "j", full_paths=True)["paths"]
    worst = r["items"][r["worst"]]
    assert worst["cards"] == ["s", "bad", "e"]
    assert worst["peak_end"] == -1.5


# -- critical touchpoints (§3) ----------------------------------------------------------------------


def test_priority_score_on_a_known_chain():
    cards = {
        "a": {"stage": 0, "emotion": -3, "importance": 5, "satisfaction": 1},
        "b": {"stage": 1, "emotion": 0},
        "c": {"stage": 5, "emotion": 3},
    }
    r = analyze(build(cards, [("a", "b"), ("b", "c")]), "j")
    crit = r["critical"]
    assert crit["path_share_method"] == "enumerated"
    assert crit["betweenness"] == {"method": "exact", "k": None, "seed": None}
    # a is on every path (share 1), never between two cards (centrality 0), pain 1, gap pressure 1.
    assert crit["items"] == [{
        "card": "a",
        "path_share": 1.0,
        "betweenness": 0.0,
        "centrality": 0.0,
        "pain": 1.0,
        "gap_pressure": 1.0,
        "priority": 50.0,
    }]


def test_truncated_paths_switch_to_counted_share():
    p = diamonds(4)  # 16 paths
    full = analyze(p, "j")["critical"]
    cut = analyze(p, "j", max_paths=3)["critical"]
    assert full["path_share_method"] == "enumerated" and cut["path_share_method"] == "counted"
    # Same journey without loops: counting gives the exact share the full enumeration gave.
    share = {c["card"]: c["path_share"] for c in cut["items"]}
    assert share == {c["card"]: c["path_share"] for c in full["items"]}


# -- gaps and quadrants (§4, §5) ----------------------------------------------------------------------


def gap_project() -> Project:
    cards = {
        "c": {"importance": 2, "satisfaction": 1},  # gap 1, weighted 2
        "a": {"importance": 5, "satisfaction": 2},  # gap 3, weighted 15
        "b": {"importance": 4, "satisfaction": 1},  # gap 3, weighted 12
        "g": {"importance": 5, "satisfaction": 3},  # gap 2, weighted 10
        "h": {"importance": 3, "satisfaction": 1},  # gap 2, weighted 6
        "d": {"importance": 5, "satisfaction": 5},  # gap 0
        "e": {"importance": 3, "satisfaction": 5},  # gap -2, weighted -6
        "e1": {"importance": 1, "satisfaction": 3},  # gap -2, weighted -2
        "f": {"importance": None, "satisfaction": 3},
    }
    return build(cards)


def test_gap_ranking_weighted_by_importance():
    result = analyze(gap_project(), "j")
    gaps = result["gaps"]
    rows = {c["id"]: c for c in result["cards"]}
    # Format 5 ranks card ids; the card rows hold the gap, and the weighted gap is importance × gap.
    assert [(v, rows[v]["gap"], rows[v]["importance"] * rows[v]["gap"], rank)
            for rank, v in enumerate(gaps["items"], start=1)] == [
        ("a", 3, 15, 1),
        ("b", 3, 12, 2),
        ("g", 2, 10, 3),
        ("h", 2, 6, 4),
        ("c", 1, 2, 5),
        ("d", 0, 0, 6),
        ("e1", -2, -2, 7),
        ("e", -2, -6, 8),
    ]
    assert gaps["unrated"] == ["f"]



def test_card_rows_are_plain_dicts_that_share_their_keys():
    rows = analyze(gap_project(), "j")["cards"]
    assert len(rows) > 1
    for row in rows:
        assert type(row) is dict
        assert list(row) == ["id", "title", "stage_id", "lane_id", "channel", "emotion", "importance",
                             "satisfaction", "gap", "moment_of_truth", "votes"]
        # One table of keys for every row (PEP 412), each row holding only its values: smaller than the
        # same dict made afresh, which has a table of its own (the memory a 20,000-card map's rows take).
        fresh = {key: value for key, value in row.items()}
        assert row == fresh
        assert sys.getsizeof(row) < sys.getsizeof(fresh)
        assert json.dumps(row) == json.dumps(fresh)


def test_the_graph_is_freed_before_the_card_rows_are_made(monkeypatch):
    # The card rows and the cards' sections reuse the memory of the graph and its searches instead of
    # asking the kernel for fresh pages: the graph must have been made and be gone when a row is made.
    from cxdesigner.analysis import report

    made: list[weakref.ref[jg.JourneyGraph]] = []
    of = jg.JourneyGraph.of.__func__

    def recording_of(cls: type[jg.JourneyGraph], *args: Any, **kwargs: Any) -> jg.JourneyGraph:
        graph = of(cls, *args, **kwargs)
        made.append(weakref.ref(graph))
        return graph

    at_rows: list[tuple[bool, bool]] = []  # (the graph made, the graph alive) as each row is made

    class Row(report._CardRow):
        def __init__(self, *args: Any) -> None:
            at_rows.append((bool(made), any(ref() is not None for ref in made)))
            super().__init__(*args)

    monkeypatch.setattr(jg.JourneyGraph, "of", classmethod(recording_of))
    monkeypatch.setattr(report, "_CardRow", Row)
    result = analyze(structure_project(), "j")
    assert len(at_rows) == len(result["cards"]) > 0
    assert set(at_rows) == {(True, False)}

QUADRANT_CARDS = {
    "p": {"importance": 5, "satisfaction": 1},
    "q": {"importance": 5, "satisfaction": 5},
    "r": {"importance": 2, "satisfaction": 2},
    "s": {"importance": 2, "satisfaction": 4},
    "t": {"importance": 4, "satisfaction": 4},
    "u": {"importance": 3, "satisfaction": 3},
    "v": {"importance": 4, "satisfaction": 3},
    "w": {"importance": None, "satisfaction": 2},
}


def test_quadrants_with_the_crosshair_at_the_means():
    q = analyze(build(QUADRANT_CARDS), "j")["quadrants"]
    assert q["crosshair"] == "mean"
    assert q["satisfaction"] == pytest.approx(22 / 7) and q["importance"] == pytest.approx(25 / 7)
    assert q["items"] == {
        "concentrate": ["p", "v"],
        "keep_up": ["q", "t"],
        "low_priority": ["r", "u"],
        "overkill": ["s"],
    }
    assert q["labels"]["concentrate"] == "Concentrate here"


def test_quadrants_with_the_crosshair_at_the_midpoint():
    q = analyze(build(QUADRANT_CARDS), "j", crosshair="midpoint", lang="es")["quadrants"]
    assert (q["crosshair"], q["satisfaction"], q["importance"]) == ("midpoint", 3.0, 3.0)
    # u (3, 3) sits on both lines: importance counts as high, satisfaction 3 is not below 3.
    assert q["items"] == {
        "concentrate": ["p"],
        "keep_up": ["q", "t", "u", "v"],
        "low_priority": ["r"],
        "overkill": ["s"],
    }
    assert q["labels"] == {
        "concentrate": "Concentrarse aquí",
        "keep_up": "Mantener el buen trabajo",
        "low_priority": "Baja prioridad",
        "overkill": "Posible exceso",
    }


def test_quadrants_on_the_line_count_as_high_and_empty_data():
    p = build({"x": {"importance": 3, "satisfaction": 2}})
    assert quadrants(p.touchpoints("j"), "midpoint")["items"]["concentrate"] == ["x"]
    empty = quadrants([], "mean")
    assert empty["satisfaction"] is None and all(v == [] for v in empty["items"].values())
    with pytest.raises(ValueError, match="crosshair"):
        analyze(p, "j", crosshair="median")


# -- coverage (§7) ------------------------------------------------------------------------------------


def test_coverage_matrix_gaps_and_moments_of_truth():
    p = Project()
    p.load(ProjectInfo(), [Channel("kiosk", name="Kiosk $}$")])
    cards = {
        "a": {"stage": 0, "channel": "web"},
        "b": {"stage": 0, "channel": "phone"},
        "c": {"stage": 1, "channel": "web", "moment_of_truth": True, "emotion": -2},
        "d": {"stage": 2, "channel": "kiosk", "moment_of_truth": True},
        "e": {"stage": 2},
    }
    build(cards, project=p)
    cov = analyze(p, "j")["coverage"]
    assert [c["key"] for c in cov["channels"]] == ["phone", "web", "kiosk", ""]
    assert [c["name"] for c in cov["channels"]] == ["Phone", "E-commerce / web", "Kiosk $}$", "(no channel)"]
    assert cov["matrix"][:3] == [[1, 1, 0, 0], [0, 1, 0, 0], [0, 0, 1, 1]]
    assert cov["matrix"][3:] == [[0, 0, 0, 0]] * 3
    assert cov["empty_stages"] == ["j-st3", "j-st4", "j-st5"]
    assert cov["empty_phases"] == ["after"]
    assert cov["nothing_after_purchase"] is True
    assert cov["moments_of_truth"] == [{"card": "c", "emotion": -2}, {"card": "d", "emotion": None}]
    assert cov["negative_moments"] == ["c"]


def test_something_after_the_purchase_and_an_empty_journey():
    p = build({"a": {"stage": 0}, "z": {"stage": 3}})
    cov = analyze(p, "j")["coverage"]
    assert cov["nothing_after_purchase"] is False and cov["empty_phases"] == ["during"]
    empty = analyze(build({}), "j")
    assert empty["coverage"]["nothing_after_purchase"] is False
    assert empty["paths"]["count"] == 0
    assert [f["kind"] for f in empty["insights"]] == ["empty_stage"] * 6


# -- survey measures (§8) ------------------------------------------------------------------------------


def test_nps_reference_value():
    scores = [9, 10, 9] + [7, 8, 7, 8, 7] + [0, 6]
    r = nps(scores)
    assert r == {"n": 10, "value": 10.0, "promoters": 30.0, "passives": 50.0, "detractors": 20.0}
    assert nps([]) is None


def test_csat_reference_value():
    scores = [5] * 42 + [4] * 32 + [3] * 10 + [2] * 9 + [1] * 14
    r = csat(scores)
    assert r["n"] == 107 and r["value"] == pytest.approx(100 * 74 / 107) and round(r["value"]) == 69


def test_ces_mean():
    assert ces([1, 7, 4]) == {"n": 3, "value": 4.0}
    assert ces([]) is None


def test_survey_from_raw_responses_per_card_and_journey():
    responses = [("a", "nps", s) for s in [9, 10, 9, 7, 8, 7, 8, 7, 0, 6]]
    responses += [("b", "csat", 5), ("b", "csat", 3), ("a", "ces", 2), ("b", "ces", 6), ("b", "emotion", -3)]
    p = build({"a": {"stage": 0}, "b": {"stage": 1}}, responses=responses)
    survey = analyze(p, "j")["survey"]
    assert survey["journey"]["nps"]["value"] == 10.0
    assert survey["journey"]["csat"] == {"n": 2, "value": 50.0}
    assert survey["journey"]["ces"] == {"n": 2, "value": 4.0}
    assert survey["journey"]["emotion"] == {"n": 1, "value": -3.0}
    assert list(survey["cards"]) == ["a", "b"]
    assert set(survey["cards"]["a"]) == {"nps", "ces"}


# -- emotion by stage and persona comparison (§6, §9) -----------------------------------------------------


def test_emotion_summary_by_stage():
    cards = {
        "a": {"stage": 0, "emotion": 2, "importance": 4, "satisfaction": 2},
        "b": {"stage": 0, "emotion": -1, "importance": 3, "satisfaction": 3},
        "c": {"stage": 1},
    }
    em = analyze(build(cards), "j")["emotion"]
    assert em["journey"] == {"count": 3, "rated": 2, "positive": 1, "negative": 1, "net": 0, "mean": 0.5,
                             "mean_gap": 1.0}
    assert em["stages"][0]["stage"] == "j-st0" and em["stages"][0]["net"] == 0
    assert em["stages"][1] == {"stage": "j-st1", "count": 1, "rated": 0, "positive": 0, "negative": 0, "net": 0,
                               "mean": None, "mean_gap": None}


def test_compare_journeys_matches_stages_by_key_then_name():
    p = Project()
    p.load(ProjectInfo(), [Persona("ps", name="Ana")])
    build({"a1": {"stage": 0, "emotion": 2}, "a2": {"stage": 1, "emotion": -2, "importance": 5, "satisfaction": 1}},
          stages=["awareness", "Checkout "], project=p, journey="ja")
    build({"b1": {"stage": 0, "emotion": -1}, "b2": {"stage": 1, "emotion": 1}, "b3": {"stage": 2, "emotion": 3}},
          stages=["checkout", "awareness", "Extra"], project=p, journey="jb")
    p.apply([Change("journey", "ja", p.get("journey", "ja"), p.get("journey", "ja").evolve(persona_id="ps"))])
    cmp = compare_journeys(p, "ja", "jb")
    assert cmp["a"]["persona"] == "Ana" and cmp["b"]["persona"] is None
    assert [r["label"] for r in cmp["stages"]] == ["Awareness", "Checkout ", "Extra"]
    aw, co, extra = cmp["stages"]
    assert (aw["a"]["mean"], aw["b"]["mean"]) == (2.0, 1.0)
    assert (co["a"]["mean"], co["b"]["mean"]) == (-2.0, -1.0)
    assert co["a"]["mean_gap"] == 4.0
    assert extra["a"] is None and extra["b"]["count"] == 1
    assert cmp["a"]["totals"]["net"] == 0 and cmp["b"]["totals"]["net"] == 1


# -- insights (§10) ---------------------------------------------------------------------------------------


def insight_project() -> Project:
    cards = {
        "start": {"stage": 0, "title": "Sees an ad", "emotion": 1},
        "call": {"stage": 1, "title": "Calls the hotline", "emotion": -3, "importance": 5, "satisfaction": 2},
        "hold": {"stage": 1, "title": "On hold", "emotion": -1},
        "drop": {"stage": 1, "title": "Gives up", "emotion": -2},
        "buy": {"stage": 2, "title": "Buys", "emotion": 2},
    }
    edges = [("start", "call"), ("call", "hold"), ("hold", "call"), ("call", "drop"), ("call", "buy")]
    return build(cards, edges, stages=STAGE_KEYS[:3])


def test_insights_in_english_most_severe_first():
    found = insights(insight_project(), "j")
    texts = [f["text"] for f in found]
    severities = [f["severity"] for f in found]
    assert severities == sorted(severities, reverse=True)
    by_kind = {f["kind"]: f for f in found}
    assert by_kind["nothing_after_purchase"]["text"].startswith("Nothing after the purchase")
    assert by_kind["nothing_after_purchase"]["card_ids"] == ["buy"]
    assert by_kind["dead_end"]["text"].startswith("Dead end: “Gives up”")
    assert by_kind["dead_end"]["card_ids"] == ["drop"]
    assert by_kind["largest_gap"]["text"] == "Largest gap: “Calls the hotline” (importance 5, satisfaction 2)"
    assert by_kind["largest_gap"]["card_ids"] == ["call"]
    valley = by_kind["path_valley"]
    assert valley["text"].startswith("Path 1 falls to −3 at “Calls the hotline”")
    assert valley["card_ids"] == ["call"] and valley["path"][0] == "start" and valley["path_index"] == 0
    assert by_kind["loop"]["text"] == (
        "Loop: “Calls the hotline” → “On hold” → “Calls the hotline” (the step back is not marked “Loop back”)"
    )
    assert by_kind["loop"]["card_ids"] == ["call", "hold"]
    assert texts.index(by_kind["dead_end"]["text"]) < texts.index(by_kind["loop"]["text"])
    assert found[0]["severity"] == 3


def test_insights_in_spanish():
    by_kind = {f["kind"]: f for f in insights(insight_project(), "j", lang="es")}
    assert by_kind["nothing_after_purchase"]["text"].startswith("Nada después de la compra")
    assert by_kind["dead_end"]["text"].startswith("Callejón sin salida: «Gives up»")
    assert by_kind["largest_gap"]["text"] == "Mayor brecha: «Calls the hotline» (importancia 5, satisfacción 2)"
    assert by_kind["path_valley"]["text"].startswith("El recorrido 1 cae a −3 en «Calls the hotline»")
    assert by_kind["loop"]["text"].startswith("Bucle: ")
    assert by_kind["loop"]["text"].endswith("(la vuelta no está marcada como «Vuelta atrás»)")


def test_many_findings_of_one_kind_are_grouped():
    cards = {"s": {"stage": 0}, "z": {"stage": 5}}
    cards |= {f"d{i:02}": {"stage": 1} for i in range(13)}
    edges = [("s", "z")] + [("s", f"d{i:02}") for i in range(13)]
    dead = [f for f in insights(build(cards, edges), "j") if f["kind"] == "dead_end"]
    assert len(dead) == 11
    assert dead[-1]["text"] == "… and 3 more: dead ends"
    assert dead[-1]["card_ids"] == ["d10", "d11", "d12"]


def test_gaps_past_the_listed_are_grouped_with_every_card_in_rank_order():
    # Past the ten listed, gaps join the grouped finding without a finding each: the same
    # count, cards in gap rank order and the lowest severity (gap 2 is severity 2, 3 and 4 are 3).
    cards = {f"g{i:02}": {"stage": 1, "importance": 5, "satisfaction": 1 + i % 3} for i in range(16)}
    cards["low"] = {"stage": 1, "importance": 3, "satisfaction": 2}  # gap 1: no finding past the largest
    p = build(cards, [(f"g{i:02}", f"g{i + 1:02}") for i in range(15)])
    result = analyze(p, "j")
    rows = {c["id"]: c for c in result["cards"]}
    ranked = [v for v in result["gaps"]["items"] if rows[v]["gap"] >= 2]
    gaps = [f for f in result["insights"] if f["kind"] == "gap"]
    assert [f["card_ids"] for f in gaps[:10]] == [[v] for v in ranked[1:11]]
    assert gaps[-1]["text"] == "… and 5 more: gaps"
    assert gaps[-1]["card_ids"] == ranked[11:]
    assert gaps[-1]["severity"] == 2 and len(gaps) == 11


def test_finding_texts_keep_titles_on_one_short_line():
    p = build({"a": {"stage": 0, "title": "line\nbreak $}$ " + "x" * 10_000}, "b": {"stage": 1}}, [("a", "b")])
    for f in insights(p, "j"):
        assert "\n" not in f["text"] and len(f["text"]) < 400


# -- whole results ---------------------------------------------------------------------------------------


def test_the_critical_listing_limit_changes_no_finding():
    # max_critical cuts the listed critical steps (format 5) after the findings are made from them.
    p = insight_project()
    full = analyze(p, "j")
    none = analyze(p, "j", max_critical=0)
    assert any(f["kind"] == "critical" for f in full["insights"]) and none["insights"] == full["insights"]
    assert none["critical"]["items"] == [] and none["critical"]["truncated"]
    assert none["critical"]["count"] == full["critical"]["count"] == len(full["critical"]["items"]) > 0


@settings(max_examples=100)
@given(st.lists(st.tuples(
    st.none() | st.integers(-3, 3),
    st.none() | st.sampled_from([-2, -0.0, 0, 0.0, 1, 1.0, 1.5, 2, 2.0, 4]),
    st.integers(0, 3),
    st.floats(0, 1),
    st.floats(0, 1),
), max_size=30))
def test_critical_steps_are_priority_of_each_card(cards):
    # _critical works each (emotion, gap, dots) out once for all the cards that share it: equal
    # numbers of either type (1 and 1.0, 0 and -0.0) must give the very floats priority() gives.
    from cxdesigner.analysis import measures as m
    from cxdesigner.analysis.report import _critical

    emotions, gaps, votes, share, between = (list(c) for c in zip(*cards)) if cards else ([],) * 5
    ids = [f"c{i}" for i in range(len(cards))]
    items, count = _critical(ids, share, between, emotions, gaps, votes, None)
    top, most = max(between, default=0.0), max(votes, default=0)
    expected = []
    for v, cid in enumerate(ids):
        centrality = between[v] / top if top > 0 else 0.0
        parts = m.priority(share[v], centrality, emotions[v], gaps[v], votes[v] / most if most else None)
        if parts["priority"] > 0:
            expected.append({"card": cid, "path_share": share[v], "betweenness": between[v],
                             "centrality": centrality, **parts})
    expected.sort(key=lambda item: item["priority"], reverse=True)
    assert count == len(expected)
    assert json.dumps(items) == json.dumps(expected)  # the same floats, to the last digit


def test_result_is_json_names_settings_and_formulas():
    r = analyze(structure_project(), "j", max_paths=7, max_cycles=3, crosshair="midpoint", lang="es")
    assert r["format"] == "cxdesigner-analysis" and r["version"] == 5
    assert r["settings"] == {"max_paths": 7, "max_cycles": 3, "crosshair": "midpoint", "lang": "es",
                             "full_paths": False, "max_critical": 1000}
    for key in ("peak_end", "net", "priority", "nps", "csat", "ces", "gap", "weighted_gap", "path_share"):
        assert key in r["formulas"]
    assert json.loads(json.dumps(r, allow_nan=False)) == r


@pytest.mark.parametrize("bad", [{"max_paths": -1}, {"max_cycles": 1.5}, {"max_paths": True}, {"max_critical": -1},
                                 {"max_critical": 2.0}])
def test_bad_settings_are_refused(bad):
    with pytest.raises(ValueError):
        analyze(structure_project(), "j", **bad)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_format_text_reads_well(lang):
    p = insight_project()
    text = format_text(analyze(p, "j", lang=lang))
    assert ("“Calls the hotline”" if lang == "en" else "«Calls the hotline»") in text
    heads = ("Findings", "Structure", "Paths", "Coverage") if lang == "en" else (
        "Hallazgos", "Estructura", "Recorridos", "Cobertura")
    for head in heads:
        assert f"\n{head}" in text


def test_templates_analyse_cleanly():
    files = sorted(glob.glob(str(ROOT / "resources" / "templates" / "*.json")))
    for path in files:
        project = jsonformat.loads(Path(path).read_text(encoding="utf-8"))
        for j in project.journeys():
            r = analyze(project, j.id, lang=project.info.lang)
            json.dumps(r, allow_nan=False)
            assert r["paths"]["count"] > 0
            assert format_text(r)


# -- properties -------------------------------------------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=60)
@given(journeys(), st.data())
def test_connecting_a_dead_end_removes_it_and_adds_no_unreachable_card(project, data):
    before = analyze(project, "j")["graph"]
    assume(before["dead_ends"])
    dead = data.draw(st.sampled_from(before["dead_ends"]))
    existing = {(c.source_id, c.target_id) for c in project.connections("j")}
    # Onwards only: a card the dead end is reached from would close a loop (docs §1 explains why).
    ancestors = nx.ancestors(nx.DiGraph(list(existing)), dead)
    targets = [
        tp.id for tp in project.touchpoints("j")
        if tp.id != dead and (dead, tp.id) not in existing and tp.id not in ancestors
    ]
    assume(targets)
    target = data.draw(st.sampled_from(targets))
    project.apply([Change("connection", "new", None, Connection("new", "j", dead, target))])
    after = analyze(project, "j")["graph"]
    assert dead not in after["dead_ends"]
    assert set(after["unreachable"]) <= set(before["unreachable"])


@settings(max_examples=60)
@given(journeys(), st.integers(0, 6))
def test_paths_are_simple_start_at_entries_and_respect_the_bound(project, max_paths):
    r = analyze(project, "j", max_paths=max_paths, full_paths=True)
    entries = set(r["graph"]["entries"])
    returns = {tuple(e) for e in r["graph"]["returns"]}
    flow = {(c.source_id, c.target_id) for c in project.connections("j")} - returns
    items = r["paths"]["items"]
    assert len(items) <= max_paths
    for p in items:
        cards = p["cards"]
        assert cards[0] in entries and len(set(cards)) == len(cards)
        assert all((a, b) in flow for a, b in itertools.pairwise(cards))
        onward = {b for a, b in flow if a == cards[-1]}
        assert onward <= set(cards)  # maximal: nowhere new to go along the flow
        assert p["ends"] != "return" or any(a == cards[-1] for a, _ in returns)
    shares = [c["path_share"] for c in r["critical"]["items"]]
    assert all(0.0 <= s <= 1.0 for s in shares)


@settings(max_examples=60)
@given(journeys(), st.integers(0, 6))
def test_each_path_told_by_its_new_cards_is_the_full_path_with_its_measures(project, max_paths):
    full = analyze(project, "j", max_paths=max_paths, full_paths=True)["paths"]
    compact = analyze(project, "j", max_paths=max_paths)["paths"]
    emotion = {tp.id: tp.emotion for tp in project.touchpoints("j")}
    assert (compact["count"], compact["worst"]) == (full["count"], full["worst"])
    for i, (c, f) in enumerate(zip(compact["items"], full["items"], strict=True)):
        cards = f["cards"]
        assert path_cards(compact, i) == cards == path_cards(full, i)
        assert c == {k: v for k, v in f.items() if k not in ("cards", "emotions", "unrated")}
        assert (c["first"], c["last"], c["length"]) == (cards[0], cards[-1], len(cards))
        assert c["rated"] == len(cards) - len(f["unrated"]) and c["tail"]
        # The shared part is exactly what the path has in common with the one before.
        before = full["items"][i - 1]["cards"] if i else []
        common = next((k for k, (a, b) in enumerate(zip(cards, before)) if a != b), min(len(cards), len(before)))
        assert c["prefix"] == common and cards[c["prefix"]:] == c["tail"]
        metrics = path_metrics(cards, emotion)
        assert {k: f[k] for k in metrics} == metrics


@settings(max_examples=30)
@given(projects(max_journeys=2, max_cards=8))
def test_any_project_analyses_to_json_deterministically(project):
    for j in project.journeys():
        first = analyze(project, j.id, max_paths=50, max_cycles=20)
        assert json.dumps(first, allow_nan=False) == json.dumps(analyze(project, j.id, max_paths=50, max_cycles=20))
        assert format_text(first, "es")


class AsRated:
    """A card with the scores the analysis decides for it (its answers' means where it has any)."""

    def __init__(self, tp: Any, scores: dict[str, float]) -> None:
        self._tp = tp
        self.importance = scores.get("importance", tp.importance)
        self.satisfaction = scores.get("satisfaction", tp.satisfaction)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._tp, name)

    @property
    def gap(self) -> float | None:
        if self.importance is None or self.satisfaction is None:
            return None
        return self.importance - self.satisfaction


@settings(max_examples=60)
@given(projects(max_journeys=2, max_cards=25), st.sampled_from(["mean", "midpoint"]))
def test_the_measures_read_from_columns_are_the_measures_of_the_cards(project, crosshair):
    # analyze() reads each card's fields once and works on the columns; the public measures
    # over the cards themselves are the definition, and each section must equal them exactly.
    from cxdesigner.analysis import measures as m
    from cxdesigner.analysis.report import answered_scores, coverage

    for j in project.journeys():
        # A card's importance and satisfaction are its answers' where it has any (answered_scores).
        answered = answered_scores(project, [tp.id for tp in project.touchpoints(j.id)])
        cards = [AsRated(tp, answered.get(tp.id, {})) for tp in project.touchpoints(j.id)]
        r = analyze(project, j.id, crosshair=crosshair)
        # Read in the model's order and sorted by the analysis itself: the journey order of touchpoints().
        assert [(c["id"], c["title"], c["stage_id"], c["lane_id"]) for c in r["cards"]] == [
            (tp.id, tp.title, tp.stage_id, tp.lane_id) for tp in project.touchpoints(j.id)
        ]
        assert project.shown_dots(tp.id for tp in cards) == [project.shown_votes(tp.id) for tp in cards]
        assert [c["votes"] for c in r["cards"]] == [project.shown_votes(tp.id) for tp in cards]
        assert (r["gaps"]["items"], r["gaps"]["unrated"]) == m.gap_ranking(cards)
        assert {k: v for k, v in r["quadrants"].items() if k != "labels"} == m.quadrants(cards, crosshair)
        assert r["emotion"]["journey"] == m.emotion_summary(cards)
        assert r["emotion"]["stages"] == [
            {"stage": s.id, **m.emotion_summary([tp for tp in cards if tp.stage_id == s.id])}
            for s in project.stages(j.id)
        ]
        assert r["coverage"] == coverage(project, j.id)
        # Critical: priority() of every card, those above 0, highest first (ties in journey order).
        g = jg.JourneyGraph.of([tp.id for tp in cards], [(c.source_id, c.target_id, c.kind)
                                                         for c in project.connections(j.id)])
        every = jg.betweenness(g)[0]
        between = dict(zip(g.ids, every, strict=True))
        top = max(every, default=0.0)
        most = max([project.shown_votes(tp.id) for tp in cards], default=0)
        for item in r["critical"]["items"]:
            tp = next(c for c in cards if c.id == item["card"])
            voted = project.shown_votes(tp.id) / most if most else None
            assert item == {
                "card": tp.id,
                "path_share": item["path_share"],
                "betweenness": between[tp.id],
                "centrality": item["centrality"],
                **m.priority(item["path_share"], item["centrality"], tp.emotion, tp.gap, voted),
            }
            assert item["centrality"] == (between[tp.id] / top if top > 0 else 0.0)
        priorities = [c["priority"] for c in r["critical"]["items"]]
        assert priorities == sorted(priorities, reverse=True) and all(p > 0 for p in priorities)
        # At most 25 cards: the default limit lists them all; a limit lists the first of the same list.
        assert r["critical"]["count"] == len(priorities) and not r["critical"]["truncated"]
        assert analyze(project, j.id, crosshair=crosshair, max_critical=None)["critical"] == {
            **r["critical"], "limit": None}
        cut = analyze(project, j.id, crosshair=crosshair, max_critical=2)["critical"]
        assert cut["items"] == r["critical"]["items"][:2] and cut["count"] == len(priorities)
        assert cut["truncated"] == (len(priorities) > 2)


def test_a_rooms_ratings_decide_the_largest_gap_everywhere():
    """Insights, the text report, the report's gap table and the charts read one step's scores from one
    place: a room's ratings (responses tagged with its session) stand for the card's own fields."""
    from cxdesigner.charts import figures
    from cxdesigner.exchange.report_sections import gap_blocks
    from cxdesigner.model import Response

    p = insight_project()
    # The room rates "Buys" (no scores of its own) 5 and 1, 5 and 2: mean gap 3.5, weighted 17.5,
    # above the card "call"'s own 5 − 2 (15). Its own satisfaction 2 of "call" is outvoted by the room's 4.
    answers = [("buy", "importance", 5), ("buy", "satisfaction", 1), ("buy", "importance", 5),
               ("buy", "satisfaction", 2), ("call", "satisfaction", 4)]
    rows = [Response(id=f"rs-{i}", touchpoint_id=v, measure=m, score=s, source="room:rm-1")
            for i, (v, m, s) in enumerate(answers)]
    p.apply([Change("response", r.id, None, r) for r in rows])
    result = analyze(p, "j", max_paths=0, max_cycles=0)
    assert result["gaps"]["items"][0] == "buy"
    rows = {c["id"]: c for c in result["cards"]}
    top, call = rows["buy"], rows["call"]
    assert (top["importance"], top["satisfaction"], top["gap"], top["importance"] * top["gap"]) == (5, 1.5, 3.5, 17.5)
    assert (call["importance"], call["satisfaction"], call["gap"]) == (5, 4, 1)
    by_kind = {f["kind"]: f for f in insights(p, "j")}
    assert by_kind["largest_gap"]["text"] == "Largest gap: “Buys” (importance 5, satisfaction 1.5)"
    assert by_kind["largest_gap"]["card_ids"] == ["buy"]
    es = {f["kind"]: f for f in insights(p, "j", lang="es")}
    assert es["largest_gap"]["text"] == "Mayor brecha: «Buys» (importancia 5, satisfacción 1,5)"
    text = format_text(result)
    assert "1. “Buys”: importance 5, satisfaction 1.5, gap +3.5" in text
    table = " ".join(str(b) for b in gap_blocks(p, "j", result, "en"))
    assert table.index("Buys") < table.index("Calls the hotline")
    assert [g["id"] for g in figures.gaps_by_responses(p, result)] == result["gaps"]["items"]
    quad_rows, answered = figures.rated_by_responses(p, result["cards"])
    assert answered
    assert {r["id"]: (r["importance"], r["satisfaction"]) for r in quad_rows}["buy"] == (5, 1.5)
    assert result["quadrants"]["items"]["concentrate"] == ["buy"]


def test_answers_of_other_measures_leave_the_cards_own_scores():
    from cxdesigner.model import Response

    p = insight_project()
    p.apply([Change("response", "rs-1", None,
                    Response(id="rs-1", touchpoint_id="call", measure="csat", score=1, source="room:rm-1"))])
    by_kind = {f["kind"]: f for f in insights(p, "j")}
    assert by_kind["largest_gap"]["text"] == "Largest gap: “Calls the hotline” (importance 5, satisfaction 2)"


@settings(max_examples=60)
@given(journeys())
def test_each_paths_summary_is_path_metrics_of_its_cards(project):
    # path_summaries walks card numbers and shared prefixes; path_metrics reads a whole path by id.
    r = analyze(project, "j", full_paths=True)
    emotion = {c["id"]: c["emotion"] for c in r["cards"]}
    for item in r["paths"]["items"]:
        want = path_metrics(item["cards"], emotion)
        assert item["length"] == len(item["cards"]) and item["rated"] == len(item["cards"]) - len(item["unrated"])
        for key in ("valley", "peak", "most_intense", "end", "peak_end", "net", "positive", "negative", "mean"):
            assert item[key] == want[key], key
