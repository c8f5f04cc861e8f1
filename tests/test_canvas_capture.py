"""The first ten minutes on the map: spreadsheet-style capture, moving several cards, keys, undo's selection."""

from __future__ import annotations

import test_canvas_editor as editor_tests
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from test_canvas_editor import card_centre, cell_point, drag, ids_of, vp_point

from cxdesigner.canvas import style
from cxdesigner.canvas.interactions import QuickCaptureInteraction
from cxdesigner.window.help import plain

# The editor with scripted dialogs, from the editor's own tests.
make_editor = editor_tests.make_editor


def titles(editor, stage, lane) -> list[str]:
    return [tp.title for tp in editor.doc.project.cell(stage.id, lane.id)]


def messages_of(editor) -> list[str]:
    said: list[str] = []
    editor.message_posted.connect(said.append)
    return said


# -- quick capture ----------------------------------------------------------------------------------


def test_a_tab_b_enter_gives_two_cards_and_escape_drops_only_the_typing(make_editor):
    editor = make_editor()
    stages, lanes = ids_of(editor)[1:]
    view = editor.view
    empty_place = cell_point(editor, 0, 1)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=empty_place)
    QTest.keyClicks(view, "A")
    QTest.keyClick(view, Qt.Key.Key_Tab)
    QTest.keyClicks(view, "B")
    QTest.keyClick(view, Qt.Key.Key_Return)
    # Enter stays in the cell for the next card; Escape drops the half-typed one and nothing else.
    capture = editor.scene.handler
    assert isinstance(capture, QuickCaptureInteraction) and capture.cell == (stages[1].id, lanes[1].id)
    QTest.keyClicks(view, "never mind")
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert editor.scene.handler is None
    assert titles(editor, stages[0], lanes[1]) == ["A"]
    assert titles(editor, stages[1], lanes[1]) == ["B"]
    assert len(editor.doc.project.touchpoints(editor.journey_id)) == 2
    assert editor.undo_stack.count() == 2
    # Shift+Tab commits too and goes back a stage.
    editor.scene.set_current_cell((stages[1].id, lanes[1].id))
    QTest.keyClicks(view, "C")
    QTest.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClicks(view, "D")
    QTest.keyClick(view, Qt.Key.Key_Return)
    QTest.keyClick(view, Qt.Key.Key_Return)  # an empty Enter ends the capture
    assert editor.scene.handler is None
    assert titles(editor, stages[0], lanes[1]) == ["A", "D"]
    assert titles(editor, stages[1], lanes[1]) == ["B", "C"]


def test_tab_on_the_last_stage_stays_there_and_says_so(make_editor):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    said = messages_of(editor)
    last = (stages[-1].id, lanes[0].id)
    editor.scene.set_current_cell(last)
    QTest.keyClicks(editor.view, "Recommends")
    QTest.keyClick(editor.view, Qt.Key.Key_Tab)
    capture = editor.scene.handler
    assert isinstance(capture, QuickCaptureInteraction) and capture.cell == last
    assert capture.editor.toPlainText() == ""
    assert said == ["This is the last stage"]
    QTest.keyClicks(editor.view, "Writes a review")
    QTest.keyClick(editor.view, Qt.Key.Key_Tab)
    assert titles(editor, stages[-1], lanes[0]) == ["Recommends", "Writes a review"]
    assert editor.doc.project.cell(stages[0].id, lanes[0].id) == []  # nothing wrapped round to the first stage
    QTest.keyClick(editor.view, Qt.Key.Key_Escape)
    # Without a capture, Tab moves the cell cursor and stops at the last stage too.
    editor.select_items([])
    editor.scene.set_current_cell((stages[-2].id, lanes[0].id))
    QTest.keyClick(editor.view, Qt.Key.Key_Tab)
    QTest.keyClick(editor.view, Qt.Key.Key_Tab)
    assert editor.scene.current_cell == last


def test_a_capture_ended_from_outside_keeps_what_was_typed(make_editor):
    editor = make_editor("hotel")
    jid, stages, lanes = ids_of(editor)
    cell = (stages[0].id, lanes[0].id)
    before = titles(editor, stages[0], lanes[0])
    editor.scene.set_current_cell(cell)
    QTest.keyClicks(editor.view, "Half typed")
    other = editor.doc.add_journey("Second")
    editor.set_journey(other)  # switching journeys ends the capture
    assert editor.scene.handler is None
    assert editor.doc.project.get("touchpoint", editor.doc.project.cell(*cell)[-1].id).title == "Half typed"
    assert titles(editor, stages[0], lanes[0]) == [*before, "Half typed"]


def test_capturing_into_a_full_cell_makes_room_instead_of_covering_the_next_lane(make_editor):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    cell = (stages[0].id, lanes[0].id)
    editor.add_card(cell, "Already here")  # one card fills a cell of the usual height
    below = editor.add_card((stages[0].id, lanes[1].id), "In the next lane")
    layout = editor.scene.layout
    rows_before = dict(layout.rows)
    count = editor.undo_stack.count()

    def check_editor_in_its_cell() -> None:
        capture = editor.scene.handler
        assert isinstance(capture, QuickCaptureInteraction) and capture.cell == cell
        frame = capture.editor.sceneBoundingRect()
        layout = editor.scene.layout
        cell_rect = layout.cell_rect(*cell)
        assert frame.bottom() <= cell_rect.bottom + 0.5  # inside its own cell
        assert not frame.intersects(editor.scene.card_item(below).sceneBoundingRect())
        for tp in editor.doc.project.cell(*cell):  # and not over the cards already in it
            assert not frame.intersects(editor.scene.card_item(tp.id).sceneBoundingRect().adjusted(1, 1, -1, -1))

    editor.scene.set_current_cell(cell)
    QTest.keyClicks(editor.view, "Second")
    check_editor_in_its_cell()
    QTest.keyClick(editor.view, Qt.Key.Key_Return)
    QTest.keyClicks(editor.view, "Third")
    check_editor_in_its_cell()
    assert titles(editor, stages[0], lanes[0]) == ["Already here", "Second"]
    QTest.keyClick(editor.view, Qt.Key.Key_Escape)
    # The room kept for typing goes with the capture; the map is what the cards make it, and undo is untouched.
    assert editor.scene.handler is None
    assert editor.undo_stack.count() == count + 1
    assert editor.scene.layout.rows[lanes[0].id][1] > rows_before[lanes[0].id][1]
    assert editor.scene.layout.rows == editor.scene.compute_layout().rows
    editor.undo_stack.undo()
    assert editor.scene.layout.rows == rows_before


# -- moving several cards ---------------------------------------------------------------------------


def test_dragging_several_cards_moves_each_by_the_same_offset(make_editor):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    p = editor.doc.project
    a = editor.add_card((stages[0].id, lanes[0].id), "a")
    b = editor.add_card((stages[1].id, lanes[1].id), "b")
    c = editor.add_card((stages[2].id, lanes[0].id), "c")
    editor.select_cards([a, b, c])
    count = editor.undo_stack.count()
    # b goes one stage right and one lane down: so do a and c.
    drag(editor, card_centre(editor, b), cell_point(editor, 2, 2))

    def cell_of(t: str) -> tuple[int, int]:
        tp = p.get("touchpoint", t)
        return [s.id for s in stages].index(tp.stage_id), [ln.id for ln in lanes].index(tp.lane_id)

    assert (cell_of(a), cell_of(b), cell_of(c)) == ((1, 1), (2, 2), (3, 1))
    assert editor.undo_stack.count() == count + 1  # one undo step
    assert set(editor.selected_card_ids()) == {a, b, c}  # they stay selected
    assert set(editor.selection.touchpoint_ids) == {a, b, c}

    # At the edge of the map the offset stops: c cannot go further right than the last stage.
    last = len(stages) - 1
    drag(editor, card_centre(editor, a), cell_point(editor, last, 1))
    assert (cell_of(a), cell_of(b), cell_of(c)) == ((last, 1), (last, 2), (last, 1))
    # The cards meeting in one cell go in together where the bar showed, in journey order.
    assert [tp.id for tp in p.cell(stages[last].id, lanes[1].id)] == [a, c]

    # Undo takes them back and selects them again, even after the selection went elsewhere.
    editor.select_items([])
    editor.undo_stack.undo()
    assert (cell_of(a), cell_of(b), cell_of(c)) == ((1, 1), (2, 2), (3, 1))
    assert set(editor.selection.touchpoint_ids) == {a, b, c}
    editor.undo_stack.undo()
    assert (cell_of(a), cell_of(b), cell_of(c)) == ((0, 0), (1, 1), (2, 0))
    editor.select_items([])
    editor.undo_stack.redo()
    assert set(editor.selection.touchpoint_ids) == {a, b, c}


def test_dragging_cards_of_one_cell_keeps_dropping_them_together(make_editor):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    p = editor.doc.project
    a, b = (editor.add_card((stages[0].id, lanes[0].id), t) for t in "ab")
    x = editor.add_card((stages[3].id, lanes[3].id), "x")
    editor.select_cards([a, b])
    layout = editor.scene.layout
    above_x = vp_point(editor, QPointF(layout.cards[x].cx, layout.cards[x].y - 3))
    drag(editor, card_centre(editor, b), above_x)
    assert [tp.id for tp in p.cell(stages[3].id, lanes[3].id)] == [a, b, x]


def test_undo_of_a_delete_selects_the_cards_it_brings_back(make_editor):
    editor = make_editor("hotel")
    p = editor.doc.project
    cards = [tp.id for tp in p.touchpoints(editor.journey_id)]
    editor.select_cards(cards[1:3])
    QTest.keyClick(editor.view, Qt.Key.Key_Delete)
    assert editor.selection.touchpoint_ids == ()
    editor.select_cards([cards[0]])
    editor.undo_stack.undo()
    assert set(editor.selection.touchpoint_ids) == set(cards[1:3])
    # Undoing an edit that only closes gaps (the card it added goes away) leaves the selection alone.
    new = editor.add_card((p.get("touchpoint", cards[0]).stage_id, p.get("touchpoint", cards[0]).lane_id), "n", 0)
    editor.select_cards([cards[5]])
    editor.undo_stack.undo()
    assert new not in p.tables["touchpoint"]
    assert editor.selection.touchpoint_ids == (cards[5],)


# -- keys -------------------------------------------------------------------------------------------


def test_arrows_walk_the_cards_and_ctrl_arrows_move_them(make_editor):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    p = editor.doc.project
    said = messages_of(editor)
    a = editor.add_card((stages[0].id, lanes[0].id), "a")
    a2 = editor.add_card((stages[0].id, lanes[0].id), "a2")
    b = editor.add_card((stages[1].id, lanes[0].id), "b")
    d = editor.add_card((stages[1].id, lanes[2].id), "d")
    editor.select_cards([a])
    view = editor.view
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert editor.selection.touchpoint_ids == (b,)
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert editor.selection.touchpoint_ids == (d,)
    QTest.keyClick(view, Qt.Key.Key_Left)
    assert editor.selection.touchpoint_ids == (a2,)  # the nearest card that way
    QTest.keyClick(view, Qt.Key.Key_Up)
    assert editor.selection.touchpoint_ids == (a,)
    QTest.keyClick(view, Qt.Key.Key_Up)  # nothing above: the selection stays
    assert editor.selection.touchpoint_ids == (a,)

    count = editor.undo_stack.count()
    QTest.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    tp = p.get("touchpoint", a)
    assert (tp.stage_id, tp.lane_id) == (stages[1].id, lanes[1].id)
    assert editor.undo_stack.count() == count + 2
    assert editor.selection.touchpoint_ids == (a,)
    editor.select_cards([a2])
    QTest.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert editor.undo_stack.count() == count + 2
    assert said == ["The cards are at the edge of the map"]


def test_ctrl_l_on_cards_already_connected_says_so(make_editor):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    said = messages_of(editor)
    a = editor.add_card((stages[0].id, lanes[0].id), "a")
    b = editor.add_card((stages[1].id, lanes[0].id), "b")
    editor.select_cards([a, b])
    QTest.keyClick(editor.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert len(editor.doc.project.connections(jid)) == 1 and said == []
    count = editor.undo_stack.count()
    QTest.keyClick(editor.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert said == ["These cards are already connected"]
    assert editor.undo_stack.count() == count


def test_ctrl_y_and_ctrl_shift_z_both_redo_in_the_window(qtbot, tmp_path):
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QMessageBox

    import cxdesigner
    from cxdesigner.mainwindow import MainWindow

    path = tmp_path / "hotel.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    window = MainWindow()
    qtbot.addWidget(window)
    window.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    assert window.open_path(path)
    keys = {k.toString() for k in window.act_redo.shortcuts()}
    assert {"Ctrl+Y", "Ctrl+Shift+Z"} <= keys
    assert window.act_undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    with qtbot.waitExposed(window):
        window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    editor = window.editor
    editor.view.setFocus()
    jid, stages, lanes = ids_of(editor)
    for title in ("one", "two"):
        editor.add_card((stages[0].id, lanes[0].id), title)
    count = window.undo_stack.count()
    view = editor.view
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.undo_stack.index() == count - 2
    QTest.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.undo_stack.index() == count - 1
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.undo_stack.index() == count
    # The window does not wait for a running analysis when it closes: let it end first.
    assert window.analysis.shutdown()
    window.close()


# -- accessibility ----------------------------------------------------------------------------------


def unnamed_controls(top) -> list[str]:
    """Controls a screen reader would reach without a name (Qt also takes one from a label's buddy)."""
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QAbstractSpinBox, QComboBox, QWidget

    out = []
    for w in top.findChildren(QWidget):
        parent = w.parentWidget()
        inner = isinstance(parent, (QAbstractSpinBox, QComboBox)) or (
            isinstance(parent, QAbstractScrollArea) and w is parent.viewport()
        )
        reachable = w.focusPolicy() != Qt.FocusPolicy.NoFocus or isinstance(w, QAbstractButton)
        if inner or not reachable or not w.isVisibleTo(top):
            continue
        face = QAccessible.queryAccessibleInterface(w)
        if face is None or not face.text(QAccessible.Text.Name).strip():
            out.append(f"{type(w).__name__} {w.objectName()}")
    return out


def test_cards_and_controls_have_accessible_names(make_editor, qtbot):
    from cxdesigner.panels.inspector import InspectorWidget

    editor = make_editor("hotel")
    p = editor.doc.project
    jid = editor.journey_id
    for tp in p.touchpoints(jid):
        name = editor.card_accessible_name(tp.id)
        stage, lane = p.get("stage", tp.stage_id), p.get("lane", tp.lane_id)
        assert tp.title in name and stage.display_name("en") in name and lane.display_name("en") in name
        assert name.endswith("emotion " + ("not set" if tp.emotion is None else style.emotion_text(tp.emotion)))
    assert editor.view.accessibleName() == f"Journey map: {p.get('journey', jid).name}"
    first = p.touchpoints(jid)[0]
    editor.select_cards([first.id])
    assert editor.view.accessibleDescription() == editor.card_accessible_name(first.id)
    QTest.keyClick(editor.view, Qt.Key.Key_Right)  # arrow keys: the description follows the selection
    (now,) = editor.selection.touchpoint_ids
    assert now != first.id and editor.view.accessibleDescription() == editor.card_accessible_name(now)
    editor.update_cards([now], emotion=-2)
    assert editor.view.accessibleDescription().endswith("emotion −2")

    editor.open_find()
    assert unnamed_controls(editor) == []
    inspector = InspectorWidget(editor.doc, editor.undo_stack, editor.selection)
    qtbot.addWidget(inspector)
    inspector.show()
    assert unnamed_controls(inspector) == []


# -- phases -----------------------------------------------------------------------------------------


def phase_band(editor, phase: str):
    from cxdesigner.canvas.items import PhaseBandItem

    return next(i for i in editor.scene.items() if isinstance(i, PhaseBandItem) and i.phase == phase)


def band_pixels(editor, phase: str):
    band = phase_band(editor, phase)
    rect = editor.view.mapFromScene(band.mapToScene(band.rect)).boundingRect()
    return editor.view.viewport().grab(rect).toImage()


def test_a_phase_is_renamed_from_its_band_and_menus_and_undone(make_editor):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    p = editor.doc.project
    during = next(s for s in stages if s.phase == "during")
    before_pixels = band_pixels(editor, "during")
    band = phase_band(editor, "during")
    centre = editor.view.mapFromScene(band.mapToScene(band.rect.center()))
    editor.text_answers = ["  During   the visit "]
    QTest.mouseDClick(editor.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert p.get("journey", jid).phase_during == "During the visit"
    assert editor.undo_stack.undo_text() == "Rename phase “During purchase” to “During the visit”"
    # Shown wherever the map names phases: the band, the stage's tooltip, the stage menu.
    assert band_pixels(editor, "during") != before_pixels
    header = editor.scene.stage_header_item(during.id)
    assert "During the visit" in editor.scene.tooltip_for(header)
    stage_menu = editor.context_menu_for(header.mapToScene(header.boundingRect().center()))
    phase_menu = next(a.menu() for a in stage_menu.actions() if a.menu() is not None)
    assert "During the visit" in [plain(a.text()) for a in phase_menu.actions()]
    editor.undo_stack.undo()
    assert p.get("journey", jid).phase_during == ""
    assert band_pixels(editor, "during") == before_pixels

    # The band's own menu; typing the usual name back stores nothing of the journey's own.
    editor.undo_stack.redo()
    menu = editor.context_menu_for(band.mapToScene(band.rect.center()))
    rename, usual = menu.actions()
    assert plain(rename.text()) == "Rename phase…" and usual.isEnabled()
    usual.trigger()
    assert p.get("journey", jid).phase_during == ""
    editor.text_answers = ["After the visit"]
    after = phase_band(editor, "after")
    editor.context_menu_for(after.mapToScene(after.rect.center())).actions()[0].trigger()
    assert p.get("journey", jid).phase_after == "After the visit"
    count = editor.undo_stack.count()
    editor.text_answers = ["After purchase"]  # the usual English name: back to the built-in one
    assert editor.rename_phase("after")
    assert p.get("journey", jid).phase_after == "" and editor.undo_stack.count() == count + 1
    editor.text_answers = [None]  # Cancel changes nothing
    assert not editor.rename_phase("after") and editor.undo_stack.count() == count + 1


def test_a_phase_band_pinned_on_top_still_renames_on_double_click(make_editor):
    editor = make_editor("hotel", size=(900, 500))
    view = editor.view
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    assert editor.scene.top_strip.pos().y() > 0  # the headers slid down with the view
    band = phase_band(editor, "before")
    editor.text_answers = ["Before the stay"]
    centre = view.mapFromScene(band.mapToScene(band.rect.center()))
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert editor.doc.project.get("journey", editor.journey_id).phase_before == "Before the stay"
