"""Test set-up: headless Qt, private data folders, a fast deterministic hypothesis profile."""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


# A run's files need room for the whole run's tmp_path folders (a few hundred MB at most): a RAM folder smaller
# than this (a container's 64 MB /dev/shm) is not used.
_RAM_FOLDER_ROOM = 2 * 2**30


def runs_root() -> str:
    """Where this run's folders go: ``CXD_TEST_TMP`` if set, else a RAM file system (/dev/shm) with room, else the
    temporary folder.

    The app syncs what it writes (SQLite's ``synchronous=FULL``, ``os.fsync`` in atomic writes): on this machine's
    disk a new project's file took 150-180 ms of waiting for 17 ms of processor, and nearly every window test makes
    one, then saves. On tmpfs a sync returns at once (16 ms for that file). The calls are the same (a test that
    checks a sync happens still sees it); only the wait is gone, and nothing a test checks hangs on which file
    system its folders are on, as it never hung on which disk /tmp was.
    """
    chosen = os.environ.get("CXD_TEST_TMP")
    if chosen:
        return chosen
    ram = "/dev/shm"
    try:
        free = os.statvfs(ram)
        if os.access(ram, os.W_OK | os.X_OK) and free.f_bavail * free.f_frsize >= _RAM_FOLDER_ROOM:
            return ram
    except OSError:  # no /dev/shm: not Linux, or a system without one
        pass
    return tempfile.gettempdir()


def _run_folder(kind: str) -> str:
    """A folder of this process in `runs_root`; its name carries the pid for `sweep_dead_runs`."""
    return tempfile.mkdtemp(prefix=f"cxd-test-{kind}-{os.getpid()}-", dir=runs_root())


def sweep_dead_runs(folder: str | None = None) -> list[str]:
    """Remove the folders of test processes that are gone; returns what it removed.

    A run's folders go when it ends (atexit, session teardown), but not when it is killed: a CI
    time-out, SIGKILL, an xdist worker that crashed. The next run removes them, never a live run's.
    """
    removed = []
    for entry in os.scandir(folder or runs_root()):
        match = re.fullmatch(r"cxd-test-[a-z]+-(\d+)-\w+", entry.name)
        if not match or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            os.kill(int(match.group(1)), 0)
        except ProcessLookupError:
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(entry.path)
        except (PermissionError, OverflowError):  # another user's live process; a number no pid can be
            pass
    return removed


if "PYTEST_XDIST_WORKER" not in os.environ:
    sweep_dead_runs()
    if runs_root() != tempfile.gettempdir():
        sweep_dead_runs(tempfile.gettempdir())  # those of runs from before the RAM folder
# Never touch the user's real data folder, even at import time (removed when the session ends).
os.environ["CXDESIGNER_DATA_DIR"] = _run_folder("data")

_IMPORT_DATA_DIR = os.environ["CXDESIGNER_DATA_DIR"]
# Also at exit: pytest-xdist's controller loads this file but runs no session fixture.
atexit.register(shutil.rmtree, _IMPORT_DATA_DIR, ignore_errors=True)

# Settings and standard folders of this run, and of the apps it starts, in a folder of its own:
# QStandardPaths' test mode wrote to ~/.qttest, shared by every run at once and left behind.
_XDG = _run_folder("xdg")
os.environ.update({f"XDG_{kind.upper()}_HOME": os.path.join(_XDG, kind) for kind in ("config", "data", "state")})
atexit.register(shutil.rmtree, _XDG, ignore_errors=True)



def pytest_configure(config: pytest.Config) -> None:
    # pytest's own tmp_path folders (/tmp/pytest-of-USER/pytest-N, the last three runs kept) in a
    # folder of this run instead, removed when it ends; xdist's workers get folders inside it.
    if config.option.basetemp is None and not hasattr(config, "workerinput"):
        config.option.basetemp = config._cxd_basetemp = _run_folder("tmp")


def pytest_unconfigure(config: pytest.Config) -> None:
    base = getattr(config, "_cxd_basetemp", None)
    if base:
        shutil.rmtree(base, ignore_errors=True)


settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def hotel_env(qtbot):
    """A new hotel project's document, its first journey's id and an undo stack on it (the import dialogs' tests)."""
    import cxdesigner
    from cxdesigner.qtcommands import UndoStack

    doc = cxdesigner.new_project(None, template="hotel")
    stack = UndoStack(doc)
    yield doc, doc.project.journeys()[0].id, stack
    stack.clear()
    doc.close()


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """Each test gets its own data folder (sessions, logs, backups, templates)."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("CXDESIGNER_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def _fresh_settings(_qt_test_mode):
    """Each test starts from the settings of a first run, as it starts from an empty data folder.

    The settings were the run's: a window's size and dock layout saved by one test were the next
    one's on the same worker, and which test ran before changed what a test saw (a short map view
    under docks left open, a window held wide by a remembered board).
    """
    from PySide6.QtCore import QSettings

    store = QSettings()
    if store.allKeys():  # most tests save nothing: no write for them
        store.clear()
        store.sync()


@pytest.fixture(scope="session", autouse=True)
def _qt_test_mode():
    """QSettings and standard folders live in this run's folders (see XDG_* above), under a test name."""
    try:
        from PySide6.QtCore import QCoreApplication
    except ImportError:  # pragma: no cover - Qt is a hard dependency
        yield
        return
    QCoreApplication.setOrganizationName("CXDesignerTests")
    QCoreApplication.setApplicationName("cxdesigner-tests")
    yield
    # Cards left on the offscreen clipboard crash the interpreter's exit after many windows came and went.
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        QGuiApplication.clipboard().clear()
    shutil.rmtree(_IMPORT_DATA_DIR, ignore_errors=True)
    shutil.rmtree(_XDG, ignore_errors=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item):
    """Windows a test leaves go now, not at some later test's event loop.

    pytest-qt closes the widgets a test registered and calls deleteLater() on them, then only
    processEvents(), which leaves deferred deletions alone; they waited for the next test that runs
    an event loop (qtbot.wait), and until then every leftover window's timers, docks and actions
    were still there for each later test's processEvents: 1,279 hidden top-level widgets (windows,
    their menus) after test_dock_layout.py, and the next files' tests two to three times as slow.
    This runs after the fixtures' own teardown, which may still use the window. A task pool deleted with its
    window waits for its workers holding the GIL (MainWindow.event is Python), and a worker still running a
    task then waits for the GIL for ever: the workers are stopped first, and waited for without it.
    """
    result = yield
    from PySide6.QtCore import QCoreApplication, QEvent

    from cxdesigner.services import tasks

    if QCoreApplication.instance() is not None and tasks.stop_all(10_000):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return result


@pytest.fixture
def own_settings(tmp_path, monkeypatch):
    """The window reads and writes this test's own settings (the test-mode ones are shared by every test
    process); the interface is English again afterwards."""
    from PySide6.QtCore import QSettings

    from cxdesigner import qti18n
    from cxdesigner import settings as app_settings

    own = str(tmp_path / "settings.ini")
    monkeypatch.setattr(app_settings, "_store", lambda: QSettings(own, QSettings.Format.IniFormat))
    yield
    qti18n.apply("en")
