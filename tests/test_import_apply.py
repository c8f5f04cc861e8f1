"""An import's command is made off the UI thread, with progress and Cancel; Cancel leaves the project as it was."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from dialogguard import no_native_dialogs  # noqa: F401  (autouse: no native dialog in these tests)
from importkit import DrawioDialog, MermaidDialog, SurveyDialog, TouchpointsDialog
from PySide6.QtCore import Qt

import cxdesigner
from cxdesigner.dialogs.background import JobProgressDialog
from cxdesigner.document import commands
from cxdesigner.exchange import drawio, merge, mermaid, touchpoints
from cxdesigner.model import Change
from cxdesigner.storage import store


def _drawio_dialog(qtbot, doc, stack, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "map.drawio"
    drawio.write_drawio(doc.project, doc.project.journeys()[0].id, path)
    dlg = DrawioDialog(doc, stack, path)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.loaded
    return dlg


def _survey_dialog(qtbot, doc, stack, tmp_path):  # type: ignore[no-untyped-def]
    jid = doc.project.journeys()[0].id
    cards = doc.project.touchpoints(jid)
    path = tmp_path / "survey.csv"
    path.write_text(
        "Touchpoint,Measure,Score\n" + "".join(f"{c.title},nps,{i % 11}\n" for i, c in enumerate(cards[:5])),
        encoding="utf-8",
    )
    dlg = SurveyDialog(doc, stack, jid, path)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.loaded and dlg.import_button.isEnabled()
    return dlg


def _touchpoints_dialog(qtbot, doc, stack, tmp_path):  # type: ignore[no-untyped-def]
    jid = doc.project.journeys()[0].id
    path = tmp_path / "cards.csv"
    path.write_text("Title,Stage\n" + "".join(f"Card {i},Purchase\n" for i in range(30)), encoding="utf-8")
    dlg = TouchpointsDialog(doc, stack, jid, path)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.loaded and dlg.import_button.isEnabled()
    return dlg


def _mermaid_dialog(qtbot, doc, stack, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "day.mmd"
    tasks = "".join(f"    Task {i}: {i % 5 + 1}: Ana\n" for i in range(30))
    path.write_text(f"journey\n  title Shopping\n  section Shop\n{tasks}", encoding="utf-8")
    dlg = MermaidDialog(doc, stack, doc.project.journeys()[0].id, path)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.loaded and dlg.import_button.isEnabled()
    return dlg


DIALOGS = {
    "drawio": _drawio_dialog,
    "mermaid": _mermaid_dialog,
    "survey": _survey_dialog,
    "touchpoints": _touchpoints_dialog,
}


@pytest.mark.parametrize("kind", sorted(DIALOGS))
def test_an_imports_change_set_is_made_on_a_worker_thread(qtbot, hotel_env, tmp_path, monkeypatch, kind):
    """25,000 draw.io cards made their records and change set on the UI thread: about a second frozen."""
    doc, _, stack = hotel_env
    dlg = DIALOGS[kind](qtbot, doc, stack, tmp_path)
    threads: list[threading.Thread] = []
    real_build = commands.AddEntitiesCommand.build

    def build(self, project):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real_build(self, project)

    monkeypatch.setattr(commands.AddEntitiesCommand, "build", build)
    if kind in ("touchpoints", "mermaid"):  # placed in a journey: its cards' positions, worked out there too
        module = touchpoints if kind == "touchpoints" else mermaid
        real_place = module.place_rows

        def place(*args, **kwargs):  # type: ignore[no-untyped-def]
            threads.append(threading.current_thread())
            return real_place(*args, **kwargs)

        monkeypatch.setattr(module, "place_rows", place)
    shown: list[bool] = []
    real_exec = JobProgressDialog.exec
    monkeypatch.setattr(JobProgressDialog, "exec", lambda self: (shown.append(self.cancellable), real_exec(self))[1])
    steps = stack.count()
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert stack.count() == steps + 1 and dlg.outcome is not None
    assert threads and threading.main_thread() not in threads
    assert shown == [True]  # a progress dialog with Cancel while the work runs
    stack.undo()
    assert stack.index() == steps


def _cancelled_on_its_first_step(monkeypatch):  # type: ignore[no-untyped-def]
    """Cancel clicked as the progress dialog opens; the work waits for it (never a race of timing)."""
    real_exec = JobProgressDialog.exec
    monkeypatch.setattr(JobProgressDialog, "exec", lambda self: (self.cancel(), real_exec(self))[1])

    def wait_for_cancel(progress):  # type: ignore[no-untyped-def]
        for _ in range(10_000):  # bounded: a Cancel that never comes fails the test, it does not hang
            if not progress(0, 1):
                return
            time.sleep(0.001)

    return wait_for_cancel


@pytest.mark.parametrize("kind", sorted(DIALOGS))
def test_cancel_while_the_import_is_prepared_leaves_the_project_as_it_was(
    qtbot, hotel_env, tmp_path, monkeypatch, kind
):
    doc, _, stack = hotel_env
    dlg = DIALOGS[kind](qtbot, doc, stack, tmp_path)
    wait = _cancelled_on_its_first_step(monkeypatch)
    real_prepare = commands.ChangeCommand.prepare
    progress_of: dict[str, object] = {}
    if kind == "drawio":
        real_merge = merge.merge_journeys

        def merging(target, source, ids, name="", progress=None):  # type: ignore[no-untyped-def]
            wait(progress)
            return real_merge(target, source, ids, name, progress)

        monkeypatch.setattr(merge, "merge_journeys", merging)
    else:
        # The survey's and the rows' commands follow no progress of their own: Cancel is heard when they end.
        def prepare(self, project):  # type: ignore[no-untyped-def]
            wait(progress_of["progress"])
            return real_prepare(self, project)

        monkeypatch.setattr(commands.ChangeCommand, "prepare", prepare)
        from cxdesigner.dialogs import background

        real_run = background.run_in_worker

        def run(parent, title, label, work, *args, **kwargs):  # type: ignore[no-untyped-def]
            def keeping(progress):  # type: ignore[no-untyped-def]
                progress_of["progress"] = progress
                return work(progress)

            return real_run(parent, title, label, keeping, *args, **kwargs)

        monkeypatch.setattr(background, "run_in_worker", run)
    before, steps, version = doc.project.snapshot(), stack.count(), doc.working_copy.version()
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert doc.project.snapshot() == before and stack.count() == steps
    assert doc.working_copy.version() == version  # nothing written either
    assert dlg.outcome is None and dlg.isVisible()  # the dialog stays: the person may import after all
    assert not dlg.__dict__.get("errors_shown")


def test_an_import_is_made_again_when_the_project_changed_meanwhile(qtbot, hotel_env, tmp_path, monkeypatch):
    """A room's phone may add to the project while the import is prepared: the command must match what it changes."""
    doc, jid, stack = hotel_env
    dlg = _drawio_dialog(qtbot, doc, stack, tmp_path)
    real_exec = JobProgressDialog.exec

    def meanwhile(self):  # type: ignore[no-untyped-def]
        doc.add_persona("Arrived meanwhile")
        return real_exec(self)

    monkeypatch.setattr(JobProgressDialog, "exec", meanwhile)
    journeys = len(doc.project.journeys())
    real_merge = merge.merge_journeys
    targets = []

    def merging(target, *args, **kwargs):  # type: ignore[no-untyped-def]
        targets.append(target)
        time.sleep(0.05)  # the dialog opens before the work ends
        return real_merge(target, *args, **kwargs)

    monkeypatch.setattr(merge, "merge_journeys", merging)
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert len(doc.project.journeys()) == journeys + 1
    assert targets[-1] is doc.project  # the second making, on the live project
    assert any(p.name == "Arrived meanwhile" for p in doc.project.personas())


def test_a_change_set_is_written_in_runs_in_its_order(tmp_path):
    """One executemany per run of a kind; a record deleted and written again ends as written last."""
    doc = cxdesigner.new_project(None, template="hotel")
    try:
        p = doc.project
        jid = p.journeys()[0].id
        card = p.touchpoints(jid)[0]
        stage = p.stages(jid)[0]
        renamed = card.evolve(title="Renamed")
        changes = [
            Change("touchpoint", card.id, card, None),
            Change("touchpoint", card.id, None, renamed),
            Change("stage", stage.id, stage, stage.evolve(name="First")),
            Change("touchpoint", card.id, renamed, renamed.evolve(title="Last")),
        ]
        conn = doc.working_copy.conn
        cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        store.write_changes(conn, changes)
        assert conn.execute("SELECT title FROM touchpoints WHERE id = ?", (card.id,)).fetchone() == ("Last",)
        assert conn.execute("SELECT name FROM stages WHERE id = ?", (stage.id,)).fetchone() == ("First",)
        many = [Change("touchpoint", card.id, None, renamed.evolve(title=str(i))) for i in range(store.BIG_WRITE)]
        store.write_changes(conn, many)
        assert conn.execute("SELECT title FROM touchpoints WHERE id = ?", (card.id,)).fetchone() == (
            str(store.BIG_WRITE - 1),
        )
        assert conn.execute("PRAGMA cache_size").fetchone()[0] == cache  # the big write's room given back
        with pytest.raises(AttributeError):  # a record that is none: the run before it is rolled back too
            second = Change("stage", stage.id, None, stage.evolve(name="Second"))
            store.write_changes(conn, [second, Change("touchpoint", "x", None, object())])  # type: ignore[arg-type]
        assert conn.execute("SELECT name FROM stages WHERE id = ?", (stage.id,)).fetchone() == ("First",)
        assert isinstance(conn, sqlite3.Connection) and not conn.in_transaction
    finally:
        doc.close()


@pytest.mark.parametrize("kind", sorted(DIALOGS))
def test_the_changes_are_added_while_the_progress_dialog_says_so_without_cancel(
    qtbot, hotel_env, tmp_path, monkeypatch, kind
):
    """The window paints nothing while a big import is applied: the dialog said so before, and Cancel is gone."""
    doc, _, stack = hotel_env
    dlg = DIALOGS[kind](qtbot, doc, stack, tmp_path)
    from PySide6.QtWidgets import QApplication

    seen: list[tuple[str, bool, bool]] = []
    real_do = type(doc).do_command

    def do_command(self, cmd):  # type: ignore[no-untyped-def]
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, JobProgressDialog) and w.isVisible()]
        seen.extend((d.label.text(), d.cancel_button.isEnabled(), d.cancellable) for d in shown)
        return real_do(self, cmd)

    monkeypatch.setattr(type(doc), "do_command", do_command)
    steps = stack.count()
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert stack.count() == steps + 1
    assert seen == [("Adding to the project…", False, False)]
