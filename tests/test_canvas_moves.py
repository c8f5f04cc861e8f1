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
from cxdesigner.layout.routing import RouteIndex


def _picture(scene: JourneyScene) -> dict:
    cards = {tid: (item.pos(), item.card_rect(), item.isVisible()) for tid, item in scene.card_items().items()}
    return {
        "layout": scene.layout,
        "cells": list(scene.layout.cell_order),
        "routes": {cid: item.route for cid, item in scene.connection_items().items()},
        "cards": cards,
        "curve": (scene.curve_item.rect, scene.curve_item.points),
        # Where routes cross, which is drawn over which (tests/test_canvas_stacking.py).
        "stacked": [
            cid
            for cid, item in sorted(scene.connection_items().items(), key=lambda kv: kv[1].zValue())
            if item.route is not None
        ],
    }


def _assert_as_fresh(doc: Document, scene: JourneyScene, jid: str) -> None:
    fresh = JourneyScene(doc.project, "en", follow=False)
    try:
        fresh.set_journey(jid)
        mine, theirs = _picture(scene), _picture(fresh)
        # Route by route first: a failure names the connection rather than printing 400 routes.
        assert [cid for cid, r in mine["routes"].items() if theirs["routes"].get(cid) != r] == []
        assert mine == theirs
        # The index made for the map shown (made afresh, updated, or a kept map's taken up again; after
        # an undo the scene's own stands ahead, and the map shown may keep one) holds exactly the routes
        # shown: the entries of an index made from them at once.
        index, memory = scene._route_index, scene._label_memory
        if index.placed is not memory and memory.index is not None:
            index = RouteIndex()
            index.routes, index.arrows, index.uprights, index.levels = memory.index
        if index.placed is memory or index.placed is None:
            assert _index_entries(index) == _index_entries(fresh._route_index)
    finally:
        fresh.detach()


def _index_entries(index: RouteIndex) -> dict:
    # Each coordinate's runs are sorted when frozen; a grid cell's boxes are compared as a multiset.
    return {
        "routes": index.routes,
        "arrows": {cell: sorted(boxes) for cell, boxes in index.arrows.cells.items() if boxes},
        **{f"{name}.keys": lines.keys for name, lines in (("uprights", index.uprights), ("levels", index.levels))},
        **{f"{name}.runs": lines.entries() for name, lines in (("uprights", index.uprights), ("levels", index.levels))},
    }


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
        resumed = 0
        for target in ((other_stage, lane), (stage, other_lane), (other_stage, other_lane)):
            row = scene.layout.rows[lane]
            doc.move_touchpoints([tid], *target, 1)
            # The card left the lane's tallest cell: the row shrank and the routes below it moved.
            assert scene.layout.rows[lane][1] < row[1]
            _assert_as_fresh(doc, scene, jid)
            dropped = scene._label_memory
            doc.undo()  # back to a map the scene kept
            _assert_as_fresh(doc, scene, jid)
            # A drop that moved most routes indexed them all afresh and left the kept map the index
            # made for it ...
            kept = scene._label_memory
            rebuilt = kept.index is not None
            # The next edit, from the kept map's labels with the planner one plan ahead of them ...
            doc.move_touchpoints([tid], stage, lane, 4)
            if rebuilt:
                # ... takes that index up again, and leaves the drop's map its own.
                assert kept.index is None and dropped.index is not None
                resumed += 1
            _assert_as_fresh(doc, scene, jid)
            doc.undo()
            doc.redo()
            _assert_as_fresh(doc, scene, jid)
            doc.undo()
        assert resumed >= 1  # the move into the next stage moves most of this map's routes
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


# A map taller than 16,384 px and wider than 4,096: its rows and columns lie in several binades
# (8,192 to 16,384 and beyond), where a sum moved by a whole shift may round differently from the sum
# it was; what follows a move there must still be what a fresh scene places.
_TALL_CARDS = 1000


def _tall_map() -> Document:
    return Document.new(_bench_generate()(_TALL_CARDS, journeys=1))


def _lane_heights(scene: JourneyScene) -> dict[str, float]:
    return {lid: h for lid, (_y, h) in scene.layout.rows.items()}


def test_a_tall_map_crosses_powers_of_two_in_both_directions(qapp):
    doc = _tall_map()
    scene = JourneyScene(doc.project, "en")
    try:
        scene.set_journey(doc.project.journeys()[0].id)
        b = scene.layout.bounds
        assert b.bottom > 16_384 and b.right > 4_096
        # Lanes start on both sides of 8,192 and 16,384: labels below them move across a power of two.
        tops = sorted(y for y, _h in scene.layout.rows.values())
        assert any(y < 8_192 for y in tops) and any(8_192 < y < 16_384 for y in tops) and tops[-1] > 16_384
    finally:
        scene.detach()
        doc.close()


def test_lanes_that_shrink_and_grow_on_a_tall_map_show_what_a_fresh_scene_shows(qapp):
    """Every lane's tallest cell loses a card (the lane shrinks, everything below moves up across
    8,192 and 16,384), then a card from the next lane goes into it (the lane grows again); each undone."""
    doc = _tall_map()
    scene = JourneyScene(doc.project, "en")
    try:
        jid = doc.project.journeys()[0].id
        scene.set_journey(jid)
        layout = scene.layout
        stages, lanes = layout.stage_ids, layout.lane_ids
        shrunk = grown = 0
        for li, lane in enumerate(lanes[:-1]):
            sizes = sorted(((len(layout.cell_order.get((s, lane), ())), s) for s in stages), reverse=True)
            if sizes[0][0] == sizes[1][0]:
                continue  # two tallest cells: taking a card out of one leaves the row as tall
            stage = sizes[0][1]
            si = stages.index(stage)
            tid = layout.cell_order[(stage, lane)][1]
            before = _lane_heights(scene)
            # Out into the next stage (its gutters may widen or narrow too): the lane shrinks.
            doc.move_touchpoints([tid], stages[(si + 1) % len(stages)], lane, 0)
            assert _lane_heights(scene)[lane] < before[lane]
            shrunk += 1
            _assert_as_fresh(doc, scene, jid)
            doc.undo()
            _assert_as_fresh(doc, scene, jid)
            # A card of the next lane into the tallest cell: the lane grows, the one below may shrink.
            # (From the kept map, with its own index taken up if the drop left it one; the move, which
            # moves most routes again, may then leave it to the kept map once more.)
            other = next(ids for (s, ln), ids in layout.cell_order.items() if ln == lanes[li + 1] and len(ids) >= 2)
            doc.move_touchpoints([other[0]], stage, lane, 3)
            assert _lane_heights(scene)[lane] > before[lane]
            grown += 1
            _assert_as_fresh(doc, scene, jid)
            doc.undo()
            _assert_as_fresh(doc, scene, jid)
            layout = scene.layout
        assert shrunk >= 2 and grown >= 2
    finally:
        scene.detach()
        doc.close()


@settings(max_examples=6)
@given(
    steps=st.lists(
        st.one_of(
            st.tuples(
                st.sampled_from(["move", "into_tallest"]),
                st.integers(0, 10_000),
                st.integers(-1, 1),
                st.integers(-1, 1),
                st.integers(0, 8),
            ),
            st.tuples(st.just("undo"), st.just(0), st.just(0), st.just(0), st.just(0)),
            st.tuples(st.just("redo"), st.just(0), st.just(0), st.just(0), st.just(0)),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_random_moves_on_a_tall_map_show_what_a_fresh_scene_shows(qapp, steps):
    """Cards moved to a neighbouring cell or into a lane's tallest cell (rows and columns that shrink
    and grow, everything below or right of them moving across powers of two), undone and redone."""
    doc = _tall_map()
    scene = JourneyScene(doc.project, "en")
    try:
        project = doc.project
        jid = project.journeys()[0].id
        scene.set_journey(jid)
        stages = [s.id for s in project.stages(jid)]
        lanes = [ln.id for ln in project.lanes(jid) if ln.holds_cards]
        for name, a, ds, dl, pos in steps:
            if name in ("move", "into_tallest"):
                cards = [tp.id for tp in project.touchpoints(jid)]
                tp = project.get("touchpoint", cards[a % len(cards)])
                lane = lanes[(lanes.index(tp.lane_id) + dl) % len(lanes)]
                if name == "move":
                    stage = stages[(stages.index(tp.stage_id) + ds) % len(stages)]
                else:
                    cells = scene.layout.cell_order
                    stage = max(stages, key=lambda s: len(cells.get((s, lane), ())))
                doc.move_touchpoints([tp.id], stage, lane, pos)
            elif name == "undo" and doc.stack.can_undo():
                doc.undo()
            elif name == "redo" and doc.stack.can_redo():
                doc.redo()
            _assert_as_fresh(doc, scene, jid)
    finally:
        scene.detach()
        doc.close()
