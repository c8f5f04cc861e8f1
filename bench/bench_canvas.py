"""Canvas benchmark (not a test): a 2,000-card / 2,500-connection journey, timed end to end.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_canvas.py [cards] [connections]
Screenshots of the editor in a 1600x1000 window:
     .venv/bin/python bench/bench_canvas.py --screenshot out.png [--template hotel|--cards 200] [--lang es]
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CXDESIGNER_DATA_DIR", tempfile.mkdtemp(prefix="cxd-bench-"))

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

import cxdesigner
from cxdesigner.canvas import JourneyEditor
from cxdesigner.canvas.render import render_image, render_journey
from cxdesigner.document import Selection
from cxdesigner.document import commands as dc
from cxdesigner.model import Connection, Touchpoint, new_id
from cxdesigner.qtcommands import UndoStack


def build_journey(doc, cards: int, connections: int, seed: int = 1) -> str:
    """Cards spread over 8 stages × 6 lanes; connections mostly forward, some back and across."""
    rng = random.Random(seed)
    jid = doc.project.journeys()[0].id
    for name in ("Onboarding", "Renewal"):
        doc.add_stage(jid, name, "after")
    doc.add_lane(jid, "Partners", "backstage")
    stages = doc.project.stages(jid)
    lanes = doc.project.lanes(jid)
    counts: dict[tuple[str, str], int] = {}
    entities = []
    ids: list[tuple[str, int]] = []
    for i in range(cards):
        si = min(len(stages) - 1, int(i / cards * len(stages)))
        s, ln = stages[si], lanes[rng.randrange(len(lanes))]
        pos = counts.get((s.id, ln.id), 0)
        counts[(s.id, ln.id)] = pos + 1
        tp = Touchpoint(
            id=new_id("tp"),
            journey_id=jid,
            stage_id=s.id,
            lane_id=ln.id,
            position=pos,
            title=f"Touchpoint {i}: "
            + " ".join(rng.choice(["check", "pay", "wait", "call", "read"]) for _ in range(rng.randrange(1, 9))),
            channel=rng.choice(["", "phone", "web", "app", "store", "email"]),
            emotion=rng.choice([None, -3, -2, -1, 0, 1, 2, 3]),
            pain_points=("slow",) * rng.randrange(0, 3),
        )
        entities.append(tp)
        ids.append((tp.id, si))
    for _ in range(connections):
        a, sa = rng.choice(ids)
        forward = [t for t, st in ids if st in (sa, sa + 1) and t != a] if rng.random() < 0.8 else []
        b = rng.choice(forward) if forward else rng.choice(ids)[0]
        if b == a:
            continue
        entities.append(
            Connection(
                id=new_id("cn"),
                journey_id=jid,
                source_id=a,
                target_id=b,
                kind=rng.choice(["normal"] * 6 + ["alternative", "failure", "loop_back"]),
            )
        )
    doc.execute(dc.AddEntitiesCommand(entities))
    return jid


class SceneClock:
    """Time spent inside the scene's change handler: the canvas's own share of an edit."""

    def __init__(self, scene) -> None:
        self.total = 0.0
        original = scene._follow

        def follow(changes):
            t0 = time.perf_counter()
            try:
                original(changes)
            finally:
                self.total += time.perf_counter() - t0

        scene._follow = follow


CLOCK: SceneClock | None = None


def timed(label: str, fn: Callable[[], object], repeat: int = 1) -> float:
    samples, canvas = [], []
    for _ in range(repeat):
        before = CLOCK.total if CLOCK else 0.0
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
        canvas.append((CLOCK.total if CLOCK else 0.0) - before)
    value = statistics.median(samples) * 1000
    share = statistics.median(canvas) * 1000
    extra = f"  canvas {share:7.1f} ms" if share else ""
    extra += f"  (median of {repeat})" if repeat > 1 else ""
    print(f"  {label:<50} {value:8.1f} ms{extra}")
    return value


def screenshot(path: str, template: str | None, lang: str, cards: int) -> None:
    """The editor in a 1600x1000 main window, as a facilitator sees it at 100 %."""
    from PySide6.QtWidgets import QMainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    doc = cxdesigner.new_project(None, template=template, lang=lang)
    if template is None:
        build_journey(doc, cards, cards * 5 // 4)
    window = QMainWindow()
    editor = JourneyEditor(doc, UndoStack(doc), Selection())
    window.setCentralWidget(editor)
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    window.grab().save(path)
    print(f"saved {path}")
    editor.detach()
    doc.close()


def main() -> None:
    args = sys.argv[1:]
    if "--screenshot" in args:

        def opt(name: str, default: str | None) -> str | None:
            return args[args.index(name) + 1] if name in args else default

        screenshot(
            str(opt("--screenshot", "canvas.png")),
            opt("--template", None),
            str(opt("--lang", "en")),
            int(opt("--cards", "200") or 200),
        )
        return
    cards = int(args[0]) if args else 2000
    connections = int(args[1]) if len(args) > 1 else 2500
    app = QApplication.instance() or QApplication(sys.argv[:1])
    doc = cxdesigner.new_project(None)
    t0 = time.perf_counter()
    jid = build_journey(doc, cards, connections)
    n_conn = len(doc.project.connections(jid))
    print(
        f"journey: {cards} cards, {n_conn} connections (model + working copy built in "
        f"{(time.perf_counter() - t0) * 1000:.0f} ms)"
    )
    stack = UndoStack(doc)
    editor = JourneyEditor(doc, stack, Selection())
    editor.resize(1600, 1000)
    editor.show()
    app.processEvents()
    scene = editor.scene
    global CLOCK
    CLOCK = SceneClock(scene)
    print("canvas (total includes the command's SQLite write with synchronous=FULL; 'canvas' is the scene's share):")
    timed(
        "scene build (set_journey: items, layout, routes)",
        lambda: (scene.set_journey(None), scene.set_journey(jid)),
        repeat=3,
    )
    def fresh_map() -> None:
        scene._maps.clear()  # the scene keeps recent maps for undo and redo: time a new one
        scene.compute_map()

    timed("full layout + route computation only (compute_map)", fresh_map, repeat=3)
    tps = doc.project.touchpoints(jid)
    victim = tps[len(tps) // 2]
    titles = iter(f"Renamed {i}" for i in range(1000))
    timed(
        "single edit: rename one card (command + update)",
        lambda: editor.update_cards([victim.id], title=next(titles)),
        repeat=5,
    )
    emotions = iter([-3, 3] * 10)
    timed(
        "single edit: emotion of one card (+ curve)",
        lambda: editor.update_cards([victim.id], emotion=next(emotions)),
        repeat=5,
    )
    cell = (victim.stage_id, victim.lane_id)
    timed("add one card (relayout, moved items, reroutes)", lambda: editor.add_card(cell, "new card"), repeat=5)
    layout = scene.layout
    last_stage, last_lane = layout.stage_ids[-1], layout.lane_ids[0]
    timed(
        "drop one card in another stage (MoveTouchpoints)",
        lambda: editor.move_cards([victim.id], (last_stage, last_lane), 0),
        repeat=1,
    )
    timed("undo that move", stack.undo)

    # A real drag through the viewport, press to release (the command runs on release).
    editor.view.reset_zoom()
    item = scene.card_item(tps[0].id)
    start = editor.view.mapFromScene(item.mapToScene(item.card_rect().center()))
    target = scene.layout.cell_rect(scene.layout.stage_ids[1], scene.layout.lane_ids[0])
    editor.view.ensureVisible(target.x, target.y, 10, 10)
    start = editor.view.mapFromScene(item.mapToScene(item.card_rect().center()))
    end = editor.view.mapFromScene(QPointF(target.cx, target.y + 30))
    vp = editor.view.viewport()

    def drag() -> None:
        QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        for i in range(1, 11):
            QTest.mouseMove(vp, start + (end - start) * i / 10)
        QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)

    timed("mouse drag of a card, 10 moves + drop", drag)
    timed("fit journey (Ctrl+0)", editor.view.fit_journey, repeat=3)
    timed("paint the whole map at fit zoom (viewport grab)", lambda: vp.grab(), repeat=3)
    editor.view.reset_zoom()
    timed("paint one screen at 100 % (viewport grab)", lambda: vp.grab(), repeat=3)
    timed("export scene build (render_journey)", lambda: render_journey(doc, jid), repeat=1)
    export = render_journey(doc, jid)
    rect = export.full_rect()
    timed(
        f"export render to image at 25 % ({rect.width():.0f}×{rect.height():.0f} map)",
        lambda: render_image(export, 0.25),
    )
    editor.detach()
    doc.close()


if __name__ == "__main__":
    main()
