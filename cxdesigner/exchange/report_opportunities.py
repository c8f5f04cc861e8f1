"""The report's Opportunities section: what the board plans for the journey's steps, highest score first."""

from __future__ import annotations

import html

from ..analysis.opportunities import opportunity_rows
from ..i18n import translation
from ..model import Project

_MAX_TITLE = 300  # characters of a title in a table cell; the board and the CSV have it whole


def _esc(text: str, limit: int = _MAX_TITLE) -> str:
    """Project text for QTextDocument HTML: shortened, escaped, so nothing in it is ever markup."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return html.escape(text, quote=True).replace("\n", "<br/>")


def opportunities_html(project: Project, journey_id: str, lang: str) -> str:
    """A table of the opportunities linked to this journey's cards, or nothing when there are none."""
    t = translation(lang)
    cards = {tp.id for tp in project.touchpoints(journey_id)} | {tp.id for tp in project.inbox(journey_id)}
    rows = [
        r for r in opportunity_rows(project, lang)
        if any(k.touchpoint_id in cards for k in project.opportunity_links(r.opportunity.id))
    ]  # fmt: skip
    if not rows:
        return ""
    # Highest score first; unscored ones last, in board order.
    rows.sort(key=lambda r: -(r.score.score if r.score else -1.0))
    intro = t.gettext(
        "Opportunity score = importance + max(importance − satisfaction, 0) of the linked steps, on a 0–10 scale "
        "(cards' 1–5 doubled)."
    )
    heads = [
        "#", t.gettext("Opportunity"), t.gettext("Status"), t.gettext("Owner"), t.gettext("Effort"),
        t.gettext("Impact"), t.gettext("Score"), t.gettext("Steps"), t.gettext("Solutions"),
    ]  # fmt: skip
    h = ["<h1>" + _esc(t.gettext("Opportunities")) + f"</h1><p class='muted'>{_esc(intro)}</p>"]
    h.append("<table width='100%' cellspacing='0' cellpadding='4' class='grid'><tr>")
    h += [f"<th align='left'>{_esc(head)}</th>" for head in heads]
    h.append("</tr>")
    for i, r in enumerate(rows):
        o = r.opportunity
        shade = " bgcolor='#f3f5f8'" if i % 2 else ""
        score = t.number(r.score.score) if r.score else "–"
        cells = [
            str(i + 1), "<b>" + _esc(o.title or "—") + "</b>", _esc(r.status), _esc(o.owner),
            str(o.effort or "–"), str(o.impact or "–"), score,
            "<br/>".join(_esc(c, 120) for c in r.cards), "<br/>".join(_esc(s, 120) for s in r.solutions),
        ]  # fmt: skip
        h.append(f"<tr{shade}>" + "".join(f"<td valign='top'>{c}</td>" for c in cells) + "</tr>")
    h.append("</table>")
    return "".join(h)


__all__ = ["opportunities_html"]
