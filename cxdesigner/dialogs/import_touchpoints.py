"""Import touchpoints from a CSV or Excel workbook: preview, column mapping, checks, target journey."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..document import Document
from ..document.commands import Command
from ..exchange import columns, tables, touchpoints
from ..exchange.common import Progress, delimiter_name
from ..exchange.touchpoints import ImportOutcome, TouchpointImport
from ..i18n import _, ngettext, number, quote
from ..model import Project, ValidationError
from ..qtcommands import UndoStack
from .background import BuildCommand
from .common import DialogIO, WidgetIO, ask_file_and_run, journey_combo, ui_lang
from .tableimport import TableImportDialog


def spreadsheet_filters() -> list[str]:
    """File-chooser filters for CSV and Excel files."""
    return [
        _("Spreadsheets (*.csv *.xlsx *.txt *.tsv)"),
        _("CSV files (*.csv *.txt *.tsv)"),
        _("Excel workbooks (*.xlsx)"),
        _("All files (*)"),
    ]


class ImportTouchpointsDialog(TableImportDialog):
    """Touchpoints from a workshop spreadsheet, added to a journey (or a new one) as one undo step."""

    def window_title(self) -> str:
        return _("Import touchpoints")

    def field_choices(self) -> list[tuple[str, str]]:
        lang = ui_lang()
        return [(c.field, c.header(lang)) for c in columns.COLUMNS]

    def guess_mapping(self, headers: list[str]) -> dict[int, str]:
        return columns.guess_mapping(headers)

    def run_check(self, table: tables.Table, mapping: dict[int, str], progress_cb: Any) -> TouchpointImport:
        if "title" not in mapping.values():
            # The reader's advice (rename a column of the file) is for the command line; here the mapping row fixes it.
            title = columns.BY_FIELD["title"].header(ui_lang())
            heads = [h for h in table.headers if h.strip()]
            other = [d for d in tables.DELIMITERS if len(heads) == 1 and d != table.delimiter and d in heads[0]]
            if other and not self.is_xlsx:
                raise ValidationError(
                    _("The whole file reads as one column: it seems to be separated by {delimiter}; choose that "
                      "delimiter above").format(delimiter=delimiter_name(other[0]))
                )
            raise ValidationError(
                _(
                    "No column is imported as {title}: choose {title} in the {row} row above the column "
                    "that holds the card titles"
                ).format(title=quote(title), row=quote(_("Import as")))
            )
        return touchpoints.check_table(table, mapping, progress=progress_cb)

    def valid_count(self, plan: TouchpointImport) -> int:
        return len(plan.rows)

    def valid_noun(self, n: int) -> str:
        return ngettext("{n} touchpoint is ready to import", "{n} touchpoints are ready to import", n).format(
            n=number(n)
        )

    def build_target(self, layout: QVBoxLayout) -> None:
        box = QGroupBox(_("Add the touchpoints to"), self)
        grid = QGridLayout(box)
        self.existing_radio = QRadioButton(_("&Journey:"), box)
        self.journey_choice: QComboBox = journey_combo(self.doc.project, self.journey_id, box)
        self.new_radio = QRadioButton(_("A &new journey named:"), box)
        self.new_name = QLineEdit(box)
        # The radio buttons beside them say what they are; a screen reader needs it on the fields too.
        self.journey_choice.setAccessibleName(_("Journey"))
        self.new_name.setAccessibleName(_("Name of the new journey"))
        self.new_name.setText(self.path.stem[:120])
        self.new_name.setMaxLength(500)
        group = QButtonGroup(box)
        group.addButton(self.existing_radio)
        group.addButton(self.new_radio)
        grid.addWidget(self.existing_radio, 0, 0)
        grid.addWidget(self.journey_choice, 0, 1)
        grid.addWidget(self.new_radio, 1, 0)
        grid.addWidget(self.new_name, 1, 1)
        grid.setColumnStretch(1, 1)
        has_journeys = self.journey_choice.count() > 0
        self.existing_radio.setEnabled(has_journeys)
        (self.existing_radio if has_journeys else self.new_radio).setChecked(True)
        self.existing_radio.toggled.connect(self._target_changed)
        self.journey_choice.activated.connect(lambda _=0: self.existing_radio.setChecked(True))
        self.new_name.textEdited.connect(lambda _="": self.new_radio.setChecked(True))
        self._target_changed()
        layout.addWidget(box)

    def _target_changed(self) -> None:
        self.journey_choice.setEnabled(self.existing_radio.isChecked())
        self.new_name.setEnabled(self.new_radio.isChecked())

    def set_target(self, journey_id: str | None = None, new_name: str | None = None) -> None:
        """Choose the target: an existing journey by id, or a new journey named ``new_name``."""
        if journey_id is not None:
            self.existing_radio.setChecked(True)
            self.journey_choice.setCurrentIndex(self.journey_choice.findData(journey_id))
        else:
            self.new_radio.setChecked(True)
            if new_name is not None:
                self.new_name.setText(new_name)

    def command_builder(self, skip_invalid: bool) -> BuildCommand:
        if self.existing_radio.isChecked():
            jid, name = self.journey_choice.currentData(), None
        else:
            jid, name = None, self.new_name.text().strip() or self.path.stem
        plan = self.plan

        def build(project: Project, progress: Progress | None) -> tuple[Command, ImportOutcome]:
            out = touchpoints.plan_import(project, plan, jid, name, skip_invalid=skip_invalid)
            return out.command, out

        return build


def import_touchpoints(
    parent: QWidget | None,
    doc: Document,
    undo_stack: UndoStack,
    journey_id: str | None,
    io: DialogIO | None = None,
) -> ImportOutcome | None:
    """File ▸ Import ▸ Touchpoints: ask for a spreadsheet, then run the dialog; what was imported."""
    io = io or WidgetIO(parent, doc)
    return ask_file_and_run(
        io,
        _("Import touchpoints from a spreadsheet"),
        spreadsheet_filters(),
        lambda path: ImportTouchpointsDialog(doc, undo_stack, journey_id, path, parent),
    )


__all__ = ["ImportTouchpointsDialog", "import_touchpoints", "spreadsheet_filters"]
