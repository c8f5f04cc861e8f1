"""Map export to PNG, SVG and PDF (vector, one page or A4/A3 tiles): the canvas scene drawn offscreen.

Everything is produced in memory and written by the one checked writer (storage.atomic).
"""

from __future__ import annotations

import math
import os
import threading
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from ..i18n import _, number
from ..layout.pages import PagePlan, plan_pages
from ..model import Project, ValidationError
from ..storage import atomic
from .common import Progress, quoted, shown_name

MAX_SIDE = 16_000  # pixels: beyond this many viewers refuse to open an image
PNG_QUALITY = 70  # Qt's PNG quality (zlib level): see _image_bytes
_PNG_LEVEL = (100 - PNG_QUALITY) * 9 // 91  # the zlib level Qt takes that quality for (qpnghandler.cpp)
# Pixels from which our PNG writer is used: below, Qt's takes less than 0.1 s, about what
# importing numpy takes in a process that has not yet (the command line's).
OUR_PNG_FROM = 4_000_000
MAX_PDF_PAGE = 14_400.0  # points (200 inches): the largest page PDF readers accept
MM = 72 / 25.4  # points per millimetre


class Sheet(NamedTuple):
    """A page to fit the map to: its size and margin in points (landscape)."""

    width: float
    height: float
    margin: float
    name: str


# Slides are PowerPoint's and Keynote's default sizes (13.33 × 7.5 in and 10 × 7.5 in).
SHEETS = {
    "a4": Sheet(297 * MM, 210 * MM, 10 * MM, "A4"),
    "a3": Sheet(420 * MM, 297 * MM, 10 * MM, "A3"),
    "16x9": Sheet(960.0, 540.0, 18.0, "16:9"),
    "4x3": Sheet(720.0, 540.0, 18.0, "4:3"),
}
PAPERS = ("fit", *SHEETS)
CURVE_LABELS = ("none", "numbers", "titles")
MIN_TEXT_DEFAULT = 9.0  # points: card titles at least this size on the page, or the map is cut into pages
MOST_ZOOM = 2.0  # a small map fills its page, but no more than twice its size
FOOTER_PT = 7.0  # the page note sits in the bottom margin
# Pages: beyond this many a cut map is refused before any is drawn (a 5,000-card journey took 1,090 A4
# pages): nobody prints or pages through them, and a poster of the whole map reads better on screen.
MAX_SHEETS = 500


@dataclass
class MapOptions:
    """How to export: resolution and background for PNG, the page, what the map shows, language, which cards.

    ``paper`` is ``fit`` (one picture or page the size of the map) or a sheet of :data:`SHEETS`:
    the map is then fitted to that page, and cut into several pages (stage headers and lane
    names repeated on each) when its card titles would print smaller than ``min_text`` points.
    ``min_text`` 0 always fits the whole map on one page, however small.
    """

    dpi: int = 150
    transparent: bool = False
    paper: str = "fit"  # fit, a4, a3, 16x9 or 4x3
    lang: str = "en"
    touchpoint_ids: Iterable[str] | None = None  # None: the whole journey
    title_block: bool = True
    min_text: float = MIN_TEXT_DEFAULT
    hide_empty_lanes: bool = True  # the picture's shape follows the cards, not a grid of empty rows
    hide_empty_stages: bool = False  # an empty stage is a finding ("nothing after the sale"): kept unless asked
    card_notes: bool = False
    curve_labels: str = "none"  # none, numbers or titles


def _no_memory() -> ValidationError:
    """The refusal of an image too large for the memory there is, in the interface language."""
    return ValidationError(_("There is not enough memory for an image this large; choose a lower resolution"))


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
            raise ValidationError(_("No touchpoints are selected: select some cards or export the whole journey"))
    if options.curve_labels not in CURVE_LABELS:
        raise ValidationError(
            _("Unknown curve labels {labels}: use none, numbers or titles").format(
                labels=quoted(str(options.curve_labels))
            )
        )
    return render_journey(
        project,
        journey_id,
        options.lang,
        cards=ids,
        title_block=options.title_block,
        hide_empty_lanes=options.hide_empty_lanes,
        hide_empty_stages=options.hide_empty_stages,
        card_notes=options.card_notes,
        curve_labels=options.curve_labels,
    )


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
            _(
                "the map would be {size} pixels on its longest side; it was scaled to "
                "{limit} pixels ({dpi} dpi instead of {asked}) so viewers can open it"
            ).format(size=number(math.ceil(longest)), limit=number(max_side), dpi=f"{new_scale * base:.0f}", asked=dpi)
        )
        scale = new_scale
    try:
        img = render.render_image(scene, scale, None if transparent else style.PAPER)
    except MemoryError:
        raise _no_memory() from None
    render.set_dpi(img, scale * base)  # the file says its real resolution
    return img, warnings


def _image_bytes(img, fmt: str = "PNG", progress: Progress | None = None) -> bytes:  # type: ignore[no-untyped-def]
    """``img`` encoded as ``fmt``; a PNG by our writer (:mod:`.png`) whenever it can say all Qt's would."""
    if fmt.upper() == "PNG":
        data = _png(img, progress)
        if data is not None:
            return data
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImageWriter

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buf, fmt.encode("ascii"))
    if fmt.upper() == "PNG":
        # Qt maps quality to zlib's level: its default spends twice the time of 70 for files
        # about 7% smaller (a 5,600 × 16,000 map: 5.5 s → 2.8 s).
        writer.setQuality(PNG_QUALITY)
    if not writer.write(img):
        raise ValidationError(_("The image could not be encoded as {format}").format(format=fmt))
    buf.close()
    return bytes(data.data())


def _png(img, progress: Progress | None = None) -> bytes | None:  # type: ignore[no-untyped-def]
    """``img`` as a PNG by :func:`.png.encode`: the same pixels and pHYs as Qt's writer, a few per cent
    smaller, in under half its time on one core, and on every core. None for a small picture
    (:data:`OUR_PNG_FROM`), another pixel format, or what Qt would write more of (text, a colour
    space, an offset; none of our pictures has them): Qt's writer does those."""
    from PySide6.QtGui import QImage

    formats = QImage.Format
    fmt = img.format()
    if (
        fmt not in (formats.Format_RGB32, formats.Format_ARGB32, formats.Format_ARGB32_Premultiplied)
        or img.width() * img.height() < OUR_PNG_FROM
        or img.textKeys()
        or img.colorSpace().isValid()
        or not img.offset().isNull()
    ):
        return None
    import numpy as np

    from . import png

    w, h = img.width(), img.height()
    # R, G, B(, A) bytes in memory on every machine. Qt's own conversion takes the alpha out of a
    # premultiplied picture, so every pixel is the one Qt's writer stores; and its conversion to
    # RGB888 is quicker than numpy's reordering of the channels (which reads against the grain).
    opaque = fmt == formats.Format_RGB32
    target, channels = (formats.Format_RGB888, 3) if opaque else (formats.Format_RGBA8888, 4)
    converted = threading.local()
    reading = threading.Lock()  # QImage is reentrant, not thread-safe: one thread reads ``img`` at a time

    def rows(start: int, stop: int):  # type: ignore[no-untyped-def]
        with reading:
            band = img.copy(0, start, w, stop - start)
        band.convertTo(target)
        if band.isNull():
            raise MemoryError(f"no memory for {stop - start} rows of {w} pixels")
        # The array reads the band's memory, which the array does not own: the band is kept until
        # this thread asks for its next one, by when the encoder is done with it.
        converted.band = band
        step = band.bytesPerLine()
        flat = np.frombuffer(band.constBits(), np.uint8, count=(stop - start) * step)
        return flat.reshape(stop - start, step)[:, : w * channels].reshape(stop - start, w, channels)

    try:
        return png.encode(
            rows, w, h, channels, (img.dotsPerMeterX(), img.dotsPerMeterY()), level=_PNG_LEVEL, progress=progress
        )
    except MemoryError:
        raise _no_memory() from None
    except zlib.error:
        # zlib's words ("Error -4 while compressing data") are English; compressing fails for want of memory.
        raise ValidationError(
            _("The image could not be compressed as PNG: close other programs and export again, or choose a "
              "lower resolution")
        ) from None


def png_bytes(
    project: Project, journey_id: str, options: MapOptions | None = None, progress: Progress | None = None
) -> tuple[bytes, list[str]]:
    """The map as a PNG, and warnings; ``progress(done, total)`` as it is encoded (False stops it)."""
    options = options or MapOptions()
    img, warnings = render_image(journey_map(project, journey_id, options), options.dpi, options.transparent)
    return _image_bytes(img, progress=_after_drawing(progress)), warnings


def _after_drawing(progress: Progress | None) -> Progress | None:
    """``progress`` of the encoding as the second half of the whole: the drawing, which cannot say
    how far it is, counts as the first."""
    if progress is None:
        return None
    report = progress

    def encoding(done: int, total: int) -> object:
        return report(total + done, 2 * total) if total > 1 else True

    return encoding


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

    from ..canvas import render, style

    options = options or MapOptions()
    if options.paper != "fit":
        pictures, _warnings = sheet_pictures(project, journey_id, "svg", options)
        return pictures[0]
    scene = journey_map(project, journey_id, options)
    rect = scene.full_rect()
    w, h = rect.width(), rect.height()
    # The scene is this picture's alone and dropped after it (last=True).
    return _svg(
        scene,
        w,
        h,
        lambda painter: render.paint_map(scene, painter, None if options.transparent else style.PAPER, last=True),
    )


def _svg(scene, w: float, h: float, paint) -> bytes:  # type: ignore[no-untyped-def]
    """An SVG ``w`` × ``h`` map units (the drawing's size in millimetres is the map's at 100 %) drawn by ``paint``."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    from ..canvas import style

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    gen.setResolution(style.scene_dpi())
    gen.setSize(QSize(math.ceil(w), math.ceil(h)))
    gen.setViewBox(QRectF(0, 0, w, h))
    gen.setTitle(shown_name(_journey_name(scene)))
    gen.setDescription(f"{shown_name(scene.project.info.name)} — CX Designer")
    painter = QPainter(gen)
    try:
        paint(painter)
    finally:
        painter.end()
    buf.close()
    return _svg_text(data)


def write_pdf(project: Project, journey_id: str, path: Path | str, options: MapOptions | None = None) -> list[str]:
    """A vector PDF with fonts embedded: one page the size of the map, or tiles on A4/A3 landscape."""
    data, warnings = pdf_bytes(project, journey_id, options)
    atomic.write_bytes(path, data)
    return warnings


def pdf_bytes(
    project: Project, journey_id: str, options: MapOptions | None = None, progress: Progress | None = None
) -> tuple[bytes, list[str]]:
    """The PDF in memory: written to disk by the one checked writer (QPdfWriter hides a full disk)."""
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    warnings = _paint_pdf(project, journey_id, buffer, options, progress)
    buffer.close()
    return bytes(buffer.data().data()), warnings


def _paint_pdf(
    project: Project, journey_id: str, device: Any, options: MapOptions | None, progress: Progress | None = None
) -> list[str]:
    from PySide6.QtCore import QMarginsF, QSizeF
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
    writer.setTitle(f"{shown_name(name)} — {shown_name(project.info.name)}")
    if options.paper == "fit":
        scale = 1.0
        if max(w, h) * points > MAX_PDF_PAGE:
            scale = MAX_PDF_PAGE / (max(w, h) * points)
            warnings.append(
                _("the map is larger than a PDF page can be; it was scaled to {share}").format(share=f"{scale:.0%}")
            )
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
    sheet = _sheet(options.paper)
    plan = plan_sheets(scene, options)
    size = QPageSize(
        QSizeF(sheet.width, sheet.height), QPageSize.Unit.Point, sheet.name, QPageSize.SizeMatchPolicy.ExactMatch
    )
    writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    try:
        for n in range(len(plan.pages)):
            _tell(progress, n, len(plan.pages))
            if n:
                writer.newPage()
            _paint_sheet(painter, scene, plan, n, sheet, background, options.lang)
    finally:
        painter.end()
    return warnings


def _sheet(paper: str) -> Sheet:
    if paper not in SHEETS:
        raise ValidationError(
            _("Unknown paper {paper}: use {choices}").format(paper=quoted(str(paper)), choices=", ".join(PAPERS))
        )
    return SHEETS[paper]


def plan_sheets(scene, options: MapOptions) -> PagePlan:  # type: ignore[no-untyped-def]
    """How the map goes onto ``options.paper``'s pages (see :mod:`cxdesigner.layout.pages`).

    The least scale is the one that prints card titles at ``options.min_text`` points; when
    the map must be cut, the title block and the key are set as wide as a page first. More
    than :data:`MAX_SHEETS` pages are refused (ValidationError) before any is drawn.
    """
    plan = plan_room(scene, sheet_room(options.paper), options.min_text)
    if len(plan.pages) > MAX_SHEETS:
        raise ValidationError(
            _(
                "The map would take {n} pages on {paper}, more than {most}: export it as a PDF on one page the"
                " size of the map, to zoom in on, or export a selection of its cards"
            ).format(n=number(len(plan.pages), 0), paper=_sheet(options.paper).name, most=number(MAX_SHEETS, 0))
        )
    return plan


def sheet_room(paper: str) -> tuple[float, float]:
    """The printable area of ``paper``'s sheet (see :data:`SHEETS`) in map units at 100 %."""
    from ..canvas import style

    sheet = _sheet(paper)
    points = 72.0 / style.scene_dpi()
    return (sheet.width - 2 * sheet.margin) / points, (sheet.height - 2 * sheet.margin) / points


def plan_room(  # type: ignore[no-untyped-def]
    scene, room: tuple[float, float], min_text: float, compact: bool = False, least_text: float = 0.0
) -> PagePlan:
    """The pages for a printable area ``room`` (map units at 100 %) with card titles of ``min_text`` points or more,
    and every text of ``least_text`` points or more (a map without cards has no titles to keep readable)."""
    from ..canvas import render

    least = max(0.0, min_text) / scene.fonts.title.pointSizeF()
    floor = max(0.0, least_text) / smallest_text(scene)
    plan = plan_pages(scene.layout, render.page_furniture(scene), room, max(least, floor), MOST_ZOOM, compact,
                      floor=floor)  # fmt: skip
    if plan.split:
        # The title block and the key as wide as a page at the scale the cut settled on, then the cut at
        # that scale (grown no further: a wider title block would ask for another scale again).
        furniture = render.page_furniture(scene, room[0] / plan.scale)
        plan = plan_pages(scene.layout, furniture, room, plan.scale, MOST_ZOOM, compact, grow=False, floor=plan.scale)
    return plan


def smallest_text(scene) -> float:  # type: ignore[no-untyped-def]
    """The size in points of the smallest text the map prints at 100 % (a card's channel, a badge, the key)."""
    from PySide6.QtGui import QFont

    return min(f.pointSizeF() for f in vars(scene.fonts).values() if isinstance(f, QFont))


def _paint_sheet(painter, scene, plan: PagePlan, index: int, sheet: Sheet, background, lang: str) -> None:  # type: ignore[no-untyped-def]
    """One sheet in map units at 100 % (the painter's device at the scene's resolution): page, then its note."""
    from PySide6.QtCore import QPointF, QRectF, Qt

    from ..canvas import render, style

    points = 72.0 / style.scene_dpi()
    w, h, m = sheet.width / points, sheet.height / points, sheet.margin / points
    page = plan.pages[index]
    if background is not None:
        painter.fillRect(QRectF(0, 0, w, h), background)
    x, y = m, m
    if not plan.split:  # one page: centred on the sheet, as a slide wants it
        x += max(0.0, (w - 2 * m - page.width * plan.scale) / 2)
        y += max(0.0, (h - 2 * m - page.height * plan.scale) / 2)
    painter.save()
    painter.translate(x, y)
    painter.scale(plan.scale, plan.scale)
    render.paint_page(scene, painter, page, background)
    painter.restore()
    if plan.split:
        painter.setPen(style.MUTED_INK)
        painter.setFont(style.font(FOOTER_PT))
        fm = painter.fontMetrics()
        note = fm.elidedText(page_note(scene, plan, index, lang), Qt.TextElideMode.ElideMiddle, int(w - 2 * m))
        painter.drawText(QPointF(m, h - m + 4 + fm.ascent()), note)


def page_note(scene, plan: PagePlan, index: int, lang: str) -> str:  # type: ignore[no-untyped-def]
    """The footer of a cut map's page: journey, page number, and the stages and lanes it shows."""
    from ..canvas import style

    page = plan.pages[index]
    project = scene.project

    def names(table: str, ids: list[str]) -> str:
        rows = [project.tables[table][i].display_name(lang) for i in ids if i in project.tables[table]]
        return rows[0] if len(rows) == 1 else f"{rows[0]} – {rows[-1]}" if rows else ""

    parts = [f"{_journey_name(scene)[:120]} — {index + 1}/{len(plan.pages)}", names("stage", page.stage_ids)]
    if plan.rows > 1:
        parts.append(names("lane", page.lane_ids) or style.map_label("emotion", lang))
    return " · ".join(part for part in parts if part)


def sheet_pictures(
    project: Project, journey_id: str, fmt: str, options: MapOptions, progress: Progress | None = None
) -> tuple[list[bytes], list[str]]:
    """PNG or SVG of each page of the map on ``options.paper`` (one picture per page); ``progress`` per page."""
    from PySide6.QtGui import QImage, QPainter

    from ..canvas import render, style

    scene = journey_map(project, journey_id, options)
    sheet = _sheet(options.paper)
    plan = plan_sheets(scene, options)
    dpi = style.scene_dpi()
    w, h = sheet.width / 72.0 * dpi, sheet.height / 72.0 * dpi  # map units at 100 %
    background = None if options.transparent else style.PAPER
    warnings: list[str] = []
    out = []
    scale = options.dpi / dpi
    if max(w, h) * scale > MAX_SIDE:
        scale = MAX_SIDE / max(w, h)
        warnings.append(
            _("the pages were drawn at {dpi} dpi instead of {asked} so viewers can open them").format(
                dpi=f"{scale * dpi:.0f}", asked=options.dpi
            )
        )
    for n in range(len(plan.pages)):
        _tell(progress, n, len(plan.pages))
        if fmt == "png":
            image = QImage(math.ceil(w * scale), math.ceil(h * scale), QImage.Format.Format_ARGB32_Premultiplied)
            if image.isNull():
                raise _no_memory()
            render.set_dpi(image, dpi)
            image.fill(0)
            painter = QPainter(image)
            try:
                painter.scale(scale, scale)
                _paint_sheet(painter, scene, plan, n, sheet, background, options.lang)
            finally:
                painter.end()
            render.set_dpi(image, scale * dpi)
            out.append(_image_bytes(image))
            continue
        out.append(
            _svg(
                scene, w, h, lambda painter, n=n: _paint_sheet(painter, scene, plan, n, sheet, background, options.lang)
            )
        )
    return out, warnings


# The bytes XML 1.0 cannot carry in UTF-8: C0 controls except tab, newline and return (none of
# them occurs inside a multi-byte sequence), each on its own: a search for one byte is a memchr.
_XML_BAD_BYTES = tuple(bytes([b]) for b in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)))


def _svg_text(data) -> bytes:  # type: ignore[no-untyped-def]
    from .common import xml_safe

    # QSvgGenerator escapes markup but copies control characters (NUL, ESC…) from titles into
    # the text as they are, which no XML reader accepts; nothing else in the file can hold them.
    raw = bytes(data.data())
    # Nearly always there are none: a search in C for each of the 29 bytes (memchr, many bytes a step)
    # takes half the time of one pass deleting them (bytes.translate), and a fraction of a search of
    # the decoded text (an SVG of 1,000 cards is 6–8 MB).
    if not any(bad in raw for bad in _XML_BAD_BYTES):
        if raw.isascii():
            return raw
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is not None and "\ufffe" not in text and "\uffff" not in text:
            return raw
    return xml_safe(raw.decode("utf-8", errors="replace")).encode("utf-8")


def numbered(path: Path | str, number: int, total: int) -> Path:
    """The file for page ``number`` of ``total``: ``map.png`` → ``map-1.png`` … (``map-01.png`` past nine pages)."""
    path = Path(path)
    if total <= 1:
        return path
    return path.with_name(f"{path.stem}-{number:0{len(str(total))}d}{path.suffix}")


def export_map(
    project: Project, journey_id: str, path: Path | str, fmt: str, options: MapOptions | None = None
) -> list[str]:
    """Write the map as ``fmt`` (png, svg or pdf) to ``path``; returns warnings to show the user.

    A PNG or SVG on a paper that needs several pages is one file per page (:func:`numbered`);
    :func:`export_map_files` also says which files were written.
    """
    return export_map_files(project, journey_id, path, fmt, options)[1]


def export_map_files(
    project: Project,
    journey_id: str,
    path: Path | str,
    fmt: str,
    options: MapOptions | None = None,
    progress: Progress | None = None,
) -> tuple[list[Path], list[str]]:
    """Write the map as ``fmt`` (png, svg or pdf): the files written and the warnings.

    ``progress(done, total)`` is told each page as it is drawn (a map on several pages), or each
    band of a large PNG as it is encoded; a PNG stops when it answers False (ExportCancelledError,
    no file written). The app cancels by stopping the process that runs this.
    """
    options = options or MapOptions()
    if fmt in ("png", "svg") and options.paper != "fit":
        pictures, warnings = sheet_pictures(project, journey_id, fmt, options, progress)
        if len(pictures) > 1 and atomic.is_stream(_stat(path)):
            raise ValidationError(
                _("The map needs {n} pages, which cannot all go to one stream: write a PDF or name a file").format(
                    n=len(pictures)
                )
            )
        paths = [numbered(path, n, len(pictures)) for n in range(1, len(pictures) + 1)]
        for target in paths:
            atomic.check_writable(target)
        for target, data in zip(paths, pictures, strict=True):
            atomic.write_bytes(target, data)
        return paths, warnings
    if fmt == "png":
        data, warnings = png_bytes(project, journey_id, options, progress)
    elif fmt == "svg":
        data, warnings = svg_bytes(project, journey_id, options), []
    elif fmt == "pdf":
        data, warnings = pdf_bytes(project, journey_id, options, progress)
    else:
        raise ValidationError(_("Unknown map format {format}: use png, svg or pdf").format(format=quoted(str(fmt))))
    atomic.write_bytes(path, data)
    return [Path(path)], warnings


def _tell(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and total > 1:  # one page: nothing to count
        progress(done, total)


def _stat(path: Path | str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


__all__ = [
    "MAX_SHEETS",
    "MAX_SIDE",
    "PAPERS",
    "SHEETS",
    "MapOptions",
    "ensure_gui",
    "export_map",
    "export_map_files",
    "journey_map",
    "numbered",
    "pdf_bytes",
    "plan_room",
    "plan_sheets",
    "png_bytes",
    "preview_png",
    "render_image",
    "sheet_pictures",
    "sheet_room",
    "svg_bytes",
    "write_pdf",
]
