"""The project: every entity of one file, changed only through validated change sets."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from ..i18n import N_, _, fixed, ngettext, number
from . import limits, names, vocab
from .entities import (
    ENTITY_TYPES,
    Channel,
    Checkpoint,
    Connection,
    Entity,
    Journey,
    Lane,
    LaneCell,
    Opportunity,
    OpportunityLink,
    Participant,
    Persona,
    ProjectInfo,
    Response,
    Solution,
    SolutionLink,
    Stage,
    Touchpoint,
    Vote,
    VoteSession,
    shown_value,
)
from .errors import ValidationError

KINDS = ("project", *ENTITY_TYPES)


@dataclass(frozen=True)
class Change:
    """One entity going from ``old`` to ``new``; ``None`` on one side means added or removed."""

    kind: str
    id: str
    old: Entity | None
    new: Entity | None

    def inverse(self) -> Change:
        return Change(self.kind, self.id, self.new, self.old)


Listener = Callable[[Sequence[Change]], None]


class ChangeList(list):  # type: ignore[type-arg]
    """Changes that know which kinds of record they hold (a staged step's, worked out on a worker).

    A million survey answers went through a dozen listeners that each looked at every change to
    find the cards or stages they follow: a second of the UI thread for nothing. See :func:`untouched`.
    """

    def __init__(self, changes: Iterable[Change] = (), kinds: Iterable[str] | None = None) -> None:
        super().__init__(changes)
        self.kinds: frozenset[str] = frozenset(kinds if kinds is not None else (ch.kind for ch in self))


def untouched(changes: Sequence[Change], kinds: Iterable[str]) -> bool:
    """True when ``changes`` are known, without looking at each, to hold no record of ``kinds``.

    Only a :class:`ChangeList` knows; for any other sequence the answer is False (look at them).
    """
    known = getattr(changes, "kinds", None)
    return known is not None and known.isdisjoint(kinds)


_POSITION_ID = attrgetter("position", "id")


def _by_position(items: Iterable[Any]) -> list[Any]:
    return sorted(items, key=_POSITION_ID)


_LINK_INDEXES = ("card_opportunities", "opportunity_links", "solution_links", "opportunity_solutions")


class _Index:
    """Who belongs to whom, kept with every change, so per-journey and per-cell reads never scan the project.

    Without it a project of thousands of journeys or cards made imports and commands quadratic.
    Ids are kept in dicts (ordered sets); readers sort what they take.
    """

    def __init__(self) -> None:
        self.of_journey: dict[str, dict[str, dict[str, None]]] = {
            kind: {} for kind in ("stage", "lane", "touchpoint", "connection", "vote_session", "lane_cell")
        }
        self.cells: dict[tuple[str, str], dict[str, None]] = {}
        self.lane_cells: dict[tuple[str, str], dict[str, None]] = {}  # (stage, lane) → its cell (format 4)
        self.links: dict[str, dict[str, None]] = {}
        self.responses: dict[str, dict[str, None]] = {}
        self.inbox: dict[str, dict[str, None]] = {}  # journey → cards not placed yet
        self.session_votes: dict[str, dict[str, None]] = {}
        self.card_votes: dict[str, dict[str, None]] = {}
        # (session, participant) → their votes: a room's dot is checked against one person's budget, not
        # against every vote of the session (sixty phones, twelve hundred dots).
        self.person_votes: dict[tuple[str, str], dict[str, None]] = {}
        # Opportunity links by card and by opportunity; solution links by solution and by opportunity.
        self.card_opportunities: dict[str, dict[str, None]] = {}
        self.opportunity_links: dict[str, dict[str, None]] = {}
        self.solution_links: dict[str, dict[str, None]] = {}
        self.opportunity_solutions: dict[str, dict[str, None]] = {}

    def _places(self, e: Entity) -> list[tuple[dict[Any, dict[str, None]], Any]]:
        places: list[tuple[dict[Any, dict[str, None]], Any]] = []
        if isinstance(e, Touchpoint) and e.inbox:
            # Waiting in the inbox: in no cell, and not among the journey's cards until placed.
            places.append((self.inbox, e.journey_id))
        elif isinstance(e, Touchpoint):
            places.append((self.of_journey["touchpoint"], e.journey_id))
            places.append((self.cells, (e.stage_id, e.lane_id)))
        elif e.KIND in self.of_journey:
            places.append((self.of_journey[e.KIND], e.journey_id))  # type: ignore[attr-defined]
            if isinstance(e, LaneCell):
                places.append((self.lane_cells, (e.stage_id, e.lane_id)))
        if isinstance(e, Connection):
            places.append((self.links, e.source_id))
            places.append((self.links, e.target_id))
        elif isinstance(e, Response):
            places.append((self.responses, e.touchpoint_id))
        elif isinstance(e, Vote):
            places.append((self.session_votes, e.session_id))
            places.append((self.card_votes, e.touchpoint_id))
            places.append((self.person_votes, (e.session_id, e.participant_id)))
        elif isinstance(e, OpportunityLink):
            places.append((self.card_opportunities, e.touchpoint_id))
            places.append((self.opportunity_links, e.opportunity_id))
        elif isinstance(e, SolutionLink):
            places.append((self.solution_links, e.solution_id))
            places.append((self.opportunity_solutions, e.opportunity_id))
        return places

    def add(self, e: Entity) -> None:
        for table, key in self._places(e):
            table.setdefault(key, {})[e.id] = None

    def drop(self, e: Entity) -> None:
        for table, key in self._places(e):
            members = table.get(key)
            if members is not None:
                members.pop(e.id, None)
                if not members:
                    del table[key]

    def rebuilt(self, tables: dict[str, dict[str, Any]]) -> _Index:
        """The index these tables should have (a check for tests)."""
        out = _Index()
        for table in tables.values():
            for e in table.values():
                out.add(e)
        return out

    def as_sets(self) -> dict[str, Any]:
        def sets(t: dict[Any, dict[str, None]]) -> dict[Any, set[str]]:
            return {k: set(v) for k, v in t.items()}

        return {
            **{kind: sets(t) for kind, t in self.of_journey.items()},
            "cells": sets(self.cells),
            "lane_cells": sets(self.lane_cells),
            "links": sets(self.links),
            "responses": sets(self.responses),
            "inbox": sets(self.inbox),
            "session_votes": sets(self.session_votes),
            "card_votes": sets(self.card_votes),
            "person_votes": sets(self.person_votes),
            **{name: sets(getattr(self, name)) for name in _LINK_INDEXES},
        }

    def copy(self) -> _Index:
        out = _Index()
        out.of_journey = {kind: {k: dict(v) for k, v in t.items()} for kind, t in self.of_journey.items()}
        names = (
            "cells",
            "lane_cells",
            "links",
            "responses",
            "inbox",
            "session_votes",
            "card_votes",
            "person_votes",
            *_LINK_INDEXES,
        )
        for name in names:
            setattr(out, name, {k: dict(v) for k, v in getattr(self, name).items()})
        return out


class Project:
    """All entities of a project, keyed by kind and id.

    The only way to change it is :meth:`apply`, which checks every reference and
    notifies listeners, so views and the file can follow each change.
    """

    def __init__(self, info: ProjectInfo | None = None) -> None:
        self.info = info or ProjectInfo()
        self.tables: dict[str, dict[str, Any]] = {kind: {} for kind in ENTITY_TYPES}
        self._listeners: list[Listener] = []
        self._index = _Index()
        # Odd while the tables or the index are being changed, moved on by each change: what lets a
        # worker copy the project while this thread may change it (:meth:`detached_copy_live`).
        self._writes = 0

    # -- observers --------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    # -- changing -----------------------------------------------------------
    def apply(self, changes: Sequence[Change], notify: bool = True) -> None:
        """Apply ``changes`` as one unit: all of them, or none if any is refused."""
        done: list[Change] = []
        self._writes += 1
        try:
            for ch in changes:
                self._apply_one(ch)
                done.append(ch)
            self._check_integrity(changes)
        except ValidationError:
            for ch in reversed(done):
                self._apply_one(ch.inverse(), check_old=False)
            raise
        finally:
            self._writes += 1
        if notify:
            self.notify(changes)

    def revert(self, changes: Sequence[Change]) -> None:
        """Undo ``changes`` already applied (newest first), without notifying: a failed command's way back.

        They were checked on the way in, so the way back needs no checks and cannot fail half-way.
        """
        self._writes += 1
        try:
            for ch in reversed(changes):
                self._apply_one(ch.inverse(), check_old=False)
        finally:
            self._writes += 1

    def notify(self, changes: Sequence[Change]) -> None:
        """Tell the listeners about changes already applied."""
        if changes:
            for listener in list(self._listeners):
                listener(changes)

    def _apply_one(self, ch: Change, check_old: bool = True) -> None:
        if ch.kind == "project":
            if not isinstance(ch.new, ProjectInfo):
                raise ValidationError("The project's own record cannot be removed")
            self.info = ch.new
            return
        table = self.tables.get(ch.kind)
        if table is None:
            raise ValidationError(f"Unknown kind of entity: {ch.kind}")
        current = table.get(ch.id)
        if check_old and current != ch.old:
            what = "does not exist" if current is None else "was changed meanwhile"
            raise ValidationError(f"The {ch.kind} {ch.id} {what}")
        if ch.new is not None and (ch.new.id != ch.id or not isinstance(ch.new, ENTITY_TYPES[ch.kind])):
            raise ValidationError(f"Change of {ch.kind} {ch.id} carries the wrong record")
        if current is not None:
            self._index.drop(current)
        if ch.new is None:
            table.pop(ch.id, None)
        else:
            table[ch.id] = ch.new
            self._index.add(ch.new)

    def _check_integrity(self, changes: Sequence[Change]) -> None:
        removed: dict[str, set[str]] = {}
        grown: set[str] = set()
        for ch in changes:
            if ch.new is not None and ch.kind != "project":
                current = self.tables[ch.kind].get(ch.id)
                if current is not None:
                    self._check_references(current)
                if ch.old is None:
                    grown.add(ch.kind)
            if ch.new is None and ch.old is not None and ch.id not in self.tables[ch.kind]:
                removed.setdefault(ch.kind, set()).add(ch.id)
        if removed:
            self._check_no_dependents(removed)
        if grown:
            self._check_limits(grown, changes)
        if any(ch.kind in ("vote", "vote_session") for ch in changes):
            self._check_votes(changes)
        if "checkpoint" in grown or any(ch.kind == "checkpoint" and ch.new is not None for ch in changes):
            self._check_checkpoints()

    def _check_checkpoints(self) -> None:
        total = sum(c.size for c in self.tables["checkpoint"].values())
        if total > limits.MAX_CHECKPOINTS_BYTES:
            raise ValidationError(
                _(
                    "The checkpoints would take {size} MB, more than a project may hold "
                    "({limit} MB); delete old checkpoints, then try again"
                ).format(size=fixed(total / 1e6), limit=number(round(limits.MAX_CHECKPOINTS_BYTES / 1e6)))
            )

    def _check_votes(self, changes: Sequence[Change]) -> None:
        """Dots within each participant's budget; an ended session's votes stay as they were."""
        sessions: set[str] = set()
        people: dict[str, set[str]] = {}  # session → participants whose votes changed
        touched_cards = {ch.id for ch in changes if ch.kind == "touchpoint"}
        changed_sessions = {ch.id for ch in changes if ch.kind == "vote_session"}
        for ch in changes:
            if ch.kind == "vote":
                for v in (ch.old, ch.new):
                    if v is not None:
                        people.setdefault(v.session_id, set()).add(v.participant_id)  # type: ignore[attr-defined]
                vote: Vote = ch.new or ch.old  # type: ignore[assignment]
                sessions.add(vote.session_id)
                session = self.tables["vote_session"].get(vote.session_id)
                # Deleting or restoring the card (or the session) takes its votes along: that is no "change".
                along = vote.session_id in changed_sessions or vote.touchpoint_id in touched_cards
                if session is not None and session.state == "ended" and not along:
                    raise ValidationError(
                        _("The voting session {title} has ended: its votes cannot change").format(
                            title=shown_value(session.title)
                        )
                    )
            elif ch.kind == "vote_session" and ch.new is not None:
                sessions.add(ch.id)
        for sid in sessions:
            session = self.tables["vote_session"].get(sid)
            if session is None:
                continue
            per_person: dict[str, int] = {}
            if sid in changed_sessions:  # its budget may have changed: everyone's votes
                vids: Iterable[str] = self._index.session_votes.get(sid, ())
            else:  # only the votes changed: only the people whose votes they are
                vids = [vid for pid in people.get(sid, ()) for vid in self._index.person_votes.get((sid, pid), ())]
            for vid in vids:
                vote = self.tables["vote"][vid]
                per_person[vote.participant_id] = per_person.get(vote.participant_id, 0) + vote.dots
                if vote.dots > session.max_per_card:
                    raise ValidationError(
                        ngettext(
                            "At most {n} dot per card per person in {title}",
                            "At most {n} dots per card per person in {title}",
                            session.max_per_card,
                        ).format(
                            n=number(session.max_per_card), title=shown_value(session.title)
                        )
                    )
            for pid, used in per_person.items():
                if used > session.dots:
                    name = self.tables["participant"].get(pid)
                    who = name.name if name is not None else pid
                    raise ValidationError(
                        _("{name} has no dots left in {title} ({n} each)").format(
                            name=who, title=shown_value(session.title), n=number(session.dots)
                        )
                    )

    def _check_limits(self, grown: set[str], changes: Sequence[Change]) -> None:
        """Refuse a change that makes the project bigger than docs/file-format.md allows."""
        for kind in grown:
            problem = limits.over_limit(kind, len(self.tables[kind]))
            if problem is None and kind in limits.PER_JOURNEY:
                members = self._index.of_journey[kind]
                journeys = {ch.new.journey_id for ch in changes if ch.kind == kind and ch.old is None}  # type: ignore[union-attr]
                problem = next(
                    (p for j in journeys if (p := limits.over_limit(kind, len(members.get(j, ())), True))), None
                )
            if problem:
                raise ValidationError(problem)

    def _check_references(self, e: Entity) -> None:
        t = self.tables
        if isinstance(e, Journey):
            if e.persona_id is not None and e.persona_id not in t["persona"]:
                raise ValidationError(
                    _("Journey {name} refers to a persona that does not exist").format(name=shown_value(e.name))
                )
        elif isinstance(e, (Stage, Lane)):
            if e.journey_id not in t["journey"]:
                message = (
                    _("Stage {name} refers to a journey that does not exist")
                    if isinstance(e, Stage)
                    else _("Lane {name} refers to a journey that does not exist")
                )
                raise ValidationError(message.format(name=shown_value(e.name)))
            if isinstance(e, Lane) and e.kind in vocab.CONTENT_LANE_KINDS:
                self._check_lane_contents(e)
        elif isinstance(e, LaneCell):
            lane = t["lane"].get(e.lane_id)
            stage = t["stage"].get(e.stage_id)
            if e.journey_id not in t["journey"] or lane is None or stage is None:
                raise ValidationError(_("A lane cell refers to a journey, lane or stage that does not exist"))
            if lane.journey_id != e.journey_id or stage.journey_id != e.journey_id:
                raise ValidationError(_("A lane cell must be in a lane and a stage of its own journey"))
            if lane.kind not in vocab.CELL_LANE_KINDS:
                raise ValidationError(
                    _("The lane {name} holds cards, not text, figures or pictures").format(name=shown_value(lane.name))
                )
            if len(self._index.lane_cells.get((e.stage_id, e.lane_id), ())) > 1:
                raise ValidationError(
                    _("The lane {name} has two cells in one stage").format(name=shown_value(lane.name))
                )
        elif isinstance(e, Touchpoint):
            if e.journey_id not in t["journey"]:
                raise ValidationError(
                    _("Touchpoint {title} refers to a journey that does not exist").format(title=shown_value(e.title))
                )
            stage = t["stage"].get(e.stage_id)
            lane = t["lane"].get(e.lane_id)
            if stage is None or stage.journey_id != e.journey_id:
                raise ValidationError(
                    _("Touchpoint {title} is in a stage that is not in its journey").format(title=shown_value(e.title))
                )
            if lane is None or lane.journey_id != e.journey_id:
                raise ValidationError(
                    _("Touchpoint {title} is in a lane that is not in its journey").format(title=shown_value(e.title))
                )
            if not e.inbox and not lane.holds_cards:
                raise ValidationError(
                    _("Touchpoint {title} is in the lane {lane}, which holds no cards").format(
                        title=shown_value(e.title), lane=shown_value(lane.name)
                    )
                )
            if e.channel and e.channel not in vocab.CHANNELS and e.channel not in t["channel"]:
                raise ValidationError(
                    _("Touchpoint {title} uses channel {channel}, which is not in the catalogue").format(
                        title=shown_value(e.title), channel=shown_value(e.channel)
                    )
                )
        elif isinstance(e, Connection):
            for end in (e.source_id, e.target_id):
                tp = t["touchpoint"].get(end)
                if tp is None or tp.journey_id != e.journey_id:
                    raise ValidationError(_("A connection must join two touchpoints of the same journey"))
                if tp.inbox:
                    raise ValidationError(_("Place a card from the inbox on the map before connecting it"))
            if e.source_id == e.target_id:
                raise ValidationError(_("A connection cannot lead from a touchpoint to itself"))
        elif isinstance(e, Response) and e.touchpoint_id not in t["touchpoint"]:
            raise ValidationError(_("A survey response refers to a touchpoint that does not exist"))
        elif isinstance(e, VoteSession) and e.journey_id not in t["journey"]:
            raise ValidationError(
                _("The voting session {title} refers to a journey that does not exist").format(
                    title=shown_value(e.title)
                )
            )
        elif isinstance(e, Vote):
            session = t["vote_session"].get(e.session_id)
            card = t["touchpoint"].get(e.touchpoint_id)
            if session is None or e.participant_id not in t["participant"]:
                raise ValidationError(_("A vote refers to a session or participant that does not exist"))
            if card is None or card.journey_id != session.journey_id:
                raise ValidationError(_("A vote must be on a card of its session's journey"))
        elif isinstance(e, OpportunityLink) and (
            e.opportunity_id not in t["opportunity"] or e.touchpoint_id not in t["touchpoint"]
        ):
            raise ValidationError(_("An opportunity link refers to an opportunity or card that does not exist"))
        elif isinstance(e, SolutionLink) and (
            e.solution_id not in t["solution"] or e.opportunity_id not in t["opportunity"]
        ):
            raise ValidationError(_("A solution link refers to a solution or opportunity that does not exist"))

    def _check_lane_contents(self, lane: Lane) -> None:
        """A lane that holds no cards has none placed in it; only text, metric and storyboard lanes have cells."""
        for stage_id in self._index.of_journey["stage"].get(lane.journey_id, ()):
            if self._index.cells.get((stage_id, lane.id)):
                raise ValidationError(
                    _("The lane {name} still holds cards: move them before changing its kind").format(
                        name=shown_value(lane.name)
                    )
                )
            if lane.kind not in vocab.CELL_LANE_KINDS and self._index.lane_cells.get((stage_id, lane.id)):
                raise ValidationError(
                    _("The lane {name} still holds text, figures or pictures").format(name=shown_value(lane.name))
                )

    # (dependent kind, its field, the kind it refers to, the refusal of the removal as one whole sentence)
    _DEPENDENTS = (
        ("journey", "persona_id", "persona", N_("The persona cannot be removed: a journey still uses this persona")),
        ("stage", "journey_id", "journey", N_("The journey cannot be removed: its stages are still there")),
        ("lane", "journey_id", "journey", N_("The journey cannot be removed: its lanes are still there")),
        ("touchpoint", "stage_id", "stage", N_("The stage cannot be removed: touchpoints are still in this stage")),
        ("touchpoint", "lane_id", "lane", N_("The lane cannot be removed: touchpoints are still in this lane")),
        ("touchpoint", "channel", "channel", N_("The channel cannot be removed: touchpoints still use this channel")),
        (
            "connection",
            "source_id",
            "touchpoint",
            N_("The touchpoint cannot be removed: connections still lead from it"),
        ),
        ("connection", "target_id", "touchpoint", N_("The touchpoint cannot be removed: connections still lead to it")),
        (
            "response",
            "touchpoint_id",
            "touchpoint",
            N_("The touchpoint cannot be removed: survey responses still refer to it"),
        ),
        (
            "vote_session",
            "journey_id",
            "journey",
            N_("The journey cannot be removed: its voting sessions are still there"),
        ),
        ("lane_cell", "journey_id", "journey", N_("The journey cannot be removed: its lanes' cells are still there")),
        ("lane_cell", "lane_id", "lane", N_("The lane cannot be removed: its cells are still there")),
        ("lane_cell", "stage_id", "stage", N_("The stage cannot be removed: lane cells are still in this stage")),
        ("vote", "session_id", "vote_session", N_("The vote_session cannot be removed: its votes are still there")),
        ("vote", "participant_id", "participant", N_("The participant cannot be removed: their votes are still there")),
        ("vote", "touchpoint_id", "touchpoint", N_("The touchpoint cannot be removed: votes are still on it")),
        (
            "opportunity_link",
            "touchpoint_id",
            "touchpoint",
            N_("The touchpoint cannot be removed: opportunities are still linked to it"),
        ),
        (
            "opportunity_link",
            "opportunity_id",
            "opportunity",
            N_("The opportunity cannot be removed: its links to cards are still there"),
        ),
        (
            "solution_link",
            "opportunity_id",
            "opportunity",
            N_("The opportunity cannot be removed: solutions are still linked to it"),
        ),
        (
            "solution_link",
            "solution_id",
            "solution",
            N_("The solution cannot be removed: its links to opportunities are still there"),
        ),
    )

    def _check_no_dependents(self, removed: dict[str, set[str]]) -> None:
        """One scan per dependent kind, so removing thousands of cards stays linear."""
        for kind, attr, target, message in self._DEPENDENTS:
            gone = removed.get(target)
            if gone and any(getattr(e, attr) in gone for e in self.tables[kind].values()):
                raise ValidationError(_(message))

    # -- reading --------------------------------------------------------------
    def get(self, kind: str, id_: str) -> Any:
        try:
            return self.tables[kind][id_]
        except KeyError:
            raise ValidationError(
                _("There is no {kind} with id {id}").format(kind=names.kind_name(kind), id=id_)
            ) from None

    def personas(self) -> list[Persona]:
        return _by_position(self.tables["persona"].values())

    def journeys(self) -> list[Journey]:
        return _by_position(self.tables["journey"].values())

    def journey_by_name(self, name: str) -> Journey | None:
        for j in self.journeys():
            if j.name == name:
                return j
        return None

    def stages(self, journey_id: str) -> list[Stage]:
        return _by_position(self._members("stage", journey_id))

    def lanes(self, journey_id: str) -> list[Lane]:
        return _by_position(self._members("lane", journey_id))

    def lane_cells(self, journey_id: str) -> list[LaneCell]:
        """The journey's text, figure and picture cells (format 4), in no particular order."""
        return sorted(self._members("lane_cell", journey_id), key=lambda c: c.id)

    def lane_cell(self, stage_id: str, lane_id: str) -> LaneCell | None:
        """The cell of a text, metric or storyboard lane at one stage, if it has one."""
        ids = self._index.lane_cells.get((stage_id, lane_id))
        return self.tables["lane_cell"][next(iter(ids))] if ids else None

    def checkpoints(self) -> list[Checkpoint]:
        """The project's checkpoints, oldest first."""
        return _by_position(self.tables["checkpoint"].values())

    def future_states(self, journey_id: str) -> list[Journey]:
        """The journeys marked as the future state of ``journey_id``."""
        return [j for j in self.journeys() if j.future_of == journey_id]

    def _members(self, kind: str, journey_id: str) -> list[Any]:
        table = self.tables[kind]
        return [table[i] for i in self._index.of_journey[kind].get(journey_id, ())]

    def placed_cards(self, journey_id: str) -> list[Touchpoint]:
        """The journey's cards on its map (not those waiting in its inbox), in no promised order."""
        return self._members("touchpoint", journey_id)

    def has_placed_cards(self, journey_id: str) -> bool:
        """Whether the journey has a card on its map: ``placed_cards`` without listing them (5,000: 1.5 ms)."""
        return bool(self._index.of_journey["touchpoint"].get(journey_id))

    def touchpoints(self, journey_id: str) -> list[Touchpoint]:
        """The journey's cards in journey order: stage, then lane, then order in the cell."""
        stage_pos = {s.id: i for i, s in enumerate(self.stages(journey_id))}
        lane_pos = {ln.id: i for i, ln in enumerate(self.lanes(journey_id))}
        cards = self._members("touchpoint", journey_id)
        return sorted(cards, key=lambda tp: (stage_pos[tp.stage_id], lane_pos[tp.lane_id], tp.position, tp.id))

    def cell(self, stage_id: str, lane_id: str) -> list[Touchpoint]:
        table = self.tables["touchpoint"]
        return _by_position(table[i] for i in self._index.cells.get((stage_id, lane_id), ()))

    def connections(self, journey_id: str) -> list[Connection]:
        return sorted(self._members("connection", journey_id), key=lambda c: c.id)

    def connections_unordered(self, journey_id: str) -> list[Connection]:
        """The journey's connections in no particular order: ``connections`` without its sort."""
        return self._members("connection", journey_id)

    def connections_of(self, touchpoint_id: str) -> list[Connection]:
        table = self.tables["connection"]
        return sorted((table[i] for i in self._index.links.get(touchpoint_id, ())), key=lambda c: c.id)

    def inbox(self, journey_id: str) -> list[Touchpoint]:
        """The journey's cards waiting to be placed, in the order they came in."""
        table = self.tables["touchpoint"]
        return _by_position(table[i] for i in self._index.inbox.get(journey_id, ()))

    def inbox_unordered(self, journey_id: str) -> list[Touchpoint]:
        """The journey's inbox in no particular order: ``inbox`` without its sort, where order does not matter."""
        table = self.tables["touchpoint"]
        return [table[i] for i in self._index.inbox.get(journey_id, ())]

    def participants(self) -> list[Participant]:
        return _by_position(self.tables["participant"].values())

    def vote_sessions(self, journey_id: str) -> list[VoteSession]:
        return _by_position(self._members("vote_session", journey_id))

    def session_votes(self, session_id: str) -> list[Vote]:
        table = self.tables["vote"]
        return sorted((table[i] for i in self._index.session_votes.get(session_id, ())), key=lambda v: v.id)

    def placed_dots(self, session_id: str, participant_id: str) -> dict[str, int]:
        """Card → dots one participant has placed in a session (a phone's vote is checked against it)."""
        table = self.tables["vote"]
        out: dict[str, int] = {}
        for vid in self._index.person_votes.get((session_id, participant_id), ()):
            vote = table[vid]
            out[vote.touchpoint_id] = out.get(vote.touchpoint_id, 0) + vote.dots
        return out

    def votes_on(self, touchpoint_id: str) -> list[Vote]:
        table = self.tables["vote"]
        return sorted((table[i] for i in self._index.card_votes.get(touchpoint_id, ())), key=lambda v: v.id)

    def shown_votes(self, touchpoint_id: str) -> int:
        """Dots on a card that the room may see: sessions not hidden, or revealed."""
        if not self._index.card_votes.get(touchpoint_id):
            return 0  # most cards: every map paint asks for each
        sessions = self.tables["vote_session"]
        return sum(v.dots for v in self.votes_on(touchpoint_id) if sessions[v.session_id].shows_counts)

    def shown_dots(self, touchpoint_ids: Iterable[str]) -> list[int]:
        """:meth:`shown_votes` of each card, in order; a card nobody voted on costs one lookup."""
        voted = self._index.card_votes
        return [self.shown_votes(t) if t in voted else 0 for t in touchpoint_ids]

    def channels(self) -> list[Channel]:
        return _by_position(self.tables["channel"].values())

    def channel_name(self, key: str, lang: str = "en") -> str:
        custom = self.tables["channel"].get(key)
        if custom is not None:
            return custom.name
        return vocab.label(vocab.CHANNELS, key, lang) if key else ""

    def responses(self, touchpoint_id: str | None = None) -> list[Response]:
        table = self.tables["response"]
        if touchpoint_id is None:
            return sorted(table.values(), key=lambda r: r.id)
        return sorted((table[i] for i in self._index.responses.get(touchpoint_id, ())), key=lambda r: r.id)

    def opportunities(self) -> list[Opportunity]:
        return _by_position(self.tables["opportunity"].values())

    def solutions(self) -> list[Solution]:
        return _by_position(self.tables["solution"].values())

    def opportunity_links(self, opportunity_id: str) -> list[OpportunityLink]:
        """The cards and pain points an opportunity addresses."""
        return self._linked("opportunity_link", self._index.opportunity_links, opportunity_id)

    def card_opportunity_links(self, touchpoint_id: str) -> list[OpportunityLink]:
        """The links from opportunities to one card (the map's marker counts their opportunities)."""
        return self._linked("opportunity_link", self._index.card_opportunities, touchpoint_id)

    def linked_opportunity_count(self, touchpoint_id: str) -> int:
        """How many opportunities are linked to one card (the map's marker shows it on every paint)."""
        links = self._index.card_opportunities.get(touchpoint_id)
        if not links:
            return 0
        table = self.tables["opportunity_link"]
        return len({table[i].opportunity_id for i in links})

    def solution_links(self, solution_id: str) -> list[SolutionLink]:
        return self._linked("solution_link", self._index.solution_links, solution_id)

    def opportunity_solution_links(self, opportunity_id: str) -> list[SolutionLink]:
        return self._linked("solution_link", self._index.opportunity_solutions, opportunity_id)

    def _linked(self, kind: str, index: dict[str, dict[str, None]], key: str) -> list[Any]:
        table = self.tables[kind]
        return sorted((table[i] for i in index.get(key, ())), key=lambda e: e.id)

    # -- whole-project helpers ------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """Everything, as plain comparable data (for tests and equality)."""
        return {"project": self.info, **{k: dict(v) for k, v in self.tables.items()}}

    def detached_copy(self) -> Project:
        """The project as it is now, for work on another thread: later changes and listeners stay here.

        Entities are frozen, so sharing them is safe; only the tables are copied (milliseconds
        for thousands of cards).
        """
        copy = Project(self.info)
        copy.tables = {kind: dict(table) for kind, table in self.tables.items()}
        copy._index = self._index.copy()
        return copy

    def detached_copy_live(self, stop: Callable[[], bool] | None = None) -> Project | None:
        """:meth:`detached_copy` made on a worker thread while this project's own thread may change it.

        A million survey answers take half a second to copy, which held the window at the undo of
        their import. A copy read while a change runs (a room's phone, or a refused command applied
        and taken back) could mix two states, so it is taken again until no change began or ended
        during it: the copy is the project as it was at one moment between changes. None when
        ``stop()`` said to give up (the user cancelled) before a copy could be taken.
        """
        while stop is None or not stop():
            seen = self._writes
            if seen % 2 == 0:
                try:
                    copy = self.detached_copy()
                except RuntimeError:  # a table changed size under the copy: taken again
                    copy = None
                if copy is not None and self._writes == seen:
                    return copy
            time.sleep(0.01)  # a change is running on the other thread: let it end
        return None

    def adopt(self, staged: Project, kinds: Iterable[str]) -> None:
        """Take over ``staged``'s content: a :meth:`detached_copy` of this project, changed on another thread.

        The caller vouches that this project has not changed since the copy was taken, and that only
        the tables of ``kinds`` (and the project's record) changed there; those tables and the index
        are taken over whole, with no change applied twice. Listeners stay, and are not told (the
        caller notifies them of the changes).
        """
        self._writes += 1
        try:
            self.info = staged.info
            for kind in kinds:
                if kind != "project":
                    self.tables[kind] = staged.tables[kind]
            self._index = staged._index
        finally:
            self._writes += 1

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Project) and self.snapshot() == other.snapshot()

    __hash__ = None  # type: ignore[assignment]

    def all_entities(self) -> list[Entity]:
        """Every entity in dependency order, so adding them in turn never breaks a reference."""
        order = (
            "persona",
            "channel",
            "participant",
            "journey",
            "stage",
            "lane",
            "lane_cell",
            "touchpoint",
            "connection",
            "response",
            "vote_session",
            "vote",
            "opportunity",
            "opportunity_link",
            "solution",
            "solution_link",
            "checkpoint",
        )
        out: list[Entity] = []
        for kind in order:
            out.extend(sorted(self.tables[kind].values(), key=lambda e: e.id))
        return out

    def load(self, info: ProjectInfo, entities: Iterable[Entity]) -> None:
        """Fill an empty project from trusted storage, checking every reference."""
        entities = list(entities)
        if not any(self.tables.values()):
            self._load_empty(info, entities)
            return
        changes = [Change("project", "project", self.info, info)]
        changes += [Change(e.KIND, e.id, None, e) for e in entities]
        self.apply(changes, notify=False)

    def _load_empty(self, info: ProjectInfo, entities: list[Entity]) -> None:
        """:meth:`load` into empty tables: the checks and the refusals of :meth:`apply`, in its order.

        Opening 5,000 cards made 13,000 change records and went through the general path for each
        (the index's places, the references by type): about 40 ms. Here cards and connections, most
        of any project, are indexed and checked inline, and anything the quick reference check does
        not pass goes through :meth:`_check_references`, which says what is wrong.
        """
        if not isinstance(info, ProjectInfo):
            raise ValidationError("The project's own record cannot be removed")
        tables, old_info = self.tables, self.info
        self._writes += 1
        try:
            self.info = info
            self._fill_empty(entities)
            self._check_loaded(entities)
        except ValidationError:
            for table in tables.values():
                table.clear()
            self._index = _Index()
            self.info = old_info
            raise
        finally:
            self._writes += 1

    def _fill_empty(self, entities: list[Entity]) -> None:
        tables, types = self.tables, ENTITY_TYPES
        index = self._index
        of_cards, of_links = index.of_journey["touchpoint"], index.of_journey["connection"]
        cells, inbox, links = index.cells, index.inbox, index.links
        for e in entities:
            kind, eid = e.KIND, e.id
            table = tables.get(kind)
            if table is None:
                raise ValidationError(f"Unknown kind of entity: {kind}")
            if eid in table:
                raise ValidationError(f"The {kind} {eid} was changed meanwhile")
            cls = type(e)
            if cls is not types[kind] and not isinstance(e, types[kind]):
                raise ValidationError(f"Change of {kind} {eid} carries the wrong record")
            table[eid] = e
            # The places of _Index.add, for the two kinds a large project is made of.
            if cls is Touchpoint:
                if e.inbox:  # type: ignore[attr-defined]
                    inbox.setdefault(e.journey_id, {})[eid] = None  # type: ignore[attr-defined]
                else:
                    of_cards.setdefault(e.journey_id, {})[eid] = None  # type: ignore[attr-defined]
                    cells.setdefault((e.stage_id, e.lane_id), {})[eid] = None  # type: ignore[attr-defined]
            elif cls is Connection:
                of_links.setdefault(e.journey_id, {})[eid] = None  # type: ignore[attr-defined]
                links.setdefault(e.source_id, {})[eid] = None  # type: ignore[attr-defined]
                links.setdefault(e.target_id, {})[eid] = None  # type: ignore[attr-defined]
            else:
                index.add(e)

    def _check_loaded(self, entities: list[Entity]) -> None:
        """What :meth:`_check_integrity` checks after adding ``entities`` to empty tables."""
        t = self.tables
        journeys, stages, lanes, channels, cards = t["journey"], t["stage"], t["lane"], t["channel"], t["touchpoint"]
        builtin_channels = vocab.CHANNELS
        check = self._check_references
        grown: dict[str, None] = {}
        for e in entities:
            cls = type(e)
            grown[e.KIND] = None
            if cls is Touchpoint:
                jid = e.journey_id  # type: ignore[attr-defined]
                stage = stages.get(e.stage_id)  # type: ignore[attr-defined]
                lane = lanes.get(e.lane_id)  # type: ignore[attr-defined]
                channel = e.channel  # type: ignore[attr-defined]
                if (
                    jid in journeys
                    and stage is not None
                    and stage.journey_id == jid
                    and lane is not None
                    and lane.journey_id == jid
                    and (e.inbox or lane.holds_cards)  # type: ignore[attr-defined]
                    and (not channel or channel in builtin_channels or channel in channels)
                ):
                    continue
            elif cls is Connection:
                s, d = cards.get(e.source_id), cards.get(e.target_id)  # type: ignore[attr-defined]
                jid = e.journey_id  # type: ignore[attr-defined]
                if (
                    s is not None
                    and d is not None
                    and s.journey_id == jid
                    and d.journey_id == jid
                    and not s.inbox
                    and not d.inbox
                    and e.source_id != e.target_id  # type: ignore[attr-defined]
                ):
                    continue
            check(e)
        if not grown:
            return
        # The rest of _check_integrity needs the change records; only the few kinds it looks at are made.
        needs_changes = set(grown) & {*limits.PER_JOURNEY, "vote", "vote_session"}
        changes = [Change(e.KIND, e.id, None, e) for e in entities if e.KIND in needs_changes]
        self._check_limits(set(grown), changes)
        if "vote" in grown or "vote_session" in grown:
            self._check_votes(changes)
        if "checkpoint" in grown:
            self._check_checkpoints()
