"""What one undo or redo step changed, for the views that follow it (the map selects what came back)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..model import Change, untouched
from .commands import ChangeCommand, Command, MacroCommand
from .document import net_changes


def _forward(cmd: Command, kind: str | None = None) -> Iterator[Change]:
    if isinstance(cmd, ChangeCommand):
        changes = cmd.changes or ()
        if kind is None:
            yield from changes
        elif not untouched(changes, (kind,)):  # a staged step's changes know their kinds
            yield from (ch for ch in changes if ch.kind == kind)
    elif isinstance(cmd, MacroCommand):
        for part in cmd.commands:
            yield from _forward(part, kind)


def step_changes(cmd: Command, undone: bool, kind: str | None = None) -> list[Change]:
    """The net changes ``cmd`` made when it was just undone (``undone``) or done again; only ``kind``'s if given.

    The map asks for the cards' only: undoing a million survey answers turned each of them around on the
    UI thread (1-2 s) for none. The net change of a record depends on its own changes only.
    """
    forward = list(_forward(cmd, kind))
    return net_changes([c.inverse() for c in reversed(forward)] if undone else forward)


def cards_brought_back(changes: Sequence[Change]) -> list[str]:
    """Cards a step put back or changed, in the order of ``changes``; renumbering alone does not count.

    A card that reappears, moves to another cell or has any field but its place in the cell
    changed is one the user will want to see; its neighbours closing a gap are not.
    """
    out = []
    for ch in changes:
        if ch.kind != "touchpoint" or ch.new is None:
            continue
        old, new = ch.old, ch.new
        if old is None or old.evolve(position=new.position) != new:  # type: ignore[attr-defined]
            out.append(ch.id)
    return out


__all__ = ["cards_brought_back", "step_changes"]
