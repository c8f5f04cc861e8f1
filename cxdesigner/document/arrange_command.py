"""The auto-arrange command: new card orders inside their cells, as one undoable change set."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..i18n import _
from ..layout.geometry import Cell
from ..model import Change, Project
from .commands import ChangeCommand


class ArrangeCellsCommand(ChangeCommand):
    """Give the cards of each cell the order in ``orders`` (one undo step, one transaction)."""

    def __init__(self, orders: Mapping[Cell, Sequence[str]], description: str = "") -> None:
        super().__init__(description or _("Auto-arrange"))
        self.orders = {cell: list(ids) for cell, ids in orders.items()}

    def build(self, project: Project) -> list[Change]:
        changes = []
        for (sid, lid), ids in self.orders.items():
            for i, tid in enumerate(ids):
                tp = project.get("touchpoint", tid)
                if (tp.stage_id, tp.lane_id) != (sid, lid):
                    continue
                if tp.position != i:
                    changes.append(Change("touchpoint", tid, tp, tp.evolve(position=i)))
        return changes
