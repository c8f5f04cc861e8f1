"""Backups: snapshots of the working copy, checked before thinning, listed with counts, reverted to."""

from __future__ import annotations

import datetime as dt

import pytest

import cxdesigner
from cxdesigner.storage import FORMAT_VERSION, DamagedFileError, backups
from cxdesigner.storage.safeopen import verify_file


def edit(doc, title: str) -> str:
    j = doc.journeys()[0]
    st, ln = doc.project.stages(j.id)[0], doc.project.lanes(j.id)[0]
    return doc.add_touchpoint(j.id, st.id, ln.id, title)


@pytest.fixture
def doc(tmp_path):
    d = cxdesigner.new_project(tmp_path / "p.cxd")
    yield d
    d.close()


def test_a_snapshot_is_a_checked_project_with_date_and_counts(doc):
    edit(doc, "one")
    b = backups.snapshot(doc.working_copy, dt.datetime(2026, 5, 10, 14, 30))
    assert verify_file(b.path).user_version == FORMAT_VERSION
    assert b.counts["journeys"] == 1 and b.counts["touchpoints"] == 1
    # Counted words agree with their numbers, and the date and the words follow the language.
    assert b.describe("en") == "May 10, 2026, 2:30\u202fPM — 1 journey, 1 touchpoint, 0 connections"
    assert b.describe("es") == "10 may 2026, 14:30 — 1 viaje, 1 punto de contacto, 0 conexiones"
    assert backups.backups_of(doc.working_copy) == [b]
    assert b.path.parent == backups.folder_for(doc.working_copy)


def test_only_a_changed_project_gets_a_new_snapshot(tmp_path):
    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path).close()
    doc = cxdesigner.open_project(path)
    tracker = backups.BackupTracker()
    assert tracker.snapshot_if_due(doc.working_copy) is None, "opening is not a change"
    edit(doc, "one")
    assert tracker.snapshot_if_due(doc.working_copy) is not None
    assert tracker.snapshot_if_due(doc.working_copy) is None
    edit(doc, "two")
    assert tracker.snapshot_if_due(doc.working_copy, dt.datetime.now() + dt.timedelta(seconds=1)) is not None
    assert len(backups.backups_of(doc.working_copy)) == 2
    doc.close()


def test_thinning_keeps_the_last_ten_then_one_a_day_for_a_week(doc):
    now = dt.datetime(2026, 5, 20, 18, 0)
    taken = []
    # Four snapshots a day for twelve days, oldest first.
    for day in range(11, -1, -1):
        for hour in (9, 11, 14, 16):
            when = (now - dt.timedelta(days=day)).replace(hour=hour)
            edit(doc, f"{day}-{hour}")
            taken.append(backups.snapshot(doc.working_copy, when).created)
    kept = [b.created for b in backups.backups_of(doc.working_copy)]
    newest = sorted(taken, reverse=True)
    assert kept[:10] == newest[:10]
    older = kept[10:]
    # One per earlier day within the week (the newest of that day), nothing older than a week.
    assert [k.date() for k in older] == sorted({k.date() for k in older}, reverse=True)
    assert all((now.date() - k.date()).days < backups.KEEP_DAYS for k in older)
    assert all(k.hour == 16 for k in older)
    assert len({k.date() for k in kept}) == backups.KEEP_DAYS


def test_a_snapshot_that_fails_its_check_is_dropped_and_nothing_is_thinned(doc, monkeypatch):
    for i in range(12):
        edit(doc, str(i))
        backups.snapshot(doc.working_copy, dt.datetime(2026, 5, 1, 10, i))
    before = backups.backups_of(doc.working_copy)
    monkeypatch.setattr(backups, "quick_check", lambda conn: False)
    with pytest.raises(DamagedFileError, match="older backups were kept"):
        backups.snapshot(doc.working_copy, dt.datetime(2026, 5, 1, 11, 0))
    assert backups.backups_of(doc.working_copy) == before
    assert not list(backups.folder_for(doc.working_copy).glob("*.part"))


def test_revert_to_a_backup_is_one_undoable_step_and_counts_as_unsaved(doc):
    kept = edit(doc, "kept")
    b = backups.snapshot(doc.working_copy)
    doc.save()
    gone = edit(doc, "added later")
    doc.update_touchpoint(kept, title="renamed later")
    later = doc.project.snapshot()
    cmd = doc.execute(doc.revert_command(b.path))
    titles = {t.title for t in doc.project.tables["touchpoint"].values()}
    assert titles == {"kept"} and gone not in doc.project.tables["touchpoint"]
    assert doc.modified
    assert "Revert to backup" in cmd.description
    doc.undo()
    assert doc.project.snapshot() == later
