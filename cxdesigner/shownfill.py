"""Panels whose contents are built only while they are on screen."""

from __future__ import annotations

from typing import Any


class FillWhenShown:
    """Mixin for a ``QWidget``: ``refresh`` fills it now if it is visible, else when it next shows.

    A dock closed or tabbed away would otherwise rebuild its contents for nobody at every change
    (a room's stream of ideas and dots, every edit of the project). The class defines ``_fill``,
    which builds the contents and sets ``_stale`` to False; it comes before ``QWidget`` in the bases.
    """

    _stale = True  # nothing filled yet

    def refresh(self) -> None:
        if not self.isVisible():  # type: ignore[attr-defined]
            self._stale = True
            return
        self._fill()

    def showEvent(self, event: Any) -> None:
        if self._stale:
            self._fill()
        super().showEvent(event)  # type: ignore[misc]

    def _fill(self) -> None:
        raise NotImplementedError


__all__ = ["FillWhenShown"]
