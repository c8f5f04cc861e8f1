"""Dialogs for importing, exporting and sharing: thin Qt fronts over :mod:`cxdesigner.exchange`."""

from .common import DialogIO, WidgetIO
from .export_map import ExportMapDialog, export_map
from .export_report import ExportReportDialog, export_report
from .export_text import TEXT_FORMATS, export_text
from .import_drawio import ImportDrawioDialog, import_drawio
from .import_journeys import ImportJourneysDialog, import_journeys
from .import_mermaid import ImportMermaidDialog, import_mermaid
from .import_survey import ImportSurveyDialog, import_survey
from .import_touchpoints import ImportTouchpointsDialog, import_touchpoints
from .share import share_copy

__all__ = [
    "TEXT_FORMATS",
    "DialogIO",
    "ExportMapDialog",
    "ExportReportDialog",
    "ImportDrawioDialog",
    "ImportJourneysDialog",
    "ImportMermaidDialog",
    "ImportSurveyDialog",
    "ImportTouchpointsDialog",
    "WidgetIO",
    "export_map",
    "export_report",
    "export_text",
    "import_drawio",
    "import_journeys",
    "import_mermaid",
    "import_survey",
    "import_touchpoints",
    "share_copy",
]
