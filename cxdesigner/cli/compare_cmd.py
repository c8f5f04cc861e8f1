"""The `compare` subcommand: what changed from one journey to another, or from a checkpoint to now."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .. import api
from ..model import ValidationError
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
    p.set_defaults(handler=cmd_compare)


def cmd_compare(args: argparse.Namespace) -> int:
    from ..analysis.compare import compare, format_text
    from ..document.states import decode_checkpoint

    doc = api.open_project(Path(args.file), read_only=True)
    try:
        project = doc.project
        lang = args.lang or doc.lang
        if args.checkpoint is not None:
            found = [c for c in project.checkpoints() if c.label == args.checkpoint or c.id == args.checkpoint]
            if not found:
                raise ValidationError(f"There is no checkpoint labelled '{args.checkpoint}'")
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
        else:
            if not args.journey_a or not args.journey_b:
                raise ValidationError("Name two journeys (JOURNEY_A JOURNEY_B) or a checkpoint (--checkpoint LABEL)")
            a, b = doc.journey(args.journey_a).id, doc.journey(args.journey_b).id
            result = compare(project, a, project, b, lang)
    finally:
        doc.close()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, separators=(",", ":")))
    else:
        print(format_text(result, lang))
    return OK
