"""Dialogs for importing, exporting and sharing: thin Qt fronts over :mod:`cxdesigner.exchange`.

Each name loads its module (and the formats behind it) when first used, not when the window starts.
"""

from __future__ import annotations

from ..lazy import lazy_names

_WHERE = {
    "DialogIO": "common",
    "WidgetIO": "common",
    "ExportMapDialog": "export_map",
    "export_map": "export_map",
    "ExportReportDialog": "export_report",
    "export_report": "export_report",
    "TEXT_FORMATS": "export_text",
    "export_text": "export_text",
    "ImportDrawioDialog": "import_drawio",
    "import_drawio": "import_drawio",
    "ImportJourneysDialog": "import_journeys",
    "import_journeys": "import_journeys",
    "ImportMermaidDialog": "import_mermaid",
    "import_mermaid": "import_mermaid",
    "ImportSurveyDialog": "import_survey",
    "import_survey": "import_survey",
    "ImportTouchpointsDialog": "import_touchpoints",
    "import_touchpoints": "import_touchpoints",
    "share_copy": "share",
}


__getattr__ = lazy_names(__name__, _WHERE, globals())

__all__ = sorted(_WHERE)
