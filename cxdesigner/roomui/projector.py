"""What the room needs from the workshop: what the projector shows, the voting session, the timer, the phase.

``Projector`` is the small interface the room reads; the workshop (presentation mode, voting
sessions, the exercise timer) implements it. Until it is wired in, ``SelectionProjector`` answers
from what the window already has: the journey on screen, the selected card as the step, the
journey's open voting session, and the workshop's exercise timer.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from ..document import Selection
from ..document.voting import quick_session_id
from ..model import Change, Project
from ..room.state import Phase, Timer

Listener = Callable[[], None]


@runtime_checkable
class Projector(Protocol):
    """What the phones follow; ``subscribe``-d listeners hear of every change (on the UI thread)."""

    def journey_id(self) -> str | None:
        """The journey on the projector: ideas go to its inbox."""

    def stage_id(self) -> str | None:
        """The stage on the projector (None: the whole journey)."""

    def step_id(self) -> str | None:
        """The card (step) the room rates now, if any."""

    def vote_session_id(self) -> str | None:
        """The voting session phones vote in, if one runs."""

    def timer(self) -> Timer | None:
        """The exercise timer, if one is set."""

    def phase(self) -> Phase:
        """What phones may do now."""

    def set_phase(self, phase: Phase) -> None: ...

    def subscribe(self, listener: Listener) -> None: ...

    def unsubscribe(self, listener: Listener) -> None: ...


class SelectionProjector:
    """The projector as main has it: the window's selection and the journey's open voting session."""

    def __init__(
        self, project: Project, selection: Selection, phase: Phase | None = None,
        timer: Callable[[], Timer | None] | None = None, clock: Callable[[], float] = time.monotonic,
        presenting: Callable[[], tuple[bool, str | None]] | None = None,
    ) -> None:
        self.project, self.selection = project, selection
        # Whether a presentation runs and the stage it shows (None: the whole journey): the room looks at that.
        self._presenting = presenting
        self._phase = phase or Phase()
        self._listeners: list[Listener] = []
        self._timer, self._clock = timer, clock
        self._timer_seen: tuple[bool, float] | None = None
        selection.subscribe(self._selection_changed)
        project.subscribe(self._project_changed)

    def close(self) -> None:
        self.selection.unsubscribe(self._selection_changed)
        self.project.unsubscribe(self._project_changed)
        self._listeners.clear()

    def journey_id(self) -> str | None:
        jid = self.selection.journey_id
        return jid if jid in self.project.tables["journey"] else None

    def step_id(self) -> str | None:
        cards = self.project.tables["touchpoint"]
        for tid in self.selection.touchpoint_ids:
            card = cards.get(tid)
            if card is not None and card.journey_id == self.journey_id():
                return card.id
        return None

    def stage_id(self) -> str | None:
        """The presentation's stage while one runs (the phones' "Now" named the card selected in the editor, not
        the step the projector showed); else the selected card's."""
        if self._presenting is not None:
            running, stage = self._presenting()
            if running:
                jid = self.journey_id()
                known = self.project.tables["stage"].get(stage) if stage else None
                return stage if known is not None and known.journey_id == jid else None
        step = self.step_id()
        return self.project.tables["touchpoint"][step].stage_id if step else None

    def presentation_changed(self) -> None:
        """The presentation started, stopped or stepped: phones follow its stage."""
        self._emit()

    def vote_session_id(self) -> str | None:
        """The journey's newest open session (not the map's own "+1" quick votes)."""
        jid = self.journey_id()
        if jid is None:
            return None
        quick = quick_session_id(jid)
        open_ = [s for s in self.project.vote_sessions(jid) if s.state == "open" and s.id != quick]
        return open_[-1].id if open_ else None

    def timer(self) -> Timer | None:
        return self._timer() if self._timer is not None else None

    def timer_changed(self) -> None:
        """The exercise timer changed: tell the listeners when phones would see it (started, paused, put
        away, time added), not at each tick of a running countdown (phones count down themselves)."""
        timer = self.timer()
        # A running timer by when it ends, a still one by what is left: both stay put while it runs.
        seen = None if timer is None else (timer.running, timer.remaining + (self._clock() if timer.running else 0))
        before, self._timer_seen = self._timer_seen, seen
        if seen is None or before is None:
            if seen != before:
                self._emit()
        elif seen[0] != before[0] or abs(seen[1] - before[1]) > 0.5:
            self._emit()

    def phase(self) -> Phase:
        return self._phase

    def set_phase(self, phase: Phase) -> None:
        if phase != self._phase:
            self._phase = phase
            self._emit()

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _selection_changed(self, _selection: Selection, _source: object) -> None:
        self._emit()

    def _project_changed(self, changes: list[Change]) -> None:
        if any(ch.kind in ("vote_session", "journey", "stage") for ch in changes):
            self._emit()

    def _emit(self) -> None:
        for listener in list(self._listeners):
            listener()


__all__ = ["Listener", "Projector", "SelectionProjector"]
