"""Helpers for the tests of refusals in the interface language: what the window would show."""

from __future__ import annotations

from cxdesigner import safety_ui

ADVICE_EN = "Ask the sender for the original file, or open a backup."


class Told(safety_ui.Prompts):
    """Records what the window would show; answers the lock question with Cancel."""

    def __init__(self) -> None:
        super().__init__()
        self.told: list[tuple[str, str]] = []

    def tell(self, parent, title, text, warning=False):
        self.told.append((title, text))

    def ask_lock_conflict(self, parent, path, holder):
        return safety_ui.CANCEL
