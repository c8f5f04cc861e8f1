"""The map drawn offscreen for every picture of it (PNG, SVG, PDF, report, previews): the canvas scene in print mode."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from ..i18n import translation
from ..model import Project
from . import style
from .scene import JourneyScene, PrintMode


def render_journey(
    doc: Any,
    journey_id: str,
    lang: str | None = None,
    cards: Iterable[str] | None = None,
    title_block: bool = True,
    date: str | None = None,
) -> JourneyScene:
    """A scene of ``journey_id`` in print mode; ``scene.full_rect()`` is the area to print.

    ``doc`` is a Document or a Project. ``cards`` limits the map to those cards (see
    :class:`PrintMode`); ``date`` (today by default) is printed in the key. The scene does
    not follow later changes; a QApplication (offscreen is fine) must exist.
    """
    project: Project = doc.project if hasattr(doc, "project") else doc
    lang = lang or project.info.lang
    mode = PrintMode(
        cards=frozenset(cards) if cards is not None else None,
        title_block=title_block,
        date=date or translation(lang).date(dt.date.today()),
    )
    scene = JourneyScene(project, lang=lang, print_mode=mode, follow=False)
    scene.set_journey(journey_id)
    return scene


def journey_rect(scene: JourneyScene) -> QRectF:
    """The scene's full bounding rectangle (the whole map, margins and key included)."""
    return scene.full_rect()


def set_dpi(image: QImage, dpi: float) -> None:
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))


def paint_map(
    scene: JourneyScene, painter: QPainter, background: QColor | None = style.PAPER, clip: QRectF | None = None
) -> None:
    """Draw the whole map with its top-left at the painter's origin, one painter unit per scene unit.

    The painter's device must have the resolution the scene measured its text at
    (:func:`style.scene_dpi`): fonts are sized in points and resolve against the device, so on
    any other resolution every text would be bigger or smaller than the room it was given.
    Scale the painter to change the size. ``background`` None leaves the paper transparent;
    ``clip`` (map coordinates) draws only that part, for one tile of a tiled PDF.
    """
    device = painter.device()
    if device is not None and device.logicalDpiY() != style.scene_dpi():
        raise ValueError(f"the map is drawn at {style.scene_dpi()} dpi, not on a {device.logicalDpiY()} dpi device")
    source = scene.full_rect()
    whole = QRectF(0, 0, source.width(), source.height())
    area = whole if clip is None else clip.intersected(whole)
    if area.isEmpty():
        return
    brush = scene.backgroundBrush()
    scene.setBackgroundBrush(Qt.BrushStyle.NoBrush if background is None else background)
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setClipRect(area)
        # render() maps source onto target; the same size both ways keeps one unit per scene unit.
        scene.render(painter, area, area.translated(source.topLeft()), Qt.AspectRatioMode.IgnoreAspectRatio)
    finally:
        painter.restore()
        scene.setBackgroundBrush(brush)


def render_image(scene: JourneyScene, scale: float = 1.0, background: QColor | None = style.PAPER) -> QImage:
    """The whole map as an image at ``scale`` (1.0 = one pixel per scene unit, as on screen at 100 %).

    Raises MemoryError when an image that large cannot be made.
    """
    rect = scene.full_rect()
    w, h = max(1, math.ceil(rect.width() * scale)), max(1, math.ceil(rect.height() * scale))
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():
        raise MemoryError(f"no memory for a {w} × {h} image")
    set_dpi(image, style.scene_dpi())
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    try:
        painter.scale(scale, scale)
        paint_map(scene, painter, background)
    finally:
        painter.end()
    return image
