"""Every control a keyboard or screen-reader user reaches has a name: the whole window and its dialogs."""

from __future__ import annotations

import pytest
from dialogkit import project_dialogs
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QToolButton,
    QWidget,
)

import cxdesigner
from cxdesigner import settings
from cxdesigner.mainwindow import MainWindow

# What a user operates: buttons of every kind (check boxes, radio and tool buttons too), text
# fields, combos, spin boxes and sliders.
CONTROLS = (QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QAbstractSlider)


def unnamed(top: QWidget) -> list[str]:
    """Controls shown in ``top`` that a screen reader would announce with no name.

    A name is the control's own accessibleName, a button's text, or the text of a label whose
    buddy it is (screen readers follow that link). A combo's current item or a field's
    placeholder is not a name: it says what is chosen or typed, not what the control is for.
    """
    buddies = {id(label.buddy()): label.text() for label in top.findChildren(QLabel) if label.buddy() is not None}
    out = []
    for w in top.findChildren(QWidget):
        if not isinstance(w, CONTROLS) or not w.isVisibleTo(top):
            continue
        parent = w.parentWidget()
        if isinstance(parent, (QAbstractSpinBox, QComboBox)):  # the line edit inside: its owner is named
            continue
        if w.objectName().startswith("qt_") or (isinstance(parent, QLineEdit) and isinstance(w, QToolButton)):
            continue  # Qt's own parts (a table's corner, a field's clear button), named by Qt or not reachable
        if w.focusPolicy() == Qt.FocusPolicy.NoFocus and not isinstance(w, QAbstractButton):
            continue  # a scroll bar, not reached by Tab: the area it scrolls is what gets named
        name = w.accessibleName() or buddies.get(id(w), "")
        if not name and isinstance(w, QAbstractButton):
            name = w.text()
        if not name.replace("&", "").strip():
            where = [top.objectName() or type(top).__name__]
            p = w.parentWidget()
            chain = []
            while p is not None and p is not top:
                chain.append(p.objectName() or type(p).__name__)
                p = p.parentWidget()
            where += reversed(chain)
            out.append(f"{type(w).__name__} {w.objectName()!r} in {'/'.join(where)}")
    return out


@pytest.fixture
def window(qtbot, tmp_path):
    path = tmp_path / "hotel.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    w = MainWindow()
    qtbot.addWidget(w)
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    assert w.open_path(path)
    w.resize(1600, 1000)
    with qtbot.waitExposed(w):
        w.show()
    yield w
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    assert w.analysis.shutdown()
    w.close()


def test_every_control_of_the_window_has_a_name(window, qtbot):
    editor = window.editor
    cards = [tp.id for tp in window.doc.project.touchpoints(editor.journey_id)]
    editor.select_cards(cards[:1])  # the inspector shows its fields
    editor.open_find()
    missing = unnamed(window)
    for dock in window.findChildren(QDockWidget):
        dock.show()
        dock.raise_()  # a tabbed dock shows its page only when in front
        missing += unnamed(dock)
    editor.select_cards(cards[:2])  # several cards: the inspector's "several values" state
    missing += unnamed(window.dock_inspector)
    assert sorted(set(missing)) == []


def test_every_control_of_the_dialogs_has_a_name(window, qtbot, tmp_path):
    made = project_dialogs(window, tmp_path)
    missing = []
    for dialog in made:
        qtbot.addWidget(dialog)
        dialog.show()  # not exec(): the test goes on while it is open
        missing += [f"{type(dialog).__name__}: {m}" for m in unnamed(dialog)]
        dialog.close()
    assert missing == []


def test_every_control_of_the_start_page_has_a_name(qtbot, tmp_path):
    recent = tmp_path / "recent.cxd"
    cxdesigner.new_project(recent, template="hotel").close()
    settings.add_recent(str(recent))
    settings.add_recent(str(tmp_path / "gone.cxd"))
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    with qtbot.waitExposed(w):
        w.show()
    assert w.doc is None
    assert unnamed(w) == []
    w.close()
