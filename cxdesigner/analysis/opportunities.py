"""Opportunities: the Ulwick opportunity score from the linked steps, and the rows the board, CSV and report show."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Opportunity, OpportunityLink, Project, vocab

# Ulwick's outcome-driven innovation rates importance and satisfaction from 0 to 10; cards rate them 1 to 5.
ULWICK_MAX = 10
CARD_TO_ULWICK = 2  # a card's 1 … 5 times two: 5 (the top of the card's scale) is 10, 1 is 2


def ulwick_score(importance: float, satisfaction: float) -> float:
    """Opportunity = importance + max(importance − satisfaction, 0), on Ulwick's 0 … 10 scale."""
    return importance + max(importance - satisfaction, 0)


def card_to_ulwick(rating: int) -> int:
    """A card's importance or satisfaction (1 … 5) on Ulwick's scale (docs/analysis.md §11)."""
    return rating * CARD_TO_ULWICK


@dataclass(frozen=True)
class Score:
    """An opportunity's score and what it was worked out from."""

    score: float  # on Ulwick's scale: 0 … 20
    importance: float  # the mean of the rated steps, 0 … 10
    satisfaction: float
    steps: int  # linked steps rated for both


def opportunity_score(project: Project, opportunity_id: str) -> Score | None:
    """The score from the means of the linked steps' importance and satisfaction; None when none is rated.

    A step linked several times (for several of its pain points) counts once.
    """
    cards = {k.touchpoint_id for k in project.opportunity_links(opportunity_id)}
    rated = [
        tp
        for tid in sorted(cards)
        if (tp := project.tables["touchpoint"][tid]).importance is not None and tp.satisfaction is not None
    ]
    if not rated:
        return None
    importance = sum(card_to_ulwick(tp.importance) for tp in rated) / len(rated)
    satisfaction = sum(card_to_ulwick(tp.satisfaction) for tp in rated) / len(rated)
    return Score(
        round(ulwick_score(importance, satisfaction), 1), round(importance, 1), round(satisfaction, 1), len(rated)
    )


@dataclass(frozen=True)
class OpportunityRow:
    """One opportunity as the board, the CSV export and the report show it (names in ``lang``)."""

    opportunity: Opportunity
    status: str  # the status's label
    score: Score | None
    journeys: tuple[str, ...]
    stages: tuple[str, ...]
    stage_ids: tuple[str, ...]
    cards: tuple[str, ...]
    pain_points: tuple[str, ...]
    solutions: tuple[str, ...]


def opportunity_rows(project: Project, lang: str = "en") -> list[OpportunityRow]:
    """Every opportunity in board order, with what it links named for people."""
    rows = []
    t = project.tables

    def place(link: OpportunityLink) -> tuple[Any, ...]:
        # Steps in journey order (journey, stage, lane, place in the cell), as people read the map;
        # worked out for linked cards only, so a large project is not sorted on every refresh.
        tp = t["touchpoint"][link.touchpoint_id]
        stage, lane, journey = t["stage"][tp.stage_id], t["lane"][tp.lane_id], t["journey"][tp.journey_id]
        return (journey.position, journey.id, tp.inbox, stage.position, lane.position, tp.position, tp.id, link.id)

    for opp in project.opportunities():
        links = sorted(project.opportunity_links(opp.id), key=place)
        cards = [project.tables["touchpoint"][tid] for tid in dict.fromkeys(k.touchpoint_id for k in links)]
        stages = [project.tables["stage"][sid] for sid in dict.fromkeys(tp.stage_id for tp in cards)]
        journeys = [project.tables["journey"][jid] for jid in dict.fromkeys(tp.journey_id for tp in cards)]
        solutions = [project.tables["solution"][k.solution_id] for k in project.opportunity_solution_links(opp.id)]
        rows.append(
            OpportunityRow(
                opportunity=opp,
                status=vocab.label(vocab.PLAN_STATUSES, opp.status, lang),
                score=opportunity_score(project, opp.id),
                journeys=tuple(j.name for j in journeys),
                stages=tuple(s.display_name(lang) for s in stages),
                stage_ids=tuple(s.id for s in stages),
                cards=tuple(tp.title for tp in cards),
                pain_points=tuple(dict.fromkeys(k.pain_point for k in links if k.pain_point)),
                solutions=tuple(s.title for s in sorted(solutions, key=lambda s: (s.position, s.id))),
            )
        )
    return rows


def filter_rows(
    rows: Iterable[OpportunityRow],
    stage_ids: Iterable[str] = (),
    statuses: Iterable[str] = (),
    owners: Iterable[str] = (),
) -> list[OpportunityRow]:
    """The rows linked to one of ``stage_ids``, in one of ``statuses`` and owned by one of ``owners``
    (an empty filter lets everything through)."""
    stage_set, status_set, owner_set = set(stage_ids), set(statuses), set(owners)
    return [
        r
        for r in rows
        if (not stage_set or stage_set & set(r.stage_ids))
        and (not status_set or r.opportunity.status in status_set)
        and (not owner_set or r.opportunity.owner in owner_set)
    ]


def card_opportunity_count(project: Project, touchpoint_id: str) -> int:
    """How many opportunities address a card (the map's marker)."""
    return len({k.opportunity_id for k in project.card_opportunity_links(touchpoint_id)})


__all__ = [
    "CARD_TO_ULWICK",
    "ULWICK_MAX",
    "OpportunityRow",
    "Score",
    "card_opportunity_count",
    "card_to_ulwick",
    "filter_rows",
    "opportunity_rows",
    "opportunity_score",
    "ulwick_score",
]
