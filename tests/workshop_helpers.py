"""Shared set-up of the workshop tests: a main window over a small project, a fake clock, clicks on cards."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from cxdesigner.mainwindow import MainWindow


class FakeClock:
    """A monotonic clock the test moves on by hand: nothing sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def open_window(qtbot, cards: int = 4, template: str | None = None) -> MainWindow:
    """A shown main window over a new project whose first journey has ``cards`` more cards, one per stage."""
    w = MainWindow()
    qtbot.addWidget(w)
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    w.errors = []
    w.show_error = lambda title, message: w.errors.append((title, message))
    assert w.new_project(template, "en")
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    doc = w.doc
    j = doc.journeys()[0]
    stages, lanes = doc.project.stages(j.id), doc.project.lanes(j.id)
    w.card_ids = [doc.add_touchpoint(j.id, stages[i % len(stages)].id, lanes[0].id, f"Card {i}") for i in range(cards)]
    w.journey_id = j.id
    return w


def close_window(w: MainWindow) -> None:
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    w.workshop.stop_presentation()
    w.close()


def card_point(editor, card_id: str) -> QPoint:
    """Where a card is on its editor's viewport (the card is scrolled into view first)."""
    item = editor.scene.card_item(card_id)
    rect = item.mapRectToScene(item.card_rect())
    editor.view.ensureVisible(rect, 10, 10)
    return editor.view.mapFromScene(rect.center())


def click_card(editor, card_id: str, button: Qt.MouseButton = Qt.MouseButton.LeftButton) -> None:
    QTest.mouseClick(editor.view.viewport(), button, Qt.KeyboardModifier.NoModifier, card_point(editor, card_id))


def key(editor, k: Qt.Key, text: str = "") -> None:
    QTest.keyClick(editor.view, k)
