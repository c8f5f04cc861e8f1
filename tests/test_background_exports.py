"""Long work never freezes the window: exports run in a child process with progress and Cancel (issue 11)."""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

import pytest
from dialogguard import no_native_dialogs  # noqa: F401  (autouse: no native dialog in these tests)
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

import cxdesigner
from cxdesigner.dialogs import DialogIO, ExportReportDialog, export_text
from cxdesigner.dialogs.background import JobProgressDialog
from cxdesigner.services import childjob
from cxdesigner.storage import atomic

STALL_MS = 100  # the longest the UI thread may be busy (issue 11)
TICK_MS = 10


class Quiet:
    """Message boxes answered without showing anything."""

    def show_error(self, title: str, message: str) -> None:
        self.__dict__.setdefault("errors_shown", []).append(message)

    def show_info(self, title: str, message: str) -> None:
        self.__dict__.setdefault("infos_shown", []).append(message)

    def ask_overwrite(self, path: Path) -> bool:
        return True


class ReportDialog(Quiet, ExportReportDialog):
    pass


@pytest.fixture
def temp_folder(tmp_path, monkeypatch):
    """A private system temporary folder (for this process and the export's child) to check for leftovers."""
    folder = tmp_path / "systemp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)
    assert tempfile.gettempdir() == str(folder)
    return folder


def _generate():  # type: ignore[no-untyped-def]
    path = Path(__file__).resolve().parents[1] / "bench" / "generate.py"
    spec = importlib.util.spec_from_file_location("cx_bench_generate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def progress_dialogs() -> list[JobProgressDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, JobProgressDialog) and w.isVisible()]


def window_click(widget: QWidget) -> None:
    """A click as the window system delivers it: to the top-level window, where modality applies.

    (QTest.mouseClick hands the event to the widget itself, past any modal dialog.)
    """
    top = widget.window()
    pos = QPointF(widget.mapTo(top, QPoint(5, 5)))
    for kind, buttons in (
        (QEvent.Type.MouseButtonPress, Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton),
    ):
        event = QMouseEvent(
            kind, pos, QPointF(top.mapToGlobal(pos)), Qt.MouseButton.LeftButton, buttons, Qt.KeyboardModifier.NoModifier
        )
        QApplication.sendEvent(top.windowHandle(), event)


def leftovers(*folders: Path) -> list[str]:
    return sorted(str(p.relative_to(f)) for f in folders for p in f.rglob("*"))


def child_sessions(data_dir: Path, doc) -> list[Path]:  # type: ignore[no-untyped-def]
    """The session folders of the export's child (the open document has its own)."""
    sessions = data_dir / "sessions"
    own = doc.working_copy.folder
    return sorted(p for p in sessions.iterdir() if p != own) if sessions.is_dir() else []


def test_a_300_card_report_never_stalls_the_window_and_clicks_meanwhile_go_nowhere(
    qtbot, tmp_path, temp_folder, data_dir
):
    project_file = tmp_path / "big.cxd"
    _generate().write(project_file, cards=300, journeys=1)
    doc = cxdesigner.open_project(project_file)
    jid = doc.journeys()[0].id
    out_folder = tmp_path / "out"
    out_folder.mkdir()
    dlg = ReportDialog(doc, jid, None, "en")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.set_output_path(out_folder / "report.pdf")
    started: list[list[str]] = []
    real_command = childjob.cli_command

    def counting(args):  # type: ignore[no-untyped-def]
        started.append(list(args))
        return real_command(args)

    stalls: list[float] = []
    ticks: list[float] = []
    seen: dict[str, object] = {}

    def tick() -> None:
        # The UI thread's own CPU time between two ticks: what our code kept it busy with. Wall
        # time would also count the scheduler giving the core to others on a loaded machine.
        now = time.thread_time()
        if ticks and (now - ticks[-1]) * 1000 > STALL_MS:
            stalls.append(now - ticks[-1])
        ticks.append(now)
        shown = progress_dialogs()
        if shown and "clicked" not in seen:
            # A user clicking Export again while the report is written.
            seen["clicked"] = True
            seen["title"] = shown[0].windowTitle()
            window_click(dlg.export_button)

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    timer.start()
    import unittest.mock

    with unittest.mock.patch.object(childjob, "cli_command", counting):
        assert dlg.export()
    timer.stop()
    doc.close()
    assert (out_folder / "report.pdf").read_bytes()[:5] == b"%PDF-"
    assert seen.get("clicked") and seen["title"] == "Export workshop report"
    assert len(started) == 1, "a click made during the export started another one"
    assert len(ticks) > 50  # the timer ran throughout (the report takes seconds)
    assert stalls == [], f"the UI thread stalled {len(stalls)} times: {[round(s * 1000) for s in stalls]} ms"
    assert leftovers(out_folder) == ["report.pdf"]
    assert leftovers(temp_folder) == []
    assert not list(childjob.snapshot_folder().iterdir())


# The real report child, held at its first progress report until it is stopped: a child that wrote the whole
# report before the test's next look would otherwise pass the Cancel by.
HELD_AT_FIRST_PROGRESS = """
import sys, time
from cxdesigner.cli import exchange_cmds
real = exchange_cmds._progress

def held(args):
    report = real(args)

    def first(done, total):
        report(done, total)
        while True:
            time.sleep(1)

    return first

exchange_cmds._progress = held
from cxdesigner.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def test_cancel_stops_the_child_and_leaves_no_file_and_no_temporary(
    qtbot, tmp_path, temp_folder, data_dir, monkeypatch
):
    monkeypatch.setattr(childjob, "cli_command", lambda args: (sys.executable, ["-c", HELD_AT_FIRST_PROGRESS, *args]))
    doc = cxdesigner.new_project(None, template="hotel")
    jid = doc.journeys()[0].id
    out_folder = tmp_path / "out"
    out_folder.mkdir()
    (out_folder / "keep.txt").write_text("mine")
    dlg = ReportDialog(doc, jid, None, "en")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.set_output_path(out_folder / "report.pdf")
    state: dict[str, object] = {}

    def poll() -> None:
        # Cancel once the child is at work: it has opened the snapshot (no clock involved).
        shown = progress_dialogs()
        opened = [p for p in child_sessions(data_dir, doc) if (p / "session.json").exists()]
        if shown and opened and "cancelled" not in state:
            state["cancelled"] = True
            state["children"] = [p.name for p in child_sessions(data_dir, doc)]
            QTest.mouseClick(shown[0].cancel_button, Qt.MouseButton.LeftButton)

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(poll)
    timer.start()
    assert not dlg.export()
    timer.stop()
    assert state.get("cancelled")
    assert dlg.isVisible() and dlg.written is None  # the dialog stays, ready to try again
    assert not getattr(dlg, "errors_shown", [])
    assert leftovers(out_folder) == ["keep.txt"]
    assert leftovers(temp_folder) == []
    assert not list(childjob.snapshot_folder().iterdir())
    assert child_sessions(data_dir, doc) == []
    doc.close()


def test_escape_and_closing_the_progress_dialog_cancel_too(qtbot, tmp_path, temp_folder, data_dir, monkeypatch):
    doc = cxdesigner.new_project(None, template="hotel")
    jid = doc.journeys()[0].id
    # A child that never ends on its own: only Cancel stops it.
    monkeypatch.setattr(
        childjob, "cli_command", lambda args: (sys.executable, ["-c", "import time\nwhile True: time.sleep(1)"])
    )
    io = FakeIO((tmp_path / "j.csv", 0))

    def press_escape() -> None:
        shown = progress_dialogs()
        if shown:
            QTest.keyClick(shown[0], Qt.Key.Key_Escape)
        else:
            QTimer.singleShot(TICK_MS, press_escape)

    QTimer.singleShot(0, press_escape)
    assert export_text(None, doc, jid, "csv", io=io) is None
    assert io.errors == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "systemp"]  # no j.csv, no staging folder
    assert leftovers(temp_folder) == []
    assert not list(childjob.snapshot_folder().iterdir())
    doc.close()


class FakeIO(DialogIO):
    def __init__(self, save: tuple[Path, int] | None) -> None:
        self.save = save
        self.errors: list[str] = []
        self.infos: list[str] = []

    def ask_save_path(self, title, suggested, filters, selected=0):  # type: ignore[no-untyped-def]
        return self.save

    def show_error(self, title: str, message: str) -> None:
        self.errors.append(message)

    def show_info(self, title: str, message: str) -> None:
        self.infos.append(message)


def test_a_read_only_folder_says_so_before_any_work(qtbot, tmp_path, temp_folder, monkeypatch):
    doc = cxdesigner.new_project(None, template="hotel")
    jid = doc.journeys()[0].id
    folder = tmp_path / "ro"
    folder.mkdir()
    started: list[object] = []
    monkeypatch.setattr(childjob, "cli_command", lambda args: started.append(args) or (sys.executable, []))
    if os.geteuid() == 0:
        # root writes anywhere: answer as the system does for a read-only folder.
        real_access = os.access
        monkeypatch.setattr(
            atomic.os, "access", lambda p, mode: False if Path(p) == folder else real_access(p, mode)
        )
    else:
        folder.chmod(0o555)
    try:
        dlg = ReportDialog(doc, jid, None, "en")
        qtbot.addWidget(dlg)
        dlg.show()
        dlg.set_output_path(folder / "report.pdf")
        assert not dlg.export()
    finally:
        folder.chmod(0o755)
    assert dlg.errors_shown == [f"{folder}: the folder is read-only; choose another folder"]
    assert started == [] and progress_dialogs() == []
    assert leftovers(folder, temp_folder) == []
    doc.close()


def test_an_error_in_the_child_arrives_as_one_line_naming_the_users_file(qtbot, tmp_path, temp_folder, monkeypatch):
    doc = cxdesigner.new_project(None, template="hotel")
    jid = doc.journeys()[0].id
    script = (
        "import sys\nargs = sys.argv[1:]\nout = args[args.index('-o') + 1]\n"
        "open(out + '.partial', 'w').write('half')\n"
        "print('cxdesigner: ' + out + ': the disk is full; free some space', file=sys.stderr)\nsys.exit(1)\n"
    )
    monkeypatch.setattr(childjob, "cli_command", lambda args: (sys.executable, ["-c", script, *args]))
    io = FakeIO((tmp_path / "j.mmd", 0))
    assert export_text(None, doc, jid, "mermaid", io=io) is None
    assert io.errors == [f"{tmp_path / 'j.mmd'}: the disk is full; free some space"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "systemp"]
    assert leftovers(temp_folder) == []
    doc.close()


def test_the_child_command_runs_this_package_or_the_bundle(monkeypatch):
    program, args = childjob.cli_command(["report", "x.cxd"])
    assert (program, args) == (sys.executable, ["-m", "cxdesigner", "report", "x.cxd"])
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert childjob.cli_command(["report", "x.cxd"]) == (sys.executable, ["report", "x.cxd"])


def test_an_import_reads_its_file_on_a_worker_thread(qtbot, tmp_path, monkeypatch):
    import threading

    from cxdesigner.dialogs import ImportTouchpointsDialog
    from cxdesigner.exchange import tables
    from cxdesigner.qtcommands import UndoStack

    doc = cxdesigner.new_project(None, template="hotel")
    jid = doc.journeys()[0].id
    source = tmp_path / "cards.csv"
    source.write_text("title\n" + "".join(f"card {i}\n" for i in range(50)), encoding="utf-8")
    threads: list[str] = []
    real_read = tables.read_table

    def read(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real_read(*args, **kwargs)

    monkeypatch.setattr(tables, "read_table", read)
    dlg = ImportTouchpointsDialog(doc, UndoStack(doc), jid, source)
    qtbot.addWidget(dlg)
    assert dlg.loaded and dlg.table is not None and len(dlg.table.rows) == 50
    assert threads and threading.main_thread().name not in threads
    doc.close()


def test_a_map_on_several_pages_fills_the_bar_page_by_page(qtbot, tmp_path, temp_folder, monkeypatch):
    from cxdesigner.dialogs import ExportMapDialog

    class MapDialog(Quiet, ExportMapDialog):
        pass

    doc = cxdesigner.new_project(None, template="hotel")
    jid = doc.journeys()[0].id
    told: list[tuple[int, int, int]] = []
    real = JobProgressDialog.set_progress

    def record(self, done, total):  # type: ignore[no-untyped-def]
        real(self, done, total)
        told.append((done, total, self.bar.maximum()))

    monkeypatch.setattr(JobProgressDialog, "set_progress", record)
    dlg = MapDialog(doc, jid, [], None, "en")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.set_format("pdf")
    dlg.paper_choice.setCurrentIndex(dlg.paper_choice.findData("a4"))
    dlg.set_output_path(tmp_path / "map.pdf")
    assert dlg.export()
    pages = told[0][1]
    assert pages > 1 and [t[0] for t in told] == list(range(pages)) and all(t[2] == pages for t in told)
    assert (tmp_path / "map.pdf").read_bytes()[:5] == b"%PDF-"
    doc.close()


def test_a_staging_folder_left_by_a_killed_app_is_removed_like_a_temporary(tmp_path):
    target = tmp_path / "report.pdf"
    staging = childjob.Staging(target)
    (staging.output).write_bytes(b"half")
    dead = staging.folder.with_name(staging.folder.name.replace(f"-{os.getpid()}-", "-999999999-"))
    staging.folder.rename(dead)
    assert atomic.remove_stale_temps(tmp_path) == [dead]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_a_mermaid_diagram_is_read_and_parsed_on_a_worker_thread(qtbot, tmp_path, monkeypatch):
    import threading

    from cxdesigner.dialogs.import_mermaid import ImportMermaidDialog
    from cxdesigner.exchange import mermaid
    from cxdesigner.qtcommands import UndoStack

    doc = cxdesigner.new_project(None, template="hotel")
    source = tmp_path / "journey.mmd"
    source.write_text("journey\n  title Trip\n  section Book\n    Search: 3: Me\n    Pay: 2: Me\n", encoding="utf-8")
    threads: list[str] = []
    real_parse = mermaid.parse_mermaid

    def parse(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(mermaid, "parse_mermaid", parse)
    try:
        dlg = ImportMermaidDialog(doc, UndoStack(doc), doc.journeys()[0].id, source)
        qtbot.addWidget(dlg)
        assert dlg.loaded and dlg.parsed is not None and "Search" in dlg.text
        assert threads and threading.main_thread().name not in threads
    finally:
        doc.close()


def test_a_child_the_system_ends_says_what_to_do(qtbot, tmp_path, temp_folder, monkeypatch):
    # The system's out-of-memory killer ends the child without a word: the message said only "stopped
    # unexpectedly (exit code 9)", which told the person nothing they could do.
    doc = cxdesigner.new_project(None, template="hotel")
    jid = doc.journeys()[0].id
    script = "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"
    monkeypatch.setattr(childjob, "cli_command", lambda args: (sys.executable, ["-c", script, *args]))
    io = FakeIO((tmp_path / "j.mmd", 0))
    assert export_text(None, doc, jid, "mermaid", io=io) is None
    assert len(io.errors) == 1 and "stopped unexpectedly" in io.errors[0]
    assert io.errors[0].endswith("Nothing was written. Close other programs and try again, or export less at once "
                                 "(one journey, a lower resolution).")
    assert not (tmp_path / "j.mmd").exists() and leftovers(temp_folder) == []
    doc.close()
