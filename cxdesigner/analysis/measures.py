"""Emotion, gap, quadrant, priority and survey measures over plain numbers (docs/analysis.md §2-8)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..i18n import _, quote
from ..model.entities import shown_value

QUADRANTS = ("concentrate", "keep_up", "low_priority", "overkill")
CROSSHAIRS = ("mean", "midpoint")
SCALE_MIDPOINT = 3.0

FORMULAS: dict[str, str] = {
    "returns": "loop-back connections whose target leads back to their source",
    "flow": "every connection except the returns",
    "entries": (
        "in_degree = 0 and out_degree > 0; or earliest card of a flow part nothing flows into that holds "
        "a first-stage card"
    ),
    "exits": "in_degree > 0 and out_degree = 0, returns counted",
    "isolated": "in_degree = 0 and out_degree = 0, returns counted",
    "reachable": "reached from an entry along flow steps and returns",
    "unreachable": "not isolated and not reachable",
    "dead_ends": "reachable exit whose stage is before the last stage holding a card",
    "steps_back": "flow step inside a loop to an earlier stage; within one stage, a depth-first search's back edge",
    "loops": "per step back u->v, the shortest flow path v..u; at most max_cycles and 20 + 20000/n searches",
    "paths": "maximal simple flow paths from entries, depth first, forward first; max_paths or 20*max_paths+10^4 steps",
    "valley": "min emotion",
    "peak": "max emotion",
    "most_intense": "largest |emotion|; tie -> more negative, then earlier",
    "end": "emotion of the last step that has one",
    "peak_end": "(most_intense + end) / 2",
    "net": "#(emotion > 0) - #(emotion < 0); steps without emotion not counted",
    "mean": "sum(emotion) / #rated steps",
    "worst_path": "lowest peak_end, then net, mean, valley, earlier path",
    "path_share": "paths through card / all paths; counted on the flow without its steps back when paths were cut",
    "betweenness": (
        "networkx.betweenness_centrality(flow, normalized=True): exact if n*(n+m) <= 200000, "
        "else k = max(8, 200000 // (n+m)) sources, seed 0"
    ),
    "centrality": "betweenness / max betweenness",
    "pain": "max(0, -emotion) / 3",
    "gap_pressure": "max(0, importance - satisfaction) / 4",
    "votes": "dots the room sees on the card / most dots on one card of the journey; 0 when no card has any",
    "priority": (
        "100 * (path_share + centrality)/2 * severity; severity = (pain + gap_pressure)/2, "
        "or (pain + gap_pressure + votes)/3 when some card of the journey has dots the room sees"
    ),
    "gap": "importance - satisfaction",
    "weighted_gap": "importance * (importance - satisfaction)",
    "quadrant": "high importance: importance >= y0; high satisfaction: satisfaction >= x0",
    "crosshair_mean": "x0 = mean satisfaction, y0 = mean importance of rated cards",
    "crosshair_midpoint": "x0 = y0 = 3",
    "nps": "100 * (#(9..10) - #(0..6)) / n",
    "csat": "100 * #(4..5) / n",
    "nps_ci95": (
        "p+ = #(9..10)/n, p- = #(0..6)/n; var = (p+ + p- - (p+ - p-)^2) / n; "
        "100 * ((p+ - p-) -/+ 1.96 * sqrt(var)), clamped to -100..100"
    ),
    "csat_ci95": (
        "Wilson score: p = #(4..5)/n, z = 1.96; "
        "100 * (p + z^2/2n -/+ z * sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)"
    ),
    "ces": "mean score (1..7)",
    "survey_emotion": "mean score (-3..3)",
    "nothing_after_purchase": "cards exist and none is in an after-purchase stage",
}


def _moment(card: str, emotion: int) -> dict[str, Any]:
    return {"card": card, "emotion": emotion}


def path_steps(cards: Sequence[str], emotion: Mapping[str, int | None]) -> dict[str, Any]:
    """A path's cards, their emotions (None where a card has none) and its cards without one (docs §2)."""
    emotions = [emotion.get(v) for v in cards]
    return {
        "cards": list(cards),
        "emotions": emotions,
        "unrated": [v for v, e in zip(cards, emotions) if e is None] if None in emotions else [],
    }


def path_metrics(cards: Sequence[str], emotion: Mapping[str, int | None]) -> dict[str, Any]:
    """Emotion sequence, valley, peak, most intense moment, end, peak-end, net and mean of one path (docs §2)."""
    out = path_steps(cards, emotion)
    emotions = out["emotions"]
    # Paths run to hundreds of steps on big maps: each measure is one pass of a built-in.
    at = [i for i, e in enumerate(emotions) if e is not None]
    if not at:
        out.update(valley=None, peak=None, most_intense=None, end=None, peak_end=None, net=0,
                   positive=0, negative=0, mean=None)
        return out
    rated = [emotions[i] for i in at]
    low, high = min(rated), max(rated)
    # The most intense moment: the largest |e|, the more negative on a tie, then the first.
    intense = low if -low >= high else high
    last = rated[-1]
    positive = len([e for e in rated if e > 0])
    negative = len([e for e in rated if e < 0])
    out.update(
        valley=_moment(cards[at[rated.index(low)]], low),  # index() finds the first of equals
        peak=_moment(cards[at[rated.index(high)]], high),
        most_intense=_moment(cards[at[rated.index(intense)]], intense),
        end=_moment(cards[at[-1]], last),
        peak_end=(intense + last) / 2,
        net=positive - negative,
        positive=positive,
        negative=negative,
        mean=sum(rated) / len(rated),
    )
    return out


# What a path's measures need of its steps so far: rated, total, positive, negative, then the
# valley, the peak and the last rated step, each as (emotion, card).
_NOTHING_RATED: tuple[Any, ...] = (0, 0, 0, 0, None, None, None)


def path_summaries(
    prefix: Sequence[int], tails: Sequence[Sequence[int]], emotions: Sequence[int | None], names: Sequence[str]
) -> list[dict[str, Any]]:
    """The measures of :func:`path_metrics` of paths told as shared prefixes and tails (see ``graph.PathSet``).

    The tails hold card numbers: ``emotions[v]`` is card ``v``'s emotion and ``names[v]`` its id
    (a list read by number instead of a dict of every card by id). Without the lists (cards,
    emotions, unrated): ``length`` and ``rated`` count them instead. Each path carries the measures
    of its steps so far, so a step shared with the path before is never visited again and the work
    is that of the search, not the paths' total length.
    """
    out = []
    states: list[tuple[Any, ...]] = []  # the measures of the current path up to each of its steps
    for k, tail in zip(prefix, tails, strict=True):
        del states[k:]
        state = states[-1] if states else _NOTHING_RATED
        for v in tail:
            e = emotions[v]
            if e is not None:
                rated, total, positive, negative, low, high, _last = state
                state = (
                    rated + 1,
                    total + e,
                    positive + (e > 0),
                    negative + (e < 0),
                    # Strictly lower (higher): the first of equal emotions stays the valley (peak).
                    (e, v) if low is None or e < low[0] else low,
                    (e, v) if high is None or e > high[0] else high,
                    (e, v),
                )
            states.append(state)
        out.append(_summary(state, len(states), names))
    return out


def _summary(state: tuple[Any, ...], length: int, names: Sequence[str]) -> dict[str, Any]:
    rated, total, positive, negative, low, high, last = state
    if not rated:
        return {"length": length, "rated": 0, "valley": None, "peak": None, "most_intense": None, "end": None,
                "peak_end": None, "net": 0, "positive": 0, "negative": 0, "mean": None}
    intense = low if -low[0] >= high[0] else high
    return {
        "length": length,
        "rated": rated,
        "valley": _moment(names[low[1]], low[0]),
        "peak": _moment(names[high[1]], high[0]),
        "most_intense": _moment(names[intense[1]], intense[0]),
        "end": _moment(names[last[1]], last[0]),
        "peak_end": (intense[0] + last[0]) / 2,
        "net": positive - negative,
        "positive": positive,
        "negative": negative,
        "mean": total / rated,
    }


def worst_path(paths: Sequence[Mapping[str, Any]]) -> int | None:
    """Index of the rated path with the lowest peak-end (ties: net, mean, valley, order), or None."""
    best: tuple[Any, ...] | None = None
    index = None
    for i, p in enumerate(paths):
        if p["peak_end"] is None:
            continue
        key = (p["peak_end"], p["net"], p["mean"], p["valley"]["emotion"], i)
        if best is None or key < best:
            best, index = key, i
    return index


def emotion_summary(cards: Iterable[Any]) -> dict[str, Any]:
    """Count, rated, positive, negative, net, mean emotion and mean gap of some cards (docs §6)."""
    count = rated = positive = negative = total = 0
    gaps: list[int] = []
    for tp in cards:
        count += 1
        if tp.emotion is not None:
            rated += 1
            total += tp.emotion
            positive += tp.emotion > 0
            negative += tp.emotion < 0
        if tp.gap is not None:
            gaps.append(tp.gap)
    return {
        "count": count,
        "rated": rated,
        "positive": positive,
        "negative": negative,
        "net": positive - negative,
        "mean": total / rated if rated else None,
        "mean_gap": sum(gaps) / len(gaps) if gaps else None,
    }


def gap_ranking(cards: Sequence[Any]) -> tuple[list[str], list[str]]:
    """The rated cards' ids ranked by importance × gap (then gap, importance, journey order), and the unrated ids
    (docs §4)."""
    rows = []
    unrated = []
    for i, tp in enumerate(cards):
        gap = tp.gap  # a property: read once, a big map has tens of thousands of cards
        if gap is None:
            unrated.append(tp.id)
            continue
        importance = tp.importance
        rows.append((-importance * gap, -gap, -importance, i, tp.id))
    rows.sort()  # the journey position i is unique: the ids are never compared
    return [row[-1] for row in rows], unrated


def quadrant_of(importance: float, satisfaction: float, x0: float, y0: float) -> str:
    """Martilla & James quadrant id; a value on a line counts as high (docs §5)."""
    high = importance >= y0
    low = satisfaction < x0
    if high:
        return "concentrate" if low else "keep_up"
    return "low_priority" if low else "overkill"


def check_crosshair(crosshair: Any) -> None:
    """Refuse a crosshair that is not one of CROSSHAIRS, in the interface language (a setting or a script
    may pass any value, and the chart shows the refusal)."""
    if crosshair not in CROSSHAIRS:
        choices = ", ".join(quote(c) for c in CROSSHAIRS)
        wrong = shown_value(crosshair)
        raise ValueError(_("The crosshair must be one of {choices}, not {value}").format(choices=choices, value=wrong))


def quadrants(cards: Sequence[Any], crosshair: str = "mean") -> dict[str, Any]:
    """Cards by importance–performance quadrant, with the crosshair used (docs §5)."""
    check_crosshair(crosshair)
    rated = [tp for tp in cards if tp.importance is not None and tp.satisfaction is not None]
    items: dict[str, list[str]] = {q: [] for q in QUADRANTS}
    x0: float | None
    y0: float | None
    if crosshair == "midpoint":
        x0 = y0 = SCALE_MIDPOINT
    elif rated:
        x0 = sum(tp.satisfaction for tp in rated) / len(rated)
        y0 = sum(tp.importance for tp in rated) / len(rated)
    else:
        x0 = y0 = None
    if x0 is not None and y0 is not None:
        for tp in rated:
            items[quadrant_of(tp.importance, tp.satisfaction, x0, y0)].append(tp.id)
    return {"crosshair": crosshair, "satisfaction": x0, "importance": y0, "items": items}


def nps(scores: Sequence[int]) -> dict[str, Any] | None:
    """Net Promoter Score from 0–10 answers: % of 9–10 minus % of 0–6 (docs §8)."""
    n = len(scores)
    if not n:
        return None
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    passives = n - promoters - detractors
    # Multiplying before dividing keeps 3 of 10 at exactly 30.0.
    return {
        "n": n,
        "value": 100.0 * (promoters - detractors) / n,
        "promoters": 100.0 * promoters / n,
        "passives": 100.0 * passives / n,
        "detractors": 100.0 * detractors / n,
    }


def csat(scores: Sequence[int]) -> dict[str, Any] | None:
    """Customer satisfaction: share of 4 and 5 on a 1–5 scale, in % (docs §8)."""
    n = len(scores)
    if not n:
        return None
    return {"n": n, "value": 100.0 * sum(1 for s in scores if s >= 4) / n}


Z95 = 1.959963984540054  # the standard normal quantile of 0.975: a two-sided 95 % interval


def nps_interval(promoters: int, detractors: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """95 % confidence interval of the NPS in points (−100 … 100), normal approximation (docs §8).

    NPS = p₊ − p₋ is a difference of two shares of one multinomial sample, so its variance is
    (p₊ + p₋ − (p₊ − p₋)²) / n. The bounds are clamped to the scale; None without answers.
    """
    if n <= 0:
        return None
    plus, minus = promoters / n, detractors / n
    score = plus - minus
    half = z * math.sqrt(max(0.0, plus + minus - score * score) / n)
    return max(-100.0, 100.0 * (score - half)), min(100.0, 100.0 * (score + half))


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval of a share, in % (docs §8): stays inside 0 … 100 and is sensible at 0 % or 100 %."""
    if n <= 0:
        return None
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, 100.0 * (centre - half)), min(100.0, 100.0 * (centre + half))


def survey_intervals(scores_by_measure: Mapping[str, Sequence[int]]) -> dict[str, tuple[float, float]]:
    """The 95 % intervals of NPS (0–10 answers) and CSAT (1–5 answers) where there are answers."""
    out: dict[str, tuple[float, float]] = {}
    answers = scores_by_measure.get("nps", ())
    ci = nps_interval(sum(1 for s in answers if s >= 9), sum(1 for s in answers if s <= 6), len(answers))
    if ci is not None:
        out["nps"] = ci
    answers = scores_by_measure.get("csat", ())
    ci = wilson_interval(sum(1 for s in answers if s >= 4), len(answers))
    if ci is not None:
        out["csat"] = ci
    return out


def mean_score(scores: Sequence[int]) -> dict[str, Any] | None:
    """Mean of the answers (effort on 1–7, emotion on −3…3) (docs §8)."""
    n = len(scores)
    if not n:
        return None
    return {"n": n, "value": sum(scores) / n}


ces = mean_score

_SURVEY = {"nps": nps, "csat": csat, "ces": mean_score, "emotion": mean_score}


def survey(scores_by_measure: Mapping[str, Sequence[int]]) -> dict[str, Any]:
    """Every survey measure that has answers, keyed by measure."""
    out = {}
    for measure, fn in _SURVEY.items():
        value = fn(scores_by_measure.get(measure, ()))
        if value is not None:
            out[measure] = value
    return out


def priority(
    path_share: float, centrality: float, emotion: int | None, gap: int | None, votes: float | None = None
) -> dict[str, float]:
    """Exposure × severity in 0…100, with its parts (docs §3).

    ``votes`` (0…1, the card's dots against the most voted card's) joins the severity as a third
    part when the journey has votes the room can see; None leaves the severity as it was.
    """
    pain = max(0, -emotion) / 3 if emotion is not None else 0.0
    pressure = max(0, gap) / 4 if gap is not None else 0.0
    severity = (pain + pressure) / 2 if votes is None else (pain + pressure + votes) / 3
    out = {
        "pain": pain,
        "gap_pressure": pressure,
        "priority": 100.0 * (path_share + centrality) / 2 * severity,
    }
    if votes is not None:
        out["votes"] = votes
    return out
