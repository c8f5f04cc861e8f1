"""Every menu path the README and the user guide name (File ▸ Export ▸ Map…) is in the app's menus, in English and
in Spanish, with the shortcut the text gives it; every Ctrl/Alt shortcut they name is one the app has."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from cxdesigner import qti18n
from cxdesigner.mainwindow import MainWindow

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "guide"
SPANISH = [GUIDE / "es" / "inicio-rapido.md"]
ENGLISH = [ROOT / "README.md", *sorted(p for p in GUIDE.glob("*.md"))]
# A shortcut as the pages write it, in either language.
SHORTCUT = r"(?:(?:Ctrl|Alt|Shift|Mayús)\+)+(?:[A-Za-z0-9/,+-]|F\d+|Del|Supr|Ins|Down|Left|Enter|Intro)|F\d+\b"
KEY_NAMES = {"Mayús": "Shift", "Supr": "Del", "Intro": "Enter"}
# Shortcuts the pages name that no menu entry carries: keys of a text cell while it is being edited.
NOT_IN_MENUS = {"Ctrl+Enter"}


def _label(action: QAction) -> str:
    return re.sub(r"&(.)", r"\1", action.text()).rstrip("…").strip()


def _menus(qtbot, lang: str) -> dict[str, QAction]:
    """Top-level menu names → their actions, with every menu filled as when it opens."""
    qti18n.apply(lang)
    w = MainWindow(ui_lang=lang)
    qtbot.addWidget(w)
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    assert w.new_project(template="hotel", lang=lang)

    def fill(menu: QMenu) -> None:
        menu.aboutToShow.emit()
        for action in menu.actions():
            if action.menu() is not None:
                fill(action.menu())

    top = {}
    for action in w.menuBar().actions():
        fill(action.menu())
        top[_label(action)] = action
    return top


def _norm(text: str) -> str:
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    return re.sub(r"\s+", " ", text.replace("`", ""))


def _resolve(top: dict[str, QAction], rest: str) -> tuple[QAction | None, str, str]:
    """Walk ``rest`` (text starting at a top-level menu name) down the menus: the action reached, the path as
    written, and the text after it. None when a step names no entry."""
    name = next(n for n in top if rest.startswith(n + " ▸ "))
    action, path, rest = top[name], name, rest[len(name):]
    while rest.startswith(" ▸ ") and action.menu() is not None:
        rest = rest[3:]
        entries = [a for a in action.menu().actions() if not a.isSeparator()]
        # The whole label written out, longest first; else the page shortens it ("Map" for "Map (PNG, SVG, PDF)…",
        # "About" for "About CX Designer"): the words up to the end of the bold or the next bracket or comma
        # begin the label.
        whole = sorted((a for a in entries if rest.startswith(_label(a))), key=lambda a: -len(_label(a)))
        if whole:
            action = whole[0]
            label = _label(action)
        else:
            words = re.match(r"[^(),.;:*]*", rest).group(0).strip().rstrip("…")
            short = [a for a in entries if words and _label(a).startswith(words)]
            if not short:
                return None, f"{path} ▸ {rest[:40]}", ""
            action, label = short[0], words
        path += " ▸ " + label
        rest = rest[len(label):].lstrip("…")
    return action, path, rest


def _claims(pages: list[Path], top: dict[str, QAction]) -> list[tuple[str, str, QAction | None, str | None]]:
    """(page, path, action, shortcut written right after it) for every menu path on the pages."""
    names = "|".join(re.escape(n) for n in top)
    found = []
    for page in pages:
        text = _norm(page.read_text(encoding="utf-8"))
        end = 0
        for m in re.finditer(rf"\b(?:{names}) ▸ ", text):
            if m.start() < end:
                continue  # a step inside the path just read
            action, path, rest = _resolve(top, text[m.start():])
            end = m.start() + len(text[m.start():]) - len(rest)
            key = re.match(rf"\**\s*[(,]\s*({SHORTCUT})", rest)
            found.append((page.relative_to(ROOT).as_posix(), path, action, key.group(1) if key else None))
    return found


def _portable(written: str) -> str:
    for local, portable in KEY_NAMES.items():
        written = written.replace(local, portable)
    return QKeySequence(written).toString()


@pytest.mark.parametrize(("lang", "pages"), [("en", ENGLISH), ("es", SPANISH)], ids=["en", "es"])
def test_every_menu_path_the_pages_name_is_in_the_menus_with_its_shortcut(qtbot, own_settings, lang, pages):
    top = _menus(qtbot, lang)
    claims = _claims(pages, top)
    assert len(claims) >= (25 if lang == "en" else 8), "the pages' menu paths were not found"
    missing = [f"{page}: {path}" for page, path, action, _key in claims if action is None]
    assert missing == [], "menu paths the app does not have"
    wrong = [
        f"{page}: {path} ({key}, the app: {action.shortcut().toString() or 'none'})"
        for page, path, action, key in claims
        if key is not None and _portable(key) not in [s.toString() for s in action.shortcuts()]
    ]
    assert wrong == [], "shortcuts the menus do not carry"


def test_every_ctrl_or_alt_shortcut_the_english_pages_name_is_the_app_s(qtbot, own_settings):
    top = _menus(qtbot, "en")
    bound = set()
    todo = [a.menu() for a in top.values()]
    while todo:
        for action in todo.pop().actions():
            bound.update(s.toString() for s in action.shortcuts())
            if action.menu() is not None:
                todo.append(action.menu())
    written = set()
    for page in ENGLISH:
        text = _norm(page.read_text(encoding="utf-8"))
        # Ctrl+wheel, Ctrl+arrows, Space+drag are gestures, not keys of a menu.
        written.update(k for k in re.findall(r"\b(?:Ctrl|Alt)\+[\w/,+-]+", text)
                       if not re.search(r"wheel|arrows|drag", k))
    written = {k.rstrip(",.") for k in written}
    unknown = sorted(k for k in written if QKeySequence(k).toString() not in bound and k not in NOT_IN_MENUS)
    assert unknown == [], "shortcuts the pages name that no menu entry has"
