"""Connection kinds in the analysis, and the same result whatever ids a journey carries (docs/analysis.md §1-3)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from journeys import STAGE_KEYS, build, journey_content

from cxdesigner.analysis import analyze, format_text
from cxdesigner.model import Project, jsonformat
from cxdesigner.resources import template_names

ROOT = Path(__file__).resolve().parent.parent


def share_of(result: dict[str, Any]) -> dict[str, float]:
    return {c["card"]: c["path_share"] for c in result["critical"]["items"]}


def kinds_found(result: dict[str, Any]) -> list[str]:
    return [f["kind"] for f in result["insights"]]


LINE = {"a": {"stage": 0}, "b": {"stage": 1}, "c": {"stage": 2}, "d": {"stage": 5}}


def test_a_marked_loop_back_is_an_intended_return_not_a_loop():
    r = analyze(build(LINE, [("a", "b"), ("b", "c"), ("c", "d"), ("c", "b", "loop_back")]), "j", full_paths=True)
    assert r["graph"]["returns"] == [["c", "b"]]
    assert r["graph"]["loops"] == {"items": [], "count": 0, "total": 0, "limit": 200, "truncated": False}
    assert "loop" not in kinds_found(r)
    assert [(p["cards"], p["ends"]) for p in r["paths"]["items"]] == [(["a", "b", "c", "d"], "exit")]
    assert r["graph"]["entries"] == ["a"] and r["graph"]["exits"] == ["d"]
    # The same step back unmarked is a loop to look at, and the finding says how to mark it.
    r = analyze(build(LINE, [("a", "b"), ("b", "c"), ("c", "d"), ("c", "b")]), "j", full_paths=True)
    assert r["graph"]["returns"] == [] and r["graph"]["loops"]["items"] == [["b", "c"]]
    loop = next(f for f in r["insights"] if f["kind"] == "loop")
    assert loop["text"] == "Loop: “B” → “C” → “B” (the step back is not marked “Loop back”)"
    assert loop["card_ids"] == ["b", "c"]


@pytest.mark.parametrize("kind", ["loop_back", "normal"])
def test_a_loop_back_does_not_make_the_step_it_returns_to_critical(kind):
    # Two ways from s to e; after e customers may come back to x.
    cards = {
        "s": {"stage": 0},
        "x": {"stage": 1, "emotion": -3, "importance": 5, "satisfaction": 1},
        "y": {"stage": 1, "lane": 1},
        "e": {"stage": 5},
    }
    p = build(cards, [("s", "x"), ("s", "y"), ("x", "e"), ("y", "e"), ("e", "x", kind)])
    r = analyze(p, "j", full_paths=True)
    paths = [path["cards"] for path in r["paths"]["items"]]
    if kind == "loop_back":
        assert paths == [["s", "x", "e"], ["s", "y", "e"]]
        assert [path["ends"] for path in r["paths"]["items"]] == ["return", "return"]
        assert share_of(r)["x"] == 0.5
    else:
        # Unmarked, the step back is walked like any other: x then seems to be on every path.
        assert paths == [["s", "x", "e"], ["s", "y", "e", "x"]]
        assert share_of(r)["x"] == 1.0
    # Cut short, paths are counted on the flow without its steps back: x is on half of them either way.
    assert share_of(analyze(p, "j", max_paths=1))["x"] == 0.5


@pytest.mark.parametrize("kind", ["alternative", "failure", "normal"])
def test_a_branch_that_bypasses_a_step_lowers_its_share(kind):
    cards = {c: {"stage": i, "emotion": -3} for c, i in (("a", 0), ("b", 1), ("c", 5))}
    p = build(cards, [("a", "b"), ("b", "c"), ("a", "c", kind)])
    r = analyze(p, "j", full_paths=True)
    assert [x["cards"] for x in r["paths"]["items"]] == [["a", "b", "c"], ["a", "c"]]
    assert share_of(r) == {"a": 1.0, "b": 0.5, "c": 1.0}
    assert share_of(analyze(p, "j", max_paths=1)) == {"a": 1.0, "b": 0.5, "c": 1.0}
    # Without the branch b is on every path.
    assert share_of(analyze(build(cards, [("a", "b"), ("b", "c")]), "j", full_paths=True))["b"] == 1.0


def test_a_failure_branch_that_stops_early_is_a_dead_end():
    cards = {"a": {"stage": 0}, "b": {"stage": 1}, "f": {"stage": 2}, "z": {"stage": 5}}
    r = analyze(build(cards, [("a", "b"), ("b", "z"), ("b", "f", "failure")]), "j", full_paths=True)
    assert r["graph"]["dead_ends"] == ["f"]
    assert {tuple(p["cards"]): p["ends"] for p in r["paths"]["items"]} == {
        ("a", "b", "z"): "exit",
        ("a", "b", "f"): "dead_end",
    }
    assert [f["card_ids"] for f in r["insights"] if f["kind"] == "dead_end"] == [["f"]]


@pytest.mark.parametrize("kind", ["loop_back", "normal"])
def test_book_again_starts_at_its_first_card_and_each_step_counts_once(kind):
    cards = {"a": {"stage": 0, "emotion": 1}, "b": {"stage": 2, "emotion": -3}, "c": {"stage": 5, "emotion": 2}}
    r = analyze(build(cards, [("a", "b"), ("b", "c"), ("c", "a", kind)]), "j", full_paths=True)
    assert r["graph"]["entries"] == ["a"] and r["graph"]["unreachable"] == []
    (path,) = r["paths"]["items"]
    assert path["cards"] == ["a", "b", "c"] and path["emotions"] == [1, -3, 2]
    assert path["ends"] == ("return" if kind == "loop_back" else "loop")
    # The end is the last step before going back; the return is not walked again.
    assert (path["end"], path["most_intense"]) == ({"card": "c", "emotion": 2}, {"card": "b", "emotion": -3})
    assert (path["peak_end"], path["net"]) == (-0.5, 1)
    assert ("loop" in kinds_found(r)) == (kind == "normal")


def test_a_card_customers_only_come_back_to_is_no_start():
    # r is only reached by going back from u; it is reachable, but no path starts there.
    cards = {"s": {"stage": 0}, "t": {"stage": 1}, "r": {"stage": 2}, "u": {"stage": 5}}
    r = analyze(build(cards, [("s", "t"), ("t", "u"), ("u", "r", "loop_back"), ("r", "t")]), "j", full_paths=True)
    assert r["graph"]["returns"] == [["u", "r"]]
    assert r["graph"]["entries"] == ["s"]
    assert r["graph"]["unreachable"] == [] and r["graph"]["loops"]["items"] == []
    assert [(p["cards"], p["ends"]) for p in r["paths"]["items"]] == [(["s", "t", "u"], "return")]


def test_a_loop_back_that_goes_nowhere_back_is_an_ordinary_step():
    cards = {"a": {"stage": 0}, "b": {"stage": 1}, "c": {"stage": 5}}
    r = analyze(build(cards, [("a", "b", "loop_back"), ("b", "c")]), "j", full_paths=True)
    assert r["graph"]["returns"] == []
    assert r["graph"]["entries"] == ["a"]
    assert [(p["cards"], p["ends"]) for p in r["paths"]["items"]] == [(["a", "b", "c"], "exit")]


def test_two_connections_between_the_same_cards_return_only_if_both_are_loop_backs():
    cards = {"a": {"stage": 0}, "b": {"stage": 1}, "c": {"stage": 5}}
    edges = [("a", "b"), ("b", "c"), ("b", "a", "loop_back")]
    assert analyze(build(cards, [*edges, ("b", "a", "loop_back")]), "j")["graph"]["returns"] == [["b", "a"]]
    mixed = analyze(build(cards, [*edges, ("b", "a", "alternative")]), "j")["graph"]
    assert mixed["returns"] == [] and mixed["loops"]["items"] == [["a", "b"]]


def test_the_text_report_counts_loops_and_marked_returns():
    text = format_text(analyze(build(LINE, [("a", "b"), ("b", "c"), ("c", "d"), ("c", "b", "loop_back")]), "j"))
    assert "  Loops: 0\n  Marked loop backs: 1\n" in text


# -- the same content gives the same result, whatever its ids -----------------------------------------


def hashed(salt: str) -> Any:
    return lambda x: hashlib.sha256(f"{salt}:{x}".encode()).hexdigest()[:16]


def renamed_back(value: Any, back: dict[str, str]) -> Any:
    if isinstance(value, str):
        return back.get(value, value)
    if isinstance(value, list):
        return [renamed_back(v, back) for v in value]
    if isinstance(value, dict):
        return {back.get(k, k): renamed_back(v, back) for k, v in value.items()}
    return value


def same_under_other_ids(project: Project, other: Project, ids: dict[str, str], journey_id: str) -> None:
    back = {new: old for old, new in ids.items()}
    for lang in ("en", "es"):
        first = analyze(project, journey_id, lang=lang)
        second = renamed_back(analyze(other, ids[journey_id], lang=lang), back)
        assert json.dumps(second, sort_keys=True) == json.dumps(first, sort_keys=True)


@settings(max_examples=60)
@given(journey_content(), st.text("abcdef", min_size=1, max_size=6))
def test_the_same_journey_under_other_ids_analyses_the_same(content, salt):
    cards, edges = content
    rename = hashed(salt)
    project = build(cards, edges, stages=STAGE_KEYS[:4])
    other = build(cards, edges, stages=STAGE_KEYS[:4], rename=rename)
    ids = {e.id: rename(e.id) for e in project.all_entities()}
    same_under_other_ids(project, other, ids, "j")


@pytest.mark.parametrize("template", template_names())
def test_a_template_under_reversed_ids_analyses_the_same(template):
    project = jsonformat.loads((ROOT / "resources" / "templates" / f"{template}.en.json").read_text(encoding="utf-8"))
    entities = project.all_entities()
    # New ids sort the other way round, so anything ordered by id would come out reversed.
    ids = {e.id: f"id-{999_999 - i:06d}" for i, e in enumerate(sorted(entities, key=lambda e: e.id))}
    other = Project()
    other.load(project.info, [
        dataclasses.replace(e, **{
            f.name: ids[getattr(e, f.name)]
            for f in dataclasses.fields(e)
            if isinstance(getattr(e, f.name), str) and getattr(e, f.name) in ids
        })
        for e in entities
    ])
    same_under_other_ids(project, other, ids, project.journeys()[0].id)
