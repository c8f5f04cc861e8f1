"""Room session under load, on loopback: 60 phones at human pace then all at once, then beside a hostile client.

    QT_QPA_PLATFORM=offscreen python bench/bench_room.py [--phones 60] [--seed 1] [--no-hostile]

The real window (offscreen) serves a room on 127.0.0.1; the phones are aiohttp WebSockets in a
process of their own, the hostile client in another. Each phone adds 10 ideas and places 10 dots
at human pace (a random pause of 0.2-1.2 s between actions), then 10 more of each "all at once":
ten waves in which every phone sends an idea and a dot at the same instant. Latency is from a
phone's message to its answer, which the room sends once the command is applied, written and the
map notified. A 5 ms timer on the UI thread measures its longest stall. Then the same waves run
again while a hostile client floods, sends oversized, malformed and replayed messages, tries wrong
tokens and holds 1,000 sockets open.
Every count is bounded and the run stops by itself (a guard ends it after ``--limit`` seconds).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import quantiles

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
DATA = tempfile.mkdtemp(prefix="cxd-bench-room-")
os.environ["CXDESIGNER_DATA_DIR"] = DATA
os.environ["XDG_CONFIG_HOME"] = os.path.join(DATA, "config")  # settings too stay out of the user's folders

import aiohttp  # noqa: E402
from PySide6.QtCore import QCoreApplication, QElapsedTimer, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

QCoreApplication.setOrganizationName("CXDesignerBench")

from cxdesigner.document.voting import StartVoteSessionCommand  # noqa: E402
from cxdesigner.mainwindow import MainWindow  # noqa: E402
from cxdesigner.room.server import RoomServer  # noqa: E402
from cxdesigner.room.state import Phase  # noqa: E402

OBSERVERS = 5  # phones that time when the others' ideas reach them


def p95(values: list[float]) -> float:
    return quantiles(values, n=20)[-1] if len(values) >= 2 else (values[0] if values else 0.0)


class Phone:
    def __init__(self, n: int, base: str, token: str, code: str, rng: random.Random, watch: dict | None = None) -> None:
        self.n, self.base, self.token, self.code, self.rng = n, base, token, code, rng
        # An observer phone: when the others' ideas reach it (title → when it was sent, shared by all phones).
        self.watch = watch
        self.seen: set[str] = set()
        self.updates: list[tuple[str, float]] = []
        self.state_bytes = 0
        self.shared: dict | None = None  # where this phone notes when it sent each idea
        self.seq = 0
        self.sent: dict[int, float] = {}
        self.answers: dict[int, dict] = {}
        self.latency: list[tuple[str, float]] = []
        self.waiters: dict[int, asyncio.Future] = {}
        self.phase = "human"
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.reader: asyncio.Future | None = None

    async def connect(self, http: aiohttp.ClientSession) -> None:
        self.ws = await http.ws_connect(f"{self.base}/{self.token}/ws", headers={"Origin": self.base},
                                        timeout=aiohttp.ClientWSTimeout(ws_close=2))
        await self.ws.send_str(json.dumps({"type": "join", "name": f"Phone {self.n}", "code": self.code}))
        while True:
            data = json.loads((await self.ws.receive(timeout=30)).data)
            if data["type"] == "welcome":
                break
        self.reader = asyncio.ensure_future(self.read())

    async def read(self) -> None:
        async for msg in self.ws:
            data = json.loads(msg.data)
            if self.watch is not None and data["type"] in ("state", "patch"):
                self.state_bytes += len(msg.data)
                self.observe(data)
            seq = data.get("seq")
            if data["type"] in ("ack", "refused") and seq in self.sent and seq not in self.answers:
                self.answers[seq] = data
                self.latency.append((self.phase, time.perf_counter() - self.sent[seq]))
                waiter = self.waiters.pop(seq, None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(data)

    def observe(self, data: dict) -> None:
        if data["type"] == "state":
            titles = [i["title"] for i in data["room"].get("ideas") or ()]
        else:
            titles = [op[1]["title"] for op in data.get("ops", ()) if op[0] == "idea+"]
            titles += [i["title"] for op in data.get("ops", ()) if op[0] == "ideas" for i in op[1] or ()]
        now = time.perf_counter()
        for title in titles:
            sent = self.watch.get(title)
            if title not in self.seen and sent is not None and sent[1] != self.n:
                self.seen.add(title)
                self.updates.append((self.phase, now - sent[0]))

    async def act(self, kind: str, **fields) -> dict:
        self.seq += 1
        seq = self.seq
        self.waiters[seq] = asyncio.get_running_loop().create_future()
        self.sent[seq] = time.perf_counter()
        if kind == "idea" and self.shared is not None:
            self.shared[fields["title"]] = (self.sent[seq], self.n)
        await self.ws.send_str(json.dumps({"type": kind, "seq": seq, **fields}))
        return await asyncio.wait_for(self.waiters[seq], 60)


async def hostile(base: str, token: str, code: str, stop: asyncio.Event, report: dict) -> None:
    """Everything a hostile client on the room's network can try, until ``stop``."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 8192)), hard))
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=10)) as http:
        headers = {"Origin": base}
        quick = aiohttp.ClientWSTimeout(ws_close=2)
        ws = await http.ws_connect(f"{base}/{token}/ws", headers=headers, timeout=quick)
        await ws.send_str(json.dumps({"type": "join", "name": "Mallory", "code": code}))
        key = None
        while key is None:
            data = json.loads((await ws.receive(timeout=10)).data)
            key = data.get("key")
        # 1,000 sockets held open (the server takes a few unjoined ones per address and refuses the rest).
        held, refused = [], 0
        for _ in range(1000):
            try:
                held.append(await http.ws_connect(f"{base}/{token}/ws", headers=headers, timeout=quick))
            except (aiohttp.ClientError, TimeoutError):
                refused += 1
        report["sockets held / refused"] = f"{len(held)} / {refused}"
        seq, acked, closed, sent, busy = 0, set(), 0, 0, 0
        wrong = 0
        while not stop.is_set():
            # A flood of ideas as fast as the socket takes them, with replays of earlier ones.
            try:
                for _ in range(200):
                    seq += 1
                    sent += 1
                    await ws.send_str(json.dumps({"type": "idea", "seq": seq, "title": f"flood {seq}"}))
                    if acked:
                        await ws.send_str(json.dumps({"type": "idea", "seq": min(acked), "title": "replayed"}))
                while True:
                    msg = await ws.receive(timeout=0.05)
                    if msg.type != aiohttp.WSMsgType.TEXT:
                        raise ConnectionError
                    data = json.loads(msg.data)
                    if data.get("type") == "ack":
                        acked.add(data["seq"])
            except TimeoutError:
                pass
            except (ConnectionError, aiohttp.ClientError, RuntimeError, ValueError):
                closed += 1
                try:
                    ws = await http.ws_connect(f"{base}/{token}/ws", headers=headers, timeout=quick)
                    await ws.send_str(json.dumps({"type": "resume", "key": key}))
                except (aiohttp.ClientError, TimeoutError):
                    busy += 1  # its own held sockets keep it out until the server drops them
            # Oversized, malformed and wrong-token tries, each on a connection of its own.
            for bad in ("x" * 20_000, "{not json", json.dumps({"type": "idea", "seq": 1, "title": "x", "evil": 1})):
                try:
                    other = await http.ws_connect(f"{base}/{token}/ws", headers=headers, timeout=quick)
                    await other.send_str(json.dumps({"type": "resume", "key": key}))
                    await other.send_str(bad)
                    await close_all([other])
                except (aiohttp.ClientError, ConnectionError, TimeoutError):
                    pass
            for _ in range(20):
                with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                    async with http.get(f"{base}/{''.join(random.choices('abcdefghjk', k=10))}/") as r:
                        wrong += r.status == 404
            report["hostile ideas sent / acked"] = f"{sent} / {len(acked)}"
            report["hostile disconnections / reconnections refused"] = f"{closed} / {busy}"
            report["wrong-token requests answered 404"] = wrong
            report["hostile acked"] = len(acked)
            await asyncio.sleep(0.05)
        await close_all([*held, ws])


async def hostile_process(base: str, token: str, code: str, limit: float, results_file: str) -> None:
    """The hostile client as a process of its own: attacks until SIGTERM (or ``limit``), then reports."""
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    report: dict = {}
    task = asyncio.ensure_future(hostile(base, token, code, stop, report))
    try:
        await asyncio.wait({task}, timeout=limit)
    finally:
        stop.set()
        with contextlib.suppress(BaseException):
            await asyncio.wait_for(task, 15)
        task.cancel()
        Path(results_file).write_text(json.dumps(report))


async def close_all(sockets: list, seconds: float = 5.0) -> None:
    """Close WebSockets together, never waiting more than ``seconds`` for the lot."""
    async def close(ws) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(ws.close(), 2)

    if sockets:
        await asyncio.wait([asyncio.ensure_future(close(ws)) for ws in sockets], timeout=seconds)


async def run_phones(base: str, token: str, code: str, cards: list[str], args, results: dict) -> None:
    """The phones' whole run; ``results`` holds what was measured so far whenever it stops."""
    phones: list[Phone] = []
    attack: asyncio.subprocess.Process | None = None
    hostile_file = Path(args.results).with_name("hostile.json")
    report: dict = {}
    results["stage"] = "joining"

    def collect() -> None:
        results["latency"] = [(phase, s * 1000) for p in phones for phase, s in p.latency]
        results["updates"] = [(phase, s * 1000) for p in phones for phase, s in p.updates]
        results["state bytes per observer"] = sum(p.state_bytes for p in phones) // max(1, OBSERVERS)
        results["unanswered"] = sum(len(p.sent) - len(p.answers) for p in phones)
        results["refused"] = [a for p in phones for a in p.answers.values() if a["type"] != "ack"][:50]
        results["refusals"] = sum(a["type"] != "ack" for p in phones for a in p.answers.values())
        if report:
            results["hostile"] = report

    http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0), timeout=aiohttp.ClientTimeout(total=30))
    try:
        sent_ideas: dict = {}
        phones.extend(Phone(i, base, token, code, random.Random(args.seed * 1000 + i),
                            sent_ideas if i < OBSERVERS else None) for i in range(args.phones))
        for p in phones:
            p.shared = sent_ideas
        # All phones share 127.0.0.1 here, and the server lets one address hold only a few connections
        # that have not joined yet: they join eight at a time (real phones each have their own address).
        gate = asyncio.Semaphore(8)

        async def connect(p: Phone) -> None:
            async with gate:
                await asyncio.wait_for(p.connect(http), 60)

        await asyncio.gather(*(connect(p) for p in phones))

        async def human(p: Phone) -> None:
            for k in range(10):
                await asyncio.sleep(p.rng.uniform(0.2, 1.2))
                await p.act("idea", title=f"Phone {p.n} idea {k}")
                await asyncio.sleep(p.rng.uniform(0.2, 1.2))
                await p.act("vote", card=p.rng.choice(cards))

        async def waves(label: str, count: int, votes: bool) -> None:
            for p in phones:
                p.phase = label
            results["stage"] = f"waves: {label}"
            print(f"waves: {label}", file=sys.stderr)
            for k in range(count):
                tasks = []
                for p in phones:
                    tasks.append(p.act("idea", title=f"Phone {p.n} {label} {k}"))
                    if votes:
                        tasks.append(p.act("vote", card=p.rng.choice(cards)))
                await asyncio.gather(*tasks)
                await asyncio.sleep(0.3)

        t0 = time.perf_counter()
        results["stage"] = "human pace"
        print("phones joined; human pace", file=sys.stderr)
        await asyncio.gather(*(human(p) for p in phones))
        results["human pace took"] = f"{time.perf_counter() - t0:.1f} s"
        await waves("at once", 10, True)
        await waves("baseline", 5, False)
        if not args.no_hostile:
            # A process of its own, as an attacker's device is: in the phones' event loop its flood
            # delayed the phones' own sending and the stamps they take (a bench effect, not the app's).
            attack = await asyncio.create_subprocess_exec(
                sys.executable, __file__, "--hostile-client", base, token, code, "--results", str(hostile_file),
                "--limit", str(args.limit))
            results["stage"] = "hostile client starting"
            print("hostile client started", file=sys.stderr)
            await asyncio.sleep(3)  # the 1,000 sockets are open, the flood runs
            await waves("under attack", 5, False)
        results["stage"] = "done"
    finally:
        # Whatever ended the run (done, a guard's cancellation, an error): stop the attack, measure,
        # close every socket, each step bounded so the run always ends.
        if attack is not None:
            with contextlib.suppress(ProcessLookupError):
                attack.send_signal(signal.SIGTERM)  # it stops its flood, closes its sockets and reports
            try:
                await asyncio.wait_for(attack.wait(), 20)
            except TimeoutError:
                attack.kill()
                await attack.wait()
            with contextlib.suppress(OSError, ValueError):
                report.update(json.loads(hostile_file.read_text()))
        collect()
        for p in phones:
            if p.reader is not None:
                p.reader.cancel()
        await close_all([p.ws for p in phones if p.ws is not None])
        with contextlib.suppress(Exception):
            await asyncio.wait_for(http.close(), 5)


async def guarded(base: str, token: str, code: str, cards: list[str], args, results: dict) -> None:
    """``run_phones`` stopped after ``--limit`` seconds, keeping what it measured."""
    task = asyncio.ensure_future(run_phones(base, token, code, cards, args, results))
    done, _ = await asyncio.wait({task}, timeout=args.limit)
    if not done:
        results["timed out"] = f"after {args.limit:.0f} s, during {results.get('stage')}"
        task.cancel()
        # The clean-up is bounded itself; this bounds a task that will not end at all.
        await asyncio.wait({task}, timeout=30)
    elif task.exception() is not None:
        results["error"] = repr(task.exception())


class StackSampler:
    """What the UI thread was doing, sampled every 2 ms from a thread of its own (``CXD_BENCH_STALLS=stacks``)."""

    def __init__(self) -> None:
        import threading

        self._main = threading.main_thread().ident
        self._samples: list[tuple[float, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.002):
            frame = sys._current_frames().get(self._main)
            names = []
            while frame is not None and len(names) < 40:
                code = frame.f_code
                if "cxdesigner" in code.co_filename or not names:
                    names.append(f"{Path(code.co_filename).stem}.{code.co_name}:{frame.f_lineno}")
                frame = frame.f_back
            self._samples.append((time.perf_counter(), " < ".join(names[:4])))

    def during(self, start: float, end: float) -> str:
        """The stacks seen most often between two moments, with how many samples each."""
        counts: dict[str, int] = {}
        for at, stack in self._samples:
            if start <= at <= end:
                counts[stack] = counts.get(stack, 0) + 1
        top = sorted(counts.items(), key=lambda kv: -kv[1])[:3]
        return "; ".join(f"{n}× {stack}" for stack, n in top) or "no sample"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-hostile", action="store_true")
    parser.add_argument("--limit", type=float, default=300.0, help="seconds before the run is stopped")
    parser.add_argument("--results", help=argparse.SUPPRESS)
    parser.add_argument("--client", nargs=4, metavar=("BASE", "TOKEN", "CODE", "CARDS"), help=argparse.SUPPRESS)
    parser.add_argument("--hostile-client", nargs=3, metavar=("BASE", "TOKEN", "CODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.hostile_client:
        asyncio.run(hostile_process(*args.hostile_client, args.limit, args.results))
        return 0
    if args.client:
        base, token, code, cards = args.client
        results: dict = {}
        try:
            asyncio.run(guarded(base, token, code, json.loads(cards), args, results))
        finally:
            # A file, not stdout: the app only reads once the phones are done, and a pipe's
            # buffer (64 KB) filled by the results would block this process for ever.
            Path(args.results).write_text(json.dumps(results))
        return 0
    app = QApplication(sys.argv)
    window = MainWindow()
    window.show_error = lambda title, message: print(f"error: {title}: {message}")
    window.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    window.resize(1400, 900)
    window.show()
    window.new_project(template="hotel")
    doc = window.doc
    jid = window.selection.journey_id
    cards = [tp.id for tp in doc.project.touchpoints(jid)]
    doc.execute(StartVoteSessionCommand(jid, "Bench", [], dots=20, max_per_card=20, hidden=False))
    server_cpu: list[float] = []
    serve = RoomServer._run

    def timed_run(self: RoomServer) -> None:  # the server thread's CPU time, apart from the UI thread's
        try:
            serve(self)
        finally:
            server_cpu.append(time.thread_time())

    RoomServer._run = timed_run
    window.room.start("127.0.0.1", 0)
    session = window.room.session
    session.set_phase(Phase(ideas=True, vote=True))
    server = session.server
    base = f"http://127.0.0.1:{server.port}"

    stalls: dict[str, float] = {"max": 0.0}
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]
    started_clock = time.perf_counter() - clock.elapsed() / 1000  # perf_counter at the ticker's 0

    worst: list[tuple[float, float, float]] = []
    last_cpu = [time.thread_time()]
    # CXD_BENCH_STALLS=1 lists the longest stalls; =stacks also samples what the UI thread ran (a thread of its
    # own that takes the GIL every 2 ms: the stalls it lists are a little longer than without it).
    writes: list[tuple[float, float]] = []  # (when it ended on the ticker's clock, ms): the working copy's writes
    if os.environ.get("CXD_BENCH_STALLS"):
        from cxdesigner.storage.session import WorkingCopy

        plain_write = WorkingCopy.write

        def timed_write(self: WorkingCopy, changes: list) -> None:
            t0 = time.perf_counter()
            try:
                plain_write(self, changes)
            finally:
                t1 = time.perf_counter()
                writes.append(((t1 - started_clock), (t1 - t0) * 1000))

        WorkingCopy.write = timed_write  # type: ignore[method-assign]
    sampler = StackSampler() if os.environ.get("CXD_BENCH_STALLS") == "stacks" else None

    def tick() -> None:
        now = clock.elapsed()
        cpu_now = time.thread_time()
        gap = now - last[0] - 5
        stalls["max"] = max(stalls["max"], gap)
        if gap > 30:
            # With the UI thread's own CPU time in the gap: a stall it spent waiting for a core (the
            # shared machine) is not one it spent working.
            worst.append((gap, now / 1000, (cpu_now - last_cpu[0]) * 1000))
        last[0] = now
        last_cpu[0] = cpu_now

    ticker = QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(tick)

    def measure() -> None:  # from here on: the window's first layout and paint are not the room's doing
        last[0] = clock.elapsed()
        last_cpu[0] = time.thread_time()
        if sampler is not None:
            sampler.start()
        ticker.start()

    QTimer.singleShot(1000, measure)

    # The phones run in a process of their own, as real phones do: they must not share the app's GIL.
    command = [sys.executable, __file__, "--client", base, server.token, server.code, json.dumps(cards),
               "--phones", str(args.phones), "--seed", str(args.seed), "--limit", str(args.limit)]
    if args.no_hostile:
        command.append("--no-hostile")
    results_file = Path(DATA) / "phones.json"
    command += ["--results", str(results_file)]
    profile = os.environ.get("CXD_BENCH_PROFILE")  # a folder: cProfile of the UI thread's run
    ui_profile = cProfile.Profile() if profile else None
    cpu0 = time.process_time()
    started = time.perf_counter()
    proc = subprocess.Popen(command)
    waiter = QTimer()
    waiter.setInterval(100)

    def check() -> None:
        if proc.poll() is not None:
            app.quit()
        elif time.perf_counter() - started > args.limit + 60:  # its own guard failed: end it
            proc.kill()

    waiter.timeout.connect(check)
    waiter.start()
    if ui_profile is not None:
        ui_profile.enable()
    app.exec()
    if ui_profile is not None:
        ui_profile.disable()
        ui_profile.dump_stats(str(Path(profile) / "ui.prof"))
    waiter.stop()
    ticker.stop()
    proc.wait(timeout=30)
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu0
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        results = json.loads(results_file.read_text())
    except (OSError, ValueError):
        print(f"the phones' run failed ({proc.returncode}) and left no results")
        return 1
    for key in ("timed out", "error"):
        if key in results:
            print(f"the phones' run stopped early: {results[key]} (what was measured follows)")
    # Let the last queued intents land before counting.
    deadline = time.perf_counter() + 5
    while session._queue and time.perf_counter() < deadline:
        app.processEvents()
    inbox = doc.project.inbox(jid)
    titles = [tp.title for tp in inbox]
    phone_titles = [t for t in titles if t.startswith("Phone ")]
    expected = args.phones * (10 + 10 + 5 + (0 if args.no_hostile else 5))
    votes = doc.project.session_votes(doc.project.vote_sessions(jid)[-1].id)
    dots = {}
    for v in votes:
        dots[v.participant_id] = dots.get(v.participant_id, 0) + v.dots
    refused = results.get("refused", [])
    print(f"phones: {args.phones}, seed {args.seed}")
    print(f"ideas from phones in the inbox: {len(phone_titles)} (expected {expected}), duplicates: "
          f"{len(phone_titles) - len(set(phone_titles))}")
    print(f"dots placed: {sum(dots.values())} (expected {args.phones * 20}), "
          f"refusals to phones: {results.get('refusals', 0)}" + (f", e.g. {refused[:3]}" if refused else ""))
    print(f"unanswered phone messages: {results.get('unanswered', '-')}")
    by_phase: dict[str, list[float]] = {}
    for phase, ms in results.get("latency", []):
        by_phase.setdefault(phase, []).append(ms)
    for phase, values in by_phase.items():
        print(f"p95 message → answer, {phase}: {p95(values):.1f} ms (median {sorted(values)[len(values) // 2]:.1f} ms, "
              f"n={len(values)})")
    updates: dict[str, list[float]] = {}
    for phase, ms in results.get("updates", []):
        updates.setdefault(phase, []).append(ms)
    for phase, values in updates.items():
        print(f"p95 message → the others' update, {phase}: {p95(values):.1f} ms "
              f"(median {sorted(values)[len(values) // 2]:.1f} ms, n={len(values)})")
    print(f"states and patches one phone received: {results.get('state bytes per observer', 0) / 1e6:.1f} MB")
    if "baseline" in by_phase and "under attack" in by_phase:
        print(f"p95 under attack / baseline: {p95(by_phase['under attack']) / p95(by_phase['baseline']):.2f}×")
    print(f"longest UI-thread stall: {stalls['max']:.1f} ms")
    if os.environ.get("CXD_BENCH_STALLS"):
        def writing(gap: float, at: float) -> int:
            return round(sum(ms for end, ms in writes if at - gap / 1000 <= end <= at + 0.001))

        print("stalls over 30 ms (ms, at s, UI thread's CPU ms, writing the working copy ms):",
              [(round(g), round(at, 3), round(c), writing(g, at)) for g, at, c in sorted(worst, reverse=True)[:10]])
        if writes:
            spent = sorted(ms for _end, ms in writes)
            print(f"working-copy writes: {len(spent)}, median {spent[len(spent) // 2]:.1f} ms, "
                  f"p95 {p95(spent):.1f} ms, longest {spent[-1]:.1f} ms")
    if sampler is not None:
        sampler.stop()
        for gap, at, _cpu in sorted(worst, reverse=True)[:10]:
            what = sampler.during(started_clock + at - gap / 1000, started_clock + at)
            print(f"  {gap:.0f} ms at {at:.3f} s: {what}")
    print(f"human pace took {results.get('human pace took', '-')}")
    phones_cpu = child.ru_utime + child.ru_stime
    print(f"whole run {wall:.0f} s; CPU time: app {cpu:.1f} s, phones and hostile {phones_cpu:.1f} s; "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    hostile_report = results.get("hostile", {})
    for key, value in hostile_report.items():
        if key != "hostile acked":
            print(f"{key}: {value}")
    if hostile_report:
        mallory = [t for t in titles if t.startswith("flood ")]
        others = [t for t in titles if not t.startswith(("flood ", "Phone "))]
        print(f"hostile cards in the inbox: {len(mallory)} (acked {hostile_report['hostile acked']}), "
              f"cards from nowhere: {len(others)}")
    window.room.stop()
    if server_cpu:
        print(f"CPU time of the server's thread: {server_cpu[0]:.1f} s (the rest of the app's is mostly the UI thread)")
    window.close()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        shutil.rmtree(DATA, ignore_errors=True)
