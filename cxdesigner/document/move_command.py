"""Moving cards to several cells at once (a multi-card drag keeps each card's own stage and lane offset)."""

from __future__ import annotations

from collections.abc import Sequence

from ..i18n import _, ngettext, number
from ..model import Change, Project, Touchpoint, ValidationError
from .commands import ChangeCommand, _clamp_index, _renumber

# One group of a move: these cards go into the cell (stage id, lane id) at this index of the cell
# as it looks before the move (None: at its end), keeping their journey order.
CellMove = tuple[Sequence[str], str, str, int | None]


class MoveTouchpointsToCellsCommand(ChangeCommand):
    """Move groups of cards, each group into its own cell, as one change set (one undo step).

    With one group it does what ``MoveTouchpointsCommand`` does. The gaps the cards leave behind
    are closed; a card named twice moves with its first group.
    """

    def __init__(self, moves: Sequence[CellMove], description: str = "") -> None:
        groups: dict[tuple[str, str], tuple[list[str], int | None]] = {}
        seen: set[str] = set()
        for ids, stage_id, lane_id, index in moves:
            fresh = [i for i in dict.fromkeys(ids) if i not in seen]
            seen.update(fresh)
            # Two groups for one cell are one group: the first one's index wins.
            known = groups.setdefault((stage_id, lane_id), ([], index))
            known[0].extend(fresh)
        self.groups = {cell: (ids, index) for cell, (ids, index) in groups.items() if ids}
        n = len(seen)
        super().__init__(description or ngettext("Move {n} touchpoint", "Move {n} touchpoints", n).format(n=number(n)))

    @property
    def ids(self) -> list[str]:
        return [i for ids, _index in self.groups.values() for i in ids]

    def build(self, project: Project) -> list[Change]:
        moving: dict[str, Touchpoint] = {i: project.get("touchpoint", i) for i in self.ids}
        if not moving:
            return []
        journey_id = next(iter(moving.values())).journey_id
        for stage_id, lane_id in self.groups:
            stage, lane = project.get("stage", stage_id), project.get("lane", lane_id)
            if stage.journey_id != journey_id or lane.journey_id != journey_id:
                raise ValidationError(_("Touchpoints can only be moved within their journey"))
        if any(tp.journey_id != journey_id for tp in moving.values()):
            raise ValidationError(_("Touchpoints can only be moved within their journey"))
        # Journey order (as Project.touchpoints sorts), for the moving cards only: sorting the
        # whole journey for a drag of one card was most of building the command at 5,000 cards.
        stage_pos = {s.id: i for i, s in enumerate(project.stages(journey_id))}
        lane_pos = {ln.id: i for i, ln in enumerate(project.lanes(journey_id))}

        def rank(tp: Touchpoint) -> tuple[int, int, int, str]:
            return (stage_pos[tp.stage_id], lane_pos[tp.lane_id], tp.position, tp.id)

        changes: list[Change] = []
        for (stage_id, lane_id), (ids, index) in self.groups.items():
            group = sorted((moving[i] for i in ids), key=rank)
            target = project.cell(stage_id, lane_id)
            # The index counts the cards of the target cell as it looks before the move.
            at = _clamp_index(index, len(target))
            before = [tp for tp in target[:at] if tp.id not in moving]
            after = [tp for tp in target[at:] if tp.id not in moving]
            place = {tp.id: {"stage_id": stage_id, "lane_id": lane_id} for tp in group}
            changes += _renumber(before + group + after, place)
        # Close the gaps the cards leave in cells that receive none of them.
        sources = {(tp.stage_id, tp.lane_id) for tp in moving.values()} - set(self.groups)
        for stage_id, lane_id in sorted(sources):
            changes += _renumber([tp for tp in project.cell(stage_id, lane_id) if tp.id not in moving])
        return changes


__all__ = ["CellMove", "MoveTouchpointsToCellsCommand"]
