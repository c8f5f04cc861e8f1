"""Checking a .cxd from anywhere before any of it is used: header, integrity, exact schema."""

from __future__ import annotations

import codecs
import json
import os
import re
import shutil
import socket
import sqlite3
import struct
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..i18n import N_, _, ngettext, number, quote
from ..model import Project, jsonformat, limits
from ..model.entities import shown_value
from . import regular, schema, store
from .errors import (
    DamagedFileError,
    FileIOError,
    InvalidFileError,
    NewerFormatError,
    NotAProjectError,
    StorageError,
    UnsafeFileError,
)
from .store import as_storage_error

SQLITE_MAGIC = b"SQLite format 3\x00"
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
HEADER_SIZE = 100

# Bounds for a file from elsewhere: generous for real projects, small enough to stop abuse.
# Read at call time (not bound as defaults) so tests can lower them.
MAX_FILE_SIZE = 1 << 30  # 1 GiB; a large real project with previews is a few MB
MAX_LENGTH = 50_000_000  # longest text or blob, in bytes
MAX_SQL_LENGTH = 1_000_000
TIME_BUDGET_S = 20.0


def ask_again() -> str:
    """The advice that ends most refusals, in the interface language (translated when raised)."""
    return _("Ask the sender for the original file, or open a backup.")


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


# How much of a file that is not SQLite is read to say what it is instead: enough for any real JSON export.
_SNIFF_LIMIT = 8 << 20
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _is_plain_text(data: bytes, whole: bool) -> bool:
    """UTF-8 (a BOM allowed) without control characters other than layout ones; a cut-off tail is forgiven."""
    try:
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(data, final=whole)
    except UnicodeDecodeError:
        return False
    return _CONTROL.search(text) is None


# The refusal of a file that is not SQLite, one whole sentence for each thing it may be instead.
_SNIFFS = (
    (b"\x89PNG\r\n\x1a\n", N_("{path}: not a CX Designer project: it is a PNG image")),
    (b"\xff\xd8\xff", N_("{path}: not a CX Designer project: it is a JPEG image")),
    (b"GIF8", N_("{path}: not a CX Designer project: it is a GIF image")),
    (b"%PDF", N_("{path}: not a CX Designer project: it is a PDF document")),
    (b"PK\x03\x04", N_("{path}: not a CX Designer project: it is a ZIP archive (perhaps a spreadsheet or a document)")),
)
_JSON_EXPORT = N_(
    "{path}: not a CX Designer project: it is a CX Designer JSON export, not a project file; "
    "import its journeys into a project instead"
)
_JSON = N_("{path}: not a CX Designer project: it is a JSON file, not an SQLite database")
_TEXT = N_("{path}: not a CX Designer project: it is a text file, not an SQLite database")
_OTHER = N_("{path}: not a CX Designer project: it is not an SQLite database")


def _not_sqlite(data: bytes, shown: Path) -> str:
    """The message for a file that is not SQLite, in the interface language."""
    what = _what_is_it(data)
    text = _(what).format(path=shown)
    return text if what == _JSON_EXPORT else text + "; " + _not_ours_advice()


def _not_ours_advice() -> str:
    # Saying only what the file is left the person stuck: most often the wrong file was chosen.
    return _("open it with the program it belongs to, or choose a project saved by CX Designer (a .cxd file)")


def _what_is_it(data: bytes) -> str:
    """What a file that is not SQLite is, as the msgid of its refusal, found by parsing ``data`` (its
    first bytes, up to one more than the sniff limit) rather than by its first byte."""
    for magic, message in _SNIFFS:
        if data.startswith(magic):
            return message
    whole = len(data) <= _SNIFF_LIMIT
    data = data[:_SNIFF_LIMIT]
    if whole:
        try:
            parsed = json.loads(data)
        except (ValueError, RecursionError):
            parsed = None
        if isinstance(parsed, dict) and parsed.get("format") == jsonformat.FORMAT_NAME:
            return _JSON_EXPORT
        # A bare number or string is valid JSON too, but nobody would call such a file a JSON file.
        if isinstance(parsed, dict | list):
            return _JSON
    if _is_plain_text(data, whole):
        return _TEXT
    return _OTHER


def read_header(path: Path, shown: Path | None = None) -> Header:
    """Read and check the header ourselves, before SQLite sees the file."""
    shown = shown or path
    try:
        with regular.open_regular(path, "project file") as f:
            head = f.read(HEADER_SIZE)
            size = os.fstat(f.fileno()).st_size
            is_sqlite = head.startswith(SQLITE_MAGIC) or SQLITE_MAGIC.startswith(head)
            # Only a file that is not SQLite is read further, to say what it is instead.
            sample = head if is_sqlite else head + f.read(max(0, _SNIFF_LIMIT + 1 - len(head)))
    except OSError as exc:
        raise as_storage_error(exc, path) from exc
    if size == 0:
        raise NotAProjectError(
            _("{path}: the file is empty (0 bytes), not a CX Designer project.").format(path=shown) + " " + ask_again()
        )
    if not is_sqlite:
        raise NotAProjectError(_not_sqlite(sample, shown))
    if len(head) < HEADER_SIZE:
        raise DamagedFileError(
            _("{path}: damaged: the file is cut short ({size} bytes, not even a full header).").format(
                path=shown, size=size
            )
            + " "
            + ask_again()
        )
    raw_page = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if raw_page == 1 else raw_page
    write_v, read_v = head[18], head[19]
    change_counter, page_count = struct.unpack(">II", head[24:32])
    schema_format, encoding = struct.unpack(">I", head[44:48])[0], struct.unpack(">I", head[56:60])[0]
    user_version, app_id = struct.unpack(">I", head[60:64])[0], struct.unpack(">I", head[68:72])[0]
    valid_for = struct.unpack(">I", head[92:96])[0]
    hdr = Header(page_size, write_v, read_v, page_count, change_counter, user_version, app_id)
    if app_id != schema.APPLICATION_ID:
        raise NotAProjectError(
            _("{path}: not a CX Designer project: it is an SQLite database of another application").format(path=shown)
            + "; "
            + _not_ours_advice()
        )
    if user_version > schema.FORMAT_VERSION:
        raise NewerFormatError(
            _(
                "{path}: made by a newer version of CX Designer (format {version}; "
                "this version reads up to {latest}). Update CX Designer to open it."
            ).format(path=shown, version=user_version, latest=schema.FORMAT_VERSION)
        )
    if user_version < 1:
        raise DamagedFileError(
            _("{path}: damaged: the format version is missing.").format(path=shown) + " " + ask_again()
        )
    if write_v == 2 or read_v == 2:
        raise UnsafeFileError(
            _(
                "{path}: the file is in WAL mode, which CX Designer never writes; part of its data may be in "
                "a “-wal” side file that was not copied with it. Ask for the file to be saved again with CX Designer."
            ).format(path=shown)
        )
    if write_v != 1 or read_v != 1:
        raise DamagedFileError(
            _("{path}: damaged: unknown file format flags ({write}, {read}).").format(
                path=shown, write=write_v, read=read_v
            )
            + " "
            + ask_again()
        )
    if page_size < 512 or page_size & (page_size - 1):
        raise DamagedFileError(
            _("{path}: damaged: impossible page size {size}.").format(path=shown, size=page_size) + " " + ask_again()
        )
    # Fixed by the file format (payload fractions) or by how we write (no reserved bytes, UTF-8).
    bad_encoding = encoding not in (1, 2, 3)
    if head[20] != 0 or head[21:24] != b"\x40\x20\x20" or schema_format not in (1, 2, 3, 4) or bad_encoding:
        raise DamagedFileError(
            _("{path}: damaged: the file header holds impossible values.").format(path=shown) + " " + ask_again()
        )
    if encoding != 1:
        raise UnsafeFileError(
            _("{path}: the file stores text as UTF-16, which CX Designer never writes.").format(path=shown)
            + " "
            + ask_again()
        )
    if size > MAX_FILE_SIZE:
        raise UnsafeFileError(
            _(
                "{path}: the file is {size} MB; CX Designer opens projects up to "
                "{limit} MB. It is probably not a project, or damaged."
            ).format(path=shown, size=number(size // 1_000_000), limit=number(MAX_FILE_SIZE // 1_000_000))
        )
    # The page count in the header is only trusted by SQLite when this check-number matches.
    expected = page_count * page_size if page_count and valid_for == change_counter else None
    if size % page_size or (expected is not None and size < expected):
        if expected is not None:
            message = _(
                "{path}: damaged: the file is cut short ({size} bytes; its header says {expected}); "
                "it may have been cut off while copying or downloading."
            ).format(path=shown, size=size, expected=expected)
        else:
            message = _(
                "{path}: damaged: the file is cut short ({size} bytes; its header says a multiple of {page}); "
                "it may have been cut off while copying or downloading."
            ).format(path=shown, size=size, page=page_size)
        raise DamagedFileError(message + " " + ask_again())
    if expected is not None and size > expected:
        raise DamagedFileError(
            ngettext(
                "{path}: damaged: the file has {n} byte more than its header says.",
                "{path}: damaged: the file has {n} bytes more than its header says.",
                size - expected,
            ).format(
                path=shown, n=number(size - expected)
            )
            + " "
            + ask_again()
        )
    return hdr


def check_side_files(path: Path) -> None:
    """Refuse a file whose last write was interrupted: the rest of that write is in a journal beside it."""
    journal = path.with_name(path.name + "-journal")
    if regular.is_special(journal):
        raise UnsafeFileError(
            _(
                "{path}: something that is not a file sits where its journal would be ({name}, {kind}); "
                "remove it, then try again"
            ).format(path=path, name=quote(journal.name), kind=regular.kind_of(os.stat(journal).st_mode))
        )
    try:
        with regular.open_regular(journal, "journal") as f:
            head = f.read(len(JOURNAL_MAGIC))
    except (OSError, StorageError):
        return
    # An empty or zeroed journal is not "hot": SQLite leaves those behind in some modes.
    if head == JOURNAL_MAGIC:
        raise DamagedFileError(
            _(
                "{path}: the last change to this file was interrupted; its rest is in {name} beside it. "
                "Open it once with the program that wrote it (or the sqlite3 tool) so it can finish, then try again."
            ).format(path=path, name=quote(journal.name))
        )


CHECK_PREFIX = "cxd-check-"


def check_copy_owner(name: str) -> tuple[str, int] | None:
    """Host and process id in a private copy folder's name, or None if it is not one of ours."""
    if not name.startswith(CHECK_PREFIX):
        return None
    try:
        host, pid, _rest = name[len(CHECK_PREFIX) :].rsplit("-", 2)
        return host, int(pid)
    except ValueError:
        return None


@contextmanager
def private_copy(path: Path) -> Iterator[Path]:
    """Copy a file into a private temporary folder, so nothing we do can touch the original."""
    # Named with host and process, so a later run can remove what a killed one left.
    folder = Path(tempfile.mkdtemp(prefix=f"{CHECK_PREFIX}{socket.gethostname()}-{os.getpid()}-"))
    try:
        target = folder / "copy.cxd"
        regular.copy_file(path, target, "project file")
        yield target
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def guarded_connect(path: Path, max_length: int | None = None, budget_s: float | None = None) -> sqlite3.Connection:
    """A read-only connection to an untrusted copy, with every limit we can set.

    No application SQL functions, collations or sqlite-utils plugins are registered on it.
    """
    max_length = MAX_LENGTH if max_length is None else max_length
    budget_s = TIME_BUDGET_S if budget_s is None else budget_s
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise as_storage_error(exc, path) from exc
    try:
        _guard(conn, max_length, budget_s)
    except BaseException:
        conn.close()
        raise
    return conn


def _guard(conn: sqlite3.Connection, max_length: int, budget_s: float) -> None:
    # A damaged file can hold invalid UTF-8: read raw bytes and decode ourselves.
    conn.text_factory = bytes
    for limit, value in (
        (sqlite3.SQLITE_LIMIT_ATTACHED, 0),
        (sqlite3.SQLITE_LIMIT_LENGTH, max_length),
        (sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_LENGTH),
        (sqlite3.SQLITE_LIMIT_COLUMN, 200),
        (sqlite3.SQLITE_LIMIT_EXPR_DEPTH, 100),
        (sqlite3.SQLITE_LIMIT_COMPOUND_SELECT, 10),
        (sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH, 1),
        (sqlite3.SQLITE_LIMIT_FUNCTION_ARG, 8),
        (sqlite3.SQLITE_LIMIT_WORKER_THREADS, 0),
    ):
        conn.setlimit(limit, value)
    deadline = time.monotonic() + budget_s

    def over_budget() -> int:
        return 1 if time.monotonic() > deadline else 0

    conn.set_progress_handler(over_budget, 1_000)
    for pragma in ("trusted_schema=OFF", "cell_size_check=ON", "mmap_size=0", "query_only=ON"):
        conn.execute(f"PRAGMA {pragma}")


def _norm(value: object) -> object:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


# -- the schema, compared with what we write ----------------------------------------------------------

_TOKEN = re.compile(
    r"""\s+|--[^\n]*|/\*.*?(?:\*/|$)|'(?:[^']|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]"""
    r"""|(?P<word>[A-Za-z_][A-Za-z0-9_$]*)|[0-9.]+|.""",
    re.S,
)
# Every keyword our CREATE statements use; anything else is a construct we never write.
_OUR_KEYWORDS = {"CREATE", "TABLE", "INDEX", "UNIQUE", "ON", "PRIMARY", "KEY", "NOT", "NULL", "DEFAULT"}
_OUR_TYPES = {"TEXT", "INTEGER", "REAL", "BLOB"}
_WHAT = {
    "CHECK": N_("a CHECK constraint"),
    "GENERATED": N_("a generated column"),
    "AS": N_("a generated column"),
    "ALWAYS": N_("a generated column"),
    "STORED": N_("a generated column"),
    "VIRTUAL": N_("a virtual table or column"),
    "REFERENCES": N_("a foreign key"),
    "FOREIGN": N_("a foreign key"),
    "COLLATE": N_("a collation"),
    "AUTOINCREMENT": "AUTOINCREMENT",  # a keyword: the same in every language
    "WITHOUT": N_("a WITHOUT ROWID table"),
    "STRICT": N_("a STRICT table"),
    "WHERE": N_("a partial index"),
    "CONFLICT": N_("a conflict clause"),
    "CONSTRAINT": N_("a named constraint"),
}


def _odd_words(sql: str, known: set[str]) -> list[str]:
    words = []
    for m in _TOKEN.finditer(sql):
        word = m.group("word")
        if word and word.upper() not in known:
            words.append(word.upper())
    return words


def _plain(names: Iterable[object]) -> tuple[tuple[object, int, str], ...]:
    """Index keys as ``index_xinfo`` shows ours: ascending, default collation."""
    return tuple((n, 0, "BINARY") for n in names)


def _describe(conn: sqlite3.Connection, table: str) -> tuple[list[tuple], list[tuple], list[tuple]]:
    cols = [
        (_norm(n), (_norm(t) or "").upper(), nn, _norm(d), pk, hidden)
        for n, t, nn, d, pk, hidden in conn.execute(
            'SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?)', (table,)
        )
    ]
    indexes = []
    for name, unique, origin, partial in conn.execute(
        'SELECT name, "unique", origin, partial FROM pragma_index_list(?)', (table,)
    ):
        # An index on an expression has no column name: name it so it compares (and is refused).
        keys = tuple(
            (_norm(n) if n is not None else "(an expression)", desc, (_norm(coll) or "").upper())
            for n, desc, coll in conn.execute(
                "SELECT name, desc, coll FROM pragma_index_xinfo(?) WHERE key ORDER BY seqno", (_norm(name),)
            )
        )
        indexes.append((keys, unique, _norm(origin), partial))
    fks = list(conn.execute("SELECT * FROM pragma_foreign_key_list(?)", (table,)))
    return cols, indexes, fks


def check_schema(conn: sqlite3.Connection, version: int, path: Path) -> None:
    """Compare the file's schema with the hand-written definition of its format version.

    The comparison uses what SQLite reports (``table_xinfo``, ``index_list``, ``foreign_key_list``),
    not the stored SQL, which library versions and ``ALTER TABLE`` rewrite; the stored SQL is only
    scanned for clauses the PRAGMAs do not show (CHECK, COLLATE, table options).
    """
    tables_expected, indexes_expected = schema.EXPECTED[version]
    objects = [
        (_norm(t), _norm(n), _norm(tbl), _norm(sql))
        for t, n, tbl, sql in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema")
    ]

    def changed(message: str, **values: object) -> UnsafeFileError:
        """``message`` (a sentence ending "…; the file was changed by another program."), then the advice."""
        # Names from the file in the language's quotation marks, one line, cut (a hostile name may be huge).
        shown = {k: v if k == "what" else shown_value(v) for k, v in values.items()}
        return UnsafeFileError(message.format(path=path, **shown) + " " + ask_again())

    for type_, name, _tbl, sql in objects:
        if type_ == "trigger":
            raise changed(
                _(
                    "{path}: the file contains a trigger ({name}), which CX Designer never writes; "
                    "the file was changed by another program."
                ),
                name=name,
            )
        if type_ == "view":
            raise changed(
                _(
                    "{path}: the file contains a view ({name}), which CX Designer never writes; "
                    "the file was changed by another program."
                ),
                name=name,
            )
        if type_ == "table" and isinstance(sql, str) and sql.lstrip().upper().startswith("CREATE VIRTUAL"):
            raise changed(
                _(
                    "{path}: the file contains a virtual table ({name}), which CX Designer never writes; "
                    "the file was changed by another program."
                ),
                name=name,
            )
        if type_ not in ("table", "index"):
            raise changed(
                _(
                    "{path}: the file contains a schema entry of type {type}, which CX Designer never writes; "
                    "the file was changed by another program."
                ),
                type=type_,
            )
    tables = {name for type_, name, _tbl, _sql in objects if type_ == "table"}
    if not tables & set(tables_expected):
        # Our application id and version over another schema (or none): naming one table it lacks, or
        # one of its own, would suggest a project changed a little.
        raise DamagedFileError(
            _("{path}: not a CX Designer project, or damaged: {detail}.").format(
                path=path, detail=_("it has none of the tables of a CX Designer project")
            )
            + " "
            + ask_again()
        )
    unknown = sorted(tables - set(tables_expected))
    if unknown:
        raise changed(
            _(
                "{path}: the file contains a table CX Designer does not know: {name}; "
                "the file was changed by another program."
            ),
            name=unknown[0],
        )
    missing = sorted(set(tables_expected) - tables)
    if missing:
        raise DamagedFileError(
            _("{path}: damaged: the table {table} is missing.").format(path=path, table=shown_value(missing[0]))
            + " "
            + ask_again()
        )
    for table, columns in tables_expected.items():
        cols, indexes, fks = _describe(conn, table)
        expected_cols = [(n, t, nn, d, pk, 0) for n, t, nn, d, pk in columns]
        if cols != expected_cols:
            known = {e[0] for e in expected_cols}
            generated = [c[0] for c in cols if c[5] in (2, 3)]
            if generated:
                raise changed(
                    _(
                        "{path}: the table {table} has a generated column ({column}), which CX Designer "
                        "never writes; the file was changed by another program."
                    ),
                    table=table,
                    column=generated[0],
                )
            extra = [c[0] for c in cols if c[0] not in known]
            if extra:
                raise changed(
                    _(
                        "{path}: the table {table} has a column CX Designer does not know: {column}; "
                        "the file was changed by another program."
                    ),
                    table=table,
                    column=extra[0],
                )
            names = {c[0] for c in cols}
            gone = [e[0] for e in expected_cols if e[0] not in names]
            if gone:
                raise DamagedFileError(
                    _("{path}: damaged: the table {table} lacks the column {column}.").format(
                        path=path, table=shown_value(table), column=shown_value(gone[0])
                    )
                    + " "
                    + ask_again()
                )
            odd = next(c for c, e in zip(cols, expected_cols) if c != e)
            raise changed(
                _(
                    "{path}: the column {column} of table {table} is defined differently from what "
                    "CX Designer writes (type, default, order or NOT NULL); the file was changed by another program."
                ),
                table=table,
                column=odd[0],
            )
        if fks:
            raise changed(
                _(
                    "{path}: the table {table} has a foreign key, which CX Designer never writes; "
                    "the file was changed by another program."
                ),
                table=table,
            )
        wanted = sorted((_plain(cols_), unique) for t, cols_, unique in indexes_expected if t == table)
        have = sorted((keys, unique) for keys, unique, origin, _partial in indexes if origin == "c")
        pk_key = _plain(c[0] for c in cols if c[4])
        odd_index = [i for i in indexes if i[3] or i[2] not in ("c", "pk") or (i[2] == "pk" and i[0] != pk_key)]
        if odd_index or have != wanted:
            raise changed(
                _(
                    "{path}: the indexes of table {table} differ from what CX Designer writes; "
                    "the file was changed by another program."
                ),
                table=table,
            )
    known_words = _OUR_KEYWORDS | _OUR_TYPES
    for table, columns in tables_expected.items():
        known_words |= {table.upper(), *(c[0].upper() for c in columns)}
    for type_, name, tbl, sql in objects:
        if not isinstance(sql, str):
            continue  # automatic indexes of primary keys carry no SQL
        odd_words = _odd_words(sql, known_words)
        if odd_words:
            word = odd_words[0]
            what = _(_WHAT[word]) if word in _WHAT else shown_value(word)
            if type_ == "table":
                message = _(
                    "{path}: the table {table} has {what}, which CX Designer never writes; "
                    "the file was changed by another program."
                )
            else:
                message = _(
                    "{path}: an index of table {table} has {what}, which CX Designer never writes; "
                    "the file was changed by another program."
                )
            raise changed(message, table=name if type_ == "table" else tbl, what=what)


def check_sizes(conn: sqlite3.Connection, path: Path, version: int = schema.FORMAT_VERSION) -> None:
    """Refuse a project larger than docs/file-format.md allows, before reading any of it."""
    tables = schema.EXPECTED[version][0]
    for kind, table in schema.TABLE_OF_KIND.items():
        if table not in tables:
            continue  # a table of a later format (an older file is migrated after the checks)
        count = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        problem = limits.over_limit(kind, count)
        if problem is None and kind in limits.PER_JOURNEY:
            row = conn.execute(
                f'SELECT count(*) AS n FROM "{table}" GROUP BY journey_id ORDER BY n DESC LIMIT 1'
            ).fetchone()
            problem = limits.over_limit(kind, row[0], per_journey=True) if row else None
        if problem:
            raise UnsafeFileError(f"{path}: {problem}")


def _check_values(
    conn: sqlite3.Connection, version: int, path: Path, read_below: int | None = None
) -> dict[str, store.TableRows] | None:
    """Every value has the storage class we write, and every text is valid UTF-8.

    ``read_below``: the file's size, when the rows of the tables reading takes may be read here
    instead of scanned for UTF-8 (see :func:`check_and_read`); they are returned, or None where
    any of them could not be read so (the scan then says what is wrong, if anything is).
    """
    allowed = {"TEXT": ("text",), "INTEGER": ("integer",), "REAL": ("real", "integer"), "BLOB": ("blob",)}
    rows: dict[str, store.TableRows] | None = {} if read_below is not None else None
    limit = conn.getlimit(sqlite3.SQLITE_LIMIT_LENGTH)
    for table, columns in schema.EXPECTED[version][0].items():
        tests = []
        for name, type_, notnull, _default, pk in columns:
            kinds = allowed[type_] + (() if notnull or (pk and type_ == "INTEGER") else ("null",))
            tests.append(f"typeof(\"{name}\") NOT IN ({', '.join(repr(k) for k in kinds)})")
        bad = conn.execute(f'SELECT count(*) FROM "{table}" WHERE ' + " OR ".join(tests)).fetchone()[0]
        if bad:
            raise DamagedFileError(
                ngettext(
                    "{path}: damaged: the table {table} holds {n} row with a value of the wrong kind.",
                    "{path}: damaged: the table {table} holds {n} rows with values of the wrong kind.",
                    bad,
                ).format(
                    path=path, table=shown_value(table), n=number(bad)
                )
                + " "
                + ask_again()
            )
        text_cols = [name for name, type_, *_ in columns if type_ == "TEXT"]
        # The scan below joins a row's texts, so it also refuses a row whose texts together pass the
        # length limit. A row's texts are bytes of the file, so in a file smaller than the limit by
        # more than the separators no join can: reading the rows as the loading does (strict UTF-8,
        # with this connection's limits) is then the same check, and the rows are not read twice.
        if rows is not None and read_below is not None and table in store.READ_TABLES:
            if read_below + len(text_cols) <= limit:
                got = _read_rows(conn, table)
                if got is not None:
                    rows[table] = got
                    continue
            rows = None  # the scan names what is wrong, if anything is; loading reads the rows as before
        if not text_cols:
            continue
        # One value per row, the texts joined by NUL: an ASCII separator keeps each text's UTF-8 validity
        # its own, and one decode per row instead of per cell is what makes this fast on large projects.
        joined = " || x'00' || ".join(f"coalesce(\"{c}\", '')" for c in text_cols)
        for (value,) in conn.execute(f'SELECT CAST({joined} AS BLOB) FROM "{table}"'):
            try:
                value.decode("utf-8")
            except UnicodeDecodeError:
                raise DamagedFileError(
                    _("{path}: damaged: the table {table} holds text that is not valid UTF-8.").format(
                        path=path, table=shown_value(table)
                    )
                    + " "
                    + ask_again()
                ) from None
    return rows


def _read_rows(conn: sqlite3.Connection, table: str) -> store.TableRows | None:
    """``table``'s rows with texts decoded strictly, as the loading reads them; None where that fails."""
    conn.text_factory = str
    try:
        return store.fetch_table(conn, table)
    except sqlite3.Error:  # text that is not UTF-8 ("Could not decode"), damage, the time budget
        return None
    finally:
        conn.text_factory = bytes


def check_copy(copy: Path, shown: Path, max_length: int | None = None, budget_s: float | None = None) -> Header:
    """Check a private copy of a file (``shown`` is the name the user knows it by)."""
    return _check_copy(copy, shown, max_length, budget_s, read=False)[0]


def check_and_read(
    copy: Path, shown: Path, max_length: int | None = None, budget_s: float | None = None
) -> tuple[Header, dict[str, store.TableRows] | None]:
    """:func:`check_copy`, and the rows loading needs when the check could read them itself.

    Checking every text's UTF-8 and loading the project each went over every row of a large file.
    For a file of the current format smaller than the length limit, the check reads the rows of the
    tables loading takes (texts decoded strictly, under the check's limits and time budget) in
    place of its scan, and :func:`load_checked` loads from them: the same checks in the same order,
    so the same project or the same refusal. None: load from the file (an older format, a file
    near the limit, or a table the scan had to look at).
    """
    return _check_copy(copy, shown, max_length, budget_s, read=True)


def _check_copy(
    copy: Path, shown: Path, max_length: int | None, budget_s: float | None, read: bool
) -> tuple[Header, dict[str, store.TableRows] | None]:
    hdr = read_header(copy, shown)
    conn = guarded_connect(copy, max_length, budget_s)
    path = shown
    rows = None
    try:
        # The schema first: quick_check evaluates CHECK constraints, so nothing foreign may run before.
        check_schema(conn, hdr.user_version, path)
        check_sizes(conn, path, hdr.user_version)
        result = conn.execute("PRAGMA quick_check(5)").fetchall()
        if [_norm(r[0]) for r in result] != ["ok"]:
            first = str(_norm(result[0][0])) if result else _("no answer")
            # One line for the command line: drop SQLite's "*** in database main ***" heading.
            first = " ".join(first.replace("*** in database main ***", "").split())
            raise DamagedFileError(
                _("{path}: damaged: the integrity check failed ({detail}).").format(path=path, detail=first)
                + " "
                + ask_again()
            )
        size = os.path.getsize(copy) if read and hdr.user_version == schema.FORMAT_VERSION else None
        rows = _check_values(conn, hdr.user_version, path, size)
    except sqlite3.Error as exc:
        raise _check_error(exc, path) from exc
    except UnicodeError as exc:
        # SQLite quotes the damaged schema in its error, and Python cannot decode that message.
        raise DamagedFileError(
            _("{path}: damaged: its structure holds text that is not valid UTF-8.").format(path=path)
            + " "
            + ask_again()
        ) from exc
    finally:
        conn.close()
    return hdr, rows


def load_checked(
    conn: sqlite3.Connection | None, shown: Path, rows: dict[str, store.TableRows] | None = None
) -> Project:
    """Read every entity of a checked file (or load it from ``rows``, from :func:`check_and_read`,
    which needs no connection); a value the model refuses names the file."""
    try:
        if rows is None:
            assert conn is not None
            return store.read_project(conn)
        return store.project_from_rows(rows)
    except DamagedFileError as exc:
        raise DamagedFileError(_damaged(shown, str(exc))) from exc
    except UnicodeError as exc:
        raise DamagedFileError(
            _("{path}: damaged: it holds text that is not valid UTF-8.").format(path=shown) + " " + ask_again()
        ) from exc


def _damaged(path: Path, detail: str) -> str:
    """``path: damaged: detail.`` and the advice; ``detail`` is SQLite's text or the loading's reason."""
    return _("{path}: damaged: {detail}.").format(path=path, detail=detail) + " " + ask_again()


def _check_error(exc: sqlite3.Error, path: Path) -> InvalidFileError | FileIOError:
    text = str(exc)
    if "interrupted" in text:
        return DamagedFileError(
            _("{path}: checking the file took too long; it may be damaged or hostile.").format(path=path)
            + " "
            + ask_again()
        )
    structure = store.structure_reason(exc)
    if structure is not None:
        # A table it lacks, another program's function, a schema beyond our limits: not a value too large.
        return DamagedFileError(
            _("{path}: not a CX Designer project, or damaged: {detail}.").format(path=path, detail=structure)
            + " "
            + ask_again()
        )
    if "too big" in text or "too large" in text or "too many" in text:
        return UnsafeFileError(
            _("{path}: the file holds a value larger than CX Designer allows ({detail})").format(
                path=path, detail=store.sqlite_reason(exc)
            )
        )
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
        return DamagedFileError(_damaged(path, store.sqlite_reason(exc)))
    if "malformed" in text or "corrupt" in text or "not a database" in text:
        return DamagedFileError(_damaged(path, store.sqlite_reason(exc)))
    err = as_storage_error(exc, path)
    return err if isinstance(err, (InvalidFileError, FileIOError)) else FileIOError(str(err))


def verify_file(path: Path, max_length: int | None = None, budget_s: float | None = None) -> Header:
    """Every check opening does, loading included, on a private copy: SQLite never opens the original."""
    path = Path(path)
    read_header(path)
    check_side_files(path)
    with private_copy(path) as copy:
        hdr, rows = check_and_read(copy, path, max_length, budget_s)
        if hdr.user_version == schema.FORMAT_VERSION:  # older formats are loaded after migrating
            conn = store.connect(copy, read_only=True)
            try:
                load_checked(conn, path, rows)
            finally:
                conn.close()
        return hdr


__all__ = [
    "Header", "InvalidFileError", "check_and_read", "check_copy", "check_side_files", "read_header", "verify_file",
]
