"""The UI thread's CPU of a survey import of N answers, its undo and its redo, in the real main window (offscreen).

    python bench/generate.py /tmp/X-big.cxd --cards 5000
    QT_QPA_PLATFORM=offscreen PYTHONPATH=. python bench/ui_thread_survey.py /tmp/X-big.cxd 998000

The answers are made as the survey dialog makes them (``bench/survey_apply.answers``, seeded) and pushed
through ``dialogs.background.push_import``, the dialog's own way: the command made on a worker, then
applied (staged on the worker where the code does that). Undo and redo go through the window's undo stack,
as Ctrl+Z does. Each is timed until the window has painted after it: the main thread's own CPU clock
(``CLOCK_THREAD_CPUTIME_ID``), so work on a worker does not count, beside the wall time and the process's CPU;
"applying" is the main thread's CPU (and wall time) inside the document's apply (``commit_staged``, or
``do_command`` and ``undo_command`` the ordinary way), the views' following included; "longest stall" the
longest gap of a 10 ms timer on the UI thread (wall time: the load of the machine shows in it).
"""

from __future__ import annotations

import itertools
import shutil
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

sys.path.insert(0, str(Path(__file__).resolve().parent))

from survey_apply import answers

from cxdesigner.dialogs.background import push_import
from cxdesigner.dialogs.common import WidgetIO
from cxdesigner.document import Document
from cxdesigner.mainwindow import MainWindow


def _ui_cpu() -> float:
    return time.clock_gettime(time.CLOCK_THREAD_CPUTIME_ID)


def main() -> None:
    source, n = Path(sys.argv[1]), int(sys.argv[2])
    app = QApplication.instance() or QApplication([])
    w = MainWindow()
    w.resize(1600, 1000)
    w.show()
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    work = source.with_name(source.stem + "-survey.cxd")
    shutil.copy(source, work)
    assert w.open_path(work)

    def spin(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    spin(1500)
    plan = answers(w.doc, n)

    def build(project, progress):  # type: ignore[no-untyped-def]
        return plan.command(), plan

    # The longest the window went without running its event loop: a 10 ms timer's longest gap.
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    # The UI thread's CPU in the step's taking over (staged) or in the whole push (ordinary), views included.
    taken: list[float] = []
    taken_wall: list[float] = []
    for name in ("commit_staged", "do_command", "undo_command"):
        real = getattr(Document, name, None)
        if real is not None:
            def wrapped(self, *args, _real=real, **kwargs):  # type: ignore[no-untyped-def]
                t, w = _ui_cpu(), time.perf_counter()
                try:
                    return _real(self, *args, **kwargs)
                finally:
                    taken.append(_ui_cpu() - t)
                    taken_wall.append(time.perf_counter() - w)

            setattr(Document, name, wrapped)

    def timed(what: str, action) -> None:  # type: ignore[no-untyped-def]
        ticks.clear()
        taken.clear()
        taken_wall.clear()
        timer.start()
        t0, w0, p0 = _ui_cpu(), time.perf_counter(), time.process_time()
        action()
        app.processEvents()
        app.processEvents()
        ui, wall, cpu = _ui_cpu() - t0, time.perf_counter() - w0, time.process_time() - p0
        timer.stop()
        gap = max((b - a for a, b in itertools.pairwise(ticks)), default=wall)
        print(f"{what:6} UI thread {ui:6.2f} s  wall {wall:6.2f} s  process {cpu:6.2f} s  applying {sum(taken):6.2f} s"
              f" (wall {sum(taken_wall):6.2f} s)  longest stall {gap:6.2f} s", flush=True)
        spin(500)

    io = WidgetIO(w, w.doc)
    timed("import", lambda: push_import(io, w.undo_stack, w.doc, "Survey", "Preparing the answers…", build))
    assert len(w.doc.project.tables["response"]) >= n, "the import was refused"
    timed("undo", w.undo_stack.undo)
    timed("redo", w.undo_stack.redo)
    w.doc.close()
    w.close()
    work.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
