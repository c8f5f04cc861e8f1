"""The one way CX Designer writes a file: a temporary beside the target, fsync, rename, fsync the folder.

Every file we write goes through here: Save, Share a copy, backups, exports, reports, CSV and JSON,
templates, the session record. The rules (docs/file-format.md, "Writing files"):

- The target is either what it was before or the complete new file, never a mix; on any failure
  the temporary is removed and the error names the real cause (a full disk, a read-only folder).
- A symbolic link is followed: the real file is replaced, in its own folder, and the link stays.
- A FIFO or character device (``-o /dev/stdout``) is streamed into, never replaced; a folder, a
  block device or a socket is refused. Nothing that is not a regular file is ever replaced.
- The new file keeps the mode of the file it replaces (a private 0600 file stays private); a new
  file gets the user's umask.
- Temporary names are unique per process and call, so concurrent writers never share one; the
  last complete file wins. Their names carry host and process id, so the next start can remove
  what a killed process left (``remove_stale_temps``).
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import socket
import sqlite3
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from ..i18n import _
from .errors import BadTargetError, FileIOError, StorageError

# Our temporaries beside a user's file: Save's, Share a copy's, and every other write's.
TEMP_MARK = ".cxd-save-"
TEMP_MARKS = (TEMP_MARK, ".cxd-share-", ".cxd-write-")

_CHUNK = 1 << 20


# Read once: Save passes every step of SQLite's backup through crash_point.
_CRASH_AT = os.environ.get("CXDESIGNER_CRASH_AT")


def crash_point(step: str) -> None:
    """CXDESIGNER_CRASH_AT=<step> kills the process at that step (the kill tests set it for a child)."""
    if step == _CRASH_AT:
        os.kill(os.getpid(), signal.SIGKILL)


def fsync_path(path: Path) -> None:
    """Sync a file written and closed elsewhere (by SQLite, by a producer) to the disk, through its name."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    if sys.platform == "win32":
        return
    fsync_path(folder)


# The longest file name (in bytes) that Linux, macOS and Windows folders all take.
NAME_BYTES = 255


def fit_name(name: str, room: int) -> str:
    """``name`` itself when it takes at most ``room`` bytes, else its start and a digest of it that do.

    A name of our own beside the user's file (a temporary, a lock) holds the file's name and more: for a
    name of 200 to 255 bytes, which the user's folder takes, ours was too long and Save failed ("the
    name is too long", of the folder). Cut on a character's boundary; the digest keeps two long names
    apart when they start alike.
    """
    data = name.encode("utf-8", "surrogateescape")
    if len(data) <= room:
        return name
    import hashlib

    digest = hashlib.sha256(data).hexdigest()[:10]
    return data[: max(0, room - 11)].decode("utf-8", "ignore") + "~" + digest


def temp_name(target: Path, mark: str = ".cxd-write-") -> Path:
    """A temporary beside ``target``, unique to this process and call (its name fits, "-journal" too)."""
    import uuid  # here, not at the top: the window maps before the first write (uuid brings platform)

    tail = f"{mark}{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp"
    room = NAME_BYTES - len(".") - len(tail.encode("utf-8", "surrogateescape")) - len("-journal")
    return target.with_name(f".{fit_name(target.name, room)}{tail}")


def _error(exc: OSError | sqlite3.Error, path: Path) -> StorageError:
    from .store import as_storage_error  # store imports sqlite3; this module stays light

    return as_storage_error(exc, path)


def resolve_target(target: Path | str) -> tuple[Path, os.stat_result | None]:
    """Where a write to ``target`` really goes, and what is there now (None: nothing yet).

    Raises FileIOError for a target we must not write: no name, a folder, a block device, a socket,
    a link that leads nowhere we can write.
    """
    text = os.fspath(target)
    if not text.strip():
        raise BadTargetError(_("No file name was given: name the file to write"))
    path = Path(text)
    try:
        st = os.stat(path)  # follows links
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _error(exc, path) from exc
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise BadTargetError(_("{path}: is a folder; give a file name inside it").format(path=path))
        if stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode):
            return path, st  # streamed into, never replaced
        raise BadTargetError(
            _("{path}: is not a regular file (a device or socket); CX Designer will not replace it").format(path=path)
        )
    real = Path(os.path.realpath(path))
    if st is None and not real.parent.is_dir():
        raise FileIOError(
            _("{path}: the folder does not exist; create it or choose another one").format(path=real.parent)
        )
    return real, st


def check_writable(target: Path | str) -> tuple[Path, os.stat_result | None]:
    """Refuse, before any work, a target that cannot be written (so a long render is not wasted)."""
    path, st = resolve_target(target)
    if is_stream(st):
        return path, st
    if st is not None and not os.access(path, os.W_OK):
        raise FileIOError(_("{path}: the file is read-only; choose another name or make it writable").format(path=path))
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise FileIOError(_("{path}: the folder is read-only; choose another folder").format(path=path.parent))
    return path, st


def is_stream(st: os.stat_result | None) -> bool:
    return st is not None and (stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode))


def _write_all(fd: int, data: Iterable[bytes], path: Path) -> int:
    """Write every byte (short writes are continued; a write of nothing is a failure); the total."""
    total = 0
    for chunk in data:
        view = memoryview(chunk)
        while view:
            n = os.write(fd, view[:_CHUNK])
            if n <= 0:
                raise OSError(errno.ENOSPC, "the disk is full", str(path))
            view = view[n:]
            total += n
    return total


def _stream(path: Path, data: Iterable[bytes]) -> None:
    flags = os.O_WRONLY | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise FileIOError(
                _("{path}: a pipe that nobody reads from; start its reader first").format(path=path)
            ) from exc
        raise _error(exc, path) from exc
    try:
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # O_NONBLOCK was only for the open: a reader may be slow
        _write_all(fd, data, path)
    except BrokenPipeError:
        raise  # the reader went away: the caller stops quietly, like any filter
    except OSError as exc:
        raise _error(exc, path) from exc
    finally:
        os.close(fd)


def write_bytes(target: Path | str, data: bytes | Iterable[bytes], durable: bool = True) -> Path:
    """Write ``data`` to ``target`` by the rules above; the path really written.

    ``durable=False`` skips the fsyncs: the file is still whole or absent after the process is
    killed, but a power cut may lose it (for bookkeeping that can be rebuilt, never user data).
    """
    chunks: Iterable[bytes] = [data] if isinstance(data, (bytes, bytearray, memoryview)) else data
    path, st = resolve_target(target)
    if is_stream(st):
        _stream(path, chunks)
        return path

    def produce(tmp: Path) -> None:
        fd = os.open(tmp, os.O_WRONLY | os.O_TRUNC)
        try:
            written = _write_all(fd, chunks, tmp)
            if os.fstat(fd).st_size != written:
                raise OSError(
                    errno.EIO,
                    _("the file is {size} bytes, {n} were written").format(size=os.fstat(fd).st_size, n=written),
                )
        finally:
            os.close(fd)

    return replace_with(path, produce, resolved=(path, st), durable=durable)


def write_text(target: Path | str, text: str, encoding: str = "utf-8", durable: bool = True) -> Path:
    return write_bytes(target, text.encode(encoding), durable)


def replace_with(
    target: Path | str,
    produce: Callable[[Path], None],
    mark: str = ".cxd-write-",
    step: Callable[[str], None] | None = None,
    resolved: tuple[Path, os.stat_result | None] | None = None,
    durable: bool = True,
) -> Path:
    """Let ``produce`` fill a temporary beside ``target``, then put it in place in one step.

    ``produce`` gets the temporary's path (already created, empty, with the right mode) and may
    write it any way (SQLite's backup API, VACUUM INTO after removing it); it must raise on failure.
    ``step`` hears the named steps (temp-created, fsynced, replaced, dir-synced): Save passes
    ``crash_point`` so the kill tests can stop it at each.
    """
    step = step or _no_step
    path, st = resolved or resolve_target(target)
    if is_stream(st):
        raise BadTargetError(
            _("{path}: is a pipe or device; this kind of file can only be written to a regular file").format(path=path)
        )
    folder = path.parent
    remove_stale_temps(folder)  # what a killed writer left here
    tmp = temp_name(path, mark)
    try:
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except OSError as exc:
            raise _error(exc, folder) from exc
        os.close(fd)
        if st is not None:
            try:
                os.chmod(tmp, stat.S_IMODE(st.st_mode))
            except OSError:
                pass  # not ours to change (another owner): the new file keeps the umask's mode
        step("temp-created")
        produce(tmp)
        if durable:
            fsync_path(tmp)
        step("fsynced")
        os.replace(tmp, path)
        step("replaced")
        if durable:
            fsync_dir(folder)
        step("dir-synced")
    except BaseException as exc:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            try:
                leftover.unlink()
            except OSError:
                pass
        if isinstance(exc, (OSError, sqlite3.Error)):
            raise _error(exc, path) from exc
        raise
    return path


def _no_step(_name: str) -> None:
    pass


def owner_of_temp(name: str) -> tuple[str, int] | None:
    """Host and process id encoded in one of our temporaries' names, or None if it is not one."""
    mark = next((m for m in TEMP_MARKS if m in name), None)
    if mark is None:
        return None
    base = name[: -len("-journal")] if name.endswith("-journal") else name
    if not base.endswith(".tmp"):
        return None
    try:
        rest = base.split(mark, 1)[1]
        owner_host, pid_text, _ = rest.rsplit("-", 2)
        return owner_host, int(pid_text)
    except ValueError:
        return None


def pid_alive(pid: int) -> bool:
    """True when a process with this id runs on this host (it may be another program: ids are reused)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:  # pragma: no cover - Windows reports a gone process differently
        return False
    return True


def remove_stale_temps(folder: Path) -> list[Path]:
    """Delete temporaries (and export staging folders) left in ``folder`` by a dead process of this host."""
    removed: list[Path] = []
    host = socket.gethostname()
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for p in entries:
        owner = owner_of_temp(p.name)
        if owner is None or owner[0] != host or pid_alive(owner[1]):
            continue
        try:
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p)  # an export's staging folder (cxdesigner.services.childjob)
            else:
                p.unlink()
            removed.append(p)
        except OSError:
            pass
    return removed



__all__ = [
    "TEMP_MARK",
    "TEMP_MARKS",
    "check_writable",
    "crash_point",
    "fit_name",
    "fsync_dir",
    "owner_of_temp",
    "pid_alive",
    "remove_stale_temps",
    "replace_with",
    "resolve_target",
    "temp_name",
    "write_bytes",
    "write_text",
]
