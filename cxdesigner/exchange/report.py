"""The workshop report as PDF: cover, map, charts, insights, gap ranking and every touchpoint in detail."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

from ..i18n import supported, translation
from ..model import Project, vocab
from ..storage import atomic
from .common import persona_name
from .report_opportunities import opportunities_html

PAGE_W_MM, PAGE_H_MM = 297.0, 210.0  # A4 landscape: maps and tables are wide
MARGIN = 40.0
HEADER = 22.0
FOOTER = 22.0
MAP_MIN_TEXT = 9.0  # points: the smallest card title on a printed map page
MAX_MAP_PAGES = 16  # beyond this, the report shows the map's overview and points to the map export


def esc(text: str) -> str:
    """Project text for QTextDocument HTML: escaped, so nothing in it is ever markup."""
    return html.escape(text, quote=True).replace("\n", "<br/>")


def _chart_png(fig: Any, dpi: int = 200) -> bytes:
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def _charts(project: Project, journey_id: str, lang: str, result: dict[str, Any]) -> list[tuple[str, bytes | None]]:
    """The analysis charts as PNGs (from cxdesigner.charts); None where a chart cannot be drawn."""
    t = translation(lang)
    out: list[tuple[str, bytes | None]] = []
    titles = (t.gettext("Emotion curve"), t.gettext("Importance vs satisfaction"))
    try:
        from ..charts import figures
    except ImportError:  # pragma: no cover - the charts ship with the app
        return [(title, None) for title in titles]
    for title, builder in zip(titles, (figures.emotion_curve, figures.quadrant_chart)):
        try:
            fig = builder(project, journey_id, lang=lang, figsize=(11, 5.6), result=result)
            out.append((title, _chart_png(fig)))
        except (ValueError, KeyError):
            out.append((title, None))
    return out


def report_html(project: Project, journey_id: str, lang: str, result: dict[str, Any]) -> str:
    """Insights, gap ranking and touchpoint details as HTML in which all project text is escaped."""
    from ..analysis.insights import finding_text

    t = translation(lang)
    cards = {tp.id: tp for tp in project.touchpoints(journey_id)}
    stages = {s.id: s for s in project.stages(journey_id)}
    lanes = {ln.id: ln for ln in project.lanes(journey_id)}
    h: list[str] = []
    h.append("<h1>" + esc(t.gettext("Insights")) + "</h1>")
    findings = result.get("insights") or []
    if findings:
        h.append("<ul>")
        for f in findings:
            h.append(f"<li>{esc(finding_text(f, 600))}</li>")
        h.append("</ul>")
    else:
        h.append("<p>" + esc(t.gettext("No findings: the journey has no obvious breaks.")) + "</p>")

    intro = t.gettext("Gap = importance − satisfaction; ranked by importance × gap: improve from the top.")
    h.append("<h1>" + esc(t.gettext("Gap ranking")) + f"</h1><p class='muted'>{esc(intro)}</p>")
    gaps = result.get("gaps", {}).get("items", [])
    if gaps:
        heads = [
            "#",
            t.gettext("Touchpoint"),
            t.gettext("Stage"),
            t.gettext("Importance"),
            t.gettext("Satisfaction"),
            t.gettext("Gap"),
            t.gettext("Importance × gap"),
        ]
        h.append("<table width='100%' cellspacing='0' cellpadding='4' class='grid'><tr>")
        h += [f"<th align='left'>{esc(head)}</th>" for head in heads]
        h.append("</tr>")
        for i, g in enumerate(gaps):
            tp = cards.get(g["card"])
            if tp is None:
                continue
            shade = " bgcolor='#f3f5f8'" if i % 2 else ""
            h.append(
                f"<tr{shade}><td>{g['rank']}</td><td>{esc(tp.title)}</td>"
                f"<td>{esc(stages[tp.stage_id].display_name(lang))}</td>"
                f"<td align='center'>{g['importance']}</td><td align='center'>{g['satisfaction']}</td>"
                f"<td align='center'><b>{t.signed(g['gap'])}</b></td>"
                f"<td align='center'>{t.signed(g['weighted_gap'])}</td></tr>"
            )
        h.append("</table>")
    else:
        h.append("<p>" + esc(t.gettext("No touchpoint has both importance and satisfaction rated.")) + "</p>")

    h += _voting_html(project, journey_id, lang)
    h.append(opportunities_html(project, journey_id, lang))
    h.append("<h1>" + esc(t.gettext("Touchpoints")) + "</h1>")
    for tp in cards.values():
        h.append(f"<h2>{esc(tp.title or '—')}</h2>")
        facts = [
            esc(t.gettext("Stage")) + ": " + esc(stages[tp.stage_id].display_name(lang)),
            esc(t.gettext("Lane")) + ": " + esc(lanes[tp.lane_id].display_name(lang)),
        ]
        if tp.channel:
            facts.append(esc(t.gettext("Channel")) + ": " + esc(project.channel_name(tp.channel, lang)))
        facts.append(esc(t.gettext("Emotion")) + ": " + t.signed(tp.emotion))
        if tp.importance is not None:
            facts.append(esc(t.gettext("Importance")) + f": {tp.importance}")
        if tp.satisfaction is not None:
            facts.append(esc(t.gettext("Satisfaction")) + f": {tp.satisfaction}")
        if tp.moment_of_truth:
            facts.append("★ " + esc(t.gettext("Moment of truth")))
        votes = project.shown_votes(tp.id)
        if votes:
            facts.append(esc(t.ngettext("{n} vote", "{n} votes", votes).format(n=t.number(votes))))
        if tp.emotion_words:
            facts.append(", ".join(esc(vocab.label(vocab.EMOTION_WORDS, w, lang)) for w in tp.emotion_words))
        h.append(f"<p class='muted'>{' · '.join(facts)}</p>")
        if tp.description:
            h.append(f"<p>{esc(tp.description)}</p>")
        rows = []
        for name, value in ((t.gettext("Expectation"), tp.expectation), (t.gettext("Experience"), tp.experience)):
            if value:
                rows.append((name, f"{esc(value)}"))
        for name, items in ((t.gettext("Pain points"), tp.pain_points), (t.gettext("Opportunities"), tp.opportunities)):
            if items:
                rows.append((name, "<br/>".join(f"• {esc(x)}" for x in items)))
        if rows:
            h.append("<table width='100%' cellspacing='0' cellpadding='3'>")
            for name, value in rows:
                h.append(f"<tr><td width='18%' valign='top'><b>{esc(name)}</b></td><td valign='top'>{value}</td></tr>")
            h.append("</table>")
    return "".join(h)


def _voting_html(project: Project, journey_id: str, lang: str) -> list[str]:
    """A page of the voting sessions the room has seen the counts of: each one's cards ranked by dots."""
    from ..document.voting import is_quick, session_results

    t = translation(lang)
    sessions = [s for s in project.vote_sessions(journey_id) if s.shows_counts and project.session_votes(s.id)]
    if not sessions:
        return []
    stages = {s.id: s for s in project.stages(journey_id)}
    people = project.tables["participant"]
    h = ["<h1 style='page-break-before: always'>" + esc(t.gettext("Voting sessions")) + "</h1>"]
    for session in sessions:
        title = t.gettext("Quick votes on the map") if is_quick(session) else session.title or "—"
        h.append(f"<h2>{esc(title)}</h2>")
        voters = len({v.participant_id for v in project.session_votes(session.id)})
        facts = [
            t.ngettext("{n} participant voted", "{n} participants voted", voters).format(n=t.number(voters)),
            t.gettext("open") if session.state == "open" else t.gettext("ended"),
        ]
        if not is_quick(session):
            facts.insert(1, t.ngettext("{n} dot each", "{n} dots each", session.dots).format(n=t.number(session.dots)))
        if session.created:
            facts.append(esc(session.created))
        h.append(f"<p class='muted'>{esc(' · '.join(facts))}</p>")
        named = not session.anonymous
        heads = ["#", t.gettext("Touchpoint"), t.gettext("Stage"), t.gettext("Dots")]
        if named:
            heads.append(t.gettext("Who"))
        h.append("<table width='100%' cellspacing='0' cellpadding='4' class='grid'><tr>")
        h += [f"<th align='left'>{esc(head)}</th>" for head in heads]
        h.append("</tr>")
        for i, row in enumerate(session_results(project, session.id)):
            tp = project.get("touchpoint", row["card"])
            stage = stages.get(tp.stage_id)
            where = t.gettext("unplaced") if tp.inbox or stage is None else stage.display_name(lang)
            shade = " bgcolor='#f3f5f8'" if i % 2 else ""
            cells = [str(row["rank"]), esc(tp.title or "—"), esc(where), f"<b>{t.number(row['dots'])}</b>"]
            if named:
                order = {pid: i for i, pid in enumerate(session.participant_ids)}  # as the session lists them
                by = sorted(row["by_participant"].items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
                who = ", ".join(f"{people[pid].name if pid in people else '?'} {n}" for pid, n in by)
                cells.append(esc(who))
            h.append(f"<tr{shade}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        h.append("</table>")
    return h


CSS = """
h1 { font-size: 15pt; color: #1f2933; margin-top: 14px; margin-bottom: 6px; }
h2 { font-size: 10.5pt; color: #1f2933; margin-top: 12px; margin-bottom: 2px; }
p { margin-top: 2px; margin-bottom: 4px; }
.muted { color: #52606d; }
th { background-color: #e4e9ef; }
li { margin-bottom: 3px; }
"""


def map_room(body: Any, pt: float) -> Any:
    """Where a map page's picture goes: the body under the page's heading, above the page note."""
    from .mapexport import FOOTER_PT

    return body.adjusted(0, 26 * pt, 0, -FOOTER_PT * pt)


def page_body(dpi: float) -> Any:
    """A page's body (inside margins, header and footer) in device units at ``dpi``, and the size of a point."""
    from PySide6.QtCore import QRectF

    pt = dpi / 72.0
    page_w, page_h = PAGE_W_MM / 25.4 * dpi, PAGE_H_MM / 25.4 * dpi
    margin, header, footer = MARGIN * pt, HEADER * pt, FOOTER * pt
    return QRectF(margin, margin + header, page_w - 2 * margin, page_h - 2 * margin - header - footer), pt


def write_report(project: Project, journey_id: str, path: Path | str, lang: str = "en") -> None:
    """Write the report PDF (A4 landscape; text stays selectable and searchable).

    The map page is the canvas's scene in print mode, the same picture as the map export.
    The pages are drawn at the resolution the canvas measures text at, so the map, the cover
    and the text sections all keep their text inside the room their layout gave it.
    """
    from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
    from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument

    from ..analysis import analyze
    from ..canvas import render, style
    from ..canvas.items import draw_lines, wrap_text
    from .mapexport import FOOTER_PT, MapOptions, ensure_gui, journey_map, page_note, plan_room

    ensure_gui()
    lang = supported(lang)
    journey = project.get("journey", journey_id)
    result = analyze(project, journey_id, lang=lang)
    t = translation(lang)
    date = t.date(dt.date.today())
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
    writer.setTitle(t.gettext("Workshop report") + f" — {journey.name[:200]}")
    size = QPageSize(
        QSizeF(PAGE_W_MM, PAGE_H_MM), QPageSize.Unit.Millimeter, "A4", QPageSize.SizeMatchPolicy.FuzzyMatch
    )
    writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))

    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    doc.setDefaultFont(font(9))
    doc.setDefaultStyleSheet(CSS)
    doc.setDocumentMargin(0)
    doc.setPageSize(QSizeF(body.width(), body.height()))
    doc.setHtml(report_html(project, journey_id, lang, result))
    text_pages = doc.pageCount()
    charts = _charts(project, journey_id, lang, result)
    # The map is tiled as the PDF export tiles it: card titles stay readable in print.
    scene = journey_map(project, journey_id, MapOptions(lang=lang))
    map_area = map_room(body, pt)
    plan = plan_room(scene, (map_area.width(), map_area.height()), MAP_MIN_TEXT, compact=True)
    if len(plan.pages) > MAX_MAP_PAGES:
        # A map that needs dozens of readable pages belongs in the map export (A3 tiles, or a
        # poster): the report shows its overview on one page and says where the readable one is.
        overview = t.gettext(
            "The whole map at a glance: readable, it takes {n} pages. Export the map as a PDF on A3 for the detail."
        ).format(n=t.number(len(plan.pages)))
        plan = plan_room(scene, (map_area.width(), map_area.height() - 14 * pt), 0.0)
    else:
        overview = ""
    total = 1 + len(plan.pages) + len(charts) + text_pages

    painter = QPainter(writer)
    page_no = [0]
    running_title = f"{project.info.name} · {journey.name}" if project.info.name else journey.name

    def new_page(heading: str | None) -> None:
        if page_no[0]:
            writer.newPage()
        page_no[0] += 1
        painter.setPen(muted)
        f = font(7.5)
        head_w = body.width() * 0.7
        draw_lines(painter, wrap_text(running_title, f, head_w, 1), f, margin, margin - 6 * pt, head_w)
        painter.drawText(
            QRectF(margin, page_h - margin, body.width(), 14 * pt),
            int(Qt.AlignmentFlag.AlignRight),
            t.gettext("Page {n} of {total}").format(n=page_no[0], total=total),
        )
        painter.drawText(QRectF(margin, page_h - margin, body.width() / 2, 14 * pt), 0, f"CX Designer · {date}")
        painter.setPen(style.CELL_BORDER)
        painter.drawLine(QPointF(margin, margin + 6 * pt), QPointF(page_w - margin, margin + 6 * pt))
        if heading:
            painter.setPen(ink)
            draw_lines(painter, [heading], font(15, bold=True), margin, margin + 12 * pt, body.width())

    try:
        # -- cover ------------------------------------------------------------------------
        new_page(None)
        x, w = margin + 30 * pt, body.width() - 60 * pt
        y = margin + 90 * pt
        painter.fillRect(QRectF(margin, y - 30 * pt, 8 * pt, 200 * pt), QColor("#1c5f99"))
        painter.setPen(muted)
        y += draw_lines(painter, [t.gettext("Workshop report").upper()], font(11, bold=True), x, y, w)
        painter.setPen(ink)
        f_title = font(28, bold=True)
        y += 6 * pt + draw_lines(painter, wrap_text(journey.name or "—", f_title, w, 3), f_title, x, y + 6 * pt, w)
        painter.setPen(muted)
        if project.info.name:
            f_project = font(13)
            y += 4 * pt + draw_lines(
                painter, wrap_text(project.info.name, f_project, w, 2), f_project, x, y + 4 * pt, w
            )
        y += 30 * pt
        persona_id = journey.persona_id
        persona = project.tables["persona"].get(persona_id) if persona_id else None
        f_body = font(10.5)
        painter.setPen(ink)
        if persona is not None:
            line = t.gettext("Persona") + f": {persona.name}" + (f" — {persona.segment}" if persona.segment else "")
            y += draw_lines(painter, wrap_text(line, f_body, w, 3), f_body, x, y, w)
            if persona.quote:
                painter.setPen(muted)
                y += 2 * pt + draw_lines(painter, wrap_text(persona.quote, f_body, w, 3), f_body, x, y + 2 * pt, w)
                painter.setPen(ink)
        y += 8 * pt + draw_lines(painter, [t.gettext("Date") + f": {date}"], f_body, x, y + 8 * pt, w)
        cards = result["journey"]["cards"]
        stages, conns = len(result["stages"]), result["journey"]["connections"]
        summary = ", ".join(
            (
                t.ngettext("{n} touchpoint", "{n} touchpoints", cards).format(n=t.number(cards)),
                t.ngettext("{n} stage", "{n} stages", stages).format(n=t.number(stages)),
                t.ngettext("{n} connection", "{n} connections", conns).format(n=t.number(conns)),
            )
        )
        y += 4 * pt + draw_lines(painter, [summary], f_body, x, y + 4 * pt, w)
        emo = result.get("emotion", {}).get("journey", {})
        if emo.get("mean") is not None:
            net = t.gettext(
                "Net experience {net} (positive minus negative touchpoints); mean emotion {mean}"
            ).format(net=t.signed(emo.get("net")), mean=t.signed(float(emo["mean"])))
            draw_lines(painter, wrap_text(net, f_body, w, 2), f_body, x, y + 4 * pt, w)

        # -- map: the canvas scene on as many pages as readable text needs ------------------
        count = len(plan.pages)
        for n, page in enumerate(plan.pages):
            heading = t.gettext("Journey map")
            if count > 1:
                heading += " " + t.gettext("({n} of {total})").format(n=t.number(n + 1), total=t.number(count))
            new_page(heading)
            x = map_area.left() + (0.0 if plan.split else max(0.0, (map_area.width() - page.width * plan.scale) / 2))
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
                painter.setPen(muted)
                f_note = font(FOOTER_PT)
                note = page_note(scene, plan, n, lang)
                draw_lines(
                    painter, wrap_text(note, f_note, map_area.width(), 1), f_note,
                    map_area.left(), map_area.bottom() + 2 * pt, map_area.width(),
                )

        # -- charts -----------------------------------------------------------------------
        for title, png in charts:
            new_page(title)
            area = body.adjusted(0, 26 * pt, 0, 0)
            if png is None:
                painter.setPen(muted)
                no_chart = t.gettext("Not enough data for this chart.")
                draw_lines(painter, [no_chart], font(10), area.left(), area.top() + 10 * pt, area.width())
                continue
            img = QImage.fromData(png)
            s = min(area.width() / img.width(), area.height() / img.height())
            iw, ih = img.width() * s, img.height() * s
            painter.drawImage(QRectF(area.left() + (area.width() - iw) / 2, area.top(), iw, ih), img)

        # -- insights, gaps, touchpoints (QTextDocument paginates without cutting lines) ---------
        for i in range(text_pages):
            new_page(None)
            painter.save()
            painter.translate(body.left(), body.top() - i * body.height())
            doc.drawContents(painter, QRectF(0, i * body.height(), body.width(), body.height()))
            painter.restore()
    finally:
        painter.end()
    buffer.close()
    atomic.write_bytes(path, bytes(buffer.data().data()))


__all__ = ["esc", "map_room", "page_body", "persona_name", "report_html", "write_report"]
