"""Edit ▸ Add lane… asks the new lane's name and type in one dialog and adds it as one undoable step."""

from __future__ import annotations

import functools

import test_canvas_editor as editor_tests
from dialogguard import no_native_dialogs  # noqa: F401
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from cxdesigner.canvas import JourneyEditor
from cxdesigner.canvas.addlane_dialog import AddLaneDialog
from cxdesigner.canvas.laneedit import LANE_TYPE_ORDER

make_editor = editor_tests.make_editor


def test_the_name_follows_the_type_until_the_user_types_one(qtbot):
    dialog = AddLaneDialog(None, "en")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert [dialog.kind_combo.itemData(i) for i in range(dialog.kind_combo.count())] == list(LANE_TYPE_ORDER)
    assert dialog.kind() == "touchpoints" and dialog.name_edit.text() == "New lane"
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("metric"))
    assert dialog.name_edit.text() == "Figures"
    assert dialog.name() == ""  # named after its type, so the name follows the interface language
    dialog.name_edit.clear()
    QTest.keyClicks(dialog.name_edit, "  NPS  at   check-in ")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("text"))
    assert dialog.name_edit.text() == "  NPS  at   check-in "  # typed: kept when the type changes
    assert dialog.name() == "NPS at check-in"
    dialog.kind_combo.setCurrentIndex(0)
    dialog.name_edit.selectAll()
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Delete)
    assert not ok.isEnabled()  # a card lane needs a name
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("emotion"))
    assert dialog.name_edit.text() == "Emotion by persona"  # emptied: follows the type again
    assert ok.isEnabled()


def answer_with(kind: str | None, typed: str = "", seen: list | None = None):
    """Drive the modal dialog when it opens: pick ``kind``, type ``typed``, press OK (or Cancel for None)."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AddLaneDialog)
        if seen is not None:
            seen.append(dialog.name_edit.text())
        if kind is None:
            dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
            return
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(kind))
        if typed:
            dialog.name_edit.selectAll()
            QTest.keyClicks(dialog.name_edit, typed)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, answer)


def test_add_lane_action_adds_a_typed_lane_as_one_undoable_step(make_editor, qtbot):
    editor = make_editor()
    # The real question, not the scripted one of the other editor tests.
    editor.ask_new_lane = functools.partial(JourneyEditor.ask_new_lane, editor)
    p, jid = editor.doc.project, editor.journey_id
    before = [lane.id for lane in p.lanes(jid)]
    count = editor.undo_stack.count()

    seen: list[str] = []
    answer_with(None, seen=seen)
    editor.action("add_lane").trigger()
    assert seen == ["New lane"]
    assert [lane.id for lane in p.lanes(jid)] == before and editor.undo_stack.count() == count

    answer_with("metric", "NPS")
    editor.action("add_lane").trigger()
    lanes = p.lanes(jid)
    assert len(lanes) == len(before) + 1
    new = lanes[-1]
    assert (new.kind, new.name) == ("metric", "NPS")
    assert editor.undo_stack.count() == count + 1
    editor.undo_stack.undo()
    assert [lane.id for lane in p.lanes(jid)] == before
    editor.undo_stack.redo()
    assert p.lanes(jid)[-1].kind == "metric"

    answer_with("storyboard")  # not typed: named after its type
    editor.action("add_lane").trigger()
    new = p.lanes(jid)[-1]
    assert new.kind == "storyboard" and new.name == "" and new.display_name() == "Storyboard"

    answer_with("touchpoints", "Partners")
    editor.action("add_lane").trigger()
    new = p.lanes(jid)[-1]
    assert (new.kind, new.name) == ("touchpoints", "Partners") and new.holds_cards
    assert editor.scene.lane_header_item(new.id) is not None
