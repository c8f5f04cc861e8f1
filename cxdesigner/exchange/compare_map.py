"""A comparison of two journeys as one picture: both maps side by side, drawn by the one map renderer with the
cards added, removed and changed outlined, under a heading with the counts and the marks' key (SVG, PDF, PNG).

The compare view shows the same scenes; this draws them again offscreen in vector form, so a slide or a
printout of the comparison is as sharp as a map export. Needs a QApplication (offscreen is fine).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..analysis.compare import card_marks, compare
from ..i18n import N_, _, translation
from ..model import Project
from ..storage import atomic

MARK_NAMES = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed")}
MARGIN, GAP, TITLE_H, HEAD_H = 24.0, 48.0, 34.0, 40.0  # scene units (pixels at 100 %)
FORMATS = ("svg", "pdf", "png")


def comparison_scenes(
    before: tuple[Project, str], after: tuple[Project, str], lang: str, result: dict[str, Any] | None = None
) -> tuple[Any, Any, dict[str, Any]]:
    """The two maps with their marks, and the comparison they come from."""
    from ..canvas import render

    (pb, jb), (pa, ja) = before, after
    result = result if result is not None else compare(pb, jb, pa, ja, lang)
    marks_b, marks_a = card_marks(result)
    t = translation(lang)
    names = {k: t.gettext(v) for k, v in MARK_NAMES.items()}
    scenes = []
    for (project, jid), marks in (((pb, jb), marks_b), ((pa, ja), marks_a)):
        scene = render.render_journey(project, jid, lang, title_block=False)
        render.mark_cards(scene, marks, names)
        scenes.append(scene)
    return scenes[0], scenes[1], result


def comparison_picture(
    before: tuple[Project, str, str], after: tuple[Project, str, str], lang: str,
    result: dict[str, Any] | None = None,
) -> tuple[float, float, Callable[[Any], None]]:  # fmt: skip
    """The comparison's size in scene units and a function that paints it on a QPainter at the origin.

    The files below and the report's current and future section paint the same picture.
    """
    from PySide6.QtCore import QPointF, QRectF
    from PySide6.QtGui import QColor, QPainter

    from ..canvas import render, style
    from .mapexport import ensure_gui

    ensure_gui()  # the command line has no application yet
    sb, sa, result = comparison_scenes(before[:2], after[:2], lang, result)
    rb, ra = sb.full_rect(), sa.full_rect()
    w = MARGIN * 2 + rb.width() + GAP + ra.width()
    h = MARGIN * 2 + HEAD_H + TITLE_H + max(rb.height(), ra.height())
    t = translation(lang)
    heading = t.gettext("Added: {added} · Removed: {removed} · Changed: {changed} · Gaps closed: {gaps}").format(
        added=len(result["added"]), removed=len(result["removed"]), changed=len(result["changed"]),
        gaps=len(result["gaps_closed"]),
    ) if not result["same"] else t.gettext("No differences")  # fmt: skip

    def paint(painter: QPainter) -> None:
        painter.fillRect(QRectF(0, 0, w, h), style.PAPER)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QColor(style.INK))
        painter.setFont(style.font(13.0, bold=True))
        painter.drawText(QPointF(MARGIN, MARGIN + 20), heading)
        x = w - MARGIN
        painter.setFont(style.font(11.0))
        fm = painter.fontMetrics()
        for mark in ("changed", "removed", "added"):  # the key, right-aligned: ■ added ■ removed ■ changed
            label = "■ " + t.gettext(MARK_NAMES[mark])
            x -= fm.horizontalAdvance(label) + 16
            painter.setPen(render.MARK_COLOURS[mark])
            painter.drawText(QPointF(x, MARGIN + 20), label)
        painter.setFont(style.font(12.0, bold=True))
        painter.setPen(QColor(style.INK))
        top = MARGIN + HEAD_H
        left = MARGIN
        for scene, rect, title in ((sb, rb, before[2]), (sa, ra, after[2])):
            painter.drawText(QPointF(left, top + 20), title)
            painter.save()
            painter.translate(left, top + TITLE_H)
            render.paint_map(scene, painter)
            painter.restore()
            left += rect.width() + GAP

    return w, h, paint


def comparison_bytes(
    before: tuple[Project, str, str], after: tuple[Project, str, str], lang: str, fmt: str,
    result: dict[str, Any] | None = None,
) -> bytes:  # fmt: skip
    """The comparison as ``fmt`` (svg, pdf or png): ``before`` and ``after`` are (project, journey id, title)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF
    from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
    from PySide6.QtSvg import QSvgGenerator

    from ..canvas import render, style

    if fmt not in FORMATS:
        # The comparison view shows this under its own sentence: a name typed with another suffix.
        raise ValueError(
            _("a comparison is written as {formats}, not {format}").format(formats=", ".join(FORMATS), format=fmt)
        )
    w, h, paint = comparison_picture(before, after, lang, result)
    t = translation(lang)

    dpi = style.scene_dpi()
    if fmt == "png":
        scale = 2.0 if max(w, h) * 2 <= 16_000 else 16_000 / max(w, h)
        image = QImage(math.ceil(w * scale), math.ceil(h * scale), QImage.Format.Format_RGB32)
        if image.isNull():
            raise MemoryError(_("no memory for the comparison's picture"))
        render.set_dpi(image, dpi)
        painter = QPainter(image)
        try:
            painter.scale(scale, scale)
            paint(painter)
        finally:
            painter.end()
        render.set_dpi(image, dpi * scale)
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if fmt == "png":
        image.save(buf, "PNG")
    elif fmt == "svg":
        gen = QSvgGenerator()
        gen.setOutputDevice(buf)
        gen.setResolution(dpi)
        gen.setSize(QSize(math.ceil(w), math.ceil(h)))
        gen.setViewBox(QRectF(0, 0, w, h))
        gen.setTitle(t.gettext("Compare journeys"))
        painter = QPainter(gen)
        try:
            paint(painter)
        finally:
            painter.end()
    else:
        writer = QPdfWriter(buf)
        writer.setResolution(dpi)  # one device unit = one scene unit, so text fits as laid out
        writer.setCreator("CX Designer")
        writer.setTitle(t.gettext("Compare journeys"))
        points = 72.0 / dpi
        scale = min(1.0, 14_400 / (max(w, h) * points))  # a PDF page is at most 200 inches on a side
        size = QPageSize(QSizeF(w * points * scale, h * points * scale), QPageSize.Unit.Point, "Comparison",
                         QPageSize.SizeMatchPolicy.ExactMatch)  # fmt: skip
        writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
        painter = QPainter(writer)
        try:
            painter.scale(scale, scale)
            paint(painter)
        finally:
            painter.end()
    buf.close()
    return bytes(data.data())


def write_comparison(
    path: Path | str, before: tuple[Project, str, str], after: tuple[Project, str, str], lang: str,
    result: dict[str, Any] | None = None,
) -> Path:  # fmt: skip
    """Write the comparison to ``path`` (its suffix picks SVG, PDF or PNG; PNG when it names none of them)."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        fmt, path = "png", path.with_name(path.name + ".png")
    atomic.write_bytes(path, comparison_bytes(before, after, lang, fmt, result))
    return path


__all__ = ["FORMATS", "comparison_bytes", "comparison_picture", "comparison_scenes", "write_comparison"]
