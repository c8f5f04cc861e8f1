"""Retake the user guide's screenshots (docs/guide/images/) from the sample project under Xvfb: `make screenshots`.

Run from the repository root. Without a display of its own choosing it starts itself again under
``xvfb-run`` with openbox (window frames, as a user sees them), in throwaway settings and data folders
(``HOME``, ``XDG_CONFIG_HOME``, ``XDG_DATA_HOME``, ``CXDESIGNER_DATA_DIR``) that it removes afterwards, so the
shots never show this machine's recent files or preferences. Inside, it drives the real window
with Qt's own test events (no sleeps to tune: each step waits until what it shows is there). What would
change from run to run is pinned (the room's code and address, the timer, checkpoint times, new ids), so a
retake writes the same pictures on any day: the app's clock is fixed (``CXDESIGNER_FIXED_CLOCK``) and the
recent files' times set to it.

Needs: xvfb, openbox, poppler-utils (pdftoppm, for the report page).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import types
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "guide" / "images"
SCREEN = (1440, 900)
INSIDE = "CXDESIGNER_SHOTS_INSIDE"
# The join screen shows the address phones type. The shots run on no network, so the server listens
# on loopback and the screen shows a documentation-style private address instead (nothing connects).
SHOWN_ROOM_HOST = "192.168.1.23"
# The same code, token and port on every run (the QR code too), so a retake changes only what the app changed.
SHOWN_ROOM_PORT, ROOM_CODE, ROOM_TOKEN = 8765, "4827", "k7wq3hx9pm"
# Phones that join the room and what they send, in the order they join.
# The afternoon of the workshop the shots tell (its checkpoints are set that morning).
FIXED_TIME = dt.datetime(2026, 11, 20, 16, 0, tzinfo=dt.UTC)
PHONES = (("Ana", "Text guests when their room is ready"), ("Luis", "Let guests leave bags and go out"),
          ("Marta", "A drink in the lounge while they wait"))


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
            "TZ": "UTC",  # the checkpoints' set times read the same on any machine
            # Every date the app shows or stamps (the report's and the map's, a vote's, a new project's) reads
            # this moment, whatever the day of the run.
            "CXDESIGNER_FIXED_CLOCK": FIXED_TIME.isoformat(),  # cxdesigner.clock.FIXED_CLOCK
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
    from cxdesigner.model import entities, vocab
    from cxdesigner.window import theme

    # New ids from a seeded generator, not uuid4: a checkpoint's compressed size depends on the ids inside
    # it, and the Checkpoints panel shows that size; this run's ids are never seen by anything else.
    seeded = random.Random(17)
    entities.uuid = types.SimpleNamespace(uuid4=lambda: uuid.UUID(int=seeded.getrandbits(128), version=4))

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
        if widget is not None:
            # A window just shown has its openbox frame a moment later: openbox activates a window once it
            # has framed it, so the shot waits for both (a little: without a window manager, neither comes).
            widget.activateWindow()
            end = time.monotonic() + 3.0
            while (widget.frameGeometry() == widget.geometry() or not widget.isActiveWindow()) \
                    and time.monotonic() < end:
                QTest.qWait(50)
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

    def on_screen(editor, seen: QRect, tp) -> bool:
        item = editor.scene.card_item(tp.id)
        box = editor.view.mapFromScene(item.mapRectToScene(item.card_rect())).boundingRect()
        return seen.contains(box)

    def clear_of_edges(editor) -> QRect:
        # The view within card_point's margins: a card nearer the edge than that is scrolled into sight when
        # clicked, and the map's title with it, against the window's left edge.
        return editor.view.viewport().rect().adjusted(40, 40, -40, -40)

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
    # The tiles show each file's last change: the fixed clock's day, not the day of the run. Set before the
    # start page first reads them (the sample is only opened and closed, not written, so its time stays).
    for path in projects.glob("*.cxd"):
        os.utime(path, (FIXED_TIME.timestamp(), FIXED_TIME.timestamp()))
    window.open_path(sample)
    wait(lambda: window.editor is not None, "the sample to open")
    settle(800)  # the recent tile's thumbnail is taken from the open map
    window.close_project()
    wait(lambda: window.doc is None, "the project to close")
    page = window.centralWidget()
    # Each recent file is read and its picture drawn in a worker: the shot waits for all of them.
    wait(lambda: not page.pictures_pending(), "the start page's pictures")
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
    seen = clear_of_edges(editor)

    # The most painful card already on screen: the inspector has the most to show for it.
    visible = [tp for tp in cards if on_screen(editor, seen, tp)] or cards
    worst = min(visible, key=lambda tp: (tp.emotion if tp.emotion is not None else 9, -len(tp.pain_points)))
    click_card(editor, worst.id)
    wait(lambda: worst.id in window.selection.touchpoint_ids, "the card to be selected")
    shot("map-inspector")

    # 3. Quick capture: an empty cell, a title half typed that belongs there (staff in front of the guest, else
    # the customer's own actions), in the first stages, scrolled into view as a facilitator would.
    stages, lanes = doc.project.stages(journey.id), doc.project.lanes(journey.id)
    layout = editor.scene.layout

    def cell_box(stage, lane) -> QRect:
        r = layout.cell_rect(stage.id, lane.id)
        return editor.view.mapFromScene(qrect(r)).boundingRect()

    typed = {"frontstage": "Answers her e-mail about parking", "customer_actions": "Asks about parking by e-mail",
             "touchpoints": "Parking page on the hotel website"}
    # (A template whose first stages are full gets the first empty cell of a card lane anywhere.)
    empty = next(
        ((st, ln) for kind in typed for st in stages[1:3] for ln in lanes
         if ln.kind == kind and not doc.project.cell(st.id, ln.id)),
        None,
    ) or next((st, ln) for st in stages for ln in lanes
              if ln.kind in vocab.CARD_LANE_KINDS and not doc.project.cell(st.id, ln.id))
    editor.view.ensureVisible(qrect(layout.cell_rect(empty[0].id, empty[1].id)), 80, 80)
    settle(200)
    QTest.mouseClick(editor.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     cell_box(*empty).center())
    QTest.keyClicks(editor.view, typed.get(empty[1].kind, "Answers her e-mail about parking"))
    shot("quick-capture")
    QTest.keyClick(editor.view, Qt.Key.Key_Escape)
    wait(lambda: editor.scene.handler is None, "quick capture to end")
    # Esc names the words it dropped in the status bar; the voting shot is not about them.
    window.statusBar().clearMessage()

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
    # The timer's clock stands still 1 min 18 s into a 5-minute exercise: every retake shows 3:42.
    now = [time.monotonic()]
    ws.timer._clock = lambda: now[0]
    ws.timer.start(5 * 60)
    now[0] += 78
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
    ws.timer._clock = time.monotonic

    # 6. The room session's join screen, and the room panel beside the map.
    from cxdesigner.room import server as room_server

    shown = lambda self: f"http://{SHOWN_ROOM_HOST}:{SHOWN_ROOM_PORT}"  # noqa: E731
    room_server.RoomServer.address = property(shown)  # what is shown; the server listens on loopback
    room_server.new_code, room_server.new_token = lambda: ROOM_CODE, lambda: ROOM_TOKEN
    room = window.room
    assert room.start("127.0.0.1", 0), "the room did not start"
    server = room.session.server
    join = room.join_screen
    join.resize(1280, 720)
    join.move(80, 60)
    wait(lambda: join.isVisible(), "the join screen")
    shot("room-join", join)
    join.close()
    wait(lambda: room.join_screen is None, "the join screen to close")
    # Three phones join and each sends an idea to the inbox; the panel lists them, the inbox fills.
    phones = Phones(f"http://127.0.0.1:{server.port}/{ROOM_TOKEN}")
    try:
        before = len(doc.project.inbox(journey.id))
        for name, idea in PHONES:
            phones.join(name, ROOM_CODE)
            wait(lambda: len(room.session.participants()) == len(phones.sockets), f"{name}'s phone to join")
            phones.send(name, {"type": "idea", "seq": 1, "title": idea})
            sent = before + len(phones.sockets)
            wait(lambda: len(doc.project.inbox(journey.id)) == sent, f"{name}'s idea")  # noqa: B023
        editor.view.horizontalScrollBar().setValue(0)
        editor.view.verticalScrollBar().setValue(0)
        settle(800)  # the panel follows the room at most every 300 ms
        shot("room-panel")
    finally:
        room.stop()
        phones.close()
    # "The room is closed." would stay in the status bar for some of the next shots and not others.
    window.statusBar().clearMessage()

    # 7. Insights and charts.
    window.dock_insights.show()
    window.dock_insights.raise_()
    window.dock_charts.show()
    window.dock_charts.raise_()
    wait(lambda: window.insights.findings(), "the insights")
    editor.view.verticalScrollBar().setValue(0)  # the map, shorter now, from its title down
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

    # 9. Issue 16's additions, built on the open sample (never saved: the report pages below read the file).
    if wanted is None or wanted & NEW_SHOTS:
        format4_shots(window, doc, journey, shot, wait, settle)

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
        editor.view.horizontalScrollBar().setValue(0)
        editor.view.verticalScrollBar().setValue(0)
        settle(200)
        seen = clear_of_edges(editor)
        # The most painful card on screen, as in the English map: the inspector shows what the map shows.
        shown_cards = [tp for tp in window.doc.project.touchpoints(journey.id) if on_screen(editor, seen, tp)]
        first = min(shown_cards, key=lambda tp: (tp.emotion if tp.emotion is not None else 9, -len(tp.pain_points)))
        click_card(editor, first.id)
        shot("es-mapa")
        window.close_project()
        window.close()
        qapp.processEvents()

    # 11. Pages of the report, as the command line writes it.
    if wanted is None or wanted & {"report-cover", "report-map", "report-insights"}:
        pdf = work / "report.pdf"
        # Its "Wrote …" line would name this run's throwaway folder: only errors are shown.
        subprocess.check_call([sys.executable, "-m", "cxdesigner", "report", str(sample), "-o", str(pdf)],
                              stdout=subprocess.DEVNULL)
        for name, page in (("report-cover", 1), ("report-map", 2), ("report-insights", report_page(pdf, "Insights"))):
            stem = work / name
            subprocess.check_call(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page),
                                   "-singlefile", str(pdf), str(stem)])
            shutil.move(str(stem) + ".png", out / f"{name}.png")
            written.append(f"{name}.png")
    shown = out.relative_to(ROOT) if out.is_relative_to(ROOT) else out
    print("screenshots: wrote " + ", ".join(f"{shown}/{n}" for n in written))
    return 0


class Phones:
    """Participants' phones over real WebSockets, in a thread of their own so Qt's loop keeps running."""

    def __init__(self, base: str) -> None:
        import asyncio
        import threading

        self.base = base
        self.sockets: dict[str, object] = {}
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.http = self._run(self._session())

    def _run(self, coro, timeout: float = 10.0):
        import asyncio

        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    async def _session(self):
        import aiohttp

        return aiohttp.ClientSession()

    async def _join(self, name: str, code: str) -> None:
        import json

        ws = await self.http.ws_connect(f"{self.base}/ws", headers={"Origin": self.base.rsplit("/", 1)[0]})
        await ws.send_str(json.dumps({"type": "join", "name": name, "code": code, "lang": "en"}))
        self.sockets[name] = ws

    def join(self, name: str, code: str) -> None:
        self._run(self._join(name, code))

    def send(self, name: str, message: dict) -> None:
        import json

        self._run(self.sockets[name].send_str(json.dumps(message)))

    async def _close(self) -> None:
        for ws in self.sockets.values():
            await ws.close()
        await self.http.close()

    def close(self) -> None:
        self._run(self._close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


NEW_SHOTS = {"lane-types", "compare-side-by-side", "compare-differences", "checkpoints-dock", "sub-journey"}


def storyboard_picture(hue: int) -> bytes:
    """A small drawn scene for a storyboard cell: sky, a building, trees (no file needed); the caption is text."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter
    from template_pictures import png_bytes

    image = QImage(480, 320, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    sky = QLinearGradient(0, 0, 0, 320)
    sky.setColorAt(0, QColor.fromHsv(hue, 90, 245))
    sky.setColorAt(1, QColor.fromHsv(hue, 30, 255))
    painter.fillRect(image.rect(), sky)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#5b6770"))
    painter.drawRect(QRectF(150, 90, 180, 230))
    painter.setBrush(QColor("#f4d35e"))
    for row in range(5):
        for col in range(4):
            painter.drawRect(QRectF(165 + col * 42, 105 + row * 40, 24, 24))
    painter.setBrush(QColor("#3a7d44"))
    painter.drawEllipse(QRectF(40, 230, 120, 120))
    painter.drawEllipse(QRectF(330, 240, 130, 110))
    painter.end()
    return png_bytes(image)


def format4_shots(window, doc, journey, shot, wait, settle) -> None:
    """Lane types on the hotel journey, a sub-journey, a future state to compare and a checkpoint."""
    from cxdesigner.document import commands as dc
    from cxdesigner.document.lanes import SetLaneCellCommand, SetLaneTypeCommand
    from cxdesigner.document.states import CreateCheckpointCommand
    from cxdesigner.document.subjourney import NewSubJourneyCommand
    from cxdesigner.model import vocab

    project = doc.project
    push = window.undo_stack.push
    jid = journey.id
    window.selection.set_journey(jid)
    editor = window.editor
    stages = project.stages(jid)
    # The map is the point of these shots: the panels the earlier shots opened step aside (and come back).
    voting = window.workshop.dock_voting
    # The inspector has nothing to say about lanes without cards: the map takes its width.
    for dock in (window.dock_insights, window.dock_charts, voting, window.dock_inspector):
        dock.hide()

    # A lane of each new type, below the card lanes, each with its cells.
    lanes = {}
    for kind in ("text", "metric", "storyboard", "channels", "emotion"):
        lanes[kind] = editor.add_typed_lane(kind)
        assert lanes[kind], f"the {kind} lane was not added"
    push(SetLaneTypeCommand(lanes["text"], name="Customer goals"))
    push(SetLaneTypeCommand(lanes["metric"], name="Conversion", chart="bar"))
    other = next(j for j in project.journeys() if j.id != jid)
    push(SetLaneTypeCommand(lanes["emotion"], overlay=(jid, other.id)))
    goals = ["A weekend away that feels special", "A fair price for a good room", "Book in two minutes",
             "Get to the room quickly", "Rest, eat well, sleep well", "Leave without surprises",
             "Remember it, come back"]
    figures = [62.0, 41.0, 18.0, 96.0, 88.0, 93.0, 27.0]
    for stage, goal, value in zip(stages, goals, figures):
        push(SetLaneCellCommand(stage.id, lanes["text"], text=goal))
        push(SetLaneCellCommand(stage.id, lanes["metric"], value=value, unit="%", period="Q3 2026",
                                source="web analytics"))
    for stage, caption, hue in ((stages[1], "Reviews", 200), (stages[2], "Booking", 30), (stages[3], "Arrival", 270)):
        push(SetLaneCellCommand(stage.id, lanes["storyboard"], text=caption, image=storyboard_picture(hue),
                                image_type="png"))
    settle(600)
    # Every lane without cards, down to the map's own emotion curve, whole: zoomed out as far as that
    # takes (at most 80 %, text still readable), then scrolled to the foot of the map.
    layout = editor.scene.layout
    first = min(layout.cell_rect(stages[0].id, lane.id).y for lane in project.lanes(jid)
                if lane.kind in vocab.CONTENT_LANE_KINDS)
    header = layout.cell_rect(stages[0].id, project.lanes(jid)[0].id).y - editor.scene.full_rect().top()
    height = editor.scene.full_rect().bottom() - first + header
    editor.set_zoom(min(0.8, (editor.view.viewport().height() - 8) / height))
    settle(300)
    editor.view.horizontalScrollBar().setValue(0)
    editor.view.verticalScrollBar().setValue(editor.view.verticalScrollBar().maximum())
    shot("lane-types")
    editor.set_zoom(1.0)

    # A card that opens a sub-journey with a few steps of its own; open it: the breadcrumb shows the way back.
    check_in = next(tp for tp in project.touchpoints(jid) if tp.title == "Check-in at reception")
    cmd = NewSubJourneyCommand(check_in.id, lang=doc.lang)
    push(cmd)
    sub = cmd.journey_id
    sub_stages, sub_lanes = project.stages(sub), project.lanes(sub)
    # Four steps at the desk, all in one phase (the default stages' "before / during purchase" mean nothing
    # inside a check-in), with what the guest meets, who serves her and what happens behind.
    steps = (("Queue", "Queues at the desk", -2), ("Desk", "Shows ID and bank card", -1),
             ("Key card", "Gets two key cards", 1), ("Lift", "Takes the lift to the 5th floor", 0))
    push(dc.UpdateCommand("journey", sub, phase_during="At reception"))
    for stage in sub_stages[len(steps):]:
        push(dc.DeleteStageCommand(stage.id))
    sub_stages = sub_stages[:len(steps)]
    walked = []
    for stage, (name, title, emotion) in zip(sub_stages, steps):
        push(dc.UpdateCommand("stage", stage.id, name=name, phase="during"))
        add = dc.AddTouchpointCommand(sub, stage.id, sub_lanes[0].id, title=title, emotion=emotion)
        push(add)
        walked.append(add.touchpoint_id)
    for source, target in itertools.pairwise(walked):
        push(dc.AddConnectionCommand(source, target))
    lane_of = {lane.kind: lane for lane in sub_lanes}
    behind = ((0, "frontstage", "One receptionist on duty", "staff", -2),
              (1, "touchpoints", "Registration form on a tablet", "app", 0),
              (1, "frontstage", "Receptionist finds the booking", "staff", 0),
              (2, "backstage", "Key cards encoded for room 512", "other", 0),
              (2, "touchpoints", "Key card wallet with the Wi-Fi code", "packaging", 1))
    for stage, kind, title, channel, emotion in behind:
        if kind in lane_of and stage < len(sub_stages):
            push(dc.AddTouchpointCommand(sub, sub_stages[stage].id, lane_of[kind].id, title=title, channel=channel,
                                         emotion=emotion))
    assert editor.open_sub_journey(check_in.id), "the sub-journey did not open"
    wait(lambda: window.selection.journey_id == sub and editor.breadcrumb.isVisible(), "the sub-journey")
    editor.fit_journey()
    settle(300)
    editor.view.horizontalScrollBar().setValue(0)
    editor.view.verticalScrollBar().setValue(0)
    shot("sub-journey")
    editor.set_zoom(1.0)
    window.selection.set_journey(jid)
    wait(lambda: window.selection.journey_id == jid, "the hotel journey again")

    # A checkpoint before the workshop, then the future state the workshop drew, compared with today.
    # Checkpoints at set times (a retake shows the same list), a morning workshop apart.
    push(CreateCheckpointCommand(project, jid, "Before the workshop", author="Ana Ruiz",
                                 created="2026-11-20T09:00:00+00:00"))
    future = window.history.create_future_state(jid)
    assert future, "the future state was not made"
    cards = {tp.title: tp for tp in project.touchpoints(future)}
    push(dc.UpdateTouchpointCommand(cards["Waits in the lobby for her room"].id, emotion=1, pain_points=(),
                                    title="Waits in the lounge with a drink"))
    push(dc.UpdateTouchpointCommand(cards["Check-in at reception"].id, emotion=1, satisfaction=5))
    push(dc.DeleteTouchpointsCommand([cards["Housekeeping board out of date"].id]))
    moment = cards["Arrives tired after a delayed flight"]
    push(dc.AddTouchpointCommand(future, moment.stage_id, moment.lane_id, title="Text message: your room is ready",
                                 emotion=2))
    window.selection.set_journey(future)
    compare = window.history.compare_current()
    assert compare is not None, "the compare view did not open"
    wait(lambda: compare.isVisible(), "the compare view")
    compare.resize(1360, 820)
    compare.move(40, 30)
    settle(600)
    compare.before_pane.fit()
    compare.after_pane.fit()
    shot("compare-side-by-side", compare)
    compare.tabs.setCurrentIndex(1)
    shot("compare-differences", compare)
    compare.close()

    window.selection.set_journey(jid)
    push(CreateCheckpointCommand(project, jid, "After the workshop", author="Ana Ruiz",
                                 created="2026-11-20T12:30:00+00:00"))
    window.dock_inspector.show()
    window.history.dock.show()
    window.history.dock.raise_()
    window.history.panel.table.selectRow(0)  # its buttons are live, as when a user picks one
    settle(300)
    editor.view.horizontalScrollBar().setValue(0)
    editor.view.verticalScrollBar().setValue(0)
    shot("checkpoints-dock")
    # What the Spanish run opens in these settings: the docks as the earlier shots left them.
    window.history.dock.hide()
    for dock in (window.dock_insights, window.dock_charts, voting):
        dock.show()
    voting.raise_()


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
