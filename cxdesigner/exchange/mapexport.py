"""Map export to PNG, SVG and PDF (vector, one page or A4/A3 tiles): the canvas scene drawn offscreen.

Everything is produced in memory and written by the one checked writer (storage.atomic).
"""

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
TILE_FOOTER_PT = 14.0


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


def journey_map(project: Project, journey_id: str, options: MapOptions):  # type: ignore[no-untyped-def]
    """The map to draw: the canvas's own scene of the journey, in print mode (canvas.render).

    A selection (``options.touchpoint_ids``) is a map of its own: the chosen cards, the stages
    and lanes they sit in (in the journey's order), the connections between them and their
    emotion curve, laid out afresh, with "Selected touchpoints" in the title. Someone exporting
    three cards for a slide wants those cards readable under their headers, not a crop of the
    whole map full of empty cells and cut-off arrows.
    """
    ensure_gui()
    from ..canvas.render import render_journey

    ids = None
    if options.touchpoint_ids is not None:
        mine = {tp.id for tp in project.touchpoints(journey_id)}
        ids = [i for i in options.touchpoint_ids if i in mine]
        if not ids:
            raise ValidationError("No touchpoints are selected: select some cards or export the whole journey")
    return render_journey(project, journey_id, options.lang, cards=ids, title_block=options.title_block)


def _journey_name(scene) -> str:  # type: ignore[no-untyped-def]
    journey = scene.journey()
    return journey.name if journey is not None else ""


def render_image(scene, dpi: int = 150, transparent: bool = False, max_side: int = MAX_SIDE):  # type: ignore[no-untyped-def]
    """The map as a QImage at ``dpi``, scaled down to ``max_side`` with a warning when larger."""
    from ..canvas import render, style

    rect = scene.full_rect()
    w, h = rect.width(), rect.height()
    base = style.scene_dpi()  # one scene unit is one pixel at this resolution
    scale = dpi / base
    warnings = []
    longest = max(w, h) * scale
    if longest > max_side:
        new_scale = max_side / max(w, h)
        warnings.append(
            f"the map would be {math.ceil(longest):,} pixels on its longest side; it was scaled to "
            f"{max_side:,} pixels ({new_scale * base:.0f} dpi instead of {dpi}) so viewers can open it"
        )
        scale = new_scale
    try:
        img = render.render_image(scene, scale, None if transparent else style.PAPER)
    except MemoryError:
        raise ValidationError("There is not enough memory for an image this large; choose a lower resolution") from None
    render.set_dpi(img, scale * base)  # the file says its real resolution
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
    from ..canvas.style import scene_dpi

    scene = journey_map(project, journey_id, MapOptions(lang=project.info.lang))
    rect = scene.full_rect()
    img, _ = render_image(scene, dpi=max(1, int(scene_dpi() * max_side / max(rect.width(), rect.height()))),
                          max_side=max_side)  # fmt: skip
    return _image_bytes(img)


def svg_bytes(project: Project, journey_id: str, options: MapOptions | None = None) -> bytes:
    """SVG with text kept as text (searchable, editable in Inkscape or Illustrator).

    The user units are scene units; the drawing's size in millimetres is the map's at 100 %.
    """
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    from ..canvas import render, style
    from .common import xml_safe

    options = options or MapOptions()
    scene = journey_map(project, journey_id, options)
    rect = scene.full_rect()
    w, h = rect.width(), rect.height()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    gen.setResolution(style.scene_dpi())
    gen.setSize(QSize(math.ceil(w), math.ceil(h)))
    gen.setViewBox(QRectF(0, 0, w, h))
    gen.setTitle(_xml_text(_journey_name(scene)))
    gen.setDescription(_xml_text(f"{project.info.name} — CX Designer"))
    painter = QPainter(gen)
    try:
        render.paint_map(scene, painter, None if options.transparent else style.PAPER)
    finally:
        painter.end()
    buf.close()
    # QSvgGenerator escapes markup but copies control characters (NUL, ESC…) from titles into
    # the text as they are, which no XML reader accepts; nothing else in the file can hold them.
    return xml_safe(bytes(data.data()).decode("utf-8", errors="replace")).encode("utf-8")


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
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

    from ..canvas import render, style

    options = options or MapOptions()
    scene = journey_map(project, journey_id, options)
    rect = scene.full_rect()
    w, h = rect.width(), rect.height()
    dpi = style.scene_dpi()
    points = 72.0 / dpi  # one scene unit in points
    background = None if options.transparent else style.PAPER
    name = _journey_name(scene)
    warnings: list[str] = []
    writer = QPdfWriter(device)
    writer.setResolution(dpi)  # one device unit = one scene unit, so text fits as laid out
    writer.setCreator("CX Designer")
    writer.setTitle(_xml_text(f"{name} — {project.info.name}"))
    if options.paper == "fit":
        scale = 1.0
        if max(w, h) * points > MAX_PDF_PAGE:
            scale = MAX_PDF_PAGE / (max(w, h) * points)
            warnings.append(f"the map is larger than a PDF page can be; it was scaled to {scale:.0%}")
        size = QPageSize(
            QSizeF(w * points * scale, h * points * scale),
            QPageSize.Unit.Point,
            "Map",
            QPageSize.SizeMatchPolicy.ExactMatch,
        )
        writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
        painter = QPainter(writer)
        try:
            painter.scale(scale, scale)
            render.paint_map(scene, painter, background)
        finally:
            painter.end()
        return warnings
    if options.paper not in PAPER_MM:
        raise ValidationError(f"Unknown paper '{options.paper}': use fit, a4 or a3")
    pw_mm, ph_mm = PAPER_MM[options.paper]
    unit = dpi / 25.4  # device units per millimetre
    page_w, page_h = pw_mm * unit, ph_mm * unit
    margin = TILE_MARGIN_MM * unit
    footer = TILE_FOOTER_PT / points
    avail_w, avail_h = page_w - 2 * margin, page_h - 2 * margin - footer
    # The map at 100 %, cut into as many pages as it needs, left to right and top to bottom.
    cols = max(1, math.ceil(w / avail_w))
    rows = max(1, math.ceil(h / avail_h))
    size = QPageSize(
        QSizeF(pw_mm, ph_mm), QPageSize.Unit.Millimeter, options.paper.upper(), QPageSize.SizeMatchPolicy.ExactMatch
    )
    writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
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
                render.paint_map(scene, painter, background, clip=QRectF(c * avail_w, r * avail_h, avail_w, avail_h))
                painter.restore()
                painter.setPen(style.MUTED_INK)
                painter.setFont(style.font(7))
                note = f"{name[:120]} — {n}/{rows * cols} (row {r + 1}, column {c + 1})"
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
