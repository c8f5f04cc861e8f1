"""Import dialogs driven through their widgets: preview, mapping, row errors, one undo step, targets."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import openpyxl
import pytest
from dialogguard import no_native_dialogs  # noqa: F401  (autouse: no native dialog in these tests)
from importkit import JourneysDialog, MermaidDialog, SurveyDialog, TouchpointsDialog
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

import cxdesigner
from cxdesigner.dialogs import (
    DialogIO,
    import_journeys,
    import_touchpoints,
)
from cxdesigner.exchange import tables
from cxdesigner.qtcommands import UndoStack


class FakeIO(DialogIO):
    """File choosers that answer at once and message boxes that only record."""

    def __init__(self, open_path: Path | None = None) -> None:
        self.open_path = open_path
        self.errors: list[str] = []

    def ask_open_path(self, title, filters, folder=None):  # type: ignore[no-untyped-def]
        return self.open_path

    def show_error(self, title: str, message: str) -> None:
        self.errors.append(message)


@pytest.fixture
def env(qtbot):
    doc = cxdesigner.new_project(None, template="hotel")
    journey = doc.project.journeys()[0]
    stack = UndoStack(doc)
    yield doc, journey.id, stack
    stack.clear()
    doc.close()


def open_dialog(qtbot, cls, *args):  # type: ignore[no-untyped-def]
    dlg = cls(*args)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def list_texts(widget) -> list[str]:  # type: ignore[no-untyped-def]
    return [widget.item(i).text() for i in range(widget.count())]


def write_csv(tmp_path: Path, text: str, name: str = "workshop.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


WORKSHOP = (
    "Título;Etapa;Canal;Emoción;Importancia;Color\n"
    "Llamada al hotel;Compra;Teléfono;-2;4;rojo\n"
    "Reseña en Google;Recomendación;Buscador;muy mal;3;azul\n"
    "Check-in en la app;Uso;App;1;5;\n"
)


def test_invalid_row_is_listed_and_valid_rows_import_as_one_undo_step(qtbot, env, tmp_path):
    doc, jid, stack = env
    before = len(doc.project.touchpoints(jid))
    dlg = open_dialog(qtbot, TouchpointsDialog, doc, stack, jid, write_csv(tmp_path, WORKSHOP))
    assert dlg.loaded
    assert list_texts(dlg.error_list) == ["row 3, emotion: “muy mal” is not a number from −3 to 3"]
    assert "“Color”" in dlg.ignored_label.text()
    assert dlg.column_combo(5).currentData() == ""  # the unknown column is ignored
    assert dlg.column_combo(3).currentData() == "emotion"
    assert dlg.import_button.text() == "Import valid rows (2)"
    assert dlg.nothing_button.isVisible()
    # the invalid row is tinted in the preview
    assert dlg.preview.item(2, 0).background().color().name() != dlg.preview.item(1, 0).background().color().name()

    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Accepted
    titles = [tp.title for tp in doc.project.touchpoints(jid)]
    assert len(titles) == before + 2
    assert "Llamada al hotel" in titles and "Check-in en la app" in titles and "Reseña en Google" not in titles
    assert stack.count() == 1
    assert dlg.outcome.skipped_rows == [3]

    stack.undo()
    assert len(doc.project.touchpoints(jid)) == before
    stack.redo()
    assert len(doc.project.touchpoints(jid)) == before + 2


def test_import_nothing_changes_nothing(qtbot, env, tmp_path):
    doc, jid, stack = env
    snapshot = doc.project.snapshot()
    dlg = open_dialog(qtbot, TouchpointsDialog, doc, stack, jid, write_csv(tmp_path, WORKSHOP))
    qtbot.mouseClick(dlg.nothing_button, Qt.MouseButton.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Rejected and dlg.imported_nothing
    assert dlg.outcome is None
    assert stack.count() == 0
    assert doc.project.snapshot() == snapshot


def test_changing_a_column_mapping_checks_the_rows_again(qtbot, env, tmp_path):
    doc, jid, stack = env
    text = "Card,Mood,Notes\nFirst,-2,a\nSecond,awful,b\n"
    dlg = open_dialog(qtbot, TouchpointsDialog, doc, stack, jid, write_csv(tmp_path, text))
    # "Card" is a known name for the title; "Mood" is not recognised, so it starts ignored.
    assert dlg.column_combo(0).currentData() == "title"
    assert dlg.column_combo(1).currentData() == ""
    assert "“Mood”" in dlg.ignored_label.text()
    assert dlg.import_button.text() == "Import" and not dlg.nothing_button.isVisible()

    combo = dlg.column_combo(1)
    combo.setCurrentIndex(combo.findData("emotion"))
    assert list_texts(dlg.error_list) == ["row 3, emotion: “awful” is not a number from −3 to 3"]
    assert dlg.import_button.text() == "Import valid rows (1)"
    assert "“Mood”" not in dlg.ignored_label.text()

    # A field comes from one column: giving "title" to Notes takes it from Card.
    dlg.set_column_field(2, "title")
    assert dlg.column_combo(0).currentData() == ""
    assert dlg.mapping == {1: "emotion", 2: "title"}

    # Without a title column nothing can be imported, and the report says why.
    dlg.set_column_field(2, "")
    assert not dlg.import_button.isEnabled()
    assert "No column is imported as “Title”" in dlg.summary_label.text()


def test_import_into_a_new_journey_is_undone_whole(qtbot, env, tmp_path):
    doc, jid, stack = env
    journeys = len(doc.project.journeys())
    text = "title,stage,lane,channel\nFirst look,Awareness,Backstage,Pigeon post\nSecond,My own stage,,\n"
    dlg = open_dialog(qtbot, TouchpointsDialog, doc, stack, jid, write_csv(tmp_path, text))
    assert dlg.import_button.text() == "Import"
    dlg.set_target(new_name="Ñandú workshop")
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    new = doc.project.get("journey", dlg.outcome.journey_id)
    assert new.name == "Ñandú workshop"
    assert [tp.title for tp in doc.project.touchpoints(new.id)] == ["First look", "Second"]
    assert "Pigeon post" in [c.name for c in doc.project.channels()]
    assert stack.count() == 1
    stack.undo()
    assert len(doc.project.journeys()) == journeys
    assert "Pigeon post" not in [c.name for c in doc.project.channels()]


def test_delimiter_override_reads_the_file_again(qtbot, env, tmp_path):
    doc, jid, stack = env
    path = write_csv(tmp_path, "title;emotion\nA, b;1\nC;2\n")
    dlg = open_dialog(qtbot, TouchpointsDialog, doc, stack, jid, path)
    assert dlg.table.delimiter == ";" and dlg.preview.columnCount() == 2
    assert dlg.import_button.isEnabled()
    dlg.delimiter_combo.setCurrentIndex(dlg.delimiter_combo.findData(","))
    assert dlg.table.delimiter == ","
    assert dlg.preview.columnCount() == 2  # "title;emotion" is now one header, "A" / " b;1" the cells
    assert not dlg.import_button.isEnabled() and "reads as one column" in dlg.summary_label.text()


def test_xlsx_with_two_sheets_offers_the_sheet_choice(qtbot, env, tmp_path):
    doc, jid, stack = env
    path = tmp_path / "workshop.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    wb.active.append(["whatever"])
    ws = wb.create_sheet("Cards")
    ws.append(["Title", "Emotion", "Importance"])
    ws.append(["Arrives at reception", -1, 4])
    ws.append(["Room not ready", -3, 5])
    wb.save(path)
    dlg = open_dialog(qtbot, TouchpointsDialog, doc, stack, jid, path)
    assert dlg.is_xlsx and dlg.sheet_combo.isVisible() and not dlg.delimiter_combo.isVisible()
    assert not dlg.import_button.isEnabled()  # the first sheet has no title column
    dlg.sheet_combo.setCurrentIndex(dlg.sheet_combo.findData("Cards"))
    assert dlg.import_button.isEnabled() and dlg.import_button.text() == "Import"
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    added = [doc.project.get("touchpoint", i) for i in dlg.outcome.touchpoint_ids]
    assert [(t.title, t.emotion) for t in added] == [("Arrives at reception", -1), ("Room not ready", -3)]


def test_unreadable_file_and_cancelled_reading(qtbot, env, tmp_path, monkeypatch):
    doc, jid, stack = env
    empty = write_csv(tmp_path, "\n\n", "empty.csv")
    dlg = TouchpointsDialog(doc, stack, jid, empty)
    qtbot.addWidget(dlg)
    assert not dlg.loaded and "empty" in dlg.load_error
    assert dlg.run() is None and dlg.errors_shown == [dlg.load_error]

    # The progress dialog's Cancel stops the reading; nothing is shown and nothing changes.
    big = write_csv(tmp_path, "title\n" + "".join(f"card {i}\n" for i in range(4500)), "big.csv")
    from cxdesigner.dialogs.background import JobProgressDialog

    real_exec = JobProgressDialog.exec
    monkeypatch.setattr(JobProgressDialog, "exec", lambda self: (self.cancel(), real_exec(self))[1])
    real_read = tables.read_table

    def read_once_cancelled(path, delimiter, progress, room=None, room_kind="touchpoint"):  # type: ignore[no-untyped-def]
        # The worker could finish 4,500 rows before the dialog's Cancel (Python 3.13 did): the reading
        # waits for it, so which comes first never depends on timing. Bounded: a missing Cancel fails.
        for _ in range(10_000):
            if not progress(0, 1):
                break
            time.sleep(0.001)
        return real_read(path, delimiter, progress=progress)

    monkeypatch.setattr(tables, "read_table", read_once_cancelled)
    dlg = TouchpointsDialog(doc, stack, jid, big)
    qtbot.addWidget(dlg)
    assert not dlg.loaded and dlg.load_error == ""
    assert dlg.run() is None and not dlg.__dict__.get("errors_shown")
    assert stack.count() == 0


def test_import_touchpoints_entry_point_without_a_file(qtbot, env, tmp_path):
    doc, jid, stack = env
    assert import_touchpoints(None, doc, stack, jid, io=FakeIO(None)) is None
    bad = tmp_path / "other.cxd"
    bad.write_bytes(b"not a project at all")
    io = FakeIO(bad)
    assert import_journeys(None, doc, stack, io=io) is None
    assert len(io.errors) == 1 and "other.cxd" in io.errors[0]
    assert stack.count() == 0


def test_survey_answers_import_valid_rows(qtbot, env, tmp_path):
    doc, jid, stack = env
    cards = doc.project.touchpoints(jid)
    text = (
        "Touchpoint,Measure,Score,Date,Comment\n"
        f"{cards[0].title},NPS,9,2024-05-01,Great <b>view</b>\n"
        f"{cards[1].title},csat,9,,\n"
        f"{cards[1].title},ces,2,,\n"
        "Nobody knows this card,nps,3,,\n"
    )
    dlg = open_dialog(qtbot, SurveyDialog, doc, stack, jid, write_csv(tmp_path, text, "survey.csv"))
    errors = list_texts(dlg.error_list)
    assert errors[0] == "row 3, score: 9 is out of range: it must be from 1 to 5 for csat"
    assert errors[1].startswith("row 5, touchpoint: no touchpoint titled “Nobody knows this card”")
    assert dlg.import_button.text() == "Import valid rows (2)"
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    responses = doc.project.responses()
    assert sorted((r.measure, r.score) for r in responses) == [("ces", 2), ("nps", 9)]
    assert any(r.comment == "Great <b>view</b>" for r in responses)
    stack.undo()
    assert doc.project.responses() == []


def test_journeys_from_another_project(qtbot, env, tmp_path):
    doc, jid, stack = env
    other_path = tmp_path / "other.cxd"
    other = cxdesigner.new_project(other_path, template="hotel")
    other_journey = other.project.journeys()[0]
    cards = len(other.project.touchpoints(other_journey.id))
    other.close()
    before = len(doc.project.journeys())

    dlg = open_dialog(qtbot, JourneysDialog, doc, stack, other_path)
    assert dlg.loaded
    item = dlg.items()[0]
    assert item.text(0) == other_journey.name and item.text(1) == "Laura Méndez" and item.text(2) == str(cards)
    assert dlg.import_button.text() == "Import 1 journey"
    dlg.set_all(False)
    assert not dlg.import_button.isEnabled()
    item.setCheckState(0, Qt.CheckState.Checked)
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)

    journeys = doc.project.journeys()
    assert len(journeys) == before + 1
    merged = doc.project.get("journey", dlg.outcome.journey_ids[0])
    assert merged.name == f"{other_journey.name} (2)"  # the name clash is resolved
    assert len(doc.project.touchpoints(merged.id)) == cards
    assert stack.count() == 1
    stack.undo()
    assert len(doc.project.journeys()) == before


def test_unreadable_project_file_says_why(qtbot, env, tmp_path):
    doc, _, stack = env
    bad = tmp_path / "other.cxd"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    dlg = JourneysDialog(doc, stack, bad)
    qtbot.addWidget(dlg)
    assert not dlg.loaded
    assert dlg.run() is None and dlg.errors_shown and dlg.errors_shown[0] == dlg.load_error


def test_mermaid_import_with_a_bad_line(qtbot, env, tmp_path):
    doc, jid, stack = env
    path = tmp_path / "day.mmd"
    path.write_text(
        "journey\n  title Día de compras\n  section Tienda\n    Entra: 5: Ana\n    Paga: x: Ana\n"
        "  section Casa\n    Abre la caja: 1: Ana\n",
        encoding="utf-8",
    )
    before = len(doc.project.journeys())
    dlg = open_dialog(qtbot, MermaidDialog, doc, stack, jid, path)
    assert list_texts(dlg.error_list) == ["line 5, score: “x” is not a Mermaid score from 1 to 5"]
    assert dlg.new_name.text() == "Día de compras"
    assert dlg.import_button.text() == "Import valid lines (2)"
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    new = doc.project.get("journey", dlg.outcome.journey_id)
    assert new.name == "Día de compras"
    assert [(t.title, t.emotion) for t in doc.project.touchpoints(new.id)] == [("Entra", 3), ("Abre la caja", -3)]
    stack.undo()
    assert len(doc.project.journeys()) == before


def test_mermaid_import_nothing(qtbot, env, tmp_path):
    doc, jid, stack = env
    path = tmp_path / "bad.mmd"
    path.write_text("journey\n  section A\n    Task: 9\n", encoding="utf-8")
    dlg = open_dialog(qtbot, MermaidDialog, doc, stack, jid, path)
    assert dlg.nothing_button.isVisible()
    qtbot.mouseClick(dlg.nothing_button, Qt.MouseButton.LeftButton)
    assert dlg.imported_nothing and stack.count() == 0

    notjourney = tmp_path / "flow.mmd"
    notjourney.write_text("flowchart LR\n  A --> B\n", encoding="utf-8")
    dlg = MermaidDialog(doc, stack, jid, notjourney)
    qtbot.addWidget(dlg)
    assert not dlg.loaded and "not a Mermaid journey" in dlg.load_error


def test_text_from_the_file_is_shown_as_plain_text(qtbot, env, tmp_path):
    doc, jid, stack = env
    path = write_csv(tmp_path, "title,<i>odd</i> header\n<b>x</b>,$x$\n", "<b>w&amp;.csv")
    dlg = open_dialog(qtbot, TouchpointsDialog, doc, stack, jid, path)
    assert dlg.file_label.textFormat() == Qt.TextFormat.PlainText
    assert dlg.file_label.text().startswith("<b>w&amp;.csv")
    assert dlg.preview.item(1, 0).text() == "<b>x</b>"
    assert dlg.preview.horizontalHeaderItem(1).text() == "<i>odd</i> header"
    assert dlg.ignored_label.textFormat() == Qt.TextFormat.PlainText and "<i>odd</i>" in dlg.ignored_label.text()
    for label in (dlg.summary_label, dlg.notes_label):
        assert label.textFormat() == Qt.TextFormat.PlainText


def test_without_a_title_column_the_check_says_to_choose_title_in_the_dialog(qtbot, env, tmp_path):
    # The file's headers are the client's own; the dialog's mapping row is where the user fixes it.
    doc, jid, stack = env
    path = write_csv(tmp_path, "Paso del cliente,Canal\nLlama al hotel,Teléfono\n", "cliente.csv")
    dlg = open_dialog(qtbot, TouchpointsDialog, doc, stack, jid, path)
    assert dlg.summary_label.text() == (
        "No column is imported as “Title”: choose “Title” in the “Import as” row above the column "
        "that holds the card titles"
    )
    assert not dlg.import_button.isEnabled()
    dlg.set_column_field(0, "title")
    assert dlg.summary_label.text() == "1 touchpoint is ready to import"
    assert dlg.import_button.isEnabled()


def test_a_file_with_headers_and_no_rows_says_so_not_that_every_row_is_valid(qtbot, env, tmp_path):
    doc, jid, stack = env
    dlg = open_dialog(qtbot, TouchpointsDialog, doc, stack, jid, write_csv(tmp_path, "Title,Stage\n", "empty.csv"))
    assert dlg.summary_label.text() == "The file has headers but no rows under them: nothing to import"
    assert list_texts(dlg.error_list) == []
    assert not dlg.import_button.isEnabled()


def test_the_import_itself_shows_a_busy_cursor_and_gives_it_back(qtbot, env, tmp_path, monkeypatch):
    # Tens of thousands of rows take seconds to add on the window's thread: the pointer says it is working.
    from PySide6.QtWidgets import QApplication

    from cxdesigner.dialogs import common

    doc, jid, stack = env
    seen = []
    real_push = common.push

    def push(*args):  # type: ignore[no-untyped-def]
        cursor = QApplication.overrideCursor()
        seen.append(cursor.shape() if cursor is not None else None)
        return real_push(*args)

    monkeypatch.setattr(common, "push", push)
    dlg = open_dialog(qtbot, TouchpointsDialog, doc, stack, jid, write_csv(tmp_path, "Title\nA\nB\n"))
    assert dlg.import_rows()
    assert seen == [Qt.CursorShape.WaitCursor] and QApplication.overrideCursor() is None
    stack.undo()


def test_a_file_gone_before_reading_it_again_keeps_the_delimiter_shown_with_the_rows(qtbot, env, tmp_path):
    doc, jid, stack = env
    path = write_csv(tmp_path, "title;emotion\nA;1\n")
    dlg = open_dialog(qtbot, TouchpointsDialog, doc, stack, jid, path)
    path.unlink()
    dlg.delimiter_combo.setCurrentIndex(dlg.delimiter_combo.findData(","))
    assert len(dlg.errors_shown) == 1 and "does not exist" in dlg.errors_shown[0]
    # The rows shown are still the ones read with ";": the choice says so, not the "," that failed.
    assert dlg.delimiter_combo.currentIndex() == 0 and dlg.table.delimiter == ";"
    assert dlg.import_button.isEnabled()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_mermaid_file_that_is_a_pipe_is_refused_not_read(qtbot, env, tmp_path):
    # Reading a pipe waits for a writer, for ever when there is none, and holds the one import
    # worker so every later import waits too. A writer feeds this one so the old way got its text.
    doc, jid, stack = env
    pipe = tmp_path / "diagram.mmd"
    os.mkfifo(pipe)

    def feed() -> None:
        try:
            with open(pipe, "w", encoding="utf-8") as f:
                f.write("journey\n  section A\n    Step: 5: Ana\n")
        except OSError:
            pass  # the reader refused the pipe and left

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        dlg = MermaidDialog(doc, stack, jid, pipe)
        qtbot.addWidget(dlg)
        assert not dlg.loaded
        assert "pipe (FIFO), not a regular file" in dlg.load_error
    finally:
        # Let a writer still waiting to open the pipe go.
        fd = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
        writer.join(5)
        os.close(fd)


def test_an_empty_or_plain_text_project_file_is_not_called_bad_json(qtbot, env, tmp_path):
    # A 0-byte "client.cxd" (a copy that failed) was refused as "not valid JSON (at line 1, column 1)".
    doc, _, stack = env
    empty = tmp_path / "client.cxd"
    empty.write_bytes(b"")
    dlg = JourneysDialog(doc, stack, empty)
    qtbot.addWidget(dlg)
    assert dlg.load_error == (
        "client.cxd: the file is empty (0 bytes); it may have been cut off while copying or downloading. "
        "Ask the sender for the original file, or open a backup."
    )
    notes = tmp_path / "notes.cxd"
    notes.write_text("Workshop notes, not a project\n", encoding="utf-8")
    dlg = JourneysDialog(doc, stack, notes)
    qtbot.addWidget(dlg)
    assert dlg.load_error == "notes.cxd: neither a CX Designer project nor its JSON form"


def test_a_narrow_file_leaves_no_empty_strip_under_the_preview_rows(qtbot, env, tmp_path):
    doc, jid, stack = env
    narrow = write_csv(tmp_path, "Title;Emotion\nCall the hotel;-2\nReview on Google;1\n")
    dlg = open_dialog(qtbot, TouchpointsDialog, doc, stack, jid, narrow)
    qtbot.waitExposed(dlg)
    p = dlg.preview
    rows = sum(p.rowHeight(r) for r in range(p.rowCount()))
    below = p.viewport().height() - rows
    # no room kept for a scroll bar the two columns do not need
    assert not p.horizontalScrollBar().isVisible()
    assert below < p.verticalHeader().defaultSectionSize() // 2
    # a file wider than the window keeps the scroll bar, and every row stays in sight above it
    text = ";".join(f"Column number {i}" for i in range(30)) + "\n" + ";".join("x" * 30) + "\n"
    wide = write_csv(tmp_path, text, "wide.csv")
    dlg2 = open_dialog(qtbot, TouchpointsDialog, doc, stack, jid, wide)
    qtbot.waitExposed(dlg2)
    p2 = dlg2.preview
    qtbot.waitUntil(lambda: p2.horizontalScrollBar().isVisible())
    assert p2.viewport().height() >= sum(p2.rowHeight(r) for r in range(p2.rowCount()))


def test_a_survey_file_without_a_measure_column_says_so_in_the_dialogs_terms(qtbot, env, tmp_path):
    # The command line's refusal lists the headers and the columns a survey file needs; the dialog
    # says what to do in its mapping row, or that the file itself lacks the column.
    from cxdesigner import i18n

    doc, jid, stack = env
    title = doc.project.touchpoints(jid)[0].title
    spare = write_csv(tmp_path, f"Touchpoint;Score;Kind\n{title};9;nps\n", "spare.csv")
    dlg = open_dialog(qtbot, SurveyDialog, doc, stack, jid, spare)
    assert dlg.summary_label.text() == (
        "No column is imported as “Measure”: choose “Measure” in the “Import as” row above the column "
        "that holds the measure of each answer (nps, csat, ces or emotion)"
    )
    assert "headers" not in dlg.summary_label.text()
    dlg.set_column_field(2, "measure")
    assert dlg.summary_label.text() == "1 answer is ready to import"

    full = write_csv(tmp_path, f"Touchpoint;Score;Comment\n{title};9;ok\n", "full.csv")
    dlg = open_dialog(qtbot, SurveyDialog, doc, stack, jid, full)
    assert dlg.summary_label.text() == (
        "No column of the file holds the measure of each answer (nps, csat, ces or emotion): "
        "add a “Measure” column to the file and import it again"
    )
    i18n.set_language("es")
    try:
        dlg = open_dialog(qtbot, SurveyDialog, doc, stack, jid, spare)
        assert dlg.summary_label.text() == (
            "Ninguna columna se importa como «Medida»: elija «Medida» en la fila «Importar como» encima de la "
            "columna que contiene la medida de cada respuesta (nps, csat, ces o emoción)"
        )
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize("refused", [False, True])
def test_merging_journeys_gives_the_pointer_back_and_says_why_it_refused(qtbot, env, tmp_path, monkeypatch, refused):
    # The journeys are merged on a worker thread (a progress dialog), then added under a busy pointer.
    from PySide6.QtWidgets import QApplication

    from cxdesigner.exchange import merge
    from cxdesigner.model import ValidationError

    doc, _jid, stack = env
    other_path = tmp_path / "other.cxd"
    cxdesigner.new_project(other_path, template="hotel").close()
    seen = []
    real_merge = merge.merge_journeys

    def merge_journeys(*args):  # type: ignore[no-untyped-def]
        seen.append(threading.current_thread())
        if refused:
            raise ValidationError("too large")
        return real_merge(*args)

    monkeypatch.setattr(merge, "merge_journeys", merge_journeys)
    dlg = open_dialog(qtbot, JourneysDialog, doc, stack, other_path)
    assert dlg.import_checked() is not refused
    assert len(seen) == 1 and seen[0] is not threading.main_thread() and QApplication.overrideCursor() is None
    if refused:
        assert dlg.errors_shown == ["too large"]
    else:
        stack.undo()


def test_the_card_counts_of_another_projects_journeys_are_written_as_the_language_writes_numbers(qtbot, env, tmp_path):
    from cxdesigner.model import Change, new_id

    doc, _jid, stack = env
    other_path = tmp_path / "other.cxd"
    cxdesigner.new_project(other_path, template="hotel").close()

    class Large(JourneysDialog):
        def read_source(self, path, progress=None):  # type: ignore[no-untyped-def]
            project = super().read_source(path)
            journey = project.journeys()[0]
            card = project.touchpoints(journey.id)[0]
            have = len(project.touchpoints(journey.id))
            extra = [card.evolve(id=new_id("tp")) for _ in range(1200 - have)]
            project.apply([Change("touchpoint", c.id, None, c) for c in extra], notify=False)
            return project

    dlg = open_dialog(qtbot, Large, doc, stack, other_path)
    assert dlg.items()[0].text(2) == "1,200"


def test_a_csv_wider_than_a_sheet_may_be_is_read_to_the_same_column_and_says_so(qtbot, env, tmp_path, monkeypatch):
    """A line of 300,000 cells made the dialog build a column, a heading and a chooser for each (24 s
    of the window's thread for 5,000 columns) and list them all as ignored; a sheet stops at MAX_COLUMNS."""
    doc, jid, stack = env
    monkeypatch.setattr(tables, "MAX_COLUMNS", 20)  # 200 in use: the claim is the same, the dialog cheaper
    wide = 50
    path = write_csv(tmp_path, "title," + ",".join(f"c{i}" for i in range(wide)) + "\nA card" + ",1" * wide + "\n")
    dlg = open_dialog(qtbot, TouchpointsDialog, doc, stack, jid, path)
    assert dlg.preview.columnCount() == 20
    assert dlg.notes_label.text() == "The file has 51 columns; only the first 20 were read"
    assert dlg.summary_label.text() == "1 touchpoint is ready to import"
