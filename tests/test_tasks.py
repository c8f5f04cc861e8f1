"""The task runners' end: the program waits for the workers before the interpreter goes."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from cxdesigner.services.tasks import TaskRunner, stop_all

ROOT = Path(__file__).resolve().parents[1]


def test_stop_all_cancels_and_waits_for_every_runner(qtbot):
    runner = TaskRunner(max_threads=1)
    started = threading.Event()
    seen: list[str] = []

    def work(progress):
        started.set()
        # Runs until told to stop: stop_all must cancel it before it can wait for it.
        for _ in range(10_000):
            if not progress(0, 1):
                seen.append("cancelled")
                return
            threading.Event().wait(0.001)
        seen.append("never cancelled")

    running = runner.submit(work)
    queued = runner.submit(lambda progress: seen.append("queued ran"))
    assert started.wait(10)
    assert stop_all()
    assert seen == ["cancelled"]  # the running one was told, the queued one never started
    qtbot.waitUntil(lambda: running.done and queued.done)


CHILD = """
import atexit, threading, time
# Exit handlers run last registered first: the workers must be done before PySide's own handler
# takes the application apart (a worker's signal during that crashed the process now and then).
atexit.register(lambda: print("exit handlers done", flush=True))
from PySide6.QtCore import QCoreApplication
atexit.register(lambda: print("Qt's teardown next", flush=True))
from cxdesigner.services.tasks import TaskRunner
app = QCoreApplication([])
runner = TaskRunner(parent=app)
started, go = threading.Event(), threading.Event()
def work(progress):
    started.set()
    go.wait(10)
    time.sleep(0.2)  # still running Python when the main script has ended
    print("worker done", flush=True)
runner.submit(work)
started.wait(10)
print("main done", flush=True)
go.set()
"""


def test_a_program_that_ends_with_a_worker_running_waits_for_it_and_exits_cleanly(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONFAULTHANDLER": "1", "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["main done", "worker done", "Qt's teardown next", "exit handlers done"]


def test_a_refusal_is_told_to_its_owner_without_an_error_in_the_log(qtbot, caplog):
    # A wrong column or a full disk is the person's to fix, not a fault: the log keeps errors for ours.
    import logging

    from cxdesigner.model import ValidationError

    runner = TaskRunner(max_threads=1)
    got: list[object] = []

    def refuse(progress):
        raise ValidationError("survey.csv: no measure column found")

    def crash(progress):
        raise ZeroDivisionError("a bug")

    with caplog.at_level(logging.INFO, logger="cxdesigner.services.tasks"):
        for work in (refuse, crash):
            task = runner.submit(work, name=work.__name__)
            task.failed.connect(got.append)
            qtbot.waitUntil(lambda task=task: task.done)
    assert [type(e).__name__ for e in got] == ["ValidationError", "ZeroDivisionError"]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.getMessage() for r in errors] == ["task crash failed"]
    assert any("refuse refused" in r.getMessage() for r in caplog.records)
