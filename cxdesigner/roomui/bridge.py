"""The room session on the UI thread: intents from the server's thread become commands on the undo stack.

``RoomSession`` starts and stops the server and is the server's ``Handler``: each intent crosses
into Qt by a queued signal, is applied as a document command through the window's undo stack
(so it is written to the working copy, undoable and on the map at once) and answered. What
phones see is rebuilt from the project after changes, at most every ``VIEW_DELAY_MS``. A burst of
intents is applied in slices of ``SLICE_MS`` so the window never stalls.
"""

from __future__ import annotations

import errno
import time
from collections import deque
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from .. import qtcommands
from ..document import Document
from ..model import Change, ValidationError
from ..room.state import Intent, Outcome, Phase
from ..storage import StorageError
from . import actions
from .projector import Projector

if TYPE_CHECKING:
    from ..room.server import RoomServer

SLICE_MS = 20  # longest the UI thread spends applying phone actions before it lets the window breathe
VIEW_DELAY_MS = 40  # phones' view is rebuilt at most this often
PORTS = (8765, 8766, 8767, 8768, 8769, 8770)


class RoomSession(QObject):
    """One room session: its server, its ledger, and the way phone actions reach the document."""

    # Internal: from the server's thread into the UI thread (always queued).
    _arrived = Signal(object)
    _presence = Signal(str, bool)
    # For the facilitator's panel.
    applied = Signal(object, object)  # Intent, Outcome
    presence_changed = Signal(str, bool)
    changed = Signal()  # phase, pause, reveal, participants
    stopped = Signal()

    def __init__(
        self, doc: Document, stack: qtcommands.UndoStack, projector: Projector, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.doc, self.stack, self.projector = doc, stack, projector
        self.ledger = actions.RoomLedger()
        self.server: RoomServer | None = None
        self.paused = False
        self.connected: dict[str, bool] = {}
        self.removed: set[str] = set()
        self._queue: deque[Intent] = deque()
        self._draining = False
        self._arrived.connect(self._enqueue, Qt.ConnectionType.QueuedConnection)
        self._presence.connect(self._presence_seen, Qt.ConnectionType.QueuedConnection)
        self._view_timer = QTimer(self)
        self._view_timer.setSingleShot(True)
        self._view_timer.setInterval(VIEW_DELAY_MS)
        self._view_timer.timeout.connect(self.publish)
        doc.project.subscribe(self._project_changed)
        projector.subscribe(self.schedule_view)

    # -- life cycle ---------------------------------------------------------------------------------------
    def start(self, host: str, port: int | None = None) -> None:
        """Serve on ``host`` (the first free of ``PORTS`` unless ``port`` is given); ``OSError`` if impossible."""
        from ..room.server import RoomServer  # aiohttp loads only when a room starts

        error: OSError | None = None
        for candidate in (port,) if port is not None else PORTS:
            server = RoomServer(self, host, candidate)
            try:
                server.start()
            except OSError as exc:
                error = exc
                if exc.errno != errno.EADDRINUSE:
                    break
                continue
            self.server = server
            self.publish()
            return
        raise error or OSError("no free port")

    def stop(self) -> None:
        """Close the room now: phones are told, the server stops listening (safe to call twice)."""
        if self.server is None:
            return
        server, self.server = self.server, None
        server.stop()
        self._view_timer.stop()
        self._queue.clear()
        self.doc.project.unsubscribe(self._project_changed)
        self.projector.unsubscribe(self.schedule_view)
        self.stopped.emit()

    @property
    def running(self) -> bool:
        return self.server is not None

    # -- the facilitator's choices -------------------------------------------------------------------------------
    def set_phase(self, phase: Phase) -> None:
        self.projector.set_phase(phase)
        self.changed.emit()
        self.schedule_view()

    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        self.changed.emit()
        self.schedule_view()

    def reveal(self, revealed: bool = True) -> None:
        """Show everyone's private ideas to every phone (or hide them again)."""
        self.ledger.revealed = revealed
        self.changed.emit()
        self.schedule_view()

    def remove(self, participant_id: str) -> None:
        """Take a participant out: their phone is disconnected; what they did stays (undo takes it back)."""
        self.removed.add(participant_id)
        self.ledger.claimed.pop(participant_id, None)
        self.connected.pop(participant_id, None)
        if self.server is not None:
            self.server.remove(participant_id)
        self.changed.emit()

    # -- the server's Handler (called on the server's thread) ----------------------------------------------------
    def submit(self, intent: Intent) -> None:
        self._arrived.emit(intent)

    def presence(self, participant_id: str, connected: bool) -> None:
        self._presence.emit(participant_id, connected)

    # -- on the UI thread -------------------------------------------------------------------------------------------
    def _presence_seen(self, participant_id: str, connected: bool) -> None:
        if participant_id in self.removed:
            return
        self.connected[participant_id] = connected
        self.presence_changed.emit(participant_id, connected)

    def _enqueue(self, intent: Intent) -> None:
        self._queue.append(intent)
        if not self._draining:
            self._draining = True
            self._drain()

    def _drain(self) -> None:
        deadline = time.perf_counter() + SLICE_MS / 1000
        while self._queue and time.perf_counter() < deadline:
            self.apply(self._queue.popleft())
        if self._queue:
            QTimer.singleShot(0, self, self._drain)
        else:
            self._draining = False

    def apply(self, intent: Intent) -> Outcome:
        """Apply one intent as a command and answer the phone."""
        try:
            plan = actions.plan(self.doc.project, self.projector, self.ledger, intent, self.paused)
            if plan.command is not None:
                qtcommands.push(self.stack, self.doc, plan.command)
            plan.done()
            outcome = Outcome(True, participant_id=plan.participant_id, name=plan.name)
        except actions.RefusedError as exc:
            outcome = Outcome.refused(exc.reason)
        except (ValidationError, StorageError):
            # The model's rules said no after all (a limit, a race with the facilitator), or the
            # working copy could not be written: the window says why; the phone hears "not saved".
            outcome = Outcome.refused("failed")
        if self.server is not None:
            self.server.resolve(intent.id, outcome)
        if intent.kind == "join" and outcome.ok:
            self.connected[outcome.participant_id] = True
            self.removed.discard(outcome.participant_id)
            self.changed.emit()
            self.schedule_view()
        self.applied.emit(intent, outcome)
        return outcome

    def _project_changed(self, _changes: list[Change]) -> None:
        self.schedule_view()

    def schedule_view(self) -> None:
        if self.server is not None and not self._view_timer.isActive():
            self._view_timer.start()

    def publish(self) -> None:
        """Send phones the room as it is now."""
        if self.server is not None:
            self.server.publish(actions.build_view(self.doc.project, self.projector, self.ledger, self.paused))

    # -- for the panel ---------------------------------------------------------------------------------------------
    def participants(self) -> list[tuple[str, str, str, bool]]:
        """(id, name, colour, connected) of everyone who joined with a phone, in the order they joined."""
        people = self.doc.project.tables["participant"]
        out = []
        for pid, name in self.ledger.claimed.items():
            person = people.get(pid)
            out.append((pid, person.name if person else name, person.colour if person else "#7f7f7f",
                        self.connected.get(pid, False)))
        return out


__all__ = ["PORTS", "RoomSession"]
