"""What changed between two ``RoomView``s, as small patches: one for everyone, one per participant concerned.

A phone gets the whole state once (on join, on resume, or when it asks after missing a version),
then only patches. ``diff`` compares the view the phones have with the newest one; the server
serialises the shared part once per language and adds a participant's own part (their dots, their
rating, their ideas) only for the few it concerns. Private ideas never reach the shared part while
the phase keeps them private: each author hears of their own alone.

Operations are JSON arrays ``[name, value]``. Shared ones: ``set`` (``[“set”, field, value]`` for
``journey``, ``phase``, ``paused``, ``stage``, ``timer``, ``step``, ``revealed``, ``ended``, ``stages``),
``vote`` (the whole voting session, or null), ``card+`` / ``card-`` (a session card put, in place
or at the end, or taken away by id), ``ideas`` (everyone's newest ideas, or null while private),
``idea+`` / ``idea-``. Own ones: ``dots``, ``rating`` (replaced whole), ``ideas``, ``idea+``, ``idea-``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .state import SHARED_IDEAS, IdeaView, RoomView, card_dict, idea_dict

T = TypeVar("T")
Op = list[Any]

# Fields of ``RoomView.shared`` that are sent whole when they differ (``stages`` also, but per language).
SCALARS = ("journey", "phase", "paused", "stage", "timer", "step", "revealed", "ended")


@dataclass
class Patch:
    """What changed: shared operations (``stages`` rendered per language) and each participant's own."""

    shared: list[Op] = field(default_factory=list)
    stages: bool = False
    own: dict[str, list[Op]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.shared or self.stages or self.own)

    def ops(self, view: RoomView, lang: str) -> list[Op]:
        """The shared operations for phones in ``lang``."""
        if not self.stages:
            return self.shared
        return [["set", "stages", view.stage_list(lang)], *self.shared]


def list_ops(
    old: Sequence[T], new: Sequence[T], key: Callable[[T], Hashable], put: str, drop: str, as_dict: Callable[[T], Any]
) -> list[Op] | None:
    """Operations turning ``old`` into ``new`` by removals, puts in place and additions at the end;
    None when the order changed otherwise (the list is then sent whole)."""
    if old is new:
        return []
    before = {key(x): x for x in old}
    after = {key(x): x for x in new}
    kept = [k for k in before if k in after]
    order = list(after)
    if order[: len(kept)] != kept:
        return None
    ops: list[Op] = [[drop, k] for k in before if k not in after]
    ops += [[put, as_dict(after[k])] for k in kept if after[k] != before[k]]
    ops += [[put, as_dict(after[k])] for k in order[len(kept) :]]
    return ops


def _ideas_ops(old: Sequence[IdeaView], new: Sequence[IdeaView]) -> list[Op]:
    ops = list_ops(old, new, lambda i: i.card_id, "idea+", "idea-", idea_dict)
    return [["ideas", [idea_dict(i) for i in new]]] if ops is None else ops


def diff(old: RoomView, new: RoomView) -> Patch:
    """What phones that have ``old`` need to have ``new``."""
    patch = Patch()
    if old is new:
        return patch
    before, after = old.shared_fields(), new.shared_fields()
    patch.shared += [["set", name, after[name]] for name in SCALARS if before[name] != after[name]]
    patch.stages = old.stages != new.stages
    # The voting session: its cards one by one while it is the same session, else whole.
    if old.vote is None or new.vote is None or old.vote.head() != new.vote.head():
        if old.vote != new.vote:
            patch.shared.append(["vote", new.vote_dict()])
    else:
        cards = list_ops(old.vote.cards, new.vote.cards, lambda c: c.id, "card+", "card-", card_dict)
        patch.shared += [["vote", new.vote_dict()]] if cards is None else cards
    # Everyone's ideas: while they are private, nobody is sent anyone else's.
    shown_before, shown_after = old.ideas_shown, new.ideas_shown
    if shown_before != shown_after:
        patch.shared.append(["ideas", [idea_dict(i) for i in new.ideas[-SHARED_IDEAS:]] if shown_after else None])
    elif shown_after and old.ideas is not new.ideas:
        patch.shared += _ideas_ops(old.ideas[-SHARED_IDEAS:], new.ideas[-SHARED_IDEAS:])
    # Each participant's own: only those whose ideas, dots or rating changed hear of it.
    if old.ideas is not new.ideas:
        was = {i.card_id: i for i in old.ideas}
        now = {i.card_id: i for i in new.ideas}
        authors = {i.author for k, i in was.items() if now.get(k) != i}
        authors |= {i.author for k, i in now.items() if was.get(k) != i}
        for pid in authors:
            patch.own.setdefault(pid, []).extend(_ideas_ops(old.by_author(pid), new.by_author(pid)))
    used_before = old.vote.used if old.vote is not None else {}
    used_after = new.vote.used if new.vote is not None else {}
    if used_before is not used_after:
        for pid in used_before.keys() | used_after.keys():
            dots = used_after.get(pid, {})
            if used_before.get(pid, {}) != dots:
                patch.own.setdefault(pid, []).append(["dots", dict(dots)])
    rated = {pid for pid, _step in old.ratings} | {pid for pid, _step in new.ratings}
    for pid in rated:
        rating = new.rating(pid)
        if old.rating(pid) != rating:
            patch.own.setdefault(pid, []).append(["rating", rating])
    return patch


def _put(items: list[dict[str, Any]], item: dict[str, Any]) -> None:
    for n, x in enumerate(items):
        if x["id"] == item["id"]:
            items[n] = item
            return
    items.append(item)


def _drop(items: list[dict[str, Any]], key: str) -> None:
    items[:] = [x for x in items if x["id"] != key]


def apply(state: dict[str, Any], patch: dict[str, Any]) -> bool:
    """A patch applied to a whole state as the phone page does (``room.js``; here for tests and the bench).

    ``state`` is a ``state`` message, changed in place; False, leaving it alone, when the patch is
    not for its version (the phone then asks for the whole state again).
    """
    if state.get("v") != patch["base"]:
        return False
    room, mine = state["room"], state["mine"]
    for name, *args in patch["ops"]:
        if name == "set":
            room[args[0]] = args[1]
        elif name == "vote":
            room["vote"] = args[0]
        elif name == "card+":
            _put(room["vote"]["cards"], args[0])
        elif name == "card-":
            _drop(room["vote"]["cards"], args[0])
        elif name == "ideas":
            if args[0] is None:
                room.pop("ideas", None)
            else:
                room["ideas"] = args[0]
        elif name == "idea+":
            _put(room["ideas"], args[0])
            del room["ideas"][:-SHARED_IDEAS]
        elif name == "idea-":
            _drop(room["ideas"], args[0])
    for name, value in patch.get("mine", ()):
        if name in ("dots", "rating", "ideas"):
            mine[name] = value
        elif name == "idea+":
            _put(mine["ideas"], value)
        elif name == "idea-":
            _drop(mine["ideas"], value)
    state["v"] = patch["v"]
    return True


__all__ = ["SCALARS", "Patch", "apply", "diff", "list_ops"]
