"""Side windows (compare, the guide, the shortcuts) and small questions at the size they want, within their screen."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

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


LINE_DIALOG_WIDTH = 420  # pixels: a stage's or a connection's words seen whole as they are typed


def line_dialog(parent: QWidget, title: str, label: str, text: str = "") -> QInputDialog:
    """A question for one line of text (a name, a label), wide enough for its title and a long answer.

    QInputDialog.getText is as narrow as its label: "Rename stage — CX Designer" showed as
    "Renam… igner", "Etiqueta de la conexión" as "Etique…signer", and a lane's name scrolled in a
    field some 150 pixels wide.
    """
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setTextValue(text)
    # The dialog's layout sets its minimum size from its contents (SetMinAndMaxSize), so the width goes
    # to the field: the dialog is then the field's width and its margins.
    layout = dialog.layout()
    margins = layout.contentsMargins() if layout is not None else None
    frame = margins.left() + margins.right() if margins is not None else 0
    for field in dialog.findChildren(QLineEdit):
        field.setMinimumWidth(max(LINE_DIALOG_WIDTH, title_room(dialog, title)) - frame)
    return dialog


__all__ = ["fitted", "line_dialog", "resize_within_screen", "title_room"]
