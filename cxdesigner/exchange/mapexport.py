"""Map export to PNG, SVG and PDF (vector, one page or A4/A3 tiles), drawn offscreen with QPainter."""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Project, ValidationError
from ..storage import atomic

MAX_SIDE = 16_000  # pixels: beyond this many viewers refuse to open an image
MAX_PDF_PAGE = 14_400.0  # points (200 inches): the largest page PDF readers accept
PAPER_MM = {"a4": (297.0, 210.0), "a3": (420.0, 297.0)}  # landscape
TILE_MARGIN_MM = 10.0


@dataclass
class MapOptions:
    """How to export: resolution and background for PNG, paper for PDF, language, which cards."""

    dpi: int = 150
    transparent: bool = False
    paper: str = "fit"  # fit, a4 or a3
    lang: str = "en"
    touchpoint_ids: Iterable[str] | None = None  # None: the whole journey
    title_block: bool = True


def ensure_gui() -> None:
    """A Qt application for fonts and painting; offscreen when the process has none yet.

    A QApplication (not just QGuiApplication) because the canvas's scene is a QGraphicsScene.
    """
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        # Kept on the module so it lives as long as the process.
        _APP.append(QApplication(["cxdesigner"]))


_APP: list[object] = []


class SceneDrawing:
    """The canvas's own export scene, plus a footer with the emotion legend and the date."""

    FOOTER_H = 52.0

    def __init__(self, scene, project: Project, journey_id: str, lang: str) -> None:  # type: ignore[no-untyped-def]
        import time

        self.scene = scene
        self.project = project
        self.journey = project.get("journey", journey_id)
        self.lang = lang
        self.date = time.strftime("%Y-%m-%d")
        self.source = scene.full_rect()

    @property
    def size(self) -> tuple[float, float]:
        return max(self.source.width(), 560.0), self.source.height() + self.FOOTER_H

    def paint(self, painter, background=None, clip=None) -> None:  # type: ignore[no-untyped-def]
        """Draw at the origin; ``clip`` (drawing coordinates) limits it to one tile of a tiled PDF."""
        from PySide6.QtCore import QRectF

        from .maprender import paint_legend

        w, h = self.size
        whole = QRectF(0, 0, w, h)
        clip = whole if clip is None else clip.intersected(whole)
        painter.save()
        painter.setClipRect(clip)
        if background is not None:
            painter.fillRect(clip, background)
        # scene.render() draws its whole source rectangle; give it only the part inside the tile.
        area = QRectF(0, 0, self.source.width(), self.source.height()).intersected(clip)
        if not area.isEmpty():
            src = area.translated(self.source.topLeft())
            brush = self.scene.backgroundBrush()
            if background is None:  # a transparent export: the scene's own paper must not show
                from PySide6.QtCore import Qt

                self.scene.setBackgroundBrush(Qt.BrushStyle.NoBrush)
            try:
                self.scene.render(painter, area, src)
            finally:
                self.scene.setBackgroundBrush(brush)
        paint_legend(painter, 12.0, self.source.height() + 10, self.lang, self.date, emotion_only=True)
        painter.restore()


def journey_map(project: Project, journey_id: str, options: MapOptions):  # type: ignore[no-untyped-def]
    """What to draw: the canvas's export scene for a whole journey, the print layout for a selection.

    The print layout (maprender) also stands in when the canvas cannot be loaded.
    """
    ensure_gui()
    from .maprender import JourneyMap

    ids = list(options.touchpoint_ids) if options.touchpoint_ids is not None else None
    if ids is not None and not ids:
        raise ValidationError("No touchpoints are selected: select some cards or export the whole journey")
    if ids is None and options.title_block and _canvas_render() is not None:
        scene = _canvas_render()(project, journey_id, options.lang)  # type: ignore[misc]
        return SceneDrawing(scene, project, journey_id, options.lang)
    return JourneyMap(project, journey_id, options.lang, ids, title_block=options.title_block)


def _canvas_render():  # type: ignore[no-untyped-def]
    try:
        from ..canvas.render import render_journey
    except ImportError:
        return None
    return render_journey


def render_image(jmap, dpi: int = 150, transparent: bool = False, max_side: int = MAX_SIDE):  # type: ignore[no-untyped-def]
    """The map as a QImage at ``dpi``, scaled down to ``max_side`` with a warning when larger."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QColor, QImage, QPainter

    w, h = jmap.size
    scale = dpi / 72.0
    warnings = []
    longest = max(w, h) * scale
    if longest > max_side:
        new_scale = max_side / max(w, h)
        warnings.append(
            f"the map would be {math.ceil(longest):,} pixels on its longest side; it was scaled to "
            f"{max_side:,} pixels ({new_scale * 72:.0f} dpi instead of {dpi}) so viewers can open it"
        )
        scale = new_scale
    img = QImage(max(1, math.ceil(w * scale)), max(1, math.ceil(h * scale)), QImage.Format.Format_ARGB32_Premultiplied)
    if img.isNull():
        raise ValidationError("There is not enough memory for an image this large; choose a lower resolution")
    # Lay out at 72 dpi (points) and scale the painter; the file then says its real resolution.
    img.setDotsPerMeterX(round(72 / 0.0254))
    img.setDotsPerMeterY(round(72 / 0.0254))
    img.fill(QColor(0, 0, 0, 0) if transparent else QColor("#ffffff"))
    painter = QPainter(img)
    try:
        if scale >= 1:
            painter.scale(scale, scale)
        else:
            # Below 100 % scale through window/viewport: the canvas hides card text when the
            # world transform zooms out, and an export is not a zoomed-out view.
            painter.setViewport(QRect(0, 0, img.width(), img.height()))
            painter.setWindow(QRect(0, 0, math.ceil(w), math.ceil(h)))
        jmap.paint(painter, None if transparent else QColor("#ffffff"))
    finally:
        painter.end()
    real_dpi = scale * 72
    img.setDotsPerMeterX(round(real_dpi / 0.0254))
    img.setDotsPerMeterY(round(real_dpi / 0.0254))
    return img, warnings


def _image_bytes(img, fmt: str = "PNG") -> bytes:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not img.save(buf, fmt):
        raise ValidationError(f"The image could not be encoded as {fmt}")
    buf.close()
    return bytes(data.data())


def png_bytes(project: Project, journey_id: str, options: MapOptions | None = None) -> tuple[bytes, list[str]]:
    options = options or MapOptions()
    img, warnings = render_image(journey_map(project, journey_id, options), options.dpi, options.transparent)
    return _image_bytes(img), warnings


def preview_png(project: Project, journey_id: str, max_side: int = 640) -> bytes:
    """A small picture of the journey for "Share a copy"."""
    jmap = journey_map(project, journey_id, MapOptions(lang=project.info.lang))
    w, h = jmap.size
    img, _ = render_image(jmap, dpi=max(1, int(72 * max_side / max(w, h))), max_side=max_side)
    return _image_bytes(img)


def svg_bytes(project: Project, journey_id: str, options: MapOptions | None = None) -> bytes:
    """SVG with text kept as text (searchable, editable in Inkscape or Illustrator)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtSvg import QSvgGenerator

    options = options or MapOptions()
    jmap = journey_map(project, journey_id, options)
    w, h = jmap.size
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    gen.setResolution(72)
    gen.setSize(QSize(math.ceil(w), math.ceil(h)))
    gen.setViewBox(QRectF(0, 0, w, h))
    gen.setTitle(_xml_text(jmap.journey.name))
    gen.setDescription(_xml_text(f"{project.info.name} — CX Designer"))
    painter = QPainter(gen)
    try:
        jmap.paint(painter, None if options.transparent else QColor("#ffffff"))
    finally:
        painter.end()
    buf.close()
    return bytes(data.data())


def _xml_text(text: str) -> str:
    from .common import xml_safe

    return xml_safe(text)[:500]


def write_pdf(project: Project, journey_id: str, path: Path | str, options: MapOptions | None = None) -> list[str]:
    """A vector PDF with fonts embedded: one page the size of the map, or tiles on A4/A3 landscape."""
    data, warnings = pdf_bytes(project, journey_id, options)
    atomic.write_bytes(path, data)
    return warnings


def pdf_bytes(project: Project, journey_id: str, options: MapOptions | None = None) -> tuple[bytes, list[str]]:
    """The PDF in memory: written to disk by the one checked writer (QPdfWriter hides a full disk)."""
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    warnings = _paint_pdf(project, journey_id, buffer, options)
    buffer.close()
    return bytes(buffer.data().data()), warnings


def _paint_pdf(project: Project, journey_id: str, device: Any, options: MapOptions | None) -> list[str]:
    from PySide6.QtCore import QMarginsF, QRectF, QSizeF
    from PySide6.QtGui import QColor, QPageLayout, QPageSize, QPainter, QPdfWriter

    options = options or MapOptions()
    jmap = journey_map(project, journey_id, options)
    w, h = jmap.size
    warnings: list[str] = []
    writer = QPdfWriter(device)
    writer.setResolution(72)  # one unit = one point, like the layout
    writer.setCreator("CX Designer")
    writer.setTitle(_xml_text(f"{jmap.journey.name} — {project.info.name}"))
    if options.paper == "fit":
        scale = 1.0
        if max(w, h) > MAX_PDF_PAGE:
            scale = MAX_PDF_PAGE / max(w, h)
            warnings.append(f"the map is larger than a PDF page can be; it was scaled to {scale:.0%}")
        size = QPageSize(
            QSizeF(w * scale, h * scale), QPageSize.Unit.Point, "Map", QPageSize.SizeMatchPolicy.ExactMatch
        )
        writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
        painter = QPainter(writer)
        try:
            painter.scale(scale, scale)
            jmap.paint(painter, None if options.transparent else QColor("#ffffff"))
        finally:
            painter.end()
        return warnings
    if options.paper not in PAPER_MM:
        raise ValidationError(f"Unknown paper '{options.paper}': use fit, a4 or a3")
    pw_mm, ph_mm = PAPER_MM[options.paper]
    pt = 72 / 25.4
    page_w, page_h = pw_mm * pt, ph_mm * pt
    margin = TILE_MARGIN_MM * pt
    footer = 14.0
    avail_w, avail_h = page_w - 2 * margin, page_h - 2 * margin - footer
    # Fit the height on one row of pages when the map is short enough; otherwise keep it at 100%.
    cols = max(1, math.ceil(w / avail_w))
    rows = max(1, math.ceil(h / avail_h))
    size = QPageSize(
        QSizeF(page_w, page_h), QPageSize.Unit.Point, options.paper.upper(), QPageSize.SizeMatchPolicy.ExactMatch
    )
    writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    from .maprender import MUTED, make_font

    painter = QPainter(writer)
    try:
        n = 0
        for r in range(rows):
            for c in range(cols):
                if n:
                    writer.newPage()
                n += 1
                painter.save()
                painter.translate(margin - c * avail_w, margin - r * avail_h)
                tile = QRectF(c * avail_w, r * avail_h, avail_w, avail_h)
                jmap.paint(painter, None if options.transparent else QColor("#ffffff"), clip=tile)
                painter.restore()
                painter.setPen(MUTED)
                painter.setFont(make_font(7))
                note = f"{jmap.journey.name[:120]} — {n}/{rows * cols} (row {r + 1}, column {c + 1})"
                painter.drawText(QRectF(margin, page_h - margin - footer + 4, avail_w, footer), 0, note)
    finally:
        painter.end()
    return warnings


def export_map(
    project: Project, journey_id: str, path: Path | str, fmt: str, options: MapOptions | None = None
) -> list[str]:
    """Write the map as ``fmt`` (png, svg or pdf) to ``path``; returns warnings to show the user."""
    options = options or MapOptions()
    if fmt == "png":
        data, warnings = png_bytes(project, journey_id, options)
    elif fmt == "svg":
        data, warnings = svg_bytes(project, journey_id, options), []
    elif fmt == "pdf":
        data, warnings = pdf_bytes(project, journey_id, options)
    else:
        raise ValidationError(f"Unknown map format '{fmt}': use png, svg or pdf")
    atomic.write_bytes(path, data)
    return warnings


__all__ = [
    "MAX_SIDE",
    "MapOptions",
    "ensure_gui",
    "export_map",
    "journey_map",
    "pdf_bytes",
    "png_bytes",
    "preview_png",
    "render_image",
    "svg_bytes",
    "write_pdf",
]
