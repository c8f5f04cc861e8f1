"""What a workshop's windows leave behind when they close: nothing, however often the facilitator presses F5."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import QCoreApplication, QEvent
from workshop_helpers import close_window, open_window


def _gone(refs: list[weakref.ref]) -> list[str]:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    return [type(obj).__name__ for obj in (r() for r in refs) if obj is not None]


def test_a_closed_presentation_frees_its_window_editor_and_scene(qtbot):
    """Each F5 and Esc left the projector's window, its editor and a whole scene of the map alive for good.

    A lambda over the window, connected to its own scene's signal, was held by the connection in C++,
    where the collector cannot see it: the scene kept the window, which kept the scene.
    """
    w = open_window(qtbot, cards=6)
    try:
        left: list[weakref.ref] = []
        for _ in range(3):
            window = w.workshop.start_presentation()
            assert window is not None
            qtbot.waitExposed(window)
            w.workshop.model.next()
            qtbot.wait(1)
            left += [weakref.ref(window), weakref.ref(window.editor), weakref.ref(window.editor.scene)]
            w.workshop.stop_presentation()
            del window
        assert _gone(left) == []
        assert w.workshop.presentation is None and w.editor.scene.card_item(w.card_ids[0]) is not None
    finally:
        close_window(w)


def test_a_presentation_closed_during_a_vote_frees_its_window_and_the_vote_goes_on(qtbot):
    from test_workshop_voting import start_session

    w = open_window(qtbot, cards=6)
    try:
        sid = start_session(w)
        assert sid and w.workshop.voting.voting
        window = w.workshop.start_presentation()
        qtbot.waitExposed(window)
        assert w.workshop.voting.vote(w.card_ids[0])
        left = [weakref.ref(window), weakref.ref(window.editor), weakref.ref(window.editor.scene)]
        w.workshop.stop_presentation()
        del window
        assert _gone(left) == []
        assert w.workshop.voting.voting and w.workshop.voting.vote(w.card_ids[1])
        assert sum(w.workshop.voting.used().values()) == 2
    finally:
        close_window(w)
