"""Geometry of the journey map on every template and on generated journeys, plus the pure helpers.

Cards never overlap and sit in their cells; routes share no line, cross no card and leave every
arrowhead uncovered; labels sit whole and readable off cards and each other (tests/routechecks.py).
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest
from routechecks import route_problems

import cxdesigner
from cxdesigner import resources
from cxdesigner.canvas.items import label_box
from cxdesigner.canvas.render import render_journey
from cxdesigner.canvas.scene import JourneyScene
from cxdesigner.document import commands as dc
from cxdesigner.document.arrange_command import ArrangeCellsCommand
from cxdesigner.layout import clipboard
from cxdesigner.layout.arrange import arranged_cells, count_crossings
from cxdesigner.layout.filtering import CardFilter, fold, matching_ids
from cxdesigner.layout.geometry import (
    Metrics,
    Rect,
    StageSpec,
    compute_layout,
    segment_crosses_rect,
)
from cxdesigner.layout.routing import ConnectionSpec, route_journey
from cxdesigner.model import Connection, Project, Touchpoint, ValidationError, new_id


def _bench_generate():
    """bench/generate.py's realistic projects (branches, failures, loops back; seeded)."""
    path = Path(__file__).resolve().parents[1] / "bench" / "generate.py"
    spec = importlib.util.spec_from_file_location("cx_bench_generate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


@pytest.fixture
def docs():
    made = []

    def make(template=None, lang="en"):
        doc = cxdesigner.new_project(None, template=template, lang=lang)
        made.append(doc)
        return doc

    yield make
    for doc in made:
        doc.close()


def big_journey(doc, cards: int = 200, connections: int = 300, seed: int = 7) -> str:
    """Fill the blank project's journey with cards spread unevenly over the cells and random connections."""
    rng = random.Random(seed)
    project = doc.project
    jid = project.journeys()[0].id
    stages = project.stages(jid)
    lanes = project.lanes(jid)
    counts: dict[tuple[str, str], int] = {}
    entities = []
    ids = []
    for i in range(cards):
        # Skewed so some cells are full and some empty, as in real workshops.
        s = stages[min(len(stages) - 1, int(rng.random() ** 1.5 * len(stages)))]
        ln = lanes[rng.randrange(len(lanes))]
        pos = counts.get((s.id, ln.id), 0)
        counts[(s.id, ln.id)] = pos + 1
        tp = Touchpoint(
            id=new_id("tp"),
            journey_id=jid,
            stage_id=s.id,
            lane_id=ln.id,
            position=pos,
            title=f"Card {i} " + "word " * rng.randrange(0, 12),
            emotion=rng.choice([None, -3, -2, -1, 0, 1, 2, 3]),
            pain_points=("slow",) * rng.randrange(0, 3),
        )
        entities.append(tp)
        ids.append(tp.id)
    kinds = ["normal", "normal", "alternative", "failure", "loop_back"]
    for _ in range(connections):
        a, b = rng.sample(ids, 2)
        entities.append(
            Connection(
                id=new_id("cn"),
                journey_id=jid,
                source_id=a,
                target_id=b,
                kind=rng.choice(kinds),
                label=rng.choice(["", "", "if full", "retry later"]),
            )
        )
    doc.execute(dc.AddEntitiesCommand(entities))
    return jid


def check_geometry(scene: JourneyScene, project: Project, journey_id: str) -> None:
    """Cards apart and in their cells, headers clear, and every route and label clean (routechecks)."""
    layout = scene.layout
    assert layout is not None
    cards = sorted(layout.cards.items(), key=lambda kv: (kv[1].x, kv[1].y))
    # No two cards overlap (sweep by x: only cards of one column can meet).
    for i, (a, ra) in enumerate(cards):
        for b, rb in cards[i + 1 :]:
            if rb.x >= ra.right:
                break
            assert not ra.overlaps(rb), f"{a} overlaps {b}"
    # Every card inside its cell.
    for tid, r in layout.cards.items():
        cell = layout.cell_rect(*layout.card_cell[tid])
        assert cell.contains_rect(r), f"{tid} sticks out of its cell"
    # Headers, bands, the title and the emotion row cover no card.
    fixed: list[Rect] = [layout.title_rect, layout.emotion_header, layout.emotion_plot]
    fixed += list(layout.stage_headers.values()) + list(layout.lane_headers.values())
    fixed += [r for _p, r in layout.phase_bands]
    for r in fixed:
        for tid, c in layout.cards.items():
            assert not r.overlaps(c), f"a header covers card {tid}"
    conns = project.connections(journey_id)
    routes = {cid: item.route for cid, item in scene.connection_items().items()}
    assert set(routes) == {c.id for c in conns}
    ends = {c.id: (c.source_id, c.target_id) for c in conns}
    for c in conns:
        route = routes[c.id]
        assert route is not None and len(route.points) >= 2
        # It starts and ends on its cards' edges, and a label gets a box of its own.
        s, d = layout.cards[c.source_id], layout.cards[c.target_id]
        assert _on_edge(route.points[0], s) and _on_edge(route.points[-1], d)
        assert (route.label is not None) == bool(c.label)
        if c.label:
            # Level, as its text reads: never a box turned on its side up a vertical run.
            _lines, w, h = label_box(c.label, scene.fonts.label)
            assert (route.label.rect.w, route.label.rect.h) == (w, h), c.label
    problems = route_problems(layout, routes, ends)
    assert problems == {name: [] for name in problems}


def _on_edge(p, r: Rect) -> bool:
    x, y = p
    inside = r.x - 0.01 <= x <= r.right + 0.01 and r.y - 0.01 <= y <= r.bottom + 0.01
    edge = min(abs(x - r.x), abs(x - r.right), abs(y - r.y), abs(y - r.bottom)) < 0.01
    return inside and edge


def _template_cases():
    try:
        names = resources.template_names()
    except FileNotFoundError:
        names = []
    return [(n, lang) for n in names for lang in ("en", "es")]


@pytest.mark.parametrize(("template", "lang"), _template_cases())
@pytest.mark.parametrize("export", [False, True])
def test_template_geometry(qapp, docs, template, lang, export):
    doc = docs(template, lang)
    for journey in doc.project.journeys():
        if export:
            scene = render_journey(doc, journey.id, lang)
        else:
            scene = JourneyScene(doc.project, lang, follow=False)
            scene.set_journey(journey.id)
        assert set(scene.layout.cards) == {tp.id for tp in doc.project.touchpoints(journey.id)}
        check_geometry(scene, doc.project, journey.id)


def test_generated_200_card_journey_geometry(qapp, docs):
    doc = docs()
    jid = big_journey(doc, 200, 300)
    scene = JourneyScene(doc.project, "en", follow=False)
    scene.set_journey(jid)
    assert len(scene.layout.cards) == 200
    check_geometry(scene, doc.project, jid)
    # The export's taller cards (whole titles) keep the same guarantees.
    long_title = "a very long title that keeps going " * 12
    doc.update_touchpoint(doc.project.touchpoints(jid)[5].id, title=long_title)
    export = render_journey(doc, jid)
    tall = export.layout.cards[doc.project.touchpoints(jid)[5].id]
    assert tall.h > export.metrics.card_h
    check_geometry(export, doc.project, jid)


@pytest.mark.parametrize("cards", [50, 200, 1000])
def test_generated_journeys_route_cleanly(qapp, cards):
    project = _bench_generate()(cards, journeys=1)
    jid = project.journeys()[0].id
    scene = JourneyScene(project, "en", follow=False)
    scene.set_journey(jid)
    assert len(scene.layout.cards) == cards
    assert len(scene.connection_items()) > cards  # the main path, branches, failures and loops back
    check_geometry(scene, project, jid)
    if cards <= 200:
        check_geometry(render_journey(project, jid), project, jid)


def test_cells_grow_to_fit_and_empty_cells_keep_room():
    stages = [StageSpec("s1", "before"), StageSpec("s2", "during")]
    m = Metrics()
    layout = compute_layout(stages, ["l1", "l2"], {("s1", "l1"): ["a", "b", "c"], ("s2", "l2"): ["d"]}, m)
    row1 = layout.rows["l1"][1]
    assert row1 >= 3 * m.card_h + 2 * m.card_gap + 2 * m.cell_pad
    assert layout.rows["l2"][1] == pytest.approx(2 * m.cell_pad + m.card_h)
    assert [p for p, _ in layout.phase_bands] == ["before", "during"]
    # Insertion counts the cell as it is; dragged cards do not count against themselves.
    a, b = layout.cards["a"], layout.cards["b"]
    assert layout.insertion_index(("s1", "l1"), a.y - 1) == 0
    assert layout.insertion_index(("s1", "l1"), (a.cy + b.cy) / 2) == 1
    assert layout.insertion_index(("s1", "l1"), (a.cy + b.cy) / 2, exclude=["b"]) == 1
    assert layout.insertion_index(("s1", "l1"), 10_000) == 3
    assert layout.nearest_cell(0, 0) == ("s1", "l1")
    assert layout.cell_at(0, 0) is None


def test_straight_down_route_for_the_next_card_in_a_cell():
    cells = {("s", "l"): ["a", "b", "c"]}

    def lay_out(col=None, row=None):
        return compute_layout([StageSpec("s", "before")], ["l"], cells, None, None, None, col, row)

    specs = [ConnectionSpec("cn-1", "a", "b"), ConnectionSpec("cn-2", "a", "c")]
    layout, routes = route_journey(lay_out(), specs, lay_out)
    route = routes["cn-1"]
    assert len(route.points) == 2 and route.points[0][1] == layout.cards["a"].bottom
    around = routes["cn-2"]
    assert len(around.points) == 4
    assert not segment_crosses_rect(around.points[1], around.points[2], layout.cards["b"])


def test_routes_depend_on_the_journey_not_on_ids():
    """Renaming every id (a fresh project from the same template) gives the same routes and labels."""
    cells = {("s1", "l1"): ["a", "b"], ("s2", "l1"): ["c"], ("s3", "l2"): ["d"]}
    stages = [StageSpec("s1", "before"), StageSpec("s2", "before"), StageSpec("s3", "during")]
    edges = [("a", "c", "normal", ""), ("a", "d", "failure", "Room not ready"), ("b", "c", "alternative", "")]
    edges += [("d", "a", "loop_back", "again"), ("c", "d", "normal", "")]
    pictures = []
    for rename in ("cn-{}".format, "zz-{}".format, lambda i: f"a{9 - i}"):
        specs = [
            ConnectionSpec(rename(i), s, d, kind, label, (len(label) * 6.0, 14.0) if label else None)
            for i, (s, d, kind, label) in enumerate(edges)
        ]
        random.Random(len(pictures)).shuffle(specs)

        def lay_out(col=None, row=None):
            return compute_layout(stages, ["l1", "l2"], cells, None, None, None, col, row)

        _layout, routes = route_journey(lay_out(), specs, lay_out)
        by_ends = {(sp.source, sp.target): routes[sp.id] for sp in specs}
        pictures.append(by_ends)
    assert pictures[0] == pictures[1] == pictures[2]


def test_emotion_points_follow_journey_order(qapp, docs):
    doc = docs("hotel", "en")
    jid = doc.project.journeys()[0].id
    scene = JourneyScene(doc.project, "en", follow=False)
    scene.set_journey(jid)
    pts = scene.curve_item.points
    expected = [tp.id for tp in doc.project.touchpoints(jid) if tp.emotion is not None]
    assert [p[3] for p in pts] == expected
    xs = [p[0] for p in pts]
    assert xs == sorted(xs)
    plot = scene.layout.emotion_plot
    assert all(plot.y < p[1] < plot.bottom for p in pts)


# -- pure helpers ---------------------------------------------------------------------------------


def test_filter_matches_text_accents_channel_tag_emotion_and_pains(docs):
    doc = docs()
    jid = doc.project.journeys()[0].id
    s = doc.project.stages(jid)[0].id
    ln = doc.project.lanes(jid)[0].id
    a = doc.add_touchpoint(
        jid, s, ln, "Pide un crédito", channel="phone", emotion=-2, tags=("Banca",), pain_points=("espera",)
    )
    b = doc.add_touchpoint(jid, s, ln, "Reads reviews", channel="web", emotion=2)
    assert fold("Crédito") == "credito"
    assert matching_ids(doc.project, jid, CardFilter(text="CREDITO")) == [a]
    assert matching_ids(doc.project, jid, CardFilter(channel="web")) == [b]
    assert matching_ids(doc.project, jid, CardFilter(tag="banca")) == [a]
    assert matching_ids(doc.project, jid, CardFilter(emotion_min=1, emotion_max=3)) == [b]
    assert matching_ids(doc.project, jid, CardFilter(has_pain_points=True)) == [a]
    assert matching_ids(doc.project, jid, CardFilter(text="telephone")) == []
    assert matching_ids(doc.project, jid, CardFilter(text="phone")) == [a]  # the channel's name
    assert CardFilter().is_empty() and not CardFilter(has_pain_points=True).is_empty()


def test_clipboard_round_trip_and_refusals(docs):
    doc = docs()
    jid = doc.project.journeys()[0].id
    stages, lanes = doc.project.stages(jid), doc.project.lanes(jid)
    ch = doc.add_channel("Kiosk")
    a = doc.add_touchpoint(jid, stages[1].id, lanes[2].id, "<b>x</b>", channel=ch, emotion=1)
    b = doc.add_touchpoint(jid, stages[2].id, lanes[2].id, "next")
    doc.connect(a, b, label="then", kind="failure")
    data = clipboard.decode(clipboard.to_json(clipboard.encode_cards(doc.project, [b, a])))
    assert [c["ref"] for c in data["touchpoints"]] == [a, b]  # journey order

    other = docs()
    ojid = other.project.journeys()[0].id
    entities, ids = clipboard.paste_entities(other.project, data, ojid)
    other.execute(dc.AddEntitiesCommand(entities))
    pasted = [other.project.get("touchpoint", i) for i in ids]
    assert [p.title for p in pasted] == ["<b>x</b>", "next"]
    assert pasted[0].stage_id == other.project.stages(ojid)[1].id  # same place in the order
    assert other.project.channel_name(pasted[0].channel) == "Kiosk"  # the custom channel came along
    (conn,) = other.project.connections(ojid)
    assert (conn.source_id, conn.target_id, conn.kind, conn.label) == (ids[0], ids[1], "failure", "then")

    for bad in (
        "not json",
        "[]",
        '{"format": "other"}',
        '{"format": "cxdesigner-cards", "version": 99}',
        '{"format": "cxdesigner-cards", "version": 1, "touchpoints": [{"fields": {"emotion": 9}}]}',
    ):
        with pytest.raises(ValidationError):
            d = clipboard.decode(bad)
            clipboard.paste_entities(other.project, d, ojid)


def test_a_pasted_card_is_placed_so_it_carries_no_unchosen_stage_mark(docs):
    # An inbox idea's "stage not chosen yet" (a phone's Not sure) means nothing on the map: a paste places
    # the card, as Place on map does, and clears it (a copy carried it, or a clipboard from elsewhere).
    doc = docs()
    jid = doc.project.journeys()[0].id
    stages, lanes = doc.project.stages(jid), doc.project.lanes(jid)
    a = doc.add_touchpoint(jid, stages[0].id, lanes[1].id, "Idea")
    data = clipboard.encode_cards(doc.project, [a])
    assert "stage_unsure" not in data["touchpoints"][0]["fields"], "where a card sits is not copied"
    data["touchpoints"][0]["fields"].update(stage_unsure=True, inbox=True)
    entities, (pasted,) = clipboard.paste_entities(doc.project, clipboard.decode(clipboard.to_json(data)), jid)
    doc.execute(dc.AddEntitiesCommand(entities))
    card = doc.project.get("touchpoint", pasted)
    assert (card.inbox, card.stage_unsure, card.stage_chosen) == (False, False, True)
    assert card.id in {tp.id for tp in doc.project.touchpoints(jid)}


def test_auto_arrange_removes_a_crossing(qapp, docs):
    doc = docs()
    jid = doc.project.journeys()[0].id
    s1, s2 = [s.id for s in doc.project.stages(jid)[:2]]
    ln = doc.project.lanes(jid)[0].id
    a1 = doc.add_touchpoint(jid, s1, ln, "a1")
    a2 = doc.add_touchpoint(jid, s1, ln, "a2")
    b1 = doc.add_touchpoint(jid, s2, ln, "b1")
    b2 = doc.add_touchpoint(jid, s2, ln, "b2")
    c1 = doc.add_touchpoint(jid, s2, ln, "c1")
    doc.connect(a1, b2)
    doc.connect(a2, b1)
    doc.connect(b2, c1)  # a step inside one cell keeps its direction
    scene = JourneyScene(doc.project, "en", follow=False)
    scene.set_journey(jid)
    pairs = [(c.source_id, c.target_id) for c in doc.project.connections(jid)]
    assert count_crossings(scene.layout, pairs) >= 1
    orders = arranged_cells(doc.project, jid)
    doc.execute(ArrangeCellsCommand(orders))
    scene.set_journey(jid)
    assert count_crossings(scene.layout, pairs) == 0
    cell = [tp.id for tp in doc.project.cell(s2, ln)]
    assert cell.index(b2) < cell.index(c1)
    assert not ArrangeCellsCommand(arranged_cells(doc.project, jid)).build(doc.project)
