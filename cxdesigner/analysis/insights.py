"""Findings in plain language, most severe first, each pointing to its cards (docs/analysis.md §10)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from operator import itemgetter
from typing import Any

from ..i18n import N_, name_in_text, translation
from ..model import vocab
from .outcome import path_cards
from .text import CROSSHAIRS, KIND_NAMES, lang_of, quoted, short

KIND_ORDER = (
    "nothing_after_purchase",
    "dead_end",
    "path_valley",
    "moment_of_truth",
    "largest_gap",
    "gap",
    "critical",
    "voted",
    "unreachable",
    "loop",
    "concentrate",
    "negative_net",
    "detractors",
    "isolated",
    "empty_stage",
    "empty_phase",
    "inbox",
    "truncated",
)
_KIND_RANK = {k: i for i, k in enumerate(KIND_ORDER)}
PER_KIND = 10
CRITICAL_SHOWN = 3
CRITICAL_MIN_PRIORITY = 10.0
_ID = itemgetter("id")
_GAP = itemgetter("gap")
# The cards and severities of findings grouped without a finding each (see _capped).
_Grouped = tuple[list[str], list[int]]
EMPTY_PHASES = {"before": N_("No card before the purchase"), "during": N_("No card during the purchase")}


def _finding(kind: str, severity: int, text: str, card_ids: list[str] | None = None,
             path: list[str] | None = None, path_index: int | None = None) -> dict[str, Any]:
    return {
        "kind": kind,
        "severity": severity,
        "text": text,
        "card_ids": list(card_ids or []),
        "path": path,
        "path_index": path_index,
    }


def _capped(kind: str, items: list[dict[str, Any]], lang: str, grouped: _Grouped | None = None) -> list[dict[str, Any]]:
    """The first findings of a kind one by one; the rest grouped in one finding with all their cards.

    ``grouped`` holds the cards and severities of findings of the kind that came after the
    listed ones and were never made into findings (they would only be grouped here).
    """
    more_cards, more_severities = grouped or ((), ())
    if len(items) + len(more_severities) <= PER_KIND:
        return items
    rest = items[PER_KIND:]
    # Each card once, where it first comes (a dict keeps the order it was given).
    ids = list(dict.fromkeys(itertools.chain(itertools.chain.from_iterable(f["card_ids"] for f in rest), more_cards)))
    count = len(rest) + len(more_severities)
    t = translation(lang)
    what = t.gettext(KIND_NAMES[kind]) if kind in KIND_NAMES else kind
    text = t.ngettext("… and {n} more: {what}", "… and {n} more: {what}", count).format(n=t.number(count), what=what)
    more = _finding(kind, min(itertools.chain((f["severity"] for f in rest), more_severities)), text, ids)
    return [*items[:PER_KIND], more]


def _gather_gaps(ranked: list[str], start: int, cards: Mapping[str, Mapping[str, Any]],
                 more_cards: list[str], more_severities: list[int]) -> None:
    """The cards and severities of the gap findings of ``ranked[start:]`` (see build_insights)."""
    # The rows and their gaps looked up in C (thousands of cards on a big map), lazily and without a
    # copy of the ranking: the loop stops at the first gap that is not positive.
    rest = itertools.islice(ranked, start, None)
    gaps = map(_GAP, map(cards.__getitem__, itertools.islice(ranked, start, None)))
    for card_id, gap in zip(rest, gaps):
        if gap <= 0:
            break
        if gap >= 2:
            more_cards.append(card_id)
            more_severities.append(3 if gap >= 3 else 2 if gap == 2 else 1)


def build_insights(result: Mapping[str, Any], lang: str | None = None) -> list[dict[str, Any]]:
    """The findings of an :func:`~cxdesigner.analysis.analyze` result, most severe first."""
    lang = lang_of(lang or result["settings"]["lang"])
    t = translation(lang)
    # Built in C: a finding looks up only a few cards, but a big map has tens of thousands.
    rows = result["cards"]
    cards = dict(zip(map(_ID, rows), rows))

    def title(card_id: str, limit: int = 60) -> str:
        return quoted(cards[card_id]["title"], lang, limit)

    graph = result["graph"]
    paths = result["paths"]
    coverage = result["coverage"]
    by_kind: dict[str, list[dict[str, Any]]] = {}

    def add(f: dict[str, Any]) -> None:
        by_kind.setdefault(f["kind"], []).append(f)

    # A big map has thousands of gaps (detractors, negative moments of truth) past the ten listed:
    # those only join the grouped finding (_capped), so only their cards and severity are kept.
    grouped: dict[str, _Grouped] = {}

    def grouped_only(kind: str, severity: int, card_ids: list[str]) -> bool:
        """Keep a finding of ``kind`` for the grouped rest if the ones listed alone are all there."""
        if len(by_kind.get(kind, ())) < PER_KIND:
            return False
        more_cards, more_severities = grouped.setdefault(kind, ([], []))
        more_cards.extend(card_ids)
        more_severities.append(severity)
        return True

    def shown_alone(kind: str) -> bool:
        """Whether the next finding of ``kind`` is listed on its own: the grouped rest (_capped)
        keeps only their cards and severity, so only these need their text written."""
        return len(by_kind.get(kind, ())) < PER_KIND

    if coverage["nothing_after_purchase"]:
        last = graph["last_stage"]
        ending = [c["id"] for c in result["cards"] if c["stage_id"] == last]
        add(_finding("nothing_after_purchase", 3, t.gettext(
            "Nothing after the purchase: no card in an after-purchase stage, so the experience stops at the sale"
        ), ending))

    for v in graph["dead_ends"]:
        add(_finding("dead_end", 3, t.gettext(
            "Dead end: {title} has no next step before the last stage; customers fall out here"
        ).format(title=title(v)) if shown_alone("dead_end") else "", [v]))

    # One finding per card where paths hit their low point, naming the first such path.
    valleys: dict[str, list[int]] = {}
    for p in paths["items"]:
        low = p["valley"]
        if low is not None and low["emotion"] <= -2:
            valleys.setdefault(low["card"], []).append(p["index"])
    # The cards' journey order is their place in ``cards`` (format 5 writes no ``order``), which the
    # dict of rows keeps: the few valleys are picked out in that order (in C), then sorted by emotion,
    # ties staying in journey order, without a dict of every card's place.
    in_order = list(filter(valleys.__contains__, cards)) if valleys else []
    for listed, v in enumerate(sorted(in_order, key=lambda v: cards[v]["emotion"])):
        first, more = valleys[v][0], len(valleys[v]) - 1
        emotion = cards[v]["emotion"]
        # Only the first PER_KIND findings of a kind are listed one by one (_capped); the grouped rest
        # carries no text and no path, so those are written and looked up for the listed alone.
        text = path = None
        if listed < PER_KIND:
            text = t.gettext("Path {path} falls to {emotion} at {title}") if not more else t.ngettext(
                "Path {path} falls to {emotion} at {title} (and {more} more path)",
                "Path {path} falls to {emotion} at {title} (and {more} more paths)",
                more,
            )
            text = text.format(path=first + 1, emotion=t.signed(emotion), title=title(v), more=more)
            path = path_cards(paths, first)
        add(_finding("path_valley", 3 if emotion <= -3 else 2, text or "", [v], path, first))

    for m in coverage["moments_of_truth"]:
        if m["emotion"] is not None and m["emotion"] < 0:
            if grouped_only("moment_of_truth", 3, [m["card"]]):
                continue
            text = t.gettext("Moment of truth feels negative: {title} ({emotion})").format(
                title=title(m["card"]), emotion=t.signed(m["emotion"])
            )
            add(_finding("moment_of_truth", 3, text, [m["card"]]))

    gaps = result["gaps"]["items"]  # card ids, ranked; the card rows hold the scores
    for i, card_id in enumerate(gaps):
        g = cards[card_id]
        gap = g["gap"]
        if gap <= 0:
            # Ranked by importance × gap, then gap, and importance is never negative: so is every later gap.
            break
        if i > 0 and gap < 2:
            continue
        severity = 3 if gap >= 3 else 2 if gap == 2 else 1
        kind = "largest_gap" if i == 0 else "gap"
        if grouped_only(kind, severity, [card_id]):
            # Every later gap finding is grouped too (only this loop adds gaps): a big map has
            # thousands, so only their cards and severities are gathered, as grouped_only would.
            _gather_gaps(gaps, i + 1, cards, *grouped[kind])
            break
        text = (
            t.gettext("Largest gap: {title} (importance {importance}, satisfaction {satisfaction})")
            if i == 0
            else t.gettext("Gap: {title} (importance {importance}, satisfaction {satisfaction})")
        ).format(
            title=title(card_id), importance=t.number(g["importance"]), satisfaction=t.number(g["satisfaction"])
        )
        add(_finding(kind, severity, text, [card_id]))

    for c in result["critical"]["items"][:CRITICAL_SHOWN]:
        if c["priority"] < CRITICAL_MIN_PRIORITY:
            break
        text = t.gettext("Critical touchpoint: {title} is on {share} of paths (priority {priority})").format(
            title=title(c["card"]), share=t.percent(c["path_share"]), priority=t.number(round(c["priority"]))
        )
        add(_finding("critical", 2, text, [c["card"]]))

    # What the room voted first, per session whose counts it may see (ties share the first place).
    for session in result.get("votes", {}).get("sessions", []):
        ranked = session["cards"]
        if not ranked:
            continue
        top = [r["card"] for r in ranked if r["dots"] == ranked[0]["dots"]]
        text = t.ngettext(
            "The room voted {title} first in {session} ({n} dot)",
            "The room voted {title} first in {session} ({n} dots)",
            ranked[0]["dots"],
        ).format(title=", ".join(title(v, 40) for v in top[:3]) + (" …" if len(top) > 3 else ""),
                 session=quoted(session["title"], lang, 60), n=t.number(ranked[0]["dots"]))
        add(_finding("voted", 2, text, top))

    for v in graph["unreachable"]:
        text = t.gettext("Unreachable: no path from an entry leads to {title}").format(
            title=title(v)
        ) if shown_alone("unreachable") else ""
        add(_finding("unreachable", 2, text, [v]))

    # Only loops nobody marked: a connection marked "loop back" is an intended return (docs §1).
    for cycle in graph["loops"]["items"]:
        if not shown_alone("loop"):
            add(_finding("loop", 2, "", list(cycle)))
            continue
        shown_cycle = cycle if len(cycle) <= 6 else [*cycle[:4], cycle[-1]]
        parts = [title(v, 30) for v in shown_cycle]
        if len(cycle) > 6:
            parts.insert(4, "…")
        parts.append(title(cycle[0], 30))
        text = t.gettext("Loop: {cycle} (the step back is not marked “{kind}”)").format(
            cycle=" → ".join(parts), kind=name_in_text(vocab.label(vocab.CONNECTION_KINDS, "loop_back", lang))
        )
        add(_finding("loop", 2, text, list(cycle)))

    quadrants = result["quadrants"]
    focus = quadrants["items"]["concentrate"]
    if focus:
        crosshair = t.gettext(CROSSHAIRS[quadrants["crosshair"]])
        if len(focus) == 1:
            text = t.gettext(
                "1 card to concentrate on (high importance, low satisfaction; {crosshair}): {title}"
            ).format(crosshair=crosshair, title=title(focus[0]))
        else:
            text = t.ngettext(
                "{n} card to concentrate on (high importance, low satisfaction; {crosshair})",
                "{n} cards to concentrate on (high importance, low satisfaction; {crosshair})",
                len(focus),
            ).format(n=t.number(len(focus)), crosshair=crosshair)
        add(_finding("concentrate", 2, text, focus))

    journey_emotion = result["emotion"]["journey"]
    if journey_emotion["net"] < 0:
        text = t.ngettext(
            "More negative than positive steps: net experience {net} over {rated} rated card",
            "More negative than positive steps: net experience {net} over {rated} rated cards",
            journey_emotion["rated"],
        ).format(net=t.signed(journey_emotion["net"]), rated=t.number(journey_emotion["rated"]))
        negative = [c["id"] for c in result["cards"] if (e := c["emotion"]) is not None and e < 0]
        add(_finding("negative_net", 2, text, negative))

    for v, measures in result["survey"]["cards"].items():
        score = measures.get("nps")
        if score is not None and score["value"] < 0:
            if grouped_only("detractors", 2, [v]):
                continue
            text = t.ngettext(
                "Detractors outnumber promoters at {title} (NPS {nps}, {n} answer)",
                "Detractors outnumber promoters at {title} (NPS {nps}, {n} answers)",
                score["n"],
            ).format(
                title=title(v), nps=t.signed(round(score["value"])), n=t.number(score["n"])
            )
            add(_finding("detractors", 2, text, [v]))

    for v in graph["isolated"]:
        text = t.gettext("Not connected: {title} has no connection to the rest of the journey").format(
            title=title(v)
        ) if shown_alone("isolated") else ""
        add(_finding("isolated", 1, text, [v]))

    stage_names = {s["id"]: s["name"] for s in result["stages"]}
    for sid in coverage["empty_stages"]:
        add(_finding("empty_stage", 1, t.gettext("No card in stage {stage}").format(
            stage=quoted(stage_names[sid], lang)
        )))

    if result["cards"]:
        for phase in coverage["empty_phases"]:
            if phase != "after":
                add(_finding("empty_phase", 1, t.gettext(EMPTY_PHASES[phase])))

    waiting = result.get("inbox", {}).get("count", 0)
    if waiting:
        text = t.ngettext(
            "{n} idea waits in the inbox: place it on the map and the analysis takes it in",
            "{n} ideas wait in the inbox: place them on the map and the analysis takes them in",
            waiting,
        ).format(n=t.number(waiting))
        add(_finding("inbox", 1, text, list(result["inbox"]["cards"])))

    if paths["truncated"]:
        n = paths["count"]
        if paths["stopped_by"] == "steps":
            text = t.ngettext(
                "The path search stopped early ({n} path found) because the journey has many loops",
                "The path search stopped early ({n} paths found) because the journey has many loops",
                n,
            )
        else:
            text = t.ngettext(
                "Only the first {n} path was analysed; raise the path limit to see more",
                "Only the first {n} paths were analysed; raise the path limit to see more",
                n,
            )
        add(_finding("truncated", 0, text.format(n=t.number(n))))
    if graph["loops"]["truncated"]:
        loops = graph["loops"]
        text = t.ngettext(
            "Only the first {n} of {total} loop is listed",
            "Only the first {n} of {total} loops are listed",
            loops["total"],
        ).format(n=t.number(loops["count"]), total=t.number(loops["total"]))
        add(_finding("truncated", 0, text))

    findings: list[dict[str, Any]] = []
    for kind, items in by_kind.items():
        findings.extend(_capped(kind, items, lang, grouped.get(kind)))
    # sorted() is stable: within a kind the order chosen above (journey order, gap rank) stays.
    return sorted(findings, key=lambda f: (-f["severity"], _KIND_RANK[f["kind"]]))


def finding_text(finding: Mapping[str, Any], limit: int = 300) -> str:
    """A finding's text on one line, short enough for a list row."""
    return short(str(finding.get("text", "")), limit)
