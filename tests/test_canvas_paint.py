"""What the map's connections draw for a part of the screen is what they draw whole, pixel for pixel.

A repaint of a strip (a dragged card's routes set aside, a scroll) draws only the stretch of each
long route that crosses it, and a dashed route's dashes go on in step with the whole route.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QImage

import cxdesigner.canvas.items as items
from cxdesigner.canvas.items import ConnectionItem, exposed_span, rounded_polyline
from cxdesigner.canvas.scene import JourneyScene
from cxdesigner.canvas.view import JourneyView


def _generate(cards: int):
    path = Path(__file__).resolve().parents[1] / "bench" / "generate.py"
    spec = importlib.util.spec_from_file_location("cx_bench_generate_paint", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(cards, journeys=1)


def _pixels(view: JourneyView) -> bytes:
    image = view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)
    return bytes(image.constBits())  # while the image lives: the bits are its own


def test_a_stretch_of_a_polyline_is_that_stretch_of_the_whole_drawing():
    pts = [(0.0, 0.0), (100.0, 0.0), (100.0, 300.0), (-50.0, 300.0), (-50.0, 320.0)]
    whole = rounded_polyline(pts, 14.0)
    assert rounded_polyline(pts, 14.0, 0.0, None) == whole
    part = rounded_polyline(pts, 14.0, 150.0, 420.0)
    assert part.pointAtPercent(0) == QPointF(100.0, 50.0)
    assert part.pointAtPercent(1) == QPointF(80.0, 300.0)
    # A stretch that would cut a rounded corner keeps it whole.
    corner = rounded_polyline(pts, 14.0, 95.0, 200.0)
    assert corner.pointAtPercent(0) == QPointF(86.0, 0.0)
    # Where the route crosses an area, as distances along it; None when that is most of it.
    assert exposed_span(pts, QRectF(90, 100, 20, 20)) == (200.0, 220.0)
    assert exposed_span(pts, QRectF(-100, -100, 400, 600)) is None
    assert exposed_span(pts, QRectF(500, 500, 10, 10)) == (0.0, 0.0)


@pytest.mark.parametrize("spot", [(0.3, 0.3), (0.5, 0.6), (0.7, 0.2), (0.2, 0.8)])
def test_connections_drawn_in_part_look_as_drawn_whole(qapp, qtbot, monkeypatch, spot):
    project = _generate(300)
    scene = JourneyScene(project, "en", follow=False)
    scene.set_journey(project.journeys()[0].id)
    view = JourneyView(scene)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    parts = []
    cut = ConnectionItem._exposed_part

    def spy(self, *args):
        out = cut(self, *args)
        parts.append(out[0] is not self._parts(args[1])[0])  # not the whole path
        return out

    r = scene.sceneRect()
    view.centerOn(r.x() + r.width() * spot[0], r.y() + r.height() * spot[1])
    qapp.processEvents()
    monkeypatch.setattr(ConnectionItem, "_exposed_part", spy)
    in_part = _pixels(view)
    assert any(parts), "no route was long enough to be drawn in part"
    monkeypatch.setattr(items, "exposed_span", lambda pts, area: None)
    whole = _pixels(view)
    # Antialiasing may round a pixel's channel differently by one; nothing more.
    assert max(abs(a - b) for a, b in zip(in_part, whole)) <= 1


def test_a_route_that_draws_nothing_in_a_repaint_makes_no_path(qapp, qtbot):
    """After a drop a view repaints every long route whose box crosses it (some 300 at 5,000 cards);
    most draw nothing there, and none of those needs its rounded path made."""
    project = _generate(300)
    scene = JourneyScene(project, "en", follow=False)
    scene.set_journey(project.journeys()[0].id)
    view = JourneyView(scene)
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    r = scene.sceneRect()
    idle_seen = 0
    for fx, fy in ((0.3, 0.3), (0.5, 0.6), (0.7, 0.2), (0.2, 0.8), (0.5, 0.4)):
        view.centerOn(r.x() + r.width() * fx, r.y() + r.height() * fy)
        qapp.processEvents()
        for item in scene.connection_items().values():
            item._drawing = None
        _pixels(view)
        shown = view.mapToScene(view.viewport().rect()).boundingRect()
        crossing = [item for item in scene.connection_items().values() if item.sceneBoundingRect().intersects(shown)]
        # Boxes that meet the view, routes and labels that do not: Qt asks them to paint, they draw nothing.
        idle = [
            item
            for item in crossing
            for seen in (item.mapRectFromScene(shown),)
            if not item._crosses(seen) and not item.label_rect().intersects(seen)
        ]
        assert all(item._drawing is None for item in idle), "a route that draws nothing made its path"
        assert all(item._drawing is not None for item in crossing if item not in idle), "a route in view was not drawn"
        idle_seen += len(idle)
    assert idle_seen >= 5
