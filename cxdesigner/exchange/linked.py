"""Exports that include linked journeys (sub-journeys): which files they write, what they refuse, what they skip.

The command line's ``export --linked`` and the export dialogs' "Include linked journeys" both follow these
rules, so a file a dialog writes has the name the command line would give it, and both refuse the same things.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from ..analysis.linked import is_broken, linked_journeys
from ..model import Project
from .common import safe_file_name

# Formats of one journey that an export of linked journeys writes as one file per journey;
# csv, json and lanes hold them all in one file.
ONE_JOURNEY_FORMATS = ("png", "svg", "pdf", "graphml", "mermaid", "drawio")
# Formats that hold the whole project already: including linked journeys means nothing for them.
WHOLE_PROJECT_FORMATS = ("opportunities", "cxd")


class LinkedRefusal(Enum):
    """Why an export cannot include linked journeys; each front end words it for its own users."""

    WHOLE_PROJECT = "whole project"  # opportunities, cxd
    STREAM = "stream"  # one file per journey cannot go to standard output or a pipe
    CARDS = "cards"  # chosen cards belong to one journey


def linked_refusal(fmt: str, *, to_stream: bool = False, with_cards: bool = False) -> LinkedRefusal | None:
    """Why an export in ``fmt`` cannot include linked journeys, or None when it can."""
    if fmt in WHOLE_PROJECT_FORMATS:
        return LinkedRefusal.WHOLE_PROJECT
    if fmt in ONE_JOURNEY_FORMATS and to_stream:
        return LinkedRefusal.STREAM
    if fmt in ONE_JOURNEY_FORMATS and with_cards:
        return LinkedRefusal.CARDS
    return None


def linked_paths(project: Project, journey_ids: list[str], out: Path) -> list[Path]:
    """Where a format of one journey goes for each journey: the first journey to ``out``, each other one beside
    it as ``<out's stem> - <journey name><suffix>`` (numbered when two names come out the same)."""
    paths, taken = [out], {out.name.casefold()}
    for jid in journey_ids[1:]:
        stem = f"{out.stem} - {safe_file_name(project.get('journey', jid).name)}"
        name, n = stem + out.suffix, 2
        while name.casefold() in taken:
            name, n = f"{stem} ({n}){out.suffix}", n + 1
        taken.add(name.casefold())
        paths.append(out.with_name(name))
    return paths


@dataclass(frozen=True)
class BrokenLink:
    """A card of an exported journey whose link names a journey that no longer exists (skipped)."""

    journey_name: str
    card_title: str


def broken_links(project: Project, journey_ids: list[str]) -> list[BrokenLink]:
    """The cards of ``journey_ids`` (map order, then the inbox) that open a deleted journey."""
    out = []
    for jid in journey_ids:
        name = project.get("journey", jid).name
        for tp in project.touchpoints(jid) + project.inbox(jid):
            if is_broken(project, tp.sub_journey):
                out.append(BrokenLink(name, tp.title))
    return out


@dataclass(frozen=True)
class LinkedPlan:
    """An export of a journey with its linked journeys: the journeys in order and the file each goes to."""

    journey_ids: list[str]
    paths: list[Path]
    broken: list[BrokenLink]


def plan_linked(project: Project, journey_id: str, out: Path) -> LinkedPlan:
    """The files an export of one journey per file writes for ``journey_id`` and the journeys its cards open."""
    ids = linked_journeys(project, journey_id)
    return LinkedPlan(ids, linked_paths(project, ids, out), broken_links(project, ids))


__all__ = [
    "ONE_JOURNEY_FORMATS",
    "WHOLE_PROJECT_FORMATS",
    "BrokenLink",
    "LinkedPlan",
    "LinkedRefusal",
    "broken_links",
    "linked_paths",
    "linked_refusal",
    "plan_linked",
]
