"""A hostile clipboard (our MIME type holding values of the wrong shape, huge plain text): one line, no traceback."""

from __future__ import annotations

import json

import pytest
from editor_helpers import hotel_editor
from hostile import CLIPBOARD
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from cxdesigner.layout import clipboard

# What the refusal tells the person to do (it said only what was wrong).
AGAIN = "; copy the cards again in CX Designer, then paste"


@pytest.fixture
def editor(qtbot):
    yield from hotel_editor(qtbot)


def _put(mime: QMimeData) -> None:
    QGuiApplication.clipboard().setMimeData(mime)


@pytest.mark.parametrize("name", sorted(CLIPBOARD))
def test_cards_whose_ids_are_not_text_are_refused_as_damaged(editor, name):
    project = editor.doc.project
    valid = clipboard.encode_cards(project, [tp.id for tp in project.touchpoints(editor.journey_id)[:2]])
    before = project.snapshot()
    mime = QMimeData()
    mime.setData(clipboard.MIME_TYPE, json.dumps(CLIPBOARD[name](valid)).encode("utf-8"))
    _put(mime)
    assert editor.paste() == []  # a TypeError ("unhashable type: 'list'") escaped here as a traceback
    assert editor.errors == ["Cannot paste: The clipboard's cards are damaged" + AGAIN]
    assert project.snapshot() == before


def test_our_type_with_no_list_of_cards_pastes_nothing_without_an_error(editor):
    before = editor.doc.project.snapshot()
    mime = QMimeData()
    mime.setData(clipboard.MIME_TYPE, json.dumps({"format": clipboard.FORMAT, "version": 1}).encode("utf-8"))
    _put(mime)
    assert editor.paste() == [] and editor.errors == []  # it raised KeyError: 'touchpoints'
    assert editor.doc.project.snapshot() == before


def test_plain_text_is_read_line_by_line_only_as_far_as_the_cards_it_makes():
    # The whole text was split first: twenty million line breaks were 300 MB and two seconds on the
    # UI thread for no card. Only the first 500 lines that hold words are ever read now.
    class Counting(str):
        def splitlines(self, *args, **kwargs):  # pragma: no cover - the old way
            raise AssertionError("the whole clipboard was split into lines")

    text = Counting("\n" * 2_000 + "  Calls the shop \t again\n" + "a\n" * 1_000_000)
    titles = clipboard.cards_from_text(text)
    assert titles[0] == "Calls the shop again" and len(titles) == 500


def test_plain_text_cards_are_the_lines_with_words_in_them():
    text = "  one \r\n\r\n two\x0bthree\u2028\u3000\u00a0four five\x1c\n\t \n"
    assert clipboard.cards_from_text(text) == ["one", "two", "three", "four five"]
    assert clipboard.cards_from_text(text, limit=2) == ["one", "two"]


def test_a_huge_plain_text_pastes_its_first_cards_at_once(editor):
    mime = QMimeData()
    mime.setText("\n" * 3_000_000 + "Calls the shop\n" + "Reads reviews\n" * 3)
    _put(mime)
    editor.scene.current_cell = None
    ids = editor.paste()
    assert [editor.doc.project.tables["touchpoint"][i].title for i in ids] == ["Calls the shop"] + ["Reads reviews"] * 3


def test_cards_nested_thousands_deep_are_refused_as_damaged_not_a_crash():
    """hostile44: json.loads raises RecursionError, not ValueError, on thousands of nested brackets."""
    with pytest.raises(clipboard.ValidationError, match="their text is not valid JSON" + AGAIN):
        clipboard.decode("[" * 10_000 + "]" * 10_000)
