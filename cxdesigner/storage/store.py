"""Rows ⇄ entities: reading a whole project and writing change sets in one transaction."""

from __future__ import annotations

import errno
import functools
import itertools
import json
import operator
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import N_, _, number, os_reason
from ..model import ENTITY_TYPES, Change, Entity, Project, ProjectInfo, ValidationError
from ..model.names import a_record, bare_field
from . import schema
from .errors import DamagedFileError, DiskFullError, FileIOError, StorageError

if TYPE_CHECKING:
    from sqlite_utils import Database

_BOOL_FIELDS = {"moment_of_truth", "inbox", "stage_unsure", "anonymous", "hidden", "revealed"}


def connect(path: Path | str, read_only: bool = False, wal: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode with the durability settings every .cxd gets.

    ``wal``: a write-ahead log instead of the rollback journal, for the private working copy only
    (DESIGN.md's file rules): as durable with ``synchronous=FULL`` (each commit syncs the log), one
    sync a commit instead of two. Published files stay in rollback mode, one self-contained file.
    """
    try:
        if read_only:
            return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        conn = sqlite3.connect(str(path), isolation_level=None)
    except sqlite3.Error as exc:
        raise as_storage_error(exc, path) from exc
    try:
        conn.execute("PRAGMA journal_mode=WAL" if wal else "PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA synchronous=FULL")
    except sqlite3.Error as exc:
        conn.close()
        raise as_storage_error(exc, path) from exc
    return conn


def open_utils(conn: sqlite3.Connection) -> Database:
    """sqlite-utils over ``conn`` with plugins never run (a file must not trigger code)."""
    from sqlite_utils import Database  # imported late: see schema.migration_set

    return Database(conn, execute_plugins=False)


# SHMSIZE: the working copy's write-ahead-log index (its -shm file) could not grow.
_IOERR_WRITE = {sqlite3.SQLITE_IOERR_WRITE, sqlite3.SQLITE_IOERR_TRUNCATE, sqlite3.SQLITE_IOERR_FSYNC,
                sqlite3.SQLITE_IOERR_SHMSIZE}


# SQLite's reasons by primary result code: its messages are English whatever the interface language
# ("database is locked"), so the ones a person meets are said here, as i18n.os_reason does for errno.
_SQLITE_REASONS = {
    sqlite3.SQLITE_BUSY: N_("another program is using the file"),
    sqlite3.SQLITE_LOCKED: N_("another program is using the file"),
    sqlite3.SQLITE_READONLY: N_("the file is read-only"),
    sqlite3.SQLITE_IOERR: N_("an input/output error"),
    sqlite3.SQLITE_CORRUPT: N_("its database structure is broken"),
    sqlite3.SQLITE_NOTADB: N_("it is not an SQLite database"),
    sqlite3.SQLITE_FULL: N_("the disk is full"),
    sqlite3.SQLITE_CANTOPEN: N_("the file cannot be opened"),
    sqlite3.SQLITE_PERM: N_("permission denied"),
    sqlite3.SQLITE_TOOBIG: N_("a text or value is longer than the limit"),
}
# The same cases by SQLite's own words, for an error that carries no code (one Python raised itself,
# or one raised again from a message); checked in this order.
_SQLITE_WORDS = (
    ("database is locked", sqlite3.SQLITE_BUSY),
    ("database table is locked", sqlite3.SQLITE_LOCKED),
    ("readonly database", sqlite3.SQLITE_READONLY),
    ("disk i/o error", sqlite3.SQLITE_IOERR),
    ("malformed", sqlite3.SQLITE_CORRUPT),
    ("corrupt", sqlite3.SQLITE_CORRUPT),
    ("not a database", sqlite3.SQLITE_NOTADB),
    ("database or disk is full", sqlite3.SQLITE_FULL),
    ("unable to open database", sqlite3.SQLITE_CANTOPEN),
    ("too big", sqlite3.SQLITE_TOOBIG),
)


def sqlite_code(exc: sqlite3.Error) -> int | None:
    """The primary result code of an SQLite error (its extended code's low byte), or None when unknown.

    A generic code (SQLITE_ERROR) or none at all is narrowed by SQLite's words when they name a case.
    """
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in _SQLITE_REASONS:
        return code & 0xFF
    text = str(exc).lower()
    found = next((found for words, found in _SQLITE_WORDS if words in text), None)
    return found if found is not None or not isinstance(code, int) else code & 0xFF


# SQLite's words for a structure no CX Designer project has: its generic error (SQLITE_ERROR) when a
# statement meets it, or the detail of "malformed database schema (…) - …" (SQLITE_CORRUPT) when the
# schema itself holds it. Another program's database, or a damaged one, brings these.
_STRUCTURE_WORDS = (
    (("no such table", "no such column", "no such index", "orphan index"),
     N_("it lacks a table or column that every CX Designer project has")),
    (("no such collation", "no such function", "no such module", "unknown tokenizer", "no such vfs"),
     N_("its structure needs a function, collation or module of another program")),
)  # fmt: skip
# Within the schema only: elsewhere "too big" is a value over the length limit, said as such.
_SCHEMA_LIMIT_WORDS = (
    "too many columns", "too many terms", "too many arguments", "expression tree is too large", "too big",
)  # fmt: skip
_MALFORMED_SCHEMA = "malformed database schema"


def structure_reason(exc: sqlite3.Error) -> str | None:
    """In the interface language, why a file's structure cannot be a CX Designer project's, when SQLite's
    error says that (a table it lacks, another program's function, a schema beyond our limits); else None."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF not in (sqlite3.SQLITE_ERROR, sqlite3.SQLITE_CORRUPT):
        return None
    text = str(exc).lower()
    for words, message in _STRUCTURE_WORDS:
        if any(w in text for w in words):
            return _(message)
    if _MALFORMED_SCHEMA in text and any(w in text for w in _SCHEMA_LIMIT_WORDS):
        return _("its structure is larger than CX Designer allows")
    return None


def sqlite_reason(exc: sqlite3.Error) -> str:
    """Why an SQLite call failed, in the interface language; SQLite's own words, marked as its, for a rarer one."""
    structure = structure_reason(exc)
    if structure is not None:
        return structure
    message = _SQLITE_REASONS.get(sqlite_code(exc) or -1)
    if message is not None:
        return _(message)
    text = " ".join(str(exc).split()) or type(exc).__name__
    return _("in SQLite's words: {text}").format(text=text)


def as_storage_error(exc: BaseException, path: Path | str | None = None) -> StorageError:
    """Turn a low-level failure into a typed error with a message a user can act on."""
    # "path: " before the message, as every storage message starts; the message itself is translated.
    where = f"{path}: " if path else ""
    text = str(exc)
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return DiskFullError(where + _("the disk is full; free some space and try again"))
    if isinstance(exc, OSError) and exc.errno == errno.EDQUOT:
        return DiskFullError(where + _("your disk quota is used up; free some space and try again"))
    if isinstance(exc, OSError) and exc.errno == errno.EFBIG:
        # Freeing space does not help here: the disk's format caps one file (FAT32 at 4 GB).
        return DiskFullError(
            where
            + _("the file is too large for this disk (a USB stick may hold at most 4 GB a file); save it elsewhere")
        )
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        primary = sqlite_code(exc)
        if primary == sqlite3.SQLITE_FULL:
            return DiskFullError(where + _("the disk is full; free some space and try again"))
        detail = sqlite_reason(exc)
        if code in _IOERR_WRITE:
            # SQLite reports a write refused for lack of space (EFBIG, quotas) as a plain I/O error.
            return DiskFullError(
                where
                + _(
                    "writing failed ({detail}): the disk is full, the file is too large for it, or it was removed; "
                    "free some space or save elsewhere, then try again"
                ).format(detail=detail)
            )
        if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            return DamagedFileError(where + _("the file is damaged ({detail})").format(detail=detail))
        return FileIOError(where + _("cannot read or write the project ({detail})").format(detail=detail))
    if isinstance(exc, OSError):
        reason = os_reason(exc)
        return FileIOError(f"{where}{reason}")
    return StorageError(f"{where}{text}")


@functools.lru_cache(maxsize=32)
def _row_plan(cls: type[Entity]) -> tuple[tuple[str, ...], Any, tuple[int, ...], tuple[int, ...]]:
    """Per class: its columns, a getter of all values at once, and which are lists and flags."""
    names = cls.field_names()
    getter = operator.attrgetter(*names)
    lists = tuple(i for i, n in enumerate(names) if n in cls.LIST_FIELDS)
    flags = tuple(i for i, n in enumerate(names) if n in _BOOL_FIELDS)
    return names, getter, lists, flags


def encode_values(entity: Entity) -> tuple[tuple[str, ...], list[Any]]:
    """An entity as its columns and row values (lists as JSON text, flags as 0/1)."""
    names, getter, lists, flags = _row_plan(type(entity))
    values = list(getter(entity))
    for i in lists:
        value = values[i]
        values[i] = json.dumps(list(value), ensure_ascii=False) if value else "[]"
    for i in flags:
        values[i] = int(values[i])
    return names, values


def encode(entity: Entity) -> dict[str, Any]:
    names, values = encode_values(entity)
    return dict(zip(names, values))


# The C scanner json.loads ends in, without its two layers of Python around it (a large map has
# ten thousand lists to read); anything it does not take whole goes through json.loads itself.
_SCAN = json.JSONDecoder().scan_once


def _json_list(raw: str) -> Any:
    """``json.loads(raw)``, or None where that raises."""
    try:
        value, end = _SCAN(raw, 0)
        if end == len(raw):
            return value
    except (StopIteration, ValueError, RecursionError):  # StopIteration: no JSON value at the start
        pass
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):  # RecursionError: thousands of nested brackets
        return None


@functools.lru_cache(maxsize=64)
def _read_plan(kind: str, names: tuple[str, ...]) -> tuple[type[Entity], bool, tuple[int, ...], tuple[int, ...]]:
    """Per kind and columns: the class, whether the columns are exactly its fields, and which are lists and flags."""
    cls = ENTITY_TYPES[kind]
    exact = (
        len(set(names)) == len(names) and set(names) == set(cls.field_names()) and hasattr(cls, "__post_init__")
    )
    lists = tuple(i for i, n in enumerate(names) if n in cls.LIST_FIELDS)
    flags = tuple(i for i, n in enumerate(names) if n in _BOOL_FIELDS)
    return cls, exact, lists, flags


def decode_row(kind: str, names: tuple[str, ...], row: Sequence[Any]) -> Entity:
    """One row of ``kind``'s table, its columns ``names``, as an entity; the model's rules all apply."""
    return decode_rows(kind, names, (row,))[0]


def decode_rows(kind: str, names: tuple[str, ...], rows: Iterable[Sequence[Any]]) -> list[Entity]:
    """Rows of ``kind``'s table as entities, in order; the first row the model refuses makes the file damaged.

    One loop for a table's rows: a large map has thousands of rows a table, and looking up the
    plan (a tuple of thirty column names hashed) and calling a function for each row was about a
    tenth of reading them.
    """
    cls, exact, lists, flags = _read_plan(kind, names)
    new, check = object.__new__, getattr(cls, "__post_init__", None)
    out: list[Entity] = []
    append = out.append
    for row in rows:
        values = list(row) if lists or flags else row
        for i in lists:
            raw = values[i]
            if raw == "[]":  # most lists are empty: no parser needed
                values[i] = ()
                continue
            items = _json_list(raw) if isinstance(raw, str) else None
            if not isinstance(items, list):
                raise DamagedFileError(
                    # TRANSLATORS: {record} is one record with its article ("a card"), {field} a field's name.
                    _("{record} has an unreadable {field} list").format(
                        record=a_record(kind), field=bare_field(kind, names[i])
                    )
                )
            values[i] = tuple(items)
        for i in flags:
            if values[i] not in (0, 1):
                raise DamagedFileError(
                    _("{record} has an unreadable {field} flag").format(
                        record=a_record(kind), field=bare_field(kind, names[i])
                    )
                )
            values[i] = bool(values[i])
        try:
            if not exact:
                append(cls(**dict(zip(names, values))))
                continue
            # Every field has its column (the columns were checked against the schema before loading):
            # fill the record directly and run its checks, the same ones its constructor runs. The frozen
            # dataclass constructor sets each field through object.__setattr__, which was a third of the
            # time of reading a large file.
            entity = new(cls)
            entity.__dict__.update(zip(names, values))
            check(entity)  # type: ignore[misc]
            append(entity)
        except ValidationError as exc:
            raise DamagedFileError(
                _("{record} holds an invalid value: {detail}").format(record=a_record(kind), detail=exc)
            ) from exc
        except TypeError as exc:
            # Python's English about Python's types would mean nothing to the reader (as for JSON and draw.io).
            raise DamagedFileError(
                # TRANSLATORS: {record} is one record with its article ("a card").
                _("{record} holds a value CX Designer cannot read").format(record=a_record(kind))
            ) from exc
    return out


def decode(kind: str, row: dict[str, Any]) -> Entity:
    """One row as a dict of its columns; see :func:`decode_row`."""
    return decode_row(kind, tuple(row), tuple(row.values()))


# A table's column names and its rows as plain tuples (texts as str), as ``SELECT *`` gives them.
TableRows = tuple[tuple[str, ...], list[tuple[Any, ...]]]

# The tables reading takes a project from, the project record's first.
READ_TABLES = ("project", *schema.TABLE_OF_KIND.values())


def fetch_table(conn: sqlite3.Connection, table: str) -> TableRows:
    """Every row of ``table`` with its column names (the connection's text factory decodes texts)."""
    cursor = conn.execute(f'SELECT * FROM "{table}"')
    return tuple(d[0] for d in cursor.description), cursor.fetchall()


def _info(names: tuple[str, ...], rows: Sequence[Sequence[Any]]) -> ProjectInfo:
    if len(rows) != 1:
        raise DamagedFileError(_("the project record is missing or repeated ({n} rows)").format(n=number(len(rows))))
    try:
        return ProjectInfo.from_dict(dict(zip(names, rows[0])))
    except (ValidationError, TypeError) as exc:
        raise DamagedFileError(_("the project record is invalid: {detail}").format(detail=exc)) from exc


def _loaded(info: ProjectInfo, entities: list[Entity]) -> Project:
    project = Project()
    try:
        project.load(info, entities)
    except ValidationError as exc:
        raise DamagedFileError(_("the project's references do not hold together: {detail}").format(detail=exc)) from exc
    return project


def read_project(conn: sqlite3.Connection) -> Project:
    """Load every entity; a value the model refuses makes the file damaged."""
    conn.row_factory = None  # plain tuples zipped with the column names: faster than Row for thousands of rows
    try:
        info = _info(*fetch_table(conn, "project"))
        entities: list[Entity] = []
        for kind, table in schema.TABLE_OF_KIND.items():
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            names = tuple(d[0] for d in cursor.description)
            entities += decode_rows(kind, names, cursor)
    except sqlite3.OperationalError as exc:
        if "decode" in str(exc):  # a text that is not UTF-8 (the reader decodes strictly)
            # SQLite's message quotes the undecodable text itself: only the column's name is kept.
            column = re.search(r"column '([^']{1,60})'", str(exc))
            if column is None:
                raise DamagedFileError(_("it holds text that is not valid UTF-8")) from exc
            raise DamagedFileError(
                _("it holds text that is not valid UTF-8 (in the column {column})").format(column=column[1])
            ) from exc
        raise as_storage_error(exc) from exc
    except sqlite3.Error as exc:
        raise as_storage_error(exc) from exc
    return _loaded(info, entities)


def project_from_rows(rows: dict[str, TableRows]) -> Project:
    """:func:`read_project` over rows already read (every table of :data:`READ_TABLES`), with its
    checks and refusals in its order: the same project, or the same error, for the same rows.

    Takes the tables out of ``rows`` as it goes, so a table's rows are freed once its records are
    made (reading from the file held one table's rows at a time, too).
    """
    info = _info(*rows.pop("project"))
    entities: list[Entity] = []
    for kind, table in schema.TABLE_OF_KIND.items():
        names, table_rows = rows.pop(table)
        entities += decode_rows(kind, names, table_rows)
        del table_rows
    return _loaded(info, entities)


@functools.lru_cache(maxsize=64)
def _upsert_sql(table: str, columns: tuple[str, ...]) -> str:
    """The statement for one kind's rows (the same few texts, made once: imports write many rows)."""
    cols = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    return f'INSERT OR REPLACE INTO "{table}" ({cols}) VALUES ({marks})'


# Rows a change set writes from which the page cache may grow for it: SQLite's default 2 MB spilled a
# million survey answers to the log mid-transaction (15 s to write them, 8.5 s with room for them).
BIG_WRITE = 20_000
BIG_WRITE_CACHE_KIB = 256 * 1024  # a ceiling, taken only as the write needs it, and given back after


def _change_runs(changes: Sequence[Change]) -> Iterator[tuple[str, list[Change]]]:
    """The change set as runs of one statement each (the same table, kind of record, deletion or not), in order."""
    # A deletion's record is None: its type, NoneType, sets it apart from the writes of its kind.
    for (kind, _type), run in itertools.groupby(changes, key=lambda ch: (ch.kind, type(ch.new))):
        yield ("project" if kind == "project" else schema.TABLE_OF_KIND[kind]), list(run)


# Rows one executemany writes between two calls of a staged write's ``progress``: Cancel is heard within
# a fraction of a second of the worker's writing.
STEP_ROWS = 20_000


class WriteStopped(Exception):  # noqa: N818  (a stop asked for, not an error)
    """``progress`` said stop during :func:`write_changes`: the transaction was rolled back."""


def _steps(run: list[Any], size: int | None) -> Iterator[list[Any]]:
    if size is None:
        yield run
        return
    for start in range(0, len(run), size):
        yield run[start : start + size]


def write_changes(
    conn: sqlite3.Connection, changes: Sequence[Change], progress: Callable[[int, int], bool] | None = None
) -> None:
    """Write a change set in one transaction: all of it is in the file, or none.

    ``progress(done, total)``, when given (a staged write on a worker), hears every :data:`STEP_ROWS`
    rows; when it answers False the transaction is rolled back and :class:`WriteStopped` raised.
    """
    big = len(changes) >= BIG_WRITE
    step = STEP_ROWS if progress is not None else None
    total, done = len(changes), 0
    try:
        if big:
            cache = conn.execute("PRAGMA cache_size").fetchone()[0]
            conn.execute(f"PRAGMA cache_size=-{BIG_WRITE_CACHE_KIB}")
        conn.execute("BEGIN IMMEDIATE")
        try:
            # One executemany per run: the statement is found and bound in C, not row by row from Python.
            for table, whole in _change_runs(changes):
                for run in _steps(whole, step):
                    if run[0].new is None:
                        conn.executemany(f'DELETE FROM "{table}" WHERE id = ?', [(ch.id,) for ch in run])
                    else:
                        names = encode_values(run[0].new)[0]
                        conn.executemany(_upsert_sql(table, names), [encode_values(ch.new)[1] for ch in run])
                    done += len(run)
                    if progress is not None and not progress(done, total):
                        raise WriteStopped
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # SQLite already rolled back (a full disk does that); report the first error
            raise
        finally:
            if big:
                conn.execute(f"PRAGMA cache_size={int(cache)}")
    except sqlite3.Error as exc:
        raise as_storage_error(exc) from exc


def write_project(conn: sqlite3.Connection, project: Project) -> None:
    """Write the whole project into an empty, migrated file."""
    changes = [Change("project", "project", None, project.info)]
    changes += [Change(e.KIND, e.id, None, e) for e in project.all_entities()]
    write_changes(conn, changes)


def create_empty(path: Path, wal: bool = False) -> sqlite3.Connection:
    """A new file with the current schema, application id and format version."""
    conn = connect(path, wal=wal)
    try:
        schema.migrate(open_utils(conn))
    except sqlite3.Error as exc:
        conn.close()
        raise as_storage_error(exc, path) from exc
    return conn
