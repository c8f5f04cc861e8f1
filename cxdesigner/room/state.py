"""What the room shows the phones and who is in it: plain records, made on the UI thread, read by the server.

The Qt side builds a ``RoomView`` from the project whenever something the phones see changes and
hands it to the server; the server never reads the project. A view is never changed once made,
so the two threads share it without locks. The rest (participants, budgets, rate limits) is
the server's own bookkeeping and lives on its loop.
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..model.voting import PARTICIPANT_COLOURS
from .protocol import Action

# Colours picked for people as they join: the voters' colours the session dialog gives out too.
COLOURS = PARTICIPANT_COLOURS

MAX_PARTICIPANTS = 200  # people in one room
MAX_IDEAS = 100  # ideas one participant may add in one room session
RATE_BURST = 30  # actions one participant may send at once …
RATE_PER_SECOND = 5.0  # … and how fast the allowance comes back
SHARED_IDEAS = 100  # everyone's ideas a phone is sent: the newest (a phone lists no more; a room may have thousands)
OUTCOMES_KEPT = 256  # answers remembered per participant, for messages sent again after a reconnection


@dataclass(frozen=True)
class Phase:
    """What phones may do now; nothing at all is "follow" (the stage and the timer)."""

    ideas: bool = True
    private: bool = False  # ideas: each phone sees only its own until revealed
    vote: bool = False
    rate: bool = False

    def to_dict(self) -> dict[str, bool]:
        return {"ideas": self.ideas, "private": self.private, "vote": self.vote, "rate": self.rate}


@dataclass(frozen=True)
class Timer:
    """The exercise timer as the projector shows it: seconds left, and whether it runs."""

    remaining: float
    running: bool


@dataclass(frozen=True)
class StageView:
    id: str
    names: Mapping[str, str]  # language → name


@dataclass(frozen=True)
class CardView:
    id: str
    title: str
    stage_id: str
    dots: int | None = None  # everyone's dots, only when the session shows its counts
    idea: bool = False  # waiting in the ideas inbox, not on the map yet


@dataclass(frozen=True)
class VoteView:
    id: str
    title: str
    dots: int  # per participant
    max_per_card: int
    cards: tuple[CardView, ...]
    used: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # participant → card → dots

    def head(self) -> tuple[str, str, int, int]:
        """What the session is, apart from its cards and dots: when it differs, phones get it whole."""
        return (self.id, self.title, self.dots, self.max_per_card)


@dataclass(frozen=True)
class EndedVote:
    """The voting session the phones were in, once the facilitator has ended it."""

    title: str
    shown: bool  # its counts are on the projector (revealed, or never hidden)


@dataclass(frozen=True)
class IdeaView:
    card_id: str
    title: str
    stage_id: str  # empty: the participant was not sure, and the facilitator has not placed it yet
    author: str  # participant id


@dataclass(frozen=True)
class RoomView:
    """Everything phones may see, as of one moment on the UI thread."""

    journey: str = ""
    stages: tuple[StageView, ...] = ()
    stage_id: str | None = None
    step: CardView | None = None
    timer: Timer | None = None
    phase: Phase = Phase(ideas=False)
    paused: bool = False
    revealed: bool = False  # private ideas shown to everyone
    vote: VoteView | None = None
    ended: EndedVote | None = None  # with no vote open: the one the phones were in has ended
    ideas: tuple[IdeaView, ...] = ()
    ratings: Mapping[tuple[str, str], Mapping[str, int]] = field(default_factory=dict)  # (participant, step) → scores

    def stage_list(self, lang: str) -> list[dict[str, str]]:
        return [{"id": s.id, "name": s.names.get(lang) or s.names.get("en", "")} for s in self.stages]

    def shared_fields(self) -> dict[str, Any]:
        """What every phone gets alike, apart from the stages (per language), the vote and the ideas."""
        return {
            "journey": self.journey,
            "phase": self.phase.to_dict(),
            "paused": self.paused,
            "stage": self.stage_id,
            "timer": None if self.timer is None else {"remaining": round(self.timer.remaining, 1),
                                                      "running": self.timer.running},
            "step": None if self.step is None else {"id": self.step.id, "title": self.step.title,
                                                    "stage": self.step.stage_id},
            "revealed": self.revealed,
            "ended": None if self.ended is None else {"title": self.ended.title, "shown": self.ended.shown},
        }  # fmt: skip

    def vote_dict(self) -> dict[str, Any] | None:
        if self.vote is None:
            return None
        return {
            "id": self.vote.id,
            "title": self.vote.title,
            "dots": self.vote.dots,
            "per_card": self.vote.max_per_card,
            "cards": [card_dict(c) for c in self.vote.cards],
        }

    @property
    def ideas_shown(self) -> bool:
        """Whether phones see everyone's ideas (not while they are private and not yet revealed)."""
        return self.revealed or not self.phase.private

    def shared(self, lang: str) -> dict[str, Any]:
        """What every phone in ``lang`` gets alike."""
        out = self.shared_fields()
        out["stages"] = self.stage_list(lang)
        out["vote"] = self.vote_dict()
        if self.ideas_shown:
            out["ideas"] = [idea_dict(i) for i in self.ideas[-SHARED_IDEAS:]]
        return out

    @cached_property
    def _by_author(self) -> dict[str, list[IdeaView]]:
        # Made once per view, on the server's thread (the first phone that needs it), not once per phone.
        out: dict[str, list[IdeaView]] = {}
        for i in self.ideas:
            out.setdefault(i.author, []).append(i)
        return out

    def by_author(self, participant_id: str) -> list[IdeaView]:
        return self._by_author.get(participant_id, [])

    def rating(self, participant_id: str) -> dict[str, int]:
        """This participant's rating of the step on the projector (empty when none)."""
        if self.step is None:
            return {}
        return dict(self.ratings.get((participant_id, self.step.id), {}))

    def mine(self, participant_id: str) -> dict[str, Any]:
        """What only this participant sees: their dots, their own ideas, their rating of the step."""
        used = dict(self.vote.used.get(participant_id, {})) if self.vote is not None else {}
        return {
            "dots": used,
            "ideas": [idea_dict(i) for i in self.by_author(participant_id)],
            "rating": self.rating(participant_id),
        }


def card_dict(c: CardView) -> dict[str, Any]:
    out: dict[str, Any] = {"id": c.id, "title": c.title, "stage": c.stage_id}
    if c.dots is not None:
        out["count"] = c.dots
    if c.idea:
        out["idea"] = True
    return out


def idea_dict(i: IdeaView) -> dict[str, Any]:
    return {"id": i.card_id, "title": i.title, "stage": i.stage_id}


@dataclass(frozen=True)
class Intent:
    """A participant's action, checked, for the UI thread to apply as a document command."""

    id: int
    kind: str  # join, idea, vote or rate
    participant_id: str
    name: str
    colour: str
    lang: str
    action: Action | None = None  # None for a join


@dataclass(frozen=True)
class Outcome:
    """The UI thread's answer to an intent: done, or refused with a reason (a ``refused_*`` phone string)."""

    ok: bool
    reason: str = ""
    participant_id: str = ""  # a join: the project's participant (one of the same name may be taken up)
    name: str = ""

    @classmethod
    def refused(cls, reason: str) -> Outcome:
        return cls(False, reason)


class TokenBucket:
    """A participant's allowance of actions: ``burst`` at once, refilled at ``rate`` per second."""

    def __init__(self, burst: float = RATE_BURST, rate: float = RATE_PER_SECOND, clock: Any = time.monotonic) -> None:
        self.burst, self.rate, self.clock = burst, rate, clock
        self.level = burst
        self.stamp = clock()

    def take(self) -> bool:
        now = self.clock()
        self.level = min(self.burst, self.level + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.level >= 1:
            self.level -= 1
            return True
        return False


class FailureWindow:
    """Wrong room codes per source address (and in all) over the last minute: guessing the code is slow."""

    def __init__(
        self, per_address: int = 5, in_all: int = 30, window: float = 60.0, clock: Any = time.monotonic
    ) -> None:
        self.per_address, self.in_all, self.window, self.clock = per_address, in_all, window, clock
        self.failures: list[tuple[float, str]] = []

    def _recent(self) -> list[tuple[float, str]]:
        limit = self.clock() - self.window
        self.failures = [f for f in self.failures if f[0] > limit]
        return self.failures

    def blocked(self, address: str) -> bool:
        recent = self._recent()
        return len(recent) >= self.in_all or sum(1 for _t, a in recent if a == address) >= self.per_address

    def record(self, address: str) -> None:
        self.failures.append((self.clock(), address))


@dataclass
class Member:
    """One participant as the server knows them (the project knows them as a ``Participant``)."""

    id: str
    name: str
    colour: str
    key: str
    lang: str = "en"
    last_seq: int = 0
    floor: int = 0  # every seq up to here counts as seen
    ideas: int = 0
    removed: bool = False
    bucket: TokenBucket = field(default_factory=TokenBucket)
    outcomes: OrderedDict[int, dict[str, Any] | None] = field(default_factory=OrderedDict)
    sockets: set[Any] = field(default_factory=set)

    def seen(self, seq: int) -> bool:
        """Whether ``seq`` was taken in before (a message sent again after a reconnection)."""
        return seq in self.outcomes or seq <= self.floor

    def remember(self, seq: int, answer: dict[str, Any] | None) -> None:
        """Take ``seq`` in (``answer`` None while the laptop works on it); the oldest ones are forgotten."""
        self.outcomes[seq] = answer
        self.last_seq = max(self.last_seq, seq)
        while len(self.outcomes) > OUTCOMES_KEPT:
            old, _answer = self.outcomes.popitem(last=False)
            self.floor = max(self.floor, old)

    def card(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "colour": self.colour}


def new_key() -> str:
    """A participant's secret: it lets their phone come back after sleeping, as them and nobody else."""
    return secrets.token_urlsafe(24)


def new_code() -> str:
    return f"{secrets.randbelow(10_000):04d}"


# Letters and digits nobody misreads on a projector (no 0/o, 1/l/i).
_TOKEN_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


def new_token(length: int = 10) -> str:
    """The session's random token, in the join address (about 50 bits: guessing it is hopeless)."""
    return "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(length))


def pick_colour(taken: list[str]) -> str:
    """The least used of ``COLOURS`` (the first such, so the room's first people get the clearest ones)."""
    return min(COLOURS, key=lambda c: (taken.count(c), COLOURS.index(c)))


__all__ = [
    "COLOURS",
    "CardView",
    "FailureWindow",
    "IdeaView",
    "Intent",
    "Member",
    "Outcome",
    "Phase",
    "RoomView",
    "StageView",
    "Timer",
    "TokenBucket",
    "VoteView",
    "new_code",
    "new_key",
    "new_token",
    "pick_colour",
]
