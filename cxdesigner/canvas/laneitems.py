"""The lanes without cards, painted by the one map renderer: text, metric, channel, storyboard and emotion lanes.

One item paints every such cell (a handful of rows), so the editor and every picture of the map
(PNG, SVG, PDF, the report) show the same thing. Rows are as tall as their content asks, within caps.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..analysis.lanes import overlay_journeys
from ..exchange.images import stored_picture
from ..i18n import MINUS, N_, translation
from ..layout.lanerows import CHART_H, PAD, TEXT_MAX_LINES, row_height
from ..model import Lane, LaneCell, vocab
from . import style
from .items import _RectItem, draw_lines, elided, qrect, wrap_text

if TYPE_CHECKING:
    from .scene import JourneyScene

HINT = N_("Double-click to add…")


def _lines(scene: JourneyScene, text: str, width: float) -> list[str]:
    """Wrapped plain text, paragraphs kept, at most TEXT_MAX_LINES with the last one elided."""
    font = scene.fonts.project
    lines = wrap_text(text.strip(), font, width, None)
    if len(lines) > TEXT_MAX_LINES:
        rest = lines[TEXT_MAX_LINES - 1]
        lines = lines[: TEXT_MAX_LINES - 1] + [elided(rest + " …", font, width)]
        if not lines[-1].endswith("…"):
            lines[-1] = lines[-1].rstrip() + "…"
    return lines


def journey_cells(scene: JourneyScene) -> dict[tuple[str, str], LaneCell]:
    jid = scene.journey_id
    if jid is None:
        return {}
    return {(c.stage_id, c.lane_id): c for c in scene.project.lane_cells(jid)}


def row_heights(scene: JourneyScene, lanes: list[Lane], stage_ids: list[str]) -> dict[str, float]:
    """How tall each lane without cards is, from what its cells hold (card lanes are not in it)."""
    m = scene.metrics
    width = m.card_w + 2 * m.cell_pad - 2 * PAD
    cells = journey_cells(scene)
    lh = scene.fonts.metrics(scene.fonts.project).lineSpacing()
    out: dict[str, float] = {}
    for lane in lanes:
        if lane.holds_cards:
            continue
        mine = [c for (_s, ln), c in cells.items() if ln == lane.id]
        texts = [c.text for c in mine if c.stage_id in stage_ids] if lane.kind == "text" else []
        most = max((len(_lines(scene, t, width)) for t in texts), default=1)
        out[lane.id] = row_height(lane, most, any(c.text.strip() for c in mine), lh, scene.compact_lanes)
    return out


def format_value(value: float, lang: str) -> str:
    """A figure as people write it in ``lang`` (decimal comma in Spanish), without needless decimals."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    if lang.startswith("es"):
        text = text.replace(",", "\u202f").replace(".", ",")
    # A real minus, as the emotion badges on the same map and i18n.signed write one (an NPS of −20).
    return text.replace("-", MINUS)


def emotion_series(
    scene: JourneyScene, lane: Lane, stage_ids: list[str]
) -> list[tuple[str, QColor, list[float | None]]]:
    """Per overlaid journey: its name, its persona's colour and its mean emotion at each of ``stage_ids``.

    Stages are matched as the exports match them (:func:`analysis.lanes.overlay_journeys`); a journey
    deleted since is skipped.
    """
    project = scene.project
    out = []
    for journey, row in overlay_journeys(project, lane, scene.lang):
        persona = project.tables["persona"].get(journey.persona_id) if journey.persona_id else None
        colour = QColor(persona.colour if persona is not None else "#52606d")
        name = journey.name + (f" ({persona.name})" if persona is not None and persona.name else "")
        out.append((name, colour, [row.get(sid) for sid in stage_ids]))
    return out


def chart_levels(values: list[float], top: float, base: float) -> tuple[float, list[float]]:
    """The zero line's y and each figure's y in a chart from ``top`` to ``base`` (y grows downwards).

    Figures of both signs share one scale: a negative one goes down from the zero line, so a
    reader sees its sign (all positive: zero is the base; all negative: the top). A small figure
    still shows, two units away from zero.
    """
    hi, lo = max(0.0, *values), min(0.0, *values)
    scale = (base - top) / ((hi - lo) or 1.0)
    zero = top + hi * scale
    ends = []
    for v in values:
        end = zero - v * scale
        if v and abs(end - zero) < 2.0:
            end = zero - 2.0 if v > 0 else zero + 2.0
        ends.append(end)
    return zero, ends


def _sparkline(painter: QPainter, points: list[QPointF], colour: QColor, width: float, radius: float) -> None:
    """A line through ``points`` with a dot at each."""
    painter.setPen(QPen(colour, width))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    path = QPainterPath(points[0])
    for p in points[1:]:
        path.lineTo(p)
    painter.drawPath(path)
    painter.setBrush(colour)
    for p in points:
        painter.drawEllipse(p, radius, radius)


class LaneContentItem(_RectItem):
    """Every cell of the lanes without cards, over the cells' backgrounds."""

    def __init__(self) -> None:
        super().__init__()
        self.rect = QRectF()
        self.setZValue(0.5)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self._images: dict[tuple[str, int], QImage] = {}

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene: JourneyScene = self.scene()  # type: ignore[assignment]
        layout = scene.layout
        if layout is None or not layout.stage_ids or scene.glance:
            return  # at a glance a lane of text, figures or pictures is a strip under its name
        lanes = [
            ln for ln in scene.project.lanes(scene.journey_id or "") if ln.id in layout.rows and not ln.holds_cards
        ]
        if not lanes:
            return
        cells = journey_cells(scene)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        exposed = option.exposedRect
        for lane in lanes:
            y, h = layout.rows[lane.id]
            if lane.kind == "emotion":
                x0 = layout.columns[layout.stage_ids[0]][0]
                x1 = sum(layout.columns[layout.stage_ids[-1]])
                row = QRectF(x0, y, x1 - x0, h)
                if row.intersects(exposed):
                    self._paint_emotion(painter, scene, lane, row)
                continue
            if lane.kind == "metric" and lane.chart:
                if scene.compact_lanes:
                    self._paint_strip_chart(painter, scene, lane, cells)
                else:
                    self._paint_chart(painter, scene, lane, cells)
            for sid in layout.stage_ids:
                r = qrect(layout.cell_rect(sid, lane.id))
                if not r.intersects(exposed):
                    continue
                inner = r.adjusted(PAD, PAD * 0.7, -PAD, -PAD * 0.7)
                if lane.kind == "channels":
                    self._paint_channels(painter, scene, sid, inner)
                    continue
                cell = cells.get((sid, lane.id))
                if cell is None:
                    if not (scene.export_mode or scene.compact_lanes):  # no hint on a picture or the projector
                        painter.setPen(scene.colours.faint_ink)
                        painter.setFont(scene.fonts.axis)
                        hint = translation(scene.lang).gettext(HINT)
                        painter.drawText(inner, Qt.AlignmentFlag.AlignCenter, hint)
                    continue
                if lane.kind == "text":
                    painter.setPen(scene.colours.ink)
                    draw_lines(painter, _lines(scene, cell.text, inner.width()), scene.fonts.project,
                               inner.x(), inner.y(), inner.width())  # fmt: skip
                elif lane.kind == "metric":
                    self._paint_metric(painter, scene, cell, inner, lane)
                else:
                    self._paint_picture(painter, scene, cell, inner)

    # -- kinds ----------------------------------------------------------------------------------------
    def _paint_metric(self, painter: QPainter, scene: JourneyScene, cell: LaneCell, r: QRectF, lane: Lane) -> None:
        c = scene.colours
        if cell.value is not None:
            big = style.font(14.0, bold=True)
            painter.setFont(big)
            painter.setPen(c.ink)
            figure = self._figure(scene, cell)
            fm = scene.fonts.metrics(scene.fonts.project)
            top = QRectF(r.x(), r.y(), r.width(), 26)
            if scene.compact_lanes and lane.chart == "sparkline":
                # The line runs under the figure: a plate of the cell's colour keeps the figure readable.
                width = min(r.width(), scene.fonts.metrics(big).horizontalAdvance(figure) + 6)
                painter.fillRect(QRectF(r.x() - 3, r.y() + 3, width, 20), scene.colours.label_back)
            painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             elided(figure, big, r.width()))  # fmt: skip
            small = " · ".join(x for x in (cell.period, cell.source) if x)
            if small and not scene.compact_lanes:
                painter.setFont(scene.fonts.axis)
                painter.setPen(c.muted_ink)
                painter.drawText(QPointF(r.x(), r.y() + 28 + fm.ascent()), elided(small, scene.fonts.axis, r.width()))

    def _paint_strip_chart(
        self, painter: QPainter, scene: JourneyScene, lane: Lane, cells: dict[Any, LaneCell]
    ) -> None:
        """The chart in the projector's one-line strip, right of the figures: a bar chart as bars lying along
        the line from one zero (a strip's height drew 58 % and 86 % a few pixels apart; its width, a card's,
        sets them far apart), a sparkline through the strip's height, under the figures."""
        layout = scene.layout
        assert layout is not None
        figures = [
            (sid, cell.value) for sid in layout.stage_ids
            if (cell := cells.get((sid, lane.id))) is not None and cell.value is not None
        ]  # fmt: skip
        if not figures:
            return
        y, h = layout.rows[lane.id]
        colour = QColor("#35618f")
        if lane.chart == "sparkline":
            if len(figures) < 2:
                return
            # Through the strip's height (the figures on plates over it): the dots' rims stay inside the row.
            # From the lowest figure to the highest, not from zero as the editor's chart: the figures are printed
            # beside it, and from zero 58 % and 86 % lay a third of the strip apart, a few pixels on the screen.
            k = max(1.0, scene.text_scale)
            rim = 2.5 * k + 1.6 * k / 2
            top, base = y + rim + 2, y + h - rim - 2
            values = [v for _sid, v in figures]
            hi, lo = max(values), min(values)
            ends = [(top + base) / 2 if hi == lo else top + (hi - v) / (hi - lo) * (base - top) for v in values]
            points = [QPointF(layout.columns[sid][0] + layout.columns[sid][1] / 2, end)
                      for (sid, _v), end in zip(figures, ends, strict=True)]  # fmt: skip
            # The editor's line and dots grown with the cards' type: at a fixed 3 px the projector (the map at about
            # half its size) drew a hairline.
            _sparkline(painter, points, colour, 1.6 * k, 2.5 * k)
            return
        # One start for every bar: right of the widest figure, so bars in different stages compare.
        big = style.font(14.0, bold=True)
        fm = scene.fonts.metrics(big)
        lead = max(fm.horizontalAdvance(self._figure(scene, cells[(sid, lane.id)])) for sid, _v in figures) + 10
        values = [v for _sid, v in figures]
        hi, lo = max(0.0, *values), min(0.0, *values)
        thick = min(14.0, h - 2 * PAD)
        for sid, v in figures:
            x, w = layout.columns[sid]
            left, right = x + PAD + lead, x + w - PAD
            if right - left < 24:
                continue  # a figure that long leaves no room: it stands alone, as without a chart
            scale = (right - left) / ((hi - lo) or 1.0)
            zero = left - lo * scale
            end = zero + v * scale
            mid = y + PAD * 0.7 + 13  # the figure's line
            painter.setPen(QPen(scene.colours.muted_ink, 1.0))
            painter.drawLine(QPointF(zero, mid - thick / 2 - 2), QPointF(zero, mid + thick / 2 + 2))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour if v >= 0 else style.PAIN)
            painter.drawRect(QRectF(min(zero, end), mid - thick / 2, max(2.0, abs(end - zero)), thick))

    @staticmethod
    def _figure(scene: JourneyScene, cell: LaneCell) -> str:
        return format_value(cell.value, scene.lang) + (f" {cell.unit}" if cell.unit else "")

    def _paint_chart(self, painter: QPainter, scene: JourneyScene, lane: Lane, cells: dict[Any, LaneCell]) -> None:
        layout = scene.layout
        assert layout is not None
        values = [(sid, cells[(sid, lane.id)].value) for sid in layout.stage_ids if (sid, lane.id) in cells]
        figures = [(sid, v) for sid, v in values if v is not None]
        if not figures:
            return
        y, h = layout.rows[lane.id]
        base, top = y + h - PAD * 0.7, y + h - PAD * 0.7 - CHART_H + 4
        zero, ends = chart_levels([v for _sid, v in figures], top, base)
        colour = QColor("#35618f")
        # The zero line the bars and the line rise from (and a negative figure falls below): under every stage
        # from the first figure to the last, so bars in separate columns read as measured from one base. Drawn
        # in each cell, not across the gaps: a page cut between stages leaves no stub by the lane's name.
        shown = [sid for sid, _v in figures]
        stages = layout.stage_ids[layout.stage_ids.index(shown[0]) : layout.stage_ids.index(shown[-1]) + 1]
        painter.setPen(QPen(scene.colours.muted_ink, 1.0))
        for sid in stages:
            x, w = layout.columns[sid]
            painter.drawLine(QPointF(x + PAD, zero), QPointF(x + w - PAD, zero))
        points = []
        for (sid, v), end in zip(figures, ends, strict=True):
            x, w = layout.columns[sid]
            if lane.chart == "bar":
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour if v >= 0 else style.PAIN)
                painter.drawRect(QRectF(x + PAD, min(zero, end), w - 2 * PAD, abs(end - zero)))
            points.append(QPointF(x + w / 2, end))
        if lane.chart == "sparkline" and points:
            _sparkline(painter, points, colour, 1.6, 2.5)

    def _paint_channels(self, painter: QPainter, scene: JourneyScene, stage_id: str, r: QRectF) -> None:
        used: list[str] = []
        lanes = {ln.id for ln in scene.project.lanes(scene.journey_id or "") if ln.holds_cards}
        for lane_id in (ln.id for ln in scene.project.lanes(scene.journey_id or "")):
            if lane_id not in lanes:
                continue
            for tp in scene.project.cell(stage_id, lane_id):
                if tp.channel and tp.channel not in used:
                    used.append(tp.channel)
        if not used:
            return
        size = 18.0
        x, y = r.x(), r.y()
        names = []
        for key in used:
            if x + size > r.right():
                break
            custom = scene.channel_name(key)
            style.draw_channel_glyph(painter, QRectF(x, y, size, size), key, custom, scene.fonts)
            names.append(custom)
            x += size + 4
        painter.setPen(scene.colours.muted_ink)
        painter.setFont(scene.fonts.axis)
        lines = wrap_text(", ".join(names), scene.fonts.axis, r.width(), 2)
        draw_lines(painter, lines, scene.fonts.axis, r.x(), y + size + 4, r.width())

    def _image(self, cell: LaneCell) -> tuple[QImage, str]:
        key = (cell.id, hash(cell.image))
        found = self._images.get(key)
        if found is None:
            found = stored_picture(cell.image)
            if len(self._images) > 64:
                self._images.clear()
            self._images[key] = found
        return found

    def _paint_picture(self, painter: QPainter, scene: JourneyScene, cell: LaneCell, r: QRectF) -> None:
        lh = scene.fonts.metrics(scene.fonts.axis).lineSpacing()
        shown = cell.text.strip() and not scene.compact_lanes
        caption = wrap_text(cell.text, scene.fonts.axis, r.width(), 2) if shown else []
        box = QRectF(r.x(), r.y(), r.width(), r.height() - lh * len(caption) - (4 if caption else 0))
        image, problem = self._image(cell) if cell.image else (QImage(), "")
        if not image.isNull():
            scaled = image.size().scaled(box.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(box.x() + (box.width() - scaled.width()) / 2, box.y(), scaled.width(), scaled.height())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(target, image)
        elif problem:
            # A picture that is not drawn leaves its place framed and says why, as the report does: a blank
            # cell read as a picture lost.
            painter.setPen(QPen(scene.colours.muted_ink, 1.0, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(box.adjusted(1, 1, -1, -1))
            inner = box.adjusted(PAD, PAD, -PAD, -PAD)
            lines_fit = max(1, int(inner.height() // scene.fonts.metrics(scene.fonts.axis).lineSpacing()))
            lines = wrap_text(translation(scene.lang).gettext(problem), scene.fonts.axis, inner.width(), lines_fit)
            painter.setPen(scene.colours.muted_ink)
            top = inner.y() + max(0.0, (inner.height() - lh * len(lines)) / 2)
            draw_lines(painter, lines, scene.fonts.axis, inner.x(), top, inner.width(), Qt.AlignmentFlag.AlignHCenter)
        if caption:
            painter.setPen(scene.colours.ink)
            draw_lines(painter, caption, scene.fonts.axis, r.x(), box.bottom() + 4, r.width(),
                       Qt.AlignmentFlag.AlignHCenter)  # fmt: skip

    def _paint_emotion(self, painter: QPainter, scene: JourneyScene, lane: Lane, row: QRectF) -> None:
        layout = scene.layout
        assert layout is not None
        series = emotion_series(scene, lane, layout.stage_ids)
        c = scene.colours
        fm = scene.fonts.metrics(scene.fonts.axis)
        legend_h = fm.lineSpacing() * max(1, len(series))
        plot = QRectF(row.x(), row.y() + 8, row.width(), row.height() - legend_h - 16)

        def y_of(v: float) -> float:
            return plot.center().y() - v / 3 * (plot.height() / 2)

        painter.setPen(QPen(c.faint_ink, 1.0, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(plot.x(), y_of(0)), QPointF(plot.right(), y_of(0)))
        for name_i, (name, colour, values) in enumerate(series):
            pts = [
                QPointF(layout.columns[sid][0] + layout.columns[sid][1] / 2, y_of(v))
                for sid, v in zip(layout.stage_ids, values, strict=True)
                if v is not None
            ]
            painter.setPen(QPen(colour, 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for a, b in itertools.pairwise(pts):
                painter.drawLine(a, b)
            painter.setBrush(colour)
            for p in pts:
                painter.drawEllipse(p, 3.5, 3.5)
            ly = plot.bottom() + 8 + name_i * fm.lineSpacing()
            painter.fillRect(QRectF(row.x(), ly + 2, 14, fm.height() - 4), colour)
            painter.setPen(c.ink)
            painter.setFont(scene.fonts.axis)
            painter.drawText(QPointF(row.x() + 20, ly + fm.ascent()), elided(name, scene.fonts.axis, 400))
        if not series and not (scene.export_mode or scene.compact_lanes):
            painter.setPen(c.faint_ink)
            painter.setFont(scene.fonts.axis)
            hint = translation(scene.lang).gettext(HINT)
            painter.drawText(row, Qt.AlignmentFlag.AlignCenter, hint)


CELL_KINDS = vocab.CELL_LANE_KINDS

__all__ = ["HINT", "LaneContentItem", "emotion_series", "format_value", "journey_cells", "row_heights"]
