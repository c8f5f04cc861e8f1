"""The compare view, the Journey menu's future-state actions and the Checkpoints dock, driven through the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from tipkit import tip_text

import cxdesigner
from cxdesigner.canvas import render
from cxdesigner.mainwindow import MainWindow


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "hotel.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    w = MainWindow()
    qtbot.addWidget(w)
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    said: list[str] = []
    # Its boxes show their words as written (qttext.plain_message): what they say is read as they open.
    monkeypatch.setattr(QMessageBox, "exec", lambda box: said.append(box.text()) or 0)
    w.said = said
    assert w.open_path(path)
    yield w
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    w.close()


def test_future_state_compare_view_marks_and_lists_the_edits(window, qtbot, tmp_path):
    h = window.history
    current = window.selection.journey_id
    fut = h.create_future_state()
    assert fut and window.selection.journey_id == fut
    project = window.doc.project
    assert project.get("journey", fut).future_of == current
    card = project.touchpoints(fut)[0]
    window.doc.update_touchpoint(card.id, title="Better", emotion=3)
    view = h.compare_current()
    qtbot.addWidget(view)
    r = view.result
    assert [c["after"] for c in r["changed"]] == [card.id]
    changed = view.tree.topLevelItem(2)
    assert changed.childCount() == 1 and changed.child(0).text(0) == "Better"
    assert view.stage_table.rowCount() == len(project.stages(fut))
    # The marks are outlines over the after side's card.
    assert any(tip_text(item.toolTip()) == "changed" for item in view.after_pane.scene.items())
    out = view.export(str(tmp_path / "cmp.png"))
    assert out and (tmp_path / "cmp.png").stat().st_size > 0
    assert view.export(str(tmp_path / "cmp.pdf")) and (tmp_path / "cmp.pdf").read_bytes().startswith(b"%PDF")
    # The export is the maps themselves in vector form (the one map renderer), not a picture of the widget:
    # both journeys' cards are text, the changed card is outlined in the mark's colour, the heading counts.
    assert view.export(str(tmp_path / "cmp.svg")) == str(tmp_path / "cmp.svg")
    svg = (tmp_path / "cmp.svg").read_text("utf-8")
    assert ">Better<" in svg
    before_title = project.touchpoints(current)[0].title.split()[0]
    assert f">{before_title}" in svg, "the current state's map is drawn too"
    assert render.MARK_COLOURS["changed"].name() in svg.lower()
    assert "Changed: 1" in svg
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.isVisible()
    # One undo takes the edit back, another the whole future state.
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert fut not in project.tables["journey"]


def test_a_deleted_current_state_gives_a_note_not_a_crash(window):
    h = window.history
    current = window.selection.journey_id
    fut = h.create_future_state()
    from cxdesigner.document.commands import DeleteJourneyCommand

    window.undo_stack.push(DeleteJourneyCommand(current))
    window.selection.set_journey(fut)
    assert h.compare_current() is None
    assert "deleted" in window.said[-1]
    h.clear_future()
    assert window.doc.project.get("journey", fut).future_of is None


def test_checkpoints_panel_creates_compares_restores_and_deletes(window, qtbot):
    h = window.history
    jid = window.selection.journey_id
    ck = h.create_checkpoint("Before")
    panel = h.panel
    window.show()
    h.dock.show()  # a closed dock's panel is filled when it shows
    assert panel.table.rowCount() == 1 and panel.table.item(0, 0).text() == "Before"
    assert "of 50 MB" in panel.total.text()
    panel.table.selectRow(0)
    card = window.doc.project.touchpoints(jid)[0]
    window.doc.update_touchpoint(card.id, title="Changed")
    view = panel.compare_now()
    qtbot.addWidget(view)
    assert [c["fields"] for c in view.result["changed"]] == [["title"]]
    view.close()
    panel.table.selectRow(0)
    new = panel.restore()
    assert new and new != jid and window.doc.project.get("touchpoint", card.id).title == "Changed"
    panel.table.selectRow(0)
    panel.delete()
    assert panel.table.rowCount() == 0
    window.undo_stack.undo()
    assert [c.id for c in window.doc.project.checkpoints()] == [ck]


def test_project_panel_context_menu_creates_and_marks_future_states(window):
    from cxdesigner.panels import future_menu

    dock = window.dock_project.widget()
    project = window.doc.project
    current = dock.current_journey_id()
    fut = future_menu.create_future_state(dock, current)
    assert project.get("journey", fut).future_of == current
    row = dock.journey_ids().index(fut)
    item = dock.journey_list.topLevelItem(row)
    assert item.font(0).italic() and "Future state of" in item.toolTip(0)
    rect = dock.journey_list.visualItemRect(item)
    menu = future_menu._menu(dock, rect.center())
    texts = [a.text() for a in menu.actions()]
    assert texts[:3] == ["Create Future State", "Mark as Future State of", "Clear Future State Mark"]
    menu.actions()[2].trigger()
    assert project.get("journey", fut).future_of is None
    assert not dock.journey_list.topLevelItem(row).font(0).italic()
    mark = menu.actions()[1].menu()
    mark.actions()[0].trigger()
    assert project.get("journey", fut).future_of == current
    menu.deleteLater()


def test_share_a_copy_asks_about_checkpoints_default_off(window, tmp_path, monkeypatch):
    from cxdesigner.dialogs import share as share_dialog
    from cxdesigner.dialogs.common import DialogIO

    class IO(DialogIO):
        def __init__(self, path):
            self.path, self.errors, self.infos = path, [], []

        def ask_save_path(self, title, suggested, filters, selected=0):  # type: ignore[no-untyped-def]
            return self.path, 0

        def show_error(self, title, message):  # type: ignore[no-untyped-def]
            self.errors.append(message)

        def show_info(self, title, message):  # type: ignore[no-untyped-def]
            self.infos.append(message)

    window.history.create_checkpoint("Before")
    asked = []
    for answer, kept in ((None, None), (False, 0), (True, 1)):
        monkeypatch.setattr(share_dialog, "ask_include_checkpoints", lambda p, n, a=answer: asked.append(n) or a)
        out = tmp_path / f"copy-{answer}.cxd"
        io = IO(out)
        written = share_dialog.share_copy(window, window.doc, io=io)
        if kept is None:
            assert written is None and not out.exists()
            continue
        assert written is not None, io.errors  # the message says why the copy was not written
        copy = cxdesigner.open_project(written, read_only=True)
        try:
            assert len(copy.project.checkpoints()) == kept
        finally:
            copy.close()
    assert asked == [1, 1, 1]


def test_the_compare_view_fits_a_laptop_screen(window, qtbot):
    # It asked for 1400 × 850 whatever the screen: on a 1280 × 800 laptop its Close and Export buttons
    # and the right-hand map were below and beside the screen's edge.
    window.history.create_future_state()
    view = window.history.compare_current()
    qtbot.addWidget(view)
    room = view.screen().availableGeometry()
    assert room.width() < 1400, "the test screen is smaller than what the view would like"
    assert view.width() <= room.width() and view.height() <= room.height()
    assert view.export_button.isVisible()
    view.close()


@pytest.fixture
def spanish():
    from cxdesigner import qti18n

    qti18n.apply("es")
    yield
    qti18n.apply("en")


@pytest.fixture
def hotel_es(spanish, qtbot, tmp_path):
    """A Spanish window, and a Spanish hotel project to open in it."""
    path = tmp_path / "hotel.cxd"
    cxdesigner.new_project(path, template="hotel", lang="es").close()
    w = MainWindow(ui_lang="es")
    qtbot.addWidget(w)
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    return w, path


def test_the_checkpoints_dock_leaves_the_map_its_share_in_spanish(hotel_es, qtbot, monkeypatch):
    # Its four buttons in one row (Crear…, Comparar con el actual, Restaurar como viaje nuevo, Eliminar)
    # made the right-hand column ~530 px wide on a 1280 × 800 screen: the map kept a third of the window.
    from cxdesigner.window import docklayout

    w, path = hotel_es
    w.resize(1280, 760)
    w.show()
    qtbot.waitExposed(w)
    assert w.open_path(path)
    w.history.create_checkpoint("Antes del taller de marzo")
    assert w.history.dock.isVisible()
    qtbot.waitUntil(lambda: w.centralWidget().width() > 0)
    assert w.history.panel.minimumSizeHint().width() <= docklayout.RIGHT_MIN
    assert w.centralWidget().width() >= docklayout.MAP_SHARE * w.width() - 1
    # The buttons wrap in the narrow dock, every one whole and inside it.
    for button in (w.history.panel.create_button, w.history.panel.restore_button):
        assert button.width() >= button.sizeHint().width()
        assert w.history.panel.rect().contains(button.geometry())
    w.close()


def test_a_checkpoints_date_is_written_as_the_language_writes_it(hotel_es):
    # The table showed the stored stamp cut short ("2026-03-05 14:30") in every language; the start page and
    # the recovery dialog write the same kind of moment as "5 mar 2026, 14:30".
    from cxdesigner.document.states import CreateCheckpointCommand

    w, path = hotel_es
    assert w.open_path(path)
    project = w.doc.project
    jid = w.selection.journey_id
    w.undo_stack.push(CreateCheckpointCommand(project, jid, "Antes", created="2026-03-05T14:30:00"))
    w.undo_stack.push(CreateCheckpointCommand(project, jid, "Raro", created="ayer por la tarde"))
    w.show()
    w.history.dock.show()
    table = w.history.panel.table
    assert table.item(0, 1).text() == "5 mar 2026, 14:30"
    assert table.item(1, 1).text() == "ayer por la tarde"  # a stamp from elsewhere that is no date stays as it is
    w.close()


def test_a_read_only_project_refuses_states_and_checkpoints_with_a_note_not_an_error_box(qtbot, tmp_path):
    # Opened read-only (another CX Designer has the file), Journey ▸ Create Future State raised out of the
    # menu's slot: the "unexpected error" box with a traceback, over the status bar's plain note.
    path = tmp_path / "hotel.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    w = MainWindow()
    qtbot.addWidget(w)
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    doc = w.safety.open(path, read_only=True)
    w.set_document(doc)
    jid = doc.project.journeys()[0].id
    w.selection.set_journey(jid)
    h = w.history
    assert h.create_future_state() is None
    assert "read-only" in w.statusBar().currentMessage()
    assert h.create_checkpoint("Before") is None
    h.clear_future()
    assert len(doc.project.journeys()) == 1 and not doc.project.checkpoints()
    w.close()


def test_two_journeys_of_one_name_can_each_be_chosen_to_compare_with(window, monkeypatch):
    # The list showed both as "Visit"; the choice came back as text, so the second always meant the first.
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    first = window.doc.add_journey("Visit")
    second = window.doc.add_journey("Visit")
    offered: list[list[str]] = []

    def pick_last() -> None:
        dialog = QApplication.activeModalWidget()
        offered.append(list(dialog.comboBoxItems()))
        dialog.setTextValue(offered[0][-1])
        dialog.accept()

    QTimer.singleShot(0, pick_last)
    view = window.history.compare_with()
    assert len(set(offered[0])) == len(offered[0]), offered[0]
    assert view is not None and view._sides[0][1] == second != first
    view.close()


def test_the_journey_pickers_title_reads_whole_in_spanish(hotel_es, qtbot):
    # "Marcar como estado futuro — CX Designer" on a dialog as narrow as its list: the window manager
    # cut it to "Marc… signer". The dialog is as wide as its title bar needs (icon and three buttons too).
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QFont, QFontMetrics
    from PySide6.QtWidgets import QApplication

    w, path = hotel_es
    assert w.open_path(path)
    w.doc.add_journey("Visita")
    seen: list[tuple[str, int, int]] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        bold = QFont(dialog.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        shown = f"{dialog.windowTitle()} — {QApplication.applicationDisplayName()}"
        seen.append((dialog.windowTitle(), dialog.width(), metrics.horizontalAdvance(shown) + 4 * metrics.height()))
        dialog.reject()

    for ask in (w.history.mark_future, w.history.compare_with):
        QTimer.singleShot(0, look)
        ask()
    assert [title for title, _w, _n in seen] == ["Marcar como estado futuro", "Comparar con"]
    for title, width, needed in seen:
        assert width >= needed, (title, width, needed)
    w.close()


def test_the_journey_menu_entries_ask_which_journey_from_the_menu(window, qtbot):
    # A menu entry's triggered(checked) reached the slot as its journey: Compare with… said "There is no
    # journey with id False" in the unexpected-error box, Mark as Future State of… refused a field.
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog

    window.doc.add_journey("Visit")
    asked: list[str] = []

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        asked.append(type(dialog).__name__)
        dialog.reject()

    history = window.history
    for action in (history.act_compare_any, history.act_mark_future, history.act_checkpoint):
        QTimer.singleShot(0, cancel)
        action.trigger()
    assert asked == [QInputDialog.__name__] * 3
    assert window.said == [] and not window.doc.project.checkpoints()
    assert window.doc.project.journeys()[0].future_of in ("", None)


@pytest.mark.parametrize("kind", ["no folder", "memory", "bug"])
def test_a_comparison_not_exported_says_why_and_what_to_do(window, qtbot, tmp_path, monkeypatch, caplog, kind):
    # A missing folder's refusal escaped to the "unexpected error" box; other failures had Python's words
    # ("MemoryError" had none at all) after "choose another folder".
    from cxdesigner.exchange import compare_map

    h = window.history
    h.create_future_state()
    view = h.compare_current()
    qtbot.addWidget(view)
    target = tmp_path / "gone" / "cmp.pdf"
    if kind == "memory":
        monkeypatch.setattr(compare_map, "write_comparison", lambda *a, **k: (_ for _ in ()).throw(MemoryError()))
    elif kind == "bug":
        monkeypatch.setattr(compare_map, "write_comparison", lambda *a, **k: (_ for _ in ()).throw(ValueError("x=1")))
    assert view.export(str(target)) is None
    told = window.said[-1]
    assert "\n" not in told and "Error" not in told and "x=1" not in told, told
    expected = {
        "no folder": f"{target.parent}: the folder does not exist; create it or choose another",
        "memory": "There is not enough memory to draw the comparison: close other programs",
        "bug": "The comparison could not be exported because of an error in CX Designer (details in the log: ",
    }[kind]
    assert told.startswith(expected), told
    traced = [r for r in caplog.records if r.exc_info and r.name == "cxdesigner.window.compare"]
    assert bool(traced) == (kind == "bug")


def test_a_pane_fitted_too_small_to_read_draws_its_cards_without_their_texts(window, qtbot, monkeypatch):
    # A 5,000-card journey fits its pane at 0.007: every card's title, badges and chips were drawn a pixel
    # high on the UI thread (1–2 s of the compare view's opening), for a grey smudge no one could read.
    from cxdesigner.canvas.items import CardItem
    from cxdesigner.window.compare import TEXT_UNREADABLE

    window.history.create_future_state()
    view = window.history.compare_current()
    qtbot.addWidget(view)
    pane = view.after_pane
    detailed: list[str] = []
    real = CardItem._paint_details
    monkeypatch.setattr(CardItem, "_paint_details", lambda self, *a: (detailed.append(self.tp_id), real(self, *a)))
    cards = len(window.doc.project.touchpoints(window.selection.journey_id))
    for scale, drawn in ((TEXT_UNREADABLE * 0.9, 0), (TEXT_UNREADABLE * 1.1, cards), (1.0, None)):
        pane.view.resize(4000, 3000)  # every card on screen at the scales compared
        pane.view.resetTransform()
        pane.view.scale(scale, scale)
        detailed.clear()
        pane.view.grab()
        if drawn is not None:
            assert len(set(detailed)) == drawn, scale
        else:
            assert detailed, "a legible scale draws the texts"
    view.close()


def _on_threads(monkeypatch) -> list[str]:
    """The names of the threads the comparison is worked out on."""
    import threading

    from cxdesigner.window import compare as compare_window

    threads: list[str] = []
    real = compare_window.compare

    def compare(*a, **k):
        threads.append(threading.current_thread().name)
        return real(*a, **k)

    monkeypatch.setattr(compare_window, "compare", compare)
    monkeypatch.setattr(compare_window, "COMPARE_IN_WORKER", 1)  # the hotel's journeys count as big
    return threads


def test_big_journeys_and_a_checkpoint_are_compared_on_a_worker_thread(window, qtbot, monkeypatch):
    # A 5,000-card checkpoint was decoded (0.5 s) and compared (0.3 s) on the UI thread before the view opened.
    import threading

    threads = _on_threads(monkeypatch)
    h = window.history
    jid = window.selection.journey_id
    ck = h.create_checkpoint("Before")
    card = window.doc.project.touchpoints(jid)[0]
    window.doc.update_touchpoint(card.id, title="Changed")
    view = h.compare_checkpoint(ck)
    qtbot.addWidget(view)
    assert threads and threading.main_thread().name not in threads
    assert [c["fields"] for c in view.result["changed"]] == [["title"]]
    assert any(tip_text(item.toolTip()) == "changed" for item in view.after_pane.scene.items())
    name = window.doc.project.get("journey", jid).name
    assert view.before_pane.findChild(QLabel).text() == f"{name} at checkpoint Before"
    view.close()
    threads.clear()
    h.create_future_state()
    view = h.compare_current()
    qtbot.addWidget(view)
    assert threads and threading.main_thread().name not in threads and view.result["same"]
    view.close()


def test_a_cancelled_comparison_opens_no_view_and_changes_nothing(window, qtbot, monkeypatch):
    from cxdesigner.services.tasks import Task
    from cxdesigner.window.compare import CompareView

    _on_threads(monkeypatch)

    def cancelled(self, done, total):  # Cancel pressed as the work starts
        self.cancel()
        return False

    monkeypatch.setattr(Task, "progress", cancelled)
    h = window.history
    ck = h.create_checkpoint("Before")
    version = window.doc.working_copy.version()
    assert h.compare_checkpoint(ck) is None
    assert window.doc.working_copy.version() == version
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, CompareView) and w.isVisible()]


def _generated(cards: int):  # type: ignore[no-untyped-def]
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "bench" / "generate.py"
    spec = importlib.util.spec_from_file_location("cx_bench_generate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    project = module.generate(cards=cards, journeys=1)
    return project, project.journeys()[0].id


def _pane(qtbot, monkeypatch, project, jid, most: tuple[float, float]):  # type: ignore[no-untyped-def]
    from cxdesigner.window import compare as compare_window

    monkeypatch.setattr(compare_window, "_largest_view", lambda: most)
    pane = compare_window.MapPane(project, jid, "Now", {}, "en")
    qtbot.addWidget(pane)
    pane.resize(500, 400)
    pane.show()
    pane.fit()
    return pane


def test_a_pane_too_small_for_any_text_never_places_its_labels_and_looks_the_same(qtbot, monkeypatch):
    # Placing the 6,500 labels of a 5,000-card map was some 40 % of building each pane, for boxes no paint of
    # a pane that small draws (a label needs the scale a card's text does).
    project, jid = _generated(150)
    labelled = {c.id for c in project.connections(jid) if c.label}
    assert labelled
    small = _pane(qtbot, monkeypatch, project, jid, (600.0, 400.0))  # the largest view: far below the floor
    large = _pane(qtbot, monkeypatch, project, jid, (1e6, 1e6))  # it could be shown large: placed as before
    assert small.view.transform().m11() < 0.1
    unplaced = [cid for cid in labelled if small.scene.connection_item(cid).route.label is None]
    placed = [cid for cid in labelled if large.scene.connection_item(cid).route.label is not None]
    assert len(unplaced) > len(labelled) / 2  # those near the map's top left corner are placed at once
    assert len(placed) == len(labelled)
    assert not small.scene.labels_pending() and not large.scene.labels_pending()
    assert small.view.sceneRect() == large.view.sceneRect()
    assert small.view.grab().toImage() == large.view.grab().toImage()
    for cid in labelled:  # every route runs where a whole build has it
        assert small.scene.connection_item(cid).route.points == large.scene.connection_item(cid).route.points


def test_the_second_pane_wraps_no_title_the_first_one_wrapped(window, qtbot, monkeypatch):
    from cxdesigner.canvas import scene as scene_module

    wrapped: list[str] = []
    real = scene_module.wrap_text
    monkeypatch.setattr(scene_module, "wrap_text", lambda text, *a: (wrapped.append(text), real(text, *a))[1])
    window.history.create_future_state()
    view = window.history.compare_current()
    qtbot.addWidget(view)
    titles = [tp.title for tp in window.doc.project.touchpoints(window.selection.journey_id)]
    assert titles and all(wrapped.count(t) == 1 for t in set(titles))
    lines = [view.after_pane.scene.title_lines(t, view.after_pane.scene.metrics.card_w - 20) for t in titles]
    assert all(lines)
    view.close()
