"""Error dialogs stay readable whatever a refused file or row makes a message quote."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtWidgets import QMessageBox

from cxdesigner import safety_ui
from cxdesigner.model.errors import MESSAGE_LINE_LIMIT, MESSAGE_LINES, readable


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=3000))
def test_readable_bounds_every_line_and_the_line_count(message):
    text = readable(message)
    lines = text.splitlines()
    assert len(lines) <= MESSAGE_LINES + 1
    assert all(len(line) <= MESSAGE_LINE_LIMIT for line in lines)


def test_a_short_message_is_kept_as_it_is():
    message = "The disk is full: /media/usb/hotel.cxd\nFree some space, then save again."
    assert readable(message) == message


def test_a_huge_quoted_row_is_cut_with_an_ellipsis():
    text = readable("Row 2 is not valid: " + "x" * 1_000_000)
    assert text.startswith("Row 2 is not valid: xxx") and text.endswith("…")
    assert len(text) == MESSAGE_LINE_LIMIT


def test_the_main_window_shows_a_megabyte_message_cut(qtbot, monkeypatch):
    from cxdesigner.mainwindow import MainWindow

    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show_error("Import", "Row 9 is too long: " + "é" * 1_000_000)
    (text,) = shown
    assert text.startswith("Row 9 is too long: éé") and len(text) == MESSAGE_LINE_LIMIT


def test_safety_boxes_cut_text_and_detail(qtbot):
    box = safety_ui._message_box(None, QMessageBox.Icon.Warning, "Recovery", "a" * 10_000, "b\n" * 1000)
    qtbot.addWidget(box)
    assert len(box.text()) == MESSAGE_LINE_LIMIT
    assert len(box.informativeText().splitlines()) == MESSAGE_LINES + 1
