"""A fixture for dialog tests: a chooser or message box a test forgot to replace fails it instead of hanging it.

Import it into a test module (``from dialogguard import no_native_dialogs``); it applies to every test there.
"""

from __future__ import annotations

import pytest

from cxdesigner.dialogs.common import DialogIO


@pytest.fixture(autouse=True)
def no_native_dialogs(monkeypatch):
    """A chooser or message box that a test forgot to replace fails the test instead of hanging it."""

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError(f"a native dialog was opened: {args[1:3]}")

    for name in ("ask_open_path", "ask_save_path", "ask_overwrite", "_message"):
        monkeypatch.setattr(DialogIO, name, refuse)
