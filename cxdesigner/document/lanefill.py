"""Fill a metric lane from survey answers: one undoable step that writes a figure a stage.

The figures are worked out by :func:`cxdesigner.analysis.lanes.survey_figures` (NPS, CSAT…
over the answers about each stage's cards, the room's ratings included); this command only says
what changes, so undo puts back exactly what the lane held before.
"""

from __future__ import annotations

from ..analysis.lanes import FILL_MEASURES, fill_unit, survey_figures
from ..i18n import N_, _, language, ngettext, number, quote
from ..model import Change, LaneCell, Project, ValidationError, new_id
from .commands import ChangeCommand, named, short_name

# How each measure is named in the menu and the undo step.
MEASURE_NAMES = {
    "nps": N_("NPS (% promoters − % detractors)"),
    "csat": N_("CSAT (% satisfied, 4 or 5)"),
    "csat_mean": N_("CSAT (mean answer, 1–5)"),
    "ces": N_("Effort (mean answer, 1–7)"),
    "emotion": N_("Emotion (mean answer, −3…+3)"),
    "importance": N_("Importance as rated (mean, 1–5)"),
    "satisfaction": N_("Satisfaction as rated (mean, 1–5)"),
}


def survey_source(answers: int) -> str:
    """What a filled cell's source says: ``survey: 12 answers``."""
    return ngettext("survey: {n} answer", "survey: {n} answers", answers).format(n=number(answers))


class FillFromSurveyCommand(ChangeCommand):
    """Write ``measure`` per stage into a metric lane's cells, replacing their figures.

    A stage nobody answered about loses its figure: the cell goes when nothing else is in it
    (a text note stays). The unit is the measure's (``%`` for CSAT), the period is cleared and the
    source says how many answers the figure stands on.
    """

    def __init__(self, lane_id: str, measure: str) -> None:
        if measure not in FILL_MEASURES:
            raise ValidationError(
                _("Unknown survey measure {measure}: use one of {choices}").format(
                    measure=quote(measure), choices=", ".join(FILL_MEASURES)
                )
            )
        super().__init__(_("Fill from survey: {measure}").format(measure=_(MEASURE_NAMES[measure])))
        self.lane_id = lane_id
        self.measure = measure

    def build(self, project: Project) -> list[Change]:
        lane = project.get("lane", self.lane_id)
        if lane.kind != "metric":
            raise ValidationError(_("Only a lane of figures can be filled from survey answers"))
        # Which lane, once it is known: a journey may have several lanes of figures.
        self.description = named(
            _("Fill “{lane}” from the survey: {measure}"), self.description,
            lane=short_name(lane.display_name(language())), measure=_(MEASURE_NAMES[self.measure]),
        )
        unit = fill_unit(self.measure)
        changes: list[Change] = []
        for fig in survey_figures(project, lane.journey_id, self.measure):
            old = project.lane_cell(fig.stage_id, lane.id)
            if fig.value is None:
                if old is None or old.value is None:
                    continue
                if old.text or old.image is not None:
                    new = old.evolve(value=None, unit="", period="", source="")
                    changes.append(Change("lane_cell", old.id, old, new))
                else:
                    changes.append(Change("lane_cell", old.id, old, None))
                continue
            fields = {"value": fig.value, "unit": unit, "period": "", "source": survey_source(fig.answers)}
            if old is None:
                cell = LaneCell(
                    id=new_id("lc"), journey_id=lane.journey_id, lane_id=lane.id, stage_id=fig.stage_id, **fields
                )
                changes.append(Change("lane_cell", cell.id, None, cell))
            else:
                changes.append(Change("lane_cell", old.id, old, old.evolve(**fields)))
        return changes


__all__ = ["MEASURE_NAMES", "FillFromSurveyCommand", "survey_source"]
