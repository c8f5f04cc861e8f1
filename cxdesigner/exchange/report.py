"""The workshop report as PDF: cover, map, charts, insights, gap ranking and every touchpoint in detail."""
# ruff: noqa: E501  (the en/es word table reads best one entry per line)

from __future__ import annotations

import html
import time
from pathlib import Path
from typing import Any

from ..model import Project, vocab
from ..storage import atomic
from .common import persona_name

# fmt: off
WORDS: dict[str, tuple[str, str]] = {
    "report": ("Workshop report", "Informe del taller"),
    "journey": ("Journey", "Viaje"),
    "persona": ("Persona", "Persona"),
    "date": ("Date", "Fecha"),
    "project": ("Project", "Proyecto"),
    "summary": ("{cards} touchpoints in {stages} stages, {conns} connections", "{cards} puntos de contacto en {stages} etapas, {conns} conexiones"),
    "net": ("Net experience {net} (positive minus negative touchpoints); mean emotion {mean}", "Satisfacción neta {net} (puntos positivos menos negativos); emoción media {mean}"),
    "map": ("Journey map", "Mapa del viaje"),
    "curve": ("Emotion curve", "Curva emocional"),
    "quadrants": ("Importance vs satisfaction", "Importancia frente a satisfacción"),
    "insights": ("Insights", "Hallazgos"),
    "no_insights": ("No findings: the journey has no obvious breaks.", "Sin hallazgos: el viaje no muestra rupturas evidentes."),
    "gaps": ("Gap ranking", "Ranking de brechas"),
    "gaps_intro": ("Gap = importance − satisfaction; ranked by importance × gap: improve from the top.", "Brecha = importancia − satisfacción; ordenado por importancia × brecha: mejore desde arriba."),
    "no_gaps": ("No touchpoint has both importance and satisfaction rated.", "Ningún punto de contacto tiene valoradas la importancia y la satisfacción."),
    "rank": ("#", "#"),
    "touchpoint": ("Touchpoint", "Punto de contacto"),
    "stage": ("Stage", "Etapa"),
    "importance": ("Importance", "Importancia"),
    "satisfaction": ("Satisfaction", "Satisfacción"),
    "gap": ("Gap", "Brecha"),
    "weighted": ("Importance × gap", "Importancia × brecha"),
    "details": ("Touchpoints", "Puntos de contacto"),
    "lane": ("Lane", "Carril"),
    "channel": ("Channel", "Canal"),
    "emotion": ("Emotion", "Emoción"),
    "expectation": ("Expectation", "Expectativa"),
    "experience": ("Experience", "Experiencia"),
    "pain_points": ("Pain points", "Puntos de dolor"),
    "opportunities": ("Opportunities", "Oportunidades"),
    "mot": ("Moment of truth", "Momento de la verdad"),
    "votes": ("votes", "votos"),
    "page": ("Page {n} of {total}", "Página {n} de {total}"),
    "no_chart": ("Not enough data for this chart.", "No hay datos suficientes para este gráfico."),
}
# fmt: on

PAGE_W_MM, PAGE_H_MM = 297.0, 210.0  # A4 landscape: maps and tables are wide
MARGIN = 40.0
HEADER = 22.0
FOOTER = 22.0


def word(key: str, lang: str, **values: Any) -> str:
    en, es = WORDS[key]
    return (es if lang == "es" else en).format(**values)


def esc(text: str) -> str:
    """Project text for QTextDocument HTML: escaped, so nothing in it is ever markup."""
    return html.escape(text, quote=True).replace("\n", "<br/>")


def _signed(v: Any) -> str:
    if v is None:
        return "–"
    text = f"{v:+.1f}" if isinstance(v, float) else (f"{v:+d}" if v else "0")
    return text.replace("-", "−")


def _chart_png(fig: Any, dpi: int = 200) -> bytes:
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def _charts(project: Project, journey_id: str, lang: str, result: dict[str, Any]) -> list[tuple[str, bytes | None]]:
    """The analysis charts as PNGs (from cxdesigner.charts); None where a chart cannot be drawn."""
    out: list[tuple[str, bytes | None]] = []
    try:
        from ..charts import figures
    except ImportError:  # pragma: no cover - the charts ship with the app
        return [(word("curve", lang), None), (word("quadrants", lang), None)]
    for key, builder in (("curve", figures.emotion_curve), ("quadrants", figures.quadrant_chart)):
        try:
            fig = builder(project, journey_id, lang=lang, figsize=(11, 5.6), result=result)
            out.append((word(key, lang), _chart_png(fig)))
        except (ValueError, KeyError):
            out.append((word(key, lang), None))
    return out


def report_html(project: Project, journey_id: str, lang: str, result: dict[str, Any]) -> str:
    """Insights, gap ranking and touchpoint details as HTML in which all project text is escaped."""
    from ..analysis.insights import finding_text

    cards = {tp.id: tp for tp in project.touchpoints(journey_id)}
    stages = {s.id: s for s in project.stages(journey_id)}
    lanes = {ln.id: ln for ln in project.lanes(journey_id)}
    h: list[str] = []
    h.append(f"<h1>{esc(word('insights', lang))}</h1>")
    findings = result.get("insights") or []
    if findings:
        h.append("<ul>")
        for f in findings:
            h.append(f"<li>{esc(finding_text(f, 600))}</li>")
        h.append("</ul>")
    else:
        h.append(f"<p>{esc(word('no_insights', lang))}</p>")

    h.append(f"<h1>{esc(word('gaps', lang))}</h1><p class='muted'>{esc(word('gaps_intro', lang))}</p>")
    gaps = result.get("gaps", {}).get("items", [])
    if gaps:
        heads = ["rank", "touchpoint", "stage", "importance", "satisfaction", "gap", "weighted"]
        h.append("<table width='100%' cellspacing='0' cellpadding='4' class='grid'><tr>")
        h += [f"<th align='left'>{esc(word(k, lang))}</th>" for k in heads]
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
                f"<td align='center'><b>{_signed(g['gap'])}</b></td>"
                f"<td align='center'>{_signed(g['weighted_gap'])}</td></tr>"
            )
        h.append("</table>")
    else:
        h.append(f"<p>{esc(word('no_gaps', lang))}</p>")

    h.append(f"<h1>{esc(word('details', lang))}</h1>")
    for tp in cards.values():
        h.append(f"<h2>{esc(tp.title or '—')}</h2>")
        facts = [
            f"{esc(word('stage', lang))}: {esc(stages[tp.stage_id].display_name(lang))}",
            f"{esc(word('lane', lang))}: {esc(lanes[tp.lane_id].display_name(lang))}",
        ]
        if tp.channel:
            facts.append(f"{esc(word('channel', lang))}: {esc(project.channel_name(tp.channel, lang))}")
        facts.append(f"{esc(word('emotion', lang))}: {_signed(tp.emotion)}")
        if tp.importance is not None:
            facts.append(f"{esc(word('importance', lang))}: {tp.importance}")
        if tp.satisfaction is not None:
            facts.append(f"{esc(word('satisfaction', lang))}: {tp.satisfaction}")
        if tp.moment_of_truth:
            facts.append(f"★ {esc(word('mot', lang))}")
        if tp.votes:
            facts.append(f"{tp.votes} {esc(word('votes', lang))}")
        if tp.emotion_words:
            facts.append(", ".join(esc(vocab.label(vocab.EMOTION_WORDS, w, lang)) for w in tp.emotion_words))
        h.append(f"<p class='muted'>{' · '.join(facts)}</p>")
        if tp.description:
            h.append(f"<p>{esc(tp.description)}</p>")
        rows = []
        for key in ("expectation", "experience"):
            value = getattr(tp, key)
            if value:
                rows.append((word(key, lang), f"{esc(value)}"))
        for key in ("pain_points", "opportunities"):
            items = getattr(tp, key)
            if items:
                rows.append((word(key, lang), "<br/>".join(f"• {esc(x)}" for x in items)))
        if rows:
            h.append("<table width='100%' cellspacing='0' cellpadding='3'>")
            for name, value in rows:
                h.append(f"<tr><td width='18%' valign='top'><b>{esc(name)}</b></td><td valign='top'>{value}</td></tr>")
            h.append("</table>")
    return "".join(h)


CSS = """
h1 { font-size: 15pt; color: #1f2933; margin-top: 14px; margin-bottom: 6px; }
h2 { font-size: 10.5pt; color: #1f2933; margin-top: 12px; margin-bottom: 2px; }
p { margin-top: 2px; margin-bottom: 4px; }
.muted { color: #52606d; }
th { background-color: #e4e9ef; }
li { margin-bottom: 3px; }
"""


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
    from .mapexport import MapOptions, ensure_gui, journey_map

    ensure_gui()
    lang = "es" if lang == "es" else "en"
    journey = project.get("journey", journey_id)
    result = analyze(project, journey_id, lang=lang)
    date = time.strftime("%Y-%m-%d")
    font = style.font
    ink, muted = style.INK, style.MUTED_INK

    dpi = style.scene_dpi()
    pt = dpi / 72.0  # device units per point
    page_w, page_h = PAGE_W_MM / 25.4 * dpi, PAGE_H_MM / 25.4 * dpi
    margin, header, footer = MARGIN * pt, HEADER * pt, FOOTER * pt
    body = QRectF(margin, margin + header, page_w - 2 * margin, page_h - 2 * margin - header - footer)

    # Painted in memory, then written by the one checked writer: QPdfWriter hides a full disk.
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(dpi)
    writer.setCreator("CX Designer")
    writer.setTitle(f"{word('report', lang)} — {journey.name[:200]}")
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
    total = 2 + len(charts) + text_pages

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
            word("page", lang, n=page_no[0], total=total),
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
        y += draw_lines(painter, [word("report", lang).upper()], font(11, bold=True), x, y, w)
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
            line = f"{word('persona', lang)}: {persona.name}" + (f" — {persona.segment}" if persona.segment else "")
            y += draw_lines(painter, wrap_text(line, f_body, w, 3), f_body, x, y, w)
            if persona.quote:
                painter.setPen(muted)
                y += 2 * pt + draw_lines(painter, wrap_text(persona.quote, f_body, w, 3), f_body, x, y + 2 * pt, w)
                painter.setPen(ink)
        y += 8 * pt + draw_lines(painter, [f"{word('date', lang)}: {date}"], f_body, x, y + 8 * pt, w)
        cards = result["journey"]["cards"]
        summary = word(
            "summary", lang, cards=cards, stages=len(result["stages"]), conns=result["journey"]["connections"]
        )
        y += 4 * pt + draw_lines(painter, [summary], f_body, x, y + 4 * pt, w)
        emo = result.get("emotion", {}).get("journey", {})
        if emo.get("mean") is not None:
            net = word("net", lang, net=_signed(emo.get("net")), mean=_signed(float(emo["mean"])))
            draw_lines(painter, wrap_text(net, f_body, w, 2), f_body, x, y + 4 * pt, w)

        # -- map: the canvas scene, fitted to the page -------------------------------------
        new_page(word("map", lang))
        scene = journey_map(project, journey_id, MapOptions(lang=lang))
        source = scene.full_rect()
        area = body.adjusted(0, 26 * pt, 0, 0)
        scale = min(area.width() / source.width(), area.height() / source.height(), 1.0)
        painter.save()
        painter.translate(area.left() + (area.width() - source.width() * scale) / 2, area.top())
        painter.scale(scale, scale)
        render.paint_map(scene, painter)
        painter.restore()

        # -- charts -----------------------------------------------------------------------
        for title, png in charts:
            new_page(title)
            area = body.adjusted(0, 26 * pt, 0, 0)
            if png is None:
                painter.setPen(muted)
                draw_lines(painter, [word("no_chart", lang)], font(10), area.left(), area.top() + 10 * pt, area.width())
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


__all__ = ["esc", "persona_name", "report_html", "write_report"]
