"""Side windows (compare, the guide, the shortcuts) at the size they want, but never larger than their screen."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

ROOM = 0.9  # of the screen's free area: the title bar and the window's frame need the rest


def fitted(widget: QWidget, wanted: QSize) -> QSize:
    """``wanted``, made smaller where the screen ``widget`` opens on (its parent's) has less room."""
    anchor = widget.parentWidget() or widget
    screen = anchor.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return wanted
    room = screen.availableGeometry().size()
    return wanted.boundedTo(QSize(int(room.width() * ROOM), int(room.height() * ROOM)))


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """``widget.resize(width, height)``, on a small screen (a 1280 × 800 laptop, a projector) smaller, so
    its buttons (Close, Export) stay in sight rather than below the bottom of the screen."""
    widget.resize(fitted(widget, QSize(width, height)))


__all__ = ["fitted", "resize_within_screen"]
