"""The drawings cards share (channel glyph, emotion chip, badges) are recorded once and played back exactly.

A played-back drawing must be the picture drawing it afresh makes, on every device, and a card
that changes must show its change at the next paint: the recording is looked up by everything
it depends on, never by the card.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem
from svgpaint import svg_bytes

import cxdesigner
from cxdesigner.canvas import items, style
from cxdesigner.canvas.scene import JourneyScene
from cxdesigner.document import Document
from cxdesigner.model import Touchpoint

_KEYS = [*style.CHANNEL_COLOURS, "my_own_channel"]


def _glyphs(painter: QPainter, fonts: style.Fonts, recorded: bool) -> None:
    for i, key in enumerate(_KEYS):
        tile = QRectF(4 + 22 * i, 4, 18, 18)
        if recorded:
            style.draw_channel_glyph(painter, tile, key, "Kiosk", fonts)
        else:
            style._draw_channel_glyph(painter, tile, key, "Kiosk" if key not in style._SYMBOLS else "", fonts)
    for i, value in enumerate([None, -3, -2, -1, 0, 1, 2, 3]):
        chip = QRectF(4 + 32 * i, 30, 28, 18)
        if recorded:
            items.paint_emotion_chip(painter, chip, value, fonts)
        else:
            items._paint_emotion_chip(painter, chip, value, fonts)
    painter.setFont(fonts.badge)
    fm = fonts.metrics(fonts.badge)
    for i, (kind, text) in enumerate([("pain", "2"), ("opportunity", "1"), ("moment", ""), ("votes", "7"),
                                      ("linked", "3"), ("sub", ""), ("sub_broken", "")]):  # fmt: skip
        if recorded:  # as a card draws it: the symbol among its fills (without a pen), then the count
            painter.setPen(Qt.PenStyle.NoPen)
            items._shared_badge_symbol(painter, fonts, kind, 4 + 40 * i, 54, style.LIGHT)
            items._shared_badge_count(fonts, kind, text, 4 + 40 * i, 54, style.LIGHT).play(painter)
        else:
            items.paint_badge(painter, kind, text, 4 + 40 * i, 54, items.CardMetrics.badge_h, fm, style.LIGHT)


def _png(fonts: style.Fonts, recorded: bool, times: int, scale: float = 1.0) -> bytes:
    image = QImage(int(400 * scale) + 1, int(80 * scale) + 1, QImage.Format.Format_ARGB32)
    image.fill(style.PAPER)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.scale(scale, scale)  # exports draw at any resolution: the raster engine must agree at each
    for _ in range(times):
        _glyphs(painter, fonts, recorded)
    painter.end()
    return bytes(image.constBits())


def _svg(fonts: style.Fonts, recorded: bool, times: int) -> bytes:
    def paint(painter: QPainter) -> None:
        for _ in range(times):
            _glyphs(painter, fonts, recorded)

    return svg_bytes(QSize(400, 80), paint, view_box=False)


def test_played_back_drawings_are_the_drawings_made_afresh(qapp):
    fonts = style.Fonts()
    # Twice: the first pass records, the second plays the recordings back.
    for scale in (1.0, 0.75, 1.5625, 3.125):
        assert _png(fonts, True, 2, scale) == _png(style.Fonts(), False, 2, scale), scale
    assert _svg(fonts, True, 2) == _svg(style.Fonts(), False, 2)
    assert any(key[0] == "glyph" for key in fonts.drawings)


def test_a_recording_keeps_its_arguments_not_the_callers_objects(qapp):
    rect = QRectF(0, 0, 10, 10)
    drawing = style.Drawing.record(lambda p: p.drawRect(rect))
    rect.setWidth(500)  # the caller reuses its rectangle
    (method, args), = drawing.calls
    assert method is QPainter.drawRect and args == (QRectF(0, 0, 10, 10),)


def _card_image(scene: JourneyScene, tp_id: str) -> tuple[QImage, QRectF]:
    """The card painted alone on paper, and the rectangle of the item the image covers."""
    item = scene.card_item(tp_id)
    assert item is not None
    r = item.boundingRect()
    image = QImage(int(r.width()) + 1, int(r.height()) + 1, QImage.Format.Format_ARGB32)
    image.fill(style.PAPER)
    painter = QPainter(image)
    painter.translate(-r.x(), -r.y())
    item.paint(painter, QStyleOptionGraphicsItem(), None)
    painter.end()
    return image, r


def _card_pixels(scene: JourneyScene, tp_id: str) -> bytes:
    image = _card_image(scene, tp_id)[0]
    return bytes(image.constBits())  # while the image lives: the view does not keep it


@contextmanager
def _hotel_card() -> Iterator[tuple[Document, JourneyScene, Touchpoint]]:
    """The hotel template's map in a scene that follows its document, and the journey's first card."""
    doc = cxdesigner.new_project(None, template="hotel")
    try:
        journey = doc.project.journeys()[0]
        scene = JourneyScene(doc.project, "en")
        scene.set_journey(journey.id)
        yield doc, scene, doc.project.touchpoints(journey.id)[0]
    finally:
        doc.close()


def test_an_edited_card_shows_its_edit_at_the_next_paint(qapp):
    with _hotel_card() as (doc, scene, first):
        before = _card_pixels(scene, first.id)
        assert _card_pixels(scene, first.id) == before  # painted again from the recordings
        other_channel = next(k for k in style.CHANNEL_COLOURS if k != first.channel)
        other_emotion = 3 if first.emotion != 3 else -3
        for change in (
            {"channel": other_channel},
            {"emotion": other_emotion},
            {"pain_points": [*first.pain_points, "and one more"]},
            {"opportunities": []},
            {"moment_of_truth": not first.moment_of_truth},
        ):
            doc.update_touchpoint(first.id, **change)
            after = _card_pixels(scene, first.id)
            assert after != before, change
            # What a scene built afresh shows: nothing stale was played back.
            fresh = JourneyScene(doc.project, "en", follow=False)
            fresh.set_journey(first.journey_id)
            assert _card_pixels(fresh, first.id) == after, change
            before = after


def test_the_chip_is_filled_with_the_band_and_shows_the_score(qapp):
    """The card fills its emotion chip together with its band (one brush): the chip still shows the score's colour."""
    with _hotel_card() as (doc, scene, first):
        for value in (-3, 0, 2, None):
            doc.update_touchpoint(first.id, emotion=value)
            image, r = _card_image(scene, first.id)
            chip = scene.card_item(first.id)._chip_rect()
            # Left of the number, inside the pill: the chip's fill, or the card's colour without a score.
            at = chip.topLeft() + QPointF(5, chip.height() / 2) - r.topLeft()
            colour = image.pixelColor(int(at.x()), int(at.y()))
            expected = style.emotion_colour(value) if value is not None else scene.colours.card
            assert colour.rgb() == expected.rgb(), value
