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


def test_the_folders_of_a_killed_run_go_at_the_next_run_and_a_live_runs_stay(tmp_path):
    """A run killed before its clean-up (a CI time-out, SIGKILL) left cxd-test-* folders in /tmp for good."""
    tmp_path = tmp_path / "tmp"
    tmp_path.mkdir()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    dead = int(gone.stdout)
    for name in (f"cxd-test-data-{dead}-a1b2", f"cxd-test-xdg-{dead}-x_9", f"cxd-test-tmp-{os.getpid()}-q",
                 "cxd-test-data-abc", f"cxd-other-{dead}-a"):
        (tmp_path / name).mkdir()
    (tmp_path / f"cxd-test-tmp-{dead}-file").write_text("not a folder")

    removed = conftest.sweep_dead_runs(str(tmp_path))

    assert sorted(Path(p).name for p in removed) == [f"cxd-test-data-{dead}-a1b2", f"cxd-test-xdg-{dead}-x_9"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"cxd-test-tmp-{os.getpid()}-q", "cxd-test-data-abc", f"cxd-other-{dead}-a", f"cxd-test-tmp-{dead}-file"])


def test_this_runs_folders_carry_its_pid():
    assert Path(conftest._IMPORT_DATA_DIR).name.startswith(f"cxd-test-data-{os.getpid()}-")
    assert Path(conftest._XDG).name.startswith(f"cxd-test-xdg-{os.getpid()}-")


def _ram_file_systems() -> set[str]:
    try:
        lines = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return set()
    return {fields[1] for fields in map(str.split, lines) if len(fields) > 2 and fields[2] == "tmpfs"}


@pytest.mark.skipif(
    "CXD_TEST_TMP" in os.environ or "/dev/shm" not in _ram_file_systems(), reason="no RAM folder here, or one chosen"
)
def test_this_runs_folders_are_in_ram_where_a_sync_does_not_wait_for_a_disk(tmp_path, data_dir):
    """Every write the app syncs waited for the disk (a new project's file 150-180 ms, 17 ms of it processor)."""
    for folder in (conftest._IMPORT_DATA_DIR, conftest._XDG, tmp_path, data_dir):
        assert Path(folder).resolve().is_relative_to("/dev/shm"), folder


def test_the_runs_folder_is_the_one_asked_for_else_ram_with_room_else_the_temporary_folder(monkeypatch, tmp_path):
    import tempfile

    monkeypatch.setenv("CXD_TEST_TMP", str(tmp_path))
    assert conftest.runs_root() == str(tmp_path)
    monkeypatch.delenv("CXD_TEST_TMP")
    real = os.statvfs

    def room(free_bytes: int):
        def statvfs(path):
            got = real(tmp_path)
            return os.statvfs_result((got.f_bsize, 1, got.f_blocks, free_bytes, free_bytes, *tuple(got)[5:]))
        return statvfs

    monkeypatch.setattr(os, "access", lambda path, mode: True)
    monkeypatch.setattr(os, "statvfs", room(conftest._RAM_FOLDER_ROOM))
    assert conftest.runs_root() == "/dev/shm"
    monkeypatch.setattr(os, "statvfs", room(64 * 2**20))  # a container's /dev/shm: too small for a run
    assert conftest.runs_root() == tempfile.gettempdir()

    def missing(path):
        raise FileNotFoundError(path)

    monkeypatch.setattr(os, "statvfs", missing)
    assert conftest.runs_root() == tempfile.gettempdir()
