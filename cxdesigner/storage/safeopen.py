"""Checking a .cxd from anywhere before any of it is used: header, integrity, exact schema."""

from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import schema
from .errors import (
    DamagedFileError,
    FileIOError,
    InvalidFileError,
    NewerFormatError,
    NotAProjectError,
    UnsafeFileError,
)
from .store import as_storage_error

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100

# Bounds for a file from elsewhere: generous for real projects, small enough to stop abuse.
MAX_LENGTH = 50_000_000  # longest text or blob, in bytes
MAX_SQL_LENGTH = 1_000_000
TIME_BUDGET_S = 20.0


@dataclass(frozen=True)
class Header:
    """What the first 100 bytes of an SQLite file say."""

    page_size: int
    write_version: int
    read_version: int
    page_count: int
    change_counter: int
    user_version: int
    application_id: int


def read_header(path: Path, shown: Path | None = None) -> Header:
    """Read and check the header ourselves, before SQLite sees the file."""
    shown = shown or path
    try:
        with open(path, "rb") as f:
            head = f.read(HEADER_SIZE)
            size = os.fstat(f.fileno()).st_size
    except OSError as exc:
        raise as_storage_error(exc, path) from exc
    if len(head) == 0:
        raise NotAProjectError(f"{shown}: the file is empty (0 bytes), not a CX Designer project")
    if len(head) < HEADER_SIZE or not head.startswith(SQLITE_MAGIC):
        raise NotAProjectError(f"{shown}: not a CX Designer project (it is not an SQLite database)")
    raw_page = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if raw_page == 1 else raw_page
    write_v, read_v = head[18], head[19]
    change_counter, page_count = struct.unpack(">II", head[24:32])
    user_version, app_id = struct.unpack(">I", head[60:64])[0], struct.unpack(">I", head[68:72])[0]
    hdr = Header(page_size, write_v, read_v, page_count, change_counter, user_version, app_id)
    if hdr.application_id != schema.APPLICATION_ID:
        raise NotAProjectError(f"{shown}: not a CX Designer project (an SQLite database of another application)")
    if hdr.user_version > schema.FORMAT_VERSION:
        raise NewerFormatError(
            f"{shown}: made by a newer version of CX Designer (format {hdr.user_version}; "
            f"this version reads up to {schema.FORMAT_VERSION}). Update CX Designer to open it."
        )
    if hdr.user_version < 1:
        raise DamagedFileError(f"{shown}: damaged: the format version is missing")
    if write_v == 2 or read_v == 2:
        raise UnsafeFileError(
            f"{shown}: the file is in WAL mode, which CX Designer never writes; "
            "its data may be in a side file that was not copied. Ask for the file to be saved again."
        )
    if write_v != 1 or read_v != 1:
        raise DamagedFileError(f"{shown}: damaged: unknown file format flags ({write_v}, {read_v})")
    if page_size < 512 or page_size & (page_size - 1):
        raise DamagedFileError(f"{shown}: damaged: impossible page size {page_size}")
    if size % page_size or (page_count and page_count * page_size != size):
        raise DamagedFileError(
            f"{shown}: damaged: the file is {size} bytes but its header says {page_count} pages of {page_size}; "
            "it may have been cut short while copying"
        )
    return hdr


@contextmanager
def private_copy(path: Path) -> Iterator[Path]:
    """Copy a file into a private temporary folder, so nothing we do can touch the original."""
    folder = Path(tempfile.mkdtemp(prefix="cxd-check-"))
    try:
        target = folder / "copy.cxd"
        try:
            shutil.copyfile(path, target)
        except OSError as exc:
            raise as_storage_error(exc, path) from exc
        yield target
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def guarded_connect(path: Path, max_length: int = MAX_LENGTH, budget_s: float = TIME_BUDGET_S) -> sqlite3.Connection:
    """A read-only connection to an untrusted copy, with every limit we can set."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise as_storage_error(exc, path) from exc
    conn.text_factory = bytes
    conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, max_length)
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_LENGTH)
    deadline = time.monotonic() + budget_s

    def over_budget() -> int:
        return 1 if time.monotonic() > deadline else 0

    conn.set_progress_handler(over_budget, 10_000)
    for pragma in ("trusted_schema=OFF", "cell_size_check=ON", "mmap_size=0", "query_only=ON"):
        conn.execute(f"PRAGMA {pragma}")
    return conn


def _norm(value: object) -> object:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _describe(conn: sqlite3.Connection, table: str) -> tuple[list[tuple], list[tuple], list[tuple]]:
    cols = [
        tuple(_norm(v) for v in row)
        for row in conn.execute(
            'SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?)', (table,)
        )
    ]
    indexes = []
    for _seq, name, unique, origin, partial in conn.execute(
        'SELECT seq, name, "unique", origin, partial FROM pragma_index_list(?)', (table,)
    ):
        name = _norm(name)
        origin = _norm(origin)
        columns = tuple(
            _norm(r[0]) for r in conn.execute("SELECT name FROM pragma_index_info(?) ORDER BY seqno", (name,))
        )
        indexes.append((columns, unique, origin, partial))
    fks = list(conn.execute("SELECT * FROM pragma_foreign_key_list(?)", (table,)))
    return cols, indexes, fks


def check_schema(conn: sqlite3.Connection, version: int, path: Path) -> None:
    """Compare the file's schema with the hand-written definition of its format version."""
    tables_expected, indexes_expected = schema.EXPECTED[version]
    objects = [
        (_norm(t), _norm(n), _norm(tbl)) for t, n, tbl in conn.execute("SELECT type, name, tbl_name FROM sqlite_schema")
    ]
    for type_, name, _tbl in objects:
        if type_ == "trigger":
            raise UnsafeFileError(f"{path}: the file contains a trigger ('{name}'), which CX Designer never writes")
        if type_ == "view":
            raise UnsafeFileError(f"{path}: the file contains a view ('{name}'), which CX Designer never writes")
    tables = {name for type_, name, _ in objects if type_ == "table"}
    unknown = sorted(tables - set(tables_expected))
    if unknown:
        raise UnsafeFileError(f"{path}: the file contains a table CX Designer does not know: {unknown[0]}")
    missing = sorted(set(tables_expected) - tables)
    if missing:
        raise DamagedFileError(f"{path}: damaged: the table '{missing[0]}' is missing")
    for table, columns in tables_expected.items():
        cols, indexes, fks = _describe(conn, table)
        expected_cols = [(n, t, nn, d, pk, 0) for n, t, nn, d, pk in columns]
        if cols != expected_cols:
            names = {c[0] for c in cols}
            extra = [c[0] for c in cols if c[0] not in {e[0] for e in expected_cols}]
            if extra:
                raise UnsafeFileError(f"{path}: the table '{table}' has a column CX Designer does not know: {extra[0]}")
            if any(c[5] for c in cols):
                raise UnsafeFileError(f"{path}: the table '{table}' has a generated column CX Designer never writes")
            gone = [e[0] for e in expected_cols if e[0] not in names]
            if gone:
                raise DamagedFileError(f"{path}: damaged: the table '{table}' lacks the column '{gone[0]}'")
            raise UnsafeFileError(
                f"{path}: the table '{table}' is defined differently from what CX Designer writes "
                "(types, defaults or constraints changed)"
            )
        if fks:
            raise UnsafeFileError(f"{path}: the table '{table}' has foreign keys CX Designer never writes")
        wanted = sorted((cols_, unique) for t, cols_, unique in indexes_expected if t == table)
        have = sorted((c, u) for c, u, origin, partial in indexes if origin == "c" and not partial)
        odd = [i for i in indexes if i[3] or i[2] not in ("c", "pk")]
        if odd or have != wanted:
            raise UnsafeFileError(f"{path}: the table '{table}' has indexes CX Designer never writes")
    # CHECK constraints and expressions hide in the stored SQL, which PRAGMAs do not show.
    for (sql,) in conn.execute("SELECT sql FROM sqlite_schema WHERE type = 'table'"):
        text = (_norm(sql) or "").upper()
        if "CHECK" in text or " AS (" in text or "GENERATED" in text or "REFERENCES" in text:
            raise UnsafeFileError(f"{path}: a table has constraints or expressions CX Designer never writes")


def check_copy(copy: Path, shown: Path, max_length: int = MAX_LENGTH, budget_s: float = TIME_BUDGET_S) -> Header:
    """Check a private copy of a file (``shown`` is the name the user knows it by)."""
    hdr = read_header(copy, shown)
    conn = guarded_connect(copy, max_length, budget_s)
    path = shown
    try:
        result = conn.execute("PRAGMA quick_check").fetchall()
        if [_norm(r[0]) for r in result] != ["ok"]:
            first = _norm(result[0][0]) if result else "no answer"
            raise DamagedFileError(f"{path}: damaged: the integrity check failed ({first})")
        check_schema(conn, hdr.user_version, path)
        # Reading every value proves none is over the length limit and all text is UTF-8.
        for table in schema.EXPECTED[hdr.user_version][0]:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    if isinstance(value, bytes) and table != "previews":
                        try:
                            value.decode("utf-8")
                        except UnicodeDecodeError:
                            raise DamagedFileError(
                                f"{path}: damaged: the table '{table}' holds text that is not valid UTF-8"
                            ) from None
    except sqlite3.Error as exc:
        text = str(exc)
        if "interrupted" in text:
            raise DamagedFileError(f"{path}: checking the file took too long; it may be damaged or hostile") from exc
        if "too big" in text or "too large" in text:
            raise UnsafeFileError(f"{path}: the file holds a value larger than CX Designer allows") from exc
        if isinstance(exc, sqlite3.DatabaseError):
            raise DamagedFileError(f"{path}: damaged: {text}") from exc
        raise FileIOError(f"{path}: {text}") from exc
    finally:
        conn.close()
    return hdr


def verify_file(path: Path, max_length: int = MAX_LENGTH, budget_s: float = TIME_BUDGET_S) -> Header:
    """Everything short of loading, done on a private copy: the original is never opened by SQLite."""
    read_header(path)
    with private_copy(path) as copy:
        return check_copy(copy, path, max_length, budget_s)


__all__ = ["Header", "InvalidFileError", "check_copy", "read_header", "verify_file"]
