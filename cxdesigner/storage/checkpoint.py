"""Folding the working copy's write-ahead log into its file, on a thread of its own.

SQLite folds the log itself (an automatic checkpoint every 1,000 log pages) inside the commit that
crosses the mark, on whichever thread commits: the window's. That commit writes every page the log
holds back into the file and syncs it, 100-140 ms on a laptop's disk in a room session (the window
stood still that long; docs/performance.md). A passive checkpoint from a second connection does
the same work without stopping the writer (WAL lets one writer and one checkpointer run at once),
so the working copy turns the automatic one off and asks this thread for one every few commits.

Whoever changes the file's mode, empties the log or closes the working copy holds ``lock`` first:
leaving write-ahead-log mode needs the only connection, and one checkpoint runs at a time.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

EVERY_WRITES = 32  # commits between two checkpoints: a few hundred log pages at most


class Checkpointer:
    """One working copy's background checkpoints (started on the first request, stopped by ``stop``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.failed = False  # a checkpoint failed: the working copy goes back to SQLite's own
        self.done = 0  # checkpoints run (tests)
        self._wake = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        """Fold the log soon (returns at once)."""
        if self._stopping or self.failed:
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="cxd-checkpoint", daemon=True)
            self._thread.start()
        self._wake.set()

    def stop(self) -> None:
        """End the thread, after the checkpoint it may be running (safe to call twice)."""
        self._stopping = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def run_now(self) -> None:
        """One passive checkpoint on the calling thread (the thread's work; tests call it directly)."""
        with self.lock:
            if self._stopping:
                return
            try:
                conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=1.0)
                try:
                    conn.execute("PRAGMA trusted_schema=OFF")
                    conn.execute("PRAGMA synchronous=FULL")  # the file is synced before the log restarts
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                finally:
                    conn.close()
            except (sqlite3.Error, OSError):
                # Nothing is lost: the commits stay in the log, and SQLite folds it itself from now on.
                self.failed = True
            else:
                self.done += 1

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            if self._stopping or self.failed:
                return
            self.run_now()


__all__ = ["EVERY_WRITES", "Checkpointer"]
