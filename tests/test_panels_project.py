"""The persona editor and the project dock: personas and journeys added, edited, deleted, undone."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QMimeData, QPointF, QRect, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit

import cxdesigner
from cxdesigner.document import Selection
from cxdesigner.panels.personas import PersonaEditor
from cxdesigner.panels.project_dock import ProjectDock
from cxdesigner.qtcommands import UndoStack


@pytest.fixture
def env(qtbot):
    doc = cxdesigner.new_project(None)
    project = doc.project
    journey = project.journeys()[0]
    stages, lanes = project.stages(journey.id), project.lanes(journey.id)
    doc.add_touchpoint(journey.id, stages[0].id, lanes[1].id, "Sees an advert")
    laura = doc.add_persona("Laura", segment="Business traveller")
    doc.update("journey", journey.id, persona_id=laura)
    doc.stack.clear()  # the set-up above is not what these tests undo
    stack = UndoStack(doc)
    selection = Selection()
    selection.set_journey(journey.id)
    yield SimpleNamespace(doc=doc, project=project, journey=journey, laura=laura, stack=stack, sel=selection)
    doc.close()


@pytest.fixture
def editor(qtbot, env):
    w = PersonaEditor(env.doc, env.stack)
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.fixture
def dock(qtbot, env):
    w = ProjectDock(env.doc, env.stack, env.sel)
    qtbot.addWidget(w)
    w.show()
    return w


def persona(env, pid):
    return env.project.get("persona", pid)


# -- personas -----------------------------------------------------------------------------------------------


def test_a_narrow_persona_editor_puts_each_label_above_its_field(qtbot, env, editor):
    """The persona editor shares the inspector's rule: in a 1280-pixel window's dock, labels go on top."""
    from cxdesigner.panels.widgets import NARROW_FORM

    goals = editor.fields["goals"]
    label = editor.form.labelForField(goals)
    editor.resize(NARROW_FORM - 60, 700)
    QApplication.processEvents()
    assert label.geometry().bottom() <= goals.geometry().top()
    editor.resize(NARROW_FORM + 150, 700)
    QApplication.processEvents()
    assert label.geometry().right() < goals.geometry().left()


def test_persona_fields_are_shown_and_edited_as_you_type(qtbot, env, editor):
    assert editor.persona_id == env.laura
    name = editor.fields["name"]
    assert name.text() == "Laura"
    name.setFocus()
    name.end(False)
    qtbot.keyClicks(name, " Mendez")  # QTest types ASCII only
    assert persona(env, env.laura).name == "Laura Mendez"
    assert editor.list.item(0).text() == "Laura Mendez"
    assert env.stack.count() == 1, "typing in one field is one undo step"

    goals = editor.fields["goals"]
    goals.setFocus()
    qtbot.keyClicks(goals, "Rest")
    assert persona(env, env.laura).goals == "Rest"
    assert env.stack.count() == 2

    env.stack.undo()
    env.stack.undo()
    assert persona(env, env.laura).name == "Laura"
    assert name.text() == "Laura"
    assert goals.toPlainText() == ""


def test_persona_colour_through_the_dialog(qtbot, env, editor):
    editor.choose_colour = lambda current: "#123456"
    qtbot.mouseClick(editor.colour_button, Qt.MouseButton.LeftButton)
    assert persona(env, env.laura).colour == "#123456"
    assert editor.colour_button.text() == "#123456"
    editor.choose_colour = lambda current: None  # cancelled
    qtbot.mouseClick(editor.colour_button, Qt.MouseButton.LeftButton)
    assert persona(env, env.laura).colour == "#123456"
    env.stack.undo()
    assert persona(env, env.laura).colour != "#123456"


def test_add_and_delete_personas_with_undo(qtbot, env, editor):
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert len(env.project.personas()) == 2
    new = editor.persona_id
    assert new != env.laura
    assert persona(env, new).colour != persona(env, env.laura).colour, "a new persona gets its own colour"
    assert editor.list.count() == 2

    editor.confirm_delete = lambda p: False
    editor.select_persona(env.laura)
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert env.laura in env.project.tables["persona"]

    editor.confirm_delete = lambda p: True
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert env.laura not in env.project.tables["persona"]
    assert env.project.get("journey", env.journey.id).persona_id is None
    assert editor.list.count() == 1

    env.stack.undo()
    assert persona(env, env.laura).name == "Laura"
    assert env.project.get("journey", env.journey.id).persona_id == env.laura
    env.stack.undo()
    assert [p.id for p in env.project.personas()] == [env.laura]
    assert editor.list.count() == 1


def test_hostile_persona_text_is_plain(qtbot, env, editor):
    env.doc.update("persona", env.laura, name="<b>x</b>", quote="<i>y</i>")
    assert editor.list.item(0).text() == "<b>x</b>"
    assert editor.fields["quote"].toPlainText() == "<i>y</i>"


# -- journeys -------------------------------------------------------------------------------------------------


def test_the_dock_lists_journeys_with_their_persona(env, dock):
    item = dock.journey_list.topLevelItem(0)
    assert item.text(0) == env.journey.name
    assert item.text(1) == "Laura"
    assert dock.persona_list.count() == 1
    assert dock.persona_combo.currentData() == env.laura


def test_switch_journey(qtbot, env, dock):
    other = env.doc.add_journey("Second")
    assert dock.journey_list.topLevelItemCount() == 2
    with qtbot.waitSignal(dock.journey_activated, timeout=0) as signal:
        dock.journey_list.setCurrentItem(dock.journey_list.topLevelItem(1))
    assert signal.args == [other]
    assert env.sel.journey_id == other
    assert dock.persona_combo.currentData() == ""
    # Someone else switching (the main window, a menu) moves the dock's current row.
    env.sel.set_journey(env.journey.id, source="menu")
    assert dock.current_journey_id() == env.journey.id


def test_add_rename_and_undo_a_journey(qtbot, env, dock):
    qtbot.mouseClick(dock.add_button, Qt.MouseButton.LeftButton)
    new = dock.current_journey_id()
    assert new != env.journey.id
    assert env.sel.journey_id == new
    assert len(env.project.stages(new)) == 6, "a new journey has the default stages"
    # The name is open for editing at once: type and press Enter.
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "To-be stay")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits through a queued call
    assert env.project.get("journey", new).name == "To-be stay"
    assert dock.journey_list.topLevelItem(1).text(0) == "To-be stay"

    env.stack.undo()
    assert env.project.get("journey", new).name == "New journey"
    env.stack.undo()
    assert new not in env.project.tables["journey"]
    assert env.sel.journey_id == env.journey.id, "the current journey went away: the dock shows another"


def test_an_empty_name_is_refused(qtbot, env, dock):
    assert not dock.rename_journey(env.journey.id, "   ")
    assert dock.error_label.text()
    assert dock.journey_list.topLevelItem(0).text(0) == env.journey.name
    assert env.stack.count() == 0


def test_duplicate_a_journey(qtbot, env, dock):
    qtbot.mouseClick(dock.duplicate_button, Qt.MouseButton.LeftButton)
    copy = env.sel.journey_id
    assert copy != env.journey.id
    j = env.project.get("journey", copy)
    assert j.name == f"{env.journey.name} (copy)"
    assert j.persona_id == env.laura
    assert len(env.project.touchpoints(copy)) == 1
    env.stack.undo()
    assert copy not in env.project.tables["journey"]


def test_a_big_journey_is_copied_on_a_worker_thread_then_pushed_as_one_step(qtbot, env, dock, monkeypatch):
    # A 5,000-card journey's 11,000 new records were made on the UI thread (some 0.2 s of a 0.6 s freeze).
    import threading

    from cxdesigner.dialogs.background import build_in_worker
    from cxdesigner.document import commands
    from cxdesigner.panels import project_dock

    monkeypatch.setattr(project_dock, "DUPLICATE_IN_WORKER", 1)  # the test's one card counts as big
    dock.build_in_worker = build_in_worker  # as the main window hands it over
    threads: list[str] = []
    real = commands.copy_journey_entities

    def copy(*a, **k):
        threads.append(threading.current_thread().name)
        return real(*a, **k)

    monkeypatch.setattr(commands, "copy_journey_entities", copy)
    qtbot.mouseClick(dock.duplicate_button, Qt.MouseButton.LeftButton)
    assert threads and threading.main_thread().name not in threads
    copy_id = env.sel.journey_id
    assert copy_id != env.journey.id
    j = env.project.get("journey", copy_id)
    assert j.name == f"{env.journey.name} (copy)" and j.persona_id == env.laura
    assert len(env.project.touchpoints(copy_id)) == 1
    env.stack.undo()
    assert copy_id not in env.project.tables["journey"]


def test_cancelling_a_big_journeys_copy_leaves_the_project_as_it_was(qtbot, env, dock, monkeypatch):
    from cxdesigner.dialogs.background import build_in_worker
    from cxdesigner.panels import project_dock
    from cxdesigner.services.tasks import Task

    monkeypatch.setattr(project_dock, "DUPLICATE_IN_WORKER", 1)
    dock.build_in_worker = build_in_worker

    def cancelled(self, done, total):  # Cancel pressed as the copy starts
        self.cancel()
        return False

    monkeypatch.setattr(Task, "progress", cancelled)
    journeys = set(env.project.tables["journey"])
    version = env.doc.working_copy.version()
    assert dock.duplicate_current() is None
    assert set(env.project.tables["journey"]) == journeys
    assert env.doc.working_copy.version() == version and not env.stack.can_undo()
    assert env.sel.journey_id == env.journey.id


def test_delete_a_journey_asks_first(qtbot, env, dock):
    assert not dock.delete_button.isEnabled(), "the last journey cannot be deleted"
    other = env.doc.add_journey("Second")
    assert dock.delete_button.isEnabled()
    dock.confirm_delete_journey = lambda j: False
    qtbot.mouseClick(dock.delete_button, Qt.MouseButton.LeftButton)
    assert env.journey.id in env.project.tables["journey"]

    dock.confirm_delete_journey = lambda j: True
    qtbot.mouseClick(dock.delete_button, Qt.MouseButton.LeftButton)
    assert env.journey.id not in env.project.tables["journey"]
    assert env.sel.journey_id == other, "the neighbour becomes current"
    env.stack.undo()
    assert len(env.project.touchpoints(env.journey.id)) == 1
    assert dock.journey_ids() == [env.journey.id, other]


def test_reorder_journeys_with_buttons_and_drop(qtbot, env, dock):
    b = env.doc.add_journey("B")
    c = env.doc.add_journey("C")
    a = env.journey.id
    env.sel.set_journey(c)
    qtbot.mouseClick(dock.up_button, Qt.MouseButton.LeftButton)
    assert dock.journey_ids() == [a, c, b]
    assert dock.current_journey_id() == c
    env.stack.undo()
    assert dock.journey_ids() == [a, b, c]

    # Drag A below C: the drop becomes one ReorderCommand.
    tree = dock.journey_list
    tree.setCurrentItem(tree.topLevelItem(0))
    target = tree.visualItemRect(tree.topLevelItem(2))
    pos = QPointF(target.center().x(), target.bottom() - 1)
    mime = QMimeData()
    event = QDropEvent(pos, Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    event.source = lambda: tree  # a drag that started in this tree
    tree.dropEvent(event)
    assert dock.journey_ids() == [b, c, a]
    env.stack.undo()
    assert dock.journey_ids() == [a, b, c]


def test_choose_the_journeys_persona(qtbot, env, dock):
    combo = dock.persona_combo
    combo.activated.emit(combo.findData(""))
    assert env.project.get("journey", env.journey.id).persona_id is None
    assert dock.journey_list.topLevelItem(0).text(1) == ""
    env.stack.undo()
    assert env.project.get("journey", env.journey.id).persona_id == env.laura
    assert combo.currentData() == env.laura


def test_persona_activated_on_double_click(qtbot, env, dock):
    with qtbot.waitSignal(dock.persona_activated, timeout=0) as signal:
        dock.persona_list.itemActivated.emit(dock.persona_list.item(0))
    assert signal.args == [env.laura]


def test_hostile_journey_name(qtbot, env, dock):
    env.doc.update("journey", env.journey.id, name="<b>x</b>")
    item = dock.journey_list.topLevelItem(0)
    assert item.text(0) == "<b>x</b>"
    assert "&lt;b&gt;" in item.toolTip(0)


def test_the_focused_journey_shows_its_focus_across_the_whole_row(qtbot, env, dock):
    """The keyboard's place in the journeys list was a box round the journey's name only, the persona left out."""
    from PySide6.QtWidgets import QProxyStyle, QStyle

    boxes: list = []

    class Recording(QProxyStyle):
        def drawPrimitive(self, element, option, painter, widget=None):  # type: ignore[no-untyped-def]
            if element == QStyle.PrimitiveElement.PE_FrameFocusRect:
                boxes.append(QRect(option.rect))
            super().drawPrimitive(element, option, painter, widget)

    tree = dock.journey_list
    style = Recording()
    tree.setStyle(style)
    tree.activateWindow()
    tree.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(tree.hasFocus)
    item = tree.currentItem()
    assert item is not None and tree.columnCount() == 2
    tree.viewport().grab()
    row = tree.visualItemRect(item)
    persona = tree.header().sectionViewportPosition(1)
    assert any(box.top() <= row.center().y() <= box.bottom() and box.left() <= 0 and box.right() >= persona
               for box in boxes), boxes
    tree.setStyle(None)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_narrow_dock_gives_the_journeys_name_the_room_and_the_persona_its_colour(qtbot, env, lang):
    """At 1280 x 800 the dock is about 256 px wide: the Persona column sized to «Laura Méndez» took half
    the list and cut the journey to «Weekend at a …». The name comes first; the persona keeps its colour,
    its name in the tooltip, and shows it again where there is room."""
    from cxdesigner import i18n

    i18n.set_language(lang)
    try:
        env.doc.update("journey", env.journey.id, name="Weekend at a city hotel")
        env.doc.update("persona", env.laura, name="Laura Méndez")
        env.doc.stack.clear()
        dock = ProjectDock(env.doc, env.stack, env.sel)
        qtbot.addWidget(dock)
        dock.resize(256, 500)
        dock.show()
        qtbot.waitExposed(dock)
        tree = dock.journey_list
        item = tree.topLevelItem(0)
        name_room = tree.header().sectionSize(0) - tree.indentation() * tree.rootIsDecorated()
        assert name_room >= tree.fontMetrics().horizontalAdvance(item.text(0)) + 8, "the whole name shows"
        assert tree.header().sectionSize(1) < tree.header().sectionSize(0) / 3
        assert not tree.persona_shown() and item.text(1) == ""
        assert not item.icon(1).isNull(), "the persona's colour stays"
        assert "Laura Méndez" in item.toolTip(1) and "Weekend at a city hotel" in item.toolTip(0)
        dock.resize(600, 500)  # a wide dock: room for both
        qtbot.waitUntil(tree.persona_shown)
        assert item.text(1) == "Laura Méndez"
        assert tree.header().sectionSize(1) >= tree.fontMetrics().horizontalAdvance("Laura Méndez")
    finally:
        i18n.set_language("en")


def _journey_as_made(project, journey_id):  # type: ignore[no-untyped-def]
    """A journey's content without its new ids: what a copy made anywhere must hold the same."""
    j = project.get("journey", journey_id)
    stages = {s.id: i for i, s in enumerate(project.stages(journey_id))}
    lanes = {ln.id: i for i, ln in enumerate(project.lanes(journey_id))}
    cards = [
        (tp.title, stages[tp.stage_id], lanes[tp.lane_id], tp.position, tp.origin, tp.emotion)
        for tp in project.touchpoints(journey_id)
    ]
    return (j.name, j.future_of, j.persona_id, j.position, sorted(cards))


def test_a_big_journeys_future_state_is_copied_on_a_worker_as_the_ui_thread_copied_it(qtbot, env, dock, monkeypatch):
    # Create Future State copied a 5,000-card journey on the UI thread: about a second, with no progress.
    import threading

    from cxdesigner.dialogs.background import build_in_worker
    from cxdesigner.document import states
    from cxdesigner.panels import future_menu, project_dock

    env.doc.add_touchpoint(env.journey.id, env.doc.project.stages(env.journey.id)[1].id,
                           env.doc.project.lanes(env.journey.id)[0].id, "Second card")  # fmt: skip
    dock.build_in_worker = build_in_worker
    threads: list[threading.Thread] = []
    real = states.copy_journey_entities

    def copy(*a, **k):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real(*a, **k)

    monkeypatch.setattr(states, "copy_journey_entities", copy)
    before, steps = env.project.snapshot(), env.stack.count()
    made_here = future_menu.create_future_state(dock, env.journey.id)  # small: on this thread, as before
    assert made_here is not None and threads == [threading.main_thread()]
    expected = _journey_as_made(env.project, made_here)
    env.stack.undo()
    assert env.project.snapshot() == before
    monkeypatch.setattr(project_dock, "DUPLICATE_IN_WORKER", 1)
    made = future_menu.create_future_state(dock, env.journey.id)
    assert made is not None and threads[1] is not threading.main_thread()
    assert _journey_as_made(env.project, made) == expected and env.sel.journey_id == made
    assert env.stack.count() == steps + 1
    env.stack.undo()
    assert env.project.snapshot() == before
    env.stack.redo()
    assert _journey_as_made(env.project, made) == expected
