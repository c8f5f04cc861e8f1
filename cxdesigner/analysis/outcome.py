"""One analysis of one journey together with the project it ran on, as the panels receive it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..model import Project


@dataclass(frozen=True)
class JourneyAnalysis:
    """What :func:`~cxdesigner.analysis.analyze` found, and the project it looked at.

    ``project`` is a detached copy taken when the analysis started, so a view that draws from
    it (card titles, stage names) shows exactly what the figures were computed from, even if
    the live project has changed since. ``result`` is None when there is no journey to analyse
    (``journey_id`` is None) or when the analysis failed (``error``: what
    happened and what to do, one sentence for the user).
    """

    project: Project
    journey_id: str | None
    lang: str = "en"
    result: dict[str, Any] | None = None
    error: str = ""


def path_cards(paths: Mapping[str, Any], index: int) -> list[str]:
    """The card ids of path ``index`` of an analysis's ``paths`` section (docs/analysis.md §11).

    Each listed path gives only its ``tail``: the cards after the ``prefix`` it shares with the
    path before it. This walks back through the paths before it for the shared part.
    """
    items = paths["items"]
    item = items[index]
    if "cards" in item:  # listed in full (``analyze(..., full_paths=True)``)
        return list(item["cards"])
    parts = [item["tail"]]
    need = item["prefix"]  # cards still wanted from the start of path ``j``
    j = index - 1
    while need > 0:
        before = items[j]
        shared = before["prefix"]
        if need > shared:
            parts.append(before["tail"][: need - shared])
            need = shared
        j -= 1
    return [v for part in reversed(parts) for v in part]
