"""After a crash: find the sessions of dead processes, offer their unsaved work back, clear the rest."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import _
from .atomic import pid_alive, remove_stale_temps
from .errors import StorageError
from .safeopen import CHECK_PREFIX, check_copy_owner
from .session import LOCK_FILE, SESSION_FILE, WORK_FILE, sessions_dir, settle

try:  # POSIX: a session holds an advisory lock for as long as its process lives
    import fcntl
except ImportError:  # pragma: no cover - Windows falls back to the process id
    fcntl = None  # type: ignore[assignment]


def session_alive(folder: Path, meta: dict[str, Any] | None) -> bool:
    """True while the process that owns a session folder still runs."""
    lock = folder / LOCK_FILE
    if fcntl is not None and lock.exists():
        # Process ids are reused; a lock held by the kernel for the owner's open file is not.
        try:
            fd = os.open(lock, os.O_RDWR)
        except OSError:
            return True
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        finally:
            os.close(fd)  # closing our descriptor drops the lock we may just have taken
        return False
    if meta is None:
        return False
    return meta.get("host") == socket.gethostname() and pid_alive(int(meta.get("pid") or 0))


@dataclass
class Orphan:
    """A session whose process is gone and whose working copy holds unsaved work."""

    folder: Path
    meta: dict[str, Any]
    name: str = ""
    changed: float = 0.0  # when the work was last changed (seconds since the epoch)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def original(self) -> Path | None:
        value = self.meta.get("original")
        return Path(value) if value else None


@dataclass
class Cleanup:
    """What the start-up clean-up found: work to offer back, and files of dead sessions."""

    orphans: list[Orphan]
    originals: list[Path]


def _read_meta(folder: Path) -> dict[str, Any] | None:
    try:
        meta = json.loads((folder / SESSION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def _summary(work: Path) -> tuple[str, dict[str, int]]:
    try:
        conn = sqlite3.connect(f"{work.resolve().as_uri()}?mode=ro", uri=True)
        try:
            conn.execute("PRAGMA trusted_schema=OFF")
            row = conn.execute("SELECT name FROM project").fetchone()
            counts = {
                table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                for table in ("journeys", "touchpoints", "connections")
            }
        finally:
            conn.close()
    except sqlite3.Error:
        return "", {}
    return (row[0] if row and isinstance(row[0], str) else ""), counts


def startup_cleanup() -> Cleanup:
    """Run once at start: clear what dead sessions of this host left, and list their unsaved work.

    Sessions with nothing unsaved are deleted; their save temporaries (in the folder of the file
    they were saving) are removed either way.
    """
    orphans: list[Orphan] = []
    originals: list[Path] = []
    remove_dead_check_copies()
    root = sessions_dir()
    try:
        folders = sorted(p for p in root.iterdir() if p.is_dir())
    except OSError:
        return Cleanup(orphans, originals)
    host = socket.gethostname()
    for folder in folders:
        meta = _read_meta(folder)
        if meta is not None and meta.get("host") not in (None, host):
            continue  # a shared data folder: another computer's session is not ours to judge
        if session_alive(folder, meta):
            continue
        work = folder / WORK_FILE
        if meta is None or not work.exists():
            # Killed while the session was being made: nothing was ever edited in it.
            shutil.rmtree(folder, ignore_errors=True)
            continue
        for key in ("original", "publishing_to"):
            if meta.get(key):
                remove_stale_temps(Path(meta[key]).parent)
                if key == "original":
                    originals.append(Path(meta[key]))
        if meta.get("owner") == "cli":
            # A killed command: its file was never touched before its save; running it again is the recovery.
            shutil.rmtree(folder, ignore_errors=True)
            continue
        try:
            logged, counter = settle(work)
            unsaved = logged or meta.get("published_counter") != counter
        except (OSError, StorageError):
            unsaved = True  # keep it: a damaged copy is still the user's only copy of that work
        if not unsaved:
            shutil.rmtree(folder, ignore_errors=True)
            continue
        name, counts = _summary(work)
        try:
            changed = work.stat().st_mtime
        except OSError:
            changed = 0.0
        orphans.append(Orphan(folder, meta, name, changed, counts))
    return Cleanup(orphans, originals)


def remove_dead_check_copies() -> list[Path]:
    """Remove the private copies (``cxd-check-*`` in the temporary folder) that killed processes left."""
    removed: list[Path] = []
    host = socket.gethostname()
    try:
        entries = list(Path(tempfile.gettempdir()).glob(f"{CHECK_PREFIX}*"))
    except OSError:
        return removed
    for folder in entries:
        owner = check_copy_owner(folder.name)
        if owner is None or owner[0] != host or pid_alive(owner[1]):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def clear_dead_leftovers() -> None:
    """What a command line run does first: clear what killed runs left (never the app's unsaved work)."""
    remove_dead_check_copies()
    root = sessions_dir()
    try:
        folders = [p for p in root.iterdir() if p.is_dir()]
    except OSError:
        return
    host = socket.gethostname()
    for folder in folders:
        meta = _read_meta(folder)
        if meta is None or meta.get("owner") != "cli" or meta.get("host") not in (None, host):
            continue
        if not session_alive(folder, meta):
            shutil.rmtree(folder, ignore_errors=True)


def find_orphans() -> list[Orphan]:
    """Sessions of this host whose process is gone and whose working copy has unsaved work."""
    return startup_cleanup().orphans


def orphaned_sessions() -> list[tuple[Path, dict[str, Any]]]:
    """Like :func:`find_orphans`, as (folder, session.json) pairs."""
    return [(o.folder, o.meta) for o in find_orphans()]


def discard_session(folder: Path) -> None:
    """Give up a dead session's unsaved work for good."""
    if session_alive(Path(folder), _read_meta(Path(folder))):
        raise StorageError(_("{folder}: this work is open in another running CX Designer").format(folder=folder))
    shutil.rmtree(folder, ignore_errors=True)


__all__ = [
    "Cleanup",
    "Orphan",
    "clear_dead_leftovers",
    "discard_session",
    "find_orphans",
    "orphaned_sessions",
    "remove_dead_check_copies",
    "session_alive",
    "startup_cleanup",
]
