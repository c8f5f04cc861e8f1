"""Cutting a map into pages for slides and print: which parts of the map each page shows, and where.

Pure geometry over a :class:`~.geometry.JourneyLayout`. A map that fits its page at the least
allowed scale is one page. Otherwise its stages are grouped (whole phases where that takes no
more pages, otherwise as many stages as fill a page; a compact plan, the report's, fills each page
and evens the last two columns) and its lanes too, and every page repeats
the lane names on the left and the stage headers on top, so each page reads on its own. The
title block goes on the pages of the first row and the key on those of the last (a compact plan:
on the last page of the last column only); every page has the same scale, so text has one size
throughout.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from .geometry import JourneyLayout, Rect

Span = tuple[float, float]  # start and end along one axis
EDGE = 3.0  # a span stops this far short of the neighbouring cells, so no sliver of them shows


@dataclass(frozen=True)
class Piece:
    """A part of the map (``source``, map coordinates) drawn with its top-left at (``x``, ``y``) on the page."""

    source: Rect
    x: float
    y: float


@dataclass
class Page:
    """One page: its pieces, its size in map units, and what it shows (for the page's footer)."""

    pieces: list[Piece]
    width: float
    height: float
    stage_ids: list[str] = field(default_factory=list)
    lane_ids: list[str] = field(default_factory=list)
    row: int = 0
    column: int = 0
    span: Span | None = None  # the part of the map's width the page's stages take; None: the whole map


@dataclass
class PagePlan:
    """The pages and the one scale they are all printed at (1.0 = the map at 100 %)."""

    pages: list[Page]
    scale: float
    rows: int = 1
    columns: int = 1

    @property
    def split(self) -> bool:
        return len(self.pages) > 1


@dataclass(frozen=True)
class Furniture:
    """The parts of a printed map that every page may repeat, in map coordinates."""

    full: Rect  # the whole map with its title block and key
    title: Rect | None  # the band holding the title block, None when there is none
    key: Rect | None  # the band holding the key under the emotion row
    # Lane id -> the map y a compact page shows the lane down to at least, without cards: the end
    # of its name, or the row's end for a lane of text, figures or pictures (those fill their cells).
    lane_ends: Mapping[str, float] = field(default_factory=dict)
    # The connections' labels: a compact page's lane that would end across one runs on past it,
    # and a lane too tall for a page is cut clear of them, so the cuts slice none.
    labels: Sequence[Rect] = ()
    # Lanes of text, figures or pictures: their cells are content without cards, so a page of them is kept.
    content_lanes: frozenset[str] = frozenset()


def _whole(full: Rect) -> Page:
    return Page([Piece(full, 0.0, 0.0)], full.w, full.h)


def _stage_spans(layout: JourneyLayout, left_end: float, right_end: float) -> list[Span]:
    """Each stage's column with the gutters either side (neighbours share a gutter: a route in it shows on both)."""
    gx, gw = layout.col_gutter_x, layout.col_gutter_w
    spans = []
    for i, _sid in enumerate(layout.stage_ids):
        start = max(left_end, gx[i] - gw[i] / 2 + EDGE)
        end = gx[i + 1] + gw[i + 1] / 2 - EDGE if i + 2 < len(gx) else right_end
        spans.append((start, min(right_end, end)))
    return spans


def _lane_spans(layout: JourneyLayout, top_end: float) -> list[Span]:
    gy, gh = layout.row_gutter_y, layout.row_gutter_h
    spans = []
    for i, _lid in enumerate(layout.lane_ids):
        start = max(top_end, gy[i] - gh[i] / 2 + EDGE)
        spans.append((start, gy[i + 1] + gh[i + 1] / 2 - EDGE))
    return spans


def _groups(spans: Sequence[Span], room: float, units: Sequence[Sequence[int]] | None = None) -> list[list[int]]:
    """Consecutive spans packed into groups no longer than ``room``.

    ``units`` are runs of spans to keep together when they fit (the stages of a phase); a unit
    longer than ``room`` is packed span by span. A single span longer than ``room`` is a group
    of its own (the caller slices it).
    """
    units = units if units is not None else [[i] for i in range(len(spans))]
    pieces: list[list[int]] = []
    for unit in units:
        if unit and spans[unit[-1]][1] - spans[unit[0]][0] <= room:
            pieces.append(list(unit))
        else:
            pieces.extend([i] for i in unit)
    groups: list[list[int]] = []
    for piece in pieces:
        if groups and spans[piece[-1]][1] - spans[groups[-1][0]][0] <= room:
            groups[-1].extend(piece)
        else:
            groups.append(list(piece))
    return groups


def _row_groups(spans: Sequence[Span], room: float, title_h: float, key_h: float) -> list[list[int]]:
    """Consecutive lanes packed into rows of pages: the first row under the title block, the last over the key.

    Only those two rows give up room for them; a row between keeps the whole page (each row's room
    was the page less the taller of the two, and a map whose key grew a line took a row more).
    """
    groups: list[list[int]] = []
    for i, (_a, b) in enumerate(spans):
        if groups and b - spans[groups[-1][0]][0] <= room - (title_h if len(groups) == 1 else 0.0):
            groups[-1].append(i)
        else:
            groups.append([i])
    # The key goes under the last row: the spans at its end that do not fit over it start a row of their own.
    last = groups[-1]
    cap = room - key_h - (title_h if len(groups) == 1 else 0.0)
    if len(last) > 1 and spans[last[-1]][1] - spans[last[0]][0] > cap:
        k = len(last) - 1
        while k > 1 and spans[last[-1]][1] - spans[last[k - 1]][0] <= room - key_h:
            k -= 1
        groups[-1:] = [last[:k], last[k:]]
    return groups


def _slices(span: Span, room: float, cuts: Sequence[Span]) -> list[Span]:
    """``span`` cut into parts no longer than ``room``, between the ``cuts`` (cards) where possible."""
    out = []
    start, end = span
    while end - start > room:
        best = start + room
        # Cut above the first card the page edge would run through, if that leaves a real page; and
        # again while that cut runs through another (a label that reaches down beside the card).
        while blocked := [c for c in cuts if c[0] < best < c[1]]:
            top = min(c[0] for c in blocked) - 2
            if top - start <= room / 3:
                break
            best = top
        out.append((start, best))
        start = best
    out.append((start, end))
    return out


def _even_last(groups: list[list[int]], spans: Sequence[Span], room: float) -> list[list[int]]:
    """``groups`` with stages moved from the last but one to the last while that evens the two out.

    Filled from the first, the pages leave what is over to the last column: the hotel's seven stages
    went three, three and one, and the last column's pages were two-thirds empty. Moved back, three, two and two.
    """
    def width(group: Sequence[int]) -> float:
        return spans[group[-1]][1] - spans[group[0]][0]

    groups = [list(g) for g in groups]
    while len(groups) > 1 and len(groups[-2]) > 1:
        before, last = groups[-2], groups[-1]
        moved = [before[-1], *last]
        if width(moved) > room or min(width(before[:-1]), width(moved)) <= min(width(before), width(last)):
            break
        groups[-2:] = [before[:-1], moved]
    return groups


def _phase_runs(layout: JourneyLayout) -> list[list[int]]:
    """The stage indexes of each phase band, in order."""
    runs: list[list[int]] = []
    for _phase, band in layout.phase_bands:
        run = [
            i
            for i, sid in enumerate(layout.stage_ids)
            if band.x <= layout.columns[sid][0] + layout.columns[sid][1] / 2 <= band.right
        ]
        if run:
            runs.append(run)
    covered = {i for run in runs for i in run}
    if len(covered) != len(layout.stage_ids):
        return [[i] for i in range(len(layout.stage_ids))]
    return runs


def plan_pages(
    layout: JourneyLayout,
    furniture: Furniture,
    room: tuple[float, float],
    least_scale: float,
    most_scale: float = 2.0,
    compact: bool = False,
    grow: bool = True,
    floor: float = 0.0,
) -> PagePlan:
    """The pages for a page whose printable area is ``room`` (map units at 100 %).

    The map is one page when it fits at ``least_scale`` or more (then printed as large as it
    fits, up to ``most_scale``); otherwise it is cut as the module says, at the largest scale
    (``least_scale`` or more, up to ``most_scale``; only ``least_scale`` without ``grow``) that
    needs no more pages than ``least_scale`` does: the pages are filled and the text is as large
    as that allows. ``compact`` packs each column of pages on its own (see :func:`_compact_column`):
    pages come column by column, a stage group's lanes top to bottom, without the empty stretches.
    ``floor`` is the least scale of a map without cards or lanes of text (the scale at which its
    smallest text is still legible): ``least_scale`` keeps card titles readable, and such a map has none.
    """
    full = furniture.full
    room_w, room_h = room
    fit = min(room_w / full.w, room_h / full.h) if full.w > 0 and full.h > 0 else most_scale
    # The least scale keeps card titles readable: a map without cards or lanes of text has none to keep, and
    # its headers stay readable smaller (an empty journey took four half-empty report pages), down to ``floor``.
    if not (layout.cards or furniture.content_lanes):
        least_scale = min(least_scale, floor)
    if fit >= least_scale or not layout.stage_ids:
        return PagePlan([_whole(full)], min(fit, most_scale))
    plan = _cut(layout, furniture, room, least_scale, compact)
    if not grow:
        return plan
    # The least scale leaves part of each page's width unused more often than not: grow while every page
    # still shows the same stages and lanes (bisection), so the pages fill up and none loses a lane.
    same = [(p.stage_ids, p.lane_ids) for p in plan.pages]
    left_w = layout.left_strip.right - full.x
    widest = max(b - a for a, b in _stage_spans(layout, layout.left_strip.right, full.right))
    low, high = least_scale, max(least_scale, min(most_scale, room_w / (left_w + widest)))
    for _ in range(10):
        mid = (low + high) / 2
        bigger = _cut(layout, furniture, room, mid, compact)
        if [(p.stage_ids, p.lane_ids) for p in bigger.pages] == same:
            plan, low = bigger, mid
        else:
            high = mid
    return plan


def _cut(
    layout: JourneyLayout, furniture: Furniture, room: tuple[float, float], scale: float, compact: bool
) -> PagePlan:
    """The map cut into pages at ``scale``."""
    full = furniture.full
    room_w, room_h = room
    cap_w, cap_h = room_w / scale, room_h / scale
    top = layout.top_strip
    left_end = layout.left_strip.right
    left_w = left_end - full.x
    title_h = furniture.title.h if furniture.title is not None else 0.0
    key_h = furniture.key.h if furniture.key is not None else 0.0

    # Columns: whole phases where they fit, else runs of stages, else slices of one stage.
    stage_spans = _stage_spans(layout, left_end, full.right)
    columns: list[tuple[Span, list[str]]] = []
    filled = _groups(stage_spans, cap_w - left_w)
    if compact:
        # The report's pages are filled: a phase that fits with room to spare has the next stages beside it (its
        # band is named again on the page it goes on). Kept whole, the hotel's first phase of two stages left its
        # page 40 % empty, the first page of the map a client turns to.
        chosen = _even_last(filled, stage_spans, cap_w - left_w)
    else:
        # Whole phases on a page read best, but not at the price of an extra column of pages half empty.
        by_phase = _groups(stage_spans, cap_w - left_w, _phase_runs(layout))
        chosen = by_phase if len(by_phase) <= len(filled) else filled
    card_xs: dict[str, list[Span]] = {}
    for tid, r in layout.cards.items():
        card_xs.setdefault(layout.card_cell[tid][0], []).append((r.x, r.right))
    for group in chosen:
        span = (stage_spans[group[0]][0], stage_spans[group[-1]][1])
        ids = [layout.stage_ids[i] for i in group]
        xs = [x for sid in ids for x in card_xs.get(sid, [])]
        parts = _slices(span, cap_w - left_w, xs)
        if len(parts) > 1 and xs:
            # A stage wider than a page begins with its routing gutter, as wide as the routes into it are
            # many: a slice of that alone is a page of lines with nothing to read (the routes still enter
            # the next page's cards from its edge).
            parts = [(a, b) for a, b in parts if any(c0 < b and c1 > a for c0, c1 in xs)]
        columns.extend((part, ids) for part in parts)

    # Rows: runs of lanes, the emotion row last (with the key under it on its pages).
    bottom = top.bottom
    lane_spans = _lane_spans(layout, bottom)
    emotion_start = lane_spans[-1][1] - layout.row_gutter_h[-1] + 2 * EDGE if lane_spans else bottom
    emotion_end = furniture.key.y if furniture.key is not None else full.bottom
    emotion: Span = (max(bottom, emotion_start), max(emotion_end, layout.emotion_plot.bottom))
    spans = [*lane_spans, emotion]
    body_room = cap_h - top.h
    if compact:
        pages = []
        for c, ((x0, x1), stages) in enumerate(columns):
            # The key once, under the last column's emotion row: the others' emotion rows then often share
            # a page with the lanes above them instead of taking one of their own.
            own = furniture if c == len(columns) - 1 else replace(furniture, key=None)
            pages += _compact_column(layout, own, (x0, x1), stages, c, lane_spans, emotion, body_room, cap_w)
        rows_used = max(p.row for p in pages) + 1 if pages else 1
        return PagePlan(pages, scale, rows_used, len(columns))
    rows: list[tuple[Span, list[str]]] = []
    groups = _row_groups(spans, body_room, title_h, key_h)
    for n, group in enumerate(groups):
        span = (spans[group[0]][0], spans[group[-1]][1])
        ids = [layout.lane_ids[i] for i in group if i < len(layout.lane_ids)]
        extra = (title_h if n == 0 else 0.0) + (key_h if n == len(groups) - 1 else 0.0)
        cards = [(r.y, r.bottom) for tid, r in layout.cards.items() if layout.card_cell[tid][1] in ids]
        rows.extend((part, ids) for part in _slices(span, body_room - extra, cards))

    # A page whose part of the map holds no card, no label, no lane of content and not the emotion row would
    # show only headers and route lines: it is left out (its routes are drawn on the pages of their cards).
    marks = [(r.x, r.right, r.y, r.bottom) for r in layout.cards.values()]
    marks += [(r.x, r.right, r.y, r.bottom) for r in furniture.labels]
    by_column = [[m for m in marks if m[0] < x1 and m[1] > x0] for (x0, x1), _ids in columns]
    pages = []
    for r, ((y0, y1), lanes) in enumerate(rows):
        for c, ((x0, x1), stages) in enumerate(columns):
            if (
                r < len(rows) - 1
                and not furniture.content_lanes.intersection(lanes)
                and not any(m[2] < y1 and m[3] > y0 for m in by_column[c])
            ):
                continue
            y = 0.0
            pieces = []
            if r == 0 and furniture.title is not None:
                pieces.append(Piece(Rect(full.x, furniture.title.y, min(full.w, cap_w), title_h), 0.0, y))
                y += title_h
            pieces.append(Piece(Rect(full.x, top.y, left_w, top.h), 0.0, y))
            pieces.append(Piece(Rect(x0, top.y, x1 - x0, top.h), left_w, y))
            y += top.h
            pieces.append(Piece(Rect(full.x, y0, left_w, y1 - y0), 0.0, y))
            pieces.append(Piece(Rect(x0, y0, x1 - x0, y1 - y0), left_w, y))
            y += y1 - y0
            if r == len(rows) - 1 and furniture.key is not None:
                pieces.append(Piece(Rect(full.x, furniture.key.y, min(full.w, cap_w), key_h), 0.0, y))
                y += key_h
            width = max(p.x + p.source.w for p in pieces)
            pages.append(Page(pieces, width, y, stages, lanes, r, c, (x0, x1)))
    return PagePlan(pages, scale, len(rows), len(columns))


EMPTY_LANE = 64.0  # map units of a lane shown without cards: its name and a strip of its row
NAME_PAD = 10.0  # below a short lane's name, so the strip does not end on its letters


def _compact_column(
    layout: JourneyLayout,
    furniture: Furniture,
    span: Span,
    stage_ids: list[str],
    column: int,
    lane_spans: Sequence[Span],
    emotion: Span,
    body_room: float,
    cap_w: float,
) -> list[Page]:
    """The pages of one column of stages: each lane only as tall as these stages' cards need.

    A lane's row is as tall as its fullest cell across the whole map, so on a large journey
    most of a stage's rows are empty paper; here each lane stops below the column's last card
    (an empty lane keeps a strip with its whole name; a lane of text, figures or pictures, its
    whole row: ``furniture.lane_ends``), the lanes are stacked and packed onto pages,
    and a lane too tall for a page is cut between cards. A lane continued on a further page
    shows its header from the top, so its name is on every page it is on.
    """
    m = layout.metrics
    title_h = furniture.title.h if furniture.title is not None else 0.0
    key_h = furniture.key.h if furniture.key is not None else 0.0
    x0, x1 = span
    wanted = set(stage_ids)
    bottoms: dict[str, list[Span]] = {}
    for tid, rect in layout.cards.items():
        sid, lid = layout.card_cell[tid]
        if sid in wanted and x0 <= rect.cx <= x1:
            bottoms.setdefault(lid, []).append((rect.y, rect.bottom))
    marks: dict[int, list[Span]] = {}  # lane index -> the labels on these stages that start in it
    for label in furniture.labels:
        if label.x < x1 and label.right > x0:
            for i, (a, b) in enumerate(lane_spans):
                if a <= label.y < b:
                    marks.setdefault(i, []).append((label.y, label.bottom))
                    break
    # (start, end, lane id or None for the emotion row, where the lane's header starts)
    segments: list[tuple[float, float, str | None, float]] = []
    for i, (a, b) in enumerate(lane_spans):
        lid = layout.lane_ids[i]
        cards = bottoms.get(lid, [])
        end = max(r[1] for r in cards) + m.cell_pad + EDGE if cards else a + EMPTY_LANE
        end = max(end, a + EMPTY_LANE, furniture.lane_ends.get(lid, a) + NAME_PAD)
        labels = marks.get(i, [])
        for top, bottom in sorted(labels):
            if top < end < bottom + EDGE:  # the end would run through it: past it instead
                end = bottom + EDGE
        end = min(b, end)
        for part in _slices((a, end), body_room - max(title_h, key_h), [*cards, *labels]):
            segments.append((part[0], part[1], lid, a))
    if layout.cards:
        # A map without cards has no emotion to plot: its empty row took a third of a page of its own.
        segments.append((emotion[0], emotion[1], None, emotion[0]))

    pages: list[Page] = []
    current: list[tuple[float, float, str | None, float]] = []

    def room_of(first: bool, last: bool) -> float:
        return body_room - (title_h if first else 0.0) - (key_h if last else 0.0)

    def height(segs: Sequence[tuple[float, float, str | None, float]]) -> float:
        """As :func:`_compact_page` stacks them: a gutter two lanes share is drawn once."""
        return sum(s[1] - s[0] - (max(0.0, segs[k - 1][1] - s[0]) if k else 0.0) for k, s in enumerate(segs))

    groups: list[list[tuple[float, float, str | None, float]]] = []
    for seg in segments:
        is_last = seg is segments[-1]  # the key goes under it
        if current and height([*current, seg]) > room_of(not groups, is_last):
            groups.append(current)
            current = []
        current.append(seg)
    groups.append(current)
    if len(groups) > 1 and all(seg[2] is None for seg in groups[-1]):
        # The emotion row alone filled a third of its page, under headers, apart from every card: the lanes
        # at the foot of the page before go along with it while that evens the two pages out.
        n = len(groups)
        before, after = groups[-2], groups[-1]
        fill = min(height(before) / room_of(n == 2, False), height(after) / room_of(False, True))
        for k in range(1, len(before)):
            moved = [*before[-k:], *after]
            if height(moved) > room_of(False, True):
                break
            even = min(height(before[:-k]) / room_of(n == 2, False), height(moved) / room_of(False, True))
            if even > fill:
                fill, groups[-2:] = even, [before[:-k], moved]
    for row, group in enumerate(groups):
        pages.append(
            _compact_page(layout, furniture, span, stage_ids, column, row, group, row == len(groups) - 1, cap_w)
        )
    return pages


def _compact_page(
    layout: JourneyLayout,
    furniture: Furniture,
    span: Span,
    stage_ids: list[str],
    column: int,
    row: int,
    segments: Sequence[tuple[float, float, str | None, float]],
    last: bool,
    cap_w: float,
) -> Page:
    full = furniture.full
    top = layout.top_strip
    left_w = layout.left_strip.right - full.x
    x0, x1 = span
    y = 0.0
    pieces = []
    if row == 0 and furniture.title is not None:
        pieces.append(Piece(Rect(full.x, furniture.title.y, min(full.w, cap_w), furniture.title.h), 0.0, y))
        y += furniture.title.h
    pieces.append(Piece(Rect(full.x, top.y, left_w, top.h), 0.0, y))
    pieces.append(Piece(Rect(x0, top.y, x1 - x0, top.h), left_w, y))
    y += top.h
    lanes: list[str] = []
    previous_end = None
    for y0, y1, lid, header in segments:
        if previous_end is not None and y0 < previous_end:
            # The lane before ran to its end, into the gutter this one starts in: draw the gutter
            # once, where both put it, so a route or label across it is one unbroken drawing.
            y -= previous_end - y0
        pieces.append(Piece(Rect(full.x, header if lid is not None else y0, left_w, y1 - y0), 0.0, y))
        pieces.append(Piece(Rect(x0, y0, x1 - x0, y1 - y0), left_w, y))
        y += y1 - y0
        previous_end = y1
        if lid is not None and lid not in lanes:
            lanes.append(lid)
    if last and furniture.key is not None:
        pieces.append(Piece(Rect(full.x, furniture.key.y, min(full.w, cap_w), furniture.key.h), 0.0, y))
        y += furniture.key.h
    width = max(p.x + p.source.w for p in pieces)
    return Page(pieces, width, y, list(stage_ids), lanes, row, column, span)


def whole_on(page: Page, piece: Piece, rect: Rect) -> bool:
    """Whether ``rect`` (map coordinates), of which ``piece`` shows a part, is whole on the page.

    It is when the pieces drawn in line with ``piece`` (the same shift from map to page: lanes
    stacked without a break) cover it from side to side and top to bottom between them.
    """
    shift = (piece.x - piece.source.x, piece.y - piece.source.y)
    spans = sorted(
        (p.source.y, p.source.bottom)
        for p in page.pieces
        if abs(p.x - p.source.x - shift[0]) < 0.01 and abs(p.y - p.source.y - shift[1]) < 0.01
        and p.source.x <= rect.x + 0.01 and p.source.right >= rect.right - 0.01
    )
    reach = rect.y
    for a, b in spans:
        if a > reach + 0.01:
            break
        reach = max(reach, b)
    return reach >= rect.bottom - 0.01


__all__ = ["Furniture", "Page", "PagePlan", "Piece", "plan_pages", "whole_on"]
