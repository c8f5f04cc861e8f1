"""The GUI's face of the project's one undo stack: Qt signals and actions over ``Document.stack``.

The stack itself is Qt-free (``document.CommandStack``) and shared with the Python API and the
command line, so the window, Save and crash recovery all see the same history. This adapter
follows whichever document the window shows and turns the stack's changes into signals.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication

from ..document import STAGE_FROM, Document, StagedStep
from ..document.commands import ChangeCommand, Command
from ..qttext import plain_tooltip
from ..storage import StaleStagingError, StorageError

FailureHandler = Callable[[StorageError], None]

# Records a step changes from which it shows a busy pointer: undoing the deletion of 5,000 cards
# (about 11,500 records) keeps the window busy for about a second, a paste of 500 cards (about
# 1,200) a tenth of one. Lighter steps show none, so typing or a room's ideas never flicker it.
HEAVY_STEP = 1000


@contextmanager
def busy_pointer(weight: int) -> Iterator[None]:
    """The wait pointer while a step of ``weight`` records runs, if it is heavy and there is a screen."""
    if weight < HEAVY_STEP or not isinstance(QGuiApplication.instance(), QGuiApplication):
        yield
        return
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


# Characters of what Undo and Redo name: a card's title may be 10,000. 80, not 60: a rename or an import names
# two things ("Renombrar el viaje «Fin de semana en la ciudad» como «Llegada tarde»"), each cut to 24
# (document.commands.short_name); at 60 the Spanish steps lost their second name.
MENU_DETAIL_LIMIT = 80


def menu_detail(text: str) -> str:
    """What an undo step is called in the Edit menu: on one line, cut with "…" past MENU_DETAIL_LIMIT.

    The step names the card it adds ("Add touchpoint " and its whole title): a pasted paragraph made
    the Edit menu, and the shortcut list that reads it, wider than the screen. The cut falls between
    words, and a name it cuts keeps its closing quotation mark: “Guest asks…”, «Reserva en…».
    """
    text = " ".join(text.split())
    if len(text) <= MENU_DETAIL_LIMIT:
        return text
    head = text[: MENU_DETAIL_LIMIT - 2]  # room for "…" and a closing mark
    space = len(head) if text[len(head)] == " " else head.rfind(" ")
    # Back to the last whole word, unless that leaves less than half: a pasted address is cut inside, or
    # the menu would say "Add touchpoint …".
    if space > MENU_DETAIL_LIMIT // 2:
        head = head[:space]
    head = head.rstrip(" ,;:.-–—")
    closing = _open_quote(head)
    # A name cut inside its isolate (i18n.name_in_text) is closed after the "…", or it would take the closing mark
    # and everything after the step's name in the menu and the tooltip with it.
    isolates = sum(head.count(ch) for ch in "\u2066\u2067\u2068") - head.count("\u2069")
    return head + "…" + "\u2069" * max(0, isolates) + closing


_QUOTES = {"“": "”", "«": "»"}


def _open_quote(text: str) -> str:
    """The closing mark of a quotation ``text`` opens and does not close ("" if none is open)."""
    stack: list[str] = []
    for ch in text:
        if ch in _QUOTES:
            stack.append(_QUOTES[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
    return stack[-1] if stack else ""


class UndoStack(QObject):
    """Signals and Undo/Redo actions for the current document's stack; pushes report storage failures."""

    changed = Signal()
    index_changed = Signal(int)
    clean_changed = Signal(bool)
    # After an undo (True) or a redo (False): the command, so views can show what it changed.
    stepped = Signal(object, bool)
    # The project turned read-only (False) or editable again (True): the views follow this one switch.
    editable_changed = Signal(bool)

    def __init__(self, doc: Document | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc: Document | None = None
        self.failure_handler: FailureHandler | None = None
        self._last: tuple[int, bool] = (0, True)
        self._action_texts: dict[QAction, str] = {}
        self._twins: dict[QAction, QAction] = {}
        self._editable = True
        # Undoes or redoes a step of STAGE_FROM records or more on a worker thread, with progress and Cancel
        # (the main window hands it dialogs.background.run_staged_step); the step it ran, or None.
        self.step_runner: Callable[[Document, ChangeCommand, bool], Command | None] | None = None
        self.set_document(doc)

    def set_document(self, doc: Document | None) -> None:
        if self.doc is not None and self._follow in self.doc.stack.listeners:
            self.doc.stack.listeners.remove(self._follow)
        self.doc = doc
        if doc is not None:
            doc.stack.listeners.append(self._follow)
        self._follow()
        self.refresh_editable()

    def editable(self) -> bool:
        """Whether the project shown takes changes (none open: nothing to change, but nothing refused)."""
        return self.doc is None or not self.doc.read_only

    def refresh_editable(self) -> None:
        """Tell the views when the project turned read-only or editable (open, Save As, a failed write)."""
        now = self.editable()
        if now != self._editable:
            self._editable = now
            self.editable_changed.emit(now)

    # -- the stack, as the GUI asks for it ---------------------------------------------
    def push(self, cmd: Command) -> None:
        """Do ``cmd``; a refused or failed command raises and leaves no undo step."""
        if self.doc is None:
            raise StorageError("No project is open")
        try:
            with busy_pointer(cmd.weight()):
                self.doc.execute(cmd)
        except StorageError as exc:
            self._report(exc)
            raise

    def push_each(self, cmds: Sequence[Command]) -> None:
        """Do ``cmds`` as one unit (one write), each its own undo step; a failure raises and leaves none."""
        if self.doc is None:
            raise StorageError("No project is open")
        try:
            with busy_pointer(sum(cmd.weight() for cmd in cmds)):
                self.doc.execute_each(cmds)
        except StorageError as exc:
            self._report(exc)
            raise

    def commit_staged(self, step: StagedStep) -> None:
        """Take over a step worked out on a worker (``Document.commit_staged``); a failed write is reported.

        ``StaleStagingError`` (the project changed meanwhile: nothing done) is only raised, for the
        caller to do the step the ordinary way.
        """
        if self.doc is None:
            raise StorageError("No project is open")
        try:
            self.doc.commit_staged(step)
        except StaleStagingError:
            raise
        except StorageError as exc:
            self._report(exc)
            raise

    def staging_failed(self, exc: StorageError) -> None:
        """A step being worked out on a worker could not be written: as a failed write (read-only, reported)."""
        if self.doc is not None and not isinstance(exc, StaleStagingError):
            self.doc.staging_failed(exc)
            self._report(exc)

    def undo(self) -> None:
        self._step(lambda doc: doc.undo(), undone=True)

    def redo(self) -> None:
        self._step(lambda doc: doc.redo(), undone=False)

    def clear(self) -> None:
        if self.doc is not None:
            self.doc.stack.clear()

    def count(self) -> int:
        return self.doc.stack.count() if self.doc else 0

    def index(self) -> int:
        return self.doc.stack.index() if self.doc else 0

    def can_undo(self) -> bool:
        return self.doc is not None and self.doc.stack.can_undo()

    def can_redo(self) -> bool:
        return self.doc is not None and self.doc.stack.can_redo()

    def undo_text(self) -> str:
        return self.doc.stack.undo_text() if self.doc else ""

    def redo_text(self) -> str:
        return self.doc.stack.redo_text() if self.doc else ""

    def is_clean(self) -> bool:
        return self.doc is None or self.doc.stack.is_clean()

    def create_undo_action(self, parent: QObject, text: str) -> QAction:
        """An action that undoes and names what it will undo ("Undo Add touchpoint")."""
        return self._action(parent, text, self.undo, self.can_undo, self.undo_text)

    def create_redo_action(self, parent: QObject, text: str) -> QAction:
        return self._action(parent, text, self.redo, self.can_redo, self.redo_text)

    # -- inside --------------------------------------------------------------------------
    def _action(
        self, parent: QObject, text: str, run: Callable[[], None], enabled: Callable[[], bool], what: Callable[[], str]
    ) -> QAction:
        action = QAction(text, parent)
        self._action_texts[action] = text
        action.triggered.connect(run)

        def update() -> None:
            action.setEnabled(enabled())
            detail = menu_detail(what())
            base = self._action_texts.get(action, text)
            plain = base.replace("&", "")
            # setText would also change the short toolbar label (iconText) unless one was set. In a menu
            # text "&" marks the access key, so a typed "R&D" is doubled to show as typed.
            action.setText(f"{base} {detail.replace('&', '&&')}" if detail else base)
            # Qt guesses rich text in a tooltip: a card titled "<img src=x>" drew a picture in Undo's.
            action.setToolTip(plain_tooltip(f"{plain} {detail}") if detail else plain)

        self.changed.connect(update)
        update()
        return action

    def toolbar_twin(self, action: QAction) -> QAction:
        """A stand-in for ``action`` on a toolbar: the same word, state and trigger, without what it will undo.

        Naming what it will undo changes ``action`` at every step, and a toolbar lays itself and the
        window out again at each change of one of its actions (many times a second while a room's
        phones send ideas). The twin changes only when it is enabled or disabled, or the language
        changes; its tooltip still names what it will undo (see ``twin_tooltip``).
        """
        twin = QAction(action.parent())
        twin.triggered.connect(action.trigger)

        def follow() -> None:
            # Each setter does nothing when the value is the same, so the toolbar hears only real changes.
            twin.setText(self._action_texts.get(action, action.text()))
            twin.setIconText(action.iconText())
            twin.setEnabled(action.isEnabled())

        action.enabledChanged.connect(follow)
        self.changed.connect(follow)
        follow()
        self._twins[twin] = action
        return twin

    def twin_tooltip(self, twin: QAction) -> str:
        """What a toolbar twin's button says when hovered: its action's tooltip, read then."""
        action = self._twins.get(twin)
        return action.toolTip() if action is not None else twin.toolTip()

    def twin_action(self, twin: QAction) -> QAction | None:
        """The action a toolbar twin stands in for (None for any other action)."""
        return self._twins.get(twin)

    def set_action_text(self, action: QAction, text: str) -> None:
        """The word an undo or redo action puts before what it will undo (after a change of language)."""
        self._action_texts[action] = text
        self.changed.emit()

    def _step(self, step: Callable[[Document], Command | None], undone: bool) -> None:
        if self.doc is None:
            return
        stack = self.doc.stack
        if undone:
            weight = stack.done[-1].weight() if stack.can_undo() else 0
        else:
            weight = stack.undone[-1].weight() if stack.can_redo() else 0
        heavy = stack.next_step("undo" if undone else "redo")
        try:
            if self.step_runner is not None and isinstance(heavy, ChangeCommand) and weight >= STAGE_FROM:
                # Reports its own failures (a staged write's or the commit's); cancelled or overtaken: None.
                cmd = self.step_runner(self.doc, heavy, undone)
            else:
                with busy_pointer(weight):
                    cmd = step(self.doc)
        except StorageError as exc:
            self._report(exc)
            return
        except Exception as exc:  # a slot must not raise: report it like any unexpected error
            sys.excepthook(type(exc), exc, exc.__traceback__)
            return
        if cmd is not None:
            self.stepped.emit(cmd, undone)

    def _report(self, exc: StorageError) -> None:
        if self.failure_handler is not None:
            self.failure_handler(exc)

    def _follow(self) -> None:
        now = (self.index(), self.is_clean())
        self.changed.emit()
        if now[0] != self._last[0]:
            self.index_changed.emit(now[0])
        if now[1] != self._last[1]:
            self.clean_changed.emit(now[1])
        self._last = now


def push(stack: UndoStack, doc: Document, cmd: Command) -> None:
    """Do ``cmd`` through the window's undo stack (``doc`` must be the document it follows)."""
    if stack.doc is not doc:
        raise RuntimeError("the undo stack follows another project")
    stack.push(cmd)


def push_each(stack: UndoStack, doc: Document, cmds: Sequence[Command]) -> None:
    """Do ``cmds`` as one unit through the window's undo stack, each its own undo step."""
    if stack.doc is not doc:
        raise RuntimeError("the undo stack follows another project")
    stack.push_each(cmds)


__all__ = ["HEAVY_STEP", "MENU_DETAIL_LIMIT", "UndoStack", "busy_pointer", "menu_detail", "push", "push_each"]
