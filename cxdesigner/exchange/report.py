"""The workshop report as PDF: cover, map, charts, the analysis sections and every touchpoint by stage."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .. import clock
from ..i18n import _, ngettext, number, supported, translation
from ..model import Project
from ..storage import atomic
from .common import ExportCancelledError, persona_name, quoted, shown_name
from .report_future import future_blocks, future_picture
from .report_lanes import lane_blocks
from .report_opportunities import opportunities_blocks
from .report_sections import (
    Block,
    comparison_blocks,
    critical_blocks,
    esc,
    gap_blocks,
    insights_blocks,
    key_figures,
    path_blocks,
    stage_blocks,
    survey_blocks,
    top_findings,
    voting_blocks,
)

PAGE_W_MM, PAGE_H_MM = 297.0, 210.0  # A4 landscape: maps and tables are wide
MARGIN = 40.0
HEADER = 22.0
FOOTER = 22.0
MAP_MIN_TEXT = 9.0  # points: the smallest card title on a printed map page
LEAST_TEXT = 7.0  # points: no text on any page of the report is smaller
MAX_MAP_PAGES = 16  # beyond this, the report shows the map's overview and points to the map export
QUADRANT_LABELS = 25  # points named on the quadrant chart, the largest weighted gaps first
# A chart as wide as the page's body, in inches: drawn at its own size, its 7-point labels print at 7 points
# (an 11-inch chart shrunk to the body printed them at 6.7).
CHART_SIZE = ((PAGE_W_MM / 25.4 * 72 - 2 * MARGIN) / 72, 5.6)


def _chart_svg(fig: Any) -> bytes:
    """A chart as SVG with its text as text: drawn into the PDF it stays vector, sharp and searchable."""
    import io

    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", facecolor="white")
    # QtSvg misreads matplotlib's list of fallback families: keep the first.
    return re.sub(rb"font-family: ('[^']*'|[^;\"',]*)[^;\"]*", rb"font-family: \1", buf.getvalue())


def _charts(project: Project, journey_id: str, lang: str, result: dict[str, Any]) -> list[tuple[str, bytes | None]]:
    """The analysis charts as SVG (from cxdesigner.charts); None where a chart cannot be drawn."""
    t = translation(lang)
    out: list[tuple[str, bytes | None]] = []
    titles = [t.gettext("Emotion curve"), t.gettext("Importance vs satisfaction")]
    try:
        from ..charts import figures
    except ImportError:  # pragma: no cover - the charts ship with the app
        return [(title, None) for title in titles]
    builders: list[Callable[[], Any]] = [
        lambda: figures.emotion_curve(project, journey_id, lang=lang, figsize=CHART_SIZE, result=result),
        lambda: figures.quadrant_chart(project, journey_id, lang=lang, figsize=CHART_SIZE, result=result,
                                       max_labels=QUADRANT_LABELS, numbered=True),
    ]
    other = compared_journey(project, journey_id)
    if other is not None:
        titles.append(t.gettext("Persona comparison"))
        builders.append(lambda: figures.comparison_chart(project, journey_id, other, lang=lang, figsize=CHART_SIZE))
    cards = result["cards"]
    # A chart with nothing to plot is a page with one sentence on it: it is left out (the cover's curve and the
    # gap ranking say there is nothing yet, and the curve's page said it a third time).
    drawn = [
        any(c["emotion"] is not None for c in cards),
        any(c["importance"] is not None and c["satisfaction"] is not None for c in cards),
        True,
    ]
    for title, build, has_data in zip(titles, builders, drawn):
        if not has_data:
            continue
        try:
            out.append((title, _chart_svg(build())))
        except (ValueError, KeyError):
            out.append((title, None))
    return out


def compared_journey(project: Project, journey_id: str) -> str | None:
    """The first journey of another persona, for the comparison chart; None with a single persona."""
    journey = project.get("journey", journey_id)
    for other in project.journeys():
        if other.id != journey_id and other.persona_id and other.persona_id != journey.persona_id:
            return other.id
    return None


def report_blocks(project: Project, journey_id: str, lang: str, result: dict[str, Any]) -> list[Block]:
    """The text sections in order, as blocks the page flow keeps whole; all project text is escaped."""
    blocks = insights_blocks(result, lang)
    blocks += gap_blocks(project, journey_id, result, lang)
    blocks += critical_blocks(project, journey_id, result, lang)
    blocks += path_blocks(project, journey_id, result, lang)
    blocks += survey_blocks(project, journey_id, lang)
    blocks += comparison_blocks(project, journey_id, lang)
    blocks += future_blocks(project, journey_id, lang)
    blocks += voting_blocks(project, journey_id, lang)
    blocks += opportunities_blocks(project, journey_id, lang)
    blocks += lane_blocks(project, journey_id, lang)
    blocks += stage_blocks(project, journey_id, result, lang)
    return blocks


def report_html(project: Project, journey_id: str, lang: str, result: dict[str, Any]) -> str:
    """The text sections as one HTML string (each block once, in order), for checks and previews."""
    return "".join(b.html for b in report_blocks(project, journey_id, lang, result))


CSS = """
h1 { font-size: 15pt; color: #1f2933; margin-top: 0px; margin-bottom: 4px; }
h2 { font-size: 11pt; color: #1f2933; margin-top: 0px; margin-bottom: 2px; }
p { margin-top: 2px; margin-bottom: 4px; }
.muted { color: #52606d; }
th { background-color: #e4e9ef; }
li { margin-bottom: 3px; }
"""


def map_room(body: Any, pt: float) -> Any:
    """Where a map page's picture goes: from under the page's heading down to just above the footer line.

    The page note (what part of the map the page shows) goes in the footer line, and the map starts
    6 pt under the heading: with card titles at 9 pt every point counts, and the 32 pt this gives a
    map page (and the title block left off, see :func:`report_map`) are what the emotion row of a
    column of three stages and two lanes needed to stay on the page of its cards.
    """
    return body.adjusted(0, 14 * pt, 0, (FOOTER - 9) * pt)


def page_body(dpi: float) -> Any:
    """A page's body (inside margins, header and footer) in device units at ``dpi``, and the size of a point."""
    from PySide6.QtCore import QRectF

    pt = dpi / 72.0
    page_w, page_h = PAGE_W_MM / 25.4 * dpi, PAGE_H_MM / 25.4 * dpi
    margin, header, footer = MARGIN * pt, HEADER * pt, FOOTER * pt
    return QRectF(margin, margin + header, page_w - 2 * margin, page_h - 2 * margin - header - footer), pt


def report_map(project: Project, journey_id: str, lang: str, width: float) -> Any:
    """The map the report prints, for pages ``width`` map units wide (see :func:`map_room`).

    Without its title block: the page's heading and running head name the journey, the cover its
    persona, and the key under the map takes the connection styles (76 units of height a column's
    emotion row needed to stay on the page of its cards).
    """
    from ..canvas import render
    from .mapexport import MapOptions, journey_map, smallest_text

    scene = journey_map(project, journey_id, MapOptions(lang=lang, title_block=False))
    if not scene.layout.cards and not render.page_furniture(scene).content_lanes:
        _narrow_empty(scene, width * smallest_text(scene) / LEAST_TEXT)
    return scene


def map_plan(scene: Any, area: Any) -> Any:
    """The report's pages of ``scene`` in ``area``: cut as the PDF export cuts, compact, card titles of
    :data:`MAP_MIN_TEXT` points or more and no text under :data:`LEAST_TEXT`.

    The rule: the map is on one page when it fits there with card titles of 9 points; otherwise it is cut
    between stages into columns as wide as a page, and a column's lanes go top to bottom onto as few pages as
    hold them, its emotion row on the page of the lanes above it rather than alone.
    """
    from .mapexport import plan_room

    return plan_room(scene, (area.width(), area.height()), MAP_MIN_TEXT, compact=True, least_text=LEAST_TEXT)


def _narrow_empty(scene: Any, width: float) -> None:
    """A map without cards made as narrow as ``width`` map units, when its cells can be: they hold no card.

    At a card's width six stages took a page at 0.59 of their size, and the empty map's lane names
    printed at 5 points. A cell keeps the room of its stage's longest word (narrower, «Consideration»
    broke into «Consideratio / n»); when the map is still too wide, it keeps its cards' width and is cut.
    """
    stages = scene.layout.stage_ids
    if not stages or scene.full_rect().width() <= width:
        return
    fm = scene.fonts.metrics(scene.fonts.stage)
    table = scene.project.tables["stage"]
    words = [word for sid in stages for word in table[sid].display_name(scene.lang).split()]
    longest = max((fm.horizontalAdvance(word) for word in words), default=0.0)
    m = scene.metrics
    fixed = scene.full_rect().width() - len(stages) * m.card_w
    card_w = (width - fixed) / len(stages)
    # The header wraps its name within the cell less 16 units (scene._print_metrics), the cell is the card and its pads.
    if card_w + 2 * m.cell_pad - 16 >= longest:
        scene.set_type_scale(1.0, card_width=card_w / m.card_w)


def _tick(progress: Callable[[int, int], object] | None, done: int, total: int) -> None:
    if progress is not None and progress(done, total) is False:
        raise ExportCancelledError(_("The report was cancelled; no file was written"))


def write_report(
    project: Project,
    journey_id: str,
    path: Path | str,
    lang: str = "en",
    progress: Callable[[int, int], bool] | None = None,
    journeys: Sequence[str] | None = None,
) -> list[str]:
    """Write the report PDF (A4 landscape; text stays selectable and searchable); notes for whoever exports it.

    ``journeys`` (``journey_id`` alone by default) are reported one after the other, each with its
    cover, map, charts and sections: the journey and the sub-journeys its cards open.

    The map pages are the canvas's scene in print mode, the same picture as the map export.
    The pages are drawn at the resolution the canvas measures text at, so the map, the cover
    and the text sections all keep their text inside the room their layout gave it.
    ``progress(done, total)`` is called once before the pages are known (total 0) and after
    each page; when it returns False the work stops with :class:`ExportCancelledError` and
    nothing is written.

    The notes (in the interface's language) are advice for the designer, never printed in the
    report a client reads: where to find the detail of a map too large for readable report pages.
    """
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
    from PySide6.QtGui import QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter
    from PySide6.QtSvg import QSvgRenderer

    from ..analysis import analyze
    from ..canvas import render, style
    from ..canvas.items import draw_lines, wrap_text
    from .mapexport import MAX_SHEETS, MIN_TEXT_DEFAULT, ensure_gui, page_note, plan_room, sheet_room
    from .report_cover import paint_cover
    from .report_flow import Flow
    from .report_glance import glance_map, paint_glance, tag_lanes, tag_room

    ensure_gui()
    _tick(progress, 0, 0)
    lang = supported(lang)
    journey = project.get("journey", journey_id)
    t = translation(lang)
    date = t.date(clock.today())
    font = style.font
    ink, muted = style.INK, style.MUTED_INK

    dpi = style.scene_dpi()
    body, pt = page_body(dpi)  # pt: device units per point
    page_w, page_h = PAGE_W_MM / 25.4 * dpi, PAGE_H_MM / 25.4 * dpi
    margin = MARGIN * pt

    # Painted in memory, then written by the one checked writer: QPdfWriter hides a full disk.
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(dpi)
    writer.setCreator("CX Designer")
    writer.setTitle(t.gettext("Workshop report") + f" — {shown_name(journey.name)}")
    size = QPageSize(
        QSizeF(PAGE_W_MM, PAGE_H_MM), QPageSize.Unit.Millimeter, "A4", QPageSize.SizeMatchPolicy.FuzzyMatch
    )
    writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))

    flow = Flow(writer, CSS, font(9), body.width(), body.height(), pt)
    map_area = map_room(body, pt)
    parts = []
    notes: list[str] = []
    for jid in list(journeys) if journeys else [journey_id]:
        result = analyze(project, jid, lang=lang)
        text_pages = flow.pages(report_blocks(project, jid, lang, result))
        _tick(progress, 0, 0)
        charts = _charts(project, jid, lang, result)
        future = future_picture(project, jid, lang)
        _tick(progress, 0, 0)
        scene = report_map(project, jid, lang, map_area.width())
        plan = map_plan(scene, map_area)
        if len(plan.pages) > MAX_MAP_PAGES:
            # A map that needs dozens of readable pages belongs in the map export (A3 tiles, or a
            # poster): the report shows its overview on one page and says where the readable one is,
            # counting the A3 pages first (a large journey's A3 tiles would be hundreds of pages).
            a3 = len(plan_room(scene, sheet_room("a3"), MIN_TEXT_DEFAULT).pages)
            if a3 <= MAX_SHEETS:
                advice = ngettext(
                    "Export the map as a PDF on A3 for the detail: it takes {n} page there.",
                    "Export the map as a PDF on A3 for the detail: it takes {n} pages there.",
                    a3,
                )
            else:
                advice = _(
                    "For the detail, export the map as a PDF on one page the size of the map and zoom in"
                    " (on A3 it would take {n} pages)."
                )
            # The advice is for the designer who exports, not for the client who reads: it goes to the notes.
            notes.append(
                _("The report shows the map of {journey} on one page: readable, it takes {n} pages.").format(
                    journey=quoted(project.get("journey", jid).name), n=number(len(plan.pages), 0)
                )
                + " "
                + advice.format(n=number(a3, 0))
            )
            overview = t.gettext("The whole map at a glance: readable, it takes {n} pages.").format(
                n=t.number(len(plan.pages))
            )
            # The whole map at a glance, room under it for the two lines of the note: drawn to fit the page as the
            # map pages draw it, its texts printed at 2.5 to 6 points.
            plan = plan_room(scene, (map_area.width(), map_area.height() - 26 * pt), 0.0)
            whole = glance_map(project, jid, lang, (map_area.width(), map_area.height() - 26 * pt), LEAST_TEXT)
        else:
            overview, whole = "", None
        glance = None
        if plan.split and not overview and scene.layout.cards:
            # The map cut into pages loses its shape: the page before them shows it whole, each page framed.
            # Each page's number top-left in its frame, over room the lanes a page starts on keep free of blocks.
            glance = glance_map(project, jid, lang, (map_area.width(), map_area.height()), LEAST_TEXT,
                                tag_lanes(scene, plan), tag_room(pt))
        parts.append((jid, result, text_pages, charts, scene, plan, overview, future, glance, whole))
    total = sum(
        1 + len(p[5].pages) + len(p[3]) + len(p[2]) + (p[7] is not None) + (p[8] is not None) for p in parts
    )

    painter = QPainter(writer)
    page_no = [0]
    running = [""]

    def new_page(heading: str | None) -> None:
        if page_no[0]:
            _tick(progress, page_no[0], total)
            writer.newPage()
        page_no[0] += 1
        painter.setPen(muted)
        f = font(7.5)
        head_w = body.width() * 0.7
        draw_lines(painter, wrap_text(running[0], f, head_w, 1), f, margin, margin - 6 * pt, head_w)
        painter.drawText(
            QRectF(margin, page_h - margin, body.width(), 14 * pt),
            int(Qt.AlignmentFlag.AlignRight),
            t.gettext("Page {n} of {total}").format(n=t.number(page_no[0]), total=t.number(total)),
        )
        painter.drawText(QRectF(margin, page_h - margin, body.width() / 2, 14 * pt), 0, f"CX Designer · {date}")
        painter.setPen(style.CELL_BORDER)
        painter.drawLine(QPointF(margin, margin + 6 * pt), QPointF(page_w - margin, margin + 6 * pt))
        if heading:
            painter.setPen(ink)
            draw_lines(painter, [heading], font(15, bold=True), margin, margin + 12 * pt, body.width())

    def footer_note(text: str) -> None:
        """A line between the footer's two ends, at their size: 7 points printed 6.75 (whole pixels). As wide as
        they leave it: at 60 % of the line a Spanish note lost the lanes' names to «…»."""
        painter.setPen(muted)
        f_note = font(7.5)
        fm = QFontMetricsF(f_note)
        ends = (f"CX Designer · {date}", t.gettext("Page {n} of {total}").format(
            n=t.number(page_no[0]), total=t.number(total)))  # fmt: skip
        note_w = body.width() - 2 * (max(fm.horizontalAdvance(end) for end in ends) + 12 * pt)
        draw_lines(
            painter, wrap_text(text, f_note, note_w, 1), f_note,
            margin + (body.width() - note_w) / 2, page_h - margin, note_w, Qt.AlignmentFlag.AlignHCenter,
        )  # fmt: skip

    try:
        for journey_id, result, text_pages, charts, scene, plan, overview, future, glance, whole in parts:
            name = project.get("journey", journey_id).name
            running[0] = f"{project.info.name} · {name}" if project.info.name else name
            # -- cover ------------------------------------------------------------------------
            new_page(None)
            paint_cover(
                painter, body, pt, project, journey_id, result, lang, date,
                key_figures(project, journey_id, result, lang), top_findings(result, lang),
            )  # fmt: skip

            # -- the map at a glance, its pages framed -------------------------------------------
            if glance is not None:
                new_page(t.gettext("Journey map at a glance"))
                paint_glance(painter, glance, scene, plan, map_area, page_no[0] + 1, pt, t)
                footer_note(t.gettext(
                    "Each framed part of the map is printed at a readable size on the page whose number it bears."
                ))

            # -- map: the canvas scene on as many pages as readable text needs ------------------
            count = len(plan.pages)
            for n, page in enumerate(plan.pages):
                heading = t.gettext("Journey map")
                if count > 1:
                    heading += " " + t.gettext("({n} of {total})").format(n=t.number(n + 1), total=t.number(count))
                new_page(heading)
                if whole is not None:
                    paint_glance(painter, whole, scene, None, map_area, 0, pt, t)
                else:
                    spare = map_area.width() - page.width * plan.scale
                    x = map_area.left() + (0.0 if plan.split else max(0.0, spare / 2))
                    painter.save()
                    painter.translate(x, map_area.top())
                    painter.scale(plan.scale, plan.scale)
                    render.paint_page(scene, painter, page, style.PAPER)
                    painter.restore()
                if overview:
                    painter.setPen(muted)
                    f_note = font(9)
                    draw_lines(
                        painter, wrap_text(overview, f_note, map_area.width(), 2), f_note,
                        map_area.left(), map_area.bottom() - 12 * pt, map_area.width(),
                    )
                if plan.split:
                    footer_note(page_note(scene, plan, n, lang))

            # -- charts -----------------------------------------------------------------------
            for title, svg in charts:
                new_page(title)
                area = body.adjusted(0, 26 * pt, 0, 0)
                if svg is None:
                    painter.setPen(muted)
                    no_chart = t.gettext("Not enough data for this chart.")
                    draw_lines(painter, [no_chart], font(10), area.left(), area.top() + 10 * pt, area.width())
                    continue
                chart = QSvgRenderer(QByteArray(svg))
                cw, ch = chart.defaultSize().width(), chart.defaultSize().height()
                s = min(area.width() / max(1, cw), area.height() / max(1, ch))
                painter.save()
                painter.setFont(font(10))  # QtSvg's text takes the weight it does not name from the painter's font
                chart.render(painter, QRectF(area.left() + (area.width() - cw * s) / 2, area.top(), cw * s, ch * s))
                painter.restore()

            # -- current and future state: both maps, the changes outlined (the section's table follows) --
            if future is not None:
                new_page(t.gettext("Current and future state"))
                fw, fh, paint_future = future
                area = body.adjusted(0, 26 * pt, 0, 0)
                s = min(area.width() / max(1.0, fw), area.height() / max(1.0, fh))
                painter.save()
                painter.translate(area.left() + (area.width() - fw * s) / 2, area.top())
                painter.scale(s, s)
                paint_future(painter)
                painter.restore()

            # -- the analysis sections and the touchpoints by stage (blocks never cut) ----------------
            for pieces in text_pages:
                new_page(None)
                flow.paint(painter, pieces, body.left(), body.top())
        _tick(progress, page_no[0], total)
    finally:
        painter.end()
    buffer.close()
    atomic.write_bytes(path, bytes(buffer.data().data()))
    return notes


__all__ = [
    "esc",
    "map_plan",
    "map_room",
    "page_body",
    "persona_name",
    "report_blocks",
    "report_html",
    "report_map",
    "write_report",
]
