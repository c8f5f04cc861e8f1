"""One project file, one writer: a QLockFile beside the file, shared by the window, the API and the CLI."""

from __future__ import annotations

import atexit
import datetime as dt
import enum
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QFileInfo, QLockFile, QSysInfo

from .i18n import _, quote
from .storage import FileLockedError
from .storage.atomic import NAME_BYTES, fit_name
from .storage.recovery import Orphan
from .storage.recovery import startup_cleanup as _storage_cleanup
from .storage.regular import kind_of

LOCK_PREFIX = ".~lock."
LOCK_SUFFIX = "#"


def lock_path(project: Path | str) -> Path:
    """The lock file of a project: hidden, beside it (``.~lock.name.cxd#``)."""
    p = Path(project).absolute()
    # Room for Qt's own names beside the lock (it writes "<lock>.rmlock" to clear a stale one).
    room = NAME_BYTES - len(LOCK_PREFIX) - len(LOCK_SUFFIX) - len(".rmlock")
    return p.with_name(f"{LOCK_PREFIX}{fit_name(p.name, room)}{LOCK_SUFFIX}")


class LockState(enum.Enum):
    ACQUIRED = "acquired"
    HELD = "held"  # another running CX Designer has it
    NO_PERMISSION = "no-permission"  # the folder is read-only (or the lock cannot be written)


@dataclass(frozen=True)
class LockHolder:
    """Who holds a project's lock, as far as the lock file tells."""

    pid: int
    host: str
    user: str
    app: str
    since: dt.datetime | None
    same_host: bool


def _holder_of(lock: QLockFile, path: Path) -> LockHolder | None:
    # PySide returns (pid, host, app), with pid 0 when there is no readable lock.
    pid, host, app = lock.getLockInfo()
    if not pid:
        return None
    info = QFileInfo(str(path))
    modified = info.lastModified()
    since = dt.datetime.fromtimestamp(modified.toSecsSinceEpoch()) if modified.isValid() else None
    # QLockFile records no user; the lock file's owner is the user whose process wrote it.
    user = info.owner()
    return LockHolder(int(pid), str(host), str(user), str(app), since, str(host) == QSysInfo.machineHostName())


class ProjectLock:
    """The lock of one project file, held by this process while the file is open for writing.

    Locks are shared within one process (the same file opened twice by a script counts once):
    the file is released when the last holder releases it.
    """

    _held: dict[Path, tuple[QLockFile, int]] = {}

    def __init__(self, project: Path | str) -> None:
        self.project = Path(project).absolute()
        self.path = lock_path(self.project)
        self.owned = False

    def _qlock(self) -> QLockFile:
        lock = QLockFile(str(self.path))
        # 0: a lock is never stale by age (another host's lock stays until the user decides);
        # Qt still clears one whose process on this host is gone.
        lock.setStaleLockTime(0)
        return lock

    def _check_lock_file(self) -> None:
        """Refuse a lock path that holds something we never write: Qt would block on a pipe or wait forever."""
        try:
            st = os.lstat(self.path)
        except OSError:
            return
        if stat.S_ISLNK(st.st_mode) or not stat.S_ISREG(st.st_mode):
            what = _("a link") if stat.S_ISLNK(st.st_mode) else kind_of(st.st_mode)
            raise FileLockedError(
                _(
                    "{path}: its lock file {lock} is {what}, not a lock CX Designer wrote; "
                    "if the project is not open anywhere, remove it and try again"
                ).format(path=self.project, lock=quote(str(self.path)), what=what)
            )

    def try_acquire(self) -> LockState:
        """Take the lock if free (or stale: a dead process of this host); never waits."""
        if self.owned:
            return LockState.ACQUIRED
        self._check_lock_file()
        held = ProjectLock._held.get(self.path)
        if held is not None:
            ProjectLock._held[self.path] = (held[0], held[1] + 1)
            self.owned = True
            return LockState.ACQUIRED
        lock = self._qlock()
        if lock.tryLock(0):
            ProjectLock._held[self.path] = (lock, 1)
            self.owned = True
            return LockState.ACQUIRED
        if lock.error() == QLockFile.LockError.LockFailedError:
            return LockState.HELD
        return LockState.NO_PERMISSION

    def holder(self) -> LockHolder | None:
        """Who holds the lock now (None when nobody does, or the lock file is unreadable)."""
        return _holder_of(self._qlock(), self.path)

    def take_over(self) -> bool:
        """Remove another holder's lock (the user decided it is stale) and take it."""
        self._qlock().removeStaleLockFile()
        if self.path.exists():
            try:
                self.path.unlink()
            except OSError:
                return False
        return self.try_acquire() == LockState.ACQUIRED

    def release(self) -> None:
        """Let go of the lock (the file stays locked while another holder in this process has it)."""
        if not self.owned:
            return
        self.owned = False
        held = ProjectLock._held.get(self.path)
        if held is None:
            return
        lock, count = held
        if count > 1:
            ProjectLock._held[self.path] = (lock, count - 1)
            return
        del ProjectLock._held[self.path]
        lock.unlock()

    def locked_error(self) -> FileLockedError:
        """The error to report when someone else holds the file."""
        holder = self.holder()
        if holder is None:
            return FileLockedError(
                _(
                    "{path}: its lock file {lock} cannot be read (damaged, or written by another "
                    "program); if the project is not open anywhere, delete the lock file and try again"
                ).format(path=self.project, lock=quote(str(self.path))),
                holder=None,
            )
        return FileLockedError(_locked_message(self.project, holder), holder=holder)


def _locked_message(project: Path, holder: LockHolder) -> str:
    """Who holds the lock (``open in CX Designer by ana on host laptop-7 (process 4121) since 2026-05-10
    14:03``) in a whole sentence of the interface language, with what to do."""
    values = {
        "path": project,
        "user": holder.user or _("an unknown user"),
        "host": holder.host or _("unknown"),
        "pid": holder.pid,
        "since": f"{holder.since:%Y-%m-%d %H:%M}" if holder.since else "",
    }
    if holder.same_host and holder.since:
        message = _(
            "{path} is open in CX Designer by {user} on host {host} (this computer) (process {pid}) since {since}; "
            "close it there, or open it read-only"
        )
    elif holder.same_host:
        message = _(
            "{path} is open in CX Designer by {user} on host {host} (this computer) (process {pid}); "
            "close it there, or open it read-only"
        )
    elif holder.since:
        message = _(
            "{path} is open in CX Designer by {user} on host {host} (process {pid}) since {since}; "
            "close it there, or open it read-only"
        )
    else:
        message = _(
            "{path} is open in CX Designer by {user} on host {host} (process {pid}); "
            "close it there, or open it read-only"
        )
    return message.format(**values)


def acquire(project: Path | str) -> tuple[ProjectLock | None, str]:
    """Lock a file for writing: the lock (or None in a read-only folder) and a warning to show.

    Raises :class:`FileLockedError` (exit code 3) naming who has the file open.
    """
    lock = ProjectLock(project)
    state = lock.try_acquire()
    if state is LockState.ACQUIRED:
        return lock, ""
    if state is LockState.HELD:
        raise lock.locked_error()
    if disk_full(lock.project):
        return None, _(
            "The disk holding {path} is full: the file is open without a lock, so others may open it "
            "too. Save goes to Save As; free some space and open the file again to save it in place."
        ).format(path=lock.project)
    return None, _(
        "The folder of {path} is read-only: the file is open without a lock, so others may "
        "open it too. Save goes to Save As."
    ).format(path=lock.project)


# Free space under which a disk counts as full: a lock file is a few hundred bytes.
_FULL_BELOW = 64 * 1024


def disk_full(project: Path | str) -> bool:
    """Whether the disk holding ``project`` is full (a lock that cannot be written there is no sign of a
    read-only folder: a full USB stick was called read-only, and people looked for a permission)."""
    try:
        return shutil.disk_usage(Path(project).parent).free < _FULL_BELOW
    except OSError:
        return False


def no_lock_reason(project: Path | str) -> str:
    """Why Save goes to Save As when the lock of ``project`` could not be written (a full disk, a read-only folder)."""
    return _("the disk is full") if disk_full(project) else _("the folder is read-only")


def check_free(project: Path | str) -> None:
    """Refuse (exit code 3) when another process holds ``project``, without keeping a lock."""
    lock = ProjectLock(project)
    if lock.try_acquire() is LockState.HELD:
        raise lock.locked_error()
    lock.release()


def clear_stale(project: Path | str) -> None:
    """Remove a project's lock if a dead process of this host left it (Qt decides what is stale)."""
    lock = ProjectLock(project)
    if lock.path.exists() and lock.try_acquire() is LockState.ACQUIRED:
        lock.release()


def startup_cleanup() -> list[Orphan]:
    """At start: clear dead sessions' temporaries and stale locks; return the work to offer back."""
    result = _storage_cleanup()
    for original in result.originals:
        clear_stale(original)
    return result.orphans


@atexit.register
def _release_all() -> None:
    # A script that never closes its document must not leave its lock behind.
    for lock, _count in list(ProjectLock._held.values()):
        lock.unlock()
    ProjectLock._held.clear()


__all__ = [
    "LockHolder",
    "LockState",
    "ProjectLock",
    "acquire",
    "check_free",
    "clear_stale",
    "disk_full",
    "lock_path",
    "no_lock_reason",
    "startup_cleanup",
]
