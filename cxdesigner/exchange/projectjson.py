"""The whole project (or some of its journeys) in the documented JSON format, for git and other tools."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..model import Change, Project, jsonformat
from ..model.entities import Entity
from ..storage import atomic


def subset(project: Project, journey_ids: Sequence[str]) -> Project:
    """A project holding only these journeys, with the same ids, plus the personas and channels they use."""
    keep = set(journey_ids)
    journeys = [j for j in project.journeys() if j.id in keep]
    out: list[Entity] = []
    personas = {j.persona_id for j in journeys if j.persona_id}
    out += [p for p in project.personas() if p.id in personas]
    used = {tp.channel for j in journeys for tp in project.touchpoints(j.id) + project.inbox(j.id)}
    out += [c for c in project.channels() if c.id in used]
    sessions = [vs for j in journeys for vs in project.vote_sessions(j.id)]
    voters = {v.participant_id for vs in sessions for v in project.session_votes(vs.id)}
    voters |= {p for vs in sessions for p in vs.participant_ids}
    out += [p for p in project.participants() if p.id in voters]
    for j in journeys:
        out.append(j)
        out += project.stages(j.id) + project.lanes(j.id)
        cards = project.touchpoints(j.id) + project.inbox(j.id)
        out += cards
        out += project.connections(j.id)
        for tp in cards:
            out += project.responses(tp.id)
        for vs in project.vote_sessions(j.id):
            out.append(vs)
            out += project.session_votes(vs.id)
    out += _plans_of(project, {e.id for e in out if e.KIND == "touchpoint"})
    copy = Project(project.info)
    copy.apply([Change(e.KIND, e.id, None, e) for e in out], notify=False)
    return copy


def _plans_of(project: Project, cards: set[str]) -> list[Entity]:
    """The opportunities linked to these cards (with those links only) and the solutions delivering them."""
    out: list[Entity] = []
    kept: set[str] = set()
    for opp in project.opportunities():
        links = [k for k in project.opportunity_links(opp.id) if k.touchpoint_id in cards]
        if links:
            kept.add(opp.id)
            out += [opp, *links]
    for sol in project.solutions():
        links = [k for k in project.solution_links(sol.id) if k.opportunity_id in kept]
        if links:
            out += [sol, *links]
    return out


def project_json(project: Project, journey_ids: Sequence[str] | None = None, with_checkpoints: bool = False) -> str:
    """Deterministic JSON text (docs/json-format.md); stable ids keep diffs small; checkpoints only when asked."""
    return jsonformat.dumps(project if journey_ids is None else subset(project, journey_ids), with_checkpoints)


def write_json(project: Project, path: Path | str, journey_ids: Sequence[str] | None = None) -> None:
    atomic.write_text(path, project_json(project, journey_ids))


__all__ = ["project_json", "subset", "write_json"]
