"""Share a copy: a compact, checked .cxd with a small PNG preview of each journey and no recovery data."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from ..document import Document
from ..model import Project
from ..storage import atomic, safeopen
from .common import Progress, tick

SHARE_MARK = ".cxd-share-"
PREVIEW_SIDE = 640  # longest side of a preview in pixels: enough for a file browser or a picker

PreviewMaker = Callable[[Project, str], bytes]


def default_previews(project: Project, journey_id: str) -> bytes:
    """A PNG of the journey map (starts Qt offscreen when no application is running)."""
    from .mapexport import preview_png

    return preview_png(project, journey_id, PREVIEW_SIDE)


def share_copy(
    doc: Document,
    target: Path | str,
    previews: PreviewMaker | None = default_previews,
    progress: Progress | None = None,
    with_checkpoints: bool = False,
) -> Path:
    """Write the document's current state to ``target`` as a fresh, compact, checked file.

    Checkpoints (earlier states of journeys, possibly many megabytes and things a client should not
    see) are left out unless ``with_checkpoints``.

    The document itself is untouched: its file, its working copy and its "modified" state stay
    as they were (this is a copy to send, not a Save As). ``target`` is replaced atomically.
    """
    target = Path(target).absolute()
    journeys = doc.project.journeys()
    total = len(journeys) + 2

    def fill(tmp: Path) -> None:
        tick(progress, 0, total)
        # VACUUM INTO writes a fresh, defragmented file from the working copy in one consistent read
        # (into the helper's empty temporary, which it accepts).
        doc.working_copy.conn.execute("VACUUM INTO ?", (str(tmp),))
        conn = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=DELETE")
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("DELETE FROM previews")  # a preview from an older share would be stale
            if not with_checkpoints:
                conn.execute("DELETE FROM checkpoints")
            if previews is not None:
                for k, j in enumerate(journeys, start=1):
                    conn.execute(
                        "INSERT INTO previews (journey_id, png) VALUES (?, ?)", (j.id, previews(doc.project, j.id))
                    )
                    tick(progress, k, total)
            conn.execute("COMMIT")
            conn.execute("VACUUM")
        finally:
            conn.close()
        # The same checks as a file from elsewhere gets: what we send is what anyone can open.
        safeopen.check_copy(tmp, target)

    atomic.replace_with(target, fill, mark=SHARE_MARK)
    tick(progress, total, total)
    return target


def read_previews(path: Path | str) -> dict[str, bytes]:
    """The previews stored in a shared file (journey id → PNG bytes), read from a private copy."""
    path = Path(path)
    with safeopen.private_copy(path) as copy:
        safeopen.check_copy(copy, path)
        conn = safeopen.guarded_connect(copy)
        try:
            rows = conn.execute("SELECT journey_id, png FROM previews").fetchall()
        finally:
            conn.close()
    return {(k.decode() if isinstance(k, bytes) else k): bytes(v) for k, v in rows}


__all__ = ["PREVIEW_SIDE", "read_previews", "share_copy"]
