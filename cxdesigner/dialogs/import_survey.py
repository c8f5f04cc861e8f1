"""Import survey answers (NPS, CSAT, effort, emotion) matched to a journey's touchpoints by title."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QVBoxLayout, QWidget

from ..document import Document
from ..document.commands import Command
from ..exchange import survey, tables
from ..exchange.common import Progress
from ..exchange.survey import SurveyImport
from ..i18n import _, ngettext, number, quote
from ..model import Project, ValidationError
from ..qtcommands import UndoStack
from .background import BuildCommand
from .common import DialogIO, WidgetIO, ask_file_and_run, journey_combo, plain_label, ui_lang
from .import_touchpoints import spreadsheet_filters
from .tableimport import PREVIEW_ROWS, TableImportDialog


class ImportSurveyDialog(TableImportDialog):
    """Survey responses from a spreadsheet, stored against the chosen journey's cards as one undo step.

    After :meth:`exec`, :attr:`outcome` is the checked :class:`~cxdesigner.exchange.survey.SurveyImport`
    whose responses were added (None when nothing was).
    """

    ROW_KIND = "response"  # each row is one answer

    def window_title(self) -> str:
        return _("Import survey answers")

    def field_choices(self) -> list[tuple[str, str]]:
        heads = survey.survey_headers(ui_lang())
        return list(zip(survey.SURVEY_COLUMNS, heads))

    def guess_mapping(self, headers: list[str]) -> dict[int, str]:
        return survey.guess_survey_mapping(headers)

    def run_check(self, table: tables.Table, mapping: dict[int, str], progress_cb: Any) -> SurveyImport:
        jid = self.journey_choice.currentData()
        if jid is None:
            raise ValidationError(_("The project has no journey to match the answers to."))
        missing = [f for f in ("touchpoint", "measure", "score") if f not in mapping.values()]
        if missing:
            raise ValidationError(self.missing_column_message(table, mapping, missing[0]))
        return survey.check_survey(self.doc.project, jid, table, mapping, progress=progress_cb)

    def missing_column_message(self, table: tables.Table, mapping: dict[int, str], fieldname: str) -> str:
        """What to do when no column is imported as ``fieldname``, in the dialog's terms."""
        # The reader's refusal (list the headers, name the columns a survey file needs) is the command
        # line's; here the mapping row is the fix, unless every column already has another use.
        label = dict(self.field_choices())[fieldname]
        what = {
            "touchpoint": _("the touchpoint titles"),
            "measure": _("the measure of each answer (nps, csat, ces or emotion)"),
            "score": _("the scores"),
        }[fieldname]
        shown = table.rows[:PREVIEW_ROWS]
        if all(i in mapping for i in range(max([len(table.headers), *(len(cells) for _, cells in shown)]))):
            return _("No column of the file holds {what}: add a {field} column to the file and import it again").format(
                what=what, field=quote(label)
            )
        return _(
            "No column is imported as {field}: choose {field} in the {row} row above the column that holds {what}"
        ).format(field=quote(label), row=quote(_("Import as")), what=what)

    def valid_count(self, plan: SurveyImport) -> int:
        return len(plan.responses)

    def valid_noun(self, n: int) -> str:
        return ngettext("{n} answer is ready to import", "{n} answers are ready to import", n).format(n=number(n))

    def build_target(self, layout: QVBoxLayout) -> None:
        form = QFormLayout()
        self.journey_choice: QComboBox = journey_combo(self.doc.project, self.journey_id, self)
        form.addRow(_("Match answers to the cards of &journey:"), self.journey_choice)
        layout.addLayout(form)
        layout.addWidget(
            plain_label(
                _(
                    "Each row needs a touchpoint title, a measure (nps, csat, ces or emotion) and a score; "
                    "date and comment are optional."
                ),
                self,
                wrap=True,
            )
        )
        self.journey_choice.currentIndexChanged.connect(self._journey_changed)

    def _journey_changed(self) -> None:
        if self.table is not None:
            self.recheck()

    def command_builder(self, skip_invalid: bool) -> BuildCommand:
        plan, source = self.plan, self.path.name

        def build(project: Project, progress: Progress | None) -> tuple[Command, SurveyImport]:
            return plan.command(skip_invalid, source), plan

        return build


def import_survey(
    parent: QWidget | None,
    doc: Document,
    undo_stack: UndoStack,
    journey_id: str | None,
    io: DialogIO | None = None,
) -> SurveyImport | None:
    """File ▸ Import ▸ Survey answers: ask for a spreadsheet, then run the dialog; what was imported."""
    io = io or WidgetIO(parent, doc)
    if not doc.project.journeys():
        io.show_error(_("Import survey answers"), _("The project has no journey to match the answers to."))
        return None
    return ask_file_and_run(
        io,
        _("Import survey answers"),
        spreadsheet_filters(),
        lambda path: ImportSurveyDialog(doc, undo_stack, journey_id, path, parent),
    )


__all__ = ["ImportSurveyDialog", "import_survey"]
