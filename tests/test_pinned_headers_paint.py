"""The pinned stage and lane headers leave no copy behind when the map scrolls, and their corner names the journey."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from test_canvas_editor import make_editor  # noqa: F401  (the fixture)

from cxdesigner.canvas.items import qrect
from cxdesigner.document import commands as dc
from cxdesigner.window import theme


def on_screen(widget, rect: QRect) -> QImage:
    """What the window system shows of ``rect`` in ``widget``: the backing store, as the last paints left it."""
    QTest.qWait(0)
    top = widget.window()
    origin = widget.mapTo(top, rect.topLeft())
    shot = QGuiApplication.primaryScreen().grabWindow(top.winId(), origin.x(), origin.y(), rect.width(),
                                                     rect.height())
    return shot.toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_the_header_bands_after_a_scroll_match_a_whole_repaint(make_editor, qtbot):  # noqa: F811
    editor = make_editor("hotel", size=(900, 500))
    view, scene = editor.view, editor.scene
    viewport = view.viewport()
    vbar, hbar = view.verticalScrollBar(), view.horizontalScrollBar()
    # From rest into pinned, along while pinned, back to rest; in the same turn as a resize once.
    steps = [(vbar, 120), (vbar, 120), (hbar, 160), (vbar, -60), (hbar, 200), (hbar, -400), (vbar, -400)]
    for i, (bar, step) in enumerate(steps):
        if i == 3:
            editor.resize(860, 480)
        bar.setValue(bar.value() + step)
        QTest.qWait(0)
        top = QRect(0, 0, viewport.width(), round(scene.top_strip.boundingRect().height() * view.zoom()) + 40)
        left = QRect(0, 0, round(scene.left_strip.boundingRect().width() * view.zoom()) + 40, viewport.height())
        seen = [on_screen(viewport, top), on_screen(viewport, left)]
        viewport.update()
        assert seen == [on_screen(viewport, top), on_screen(viewport, left)], f"step {i}: a copy of the headers"


def _ink(image: QImage, paper: QColor) -> int:
    """How many pixels of the image are not the paper's colour."""
    rgb = paper.rgb()
    return sum(1 for y in range(image.height()) for x in range(image.width()) if image.pixel(x, y) != rgb)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_corner_of_the_pinned_headers_names_the_journey(make_editor, qtbot, qapp, scheme):  # noqa: F811
    """Scrolled right and down, the corner where the pinned stage headers and lane names meet was a blank
    square of paper above the lane names: it names the journey there, in the lane names' column and level
    with the stage names, in either scheme, and follows a rename."""
    before = QApplication.palette()
    if scheme == "dark":
        QApplication.setPalette(theme.dark_palette())
    try:
        editor = make_editor("hotel", size=(900, 500))
        view, scene = editor.view, editor.scene
        assert scene.colours.name == scheme
        viewport = view.viewport()
        view.verticalScrollBar().setValue(view.verticalScrollBar().value() + 300)
        view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 300)
        QTest.qWait(0)
        corner = scene.corner
        assert corner.isVisible() and corner.pos().x() > 0 and corner.pos().y() > 0
        name = corner.mapRectToScene(corner.name_rect)
        layout = scene.layout
        lane = scene.left_strip.mapRectToScene(qrect(layout.lane_headers[layout.lane_ids[0]]))
        stage = scene.top_strip.mapRectToScene(qrect(layout.stage_headers[layout.stage_ids[0]]))
        assert (name.left(), name.width()) == (lane.left(), lane.width())
        assert (name.top(), name.height()) == (stage.top(), stage.height())
        shown = view.mapFromScene(name).boundingRect().intersected(viewport.rect())
        assert shown.width() > 100 and shown.height() > 20  # on screen, at the viewport's top left
        ink = _ink(on_screen(viewport, shown), scene.colours.paper)
        assert ink > 100  # the journey's name, not a blank square
        jid = scene.journey_id
        editor.doc.execute(dc.UpdateCommand("journey", jid, name="W"))
        QTest.qWait(0)
        assert 0 < _ink(on_screen(viewport, shown), scene.colours.paper) < ink / 3
    finally:
        QApplication.setPalette(before)
