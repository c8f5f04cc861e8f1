"""Dot voting as document commands: sessions, participants' dots, ending and revealing.

The model keeps the rules (each participant's budget, dots per card, an ended session's votes
fixed); these commands only say what changes, so the window, the room session's phones and the
Python API vote the same way, undoably.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from ..i18n import _, ngettext
from ..i18n import translation as _translation
from ..model import Change, Participant, Project, ValidationError, Vote, VoteSession, new_id
from .commands import ChangeCommand, _next_position

# The map's own quick "+1" votes: one open session per journey, counts shown, no budget to speak of.
QUICK_PARTICIPANT = "pt-facilitator"
QUICK_DOTS = 1_000_000


def quick_session_id(journey_id: str) -> str:
    return f"vs-quick-{journey_id}"[:200]


class StartVoteSessionCommand(ChangeCommand):
    """Open a voting session on a journey (or one stage, or chosen cards) for some participants."""

    def __init__(self, journey_id: str, title: str, participant_ids: Sequence[str], **fields: Any) -> None:
        super().__init__(_("Start voting session {title}").format(title=title).strip())
        self.session_id = fields.pop("id", None) or new_id("vs")
        self.fields = {
            "journey_id": journey_id,
            "title": title,
            "participant_ids": tuple(participant_ids),
            "created": fields.pop("created", None) or time.strftime("%Y-%m-%d %H:%M"),
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
        super().__init__(_("Vote") if step > 0 else _("Take back a vote"))
        self.session_id, self.participant_id, self.touchpoint_id, self.step = (
            session_id, participant_id, touchpoint_id, step,
        )

    def build(self, project: Project) -> list[Change]:
        session = project.get("vote_session", self.session_id)
        if session.state != "open":
            raise ValidationError(_("The voting session '{title}' has ended").format(title=session.title))
        if session.participant_ids and self.participant_id not in session.participant_ids:
            raise ValidationError(_("This participant is not in the voting session"))
        return _dot_changes(project, session.id, self.participant_id, self.touchpoint_id, self.step)


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


class QuickVoteCommand(ChangeCommand):
    """The map's "+1" and "−1" on cards: dots in the journey's quick session, made on first use."""

    def __init__(self, journey_id: str, card_ids: Sequence[str], step: int = 1, lang: str = "en") -> None:
        n = len(card_ids)
        text = ngettext("Vote for {n} card", "Vote for {n} cards", n) if step > 0 else ngettext(
            "Take back a vote from {n} card", "Take back a vote from {n} cards", n
        )
        super().__init__(text.format(n=n))
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
                created=time.strftime("%Y-%m-%d %H:%M"),
            )
            changes.append(Change("vote_session", sid, None, session))
        for card in self.card_ids:
            if self.step < 0 and not any(
                v.session_id == sid and v.participant_id == QUICK_PARTICIPANT for v in project.votes_on(card)
            ):
                continue  # nothing to take back on this one
            changes += _dot_changes(project, sid, QUICK_PARTICIPANT, card, self.step)
        return changes


def quick_votes(project: Project, card_id: str) -> int:
    """The dots the map's quick votes put on a card."""
    sid = quick_session_id(project.get("touchpoint", card_id).journey_id)
    return sum(v.dots for v in project.votes_on(card_id) if v.session_id == sid)


__all__ = [
    "QUICK_PARTICIPANT",
    "CastVoteCommand",
    "EndVoteSessionCommand",
    "QuickVoteCommand",
    "StartVoteSessionCommand",
    "quick_session_id",
    "quick_votes",
]
