"""Guard against the PySide6 6.12.0 / CPython 3.11 bug that drops a reference to None per void call."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QGraphicsRectItem


def test_void_qt_calls_keep_none_refcount(qapp):
    item = QGraphicsRectItem(0, 0, 10, 10)
    before = sys.getrefcount(None)
    for i in range(20_000):
        item.setPos(i % 100, 0)
    after = sys.getrefcount(None)
    # A leaked decref per call would drop it by ~20,000 (and abort the interpreter near zero).
    assert after >= before - 100, (before, after)
