"""The headless command line: every subcommand runs without QtWidgets (docs/cli.md)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from .. import __version__, i18n
from .base import ShownStream, run_guarded

# The language of the messages (errors, warnings): English unless this names another. The app sets it
# for the exports it runs as a child process, so their refusals read in the window's language.
MESSAGES_LANG = "CXDESIGNER_MESSAGES_LANG"

# Each subcommand: name → (module with an add_parser function, one-line help).
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "new": ("cxdesigner.cli.project_cmds", "create a project file, blank or from a template"),
    "info": ("cxdesigner.cli.project_cmds", "list a project's journeys, counts and format version"),
    "check": ("cxdesigner.cli.project_cmds", "check that a file is a valid, safe project"),
    "analyze": ("cxdesigner.cli.analyze_cmd", "find where a journey breaks and what to fix first"),
    "compare": ("cxdesigner.cli.compare_cmd", "compare two journeys, or a checkpoint with now"),
    "export": ("cxdesigner.cli.exchange_cmds", "export a project or journey to another format"),
    "report": ("cxdesigner.cli.exchange_cmds", "write a workshop report as PDF"),
    "import": ("cxdesigner.cli.exchange_cmds", "import touchpoints, survey answers or journeys into a project"),
}


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="cxdesigner",
        description="CX Designer: design customer journeys. Without a subcommand, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"cxdesigner {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        module = importlib.import_module(module_name)
        adder: Callable[[argparse._SubParsersAction, str, str], None] = module.add_parser
        adder(sub, name, help_text)
    return parser


def _tolerant_output() -> None:
    """Never die half-way through printing a name the terminal's encoding lacks (ASCII, cp1252 locales)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _tolerant_output()
    from ..storage import recovery, session

    previous = session.set_owner("cli")
    language = i18n.language()
    wanted = os.environ.get(MESSAGES_LANG, "")
    if wanted in i18n.LANGUAGES:
        i18n.set_language(wanted)
    # A journey named "\x1b]0;…\x07\x1b[2J" in a file from elsewhere retitled and cleared the terminal of
    # whoever ran ``info`` or ``analyze`` on it: what the commands print is shown, not obeyed.
    streams = sys.stdout, sys.stderr
    sys.stdout = ShownStream(sys.stdout) if sys.stdout is not None else None  # type: ignore[assignment]
    sys.stderr = ShownStream(sys.stderr) if sys.stderr is not None else None  # type: ignore[assignment]
    try:
        recovery.clear_dead_leftovers()
        parser = build_parser()
        args = parser.parse_args(argv)
        return run_guarded(args.handler, args)
    finally:
        sys.stdout, sys.stderr = streams
        session.set_owner(previous)  # tests run commands inside a process that is also the app
        i18n.set_language(language)


__all__ = ["MESSAGES_LANG", "SUBCOMMANDS", "build_parser", "main"]
