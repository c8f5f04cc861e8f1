"""The lanes without cards in the window: File ▸ Export ▸ Lanes (CSV) and Edit ▸ Fill Figures from Survey."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

import cxdesigner
from cxdesigner.dialogs import fill_survey
from cxdesigner.dialogs.common import DialogIO
from cxdesigner.dialogs.export_text import export_text
from cxdesigner.document import commands as c
from cxdesigner.mainwindow import MainWindow
from cxdesigner.model import LaneCell, Response
from cxdesigner.qtcommands import UndoStack


class FakeIO(DialogIO):
    def __init__(self, save: tuple[Path, int] | None = None) -> None:
        self.save = save
        self.asked: list[tuple[Path, list[str], int]] = []
        self.errors: list[str] = []

    def ask_save_path(self, title, suggested, filters, selected=0):  # type: ignore[no-untyped-def]
        self.asked.append((suggested, list(filters), selected))
        return self.save

    def show_error(self, title: str, message: str) -> None:
        self.errors.append(message)


@pytest.fixture
def doc():
    d = cxdesigner.new_project(None, template="hotel")
    jid = d.project.journeys()[0].id
    lane = d.add_lane(jid, "Booking NPS", "metric")
    stage = d.project.stages(jid)[0].id
    d.execute(c.AddEntitiesCommand([LaneCell(id="lc-x", journey_id=jid, lane_id=lane, stage_id=stage, value=3)]))
    card = d.project.touchpoints(jid)[0]
    d.execute(c.AddEntitiesCommand([
        Response(id=f"rs-{i}", touchpoint_id=card.id, measure="nps", score=s) for i, s in enumerate([10, 10, 2])
    ]))  # fmt: skip
    d.ids = {"journey": jid, "lane": lane, "stage": card.stage_id}  # type: ignore[attr-defined]
    yield d
    d.close()


def test_the_lanes_csv_export_from_the_window_writes_the_journeys_lanes(qtbot, doc, tmp_path):
    out = FakeIO((tmp_path / "lanes", 1))  # the second file type: semicolons
    written = export_text(None, doc, doc.ids["journey"], "lanes", io=out)
    assert written == (tmp_path / "lanes.csv").absolute() and out.errors == []
    suggested, filters, _ = out.asked[0]
    assert suggested.name.endswith("-lanes.csv") and len(filters) == 2
    rows = list(csv.reader(io.StringIO(written.read_text("utf-8-sig")), delimiter=";"))
    assert rows[0][1] == "Lane" and any(r[1] == "Booking NPS" and r[5] == "3" for r in rows[1:])


def test_the_dialog_previews_each_stage_and_fills_the_lane_as_one_undo_step(qtbot, doc, monkeypatch):
    stack = UndoStack(doc)
    seen: list[str] = []

    def run(dialog: QDialog) -> int:
        qtbot.addWidget(dialog)
        # The hotel has its own lane of figures (guests satisfied) before this one.
        assert dialog.lane_choice.count() == 2
        dialog.lane_choice.setCurrentIndex(dialog.lane_choice.findData(doc.ids["lane"]))
        dialog.measure_choice.setCurrentIndex(dialog.measure_choice.findData("nps"))
        seen.append(dialog.preview.text())
        assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(fill_survey.FillSurveyDialog, "exec", run)
    before = doc.project.snapshot()
    assert fill_survey.fill_from_survey(None, doc, stack, doc.ids["journey"], io=FakeIO())
    assert "33.33 · 3 answers" in seen[0] and "no answers" in seen[0]
    cell = doc.project.lane_cell(doc.ids["stage"], doc.ids["lane"])
    assert cell.value == 33.33 and cell.source == "survey: 3 answers"
    stack.undo()
    assert doc.project.snapshot() == before
    stack.clear()


def test_a_journey_without_a_lane_of_figures_says_what_to_do(qtbot):
    d = cxdesigner.new_project(None)  # the hotel has a lane of figures
    try:
        out = FakeIO()
        assert not fill_survey.fill_from_survey(None, d, UndoStack(d), d.project.journeys()[0].id, io=out)
        assert out.errors == ["The journey has no lane of figures: add one first."]
    finally:
        d.close()


def test_the_edit_menu_and_the_export_menu_offer_the_lanes(qtbot, tmp_path, monkeypatch):
    from cxdesigner import dialogs

    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    w = MainWindow()
    qtbot.addWidget(w)
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    try:
        w.open_path(path)
        calls = []
        monkeypatch.setattr(dialogs, "export_text", lambda *a: calls.append(a[3]))
        monkeypatch.setattr(fill_survey.FillSurveyDialog, "exec", lambda self: calls.append("fill") or 0)
        exports = {a.text().replace("&", ""): a for a in w.export_menu.actions()}
        exports["Lanes without cards (CSV)…"].trigger()
        assert w.act_fill_survey in w.edit_menu.actions() and w.act_fill_survey.isEnabled()
        errors: list[str] = []
        monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: errors.append(a[2]))
        monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: errors.append(a[2]))
        w.doc.add_lane(w.selection.journey_id, "Figures", "metric")
        w.act_fill_survey.trigger()
        assert calls == ["lanes", "fill"]
    finally:
        w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
        w.close()


def test_a_measure_without_answers_says_what_to_do_and_the_title_fits(qtbot, doc):
    dialog = fill_survey.FillSurveyDialog(doc, doc.ids["journey"], doc.ids["lane"])
    qtbot.addWidget(dialog)
    dialog.measure_choice.setCurrentIndex(dialog.measure_choice.findData("csat"))
    # Seven "no answers" lines and a greyed OK did not say where answers come from.
    assert dialog.preview.text() == (
        "No answers for this measure in this journey yet: choose another measure, or import survey answers "
        "(File ▸ Import ▸ Survey answers…)"
    )
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.measure_choice.setCurrentIndex(dialog.measure_choice.findData("nps"))
    assert "33.33 · 3 answers" in dialog.preview.text()
    # The window manager cut "Rellenar cifras con la encuesta — CX Designer" to "Rellenar cifras con l…uesta".
    shown_title = dialog.windowTitle() + " — CX Designer"
    assert dialog.minimumWidth() > dialog.fontMetrics().horizontalAdvance(shown_title) + 100
