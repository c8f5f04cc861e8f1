"""The UI thread's CPU of every menu command of the main window on a generated project (offscreen).

    python bench/generate.py /tmp/X-big.cxd --cards 5000
    QT_QPA_PLATFORM=offscreen PYTHONPATH=. python bench/ui_thread_actions.py /tmp/X-big.cxd [--over 0.2]

Each enabled command of the menu bar (its submenus too) is triggered once with the biggest journey shown and
one card selected, until two ``processEvents`` after it: the main thread's own CPU clock
(``CLOCK_THREAD_CPUTIME_ID``), so work on a worker does not count. A dialog a command opens is shown, its
first paint let through, then closed unanswered (what is timed is opening it); a file dialog or a question
answers "cancel"; a change a command makes is undone afterwards (not timed). Commands that end the session
(Quit, Close, New, Open, the recent files, New Window, Revert) are skipped, and so is the Workshop menu (the
projector, a room's server); a worker's progress dialog runs until its work is done. Then the language to
Spanish and back, the editor's select all, and select all then Delete. Not timed yet: a paste of 500 cards,
align, the filter, search and find path on a selection of many (their commands need one set up first).
Prints one line a command, the slowest first; ``--over`` lists only those above it. Progress goes to stderr.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMenu, QMessageBox

from cxdesigner import settings
from cxdesigner.dialogs.background import JobProgressDialog
from cxdesigner.mainwindow import MainWindow

SKIP = ("quit", "close", "new", "open", "revert", "window", "salir", "cerrar", "nuevo", "nueva", "abrir")


def _ui_cpu() -> float:
    return time.clock_gettime(time.CLOCK_THREAD_CPUTIME_ID)


def _quiet_dialogs() -> None:
    real_exec = QDialog.exec

    def exec_(self: QDialog) -> int:
        if isinstance(self, JobProgressDialog):  # a worker's progress: runs until the work is done
            return real_exec(self)
        self.show()
        QApplication.processEvents()
        self.reject()
        return 0

    QDialog.exec = exec_  # type: ignore[method-assign]
    QMessageBox.exec = exec_  # type: ignore[method-assign]
    for name in ("getOpenFileName", "getSaveFileName", "getOpenFileNames"):
        setattr(QFileDialog, name, staticmethod(lambda *a, **k: ("", "")))
    QFileDialog.getExistingDirectory = staticmethod(lambda *a, **k: "")  # type: ignore[method-assign]
    for name in ("getText", "getItem", "getInt", "getDouble", "getMultiLineText"):
        setattr(QInputDialog, name, staticmethod(lambda *a, **k: (None, False)))
    for name in ("question", "warning", "information", "critical"):
        setattr(QMessageBox, name, staticmethod(lambda *a, **k: QMessageBox.StandardButton.Cancel))


def _actions(menu: QMenu, path: str) -> list[tuple[str, QAction]]:
    out = []
    for act in menu.actions():
        text = act.text().replace("&", "")
        if act.menu() is not None:
            out += _actions(act.menu(), f"{path} ▸ {text}")
        elif not act.isSeparator() and text:
            out.append((f"{path} ▸ {text}", act))
    return out


def main() -> None:
    source = Path(sys.argv[1])
    over = float(sys.argv[sys.argv.index("--over") + 1]) if "--over" in sys.argv else 0.0
    app = QApplication.instance() or QApplication([])
    _quiet_dialogs()
    w = MainWindow()
    w.resize(1600, 1000)
    w.show()
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    work = source.with_name(source.stem + "-actions.cxd")
    shutil.copy(source, work)
    assert w.open_path(work)
    project = w.doc.project
    big = max(project.journeys(), key=lambda j: len(project.touchpoints(j.id)))
    w.selection.set_journey(big.id)
    preference = settings.get("ui/language")

    def spin(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    spin(1500)
    card = project.touchpoints(big.id)[0].id
    times: list[tuple[float, str]] = []

    def timed(name: str, run) -> None:  # type: ignore[no-untyped-def]
        index = w.undo_stack.index()
        w.selection.set_journey(big.id)
        w.selection.select([card], [], source=None)
        app.processEvents()
        print("…", name, file=sys.stderr, flush=True)
        t0 = _ui_cpu()
        try:
            run()
            app.processEvents()
            app.processEvents()
        except Exception as exc:  # a bench: said and carried on
            name += f" (raised {type(exc).__name__})"
        times.append((_ui_cpu() - t0, name))
        while w.undo_stack.index() > index:
            w.undo_stack.undo()
        for top in QApplication.topLevelWidgets():
            if top is not w and top.isVisible() and isinstance(top, QDialog):
                top.reject()
        spin(300)

    for menu_action in w.menuBar().actions():
        menu = menu_action.menu()
        if menu is None or menu_action.text().replace("&", "") == "Workshop":  # the projector, a room's server
            continue
        menu.aboutToShow.emit()  # menus filled on opening (recent files, templates, languages)
        for name, act in _actions(menu, menu_action.text().replace("&", "")):
            leaf = name.rsplit("▸", 1)[-1].strip().lower()
            if not act.isEnabled() or any(leaf.startswith(s) for s in SKIP) or "Recent" in name:
                continue
            if act in w.language_menu.actions():  # timed at the end, to Spanish and back
                continue
            timed(name, act.trigger)
    editor = w.editor
    timed("View ▸ Interface language ▸ Spanish", lambda: w.choose_language("es"))
    timed("View ▸ Interface language ▸ English", lambda: w.choose_language("en"))
    editor = w.editor
    timed("editor: select all", editor.select_all)
    timed("editor: select all, delete", lambda: (editor.select_all(), editor.delete_selection()))
    print("UI-thread CPU s, slowest first (5,000 cards):")
    for t, name in sorted(times, reverse=True):
        if t >= over:
            print(f"{t:7.3f}  {name}")
    settings.set_value("ui/language", preference)
    work.unlink(missing_ok=True)
    sys.stdout.flush()
    os._exit(0)  # the window's teardown after dialogs closed unanswered is not what is measured


if __name__ == "__main__":
    main()
