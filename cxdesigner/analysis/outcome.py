"""One analysis of one journey together with the project it ran on, as the panels receive it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Project


@dataclass(frozen=True)
class JourneyAnalysis:
    """What :func:`~cxdesigner.analysis.analyze` found, and the project it looked at.

    ``project`` is a detached copy taken when the analysis started, so a view that draws from
    it (card titles, stage names) shows exactly what the figures were computed from, even if
    the live project has changed since. ``result`` is None when there is no journey to analyse
    (``journey_id`` is None) or when the analysis failed (``error`` says why).
    """

    project: Project
    journey_id: str | None
    lang: str = "en"
    result: dict[str, Any] | None = None
    error: str = ""
