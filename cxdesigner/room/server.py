"""The room's web server: the phone page and one WebSocket per phone, on aiohttp, in a thread of its own.

It listens only while a session runs and only on the address it is given. Each phone action is
checked here (schema, who sent it, the phase, the participant's allowance) and handed on as an
``Intent`` to a ``Handler``: the Qt bridge, which applies it as a document command on the UI
thread and answers with ``resolve``. The server never reads or writes the project; what phones
see comes from the ``RoomView`` the UI thread ``publish``-es. docs/room-session.md has the rules.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import logging
import secrets
import threading
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from aiohttp import WSCloseCode, WSMsgType, web

from .. import resources
from ..i18n import LANGUAGES, translation
from . import delta
from . import protocol as p
from .network import allowed_peer, url_host
from .state import (
    MAX_IDEAS,
    MAX_PARTICIPANTS,
    RATE_BURST,
    FailureWindow,
    Intent,
    Member,
    Outcome,
    RoomView,
    TokenBucket,
    new_code,
    new_key,
    new_token,
    pick_colour,
)
from .strings import PHONE_STRINGS, phone_strings

log = logging.getLogger(__name__)

JOIN_TIMEOUT = 15.0  # seconds a new connection has to say who it is
OUTCOME_TIMEOUT = 15.0  # seconds a join waits for the laptop to take it in
MAX_SOCKETS = 400  # open WebSockets in all
MAX_UNJOINED = 64  # … of which not yet joined
MAX_UNJOINED_PER_ADDRESS = 8  # … from one address: one device cannot keep the others from joining
# TCP connections in all (the WebSockets and the pages' requests), and from one address. aiohttp took
# every connection and waited an hour for its request: a phone that opened a thousand and sent their
# headers a byte at a time used up the program's files (1,024 on most desktops), and then no phone
# could load the page and the laptop could not save. Past these a new connection is closed at once.
MAX_CONNECTIONS = MAX_SOCKETS + 100
MAX_CONNECTIONS_PER_ADDRESS = 100
REQUEST_TIMEOUT = 10.0  # seconds a connection has to send a whole request (after connecting, or between two)
HEARTBEAT = 20.0  # seconds between pings: a phone gone to sleep is noticed, its place kept
# Seconds one message may take to go out. A phone that stops reading (on purpose, or asleep with its
# connection up) filled its buffers, and every broadcast waited on it for good: no other phone heard of
# anything again (the heartbeat's close waits for those buffers too). Past this it is cut off; it comes
# back with its key, as after a lost connection.
SEND_TIMEOUT = 10.0
BROADCAST_SHARE = 4  # a broadcast of the room's state takes at most about a quarter of the server's time …
# … and patches to all phones together at most this many bytes a second: 64 Mbit/s, well within a room's
# 802.11n/ac access point. At 2 MB/s (set for whole states of 160 KB) a wave's patches (60 ideas, each
# an idea and a card for 60 phones: ~0.5 MB) held the next round back ~250 ms, and the others saw a wave
# 0.7-1 s late; at this rate, 140 ms (bench_room, load 0.4).
BROADCAST_RATE = 8_000_000
SYNC_BURST = 5  # whole states a phone may ask for at once (after missing a patch) …
SYNC_RATE = 0.2  # … and how fast that allowance comes back
PAGE_FILES = {"": ("index.html", "text/html"), "room.js": ("room.js", "text/javascript"),
              "room.css": ("room.css", "text/css")}  # fmt: skip


def connection_limit() -> int:
    """MAX_CONNECTIONS, or half the files this process may open when that is fewer (the rest are the app's)."""
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except (ImportError, OSError, ValueError):  # no such limit on this system
        return MAX_CONNECTIONS
    return MAX_CONNECTIONS if soft == resource.RLIM_INFINITY else min(MAX_CONNECTIONS, max(16, soft // 2))


def _peer(transport: asyncio.BaseTransport) -> str:
    name = transport.get_extra_info("peername")
    return str(name[0]) if isinstance(name, tuple) and name else ""


class Handler(Protocol):
    """Where the server hands intents (called on the server's loop: hand over and return, never block)."""

    def submit(self, intent: Intent) -> None: ...

    def presence(self, participant_id: str, connected: bool) -> None: ...


class RoomServer:
    """One room session's server: ``start`` binds and serves in a thread, ``stop`` ends it at once."""

    def __init__(
        self,
        handler: Handler,
        host: str = "127.0.0.1",
        port: int = 8765,
        *,
        code: str | None = None,
        token: str | None = None,
    ) -> None:
        self.handler = handler
        self.host, self.port = host, port
        self.code = code or new_code()
        self.token = token or new_token()
        self.view = RoomView()
        self.members: dict[str, Member] = {}
        self._keys: dict[str, str] = {}
        self._failures = FailureWindow()
        self._ids = itertools.count(1)
        self._joins: dict[int, asyncio.Future[Outcome]] = {}
        # The colours of joins waiting for the window: phones that scan the code together each get their own.
        self._join_colours: dict[int, str] = {}
        self._actions: dict[int, tuple[str, int, str]] = {}  # intent → (participant, seq, kind)
        self._sockets: set[web.WebSocketResponse] = set()
        self._transports: dict[web.WebSocketResponse, asyncio.BaseTransport] = {}
        self._unjoined = 0
        self._unjoined_from: dict[str, int] = {}
        self._connections_from: dict[str, int] = {}
        self.version = 0  # of what phones have: ``_sent``; a patch takes them from one version to the next
        self._sent = self.view
        self._full: dict[str, str] = {}  # language → the shared part of a whole state of ``_sent``
        self._broadcasting: asyncio.Future[None] | None = None
        self._tasks: set[asyncio.Future[Any]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stopping: asyncio.Event | None = None
        self._error: BaseException | None = None
        self._closed = False
        self._pages = {name: resources.read_text("room", file).encode() for name, (file, _t) in PAGE_FILES.items()}
        self._strings = p.dump(phone_strings()).encode()

    # -- addresses -----------------------------------------------------------------------
    @property
    def address(self) -> str:
        """The short address people can type: ``http://192.168.1.23:8765``."""
        return f"http://{url_host(self.host)}:{self.port}"

    @property
    def url(self) -> str:
        """The join address with the session's token (the QR code's)."""
        return f"{self.address}/{self.token}"

    # -- life cycle (UI thread) ---------------------------------------------------------------
    def start(self, timeout: float = 10.0) -> None:
        """Bind and serve in a thread; raises ``OSError`` when the address cannot be used."""
        self._thread = threading.Thread(target=self._run, name="cxdesigner-room", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            self.stop()
            raise OSError("the room's server did not start")
        if self._error is not None:
            self._thread.join(timeout)
            raise self._error

    def stop(self, timeout: float = 5.0) -> None:
        """Close every phone's connection and stop listening, now (safe to call twice)."""
        loop, thread = self._loop, self._thread
        if loop is not None and thread is not None and thread.is_alive():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(self._begin_stop)
            thread.join(timeout)
        self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and not self._closed

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(self._serve())
        except BaseException as exc:  # reported to start(); the thread must end quietly
            self._error = self._error or exc
        finally:
            self._ready.set()
            with contextlib.suppress(Exception):
                loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    async def _serve(self) -> None:
        self._stopping = asyncio.Event()
        runner = web.AppRunner(
            self.make_app(), access_log=None, shutdown_timeout=1.0, keepalive_timeout=REQUEST_TIMEOUT
        )
        await runner.setup()
        assert runner.server is not None
        self._gate(runner.server)
        try:
            site = web.TCPSite(runner, self.host, self.port, backlog=256)
            try:
                await site.start()
            except OSError as exc:
                self._error = exc
                return
            server = getattr(site, "_server", None)
            sockets = getattr(server, "sockets", None) or ()
            if sockets and self.port == 0:
                self.port = sockets[0].getsockname()[1]
            self._ready.set()
            await self._stopping.wait()
            await self._close_all()
        finally:
            await runner.cleanup()

    def _gate(self, server: web.Server) -> None:
        """Count ``server``'s connections, and close at once one beyond the bounds (MAX_CONNECTIONS)."""
        # aiohttp tells its server of each connection before reading anything from it: the only place a
        # connection can be turned away before it holds a request handler waiting on it.
        made, lost = server.connection_made, server.connection_lost
        limit = connection_limit()
        counted: dict[Any, str] = {}

        def connection_made(handler: Any, transport: asyncio.Transport) -> None:
            made(handler, transport)
            peer = _peer(transport)
            counted[handler] = peer
            here = self._connections_from.get(peer, 0)
            self._connections_from[peer] = here + 1
            if len(counted) > limit or here >= MAX_CONNECTIONS_PER_ADDRESS:
                # Closed once aiohttp has started the handler it is making (it asserts the connection is
                # still there); counted out by connection_lost, which closing brings.
                transport.pause_reading()
                asyncio.get_running_loop().call_soon(transport.abort)

        def connection_lost(handler: Any, exc: BaseException | None = None) -> None:
            peer = counted.pop(handler, None)
            if peer is not None:
                left = self._connections_from[peer] - 1
                if left > 0:
                    self._connections_from[peer] = left
                else:
                    del self._connections_from[peer]
            lost(handler, exc)

        server.connection_made = connection_made  # type: ignore[method-assign]
        server.connection_lost = connection_lost  # type: ignore[method-assign]

    @property
    def connections(self) -> int:
        """The TCP connections open now (read on the server's loop, or in tests)."""
        return sum(self._connections_from.values())

    def _begin_stop(self) -> None:
        if self._stopping is not None:
            self._stopping.set()

    async def _close_all(self) -> None:
        self._closed = True
        if self._broadcasting is not None:
            self._broadcasting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._broadcasting
        goodbye = p.dump({"type": "closed", "reason": "closed"})
        sockets = list(self._sockets)
        for ws in sockets:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(ws.send_str(goodbye), 0.5)
        await asyncio.gather(*(self._close(ws, WSCloseCode.GOING_AWAY) for ws in sockets), return_exceptions=True)
        for fut in self._joins.values():
            if not fut.done():
                fut.set_result(Outcome.refused("closed"))

    # -- from the UI thread ---------------------------------------------------------------------
    def _call(self, fn: Callable[..., None], *args: Any) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(fn, *args)

    def publish(self, view: RoomView) -> None:
        """What phones see from now on (thread-safe)."""
        self._call(self._set_view, view)

    def resolve(self, intent_id: int, outcome: Outcome) -> None:
        """The UI thread's answer to an intent (thread-safe)."""
        self._call(self._resolved, intent_id, outcome)

    def resolve_all(self, outcomes: Sequence[tuple[int, Outcome]]) -> None:
        """Answers to several intents in one hand-over: the loop is woken once, not once per phone (thread-safe)."""
        if outcomes:
            self._call(self._resolved_all, list(outcomes))

    def remove(self, participant_id: str) -> None:
        """Take a participant out of the room: their phone is told and disconnected (thread-safe)."""
        self._call(self._remove, participant_id)

    # -- the web application ----------------------------------------------------------------------
    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard], client_max_size=64 * 1024)
        app.router.add_get("/", self._no_token)
        app.router.add_get("/{token}", self._page_redirect)
        app.router.add_get("/{token}/", self._page)
        app.router.add_get("/{token}/strings.json", self._strings_json)
        app.router.add_get("/{token}/ws", self._websocket)
        app.router.add_get("/{token}/{name}", self._page)
        app.on_startup.append(self._started)
        return app

    async def _started(self, _app: web.Application) -> None:
        self._loop = asyncio.get_running_loop()

    def bound(self, host: str, port: int) -> None:
        """Where a test server listens (``start`` finds it out itself)."""
        self.host, self.port = host, port

    @web.middleware
    async def _guard(self, request: web.Request, handler: Callable[[web.Request], Any]) -> web.StreamResponse:
        # Only the room's own network, and only requests for this server by its address
        # (a page elsewhere that points a name at this laptop sends another Host).
        if not allowed_peer(request.remote):
            return web.Response(status=403, text="Forbidden")
        if request.host != f"{url_host(self.host)}:{self.port}":
            return web.Response(status=421, text="Misdirected request")
        if request.method != "GET":
            return web.Response(status=405, text="Method not allowed")
        response = await handler(request)
        if isinstance(response, web.Response):
            self._harden(response, request.host)
        return response

    @staticmethod
    def _harden(response: web.Response, host: str) -> None:
        response.headers["Content-Security-Policy"] = (
            f"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"connect-src 'self' ws://{host}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Frame-Options"] = "DENY"

    def _token_ok(self, request: web.Request) -> bool:
        return secrets.compare_digest(request.match_info.get("token", "").encode(), self.token.encode())

    async def _no_token(self, _request: web.Request) -> web.Response:
        # Someone typed the bare address: say where the whole one is, in every language (no token, no form).
        texts = {lang: translation(lang).gettext(PHONE_STRINGS["no_token"]) for lang in LANGUAGES}
        lines = "".join(f"<p lang='{lang}'>{html.escape(text)}</p>" for lang, text in texts.items())
        page = (
            "<!doctype html><html><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'><title>CX Designer</title></head>"
            f"<body>{lines}</body></html>"
        )
        return web.Response(text=page, content_type="text/html")

    async def _page_redirect(self, request: web.Request) -> web.StreamResponse:
        if not self._token_ok(request):
            raise web.HTTPNotFound()
        raise web.HTTPFound(f"/{self.token}/")

    async def _page(self, request: web.Request) -> web.Response:
        name = request.match_info.get("name", "")
        if not self._token_ok(request) or name not in PAGE_FILES:
            raise web.HTTPNotFound()
        return web.Response(body=self._pages[name], content_type=PAGE_FILES[name][1], charset="utf-8")

    async def _strings_json(self, request: web.Request) -> web.Response:
        if not self._token_ok(request):
            raise web.HTTPNotFound()
        return web.Response(body=self._strings, content_type="application/json", charset="utf-8")

    # -- WebSockets ------------------------------------------------------------------------------------
    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        if not self._token_ok(request):
            raise web.HTTPNotFound()
        # A page elsewhere in a phone's browser must not reach the room through it.
        if request.headers.get("Origin") != f"http://{request.host}":
            return web.Response(status=403, text="Forbidden")
        peer = request.remote or ""
        if (
            self._closed
            or len(self._sockets) >= MAX_SOCKETS
            or self._unjoined >= MAX_UNJOINED
            or self._unjoined_from.get(peer, 0) >= MAX_UNJOINED_PER_ADDRESS
        ):
            return web.Response(status=503, text="Busy")
        ws = web.WebSocketResponse(max_msg_size=p.MAX_MESSAGE, heartbeat=HEARTBEAT, compress=False)
        await ws.prepare(request)
        self._sockets.add(ws)
        if request.transport is not None:
            self._transports[ws] = request.transport
        self._count_unjoined(peer, 1)
        unjoined = True
        member: Member | None = None
        try:
            member = await self._admit(ws, peer)
            self._count_unjoined(peer, -1)
            unjoined = False
            if member is not None:
                await self._serve_member(ws, member)
        finally:
            if unjoined:
                self._count_unjoined(peer, -1)
            self._sockets.discard(ws)
            self._transports.pop(ws, None)
            if member is not None:
                member.sockets.discard(ws)
                if not member.sockets and not member.removed and not self._closed:
                    self.handler.presence(member.id, False)
            await self._close(ws, WSCloseCode.GOING_AWAY)
        return ws

    def _count_unjoined(self, peer: str, step: int) -> None:
        self._unjoined += step
        left = self._unjoined_from.get(peer, 0) + step
        if left > 0:
            self._unjoined_from[peer] = left
        else:
            self._unjoined_from.pop(peer, None)

    async def _admit(self, ws: web.WebSocketResponse, peer: str) -> Member | None:
        """The connection's first message: a join or a resume; anything else closes it."""
        try:
            msg = await ws.receive(timeout=JOIN_TIMEOUT)
        except TimeoutError:
            await self._close(ws, WSCloseCode.POLICY_VIOLATION)
            return None
        message = self._message(msg)
        if isinstance(message, p.Resume):
            member = self.members.get(self._keys.get(message.key, ""))
            if member is None or member.removed:
                await self._refuse(ws, "removed" if member is not None else "unknown")
                return None
            member.lang = message.lang
        elif isinstance(message, p.Join):
            member = await self._join(ws, message, peer)
            if member is None:
                return None
        else:
            await self._close(ws, WSCloseCode.POLICY_VIOLATION)
            return None
        if not member.sockets:
            self.handler.presence(member.id, True)
        member.sockets.add(ws)
        welcome = {"type": "welcome", **member.card(), "key": member.key, "last_seq": member.last_seq}
        # Queued together, with nothing awaited in between: the next patch cannot come before this state.
        self._spawn(self._send(ws, p.dump(welcome)))
        self._send_state(member, ws)
        return member

    async def _join(self, ws: web.WebSocketResponse, join: p.Join, peer: str) -> Member | None:
        if self._failures.blocked(peer):
            await self._refuse(ws, "blocked")
            return None
        if not secrets.compare_digest(join.code.encode(), self.code.encode()):
            self._failures.record(peer)
            await self._refuse(ws, "code")
            return None
        if len(self.members) + len(self._joins) >= MAX_PARTICIPANTS:
            await self._refuse(ws, "full")
            return None
        colour = pick_colour([m.colour for m in self.members.values()] + list(self._join_colours.values()))
        intent = Intent(next(self._ids), "join", f"pt-{secrets.token_hex(8)}", join.name, colour, join.lang)
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self._joins[intent.id] = future
        self._join_colours[intent.id] = colour
        try:
            self.handler.submit(intent)
            outcome = await asyncio.wait_for(future, OUTCOME_TIMEOUT)
        except TimeoutError:
            outcome = Outcome.refused("failed")
        finally:
            self._joins.pop(intent.id, None)
            self._join_colours.pop(intent.id, None)
        if not outcome.ok:
            await self._refuse(ws, outcome.reason or "failed")
            return None
        pid = outcome.participant_id or intent.participant_id
        member = self.members.get(pid)
        if member is None or member.removed:
            member = Member(pid, outcome.name or join.name, colour, new_key(), join.lang)
            self.members[pid] = member
            self._keys[member.key] = pid
        return member

    async def _serve_member(self, ws: web.WebSocketResponse, member: Member) -> None:
        pings = TokenBucket(burst=10, rate=2.0)
        syncs = TokenBucket(burst=SYNC_BURST, rate=SYNC_RATE)
        strikes = 0
        while not ws.closed:
            msg = await ws.receive()
            if msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED):
                return
            message = self._message(msg)
            if message is None or isinstance(message, (p.Join, p.Resume)):
                await self._close(ws, WSCloseCode.POLICY_VIOLATION)
                return
            if isinstance(message, p.Ping):
                if not pings.take():
                    await self._close(ws, WSCloseCode.POLICY_VIOLATION)
                    return
                await self._send(ws, '{"type":"pong"}')
                continue
            if isinstance(message, p.Sync):
                # A whole state is dear: a phone that keeps asking is not a phone that missed a patch.
                if not syncs.take():
                    await self._close(ws, WSCloseCode.POLICY_VIOLATION)
                    return
                self._send_state(member, ws)
                continue
            if member.removed:
                return
            if member.seen(message.seq):
                # Sent again after a reconnection: the same answer, never the same action twice.
                answer = member.outcomes.get(message.seq)
                if answer is not None:
                    await self._send(ws, p.dump(answer))
                continue
            if not member.bucket.take():
                strikes += 1
                if strikes > 3 * RATE_BURST:  # a flood, not a keen participant
                    await self._close(ws, WSCloseCode.POLICY_VIOLATION)
                    return
                await self._send(ws, p.dump({"type": "refused", "seq": message.seq, "reason": "too_fast"}))
                continue
            strikes = 0
            self._act(member, message)

    def _message(self, msg: Any) -> p.Message | None:
        if msg.type != WSMsgType.TEXT:
            return None
        try:
            return p.parse(msg.data)
        except p.ProtocolError as exc:
            log.info("A phone's message was refused: %s", exc)
            return None

    def _act(self, member: Member, action: p.Action) -> None:
        member.remember(action.seq, None)
        kind = {p.Idea: "idea", p.Vote: "vote", p.Rate: "rate"}[type(action)]
        phase = self.view.phase
        reason = ""
        if self.view.paused:
            reason = "paused"
        elif not getattr(phase, kind if kind != "idea" else "ideas"):
            reason = "not_open"
        elif kind == "idea" and member.ideas >= MAX_IDEAS:
            reason = "too_many"
        if reason:
            self._answer(member, action.seq, {"type": "refused", "seq": action.seq, "reason": reason})
            return
        if kind == "idea":
            member.ideas += 1
        intent = Intent(next(self._ids), kind, member.id, member.name, member.colour, member.lang, action)
        self._actions[intent.id] = (member.id, action.seq, kind)
        self.handler.submit(intent)

    def _resolved_all(self, outcomes: list[tuple[int, Outcome]]) -> None:
        for intent_id, outcome in outcomes:
            self._resolved(intent_id, outcome)

    def _resolved(self, intent_id: int, outcome: Outcome) -> None:
        future = self._joins.get(intent_id)
        if future is not None:
            if not future.done():
                future.set_result(outcome)
            return
        pending = self._actions.pop(intent_id, None)
        if pending is None:
            return
        pid, seq, kind = pending
        member = self.members.get(pid)
        if member is None:
            return
        if kind == "idea" and not outcome.ok:
            member.ideas -= 1
        answer: dict[str, Any] = {"type": "ack", "seq": seq}
        if not outcome.ok:
            answer = {"type": "refused", "seq": seq, "reason": outcome.reason}
        self._answer(member, seq, answer)

    def _answer(self, member: Member, seq: int, answer: dict[str, Any]) -> None:
        member.remember(seq, answer)
        text = p.dump(answer)
        for ws in list(member.sockets):
            self._spawn(self._send(ws, text))

    def _remove(self, participant_id: str) -> None:
        member = self.members.get(participant_id)
        if member is None or member.removed:
            return
        member.removed = True
        self._keys.pop(member.key, None)
        for ws in list(member.sockets):
            self._spawn(self._refuse(ws, "removed"))
        member.sockets.clear()

    async def _refuse(self, ws: web.WebSocketResponse, reason: str) -> None:
        with contextlib.suppress(Exception):
            await ws.send_str(p.dump({"type": "refused", "reason": reason}))
        await self._close(ws, WSCloseCode.POLICY_VIOLATION)

    @staticmethod
    async def _close(ws: web.WebSocketResponse, code: int) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(ws.close(code=code), 1.0)

    # -- what phones see ---------------------------------------------------------------------------------
    def _set_view(self, view: RoomView) -> None:
        self.view = view
        if self._broadcasting is None:
            self._broadcasting = asyncio.ensure_future(self._broadcast())

    async def _broadcast(self) -> None:
        # Phones have the view of version ``self.version`` (``self._sent``); each round sends them
        # what changed since as one patch, serialised once per language for everyone, with a
        # participant's own part added only for those it concerns. Views that come while a round
        # goes out are folded into the next one, never queued. A round waits (BROADCAST_SHARE - 1)
        # times what the last took, and as long as its bytes need at BROADCAST_RATE (a room's Wi-Fi);
        # with patches of a few hundred bytes both are a few milliseconds. Answers never wait.
        loop = asyncio.get_running_loop()
        try:
            while self._sent is not self.view and not self._closed:
                started = loop.time()
                old, new = self._sent, self.view
                patch = delta.diff(old, new)
                self._sent = new
                self._full = {}
                if not patch:
                    continue
                base, self.version = self.version, self.version + 1
                texts: dict[str, str] = {}
                sends, size = [], 0
                for member in list(self.members.values()):
                    if not member.sockets:
                        continue
                    head = texts.get(member.lang)
                    if head is None:
                        ops = p.dump(patch.ops(new, member.lang))
                        head = texts[member.lang] = f'{{"type":"patch","base":{base},"v":{self.version},"ops":{ops}'
                    own = patch.own.get(member.id)
                    text = f'{head},"mine":{p.dump(own)}}}' if own else head + "}"
                    for ws in list(member.sockets):
                        sends.append(self._send(ws, text))
                        size += len(text)
                await asyncio.gather(*sends)
                await asyncio.sleep(max((BROADCAST_SHARE - 1) * (loop.time() - started), size / BROADCAST_RATE))
        finally:
            self._broadcasting = None

    def _send_state(self, member: Member, ws: web.WebSocketResponse) -> None:
        """The whole state, as of the version phones have (a join, a resume, a phone that missed a patch)."""
        self._spawn(self._send(ws, self._state_text(member)))

    def _state_text(self, member: Member) -> str:
        shared = self._full.get(member.lang)
        if shared is None:
            shared = self._full[member.lang] = p.dump(self._sent.shared(member.lang))
        return f'{{"type":"state","v":{self.version},"room":{shared},"mine":{p.dump(self._sent.mine(member.id))}}}'

    async def _send(self, ws: web.WebSocketResponse, text: str) -> None:
        if ws.closed:
            return
        try:
            async with asyncio.timeout(SEND_TIMEOUT):  # no task of its own per send, as wait_for makes
                await ws.send_str(text)
        except TimeoutError:
            transport = self._transports.get(ws)
            if transport is not None:
                transport.abort()  # a close frame would wait behind the full buffers too
        except Exception:  # a connection gone mid-send is the reader's to notice
            pass

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


__all__ = ["Handler", "Intent", "Outcome", "RoomServer"]
