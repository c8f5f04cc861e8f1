"""Editing the lanes without cards in place: text cells, figures, storyboard pictures, overlaid journeys.

A mixin of :class:`~cxdesigner.canvas.editor.JourneyEditor` plus the small dialogs it opens. Every
edit is one document command on the undo stack; a picture is read in a worker (it may be big).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from ..document import commands as dc
from ..document.lanes import ClearLaneCellsCommand, SetLaneCellCommand, SetLaneTypeCommand
from ..i18n import _, name_in_text
from ..layout.geometry import Cell
from ..model import Lane, LaneCell, limits, vocab
from .interactions import _TextEditInteraction
from .items import qrect

if TYPE_CHECKING:
    from ..document import Document
    from .scene import JourneyScene


class PictureJob(QObject):
    """Reading one picture on a pool thread; the outcome arrives on the UI thread.

    (The canvas may not use the services' task runner: views get long work from the window.
    This is the one small job a cell editor needs.) Exactly one of succeeded, failed and
    cancelled is emitted, then finished.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()
    _ended = Signal(str, object)

    def __init__(self, work: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        self.done = False
        self._ended.connect(self._report, Qt.ConnectionType.QueuedConnection)

    def cancel(self) -> None:
        self._cancel.set()

    def start(self) -> None:
        QThreadPool.globalInstance().start(self._run)

    def _run(self) -> None:
        try:
            value = self._work()
        except Exception as exc:  # reported as one line on the UI thread
            how, value = "failed", exc
        else:
            how = "cancelled" if self._cancel.is_set() else "succeeded"
        try:
            self._ended.emit(how, value)
        except RuntimeError:  # the editor closed while the picture was read: nobody waits for it
            pass

    def _report(self, how: str, value: object) -> None:
        self.done = True
        if how == "succeeded":
            self.succeeded.emit(value)
        elif how == "failed" and not self._cancel.is_set():
            self.failed.emit(value)
        else:
            self.cancelled.emit()
        self.finished.emit()


def lane_of(scene: JourneyScene, cell: Cell | None) -> Lane | None:
    if cell is None:
        return None
    return scene.project.tables["lane"].get(cell[1])


def holds_cards(scene: JourneyScene, cell: Cell | None) -> bool:
    lane = lane_of(scene, cell)
    return lane is None or lane.holds_cards


class TextCellEditInteraction(_TextEditInteraction):
    """A text lane's cell typed in place: Enter is a new line, Ctrl+Enter or a click away keeps it, Esc drops it."""

    def __init__(self, host: Any, cell: Cell, initial: str | None = None) -> None:
        super().__init__(host)
        self.cell = cell
        self.initial = initial

    def start(self) -> None:
        old = self.scene.project.lane_cell(*self.cell)
        self.scene.set_current_cell(self.cell)
        super().start()
        self._type_in((old.text if old is not None else "") if self.initial is None else self.initial)

    def place(self) -> None:
        inside = lambda layout: qrect(layout.cell_rect(*self.cell)).adjusted(4, 4, -4, -4)  # noqa: E731
        self._place_in_cell(self.cell, inside, self.scene.fonts.project)

    def text(self) -> str:
        # Lines are the user's: only the ends are trimmed.
        return self.editor.text().strip()

    def commit(self) -> None:
        old = self.scene.project.lane_cell(*self.cell)
        if self.text() != (old.text if old is not None else ""):
            self.host.set_lane_cell(self.cell, text=self.text())

    def key_press(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.commit()
            self.end()
            return True
        if key == Qt.Key.Key_Escape:
            self.end()
            return True
        return key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)

    def cancel(self) -> None:
        tables = self.scene.project.tables
        if self.active and self.cell[0] in tables["stage"] and self.cell[1] in tables["lane"]:
            self.commit()
        self.end()


class MetricCellDialog(QDialog):
    """A figure with its unit, period and source; the number is read the way the user's locale writes it."""

    def __init__(self, cell: LaneCell | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Edit figure"))
        self.locale = QLocale()
        form = QFormLayout(self)
        self.value = QLineEdit(self.locale.toString(cell.value, "g", 15) if cell and cell.value is not None else "")
        self.value.setPlaceholderText(self.locale.toString(42.5, "f", 1))
        self.unit = QLineEdit(cell.unit if cell else "")
        self.unit.setPlaceholderText(_("%, €, calls"))
        self.period = QLineEdit(cell.period if cell else "")
        self.period.setPlaceholderText(_("Q3 2026"))
        self.source = QLineEdit(cell.source if cell else "")
        self.source.setPlaceholderText(_("survey, web analytics"))
        for w in (self.unit, self.period, self.source):
            w.setMaxLength(limits.MAX_NAME)
        form.addRow(_("Value:"), self.value)
        form.addRow(_("Unit:"), self.unit)
        form.addRow(_("Period:"), self.period)
        form.addRow(_("Source:"), self.source)
        self.problem = QLabel("")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def number(self) -> tuple[bool, float | None]:
        text = self.value.text().strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
        if not text:
            return True, None
        value, ok = self.locale.toDouble(text)
        if not ok and self.locale.decimalPoint() in text:
            # "1.234,5" in Spanish: Qt refuses a group separator CLDR would not write (four digits).
            value, ok = self.locale.toDouble(text.replace(self.locale.groupSeparator(), ""))
        if not ok:
            value, ok = QLocale.c().toDouble(text)  # "42.5" typed in a comma locale still counts
        if not ok or abs(value) > limits.MAX_METRIC or value != value:
            return False, None
        return True, value

    def fields(self) -> dict[str, Any]:
        _ok, value = self.number()
        return {
            "value": value,
            "unit": self.unit.text().strip(),
            "period": self.period.text().strip(),
            "source": self.source.text().strip(),
        }

    def _accept(self) -> None:
        ok, _value = self.number()
        if not ok:
            self.problem.setText(
                _("“{text}” is not a number: write a figure such as {example}").format(
                    text=name_in_text(self.value.text()), example=self.locale.toString(1234.5, "f", 1)
                )
            )
            return
        self.accept()


class OverlayDialog(QDialog):
    """Which journeys an emotion lane overlays (their personas' curves), as a checkable list."""

    def __init__(self, doc: Document, lane: Lane, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Journeys to compare"))
        box = QVBoxLayout(self)
        note = QLabel(_("Each journey's emotion curve is drawn in its persona's colour, matched by stage position."))
        note.setWordWrap(True)
        box.addWidget(note)
        self.list = QListWidget()
        chosen = set(lane.overlay)
        project = doc.project
        for j in project.journeys():
            persona = project.tables["persona"].get(j.persona_id) if j.persona_id else None
            label = j.name + (f" ({persona.name})" if persona is not None and persona.name else "")
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, j.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if j.id in chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        box.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)

    def chosen(self) -> list[str]:
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out[: limits.MAX_OVERLAY]


LANE_TYPE_ORDER = ("touchpoints", "text", "metric", "channels", "storyboard", "emotion")


def lane_type_label(kind: str, lang: str) -> str:
    if kind == "touchpoints":
        return _("Cards")
    return vocab.label(vocab.LANE_KINDS, kind, lang)


class LaneEditing:
    """The editor's part for lanes without cards (uses ``push``, ``show_error``, ``message_posted``)."""

    if TYPE_CHECKING:
        doc: Document
        scene: JourneyScene
        journey_id: str | None

        def push(self, cmd: dc.Command) -> bool: ...
        def show_error(self, text: str) -> None: ...
        def ensure_visible(self, rect: Any) -> None: ...

    _picture_task: PictureJob | None = None

    def set_lane_cell(self, cell: Cell, **fields: Any) -> bool:
        return self.push(SetLaneCellCommand(cell[0], cell[1], **fields))

    def clear_lane_cells(self, cells: Sequence[Cell]) -> bool:
        project = self.doc.project
        places = [c for c in cells if project.lane_cell(*c) is not None]
        if not places:
            return False
        return self.push(ClearLaneCellsCommand(places))

    def set_lane_type(self, lane_id: str, **fields: Any) -> bool:
        return self.push(SetLaneTypeCommand(lane_id, **fields))

    def add_typed_lane(self, kind: str, index: int | None = None) -> str | None:
        """A lane of ``kind`` named after its type (rename it like any lane)."""
        jid = self.journey_id
        if jid is None:
            return None
        cmd = dc.AddLaneCommand(jid, "", kind, index)
        return cmd.lane_id if self.push(cmd) else None

    def edit_lane_cell(self, cell: Cell, initial: str | None = None) -> bool:
        """Open the editor the cell's lane has: text in place, a figure's dialog, a picture, the overlay list."""
        lane = lane_of(self.scene, cell)
        if lane is None or lane.holds_cards:
            return False
        self.scene.set_current_cell(cell)
        if lane.kind == "text":
            self.view.setFocus()  # type: ignore[attr-defined]
            TextCellEditInteraction(self, cell, initial).start()
            return True
        if lane.kind == "metric":
            dialog = MetricCellDialog(self.doc.project.lane_cell(*cell), self)  # type: ignore[arg-type]
            try:
                if dialog.exec() == QDialog.DialogCode.Accepted:
                    return self.set_lane_cell(cell, **dialog.fields())
            finally:
                dialog.deleteLater()
            return False
        if lane.kind == "storyboard":
            return self.choose_picture(cell)
        if lane.kind == "emotion":
            return self.choose_overlay(lane.id)
        self.message_posted.emit(  # type: ignore[attr-defined]
            _("The channels lane shows the channels of the stage's cards: edit the cards to change it")
        )
        return False

    def choose_overlay(self, lane_id: str) -> bool:
        lane = self.doc.project.get("lane", lane_id)
        dialog = OverlayDialog(self.doc, lane, self)  # type: ignore[arg-type]
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted and tuple(dialog.chosen()) != lane.overlay:
                return self.set_lane_type(lane_id, overlay=dialog.chosen())
        finally:
            dialog.deleteLater()
        return False

    def choose_picture(self, cell: Cell) -> bool:
        path, _filter = QFileDialog.getOpenFileName(
            self,  # type: ignore[arg-type]
            _("Choose a picture"),
            "",
            _("Pictures (*.png *.jpg *.jpeg *.webp)"),
        )
        if not path:
            return False
        self.load_picture_into(cell, path)
        return True

    def load_picture_into(self, cell: Cell, path: str) -> PictureJob:
        """Read, bound and re-encode the picture in a worker, then set it (one undo step) when done."""
        from ..exchange.images import load_picture, picture_failure

        task = PictureJob(lambda: load_picture(path), self)  # type: ignore[arg-type]
        progress = QProgressDialog(_("Reading the picture…"), _("Cancel"), 0, 0, self)  # type: ignore[arg-type]
        progress.setMinimumDuration(400)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.canceled.connect(task.cancel)
        stage_id, lane_id = cell

        def done(picture: Any) -> None:
            progress.close()
            tables = self.doc.project.tables
            if stage_id in tables["stage"] and lane_id in tables["lane"]:
                self.set_lane_cell(cell, image=picture.data, image_type=picture.image_type)

        def failed(exc: BaseException) -> None:
            progress.close()
            # Out of memory, a bug: said as what is wrong with the picture and what to do, never Python's words.
            text = picture_failure(exc, Path(path).name)
            self.message_posted.emit(text)  # type: ignore[attr-defined]
            self.show_error(text)

        task.succeeded.connect(done)
        task.failed.connect(failed)
        task.cancelled.connect(progress.close)
        task.finished.connect(progress.deleteLater)
        self._picture_task = task
        task.start()
        return task

    def caption_picture(self, cell: Cell) -> bool:
        old = self.doc.project.lane_cell(*cell)
        text = self.ask_text(_("Caption"), _("Caption under the picture:"), old.text if old else "")  # type: ignore[attr-defined]
        if text is None:
            return False
        return self.set_lane_cell(cell, text=text.strip())


__all__ = [
    "LANE_TYPE_ORDER",
    "LaneEditing",
    "MetricCellDialog",
    "OverlayDialog",
    "TextCellEditInteraction",
    "holds_cards",
    "lane_of",
    "lane_type_label",
]
