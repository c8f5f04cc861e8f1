"""Every command line the README and the user guide show in a code block parses with the program's own parser."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from cxdesigner.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs" / "guide").rglob("*.md"))]
# The program as the pages call it: on the PATH (the .deb, pipx), in the checkout's venv, in the bundle.
PROGRAM = re.compile(r"^(?:\.venv/bin/|\./cxdesigner/|dist/cxdesigner/)?cxdesigner\s+(.*)$")


def _commands() -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for block in re.findall(r"```(?:sh|bash|console)?\n(.*?)```", text, flags=re.DOTALL):
            for line in block.splitlines():
                match = PROGRAM.match(line.strip())
                if match:
                    found.append((page.relative_to(ROOT).as_posix(), match.group(1)))
    return found


COMMANDS = _commands()


def test_the_pages_show_command_lines():
    assert len(COMMANDS) >= 20
    assert {page for page, _ in COMMANDS} >= {"README.md", "docs/guide/07-command-line.md",
                                             "docs/guide/es/inicio-rapido.md"}


@pytest.mark.parametrize(("page", "line"), COMMANDS, ids=[f"{p}:{c.split()[0]}" for p, c in COMMANDS])
def test_the_command_line_parses(page, line, capsys):
    args = shlex.split(line, comments=True)
    try:
        build_parser().parse_args(args)
    except SystemExit as exc:
        pytest.fail(f"{page}: `cxdesigner {line}` is refused by the parser: {capsys.readouterr().err.strip()}"
                    f" (exit {exc.code})")
