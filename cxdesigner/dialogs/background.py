"""Long exports off the UI thread: a window-modal progress dialog over a child-process job.

The job (:mod:`cxdesigner.services.childjob`, which says why a child process and not a thread)
runs the command line on a snapshot of the project while the window's event loop keeps running:
the window repaints, the bar moves, Cancel answers at once. The dialog is modal to its window,
so a click or a key pressed meanwhile goes to the dialog (Escape cancels) or nowhere; nothing
is queued to be applied after the export.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QCloseEvent, QFontMetrics
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ..document import STAGE_FROM, Document, StagedStep, Stager
from ..document.commands import ChangeCommand, Command
from ..exchange.common import ImportCancelledError, Progress, reading_failure
from ..i18n import _
from ..model import CXError, Project
from ..services.childjob import ChildJob, Staging, take_snapshot
from ..services.tasks import TaskCancelledError, TaskRunner, Work
from ..storage import StaleStagingError, StorageError
from ..storage.safeopen import ask_again
from .common import DialogIO, plain_label, plain_tooltip, push_refused

# Arguments of the cxdesigner command for (snapshot file, output file).
CommandFor = Callable[[Path, Path], list[str]]


@dataclass
class JobResult:
    """What a finished export wrote and noted."""

    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Job(Protocol):
    """What the dialog drives: a :class:`ChildJob` or a worker thread's :class:`Task`."""

    progressed: Any
    finished: Any
    done: bool

    def cancel(self) -> None: ...


class JobProgressDialog(QDialog):
    """A title, what is being done, a bar (busy until the work says how far it is) and Cancel."""

    WIDTH = 460

    def __init__(
        self,
        job: Job,
        title: str,
        label: str,
        detail: str = "",
        parent: QWidget | None = None,
        cancellable: bool = True,
    ) -> None:
        super().__init__(parent)
        self.job = job
        self.cancellable = cancellable
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        # A title and a close button (which cancels): nothing to minimise or maximise.
        self.setWindowFlags(
            Qt.WindowType.Dialog
            | Qt.WindowType.CustomizeWindowHint
            | Qt.WindowType.WindowTitleHint
            | Qt.WindowType.WindowCloseButtonHint
        )
        layout = QVBoxLayout(self)
        self.label = plain_label(label, self, wrap=True)
        layout.addWidget(self.label)
        self.detail = plain_label("", self)
        if detail:
            metrics = QFontMetrics(self.detail.font())
            self.detail.setText(metrics.elidedText(detail, Qt.TextElideMode.ElideMiddle, self.WIDTH - 40))
            self.detail.setToolTip(plain_tooltip(detail))
            layout.addWidget(self.detail)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # busy: most exports cannot say how far they are
        self.bar.setTextVisible(False)
        layout.addWidget(self.bar)
        buttons = QDialogButtonBox(self)
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.setAutoDefault(False)  # Enter must not cancel an export by accident
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.clicked.connect(self.cancel)
        layout.addWidget(buttons)
        buttons.setVisible(cancellable)
        self.setFixedWidth(self.WIDTH)
        self.setFixedHeight(self.sizeHint().height())  # nothing to gain from resizing or maximising it
        job.progressed.connect(self.set_progress)
        job.finished.connect(self.accept)

    def set_progress(self, done: int, total: int) -> None:
        if total <= 0:
            return
        if self.bar.maximum() != total:
            self.bar.setRange(0, total)
            self.bar.setTextVisible(True)
        self.bar.setValue(max(0, min(done, total)))

    def final_step(self, label: str) -> None:
        """The work is done and what remains runs on this thread and cannot be stopped: say so, now.

        Painted at once, for the window does not paint again until that step is over (the changes of
        an import applied to the project and written).
        """
        self.cancellable = False
        self.cancel_button.setEnabled(False)
        self.label.setText(label)
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.bar.setTextVisible(False)
        self.repaint()

    def cancel(self) -> None:
        """Stop the work; the dialog closes when the child has gone and its files are removed."""
        if self.job.done or not self.cancellable:
            return
        self.cancel_button.setEnabled(False)
        self.label.setText(_("Cancelling…"))
        self.job.cancel()

    def reject(self) -> None:  # Escape: cancel the work, close when it has stopped
        self.cancel()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.job.done:
            event.accept()
            return
        event.ignore()
        self.cancel()

    def accept(self) -> None:
        if self.job.done:
            super().accept()


class ExportCancelledError(CXError):
    """The user cancelled an export; nothing was written."""


def run_export_job(
    parent: QWidget | None,
    doc: Document,
    command: CommandFor,
    target: Path,
    title: str,
    label: str,
) -> JobResult:
    """Run ``cxdesigner COMMAND`` on a snapshot of ``doc`` into ``target`` with a progress dialog.

    Returns the files put in place and the export's warnings. Raises :class:`ExportCancelledError`
    when the user cancelled (nothing written, no temporary left) and :class:`CXError` with the
    command's one-line message when the export failed.
    """
    staging = Staging(target)
    snapshot: Path | None = None
    try:
        snapshot = take_snapshot(doc.working_copy.conn)
        job = ChildJob([*command(snapshot, staging.output), "--progress"])
    except BaseException:
        staging.discard()
        if snapshot is not None:
            snapshot.unlink(missing_ok=True)
        raise
    dialog = JobProgressDialog(job, title, label, str(staging.target), parent)
    try:
        job.start()
        if not job.done:
            dialog.exec()
    finally:
        if not job.done:  # the dialog was torn down under us (the application quits): stop the child
            job.cancel()
            job.process.waitForFinished(3000)
        dialog.deleteLater()
        job.deleteLater()
        snapshot.unlink(missing_ok=True)
        if job.was_cancelled or job.error:
            staging.discard()
    if job.was_cancelled:
        raise ExportCancelledError(_("The export was cancelled; nothing was written."))
    if job.error:
        raise CXError(_about_the_project(staging.readable(job.error), snapshot, doc))
    try:
        files = staging.publish()
    finally:
        staging.discard()
    return JobResult(files, [_about_the_project(staging.readable(w), snapshot, doc) for w in job.warnings])


def _about_the_project(message: str, snapshot: Path, doc: Document) -> str:
    """``message`` from the child about its snapshot, told about the open project instead.

    The person never chose the snapshot (a copy in the data folder), so its path becomes the project's
    file name, or its name before it is first saved. Nobody sent them the project they have open, so the
    advice to ask the sender for the original goes.
    """
    shown = doc.path.name if doc.path is not None else (" ".join(doc.project.info.name.split()) or _("Untitled"))
    for path in dict.fromkeys((str(snapshot), str(snapshot.resolve()))):
        message = message.replace(path, shown)
    return message.replace(" " + ask_again(), "")


_runners: list[TaskRunner] = []


def _runner() -> TaskRunner:
    # One worker thread for the dialogs' reading and checking: one such dialog is open at a time.
    if not _runners:
        _runners.append(TaskRunner(max_threads=1, parent=QCoreApplication.instance()))
    return _runners[0]


def run_in_worker(
    parent: QWidget | None,
    title: str,
    label: str,
    work: Work,
    detail: str = "",
    cancellable: bool = True,
    then: Callable[[Any], Any] | None = None,
    then_label: str = "",
) -> Any:
    """Run Qt-free ``work(progress)`` (reading or checking an import file) on a worker thread with progress.

    Reading a spreadsheet, a draw.io diagram or another project touches no Qt object and no live
    project, so a thread serves (no child process needed): the window stays responsive, the bar
    follows the rows, and Cancel stops the work at its next progress call. Returns what the work
    returned; raises what it raised (a failure of the file or the computer as a :class:`CXError` that
    says what to do), and :class:`ImportCancelledError` when the user cancelled.

    ``then(value)``, when given, runs on this thread once the work is done, with the dialog still up and
    saying ``then_label`` without Cancel; what it returns (or raises) is the answer.
    """
    outcome: dict[str, Any] = {}

    def quiet_work(progress: Callable[[int, int], bool]) -> Any:
        # Reading 100,000 rows makes enough small objects to start the collector's full passes, which
        # hold the GIL and would freeze the window (docs/performance.md): it waits until the end.
        was_on = gc.isenabled()
        gc.disable()
        try:
            return work(progress)
        finally:
            if was_on:
                gc.enable()

    task = _runner().submit(quiet_work, title)
    dialog = JobProgressDialog(task, title, label, detail, parent, cancellable)

    def succeeded(value: Any) -> None:
        if then is None:
            outcome["value"] = value
            return
        dialog.final_step(then_label)
        try:  # the task's finished signal, which closes the dialog, waits for this
            outcome["value"] = then(value)
        except BaseException as exc:  # raised to the caller once the dialog is closed, not in a slot
            outcome["then_error"] = exc

    task.succeeded.connect(succeeded)
    task.failed.connect(lambda exc: outcome.__setitem__("error", exc))
    task.cancelled.connect(lambda: outcome.__setitem__("cancelled", True))
    try:
        if not task.done:
            dialog.exec()
    finally:
        dialog.deleteLater()
    if "then_error" in outcome:
        raise outcome["then_error"]
    error = outcome.get("error")
    if outcome.get("cancelled") or isinstance(error, TaskCancelledError):
        raise ImportCancelledError("The import was cancelled; nothing was changed")
    if error is not None:
        if not isinstance(error, CXError):
            # Out of memory, a disk gone mid-read, an encoding or a nesting no reader handles: said
            # with what to do, not as an unexpected error; anything else is a bug and stays one.
            told = reading_failure(error, Path(detail).name if detail else "")
            if told is not None:
                raise told from error
        raise error
    return outcome.get("value")


def push_import(io: DialogIO, undo_stack: Any, doc: Document, title: str, label: str, build: BuildCommand) -> Any:
    """Work out an import's command off the UI thread (:func:`build_in_worker`), then push it as one undo step.

    What the import reports afterwards, or None: cancelled (nothing changed, nothing said) or refused
    (said, with why, once the progress dialog is closed).
    """

    def pushed(command: Command | StagedStep, outcome: Any) -> tuple[Any, str | None]:
        if isinstance(command, StagedStep):
            try:
                undo_stack.commit_staged(command)
                return outcome, None
            except StaleStagingError:  # the project changed as it was taken over: made again, the ordinary way
                command, outcome = build(doc.project, None)
            except CXError as exc:
                return outcome, str(exc)
        return outcome, push_refused(undo_stack, doc, command)

    try:
        outcome, refusal = build_in_worker(io.io_parent(), title, label, doc, build, then=pushed, stage=True)
    except ImportCancelledError:
        return None
    except StorageError as exc:  # the staged write on the worker (a full data disk): nothing changed
        undo_stack.staging_failed(exc)
        refusal = str(exc)
    except CXError as exc:
        refusal = str(exc)
    if refusal is not None:
        io.show_error(_("Nothing was imported"), refusal)
        return None
    return outcome


# An import's command, worked out from a project: Qt-free, following ``progress`` when given.
BuildCommand = Callable[[Project, Progress | None], tuple[Command, Any]]


def build_in_worker(
    parent: QWidget | None,
    title: str,
    label: str,
    doc: Document,
    build: BuildCommand,
    then: Callable[[Command, Any], Any] | None = None,
    stage: bool = False,
) -> Any:
    """``build``'s command with its changes worked out on a worker thread, ready to push; raises as it did.

    An import's command is worked out from a detached copy of the project, with progress and Cancel:
    merging 25,000 cards made their new records and change set on the UI thread (half of the 2.4 s
    the window froze), a million survey answers their change set. A command is all-or-nothing, so
    Cancel here leaves the project as it was: nothing has been applied yet (:class:`ImportCancelledError`).
    If the project changed meanwhile (a room's phone sent an idea), the command is worked out again
    against it on the worker, under a new progress dialog (up to ``REBUILDS`` times, then here), so what
    is pushed always matches the project it changes and the phone's change is kept.

    ``then(command, outcome)``, when given, runs on this thread while the progress dialog says the
    changes are being added (no Cancel: applying them cannot stop half-way); its answer is returned.
    Without it, the answer is ``(command, outcome)``.

    ``stage``: a command of ``STAGE_FROM`` changes or more is also applied and written on the worker
    (``Document.stager``), still under Cancel, and ``then`` gets the :class:`StagedStep` to take over
    (``UndoStack.commit_staged``) instead of the command: a million survey answers held the window 13 s
    in the ordinary way. ``then`` must do the command the ordinary way if that raises ``StaleStagingError``.
    """
    for _attempt in range(REBUILDS + 1):
        value = _build_once(parent, title, label, doc, build, then, stage)
        if value is not _AGAIN:
            return value
    # The project changed under every attempt (a busy room): made against it here, as before.
    command, outcome = build(doc.project, None)
    return then(command, outcome) if then is not None else (command, outcome)  # type: ignore[arg-type]


# How many times an import is worked out again on a worker when the project changed under it (a room's
# phone sent an idea) before it is made on the UI thread against the project as it is.
REBUILDS = 3
_AGAIN = object()


def _build_once(
    parent: QWidget | None,
    title: str,
    label: str,
    doc: Document,
    build: BuildCommand,
    then: Callable[[Command, Any], Any] | None,
    stage: bool,
) -> Any:
    """One attempt of :func:`build_in_worker`: its answer, or ``_AGAIN``.

    The project is copied on the worker too (``Project.detached_copy_live``: half a second at a million
    answers), from the working copy's version read here; if that version moved by the end (a change was
    written meanwhile), what was worked out is dropped and the answer is ``_AGAIN``: worked out again on
    the worker, with progress and Cancel, not on this thread (13 s at a million answers).
    """
    before = doc.working_copy.version()
    stager = doc.stager(live=True) if stage and not doc.read_only else None
    live = doc.project

    def work(progress: Callable[[int, int], bool]) -> tuple[Command | StagedStep, Any]:
        stop = lambda: not progress(0, 0)  # noqa: E731
        snapshot = stager.take_copy(stop) if stager is not None else live.detached_copy_live(stop)
        if snapshot is None:
            raise TaskCancelledError
        command, outcome = build(snapshot, progress)
        if isinstance(command, ChangeCommand):
            # Kept by the command: its do() applies them without working them out.
            changes = command.prepare(snapshot)
            if stager is not None and len(changes) >= STAGE_FROM:
                step = stager.stage(command, "do", progress)
                if step is None:
                    raise TaskCancelledError
                return step, outcome
        return command, outcome

    def finish(value: tuple[Command | StagedStep, Any]) -> Any:
        command, outcome = value
        if doc.working_copy.version() != before:
            if isinstance(command, StagedStep):
                doc.discard_staged(command)
            return _AGAIN
        return then(command, outcome) if then is not None else value  # type: ignore[arg-type]

    try:
        return run_in_worker(parent, title, label, work, then=finish, then_label=_("Adding to the project…"))
    except StaleStagingError:  # written before the worker copied the working file: worked out again
        return _AGAIN


def run_staged_step(parent: QWidget | None, doc: Document, command: ChangeCommand, undone: bool) -> Command | None:
    """Undo (``undone``) or redo a big step on a worker with progress and Cancel, then take it over at once.

    The step ``UndoStack`` hands here (``STAGE_FROM`` records or more: undoing a million survey answers
    held the window as long as importing them). Returns the step done; None when cancelled (nothing
    changed) or when the history changed meanwhile (a room's phone: nothing done, the person may undo
    again). A failure to write raises as the ordinary undo's would, the project read-only as after one.
    The project's copy is made on the worker; if a change was written meanwhile (a room's idea, a save),
    the step is staged again on the worker (up to ``REBUILDS`` times, then done here the ordinary way).
    """
    action = "undo" if undone else "redo"
    title = _("Undo") if undone else _("Redo")
    for _attempt in range(REBUILDS + 1):
        stager = doc.stager(live=True)  # the project's copy made on the worker

        def work(progress: Callable[[int, int], bool], stager: Stager = stager) -> StagedStep:
            step = stager.stage(command, action, progress)
            if step is None:
                raise TaskCancelledError
            return step

        def take(step: StagedStep) -> Any:
            try:
                doc.commit_staged(step)
                return command
            except StaleStagingError:
                return _AGAIN

        try:
            done = run_in_worker(
                parent, title, command.description, work, then=take, then_label=_("Changing the project…")
            )
        except ImportCancelledError:
            return None
        except StaleStagingError:  # written before the worker copied the working file
            done = _AGAIN
        except StorageError as exc:
            doc.staging_failed(exc)
            raise
        if done is not _AGAIN:
            return done  # type: ignore[no-any-return]
        if doc.stack.next_step(action) is not command:
            return None  # the history moved on meanwhile: nothing done, the person may undo again
        # Only the file moved on (a save, a room's idea): staged again on the worker, from the project as it is.
    return doc.undo() if undone else doc.redo()  # still moving after every attempt: the ordinary way, here


__all__ = [
    "BuildCommand",
    "ExportCancelledError",
    "JobProgressDialog",
    "JobResult",
    "build_in_worker",
    "push_import",
    "run_export_job",
    "run_in_worker",
    "run_staged_step",
]
