"""A card moved into another cell: the scene that followed shows what a scene built afresh shows.

Moving a card out of the tallest cell of its lane shrinks the row and moves every route below it
(the route index is made again at once); an undo comes back to a map the scene kept, with the
planner and the index ahead of it, and the next edit goes from there. After each step every card's
place and box, every route with its label box, the cells' order and the emotion row must be those
of a fresh scene of the same project.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from test_canvas_layout import _bench_generate

from cxdesigner.canvas.scene import JourneyScene
from cxdesigner.document import Document


def _picture(scene: JourneyScene) -> dict:
    cards = {tid: (item.pos(), item.card_rect(), item.isVisible()) for tid, item in scene.card_items().items()}
    return {
        "layout": scene.layout,
        "cells": list(scene.layout.cell_order),
        "routes": {cid: item.route for cid, item in scene.connection_items().items()},
        "cards": cards,
        "curve": (scene.curve_item.rect, scene.curve_item.points),
    }


def _assert_as_fresh(doc: Document, scene: JourneyScene, jid: str) -> None:
    fresh = JourneyScene(doc.project, "en", follow=False)
    try:
        fresh.set_journey(jid)
        mine, theirs = _picture(scene), _picture(fresh)
        # Route by route first: a failure names the connection rather than printing 400 routes.
        assert [cid for cid, r in mine["routes"].items() if theirs["routes"].get(cid) != r] == []
        assert mine == theirs
    finally:
        fresh.detach()


def _tallest_cell(scene: JourneyScene) -> tuple[str, str]:
    """A cell taller than every other of its lane (not the last lane): moving a card out shrinks the row."""
    layout = scene.layout
    for lane in layout.lane_ids[1:-1]:
        sizes = sorted(((len(layout.cell_order.get((s, lane), ())), s) for s in layout.stage_ids), reverse=True)
        if sizes[0][0] > sizes[1][0]:
            return sizes[0][1], lane
    raise AssertionError("no lane of the generated map has a single tallest cell")


def test_moves_into_another_stage_lane_or_both_show_what_a_fresh_scene_shows(qapp):
    doc = Document.new(_bench_generate()(300, journeys=1))
    scene = JourneyScene(doc.project, "en")
    try:
        jid = doc.project.journeys()[0].id
        scene.set_journey(jid)
        layout = scene.layout
        stage, lane = _tallest_cell(scene)
        si, li = layout.stage_ids.index(stage), layout.lane_ids.index(lane)
        other_stage = layout.stage_ids[(si + 1) % len(layout.stage_ids)]
        other_lane = layout.lane_ids[li + 1]
        tid = layout.cell_order[(stage, lane)][1]
        for target in ((other_stage, lane), (stage, other_lane), (other_stage, other_lane)):
            row = scene.layout.rows[lane]
            doc.move_touchpoints([tid], *target, 1)
            # The card left the lane's tallest cell: the row shrank and the routes below it moved.
            assert scene.layout.rows[lane][1] < row[1]
            _assert_as_fresh(doc, scene, jid)
            doc.undo()  # back to a map the scene kept
            _assert_as_fresh(doc, scene, jid)
            # The next edit, from the kept map's labels with the planner one plan ahead of them.
            doc.move_touchpoints([tid], stage, lane, 4)
            _assert_as_fresh(doc, scene, jid)
            doc.undo()
            doc.redo()
            _assert_as_fresh(doc, scene, jid)
            doc.undo()
        # Down its own stack, undone, then one place lower: the cards between moved up as they did in
        # the undone move, so legs the planner changed then and not since differ from the kept map's.
        cell = next(c for c, ids in scene.layout.cell_order.items() if len(ids) >= 5 and c[1] != lane)
        card = scene.layout.cell_order[cell][0]
        doc.move_touchpoints([card], *cell, 3)
        _assert_as_fresh(doc, scene, jid)
        doc.undo()
        doc.move_touchpoints([card], *cell, 4)
        _assert_as_fresh(doc, scene, jid)
    finally:
        scene.detach()
        doc.close()


@settings(max_examples=10)
@given(
    steps=st.lists(
        st.one_of(
            st.tuples(
                st.just("move"), st.integers(0, 10_000), st.integers(-1, 1), st.integers(-1, 1), st.integers(0, 6)
            ),
            st.tuples(st.just("undo"), st.just(0), st.just(0), st.just(0), st.just(0)),
            st.tuples(st.just("redo"), st.just(0), st.just(0), st.just(0), st.just(0)),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_random_moves_between_cells_and_undos_show_what_a_fresh_scene_shows(qapp, steps):
    """Cards moved to a neighbouring stage, lane or both (or within their cell), undone and redone."""
    doc = Document.new(_bench_generate()(200, journeys=1))
    scene = JourneyScene(doc.project, "en")
    try:
        project = doc.project
        jid = project.journeys()[0].id
        scene.set_journey(jid)
        stages = [s.id for s in project.stages(jid)]
        lanes = [ln.id for ln in project.lanes(jid) if ln.holds_cards]
        for name, a, ds, dl, pos in steps:
            if name == "move":
                cards = [tp.id for tp in project.touchpoints(jid)]
                tp = project.get("touchpoint", cards[a % len(cards)])
                stage = stages[(stages.index(tp.stage_id) + ds) % len(stages)]
                lane = lanes[(lanes.index(tp.lane_id) + dl) % len(lanes)]
                doc.move_touchpoints([tp.id], stage, lane, pos)
            elif name == "undo" and doc.stack.can_undo():
                doc.undo()
            elif name == "redo" and doc.stack.can_redo():
                doc.redo()
            _assert_as_fresh(doc, scene, jid)
    finally:
        scene.detach()
        doc.close()
