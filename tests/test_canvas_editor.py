"""The journey editor driven through its real widgets: keyboard capture, drags, connections, clipboard, find."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QContextMenuEvent, QFont, QGuiApplication, QKeyEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from test_canvas_layout import _bench_generate

import cxdesigner
from cxdesigner.canvas import JourneyEditor, style
from cxdesigner.canvas.interactions import QuickCaptureInteraction
from cxdesigner.canvas.items import CardItem, wrap_text
from cxdesigner.canvas.render import render_image, render_journey
from cxdesigner.canvas.view import MIN_ZOOM
from cxdesigner.document import Document, Selection
from cxdesigner.layout.filtering import CardFilter
from cxdesigner.model import Project
from cxdesigner.qtcommands import UndoStack
from cxdesigner.window.help import plain

HOSTILE = "<b>x</b> $x$ $}$ &amp; 🙂 שלום"


class ScriptedEditor(JourneyEditor):
    """Answers the editor's questions from lists instead of dialogs."""

    def __init__(self, *args, **kwargs) -> None:
        self.text_answers: list[str | None] = []
        self.delete_answers: list[tuple[str, str | None] | None] = []
        self.lane_answers: list[tuple[str, str] | None] = []
        self.errors: list[str] = []
        super().__init__(*args, **kwargs)

    def ask_text(self, title, label, text=""):
        return self.text_answers.pop(0)

    def ask_delete_choice(self, kind, name, count, others):
        return self.delete_answers.pop(0)

    def ask_new_lane(self, kind="touchpoints"):
        return self.lane_answers.pop(0)

    def show_error(self, text):
        self.errors.append(text)


@pytest.fixture
def make_editor(qtbot):
    made = []

    def make(template=None, lang="en", doc=None, size=(1500, 950)):
        doc = doc or cxdesigner.new_project(None, template=template, lang=lang)
        stack = UndoStack(doc)
        selection = Selection()
        editor = ScriptedEditor(doc, stack, selection)
        qtbot.addWidget(editor)
        editor.resize(*size)
        with qtbot.waitExposed(editor):
            editor.show()
        focus(editor, qtbot)
        made.append((editor, doc, stack))
        return editor

    yield make
    for editor, doc, stack in made:
        editor.detach()
        stack.clear()
        doc.close()


def focus(editor: JourneyEditor, qtbot) -> None:
    """Make the editor's window active with the map focused, as after a click: shortcuts need it."""
    with qtbot.waitActive(editor):
        editor.activateWindow()
    editor.view.setFocus()


def vp_point(editor: JourneyEditor, scene_point: QPointF) -> QPoint:
    return editor.view.mapFromScene(scene_point)


def card_centre(editor: JourneyEditor, tp_id: str) -> QPoint:
    item = editor.scene.card_item(tp_id)
    return vp_point(editor, item.mapToScene(item.card_rect().center()))


def cell_point(editor: JourneyEditor, stage_i: int, lane_i: int, below_cards: bool = True) -> QPoint:
    layout = editor.scene.layout
    r = layout.cell_rect(layout.stage_ids[stage_i], layout.lane_ids[lane_i])
    return vp_point(editor, QPointF(r.cx, r.bottom - 6 if below_cards else r.cy))


def ids_of(editor: JourneyEditor) -> tuple[str, list, list]:
    jid = editor.journey_id
    p = editor.doc.project
    return jid, p.stages(jid), p.lanes(jid)


def type_text(widget, text: str) -> None:
    """Type any text (QTest.keyClicks only knows ASCII): one key event carrying it all, as an input method would."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, text))


def drag(editor: JourneyEditor, start: QPoint, end: QPoint, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    vp = editor.view.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, modifier, start)
    for i in range(1, 6):
        QTest.mouseMove(vp, start + (end - start) * i / 5)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, modifier, end)


# -- quick capture --------------------------------------------------------------------------------


def test_quick_capture_of_five_cards_by_keyboard(make_editor):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    view = editor.view
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, cell_point(editor, 0, 1)
    )
    assert editor.scene.current_cell == (stages[0].id, lanes[1].id)
    for title in ("Sees an ad", "Asks a friend", "Reads reviews"):
        QTest.keyClicks(view, title)
        QTest.keyClick(view, Qt.Key.Key_Return)
    # Tab carries the typing to the next stage; Shift+Tab back.
    QTest.keyClick(view, Qt.Key.Key_Tab)
    QTest.keyClicks(view, "Compares prices")
    QTest.keyClick(view, Qt.Key.Key_Return)
    QTest.keyClick(view, Qt.Key.Key_Tab)
    QTest.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClicks(view, "Picks a plan 2")  # a digit while typing is text, not an emotion
    QTest.keyClick(view, Qt.Key.Key_Return)
    QTest.keyClick(view, Qt.Key.Key_Escape)

    p = editor.doc.project
    first = [tp.title for tp in p.cell(stages[0].id, lanes[1].id)]
    second = [tp.title for tp in p.cell(stages[1].id, lanes[1].id)]
    assert first == ["Sees an ad", "Asks a friend", "Reads reviews"]
    assert second == ["Compares prices", "Picks a plan 2"]
    assert all(tp.emotion is None for tp in p.touchpoints(jid))
    assert editor.undo_stack.count() == 5
    assert editor.scene.handler is None
    assert set(editor.scene.card_items()) == {tp.id for tp in p.touchpoints(jid)}
    editor.undo_stack.undo()
    assert [tp.title for tp in p.cell(stages[1].id, lanes[1].id)] == ["Compares prices"]


def test_editing_keys_in_capture_go_to_the_text_not_the_shortcuts(make_editor):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    keep = editor.add_card((stages[0].id, lanes[0].id), "keep me")
    editor.scene.set_current_cell((stages[0].id, lanes[0].id))
    QTest.keyClicks(editor.view, "Pays bz")
    QTest.keyClick(editor.view, Qt.Key.Key_Backspace)
    QTest.keyClick(editor.view, Qt.Key.Key_Backspace)
    QTest.keyClicks(editor.view, "y")
    QTest.keyClick(editor.view, Qt.Key.Key_Home)
    QTest.keyClick(editor.view, Qt.Key.Key_Delete)
    QTest.keyClick(editor.view, Qt.Key.Key_Return)
    QTest.keyClick(editor.view, Qt.Key.Key_Escape)
    titles = [tp.title for tp in editor.doc.project.cell(stages[0].id, lanes[0].id)]
    assert titles == ["keep me", "ays y"]
    assert keep in editor.doc.project.tables["touchpoint"]


def test_double_click_cell_opens_capture_at_that_place(make_editor):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    a = editor.add_card((stages[0].id, lanes[0].id), "first")
    b = editor.add_card((stages[0].id, lanes[0].id), "last")
    layout = editor.scene.layout
    between = QPointF(layout.cards[a].cx, (layout.cards[a].bottom + layout.cards[b].y) / 2)
    QTest.mouseDClick(
        editor.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, vp_point(editor, between)
    )
    assert isinstance(editor.scene.handler, QuickCaptureInteraction)
    QTest.keyClicks(editor.view, "middle")
    QTest.keyClick(editor.view, Qt.Key.Key_Return)
    QTest.keyClick(editor.view, Qt.Key.Key_Escape)
    assert [tp.title for tp in editor.doc.project.cell(stages[0].id, lanes[0].id)] == ["first", "middle", "last"]


def test_emotion_keys_and_inline_rename(make_editor):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    a = editor.add_card((stages[0].id, lanes[0].id), "a")
    b = editor.add_card((stages[1].id, lanes[0].id), "b")
    editor.select_cards([a, b])
    QTest.keyClick(editor.view, Qt.Key.Key_1)
    p = editor.doc.project
    assert p.get("touchpoint", a).emotion == -3 and p.get("touchpoint", b).emotion == -3
    QTest.keyClick(editor.view, Qt.Key.Key_7)
    assert p.get("touchpoint", a).emotion == 3
    QTest.keyClick(editor.view, Qt.Key.Key_4)
    assert p.get("touchpoint", b).emotion == 0
    QTest.keyClick(editor.view, Qt.Key.Key_0)
    assert p.get("touchpoint", b).emotion is None
    # Both cards change at once, and consecutive emotion keys merge into one undo step.
    assert editor.undo_stack.count() == 3
    editor.undo_stack.undo()
    assert p.get("touchpoint", a).emotion is None and p.get("touchpoint", b).emotion is None
    editor.select_cards([a])
    QTest.keyClick(editor.view, Qt.Key.Key_F2)
    QTest.keyClick(editor.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(editor.view, HOSTILE)
    QTest.keyClick(editor.view, Qt.Key.Key_Return)
    assert p.get("touchpoint", a).title == HOSTILE


# -- dragging -------------------------------------------------------------------------------------


def test_drag_card_to_another_stage_updates_model_and_file(make_editor, tmp_path):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    a = editor.add_card((stages[0].id, lanes[0].id), "Sees an ad")
    b = editor.add_card((stages[0].id, lanes[0].id), "Asks a friend")
    c = editor.add_card((stages[2].id, lanes[1].id), "Buys")
    editor.connect_cards(b, c)
    before_route = editor.scene.connection_item(editor.doc.project.connections(jid)[0].id).route
    count = editor.undo_stack.count()

    drag(editor, card_centre(editor, a), cell_point(editor, 2, 1))

    p = editor.doc.project
    moved = p.get("touchpoint", a)
    assert (moved.stage_id, moved.lane_id) == (stages[2].id, lanes[1].id)
    assert [tp.id for tp in p.cell(stages[2].id, lanes[1].id)] == [c, a]
    assert p.get("touchpoint", b).position == 0  # the gap it left is closed
    assert editor.undo_stack.count() == count + 1  # one command for the whole drag
    layout = editor.scene.layout
    item = editor.scene.card_item(a)
    assert (item.pos().x(), item.pos().y()) == (layout.cards[a].x, layout.cards[a].y)
    assert editor.scene.connection_item(p.connections(jid)[0].id).route != before_route

    path = tmp_path / "moved.cxd"
    editor.doc.save_as(path)
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        row = conn.execute("SELECT stage_id, lane_id, position FROM touchpoints WHERE id = ?", (a,)).fetchone()
    assert row == (stages[2].id, lanes[1].id, 1)
    reopened = cxdesigner.open_project(path)
    try:
        again = reopened.project.get("touchpoint", a)
        assert (again.stage_id, again.lane_id, again.position) == (stages[2].id, lanes[1].id, 1)
    finally:
        reopened.close()


def test_drag_reorders_within_a_cell_and_multi_select_moves_together(make_editor):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    cell = (stages[0].id, lanes[0].id)
    a, b, c = (editor.add_card(cell, t) for t in "abc")
    layout = editor.scene.layout
    below_c = vp_point(editor, QPointF(layout.cards[c].cx, layout.cards[c].bottom + 5))
    drag(editor, card_centre(editor, a), below_c)
    p = editor.doc.project
    assert [tp.id for tp in p.cell(*cell)] == [b, c, a]

    # Ctrl+click two cards, then drag both to another stage.
    QTest.mouseClick(
        editor.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, card_centre(editor, b)
    )
    QTest.mouseClick(
        editor.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, card_centre(editor, a)
    )
    assert editor.selected_card_ids() == [b, a]
    assert editor.selection.touchpoint_ids == (b, a)
    count = editor.undo_stack.count()
    drag(editor, card_centre(editor, a), cell_point(editor, 1, 2))
    assert editor.undo_stack.count() == count + 1
    assert [tp.id for tp in p.cell(stages[1].id, lanes[2].id)] == [b, a]  # journey order kept
    assert [tp.id for tp in p.cell(*cell)] == [c]

    # A drag that ends where it started adds no undo step.
    count = editor.undo_stack.count()
    drag(editor, card_centre(editor, c), card_centre(editor, c) + QPoint(0, 20))
    assert editor.undo_stack.count() == count


def test_rubber_band_selects_cards(make_editor):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    a = editor.add_card((stages[0].id, lanes[0].id), "a")
    b = editor.add_card((stages[1].id, lanes[0].id), "b")
    editor.add_card((stages[3].id, lanes[3].id), "far")
    layout = editor.scene.layout
    start = vp_point(editor, QPointF(layout.cards[a].x - 6, layout.cards[a].y - 6))
    end = vp_point(editor, QPointF(layout.cards[b].cx, layout.cards[b].cy))
    drag(editor, start, end)
    assert set(editor.selection.touchpoint_ids) == {a, b}


def test_drag_headers_reorders_stages_and_lanes(make_editor):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    layout = editor.scene.layout
    head = layout.stage_headers[stages[0].id]
    target = layout.stage_headers[stages[2].id]
    drag(editor, vp_point(editor, QPointF(head.cx, head.cy)), vp_point(editor, QPointF(target.right - 5, target.cy)))
    order = [s.id for s in editor.doc.project.stages(jid)]
    assert order[:3] == [stages[1].id, stages[2].id, stages[0].id]
    assert editor.scene.layout.stage_ids == order
    layout = editor.scene.layout
    head = layout.lane_headers[lanes[3].id]
    target = layout.lane_headers[lanes[0].id]
    drag(editor, vp_point(editor, QPointF(head.cx, head.cy)), vp_point(editor, QPointF(target.cx, target.y + 5)))
    assert [ln.id for ln in editor.doc.project.lanes(jid)][:2] == [lanes[3].id, lanes[0].id]
    assert editor.undo_stack.count() == 2


# -- connections ----------------------------------------------------------------------------------


def test_connect_by_dragging_the_handle_and_by_shortcut(make_editor):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    a = editor.add_card((stages[0].id, lanes[0].id), "a")
    b = editor.add_card((stages[1].id, lanes[0].id), "b")
    c = editor.add_card((stages[1].id, lanes[1].id), "c")
    item = editor.scene.card_item(a)
    drag(editor, vp_point(editor, item.handle_pos()), card_centre(editor, b))
    (conn,) = editor.doc.project.connections(jid)
    assert (conn.source_id, conn.target_id) == (a, b)
    assert editor.scene.connection_item(conn.id) is not None

    editor.select_cards([c])
    QTest.mouseClick(
        editor.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, card_centre(editor, b)
    )
    QTest.keyClick(editor.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    pairs = {(x.source_id, x.target_id) for x in editor.doc.project.connections(jid)}
    assert pairs == {(a, b), (c, b)}


def test_delete_connected_card_and_undo_restores_everything(make_editor):
    editor = make_editor("hotel")
    jid = editor.journey_id
    p = editor.doc.project
    hub = max(p.touchpoints(jid), key=lambda tp: len(p.connections_of(tp.id)))
    assert len(p.connections_of(hub.id)) >= 2
    before = p.snapshot()
    conns = {c.id for c in p.connections_of(hub.id)}
    editor.select_cards([hub.id])
    QTest.keyClick(editor.view, Qt.Key.Key_Delete)
    assert hub.id not in p.tables["touchpoint"]
    assert not conns & set(p.tables["connection"])
    assert editor.scene.card_item(hub.id) is None
    assert not conns & set(editor.scene.connection_items())
    assert editor.selection.touchpoint_ids == ()
    editor.undo_stack.undo()
    assert p.snapshot() == before
    assert editor.scene.card_item(hub.id) is not None
    assert conns <= set(editor.scene.connection_items())
    assert all(editor.scene.connection_item(c).route is not None for c in conns)


def test_delete_selected_connection_and_connection_menu(make_editor):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    a = editor.add_card((stages[0].id, lanes[0].id), "a")
    b = editor.add_card((stages[1].id, lanes[0].id), "b")
    cid = editor.connect_cards(a, b)
    editor.text_answers = ["if it rains"]
    assert editor.edit_connection_label(cid)
    assert editor.set_connection_kind([cid], "failure")
    conn = editor.doc.project.get("connection", cid)
    assert (conn.label, conn.kind) == ("if it rains", "failure")
    editor.select_cards([], [cid])
    editor.action("delete").trigger()
    assert editor.doc.project.connections(jid) == []


# -- clipboard ------------------------------------------------------------------------------------


def test_paste_between_journeys_and_between_windows(make_editor, qtbot):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    a = editor.add_card((stages[1].id, lanes[0].id), HOSTILE, emotion=2)
    b = editor.add_card((stages[2].id, lanes[0].id), "pays")
    editor.connect_cards(a, b)
    editor.select_cards([a, b])
    QTest.keyClick(editor.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == f"{' '.join(HOSTILE.split())}\npays"

    # Another journey of the same project.
    other = editor.doc.add_journey("To-be")
    editor.set_journey(other)
    assert editor.selection.journey_id == other
    QTest.keyClick(editor.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    p = editor.doc.project
    pasted = p.touchpoints(other)
    assert [tp.title for tp in pasted] == [HOSTILE, "pays"]
    assert {tp.id for tp in pasted}.isdisjoint({a, b})
    assert pasted[0].stage_id == p.stages(other)[1].id
    assert len(p.connections(other)) == 1
    assert set(editor.selection.touchpoint_ids) == {tp.id for tp in pasted}

    # Another window with another project.
    second = make_editor()
    QTest.keyClick(second.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [tp.title for tp in second.doc.project.touchpoints(second.journey_id)] == [HOSTILE, "pays"]

    # Duplicate and cut.
    focus(editor, qtbot)
    editor.select_cards([pasted[1].id])
    QTest.keyClick(editor.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert [tp.title for tp in p.touchpoints(other)].count("pays") == 2
    QTest.keyClick(editor.view, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert [tp.title for tp in p.touchpoints(other)].count("pays") == 1


def test_paste_plain_text_lines_into_the_current_cell(make_editor):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    QGuiApplication.clipboard().setText("First step\n\n  Second   step \nThird")
    editor.scene.set_current_cell((stages[3].id, lanes[2].id))
    ids = editor.paste()
    assert [editor.doc.project.get("touchpoint", i).title for i in ids] == ["First step", "Second step", "Third"]
    assert editor.undo_stack.count() == 1


# -- stages and lanes -----------------------------------------------------------------------------


def test_stage_and_lane_menus_add_rename_move_delete(make_editor):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    p = editor.doc.project
    editor.text_answers = ["Onboarding"]
    new_stage = editor.add_stage(1)
    assert [s.id for s in p.stages(jid)][1] == new_stage
    assert editor.scene.stage_header_item(new_stage) is not None
    editor.text_answers = ["Renamed <i>"]
    editor.rename_stage(new_stage)
    assert p.get("stage", new_stage).display_name() == "Renamed <i>"
    editor.move_header("stage", new_stage, 1)
    assert [s.id for s in p.stages(jid)][2] == new_stage

    a = editor.add_card((new_stage, lanes[0].id), "in the new stage")
    editor.delete_answers = [None]  # cancel
    assert not editor.delete_stage(new_stage)
    editor.delete_answers = [("move", stages[0].id)]
    assert editor.delete_stage(new_stage)
    assert p.get("touchpoint", a).stage_id == stages[0].id
    assert editor.scene.stage_header_item(new_stage) is None
    editor.undo_stack.undo()
    assert p.get("touchpoint", a).stage_id == new_stage
    editor.delete_answers = [("delete", None)]
    assert editor.delete_stage(new_stage)
    assert a not in p.tables["touchpoint"] and editor.scene.card_item(a) is None

    editor.lane_answers = [("Partners", "touchpoints")]
    lane = editor.add_lane(0)
    assert p.lanes(jid)[0].id == lane
    assert editor.delete_lane(lane)  # empty: no question asked
    assert lane not in p.tables["lane"]

    # The header menus are built from what is under the mouse.
    header = editor.scene.layout.stage_headers[stages[0].id]
    menu = editor.context_menu_for(QPointF(header.cx, header.cy))
    texts = [plain(a.text()) for a in menu.actions()]
    assert "Rename stage…" in texts and "Delete stage…" in texts


# -- view -----------------------------------------------------------------------------------------


def test_zoom_and_fit(make_editor, qtbot):
    editor = make_editor("hotel")
    seen = []
    editor.zoom_changed.connect(seen.append)
    editor.action("zoom_in").trigger()
    assert editor.zoom() == pytest.approx(1.2)
    editor.action("zoom_out").trigger()
    assert editor.zoom() == pytest.approx(1.0)
    QTest.keyClick(editor.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    fitted = editor.zoom()
    assert fitted < 1.0
    visible = editor.view.visible_scene_rect()
    assert visible.adjusted(-2, -2, 2, 2).contains(editor.scene.full_rect())
    assert seen == [pytest.approx(1.2), pytest.approx(1.0), pytest.approx(fitted)]
    # Ctrl+wheel zooms around the mouse.
    editor.view.set_zoom(1.0)
    for _ in range(40):
        editor.action("zoom_out").trigger()
    assert editor.zoom() == pytest.approx(MIN_ZOOM)


def test_ctrl_wheel_zooms_under_the_mouse_and_middle_button_pans(make_editor):
    editor = make_editor("hotel")
    view = editor.view
    vp = view.viewport()
    at = QPointF(300, 200)
    under = view.mapToScene(at.toPoint())
    wheel = QWheelEvent(
        at,
        vp.mapToGlobal(at),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(vp, wheel)
    assert editor.zoom() == pytest.approx(1.2)
    after = view.mapToScene(at.toPoint())
    assert abs(after.x() - under.x()) < 2 and abs(after.y() - under.y()) < 2
    h, v = view.horizontalScrollBar().value(), view.verticalScrollBar().value()
    QTest.mousePress(vp, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, QPoint(400, 400))
    QTest.mouseMove(vp, QPoint(300, 350))
    QTest.mouseRelease(vp, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, QPoint(300, 350))
    assert view.horizontalScrollBar().value() == h + 100
    assert view.verticalScrollBar().value() == v + 50
    assert editor.selection.touchpoint_ids == ()  # panning selects nothing


def test_headers_stay_visible_while_scrolling(make_editor):
    editor = make_editor("hotel", size=(700, 500))
    view = editor.view
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    visible = view.visible_scene_rect()
    layout = editor.scene.layout
    sid = layout.stage_ids[-1]
    header = editor.scene.stage_header_item(sid)
    assert visible.contains(header.sceneBoundingRect().center())
    lid = layout.lane_ids[-1]
    lane = editor.scene.lane_header_item(lid)
    margin = layout.metrics.margin
    assert visible.left() <= lane.sceneBoundingRect().left() <= visible.left() + margin + 1
    # A click on the pinned strip does not reach the cards scrolled under it.
    strip_point = view.mapFromScene(QPointF(visible.left() + 4, visible.bottom() - 30))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, strip_point)
    assert editor.selection.touchpoint_ids == ()


def test_find_filter_and_escape(make_editor):
    editor = make_editor("hotel")
    jid = editor.journey_id
    QTest.keyClick(editor.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert editor.find_bar.isVisible()
    QTest.keyClicks(editor.find_bar.text_edit, "check")
    p = editor.doc.project
    matching = {
        tp.id for tp in p.touchpoints(jid) if "check" in tp.title.casefold() or "check" in tp.description.casefold()
    }
    dimmed = {t for t, item in editor.scene.card_items().items() if item.opacity() < 1}
    assert matching and dimmed
    assert not matching & dimmed
    editor.find_bar.pain_check.setChecked(True)
    only = editor.set_filter(CardFilter(text="check", has_pain_points=True, hide_others=True))
    assert all(p.get("touchpoint", t).pain_points for t in only)
    hidden = {t for t, item in editor.scene.card_items().items() if not item.isVisible()}
    assert hidden == {tp.id for tp in p.touchpoints(jid)} - set(only)
    QTest.keyClick(editor.find_bar.text_edit, Qt.Key.Key_Escape)
    assert not editor.find_bar.isVisible()
    assert all(item.isVisible() and item.opacity() == 1 for item in editor.scene.card_items().values())


def _offered(editor) -> tuple[list[str], list[str]]:
    bar = editor.find_bar
    tags = [bar.tag_box.itemText(i) for i in range(bar.tag_box.count())]
    channels = [bar.channel_box.itemData(i) for i in range(bar.channel_box.count())]
    return tags, channels


def test_the_find_bar_offers_the_shown_journeys_tags_whenever_it_is_open(make_editor, monkeypatch):
    project = _bench_generate()(120, journeys=2)
    first, second = (j.id for j in project.journeys()[:2])
    for jid in (first, second):
        assert {t for tp in project.touchpoints(jid) for t in tp.tags}

    def expected(jid):
        tags = sorted({t for tp in project.touchpoints(jid) for t in tp.tags}, key=str.casefold)
        return ["", *tags]

    # Listing the tags goes over every card of the journey in the map's order: not while the bar is closed.
    listed = []
    monkeypatch.setattr(
        Project, "touchpoints", lambda self, jid, _was=Project.touchpoints: listed.append(jid) or _was(self, jid)
    )
    editor = make_editor(doc=Document.new(project))
    assert listed == []
    editor.set_journey(second)
    assert listed == []
    # Opened, it offers the journey shown, closed or open since.
    editor.open_find()
    tags, channels = _offered(editor)
    assert tags == expected(second)
    assert "" in channels and len(channels) > 1
    editor.set_journey(first)
    assert _offered(editor)[0] == expected(first)
    editor.close_find()
    editor.set_journey(second)
    editor.open_find()
    assert _offered(editor) == (expected(second), channels)


# -- the scene follows the model ------------------------------------------------------------------


def test_single_edit_updates_items_in_place(make_editor):
    editor = make_editor("hotel")
    jid = editor.journey_id
    p = editor.doc.project
    items = editor.scene.card_items()
    conns = editor.scene.connection_items()
    routes = {c: item.route for c, item in conns.items()}
    tp = p.touchpoints(jid)[3]
    editor.update_cards([tp.id], title="Changed", emotion=-3)
    assert editor.scene.card_items() == items  # the same item objects: no rebuild
    assert {c: item.route for c, item in editor.scene.connection_items().items()} == routes
    assert editor.scene.card_item(tp.id).title_lines() == ["Changed"]
    assert any(pt[3] == tp.id and pt[2] == -3 for pt in editor.scene.curve_item.points)


def test_selection_follows_the_shared_selection_both_ways(make_editor):
    editor = make_editor("hotel")
    jid = editor.journey_id
    tps = editor.doc.project.touchpoints(jid)
    heard = []
    editor.selection.subscribe(lambda sel, source: heard.append(source))
    editor.selection.select([tps[2].id], source="table")
    assert [i.tp_id for i in editor.scene.selectedItems()] == [tps[2].id]
    assert heard == ["table"]  # the editor did not echo it back
    QTest.mouseClick(
        editor.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        card_centre(editor, tps[0].id),
    )
    assert editor.selection.touchpoint_ids == (tps[0].id,)
    assert heard[-1] is editor
    editor.scroll_to_cards([tps[-1].id])
    assert editor.view.visible_scene_rect().intersects(editor.scene.card_item(tps[-1].id).sceneBoundingRect())
    editor.highlight_path([tps[0].id, tps[1].id])
    assert editor.scene.card_item(tps[0].id).highlighted


@pytest.mark.parametrize("size", [(1000, 300), (1500, 950)], ids=["short", "tall"])
def test_a_card_brought_into_view_lies_clear_of_the_pinned_headers(make_editor, size):
    """A finding's card, asked for from the far side of a short map (one under the charts dock), showed under the
    pinned stage headers: Qt's fixed margins were less than the headers' own size."""
    editor = make_editor("hotel", size=size)
    view = editor.view
    tps = editor.doc.project.touchpoints(editor.journey_id)
    top, left = editor.scene.layout.top_strip.h, editor.scene.layout.left_strip.w
    for tp in (tps[-1], tps[0], tps[len(tps) // 2]):
        editor.scroll_to_cards([tp.id])
        box = view.mapFromScene(editor.scene.card_item(tp.id).sceneBoundingRect()).boundingRect()
        z = view.zoom()
        assert box.top() >= top * z and box.left() >= left * z, tp.title
        assert view.viewport().rect().contains(box), tp.title


def test_a_cell_reached_with_the_arrow_keys_lies_clear_of_the_pinned_headers(make_editor):
    """Going up a lane and left a stage from the far corner of the map: the view's 60 px margin was less than the
    stage headers' height, so the current cell's top stayed under them."""
    editor = make_editor("hotel", size=(1000, 600))
    view, layout = editor.view, editor.scene.layout
    last = (layout.stage_ids[-1], layout.lane_ids[-1])
    editor.scene.set_current_cell(last)
    view.ensure_rect_visible(QRectF(*layout.cell_rect(*last)), zoom_out=False)
    for _ in range(len(layout.lane_ids) - 1):
        editor.move_cell_cursor(lane_step=-1, wrap=False)
        box = view.mapFromScene(QRectF(*layout.cell_rect(*editor.scene.current_cell))).boundingRect()
        assert box.top() >= layout.top_strip.h * view.zoom()
    for _ in range(len(layout.stage_ids) - 1):
        editor.move_cell_cursor(stage_step=-1, wrap=False)
        box = view.mapFromScene(QRectF(*layout.cell_rect(*editor.scene.current_cell))).boundingRect()
        assert box.left() >= layout.left_strip.w * view.zoom()


def test_hostile_titles_stay_plain_text(make_editor, qapp):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    a = editor.add_card((stages[0].id, lanes[0].id), HOSTILE)
    tip = editor.scene.card_tooltip(a)
    assert "&lt;b&gt;x&lt;/b&gt;" in tip and "<b>x</b>" not in tip.replace("<b>&lt;", "")
    assert "&amp;amp;" in tip
    lines = editor.scene.card_item(a).title_lines()
    assert " ".join(lines) == HOSTILE
    huge = "word " * 2000
    b = editor.add_card((stages[0].id, lanes[0].id), huge.strip())
    lines = editor.scene.card_item(b).title_lines()
    assert len(lines) == 3 and lines[-1].endswith("…")
    # The export prints it whole.
    export = render_journey(editor.doc, jid)
    assert len(export.card_item(b).title_lines()) > 3
    assert " ".join(wrap_text(HOSTILE, export.fonts.title, 150, None)) == HOSTILE
    # ...on a taller card, drawn down to its last line (its emotion band still there near the bottom).
    tall = export.card_item(b)
    assert tall.card_rect().height() > editor.scene.card_item(b).card_rect().height()
    image = render_image(export, 0.5)
    spot = (tall.mapToScene(QPointF(3, tall.card_rect().height() - 8)) - export.full_rect().topLeft()) * 0.5
    assert image.pixelColor(int(spot.x()), int(spot.y())) == style.emotion_colour(None)


def test_export_scene_has_no_selection_marks(make_editor):
    editor = make_editor("hotel")
    jid, stages, lanes = ids_of(editor)
    export = render_journey(editor.doc, jid)
    assert export.export_mode and not export.cursor_item.isVisible()
    cards = export.card_items()
    assert set(cards) == {tp.id for tp in editor.doc.project.touchpoints(jid)}
    assert all(isinstance(i, CardItem) and export.full_rect().contains(i.sceneBoundingRect()) for i in cards.values())
    # Selected and hovered cards print exactly like the others: no outline, no connector handle.
    plain = render_image(export, 0.5)
    for item in cards.values():
        item.setSelected(True)
        item.hovered = True
        item.update()
    assert len(export.selectedItems()) == len(cards)
    assert render_image(export, 0.5) == plain
    # The export does not follow the project: a new card and a moved one leave it as it was.
    places = {tid: item.pos() for tid, item in cards.items()}
    first = editor.doc.project.touchpoints(jid)[0].id
    last_card_lane = [ln for ln in lanes if ln.holds_cards][-1]  # the hotel's last lane holds thoughts, not cards
    editor.add_card((stages[-1].id, last_card_lane.id), "new")
    editor.move_cards([first], (stages[-1].id, last_card_lane.id))
    assert {tid: item.pos() for tid, item in export.card_items().items()} == places
    assert editor.scene.card_item(first).pos() != places[first]


@pytest.mark.parametrize(
    "title",
    ["Cola larga 😡 en recepción", "😡 Cola larga en recepción lenta", "Desayuno 👍🥐 muy bueno de verdad"],
)
def test_a_title_with_emoji_breaks_between_words_not_one_letter_into_the_next(qapp, title):
    # Qt counts an emoji as two UTF-16 units, Python as one character: each line must still end at a space.
    font = QFont("DejaVu Sans")
    font.setPixelSize(13)
    for width in (120, 150, 170, 200):
        lines = wrap_text(title, font, width, 3)
        assert " ".join(lines) == title
        assert all(word in title.split() for line in lines for word in line.split())


def test_a_drop_works_out_its_move_once_and_does_what_it_worked_out(make_editor, monkeypatch):
    from cxdesigner.document.move_command import MoveTouchpointsToCellsCommand

    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    cell = (stages[0].id, lanes[0].id)
    a, b, c = (editor.add_card(cell, t) for t in "abc")
    built = []
    build = MoveTouchpointsToCellsCommand.build

    def counted(self, project):
        built.append(self)
        return build(self, project)

    monkeypatch.setattr(MoveTouchpointsToCellsCommand, "build", counted)
    drag(editor, card_centre(editor, a), cell_point(editor, 1, 1))
    p = editor.doc.project
    assert [tp.id for tp in p.cell(stages[1].id, lanes[1].id)] == [a]
    assert [(tp.id, tp.position) for tp in p.cell(*cell)] == [(b, 0), (c, 1)]
    assert len(built) == 1, "the drop worked out its changes twice"
    editor.undo_stack.undo()
    assert [(tp.id, tp.position) for tp in p.cell(*cell)] == [(a, 0), (b, 1), (c, 2)]
    editor.undo_stack.redo()
    assert [tp.id for tp in p.cell(stages[1].id, lanes[1].id)] == [a]
    assert len(built) == 1


# -- the keyboard alone: a second card, a connection's label, the Menu key ------------------------


def test_shift_arrow_adds_the_next_card_so_ctrl_l_connects_by_keyboard(make_editor):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    a = editor.add_card((stages[0].id, lanes[0].id), "Sees an ad")
    b = editor.add_card((stages[1].id, lanes[0].id), "Compares prices")
    c = editor.add_card((stages[1].id, lanes[1].id), "Calls the hotel")
    editor.select_cards([a])
    scroll = editor.view.horizontalScrollBar().value()
    QTest.keyClick(editor.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert editor.selected_card_ids() == [a, b]
    QTest.keyClick(editor.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert editor.selected_card_ids() == [a, b, c]
    # At the map's edge Shift+arrow keeps the selection and the view where they are.
    QTest.keyClick(editor.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert editor.selected_card_ids() == [a, b, c]
    assert editor.view.horizontalScrollBar().value() == scroll
    QTest.keyClick(editor.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    pairs = [(x.source_id, x.target_id) for x in editor.doc.project.connections(jid)]
    assert sorted(pairs) == sorted([(a, b), (b, c)])


def test_ctrl_l_on_one_card_says_how_to_select_the_second(make_editor):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    a = editor.add_card((stages[0].id, lanes[0].id), "a")
    editor.select_cards([a])
    said: list[str] = []
    editor.message_posted.connect(said.append)
    QTest.keyClick(editor.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert editor.doc.project.connections(jid) == []
    assert said and "Shift+arrow" in said[-1]


@pytest.mark.parametrize("key", [Qt.Key.Key_F2, Qt.Key.Key_Return])
def test_f2_or_enter_on_a_selected_connection_edits_its_label(make_editor, key):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    a = editor.add_card((stages[0].id, lanes[0].id), "a")
    b = editor.add_card((stages[1].id, lanes[0].id), "b")
    cid = editor.connect_cards(a, b)
    editor.select_cards([], [cid])
    editor.text_answers = ["Finds a better price"]
    QTest.keyClick(editor.view, key)
    assert editor.doc.project.get("connection", cid).label == "Finds a better price"
    assert editor.text_answers == []


def _menu_key(editor, monkeypatch) -> list[str]:
    """Press the Menu key on the map; the texts of the menu it would open (recorded, not shown)."""
    shown: list[QPointF] = []
    monkeypatch.setattr(editor, "show_context_menu", lambda scene_pos, screen_pos: shown.append(scene_pos))
    centre = editor.view.viewport().rect().center()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Keyboard, QPoint(0, 0), editor.view.viewport().mapToGlobal(centre)
    )
    QApplication.sendEvent(editor.view.viewport(), event)
    assert len(shown) == 1
    menu = editor.context_menu_for(shown[0])
    texts = [plain(a.text()) for a in menu.actions()]
    menu.deleteLater()
    return texts


def test_the_menu_key_opens_the_menu_of_the_selection_not_of_the_maps_corner(make_editor, monkeypatch):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    a = editor.add_card((stages[0].id, lanes[0].id), "a")
    b = editor.add_card((stages[1].id, lanes[0].id), "b")
    cid = editor.connect_cards(a, b)
    editor.select_cards([], [cid])
    assert "Edit label…" in _menu_key(editor, monkeypatch)
    editor.select_cards([b])
    assert "Edit title" in _menu_key(editor, monkeypatch)
    shown: list[QPointF] = []
    monkeypatch.setattr(editor, "show_context_menu", lambda scene_pos, screen_pos: shown.append(scene_pos))
    QTest.keyClick(editor.view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)  # the other menu key
    assert shown == [editor.selection_menu_point()] and editor.scene.card_item(b).contains(
        editor.scene.card_item(b).mapFromScene(shown[0])
    )
    editor.select_cards([])
    editor.scene.set_current_cell((stages[2].id, lanes[1].id))
    texts = _menu_key(editor, monkeypatch)
    assert "New touchpoint here" in texts
    # The cell's stage and lane can be renamed from there: no other key reaches their names.
    menu = editor.context_menu_for(editor.selection_menu_point())
    rename = {plain(a.text()): a for a in menu.actions()}
    editor.text_answers = ["Research", "What the guest does"]
    rename["Rename stage…"].trigger()
    rename["Rename lane…"].trigger()
    menu.deleteLater()
    assert editor.doc.project.get("stage", stages[2].id).name == "Research"
    assert editor.doc.project.get("lane", lanes[1].id).name == "What the guest does"


def test_a_connection_made_by_ctrl_l_comes_selected_to_label_and_walk_on_by_keyboard(make_editor):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    a = editor.add_card((stages[0].id, lanes[0].id), "Sees an ad")
    b = editor.add_card((stages[1].id, lanes[0].id), "Compares prices")
    editor.select_cards([a])
    QTest.keyClick(editor.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(editor.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    (conn,) = editor.doc.project.connections(jid)
    assert editor.selected_connection_ids() == [conn.id] and editor.selected_card_ids() == []
    assert editor.selection.connection_ids == (conn.id,)
    editor.text_answers = ["Finds a better price"]
    QTest.keyClick(editor.view, Qt.Key.Key_F2)
    assert editor.doc.project.get("connection", conn.id).label == "Finds a better price"
    QTest.keyClick(editor.view, Qt.Key.Key_Right)  # on along the connection, to the card it leads to
    assert editor.selected_card_ids() == [b]
    editor.select_cards([], [conn.id])
    QTest.keyClick(editor.view, Qt.Key.Key_Left)  # back to where it starts
    assert editor.selected_card_ids() == [a]
    editor.undo_stack.undo()  # the label
    editor.undo_stack.undo()  # the connection, one step
    assert editor.doc.project.connections(jid) == []


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_small_questions_are_as_wide_as_their_titles(make_editor, qtbot, lang):
    # At their contents' width the title bars read "Renam… igner", "Etique…signer", "Delet… signer",
    # and a stage's new name scrolled in a field some 150 pixels wide.
    from cxdesigner import i18n
    from cxdesigner.canvas.delete_dialog import DeleteHeaderDialog
    from cxdesigner.window.screenfit import line_dialog, title_room

    editor = make_editor()
    old = i18n.language()
    i18n.set_language(lang)
    try:
        title = i18n._("Connection label")
        dialog = line_dialog(editor, title, i18n._("Label:"), "")
        delete = DeleteHeaderDialog(editor, "stage", "Awareness", 2, [("st", "Consideration")])
    finally:
        i18n.set_language(old)
    for shown, wanted in ((dialog, title), (delete, delete.windowTitle())):
        qtbot.addWidget(shown)
        shown.show()
        qtbot.waitExposed(shown)
        assert shown.width() >= title_room(shown, wanted) > 0
    (field,) = dialog.findChildren(QLineEdit)
    assert field.width() >= 300


@pytest.mark.parametrize("stop", [Qt.Key.Key_Escape, Qt.Key.Key_Return])
def test_the_last_card_typed_stays_selected_so_the_keys_go_on_from_it(make_editor, stop):
    # After Esc the cell was chosen but no card: the arrows moved the cell, Ctrl+L and Alt+Enter had
    # nothing to act on, and the card just typed took a click to find.
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    view = editor.view
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, cell_point(editor, 0, 0)
    )
    QTest.keyClicks(view, "Sees an ad")
    QTest.keyClick(view, Qt.Key.Key_Tab)
    QTest.keyClicks(view, "Compares prices")
    QTest.keyClick(view, Qt.Key.Key_Return)
    QTest.keyClicks(view, "half typed" if stop == Qt.Key.Key_Escape else "")
    QTest.keyClick(view, stop)
    assert editor.scene.handler is None
    (a,) = editor.doc.project.cell(stages[0].id, lanes[0].id)
    (b,) = editor.doc.project.cell(stages[1].id, lanes[0].id)
    assert editor.selected_card_ids() == [b.id] and editor.selection.touchpoint_ids == (b.id,)
    QTest.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert [(c.source_id, c.target_id) for c in editor.doc.project.connections(jid)] == [(b.id, a.id)]


def test_esc_says_which_words_it_did_not_keep(make_editor):
    # Esc drops the card being typed, as a spreadsheet cancels a cell; it did so without a word, and a
    # facilitator who pressed it to stop lost what the room had just called out unawares.
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    said: list[str] = []
    editor.message_posted.connect(said.append)
    view = editor.view
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, cell_point(editor, 0, 0)
    )
    QTest.keyClicks(view, "Sees an ad")
    QTest.keyClick(view, Qt.Key.Key_Return)
    QTest.keyClick(view, Qt.Key.Key_Escape)  # nothing typed: nothing to say
    assert said == []
    QTest.keyClicks(view, "Compares prices")
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert said == ["Not kept: “Compares prices” (Esc drops the card being typed; Enter or Tab keeps it)"]
    assert [tp.title for tp in editor.doc.project.touchpoints(jid)] == ["Sees an ad"]


def test_a_right_click_selects_what_is_under_it_and_its_menu_acts_on_it(make_editor, monkeypatch):
    editor = make_editor()
    jid, stages, lanes = ids_of(editor)
    a = editor.add_card((stages[0].id, lanes[0].id), "a")
    b = editor.add_card((stages[1].id, lanes[0].id), "b")
    c = editor.add_card((stages[2].id, lanes[0].id), "c")
    cid = editor.connect_cards(a, b)
    enabled: list[list[str]] = []

    def record(scene_pos, screen_pos):  # type: ignore[no-untyped-def]
        menu = editor.context_menu_for(scene_pos)
        enabled.append([x.text() for x in menu.actions() if x.isEnabled() and x.text()])
        menu.deleteLater()

    monkeypatch.setattr(editor, "show_context_menu", record)

    def right_click(point: QPoint) -> None:
        vp = editor.view.viewport()
        QTest.mousePress(vp, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, point)
        QTest.mouseRelease(vp, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, point)
        event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, vp.mapToGlobal(point))
        QApplication.sendEvent(vp, event)

    editor.select_cards([a])
    # Qt's scene cleared the selection on the right press: the card's menu had Delete, Copy and Cut greyed out.
    right_click(card_centre(editor, b))
    assert editor.selected_card_ids() == [b]
    assert {"&Delete", "&Copy", "Cu&t", "Dup&licate"} <= set(enabled[-1])
    # A card of a selection keeps the selection: the menu acts on all of it.
    editor.select_cards([b, c])
    right_click(card_centre(editor, c))
    assert sorted(editor.selected_card_ids()) == sorted([b, c])
    route = editor.scene.connection_item(cid).route
    (x0, y0), (x1, y1) = route.points[0], route.points[1]
    right_click(vp_point(editor, QPointF((x0 + x1) / 2, (y0 + y1) / 2)))
    assert editor.selected_connection_ids() == [cid] and editor.selected_card_ids() == []
    assert "&Delete" in enabled[-1]
    # A cell's right click still clears the selection (its menu is the cell's).
    right_click(cell_point(editor, 3, 0))
    assert editor.selected_card_ids() == [] and editor.selected_connection_ids() == []
