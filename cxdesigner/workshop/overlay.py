"""What the workshop's widgets over a map view share: following the view's size, and telling refusals."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from ..document import Document
from ..document.commands import Command
from ..model import CXError
from ..qtcommands import UndoStack, push


class HostedOverlay(QWidget):
    """A widget drawn over a map view (``host``), placed again by :meth:`place` whenever the view resizes."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        host.installEventFilter(self)

    def place(self) -> None:
        """Set the geometry within the host (each overlay has its corner)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.place()
        return False


def reserve_band(host: QWidget, edge: str, size: int) -> None:
    """Keep a band ``size`` px tall at the ``edge`` ("top" or "bottom") of a map view (``host``, a scroll area), out
    of its viewport, so that an overlay there covers no part of the map; 0 gives it back. The other edge's band
    stays: the editor's timer keeps the top while a vote's banner keeps the foot."""
    margins = getattr(host, "viewportMargins", None)
    if margins is None:
        return
    m = margins()
    top, bottom = (size, m.bottom()) if edge == "top" else (m.top(), size)
    if (top, bottom) != (m.top(), m.bottom()):
        host.setViewportMargins(m.left(), top, m.right(), bottom)


def push_told(undo_stack: UndoStack, doc: Document | None, cmd: Command, tell: Callable[[str], None]) -> bool:
    """Push ``cmd``; a refusal by the model's rules is told (a status message), not raised. True when done."""
    if doc is None:
        return False
    try:
        push(undo_stack, doc, cmd)
    except CXError as exc:
        tell(str(exc))
        return False
    return True


__all__ = ["HostedOverlay", "push_told", "reserve_band"]
