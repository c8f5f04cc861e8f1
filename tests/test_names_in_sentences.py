"""A name from a file or a phone goes into a sentence one way, ``i18n.name_in_text``: shown as what it is and isolated.

names44: a card titled with a right-to-left override (U+202E) turned around the rest of "Rename touchpoint “…” to
“…”", of the Edit menu's Undo that names it, of the status bar and of error messages, in both languages; the window
title and the recent list (hostile43) were the only places that isolated a name.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QTextLayout

import cxdesigner
from cxdesigner import i18n
from cxdesigner.document import commands as dc
from cxdesigner.exchange.common import require_journey
from cxdesigner.model import ValidationError
from cxdesigner.qtcommands import menu_detail

PACKAGE = Path(cxdesigner.__file__).resolve().parent
OVERRIDE = "Check\u202e in"  # the override turns everything after it, to the end of the line
HEBREW = "קבלה 3"  # a number after right-to-left letters joins them
MARKS = {"en": ("“", "”"), "es": ("«", "»")}


def _left_to_right(text: str, start: int) -> bool:
    """Whether the characters from ``start`` on are laid out from left to right, as Qt draws ``text``."""
    layout = QTextLayout(text, QFont("DejaVu Sans", 12))
    layout.beginLayout()
    line = layout.createLine()
    layout.endLayout()
    xs = [line.cursorToX(i)[0] for i in range(start, len(text) + 1)]
    return xs == sorted(xs) and xs[0] < xs[-1]


@pytest.fixture(params=["en", "es"])
def lang(request):
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language("en")


def test_a_name_in_a_sentence_is_on_one_line_its_controls_shown_and_isolated_balanced():
    assert i18n.name_in_text("Lobby") == "Lobby"
    assert i18n.name_in_text("two\nlines\x07") == "two lines\\u0007"
    assert i18n.name_in_text(OVERRIDE) == "Check\\u202e in"
    assert i18n.name_in_text(HEBREW) == "\u2068" + HEBREW + "\u2069"
    # A name's own isolates cannot end ours early (a stray PDI) nor carry it past its end (one left open).
    assert i18n.name_in_text("\u2069" + HEBREW) == "\u2068\\u2069" + HEBREW + "\u2069"
    assert i18n.name_in_text("\u2067" + HEBREW) == "\u2068\u2067" + HEBREW + "\u2069\u2069"
    # Once is enough: a name cut for an undo step and then put into it is isolated once.
    once = i18n.name_in_text(HEBREW)
    assert i18n.name_in_text(once) == once
    assert i18n.name_in_text("word " * 30, 24) == "word word word word…"


def test_an_undo_step_renaming_a_hostile_name_reads_left_to_right_after_it(qapp, tmp_path, lang):
    start, end = MARKS[lang]
    doc = cxdesigner.new_project(tmp_path / "p.cxd", template="hotel", lang=lang)
    try:
        card = doc.project.touchpoints(doc.project.journeys()[0].id)[0]
        for old in (OVERRIDE, HEBREW, "\u2067" + HEBREW):
            doc.execute(dc.UpdateCommand("touchpoint", card.id, title=old))
            doc.execute(dc.UpdateCommand("touchpoint", card.id, importance=1 + len(old) % 5))  # not merged with
            doc.execute(dc.UpdateCommand("touchpoint", card.id, title="Desk"))
            text = doc.stack.undo_text()
            assert text.endswith(f"{start}Desk{end}") and i18n.name_in_text(old) in text, text
            # Everything after the old name's closing mark, the new name too, reads on from left to right.
            assert _left_to_right("Undo " + text, len("Undo ") + text.index(f"{end} ")), (old, text)
            # The Edit menu's text, cut inside a long name, closes it before the closing mark.
            shown = menu_detail(dc.named(i18n._("Add touchpoint “{title}”"), "", title=old + " " + "word " * 30))
            assert shown.replace("\u2069", "").endswith("…" + end), shown
            assert shown.count("\u2068") + shown.count("\u2067") == shown.count("\u2069")
            assert _left_to_right(shown + " ok", len(shown) - 1), shown
    finally:
        doc.close()


def test_a_message_naming_a_missing_journey_reads_left_to_right_after_the_name(qapp, tmp_path, lang):
    doc = cxdesigner.new_project(tmp_path / "p.cxd", lang=lang)
    try:
        for asked in (OVERRIDE, HEBREW):
            with pytest.raises(ValidationError) as caught:
                require_journey(doc.project, asked)
            message = str(caught.value)
            assert i18n.name_in_text(asked) in message
            after = message.index(MARKS[lang][1])
            assert _left_to_right(message, after), message
    finally:
        doc.close()


# What puts a name into a sentence: the helper itself, and the helpers built on it.
HELPERS = {"name_in_text", "short_name", "shown_name", "quote", "quoted", "shown_value"}
QUOTED_FIELD = re.compile(r"[“«]\{(\w+)\}[”»]")
TRANSLATING = {"_", "gettext", "ngettext", "pgettext", "npgettext"}


def _msgids(call: ast.expr) -> list[str]:
    """The message ids of a translating call (``_("…")``, ``t.ngettext("…", "…", n)``), else none."""
    if not isinstance(call, ast.Call):
        return []
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    if name not in TRANSLATING:
        return []
    return [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]


def _is_helper(node: ast.expr, made: set[str]) -> bool:
    if isinstance(node, ast.Name):
        return node.id in made
    if isinstance(node, ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        return name in HELPERS
    return False


def test_every_quoted_name_in_a_message_goes_through_name_in_text():
    """Each ``{name}`` a msgid sets in quotation marks is filled through the helper (or one built on it)."""
    unchecked = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if not QUOTED_FIELD.search(text):
            continue  # no msgid quotes a field here: parsed for nothing
        tree = ast.parse(text)
        # Names bound to a helper's result anywhere in the module ("asked = name_in_text(name)").
        made = {
            target.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign) and _is_helper(node.value, set())
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"):
                continue
            fields = {f for msgid in _msgids(node.func.value) for f in QUOTED_FIELD.findall(msgid)}
            for keyword in node.keywords:
                if keyword.arg in fields and not _is_helper(keyword.value, made):
                    unchecked.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {keyword.arg}")
    assert unchecked == [], unchecked
