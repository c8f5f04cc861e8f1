"""One journey of a project laid out exactly as the canvas lays it out, for writers without Qt."""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Project
from .geometry import Cell, JourneyLayout, Metrics, StageSpec, compute_layout
from .lanerows import lane_row_heights
from .routing import ConnectionSpec, Route, route_journey


def journey_cells(project: Project, journey_id: str) -> dict[Cell, list[str]]:
    """The card ids of every occupied cell in their order in the cell (position, then id), as the canvas stacks them."""
    cells: dict[Cell, list[str]] = {}
    for tp in project.touchpoints(journey_id):  # placed cards only, each cell's in (position, id) order
        cells.setdefault((tp.stage_id, tp.lane_id), []).append(tp.id)
    return cells


def journey_map(
    project: Project,
    journey_id: str,
    metrics: Metrics | None = None,
    card_heights: Mapping[str, float] | None = None,
) -> tuple[JourneyLayout, dict[str, Route | None]]:
    """The map of the journey and its connections' routes: the canvas's own computation with the same metrics.

    The canvas measures its card height from the title font (three lines of 9 pt text); with the
    bundled DejaVu Sans that is exactly :class:`Metrics`' default ``card_h`` of 100, so the default
    metrics give the map as it is on screen. Gutters are as wide as the canvas makes them for the
    routes; labels get no box here (a writer without Qt cannot measure text and places its own).
    """
    stages = [StageSpec(s.id, s.phase) for s in project.stages(journey_id)]
    lanes = [ln.id for ln in project.lanes(journey_id)]
    cells = journey_cells(project, journey_id)
    specs = [ConnectionSpec(c.id, c.source_id, c.target_id, c.kind, c.label) for c in project.connections(journey_id)]
    rows = lane_row_heights(project, journey_id, metrics)  # lanes without cards: as tall as the canvas makes them

    def lay_out(col_gutters: list[float] | None = None, row_gutters: list[float] | None = None) -> JourneyLayout:
        return compute_layout(stages, lanes, cells, metrics, card_heights, None, col_gutters, row_gutters, rows)

    return route_journey(lay_out(), specs, lay_out)


def journey_layout(
    project: Project,
    journey_id: str,
    metrics: Metrics | None = None,
    card_heights: Mapping[str, float] | None = None,
) -> JourneyLayout:
    """The map of the journey (see :func:`journey_map`)."""
    return journey_map(project, journey_id, metrics, card_heights)[0]


__all__ = ["journey_cells", "journey_layout", "journey_map"]
