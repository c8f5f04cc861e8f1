"""Building the document commands the panels push (field updates that may merge, and ones that must not)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..document.commands import Command, MacroCommand, UpdateCommand


def update_command(kind: str, ids: str | Sequence[str], fields: dict[str, Any]) -> UpdateCommand:
    """An UpdateCommand setting ``fields`` (which may include a field called ``description``)."""
    return UpdateCommand(kind, ids, **fields)


def discrete(cmd: Command) -> Command:
    """``cmd`` as an undo step of its own: a click or a list edit never merges with the previous edit.

    Typing merges consecutive edits of one field into one step (UpdateCommand.merge_key); a
    MacroCommand has no merge key, so wrapping keeps each deliberate click separate.
    """
    return MacroCommand("", [cmd])  # named as its step is once done (a rename reads the old name then)


__all__ = ["discrete", "update_command"]
