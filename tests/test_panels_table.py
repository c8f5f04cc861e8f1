"""The touchpoint table: in-place edits through the undo stack, sort, filter, incremental updates, shared selection."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QSpinBox, QWidget

import cxdesigner
from cxdesigner.document import Document, Selection
from cxdesigner.panels.edits import update_command
from cxdesigner.panels.table import SORT_ROLE, TouchpointTableWidget
from cxdesigner.qtcommands import UndoStack, push


@pytest.fixture
def env(qtbot):
    doc = cxdesigner.new_project(None)
    project = doc.project
    journey = project.journeys()[0]
    stages, lanes = project.stages(journey.id), project.lanes(journey.id)
    ids = [
        doc.add_touchpoint(journey.id, stages[0].id, lanes[1].id, "Sees an advert", emotion=1, importance=3),
        doc.add_touchpoint(journey.id, stages[1].id, lanes[1].id, "Reservación online", emotion=-3, importance=5),
        doc.add_touchpoint(journey.id, stages[2].id, lanes[1].id, "<b>x</b>", emotion=2, tags=("vip",)),
    ]
    doc.stack.clear()  # the set-up above is not what these tests undo
    stack = UndoStack(doc)
    selection = Selection()
    selection.set_journey(journey.id)
    widget = TouchpointTableWidget(doc, stack, selection)
    qtbot.addWidget(widget)
    widget.resize(1000, 400)
    widget.show()
    yield SimpleNamespace(
        doc=doc,
        project=project,
        journey=journey,
        stages=stages,
        lanes=lanes,
        ids=ids,
        stack=stack,
        sel=selection,
        w=widget,
    )
    doc.close()


def cell(env, tid, key, role=Qt.ItemDataRole.DisplayRole):
    model = env.w.model
    return model.index(model.row_of(tid), model.column_of(key)).data(role)


def view_index(env, tid, key):
    model = env.w.model
    return env.w.proxy.mapFromSource(model.index(model.row_of(tid), model.column_of(key)))


def open_editor(view, index):
    """Start editing a cell and return its editor (a child of the viewport, whatever has the focus)."""
    view.setCurrentIndex(index)
    view.edit(index)
    editors = [w for w in view.viewport().findChildren(QWidget) if isinstance(w, (QLineEdit, QSpinBox, QComboBox))]
    # A spin box has a line edit inside: the outermost editor is the delegate's.
    # Closed editors linger, hidden, until their deferred deletion.
    editors = [e for e in editors if e.parentWidget() is view.viewport() and e.isVisible()]
    assert len(editors) == 1
    return editors[0]


def press_return(qtbot, editor):
    """Enter in an editor: the delegate commits through a queued call, which processEvents runs."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()


def shown_titles(env):
    proxy = env.w.proxy
    col = env.w.model.column_of("title")
    return [proxy.index(r, col).data() for r in range(proxy.rowCount())]


def test_rows_follow_journey_order_and_show_values(env):
    assert shown_titles(env) == ["Sees an advert", "Reservación online", "<b>x</b>"]
    assert cell(env, env.ids[1], "emotion") == "−3"
    assert cell(env, env.ids[1], "stage") == "Consideration"
    assert cell(env, env.ids[2], "tags") == "vip"


def test_a_hostile_title_is_plain_text_in_cells_and_tooltips(env):
    assert cell(env, env.ids[2], "title") == "<b>x</b>"
    tip = cell(env, env.ids[2], "title", Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;x&lt;/b&gt;" in tip and "<b>x</b>" not in tip


def test_editing_a_cell_goes_through_the_undo_stack(qtbot, env):
    view = env.w.view
    index = view_index(env, env.ids[0], "title")
    editor = open_editor(view, index)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Watches TV")
    press_return(qtbot, editor)
    assert env.project.get("touchpoint", env.ids[0]).title == "Watches TV"
    assert env.stack.count() == 1
    env.stack.undo()
    assert env.project.get("touchpoint", env.ids[0]).title == "Sees an advert"
    assert cell(env, env.ids[0], "title") == "Sees an advert"


def test_editing_scores_choices_and_checks(qtbot, env):
    view, proxy = env.w.view, env.w.proxy
    index = view_index(env, env.ids[0], "emotion")
    spin = open_editor(view, index)
    assert isinstance(spin, QSpinBox)
    spin.setValue(spin.minimum())  # the step below −3 means "not set"
    press_return(qtbot, spin)
    assert env.project.get("touchpoint", env.ids[0]).emotion is None

    index = view_index(env, env.ids[0], "stage")
    combo = open_editor(view, index)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(env.stages[3].id))
    press_return(qtbot, combo)
    assert env.project.get("touchpoint", env.ids[0]).stage_id == env.stages[3].id
    assert shown_titles(env)[-1] == "Sees an advert", "the row moved to its new place in journey order"

    mot = view_index(env, env.ids[1], "moment_of_truth")
    assert proxy.setData(mot, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert env.project.get("touchpoint", env.ids[1]).moment_of_truth is True
    assert env.stack.count() == 3
    for _ in range(3):
        env.stack.undo()
    tp = env.project.get("touchpoint", env.ids[0])
    assert (tp.emotion, tp.stage_id) == (1, env.stages[0].id)


def test_a_refused_cell_edit_shows_a_message(qtbot, env):
    index = view_index(env, env.ids[0], "importance")
    assert not env.w.proxy.setData(index, 9)
    assert env.project.get("touchpoint", env.ids[0]).importance == 3
    assert env.stack.count() == 0
    assert not env.w.error_label.isHidden()
    assert "importance" in env.w.error_label.text()


def test_sort_by_a_column(env):
    env.w.view.sortByColumn(env.w.model.column_of("emotion"), Qt.SortOrder.DescendingOrder)
    assert shown_titles(env) == ["<b>x</b>", "Sees an advert", "Reservación online"]
    env.w.view.sortByColumn(env.w.model.column_of("importance"), Qt.SortOrder.AscendingOrder)
    assert shown_titles(env)[0] == "<b>x</b>", "not set sorts first going up"
    assert env.w.proxy.sortRole() == SORT_ROLE


def test_filter_ignores_case_and_accents(qtbot, env):
    qtbot.keyClicks(env.w.filter_edit, "RESERVACION")
    assert shown_titles(env) == ["Reservación online"]
    assert env.w.count_label.text() == "1 of 3 touchpoints"
    env.w.set_filter_text("vip")
    assert shown_titles(env) == ["<b>x</b>"]
    env.w.set_filter_text("")
    assert len(shown_titles(env)) == 3


def test_selection_follows_both_ways(qtbot, env):
    # Table → shared selection.
    view = env.w.view
    view.selectionModel().select(
        view_index(env, env.ids[1], "title"),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert env.sel.touchpoint_ids == (env.ids[1],)
    # Shared selection (say, the canvas) → table.
    env.sel.select([env.ids[0], env.ids[2]], source="canvas")
    assert env.w.selected_ids() == [env.ids[0], env.ids[2]]
    # A filter hides a selected row without unselecting the card elsewhere; clearing it shows it selected.
    env.w.set_filter_text("advert")
    assert env.sel.touchpoint_ids == (env.ids[0], env.ids[2])
    env.w.set_filter_text("")
    assert env.w.selected_ids() == [env.ids[0], env.ids[2]]


def test_single_edits_update_rows_without_a_reset(qtbot, env):
    model = env.w.model
    with qtbot.assertNotEmitted(model.modelReset):
        with qtbot.waitSignal(model.dataChanged, timeout=0):
            push(env.stack, env.doc, update_command("touchpoint", env.ids[0], {"title": "Sees a poster"}))
        with qtbot.waitSignal(model.rowsInserted, timeout=0):
            new = env.doc.add_touchpoint(env.journey.id, env.stages[1].id, env.lanes[0].id, "Asks a friend")
        with qtbot.waitSignal(model.rowsRemoved, timeout=0):
            env.doc.delete_touchpoints([env.ids[2]])
        with qtbot.waitSignal(model.layoutChanged, timeout=0):
            env.doc.move_touchpoints([env.ids[0]], env.stages[5].id, env.lanes[1].id)
    assert [model.touchpoint_id(r) for r in range(model.rowCount())] == [new, env.ids[1], env.ids[0]]
    assert cell(env, env.ids[0], "title") == "Sees a poster"


def test_selection_survives_a_reorder(qtbot, env):
    env.sel.select([env.ids[0]], source="canvas")
    env.doc.move_touchpoints([env.ids[0]], env.stages[5].id, env.lanes[1].id)
    assert env.w.selected_ids() == [env.ids[0]]
    assert env.sel.touchpoint_ids == (env.ids[0],)


def test_switching_journey(qtbot, env):
    other = env.doc.add_journey("Second")
    env.sel.set_journey(other)
    assert env.w.model.rowCount() == 0
    env.sel.set_journey(env.journey.id)
    assert env.w.model.rowCount() == 3
    env.doc.delete_journey(env.journey.id)
    assert env.w.model.rowCount() == 0


def test_columns_fit_a_sample_of_the_rows(qtbot, env):
    # Fitting every column to a thousand rows was a third of opening a 5,000-card journey.
    jid, stage, lane = env.journey.id, env.stages[3].id, env.lanes[2].id
    for i in range(300):
        env.doc.add_touchpoint(jid, stage, lane, "W" * 40 if i == 250 else "C")
    view = env.w.view
    column = env.w.model.column_of("title")
    assert env.w.model.index(253, column).data() == "W" * 40  # far below the sample and the screen
    view.resizeColumnsToContents()
    assert view.columnWidth(column) < view.fontMetrics().horizontalAdvance("W" * 40)
    view.horizontalHeader().setResizeContentsPrecision(-1)  # every row: the long title counts
    view.resizeColumnsToContents()
    assert view.columnWidth(column) >= view.fontMetrics().horizontalAdvance("W" * 40)


def test_a_table_out_of_sight_fits_its_columns_when_it_first_shows(env, monkeypatch):
    # Its dock is closed by default: measuring 100 rows of every column was a tenth of opening a
    # 5,000-card project in the window.
    fitted: list[int] = []
    monkeypatch.setattr(env.w.view, "resizeColumnsToContents", lambda: fitted.append(1))
    env.w.hide()
    env.w.show_journey(env.journey.id)
    assert fitted == []  # the widths wait for the first show
    env.w.show()
    assert fitted == [1]
    env.w.show_journey(env.journey.id)  # in sight, a journey fits at once
    assert fitted == [1, 1]


def table_state(widget):
    """Everything a shown table presents: rows in view order with every column, selection, count."""
    proxy = widget.proxy
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.CheckStateRole)
    columns = range(proxy.columnCount())
    cells = [[proxy.index(r, c).data(role) for c in columns for role in roles] for r in range(proxy.rowCount())]
    return cells, widget.selected_ids(), widget.count_label.text(), widget.model.journey_id


def test_a_table_out_of_sight_makes_its_rows_when_shown_as_one_in_sight_shows_them(qtbot, env):
    # Its dock is closed by default: the rows wait for the first show, then are what they would have been.
    hidden = TouchpointTableWidget(env.doc, env.stack, env.sel)
    qtbot.addWidget(hidden)
    assert hidden.model.rowCount() == 0  # nothing made out of sight
    other = env.doc.add_journey("Second")
    env.sel.set_journey(other)
    env.doc.add_touchpoint(other, env.project.stages(other)[0].id, env.project.lanes(other)[1].id, "Elsewhere")
    env.sel.set_journey(env.journey.id)
    env.doc.move_touchpoints([env.ids[0]], env.stages[5].id, env.lanes[1].id)
    env.doc.add_touchpoint(env.journey.id, env.stages[0].id, env.lanes[2].id, "Later", emotion=-1)
    env.sel.select([env.ids[1], env.ids[2]], source="canvas")
    assert hidden.model.rowCount() == 0
    hidden.resize(1000, 400)
    hidden.show()
    assert table_state(hidden) == table_state(env.w)
    assert hidden.model.rowCount() == 4
    # Hidden again, a switch of journey lets go of the rows; the next show makes the new ones.
    hidden.hide()
    env.sel.set_journey(other)
    assert hidden.model.rowCount() == 0
    hidden.show()
    assert table_state(hidden) == table_state(env.w)
    assert [hidden.model.data(hidden.model.index(0, 2))] == ["Elsewhere"]


def test_reading_the_selection_of_a_hidden_table_makes_its_rows(qtbot, env):
    hidden = TouchpointTableWidget(env.doc, env.stack, env.sel)
    qtbot.addWidget(hidden)
    env.sel.select([env.ids[1]], source="canvas")
    assert hidden.selected_ids() == [env.ids[1]]
    hidden.select_ids([env.ids[2]])
    assert env.sel.touchpoint_ids == (env.ids[2],)


def test_delete_removes_the_selected_rows_cards_in_one_undo_step(qtbot, env):
    env.w.select_ids([env.ids[0], env.ids[2]])
    env.w.view.setFocus()
    qtbot.keyClick(env.w.view, Qt.Key.Key_Delete)
    assert shown_titles(env) == ["Reservación online"]
    assert env.ids[0] not in env.project.tables["touchpoint"]
    assert env.stack.count() == 1
    env.stack.undo()
    assert shown_titles(env) == ["Sees an advert", "Reservación online", "<b>x</b>"]


def test_delete_while_editing_a_cell_edits_the_text(qtbot, env):
    editor = open_editor(env.w.view, view_index(env, env.ids[0], "title"))
    editor.setCursorPosition(0)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    press_return(qtbot, editor)
    assert env.project.get("touchpoint", env.ids[0]).title == "ees an advert"
    assert len(shown_titles(env)) == 3


def test_columns_fitted_to_an_empty_journey_fit_again_when_its_first_cards_come(qtbot, env):
    other = env.doc.add_journey("Second")
    env.sel.set_journey(other)
    header = env.w.view.horizontalHeader()
    title = env.w.model.column_of("title")
    empty_width = header.sectionSize(title)
    project = env.project
    stage, lane = project.stages(other)[0].id, project.lanes(other)[1].id
    env.doc.add_touchpoint(other, stage, lane, "Calls the contact centre to ask about the price of the upgrade")
    assert header.sectionSize(title) > empty_width + 100, "a long title is not cut to the header's width"
    header.resizeSection(title, 90)  # the user's width stays as the journey grows
    env.doc.add_touchpoint(other, stage, lane, "Reads the confirmation e-mail and the small print about refunds")
    assert header.sectionSize(title) == 90


def test_an_empty_table_says_why_and_how_to_fill_it(qtbot, env):
    hint = env.w.empty_hint
    assert hint.isHidden()
    env.w.set_filter_text("zzz")
    assert hint.isVisible() and hint.text() == "No touchpoint matches “zzz”."
    assert hint.textFormat() == Qt.TextFormat.PlainText
    env.w.set_filter_text("")
    assert hint.isHidden()
    other = env.doc.add_journey("Second")
    env.sel.set_journey(other)
    assert hint.isVisible() and "no touchpoints yet" in hint.text()
    env.doc.add_touchpoint(other, env.project.stages(other)[0].id, env.project.lanes(other)[1].id, "Asks")
    assert hint.isHidden()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_empty_tables_grey_text_is_readable_and_still_secondary(qtbot, env, scheme):
    from PySide6.QtGui import QColor, QPalette

    from cxdesigner.panels.widgets import contrast_ratio

    if scheme == "dark":
        dark = QPalette(QColor("#353535"), QColor("#2b2b2b"))
        dark.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
        dark.setColor(QPalette.ColorRole.PlaceholderText, QColor(255, 255, 255, 80))
        env.w.setPalette(dark)
    env.w.set_filter_text("zzz")
    hint = env.w.empty_hint
    group = QPalette.ColorGroup.Active if hint.isEnabled() else QPalette.ColorGroup.Disabled
    ink = hint.palette().color(group, hint.foregroundRole())
    base = env.w.view.viewport().palette().color(QPalette.ColorRole.Base)
    text = env.w.view.viewport().palette().color(QPalette.ColorRole.Text)
    assert contrast_ratio(ink, base) >= 4.5, "WCAG AA for text (a disabled label's grey was about 2:1)"
    assert contrast_ratio(ink, base) < contrast_ratio(text, base), "quieter than the rows' text"


def test_a_gap_is_signed_as_the_emotion_beside_it_the_inspector_and_the_report_write_it(env):
    push(env.stack, env.doc, update_command("touchpoint", env.ids[0], {"satisfaction": 5}))
    push(env.stack, env.doc, update_command("touchpoint", env.ids[1], {"satisfaction": 2}))
    assert cell(env, env.ids[0], "gap") == "−2"
    assert cell(env, env.ids[1], "gap") == "+3"
    assert cell(env, env.ids[2], "gap") == ""


def test_the_filter_reads_each_card_once_not_at_every_key_and_again_after_an_edit(qtbot, env, monkeypatch):
    import cxdesigner.panels.table as table

    folded = []
    real = table.fold
    monkeypatch.setattr(table, "fold", lambda text: folded.append(text) or real(text))
    env.w.model._haystacks.clear()  # not made while the table was idle (the test below)
    for text in ("r", "re", "res", "rese"):
        env.w.set_filter_text(text)
    cards = [t for t in folded if "\n" in t]  # a card's text, not the typed words
    assert len(cards) == 3, "each card's text is folded once while the filter is typed"
    assert shown_titles(env) == ["Reservación online"]
    push(env.stack, env.doc, update_command("touchpoint", env.ids[0], {"title": "Reserves a table"}))
    assert shown_titles(env) == ["Reserves a table", "Reservación online"], "an edited card is searched anew"
    env.stack.undo()
    assert shown_titles(env) == ["Reservación online"]


def test_the_filters_text_is_made_in_slices_while_the_table_is_idle_not_at_the_first_key(qtbot, env, monkeypatch):
    import cxdesigner.panels.table as table

    folded = []
    real = table.fold
    monkeypatch.setattr(table, "fold", lambda text: folded.append(text) or real(text))
    model = env.w.model
    env.w.show_journey(env.journey.id)  # a reset: every card's text to make again
    assert model.prepare_haystacks(1) is False and len(folded) == 1, "one slice at a time"
    qtbot.waitUntil(lambda: len(folded) == 3)  # the rest while the window is idle
    assert model.prepare_haystacks() is True
    env.w.set_filter_text("r")
    assert len(folded) == 4 and "\n" not in folded[-1], "the first key folds only the typed word (5,000 cards: 0.15 s)"
    push(env.stack, env.doc, update_command("touchpoint", env.ids[0], {"title": "Reserves a table"}))
    qtbot.waitUntil(lambda: any("reserves a table" in t.lower() for t in folded if "\n" in t))
    env.w.set_filter_text("")
    env.w.hide()
    model._haystacks.clear()
    count = len(folded)
    qtbot.wait(20)
    assert len(folded) == count, "a table out of sight makes nothing"


def test_sorting_works_out_each_rows_key_once_and_an_edit_moves_its_row(qtbot, env, monkeypatch):
    for i in range(30):
        env.doc.add_touchpoint(env.journey.id, env.stages[3].id, env.lanes[0].id, f"Card {i:02}", emotion=i % 7 - 3)
    model = env.w.model
    asked = []
    real = type(model)._sort_value
    monkeypatch.setattr(type(model), "_sort_value", lambda self, tp, key: asked.append(tp.id) or real(self, tp, key))
    env.w.view.sortByColumn(model.column_of("title"), Qt.SortOrder.AscendingOrder)
    assert len(asked) == 33, "one key per row, not two at every comparison"
    titles = shown_titles(env)
    assert titles == sorted(titles, key=str.casefold)
    env.w.view.sortByColumn(model.column_of("emotion"), Qt.SortOrder.DescendingOrder)
    env.sel.select([env.ids[1]], source="canvas")
    push(env.stack, env.doc, update_command("touchpoint", env.ids[1], {"emotion": 3}))
    assert shown_titles(env)[0] == "Reservación online", "the edited card moves to its place"
    assert env.w.selected_ids() == [env.ids[1]], "and stays selected"
    env.stack.undo()
    last = ["Reservación online", "Card 00", "Card 07", "Card 14", "Card 21", "Card 28"]
    assert shown_titles(env)[-6:] == last, "the same emotion keeps the journey's order"
    env.w.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    assert shown_titles(env)[:3] == ["Sees an advert", "Reservación online", "<b>x</b>"], "journey order again"


def test_the_selection_is_read_in_journey_order_whatever_the_sort(env):
    env.w.view.sortByColumn(env.w.model.column_of("emotion"), Qt.SortOrder.DescendingOrder)
    env.w.select_ids([env.ids[2], env.ids[0], env.ids[1]])
    assert env.w.selected_ids() == env.ids


def test_reading_a_selection_of_every_row_asks_no_cell_its_flags(qtbot, env, monkeypatch):
    from cxdesigner.panels.table import TouchpointTableModel

    asked = []
    real = TouchpointTableModel.flags
    monkeypatch.setattr(TouchpointTableModel, "flags", lambda self, i: asked.append(i.row()) or real(self, i))
    table = TouchpointTableWidget(env.doc, env.stack, env.sel)  # made after the patch: Qt calls the counting flags
    qtbot.addWidget(table)
    table.show()
    table.proxy.flags(table.proxy.index(0, 0))
    assert asked, "the count works"
    table.view.selectAll()
    asked.clear()
    assert table.selected_ids() == env.ids
    assert asked == [], "5,000 selected rows were 70,000 calls to flags(), most of a second"
    table.view.selectionModel().select(
        table.proxy.mapFromSource(table.model.index(1, 0)),
        QItemSelectionModel.SelectionFlag.Deselect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert table.selected_ids() == [env.ids[0], env.ids[2]]
    assert env.sel.touchpoint_ids == (env.ids[0], env.ids[2])


def test_a_third_click_on_a_header_brings_back_the_journeys_order(qtbot, env):
    header = env.w.view.horizontalHeader()
    emotion = env.w.model.column_of("emotion")
    x = header.sectionViewportPosition(emotion) + header.sectionSize(emotion) // 2
    click = lambda: qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))  # noqa: E731
    click()
    assert shown_titles(env) == ["Reservación online", "Sees an advert", "<b>x</b>"]
    click()
    assert shown_titles(env) == ["<b>x</b>", "Sees an advert", "Reservación online"]
    click()
    assert shown_titles(env) == ["Sees an advert", "Reservación online", "<b>x</b>"], "journey order, not stuck sorted"
    assert header.sortIndicatorSection() == -1


def test_a_vote_neither_refolds_every_card_for_the_filter_nor_resorts_a_table_sorted_by_title(qtbot, env, monkeypatch):
    import cxdesigner.panels.table as table
    from cxdesigner.document.voting import QuickVoteCommand

    env.w.set_filter_text("e")
    env.w.view.sortByColumn(env.w.model.column_of("title"), Qt.SortOrder.AscendingOrder)
    folded, keyed = [], []
    real_fold, real_key = table.fold, table.TouchpointTableModel._sort_value
    monkeypatch.setattr(table, "fold", lambda text: folded.append(text) or real_fold(text))
    monkeypatch.setattr(
        table.TouchpointTableModel, "_sort_value", lambda self, tp, key: keyed.append(tp.id) or real_key(self, tp, key)
    )
    push(env.stack, env.doc, QuickVoteCommand(env.journey.id, [env.ids[0]]))
    assert cell(env, env.ids[0], "votes") == "1"
    assert folded == [] and keyed == [], "a room's votes came many a second: each refolded 5,000 cards"
    env.w.view.sortByColumn(env.w.model.column_of("votes"), Qt.SortOrder.DescendingOrder)
    push(env.stack, env.doc, QuickVoteCommand(env.journey.id, [env.ids[1]]))
    push(env.stack, env.doc, QuickVoteCommand(env.journey.id, [env.ids[1]]))
    assert shown_titles(env)[0] == "Reservación online", "sorted by votes, a vote still moves its row"


@pytest.fixture
def sample_table(qtbot, request):
    """The sample project's first journey in a table 1,000 pixels wide (the table's share of a 1280 screen)."""
    from cxdesigner import api, qti18n

    lang = request.param
    qti18n.apply(lang)
    doc = Document.new(api.sample_project(lang))
    selection = Selection()
    selection.set_journey(doc.project.journeys()[0].id)
    widget = TouchpointTableWidget(doc, UndoStack(doc), selection)
    qtbot.addWidget(widget)
    widget.resize(1000, 400)
    widget.show()
    yield widget
    doc.close()
    qti18n.apply("en")


def section_right(widget, key):
    header = widget.view.horizontalHeader()
    col = widget.model.column_of(key)
    return header.sectionViewportPosition(col) + header.sectionSize(col)


@pytest.mark.parametrize("sample_table", ["en", "es"], indirect=True)
def test_every_column_is_in_sight_in_a_table_1000_pixels_wide(sample_table):
    w = sample_table
    width = w.view.viewport().width()
    assert section_right(w, "gap") <= width
    assert section_right(w, "tags") <= width, "no column out of sight, Tags last"
    header = w.view.horizontalHeader()
    assert header.sectionSize(w.model.column_of("title")) >= 150, "the title still reads"
    model = w.model
    for key in ("importance", "moment_of_truth", "pain_points"):
        col = model.column_of(key)
        full = model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.AccessibleTextRole)
        assert full in model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        assert len(model.headerData(col, Qt.Orientation.Horizontal)) < len(full)
    # Wider again, the words get their fitted width back.
    w.resize(1900, 400)
    assert header.sectionSize(w.model.column_of("title")) > 160


@pytest.mark.parametrize("sample_table", ["es"], indirect=True)
def test_a_column_sized_by_hand_stays_as_the_user_left_it(sample_table):
    w = sample_table
    header = w.view.horizontalHeader()
    col = w.model.column_of("title")
    header.resizeSection(col, 400)
    w.resize(900, 400)
    assert header.sectionSize(col) == 400


@pytest.mark.parametrize("key", [Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_down_or_enter_in_the_filter_goes_into_the_results(qtbot, env, key):
    w = env.w
    w.activateWindow()
    w.filter_edit.setFocus()
    qtbot.waitUntil(w.filter_edit.hasFocus)
    qtbot.keyClicks(w.filter_edit, "reserv")
    qtbot.keyClick(w.filter_edit, key)
    qtbot.waitUntil(w.view.hasFocus)
    assert env.sel.touchpoint_ids == (env.ids[1],), "the first result is selected, the map follows"
    qtbot.keyClick(w.view, Qt.Key.Key_Up)
    assert w.filter_edit.hasFocus(), "Up from the first row goes back to the filter"
    assert w.filter_edit.text() == "reserv"


def test_escape_in_the_filter_clears_it_even_with_a_window_shortcut_on_escape(qtbot, env):
    from PySide6.QtGui import QAction, QKeySequence

    w = env.w
    fired = []
    action = QAction(w)
    action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
    action.triggered.connect(lambda: fired.append(True))
    w.addAction(action)
    w.activateWindow()
    w.filter_edit.setFocus()
    qtbot.waitUntil(w.filter_edit.hasFocus)
    qtbot.keyClicks(w.filter_edit, "zzz")
    assert w.proxy.rowCount() == 0
    qtbot.keyClick(w.filter_edit, Qt.Key.Key_Escape)
    assert w.filter_edit.text() == "" and w.proxy.rowCount() == 3
    assert not fired, "Escape cleared the filter, nothing else"


def test_the_moment_of_truth_box_is_centred_under_its_header_and_toggles_by_click_and_space(qtbot, env):
    view = env.w.view
    index = view_index(env, env.ids[1], "moment_of_truth")
    view.horizontalHeader().resizeSection(index.column(), 160)  # as wide as "Momento de la verdad" made it
    cell_rect = view.visualRect(index)
    def mot():
        return env.project.get("touchpoint", env.ids[1]).moment_of_truth

    left_edge = QPoint(cell_rect.left() + 8, cell_rect.center().y())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=left_edge)
    assert mot() is False, "the cell's left edge, where Qt would have put the box, is not the box"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell_rect.center())
    assert mot() is True
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert mot() is False
    assert env.stack.count() == 2
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = cell_rect
    box = view.itemDelegate().check_rect(option, index)  # where it is painted
    assert abs(box.center().x() - cell_rect.center().x()) <= 1 and cell_rect.contains(box)
