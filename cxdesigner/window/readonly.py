"""The strip that says a project cannot be changed, why, and how to get a copy that can (Save As)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QPalette, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolBar, QToolButton, QWidget

from ..document import Document, ReadOnlyCause
from ..i18n import _


def banner_text(doc: Document) -> str:
    """What the strip says for ``doc`` (empty when it can be changed)."""
    if not doc.read_only:
        return ""
    if doc.read_only_cause is ReadOnlyCause.WRITE_FAILED:
        # The reason already says what to do (save elsewhere, or free some space).
        return _("Read-only: {reason}.").format(reason=doc.read_only_reason)
    return _("Read-only: {reason}. To work on it, save a copy under another name (Save As).").format(
        reason=doc.read_only_reason
    )


class _Strip(QWidget):
    """The strip's row, as tall as its wrapped text needs at the width the toolbar gives it.

    A toolbar lays its widgets out by their size hints alone, never asking a height for a width, so
    a word-wrapped label's hint (its text folded into a third of a line: three lines) made the strip
    three lines tall for one. Not wrapping is no way out: the label's whole line then becomes the
    window's minimum width (about 900 pixels in Spanish, more with a path or an OS error in the reason).
    """

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        layout = self.layout()
        if layout is None or self.width() <= 0:
            return hint
        return QSize(hint.width(), layout.totalHeightForWidth(self.width()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # another width, another number of lines: the toolbar asks again


class ReadOnlyBar(QToolBar):
    """A full-width strip under the toolbar, shown only while the project is read-only.

    One place says why every editing control is greyed, instead of each refusing on its own.
    """

    def __init__(self, save_as: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReadOnlyBar")
        self.setMovable(False)
        self.setFloatable(False)
        # Not a toolbar to hide from the toolbars' menu: it goes when the project can be changed.
        self.toggleViewAction().setVisible(False)
        strip = _Strip()
        # The tooltip colours: a note, in light and dark schemes alike.
        strip.setAutoFillBackground(True)
        strip.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        strip.setForegroundRole(QPalette.ColorRole.ToolTipText)
        row = QHBoxLayout(strip)
        row.setContentsMargins(10, 4, 6, 4)
        self.label = QLabel()
        self.label.setObjectName("ReadOnlyReason")
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # a reason may quote a path or an OS error
        self.label.setWordWrap(True)
        self.label.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row.addWidget(self.label, 1)
        self.button = QToolButton()
        self.button.setDefaultAction(save_as)
        row.addWidget(self.button)
        self.addWidget(strip)
        self.hide()

    def follow(self, doc: Document | None) -> None:
        """Show the strip with ``doc``'s reason, or hide it when there is nothing to say."""
        text = banner_text(doc) if doc is not None else ""
        self.label.setText(text)
        self.setVisible(bool(text))
