"""Offscreen rendering of a journey for PNG/SVG/PDF export: no selection marks, whole titles."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from ..model import Project
from .scene import JourneyScene


def render_journey(doc: Any, journey_id: str, lang: str | None = None) -> JourneyScene:
    """A scene of ``journey_id`` in export mode; ``scene.full_rect()`` is the area to print.

    ``doc`` is a Document or a Project. The scene does not follow later changes; a
    QApplication (offscreen is fine) must exist.
    """
    project: Project = doc.project if hasattr(doc, "project") else doc
    lang = lang or project.info.lang
    scene = JourneyScene(project, lang=lang, export_mode=True, follow=False)
    scene.set_journey(journey_id)
    return scene


def journey_rect(scene: JourneyScene) -> QRectF:
    """The scene's full bounding rectangle (the whole map, margins included)."""
    return scene.full_rect()


def render_image(scene: JourneyScene, scale: float = 1.0, background: QColor | None = None) -> QImage:
    """The whole map as an image at ``scale`` (1.0 = 100 %)."""
    rect = scene.full_rect()
    w, h = max(1, round(rect.width() * scale)), max(1, round(rect.height() * scale))
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(background or QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    scene.render(painter, QRectF(0, 0, w, h), rect, Qt.AspectRatioMode.KeepAspectRatio)
    painter.end()
    return image
