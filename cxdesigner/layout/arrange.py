"""Auto-arrange: reorder cards inside their cells to reduce connection crossings (barycentre sweeps)."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence

from ..model import Project
from .geometry import Cell, JourneyLayout

SWEEPS = 6


def arranged_cells(project: Project, journey_id: str, sweeps: int = SWEEPS) -> dict[Cell, list[str]]:
    """A new order for every cell of the journey; cards never leave their cell.

    Each card is pulled towards the average height of the cards it is connected to in
    other cells (the barycentre heuristic of layered graph drawing), sweeping the stages
    left to right and back. Steps inside one cell keep their direction: a card comes
    before the cards of the same cell it leads to.
    """
    stages = [s.id for s in project.stages(journey_id)]
    lanes = [ln.id for ln in project.lanes(journey_id)]
    cells: dict[Cell, list[str]] = {(s, ln): [] for s in stages for ln in lanes}
    cell_of: dict[str, Cell] = {}
    for tp in project.touchpoints(journey_id):
        cells[(tp.stage_id, tp.lane_id)].append(tp.id)
        cell_of[tp.id] = (tp.stage_id, tp.lane_id)
    neighbours: dict[str, list[str]] = {t: [] for t in cell_of}
    inside: dict[str, list[str]] = {t: [] for t in cell_of}
    for c in project.connections(journey_id):
        a, b = c.source_id, c.target_id
        if a not in cell_of or b not in cell_of:
            continue
        if cell_of[a] == cell_of[b]:
            inside[a].append(b)
        else:
            neighbours[a].append(b)
            neighbours[b].append(a)
    # One vertical scale for the whole map: each lane as tall as its fullest cell.
    lane_base: dict[str, int] = {}
    base = 0
    for ln in lanes:
        lane_base[ln] = base
        base += max((len(cells[(s, ln)]) for s in stages), default=0) + 1
    y: dict[str, float] = {}
    for (_s, ln), ids in cells.items():
        for i, t in enumerate(ids):
            y[t] = lane_base[ln] + i
    for sweep in range(sweeps):
        order = stages if sweep % 2 == 0 else list(reversed(stages))
        for s in order:
            for ln in lanes:
                ids = cells[(s, ln)]
                if len(ids) < 2:
                    continue
                bary = {
                    t: (sum(y[n] for n in neighbours[t]) / len(neighbours[t]) if neighbours[t] else y[t]) for t in ids
                }
                new = _ordered(ids, bary, inside)
                cells[(s, ln)] = new
                for i, t in enumerate(new):
                    y[t] = lane_base[ln] + i
    return cells


def _ordered(ids: Sequence[str], priority: Mapping[str, float], inside: Mapping[str, Iterable[str]]) -> list[str]:
    """Sort by priority while keeping every in-cell step a → b with a first (cycles are cut)."""
    rank = {t: i for i, t in enumerate(ids)}
    members = set(ids)
    indegree = dict.fromkeys(ids, 0)
    for a in ids:
        for b in inside[a]:
            if b in members and b != a:
                indegree[b] += 1
    heap = [(priority[t], rank[t], t) for t in ids if indegree[t] == 0]
    heapq.heapify(heap)
    out: list[str] = []
    placed: set[str] = set()
    while len(out) < len(ids):
        if not heap:
            # A cycle: release the waiting card with the best priority.
            rest = min((t for t in ids if t not in placed), key=lambda t: (priority[t], rank[t]))
            indegree[rest] = 0
            heap.append((priority[rest], rank[rest], rest))
        _p, _r, t = heapq.heappop(heap)
        if t in placed:
            continue
        out.append(t)
        placed.add(t)
        for b in inside[t]:
            if b in members and b not in placed:
                indegree[b] -= 1
                if indegree[b] == 0:
                    heapq.heappush(heap, (priority[b], rank[b], b))
    return out


def count_crossings(layout: JourneyLayout, pairs: Iterable[tuple[str, str]]) -> int:
    """Pairs of connections whose straight centre-to-centre lines cross (a measure for auto-arrange)."""
    segs = []
    for a, b in pairs:
        ra, rb = layout.cards.get(a), layout.cards.get(b)
        if ra is not None and rb is not None:
            segs.append(((ra.cx, ra.cy), (rb.cx, rb.cy), a, b))
    count = 0
    for i in range(len(segs)):
        p1, p2, a1, b1 = segs[i]
        for j in range(i + 1, len(segs)):
            q1, q2, a2, b2 = segs[j]
            if {a1, b1} & {a2, b2}:
                continue
            if _proper_cross(p1, p2, q1, q2):
                count += 1
    return count


def _proper_cross(
    p1: tuple[float, float], p2: tuple[float, float], q1: tuple[float, float], q2: tuple[float, float]
) -> bool:
    def orient(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = orient(q1, q2, p1), orient(q1, q2, p2)
    d3, d4 = orient(p1, p2, q1), orient(p1, p2, q2)
    return d1 * d2 < 0 and d3 * d4 < 0
