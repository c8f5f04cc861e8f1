"""The inspector panel: edits as you type, merged undo steps, several cards at once, refused values."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QWidget

import cxdesigner
from cxdesigner.document import Selection
from cxdesigner.document.voting import QuickVoteCommand
from cxdesigner.model import vocab
from cxdesigner.panels.edits import update_command
from cxdesigner.panels.inspector import InspectorWidget
from cxdesigner.panels.table import TouchpointTableWidget
from cxdesigner.panels.widgets import MIXED
from cxdesigner.qtcommands import UndoStack, push


@pytest.fixture
def env(qtbot):
    doc = cxdesigner.new_project(None)
    project = doc.project
    journey = project.journeys()[0]
    stages, lanes = project.stages(journey.id), project.lanes(journey.id)
    a = doc.add_touchpoint(journey.id, stages[0].id, lanes[1].id, "Sees an advert", emotion=1, importance=4)
    b = doc.add_touchpoint(journey.id, stages[1].id, lanes[1].id, "Compares prices", emotion=-2, importance=4)
    c = doc.add_touchpoint(journey.id, stages[2].id, lanes[0].id, "<b>x</b>", pain_points=("slow",))
    doc.stack.clear()  # the set-up above is not what these tests undo
    stack = UndoStack(doc)
    selection = Selection()
    selection.set_journey(journey.id)
    inspector = InspectorWidget(doc, stack, selection)
    qtbot.addWidget(inspector)
    inspector.resize(380, 900)
    inspector.show()
    yield SimpleNamespace(
        doc=doc, project=project, journey=journey, a=a, b=b, c=c, stack=stack, sel=selection, w=inspector
    )
    doc.close()


def update(tid, **fields):
    return update_command("touchpoint", tid, fields)


def tp(env, tid):
    return env.project.get("touchpoint", tid)


def type_into(qtbot, edit, text):
    edit.setFocus()
    edit.end(False)
    qtbot.keyClicks(edit, text)


def test_typing_a_title_updates_the_model_and_the_table_in_one_undo_step(qtbot, env):
    table = TouchpointTableWidget(env.doc, env.stack, env.sel)
    qtbot.addWidget(table)
    table.show()  # a table out of sight makes its rows when it shows
    env.sel.select([env.a], source="canvas")
    title = env.w.fields["title"]
    assert title.text() == "Sees an advert"

    type_into(qtbot, title, " on TV")

    assert tp(env, env.a).title == "Sees an advert on TV"
    row = table.model.row_of(env.a)
    assert table.model.index(row, table.model.column_of("title")).data() == "Sees an advert on TV"
    assert env.stack.count() == 1, "consecutive keystrokes in one field merge into one undo step"
    assert title.text() == "Sees an advert on TV"

    env.stack.undo()
    assert tp(env, env.a).title == "Sees an advert"
    assert title.text() == "Sees an advert", "the inspector follows undo"
    assert table.model.index(row, table.model.column_of("title")).data() == "Sees an advert"
    env.stack.redo()
    assert title.text() == "Sees an advert on TV"


def test_the_fields_own_undo_reaches_the_model(qtbot, env):
    env.sel.select([env.a])
    title = env.w.fields["title"]
    type_into(qtbot, title, "!!")
    title.undo()  # Ctrl+Z inside the line edit
    assert tp(env, env.a).title == title.text() == "Sees an advert"


def test_the_echo_of_an_edit_does_not_move_the_caret(qtbot, env):
    env.sel.select([env.a])
    title = env.w.fields["title"]
    title.setFocus()
    title.setCursorPosition(4)
    qtbot.keyClicks(title, "XY")
    assert tp(env, env.a).title == "SeesXY an advert"
    assert title.cursorPosition() == 6

    # Another field changing (another view, a script) leaves the caret where it is.
    push(env.stack, env.doc, update(env.a, description="changed elsewhere"))
    assert env.w.fields["description"].toPlainText() == "changed elsewhere"
    assert title.cursorPosition() == 6


def test_refreshing_pushes_nothing(qtbot, env):
    env.sel.select([env.a])
    env.sel.select([env.b])
    env.sel.select([env.a, env.b])
    push(env.stack, env.doc, update(env.a, notes="n", emotion=3, effort=2, emotional_weight=40))
    env.stack.undo()
    env.stack.redo()
    assert env.stack.count() == 1


def test_several_cards_take_one_edit_as_one_undo_step(qtbot, env):
    env.sel.select([env.a, env.b])
    w = env.w
    assert w.header.text() == "2 touchpoints selected"
    assert w.fields["emotion"].value() is MIXED
    assert w.fields["title"].text() == ""
    assert w.fields["title"].placeholderText() == "(several values)"
    assert w.fields["importance"].value() == 4, "a value they share is shown"

    qtbot.mouseClick(w.fields["emotion"].buttons[2], Qt.MouseButton.LeftButton)
    assert tp(env, env.a).emotion == tp(env, env.b).emotion == 2
    assert env.stack.count() == 1

    type_into(qtbot, w.fields["owner_team"], "Sales")
    assert tp(env, env.a).owner_team == tp(env, env.b).owner_team == "Sales"
    assert env.stack.count() == 2

    env.stack.undo()
    env.stack.undo()
    assert (tp(env, env.a).emotion, tp(env, env.b).emotion) == (1, -2)
    assert w.fields["emotion"].value() is MIXED


def test_a_refused_value_shows_a_message_and_changes_nothing(qtbot, env):
    env.sel.select([env.a])
    nps = env.w.fields["nps"]
    type_into(qtbot, nps, "500")
    assert tp(env, env.a).nps == 50, "'5' and '50' were fine; '500' is refused"
    assert env.w.error_label.isVisible()
    assert "NPS" in env.w.error_label.text()

    nps.selectAll()
    qtbot.keyClick(nps, Qt.Key.Key_Backspace)
    type_into(qtbot, nps, "abc")
    assert tp(env, env.a).nps is None, "clearing the field un-set the score"
    assert env.w.error_label.isVisible()
    count = env.stack.count()

    # Leaving the field shows the card's value again; a good value clears the message.
    nps.editingFinished.emit()
    assert nps.text() == ""
    type_into(qtbot, nps, "-20")
    assert tp(env, env.a).nps == -20
    assert not env.w.error_label.isVisible()
    assert env.stack.count() == count == 1, "all typing in the field, refused keystrokes aside, is one step"
    env.stack.undo()
    assert tp(env, env.a).nps is None


def test_csat_accepts_a_decimal_comma(qtbot, env):
    env.sel.select([env.a])
    type_into(qtbot, env.w.fields["csat"], "82,5")
    assert tp(env, env.a).csat == 82.5


def test_scores_can_be_cleared(qtbot, env):
    env.sel.select([env.a])
    w = env.w
    qtbot.mouseClick(w.fields["importance"].buttons[None], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(w.fields["satisfaction"].buttons[5], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(w.fields["effort"].buttons[6], Qt.MouseButton.LeftButton)
    assert (tp(env, env.a).importance, tp(env, env.a).satisfaction, tp(env, env.a).effort) == (None, 5, 6)
    qtbot.mouseClick(w.fields["importance"].buttons[4], Qt.MouseButton.LeftButton)
    assert w.gap_label.text() == "−1", "a real minus sign, as the table and the report write a gap"
    qtbot.mouseClick(w.fields["satisfaction"].buttons[2], Qt.MouseButton.LeftButton)
    assert w.gap_label.text() == "+2"


def test_checks_combos_and_numbers(qtbot, env):
    env.sel.select([env.a])
    w = env.w
    w.fields["moment_of_truth"].click()
    assert tp(env, env.a).moment_of_truth is True
    push(env.stack, env.doc, QuickVoteCommand(tp(env, env.a).journey_id, [env.a, env.a], 1))
    assert w.fields["votes"].text() == "1", "the shown dots follow a vote cast on the map"
    w.fields["emotional_weight_slider"].setValue(70)
    assert tp(env, env.a).emotional_weight == 70
    assert w.fields["emotional_weight"].value() == 70, "the slider and the number agree"
    category = w.fields["category"]
    category.activated.emit(category.findData("sales"))
    assert tp(env, env.a).category == "sales"
    evidence = w.fields["evidence"]
    evidence.activated.emit(evidence.findData("observed"))
    assert tp(env, env.a).evidence == "observed"
    type_into(qtbot, w.fields["tags"], "wow, price,")
    assert tp(env, env.a).tags == ("wow", "price")
    assert w.fields["tags"].text() == "wow, price,", "a half-typed tag list is left as typed"


def test_moment_of_truth_of_mixed_cards(qtbot, env):
    push(env.stack, env.doc, update(env.a, moment_of_truth=True))
    env.sel.select([env.a, env.b])
    check = env.w.fields["moment_of_truth"]
    assert check.checkState() == Qt.CheckState.PartiallyChecked
    check.click()
    assert tp(env, env.a).moment_of_truth and tp(env, env.b).moment_of_truth
    assert check.checkState() == Qt.CheckState.Checked


def test_emotion_words_per_card(qtbot, env):
    push(env.stack, env.doc, update(env.a, emotion_words=("joy",)))
    env.sel.select([env.a, env.b])
    boxes = env.w.word_boxes
    assert boxes["joy"].checkState() == Qt.CheckState.PartiallyChecked
    boxes["trust"].click()
    assert tp(env, env.a).emotion_words == ("joy", "trust")
    assert tp(env, env.b).emotion_words == ("trust",)
    env.stack.undo()
    assert tp(env, env.a).emotion_words == ("joy",)
    assert tp(env, env.b).emotion_words == ()


def test_emotion_words_have_translated_labels(qtbot):
    doc = cxdesigner.new_project(None, lang="es")
    w = InspectorWidget(doc, UndoStack(doc), Selection())
    qtbot.addWidget(w)
    assert w.word_boxes["joy"].text() == "Alegría"
    doc.close()


def test_pain_points_list(qtbot, env):
    env.sel.select([env.c])
    editor = env.w.fields["pain_points"]
    assert editor.list.count() == 1
    type_into(qtbot, editor.new_item, "no parking")
    qtbot.keyClick(editor.new_item, Qt.Key.Key_Return)
    assert tp(env, env.c).pain_points == ("slow", "no parking")
    editor.list.item(0).setText("very slow")
    assert tp(env, env.c).pain_points == ("very slow", "no parking")
    editor.list.setCurrentRow(1)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert tp(env, env.c).pain_points == ("very slow",)
    assert env.stack.count() == 3
    for _ in range(3):
        env.stack.undo()
    assert tp(env, env.c).pain_points == ("slow",)
    assert [editor.list.item(i).text() for i in range(editor.list.count())] == ["slow"]


def test_adding_an_opportunity_to_cards_with_different_lists(qtbot, env):
    push(env.stack, env.doc, update(env.a, opportunities=("call back",)))
    env.sel.select([env.a, env.b])
    editor = env.w.fields["opportunities"]
    assert editor.items() is MIXED
    editor.new_item.setText("chat")
    editor.add_current_text()
    assert tp(env, env.a).opportunities == ("call back", "chat")
    assert tp(env, env.b).opportunities == ("chat",)
    env.stack.undo()
    assert tp(env, env.b).opportunities == ()


def test_add_channel_is_one_undo_step(qtbot, env):
    env.sel.select([env.a])
    env.w.ask_channel_name = lambda: "Kiosk"
    combo = env.w.fields["channel"]
    combo.activated.emit(combo.count() - 1)
    channels = env.project.channels()
    assert [c.name for c in channels] == ["Kiosk"]
    assert tp(env, env.a).channel == channels[0].id
    assert combo.currentText() == "Kiosk"
    assert env.stack.count() == 1
    env.stack.undo()
    assert env.project.channels() == []
    assert tp(env, env.a).channel == ""
    assert combo.findText("Kiosk") == -1


def test_a_hostile_title_shows_literally(qtbot, env):
    env.sel.select([env.c])
    assert env.w.header.textFormat() == Qt.TextFormat.PlainText
    assert env.w.header.text() == "<b>x</b>"
    assert env.w.fields["title"].text() == "<b>x</b>"


def test_a_long_title_is_shortened_only_in_the_header(qtbot, env):
    push(env.stack, env.doc, update(env.a, title="é" * 10_000))
    env.sel.select([env.a])
    assert len(env.w.fields["title"].text()) == 10_000
    assert len(env.w.header.text()) < 400


def test_selection_gone_or_deleted_card(qtbot, env):
    env.sel.select([env.a])
    assert env.w.pages.currentIndex() == 1
    env.doc.delete_touchpoints([env.a])
    assert env.w.pages.currentIndex() == 0
    env.sel.select([])
    assert env.w.header.text() == "No touchpoint selected"


_EDITS = st.one_of(
    st.tuples(st.just("title"), st.text(max_size=12)),
    st.tuples(st.just("emotion"), st.one_of(st.none(), st.integers(-3, 3))),
    st.tuples(st.just("importance"), st.one_of(st.none(), st.integers(1, 5))),
    st.tuples(st.just("moment_of_truth"), st.booleans()),
    st.tuples(st.just("tags"), st.lists(st.sampled_from(["a", "b", "vip"]), max_size=3, unique=True).map(tuple)),
    st.tuples(st.just("nps"), st.integers(-150, 150)),  # some refused: they must leave no trace
)


@pytest.mark.slow
@given(steps=st.lists(st.tuples(st.sets(st.integers(0, 2), min_size=1), _EDITS), max_size=8))
def test_random_inspector_edits_undo_and_redo_exactly(qtbot, env, steps):
    cards = [env.a, env.b, env.c]
    start = env.project.snapshot()
    for chosen, (field, value) in steps:
        env.sel.select([cards[i] for i in sorted(chosen)])
        env.w.edit_field(field, value)
    end = env.project.snapshot()
    while env.stack.can_undo():
        env.stack.undo()
    assert env.project.snapshot() == start
    while env.stack.can_redo():
        env.stack.redo()
    assert env.project.snapshot() == end
    while env.stack.can_undo():
        env.stack.undo()
    env.stack.clear()


def _shown_state(w: InspectorWidget) -> list[object]:
    """What each field of the form shows: texts, checks, choices, tips and the widgets in sight."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSpinBox

    state: list[object] = [w.header.text(), w.placement.text(), w.pages.currentIndex()]
    for child in w.form.findChildren(QWidget):
        row: list[object] = [type(child).__name__, child.objectName(), child.isVisibleTo(w), child.toolTip()]
        if isinstance(child, QLineEdit):
            row += [child.text(), child.placeholderText()]
        elif isinstance(child, QPlainTextEdit):
            row += [child.toPlainText(), child.placeholderText()]
        elif isinstance(child, QComboBox):
            row += [child.currentIndex(), [child.itemText(i) for i in range(child.count())]]
        elif isinstance(child, QAbstractButton):
            row += [child.text(), child.isChecked(), child.isEnabled()]
        elif isinstance(child, QSpinBox):
            row += [child.value(), child.specialValueText()]
        elif isinstance(child, QLabel):
            row += [child.text()]
        state.append(row)
    return state


def test_the_form_is_made_at_the_first_selection_and_shows_what_one_made_at_once_shows(qtbot, env):
    from cxdesigner.document.commands import AddChannelCommand

    # A project opens with no card selected: the form waits (nothing in it yet).
    assert env.w.form.findChildren(QWidget) == []
    assert env.w.pages.currentIndex() == 0
    # What changes while it waits reaches the form made later: a new channel, the emotion scale's names.
    push(env.stack, env.doc, AddChannelCommand("Kiosk"))
    vocab.set_emotion_names(["awful", "", "", "", "", "", "superb"])
    try:
        env.w.show_emotion_labels()
        early = InspectorWidget(env.doc, env.stack, Selection())
        qtbot.addWidget(early)
        assert early.fields["title"] is not None  # asking for the fields makes the form at once
        early.resize(380, 900)
        early.show()
        env.w.resize(380, 900)
        for ids in ([env.a], [env.a, env.b], [env.c]):
            env.sel.select(ids)
            early.set_touchpoints(ids)
            # Shown with its page at once, not on a later turn of the event loop.
            assert env.w.fields["title"].isVisible()
            assert _shown_state(env.w) == _shown_state(early)
        assert env.w.fields["emotion"].buttons[-3].toolTip().endswith("awful")
        assert "Kiosk" in [env.w.fields["channel"].itemText(i) for i in range(env.w.fields["channel"].count())]
        env.w.fields["title"].setText("Sees a poster")
        assert tp(env, env.c).title == "Sees a poster"
    finally:
        vocab.set_emotion_names([])


def test_a_chosen_score_is_filled_and_a_chosen_not_set_only_outlined(qtbot):
    # The row's one style sheet: a pressed score takes the selection colour, a pressed "not set" the base.
    from PySide6.QtGui import QPalette

    from cxdesigner.panels.widgets import ScaleSelector

    scale = ScaleSelector(range(1, 6), "Not set")
    qtbot.addWidget(scale)
    scale.resize(300, 40)
    scale.show()
    qtbot.waitExposed(scale)
    palette = scale.buttons[1].palette()

    def centre(value: int | None) -> str:
        button = scale.buttons[value]
        return button.grab().toImage().pixelColor(4, button.height() // 2).name()

    scale.set_value(3)
    highlight, idle = palette.color(QPalette.ColorRole.Highlight).name(), centre(1)
    assert centre(3) == highlight
    assert centre(None) == idle
    scale.set_value(None)
    assert centre(None) not in (highlight, idle)  # the field's own colour, inside a thick outline
    assert centre(3) == idle


def test_a_narrow_inspector_puts_each_label_above_its_field_and_a_wide_one_beside_it(qtbot, env):
    """In a 1280-pixel window's dock a field beside its label had room for a few words a line."""
    from PySide6.QtWidgets import QApplication, QFormLayout

    from cxdesigner.panels.widgets import NARROW_FORM

    env.sel.select([env.a], source="canvas")
    title = env.w.fields["title"]
    form = title.parentWidget().layout()
    assert isinstance(form, QFormLayout)
    label = form.labelForField(title)

    def label_above_field() -> bool:
        QApplication.processEvents()
        return label.geometry().bottom() <= title.geometry().top()

    env.w.resize(NARROW_FORM - 80, 900)
    assert label_above_field()
    assert title.width() > NARROW_FORM - 80 - 60, "the field takes the dock's width, not what a label leaves"
    env.w.resize(NARROW_FORM + 120, 900)
    assert not label_above_field()
    assert label.geometry().right() < title.geometry().left()


@pytest.mark.parametrize("kind", ["line", "plain"])
def test_a_field_refreshed_under_the_caret_keeps_it_at_the_end_of_a_text_with_emoji(qtbot, kind):
    # Qt counts an emoji as two units: clamped by the character count, the caret fell one short of the
    # end, and the next key typed went in before the last letter.
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

    from cxdesigner.panels.widgets import set_line_text, set_plain_text

    edit = QLineEdit() if kind == "line" else QPlainTextEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    typed = "Cola larga 😡 en recepción"
    if kind == "line":
        edit.setText(typed + "s")
        edit.setCursorPosition(len((typed + "s").encode("utf-16-le")) // 2)
        set_line_text(edit, typed, "")
        qtbot.keyClicks(edit, "!")
        assert edit.text() == typed + "!"
    else:
        edit.setPlainText(typed + "s")
        edit.moveCursor(edit.textCursor().MoveOperation.End)
        set_plain_text(edit, typed, "")
        qtbot.keyClicks(edit, "!")
        assert edit.toPlainText() == typed + "!"


def test_many_selected_cards_are_looked_up_once_and_each_field_read_until_two_differ(qtbot, env, monkeypatch):
    # Ctrl+A at 5,000 cards: the inspector looked every card up again for each of 26 fields, then
    # read each field of every card into a set (about 0.1 s of the selection's 0.15-0.3 s).
    w = env.w
    looked_up = []
    real_cards = type(w).cards
    monkeypatch.setattr(type(w), "cards", lambda self: looked_up.append(1) or real_cards(self))
    w.set_touchpoints([env.a, env.b, env.c])
    assert len(looked_up) == 1, "the selected cards are looked up once per refresh"
    assert w.value("importance") == MIXED and w.value("title") == MIXED

    reads = []

    class Card:
        def __init__(self, title):
            self._title = title

        @property
        def title(self):
            reads.append(self._title)
            return self._title

    cards = [Card("a"), Card("b"), *(Card("c") for _ in range(50))]
    assert w.value("title", cards) == MIXED
    assert reads == ["a", "b"], "two cards that differ are enough to know the value is mixed"
    reads.clear()
    assert w.value("title", [Card("same") for _ in range(5)]) == "same" and len(reads) == 5


# -- the empty page: what is selected, and what to do next -----------------------------------------


def test_a_selected_connection_has_its_page_to_label_it_and_set_its_kind_and_share(env, qtbot):
    # The guide says to choose a connection's kind in the Inspector with it selected; the inspector
    # said "No touchpoint selected" and offered nothing (the kind only in its context menu, the share
    # of customers nowhere).
    cid = env.doc.connect(env.a, env.b)
    env.sel.select([], [cid])
    form = env.w.connection_form
    assert env.w.pages.currentWidget() is form
    assert env.w.header.text() == "Connection"
    assert env.w.placement.text() == "From “Sees an advert” to “Compares prices”"
    type_into(qtbot, form.label_edit, "if the room is not ready")
    qtbot.keyClick(form.label_edit, Qt.Key.Key_Return)
    assert env.project.get("connection", cid).label == "if the room is not ready"
    form.kind_combo.setFocus()
    failure = form.kind_combo.findData("failure")
    form.kind_combo.setCurrentIndex(failure)
    form.kind_combo.activated.emit(failure)
    assert env.project.get("connection", cid).kind == "failure"
    form.share_spin.setValue(30)
    assert env.project.get("connection", cid).share == 30
    assert env.stack.undo_text() == "Change share of customers"
    env.stack.undo()
    assert env.stack.undo_text() == "Change connection kind"
    env.stack.undo()
    assert env.project.get("connection", cid).kind == "normal" and form.kind_combo.currentData() == "normal"
    env.doc.update_touchpoint(env.b, title="Books a room")  # its ends renamed: the line follows
    assert env.w.placement.text() == "From “Sees an advert” to “Books a room”"


def test_several_connections_take_one_edit_and_keep_labels_that_differ(env, qtbot):
    first = env.doc.connect(env.a, env.b, label="books")
    second = env.doc.connect(env.b, env.c, label="calls")
    env.sel.select([], [first, second])
    form = env.w.connection_form
    assert env.w.header.text() == "2 connections selected"
    env.w.resize(250, 900)  # a 1280-pixel window's dock: labels above their fields, as on a card's page
    assert form.form.rowWrapPolicy() == QFormLayout.RowWrapPolicy.WrapAllRows
    assert form.label_edit.text() == "" and form.label_edit.placeholderText() == "(several values)"
    form.label_edit.setFocus()
    form.share_spin.setFocus()  # passing through the label changes nothing
    assert {env.project.get("connection", c).label for c in (first, second)} == {"books", "calls"}
    alternative = form.kind_combo.findData("alternative")
    form.kind_combo.activated.emit(alternative)
    assert {env.project.get("connection", c).kind for c in (first, second)} == {"alternative"}
    env.stack.undo()  # one step for both
    assert {env.project.get("connection", c).kind for c in (first, second)} == {"normal"}
    env.sel.select([])
    assert env.w.header.text() == "No touchpoint selected" and env.w.pages.currentIndex() == 0


def test_an_empty_journey_says_how_to_type_the_first_card_until_there_is_one(env):
    env.doc.delete_touchpoints([env.a, env.b, env.c])
    env.sel.select([])
    assert env.w.header.text() == "No touchpoints yet"
    assert "type a touchpoint" in env.w.empty_label.text() and "Ctrl+/" in env.w.empty_label.text()
    journey, stages, lanes = env.journey.id, env.project.stages(env.journey.id), env.project.lanes(env.journey.id)
    env.doc.add_touchpoint(journey, stages[0].id, lanes[0].id, "First")
    assert env.w.header.text() == "No touchpoint selected"


def test_the_empty_pages_grey_is_readable_on_the_panel(env):
    # A disabled label's grey was about 1.6:1 on the dock's background: the line saying what to do
    # next was the hardest text of the panel to read.
    from PySide6.QtGui import QPalette

    from cxdesigner.panels.widgets import contrast_ratio

    env.sel.select([])
    label = env.w.empty_label
    group = QPalette.ColorGroup.Active if label.isEnabled() else QPalette.ColorGroup.Disabled
    ink = label.palette().color(group, QPalette.ColorRole.WindowText)
    assert contrast_ratio(ink, env.w.palette().color(QPalette.ColorRole.Window)) >= 4.5


def test_has_placed_cards_agrees_with_placed_cards(env):
    journey = env.journey.id
    assert env.project.has_placed_cards(journey) == bool(env.project.placed_cards(journey))
    env.doc.delete_touchpoints([env.a, env.b, env.c])
    assert env.project.has_placed_cards(journey) is False == bool(env.project.placed_cards(journey))
    assert env.project.has_placed_cards("no such journey") is False
