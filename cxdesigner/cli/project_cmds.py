"""Subcommands about project files themselves: new, info, check."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from .. import api, resources
from ..storage import FORMAT_VERSION, safeopen
from ..storage.safeopen import verify_file
from .base import BAD_INPUT, OK, counted, fail


def add_parser(sub: argparse._SubParsersAction, name: str, help_text: str) -> None:
    p = sub.add_parser(name, help=help_text, description=help_text)
    p.add_argument("file", metavar="FILE", help="the .cxd project file")
    if name == "new":
        p.add_argument(
            "--template", metavar="NAME", help=f"start from a template ({', '.join(resources.template_names())})"
        )
        p.add_argument("--lang", choices=("en", "es"), default="en", help="language of the template and default names")
        p.add_argument("--force", action="store_true", help="replace FILE if it exists")
        p.set_defaults(handler=cmd_new)
    elif name == "info":
        p.add_argument("--json", action="store_true", help="print JSON (shape in docs/cli.md)")
        p.set_defaults(handler=cmd_info)
    else:
        p.set_defaults(handler=cmd_check)


def cmd_new(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if path.exists() and not args.force:
        fail(f"{path}: the file exists already; choose another name or pass --force")
        return BAD_INPUT
    doc = api.new_project(path, template=args.template, lang=args.lang)
    doc.close()
    print(f"Created {path}")
    return OK


def project_info(path: Path) -> dict[str, Any]:
    doc = api.open_project(path, read_only=True)
    try:
        # The file's own format, not the one its copy was upgraded to: an older file stays older
        # until someone saves it, and the sender may need to know.
        version = safeopen.read_header(path).user_version
        p = doc.project
        journeys = []
        for j in p.journeys():
            persona = p.tables["persona"].get(j.persona_id) if j.persona_id else None
            journeys.append(
                {
                    "id": j.id,
                    "name": j.name,
                    "persona": persona.name if persona else None,
                    "stages": len(p.stages(j.id)),
                    "lanes": len(p.lanes(j.id)),
                    "touchpoints": len(p.touchpoints(j.id)),
                    "connections": len(p.connections(j.id)),
                    "lane_cells": len(p.lane_cells(j.id)),
                    "checkpoints": sum(1 for c in p.checkpoints() if c.journey_id == j.id),
                }
            )
        return {
            "file": str(path),
            "format_version": version,
            "name": p.info.name,
            "lang": p.info.lang,
            "personas": len(p.personas()),
            "channels": len(p.channels()),
            "responses": len(p.tables["response"]),
            "checkpoints": len(p.checkpoints()),
            "journeys": journeys,
        }
    finally:
        doc.close()


def cmd_info(args: argparse.Namespace) -> int:
    info = project_info(Path(args.file))
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return OK
    print(f"{info['file']}: {info['name'] or '(untitled)'} — format {info['format_version']}, language {info['lang']}")
    print(", ".join((
        counted(info["personas"], "persona", "personas"),
        counted(info["channels"], "custom channel", "custom channels"),
        counted(info["responses"], "survey response", "survey responses"),
        counted(info["checkpoints"], "checkpoint", "checkpoints"),
    )))  # fmt: skip
    for j in info["journeys"]:
        persona = f" ({j['persona']})" if j["persona"] else ""
        print(f"  {j['name']}{persona}: " + ", ".join((
            counted(j["stages"], "stage", "stages"),
            counted(j["lanes"], "lane", "lanes"),
            counted(j["touchpoints"], "touchpoint", "touchpoints"),
            counted(j["connections"], "connection", "connections"),
            counted(j["lane_cells"], "lane cell", "lane cells"),
        )))  # fmt: skip
    return OK


def cmd_check(args: argparse.Namespace) -> int:
    path = Path(args.file)
    hdr = verify_file(path)  # every check opening does, loading the model included
    if hdr.user_version < FORMAT_VERSION:
        project_info(path)  # an older format loads only after migrating a copy
    print(f"{path}: OK (CX Designer project, format {hdr.user_version})")
    return OK
