"""Small pictures of journeys for the start page: templates and recent files, read off the UI thread, cached.

A recent file may be anything by now: moved, replaced by a pipe, damaged or hostile. It is read
in a worker thread, through the same checks as opening (only regular files, a private copy,
the untrusted-file checks), never written, and every connection is closed. The map is then
drawn on the UI thread by the one map renderer (the canvas scene in print mode), scaled down.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter

from .. import api, i18n
from ..model import CXError, Project
from ..services.tasks import TaskCancelledError, TaskRunner
from ..storage import StorageError, regular, safeopen, schema, store

# Room for the picture in a tile, in device-independent pixels.
THUMB_SIZE = QSize(216, 136)
# A preview is not worth copying a huge file for, nor waiting long on a slow or hostile one.
PREVIEW_MAX_BYTES = 200 << 20
PREVIEW_BUDGET_S = 5.0


@dataclass(frozen=True)
class RecentInfo:
    """What the start page shows of a recent file. ``state``: ok, missing or unreadable."""

    path: str
    state: str
    name: str = ""
    mtime: float | None = None
    size: int = 0
    project: Project | None = None
    reason: str = ""

    @property
    def key(self) -> tuple[str, float | None, int]:
        return (self.path, self.mtime, self.size)


_lock = threading.Lock()
_recent_cache: dict[tuple[str, int, int], RecentInfo] = {}
_image_cache: dict[tuple, QImage] = {}
_runner: list[TaskRunner] = []


def runner() -> TaskRunner:
    """The workers that read recent files: two, so one slow file does not hold up the others.

    Owned by the application, not by a page: a page that goes away must never wait for a worker.
    """
    if not _runner:
        _runner.append(TaskRunner(max_threads=2, parent=QCoreApplication.instance()))
    return _runner[0]


def wait_idle(msecs: int = 30_000) -> bool:
    """Block until no file is being read (tests, and the end of the program)."""
    return runner().wait(msecs) if _runner else True


def load_project_read_only(path: Path, go_on: Callable[[], bool] | None = None) -> Project:
    """The project in ``path``, read from a private checked copy; the file itself is never opened by SQLite.

    ``go_on`` is asked before the check, before the loading and all through it: False stops the read
    (:class:`TaskCancelledError`), so a preview nobody waits for any more does not go on competing
    with the opening of a project for the processor (the loading was most of a large file's read).
    """
    safeopen.read_header(path)
    safeopen.check_side_files(path)
    with safeopen.private_copy(path) as copy:
        _stop_unless(go_on)
        hdr = safeopen.check_copy(copy, path, budget_s=PREVIEW_BUDGET_S)
        current = hdr.user_version == schema.FORMAT_VERSION
        _stop_unless(go_on)
        # An older file is brought up to date in the private copy, as opening does; the original stays as it is.
        conn = store.connect(copy, read_only=current)
        try:
            if go_on is not None:
                # The rows are fetched as they are loaded: SQLite asks between them, and an interrupted
                # fetch ends the loading (read_recent tells that from a damaged file by asking again).
                conn.set_progress_handler(lambda: 0 if go_on() else 1, _ASK_EVERY)
            if not current:
                conn.execute("PRAGMA trusted_schema=OFF")
                schema.migrate(store.open_utils(conn))
            return safeopen.load_checked(conn, path)
        finally:
            conn.close()


# SQLite's steps between two questions of a preview's loading whether to go on: some 40 a 5,000-card file.
_ASK_EVERY = 20_000


def _stop_unless(go_on: Callable[[], bool] | None) -> None:
    if go_on is not None and not go_on():
        raise TaskCancelledError


def unreadable_reason(exc: BaseException, path: str) -> str:
    """Why a recent project or a template cannot be previewed: our refusals as they are, a library's in our words."""
    if isinstance(exc, OSError):
        return i18n.os_reason(exc)
    if isinstance(exc, sqlite3.Error):
        return store.sqlite_reason(exc)
    if isinstance(exc, MemoryError):
        return i18n._("it is too large to preview")
    if isinstance(exc, (StorageError, CXError)):
        # A refusal names its file first; the tile's tooltip names it already, on the line above.
        return str(exc).removeprefix(f"{path}: ").removeprefix(f"{Path(path)}: ")
    # A ValueError or UnicodeError that no check of ours caught: Python's words would only help a developer.
    return i18n._("CX Designer cannot read it")


def read_recent(path: str, go_on: Callable[[], bool] | None = None) -> RecentInfo:
    """Everything the start page shows of ``path`` (runs in a worker; no Qt object is touched).

    ``go_on``: see :func:`load_project_read_only`; a read it stops is not remembered.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return RecentInfo(path, "missing")
    except OSError as exc:
        return RecentInfo(path, "unreadable", reason=i18n.os_reason(exc))
    if not stat.S_ISREG(st.st_mode):
        return RecentInfo(path, "unreadable", mtime=st.st_mtime, reason=regular.kind_of(st.st_mode))
    key = (path, st.st_mtime_ns, st.st_size)
    with _lock:
        cached = _recent_cache.get(key)
    if cached is not None:
        return cached
    if st.st_size > PREVIEW_MAX_BYTES:
        info = RecentInfo(path, "ok", name=Path(path).stem, mtime=st.st_mtime, size=st.st_size)
    else:
        try:
            project = load_project_read_only(Path(path), go_on)
        except (StorageError, CXError, OSError, sqlite3.Error, ValueError, UnicodeError, MemoryError) as exc:
            if go_on is not None and not go_on():
                raise TaskCancelledError from exc  # stopped (an interrupted fetch says so), not unreadable
            why = unreadable_reason(exc, path)
            info = RecentInfo(path, "unreadable", mtime=st.st_mtime, size=st.st_size, reason=why)
        else:
            name = project.info.name.strip() or Path(path).stem
            info = RecentInfo(path, "ok", name=name, mtime=st.st_mtime, size=st.st_size, project=project)
    with _lock:
        _recent_cache[key] = info
    return info


def template_project(key: str, lang: str) -> Project:
    """A template's project as the page pictures it, read as New from template reads it (a regular file only)."""
    return api.template_project(key, lang)


def cached_image(key: tuple) -> QImage | None:
    return _image_cache.get(key)


def journey_thumbnail(project: Project, lang: str, size: QSize = THUMB_SIZE, ratio: float = 1.0) -> QImage:
    """The first journey of ``project`` drawn by the map renderer and fitted into ``size`` (a null image if none)."""
    # The map's modules load with the first picture: a start that opens a file never draws one.
    from ..canvas import render, style

    journeys = project.journeys()
    if not journeys:
        return QImage()
    scene = render.render_journey(project, journeys[0].id, lang, title_block=False)
    try:
        rect = scene.full_rect()
        w, h = size.width() * ratio, size.height() * ratio
        # Fit the width: maps are wide; a tall one is cut at the bottom, where the key and curve are least telling.
        scale = min(w / max(rect.width(), 1.0), 2.0)
        full = render.render_image(scene, scale)
    finally:
        scene.deleteLater()
    out = QImage(round(w), round(h), QImage.Format.Format_ARGB32_Premultiplied)
    out.fill(QColor(style.PAPER))
    painter = QPainter(out)
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        top = max(0.0, (h - full.height()) / 2)
        painter.drawImage(QRectF(0, top, full.width(), min(full.height(), h)), full,
                          QRectF(0, 0, full.width(), min(full.height(), h)))  # fmt: skip
    finally:
        painter.end()
    out.setDevicePixelRatio(ratio)
    return out


def thumbnail(key: tuple, project: Project, lang: str, ratio: float = 1.0) -> QImage:
    """``journey_thumbnail`` remembered under ``key`` (with the language and pixel ratio), for the session."""
    full_key = (*key, lang, ratio)
    image = _image_cache.get(full_key)
    if image is None:
        image = journey_thumbnail(project, lang, THUMB_SIZE, ratio)
        _image_cache[full_key] = image
    return image


def forget() -> None:
    """Drop every cached picture and file reading (tests)."""
    with _lock:
        _recent_cache.clear()
    _image_cache.clear()


__all__ = [
    "THUMB_SIZE",
    "RecentInfo",
    "forget",
    "journey_thumbnail",
    "load_project_read_only",
    "read_recent",
    "runner",
    "template_project",
    "thumbnail",
    "unreadable_reason",
    "wait_idle",
]
