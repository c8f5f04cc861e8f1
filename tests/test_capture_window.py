"""Capture in the whole window, as a facilitator types while the room calls out words."""

from __future__ import annotations

from contextlib import closing

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

import cxdesigner
from cxdesigner.mainwindow import MainWindow


@pytest.fixture
def window(qtbot, tmp_path):
    path = tmp_path / "blank.cxd"
    cxdesigner.new_project(path).close()
    w = MainWindow()
    qtbot.addWidget(w)
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    assert w.open_path(path)
    w.resize(1600, 1000)
    with qtbot.waitExposed(w):
        w.show()
    with qtbot.waitActive(w):
        w.activateWindow()
    w.editor.view.setFocus()
    yield w
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    assert w.analysis.shutdown()
    w.close()


def post_typing(window, keys: list[str | Qt.Key]) -> None:
    """Queue every key at once, as the system does when the user types faster than the app draws.

    The events go to the window, which hands each to whatever has the focus when its turn comes.
    """
    none, shift = Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier
    events: list[tuple[Qt.Key, Qt.KeyboardModifier, str]] = []
    for key in keys:
        if isinstance(key, Qt.Key):
            text = {Qt.Key.Key_Return: "\r", Qt.Key.Key_Tab: "\t"}.get(key, "")
            events.append((key, shift if key == Qt.Key.Key_Backtab else none, text))
        else:
            code = Qt.Key(ord(key.upper())) if key.isalnum() else Qt.Key.Key_Space
            events.append((code, shift if key.isupper() else none, key))
    target = window.windowHandle()
    for code, mods, text in events:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.postEvent(target, QKeyEvent(kind, code, mods, text))


def test_typing_ahead_of_the_screen_loses_no_character(window):
    editor = window.editor
    doc = editor.doc
    jid = editor.journey_id
    stages, lanes = doc.project.stages(jid), doc.project.lanes(jid)
    editor.scene.set_current_cell((stages[0].id, lanes[0].id))
    words = [["Sees an ad", "Asks a friend"], ["Compares prices"], ["Reserva en línea", "Paga con tarjeta"]]
    keys: list[str | Qt.Key] = []
    for i, cell_words in enumerate(words):
        for word in cell_words:
            keys += [*word, Qt.Key.Key_Return]
        if i < len(words) - 1:
            keys.append(Qt.Key.Key_Tab)
    keys += [*"Deja una reseña", Qt.Key.Key_Backtab, *"Forgot nothing", Qt.Key.Key_Return]
    post_typing(window, keys)
    QApplication.processEvents()
    cells = [[tp.title for tp in doc.project.cell(s.id, lanes[0].id)] for s in stages[:3]]
    assert cells == [words[0], ["Compares prices", "Forgot nothing"], [*words[2], "Deja una reseña"]]


def test_ctrl_l_on_connected_cards_says_so_in_the_status_bar(window):
    editor = window.editor
    jid = editor.journey_id
    stages, lanes = editor.doc.project.stages(jid), editor.doc.project.lanes(jid)
    a = editor.add_card((stages[0].id, lanes[0].id), "a")
    b = editor.add_card((stages[1].id, lanes[0].id), "b")
    editor.select_cards([a, b])
    QTest.keyClick(editor.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert len(editor.doc.project.connections(jid)) == 1
    QTest.keyClick(editor.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == "These cards are already connected"
    assert len(editor.doc.project.connections(jid)) == 1


def test_typing_with_a_card_selected_or_no_cell_chosen_still_makes_cards(window):
    editor = window.editor
    doc = editor.doc
    jid = editor.journey_id
    stages, lanes = doc.project.stages(jid), doc.project.lanes(jid)
    assert editor.scene.current_cell is None
    QTest.keyClicks(editor.view, "First")
    QTest.keyClick(editor.view, Qt.Key.Key_Return)
    assert [tp.title for tp in doc.project.touchpoints(jid)] == ["First"]
    QTest.keyClick(editor.view, Qt.Key.Key_Escape)
    a = editor.add_card((stages[2].id, lanes[1].id), "a")
    editor.add_card((stages[2].id, lanes[1].id), "c")
    editor.select_cards([a])
    QTest.keyClicks(editor.view, "b")
    QTest.keyClick(editor.view, Qt.Key.Key_Return)
    assert [tp.title for tp in doc.project.cell(stages[2].id, lanes[1].id)] == ["a", "b", "c"]


def test_saving_or_closing_with_a_card_half_typed_keeps_it(window, qtbot):
    editor = window.editor
    path = window.doc.path
    jid = editor.journey_id
    QTest.keyClicks(editor.view, "Typed before saving")
    QTest.keyClick(editor.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()
    with closing(cxdesigner.open_project(path)) as saved:
        assert [tp.title for tp in saved.project.touchpoints(jid)] == ["Typed before saving"]
    QTest.keyClicks(editor.view, "Typed before closing")
    asked = []
    window.ask_unsaved = lambda name: asked.append(name) or QMessageBox.StandardButton.Save
    assert window.close_project()
    assert asked == [path.name]
    with closing(cxdesigner.open_project(path)) as saved:
        assert [tp.title for tp in saved.project.touchpoints(jid)] == ["Typed before saving", "Typed before closing"]
    # A title being renamed is kept the same way; closing the window with Discard ends quietly.
    assert window.open_path(path)
    editor = window.editor
    first = window.doc.project.touchpoints(jid)[0].id
    editor.select_cards([first])
    QTest.keyClick(editor.view, Qt.Key.Key_F2)
    QTest.keyClicks(editor.view, "Renamed")
    window.save()
    with closing(cxdesigner.open_project(path)) as saved:
        assert saved.project.get("touchpoint", first).title == "Renamed"
    QTest.keyClicks(editor.view, "Thrown away")
    window.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    assert window.close()


def test_undo_and_redo_keys_reach_the_map_while_the_capture_is_open(window):
    editor = window.editor
    doc = editor.doc
    jid = editor.journey_id
    stages, lanes = doc.project.stages(jid), doc.project.lanes(jid)
    editor.scene.set_current_cell((stages[0].id, lanes[0].id))
    QTest.keyClicks(editor.view, "Oops")
    QTest.keyClick(editor.view, Qt.Key.Key_Return)
    assert editor.scene.handler is not None  # still capturing, the field empty
    QTest.keyClick(editor.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.project.touchpoints(jid) == []
    QTest.keyClick(editor.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert [tp.title for tp in doc.project.touchpoints(jid)] == ["Oops"]
    QTest.keyClick(editor.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(editor.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [tp.title for tp in doc.project.touchpoints(jid)] == ["Oops"]
    # With text in the field, Ctrl+Z first takes back the typing, as in any text field.
    QTest.keyClicks(editor.view, "Half")
    QTest.keyClick(editor.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.scene.handler.editor.toPlainText() == ""
    assert [tp.title for tp in doc.project.touchpoints(jid)] == ["Oops"]


def test_a_first_character_typed_with_altgr_starts_the_card(window):
    editor = window.editor
    jid = editor.journey_id
    view = editor.view
    ctrl_alt = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier  # AltGr on Windows
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(view, QKeyEvent(kind, Qt.Key.Key_At, ctrl_alt, "@"))
    QTest.keyClicks(view, "reception")
    QTest.keyClick(view, Qt.Key.Key_Return)
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(view, QKeyEvent(kind, Qt.Key.Key_E, Qt.KeyboardModifier.GroupSwitchModifier, "€"))
    QTest.keyClicks(view, "20 deposit")
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert [tp.title for tp in editor.doc.project.touchpoints(jid)] == ["@reception", "€20 deposit"]


def test_a_presenters_clicker_letter_starts_no_card_on_the_projected_map(qtbot):
    from workshop_helpers import close_window, open_window

    w = open_window(qtbot, cards=0, template="hotel")
    try:
        w.workshop.act_present.trigger()
        win = w.workshop.presentation
        view, scene = win.editor.view, win.editor.scene
        assert scene.current_cell is None  # the whole journey on show, no stage stepped into
        count = w.undo_stack.count()
        QTest.keyClick(view, Qt.Key.Key_B)  # "blank the screen" on many clickers
        QTest.keyClick(view, Qt.Key.Key_Period)
        assert scene.handler is None and w.undo_stack.count() == count
        # In the editing window the same key starts a card.
        w.editor.view.setFocus()
        QTest.keyClick(w.editor.view, Qt.Key.Key_B)
        assert w.editor.scene.handler is not None
        QTest.keyClick(w.editor.view, Qt.Key.Key_Escape)
    finally:
        close_window(w)
