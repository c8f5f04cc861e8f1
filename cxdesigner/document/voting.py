"""Dot voting as document commands: sessions, participants' dots, ending and revealing.

The model keeps the rules (each participant's budget, dots per card, an ended session's votes
fixed); these commands only say what changes, so the window, the room session's phones and the
Python API vote the same way, undoably.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import clock
from ..i18n import _, ngettext, number
from ..i18n import translation as _translation
from ..model import Change, Participant, Project, Touchpoint, ValidationError, Vote, VoteSession, new_id
from ..model.entities import shown_value
from ..model.voting import PARTICIPANT_COLOURS
from .commands import ChangeCommand, _next_position, _renumber, named, short_name

# The map's own quick "+1" votes: one open session per journey, counts shown, no budget to speak of.
QUICK_PARTICIPANT = "pt-facilitator"
QUICK_DOTS = 1_000_000



def quick_session_id(journey_id: str) -> str:
    return f"vs-quick-{journey_id}"[:200]


class StartVoteSessionCommand(ChangeCommand):
    """Open a voting session on a journey (or one stage, or chosen cards) for some participants."""

    def __init__(self, journey_id: str, title: str, participant_ids: Sequence[str], **fields: Any) -> None:
        super().__init__(named(_("Start voting session “{title}”"), _("Start voting session"), title=title))
        self.session_id = fields.pop("id", None) or new_id("vs")
        self.fields = {
            "journey_id": journey_id,
            "title": title,
            "participant_ids": tuple(participant_ids),
            "created": fields.pop("created", None) or clock.stamp("%Y-%m-%d %H:%M"),
            **fields,
        }

    def build(self, project: Project) -> list[Change]:
        project.get("journey", self.fields["journey_id"])
        for pid in self.fields["participant_ids"]:
            project.get("participant", pid)
        position = _next_position(project.vote_sessions(self.fields["journey_id"]))
        session = VoteSession(id=self.session_id, position=position, **self.fields)
        return [Change("vote_session", session.id, None, session)]


class CastVoteCommand(ChangeCommand):
    """A participant puts a dot on a card (``step`` 1) or takes one back (``step`` -1)."""

    def __init__(self, session_id: str, participant_id: str, touchpoint_id: str, step: int = 1) -> None:
        self._bare = _("Vote") if step > 0 else _("Take back a vote")
        super().__init__(self._bare)
        self.session_id, self.participant_id, self.touchpoint_id, self.step = (
            session_id, participant_id, touchpoint_id, step,
        )

    def _name_step(self, project: Project) -> None:
        """Who votes for which card, once the project is at hand ("Undo Vote" said neither); a name the caller
        gave (the room's, made beside its own plan) stays."""
        if self.description != self._bare:
            return
        card = project.tables["touchpoint"].get(self.touchpoint_id)
        person = project.tables["participant"].get(self.participant_id)
        title = short_name(card.title) if card is not None else ""
        name = short_name(person.name) if person is not None and self.participant_id != QUICK_PARTICIPANT else ""
        if name:
            template = _("Vote of “{name}” for “{title}”") if self.step > 0 else _(
                "“{name}” takes back a vote from “{title}”"
            )
            self.description = named(template, self._bare, name=name, title=title)
        else:
            template = _("Vote for “{title}”") if self.step > 0 else _("Take back a vote from “{title}”")
            self.description = named(template, self._bare, title=title)

    def build(self, project: Project) -> list[Change]:
        session = project.get("vote_session", self.session_id)
        if session.state != "open":
            raise ValidationError(_("The voting session {title} has ended").format(title=shown_value(session.title)))
        if session.participant_ids and self.participant_id not in session.participant_ids:
            raise ValidationError(_("This participant is not in the voting session"))
        if self.step > 0 and not in_scope(project, session, project.get("touchpoint", self.touchpoint_id)):
            raise ValidationError(
                _("This card is not part of the voting session {title}").format(title=shown_value(session.title))
            )
        self._name_step(project)
        return _dot_changes(project, session.id, self.participant_id, self.touchpoint_id, self.step)


def in_scope(project: Project, session: VoteSession, card: Touchpoint) -> bool:
    """Whether a session is about ``card``: a card of its journey, in its stage or among its cards.

    The inbox's ideas count too: a room's phones vote for them (the ideas they have just sent) before
    anyone places them; the laptop's map can only vote for what it shows.
    """
    if card.journey_id != session.journey_id:
        return False
    if session.scope == "stage":
        return card.stage_id in session.scope_ids
    if session.scope == "cards":
        return card.id in session.scope_ids
    return True


def _dot_changes(project: Project, session_id: str, participant_id: str, card_id: str, step: int) -> list[Change]:
    mine = next(
        (v for v in project.votes_on(card_id) if v.session_id == session_id and v.participant_id == participant_id),
        None,
    )
    dots = (mine.dots if mine else 0) + step
    if dots < 0:
        raise ValidationError(_("There is no dot to take back on this card"))
    if mine is None:
        vote = Vote(id=new_id("vt"), session_id=session_id, participant_id=participant_id, touchpoint_id=card_id,
                    dots=dots)
        return [Change("vote", vote.id, None, vote)] if dots else []
    if dots == 0:
        return [Change("vote", mine.id, mine, None)]
    return [Change("vote", mine.id, mine, mine.evolve(dots=dots))]


class EndVoteSessionCommand(ChangeCommand):
    """The facilitator ends a session (its votes are fixed from now on) and may reveal the counts."""

    def __init__(self, session_id: str, reveal: bool = True) -> None:
        super().__init__(_("End voting session"))
        self.session_id, self.reveal = session_id, reveal

    def build(self, project: Project) -> list[Change]:
        session = project.get("vote_session", self.session_id)
        new = session.evolve(state="ended", revealed=session.revealed or self.reveal)
        return [Change("vote_session", session.id, session, new)] if new != session else []


class RevealVoteSessionCommand(ChangeCommand):
    """Show a session's counts to the room while it goes on (or hide them again)."""

    def __init__(self, session_id: str, revealed: bool = True) -> None:
        super().__init__(_("Reveal votes") if revealed else _("Hide votes"))
        self.session_id, self.revealed = session_id, revealed

    def build(self, project: Project) -> list[Change]:
        session = project.get("vote_session", self.session_id)
        new = session.evolve(revealed=self.revealed)
        return [Change("vote_session", session.id, session, new)] if new != session else []


class DeleteVoteSessionCommand(ChangeCommand):
    """Delete a session with all its votes (undo brings them back)."""

    def __init__(self, session_id: str) -> None:
        super().__init__(_("Delete voting session"))
        self.session_id = session_id

    def build(self, project: Project) -> list[Change]:
        session = project.get("vote_session", self.session_id)
        changes = [Change("vote", v.id, v, None) for v in project.session_votes(session.id)]
        changes.append(Change("vote_session", session.id, session, None))
        rest = [s for s in project.vote_sessions(session.journey_id) if s.id != session.id]
        return changes + _renumber(rest)


class AddParticipantsCommand(ChangeCommand):
    """Add people to the project's list of participants; each gets the next free dot colour."""

    def __init__(self, names: Sequence[str], colours: Sequence[str] = ()) -> None:
        n = len(names)
        super().__init__(ngettext("Add {n} participant", "Add {n} participants", n).format(n=number(n)))
        self.names = list(names)
        self.colours = list(colours)
        self.participant_ids = [new_id("pt") for _name in self.names]

    def build(self, project: Project) -> list[Change]:
        existing = project.participants()
        used = [p.colour for p in existing]
        position = _next_position(existing)
        changes = []
        for i, (pid, name) in enumerate(zip(self.participant_ids, self.names)):
            colour = self.colours[i] if i < len(self.colours) else next_colour(used)
            used.append(colour)
            who = Participant(id=pid, name=name, position=position + i, colour=colour)
            changes.append(Change("participant", pid, None, who))
        return changes


def next_colour(used: Sequence[str]) -> str:
    """The first dot colour nobody has yet (the palette again once all are taken)."""
    taken = {c.lower() for c in used}
    free = [c for c in PARTICIPANT_COLOURS if c not in taken]
    return free[0] if free else PARTICIPANT_COLOURS[len(used) % len(PARTICIPANT_COLOURS)]


class DeleteParticipantsCommand(ChangeCommand):
    """Take people off the project's list; someone who is in a voting session stays (their dots count)."""

    def __init__(self, ids: Sequence[str]) -> None:
        n = len(ids)
        super().__init__(ngettext("Delete {n} participant", "Delete {n} participants", n).format(n=number(n)))
        self.ids = list(dict.fromkeys(ids))

    def build(self, project: Project) -> list[Change]:
        gone = set(self.ids)
        for session in project.tables["vote_session"].values():
            voters = set(session.participant_ids) | {v.participant_id for v in project.session_votes(session.id)}
            used = sorted(gone & voters)
            if used:
                who = project.get("participant", used[0]).name
                raise ValidationError(
                    _("{name} is in the voting session {title}: delete the session first").format(
                        name=who, title=shown_value(session.title)
                    )
                )
        changes = [Change("participant", i, project.get("participant", i), None) for i in self.ids]
        return changes + _renumber([p for p in project.participants() if p.id not in gone])


class QuickVoteCommand(ChangeCommand):
    """The map's "+1" and "−1" on cards: dots in the journey's quick session, made on first use."""

    def __init__(self, journey_id: str, card_ids: Sequence[str], step: int = 1, lang: str = "en") -> None:
        n = len(card_ids)
        text = ngettext("Vote for {n} card", "Vote for {n} cards", n) if step > 0 else ngettext(
            "Take back a vote from {n} card", "Take back a vote from {n} cards", n
        )
        super().__init__(text.format(n=number(n)))
        self.journey_id, self.card_ids, self.step, self.lang = journey_id, list(dict.fromkeys(card_ids)), step, lang

    def build(self, project: Project) -> list[Change]:
        t = _translation(self.lang)
        changes: list[Change] = []
        if QUICK_PARTICIPANT not in project.tables["participant"]:
            who = Participant(id=QUICK_PARTICIPANT, name=t.gettext("Facilitator"),
                              position=_next_position(project.participants()), colour="#5b5b5b")
            changes.append(Change("participant", who.id, None, who))
        sid = quick_session_id(self.journey_id)
        if sid not in project.tables["vote_session"]:
            session = VoteSession(
                id=sid, journey_id=self.journey_id, title=t.gettext("Quick votes"), dots=QUICK_DOTS,
                max_per_card=QUICK_DOTS, anonymous=True, hidden=False, revealed=True,
                position=_next_position(project.vote_sessions(self.journey_id)),
                created=clock.stamp("%Y-%m-%d %H:%M"),
            )
            changes.append(Change("vote_session", sid, None, session))
        for card in self.card_ids:
            if self.step < 0 and not any(
                v.session_id == sid and v.participant_id == QUICK_PARTICIPANT for v in project.votes_on(card)
            ):
                continue  # nothing to take back on this one
            changes += _dot_changes(project, sid, QUICK_PARTICIPANT, card, self.step)
        return changes


def used_dots(project: Project, session_id: str) -> dict[str, int]:
    """Dots each participant has placed in a session (participant id → dots)."""
    out: dict[str, int] = {}
    for v in project.session_votes(session_id):
        out[v.participant_id] = out.get(v.participant_id, 0) + v.dots
    return out


def session_results(project: Project, session_id: str) -> list[dict[str, Any]]:
    """A session's cards ranked by dots, most first (ties share a rank: 1, 1, 3), in journey order within a tie.

    Each row: ``card`` (id), ``title``, ``stage_id``, ``dots``, ``rank`` and ``by_participant``
    (participant id → dots). Only cards with dots are listed (inbox ideas too, when phones voted for them).
    """
    by_card: dict[str, dict[str, int]] = {}
    for v in project.session_votes(session_id):
        mine = by_card.setdefault(v.touchpoint_id, {})
        mine[v.participant_id] = mine.get(v.participant_id, 0) + v.dots
    session = project.get("vote_session", session_id)
    order = {tp.id: i for i, tp in enumerate(project.touchpoints(session.journey_id))}
    rows = []
    for card_id, who in by_card.items():
        tp = project.get("touchpoint", card_id)
        rows.append({"card": card_id, "title": tp.title, "stage_id": tp.stage_id, "dots": sum(who.values()),
                     "by_participant": who, "order": order.get(card_id, len(order))})
    rows.sort(key=lambda r: (-r["dots"], r["order"], r["card"]))
    rank = 0
    for i, row in enumerate(rows):
        if i == 0 or row["dots"] != rows[i - 1]["dots"]:
            rank = i + 1
        row["rank"] = rank
        del row["order"]
    return rows


def is_quick(session: VoteSession) -> bool:
    """The map's own +1 session (not one the facilitator ran)."""
    return session.id == quick_session_id(session.journey_id)


def quick_votes(project: Project, card_id: str) -> int:
    """The dots the map's quick votes put on a card."""
    sid = quick_session_id(project.get("touchpoint", card_id).journey_id)
    return sum(v.dots for v in project.votes_on(card_id) if v.session_id == sid)


__all__ = [
    "PARTICIPANT_COLOURS",
    "QUICK_PARTICIPANT",
    "AddParticipantsCommand",
    "CastVoteCommand",
    "DeleteParticipantsCommand",
    "DeleteVoteSessionCommand",
    "EndVoteSessionCommand",
    "QuickVoteCommand",
    "RevealVoteSessionCommand",
    "StartVoteSessionCommand",
    "in_scope",
    "is_quick",
    "next_colour",
    "quick_session_id",
    "quick_votes",
    "session_results",
    "used_dots",
]
