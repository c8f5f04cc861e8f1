"""The ideas inbox: one-key capture, drag onto a cell, several placed at once, sent back, left out of the
analysis but counted, exported as unplaced, and shown while presenting."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from tipkit import tip_text
from workshop_helpers import close_window, open_window

from cxdesigner.analysis import analyze
from cxdesigner.document.commands import AddTouchpointCommand, DeleteTouchpointsCommand, UpdateTouchpointCommand
from cxdesigner.exchange import tables, touchpoints


@pytest.fixture
def window(qtbot):
    w = open_window(qtbot, cards=2)
    yield w
    close_window(w)


def type_ideas(strip, *ideas):
    for idea in ideas:
        QTest.keyClicks(strip.entry, idea)
        QTest.keyClick(strip.entry, Qt.Key.Key_Return)


def inbox_titles(w):
    return [tp.title for tp in w.doc.project.inbox(w.journey_id)]


def test_one_key_puts_the_keyboard_in_the_inbox_and_enter_adds_idea_after_idea(window):
    w = window
    ws = w.workshop
    assert ws.act_capture.shortcut().toString() == "Ctrl+I"
    ws.act_capture.trigger()
    strip = ws.inbox
    assert ws.dock_inbox.isVisible() and strip.entry.hasFocus()
    on_map = len(w.doc.project.touchpoints(w.journey_id))
    before = w.undo_stack.count()
    type_ideas(strip, "Free shuttle", "Late check-out", "   ")  # a blank line adds nothing
    assert inbox_titles(w) == ["Free shuttle", "Late check-out"]
    assert strip.entry.text() == "" and strip.entry.hasFocus(), "ready for the next idea"
    assert strip.heading.text() == "Ideas inbox (2 ideas)"
    assert len(w.doc.project.touchpoints(w.journey_id)) == on_map, "not on the map yet"
    assert all(w.editor.scene.card_item(tp.id) is None or not w.editor.scene.card_item(tp.id).isVisible()
               for tp in w.doc.project.inbox(w.journey_id))
    assert w.undo_stack.count() == before + 2
    w.undo_stack.undo()
    assert inbox_titles(w) == ["Free shuttle"] and strip.cards.count() == 1
    QTest.keyClick(strip.entry, Qt.Key.Key_Escape)
    assert not strip.entry.hasFocus()


def test_an_idea_s_markup_shows_as_typed_in_its_tooltip(window):
    """A phone's idea reads «<img src=/etc/x.png> Free shuttle»: Qt guessed rich text in the tooltip and would
    have drawn the picture; the inbox, like every list of text from a file or a phone, shows it as typed."""
    strip = window.workshop.inbox
    type_ideas(strip, "<img src=x.png> Free <b>shuttle</b>")
    tip = strip.cards.item(0).toolTip()
    assert "<img" not in tip and "<b>" not in tip
    assert tip_text(tip) == "<img src=x.png> Free <b>shuttle</b>"


def drag_event(kind, pos: QPointF, *args):
    """A drag event at ``pos``: PySide6 6.12 takes a QPointF (its QPoint form is deprecated), 6.11 only a QPoint."""
    try:
        return kind(pos, *args)
    except TypeError:
        return kind(pos.toPoint(), *args)


def test_an_idea_dragged_onto_a_cell_lands_there(window):
    w = window
    strip = w.workshop.inbox
    type_ideas(strip, "Breakfast in the room", "Welcome drink")
    strip.cards.item(1).setSelected(True)
    mime = strip.cards.drag_data()
    stage, lane = w.doc.project.stages(w.journey_id)[2], w.doc.project.lanes(w.journey_id)[1]
    layout = w.editor.scene.layout
    cell = layout.cell_rect(stage.id, lane.id)
    view = w.editor.view
    view.ensureVisible(cell.x, cell.y, cell.w, cell.h)
    pos = QPointF(view.mapFromScene(QPointF(cell.x + cell.w / 2, cell.y + cell.h / 2)))
    actions = Qt.DropAction.MoveAction | Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    viewport = view.viewport()
    enter = drag_event(QDragEnterEvent, pos, actions, mime, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    move = drag_event(QDragMoveEvent, pos, actions, mime, buttons, mods)
    QApplication.sendEvent(viewport, move)
    assert move.isAccepted() and w.editor.scene.current_cell == (stage.id, lane.id), "the cell lights up"
    drop = QDropEvent(pos, actions, mime, buttons, mods)
    QApplication.sendEvent(viewport, drop)
    assert drop.isAccepted()
    placed = next(tp for tp in w.doc.project.touchpoints(w.journey_id) if tp.title == "Welcome drink")
    assert (placed.stage_id, placed.lane_id, placed.inbox) == (stage.id, lane.id, False)
    assert inbox_titles(w) == ["Breakfast in the room"] and strip.cards.count() == 1
    assert w.editor.scene.card_item(placed.id).isVisible()
    w.undo_stack.undo()
    assert inbox_titles(w) == ["Breakfast in the room", "Welcome drink"]


def test_several_chosen_ideas_are_placed_at_once_in_the_current_cell_and_sent_back(window):
    w = window
    strip = w.workshop.inbox
    type_ideas(strip, "A", "B", "C")
    strip.cards.item(0).setSelected(True)
    strip.cards.item(2).setSelected(True)
    assert w.selection.touchpoint_ids == tuple(strip.selected_ids()), "the inspector shows the chosen ideas"
    stage, lane = w.doc.project.stages(w.journey_id)[1], w.doc.project.lanes(w.journey_id)[0]
    w.editor.scene.set_current_cell((stage.id, lane.id))
    before = w.undo_stack.count()
    assert strip.place_button.isEnabled()
    strip.place_button.click()
    assert w.undo_stack.count() == before + 1, "one step"
    in_cell = [tp.title for tp in w.doc.project.touchpoints(w.journey_id)
               if (tp.stage_id, tp.lane_id) == (stage.id, lane.id)]
    assert in_cell[-2:] == ["A", "C"] and inbox_titles(w) == ["B"]
    # Ctrl+Shift+I sends the cards selected on the map back.
    a = next(tp.id for tp in w.doc.project.touchpoints(w.journey_id) if tp.title == "A")
    w.selection.select([a])
    w.workshop.act_send_back.trigger()
    assert sorted(inbox_titles(w)) == ["A", "B"]
    w.selection.select([])
    w.workshop.act_send_back.trigger()
    assert "Select cards on the map" in w.statusBar().currentMessage()


def test_the_analysis_leaves_inbox_ideas_out_and_says_how_many_wait(window):
    w = window
    placed = [tp.id for tp in w.doc.project.touchpoints(w.journey_id)]
    type_ideas(w.workshop.inbox, "One", "Two")
    waiting = [tp.id for tp in w.doc.project.inbox(w.journey_id)]
    result = analyze(w.doc.project, w.journey_id)
    assert [c["id"] for c in result["cards"]] == placed
    assert result["inbox"] == {"count": 2, "cards": waiting}
    finding = next(f for f in result["insights"] if f["kind"] == "inbox")
    assert finding["text"] == "2 ideas wait in the inbox: place them on the map and the analysis takes them in"
    assert finding["card_ids"] == waiting
    es = analyze(w.doc.project, w.journey_id, lang="es")
    assert "bandeja" in next(f for f in es["insights"] if f["kind"] == "inbox")["text"]


def test_inbox_ideas_export_as_unplaced_and_import_back_into_the_inbox(window, tmp_path):
    w = window
    type_ideas(w.workshop.inbox, "Waiting idea")
    headers, rows = touchpoints.touchpoint_table(w.doc.project, w.journey_id)
    col = headers.index("Unplaced")
    assert [r[col] for r in rows] == ["no", "no", "yes"]
    path = tmp_path / "cards.csv"
    path.write_text(touchpoints.touchpoints_csv_text(w.doc.project, w.journey_id), "utf-8")
    plan = touchpoints.check_table(tables.read_table(path))
    assert not plan.errors
    outcome = touchpoints.plan_import(w.doc.project, plan, journey_name="Copy")
    w.doc.execute(outcome.command)
    copy = next(j.id for j in w.doc.project.journeys() if j.name == "Copy")
    assert [tp.title for tp in w.doc.project.inbox(copy)] == ["Waiting idea"]
    assert len(w.doc.project.touchpoints(copy)) == 2


def test_the_inbox_shows_while_presenting_and_takes_ideas_there(window):
    w = window
    ws = w.workshop
    win = ws.start_presentation()
    strip = win.inbox
    assert strip is not None and strip is not ws.inbox and not strip.isVisible(), "no room taken while empty"
    type_ideas(ws.inbox, "From the laptop")
    assert strip.isVisible() and [strip.cards.item(i).text() for i in range(strip.cards.count())] == [
        "From the laptop"]
    assert strip.cards.font().pointSizeF() > ws.inbox.cards.font().pointSizeF(), "larger for the room"
    win.activateWindow()
    win.focus_inbox()
    type_ideas(strip, "Said in the room")
    assert inbox_titles(w) == ["From the laptop", "Said in the room"]
    assert ws.inbox.cards.count() == 2, "the laptop's strip follows"


def test_the_list_follows_ideas_one_by_one_and_shows_what_a_fresh_fill_would(window):
    # A room's phones add ideas many a second: the list adds, removes and renames its rows
    # instead of filling itself again, and each row's size is measured once.
    w = window
    strip = w.workshop.inbox
    stage, lane = w.doc.project.stages(w.journey_id)[0], w.doc.project.lanes(w.journey_id)[0]
    adds = [AddTouchpointCommand(w.journey_id, stage.id, lane.id, title=f"Idea {i} " + "long " * (8 * i), inbox=True)
            for i in range(6)]
    w.doc.execute_each(adds)
    first = strip.cards.item(0)
    w.doc.execute(AddTouchpointCommand(w.journey_id, stage.id, lane.id, title="Last", inbox=True))
    assert strip.cards.item(0) is first, "rows already there stay as they are"
    w.doc.execute(DeleteTouchpointsCommand([adds[2].touchpoint_id]))
    w.doc.execute(UpdateTouchpointCommand(adds[4].touchpoint_id, title="Renamed"))
    assert [tp.title for tp in w.doc.project.inbox(w.journey_id)][3:5] == ["Renamed", "Idea 5 " + "long " * 40]
    w.doc.undo()  # the rename
    w.doc.undo()  # the deleted card back in the middle of the list

    def rows():
        return [(strip.cards.item(i).text(), strip.cards.item(i).data(Qt.ItemDataRole.UserRole),
                 strip.cards.item(i).sizeHint().height()) for i in range(strip.cards.count())]

    followed = rows()
    assert [t for t, _i, _h in followed] == inbox_titles(w)
    assert strip.ids() == [tp.id for tp in w.doc.project.inbox(w.journey_id)]
    assert all(h > 0 for _t, _i, h in followed) and followed[-2][2] > followed[0][2], "a long title wraps taller"
    strip._fill()
    assert rows() == followed


def test_an_idea_added_after_a_gap_in_the_inbox_numbers_it_again_and_the_list_follows(window):
    # An idea at the end of a well-numbered inbox takes the next position without sorting the inbox;
    # after a card left a gap (or an undo), the whole inbox is numbered again as before.
    w = window
    stage, lane = w.doc.project.stages(w.journey_id)[0], w.doc.project.lanes(w.journey_id)[0]
    adds = [AddTouchpointCommand(w.journey_id, stage.id, lane.id, title=f"Idea {i}", inbox=True) for i in range(4)]
    w.doc.execute_each(adds)
    assert [tp.position for tp in w.doc.project.inbox(w.journey_id)] == [0, 1, 2, 3]
    w.doc.execute(DeleteTouchpointsCommand([adds[1].touchpoint_id]))
    w.doc.execute(AddTouchpointCommand(w.journey_id, stage.id, lane.id, title="After the gap", inbox=True))
    cards = w.doc.project.inbox(w.journey_id)
    assert [tp.position for tp in cards] == list(range(len(cards)))
    assert [tp.title for tp in cards] == ["Idea 0", "Idea 2", "Idea 3", "After the gap"]
    assert inbox_titles(w) == ["Idea 0", "Idea 2", "Idea 3", "After the gap"]
    w.doc.execute(AddTouchpointCommand(w.journey_id, stage.id, lane.id, title="Next", inbox=True))
    assert w.doc.project.inbox(w.journey_id)[-1].position == 4 and inbox_titles(w)[-1] == "Next"
    w.doc.undo()
    w.doc.undo()
    assert inbox_titles(w) == ["Idea 0", "Idea 2", "Idea 3"]


def test_an_idea_whose_stage_nobody_chose_keeps_its_mark_when_the_project_is_opened_again(window, tmp_path):
    """The mark comes from the card (saved in the file), not from a room that is long closed."""
    doc, jid = window.doc, window.journey_id
    stage, lane = doc.project.stages(jid)[0].id, doc.project.lanes(jid)[0].id
    doc.execute(AddTouchpointCommand(jid, stage, lane, title="Where do I park?", inbox=True, stage_unsure=True))
    doc.save_as(tmp_path / "ideas.cxd")
    assert window.open_path(tmp_path / "ideas.cxd")
    strip = window.workshop.inbox
    item = strip.cards.item(0)
    assert item.text() == "Where do I park?" and not item.icon().isNull()
    assert "Stage: not sure" in item.toolTip()
