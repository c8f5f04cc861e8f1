"""A read-only project's panels: what would change it greyed (its text read-only), given back after.

The main window hands this guard the docks that edit the project; one switch (the undo stack's
``editable_changed``) freezes all of them, including widgets a panel makes later (a form built on
the first selection, a board made when its dock first opens). A widget that only changes what is
shown (a filter, Show cards) carries the ``look_only`` property and is left alone, children too.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

LOOK_ONLY = "look_only"

# Text stays readable (a long title scrolled, selected, copied), on the panel's own colour rather than
# an input's white; a box to type one more thing into (an idea, a pain point: those carry a clear
# button) or a choice is greyed, so nothing in the panel looks as if it took typing.
_TEXT = (QPlainTextEdit, QTextEdit, QLineEdit)
_CHOICE = (QAbstractButton, QComboBox, QAbstractSlider, QLineEdit, QAbstractSpinBox)


@dataclass(frozen=True)
class _ReadOnly:
    """A text field the guard made read-only, with the palette it had of its own (None: inherited)."""

    palette: QPalette | None


def _is_entry_box(w: QWidget) -> bool:
    return isinstance(w, QLineEdit) and w.isClearButtonEnabled()


def _inside_choice(w: QWidget) -> bool:
    # A spin box's or an editable combo's own line: greyed with the choice it belongs to.
    parent = w.parentWidget()
    return isinstance(parent, (QComboBox, QAbstractSpinBox))


class EditGuard(QObject):
    """Keeps the editing widgets under some roots read-only or disabled while ``frozen``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.frozen = False
        self._roots: list[QWidget] = []
        # What each frozen widget was, to give it back exactly: its own enabled wish, or the view's
        # edit triggers and drag mode.
        self._was: dict[QWidget, object] = {}
        self._watched: set[QWidget] = set()
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(0)
        self._again.timeout.connect(self._apply)

    def add(self, root: QWidget) -> None:
        """Guard ``root`` and whatever it holds now or later (a dock, whose widget changes)."""
        self._roots.append(root)
        if self.frozen:
            self._apply()

    def set_frozen(self, frozen: bool) -> None:
        if frozen == self.frozen:
            return
        self.frozen = frozen
        if not frozen:
            self._thaw()
        self._apply()

    def is_frozen(self, widget: QWidget) -> bool:
        """Whether the guard holds ``widget`` greyed or read-only now."""
        return widget in self._was

    # -- inside ----------------------------------------------------------------------------------
    def _apply(self) -> None:
        if not self.frozen:
            return
        for root in self._roots:
            self._watch(root)
            # A dock's own title buttons (close, float) stay: only what it holds is guarded.
            content = root.widget() if isinstance(root, QDockWidget) else root
            if content is None:
                continue
            for widget in [content, *content.findChildren(QWidget)]:
                if not _look_only(widget, content):
                    self._freeze(widget)
                self._watch(widget)

    def _watch(self, widget: QWidget) -> None:
        # Every widget, to hear of children made later (ChildAdded reaches only the direct parent).
        if widget not in self._watched:
            self._watched.add(widget)
            widget.installEventFilter(self)

    def _freeze(self, w: QWidget) -> None:
        if w in self._was:
            return
        if isinstance(w, _TEXT) and not _is_entry_box(w) and not _inside_choice(w):
            if not w.isReadOnly():
                own = w.testAttribute(Qt.WidgetAttribute.WA_SetPalette)
                self._was[w] = _ReadOnly(QPalette(w.palette()) if own else None)
                w.setReadOnly(True)
                # Only the base is set (on an inherited palette): the rest keeps following the application's.
                palette = QPalette(w.palette()) if own else QPalette()
                palette.setColor(QPalette.ColorRole.Base, w.palette().color(QPalette.ColorRole.Window))
                w.setPalette(palette)
        elif isinstance(w, QAbstractItemView):
            triggers, drag = w.editTriggers(), w.dragDropMode()
            none = QAbstractItemView.EditTrigger.NoEditTriggers, QAbstractItemView.DragDropMode.NoDragDrop
            if (triggers, drag) != none:
                self._was[w] = (triggers, drag, w.acceptDrops())
                w.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
                w.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
                w.setAcceptDrops(False)
        elif isinstance(w, _CHOICE):
            self._was[w] = not w.testAttribute(Qt.WidgetAttribute.WA_Disabled)
            w.setEnabled(False)

    def _thaw(self) -> None:
        was, self._was = self._was, {}
        for w in self._watched:
            with contextlib.suppress(RuntimeError):  # a widget deleted since
                w.removeEventFilter(self)
        self._watched = set()
        for w, old in was.items():
            with contextlib.suppress(RuntimeError):
                if isinstance(old, _ReadOnly):
                    w.setReadOnly(False)  # type: ignore[attr-defined]
                    w.setPalette(old.palette if old.palette is not None else QPalette())  # none: inherited again
                elif isinstance(old, tuple):
                    triggers, drag, drops = old
                    w.setEditTriggers(triggers)  # type: ignore[attr-defined]
                    w.setDragDropMode(drag)  # type: ignore[attr-defined]
                    w.setAcceptDrops(drops)
                else:
                    w.setEnabled(bool(old))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not self.frozen:
            return False
        if kind == QEvent.Type.ChildAdded:
            self._again.start()  # once for a whole form being built
        elif (
            kind == QEvent.Type.EnabledChange
            and isinstance(watched, QWidget)
            and isinstance(self._was.get(watched), bool)  # a greyed one: a read-only field may be enabled
            and not watched.testAttribute(Qt.WidgetAttribute.WA_Disabled)
        ):
            # The panel enabled it (a selection changed): remembered for later, greyed still.
            self._was[watched] = True
            watched.setEnabled(False)
        elif (
            kind == QEvent.Type.KeyPress
            and isinstance(watched, QAbstractItemView)
            and watched in self._was
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            return True  # a list's Delete (a card's row, a pain point) would only be refused
        return False


def _look_only(widget: QWidget, root: QWidget) -> bool:
    w: QWidget | None = widget
    while w is not None:
        if w.property(LOOK_ONLY):
            return True
        if w is root:
            return False
        w = w.parentWidget()
    return False


__all__ = ["LOOK_ONLY", "EditGuard"]
