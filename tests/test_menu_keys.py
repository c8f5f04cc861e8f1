"""The real window's menus and texts, as a facilitator reads them, in English and Spanish: each key is spelt
one way per language (Qt's Spanish said "Control+Mayúsculas+N" where ours said "Ctrl+Mayús"), and no two
entries of a menu share an access key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from dialogkit import project_dialogs
from PySide6.QtCore import QPointF
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QMenu,
    QMessageBox,
    QStyleOptionMenuItem,
    QWidget,
)
from tipkit import tip_text

from cxdesigner import i18n, qti18n
from cxdesigner.canvas.addlane_dialog import AddLaneDialog
from cxdesigner.canvas.items import LaneHeaderItem, StageHeaderItem
from cxdesigner.dialogs.fill_survey import FillSurveyDialog
from cxdesigner.mainwindow import MainWindow
from cxdesigner.window import help as helpmenu
from cxdesigner.window import preferences

ROOT = Path(__file__).resolve().parent.parent

# Every key name a text may show, as the language's desktop software writes them (GNOME, LibreOffice,
# Windows in Spanish: "Ctrl", "Mayús", "Supr", "Re Pág"). Single characters and F1…F12 are names too, and
# the Redo key some keyboards have (Qt binds it to Redo on Linux).
NAMES = {
    "en": {"Ctrl", "Shift", "Alt", "Enter", "Esc", "Tab", "Backspace", "Delete", "Insert", "Home", "End",
           "Page Up", "Page Down", "Left", "Right", "Up", "Down", "Space", "Menu", "Redo"},
    "es": {"Ctrl", "Mayús", "Alt", "Intro", "Esc", "Tab", "Retroceso", "Supr", "Insert", "Inicio", "Fin",
           "Re Pág", "Av Pág", "Izquierda", "Derecha", "Arriba", "Abajo", "Espacio", "Menú", "Rehacer"},
}  # fmt: skip
# What a text joins to a modifier that is no key: a gesture or the arrows as a group.
GESTURES = {"arrow", "arrows", "click", "wheel", "drag", "flecha", "flechas", "clic", "rueda"}
# A combination in running text: modifiers (ours or Qt's old spellings), "+", then the key.
COMBO = re.compile(r"(?:\b(?:Ctrl|Control|Shift|Mayús|Mayúsculas|Alt|Meta)\+)+(?:[^\s,;:.)+/*`]+|[+/,.])")
# Qt's own spellings that ours replace; in a menu or a combination they are wrong.
QT_SPELLINGS = {
    "en": {"Return", "Del", "Ins", "PgUp", "PgDown"},
    "es": {"Control", "Mayúsculas", "Retorno", "Suprimir", "Insertar", "Tabulador", "Escape", "Borrar"},
}


def _window(qtbot, lang: str, project: bool = True) -> MainWindow:
    qti18n.apply(lang)
    w = MainWindow(ui_lang=lang)
    qtbot.addWidget(w)
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    if project:
        assert w.new_project(template="hotel", lang=lang)
    return w


def _menus(w: MainWindow) -> list[tuple[str, QMenu]]:
    """Every menu of the menu bar and their submenus, filled as when they open, with the path to each."""
    out = []

    def walk(menu: QMenu, path: str) -> None:
        menu.aboutToShow.emit()
        out.append((path, menu))
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} ▸ {helpmenu.plain(action.text())}")

    for top in w.menuBar().actions():
        walk(top.menu(), helpmenu.plain(top.text()))
    return out


def _drawn(menu: QMenu, action: QAction) -> tuple[str, str]:
    """What the menu draws for ``action``: its text (with the "&" of its access key) and its keys."""
    option = QStyleOptionMenuItem()
    menu.initStyleOption(option, action)
    text, _tab, keys = option.text.partition("\t")
    return text, keys


def _bad_names(keys: str, lang: str) -> list[str]:
    """The names in a shortcut text ("Ctrl+Mayús+Z, Ctrl+Y") that are not the language's spelling."""
    bad = []
    for combo in keys.split(", "):
        # "Ctrl++" and "Ctrl+," end in the key "+" or ","; the rest split at each "+".
        parts = combo[:-2].split("+") + [combo[-1]] if combo.endswith("++") else combo.split("+")
        for name in parts:
            if not (len(name) == 1 or re.fullmatch(r"F\d{1,2}", name) or name in NAMES[lang] or name in GESTURES):
                bad.append(name)
    return bad


def _texts_with_keys(w: QWidget) -> list[str]:
    """Texts the window shows around its controls: tooltips, descriptions, labels, the actions' tooltips."""
    texts = []
    for widget in [w, *w.findChildren(QWidget)]:
        texts += [widget.toolTip(), widget.accessibleDescription(), widget.statusTip()]
        if isinstance(widget, QLabel):
            texts.append(widget.text())
    texts += [a.toolTip() for a in w.findChildren(QAction)]
    return [t for t in texts if t]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_menu_names_its_keys_as_the_language_does(qtbot, own_settings, lang):
    w = _window(qtbot, lang)
    shown = {}
    for path, menu in _menus(w):
        for action in menu.actions():
            text, keys = _drawn(menu, action)
            if keys:
                shown[f"{path} ▸ {helpmenu.plain(text)}"] = keys
    assert len(shown) >= 30, "the menus' shortcuts were not read"
    wrong = {entry: keys for entry, keys in shown.items() if _bad_names(keys, lang)}
    assert wrong == {}
    # The keys of the entries the guide teaches first, as the menus draw them.
    expect = {
        "en": {"New Window": "Ctrl+Shift+N", "Delete": "Delete, Backspace", "Edit in the Inspector": "Alt+Enter, Enter",
               "Next stage": "Page Down", "New touchpoint": "Insert"},
        "es": {"Nueva ventana": "Ctrl+Mayús+N", "Eliminar": "Supr, Retroceso",
               "Modificar en el Inspector": "Alt+Intro, Intro", "Etapa siguiente": "Av Pág",
               "Nuevo punto de contacto": "Insert"},
    }[lang]  # fmt: skip
    by_name = {entry.rsplit(" ▸ ", 1)[1]: keys for entry, keys in shown.items()}
    # A menu draws an entry's first key only; the shortcut list shows them all.
    assert {name: by_name.get(name) for name in expect} == {k: v.split(", ")[0] for k, v in expect.items()}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_shortcut_list_tooltips_and_start_page_spell_keys_as_the_menus(qtbot, own_settings, lang):
    start = _window(qtbot, lang, project=False)
    w = _window(qtbot, lang)
    dialog = helpmenu.ShortcutsDialog(w)
    qtbot.addWidget(dialog)
    rows = dialog.visible_rows()
    # The arrows and the emotion digits are written as signs: "Mayús+← → ↑ ↓", "1–7, 0".
    signs = {name: keys.replace("← → ↑ ↓", "arrows").replace("1–7", "1") for name, keys in rows}
    wrong_rows = [(name, keys) for name, keys in signs.items() if keys and _bad_names(keys, lang)]
    assert wrong_rows == []
    keys_of = dict(rows)
    enter, shift = {"en": ("Enter", "Shift"), "es": ("Intro", "Mayús")}[lang]
    assert keys_of[i18n._("Keep the card and type the next one below it")] == enter
    assert keys_of[i18n._("Keep the card and go to the next or previous stage")] == f"Tab, {shift}+Tab"
    assert keys_of[i18n._("Add the next card to the selection, to connect them")] == f"{shift}+← → ↑ ↓"
    # Tooltips, the start page's descriptions, the empty states' and the panels' hints.
    texts = _texts_with_keys(start) + _texts_with_keys(w)
    combos = [c for t in texts for c in COMBO.findall(t)]
    assert len(combos) >= 3, "no keys found in the window's texts"
    wrong = sorted({c for c in combos if _bad_names(c, lang)})
    assert wrong == []
    old = sorted({word for t in texts for word in QT_SPELLINGS[lang] if re.search(rf"\b{word}\+|\+{word}\b", t)})
    assert old == []


@pytest.mark.parametrize(
    ("lang", "pages"),
    [("en", [ROOT / "README.md", *sorted((ROOT / "docs" / "guide").glob("*.md"))]),
     ("es", sorted((ROOT / "docs" / "guide" / "es").glob("*.md")))],
    ids=["en", "es"],
)  # fmt: skip
def test_the_guide_spells_keys_as_the_app(lang, pages):
    wrong = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        wrong += [f"{page.name}: {c}" for c in COMBO.findall(text) if _bad_names(c, lang)]
        # A key alone in bold, as the pages name them: "**Supr** borra".
        wrong += [f"{page.name}: {k}" for k in re.findall(r"\*\*([^*]+)\*\*", text) if k in QT_SPELLINGS[lang]]
    assert wrong == []


def _access_key(text: str) -> str | None:
    match = re.search(r"&([^&\s])", text.replace("&&", ""))
    return match.group(1).casefold() if match else None


# Entries whose text changes with the state (a room open, the panels put away): both must fit their menu.
ALTERNATES = {"Start &Room Session…": "Show &Join Screen", "Hide All &Panels": "Show All &Panels"}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_entry_of_a_menu_has_an_access_key_of_its_own(qtbot, own_settings, lang):
    """names44: the View menu's panels, the templates, the screens and the timer presets had none."""
    w = _window(qtbot, lang)
    alternates = {i18n._(a): i18n._(b) for a, b in ALTERNATES.items()}
    menus = [("menu bar", w.menuBar().actions(), None), *((p, m.actions(), m) for p, m in _menus(w))]
    # The map's menus share the Edit menu's actions with their own entries: a card's, a header's, a cell's.
    scene = w.editor.scene
    card = next(iter(scene.card_items().values()))
    headers = [next(i for i in scene.items() if isinstance(i, kind)) for kind in (StageHeaderItem, LaneHeaderItem)]
    for name, item in [("card", card), ("stage", headers[0]), ("lane", headers[1])]:
        menu = w.editor.context_menu_for(item.mapToScene(item.boundingRect().center()))
        menus.append((f"the {name}'s menu", menu.actions(), menu))
    below = card.mapToScene(card.boundingRect().bottomLeft()) + QPointF(4, 6)
    cell_menu = w.editor.context_menu_for(below)
    menus.append(("a cell's menu", cell_menu.actions(), cell_menu))
    clashes, keyless = {}, []
    for path, actions, menu in menus:
        by_key: dict[str, list[str]] = {}
        for action in actions:
            if action.isSeparator() or not action.isVisible() or not action.text():
                continue
            drawn = _drawn(menu, action)[0] if menu is not None else action.text()
            if _access_key(drawn) is None and action.isEnabled():  # a disabled one only says something
                keyless.append(f"{path} ▸ {drawn}")
            keys = {_access_key(text) for text in (drawn, alternates.get(drawn, drawn))} - {None}
            for key in keys:
                by_key.setdefault(key, []).append(helpmenu.plain(drawn))
        clashes.update({f"{path}: {k}": names for k, names in by_key.items() if len(names) > 1})
    assert clashes == {}
    assert keyless == [], keyless
    assert len(menus) >= 16, "the menus were not all read"
    # Every Edit entry has a key of its own: in Spanish "Nuevo punto de contacto" and "Nuevo subviaje desde la
    # tarjeta" had none (every letter of them taken), in English neither had one either.
    edit_path = helpmenu.plain(w.edit_menu.title())
    edit = [(menu, a) for path, menu in _menus(w) if path == edit_path for a in menu.actions()]
    keyless = [_drawn(m, a)[0] for m, a in edit if not a.isSeparator() and _access_key(_drawn(m, a)[0]) is None]
    assert len(edit) >= 15 and keyless == []
    assert any(helpmenu.plain(a.text()) == i18n._("Paste here") for a in cell_menu.actions()), "not a cell's menu"


def _dialog_keys(dialog: QWidget) -> dict[str, list[str]]:
    """The access keys of a dialog's shown buttons, check boxes, group boxes and labels of a field."""
    by_key: dict[str, list[str]] = {}
    for widget in [dialog, *dialog.findChildren(QWidget)]:
        if not widget.isVisibleTo(dialog):
            continue
        # A label's access key works only for the field it names (its buddy).
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            text = widget.text()
        elif isinstance(widget, QGroupBox):
            text = widget.title()
        else:
            continue
        if (key := _access_key(text)) is not None:
            by_key.setdefault(key, []).append(helpmenu.plain(text))
    return by_key


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_two_controls_of_a_dialog_share_an_access_key(qtbot, own_settings, tmp_path, lang):
    w = _window(qtbot, lang)
    doc, jid = w.doc, w.editor.journey_id
    cards = [tp.id for tp in doc.project.touchpoints(jid)][:2]
    # With cards selected the map's export offers "Only the selected cards".
    made = project_dialogs(w, tmp_path, cards) + [
        FillSurveyDialog(doc, jid, parent=w),
        AddLaneDialog(w, lang),
        preferences.PreferencesDialog(w),
        helpmenu.ShortcutsDialog(w),
    ]
    clashes = {}
    for dialog in made:
        qtbot.addWidget(dialog)
        dialog.show()
        keys = _dialog_keys(dialog)
        clashes.update({f"{type(dialog).__name__}: {k}": v for k, v in keys.items() if len(v) > 1})
        dialog.close()
    assert clashes == {}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_start_page_reaches_its_commands_and_both_lists_by_access_keys(qtbot, own_settings, lang):
    """names44: the template list (and the recent one) had no key, nor had the page's buttons; the page's keys are
    pressed with Alt as the menu bar's, so they must not clash with those either."""
    w = _window(qtbot, lang, project=False)
    page = w.centralWidget()
    assert page.templates_heading.buddy() is page.templates and page.recent_heading.buddy() is page.recent
    keys = {_access_key(a.text()): [helpmenu.plain(a.text())] for a in w.menuBar().actions()}
    keyless = []
    for widget in page.findChildren(QWidget):
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            if (key := _access_key(widget.text())) is None:
                keyless.append(widget.text())
            else:
                keys.setdefault(key, []).append(helpmenu.plain(widget.text()))
    assert keyless == []
    assert {k: v for k, v in keys.items() if len(v) > 1} == {}
    assert len(keys) >= 6 + 7


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_toolbar_buttons_tooltip_names_the_keys_of_its_action(qtbot, own_settings, lang):
    """names44: the toolbars' buttons (Present, Vote, Undo…) said what they do but never the key that does it."""
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolBar, QToolButton, QToolTip

    w = _window(qtbot, lang)
    w.show()
    shown = {}
    for bar in w.findChildren(QToolBar):
        for button in bar.findChildren(QToolButton):
            action = button.defaultAction()
            if action is None or not button.isVisible():
                continue
            source = w.undo_stack.twin_action(action) or action
            keys = helpmenu.shortcut_text(source)
            event = QHelpEvent(QEvent.Type.ToolTip, QPoint(2, 2), button.mapToGlobal(QPoint(2, 2)))
            QApplication.sendEvent(button, event)
            shown[helpmenu.plain(source.text())] = (keys, tip_text(QToolTip.text()))
            QToolTip.hideText()
    with_keys = {name: tip for name, (keys, tip) in shown.items() if keys}
    assert len(with_keys) >= 4, shown
    assert {name: tip for name, (keys, tip) in shown.items() if keys and f"({keys})" not in tip} == {}
    assert with_keys[helpmenu.plain(i18n._("&Present"))].endswith("(F5)")
