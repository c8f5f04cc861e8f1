"""In an SVG the cards and connections are painted as runs: the same picture, fewer state groups.

``QGraphicsScene.render`` saves and restores the painter around every item, and the SVG
generator writes a state group for each. The print scene paints its cards and connections in
one go instead (``render._Run``), giving each item the transform and starting state render
would: these tests hold it to drawing exactly what render draws, and to leaving the scene as it was.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QByteArray, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene
from svgpaint import svg_bytes

import cxdesigner
from cxdesigner.canvas import render
from cxdesigner.canvas.items import CardItem
from cxdesigner.exchange import mapexport

_TEXT = re.compile(rb"<text [^>]*>[^<]*</text>")


def _svg(size: QSize, paint) -> bytes:  # type: ignore[no-untyped-def]
    return svg_bytes(size, paint)


def _pixels(svg: bytes) -> bytes:
    """The SVG rendered back at one pixel per unit."""
    renderer = QSvgRenderer(QByteArray(svg))
    box = renderer.viewBoxF()
    image = QImage(int(box.width()) + 1, int(box.height()) + 1, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    renderer.render(painter, box)
    painter.end()
    return bytes(image.constBits())


def _map_svg(scene, runs: bool, monkeypatch) -> bytes:  # type: ignore[no-untyped-def]
    rect = scene.full_rect()
    with monkeypatch.context() as m:
        if not runs:
            m.setattr(render, "_runs", lambda scene, shown: [])
        return _svg(QSize(int(rect.width()) + 1, int(rect.height()) + 1), lambda p: render.paint_map(scene, p))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_runs_draw_the_map_that_render_draws(qapp, monkeypatch, lang):
    doc = cxdesigner.new_project(None, template="hotel", lang=lang)
    try:
        journey = doc.project.journeys()[0]
        scene = render.render_journey(doc.project, journey.id, lang, card_notes=True, curve_labels="numbers")
        ours = _map_svg(scene, True, monkeypatch)
        plain = _map_svg(scene, False, monkeypatch)
        assert _pixels(ours) == _pixels(plain)
        # The same texts, searchable, in the same order; two state groups fewer per item.
        assert _TEXT.findall(ours) == _TEXT.findall(plain)
        assert len(_TEXT.findall(ours)) > 50
        drawn = len(scene.card_items()) + len(scene.connection_items())
        assert ours.count(b"<g ") <= plain.count(b"<g ") - 2 * drawn + 4
    finally:
        doc.close()


def test_the_scene_is_left_as_it_was(qapp, monkeypatch):
    doc = cxdesigner.new_project(None, template="dental-clinic")
    try:
        journey = doc.project.journeys()[0]
        scene = render.render_journey(doc.project, journey.id, "en")
        before = render.render_image(scene)
        count = len(scene.items())
        first = _map_svg(scene, True, monkeypatch)
        assert len(scene.items()) == count
        assert not any(isinstance(item, render._Run) for item in scene.items())
        for item in [*scene.card_items().values(), *scene.connection_items().values()]:
            assert not item.flags() & QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
        assert render.render_image(scene) == before
        assert _map_svg(scene, True, monkeypatch) == first
        # A PDF goes the same way and leaves the scene alone too.
        data, _ = mapexport.pdf_bytes(doc.project, journey.id, mapexport.MapOptions())
        assert data.startswith(b"%PDF")
    finally:
        doc.close()


def test_faint_cards_are_drawn_by_the_scene(qapp, monkeypatch):
    """A filter fades the cards it leaves out: the run, which draws items opaque, stands aside."""
    doc = cxdesigner.new_project(None, template="hotel")
    try:
        journey = doc.project.journeys()[0]
        scene = render.render_journey(doc.project, journey.id, "en")
        cards = list(scene.card_items())
        scene.set_filter(cards[:2])
        shown = scene.full_rect()
        runs = render._runs(scene, shown)
        try:
            assert not any(isinstance(item, CardItem) for run in runs for item in run._items)
        finally:
            for run in runs:
                run.undo()
        assert _pixels(_map_svg(scene, True, monkeypatch)) == _pixels(_map_svg(scene, False, monkeypatch))
    finally:
        doc.close()


class _Leaky(QGraphicsItem):
    """Leaves its pen, brush, font and hints changed, as every card and connection does."""

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, 60, 30)

    def paint(self, painter, option, widget=None) -> None:  # type: ignore[no-untyped-def]
        painter.setPen(QPen(QColor("#d00000"), 5))
        painter.setBrush(QColor("#0000d0"))
        painter.setFont(QFont("Sans Serif", 20, QFont.Weight.Bold))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.drawRect(QRectF(5, 5, 50, 20))


class _Trusting(QGraphicsItem):
    """Draws with whatever state it is given."""

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, 60, 30)

    def paint(self, painter, option, widget=None) -> None:  # type: ignore[no-untyped-def]
        painter.drawEllipse(QRectF(4, 4, 40, 20))
        painter.drawText(QPointF(6, 20), "Ab")
        # Its own transform, whatever the item before it left.
        painter.drawLine(QPointF(0, 0), QPointF(option.exposedRect.width(), 0))


def test_each_item_of_a_run_starts_with_the_state_render_gives_it(qapp):
    def scene_of(run: bool) -> bytes:
        scene = QGraphicsScene(QRectF(0, 0, 200, 120))
        items: list[QGraphicsItem] = []
        for i, kind in enumerate([_Leaky, _Trusting, _Leaky, _Trusting, _Trusting]):
            item = kind()
            item.setPos(10 + 35 * i, 10 + 15 * i)
            scene.addItem(item)
            items.append(item)
        items[3].setSelected(False)

        def paint(painter: QPainter) -> None:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            runs = [render._Run(scene, items)] if run else []  # type: ignore[arg-type]
            try:
                scene.render(painter, QRectF(0, 0, 200, 120), QRectF(0, 0, 200, 120),
                             Qt.AspectRatioMode.IgnoreAspectRatio)  # fmt: skip
            finally:
                for r in runs:
                    r.undo()
            assert all(not i.flags() & QGraphicsItem.GraphicsItemFlag.ItemHasNoContents for i in items)

        return _svg(QSize(200, 120), paint)

    ours, plain = scene_of(True), scene_of(False)
    assert ours != plain  # the run's file has fewer groups
    assert _pixels(ours) == _pixels(plain)
