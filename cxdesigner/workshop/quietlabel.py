"""A one-line label whose text changes often (counts while a room fills) without laying out the window again.

A ``QLabel`` asks its layout to be done again on every ``setText``, and that request climbs to the
main window, which then lays out and repaints every dock: many times a second while sixty phones
send ideas. This label only repaints itself; its size is that of a sample text given once.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


class QuietLabel(QWidget):
    """Plain text on one line, elided when narrow; ``setText`` repaints and never asks for a new layout."""

    def __init__(self, sample: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._sample = sample
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.setToolTip(text if self.fontMetrics().horizontalAdvance(text) > self.width() else "")
            self.setAccessibleName(text)
            self.update()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        return QSize(metrics.horizontalAdvance(self._sample) + margins.left() + margins.right(),
                     metrics.height() + margins.top() + margins.bottom())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        painter.setPen(self.palette().windowText().color())
        text = self.fontMetrics().elidedText(self._text, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)


__all__ = ["QuietLabel"]
