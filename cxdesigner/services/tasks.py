"""Long work off the UI thread: a task runner with progress and Cancel, reporting back on the UI thread.

The work is a plain function that receives a ``progress(done, total)`` callable, the convention
the Qt-free layers already follow (:data:`cxdesigner.exchange.common.Progress`): it returns False
once Cancel was asked for, and the work should then stop (or raise :class:`TaskCancelledError`).
The function must not touch Qt objects or the live project: hand it a snapshot.

QtCore only, so the command line could use it too; the analysis service is its first user,
exports and the report are the next.
"""

from __future__ import annotations

import atexit
import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal

from ..model.errors import CXError

log = logging.getLogger(__name__)

Work = Callable[[Callable[[int, int], bool]], Any]


class TaskCancelledError(Exception):
    """Raised by work that noticed Cancel (its ``progress`` returned False)."""


class Task(QObject):
    """One piece of work in the runner's pool; its signals arrive on the thread that submitted it.

    Exactly one of :attr:`succeeded`, :attr:`failed` and :attr:`cancelled` is emitted, then
    :attr:`finished`.
    """

    progressed = Signal(int, int)  # done, total
    succeeded = Signal(object)  # what the work returned
    failed = Signal(object)  # the exception it raised
    cancelled = Signal()
    finished = Signal()

    # Emitted from the worker thread; queued to this object's thread, which re-emits the public ones.
    _progress_report = Signal(int, int)
    _end_report = Signal(str, object)

    def __init__(self, work: Work, name: str = "") -> None:
        super().__init__()
        self.name = name or getattr(work, "__name__", "task")
        self._work = work
        self._cancel = threading.Event()
        self._started = threading.Event()
        self.done = False
        self._progress_report.connect(self.progressed, Qt.ConnectionType.QueuedConnection)
        self._end_report.connect(self._ended, Qt.ConnectionType.QueuedConnection)

    # -- either thread -------------------------------------------------------------------------
    def cancel(self) -> None:
        """Ask the work to stop; work that has not started yet never runs."""
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def started(self) -> bool:
        return self._started.is_set()

    # -- the worker thread ---------------------------------------------------------------------------
    def progress(self, done: int, total: int) -> bool:
        """Report progress from the work; False means Cancel was asked for."""
        try:
            self._progress_report.emit(done, total)
        except RuntimeError:  # the task was deleted (its window closed): nobody waits for the work
            self._cancel.set()
        return not self._cancel.is_set()

    def run(self) -> None:
        """Run the work here and now (the pool calls this on a worker thread)."""
        self._started.set()
        if self._cancel.is_set():
            self._report("cancelled", None)
            return
        try:
            value = self._work(self.progress)
        except TaskCancelledError:
            self._report("cancelled", None)
        except CXError as exc:
            # A refusal the person is shown in our words (a wrong column, a full disk): no fault of ours,
            # so no traceback filed as an error in the log.
            log.info("task %s refused: %s", self.name, exc)
            self._report("failed", exc)
        except Exception as exc:
            # Logged here with its traceback: the UI thread only gets the exception object.
            log.exception("task %s failed", self.name)
            self._report("failed", exc)
        else:
            self._report("cancelled" if self._cancel.is_set() else "succeeded", value)

    def _report(self, how: str, value: object) -> None:
        try:
            self._end_report.emit(how, value)
        except RuntimeError:
            # The task's owner (a start page, a closing window) was deleted while the work ran:
            # there is no one left to tell.
            log.debug("task %s ended (%s) after its owner was deleted", self.name, how)

    # -- back on the submitting thread -----------------------------------------------------------
    def _ended(self, how: str, value: object) -> None:
        self.done = True
        self._work = None  # type: ignore[assignment]  # let go of the snapshot it held
        if how == "succeeded":
            self.succeeded.emit(value)
        elif how == "failed":
            self.failed.emit(value)
        else:
            self.cancelled.emit()
        self.finished.emit()


class TaskRunner(QObject):
    """A pool of worker threads (one by default: tasks then run in the order they were given)."""

    def __init__(self, max_threads: int = 1, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max(1, max_threads))
        self._tasks: set[Task] = set()
        _runners.add(self)

    def submit(self, work: Work, name: str = "") -> Task:
        """Queue ``work(progress)``; connect to the returned task's signals before control returns to Qt."""
        task = Task(work, name)
        self._tasks.add(task)
        task.finished.connect(lambda t=task: self._tasks.discard(t))
        self._pool.start(task.run)
        return task

    def tasks(self) -> list[Task]:
        """The tasks not finished yet (queued or running)."""
        return [t for t in self._tasks if not t.done]

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until every worker is idle (shutting down, tests); False if ``msecs`` ran out first."""
        return self._pool.waitForDone(msecs)


# Every runner, so that the program's end can stop them. Registered after PySide's own exit handler
# (this module imports PySide first), stop_all runs before it: otherwise PySide destroys the
# application while a worker may still run and emit its task's signals (a recent file the start
# page of a closing window asked for), the likely cause of a crash on the way out seen in CI.
_runners: weakref.WeakSet[TaskRunner] = weakref.WeakSet()


@atexit.register
def stop_all(msecs: int = 10_000) -> bool:
    """Cancel every runner's tasks and wait for their workers; False if some still ran after ``msecs``."""
    idle = True
    for runner in list(_runners):
        try:
            runner.cancel_all()
            idle = runner.wait(msecs) and idle
        except RuntimeError:  # its Qt side is gone already, and its pool waited for its workers then
            continue
    return idle

