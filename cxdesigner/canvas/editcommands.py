"""The map editor's edits: every change to the project as one command on the window's undo stack.

A mixin of :class:`~cxdesigner.canvas.editor.JourneyEditor`; it reads the widget's document,
undo stack, scene and selection, and asks the user through the widget's ``ask_text``,
``ask_delete_choice`` and ``show_error``, which tests replace.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..document import commands as dc
from ..document.arrange_command import ArrangeCellsCommand
from ..document.move_command import CellMove, MoveTouchpointsToCellsCommand
from ..document.voting import QuickVoteCommand, quick_votes
from ..i18n import _, name_in_text
from ..layout.arrange import arranged_cells
from ..layout.geometry import Cell
from ..layout.moves import cell_offset, moves_by_offset
from ..model import CXError, ValidationError, vocab
from ..qtcommands import UndoStack, push
from .items import qrect

if TYPE_CHECKING:
    from ..document import Document
    from .scene import JourneyScene


class EditCommands:
    """Adding, moving, connecting, renaming and deleting cards, stages, lanes and connections.

    Uses the widget's ``journey_id``, selection (``selected_card_ids``, ``selected_connection_ids``),
    questions (``ask_text``, ``ask_new_lane``, ``ask_delete_choice``, ``show_error``) and ``message_posted``.
    """

    if TYPE_CHECKING:
        doc: Document
        undo_stack: UndoStack
        scene: JourneyScene

    def push(self, cmd: dc.Command) -> bool:
        """Do ``cmd`` on the undo stack; a refused command is reported, never raised."""
        if self.undo_stack.doc is not self.doc:
            # The window has moved on to another project (or none): this one takes no more edits.
            return False
        try:
            push(self.undo_stack, self.doc, cmd)
        except CXError as exc:
            self.message_posted.emit(str(exc))
            self.show_error(str(exc))
            return False
        return True

    def add_card(self, cell: Cell, title: str, index: int | None = None, **fields: Any) -> str | None:
        jid = self.journey_id
        if jid is None:
            return None
        cmd = dc.AddTouchpointCommand(jid, cell[0], cell[1], index, title=title, **fields)
        return cmd.touchpoint_id if self.push(cmd) else None

    def move_cards(self, ids: Sequence[str], cell: Cell, index: int | None = None, anchor: str | None = None) -> bool:
        """Move cards into ``cell`` at ``index`` (counted in the cell before the move), one command.

        With ``anchor`` (the card under the mouse of a drag), only that card goes to ``cell``: every
        card moves by the same number of stages and lanes, stopping at the edges of the map.
        """
        if not ids:
            return False
        project = self.doc.project
        try:
            if anchor is not None and anchor in ids:
                ds, dl = cell_offset(project, anchor, cell)
                moves = moves_by_offset(project, ids, ds, dl, anchor=anchor, index=index)
            else:
                moves = [(list(ids), cell[0], cell[1], index)]
            return self._push_moves(moves)
        except ValidationError as exc:
            self.show_error(str(exc))
            return False

    def move_selected_cards(self, stage_step: int, lane_step: int) -> bool:
        """Move the selected cards so many stages and lanes (Ctrl+arrows), each keeping its height."""
        ids = self.selected_card_ids()
        if not ids:
            return False
        moves = moves_by_offset(self.doc.project, ids, stage_step, lane_step, card_lanes_only=True)
        if not moves:
            self.message_posted.emit(_("The cards are at the edge of the map"))
            return False
        if not self._push_moves(moves):
            return False
        layout = self.scene.layout
        if layout is not None and ids[-1] in layout.cards:
            self.ensure_visible(qrect(layout.cards[ids[-1]]))
        return True

    def _push_moves(self, moves: Sequence[CellMove]) -> bool:
        lanes = self.doc.project.tables["lane"]
        if any(lanes[m[2]].kind in vocab.CONTENT_LANE_KINDS for m in moves if m[2] in lanes):
            # Text, figure, picture, channel and emotion lanes hold no cards: the cards stay where they are.
            self.message_posted.emit(_("Cards cannot go into a lane of text, figures or pictures"))
            return False
        cmd = MoveTouchpointsToCellsCommand(moves)
        if not cmd.prepare(self.doc.project):
            return False  # dropped where they were: no empty undo step
        return self.push(cmd)

    def connect_cards(self, source_id: str, target_id: str, kind: str = "normal") -> str | None:
        if source_id == target_id:
            return None
        for c in self.doc.project.connections_of(source_id):
            if c.source_id == source_id and c.target_id == target_id:
                self.message_posted.emit(_("These cards are already connected"))
                return None
        cmd = dc.AddConnectionCommand(source_id, target_id, kind=kind)
        return cmd.connection_id if self.push(cmd) else None

    def connect_selected(self) -> bool:
        """Connect the selected cards in the order they were selected (two cards, or a chain)."""
        ids = self.selected_card_ids()
        if not ids and self.selected_connection_ids():
            # Ctrl+L again on the connection it just made (and selected).
            self.message_posted.emit(_("These cards are already connected"))
            return False
        if len(ids) < 2:
            self.message_posted.emit(_("Select two cards to connect them: Shift+arrow or Ctrl+click adds a card"))
            return False
        existing = {(c.source_id, c.target_id) for c in self.doc.project.connections(self.journey_id or "")}
        steps = [(a, b) for a, b in itertools.pairwise(ids) if (a, b) not in existing]
        if not steps:
            self.message_posted.emit(_("These cards are already connected"))
            return False
        cmds = [dc.AddConnectionCommand(a, b) for a, b in steps]
        if not self.push(cmds[0] if len(cmds) == 1 else dc.MacroCommand(_("Connect touchpoints"), cmds)):
            return False
        # The new connections come selected, as a drawn line does in a diagram tool: Enter or F2 labels
        # one at once, the inspector says so, and the arrows walk on to its cards.
        self.select_cards([], [c.connection_id for c in cmds])
        return True

    def set_emotion(self, ids: Sequence[str], value: int | None) -> bool:
        project = self.doc.project
        ids = [i for i in ids if i in project.tables["touchpoint"] and project.tables["touchpoint"][i].emotion != value]
        if not ids:
            return False
        return self.push(dc.UpdateTouchpointCommand(ids, undo_text=_("Set emotion"), emotion=value))

    def update_cards(self, ids: Sequence[str], *, undo_text: str = "", **fields: Any) -> bool:
        if not ids:
            return False
        return self.push(dc.UpdateTouchpointCommand(list(ids), undo_text=undo_text, **fields))

    def rename_card(self, tp_id: str, title: str) -> bool:
        return self.push(dc.UpdateTouchpointCommand(tp_id, title=title))  # "Rename touchpoint “old” to “new”"

    def vote(self, ids: Sequence[str], step: int) -> bool:
        """Add (``step`` 1) or take back (−1) a quick dot vote on each card; never below zero."""
        if not ids or self.journey_id is None:
            return False
        if step < 0 and not any(quick_votes(self.doc.project, i) for i in ids):
            return False
        return self.push(QuickVoteCommand(self.journey_id, list(ids), step, self.scene.lang))

    def delete_selection(self) -> bool:
        cards = self.selected_card_ids()
        gone = set(cards)
        conns = []
        for cid in self.selected_connection_ids():
            c = self.doc.project.tables["connection"].get(cid)
            # A deleted card takes its connections along; deleting them twice would be refused.
            if c is not None and c.source_id not in gone and c.target_id not in gone:
                conns.append(cid)
        cmds: list[dc.Command] = []
        if cards:
            cmds.append(dc.DeleteTouchpointsCommand(cards))
        if conns:
            cmds.append(dc.DeleteConnectionsCommand(conns))
        if not cmds:
            return False
        return self.push(cmds[0] if len(cmds) == 1 else dc.MacroCommand(_("Delete"), cmds))

    def reorder(self, kind: str, item_id: str, index: int) -> bool:
        jid = self.journey_id
        siblings = self.doc.project.stages(jid) if kind == "stage" else self.doc.project.lanes(jid)
        rest = [s.id for s in siblings if s.id != item_id]
        if [s.id for s in siblings] == rest[:index] + [item_id] + rest[index:]:
            return False
        return self.push(dc.ReorderCommand(kind, item_id, index))

    # -- stages and lanes -----------------------------------------------------------------------
    def _name(self, kind: str, item_id: str) -> str:
        return self.doc.project.get(kind, item_id).display_name(self.scene.lang)

    def add_stage(self, index: int | None = None) -> str | None:
        jid = self.journey_id
        if jid is None:
            return None
        name = self.ask_text(_("Add stage"), _("Name of the new stage:"), _("New stage"))
        if name is None or not name.strip():
            return None
        stages = self.doc.project.stages(jid)
        at = len(stages) if index is None else index
        phase = stages[min(max(at - 1, 0), len(stages) - 1)].phase if stages else "before"
        cmd = dc.AddStageCommand(jid, name.strip(), phase, at)
        return cmd.stage_id if self.push(cmd) else None

    def add_lane(self, index: int | None = None) -> str | None:
        jid = self.journey_id
        if jid is None:
            return None
        answer = self.ask_new_lane()
        if answer is None:
            return None
        name, kind = answer
        if kind == "touchpoints" and not name.strip():
            return None
        cmd = dc.AddLaneCommand(jid, name.strip(), kind, index)
        return cmd.lane_id if self.push(cmd) else None

    def rename_stage(self, stage_id: str) -> bool:
        step = _("Rename stage “{old}” to “{new}”")
        return self._rename("stage", stage_id, _("Rename stage"), _("Stage name:"), step)

    def rename_lane(self, lane_id: str) -> bool:
        step = _("Rename lane “{old}” to “{new}”")
        return self._rename("lane", lane_id, _("Rename lane"), _("Lane name:"), step)

    def _rename(self, kind: str, item_id: str, title: str, label: str, step: str) -> bool:
        old = self._name(kind, item_id)
        name = self.ask_text(title, label, old)
        if name is None or not name.strip() or name.strip() == old:
            return False
        # The undo step names both: "Undo Rename stage" did not say which of six stages it would rename back.
        text = dc.named(step, title, old=dc.short_name(old), new=dc.short_name(name))
        return self.push(_own_step(dc.UpdateCommand(kind, item_id, undo_text=text, name=name.strip())))

    def rename_phase(self, phase: str) -> bool:
        """Ask what this journey calls a phase ("before the visit"); empty or the usual name restores it."""
        jid = self.journey_id
        if jid is None or phase not in vocab.PHASES:
            return False
        journey = self.doc.project.get("journey", jid)
        usual = vocab.label(vocab.PHASES, phase, self.scene.lang)
        label = _("Name of this phase in this journey (empty for “{usual}”):").format(usual=name_in_text(usual))
        name = self.ask_text(_("Rename phase"), label, journey.phase_name(phase, self.scene.lang))
        if name is None:
            return False
        return self.set_phase_name(phase, name)

    def set_phase_name(self, phase: str, name: str) -> bool:
        """This journey's own name for ``phase``; "" (or the usual name) goes back to the usual one."""
        jid = self.journey_id
        if jid is None:
            return False
        name = " ".join(name.split())
        if name == vocab.label(vocab.PHASES, phase, self.scene.lang):
            name = ""  # stored as the built-in key's name, so it follows the interface language
        field = f"phase_{phase}"
        journey = self.doc.project.get("journey", jid)
        if getattr(journey, field) == name:
            return False
        lang = self.scene.lang
        old, new = journey.phase_name(phase, lang), name or vocab.label(vocab.PHASES, phase, lang)
        text = dc.named(_("Rename phase “{old}” to “{new}”"), _("Rename phase"), old=dc.short_name(old),
                        new=dc.short_name(new))
        return self.push(_own_step(dc.UpdateCommand("journey", jid, undo_text=text, **{field: name})))

    def set_stage_phase(self, stage_id: str, phase: str) -> bool:
        if self.doc.project.get("stage", stage_id).phase == phase:
            return False
        return self.push(dc.UpdateCommand("stage", stage_id, undo_text=_("Change phase"), phase=phase))

    def move_header(self, kind: str, item_id: str, step: int) -> bool:
        jid = self.journey_id
        siblings = self.doc.project.stages(jid) if kind == "stage" else self.doc.project.lanes(jid)
        ids = [s.id for s in siblings]
        index = ids.index(item_id) + step
        if not 0 <= index < len(ids):
            return False
        return self.push(dc.ReorderCommand(kind, item_id, index))

    def delete_stage(self, stage_id: str) -> bool:
        return self._delete_header("stage", stage_id)

    def delete_lane(self, lane_id: str) -> bool:
        return self._delete_header("lane", lane_id)

    def _delete_header(self, kind: str, item_id: str) -> bool:
        jid = self.journey_id
        project = self.doc.project
        attr = f"{kind}_id"
        count = sum(1 for tp in project.tables["touchpoint"].values() if getattr(tp, attr) == item_id)
        move_to = None
        if count:
            siblings = project.stages(jid) if kind == "stage" else project.lanes(jid)
            others = [(s.id, s.display_name(self.scene.lang)) for s in siblings if s.id != item_id]
            choice = self.ask_delete_choice(kind, self._name(kind, item_id), count, others)
            if choice is None:
                return False
            action, move_to = choice
            if action != "move":
                move_to = None
        cmd = dc.DeleteStageCommand(item_id, move_to) if kind == "stage" else dc.DeleteLaneCommand(item_id, move_to)
        return self.push(cmd)

    # -- connections ----------------------------------------------------------------------------
    def edit_connection_label(self, conn_id: str) -> bool:
        conn = self.doc.project.get("connection", conn_id)
        label = self.ask_text(_("Connection label"), _("Label:"), conn.label)
        if label is None or label == conn.label:
            return False
        return self.push(dc.UpdateConnectionCommand(conn_id, undo_text=_("Change connection label"), label=label))

    def set_connection_kind(self, conn_ids: Sequence[str], kind: str) -> bool:
        project = self.doc.project
        ids = [c for c in conn_ids if project.get("connection", c).kind != kind]
        if not ids:
            return False
        return self.push(dc.UpdateConnectionCommand(ids, undo_text=_("Change connection kind"), kind=kind))

    # -- arranging ------------------------------------------------------------------------------
    def auto_arrange(self) -> bool:
        jid = self.journey_id
        if jid is None:
            return False
        cmd = ArrangeCellsCommand(arranged_cells(self.doc.project, jid), _("Auto-arrange"))
        if not cmd.prepare(self.doc.project):
            self.message_posted.emit(_("The cards are already arranged"))
            return False
        return self.push(cmd)


def _own_step(cmd: dc.Command) -> dc.Command:
    """``cmd`` as an undo step of its own: a rename in a dialog never merges with the one before.

    Updates of one field merge (that is how typing in the inspector makes one step); a
    MacroCommand has no merge key.
    """
    return dc.MacroCommand("", [cmd])  # named as its step is
