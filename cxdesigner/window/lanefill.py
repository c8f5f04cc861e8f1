"""Edit ▸ Fill Figures from Survey…: the action that opens :mod:`cxdesigner.dialogs.fill_survey`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from ..i18n import N_

if TYPE_CHECKING:
    from ..mainwindow import MainWindow


def install(window: MainWindow) -> QAction:
    """Edit ▸ Fill Figures from Survey… for the current journey (enabled with a journey, like the exports)."""

    def fill() -> None:
        # The dialog and the survey's analysis load when asked for, not with the window.
        from ..dialogs.fill_survey import fill_from_survey

        fill_from_survey(window, window.doc, window.undo_stack, window.selection.journey_id)  # type: ignore[arg-type]

    act = window._action(N_("Fill Figures from Surve&y…"), fill)
    window.edit_menu.addAction(act)
    window._journey_actions.append(act)
    return act


__all__ = ["install"]
