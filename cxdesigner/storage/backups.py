"""Timed snapshots of a working copy, checked before older ones are thinned, for Revert to backup."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import i18n
from ..model import Change, Project
from . import atomic, safeopen, store
from .errors import DamagedFileError
from .session import WorkingCopy, data_dir

INTERVAL_MINUTES = 30
KEEP_RECENT = 10
KEEP_DAYS = 7
_STAMP = "%Y%m%d-%H%M%S"
_COUNTED = ("journeys", "touchpoints", "connections", "personas")


@dataclass(frozen=True)
class Backup:
    """One snapshot: when it was taken and how much it held."""

    path: Path
    created: dt.datetime
    counts: dict[str, int]
    name: str = ""
    original: str | None = None

    def describe(self, lang: str | None = None) -> str:
        """``May 10, 2026, 2:30 PM — 2 journeys, 31 touchpoints, 28 connections`` (in the interface language)."""
        t = i18n.translation(lang)
        return f"{t.datetime(self.created)} — {describe_counts(self.counts, t)}"


def describe_counts(counts: dict[str, int], t: i18n.Translator) -> str:
    """``1 journey, 3 touchpoints, 2 connections`` in ``t``'s language (what a snapshot or a lost session held)."""
    journeys, touchpoints, connections = (counts.get(k, 0) for k in ("journeys", "touchpoints", "connections"))
    return ", ".join(
        (
            t.ngettext("{n} journey", "{n} journeys", journeys).format(n=t.number(journeys)),
            t.ngettext("{n} touchpoint", "{n} touchpoints", touchpoints).format(n=t.number(touchpoints)),
            t.ngettext("{n} connection", "{n} connections", connections).format(n=t.number(connections)),
        )
    )


def backups_root() -> Path:
    """All projects' backups, one folder per project file."""
    return data_dir() / "backups"


def folder_for(wc: WorkingCopy) -> Path:
    """A project's backup folder: by its file's path, or by session while it has no file yet."""
    original = wc.original
    if original is not None:
        key = hashlib.sha256(str(original.absolute()).encode("utf-8", "surrogatepass")).hexdigest()[:20]
    else:
        key = f"untitled-{wc.session_id}"
    return backups_root() / key


def _counts(conn: sqlite3.Connection) -> tuple[str, dict[str, int]]:
    row = conn.execute("SELECT name FROM project").fetchone()
    counts = {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in _COUNTED}
    name = row[0] if row and isinstance(row[0], str) else ""
    return name, counts


def quick_check(conn: sqlite3.Connection) -> bool:
    """True when SQLite finds the snapshot sound (a failing disk shows here first)."""
    return conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]


class BackupTracker:
    """Remembers, per working copy, what was last snapshotted, so an idle project makes no backups."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[int, int]] = {}

    def due(self, wc: WorkingCopy) -> bool:
        """True when the working copy changed since its last snapshot (or since it was opened)."""
        try:
            version = wc.version()
        except OSError:
            return False
        last = self._last.get(wc.session_id)
        if last is None:
            # Opening is not a change: the first snapshot waits for the first edit.
            return wc.has_unpublished_changes()
        return version != last

    def snapshot_if_due(self, wc: WorkingCopy, now: dt.datetime | None = None) -> Backup | None:
        """Take a snapshot when the project changed since the last one."""
        if not self.due(wc):
            return None
        backup = snapshot(wc, now)
        self._last[wc.session_id] = wc.version()
        return backup


def snapshot(wc: WorkingCopy, now: dt.datetime | None = None) -> Backup:
    """Copy the working copy with the backup API, check the copy, then thin older snapshots.

    A snapshot that fails ``quick_check`` is deleted and nothing older is thinned, so a bad
    disk never costs the good backups.
    """
    now = now or dt.datetime.now()
    folder = folder_for(wc)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise store.as_storage_error(exc, folder) from exc
    base = now.strftime(_STAMP)
    path = folder / f"{base}.cxd"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{base}-{n}.cxd"
    found: dict[str, Any] = {}

    def fill(tmp: Path) -> None:
        dst = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            dst.execute("PRAGMA journal_mode=OFF")
            wc.conn.backup(dst)
            # A copy of a write-ahead-log file says so in its header: make it a rollback one, as
            # every .cxd is (the log itself is read through the connection, nothing is left out).
            dst.execute("PRAGMA journal_mode=DELETE")
            ok = quick_check(dst)
            found["name"], found["counts"] = _counts(dst)
        finally:
            dst.close()
        if not ok:
            raise DamagedFileError(
                i18n._("{path}: the backup failed its integrity check; older backups were kept").format(path=path)
            )

    atomic.replace_with(path, fill)
    name, counts = found["name"], found["counts"]
    meta = {
        "created": now.isoformat(timespec="seconds"),
        "counts": counts,
        "name": name,
        "original": str(wc.original) if wc.original else None,
    }
    atomic.write_text(path.with_suffix(".json"), json.dumps(meta, indent=2))
    thin(folder, now)
    return Backup(path, now, counts, name, meta["original"])


def list_backups(folder: Path) -> list[Backup]:
    """A project's backups, newest first."""
    out = []
    try:
        files = sorted(Path(folder).glob("*.cxd"))
    except OSError:
        return []
    for path in files:
        try:
            meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            created = dt.datetime.fromisoformat(meta["created"])
            counts = {str(k): int(v) for k, v in meta.get("counts", {}).items()}
            out.append(Backup(path, created, counts, str(meta.get("name", "")), meta.get("original")))
        except (OSError, ValueError, KeyError, TypeError):
            try:
                created = dt.datetime.strptime(path.stem[:15], _STAMP)
            except ValueError:
                continue
            out.append(Backup(path, created, {}))
    out.sort(key=lambda b: (b.created, b.path.name), reverse=True)
    return out


def backups_of(wc: WorkingCopy) -> list[Backup]:
    """The backups of the project ``wc`` holds, newest first."""
    return list_backups(folder_for(wc))


def thin(folder: Path, now: dt.datetime | None = None) -> list[Path]:
    """Keep the newest :data:`KEEP_RECENT`, then the newest of each day for :data:`KEEP_DAYS` days."""
    now = now or dt.datetime.now()
    backups = list_backups(folder)
    keep = {b.path for b in backups[:KEEP_RECENT]}
    days_kept = {b.created.date() for b in backups[:KEEP_RECENT]}
    for b in backups[KEEP_RECENT:]:
        day = b.created.date()
        if (now.date() - day).days < KEEP_DAYS and day not in days_kept:
            keep.add(b.path)
            days_kept.add(day)
    removed = []
    for b in backups:
        if b.path not in keep:
            for p in (b.path, b.path.with_suffix(".json")):
                p.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def load_backup(path: Path) -> Project:
    """Read a snapshot through the same checks as any file from elsewhere."""
    path = Path(path)
    with safeopen.private_copy(path) as copy:
        _hdr, rows = safeopen.check_and_read(copy, path)
        conn = store.connect(copy, read_only=True)
        try:
            conn.execute("PRAGMA trusted_schema=OFF")
            return safeopen.load_checked(conn, path, rows)
        finally:
            conn.close()


def changes_between(current: Project, target: Project) -> list[Change]:
    """The change set that turns ``current`` into ``target`` (one undoable step)."""
    changes: list[Change] = []
    if current.info != target.info:
        changes.append(Change("project", "project", current.info, target.info))
    for kind, table in current.tables.items():
        other = target.tables[kind]
        for id_ in sorted(set(table) | set(other)):
            old: Any = table.get(id_)
            new: Any = other.get(id_)
            if old != new:
                changes.append(Change(kind, id_, old, new))
    return changes


def remove_all(folder: Path) -> None:
    """Delete a project's backups (used when its untitled session is discarded)."""
    shutil.rmtree(folder, ignore_errors=True)


__all__ = [
    "INTERVAL_MINUTES",
    "KEEP_DAYS",
    "KEEP_RECENT",
    "Backup",
    "BackupTracker",
    "backups_of",
    "changes_between",
    "folder_for",
    "list_backups",
    "load_backup",
    "snapshot",
    "thin",
]
