"""What a screen reader hears of the map: the map's name and each card's title, stage, lane and emotion.

Graphics items have no accessible interface of their own in Qt, so the view carries the words:
its name says which journey it shows, its description the selected card (arrow keys move it).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..i18n import _, ngettext, number
from ..model import Project
from .style import emotion_text


def card_accessible_name(project: Project, tp_id: str, lang: str) -> str:
    """'Title — stage Awareness, lane Customer actions, emotion +2' (or '… emotion not set')."""
    tp = project.tables["touchpoint"].get(tp_id)
    if tp is None:
        return ""
    stage = project.tables["stage"].get(tp.stage_id)
    lane = project.tables["lane"].get(tp.lane_id)
    return _("{title} — stage {stage}, lane {lane}, emotion {emotion}").format(
        title=tp.title or _("(untitled touchpoint)"),
        stage=stage.display_name(lang) if stage is not None else "?",
        lane=lane.display_name(lang) if lane is not None else "?",
        emotion=_("not set") if tp.emotion is None else emotion_text(tp.emotion),
    )


def map_accessible_name(project: Project, journey_id: str | None) -> str:
    journey = project.tables["journey"].get(journey_id) if journey_id else None
    return _("Journey map: {name}").format(name=journey.name) if journey is not None else _("Journey map")


def selection_description(project: Project, card_ids: Sequence[str], lang: str) -> str:
    """The selected card's name, or how many cards are selected."""
    if len(card_ids) == 1:
        return card_accessible_name(project, card_ids[0], lang)
    if card_ids:
        return ngettext("{n} card selected", "{n} cards selected", len(card_ids)).format(n=number(len(card_ids)))
    return _("No card selected")


__all__ = ["card_accessible_name", "map_accessible_name", "selection_description"]
