"""The `compare` subcommand: what changed from one journey to another, or from a checkpoint to now."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .. import api
from ..i18n import quote, translation
from ..model import ValidationError
from ..storage import BadTargetError, atomic
from .base import OK


def add_parser(sub: argparse._SubParsersAction, name: str, help_text: str) -> None:
    p = sub.add_parser(name, help=help_text, description=help_text)
    p.add_argument("file", metavar="FILE", help="the .cxd project file")
    p.add_argument("journey_a", metavar="JOURNEY_A", nargs="?", help="the journey before (name or id)")
    p.add_argument("journey_b", metavar="JOURNEY_B", nargs="?", help="the journey after (name or id)")
    p.add_argument(
        "--checkpoint", metavar="LABEL", help="compare this checkpoint with its journey now (or with JOURNEY_A)"
    )
    p.add_argument("--json", action="store_true", help="print the comparison as JSON on one line")
    p.add_argument("--lang", choices=("en", "es"), help="language of the text (default: the project's)")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="also draw both maps side by side, the cards added, removed and changed outlined, "
        "into OUT (.svg, .pdf or .png), as the compare view's Export does",
    )
    p.set_defaults(handler=cmd_compare)


def cmd_compare(args: argparse.Namespace) -> int:
    from ..analysis.compare import compare, format_text
    from ..document.states import decode_checkpoint

    out = _picture_target(args.output) if args.output is not None else None
    doc = api.open_project(Path(args.file), read_only=True)
    try:
        project = doc.project
        lang = args.lang or doc.lang
        t = translation(lang)
        if args.checkpoint is not None:
            found = [c for c in project.checkpoints() if c.label == args.checkpoint or c.id == args.checkpoint]
            if not found:
                raise ValidationError(f"There is no checkpoint labelled {quote(args.checkpoint)}")
            ck = found[-1]
            held, hj = decode_checkpoint(ck.data)
            if args.journey_a:
                now = doc.journey(args.journey_a).id
            elif ck.journey_id in project.tables["journey"]:
                now = ck.journey_id
            else:
                raise ValidationError("The checkpoint's journey was deleted; name the journey to compare with")
            result = compare(held, hj.id, project, now, lang)
            result["checkpoint"] = {"label": ck.label, "created": ck.created, "author": ck.author}
            label = t.gettext("{name} at checkpoint {label}").format(name=hj.name, label=ck.label)
            sides = (held, hj.id, label), (project, now, project.get("journey", now).name)
        else:
            if not args.journey_a or not args.journey_b:
                raise ValidationError("Name two journeys (JOURNEY_A JOURNEY_B) or a checkpoint (--checkpoint LABEL)")
            a, b = doc.journey(args.journey_a).id, doc.journey(args.journey_b).id
            result = compare(project, a, project, b, lang)
            sides = (project, a, project.get("journey", a).name), (project, b, project.get("journey", b).name)
        if out is not None:
            # Imported here, as the map exports are: a comparison's picture needs Qt, the text does not.
            from ..exchange.compare_map import write_comparison

            written = write_comparison(out, sides[0], sides[1], lang, result)
    finally:
        doc.close()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, separators=(",", ":")))
    else:
        print(format_text(result, lang))
    if out is not None:
        # Beside the comparison on standard output, the note goes where notes go.
        print(f"Wrote {written}", file=sys.stderr if args.json else sys.stdout)
    return OK


def _picture_target(text: str) -> Path:
    """The picture's file, checked before any work: a vector SVG or PDF page, or a PNG."""
    from ..exchange.compare_map import FORMATS

    if not text.strip() or text == "-":
        raise BadTargetError("-o names no file: give the .svg, .pdf or .png file to write")
    out = Path(text)
    if out.suffix.lower().lstrip(".") not in FORMATS:
        raise ValidationError(f"{out.name}: a comparison is written as .svg, .pdf or .png")
    atomic.check_writable(out)
    return out
