"""Room session under load, on loopback: 60 phones at human pace then all at once, then beside a hostile client.

    QT_QPA_PLATFORM=offscreen python bench/bench_room.py [--phones 60] [--seed 1] [--no-hostile]

The real window (offscreen) serves a room on 127.0.0.1; the phones are aiohttp WebSockets in a
thread of their own. Each phone adds 10 ideas and places 10 dots at human pace (a random pause of
0.2-1.2 s between actions), then 10 more of each "all at once": ten waves in which every phone sends
an idea and a dot at the same instant. Latency is from a phone's message to its answer, which the
room sends once the command is applied, written and the map notified. A 5 ms timer on the UI
thread measures its longest stall. Then the same waves run again while a hostile client floods,
sends oversized, malformed and replayed messages, tries wrong tokens and holds 1,000 sockets open.
Every count is bounded and the run stops by itself (a guard ends it after ``--limit`` seconds).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import shutil
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

import aiohttp  # noqa: E402
from PySide6.QtCore import QCoreApplication, QElapsedTimer, QStandardPaths, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

QStandardPaths.setTestModeEnabled(True)
QCoreApplication.setOrganizationName("CXDesignerBench")

from cxdesigner.document.voting import StartVoteSessionCommand  # noqa: E402
from cxdesigner.mainwindow import MainWindow  # noqa: E402
from cxdesigner.room.state import Phase  # noqa: E402


def p95(values: list[float]) -> float:
    return quantiles(values, n=20)[-1] if len(values) >= 2 else (values[0] if values else 0.0)


class Phone:
    def __init__(self, n: int, base: str, token: str, code: str, rng: random.Random) -> None:
        self.n, self.base, self.token, self.code, self.rng = n, base, token, code, rng
        self.seq = 0
        self.sent: dict[int, float] = {}
        self.answers: dict[int, dict] = {}
        self.latency: list[tuple[str, float]] = []
        self.waiters: dict[int, asyncio.Future] = {}
        self.phase = "human"

    async def connect(self, http: aiohttp.ClientSession) -> None:
        self.ws = await http.ws_connect(f"{self.base}/{self.token}/ws", headers={"Origin": self.base})
        await self.ws.send_str(json.dumps({"type": "join", "name": f"Phone {self.n}", "code": self.code}))
        while True:
            data = json.loads((await self.ws.receive(timeout=30)).data)
            if data["type"] == "welcome":
                break
        self.reader = asyncio.ensure_future(self.read())

    async def read(self) -> None:
        async for msg in self.ws:
            data = json.loads(msg.data)
            seq = data.get("seq")
            if data["type"] in ("ack", "refused") and seq in self.sent and seq not in self.answers:
                self.answers[seq] = data
                self.latency.append((self.phase, time.perf_counter() - self.sent[seq]))
                waiter = self.waiters.pop(seq, None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(data)

    async def act(self, kind: str, **fields) -> dict:
        self.seq += 1
        seq = self.seq
        self.waiters[seq] = asyncio.get_running_loop().create_future()
        self.sent[seq] = time.perf_counter()
        await self.ws.send_str(json.dumps({"type": kind, "seq": seq, **fields}))
        return await asyncio.wait_for(self.waiters[seq], 60)


async def hostile(base: str, token: str, code: str, stop: asyncio.Event, report: dict) -> None:
    """Everything a hostile client on the room's network can try, until ``stop``."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 8192)), hard))
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        headers = {"Origin": base}
        ws = await http.ws_connect(f"{base}/{token}/ws", headers=headers)
        await ws.send_str(json.dumps({"type": "join", "name": "Mallory", "code": code}))
        key = None
        while key is None:
            data = json.loads((await ws.receive()).data)
            key = data.get("key")
        # 1,000 sockets held open (the server takes a few unjoined ones per address and refuses the rest).
        held, refused = [], 0
        for _ in range(1000):
            try:
                held.append(await http.ws_connect(f"{base}/{token}/ws", headers=headers,
                                                  timeout=aiohttp.ClientWSTimeout(ws_close=2)))
            except aiohttp.ClientError:
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
            except (ConnectionError, aiohttp.ClientError, RuntimeError):
                closed += 1
                try:
                    ws = await http.ws_connect(f"{base}/{token}/ws", headers=headers)
                    await ws.send_str(json.dumps({"type": "resume", "key": key}))
                except aiohttp.ClientError:
                    busy += 1  # its own held sockets keep it out until the server drops them
            # Oversized, malformed and wrong-token tries, each on a connection of its own.
            for bad in ("x" * 20_000, "{not json", json.dumps({"type": "idea", "seq": 1, "title": "x", "evil": 1})):
                try:
                    other = await http.ws_connect(f"{base}/{token}/ws", headers=headers)
                    await other.send_str(json.dumps({"type": "resume", "key": key}))
                    await other.send_str(bad)
                    await other.close()
                except aiohttp.ClientError:
                    pass
            for _ in range(20):
                async with http.get(f"{base}/{''.join(random.choices('abcdefghjk', k=10))}/") as r:
                    wrong += r.status == 404
            await asyncio.sleep(0.05)
        report["hostile ideas sent / acked"] = f"{sent} / {len(acked)}"
        report["hostile disconnections / reconnections refused"] = f"{closed} / {busy}"
        report["wrong-token requests answered 404"] = wrong
        report["hostile acked"] = len(acked)
        for sock in held:
            await sock.close()
        await ws.close()


async def run_phones(base: str, token: str, code: str, cards: list[str], args, results: dict) -> None:
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        phones = [Phone(i, base, token, code, random.Random(args.seed * 1000 + i)) for i in range(args.phones)]
        # All phones share 127.0.0.1 here, and the server lets one address hold only a few connections
        # that have not joined yet: they join eight at a time (real phones each have their own address).
        gate = asyncio.Semaphore(8)

        async def connect(p: Phone) -> None:
            async with gate:
                await p.connect(http)

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
        print("phones joined; human pace", file=sys.stderr)
        await asyncio.gather(*(human(p) for p in phones))
        results["human pace took"] = f"{time.perf_counter() - t0:.1f} s"
        await waves("at once", 10, True)
        await waves("baseline", 5, False)
        if not args.no_hostile:
            stop = asyncio.Event()
            report: dict = {}
            attack = asyncio.ensure_future(hostile(base, token, code, stop, report))
            print("hostile client started", file=sys.stderr)
            await asyncio.sleep(3)  # the 1,000 sockets are open, the flood runs
            await waves("under attack", 5, False)
            stop.set()
            await attack
            results["hostile"] = report
        results["latency"] = [(phase, ms * 1000) for p in phones for phase, ms in p.latency]
        results["unanswered"] = sum(len(p.sent) - len(p.answers) for p in phones)
        results["refused"] = [a for p in phones for a in p.answers.values() if a["type"] != "ack"]
        for p in phones:
            await p.ws.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-hostile", action="store_true")
    parser.add_argument("--limit", type=float, default=300.0, help="seconds before the run is stopped")
    parser.add_argument("--client", nargs=4, metavar=("BASE", "TOKEN", "CODE", "CARDS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        base, token, code, cards = args.client
        results: dict = {}
        asyncio.run(asyncio.wait_for(run_phones(base, token, code, json.loads(cards), args, results), args.limit))
        print(json.dumps(results))
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
    window.room.start("127.0.0.1", 0)
    session = window.room.session
    session.set_phase(Phase(ideas=True, vote=True))
    server = session.server
    base = f"http://127.0.0.1:{server.port}"

    stalls: dict[str, float] = {"max": 0.0}
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    worst: list[tuple[float, float]] = []

    def tick() -> None:
        now = clock.elapsed()
        gap = now - last[0] - 5
        stalls["max"] = max(stalls["max"], gap)
        if gap > 30:
            worst.append((gap, now / 1000))
        last[0] = now

    ticker = QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(tick)

    def measure() -> None:  # from here on: the window's first layout and paint are not the room's doing
        last[0] = clock.elapsed()
        ticker.start()

    QTimer.singleShot(1000, measure)

    # The phones run in a process of their own, as real phones do: they must not share the app's GIL.
    command = [sys.executable, __file__, "--client", base, server.token, server.code, json.dumps(cards),
               "--phones", str(args.phones), "--seed", str(args.seed), "--limit", str(args.limit)]
    if args.no_hostile:
        command.append("--no-hostile")
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    waiter = QTimer()
    waiter.setInterval(100)
    waiter.timeout.connect(lambda: proc.poll() is not None and app.quit())
    waiter.start()
    app.exec()
    waiter.stop()
    ticker.stop()
    out, _ = proc.communicate(timeout=30)
    if proc.returncode != 0:
        print(f"the phones' run failed ({proc.returncode})")
        return 1
    results = json.loads(out.strip().splitlines()[-1])
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
    refused = results["refused"]
    print(f"phones: {args.phones}, seed {args.seed}")
    print(f"ideas from phones in the inbox: {len(phone_titles)} (expected {expected}), duplicates: "
          f"{len(phone_titles) - len(set(phone_titles))}")
    print(f"dots placed: {sum(dots.values())} (expected {args.phones * 20}), refusals to phones: {len(refused)}")
    print(f"unanswered phone messages: {results['unanswered']}")
    by_phase: dict[str, list[float]] = {}
    for phase, ms in results["latency"]:
        by_phase.setdefault(phase, []).append(ms)
    for phase, values in by_phase.items():
        print(f"p95 message → answer, {phase}: {p95(values):.1f} ms (median {sorted(values)[len(values) // 2]:.1f} ms, "
              f"n={len(values)})")
    if "baseline" in by_phase and "under attack" in by_phase:
        print(f"p95 under attack / baseline: {p95(by_phase['under attack']) / p95(by_phase['baseline']):.2f}×")
    print(f"longest UI-thread stall: {stalls['max']:.1f} ms")
    if os.environ.get("CXD_BENCH_STALLS"):
        print("stalls over 30 ms (ms, at s):", sorted(worst, reverse=True)[:10])
    print(f"human pace took {results['human pace took']}")
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
    window.close()
    shutil.rmtree(DATA, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
