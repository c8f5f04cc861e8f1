"""The safety net's controller and dialogs, with scripted answers: recovery, locks, conflicts, revert."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSysInfo, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

import cxdesigner
from cxdesigner import filelock, qti18n, safety_ui
from cxdesigner.storage import DiskFullError, backups
from cxdesigner.storage.recovery import Orphan


class Scripted(safety_ui.Prompts):
    """Fixed answers, and a record of every question and message."""

    def __init__(self, **answers: object) -> None:
        super().__init__()
        self.answers = answers
        self.asked: list[tuple[str, object]] = []
        self.told: list[tuple[str, str]] = []

    def _answer(self, question: str, about: object) -> object:
        self.asked.append((question, about))
        value = self.answers[question]
        return value.pop(0) if isinstance(value, list) else value

    def ask_recovery(self, parent, orphan):
        return self._answer("recovery", orphan)

    def ask_external_change(self, parent, path):
        return self._answer("external_change", path)

    def ask_lock_conflict(self, parent, path, holder):
        return self._answer("lock_conflict", holder)

    def ask_backup(self, parent, items):
        return self._answer("backup", items)

    def ask_save_path(self, parent, suggested):
        return self._answer("save_path", suggested)

    def tell(self, parent, title, text, warning=False):
        self.told.append((title, text))


def edit(doc, title: str) -> str:
    j = doc.journeys()[0]
    st, ln = doc.project.stages(j.id)[0], doc.project.lanes(j.id)[0]
    return doc.add_touchpoint(j.id, st.id, ln.id, title)


def abandon(doc) -> None:
    """What dying does to an open document: the OS drops its locks, nothing is cleaned up."""
    wc = doc.working_copy
    # Closing SQLite folds the working copy's write-ahead log into the file and deletes it, which a
    # dying process never does: the log is put back as the kill would have left it.
    log = wc.path.with_name(wc.path.name + "-wal")
    left = log.read_bytes() if log.exists() else None
    wc.conn.close()
    if left is not None:
        log.write_bytes(left)
    os.close(wc._lock_fd)
    wc._lock_fd = None
    if doc.lock is not None:
        doc.lock.release()


def crashed_session(path: Path, titles: list[str]) -> None:
    cxdesigner.new_project(path).close()
    doc = cxdesigner.open_project(path)
    for t in titles:
        edit(doc, t)
    abandon(doc)


def titles_of(doc) -> set[str]:
    return {t.title for t in doc.project.tables["touchpoint"].values()}


@pytest.fixture
def controller(qtbot):
    made = []

    def make(**answers):
        c = safety_ui.SafetyController(None, Scripted(**answers), interval_minutes=0)
        made.append(c)
        return c

    yield make
    for c in made:
        c.deleteLater()


# -- recovery at start ------------------------------------------------------------------------------------


def test_restore_gives_back_every_edit_as_unsaved_work(tmp_path, controller):
    path = tmp_path / "p.cxd"
    crashed_session(path, ["a", "b", "<b>c</b>"])
    c = controller(recovery=safety_ui.RESTORE)
    docs = c.recover_at_start()
    assert len(docs) == 1
    doc = docs[0]
    orphan = c.prompts.asked[0][1]
    assert orphan.counts["touchpoints"] == 3 and orphan.original == path
    assert titles_of(doc) == {"a", "b", "<b>c</b>"}
    assert doc.modified and doc.lock is not None
    assert c.save(doc)
    assert not doc.modified
    c.close(doc)
    assert c.recover_at_start() == []


def test_save_as_from_recovery_writes_a_new_file(tmp_path, controller):
    path = tmp_path / "p.cxd"
    crashed_session(path, ["a"])
    target = tmp_path / "recovered.cxd"
    c = controller(recovery=safety_ui.SAVE_AS, save_path=target)
    (doc,) = c.recover_at_start()
    assert doc.path == target and not doc.modified
    assert filelock.lock_path(target).exists() and not filelock.lock_path(path).exists()
    c.close(doc)
    reopened = cxdesigner.open_project(target)
    assert titles_of(reopened) == {"a"}
    reopened.close()


def test_discard_and_decide_later(tmp_path, controller):
    crashed_session(tmp_path / "p.cxd", ["a"])
    later = controller(recovery=safety_ui.LATER)
    assert later.recover_at_start() == []
    discard = controller(recovery=safety_ui.DISCARD)
    assert discard.recover_at_start() == []
    assert len(discard.prompts.asked) == 1, "decided later: offered again at the next start"
    assert controller(recovery=safety_ui.RESTORE).recover_at_start() == []


def test_restored_work_whose_file_is_open_elsewhere_must_be_saved_as(tmp_path, controller):
    path = tmp_path / "p.cxd"
    crashed_session(path, ["a"])
    other = filelock.lock_path(path)
    other.write_text("4242\npython3\nother-host\n0123456789abcdef0123456789abcdef\nx\n")
    c = controller(recovery=safety_ui.RESTORE, save_path=tmp_path / "mine.cxd")
    (doc,) = c.recover_at_start()
    assert not doc.read_only and doc.save_as_only
    edit(doc, "still editable")
    assert c.save(doc)
    assert doc.path == tmp_path / "mine.cxd"
    c.close(doc)
    assert other.exists(), "the other computer's lock is theirs"


# -- open: locks -----------------------------------------------------------------------------------------


def other_host_lock(path: Path) -> None:
    filelock.lock_path(path).write_text("4242\npython3\nlaptop-7\n0123456789abcdef0123456789abcdef\nx\n")


@pytest.mark.parametrize("answer", [safety_ui.READ_ONLY, safety_ui.TAKE_OVER, safety_ui.CANCEL])
def test_another_hosts_lock_read_only_take_over_or_cancel(tmp_path, controller, answer):
    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path).close()
    other_host_lock(path)
    c = controller(lock_conflict=answer)
    doc = c.open(path)
    holder = c.prompts.asked[0][1]
    assert holder.host == "laptop-7" and not holder.same_host
    if answer == safety_ui.CANCEL:
        assert doc is None
        return
    assert doc is not None
    if answer == safety_ui.READ_ONLY:
        assert doc.read_only and doc.lock is None
    else:
        assert not doc.read_only and doc.lock is not None
        assert "laptop-7" not in filelock.lock_path(path).read_text()
    c.close(doc)


def test_a_dead_process_lock_is_cleared_without_asking(tmp_path, controller):
    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path).close()
    filelock.lock_path(path).write_text(
        f"999999\npython3\n{QSysInfo.machineHostName()}\n{QSysInfo.machineUniqueId().data().decode()}\nx\n"
    )
    c = controller()
    doc = c.open(path)
    assert doc is not None and doc.lock is not None and c.prompts.asked == []
    c.close(doc)


def test_a_read_only_folder_warns_and_save_goes_to_save_as(tmp_path, controller, monkeypatch):
    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path).close()
    monkeypatch.setattr(filelock.ProjectLock, "try_acquire", lambda self: filelock.LockState.NO_PERMISSION)
    c = controller(save_path=tmp_path / "copy.cxd")
    doc = c.open(path)
    assert doc is not None and "read-only" in c.prompts.told[0][1]
    monkeypatch.undo()
    edit(doc, "x")
    assert c.save(doc)
    assert c.prompts.asked[0][0] == "save_path" and doc.path == tmp_path / "copy.cxd"
    c.close(doc)


def test_a_bad_file_is_told_not_raised(tmp_path, controller):
    path = tmp_path / "bad.cxd"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 200)
    c = controller()
    assert c.open(path) is None
    assert "PNG image" in c.prompts.told[0][1]


# -- save: conflicts and failures --------------------------------------------------------------------------


def changed_elsewhere(path: Path) -> None:
    other = cxdesigner.open_project(path)
    edit(other, "theirs")
    other.save()
    other.close()


@pytest.mark.parametrize("answer", [safety_ui.OVERWRITE, safety_ui.SAVE_AS, safety_ui.CANCEL])
def test_a_file_changed_on_disk_asks_overwrite_save_as_or_cancel(tmp_path, controller, answer):
    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path).close()
    c = controller(external_change=answer, save_path=tmp_path / "mine.cxd")
    doc = c.open(path)
    edit(doc, "mine")
    changed_elsewhere(path)
    saved = c.save(doc)
    assert c.prompts.asked[0] == ("external_change", path)
    on_disk = cxdesigner.open_project(path, read_only=True)
    if answer == safety_ui.OVERWRITE:
        assert saved and titles_of(on_disk) == {"mine"}
    elif answer == safety_ui.SAVE_AS:
        assert saved and titles_of(on_disk) == {"theirs"} and doc.path == tmp_path / "mine.cxd"
    else:
        assert not saved and titles_of(on_disk) == {"theirs"} and doc.modified
    on_disk.close()
    c.close(doc)


def test_a_full_disk_on_save_is_told_and_nothing_is_lost(tmp_path, controller, monkeypatch):
    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path).close()
    c = controller()
    doc = c.open(path)
    edit(doc, "unsaved")

    def full(target, check_external=True):
        raise DiskFullError(f"Could not save {target}: the disk is full. Nothing was lost.")

    monkeypatch.setattr(doc.working_copy, "publish", full)
    assert not c.save(doc)
    assert "disk is full" in c.prompts.told[-1][1] and doc.modified
    monkeypatch.undo()
    assert c.save(doc) and not doc.modified
    c.close(doc)


def test_a_folder_that_refuses_the_save_says_what_to_do(tmp_path, controller, monkeypatch):
    # The folder (a USB stick, a shared folder) became read-only after the project was opened. The message
    # said the save failed and nothing was lost, but not what to do next.
    from cxdesigner.storage import session, store

    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path).close()
    c = controller()
    doc = c.open(path)
    edit(doc, "unsaved")

    def refused(real, *args, **kwargs):
        raise store.as_storage_error(PermissionError(13, "Permission denied"), real.parent)

    monkeypatch.setattr(session, "replace_with", refused)
    assert not c.save(doc)
    told = c.prompts.told[-1][1]
    assert "permission denied" in told and "Nothing was lost" in told
    assert "File → Save As" in told
    assert doc.modified
    monkeypatch.undo()
    c.close(doc)


def test_no_room_for_the_working_copy_names_the_data_folder_not_its_inner_file(tmp_path, controller, monkeypatch):
    # Opening copies the file into the data folder. With that disk full the message named the copy
    # (…/data/sessions/3f9c…/work.cxd), a file the user never made and cannot find, as the one "too large".
    import errno

    from cxdesigner.storage import regular, session

    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path).close()

    def no_room(src, dst, length=0):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(regular.shutil, "copyfileobj", no_room)
    c = controller()
    assert c.open(path) is None
    told = c.prompts.told[-1][1]
    assert told.startswith(f"CX Designer's data folder {session.data_dir()}: "), told
    assert "work.cxd" not in told and "sessions" not in told
    assert "disk is full" in told


def test_save_as_onto_a_file_open_elsewhere_is_refused(tmp_path, controller):
    path, other = tmp_path / "p.cxd", tmp_path / "other.cxd"
    cxdesigner.new_project(path).close()
    cxdesigner.new_project(other).close()
    other_host_lock(other)
    c = controller(save_path=other)
    doc = c.open(path)
    assert not c.save_as(doc)
    assert "laptop-7" in c.prompts.told[-1][1]
    c.close(doc)


def test_a_failed_command_is_reported(tmp_path, controller):
    doc = cxdesigner.new_project(tmp_path / "p.cxd")
    c = controller()
    c.command_failed(doc, DiskFullError("the disk is full"))
    assert "read-only until you save it elsewhere" in c.prompts.told[-1][1]
    doc.close()


# -- backups ---------------------------------------------------------------------------------------------


def test_the_scheduler_snapshots_changed_projects(tmp_path, qtbot):
    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path).close()
    c = safety_ui.SafetyController(None, Scripted(), interval_minutes=0.002)  # every 120 ms
    doc = c.open(path)
    edit(doc, "a")
    with qtbot.waitSignal(c.scheduler.backup_made, timeout=5000) as made:
        pass
    assert made.args[0].endswith(" — 1 journey, 1 touchpoint, 0 connections")
    assert c.scheduler.run_now() == [], "unchanged since: no new backup"
    c.close(doc)
    c.deleteLater()


def test_revert_to_backup_through_the_controller(tmp_path, controller):
    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path).close()
    c = controller(backup=None)
    doc = c.open(path)
    assert not c.revert_to_backup(doc) and "No backups yet" in c.prompts.told[-1][0]
    edit(doc, "first")
    first = backups.snapshot(doc.working_copy, dt.datetime(2026, 5, 1, 9, 0))
    edit(doc, "second")
    backups.snapshot(doc.working_copy, dt.datetime(2026, 5, 1, 9, 30))
    c.prompts.answers["backup"] = first
    pushed = []
    assert c.revert_to_backup(doc, push=lambda cmd: (pushed.append(cmd), doc.execute(cmd)))
    assert titles_of(doc) == {"first"} and len(pushed) == 1
    listed = c.prompts.asked[-1][1]
    assert [b.created.minute for b in listed] == [30, 0]
    c.close(doc)


# -- the dialogs themselves ------------------------------------------------------------------------------


def test_the_recovery_dialog_shows_names_as_plain_text(qtbot, tmp_path):
    orphan = Orphan(tmp_path, {"original": str(tmp_path / "x.cxd")}, "<b>Hotel</b> &amp;", 0.0, {"touchpoints": 3})
    dialog = safety_ui.RecoveryDialog(orphan)
    qtbot.addWidget(dialog)
    assert dialog.summary.textFormat() == Qt.TextFormat.PlainText
    assert "<b>Hotel</b> &amp;" in dialog.summary.text()
    pushed = {b.text().replace("&", ""): b for b in dialog.findChildren(QPushButton)}
    assert {"Restore", "Save As…", "Discard", "Decide later"} <= set(pushed)
    pushed["Restore"].click()
    assert dialog.choice == safety_ui.RESTORE


def test_the_backup_dialog_lists_date_and_counts(qtbot, tmp_path):
    items = [
        backups.Backup(tmp_path / "b.cxd", dt.datetime(2026, 5, 2, 10, 0), {"journeys": 2, "touchpoints": 31}),
        backups.Backup(tmp_path / "a.cxd", dt.datetime(2026, 5, 1, 9, 0), {"journeys": 1, "touchpoints": 12}),
    ]
    dialog = safety_ui.BackupDialog(items)
    qtbot.addWidget(dialog)
    first = dialog.tree.topLevelItem(0)
    assert first.text(0) == "May 2, 2026, 10:00:00\u202fAM" and first.text(2) == "31"
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(1))
    assert dialog.chosen() is items[1]


def test_the_backup_dialog_shows_each_date_whole_in_spanish(qtbot, tmp_path):
    # Its columns shared the width evenly: the date was cut to "7 dic 2026, 4…", so two backups of one hour
    # looked the same, and "Puntos de contacto" lost its end.
    qti18n.apply("es")
    try:
        counts = {"journeys": 2, "touchpoints": 48, "connections": 56, "personas": 1}
        items = [
            backups.Backup(tmp_path / "b.cxd", dt.datetime(2026, 12, 7, 16, 42, 31), counts),
            backups.Backup(tmp_path / "a.cxd", dt.datetime(2026, 12, 7, 16, 12, 5), counts),
        ]
        dialog = safety_ui.BackupDialog(items)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        tree = dialog.tree
        for column in range(tree.columnCount()):
            header = tree.header()
            needed = max(tree.sizeHintForColumn(column), header.sectionSizeHint(column))
            assert tree.columnWidth(column) >= needed, tree.headerItem().text(column)
        assert tree.viewport().width() >= sum(tree.columnWidth(c) for c in range(tree.columnCount()))
    finally:
        qti18n.apply("en")


_MAY_1_EN = "May 1, 2026, 9:00\u202fAM"
_MAY_1_ES = "1 may 2026, 9:00"


@pytest.mark.parametrize(
    ("lang", "same_host", "expected"),
    [
        ("en", True, "open in CX Designer by ana on this computer (laptop-7), process 4121, since " + _MAY_1_EN),
        ("en", False, "open in CX Designer by ana on the computer laptop-7, process 4121, since " + _MAY_1_EN),
        ("es", True, "abierto en CX Designer por ana en este equipo (laptop-7), proceso 4121, desde el " + _MAY_1_ES),
        ("es", False, "abierto en CX Designer por ana en el equipo laptop-7, proceso 4121, desde el " + _MAY_1_ES),
    ],
)
def test_the_lock_box_says_who_holds_the_file_in_the_interface_language(qtbot, tmp_path, lang, same_host, expected):
    holder = filelock.LockHolder(4121, "laptop-7", "ana", "python3", dt.datetime(2026, 5, 1, 9, 0), same_host)
    texts: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        texts.append(box.text())
        box.reject()

    qti18n.apply(lang)
    try:
        QTimer.singleShot(0, answer)
        safety_ui.Prompts().ask_lock_conflict(None, tmp_path / "p.cxd", holder)
    finally:
        qti18n.apply("en")
    assert texts == [f"{tmp_path / 'p.cxd'}\n{expected}"]


def test_a_lock_holder_without_user_host_or_time_is_still_described():
    holder = filelock.LockHolder(7, "", "", "", None, False)
    assert safety_ui.holder_text(holder) == "open in CX Designer by an unknown user on an unknown computer, process 7"


@pytest.mark.parametrize("same_host", [True, False])
def test_the_lock_box_offers_take_over_only_for_another_computer(qtbot, tmp_path, same_host):
    holder = filelock.LockHolder(42, "laptop-7", "ana", "python3", dt.datetime(2026, 5, 1, 9, 0), same_host)
    seen: list[list[str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        assert box.textFormat() == Qt.TextFormat.PlainText
        seen.append([b.text().replace("&", "") for b in box.buttons()])
        box.reject()

    QTimer.singleShot(0, answer)
    choice = safety_ui.Prompts().ask_lock_conflict(None, tmp_path / "p.cxd", holder)
    assert choice == safety_ui.CANCEL
    assert ("Take over" in seen[0]) is (not same_host)
    assert "Open read-only" in seen[0]
