"""Where cards go when several move together, and which card an arrow key reaches next (no Qt)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..model import Project, Touchpoint
from .geometry import Cell, JourneyLayout

# Cards, the stage and lane they go to, and the index in that cell before the move (None: the end).
GroupMove = tuple[list[str], str, str, int | None]


def cell_offset(project: Project, tp_id: str, cell: Cell) -> tuple[int, int]:
    """How many stages and lanes lie between a card's cell and ``cell`` (of the same journey)."""
    tp = project.get("touchpoint", tp_id)
    stages = [s.id for s in project.stages(tp.journey_id)]
    lanes = [ln.id for ln in project.lanes(tp.journey_id)]
    return stages.index(cell[0]) - stages.index(tp.stage_id), lanes.index(cell[1]) - lanes.index(tp.lane_id)


def moves_by_offset(
    project: Project,
    ids: Sequence[str],
    stage_step: int,
    lane_step: int,
    anchor: str | None = None,
    index: int | None = None,
    card_lanes_only: bool = False,
) -> list[GroupMove]:
    """Each card moved by the same number of stages and lanes, stopping at the map's edges.

    Cards landing in one cell keep their journey order. The group that holds ``anchor`` (the
    card under the mouse) goes in at ``index``; any other group keeps the height it had in its
    old cell. A group that would stay where it is is left out, so no move gives no groups.
    With ``card_lanes_only`` lane steps count only lanes that hold cards (Ctrl+arrows step over
    text, figure and picture lanes).
    """
    cards = [project.get("touchpoint", i) for i in dict.fromkeys(ids)]
    if not cards:
        return []
    journey_id = cards[0].journey_id
    stages = [s.id for s in project.stages(journey_id)]
    lanes = [ln.id for ln in project.lanes(journey_id) if ln.holds_cards or not card_lanes_only]
    stage_at = {s: i for i, s in enumerate(stages)}
    lane_at = {ln: i for i, ln in enumerate(lanes)}
    groups: dict[Cell, list[Touchpoint]] = {}
    for tp in sorted(cards, key=lambda t: (stage_at[t.stage_id], lane_at[t.lane_id], t.position, t.id)):
        si = min(max(stage_at[tp.stage_id] + stage_step, 0), len(stages) - 1)
        li = min(max(lane_at[tp.lane_id] + lane_step, 0), len(lanes) - 1)
        groups.setdefault((stages[si], lanes[li]), []).append(tp)
    out: list[GroupMove] = []
    for (stage_id, lane_id), group in groups.items():
        ids_here = [tp.id for tp in group]
        if anchor in ids_here:
            out.append((ids_here, stage_id, lane_id, index))
        elif any((tp.stage_id, tp.lane_id) != (stage_id, lane_id) for tp in group):
            out.append((ids_here, stage_id, lane_id, min(tp.position for tp in group)))
    return out


_DIRECTIONS = {(1, 0), (-1, 0), (0, 1), (0, -1)}


def neighbour_card(
    layout: JourneyLayout, from_id: str, stage_step: int, lane_step: int, among: Iterable[str] | None = None
) -> str | None:
    """The card an arrow key reaches from ``from_id``: the nearest one that way, the straightest first.

    ``stage_step``/``lane_step`` is one of (±1, 0), (0, ±1); ``among`` limits the choice (the cards
    shown while a filter hides others). None when there is no card that way.
    """
    if (stage_step, lane_step) not in _DIRECTIONS or from_id not in layout.cards:
        return None
    start = layout.cards[from_id]
    best: tuple[float, str] | None = None
    for tp_id in layout.cards if among is None else among:
        rect = layout.cards.get(tp_id)
        if rect is None or tp_id == from_id:
            continue
        dx, dy = rect.cx - start.cx, rect.cy - start.cy
        along, across = (dx * stage_step, abs(dy)) if stage_step else (dy * lane_step, abs(dx))
        if along <= 0.5:
            continue
        # Sideways distance counts double: the card straight ahead wins over a nearer one off to the side.
        score = (along + 2 * across, tp_id)
        if best is None or score < best:
            best = score
    return best[1] if best is not None else None


__all__ = ["GroupMove", "cell_offset", "moves_by_offset", "neighbour_card"]
