"""The working copy's log is folded into its file off the editing thread, and nothing is lost for it."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time

import cxdesigner
from cxdesigner.storage.checkpoint import EVERY_WRITES, Checkpointer


def _add(doc, n: int, start: int = 0) -> None:
    j = doc.journeys()[0]
    stage, lane = doc.project.stages(j.id)[0].id, doc.project.lanes(j.id)[0].id
    for i in range(start, start + n):
        doc.add_touchpoint(j.id, stage, lane, f"card {i}", description="x" * 500)


def _titles_in_file_alone(work, tmp_path) -> set[str]:
    """The titles the working file holds without its log (a copy of the file, no -wal beside it)."""
    alone = tmp_path / "alone.cxd"
    shutil.copyfile(work, alone)
    conn = sqlite3.connect(alone)
    try:
        return {row[0] for row in conn.execute("SELECT title FROM touchpoints")}
    finally:
        conn.close()


def _checkpoint_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "cxd-checkpoint"]


def test_sqlite_never_checkpoints_inside_a_commit_of_the_working_copy(tmp_path, data_dir):
    doc = cxdesigner.new_project(tmp_path / "p.cxd")
    try:
        assert doc.working_copy.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    finally:
        doc.close()


def test_a_checkpoint_folds_the_log_while_the_editor_keeps_its_connection(tmp_path, data_dir):
    doc = cxdesigner.new_project(tmp_path / "p.cxd")
    try:
        _add(doc, 5)
        work = doc.working_copy.path
        assert "card 4" not in _titles_in_file_alone(work, tmp_path)  # still only in the log
        doc.working_copy._checkpoints.run_now()  # what the thread does, here on the test's thread
        assert {f"card {i}" for i in range(5)} <= _titles_in_file_alone(work, tmp_path)
        _add(doc, 3, start=5)  # the editor writes on after it, and the log goes on recording
        assert doc.working_copy.has_unpublished_changes()
        assert [t.title for t in doc.project.touchpoints(doc.journeys()[0].id)][-1] == "card 7"
    finally:
        doc.close()


def test_the_thread_starts_after_some_writes_and_close_ends_it(tmp_path, data_dir):
    doc = cxdesigner.new_project(tmp_path / "p.cxd")
    try:
        _add(doc, EVERY_WRITES - 1)
        assert doc.working_copy._checkpoints._thread is None  # a short edit starts no thread
        _add(doc, 1, start=EVERY_WRITES)
        checkpoints = doc.working_copy._checkpoints
        assert checkpoints._thread is not None
        deadline = time.monotonic() + 30  # waits for the event, not for a time: done is at once on a quiet disk
        while not checkpoints.done and time.monotonic() < deadline:
            time.sleep(0.01)
        assert checkpoints.done == 1 and not checkpoints.failed
        assert f"card {EVERY_WRITES}" in _titles_in_file_alone(doc.working_copy.path, tmp_path)
    finally:
        doc.close()
    assert doc.working_copy._checkpoints._thread is None
    assert not _checkpoint_threads()


def test_saving_reopening_and_recovering_keep_every_command_with_checkpoints_running(tmp_path, data_dir):
    path = tmp_path / "p.cxd"
    doc = cxdesigner.new_project(path)
    try:
        for round_ in range(4):  # Save while the thread may be folding the log: both take the lock
            _add(doc, EVERY_WRITES + 3, start=round_ * 100)
            doc.save()
        expected = {f"card {r * 100 + i}" for r in range(4) for i in range(EVERY_WRITES + 3)}
    finally:
        doc.close()
    again = cxdesigner.open_project(path)
    try:
        assert expected <= {t.title for t in again.project.tables["touchpoint"].values()}
    finally:
        again.close()


def test_a_failed_checkpoint_hands_the_work_back_to_sqlite(tmp_path, data_dir):
    doc = cxdesigner.new_project(tmp_path / "p.cxd")
    try:
        wc = doc.working_copy
        wc._checkpoints.stop()
        broken = Checkpointer(tmp_path / "no-such-folder" / "work.cxd")  # cannot be opened
        broken.run_now()
        assert broken.failed and broken.done == 0
        wc._checkpoints = broken
        _add(doc, EVERY_WRITES)
        assert wc.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
        assert broken._thread is None  # a failed checkpointer starts no thread
    finally:
        doc.close()
