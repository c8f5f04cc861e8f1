"""Subcommands that move journeys in and out: export, report, import (docs/cli.md)."""

from __future__ import annotations

import argparse
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..i18n import _, quote
from ..storage import APPLICATION_ID, BadTargetError, ReadOnlyError, StorageError, atomic, regular
from .base import BAD_INPUT, OK, add_journey_arg, add_linked_arg, counted, fail

EXPORT_FORMATS = ("png", "svg", "pdf", "csv", "json", "graphml", "mermaid", "drawio", "cxd", "opportunities", "lanes")
IMPORT_FORMATS = ("csv", "xlsx", "survey", "json", "mermaid", "drawio", "cxd")
_SUFFIX_FORMAT = {
    ".png": "png",
    ".svg": "svg",
    ".pdf": "pdf",
    ".csv": "csv",
    ".json": "json",
    ".graphml": "graphml",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
    ".drawio": "drawio",
    ".cxd": "cxd",
    ".xlsx": "xlsx",
}


def _delimiter(text: str) -> str:
    value = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";"}.get(text, text)
    if value not in (",", ";", "\t"):
        raise argparse.ArgumentTypeError("use comma, semicolon or tab")
    return value


def _ids(text: str) -> list[str]:
    return [part for part in (p.strip() for p in text.split(",")) if part]


# A line the app's export job reads from a child's standard error (cxdesigner.services.childjob).
PROGRESS_PREFIX = "@progress "


def _add_progress_arg(p: argparse.ArgumentParser) -> None:
    # For the app, which runs long exports as a child process: machine-readable progress on stderr.
    p.add_argument("--progress", action="store_true", help=argparse.SUPPRESS)


def _progress(args: argparse.Namespace) -> Callable[[int, int], bool] | None:
    """A ``progress(done, total)`` that prints ``@progress DONE TOTAL`` lines, when --progress was given."""
    if not getattr(args, "progress", False):
        return None

    def report(done: int, total: int) -> bool:
        print(f"{PROGRESS_PREFIX}{int(done)} {int(total)}", file=sys.stderr, flush=True)
        return True

    return report


def _part_progress(
    progress: Callable[[int, int], bool] | None, part: int, parts: int
) -> Callable[[int, int], bool] | None:
    """``progress`` for part ``part`` of ``parts`` (one journey of several): the app's bar moves forward once
    across all of them instead of starting again at each journey."""
    if progress is None or parts <= 1:
        return progress
    report = progress

    def scaled(done: int, total: int) -> bool:
        return report(part * total + done, parts * total) if total > 0 else report(done, total)

    return scaled


def _yield_to_the_app(args: argparse.Namespace) -> None:
    """Run for the app (--progress): its window gets the CPU first, so its UI thread never waits
    for a core (a 2-core laptop) while this process draws."""
    if getattr(args, "progress", False) and hasattr(os, "nice"):
        try:
            os.nice(10)
        except OSError:
            pass


def add_parser(sub: argparse._SubParsersAction, name: str, help_text: str) -> None:
    p = sub.add_parser(name, help=help_text, description=help_text)
    p.add_argument("file", metavar="FILE", help="the .cxd project file")
    if name == "export":
        p.add_argument(
            "--format",
            choices=EXPORT_FORMATS,
            help="output format (default: from the -o suffix); opportunities: the project's opportunities as CSV;"
            " lanes: the lanes without cards (text, figures, pictures, channels, emotion) as CSV",
        )
        add_journey_arg(p)
        add_linked_arg(
            p,
            "csv, json, lanes: one file; png, svg, pdf, graphml, mermaid, drawio: one file per journey, each"
            f" sub-journey's beside OUT as {quote('OUT - NAME')} (opportunities and cxd hold the whole project):"
            " export",
        )
        p.add_argument("--dpi", type=int, default=150, help="PNG resolution in dots per inch (default 150)")
        p.add_argument("--transparent", action="store_true", help="PNG with a transparent background")
        p.add_argument(
            "--paper",
            choices=("fit", "a4", "a3", "16x9", "4x3"),
            default="fit",
            help="fit: one picture or page the size of the map; a4, a3 (landscape), 16x9, 4x3 (slides): fitted to"
            " that page, cut into pages when the text would be too small (PNG/SVG: one numbered file per page)",
        )
        p.add_argument(
            "--min-text",
            type=float,
            default=9.0,
            metavar="PT",
            help="with --paper: card titles at least PT points on the page (default 9; 0 fits the map on one page)",
        )
        p.add_argument(
            "--hide-empty",
            choices=("none", "lanes", "stages", "all"),
            default="lanes",
            help="map: leave out lanes without cards (default), stages without cards, both (all), or nothing",
        )
        p.add_argument(
            "--card-notes", action="store_true", help="map: print pain points and opportunities on the cards"
        )
        p.add_argument(
            "--curve-labels",
            choices=("none", "numbers", "titles"),
            default="none",
            help="map: label the emotion curve with step numbers (printed on the cards too) or short titles",
        )
        p.add_argument(
            "--delimiter", type=_delimiter, default=",", help="CSV delimiter: comma (default), semicolon or tab"
        )
        p.add_argument(
            "--with-checkpoints",
            action="store_true",
            help="json: include the checkpoints (named copies of journeys; left out by default)",
        )
        p.add_argument("--lang", choices=("en", "es"), help="language of built-in names (default: the project's)")
        p.add_argument("-o", "--output", required=True, metavar="OUT", help="the file to write")
        # The app's export of a selection: card ids are not something people type.
        p.add_argument("--cards", type=_ids, help=argparse.SUPPRESS)
        _add_progress_arg(p)
        p.set_defaults(handler=cmd_export)
    elif name == "report":
        add_journey_arg(p)
        add_linked_arg(p, "report on")
        p.add_argument("--lang", choices=("en", "es"), help="language of the report (default: the project's)")
        p.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help="the PDF to write")
        _add_progress_arg(p)
        p.set_defaults(handler=cmd_report)
    else:
        p.add_argument("source", metavar="SOURCE", help="the file to import from")
        p.add_argument("--format", choices=IMPORT_FORMATS, help="what SOURCE is (default: from its suffix)")
        p.add_argument(
            "--journey",
            metavar="NAME",
            help="the journey to import into (created when missing); for json, drawio and cxd, the journey to take",
        )
        p.add_argument("--skip-invalid", action="store_true", help="import the valid rows and skip the invalid ones")
        p.add_argument("--delimiter", type=_delimiter, help="CSV delimiter (default: detected)")
        p.add_argument("--sheet", metavar="NAME", help="xlsx: the sheet to read (default: the first)")
        p.set_defaults(handler=cmd_import)


def _format_of(path: str, given: str | None, allowed: tuple[str, ...], what: str) -> str:
    if given:
        return given
    fmt = _SUFFIX_FORMAT.get(Path(path).suffix.lower())
    if fmt is None or fmt not in allowed:
        from ..model import ValidationError

        raise ValidationError(f"cannot tell the format of {what} {quote(path)} from its name: pass --format")
    return fmt


def _output(args: argparse.Namespace) -> Path:
    """The file to write, checked before any work: ``-`` is standard output."""
    text = args.output
    if not text.strip():
        raise BadTargetError("-o names no file: give the file to write (or - for standard output)")
    out = Path("/dev/stdout" if text == "-" else text)
    atomic.check_writable(out)
    return out


def _is_project(path: Path) -> bool:
    """Whether ``path`` starts as a CX Designer project does (SQLite's header with our application id)."""
    try:
        with regular.open_regular(path, "file") as f:
            header = f.read(72)
    except (OSError, StorageError):  # unreadable: the write that follows says why, in its own words
        return False
    return header.startswith(b"SQLite format 3\0") and int.from_bytes(header[68:72], "big") == APPLICATION_ID


def _spare_projects(out: Path, project_file: str, fmt: str) -> None:
    """Refuse an export over the project it comes from, or of another format over any project.

    "-o" named after the project (a tab completion one letter short) wrote the map or the report over
    it, silently and with exit 0: the project was gone. An export over an older export is still fine.
    """
    st = _stat(out)
    if st is None or not stat.S_ISREG(st.st_mode):
        return
    try:
        same = os.path.samefile(out, project_file)
    except OSError:
        same = False
    if same:
        raise BadTargetError(
            _("{path}: that is the project being exported; give the export a file name of its own").format(path=out)
        )
    if fmt != "cxd" and _is_project(out):
        raise BadTargetError(
            _(
                "{path}: a CX Designer project is there and this export would replace it; "
                "give the export another file name"
            ).format(path=out)
        )


def _wrote(out: Path) -> None:
    # Into standard output the file itself goes there: the note must not be mixed into it.
    stream = sys.stderr if atomic.is_stream(_stat(out)) else sys.stdout
    print(f"Wrote {out}", file=stream)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _qt_offscreen() -> None:
    # Set before any Qt module loads so the command never needs a display.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _linked(project: Any, journey_id: str) -> list[str]:
    from ..analysis.linked import linked_journeys

    return linked_journeys(project, journey_id)


def _linked_problem(args: argparse.Namespace, fmt: str, out: Path) -> str:
    """Why --linked cannot go with this export (one line), or ''; the rules are the exchange layer's."""
    from ..exchange.linked import LinkedRefusal, linked_refusal

    if not args.linked:
        return ""
    refusal = linked_refusal(
        fmt, to_stream=args.output == "-" or atomic.is_stream(_stat(out)), with_cards=bool(args.cards)
    )
    if refusal is LinkedRefusal.WHOLE_PROJECT:
        return f"--linked does not apply to {fmt}: it holds the whole project already"
    if refusal is LinkedRefusal.STREAM:
        return f"--linked writes one {fmt} file per journey: name a file, not standard output or a pipe"
    if refusal is LinkedRefusal.CARDS:
        return "--linked cannot go with chosen cards: they belong to one journey"
    return ""


def cmd_export(args: argparse.Namespace) -> int:
    _yield_to_the_app(args)
    from .. import api
    from ..exchange.common import require_journey
    from ..exchange.linked import ONE_JOURNEY_FORMATS, linked_paths

    if args.linked and args.output == "-" and args.format in ONE_JOURNEY_FORMATS:
        # Said before standard output is checked as a target: it is the wrong target for any of these.
        fail(_linked_problem(args, args.format, Path(args.output)))
        return BAD_INPUT
    out = _output(args)
    fmt = _format_of(str(out), args.format, EXPORT_FORMATS, "the output")
    _spare_projects(out, args.file, fmt)
    problem = _linked_problem(args, fmt, out)
    if problem:
        fail(problem)
        return BAD_INPUT
    if fmt in ("png", "svg", "pdf", "cxd"):
        _qt_offscreen()
    doc = api.open_project(args.file, read_only=True)
    try:
        project = doc.project
        lang = args.lang or project.info.lang
        if fmt == "json":
            from ..exchange.projectjson import project_json

            ids = [require_journey(project, args.journey).id] if args.journey or args.linked else None
            if ids and args.linked:
                ids = _linked(project, ids[0])
            atomic.write_bytes(out, project_json(project, ids, args.with_checkpoints).encode("utf-8"))
        elif fmt == "opportunities":
            from ..exchange.opportunities import write_opportunities_csv

            write_opportunities_csv(project, out, args.delimiter, lang)
        elif fmt == "lanes":
            from ..exchange.lanes import write_lanes_csv

            ids = [require_journey(project, args.journey).id] if args.journey or args.linked else None
            if ids and args.linked:
                ids = _linked(project, ids[0])
            write_lanes_csv(project, out, ids, args.delimiter, lang)
        elif fmt == "cxd":
            from ..exchange.share import share_copy

            share_copy(doc, out, progress=_progress(args), with_checkpoints=args.with_checkpoints)
        else:
            journey = require_journey(project, args.journey)
            if fmt == "csv":
                from ..exchange.touchpoints import touchpoints_csv_text

                if args.linked:
                    from ..exchange.touchpoints import linked_touchpoints_csv_text

                    text = linked_touchpoints_csv_text(project, _linked(project, journey.id), args.delimiter, lang)
                else:
                    text = touchpoints_csv_text(project, journey.id, args.delimiter, lang)
                atomic.write_bytes(out, b"\xef\xbb\xbf" + text.encode("utf-8"))
            elif fmt in ("graphml", "mermaid", "drawio"):
                ids = _linked(project, journey.id) if args.linked else [journey.id]
                for jid, path in zip(ids, linked_paths(project, ids, out), strict=True):
                    atomic.write_bytes(path, _one_journey_bytes(fmt, project, jid, lang))
                    _wrote(path)
                return OK
            else:
                from ..exchange.mapexport import MapOptions, export_map_files

                if not 30 <= args.dpi <= 1200:
                    fail(f"--dpi {args.dpi} is out of range: use 30 to 1200")
                    return BAD_INPUT
                if not 0 <= args.min_text <= 72:
                    fail(f"--min-text {args.min_text:g} is out of range: use 0 to 72 points")
                    return BAD_INPUT
                opts = MapOptions(
                    dpi=args.dpi,
                    transparent=args.transparent,
                    paper=args.paper,
                    lang=lang,
                    min_text=args.min_text,
                    hide_empty_lanes=args.hide_empty in ("lanes", "all"),
                    hide_empty_stages=args.hide_empty in ("stages", "all"),
                    card_notes=args.card_notes,
                    curve_labels=args.curve_labels,
                    touchpoint_ids=args.cards or None,
                )
                ids = _linked(project, journey.id) if args.linked else [journey.id]
                for n, (jid, target) in enumerate(zip(ids, linked_paths(project, ids, out), strict=True)):
                    progress = _part_progress(_progress(args), n, len(ids))
                    written, warnings = export_map_files(project, jid, target, fmt, opts, progress=progress)
                    for warning in warnings:
                        fail(f"warning: {warning}")
                    for path in written:
                        _wrote(path)
                return OK
    finally:
        doc.close()
    _wrote(out)
    return OK


def _one_journey_bytes(fmt: str, project: Any, journey_id: str, lang: str) -> bytes:
    if fmt == "graphml":
        from ..exchange.graphml import graphml_bytes

        return graphml_bytes(project, journey_id, lang)
    if fmt == "mermaid":
        from ..exchange.mermaid import to_mermaid

        return to_mermaid(project, journey_id, lang).encode("utf-8")
    from ..exchange.drawio import drawio_bytes

    return drawio_bytes(project, journey_id, lang)


def cmd_report(args: argparse.Namespace) -> int:
    _yield_to_the_app(args)
    out = _output(args)
    _spare_projects(out, args.file, "pdf")
    _qt_offscreen()
    from .. import api
    from ..exchange.common import require_journey
    from ..exchange.report import write_report

    doc = api.open_project(args.file, read_only=True)
    try:
        journey = require_journey(doc.project, args.journey)
        journeys = _linked(doc.project, journey.id) if args.linked else [journey.id]
        notes = write_report(doc.project, journey.id, out, args.lang or doc.project.info.lang,
                             progress=_progress(args), journeys=journeys)
        for note in notes:
            fail(f"warning: {note}")  # the export dialog shows these as its notes
    finally:
        doc.close()
    _wrote(out)
    return OK


def _cannot_save(path: Path, reason: str) -> str:
    """Why the import cannot save ``path`` (the lock's reason) and what to do, in the command line's terms."""
    from .. import filelock

    if filelock.disk_full(path):
        return _("{path}: the disk is full, so the import could not be saved; free some space on it, then run "
                 "the command again").format(path=path)
    return _("{path}: {reason}, so the import could not be saved there; copy the file to a folder you can "
             "write to, then run the command again").format(path=path, reason=reason)


def cmd_import(args: argparse.Namespace) -> int:
    from .. import api
    from ..exchange.common import find_journey, require_journey

    fmt = _format_of(args.source, args.format, IMPORT_FORMATS, "the source")
    source = Path(args.source)
    regular.check_source(source, "import source")
    from ..exchange.merge import refuse_own_file

    refuse_own_file(source, args.file)
    doc = api.open_project(args.file)
    try:
        if doc.save_as_only:
            # The app's answer, Save As, is not the command line's: say so before any work is done.
            raise ReadOnlyError(_cannot_save(Path(args.file), doc.save_as_only))
        project = doc.project
        if fmt in ("csv", "xlsx"):
            from ..exchange import tables, touchpoints
            from ..model import limits

            # The cards the project can still take: a sheet with more rows is refused before it is read.
            room = max(0, limits.TABLE_LIMITS["touchpoint"] - len(project.tables["touchpoint"]))
            if fmt == "xlsx":
                table = tables.read_xlsx(source, args.sheet, room=room)
            else:
                table = tables.read_csv(source, args.delimiter, room=room)
            plan = touchpoints.check_table(table)
            for note in table.notes:
                print(f"note: {note}")
            if plan.unknown_columns:
                print("note: ignored columns: " + ", ".join(plan.unknown_columns))
            j = find_journey(project, args.journey)
            outcome = touchpoints.plan_import(
                project,
                plan,
                j.id if j else None,
                args.journey,
                args.skip_invalid,
            )
            cmd, summary = outcome.command, outcome.summary()
        elif fmt == "survey":
            from ..exchange import survey, tables
            from ..model import limits

            journey = require_journey(project, args.journey)
            # Each row is one answer: more than the project can take is refused before the rows are read.
            room = max(0, limits.TABLE_LIMITS["response"] - len(project.tables["response"]))
            table = tables.read_table(source, args.delimiter, room=room, room_kind="response")
            result = survey.check_survey(project, journey.id, table)
            cmd = result.command(args.skip_invalid, source.name)
            summary = counted(len(result.responses), "survey response", "survey responses")
            if result.errors:
                summary += f"; skipped invalid rows: {', '.join(map(str, result.invalid_rows[:20]))}"
            # The rows as read (a third of a million-answer import's memory) are not needed to apply it.
            del table, result
        elif fmt == "mermaid":
            from ..exchange.mermaid import plan_mermaid_import, read_mermaid_file

            text = read_mermaid_file(source)  # as the app reads it: bounded, regular, any usual encoding
            j = find_journey(project, args.journey) if args.journey else None
            outcome = plan_mermaid_import(
                project, text, j.id if j else None, args.journey, args.skip_invalid, source.name
            )
            cmd, summary = outcome.command, outcome.summary()
        else:
            from ..exchange.merge import merge_journeys, pick_journeys, read_project_file

            if fmt == "drawio":
                from ..exchange.drawio import read_drawio

                read = read_drawio(source)
                for note in read.notes:
                    print(f"note: {note}")
                other = read.project
            else:
                other = read_project_file(source)
            ids = pick_journeys(other, [args.journey] if args.journey else None)
            merged = merge_journeys(project, other, ids, source.name)
            cmd, summary = merged.command, merged.summary()
        doc.execute(cmd)
        doc.save()
    finally:
        # Without a save the user's file was never touched: closing drops the working copy.
        doc.close()
    # The summary follows CXDESIGNER_MESSAGES_LANG: so must the sentence around it, or a line mixes two.
    print(_("Imported {summary} into {file}").format(summary=summary, file=args.file))
    return OK


__all__ = ["PROGRESS_PREFIX", "add_parser", "cmd_export", "cmd_import", "cmd_report"]
