"""The start page shown with no project open: new (blank or a template), recent projects, open, import."""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import os
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from tipkit import tip_text

from cxdesigner import api, dialogs, i18n, qti18n, resources, settings
from cxdesigner.dialogs import common as dialogs_common
from cxdesigner.document import commands as c
from cxdesigner.mainwindow import MainWindow
from cxdesigner.window import help as helpmenu
from cxdesigner.window import startpage, templates, thumbnails
from cxdesigner.window.startpage import DATE_ROLE, DETAIL_ROLE, IMAGE_ROLE, KEY_ROLE, STATE_ROLE, StartPage
from cxdesigner.window.thumbnails import RecentInfo

WAIT_MS = 30_000  # a generous bound for the workers and pictures; the tests never sleep


@pytest.fixture
def recent(tmp_path, monkeypatch):
    """Settings of this test's own (an empty recent list) and no remembered pictures.

    The test-mode settings file is shared by every test process on the machine: another run's
    windows would add their files to this test's list while it runs.
    """
    ini = str(tmp_path / "settings.ini")
    monkeypatch.setattr(settings, "_store", lambda: QSettings(ini, QSettings.Format.IniFormat))
    thumbnails.forget()
    yield
    thumbnails.wait_idle()
    thumbnails.forget()


@pytest.fixture
def english():
    qti18n.apply("en")
    yield
    qti18n.apply("en")


@pytest.fixture
def make_window(qtbot, recent, english):
    made: list[MainWindow] = []

    def make(lang: str = "en") -> MainWindow:
        qti18n.apply(lang)
        w = MainWindow(ui_lang=lang)
        qtbot.addWidget(w)
        w.show_error = lambda title, message: pytest.fail(f"{title}: {message}")
        w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
        w.resize(1280, 800)
        w.show()
        qtbot.waitExposed(w)
        made.append(w)
        return w

    yield make
    for w in made:
        w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
        w.close()


def page_of(window: MainWindow) -> StartPage:
    page = window.centralWidget()
    assert isinstance(page, StartPage)
    return page


def settle(qtbot, page: StartPage) -> None:
    """Every recent file read and every picture drawn."""
    qtbot.waitUntil(lambda: not page.pictures_pending(), timeout=WAIT_MS)


def click_tile(qtbot, gallery, row: int) -> None:
    rect = gallery.visualRect(gallery.items.index(row, 0))
    assert rect.isValid() and gallery.viewport().rect().contains(rect.center())
    qtbot.mouseClick(gallery.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def rows(gallery) -> list[QModelIndex]:
    return [gallery.items.index(i, 0) for i in range(gallery.items.rowCount())]


def has_picture(index: QModelIndex) -> bool:
    image = index.data(IMAGE_ROLE)
    return isinstance(image, QImage) and not image.isNull()


def project_file(path: Path, template: str | None = "hotel", lang: str = "en", name: str | None = None) -> Path:
    doc = api.new_project(path, template=template, lang=lang)
    try:
        if name is not None:
            doc.execute(c.UpdateCommand("project", "project", name=name))
            doc.save()
    finally:
        doc.close()
    return path


# -- new -----------------------------------------------------------------------------------------------


def test_no_project_shows_the_start_page_and_closing_comes_back_to_it(make_window):
    window = make_window()
    page = page_of(window)
    assert page.title.text() == "Welcome to CX Designer"
    assert page.recent_empty.isVisible() and not page.recent.isVisible()
    assert not page.btn_clear.isVisible() and not page.btn_remove.isVisible()
    assert window.new_project()
    assert window.centralWidget() is window.editor
    assert window.close_project()
    assert isinstance(window.centralWidget(), StartPage)


def test_new_blank_creates_a_project(make_window, qtbot):
    window = make_window()
    page = page_of(window)
    qtbot.mouseClick(page.btn_blank, Qt.MouseButton.LeftButton)
    assert window.doc is not None and window.doc.path is None
    assert [j.name for j in window.doc.project.journeys()] == ["Customer journey"]
    assert window.doc.project.touchpoints(window.doc.project.journeys()[0].id) == []


def test_the_blank_tile_creates_a_blank_project(make_window, qtbot):
    window = make_window()
    page = page_of(window)
    assert rows(page.templates)[0].data(STATE_ROLE) == "blank"
    click_tile(qtbot, page.templates, 0)
    assert window.doc is not None and window.doc.project.touchpoints(window.doc.project.journeys()[0].id) == []


def test_every_bundled_template_has_a_tile_with_a_picture_from_the_template(make_window, qtbot):
    window = make_window()
    page = page_of(window)
    settle(qtbot, page)
    tiles = rows(page.templates)[1:]
    keys = [t.data(KEY_ROLE) for t in tiles]
    assert keys == [e.key for e in templates.builtin_templates()]
    assert {"hotel", "online-purchase", "support-call"} <= set(keys)
    assert [t.data(Qt.ItemDataRole.DisplayRole) for t in tiles] == [templates.template_label(k) for k in keys]
    assert all(has_picture(t) for t in tiles)
    # The picture is the template's own first journey, drawn by the map renderer.
    expected = thumbnails.journey_thumbnail(api.template_project("hotel", "en"), "en", ratio=page.devicePixelRatioF())
    hotel = tiles[keys.index("hotel")].data(IMAGE_ROLE)
    assert hotel.size() == expected.size() and hotel == expected


def test_a_template_tile_makes_a_project_in_the_interface_language(make_window, qtbot):
    window = make_window("es")
    page = page_of(window)
    keys = [t.data(KEY_ROLE) for t in rows(page.templates)]
    assert rows(page.templates)[keys.index("hotel")].data(Qt.ItemDataRole.DisplayRole) == "Estancia en un hotel"
    click_tile(qtbot, page.templates, keys.index("hotel"))
    assert window.doc is not None
    assert window.doc.project.info.lang == "es"
    assert window.doc.project.info.name == "Estancia en un hotel"
    spanish = api.template_project("hotel", "es")
    assert [j.name for j in window.doc.project.journeys()] == [j.name for j in spanish.journeys()]
    assert len(window.doc.project.touchpoints(window.doc.project.journeys()[0].id)) > 0


def test_a_users_template_is_listed_after_the_bundled_ones(make_window, qtbot):
    window = make_window()
    assert window.new_project(template="hotel")
    window.ask_text = lambda title, label, text="": "Clinic <b>visit</b>"
    saved = window.save_journey_as_template()
    assert saved is not None and saved.is_file()
    assert window.close_project()
    page = page_of(window)
    settle(qtbot, page)
    last = rows(page.templates)[-1]
    assert last.data(KEY_ROLE) == str(saved) and last.data(Qt.ItemDataRole.DisplayRole) == saved.stem
    assert has_picture(last)
    click_tile(qtbot, page.templates, len(rows(page.templates)) - 1)
    hotel = api.template_project("hotel", "en").journeys()[0].name
    assert window.doc is not None and [j.name for j in window.doc.project.journeys()] == [hotel]


# -- recent projects -----------------------------------------------------------------------------------


def test_recent_projects_show_name_path_date_and_a_picture(make_window, qtbot, tmp_path):
    hotel = project_file(tmp_path / "hotel.cxd", "hotel")
    support = project_file(tmp_path / "call.cxd", "support-call", name="Call centre review")
    blank = project_file(tmp_path / "empty.cxd", None)
    settings.set_value("files/recent", [str(support), str(hotel), str(blank)])
    window = make_window()
    page = page_of(window)
    assert page.recent.isVisible() and not page.recent_empty.isVisible()
    settle(qtbot, page)
    tiles = rows(page.recent)
    assert [t.data(KEY_ROLE) for t in tiles] == [str(support), str(hotel), str(blank)]
    assert [t.data(Qt.ItemDataRole.DisplayRole) for t in tiles] == ["Call centre review", "Hotel stay", "empty"]
    assert [t.data(DETAIL_ROLE) for t in tiles] == [str(support), str(hotel), str(blank)]  # outside home: whole
    today = i18n.translation("en").date(dt.date.fromtimestamp(os.stat(hotel).st_mtime))
    assert tiles[1].data(DATE_ROLE) == today
    assert [t.data(STATE_ROLE) for t in tiles] == ["ok", "ok", "ok"]
    assert all(has_picture(t) for t in tiles)
    assert "Hotel stay" in tiles[1].data(Qt.ItemDataRole.AccessibleTextRole)
    # Nothing was written to the files shown.
    assert page.recent_state(str(hotel)) == "ok"
    before = os.stat(hotel).st_mtime_ns
    click_tile(qtbot, page.recent, 1)
    assert window.doc is not None and window.doc.path == hotel
    assert os.stat(hotel).st_mtime_ns == before
    assert settings.get("files/recent")[0] == str(hotel)


def test_a_recent_path_in_the_home_folder_is_shown_from_tilde(make_window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home" / "Projects").mkdir(parents=True)
    (tmp_path / "usb").mkdir()
    mine = project_file(tmp_path / "home" / "Projects" / "hotel.cxd", "hotel")
    elsewhere = project_file(tmp_path / "usb" / "call.cxd", "support-call")
    settings.set_value("files/recent", [str(mine), str(elsewhere)])
    page = page_of(make_window())
    settle(qtbot, page)
    tiles = rows(page.recent)
    assert [t.data(DETAIL_ROLE) for t in tiles] == [str(Path("~", "Projects", "hotel.cxd")), str(elsewhere)]
    assert str(mine) in tip_text(tiles[0].data(Qt.ItemDataRole.ToolTipRole))  # the full path is still there to read


def test_text_from_a_file_is_shown_as_plain_text(make_window, qtbot, tmp_path):
    path = project_file(tmp_path / "x.cxd", "hotel", name="<b>x</b>")
    settings.set_value("files/recent", [str(path)])
    window = make_window()
    page = page_of(window)
    settle(qtbot, page)
    tile = rows(page.recent)[0]
    assert tile.data(Qt.ItemDataRole.DisplayRole) == "<b>x</b>"
    # Tiles are painted with drawText (no markup); the tooltip is the path, the missing note a plain label.
    assert page.note.textFormat() == Qt.TextFormat.PlainText
    for label in (page.title, page.subtitle, page.recent_empty, page.recent_heading, page.templates_heading):
        assert label.textFormat() == Qt.TextFormat.PlainText


def test_a_missing_recent_file_shows_as_missing_and_can_be_removed(make_window, qtbot, tmp_path):
    here = project_file(tmp_path / "here.cxd")
    gone = tmp_path / "gone <i>away<i>.cxd"
    settings.set_value("files/recent", [str(gone), str(here)])
    window = make_window()
    page = page_of(window)
    settle(qtbot, page)
    assert page.recent_state(str(gone)) == "missing"
    tile = rows(page.recent)[0]
    assert tile.data(Qt.ItemDataRole.DisplayRole) == "gone <i>away<i>"
    assert not has_picture(tile) and tile.data(DATE_ROLE) == ""
    assert tip_text(tile.data(Qt.ItemDataRole.ToolTipRole)) == f"Missing: {gone}"
    assert "<i>" not in tile.data(Qt.ItemDataRole.ToolTipRole)  # the name's tags shown, not applied
    # Opening it says why not, and how to remove it; no project, no error box.
    click_tile(qtbot, page.recent, 0)
    assert window.doc is None
    assert page.note.isVisible() and str(gone) in page.note.text() and "Delete" in page.note.text()
    # Remove from List takes it off the list and the settings; the other file stays.
    assert page.recent.currentIndex().row() == 0 and page.btn_remove.isEnabled()
    qtbot.mouseClick(page.btn_remove, Qt.MouseButton.LeftButton)
    assert settings.get("files/recent") == [str(here)]
    assert [t.data(KEY_ROLE) for t in rows(page.recent)] == [str(here)]
    assert not page.note.isVisible()
    assert here.is_file()


def test_clear_forgets_every_recent_project_and_deletes_nothing(make_window, qtbot, tmp_path):
    files = [project_file(tmp_path / f"p{i}.cxd") for i in range(3)]
    settings.set_value("files/recent", [str(p) for p in files])
    window = make_window()
    page = page_of(window)
    settle(qtbot, page)
    assert page.btn_clear.isEnabled()
    qtbot.mouseClick(page.btn_clear, Qt.MouseButton.LeftButton)
    assert settings.get("files/recent") == []
    assert page.recent.items.rowCount() == 0
    assert not page.recent.isVisible() and page.recent_empty.isVisible()
    assert not page.btn_clear.isEnabled() and not page.btn_remove.isEnabled()
    assert not page.btn_clear.isVisible() and not page.btn_remove.isVisible()
    assert all(p.is_file() for p in files)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_hostile_files_in_the_recent_list_show_as_unreadable(make_window, qtbot, tmp_path, caplog):
    text = tmp_path / "notes.cxd"
    text.write_text("just some notes <b>bold</b>\n", encoding="utf-8")
    empty = tmp_path / "empty.cxd"
    empty.write_bytes(b"")
    other = tmp_path / "other-app.cxd"
    conn = sqlite3.connect(other)
    try:
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
    finally:
        conn.close()
    cut = tmp_path / "cut.cxd"
    cut.write_bytes(project_file(tmp_path / "whole.cxd").read_bytes()[:700])
    fifo = tmp_path / "x.cxd"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.cxd"
    folder.mkdir()
    endless = tmp_path / "endless.cxd"
    endless.symlink_to("/dev/zero")  # reading it would never end
    good = project_file(tmp_path / "good.cxd")
    hostile = [text, empty, other, cut, fifo, folder, endless]
    settings.set_value("files/recent", [str(p) for p in [*hostile, good]])
    caplog.set_level(logging.WARNING)
    window = make_window()
    page = page_of(window)
    settle(qtbot, page)  # a pipe with no writer must not hold the worker: this returns
    for path in hostile:
        assert page.recent_state(str(path)) == "unreadable", path
        tip = tip_text(page.recent.items.index(hostile.index(path), 0).data(Qt.ItemDataRole.ToolTipRole))
        assert tip.startswith(f"Cannot be read: {path}\n")
        assert tip.count(str(path)) == 1, tip  # the reason under it does not name the file again
        assert "Traceback" not in tip
    assert page.recent_state(str(good)) == "ok"
    assert not any(r.exc_info for r in caplog.records), [r.getMessage() for r in caplog.records]
    assert all(r.levelno < logging.ERROR for r in caplog.records)
    # Opening one goes through the usual checks and says why, in a box; the page stays.
    said: list[str] = []
    window.show_error = lambda title, message: said.append(message)
    click_tile(qtbot, page.recent, 0)
    assert window.doc is None and len(said) == 1 and "notes.cxd" in said[0]


def test_read_recent_never_opens_what_is_not_a_regular_file(tmp_path, monkeypatch):
    fifo = tmp_path / "x.cxd"
    os.mkfifo(fifo)
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda p, *a, **k: opened.append(str(p)) or real_open(p, *a, **k))
    info = thumbnails.read_recent(str(fifo))
    assert info.state == "unreadable" and "pipe" in info.reason.lower()
    assert opened == []


# -- open and import -----------------------------------------------------------------------------------


def test_open_asks_for_a_file_and_opens_it(make_window, qtbot, tmp_path, monkeypatch):
    path = project_file(tmp_path / "clinic.cxd", "dental-clinic")
    asked: list[str] = []

    def choose(parent, title, folder, filters):
        asked.append(filters)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    window = make_window()
    qtbot.mouseClick(page_of(window).btn_open, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "*.cxd" in asked[0]
    assert window.doc is not None and window.doc.path == path
    assert settings.get("files/recent")[0] == str(path)
    assert window.close_project()
    page = page_of(window)
    settle(qtbot, page)
    assert [t.data(KEY_ROLE) for t in rows(page.recent)] == [str(path)]


def test_import_sticky_notes_makes_a_new_project_from_a_spreadsheet(make_window, qtbot, tmp_path, monkeypatch):
    notes = tmp_path / "workshop notes.csv"
    notes.write_text("stage,lane,title\nAwareness,Customer actions,Sees an <b>ad</b>\n"
                     "Purchase,Customer actions,Pays at the desk\n", encoding="utf-8")  # fmt: skip
    monkeypatch.setattr(dialogs_common.DialogIO, "ask_open_path", lambda self, *a, **k: notes)
    shown: list[object] = []

    def user_imports(dialog) -> int:
        shown.append(dialog)
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    # Through the package, as the window finds it (a direct import of the module would shadow its function).
    monkeypatch.setattr(dialogs.ImportTouchpointsDialog, "exec", user_imports)
    window = make_window()
    qtbot.mouseClick(page_of(window).btn_import, Qt.MouseButton.LeftButton)
    assert len(shown) == 1
    assert window.doc is not None and window.doc.path is None
    journey = window.doc.project.journeys()[0]
    titles = [t.title for t in window.doc.project.touchpoints(journey.id)]
    assert titles == ["Sees an <b>ad</b>", "Pays at the desk"]
    assert window.undo_stack.count() == 1  # the import is one step, undone at once


def test_a_cancelled_import_leaves_the_start_page(make_window, qtbot, monkeypatch):
    monkeypatch.setattr(dialogs_common.DialogIO, "ask_open_path", lambda self, *a, **k: None)
    window = make_window()
    qtbot.mouseClick(page_of(window).btn_import, Qt.MouseButton.LeftButton)
    assert window.doc is None and isinstance(window.centralWidget(), StartPage)
    assert not startpage.import_into_new_project(window)


# -- keyboard ------------------------------------------------------------------------------------------


def test_keyboard_reaches_and_opens_everything(make_window, qtbot, tmp_path):
    gone = tmp_path / "gone.cxd"
    kept = project_file(tmp_path / "kept.cxd")
    settings.set_value("files/recent", [str(gone), str(kept)])
    window = make_window()
    page = page_of(window)
    settle(qtbot, page)
    window.activateWindow()
    page.btn_blank.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.btn_blank)
    order = [page.btn_blank, page.btn_open, page.btn_import, page.recent, page.btn_remove, page.btn_clear,
             page.templates]  # fmt: skip
    for before, after in itertools.pairwise(order):
        assert QApplication.focusWidget() is before
        qtbot.keyClick(before, Qt.Key.Key_Tab)
        if after is page.btn_remove:
            # Remove is reached with a recent project chosen, as tabbing in chose the first.
            assert page.recent.currentIndex().row() == 0
        assert QApplication.focusWidget() is after, QApplication.focusWidget()
    # In the templates: the arrows move, Enter opens.
    assert page.templates.currentIndex().row() == 0
    qtbot.keyClick(page.templates, Qt.Key.Key_Right)
    assert page.templates.currentIndex().data(KEY_ROLE) == templates.builtin_templates()[0].key
    # In the recent list: Delete removes the missing one, Enter opens the other.
    page.recent.setFocus()
    page.recent.setCurrentIndex(page.recent.items.index(0, 0))
    qtbot.keyClick(page.recent, Qt.Key.Key_Delete)
    assert settings.get("files/recent") == [str(kept)]
    assert QApplication.focusWidget() is page.recent and page.recent.currentIndex().row() == 0
    qtbot.keyClick(page.recent, Qt.Key.Key_Return)
    assert window.doc is not None and window.doc.path == kept


def test_tabbing_onto_a_command_shows_where_the_keyboard_is(make_window, qtbot):
    # Fusion draws no focus frame on a command link: tabbing onto New, Open or Import changed nothing on
    # screen, so a facilitator at the keyboard could not tell which one Enter would start.
    window = make_window()
    page = page_of(window)
    window.activateWindow()
    for button in (page.btn_blank, page.btn_open, page.btn_import):
        page.templates.setFocus()
        qtbot.waitUntil(lambda b=button: not b.hasFocus())
        unfocused = button.grab().toImage()
        button.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(button.hasFocus)
        assert button.grab().toImage() != unfocused, button.text()


def test_an_ampersand_in_a_recent_path_or_a_template_name_shows_in_the_file_menu(make_window, tmp_path):
    # Qt reads "&" in a menu item as the key to underline: "R&D" showed as "RD", with D underlined.
    folder = tmp_path / "R&D"
    folder.mkdir()
    kept = project_file(folder / "plan.cxd")
    settings.set_value("files/recent", [str(kept)])
    mine = api.user_templates_dir()
    mine.mkdir(parents=True, exist_ok=True)
    (mine / "Sales & support.json").write_text(resources.template_text("hotel", "en"), "utf-8")
    window = make_window()
    window._fill_recent_menu()
    shown = [helpmenu.plain(a.text()) for a in window.recent_menu.actions()]
    assert shown == [f"1 {kept}"]
    window._fill_template_menu()
    assert "Sales & support" in [helpmenu.plain(a.text()) for a in window.template_menu.actions()]


def test_a_user_template_that_is_not_text_is_refused_with_a_message(make_window, qtbot):
    # A file of the templates folder that is not UTF-8 (copied from elsewhere, damaged) raised a
    # UnicodeDecodeError out of the tile's click: the unexpected-error box with a traceback.
    mine = api.user_templates_dir()
    mine.mkdir(parents=True, exist_ok=True)
    broken = mine / "Roto.json"
    broken.write_bytes(b"\xff\xfe{ not text")
    window = make_window()
    said: list[tuple[str, str]] = []
    window.show_error = lambda title, message: said.append((title, message))
    page = page_of(window)
    tile = next(
        page.templates.items.index(r, 0)
        for r in range(page.templates.items.rowCount())
        if page.templates.items.index(r, 0).data(KEY_ROLE) == str(broken)
    )
    page.templates.tile_activated.emit(tile)
    assert window.doc is None
    assert said and str(broken) in said[0][1] and "UTF-8" in said[0][1]


def test_a_template_that_cannot_be_drawn_says_so_instead_of_waiting(make_window, qtbot):
    # Its picture failed quietly and the tile kept "…", the mark of a picture still to come, for good.
    mine = api.user_templates_dir()
    mine.mkdir(parents=True, exist_ok=True)
    (mine / "Roto.json").write_bytes(b"\xff\xfe{ not text")
    window = make_window()
    page = page_of(window)
    settle(qtbot, page)
    items = page.templates.items
    rows = [items.index(r, 0) for r in range(items.rowCount())]
    tile = next(i for i in rows if str(i.data(KEY_ROLE)).endswith("Roto.json"))
    assert tile.data(STATE_ROLE) == "unreadable"
    assert "UTF-8" in tip_text(tile.data(Qt.ItemDataRole.ToolTipRole))


def test_enter_on_a_template_tile_creates_the_project(make_window, qtbot):
    window = make_window()
    page = page_of(window)
    page.templates.setFocus()
    page.templates.setCurrentIndex(page.templates.items.index(1, 0))
    qtbot.keyClick(page.templates, Qt.Key.Key_Space)
    assert window.doc is not None
    assert window.doc.project.info.name == templates.builtin_templates()[0].label


# -- language ------------------------------------------------------------------------------------------


def test_switching_the_language_translates_the_page(make_window, qtbot, tmp_path):
    hotel = project_file(tmp_path / "hotel.cxd")
    gone = tmp_path / "gone.cxd"
    settings.set_value("files/recent", [str(hotel), str(gone)])
    window = make_window()
    settle(qtbot, page_of(window))
    window.choose_language("es")
    page = page_of(window)
    assert page.title.text() == "Le damos la bienvenida a CX Designer"
    # Each with its access key in Spanish ("&" before it): none taken by the menu bar's (A, E, V, T, J, U).
    assert page.btn_blank.text() == "&Nuevo viaje en blanco"
    assert page.recent_heading.text() == "Proyectos &recientes"
    assert page.btn_clear.text() == "Va&ciar la lista"
    settle(qtbot, page)
    tiles = rows(page.templates)
    assert tiles[0].data(Qt.ItemDataRole.DisplayRole) == "Viaje en blanco"
    keys = [t.data(KEY_ROLE) for t in tiles]
    assert tiles[keys.index("hotel")].data(Qt.ItemDataRole.DisplayRole) == "Estancia en un hotel"
    recent = rows(page.recent)
    assert recent[0].data(DATE_ROLE) == i18n.translation("es").date(dt.date.fromtimestamp(os.stat(hotel).st_mtime))
    assert tip_text(recent[1].data(Qt.ItemDataRole.ToolTipRole)) == f"No se encuentra: {gone}"
    # Every word the page shows is in the catalogue: nothing English is left.
    words = [page.subtitle.text(), page.btn_open.text(), page.btn_import.text(), page.btn_remove.text(),
             page.recent_empty.text(), page.templates_heading.text(), page.btn_blank.description()]  # fmt: skip
    english = ["Map a customer journey", "Open a project", "Import sticky", "Remove", "No recent", "Start from",
               "An empty map"]  # fmt: skip
    assert not any(e in w for w in words for e in english), words
    window.choose_language("en")
    assert page_of(window).title.text() == "Welcome to CX Designer"


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("width", [480, 620, 900, 1400])
def test_nothing_is_cut_off_or_scrolls_sideways(qtbot, recent, english, tmp_path, lang, width):
    """Beside the docks the page may be narrow: the three ways in then stand one under another."""
    settings.set_value("files/recent", [str(tmp_path / "gone.cxd")])  # Remove and Clear show
    qti18n.apply(lang)
    page = StartPage(lang)
    qtbot.addWidget(page)
    page.resize(width, 700)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.widget().width() <= page.viewport().width())
    assert not page.horizontalScrollBar().isVisible()
    assert page.btn_remove.isVisible() and page.btn_clear.isVisible()
    buttons = (page.btn_blank, page.btn_open, page.btn_import)
    for widget in (*buttons, page.btn_remove, page.btn_clear, page.title, page.recent_heading):
        assert widget.width() >= widget.minimumSizeHint().width(), widget.text()
        assert widget.mapTo(page.widget(), widget.rect().topRight()).x() <= page.viewport().width()
    side_by_side = len({b.y() for b in buttons}) == 1
    assert side_by_side == (width >= 900)
    if not side_by_side:
        assert buttons[0].y() < buttons[1].y() < buttons[2].y()
        assert len({b.x() for b in buttons}) == 1
    # Each way in is as tall as its words, not more: the recent projects follow close under them.
    assert page.recent_heading.y() - (page.btn_import.y() + page.btn_import.height()) < 40


def test_a_page_put_away_draws_no_pictures_until_it_shows_again(qtbot, recent, english):
    # Opening a project hides the page; a template's picture (0.1-0.2 s) took the event loop's
    # turns while the project's map was being built.
    page = StartPage("en")
    qtbot.addWidget(page)
    page.show()
    page.hide()
    waiting = len(page._jobs)
    assert waiting > 0
    for _ in range(5):
        QApplication.processEvents()
    assert len(page._jobs) == waiting
    page.show()
    qtbot.waitUntil(lambda: not page.pictures_pending(), timeout=WAIT_MS)


def test_a_page_that_goes_away_leaves_its_queued_recent_files_unread(qtbot, recent, english, monkeypatch):
    # A project opened from the page: each queued read would copy, check and load a whole file for
    # no one while the project opens.
    import threading

    import shiboken6

    release = threading.Event()
    read: list[str] = []

    def slow_read(path: str, go_on=None) -> RecentInfo:
        read.append(path)
        release.wait(WAIT_MS / 1000)
        return RecentInfo(path, "missing")

    monkeypatch.setattr(thumbnails, "read_recent", slow_read)
    paths = [f"/nowhere/p{i}.cxd" for i in range(5)]
    settings.set_value("files/recent", paths)
    page = StartPage("en")
    try:
        qtbot.waitUntil(lambda: len(read) == 2, timeout=WAIT_MS)  # the two workers are busy, three wait
    finally:
        shiboken6.delete(page)
        release.set()
    assert thumbnails.wait_idle()
    assert sorted(read) == paths[:2]


def test_opening_a_project_leaves_the_queued_recent_files_unread_unless_it_fails(
    make_window, qtbot, tmp_path, monkeypatch
):
    import threading

    release = threading.Event()
    read: list[str] = []
    real_read = thumbnails.read_recent

    def slow_read(path: str, go_on=None) -> RecentInfo:
        read.append(path)
        release.wait(WAIT_MS / 1000)
        return real_read(path, go_on)

    good = tmp_path / "good.cxd"
    api.new_project(good).close()
    bad = tmp_path / "bad.cxd"
    bad.write_bytes(b"not a project")
    paths = [str(tmp_path / f"gone{i}.cxd") for i in range(4)]
    settings.set_value("files/recent", paths)
    monkeypatch.setattr(thumbnails, "read_recent", slow_read)
    w = make_window()
    page = page_of(w)
    qtbot.waitUntil(lambda: len(read) == 2, timeout=WAIT_MS)  # two workers busy, two files wait
    shown: list[str] = []
    w.show_error = lambda title, message: shown.append(message)
    assert not w.open_path(bad)  # refused: the page stays, and reads every file it lists
    release.set()
    settle(qtbot, page)
    # The two under way were stopped by the opening and asked again when it failed.
    assert shown and sorted(set(read)) == sorted(paths)
    assert {page.recent_state(p) for p in paths} == {"missing"}
    release.clear()
    read.clear()
    page.refresh_recent()
    qtbot.waitUntil(lambda: len(read) == 2, timeout=WAIT_MS)
    try:
        assert w.open_path(good)
    finally:
        release.set()
    assert thumbnails.wait_idle()
    assert sorted(read) == paths[:2]  # the two waiting were never read


def test_opening_a_project_stops_a_recent_file_read_under_way_before_it_loads(
    make_window, qtbot, tmp_path, monkeypatch
):
    # Reading a large recent file for its picture takes as much processor as opening it: one under
    # way when a project opens stops before its next step instead of loading the file beside the opening.
    import threading

    from cxdesigner.storage import safeopen

    big = tmp_path / "big.cxd"
    api.new_project(big).close()
    other = tmp_path / "other.cxd"
    api.new_project(other).close()
    bad = tmp_path / "bad.cxd"
    bad.write_bytes(b"not a project")
    settings.set_value("files/recent", [str(big)])
    checking, release = threading.Event(), threading.Event()
    real_check, real_load = safeopen.check_copy, safeopen.load_checked
    loaded: list[Path] = []

    def slow_check(copy, shown, *args, **kwargs):
        checking.set()
        release.wait(WAIT_MS / 1000)
        return real_check(copy, shown, *args, **kwargs)

    def load(conn, shown, *args, **kwargs):
        loaded.append(Path(shown))
        return real_load(conn, shown, *args, **kwargs)

    monkeypatch.setattr(safeopen, "check_copy", slow_check)
    monkeypatch.setattr(safeopen, "load_checked", load)
    w = make_window()
    page = page_of(w)
    qtbot.waitUntil(checking.is_set, timeout=WAIT_MS)
    w.show_error = lambda title, message: None
    assert not w.open_path(bad)  # refused: the page stays and asks again for what it stopped
    release.set()
    settle(qtbot, page)
    assert page.recent_state(str(big)) == "ok"
    assert loaded.count(big) == 1  # the read under way stopped before loading; the one asked again loaded
    thumbnails.forget()  # the next page reads the file afresh
    release.clear()
    checking.clear()
    loaded.clear()
    page.refresh_recent()
    qtbot.waitUntil(checking.is_set, timeout=WAIT_MS)
    try:
        assert w.open_path(other)
    finally:
        release.set()
    assert thumbnails.wait_idle()
    assert big not in loaded and other in loaded


def test_a_recent_file_read_stopped_while_loading_ends_cancelled_and_is_not_remembered(recent, tmp_path, monkeypatch):
    # The loading was most of a large file's read: it is asked whether to go on as the rows come
    # (here every 100 of SQLite's steps, for a map small enough for a test).
    monkeypatch.setattr(thumbnails, "_ASK_EVERY", 100)
    from test_canvas_layout import _bench_generate

    from cxdesigner.document import Document
    from cxdesigner.services.tasks import TaskCancelledError

    path = tmp_path / "large.cxd"
    doc = Document.new(_bench_generate()(300))
    try:
        doc.save_as(path)
    finally:
        doc.close()
    asked: list[int] = []

    def go_on() -> bool:
        asked.append(1)
        return len(asked) <= 2  # yes before the check and before the loading, then stop

    with pytest.raises(TaskCancelledError):
        thumbnails.read_recent(str(path), go_on=go_on)
    assert len(asked) > 2  # stopped during the loading, not after it
    info = thumbnails.read_recent(str(path))  # not remembered as unreadable: read afresh
    assert info.state == "ok" and info.project is not None and info.project.tables["touchpoint"]


@pytest.mark.parametrize("how", ["blank", "template", "recent"])
def test_after_new_or_open_from_the_start_page_typing_makes_a_card(make_window, qtbot, tmp_path, how):
    # Ctrl+N, then "Llega al hotel" under a window manager: the start page's focused button went away
    # with the page, Qt gave the focus to the next in the chain, the toolbar's Timer button, and the
    # space in the words opened its menu; Return then started a 5-minute countdown, no card was made.
    kept = project_file(tmp_path / "kept.cxd")
    settings.set_value("files/recent", [str(kept)])
    window = make_window()
    page = page_of(window)
    settle(qtbot, page)
    window.activateWindow()
    page.btn_blank.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.btn_blank)
    if how == "blank":
        page.btn_blank.click()
    elif how == "template":
        page.templates.setFocus()
        page.templates.setCurrentIndex(page.templates.model().index(1, 0))
        qtbot.keyClick(page.templates, Qt.Key.Key_Return)
    else:
        page.recent.setFocus()
        page.recent.setCurrentIndex(page.recent.items.index(0, 0))
        qtbot.keyClick(page.recent, Qt.Key.Key_Return)
    assert window.editor is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.editor.view)
    journey = window.editor.journey_id
    before = len(window.doc.project.touchpoints(journey))
    qtbot.keyClicks(QApplication.focusWidget(), "Llega al hotel")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    titles = [t.title for t in window.doc.project.touchpoints(journey)]
    assert len(titles) == before + 1 and "Llega al hotel" in titles
    assert not window.workshop.timer.active


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("pipe", "pipe (FIFO), not a regular file"),  # was "no template named …", about a file that is there
        ("folder", "folder, not a regular file"),
        ("deep", "delete this template, or save the journey as a template again"),  # named no file, no way out
    ],
)
def test_a_strange_file_in_the_templates_folder_is_refused_naming_it(make_window, qtbot, kind, said):
    import os

    mine = api.user_templates_dir()
    mine.mkdir(parents=True, exist_ok=True)
    strange = mine / "Raro.json"
    if kind == "pipe":
        os.mkfifo(strange)
    elif kind == "folder":
        strange.mkdir()
    else:
        strange.write_text("[" * 100_000, encoding="utf-8")
    window = make_window()
    shown: list[tuple[str, str]] = []
    window.show_error = lambda title, message: shown.append((title, message))
    page = page_of(window)
    settle(qtbot, page)
    items = page.templates.items
    tile = next(
        items.index(r, 0) for r in range(items.rowCount()) if items.index(r, 0).data(KEY_ROLE) == str(strange)
    )
    page.templates.tile_activated.emit(tile)
    assert window.doc is None
    assert len(shown) == 1 and shown[0][1].startswith(str(strange)) and said in shown[0][1], shown
