"""The inspector shows its state at a glance: the chosen score stands out, an unset weight says so."""

from __future__ import annotations

import test_panels_inspector as inspector_tests
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette

from cxdesigner.qtcommands import push

# The inspector's own tests' project: a (importance 4), b and c, none with a weight.
env = inspector_tests.env


def fill_of(button) -> QColor:
    """The colour of a button's face, beside its text."""
    image = button.grab().toImage()
    return image.pixelColor(QPoint(4, image.height() // 2))


def close(a: QColor, b: QColor) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) <= 12


def test_the_chosen_importance_and_satisfaction_are_filled_with_the_selection_colour(env):
    push(env.stack, env.doc, inspector_tests.update(env.a, satisfaction=2))
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
    push(env.stack, env.doc, inspector_tests.update(env.b, emotional_weight=30))
    env.sel.select([env.a, env.b])
    slider = env.w.fields["emotional_weight_slider"]
    assert not slider.is_set() and slider.accessibleDescription() == "(several values)"
    env.sel.select([env.b])
    assert slider.is_set() and slider.value() == 30
