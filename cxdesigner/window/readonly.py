"""The strip that says a project cannot be changed, why, and how to get a copy that can (Save As)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QPalette
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
        strip = QWidget()
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
