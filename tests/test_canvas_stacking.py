"""Where routes cross, the map after edits stacks them as the map freshly opened (and every picture of it).

Qt draws items of one z in the order they were added: a scene that followed a drop, an undo or a paste
stacked the moved card's connections where they were made, a fresh scene (and an export, which makes its
own) where they now come in the journey's order, so the screen showed another line on top
(docs/performance.md, fifteenth pass). Each connection now has a z of its own in the journey's order.
"""

from __future__ import annotations

from itertools import pairwise
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsView
from test_canvas_layout import _bench_generate
from test_canvas_moved_connections import _pixels
from test_canvas_moves import _tallest_cell

from cxdesigner.canvas.items import ConnectionItem
from cxdesigner.canvas.scene import JourneyScene
from cxdesigner.document import Document
from cxdesigner.document import commands as dc
from cxdesigner.layout import clipboard
from cxdesigner.layout.stacking import Stacking


def _stacked(scene: JourneyScene) -> list[str]:
    """The connections that draw something, bottom first, by their z (``items()`` in stacking order is
    no guide: with no item index it lists the items as it holds them, which removals reorder)."""
    items = [item for item in scene.connection_items().values() if item.route is not None]
    return [item.conn_id for item in sorted(items, key=ConnectionItem.zValue)]


def _assert_stacked_as_fresh(doc: Document, scene: JourneyScene, jid: str, cards: list[str]) -> None:
    """The stacking order and, around the connections of ``cards`` (the edit's), the pixels of a fresh scene."""
    fresh = JourneyScene(doc.project, "en", follow=False)
    try:
        fresh.set_journey(jid)
        mine = _stacked(scene)
        assert mine == _stacked(fresh)
        zs = [scene.connection_item(cid).zValue() for cid in mine]
        assert all(a < b for a, b in pairwise(zs)), "two connections share a z: Qt would stack them by age"
        assert zs[0] > 1.0 and zs[-1] < 1.5, "connections left their band (between the key and the cell cursor)"
        scene.clearSelection()
        items = scene.connection_items()
        areas = set()
        for tid in cards:
            for conn in doc.project.connections_of(tid):
                item = items.get(conn.id)
                if item is not None and item.route is not None:
                    box = item.sceneBoundingRect()
                    for x in range(int(box.left()) // 600, int(box.right()) // 600 + 1):
                        for y in range(int(box.top()) // 400, int(box.bottom()) // 400 + 1):
                            areas.add((x, y))
        assert areas
        for x, y in sorted(areas):
            area = QRectF(x * 600, y * 400, 600, 400)
            assert _pixels(scene, area) == _pixels(fresh, area), (x, y)
    finally:
        fresh.detach()


@pytest.mark.parametrize("shown", [False, True])
def test_after_drops_undo_redo_and_paste_the_map_stacks_its_routes_as_a_fresh_one(qtbot, shown):
    doc = Document.new(_bench_generate()(300, journeys=1))
    scene = JourneyScene(doc.project, "en")
    try:
        jid = doc.project.journeys()[0].id
        if shown:  # on screen: the items out of the first view are made after the first paint
            view = QGraphicsView(scene)
            qtbot.addWidget(view)
            view.resize(800, 600)
            view.show()
        scene.set_journey(jid)
        layout = scene.layout
        stage, lane = _tallest_cell(scene)
        other = layout.stage_ids[(layout.stage_ids.index(stage) + 1) % len(layout.stage_ids)]
        moved = layout.cell_order[(stage, lane)][1]
        doc.move_touchpoints([moved], other, lane, 1)
        _assert_stacked_as_fresh(doc, scene, jid, [moved])
        doc.undo()
        _assert_stacked_as_fresh(doc, scene, jid, [moved])
        doc.redo()
        _assert_stacked_as_fresh(doc, scene, jid, [moved])
        ids = [tp.id for tp in doc.project.touchpoints(jid)][:30]
        data = clipboard.decode(clipboard.to_json(clipboard.encode_cards(doc.project, ids)))
        entities, pasted = clipboard.paste_entities(doc.project, data, jid)
        doc.execute(dc.AddEntitiesCommand(entities))
        _assert_stacked_as_fresh(doc, scene, jid, pasted)
        doc.undo()
        _assert_stacked_as_fresh(doc, scene, jid, [moved])
        doc.redo()
        _assert_stacked_as_fresh(doc, scene, jid, pasted)
        layout = scene.layout
        lane2 = layout.lane_ids[(layout.lane_ids.index(lane) + 1) % len(layout.lane_ids)]
        first = layout.cell_order[(other, lane)][0]
        doc.move_touchpoints([first], stage, lane2, 0)  # into another lane, at the top of its stack
        _assert_stacked_as_fresh(doc, scene, jid, [first])
        stack = scene.layout.cell_order[(stage, lane2)]
        doc.move_touchpoints([stack[0]], stage, lane2, len(stack) - 1)  # down its own stack
        _assert_stacked_as_fresh(doc, scene, jid, [stack[0]])
        for _ in range(4):
            doc.undo()
        _assert_stacked_as_fresh(doc, scene, jid, [moved, first])
    finally:
        scene.detach()
        doc.close()


def _legs(keys: list[tuple[int, str]]) -> list[SimpleNamespace]:
    return [SimpleNamespace(key=k, spec=SimpleNamespace(id=k[1])) for k in sorted(keys)]


def test_stacking_moves_only_what_left_its_place_and_deals_afresh_when_no_double_is_left():
    stacking = Stacking(1.0, 1.5)
    order = _legs([(i, f"c{i}") for i in range(100)])
    stacking.rebuild(order)
    before = dict(stacking.z)
    # c3 goes after c70; c5 gets a new key object but keeps its place: only c3 moves.
    keys = {leg.spec.id: leg.key for leg in order}
    keys["c3"] = (70.5, "c3")
    keys["c5"] = (5, "c" + "5")
    order = _legs(list(keys.values()))
    legs = {leg.spec.id: (leg.key,) for leg in order}
    changes = stacking.update(order, legs, legs)
    assert list(changes) == ["c3"]
    assert before["c70"] < changes["c3"] < before["c71"]
    assert stacking.z["c5"] == before["c5"]
    assert sorted(stacking.z, key=stacking.z.__getitem__) == [leg.spec.id for leg in order]
    # Two that change keys but keep their order between the same neighbours keep their z's.
    keys["c3"], keys["c4"] = (70.75, "c3"), (70.5, "c4")
    order = _legs(list(keys.values()))
    legs = {leg.spec.id: (leg.key,) for leg in order}
    stacking.update(order, legs, legs)
    kept = stacking.z["c3"], stacking.z["c4"]
    keys["c3"], keys["c4"] = (70.5, "c3"), (70.25, "c4")
    order = _legs(list(keys.values()))
    legs = {leg.spec.id: (leg.key,) for leg in order}
    assert stacking.update(order, legs, legs) == {}
    assert (stacking.z["c3"], stacking.z["c4"]) == kept
    # A new one each time between c70 and the one before: the doubles run out, then every z is dealt afresh.
    dealt = 0
    for n in range(80):
        keys[f"n{n}"] = (70 + 0.25 * 0.5**n, f"n{n}")
        order = _legs(list(keys.values()))
        legs = {leg.spec.id: (leg.key,) for leg in order}
        dealt += len(stacking.update(order, legs, [f"n{n}"])) > 1
        zs = [stacking.z[leg.spec.id] for leg in order]
        assert all(a < b for a, b in pairwise(zs)) and zs[0] > 1.0 and zs[-1] < 1.5
    assert dealt >= 1
    # A connection off the map (an end in the inbox) leaves the order and goes to the bottom.
    del legs["c0"]
    order = [leg for leg in order if leg.spec.id != "c0"]
    assert stacking.update(order, legs, ["c0"]) == {"c0": 1.0}


def test_a_journey_just_opened_takes_its_z_by_index_and_makes_the_dicts_later():
    stacking = Stacking(1.0, 1.5)
    ids = ["off-map", *(f"c{i}" for i in range(100))]  # set_journey's order: an end off the map comes first
    stacking.start(ids)
    assert not stacking.ready and not stacking.z
    zs = [stacking.z_at(i) for i in range(len(ids))]
    assert all(a < b for a, b in pairwise(zs)) and zs[0] > 1.0 and zs[-1] < 1.5
    order = _legs([(i, f"c{i}") for i in range(100)])
    stacking.started(order)
    assert stacking.ready and not stacking.z  # nothing made yet
    keys = {leg.spec.id: leg.key for leg in order}
    keys["c3"] = (70.5, "c3")
    order = _legs(list(keys.values()))
    legs = {leg.spec.id: (leg.key,) for leg in order}
    changes = stacking.update(order, legs, ["c3"])
    assert list(changes) == ["c3"] and zs[71] < changes["c3"] < zs[72]
    assert stacking.z["c70"] == zs[71] and stacking.z["off-map"] == zs[0]
