"""The Insights dock: the journey's findings, most severe first; clicking one asks to show its cards."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QStyle, QVBoxLayout, QWidget

from .widgets import plain_label, plain_tooltip

log = logging.getLogger(__name__)

_FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
_ICONS = {
    3: QStyle.StandardPixmap.SP_MessageBoxCritical,
    2: QStyle.StandardPixmap.SP_MessageBoxWarning,
    1: QStyle.StandardPixmap.SP_MessageBoxInformation,
    0: QStyle.StandardPixmap.SP_FileDialogInfoView,
}
_ROW_LIMIT = 400  # characters of a finding shown in its row; the tooltip has the rest


class InsightsWidget(QWidget):
    """Findings of :func:`cxdesigner.analysis.analyze` for the current journey.

    ``doc`` is anything with ``project`` and ``lang``. Clicking a finding emits
    :attr:`cards_requested` with its card ids (the main window selects and scrolls to them)
    and, for findings about a path, :attr:`path_requested` with the path's card ids.
    """

    cards_requested = Signal(list)
    path_requested = Signal(list)
    DEBOUNCE_MS = 300

    def __init__(self, doc: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc: Any = None
        self.journey_id: str | None = None
        self._findings: list[dict[str, Any]] = []
        self._dirty = True
        self._subscribed: Any = None

        self.summary = plain_label("", self, wrap=True)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self.list.itemClicked.connect(self._emit_for)
        # Enter on the keyboard too; itemActivated is not used because some styles also send it on a click.
        self.list.installEventFilter(self)
        if doc is not None:
            self.set_document(doc)
        else:
            self._show([])

    # -- inputs ----------------------------------------------------------------------------
    def set_document(self, doc: Any) -> None:
        """Follow another open project (or none)."""
        if self._subscribed is not None:
            self._subscribed.unsubscribe(self._on_project_changed)
            self._subscribed = None
        self.doc = doc
        self.journey_id = None
        if doc is not None:
            project = doc.project
            project.subscribe(self._on_project_changed)
            self._subscribed = project
            # A plain function, not a slot: it must still run while the C++ object dies.
            self.destroyed.connect(lambda *_, p=project, f=self._on_project_changed: p.unsubscribe(f))
            journeys = project.journeys()
            if journeys:
                self.journey_id = journeys[0].id
        self.schedule_refresh(now=True)

    def set_journey(self, journey_id: str | None) -> None:
        """List the findings of the journey ``journey_id``."""
        if journey_id != self.journey_id:
            self.journey_id = journey_id
            self.schedule_refresh(now=True)

    def set_findings(self, findings: Sequence[dict[str, Any]]) -> None:
        """Show ready-made findings (e.g. from an analysis the caller already ran)."""
        self._timer.stop()
        self._dirty = False
        self._show(list(findings))

    def findings(self) -> list[dict[str, Any]]:
        return list(self._findings)

    # -- refreshing ----------------------------------------------------------------------------
    def _on_project_changed(self, changes: Any) -> None:
        self.schedule_refresh()

    def schedule_refresh(self, now: bool = False) -> None:
        """Recompute after the debounce delay (or at once) if visible; when hidden, on the next show."""
        self._dirty = True
        if not self.isVisible():
            self._timer.stop()
            return
        if now:
            self.refresh()
        else:
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """Analyse the journey and list its findings now."""
        self._timer.stop()
        self._dirty = False
        doc = self.doc
        if doc is None or self.journey_id is None or self.journey_id not in doc.project.tables["journey"]:
            self._show([])
            return
        from ..analysis import analyze

        lang = str(getattr(doc, "lang", "en") or "en")
        try:
            findings = analyze(doc.project, self.journey_id, lang=lang)["insights"]
        except Exception as exc:  # a bug must not leave the dock silently empty
            log.exception("analysis failed")
            self._show([])
            self.summary.setText(self.tr("Could not analyse this journey: {0}").format(exc))
            return
        self._show(findings)

    def _show(self, findings: list[dict[str, Any]]) -> None:
        self._findings = findings
        self.list.clear()
        style = self.style()
        for f in findings:
            text = " ".join(str(f.get("text", "")).split())
            row = text if len(text) <= _ROW_LIMIT else text[: _ROW_LIMIT - 1] + "…"
            # QListWidgetItem text is always drawn as plain text; the tooltip is made literal explicitly.
            item = QListWidgetItem(style.standardIcon(_ICONS.get(int(f.get("severity", 0)), _ICONS[0])), row)
            item.setToolTip(plain_tooltip(text))
            item.setData(_FINDING_ROLE, f)
            self.list.addItem(item)
        if self.doc is None or self.journey_id is None:
            self.summary.setText(self.tr("Open or create a journey to see its findings."))
        elif not findings:
            self.summary.setText(self.tr("No findings: nothing in this journey needs attention."))
        else:
            self.summary.setText(self.tr("%n finding(s), most severe first. Click one to show its cards.", "",
                                         len(findings)))

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
        finding = item.data(_FINDING_ROLE) or {}
        ids = [str(v) for v in finding.get("card_ids") or []]
        self.cards_requested.emit(ids)
        path = finding.get("path")
        if path:
            self.path_requested.emit([str(v) for v in path])
