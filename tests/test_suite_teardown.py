"""The suite's own teardown: what a test leaves behind is gone before the next test starts."""

from __future__ import annotations

import conftest
import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QWidget


def test_a_window_closed_by_pytest_qt_is_deleted_by_the_teardown(qtbot):
    window = QWidget()
    window.show()
    # What pytest-qt's teardown does with a registered widget: close, deleteLater, processEvents.
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    assert shiboken6.isValid(window), "processEvents() alone deleted it: the teardown has nothing to do"

    teardown = conftest.pytest_runtest_teardown(None)
    next(teardown)
    with pytest.raises(StopIteration):
        teardown.send(None)
    assert not shiboken6.isValid(window)
    assert window not in QApplication.topLevelWidgets()
