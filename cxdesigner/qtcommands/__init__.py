"""Thin QUndoCommand wrappers: the GUI's undo stack drives Qt-free document commands."""

from __future__ import annotations

import sys
import weakref
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from ..document import Document
from ..document.commands import Command
from ..storage import StorageError

# Every merging command shares one QUndoCommand id; merge_key() decides what really merges.
_MERGE_ID = 1

FailureHandler = Callable[[StorageError], None]
_handlers: weakref.WeakKeyDictionary[QUndoStack, FailureHandler] = weakref.WeakKeyDictionary()


def set_failure_handler(stack: QUndoStack, handler: FailureHandler) -> None:
    """Who hears that a change could not be written to the working copy (the main window)."""
    _handlers[stack] = handler


def _report(stack: QUndoStack | None, exc: BaseException) -> None:
    handler = _handlers.get(stack) if stack is not None else None
    if isinstance(exc, StorageError) and handler is not None:
        handler(exc)
    elif not isinstance(exc, StorageError):
        # An exception escaping a Qt virtual aborts this PySide build: report it instead.
        sys.excepthook(type(exc), exc, exc.__traceback__)


class DocCommand(QUndoCommand):
    """Wraps one document command; redo/undo go through the document, which writes the working copy."""

    def __init__(self, doc: Document, cmd: Command, stack: QUndoStack | None = None) -> None:
        super().__init__(cmd.description)
        self.doc = doc
        self.cmd = cmd
        self.stack = stack
        self.failed: BaseException | None = None
        self._pushed = False

    def redo(self) -> None:
        try:
            self.doc.do_command(self.cmd)
        except Exception as exc:
            if not self._pushed:
                self.failed = exc
                self.setObsolete(True)
            else:
                _report(self.stack, exc)
        self._pushed = True

    def undo(self) -> None:
        try:
            self.doc.undo_command(self.cmd)
        except Exception as exc:
            _report(self.stack, exc)

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
    wrapper = DocCommand(doc, cmd, stack)
    stack.push(wrapper)
    if wrapper.failed is not None:
        if isinstance(wrapper.failed, StorageError):
            _report(stack, wrapper.failed)
        raise wrapper.failed


__all__ = ["DocCommand", "push", "set_failure_handler"]
