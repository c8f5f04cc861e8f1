"""The report's map at a glance: the whole journey on one page, and where each page of the map is on it.

A map cut into pages for readable card titles loses its shape: a reader turning the pages does not know
where each sits in the journey. The page before them shows the whole map through the one renderer (the
canvas scene, laid out with :meth:`JourneyScene.set_glance`): cards as blocks of their emotion's colour,
every name at the size a page of the map prints it, and a frame round each page's part with its number,
so the page is also the map's index.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Collection, Sequence
from typing import Any

from ..model import Project

GLANCE_CARD_W = (24.0, 176.0)  # the narrowest and widest a card's block is drawn (map units)
GLANCE_CARD_H = (3.0, 26.0)  # the lowest and tallest
FIRST_CARD_H = 14.0  # the block the first layout measures the map with
ROUTES_ROOM = 0.5  # the share of the page's width the routes' gutters may take beyond the least gutters
WORDS_ROOM = 1.0  # the share of the page's width the stages' names on two lines (and the lane names) may take


def glance_map(
    project: Project,
    journey_id: str,
    lang: str,
    room: tuple[float, float],
    least_text: float,
    tag_lanes: Collection[str] = (),
    tag_h: float = 0.0,
) -> Any:
    """The scene of the map at a glance and the scale that fits it in ``room`` (page units), its smallest text
    printing at ``least_text`` points or more.

    The lanes of ``tag_lanes`` (where a page of the map starts: :func:`tag_lanes`) keep ``tag_h`` page units free
    over their blocks, for the page's number top-left in its frame (:func:`page_tags`).

    The blocks are made as wide and as tall as fill the room at the map's own type size, within
    :data:`GLANCE_CARD_W` and :data:`GLANCE_CARD_H`; a map that still does not fit (hundreds of cards in a cell,
    dozens of stages) is drawn smaller, and its names made as much larger first, so they print no smaller.
    """
    from .mapexport import MapOptions, journey_map, smallest_text

    scene = journey_map(project, journey_id, MapOptions(lang=lang, title_block=False))
    room_w, room_h = room
    stages = max(1, len(scene.layout.stage_ids))
    scene.set_glance(GLANCE_CARD_W[1], FIRST_CARD_H)
    rect = scene.full_rect()
    lanes = [lid for lid in tag_lanes if lid in scene.layout.rows]

    def tops(scale: float) -> dict[str, float]:
        """The room over the tagged lanes' blocks, in map units, for a map drawn at ``scale``."""
        return {lid: math.ceil(tag_h / max(1e-6, scale)) for lid in lanes}

    room_tops = tops(min(1.0, room_w / max(1.0, rect.width()), room_h / max(1.0, rect.height())))
    # Routes side by side widen the gutters between the columns: where they would take most of the page's width
    # (a thousand cards' 1,300 connections took 5,700 of a map 6,200 wide, its columns slivers), the connections
    # are left out and the cards' blocks show the journey's shape.
    layout = scene.layout
    gutters = sum(layout.col_gutter_w) - len(layout.col_gutter_w) * scene.metrics.gutter
    routes = gutters <= ROUTES_ROOM * room_w
    if not routes:
        scene.set_glance(GLANCE_CARD_W[1], FIRST_CARD_H, routes=False, tops=room_tops)
        rect = scene.full_rect()
    elif room_tops:
        scene.set_glance(GLANCE_CARD_W[1], FIRST_CARD_H, tops=room_tops)
        rect = scene.full_rect()
    # The map's width less each stage's block grows or shrinks with the block; its height with the card
    # lanes' tallest cells, card by card, where the cards make a lane taller than its name does.
    card_w = min(max(GLANCE_CARD_W[1] - (rect.width() - room_w) / stages, GLANCE_CARD_W[0]), GLANCE_CARD_W[1])
    # A column as wide as the longest word of its stages' names where the page has the room for those words
    # side by side (the map drawn smaller then, and the names as much larger): broken, «Consideration» read
    # «Conside / ration». Where it has not (twenty stages), the names turn to read upwards (see set_glance).
    fm = scene.fonts.metrics(scene.fonts.stage)
    names = [s.display_name(lang) for s in project.stages(journey_id) if s.id in scene.layout.columns]
    # One rule for every language: the names stay level whenever the page has room for columns each name fits in
    # on two lines («Llegada y / registro»), the whole width of it. Held to 85 % of the page, the Spanish hotel's
    # «Reconocimiento» turned its seven names upwards while the English ones, a few points narrower, stayed level.
    word = max((_two_lines(name, fm.horizontalAdvance) for name in names), default=0.0)
    pad = 16 - 2 * scene.metrics.cell_pad + 3  # a header keeps 8 units either side, a cell 4 round its card
    words_fit = scene.metrics.lane_header_w + stages * (word + pad + 4) <= WORDS_ROOM * room_w
    card_h = _block_height(scene, room_h)
    k = 1.0
    for _ in range(8):
        width = max(card_w, math.ceil(word * k * 1.03) + pad) if words_fit else card_w
        scene.set_glance(min(width, GLANCE_CARD_W[1] * k), card_h, k, routes, room_tops)
        rect = scene.full_rect()
        scale = min(1.0, room_w / max(1.0, rect.width()), room_h / max(1.0, rect.height()))
        printed = smallest_text(scene) * scale
        room_tops = tops(scale)
        # A quarter point to spare: Qt sets text in whole pixels of the page (7 points printed 6.75).
        if printed >= least_text + 0.25:
            break
        # A tenth further than the text falls short: the names grow with k while the rest of the map does not,
        # so the scale that fits falls as k rises (the hotel's took six layouts to settle at the shortfall's own
        # step, and its square overshot a map of 1,000 cards, its gutters wide with routes, to k = 35).
        k *= (least_text + 0.3) / printed * 1.1
        # The blocks as tall as the room the map's width leaves them at the scale it is drawn at.
        card_h = _block_height(scene, room_h / min(1.0, room_w / max(1.0, rect.width())))
    spare = room_w / scale - rect.width()
    if spare > 0.05 * room_w / scale and card_w < GLANCE_CARD_W[1] * k:
        # The height set the scale (many lanes, or cells of dozens of cards): the blocks as wide as the page has
        # room for, the names with them (a thousand cards' turned to read upwards in slivers of columns).
        scene.set_glance(min(scene.metrics.card_w + spare / stages, GLANCE_CARD_W[1] * k), card_h, k, routes,
                         room_tops)  # fmt: skip
        rect = scene.full_rect()
        scale = min(scale, room_w / max(1.0, rect.width()), room_h / max(1.0, rect.height()))
    for _ in range(4):
        # The room over the tagged lanes as the scale the map settled at prints it: the blocks lower where the height
        # is short, so the scale, and with it the names' size, stays.
        if all(scene.glance_tops.get(lid, 0.0) * scale >= tag_h - 0.01 for lid in lanes):
            break
        room_tops = tops(scale)
        card_w = scene.metrics.card_w
        scene.set_glance(card_w, scene.metrics.card_h, k, routes, room_tops)
        card_h = _block_height(scene, room_h / min(1.0, room_w / max(1.0, scene.full_rect().width())))
        scene.set_glance(card_w, card_h, k, routes, room_tops)
        rect = scene.full_rect()
        scale = min(scale, room_w / max(1.0, rect.width()), room_h / max(1.0, rect.height()))
    return scene, scale


def _two_lines(name: str, measure: Any) -> float:
    """The narrowest a column holds ``name`` in at most two lines, broken between words only."""
    words = name.split()
    if len(words) < 2:
        return measure(name)
    return min(max(measure(" ".join(words[:i])), measure(" ".join(words[i:]))) for i in range(1, len(words)))


def _block_height(scene: Any, room_h: float) -> float:
    """The tallest block (within :data:`GLANCE_CARD_H`) with which the map is no taller than ``room_h``.

    A lane is as tall as its name or as its fullest cell's blocks, whichever is taller; the rest of the map
    (headers, gutters, the emotion row and the key) stays as the layout measured it.
    """
    layout = scene.layout
    m = layout.metrics
    most: dict[str, int] = {}
    for (_sid, lid), ids in layout.cell_order.items():
        most[lid] = max(most.get(lid, 0), len(ids))
    names = scene.glance_rows()
    fixed = scene.full_rect().height() - sum(h for _y, h in layout.rows.values())

    tops = scene.glance_tops

    def height(h: float) -> float:
        gap = min(m.card_gap, max(1.0, h / 3))  # as set_glance spaces them
        return fixed + sum(
            max(names.get(lid, 0.0), 2 * m.cell_pad + tops.get(lid, 0.0) + n * (h + gap) - gap if n else 0.0)
            for lid, n in ((lid, most.get(lid, 0)) for lid in layout.lane_ids)
        )

    low, high = GLANCE_CARD_H
    # Too tall even with the lowest blocks (many lanes: their names make it so), the blocks as tall as they can be
    # without making it taller still.
    room_h = max(room_h, height(low))
    if height(high) <= room_h:
        return high
    for _ in range(12):
        mid = (low + high) / 2
        low, high = (mid, high) if height(mid) <= room_h else (low, mid)
    return low


def _map_axis(value: float, source: Sequence[tuple[float, float]], target: Sequence[tuple[float, float]]) -> float:
    """``value`` on one map's axis at the same place on another's: the same share of the same band (a stage's
    column, a lane's row), or of the gutter between two bands."""
    points_s: list[float] = []
    points_t: list[float] = []
    for (a, b), (c, d) in zip(source, target, strict=True):
        points_s += [a, b]
        points_t += [c, d]
    if not points_s:
        return value
    i = bisect.bisect_right(points_s, value)
    if i == 0:
        return points_t[0] - (points_s[0] - value)
    if i >= len(points_s):
        return points_t[-1] + (value - points_s[-1])
    a, b, c, d = points_s[i - 1], points_s[i], points_t[i - 1], points_t[i]
    return c + (d - c) * ((value - a) / (b - a) if b > a else 0.0)


def _axes(layout: Any) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """A layout's stage columns and lane rows (the emotion row last), in order."""
    xs = [(x, x + w) for x, w in (layout.columns[sid] for sid in layout.stage_ids)]
    ys = [(y, y + h) for y, h in (layout.rows[lid] for lid in layout.lane_ids)]
    plot = layout.emotion_plot
    ys.append((plot.y, plot.bottom))
    return xs, ys


def page_frames(detail: Any, plan: Any, glance: Any) -> list[tuple[float, float, float, float]]:
    """Where each page of ``plan`` (pages of the ``detail`` scene) is on the ``glance`` scene: (x0, y0, x1, y1)
    in the glance scene's coordinates, the frames of a column of pages meeting edge to edge."""
    d_layout, g_layout = detail.layout, glance.layout
    dx, dy = _axes(d_layout)
    gx, gy = _axes(g_layout)
    top = d_layout.top_strip.bottom
    left = d_layout.left_strip.right
    extents = []
    for page in plan.pages:
        parts = [p.source for p in page.pieces if p.source.x >= left - 1 and p.source.y >= top - 1]
        if page.span is not None:
            x0, x1 = page.span
        else:
            x0, x1 = min(p.x for p in parts), max(p.right for p in parts)
        y0, y1 = min(p.y for p in parts), max(p.bottom for p in parts)
        extents.append([_map_axis(x0, dx, gx), _map_axis(y0, dy, gy), _map_axis(x1, dx, gx), _map_axis(y1, dy, gy)])
    # The pages of a column follow each other down the map: each frame runs down to the next one's top, so a
    # lane a page shows cut short below its last card is not left outside every frame.
    for n, page in enumerate(plan.pages[:-1]):
        after = plan.pages[n + 1]
        if after.column == page.column:
            extents[n][3] = extents[n + 1][1]
    # A page's stages run into the gutters either side, which its neighbours show too (a route in one is on both):
    # the frames of neighbouring columns meet in the gutter's middle instead of overlapping across it.
    columns = sorted({page.column for page in plan.pages})
    for left, right in itertools.pairwise(columns):
        a = [e for e, page in zip(extents, plan.pages) if page.column == left]
        b = [e for e, page in zip(extents, plan.pages) if page.column == right]
        end, start = max(e[2] for e in a), min(e[0] for e in b)
        if end > start:
            middle = (end + start) / 2
            for e in a:
                e[2] = min(e[2], middle)
            for e in b:
                e[0] = max(e[0], middle)
    g_full = glance.full_rect()
    return [(x0, y0, min(x1, g_full.right()), y1) for x0, y0, x1, y1 in extents]


TAG_SIZE = 7.5  # points: a page's number on its frame, bold
TAG_INSET = 1.5  # points inside a frame's line where its number and what it frames start


def tag_room(pt: float) -> float:
    """The height (page units) a page's number takes top-left in its frame, the frame's line and a point above it."""
    from PySide6.QtGui import QFontMetricsF

    from ..canvas import style

    return QFontMetricsF(style.font(TAG_SIZE, bold=True)).height() + 2 * pt + 2 * TAG_INSET * pt + pt


def tag_lanes(detail: Any, plan: Any) -> set[str]:
    """The lanes of the ``detail`` scene on which a page of ``plan`` starts: at a glance, its frame's top is on them,
    and its number goes top-left inside the frame, over their blocks."""
    layout = detail.layout
    top, left = layout.top_strip.bottom, layout.left_strip.right
    out = set()
    for page in plan.pages:
        parts = [p.source for p in page.pieces if p.source.x >= left - 1 and p.source.y >= top - 1]
        if not parts:
            continue
        y0 = min(p.y for p in parts)
        lane = next((lid for lid in layout.lane_ids if sum(layout.rows[lid]) > y0 + 0.5), None)
        if lane is not None:
            out.add(lane)
    return out


def _tag_spot(frame: Any, size: tuple[float, float], inset: float, blocks: Sequence[Any]) -> Any:
    """Where a frame's page number goes: along the frame's top edge (inside it, else across it), else inside its
    foot, at the first place from the left that covers no card block and no point of the emotion curve; else the
    place that covers least of them. At the frame's top-left corner alone it hid the left end of the first card's
    block."""
    from PySide6.QtCore import QRectF

    w, h = size
    lefts = [frame.left()]
    step = max(1.0, w / 2)
    while lefts[-1] + step + w <= frame.right() - inset:
        lefts.append(lefts[-1] + step)
    # Inside the frame's top edge, then across it (a tag on a frame's edge names the frame), then inside its foot.
    tops = (frame.top(), frame.top() - h / 2, frame.bottom() - h)
    spots = [QRectF(x, top, w, h) for top in tops for x in lefts]

    def covered(spot: Any) -> float:
        total = 0.0
        for block in blocks:
            both = spot.intersected(block)
            if not both.isEmpty():
                total += both.width() * both.height()
        return total

    best = None
    for spot in spots:
        cost = covered(spot)
        if cost == 0:
            return spot
        if best is None or cost < best[0]:
            best = (cost, spot)
    assert best is not None
    return best[1]


def page_tags(
    glance: tuple[Any, float], detail: Any, plan: Any, area: Any, first_page: int, pt: float, t: Any
) -> list[tuple[Any, Any, str]]:
    """Each page's frame on the page at a glance (as :func:`paint_glance` draws it there), its number's tag and the
    number's text: the first is ``first_page``."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFontMetricsF

    from ..canvas import style

    scene, scale = glance
    full = scene.full_rect()
    x = area.left() + max(0.0, (area.width() - full.width() * scale) / 2)
    y = area.top()

    def on_page(r: Any) -> Any:
        return QRectF(x + (r.x() - full.x()) * scale, y + (r.y() - full.y()) * scale, r.width() * scale,
                      r.height() * scale)

    blocks = [on_page(QRectF(r.x, r.y, r.w, r.h)) for r in scene.layout.cards.values()]
    blocks += [on_page(QRectF(px - 5, py - 5, 10, 10)) for px, py, *_rest in scene.curve_item.points]
    f = style.font(TAG_SIZE, bold=True)
    fm = QFontMetricsF(f)
    inset = TAG_INSET * pt  # the frames of neighbouring pages are two lines, not one
    out = []
    for n, (x0, y0, x1, y1) in enumerate(page_frames(detail, plan, scene)):
        r = on_page(QRectF(x0, y0, x1 - x0, y1 - y0)).adjusted(inset, inset, -inset, -inset)
        label = t.gettext("p. {n}").format(n=t.number(first_page + n))
        size = (fm.horizontalAdvance(label) + 6 * pt, fm.height() + 2 * pt)
        out.append((r, _tag_spot(r, size, inset, blocks), label))
    return out


def paint_glance(
    painter: Any, glance: tuple[Any, float], detail: Any, plan: Any, area: Any, first_page: int, pt: float, t: Any
) -> None:
    """The map at a glance at the top of ``area``, centred across it, and a frame round each page of ``plan``
    (pages of the ``detail`` scene) with the number it has in the report: the first is ``first_page``. Without
    a ``plan`` (a map too large for readable pages, shown whole alone), no frames."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPainter, QPen

    from ..canvas import render, style

    scene, scale = glance
    full = scene.full_rect()
    painter.save()
    painter.translate(area.left() + max(0.0, (area.width() - full.width() * scale) / 2), area.top())
    painter.scale(scale, scale)
    render.paint_map(scene, painter, style.PAPER)
    painter.restore()
    if plan is None:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setFont(style.font(TAG_SIZE, bold=True))
    for r, tag, label in page_tags(glance, detail, plan, area, first_page, pt, t):
        painter.setPen(QPen(style.INK, 1.2 * pt))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(r, 3 * pt, 3 * pt)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.INK)
        painter.drawRoundedRect(tag, 2 * pt, 2 * pt)
        painter.setPen(style.PAPER)
        painter.drawText(tag, int(Qt.AlignmentFlag.AlignCenter), label)
    painter.restore()


__all__ = ["glance_map", "page_frames", "page_tags", "paint_glance", "tag_lanes", "tag_room"]
