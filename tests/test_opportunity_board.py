"""The Opportunities board: list and matrix, filters, editing with undo, links to the cards selected on the map."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

import cxdesigner
from cxdesigner.document import Selection
from cxdesigner.panels.opportunities import _ID_ROLE, OpportunityBoard
from cxdesigner.qtcommands import UndoStack


@pytest.fixture
def env(qtbot):
    doc = cxdesigner.new_project(None, template="hotel")
    journey = doc.journeys()[0]
    stack = UndoStack(doc)
    selection = Selection()
    selection.set_journey(journey.id)
    board = OpportunityBoard(doc, stack, selection, lang="en")
    qtbot.addWidget(board)
    board.resize(1100, 420)
    board.show()
    yield SimpleNamespace(doc=doc, project=doc.project, journey=journey, stack=stack, sel=selection, board=board)
    doc.close()


def titles(board) -> list[str]:
    return [board.list.topLevelItem(i).text(1) for i in range(board.list.topLevelItemCount())]


def test_the_board_lists_the_templates_opportunities_with_their_scores(env):
    assert titles(env.board) == [o.title for o in env.project.opportunities()]
    first = env.board.list.topLevelItem(0)
    assert first.text(2) == "Planned" and first.text(6) != "–"
    assert len(env.board.matrix.dots) == 2, "both are rated for effort and impact"


def test_add_links_the_selected_cards_edit_and_undo(qtbot, env):
    cards = [tp.id for tp in env.project.touchpoints(env.journey.id)[:2]]
    env.sel.select(cards)
    before = env.project.snapshot()
    oid = env.board.add_opportunity()
    assert env.board.current_id() == oid
    assert {k.touchpoint_id for k in env.project.opportunity_links(oid)} == set(cards)
    env.board.title_edit.setText("<b>Queue</b> $}$")
    env.board.title_edit.editingFinished.emit()
    env.board.status_combo.setCurrentIndex(env.board.status_combo.findData("in_progress"))
    env.board.status_combo.activated.emit(env.board.status_combo.currentIndex())
    env.board.effort_spin.setValue(2)
    env.board.impact_spin.setValue(5)
    opp = env.project.get("opportunity", oid)
    assert (opp.title, opp.status, opp.effort, opp.impact) == ("<b>Queue</b> $}$", "in_progress", 2, 5)
    assert "<b>Queue</b> $}$" in titles(env.board), "shown as typed"
    while env.stack.can_undo():
        env.stack.undo()
    assert env.project.snapshot() == before
    assert oid not in env.board.shown_ids()


def test_filters_by_stage_status_and_owner(env):
    board = env.board
    board.status_filter.setCurrentIndex(board.status_filter.findData("idea"))
    board.refresh()
    assert [env.project.get("opportunity", i).status for i in board.shown_ids()] == ["idea"]
    board.status_filter.setCurrentIndex(0)
    board.owner_filter.setCurrentIndex(board.owner_filter.findData("Finance"))
    board.refresh()
    assert [env.project.get("opportunity", i).owner for i in board.shown_ids()] == ["Finance"]
    board.owner_filter.setCurrentIndex(0)
    first_stage = env.project.stages(env.journey.id)[0]
    board.stage_filter.setCurrentIndex(board.stage_filter.findData(first_stage.id))
    board.refresh()
    assert board.shown_ids() == [], "no opportunity addresses the first stage"


def test_link_unlink_and_delete_go_through_the_undo_stack(env):
    board = env.board
    oid = env.project.opportunities()[1].id
    board.select_opportunity(oid)
    card = env.project.touchpoints(env.journey.id)[0].id
    env.sel.select([card])
    board.select_opportunity(oid)
    board.link_selected()
    assert card in {k.touchpoint_id for k in env.project.opportunity_links(oid)}
    board.unlink_selected()
    assert card not in {k.touchpoint_id for k in env.project.opportunity_links(oid)}
    board.select_opportunity(oid)
    board.delete_current()
    assert oid not in env.project.tables["opportunity"] and oid not in board.shown_ids()
    env.stack.undo()
    assert oid in board.shown_ids()


def test_clicking_a_dot_in_the_matrix_picks_its_opportunity(qtbot, env):
    board = env.board
    board.tabs.setCurrentWidget(board.matrix)
    qtbot.waitExposed(board.matrix)
    board.matrix.repaint()
    oid, _n, _t, _s, rect = board.matrix.dots[-1]
    qtbot.mouseClick(board.matrix, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert board.current_id() == oid
    assert board.matrix.dot_at(QPointF(-5, -5)) is None


def test_show_cards_asks_for_the_linked_cards_of_the_journey(qtbot, env):
    board = env.board
    oid = env.project.opportunities()[0].id
    board.select_opportunity(oid)
    with qtbot.waitSignal(board.cards_requested) as got:
        board.show_cards()
    assert set(got.args[0]) == {k.touchpoint_id for k in env.project.opportunity_links(oid)}


def _flag_pixels(image, rect) -> int:
    """Pixels of the linked-opportunities flag's purple inside ``rect`` (scene units at scale 1)."""
    from cxdesigner.canvas import style

    want = style.LINKED
    return sum(
        1
        for x in range(int(rect.x), int(rect.x + rect.w))
        for y in range(int(rect.y + rect.h - 24), int(rect.y + rect.h))
        if abs(image.pixelColor(x, y).red() - want.red()) < 12
        and abs(image.pixelColor(x, y).green() - want.green()) < 12
        and abs(image.pixelColor(x, y).blue() - want.blue()) < 12
    )


def test_cards_show_a_flag_for_linked_opportunities_on_screen_and_in_exports(qtbot):
    from cxdesigner.canvas import JourneyEditor
    from cxdesigner.canvas.render import render_image, render_journey
    from cxdesigner.document.opportunities import LinkCardsCommand

    doc = cxdesigner.new_project(None, template="hotel")
    stack = UndoStack(doc)
    editor = JourneyEditor(doc, stack, Selection())
    qtbot.addWidget(editor)
    editor.show()
    try:
        jid = editor.journey_id
        linked = {k.touchpoint_id for k in doc.project.tables["opportunity_link"].values()}
        card = next(tp.id for tp in doc.project.touchpoints(jid) if tp.id not in linked)
        shown = next(iter(linked & {tp.id for tp in doc.project.touchpoints(jid)}))

        def flags(tp_id: str) -> int:
            scene = render_journey(doc, jid)
            return _flag_pixels(render_image(scene, 1.0), scene.layout.cards[tp_id])

        assert flags(shown) > 10 and flags(card) == 0
        def on_screen(tp_id: str) -> int:
            image = QImage(editor.scene.full_rect().size().toSize(), QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(0)
            painter = QPainter(image)
            editor.scene.render(painter, editor.scene.full_rect(), editor.scene.full_rect())
            painter.end()
            rect = editor.scene.layout.cards[tp_id]
            full = editor.scene.full_rect()
            return _flag_pixels(image, type(rect)(rect.x - full.x(), rect.y - full.y(), rect.w, rect.h))

        assert on_screen(card) == 0
        stack.push(LinkCardsCommand(doc.project.opportunities()[0].id, [card]))
        assert flags(card) > 10, "the export draws the flag through the one renderer"
        assert on_screen(card) > 10, "the map follows the link's change event"
        stack.undo()
        assert flags(card) == 0 and on_screen(card) == 0
    finally:
        editor.detach()
        stack.clear()
        doc.close()


def test_solutions_tab_adds_edits_links_and_deletes_with_undo(env):
    board = env.board
    before = env.project.snapshot()
    oid = env.project.opportunities()[1].id
    board.select_opportunity(oid)
    sid = board.add_solution()
    assert board.editing_kind() == "solution" and board.current_solution_id() == sid
    assert [k.opportunity_id for k in env.project.solution_links(sid)] == [oid]
    assert not board.link_button.isEnabled(), "cards link to opportunities, not to solutions"
    board.title_edit.setText("Minibar tablet")
    board.title_edit.editingFinished.emit()
    board.effort_spin.setValue(4)
    assert (env.project.get("solution", sid).title, env.project.get("solution", sid).effort) == ("Minibar tablet", 4)
    assert env.project.get("opportunity", oid).effort == 2, "the opportunity is untouched"
    other = env.project.opportunities()[0].id
    row = next(i for i in range(board.delivers_list.count()) if board.delivers_list.item(i).data(_ID_ROLE) == other)
    board.delivers_list.item(row).setCheckState(Qt.CheckState.Checked)
    assert {k.opportunity_id for k in env.project.solution_links(sid)} == {oid, other}
    row = next(i for i in range(board.delivers_list.count()) if board.delivers_list.item(i).data(_ID_ROLE) == oid)
    board.delivers_list.item(row).setCheckState(Qt.CheckState.Unchecked)
    assert {k.opportunity_id for k in env.project.solution_links(sid)} == {other}
    board.delete_current()
    assert sid not in env.project.tables["solution"]
    while env.stack.can_undo():
        env.stack.undo()
    assert env.project.snapshot() == before


def test_one_pain_point_of_the_selected_card_can_be_linked(env):
    board = env.board
    card = next(tp for tp in env.project.touchpoints(env.journey.id) if len(tp.pain_points) >= 2)
    oid = env.project.opportunities()[1].id
    board.select_opportunity(oid)
    env.sel.select([card.id])
    assert board.pain_combo.isEnabled() and board.pain_combo.count() == 1 + len(set(card.pain_points))
    board.pain_combo.setCurrentIndex(2)
    board.select_opportunity(oid)
    board.link_selected()
    (link,) = [k for k in env.project.opportunity_links(oid) if k.touchpoint_id == card.id]
    assert link.pain_point == card.pain_points[1]
    assert card.pain_points[1][:40] in board.links_label.text()
    env.sel.select([])
    assert not board.pain_combo.isEnabled(), "no card, or several: whole steps only"


def test_empty_lists_say_why_and_how_to_fill_them(qtbot):
    doc = cxdesigner.new_project(None)
    selection = Selection()
    selection.set_journey(doc.journeys()[0].id)
    board = OpportunityBoard(doc, UndoStack(doc), selection, lang="en")
    qtbot.addWidget(board)
    board.show()
    try:
        assert board.list_hint.isVisible() and "No opportunities yet" in board.list_hint.text()
        board.tabs.setCurrentWidget(board.solution_list)
        assert board.solutions_hint.isVisible() and "No solutions yet" in board.solutions_hint.text()
        board.tabs.setCurrentWidget(board.list)
        board.add_opportunity()
        assert board.list_hint.isHidden()
        board.status_filter.setCurrentIndex(board.status_filter.findData("done"))
        board.status_filter.activated.emit(board.status_filter.currentIndex())
        assert board.list_hint.isVisible() and board.list_hint.text() == "No opportunity matches these filters."
    finally:
        doc.close()


def test_a_change_elsewhere_leaves_what_is_being_typed_and_a_long_title_shows_its_start(qtbot, env):
    board = env.board
    oid = env.project.opportunities()[0].id
    board.select_opportunity(oid)
    long = ("Rediseñar el registro en recepción " * 6).strip()
    board.title_edit.setText(long)
    board.title_edit.editingFinished.emit()
    board.select_opportunity(env.project.opportunities()[1].id)
    board.select_opportunity(oid)
    assert board.title_edit.text() == long
    assert board.title_edit.cursorPosition() == 0, "the start of a long title, not its end"
    board.activateWindow()
    board.title_edit.setFocus()
    qtbot.waitUntil(board.title_edit.hasFocus)
    board.title_edit.setText("Half typ")
    board.owner_edit.setText("Ops")  # typed in a field not focused any more is shown from the model again
    card = env.project.touchpoints(env.journey.id)[0]
    env.doc.update("touchpoint", card.id, title="Renamed on the map by someone else")
    assert board.title_edit.text() == "Half typ", "a room phone's edit does not wipe out what the user is typing"
    board.title_edit.editingFinished.emit()
    assert env.project.get("opportunity", oid).title == "Half typ"


@pytest.mark.parametrize("size", [(360, 300), (260, 220)])
def test_a_full_cell_of_the_matrix_keeps_its_dots_inside_it(qtbot, size):
    from cxdesigner.panels.opportunities import ImpactEffortMatrix

    matrix = ImpactEffortMatrix()
    qtbot.addWidget(matrix)
    matrix.resize(*size)
    items = [(f"o{i}", i + 1, f"Idea {i}", "idea", 2, 4) for i in range(14)] + [("p", 15, "Other", "done", 5, 5)]
    matrix.set_items(items, "")
    grid = matrix._grid()
    cw, ch = grid.width() / 5, grid.height() / 5
    cells = {"o": (2, 4), "p": (5, 5)}
    for oid, _n, _t, _s, rect in matrix.dots:
        effort, impact = cells[oid[0]]
        cell = QRectF(grid.left() + (effort - 1) * cw, grid.top() + (5 - impact) * ch, cw, ch)
        assert cell.adjusted(-0.5, -0.5, 0.5, 0.5).contains(rect), f"dot {oid} drawn outside its cell"
    image = QImage(matrix.size(), QImage.Format.Format_ARGB32)
    matrix.render(image)  # paints without complaint at any size


@pytest.mark.parametrize("size", [(360, 300), (600, 450)])
def test_a_two_digit_number_fits_inside_its_dot_and_dots_side_by_side_do_not_touch(qtbot, size):
    from itertools import pairwise

    from PySide6.QtGui import QFontMetricsF

    from cxdesigner.panels.opportunities import ImpactEffortMatrix

    matrix = ImpactEffortMatrix()
    qtbot.addWidget(matrix)
    matrix.resize(*size)
    items = [(f"o{i}", i + 1, f"Idea {i}", "idea", 2, 4) for i in range(14)]
    items += [(f"q{i}", 20 + i, "Bet", "done", 5, 5) for i in range(6)] + [("p", 99, "Other", "done", 1, 1)]
    matrix.set_items(items, "")
    rows: dict[float, list] = {}
    for _oid, number, _t, _s, rect in matrix.dots:
        width = QFontMetricsF(matrix.number_font(rect)).horizontalAdvance(str(number))
        assert width <= rect.width() - 0.3 * rect.height(), f"{number} crowds its dot's edge"
        rows.setdefault(round(rect.top(), 3), []).append(rect)
    for rects in rows.values():
        rects.sort(key=lambda r: r.left())
        for left, right in pairwise(rects):
            assert left.right() < right.left(), "dots side by side overlap"


def test_link_unlink_and_show_are_offered_only_when_they_would_do_something(env):
    board = env.board
    oid = board.add_opportunity()  # no card selected: linked to none
    assert not board.link_button.isEnabled(), "no card selected on the map: nothing to link"
    assert not board.unlink_button.isEnabled() and not board.show_button.isEnabled()
    assert board.link_button.toolTip(), "the disabled button says how to use it"
    card = env.project.touchpoints(env.journey.id)[0].id
    env.sel.select([card])
    assert board.link_button.isEnabled() and not board.unlink_button.isEnabled()
    board.link_selected()
    assert board.unlink_button.isEnabled() and board.show_button.isEnabled()
    env.sel.select([])
    assert not board.link_button.isEnabled() and not board.unlink_button.isEnabled()
    assert board.show_button.isEnabled(), "its linked cards can still be shown"
    assert board.current_id() == oid


def test_tab_from_the_last_field_of_the_form_goes_to_the_buttons_with_no_invisible_stop(qtbot, env):
    board = env.board
    board.select_opportunity(env.project.opportunities()[0].id)
    board.activateWindow()
    board.description_edit.setFocus()
    qtbot.waitUntil(board.description_edit.hasFocus)
    qtbot.keyClick(board.description_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is board.add_button
