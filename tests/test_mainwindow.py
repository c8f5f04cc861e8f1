"""The main window's shell: title and modified mark, Save / Discard / Cancel, errors, recent files."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

import cxdesigner
from cxdesigner import app, settings
from cxdesigner.document import commands as c
from cxdesigner.mainwindow import MainWindow
from cxdesigner.qtcommands import push
from cxdesigner.window.startpage import KEY_ROLE, StartPage


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    errors = []
    w.show_error = lambda title, message: errors.append((title, message))
    w.errors = errors
    # qtbot closes its widgets before this fixture's teardown: never leave a question open then.
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    yield w
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    w.close()


@pytest.fixture
def project_file(tmp_path):
    path = tmp_path / "hotel.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    return path


def test_open_edit_undo_tracks_modified(window, project_file):
    assert window.open_path(project_file)
    assert window.windowTitle() == "Hotel stay — hotel.cxd[*] — CX Designer"
    assert not window.isWindowModified()
    j = window.doc.journeys()[0]
    push(window.undo_stack, window.doc, c.AddStageCommand(j.id, "New"))
    assert window.isWindowModified()
    window.undo_stack.undo()
    assert not window.isWindowModified()
    window.undo_stack.redo()
    assert window.save()
    assert not window.isWindowModified()
    assert settings.get("files/recent")[0] == str(project_file)


def test_open_recent_offers_to_remove_a_file_that_is_gone_as_the_start_page_does(window, project_file, tmp_path):
    gone = tmp_path / "gone.cxd"
    settings.set_value("files/recent", [str(gone), str(project_file)])
    asked = []
    answer = {"remove": False}

    def ask(path):
        asked.append(path)
        return answer["remove"]

    window.ask_to_forget = ask
    window._fill_recent_menu()
    first = window.recent_menu.actions()[0]
    first.trigger()
    # Asked, not told "does not exist"; kept when the user says no.
    assert asked == [str(gone)] and window.errors == [] and window.doc is None
    assert settings.get("files/recent") == [str(gone), str(project_file)]
    answer["remove"] = True
    first.trigger()
    assert settings.get("files/recent") == [str(project_file)]
    # The start page, open behind, no longer lists it either.
    page = window.centralWidget()
    assert isinstance(page, StartPage)
    assert [page.recent.items.item(i).data(KEY_ROLE) for i in range(page.recent.items.rowCount())] == [
        str(project_file)
    ]


def test_the_menu_and_the_start_page_say_the_same_of_a_file_that_is_gone():
    from cxdesigner.window import recent

    said = recent.missing_text("gone.cxd", "/x/gone.cxd")
    assert said == "“gone.cxd” is missing: it was moved, renamed or deleted (/x/gone.cxd)."


def test_an_open_file_is_first_among_the_recent_ones_and_its_folder_the_last(window, project_file, tmp_path):
    other = tmp_path / "other.cxd"
    settings.set_value("files/recent", [str(other)])
    assert window.open_path(project_file)
    assert settings.get("files/recent") == [str(project_file), str(other)]
    assert settings.get("files/last_folder") == str(project_file.parent)


def test_refused_command_leaves_no_undo_step(window, project_file):
    window.open_path(project_file)
    tp = window.doc.project.touchpoints(window.doc.journeys()[0].id)[0]
    with pytest.raises(cxdesigner.model.ValidationError):
        push(window.undo_stack, window.doc, c.UpdateTouchpointCommand(tp.id, emotion=7))
    assert window.undo_stack.count() == 0


def test_unsaved_changes_ask_and_cancel_keeps_everything(window, project_file):
    window.open_path(project_file)
    j = window.doc.journeys()[0]
    push(window.undo_stack, window.doc, c.AddStageCommand(j.id, "New"))
    asked = []
    window.ask_unsaved = lambda name: asked.append(name) or QMessageBox.StandardButton.Cancel
    assert not window.close_project()
    assert asked == ["hotel.cxd"] and window.doc is not None
    window.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    assert window.close_project()
    assert window.doc is None
    # Back on the start page, the file just closed first among the recent projects.
    page = window.centralWidget()
    assert isinstance(page, StartPage)
    assert page.recent.items.item(0).data(KEY_ROLE) == str(project_file.absolute())
    assert page.recent_state(str(project_file.absolute())) in ("loading", "ok")
    reopened = cxdesigner.open_project(project_file)
    assert "New" not in [s.name for s in reopened.project.stages(j.id)]
    reopened.close()


def test_save_from_the_question_publishes(window, project_file):
    window.open_path(project_file)
    j = window.doc.journeys()[0]
    push(window.undo_stack, window.doc, c.AddStageCommand(j.id, "Kept"))
    window.ask_unsaved = lambda name: QMessageBox.StandardButton.Save
    assert window.new_project()
    reopened = cxdesigner.open_project(project_file)
    assert "Kept" in [s.name for s in reopened.project.stages(j.id)]
    reopened.close()


def test_bad_file_shows_message_and_keeps_current(window, project_file, tmp_path):
    window.open_path(project_file)
    bad = tmp_path / "bad.cxd"
    bad.write_bytes(b"not a database at all" * 10)
    assert not window.open_path(bad)
    assert window.errors and "not a CX Designer project" in window.errors[0][1]
    assert window.doc is not None and window.doc.path == project_file


def test_new_from_template_in_spanish(window):
    assert window.new_project(template="support-call", lang="es")
    assert window.windowTitle().startswith(window.doc.project.info.name + "[*] — ")  # the template's name
    assert window.doc.project.info.lang == "es"
    assert window.doc.lang == window.ui_lang  # built-in names follow the interface


def test_no_display_says_so(monkeypatch, capsys):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(app.sys, "platform", "linux")
    assert app.main([]) == 2
    assert "no display" in capsys.readouterr().err


def test_unexpected_exception_shows_a_dialog(qapp, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(
        (self.text(), self.informativeText(), self.detailedText(), self.textFormat())) or 0)
    try:
        raise RuntimeError("boom <b>")
    except RuntimeError as exc:
        app._excepthook(type(exc), exc, exc.__traceback__)
    # Python's words stay in the details (English whatever the language); the line says a fault of ours.
    (text, informative, details, fmt), = shown
    assert "RuntimeError" in text and "boom" not in text and "cxdesigner.log" in informative
    assert "boom <b>" in details and fmt == Qt.TextFormat.PlainText


def test_clicking_an_insight_selects_its_card_on_the_canvas(window, project_file, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window.open_path(project_file)
    window.show()
    qtbot.waitExposed(window)
    window.dock_insights.show()
    window.dock_insights.raise_()
    insights = window.insights
    qtbot.waitUntil(lambda: insights.list.count() > 0, timeout=5000)
    row = next(i for i, f in enumerate(insights.findings()) if f["card_ids"] and not f.get("path"))
    wanted = set(insights.findings()[row]["card_ids"])
    item = insights.list.item(row)
    insights.list.scrollToItem(item)
    rect = insights.list.visualItemRect(item)
    QTest.mouseClick(insights.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert set(window.selection.touchpoint_ids) == wanted
    assert set(window.editor.selected_card_ids()) == wanted


def test_switching_journey_follows_everywhere(window, project_file, tmp_path):
    path = tmp_path / "two.cxd"
    doc = cxdesigner.new_project(None, template="hotel")
    doc.duplicate_journey(doc.journeys()[0].id, "To-be")
    doc.save_as(path)
    doc.close()
    window.open_path(path)
    second = window.doc.journeys()[1]
    window.selection.set_journey(second.id)
    assert window.editor.journey_id == second.id


def test_save_journey_as_user_template_and_start_from_it(window, project_file, data_dir):
    window.open_path(project_file)
    window.ask_text = lambda title, label, text="": "Our hotel <b>"
    path = window.save_journey_as_template()
    assert path is not None and path.parent == data_dir / "templates"
    window.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    assert window.new_project(template=str(path))
    titles = {t.title for t in window.doc.project.tables["touchpoint"].values()}
    assert len(titles) == 24
    window._fill_template_menu()
    assert any(a.text() == path.stem for a in window.template_menu.actions())


def test_import_and_export_menus_call_their_dialogs(window, project_file, monkeypatch):
    from cxdesigner import dialogs

    assert not window.import_menu.isEnabled() and not window.export_menu.isEnabled()
    window.open_path(project_file)
    assert window.import_menu.isEnabled() and window.export_menu.isEnabled()
    calls = []
    monkeypatch.setattr(dialogs, "export_map", lambda *a: calls.append(("map", a[2], tuple(a[3]))))
    monkeypatch.setattr(dialogs, "export_text", lambda *a: calls.append(("text", a[3])))

    class Outcome:
        journey_id = window.doc.journeys()[0].id

        def summary(self):
            return "Imported 3 touchpoints"

    monkeypatch.setattr(dialogs, "import_touchpoints", lambda *a: calls.append(("import", a[3])) or Outcome())
    card = window.doc.project.touchpoints(window.selection.journey_id)[0].id
    window.selection.select([card])
    actions = {a.text().replace("&", ""): a for a in window.export_menu.actions() + window.import_menu.actions()}
    actions["Map (PNG, SVG, PDF)…"].trigger()
    actions["GraphML…"].trigger()
    actions["Touchpoints from CSV or Excel…"].trigger()
    journey = window.selection.journey_id
    assert calls == [("map", journey, (card,)), ("text", "graphml"), ("import", journey)]
    assert window.statusBar().currentMessage() == "Imported 3 touchpoints"


def test_an_export_says_what_it_wrote_and_where(window, project_file, tmp_path, monkeypatch):
    from cxdesigner.dialogs.common import WidgetIO
    from cxdesigner.dialogs.export_map import ExportMapDialog

    window.open_path(project_file)
    out = tmp_path / "out"
    out.mkdir()

    def export_at_once(dialog):  # type: ignore[no-untyped-def]
        dialog.set_output_path(out / "map.png")
        return dialog.export()

    # The dialog closed in silence: nothing said the picture had been written, nor where.
    monkeypatch.setattr(ExportMapDialog, "exec", export_at_once)
    actions = {a.text().replace("&", ""): a for a in window.export_menu.actions()}
    actions["Map (PNG, SVG, PDF)…"].trigger()
    assert (out / "map.png").stat().st_size > 0
    assert window.statusBar().currentMessage() == f"Exported “map.png” to {out}"
    monkeypatch.setattr(WidgetIO, "ask_save_path", lambda self, *a: (out / "journey.graphml", 0))
    actions["GraphML…"].trigger()
    assert window.statusBar().currentMessage() == f"Exported “journey.graphml” to {out}"
    window.statusBar().clearMessage()
    monkeypatch.setattr(WidgetIO, "ask_save_path", lambda self, *a: None)
    actions["JSON…"].trigger()
    assert window.statusBar().currentMessage() == ""


def test_menus_and_toolbar_survive_switching_projects(window):
    for template in ("hotel", "support-call", None):
        window.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
        assert window.new_project(template=template)
    edit = [a.text() for a in window.edit_menu.actions()]
    assert edit.count("&Undo") == 1 and edit.count("&Paste") == 1
    view = [a.text() for a in window.view_menu.actions()]
    assert view.count("&Fit journey") == 1
    tools = [a.text() for a in window.toolbar.actions() if not a.isSeparator()]
    assert tools.count("&Undo") == 1 and "Ne&w touchpoint" in tools
    window.close_project()
    assert [a for a in window.toolbar.actions() if not a.isSeparator()] == []
    assert "&Undo" in [a.text() for a in window.edit_menu.actions()]


def test_storage_failure_rolls_back_and_turns_read_only(window, project_file, monkeypatch):
    from cxdesigner.storage import DiskFullError

    window.open_path(project_file)
    doc = window.doc
    before = doc.project.snapshot()

    real_write = doc.working_copy.write
    disk = {"full": True}

    def write(changes):
        if disk["full"]:
            raise DiskFullError("the disk is full; free some space and try again")
        real_write(changes)

    monkeypatch.setattr(doc.working_copy, "write", write)
    j = doc.journeys()[0]
    with pytest.raises(DiskFullError):
        push(window.undo_stack, doc, c.AddStageCommand(j.id, "Lost"))
    assert doc.project.snapshot() == before
    assert doc.read_only
    assert "(read-only)" in window.windowTitle()
    assert any("could not be recorded" in t for t, _m in window.errors)
    # Space is back: the window notices and the project is editable again.
    disk["full"] = False
    window.retry_writing()
    assert not doc.read_only and "(read-only)" not in window.windowTitle()
    push(window.undo_stack, doc, c.AddStageCommand(j.id, "Kept"))
    assert "Kept" in [s.name for s in doc.project.stages(j.id)]


def test_recovery_at_start_restores_unsaved_work(qtbot, project_file, data_dir, monkeypatch):
    import os
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(f"""
        import os, signal, cxdesigner
        doc = cxdesigner.open_project({str(project_file)!r})
        j = doc.journeys()[0]
        doc.add_stage(j.id, "Unsaved stage")
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    subprocess.run([sys.executable, "-c", code], env={**os.environ, "CXDESIGNER_DATA_DIR": str(data_dir)}, timeout=60)
    w = MainWindow()
    qtbot.addWidget(w)
    w.safety.prompts.ask_recovery = lambda parent, orphan: "restore"
    docs = w.safety.recover_at_start()
    assert len(docs) == 1
    w.set_document(docs[0])
    assert "Unsaved stage" in [s.name for s in w.doc.project.stages(w.doc.journeys()[0].id)]
    assert w.isWindowModified()
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    w.close()


def test_new_window_has_its_own_project(window):
    other = window.new_window()
    assert other is not window and other.doc is None
    assert other.new_project(template="hotel")
    assert window.doc is None
    other.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    other.close()


def test_inspector_edit_updates_card_and_table_and_undoes_in_one_step(window, project_file, qtbot):
    from PySide6.QtTest import QTest

    window.open_path(project_file)
    window.show()
    journey = window.selection.journey_id
    card = window.doc.project.touchpoints(journey)[0]
    window.selection.select([card.id])
    inspector = window.dock_inspector.widget()
    title = inspector.fields["title"]
    title.selectAll()
    QTest.keyClicks(title, "Night <b>check</b>")
    assert window.doc.project.get("touchpoint", card.id).title == "Night <b>check</b>"
    item = window.editor.scene.card_item(card.id)
    assert " ".join(item.title_lines()).replace("  ", " ").startswith("Night <b>check</b>")
    window.dock_table.show()  # closed by default: its rows are made when it shows
    table = window.dock_table.widget()
    titles = [table.model.data(table.model.index(r, 2)) for r in range(table.model.rowCount())]
    assert "Night <b>check</b>" in titles
    assert window.undo_stack.count() == 1  # the typing merged into one step
    window.undo_stack.undo()
    assert window.doc.project.get("touchpoint", card.id).title == card.title
    assert card.title in [table.model.data(table.model.index(r, 2)) for r in range(table.model.rowCount())]


def test_the_inspector_form_waits_for_the_first_card_selected_on_the_map(window, project_file, qtbot):
    from PySide6.QtWidgets import QWidget

    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_path(project_file)
    inspector = window.dock_inspector.widget()
    qtbot.waitUntil(lambda: inspector.isVisible())
    assert inspector.form.findChildren(QWidget) == []  # nothing selected: its page is the hint
    card = window.doc.project.touchpoints(window.selection.journey_id)[0]
    window.editor.select_cards([card.id])
    title = inspector.fields["title"]
    assert title.isVisible() and title.text() == card.title
    assert inspector.pages.currentWidget().isVisible()
    title.setText("Arrives late")
    assert window.doc.project.get("touchpoint", card.id).title == "Arrives late"
    assert window.editor.scene.card_item(card.id).title_lines()[0].startswith("Arrives")


def test_copy_in_one_window_and_paste_in_another(window, project_file, qtbot):
    window.open_path(project_file)
    other = window.new_window()
    qtbot.addWidget(other)
    other.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    assert other.new_project()
    card = window.doc.project.touchpoints(window.selection.journey_id)[0]
    window.editor.select_cards([card.id])
    assert window.editor.copy_selection()
    pasted = other.editor.paste()
    assert len(pasted) == 1 and pasted[0] != card.id
    copy = other.doc.project.get("touchpoint", pasted[0])
    assert copy.title == card.title and copy.pain_points == card.pain_points
    assert other.undo_stack.count() == 1
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()


def test_the_window_maps_before_the_map_and_panels_load(tmp_path):
    # Start-up is timed to the window's mapping (issue 14): the map, the panels, the charts, the
    # exports and QtNetwork load with the first project or the first use, not with the window; babel
    # with the first number or date it writes, uuid with the first id, platform with the About box.
    import os
    import subprocess
    import sys

    code = (
        "import sys\nfrom PySide6.QtWidgets import QApplication\nfrom cxdesigner.mainwindow import MainWindow\n"
        "app = QApplication([])\nw = MainWindow()\nw.show()\n"
        "later = ('cxdesigner.canvas.editor', 'cxdesigner.canvas.render', 'cxdesigner.panels.table',\n"
        "         'cxdesigner.charts.dock', 'cxdesigner.exchange.columns', 'cxdesigner.dialogs.export_map',\n"
        "         'cxdesigner.dialogs.fill_survey', 'cxdesigner.workshop.inbox',\n"
        "         'cxdesigner.workshop.session_dialog', 'PySide6.QtNetwork', 'babel', 'uuid', 'platform')\n"
        "print('loaded', [m for m in later if m in sys.modules])\nw.close()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "CXDESIGNER_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "loaded []"


def test_the_first_window_is_made_and_shown_with_the_collector_paused(tmp_path):
    # What the start makes before the window maps lives as long as the app: no young-generation passes
    # over it (collector.paused), and the collector is back once the window is shown.
    import os
    import subprocess
    import sys

    code = (
        "import gc, os\nfrom PySide6.QtWidgets import QMainWindow\nfrom cxdesigner import app\n"
        "seen = []\nshow = QMainWindow.show\n"
        "def shown(self):\n    seen.append(gc.isenabled())\n    show(self)\n    seen.append(gc.isenabled())\n"
        "QMainWindow.show = shown\nos.environ[app.QUIT_AFTER_START] = '1'\n"
        "app.main([])\nprint('collector', seen[:2], gc.isenabled())\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "CXDESIGNER_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "collector [False, False] True"


def test_the_window_maps_before_the_app_icon_is_made_and_gets_it_then(tmp_path):
    # The SVG icon (its image plugin, QtSvg, a picture at each size) is not in the first frame: it
    # comes right after the window is shown, before the files open and anything is painted.
    import os
    import subprocess
    import sys

    code = (
        "import os\nfrom PySide6.QtWidgets import QApplication, QMainWindow\nfrom cxdesigner import app\n"
        "seen = []\nshow = QMainWindow.show\n"
        "def shown(self):\n    show(self)\n    seen.append(QApplication.windowIcon().isNull())\n"
        "QMainWindow.show = shown\nos.environ[app.QUIT_AFTER_START] = '1'\napp.main([])\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "CXDESIGNER_DATA_DIR": str(tmp_path / "data")}
    code += "print('icon at the show: none' if seen[0] else 'icon at the show: set')\n"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[-1] == "icon at the show: none"
    assert "icon yes" in lines[-2]  # app._report_start, once the window is up


def test_a_start_opening_a_file_makes_the_start_page_only_if_the_file_fails(qtbot, tmp_path):
    w = MainWindow(start_page=False)
    qtbot.addWidget(w)
    w.show_error = lambda title, message: None
    assert not isinstance(w.centralWidget(), StartPage)
    assert not w.open_path(tmp_path / "missing.cxd")
    w.show_start_page()  # what app.main does after the files
    assert isinstance(w.centralWidget(), StartPage)
    path = tmp_path / "hotel.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    opened = MainWindow(start_page=False)
    qtbot.addWidget(opened)
    opened.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    assert opened.open_path(path)
    opened.show_start_page()
    assert not isinstance(opened.centralWidget(), StartPage) and opened.editor is not None
    opened.close_project()
    assert isinstance(opened.centralWidget(), StartPage)


def test_a_dialog_over_a_start_opening_a_file_has_the_start_page_behind_it(qtbot):
    w = MainWindow(start_page=False)
    qtbot.addWidget(w)
    w.show()
    box = QMessageBox(QMessageBox.Icon.Warning, "CX Designer", "The project could not be opened", parent=w)
    box.setWindowModality(Qt.WindowModality.ApplicationModal)
    box.show()  # what a refusal or a question about the file does, without waiting for an answer
    assert isinstance(w.centralWidget(), StartPage)
    box.close()


def test_a_closing_window_asks_for_no_recent_files(window, project_file):
    # Closing put a new start page in the window, which asked a worker to read the recent files
    # just as the program ended: a worker still running Python at exit crashed the process.
    from cxdesigner.window import startpage, thumbnails

    assert window.open_path(project_file)
    asked = thumbnails.runner().tasks()
    window.close()
    assert not isinstance(window.centralWidget(), startpage.StartPage)
    assert thumbnails.runner().tasks() == asked


def test_closing_the_project_still_shows_the_start_page(window, project_file):
    from cxdesigner.window import startpage

    assert window.open_path(project_file)
    assert window.close_project()
    assert isinstance(window.centralWidget(), startpage.StartPage)


def _board_content(board) -> tuple:
    def tree(t):
        return [[t.topLevelItem(i).text(col) for col in range(t.columnCount())] for i in range(t.topLevelItemCount())]

    combos = [
        [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
        for combo in (board.stage_filter, board.status_filter, board.owner_filter, board.status_combo)
    ]
    return tree(board.list), tree(board.solution_list), combos, board.unrated_label.text(), board.tabs.currentIndex()


def test_the_closed_opportunity_board_is_made_when_its_dock_opens(window, project_file, qtbot):
    """Closed by default, the board is not made with each open: opened later (the View menu), or
    asked for by the window, it is the board an open would have made, edits since included."""
    from cxdesigner.panels.opportunities import OpportunityBoard

    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_path(project_file)
    dock = window.dock_opportunities
    assert dock.isHidden() and not isinstance(dock.widget(), OpportunityBoard)
    j = window.doc.journeys()[0]
    push(window.undo_stack, window.doc, c.AddStageCommand(j.id, "Follow-up"))  # the stage filter lists it
    dock.toggleViewAction().trigger()
    board = dock.widget()
    assert isinstance(board, OpportunityBoard) and window.opportunities is board
    fresh = OpportunityBoard(window.doc, window.undo_stack, window.selection)
    qtbot.addWidget(fresh)
    fresh.show()
    assert any("Follow-up" in text for text, _key in _board_content(board)[2][0])
    assert _board_content(board) == _board_content(fresh)
    # Another project: closed again, the board waits; asked for, it is made without showing the dock.
    dock.toggleViewAction().trigger()
    assert dock.isHidden()
    window.close_project()
    assert window.opportunities is None
    assert window.open_path(project_file)
    assert not isinstance(dock.widget(), OpportunityBoard)
    board = window.opportunities
    assert isinstance(board, OpportunityBoard) and dock.widget() is board and dock.isHidden()
    # An open dock (in the saved layout, or left open) gets its board with the project.
    dock.show()
    window.close_project()
    assert window.open_path(project_file)
    assert isinstance(dock.widget(), OpportunityBoard)


def test_opening_a_large_map_in_the_window_leaves_the_far_items_for_after_the_first_paint(window, tmp_path):
    # The voting marks (an item of every editor's scene, hidden without a session) measured the room over every
    # card at each layout change, at the editor's size too: every card's item was made before the first paint,
    # some 200 ms of a 5,000-card open (the main window's open figure went from 2.3-2.5x to 3.4-3.8x its floor).
    from test_canvas_layout import _bench_generate

    from cxdesigner.document import Document

    path = tmp_path / "large.cxd"
    doc = Document.new(_bench_generate()(300, journeys=1))
    try:
        doc.save_as(path)
    finally:
        doc.close()
    window.resize(1280, 800)
    window.show()
    assert window.open_path(path)
    scene = window.editor.scene
    assert scene.items_pending(), "every item was made before the first paint"
    assert 0 < len(scene._cards) < len(scene.layout.cards) / 2
    ((_scene, marks),) = window.workshop.voting._scenes.values()
    assert marks.fitted_scale == 1.0


def test_alt_enter_takes_the_keyboard_from_the_map_to_the_inspector_and_esc_brings_it_back(window, qtbot):
    # Tab and Ctrl+Tab move the map's cell cursor, so a keyboard user could type cards but never reach
    # the inspector to write what the customer expects or rate the step.
    from PySide6.QtTest import QTest

    window.resize(1280, 800)
    window.new_project()
    with qtbot.waitExposed(window):
        window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    editor, doc = window.editor, window.doc
    jid = editor.journey_id
    stages, lanes = doc.project.stages(jid), doc.project.lanes(jid)
    a = editor.add_card((stages[0].id, lanes[0].id), "Sees an ad")
    b = editor.add_card((stages[1].id, lanes[0].id), "Compares prices")
    window.dock_charts.show()
    window.dock_charts.raise_()  # the inspector behind another tab, or closed: it comes forward
    window.dock_inspector.hide()
    editor.view.setFocus()
    editor.select_cards([a])
    QTest.keyClick(editor.view, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    inspector = window.dock_inspector.widget()
    assert window.dock_inspector.isVisible()
    title = inspector.fields["title"]
    assert QApplication.focusWidget() is title
    QTest.keyClick(title, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is editor.view
    cid = editor.connect_cards(a, b)
    editor.select_cards([], [cid])
    QTest.keyClick(editor.view, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is inspector.connection_form.label_edit
    QTest.keyClicks(inspector.connection_form.label_edit, "after comparing")
    QTest.keyClick(inspector.connection_form.label_edit, Qt.Key.Key_Escape)  # Esc leaves: what was typed is kept
    assert doc.project.get("connection", cid).label == "after comparing"
    assert QApplication.focusWidget() is editor.view


def test_undo_names_a_card_whole_to_an_ampersand_and_short_in_the_edit_menu(window, qtbot):
    # "Undo Add touchpoint R&D call" showed as "R_D call" (the "&" taken as an access key), and a
    # pasted paragraph as a title made the Edit menu wider than the screen.
    from cxdesigner.qtcommands import MENU_DETAIL_LIMIT

    window.new_project()
    editor = window.editor
    jid = editor.journey_id
    stages, lanes = window.doc.project.stages(jid), window.doc.project.lanes(jid)
    editor.add_card((stages[0].id, lanes[0].id), "R&D call")
    assert window.act_undo.text() == "&Undo Add touchpoint “R&&D call”"
    editor.add_card((stages[0].id, lanes[0].id), "Reads the whole page. " * 400)
    detail = window.act_undo.text().removeprefix("&Undo ")
    assert len(detail) <= MENU_DETAIL_LIMIT and detail.endswith("…”")
    window.edit_menu.aboutToShow.emit()
    assert window.edit_menu.sizeHint().width() < 720  # it was 56,449 pixels; 80 characters are about 660


def test_the_status_bar_says_what_an_undo_or_a_redo_did(window, qtbot):
    window.new_project()
    editor = window.editor
    jid = editor.journey_id
    stages, lanes = window.doc.project.stages(jid), window.doc.project.lanes(jid)
    editor.add_card((stages[0].id, lanes[0].id), "Sees an ad")
    window.act_undo.trigger()
    assert window.statusBar().currentMessage() == "Undone: Add touchpoint “Sees an ad”"
    window.act_redo.trigger()
    assert window.statusBar().currentMessage() == "Redone: Add touchpoint “Sees an ad”"


def test_a_template_not_saved_says_why_in_the_interface_language(window, project_file, tmp_path, monkeypatch):
    # Its folder could not be made: the box said Python's "[Errno 20] Not a directory: '…'".
    from cxdesigner import i18n

    window.open_path(project_file)
    window.ask_text = lambda title, label, text="": "Our hotel"
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CXDESIGNER_DATA_DIR", str(blocker / "data"))
    i18n.set_language("es")
    try:
        assert window.save_journey_as_template() is None
    finally:
        i18n.set_language("en")
    title, message = window.errors[-1]
    assert "Errno" not in message and "Not a directory" not in message, message
    assert message.startswith(f"No se puede crear la carpeta de plantillas {blocker / 'data' / 'templates'}: ")
    assert "una parte de la ruta no es una carpeta" in message, message


def test_a_template_whose_file_is_refused_says_so_instead_of_escaping(window, project_file, data_dir):
    # The write's FileIOError is no OSError: it went past the handler to the "unexpected error" box.
    window.open_path(project_file)
    window.ask_text = lambda title, label, text="": "Our hotel"
    (data_dir / "templates" / "Our hotel.json").mkdir(parents=True)  # a folder where the file goes
    assert window.save_journey_as_template() is None
    title, message = window.errors[-1]
    assert title == "The template was not saved" and "Our hotel.json" in message and "Error" not in message, message
