"""The suite's own teardown: what a test leaves behind is gone before the next test starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import conftest
import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QWidget


def test_a_window_closed_by_pytest_qt_is_deleted_by_the_teardown(qtbot):
    window = QWidget()
    window.show()
    # What pytest-qt's teardown does with a registered widget: close, deleteLater, processEvents.
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    assert shiboken6.isValid(window), "processEvents() alone deleted it: the teardown has nothing to do"

    teardown = conftest.pytest_runtest_teardown(None)
    next(teardown)
    with pytest.raises(StopIteration):
        teardown.send(None)
    assert not shiboken6.isValid(window)
    assert window not in QApplication.topLevelWidgets()


_BUSY_POOL = """
import sys, time
sys.path.insert(0, sys.argv[1])
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget
import conftest
from cxdesigner.services import tasks

app = QApplication([])

class Window(QWidget):
    def event(self, event: QEvent) -> bool:  # Python, as MainWindow's: Qt calls it holding the GIL
        return super().event(event)

def work(progress):
    end = time.monotonic() + 1.0
    while time.monotonic() < end:  # Python all along: it needs the GIL
        sum(range(100))

window = Window()
runner = tasks.TaskRunner(parent=window)
runner.submit(work)
time.sleep(0.2)
window.deleteLater()
teardown = conftest.pytest_runtest_teardown(None)
next(teardown)
try:
    teardown.send(None)
except StopIteration:
    print("torn down", flush=True)
"""


def test_the_teardown_deletes_a_window_whose_pool_is_still_working(tmp_path):
    # In a child: without the workers stopped first, the deletion waits for ever on a worker waiting for the GIL.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.run(
        [sys.executable, "-c", _BUSY_POOL, str(Path(__file__).parent)],
        capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "torn down"
