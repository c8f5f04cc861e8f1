"""A project opened read-only: one banner says why, and what would change it is greyed, not refused after."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QMessageBox

import cxdesigner
from cxdesigner import filelock
from cxdesigner.canvas.interactions import LookInteraction, SelectInteraction
from cxdesigner.mainwindow import MainWindow
from cxdesigner.safety_ui import READ_ONLY


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show_error = lambda title, message: None
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    w.safety.prompts.ask_lock_conflict = lambda parent, path, holder: READ_ONLY
    w.show()
    yield w
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    w.close()


@pytest.fixture
def in_use(tmp_path):
    """A project another CX Designer has open (its lock is held)."""
    path = tmp_path / "hotel.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    # A lock as QLockFile writes it, from a laptop in another room.
    filelock.lock_path(path).write_text("4242\npython3\nlaptop-in-room-7\n0123456789abcdef\n0\n")
    return path


def _select_first_card(window: MainWindow) -> str:
    card = window.doc.project.touchpoints(window.selection.journey_id)[0].id
    window.editor.select_cards([card])
    return card


def test_a_project_in_use_opens_with_a_banner_and_its_editing_controls_greyed(window, in_use, tmp_path, qtbot):
    assert window.open_path(in_use)
    doc = window.doc
    assert doc.read_only
    bar = window.read_only_bar
    assert bar.isVisible()
    # A line of its own under the toolbars, not squeezed beside them.
    assert bar.geometry().top() >= window.toolbar.geometry().bottom()
    assert "open in another CX Designer" in bar.label.text()
    assert bar.button.defaultAction() is window.act_save_as and window.act_save_as.isEnabled()

    editor = window.editor
    for name in ("new_card", "paste", "add_stage", "add_lane", "auto_arrange"):
        assert not editor.action(name).isEnabled(), name
    _select_first_card(window)
    assert editor.action("copy").isEnabled()  # copying out of it is fine
    for name in ("cut", "duplicate", "delete"):
        assert not editor.action(name).isEnabled(), name
    assert isinstance(editor.scene.default_handler, LookInteraction)
    assert not window.import_menu.isEnabled() and not window.act_revert.isEnabled()
    assert not window.workshop.act_capture.isEnabled()

    # Typing on the map starts no card.
    before = len(doc.project.touchpoints(window.selection.journey_id))
    key = QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    editor.scene.default_handler.key_press(key)
    assert editor.scene.handler is None
    assert len(doc.project.touchpoints(window.selection.journey_id)) == before

    # The map's context menu: what would edit is greyed.
    layout = editor.scene.layout
    stage, lane = layout.stage_ids[0], layout.lane_ids[0]
    r = layout.cell_rect(stage, lane)
    menu = editor.context_menu_for(QPointF(r.x + r.w - 3, r.y + r.h - 3))
    texts = {a.text(): a.isEnabled() for a in menu.actions() if not a.isSeparator()}
    assert not any(on for text, on in texts.items() if text != editor.action("fit").text()), texts
    menu.deleteLater()

    # The panels: text read-only, buttons greyed, the table's cells not editable; made later too.
    inspector = window.dock_inspector.widget()
    title = inspector.fields["title"]  # the form is made on the first selection
    qtbot.waitUntil(lambda: title.isReadOnly())  # a long title still scrolled and copied
    assert inspector.fields["description"].isReadOnly()  # longer text: still scrolled and copied
    assert not inspector.fields["moment_of_truth"].isEnabled()
    project = window.dock_project.widget()
    assert project.name_edit.isReadOnly() and not project.add_button.isEnabled()
    table = window.dock_table.widget()
    assert table.view.editTriggers() == table.view.EditTrigger.NoEditTriggers
    assert table.filter_edit.isEnabled()  # a filter only changes what is shown

    # Save As gives an editable copy: the banner goes, the controls come back.
    assert window.safety.save_as(doc, tmp_path / "copy.cxd")
    window._update_title()
    assert not doc.read_only
    assert not bar.isVisible()
    assert editor.action("new_card").isEnabled() and editor.action("delete").isEnabled()
    assert isinstance(editor.scene.default_handler, SelectInteraction)
    assert not isinstance(editor.scene.default_handler, LookInteraction)
    assert not title.isReadOnly() and inspector.fields["moment_of_truth"].isEnabled()
    assert not inspector.fields["description"].isReadOnly()
    assert not project.name_edit.isReadOnly() and project.add_button.isEnabled()
    assert table.view.editTriggers() != table.view.EditTrigger.NoEditTriggers
    assert window.import_menu.isEnabled() and window.workshop.act_capture.isEnabled()


def test_an_editable_project_shows_no_banner(window, tmp_path):
    path = tmp_path / "mine.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    assert window.open_path(path)
    assert not window.read_only_bar.isVisible()
    assert window.editor.action("new_card").isEnabled()
    assert window.dock_project.widget().name_edit.isEnabled()
