"""Labels beside scatter points that overlap neither each other nor the points: a greedy search on the figure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matplotlib.figure import Figure
from matplotlib.text import Text

# Candidate label positions around a point: (dx, dy) direction in points, tried nearest first.
_DIRECTIONS = [(1, 0), (1, 1), (1, -1), (-1, 0), (-1, 1), (-1, -1), (0, 1), (0, -1)]
_RADII = [6, 14, 24, 36, 50]


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def place_labels(fig: Figure, ax: Any, xy: Sequence[tuple[float, float]], labels: Sequence[str],
                 fontsize: float = 7.5, colour: str = "#222222", line_colour: str = "#999999",
                 vlines: Sequence[float] = (), hlines: Sequence[float] = (),
                 avoid: Sequence[Any] = ()) -> list[Any]:
    """Label each point without overlapping other labels or points, trying nearby spots first (greedy).

    ``vlines`` and ``hlines`` (data coordinates) are lines a label should not run over, and
    ``avoid`` artists (texts already on the axes) are kept clear too.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    fig.draw_without_rendering()  # settle the layout so the data → pixel transform is final
    renderer = canvas.get_renderer()
    scale = fig.dpi / 72.0
    to_px = ax.transData.transform
    pts = [tuple(to_px(p)) for p in xy]
    box = ax.get_window_extent(renderer)
    marker = 5 * scale
    taken = [(px - marker, py - marker, px + marker, py + marker) for px, py in pts]
    # A label struck through by a line reads as crossed out: a line counts as a band a few
    # points wide, heavier than a touch of another label.
    band = 3 * scale
    lines = [(x - band, box.y0, x + band, box.y1) for x in (to_px((v, 0))[0] for v in vlines)]
    lines += [(box.x0, y - band, box.x1, y + band) for y in (to_px((0, v))[1] for v in hlines)]
    for artist in avoid:
        e = artist.get_window_extent(renderer)
        taken.append((e.x0, e.y0, e.x1, e.y1))
    annotations = []
    probe = Text(0, 0, "", fontsize=fontsize, parse_math=False, figure=fig)
    # Points far from the centre first: they have the fewest free sides.
    cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    order = sorted(range(len(pts)), key=lambda i: -abs(pts[i][0] - cx) - abs(pts[i][1] - cy))
    for i in order:
        text = labels[i]
        probe.set_text(text)
        ext = probe.get_window_extent(renderer)
        w, h = ext.width, ext.height
        px, py = pts[i]
        best = None
        for r in _RADII:
            for dx, dy in _DIRECTIONS:
                ox, oy = dx * r * scale, dy * r * scale
                x0 = px + ox if dx > 0 else px + ox - w if dx < 0 else px - w / 2
                y0 = py + oy if dy > 0 else py + oy - h if dy < 0 else py - h / 2
                cand = (x0, y0, x0 + w, y0 + h)
                outside = (max(0, box.x0 - cand[0]) + max(0, cand[2] - box.x1)
                           + max(0, box.y0 - cand[1]) + max(0, cand[3] - box.y1)) * h
                cost = (outside * 4 + sum(_overlap(cand, t) for t in taken)
                        + sum(_overlap(cand, ln) for ln in lines) * 4)
                if r > _RADII[1]:
                    # The leader line is drawn too: one that runs through a label strikes it out.
                    ax_, ay_ = (cand[0] if dx > 0 else cand[2] if dx < 0 else (cand[0] + cand[2]) / 2,
                                cand[1] if dy > 0 else cand[3] if dy < 0 else (cand[1] + cand[3]) / 2)
                    steps = [(px + (ax_ - px) * k / 8, py + (ay_ - py) * k / 8) for k in range(2, 8)]
                    cost += h * h * sum(t[0] < sx < t[2] and t[1] < sy < t[3] for sx, sy in steps for t in taken)
                if best is None or cost < best[0]:
                    best = (cost, cand, dx, dy, r)
                if cost == 0:
                    break
            if best is not None and best[0] == 0:
                break
        assert best is not None
        _, cand, dx, dy, r = best
        taken.append(cand)
        ha = "left" if dx > 0 else "right" if dx < 0 else "center"
        va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
        arrow = {"arrowstyle": "-", "color": line_colour, "linewidth": 0.6, "shrinkA": 0, "shrinkB": 3} \
            if r > _RADII[1] else None
        annotations.append(ax.annotate(
            text, xy[i], xytext=(dx * r, dy * r), textcoords="offset points", ha=ha, va=va, fontsize=fontsize,
            color=colour, parse_math=False, arrowprops=arrow, annotation_clip=False, zorder=6,
        ))
    return annotations
