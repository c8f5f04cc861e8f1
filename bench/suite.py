"""The performance suite of issue 14: every figure next to its floor (the same work by the bare libraries).

    .venv/bin/python bench/suite.py [--cards 5000] [--runs 5] [--only start,open,...] [--out bench/results.json]

``make bench`` runs it at full size. Each figure runs the app's work and its floor in turns
(floor, app, app, floor, ...), so a busy machine slows both alike, and reports medians of
``--runs`` runs (the commit figure: the 95th percentile of many commits). It prints the table
(figure, value, floor, ratio, target, holds) and writes it, with the machine's load, as JSON.

figures (``--only`` takes these names):
start    a fresh process to the mapped main window with the sample project, against a bare
         QMainWindow process: both under Xvfb, mapped as an X event watcher (xev) sees it
open     a saved project of ``--cards`` cards to a painted 1600×1000 editor, against a plain sqlite3
         read of its rows and two plain items a card painted in a view of the same size; and the
         same file opened by a shown main window (map, table, inspector, docks), against that floor
undo     undo and redo of pasting a tenth of the cards, with the editor following (the window paints
         between commands), against the document alone
commit   one UpdateCommand through the document (model, net changes, one SQLite transaction), against
         a bare one-row UPDATE of a copy of the same file on the same disk (DELETE journal, FULL sync)
analysis the UI thread's longest stall while the analysis service works after a rename, with the
         Insights dock shown, and the analyses run after a rename with the docks hidden
analyze  ``cxdesigner analyze FILE --json`` against ``cxdesigner info FILE --json``, at ``--cards``
         and four times as many, and how the time grows with the cards
export   PNG, SVG and PDF of a journey of a fifth of the cards, against the same content as plain
         Qt items through scene.render, QSvgGenerator and QPdfWriter
drag     a mouse drag of one card four places down its stack at 100 %: every step (the event and
         its repaint), the first step and the drop; and drops into the next stage's stack and the
         next lane's (and back)
memory   peak resident memory of a process with the project open in the editor, against one that
         builds the plain scene
save     publishing the working copy (Save) against copying the file, fsync and rename

The projects come from bench/generate.py (seeded). Nothing here is a test: no number fails a
build (``make test`` only checks that the suite runs at a tiny size).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import queue
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

FRAME_S = 0.016  # one frame at 60 Hz: what a step under the mouse may take


# -- results -----------------------------------------------------------------------------------------
@dataclass
class Row:
    """One line of the table; ``value`` and ``floor`` in ``unit`` (seconds are shown as ms or s)."""

    key: str
    figure: str
    value: float | None
    floor: float | None = None
    unit: str = "s"
    target: str = ""
    holds: bool | None = None
    note: str = ""
    samples: dict[str, list[float]] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["ratio"] = self.ratio
        return out


def _show(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:g} {unit}".strip()


def print_table(rows: list[Row]) -> None:
    head = ("figure", "value", "floor", "ratio", "target", "holds")
    cells = [
        (
            r.figure,
            _show(r.value, r.unit),
            _show(r.floor, r.unit) if r.floor is not None else "–",
            f"{r.ratio:.2f}×" if r.ratio is not None else "–",
            r.target,
            {True: "yes", False: "NO", None: "–"}[r.holds],
        )
        for r in rows
    ]
    widths = [max(len(head[i]), *(len(c[i]) for c in cells)) for i in range(len(head))]
    line = "  ".join(h.ljust(w) for h, w in zip(head, widths))
    print(line)
    print("-" * len(line))
    for r, c in zip(rows, cells):
        print("  ".join(v.ljust(w) for v, w in zip(c, widths)))
        if r.note:
            print(f"    ({r.note})")


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def interleaved(floor: Callable[[], float], app: Callable[[], float], runs: int) -> tuple[list[float], list[float]]:
    """Run the floor and the app in turns (floor first, then app first, ...); each returns its own figure."""
    floors: list[float] = []
    apps: list[float] = []
    for i in range(runs):
        if i % 2 == 0:
            floors.append(floor())
            apps.append(app())
        else:
            apps.append(app())
            floors.append(floor())
    return floors, apps


def timed(fn: Callable[[], object]) -> Callable[[], float]:
    def run() -> float:
        t0 = time.perf_counter()
        fn()
        return time.perf_counter() - t0

    return run


# -- shared set-up -----------------------------------------------------------------------------------
class Bench:
    """The run's sizes, scratch folder and generated projects (each written once)."""

    def __init__(self, cards: int, runs: int, folder: Path) -> None:
        self.cards = cards
        self.runs = runs
        self.folder = folder
        self.pasted = max(1, cards // 10)
        self.export_cards = max(10, cards // 5)

    def project(self, cards: int | None = None) -> Path:
        from generate import write

        cards = cards or self.cards
        path = self.folder / f"gen-{cards}.cxd"
        if not path.exists():
            write(path, cards)
        return path


def _app():  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1])


def _delete_now() -> None:
    """Delete at once what ``deleteLater`` was asked to: ``processEvents`` alone never does (Qt deletes only from an
    event loop it runs), so each closed editor or window stayed alive, scene and all, for the rest of the run."""
    from PySide6.QtCore import QEvent

    app = _app()
    app.processEvents()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def open_editor(path: Path):  # type: ignore[no-untyped-def]
    """Open the file into a shown, painted editor; returns (doc, editor) for the caller to close."""
    import cxdesigner
    from cxdesigner.canvas import JourneyEditor
    from cxdesigner.document import Selection
    from cxdesigner.qtcommands import UndoStack

    app = _app()
    doc = cxdesigner.open_project(path)
    editor = JourneyEditor(doc, UndoStack(doc), Selection())
    editor.resize(1600, 1000)
    editor.show()
    app.processEvents()
    editor.view.viewport().grab()
    return doc, editor


def close_editor(doc, editor) -> None:  # type: ignore[no-untyped-def]
    editor.detach()
    editor.close()
    editor.deleteLater()
    doc.close()
    _delete_now()


def plain_scene(path: Path, cards: int):  # type: ignore[no-untyped-def]
    """The floor of opening: the rows read with sqlite3 and two plain items a card painted in a view."""
    from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsView

    app = _app()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT * FROM touchpoints").fetchall()
        conn.execute("SELECT * FROM connections").fetchall()
    finally:
        conn.close()
    scene = QGraphicsScene()
    for i, row in enumerate(rows[:cards]):
        x, y = (i % 40) * 200.0, (i // 40) * 120.0
        scene.addItem(QGraphicsRectItem(x, y, 176, 100))
        text = QGraphicsSimpleTextItem(str(row[5])[:60])
        text.setPos(x + 8, y + 8)
        scene.addItem(text)
    view = QGraphicsView(scene)
    view.resize(1600, 1000)
    view.show()
    app.processEvents()
    view.viewport().grab()
    return scene, view


def close_plain(held) -> None:  # type: ignore[no-untyped-def]
    _scene, view = held
    view.close()
    view.deleteLater()
    _delete_now()


# -- start -------------------------------------------------------------------------------------------
BARE_WINDOW = (
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([])\nw = QMainWindow()\nw.show()\napp.exec()\n"
)


class XServer:
    """Xvfb on a free display and an xev watcher of the root window's children (MapNotify)."""

    def __init__(self) -> None:
        self.xvfb: subprocess.Popen[bytes] | None = None
        self.xev: subprocess.Popen[str] | None = None
        self.display = ""
        self.events: queue.Queue[tuple[float, str]] = queue.Queue()

    @staticmethod
    def missing() -> str:
        """Why no X server can be started here ("" when it can)."""
        gone = [tool for tool in ("Xvfb", "xev") if shutil.which(tool) is None]
        if gone:
            return f"{' and '.join(gone)} not installed (apt-get install xvfb x11-utils)"
        return ""

    def __enter__(self) -> XServer:
        read, write = os.pipe()
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as f:
            number = f.readline().strip()
        if not number:
            self.__exit__()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"
        self.xev = subprocess.Popen(
            ["xev", "-root", "-event", "substructure"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "DISPLAY": self.display},
        )
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for("", 0.5)  # xev is listening once it has said nothing for a moment
        return self

    def _read(self) -> None:
        assert self.xev is not None and self.xev.stdout is not None
        for line in self.xev.stdout:
            self.events.put((time.perf_counter(), line))

    def wait_for(self, prefix: str, timeout: float) -> float | None:
        """The time the next line starting with ``prefix`` arrived (None after ``timeout``, or for "")."""
        end = time.perf_counter() + timeout
        while True:
            left = end - time.perf_counter()
            if left <= 0:
                return None
            try:
                at, line = self.events.get(timeout=left)
            except queue.Empty:
                return None
            if prefix and line.startswith(prefix) and "override YES" not in line:
                return at

    def drain(self) -> None:
        while not self.events.empty():
            self.events.get_nowait()

    def __exit__(self, *exc: object) -> None:
        for proc in (self.xev, self.xvfb):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                proc.wait(10)


def _env_for_x(display: str, folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    folder.mkdir(parents=True, exist_ok=True)
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        CXDESIGNER_DATA_DIR=str(folder / "data"),
        XDG_CONFIG_HOME=str(folder / "config"),
        XDG_RUNTIME_DIR=str(folder),
        PYTHONPATH=os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
    )
    return env


def _time_to_map(x: XServer, cmd: list[str], env: dict[str, str]) -> float:
    """Seconds from starting ``cmd`` until the X server maps its first top-level window; then it is ended."""
    x.drain()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        mapped = x.wait_for("MapNotify", 120)
    finally:
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=30)
    if mapped is None:
        raise RuntimeError(f"{cmd[-1]} never mapped a window: {err.decode(errors='replace')[-2000:]}")
    return mapped - t0


def figure_start(b: Bench) -> list[Row]:
    from cxdesigner.api import make_sample

    name = "cold start to the mapped main window with the sample"
    target = "≤ 2.5× floor"
    why = XServer.missing()
    if why:
        return [Row("start", name, None, target=target, note=f"skipped: {why}")]
    sample = make_sample(b.folder / "sample.cxd")
    counter = iter(range(10**6))

    def launch(x: XServer, app: bool) -> float:
        run = b.folder / f"start-{next(counter)}"
        env = _env_for_x(x.display, run)
        if not app:
            return _time_to_map(x, [sys.executable, "-c", BARE_WINDOW], env)
        # A fresh copy and data folder each time: a killed run leaves a session that the next start
        # would offer back.
        copy = run / "sample.cxd"
        shutil.copyfile(sample, copy)
        return _time_to_map(x, [sys.executable, "-m", "cxdesigner", str(copy)], env)

    try:
        with XServer() as x:
            # Warm-up, untimed: writes the bytecode caches (PYTHONDONTWRITEBYTECODE unset) and the disk cache.
            launch(x, False)
            launch(x, True)
            floors, apps = interleaved(lambda: launch(x, False), lambda: launch(x, True), b.runs)
    except (OSError, RuntimeError) as exc:
        return [Row("start", name, None, target=target, note=f"skipped: no X server could be started ({exc})")]
    value, floor = median(apps), median(floors)
    return [Row("start", name, value, floor, target=target, holds=value <= 2.5 * floor,
                samples={"app": apps, "floor": floors})]


# -- open --------------------------------------------------------------------------------------------
def shown_window():  # type: ignore[no-untyped-def]
    """A shown 1600×1000 main window without a project; asked about unsaved changes, it discards them."""
    from PySide6.QtWidgets import QMessageBox

    from cxdesigner.mainwindow import MainWindow

    # Settings go to the suite's scratch folder (XDG_CONFIG_HOME, set in run()).
    window = MainWindow()
    window.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard  # what the bench changed goes
    window.resize(1600, 1000)
    window.show()
    _app().processEvents()
    return window


def close_window(window) -> None:  # type: ignore[no-untyped-def]
    window.close_project()
    window.close()
    window.deleteLater()
    _delete_now()


def figure_open(b: Bench) -> list[Row]:
    path = b.project()
    app = _app()

    def floor() -> float:
        t0 = time.perf_counter()
        held = plain_scene(path, b.cards)
        spent = time.perf_counter() - t0
        close_plain(held)
        return spent

    def editor() -> float:
        t0 = time.perf_counter()
        doc, ed = open_editor(path)
        spent = time.perf_counter() - t0
        close_editor(doc, ed)
        return spent

    def window() -> float:
        # The running app opens the file: the map, the table, the inspector and the docks.
        w = shown_window()
        t0 = time.perf_counter()
        w.open_path(path)
        app.processEvents()
        w.editor.view.viewport().grab()
        spent = time.perf_counter() - t0
        close_window(w)
        return spent

    floors, apps = interleaved(floor, editor, b.runs)
    window_floors, windows = interleaved(floor, window, b.runs)
    note = f"floor: plain sqlite3 read + {2 * b.cards:,} plain items"
    rows = []
    for key, figure, values, lows in (
        ("open", f"open {b.cards:,} cards to a painted canvas", apps, floors),
        ("open.window", f"open {b.cards:,} cards in the main window (map, table, docks)", windows, window_floors),
    ):
        value, low = median(values), median(lows)
        rows.append(Row(key, figure, value, low, target="≤ 1.0 s and ≤ 2× floor",
                        holds=value <= 1.0 and value <= 2 * low, note=note, samples={"app": values, "floor": lows}))
    return rows


# -- undo / redo of a paste ----------------------------------------------------------------------------
def _paste(doc, count: int) -> None:  # type: ignore[no-untyped-def]
    from cxdesigner.document import commands as dc
    from cxdesigner.layout import clipboard

    jid = doc.project.journeys()[0].id
    ids = [tp.id for tp in doc.project.touchpoints(jid)][:count]
    data = clipboard.decode(clipboard.to_json(clipboard.encode_cards(doc.project, ids)))
    entities, _ = clipboard.paste_entities(doc.project, data, jid)
    doc.execute(dc.AddEntitiesCommand(entities))


def figure_undo(b: Bench) -> list[Row]:
    import cxdesigner

    path = b.project()
    app = _app()
    alone = cxdesigner.open_project(path)
    doc, editor = open_editor(path)
    try:
        _paste(alone, b.pasted)
        _paste(doc, b.pasted)
        vp = editor.view.viewport()

        def painted(step: Callable[[], object]) -> float:
            # Between two commands the window paints (and the scene indexes what moved).
            app.processEvents()
            vp.grab()
            t0 = time.perf_counter()
            step()
            return time.perf_counter() - t0

        undo_floor, undo_app, redo_floor, redo_app = [], [], [], []
        for i in range(b.runs):
            pair = [(undo_floor, timed(alone.undo)), (undo_app, lambda: painted(editor.undo_stack.undo))]
            for out, fn in pair if i % 2 == 0 else pair[::-1]:
                out.append(fn())
            pair = [(redo_floor, timed(alone.redo)), (redo_app, lambda: painted(editor.undo_stack.redo))]
            for out, fn in pair if i % 2 == 0 else pair[::-1]:
                out.append(fn())
    finally:
        close_editor(doc, editor)
        alone.close()
    rows = []
    for what, apps, floors in (("undo", undo_app, undo_floor), ("redo", redo_app, redo_floor)):
        value = median(apps)
        rows.append(Row(f"undo.{what}", f"{what} of pasting {b.pasted:,} cards into {b.cards:,}, editor following",
                        value, median(floors), target="≤ 150 ms", holds=value <= 0.150,
                        note="floor: the document alone" if what == "undo" else "",
                        samples={"app": apps, "floor": floors}))
    return rows


# -- one command committed -------------------------------------------------------------------------------
def figure_commit(b: Bench) -> list[Row]:
    import cxdesigner
    from cxdesigner.document import commands as dc

    doc = cxdesigner.open_project(b.project())
    bare_path = doc.working_copy.path.with_name("bare.cxd")
    shutil.copyfile(doc.working_copy.path, bare_path)
    bare = sqlite3.connect(str(bare_path), isolation_level=None)
    try:
        bare.execute("PRAGMA journal_mode=DELETE")
        bare.execute("PRAGMA synchronous=FULL")
        jid = doc.project.journeys()[0].id
        ids = [tp.id for tp in doc.project.touchpoints(jid)][:50]
        counter = iter(range(10**9))

        def app() -> float:
            n = next(counter)
            cmd = dc.UpdateCommand("touchpoint", ids[n % len(ids)], title=f"Renamed {n}")
            t0 = time.perf_counter()
            doc.execute(cmd)
            return time.perf_counter() - t0

        def floor() -> float:
            n = next(counter)
            t0 = time.perf_counter()
            bare.execute("BEGIN IMMEDIATE")
            bare.execute("UPDATE touchpoints SET title = ? WHERE id = ?", (f"Renamed {n}", ids[n % len(ids)]))
            bare.execute("COMMIT")
            return time.perf_counter() - t0

        floors, apps = interleaved(floor, app, 40 * b.runs)
    finally:
        bare.close()
        doc.close()
    value, low = p95(apps), p95(floors)
    return [Row("commit", "one editor command committed (p95)", value, low, target="p95 ≤ 1.1× floor",
                holds=value <= 1.1 * low,
                note=f"median {median(apps) * 1000:.1f} ms vs {median(floors) * 1000:.1f} ms; "
                     "floor: one-row UPDATE, DELETE journal, FULL sync, same disk",
                samples={"app": apps, "floor": floors})]


# -- the analysis service after an edit ----------------------------------------------------------------
def _stalls_during(seconds: float, until: Callable[[], bool] | None = None) -> float:
    """The UI thread's longest gap between 2 ms timer ticks while the event loop runs."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer

    app = _app()
    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(2)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    clock = QElapsedTimer()
    clock.start()
    timer.start()
    while clock.elapsed() < seconds * 1000 and not (until is not None and until()):
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)
    timer.stop()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    return max(gaps, default=seconds)


def figure_analysis(b: Bench) -> list[Row]:
    from cxdesigner.document import commands as dc
    from cxdesigner.qtcommands import push

    app = _app()
    window = shown_window()
    window.open_path(b.project())
    service = window.analysis
    try:
        window.dock_insights.show()
        window.dock_insights.raise_()
        app.processEvents()
        _stalls_during(120, lambda: service.latest is not None and not service.busy())
        doc = window.doc
        jid = doc.project.journeys()[0].id
        ids = [tp.id for tp in doc.project.touchpoints(jid)]

        def rename(n: int) -> None:
            push(window.undo_stack, doc, dc.UpdateCommand("touchpoint", ids[n], title=f"Renamed {n}"))
            app.processEvents()  # the edit's own repaint is the edit's, not the analysis's
            window.editor.view.viewport().grab()

        shown, worker = [], []
        for n in range(b.runs):
            before = service.runs
            rename(n)
            t0 = time.perf_counter()
            shown.append(_stalls_during(120, lambda before=before: service.runs > before and not service.busy()))
            worker.append(time.perf_counter() - t0 - service.DEBOUNCE_MS / 1000)
        window.dock_insights.hide()
        window.dock_charts.hide()
        app.processEvents()
        hidden_runs, hidden = 0, []
        for n in range(b.runs):
            before = service.runs
            rename(b.runs + n)
            hidden.append(_stalls_during(service.DEBOUNCE_MS / 1000 + 0.5))
            hidden_runs += service.runs - before
    finally:
        close_window(window)
    value = median(shown)
    return [
        Row("analysis.shown", f"analysis after a rename, {b.cards:,} cards, Insights shown: longest UI-thread stall",
            value, target="≤ 16 ms (never on the UI thread)", holds=value <= FRAME_S,
            note=f"the analysis itself, in the worker: {median(worker):.2f} s after the {service.DEBOUNCE_MS} ms pause",
            samples={"app": shown, "worker": worker}),
        Row("analysis.hidden", "analyses run after a rename with the docks hidden", float(hidden_runs), unit="",
            target="0 (only for shown panels)", holds=hidden_runs == 0,
            note=f"longest UI-thread stall meanwhile {median(hidden) * 1000:.1f} ms",
            samples={"stall": hidden}),
    ]


# -- analyze --json against info --json ----------------------------------------------------------------
def figure_analyze(b: Bench) -> list[Row]:
    env = {**os.environ, "CXDESIGNER_DATA_DIR": str(b.folder / "data-cli")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    def cli(*args: str) -> Callable[[], float]:
        def run() -> float:
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "cxdesigner", *args], env=env, check=True, capture_output=True)
            return time.perf_counter() - t0

        return run

    rows, per_card = [], []
    for cards in (b.cards, 4 * b.cards):
        path = str(b.project(cards))
        cli("info", path, "--json")()  # warm-up: bytecode and disk caches
        floors, apps = interleaved(cli("info", path, "--json"), cli("analyze", path, "--json"), b.runs)
        value, low = median(apps), median(floors)
        per_card.append(value / cards)
        rows.append(Row(f"analyze.{cards}", f"analyze --json, {cards:,} cards", value, low,
                        target="≤ 1.3× info --json", holds=value <= 1.3 * low, note="floor: info --json",
                        samples={"app": apps, "floor": floors}))
    growth = per_card[1] / per_card[0]
    rows.append(Row("analyze.growth", f"analyze --json time per card, {4 * b.cards:,} against {b.cards:,}", growth,
                    unit="×", target="≤ 1.25× (linear in cards)", holds=growth <= 1.25))
    return rows


# -- export --------------------------------------------------------------------------------------------
def figure_export(b: Bench) -> list[Row]:
    from generate import generate
    from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRectF, QSize
    from PySide6.QtGui import QImage, QPainter, QPainterPath, QPdfWriter, QPolygonF
    from PySide6.QtSvg import QSvgGenerator
    from PySide6.QtWidgets import (
        QGraphicsPathItem,
        QGraphicsPolygonItem,
        QGraphicsRectItem,
        QGraphicsScene,
        QGraphicsSimpleTextItem,
    )

    from cxdesigner.canvas import style
    from cxdesigner.canvas.items import wrap_text
    from cxdesigner.exchange import mapexport

    _app()
    project = generate(b.export_cards, journeys=1)
    jid = project.journeys()[0].id
    options = mapexport.MapOptions(dpi=96)
    reference = mapexport.journey_map(project, jid, options)
    rect = reference.full_rect()

    def plain() -> QGraphicsScene:
        """The same content as plain items at the map's places: per card its box, title, channel, emotion
        chip and badge counts; per connection its route, arrowhead and label; the cells and the curve."""
        fonts = reference.fonts
        layout = reference.layout
        scene = QGraphicsScene(rect)
        for (_sid, _lid), r in layout.cells():
            scene.addItem(QGraphicsRectItem(r.x, r.y, r.w, r.h))
        for tp in project.touchpoints(jid):
            r = layout.cards[tp.id]
            badges = f"! {len(tp.pain_points)}  * {len(tp.opportunities)}"
            scene.addItem(QGraphicsRectItem(r.x, r.y, r.w, r.h))
            scene.addItem(QGraphicsRectItem(r.right - 38, r.y + 7, 28, 18))
            for text, x, y, font in (
                ("\n".join(wrap_text(tp.title, fonts.title, r.w - 22)), r.x + 11, r.y + 30, fonts.title),
                (tp.channel, r.x + 34, r.y + 8, fonts.meta),
                (str(tp.emotion), r.right - 30, r.y + 8, fonts.chip),
                (badges, r.x + 11, r.bottom - 22, fonts.badge),
            ):
                item = QGraphicsSimpleTextItem(text)
                item.setFont(font)
                item.setPos(x, y)
                scene.addItem(item)
        for c in project.connections(jid):
            route = reference.connection_item(c.id).route
            path = QPainterPath()
            path.moveTo(*route.points[0])
            for p in route.points[1:]:
                path.lineTo(*p)
            scene.addItem(QGraphicsPathItem(path))
            (ax, ay), (bx, by) = route.points[-2:]
            ux, uy = (bx > ax) - (bx < ax), (by > ay) - (by < ay)
            arrow = [
                (bx, by),
                (bx - 9 * ux - 4.5 * uy, by - 9 * uy + 4.5 * ux),
                (bx - 9 * ux + 4.5 * uy, by - 9 * uy - 4.5 * ux),
            ]
            scene.addItem(QGraphicsPolygonItem(QPolygonF([QPointF(*p) for p in arrow])))
            if c.label:
                label = QGraphicsSimpleTextItem(c.label)
                label.setFont(fonts.label)
                at = route.label.rect if getattr(route, "label", None) else None
                label.setPos(*((at.x, at.y) if at is not None else route.points[len(route.points) // 2]))
                scene.addItem(label)
        curve = QPainterPath()
        for i, (x, y, _e, _t) in enumerate(reference.curve_item.points):
            curve.lineTo(x, y) if i else curve.moveTo(x, y)
        scene.addItem(QGraphicsPathItem(curve))
        return scene

    def render(scene: QGraphicsScene, device: Any) -> None:
        painter = QPainter(device)
        scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        painter.end()

    def to_png() -> None:
        # Encoded as the export encodes an opaque map (no alpha, the same zlib level): the figure
        # compares drawing, not two encoder settings.
        image = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_RGB32)
        image.fill(style.PAPER)
        render(plain(), image)
        buf = QBuffer()
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buf, "PNG", mapexport.PNG_QUALITY)

    def to_svg() -> None:
        buf = QBuffer()
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        gen = QSvgGenerator()
        gen.setOutputDevice(buf)
        gen.setResolution(style.scene_dpi())
        gen.setSize(QSize(int(rect.width()), int(rect.height())))
        render(plain(), gen)

    def to_pdf() -> None:
        buf = QBuffer()
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QPdfWriter(buf)
        writer.setResolution(style.scene_dpi())
        render(plain(), writer)

    rows = []
    for fmt, floor, ours in (
        ("PNG", to_png, mapexport.png_bytes),
        ("SVG", to_svg, mapexport.svg_bytes),
        ("PDF", to_pdf, mapexport.pdf_bytes),
    ):
        floors, apps = interleaved(timed(floor), timed(lambda ours=ours: ours(project, jid, options)), b.runs)
        value, low = median(apps), median(floors)
        rows.append(Row(f"export.{fmt.lower()}", f"export {b.export_cards:,} cards: {fmt}", value, low,
                        target="≤ 1.3× floor", holds=value <= 1.3 * low,
                        note="floor: the same content as plain items" if fmt == "PNG" else "",
                        samples={"app": apps, "floor": floors}))
    return rows


# -- drag ----------------------------------------------------------------------------------------------
def figure_drag(b: Bench) -> list[Row]:
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtTest import QTest

    app = _app()
    doc, editor = open_editor(b.project())
    firsts, p95s, slowest, drops = [], [], [], []
    cpu_firsts, cpu_p95s, cpu_slowest, cpu_drops = [], [], [], []
    try:
        scene, view = editor.scene, editor.view
        view.reset_zoom()
        for _ in range(b.runs):
            layout = scene.layout
            # A card near the top of a stack in the middle of the map, dragged four places down its stack:
            # in a journey this size the next column is thousands of pixels away. A tiny journey has
            # shorter stacks: its tallest one, top to bottom.
            stage = layout.stage_ids[len(layout.stage_ids) // 2]
            cells = [(stage, lid) for lid in layout.lane_ids]
            if max(len(layout.cell_order.get(c, ())) for c in cells) < 6:
                cells = list(layout.cell_order)
            stack = max((layout.cell_order.get(c, []) for c in cells), key=len)
            if len(stack) < 2:
                break
            src, dst = (1, 5) if len(stack) >= 6 else (0, len(stack) - 1)
            tid = stack[src]
            card = scene.card_item(tid)
            below = layout.cards[stack[dst]]
            view.centerOn(card.mapToScene(card.card_rect().center()))
            app.processEvents()
            vp = view.viewport()
            vp.grab()
            start = view.mapFromScene(card.mapToScene(card.card_rect().center()))
            end = view.mapFromScene(QPointF(below.cx, below.bottom - 10))
            steps: list[float] = []
            cpu: list[float] = []  # the process's CPU time per step: what the machine's load cannot stretch
            QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
            app.processEvents()
            for i in range(1, 41):
                t0, c0 = time.perf_counter(), time.process_time()
                QTest.mouseMove(vp, start + (end - start) * i / 40)
                app.processEvents()  # the scene repaints what changed, as it does for a hand on the mouse
                steps.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
            t0, c0 = time.perf_counter(), time.process_time()
            QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
            app.processEvents()
            drops.append(time.perf_counter() - t0)
            cpu_drops.append(time.process_time() - c0)
            if doc.project.get("touchpoint", tid).position != dst:
                raise RuntimeError("the dragged card did not move")
            firsts.append(steps[0])
            p95s.append(p95(steps))
            slowest.append(max(steps))
            cpu_firsts.append(cpu[0])
            cpu_p95s.append(p95(cpu))
            cpu_slowest.append(max(cpu))
        across = _drops_into_other_cells(app, doc, scene, view, b.runs)
    finally:
        close_editor(doc, editor)
    if not drops:
        return [Row("drag", f"drag one card in {b.cards:,} cards", None, note="skipped: no cell holds two cards")]
    step_target = f"≤ {FRAME_S * 1000:.0f} ms"
    rows = []
    for key, what in (("stage", "the next stage"), ("lane", "the next lane")):
        walls, cpus = across[key]
        if walls:
            rows.append(Row(f"drag.drop_{key}", f"drag in {b.cards:,} cards: drop into {what}", median(walls),
                            target="≤ 100 ms", holds=median(walls) <= 0.100, note=cpu_note(cpus),
                            samples={"app": walls, "cpu": cpus}))
    return [
        Row("drag.first", f"drag in {b.cards:,} cards: first step", median(firsts), target=step_target,
            holds=median(firsts) <= FRAME_S, note=cpu_note(cpu_firsts), samples={"app": firsts, "cpu": cpu_firsts}),
        Row("drag.p95", f"drag in {b.cards:,} cards: step (p95)", median(p95s), target=step_target,
            holds=median(p95s) <= FRAME_S, note=cpu_note(cpu_p95s), samples={"app": p95s, "cpu": cpu_p95s}),
        Row("drag.slowest", f"drag in {b.cards:,} cards: slowest step", median(slowest), target=step_target,
            holds=median(slowest) <= FRAME_S, note=cpu_note(cpu_slowest),
            samples={"app": slowest, "cpu": cpu_slowest}),
        Row("drag.drop", f"drag in {b.cards:,} cards: drop", median(drops), target="≤ 100 ms",
            holds=median(drops) <= 0.100, note=cpu_note(cpu_drops), samples={"app": drops, "cpu": cpu_drops}),
        *rows,
    ]


def _drops_into_other_cells(app, doc, scene, view, runs: int) -> dict[str, tuple[list[float], list[float]]]:  # type: ignore[no-untyped-def]
    """Drops of a card from a stack into the next stage's stack and the next lane's, and back: a move
    between cells shifts two stacks and the connections of both, where a move within one shifts one.
    The card goes above the other stack's third card (or below its last, in a small map)."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtTest import QTest

    out: dict[str, tuple[list[float], list[float]]] = {"stage": ([], []), "lane": ([], [])}
    vp = view.viewport()
    layout = scene.layout
    stages, lanes = layout.stage_ids, layout.lane_ids
    if len(stages) < 2 or len(lanes) < 2:
        return out
    home = (stages[len(stages) // 2], lanes[1])
    if len(layout.cell_order.get(home, ())) < 2:  # a small map: its tallest stack
        home = max(layout.cell_order, key=lambda c: len(layout.cell_order[c]))
    si, li = stages.index(home[0]), lanes.index(home[1])
    aways = {
        "stage": (stages[si + 1 if si + 1 < len(stages) else si - 1], home[1]),
        "lane": (home[0], lanes[li + 1 if li + 1 < len(lanes) else li - 1]),
    }
    for _ in range(runs):
        for key, away in aways.items():
            for src, dst in ((home, away), (away, home)):
                layout = scene.layout
                stack, target = layout.cell_order.get(src, []), layout.cell_order.get(dst, [])
                if not stack:
                    return out
                tid = stack[min(1, len(stack) - 1)]
                card = scene.card_item(tid)
                if len(target) >= 3:
                    at = layout.cards[target[2]]
                    point = QPointF(at.cx, at.y + 10)
                else:
                    cell = layout.cell_rect(*dst)
                    point = QPointF(cell.cx, cell.bottom - 10)
                # The other cell can be further away than the viewport reaches (the next stage's stack
                # 3,500 px, the next lane's 12,000 px at 5,000 cards): the view scrolls along with the
                # pointer, as it does under a hand at a window's edge, and the drop lands at 100 %.
                centre = card.mapToScene(card.card_rect().center())
                view.centerOn(centre)
                app.processEvents()
                QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                                 view.mapFromScene(centre))
                app.processEvents()
                for i in range(1, 11):
                    at = centre + (point - centre) * i / 10
                    view.centerOn(at)
                    QTest.mouseMove(vp, view.mapFromScene(at))
                    app.processEvents()
                end = view.mapFromScene(point)
                t0, c0 = time.perf_counter(), time.process_time()
                QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
                app.processEvents()
                out[key][0].append(time.perf_counter() - t0)
                out[key][1].append(time.process_time() - c0)
                moved = doc.project.get("touchpoint", tid)
                if (moved.stage_id, moved.lane_id) != dst:
                    raise RuntimeError("the dragged card did not reach the other cell")
    return out


def cpu_note(samples: list[float]) -> str:
    return f"CPU time of the process: {_show(median(samples), 's')}"


# -- memory --------------------------------------------------------------------------------------------
def _child_memory(what: str, path: Path, cards: int) -> None:
    held = plain_scene(path, cards) if what == "plain" else open_editor(path)
    if what != "plain":
        # The whole map open: the items the first paint left for later made (any accessor makes them).
        held[1].scene.card_items()
    # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child would report its parent's peak.
    status = Path("/proc/self/status").read_text()
    peak = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")) / 1024
    print(f"{peak:.1f}")
    del held


def figure_memory(b: Bench) -> list[Row]:
    path = b.project()
    if not Path("/proc/self/status").exists():
        return [Row("memory", "peak memory", None, unit="MB", note="skipped: needs Linux's /proc")]

    def child(what: str) -> Callable[[], float]:
        def run() -> float:
            proc = subprocess.run(
                [sys.executable, __file__, "--child-memory", what, str(path), str(b.cards)],
                capture_output=True, text=True, check=True,
                env={**os.environ, "CXDESIGNER_DATA_DIR": str(b.folder / "data-memory")},
            )
            return float(proc.stdout.strip().splitlines()[-1])

        return run

    floors, apps = interleaved(child("plain"), child("editor"), b.runs)
    value = median(apps)
    return [Row("memory", f"peak memory, {b.cards:,} cards open in the editor", value, median(floors), unit="MB",
                target="≤ 250 MB", holds=value <= 250, note="floor: the plain scene",
                samples={"app": apps, "floor": floors})]


# -- save ----------------------------------------------------------------------------------------------
def _copy_fsync_rename(source: Path, target: Path) -> None:
    tmp = target.with_name(target.name + ".tmp")
    shutil.copyfile(source, tmp)
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, target)
    fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def figure_save(b: Bench) -> list[Row]:
    import cxdesigner

    out = b.folder / "saved"
    out.mkdir(exist_ok=True)
    doc = cxdesigner.open_project(b.project())
    try:
        target, plain = out / "published.cxd", out / "copied.cxd"
        doc.save_as(target)  # the first save of a new name; the figure is saving again
        floors, apps = interleaved(
            timed(lambda: _copy_fsync_rename(doc.working_copy.path, plain)), timed(doc.save), b.runs
        )
    finally:
        doc.close()
    value, low = median(apps), median(floors)
    return [Row("save", f"save (publish) {b.cards:,} cards", value, low, target="≤ 2× floor", holds=value <= 2 * low,
                note="floor: copy + fsync + rename", samples={"app": apps, "floor": floors})]


# -- running -------------------------------------------------------------------------------------------
FIGURES: dict[str, Callable[[Bench], list[Row]]] = {
    "start": figure_start,
    "open": figure_open,
    "undo": figure_undo,
    "commit": figure_commit,
    "analysis": figure_analysis,
    "analyze": figure_analyze,
    "export": figure_export,
    "drag": figure_drag,
    "memory": figure_memory,
    "save": figure_save,
}


def machine() -> dict[str, Any]:
    """What the numbers were measured on, and how busy it was."""
    from PySide6 import __version__ as pyside

    try:
        load = list(os.getloadavg())
    except OSError:
        load = []
    return {
        "python": platform.python_version(),
        "pyside6": pyside,
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": load,
    }


def busy_seconds() -> float | None:
    """CPU seconds every core of the machine has spent busy since boot (``/proc/stat``); None elsewhere.

    The load average in a container can miss other containers' work on the same cores (seen here: it
    said 1.3 while both cores were busy); the kernel's own counters do not.
    """
    try:
        with open("/proc/stat", encoding="ascii") as f:
            ticks = [int(t) for t in f.readline().split()[1:9]]  # user nice system idle iowait irq softirq steal
    except (OSError, ValueError):
        return None
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def own_seconds() -> float:
    """CPU seconds of this process and the children it has waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


@dataclass
class Args:
    cards: int
    runs: int
    only: list[str]
    out: Path


def parse(argv: list[str]) -> Args:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=5000, help="cards in the main journey (default 5000)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each figure; medians are reported (default 5)")
    parser.add_argument("--only", default="", help=f"comma-separated figures among {', '.join(FIGURES)}")
    parser.add_argument("--out", type=Path, default=HERE / "results.json", help="where to write the results")
    ns = parser.parse_args(argv)
    only = [name for name in ns.only.split(",") if name] or list(FIGURES)
    unknown = [name for name in only if name not in FIGURES]
    if unknown:
        parser.error(f"unknown figure(s): {', '.join(unknown)}")
    if ns.cards < 20 or ns.runs < 1:
        parser.error("--cards must be at least 20 and --runs at least 1")
    return Args(ns.cards, ns.runs, only, ns.out)


def run(args: Args) -> list[Row]:
    folder = Path(tempfile.mkdtemp(prefix="cxd-suite-"))
    # Working copies and settings go to the scratch folder, never the user's.
    os.environ["CXDESIGNER_DATA_DIR"] = str(folder / "data")
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    # A child killed while Python probes its temporary folder leaves an empty probe file there:
    # the children's temporary folder is inside ours, which is removed at the end.
    (folder / "tmp").mkdir()
    os.environ["TMPDIR"] = str(folder / "tmp")
    bench = Bench(args.cards, args.runs, folder)
    rows: list[Row] = []
    try:
        for name in args.only:
            t0 = time.perf_counter()
            print(f"[{name}] ...", file=sys.stderr, flush=True)
            rows += FIGURES[name](bench)
            print(f"[{name}] {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def write_results(args: Args, rows: list[Row], started: dict[str, Any]) -> None:
    ended = machine()
    data = {
        "cards": args.cards,
        "runs": args.runs,
        "machine": {**started, "load_average_after": ended["load_average"]},
        "figures": [r.as_json() for r in rows],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child-memory"]:
        _child_memory(argv[1], Path(argv[2]), int(argv[3]))
        return 0
    args = parse(argv)
    started = machine()
    busy0, own0, wall0 = busy_seconds(), own_seconds(), time.perf_counter()
    rows = run(args)
    print(f"\n{args.cards:,} cards, medians of {args.runs} run(s); load average {started['load_average']}")
    busy1 = busy_seconds()
    if busy0 is not None and busy1 is not None:
        # What else ran meanwhile: the machine's busy time less this suite's own (and its children's).
        others = max(0.0, (busy1 - busy0) - (own_seconds() - own0))
        wall = time.perf_counter() - wall0
        started["others_cpu_s"], started["wall_s"] = round(others, 1), round(wall, 1)
        # The kernel's own work for the suite (writing back its files, its fsyncs) counts here too.
        print(f"CPU used beside the suite's own processes: {others:.1f} s in the {wall:.1f} s of the run "
              f"({others / wall:.0%} of one core; other processes and the kernel's work)")
    print_table(rows)
    write_results(args, rows, started)
    print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
