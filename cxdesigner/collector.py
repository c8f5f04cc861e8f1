"""Python's cycle collector kept out of bulk work that makes many objects and no garbage cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


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
            held = gc.get_freeze_count() > 0
            gc.freeze()
            if not held:
                gc.unfreeze()
        if was_on:
            gc.enable()
