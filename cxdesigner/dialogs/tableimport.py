"""The spreadsheet import dialog both touchpoint and survey imports build on: preview, mapping, checks."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..document import Document
from ..exchange import tables
from ..exchange.common import ImportCancelledError, RowError, quoted
from ..i18n import _, ngettext, number
from ..model import CXError, limits
from ..qtcommands import UndoStack
from .background import BuildCommand, push_import, run_in_worker
from .common import DialogIO, fill_list, import_button_box, plain_label, plain_tooltip, shorten

PREVIEW_ROWS = 8  # data rows shown under the mapping row; the error list covers the rest
IGNORE = ""  # the mapping combo's "ignore this column" choice
_INVALID_BG = QColor("#fde0c5")  # light orange: readable with dark text in any theme
_INVALID_FG = QColor("#202020")


class TableImportDialog(QDialog, DialogIO):
    """Read a CSV or .xlsx, let the user map its columns, check every row, import as one undo step.

    Subclasses say which fields a column can fill, how rows are checked and what the import
    command is; this class owns the reading (with progress), the preview, the mapping row, the
    validation report and the buttons ("Import valid rows (N)" / "Import nothing" / Cancel).
    After :meth:`exec`, :attr:`outcome` holds what was imported (None when nothing was).
    """

    def __init__(
        self,
        doc: Document,
        undo_stack: UndoStack,
        journey_id: str | None,
        path: Path | str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.undo_stack = undo_stack
        self.journey_id = journey_id
        self.path = Path(path)
        self.table: tables.Table | None = None
        self.is_xlsx = False
        self.sheets: list[str] = []
        self.mapping: dict[int, str] = {}
        self.plan: Any = None
        self.check_error = ""
        self.loaded = False
        self.load_error = ""
        self.outcome: Any = None
        self.imported_nothing = False
        self._combos: list[QComboBox] = []
        self._delimiter_index = self._sheet_index = 0
        self.setWindowTitle(self.window_title())
        self.setSizeGripEnabled(True)
        self._build()
        self.check_cancelled = False
        self.loaded = self._read(None, None)
        if self.loaded:
            self._after_read()
            if self.check_cancelled:  # stopped while the rows were checked: the dialog is not shown
                self.loaded, self.load_error = False, ""

    # -- hooks for subclasses -----------------------------------------------------------------
    def window_title(self) -> str:
        return _("Import")

    def field_choices(self) -> list[tuple[str, str]]:
        """(field, label) a column can be imported as, in menu order."""
        raise NotImplementedError

    def guess_mapping(self, headers: list[str]) -> dict[int, str]:
        raise NotImplementedError

    def run_check(self, table: tables.Table, mapping: dict[int, str], progress_cb: Any) -> Any:
        """The checked import (raises a CXError when the mapping cannot work at all)."""
        raise NotImplementedError

    def valid_count(self, plan: Any) -> int:
        raise NotImplementedError

    def valid_noun(self, n: int) -> str:
        return ngettext("{n} row is ready to import", "{n} rows are ready to import", n).format(n=number(n))

    ROW_KIND = "touchpoint"  # what each row becomes, for the project's limit (model.limits.TABLE_LIMITS)

    def row_room(self) -> int | None:
        """How many rows the project can still take (a file with more is refused before it is read), or None."""
        return max(0, limits.TABLE_LIMITS[self.ROW_KIND] - len(self.doc.project.tables[self.ROW_KIND]))

    def build_target(self, layout: QVBoxLayout) -> None:
        """Add the widgets that choose where the rows go."""

    def command_builder(self, skip_invalid: bool) -> BuildCommand:
        """How the one command importing the checked rows is made, and what to report afterwards.

        Called on the UI thread (it reads the dialog's choices); what it returns runs on a worker
        thread over a copy of the project, so it touches no widget.
        """
        raise NotImplementedError

    # -- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.file_label = plain_label("", self)
        self.file_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top.addWidget(self.file_label, 1)
        self.delimiter_label = QLabel(_("&Delimiter:"), self)
        self.delimiter_combo = QComboBox(self)
        self.delimiter_label.setBuddy(self.delimiter_combo)
        self.sheet_label = QLabel(_("&Sheet:"), self)
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sheet_combo.setMinimumContentsLength(12)
        self.sheet_label.setBuddy(self.sheet_combo)
        for w in (self.delimiter_label, self.delimiter_combo, self.sheet_label, self.sheet_combo):
            top.addWidget(w)
        layout.addLayout(top)
        self.notes_label = plain_label("", self, wrap=True)
        self.notes_label.hide()
        layout.addWidget(self.notes_label)

        layout.addWidget(
            plain_label(_("Choose what each column holds; the first rows of the file are shown below."), self)
        )
        self.preview = QTableWidget(self)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.preview.setWordWrap(False)
        self.preview.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.preview.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.preview.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.preview.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.preview.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.preview.installEventFilter(self)
        self.preview.horizontalHeader().sectionResized.connect(lambda *_: self._fit_preview_height())
        layout.addWidget(self.preview)
        self.ignored_label = plain_label("", self, wrap=True)
        layout.addWidget(self.ignored_label)

        self.build_target(layout)

        self.report_box = QGroupBox(_("Check"), self)
        report = QVBoxLayout(self.report_box)
        self.summary_label = plain_label("", self.report_box, wrap=True)
        report.addWidget(self.summary_label)
        self.error_list = QListWidget(self.report_box)
        self.error_list.setAlternatingRowColors(True)
        self.error_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.error_list.setMinimumHeight(110)
        report.addWidget(self.error_list)
        layout.addWidget(self.report_box, 1)

        self.buttons, self.import_button, self.nothing_button, self.cancel_button = import_button_box(
            self, self.import_rows, self.import_nothing, self.reject
        )
        layout.addWidget(self.buttons)
        self.resize(920, 700)

    # -- reading -------------------------------------------------------------------------------
    def _read(self, delimiter: str | None, sheet: str | None) -> bool:
        """Read the file (again); on failure set :attr:`load_error` (empty when the user cancelled)."""
        path, is_xlsx, room, kind = self.path, self.is_xlsx, self.row_room(), self.ROW_KIND

        def read(cb: Any) -> tables.Table:
            if is_xlsx:
                return tables.read_xlsx(path, sheet, progress=cb, room=room, room_kind=kind)
            return tables.read_table(path, delimiter, progress=cb, room=room, room_kind=kind)

        try:
            table = run_in_worker(
                self._progress_parent(), self.windowTitle(), _("Reading {name}…").format(name=path.name), read,
                str(path),
            )  # fmt: skip
        except ImportCancelledError:
            self.load_error = ""
            return False
        except CXError as exc:
            self.load_error = str(exc)
            return False
        self.table = table
        if table.encoding == "xlsx" and not self.is_xlsx:
            self.is_xlsx = True
            self.sheets = self._sheet_names()
        self.load_error = ""
        return True

    def _progress_parent(self) -> QWidget | None:
        # While the constructor reads the file this dialog is not on screen yet: centre on the window.
        return self if self.isVisible() else self.parentWidget()

    def _sheet_names(self) -> list[str]:
        try:
            import openpyxl

            wb = openpyxl.load_workbook(self.path, read_only=True)
            try:
                return list(wb.sheetnames)
            finally:
                wb.close()
        except Exception:  # the sheet choice is a convenience; the first sheet was read already
            return []

    def _after_read(self) -> None:
        """Fill the file line, the delimiter or sheet choice and the preview, then check."""
        self._fill_source_choices()
        self._show_file_info()
        assert self.table is not None
        self.mapping = self.guess_mapping(self.table.headers)
        self._fill_preview()
        self.recheck()

    def _fill_source_choices(self) -> None:
        assert self.table is not None
        csv = not self.is_xlsx
        for w in (self.delimiter_label, self.delimiter_combo):
            w.setVisible(csv)
        for w in (self.sheet_label, self.sheet_combo):
            w.setVisible(self.is_xlsx and len(self.sheets) > 1)
        if csv and self.delimiter_combo.count() == 0:
            names = {",": _("comma ,"), ";": _("semicolon ;"), "\t": _("tab"), "|": _("vertical bar |")}
            detected = names.get(self.table.delimiter, self.table.delimiter)
            self.delimiter_combo.addItem(_("Detected: {delimiter}").format(delimiter=detected), None)
            for d in tables.DELIMITERS:
                self.delimiter_combo.addItem(names[d], d)
            self.delimiter_combo.currentIndexChanged.connect(self._delimiter_changed)
        if self.is_xlsx and self.sheet_combo.count() == 0 and self.sheets:
            for name in self.sheets:
                self.sheet_combo.addItem(shorten(name, 40), name)
            self.sheet_combo.currentIndexChanged.connect(self._sheet_changed)

    def _show_file_info(self) -> None:
        t = self.table
        assert t is not None
        n = len(t.rows)
        rows = ngettext("{n} row", "{n} rows", n).format(n=number(n))
        if self.is_xlsx:
            info = _("{name} · Excel workbook · {rows}").format(name=self.path.name, rows=rows)
        else:
            enc = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "cp1252": "Windows-1252"}
            info = f"{self.path.name} · {rows} · {enc.get(t.encoding, t.encoding)}"
        self.file_label.setText(info)
        self.file_label.setToolTip(plain_tooltip(str(self.path)))
        self.notes_label.setText("\n".join(t.notes))
        self.notes_label.setVisible(bool(t.notes))

    def _delimiter_changed(self, index: int) -> None:
        if not self._reread(self.delimiter_combo.currentData(), None):
            self._show_choice(self.delimiter_combo, self._delimiter_index)
        self._delimiter_index = self.delimiter_combo.currentIndex()

    def _sheet_changed(self, index: int) -> None:
        if not self._reread(None, self.sheet_combo.currentData()):
            self._show_choice(self.sheet_combo, self._sheet_index)
        self._sheet_index = self.sheet_combo.currentIndex()

    @staticmethod
    def _show_choice(combo: QComboBox, index: int) -> None:
        # The rows shown are still those read before: the choice goes back to the one that read them.
        combo.blockSignals(True)
        combo.setCurrentIndex(index)
        combo.blockSignals(False)

    def _reread(self, delimiter: str | None, sheet: str | None) -> bool:
        old = self.table
        if not self._read(delimiter, sheet):
            self.table = old
            if self.load_error:
                self.show_error(_("Cannot read the file"), self.load_error)
            return False
        self._show_file_info()
        assert self.table is not None
        self.mapping = self.guess_mapping(self.table.headers)
        self._fill_preview()
        self.recheck()
        return True

    # -- preview and mapping ---------------------------------------------------------------------
    def _fill_preview(self) -> None:
        t = self.table
        assert t is not None
        shown = t.rows[:PREVIEW_ROWS]
        ncols = max([len(t.headers), *(len(cells) for _, cells in shown)])
        self.preview.clear()
        self.preview.setColumnCount(ncols)
        self.preview.setRowCount(1 + len(shown))
        heads = []
        for i in range(ncols):
            h = t.headers[i] if i < len(t.headers) else ""
            heads.append(shorten(h, 40) if h.strip() else _("column {n}").format(n=i + 1))
        self.preview.setHorizontalHeaderLabels(heads)
        for i in range(ncols):
            h = t.headers[i] if i < len(t.headers) else ""
            item = self.preview.horizontalHeaderItem(i)
            if item is not None and h.strip():
                item.setToolTip(plain_tooltip(h))
        self.preview.setVerticalHeaderLabels([_("Import as"), *(str(n) for n, _ in shown)])
        for r, (_rownum, cells) in enumerate(shown, start=1):
            for c in range(ncols):
                raw = cells[c] if c < len(cells) else None
                text = "" if raw is None else str(raw)
                item = QTableWidgetItem(shorten(text))
                if len(text) > 40 or "\n" in text:
                    item.setToolTip(plain_tooltip(text))
                self.preview.setItem(r, c, item)
        self._combos = []
        choices = self.field_choices()
        for c in range(ncols):
            combo = QComboBox(self.preview)
            combo.addItem(_("(ignore)"), IGNORE)
            for fieldname, label in choices:
                combo.addItem(label, fieldname)
            combo.setCurrentIndex(max(0, combo.findData(self.mapping.get(c, IGNORE))))
            combo.setAccessibleName(_("Import column {name} as").format(name=heads[c]))
            combo.currentIndexChanged.connect(lambda _=0, col=c: self._mapping_changed(col))
            self._combos.append(combo)
            self.preview.setCellWidget(0, c, combo)
        header = self.preview.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.preview.resizeColumnsToContents()
        for c, combo in enumerate(self._combos):
            width = max(combo.sizeHint().width() + 8, min(self.preview.columnWidth(c), 260))
            self.preview.setColumnWidth(c, width)
        row_h = self.preview.verticalHeader().defaultSectionSize()
        combo_h = max((cb.sizeHint().height() for cb in self._combos), default=row_h)
        self.preview.setRowHeight(0, max(row_h, combo_h + 2))
        self._fit_preview_height()

    def _fit_preview_height(self) -> None:
        # Tall enough for every shown row, so the mapping row never scrolls out of sight; room for
        # the horizontal scroll bar only when the columns are wider than the table, else that room
        # shows as an empty grey strip that reads as one more row.
        p = self.preview
        rows = sum(p.rowHeight(r) for r in range(p.rowCount()))
        height = p.horizontalHeader().sizeHint().height() + rows + 2 * p.frameWidth()
        if self.preview_needs_scroll_bar():
            height += p.horizontalScrollBar().sizeHint().height()
        if height != p.height() or p.minimumHeight() != p.maximumHeight():
            p.setFixedHeight(height)

    def preview_needs_scroll_bar(self) -> bool:
        """Whether the preview's columns are wider than the room the table gives them."""
        p = self.preview
        columns = sum(p.columnWidth(c) for c in range(p.columnCount()))
        head = max(p.verticalHeader().width(), p.verticalHeader().sizeHint().width())
        return columns + head + 2 * p.frameWidth() > p.width()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The room for the scroll bar follows the dialog's width: a wider window may not need it.
        if watched is self.preview and event.type() == QEvent.Type.Resize:
            self._fit_preview_height()
        return super().eventFilter(watched, event)

    def column_combo(self, column: int) -> QComboBox:
        """The mapping combo of a file column (for tests and accessibility)."""
        return self._combos[column]

    def set_column_field(self, column: int, fieldname: str) -> None:
        """Map ``column`` to ``fieldname`` (``""`` ignores it), as choosing it in the combo does."""
        combo = self._combos[column]
        combo.setCurrentIndex(combo.findData(fieldname))

    def _mapping_changed(self, column: int) -> None:
        fieldname = self._combos[column].currentData() or IGNORE
        if fieldname:
            # A field comes from one column: the column that had it lets go.
            for c, combo in enumerate(self._combos):
                if c != column and combo.currentData() == fieldname:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)
        self.mapping = {c: combo.currentData() for c, combo in enumerate(self._combos) if combo.currentData()}
        self.recheck()

    # -- checking -------------------------------------------------------------------------------
    def recheck(self) -> None:
        """Check every row against the current mapping and show the report."""
        assert self.table is not None
        table, mapping = self.table, dict(self.mapping)
        try:
            # Cancellable: a million survey answers take some fifteen seconds to check.
            self.plan = run_in_worker(
                self._progress_parent(), self.windowTitle(), _("Checking the rows…"),
                lambda cb: self.run_check(table, mapping, cb),
            )  # fmt: skip
            self.check_error = ""
        except ImportCancelledError:
            # Stopping the check is giving up this import: nothing was changed, and the dialog closes.
            self.plan = None
            self.check_cancelled = True
            if self.isVisible():
                self.reject()
            return
        except CXError as exc:
            self.plan = None
            self.check_error = str(exc)
        self._show_report()

    def errors(self) -> list[RowError]:
        return list(self.plan.errors) if self.plan is not None else []

    def _show_report(self) -> None:
        errors = self.errors()
        bad_rows = {e.row for e in errors}
        ignored = self._ignored_columns()
        self.ignored_label.setText(_("Ignored columns: {names}").format(names=", ".join(ignored)) if ignored else "")
        self.ignored_label.setVisible(bool(ignored))
        if self.plan is None:
            self.summary_label.setText(self.check_error)
            fill_list(self.error_list, [])
        elif self.table is not None and not self.table.rows:
            # "0 rows are ready · Every row is valid." read as if something had gone right.
            self.summary_label.setText(_("The file has headers but no rows under them: nothing to import"))
            fill_list(self.error_list, [])
        else:
            n = self.valid_count(self.plan)
            text = self.valid_noun(n)
            if bad_rows:
                k = len(bad_rows)
                text += " · " + ngettext(
                    "{n} row has problems and will be skipped unless you fix the file",
                    "{n} rows have problems and will be skipped unless you fix the file",
                    k,
                ).format(n=number(k))
            self.summary_label.setText(text)
            fill_list(self.error_list, [str(e) for e in errors])
            if not errors:
                item = QListWidgetItem(_("Every row is valid."))
                item.setForeground(self.palette().placeholderText())
                self.error_list.addItem(item)
        self._tint_rows(bad_rows, errors)
        self._update_buttons()

    def _ignored_columns(self) -> list[str]:
        assert self.table is not None
        out = []
        for i, h in enumerate(self.table.headers):
            if i not in self.mapping and h.strip():
                out.append(quoted(h))
        return out

    def _tint_rows(self, bad_rows: set[int], errors: Sequence[RowError]) -> None:
        assert self.table is not None
        by_row: dict[int, list[str]] = {}
        for e in errors:
            by_row.setdefault(e.row, []).append(str(e))
        for r, (rownum, _cells) in enumerate(self.table.rows[:PREVIEW_ROWS], start=1):
            bad = rownum in bad_rows
            tip = plain_tooltip("\n".join(by_row.get(rownum, [])))
            head = self.preview.verticalHeaderItem(r)
            if head is not None:
                head.setToolTip(tip)
            for c in range(self.preview.columnCount()):
                item = self.preview.item(r, c)
                if item is None:
                    continue
                item.setBackground(QBrush(_INVALID_BG) if bad else QBrush())
                item.setForeground(QBrush(_INVALID_FG) if bad else QBrush())

    def _update_buttons(self) -> None:
        if self.plan is None:
            self.import_button.setText(_("Import"))
            self.import_button.setEnabled(False)
            self.nothing_button.hide()
            return
        n = self.valid_count(self.plan)
        if self.errors():
            self.import_button.setText(_("Import valid rows ({n})").format(n=number(n)))
            self.nothing_button.show()
        else:
            self.import_button.setText(_("Import"))
            self.nothing_button.hide()
        self.import_button.setEnabled(n > 0)

    # -- the buttons ----------------------------------------------------------------------------
    def import_rows(self) -> bool:
        """Push the import as one undoable command and close; on refusal say why and stay open (also on Cancel)."""
        if self.plan is None:
            return False
        build = self.command_builder(skip_invalid=bool(self.errors()))
        outcome = push_import(self, self.undo_stack, self.doc, self.windowTitle(), _("Preparing the rows…"), build)
        if outcome is None:
            return False
        self.outcome = outcome
        self.accept()
        return True

    def import_nothing(self) -> None:
        """Close without importing (the file has errors and the user wants none of it)."""
        self.imported_nothing = True
        self.reject()

    def run(self, io: DialogIO | None = None) -> Any:
        """Show the dialog if the file was read (else say why); what was imported, or None.

        Errors go to ``io`` when given (the caller's choosers and boxes), else to this dialog's.
        """
        if not self.loaded:
            if self.load_error:
                (io or self).show_error(_("Cannot read the file"), self.load_error)
            return None
        self.exec()
        return self.outcome


__all__ = ["IGNORE", "PREVIEW_ROWS", "TableImportDialog"]
