"""Colours, fonts, channel glyphs and the map's own printed labels, shared by items and export."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)

from ..i18n import N_, translation
from ..layout import palette

# The map's colours live once, Qt-free, in layout/palette.py (draw.io, the table and the charts use
# them too): a diverging orange ↔ blue emotion scale that the common colour-vision deficiencies tell
# apart, and every card also prints its number, so colour is never alone.
EMOTION_COLOURS: dict[int, str] = {value: palette.emotion_hex(value) for value in range(-3, 4)}
NO_EMOTION = palette.NO_EMOTION

INK = QColor(palette.INK)
MUTED_INK = QColor(palette.MUTED_INK)
FAINT_INK = QColor("#7b8794")
PAPER = QColor(palette.PAPER)
CARD_BORDER = QColor(palette.CARD_BORDER)
CELL_FILL = QColor(palette.CELL_FILLS[0])
CELL_FILL_ALT = QColor(palette.CELL_FILLS[1])
CELL_BORDER = QColor(palette.CELL_BORDER)
HEADER_FILL = QColor(palette.HEADER_FILL)
HEADER_INK = QColor(palette.INK)
SELECTION = QColor("#0b63ce")
HIGHLIGHT = QColor("#e69f00")
MATCH = QColor("#0b63ce")

PHASE_FILLS = palette.PHASE_FILLS

# Connection kinds: colour and pen pattern differ (solid, dash-dot, dashed, dotted), so they read
# apart in greyscale print too; the alternative's arrowhead is hollow as well.
CONNECTION_STYLES: dict[str, tuple[str, Qt.PenStyle, float]] = {
    "normal": ("#4a5561", Qt.PenStyle.SolidLine, 1.6),
    "alternative": ("#7a5aa6", Qt.PenStyle.DashDotLine, 1.6),
    "failure": ("#c2410c", Qt.PenStyle.DashLine, 1.8),
    "loop_back": ("#0b72b9", Qt.PenStyle.DotLine, 2.2),
}

PAIN = QColor(palette.emotion_hex(-3))
OPPORTUNITY = QColor(palette.emotion_hex(3))
MOMENT = QColor(palette.MOMENT)
VOTES = QColor("#3e4c59")
LINKED = QColor("#6a3d9a")  # opportunities on the board that address the card: a purple flag


# -- light and dark -------------------------------------------------------------------------------
# The module's constants above are the paper look every picture of the map prints in. The map on
# screen follows the system's colour scheme: each scene paints with one of these sets (a scene in
# print mode always with LIGHT, so a slide looks the same whatever scheme the laptop runs).


@dataclass(frozen=True, eq=False)
class MapColours:
    """The colours one scene paints with; the emotion scale and channel tiles are the same in both."""

    name: str
    paper: QColor  # the map's background and the sticky header strips
    card: QColor  # a card's body (and the box behind a connection's label)
    ink: QColor
    muted_ink: QColor
    faint_ink: QColor
    card_border: QColor
    cell_fill: QColor
    cell_fill_alt: QColor
    cell_border: QColor
    header_fill: QColor
    header_ink: QColor
    selection: QColor
    highlight: QColor
    pain: QColor
    opportunity: QColor
    moment: QColor
    votes: QColor
    linked: QColor
    pain_mark: QColor  # the "!" inside the pain badge's triangle
    curve_below: QColor  # the emotion row under zero
    curve_guide: QColor
    label_back: QColor  # behind a printed curve label, the curve faintly showing through
    phase_fills: dict[str, str] = field(default_factory=dict)
    connections: dict[str, tuple[str, Qt.PenStyle, float]] = field(default_factory=dict)

    @property
    def dark(self) -> bool:
        return self.name == "dark"


LIGHT = MapColours(
    name="light",
    paper=PAPER,
    card=PAPER,
    ink=INK,
    muted_ink=MUTED_INK,
    faint_ink=FAINT_INK,
    card_border=CARD_BORDER,
    cell_fill=CELL_FILL,
    cell_fill_alt=CELL_FILL_ALT,
    cell_border=CELL_BORDER,
    header_fill=HEADER_FILL,
    header_ink=HEADER_INK,
    selection=SELECTION,
    highlight=HIGHLIGHT,
    pain=PAIN,
    opportunity=OPPORTUNITY,
    moment=MOMENT,
    votes=VOTES,
    linked=LINKED,
    pain_mark=QColor("#ffffff"),
    curve_below=QColor(253, 236, 220),
    curve_guide=QColor("#e6eaef"),
    label_back=QColor(255, 255, 255, 215),
    phase_fills=dict(PHASE_FILLS),
    connections=dict(CONNECTION_STYLES),
)

# Text colours keep at least 4.5:1 against the card, cell and header fills they sit on
# (tests/test_theme.py measures it); marks and lines are lighter tints of the light set's hues.
DARK = MapColours(
    name="dark",
    paper=QColor("#16191d"),
    card=QColor("#2c333b"),
    ink=QColor("#eef1f4"),
    muted_ink=QColor("#b4bec8"),
    faint_ink=QColor("#8995a2"),
    card_border=QColor("#66727f"),
    cell_fill=QColor("#1e2328"),
    cell_fill_alt=QColor("#22282e"),
    cell_border=QColor("#37404a"),
    header_fill=QColor("#2b323a"),
    header_ink=QColor("#eef1f4"),
    selection=QColor("#5aa9ff"),
    highlight=QColor("#f5b83d"),
    pain=QColor("#f59a5b"),
    opportunity=QColor("#7cc0ee"),
    moment=QColor("#e8c15a"),
    votes=QColor("#c9d2db"),
    linked=QColor("#c7a6ef"),
    pain_mark=QColor("#2c333b"),
    curve_below=QColor("#33281f"),
    curve_guide=QColor("#2b3138"),
    label_back=QColor(30, 35, 41, 215),
    phase_fills={"before": "#25384b", "during": "#352f4a", "after": "#263e30"},
    connections={
        "normal": ("#b4bec8", Qt.PenStyle.SolidLine, 1.6),
        "alternative": ("#b99cea", Qt.PenStyle.DashDotLine, 1.6),
        "failure": ("#f5894a", Qt.PenStyle.DashLine, 1.8),
        "loop_back": ("#5fb4f2", Qt.PenStyle.DotLine, 2.2),
    },
)


def dark_scheme() -> bool:
    """Whether the screen runs a dark colour scheme: the system's word when it says, else the palette's.

    Some platforms (and the offscreen one the tests use) report no scheme; a dark application
    palette then tells, as a dark Qt style or a palette set by hand would.
    """
    app = QGuiApplication.instance()
    if app is None:
        return False
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return QGuiApplication.palette().window().color().lightness() < 128


def screen_colours() -> MapColours:
    """The colours the map on screen paints with now."""
    return DARK if dark_scheme() else LIGHT


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two opaque colours (1 … 21)."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            v /= 255.0
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def emotion_colour(value: int | None) -> QColor:
    """The fill for an emotion score; a neutral grey when there is none."""
    return QColor(palette.emotion_hex(value))


def ink_on(fill: QColor) -> QColor:
    """Black or white, whichever reads better on ``fill`` (WCAG relative luminance)."""

    def channel(c: float) -> float:
        c /= 255.0
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * channel(fill.red()) + 0.7152 * channel(fill.green()) + 0.0722 * channel(fill.blue())
    # White and near-black read equally well at about 0.18; above that dark text has more contrast.
    return QColor("#ffffff") if lum < 0.18 else QColor("#111111")


def emotion_text(value: int | None) -> str:
    if value is None:
        return ""
    return translation().signed(value, 0)  # as every view and export writes a score


def scene_dpi() -> int:
    """The resolution the map measures its text at: one scene unit is one pixel at this many dots per inch.

    Fonts are sized in points and resolve against the device they paint on, so an export is
    drawn on a device of this resolution: its text then takes exactly the room the layout gave it.
    """
    app = QGuiApplication.instance()
    screen = QGuiApplication.primaryScreen() if app is not None else None
    if screen is None or app.testAttribute(Qt.ApplicationAttribute.AA_Use96Dpi):  # type: ignore[union-attr]
        return 96
    return max(1, round(screen.logicalDotsPerInchY()))


def base_family() -> str:
    app = QGuiApplication.instance()
    return QGuiApplication.font().family() if app is not None else "DejaVu Sans"


def font(point_size: float, bold: bool = False) -> QFont:
    f = QFont(base_family())
    f.setPointSizeF(point_size)
    f.setBold(bold)
    # Hinting makes text widths depend on the zoom; the layout is measured once, so switch it off.
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return f


class Fonts:
    """The handful of fonts the map uses, made once per scene."""

    def __init__(self) -> None:
        self.title = font(9.0)
        self.meta = font(7.5)
        self.badge = font(7.5, bold=True)
        self.chip = font(8.0, bold=True)
        self.stage = font(9.5, bold=True)
        self.lane = font(9.0, bold=True)
        self.phase = font(8.5, bold=True)
        self.journey = font(15.0, bold=True)
        self.project = font(9.0)
        self.persona = font(9.0)
        self.label = font(7.5)
        self.axis = font(7.5)
        self.glyph = font(9.0, bold=True)
        self._metrics: dict[int, QFontMetricsF] = {}
        # Small drawings that thousands of cards share (a channel's glyph, an emotion chip, a badge),
        # recorded once per scene with these fonts: see Drawing.
        self.drawings: dict[tuple[Any, ...], Drawing] = {}
        self._elided: dict[tuple[str, int, float], str] = {}
        # Places and measures that every card's paint would otherwise ask the fonts for again (a card's
        # title lines: their line spacing, ascent and baseline points).
        self.spots: dict[str, Any] = {}

    def metrics(self, f: QFont) -> QFontMetricsF:
        """The metrics of one of these fonts, made once (cards ask for them on every paint)."""
        known = self._metrics.get(id(f))
        if known is None:
            known = self._metrics[id(f)] = QFontMetricsF(f)
        return known

    def elided(self, text: str, f: QFont, width: float) -> str:
        """``text`` on one line, cut with "…" to ``width`` in font ``f`` (one of these), remembered: every
        card of a channel shows the same name in the same room."""
        key = (text, id(f), width)
        known = self._elided.get(key)
        if known is None:
            if len(self._elided) > 10_000:
                self._elided.clear()  # names edited away; never much more than the channels in use
            known = self._elided[key] = self.metrics(f).elidedText(
                " ".join(text.split()), Qt.TextElideMode.ElideRight, max(0.0, width)
            )
        return known


# The value types a recorded call may hold: copied when recorded, so a caller changing its own
# rectangle or pen afterwards cannot change the recording.
_VALUE_TYPES = (QRectF, QPointF, QPen, QBrush, QColor, QFont, QPainterPath, QPolygonF)


class Drawing:
    """A few painter calls recorded once and played again on any painter, exactly as they were made.

    A card's glyph or badge is built from a dozen Python steps (colours parsed, pens and paths
    made) for five painter calls; a map of a thousand cards repeats the same few. Playing the
    calls back issues the same calls with the same arguments, so every paint device gets the
    same picture (an SVG the same bytes), unlike a QPicture, which replays through its own
    save/restore and transform. Record with :meth:`record`: what the drawing function does
    besides calling the painter (its return value) is kept as :attr:`value`.
    """

    __slots__ = ("calls", "value")

    def __init__(self) -> None:
        self.calls: list[tuple[Callable[..., Any], tuple[Any, ...]]] = []
        self.value: Any = None

    @classmethod
    def record(cls, draw: Callable[[Any], Any]) -> Drawing:
        drawing = cls()
        drawing.value = draw(_Recorder(drawing.calls))
        return drawing

    def play(self, painter: QPainter) -> Any:
        for method, args in self.calls:
            method(painter, *args)
        return self.value


_NO_PEN = QPen(Qt.PenStyle.NoPen)


class _Recorder:
    """Stands in for a QPainter and keeps the calls made on it (only calls that return nothing)."""

    __slots__ = ("_calls",)

    def __init__(self, calls: list[tuple[Callable[..., Any], tuple[Any, ...]]]) -> None:
        self._calls = calls

    def __getattr__(self, name: str) -> Callable[..., None]:
        method = getattr(QPainter, name)
        calls = self._calls

        def record(*args: Any) -> None:
            if name == "setPen" and args == (Qt.PenStyle.NoPen,):
                args = (_NO_PEN,)  # the same pen, without converting the enum on every play
            calls.append((method, tuple(type(a)(a) if isinstance(a, _VALUE_TYPES) else a for a in args)))

        return record


def drawing(fonts: Fonts, key: tuple[Any, ...], draw: Callable[[Any], Any]) -> Drawing:
    """The drawing ``key`` of ``fonts``'s scene, recorded with ``draw`` the first time.

    ``key`` must name everything the drawing depends on (position, size, colours, text).
    """
    known = fonts.drawings.get(key)
    if known is None:
        if len(fonts.drawings) > 5_000:
            fonts.drawings.clear()  # positions and counts edited away: start again rather than grow
        known = fonts.drawings[key] = Drawing.record(draw)
    return known


def drawn(fonts: Fonts, key: tuple[Any, ...], draw: Callable[[Any], Any], painter: QPainter) -> Any:
    """Paint the drawing ``key`` of ``fonts``'s scene on ``painter`` (see :func:`drawing`); returns its value.

    Inside the recording of a larger drawing (``painter`` a recorder), its calls are taken into that recording
    as they are: a card's top row is recorded once per channel, place, step and score, its channel's tile once
    per channel and place, so the tile's dozen Python steps are not run again for every score.
    """
    known = drawing(fonts, key, draw)
    if type(painter) is _Recorder:
        painter._calls.extend(known.calls)
        return known.value
    return known.play(painter)


# -- the map's printed labels ---------------------------------------------------------------------
# These belong to the picture, not to the window: an export in Spanish prints them in Spanish
# whatever language the interface runs in, like the built-in vocabularies do.
_MAP_LABELS = {
    "emotion": N_("Emotion"),
    "persona": N_("Persona"),
    "no_lanes": N_("No lanes yet: right-click the map to add one"),
    "no_stages": N_("No stages yet: right-click the map to add one"),
    "not_rated": N_("not rated"),
    "pain": N_("Pain points"),
    "opportunity": N_("Opportunities"),
    "moment": N_("Moment of truth"),
    "votes": N_("Votes"),
    "linked": N_("Linked opportunities"),
    "sub": N_("Opens a sub-journey"),
    "sub_broken": N_("Sub-journey deleted"),
    "date": N_("Date"),
    "selection": N_("Selected touchpoints"),
}


def map_label(key: str, lang: str) -> str:
    return translation(lang).gettext(_MAP_LABELS[key])


# -- channel glyphs -------------------------------------------------------------------------------
# Small marks drawn with the painter so the app needs no icon files; colour groups the channel families.
CHANNEL_COLOURS = {
    "phone": "#2f6f4f",
    "email": "#35618f",
    "live_chat": "#35618f",
    "store": "#7a4b1f",
    "web": "#1f5f7a",
    "app": "#1f5f7a",
    "advertising": "#8a3b66",
    "social": "#8a3b66",
    "promo_email": "#8a3b66",
    "documentation": "#52606d",
    "staff": "#2f6f4f",
    "packaging": "#7a4b1f",
    "word_of_mouth": "#6b4f9a",
    "search": "#1f5f7a",
    "other": "#52606d",
}


# The channels drawn as a symbol; every other key shows an initial.
_SYMBOLS = frozenset(("phone", "email", "promo_email", "live_chat", "store", "packaging", "web", "app", "search",
                      "staff", "documentation", "advertising", "social", "word_of_mouth"))  # fmt: skip


def draw_channel_glyph(painter: QPainter, rect: QRectF, key: str, custom_name: str, fonts: Fonts) -> None:
    """A rounded tile with a simple symbol for ``key`` (custom channels show their initial).

    Recorded once per channel and place in the scene (:func:`drawn`): cards show the same few.
    """
    name = _glyph_name(key, custom_name)
    drawn(
        fonts,
        ("glyph", key, name, rect.x(), rect.y(), rect.width(), rect.height()),
        lambda p: _draw_channel_glyph(p, QRectF(rect), key, name, fonts),
        painter,
    )


def _glyph_name(key: str, custom_name: str) -> str:
    """The name a channel's tile shows the initial of: none for a channel drawn as a symbol."""
    return "" if key in _SYMBOLS else custom_name


def _draw_channel_glyph(painter: QPainter, rect: QRectF, key: str, custom_name: str, fonts: Fonts) -> None:
    colour = QColor(CHANNEL_COLOURS.get(key, "#52606d"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(rect, 3.5, 3.5)
    white = QColor("#ffffff")
    pen = QPen(white, 1.3)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    c = rect.center()
    s = rect.width() / 2 - 3.5  # half size of the drawing area
    x0, y0, x1, y1 = c.x() - s, c.y() - s, c.x() + s, c.y() + s
    path = QPainterPath()
    if key == "phone":
        # A handset: a thick arc with two ear pieces.
        painter.setPen(QPen(white, 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawArc(QRectF(x0, y0 + 1, 2 * s, 2 * s), 200 * 16, 140 * 16)
        painter.setPen(pen)
        painter.setBrush(white)
        painter.drawEllipse(QPointF(x0 + 1.2, y1 - 2.2), 1.6, 1.6)
        painter.drawEllipse(QPointF(x1 - 1.2, y1 - 2.2), 1.6, 1.6)
    elif key in ("email", "promo_email"):
        painter.drawRect(QRectF(x0, y0 + 1.5, 2 * s, 2 * s - 3))
        path.moveTo(x0, y0 + 1.5)
        path.lineTo(c.x(), c.y() + 1)
        path.lineTo(x1, y0 + 1.5)
        painter.drawPath(path)
        if key == "promo_email":
            painter.setBrush(QColor("#ffd166"))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(QPointF(x1, y0 + 1.5), 2.2, 2.2)
    elif key == "live_chat":
        path.addRoundedRect(QRectF(x0, y0, 2 * s, 2 * s - 3), 2.5, 2.5)
        path.moveTo(x0 + 2.5, y1 - 3)
        path.lineTo(x0 + 1.5, y1)
        path.lineTo(x0 + 5, y1 - 3)
        painter.drawPath(path)
    elif key in ("store", "packaging"):
        if key == "store":
            path.moveTo(x0, c.y() - 1)
            path.lineTo(c.x(), y0)
            path.lineTo(x1, c.y() - 1)
            painter.drawPath(path)
            painter.drawRect(QRectF(x0 + 1.5, c.y() - 1, 2 * s - 3, s + 1))
        else:
            painter.drawRect(QRectF(x0, y0 + 2, 2 * s, 2 * s - 2))
            painter.drawLine(QPointF(x0, y0 + 5), QPointF(x1, y0 + 5))
            painter.drawLine(QPointF(c.x(), y0 + 2), QPointF(c.x(), y0 + 5))
    elif key == "web":
        painter.drawEllipse(c, s, s)
        painter.drawEllipse(c, s * 0.45, s)
        painter.drawLine(QPointF(x0, c.y()), QPointF(x1, c.y()))
    elif key == "app":
        painter.drawRoundedRect(QRectF(c.x() - s * 0.6, y0, s * 1.2, 2 * s), 1.5, 1.5)
        painter.drawPoint(QPointF(c.x(), y1 - 1.8))
    elif key == "search":
        r = s * 0.62
        painter.drawEllipse(QPointF(c.x() - 1, c.y() - 1), r, r)
        d = r / math.sqrt(2)
        painter.setPen(QPen(white, 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(QPointF(c.x() - 1 + d, c.y() - 1 + d), QPointF(x1, y1))
    elif key == "staff":
        painter.setBrush(white)
        painter.drawEllipse(QPointF(c.x(), y0 + 2.5), 2.5, 2.5)
        path.moveTo(x0 + 0.5, y1)
        path.quadTo(c.x(), c.y() - 2, x1 - 0.5, y1)
        path.closeSubpath()
        painter.drawPath(path)
    elif key == "documentation":
        path.moveTo(x0 + 1, y0)
        path.lineTo(x1 - 3, y0)
        path.lineTo(x1 - 0.5, y0 + 2.5)
        path.lineTo(x1 - 0.5, y1)
        path.lineTo(x0 + 1, y1)
        path.closeSubpath()
        painter.drawPath(path)
        for i in range(3):
            y = y0 + 4 + i * 2.6
            painter.drawLine(QPointF(x0 + 3, y), QPointF(x1 - 3, y))
    elif key == "advertising":
        # A megaphone: a trapezoid and a handle.
        path.moveTo(x0, c.y() - 1.5)
        path.lineTo(x1, y0)
        path.lineTo(x1, y1)
        path.lineTo(x0, c.y() + 1.5)
        path.closeSubpath()
        painter.drawPath(path)
        painter.drawLine(QPointF(x0 + 2, c.y() + 2), QPointF(x0 + 3, y1))
    elif key == "social":
        painter.setBrush(white)
        for p in (QPointF(x0 + 1.5, c.y()), QPointF(x1 - 1.5, y0 + 1.5), QPointF(x1 - 1.5, y1 - 1.5)):
            painter.drawEllipse(p, 1.8, 1.8)
        painter.drawLine(QPointF(x0 + 1.5, c.y()), QPointF(x1 - 1.5, y0 + 1.5))
        painter.drawLine(QPointF(x0 + 1.5, c.y()), QPointF(x1 - 1.5, y1 - 1.5))
    elif key == "word_of_mouth":
        painter.drawEllipse(QPointF(c.x() - 2, c.y() + 1), s * 0.55, s * 0.5)
        painter.drawEllipse(QPointF(c.x() + 2.2, c.y() - 2), s * 0.5, s * 0.45)
    else:
        painter.setFont(fonts.glyph)
        painter.setPen(white)
        initial = (custom_name.strip()[:1] or "•").upper() if key != "other" else "•"
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, initial)
