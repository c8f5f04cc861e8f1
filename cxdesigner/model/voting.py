"""Dot votes before voting sessions: the bare per-card number of format 1 becomes an ended session.

Format 1 kept one "votes" number on each card. Format 2 keeps who voted for what in voting
sessions; the old numbers become, per journey, one ended and revealed session whose single
participant stands for everyone who voted before, so every total stays what it was.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..i18n import N_, translation
from .entities import Entity, Participant, Vote, VoteSession

EARLIER_PARTICIPANT = "pt-earlier-votes"

# Voters' colours, in the order they are given out (the session dialog's new names, the room's phones): the room's
# first voters never share a hue family, each differs from the one before in lightness (10+ L*) and hue (60°+), and
# any two of the twelve stay apart (CIEDE2000 8+) for normal sight and simulated protanopia, deuteranopia and
# tritanopia (Machado 2009); each has 3:1 contrast on the white card and list, as a dot or a swatch must. The
# Okabe-Ito palette given out before put a sky blue and a blue (and two teals) among the first eight, the room's
# tab10 its blue beside a cyan and a navy, and its green and orange were one colour to a protanope (1.3).
PARTICIPANT_COLOURS = (
    "#0072b2", "#b8860b", "#882255", "#009e73", "#c0392b", "#332288",
    "#ee6677", "#117733", "#777ffa", "#924f5d", "#8a86ba", "#8b190a",
)  # fmt: skip
_EARLIER_NAME = N_("Earlier votes")
_EARLIER_TITLE = N_("Votes before voting sessions")


def earlier_session_id(journey_id: str) -> str:
    return f"vs-earlier-{journey_id}"[:200]


def counted_votes(
    journey_id: str,
    counts: Mapping[str, int],
    lang: str = "en",
    *,
    session_id: str | None = None,
    title: str | None = None,
    with_participant: bool = True,
) -> list[Entity]:
    """Bare dot counts (card → number) as one ended, revealed session of the "earlier votes" participant.

    ``with_participant`` adds that participant (leave it out when the project has it already).
    """
    t = translation(lang)
    counted = {card: n for card, n in counts.items() if n > 0}
    if not counted:
        return []
    out: list[Entity] = []
    if with_participant:
        out.append(Participant(id=EARLIER_PARTICIPANT, name=t.gettext(_EARLIER_NAME), colour="#7f7f7f"))
    sid = session_id or earlier_session_id(journey_id)
    out.append(
        VoteSession(
            id=sid,
            journey_id=journey_id,
            title=title if title is not None else t.gettext(_EARLIER_TITLE),
            dots=max(1, sum(counted.values())),
            max_per_card=max(counted.values()),
            anonymous=True,
            hidden=False,
            state="ended",
            revealed=True,
            participant_ids=(EARLIER_PARTICIPANT,),
        )
    )
    for card, n in sorted(counted.items()):
        out.append(Vote(id=f"vt-{sid}-{card}"[:200], session_id=sid, participant_id=EARLIER_PARTICIPANT,
                        touchpoint_id=card, dots=n))
    return out


def earlier_votes(votes: Mapping[str, Mapping[str, int]], lang: str = "en") -> list[Entity]:
    """The participant, sessions and votes holding format 1's numbers (``votes``: journey → card → number)."""
    out: list[Entity] = []
    for journey_id, cards in votes.items():
        out += counted_votes(journey_id, cards, lang, with_participant=not out)
    return out


__all__ = ["EARLIER_PARTICIPANT", "PARTICIPANT_COLOURS", "counted_votes", "earlier_session_id", "earlier_votes"]
