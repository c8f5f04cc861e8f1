"""Every command, simple or composite, is all or nothing: one transaction, one notification, exact rollback."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import closing

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cxdesigner
from cxdesigner.document import commands as c
from cxdesigner.model import ValidationError
from cxdesigner.storage import DiskFullError, ReadOnlyError, StorageError, data_dir, store


class FailingConnection:
    """The working copy's connection, made to fail at its n-th row write as a full disk does."""

    def __init__(self, conn: sqlite3.Connection, fail_at: int | None = None) -> None:
        self._conn = conn
        self.fail_at = fail_at
        self.writes = 0

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        if sql.startswith(("INSERT", "DELETE")):
            self.writes += 1
            if self.writes == self.fail_at:
                raise sqlite3.OperationalError("database or disk is full")
        return self._conn.execute(sql, *args)

    def executemany(self, sql: str, rows: Iterable[object]) -> sqlite3.Cursor:
        # A run of rows in one call: the rows before the failing one are written, as a full disk does.
        rows = list(rows)
        if sql.startswith(("INSERT", "DELETE")):
            if self.fail_at is not None and self.writes < self.fail_at <= self.writes + len(rows):
                self._conn.executemany(sql, rows[: self.fail_at - self.writes - 1])
                self.writes = self.fail_at
                raise sqlite3.OperationalError("database or disk is full")
            self.writes += len(rows)
        return self._conn.executemany(sql, rows)

    def __getattr__(self, name: str) -> object:
        return getattr(self._conn, name)


def on_disk(doc) -> dict:
    with closing(store.connect(doc.working_copy.path, read_only=True)) as conn:
        return store.read_project(conn).snapshot()


def blank():
    doc = cxdesigner.new_project(None)
    j = doc.journeys()[0]
    return doc, j, doc.project.stages(j.id), doc.project.lanes(j.id)


def test_a_macro_whose_second_part_hits_a_full_disk_leaves_nothing(tmp_path):
    doc, j, stages, lanes = blank()
    notified = []
    doc.project.subscribe(notified.append)
    a = doc.add_touchpoint(j.id, stages[0].id, lanes[0].id, "A")
    notified.clear()
    before, depth = doc.project.snapshot(), doc.stack.count()
    real = doc.working_copy.conn
    # The macro's changes are written in one transaction: fail at its last row.
    doc.working_copy.conn = FailingConnection(real, fail_at=3)
    macro = c.MacroCommand(
        "add and connect",
        [
            c.AddTouchpointCommand(j.id, stages[1].id, lanes[0].id, None, title="B", id="tp-b"),
            c.AddConnectionCommand(a, "tp-b", id="cn-ab"),
            c.UpdateTouchpointCommand(a, description="linked"),
        ],
    )
    with pytest.raises(DiskFullError, match="disk is full") as caught:
        doc.execute(macro)
    assert f"data folder {data_dir()}" in str(caught.value), "the disk that is full is named"
    doc.working_copy.conn = real
    assert doc.project.snapshot() == before
    assert on_disk(doc) == before
    assert doc.stack.count() == depth, "no undo entry for a change that did not happen"
    assert notified == [], "listeners heard nothing: nothing changed"
    assert doc.read_only and "disk is full" in doc.read_only_reason
    with pytest.raises(ReadOnlyError):
        doc.add_touchpoint(j.id, stages[0].id, lanes[0].id, "refused while read-only")
    # The disk has room again: editing goes on, and the history still undoes exactly.
    assert doc.retry_writing()
    doc.execute(macro)
    assert len(notified) == 1, "a macro is notified once"
    assert {ch.id for ch in notified[0]} >= {"tp-b", "cn-ab", a}
    doc.undo()
    assert doc.project.snapshot() == before == on_disk(doc)
    doc.close()


def test_any_exception_while_writing_rolls_the_model_back(monkeypatch):
    doc, j, stages, lanes = blank()
    a = doc.add_touchpoint(j.id, stages[0].id, lanes[0].id, "A")
    before = doc.project.snapshot()

    def broken(conn, changes):
        raise RuntimeError("a bug in the writer")

    monkeypatch.setattr(store, "write_changes", broken)
    with pytest.raises(RuntimeError):
        doc.execute(c.MacroCommand("two", [c.UpdateTouchpointCommand(a, title="B"), c.DeleteTouchpointsCommand([a])]))
    monkeypatch.undo()
    assert doc.project.snapshot() == before == on_disk(doc)
    assert not doc.read_only, "a bug is not a storage failure: editing goes on"
    doc.update_touchpoint(a, title="after")
    assert on_disk(doc) == doc.project.snapshot()
    doc.close()


def test_a_refused_part_refuses_the_whole_macro():
    doc, j, stages, lanes = blank()
    a = doc.add_touchpoint(j.id, stages[0].id, lanes[0].id, "A")
    before = doc.project.snapshot()
    macro = c.MacroCommand(
        "two",
        [c.UpdateTouchpointCommand(a, title="changed"), c.AddConnectionCommand(a, a)],
    )
    with pytest.raises(ValidationError):
        doc.execute(macro)
    assert doc.project.snapshot() == before == on_disk(doc)
    doc.close()


def test_modified_is_one_answer_for_the_window_save_and_recovery(tmp_path):
    doc, j, stages, lanes = blank()
    assert not doc.modified, "an untouched new project has nothing to save"
    a = doc.add_touchpoint(j.id, stages[0].id, lanes[0].id, "A")
    assert doc.modified and doc.working_copy.has_unpublished_changes()
    doc.save_as(tmp_path / "m.cxd")
    assert not doc.modified
    doc.update_touchpoint(a, title="B")
    assert doc.modified
    doc.undo()
    assert not doc.modified and not doc.working_copy.has_unpublished_changes(), "recovery agrees"
    doc.redo()
    assert doc.modified
    doc.close()


# -- random sequences, a full disk at every write ----------------------------------------------

ops = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 5), st.integers(0, 4), st.integers(0, 1)),
        st.tuples(st.just("macro"), st.integers(0, 5), st.integers(0, 50)),
        st.tuples(st.just("update"), st.integers(0, 50)),
        st.tuples(st.just("move"), st.integers(0, 50), st.integers(0, 5)),
        st.tuples(st.just("delete"), st.integers(0, 50)),
        st.tuples(st.just("connect"), st.integers(0, 50), st.integers(0, 50)),
        st.tuples(st.just("stage"), st.integers(0, 6)),
        st.tuples(st.just("undo")),
        st.tuples(st.just("redo")),
    ),
    min_size=1,
    max_size=8,
)


def step(doc, op: tuple, n: int) -> None:
    """One operation on the document; names come from the step number, so every run is the same."""
    journeys = doc.journeys()
    j = journeys[op[3] % len(journeys)] if op[0] == "add" else journeys[0]
    stages, lanes = doc.project.stages(j.id), doc.project.lanes(j.id)
    cards = doc.project.touchpoints(j.id)
    kind = op[0]
    cmd: c.Command | None = None
    if kind == "add":
        cmd = c.AddTouchpointCommand(j.id, stages[op[1] % len(stages)].id, lanes[op[2] % len(lanes)].id, 0,
                                     title=f"t{n}", id=f"tp-{n}")
    elif kind == "undo":
        doc.undo()
    elif kind == "redo":
        doc.redo()
    elif kind == "stage":
        cmd = c.AddStageCommand(j.id, f"s{n}", "during", op[1], id=f"st-{n}")
    elif not cards:
        return
    elif kind == "macro":
        target = cards[op[2] % len(cards)]
        cmd = c.MacroCommand(
            "macro",
            [
                c.AddTouchpointCommand(j.id, stages[op[1] % len(stages)].id, lanes[0].id, 0, title=f"m{n}",
                                       id=f"tp-{n}"),
                c.AddConnectionCommand(f"tp-{n}", target.id, id=f"cn-{n}", kind="failure"),
                c.UpdateTouchpointCommand(target.id, importance=(target.importance or 0) % 5 + 1),
                c.MoveTouchpointsCommand([target.id], stages[-1].id, lanes[-1].id, 0),
            ],
        )
    elif kind == "update":
        cmd = c.UpdateTouchpointCommand(cards[op[1] % len(cards)].id, description=f"d{n}", emotion=n % 7 - 3)
    elif kind == "move":
        cmd = c.MoveTouchpointsCommand([cards[op[1] % len(cards)].id], stages[op[2] % len(stages)].id, lanes[0].id, 0)
    elif kind == "delete":
        cmd = c.DeleteTouchpointsCommand([cards[op[1] % len(cards)].id])
    elif kind == "connect":
        src, dst = cards[op[1] % len(cards)], cards[op[2] % len(cards)]
        if src.id == dst.id or any(x.target_id == dst.id for x in doc.project.connections_of(src.id)):
            return
        cmd = c.AddConnectionCommand(src.id, dst.id, id=f"cn-{n}")
    if cmd is not None:
        doc.execute(cmd)


def two_journeys():
    doc = cxdesigner.new_project(None)
    doc.add_journey("second")
    doc.stack.clear()
    return doc


def count_writes(sequence: list[tuple]) -> int:
    doc = two_journeys()
    conn = FailingConnection(doc.working_copy.conn)
    doc.working_copy.conn = conn
    try:
        for n, op in enumerate(sequence):
            step(doc, op, n)
        return conn.writes
    finally:
        doc.working_copy.conn = conn._conn
        doc.close()


@pytest.mark.slow
@settings(max_examples=15)
@given(sequence=ops)
def test_a_full_disk_at_any_write_leaves_model_and_file_as_before_the_command(sequence):
    total = count_writes(sequence)
    for fail_at in range(1, total + 1):
        doc = two_journeys()
        conn = FailingConnection(doc.working_copy.conn, fail_at)
        doc.working_copy.conn = conn
        try:
            for n, op in enumerate(sequence):
                before, stack_at = doc.project.snapshot(), (doc.stack.index(), doc.stack.count())
                try:
                    step(doc, op, n)
                except StorageError as exc:
                    assert "disk is full" in str(exc), str(exc)
                    assert doc.project.snapshot() == before
                    doc.working_copy.conn = conn._conn  # read through the real connection from here on
                    assert on_disk(doc) == before
                    assert (doc.stack.index(), doc.stack.count()) == stack_at
                    assert doc.read_only and "disk is full" in doc.read_only_reason
                    break
            else:
                pytest.fail(f"write {fail_at} of {total} never failed")
            # Once there is room again, the history still undoes to the start, in the file too.
            assert doc.retry_writing()
            while doc.stack.can_undo():
                doc.undo()
            assert on_disk(doc) == doc.project.snapshot()
            assert len(doc.journeys()) == 2 and doc.project.tables["touchpoint"] == {}
        finally:
            doc.working_copy.conn = conn._conn
            doc.close()
