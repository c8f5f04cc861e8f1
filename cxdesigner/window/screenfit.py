"""Side windows (compare, the guide, the shortcuts) at the size they want, but never larger than their screen."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
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


def title_room(widget: QWidget, title: str) -> int:
    """The width ``widget``'s frame needs to show ``title`` whole, no wider than its screen.

    The window manager writes the title (Qt adds " — CX Designer") in a bold face beside the
    window's icon and three buttons, and cuts what does not fit in the middle ("Comp… signer"); a
    small dialog is as wide as its contents, which in Spanish is often narrower than its title.
    """
    bold = QFont(widget.font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    app = QGuiApplication.applicationDisplayName()
    shown = f"{title} — {app}" if app else title
    # The window manager's face is not Qt's (openbox's bold Sans ran some 5 % wider than this estimate):
    # some room to spare, and the icon, the three buttons and their gaps, each about a line high.
    wanted = int(metrics.horizontalAdvance(shown) * 1.15) + 8 * metrics.height()
    return fitted(widget, QSize(wanted, 0)).width()


__all__ = ["fitted", "resize_within_screen", "title_room"]
