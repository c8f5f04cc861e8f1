"""File ▸ Export ▸ Map with "Include linked journeys" (issue 16): the real dialog, the real export child."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from dialogguard import no_native_dialogs  # noqa: F401  (autouse: no native dialog in these tests)
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

import cxdesigner
from cxdesigner.dialogs import ExportMapDialog
from cxdesigner.dialogs.background import JobProgressDialog
from cxdesigner.document import commands as c
from cxdesigner.document.subjourney import LinkSubJourneyCommand, NewSubJourneyCommand
from cxdesigner.exchange.linked import LinkedRefusal, linked_paths, linked_refusal
from cxdesigner.services import childjob


class MapDialog(ExportMapDialog):
    """The real dialog with its questions and messages answered and recorded instead of shown."""

    overwrite = True

    def show_error(self, title: str, message: str) -> None:
        self.__dict__.setdefault("errors_shown", []).append(message)

    def show_info(self, title: str, message: str) -> None:
        self.__dict__.setdefault("infos_shown", []).append(message)

    def ask_overwrite(self, path: Path) -> bool:
        self.__dict__.setdefault("overwrite_asked", []).append([path])
        return self.overwrite

    def ask_overwrite_files(self, paths):  # type: ignore[no-untyped-def]
        if len(paths) == 1:
            return self.ask_overwrite(paths[0])
        self.__dict__.setdefault("overwrite_asked", []).append(list(paths))
        return self.overwrite


@pytest.fixture
def env(qtbot):
    """The hotel template: its check-in card opens 'Check-in' (one card), another card opens a deleted journey."""
    from cxdesigner import settings as app_settings

    app_settings.set_value("export/format", "")
    app_settings.set_value("export/folder", "")
    doc = cxdesigner.new_project(None, template="hotel")
    parent = doc.journeys()[0]
    cards = doc.project.touchpoints(parent.id)
    sub = doc.execute(NewSubJourneyCommand(cards[3].id, name="Check-in")).journey_id
    st_, ln = doc.project.stages(sub), doc.project.lanes(sub)
    doc.add_touchpoint(sub, st_[0].id, ln[0].id, "Key card")
    gone = doc.execute(c.AddJourneyCommand("Spa")).journey_id
    doc.execute(LinkSubJourneyCommand(cards[5].id, gone))
    doc.execute(c.DeleteJourneyCommand(gone))
    yield doc, parent.id, sub, cards[5].title
    doc.close()


def open_dialog(qtbot, doc, jid):  # type: ignore[no-untyped-def]
    dlg = MapDialog(doc, jid, [], None, "en")
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def test_the_checkbox_is_enabled_only_for_a_journey_with_sub_journeys(qtbot, env, tmp_path):
    doc, parent, sub, _title = env
    dlg = open_dialog(qtbot, doc, parent)
    assert dlg.linked_check.isEnabled() and not dlg.linked_check.isChecked()  # default off
    assert "--linked" not in dlg.command(tmp_path / "p.cxd", tmp_path / "m.png")
    dlg.linked_check.setChecked(True)
    assert dlg.command(tmp_path / "p.cxd", tmp_path / "m.png")[-1] == "--linked"
    # 'Check-in' opens nothing: off, disabled, and the tooltip says why.
    dlg.journey_choice.setCurrentIndex(dlg.journey_choice.findData(sub))
    assert not dlg.linked_check.isEnabled() and not dlg.linked_check.isChecked()
    assert "open no other journey" in dlg.linked_check.toolTip()
    assert "--linked" not in dlg.command(tmp_path / "p.cxd", tmp_path / "m.png")


def test_a_png_per_journey_named_as_the_command_line_names_them(qtbot, env, tmp_path):
    doc, parent, sub, broken_title = env
    dlg = open_dialog(qtbot, doc, parent)
    dlg.set_format("png")
    dlg.dpi_spin.setValue(72)
    dlg.linked_check.setChecked(True)
    dlg.set_output_path(tmp_path / "map.png")
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Accepted, dlg.__dict__.get("errors_shown")
    main, beside = (tmp_path / "map.png").absolute(), (tmp_path / "map - Check-in.png").absolute()
    assert linked_paths(doc.project, [parent, sub], main) == [main, beside]
    assert sorted(dlg.files_written) == sorted([main, beside])
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == ["map - Check-in.png", "map.png"]
    images = [QImage(str(p)) for p in (main, beside)]
    assert not any(i.isNull() for i in images)
    assert images[1].width() < images[0].width()  # the one-card sub-journey, not the hotel map again
    [message] = dlg.infos_shown
    assert str(main) in message and str(beside) in message
    # The link to the deleted journey was skipped and named.
    assert "Skipped 1 link to a deleted journey" in message and f"“{broken_title}”" in message
    assert not dlg.__dict__.get("overwrite_asked")


def test_one_question_lists_every_file_that_would_be_replaced(qtbot, env, tmp_path):
    doc, parent, _sub, _title = env
    old = [tmp_path / "map.svg", tmp_path / "map - Check-in.svg"]
    for p in old:
        p.write_text("keep me", encoding="utf-8")
    dlg = open_dialog(qtbot, doc, parent)
    dlg.set_format("svg")
    dlg.linked_check.setChecked(True)
    dlg.set_output_path(tmp_path / "map.svg")
    dlg.overwrite = False
    assert not dlg.export()
    assert dlg.overwrite_asked == [[p.absolute() for p in old]]
    assert all(p.read_text(encoding="utf-8") == "keep me" for p in old)
    dlg.overwrite = True
    assert dlg.export()
    assert all(b"<svg" in p.read_bytes() for p in old)
    assert b"Key card" in old[1].read_bytes() and b"Key card" not in old[0].read_bytes()


def test_with_only_the_selected_cards_it_refuses_in_one_line(qtbot, env, tmp_path):
    doc, parent, _sub, _title = env
    ids = [tp.id for tp in doc.project.touchpoints(parent)][:2]
    dlg = MapDialog(doc, parent, ids, None, "en")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.selected_radio.setChecked(True)
    dlg.linked_check.setChecked(True)
    dlg.set_output_path(tmp_path / "map.png")
    assert not dlg.export()
    [error] = dlg.errors_shown
    assert "\n" not in error and "selected cards" in error
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == []
    # The same rule the command line applies.
    assert linked_refusal("png", with_cards=True) is LinkedRefusal.CARDS
    assert linked_refusal("cxd") is LinkedRefusal.WHOLE_PROJECT and linked_refusal("csv") is None


# A child that writes the first journey's file, says so, then works on forever: only Cancel stops it.
HALF_DONE = """
import sys, time
args = sys.argv[1:]
out = args[args.index("-o") + 1]
open(out, "wb").write(b"first journey")
print("@progress 1 2", file=sys.stderr, flush=True)
while True:
    time.sleep(0.05)
"""


def test_cancel_after_the_first_journey_leaves_no_file(qtbot, env, tmp_path, monkeypatch):
    doc, parent, _sub, _title = env
    monkeypatch.setattr(childjob, "cli_command", lambda args: (sys.executable, ["-c", HALF_DONE, *args]))
    dlg = open_dialog(qtbot, doc, parent)
    dlg.set_format("svg")
    dlg.linked_check.setChecked(True)
    dlg.set_output_path(tmp_path / "map.svg")

    cancelled: list[bool] = []

    def cancel_when_half_done() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, JobProgressDialog) and w.isVisible()]
        staged = [p for p in tmp_path.glob(".*/map.svg")]  # the staging folder beside the target
        if shown and staged and shown[0].bar.value() == 1:
            cancelled.append(True)
            QTest.mouseClick(shown[0].cancel_button, Qt.MouseButton.LeftButton)
        else:
            QTimer.singleShot(10, cancel_when_half_done)

    QTimer.singleShot(0, cancel_when_half_done)
    assert not dlg.export()
    assert cancelled == [True]
    assert dlg.isVisible() and dlg.files_written == [] and not dlg.__dict__.get("errors_shown")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]  # no map, no staging folder


class TextIO(cxdesigner.dialogs.DialogIO):
    """File ▸ Export's chooser for the text formats, answered at once; its questions and boxes recorded."""

    def __init__(self, save: Path, include: bool | None, overwrite: bool = True) -> None:
        self.save, self.include, self.overwrite = save, include, overwrite
        self.asked_linked: list[int] = []
        self.asked_overwrite: list[list[Path]] = []
        self.errors: list[str] = []
        self.infos: list[str] = []

    def ask_save_path(self, title, suggested, filters, selected=0):  # type: ignore[no-untyped-def]
        return self.save, 0

    def ask_include_linked(self, title: str, count: int) -> bool | None:
        self.asked_linked.append(count)
        return self.include

    def ask_overwrite_files(self, paths):  # type: ignore[no-untyped-def]
        self.asked_overwrite.append(list(paths))
        return self.overwrite

    def show_error(self, title: str, message: str) -> None:
        self.errors.append(message)

    def show_info(self, title: str, message: str) -> None:
        self.infos.append(message)


@pytest.mark.parametrize(
    ("fmt", "suffix", "marker"), [("mermaid", ".mmd", "journey"), ("drawio", ".drawio", "<mxfile")]
)
def test_a_diagram_export_asks_and_writes_one_file_per_journey(qtbot, env, tmp_path, fmt, suffix, marker):
    from cxdesigner.dialogs import export_text

    doc, parent, sub, broken_title = env
    out = tmp_path / f"diagram{suffix}"
    io = TextIO(out, include=True)
    assert export_text(None, doc, parent, fmt, io=io) == out.absolute()
    assert io.asked_linked == [1] and not io.errors and not io.asked_overwrite
    main, beside = out.absolute(), (tmp_path / f"diagram - Check-in{suffix}").absolute()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == sorted([main.name, beside.name])
    assert marker in main.read_text(encoding="utf-8") and "Key card" in beside.read_text(encoding="utf-8")
    assert "Key card" not in main.read_text(encoding="utf-8")
    (message,) = io.infos
    assert str(main) in message and str(beside) in message and broken_title in message
    assert "deleted journey" in message

    # Again: the file beside the chosen one exists, so the one question lists it; No writes nothing.
    before = beside.read_bytes()
    beside.write_text("mine", encoding="utf-8")
    io = TextIO(out, include=True, overwrite=False)
    assert export_text(None, doc, parent, fmt, io=io) is None
    assert io.asked_overwrite == [[beside]] and beside.read_text(encoding="utf-8") == "mine"
    # Left out, only the journey itself is written and nothing is said afterwards.
    beside.unlink()
    io = TextIO(out, include=False)
    assert export_text(None, doc, parent, fmt, io=io) == out.absolute()
    assert not beside.exists() and not io.infos
    assert before  # the first export's sub-journey file was not empty
