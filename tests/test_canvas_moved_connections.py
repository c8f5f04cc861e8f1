"""A connection moved whole draws, hit-tests and prints as a connection given that route afresh.

After a drop that shrinks or grows a lane, most routes below it are the old ones moved by one vector:
their items only move (``ConnectionItem.set_route``) and keep their path, shape and box, which are in
coordinates from the route's first point. So a moved item must be an item made for the moved route:
the same place, box, shape, hit tests and pixels, selected or not, at whole and fractional offsets.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from test_canvas_layout import _bench_generate
from test_canvas_moves import _tallest_cell

from cxdesigner.canvas.items import ConnectionItem, _translated
from cxdesigner.canvas.scene import JourneyScene
from cxdesigner.document import Document
from cxdesigner.layout.geometry import Rect
from cxdesigner.layout.routing import LabelBox, Route


def _pixels(scene: JourneyScene, area: QRectF) -> bytes:
    image = QImage(int(area.width()), int(area.height()), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        scene.render(painter, QRectF(0, 0, image.width(), image.height()), area)
    finally:
        painter.end()
    return bytes(image.constBits())


def _moved(route: Route, dx: float, dy: float) -> Route:
    label = route.label
    if label is not None:
        r = label.rect
        leader = label.leader
        if leader is not None:
            leader = tuple((x + dx, y + dy) for x, y in leader)  # type: ignore[assignment]
        label = LabelBox(Rect(r.x + dx, r.y + dy, r.w, r.h), leader)
    return Route(tuple((x + dx, y + dy) for x, y in route.points), label)


def _same_item(a: ConnectionItem, b: ConnectionItem) -> None:
    assert a.route == b.route
    assert a.pos() == b.pos()
    assert a.rect() == b.rect() and a.boundingRect() == b.boundingRect()
    assert a.sceneBoundingRect() == b.sceneBoundingRect()
    assert a.label_rect() == b.label_rect()
    assert a.shape() == b.shape()
    box = a.boundingRect()
    for i in range(9):
        for j in range(9):
            at = QPointF(box.x() + box.width() * i / 8, box.y() + box.height() * j / 8)
            assert a.contains(at) == b.contains(at)


@pytest.mark.parametrize("vector", [(0.0, -120.0), (-16.0, 120.0), (0.5, 0.25), (-7.75, 33.5), (0.3, -0.1)])
def test_a_connection_moved_whole_is_one_given_that_route_afresh(qapp, vector):
    project = _bench_generate()(60, journeys=1)
    scene = JourneyScene(project, "en", follow=False)
    try:
        scene.set_journey(project.journeys()[0].id)
        items = scene.connection_items()
        # A route with corners, a label and a leader line if there is one: everything the item draws.
        item = max(
            (it for it in items.values() if it.route is not None and it.route.label is not None),
            key=lambda it: (it.route.label.leader is not None, len(it.route.points)),
        )
        route = item.route
        item.shape()  # drawn once, as on screen before the move
        drawing = item._drawing
        moved = _moved(route, *vector)
        item.set_route(moved)
        if _translated(route, moved):  # not so when the float sums differ (0.3, 0.1)
            assert item._drawing is drawing, "the item did not keep its drawing"
        fresh = ConnectionItem(item.conn_id, item.zValue())  # drawn among the others where the item is
        scene.addItem(fresh)
        fresh.stackBefore(item)
        fresh.set_route(moved)
        _same_item(item, fresh)
        # (Selected, the scene draws the item it knows by the id: the look selected is compared below,
        # scene against scene.)
        area = QRectF(item.sceneBoundingRect().adjusted(-6, -6, 6, 6).toAlignedRect())
        fresh.setVisible(False)
        mine = _pixels(scene, area)
        fresh.setVisible(True)
        item.setVisible(False)
        assert _pixels(scene, area) == mine
        scene.removeItem(fresh)
    finally:
        scene.detach()


def test_connections_moved_by_a_drop_draw_as_a_fresh_scene_draws_them(qapp):
    doc = Document.new(_bench_generate()(300, journeys=1))
    scene = JourneyScene(doc.project, "en")
    fresh = None
    try:
        jid = doc.project.journeys()[0].id
        scene.set_journey(jid)
        layout = scene.layout
        # A card out of the tallest cell of a lane: the row shrinks and the routes below it move up.
        stage, lane = _tallest_cell(scene)
        other = layout.stage_ids[(layout.stage_ids.index(stage) + 1) % len(layout.stage_ids)]
        items = scene.connection_items()
        for item in items.values():
            item.shape()  # every drawing made, as after painting the whole map
        before = {cid: (item.route, item._drawing) for cid, item in items.items()}
        doc.move_touchpoints([layout.cell_order[(stage, lane)][1]], other, lane, 1)
        kept = [
            cid
            for cid, item in items.items()
            if item.route != before[cid][0] and before[cid][1] is not None and item._drawing is before[cid][1]
        ]
        assert len(kept) >= 20, "the drop moved too few routes whole to test them"
        fresh = JourneyScene(doc.project, "en", follow=False)
        fresh.set_journey(jid)
        theirs = fresh.connection_items()
        assert items.keys() == theirs.keys()
        for cid, item in items.items():
            _same_item(item, theirs[cid])
        # The pixels around routes that moved whole, every connection selected or none.
        spots = [items[cid].mapToScene(items[cid].label_rect().center()) for cid in kept[:: max(1, len(kept) // 4)]]
        for selected in (False, True):
            for both in (items, theirs):
                for item in both.values():
                    item.setSelected(selected)
            for spot in spots:
                area = QRectF(spot.x() - 400, spot.y() - 300, 800, 600)
                assert _pixels(scene, area) == _pixels(fresh, area)
    finally:
        if fresh is not None:
            fresh.detach()
        scene.detach()
        doc.close()
