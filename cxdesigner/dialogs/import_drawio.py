"""Import a draw.io diagram: every page is a journey, picked and merged like journeys from another project."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from ..document import Document
from ..exchange import drawio
from ..exchange.common import Progress
from ..exchange.merge import MergeOutcome
from ..i18n import _, ngettext, number
from ..model import Project
from ..qtcommands import UndoStack
from .common import DialogIO, WidgetIO, ask_file_and_run, shorten
from .import_journeys import ImportJourneysDialog

_NOTES_SHOWN = 5


def drawio_filters() -> list[str]:
    """File-chooser filters for draw.io files."""
    return [_("draw.io diagrams (*.drawio *.xml)"), _("All files (*)")]


class ImportDrawioDialog(ImportJourneysDialog):
    """Pick the journeys (pages) of a draw.io file and add them as one undo step.

    A file CX Designer exported comes back with every field; a diagram drawn in draw.io gives
    cards from its shapes and connections from its arrows (docs/drawio.md). What could not be
    used is listed above the journeys.
    """

    notes: tuple[str, ...] = ()

    def __init__(self, doc: Document, undo_stack: UndoStack, path: Path | str, parent: QWidget | None = None) -> None:
        super().__init__(doc, undo_stack, path, parent)
        self.setWindowTitle(_("Import a draw.io diagram"))

    def read_source(self, path: Path, progress: Progress | None = None) -> Project:
        read = drawio.read_drawio(path, progress)
        self.notes = tuple(read.notes)
        return read.project

    def _fill(self) -> None:
        super()._fill()
        if self.notes:
            lines = [shorten(n, 160) for n in self.notes[:_NOTES_SHOWN]]
            more = len(self.notes) - _NOTES_SHOWN
            if more > 0:
                lines.append(ngettext("and {n} more", "and {n} more", more).format(n=number(more)))
            self.file_label.setText(self.file_label.text() + "\n" + "\n".join(lines))

    def unreadable_title(self) -> str:
        return _("Cannot read the draw.io diagram")


def import_drawio(
    parent: QWidget | None, doc: Document, undo_stack: UndoStack, io: DialogIO | None = None
) -> MergeOutcome | None:
    """File ▸ Import ▸ draw.io diagram: ask for the file, then run the dialog."""
    io = io or WidgetIO(parent, doc)
    return ask_file_and_run(
        io,
        _("Import a draw.io diagram"),
        drawio_filters(),
        lambda path: ImportDrawioDialog(doc, undo_stack, path, parent),
    )


__all__ = ["ImportDrawioDialog", "drawio_filters", "import_drawio"]
