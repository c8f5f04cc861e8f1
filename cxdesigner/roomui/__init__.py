"""The room session's Qt side: the bridge from phones to document commands, the facilitator's panels.

``install(window)`` adds Workshop ▸ Start Room Session and the Room dock to a main window; the
server itself (``cxdesigner.room``, aiohttp) loads only when a room starts.
"""

from __future__ import annotations

from typing import Any


def install(window: Any) -> Any:
    """Give ``window`` its room session (a ``RoomLauncher``)."""
    from .launcher import RoomLauncher

    return RoomLauncher(window)


__all__ = ["install"]
