"""Rows read while checking: the same project, and for a broken file the same refusal, as checking then reading."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

import cxdesigner
from cxdesigner.storage import StorageError, safeopen, store
from cxdesigner.storage.errors import DamagedFileError, DiskFullError, FileIOError

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


# -- the loading beside the working copy's writes ------------------------------------------------------
def _sessions() -> set[str]:
    from cxdesigner.storage.session import sessions_dir

    folder = sessions_dir()
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def _no_loading_left() -> bool:
    return not any(t.name == "cxd-load" and t.is_alive() for t in threading.enumerate())


def test_the_rows_are_loaded_beside_the_working_copys_writes(valid, monkeypatch):
    opening = threading.get_ident()
    loaded_on, switched_on = [], []
    real_load, real_connect = store.project_from_rows, store.connect
    monkeypatch.setattr(
        store, "project_from_rows", lambda rows: loaded_on.append(threading.get_ident()) or real_load(rows)
    )
    monkeypatch.setattr(
        store, "connect", lambda *a, **k: switched_on.append(threading.get_ident()) or real_connect(*a, **k)
    )
    with cxdesigner.open_project(valid) as doc:
        assert loaded_on and loaded_on[0] != opening
        assert switched_on == [opening]  # the working copy's connection stays the opening thread's
        assert doc.working_copy.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert doc.project.journeys()
        doc.add_stage(doc.project.journeys()[0].id, "One more")  # and it takes commits
    assert _no_loading_left()


@pytest.mark.parametrize("broken", [False, True])
def test_a_refused_connection_comes_first_and_leaves_nothing(broken, valid, tmp_path, monkeypatch):
    path = tmp_path / "file.cxd"
    shutil.copyfile(valid, path)
    if broken:
        _sql(path, "UPDATE touchpoints SET emotion = 99 WHERE rowid = 1")
    before = _sessions()

    def refuse(*_args, **_kwargs):
        raise FileIOError("no connection")

    monkeypatch.setattr(store, "connect", refuse)
    with pytest.raises(FileIOError, match="no connection"):
        cxdesigner.open_project(path).close()
    assert _sessions() == before
    assert _no_loading_left()


@pytest.mark.parametrize("broken", [False, True])
def test_the_loadings_refusal_comes_before_the_session_records(broken, valid, tmp_path, monkeypatch):
    """The steps' order of old: the rows' refusal first, then the session record's failure."""
    from cxdesigner.storage.session import WorkingCopy

    path = tmp_path / "file.cxd"
    shutil.copyfile(valid, path)
    if broken:
        _sql(path, "UPDATE touchpoints SET emotion = 99 WHERE rowid = 1")
    before = _sessions()

    def full(self):
        raise DiskFullError("the disk is full")

    monkeypatch.setattr(WorkingCopy, "save_meta", full)
    expected = (DamagedFileError, "invalid value") if broken else (DiskFullError, "the disk is full")
    with pytest.raises(expected[0], match=expected[1]):
        cxdesigner.open_project(path).close()
    assert _sessions() == before
    assert _no_loading_left()
