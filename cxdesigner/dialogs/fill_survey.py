"""Fill Figures from Survey (Edit menu, window/lanefill.py): a survey measure per stage into a lane of figures."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from ..analysis.lanes import FILL_MEASURES, fill_unit, survey_figures
from ..document import Document
from ..document.lanefill import MEASURE_NAMES, FillFromSurveyCommand
from ..i18n import _, ngettext, number, translation
from ..model import CXError
from ..qtcommands import UndoStack
from .common import DialogIO, WidgetIO, plain_label, ui_lang


class FillSurveyDialog(QDialog):
    """Pick a lane of figures and a measure; the preview shows each stage's figure and answers."""

    def __init__(self, doc: Document, journey_id: str, lane_id: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.journey_id = doc, journey_id
        self.setWindowTitle(_("Fill figures from survey"))
        lang = ui_lang()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.lane_choice = QComboBox(self)
        for lane in doc.project.lanes(journey_id):
            if lane.kind == "metric":
                self.lane_choice.addItem(lane.display_name(lang), lane.id)
        if lane_id is not None and self.lane_choice.findData(lane_id) >= 0:
            self.lane_choice.setCurrentIndex(self.lane_choice.findData(lane_id))
        self.measure_choice = QComboBox(self)
        for key in FILL_MEASURES:
            self.measure_choice.addItem(_(MEASURE_NAMES[key]), key)
        form.addRow(_("&Lane of figures:"), self.lane_choice)
        form.addRow(_("&Measure:"), self.measure_choice)
        layout.addLayout(form)
        self.preview = plain_label("", self, wrap=True)
        layout.addWidget(self.preview)
        layout.addWidget(
            plain_label(
                _("The figures replace what the lane holds (one undo step); a stage without answers is left empty."),
                self,
                wrap=True,
            )
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.measure_choice.currentIndexChanged.connect(self._update)
        self._update()
        # The form is narrow: wide enough that the title bar shows the whole title (Spanish is longer),
        # with room left for the window manager's buttons.
        shown = f"{self.windowTitle()} — CX Designer"
        self.setMinimumWidth(max(self.sizeHint().width(), self.fontMetrics().horizontalAdvance(shown) + 160))

    def measure(self) -> str:
        return str(self.measure_choice.currentData())

    def lane_id(self) -> str | None:
        return self.lane_choice.currentData()

    def _update(self) -> None:
        lang = ui_lang()
        figures = survey_figures(self.doc.project, self.journey_id, self.measure())
        unit = fill_unit(self.measure())
        names = {s.id: s.display_name(lang) for s in self.doc.project.stages(self.journey_id)}
        lines = []
        if all(fig.value is None for fig in figures):
            lines.append(
                _("No answers for this measure in this journey yet: choose another measure, or import survey "
                  "answers (File ▸ Import ▸ Survey answers…)")
            )
            figures = []
        for fig in figures:
            if fig.value is None:
                what = _("no answers")
            else:
                figure = translation(lang).number(fig.value, 2) + (f" {unit}" if unit else "")
                what = f"{figure} · " + ngettext("{n} answer", "{n} answers", fig.answers).format(
                    n=number(fig.answers)
                )
            lines.append(f"{names[fig.stage_id]}: {what}")
        self.preview.setText("\n".join(lines))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.lane_id() is not None and any(f.value is not None for f in figures)
        )


def fill_from_survey(
    parent: QWidget | None,
    doc: Document,
    undo_stack: UndoStack,
    journey_id: str | None,
    io: DialogIO | None = None,
) -> bool:
    """Ask for the lane and the measure, then fill the lane; True when it was filled."""
    io = io or WidgetIO(parent, doc)
    title = _("Fill figures from survey")
    if journey_id is None or not any(ln.kind == "metric" for ln in doc.project.lanes(journey_id)):
        io.show_error(title, _("The journey has no lane of figures: add one first."))
        return False
    dialog = FillSurveyDialog(doc, journey_id, parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.lane_id() is None:
        return False
    try:
        undo_stack.push(FillFromSurveyCommand(str(dialog.lane_id()), dialog.measure()))
    except CXError as exc:
        io.show_error(title, str(exc))
        return False
    return True


__all__ = ["FillSurveyDialog", "fill_from_survey"]
