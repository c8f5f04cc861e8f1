"""Thin QUndoCommand wrappers: the GUI's undo stack drives Qt-free document commands."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand, QUndoStack

from ..document import Document
from ..document.commands import Command

# Every merging command shares one QUndoCommand id; merge_key() decides what really merges.
_MERGE_ID = 1


class DocCommand(QUndoCommand):
    """Wraps one document command; redo/undo go through the document, which writes the working copy."""

    def __init__(self, doc: Document, cmd: Command) -> None:
        super().__init__(cmd.description)
        self.doc = doc
        self.cmd = cmd
        self.failed: BaseException | None = None

    def redo(self) -> None:
        try:
            self.doc.do_command(self.cmd)
        except Exception as exc:
            self.failed = exc
            self.setObsolete(True)

    def undo(self) -> None:
        self.doc.undo_command(self.cmd)

    def id(self) -> int:
        return _MERGE_ID if self.cmd.merge_key() is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, DocCommand) or other.failed is not None:
            return False
        if self.cmd.merge_with(other.cmd):
            self.doc.note_merged(self.cmd, other.cmd)
            return True
        return False


def push(stack: QUndoStack, doc: Document, cmd: Command) -> None:
    """Do ``cmd`` through the undo stack; a refused or failed command raises and leaves no undo step."""
    wrapper = DocCommand(doc, cmd)
    stack.push(wrapper)
    if wrapper.failed is not None:
        raise wrapper.failed


__all__ = ["DocCommand", "push"]
