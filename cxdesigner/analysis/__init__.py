"""Journey analysis over the model with networkx: pure functions, no Qt (formulas in docs/analysis.md)."""

from .graph import JourneyGraph, build_graph, enumerate_paths
from .insights import build_insights
from .measures import CROSSHAIRS, FORMULAS, QUADRANTS, ces, csat, gap_ranking, nps, path_metrics, quadrants
from .report import analyze, compare_journeys, coverage, format_text, insights

__all__ = [
    "CROSSHAIRS",
    "FORMULAS",
    "QUADRANTS",
    "JourneyGraph",
    "analyze",
    "build_graph",
    "build_insights",
    "ces",
    "compare_journeys",
    "coverage",
    "csat",
    "enumerate_paths",
    "format_text",
    "gap_ranking",
    "insights",
    "nps",
    "path_metrics",
    "quadrants",
]
