"""Lanes without cards edited on the map through the real editor: text in place, figures, pictures,
overlays, Clear and Delete, and cards kept out of them."""

from __future__ import annotations

import pytest
import test_canvas_editor as editor_tests
from PySide6.QtCore import QLocale, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from test_canvas_editor import card_centre, drag, type_text
from test_images import bomb_png, encoded, photo

from cxdesigner.canvas.laneedit import MetricCellDialog, OverlayDialog, TextCellEditInteraction
from cxdesigner.document.lanes import SetLaneCellCommand
from cxdesigner.window.help import plain

make_editor = editor_tests.make_editor


def with_lanes(editor):
    """A text, a metric, a storyboard and an emotion lane above the card lanes; returns their ids."""
    jid = editor.journey_id
    out = {}
    for i, kind in enumerate(("text", "metric", "storyboard", "emotion")):
        out[kind] = editor.add_typed_lane(kind, i)
    return jid, editor.doc.project.stages(jid), out


def cell_centre(editor, stage_id, lane_id) -> QPoint:
    r = editor.scene.layout.cell_rect(stage_id, lane_id)
    return editor.view.mapFromScene(QPointF(r.cx, r.cy))


def double_click(editor, pos: QPoint) -> None:
    QTest.mouseDClick(editor.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_double_click_a_text_cell_types_lines_in_place(make_editor, qtbot):
    editor = make_editor()
    jid, stages, ln = with_lanes(editor)
    assert editor.doc.project.get("lane", ln["text"]).display_name() == "Text"
    QTest.mouseDClick(
        editor.view.viewport(), Qt.MouseButton.LeftButton, pos=cell_centre(editor, stages[1].id, ln["text"])
    )
    assert isinstance(editor.scene.handler, TextCellEditInteraction)
    type_text(editor.view, "Will there be room?")
    QTest.keyClick(editor.view, Qt.Key.Key_Return)  # a new line, not the end
    type_text(editor.view, "<b>¿Parking?</b>")
    QTest.keyClick(editor.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.scene.handler is None
    cell = editor.doc.project.lane_cell(stages[1].id, ln["text"])
    assert cell.text == "Will there be room?\n<b>¿Parking?</b>"
    # Esc drops what was typed.
    QTest.mouseDClick(
        editor.view.viewport(), Qt.MouseButton.LeftButton, pos=cell_centre(editor, stages[1].id, ln["text"])
    )
    type_text(editor.view, " more")
    QTest.keyClick(editor.view, Qt.Key.Key_Escape)
    assert editor.doc.project.lane_cell(stages[1].id, ln["text"]).text == cell.text
    # Delete on the chosen cell clears it; undo brings it back.
    editor.view.setFocus()
    editor.scene.set_current_cell((stages[1].id, ln["text"]))
    QTest.keyClick(editor.view, Qt.Key.Key_Delete)
    assert editor.doc.project.lane_cell(stages[1].id, ln["text"]) is None
    editor.undo_stack.undo()
    assert editor.doc.project.lane_cell(stages[1].id, ln["text"]).text == cell.text


def test_typing_on_a_chosen_text_cell_writes_there_not_a_card(make_editor):
    editor = make_editor()
    jid, stages, ln = with_lanes(editor)
    cards = len(editor.doc.project.touchpoints(jid))
    editor.scene.set_current_cell((stages[0].id, ln["text"]))
    QTest.keyClicks(editor.view, "Goal")
    QTest.mouseClick(editor.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))  # click away keeps it
    assert editor.doc.project.lane_cell(stages[0].id, ln["text"]).text == "Goal"
    assert len(editor.doc.project.touchpoints(jid)) == cards


def test_context_menu_of_a_cell_edits_and_clears(make_editor):
    editor = make_editor()
    jid, stages, ln = with_lanes(editor)
    editor.push(SetLaneCellCommand(stages[0].id, ln["metric"], value=3, unit="%"))
    r = editor.scene.layout.cell_rect(stages[0].id, ln["metric"])
    menu = editor.context_menu_for(QPointF(r.cx, r.cy))
    texts = [plain(a.text()) for a in menu.actions()]
    assert "Edit…" in texts and "Clear" in texts and "New touchpoint here" not in texts
    next(a for a in menu.actions() if plain(a.text()) == "Clear").trigger()
    assert editor.doc.project.lane_cell(stages[0].id, ln["metric"]) is None
    menu.deleteLater()


def test_metric_dialog_reads_the_locale_number_and_says_what_is_wrong(qtbot):
    QLocale.setDefault(QLocale(QLocale.Language.Spanish, QLocale.Country.Spain))
    try:
        dialog = MetricCellDialog(None)
        qtbot.addWidget(dialog)
        dialog.value.setText("1.234,5")
        dialog.unit.setText("%")
        assert dialog.fields()["value"] == 1234.5
        dialog.value.setText("42.5")  # typed the other way, still understood
        assert dialog.fields()["value"] == 42.5
        dialog.value.setText("lots")
        dialog._accept()
        assert "is not a number" in dialog.problem.text() and dialog.result() == 0
    finally:
        QLocale.setDefault(QLocale.c())


def test_overlay_dialog_lists_journeys_and_keeps_the_checked(make_editor, qtbot):
    editor = make_editor()
    jid, stages, ln = with_lanes(editor)
    editor.doc.add_journey("Business")
    dialog = OverlayDialog(editor.doc, editor.doc.project.get("lane", ln["emotion"]))
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 2 and dialog.chosen() == []
    dialog.list.item(1).setCheckState(Qt.CheckState.Checked)
    assert editor.set_lane_type(ln["emotion"], overlay=dialog.chosen())
    assert editor.doc.project.get("lane", ln["emotion"]).overlay == (editor.doc.project.journeys()[1].id,)


def test_a_picture_is_read_in_a_worker_and_a_bomb_refused(make_editor, qtbot, tmp_path):
    editor = make_editor()
    jid, stages, ln = with_lanes(editor)
    good = tmp_path / "desk.png"
    good.write_bytes(encoded(photo(2400, 1200), "PNG"))
    task = editor.load_picture_into((stages[0].id, ln["storyboard"]), str(good))
    qtbot.waitUntil(lambda: task.done, timeout=20000)
    cell = editor.doc.project.lane_cell(stages[0].id, ln["storyboard"])
    assert cell.image_type == "jpeg" and len(cell.image) <= 1_000_000
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(bomb_png())
    task = editor.load_picture_into((stages[1].id, ln["storyboard"]), str(bomb))
    qtbot.waitUntil(lambda: task.done, timeout=20000)
    assert editor.doc.project.lane_cell(stages[1].id, ln["storyboard"]) is None
    assert editor.errors and "pixels" in editor.errors[-1] and "\n" not in editor.errors[-1]


def test_cards_stay_out_of_lanes_without_cards(make_editor):
    editor = make_editor()
    jid, stages, ln = with_lanes(editor)
    lanes = editor.doc.project.lanes(jid)
    first_card_lane = next(x for x in lanes if x.holds_cards)
    tp = editor.add_card((stages[0].id, first_card_lane.id), "Call")
    before = editor.doc.project.snapshot()
    # Dragged onto a text cell: refused with a message, nothing moves.
    messages = []
    editor.message_posted.connect(messages.append)
    drag(editor, card_centre(editor, tp), cell_centre(editor, stages[2].id, ln["text"]))
    assert editor.doc.project.snapshot() == before
    assert messages and "cannot go into a lane" in messages[-1]
    # Ctrl+Up from the first card lane: the lanes without cards above it are skipped (the edge).
    editor.select_cards([tp])
    editor.view.setFocus()
    assert not editor.move_selected_cards(0, -1)
    assert editor.doc.project.snapshot() == before
    # Pasting text into a storyboard cell makes no card there.
    mime = QMimeData()
    mime.setText("A pasted card")
    QGuiApplication.clipboard().setMimeData(mime)
    assert editor.paste((stages[0].id, ln["storyboard"])) == []
    assert editor.errors and "Cannot paste here" in editor.errors[-1]
    assert editor.doc.project.snapshot() == before


def test_csv_import_names_a_text_lane_and_is_refused_whole(tmp_path):
    import pytest

    from cxdesigner import api
    from cxdesigner.exchange import tables, touchpoints
    from cxdesigner.model import ValidationError

    d = api.new_project(None)
    try:
        j = d.journeys()[0]
        d.add_lane(j.id, "Goals", "text")
        path = tmp_path / "rows.csv"
        path.write_text("Title,Stage,Lane\nCall,Awareness,Goals\n", encoding="utf-8")
        plan = touchpoints.check_table(tables.read_csv(path))
        before = d.project.snapshot()
        with pytest.raises(ValidationError, match="holds text, figures or pictures"):
            touchpoints.plan_import(d.project, plan, j.id)
        assert d.project.snapshot() == before
    finally:
        d.close()


def _damaged_png() -> bytes:
    """A PNG whose header and end are whole and whose pixel data is garbage: the decoder gives up on it."""
    data = bytearray(encoded(photo(300, 200), "PNG"))
    data[100:-40] = b"A" * (len(data) - 140)
    return bytes(data)


def _broken(exc: BaseException):
    def load_picture(path):
        raise exc

    return load_picture


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("damaged", "desk.png is damaged and cannot be read: open it in an image editor, save it again as PNG"),
        ("memory", "desk.png is too large for the memory left on this computer: close other programs"),
        ("bug", "desk.png could not be read because of an error in CX Designer (details in the log: "),
    ],
    ids=["damaged", "memory", "bug"],
)
def test_a_picture_that_fails_says_what_is_wrong_with_it_and_what_to_do(
    make_editor, qtbot, tmp_path, monkeypatch, caplog, kind, said
):
    # It said "The picture cannot be read: " and Python's words, or the bare "MemoryError"; a damaged
    # file had Qt's English ("Unable to read image data") inside the Spanish sentence.
    from cxdesigner.exchange import images

    editor = make_editor()
    jid, stages, ln = with_lanes(editor)
    path = tmp_path / "desk.png"
    path.write_bytes(_damaged_png())
    if kind == "memory":
        monkeypatch.setattr(images, "load_picture", _broken(MemoryError()))
    elif kind == "bug":
        monkeypatch.setattr(images, "load_picture", _broken(KeyError("image_type")))
    messages: list[str] = []
    editor.message_posted.connect(messages.append)
    task = editor.load_picture_into((stages[0].id, ln["storyboard"]), str(path))
    qtbot.waitUntil(lambda: task.done, timeout=20000)
    assert editor.doc.project.lane_cell(stages[0].id, ln["storyboard"]) is None
    assert messages == editor.errors[-1:] and editor.errors[-1].startswith(said), editor.errors
    told = editor.errors[-1]
    assert not any(w in told for w in ("Error", "Unable", "image_type", "picture cannot be read")), told
    # Only a possible bug goes to the log with its traceback.
    traced = [r for r in caplog.records if r.exc_info and r.name == "cxdesigner.exchange.images"]
    assert bool(traced) == (kind == "bug")


def test_a_damaged_picture_is_told_in_spanish_without_qts_english(make_editor, qtbot, tmp_path):
    from cxdesigner import i18n

    editor = make_editor()
    jid, stages, ln = with_lanes(editor)
    path = tmp_path / "mesa.png"
    path.write_bytes(_damaged_png())
    i18n.set_language("es")
    try:
        task = editor.load_picture_into((stages[0].id, ln["storyboard"]), str(path))
        qtbot.waitUntil(lambda: task.done, timeout=20000)
    finally:
        i18n.set_language("en")
    assert editor.errors[-1].startswith("mesa.png está dañada y no se puede leer: ábrala en un editor de imágenes")
    assert "Unable" not in editor.errors[-1] and "image data" not in editor.errors[-1]
