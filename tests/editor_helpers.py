"""A map editor that keeps its error messages instead of showing them, and one over the hotel template."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtGui import QGuiApplication

import cxdesigner
from cxdesigner.canvas import JourneyEditor
from cxdesigner.document import Selection
from cxdesigner.qtcommands import UndoStack


class QuietEditor(JourneyEditor):
    """Keeps what the editor would show in its message instead of showing it."""

    def __init__(self, *args, **kwargs) -> None:
        self.errors: list[str] = []
        super().__init__(*args, **kwargs)

    def show_error(self, text):
        self.errors.append(text)


def hotel_editor(qtbot) -> Iterator[QuietEditor]:
    """The body of an ``editor`` fixture: the editor, then everything it used closed, the clipboard emptied."""
    doc = cxdesigner.new_project(None, template="hotel")
    stack = UndoStack(doc)
    made = QuietEditor(doc, stack, Selection())
    qtbot.addWidget(made)
    yield made
    made.detach()
    stack.clear()
    doc.close()
    QGuiApplication.clipboard().clear()
