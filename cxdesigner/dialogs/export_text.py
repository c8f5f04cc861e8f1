"""Export a journey as CSV, GraphML, Mermaid or draw.io, or the whole project as JSON, through a save chooser."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from ..document import Document
from ..exchange import drawio, lanes, mermaid, opportunities, projectjson, touchpoints
from ..exchange.linked import plan_linked
from ..i18n import _, pgettext, quote
from ..model import CXError
from ..storage import atomic
from .background import ExportCancelledError, run_export_job
from .common import (
    DialogIO,
    WidgetIO,
    decimal_comma,
    linked_done_message,
    safe_file_name,
    start_folder,
    with_suffix,
)
from .exportbase import write_error

TEXT_FORMATS = ("csv", "json", "graphml", "mermaid", "drawio", "opportunities", "lanes")
SUFFIXES = {
    "csv": ".csv", "json": ".json", "graphml": ".graphml", "mermaid": ".mmd", "drawio": ".drawio",
    "opportunities": ".csv", "lanes": ".csv",
}  # fmt: skip
_PROJECT_WIDE = ("json", "opportunities")  # need no journey
_CSV = ("csv", "opportunities", "lanes")
_LINKED = ("csv", "graphml", "mermaid", "drawio")  # a journey's export that can take the journeys its cards open


def _filters(fmt: str) -> list[str]:
    if fmt in _CSV:
        # The filter picks the delimiter: Excel where decimals are written "2,5" expects ';'.
        return [
            _("CSV with commas (*.csv)"),
            _("CSV with semicolons, for Excel in Spanish, French, German… (*.csv)"),
        ]
    return {
        "json": [_("Project JSON (*.json)")],
        "graphml": [_("GraphML for yEd, Gephi, networkx (*.graphml)")],
        "mermaid": [_("Mermaid journey diagrams (*.mmd)")],
        "drawio": [_("draw.io diagrams (*.drawio)")],
    }[fmt]


def _title(fmt: str) -> str:
    return {
        "csv": _("Export touchpoints as CSV"),
        "opportunities": _("Export opportunities as CSV"),
        "lanes": _("Export the lanes without cards as CSV"),
        "json": _("Export the project as JSON"),
        "graphml": _("Export the journey as GraphML"),
        "mermaid": _("Export the journey as a Mermaid diagram"),
        "drawio": _("Export the journey as a draw.io diagram"),
    }[fmt]


def write_text_export(doc: Document, journey_id: str | None, fmt: str, path: Path, delimiter: str, lang: str) -> None:
    """Write one text export (no dialogs); every writer puts the file in place in one step."""
    project = doc.project
    if fmt not in _PROJECT_WIDE and journey_id is None:
        raise CXError("Choose a journey to export first")
    if fmt == "json":
        projectjson.write_json(project, path)
    elif fmt == "opportunities":
        opportunities.write_opportunities_csv(project, path, delimiter, lang)
    elif fmt == "lanes":
        lanes.write_lanes_csv(project, path, [journey_id], delimiter, lang)  # type: ignore[list-item]
    elif fmt == "csv":
        touchpoints.write_touchpoints_csv(project, journey_id, path, delimiter, lang)  # type: ignore[arg-type]
    elif fmt == "graphml":
        from ..exchange import graphml  # networkx: loaded when a GraphML is written, not at start

        graphml.write_graphml(project, journey_id, path, lang)  # type: ignore[arg-type]
    elif fmt == "mermaid":
        atomic.write_text(path, mermaid.to_mermaid(project, journey_id, lang))  # type: ignore[arg-type]
    elif fmt == "drawio":
        drawio.write_drawio(project, journey_id, path, lang)  # type: ignore[arg-type]
    else:
        raise CXError(f"Unknown export format {quote(fmt)}: use csv, json, graphml, mermaid or drawio")


def text_command(
    project_file: Path, journey_id: str | None, fmt: str, out: Path, delimiter: str, lang: str, linked: bool = False
) -> list[str]:
    """The ``cxdesigner export`` arguments for a text export (JSON and opportunities cover the whole project)."""
    args = ["export", str(project_file), "--format", fmt, "--lang", lang, "--delimiter", delimiter, "-o", str(out)]
    if fmt not in _PROJECT_WIDE:
        if journey_id is None:
            raise CXError("Choose a journey to export first")
        args += ["--journey", journey_id]
        if linked and fmt in _LINKED:
            args.append("--linked")
    return args


def export_text(
    parent: QWidget | None,
    doc: Document,
    journey_id: str | None,
    fmt: str,
    io: DialogIO | None = None,
    lang: str | None = None,
    linked: bool | None = None,
) -> Path | None:
    """Ask where to save, then write ``fmt`` (csv, json, graphml, mermaid or drawio); the file written, or None.

    The file is written by a child process with a progress dialog and Cancel (:mod:`.background`).

    CSV offers commas or semicolons through the chooser's file types (semicolons first where the
    system writes decimals with a comma); JSON is the whole project; the others the journey.
    A CSV, GraphML, Mermaid or draw.io export of a journey whose cards open other journeys asks
    whether to include them (``linked`` answers in advance): a CSV holds them all; the diagrams
    write one file per journey beside the chosen one, named as the command line names them.
    """
    if fmt not in TEXT_FORMATS:
        raise ValueError(f"unknown text format {fmt!r}")
    io = io or WidgetIO(parent, doc)
    if fmt not in _PROJECT_WIDE and journey_id is None:
        io.show_error(_title(fmt), _("Choose a journey to export first."))
        return None
    lang = lang or doc.lang
    if fmt in _LINKED and linked is None:
        from ..analysis.linked import linked_journeys

        others = len(linked_journeys(doc.project, journey_id)) - 1  # type: ignore[arg-type]
        linked = io.ask_include_linked(_title(fmt), others) if others else False
        if linked is None:
            return None
    if fmt in _PROJECT_WIDE:
        stem = doc.path.stem if doc.path is not None else (doc.project.info.name or pgettext("a file name", "project"))
        stem = f"{stem}-opportunities" if fmt == "opportunities" else stem
    else:
        stem = doc.project.get("journey", journey_id).name
        stem = f"{stem}-lanes" if fmt == "lanes" else stem
    suffix = SUFFIXES[fmt]
    suggested = start_folder(doc) / (safe_file_name(stem, pgettext("a file name", "project")) + suffix)
    filters = _filters(fmt)
    picked = io.ask_save_path(
        _title(fmt), suggested, filters, 1 if fmt in _CSV and decimal_comma() else 0
    )
    if picked is None:
        return None
    path = with_suffix(picked[0], suffix).absolute()
    delimiter = ";" if fmt in _CSV and picked[1] == 1 else ","
    one_per_journey = bool(linked) and fmt in _LINKED and fmt != "csv"
    if one_per_journey:
        # The chooser asked about the file picked; the other journeys' files go beside it.
        beside = plan_linked(doc.project, journey_id, path).paths[1:]  # type: ignore[arg-type]
        existing = [p for p in beside if p.exists()]
        if existing and not io.ask_overwrite_files(existing):
            return None
    try:
        result = run_export_job(
            parent, doc,
            lambda snapshot, out: text_command(snapshot, journey_id, fmt, out, delimiter, lang, bool(linked)),
            path, _title(fmt), _("Exporting…"),
        )  # fmt: skip
    except ExportCancelledError:
        return None
    except CXError as exc:
        io.show_error(_("Not exported"), str(exc))
        return None
    except OSError as exc:
        io.show_error(_("Not exported"), write_error(path, exc))
        return None
    if one_per_journey:
        io.show_info(_("Exported"), linked_done_message(doc.project, journey_id, result.files))  # type: ignore[arg-type]
    return path


__all__ = ["SUFFIXES", "TEXT_FORMATS", "export_text", "text_command", "write_text_export"]
