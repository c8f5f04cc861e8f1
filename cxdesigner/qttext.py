"""Text that comes from a file or a phone, in Qt's tooltips and message boxes: always shown as it is written.

Qt guesses rich text in a tooltip or a message box that looks like markup: a card's title ``<img src=/etc/x.png>``
from a phone, or ``<b>`` in a project's name, would be drawn as a picture or bold, not as the words typed.
"""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

TOOLTIP_LIMIT = 1000  # characters: a tooltip is a glance, a 10,000-character title fills the screen


def plain_tooltip(text: str, pre: bool = False) -> str:
    """Tooltip markup that shows ``text`` literally, cut at ``TOOLTIP_LIMIT`` characters; lines wrap unless
    ``pre`` (a table's rows of cells, whose spacing means something)."""
    if not text:
        return ""
    if len(text) > TOOLTIP_LIMIT:
        text = text[: TOOLTIP_LIMIT - 1] + "…"
    mode = Qt.WhiteSpaceMode.WhiteSpacePre if pre else Qt.WhiteSpaceMode.WhiteSpaceNormal
    # convertFromPlainText lives in QtGui's Qt namespace, not QtCore's.
    return QtGui.Qt.convertFromPlainText(text, mode)


def plain_message(
    parent: QWidget | None, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Warning
) -> None:
    """A message box that shows ``text`` as written and waits for OK.

    QMessageBox.warning() and .information() guess rich text: a checkpoint labelled "<b>v2</b>" or a file name in
    an error showed in bold, or as a picture.
    """
    box = QMessageBox(icon, title, "", QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.exec()
