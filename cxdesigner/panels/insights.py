"""The Insights dock: the journey's findings, most severe first; clicking one asks to show its cards."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QStyle, QVBoxLayout, QWidget

from ..i18n import _, ngettext, number
from .widgets import plain_label, plain_tooltip

if TYPE_CHECKING:
    from ..analysis.outcome import JourneyAnalysis

_FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
_ICONS = {
    3: QStyle.StandardPixmap.SP_MessageBoxCritical,
    2: QStyle.StandardPixmap.SP_MessageBoxWarning,
    1: QStyle.StandardPixmap.SP_MessageBoxInformation,
    0: QStyle.StandardPixmap.SP_FileDialogInfoView,
}
_ROW_LIMIT = 400  # characters of a finding shown in its row; the tooltip has the rest


class InsightsWidget(QWidget):
    """The findings of one analysis (the main window passes each new one to :meth:`show_analysis`).

    Clicking a finding emits :attr:`cards_requested` with its card ids (the main window selects
    and scrolls to them) and, for findings about a path, :attr:`path_requested` with the path's
    card ids.
    """

    cards_requested = Signal(list)
    path_requested = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.analysis: JourneyAnalysis | None = None
        self._findings: list[dict[str, Any]] = []

        # Until the first analysis comes (seconds on a busy machine or a large map), an empty list said nothing.
        self.summary = plain_label(_("Analysing the journey…"), self, wrap=True)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        # Findings wrap over two to four lines: edge to edge, where one ended was read from the icons alone.
        # Banded, not spaced: with spacing Qt wraps the text narrower than it measured the row, and elides it.
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)

        self.list.itemClicked.connect(self._emit_for)
        # Enter on the keyboard too; itemActivated is not used because some styles also send it on a click.
        self.list.installEventFilter(self)

    # -- inputs ----------------------------------------------------------------------------
    def show_analysis(self, analysis: JourneyAnalysis | None) -> None:
        """List the findings of ``analysis`` (None: nothing analysed yet, the list stays empty)."""
        self.analysis = analysis
        if analysis is None:
            self._show([], "")
        elif analysis.journey_id is None:
            self._show([], _("Open or create a journey to see its findings."))
        elif analysis.result is None:
            self._show([], analysis.error)
        elif not analysis.result.get("cards"):
            # Without cards every stage is "empty": a finding per stage, none with a card to show, said nothing.
            self._show([], _("The journey has no cards yet"))
        else:
            self._show(list(analysis.result["insights"]))

    def set_findings(self, findings: Sequence[dict[str, Any]]) -> None:
        """Show ready-made findings (e.g. from an analysis the caller already ran)."""
        self._show(list(findings))

    def findings(self) -> list[dict[str, Any]]:
        return list(self._findings)

    def _show(self, findings: list[dict[str, Any]], summary: str | None = None) -> None:
        """Fill the list; ``summary`` replaces the count line (a state rather than findings)."""
        self._findings = findings
        self.list.clear()
        style = self.style()
        icons: dict[Any, QIcon] = {}
        for i, f in enumerate(findings):
            text = " ".join(str(f.get("text", "")).split())
            row = text if len(text) <= _ROW_LIMIT else text[: _ROW_LIMIT - 1] + "…"
            # QListWidgetItem text is always drawn as plain text; the tooltip is made literal explicitly.
            kind = _ICONS.get(int(f.get("severity", 0)), _ICONS[0])
            if kind not in icons:
                icons[kind] = style.standardIcon(kind)
            item = QListWidgetItem(icons[kind], row)
            item.setToolTip(plain_tooltip(text))
            # The row keeps the finding's place in the list: Qt would convert the finding itself, whose
            # path can be thousands of cards long, into a QVariantMap for every row.
            item.setData(_FINDING_ROLE, i)
            self.list.addItem(item)
        if summary is not None:
            self.summary.setText(summary)
        elif not findings:
            self.summary.setText(_("No findings: nothing in this journey needs attention."))
        else:
            n = len(findings)
            self.summary.setText(
                ngettext(
                    "{n} finding, most severe first. Click one to show its cards.",
                    "{n} findings, most severe first. Click one to show its cards.",
                    n,
                ).format(n=number(n))
            )

    # -- clicks ------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.list.currentItem() is not None
        ):
            self._emit_for(self.list.currentItem())
            return True
        return super().eventFilter(watched, event)

    def _emit_for(self, item: QListWidgetItem) -> None:
        index = item.data(_FINDING_ROLE)
        finding = self._findings[index] if isinstance(index, int) and index < len(self._findings) else {}
        ids = [str(v) for v in finding.get("card_ids") or []]
        self.cards_requested.emit(ids)
        path = finding.get("path")
        if path:
            self.path_requested.emit([str(v) for v in path])
