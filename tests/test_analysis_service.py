"""The analysis service and its task runner: one run per burst of edits, off the UI thread, only when shown.

Nothing here waits for a time to pass: workers are held and released with events, and results
are awaited with generous timeouts that only matter when something is broken.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
import weakref
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QApplication, QMessageBox

import cxdesigner
from cxdesigner import collector, settings
from cxdesigner.analysis import analyze
from cxdesigner.mainwindow import MainWindow
from cxdesigner.model import Change, Connection, Journey, Lane, Project, ProjectInfo, Stage, Touchpoint
from cxdesigner.services.analysis_service import AnalysisService, analyse_journey
from cxdesigner.services.tasks import TaskCancelledError, TaskRunner

WAIT = 10000  # ms; only reached when something is wrong


def make_doc() -> SimpleNamespace:
    """A journey a → b → c with c a dead end, in a stand-in for the document (project and language)."""
    entities: list[Any] = [Journey("j", name="J"), Stage("s", "j"), Lane("l", "j")]
    entities += [Touchpoint(t, "j", "s", "l", position=i, title=t.upper(), emotion=i - 1) for i, t in enumerate("abc")]
    entities += [Connection("ab", "j", "a", "b"), Connection("bc", "j", "b", "c")]
    project = Project()
    project.load(ProjectInfo(), entities)
    return SimpleNamespace(project=project, lang="en")


def retitle(project: Project, tp_id: str, title: str) -> None:
    old = project.get("touchpoint", tp_id)
    project.apply([Change("touchpoint", tp_id, old, old.evolve(title=title))])


class Counting:
    """The analysis, counting its calls; ``hold`` keeps the next call waiting until ``release``."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.entered = threading.Event()
        self.gate = threading.Event()
        self.holding = False

    def hold(self) -> None:
        self.holding = True
        self.entered.clear()

    def release(self) -> None:
        self.gate.set()

    def __call__(self, project: Project, journey_id: str, lang: str) -> dict[str, Any]:
        self.calls.append(journey_id)
        gate = self.gate if self.holding else None
        self.holding = False
        self.entered.set()
        if gate is not None:
            assert gate.wait(WAIT / 1000), "the test never released the analysis"
        return analyze(project, journey_id, lang=lang)


@pytest.fixture
def service(qapp):
    counting = Counting()
    svc = AnalysisService(analyse=counting)
    svc.counting = counting  # type: ignore[attr-defined]
    yield svc
    counting.release()
    assert svc.shutdown()
    svc.deleteLater()


def test_one_analysis_per_burst_of_edits(service, qtbot):
    doc = make_doc()
    service.set_shown("insights", True)
    with qtbot.waitSignal(service.analysed, timeout=WAIT):
        service.set_document(doc, "j")  # a new project is analysed at once
    assert service.counting.calls == ["j"]
    received = []
    service.analysed.connect(received.append)
    for i in range(5):
        retitle(doc.project, "a", f"Typing {i}")
    assert service.counting.calls == ["j"] and service._timer.isActive()  # waiting for the typing to stop
    with qtbot.waitSignal(service.analysed, timeout=WAIT):
        pass
    assert service.counting.calls == ["j", "j"]
    assert len(received) == 1 and received[0] is service.latest
    assert received[0].project.get("touchpoint", "a").title == "Typing 4"
    # The result comes with the copy it was computed from: later edits do not reach it.
    retitle(doc.project, "a", "Later")
    assert received[0].project.get("touchpoint", "a").title == "Typing 4"
    assert received[0].result["journey"]["cards"] == 3


def test_nothing_runs_while_every_consumer_is_hidden(service, qtbot):
    doc = make_doc()
    service.set_document(doc, "j")
    retitle(doc.project, "b", "Edited while hidden")
    service.set_journey("j")
    assert service.counting.calls == [] and not service._timer.isActive() and service.runner.tasks() == []
    assert service.stale()
    with qtbot.waitSignal(service.analysed, timeout=WAIT) as blocker:
        service.set_shown("charts", True)  # shown again: the stale analysis runs at once
    assert service.counting.calls == ["j"]
    assert blocker.args[0].project.get("touchpoint", "b").title == "Edited while hidden"
    service.set_shown("charts", False)
    retitle(doc.project, "b", "Hidden again")
    assert not service._timer.isActive() and service.counting.calls == ["j"]
    service.set_shown("insights", False)
    assert service.counting.calls == ["j"]


def test_a_result_overtaken_by_an_edit_is_dropped(service, qtbot):
    doc = make_doc()
    service.set_shown("insights", True)
    service.counting.hold()
    service.set_document(doc, "j")
    assert service.counting.entered.wait(WAIT / 1000) and service.busy()
    # While the first run is held, the dead end gets a way out.
    c = doc.project.get("touchpoint", "c")
    doc.project.apply([Change("connection", "ca", None, Connection("ca", "j", c.id, "a"))])
    received = []
    service.analysed.connect(received.append)
    service.run_now()  # the debounce, driven directly
    with qtbot.waitSignal(service.analysed, timeout=WAIT):
        service.counting.release()
    assert service.dropped == 1 and len(received) == 1
    assert service.counting.calls == ["j", "j"]
    assert received[0].result["graph"]["dead_ends"] == []


def test_a_failed_analysis_is_reported_not_raised(qapp, qtbot):
    def broken(project: Project, journey_id: str, lang: str) -> dict[str, Any]:
        raise RuntimeError("out of luck")

    svc = AnalysisService(analyse=broken)
    svc.set_shown("insights", True)
    with qtbot.waitSignal(svc.analysed, timeout=WAIT) as blocker:
        svc.set_document(make_doc(), "j")
    outcome = blocker.args[0]
    assert outcome.result is None and outcome.journey_id == "j"
    assert "out of luck" not in outcome.error and "error in CX Designer" in outcome.error
    assert svc.shutdown()


def test_the_collector_waits_while_the_analysis_runs(monkeypatch):
    # Its full passes would hold the GIL and freeze the UI thread (bench/suite.py, the analysis figure).
    seen: list[bool] = []

    def recording(project: Project, journey_id: str, lang: str = "en") -> dict[str, Any]:
        seen.append(gc.isenabled())
        return analyze(project, journey_id, lang=lang)

    monkeypatch.setattr(cxdesigner.analysis, "analyze", recording)
    assert gc.isenabled()
    result = analyse_journey(make_doc().project, "j", "en")
    assert seen == [False] and gc.isenabled()
    assert [c["id"] for c in result["cards"]] == ["a", "b", "c"]
    gc.disable()
    try:
        analyse_journey(make_doc().project, "j", "en")
        assert not gc.isenabled()  # a caller that had paused it keeps it paused
    finally:
        gc.enable()


def test_the_result_leaves_the_young_generations_at_once():
    # Otherwise the first young-generation pass after the analysis scans the whole result while
    # holding the GIL, on whichever thread allocates next: usually the UI thread.
    result = analyse_journey(make_doc().project, "j", "en")
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert {id(result), id(result["cards"]), id(result["paths"]["items"])} <= oldest
    assert gc.isenabled()


def test_an_analysis_keeps_a_room_sessions_freeze():
    # A running room freezes what the app holds (roomui.bridge); an analysis that thawed everything
    # on its way out would hand the room's busiest minutes back to the full collections.
    collector.freeze()
    try:
        frozen = gc.get_freeze_count()
        analyse_journey(make_doc().project, "j", "en")
        assert gc.get_freeze_count() >= frozen > 0
    finally:
        collector.thaw()


def test_a_replaced_analysis_is_freed_in_a_later_event_loop_turn(service, qtbot):
    doc = make_doc()
    service.set_shown("insights", True)
    with qtbot.waitSignal(service.analysed, timeout=WAIT):
        service.set_document(doc, "j")
    first = weakref.ref(service.latest)
    alive_when_delivered = []
    service.analysed.connect(lambda outcome: alive_when_delivered.append(first() is not None))
    retitle(doc.project, "a", "Again")
    with qtbot.waitSignal(service.analysed, timeout=WAIT):
        service.run_now()
    # Nobody else holds the first analysis now; it is freed in the next turn, not while the panels update.
    assert alive_when_delivered == [True] and first() is not None
    qtbot.waitUntil(lambda: first() is None, timeout=WAIT)


# -- the task runner --------------------------------------------------------------------------------------


def test_tasks_report_progress_and_their_result_on_the_ui_thread(qapp, qtbot):
    runner = TaskRunner()
    seen: list[tuple[int, int]] = []
    threads: list[str] = []

    def work(progress: Any) -> str:
        threads.append(threading.current_thread().name)
        for i in range(3):
            assert progress(i + 1, 3)
        return "done"

    task = runner.submit(work)
    task.progressed.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(task.succeeded, timeout=WAIT) as blocker:
        pass
    assert blocker.args == ["done"] and seen == [(1, 3), (2, 3), (3, 3)]
    assert threads != [threading.current_thread().name]
    assert runner.wait(WAIT) and runner.tasks() == []


def test_cancel_stops_queued_work_and_tells_running_work(qapp, qtbot):
    runner = TaskRunner(max_threads=1)
    gate, entered = threading.Event(), threading.Event()
    ran: list[str] = []

    def slow(progress: Any) -> None:
        ran.append("slow")
        entered.set()
        assert gate.wait(WAIT / 1000)
        if not progress(1, 1):
            raise TaskCancelledError

    first = runner.submit(slow)
    second = runner.submit(lambda progress: ran.append("second"))
    assert entered.wait(WAIT / 1000)
    second.cancel()
    first.cancel()
    ended: list[str] = []
    first.cancelled.connect(lambda: ended.append("first"))
    with qtbot.waitSignal(second.cancelled, timeout=WAIT):
        gate.set()
    assert runner.wait(WAIT)
    qtbot.waitUntil(lambda: ended == ["first"], timeout=WAIT)
    assert ran == ["slow"]  # the queued one never ran


def test_a_failing_task_reports_its_exception(qapp, qtbot, caplog):
    runner = TaskRunner()
    task = runner.submit(lambda progress: 1 / 0, "divide")
    with qtbot.waitSignal(task.failed, timeout=WAIT) as blocker:
        pass
    assert isinstance(blocker.args[0], ZeroDivisionError)
    assert "task divide failed" in caplog.text
    assert runner.wait(WAIT)


# -- in the window: both docks, tabs ------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, tmp_path):
    path = tmp_path / "hotel.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    # The docks as a first start has them (Inspector in front of Insights, Charts hidden), not as a test left them.
    settings.set_value("window/state", QByteArray())
    w = MainWindow()
    qtbot.addWidget(w)
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    counting = Counting()
    w.analysis._analyse = counting
    w.counting = counting
    assert w.open_path(path)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()
    assert w.analysis.runner.wait(WAIT)


_FAILURES = {
    "memory": (MemoryError, "not enough memory", False),
    "recursion": (RecursionError, "too long to analyse", True),
    "bug": (lambda: KeyError("stage_id"), "error in CX Designer", True),
}


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("kind", sorted(_FAILURES))
def test_a_failed_analysis_says_in_the_docks_what_happened_and_what_to_do(window, qtbot, caplog, kind, lang):
    # The Insights dock said the bare "MemoryError" (the exception's name, for want of any words).
    from cxdesigner import i18n

    make, english, traced = _FAILURES[kind]

    def broken(project: Project, journey_id: str, lang: str) -> dict[str, Any]:
        raise make()

    window.analysis._analyse = broken
    i18n.set_language(lang)
    try:
        with qtbot.waitSignal(window.analysis.analysed, timeout=WAIT):
            window.dock_insights.raise_()
        shown = window.insights.summary.text()
    finally:
        i18n.set_language("en")
    assert window.insights.list.count() == 0 and "\n" not in shown
    assert not any(w in shown for w in ("MemoryError", "RecursionError", "KeyError", "stage_id", "Could not")), shown
    if lang == "en":
        assert english in shown and "Your map is safe" in shown and "after your next change" in shown
    else:
        assert "Su mapa está a salvo" in shown and english not in shown, shown
    # A possible bug keeps its traceback in the log; running out of memory is no bug.
    records = [r for r in caplog.records if r.name == "cxdesigner.services.analysis_service"]
    assert records and bool(records[-1].exc_info) == traced


def test_a_dock_tabbed_behind_another_runs_no_analysis(window, qtbot):
    # The Insights dock shares its place with the Inspector, which is in front: Qt still calls it visible.
    QApplication.processEvents()
    assert window.dock_insights.isVisible() and window.dock_charts.isHidden()
    assert not window.analysis.wanted() and window.analysis.runs == 0 and window.counting.calls == []
    card = window.doc.project.touchpoints(window.selection.journey_id)[0]
    window.editor.rename_card(card.id, "Renamed while nobody looks")
    assert not window.analysis._timer.isActive() and window.analysis.runner.tasks() == []
    with qtbot.waitSignal(window.analysis.analysed, timeout=WAIT) as blocker:
        window.dock_insights.raise_()
    assert window.counting.calls == [window.selection.journey_id]
    assert blocker.args[0].project.get("touchpoint", card.id).title == "Renamed while nobody looks"


def test_one_result_reaches_both_docks_and_a_shown_dock_draws_it(window, qtbot):
    with qtbot.waitSignal(window.analysis.analysed, timeout=WAIT):
        window.dock_insights.raise_()
    insights, charts = window.insights, window.charts
    qtbot.waitUntil(lambda: insights.list.count() > 0, timeout=WAIT)
    assert insights.analysis is charts.analysis is window.analysis.latest
    assert charts.figure is None  # its dock is hidden: nothing drawn yet
    window.dock_charts.show()
    window.dock_charts.raise_()
    qtbot.waitUntil(lambda: charts.figure is not None, timeout=WAIT)
    assert len(window.counting.calls) == 1  # showing the second dock needed no second analysis
    # An edit: one more analysis, and both docks get it.
    jid = window.selection.journey_id
    card = window.doc.project.touchpoints(jid)[0]
    window.editor.rename_card(card.id, "Renamed <b>card</b>")
    with qtbot.waitSignal(window.analysis.analysed, timeout=WAIT) as blocker:
        pass
    assert len(window.counting.calls) == 2
    assert insights.analysis is blocker.args[0] and charts.analysis is blocker.args[0]


_CLOSE_WHILE_ANALYSING = """
import faulthandler, sys, time
faulthandler.dump_traceback_later(45, exit=True)
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from cxdesigner.mainwindow import MainWindow
first = MainWindow(ui_lang="en")
first.show()
second = first.new_window()
running = [True]
def analyse(progress):  # Python all along, as an analysis: the worker needs the GIL to go on
    while running[0]:
        sum(range(100))
second.analysis.runner.submit(analyse)
def done():
    print("deleted" if not shiboken6.isValid(second) else "alive", flush=True)
    running[0] = False
    app.quit()
# Looked at once the deletion has returned to the event loop, not after a fixed wait (a loaded machine took longer
# than 1.5 s to delete the window): a deletion that hangs never gets there, and faulthandler ends the process.
second.destroyed.connect(lambda: QTimer.singleShot(0, done))
QTimer.singleShot(100, second.close)
app.exec()
"""


def test_closing_a_window_while_its_analysis_runs_does_not_hang_the_app(tmp_path):
    # A closed extra window is deleted by Qt through MainWindow.event (Python, so with the GIL held); its
    # analysis pool, a child of the window, then waited for the worker, which waited for the GIL: the whole
    # app froze for good. In a child process, which would hang.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.run(
        [sys.executable, "-c", _CLOSE_WHILE_ANALYSING], capture_output=True, text=True, timeout=120, env=env,
        cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip() == "deleted"
