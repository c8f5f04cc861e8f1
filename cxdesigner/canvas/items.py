"""Graphics items of the journey map: they keep ids and drawing caches, and read the model when painting."""

from __future__ import annotations

import bisect
import itertools
import math
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsTextItem,
    QStyle,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ..i18n import visible_controls
from ..layout.geometry import Rect, emotion_y
from ..layout.routing import Route
from ..layout.routing import arrow_head as route_arrow
from ..model import vocab
from . import style

if TYPE_CHECKING:
    from .scene import JourneyScene

HANDLE_RADIUS = 6.0
CARD_RADIUS = 6.0
_BORDER_WIDTH = 1.0  # a card's border

# Made once: an enum argument costs PySide a call into Python's enum machinery on every use, and
# a map of a thousand cards makes tens of thousands of these calls. QPainter treats a pen or brush
# made of the style exactly as the style itself.
_ANTIALIASING = QPainter.RenderHint.Antialiasing
_LEFT = Qt.AlignmentFlag.AlignLeft
_HCENTER = Qt.AlignmentFlag.AlignHCenter
_VCENTER = Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter
_SELECTED = QStyle.StateFlag.State_Selected
NO_PEN = QPen(Qt.PenStyle.NoPen)
NO_BRUSH = QBrush()


def qrect(r: Rect) -> QRectF:
    return QRectF(r.x, r.y, r.w, r.h)


def wrap_text(text: str, font: QFont, width: float, max_lines: int | None = None) -> list[str]:
    """Break plain ``text`` into lines of at most ``width``; past ``max_lines`` the last line is elided.

    QTextLayout never interprets markup, so a title such as ``<b>x</b>`` keeps its characters; a control
    character is drawn as its code (``\\u0007``), where the font drew an empty box.
    """
    text = visible_controls(text)
    fm = QFontMetricsF(font)
    out: list[str] = []
    paragraphs = text.split("\n") if max_lines is None else [" ".join(text.split())]
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    for para in paragraphs:
        if max_lines is not None and len(out) >= max_lines:
            break
        if not para:
            out.append("")
            continue
        tl = QTextLayout(para, font)
        tl.setTextOption(option)
        tl.beginLayout()
        spans: list[tuple[int, int]] = []
        while True:
            line = tl.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            spans.append((line.textStart(), line.textLength()))
            if max_lines is not None and len(out) + len(spans) > max_lines:
                break
        tl.endLayout()
        if len(para.encode("utf-16-le")) != 2 * len(para):
            spans = _code_point_spans(para, spans)
        for start, length in spans:
            if max_lines is not None and len(out) == max_lines - 1 and (start + length < len(para)):
                out.append(fm.elidedText(para[start:], Qt.TextElideMode.ElideRight, width))
                break
            out.append(para[start : start + length].rstrip())
            if max_lines is not None and len(out) >= max_lines:
                break
    return out or [""]


def _code_point_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` in UTF-16 units (Qt's) as indices into the Python ``text``.

    An emoji is one character here and two units to Qt: slicing by Qt's offsets cut the word after
    every emoji one letter late ("en r" / "ecepción").
    """
    index = [0] * (2 * len(text) + 1)  # UTF-16 offset -> code point index
    unit = 0
    for i, ch in enumerate(text):
        index[unit] = i
        unit += 2 if ord(ch) > 0xFFFF else 1
    index[unit] = len(text)
    out = []
    for start, length in spans:
        first, last = index[start], index[min(start + length, unit)]
        out.append((first, last - first))
    return out


def elided(text: str, font: QFont, width: float) -> str:
    one_line = visible_controls(" ".join(text.split()))
    return QFontMetricsF(font).elidedText(one_line, Qt.TextElideMode.ElideRight, max(0.0, width))


@lru_cache(maxsize=4096)
def right_to_left(text: str) -> bool:
    """Whether ``text`` reads right to left (Arabic, Hebrew…): its first letter of a strong direction does."""
    for ch in text:
        direction = unicodedata.bidirectional(ch)
        if direction == "L":
            return False
        if direction in ("R", "AL"):
            return True
    return False


def _rtl_lines(lines: Sequence[str]) -> bool:
    """Whether the paragraph of ``lines`` is right to left, so its lines go against the right edge."""
    if not lines:
        return False
    # Joined in C and checked for ASCII in C: every card's title passes here on each paint.
    text = lines[0] if len(lines) == 1 else " ".join(lines)
    return not text.isascii() and right_to_left(text)


def draw_lines(
    painter: QPainter,
    lines: Sequence[str],
    font: QFont,
    x: float,
    y: float,
    width: float,
    align: Qt.AlignmentFlag = _LEFT,
    fm: QFontMetricsF | None = None,
) -> float:
    """Draw lines of plain text from the top-left ``(x, y)``; returns the height used.

    ``fm`` is ``font``'s metrics when the caller keeps them (:meth:`style.Fonts.metrics`). Lines
    of a right-to-left paragraph set to the left go against the right edge of ``width`` instead.
    """
    if fm is None:
        fm = QFontMetricsF(font)
    painter.setFont(font)
    lh = fm.lineSpacing()
    ascent = fm.ascent()
    centred = align == _HCENTER
    rtl = not centred and _rtl_lines(lines)
    for i, line in enumerate(lines):
        if rtl:
            dx = max(0.0, width - fm.horizontalAdvance(line))
        else:
            dx = max(0.0, (width - fm.horizontalAdvance(line)) / 2) if centred else 0.0
        # drawText with a str paints the characters as they are; it never parses markup.
        painter.drawText(QPointF(x + dx, y + i * lh + ascent), line)
    return lh * len(lines)


class _Kit:
    """The pens and brushes cards paint with in one colour scheme, made once rather than per card."""

    def __init__(self, c: style.MapColours) -> None:
        self.colours = c
        self.card = QBrush(c.card)
        self.border = QPen(c.card_border, _BORDER_WIDTH)
        self.ink = QPen(c.ink)
        self.muted_ink = QPen(c.muted_ink)
        # A connection's line pen, arrow pen and arrow brush by (kind, selected, highlighted).
        self.connections: dict[tuple[str, bool, bool], tuple[QPen, QPen, QBrush]] = {}


_KITS: dict[int, _Kit] = {}


def _kit(c: style.MapColours) -> _Kit:
    kit = _KITS.get(id(c))
    if kit is None or kit.colours is not c:
        kit = _KITS[id(c)] = _Kit(c)
    return kit


# The emotion band's fill per score: the same seven brushes on every card.
_EMOTION_BRUSHES: dict[int | None, QBrush] = {}


def _emotion_brush(value: int | None) -> QBrush:
    brush = _EMOTION_BRUSHES.get(value)
    if brush is None:
        brush = _EMOTION_BRUSHES[value] = QBrush(style.emotion_colour(value))
    return brush


def draw_hint(painter: QPainter, rect: QRectF, text: str, font: QFont, c: style.MapColours = style.LIGHT) -> None:
    """A short wrapped help text at the top of ``rect``."""
    painter.setPen(c.muted_ink)
    lines = wrap_text(text, font, rect.width() - 24, 4)
    draw_lines(painter, lines, font, rect.x() + 12, rect.y() + 12, rect.width() - 24)


def _scene(item: QGraphicsItem) -> JourneyScene:
    return item.scene()  # type: ignore[return-value]


def _colours(item: QGraphicsItem) -> style.MapColours:
    """The colours the item's scene paints with (light on paper, or the screen's scheme)."""
    scene = item.scene()
    return getattr(scene, "colours", style.LIGHT) if scene is not None else style.LIGHT


CARD_DETAIL = 0.45  # a card's text is drawn from this zoom of the editor's type up


def detail_shown(scene: JourneyScene, zoom: float, threshold: float = CARD_DETAIL, scaled: bool = True) -> bool:
    """Whether small text is drawn at ``zoom``: a view zoomed far out skips it, an export never does.

    For a card's text (``scaled``) the threshold is for its size on screen, not the zoom alone: the
    projector's larger type at a third of the zoom reads better than the editor's at half, and it
    showed blank cards. A connection's label keeps the editor's type, so the zoom alone tells.
    """
    return scene.export_mode or zoom * (scene.text_scale if scaled else 1.0) >= threshold


def _detailed(painter: QPainter, scene: JourneyScene, threshold: float, scaled: bool = True) -> bool:
    if scene.export_mode:
        # A picture is drawn whole, unless it is shown fitted in a view (the compare view's panes) at a
        # scale where no text can be read: a 5,000-card map drew every card's texts a pixel high, 2 s.
        floor = scene.detail_floor
        if floor is None:
            return True  # what detail_shown says first: the painter's transform is not needed
        return QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform()) >= floor
    lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
    return detail_shown(scene, lod, threshold, scaled)


# -- cards ----------------------------------------------------------------------------------------


class _BoxedItem(QGraphicsRectItem):
    """An item whose bounding box Qt keeps itself (a rectangle item with no pen of its own).

    The scene finds items under the mouse and on screen by their bounding boxes; a box held in
    C++ spares a call into Python for every one of thousands of items each time it looks.
    """

    _NO_PEN: QPen | None = None

    def __init__(self) -> None:
        # The Qt base directly, not through super(): a map makes 11,500 of these at once.
        QGraphicsRectItem.__init__(self)
        # One pen for all: converting the pen style to a new QPen per item was a sixth of making one.
        pen = _BoxedItem._NO_PEN
        if pen is None:
            pen = _BoxedItem._NO_PEN = QPen(Qt.PenStyle.NoPen)
        self.setPen(pen)


# A card's body and emotion band by size (paths are values: sharing one never lets a card change another's).
_OUTLINES: dict[tuple[float, ...], tuple[tuple[float, ...], QPainterPath, QPainterPath, QPainterPath]] = {}


_CARD_FLAGS = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
_CARD_CACHE = QGraphicsItem.CacheMode.DeviceCoordinateCache


class CardItem(_BoxedItem):
    """A touchpoint card; it knows its touchpoint's id and asks the scene for the rest."""

    # The render hints paint may turn on, never off (a run of cards leaves the hints alone when they are on).
    HINTS_ON = _ANTIALIASING
    # Immutable starting values live on the class: an instance gets its own at the first change.
    _w = 0.0
    _h = 0.0
    _title_key: tuple[Any, ...] | None = None
    _title_lines: list[str] = []  # never changed in place, only replaced
    _paths: tuple[tuple[float, float], QPainterPath, QPainterPath, QPainterPath] | None = None
    hovered = False
    highlighted = False

    def __init__(self, tp_id: str, picture: bool = False) -> None:
        """``picture``: a card of a map drawn once for a picture (no hover, no pixmap cache: a new item's own)."""
        _BoxedItem.__init__(self)
        self.tp_id = tp_id
        # A new item has no flags, so setting them all at once is setting this one.
        self.setFlags(_CARD_FLAGS)
        self.setZValue(2)
        if not picture:
            self.setAcceptHoverEvents(True)
            # Cards change rarely and there can be thousands: repaint from a pixmap while panning.
            self.setCacheMode(_CARD_CACHE)

    # -- geometry ----------------------------------------------------------------------------------
    def set_size(self, w: float, h: float) -> None:
        if (w, h) != (self._w, self._h):
            self._w, self._h = w, h
            # Room for the selection outline and the connector handle on the right edge.
            # Four numbers, not a QRectF: the same rectangle without a wrapper object per card.
            self.setRect(-4, -4, w + 8 + HANDLE_RADIUS, h + 8)

    def card_rect(self) -> QRectF:
        return QRectF(0, 0, self._w, self._h)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.card_rect())
        return path

    def handle_pos(self) -> QPointF:
        """The connector handle on the right edge, in scene coordinates."""
        return self.mapToScene(QPointF(self._w, self._h / 2))

    def over_handle(self, scene_pos: QPointF) -> bool:
        d = scene_pos - self.handle_pos()
        return d.x() * d.x() + d.y() * d.y() <= (HANDLE_RADIUS + 3) ** 2

    def invalidate(self) -> None:
        """The touchpoint changed: drop cached text and repaint."""
        self._title_key = None
        self.update()

    # -- painting ----------------------------------------------------------------------------------
    def hoverEnterEvent(self, event: Any) -> None:
        self.hovered = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: Any) -> None:
        self.hovered = False
        self.update()
        super().hoverLeaveEvent(event)

    def _outline(self) -> tuple[QPainterPath, QPainterPath, QPainterPath]:
        """The card's rounded body, its emotion band on the left, and the band with the emotion chip, made
        once per size.

        The band is cut to the card's corners as a path, not with a clip: SVG output has no clipping.
        It stops at the inner edge of the border (half the border's width inside the body), since
        the body is filled and bordered in one call before it: the band never covers the border.
        The chip has the band's colour and never meets it, so the two are one fill.
        """
        size = (self._w, self._h, _chip_scale(self))
        if self._paths is None or self._paths[0] != size:
            # Shared by every card of this size (nearly all cards): cutting the band out of the
            # rounded body is the dearest step of a card's first paint, and an export paints each once.
            shared = _OUTLINES.get(size)
            if shared is None:
                body = QPainterPath()
                body.addRoundedRect(self.card_rect(), CARD_RADIUS, CARD_RADIUS)
                inner = QPainterPath()
                half = _BORDER_WIDTH / 2
                inner.addRoundedRect(self.card_rect().adjusted(half, half, -half, -half),
                                     CARD_RADIUS - half, CARD_RADIUS - half)  # fmt: skip
                strip = QPainterPath()
                strip.addRect(QRectF(0, 0, 5, self._h))
                band = inner.intersected(strip)
                with_chip = QPainterPath(band)
                with_chip.addRoundedRect(self._chip_rect(), _CHIP_RADIUS * size[2], _CHIP_RADIUS * size[2])
                if len(_OUTLINES) > 1_000:
                    _OUTLINES.clear()  # heights of edited-away titles
                shared = _OUTLINES[size] = (size, body, band, with_chip)
            self._paths = shared
        return self._paths[1], self._paths[2], self._paths[3]

    def title_lines(self, tp: Any = None) -> list[str]:
        """The title's lines as the card draws them (``tp``: the card's touchpoint, when the caller has it)."""
        scene = _scene(self)
        if tp is None:
            tp = scene.touchpoint(self.tp_id)
        title = tp.title if tp is not None else ""
        full = scene.export_mode
        key = (title, self._w, full)
        if key != self._title_key:
            self._title_lines = scene.title_lines(title, self._w - 2 * CardMetrics.pad_x)
            self._title_key = key
        return self._title_lines

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene = _scene(self)
        tp = scene.touchpoint(self.tp_id)
        if tp is None:
            return
        c = scene.colours
        kit = _kit(c)
        painter.setRenderHint(_ANTIALIASING, True)
        body, band, band_and_chip = self._outline()
        # Filled and bordered in one call. A card is then drawn in three runs of painter state: this
        # bordered body, every fill without a pen (band, chip, badge symbols, channel tile), then the
        # strokes and texts. Its parts never overlap, so the order between them changes no pixel;
        # each change between a pen and none costs the PDF writer a restored and re-set graphics
        # state (and fills its paths in page coordinates), and each change of state costs the SVG
        # generator a group.
        painter.setPen(kit.border)
        detailed = _detailed(painter, scene, CARD_DETAIL)
        if not detailed and scene.glance:
            # The whole map on one page: a block of the card's emotion is what reads at that size.
            painter.setBrush(_emotion_brush(tp.emotion))
            painter.drawPath(body)
            return
        painter.setBrush(kit.card)
        painter.drawPath(body)
        painter.setPen(NO_PEN)
        painter.setBrush(_emotion_brush(tp.emotion))
        # The emotion chip is filled with the band's colour: one fill (the chip's number comes with the texts).
        painter.drawPath(band_and_chip if detailed and tp.emotion is not None else band)

        if detailed:
            self._paint_details(painter, tp, scene, kit)
        if scene.export_mode or scene.audience:
            return  # a picture of the map, the room's: no selection, highlight, hover or connector handle

        r = self.card_rect()
        selected = bool(option.state & _SELECTED)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.highlighted:
            painter.setPen(QPen(c.highlight, 3.0))
            painter.drawRoundedRect(r.adjusted(-2, -2, 2, 2), CARD_RADIUS + 2, CARD_RADIUS + 2)
        if selected:
            painter.setPen(QPen(c.selection, 2.5))
            painter.drawRoundedRect(r.adjusted(-2, -2, 2, 2), CARD_RADIUS + 2, CARD_RADIUS + 2)
        if (selected or self.hovered) and scene.connectable:
            centre = QPointF(self._w, self._h / 2)
            painter.setPen(QPen(c.selection, 1.5))
            painter.setBrush(c.card)
            painter.drawEllipse(centre, HANDLE_RADIUS, HANDLE_RADIUS)
            painter.setBrush(c.selection)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(centre, 2.2, 2.2)

    def _paint_details(self, painter: QPainter, tp: Any, scene: JourneyScene, kit: _Kit) -> None:
        m = CardMetrics
        w = self._w
        c = kit.colours
        fonts = scene.fonts
        # The badges along the bottom: their symbols are fills, drawn with the others; their counts come last.
        badges: tuple[tuple[str, str], ...] = ()
        if tp.pain_points:
            badges += (("pain", str(len(tp.pain_points))),)
        if tp.opportunities:
            badges += (("opportunity", str(len(tp.opportunities))),)
        if tp.moment_of_truth:
            badges += (("moment", ""),)
        project = scene.project
        votes = project.shown_votes(tp.id)
        if votes:
            badges += (("votes", str(votes)),)
        linked = project.linked_opportunity_count(tp.id)
        if linked:
            badges += (("linked", str(linked)),)
        y = self._h - m.pad_y - m.badge_h
        counts = None
        sub = sub_journey_mark(project, tp)
        if badges:
            # Up to the card's edge, or the sub-journey's mark where it has one.
            room = sub_badge_rect(w, self._h).x() - 2 if sub else w - m.pad_x
            symbols, counts = _shared_badges(fonts, badges, y, c, room)
            symbols.play(painter)
        # The step number the printed emotion curve refers to, the channel tile and name, the chip's number:
        # one recording per look and place (cards show a few channels and seven scores).
        step = scene.step_numbers.get(tp.id) if scene.export_mode else None
        channel = tp.channel
        name = scene.channel_name(channel) if channel else ""
        _card_head(painter, fonts, channel, name, step, tp.emotion, w, kit, scene.chip_scale)
        # Title.
        painter.setPen(kit.ink)
        title_h = _draw_title(painter, fonts, self.title_lines(tp), w - 2 * m.pad_x)
        notes = scene.note_lines(tp, w - 2 * m.pad_x) if scene.export_mode else []
        if notes:
            title_y = m.pad_y + m.row_h + m.title_gap
            self._paint_notes(painter, notes, m.pad_x, title_y + title_h + m.notes_gap, fonts, c)
        if counts is not None:  # the pain badge's "!" and each badge's number
            painter.setFont(fonts.badge)
            counts.play(painter)
        if sub:  # bottom right, always in the same place: a double-click there opens the journey
            mark = sub_badge_rect(w, self._h)
            _shared_badge_symbol(painter, fonts, sub, mark.x() + 3, y, c)

    def chip_rect(self) -> QRectF:
        """Where the emotion chip sits, in the card's coordinates (drawn only when the card has an emotion)."""
        return self._chip_rect()

    def _chip_rect(self) -> QRectF:
        return _chip_box(self._w, _chip_scale(self))

    @staticmethod
    def _paint_notes(
        painter: QPainter, notes: list[tuple[str, str]], x: float, y: float, fonts: style.Fonts, c: style.MapColours
    ) -> None:
        """Pain points (⚠, orange) and opportunities (★, blue) as text, one item per wrapped paragraph."""
        fm = fonts.metrics(fonts.meta)
        indent = fm.horizontalAdvance("⚠ ")
        painter.setFont(fonts.meta)
        for i, (kind, line) in enumerate(notes):
            base = y + i * fm.lineSpacing() + fm.ascent()
            if kind:
                painter.setPen(c.pain if kind == "pain" else c.opportunity)
                painter.drawText(QPointF(x, base), "⚠" if kind == "pain" else "★")
            painter.setPen(c.ink)
            painter.drawText(QPointF(x + indent, base), line)


# A card's emotion chip: its width and corner radius (half its height: a pill), at the editor's type.
_CHIP_W = 28.0
_CHIP_RADIUS = 8.5


def _chip_box(w: float, k: float) -> QRectF:
    """The emotion chip of a card ``w`` wide, ``k`` times the editor's size."""
    m = CardMetrics
    # Centred on the top row: a larger chip (the projector's) takes the margins above and below the row, not
    # more of the card's height, which would cost the whole journey its fit on the screen at 18 px.
    return QRectF(w - m.pad_x - _CHIP_W * k + 2, m.pad_y - m.row_h * (k - 1) / 2, _CHIP_W * k, m.row_h * k)


def _chip_scale(item: QGraphicsItem) -> float:
    """How much larger than the editor's the emotion chip of ``item``'s scene is (the projector's type)."""
    scene = item.scene()
    return getattr(scene, "chip_scale", 1.0) if scene is not None else 1.0


class CardMetrics:
    """The inside of a card; the scene derives the card's height from these and the title font."""

    pad_x = 11.0
    pad_y = 7.0
    row_h = 18.0
    title_gap = 5.0
    badge_h = 16.0
    badge_gap = 5.0
    notes_gap = 4.0  # between the title and printed pain points / opportunities
    # The tallest emotion chip the top band holds (the row and its margins, 2 px kept at each end): a card's
    # height is the whole journey's fit on a projector, so the chip grows into the band, never the card.
    chip_room = pad_y + row_h + title_gap - 4.0

    @classmethod
    def height_for(cls, title_lines: int, title_font: QFont) -> float:
        lh = QFontMetricsF(title_font).lineSpacing()
        return math.ceil(
            cls.pad_y + cls.row_h + cls.title_gap + lh * title_lines + cls.badge_gap + cls.badge_h + cls.pad_y
        )


def paint_emotion_chip(painter: QPainter, rect: QRectF, value: int | None, fonts: style.Fonts) -> None:
    """The rounded chip with an emotion's colour and number (grey and empty when there is none).

    Recorded once per score and place in the scene (:func:`style.drawn`): cards repeat the same seven.
    """
    style.drawn(
        fonts,
        ("chip", value, rect.x(), rect.y(), rect.width(), rect.height()),
        lambda p: _paint_emotion_chip(p, QRectF(rect), value, fonts),
        painter,
    )


def _paint_emotion_chip(painter: QPainter, rect: QRectF, value: int | None, fonts: style.Fonts) -> None:
    fill = style.emotion_colour(value)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    radius = min(_CHIP_RADIUS, rect.height() / 2)
    painter.drawRoundedRect(rect, radius, radius)
    _chip_text(painter, rect, value, fonts)


def _chip_text(painter: QPainter, rect: QRectF, value: int | None, fonts: style.Fonts) -> None:
    painter.setPen(style.ink_on(style.emotion_colour(value)))
    painter.setFont(fonts.chip)
    text = style.emotion_text(value)
    fm = fonts.metrics(fonts.chip)
    x = _fixed(rect.x() + (rect.width() - fm.horizontalAdvance(text)) / 2)
    painter.drawText(QPointF(x, _baseline(fm, rect.y(), rect.height())), text)


def _draw_channel_name(painter: Any, fonts: style.Fonts, name: str, x: float, room: float, kit: _Kit) -> None:
    """A card's channel name, cut to ``room`` (drawn as part of the card's top row, :func:`_card_head`)."""
    painter.setPen(kit.muted_ink)
    painter.setFont(fonts.meta)
    baseline = _baseline(fonts.metrics(fonts.meta), CardMetrics.pad_y, CardMetrics.row_h)
    painter.drawText(QPointF(x, baseline), fonts.elided(name, fonts.meta, room))


def _baseline(fm: QFontMetricsF, top: float, height: float) -> float:
    """The baseline of one line of ``fm``'s font centred in a row ``height`` tall at ``top``.

    Where ``drawText(rect, AlignVCenter, text)`` puts it, but drawn from a point that call costs
    half as much (it lays the text out in a QTextLayout every time). Only a line that falls back to
    another font for some character could be placed differently (that font's ascent counts there).
    """
    return _fixed(top + (height - fm.height()) / 2) + fm.ascent()


def _fixed(v: float) -> float:
    """``v`` in Qt's fixed point (1/64 of a unit, cut towards zero), where a laid-out line is placed."""
    return int(v * 64) / 64


def _card_head(
    painter: QPainter, fonts: style.Fonts, channel: str, name: str, step: int | None, emotion: int | None,
    w: float, kit: _Kit, chip_scale: float = 1.0,
) -> None:
    """A card's top row: its channel's tile (a fill) and strokes, the printed step number, the emotion chip's
    number (the chip's fill is drawn with the band) and the channel's name, cut to the room left.

    Recorded once per look and place: the same calls, in the same order, as drawing the four parts one
    by one, so every device gets the same picture; one lookup instead of four per card.
    """
    key = ("card head", channel, name, step, emotion, w, id(kit), chip_scale)
    known = fonts.drawings.get(key)
    if known is None:
        known = style.drawing(
            fonts, key, lambda p: _draw_card_head(p, fonts, channel, name, step, emotion, w, kit, chip_scale)
        )
    known.play(painter)


def _draw_card_head(
    painter: Any, fonts: style.Fonts, channel: str, name: str, step: int | None, emotion: int | None,
    w: float, kit: _Kit, chip_scale: float,
) -> None:
    m = CardMetrics
    top = m.pad_y
    name_x = m.pad_x
    step_x = name_x
    if step is not None:
        name_x += fonts.metrics(fonts.chip).horizontalAdvance(str(step)) + 6
    if channel:
        tile = QRectF(name_x, top, m.row_h, m.row_h)
        style.draw_channel_glyph(painter, tile, channel, name, fonts)  # its tile, then its strokes
        name_x = tile.right() + 5
    if step is not None:
        painter.setPen(kit.colours.ink)
        painter.setFont(fonts.chip)
        painter.drawText(QPointF(step_x, _baseline(fonts.metrics(fonts.chip), top, m.row_h)), str(step))
    chip_w = 0.0
    # The chip's number and the channel's name are recorded apart too (see style.drawn): a map's top rows are
    # its channels times its scores, and each part is drawn by far fewer.
    if emotion is not None:
        chip_w = _CHIP_W * chip_scale
        chip = _chip_box(w, chip_scale)
        style.drawn(fonts, ("chip text", emotion, chip.x(), chip.y(), chip.width(), chip.height()),
                    lambda p: _chip_text(p, chip, emotion, fonts), painter)  # fmt: skip
    if channel:
        room = w - name_x - chip_w - m.pad_x - 4
        style.drawn(fonts, ("channel name", name, name_x, room, id(kit)),
                    lambda p: _draw_channel_name(p, fonts, name, name_x, room, kit), painter)  # fmt: skip


def badges_shown(badges: Sequence[tuple[str, str]], room: float, fm: QFontMetricsF) -> int:
    """How many of a card's badges (kind, count) fit from its left padding to ``room``, with a "+N" for the rest
    when not all do: all five with two-digit counts ran past a narrow card's edge, onto the next cell."""
    s = CardMetrics.badge_h - 4
    widths = [s + 2 + (fm.horizontalAdvance(text) + 2 if text else 0) for _kind, text in badges]
    x = CardMetrics.pad_x
    if x + sum(widths) + 6 * (len(widths) - 1) <= room:
        return len(badges)
    shown = 0
    for i, width in enumerate(widths):
        more = fm.horizontalAdvance(f"+{len(badges) - i - 1}") if i < len(badges) - 1 else 0
        if x + width + (6 + more if more else 0) > room:
            break
        x += width + 6
        shown += 1
    return shown


def _shared_badges(
    fonts: style.Fonts, badges: tuple[tuple[str, str], ...], y: float, c: style.MapColours, room: float = math.inf
) -> tuple[style.Drawing, style.Drawing]:
    """A card's badges from the left: every symbol (fills, for a painter without a pen) and every count
    (the pain badge's "!" and the numbers, to play in the badge font), recorded once per set of badges,
    place and room: the calls of :func:`badge_symbol` and :func:`badge_count` badge by badge, as before, as many
    as fit before ``room`` and then "+N" for the others (:func:`badges_shown`)."""
    key = ("badges", badges, y, id(c), room)
    known = fonts.drawings.get(key)
    if known is None:
        fm = fonts.metrics(fonts.badge)
        lefts: list[float] = []
        shown = badges_shown(badges, room, fm)

        def counts(p: Any) -> None:
            x = CardMetrics.pad_x
            for kind, text in badges[:shown]:
                lefts.append(x)
                x = badge_count(p, kind, text, x, y, CardMetrics.badge_h, fm, c) + 6
            if shown < len(badges):
                p.setPen(c.muted_ink)
                p.drawText(QPointF(x, y + CardMetrics.badge_h / 2 + fm.ascent() / 2 - 1), f"+{len(badges) - shown}")

        counted = style.Drawing.record(counts)  # first: each badge starts after the count before it

        def symbols(p: Any) -> style.Drawing:
            for (kind, _text), x in zip(badges[:shown], lefts, strict=True):
                badge_symbol(p, kind, x, y, CardMetrics.badge_h, c)
            return counted

        known = style.drawing(fonts, key, symbols)
    return known, known.value


def _draw_title(painter: QPainter, fonts: style.Fonts, lines: Sequence[str], width: float) -> float:
    """A card's title lines from their baselines (what :func:`draw_lines` draws at the title's place, ``width``
    wide); returns the height used. The points are the same on every card (each is drawn in its own
    coordinates), so they are made once per scene, with the font's line spacing and ascent."""
    spots = fonts.spots.get("title")
    if spots is None:
        fm = fonts.metrics(fonts.title)
        spots = fonts.spots["title"] = (fm.lineSpacing(), fm.ascent(), [])
    lh, ascent, points = spots
    m = CardMetrics
    x, y = m.pad_x, m.pad_y + m.row_h + m.title_gap
    while len(points) < len(lines):
        points.append(QPointF(x + 0.0, y + len(points) * lh + ascent))
    painter.setFont(fonts.title)
    if _rtl_lines(lines):  # an Arabic or Hebrew title reads from the card's right edge
        fm = fonts.metrics(fonts.title)
        for point, line in zip(points, lines):
            painter.drawText(QPointF(x + max(0.0, width - fm.horizontalAdvance(line)), point.y()), line)
        return lh * len(lines)
    for point, line in zip(points, lines):
        # drawText with a str paints the characters as they are; it never parses markup.
        painter.drawText(point, line)
    return lh * len(lines)


def _badge_colour(kind: str, c: style.MapColours) -> QColor:
    return {"pain": c.pain, "opportunity": c.opportunity, "moment": c.moment, "votes": c.votes,
            "linked": c.linked, "sub": c.selection, "sub_broken": c.pain}[kind]  # fmt: skip


def sub_journey_mark(project: Any, tp: Any) -> str:
    """The card's sub-journey badge: "sub", "sub_broken" (its journey was deleted) or "" (none)."""
    if not tp.sub_journey:
        return ""
    return "sub" if tp.sub_journey in project.tables["journey"] else "sub_broken"


def sub_badge_rect(card_w: float, card_h: float) -> QRectF:
    """Where a card's sub-journey badge sits (the last badge, bottom right): double-click there opens it."""
    m = CardMetrics
    return QRectF(card_w - m.pad_x - m.badge_h - 4, card_h - m.pad_y - m.badge_h - 2, m.badge_h + 8, m.badge_h + 4)


def _paint_sub_badge(
    painter: QPainter, kind: str, cx: float, cy: float, s: float, colour: QColor, paper: QColor
) -> None:
    """Two stacked maps (a journey inside the card); a broken link adds a slash through them."""
    w, h = s + 1, s * 0.72
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(colour, 1.3))
    painter.drawRoundedRect(QRectF(cx - w / 2 + 2, cy - h / 2 - 2, w - 2, h), 1.5, 1.5)
    painter.setBrush(colour)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(QRectF(cx - w / 2, cy - h / 2 + 1.5, w - 2, h), 1.5, 1.5)
    if kind == "sub_broken":
        # The slash cut out of the mark in the card's colour, then drawn: readable on the filled map.
        ends = QPointF(cx - w / 2 - 1, cy + s / 2 + 1), QPointF(cx + w / 2 + 1, cy - s / 2 - 1)
        painter.setPen(QPen(paper, 3.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(*ends)
        painter.setPen(QPen(colour, 1.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(*ends)


_BADGE_SHAPES: dict[tuple[str, float], QPolygonF] = {}


def _badge_shape(kind: str, s: float) -> QPolygonF:
    """A badge's symbol of size ``s`` around the origin, made once per kind and size."""
    shape = _BADGE_SHAPES.get((kind, s))
    if shape is None:
        if kind == "pain":
            points = [(0.0, -s / 2), (s / 2 + 0.5, s / 2), (-s / 2 - 0.5, s / 2)]
        elif kind == "opportunity":
            points = []
            for i in range(10):
                rr = s / 2 + 0.8 if i % 2 == 0 else s / 4.6
                a = -math.pi / 2 + i * math.pi / 5
                points.append((rr * math.cos(a), rr * math.sin(a)))
        elif kind == "moment":
            points = [(0.0, -s / 2 - 0.5), (s / 2, 0.0), (0.0, s / 2 + 0.5), (-s / 2, 0.0)]
        elif kind == "linked":  # a flag on its pole: work planned on the board for this step
            left, top, bottom = -s / 2 + 0.5, -s / 2 - 0.5, s / 2 + 0.5
            points = [(left, bottom), (left, top), (s / 2 + 0.5, top + s * 0.3), (left + 1.6, top + s * 0.6),
                      (left + 1.6, bottom)]
        else:
            points = []
        shape = _BADGE_SHAPES[(kind, s)] = QPolygonF([QPointF(px, py) for px, py in points])
    return shape


def _shared_badge_symbol(painter: QPainter, fonts: style.Fonts, kind: str, x: float, y: float,
                         c: style.MapColours) -> None:  # fmt: skip
    """A card's badge symbol (:func:`badge_symbol`), recorded once per kind and place."""
    style.drawn(fonts, ("badge symbol", kind, x, y, id(c)),
                lambda p: badge_symbol(p, kind, x, y, CardMetrics.badge_h, c), painter)  # fmt: skip


def _shared_badge_count(
    fonts: style.Fonts, kind: str, text: str, x: float, y: float, c: style.MapColours
) -> style.Drawing:
    """A card's badge count (:func:`badge_count`, to play in the badge font), recorded once per kind, count
    and place; its value is the badge's right edge."""
    fm = fonts.metrics(fonts.badge)
    return style.drawing(fonts, ("badge count", kind, text, x, y, id(c)),
                         lambda p: badge_count(p, kind, text, x, y, CardMetrics.badge_h, fm, c))  # fmt: skip


def paint_badge(
    painter: QPainter,
    kind: str,
    text: str,
    x: float,
    y: float,
    h: float,
    fm: QFontMetricsF,
    c: style.MapColours = style.LIGHT,
) -> float:
    """A small symbol and a count; returns the right edge."""
    painter.setPen(Qt.PenStyle.NoPen)
    badge_symbol(painter, kind, x, y, h, c)
    return badge_count(painter, kind, text, x, y, h, fm, c)


def badge_symbol(painter: QPainter, kind: str, x: float, y: float, h: float, c: style.MapColours = style.LIGHT) -> None:
    """A badge's symbol: fills, on a painter without a pen (a sub-journey's mark also strokes, and leaves no
    pen); :func:`badge_count` goes over it."""
    colour = _badge_colour(kind, c)
    s = h - 4
    cx, cy = x + s / 2 + 1, y + h / 2
    painter.setBrush(colour)
    if kind == "votes":
        painter.drawEllipse(QPointF(cx, cy), s / 2 - 0.5, s / 2 - 0.5)
    elif kind in ("sub", "sub_broken"):
        _paint_sub_badge(painter, kind, cx, cy, s, colour, c.card)
    else:
        painter.drawPolygon(_badge_shape(kind, s).translated(cx, cy))


def badge_count(
    painter: QPainter,
    kind: str,
    text: str,
    x: float,
    y: float,
    h: float,
    fm: QFontMetricsF,
    c: style.MapColours = style.LIGHT,
) -> float:
    """What a badge strokes over its symbol (the pain badge's "!" bar) and its count; returns the right edge."""
    colour = _badge_colour(kind, c)
    s = h - 4
    cx, cy = x + s / 2 + 1, y + h / 2
    if kind == "pain":
        # The "!": its bar and its dot in one stroke. The dot is the round-capped stub of 1/63 unit that
        # the raster engine strokes for a point (drawPoint), so pictures keep their pixels, but in one
        # path: the SVG generator would write a point as a disc inside a saved state of its own.
        mark = QPainterPath(QPointF(cx, cy - 1.5))
        mark.lineTo(cx, cy + 2)
        mark.moveTo(cx, cy + 4.2)
        mark.lineTo(cx + 1 / 63, cy + 4.2)
        painter.setPen(QPen(c.pain_mark, 1.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawPath(mark)
    right = x + s + 2
    if text:
        painter.setPen(colour)
        painter.drawText(QPointF(right + 1, cy + fm.ascent() / 2 - 1), text)
        right += fm.horizontalAdvance(text) + 2
    return right



# -- connections ----------------------------------------------------------------------------------


LABEL_MAX_W = 150.0  # a longer label wraps
LABEL_MAX_LINES = 3  # and past this many lines ends in "…" (the tooltip has it whole)
LABEL_PAD_X = 4.0


def label_box(
    text: str, font: QFont, cache: dict[str, tuple[list[str], float, float]] | None = None
) -> tuple[list[str], float, float]:
    """A connection label's lines and the size of its box: the whole text, wrapped, never cut to a bare "…"."""
    if cache is not None and text in cache:
        return cache[text]
    fm = QFontMetricsF(font)
    # Most labels are a few words: a text narrower than the box (a pixel to spare against rounding) is
    # the one line QTextLayout would make of it, so it is measured without laying it out (a map of
    # 5,000 cards has some 500 labels: 7-11 ms of its opening went to laying them out). Only printable
    # text: a soft hyphen, for one, is a break the layout keeps room for and the measure does not.
    para = " ".join(text[:2000].split())
    advance = fm.horizontalAdvance(para) if para and para.isprintable() else LABEL_MAX_W
    if advance <= LABEL_MAX_W - 1:
        lines, w = [para], advance + 2 * LABEL_PAD_X
    else:
        lines = wrap_text(text[:2000], font, LABEL_MAX_W, LABEL_MAX_LINES)
        w = max(fm.horizontalAdvance(line) for line in lines) + 2 * LABEL_PAD_X
    h = fm.lineSpacing() * len(lines) + 2
    out = (lines, math.ceil(w), math.ceil(h))
    if cache is not None:
        cache[text] = out
    return out


# Combined once: or-ing two flags goes through Python's enum machinery (a map has thousands of connections).
_CONNECTION_FLAGS = (
    QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption
)


class ConnectionItem(_BoxedItem):
    """A connection drawn along its route; geometry comes from the router, style from the model.

    Paths and shapes are made when first painted or hit-tested: after an edit that moves
    thousands of routes only the ones on screen build anything.
    """

    HINTS_ON = QPainter.RenderHint(0)  # paint never changes the render hints
    # Immutable starting values live on the class: an instance gets its own at the first change.
    route: Route | None = None
    highlighted = False
    _drawing: tuple[str, QPainterPath | None, QPolygonF] | None = None  # the whole path made when first asked
    _segments: list[QRectF] | None = None
    _shape: QPainterPath | None = None
    _pen_key: tuple[str, bool, bool] | None = None
    _pen_cache: tuple[QPen, QPen, QBrush] | None = None
    _set_aside = False  # left out of drawing and hit tests while its card is dragged
    label_shown = True  # False while a printed page draws the route but would cut the label

    def __init__(self, conn_id: str, z: float = 1.0) -> None:
        _BoxedItem.__init__(self)
        self.conn_id = conn_id
        # Long routes have big bounding boxes; with the exposed rectangle paint() can skip the
        # many whose lines do not actually pass through what is being repainted.
        self.setFlags(_CONNECTION_FLAGS)
        self.setZValue(z)  # the scene's, from the connection's place in the journey's order

    def set_route(self, route: Route | None) -> None:
        """Follow a new route; nothing happens when it is the one already shown.

        The item sits at the route's first point. Nothing is drawn or measured here but the
        bounding box: the path is made when the item is first painted again.
        """
        old = self.route
        if route == old:
            return
        self.route = route
        if old is not None and route is not None and _translated(old, route):
            # The same shape elsewhere (rows above it grew or shrank): the drawing, the shape and
            # the bounding box are in item coordinates and stay; only the item moves.
            self.setPos(*route.points[0])
            return
        self._drawing = self._shape = self._segments = None
        if route is None or len(route.points) < 2:
            self.setRect(QRectF())
            return
        pts = route.points
        x0, y0 = pts[0]
        self.setPos(x0, y0)
        xs, ys = zip(*pts, strict=True)  # in C: a map sets 6,500 routes at once
        left, top, right, bottom = min(xs) - x0 - 6, min(ys) - y0 - 6, max(xs) - x0 + 6, max(ys) - y0 + 6
        label = route.label
        if label is not None:
            r = label.rect
            left, top = min(left, r.x - x0 - 1), min(top, r.y - y0 - 1)
            right, bottom = max(right, r.right - x0 + 1), max(bottom, r.bottom - y0 + 1)
        self.setRect(left, top, right - left, bottom - top)  # four numbers: no QRectF wrapper per route

    def set_aside(self, aside: bool) -> None:
        """Leave the connection out (or bring it back) while one of its cards is dragged.

        Hiding the item would repaint its whole bounding box, which for a long route is most
        of the screen (the first step of a drag painted some 250 connections); only the strips
        along its lines and its label are repainted instead.
        """
        if aside == self._set_aside:
            return
        self._set_aside = aside
        self._shape = None
        route = self.route
        scene = self.scene()
        if route is None or len(route.points) < 2 or scene is None:
            return
        # Through the scene: an item unites all its updates into one box, the scene keeps them apart.
        for a, b in itertools.pairwise(route.points):
            scene.update(QRectF(QPointF(*a), QPointF(*b)).normalized().adjusted(-8, -8, 8, 8))
        label = route.label
        if label is not None:
            r = label.rect
            scene.update(QRectF(r.x - 2, r.y - 2, r.w + 4, r.h + 4))
            if label.leader is not None:
                (ax, ay), (bx, by) = label.leader
                scene.update(QRectF(QPointF(ax, ay), QPointF(bx, by)).normalized().adjusted(-2, -2, 2, 2))

    @property
    def is_set_aside(self) -> bool:
        return self._set_aside

    def invalidate(self) -> None:
        """The connection's kind or label changed: draw it again."""
        self._drawing = self._shape = None
        self._pen_key = None
        self.update()

    def label_rect(self) -> QRectF:
        """The label's box in item coordinates (empty without a label)."""
        route = self.route
        if route is None or route.label is None:
            return QRectF()
        r = route.label.rect
        x0, y0 = route.points[0]
        return QRectF(r.x - x0, r.y - y0, r.w, r.h)

    def _parts(self, kind: str) -> tuple[QPainterPath, QPolygonF]:
        """Path and arrowhead, made on first use (and again for another kind)."""
        drawing = self._arrow(kind)
        path = drawing[1]
        if path is None:
            route = self.route
            assert route is not None
            x0, y0 = route.points[0]
            path = rounded_polyline([(x - x0, y - y0) for x, y in route.points], _corner_radius(kind))
            self._drawing = (kind, path, drawing[2])
        return path, drawing[2]

    def _arrow(self, kind: str) -> tuple[str, QPainterPath | None, QPolygonF]:
        """The drawing for ``kind`` with its arrowhead; the whole path may wait (None) until :meth:`_parts`.

        A route drawn only in part on screen (after a drop, the ~110 long routes that cross the view
        but do not lie in it) never needs its whole path unless it is drawn whole.
        """
        drawing = self._drawing
        if drawing is None or drawing[0] != kind:
            route = self.route
            if route is None or len(route.points) < 2:
                drawing = (kind, QPainterPath(), QPolygonF())
            else:
                x0, y0 = route.points[0]
                (ax, ay), (bx, by) = route.points[-2], route.points[-1]
                arrow = QPolygonF([QPointF(*p) for p in route_arrow((ax - x0, ay - y0), (bx - x0, by - y0))])
                drawing = (kind, None, arrow)
            self._drawing = drawing
        return drawing

    def _crosses(self, exposed: QRectF) -> bool:
        """Whether one of the route's segments (with the line's margin) meets ``exposed``.

        The boxes are made when first asked: a picture of the whole map exposes every item
        whole and never needs them.
        """
        if exposed.contains(self.rect()):
            return True  # the boxes all lie inside the item's rectangle
        if self._segments is None:
            route = self.route
            if route is None or len(route.points) < 2:
                self._segments = []
            else:
                x0, y0 = route.points[0]
                self._segments = [
                    QRectF(QPointF(ax - x0, ay - y0), QPointF(bx - x0, by - y0)).normalized().adjusted(-6, -6, 6, 6)
                    for (ax, ay), (bx, by) in itertools.pairwise(route.points)
                ]
        return any(seg.intersects(exposed) for seg in self._segments)

    def _exposed_part(
        self, exposed: QRectF, kind: str, path: QPainterPath | None, pen: QPen
    ) -> tuple[QPainterPath, QPen]:
        """The stretch of the drawn path that crosses ``exposed``, with the pen that dashes it in step
        with the whole path; the whole path (``path``, or made now when None) when most of it is in view anyway."""
        route = self.route
        assert route is not None
        x0, y0 = route.points[0]
        pts = [(x - x0, y - y0) for x, y in route.points]
        span = exposed_span(pts, exposed.adjusted(-_PART_MARGIN, -_PART_MARGIN, _PART_MARGIN, _PART_MARGIN))
        if span is None:
            return path if path is not None else self._parts(kind)[0], pen
        radius = _corner_radius(kind)
        at, radii = _corners(pts, radius)
        start, end = _widened(at, radii, *span)
        if pen.style() != Qt.PenStyle.SolidLine and start > 0:
            # The dashes must go on from where the whole path has them. Along straight lines that is
            # the distance; Qt measures a rounded corner by its own flattening, which we cannot
            # match to the pixel: a dashed route cut after a rounded corner is drawn whole.
            if any(r and a < start for a, r in zip(at, radii)):
                return path if path is not None else self._parts(kind)[0], pen
            pen = QPen(pen)
            pen.setDashOffset(pen.dashOffset() + start / pen.widthF())
        return rounded_polyline(pts, radius, start, end), pen

    def shape(self) -> QPainterPath:
        if self._set_aside:
            return QPainterPath()
        if self._shape is None:
            conn = _scene(self).connection(self.conn_id) if self.scene() is not None else None
            path, arrow = self._parts(conn.kind if conn is not None else "normal")
            stroker = QPainterPathStroker()
            stroker.setWidth(9.0)
            shape = stroker.createStroke(path)
            shape.addPolygon(arrow)
            label = self.label_rect()
            if not label.isEmpty():
                shape.addRect(label)
            self._shape = shape
        return self._shape

    def _pens(self, kind: str, selected: bool, scene: JourneyScene | None = None) -> tuple[QPen, QPen, QBrush]:
        """Line pen, arrow pen and arrow brush; made once per look, since thousands repaint while panning.

        ``scene`` is the item's scene when the caller has it (each asking of the item for it is a call into Qt).
        """
        if scene is None:
            scene = _scene(self)
        highlighted = self.highlighted and not (scene.export_mode or getattr(scene, "audience", False))
        c = getattr(scene, "colours", style.LIGHT) if scene is not None else style.LIGHT
        key = (kind, selected, highlighted, c.name)
        if self._pen_key != key or self._pen_cache is None:
            # Shared by every connection of the look: a map has thousands and a handful of looks.
            shared = _kit(c).connections
            look = (kind, selected, highlighted)
            pens = shared.get(look)
            if pens is None:
                colour_name, pen_style, width = c.connections.get(kind, c.connections["normal"])
                colour = QColor(colour_name)
                if highlighted:
                    colour, width = c.highlight, width + 1.6
                if selected:
                    colour, width = c.selection, width + 1.0
                line = QPen(colour, width, pen_style, Qt.PenCapStyle.FlatCap, Qt.PenJoinStyle.RoundJoin)
                brush = QBrush(c.paper) if kind == "alternative" else QBrush(colour)
                pens = shared[look] = (line, QPen(colour, 1.2), brush)
            self._pen_cache = pens
            self._pen_key = key
        return self._pen_cache

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        route = self.route
        if route is None or len(route.points) < 2 or self._set_aside:
            return
        scene = _scene(self)
        conn = scene.connection(self.conn_id)
        if conn is None:
            return
        c = scene.colours
        exposed = option.exposedRect
        # Exposed whole (every picture, and a route in view): nothing to test, and no label box to make.
        whole = exposed.contains(self.rect())
        if not whole and not self._crosses(exposed) and not self.label_rect().intersects(exposed):
            return  # before the path is made: after a drop most long routes repainted draw nothing here
        export = scene.export_mode
        selected = not (export or scene.audience) and bool(option.state & _SELECTED)
        line, arrow_pen, arrow_brush = self._pens(conn.kind, selected, scene)
        if not export and not whole:
            # Only the stretch that crosses the exposed area: a route can run the whole map, and
            # stroking (dashing, above all) it whole for a strip of screen was most of a repaint.
            _kind, whole_path, arrow = self._arrow(conn.kind)
            path, line = self._exposed_part(exposed, conn.kind, whole_path, line)
        else:
            path, arrow = self._parts(conn.kind)
        painter.setPen(line)
        painter.setBrush(NO_BRUSH)
        painter.drawPath(path)
        painter.setPen(arrow_pen)
        painter.setBrush(arrow_brush)
        painter.drawPolygon(arrow)
        if route.label is None or not conn.label or not self.label_shown:
            return  # most connections: no label box to make
        label = self.label_rect()
        if label.isEmpty():
            return
        if not _detailed(painter, scene, 0.4, scaled=False):
            return
        box = route.label
        assert box is not None
        if box.leader is not None:
            x0, y0 = route.points[0]
            (ax, ay), (bx, by) = box.leader
            painter.setPen(QPen(arrow_pen.color(), 0.7))
            painter.drawLine(QPointF(ax - x0, ay - y0), QPointF(bx - x0, by - y0))
        painter.setPen(QPen(arrow_pen.color(), 0.8))
        painter.setBrush(c.card)
        painter.drawRoundedRect(label, 3, 3)
        lines, _w, _h = label_box(conn.label, scene.fonts.label, scene._label_cache)
        painter.setPen(c.ink)
        draw_lines(painter, lines, scene.fonts.label, label.x() + LABEL_PAD_X, label.y() + 1,
                   label.width() - 2 * LABEL_PAD_X, Qt.AlignmentFlag.AlignHCenter)  # fmt: skip


def _translated(old: Route, new: Route) -> bool:
    """Whether ``new`` is ``old`` moved as a whole: the same points and label relative to the first point."""
    a, b = old.points, new.points
    if len(a) != len(b) or len(a) < 2:
        return False
    ox, oy = a[0]
    nx, ny = b[0]
    for (ax, ay), (bx, by) in zip(a, b):
        if ax - ox != bx - nx or ay - oy != by - ny:
            return False
    la, lb = old.label, new.label
    if la is None or lb is None:
        return la is lb
    ra, rb = la.rect, lb.rect
    if (ra.x - ox, ra.y - oy, ra.w, ra.h) != (rb.x - nx, rb.y - ny, rb.w, rb.h):
        return False
    if la.leader is None or lb.leader is None:
        return la.leader is lb.leader
    return all(p[0] - ox == q[0] - nx and p[1] - oy == q[1] - ny for p, q in zip(la.leader, lb.leader))


_PART_MARGIN = 12.0  # beyond the exposed area, so a stretch's ends (and their caps) stay off screen


def _corner_radius(kind: str) -> float:
    return 14.0 if kind == "loop_back" else 5.0


def _corners(points: Sequence[tuple[float, float]], radius: float) -> tuple[list[float], list[float]]:
    """Per point, the distance along the polyline to it and the radius its corner is rounded by (0: sharp)."""
    lengths = [math.hypot(bx - ax, by - ay) for (ax, ay), (bx, by) in itertools.pairwise(points)]
    at = [0.0, *itertools.accumulate(lengths)]
    radii = [0.0] * len(points)
    for i in range(1, len(points) - 1):
        r = min(radius, lengths[i - 1] / 2, lengths[i] / 2)
        radii[i] = r if r > 0.5 else 0.0
    return at, radii


def _along(points: Sequence[tuple[float, float]], at: list[float], s: float) -> QPointF:
    """The point at distance ``s`` along the polyline."""
    k = max(0, min(bisect.bisect_right(at, s) - 1, len(points) - 2))
    (ax, ay), (bx, by) = points[k], points[k + 1]
    length = at[k + 1] - at[k]
    t = (s - at[k]) / length if length > 0 else 0.0
    return QPointF(ax + (bx - ax) * t, ay + (by - ay) * t)


def _widened(at: list[float], radii: list[float], start: float, end: float | None) -> tuple[float, float]:
    """``start`` and ``end`` moved out of any rounded corner they fall in (and into the polyline)."""
    if end is None or end > at[-1]:
        end = at[-1]
    start = max(0.0, start)
    for i in range(1, len(at) - 1):
        r = radii[i]
        if r and at[i] - r < start < at[i] + r:
            start = at[i] - r
        if r and at[i] - r < end < at[i] + r:
            end = at[i] + r
    return start, end


def rounded_polyline(
    points: Sequence[tuple[float, float]], radius: float, start: float = 0.0, end: float | None = None
) -> QPainterPath:
    """A polyline whose corners are rounded (never by more than half the shorter neighbouring segment).

    With ``start`` and ``end`` (distances along the polyline), only that stretch of the same
    drawing, widened to hold whole any rounded corner it would cut.
    """
    if start <= 0 and end is None:
        return _whole_rounded_polyline(points, radius)
    at, radii = _corners(points, radius)
    start, end = _widened(at, radii, start, end)
    path = QPainterPath(QPointF(*points[0]) if start <= 0 else _along(points, at, start))
    for i in range(1, len(points) - 1):
        r = radii[i]
        if at[i] - r < start or at[i] + r > end or (not r and not start < at[i] < end):
            continue
        p0, p1, p2 = (QPointF(*points[i - 1]), QPointF(*points[i]), QPointF(*points[i + 1]))
        if not r:
            path.lineTo(p1)
            continue
        l1, l2 = QLineF(p1, p0), QLineF(p1, p2)
        path.lineTo(l1.pointAt(r / l1.length()))
        path.quadTo(p1, l2.pointAt(r / l2.length()))
    path.lineTo(QPointF(*points[-1]) if end >= at[-1] else _along(points, at, end))
    return path


def _whole_rounded_polyline(points: Sequence[tuple[float, float]], radius: float) -> QPainterPath:
    """The whole of :func:`rounded_polyline`'s drawing."""
    # Plain floats rather than a QLineF and three QPointF per corner: an export builds a path
    # for each of thousands of connections, and the wrappers cost more than the arithmetic.
    path = QPainterPath(QPointF(*points[0]))
    hypot = math.hypot
    for i in range(1, len(points) - 1):
        (x0, y0), (x1, y1), (x2, y2) = points[i - 1], points[i], points[i + 1]
        d1, d2 = hypot(x0 - x1, y0 - y1), hypot(x2 - x1, y2 - y1)
        r = min(radius, d1 / 2, d2 / 2)
        if r <= 0.5:
            path.lineTo(x1, y1)
            continue
        t1, t2 = r / d1, r / d2
        path.lineTo(x1 + (x0 - x1) * t1, y1 + (y0 - y1) * t1)
        path.quadTo(x1, y1, x1 + (x2 - x1) * t2, y1 + (y2 - y1) * t2)
    path.lineTo(*points[-1])
    return path


def exposed_span(points: Sequence[tuple[float, float]], area: QRectF) -> tuple[float, float] | None:
    """The stretch of an axis-parallel polyline, as distances along it, from where it first enters
    ``area`` to where it last leaves it; None when that is most of the polyline anyway."""
    left, top, right, bottom = area.left(), area.top(), area.right(), area.bottom()
    first = last = None
    done = 0.0
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        length = abs(bx - ax) + abs(by - ay)
        if ax == bx:
            lo_v, hi_v, fixed_in = ay, by, left <= ax <= right
            lo_a, hi_a = top, bottom
        else:
            lo_v, hi_v, fixed_in = ax, bx, top <= ay <= bottom
            lo_a, hi_a = left, right
        if fixed_in:
            # Distances from the segment's start to where it enters and leaves the area's band.
            t0, t1 = (lo_a - lo_v, hi_a - lo_v) if hi_v >= lo_v else (lo_v - hi_a, lo_v - lo_a)
            t0, t1 = max(0.0, t0), min(length, t1)
            if t0 <= t1:
                if first is None:
                    first = done + t0
                last = done + t1
        done += length
    if first is None or last is None:
        return (0.0, 0.0)
    if last - first > 0.75 * done:
        return None
    return first, last


def arrow_head(a: QPointF, b: QPointF, length: float, half_width: float) -> QPolygonF:
    line = QLineF(a, b)
    if line.length() == 0:
        return QPolygonF()
    ux, uy = line.dx() / line.length(), line.dy() / line.length()
    base = QPointF(b.x() - ux * length, b.y() - uy * length)
    return QPolygonF(
        [
            b,
            QPointF(base.x() - uy * half_width, base.y() + ux * half_width),
            QPointF(base.x() + uy * half_width, base.y() - ux * half_width),
        ]
    )


# -- headers and background -----------------------------------------------------------------------


class _RectItem(QGraphicsItem):
    """An item that fills a rectangle the scene's layout gives it."""

    rect: QRectF

    def set_rect(self, rect: QRectF) -> None:
        if rect != self.rect:
            self.prepareGeometryChange()
            self.rect = rect
        self.update()

    def boundingRect(self) -> QRectF:
        return self.rect


class StripItem(_RectItem):
    """An opaque band that carries header items; the view slides it to keep headers on screen.

    The corner, where the pinned stage headers and lane names meet, names the journey in the lane
    names' column, level with the stage names: scrolled, the map's title is out of sight, and a blank
    square there read as a hole in the map.
    """

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self.rect = QRectF()
        self.name_rect = QRectF()  # the corner's place for the journey's name: the lane names' column, the stages' row
        self._name_lines: tuple[str, float, list[str]] | None = None  # (name, width, lines) last wrapped
        self.setZValue({"left": 10, "top": 11, "corner": 12}[kind])

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene = _scene(self)
        # Only cover what scrolls underneath: at rest the strip sits over empty margins anyway.
        if scene.export_mode or (self.pos().isNull() and self.kind != "corner"):
            return
        c = scene.colours
        painter.fillRect(self.rect, c.paper)
        painter.setPen(QPen(c.cell_border, 1.0))
        r = self.rect
        if self.kind == "top":
            painter.drawLine(r.bottomLeft(), r.bottomRight())
        elif self.kind == "left":
            painter.drawLine(r.topRight(), r.bottomRight())
        else:
            # The pinned strips' edges go on into the corner and meet: one frame round the map.
            if self.pos().y() > 0:
                painter.drawLine(r.bottomLeft(), r.bottomRight())
            if self.pos().x() > 0:
                painter.drawLine(r.topRight(), r.bottomRight())
            self._paint_name(painter, scene)

    def _paint_name(self, painter: QPainter, scene: JourneyScene) -> None:
        journey = scene.journey()
        box = self.name_rect
        if journey is None or box.isEmpty():
            return
        font = scene.fonts.lane
        fm = scene.fonts.metrics(font)
        width = box.width() - 18  # the lane names' margins
        known = self._name_lines
        if known is None or known[0] != journey.name or known[1] != width:
            spacing = fm.lineSpacing()
            most = max(1, int((box.height() - 4) // spacing))
            known = self._name_lines = (journey.name, width, wrap_text(journey.name, font, width, most))
        lines = known[2]
        top = box.y() + (box.height() - fm.lineSpacing() * len(lines)) / 2
        painter.setPen(scene.colours.header_ink)
        draw_lines(painter, lines, font, box.x() + 10, top, width, fm=fm)


class _HeaderItem(_RectItem):
    """A stage or lane header: a rounded box whose text the subclass lays out."""

    KIND = ""

    def __init__(self, item_id: str) -> None:
        super().__init__()
        self.item_id = item_id
        self.rect = QRectF()
        self.setZValue(1)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene = _scene(self)
        entity = scene.project.tables[self.KIND].get(self.item_id)
        if entity is None:
            return
        c = scene.colours
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(c.header_fill)
        painter.drawRoundedRect(self.rect, 5, 5)
        painter.setPen(c.header_ink)
        self.draw_name(painter, entity.display_name(scene.lang), scene.fonts)

    def draw_name(self, painter: QPainter, name: str, fonts: Any) -> None:
        raise NotImplementedError


STAGE_NAME_LINES = 4  # a picture's stage header grows to this many lines of a long name (the screen's keeps two)


class StageHeaderItem(_HeaderItem):
    KIND = "stage"

    @property
    def stage_id(self) -> str:
        return self.item_id

    def draw_name(self, painter: QPainter, name: str, fonts: Any) -> None:
        f = fonts.stage
        if _scene(self).stage_names_turned:
            self._draw_turned(painter, name, f)
            return
        scene = _scene(self)
        most = STAGE_NAME_LINES if scene.export_mode or scene.titles_grow else 2  # see _print_metrics
        lines = wrap_text(name, f, self.rect.width() - 16, most)
        lh = QFontMetricsF(f).lineSpacing()
        y = self.rect.center().y() - lh * len(lines) / 2
        draw_lines(painter, lines, f, self.rect.x() + 8, y, self.rect.width() - 16, Qt.AlignmentFlag.AlignHCenter)

    def _draw_turned(self, painter: QPainter, name: str, f: QFont) -> None:
        """The name reading upwards from the header's foot, centred across it, in as many lines as its width holds."""
        r = self.rect
        lh = QFontMetricsF(f).lineSpacing()
        length = r.height() - 14
        lines = wrap_text(name, f, length, max(1, int((r.width() - 4) // lh)))
        painter.save()
        painter.translate(r.center().x(), r.bottom() - 7)
        painter.rotate(-90)
        draw_lines(painter, lines, f, 0, -lh * len(lines) / 2, length)
        painter.restore()


class LaneHeaderItem(_HeaderItem):
    KIND = "lane"

    @property
    def lane_id(self) -> str:
        return self.item_id

    def _name_lines(self, name: str, fonts: Any) -> tuple[list[str], float, float]:
        """The name's lines, the top of the first and the line spacing."""
        f = fonts.lane
        spacing = QFontMetricsF(f).lineSpacing()
        # Headers of tall rows may use several lines; they stay inside the header either way.
        # The projector's names are larger (header_scale): so are the lines and the place a tall row gives them.
        k = getattr(_scene(self), "header_scale", 1.0)
        max_lines = max(1, int((min(self.rect.height(), 160 * k) - 12) // spacing))
        lines = wrap_text(name, f, self.rect.width() - 18, max_lines)
        top = self.rect.y() + min(self.rect.height() / 2, 56 * k) - spacing * len(lines) / 2
        return lines, max(self.rect.y() + 6, top), spacing

    def name_bottom(self, name: str, fonts: Any) -> float:
        """Where the drawn name ends (scene y): a page that cuts the lane short must show down to here."""
        lines, top, spacing = self._name_lines(name, fonts)
        return top + spacing * len(lines)

    def draw_name(self, painter: QPainter, name: str, fonts: Any) -> None:
        lines, top, _spacing = self._name_lines(name, fonts)
        draw_lines(painter, lines, fonts.lane, self.rect.x() + 10, top, self.rect.width() - 18)


# A phase's name too wide for its band is set smaller in this many steps, down to the map's smallest text.
PHASE_NAME_STEPS = 2


class PhaseBandItem(QGraphicsItem):
    def __init__(self, phase: str, rect: QRectF) -> None:
        super().__init__()
        self.phase = phase
        self.rect = rect
        self.setZValue(1)

    def set_rect(self, rect: QRectF) -> None:
        """Move or resize the band (a page of a printed map narrows it to the stages the page shows)."""
        if rect != self.rect:
            self.prepareGeometryChange()
            self.rect = rect
            self.update()

    def boundingRect(self) -> QRectF:
        return self.rect

    def name(self, scene: JourneyScene) -> str:
        """The phase's name as this journey calls it, on one line."""
        journey = scene.journey()
        lang = scene.lang
        name = journey.phase_name(self.phase, lang) if journey else vocab.label(vocab.PHASES, self.phase, lang)
        return visible_controls(" ".join(name.split()))

    def name_lines(self, scene: JourneyScene) -> tuple[list[str], QFont, bool]:
        """The band's name as drawn: its lines, their font, and whether the name is whole.

        On one line at the map's size where the band holds it; else at the largest size down to the map's
        smallest text (its key's, the emotion scale's) that holds it on one line or on two, broken between words:
        a band one column wide read «During purc…», and a map at a glance «…». A name no such size holds is
        elided on one line, and the key under the map names it whole (:meth:`LegendItem._entries`).
        """
        name = self.name(scene)
        base = scene.fonts.phase
        room_w, room_h = self.rect.width() - 12, self.rect.height()
        fm = scene.fonts.metrics(base)
        if fm.horizontalAdvance(name) <= room_w:
            return [name], base, True
        splits: list[tuple[str, str]] | None = None
        floor = scene.fonts.axis.pointSizeF()
        top = base.pointSizeF()
        for n in range(PHASE_NAME_STEPS + 1):
            f = QFont(base)
            f.setPointSizeF(top - (top - floor) * n / PHASE_NAME_STEPS)
            fm = QFontMetricsF(f)
            width = fm.horizontalAdvance(name)
            if width <= room_w and fm.height() <= room_h:
                return [name], f, True
            # Two lines only where they could hold it: a name of thousands of words is not split every way.
            if width <= 2 * room_w and 2 * fm.lineSpacing() <= room_h:
                if splits is None:
                    words = name.split(" ")
                    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
                if not splits:
                    continue
                widest, pair = min((max(fm.horizontalAdvance(a), fm.horizontalAdvance(b)), (a, b)) for a, b in splits)
                if widest <= room_w:
                    return list(pair), f, True
        return [elided(name, base, room_w)], base, False

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene = _scene(self)
        c = scene.colours
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(c.phase_fills.get(self.phase, c.header_fill.name())))
        painter.drawRoundedRect(self.rect, 4, 4)
        painter.setPen(c.header_ink)
        lines, f, _whole = self.name_lines(scene)
        if len(lines) == 1:
            painter.setFont(f)
            painter.drawText(self.rect, Qt.AlignmentFlag.AlignCenter, lines[0])
            return
        lh = QFontMetricsF(f).lineSpacing()
        top = self.rect.center().y() - lh * len(lines) / 2
        draw_lines(painter, lines, f, self.rect.x() + 6, top, self.rect.width() - 12, Qt.AlignmentFlag.AlignHCenter)


class EmotionHeaderItem(_RectItem):
    """The emotion row's label and its −3…+3 scale, in the lane-header column."""

    def __init__(self) -> None:
        super().__init__()
        self.rect = QRectF()
        self.setZValue(1)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene = _scene(self)
        layout = scene.layout
        if layout is None:
            return
        c = scene.colours
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(c.header_fill)
        painter.drawRoundedRect(self.rect, 5, 5)
        painter.setPen(c.header_ink)
        f = scene.fonts.lane
        lines = wrap_text(style.map_label("emotion", scene.lang), f, self.rect.width() - 50, 2)
        title_h = draw_lines(painter, lines, f, self.rect.x() + 10, self.rect.y() + 8, self.rect.width() - 50)
        title_w = max((QFontMetricsF(f).horizontalAdvance(line) for line in lines), default=0.0)
        painter.setFont(scene.fonts.axis)
        fm = QFontMetricsF(scene.fonts.axis)
        for v in (3, 0, -3):
            y = emotion_y(layout, v)
            text = style.emotion_text(v)
            painter.setPen(c.muted_ink)
            number_x = self.rect.right() - 10 - fm.horizontalAdvance(text)
            baseline = y + fm.ascent() / 2 - 1
            painter.drawText(QPointF(number_x, baseline), text)
            # The step's name (the user's own, from the preferences) beside its number; beside the
            # row's title there may be no room: then under the number, right-aligned like it.
            full = vocab.emotion_label(v, scene.lang)
            left = self.rect.x() + 10
            if baseline - fm.ascent() < self.rect.y() + 8 + title_h:
                left += title_w + 8
            if fm.horizontalAdvance(full) > number_x - 6 - left and v > 0:
                name = elided(full, scene.fonts.axis, self.rect.width() - 20)
                x, baseline = self.rect.right() - 10 - fm.horizontalAdvance(name), baseline + fm.lineSpacing()
            else:
                name = elided(full, scene.fonts.axis, number_x - 6 - left)
                x = number_x - 6 - fm.horizontalAdvance(name)
            if name and fm.horizontalAdvance(name) >= 24:
                painter.drawText(QPointF(x, baseline), name)


class CellsItem(_RectItem):
    """Every cell's background in one item (a few dozen rectangles, painted only where exposed)."""

    def __init__(self) -> None:
        super().__init__()
        self.rect = QRectF()
        self.setZValue(0)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        # (top, bottom) in scene y: a page of a printed map that shows a lane's row only in part
        # closes the cells it cuts there, so they read as boxes, not as ones torn open (render.paint_page).
        self.cut: tuple[float, float] | None = None

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        layout = _scene(self).layout
        if layout is None:
            return
        c = _colours(self)
        exposed = option.exposedRect
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if not layout.stage_ids and layout.lane_ids:
            if not _scene(self).export_mode:
                painter.setPen(QPen(c.card_border, 1.2, Qt.PenStyle.DashLine))
                painter.setBrush(c.cell_fill)
                painter.drawRoundedRect(self.rect, 6, 6)
                hint = style.map_label("no_stages", _scene(self).lang)
                draw_hint(painter, self.rect, hint, _scene(self).fonts.project, c)
            return
        painter.setPen(QPen(c.cell_border, 1.0))
        cut = self.cut
        for (_sid, lid), r in layout.cells():
            q = qrect(r)
            if not q.intersects(exposed):
                continue
            if cut is not None:
                if q.top() < cut[0] < q.bottom():
                    q.setTop(cut[0])
                if q.top() < cut[1] < q.bottom():
                    q.setBottom(cut[1])
            painter.setBrush(c.cell_fill if layout.lane_index[lid] % 2 == 0 else c.cell_fill_alt)
            painter.drawRoundedRect(q, 6, 6)


class EmotionCurveItem(QGraphicsItem):
    """The emotion row: a smooth line through the cards' emotions in journey order."""

    def __init__(self) -> None:
        super().__init__()
        self.rect = QRectF()
        self.points: list[tuple[float, float, int, str]] = []
        self._labels: tuple[Any, ...] | None = None  # points, rect, mode, font, and the labels found for them
        # A page of a cut map: the row drawn from its first stage's left to its last stage's right only (the
        # page runs on into the gutters for their routes, and the curve ran on past its last stage there).
        self.span: tuple[float, float] | None = None
        self.setZValue(1)

    def set_data(self, rect: QRectF, points: list[tuple[float, float, int, str]]) -> None:
        if rect != self.rect:
            self.prepareGeometryChange()
            self.rect = rect
        elif points == self.points:
            return  # the row runs the width of the map: repainting it for nothing was a cost of every drop
        self.points = points
        self.update()

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-2, -2, 2, 2)

    def curve_path(self, start: int = 0, end: int | None = None) -> QPainterPath:
        """Horizontal tangents at every point: smooth, and never overshoots the −3…+3 band.

        ``start`` and ``end`` take the stretch between those points only.
        """
        pts = self.points[start:end]
        path = QPainterPath()
        if not pts:
            return path
        path.moveTo(pts[0][0], pts[0][1])
        for (x0, y0, *_a), (x1, y1, *_b) in itertools.pairwise(pts):
            dx = (x1 - x0) / 2
            path.cubicTo(QPointF(x0 + dx, y0), QPointF(x1 - dx, y1), QPointF(x1, y1))
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene = _scene(self)
        layout = scene.layout
        if layout is None or self.rect.isEmpty():
            return

        r = self.rect
        if self.span is not None:
            left, right = max(r.left(), self.span[0]), min(r.right(), self.span[1])
            if right <= left:
                return
            r = QRectF(left, r.y(), right - left, r.height())
            painter.save()
            try:
                painter.setClipRect(r.adjusted(-1, -1, 1, 1), Qt.ClipOperation.IntersectClip)
                self._paint_row(painter, scene, r)
            finally:
                painter.restore()
        else:
            self._paint_row(painter, scene, r)

    def _paint_row(self, painter: QPainter, scene: JourneyScene, r: QRectF) -> None:
        layout = scene.layout
        c = scene.colours
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(c.cell_border, 1.0))
        painter.setBrush(c.paper)
        painter.drawRoundedRect(r, 6, 6)
        zero = emotion_y(layout, 0)
        below = QRectF(r.x(), zero, r.width(), r.bottom() - zero)
        painter.fillRect(below.adjusted(1, 0, -1, -1), c.curve_below)
        # Faint guides at every whole score.
        painter.setPen(QPen(c.curve_guide, 1.0))
        for v in (-3, -2, -1, 1, 2, 3):
            y = emotion_y(layout, v)
            painter.drawLine(QPointF(r.x() + 1, y), QPointF(r.right() - 1, y))
        for x in layout.col_gutter_x[1:-1]:
            painter.drawLine(QPointF(x, r.y() + 1), QPointF(x, r.bottom() - 1))
        painter.setPen(QPen(c.faint_ink, 1.0, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(r.x() + 1, zero), QPointF(r.right() - 1, zero))
        if layout.stage_ids and not layout.lane_ids and not scene.export_mode:
            draw_hint(painter, r, style.map_label("no_lanes", scene.lang), scene.fonts.project, c)
        if not self.points:
            return
        curve = self.curve_path()
        if len(self.points) > 1:
            area = QPainterPath(curve)
            area.lineTo(self.points[-1][0], zero)
            area.lineTo(self.points[0][0], zero)
            area.closeSubpath()
            # Only the dips are shaded; cut as a path, since SVG output has no clipping.
            dips = QPainterPath()
            dips.addRect(below)
            painter.fillPath(area.intersected(dips), QColor(230, 133, 30, 90))
            # At a glance a curve of points closer than their markers (a thousand cards) is a thin line alone:
            # drawn as usual its points and strokes were one black mass.
            crowded = scene.glance and (self.points[-1][0] - self.points[0][0]) < 9.0 * len(self.points)
            painter.setPen(QPen(c.ink, 0.6 if crowded else 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(curve)
            if crowded:
                return
        painter.setPen(QPen(c.ink, 1.2))
        for x, y, emotion, _tid in self.points:
            painter.setBrush(style.emotion_colour(emotion))
            painter.drawEllipse(QPointF(x, y), 4.5, 4.5)
        if scene.print_mode is not None and scene.print_mode.curve_labels != "none":
            self._paint_labels(painter, scene)

    def point_labels(self, scene: JourneyScene) -> list[tuple[QRectF, str]]:
        """Where a printed curve's point labels go: above the point, else below, never on another label,
        the curve or a point.

        A label that finds no free place is left out rather than printed over its neighbour or
        across the line (the cards carry their step numbers, so a crowded stretch stays readable).
        """
        mode = scene.print_mode.curve_labels if scene.print_mode is not None else "none"
        if mode == "none":
            return []
        # Every page of a cut map paints the row again: the places are found once per curve.
        key = (self.points, self.rect, mode, scene.fonts.axis.key())
        if self._labels is not None and self._labels[0] is key[0] and self._labels[1:4] == key[1:]:
            return self._labels[4]
        out = self._find_labels(scene, mode)
        self._labels = (*key, out)
        return out

    def _find_labels(self, scene: JourneyScene, mode: str) -> list[tuple[QRectF, str]]:
        fm = scene.fonts.metrics(scene.fonts.axis)
        placed: list[QRectF] = []
        out: list[tuple[QRectF, str]] = []
        plot = self.rect
        xs = [p[0] for p in self.points]
        stroker = QPainterPathStroker()
        stroker.setWidth(6.0)  # the curve's 2-unit line and a little air either side

        def on_curve(box: QRectF) -> bool:
            # Only the stretch under the box: the whole curve of a large map is thousands of segments.
            lo = max(0, bisect.bisect_left(xs, box.left()) - 1)
            hi = bisect.bisect_right(xs, box.right()) + 1
            ys = [py for _px, py, *_rest in self.points[lo:hi]]
            if any(box.intersects(QRectF(px - 5.5, py - 5.5, 11, 11)) for px, py, *_rest in self.points[lo:hi]):
                return True
            # The curve never leaves the band between its points' heights (horizontal tangents): a box
            # clear of that band is clear of it, without tracing it.
            if not ys or box.bottom() < min(ys) - 3 or box.top() > max(ys) + 3:
                return False
            return stroker.createStroke(self.curve_path(lo, hi)).intersects(box)

        for x, y, _emotion, tid in self.points:
            if mode == "numbers":
                text = str(scene.step_numbers.get(tid, ""))
            else:
                tp = scene.touchpoint(tid)
                text = elided(tp.title if tp is not None else "", scene.fonts.axis, 96.0)
            if not text:
                continue
            w, h = fm.horizontalAdvance(text) + 4, fm.height()
            # Centred above or below the point first; else starting or ending at it, where the curve
            # climbs or falls away from the label's side.
            spots = [(x - w / 2, top) for top in (y - 7 - h, y + 7)]
            spots += [(left, top) for top in (y - 7 - h, y + 7) for left in (x - 6, x + 6 - w)]
            for left, top in spots:
                # Kept inside the plot's sides too, moved in along its row: a title at the first or last
                # card ran past the plot's edge and was cut there ("Personal offer for…").
                left = min(max(left, plot.left() + 1), plot.right() - 1 - w)
                box = QRectF(left, top, w, h)
                if box.top() < plot.top() + 1 or box.bottom() > plot.bottom() - 1:
                    continue
                if any(box.intersects(other) for other in placed) or on_curve(box):
                    continue
                placed.append(box)
                out.append((box, text))
                break
        return out

    def _paint_labels(self, painter: QPainter, scene: JourneyScene) -> None:
        c = scene.colours
        painter.setFont(scene.fonts.axis)
        for box, text in self.point_labels(scene):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(c.label_back)  # the curve and the shading show faintly through
            painter.drawRoundedRect(box, 2, 2)
            painter.setPen(c.ink)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


class TitleItem(_RectItem):
    """Project, journey and persona above the map, with a key to the connection styles."""

    KEY_W = 340.0

    def __init__(self) -> None:
        super().__init__()
        self.rect = QRectF()
        self.setZValue(1)
        # A page narrower than the map may hand the key to the legend under the map, so the title's
        # lines keep to the height the map left them (render.page_furniture).
        self.key_allowed = True

    @staticmethod
    def keyed(width: float) -> bool:
        """Whether a title block this wide carries the key to the connection styles."""
        return width > 900

    def _keyed(self, width: float) -> bool:
        return self.key_allowed and self.keyed(width)

    def has_key(self) -> bool:
        # A picture without a title block has no title to carry the key: the legend below does.
        return self.rect.height() > 0 and self._keyed(self.rect.width())

    def blocks(self, scene: JourneyScene, width: float) -> list[tuple[QFont, QColor, float, list[str]]]:
        """Project, journey and persona as (font, ink, indent, lines) for a title block ``width`` wide.

        On screen each is one line, elided; a picture wraps them over a few lines, so an export
        of a narrow selection still names its journey in full.
        """
        journey = scene.journey()
        if journey is None:
            return []
        fonts = scene.fonts
        c = scene.colours
        text_w = width - (self.KEY_W if self._keyed(width) else 0.0) - 16
        most = (2, 3, 3) if scene.export_mode else (1, 1, 1)
        project_name = scene.project.info.name
        if scene.chosen_cards is not None:
            chosen = style.map_label("selection", scene.lang)
            project_name = f"{project_name} — {chosen}" if project_name else chosen
        out = [
            (fonts.project, c.muted_ink, 0.0, wrap_text(project_name, fonts.project, text_w, most[0])),
            (fonts.journey, c.ink, 0.0, wrap_text(journey.name, fonts.journey, text_w, most[1])),
        ]
        persona = scene.project.tables["persona"].get(journey.persona_id) if journey.persona_id else None
        if persona is not None:
            who = persona.name + (f" — {persona.segment}" if persona.segment else "")
            text = f"{style.map_label('persona', scene.lang)}: {who}"
            out.append((fonts.persona, c.muted_ink, 16.0, wrap_text(text, fonts.persona, text_w - 16, most[2])))
        return out

    def height_for(self, scene: JourneyScene, width: float) -> float:
        """The height the title's text takes in a block ``width`` wide."""
        return sum(QFontMetricsF(f).lineSpacing() * len(lines) for f, _, _, lines in self.blocks(scene, width)) + 1

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene = _scene(self)
        journey = scene.journey()
        if journey is None:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        x, y = self.rect.x(), self.rect.y()
        # The width the lines were wrapped to (a right-to-left name goes against its right edge, clear of the key).
        text_w = self.rect.width() - (self.KEY_W if self._keyed(self.rect.width()) else 0.0) - 16
        for i, (font, ink, indent, lines) in enumerate(self.blocks(scene, self.rect.width())):
            fm = QFontMetricsF(font)
            if indent:  # the persona's colour dot
                persona = scene.project.tables["persona"].get(journey.persona_id or "")
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(persona.colour if persona is not None else "#ffffff"))
                painter.drawEllipse(QPointF(x + 5, y + fm.height() / 2), 5, 5)
            painter.setPen(ink)
            draw_lines(painter, [line for line in lines if line], font, x + indent, y, text_w - indent)
            y += fm.lineSpacing() * len(lines) + (1 if i == 1 else 0)
        if self.has_key():
            r = QRectF(self.rect.right() - self.KEY_W, self.rect.y() + 4, self.KEY_W, 40)
            self._paint_legend(painter, r, scene)

    def _paint_legend(self, painter: QPainter, r: QRectF, scene: JourneyScene) -> None:
        col_w = r.width() / 2
        for i, kind in enumerate(shown_connection_kinds(scene)):
            text = elided(connection_kind_name(kind, scene.lang), scene.fonts.label, col_w - 50)
            paint_connection_key(
                painter, kind, r.x() + (i % 2) * col_w, r.y() + (i // 2) * 18 + 8, text, scene.fonts, scene.colours
            )


def shown_connection_kinds(scene: JourneyScene) -> list[str]:
    """The connection kinds the map draws, in the key's order: a key to a line a picture lacks misleads its reader.

    On screen the key shows every style, the ones a designer may draw next as well (and costs no pass over
    the connections at each paint of the title).
    """
    if scene.print_mode is None:
        return list(style.CONNECTION_STYLES)
    jid = scene.journey_id
    found: set[str] = set()
    if jid and scene.layout is not None:
        cards = scene.layout.cards
        for conn in scene.project.connections_unordered(jid):
            if conn.source_id in cards and conn.target_id in cards and scene.shows_connection(conn):
                found.add(conn.kind)
                if len(found) == len(style.CONNECTION_STYLES):
                    break
    return [kind for kind in style.CONNECTION_STYLES if kind in found]


def connection_kind_name(kind: str, lang: str) -> str:
    """A connection kind as the key names it: the word the menus and the inspector use."""
    return vocab.label(vocab.CONNECTION_KINDS, kind, lang)


def paint_connection_key(
    painter: QPainter,
    kind: str,
    x: float,
    cy: float,
    text: str,
    fonts: style.Fonts,
    c: style.MapColours = style.LIGHT,
) -> float:
    """A short line and arrow in a connection kind's style, then its name; returns the right edge."""
    colour_name, pen_style, width = c.connections[kind]
    colour = QColor(colour_name)
    painter.setPen(QPen(colour, width, pen_style))
    painter.drawLine(QPointF(x, cy), QPointF(x + 30, cy))
    painter.setPen(QPen(colour, 1.0))
    painter.setBrush(c.paper if kind == "alternative" else QBrush(colour))
    painter.drawPolygon(arrow_head(QPointF(x, cy), QPointF(x + 36, cy), 8, 4))
    fm = QFontMetricsF(fonts.label)
    painter.setPen(c.muted_ink)
    painter.setFont(fonts.label)
    painter.drawText(QPointF(x + 42, cy + fm.ascent() / 2 - 1), text)
    return x + 42 + fm.horizontalAdvance(text)


class LegendItem(_RectItem):
    """The key printed under an exported map: emotion colours, card badges, the date.

    On screen tooltips explain the marks; a picture has to carry its own key, to the marks it
    shows and no others. The connection styles are added here when the title block is too
    narrow to hold them.
    """

    ROW_H = 20.0
    GAP = 18.0
    CHIP_W = 26.0
    CHIP_STEP = 29.0
    BADGES = ("pain", "opportunity", "moment", "votes", "linked")

    def __init__(self) -> None:
        super().__init__()
        self.rect = QRectF()
        self.rows: list[list[tuple[str, str, float]]] = []  # (what, key, width) per entry
        self.chips: tuple[int | None, ...] = ()  # the emotion chips keyed, None for "not rated"
        self.setZValue(1)
        self.setVisible(False)

    @staticmethod
    def cut_phases(scene: JourneyScene) -> list[str]:
        """The phases whose band cannot hold their name, once each, in the map's order: the key names them whole."""
        out: list[str] = []
        for band in scene.phase_bands():
            if band.phase not in out and not band.name_lines(scene)[2]:
                out.append(band.phase)
        return out

    def _entries(self, scene: JourneyScene) -> list[tuple[str, str, float]]:
        # Only the marks the map shows: a key to marks that are not there sends a reader looking for them.
        fm = QFontMetricsF(scene.fonts.label)
        bands = {band.phase: band for band in scene.phase_bands()}
        k = self._type(scene)
        phases = [("phase", phase, (self.CHIP_W + 6) * k + fm.horizontalAdvance(bands[phase].name(scene)))
                  for phase in self.cut_phases(scene)]  # fmt: skip
        if scene.glance:
            self.chips = ()
            return phases  # its cards are blocks of colour, its emotion row has the colours
        self.chips = self._chips(scene)
        out = phases
        if self.chips:
            heading = QFontMetricsF(scene.fonts.badge).horizontalAdvance(style.map_label("emotion", scene.lang))
            label = fm.horizontalAdvance(style.map_label("not_rated", scene.lang)) if None in self.chips else 0.0
            out.append(("emotion", "", heading + 10 + len(self.chips) * self.CHIP_STEP + label))
        for kind in self._badges(scene):
            out.append(("badge", kind, 18 + fm.horizontalAdvance(style.map_label(kind, scene.lang))))
        if not scene.title_item.has_key():
            for kind in shown_connection_kinds(scene):
                name = connection_kind_name(kind, scene.lang)
                out.append(("connection", kind, 42 + fm.horizontalAdvance(name)))
        return out

    @staticmethod
    def _shown_cards(scene: JourneyScene) -> list[Any]:
        if scene.layout is None:
            return []
        table = scene.project.tables["touchpoint"]
        return [tp for tid in scene.layout.cards if (tp := table.get(tid)) is not None]

    def _chips(self, scene: JourneyScene) -> tuple[int | None, ...]:
        """The emotion scale when a card is rated, and the grey of "not rated" when one is not."""
        emotions = {tp.emotion is not None for tp in self._shown_cards(scene)}
        return ((-3, -2, -1, 0, 1, 2, 3) if True in emotions else ()) + ((None,) if False in emotions else ())

    def _badges(self, scene: JourneyScene) -> tuple[str, ...]:
        """The badges the printed cards carry (as the cards decide them), in the key's order."""
        if scene.glance:
            return ()  # its cards are blocks of colour
        project = scene.project
        found: set[str] = set()
        for tp in self._shown_cards(scene):
            if tp.pain_points:
                found.add("pain")
            if tp.opportunities:
                found.add("opportunity")
            if tp.moment_of_truth:
                found.add("moment")
            if "votes" not in found and project.shown_votes(tp.id):
                found.add("votes")
            if "linked" not in found and project.linked_opportunity_count(tp.id):
                found.add("linked")
            found.add(sub_journey_mark(project, tp))
        return tuple(kind for kind in (*self.BADGES, "sub", "sub_broken") if kind in found)

    @staticmethod
    def _type(scene: JourneyScene) -> float:
        """The key's size against a map's own: a map at a glance sets its names larger (see set_glance)."""
        return scene.glance_type if scene.glance else 1.0

    def arrange(self, scene: JourneyScene, x: float, y: float, width: float) -> None:
        """Flow the entries into rows no wider than ``width`` (one entry wider than that gets a row of its own)."""
        rows: list[list[tuple[str, str, float]]] = []
        used = 0.0
        gap = self.GAP * self._type(scene)
        for entry in self._entries(scene):
            if not rows or (rows[-1] and used + gap + entry[2] > width):
                rows.append([])
                used = 0.0
            used += (gap if rows[-1] else 0.0) + entry[2]
            rows[-1].append(entry)
        # A map with nothing to key (an empty journey) keeps the date line alone; a map at a glance has none (the
        # report's page carries the date).
        self.rows = rows
        widest = max((sum(e[2] for e in row) + gap * (len(row) - 1) for row in rows), default=0.0)
        lines = len(rows) + (0 if scene.glance else 1)
        self.set_rect(QRectF(x, y, max(width, widest), self.ROW_H * self._type(scene) * lines))

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene = _scene(self)
        if scene.print_mode is None:
            return
        fonts, lang = scene.fonts, scene.lang
        c = scene.colours
        fm = QFontMetricsF(fonts.label)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        y = self.rect.y()
        k = self._type(scene)
        row_h, gap = self.ROW_H * k, self.GAP * k
        for row in self.rows:
            x, cy = self.rect.x(), y + row_h / 2
            for what, key, width in row:
                if what == "emotion":
                    self._paint_scale(painter, x, cy, scene)
                elif what == "phase":
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(QColor(c.phase_fills.get(key, c.header_fill.name())))
                    painter.drawRoundedRect(QRectF(x, cy - 7.5 * k, self.CHIP_W * k, 15 * k), 4 * k, 4 * k)
                    band = next((band for band in scene.phase_bands() if band.phase == key), None)
                    painter.setPen(c.muted_ink)
                    painter.setFont(fonts.label)
                    name = band.name(scene) if band is not None else key
                    painter.drawText(QPointF(x + (self.CHIP_W + 6) * k, cy + fm.ascent() / 2 - 1), name)
                elif what == "badge":
                    right = paint_badge(painter, key, "", x, cy - 8, 16.0, fm, c)
                    painter.setPen(c.muted_ink)
                    painter.setFont(fonts.label)
                    painter.drawText(QPointF(right + 4, cy + fm.ascent() / 2 - 1), style.map_label(key, lang))
                else:
                    paint_connection_key(painter, key, x, cy, connection_kind_name(key, lang), fonts, c)
                x += width + gap
            y += row_h
        if scene.glance:
            return
        stamp = f"{style.map_label('date', lang)}: {scene.print_mode.date}  ·  CX Designer"
        painter.setPen(c.muted_ink)
        painter.setFont(fonts.label)
        painter.drawText(QPointF(self.rect.x(), y + self.ROW_H / 2 + fm.ascent() / 2 - 1), stamp)

    def _paint_scale(self, painter: QPainter, x: float, cy: float, scene: JourneyScene) -> None:
        fonts = scene.fonts
        c = scene.colours
        heading = style.map_label("emotion", scene.lang)
        painter.setPen(c.ink)
        painter.setFont(fonts.badge)
        bold = QFontMetricsF(fonts.badge)
        painter.drawText(QPointF(x, cy + bold.ascent() / 2 - 1), heading)
        x += bold.horizontalAdvance(heading) + 10
        for value in self.chips:
            paint_emotion_chip(painter, QRectF(x, cy - 7.5, self.CHIP_W, 15), value, fonts)
            x += self.CHIP_STEP
        if None not in self.chips:
            return
        fm = QFontMetricsF(fonts.label)
        painter.setPen(c.muted_ink)
        painter.setFont(fonts.label)
        painter.drawText(QPointF(x, cy + fm.ascent() / 2 - 1), style.map_label("not_rated", scene.lang))


# -- transient marks used by interactions ---------------------------------------------------------


class CellCursorItem(_RectItem):
    """The cell that keyboard capture types into."""

    def __init__(self) -> None:
        super().__init__()
        self.rect = QRectF()
        self.setZValue(1.5)
        self.setVisible(False)

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-3, -3, 3, 3)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        c = _colours(self)
        painter.setPen(QPen(c.selection, 2.0, Qt.PenStyle.DashLine))
        painter.setBrush(QColor(11, 99, 206, 18))
        painter.drawRoundedRect(self.rect, 6, 6)


class MarkerItem(_RectItem):
    """A drop indicator line or a rubber band rectangle."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self.rect = QRectF()
        self.setZValue(30)

    def boundingRect(self) -> QRectF:
        return self.rect.normalized().adjusted(-3, -3, 3, 3)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if getattr(self.scene(), "audience", False):
            return  # the room's picture: see JourneyScene.set_audience
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        c = _colours(self)
        if self.kind == "band":
            painter.setPen(QPen(c.selection, 1.0))
            painter.setBrush(QColor(11, 99, 206, 30))
            painter.drawRect(self.rect.normalized())
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(c.selection)
            painter.drawRoundedRect(self.rect.normalized(), 2, 2)


class TempLinkItem(QGraphicsItem):
    """The line that follows the mouse while connecting two cards."""

    def __init__(self) -> None:
        super().__init__()
        self.line = QLineF()
        self.setZValue(30)

    def set_line(self, line: QLineF) -> None:
        self.prepareGeometryChange()
        self.line = line

    def boundingRect(self) -> QRectF:
        return QRectF(self.line.p1(), self.line.p2()).normalized().adjusted(-8, -8, 8, 8)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        c = _colours(self)
        painter.setPen(QPen(c.selection, 2.0, Qt.PenStyle.DashLine))
        painter.drawLine(self.line)
        painter.setBrush(c.selection)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawPolygon(arrow_head(self.line.p1(), self.line.p2(), 9, 4.5))


class InlineEditorItem(QGraphicsTextItem):
    """Plain-text typing on the canvas (quick capture and renaming); keys are routed by an interaction."""

    def __init__(self) -> None:
        super().__init__()
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextEditorInteraction)
        self.setZValue(40)
        self.frame = QRectF()
        self.setDefaultTextColor(style.INK)

    def set_frame(self, rect: QRectF, font: QFont) -> None:
        self.prepareGeometryChange()
        self.setDefaultTextColor(_colours(self).ink)
        self.frame = QRectF(0, 0, rect.width(), rect.height())
        self.setPos(rect.topLeft())
        self.setFont(font)
        self.setTextWidth(rect.width())

    def text(self) -> str:
        return self.toPlainText()

    def sceneEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            # A text field claims Undo and Redo even with nothing of its own to take back; then
            # they belong to the map: "A", Enter, Ctrl+Z takes the card back, as the user meant.
            key: QKeyEvent = event  # type: ignore[assignment]
            doc = self.document()
            if (key.matches(QKeySequence.StandardKey.Undo) and not doc.isUndoAvailable()) or (
                key.matches(QKeySequence.StandardKey.Redo) and not doc.isRedoAvailable()
            ):
                event.ignore()
                return True
        return super().sceneEvent(event)

    def boundingRect(self) -> QRectF:
        return super().boundingRect().united(self.frame.adjusted(-3, -3, 3, 3))

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        c = _colours(self)
        painter.setPen(QPen(c.selection, 1.5, Qt.PenStyle.DashLine))
        painter.setBrush(c.card)
        painter.drawRoundedRect(self.frame, CARD_RADIUS, CARD_RADIUS)
        option.state &= ~QStyle.StateFlag.State_HasFocus  # no Qt focus rectangle on top of ours
        super().paint(painter, option, widget)
