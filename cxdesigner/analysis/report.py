"""One call that analyses a journey into JSON-ready data, persona comparison and the plain-text report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter, itemgetter
from typing import Any

from ..i18n import _, translation
from ..model import Project, Response, Stage, Touchpoint, vocab
from ..model.entities import shown_value
from . import graph as jg
from . import measures as m
from .insights import CRITICAL_SHOWN, build_insights
from .outcome import path_cards
from .text import CROSSHAIRS, PHASE_WORDS, QUADRANT_LABELS, SEVERITIES, lang_of, quoted

FORMAT_NAME = "cxdesigner-analysis"
FORMAT_VERSION = 5
PHASES = tuple(vocab.PHASES)
# What the analysis reads of each card and connection, in one C call per record.
# The first four make the journey order (Project.touchpoints: stage, lane, position, id).
_CARD_FIELD_NAMES = (
    "stage_id", "lane_id", "position", "id",
    "title", "channel", "emotion", "importance", "satisfaction", "moment_of_truth",
)
_CARD_FIELDS = attrgetter(*_CARD_FIELD_NAMES)
_RECORD = itemgetter(4)
_EDGE_FIELDS = attrgetter("source_id", "target_id", "kind")
_PRIORITY = itemgetter(0)
RATING_MEASURES = ("importance", "satisfaction")


def stage_label(stage: Stage, index: int, lang: str) -> str:
    """A stage's display name, or "Stage n" when it has neither name nor built-in key."""
    return stage.display_name(lang) or translation(lang).gettext("Stage {n}").format(n=index + 1)


def _channel_columns(project: Project, used: set[str]) -> list[str]:
    """Channels used in the journey, in catalogue order, with "" (no channel) last."""
    catalogue = list(vocab.CHANNELS) + [c.id for c in project.channels()]
    columns = [k for k in catalogue if k in used]
    columns += sorted(used - set(columns) - {""})
    if "" in used:
        columns.append("")
    return columns


def coverage(project: Project, journey_id: str, lang: str = "en") -> dict[str, Any]:
    """Cards per stage × channel, empty stages and phases, moments of truth (docs §7)."""
    stages = project.stages(journey_id)
    rank = {s.id: i for i, s in enumerate(stages)}
    cards = project.touchpoints(journey_id)
    moments = [{"card": tp.id, "emotion": tp.emotion} for tp in cards if tp.moment_of_truth]
    return _coverage_of(project, stages, [rank[tp.stage_id] for tp in cards], [tp.channel for tp in cards], moments,
                        lang)


def _coverage_of(
    project: Project,
    stages: Sequence[Stage],
    ranks: Sequence[int],
    channels: Sequence[str],
    moments: list[dict[str, Any]],
    lang: str,
) -> dict[str, Any]:
    """:func:`coverage` from the cards' stage positions and channels, in journey order, and their moments of truth."""
    columns = _channel_columns(project, set(channels))
    col = {k: j for j, k in enumerate(columns)}
    matrix = [[0] * len(columns) for _ in stages]
    for r, channel in zip(ranks, channels, strict=True):
        matrix[r][col[channel]] += 1
    phases_used = {stages[r].phase for r in set(ranks)}
    return {
        "channels": [
            {"key": k, "name": project.channel_name(k, lang) if k else translation(lang).gettext("(no channel)")}
            for k in columns
        ],
        "matrix": matrix,
        "empty_stages": [s.id for s, r in zip(stages, matrix) if not any(r)],
        "empty_phases": [p for p in PHASES if p not in phases_used],
        "nothing_after_purchase": bool(ranks) and "after" not in phases_used,
        "moments_of_truth": moments,
        "negative_moments": [mo["card"] for mo in moments if mo["emotion"] is not None and mo["emotion"] < 0],
    }


def answered_scores(
    project: Project, ids: Iterable[str], responses: Iterable[Response] | None = None
) -> dict[str, dict[str, float]]:
    """The one place that decides a step's importance and satisfaction beyond the card's own fields.

    Per card of ``ids``, per measure, the mean of its survey responses of that measure (a room's
    ratings are stored as responses tagged with the session, imported answers as plain ones).
    A measure with no answer keeps the card's own score, so only measures answered are listed.
    As NPS, CSAT and the emotion measures do, answers count as they are: a room's 1-5 ratings are
    the same scale as the card's fields. ``responses`` are ``project.responses()``, when the caller has them.
    """
    wanted = set(ids)
    sums: dict[str, dict[str, list[int]]] = {}
    for r in project.responses() if responses is None else responses:
        if r.touchpoint_id in wanted and r.measure in RATING_MEASURES:
            sums.setdefault(r.touchpoint_id, {}).setdefault(r.measure, []).append(r.score)
    return _answered_means(sums)


def _answered_means(per_card: Mapping[str, Mapping[str, list[int]]]) -> dict[str, dict[str, float]]:
    """:func:`answered_scores` from the cards' answers grouped by card, then measure, in the responses' order."""
    out = {}
    for v, by in per_card.items():
        means = {k: sum(s) / len(s) for k, s in by.items() if k in RATING_MEASURES}
        if means:
            out[v] = means
    return out


def _answers_of(
    responses: Iterable[Response], order: Mapping[str, int]
) -> tuple[dict[str, dict[str, list[int]]], dict[str, list[int]]]:
    """The answers about the cards of ``order``, by card, then measure, and by measure, in the responses' order.

    One pass for both readers, the answered scores and the survey (4,000 responses on the
    generated 20,000-card map: each was read twice).
    """
    per_card: dict[str, dict[str, list[int]]] = {}
    overall: dict[str, list[int]] = {}
    for r in responses:
        if r.touchpoint_id in order:
            per_card.setdefault(r.touchpoint_id, {}).setdefault(r.measure, []).append(r.score)
            overall.setdefault(r.measure, []).append(r.score)
    return per_card, overall


def _survey_of(
    per_card: Mapping[str, Mapping[str, list[int]]], overall: Mapping[str, list[int]], order: Mapping[str, int]
) -> dict[str, Any]:
    """Survey measures of the journey and of each of its cards; ``order`` numbers the cards in journey order."""
    return {
        "journey": m.survey(overall),
        "cards": {v: m.survey(per_card[v]) for v in sorted(per_card, key=order.__getitem__)},
    }


def _critical(
    ids: Sequence[str],
    share: Sequence[float],
    between: Sequence[float],
    emotions: Sequence[int | None],
    gaps: Sequence[float | None],
    votes: Sequence[int],
    limit: int | None,
) -> tuple[list[dict[str, Any]], int]:
    """The ``limit`` cards (all when None) with the highest priority above 0, highest first, and
    how many have a priority above 0 (docs §3): :func:`measures.priority` per card, inline.

    A card with no pain, no gap pressure and no dots has no severity, hence priority 0: it is
    skipped before any arithmetic. The others get the very operations of ``priority``; only the
    cards listed become rows.
    """
    top = max(between, default=0.0)
    # The room's dots (docs §3): they weigh in only on a journey where some card has dots to show.
    most_dots = max(votes, default=0)
    found = []
    # The severity and its parts follow from the emotion, the gap and the dots, which take a few
    # dozen values between them: each combination is worked out once. Equal keys are equal
    # numbers (1 and 1.0 alike), and these operations give equal floats for equal numbers.
    parts: dict[tuple[Any, Any, int], tuple[float, float, float | None, float]] = {}
    for v, emotion, gap, dots in zip(range(len(ids)), emotions, gaps, votes):
        if (emotion is None or emotion >= 0) and (gap is None or gap <= 0) and not dots:
            continue
        key = (emotion, gap, dots)
        known = parts.get(key)
        if known is None:
            pain = max(0, -emotion) / 3 if emotion is not None else 0.0
            pressure = max(0, gap) / 4 if gap is not None else 0.0
            if most_dots:
                voted = dots / most_dots
                known = parts[key] = (pain, pressure, voted, (pain + pressure + voted) / 3)
            else:
                known = parts[key] = (pain, pressure, None, (pain + pressure) / 2)
        centrality = between[v] / top if top > 0 else 0.0
        priority = 100.0 * (share[v] + centrality) / 2 * known[3]
        if priority > 0:
            found.append((priority, v, centrality, known))  # the parts unpacked only for the cards listed
    found.sort(key=_PRIORITY, reverse=True)  # stable: ties stay in journey order
    critical = []
    for priority, v, centrality, (pain, pressure, voted, _severity) in found if limit is None else found[:limit]:
        item = {
            "card": ids[v],
            "path_share": share[v],
            "betweenness": between[v],
            "centrality": centrality,
            "pain": pain,
            "gap_pressure": pressure,
            "priority": priority,
        }
        if voted is not None:
            item["votes"] = voted
        critical.append(item)
    return critical, len(found)


def _gap_ranking(
    ids: Sequence[str], importances: Sequence[Any], gaps: Sequence[float | None]
) -> tuple[list[str], list[str]]:
    """:func:`measures.gap_ranking` over the cards' columns.

    The ranking key takes a few dozen values (importance 1–5, gap −4…4): the cards are put in a
    bucket per key, in journey order, and the buckets sorted, instead of sorting every card. The
    key ``(−importance × gap, −gap, −importance)`` follows from the importance and the gap, so the
    buckets are found by those two (no key made and hashed per card) and the keys made per bucket.
    """
    by_importance: dict[Any, dict[Any, list[str]]] = {}
    unrated = []
    for i, gap in enumerate(gaps):
        if gap is None:
            unrated.append(ids[i])
            continue
        importance = importances[i]
        by_gap = by_importance.get(importance)
        if by_gap is None:
            by_gap = by_importance[importance] = {}
        bucket = by_gap.get(gap)
        if bucket is None:
            by_gap[gap] = [ids[i]]
        else:
            bucket.append(ids[i])
    buckets = [
        ((-importance * gap, -gap, -importance), bucket)
        for importance, by_gap in by_importance.items()
        for gap, bucket in by_gap.items()
    ]
    items: list[str] = []
    for _key, bucket in sorted(buckets, key=_PRIORITY):
        items += bucket
    return items, unrated


def _quadrants(
    ids: Sequence[str],
    importances: Sequence[Any],
    satisfactions: Sequence[Any],
    gaps: Sequence[float | None],
    crosshair: str,
) -> dict[str, Any]:
    """:func:`measures.quadrants` over the cards' columns (a card is rated when it has a gap)."""
    rated = [i for i, gap in enumerate(gaps) if gap is not None]
    items: dict[str, list[str]] = {q: [] for q in m.QUADRANTS}
    x0: float | None
    y0: float | None
    if crosshair == "midpoint":
        x0 = y0 = m.SCALE_MIDPOINT
    elif rated:
        x0 = sum([satisfactions[i] for i in rated]) / len(rated)
        y0 = sum([importances[i] for i in rated]) / len(rated)
    else:
        x0 = y0 = None
    if x0 is not None and y0 is not None:
        quadrant_of = m.quadrant_of
        # Importance and satisfaction are whole numbers 1–5: each pair is placed once.
        known: dict[tuple[Any, Any], list[str]] = {}
        for i in rated:
            pair = (importances[i], satisfactions[i])
            into = known.get(pair)
            if into is None:
                into = known[pair] = items[quadrant_of(pair[0], pair[1], x0, y0)]
            into.append(ids[i])
    return {"crosshair": crosshair, "satisfaction": x0, "importance": y0, "items": items}


def _emotion_by_stage(
    stages: int, ranks: Sequence[int], emotions: Sequence[int | None], gaps: Sequence[float | None]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """:func:`measures.emotion_summary` of the journey and of each stage, in one pass over the cards."""
    count = [0] * stages
    rated = [0] * stages
    positive = [0] * stages
    negative = [0] * stages
    total = [0] * stages
    gap_sum: list[float] = [0] * stages
    gap_count = [0] * stages
    for r, e, gap in zip(ranks, emotions, gaps, strict=True):
        count[r] += 1
        if e is not None:
            rated[r] += 1
            total[r] += e
            if e > 0:
                positive[r] += 1
            elif e < 0:
                negative[r] += 1
        if gap is not None:
            gap_sum[r] += gap
            gap_count[r] += 1

    def summary(n: int, r: int, pos: int, neg: int, tot: int, gs: float, gn: int) -> dict[str, Any]:
        # Sums of whole numbers: the same values, and so the same means, as emotion_summary's.
        return {
            "count": n,
            "rated": r,
            "positive": pos,
            "negative": neg,
            "net": pos - neg,
            "mean": tot / r if r else None,
            "mean_gap": gs / gn if gn else None,
        }

    per_stage = [summary(*row) for row in zip(count, rated, positive, negative, total, gap_sum, gap_count)]
    journey = summary(sum(count), sum(rated), sum(positive), sum(negative), sum(total), sum(gap_sum), sum(gap_count))
    return journey, per_stage


def _votes(project: Project, journey_id: str, placed: dict[str, int]) -> dict[str, Any]:
    """The journey's voting sessions whose counts the room may see, each with its placed cards by dots."""
    sessions = []
    for session in project.vote_sessions(journey_id):
        if not session.shows_counts:
            continue
        dots: dict[str, int] = {}
        for vote in project.session_votes(session.id):
            if vote.touchpoint_id in placed:
                dots[vote.touchpoint_id] = dots.get(vote.touchpoint_id, 0) + vote.dots
        order = sorted(dots, key=lambda card: (-dots[card], placed[card]))  # ties in journey order
        sessions.append({
            "id": session.id,
            "title": session.title,
            "state": session.state,
            "cards": [{"card": card, "dots": dots[card]} for card in order],
        })
    return {"sessions": sessions}


class _CardRow:
    """Makes a card row (docs/analysis.md §11): only its ``vars()`` is kept, a plain dict.

    A dict an instance's attributes made shares its keys with every other row (PEP 412) and holds
    only the eleven values: 3.7 MB for 20,000 rows against 9.5 MB as dict displays (eleven keys
    take a table of 32 slots each), less fresh memory for the kernel to hand over a page at a time
    (about 1,400 pages at 20,000 cards) and less to free. The same keys in the same order, the same
    values: ``json`` writes the same bytes, and a reader sees a dict like any other.
    """

    def __init__(self, cid: str, title: str, stage_id: str, lane_id: str, channel: str, emotion: int | None,
                 importance: float | None, satisfaction: float | None, gap: float | None, moment: bool,
                 dots: int) -> None:
        # The order of the assignments is the order of the row's keys.
        self.id = cid
        self.title = title
        self.stage_id = stage_id
        self.lane_id = lane_id
        self.channel = channel
        self.emotion = emotion
        self.importance = importance
        self.satisfaction = satisfaction
        self.gap = gap
        self.moment_of_truth = moment
        self.votes = dots


def _check_settings(max_paths: int, max_cycles: int, max_critical: int | None, crosshair: str) -> None:
    for name, value in (("max_paths", max_paths), ("max_cycles", max_cycles), ("max_critical", max_critical)):
        if name == "max_critical" and value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(
                _("{name} must be a whole number, 0 or more, not {value}").format(name=name, value=shown_value(value))
            )
    m.check_crosshair(crosshair)


def analyze(
    project: Project,
    journey_id: str,
    *,
    max_paths: int = 1000,
    max_cycles: int = 200,
    crosshair: str = "mean",
    lang: str = "en",
    full_paths: bool = False,
    max_critical: int | None = 1000,
) -> dict[str, Any]:
    """Every measure of docs/analysis.md for one journey, as JSON-ready data naming formulas and settings.

    Each path lists only the cards it adds to the path before it (docs §11); ``full_paths``
    also lists every path's cards, emotions and unrated cards in full. The critical steps list
    the ``max_critical`` of highest priority (every one when None).
    """
    _check_settings(max_paths, max_cycles, max_critical, crosshair)
    lang = lang_of(lang)
    journey = project.get("journey", journey_id)
    persona = project.tables["persona"].get(journey.persona_id) if journey.persona_id else None
    stages = project.stages(journey_id)
    lanes = project.lanes(journey_id)
    # Order does not matter here: the graph takes the connections in any order.
    connections = project.connections_unordered(journey_id)
    stage_names = {s.id: stage_label(s, i, lang) for i, s in enumerate(stages)}
    stage_rank = {s.id: i for i, s in enumerate(stages)}
    lane_rank = {ln.id: i for i, ln in enumerate(lanes)}
    # Every measure below reads the cards' fields from these columns: on a big map each pass
    # over the cards themselves costs more in memory traffic than the measure's own work. One
    # read of each card (a C call) in the order the model holds them, then sorted into journey
    # order as Project.touchpoints sorts (its key per card would be a second read of every card),
    # and turned into columns (sorting, zip and map in C; the sort keys made from the records in one
    # comprehension, cheaper than taking four columns out of them first). The ids are unique: the
    # sort never compares the records themselves.
    records = list(map(_CARD_FIELDS, project.placed_cards(journey_id)))
    if records:
        keyed = sorted([(stage_rank[r[0]], lane_rank[r[1]], r[2], r[3], r) for r in records])
        columns = list(zip(*map(_RECORD, keyed)))
        ranks = [key[0] for key in keyed]
        del records, keyed
    else:
        columns = [()] * len(_CARD_FIELD_NAMES)
        ranks = []
    # The columns stay the tuples zip made, but for the two that answered scores change: a copy
    # of each would be more fresh memory, which the kernel hands over a page at a time.
    (stage_ids, lane_ids, _positions, ids, titles, channels, emotions, importances, satisfactions,
     moments_of_truth) = columns
    importances, satisfactions = list(importances), list(satisfactions)
    order = dict(zip(ids, range(len(ids))))
    # Answered scores (a room's ratings, imported surveys) stand for the card's own wherever the
    # analysis uses them: gaps, quadrants, critical steps, insights, the report and the charts agree.
    # Sorted and grouped once for both readers below (answered scores and the survey).
    responses = project.responses() if project.tables["response"] else []
    answers, all_answers = _answers_of(responses, order)
    if answers:
        for cid, scores in _answered_means(answers).items():
            i = order[cid]
            importances[i] = scores.get("importance", importances[i])
            satisfactions[i] = scores.get("satisfaction", satisfactions[i])
    gaps: list[float | None] = [
        importance - satisfaction if importance is not None and satisfaction is not None else None
        for importance, satisfaction in zip(importances, satisfactions)
    ]
    # Dots the room may see (most projects have none: then no card is looked up).
    votes = project.shown_dots(ids) if project.tables["vote"] else [0] * len(ids)

    # -- graph ---------------------------------------------------------------------
    g = jg.JourneyGraph.of(ids, map(_EDGE_FIELDS, connections), index=order)
    shape = jg.structure(g, ranks)
    # A flow without a loop (its topological order found) has no step back: each card is a part of its own.
    back = [] if shape.flow_order is not None else jg.steps_back(g, ranks, shape.part)
    cycles = jg.loops(g, back, max_cycles)

    # -- paths ---------------------------------------------------------------------
    found = jg.enumerate_paths(g.succ, shape.entries, max_paths)
    dead = set(shape.dead_ends)
    returns_from = {s for s, _ in g.returns}
    tails = [g.names(tail) for tail in found.tails]
    path_items = []
    first = None
    has_out = g.has_out
    for i, (shared, tail, found_tail, summary) in enumerate(
        zip(found.prefix, tails, found.tails, m.path_summaries(found.prefix, found.tails, emotions, ids),
            strict=True)
    ):
        last = found_tail[-1]
        if last in dead:
            ends = "dead_end"
        elif not has_out[last]:
            ends = "exit"
        else:
            ends = "return" if last in returns_from else "loop"
        if not shared:
            first = tail[0]
        path_items.append(
            {"index": i, "prefix": shared, "tail": tail, "first": first, "last": tail[-1], **summary, "ends": ends}
        )
    if full_paths:
        emotion = dict(zip(ids, emotions))
        for item, steps in zip(path_items, jg.expand_paths(found.prefix, tails), strict=True):
            item.update(m.path_steps(steps, emotion))

    # -- critical touchpoints ------------------------------------------------------------
    if found.truncated:
        share = jg.counted_path_share(g, shape.entries, back, shape.flow_order)
        share_method = "counted"
    else:
        share = jg.found_path_share(found, len(ids))
        share_method = "enumerated"
    between, between_meta = jg.betweenness(g)
    # The findings name the first few critical steps whatever the listing's limit: they are cut after.
    listed = None if max_critical is None else max(max_critical, CRITICAL_SHOWN)
    critical, critical_count = _critical(ids, share, between, emotions, gaps, votes, listed)
    graph_section = {
        "entries": g.names(shape.entries),
        "exits": g.names(shape.exits),
        "dead_ends": g.names(shape.dead_ends),
        "unreachable": g.names(shape.unreachable),
        "isolated": g.names(shape.isolated),
        "last_stage": stages[shape.last_rank].id if shape.last_rank is not None else None,
        "loops": {
            "items": [g.names(c) for c in cycles],
            "count": len(cycles),
            "total": len(back),
            "limit": max_cycles,
            "truncated": len(back) > len(cycles),
        },
        "returns": [g.names(r) for r in g.returns],
    }
    paths_section = {
        "items": path_items,
        "count": len(path_items),
        "limit": max_paths,
        "truncated": found.truncated,
        "stopped_by": found.stopped_by,
        "worst": m.worst_path(path_items),
    }
    critical_section = {
        "items": critical,
        "count": critical_count,
        "limit": max_critical,
        "truncated": max_critical is not None and critical_count > max_critical,
        "path_share_method": share_method,
        "betweenness": between_meta,
    }
    # The graph, its searches and the cards' shares end here. Freed before the card rows and the
    # cards' sections are made, their memory serves those instead of fresh pages, which the kernel
    # hands over one at a time (about 1,000 fewer page faults at 20,000 cards).
    del g, shape, back, cycles, found, dead, returns_from, has_out, share, between

    # Names are said once (stages, lanes, coverage.channels), not on every card (format 5, docs §11).
    card_rows = list(map(vars, map(
        _CardRow, ids, titles, stage_ids, lane_ids, channels, emotions, importances, satisfactions, gaps,
        moments_of_truth, votes,
    )))

    # -- gaps, quadrants, emotion, coverage, survey ---------------------------------------------
    gap_items, unrated = _gap_ranking(ids, importances, gaps)
    quad = _quadrants(ids, importances, satisfactions, gaps, crosshair)
    quad["labels"] = {q: translation(lang).gettext(QUADRANT_LABELS[q]) for q in m.QUADRANTS}
    journey_emotion, stage_emotion = _emotion_by_stage(len(stages), ranks, emotions, gaps)
    moments = [
        {"card": cid, "emotion": emotion} for cid, emotion, moment in zip(ids, emotions, moments_of_truth) if moment
    ]

    inbox = project.inbox(journey_id)
    result: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "journey": {
            "id": journey.id,
            "name": journey.name,
            "persona": persona.name if persona else None,
            "cards": len(ids),
            "connections": len(connections),
        },
        "settings": {"max_paths": max_paths, "max_cycles": max_cycles, "crosshair": crosshair, "lang": lang,
                     "full_paths": full_paths, "max_critical": max_critical},
        "formulas": dict(m.FORMULAS),
        "cards": card_rows,
        "stages": [
            {"id": s.id, "name": stage_names[s.id], "phase": s.phase, "position": i} for i, s in enumerate(stages)
        ],
        "lanes": [{"id": ln.id, "name": ln.display_name(lang), "position": i} for i, ln in enumerate(lanes)],
        "graph": graph_section,
        "paths": paths_section,
        "critical": critical_section,
        "gaps": {"items": gap_items, "unrated": unrated},
        "quadrants": quad,
        "emotion": {
            "journey": journey_emotion,
            "stages": [{"stage": s.id, **summary} for s, summary in zip(stages, stage_emotion, strict=True)],
        },
        "coverage": _coverage_of(project, stages, ranks, channels, moments, lang),
        "survey": _survey_of(answers, all_answers, order),
        "votes": _votes(project, journey_id, order),
        # Ideas waiting in the inbox are not on the map: left out above, only counted here.
        "inbox": {"count": len(inbox), "cards": [tp.id for tp in inbox]},
    }
    result["insights"] = build_insights(result, lang)
    if max_critical is not None:
        del critical[max_critical:]
    return result


def insights(
    project: Project,
    journey_id: str,
    *,
    max_paths: int = 1000,
    max_cycles: int = 200,
    crosshair: str = "mean",
    lang: str = "en",
) -> list[dict[str, Any]]:
    """The findings of :func:`analyze` alone (docs §10)."""
    return analyze(
        project, journey_id, max_paths=max_paths, max_cycles=max_cycles, crosshair=crosshair, lang=lang
    )["insights"]


# -- persona comparison --------------------------------------------------------------------


def _stage_match_key(stage: Stage, lang: str) -> tuple[str, str]:
    if stage.key and not stage.name:
        return ("key", stage.key)
    return ("name", stage.display_name(lang).strip().casefold())


def compare_journeys(project: Project, a: str, b: str, lang: str = "en") -> dict[str, Any]:
    """Two journeys side by side, stage by stage: counts, net, mean emotion and mean gap (docs §9)."""
    lang = lang_of(lang)
    sides = {}
    rows: list[dict[str, Any]] = []
    index: dict[tuple[str, str], dict[str, Any]] = {}
    for side, jid in (("a", a), ("b", b)):
        journey = project.get("journey", jid)
        persona = project.tables["persona"].get(journey.persona_id) if journey.persona_id else None
        cards = project.touchpoints(jid)
        sides[side] = {
            "id": jid,
            "name": journey.name,
            "persona": persona.name if persona else None,
            "totals": m.emotion_summary(cards),
        }
        by_stage: dict[str, list[Touchpoint]] = {}
        for tp in cards:
            by_stage.setdefault(tp.stage_id, []).append(tp)
        for i, s in enumerate(project.stages(jid)):
            key = _stage_match_key(s, lang)
            row = index.get(key)
            # A second stage with the same name in one journey gets its own row.
            if row is None or row[side] is not None:
                row = {"label": stage_label(s, i, lang), "key": s.key or None, "a": None, "b": None}
                rows.append(row)
                index[key] = row
            row[side] = {"stage": s.id, **m.emotion_summary(by_stage.get(s.id, []))}
    return {"a": sides["a"], "b": sides["b"], "stages": rows}


# -- plain text ----------------------------------------------------------------------------

_LIST_SHOWN = 10


def _titles(ids: Sequence[str], cards: Mapping[str, Mapping[str, Any]], lang: str) -> str:
    if not ids:
        return translation(lang).gettext("none")
    shown = [quoted(cards[v]["title"], lang, 40) for v in ids[:_LIST_SHOWN]]
    if len(ids) > _LIST_SHOWN:
        shown.append(f"… (+{len(ids) - _LIST_SHOWN})")
    return ", ".join(shown)


def format_text(result: Mapping[str, Any], lang: str | None = None) -> str:
    """A human-readable report of an :func:`analyze` result, for the command line."""
    lang = lang_of(lang or result["settings"]["lang"])
    t = translation(lang)
    signed, number, none = t.signed, t.number, t.gettext("none")
    cards = {c["id"]: c for c in result["cards"]}
    out: list[str] = []
    j = result["journey"]
    out.append(t.gettext("Analysis of journey {name}").format(name=quoted(j["name"], lang, 80)))
    if j["persona"]:
        out.append(t.gettext("Persona") + ": " + quoted(j["persona"], lang, 80))
    out.append(
        t.ngettext("{n} card", "{n} cards", j["cards"]).format(n=number(j["cards"]))
        + ", "
        + t.ngettext("{n} connection", "{n} connections", j["connections"]).format(n=number(j["connections"]))
    )

    def section(heading: str) -> None:
        out.append("")
        out.append(heading)

    section(t.gettext("Findings"))
    if not result["insights"]:
        out.append("  " + none)
    for f in result["insights"]:
        out.append("  [" + t.gettext(SEVERITIES[f["severity"]]) + "] " + f["text"])

    g = result["graph"]
    section(t.gettext("Structure"))
    for heading, ids in (
        (t.gettext("Entries"), g["entries"]),
        (t.gettext("Exits"), g["exits"]),
        (t.gettext("Dead ends"), g["dead_ends"]),
        (t.gettext("Unreachable"), g["unreachable"]),
        (t.gettext("Not connected"), g["isolated"]),
    ):
        out.append(f"  {heading}: {_titles(ids, cards, lang)}")
    loops = g["loops"]
    out.append("  " + t.gettext("Loops") + ": " + number(loops["total"]))
    out.append("  " + t.gettext("Marked loop backs") + ": " + number(len(g["returns"])))

    p = result["paths"]
    section(t.gettext("Paths"))
    count = p["count"]
    if p["truncated"]:
        paths = t.ngettext("{n} path (stopped at the limit)", "{n} paths (stopped at the limit)", count)
    else:
        paths = t.ngettext("{n} path", "{n} paths", count)
    out.append("  " + paths.format(n=number(count)))
    if p["worst"] is not None:
        w = p["items"][p["worst"]]
        out.append("  " + t.gettext("Worst path") + ": " + t.gettext(
            "Path {n}: peak-end {pe}, net {net}, mean {mean}, valley {valley}, end {end}"
        ).format(
            n=w["index"] + 1,
            pe=signed(w["peak_end"]),
            net=signed(w["net"]),
            mean=signed(w["mean"]),
            valley=signed(w["valley"]["emotion"]),
            end=signed(w["end"]["emotion"]),
        ))
        steps = [quoted(cards[v]["title"], lang, 30) for v in path_cards(p, w["index"])]
        out.append("    " + " → ".join(steps if len(steps) <= 12 else [*steps[:11], "…", steps[-1]]))

    e = result["emotion"]["journey"]
    section(t.gettext("Emotion"))
    out.append("  " + t.gettext(
        "net experience {net} ({pos} positive, {neg} negative, {unrated} without emotion), mean {mean}"
    ).format(
        net=signed(e["net"]),
        pos=e["positive"],
        neg=e["negative"],
        unrated=e["count"] - e["rated"],
        mean=signed(e["mean"]),
    ))
    for s, row in zip(result["stages"], result["emotion"]["stages"]):
        out.append("  " + t.ngettext(
            "{stage}: {count} card, net {net}, mean emotion {mean}, mean gap {gap}",
            "{stage}: {count} cards, net {net}, mean emotion {mean}, mean gap {gap}",
            row["count"],
        ).format(
            stage=quoted(s["name"], lang, 40),
            count=t.number(row["count"]),
            net=signed(row["net"]),
            mean=signed(row["mean"]),
            gap=signed(row["mean_gap"]),
        ))

    section(t.gettext("Largest gaps (weighted by importance)"))
    gaps = result["gaps"]["items"]
    if not gaps:
        out.append("  " + none)
    for rank, card_id in enumerate(gaps[:_LIST_SHOWN], start=1):
        gi = cards[card_id]
        out.append("  " + t.gettext(
            "{rank}. {title}: importance {importance}, satisfaction {satisfaction}, gap {gap}"
        ).format(
            rank=rank,
            title=quoted(gi["title"], lang, 50),
            importance=number(gi["importance"]),
            satisfaction=number(gi["satisfaction"]),
            gap=signed(gi["gap"]),
        ))

    q = result["quadrants"]
    section(t.gettext("Importance–performance quadrants ({crosshair}: satisfaction {x}, importance {y})").format(
        crosshair=t.gettext(CROSSHAIRS[q["crosshair"]]),
        x=number(q["satisfaction"], 2),
        y=number(q["importance"], 2),
    ))
    for key in m.QUADRANTS:
        out.append(f"  {q['labels'][key]}: {_titles(q['items'][key], cards, lang)}")

    section(t.gettext("Critical touchpoints (priority)"))
    crit = result["critical"]["items"]
    if not crit:
        out.append("  " + none)
    for c in crit[:_LIST_SHOWN]:
        out.append("  " + t.gettext(
            "{title}: priority {priority}, on {share} of paths, centrality {centrality}"
        ).format(
            title=quoted(cards[c["card"]]["title"], lang, 50),
            priority=number(c["priority"]),
            share=t.percent(c["path_share"]),
            centrality=number(c["centrality"], 2),
        ))

    cov = result["coverage"]
    section(t.gettext("Coverage"))
    names = [ch["name"] for ch in cov["channels"]]
    for s, counts in zip(result["stages"], cov["matrix"]):
        used = ", ".join(f"{quoted(n, lang, 30)} {number(c)}" for n, c in zip(names, counts) if c)
        out.append(f"  {quoted(s['name'], lang, 40)}: {used or none}")
    stage_names = {s["id"]: s["name"] for s in result["stages"]}
    empty = ", ".join(quoted(stage_names[s], lang, 40) for s in cov["empty_stages"]) or none
    out.append("  " + t.gettext("Stages with no card") + ": " + empty)
    phases = ", ".join(t.gettext(PHASE_WORDS[ph]) for ph in cov["empty_phases"]) or none
    out.append("  " + t.gettext("Phases with no card") + ": " + phases)
    moments = ", ".join(
        f"{quoted(cards[mo['card']]['title'], lang, 40)} ({signed(mo['emotion'])})" for mo in cov["moments_of_truth"]
    ) or none
    out.append("  " + t.gettext("Moments of truth") + ": " + moments)

    survey = result["survey"]["journey"]
    if survey:
        section(t.gettext("Survey"))
        if "nps" in survey:
            s = survey["nps"]
            out.append(f"  NPS {signed(round(s['value']))} (n={s['n']})")
        if "csat" in survey:
            s = survey["csat"]
            out.append(f"  CSAT {t.percent(round(s['value']) / 100)} (n={s['n']})")
        if "ces" in survey:
            s = survey["ces"]
            out.append(f"  CES {number(s['value'], 2)} (n={s['n']})")
        if "emotion" in survey:
            s = survey["emotion"]
            out.append(f"  {signed(s['value'])} (n={s['n']})")
    return "\n".join(out) + "\n"
