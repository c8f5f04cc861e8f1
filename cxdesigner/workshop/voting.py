"""Dot voting on the map: who votes now, their dots on the cards, and the mode that places them.

One :class:`VotingController` per window holds the session on screen and the participant
whose turn it is; every dot is a document command on the project's undo stack, so the
model's rules (budget, dots per card, an ended session fixed) hold here as everywhere.
:class:`VotingInteraction` is the map's voting mode (click places a dot, right-click takes
one back, number keys or initials pick the participant); :class:`VoteMarksItem` draws the
dots and ranks over the cards and :class:`VotingBanner` shows whose turn it is.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneContextMenuEvent,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ..document import Document, Selection
from ..document.commands import Command, MacroCommand
from ..document.voting import (
    CastVoteCommand,
    DeleteVoteSessionCommand,
    EndVoteSessionCommand,
    RevealVoteSessionCommand,
    in_scope,
    is_quick,
    session_results,
    used_dots,
)
from ..i18n import _, ngettext, number
from ..model import Change, Participant, VoteSession
from ..model.entities import shown_value
from ..qtcommands import UndoStack
from .overlay import HostedOverlay, push_told, reserve_band
from .protocols import MapScene

_DIGITS = {getattr(Qt.Key, f"Key_{i}"): i for i in range(10)}
_ARROWS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down)
# The map's own keys for the selected cards, in the voting mode's sense: Enter is the card's action (there its
# title, here a dot), Delete and Backspace take away (there the card, here one dot). Space still pans the map.
_PLACE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_TAKE_BACK_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


def initials(name: str) -> str:
    """The first letter of each word of a name, lower case ("Ana María" → "am")."""
    return "".join(word[0] for word in name.casefold().split() if word)


class VotingController(QObject):
    """The session on screen, whose turn it is, and the voting mode on every map that shows it."""

    changed = Signal()
    message = Signal(str)

    def __init__(self, undo_stack: UndoStack, selection: Selection, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self.selection = selection
        self.doc: Document | None = None
        self.journey_id: str | None = None
        self.session_id: str | None = None
        self.participant_id: str | None = None
        self.voting = False
        # Whether the maps show the session's dots and ranks when nobody is voting: after a reveal or
        # when the facilitator picks the session, not for one merely chosen on opening the journey.
        self.show_results = False
        self._typed = ""
        # The dots placed by clicks at the laptop since the participant on screen took their turn: in
        # a hidden session only these show (the laptop is on the projector; see VoteMarksItem.marks).
        self._turn: list[CastVoteCommand] = []
        # (who finished, who came next, the turn that finished): see _move_on_when_done.
        self._moved_on: tuple[str, str, Any] | None = None
        self._turn_of: tuple[str | None, str | None] | None = None
        self._turn_start = 0
        self._scenes: dict[int, tuple[MapScene, VoteMarksItem]] = {}
        self._interactions: dict[int, VotingInteraction] = {}
        self._room_scenes: set[int] = set()  # the maps whose room above the cards this controller keeps
        # The session the room's phones may vote in, if any (a room session links it, see the room's launcher). The
        # room reads the banner then too: shown only while the laptop voted, a vote of phones alone (the laptop's Esc,
        # or a session started for the room) left the projector without who votes and the dots left.
        self.phones_session: Callable[[], str | None] = lambda: None
        selection.subscribe(self._selection_changed)

    # -- following the document -------------------------------------------------------------------
    def set_document(self, doc: Document | None) -> None:
        if self.doc is not None:
            self.doc.project.unsubscribe(self._project_changed)
        self.stop_voting()
        self.doc = doc
        self.journey_id = None
        if doc is not None:
            doc.project.subscribe(self._project_changed)
        self._set_journey(self.selection.journey_id)

    def detach(self) -> None:
        self.set_document(None)
        self.selection.unsubscribe(self._selection_changed)
        for scene, _marks in list(self._scenes.values()):
            self.remove_scene(scene)

    def _selection_changed(self, sel: Selection, source: object) -> None:
        if sel.journey_id != self.journey_id:
            self._set_journey(sel.journey_id)

    def _set_journey(self, journey_id: str | None) -> None:
        self.stop_voting()
        self.journey_id = journey_id if self.doc is not None else None
        sessions = self.sessions()
        open_ = [s for s in sessions if s.state == "open"]
        chosen = (open_ or sessions or [None])[-1]
        self.select_session(chosen.id if chosen is not None else None, show=False)

    def _project_changed(self, changes: Sequence[Change]) -> None:
        kinds = getattr(changes, "kinds", None) or {ch.kind for ch in changes}
        if not kinds & {"vote", "vote_session", "participant", "touchpoint", "stage"}:
            return
        session = self.session()
        if self.session_id is not None and session is None:
            self.session_id = None
            self.show_results = False
            self.stop_voting()
        elif session is not None and session.state != "open" and self.voting:
            self.stop_voting()
        if self.participant_id is not None and self.participant_id not in {p.id for p in self.participants()}:
            self.participant_id = next((p.id for p in self.participants()), None)
        if "vote" in kinds:
            self._undo_moved_on()
        if "vote_session" in kinds:
            self.room_changed()
        else:
            self._refresh()

    # -- reading ----------------------------------------------------------------------------------
    def session(self) -> VoteSession | None:
        if self.doc is None or self.session_id is None:
            return None
        return self.doc.project.tables["vote_session"].get(self.session_id)

    def sessions(self) -> list[VoteSession]:
        """The journey's voting sessions, oldest first (the map's quick +1 votes are not one)."""
        if self.doc is None or self.journey_id is None:
            return []
        return [s for s in self.doc.project.vote_sessions(self.journey_id) if not is_quick(s)]

    def participants(self) -> list[Participant]:
        """The session's participants, in the order they were chosen."""
        session = self.session()
        if session is None or self.doc is None:
            return []
        table = self.doc.project.tables["participant"]
        ids = session.participant_ids or tuple(used_dots(self.doc.project, session.id))
        return [table[i] for i in ids if i in table]

    def participant(self) -> Participant | None:
        if self.doc is None or self.participant_id is None:
            return None
        return self.doc.project.tables["participant"].get(self.participant_id)

    def used(self) -> dict[str, int]:
        return used_dots(self.doc.project, self.session_id) if self.doc and self.session_id else {}

    def remaining(self, participant_id: str) -> int:
        session = self.session()
        if session is None:
            return 0
        return max(0, session.dots - self.used().get(participant_id, 0))

    def turn_dots(self) -> dict[str, int]:
        """Card → dots the participant on screen has placed by clicks at the laptop in this turn (and not undone)."""
        if not self.voting or self.doc is None or not self._turn or self._turn_of != (self.session_id,
                                                                                     self.participant_id):
            return {}
        # Only what is still done counts: an undo takes its dot off the map, a redo puts it back. Enter on
        # several cards is one step (a macro) holding a dot each.
        done = self.doc.stack.done
        live = set()
        for step in done[min(self._turn_start, len(done)):]:
            live.update(id(cmd) for cmd in (step.commands if isinstance(step, MacroCommand) else (step,)))
        out: dict[str, int] = {}
        for cmd in self._turn:
            if id(cmd) in live:
                out[cmd.touchpoint_id] = max(0, out.get(cmd.touchpoint_id, 0) + cmd.step)
        return out

    def _new_turn(self) -> None:
        self._turn = []
        self._turn_of = (self.session_id, self.participant_id)
        self._turn_start = self.doc.stack.index() if self.doc is not None else 0

    def dots_on(self, card_id: str) -> dict[str, int]:
        """Dots on a card in the session on screen, by participant."""
        if self.doc is None or self.session_id is None:
            return {}
        out: dict[str, int] = {}
        for v in self.doc.project.votes_on(card_id):
            if v.session_id == self.session_id:
                out[v.participant_id] = out.get(v.participant_id, 0) + v.dots
        return out

    def results(self) -> list[dict[str, Any]]:
        return session_results(self.doc.project, self.session_id) if self.doc and self.session_id else []

    def counts_shown(self) -> bool:
        session = self.session()
        return session is not None and session.shows_counts

    def banner_shown(self) -> bool:
        """Whether the maps show the voting banner: the laptop votes, or the phones may vote in the open session."""
        if self.voting:
            return True
        session = self.session()
        return session is not None and session.state == "open" and self.phones_session() == session.id

    def room_changed(self) -> None:
        """The room's phase changed (the phones' vote opened or closed): the banner follows, and the session the
        phones vote in is the one on screen while the laptop places no dots (one started for the room, or its
        start redone, was not: the projector showed no banner)."""
        sid = self.phones_session()
        if sid is not None and sid != self.session_id and not self.voting:
            self.select_session(sid, show=False)  # refreshes
        else:
            self._refresh()

    def in_scope(self, card_id: str) -> bool:
        session = self.session()
        tp = self.doc.project.tables["touchpoint"].get(card_id) if self.doc else None
        return session is not None and tp is not None and in_scope(self.doc.project, session, tp)  # type: ignore[union-attr]

    # -- choosing ---------------------------------------------------------------------------------
    def select_session(self, session_id: str | None, show: bool = True) -> None:
        """Put a session on screen (``show``: its dots and ranks on the maps too)."""
        if session_id != self.session_id:
            self.stop_voting()
        self.session_id = session_id
        self.show_results = show and session_id is not None
        people = self.participants()
        if self.participant_id not in {p.id for p in people}:
            self.participant_id = people[0].id if people else None
        self._typed = ""
        self._refresh()

    def select_participant(self, participant_id: str | None) -> None:
        if participant_id != self.participant_id:
            self.participant_id = participant_id
            self._new_turn()
        self._typed = ""
        self._refresh()

    def pick_number(self, number: int) -> bool:
        """Number keys: 1 is the first participant, 0 the tenth."""
        people = self.participants()
        index = 9 if number == 0 else number - 1
        if 0 <= index < len(people):
            self.select_participant(people[index].id)
            return True
        return False

    def pick_initials(self, letter: str) -> bool:
        """Typing a participant's initials (or the start of the name) picks them; more letters tell apart."""
        people = self.participants()
        for typed in (self._typed + letter.casefold(), letter.casefold()):
            found = [p for p in people if initials(p.name).startswith(typed)]
            found = found or [p for p in people if p.name.casefold().startswith(typed)]
            if found:
                if found[0].id != self.participant_id:
                    self.participant_id = found[0].id
                    self._new_turn()
                self._typed = typed if len(found) > 1 else ""
                self._refresh()
                return True
        self._typed = ""
        return False

    def step_participant(self, step: int) -> None:
        people = self.participants()
        if not people:
            return
        ids = [p.id for p in people]
        i = ids.index(self.participant_id) if self.participant_id in ids else -1
        self.select_participant(ids[(i + step) % len(ids)])

    # -- the voting mode ----------------------------------------------------------------------------
    def start_voting(self) -> bool:
        """Clicks on the maps place dots from now on (the session must be open)."""
        session = self.session()
        if session is None or session.state != "open":
            self.message.emit(_("Start a voting session first") if session is None else
                              _("The voting session {title} has ended").format(title=shown_value(session.title)))
            return False
        if self.participant_id is None:
            self.message.emit(_("The voting session has no participants"))
            return False
        self.voting = True
        self._new_turn()
        for key, (scene, _marks) in self._scenes.items():
            self._interactions[key] = VotingInteraction(self, scene)
            self._interactions[key].start()
        self._refresh()
        return True

    def stop_voting(self) -> None:
        if not self.voting:
            return
        self.voting = False
        for interaction in list(self._interactions.values()):
            interaction.end()
        self._interactions.clear()
        self._refresh()

    def toggle_voting(self) -> None:
        if self.voting:
            self.stop_voting()
        else:
            self.start_voting()

    def interaction_cancelled(self) -> None:
        """Another mode took a map over (typing a card, another journey): voting pauses everywhere."""
        if self.voting:
            self.stop_voting()
            self.message.emit(_("Voting paused: Workshop ▸ Vote on the map goes on"))

    # -- maps -------------------------------------------------------------------------------------
    def add_scene(self, scene: MapScene, keep_room: bool = False) -> None:
        """Show the session's dots on another map (and vote there while voting). ``keep_room``: this controller
        keeps the room above its cards that the marks need (the editor's map; the presentation keeps its own with
        its type, see ``card_marks_height``)."""
        if id(scene) in self._scenes:
            return
        marks = VoteMarksItem(self, scene)
        self._scenes[id(scene)] = (scene, marks)
        if keep_room:
            self._room_scenes.add(id(scene))
            self._keep_room(scene)
        if self.voting:
            self._interactions[id(scene)] = VotingInteraction(self, scene)
            self._interactions[id(scene)].start()

    def scale_marks(self, scene: MapScene, factor: float) -> None:
        """Dots on ``scene``'s map drawn ``factor`` times larger (the presentation's larger type)."""
        entry = self._scenes.get(id(scene))
        if entry is not None:
            entry[1].set_size_scale(factor)

    def card_marks_height(self, scene: MapScene) -> float:
        """How far above the emotion chips the marks on ``scene``'s cards reach at the size of its cards' titles
        (0 while none may show): what the projector's map keeps room for above each card (``set_card_marks``).

        While a vote runs, too (its dots, or a card's count of them): in the map's own gaps they were no larger than
        the editor's, 5 px on a 1280 × 800 projector. The room does not follow the dots placed (the map would move
        under each click); only starting or stopping the vote, a reveal or hiding the results change it. Revealed
        counts fitted into the map's own gaps were 10-12 px at 1280 × 800 beside larger titles."""
        entry = self._scenes.get(id(scene))
        session = self.session()
        if entry is None or session is None:
            return 0.0
        if not (self.voting or (self.show_results and session.shows_counts)):
            return 0.0
        return entry[1].height_for(entry[1].title_scale())

    def remove_scene(self, scene: MapScene) -> None:
        if id(scene) in self._room_scenes:
            self._room_scenes.discard(id(scene))
            with contextlib.suppress(RuntimeError):
                scene.set_card_marks(0.0)
        entry = self._scenes.pop(id(scene), None)
        interaction = self._interactions.pop(id(scene), None)
        if interaction is not None:
            interaction.end()
        if entry is not None:
            entry[1].remove()

    # -- changes: each one command ------------------------------------------------------------------
    def _push(self, cmd: Command) -> bool:
        return push_told(self.undo_stack, self.doc, cmd, self.message.emit)

    def vote(self, card_id: str, step: int = 1) -> bool:
        """The current participant places a dot on a card (``step`` 1) or takes one back (-1)."""
        session = self.session()
        if session is None or self.participant_id is None:
            return False
        if step > 0 and self.remaining(self.participant_id) <= 0:
            who = self.participant()
            self.message.emit(
                _("{name} has no dots left").format(name=who.name if who else "")
            )
            return False
        if self._turn_of != (session.id, self.participant_id):
            self._new_turn()  # another session or participant since the turn began
        if step < 0 and self.voting and not session.shows_counts and self.turn_dots().get(card_id, 0) <= 0:
            # The room sees only this turn's dots: taking back another (the phone's, an earlier turn's)
            # would change what nobody saw, and saying "no dot here" instead would tell what is hidden.
            who = self.participant()
            self.message.emit(
                _("Counts are hidden: {name} can take back only a dot placed in this turn, shown on the card").format(
                    name=who.name if who else ""
                )
            )
            return False
        cmd = CastVoteCommand(session.id, self.participant_id, card_id, step)
        done = self._push(cmd)
        if done:
            self._turn.append(cmd)
            if step > 0:
                self._move_on_when_done()
        return done

    def vote_cards(self, card_ids: Sequence[str], step: int = 1) -> bool:
        """A dot on each of several cards (``step`` 1), or one taken back from each (-1), as one undo step.

        One key press is one intent: Enter on five selected cards made five undo steps, and Ctrl+Z took back one
        dot of five. The cards that cannot take the dot (at the limit per card, outside the session, no dot of
        theirs to take back) are left out and the rest done; a budget too small for all of them does none.
        """
        if len(card_ids) == 1:
            return self.vote(card_ids[0], step)
        session, who = self.session(), self.participant()
        if session is None or who is None:
            return False
        if self._turn_of != (session.id, who.id):
            self._new_turn()
        hidden_turn = step < 0 and self.voting and not session.shows_counts
        turn = self.turn_dots() if hidden_turn else {}
        chosen = []
        for card in card_ids:
            mine = self.dots_on(card).get(who.id, 0)
            if step > 0:
                fits = self.in_scope(card) and mine < session.max_per_card
            else:
                fits = mine > 0 and (not hidden_turn or turn.get(card, 0) > 0)
            if fits:
                chosen.append(card)
        left = self.remaining(who.id)
        if step > 0 and len(chosen) > left:
            self.message.emit(
                _("{name} has no dots left").format(name=who.name) if left <= 0 else ngettext(
                    "{name} has {n} dot left for {cards} cards: select fewer cards",
                    "{name} has {n} dots left for {cards} cards: select fewer cards", left,
                ).format(name=who.name, n=number(left), cards=number(len(chosen)))
            )
            return False
        if not chosen:
            self.message.emit(
                _("None of the selected cards can take another of {name}’s dots").format(name=who.name) if step > 0
                else _("Counts are hidden: {name} can take back only a dot placed in this turn, shown on the card"
                       ).format(name=who.name) if hidden_turn
                else _("{name} has no dot on the selected cards").format(name=who.name)
            )
            return False
        if len(chosen) == 1:
            return self.vote(chosen[0], step)
        cmds = [CastVoteCommand(session.id, who.id, card, step) for card in chosen]
        n = len(cmds)
        text = (ngettext("Vote for {n} card", "Vote for {n} cards", n) if step > 0 else
                ngettext("Take back a vote from {n} card", "Take back a vote from {n} cards", n)).format(n=number(n))
        done = self._push(MacroCommand(text, cmds))
        if done:
            self._turn.extend(cmds)
            if step > 0:
                self._move_on_when_done()
            if n < len(card_ids):
                skipped = len(card_ids) - n
                self.message.emit(ngettext(
                    "{n} selected card was left as it was (no dot of {name}’s fits or is there)",
                    "{n} selected cards were left as they were (no dot of {name}’s fits or is there)", skipped,
                ).format(n=number(skipped), name=who.name))
        return done

    def _move_on_when_done(self) -> None:
        """After a voter's last dot the laptop goes on to the next voter with dots left (the laptop is passed round
        the room: it stayed on the one who had finished, and the next placed dots as them, refused, or in a hidden
        session saw where they went), and says so; the last voter's last dot says everyone has voted."""
        who = self.participant()
        if not self.voting or who is None or self.doc is None or self.remaining(who.id) > 0:
            return
        people = self.participants()
        i = next(k for k, p in enumerate(people) if p.id == who.id)
        waiting = [p for p in people[i + 1 :] + people[:i] if self.remaining(p.id) > 0]
        if not waiting:
            self.message.emit(_("{name} has placed their last dot: everyone has voted").format(name=who.name))
            return
        # Their turn as it was, for an undo of the last dot straight after (see _undo_moved_on).
        self._moved_on = (who.id, waiting[0].id, (self._turn, self._turn_of, self._turn_start))
        self.select_participant(waiting[0].id)
        self.message.emit(ngettext(
            "{name} has placed their last dot: {next} votes now ({n} voter left)",
            "{name} has placed their last dot: {next} votes now ({n} voters left)", len(waiting),
        ).format(name=who.name, next=waiting[0].name, n=number(len(waiting))))

    def _undo_moved_on(self) -> None:
        """A dot of the voter who had finished given back (Ctrl+Z straight after their last) before the next voter
        placed any: they were not done, and their turn comes back, with the dots it showed."""
        moved = self._moved_on
        if moved is None or self.doc is None:
            return
        done, after, turn = moved
        if self.participant_id != after or not self.voting or self._turn:
            self._moved_on = None  # someone else was picked, the mode ended or the next voter has begun
            return
        if self.remaining(done) > 0:
            self._moved_on = None
            self.participant_id = done
            self._turn, self._turn_of, self._turn_start = turn
            self._typed = ""

    def reveal(self, revealed: bool = True) -> bool:
        self.show_results = True
        return self.session_id is not None and self._push(RevealVoteSessionCommand(self.session_id, revealed))

    def end_session(self, reveal: bool = True) -> bool:
        self.show_results = True
        return self.session_id is not None and self._push(EndVoteSessionCommand(self.session_id, reveal))

    def delete_session(self) -> bool:
        if self.session_id is None:
            return False
        done = self._push(DeleteVoteSessionCommand(self.session_id))
        if done:
            self._set_journey(self.journey_id)
        return done

    def push(self, cmd: Command) -> bool:
        """Any other voting command (a new session, participants), with refusals told, not raised."""
        return self._push(cmd)

    def _keep_room(self, scene: MapScene) -> None:
        # In the editor's own gaps a second card in a cell had 15 px over it: its dots or count, 24 px tall, came
        # down beside the emotion chip over the card's channel name. The gap grows by a few pixels while marks show
        # (as the projector's does), only when a vote starts or stops or the results are shown or hidden.
        scene.set_card_marks(self.card_marks_height(scene))

    def _refresh(self) -> None:
        for key, (scene, marks) in self._scenes.items():
            if key in self._room_scenes:
                self._keep_room(scene)
            marks.refresh()
        self.changed.emit()


class VotingInteraction:
    """The map's voting mode: click a card to place the participant's dot, right-click to take it back.

    A double click counts as one click (one dot placed or taken back).

    Number keys (1 … 9, 0 for the tenth) or initials pick who votes; Tab moves to the next
    person; Esc ends the mode. From the keyboard the arrows select a neighbour card as on the map,
    Enter places a dot on each selected card and Delete or Backspace takes one back, one undo step
    per key press however many cards are selected. It is the scene's active interaction, in the canvas's manner.
    """

    def __init__(self, controller: VotingController, scene: MapScene) -> None:
        self.controller = controller
        self.scene = scene

    # -- the interaction protocol of canvas.interactions ---------------------------------------------
    def start(self) -> None:
        current = self.scene.handler
        if current is not None and current is not self:
            current.cancel()
        self.scene.handler = self

    def end(self) -> None:
        if self.scene.handler is self:
            self.scene.handler = None

    def cancel(self) -> None:
        """Something else takes the map: voting pauses (the session stays open)."""
        was = self.active
        self.end()
        if was:
            self.controller.interaction_cancelled()

    @property
    def active(self) -> bool:
        return self.scene.handler is self

    def _card(self, event: QGraphicsSceneMouseEvent) -> str | None:
        card = self.scene.card_at(event.scenePos())
        return card.tp_id if card is not None else None

    def mouse_press(self, event: QGraphicsSceneMouseEvent) -> bool:
        button = event.button()
        if button not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            return False  # the middle button still pans
        card = self._card(event)
        if card is not None:
            self.controller.vote(card, 1 if button == Qt.MouseButton.LeftButton else -1)
        return True

    def double_click(self, event: QGraphicsSceneMouseEvent) -> bool:
        # A double click is one intent: its first press placed (or took back) the dot, so the second is
        # taken in silence, neither a second dot nor the card's editor. A second dot is a second click.
        return event.button() in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton)

    def mouse_move(self, event: QGraphicsSceneMouseEvent) -> bool:
        return False

    def mouse_release(self, event: QGraphicsSceneMouseEvent) -> bool:
        return True

    def context_menu(self, event: QGraphicsSceneContextMenuEvent) -> bool:
        return True  # right-click took a dot back: no menu

    def claims_shortcut(self, event: QKeyEvent) -> bool:
        """Whether the mode takes this key before the map's shortcuts (Delete would delete the selected cards)."""
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        return mods == Qt.KeyboardModifier.NoModifier and event.key() in (*_PLACE_KEYS, *_TAKE_BACK_KEYS)

    def vote_selected(self, step: int) -> bool:
        """A dot on each selected card (``step`` 1), or one taken back from each (-1); False when none is selected."""
        cards = [t for t in self.controller.selection.touchpoint_ids if self.scene.card_item(t) is not None]
        if not cards:
            self.controller.message.emit(_("Select a card with the arrow keys or a click first"))
            return False
        self.controller.vote_cards(cards, step)
        return True

    def key_press(self, event: QKeyEvent) -> bool:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        c = self.controller
        if key == Qt.Key.Key_Escape:
            c.stop_voting()
            return True
        if mods == Qt.KeyboardModifier.NoModifier:
            if key in _PLACE_KEYS:
                self.vote_selected(1)
                return True
            if key in _TAKE_BACK_KEYS:
                self.vote_selected(-1)
                return True
            if key in _ARROWS:
                # The map's own arrows: a neighbour card is selected (or the cell cursor moves), nothing edited.
                default = getattr(self.scene, "default_handler", None)
                return bool(default is not None and default.key_press(event))
        if mods not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            return False
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            c.step_participant(-1 if key == Qt.Key.Key_Backtab or mods else 1)
            return True
        if key in _DIGITS and mods == Qt.KeyboardModifier.NoModifier:
            c.pick_number(_DIGITS[key])
            return True
        text = event.text()
        if text and text.isalpha():
            c.pick_initials(text)
            return True
        return False


class VoteMarksItem(QGraphicsItem):
    """Dots and ranks of the session on screen, drawn over a map's cards (never in exports).

    While a session is open and hidden only the dots of the participant voting now show (so
    they can take one back); open counts show everyone's dots, in their colours unless the
    session is anonymous; once revealed each voted card carries its dots and the top three
    their rank. Cards outside the session's stage or chosen cards are veiled while voting.
    """

    RADIUS = 9.0
    POINTS = 10.0  # the count's and the place's type at the editor's size
    RING = 1.25  # the outer half of the amber ring round a place's count

    def __init__(self, controller: VotingController, scene: MapScene) -> None:
        super().__init__()
        self.controller = controller
        self.map_scene = scene
        self.setZValue(6)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self._rect = QRectF()
        scene.addItem(self)
        scene.layout_changed.connect(self._relayout)
        self._font = QFont(self.scene().font()) if self.scene() is not None else QFont()
        self._font.setBold(True)
        self.fitted_scale = 1.0
        self.set_size_scale(1.0)

    def set_size_scale(self, factor: float) -> None:
        """Dots and badges ``factor`` times their size (a projector's map has larger type), or as large as the room
        over the cards allows (see :meth:`room_scale`)."""
        self.size_scale = factor
        self._relayout()

    def _relayout(self) -> None:
        # The room never brings the marks below their editor size (room_scale is at least 1): at that size,
        # the editor's, there is nothing to measure. Measuring visits every card item, which made all 11,500
        # items of a 5,000-card map before the first paint of every open, and again at each layout change.
        self.fitted_scale = self.size_scale if self.size_scale <= 1.0 else min(self.size_scale, self.room_scale())
        self._font.setPointSizeF(self.POINTS * self.fitted_scale)
        self.refresh()

    def title_scale(self) -> float:
        """The scale at which the marks' type is as large as the cards' titles (never below the editor's size)."""
        fonts = getattr(self.map_scene, "fonts", None)
        return max(1.0, fonts.title.pointSizeF() / self.POINTS) if fonts is not None else 1.0

    def height_for(self, scale: float) -> float:
        """How far above a card's emotion chip a count's disc (or a place's tag) reaches at ``scale``: the disc, its
        ring and the gap that keeps it clear of the chip (see count_rects)."""
        return (2 * self.RADIUS + 6) * scale + 2 * self.RING + scale

    def room_scale(self) -> float:
        """The largest scale at which a count (its disc, ring and gap) fits over every card's emotion chip: from the
        middle of the gap above the card (:meth:`ceiling`) down to the chip's top (:meth:`height_for`). The
        projector's marks at the type's 2.75 stood 63 px over the cards, on the stage headers; measured down to the
        chip's foot they stood beside the chip, over the channel's name. One scale for the whole map: a count reads
        the same on every card."""
        best = float("inf")
        for tid, item in self.map_scene.card_items().items():
            card = item.mapRectToScene(item.card_rect())
            ceiling = self.ceiling(tid, card)
            if ceiling is not None:
                floor = item.mapRectToScene(item.chip_rect()).top()
                best = min(best, (floor - ceiling - 2 * self.RING) / (2 * self.RADIUS + 7))
        return max(1.0, best)

    def remove(self) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            self.map_scene.layout_changed.disconnect(self._relayout)
        if self.scene() is not None:
            self.map_scene.removeItem(self)

    def refresh(self) -> None:
        rect = self.map_scene.sceneRect()
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        c = self.controller
        self.setVisible(c.session() is not None and (c.voting or c.show_results))
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def marks(self) -> dict[str, list[tuple[str, int]]]:
        """What this item draws on each card: (colour, dots) pairs, for tests and painting alike."""
        c = self.controller
        session = c.session()
        if session is None or c.doc is None:
            return {}
        shown = session.shows_counts
        turn = c.turn_dots() if not shown else {}
        table = c.doc.project.tables["participant"]
        out: dict[str, list[tuple[str, int]]] = {}
        for card in self.map_scene.card_items():
            dots = c.dots_on(card)
            if not shown:
                # Hidden counts: the laptop is on the projector, so the room sees what it shows. The person
                # voting there sees the dots they click onto cards in this turn (to check them and take one
                # back) and nothing else: not their phone's, not an earlier turn's, no one else's.
                mine = min(turn.get(card, 0), dots.get(c.participant_id, 0)) if c.participant_id else 0
                dots = {c.participant_id: mine} if mine and c.participant_id else {}
            pairs = []
            for pid, n in dots.items():
                who = table.get(pid)
                colour = "#3e4c59" if (session.anonymous and shown) or who is None else who.colour
                pairs.append((colour, n))
            if pairs:
                out[card] = sorted(pairs)
        return out

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        c = self.controller
        session = c.session()
        if session is None:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        cards = self.map_scene.card_items()
        if c.voting and session.scope != "journey":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 170))
            for tid, item in cards.items():
                if item.isVisible() and not c.in_scope(tid):
                    painter.drawRoundedRect(item.mapRectToScene(item.card_rect()), 6, 6)
        ranks = {r["card"]: r["rank"] for r in c.results()} if session.revealed else {}
        for tid, pairs in self.marks().items():
            item = cards.get(tid)
            if item is None or not item.isVisible():
                continue
            r = item.mapRectToScene(item.card_rect())
            chip = item.mapRectToScene(item.chip_rect())
            ceiling = self.ceiling(tid, r)
            if session.revealed or (session.shows_counts and session.anonymous):
                self._paint_count(painter, r, sum(n for _c, n in pairs), ranks.get(tid), chip, ceiling)
            else:
                self._paint_dots(painter, r, pairs, chip, ceiling)

    def ceiling(self, card_id: str, card: QRectF) -> float | None:
        """The highest scene y the marks over a card may reach: the middle of the gutter over its lane, or just under
        the card above in its cell (``marks_clear`` from it: that card draws nothing under itself). Above that they
        covered the stage header over the top lane (the projector's count stood 63 scene px over its card, 23 of
        them on the header) or the card above."""
        layout = getattr(self.map_scene, "layout", None)
        if layout is None or card_id not in layout.card_cell:
            return None
        if layout.card_index.get(card_id, 0) > 0:
            return card.top() - layout.metrics.card_gap + layout.metrics.marks_clear
        lane = layout.card_cell[card_id][1]
        return float(layout.row_gutter_y[layout.lane_index[lane]])

    def dot_row(self, card: QRectF, chip: QRectF | None = None, ceiling: float | None = None) -> tuple[float, float]:
        """Where :meth:`_paint_dots` puts its first dot's centre (the row goes left from there): where a count's disc
        stands, over the emotion chip and above the card's top row, when the room above the card holds it (the
        projector keeps that room while a vote runs); else on the card's top edge left of the chip, lower when the
        room above is short. On the top edge the projector's dots covered the channel's name."""
        rad = self.RADIUS * self.fitted_scale
        if chip is not None:
            box, _tag = self.count_rects(card, 0, None, chip, ceiling)
            if box.center().x() == chip.center().x():  # the count is not pushed beside the chip
                return box.center().x(), box.center().y()
        x = (chip.left() - 3 * self.fitted_scale if chip is not None else card.right() - 40) - rad
        y = card.top()
        if ceiling is not None:
            y = max(y, ceiling + rad + 0.8)  # the dot's white ring (1.6) inside the room too
        return x, y

    def _paint_dots(
        self,
        painter: QPainter,
        card: QRectF,
        pairs: list[tuple[str, int]],
        chip: QRectF | None = None,
        ceiling: float | None = None,
    ) -> None:
        """A row of coloured dots along the card's top edge, like stickers; a number when they do not fit."""
        rad = self.RADIUS * self.fitted_scale
        x, y = self.dot_row(card, chip, ceiling)
        fitting = int((x + rad - card.left() - 10) // (2 * rad + 3))
        total = sum(n for _c, n in pairs)
        painter.setPen(QPen(QColor("#ffffff"), 1.6))
        if total > fitting:
            self._paint_count(painter, card, total, None, chip, ceiling)
            return
        for colour, n in reversed(pairs):
            painter.setBrush(QColor(colour))
            for _i in range(n):
                painter.drawEllipse(QPointF(x, y), rad, rad)
                x -= 2 * rad + 3

    def count_rects(
        self, card: QRectF, dots: int, rank: int | None, chip: QRectF | None = None, ceiling: float | None = None
    ) -> tuple[QRectF, QRectF | None]:
        """Where :meth:`_paint_count` puts the count's disc and the place's tag (None below the third).

        ``chip`` is the card's emotion chip in scene coordinates: the disc stands in its column, over it, and the tag
        beside the disc, both astride the card's top edge with their rings clear of the chip. Centred on the card's
        corner and reaching a quarter of their height into it, the projector's marks (2.75 × the editor's) covered
        the chip's «−1» (24 × 9.5 of its 28 × 18 scene px); without a chip they keep to the corner.

        ``ceiling`` (see :meth:`ceiling`) is as high as they may reach: where the room above is too short for them
        over the chip (the projector's, about 66 scene px tall, over a gutter of 26), they come down to it, still
        astride the top edge, and stand left of the chip instead of over it.
        """
        fm = QFontMetricsF(self._font)
        k = self.fitted_scale
        w = max((2 * self.RADIUS + 6) * k, fm.horizontalAdvance(str(dots)) + 12 * k)
        h = (2 * self.RADIUS + 6) * k
        top = card.top() - h * 0.75
        centre = card.right()
        if chip is not None:
            centre = chip.center().x()
            # The amber ring's outer half (1.25) and a gap that grows with the marks, as the tag's below does.
            top = min(top, chip.top() - 1.25 - k - h)
        # A gap that grows with the marks: at a fixed 3 px the projector (the map at about 0.4) drew the amber tag
        # against the disc's amber ring, one blob, «#12» for #1 with 2 dots.
        gap = 5 * k + 2.5
        ring = 1.25  # the amber ring's outer half
        if ceiling is not None and top < ceiling + ring:
            top = ceiling + ring
            if chip is not None and top + h + ring > chip.top():
                centre = chip.left() - ring - gap - w / 2
        box = QRectF(centre - w / 2, top, w, h)
        if rank is None or rank > 3:
            return box, None
        tw = max(h, fm.horizontalAdvance(f"#{rank}") + 10 * k)
        return box, QRectF(box.left() - tw - gap, box.top(), tw, h)

    def _paint_count(
        self,
        painter: QPainter,
        card: QRectF,
        dots: int,
        rank: int | None,
        chip: QRectF | None = None,
        ceiling: float | None = None,
    ) -> None:
        """A dark disc with the number of dots at the top right; the first three ranks ringed in amber."""
        painter.setFont(self._font)
        text = str(dots)
        box, tag = self.count_rects(card, dots, rank, chip, ceiling)
        h = box.height()
        painter.setBrush(QColor("#1f2933"))
        ring = QColor("#e69f00") if tag is not None else QColor("#ffffff")
        painter.setPen(QPen(ring, 2.5 if tag is not None else 1.5))
        painter.drawRoundedRect(box, h / 2, h / 2)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        if tag is not None:
            # "#1" on amber beside the count: a place, not another number of dots.
            label = f"#{rank}"
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#e69f00"))
            painter.drawRoundedRect(tag, h / 2, h / 2)
            painter.setPen(QColor("#1f2933"))
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, label)


CHIP_WIDTHS = (96, 220)  # a participant's chip, at the editor's type: a short name's, a long name's (elided)
CHIP_PADS = (10, 7)  # inside a chip, either side: a named chip's, a compact one's


def chip_fill(colour: QColor) -> QColor:
    """The current voter's chip: a pale tint of their own colour, the dark name on it readable. Lightening
    the colour itself brightened it into another (a teal voter's chip went bright cyan, a green one mint)."""
    share = 0.22
    white = QColor("#ffffff")
    return QColor(*(round(w + (c - w) * share) for c, w in zip(colour.getRgb()[:3], white.getRgb()[:3], strict=True)))


class VotingBanner(HostedOverlay):
    """Over the top of a map while voting: the session, whose turn it is, and everyone's dots left.

    Each participant is a chip (number key, name, dots left as filled and empty dots); when they do not fit in
    one row, a compact chip (key and the count left, the name on the current voter's). Clicking a chip picks
    that participant.
    """

    def __init__(
        self,
        controller: VotingController,
        host: QWidget,
        scale: float = 1.0,
        bottom: Callable[[], int] = lambda: 16,
        right: Callable[[], int] = lambda: 0,
        band: bool = False,
    ) -> None:
        super().__init__(host)
        self.controller = controller
        self.scale = scale
        self.bottom = bottom  # room to leave under the banner (a caption in the corner)
        self.right = right  # room to leave on its right (a timer beside it)
        # The editor's: in a band kept at the foot of its map view (``host``, a scroll area) while a vote runs. Over
        # the map it covered the cards in the view's last 120 px, which a click meant for them could not reach.
        self.band = band
        self._margin = 0
        self.setObjectName("VotingBanner")
        self._title = QFont(self.font())
        self._title.setBold(True)
        self._chip = QFont(self.font())
        self._chip_bold = QFont(self.font())
        self._chip_bold.setBold(True)
        self._hint = QFont(self.font())
        self._chips: list[tuple[QRectF, str]] = []
        self._compact = False  # the chips of the last layout show keys, not names (see chip_rects)
        self.keys_scale = scale
        self.set_scale(scale)
        controller.changed.connect(self._follow)
        self._follow()

    def set_scale(self, scale: float, keys_scale: float | None = None) -> None:
        """Type, chips and band ``scale`` times the editor's (a projector's room sets it); the keys line, which
        is the facilitator's and not the room's, ``keys_scale`` times (``scale`` by default)."""
        self.scale = scale
        self.keys_scale = scale if keys_scale is None else keys_scale
        self._title.setPointSizeF(10.5 * scale)
        self._chip.setPointSizeF(9.5 * scale)
        self._chip_bold.setPointSizeF(9.5 * scale)
        self._hint.setPointSizeF(8.5 * self.keys_scale)
        self.place()
        self.update()

    def name_pixels(self) -> float:
        """How tall the voters' names are on screen (their type's em, in pixels)."""
        return self._chip.pointSizeF() * self.logicalDpiY() / 72.0

    def rows(self) -> tuple[QRectF, QRectF, float, float]:
        """The head line's and the keys line's rectangles (in a banner as wide as now), the chips' top and a
        chip's height: each row as tall as its type, so the room's larger type costs no slack (rows of fixed
        multiples of the scale, made for the laptop's type, were a third empty at the projector's)."""
        s = self.scale
        inset = 14 * s
        head = QRectF(1 + inset, 1 + 4 * s, max(0.0, self.width() - 2 - 2 * inset),
                      QFontMetricsF(self._title).height() + 4 * s)
        keys_h = QFontMetricsF(self._hint).height() + 3 * self.keys_scale
        keys = QRectF(head.x(), head.bottom(), head.width(), keys_h)
        return head, keys, keys.bottom() + 4 * s, QFontMetricsF(self._chip_bold).height() + 8 * s

    def _follow(self) -> None:
        self.setVisible(self.controller.banner_shown())
        self.place()
        self.update()

    def _lines(self) -> tuple[str, str, str]:
        """The session's title, whose turn it is with their dots left ("" when nobody is picked), the keys."""
        c = self.controller
        session, who = c.session(), c.participant()
        if session is None:
            return "", "", ""
        status = ""
        if not c.voting:  # the phones vote, the laptop places no dots: no one's turn, the laptop's key to join in
            return session.title, _("Vote on your phones"), _("F8 places dots from this computer too")
        if who is not None:
            left = c.remaining(who.id)
            status = ngettext("{name} votes · {n} dot left", "{name} votes · {n} dots left", left).format(
                name=who.name, n=number(left)
            )
        if session.shows_counts:
            hint = _("Numbers or initials pick who votes · click or Enter places a dot · "
                     "right-click or Delete takes one back · Esc stops")
        else:  # the room sees this turn's dots only, and only those may be taken back (see vote)
            hint = _("Numbers or initials pick who votes · click or Enter places a dot · "
                     "right-click or Delete takes back one of this turn's · Esc stops")
        return session.title, status, hint

    def hint(self) -> tuple[str, str]:
        """The keys line, and the line as painted (elided to the banner's width)."""
        text = self._lines()[2]
        room = self.rows()[1].width()
        return text, QFontMetricsF(self._hint).elidedText(text, Qt.TextElideMode.ElideRight, room)

    def head(self) -> tuple[str, str]:
        """The top line as painted: the session's title on the left, elided so that whose turn it is and
        their dots left stay whole on the right (at the end of one long line they were cut off first)."""
        title, status, _hint = self._lines()
        fm = QFontMetricsF(self._title)
        room = self.rows()[0].width()
        status = fm.elidedText(status, Qt.TextElideMode.ElideRight, room)
        gap = 24 * self.scale if status else 0
        left = room - fm.horizontalAdvance(status) - gap
        return fm.elidedText(title, Qt.TextElideMode.ElideRight, max(0.0, left)), status

    def place(self) -> None:
        host = self.parentWidget()
        if host is None:
            return
        room = host.width() - self.right()
        width = min(room - 40, round(980 * self.scale))
        chip_rows = max(1, len({rect.y() for rect, _pid in self.chip_rects(width)}))
        _head, _keys, chips_top, chip_h = self.rows()
        s = self.scale
        height = round(chips_top + chip_rows * chip_h + (chip_rows - 1) * 6 * s + 8 * s + 1)
        if self.band:
            self._reserve(host, height + 4 if self.controller.banner_shown() else 0)
            foot = host.viewport().geometry().bottom() + 1  # the band's top, over the scroll bar
            self.setGeometry((room - width) // 2, foot + 2, width, height)
            self.raise_()
            return
        # At the foot of the map: the stage headers and the timer keep the top.
        self.setGeometry((room - width) // 2, host.height() - height - self.bottom(), width, height)
        self.raise_()

    def _reserve(self, host: QWidget, height: int) -> None:
        if height != self._margin:
            self._margin = height
            reserve_band(host, "bottom", height)

    def remove(self) -> None:
        """The editor goes: its view gets its band back."""
        host = self.parentWidget()
        if host is not None:
            self._reserve(host, 0)
        self.deleteLater()

    def paintEvent(self, event: QPaintEvent) -> None:
        c = self.controller
        s = self.scale
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        p.setPen(QPen(QColor("#0b63ce"), 2))
        p.setBrush(QColor(255, 255, 255, 242))
        p.drawRoundedRect(r, 10, 10)
        hint = self.hint()[1]
        title, status = self.head()
        line, keys, _chips_top, _chip_h = self.rows()
        p.setPen(QColor("#1f2933"))
        p.setFont(self._title)
        p.drawText(line, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, title)
        if status:
            who = c.participant()
            fm = QFontMetricsF(self._title)
            # The voter's colour beside their name, as on their chip below: whose dots these are.
            disc = QPointF(line.right() - fm.horizontalAdvance(status) - 10 * s, line.center().y())
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(who.colour) if who is not None else QColor("#1f2933"))
            if c.voting:
                p.drawEllipse(disc, 5 * s, 5 * s)
            p.setPen(QColor("#1f2933"))
            p.drawText(line, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, status)
        p.setFont(self._hint)
        p.setPen(QColor("#52606d"))
        p.drawText(keys, Qt.AlignmentFlag.AlignVCenter, hint)
        session = c.session()
        total = session.dots if session is not None else 0
        # Up to six dots: one circle each, filled while still to place. More would not fit a chip (and
        # a share of six circles misread a count): the number left beside one filled circle.
        self._chips = self.chip_rects(self.width())
        compact, labels = self._compact, self.chip_labels(self._compact)
        many = total > 6 or compact  # a compact chip's dots: the count left, one circle (a third of five's width)
        people = {who.id: who for who in c.participants()}
        for i, (chip, pid) in enumerate(self._chips):
            who = people[pid]
            x, y, cw, ch = chip.x(), chip.y(), chip.width(), chip.height()
            current = c.voting and who.id == c.participant_id  # the phones' vote alone is no one's turn
            p.setPen(QPen(QColor(who.colour), 3 if current else 1.2))
            p.setBrush(chip_fill(QColor(who.colour)) if current else QColor("#f5f7fa"))
            p.drawRoundedRect(chip, ch / 2, ch / 2)
            left = c.remaining(who.id)
            count = number(left)
            dots_w = self._dots_width(total, compact)
            # And bold: not the colour alone marks the turn. A compact chip's key is bold and its count is not, so
            # that «1» and «5» beside it do not read as fifteen.
            font = self._chip_bold if current or compact else self._chip
            p.setFont(font)
            p.setPen(QColor("#1f2933"))
            pad = (CHIP_PADS[1] if compact else CHIP_PADS[0]) * s
            text_w = cw - 2 * pad - dots_w - 6 * s + 2 * s
            p.drawText(QRectF(x + pad, y, text_w, ch), Qt.AlignmentFlag.AlignVCenter,
                       QFontMetricsF(font).elidedText(labels[i], Qt.TextElideMode.ElideRight, text_w))
            dx = x + cw - pad - dots_w
            if many:
                if compact and not current:
                    p.setFont(self._chip)
                    p.setPen(QColor("#52606d"))
                p.drawText(QRectF(dx, y, dots_w - 12 * s, ch), Qt.AlignmentFlag.AlignVCenter, count)
            for d in range(1 if many else total):
                filled = left > 0 if many else d < left
                cx = dx + dots_w - 4 * s if many else dx + d * 9 * s + 4 * s
                p.setPen(QPen(QColor(who.colour), 1.4))
                p.setBrush(QColor(who.colour) if filled else Qt.BrushStyle.NoBrush)
                p.drawEllipse(QPointF(cx, y + ch / 2), 3.6 * s, 3.6 * s)
        p.end()

    @staticmethod
    def _chip_name(index: int, who: Participant) -> str:
        key = str(index + 1) if index < 9 else ("0" if index == 9 else "")
        return f"{key}  {who.name}" if key else who.name

    def chip_labels(self, compact: bool) -> list[str]:
        """Each chip's text: its key and name, or when ``compact`` its key alone (the initials that pick
        a voter past the tenth) and the name on the current voter's chip only."""
        labels = []
        for i, who in enumerate(self.controller.participants()):
            if not compact or who.id == self.controller.participant_id:
                labels.append(self._chip_name(i, who))
            else:
                labels.append(str(i + 1) if i < 9 else ("0" if i == 9 else initials(who.name).upper()[:2]))
        return labels

    def _dots_width(self, total: int, compact: bool = False) -> float:
        s = self.scale
        if total > 6 or compact:  # the largest count it will show
            return QFontMetricsF(self._chip_bold).horizontalAdvance(number(total)) + 12 * s
        return total * 9 * s

    def chip_rects(self, width: float) -> list[tuple[QRectF, str]]:
        """Where each participant's chip goes in a banner ``width`` wide: as wide as its name (bold, as when
        their turn comes) and dots need, between CHIP_WIDTHS, in rows. Chips of one width put five people on
        two rows at 1024 × 768 beside the timer, room their short names did not need.

        When they do not fit in one row the chips go compact (key and dots left, the name on the current
        voter's only): twelve voters' named chips took two rows even at 1920 wide, a fifth of a 1280 × 800
        projector. Rows come back only when even compact chips do not fit."""
        s = self.scale
        c = self.controller
        session = c.session()
        total = session.dots if session is not None else 0
        fm = QFontMetricsF(self._chip_bold)
        _head, _keys, top, ch = self.rows()
        left, right = 1 + 12 * s, width - 1 - 8
        people = c.participants()
        rects: list[tuple[QRectF, str]] = []
        for compact in (False, True):
            pad, gap = (CHIP_PADS[1] if compact else CHIP_PADS[0]) * s, (5 if compact else 8) * s
            dots_w = self._dots_width(total, compact)
            widths = []
            for label in self.chip_labels(compact):
                need = 2 * pad + fm.horizontalAdvance(label) + 6 * s + dots_w
                widths.append(min(max(need, (0 if compact else CHIP_WIDTHS[0]) * s), CHIP_WIDTHS[1] * s, right - left))
            if compact and c.participant_id in [who.id for who in people]:
                # The current voter's chip takes what room the others leave, its name elided to it.
                mine = [who.id for who in people].index(c.participant_id)
                others = sum(widths) - widths[mine] + gap * (len(widths) - 1)
                least = 2 * pad + fm.horizontalAdvance(self.chip_labels(True)[mine].split()[0]) + 6 * s + dots_w
                widths[mine] = max(least, min(widths[mine], right - left - others))
            x, y = left, top
            rects = []
            for who, cw in zip(people, widths, strict=True):
                if x + cw > right and x > left:
                    x, y = left, y + ch + 6 * s
                rects.append((QRectF(x, y, cw, ch), who.id))
                x += cw + gap
            self._compact = compact
            if len({rect.y() for rect, _pid in rects}) <= 1:
                break
        return rects

    def chip_at(self, pos: QPointF) -> str | None:
        return next((pid for rect, pid in self._chips if rect.contains(pos)), None)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pid = self.chip_at(event.position())
        if pid is not None:
            self.controller.select_participant(pid)
            event.accept()
            return
        super().mousePressEvent(event)


__all__ = ["VoteMarksItem", "VotingBanner", "VotingController", "VotingInteraction", "chip_fill", "initials"]
