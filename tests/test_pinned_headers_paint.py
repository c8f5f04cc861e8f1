"""The pinned stage and lane headers leave no copy behind when the map scrolls under them."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtTest import QTest
from test_canvas_editor import make_editor  # noqa: F401  (the fixture)


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
