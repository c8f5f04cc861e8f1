"""Access keys for the menus' entries that are made as the program runs, in any language (Qt has no Qt-free part,
this module no other of ours: the window, the map and the panels use it).

The View menu's panels are named after their docks' titles, the templates, screens and timer presets after what
they offer: none had an access key, so Alt+V then a letter reached none of them. Each gets, when its menu opens,
the first letter of a word not taken in that menu (else any free letter or digit), after the keys the catalogue
gives the fixed entries, so the two never clash in either language.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QMenu, QMenuBar

_KEY = re.compile(r"&([^&\s])")


def access_key(text: str) -> str | None:
    """The access key of a menu text ("Ne&w" → "w"), casefolded; None when it has none (an "&&" is an "&")."""
    match = _KEY.search(text.replace("&&", ""))
    return match.group(1).casefold() if match else None


def with_access_key(text: str, taken: set[str]) -> str:
    """``text`` with an "&" before its first character that can be a key and is not in ``taken``: a word's first
    letter if one is free, else any letter or digit of it, else a free digit before it; ``text`` as it is when it
    has a key."""
    if access_key(text) is not None:
        return text
    # Where each shown character starts in ``text``, an "&&" (an "&" as typed) being one character.
    starts, i = [], 0
    while i < len(text):
        starts.append(i)
        i += 2 if text.startswith("&&", i) else 1
    firsts = [i for n, i in enumerate(starts) if text[i].isalnum() and (n == 0 or not text[starts[n - 1]].isalnum())]
    others = [i for i in starts if text[i].isalnum() and i not in firsts]
    for i in firsts + others:
        if text[i].casefold() not in taken:
            return text[:i] + "&" + text[i:]
    # Every letter of it taken (the eighteenth template, "Retail store visit (Español)"): a digit before it, as
    # the recent files have.
    digit = next((d for d in "1234567890" if d not in taken), None)
    return f"&{digit} {text}" if digit is not None else text


def complete_access_keys(menu: QMenu, deep: bool = False) -> None:
    """Give each shown, enabled entry of ``menu`` without an access key one no other entry of it has; with ``deep``,
    in its submenus too (a context menu, made whole before it is shown)."""
    actions = [a for a in menu.actions() if not a.isSeparator() and a.isVisible() and a.text()]
    if deep:
        for action in actions:
            if action.menu() is not None:
                complete_access_keys(action.menu(), deep=True)
    taken = {key for a in actions if (key := access_key(a.text())) is not None}
    for action in actions:
        text = action.text()
        # A disabled entry that has none ("(no recent files)", the language CXDESIGNER_LANG fixes) only says something.
        if access_key(text) is None and action.isEnabled():
            keyed = with_access_key(text, taken)
            if keyed != text:
                action.setText(keyed)
                taken.add(access_key(keyed) or "")


def follow_menus(bar: QMenuBar) -> None:
    """Complete the access keys of every menu under ``bar`` each time one opens, after it has filled itself."""

    def follow(menu: QMenu) -> None:
        menu.aboutToShow.connect(lambda m=menu: complete_access_keys(m))
        for action in menu.actions():
            if action.menu() is not None:
                follow(action.menu())

    for action in bar.actions():
        if action.menu() is not None:
            follow(action.menu())


__all__ = ["access_key", "complete_access_keys", "follow_menus", "with_access_key"]
