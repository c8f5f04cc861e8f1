"""Reading files people hand us: only regular files are opened, so a pipe or a device never hangs us.

Opening a FIFO for reading blocks until someone writes to it, and a device may never end; both
have been handed to CX Designer as "x.cxd", as a project's journal and as its lock file. Every file
we read from outside goes through :func:`open_regular`, which opens without blocking, looks at
what it got, and refuses anything that is not a regular file with a message naming it.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ..i18n import N_, _
from .errors import BadTargetError, FileIOError, StorageError

_KINDS = (
    (stat.S_ISDIR, N_("a folder")),
    (stat.S_ISFIFO, N_("a pipe (FIFO)")),
    (stat.S_ISCHR, N_("a device")),
    (stat.S_ISBLK, N_("a disk device")),
    (stat.S_ISSOCK, N_("a socket")),
)
# What callers call the files they read (the ``what`` of the functions below), translated where shown.
_WHATS = {
    w: w
    for w in (
        N_("file"), N_("project file"), N_("journal"), N_("template"), N_("spreadsheet"), N_("draw.io file"),
        N_("import source"), N_("picture"),
    )
}  # fmt: skip


def _what(what: str) -> str:
    """``what`` in the interface language (a name the catalogue does not know stays as given)."""
    return _(what) if what in _WHATS else what


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words (in the interface language)."""
    words = next((words for test, words in _KINDS if test(mode)), None)
    return _(words) if words else _("not a regular file")


def not_regular(path: Path, mode: int, what: str = "file") -> BadTargetError:
    return BadTargetError(
        _("{path}: this {what} is {kind}, not a regular file; CX Designer only reads files").format(
            path=path, what=_what(what), kind=kind_of(mode)
        )
    )


def _error(exc: OSError, path: Path) -> StorageError:
    from .store import as_storage_error  # store imports sqlite3; keep this module light

    return as_storage_error(exc, path)


@contextmanager
def open_regular(path: Path | str, what: str = "file") -> Iterator[BinaryIO]:
    """Open ``path`` for reading in binary, only if it is a regular file (links are followed)."""
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _error(exc, path) from exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise not_regular(path, mode, what)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        f = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with f:
        yield f


def check_source(path: Path | str, what: str = "file") -> None:
    """Refuse, before any work, a source that is missing (I/O, exit 1) or not a regular file (exit 2)."""
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise FileIOError(_("{path}: no such file").format(path=path)) from None
    except OSError as exc:
        raise _error(exc, path) from exc
    if not stat.S_ISREG(mode):
        raise not_regular(path, mode, what)


def is_special(path: Path | str) -> bool:
    """True when something that is not a regular file sits at ``path`` (without opening it)."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def read_bytes(path: Path | str, limit: int | None = None, what: str = "file") -> bytes:
    """The whole file, refusing one larger than ``limit`` bytes before reading it."""
    with open_regular(path, what) as f:
        size = os.fstat(f.fileno()).st_size
        if limit is not None and size > limit:
            raise FileIOError(
                _(
                    "{path}: the {what} is {size} MB; CX Designer reads at most {limit} MB: make it smaller "
                    "(or split it), then try again"
                ).format(
                    path=path, what=_what(what), size=size // 1_000_000, limit=limit // 1_000_000
                )
            )
        try:
            data = f.read(limit + 1 if limit is not None else -1)
        except OSError as exc:
            raise _error(exc, Path(path)) from exc
    if limit is not None and len(data) > limit:  # it grew while we read it
        raise FileIOError(
            _(
                "{path}: the {what} is larger than CX Designer reads ({limit} MB): make it smaller (or split it), "
                "then try again"
            ).format(
                path=path, what=_what(what), limit=limit // 1_000_000
            )
        )
    return data


def copy_file(source: Path | str, target: Path | str, what: str = "file") -> None:
    """Copy a regular file (refusing pipes and devices) to a new file of ours."""
    with open_regular(source, what) as src:
        try:
            with open(target, "xb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        except OSError as exc:
            raise _error(exc, Path(target)) from exc


__all__ = ["check_source", "copy_file", "is_special", "kind_of", "not_regular", "open_regular", "read_bytes"]
