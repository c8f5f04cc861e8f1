"""The report's cover: who and what, the key figures, the three most severe findings and the emotion curve.

Painted with QPainter straight into the PDF, so the text stays text and the curve stays vector.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..i18n import translation
from ..layout.bandnames import band_labels, label_width
from ..model import Project

ACCENT = "#1c5f99"
SEVERITY_COLOURS = {3: "#b42318", 2: "#b54708", 1: "#52606d", 0: "#7b8794"}


# Points: a stage's name under its band, smaller only where the band is narrow. No smaller than 7.5: the PDF sets
# text in whole pixels at the page's 96 dpi, and 7 points printed 6.75, under the report's least size.
BAND_SIZES = (8.25, 7.5)
DENSE = 60  # more rated steps than this: the cover shows their moving average


def _polyline(points: Sequence[tuple[float, float]]) -> Any:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QPainterPath

    path = QPainterPath(QPointF(*points[0]))
    for x, y in points[1:]:
        path.lineTo(x, y)
    return path


CURVE_H = 190  # points: the cover's curve with its stages' names, the key of numbered stages under it
KEY_SIZE = 7.5  # points: the key of numbered stages under the cover's curve
KEY_GAP = "   ·   "  # between two stages of the key on a line


def stage_key(names: Sequence[str], width: float, measure: Any, lines: int, number: Any) -> list[str]:
    """The key of numbered stages («1 Awareness · 2 Consideration …») in at most ``lines`` lines ``width`` wide.

    A stage's number and name stay on one line (a line broken between them read «… · 12» / «Stage 12 · …»); a name
    wider than a line is cut to it; past ``lines`` the last line ends with «…».
    """
    from ..layout.bandnames import shortened

    out: list[str] = []
    for k, name in enumerate(names):
        entry = f"{number(k + 1)} {name}"
        if measure(entry) > width:
            low, high = 3, len(entry)
            while low < high:
                mid = (low + high + 1) // 2
                low, high = (mid, high) if measure(shortened(entry, mid)) <= width else (low, mid - 1)
            entry = shortened(entry, low)
        if out and measure(out[-1] + KEY_GAP + entry) <= width:
            out[-1] += KEY_GAP + entry
        elif len(out) < lines:
            out.append(entry)
        else:
            last = out[-1]
            while last and measure(last + " …") > width:
                last = last[:-1]
            out[-1] = last.rstrip(" ·") + " …"
            break
    return out


def curve_labels(
    rect: Any, pt: float, result: Mapping[str, Any], lang: str, tallest: float | None = None
) -> tuple[Any, list[tuple[Any, str, float]], list[str], Any]:
    """Where :func:`paint_emotion_curve` draws in ``rect``: the plot (no taller than ``tallest``), each stage's
    label (its box, text and size), the key's lines and the key's box.

    The stages are named under their bands whole where the room allows, on two staggered rows where one cannot
    hold them. Where even two rows cannot (twenty stages on the cover's narrow curve named four of them), each
    band carries its stage's number, and the key under the curve names every stage after its number.
    """
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFontMetricsF

    from ..canvas import style

    t = translation(lang)
    cards = result["cards"]
    axis_w = 16 * pt
    label_h = 22 * pt
    width = rect.width() - axis_w
    step = width / max(1, len(cards))
    start = 0
    names, bands = [], []
    for s in result["stages"]:
        count = sum(1 for c in cards if c["stage_id"] == s["id"])
        if count:
            names.append(" ".join(s["name"].split()))
            bands.append((start * step, (start + count) * step))
        start += count
    metrics = {size: QFontMetricsF(style.font(size)) for size in BAND_SIZES}

    def measure(text: str, size: float) -> float:
        return metrics[size].horizontalAdvance(text)

    placed = band_labels(names, bands, width, BAND_SIZES, measure, 6 * pt, staggered=True)
    key: list[str] = []
    key_h = 0.0
    if any(spot is None for spot in placed):
        placed = band_labels([t.number(k + 1) for k in range(len(names))], bands, width, BAND_SIZES, measure,
                             4 * pt, staggered=True)  # fmt: skip
        fm = QFontMetricsF(style.font(KEY_SIZE))
        # The curve keeps at least 100 points of height; the key has the rest, a line at the least.
        lines = max(1, int((rect.height() - label_h - 4 * pt - 100 * pt) // fm.lineSpacing()))
        key = stage_key(names, rect.width(), fm.horizontalAdvance, lines, t.number)
        key_h = len(key) * fm.lineSpacing() + 4 * pt
    plot_h = rect.height() - label_h - 4 * pt - key_h
    plot = QRectF(rect.left() + axis_w, rect.top() + 4 * pt, width, plot_h if tallest is None else min(plot_h, tallest))
    spots = []
    for spot in placed:
        if spot is None:
            continue
        text, size, centre, row = spot
        w = label_width(text, size, measure)
        h = metrics[size].lineSpacing() * len(text.split("\n"))
        spots.append((QRectF(plot.left() + centre - w / 2, plot.bottom() + (2 + 10 * row) * pt, w, h), text, size))
    key_box = QRectF(rect.left(), plot.bottom() + label_h + 4 * pt, rect.width(), key_h - 4 * pt)
    return plot, spots, key, key_box


def paint_emotion_curve(
    painter: Any, rect: Any, pt: float, result: Mapping[str, Any], lang: str, tallest: float | None = None
) -> None:
    """The journey's emotion, card by card in journey order, over its stages' bands (−3 … +3), in ``rect``; the
    plot no taller than ``tallest``, the stages' names or numbers and their key under it (see curve_labels)."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFontMetricsF, QPen

    from ..canvas import style

    t = translation(lang)
    cards = result["cards"]
    f_axis = style.font(7.5)
    axis_w = 16 * pt
    plot, spots, key, key_box = curve_labels(rect, pt, result, lang, tallest)
    n = len(cards)
    step = plot.width() / max(1, n)

    def x_of(i: int) -> float:
        return plot.left() + (i + 0.5) * step

    def y_of(e: float) -> float:
        return plot.top() + (3 - e) / 6 * plot.height()

    # Stage bands, alternately shaded, named underneath (see curve_labels).
    start = 0
    k = 0
    for s in result["stages"]:
        count = sum(1 for c in cards if c["stage_id"] == s["id"])
        if count:
            if k % 2 == 0:
                painter.fillRect(QRectF(plot.left() + start * step, plot.top(), count * step, plot.height()),
                                 style.CELL_FILL_ALT)
            k += 1
        start += count
    painter.setPen(style.MUTED_INK)
    for box, text, size in spots:
        painter.setFont(style.font(size))
        painter.drawText(box, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), text)
    if key:
        f_key = style.font(KEY_SIZE)
        painter.setFont(f_key)
        line_h = QFontMetricsF(f_key).lineSpacing()
        for i, line in enumerate(key):
            painter.drawText(QRectF(key_box.left(), key_box.top() + i * line_h, key_box.width(), line_h),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), line)
    painter.setFont(f_axis)
    # The scale: −3, 0 and +3, with the zero line stronger.
    for e in (-3, 0, 3):
        y = y_of(e)
        painter.setPen(QPen(style.MUTED_INK if e == 0 else style.CELL_BORDER, (0.8 if e == 0 else 0.5) * pt))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(style.MUTED_INK)
        painter.drawText(QRectF(rect.left(), y - 6 * pt, axis_w - 3 * pt, 12 * pt),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), t.signed(e))
    points = [(x_of(i), y_of(c["emotion"]), c["emotion"]) for i, c in enumerate(cards) if c["emotion"] is not None]
    if not points:
        painter.setPen(style.MUTED_INK)
        # Over the positive half, clear of the zero line: centred on the plot it was struck through.
        above = QRectF(plot.left(), plot.top(), plot.width(), y_of(0) - plot.top() - 4 * pt)
        painter.drawText(above, int(Qt.AlignmentFlag.AlignCenter), t.gettext("No touchpoint has an emotion yet."))
        return
    if len(points) > DENSE:
        # Hundreds of steps make a solid zigzag: show them faintly under their moving average.
        painter.setPen(QPen(QColor(style.FAINT_INK), 0.4 * pt))
        painter.drawPath(_polyline([(x, y) for x, y, _e in points]))
        half = max(1, len(points) // 40)
        smooth = []
        for i, (x, _y, _e) in enumerate(points):
            window = [e for _x, _y2, e in points[max(0, i - half): i + half + 1]]
            smooth.append((x, y_of(sum(window) / len(window))))
        painter.setPen(QPen(QColor(style.INK), 1.6 * pt))
        painter.drawPath(_polyline(smooth))
        return
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(QColor(style.INK), 1.4 * pt))
    painter.drawPath(_polyline([(x, y) for x, y, _e in points]))
    radius = min(3.0 * pt, max(1.2 * pt, step * 0.35))
    painter.setPen(QPen(QColor(style.INK), 0.5 * pt))  # the light middle of the scale stays visible
    for x, y, e in points:
        painter.setBrush(style.emotion_colour(e))
        painter.drawEllipse(QPointF(x, y), radius, radius)
    painter.setBrush(Qt.BrushStyle.NoBrush)


# Marks a typed quote may come wrapped in (opening, closing): ASCII, English, Spanish and German ones.
QUOTE_PAIRS = ('""', "''", "“”", "‘’", "«»", "„“", "‚‘", "»«")


def unquoted(text: str) -> str:
    """``text`` without the pair of quotation marks it is wrapped in, if it is: the language's marks go on instead.

    A persona's quote is typed with whatever marks the keyboard gives (the samples' English ones with
    straight ASCII quotes), and a report in another language would print those.
    """
    text = text.strip()
    inner = text[1:-1]
    # Marks inside too ('"Fast" and "kind"', 'don't'): not one quote wrapped whole, so left as typed.
    if len(text) > 2 and text[0] + text[-1] in QUOTE_PAIRS and text[0] not in inner and text[-1] not in inner:
        return inner.strip()
    return text


def paint_cover(
    painter: Any,
    body: Any,
    pt: float,
    project: Project,
    journey_id: str,
    result: Mapping[str, Any],
    lang: str,
    date: str,
    figures: Sequence[tuple[str, str, str]],
    findings: Sequence[tuple[int, str, str]],
) -> None:
    """The cover inside ``body``: ``figures`` as (label, value, detail), ``findings`` as (severity, word, text)."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QPen

    from ..canvas import style
    from ..canvas.items import draw_lines, wrap_text

    t = translation(lang)
    font, ink, muted = style.font, style.INK, style.MUTED_INK
    journey = project.get("journey", journey_id)
    left = body.left() + 18 * pt
    w = body.right() - left
    y = top = body.top() + 4 * pt

    painter.setPen(muted)
    y += draw_lines(painter, [t.gettext("Workshop report").upper()], font(10, bold=True), left, y, w)
    painter.setPen(ink)
    f_title = font(24, bold=True)
    y += 2 * pt + draw_lines(painter, wrap_text(journey.name or "—", f_title, w, 2), f_title, left, y + 2 * pt, w)
    painter.setPen(muted)
    if project.info.name:
        f_project = font(12)
        y += draw_lines(painter, wrap_text(project.info.name, f_project, w, 1), f_project, left, y, w)
    y += 8 * pt
    f_body = font(10)
    persona = project.tables["persona"].get(journey.persona_id) if journey.persona_id else None
    painter.setPen(ink)
    if persona is not None:
        line = t.gettext("Persona") + f": {persona.name}" + (f" — {persona.segment}" if persona.segment else "")
        y += draw_lines(painter, wrap_text(line, f_body, w, 1), f_body, left, y, w)
        if persona.quote:
            painter.setPen(muted)
            f_quote = font(9.5)
            f_quote.setItalic(True)
            typed = persona.quote.strip()
            bare = unquoted(typed)
            quote = typed if bare == typed and typed[:1] in "\"“«'‘„‚»" else t.quote(bare)
            y += draw_lines(painter, wrap_text(quote, f_quote, w, 2), f_quote, left, y, w)
            painter.setPen(ink)
    counts = result["journey"]
    stages = len(result["stages"])
    summary = t.gettext("Date") + f": {date} · " + ", ".join((
        t.ngettext("{n} touchpoint", "{n} touchpoints", counts["cards"]).format(n=t.number(counts["cards"])),
        t.ngettext("{n} stage", "{n} stages", stages).format(n=t.number(stages)),
        t.ngettext("{n} connection", "{n} connections", counts["connections"]).format(
            n=t.number(counts["connections"])),
    ))
    y += 2 * pt + draw_lines(painter, wrap_text(summary, f_body, w, 2), f_body, left, y + 2 * pt, w)
    painter.fillRect(QRectF(body.left(), top, 6 * pt, y - top), QColor(ACCENT))

    # -- key figures: one tile each --------------------------------------------------------------
    y += 24 * pt
    gap = 8 * pt
    tile_w = (body.width() - gap * (len(figures) - 1)) / max(1, len(figures))
    tile_h = 70 * pt
    f_label, f_value, f_detail = font(8.5, bold=True), font(20, bold=True), font(7.5)
    for i, (label, value, detail) in enumerate(figures):
        x = body.left() + i * (tile_w + gap)
        painter.setPen(QPen(style.CELL_BORDER, 0.8 * pt))
        painter.setBrush(style.CELL_FILL)
        painter.drawRoundedRect(QRectF(x, y, tile_w, tile_h), 4 * pt, 4 * pt)
        inner = tile_w - 16 * pt
        painter.setPen(muted)
        ty = y + 7 * pt
        ty += draw_lines(painter, wrap_text(label, f_label, inner, 1), f_label, x + 8 * pt, ty, inner)
        painter.setPen(ink)
        ty += draw_lines(painter, wrap_text(value, f_value, inner, 1), f_value, x + 8 * pt, ty, inner)
        painter.setPen(muted)
        lines = [line for part in detail.split("\n") for line in wrap_text(part, f_detail, inner, 2)]
        draw_lines(painter, lines[:3], f_detail, x + 8 * pt, ty, inner)
    painter.setBrush(QColor(0, 0, 0, 0))
    y += tile_h + 18 * pt

    # -- the three most severe findings, and the curve beside them -------------------------------
    col = body.width() * 0.52
    f_head = font(11, bold=True)
    painter.setPen(ink)
    draw_lines(painter, [t.gettext("Most severe findings")], f_head, body.left(), y, col)
    curve_x = body.left() + col + 24 * pt
    curve_w = body.right() - curve_x
    draw_lines(painter, [t.gettext("Emotion curve")], f_head, curve_x, y, curve_w)
    y += 20 * pt
    bottom = body.bottom()
    fy = y
    f_find, f_tag = font(9.5), font(7.5, bold=True)
    if not findings:
        painter.setPen(muted)
        no = t.gettext("No findings: the journey has no obvious breaks.")
        draw_lines(painter, wrap_text(no, f_find, col, 2), f_find, body.left(), fy, col)
    per = (bottom - fy) / max(1, len(findings))
    for n, (severity, word, text) in enumerate(findings):
        painter.setPen(QColor(SEVERITY_COLOURS.get(severity, "#52606d")))
        tag = f"{n + 1}  {word.upper()}"
        draw_lines(painter, [tag], f_tag, body.left(), fy, col)
        painter.setPen(ink)
        lines = max(1, int((per - 14 * pt) // (f_find.pointSizeF() * 1.3 * pt)))
        used = draw_lines(painter, wrap_text(text, f_find, col, min(4, lines)), f_find, body.left(),
                          fy + 11 * pt, col)
        fy += 11 * pt + used + 9 * pt
    # The plot as tall as before a key of numbered stages came under it; the key takes the room below.
    tallest = min(bottom - y, CURVE_H * pt) - (22 + 4) * pt
    paint_emotion_curve(painter, QRectF(curve_x, y, curve_w, bottom - y), pt, result, lang, tallest)


__all__ = ["paint_cover", "paint_emotion_curve"]
