"""The room session on the UI thread: intents from the server's thread become commands on the undo stack.

``RoomSession`` starts and stops the server and is the server's ``Handler``: each intent crosses
into Qt by a queued signal, is applied as a document command through the window's undo stack
(so it is written to the working copy, undoable and on the map at once) and answered. What
phones see is rebuilt from the project after changes, at most every ``VIEW_DELAY_MS``. A burst of
intents is applied in slices of about ``SLICE_MS`` so the window never stalls: each slice does a
batch of them as one unit (one write to the working copy), each still its own undo step.
"""

from __future__ import annotations

import dataclasses
import errno
import time
from collections import deque
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from .. import collector, qtcommands
from ..document import Document
from ..model import Change, ValidationError
from ..room.state import Intent, Outcome, Phase
from ..storage import StorageError
from . import actions
from .projector import Projector

if TYPE_CHECKING:
    from ..room.server import RoomServer

SLICE_MS = 18  # longest the UI thread should spend applying phone actions before it lets the window breathe
SLICE_GAP_MS = 50  # slices start at least this far apart (the window paints in between)
# … except while a burst is still waiting: then the next slice follows the window's next turn (its paint,
# its timers), this long after the last slice ended. A room sending at once (sixty ideas and sixty dots)
# is three slices: 50 ms apart, the last phones heard back after 100 ms of waiting alone.
BACKLOG_GAP_MS = 16
MIN_BATCH = 8  # … and at least this many, when as many are waiting
# A join is a command and a write of its own (the next join must see it): a room joining at once
# (sixty phones scanning the code) put eight writes, eight fsyncs, into one slice (stalls of 110-136 ms;
# two a slice still made 40-45 ms). One a slice: sixty phones joining together take three seconds.
JOINS_PER_SLICE = 1
MAX_BATCH = 64  # phone actions done together in one slice, at most
VIEW_DELAY_MS = 40  # phones hear of changes this long after them at most (a phone's own answer never waits)
PORTS = (8765, 8766, 8767, 8768, 8769, 8770)


class SliceCost:
    """What a slice of phone actions costs: a fixed part and a part per action, learnt as slices run.

    The fixed part is mostly the one write to the working copy (its fsync: the same for one action
    or fifty, and slower while the disk is busy); the rest grows with the actions. Shrinking the
    batch when a slice runs long would only make the fixed part more frequent, so the batch is what
    fits in the budget beside the fixed part, found by least squares over recent slices.
    """

    def __init__(self, fixed: float = 10.0, per: float = 0.5, memory: float = 0.9) -> None:
        self.fixed, self.per, self.memory = fixed, per, memory
        self._sums = [0.0] * 5  # weights, n, n², t, n·t (older slices count less)

    def learn(self, count: int, spent_ms: float) -> None:
        if count <= 0:
            return
        m = self.memory
        w, sn, snn, st, snt = (x * m for x in self._sums)
        self._sums = [w + 1, sn + count, snn + count * count, st + spent_ms, snt + count * spent_ms]
        w, sn, snn, st, snt = self._sums
        spread = w * snn - sn * sn
        if spread > 1e-6 * max(1.0, w * snn):  # batches of more than one size: both parts can be told apart
            per = (w * snt - sn * st) / spread
            self.per = min(max(per, 0.05), 50.0)
            self.fixed = max((st - self.per * sn) / w, 0.0)
        else:
            self.fixed = max(spent_ms - self.per * count, 0.0)

    def batch(self, budget_ms: float, most: int) -> int:
        """How many actions the next slice takes (most of the budget goes to actions whatever the fixed part:
        when the disk is slow, fewer actions per write would only make more writes)."""
        room = max(budget_ms - self.fixed, budget_ms * 0.75)
        # Never fewer than MIN_BATCH: slices all of one size cannot tell the write from the actions, so a
        # per-action cost once learnt too high (a slow fsync beside a slice of two) would keep every slice
        # at one action, each with its own write, for the rest of the session (seen: 2.5 s answers).
        return max(min(MIN_BATCH, most), min(most, int(room / self.per)))


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
        self._batch = 8
        self._cost = SliceCost()
        self._last_drain = 0.0
        self._drain_timer = QTimer(self)
        self._drain_timer.setSingleShot(True)
        self._drain_timer.setInterval(0)
        self._drain_timer.timeout.connect(self._drain)
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
            # What the app holds already is set aside from the cyclic collector for the session: a
            # full collection would stall the window in the middle of the room's busiest minutes.
            collector.freeze()
            self.publish()
            return
        raise error or OSError("no free port")

    def stop(self) -> None:
        """Close the room now: phones are told, the server stops listening (safe to call twice)."""
        if self.server is None:
            return
        server, self.server = self.server, None
        server.stop()
        collector.thaw()
        self._view_timer.stop()
        self._drain_timer.stop()
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
        # Only queued here: a burst's arrivals are all posted events Qt handles in one go, so
        # applying each as it arrives would keep timers and painting waiting for the whole burst.
        # The drain timer comes after them and takes them a slice at a time.
        self._queue.append(intent)
        if not self._drain_timer.isActive():
            self._start_drain()

    def _start_drain(self, backlog: bool = False) -> None:
        # Slices start at least SLICE_GAP_MS apart: at a room's steady pace (one action here, one
        # there) each would otherwise be a slice of one, with its own write and its own repaint of
        # the window; waiting a little lets the actions that arrive meanwhile share them. A backlog
        # shares them already: it only waits for the window's turn.
        if backlog:
            self._drain_timer.start(BACKLOG_GAP_MS)
            return
        since = (time.perf_counter() - self._last_drain) * 1000
        self._drain_timer.start(max(0, round(SLICE_GAP_MS - since)))

    def _drain(self) -> None:
        # One slice: a batch of intents done as one unit (one write to the working copy, whose
        # fsync is the dearest part of a command) and answered in one hand-over to the server.
        # The batch is as large as the slice's time allows, by what slices have cost so far.
        started = self._last_drain = time.perf_counter()
        # One action per phone in a slice: a phone's next one (its dot after its idea) waits for the
        # next slice, in its order, instead of cutting this slice short (see _apply_all).
        intents: list[Intent] = []
        later: list[Intent] = []
        who: set[str] = set()
        joins = 0
        while self._queue and len(intents) < self._batch:
            intent = self._queue.popleft()
            if intent.participant_id in who or (intent.kind == "join" and joins >= JOINS_PER_SLICE):
                later.append(intent)
            else:
                who.add(intent.participant_id)
                intents.append(intent)
                joins += intent.kind == "join"
        self._queue.extendleft(reversed(later))
        self.apply_all(intents)
        self._cost.learn(len(intents), (time.perf_counter() - started) * 1000)
        self._batch = self._cost.batch(SLICE_MS, MAX_BATCH)
        if self._queue:
            self._start_drain(backlog=True)

    def apply(self, intent: Intent) -> Outcome:
        """Apply one intent as a command and answer the phone."""
        return self.apply_all([intent])[0]

    def apply_all(self, intents: list[Intent]) -> list[Outcome]:
        """Apply intents as one write, each its own command and undo step, and answer the phones together.

        The outcomes come in the order of ``intents``.
        """
        outcomes = {intent.id: outcome for intent, outcome in self._finish(self._apply_all(intents))}
        return [outcomes[intent.id] for intent in intents]

    def _apply_all(self, intents: list[Intent]) -> list[tuple[Intent, Outcome]]:
        """Plan each intent and do the commands together, each its own undo step."""
        out: list[tuple[Intent, Outcome]] = []
        batch: list[tuple[Intent, actions.Plan]] = []
        who: set[str] = set()
        for intent in intents:
            # A plan reads the project as it was before the batch: a second action of the same phone
            # (its dots, its rating) or a join must see the first one done.
            if intent.kind == "join" or intent.participant_id in who:
                out += self._push(batch)
                batch, who = [], set()
            try:
                plan = actions.plan(self.doc.project, self.projector, self.ledger, intent, self.paused)
            except actions.RefusedError as exc:
                out.append((intent, Outcome.refused(exc.reason)))
                continue
            if intent.kind == "join" or plan.alone:
                out += self._push(batch)
                out += self._push([(intent, plan)])
                batch, who = [], set()
                continue
            batch.append((intent, plan))
            who.add(intent.participant_id)
        out += self._push(batch)
        return out

    def _push(self, batch: list[tuple[Intent, actions.Plan]]) -> list[tuple[Intent, Outcome]]:
        if not batch:
            return []
        commands = [plan.command for _intent, plan in batch if plan.command is not None]
        try:
            if len(commands) == 1:
                qtcommands.push(self.stack, self.doc, commands[0])
            elif commands:
                qtcommands.push_each(self.stack, self.doc, commands)
        except ValidationError:
            if len(batch) > 1:
                # A rule the plans could not see (a race with the facilitator): none of the batch was
                # done; each is planned and done again on its own, so only the one at fault is refused.
                return [pair for intent, _plan in batch for pair in self._apply_all([intent])]
            return [(batch[0][0], Outcome.refused("failed"))]
        except StorageError:
            # The working copy could not be written: the window says why; the phones hear "not saved".
            return [(intent, Outcome.refused("failed")) for intent, _plan in batch]
        out = []
        for intent, plan in batch:
            plan.done()
            out.append((intent, Outcome(True, participant_id=plan.participant_id, name=plan.name)))
        return out

    def _finish(self, outcomes: list[tuple[Intent, Outcome]]) -> list[tuple[Intent, Outcome]]:
        """Answer the phones (in one hand-over) and tell the panel."""
        if self.server is not None:
            self.server.resolve_all([(intent.id, outcome) for intent, outcome in outcomes])
        for intent, outcome in outcomes:
            if intent.kind == "join" and outcome.ok:
                self.connected[outcome.participant_id] = True
                self.removed.discard(outcome.participant_id)
                self.changed.emit()
                self.schedule_view()
            self.applied.emit(intent, outcome)
        return outcomes

    def _project_changed(self, changes: list[Change]) -> None:
        # A voting session started while the room is open is for the room: its phones may vote at once.
        # Otherwise the facilitator, left on the Dot voting panel, hears "no vote on my phone" first.
        started = {ch.id for ch in changes if ch.kind == "vote_session" and ch.old is None and ch.new is not None}
        phase = self.projector.phase()
        if started and not phase.vote and self.projector.vote_session_id() in started:
            self.set_phase(dataclasses.replace(phase, vote=True))
        self.schedule_view()

    def schedule_view(self) -> None:
        if self.server is not None and not self._view_timer.isActive():
            self._view_timer.start()

    def publish(self) -> None:
        """Send phones the room as it is now."""
        if self.server is not None:
            started = time.perf_counter()
            self.server.publish(actions.build_view(self.doc.project, self.projector, self.ledger, self.paused))
            # A long inbox makes the view dear to build: the next waits longer, so the window keeps
            # nine tenths of the UI thread (the server paces its sending to the phones the same way).
            spent = (time.perf_counter() - started) * 1000
            self._view_timer.setInterval(max(VIEW_DELAY_MS, round(10 * spent)))

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


__all__ = ["PORTS", "RoomSession", "SliceCost"]
