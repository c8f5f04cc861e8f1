"""quick_check and the storage classes run on a thread of their own beside the reading: the same refusal as
the checks one after another, the same time budget, and no thread or connection left behind."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from test_check_read import _bad_utf8, _sql

import cxdesigner
from cxdesigner.storage import DamagedFileError, safeopen


@pytest.fixture(scope="module")
def valid(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("valid") / "valid.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    return path


def _checkers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "cxdesigner-check"]


# Two faults each, met by different threads: the refusal is the first in the order the checks went one
# after another (quick_check; then table by table its storage classes, then its texts).
ORDERED = {
    "a wrong kind in an earlier table than invalid UTF-8": (
        ["UPDATE stages SET position = 'x' WHERE rowid = 1", _bad_utf8("touchpoints", "notes")],
        "the table 'stages' holds 1 row with a value of the wrong kind",
    ),
    "a wrong kind and invalid UTF-8 in the same table": (
        ["UPDATE touchpoints SET position = 'x' WHERE rowid = 3", _bad_utf8("touchpoints", "notes")],
        "the table 'touchpoints' holds 1 row with a value of the wrong kind",
    ),
    "invalid UTF-8 in an earlier table than a wrong kind": (
        [_bad_utf8("project", "name"), "UPDATE touchpoints SET position = 'x' WHERE rowid = 3"],
        "the table 'project' holds text that is not valid UTF-8",
    ),
}


def _run_first(self) -> None:  # the checks beside done before the reading starts
    self.run()


def _no_thread(self) -> None:  # no thread to be had: the checks beside done after the reading
    raise RuntimeError("can't start new thread")


@pytest.mark.parametrize("order", [None, _run_first, _no_thread], ids=["beside", "before", "after"])
@pytest.mark.parametrize("kind", list(ORDERED))
def test_two_faults_give_the_refusal_of_the_checks_in_order(kind, order, valid, tmp_path, monkeypatch):
    statements, expected = ORDERED[kind]
    path = tmp_path / "bad.cxd"
    shutil.copyfile(valid, path)
    _sql(path, *statements)
    if order is not None:
        monkeypatch.setattr(safeopen._Beside, "start", order)
    for read in (False, True):
        copy = tmp_path / "copy.cxd"
        shutil.copyfile(path, copy)
        with pytest.raises(DamagedFileError) as caught:
            safeopen._check_copy(copy, path, None, None, read=read)
        assert expected in str(caught.value)
    assert _checkers() == []


@pytest.mark.parametrize("order", [None, _run_first, _no_thread], ids=["beside", "before", "after"])
def test_a_sound_file_reads_the_same_whichever_thread_checks(order, valid, tmp_path, monkeypatch):
    copy = tmp_path / "copy.cxd"
    shutil.copyfile(valid, copy)
    expected = safeopen.check_and_read(copy, valid)
    if order is not None:
        monkeypatch.setattr(safeopen._Beside, "start", order)
    assert safeopen.check_and_read(copy, valid) == expected
    assert safeopen.check_copy(copy, valid) == expected[0]
    assert _checkers() == []


def test_checks_beside_that_overrun_the_budget_are_interrupted_and_refused(valid, tmp_path, monkeypatch):
    copy = tmp_path / "copy.cxd"
    shutil.copyfile(valid, copy)

    def endless(conn, path) -> None:  # a query SQLite would never finish on its own
        conn.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")

    monkeypatch.setattr(safeopen, "_quick_check", endless)
    with pytest.raises(DamagedFileError, match="took too long"):
        safeopen.check_copy(copy, valid, budget_s=0.2)
    assert _checkers() == []


def test_the_reading_over_its_budget_stops_the_checks_beside_too(valid, tmp_path, monkeypatch):
    copy = tmp_path / "copy.cxd"
    shutil.copyfile(valid, copy)
    with pytest.raises(DamagedFileError, match="took too long"):
        safeopen.check_and_read(copy, valid, budget_s=0.0)
    assert _checkers() == []
