"""A big survey import, and its undo and redo, are applied and written on a worker; Cancel changes nothing."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from dialogguard import no_native_dialogs  # noqa: F401  (autouse: no native dialog in these tests)
from importkit import SurveyDialog
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

import cxdesigner
import cxdesigner.qtcommands as qtcommands
from cxdesigner.dialogs import background
from cxdesigner.dialogs.background import JobProgressDialog
from cxdesigner.document import commands
from cxdesigner.mainwindow import MainWindow
from cxdesigner.model import ChangeList, Project, Response
from cxdesigner.storage import store
from cxdesigner.storage.session import WorkingCopy


@pytest.fixture
def staged_from_few(monkeypatch):  # type: ignore[no-untyped-def]
    """Steps of a few records staged, so a test's survey of 40 answers takes the way of a million."""
    monkeypatch.setattr(background, "STAGE_FROM", 10)
    monkeypatch.setattr(qtcommands, "STAGE_FROM", 10)


def survey_dialog(qtbot, doc, stack, tmp_path, rows: int = 40):  # type: ignore[no-untyped-def]
    jid = doc.project.journeys()[0].id
    cards = doc.project.touchpoints(jid)
    path = tmp_path / "survey.csv"
    lines = "".join(f"{cards[i % 7].title},nps,{i % 11}\n" for i in range(rows))
    path.write_text("Touchpoint,Measure,Score\n" + lines, encoding="utf-8")
    dlg = SurveyDialog(doc, stack, jid, path)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.loaded and dlg.import_button.isEnabled()
    return dlg


def in_file(doc):  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(str(doc.working_copy.path))
    try:
        return store.read_project(conn)
    finally:
        conn.close()


def watch_threads(monkeypatch):  # type: ignore[no-untyped-def]
    """Where the working copy was staged and where it was written the ordinary way."""
    seen: dict[str, list[threading.Thread]] = {"stage": [], "write": []}
    real_stage, real_write = WorkingCopy.stage, WorkingCopy.write

    def stage(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen["stage"].append(threading.current_thread())
        return real_stage(self, *args, **kwargs)

    def write(self, changes):  # type: ignore[no-untyped-def]
        if changes:
            seen["write"].append(threading.current_thread())
        return real_write(self, changes)

    monkeypatch.setattr(WorkingCopy, "stage", stage)
    monkeypatch.setattr(WorkingCopy, "write", write)
    return seen


def test_a_big_survey_import_its_undo_and_redo_are_written_on_a_worker(
    qtbot, hotel_env, tmp_path, monkeypatch, staged_from_few
):
    doc, _, stack = hotel_env
    stack.step_runner = lambda d, cmd, undone: background.run_staged_step(None, d, cmd, undone)
    before = doc.project.snapshot()
    dlg = survey_dialog(qtbot, doc, stack, tmp_path)
    seen = watch_threads(monkeypatch)
    labels: list[tuple[str, bool]] = []
    real_final = JobProgressDialog.final_step

    def final_step(self, label):  # type: ignore[no-untyped-def]
        labels.append((label, self.cancellable))
        real_final(self, label)

    monkeypatch.setattr(JobProgressDialog, "final_step", final_step)
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert stack.count() == 1 and len(doc.project.responses()) == len(before["response"]) + 40
    assert in_file(doc) == doc.project and doc.modified
    stepped: list[bool] = []
    stack.stepped.connect(lambda _cmd, undone: stepped.append(undone))
    stack.undo()
    assert doc.project.snapshot() == before and in_file(doc) == doc.project and stack.index() == 0
    stack.redo()
    assert len(doc.project.responses()) == len(before["response"]) + 40 and in_file(doc) == doc.project
    assert stepped == [True, False]
    assert len(seen["stage"]) == 3 and threading.main_thread() not in seen["stage"]
    assert seen["write"] == []  # nothing written on the UI thread's transaction
    changing = ("Changing the project…", True)
    assert labels == [("Adding to the project…", True), changing, changing]


def _cancel_when_writing(monkeypatch):  # type: ignore[no-untyped-def]
    """Cancel clicked as the progress dialog opens; the staged write waits for it, then hears it."""
    real_exec = JobProgressDialog.exec
    monkeypatch.setattr(JobProgressDialog, "exec", lambda self: (self.cancel(), real_exec(self))[1])
    real_stage = WorkingCopy.stage

    def stage(self, changes, base, progress=None):  # type: ignore[no-untyped-def]
        for _ in range(10_000):  # bounded: a Cancel that never comes fails the test, it does not hang
            if not progress(0, 1):
                break
            time.sleep(0.001)
        return real_stage(self, changes, base, progress)

    monkeypatch.setattr(WorkingCopy, "stage", stage)


def test_cancel_while_a_big_import_or_its_undo_is_written_changes_nothing(
    qtbot, hotel_env, tmp_path, monkeypatch, staged_from_few
):
    doc, _, stack = hotel_env
    stack.step_runner = lambda d, cmd, undone: background.run_staged_step(None, d, cmd, undone)
    dlg = survey_dialog(qtbot, doc, stack, tmp_path)
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert stack.count() == 1
    # Undo cancelled while its staged write runs: the import stays, the file as it was.
    after, version = doc.project.snapshot(), doc.working_copy.version()
    with monkeypatch.context() as m:
        _cancel_when_writing(m)
        stack.undo()
    assert doc.project.snapshot() == after and doc.working_copy.version() == version and stack.index() == 1
    stack.undo()
    # The import itself cancelled while written: the project and the file as they were, the dialog still up.
    dlg = survey_dialog(qtbot, doc, stack, tmp_path)
    before, version, steps = doc.project.snapshot(), doc.working_copy.version(), stack.count()
    _cancel_when_writing(monkeypatch)
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert doc.project.snapshot() == before and doc.working_copy.version() == version and stack.count() == steps
    assert in_file(doc) == doc.project and dlg.outcome is None and dlg.isVisible()
    assert not [p for p in doc.working_copy.folder.iterdir() if p.name.startswith("staged-")]


def test_a_survey_below_the_staging_size_takes_the_ordinary_way(qtbot, hotel_env, tmp_path, monkeypatch):
    """Below STAGE_FROM records the step is applied as before: copying the working file would cost more."""
    doc, _, stack = hotel_env
    dlg = survey_dialog(qtbot, doc, stack, tmp_path, rows=40)
    seen = watch_threads(monkeypatch)
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert stack.count() == 1 and seen["stage"] == [] and seen["write"] == [threading.main_thread()]


class CountingChanges(ChangeList):
    """A staged step's changes that count how often a view went through them one by one."""

    walks = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        CountingChanges.walks += 1
        return super().__iter__()


def test_the_views_do_not_go_through_a_survey_answer_by_answer(qtbot, tmp_path, monkeypatch):
    """A million answers went through a dozen views that each looked at every change for cards: a second."""
    path = tmp_path / "hotel.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    w = MainWindow()
    qtbot.addWidget(w)
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    try:
        assert w.open_path(path)
        w.dock_table.show()
        w.dock_inspector.show()
        qtbot.wait(50)
        card = w.doc.project.touchpoints(w.doc.project.journeys()[0].id)[0]
        w.selection.select([card.id], [], source=None)
        cmd = commands.AddEntitiesCommand([Response(f"rs-{k}", card.id, "csat", 4) for k in range(50)])
        step = w.doc.stager().stage(cmd)
        step.changes = CountingChanges(step.changes)
        CountingChanges.walks = 0
        w.undo_stack.commit_staged(step)
        assert len(w.doc.project.responses(card.id)) == 50
        assert CountingChanges.walks == 0
        w.undo_stack.undo()  # the map asks which cards came back: none, without looking at each answer
        assert w.doc.project.responses(card.id) == []
    finally:
        w.close()


def watch_copies(monkeypatch):  # type: ignore[no-untyped-def]
    """The threads the project was copied on for work elsewhere."""
    seen: list[threading.Thread] = []
    real_copy = Project.detached_copy

    def copy(self):  # type: ignore[no-untyped-def]
        seen.append(threading.current_thread())
        return real_copy(self)

    monkeypatch.setattr(Project, "detached_copy", copy)
    return seen


def test_a_big_steps_copy_of_the_project_is_made_on_the_worker(
    qtbot, hotel_env, tmp_path, monkeypatch, staged_from_few
):
    """The copy of a million answers for a staged import or undo held the window half a second."""
    doc, _, stack = hotel_env
    stack.step_runner = lambda d, cmd, undone: background.run_staged_step(None, d, cmd, undone)
    before = doc.project.snapshot()
    dlg = survey_dialog(qtbot, doc, stack, tmp_path)
    copies = watch_copies(monkeypatch)
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    stack.undo()
    assert doc.project.snapshot() == before and in_file(doc) == doc.project
    stack.redo()
    assert len(doc.project.responses()) == len(before["response"]) + 40 and in_file(doc) == doc.project
    assert len(copies) == 3 and threading.main_thread() not in copies


def _a_phone_while_the_dialog_is_up(monkeypatch, doc, times: int = 1):  # type: ignore[no-untyped-def]
    """A room's phone sends an idea as the progress dialog opens (the first ``times`` dialogs)."""
    real_exec = JobProgressDialog.exec
    sent: list[str] = []

    def exec_(self):  # type: ignore[no-untyped-def]
        if len(sent) < times:
            sent.append(f"Phone {len(sent)}")
            doc.add_persona(sent[-1])
        return real_exec(self)

    monkeypatch.setattr(JobProgressDialog, "exec", exec_)
    return sent


def test_a_phones_change_during_a_big_import_keeps_both_without_the_ui_thread_making_it(
    qtbot, hotel_env, tmp_path, monkeypatch, staged_from_few
):
    doc, _, stack = hotel_env
    stack.step_runner = lambda d, cmd, undone: background.run_staged_step(None, d, cmd, undone)
    before = doc.project.snapshot()
    dlg = survey_dialog(qtbot, doc, stack, tmp_path)
    seen = watch_threads(monkeypatch)
    sent = _a_phone_while_the_dialog_is_up(monkeypatch, doc)
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert sent == ["Phone 0"] and "Phone 0" in {p.name for p in doc.project.personas()}
    assert len(doc.project.responses()) == len(before["response"]) + 40 and in_file(doc) == doc.project
    assert doc.stack.count() == 2 and doc.stack.undo_text() == stack.undo_text()
    # Made again and staged on the worker: the only write on this thread is the phone's own.
    assert threading.main_thread() not in seen["stage"] and len(seen["stage"]) == 2
    assert seen["write"] == [threading.main_thread()]
    # Its undo with a phone's idea arriving meanwhile: overtaken (the idea is the step to undo now), nothing done.
    sent = _a_phone_while_the_dialog_is_up(monkeypatch, doc)
    stack.undo()
    assert len(doc.project.responses()) == len(before["response"]) + 40 and in_file(doc) == doc.project
    assert doc.stack.undo_text() == doc.stack.done[-1].description and doc.stack.count() == 3


def test_an_import_made_again_under_a_project_that_keeps_changing_ends_the_ordinary_way(
    qtbot, hotel_env, tmp_path, monkeypatch, staged_from_few
):
    """A room sending an idea under every attempt: after ``REBUILDS`` the import is made here, as before."""
    doc, _, stack = hotel_env
    before = doc.project.snapshot()
    dlg = survey_dialog(qtbot, doc, stack, tmp_path)
    sent = _a_phone_while_the_dialog_is_up(monkeypatch, doc, times=99)
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert len(sent) == background.REBUILDS + 1
    assert len(doc.project.responses()) == len(before["response"]) + 40 and in_file(doc) == doc.project
    assert {f"Phone {k}" for k in range(len(sent))} <= {p.name for p in doc.project.personas()}
