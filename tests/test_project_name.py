"""The project's name: set in the Project dock (one undo step), shown in the title bar, info and the map; Save As
suggests a file named after it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cxdesigner import api, settings
from cxdesigner.cli.project_cmds import project_info
from cxdesigner.dialogs.common import safe_file_name
from cxdesigner.mainwindow import MainWindow
from cxdesigner.panels.project_dock import ProjectDock
from cxdesigner.window.naming import shown_name, suggested_save_path, window_title

# -- a file name from a name -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Clinic workshop", "Clinic workshop"),
        ("a/b\\c", "a b c"),
        ("../../etc/passwd", "etc passwd"),
        ("..", "fallback"),
        (".", "fallback"),
        ("", "fallback"),
        ("   ", "fallback"),
        ("...hidden", "hidden"),
        ("ends with dots...", "ends with dots"),
        ('what? "quoted" <x> | y * z: w', "what quoted x y z w"),
        ("CON", "_CON"),
        ("con", "_con"),
        ("nul.backup", "_nul.backup"),
        ("COM1", "_COM1"),
        ("lpt9 ", "_lpt9"),
        ("Console", "Console"),
        ("COM10", "COM10"),
        ("line\nbreak\ttab", "line break tab"),
        ("evil\u202egnp.cxd", "evilgnp.cxd"),  # a right-to-left override would disguise the suffix
        ("zero\u200bwidth", "zerowidth"),
        ("bell\x07", "bell"),
        ("Café Überraschung", "Café Überraschung"),
        ("Cafe\u0301", "Café"),  # composed, as macOS and Windows compare names
    ],
)
def test_safe_file_name(name, expected):
    assert safe_file_name(name, "fallback") == expected


def test_safe_file_name_keeps_long_names_within_limits():
    assert len(safe_file_name("x" * 300)) == 80
    emoji = safe_file_name("😀" * 300)
    assert len(emoji.encode("utf-8")) <= 150 and emoji == "😀" * len(emoji)
    cut = safe_file_name("a" * 79 + " .b")
    assert not cut.endswith((" ", "."))


def test_a_long_name_is_shortened_to_a_file_name_between_words():
    """An 83-character journey name became the proposed "… y acaba llama - informe.pdf"."""
    name = "Viaje del cliente que cambia una reserva desde la aplicación móvil y acaba llamando"
    assert safe_file_name(name) == "Viaje del cliente que cambia una reserva desde la aplicación móvil y acaba"
    assert safe_file_name("word " * 40) == " ".join(["word"] * 16)  # 80 characters end on a space
    assert safe_file_name("Short name and " + "x" * 200) == "Short name and " + "x" * 65  # no word to end on


def test_safe_file_names_are_files_here(tmp_path):
    for name in ("a/b", "..", "CON", "x" * 300, "😀" * 300, "evil\u202egnp", "\x00nul"):
        path = tmp_path / (safe_file_name(name, "project") + ".cxd")
        assert path.parent == tmp_path
        path.write_text("x")
        assert path.read_text() == "x"


# -- the title bar -----------------------------------------------------------------------------------


@pytest.fixture
def hotel(qapp):
    d = api.new_project(template="hotel")
    yield d
    d.close()


@pytest.fixture
def blank(qapp):
    d = api.new_project()
    yield d
    d.close()


def test_templates_bring_their_name_and_blank_projects_have_none(hotel, blank):
    assert hotel.project.info.name == "Hotel stay"
    assert blank.project.info.name == ""  # "Untitled" is shown, never stored
    spanish = api.new_project(template="hotel", lang="es")
    assert spanish.project.info.name == "Estancia en un hotel"
    spanish.close()


def test_window_title(hotel, blank, tmp_path):
    assert window_title(None) == "CX Designer"
    assert window_title(blank) == "Untitled[*] — CX Designer"
    assert window_title(hotel) == "Hotel stay[*] — CX Designer"
    saved = api.new_project(tmp_path / "stay.cxd", template="hotel")
    try:
        assert window_title(saved) == "Hotel stay — stay.cxd[*] — CX Designer"
    finally:
        saved.close()
    unnamed = api.new_project(tmp_path / "plain.cxd")
    try:
        assert window_title(unnamed) == "plain.cxd[*] — CX Designer"
    finally:
        unnamed.close()


def test_long_or_multiline_names_take_one_short_line():
    assert shown_name("two\nlines") == "two lines"
    long = shown_name("word " * 100)
    # Cut between words, as every name in a sentence is (i18n.name_in_text).
    assert 70 < len(long) <= 80 and long.endswith(" word…")


# -- setting it ---------------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    yield w
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    w.close()


def _dock(w: MainWindow) -> ProjectDock:
    dock = w.dock_project.widget()
    assert isinstance(dock, ProjectDock)
    return dock


def test_rename_in_the_dock_is_one_undo_step_and_the_title_follows(window, qtbot):
    assert window.new_project(template="hotel")
    dock = _dock(window)
    assert dock.name_edit.text() == "Hotel stay"
    assert window.windowTitle() == "Hotel stay[*] — CX Designer"
    steps = window.undo_stack.count()
    dock.name_edit.selectAll()
    qtbot.keyClicks(dock.name_edit, "Clinic   workshop ")
    dock.name_edit.editingFinished.emit()
    assert window.doc.project.info.name == "Clinic workshop"
    assert window.windowTitle() == "Clinic workshop[*] — CX Designer"
    assert window.undo_stack.count() == steps + 1
    assert window.undo_stack.undo_text() == "Rename project “Hotel stay” to “Clinic workshop”"
    window.undo_stack.undo()
    assert window.doc.project.info.name == "Hotel stay"
    assert dock.name_edit.text() == "Hotel stay"
    assert window.windowTitle() == "Hotel stay[*] — CX Designer"
    window.undo_stack.redo()
    assert dock.name_edit.text() == "Clinic workshop"
    assert window.windowTitle() == "Clinic workshop[*] — CX Designer"
    # The same name again is no step; an empty one makes the project untitled.
    dock.name_edit.editingFinished.emit()
    assert window.undo_stack.count() == steps + 1
    assert dock.rename_project("  ")
    assert window.doc.project.info.name == ""
    assert window.windowTitle() == "Untitled[*] — CX Designer"
    assert dock.name_edit.placeholderText() == "Untitled"


def test_the_name_reaches_the_map_header_and_info(window, tmp_path):
    assert window.new_project(template="hotel")
    assert _dock(window).rename_project("Dental clinic")
    scene = window.editor.scene
    blocks = scene.title_item.blocks(scene, 1200)
    assert blocks[0][3] == ["Dental clinic"]
    path = tmp_path / "clinic.cxd"
    assert window.safety.save_as(window.doc, path)
    window._update_title()
    assert window.windowTitle() == "Dental clinic — clinic.cxd[*] — CX Designer"
    assert project_info(path)["name"] == "Dental clinic"


def test_save_as_suggests_a_file_named_after_the_project(window, tmp_path, monkeypatch):
    folder = tmp_path / "work"
    folder.mkdir()
    settings.set_value("files/last_folder", str(folder))
    assert window.new_project(template="hotel")
    assert _dock(window).rename_project("Clinic: before/after?")
    asked = []

    def fake_dialog(parent, caption, start, filters):
        asked.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    assert not window.save_as_dialog()
    assert asked == [str(folder / "Clinic before after.cxd")]


def test_suggestion_for_a_saved_or_untitled_project(blank, tmp_path):
    settings.set_value("files/last_folder", str(tmp_path))
    assert suggested_save_path(blank) == tmp_path / "Untitled.cxd"
    assert suggested_save_path(blank, tmp_path / "given.cxd") == tmp_path / "given.cxd"
    settings.set_value("files/last_folder", str(tmp_path / "gone"))
    assert suggested_save_path(blank) == Path.home() / "Untitled.cxd"
    saved = api.new_project(tmp_path / "kept.cxd", template="hotel")
    try:
        assert suggested_save_path(saved) == tmp_path / "kept.cxd"
    finally:
        saved.close()


def test_a_name_with_nothing_usable_falls_back_to_the_interface_languages_word(qtbot, tmp_path):
    """The map export dialog proposes "viaje.png" in a Spanish interface, not the English "journey.png"."""
    from cxdesigner import i18n
    from cxdesigner.dialogs.export_map import ExportMapDialog

    doc = api.new_project(None)
    jid = doc.journeys()[0].id
    doc.update("journey", jid, name="???")
    assert safe_file_name("???") == "journey"
    i18n.set_language("es")
    try:
        assert safe_file_name("???") == "viaje"
        dialog = ExportMapDialog(doc, jid)
        qtbot.addWidget(dialog)
        assert dialog.suggested_path().stem == "viaje"
    finally:
        i18n.set_language("en")
        doc.close()
