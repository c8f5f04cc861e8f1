"""A label of a line or two whose text changes often (counts while a room fills) without laying out the window again.

A ``QLabel`` asks its layout to be done again on every ``setText``, and that request climbs to the
main window, which then lays out and repaints every dock: many times a second while sixty phones
send ideas. This label only repaints itself; its size is that of a sample text given once.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..qttext import plain_tooltip


class QuietLabel(QWidget):
    """Plain text on one line, elided when narrow; ``setText`` repaints and never asks for a new layout."""

    def __init__(self, sample: str = "", parent: QWidget | None = None, lines: int = 1, separator: str = "") -> None:
        """``lines`` > 1: the text's ``separator``-parted pieces go on up to that many lines, each piece whole."""
        super().__init__(parent)
        self._text = ""
        self._sample = sample
        self._lines = max(1, lines)
        self._separator = separator
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self._update_tip()
            self.setAccessibleName(text)
            self.update()

    def _update_tip(self) -> None:
        # The whole text in the tooltip only when some of it is cut.
        self.setToolTip(plain_tooltip(self._text) if self.shown_lines() != self._packed(1 << 20) else "")

    def _packed(self, width: int) -> list[str]:
        """The text as lines at most ``width`` wide: pieces kept whole, the separator ending a line dropped."""
        if self._lines == 1 or not self._separator:
            return [self._text]
        metrics = self.fontMetrics()
        lines: list[str] = []
        for piece in self._text.split(self._separator):
            joined = f"{lines[-1]}{self._separator}{piece}" if lines else piece
            if lines and metrics.horizontalAdvance(joined) <= width:
                lines[-1] = joined
            else:
                lines.append(piece)
        return lines

    def shown_lines(self) -> list[str]:
        """The lines as painted at the label's width (the last elided when the text needs more of them)."""
        width = self.contentsRect().width()
        lines = self._packed(width)
        if len(lines) > self._lines:
            lines = [*lines[: self._lines - 1], self._separator.join(lines[self._lines - 1 :])]
        metrics = self.fontMetrics()
        return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tip()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        return QSize(metrics.horizontalAdvance(self._sample) + margins.left() + margins.right(),
                     metrics.height() * self._lines + margins.top() + margins.bottom())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        painter.setPen(self.palette().windowText().color())
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         "\n".join(self.shown_lines()))


__all__ = ["QuietLabel"]
