"""The report's Opportunities section: what the board plans for the journey's steps, highest score first."""

from __future__ import annotations

import html

from ..analysis.opportunities import opportunity_rows
from ..i18n import translation
from ..model import Project
from .report_sections import Block, continued, fixed, heading, table

_MAX_TITLE = 300  # characters of a title in a table cell; the board and the CSV have it whole


def _esc(text: str, limit: int = _MAX_TITLE) -> str:
    """Project text for QTextDocument HTML: shortened, escaped, so nothing in it is ever markup."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return html.escape(text, quote=True).replace("\n", "<br/>")


def opportunities_blocks(project: Project, journey_id: str, lang: str) -> list[Block]:
    """A table of the opportunities linked to this journey's cards, or nothing when there are none."""
    t = translation(lang)
    cards = {tp.id for tp in project.touchpoints(journey_id)} | {tp.id for tp in project.inbox(journey_id)}
    rows = [
        r for r in opportunity_rows(project, lang)
        if any(k.touchpoint_id in cards for k in project.opportunity_links(r.opportunity.id))
    ]  # fmt: skip
    if not rows:
        return []
    # Highest score first; unscored ones last, in board order.
    rows.sort(key=lambda r: -(r.score.score if r.score else -1.0))
    # The 0–10 scale is the ratings', not the score's: 15.3 under "a 0–10 scale" would read as a mistake.
    intro = t.gettext(
        "Opportunity score = importance + max(importance − satisfaction, 0) of the linked steps, both rated"
        " 0–10 (cards' 1–5 doubled): from 0 to 20."
    )
    heads = [
        "#", t.gettext("Opportunity"), t.gettext("Status"), t.gettext("Owner"), t.gettext("Effort"),
        t.gettext("Impact"), t.gettext("Score"), t.gettext("Steps"), t.gettext("Solutions"),
    ]  # fmt: skip
    cells = []
    for i, r in enumerate(rows):
        o = r.opportunity
        cells.append([
            t.number(i + 1), "<b>" + _esc(o.title or "—") + "</b>", _esc(r.status), _esc(o.owner),
            t.number(o.effort) if o.effort else "–", t.number(o.impact) if o.impact else "–",
            fixed(t, r.score.score) if r.score else "–",
            "<br/>".join(_esc(c, 120) for c in r.cards), "<br/>".join(_esc(s, 120) for s in r.solutions),
        ])  # fmt: skip
    widths = [4, 20, 9, 10, 8, 8, 9, 17, 15]  # room for "Puntuación" unbroken
    return [heading(t.gettext("Opportunities"), note=intro),
            *table(heads, widths, cells, ["left", "left", "left", "left", "center", "center", "center"],
                   continued(t, t.gettext("Opportunities")))]


def opportunities_html(project: Project, journey_id: str, lang: str) -> str:
    """The section as one HTML string, as the report's text flow holds it."""
    return "".join(b.html for b in opportunities_blocks(project, journey_id, lang))


__all__ = ["opportunities_blocks", "opportunities_html"]
