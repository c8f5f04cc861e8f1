"""Document commands for lanes without cards: a cell's text, figure or picture, and a lane's kind.

A cell exists only while it holds something: setting fields creates it, emptying it deletes it, so
an empty stage of a text lane leaves no row in the file. Each command is one undo step.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..i18n import _, language, ngettext, number
from ..model import Change, LaneCell, Project, ValidationError, new_id, vocab
from ..model.entities import shown_value
from .commands import ChangeCommand

CELL_FIELDS = ("text", "value", "unit", "period", "source", "image", "image_type")
_EMPTY: dict[str, Any] = {"text": "", "value": None, "unit": "", "period": "", "source": "", "image": None,
                          "image_type": ""}  # fmt: skip


def cell_is_empty(cell: LaneCell) -> bool:
    """Nothing worth keeping: no words, no figure, no picture (a unit or source alone says nothing)."""
    return not cell.text.strip() and cell.value is None and cell.image is None


def _lane_of_journey(project: Project, stage_id: str, lane_id: str) -> tuple[Any, Any]:
    stage = project.get("stage", stage_id)
    lane = project.get("lane", lane_id)
    if stage.journey_id != lane.journey_id:
        raise ValidationError(_("A lane cell must be in a lane and a stage of the same journey"))
    if lane.kind not in vocab.CELL_LANE_KINDS:
        raise ValidationError(
            _("The lane {name} is computed or holds cards: it has no cells to edit").format(
                name=shown_value(lane.display_name(language()))
            )
        )
    return stage, lane


class SetLaneCellCommand(ChangeCommand):
    """Set fields of the cell of ``lane_id`` at ``stage_id``: created if missing, deleted when emptied."""

    def __init__(self, stage_id: str, lane_id: str, **fields: Any) -> None:
        unknown = set(fields) - set(CELL_FIELDS)
        if unknown:
            raise ValidationError(f"A lane cell has no field {', '.join(sorted(unknown))}")
        super().__init__(_("Edit lane cell"))
        self.stage_id, self.lane_id, self.fields = stage_id, lane_id, fields
        self.cell_id = new_id("lc")

    def build(self, project: Project) -> list[Change]:
        stage, lane = _lane_of_journey(project, self.stage_id, self.lane_id)
        old = project.lane_cell(stage.id, lane.id)
        if old is None:
            new = LaneCell(id=self.cell_id, journey_id=lane.journey_id, lane_id=lane.id, stage_id=stage.id,
                           **self.fields)  # fmt: skip
        else:
            new = old.evolve(**self.fields)
        if cell_is_empty(new):
            return [] if old is None else [Change("lane_cell", old.id, old, None)]
        if new == old:
            return []
        return [Change("lane_cell", new.id, old, new)]


class ClearLaneCellsCommand(ChangeCommand):
    """Empty cells (right-click Clear, the Delete key): they are deleted; undo brings them back."""

    def __init__(self, places: Sequence[tuple[str, str]]) -> None:
        self.places = list(dict.fromkeys(places))
        n = len(self.places)
        super().__init__(ngettext("Clear {n} lane cell", "Clear {n} lane cells", n).format(n=number(n)))

    def build(self, project: Project) -> list[Change]:
        out = []
        for stage_id, lane_id in self.places:
            cell = project.lane_cell(stage_id, lane_id)
            if cell is not None:
                out.append(Change("lane_cell", cell.id, cell, None))
        return out


class SetLaneTypeCommand(ChangeCommand):
    """Change a lane's kind, chart and overlay together.

    A lane that still holds cards cannot become a lane without cards (the model says so). Cells
    that the new kind cannot show are deleted in the same step: text survives between text and
    storyboard (a caption), figures only in a metric lane, pictures only in a storyboard.
    """

    def __init__(self, lane_id: str, **fields: Any) -> None:
        unknown = set(fields) - {"kind", "chart", "overlay", "name"}
        if unknown:
            raise ValidationError(f"A lane type has no field {', '.join(sorted(unknown))}")
        if "overlay" in fields:
            fields["overlay"] = tuple(dict.fromkeys(fields["overlay"]))
        super().__init__(_("Change lane type"))
        self.lane_id, self.fields = lane_id, fields

    def build(self, project: Project) -> list[Change]:
        lane = project.get("lane", self.lane_id)
        new = lane.evolve(**self.fields)
        if new.kind != "metric" and "chart" not in self.fields:
            new = new.evolve(chart="")
        if new.kind != "emotion" and "overlay" not in self.fields:
            new = new.evolve(overlay=())
        if new == lane:
            return []
        changes: list[Change] = []
        if new.kind != lane.kind:
            keep = {
                "text": {"text"},
                "storyboard": {"text", "image", "image_type"},
                "metric": {"value", "unit", "period", "source"},
            }.get(new.kind, set())
            for cell in project.lane_cells(lane.journey_id):
                if cell.lane_id != lane.id:
                    continue
                trimmed = cell.evolve(**{k: v for k, v in _EMPTY.items() if k not in keep})
                if not keep or cell_is_empty(trimmed):
                    changes.append(Change("lane_cell", cell.id, cell, None))
                elif trimmed != cell:
                    changes.append(Change("lane_cell", cell.id, cell, trimmed))
        # Cells first: the lane's new kind is checked against what is left in it.
        changes.append(Change("lane", lane.id, lane, new))
        return changes


__all__ = [
    "CELL_FIELDS",
    "ClearLaneCellsCommand",
    "SetLaneCellCommand",
    "SetLaneTypeCommand",
    "cell_is_empty",
]
