"""The `analyze` subcommand: a journey's findings and figures, as text or JSON (docs/analysis.md)."""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Callable
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any, TextIO

from .. import api
from .base import BAD_INPUT, OK, add_journey_arg, add_linked_arg, fail


def add_parser(sub: argparse._SubParsersAction, name: str, help_text: str) -> None:
    p = sub.add_parser(name, help=help_text, description=help_text)
    p.add_argument("file", metavar="FILE", help="the .cxd project file")
    add_journey_arg(p)
    add_linked_arg(p, "analyse")
    p.add_argument("--json", action="store_true", help="print JSON (shape in docs/analysis.md) on one line")
    p.add_argument("--pretty", action="store_true", help="print the JSON indented for reading (implies --json)")
    p.add_argument("--lang", choices=("en", "es"), help="language of the findings (default: the project's)")
    p.add_argument(
        "--max-paths", type=int, default=1000, metavar="N", help="stop enumerating paths at N (default 1000)"
    )
    p.add_argument(
        "--paths",
        action="store_true",
        help="list every path's cards and emotions in full (by default each path lists only the cards it "
        "adds to the one before; implies --json)",
    )
    p.add_argument(
        "--max-critical", type=int, default=1000, metavar="N",
        help="list the N critical steps of highest priority (default 1000; the JSON counts them all)",
    )
    p.add_argument(
        "--critical",
        action="store_true",
        help="list every critical step, not only the --max-critical first (implies --json)",
    )
    p.add_argument(
        "--crosshair",
        choices=("mean", "midpoint"),
        default="mean",
        help="importance–satisfaction crosshair: the data means (default) or the scale midpoint 3",
    )
    p.set_defaults(handler=cmd_analyze)


def cmd_analyze(args: argparse.Namespace) -> int:
    # Imported here: networkx takes a quarter of a second to import, and the other subcommands
    # build this parser too.
    from ..analysis import analyze, format_text

    # Refused here, before the file is read, as export refuses its --dpi: the analysis's own check
    # would end as an 'unexpected error'.
    for flag, value in (("--max-paths", args.max_paths), ("--max-critical", args.max_critical)):
        if value < 0:
            fail(f"{flag} {value} is out of range: use 0 or more")
            return BAD_INPUT
    doc = api.open_project(Path(args.file), read_only=True)
    # The command analyses once and ends: the collector's passes over the project and the
    # analysis's many small containers cost a quarter of the time on a 20,000-card map.
    collecting = gc.isenabled()
    gc.disable()
    try:
        journey = doc.journey(args.journey) if args.journey else doc.journeys()[0]
        lang = args.lang or doc.lang
        ids = [journey.id]
        if args.linked:
            from ..analysis.linked import linked_journeys

            ids = linked_journeys(doc.project, journey.id)
        results = [
            analyze(doc.project, jid, max_paths=args.max_paths, crosshair=args.crosshair, lang=lang,
                    full_paths=args.paths, max_critical=None if args.critical else args.max_critical)
            for jid in ids
        ]
    finally:
        if collecting:
            gc.enable()
        doc.close()
    if args.json or args.pretty or args.paths or args.critical:
        # Compact by default: indenting makes json use its slow pure-Python encoder and doubles the bytes.
        # --linked: one result per journey, the chosen one first (docs/analysis.md).
        data = {"journeys": results} if args.linked else results[0]
        if args.pretty:
            print(json.dumps(data, ensure_ascii=False, check_circular=False, indent=2))
        else:
            write_compact(data, sys.stdout)
    else:
        print("\n\n".join(format_text(result, lang) for result in results))
    return OK


# Rows written per piece of a long list (cards, paths, critical steps, gaps).
CHUNK_ROWS = 300


def write_compact(data: dict[str, Any], out: TextIO, chunk: int = CHUNK_ROWS) -> None:
    """Write ``json.dumps(data)`` on one line, compact, and a newline: the same text, a piece at a time.

    The whole text of a 20,000-card analysis is 11 MB, held twice over (the encoder's pieces
    and their join) and then encoded once more for the stream: fresh memory the kernel must
    hand over page by page. A section at a time needs a fraction of it (about 15% less time
    writing it, measured by CPU), and a long list (the card rows: 1.4 MB of a 5,000-card
    analysis) written ``chunk`` rows at a time keeps the encoder's pieces and the text they make
    in the processor's cache (10% less again).
    """
    # No container of the result holds itself: the encoder's check for cycles (a dict entry
    # for every list and dict it writes) has nothing to find.
    encode = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":")).encode
    _write_dict(data, out.write, encode, chunk)
    out.write("\n")


def _holds_long_list(value: object, chunk: int) -> bool:
    return isinstance(value, list) and len(value) > chunk


def _write_dict(data: dict[str, Any], write: Callable[[str], object], encode: Callable[[Any], str],
                chunk: int) -> None:
    opening = "{"
    for key, value in data.items():
        head = opening + encode_basestring(key) + ":"
        opening = ","
        if _holds_long_list(value, chunk):
            write(head)
            _write_list(value, write, encode, chunk)
        elif isinstance(value, dict) and any(_holds_long_list(v, chunk) for v in value.values()):
            write(head)
            _write_dict(value, write, encode, chunk)
        else:
            write(head + encode(value))
    write("{}" if opening == "{" else "}")


def _write_list(items: list[Any], write: Callable[[str], object], encode: Callable[[Any], str], chunk: int) -> None:
    # A list's text is "[" + its items' texts joined by "," + "]": each piece without its brackets.
    separator = "["
    for start in range(0, len(items), chunk):
        write(separator + encode(items[start:start + chunk])[1:-1])
        separator = ","
    write("]")
