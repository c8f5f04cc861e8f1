"""What the window shows while and after an undo or redo: where the view goes, and the busy pointer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import cxdesigner
import cxdesigner.qtcommands as qtcommands
from cxdesigner.canvas import JourneyEditor
from cxdesigner.canvas.editor import STEP_ZOOM_FLOOR
from cxdesigner.document import Selection
from cxdesigner.document import commands as dc
from cxdesigner.qtcommands import UndoStack


@pytest.fixture
def editor(qtbot):
    doc = cxdesigner.new_project(None, template="hotel")
    stack = UndoStack(doc)
    ed = JourneyEditor(doc, stack, Selection())
    qtbot.addWidget(ed)
    # Small enough that the template's whole map does not fit at half size.
    ed.resize(520, 420)
    with qtbot.waitExposed(ed):
        ed.show()
    yield ed
    ed.detach()
    stack.clear()
    doc.close()


def cards(ed: JourneyEditor) -> list[str]:
    return [tp.id for tp in ed.doc.project.touchpoints(ed.journey_id)]


def on_screen(ed: JourneyEditor, ids: list[str]) -> list[str]:
    seen = ed.view.visible_scene_rect()
    return [i for i in ids if ed.scene.card_item(i).sceneBoundingRect().intersects(seen)]


def test_undoing_the_deletion_of_the_whole_map_keeps_it_readable(editor, qapp):
    ids = cards(editor)
    editor.undo_stack.push(dc.DeleteTouchpointsCommand(ids))
    qapp.processEvents()
    assert editor.view.zoom() == 1.0
    editor.undo_stack.undo()
    qapp.processEvents()
    # It used to zoom out until the whole map fitted the window (here about 15 %).
    assert editor.view.zoom() >= STEP_ZOOM_FLOOR
    assert on_screen(editor, ids), "the view shows some of the cards that came back"
    assert sorted(editor.selected_card_ids()) == sorted(ids)
    editor.undo_stack.redo()
    editor.undo_stack.undo()
    assert editor.view.zoom() >= STEP_ZOOM_FLOOR and on_screen(editor, ids)


def test_an_undo_whose_cards_come_back_on_screen_leaves_the_view_where_it_is(editor, qapp):
    ids = cards(editor)
    shown = on_screen(editor, ids)
    assert shown
    before = (editor.view.zoom(), editor.view.horizontalScrollBar().value(), editor.view.verticalScrollBar().value())
    editor.undo_stack.push(dc.DeleteTouchpointsCommand(shown[:1]))
    editor.undo_stack.undo()
    qapp.processEvents()
    after = (editor.view.zoom(), editor.view.horizontalScrollBar().value(), editor.view.verticalScrollBar().value())
    assert after == before
    assert editor.selected_card_ids() == shown[:1]


def test_an_undo_whose_cards_are_off_screen_brings_them_into_view(editor, qapp):
    ids = cards(editor)
    far = max(ids, key=lambda i: editor.scene.layout.cards[i].x + editor.scene.layout.cards[i].y)
    assert not on_screen(editor, [far])
    editor.undo_stack.push(dc.UpdateTouchpointCommand(far, title="Renamed far away"))
    editor.undo_stack.undo()
    qapp.processEvents()
    assert on_screen(editor, [far]) and editor.view.zoom() == 1.0


def test_a_heavy_step_shows_the_busy_pointer_and_a_light_one_does_not(editor, qapp, monkeypatch):
    doc = editor.doc
    ids = cards(editor)
    pointers: list[tuple[str, object]] = []

    def watch(name: str) -> None:
        real = getattr(doc, name)

        def spy(*args, **kwargs):
            cursor = QApplication.overrideCursor()
            pointers.append((name, cursor.shape() if cursor is not None else None))
            return real(*args, **kwargs)

        monkeypatch.setattr(doc, name, spy)

    for name in ("execute", "undo", "redo"):
        watch(name)
    # The template's map is small: lower the bar so its cards make a heavy step.
    monkeypatch.setattr(qtcommands, "HEAVY_STEP", len(ids))
    editor.undo_stack.push(dc.UpdateTouchpointCommand(ids[0], title="Light"))
    editor.undo_stack.undo()
    editor.undo_stack.push(dc.DeleteTouchpointsCommand(ids))
    editor.undo_stack.undo()
    editor.undo_stack.redo()
    wait = Qt.CursorShape.WaitCursor
    assert pointers == [("execute", None), ("undo", None), ("execute", wait), ("undo", wait), ("redo", wait)]
    assert QApplication.overrideCursor() is None


def test_the_weight_of_a_command_before_and_after_it_runs(editor):
    ids = cards(editor)
    cmd = dc.DeleteTouchpointsCommand(ids[:3])
    assert cmd.weight() == 6  # before it runs: about two records a card
    editor.undo_stack.push(cmd)
    assert cmd.weight() == len(cmd.changes) >= 3
    two = [dc.UpdateTouchpointCommand(ids[4], emotion=2), dc.UpdateTouchpointCommand(ids[5], emotion=-2)]
    macro = dc.MacroCommand("two", two)
    assert macro.weight() == 0
    editor.undo_stack.push(macro)
    assert macro.weight() == 2
