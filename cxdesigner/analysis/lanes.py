"""What the lanes without cards say at each stage, worked out from the project (docs/analysis.md §9).

Pure functions shared by the exports, the report and the "Fill from survey" command: a channel
lane's channels, an emotion lane's overlaid curves, and a stage's survey figure for a metric lane.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Journey, Lane, Project, vocab
from . import measures as m

# The figures a metric lane can be filled with: measure key → (responses' measure, unit).
# "csat" is the share of 4 and 5 (as the analysis reports it); "csat_mean" the mean answer.
FILL_MEASURES: dict[str, tuple[str, str]] = {
    "nps": ("nps", ""),
    "csat": ("csat", "%"),
    "csat_mean": ("csat", ""),
    "ces": ("ces", ""),
    "emotion": ("emotion", ""),
    "importance": ("importance", ""),
    "satisfaction": ("satisfaction", ""),
}


@dataclass(frozen=True)
class StageFigure:
    """One stage's figure from the answers about its cards; ``value`` None when nobody answered."""

    stage_id: str
    value: float | None
    answers: int


def _fold(text: str) -> str:
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", bare.casefold()).strip()


def stage_channels(project: Project, journey_id: str, lang: str = "en") -> dict[str, list[str]]:
    """Stage id → the names of the channels its placed cards use, in map order, each once."""
    out: dict[str, list[str]] = {s.id: [] for s in project.stages(journey_id)}
    for tp in project.touchpoints(journey_id):
        if tp.inbox or not tp.channel:
            continue
        name = project.channel_name(tp.channel, lang) or tp.channel
        names = out.setdefault(tp.stage_id, [])
        if name not in names:
            names.append(name)
    return out


def stage_emotions(project: Project, journey_id: str) -> dict[str, float | None]:
    """Stage id → the mean emotion (−3…3) of the journey's placed cards there, None where none has one."""
    sums: dict[str, list[int]] = {s.id: [] for s in project.stages(journey_id)}
    for tp in project.touchpoints(journey_id):
        if not tp.inbox and tp.emotion is not None:
            sums.setdefault(tp.stage_id, []).append(tp.emotion)
    return {sid: (sum(v) / len(v) if v else None) for sid, v in sums.items()}


def overlay_journeys(project: Project, lane: Lane, lang: str = "en") -> list[tuple[Journey, dict[str, float | None]]]:
    """An emotion lane's overlaid journeys, each with this journey's stage id → that journey's emotion.

    Another journey's stages are matched to this one's by name (case and accents aside), then by
    place; journeys deleted since are left out (the overlay is a soft reference). The map, the CSV,
    the report and draw.io all draw the same curves from this.
    """
    mine = project.stages(lane.journey_id)
    out = []
    for jid in lane.overlay:
        journey = project.tables["journey"].get(jid)
        if journey is None:
            continue
        theirs = project.stages(jid)
        emotions = stage_emotions(project, jid)
        by_name = {_fold(s.display_name(lang)): s.id for s in theirs}
        row: dict[str, float | None] = {}
        for i, stage in enumerate(mine):
            other = by_name.get(_fold(stage.display_name(lang)))
            if other is None and i < len(theirs):
                other = theirs[i].id
            row[stage.id] = emotions.get(other) if other else None
        out.append((journey, row))
    return out


def overlay_emotions(project: Project, lane: Lane, lang: str = "en") -> list[tuple[str, dict[str, float | None]]]:
    """:func:`overlay_journeys` by journey name."""
    return [(journey.name, row) for journey, row in overlay_journeys(project, lane, lang)]


def survey_figures(project: Project, journey_id: str, measure: str) -> list[StageFigure]:
    """Per stage of a journey, ``measure`` (a key of FILL_MEASURES) over the answers about its placed cards.

    Imported survey answers and the room's ratings are both responses, so both count. NPS is
    % promoters − % detractors, CSAT the % of 4 and 5 (``csat``) or the mean answer (``csat_mean``),
    the others the mean answer (docs/analysis.md §8).
    """
    if measure not in FILL_MEASURES:
        raise ValueError(f"unknown measure {measure!r}: use one of {', '.join(FILL_MEASURES)}")
    asked = FILL_MEASURES[measure][0]
    stage_of = {tp.id: tp.stage_id for tp in project.touchpoints(journey_id) if not tp.inbox}
    scores: dict[str, list[int]] = {}
    for tp_id, stage_id in stage_of.items():
        for r in project.responses(tp_id):
            if r.measure == asked:
                scores.setdefault(stage_id, []).append(r.score)
    fn = {"nps": m.nps, "csat": m.csat}.get(measure, m.mean_score)
    out = []
    for stage in project.stages(journey_id):
        got = fn(scores.get(stage.id, []))
        out.append(StageFigure(stage.id, None if got is None else round(got["value"], 2), got["n"] if got else 0))
    return out


def fill_unit(measure: str) -> str:
    return FILL_MEASURES[measure][1]


def cell_lanes(lanes: Sequence[Lane]) -> list[Lane]:
    """The lanes that hold a cell a stage (text, metric, storyboard), in map order."""
    return [ln for ln in lanes if ln.kind in vocab.CELL_LANE_KINDS]


__all__ = [
    "FILL_MEASURES",
    "StageFigure",
    "cell_lanes",
    "fill_unit",
    "overlay_emotions",
    "overlay_journeys",
    "stage_channels",
    "stage_emotions",
    "survey_figures",
]
