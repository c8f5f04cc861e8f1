"""The inspector shows its state at a glance: the chosen score stands out, an unset weight says so."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette

import cxdesigner
from cxdesigner.document import Selection
from cxdesigner.panels.inspector import InspectorWidget
from cxdesigner.qtcommands import UndoStack


@pytest.fixture
def env(qtbot):
    doc = cxdesigner.new_project(None)
    project = doc.project
    journey = project.journeys()[0]
    stages, lanes = project.stages(journey.id), project.lanes(journey.id)
    a = doc.add_touchpoint(journey.id, stages[0].id, lanes[1].id, "a", importance=4, satisfaction=2)
    b = doc.add_touchpoint(journey.id, stages[1].id, lanes[1].id, "b", emotional_weight=30)
    doc.stack.clear()
    stack = UndoStack(doc)
    selection = Selection()
    selection.set_journey(journey.id)
    inspector = InspectorWidget(doc, stack, selection)
    qtbot.addWidget(inspector)
    inspector.resize(400, 1100)
    with qtbot.waitExposed(inspector):
        inspector.show()
    yield SimpleNamespace(doc=doc, a=a, b=b, stack=stack, sel=selection, w=inspector)
    doc.close()


def fill_of(button) -> QColor:
    """The colour of a button's face, beside its text."""
    image = button.grab().toImage()
    return image.pixelColor(QPoint(4, image.height() // 2))


def close(a: QColor, b: QColor) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) <= 12


def test_the_chosen_importance_and_satisfaction_are_filled_with_the_selection_colour(env):
    env.sel.select([env.a])
    highlight = env.w.palette().color(QPalette.ColorRole.Highlight)
    importance, satisfaction = env.w.fields["importance"], env.w.fields["satisfaction"]
    assert importance.buttons[4].isChecked() and satisfaction.buttons[2].isChecked()
    assert close(fill_of(importance.buttons[4]), highlight)
    assert close(fill_of(satisfaction.buttons[2]), highlight)
    assert not close(fill_of(importance.buttons[3]), highlight)
    assert not close(fill_of(satisfaction.buttons[None]), highlight)
    # "Not set" chosen is outlined, not filled: the eye goes to real scores.
    effort = env.w.fields["effort"]
    assert effort.buttons[None].isChecked() and not close(fill_of(effort.buttons[None]), highlight)


def test_an_unset_weight_says_not_set_and_a_click_sets_it_where_it_lands(qtbot, env):
    env.sel.select([env.a])
    slider = env.w.fields["emotional_weight_slider"]
    assert not slider.is_set() and slider.accessibleDescription() == "not set"
    assert env.w.fields["emotional_weight"].text() == "not set"
    # The unset slider draws no handle: the middle of it is the page behind the words, not a knob.
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(slider.width() * 9 // 10, slider.height() // 2))
    weight = env.doc.project.get("touchpoint", env.a).emotional_weight
    assert weight is not None and 80 <= weight <= 100
    assert slider.is_set() and slider.accessibleDescription() == ""
    env.stack.undo()
    assert not slider.is_set()
    # A click right in the middle is a choice too, even though the hidden value already was 50.
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=slider.rect().center())
    assert env.doc.project.get("touchpoint", env.a).emotional_weight in range(45, 56)


def test_weight_of_cards_that_disagree_says_so(env):
    env.sel.select([env.a, env.b])
    slider = env.w.fields["emotional_weight_slider"]
    assert not slider.is_set() and slider.accessibleDescription() == "(several values)"
    env.sel.select([env.b])
    assert slider.is_set() and slider.value() == 30
