"""JourneyEditor: the map view, its find bar and every editing operation, each one undoable command."""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGraphicsItem,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..document import Document, Selection
from ..document import commands as dc
from ..document.arrange_command import ArrangeCellsCommand
from ..layout import clipboard
from ..layout.arrange import arranged_cells
from ..layout.filtering import CardFilter, matching_ids
from ..layout.geometry import Cell
from ..model import Change, CXError, ValidationError, vocab
from ..qtcommands import push
from .findbar import FindBar
from .interactions import QuickCaptureInteraction, SelectInteraction, TitleEditInteraction
from .items import CardItem, ConnectionItem, LaneHeaderItem, StageHeaderItem, qrect
from .scene import JourneyScene
from .view import JourneyView


class JourneyEditor(QWidget):
    """The journey map editor: one per project window.

    Wire it with ``actions()`` (for the Edit and View menus), ``zoom_changed`` (status bar),
    ``scroll_to_cards`` and ``highlight_path`` (insights). Every change goes through
    ``push`` onto the project's one undo stack; the view then follows the model's change
    events. Dialogs sit behind ``ask_text``, ``ask_delete_choice`` and ``show_error`` so
    tests (and scripts) can answer them.
    """

    zoom_changed = Signal(float)
    touchpoint_activated = Signal(str)
    message_posted = Signal(str)

    def __init__(
        self, doc: Document, undo_stack: QUndoStack, selection: Selection, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.undo_stack = undo_stack
        self.selection = selection
        # Python-owned (no Qt parent) so it outlives the widget until it has stopped listening.
        self.scene = JourneyScene(doc.project, doc.lang)
        self.view = JourneyView(self.scene, self)
        self.find_bar = FindBar(self)
        self.find_bar.hide()
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.find_bar)
        box.addWidget(self.view, 1)
        self.setFocusProxy(self.view)

        self.scene.default_handler = SelectInteraction(self)
        self._order: list[str] = []
        self._syncing = False
        self._quiet_selection = False
        self._filter = CardFilter()
        self._detached = False

        self.scene.selectionChanged.connect(self._scene_selection_changed)
        self.view.zoom_changed.connect(self.zoom_changed)
        self.find_bar.filter_changed.connect(self._filter_changed)
        self.find_bar.closed.connect(self.view.setFocus)
        selection.subscribe(self._shared_selection_changed)
        doc.project.subscribe(self._project_changed)
        listeners = (doc.project, selection, self.scene, self._project_changed, self._shared_selection_changed)
        self.destroyed.connect(lambda *_a, _l=listeners: _forget(*_l))

        self._actions = self._make_actions()
        journeys = doc.project.journeys()
        first = selection.journey_id or (journeys[0].id if journeys else None)
        self.set_journey(first)

    # -- public API --------------------------------------------------------------------------------
    @property
    def journey_id(self) -> str | None:
        return self.scene.journey_id

    def set_journey(self, journey_id: str | None) -> None:
        """Show ``journey_id`` and make it the shared selection's journey."""
        if journey_id != self.scene.journey_id or self.scene.layout is None:
            self._show_journey(journey_id)
        self.selection.set_journey(journey_id, source=self)

    def actions(self) -> list[QAction]:  # type: ignore[override]
        """The editor's actions, in menu order, for the main window's Edit and View menus."""
        return list(self._actions.values())

    def action(self, name: str) -> QAction:
        return self._actions[name]

    def zoom(self) -> float:
        return self.view.zoom()

    def set_zoom(self, factor: float) -> None:
        self.view.set_zoom(factor)

    def fit_journey(self) -> None:
        self.view.fit_journey()

    def scroll_to_cards(self, ids: Sequence[str]) -> None:
        """Bring cards into view and select them (used by the insights panel)."""
        layout = self.scene.layout
        rects = [layout.cards[i] for i in ids if layout is not None and i in layout.cards]
        if not rects:
            return
        r = rects[0]
        for other in rects[1:]:
            r = r.united(other)
        self.view.ensure_rect_visible(qrect(r))
        self.select_cards(list(ids))

    def activate_card(self, tp_id: str) -> None:
        """A card was double-clicked: tell the window (the inspector comes forward)."""
        self.touchpoint_activated.emit(tp_id)

    def highlight_path(self, ids: Sequence[str]) -> None:
        """Outline a path of cards and the connections between consecutive ones; [] clears it."""
        self.scene.set_highlight(list(ids))

    def detach(self) -> None:
        """Stop following the project and the selection (call before closing the document)."""
        if not self._detached:
            self._detached = True
            _forget(self.doc.project, self.selection, self.scene, self._project_changed, self._shared_selection_changed)

    # -- overridable questions ---------------------------------------------------------------------
    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        """A line of text from the user, or None when cancelled."""
        value, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok else None

    def ask_delete_choice(
        self, kind: str, name: str, count: int, others: Sequence[tuple[str, str]]
    ) -> tuple[str, str | None] | None:
        """What to do with the cards of a stage or lane being deleted.

        Returns ("move", id of the stage/lane to move them to), ("delete", None), or None to cancel.
        """
        dialog = _DeleteDialog(self, kind, name, count, others)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()

    def show_error(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("CX Designer"), text, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    # -- commands ----------------------------------------------------------------------------------
    def push(self, cmd: dc.Command) -> bool:
        """Do ``cmd`` on the undo stack; a refused command is reported, never raised."""
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

    def move_cards(self, ids: Sequence[str], cell: Cell, index: int | None = None) -> bool:
        """Move cards into ``cell`` at ``index`` (counted in the cell before the move), one command."""
        if not ids:
            return False
        cmd = dc.MoveTouchpointsCommand(list(ids), cell[0], cell[1], index)
        try:
            if not cmd.build(self.doc.project):
                return False  # dropped where they were: no empty undo step
        except ValidationError as exc:
            self.show_error(str(exc))
            return False
        return self.push(cmd)

    def connect_cards(self, source_id: str, target_id: str, kind: str = "normal") -> str | None:
        if source_id == target_id:
            return None
        for c in self.doc.project.connections_of(source_id):
            if c.source_id == source_id and c.target_id == target_id:
                self.message_posted.emit(self.tr("These cards are already connected"))
                return None
        cmd = dc.AddConnectionCommand(source_id, target_id, kind=kind)
        return cmd.connection_id if self.push(cmd) else None

    def connect_selected(self) -> bool:
        """Connect the selected cards in the order they were selected (two cards, or a chain)."""
        ids = self.selected_card_ids()
        if len(ids) < 2:
            self.message_posted.emit(self.tr("Select two cards to connect them"))
            return False
        existing = {(c.source_id, c.target_id) for c in self.doc.project.connections(self.journey_id or "")}
        steps = [(a, b) for a, b in itertools.pairwise(ids) if (a, b) not in existing]
        if not steps:
            self.message_posted.emit(self.tr("These cards are already connected"))
            return False
        cmds = [dc.AddConnectionCommand(a, b) for a, b in steps]
        return self.push(cmds[0] if len(cmds) == 1 else dc.MacroCommand(self.tr("Connect touchpoints"), cmds))

    def set_emotion(self, ids: Sequence[str], value: int | None) -> bool:
        project = self.doc.project
        ids = [i for i in ids if i in project.tables["touchpoint"] and project.tables["touchpoint"][i].emotion != value]
        if not ids:
            return False
        return self.push(dc.UpdateTouchpointCommand(ids, undo_text=self.tr("Set emotion"), emotion=value))

    def update_cards(self, ids: Sequence[str], *, undo_text: str = "", **fields: Any) -> bool:
        if not ids:
            return False
        return self.push(dc.UpdateTouchpointCommand(list(ids), undo_text=undo_text, **fields))

    def rename_card(self, tp_id: str, title: str) -> bool:
        return self.push(dc.UpdateTouchpointCommand(tp_id, undo_text=self.tr("Rename touchpoint"), title=title))

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
        return self.push(cmds[0] if len(cmds) == 1 else dc.MacroCommand(self.tr("Delete"), cmds))

    def reorder(self, kind: str, item_id: str, index: int) -> bool:
        jid = self.journey_id
        siblings = self.doc.project.stages(jid) if kind == "stage" else self.doc.project.lanes(jid)
        rest = [s.id for s in siblings if s.id != item_id]
        if [s.id for s in siblings] == rest[:index] + [item_id] + rest[index:]:
            return False
        return self.push(dc.ReorderCommand(kind, item_id, index))

    # -- stages and lanes --------------------------------------------------------------------------
    def _name(self, kind: str, item_id: str) -> str:
        return self.doc.project.get(kind, item_id).display_name(self.scene.lang)

    def add_stage(self, index: int | None = None) -> str | None:
        jid = self.journey_id
        if jid is None:
            return None
        name = self.ask_text(self.tr("Add stage"), self.tr("Name of the new stage:"), self.tr("New stage"))
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
        name = self.ask_text(self.tr("Add lane"), self.tr("Name of the new lane:"), self.tr("New lane"))
        if name is None or not name.strip():
            return None
        cmd = dc.AddLaneCommand(jid, name.strip(), "touchpoints", index)
        return cmd.lane_id if self.push(cmd) else None

    def rename_stage(self, stage_id: str) -> bool:
        return self._rename("stage", stage_id, self.tr("Rename stage"), self.tr("Stage name:"))

    def rename_lane(self, lane_id: str) -> bool:
        return self._rename("lane", lane_id, self.tr("Rename lane"), self.tr("Lane name:"))

    def _rename(self, kind: str, item_id: str, title: str, label: str) -> bool:
        old = self._name(kind, item_id)
        name = self.ask_text(title, label, old)
        if name is None or not name.strip() or name.strip() == old:
            return False
        return self.push(dc.UpdateCommand(kind, item_id, undo_text=title, name=name.strip()))

    def set_stage_phase(self, stage_id: str, phase: str) -> bool:
        if self.doc.project.get("stage", stage_id).phase == phase:
            return False
        return self.push(dc.UpdateCommand("stage", stage_id, undo_text=self.tr("Change phase"), phase=phase))

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

    # -- connections -------------------------------------------------------------------------------
    def edit_connection_label(self, conn_id: str) -> bool:
        conn = self.doc.project.get("connection", conn_id)
        label = self.ask_text(self.tr("Connection label"), self.tr("Label:"), conn.label)
        if label is None or label == conn.label:
            return False
        return self.push(dc.UpdateConnectionCommand(conn_id, undo_text=self.tr("Change connection label"), label=label))

    def set_connection_kind(self, conn_ids: Sequence[str], kind: str) -> bool:
        project = self.doc.project
        ids = [c for c in conn_ids if project.get("connection", c).kind != kind]
        if not ids:
            return False
        return self.push(dc.UpdateConnectionCommand(ids, undo_text=self.tr("Change connection kind"), kind=kind))

    # -- clipboard ---------------------------------------------------------------------------------
    def copy_selection(self) -> bool:
        ids = self.selected_card_ids()
        if not ids:
            return False
        project = self.doc.project
        data = clipboard.encode_cards(project, ids)
        mime = QMimeData()
        mime.setData(clipboard.MIME_TYPE, QByteArray(clipboard.to_json(data).encode("utf-8")))
        mime.setText(clipboard.plain_text(project, [t["ref"] for t in data["touchpoints"]]))
        QGuiApplication.clipboard().setMimeData(mime)
        self.message_posted.emit(self.tr("Copied %n card(s)", "", len(ids)))
        return True

    def cut_selection(self) -> bool:
        if not self.copy_selection():
            return False
        return self.delete_selection()

    def paste(self, anchor: Cell | None = None) -> list[str]:
        """Paste cards (ours, from any window) or lines of plain text; returns the new card ids."""
        jid = self.journey_id
        if jid is None:
            return []
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return []
        anchor = anchor or self.scene.current_cell
        try:
            if mime.hasFormat(clipboard.MIME_TYPE):
                raw = bytes(mime.data(clipboard.MIME_TYPE).data())
                data = clipboard.decode(raw.decode("utf-8"))
                entities, ids = clipboard.paste_entities(self.doc.project, data, jid, anchor)
            elif mime.hasText():
                cell = anchor or self._default_cell()
                if cell is None:
                    return []
                entities, ids = clipboard.text_entities(self.doc.project, mime.text(), jid, cell)
            else:
                return []
        except (ValidationError, UnicodeDecodeError) as exc:
            self.show_error(self.tr("Cannot paste: %1").replace("%1", str(exc)))
            return []
        if not entities:
            return []
        if not self.push(dc.AddEntitiesCommand(entities, self.tr("Paste %n card(s)", "", len(ids)))):
            return []
        self.select_cards(ids)
        return ids

    def duplicate_selection(self) -> list[str]:
        ids = self.selected_card_ids()
        jid = self.journey_id
        if not ids or jid is None:
            return []
        data = clipboard.encode_cards(self.doc.project, ids)
        entities, new_ids = clipboard.paste_entities(self.doc.project, data, jid)
        if not self.push(dc.AddEntitiesCommand(entities, self.tr("Duplicate %n card(s)", "", len(new_ids)))):
            return []
        self.select_cards(new_ids)
        return new_ids

    # -- arranging, finding ------------------------------------------------------------------------
    def auto_arrange(self) -> bool:
        jid = self.journey_id
        if jid is None:
            return False
        cmd = ArrangeCellsCommand(arranged_cells(self.doc.project, jid), self.tr("Auto-arrange"))
        if not cmd.build(self.doc.project):
            self.message_posted.emit(self.tr("The cards are already arranged"))
            return False
        return self.push(cmd)

    def open_find(self) -> None:
        self._refresh_find_choices()
        self.find_bar.open()

    def close_find(self) -> None:
        self.find_bar.clear_and_close()

    def find_active(self) -> bool:
        return self.find_bar.isVisible() or not self._filter.is_empty()

    def set_filter(self, flt: CardFilter) -> list[str] | None:
        """Apply a filter directly (the find bar does this as you type); returns the matching ids."""
        self._filter = flt
        return self._apply_filter()

    def _filter_changed(self, flt: CardFilter) -> None:
        self.set_filter(flt)

    def _apply_filter(self) -> list[str] | None:
        jid = self.journey_id
        if jid is None or self._filter.is_empty():
            self.scene.set_filter(None)
            self.find_bar.count_label.clear()
            return None
        ids = matching_ids(self.doc.project, jid, self._filter, self.scene.lang)
        self.scene.set_filter(ids, hide=self._filter.hide_others)
        self.find_bar.set_count(len(ids), len(self.scene.card_items()))
        return ids

    def _refresh_find_choices(self) -> None:
        project = self.doc.project
        lang = self.scene.lang
        channels = [(k, t.label(lang)) for k, t in vocab.CHANNELS.items()] + [
            (c.id, c.name) for c in project.channels()
        ]
        self.find_bar.set_channels(channels)
        jid = self.journey_id
        tags = sorted({t for tp in project.touchpoints(jid) for t in tp.tags}, key=str.casefold) if jid else []
        self.find_bar.set_tags(tags)

    # -- selection ---------------------------------------------------------------------------------
    def selected_card_ids(self) -> list[str]:
        """Selected cards in the order they were selected."""
        return list(self._order)

    def selected_connection_ids(self) -> list[str]:
        return sorted(i.conn_id for i in self.scene.selectedItems() if isinstance(i, ConnectionItem))

    def select_cards(self, ids: Sequence[str], connection_ids: Sequence[str] = ()) -> None:
        items: list[QGraphicsItem] = [it for it in (self.scene.card_item(i) for i in ids) if it is not None]
        items += [it for it in (self.scene.connection_item(i) for i in connection_ids) if it is not None]
        self.select_items(items)

    def select_items(self, items: Sequence[QGraphicsItem]) -> None:
        """Replace the selection with ``items`` and tell the other views once."""
        self._quiet_selection = True
        try:
            self.scene.clearSelection()
            for item in items:
                item.setSelected(True)
        finally:
            self._quiet_selection = False
        wanted = [i.tp_id for i in items if isinstance(i, CardItem)]
        self._order = [t for t in self._order if t in set(wanted)]
        self._order += [t for t in wanted if t not in set(self._order)]
        self.publish_selection()

    def select_cards_quietly(self, ids: set[str]) -> None:
        """Change the scene's selection without telling the other views yet (rubber band)."""
        self._quiet_selection = True
        for tid, item in self.scene.card_items().items():
            selected = tid in ids
            if item.isSelected() != selected:
                item.setSelected(selected)

    def publish_selection(self) -> None:
        """Make the shared Selection match the scene's (cards in selection order)."""
        self._quiet_selection = False
        items = self.scene.selectedItems()
        cards = [i.tp_id for i in items if isinstance(i, CardItem)]
        conns = sorted(i.conn_id for i in items if isinstance(i, ConnectionItem))
        keep = set(cards)
        old = [t for t in self._order if t in keep]
        seen = set(old)
        new = [t for t in cards if t not in seen]
        if len(new) > 1:
            rank = {t: i for i, t in enumerate(self.scene.cards_in_journey_order())}
            new.sort(key=lambda t: rank.get(t, 0))
        self._order = old + new
        self._syncing = True
        try:
            self.selection.select(self._order, conns, source=self)
        finally:
            self._syncing = False
        self._update_action_states()

    def _scene_selection_changed(self) -> None:
        if self._syncing or self._quiet_selection or self._detached:
            return
        self.publish_selection()

    def _shared_selection_changed(self, sel: Selection, source: object) -> None:
        if source is self or self._syncing:
            return
        if sel.journey_id != self.scene.journey_id:
            self._show_journey(sel.journey_id)
        self._syncing = True
        try:
            self.scene.clearSelection()
            for tid in sel.touchpoint_ids:
                item = self.scene.card_item(tid)
                if item is not None:
                    item.setSelected(True)
            for cid in sel.connection_ids:
                citem = self.scene.connection_item(cid)
                if citem is not None:
                    citem.setSelected(True)
        finally:
            self._syncing = False
        self._order = [t for t in sel.touchpoint_ids if self.scene.card_item(t) is not None]
        self._update_action_states()

    # -- cells -------------------------------------------------------------------------------------
    def _default_cell(self) -> Cell | None:
        scene = self.scene
        if scene.current_cell is not None:
            return scene.current_cell
        layout = scene.layout
        if layout is None:
            return None
        if self._order and self._order[-1] in layout.card_cell:
            return layout.card_cell[self._order[-1]]
        if layout.stage_ids and layout.lane_ids:
            return layout.stage_ids[0], layout.lane_ids[0]
        return None

    def neighbour_cell(self, cell: Cell, stage_step: int = 0, lane_step: int = 0, wrap: bool = True) -> Cell | None:
        """The cell so many stages and lanes away; past the last stage, Tab wraps to the next lane."""
        layout = self.scene.layout
        if layout is None or cell[0] not in layout.stage_index or cell[1] not in layout.lane_index:
            return None
        n_s, n_l = len(layout.stage_ids), len(layout.lane_ids)
        si = layout.stage_index[cell[0]] + stage_step
        li = layout.lane_index[cell[1]] + lane_step
        if wrap:
            flat = (li * n_s + si) % (n_s * n_l)
            li, si = divmod(flat, n_s)
        else:
            si, li = max(0, min(si, n_s - 1)), max(0, min(li, n_l - 1))
        return layout.stage_ids[si], layout.lane_ids[li]

    def move_cell_cursor(
        self, stage_step: int = 0, lane_step: int = 0, wrap: bool = True, from_selection: bool = False
    ) -> None:
        cell = self.scene.current_cell
        if cell is None and from_selection:
            cell = self._default_cell()
            if self._order:
                self.select_items([])
        if cell is None:
            cell = self._default_cell()
            if cell is None:
                return
        else:
            cell = self.neighbour_cell(cell, stage_step, lane_step, wrap) or cell
        self.scene.set_current_cell(cell)
        if self.scene.layout is not None:
            self.ensure_visible(qrect(self.scene.layout.cell_rect(*cell)))

    def ensure_visible(self, rect: QRectF) -> None:
        self.view.ensureVisible(rect, 60, 60)

    def start_capture(self) -> None:
        """Open quick capture in the current cell (or the selected card's cell)."""
        cell = self._default_cell()
        if cell is None:
            return
        if self._order:
            self.select_items([])
        self.view.setFocus()
        QuickCaptureInteraction(self, cell).start()

    def edit_title(self, tp_id: str) -> None:
        self.view.setFocus()
        TitleEditInteraction(self, tp_id).start()

    # -- menus -------------------------------------------------------------------------------------
    def context_menu_for(self, scene_pos: QPointF) -> QMenu:
        """The menu for what is under ``scene_pos`` (tests trigger its actions directly)."""
        scene = self.scene
        item = scene.top_item_at(scene_pos)
        menu = QMenu(self)
        if isinstance(item, CardItem):
            self._card_menu(menu, item.tp_id)
        elif isinstance(item, ConnectionItem):
            self._connection_menu(menu, item.conn_id)
        elif isinstance(item, StageHeaderItem):
            self._stage_menu(menu, item.stage_id)
        elif isinstance(item, LaneHeaderItem):
            self._lane_menu(menu, item.lane_id)
        else:
            cell = scene.cell_at(scene_pos)
            if cell is not None:
                scene.set_current_cell(cell)
                add = menu.addAction(self.tr("New touchpoint here"))
                add.triggered.connect(lambda _=False, c=cell: self._capture_in(c))
                paste = menu.addAction(self.tr("Paste here"))
                paste.triggered.connect(lambda _=False, c=cell: self.paste(c))
                menu.addSeparator()
            menu.addAction(self._actions["add_stage"])
            menu.addAction(self._actions["add_lane"])
            menu.addSeparator()
            menu.addAction(self._actions["auto_arrange"])
            menu.addAction(self._actions["fit"])
        return menu

    def show_context_menu(self, scene_pos: QPointF, screen_pos: QPoint) -> None:
        menu = self.context_menu_for(scene_pos)
        if not menu.isEmpty():
            menu.exec(screen_pos)
        menu.deleteLater()

    def _capture_in(self, cell: Cell) -> None:
        self.view.setFocus()
        QuickCaptureInteraction(self, cell).start()

    def _card_menu(self, menu: QMenu, tp_id: str) -> None:
        tp = self.doc.project.get("touchpoint", tp_id)
        ids = self.selected_card_ids() or [tp_id]
        menu.addAction(self.tr("Edit title"), lambda: self.edit_title(tp_id))
        emotion = menu.addMenu(self.tr("Emotion"))
        group = QActionGroup(emotion)
        for value in range(3, -4, -1):
            a = emotion.addAction(f"{value:+d}" if value else "0")
            a.setCheckable(True)
            a.setChecked(tp.emotion == value)
            a.setShortcut(QKeySequence(str(value + 4)))
            group.addAction(a)
            a.triggered.connect(lambda _=False, v=value: self.set_emotion(ids, v))
        none = emotion.addAction(self.tr("No emotion"))
        none.setShortcut(QKeySequence("0"))
        none.triggered.connect(lambda: self.set_emotion(ids, None))
        mot = menu.addAction(self.tr("Moment of truth"))
        mot.setCheckable(True)
        mot.setChecked(tp.moment_of_truth)
        mot.triggered.connect(
            lambda checked: self.update_cards(ids, undo_text=self.tr("Moment of truth"), moment_of_truth=checked)
        )
        menu.addAction(self.tr("Add a vote"), lambda: self._vote(ids, 1))
        remove = menu.addAction(self.tr("Remove a vote"), lambda: self._vote(ids, -1))
        remove.setEnabled(any(self.doc.project.get("touchpoint", i).votes > 0 for i in ids))
        menu.addSeparator()
        for name in ("connect", "cut", "copy", "paste", "duplicate", "delete"):
            menu.addAction(self._actions[name])

    def _vote(self, ids: Sequence[str], step: int) -> None:
        project = self.doc.project
        cmds: list[dc.Command] = []
        for i in ids:
            votes = max(0, project.get("touchpoint", i).votes + step)
            if votes != project.get("touchpoint", i).votes:
                cmds.append(dc.UpdateTouchpointCommand(i, undo_text=self.tr("Vote"), votes=votes))
        if cmds:
            self.push(cmds[0] if len(cmds) == 1 else dc.MacroCommand(self.tr("Vote"), cmds))

    def _connection_menu(self, menu: QMenu, conn_id: str) -> None:
        conn = self.doc.project.get("connection", conn_id)
        ids = self.selected_connection_ids() or [conn_id]
        kinds = menu.addMenu(self.tr("Kind"))
        group = QActionGroup(kinds)
        for key, term in vocab.CONNECTION_KINDS.items():
            a = kinds.addAction(term.label(self.scene.lang))
            a.setCheckable(True)
            a.setChecked(conn.kind == key)
            group.addAction(a)
            a.triggered.connect(lambda _=False, k=key: self.set_connection_kind(ids, k))
        menu.addAction(self.tr("Edit label…"), lambda: self.edit_connection_label(conn_id))
        menu.addSeparator()
        menu.addAction(self._actions["delete"])

    def _stage_menu(self, menu: QMenu, stage_id: str) -> None:
        stage = self.doc.project.get("stage", stage_id)
        index = self.scene.layout.stage_index.get(stage_id, 0) if self.scene.layout else 0
        menu.addAction(self.tr("Rename stage…"), lambda: self.rename_stage(stage_id))
        phases = menu.addMenu(self.tr("Phase"))
        group = QActionGroup(phases)
        for key, term in vocab.PHASES.items():
            a = phases.addAction(term.label(self.scene.lang))
            a.setCheckable(True)
            a.setChecked(stage.phase == key)
            group.addAction(a)
            a.triggered.connect(lambda _=False, k=key: self.set_stage_phase(stage_id, k))
        menu.addSeparator()
        menu.addAction(self.tr("Add stage before"), lambda: self.add_stage(index))
        menu.addAction(self.tr("Add stage after"), lambda: self.add_stage(index + 1))
        menu.addAction(self.tr("Move left"), lambda: self.move_header("stage", stage_id, -1))
        menu.addAction(self.tr("Move right"), lambda: self.move_header("stage", stage_id, 1))
        menu.addSeparator()
        menu.addAction(self.tr("Delete stage…"), lambda: self.delete_stage(stage_id))

    def _lane_menu(self, menu: QMenu, lane_id: str) -> None:
        index = self.scene.layout.lane_index.get(lane_id, 0) if self.scene.layout else 0
        menu.addAction(self.tr("Rename lane…"), lambda: self.rename_lane(lane_id))
        menu.addSeparator()
        menu.addAction(self.tr("Add lane above"), lambda: self.add_lane(index))
        menu.addAction(self.tr("Add lane below"), lambda: self.add_lane(index + 1))
        menu.addAction(self.tr("Move up"), lambda: self.move_header("lane", lane_id, -1))
        menu.addAction(self.tr("Move down"), lambda: self.move_header("lane", lane_id, 1))
        menu.addSeparator()
        menu.addAction(self.tr("Delete lane…"), lambda: self.delete_lane(lane_id))

    # -- actions -----------------------------------------------------------------------------------
    def _make_actions(self) -> dict[str, QAction]:
        local = Qt.ShortcutContext.WidgetWithChildrenShortcut
        window = Qt.ShortcutContext.WindowShortcut
        spec: list[tuple[str, str, list[Any], Callable[[], Any], Qt.ShortcutContext]] = [
            ("new_card", self.tr("New touchpoint"), [QKeySequence(Qt.Key.Key_Insert)], self.start_capture, local),
            ("cut", self.tr("Cu&t"), [QKeySequence.StandardKey.Cut], self.cut_selection, local),
            ("copy", self.tr("&Copy"), [QKeySequence.StandardKey.Copy], self.copy_selection, local),
            ("paste", self.tr("&Paste"), [QKeySequence.StandardKey.Paste], self.paste, local),
            ("duplicate", self.tr("D&uplicate"), [QKeySequence("Ctrl+D")], self.duplicate_selection, local),
            (
                "delete",
                self.tr("&Delete"),
                [QKeySequence.StandardKey.Delete, QKeySequence(Qt.Key.Key_Backspace)],
                self.delete_selection,
                local,
            ),
            ("select_all", self.tr("Select &all cards"), [QKeySequence.StandardKey.SelectAll], self.select_all, local),
            ("connect", self.tr("Co&nnect selected cards"), [QKeySequence("Ctrl+L")], self.connect_selected, local),
            ("find", self.tr("&Find cards…"), [QKeySequence.StandardKey.Find], self.open_find, local),
            ("auto_arrange", self.tr("Auto-&arrange"), [QKeySequence("Ctrl+Shift+R")], self.auto_arrange, local),
            ("add_stage", self.tr("Add &stage…"), [], self.add_stage, local),
            ("add_lane", self.tr("Add &lane…"), [], self.add_lane, local),
            (
                "zoom_in",
                self.tr("Zoom &in"),
                [QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")],
                self.view.zoom_in,
                window,
            ),
            ("zoom_out", self.tr("Zoom &out"), [QKeySequence.StandardKey.ZoomOut], self.view.zoom_out, window),
            ("zoom_reset", self.tr("&Actual size"), [], self.view.reset_zoom, window),
            ("fit", self.tr("&Fit journey"), [QKeySequence("Ctrl+0")], self.view.fit_journey, window),
        ]
        out: dict[str, QAction] = {}
        for name, text, keys, slot, context in spec:
            action = QAction(text, self)
            action.setObjectName(f"canvas_{name}")
            if keys:
                action.setShortcuts(keys)
            action.setShortcutContext(context)
            action.triggered.connect(lambda _=False, s=slot: s())
            self.addAction(action)
            out[name] = action
        # Toolbar buttons use short words; the menus keep the full wording.
        out["new_card"].setIconText(self.tr("New card"))
        out["connect"].setIconText(self.tr("Connect"))
        out["find"].setIconText(self.tr("Find"))
        out["fit"].setIconText(self.tr("Fit"))
        return out

    def _update_action_states(self) -> None:
        cards = bool(self._order)
        anything = cards or bool(self.selected_connection_ids())
        for name in ("cut", "copy", "duplicate"):
            self._actions[name].setEnabled(cards)
        self._actions["delete"].setEnabled(anything)
        self._actions["connect"].setEnabled(len(self._order) >= 2)

    def select_all(self) -> None:
        self.select_cards([t for t in self.scene.cards_in_journey_order() if self.scene.card_item(t).isVisible()])

    # -- following the project ---------------------------------------------------------------------
    def _show_journey(self, journey_id: str | None) -> None:
        handler = self.scene.handler
        if handler is not None:
            handler.cancel()
        self.scene.set_journey(journey_id)
        self._order = []
        self._refresh_find_choices()
        self._apply_filter()
        self.view.horizontalScrollBar().setValue(0)
        self.view.verticalScrollBar().setValue(0)
        self._update_action_states()

    def _project_changed(self, changes: Sequence[Change]) -> None:
        if any(ch.kind == "project" for ch in changes) and self.doc.lang != self.scene.lang:
            self.scene.set_lang(self.doc.lang)
        if not self._filter.is_empty() and any(ch.kind == "touchpoint" for ch in changes):
            self._apply_filter()
        if any(ch.kind == "channel" for ch in changes) and self.find_bar.isVisible():
            self._refresh_find_choices()


def _forget(project: Any, selection: Selection, scene: JourneyScene, on_project: Any, on_selection: Any) -> None:
    project.unsubscribe(on_project)
    selection.unsubscribe(on_selection)
    # A scene being destroyed deselects its items; the editor that listened may be gone already.
    with contextlib.suppress(RuntimeError):
        scene.blockSignals(True)
    scene.detach()


class _DeleteDialog(QDialog):
    """Asks what becomes of the cards of a stage or lane being deleted."""

    def __init__(self, parent: QWidget, kind: str, name: str, count: int, others: Sequence[tuple[str, str]]) -> None:
        super().__init__(parent)
        is_stage = kind == "stage"
        self.setWindowTitle(self.tr("Delete stage") if is_stage else self.tr("Delete lane"))
        box = QVBoxLayout(self)
        text = (
            self.tr("The stage “%1” holds %n card(s).", "", count)
            if is_stage
            else self.tr("The lane “%1” holds %n card(s).", "", count)
        ).replace("%1", name)
        label = QLabel(text, self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        box.addWidget(label)
        self.move_button = QRadioButton(self.tr("Move the cards to:"), self)
        self.target = QComboBox(self)
        for oid, oname in others:
            self.target.addItem(oname, oid)
        self.delete_button = QRadioButton(self.tr("Delete the cards too"), self)
        group = QButtonGroup(self)
        group.addButton(self.move_button)
        group.addButton(self.delete_button)
        if others:
            self.move_button.setChecked(True)
        else:
            self.move_button.setEnabled(False)
            self.target.setEnabled(False)
            self.delete_button.setChecked(True)
        box.addWidget(self.move_button)
        box.addWidget(self.target)
        box.addWidget(self.delete_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)

    def choice(self) -> tuple[str, str | None]:
        if self.move_button.isChecked() and self.target.currentData():
            return "move", self.target.currentData()
        return "delete", None
