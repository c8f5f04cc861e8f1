"""A bad-file corpus made by the tests: each kind refused with its own message, the source untouched."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import sqlite3
import struct
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

import cxdesigner
from cxdesigner.model import jsonformat
from cxdesigner.storage import (
    DamagedFileError,
    InvalidFileError,
    NewerFormatError,
    NotAProjectError,
    UnsafeFileError,
    safeopen,
    schema,
)
from cxdesigner.storage.safeopen import verify_file

PAGE = 4096


@pytest.fixture(scope="module")
def valid(tmp_path_factory) -> Path:
    """A real project (the hotel template: journeys, touchpoints, connections)."""
    path = tmp_path_factory.mktemp("valid") / "valid.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    return path


def _sql(path: Path, *statements: str, writable_schema: bool = False) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    if writable_schema:
        conn.execute("PRAGMA writable_schema=ON")
    for st in statements:
        conn.execute(st)
    conn.close()


def _rebuild_touchpoints(path: Path, extra: str) -> None:
    """Re-create the touchpoints table with the same columns plus a table clause ``extra``."""
    create = schema._create_sql("touchpoints_new", schema.EXPECTED[schema.FORMAT_VERSION][0]["touchpoints"])
    create = create[:-2] + f",\n  {extra}\n)"
    _sql(
        path,
        create,
        "INSERT INTO touchpoints_new SELECT * FROM touchpoints",
        "DROP TABLE touchpoints",
        "ALTER TABLE touchpoints_new RENAME TO touchpoints",
        'CREATE INDEX "idx_touchpoints_journey_id" ON "touchpoints" (journey_id)',
    )


def _patch(path: Path, offset: int, data: bytes) -> None:
    with open(path, "r+b") as f:
        f.seek(offset)
        f.write(data)


def _other_app(path: Path) -> None:
    path.unlink()
    _sql(path, "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)", "INSERT INTO notes(body) VALUES ('hi')")


def _our_id_over_other_tables(path: Path) -> None:
    """Another program's tables under our application id and format version (as a renamed copy or a
    careless tool leaves them)."""
    conn = sqlite3.connect(path)
    app_id, version = (conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("application_id", "user_version"))
    conn.close()
    path.unlink()
    _sql(
        path,
        f"PRAGMA application_id = {app_id}",
        f"PRAGMA user_version = {version}",
        "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)",
    )


def _wal(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()


def _corrupt_page(path: Path) -> None:
    # The touchpoints table's root page: garbage in its cell area.
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'touchpoints'").fetchone()[0]
    conn.close()
    _patch(path, (root - 1) * PAGE + 8, bytes(random.Random(7).getrandbits(8) for _ in range(600)))


def _hot_journal(path: Path) -> None:
    journal = path.with_name(path.name + "-journal")
    journal.write_bytes(safeopen.JOURNAL_MAGIC + b"\0" * 504)


# name → (how to make it from a valid project, error type, words the message must hold)
KINDS: dict[str, tuple[Callable[[Path], None], type[InvalidFileError], str]] = {
    "zero bytes": (lambda p: p.write_bytes(b""), NotAProjectError, "empty (0 bytes)"),
    "truncated in the header": (lambda p: p.write_bytes(p.read_bytes()[:60]), DamagedFileError, "cut short"),
    "truncated mid-page": (lambda p: p.write_bytes(p.read_bytes()[:1000]), DamagedFileError, "cut short"),
    "truncated at a page": (lambda p: p.write_bytes(p.read_bytes()[: 5 * PAGE]), DamagedFileError, "cut short"),
    "one byte short": (lambda p: p.write_bytes(p.read_bytes()[:-1]), DamagedFileError, "cut short"),
    "random bytes": (
        lambda p: p.write_bytes(random.Random(1).randbytes(20_000)), NotAProjectError, "not an SQLite database"
    ),
    "a PNG renamed": (
        lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(2).randbytes(3000)), NotAProjectError, "PNG image"
    ),
    "a JSON renamed": (
        lambda p: p.write_text(jsonformat.dumps(cxdesigner.api.template_project("hotel")), encoding="utf-8"),
        NotAProjectError,
        "JSON",
    ),
    "another application's SQLite": (_other_app, NotAProjectError, "another application"),
    "format far ahead": (
        lambda p: _patch(p, 60, struct.pack(">I", 999)),
        NewerFormatError,
        f"format 999; this version reads up to {schema.FORMAT_VERSION}",
    ),
    "WAL mode": (_wal, UnsafeFileError, "WAL mode"),
    "UTF-16 text": (lambda p: _patch(p, 56, struct.pack(">I", 2)), UnsafeFileError, "UTF-16"),
    "a trigger of built-in SQL": (
        lambda p: _sql(p, "CREATE TRIGGER wipe AFTER INSERT ON touchpoints BEGIN DELETE FROM personas; END"),
        UnsafeFileError,
        "trigger (“wipe”)",
    ),
    "a view shadowing a table": (
        lambda p: _sql(
            p,
            "ALTER TABLE personas RENAME TO personas_data",
            "CREATE VIEW personas AS SELECT * FROM personas_data",
        ),
        UnsafeFileError,
        "view (“personas”)",
    ),
    "a recursive view": (
        lambda p: _sql(
            p,
            "CREATE VIEW forever AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n",
        ),
        UnsafeFileError,
        "view (“forever”)",
    ),
    "circular views": (
        lambda p: _sql(
            p,
            "CREATE VIEW a AS SELECT 1 AS x",
            "CREATE VIEW b AS SELECT * FROM a",
            "UPDATE sqlite_schema SET sql = 'CREATE VIEW a AS SELECT * FROM b' WHERE name = 'a'",
            writable_schema=True,
        ),
        UnsafeFileError,
        "view (“a”)",
    ),
    "a CHECK calling a function": (
        lambda p: _rebuild_touchpoints(p, "CHECK (length(title) < 100000 AND abs(position) >= 0)"),
        UnsafeFileError,
        "CHECK constraint",
    ),
    "a foreign key": (
        lambda p: _rebuild_touchpoints(p, "FOREIGN KEY (journey_id) REFERENCES journeys(id)"),
        UnsafeFileError,
        "foreign key",
    ),
    "a generated column": (
        lambda p: _sql(p, "ALTER TABLE touchpoints ADD COLUMN shout TEXT GENERATED ALWAYS AS (upper(title)) VIRTUAL"),
        UnsafeFileError,
        "generated column (“shout”)",
    ),
    "an extra table": (lambda p: _sql(p, "CREATE TABLE stolen(x)"), UnsafeFileError, "does not know: “stolen”"),
    "an extra column": (
        lambda p: _sql(p, "ALTER TABLE personas ADD COLUMN secret TEXT"), UnsafeFileError, "does not know: “secret”"
    ),
    "an extra index": (
        lambda p: _sql(p, "CREATE INDEX idx_title ON touchpoints(title)"), UnsafeFileError, "indexes of table"
    ),
    "a virtual table": (
        lambda p: _sql(p, "CREATE VIRTUAL TABLE search USING fts5(body)"), UnsafeFileError, "virtual table"
    ),
    "a missing table": (lambda p: _sql(p, "DROP TABLE responses"), DamagedFileError, "“responses” is missing"),
    # SQLite's "no such table", "too many columns" and the like, said in our words (they were "in
    # SQLite's words: …", or "a value larger than CX Designer allows" for a schema).
    "our id over another program's tables": (
        _our_id_over_other_tables,
        DamagedFileError,
        "not a CX Designer project, or damaged: it has none of the tables of a CX Designer project.",
    ),
    "an index of a table that is not there": (
        lambda p: _sql(
            p,
            "UPDATE sqlite_schema SET sql = 'CREATE INDEX \"idx_stages_journey_id\" ON \"gone\" (journey_id)', "
            "tbl_name = 'gone' WHERE name = 'idx_stages_journey_id'",
            writable_schema=True,
        ),
        DamagedFileError,
        "not a CX Designer project, or damaged: it lacks a table or column that every CX Designer project has.",
    ),
    "a table of 300 columns": (
        lambda p: _sql(p, "CREATE TABLE wide({})".format(", ".join(f"c{i} TEXT" for i in range(300)))),
        DamagedFileError,
        "not a CX Designer project, or damaged: its structure is larger than CX Designer allows.",
    ),
    "a damaged page": (_corrupt_page, DamagedFileError, "damaged"),
    # Found by bench/soak.py: SQLite quotes a bad entry's name in its error, which Python cannot decode.
    "a schema entry with an invalid UTF-8 name": (
        lambda p: _sql(
            p,
            "INSERT INTO sqlite_schema VALUES ('table', CAST(x'78e228' AS TEXT), 'x', 0, 'CREATE TABLE x(a,,)')",
            writable_schema=True,
        ),
        DamagedFileError,
        "not valid UTF-8",
    ),
    "invalid UTF-8": (
        lambda p: _sql(p, "UPDATE touchpoints SET title = CAST(x'c328ff' AS TEXT) WHERE rowid = 1"),
        DamagedFileError,
        "not valid UTF-8",
    ),
    "a value of the wrong kind": (
        lambda p: _sql(p, "UPDATE touchpoints SET title = x'00ff' WHERE rowid = 2"), DamagedFileError, "wrong kind"
    ),
    "a value the model refuses": (
        lambda p: _sql(p, "UPDATE touchpoints SET emotion = 99 WHERE rowid = 3"), DamagedFileError, "invalid value"
    ),
    "an interrupted write (hot journal)": (_hot_journal, DamagedFileError, "was interrupted"),
}


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def make(kind: str, valid: Path, folder: Path) -> Path:
    path = folder / "bad.cxd"
    shutil.copyfile(valid, path)
    KINDS[kind][0](path)
    return path


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_bad_file_is_refused_with_its_own_message(kind, valid, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    path = make(kind, valid, folder)
    _maker, error, words = KINDS[kind]
    before, listing = hashlib.sha256(path.read_bytes()).hexdigest(), _listing(folder)
    with pytest.raises(error) as caught:
        cxdesigner.open_project(path)
    message = str(caught.value)
    assert words in message, message
    assert str(path) in message and "Traceback" not in message
    with pytest.raises(error) as again:
        verify_file(path)
    assert words in str(again.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert _listing(folder) == listing, "no side file (journal, lock, temporary) is left beside it"


def test_the_corpus_has_at_least_fifteen_kinds():
    assert len(KINDS) >= 15


_STARTS = hs.sampled_from([b"", b"{", b"[", b" \n\t{", b"\xef\xbb\xbf[", b'{"a": ', b"[1, "])
_TAILS = hs.one_of(
    hs.binary(max_size=300),
    hs.text(max_size=100).map(lambda t: t.encode("utf-8")),
    hs.recursive(
        hs.none() | hs.booleans() | hs.integers() | hs.text(max_size=8),
        lambda inner: hs.lists(inner, max_size=4) | hs.dictionaries(hs.text(max_size=6), inner, max_size=4),
        max_leaves=12,
    ).map(lambda v: json.dumps(v).encode("utf-8")),
)


@given(start=_STARTS, tail=_TAILS)
@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_file_is_called_json_only_when_it_parses_and_text_only_when_it_decodes(tmp_path, start, tail):
    data = start + tail
    if not data or data.startswith(b"SQLite format 3"):
        return
    path = tmp_path / "x.cxd"
    path.write_bytes(data)
    with pytest.raises(NotAProjectError) as caught:
        safeopen.read_header(path)
    said = str(caught.value).split(": it is ", 1)[1]
    try:
        parsed = json.loads(data)
    except (ValueError, RecursionError):
        parsed = None
    called_json = said.startswith(("a JSON file", "a CX Designer JSON export"))
    assert called_json == isinstance(parsed, dict | list), (data, said)
    if said.startswith("a text file"):
        # Raises when the bytes are not UTF-8, which is the point.
        assert "\x00" not in data.decode("utf-8-sig")


def test_an_oversized_value_is_refused_against_a_lowered_limit(valid, tmp_path, monkeypatch):
    path = tmp_path / "big.cxd"
    shutil.copyfile(valid, path)
    _sql(path, "UPDATE touchpoints SET description = printf('%.*c', 20000, 'x') WHERE rowid = 1")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    monkeypatch.setattr(safeopen, "MAX_LENGTH", 10_000)
    with pytest.raises(UnsafeFileError, match="larger than CX Designer allows"):
        cxdesigner.open_project(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert _listing(tmp_path) == ["big.cxd", "data"]
    monkeypatch.setattr(safeopen, "MAX_LENGTH", 50_000)
    cxdesigner.open_project(path, read_only=True).close()


def test_a_slow_check_is_stopped_by_the_time_budget(valid, tmp_path, monkeypatch):
    path = tmp_path / "p.cxd"
    shutil.copyfile(valid, path)
    monkeypatch.setattr(safeopen, "TIME_BUDGET_S", 0.0)
    with pytest.raises(DamagedFileError, match="took too long"):
        verify_file(path)


def test_the_trigger_is_harmless_only_because_the_schema_check_refuses_it(valid, tmp_path):
    """trusted_schema=OFF alone does not stop a trigger of built-in SQL: the check must."""
    path = tmp_path / "p.cxd"
    shutil.copyfile(valid, path)
    _sql(path, "CREATE TRIGGER wipe AFTER INSERT ON channels BEGIN DELETE FROM personas; END")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("INSERT INTO channels(id, name) VALUES ('x', 'x')")
    assert conn.execute("SELECT count(*) FROM personas").fetchone()[0] == 0
    conn.close()


@pytest.mark.parametrize("kind", ["a trigger of built-in SQL", "format far ahead"])
def test_the_command_line_refuses_with_exit_2_and_one_line(kind, valid, tmp_path):
    path = make(kind, valid, tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "cxdesigner", "check", str(path)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2
    assert KINDS[kind][2] in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_a_project_with_html_and_very_long_titles_opens_unchanged(tmp_path):
    hostile = ["<b>x</b>", "$x$ and $}$", "&amp;", "😀", "שלום", "<script>alert(1)</script>", "y" * 10_000]
    doc = cxdesigner.new_project(tmp_path / "p.cxd")
    j = doc.journeys()[0]
    st, ln = doc.project.stages(j.id)[0], doc.project.lanes(j.id)[0]
    for title in hostile:
        doc.add_touchpoint(j.id, st.id, ln.id, title, description=title)
    doc.update("project", "project", name="<i>Proyecto</i> & co")
    doc.save()
    doc.close()
    again = cxdesigner.open_project(tmp_path / "p.cxd")
    assert sorted(t.title for t in again.project.tables["touchpoint"].values()) == sorted(hostile)
    assert again.project.info.name == "<i>Proyecto</i> & co"
    again.close()
