"""Helpers for the room session's tests: a project in a room, a handler without Qt, a phone over a real socket."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp

import cxdesigner
from cxdesigner.document import Selection
from cxdesigner.room import delta
from cxdesigner.room.state import Intent, Outcome, Phase
from cxdesigner.roomui import actions
from cxdesigner.roomui.projector import SelectionProjector


class DirectHandler:
    """The Qt bridge's work without Qt: each intent applied at once on the document, then answered."""

    def __init__(self, doc: Any, projector: SelectionProjector) -> None:
        self.doc, self.projector = doc, projector
        self.ledger = actions.RoomLedger()
        self.server: Any = None
        self.paused = False
        self.presences: list[tuple[str, bool]] = []
        self.intents: list[Intent] = []
        # As the Qt bridge does: phones hear of every change of the phase or the project.
        projector.subscribe(self.publish)
        doc.project.subscribe(lambda _changes: self.publish())

    def submit(self, intent: Intent) -> None:
        self.intents.append(intent)
        try:
            plan = actions.plan(self.doc.project, self.projector, self.ledger, intent, self.paused)
            if plan.command is not None:
                self.doc.execute(plan.command)
            plan.done()
            outcome = Outcome(True, participant_id=plan.participant_id, name=plan.name)
        except actions.RefusedError as exc:
            outcome = Outcome.refused(exc.reason)
        except cxdesigner.model.ValidationError:
            outcome = Outcome.refused("failed")
        self.server.resolve(intent.id, outcome)
        self.publish()

    def presence(self, participant_id: str, connected: bool) -> None:
        self.presences.append((participant_id, connected))

    def publish(self) -> None:
        if self.server is not None:
            self.server.publish(actions.build_view(self.doc.project, self.projector, self.ledger, self.paused))


def room_project(phase: Phase | None = None) -> tuple[Any, Selection, SelectionProjector]:
    """The hotel template's journey on the projector, with its cards."""
    doc = cxdesigner.new_project(None, template="hotel")
    sel = Selection()
    sel.set_journey(doc.journeys()[0].id)
    return doc, sel, SelectionProjector(doc.project, sel, phase or Phase(ideas=True))


class AcceptingHandler:
    """A handler that takes every phone in and touches no project (for the server running in its own thread)."""

    def __init__(self) -> None:
        self.server: Any = None

    def submit(self, intent: Intent) -> None:
        self.server.resolve(intent.id, Outcome(True, participant_id=intent.participant_id, name=intent.name))

    def presence(self, participant_id: str, connected: bool) -> None:
        pass


async def server_idle(server: Any, limit: float = 30.0) -> None:
    """Wait until ``server`` (on this loop) has no broadcast going and has sent its latest view."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    quiet = 0
    while quiet < 2:  # twice in a row: a view handed over by call_soon_threadsafe runs on the loop's next turn
        await asyncio.sleep(0.001)
        busy = server._broadcasting is not None or server._sent is not server.view
        quiet = 0 if busy else quiet + 1
        if loop.time() > deadline:
            raise TimeoutError("the room server kept broadcasting")


class Phone:
    """One participant's phone over a real WebSocket; ``next`` waits for a message of a kind."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse, server: Any = None) -> None:
        self.ws = ws
        self.server = server  # the RoomServer on this test's own loop, if any: settle waits for it to be idle
        self.seq = 0
        self.me: dict[str, Any] = {}
        self.state: dict[str, Any] = {}  # the whole state as the phone has it: the last one sent, patched since
        self.gap = False  # a patch came for a version this phone does not have
        self.log: list[dict[str, Any]] = []

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send_str(json.dumps(message))

    async def act(self, kind: str, **fields: Any) -> int:
        self.seq += 1
        await self.send({"type": kind, "seq": self.seq, **fields})
        return self.seq

    async def next(self, *kinds: str, timeout: float = 5.0) -> dict[str, Any]:
        """The next message of one of ``kinds`` (states seen meanwhile are kept)."""
        while True:
            msg = await self.ws.receive(timeout=timeout)
            if msg.type != aiohttp.WSMsgType.TEXT:
                return {"type": "_closed", "code": self.ws.close_code}
            data = json.loads(msg.data)
            self.log.append(data)
            if data["type"] == "state":
                self.state = data
                self.gap = False
            elif data["type"] == "patch" and (not self.state or not delta.apply(self.state, data)):
                self.gap = True  # as the page sees it: a patch for another version than the phone's
            if data["type"] == "welcome":
                self.me = data
            if data["type"] in kinds:
                return data

    async def answer(self, seq: int) -> dict[str, Any]:
        while True:
            data = await self.next("ack", "refused")
            if data.get("seq") == seq:
                return data

    async def settle(self, pause: float = 0.15) -> dict[str, Any]:
        """The latest state once the server has gone quiet for ``pause`` seconds.

        With the server at hand, first until it has sent every view published: a broadcast round waits three
        times what the last one took before the next, so on a loaded machine a view could wait longer than
        ``pause`` and the phone's state was the one before it. What is sent by then is already in this
        socket (a loopback write), so the pause only has to see it read.
        """
        if self.server is not None:
            await server_idle(self.server)
        try:
            while True:
                await self.next("state", "patch", timeout=pause)
        except TimeoutError:
            return self.state

    async def closed(self, timeout: float = 5.0) -> int | None:
        """Wait for the server to close this connection; its close code."""
        while True:
            msg = await self.ws.receive(timeout=timeout)
            if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
                return self.ws.close_code
            if msg.type == aiohttp.WSMsgType.ERROR:
                return self.ws.close_code
            self.log.append(json.loads(msg.data))


class ThreadedPhone:
    """A phone whose socket lives in a thread of its own, for tests where the Qt event loop must keep running.

    Methods only send; the test waits for ``messages`` with ``qtbot.waitUntil`` (which runs Qt's loop).
    """

    def __init__(self, base_url: str, token: str) -> None:
        import threading

        self.base_url, self.token = base_url, token
        self.messages: list[dict[str, Any]] = []
        self.state: dict[str, Any] = {}  # the last whole state, patched since (as the page keeps it)
        self.closed = False
        self.seq = 0
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self._http: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: Any = None

    def _run(self, coro: Any, timeout: float = 10.0) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    async def _connect(self, first: dict[str, Any]) -> None:
        self._http = aiohttp.ClientSession()
        self._ws = await self._http.ws_connect(f"{self.base_url}/{self.token}/ws", headers={"Origin": self.base_url})
        await self._ws.send_str(json.dumps(first))
        self._reader = asyncio.ensure_future(self._read(self._ws))

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        async for msg in ws:
            if msg.type == aiohttp.WSMsgType.TEXT:
                data = json.loads(msg.data)
                if data["type"] == "state":
                    self.state = data
                elif data["type"] == "patch" and self.state:
                    delta.apply(self.state, data)
                self.messages.append(data)
        self.closed = True

    def join(self, name: str, code: str, lang: str = "en") -> None:
        self._run(self._connect({"type": "join", "name": name, "code": code, "lang": lang}))

    def act(self, kind: str, **fields: Any) -> int:
        self.seq += 1
        message = {"type": kind, "seq": self.seq, **fields}
        assert self._ws is not None
        self._run(self._ws.send_str(json.dumps(message)))
        return self.seq

    def answer(self, seq: int) -> dict[str, Any] | None:
        return next((m for m in self.messages if m.get("seq") == seq and m["type"] in ("ack", "refused")), None)

    def last(self, kind: str) -> dict[str, Any] | None:
        return next((m for m in reversed(self.messages) if m["type"] == kind), None)

    async def _close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            await asyncio.wait([self._reader], timeout=2)
        if self._http is not None:
            await self._http.close()

    def close(self) -> None:
        if self.thread.is_alive():
            self._run(self._close())
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)
        self.loop.close()


def room_window(qtbot: Any, tmp_path: Any, show_error: Any) -> Any:
    """A main window on the hotel template's file (saved in ``tmp_path``), never asking anything."""
    from PySide6.QtWidgets import QMessageBox

    from cxdesigner.mainwindow import MainWindow

    path = tmp_path / "hotel.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show_error = show_error
    # qtbot closes its widgets before a fixture's teardown: never leave a question open then.
    window.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    assert window.open_path(path)
    return window
