"""A print layout of a journey map drawn with QPainter: title block, grid, full titles, curve, legend.

Used for PNG, SVG, PDF and the report. Text is drawn line by line with ``drawText`` so SVG keeps
it as text and PDF keeps it extractable; titles are never elided, they wrap (anywhere if a word
is longer than the card).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTextLayout,
    QTextOption,
)

# The canvas's palette and contrast rule, so a printed map and its legend match the cards on screen.
from ..canvas.style import EMOTION_COLOURS, ink_on
from ..canvas.style import emotion_colour as emotion_fill
from ..i18n import N_, translation
from ..model import Project, vocab
from ..model.entities import Touchpoint
from .common import persona_name

WHITE = QColor("#ffffff")
INK = QColor("#1f2933")
MUTED = QColor("#52606d")
FAINT = QColor("#9aa5b1")
RULE = QColor("#d9e0e7")
HEADER_FILL = QColor("#e4e9ef")
CELL_FILL = QColor("#f7f9fb")
PHASE_FILLS = {"before": "#d6e4f0", "during": "#e3dcef", "after": "#d9ebdf"}
CONNECTION_STYLES = {
    "normal": ("#4a5561", Qt.PenStyle.SolidLine),
    "alternative": ("#7a5aa6", Qt.PenStyle.DashDotLine),
    "failure": ("#c2410c", Qt.PenStyle.DashLine),
    "loop_back": ("#0b72b9", Qt.PenStyle.SolidLine),
}

LABELS = {
    "persona": N_("Persona"),
    "date": N_("Date"),
    "emotion": N_("Emotion"),
    "legend": N_("Emotion"),
    "none": N_("not rated"),
    "curve": N_("Emotion curve"),
    "mot": N_("★ moment of truth"),
    "votes": N_("● votes"),
    "selection": N_("Selected touchpoints"),
    "connections": N_("Connections"),
}


def label(key: str, lang: str) -> str:
    return translation(lang).gettext(LABELS[key])


def emotion_text(value: int | None) -> str:
    if value is None:
        return "–"
    return f"+{value}" if value > 0 else ("0" if value == 0 else f"−{-value}")


_POINT_DEVICE: list[QImage] = []


def point_device() -> QImage:
    """A 72-dpi paint device: measuring against it makes one unit one typographic point everywhere."""
    if not _POINT_DEVICE:
        img = QImage(4, 4, QImage.Format.Format_ARGB32_Premultiplied)
        img.setDotsPerMeterX(round(72 / 0.0254))
        img.setDotsPerMeterY(round(72 / 0.0254))
        _POINT_DEVICE.append(img)
    return _POINT_DEVICE[0]


def metrics(font: QFont) -> QFontMetricsF:
    return QFontMetricsF(font, point_device())


def make_font(size: float, bold: bool = False, family: str = "DejaVu Sans") -> QFont:
    f = QFont(family)
    f.setPointSizeF(size)
    f.setBold(bold)
    # Unhinted metrics make the layout the same at every resolution (PNG dpi, PDF, SVG).
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return f


def wrap(text: str, font: QFont, width: float) -> list[str]:
    """Lines of ``text`` no wider than ``width``: at word boundaries, or anywhere for long words."""
    out: list[str] = []
    for para in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not para:
            out.append("")
            continue
        layout = QTextLayout(para, font, point_device())
        opt = QTextOption()
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(opt)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            out.append(para[line.textStart() : line.textStart() + line.textLength()].rstrip())
        layout.endLayout()
    return out


def draw_lines(painter: QPainter, lines: Sequence[str], font: QFont, x: float, y: float, width: float,
               align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> float:  # fmt: skip
    """Draw wrapped lines from the top-left (x, y); returns the y below the last line."""
    painter.setFont(font)
    fm = metrics(font)
    h = fm.lineSpacing()
    for line in lines:
        painter.drawText(QRectF(x, y, width, h), int(align | Qt.AlignmentFlag.AlignVCenter), line)
        y += h
    return y


@dataclass
class CardBox:
    tp: Touchpoint
    rect: QRectF
    lines: list[str]


@dataclass
class MapLayout:
    """Positions of everything, in points (1/72 inch); the origin is the drawing's top-left."""

    width: float = 0.0
    height: float = 0.0
    cards: dict[str, CardBox] = field(default_factory=dict)
    stage_x: list[tuple[str, float, float]] = field(default_factory=list)  # (stage id, x, width)
    lane_y: list[tuple[str, float, float]] = field(default_factory=list)  # (lane id, y, height)
    grid_top: float = 0.0
    grid_left: float = 0.0
    curve_rect: QRectF | None = None
    legend_top: float = 0.0


class JourneyMap:
    """A journey (or some of its cards) laid out for print; :meth:`paint` draws it at the origin."""

    MARGIN = 24.0
    CARD_W = 168.0
    PAD = 10.0
    LANE_HEADER_W = 124.0
    TITLE_H = 74.0
    PHASE_H = 20.0
    STAGE_H = 30.0
    CURVE_H = 110.0
    LEGEND_H = 46.0

    def __init__(
        self,
        project: Project,
        journey_id: str,
        lang: str = "en",
        touchpoint_ids: Iterable[str] | None = None,
        date: str | None = None,
        title_block: bool = True,
    ) -> None:
        self.project = project
        self.journey = project.get("journey", journey_id)
        self.lang = lang
        self.date = date or time.strftime("%Y-%m-%d")
        self.title_block = title_block
        chosen = set(touchpoint_ids) if touchpoint_ids is not None else None
        self.selection = chosen is not None
        cards = project.touchpoints(journey_id)
        self.cards = [tp for tp in cards if chosen is None or tp.id in chosen]
        all_stages = project.stages(journey_id)
        all_lanes = project.lanes(journey_id)
        if chosen is not None:
            used_s = {tp.stage_id for tp in self.cards}
            used_l = {tp.lane_id for tp in self.cards}
            all_stages = [s for s in all_stages if s.id in used_s]
            all_lanes = [ln for ln in all_lanes if ln.id in used_l]
        self.stages = all_stages
        self.lanes = all_lanes
        ids = {tp.id for tp in self.cards}
        self.connections = [c for c in project.connections(journey_id) if c.source_id in ids and c.target_id in ids]
        self.f_project = make_font(9)
        self.f_journey = make_font(17, bold=True)
        self.f_meta = make_font(9)
        self.f_stage = make_font(9.5, bold=True)
        self.f_phase = make_font(8, bold=True)
        self.f_lane = make_font(9, bold=True)
        self.f_title = make_font(8.5)
        self.f_small = make_font(7)
        self.f_badge = make_font(7.5, bold=True)
        self.layout = self._layout()

    # -- geometry ---------------------------------------------------------------
    def _card_height(self, lines: list[str]) -> float:
        fm = metrics(self.f_title)
        return 8 + 14 + len(lines) * fm.lineSpacing() + 8

    def _layout(self) -> MapLayout:
        lay = MapLayout()
        m = self.MARGIN
        title_h = self.TITLE_H if self.title_block else 0.0
        lay.grid_left = m + self.LANE_HEADER_W
        lay.grid_top = m + title_h + self.PHASE_H + self.STAGE_H
        # Wrap each title to the card width first: the heights decide the rows.
        text_w = self.CARD_W - 16
        boxes: dict[tuple[str, str], list[tuple[Touchpoint, list[str], float]]] = {}
        for tp in self.cards:
            lines = wrap(tp.title or "—", self.f_title, text_w)
            boxes.setdefault((tp.stage_id, tp.lane_id), []).append((tp, lines, self._card_height(lines)))
        col_w = self.CARD_W + 2 * self.PAD
        x = lay.grid_left
        for s in self.stages:
            lay.stage_x.append((s.id, x, col_w))
            x += col_w
        y = lay.grid_top
        for ln in self.lanes:
            tallest = 0.0
            for s in self.stages:
                stack = boxes.get((s.id, ln.id), [])
                tallest = max(tallest, sum(h for _, _, h in stack) + self.PAD * max(0, len(stack) - 1))
            lane_h = max(56.0, tallest + 2 * self.PAD)
            lay.lane_y.append((ln.id, y, lane_h))
            for sid, sx, _ in lay.stage_x:
                cy = y + self.PAD
                for tp, lines, h in boxes.get((sid, ln.id), []):
                    lay.cards[tp.id] = CardBox(tp, QRectF(sx + self.PAD, cy, self.CARD_W, h), lines)
                    cy += h + self.PAD
            y += lane_h
        grid_bottom = y
        if any(tp.emotion is not None for tp in self.cards):
            lay.curve_rect = QRectF(lay.grid_left, grid_bottom, x - lay.grid_left, self.CURVE_H)
            grid_bottom += self.CURVE_H
        lay.legend_top = grid_bottom + 14
        min_legend_w = 640.0
        lay.width = max(x, m + min_legend_w) + m
        # The title block must fit the journey name: widen rather than cut.
        name_w = metrics(self.f_journey).horizontalAdvance(self.journey.name[:300]) + 2 * m + 240
        lay.width = max(lay.width, min(name_w, 4000.0))
        lay.height = lay.legend_top + self.LEGEND_H + m
        return lay

    @property
    def size(self) -> tuple[float, float]:
        return self.layout.width, self.layout.height

    # -- drawing ------------------------------------------------------------------
    def paint(self, painter: QPainter, background: QColor | None = WHITE, clip: QRectF | None = None) -> None:
        """Draw at the origin; ``clip`` (drawing coordinates) limits it to one tile of a tiled PDF."""
        painter.save()
        if clip is not None:
            painter.setClipRect(clip)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        lay = self.layout
        if background is not None:
            painter.fillRect(QRectF(0, 0, lay.width, lay.height), background)
        if self.title_block:
            self._paint_title(painter)
        self._paint_grid(painter)
        self._paint_connections(painter)
        for box in lay.cards.values():
            self._paint_card(painter, box)
        if lay.curve_rect is not None:
            self._paint_curve(painter, lay.curve_rect)
        self._paint_legend(painter)
        painter.restore()

    def _paint_title(self, p: QPainter) -> None:
        m, w = self.MARGIN, self.layout.width - 2 * self.MARGIN
        p.setPen(MUTED)
        name = self.project.info.name or ""
        if self.selection:
            name = f"{name} — {label('selection', self.lang)}" if name else label("selection", self.lang)
        draw_lines(p, [name], self.f_project, m, m, w)
        p.setPen(INK)
        jname = wrap(self.journey.name or "—", self.f_journey, w)
        y = draw_lines(p, jname[:2], self.f_journey, m, m + 14, w)
        persona = persona_name(self.project, self.journey)
        meta = f"{label('date', self.lang)}: {self.date}"
        if persona:
            meta = f"{label('persona', self.lang)}: {persona}    ·    {meta}"
        p.setPen(MUTED)
        draw_lines(p, [meta], self.f_meta, m, y + 2, w)
        p.setPen(QPen(RULE, 1))
        line_y = m + self.TITLE_H - 8
        p.drawLine(QPointF(m, line_y), QPointF(self.layout.width - m, line_y))

    def _paint_grid(self, p: QPainter) -> None:
        lay = self.layout
        if not lay.stage_x:
            return
        top = lay.grid_top - self.STAGE_H - self.PHASE_H
        right = lay.stage_x[-1][1] + lay.stage_x[-1][2]
        bottom = lay.lane_y[-1][1] + lay.lane_y[-1][2] if lay.lane_y else lay.grid_top
        # Phase bands: consecutive stages of the same phase share one band.
        stages = {s.id: s for s in self.stages}
        runs: list[tuple[str, float, float]] = []
        for sid, x, w in lay.stage_x:
            ph = stages[sid].phase
            if runs and runs[-1][0] == ph:
                runs[-1] = (ph, runs[-1][1], runs[-1][2] + w)
            else:
                runs.append((ph, x, w))
        for ph, x, w in runs:
            r = QRectF(x + 1, top, w - 2, self.PHASE_H - 2)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(PHASE_FILLS.get(ph, "#eeeeee")))
            p.drawRoundedRect(r, 3, 3)
            p.setPen(INK)
            p.setFont(self.f_phase)
            p.drawText(r, int(Qt.AlignmentFlag.AlignCenter), vocab.label(vocab.PHASES, ph, self.lang).upper())
        for sid, x, w in lay.stage_x:
            r = QRectF(x + 1, top + self.PHASE_H, w - 2, self.STAGE_H - 2)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(HEADER_FILL)
            p.drawRect(r)
            p.setPen(INK)
            lines = wrap(stages[sid].display_name(self.lang) or "—", self.f_stage, w - 12)
            if len(lines) > 1:
                p.setFont(self.f_small)
                lines = wrap(stages[sid].display_name(self.lang), make_font(7.5, True), w - 12)
                draw_lines(
                    p, lines[:2], make_font(7.5, True), x + 6, r.top() + 1, w - 12, Qt.AlignmentFlag.AlignHCenter
                )
            else:
                draw_lines(p, lines, self.f_stage, x + 6, r.top() + (r.height() - 14) / 2, w - 12,
                           Qt.AlignmentFlag.AlignHCenter)  # fmt: skip
        lanes = {ln.id: ln for ln in self.lanes}
        for i, (lid, y, h) in enumerate(lay.lane_y):
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(CELL_FILL if i % 2 == 0 else QColor("#eef2f6"))
            p.drawRect(QRectF(lay.grid_left, y, right - lay.grid_left, h))
            hr = QRectF(self.MARGIN, y + 1, self.LANE_HEADER_W - 4, h - 2)
            p.setBrush(HEADER_FILL)
            p.drawRect(hr)
            p.setPen(INK)
            lines = wrap(lanes[lid].display_name(self.lang) or "—", self.f_lane, hr.width() - 12)
            draw_lines(p, lines[:6], self.f_lane, hr.left() + 6, hr.top() + 6, hr.width() - 12)
        p.setPen(QPen(RULE, 0.8))
        for _, x, _ in lay.stage_x[1:]:
            p.drawLine(QPointF(x, lay.grid_top), QPointF(x, bottom))
        for _, y, _ in lay.lane_y[1:]:
            p.drawLine(QPointF(lay.grid_left, y), QPointF(right, y))

    def _paint_card(self, p: QPainter, box: CardBox) -> None:
        tp, r = box.tp, box.rect
        fill = emotion_fill(tp.emotion)
        p.setPen(QPen(QColor("#9aa5b1"), 0.8))
        p.setBrush(QColor("#ffffff"))
        p.drawRoundedRect(r, 5, 5)
        # A coloured band on the left carries the emotion; the badge repeats it in figures.
        band = QPainterPath()
        band.addRoundedRect(QRectF(r.left(), r.top(), 8, r.height()), 4, 4)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(fill)
        p.drawPath(band)
        p.drawRect(QRectF(r.left() + 4, r.top(), 4, r.height()))
        badge = QRectF(r.right() - 30, r.top() + 5, 24, 13)
        p.drawRoundedRect(badge, 6, 6)
        p.setPen(ink_on(fill))
        p.setFont(self.f_badge)
        p.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), emotion_text(tp.emotion))
        meta = self.project.channel_name(tp.channel, self.lang) if tp.channel else ""
        marks = []
        if tp.moment_of_truth:
            marks.append("★")
        if tp.votes:
            marks.append(f"●{tp.votes}")
        p.setPen(MUTED)
        p.setFont(self.f_small)
        fm = metrics(self.f_small)
        mark_text = " ".join(marks)
        meta_w = r.width() - 48 - (fm.horizontalAdvance(mark_text) + 4 if marks else 0)
        p.drawText(QRectF(r.left() + 12, r.top() + 5, meta_w, 13), int(Qt.AlignmentFlag.AlignVCenter),
                   fm.elidedText(meta, Qt.TextElideMode.ElideRight, meta_w))  # fmt: skip
        if marks:
            p.setPen(QColor("#8a6100"))
            p.drawText(QRectF(r.left() + 12 + meta_w, r.top() + 5, fm.horizontalAdvance(mark_text) + 4, 13),
                       int(Qt.AlignmentFlag.AlignVCenter), mark_text)  # fmt: skip
        p.setPen(INK)
        draw_lines(p, box.lines, self.f_title, r.left() + 12, r.top() + 22, r.width() - 18)

    def _paint_connections(self, p: QPainter) -> None:
        cards = self.layout.cards
        for c in self.connections:
            a, b = cards.get(c.source_id), cards.get(c.target_id)
            if a is None or b is None:
                continue
            colour, style = CONNECTION_STYLES.get(c.kind, CONNECTION_STYLES["normal"])
            pen = QPen(QColor(colour), 1.2, style)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            ra, rb = a.rect, b.rect
            if rb.left() >= ra.right() - 1:
                start, end = QPointF(ra.right(), ra.top() + 14), QPointF(rb.left(), rb.top() + 14)
                dx = max(20.0, (end.x() - start.x()) / 2)
                c1, c2 = QPointF(start.x() + dx, start.y()), QPointF(end.x() - dx, end.y())
            elif abs(rb.left() - ra.left()) < 1:
                # Same column: leave from the bottom (or top) and go round on the right.
                down = rb.top() > ra.top()
                start = QPointF(ra.center().x(), ra.bottom() if down else ra.top())
                end = QPointF(rb.center().x(), rb.top() if down else rb.bottom())
                c1 = QPointF(start.x() + 30, start.y() + (12 if down else -12))
                c2 = QPointF(end.x() + 30, end.y() - (12 if down else -12))
            else:
                start, end = QPointF(ra.left(), ra.top() + 14), QPointF(rb.right(), rb.top() + 14)
                c1, c2 = QPointF(start.x() - 40, start.y() - 40), QPointF(end.x() + 40, end.y() - 40)
            path = QPainterPath(start)
            path.cubicTo(c1, c2, end)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
            self._arrow(p, c2, end, QColor(colour))

    @staticmethod
    def _arrow(p: QPainter, frm: QPointF, to: QPointF, colour: QColor) -> None:
        import math

        ang = math.atan2(to.y() - frm.y(), to.x() - frm.x())
        size = 6.0
        pts = [
            to,
            QPointF(to.x() - size * math.cos(ang - 0.45), to.y() - size * math.sin(ang - 0.45)),
            QPointF(to.x() - size * math.cos(ang + 0.45), to.y() - size * math.sin(ang + 0.45)),
        ]
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawPolygon(QPolygonF(pts))

    def _paint_curve(self, p: QPainter, r: QRectF) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#ffffff"))
        p.drawRect(r)
        hr = QRectF(self.MARGIN, r.top() + 1, self.LANE_HEADER_W - 4, r.height() - 2)
        p.setBrush(HEADER_FILL)
        p.drawRect(hr)
        p.setPen(INK)
        draw_lines(p, wrap(label("curve", self.lang), self.f_lane, hr.width() - 12), self.f_lane,
                   hr.left() + 6, hr.top() + 6, hr.width() - 12)  # fmt: skip
        inner = r.adjusted(0, 14, 0, -14)

        def y_of(v: float) -> float:
            return inner.center().y() - v / 3 * inner.height() / 2

        p.setFont(self.f_small)
        for v in (-3, 0, 3):
            p.setPen(QPen(RULE if v else FAINT, 0.7, Qt.PenStyle.DashLine if v else Qt.PenStyle.SolidLine))
            p.drawLine(QPointF(r.left(), y_of(v)), QPointF(r.right(), y_of(v)))
            p.setPen(MUTED)
            p.drawText(QRectF(hr.right() - 26, y_of(v) - 6, 22, 12), int(Qt.AlignmentFlag.AlignRight), emotion_text(v))
        # One point per rated card, in journey order, at the card's column.
        pts: list[tuple[QPointF, int]] = []
        per_stage: dict[str, int] = {}
        counts: dict[str, int] = {}
        for tp in self.cards:
            if tp.emotion is not None:
                counts[tp.stage_id] = counts.get(tp.stage_id, 0) + 1
        xs = {sid: (x, w) for sid, x, w in self.layout.stage_x}
        for tp in self.cards:
            if tp.emotion is None:
                continue
            x, w = xs[tp.stage_id]
            k = per_stage.get(tp.stage_id, 0)
            per_stage[tp.stage_id] = k + 1
            px = x + w * (k + 1) / (counts[tp.stage_id] + 1)
            pts.append((QPointF(px, y_of(tp.emotion)), tp.emotion))
        if len(pts) > 1:
            path = QPainterPath(pts[0][0])
            for (a, _), (b, _) in itertools.pairwise(pts):
                mid = (a.x() + b.x()) / 2
                path.cubicTo(QPointF(mid, a.y()), QPointF(mid, b.y()), b)
            p.setPen(QPen(QColor("#3e4c59"), 1.6))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
        for pt, v in pts:
            p.setPen(QPen(QColor("#ffffff"), 1.2))
            p.setBrush(emotion_fill(v))
            p.drawEllipse(pt, 4.5, 4.5)

    def _paint_legend(self, p: QPainter) -> None:
        paint_legend(p, self.MARGIN, self.layout.legend_top, self.lang, None)


def paint_legend(p: QPainter, x: float, y: float, lang: str, date: str | None, emotion_only: bool = False) -> None:
    """The emotion colour key (and, unless ``emotion_only``, the connection kinds); the date at the end."""
    x0 = x
    f_badge, f_small = make_font(7.5, bold=True), make_font(7)
    fm, small = metrics(f_badge), metrics(f_small)
    p.save()
    p.setPen(INK)
    p.setFont(f_badge)
    title = label("legend", lang)
    p.drawText(QPointF(x, y + 11), title)
    x += fm.horizontalAdvance(title) + 10
    for v in range(-3, 4):
        fill = emotion_fill(v)
        r = QRectF(x, y, 26, 15)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(fill)
        p.drawRoundedRect(r, 3, 3)
        p.setPen(ink_on(fill))
        p.setFont(f_badge)
        p.drawText(r, int(Qt.AlignmentFlag.AlignCenter), emotion_text(v))
        x += 28
    r = QRectF(x + 4, y, 26, 15)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(emotion_fill(None))
    p.drawRoundedRect(r, 3, 3)
    p.setPen(MUTED)
    p.setFont(f_small)
    none = label("none", lang)
    p.drawText(QPointF(r.right() + 4, y + 11), none)
    x = r.right() + 4 + small.horizontalAdvance(none) + 18
    if not emotion_only:
        for key in ("mot", "votes"):
            text = label(key, lang)
            p.setPen(QColor("#8a6100"))
            p.drawText(QPointF(x, y + 11), text)
            x += small.horizontalAdvance(text) + 16
        # Connection kinds on a second line: colour and dash tell them apart in greyscale too.
        x, y2 = x0, y + 24
        p.setPen(INK)
        p.setFont(f_badge)
        title = label("connections", lang)
        p.drawText(QPointF(x, y2 + 9), title)
        x += fm.horizontalAdvance(title) + 10
        p.setFont(f_small)
        for kind, (colour, style) in CONNECTION_STYLES.items():
            p.setPen(QPen(QColor(colour), 1.6, style))
            p.drawLine(QPointF(x, y2 + 6), QPointF(x + 26, y2 + 6))
            p.setPen(MUTED)
            name = vocab.label(vocab.CONNECTION_KINDS, kind, lang)
            p.drawText(QPointF(x + 30, y2 + 9), name)
            x += 30 + small.horizontalAdvance(name) + 16
    if date:
        p.setPen(MUTED)
        p.setFont(f_small)
        text = f"{label('date', lang)}: {date}  ·  CX Designer"
        p.drawText(QPointF(x0, y + (48 if not emotion_only else 32)), text)
    p.restore()


__all__ = [
    "EMOTION_COLOURS",
    "JourneyMap",
    "emotion_fill",
    "ink_on",
    "make_font",
    "metrics",
    "paint_legend",
    "point_device",
    "wrap",
]
