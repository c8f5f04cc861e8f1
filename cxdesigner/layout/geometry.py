"""Pure geometry of a journey map: columns, rows, cells, cards, headers and connection routes.

Nothing here touches Qt widgets or the model's objects: the scene hands in ids, phases and card
heights, and gets back rectangles it can compare with the previous layout to move only what
changed. Connection routes are planned on top of this layout in :mod:`.routing`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

Cell = tuple[str, str]  # (stage id, lane id)
Point = tuple[float, float]


class Rect(NamedTuple):
    """An axis-aligned rectangle (plain floats: cheaper than QRectF for thousands of cards)."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def contains(self, px: float, py: float) -> bool:
        return self.x <= px <= self.right and self.y <= py <= self.bottom

    def contains_rect(self, other: Rect) -> bool:
        return self.x <= other.x and self.y <= other.y and other.right <= self.right and other.bottom <= self.bottom

    def overlaps(self, other: Rect) -> bool:
        """True when the interiors meet (touching edges do not count)."""
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom

    def united(self, other: Rect) -> Rect:
        x, y = min(self.x, other.x), min(self.y, other.y)
        return Rect(x, y, max(self.right, other.right) - x, max(self.bottom, other.bottom) - y)


@dataclass(frozen=True)
class Metrics:
    """Sizes in scene units (1 unit = 1 pixel at 100 % zoom)."""

    margin: float = 16.0
    title_h: float = 62.0
    phase_h: float = 24.0
    stage_h: float = 40.0
    header_gap: float = 2.0
    lane_header_w: float = 150.0
    gutter: float = 28.0
    cell_pad: float = 12.0
    card_w: float = 176.0
    card_h: float = 100.0
    card_gap: float = 20.0
    # What a card's vote marks, standing in the gap above it, keep clear of the card above in its cell.
    marks_clear: float = 5.0
    emotion_h: float = 150.0
    track_step: float = 4.0
    tracks: int = 5
    port_step: float = 6.0

    @property
    def cell_w(self) -> float:
        return self.card_w + 2 * self.cell_pad


@dataclass(frozen=True)
class StageSpec:
    id: str
    phase: str


@dataclass
class JourneyLayout:
    """Where everything of one journey goes."""

    metrics: Metrics
    stage_ids: list[str]
    lane_ids: list[str]
    columns: dict[str, tuple[float, float]]  # stage id -> (x, width) of its cells
    rows: dict[str, tuple[float, float]]  # lane id -> (y, height) of its cells
    cards: dict[str, Rect]
    card_cell: dict[str, Cell]
    cell_order: dict[Cell, list[str]]
    title_rect: Rect
    phase_bands: list[tuple[str, Rect]]
    stage_headers: dict[str, Rect]
    lane_headers: dict[str, Rect]
    emotion_header: Rect
    emotion_plot: Rect
    top_strip: Rect  # phase band + stage headers, the part pinned while scrolling down
    left_strip: Rect  # lane headers + emotion label, the part pinned while scrolling right
    bounds: Rect
    col_gutter_x: list[float]  # centre of the vertical gutter left of column i (last: right of the last column)
    row_gutter_y: list[float]  # centre of the horizontal gutter above row i (last: below the last row)
    col_gutter_w: list[float] = field(default_factory=list)  # width of each vertical gutter, in the same order
    row_gutter_h: list[float] = field(default_factory=list)  # height of each horizontal gutter
    stage_index: dict[str, int] = field(default_factory=dict)
    lane_index: dict[str, int] = field(default_factory=dict)
    card_index: dict[str, int] = field(default_factory=dict)  # order of a card in its cell
    card_heights: dict[str, float] = field(default_factory=dict)  # cards not as tall as the metrics say

    # -- cells -------------------------------------------------------------------------------------
    def cell_rect(self, stage_id: str, lane_id: str) -> Rect:
        x, w = self.columns[stage_id]
        y, h = self.rows[lane_id]
        return Rect(x, y, w, h)

    def cells(self) -> Iterable[tuple[Cell, Rect]]:
        for lid in self.lane_ids:
            for sid in self.stage_ids:
                yield (sid, lid), self.cell_rect(sid, lid)

    def lanes_area(self) -> Rect | None:
        if not self.stage_ids or not self.lane_ids:
            return None
        first = self.cell_rect(self.stage_ids[0], self.lane_ids[0])
        last = self.cell_rect(self.stage_ids[-1], self.lane_ids[-1])
        return first.united(last)

    def cell_at(self, x: float, y: float) -> Cell | None:
        """The cell under a point, or None over headers, gutters and margins."""
        sid = next((s for s in self.stage_ids if self.columns[s][0] <= x <= sum(self.columns[s])), None)
        lid = next((ln for ln in self.lane_ids if self.rows[ln][0] <= y <= sum(self.rows[ln])), None)
        return (sid, lid) if sid is not None and lid is not None else None

    def nearest_cell(self, x: float, y: float) -> Cell | None:
        """The cell under a point or, over a gutter or a header, the closest one."""
        if not self.stage_ids or not self.lane_ids:
            return None
        sid = min(self.stage_ids, key=lambda s: _distance_1d(x, *self.columns[s]))
        lid = min(self.lane_ids, key=lambda ln: _distance_1d(y, *self.rows[ln]))
        return sid, lid

    def stage_at_x(self, x: float) -> str | None:
        if not self.stage_ids:
            return None
        return min(self.stage_ids, key=lambda s: _distance_1d(x, *self.columns[s]))

    def lane_at_y(self, y: float) -> str | None:
        if not self.lane_ids:
            return None
        return min(self.lane_ids, key=lambda ln: _distance_1d(y, *self.rows[ln]))

    def insertion_index(self, cell: Cell, y: float, exclude: Iterable[str] = ()) -> int:
        """Where a card dropped at height ``y`` goes, counted in the cell as it is now.

        Cards in ``exclude`` (the ones being dragged) are skipped, so dropping a card on
        the place it came from gives back its own index.
        """
        skip = set(exclude)
        index = 0
        for i, tid in enumerate(self.cell_order.get(cell, [])):
            if tid in skip:
                continue
            if self.cards[tid].cy < y:
                index = i + 1
        return index

    def slot_rect(self, cell: Cell, index: int | None = None) -> Rect:
        """Where a new card would appear in ``cell`` at ``index`` (end of the cell by default)."""
        m = self.metrics
        x, _w = self.columns[cell[0]]
        y0, _h = self.rows[cell[1]]
        order = self.cell_order.get(cell, [])
        if index is None or index >= len(order):
            y = self.cards[order[-1]].bottom + m.card_gap if order else y0 + m.cell_pad
        else:
            y = self.cards[order[max(0, index)]].y
        return Rect(x + m.cell_pad, y, m.card_w, m.card_h)


def _gutter_sizes(given: Sequence[float] | None, count: int, least: float) -> list[float]:
    if given is None or len(given) != count:
        return [least] * count
    return [max(least, float(g)) for g in given]


def _distance_1d(v: float, start: float, length: float) -> float:
    if v < start:
        return start - v
    if v > start + length:
        return v - start - length
    return 0.0


def compute_layout(
    stages: Sequence[StageSpec],
    lane_ids: Sequence[str],
    cells: Mapping[Cell, Sequence[str]],
    metrics: Metrics | None = None,
    card_heights: Mapping[str, float] | None = None,
    title_h: float | None = None,
    col_gutters: Sequence[float] | None = None,
    row_gutters: Sequence[float] | None = None,
    row_heights: Mapping[str, float] | None = None,
    row_tops: Mapping[str, float] | None = None,
) -> JourneyLayout:
    """Lay out a journey: every cell tall enough for its stack of cards, one stack per cell.

    ``cells`` maps (stage id, lane id) to the card ids of that cell in their order; cards
    of unknown stages or lanes are left out. ``card_heights`` overrides the standard card
    height (exports print whole titles). ``col_gutters`` (one more than the stages) and
    ``row_gutters`` (one more than the lanes) widen gutters that carry many routes side by
    side; a gutter is never narrower than ``metrics.gutter``. ``row_heights`` gives lanes without
    cards (text, figures, pictures) the height their content asks for instead of a card's. ``row_tops`` keeps that
    much more room above the first card of each cell of a lane (a map at a glance: the number of the page it starts).
    """
    m = metrics or Metrics()
    heights = card_heights or {}
    stage_ids = [s.id for s in stages]
    lane_ids = list(lane_ids)
    col_w = _gutter_sizes(col_gutters, len(stage_ids) + 1, m.gutter)
    row_h_gutters = _gutter_sizes(row_gutters, len(lane_ids) + 1, m.gutter)
    stage_index = {sid: i for i, sid in enumerate(stage_ids)}
    lane_index = {lid: i for i, lid in enumerate(lane_ids)}
    title_h = m.title_h if title_h is None else title_h

    # Horizontal: margin, lane headers, then gutter + column for every stage.
    x_headers = m.margin
    cell_w = m.cell_w
    columns: dict[str, tuple[float, float]] = {}
    col_gutter_x: list[float] = []
    x = x_headers + m.lane_header_w + col_w[0]
    col_gutter_x.append(x - col_w[0] / 2)
    for i, sid in enumerate(stage_ids):
        columns[sid] = (x, cell_w)
        x += cell_w + col_w[i + 1]
        col_gutter_x.append(x - col_w[i + 1] / 2)
    width = x + m.margin  # the gutter after the last column stays as room for routes

    # Vertical: title, phase band, stage headers, then gutter + row for every lane, then the emotion row.
    y_title = m.margin
    y_phase = y_title + title_h
    y_stage = y_phase + m.phase_h + m.header_gap
    headers_bottom = y_stage + m.stage_h

    order: dict[Cell, list[str]] = {}
    for key, ids in cells.items():
        if key[0] in stage_index and key[1] in lane_index:
            order[key] = list(ids)
    min_cell_h = 2 * m.cell_pad + m.card_h
    rows: dict[str, tuple[float, float]] = {}
    row_gutter_y: list[float] = []
    cards: dict[str, Rect] = {}
    card_cell: dict[str, Cell] = {}
    card_index: dict[str, int] = {}
    y = headers_bottom + row_h_gutters[0]
    for j, lid in enumerate(lane_ids):
        row_gutter_y.append(y - row_h_gutters[j] / 2)
        row_h = row_heights.get(lid, min_cell_h) if row_heights else min_cell_h
        row_top = row_tops.get(lid, 0.0) if row_tops else 0.0
        for sid in stage_ids:
            ids = order.get((sid, lid))
            if not ids:
                continue
            cx = columns[sid][0] + m.cell_pad
            cy = y + m.cell_pad + row_top
            for i, tid in enumerate(ids):
                h = heights.get(tid, m.card_h)
                cards[tid] = Rect(cx, cy, m.card_w, h)
                card_cell[tid] = (sid, lid)
                card_index[tid] = i
                cy += h + m.card_gap
            row_h = max(row_h, cy - m.card_gap + m.cell_pad - y)
        rows[lid] = (y, row_h)
        y += row_h + row_h_gutters[j + 1]
    row_gutter_y.append(y - row_h_gutters[-1] / 2)
    y_emotion = y
    height = y_emotion + m.emotion_h + m.margin

    stage_headers = {sid: Rect(columns[sid][0], y_stage, cell_w, m.stage_h) for sid in stage_ids}
    lane_headers = {lid: Rect(x_headers, rows[lid][0], m.lane_header_w, rows[lid][1]) for lid in lane_ids}
    phase_bands: list[tuple[str, Rect]] = []
    for s in stages:
        x0, w = columns[s.id]
        if phase_bands and phase_bands[-1][0] == s.phase:
            band = phase_bands[-1][1]
            phase_bands[-1] = (s.phase, Rect(band.x, band.y, x0 + w - band.x, band.h))
        else:
            phase_bands.append((s.phase, Rect(x0, y_phase, w, m.phase_h)))
    plot_x = x_headers + m.lane_header_w + col_w[0]
    plot_w = max(cell_w, col_gutter_x[-1] - col_w[-1] / 2 - plot_x)
    emotion_plot = Rect(plot_x, y_emotion, plot_w, m.emotion_h)
    emotion_header = Rect(x_headers, y_emotion, m.lane_header_w, m.emotion_h)
    strip_w = max(width, plot_x + plot_w + m.gutter + m.margin)
    bounds = Rect(0.0, 0.0, strip_w, height)
    return JourneyLayout(
        metrics=m,
        stage_ids=stage_ids,
        lane_ids=lane_ids,
        columns=columns,
        rows=rows,
        cards=cards,
        card_cell=card_cell,
        cell_order=order,
        title_rect=Rect(x_headers, y_title, strip_w - 2 * m.margin, title_h - 8),
        phase_bands=phase_bands,
        stage_headers=stage_headers,
        lane_headers=lane_headers,
        emotion_header=emotion_header,
        emotion_plot=emotion_plot,
        top_strip=Rect(0.0, y_phase - 2, strip_w, headers_bottom - y_phase + 6),
        left_strip=Rect(0.0, y_phase - 2, x_headers + m.lane_header_w + 4, height - y_phase + 2),
        bounds=bounds,
        col_gutter_x=col_gutter_x,
        row_gutter_y=row_gutter_y,
        col_gutter_w=col_w,
        row_gutter_h=row_h_gutters,
        stage_index=stage_index,
        lane_index=lane_index,
        card_index=card_index,
        card_heights=dict(heights),
    )


# -- segments and rectangles ------------------------------------------------------------------------


def segment_crosses_rect(a: Point, b: Point, r: Rect, inset: float = 0.5) -> bool:
    """Whether an axis-parallel (or any) segment passes through the interior of ``r``."""
    x0, y0, x1, y1 = r.x + inset, r.y + inset, r.right - inset, r.bottom - inset
    if x0 >= x1 or y0 >= y1:
        return False
    # Liang–Barsky clipping: does any part of the segment lie inside the rectangle?
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            if t > t1:
                return False
            t0 = max(t0, t)
        else:
            if t < t0:
                return False
            t1 = min(t1, t)
    return t0 < t1


# -- the emotion curve ----------------------------------------------------------------------------


def emotion_points(layout: JourneyLayout, cards: Sequence[tuple[str, str, int]]) -> list[tuple[float, float, int, str]]:
    """Points of the emotion curve: (x, y, emotion, card id) in journey order.

    ``cards`` are (card id, stage id, emotion) in journey order; the cards of one stage
    spread evenly across its column so the curve reads left to right like the journey.
    """
    plot = layout.emotion_plot
    pad = 16.0
    half = plot.h / 2 - pad
    mid = plot.cy
    # Only the map's stages are read below, so cards of other stages need no test here.
    per_stage: defaultdict[str, list[tuple[str, int]]] = defaultdict(list)
    for tid, sid, emotion in cards:
        per_stage[sid].append((tid, emotion))
    heights: dict[int, float] = {}
    out: list[tuple[float, float, int, str]] = []
    for sid in layout.stage_ids:
        items = per_stage.get(sid)
        if not items:
            continue
        x0, w = layout.columns[sid]
        n = len(items)
        for k, (tid, emotion) in enumerate(items):
            y = heights.get(emotion)
            if y is None:
                y = heights[emotion] = mid - emotion / 3.0 * half
            out.append((x0 + w * (k + 0.5) / n, y, emotion, tid))
    return out


def emotion_y(layout: JourneyLayout, value: float) -> float:
    plot = layout.emotion_plot
    return plot.cy - value / 3.0 * (plot.h / 2 - 16.0)
