"""The UI thread's CPU of four actions on a generated project, in the real main window (offscreen).

    python bench/generate.py /tmp/X-big.cxd --cards 5000
    QT_QPA_PLATFORM=offscreen PYTHONPATH=. python bench/ui_thread_compare_duplicate.py /tmp/X-big.cxd compare
    QT_QPA_PLATFORM=offscreen PYTHONPATH=. python bench/ui_thread_compare_duplicate.py /tmp/X-big.cxd duplicate
    QT_QPA_PLATFORM=offscreen PYTHONPATH=. python bench/ui_thread_compare_duplicate.py /tmp/X-big.cxd undo
    QT_QPA_PLATFORM=offscreen PYTHONPATH=. python bench/ui_thread_compare_duplicate.py /tmp/X-big.cxd language

``compare``: a checkpoint of the biggest journey compared with now (Checkpoints dock's Compare with Now),
until the view has painted. ``duplicate``: the Project dock's Duplicate of it, until the copy is shown.
``undo``: every card of it selected and deleted (not timed), then the undo, until it is shown; the first
run is the user's case (the undo after an open), later ones find the maps earlier runs left.
``language``: View ▸ Interface language to Spanish, until shown (and back, printed after it).
The main thread's own CPU clock (``CLOCK_THREAD_CPUTIME_ID``) is read, so work moved to a worker thread
does not count; four runs, the first with what loads once. The project is copied next to itself first.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from cxdesigner import settings
from cxdesigner.mainwindow import MainWindow


def _ui_cpu() -> float:
    return time.clock_gettime(time.CLOCK_THREAD_CPUTIME_ID)


def main() -> None:
    source, what = Path(sys.argv[1]), sys.argv[2]
    app = QApplication.instance() or QApplication([])
    w = MainWindow()
    w.resize(1600, 1000)
    w.show()
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    work = source.with_name(source.stem + "-bench.cxd")
    shutil.copy(source, work)
    assert w.open_path(work)
    project = w.doc.project
    big = max(project.journeys(), key=lambda j: len(project.touchpoints(j.id)))
    w.selection.set_journey(big.id)

    def spin(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    spin(1500)
    checkpoint = w.history.create_checkpoint("bench") if what == "compare" else None
    preference = settings.get("ui/language")  # the language runs leave the user's choice as it was
    times = []
    for _run in range(4):
        if what == "undo":
            w.editor.select_all()
            w.editor.delete_selection()
            app.processEvents()
            spin(500)
        t0 = _ui_cpu()
        if what == "undo":
            w.undo_stack.undo()
            app.processEvents()
            app.processEvents()
            times.append(_ui_cpu() - t0)
        elif what == "language":
            w.choose_language("es")
            app.processEvents()
            app.processEvents()
            times.append(_ui_cpu() - t0)
            t0 = _ui_cpu()
            w.choose_language("en")
            app.processEvents()
            app.processEvents()
            times.append(_ui_cpu() - t0)
        elif checkpoint is not None:
            view = w.history.compare_checkpoint(checkpoint)
            app.processEvents()
            app.processEvents()
            times.append(_ui_cpu() - t0)
            view.close()
        else:
            w.dock_project.widget().duplicate_current()
            app.processEvents()
            times.append(_ui_cpu() - t0)
            w.undo_stack.undo()
            w.selection.set_journey(big.id)
        spin(500)
    print(what, "UI-thread CPU s:", " ".join(f"{t:.3f}" for t in times))
    settings.set_value("ui/language", preference)
    w.close()
    work.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
