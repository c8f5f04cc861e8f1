"""How tall a lane without cards is, one rule for the canvas (which measures its text) and for writers without Qt.

The canvas (canvas/laneitems.py) passes the lines it wrapped and its font's line spacing; draw.io, which
has no Qt to measure with, estimates them (:func:`estimate_lines`) so its rows match the map's for the
short texts maps hold (anything up to two lines) and are no shorter for longer ones.
"""

from __future__ import annotations

import math

from ..model import Lane, Project
from .geometry import Metrics

PAD = 10.0
TEXT_MIN_H = 56.0
METRIC_H = 64.0
# A metric lane's chart under its figures: 26 px drew 58 % and 86 % seven pixels apart. At 60 the bars differ
# as much as the figures do, on the map, the projector's picture and a printed page alike.
CHART_H = 60.0
STORYBOARD_H = 150.0
EMOTION_H = 110.0
CHANNELS_H = 64.0
# On the projector (presentation mode) the room reads the cards: a lane without cards is a strip under them,
# figures on one line without period or source (a chart in the line beside them: see LaneContentItem), pictures
# as thumbnails with no caption. The editor and every export keep the whole lanes.
COMPACT_METRIC_H = 40.0
# A sparkline's strip is taller: in the one line its rise and fall spanned 26 scene px, some 10 px on the screen,
# unreadable past the first rows (a bar chart lies along the line and needs no height; a line's trend is height).
COMPACT_SPARKLINE_H = 64.0
COMPACT_STORYBOARD_H = 64.0
TEXT_MAX_LINES = 12  # a longer text is elided with … (the whole text is in the editor and the CSV)
LINE_H = 13.953125  # the line spacing of the bundled DejaVu Sans at 9 pt, the map's text font
CHAR_W = 6.6  # a little over that font's average character (6.08), so an estimate wraps no later than Qt


def row_height(lane: Lane, text_lines: int, captioned: bool, line_h: float, compact: bool = False) -> float:
    """The height of ``lane``'s row: ``text_lines`` is its tallest text cell's line count (text lanes),
    ``captioned`` whether a picture has a caption (storyboards); ``compact``: the projector's strip."""
    if lane.kind == "text":
        return max(TEXT_MIN_H, 2 * PAD + line_h * max(2, text_lines))
    if lane.kind == "metric":
        if compact:
            return COMPACT_SPARKLINE_H if lane.chart == "sparkline" else COMPACT_METRIC_H
        return METRIC_H + (CHART_H if lane.chart else 0.0)
    if lane.kind == "storyboard":
        return COMPACT_STORYBOARD_H if compact else STORYBOARD_H + (2 * line_h if captioned else 0.0)
    if lane.kind == "channels":
        return CHANNELS_H
    return EMOTION_H + line_h * max(1, len(lane.overlay))


def estimate_lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a cell ``width`` wide, without measuring (see the module's note)."""
    per_line = max(1, int(width // CHAR_W))
    lines = sum(max(1, math.ceil(len(par) / per_line)) for par in text.strip().split("\n"))
    return min(lines, TEXT_MAX_LINES)


def lane_row_heights(project: Project, journey_id: str, metrics: Metrics | None = None) -> dict[str, float]:
    """The rows of the journey's lanes without cards (card lanes are not in it), estimated without Qt."""
    m = metrics or Metrics()
    width = m.card_w + 2 * m.cell_pad - 2 * PAD  # as the canvas wraps a text cell
    cells = project.lane_cells(journey_id)
    out: dict[str, float] = {}
    for lane in project.lanes(journey_id):
        if lane.holds_cards:
            continue
        mine = [c for c in cells if c.lane_id == lane.id]
        lines = max((estimate_lines(c.text, width) for c in mine), default=1)
        captioned = any(c.text.strip() for c in mine)
        out[lane.id] = row_height(lane, lines, captioned, LINE_H)
    return out


__all__ = [
    "CHART_H", "COMPACT_METRIC_H", "COMPACT_SPARKLINE_H", "COMPACT_STORYBOARD_H", "PAD", "TEXT_MAX_LINES",
    "estimate_lines",
    "lane_row_heights", "row_height",
]  # fmt: skip
