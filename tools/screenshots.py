"""Retake the user guide's screenshots (docs/guide/images/) from the sample project under Xvfb: `make screenshots`.

Run from the repository root. Without a display of its own choosing it starts itself again under
``xvfb-run`` with openbox (window frames, as a user sees them), in throwaway settings and data folders
(``HOME``, ``XDG_CONFIG_HOME``, ``XDG_DATA_HOME``, ``CXDESIGNER_DATA_DIR``) that it removes afterwards, so the
shots never show this machine's recent files or preferences. Inside, it drives the real window
with Qt's own test events (no sleeps to tune: each step waits until what it shows is there).

Needs: xvfb, openbox, poppler-utils (pdftoppm, for the report page).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "guide" / "images"
SCREEN = (1440, 900)
INSIDE = "CXDESIGNER_SHOTS_INSIDE"
# The join screen shows the address phones type. The shots run on no network, so the server listens
# on loopback and the screen shows a documentation-style private address instead (nothing connects).
SHOWN_ROOM_HOST = "192.168.1.23"


def outside(args: argparse.Namespace) -> int:
    """Start Xvfb with openbox and this script inside, in folders of its own."""
    missing = [tool for tool in ("xvfb-run", "openbox", "pdftoppm") if shutil.which(tool) is None]
    if missing:
        print(f"screenshots: missing {', '.join(missing)} (apt-get install xvfb openbox poppler-utils)",
              file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="cxdesigner-shots-"))
    try:
        env = dict(os.environ)
        env.update({
            INSIDE: "1",
            "XDG_CONFIG_HOME": str(tmp / "config"),
            "XDG_DATA_HOME": str(tmp / "data"),
            "CXDESIGNER_DATA_DIR": str(tmp / "cxdesigner"),
            # The start page shows recent paths from the home folder as ~/…: a plain home, not this machine's.
            "HOME": str(tmp / "home"),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
            "LANG": "C.UTF-8",
        })
        for name in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "CXDESIGNER_LANG"):
            env.pop(name, None)
        script = (
            'openbox >/dev/null 2>&1 & ob=$!; sleep 1; '
            '"$0" "$@"; rc=$?; kill $ob; exit $rc'
        )
        inner = [sys.executable, str(Path(__file__).resolve()), "--out", str(args.out), "--work", str(tmp)]
        if args.only:
            inner += ["--only", args.only]
        screen = f"-screen 0 {SCREEN[0]}x{SCREEN[1]}x24"
        return subprocess.call(["xvfb-run", "-a", "-s", screen, "sh", "-c", script, *inner], env=env, cwd=ROOT)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def inside(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QPoint, QRect, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QMessageBox, QWidget

    from cxdesigner import api, qti18n, settings
    from cxdesigner import app as cxapp
    from cxdesigner.canvas.items import qrect
    from cxdesigner.dialogs.export_map import ExportMapDialog
    from cxdesigner.mainwindow import MainWindow
    from cxdesigner.window import theme

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    work = Path(args.work)
    wanted = set(args.only.split(",")) if args.only else None
    # Where a user keeps projects: the start page lists them as ~/Projects/…, as on a real desk.
    projects = Path.home() / "Projects"
    sample = api.make_sample(projects / "sample.cxd")

    qapp = cxapp.application([sys.argv[0]])
    cxapp.configure(qapp)
    theme.follow_system(qapp)
    qti18n.apply("en")

    def wait(condition: Callable[[], object], what: str, timeout: float = 20.0) -> None:
        end = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > end:
                raise SystemExit(f"screenshots: timed out waiting for {what}")
            QTest.qWait(50)

    def settle(ms: int = 400) -> None:
        QTest.qWait(ms)  # repaints and openbox's frames: what a person would see a moment later

    written: list[str] = []

    def shot(name: str, widget: QWidget | None = None, margin: int = 0) -> None:
        """The whole screen, or one top-level window with its frame."""
        if wanted is not None and name not in wanted:
            return
        settle()
        screen = QGuiApplication.primaryScreen()
        if widget is None:
            pixmap = screen.grabWindow(0)
        else:
            frame = widget.frameGeometry().adjusted(-margin, -margin, margin, margin)
            frame = frame.intersected(QRect(QPoint(0, 0), screen.size()))
            pixmap = screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
        path = out / f"{name}.png"
        if not pixmap.save(str(path)):
            raise SystemExit(f"screenshots: could not write {path}")
        written.append(path.name)

    def card_point(editor, card_id: str) -> QPoint:
        item = editor.scene.card_item(card_id)
        rect = item.mapRectToScene(item.card_rect())
        editor.view.ensureVisible(rect, 40, 40)
        return editor.view.mapFromScene(rect.center())

    def click_card(editor, card_id: str, button=Qt.MouseButton.LeftButton) -> None:
        QTest.mouseClick(editor.view.viewport(), button, Qt.KeyboardModifier.NoModifier, card_point(editor, card_id))

    def shown_window(lang: str) -> MainWindow:
        # Unsaved changes are discarded without asking: the run's projects are throwaway copies.
        window = MainWindow(ui_lang=lang)
        window.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
        window.showMaximized()
        wait(lambda: window.isVisible() and window.width() > 1000, f"the main window ({lang})")
        return window

    window = shown_window("en")

    # 1. The start page, with the sample and two earlier workshops among the recent projects.
    for template, file_name in (("support-call", "Support call.cxd"), ("online-purchase", "Online purchase.cxd")):
        api.new_project(projects / file_name, template=template).close()
        settings.add_recent(str(projects / file_name))
    window.open_path(sample)
    wait(lambda: window.editor is not None, "the sample to open")
    settle(800)  # the recent tile's thumbnail is taken from the open map
    window.close_project()
    wait(lambda: window.doc is None, "the project to close")
    settle(600)
    shot("start-page")

    # 2. The map with the inspector: the hotel journey, a card with a pain point selected.
    window.open_path(sample)
    wait(lambda: window.editor is not None, "the sample to open again")
    doc = window.doc
    journey = doc.journeys()[0]
    cards = doc.project.touchpoints(journey.id)
    editor = window.editor
    settle(600)
    editor.view.horizontalScrollBar().setValue(0)
    editor.view.verticalScrollBar().setValue(0)
    settle(200)
    seen = editor.view.viewport().rect()

    def on_screen(tp) -> bool:
        item = editor.scene.card_item(tp.id)
        box = editor.view.mapFromScene(item.mapRectToScene(item.card_rect())).boundingRect()
        return seen.contains(box)

    # The most painful card already on screen: the inspector has the most to show for it.
    visible = [tp for tp in cards if on_screen(tp)] or cards
    worst = min(visible, key=lambda tp: (tp.emotion if tp.emotion is not None else 9, -len(tp.pain_points)))
    click_card(editor, worst.id)
    wait(lambda: worst.id in window.selection.touchpoint_ids, "the card to be selected")
    shot("map-inspector")

    # 3. Quick capture: an empty cell, a title half typed.
    stages, lanes = doc.project.stages(journey.id), doc.project.lanes(journey.id)
    layout = editor.scene.layout

    def cell_box(stage, lane) -> QRect:
        r = layout.cell_rect(stage.id, lane.id)
        return editor.view.mapFromScene(qrect(r)).boundingRect()

    # An empty cell in the first stages (scrolled into view), as a facilitator would pick one.
    empty = next(
        (st, ln) for st in stages[1:] for ln in lanes[:3] if not doc.project.cell(st.id, ln.id)
    )
    editor.view.ensureVisible(qrect(layout.cell_rect(empty[0].id, empty[1].id)), 80, 80)
    settle(200)
    QTest.mouseClick(editor.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     cell_box(*empty).center())
    QTest.keyClicks(editor.view, "Asks for a late check-out at the desk")
    shot("quick-capture")
    QTest.keyClick(editor.view, Qt.Key.Key_Escape)
    wait(lambda: editor.scene.handler is None, "quick capture to end")

    # 4. A dot-voting session: three people, some dots placed, counts shown.
    ws = window.workshop
    dialog = type(ws).session_dialog(ws)
    dialog.title.setText("What hurts most?")
    dialog.quick.setText("Ana, Luis, Marta")
    dialog.add_typed()
    dialog.dots.setValue(3)
    dialog.per_card.setValue(2)
    dialog.hidden.setChecked(False)
    dialog.anonymous.setChecked(False)
    dialog.show()
    wait(lambda: dialog.isVisible(), "the voting dialog")
    shot("voting-dialog", dialog)
    dialog.hide()
    ws.session_dialog = lambda: dialog
    ws.run_dialog = lambda _dialog: True
    session_id = ws.new_session()
    assert session_id, "the voting session did not start"
    painful = sorted(cards, key=lambda tp: tp.emotion if tp.emotion is not None else 9)[:4]
    for person, picks in enumerate(([0, 0, 1], [0, 2, 1], [3, 1])):
        if person:
            QTest.keyClick(editor.view, getattr(Qt.Key, f"Key_{person + 1}"))
        for i in picks:
            click_card(editor, painful[i].id)
    QTest.keyClick(editor.view, Qt.Key.Key_3)
    shot("voting")
    QTest.keyClick(editor.view, Qt.Key.Key_Escape)

    # 5. The timer, then presentation mode on stage 3 (one screen: it covers it).
    ws.timer.start(5 * 60)
    presentation = ws.start_presentation()
    assert presentation is not None
    wait(lambda: presentation.isVisible(), "the presentation")
    for _ in range(3):
        ws.act_next.trigger()
    settle(800)
    shot("presentation")
    ws.stop_presentation()
    wait(lambda: ws.presentation is None, "the presentation to close")
    ws.timer.stop()

    # 6. The room session's join screen, and the room panel beside the map.
    from cxdesigner.room import server as room_server

    port = lambda self: f"http://{SHOWN_ROOM_HOST}:{self.port}"  # noqa: E731
    room_server.RoomServer.address = property(port)  # what is shown; the server listens on loopback
    room = window.room
    assert room.start("127.0.0.1", 0), "the room did not start"
    join = room.join_screen
    join.resize(1280, 720)
    join.move(80, 60)
    wait(lambda: join.isVisible(), "the join screen")
    shot("room-join", join)
    join.close()
    wait(lambda: room.join_screen is None, "the join screen to close")
    shot("room-panel")
    room.stop()

    # 7. Insights and charts.
    window.dock_insights.show()
    window.dock_insights.raise_()
    window.dock_charts.show()
    window.dock_charts.raise_()
    wait(lambda: window.insights.findings(), "the insights")
    window.charts.set_chart("emotion_curve")
    settle(1500)
    shot("insights-charts")
    window.charts.set_chart("quadrants")
    settle(1500)
    shot("chart-quadrants", None)

    # 8. The export dialog.
    export = ExportMapDialog(doc, journey.id, [], window, "en")
    # Where a facilitator would save it, not this run's throwaway folder (nothing is written).
    export.path_edit.setText("/home/ana/Documents/Weekend at a city hotel.png")
    export.show()
    wait(lambda: export.isVisible(), "the export dialog")
    shot("export-dialog", export)
    export.close()

    window.close_project()
    window.close()
    qapp.processEvents()

    # 10. The Spanish quick start's map: the sample in Spanish, the interface in Spanish.
    if wanted is None or "es-mapa" in wanted:
        qti18n.apply("es")
        sample_es = api.make_sample(work / "muestra.cxd", lang="es")
        window = shown_window("es")
        window.open_path(sample_es)
        wait(lambda: window.editor is not None, "the Spanish sample to open")
        window.dock_charts.hide()  # the English run left it open in these settings; the map is the point here
        settle(600)
        editor = window.editor
        journey = window.doc.journeys()[0]
        first = min(window.doc.project.touchpoints(journey.id), key=lambda tp: (tp.emotion or 0))
        click_card(editor, first.id)
        editor.view.horizontalScrollBar().setValue(0)
        shot("es-mapa")
        window.close_project()
        window.close()
        qapp.processEvents()

    # 9. Pages of the report, as the command line writes it.
    if wanted is None or wanted & {"report-cover", "report-map", "report-insights"}:
        pdf = work / "report.pdf"
        subprocess.check_call([sys.executable, "-m", "cxdesigner", "report", str(sample), "-o", str(pdf)])
        for name, page in (("report-cover", 1), ("report-map", 2), ("report-insights", report_page(pdf, "Insights"))):
            stem = work / name
            subprocess.check_call(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page),
                                   "-singlefile", str(pdf), str(stem)])
            shutil.move(str(stem) + ".png", out / f"{name}.png")
            written.append(f"{name}.png")
    print("screenshots: wrote " + ", ".join(f"{out.relative_to(ROOT)}/{n}" for n in written))
    return 0


def report_page(pdf: Path, heading: str) -> int:
    """The first page of the report whose text has ``heading`` on a line of its own."""
    page = 1
    while True:
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True)
        if text.returncode != 0:
            raise SystemExit(f"screenshots: no page of the report is headed {heading!r}")
        if heading in text.stdout.splitlines():
            return page
        page += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where the PNG files go (default: docs/guide/images)")
    parser.add_argument("--only", help="comma-separated names of the shots to take (default: all)")
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.out = args.out.resolve()
    return inside(args) if os.environ.get(INSIDE) else outside(args)


if __name__ == "__main__":
    sys.exit(main())
