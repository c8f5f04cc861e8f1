"""A phone's action as a document command, and what phones see, worked out from the project (no Qt).

Each intent from the server becomes one ordinary command: undoable by the facilitator, written
to the working copy, shown on the map. ``plan`` decides which (or refuses, naming a reason the
phone shows); ``build_view`` turns the project into the ``RoomView`` the server sends on. The
``RoomLedger`` keeps what only this room session knows: who wrote which idea, whose rating is
which survey response, which participants have a phone.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .. import clock
from ..document.commands import (
    AddEntitiesCommand,
    AddTouchpointCommand,
    Command,
    MacroCommand,
    UpdateCommand,
    named,
    short_name,
)
from ..document.voting import QUICK_PARTICIPANT, CastVoteCommand
from ..i18n import LANGUAGES, _
from ..model import Participant, Project, Response, Touchpoint, VoteSession
from ..model.voting import EARLIER_PARTICIPANT
from ..room import protocol as p
from ..room.state import CardView, EndedVote, IdeaView, Intent, Phase, RoomView, StageView, VoteView
from .projector import Projector

MEASURES = ("emotion", "importance", "satisfaction")


class RefusedError(Exception):
    """The room says no; ``reason`` names the phone's message (``refused_<reason>``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class RoomLedger:
    """What this room session knows that the project does not."""

    session_id: str = field(default_factory=lambda: f"rm-{secrets.token_hex(6)}")
    authors: dict[str, str] = field(default_factory=dict)  # idea card → participant
    ratings: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (participant, step, measure) → response
    claimed: dict[str, str] = field(default_factory=dict)  # participant with a phone → their name
    revealed: bool = False
    # The voting session the phones last saw open: once it ends they are told so, not that no vote is open.
    voted_in: str | None = None

    @property
    def source(self) -> str:
        """What the room's survey responses carry in ``Response.source``."""
        return f"room:{self.session_id}"


@dataclass
class Plan:
    """The command for an intent (None: nothing to change) and what to note once it is done."""

    command: Command | None
    done: Callable[[], None] = lambda: None
    participant_id: str = ""
    name: str = ""
    alone: bool = False  # it changes what other phones' plans read: applied on its own, never beside them


def plan(project: Project, projector: Projector, ledger: RoomLedger, intent: Intent, paused: bool = False) -> Plan:
    """The command a phone's intent stands for, checked against the room as the UI thread sees it now."""
    if intent.kind == "join":
        return _join(project, ledger, intent)
    if paused:
        raise RefusedError("paused")
    if intent.participant_id not in ledger.claimed:
        raise RefusedError("removed")
    action = intent.action
    phase = projector.phase()
    if isinstance(action, p.Idea):
        if not phase.ideas:
            raise RefusedError("not_open")
        return _idea(project, projector, ledger, intent, action)
    if isinstance(action, p.Vote):
        if not phase.vote:
            raise RefusedError("not_open")
        return _vote(project, projector, intent, action)
    if isinstance(action, p.Rate):
        if not phase.rate:
            raise RefusedError("not_open")
        return _rate(project, projector, ledger, intent, action)
    raise RefusedError("failed")


def _join(project: Project, ledger: RoomLedger, intent: Intent) -> Plan:
    # Someone of the same name on the project's list (last workshop's Ana) and without a phone here
    # is taken up, so the list does not grow with every session; their earlier votes stay theirs.
    name = intent.name
    special = (QUICK_PARTICIPANT, EARLIER_PARTICIPANT)
    known = next(
        (x for x in project.participants()
         if x.name.casefold() == name.casefold() and x.id not in ledger.claimed and x.id not in special),
        None,
    )  # fmt: skip
    if known is not None:
        return Plan(None, lambda: ledger.claimed.__setitem__(known.id, known.name), known.id, known.name)
    position = max((x.position for x in project.participants()), default=-1) + 1
    person = Participant(id=intent.participant_id, name=name, position=position, colour=intent.colour)
    # The room's steps name the phone's person and what they sent, quoted: "Ana joined the room" and
    # "Vote" alone said neither whose step Undo takes back nor on which card.
    cmd = AddEntitiesCommand([person], named(_("“{name}” joined the room"), _("A participant joined the room"),
                                             name=short_name(name)))
    return Plan(cmd, lambda: ledger.claimed.__setitem__(person.id, name), person.id, name)


def _idea(project: Project, projector: Projector, ledger: RoomLedger, intent: Intent, idea: p.Idea) -> Plan:
    jid = projector.journey_id()
    if jid is None:
        raise RefusedError("not_open")
    stages, lanes = project.stages(jid), project.lanes(jid)
    if not stages or not lanes:
        raise RefusedError("not_open")
    stage_ids = {s.id for s in stages}
    chosen = idea.stage in stage_ids
    stage = idea.stage if chosen else projector.stage_id()
    stage = stage if stage in stage_ids else stages[0].id
    lane = next((ln for ln in lanes if ln.kind == "touchpoints"), lanes[0]).id
    # Not chosen: the card needs a stage, but it is only a placeholder until the facilitator places
    # the idea; the card says so (in the project file too), so nobody reads it as the author's choice.
    cmd = AddTouchpointCommand(jid, stage, lane, title=idea.title, emotion=idea.emotion, notes=idea.note, inbox=True,
                               stage_unsure=not chosen)
    cmd.description = named(_("Idea “{title}” from “{name}”"), _("Idea from a phone"), title=short_name(idea.title),
                            name=short_name(intent.name))
    card_id, pid = cmd.touchpoint_id, intent.participant_id
    return Plan(cmd, lambda: ledger.authors.__setitem__(card_id, pid))


def session_cards(project: Project, session: VoteSession) -> list[Touchpoint]:
    """The cards a session is about, placed ones in journey order, then the inbox's ideas."""
    every = project.touchpoints(session.journey_id) + project.inbox(session.journey_id)
    if session.scope == "cards":
        chosen = set(session.scope_ids)
        return [tp for tp in every if tp.id in chosen]
    if session.scope == "stage":
        stages = set(session.scope_ids)
        return [tp for tp in every if tp.stage_id in stages]
    return every


def in_session(session: VoteSession, card: Touchpoint) -> bool:
    """Whether ``card`` is one of ``session_cards`` (without listing them all: a vote is checked this way)."""
    if card.journey_id != session.journey_id:
        return False
    if session.scope == "cards":
        return card.id in session.scope_ids
    if session.scope == "stage":
        return card.stage_id in session.scope_ids
    return True


def _vote(project: Project, projector: Projector, intent: Intent, vote: p.Vote) -> Plan:
    sid = projector.vote_session_id()
    session = project.tables["vote_session"].get(sid) if sid else None
    if session is None:
        raise RefusedError("not_open")
    if session.state != "open":
        raise RefusedError("ended")
    card = project.tables["touchpoint"].get(vote.card)
    if card is None or not in_session(session, card):
        raise RefusedError("gone")
    pid = intent.participant_id
    mine = project.placed_dots(session.id, pid)
    here = mine.get(card.id, 0)
    if vote.step > 0 and sum(mine.values()) >= session.dots:
        raise RefusedError("no_dots")
    if vote.step > 0 and here >= session.max_per_card:
        raise RefusedError("per_card")
    if vote.step < 0 and here == 0:
        raise RefusedError("gone")
    cast = CastVoteCommand(session.id, pid, card.id, vote.step)
    names = {"name": short_name(intent.name), "title": short_name(card.title)}
    cast.description = (
        named(_("Vote of “{name}” for “{title}”"), cast.description, **names) if vote.step > 0
        else named(_("“{name}” takes back a vote from “{title}”"), cast.description, **names)
    )  # fmt: skip
    if session.participant_ids and pid not in session.participant_ids:
        # A phone that joined after the session began takes part from its first dot.
        enrol = UpdateCommand("vote_session", session.id, participant_ids=(*session.participant_ids, pid))
        return Plan(MacroCommand(cast.description, [enrol, cast]), alone=True)
    return Plan(cast)


def _rate(project: Project, projector: Projector, ledger: RoomLedger, intent: Intent, rate: p.Rate) -> Plan:
    step = projector.step_id()
    if step is None or rate.step != step or step not in project.tables["touchpoint"]:
        raise RefusedError("step")
    pid = intent.participant_id
    parts: list[Command] = []
    made: dict[str, str] = {}
    today = clock.today().isoformat()
    for measure in MEASURES:
        score = getattr(rate, measure)
        if score is None:
            continue
        rid = ledger.ratings.get((pid, step, measure))
        if rid is not None and rid in project.tables["response"]:
            parts.append(UpdateCommand("response", rid, score=score))
        else:
            response = Response(id=f"rs-{secrets.token_hex(8)}", touchpoint_id=step, measure=measure, score=score,
                                date=today, source=ledger.source)
            parts.append(AddEntitiesCommand([response]))
            made[measure] = response.id
    title = project.tables["touchpoint"][step].title
    cmd = MacroCommand(named(_("Rating of “{title}” from “{name}”"), _("Rating from a phone"), title=short_name(title),
                             name=short_name(intent.name)), parts)

    def done() -> None:
        for measure, rid in made.items():
            ledger.ratings[(pid, step, measure)] = rid

    return Plan(cmd, done)


# -- what phones see --------------------------------------------------------------------------------------


def build_view(
    project: Project, projector: Projector, ledger: RoomLedger, paused: bool = False, phase: Phase | None = None
) -> RoomView:
    """The room as phones should see it now."""
    phase = phase or projector.phase()
    jid = projector.journey_id()
    journey = project.tables["journey"].get(jid) if jid else None
    if journey is None:
        return RoomView(phase=phase, paused=paused, timer=projector.timer())
    stages = project.stages(journey.id)
    stage_views = tuple(
        StageView(s.id, {lang: s.display_name(lang) or str(i + 1) for lang in LANGUAGES}) for i, s in enumerate(stages)
    )
    cards = project.tables["touchpoint"]
    step_id = projector.step_id()
    step = cards.get(step_id) if step_id else None
    ideas = tuple(
        IdeaView(c.id, c.title, c.stage_id if c.stage_chosen else "", pid)
        for cid, pid in ledger.authors.items()
        if (c := cards.get(cid)) is not None and c.journey_id == journey.id
    )
    vote = _vote_view(project, projector.vote_session_id())
    if vote is not None:
        ledger.voted_in = vote.id
    ended = _ended_view(project, ledger.voted_in) if vote is None else None
    ratings: dict[tuple[str, str], dict[str, int]] = {}
    responses = project.tables["response"]
    for (pid, sid, measure), rid in ledger.ratings.items():
        response = responses.get(rid)
        if response is not None and sid == step_id:
            ratings.setdefault((pid, sid), {})[measure] = response.score
    return RoomView(
        journey=journey.name,
        stages=stage_views,
        stage_id=projector.stage_id(),
        step=CardView(step.id, step.title, step.stage_id) if step is not None else None,
        timer=projector.timer(),
        phase=phase,
        paused=paused,
        revealed=ledger.revealed,
        vote=vote,
        ended=ended,
        ideas=ideas,
        ratings=ratings,
    )


def _vote_view(project: Project, session_id: str | None) -> VoteView | None:
    session = project.tables["vote_session"].get(session_id) if session_id else None
    if session is None or session.state != "open":
        return None
    used: dict[str, dict[str, int]] = {}
    totals: dict[str, int] = {}
    for v in project.session_votes(session.id):
        used.setdefault(v.participant_id, {})[v.touchpoint_id] = v.dots
        totals[v.touchpoint_id] = totals.get(v.touchpoint_id, 0) + v.dots
    shows = session.shows_counts
    cards = tuple(
        CardView(tp.id, tp.title, tp.stage_id, totals.get(tp.id, 0) if shows else None, idea=tp.inbox)
        for tp in session_cards(project, session)
    )
    return VoteView(session.id, session.title, session.dots, session.max_per_card, cards, used)


def _ended_view(project: Project, session_id: str | None) -> EndedVote | None:
    """The session phones voted in, once it has ended (None while it is open, or if it went)."""
    session = project.tables["vote_session"].get(session_id) if session_id else None
    if session is None or session.state != "ended":
        return None
    return EndedVote(session.title, session.shows_counts)


def dots_used(project: Project, session_id: str | None) -> Mapping[str, int]:
    """Dots each participant has placed in a session (the facilitator's panel)."""
    out: dict[str, int] = {}
    if session_id and session_id in project.tables["vote_session"]:
        for v in project.session_votes(session_id):
            out[v.participant_id] = out.get(v.participant_id, 0) + v.dots
    return out


__all__ = [
    "MEASURES", "Plan", "RefusedError", "RoomLedger", "build_view", "dots_used", "in_session", "plan", "session_cards",
]  # fmt: skip
