"""The report's text sections as blocks of HTML that the page flow keeps whole (see report_flow).

Every piece of project text is escaped; every number goes through the language's formatter
(``t.number``/``t.signed``/``t.percent``), so a Spanish report prints decimal commas throughout.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..analysis import measures
from ..analysis.text import PHASE_WORDS, SEVERITIES
from ..i18n import Translator, translation
from ..model import Project, Touchpoint, vocab

GAP_ROWS = 30  # the gap ranking's first rows: the whole list is in the analysis export
CRITICAL_ROWS = 15
PATH_ROWS = 10
COMPARED_JOURNEYS = 3
KEEP_ROWS = 3  # a table cut by a page break leaves at least this many rows on either side
SHADE = "#f3f5f8"
HEAD = "#e4e9ef"


def esc(text: str) -> str:
    """Project text for QTextDocument HTML: escaped, so nothing in it is ever markup."""
    return html.escape(text, quote=True).replace("\n", "<br/>")


@dataclass
class Block:
    """A piece of the text flow that is never cut by a page break (unless it is taller than a page).

    ``with_next`` keeps a heading on the page of what follows it; ``header`` is repeated at the
    top of a page when a table's rows go on there; ``space`` is left above the block unless it
    opens a page.
    """

    html: str
    with_next: bool = False
    header: Block | None = None
    space: float = 0.0  # points
    tag: str = ""  # what the block shows, for tests and debugging: "card:<id>", "row", ...


def heading(text: str, level: int = 1, note: str = "", page_break: bool = False) -> Block:
    h = f"<h{level}>{esc(text)}</h{level}>"
    if note:
        h += f"<p class='muted'>{esc(note)}</p>"
    return Block(h, with_next=True, space=10.0 if level == 1 else 6.0, tag="page" if page_break else "heading")


def paragraph(text: str, muted: bool = False) -> Block:
    cls = " class='muted'" if muted else ""
    return Block(f"<p{cls}>{esc(text)}</p>")


def table(heads: Sequence[str], widths: Sequence[int], rows: Sequence[Sequence[str]],
          align: Sequence[str] = (), caption: str = "") -> list[Block]:
    """A table as one block per row (cells already HTML), the head repeated on each page it runs onto.

    ``caption`` (plain text: see :func:`continued`) goes above the repeated head, so a page that
    opens on the rest of a table says which table it is.
    """
    aligns = list(align) + ["left"] * (len(heads) - len(align))

    def row(cells: Sequence[str], shade: str, tag: str = "td") -> str:
        bg = f" bgcolor='{shade}'" if shade else ""
        tds = "".join(
            f"<{tag} width='{w}%' align='{a}' valign='top'>{c}</{tag}>" for c, w, a in zip(cells, widths, aligns)
        )
        return f"<table width='100%' cellspacing='0' cellpadding='3'><tr{bg}>{tds}</tr></table>"

    head_row = row([f"<b>{esc(h)}</b>" for h in heads], HEAD)
    head = Block((f"<p class='muted'>{esc(caption)}</p>" if caption else "") + head_row, tag="head")
    out = [Block(head_row, with_next=True, tag="head", space=2.0)]
    n = len(rows)
    for i, cells in enumerate(rows):
        # The first and last few rows hold on to their neighbours: a row or two alone under a repeated
        # head at the top of a page (or under the table's heading at a page's foot) reads as a stray.
        keep = (i < KEEP_ROWS - 1 or i >= n - KEEP_ROWS) and i < n - 1  # the last row holds on to nothing
        out.append(Block(row(cells, SHADE if i % 2 else ""), with_next=keep, header=head, tag="row"))
    return out


def continued(t: Translator, title: str) -> str:
    """The caption of a table's rest on a later page: ``Gap ranking (continued)``."""
    return t.gettext("{title} (continued)").format(title=title)


def fixed(t: Translator, value: float | None, decimals: int = 1, signed: bool = False) -> str:
    """A number with exactly ``decimals`` decimals, so a column of them lines up: ``10,0`` beside ``92,9``."""
    text = (t.signed if signed else t.number)(value, decimals)
    if value is None or not decimals:
        return text
    point = t.number(0.5)[1]  # the language's decimal separator
    return text if point in text else text + point + "0" * decimals


# -- key figures ---------------------------------------------------------------------------


def survey_scores(project: Project, cards: Sequence[Touchpoint]) -> dict[str, list[int]]:
    """Every survey answer given on the journey's cards, by measure."""
    out: dict[str, list[int]] = {}
    for tp in cards:
        for r in project.responses(tp.id):
            out.setdefault(r.measure, []).append(r.score)
    return out


def ci_text(t: Translator, ci: tuple[float, float], signed: bool = False, level: bool = True) -> str:
    """A 95 % interval as the language writes it: ``95% CI −72.9 to −31.3`` / ``IC del 95 %: −72,9 a −31,3``."""
    fmt = t.signed if signed else t.number
    if not level:
        return t.gettext("{low} to {high}").format(low=fmt(ci[0]), high=fmt(ci[1]))
    return t.gettext("{level} CI {low} to {high}").format(level=t.percent(0.95), low=fmt(ci[0]), high=fmt(ci[1]))


def survey_rows(t: Translator, project: Project, cards: Sequence[Touchpoint]) -> list[dict[str, str]]:
    """The journey's survey measures: name, value, 95 % interval (NPS and CSAT) and number of answers."""
    scores = survey_scores(project, cards)
    values = measures.survey(scores)
    ci = measures.survey_intervals(scores)
    rows = []
    if "nps" in values:
        v = values["nps"]
        rows.append({"key": "nps", "name": "NPS", "value": t.signed(v["value"]),
                     "ci": ci_text(t, ci["nps"], signed=True), "range": ci_text(t, ci["nps"], True, False),
                     "n": t.number(v["n"]),
                     "detail": t.gettext("{p} promoters, {d} detractors").format(
                         p=t.percent(v["promoters"] / 100), d=t.percent(v["detractors"] / 100))})
    if "csat" in values:
        v = values["csat"]
        rows.append({"key": "csat", "name": "CSAT", "value": t.percent(v["value"] / 100),
                     "ci": ci_text(t, ci["csat"]), "range": ci_text(t, ci["csat"], level=False), "n": t.number(v["n"]),
                     "detail": t.gettext("share of 4 and 5 on a 1–5 scale")})
    if "ces" in values:
        v = values["ces"]
        rows.append({"key": "ces", "name": "CES", "value": t.number(v["value"], 2), "ci": "",
                     "n": t.number(v["n"]), "detail": t.gettext("mean effort on a 1–7 scale")})
    if "emotion" in values:
        v = values["emotion"]
        rows.append({"key": "emotion", "name": t.gettext("Surveyed emotion"), "value": t.signed(v["value"]),
                     "ci": "", "n": t.number(v["n"]), "detail": t.gettext("mean on a −3 … +3 scale")})
    return rows


def key_figures(project: Project, journey_id: str, result: Mapping[str, Any], lang: str) -> list[tuple[str, str, str]]:
    """The cover's figures as (label, value, detail): net experience, mean emotion, NPS, CSAT, pain points."""
    t = translation(lang)
    cards = project.touchpoints(journey_id)
    emo = result["emotion"]["journey"]
    out = [
        (t.gettext("Net experience"), t.signed(emo["net"]),
         t.gettext("{pos} positive, {neg} negative").format(pos=t.number(emo["positive"]),
                                                            neg=t.number(emo["negative"]))),
        (t.gettext("Mean emotion"), t.signed(emo["mean"]),
         t.ngettext("of {n} rated touchpoint", "of {n} rated touchpoints", emo["rated"]).format(
             n=t.number(emo["rated"]))),
    ]
    for row in survey_rows(t, project, cards):
        if row["key"] in ("nps", "csat"):
            out.append((row["name"], row["value"], row["ci"] + "\n" + t.gettext("n = {n}").format(n=row["n"])))
    pains = sum(len(tp.pain_points) for tp in cards)
    where = sum(1 for tp in cards if tp.pain_points)
    out.append((t.gettext("Pain points"), t.number(pains),
                t.ngettext("on {n} touchpoint", "on {n} touchpoints", where).format(n=t.number(where))))
    return out


def top_findings(result: Mapping[str, Any], lang: str, count: int = 3) -> list[tuple[int, str, str]]:
    """The most severe findings as (severity, its word, text); the analysis already ranks them by severity."""
    from ..analysis.insights import finding_text

    t = translation(lang)
    found = [f for f in result.get("insights") or [] if f["severity"] > 0] or list(result.get("insights") or [])
    return [(f["severity"], t.gettext(SEVERITIES[f["severity"]]), finding_text(f, 260)) for f in found[:count]]


# -- analysis sections -----------------------------------------------------------------------


def insights_blocks(result: Mapping[str, Any], lang: str) -> list[Block]:
    from ..analysis.insights import finding_text

    t = translation(lang)
    out = [heading(t.gettext("Insights"), note=t.gettext("Most severe first."))]
    findings = result.get("insights") or []
    if not findings:
        out.append(paragraph(t.gettext("No findings: the journey has no obvious breaks.")))
    for f in findings:
        word = esc(t.gettext(SEVERITIES[f["severity"]]))
        out.append(Block(f"<p><b>{word}</b> · {esc(finding_text(f, 600))}</p>", tag="finding"))
    return out


def _title(cards: Mapping[str, Touchpoint], card_id: str) -> str:
    tp = cards.get(card_id)
    return esc(tp.title or "—") if tp is not None else "—"


def gap_blocks(project: Project, journey_id: str, result: Mapping[str, Any], lang: str) -> list[Block]:
    t = translation(lang)
    cards = {tp.id: tp for tp in project.touchpoints(journey_id)}
    stages = {s.id: s for s in project.stages(journey_id)}
    intro = t.gettext("Gap = importance − satisfaction; ranked by importance × gap: improve from the top.")
    gaps = result.get("gaps", {}).get("items", [])
    out = [heading(t.gettext("Gap ranking"), note=intro)]
    if not gaps:
        out.append(paragraph(t.gettext("No touchpoint has both importance and satisfaction rated.")))
        return out
    heads = ["#", t.gettext("Touchpoint"), t.gettext("Stage"), t.gettext("Importance"), t.gettext("Satisfaction"),
             t.gettext("Gap"), t.gettext("Importance × gap")]
    rows = []
    # The scores the analysis ranked by (a room's ratings where a card has them) are in its card rows.
    scored = {c["id"]: c for c in result["cards"]}
    for rank, card_id in enumerate(gaps[:GAP_ROWS], start=1):
        tp, g = cards[card_id], scored[card_id]
        rows.append([t.number(rank), esc(tp.title or "—"), esc(stages[tp.stage_id].display_name(lang)),
                     t.number(g["importance"]), t.number(g["satisfaction"]), f"<b>{t.signed(g['gap'])}</b>",
                     t.signed(g["importance"] * g["gap"])])
    out += table(heads, [5, 35, 18, 10, 10, 8, 14], rows, ["left", "left", "left", "center", "center", "center",
                                                            "center"], continued(t, t.gettext("Gap ranking")))
    if len(gaps) > GAP_ROWS:
        out[-1].with_next = True  # the count of the rows left out ends the table, on its page
        # Said to the client who reads it: what the rest are, not which of our exports lists them.
        out.append(paragraph(t.ngettext(
            "… and {n} more rated touchpoint, lower in the ranking.",
            "… and {n} more rated touchpoints, lower in the ranking.",
            len(gaps) - GAP_ROWS,
        ).format(n=t.number(len(gaps) - GAP_ROWS)), muted=True))
    return out


def critical_blocks(project: Project, journey_id: str, result: Mapping[str, Any], lang: str) -> list[Block]:
    t = translation(lang)
    cards = {tp.id: tp for tp in project.touchpoints(journey_id)}
    stages = {s.id: s for s in project.stages(journey_id)}
    note = t.gettext(
        "Priority = how many paths pass the step × how painful it is (emotion, gap and votes), 0–100."
    )
    out = [heading(t.gettext("Critical steps"), note=note)]
    items = result["critical"]["items"]
    if not items:
        out.append(paragraph(t.gettext("No step stands out: none is both on many paths and painful.")))
        return out
    heads = ["#", t.gettext("Touchpoint"), t.gettext("Stage"), t.gettext("Priority"), t.gettext("On paths"),
             t.gettext("Centrality"), t.gettext("Emotion"), t.gettext("Gap")]
    rows = []
    for i, c in enumerate(items[:CRITICAL_ROWS]):
        tp = cards[c["card"]]
        rows.append([t.number(i + 1), esc(tp.title or "—"), esc(stages[tp.stage_id].display_name(lang)),
                     f"<b>{fixed(t, c['priority'])}</b>", t.percent(c["path_share"]), fixed(t, c["centrality"], 2),
                     t.signed(tp.emotion), t.signed(tp.gap)])
    out += table(heads, [5, 33, 18, 10, 9, 10, 8, 7], rows,
                 ["left", "left", "left", "center", "center", "center", "center", "center"],
                 continued(t, t.gettext("Critical steps")))
    return out


def _path_key(p: Mapping[str, Any]) -> tuple[Any, ...]:
    return (p["peak_end"], p["net"], p["mean"], p["valley"]["emotion"], p["index"])


def path_blocks(project: Project, journey_id: str, result: Mapping[str, Any], lang: str) -> list[Block]:
    t = translation(lang)
    cards = {tp.id: tp for tp in project.touchpoints(journey_id)}
    paths = result["paths"]
    count = paths["count"]
    if paths["truncated"]:
        found = t.ngettext("{n} path (stopped at the limit)", "{n} paths (stopped at the limit)", count)
    else:
        found = t.ngettext("{n} path", "{n} paths", count)
    note = found.format(n=t.number(count)) + ". " + t.gettext(
        "Worst first: peak-end = (most intense moment + end) / 2; the valley is the lowest moment.")
    out = [heading(t.gettext("Paths: valleys and peak-end"), note=note)]
    rated = sorted((p for p in paths["items"] if p["peak_end"] is not None), key=_path_key)
    if not rated:
        out.append(paragraph(t.gettext("No path has steps with an emotion.")))
        return out
    heads = [t.gettext("Path"), t.gettext("Steps"), t.gettext("Valley"), t.gettext("Peak-end"), t.gettext("End"),
             t.gettext("Net"), t.gettext("Mean")]
    rows = []
    for p in rated[:PATH_ROWS]:
        first, last, length = _title(cards, p["first"]), _title(cards, p["last"]), p["length"]
        steps = t.ngettext("{n} step", "{n} steps", length).format(n=t.number(length))
        steps += f": {first} → {last}" if length > 1 else f": {first}"
        valley = f"{_title(cards, p['valley']['card'])} ({t.signed(p['valley']['emotion'])})"
        rows.append([t.number(p["index"] + 1), steps, valley, f"<b>{fixed(t, p['peak_end'], signed=True)}</b>",
                     t.signed(p["end"]["emotion"]), t.signed(p["net"]), fixed(t, p["mean"], signed=True)])
    out += table(heads, [10, 36, 25, 9, 6, 6, 8], rows,
                 ["left", "left", "left", "center", "center", "center", "center"],
                 continued(t, t.gettext("Paths: valleys and peak-end")))
    if len(rated) > PATH_ROWS:
        more = len(rated) - PATH_ROWS
        out[-1].with_next = True
        out.append(paragraph(t.ngettext("… and {n} more path.", "… and {n} more paths.", more).format(
            n=t.number(more)), muted=True))
    return out


def survey_blocks(project: Project, journey_id: str, lang: str) -> list[Block]:
    t = translation(lang)
    rows = survey_rows(t, project, project.touchpoints(journey_id))
    # For the client who reads the report: what an interval means, not where our documentation derives it;
    # said only over an interval to read (NPS or CSAT answers), not over an empty section or CES alone.
    note = "" if not any(r.get("range") for r in rows) else t.gettext(
        "Each {level} interval is the range the score would most likely fall in if every customer answered,"
        " worked out from the answers there are (NPS from the shares of promoters and detractors, CSAT by"
        " Wilson's method): the fewer the answers, the wider it is."
    ).format(level=t.percent(0.95))
    out = [heading(t.gettext("Survey measures"), note=note)]
    if not rows:
        out.append(paragraph(t.gettext("This journey has no survey answers yet.")))
        return out
    heads = [t.gettext("Measure"), t.gettext("Value"), t.gettext("{level} interval").format(level=t.percent(0.95)),
             t.gettext("Responses"), t.gettext("What it counts")]
    cells = [[esc(r["name"]), f"<b>{r['value']}</b>", r.get("range") or "–", r["n"], esc(r["detail"])] for r in rows]
    out += table(heads, [16, 10, 24, 12, 38], cells, ["left", "center", "left", "center", "left"],
                 continued(t, t.gettext("Survey measures")))
    return out


def comparison_blocks(project: Project, journey_id: str, lang: str) -> list[Block]:
    """This journey beside the journeys of the project's other personas, stage by stage."""
    from ..analysis.report import compare_journeys

    t = translation(lang)
    journey = project.get("journey", journey_id)
    others = [j for j in project.journeys()
              if j.id != journey_id and j.persona_id and j.persona_id != journey.persona_id]
    if len({p.id for p in project.personas()}) < 2 or not others:
        return []
    note = t.gettext("Mean emotion and mean gap by stage; n is the number of touchpoints.")
    out = [heading(t.gettext("Persona comparison"), note=note)]
    for other in others[:COMPARED_JOURNEYS]:
        cmp = compare_journeys(project, journey_id, other.id, lang=lang)
        names = []
        for side in ("a", "b"):
            name = cmp[side]["name"] or "—"
            names.append(f"{cmp[side]['persona']} · {name}" if cmp[side]["persona"] else name)
        pair = f"{names[0]} ↔ {names[1]}"
        out.append(Block(f"<h2>{esc(pair)}</h2>", with_next=True, space=10.0))
        heads = [t.gettext("Stage"), "n", t.gettext("Mean emotion"), t.gettext("Mean gap"),
                 "n", t.gettext("Mean emotion"), t.gettext("Mean gap")]
        rows = []
        for r in cmp["stages"]:
            cells = [esc(r["label"])]
            for side in ("a", "b"):
                s = r[side]
                cells += [t.number(s["count"]), fixed(t, s["mean"], signed=True),
                          fixed(t, s["mean_gap"], signed=True)] if s else ["–"] * 3
            rows.append(cells)
        totals = ["<b>" + esc(t.gettext("Whole journey")) + "</b>"]
        for side in ("a", "b"):
            s = cmp[side]["totals"]
            totals += [t.number(s["count"]), f"<b>{fixed(t, s['mean'], signed=True)}</b>",
                       fixed(t, s["mean_gap"], signed=True)]
        rows.append(totals)
        out.append(Block(
            "<p class='muted'>" + esc(t.gettext("Left: {a}. Right: {b}.").format(a=names[0], b=names[1])) + "</p>",
            with_next=True))
        out += table(heads, [30, 7, 14, 14, 7, 14, 14], rows, ["left"] + ["center"] * 6, continued(t, pair))
    return out


def when(t: Translator, stamp: str) -> str:
    """A stored ``YYYY-MM-DD HH:MM`` stamp in the language's format; anything else as stored."""
    try:
        return t.datetime(dt.datetime.strptime(stamp, "%Y-%m-%d %H:%M"))
    except ValueError:
        return stamp


def voting_blocks(project: Project, journey_id: str, lang: str) -> list[Block]:
    """The voting sessions the room has seen the counts of: each one's cards ranked by dots."""
    from ..document.voting import is_quick, session_results

    t = translation(lang)
    sessions = [s for s in project.vote_sessions(journey_id) if s.shows_counts and project.session_votes(s.id)]
    if not sessions:
        return []
    stages = {s.id: s for s in project.stages(journey_id)}
    people = project.tables["participant"]
    out = [heading(t.gettext("Voting sessions"))]
    for session in sessions:
        title = t.gettext("Quick votes on the map") if is_quick(session) else session.title or "—"
        voters = len({v.participant_id for v in project.session_votes(session.id)})
        facts = [
            t.ngettext("{n} participant voted", "{n} participants voted", voters).format(n=t.number(voters)),
            t.gettext("open") if session.state == "open" else t.gettext("ended"),
        ]
        if not is_quick(session):
            facts.insert(1, t.ngettext("{n} dot each", "{n} dots each", session.dots).format(n=t.number(session.dots)))
        if session.created:
            facts.append(when(t, session.created))
        out.append(Block(f"<h2>{esc(title)}</h2><p class='muted'>{esc(' · '.join(facts))}</p>", with_next=True,
                         space=10.0))
        named = not session.anonymous
        heads = ["#", t.gettext("Touchpoint"), t.gettext("Stage"), t.gettext("Dots")]
        widths = [5, 45, 30, 20] if not named else [5, 35, 20, 8, 32]
        if named:
            heads.append(t.gettext("Who"))
        order = {pid: i for i, pid in enumerate(session.participant_ids)}  # as the session lists them
        rows = []
        for row in session_results(project, session.id):
            tp = project.get("touchpoint", row["card"])
            stage = stages.get(tp.stage_id)
            where = t.gettext("unplaced") if tp.inbox or stage is None else stage.display_name(lang)
            cells = [t.number(row["rank"]), esc(tp.title or "—"), esc(where), f"<b>{t.number(row['dots'])}</b>"]
            if named:
                by = sorted(row["by_participant"].items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
                cells.append(esc(", ".join(f"{people[pid].name if pid in people else '?'} {t.number(n)}"
                                           for pid, n in by)))
            rows.append(cells)
        out += table(heads, widths, rows, ["left", "left", "left", "center", "left"], continued(t, title))
    return out


# -- touchpoints by stage ----------------------------------------------------------------------


def _emotion_chip(value: int | None) -> str:
    from ..canvas import style

    if value is None:
        return "–"
    fill = style.emotion_colour(value)
    ink = style.ink_on(fill)
    return (f"<span style='background-color:{fill.name()}; color:{ink.name()}'>"
            f"&nbsp;{esc(style.emotion_text(value))}&nbsp;</span>")


def card_block(project: Project, tp: Touchpoint, lanes: Mapping[str, Any], lang: str) -> Block:
    """One card's title, facts and rows in one table: the flow never separates them."""
    t = translation(lang)
    facts = [esc(lanes[tp.lane_id].display_name(lang))]
    if tp.channel:
        facts.append(esc(project.channel_name(tp.channel, lang)))
    if tp.importance is not None:
        facts.append(esc(t.gettext("Importance")) + " " + t.number(tp.importance))
    if tp.satisfaction is not None:
        facts.append(esc(t.gettext("Satisfaction")) + " " + t.number(tp.satisfaction))
    if tp.gap is not None:
        facts.append(esc(t.gettext("Gap")) + " " + t.signed(tp.gap))
    if tp.moment_of_truth:
        facts.append("★ " + esc(t.gettext("Moment of truth")))
    votes = project.shown_votes(tp.id)
    if votes:
        facts.append(esc(t.ngettext("{n} vote", "{n} votes", votes).format(n=t.number(votes))))
    rows: list[tuple[str, str]] = []
    if tp.description:
        rows.append((t.gettext("Description"), esc(tp.description)))
    for name, value in ((t.gettext("Expectation"), tp.expectation), (t.gettext("Experience"), tp.experience)):
        if value:
            rows.append((name, esc(value)))
    emotion = _emotion_chip(tp.emotion)
    if tp.emotion_words:
        emotion += " " + esc(", ".join(vocab.label(vocab.EMOTION_WORDS, w, lang) for w in tp.emotion_words))
    rows.append((t.gettext("Emotion"), emotion))
    for name, items in ((t.gettext("Pain points"), tp.pain_points), (t.gettext("Opportunities"), tp.opportunities)):
        if items:
            rows.append((name, "<br/>".join(f"• {esc(x)}" for x in items)))
    h = ["<table width='100%' cellspacing='0' cellpadding='3'>"]
    h.append(f"<tr bgcolor='{HEAD}'><td colspan='2'><span style='font-size:10.5pt'><b>{esc(tp.title or '—')}</b>"
             f"</span>&nbsp;&nbsp;<span class='muted'>{' · '.join(facts)}</span></td></tr>")
    for name, value in rows:
        h.append(f"<tr><td width='17%' valign='top'><b>{esc(name)}</b></td><td valign='top'>{value}</td></tr>")
    h.append("</table>")
    return Block("".join(h), space=7.0, tag=f"card:{tp.id}")


def stage_blocks(project: Project, journey_id: str, result: Mapping[str, Any], lang: str) -> list[Block]:
    """Each stage's heading (phase, count, mean emotion) and its cards in journey order."""
    t = translation(lang)
    lanes = {ln.id: ln for ln in project.lanes(journey_id)}
    by_stage: dict[str, list[Touchpoint]] = {}
    for tp in project.touchpoints(journey_id):
        by_stage.setdefault(tp.stage_id, []).append(tp)
    out = [heading(t.gettext("Touchpoints by stage"), page_break=True)]
    if not by_stage:
        # One line, not a heading per stage saying «0 touchpoints» (the insights name each empty stage): an empty
        # journey's six took a page of their own for the last three.
        return [*out, paragraph(t.gettext("The journey has no touchpoints yet."))]
    summaries = {row["stage"]: row for row in result["emotion"]["stages"]}
    journey = project.get("journey", journey_id)
    for i, stage in enumerate(project.stages(journey_id)):
        cards = by_stage.get(stage.id, [])
        s = summaries[stage.id]
        # The phase as the map's band names it (the journey's own name, a clinic has no purchase, or the built-in
        # one): the analysis's words for the middle of a sentence began the line «before the purchase · 2 touchpoints».
        phase = journey.phase_name(stage.phase, lang) if stage.phase in PHASE_WORDS else ""
        facts = [phase,
                 t.ngettext("{n} touchpoint", "{n} touchpoints", len(cards)).format(n=t.number(len(cards)))]
        if s["mean"] is not None:
            facts.append(t.gettext("mean emotion {mean}, net {net}").format(mean=t.signed(s["mean"]),
                                                                           net=t.signed(s["net"])))
        name = stage.display_name(lang) or t.gettext("Stage {n}").format(n=i + 1)
        out.append(Block(f"<h2>{esc(name)}</h2><p class='muted'>{esc(' · '.join(f for f in facts if f))}</p>",
                         with_next=bool(cards), space=10.0, tag="stage"))
        # A page that opens on a stage's later cards says whose they are, as a table's rest does: the sample's
        # «Stay» went on over two pages that began with a card and named no stage.
        rest = Block(f"<p class='muted'>{esc(continued(t, name))}</p>", tag="head")
        for tp in cards:
            block = card_block(project, tp, lanes, lang)
            block.header = rest
            out.append(block)
    return out


__all__ = [
    "Block", "card_block", "comparison_blocks", "continued", "critical_blocks", "esc", "gap_blocks", "insights_blocks",
    "key_figures", "path_blocks", "stage_blocks", "survey_blocks", "survey_rows", "top_findings", "voting_blocks",
]  # fmt: skip
