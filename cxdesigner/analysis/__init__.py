"""Journey analysis over the model: pure functions, no Qt (formulas in docs/analysis.md).

The names below load their module on first use (PEP 562), so importing a light part such as
``analysis.outcome`` or ``analysis.text`` does not load the graph and report modules with the window.
"""

from __future__ import annotations

from ..lazy import lazy_names

_WHERE = {
    "JourneyGraph": "graph",
    "build_graph": "graph",
    "enumerate_paths": "graph",
    "build_insights": "insights",
    "CROSSHAIRS": "measures",
    "FORMULAS": "measures",
    "QUADRANTS": "measures",
    "ces": "measures",
    "csat": "measures",
    "gap_ranking": "measures",
    "nps": "measures",
    "path_metrics": "measures",
    "quadrants": "measures",
    "analyze": "report",
    "compare_journeys": "report",
    "coverage": "report",
    "format_text": "report",
    "insights": "report",
}


__getattr__ = lazy_names(__name__, _WHERE, globals())

__all__ = sorted(_WHERE)
