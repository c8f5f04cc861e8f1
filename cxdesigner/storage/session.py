"""The working copy: the app edits a private copy in its data folder and publishes it atomically."""

from __future__ import annotations

import errno
import json
import os
import shutil
import socket
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..i18n import _, number, os_reason
from ..model import Change, Project
from . import regular, safeopen, schema, store
from .atomic import (
    TEMP_MARK,
    crash_point,
    fsync_dir,
    fsync_path,
    is_stream,
    remove_stale_temps,
    replace_with,
    resolve_target,
    write_text,
)
from .checkpoint import EVERY_WRITES, Checkpointer
from .errors import BadTargetError, DamagedFileError, DiskFullError, FileIOError, StorageError

try:  # POSIX: a session holds an advisory lock for as long as its process lives
    import fcntl
except ImportError:  # pragma: no cover - Windows falls back to the process id
    fcntl = None  # type: ignore[assignment]

SESSION_FILE = "session.json"
# Save copies the working file's first part on its own, so that the kill tests can stop it part-way
# through any project, then the rest in large pieces.
_FIRST_PART = 16 * 4096
_COPY_BUFFER = 1 << 20
WORK_FILE = "work.cxd"
LOCK_FILE = "session.lock"

# The named steps of publishing, in order; CXDESIGNER_CRASH_AT=<step> kills the process there (tests).
PUBLISH_STEPS = ("temp-created", "backup-partial", "backup-done", "fsynced", "replaced", "dir-synced")


def _in_data_folder(exc: StorageError) -> StorageError:
    """The error of a write into the data folder, saying which folder (its disk, not the project's, is full)."""
    folder = data_dir()
    text = str(exc)
    if text.startswith(f"{folder}{os.sep}"):
        # A file of ours in there (sessions/…/work.cxd) means nothing to the user: the folder is named instead.
        _inner, sep, rest = text.partition(": ")
        if sep:
            text = rest
    elif str(folder) in text:
        return exc
    return type(exc)(_("CX Designer's data folder {folder}: {detail}").format(folder=folder, detail=text))


def _reason(exc: StorageError, path: Path) -> str:
    """The error's own words, without the path the caller names already."""
    text = str(exc)
    return text.removeprefix(f"{path}: ")


class ExternalChangeError(StorageError):
    """The file on disk is not the one that was opened: someone saved it meanwhile."""


class StaleStagingError(StorageError):
    """The working copy was written after a staged write began: the staged file no longer follows from it."""


# A staged write's file in the session folder (see WorkingCopy.stage); one left by a killed process is
# removed when its session is taken over.
STAGED_PREFIX = "staged-"


# Who makes sessions in this process: "app" (the window: its dead sessions' work is offered back)
# or "cli" (a command: a killed one's session is simply removed, the command can be run again).
_owner = ["app"]


def set_owner(name: str) -> str:
    """Say whether this process is the app or a command line run (recorded in each session); the old one."""
    previous, _owner[0] = _owner[0], name
    return previous


def data_dir() -> Path:
    """The app's data folder: ``$CXDESIGNER_DATA_DIR`` or the platform's usual place."""
    override = os.environ.get("CXDESIGNER_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "cxdesigner"


def log_file() -> Path:
    """The app's log, in the data folder: messages that name it (an error of ours) and the app write the same path."""
    return data_dir() / "cxdesigner.log"


def sessions_dir() -> Path:
    """Where working copies live, one folder per open project."""
    return data_dir() / "sessions"


def file_stamp(path: Path) -> tuple[int, int] | None:
    """Size and modification time: what tells us someone else saved the file meanwhile."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def header_counter(path: Path) -> int:
    """SQLite's file change counter: every committed write in rollback mode bumps it.

    In write-ahead-log mode (the working copy while it is open) it stays as it was when the file
    entered that mode: the working copy keeps its own record of changes (``WorkingCopy._dirty``).
    """
    with open(path, "rb") as f:
        head = f.read(28)
    return int.from_bytes(head[24:28], "big") if len(head) == 28 else -1


# -- is a session's process still alive? ----------------------------------------------------------------


def _hold_session_lock(folder: Path) -> int | None:
    """Lock the session folder for as long as this process lives; the OS drops it when we die."""
    if fcntl is None:  # pragma: no cover
        return None
    fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise StorageError(
            _("{folder}: this unsaved work is open in another running CX Designer").format(folder=folder)
        ) from None
    return fd


def _in_wal_mode(path: Path) -> bool:
    """True when the file's header says write-ahead log (format bytes 18 and 19 are 2)."""
    try:
        with open(path, "rb") as f:
            head = f.read(20)
    except OSError:
        return False
    return len(head) == 20 and head[18:20] == b"\x02\x02"


def log_has_commits(work: Path) -> bool:
    """True when a write-ahead log beside ``work`` holds anything: a commit since it was last emptied.

    The working copy empties its log whenever its content is what was published (opening, saving,
    undoing to the saved state), and SQLite only reuses a log from its start, never shortens it.
    """
    try:
        return work.with_name(work.name + "-wal").stat().st_size > 0
    except OSError:
        return False


def settle(work: Path) -> tuple[bool, int]:
    """Make ``work`` one whole rollback-mode file after its process died; what it held before.

    A hot journal (a transaction a killed process left half-done) is rolled back, as SQLite does
    on opening. A write-ahead log (the working copy's mode, docs: DESIGN.md's file rules) is folded
    into the file by leaving that mode: every transaction committed in it is kept, a half-written
    one is not (its frames fail the log's checksums), and the file's header is a rollback one again,
    so the checks of untrusted files (``safeopen``) stand unchanged. Returns whether the log held
    commits and SQLite's change counter as it was before (leaving the mode bumps it).
    """
    journal = work.with_name(work.name + "-journal")
    wal = work.with_name(work.name + "-wal")
    logged = log_has_commits(work)
    counter = -1
    try:
        if journal.exists():
            _open_once(work, "SELECT count(*) FROM sqlite_schema")
        counter = header_counter(work)
        if logged or wal.exists() or _in_wal_mode(work):
            _open_once(work, "PRAGMA journal_mode=DELETE")
    except OSError as exc:
        raise store.as_storage_error(exc, work) from exc
    return logged, counter


class _Loading:
    """:func:`safeopen.load_checked` of rows already read, on a thread of its own; :meth:`result` waits for it."""

    def __init__(self, shown: Path, rows: dict[str, store.TableRows]) -> None:
        self._project: Project | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(shown, rows), name="cxd-load", daemon=True)
        self._thread.start()

    def _run(self, shown: Path, rows: dict[str, store.TableRows]) -> None:
        try:
            self._project = safeopen.load_checked(None, shown, rows)
        except BaseException as exc:  # handed to the opening thread, which raises it in its turn
            self._error = exc

    def wait(self) -> None:
        self._thread.join()

    def result(self) -> Project:
        """The project, or the loading's refusal raised here."""
        self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        assert self._project is not None
        return self._project


def _open_once(work: Path, statement: str) -> None:
    """Open ``work`` (a file of our own data folder, not yet checked), run one statement, close it."""
    try:
        conn = sqlite3.connect(str(work), isolation_level=None)
        try:
            conn.execute("PRAGMA trusted_schema=OFF")
            conn.execute(statement).fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise store.as_storage_error(exc, work) from exc


class WorkingCopy:
    """A project's private working file plus ``session.json`` describing where it came from."""

    def __init__(
        self, folder: Path, meta: dict[str, Any], conn: sqlite3.Connection, lock_fd: int | None = None
    ) -> None:
        self.folder = folder
        self.meta = meta
        self.conn = conn
        self._lock_fd = lock_fd
        # Written since the content was last what was published: the file's change counter does not
        # move in write-ahead-log mode, so the working copy keeps this record itself.
        self._dirty = False
        self.writes = 0  # commits so far (backups compare it)
        # The log is folded into the file on a thread of its own, not inside a commit on the window's
        # thread (checkpoint.py says why); SQLite's automatic checkpoint comes back if that fails.
        self._checkpoints = Checkpointer(folder / WORK_FILE)
        try:
            conn.execute("PRAGMA wal_autocheckpoint=0")
        except sqlite3.Error:
            self._checkpoints.failed = True

    # -- making ------------------------------------------------------------
    @staticmethod
    def _new_folder() -> tuple[Path, int | None]:
        import uuid  # here, not at the top: the window maps before the first session (uuid brings platform)

        folder = sessions_dir() / uuid.uuid4().hex
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            folder.mkdir(mode=0o700)
        except OSError as exc:
            error = store.as_storage_error(exc, folder)
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                # It named a session's folder (…/sessions/4f0c…) and the reason, and nothing to do.
                error = type(error)(
                    _("CX Designer's data folder {folder} cannot be written ({reason}); CX Designer keeps the "
                      "project you edit there. Make that folder writable, or set CXDESIGNER_DATA_DIR to a folder "
                      "of yours, then start again.").format(folder=data_dir(), reason=os_reason(exc))
                )
            raise _in_data_folder(error) from exc
        return folder, _hold_session_lock(folder)

    @staticmethod
    def _base_meta(original: Path | None) -> dict[str, Any]:
        return {
            "format": 1,
            "owner": _owner[0],
            "original": str(original) if original else None,
            "original_size": None,
            "original_mtime_ns": None,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "published_counter": None,
            "publishing_to": None,
            "read_only": False,
        }

    @staticmethod
    def _abandon(folder: Path, lock_fd: int | None, conn: sqlite3.Connection | None = None) -> None:
        if conn is not None:
            conn.close()
        shutil.rmtree(folder, ignore_errors=True)
        if lock_fd is not None:
            os.close(lock_fd)

    @classmethod
    def create(cls, project: Project, original: Path | None = None) -> WorkingCopy:
        """A working copy holding ``project`` (new projects, imports, templates)."""
        folder, lock_fd = cls._new_folder()
        conn: sqlite3.Connection | None = None
        try:
            conn = store.create_empty(folder / WORK_FILE, wal=True)
            store.write_project(conn, project)
            wc = cls(folder, cls._base_meta(original), conn, lock_fd)
            # The starting point (blank, a template, an import) is nothing to save or recover yet.
            wc._empty_log()
            wc.meta["published_counter"] = header_counter(wc.path)
            wc.save_meta()
        except BaseException as exc:
            cls._abandon(folder, lock_fd, conn)
            if isinstance(exc, StorageError):
                raise _in_data_folder(exc) from exc
            raise
        return wc

    @classmethod
    def open_file(cls, original: Path, read_only: bool = False) -> tuple[WorkingCopy, Project, list[str]]:
        """Copy ``original`` in, check the copy as untrusted, migrate it if older, and load it.

        SQLite never opens the original itself, so nothing can change its bytes.
        Returns the working copy, the project and notes on what was migrated.
        """
        original = Path(original).absolute()
        safeopen.read_header(original)
        safeopen.check_side_files(original)
        stamp = file_stamp(original)
        folder, lock_fd = cls._new_folder()
        work = folder / WORK_FILE
        notes: list[str] = []
        conn: sqlite3.Connection | None = None
        try:
            regular.copy_file(original, work, "project file")
            hdr, rows = safeopen.check_and_read(work, original)
            if hdr.user_version < schema.FORMAT_VERSION:
                backup = folder / f"before-migration-v{hdr.user_version}.cxd"
                shutil.copyfile(work, backup)
                notes.append(
                    _(
                        "Upgraded from format {version} to {latest}; "
                        "the original stays as it was until you save (backup: {backup})"
                    ).format(version=hdr.user_version, latest=schema.FORMAT_VERSION, backup=backup)
                )
            # The rows the check read need no connection to load: the model's checks run beside the
            # working copy's writes (switching it to its write-ahead log and session.json, each with
            # its syncs: 10-25 ms of waiting on the disk that took no processor).
            loading = _Loading(original, rows) if rows is not None else None
            try:
                conn = store.connect(work, wal=True)
                conn.execute("PRAGMA trusted_schema=OFF")
            except BaseException:
                if loading is not None:
                    loading.wait()
                raise
            if hdr.user_version < schema.FORMAT_VERSION:
                schema.migrate(store.open_utils(conn))
            project = safeopen.load_checked(conn, original, rows) if loading is None else None
            # The refusals come in the order the steps took one after the other: the connection's,
            # then the loading's, then those of the writes below.
            written: BaseException | None = None
            try:
                meta = cls._base_meta(original)
                if stamp:
                    meta["original_size"], meta["original_mtime_ns"] = stamp
                meta["read_only"] = read_only
                wc = cls(folder, meta, conn, lock_fd)
                if not notes:
                    wc._empty_log()
                    meta["published_counter"] = header_counter(work)
                else:
                    wc._dirty = True  # migrated: the upgrade is a change to save
                wc.save_meta()
            except BaseException as exc:
                if loading is None:
                    raise
                written = exc
            if loading is not None:
                project = loading.result()
            if written is not None:
                raise written
        except BaseException as exc:
            cls._abandon(folder, lock_fd, conn)
            if isinstance(exc, DiskFullError):  # only the data folder is written while opening
                raise _in_data_folder(exc) from exc
            raise
        remove_stale_temps(original.parent)
        assert project is not None
        return wc, project, notes

    @classmethod
    def resume(cls, folder: Path) -> tuple[WorkingCopy, Project]:
        """Take over the working copy of a session whose process died."""
        folder = Path(folder)
        try:
            meta = json.loads((folder / SESSION_FILE).read_text(encoding="utf-8"))
            if not isinstance(meta, dict):
                raise ValueError("not an object")
        except (OSError, ValueError) as exc:
            # json's own words ("Expecting value: line 1 column 1") only help a developer.
            detail = os_reason(exc) if isinstance(exc, OSError) else _("it is not the JSON CX Designer writes")
            raise DamagedFileError(
                _("{folder}: the recovery information cannot be read ({detail})").format(folder=folder, detail=detail)
            ) from exc
        lock_fd = _hold_session_lock(folder)
        for stale in folder.glob(f"{STAGED_PREFIX}*"):  # a staged write the dead process never adopted
            stale.unlink(missing_ok=True)
        conn: sqlite3.Connection | None = None
        try:
            work = folder / WORK_FILE
            settle(work)
            _hdr, rows = safeopen.check_and_read(work, work)
            conn = store.connect(work, wal=True)
            conn.execute("PRAGMA trusted_schema=OFF")
            project = safeopen.load_checked(conn, work, rows)
        except BaseException:
            if conn is not None:
                conn.close()
            if lock_fd is not None:
                os.close(lock_fd)
            raise
        meta["pid"] = os.getpid()
        meta["host"] = socket.gethostname()
        wc = cls(folder, meta, conn, lock_fd)
        wc._dirty = True  # work taken over from a dead session is what it had not saved
        wc.save_meta()
        return wc, project

    # -- state -------------------------------------------------------------
    @property
    def path(self) -> Path:
        """The working file itself."""
        return self.folder / WORK_FILE

    @property
    def original(self) -> Path | None:
        """The user's file this copy was opened from or last saved to."""
        value = self.meta.get("original")
        return Path(value) if value else None

    @property
    def session_id(self) -> str:
        return self.folder.name

    def save_meta(self) -> None:
        """Write ``session.json`` atomically (it is what recovery reads after a crash)."""
        write_text(self.folder / SESSION_FILE, json.dumps(self.meta, indent=2))

    def _save_meta_quietly(self) -> None:
        # Used around publishing: a full data disk must not stop a save to another disk. Not
        # synced to the disk: what it records (a temporary to clear, the saved file's stamp) only
        # helps the next start after a kill, which the page cache survives; after a power cut the
        # older record at worst makes recovery ask about the saved file. Save's own file is synced.
        try:
            write_text(self.folder / SESSION_FILE, json.dumps(self.meta, indent=2), durable=False)
        except StorageError:
            pass

    def has_unpublished_changes(self) -> bool:
        """True when the working copy changed since it was opened or last published."""
        return self._dirty or self.meta.get("published_counter") != header_counter(self.path)

    def mark_published(self) -> None:
        """The content is back to what was last published (undone to the saved state): nothing to save."""
        self._dirty = False
        try:
            self._empty_log()  # a crash from here on has nothing to recover
        except StorageError:
            pass  # the log keeps its commits: recovery would offer this work back, nothing is lost
        counter = header_counter(self.path)
        if self.meta.get("published_counter") != counter:
            self.meta["published_counter"] = counter
            self._save_meta_quietly()

    def _empty_log(self) -> None:
        """Fold the write-ahead log into the file and empty it (``settle`` reads an empty log as no change)."""
        try:
            with self._checkpoints.lock:
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        except sqlite3.Error as exc:
            raise store.as_storage_error(exc, self.path) from exc

    def version(self) -> tuple[int, int]:
        """Changes whenever the working copy is written (its change counter and commits so far)."""
        return header_counter(self.path), self.writes

    # -- writing -----------------------------------------------------------
    def write(self, changes: Sequence[Change]) -> None:
        """Record one command's change set in one transaction."""
        if not changes:
            return  # a command that changed nothing (a name set to itself) leaves nothing to save
        self._dirty = True  # before: a write that fails half-way may still have changed something
        self.writes += 1
        try:
            store.write_changes(self.conn, changes)
        except StorageError as exc:
            raise _in_data_folder(exc) from exc
        if self.writes % EVERY_WRITES == 0:
            if self._checkpoints.failed:
                self._checkpoints_by_sqlite()
            else:
                self._checkpoints.request()

    def stage(
        self,
        changes: Sequence[Change],
        base: tuple[int, int],
        progress: Callable[[int, int], bool] | None = None,
    ) -> Path | None:
        """On a worker thread: a file beside the working copy holding it as it will be after ``changes``.

        The working copy's committed content is copied by SQLite's backup from a connection of this
        thread (the write-ahead log lets it read while the window's thread writes), then ``changes``
        are written into the copy in one transaction, following ``progress``. The working copy itself
        is not touched: :meth:`adopt` puts the file in its place on the window's thread if nothing was
        written since ``base`` (:meth:`version` when the project's copy was taken). None when
        ``progress`` said stop: the file is removed, nothing changed.
        """
        import uuid

        staged = self.folder / f"{STAGED_PREFIX}{uuid.uuid4().hex}.cxd"
        try:
            dst = sqlite3.connect(str(staged), isolation_level=None)
            try:
                with self._checkpoints.lock:  # no mode change or log truncation while the copy reads
                    if self.version() != base:
                        raise StaleStagingError(_("{path}: the project changed meanwhile").format(path=self.path))
                    src = sqlite3.connect(str(self.path), isolation_level=None)
                    try:
                        src.execute("PRAGMA trusted_schema=OFF")
                        src.execute("PRAGMA query_only=1")
                        src.backup(dst)
                    finally:
                        src.close()
                dst.execute("PRAGMA trusted_schema=OFF")
                # A file of its own until adopted (a crash throws it away): its journal in memory, no
                # syncs while it is written; it is synced once, whole, below.
                dst.execute("PRAGMA journal_mode=DELETE").fetchall()
                dst.execute("PRAGMA journal_mode=MEMORY").fetchall()
                dst.execute("PRAGMA synchronous=OFF")
                store.write_changes(dst, changes, progress)
                dst.execute("PRAGMA journal_mode=DELETE").fetchall()
            finally:
                dst.close()
            fsync_path(staged)
            crash_point("staged-written")
        except store.WriteStopped:
            self.discard_staged(staged)
            return None
        except BaseException as exc:
            self.discard_staged(staged)
            if isinstance(exc, (sqlite3.Error, OSError)):
                raise _in_data_folder(store.as_storage_error(exc, staged)) from exc
            if isinstance(exc, StorageError) and not isinstance(exc, StaleStagingError):
                raise _in_data_folder(exc) from exc
            raise
        return staged

    def discard_staged(self, staged: Path) -> None:
        """Remove a staged file that will not be adopted (cancelled, refused, or the project changed)."""
        for path in (staged, staged.with_name(staged.name + "-journal")):
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            except OSError:
                pass  # the session folder goes when the project is closed

    def adopt(self, staged: Path, base: tuple[int, int]) -> None:
        """On the window's thread: the staged file (:meth:`stage`) becomes the working copy, at once.

        Refused with :class:`StaleStagingError`, nothing changed, when the working copy was written
        since ``base``. The log is folded into the file first (leaving write-ahead-log mode removes
        it, so the renamed file can never be read with the old file's log), the connection closed,
        then the staged file renamed over the working file: a crash before the rename leaves the
        working copy as it was, after it the new one, never a mix of the two.
        """
        with self._checkpoints.lock:
            if self.version() != base:
                raise StaleStagingError(_("{path}: the project changed meanwhile").format(path=self.path))
            self._dirty = True  # before: from here the file may be either
            self._set_mode("DELETE")
            failure: BaseException | None = None
            try:
                self.conn.close()
                crash_point("staged-swap")
                os.replace(staged, self.path)
                crash_point("staged-replaced")
            except BaseException as exc:
                failure = exc
            try:  # the old file when the rename failed, the new one when it was done
                conn = store.connect(self.path, wal=True)
                conn.execute("PRAGMA trusted_schema=OFF")
                conn.execute("PRAGMA wal_autocheckpoint=0")
            except sqlite3.Error as exc:
                raise _in_data_folder(store.as_storage_error(exc, self.path)) from exc
            self.conn = conn
            if failure is not None:
                if isinstance(failure, OSError):
                    raise _in_data_folder(store.as_storage_error(failure, self.path)) from failure
                raise failure
            self.writes += 1
        try:
            fsync_dir(self.folder)  # the rename itself survives a power cut
        except OSError:
            pass  # the content is synced; at worst a power cut brings back the file before the import

    def _checkpoints_by_sqlite(self) -> None:
        try:
            self.conn.execute("PRAGMA wal_autocheckpoint=1000")
        except sqlite3.Error:
            pass  # the next write tries again; the log only grows meanwhile

    def probe_space(self, nbytes: int = 256 * 1024) -> bool:
        """True when ``nbytes`` can be written beside the working copy (the disk has room again)."""
        probe = self.folder / "space-probe.tmp"
        try:
            with open(probe, "wb") as f:
                f.write(b"\0" * nbytes)
                f.flush()
                os.fsync(f.fileno())
            return True
        except OSError:
            return False
        finally:
            try:
                probe.unlink()
            except OSError:
                pass

    def original_changed(self) -> bool:
        """True when the original on disk is no longer the file we opened or last saved."""
        original = self.original
        if original is None or self.meta.get("original_size") is None:
            return False
        return file_stamp(original) != (self.meta["original_size"], self.meta["original_mtime_ns"])

    def publish(self, target: Path, check_external: bool = True) -> None:
        """Write the working copy to ``target`` atomically: it is the old file or the new one, never partial."""
        target = Path(target).absolute()
        same = self.original is not None and target == self.original.absolute()
        if same and check_external and self.original_changed():
            if target.exists():
                message = _(
                    "{path}: the file was changed on disk by someone else since you opened it; "
                    "overwrite it, save under another name, or cancel"
                )
            else:
                message = _(
                    "{path}: the file was deleted or moved by someone else since you opened it; "
                    "overwrite it, save under another name, or cancel"
                )
            raise ExternalChangeError(message.format(path=target))
        try:
            real, st = resolve_target(target)
            if is_stream(st):
                raise BadTargetError(
                    _("{path}: is a pipe or device; a project can only be saved as a regular file").format(path=target)
                )
        except StorageError as exc:
            raise type(exc)(
                _("Could not save {path}: {reason}").format(path=target, reason=_reason(exc, target))
            ) from exc
        folder = real.parent
        # The file and a megabyte to spare (SQLite's journal, the folder's own records).
        needed = self.path.stat().st_size + (1 << 20)
        try:
            found = os.statvfs(folder)
            free: int | None = found.f_bavail * found.f_frsize
            # A read-only disk with little room was called full: the write below says read-only.
            free = None if found.f_flag & os.ST_RDONLY else free
        except OSError:
            free = None
        if free is not None and free < needed:
            raise DiskFullError(
                _(
                    "Could not save {path}: the disk is full ({free} KB free, {needed} KB needed). "
                    "Nothing was lost: free some space or save elsewhere, then try again."
                ).format(path=target, free=number(free // 1024), needed=number(needed // 1024))
            )
        # Recorded first, so the next start can clear this folder's temporary if we are killed.
        self.meta["publishing_to"] = str(real)
        self._save_meta_quietly()
        try:
            # The published file is one rollback-mode file: leaving write-ahead-log mode folds the
            # log into the working file (every commit) and makes its header a rollback one. Only
            # this connection may be open meanwhile: no background checkpoint.
            with self._checkpoints.lock:
                self._set_mode("DELETE")
                try:
                    replace_with(real, self._copy_into, mark=TEMP_MARK, step=crash_point, resolved=(real, st))
                finally:
                    self._set_mode("WAL")
        except StorageError as exc:
            raise type(exc)(
                _(
                    "Could not save {path}: {reason}. Nothing was lost: your work is kept and the file "
                    "on disk is as it was."
                ).format(path=target, reason=_reason(exc, real))
            ) from exc
        self._dirty = False
        stamp = file_stamp(target)
        self.meta["original"] = str(target)
        self.meta["original_size"], self.meta["original_mtime_ns"] = stamp if stamp else (None, None)
        self.meta["published_counter"] = header_counter(self.path)
        self.meta["publishing_to"] = None
        self._save_meta_quietly()

    def _set_mode(self, mode: str) -> None:
        try:
            self.conn.execute(f"PRAGMA journal_mode={mode}").fetchall()
        except sqlite3.Error as exc:
            raise store.as_storage_error(exc, self.path) from exc

    def _copy_into(self, tmp: Path) -> None:
        """Fill Save's temporary with the working file's bytes, copied under SQLite's read lock.

        ``publish`` has taken the working copy out of write-ahead-log mode (DELETE journal) and only
        this session writes it, so between transactions the file is the whole database. A read
        transaction holds SQLite's shared lock while the bytes are copied (no commit can happen
        meanwhile; a hot journal is rolled back before it is granted). SQLite's backup API did the
        same work page by page in about three times a plain copy's time (docs/performance.md). The
        helper fsyncs the temporary once.
        """
        conn = self.conn
        conn.execute("BEGIN")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # takes the shared lock
            with open(self.path, "rb") as src, open(tmp, "r+b") as dst:
                head = src.read(_FIRST_PART)
                dst.write(head)
                if len(head) == _FIRST_PART:
                    crash_point("backup-partial")
                shutil.copyfileobj(src, dst, _COPY_BUFFER)
        finally:
            conn.execute("COMMIT")
        crash_point("backup-done")

    # -- ending ------------------------------------------------------------
    def close(self, discard: bool = True) -> None:
        """Close the file; ``discard`` removes the session folder (the work is saved or given up)."""
        self._checkpoints.stop()
        if not discard and self.has_unpublished_changes():
            # Kept for later: closing empties the log, so the change counter must tell recovery instead.
            try:
                self._set_mode("DELETE")
                version = self.conn.execute("PRAGMA user_version").fetchone()[0]
                self.conn.execute(f"PRAGMA user_version={int(version)}")  # a write: bumps the counter
            except (StorageError, sqlite3.Error):
                pass  # the log stays beside the file: recovery reads it as unsaved work
        try:
            self.conn.close()
        except sqlite3.Error:
            pass
        if discard:
            shutil.rmtree(self.folder, ignore_errors=True)
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


__all__ = [
    "PUBLISH_STEPS",
    "ExternalChangeError",
    "FileIOError",
    "StaleStagingError",
    "WorkingCopy",
    "data_dir",
    "file_stamp",
    "header_counter",
    "sessions_dir",
    "set_owner",
]
