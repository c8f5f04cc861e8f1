"""Find and filter cards: text, channel, tag, emotion range and pain points (pure logic, no widgets)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..model import Project, Touchpoint


def fold(text: str) -> str:
    """Case- and accent-insensitive form, so 'credito' finds 'Crédito'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class CardFilter:
    """What the find bar asks for; an empty filter matches every card."""

    text: str = ""
    channel: str = ""
    tag: str = ""
    emotion_min: int = -3
    emotion_max: int = 3
    has_pain_points: bool = False
    hide_others: bool = False  # how to show the result, not what matches

    def is_empty(self) -> bool:
        return (
            not self.text.strip()
            and not self.channel
            and not self.tag.strip()
            and not self.emotion_limited()
            and not self.has_pain_points
        )

    def emotion_limited(self) -> bool:
        return (self.emotion_min, self.emotion_max) != (-3, 3)

    def matches(self, tp: Touchpoint, project: Project | None = None, lang: str = "en") -> bool:
        if self.channel and tp.channel != self.channel:
            return False
        if self.has_pain_points and not tp.pain_points:
            return False
        if self.emotion_limited():
            lo, hi = sorted((self.emotion_min, self.emotion_max))
            if tp.emotion is None or not lo <= tp.emotion <= hi:
                return False
        tag = fold(self.tag.strip())
        if tag and tag not in {fold(t) for t in tp.tags}:
            return False
        terms = fold(self.text).split()
        if terms:
            haystack = fold(" ".join(_searchable(tp, project, lang)))
            if not all(term in haystack for term in terms):
                return False
        return True


def _searchable(tp: Touchpoint, project: Project | None, lang: str) -> list[str]:
    parts = [
        tp.title,
        tp.description,
        tp.notes,
        tp.expectation,
        tp.experience,
        tp.owner_team,
        *tp.pain_points,
        *tp.opportunities,
        *tp.tags,
    ]
    if tp.channel:
        parts.append(project.channel_name(tp.channel, lang) if project is not None else tp.channel)
    return parts


def matching_ids(project: Project, journey_id: str, flt: CardFilter, lang: str = "en") -> list[str]:
    """Ids of the journey's cards that match, in journey order."""
    return [tp.id for tp in project.touchpoints(journey_id) if flt.matches(tp, project, lang)]
