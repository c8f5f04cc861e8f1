"""The canvas figures of issue 14, each next to its floor (not a test; numbers for people).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_figures.py [open|undo|drag|memory|export|all] [--cards N]

open    a saved 5,000-card project to a painted 1600×1000 editor, against a plain sqlite3 read
        of the same rows and 10,000 plain QGraphics items painted in a view of the same size
undo    undo and redo of pasting 500 cards into the 5,000-card journey: the document alone
        (no scene following) and with the editor following (the window paints between commands)
drag    a mouse drag of one card at 100 % in the 5,000-card editor, four places down its stack:
        every step (the event and the repaint it causes), the first step and the drop
memory  peak resident memory of a process that opens the 5,000-card project into the editor,
        and of one that builds the plain scene
export  PNG, SVG and PDF of a 1,000-card journey, against the same content as plain Qt items (boxes,
        simple text, paths and polygons at the map's places) through scene.render, QSvgGenerator
        and QPdfWriter

The projects come from bench/generate.py (seeded), written once into a temporary folder.
``--cards N`` measures open, undo (pasting a tenth), drag and memory at another size.
The machine's other work shows in the numbers: compare figures from one run.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parent))

CARDS = 5000
PASTED = 500
EXPORT_CARDS = 1000


def _app():  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1])


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def _row(label: str, value: float, floor: float | None = None) -> None:
    ratio = f"   {value / floor:5.1f}× floor ({_ms(floor).strip()})" if floor else ""
    print(f"  {label:<48} {_ms(value)}{ratio}")


def _best(fn: Callable[[], object], repeat: int = 3) -> float:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return min(samples)


def saved_project(folder: Path, cards: int) -> Path:
    from generate import write

    path = folder / f"gen-{cards}.cxd"
    if not path.exists():
        write(path, cards)
    return path


# -- open ------------------------------------------------------------------------------------------
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
    _app().processEvents()


def plain_scene(path: Path):  # type: ignore[no-untyped-def]
    """The floor: the rows read with sqlite3 and 10,000 plain items painted in a view."""
    from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsView

    app = _app()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        cards = conn.execute("SELECT * FROM touchpoints").fetchall()
        conn.execute("SELECT * FROM connections").fetchall()
    finally:
        conn.close()
    scene = QGraphicsScene()
    for i, row in enumerate(cards[:CARDS]):
        x, y = (i % 40) * 200.0, (i // 40) * 120.0
        rect = QGraphicsRectItem(x, y, 176, 100)
        scene.addItem(rect)
        text = QGraphicsSimpleTextItem(str(row[5])[:60])
        text.setPos(x + 8, y + 8)
        scene.addItem(text)
    view = QGraphicsView(scene)
    view.resize(1600, 1000)
    view.show()
    app.processEvents()
    view.viewport().grab()
    return scene, view


def figure_open(folder: Path) -> None:
    path = saved_project(folder, CARDS)
    _app()
    held: list = []

    def floor() -> None:
        held.append(plain_scene(path))

    def ours() -> None:
        held.append(open_editor(path))

    floor_s = _best(floor)
    for _scene, view in held:
        view.close()
        view.deleteLater()
    held.clear()
    ours_s = _best(ours)
    for doc, editor in held:
        close_editor(doc, editor)
    print(f"open {CARDS:,} cards to a painted canvas (best of 3):")
    _row(f"plain sqlite3 read + {2 * CARDS:,} plain items", floor_s)
    _row("open_project + editor shown and painted", ours_s, floor_s)


# -- undo / redo of a paste -------------------------------------------------------------------------
def figure_undo(folder: Path) -> None:
    import cxdesigner
    from cxdesigner.document import commands as dc
    from cxdesigner.layout import clipboard

    path = saved_project(folder, CARDS)
    _app()

    def paste(doc) -> None:  # type: ignore[no-untyped-def]
        jid = doc.project.journeys()[0].id
        ids = [tp.id for tp in doc.project.touchpoints(jid)][:PASTED]
        data = clipboard.decode(clipboard.to_json(clipboard.encode_cards(doc.project, ids)))
        entities, _ = clipboard.paste_entities(doc.project, data, jid)
        doc.execute(dc.AddEntitiesCommand(entities))

    def measure(doc, undo: Callable[[], object], redo: Callable[[], object]) -> tuple[float, float]:  # type: ignore[no-untyped-def]
        u, r = [], []
        for _ in range(3):
            t0 = time.perf_counter()
            undo()
            u.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            redo()
            r.append(time.perf_counter() - t0)
        return statistics.median(u), statistics.median(r)

    doc = cxdesigner.open_project(path)
    try:
        paste(doc)
        floor_u, floor_r = measure(doc, doc.undo, doc.redo)
    finally:
        doc.close()
    doc, editor = open_editor(path)
    try:
        paste(doc)
        app = _app()
        vp = editor.view.viewport()

        def painted(step: Callable[[], object]) -> Callable[[], None]:
            # Between two commands the window paints (and the scene indexes what moved).
            def run() -> None:
                app.processEvents()
                vp.grab()
                t0 = time.perf_counter()
                step()
                spent.append(time.perf_counter() - t0)

            return run

        spent: list[float] = []
        painted(lambda: None)()
        ours_u, ours_r = measure(doc, painted(editor.undo_stack.undo), painted(editor.undo_stack.redo))
        ours_u, ours_r = statistics.median(spent[1::2]), statistics.median(spent[2::2])
        print(f"undo / redo of pasting {PASTED} cards into {CARDS:,} (median of 3):")
        _row("document alone: undo", floor_u)
        _row("document alone: redo", floor_r)
        _row("editor following: undo", ours_u, floor_u)
        _row("editor following: redo", ours_r, floor_r)
        t0 = time.perf_counter()
        editor.undo_stack.undo()
        app.processEvents()
        editor.view.viewport().grab()
        _row("undo, then the screen painted", time.perf_counter() - t0)
    finally:
        close_editor(doc, editor)


# -- drag --------------------------------------------------------------------------------------------
def figure_drag(folder: Path) -> None:
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtTest import QTest

    path = saved_project(folder, CARDS)
    app = _app()
    doc, editor = open_editor(path)
    try:
        scene, view = editor.scene, editor.view
        view.reset_zoom()
        layout = scene.layout
        # A card near the top of a stack in the middle of the map, dragged four places down its
        # stack: in a journey this size the next column is thousands of pixels away.
        stage = layout.stage_ids[len(layout.stage_ids) // 2]
        lane = layout.lane_ids[1]
        stack = layout.cell_order[(stage, lane)]
        tid = stack[1]
        card = scene.card_item(tid)
        below = layout.cards[stack[5]]
        view.centerOn(card.mapToScene(card.card_rect().center()))
        app.processEvents()
        vp = view.viewport()
        start = view.mapFromScene(card.mapToScene(card.card_rect().center()))
        end = view.mapFromScene(QPointF(below.cx, below.bottom - 10))
        steps: list[float] = []
        QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        app.processEvents()
        for i in range(1, 41):
            t0 = time.perf_counter()
            QTest.mouseMove(vp, start + (end - start) * i / 40)
            app.processEvents()  # the scene repaints what changed, as it does for a hand on the mouse
            steps.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
        app.processEvents()
        drop = time.perf_counter() - t0
        moved = doc.project.cell(stage, lane)[5].id == tid
        ordered = sorted(steps)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        print(f"drag one card in {CARDS:,} cards at 100 % (40 steps, each event and the repaint it causes):")
        _row("first step", steps[0])
        _row("p95 step", p95)
        _row("slowest step", max(steps))
        _row("drop (command + scene + repaint)" + ("" if moved else "  [card did not move!]"), drop)
    finally:
        close_editor(doc, editor)


# -- memory ----------------------------------------------------------------------------------------
def _child(what: str, path: Path) -> None:
    held = plain_scene(path) if what == "plain" else open_editor(path)
    # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child would report its parent's peak.
    status = Path("/proc/self/status").read_text()
    peak = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")) / 1024
    print(f"{peak:.0f}")
    del held


def figure_memory(folder: Path) -> None:
    path = saved_project(folder, CARDS)
    out = {}
    for what in ("plain", "ours"):
        proc = subprocess.run(
            [sys.executable, __file__, "--child", what, str(path)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "CXDESIGNER_DATA_DIR": str(folder / "data")},
        )
        out[what] = float(proc.stdout.strip().splitlines()[-1])
    print(f"peak memory with {CARDS:,} cards open:")
    print(f"  {'plain scene':<48} {out['plain']:8.0f} MB")
    print(f"  {'editor':<48} {out['ours']:8.0f} MB   {out['ours'] / out['plain']:5.1f}× floor")


# -- export ----------------------------------------------------------------------------------------
def figure_export(folder: Path) -> None:
    from generate import generate
    from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRectF, QSize
    from PySide6.QtGui import QImage, QPainter, QPdfWriter
    from PySide6.QtSvg import QSvgGenerator
    from PySide6.QtWidgets import (
        QGraphicsPathItem,
        QGraphicsPolygonItem,
        QGraphicsRectItem,
        QGraphicsScene,
        QGraphicsSimpleTextItem,
    )

    from cxdesigner.canvas import style
    from cxdesigner.exchange import mapexport

    _app()
    project = generate(EXPORT_CARDS, journeys=1)
    jid = project.journeys()[0].id
    options = mapexport.MapOptions(dpi=96)
    reference = mapexport.journey_map(project, jid, options)
    rect = reference.full_rect()

    def plain() -> QGraphicsScene:
        """The same content as plain items at the map's places: per card its box, title, channel, emotion
        chip and badge counts; per connection its route, arrowhead and label; the cells and the curve."""
        from PySide6.QtGui import QPainterPath, QPolygonF

        from cxdesigner.canvas.items import wrap_text

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

    def to_png(scene) -> None:  # type: ignore[no-untyped-def]
        image = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        painter.end()
        buf = QBuffer()
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buf, "PNG")

    def to_svg(scene) -> None:  # type: ignore[no-untyped-def]
        buf = QBuffer()
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        gen = QSvgGenerator()
        gen.setOutputDevice(buf)
        gen.setResolution(style.scene_dpi())
        gen.setSize(QSize(int(rect.width()), int(rect.height())))
        painter = QPainter(gen)
        scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        painter.end()

    def to_pdf(scene) -> None:  # type: ignore[no-untyped-def]
        buf = QBuffer()
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QPdfWriter(buf)
        writer.setResolution(style.scene_dpi())
        painter = QPainter(writer)
        scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        painter.end()

    print(f"export a {EXPORT_CARDS:,}-card journey ({rect.width():.0f}×{rect.height():.0f} map, best of 3):")
    floors = {
        "PNG": _best(lambda: to_png(plain())),
        "SVG": _best(lambda: to_svg(plain())),
        "PDF": _best(lambda: to_pdf(plain())),
    }
    ours = {
        "PNG": _best(lambda: mapexport.png_bytes(project, jid, options)),
        "SVG": _best(lambda: mapexport.svg_bytes(project, jid, options)),
        "PDF": _best(lambda: mapexport.pdf_bytes(project, jid, options)),
    }
    for fmt in ("PNG", "SVG", "PDF"):
        _row(f"{fmt}: plain items (floor)", floors[fmt])
        _row(f"{fmt}: mapexport", ours[fmt], floors[fmt])
    build = _best(lambda: mapexport.journey_map(project, jid, options))
    _row("of which: the print scene built (journey_map)", build)


FIGURES: dict[str, Callable[[Path], None]] = {
    "open": figure_open,
    "undo": figure_undo,
    "drag": figure_drag,
    "memory": figure_memory,
    "export": figure_export,
}


def main(argv: list[str]) -> int:
    global CARDS, PASTED
    if argv[:1] == ["--child"]:
        _child(argv[1], Path(argv[2]))
        return 0
    if "--cards" in argv:
        # Another size for the open, undo, drag and memory figures (pastes a tenth of it).
        at = argv.index("--cards")
        CARDS = int(argv[at + 1])
        PASTED = max(1, CARDS // 10)
        argv = argv[:at] + argv[at + 2 :]
    wanted = argv or ["all"]
    names = list(FIGURES) if wanted == ["all"] else wanted
    folder = Path(tempfile.mkdtemp(prefix="cxd-figures-"))
    os.environ["CXDESIGNER_DATA_DIR"] = str(folder / "data")  # working copies, never the real data folder
    try:
        for name in names:
            FIGURES[name](folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
