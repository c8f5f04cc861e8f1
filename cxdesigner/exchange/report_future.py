"""The report's "Current and future state" section: what the future state changes, stage by stage.

Only when the journey has a future state (or is one of a journey that still exists); its own module,
since other report sections grow in report_sections.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..analysis.compare import compare
from ..i18n import name_in_text, translation
from ..model import Project
from .report_opportunities import _esc
from .report_sections import Block, continued, heading, paragraph, table

_LISTED = 20  # cards named per list; the compare view and `cxdesigner compare` have them all


def future_pair(project: Project, journey_id: str) -> tuple[str, str] | None:
    """(current, future) journey ids for the section, or None when the journey has neither."""
    j = project.get("journey", journey_id)
    futures = project.future_states(journey_id)
    if futures:
        return journey_id, futures[0].id
    if j.future_of and j.future_of in project.tables["journey"]:
        return j.future_of, journey_id
    return None


def future_blocks(project: Project, journey_id: str, lang: str) -> list[Block]:
    pair = future_pair(project, journey_id)
    if pair is None:
        return []
    t = translation(lang)
    r = compare(project, pair[0], project, pair[1], lang)
    note = t.gettext("From “{before}” (current) to “{after}” (future)").format(
        before=name_in_text(r["before"]["name"]), after=name_in_text(r["after"]["name"])
    )
    out = [heading(t.gettext("Current and future state"), note=note)]
    out.append(
        paragraph(
            t.gettext("Added: {added} · Removed: {removed} · Changed: {changed} · Gaps closed: {gaps}").format(
                added=len(r["added"]), removed=len(r["removed"]), changed=len(r["changed"]),
                gaps=len(r["gaps_closed"]),
            )
        )
    )  # fmt: skip
    out[-1].with_next = True  # the counts introduce the table: never alone at a page's foot
    heads = [t.gettext("Stage"), t.gettext("Emotion before"), t.gettext("Emotion after"), t.gettext("Change")]
    rows = [
        [_esc(s["label"], 120), t.signed(s["emotion_before"]), t.signed(s["emotion_after"]), t.signed(s["change"])]
        for s in r["stages"]
    ]
    out += table(heads, [40, 20, 20, 20], rows, align=["left", "right", "right", "right"],
                 caption=continued(t, t.gettext("Current and future state")))

    def listing(title: str, items: list[str]) -> None:
        if not items:
            return
        shown = items[:_LISTED] + ([f"… (+{len(items) - _LISTED})"] if len(items) > _LISTED else [])
        out.append(Block(f"<p><b>{_esc(title)}</b>: " + ", ".join(_esc(i, 120) for i in shown) + "</p>"))

    listing(t.gettext("Added cards"), [c["title"] for c in r["added"]])
    listing(t.gettext("Removed cards"), [c["title"] for c in r["removed"]])
    listing(t.gettext("Changed cards"), [c["title"] for c in r["changed"]])
    closed = [f"{g['title']} ({t.signed(g['gap_before'])} → {t.signed(g['gap_after'])})" for g in r["gaps_closed"]]
    listing(t.gettext("Gaps closed"), closed)
    return out


def future_picture(project: Project, journey_id: str, lang: str) -> tuple[float, float, Callable[[Any], None]] | None:
    """Both maps side by side with the cards added, removed and changed outlined, as the compare view's
    Export draws them (size in scene units, and a painter function); None without a future state.
    """
    from .compare_map import comparison_picture

    pair = future_pair(project, journey_id)
    if pair is None:
        return None
    t = translation(lang)
    before, after = (project.get("journey", jid).name for jid in pair)
    return comparison_picture(
        (project, pair[0], t.gettext("Current: {name}").format(name=before)),
        (project, pair[1], t.gettext("Future: {name}").format(name=after)),
        lang,
    )


__all__ = ["future_blocks", "future_pair", "future_picture"]
