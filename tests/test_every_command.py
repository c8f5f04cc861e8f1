"""Every command of the window's menus, run once as a curious user would: none may raise.

An exception in a menu's slot reaches Qt's event loop and the command does nothing (File ▸ Export ▸ Map did,
after Edit ▸ Preferences). Dialogs are answered "Cancel" as they open; commands that end the session or
reach outside the process are left out, each for its reason.
"""

from __future__ import annotations

import itertools
import math
import shutil
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QMessageBox

from cxdesigner import i18n
from cxdesigner.canvas.items import ConnectionItem, LaneHeaderItem, StageHeaderItem
from cxdesigner.mainwindow import MainWindow

# A room listens on the laptop's network; its tests start one on the loopback.
LEFT_OUT = {"Start &Room Session…"}
SAMPLE = Path(__file__).resolve().parent.parent / "sample" / "sample.cxd"


def _commands(menu: QMenu) -> list[QAction]:
    found: list[QAction] = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        if action.menu() is not None:
            found += _commands(action.menu())
        else:
            found.append(action)
    return found


def _cancel_whatever_asks() -> None:
    popup = QApplication.activePopupWidget()
    if popup is not None:
        popup.close()
    modal = QApplication.activeModalWidget()
    if isinstance(modal, QDialog):
        modal.reject()
    elif modal is not None:
        modal.close()


def test_every_menu_command_runs_without_raising(qtbot, tmp_path):
    path = tmp_path / "sample.cxd"
    shutil.copyfile(SAMPLE, path)
    window = MainWindow()
    qtbot.addWidget(window)
    window.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    closer = QTimer()
    closer.timeout.connect(_cancel_whatever_asks)
    closer.start(0)
    try:
        assert window.open_path(path)
        window.show()
        journey = window.selection.journey_id
        card = window.doc.project.touchpoints(journey)[0].id
        left_out = {
            window.act_quit,  # ends the process
            window.act_close,  # closes the project the rest runs on
            window.act_new,
            window.act_new_window,  # a second window's own life is another test's
        }
        ran = []
        for top in window.menuBar().actions():
            if top.menu() is None:
                continue
            for action in _commands(top.menu()):
                if action in left_out or not action.isEnabled() or action.text() in LEFT_OUT:
                    continue
                if action.data() in i18n.LANGUAGES:
                    continue  # the language switch has its own tests, and would leave the rest in Spanish
                if window.doc is None or window.selection.journey_id is None:
                    break
                window.selection.select([card] if card in window.doc.project.tables["touchpoint"] else [])
                action.trigger()
                qtbot.wait(1)
                ran.append(action.text())
                if action.isCheckable() and action.isChecked():
                    action.trigger()  # presenting, voting: back to the editor for the next command
        assert len(ran) > 60 and "Pr&eferences…" in ran, ran
    finally:
        closer.stop()
        window.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
        window.close()


def _map_points(window: MainWindow) -> dict[str, QPointF]:
    """A point on each kind of thing the map's right click knows: its menu differs for each."""
    scene = window.editor.scene
    card = next(iter(scene.card_items().values()))
    points = {"card": card.mapToScene(card.boundingRect().center())}
    points["cell"] = card.mapToScene(card.boundingRect().bottomLeft()) + QPointF(4, 6)
    for name, kind in (("stage", StageHeaderItem), ("lane", LaneHeaderItem), ("connection", ConnectionItem)):
        item = next(i for i in scene.items() if isinstance(i, kind) and (kind is not ConnectionItem or i.route))
        if kind is ConnectionItem:
            (x0, y0), (x1, y1) = max(itertools.pairwise(item.route.points), key=lambda leg: math.dist(*leg))
            points[name] = QPointF((x0 + x1) / 2, (y0 + y1) / 2)
        else:
            points[name] = item.mapToScene(item.boundingRect().center())
    return points


def _right_press(window: MainWindow, point: QPointF) -> None:
    view = window.editor.view
    view.ensureVisible(QRectF(point, QSizeF(1, 1)))
    at = view.mapFromScene(point)
    QTest.mousePress(view.viewport(), Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, at)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, at)


def test_every_command_of_the_maps_right_click_runs_and_undoes(qtbot, tmp_path):
    path = tmp_path / "sample.cxd"
    shutil.copyfile(SAMPLE, path)
    window = MainWindow()
    qtbot.addWidget(window)
    window.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    closer = QTimer()
    closer.timeout.connect(_cancel_whatever_asks)
    closer.start(0)
    try:
        assert window.open_path(path)
        window.show()
        before = window.doc.project.snapshot()
        ran = []
        for kind, point in _map_points(window).items():
            count = len(_commands(window.editor.context_menu_for(point)))
            for index in range(count):
                _right_press(window, point)  # selects what is under it, as a right click does
                menu = window.editor.context_menu_for(point)
                action = _commands(menu)[index]
                if action.isEnabled():
                    action.trigger()
                    qtbot.wait(1)
                    ran.append((kind, action.text()))
                    QTest.keyClick(window.editor.view, Qt.Key.Key_Escape)  # ends a title's edit, as the user would
                menu.deleteLater()
                while window.undo_stack.can_undo():
                    window.undo_stack.undo()
        kinds = {kind for kind, _text in ran}
        assert kinds == {"card", "cell", "stage", "lane", "connection"} and len(ran) > 50, ran
        assert ("card", "&Delete") in ran and ("connection", "&Delete") in ran
        assert window.doc.project.snapshot() == before
    finally:
        closer.stop()
        window.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
        window.close()
