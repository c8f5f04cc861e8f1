"""A card is drawn in three runs of painter state: its bordered body, its fills without a pen, its strokes and texts.

Each change between a pen and none costs the PDF writer a restored graphics state (and writes
the fill's path in page coordinates), and each change of pen, brush or font costs the SVG
generator a state group: a map of a thousand cards is some 12,000 groups. These tests hold the
card to that order, and to the picture it stands for where its drawing was made cheaper: the
band inside the border, the pain badge's "!" as one stroke, texts drawn from their baseline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QStyleOptionGraphicsItem
from svgpaint import svg_bytes

import cxdesigner
from cxdesigner.canvas import items, render, style
from cxdesigner.canvas.scene import JourneyScene
from cxdesigner.model import Touchpoint

_GROUP = re.compile(rb"<g ([^>]*)>((?:(?!<g ).)*?)</g>", re.S)  # innermost groups: the states


@contextmanager
def _card() -> Iterator[tuple[JourneyScene, Touchpoint]]:
    """A card of the hotel map in print mode with a channel, a score, pain points and opportunities (no votes,
    links or sub-journey, which would add badges)."""
    doc = cxdesigner.new_project(None, template="hotel")
    try:
        project = doc.project
        journey = project.journeys()[0]
        tp = next(t for t in project.touchpoints(journey.id) if not project.shown_votes(t.id)
                  and not project.card_opportunity_links(t.id) and not t.sub_journey)  # fmt: skip
        doc.update_touchpoint(tp.id, channel="web", emotion=-2, pain_points=["slow", "rude"],
                              opportunities=["call back"], moment_of_truth=False)  # fmt: skip
        scene = render.render_journey(project, journey.id, "en")
        yield scene, project.tables["touchpoint"][tp.id]
    finally:
        doc.close()


def _paint_card(scene: JourneyScene, tp_id: str, painter: QPainter) -> None:
    item = scene.card_item(tp_id)
    assert item is not None
    item.paint(painter, QStyleOptionGraphicsItem(), None)


def _attrs(group: bytes) -> dict[str, str]:
    return {k.decode(): v.decode() for k, v in re.findall(rb'([\w-]+)="([^"]*)"', group)}


def test_a_card_is_its_bordered_body_then_its_fills_then_its_strokes_and_texts(qapp):
    with _card() as (scene, tp):
        svg = svg_bytes(QSize(240, 160), lambda p: _paint_card(scene, tp.id, p))
    groups = [(_attrs(head), body) for head, body in _GROUP.findall(svg) if body.strip()]
    c = style.LIGHT
    # The body filled and bordered in one element.
    (body_attrs, body), *rest = groups
    assert body_attrs["fill"] == c.card.name() and body_attrs["stroke"] == c.card_border.name()
    assert body.count(b"<path") == 1
    # Then every fill without a pen (band and chip, the two badges' symbols, the channel tile) ...
    fills = [attrs for attrs, _ in rest if attrs["stroke"] == "none"]
    assert len(fills) == 4
    assert [attrs for attrs, _ in rest[: len(fills)]] == fills
    assert fills[0]["fill"] == style.emotion_colour(-2).name()
    # ... and after them only strokes and texts: the glyph's lines, the chip's number, the channel, the
    # title, the "!" and the two counts. Twelve groups in all, where the card was fifteen.
    strokes = rest[len(fills) :]
    assert all(attrs["stroke"] != "none" for attrs, _ in strokes)
    assert len(groups) == 12
    # The "!" is one stroked path: its bar and the round-capped stub of its dot, no disc in a state of its own.
    marks = [body for attrs, body in strokes if (attrs["stroke"], attrs["stroke-width"]) == (c.pain_mark.name(), "1.4")]
    assert len(marks) == 1 and marks[0].count(b"<path") == 1 and marks[0].count(b"M") == 2
    assert b"<circle" not in marks[0] and b"<ellipse" not in marks[0]


def test_the_band_fills_the_card_up_to_its_border_and_never_over_it(qapp):
    """At 8× the border is 8 pixels wide: its inner half keeps the border's colour, the band starts beside it."""
    with _card() as (scene, tp):
        item = scene.card_item(tp.id)
        r = item.card_rect()
        image = QImage(int(r.width() * 8) + 80, int(r.height() * 8) + 80, QImage.Format.Format_ARGB32)
        image.fill(style.PAPER)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.translate(40, 40)
        painter.scale(8, 8)
        _paint_card(scene, tp.id, painter)
        painter.end()
        mid = 40 + int(r.height() * 4)
        assert image.pixelColor(40 + 2, mid).rgb() == style.LIGHT.card_border.rgb()  # the border's inner half
        assert image.pixelColor(40 + 12, mid).rgb() == style.emotion_colour(-2).rgb()  # the band
        assert image.pixelColor(40 + 60, mid).rgb() == style.LIGHT.card.rgb()  # the body


@pytest.mark.parametrize("scale", [1.0, 1.5625, 2.0, 3.125])
def test_the_pain_mark_is_the_bar_and_point_it_was_on_a_raster(qapp, scale):
    """The "!" was a line and a point of a round-capped pen; it is one path now, with the very stub the raster
    engine strokes for a point: the same pixels (an SVG and a PDF write it without a state of its own)."""
    fm = style.Fonts().metrics(style.Fonts().badge)

    def image(paint) -> bytes:  # type: ignore[no-untyped-def]
        img = QImage(int(60 * scale), int(30 * scale), QImage.Format.Format_ARGB32)
        img.fill(style.PAPER)
        painter = QPainter(img)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.scale(scale, scale)
        painter.setPen(Qt.PenStyle.NoPen)
        items.badge_symbol(painter, "pain", 4, 6, 16.0)
        paint(painter)
        painter.end()
        return bytes(img.constBits())

    def before(painter: QPainter) -> None:
        cx, cy = 4 + 12 / 2 + 1, 6 + 8
        painter.setPen(QPen(style.LIGHT.pain_mark, 1.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(QPointF(cx, cy - 1.5), QPointF(cx, cy + 2))
        painter.drawPoint(QPointF(cx, cy + 4.2))

    assert image(lambda p: items.badge_count(p, "pain", "", 4, 6, 16.0, fm)) == image(before)


@pytest.mark.parametrize("font", ["chip", "meta", "badge", "title"])
def test_text_drawn_from_its_baseline_is_where_the_rectangle_put_it(qapp, font):
    """The channel name, the step and the emotion number are drawn from a point now (laid out once, not per
    card): at exactly the place drawText with a rectangle and a vertical (or full) centring gave them."""
    fonts = style.Fonts()
    f = getattr(fonts, font)
    fm = fonts.metrics(f)
    texts = ["−3", "+2", "0", "E-commerce / web", "Teléfono", "App"]
    rects = [QRectF(x, y, w, h) for x, y in ((0, 0), (11, 7), (34.5, 7.3), (139, 1605.25), (0.3, 23.9))
             for w, h in ((28, 18), (176, 18), (28, 15), (40, 16.5))]  # fmt: skip

    def draw(centred: bool, from_point: bool):  # type: ignore[no-untyped-def]
        def paint(painter: QPainter) -> None:
            painter.setFont(f)
            for r in rects:
                for text in texts:
                    if not from_point:
                        flags = Qt.AlignmentFlag.AlignCenter if centred else Qt.AlignmentFlag.AlignVCenter
                        painter.drawText(r, flags, text)
                        continue
                    x = items._fixed(r.x() + (r.width() - fm.horizontalAdvance(text)) / 2) if centred else r.x()
                    painter.drawText(QPointF(x, items._baseline(fm, r.y(), r.height())), text)

        return re.findall(rb"<text [^>]*>[^<]*</text>", svg_bytes(QSize(400, 1700), paint))

    for centred in (False, True):
        from_rect = draw(centred, False)
        assert len(from_rect) == len(texts) * len(rects)
        assert draw(centred, True) == from_rect


def test_the_key_draws_the_badges_as_the_cards_do(qapp):
    """paint_badge (the map's key) is a card's badge symbol and count, whatever pen the painter had."""
    fonts = style.Fonts()
    fm = fonts.metrics(fonts.badge)

    def image(paint) -> bytes:  # type: ignore[no-untyped-def]
        img = QImage(300, 30, QImage.Format.Format_ARGB32)
        img.fill(style.PAPER)
        painter = QPainter(img)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(QColor("#d00000"), 3))  # left by whatever was drawn before
        painter.setFont(fonts.badge)
        paint(painter)
        painter.end()
        return bytes(img.constBits())

    kinds = [("pain", "2"), ("opportunity", "1"), ("moment", ""), ("votes", "7"), ("linked", "3")]

    def key(painter: QPainter) -> None:
        for i, (kind, text) in enumerate(kinds):
            items.paint_badge(painter, kind, text, 4 + 50 * i, 6, 16.0, fm)

    def card(painter: QPainter) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        for i, (kind, _text) in enumerate(kinds):
            items.badge_symbol(painter, kind, 4 + 50 * i, 6, 16.0)
        for i, (kind, text) in enumerate(kinds):
            items.badge_count(painter, kind, text, 4 + 50 * i, 6, 16.0, fm)

    assert image(key) == image(card)
