"""What the user has selected in the open project, shared by every view (no Qt)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

Listener = Callable[["Selection", object], None]


class Selection:
    """The current journey and the selected cards and connections.

    Views never import each other: the canvas, the table and the inspector each
    follow this object, and ``source`` tells a view whether the change came from itself.
    """

    def __init__(self) -> None:
        self.journey_id: str | None = None
        self.touchpoint_ids: tuple[str, ...] = ()
        self.connection_ids: tuple[str, ...] = ()
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def set_journey(self, journey_id: str | None, source: object = None) -> None:
        if journey_id == self.journey_id:
            return
        self.journey_id = journey_id
        self.touchpoint_ids = ()
        self.connection_ids = ()
        self._emit(source)

    def select(
        self, touchpoint_ids: Iterable[str] = (), connection_ids: Iterable[str] = (), source: object = None
    ) -> None:
        tps, cns = tuple(dict.fromkeys(touchpoint_ids)), tuple(dict.fromkeys(connection_ids))
        if tps == self.touchpoint_ids and cns == self.connection_ids:
            return
        self.touchpoint_ids, self.connection_ids = tps, cns
        self._emit(source)

    def announce(self, source: object = None) -> None:
        """Tell every listener the selection as it is (views built anew take it up)."""
        self._emit(source)

    def _emit(self, source: object) -> None:
        for listener in list(self._listeners):
            listener(self, source)
