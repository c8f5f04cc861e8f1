"""docs/cli.md against the argument parser: every subcommand has its section naming every option and choice."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from cxdesigner.cli import SUBCOMMANDS, build_parser

CLI_MD = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
# Sections of docs/cli.md that describe no subcommand.
NOT_COMMANDS = {"Exit codes"}


def _sections() -> dict[str, str]:
    """Each ``## heading`` of docs/cli.md with its text up to the next one (subsections included)."""
    out: dict[str, str] = {}
    name = None
    for line in CLI_MD.read_text(encoding="utf-8").splitlines():
        match = re.match(r"## (\S.*)$", line)
        if match:
            name = match.group(1).strip()
            out[name] = ""
        elif name is not None:
            out[name] += line + "\n"
    return out


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _documented_actions(sub: argparse.ArgumentParser) -> list[argparse.Action]:
    """The options a user sees in ``--help`` (hidden ones, help=SUPPRESS, are for the app itself)."""
    return [a for a in sub._actions if a.help != argparse.SUPPRESS and not isinstance(a, argparse._HelpAction)]


def _word(text: str) -> str:
    """A pattern for ``text`` standing alone (not inside ``--journey-name``)."""
    return r"(?<![\w-])" + re.escape(text) + r"(?![\w-])"


def test_every_section_is_a_subcommand_and_every_subcommand_has_one():
    commands = set(_sections()) - NOT_COMMANDS
    assert commands == set(SUBCOMMANDS)


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_the_section_shows_the_usage_line_with_every_option(name):
    section = _sections()[name]
    usage = re.search(r"^`(cxdesigner " + re.escape(name) + r"\b[^`]*)`$", section, re.MULTILINE)
    assert usage, f"docs/cli.md ## {name} lacks its usage line `cxdesigner {name} …`"
    usage_line = usage.group(1)
    for action in _documented_actions(_subparsers()[name]):
        if action.option_strings:
            longest = max(action.option_strings, key=len)
            # "-o OUT" or "--output OUT": one of an option's spellings is enough.
            spelled = [re.search(_word(o), usage_line) for o in action.option_strings]
            assert any(spelled), (
                f"{name}: {longest} is missing from the usage line in docs/cli.md"
            )
        else:
            assert action.metavar in usage_line.split(), f"{name}: {action.metavar} is missing from the usage line"
        for choice in action.choices or ():
            # Choices are named in the usage line ("--lang en|es") or in the section's text (formats).
            assert re.search(r"(?<![\w-])" + re.escape(str(choice)) + r"(?![\w-])", section), (
                f"{name}: the choice {choice!r} of {longest if action.option_strings else action.metavar} "
                "is not in docs/cli.md"
            )


def test_the_usage_line_names_no_option_the_parser_lacks():
    sections = _sections()
    for name, sub in _subparsers().items():
        usage = re.search(r"^`cxdesigner " + re.escape(name) + r"\b([^`]*)`$", sections[name], re.MULTILINE)
        known = {s for a in sub._actions for s in a.option_strings}
        for option in re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", usage.group(1)):
            assert option in known, f"docs/cli.md documents {name} {option}, which the parser does not have"
