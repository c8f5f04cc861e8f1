"""A read-only project's loose ends: nothing in it invites an edit that the project would refuse a moment later."""

# ruff: noqa: F811  (the tests take the fixtures imported from test_read_only_window as arguments)

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem
from test_read_only_window import in_use, window  # noqa: F401  (the same window and locked file)

from cxdesigner.mainwindow import MainWindow


def _key(widget, key: Qt.Key) -> None:
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier))


def test_check_boxes_and_delete_keys_of_a_read_only_project_take_no_edit(window, in_use, tmp_path, qtbot):
    assert window.open_path(in_use)
    doc = window.doc
    before = doc.project.snapshot()
    window.dock_table.show()
    table = window.dock_table.widget()
    model = table.model
    col = model.column_of("moment_of_truth")
    index = table.proxy.index(0, col)
    assert index.flags() & Qt.ItemFlag.ItemIsEnabled
    assert not index.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert not table.proxy.index(0, model.column_of("title")).flags() & Qt.ItemFlag.ItemIsEditable
    failures: list[str] = []
    model.edit_failed.connect(failures.append)
    # A click on the box where it is drawn: not ticked, and nothing to refuse.
    delegate = table.view.itemDelegateForColumn(col) or table.view.itemDelegate()
    option = QStyleOptionViewItem()
    option.rect = table.view.visualRect(index)
    option.widget = table.view
    at = QPointF(delegate.check_rect(option, index).center())
    for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
        click = QMouseEvent(kind, at, at, Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)  # fmt: skip
        delegate.editorEvent(click, table.proxy, option, index)
    # Delete on a selected row: no card goes, nothing is said.
    qtbot.waitUntil(lambda: window.edit_guard.is_frozen(table.view))
    table.view.setCurrentIndex(index)
    _key(table.view, Qt.Key.Key_Delete)
    assert failures == [] and table.error_label.text() == ""
    assert doc.project.snapshot() == before

    # The opportunity board's solution: what it delivers is shown, not offered to tick.
    window.dock_opportunities.show()
    board = window.opportunities
    sid = doc.project.solutions()[0].id
    board.tabs.setCurrentWidget(board.solution_list)
    board.select_solution(sid)
    ticks = [board.delivers_list.item(i) for i in range(board.delivers_list.count())]
    assert ticks and not any(t.flags() & Qt.ItemFlag.ItemIsUserCheckable for t in ticks)
    assert not any(t.flags() & Qt.ItemFlag.ItemIsEnabled for t in ticks)  # greyed, as the form's other choices
    assert board.delivers_list.isEnabled()  # still scrolled, and its tooltips read
    assert any(t.checkState() == Qt.CheckState.Checked for t in ticks)

    # The journey list's menu: what would change the project is greyed.
    project = window.dock_project.widget()
    tree = project.journey_list
    from cxdesigner.panels import future_menu

    menu = future_menu._menu(project, tree.visualItemRect(tree.topLevelItem(0)).center())
    assert [a.text() for a in menu.actions() if a.isEnabled() and not a.isSeparator()] == []
    menu.deleteLater()

    # Saved under another name, the project takes edits again: the boxes tick.
    assert window.safety.save_as(doc, tmp_path / "copy.cxd")
    window._update_title()
    assert table.proxy.index(0, col).flags() & Qt.ItemFlag.ItemIsUserCheckable
    board.select_solution(sid)
    ticks = [board.delivers_list.item(i) for i in range(board.delivers_list.count())]
    assert all(t.flags() & Qt.ItemFlag.ItemIsUserCheckable for t in ticks)


def _handle_area(editor, card: str):
    """The pixels just right of a card's edge, where its connector handle sticks out."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    item = editor.scene._cards[card]
    centre = item.handle_pos()
    # Beyond the selection outline (2 px out, 2.5 px wide), within the handle's ring (6 px out).
    source = QRectF(centre.x() + 4.5, centre.y() - 4, 2, 8)
    image = QImage(16, 32, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    editor.scene.render(painter, QRectF(0, 0, 16, 32), source)
    painter.end()
    return image


def test_a_selected_card_of_a_read_only_project_offers_no_connector_handle(window, in_use, tmp_path, qtbot):
    assert window.open_path(in_use)
    editor = window.editor
    card = window.doc.project.touchpoints(window.selection.journey_id)[0].id
    editor.select_cards([])
    bare = _handle_area(editor, card)
    editor.select_cards([card])
    assert editor.scene._cards[card].isSelected()
    assert _handle_area(editor, card) == bare  # selected, and no handle beside it
    assert editor.scene.handle_at(editor.scene._cards[card].handle_pos()) is None

    assert window.safety.save_as(window.doc, tmp_path / "copy.cxd")
    window._update_title()
    assert _handle_area(editor, card) != bare  # editable: the handle is back
    assert editor.scene.handle_at(editor.scene._cards[card].handle_pos()) is not None


def test_the_reason_strip_is_as_tall_as_its_text_at_any_width(window, in_use, qtbot):
    assert window.open_path(in_use)
    # The default docks: the bottom ones an earlier test left open in the remembered layout (the opportunity board
    # is 730 px at least) would hold the window wide, not the strip.
    window.docks.apply_defaults(first=True)
    bar = window.read_only_bar
    label = bar.label
    line = label.fontMetrics().lineSpacing()
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: label.heightForWidth(label.width()) < 2 * line)  # one line at this width
    qtbot.waitUntil(lambda: bar.height() <= max(line, bar.button.sizeHint().height()) + 20)
    # A narrow window folds the text: the strip grows to show every line, and never holds the window wide.
    window.resize(560, 800)
    qtbot.waitUntil(lambda: label.heightForWidth(label.width()) >= 2 * line)
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    assert window.minimumSizeHint().width() < 560


def test_a_read_only_projects_single_line_fields_still_select_and_scroll(window, in_use, tmp_path, qtbot):
    from PySide6.QtGui import QPalette

    assert window.open_path(in_use)
    card = window.doc.project.touchpoints(window.selection.journey_id)[0]
    window.editor.select_cards([card.id])
    inspector = window.dock_inspector.widget()
    title = inspector.fields["title"]  # the form is made on the first selection
    qtbot.waitUntil(lambda: window.edit_guard.is_frozen(title))
    # Read, not greyed: the whole title can be selected (and copied), the field scrolled along it.
    assert title.isEnabled() and title.isReadOnly()
    title.selectAll()
    assert title.selectedText() == card.title
    # On the panel's colour, not an input's white: it does not look as if it took typing.
    assert title.palette().color(QPalette.ColorRole.Base) == title.palette().color(QPalette.ColorRole.Window)
    # A box to type one more pain point into is greyed, as a button would be.
    assert not inspector.fields["pain_points"].new_item.isEnabled()
    name = window.dock_project.widget().name_edit
    assert name.isEnabled() and name.isReadOnly()

    assert window.safety.save_as(window.doc, tmp_path / "copy.cxd")
    window._update_title()
    assert not title.isReadOnly() and inspector.fields["pain_points"].new_item.isEnabled()
    assert title.palette().color(QPalette.ColorRole.Base) == QApplication.palette().color(QPalette.ColorRole.Base)


def test_the_view_menus_language_follows_cxdesigner_lang_as_preferences_does(qtbot, monkeypatch):
    from cxdesigner import i18n, qti18n, settings

    monkeypatch.setenv("CXDESIGNER_LANG", "es")
    w = MainWindow(ui_lang=qti18n.apply(i18n.resolve(settings.get("ui/language"))))  # as the app starts
    qtbot.addWidget(w)
    try:
        assert w.ui_lang == "es"
        w.language_menu.aboutToShow.emit()
        assert w.language_forced.isVisible() and not w.language_forced.isEnabled()
        assert w.language_forced.text() == "Español, fijado por la variable de entorno CXDESIGNER_LANG"
        choices = [a for a in w.language_menu.actions() if a.data() in i18n.LANGUAGES]
        assert choices and not any(a.isEnabled() for a in choices)
        # Chosen all the same (a shortcut, a script): the environment still decides, as in Preferences.
        w.choose_language("en")
        assert w.ui_lang == "es" and i18n.language() == "es"
        assert w.edit_menu.title() == "&Edición"
        assert next(a for a in choices if a.data() == "es").isChecked()
    finally:
        monkeypatch.delenv("CXDESIGNER_LANG")
        settings.set_value("ui/language", "")
        qti18n.apply("en")
        w.close()
    free = MainWindow()
    qtbot.addWidget(free)
    free.language_menu.aboutToShow.emit()
    assert not free.language_forced.isVisible()
    assert all(a.isEnabled() for a in free.language_menu.actions() if a.data() in i18n.LANGUAGES)
    free.close()


def test_the_recovery_dialog_is_as_big_as_its_words_with_nothing_to_resize(qtbot, tmp_path):
    from cxdesigner import safety_ui
    from cxdesigner.storage.recovery import Orphan

    orphan = Orphan(tmp_path, {"original": str(tmp_path / "hotel.cxd")}, "Hotel stay", 0.0, {"touchpoints": 23})
    dialog = safety_ui.RecoveryDialog(orphan)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    # A window manager offers no resize handle (an empty frame under the buttons) to a fixed-size window.
    assert dialog.minimumSize() == dialog.maximumSize() == dialog.size()
    # Every line reads: the size is the words' own, not a guess that clips them.
    assert dialog.summary.height() >= dialog.summary.heightForWidth(dialog.summary.width())
    dialog.reject()
