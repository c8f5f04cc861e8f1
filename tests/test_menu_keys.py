"""The real window's menus and texts, as a facilitator reads them, in English and Spanish: each key is spelt
one way per language (Qt's Spanish said "Control+Mayúsculas+N" where ours said "Ctrl+Mayús")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QMessageBox, QStyleOptionMenuItem, QWidget

from cxdesigner import i18n, qti18n, settings
from cxdesigner.mainwindow import MainWindow
from cxdesigner.window import help as helpmenu

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


@pytest.fixture
def own_settings(tmp_path, monkeypatch):
    # The test-mode settings are shared by every test process: the window reads this test's own.
    own = str(tmp_path / "settings.ini")
    monkeypatch.setattr(settings, "_store", lambda: QSettings(own, QSettings.Format.IniFormat))
    yield
    qti18n.apply("en")


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

