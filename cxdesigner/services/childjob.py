"""Exports and the report in a child process: the command line on a snapshot, with progress and instant Cancel.

Why a child process and not a worker thread: a map or a report is painted through the canvas's
QGraphicsScene, QFont and QTextDocument, and QApplication's style; Qt documents none of these
as thread-safe, so painting them outside the UI thread risks crashes that no test would catch
reliably. A thread also cannot be stopped in the middle of a paint: Cancel would wait for the
next progress call. A child process has its own offscreen Qt, shares nothing with the window
(the UI thread only reads its output lines), and Cancel kills it at once. The price is its
start-up, about 0.3 s for a CSV and 1 s for a picture on a 2-core laptop, small beside the
seconds a large map or a report takes.

A job runs ``cxdesigner export|report ... --progress`` (``sys.executable -m cxdesigner``, or the
bundle's executable itself when frozen by PyInstaller) on a **snapshot**: a copy of the open
project's working copy made with SQLite's backup API (unsaved changes included; the live project
is never read by another thread or process). The child writes into a **staging folder** beside the
target, so a cancelled or failed job leaves neither a file nor a temporary: the parent removes the
staging folder, the snapshot, and what the killed child left in the temporary and data folders
(:func:`cxdesigner.storage.recovery.clear_dead_leftovers`). Only a job that ended well has its
files moved into place (a rename in the same folder, so the target is the old file or the new).

QtCore only, like :mod:`.tasks`.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import stat
import sys
import uuid
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, Signal

from ..i18n import _, language
from ..storage import BadTargetError, atomic, recovery
from ..storage.session import LOCK_FILE, SESSION_FILE, data_dir, sessions_dir
from ..storage.store import as_storage_error

PROGRESS_PREFIX = "@progress "  # cxdesigner.cli.exchange_cmds prints these with --progress
ERROR_PREFIX = "cxdesigner: "
WARNING_PREFIX = "cxdesigner: warning: "
STAGING_MARK = ".cxd-write-"  # the staging folder is named like our temporaries (host, pid)
SNAPSHOT_FOLDER = "export-snapshots"


def cli_command(args: Sequence[str]) -> tuple[str, list[str]]:
    """The program and arguments that run ``cxdesigner ARGS`` headless, from source, a wheel or a bundle."""
    if getattr(sys, "frozen", False):  # PyInstaller: the executable is the app and takes subcommands
        return sys.executable, list(args)
    return sys.executable, ["-m", "cxdesigner", *args]


def _child_environment() -> QProcessEnvironment:
    env = QProcessEnvironment.systemEnvironment()
    # Never a window, whatever platform the app itself uses.
    env.insert("QT_QPA_PLATFORM", "offscreen")
    env.insert("PYTHONIOENCODING", "utf-8")
    # Its refusals and warnings are shown in the window: in the window's language (the command line's
    # default is English). The name is cxdesigner.cli.MESSAGES_LANG; this module must not import the CLI.
    env.insert("CXDESIGNER_MESSAGES_LANG", language())
    if not getattr(sys, "frozen", False):
        # The child imports this very package (a source checkout, a wheel), not another copy on the path.
        here = str(Path(__file__).resolve().parents[2])
        rest = env.value("PYTHONPATH", "")
        env.insert("PYTHONPATH", here + (os.pathsep + rest if rest else ""))
    return env


def snapshot_folder() -> Path:
    return data_dir() / SNAPSHOT_FOLDER


def _owner_pid(name: str) -> int | None:
    try:
        host, pid, _rest = name.split("-", 2)
        return int(pid) if host == socket.gethostname() else None
    except ValueError:
        return None


def remove_stale_snapshots() -> None:
    """Remove the snapshots an app that was killed during an export left in the data folder."""
    try:
        entries = list(snapshot_folder().iterdir())
    except OSError:
        return
    for path in entries:
        pid = _owner_pid(path.name)
        if pid is not None and pid != os.getpid() and not atomic.pid_alive(pid):
            path.unlink(missing_ok=True)


def take_snapshot(conn: sqlite3.Connection) -> Path:
    """Copy the project behind ``conn`` (a working copy) into a new file of the data folder.

    SQLite's backup API reads one consistent state; a 300-card project takes a few milliseconds.
    """
    folder = snapshot_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise as_storage_error(exc, folder) from exc
    remove_stale_snapshots()
    path = folder / f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}.cxd"
    try:
        dst = sqlite3.connect(str(path), isolation_level=None)
        try:
            dst.execute("PRAGMA journal_mode=OFF")  # a throwaway file needs no journal (no side file)
            dst.execute("PRAGMA synchronous=OFF")
            conn.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    except (OSError, sqlite3.Error) as exc:
        path.unlink(missing_ok=True)
        raise as_storage_error(exc, path) from exc
    return path


class Staging:
    """A private folder beside the target where the child writes; :meth:`publish` moves its files into place."""

    def __init__(self, target: Path) -> None:
        # Checked first, so a read-only folder says so before any work (the same message as the CLI's).
        real, _st = atomic.check_writable(target)
        self.target = real
        self.folder = atomic.temp_name(real, STAGING_MARK)
        try:
            self.folder.mkdir()
        except OSError as exc:
            raise as_storage_error(exc, real.parent) from exc

    @property
    def output(self) -> Path:
        """Where the child is told to write (the target's name inside the staging folder)."""
        return self.folder / self.target.name

    def staged_files(self) -> list[Path]:
        return sorted(p for p in self.folder.iterdir() if p.is_file() and not p.name.startswith("."))

    def publish(self) -> list[Path]:
        """Move every file the child wrote next to the target (one rename each); the files in place."""
        placed = []
        for staged in self.staged_files():
            final = self.target.parent / staged.name
            try:
                old = os.stat(final)
            except FileNotFoundError:
                old = None
            except OSError as exc:
                raise as_storage_error(exc, final) from exc
            try:
                if old is not None:
                    if not stat.S_ISREG(old.st_mode):
                        raise BadTargetError(f"{final}: is not a regular file; CX Designer will not replace it")
                    os.chmod(staged, stat.S_IMODE(old.st_mode))  # a private file stays private
                os.replace(staged, final)
            except OSError as exc:
                raise as_storage_error(exc, final) from exc
            placed.append(final)
        atomic.fsync_dir(self.target.parent)
        self.discard()
        return placed

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def readable(self, message: str) -> str:
        """``message`` from the child, naming the target instead of the staging folder."""
        return message.replace(str(self.output), str(self.target)).replace(str(self.folder), str(self.target.parent))


def _session_names() -> set[str]:
    try:
        return {p.name for p in sessions_dir().iterdir()}
    except OSError:
        return set()


def _remove_unfinished_sessions(before: set[str]) -> None:
    """Remove the session folder a child killed while opening the snapshot left (no session.json yet).

    :func:`recovery.clear_dead_leftovers` only removes sessions that say whose they are; a folder
    that appeared during the job, whose lock nobody holds and which names no owner, is the child's.
    """
    for name in _session_names() - before:
        folder = sessions_dir() / name
        unnamed = (folder / LOCK_FILE).exists() and not (folder / SESSION_FILE).exists()
        if unnamed and not recovery.session_alive(folder, None):
            shutil.rmtree(folder, ignore_errors=True)


def start_failure(program: str) -> str:
    """Why the export's child could not start, and what to do, in the interface language.

    Qt's ``errorString()`` ("execve: No such file or directory") is English whatever the window speaks, and
    names a system call: what failed is told here from the program file itself.
    """
    found = shutil.which(program) or program
    if not os.path.isfile(found):
        return _(
            "The export could not start: the program it runs, {program}, is missing. Nothing was written. "
            "Reinstall CX Designer, then export again."
        ).format(program=found)
    if not os.access(found, os.X_OK):
        return _(
            "The export could not start: this computer does not allow the program it runs, {program}, to be run. "
            "Nothing was written. Reinstall CX Designer, or ask whoever looks after this computer to allow it."
        ).format(program=found)
    # The program is there and may run: the system had no room for another process (memory, a limit).
    return _(
        "The export could not start: the system did not start another program (it may be short of memory). "
        "Nothing was written. Close other programs, then export again."
    )


class ChildJob(QObject):
    """One ``cxdesigner`` command in a child process; exactly one of succeeded, failed, cancelled, then finished."""

    progressed = Signal(int, int)  # done, total (total 0: the work does not say how far it is)
    succeeded = Signal()
    failed = Signal(str)  # the command's one-line error
    cancelled = Signal()
    finished = Signal()

    def __init__(self, args: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.args = list(args)
        self.warnings: list[str] = []
        self.error = ""
        self.done = False
        self._cancelled = False
        self._buffer = b""
        self._other: list[str] = []
        self._sessions_before: set[str] = set()
        self.process = QProcess(self)
        self.process.setProcessEnvironment(_child_environment())
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        self.process.readyReadStandardError.connect(self._read_stderr)
        self.process.readyReadStandardOutput.connect(self.process.readAllStandardOutput)  # "Wrote …": not needed
        self.process.finished.connect(self._finished)
        self.process.errorOccurred.connect(self._error)

    def start(self) -> None:
        program, arguments = cli_command(self.args)
        self._sessions_before = _session_names()
        self.process.start(program, arguments)

    def cancel(self) -> None:
        """Stop at once: the child is killed (it writes only into the staging folder)."""
        if self.done or self._cancelled:
            return
        self._cancelled = True
        if self.process.state() != QProcess.ProcessState.NotRunning:
            self.process.kill()
        else:
            self._end()

    @property
    def was_cancelled(self) -> bool:
        return self._cancelled

    # -- the child's output ------------------------------------------------------------------
    def _read_stderr(self) -> None:
        self._buffer += bytes(self.process.readAllStandardError().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        for raw in lines:
            self._line(raw.decode("utf-8", errors="replace").rstrip("\r"))

    def _line(self, line: str) -> None:
        if line.startswith(PROGRESS_PREFIX):
            try:
                done, total = (int(x) for x in line[len(PROGRESS_PREFIX) :].split())
            except ValueError:
                return
            self.progressed.emit(done, total)
        elif line.startswith(WARNING_PREFIX):
            self.warnings.append(line[len(WARNING_PREFIX) :])
        elif line.startswith(ERROR_PREFIX):
            self.error = line[len(ERROR_PREFIX) :]
        elif line.strip():
            self._other.append(line)  # a Python traceback or a Qt message: kept for the error

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and not self.done:
            self.error = start_failure(self.process.program())
            self._end()

    def _finished(self, code: int, status: QProcess.ExitStatus) -> None:
        self._read_stderr()
        if self._buffer:
            self._line(self._buffer.decode("utf-8", errors="replace"))
            self._buffer = b""
        if not self._cancelled and (status != QProcess.ExitStatus.NormalExit or code != 0) and not self.error:
            tail = self._other[-1] if self._other else ""
            self.error = _("The export stopped unexpectedly (exit code {code}).").format(code=code)
            if tail:
                self.error += " " + tail
            # Most often the system ended it for want of memory: what was half written is removed.
            self.error += " " + _(
                "Nothing was written. Close other programs and try again, or export less at once "
                "(one journey, a lower resolution)."
            )
        self._end()

    def _end(self) -> None:
        if self.done:
            return
        self.done = True
        if self._cancelled:
            # What the killed child left: its private copy in the temporary folder, its session folder.
            recovery.clear_dead_leftovers()
            _remove_unfinished_sessions(self._sessions_before)
            self.cancelled.emit()
        elif self.error:
            self.failed.emit(self.error)
        else:
            self.succeeded.emit()
        self.finished.emit()


__all__ = [
    "PROGRESS_PREFIX",
    "ChildJob",
    "Staging",
    "cli_command",
    "remove_stale_snapshots",
    "start_failure",
    "take_snapshot",
]
