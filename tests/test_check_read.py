"""Rows read while checking: the same project, and for a broken file the same refusal, as checking then reading."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

import cxdesigner
from cxdesigner.storage import StorageError, safeopen, store

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def valid(tmp_path_factory) -> Path:
    """The hotel template with a lane cell, a checkpoint and a persona: most tables hold rows."""
    path = tmp_path_factory.mktemp("valid") / "valid.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    return path


def _sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    for st in statements:
        conn.execute(st)
    conn.close()


def _bad_utf8(table: str, column: str) -> str:
    return f"UPDATE {table} SET {column} = CAST(x'c328ff' AS TEXT) WHERE rowid = (SELECT max(rowid) FROM {table})"


# Each one breaks what the check reads rows for (or what it scans instead), alone or before or after
# something else the checks or the model refuse, so that the order of the refusals shows.
BROKEN = {
    "invalid UTF-8 in a card": [_bad_utf8("touchpoints", "notes")],
    "invalid UTF-8 in the project record": [_bad_utf8("project", "name")],
    "invalid UTF-8 in a stage, the first table with it": [_bad_utf8("stages", "name")],
    "invalid UTF-8 in a connection's label": [_bad_utf8("connections", "label")],
    "invalid UTF-8 in a card's list": [_bad_utf8("touchpoints", "tags")],
    "invalid UTF-8 in the migrations' table, which is not loaded": [
        "UPDATE _sqlite_migrations SET name = CAST(x'c328' AS TEXT) WHERE rowid = 1"
    ],
    "invalid UTF-8 in an early card, a wrong kind in a later one": [
        "UPDATE touchpoints SET title = CAST(x'ff' AS TEXT) WHERE rowid = 1",
        "UPDATE touchpoints SET position = 'x' WHERE rowid = (SELECT max(rowid) FROM touchpoints)",
    ],
    "a model refusal in a stage, invalid UTF-8 in a later table": [
        "UPDATE stages SET phase = 'never' WHERE rowid = 1",
        _bad_utf8("connections", "label"),
    ],
    "a model refusal in a card, invalid UTF-8 in the same table": [
        "UPDATE touchpoints SET emotion = 99 WHERE rowid = 1",
        _bad_utf8("touchpoints", "notes"),
    ],
    "a wrong kind in a later table than invalid UTF-8": [
        _bad_utf8("stages", "name"),
        "UPDATE connections SET share = 'x' WHERE rowid = 1",
    ],
    "a model refusal only": ["UPDATE connections SET kind = 'never' WHERE rowid = 1"],
    "a repeated project record": ["INSERT INTO project (id, name) VALUES ('other', 'x')"],
    "a broken reference only": ["UPDATE connections SET target_id = 'nowhere' WHERE rowid = 1"],
}


def _refusal(path: Path) -> str:
    with pytest.raises(StorageError) as caught:
        cxdesigner.open_project(path, read_only=True).close()
    return f"{type(caught.value).__name__}: {caught.value}"


def _read_after_checking(monkeypatch, path: Path) -> None:
    """What opening did before the rows were read while checking: a length limit the file's size
    does not fit in takes the scan and the reading after it (no value comes near the limit)."""
    monkeypatch.setattr(safeopen, "MAX_LENGTH", path.stat().st_size)


@pytest.mark.parametrize("kind", list(BROKEN))
def test_a_broken_file_gets_the_refusal_it_got_when_checked_then_read(kind, valid, tmp_path, monkeypatch):
    path = tmp_path / "bad.cxd"
    shutil.copyfile(valid, path)
    _sql(path, *BROKEN[kind])
    message = _refusal(path)
    with pytest.raises(StorageError) as verified:
        safeopen.verify_file(path)
    with monkeypatch.context() as m:
        _read_after_checking(m, path)
        assert _refusal(path) == message
        with pytest.raises(StorageError) as before:
            safeopen.verify_file(path)
    assert str(verified.value) == str(before.value)


def test_the_rows_read_while_checking_make_the_project_the_file_makes(valid, tmp_path, monkeypatch):
    copy = tmp_path / "copy.cxd"
    shutil.copyfile(valid, copy)
    hdr, rows = safeopen.check_and_read(copy, valid)
    assert rows is not None and set(rows) == set(store.READ_TABLES)
    conn = store.connect(copy, read_only=True)
    try:
        from_file = store.read_project(conn)
    finally:
        conn.close()
    assert store.project_from_rows(rows) == from_file and not rows  # taken as loaded
    # Opening loads from those rows and never reads the file again.
    monkeypatch.setattr(store, "read_project", lambda conn: pytest.fail("read the file again"))
    with cxdesigner.open_project(valid, read_only=True) as doc:
        assert doc.project == from_file


def test_a_file_the_limit_does_not_clear_by_its_size_is_scanned_and_read_as_before(valid, tmp_path, monkeypatch):
    copy = tmp_path / "copy.cxd"
    shutil.copyfile(valid, copy)
    # Texts joined in a row could pass the limit of a file larger than the limit less the separators.
    monkeypatch.setattr(safeopen, "MAX_LENGTH", copy.stat().st_size + 5)
    assert safeopen.check_and_read(copy, valid)[1] is None
    monkeypatch.setattr(safeopen, "MAX_LENGTH", copy.stat().st_size + 100)
    assert safeopen.check_and_read(copy, valid)[1] is not None


def test_an_older_format_is_read_after_its_migration(tmp_path):
    copy = tmp_path / "old.cxd"
    shutil.copyfile(FIXTURES / "format-3.cxd", copy)
    hdr, rows = safeopen.check_and_read(copy, copy)
    assert hdr.user_version == 3 and rows is None


def test_a_table_the_check_cannot_read_is_scanned_and_the_file_read_after(valid, tmp_path, monkeypatch):
    reads = []
    real_read = store.read_project
    real_rows = safeopen._read_rows
    monkeypatch.setattr(store, "read_project", lambda conn: reads.append(1) or real_read(conn))
    with cxdesigner.open_project(valid, read_only=True) as doc:
        expected = doc.project
    assert reads == []
    # Damage the reading of one table only (as a page of a picture no scan looks at would).
    monkeypatch.setattr(safeopen, "_read_rows", lambda conn, table: None if table == "connections" else
                        real_rows(conn, table))
    with cxdesigner.open_project(valid, read_only=True) as doc:
        assert doc.project == expected
    assert reads == [1]
