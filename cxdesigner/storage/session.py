"""The working copy: the app edits a private copy in its data folder and publishes it atomically."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import sys
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..model import Change, Project
from . import safeopen, schema, store
from .errors import FileIOError, StorageError

SESSION_FILE = "session.json"
WORK_FILE = "work.cxd"
TEMP_MARK = ".cxd-save-"

# The named steps of publishing, in order; CXDESIGNER_CRASH_AT=<step> kills the process there (tests).
PUBLISH_STEPS = ("temp-created", "backup-partial", "backup-done", "fsynced", "replaced", "dir-synced")


class ExternalChangeError(StorageError):
    """The file on disk is not the one that was opened: someone saved it meanwhile."""


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


def sessions_dir() -> Path:
    return data_dir() / "sessions"


def _crash_point(step: str) -> None:
    if os.environ.get("CXDESIGNER_CRASH_AT") == step:
        os.kill(os.getpid(), signal.SIGKILL)


def _fsync_dir(folder: Path) -> None:
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def file_stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def header_counter(path: Path) -> int:
    """SQLite's file change counter: every committed write in rollback mode bumps it."""
    with open(path, "rb") as f:
        head = f.read(28)
    return int.from_bytes(head[24:28], "big") if len(head) == 28 else -1


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temps(folder: Path) -> list[Path]:
    """Delete save temporaries left in ``folder`` by a process of this host that has died."""
    removed = []
    host = socket.gethostname()
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for p in entries:
        name = p.name
        if TEMP_MARK not in name or not name.endswith(".tmp"):
            continue
        try:
            rest = name.split(TEMP_MARK, 1)[1]
            owner_host, pid_text, _ = rest.rsplit("-", 2)
            pid = int(pid_text)
        except ValueError:
            continue
        if owner_host == host and not pid_alive(pid):
            try:
                p.unlink()
                removed.append(p)
            except OSError:
                pass
    return removed


class WorkingCopy:
    """A project's private working file plus ``session.json`` describing where it came from."""

    def __init__(self, folder: Path, meta: dict[str, Any], conn: sqlite3.Connection) -> None:
        self.folder = folder
        self.meta = meta
        self.conn = conn

    # -- making ------------------------------------------------------------
    @staticmethod
    def _new_folder() -> Path:
        folder = sessions_dir() / uuid.uuid4().hex
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise store.as_storage_error(exc, folder) from exc
        return folder

    @staticmethod
    def _base_meta(original: Path | None) -> dict[str, Any]:
        return {
            "format": 1,
            "original": str(original) if original else None,
            "original_size": None,
            "original_mtime_ns": None,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "published_counter": None,
            "read_only": False,
        }

    @classmethod
    def create(cls, project: Project, original: Path | None = None) -> WorkingCopy:
        """A working copy holding ``project`` (new projects, imports, templates)."""
        folder = cls._new_folder()
        try:
            conn = store.create_empty(folder / WORK_FILE)
            store.write_project(conn, project)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        wc = cls(folder, cls._base_meta(original), conn)
        wc.save_meta()
        return wc

    @classmethod
    def open_file(cls, original: Path) -> tuple[WorkingCopy, Project, list[str]]:
        """Copy ``original`` in, check the copy as untrusted, migrate it if older, and load it.

        SQLite never opens the original itself, so nothing can change its bytes.
        Returns the working copy, the project and notes on what was migrated.
        """
        original = Path(original)
        safeopen.read_header(original)
        stamp = file_stamp(original)
        folder = cls._new_folder()
        work = folder / WORK_FILE
        notes: list[str] = []
        try:
            try:
                shutil.copyfile(original, work)
            except OSError as exc:
                raise store.as_storage_error(exc, original) from exc
            hdr = safeopen.check_copy(work, original)
            if hdr.user_version < schema.FORMAT_VERSION:
                backup = folder / f"before-migration-v{hdr.user_version}.cxd"
                shutil.copyfile(work, backup)
                notes.append(
                    f"Upgraded from format {hdr.user_version} to {schema.FORMAT_VERSION}; "
                    f"the original stays as it was until you save (backup: {backup})"
                )
            conn = store.connect(work)
            conn.execute("PRAGMA trusted_schema=OFF")
            if hdr.user_version < schema.FORMAT_VERSION:
                schema.migrate(store.open_utils(conn))
            project = store.read_project(conn)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        meta = cls._base_meta(original)
        if stamp:
            meta["original_size"], meta["original_mtime_ns"] = stamp
        wc = cls(folder, meta, conn)
        if not notes:
            meta["published_counter"] = header_counter(work)
        wc.save_meta()
        return wc, project, notes

    @classmethod
    def resume(cls, folder: Path) -> tuple[WorkingCopy, Project]:
        """Take over the working copy of a session whose process died."""
        meta = json.loads((folder / SESSION_FILE).read_text(encoding="utf-8"))
        work = folder / WORK_FILE
        safeopen.check_copy(work, work)
        conn = store.connect(work)
        project = store.read_project(conn)
        meta["pid"] = os.getpid()
        meta["host"] = socket.gethostname()
        wc = cls(folder, meta, conn)
        wc.save_meta()
        return wc, project

    # -- state -------------------------------------------------------------
    @property
    def path(self) -> Path:
        return self.folder / WORK_FILE

    @property
    def original(self) -> Path | None:
        value = self.meta.get("original")
        return Path(value) if value else None

    def save_meta(self) -> None:
        target = self.folder / SESSION_FILE
        tmp = self.folder / (SESSION_FILE + ".tmp")
        try:
            tmp.write_text(json.dumps(self.meta, indent=2), encoding="utf-8")
            os.replace(tmp, target)
        except OSError as exc:
            raise store.as_storage_error(exc, target) from exc

    def has_unpublished_changes(self) -> bool:
        """True when the working copy changed since it was opened or last published."""
        return self.meta.get("published_counter") != header_counter(self.path)

    # -- writing -----------------------------------------------------------
    def write(self, changes: Sequence[Change]) -> None:
        store.write_changes(self.conn, changes)

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
            raise ExternalChangeError(f"{target}: the file was changed on disk by someone else since you opened it")
        folder = target.parent
        tmp = folder / f".{target.name}{TEMP_MARK}{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp"
        try:
            remove_stale_temps(folder)
            self._publish_to(tmp, target, folder)
        except BaseException as exc:
            try:
                tmp.unlink()
            except OSError:
                pass
            if isinstance(exc, (OSError, sqlite3.Error)):
                raise store.as_storage_error(exc, target) from exc
            raise
        stamp = file_stamp(target)
        self.meta["original"] = str(target)
        self.meta["original_size"], self.meta["original_mtime_ns"] = stamp if stamp else (None, None)
        self.meta["published_counter"] = header_counter(self.path)
        self.save_meta()

    def _publish_to(self, tmp: Path, target: Path, folder: Path) -> None:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.close(fd)
        _crash_point("temp-created")
        dst = sqlite3.connect(str(tmp), isolation_level=None)
        try:

            def progress(_status: int, remaining: int, _total: int) -> None:
                if remaining:
                    _crash_point("backup-partial")

            self.conn.backup(dst, pages=1, progress=progress)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
        _crash_point("backup-done")
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        _crash_point("fsynced")
        os.replace(tmp, target)
        _crash_point("replaced")
        _fsync_dir(folder)
        _crash_point("dir-synced")

    # -- ending ------------------------------------------------------------
    def close(self, discard: bool = True) -> None:
        """Close the file; ``discard`` removes the session folder (the work is saved or given up)."""
        try:
            self.conn.close()
        except sqlite3.Error:
            pass
        if discard:
            shutil.rmtree(self.folder, ignore_errors=True)


def orphaned_sessions() -> list[tuple[Path, dict[str, Any]]]:
    """Sessions of this host whose process is gone and whose working copy has unsaved work."""
    found = []
    host = socket.gethostname()
    root = sessions_dir()
    if not root.is_dir():
        return found
    for folder in sorted(root.iterdir()):
        meta_path = folder / SESSION_FILE
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if meta.get("host") != host or pid_alive(int(meta.get("pid") or 0)):
            continue
        try:
            unsaved = meta.get("published_counter") != header_counter(folder / WORK_FILE)
        except OSError:
            continue
        if unsaved:
            found.append((folder, meta))
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return found


__all__ = [
    "PUBLISH_STEPS",
    "ExternalChangeError",
    "FileIOError",
    "WorkingCopy",
    "data_dir",
    "orphaned_sessions",
    "remove_stale_temps",
]
