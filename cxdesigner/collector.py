"""Python's cycle collector kept out of bulk work that makes many objects and no garbage cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Holders of a long freeze (a room session): a settled pause must leave everything frozen while any
# holds one. Counted here rather than read from gc.get_freeze_count(), which is not zero at start-up
# on CPython 3.12.1 (375 objects): taken for a room's freeze, every settled pause then froze the app's
# objects for good, and a closed project's cycles were never collected.
_holders = 0


def freeze() -> None:
    """Set everything the app holds aside from the collector until :func:`thaw`.

    A full collection walks every object (a large project, the map's items) and stalls the window
    for a tenth of a second: a room session freezes what is there when it starts.
    """
    global _holders
    gc.collect()
    gc.freeze()
    _holders += 1


def thaw() -> None:
    """End a :func:`freeze`: the frozen objects are collected again once no holder is left."""
    global _holders
    if _holders == 0:
        return
    _holders -= 1
    if _holders == 0:
        gc.unfreeze()


def frozen() -> bool:
    """Whether a :func:`freeze` is held."""
    return _holders > 0


@contextmanager
def paused(settle: bool = False) -> Iterator[None]:
    """No collection while the block runs; with ``settle``, what it made goes to the oldest generation.

    Opening or laying out thousands of cards allocates enough to start collections that scan
    everything again and again for garbage that is not there. When the collector comes back,
    everything made meanwhile is young, so the first young-generation passes would walk all of it
    (tens of milliseconds at 5,000 cards, a full pass well over 0.1 s): ``settle`` moves it to the
    oldest generation at once, in constant time, as long-lived work (a project just read, the map's
    items) should be. A running room session keeps the app's objects frozen (``roomui.bridge``):
    thawing here would undo that, so they then stay frozen with the rest until the room thaws all.
    Nested pauses leave the collector off until the outermost one ends.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if settle:
            gc.freeze()
            if not _holders:
                gc.unfreeze()
        if was_on:
            gc.enable()
