"""JourneyEditor: the map view with its find bar, the selection, and the keyboard cell cursor.

The editor's other jobs live beside it as mixins: the edits it pushes as commands
(``editcommands``), the clipboard (``copypaste``) and its actions and context menus (``menus``);
the delete question is ``delete_dialog``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtWidgets import QDialog, QGraphicsItem, QMessageBox, QVBoxLayout, QWidget

from ..document import Document, Selection
from ..document.commands import Command
from ..document.history import cards_brought_back, step_changes
from ..i18n import _
from ..layout.filtering import CardFilter, matching_ids
from ..layout.geometry import Cell
from ..layout.moves import neighbour_card
from ..model import Change, untouched, vocab
from ..qtcommands import UndoStack
from ..window.screenfit import line_dialog
from .accessibility import card_accessible_name, map_accessible_name, selection_description
from .addlane_dialog import AddLaneDialog
from .copypaste import CopyPaste
from .delete_dialog import DeleteHeaderDialog
from .editcommands import EditCommands
from .findbar import FindBar
from .interactions import (
    Interaction,
    LookInteraction,
    QuickCaptureInteraction,
    SelectInteraction,
    TitleEditInteraction,
)
from .items import CardItem, ConnectionItem, qrect
from .laneedit import LaneEditing, holds_cards
from .menus import EditorMenus
from .scene import JourneyScene
from .subnav import BreadcrumbBar, SubJourneyNav
from .view import JourneyView

# The lowest zoom an undo or redo takes to show the cards it brought back (see JourneyEditor._show_step).
STEP_ZOOM_FLOOR = 0.5


def _united(rects: Sequence[QRectF]) -> QRectF:
    out = rects[0]
    for other in rects[1:]:
        out = out.united(other)
    return out


class JourneyEditor(EditCommands, CopyPaste, EditorMenus, LaneEditing, SubJourneyNav, QWidget):
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
    # Alt+Enter on the selection: the window brings the inspector forward with the keyboard in it.
    inspector_requested = Signal()

    def __init__(
        self,
        doc: Document,
        undo_stack: UndoStack,
        selection: Selection,
        parent: QWidget | None = None,
        maps_from: JourneyScene | None = None,
    ) -> None:
        """``maps_from``: the detached scene of the editor this one replaces, whose maps it may take over."""
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
        self.breadcrumb = BreadcrumbBar(self)
        box.addWidget(self.breadcrumb)
        box.addWidget(self.find_bar)
        box.addWidget(self.view, 1)
        self.setFocusProxy(self.view)

        self.scene.default_handler = SelectInteraction(self)
        # A key typed with no cell chosen starts a card (after the selected one, or in the first
        # cell). A projected map turns this off: a presenter's clicker sends letters too.
        self.type_anywhere = True
        self._order: list[str] = []
        self._syncing = False
        self._quiet_selection = False
        self._filter = CardFilter()
        self._detached = False

        self.scene.selectionChanged.connect(self._scene_selection_changed)
        undo_stack.stepped.connect(self._after_step)
        self.view.zoom_changed.connect(self.zoom_changed)
        self.find_bar.filter_changed.connect(self._filter_changed)
        self.find_bar.closed.connect(self.view.setFocus)
        selection.subscribe(self._shared_selection_changed)
        doc.project.subscribe(self._project_changed)
        listeners = (doc.project, selection, self.scene, self._project_changed, self._shared_selection_changed)
        self.destroyed.connect(lambda *_a, _l=listeners: _forget(*_l))

        self._actions = self._make_actions()
        for action in self._init_subnav():
            self._actions[action.objectName().removeprefix("canvas_")] = action
        journeys = doc.project.journeys()
        first = selection.journey_id or (journeys[0].id if journeys else None)
        if maps_from is not None:
            self.scene.take_maps(maps_from)
        self.set_journey(first)
        undo_stack.editable_changed.connect(self.set_editable)
        self.set_editable(not doc.read_only)

    # -- public API --------------------------------------------------------------------------------
    @property
    def journey_id(self) -> str | None:
        return self.scene.journey_id

    def set_journey(self, journey_id: str | None) -> None:
        """Show ``journey_id`` and make it the shared selection's journey."""
        if journey_id != self.scene.journey_id or self.scene.layout is None:
            self._show_journey(journey_id)
        self.selection.set_journey(journey_id, source=self)

    def set_editable(self, editable: bool) -> None:
        """Follow the project turning read-only (or editable again): the map's modes and actions."""
        if self._detached:
            return
        handler = self.scene.handler
        if not editable and isinstance(handler, Interaction):
            handler.cancel()  # a title being typed could not go in
        self.scene.default_handler = SelectInteraction(self) if editable else LookInteraction(self)
        self.scene.set_connectable(editable)
        self._update_action_states()

    def zoom(self) -> float:
        return self.view.zoom()

    def set_zoom(self, factor: float) -> None:
        self.view.set_zoom(factor)

    def fit_journey(self) -> None:
        self.view.fit_journey()

    def scroll_to_cards(self, ids: Sequence[str]) -> None:
        """Bring cards into view and select them (used by the insights panel)."""
        rects = self._card_rects(ids)
        if not rects:
            return
        self.view.ensure_rect_visible(_united(rects))
        self.select_cards(list(ids))

    def _card_rects(self, ids: Sequence[str]) -> list[QRectF]:
        layout = self.scene.layout
        return [qrect(layout.cards[i]) for i in ids if layout is not None and i in layout.cards]

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
        dialog = line_dialog(self, title, label, text)
        try:
            return dialog.textValue() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def ask_new_lane(self, kind: str = "touchpoints") -> tuple[str, str] | None:
        """The name and type of a new lane, or None when cancelled ("" names it after its type)."""
        dialog = AddLaneDialog(self, self.scene.lang, kind)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.name(), dialog.kind()
        finally:
            dialog.deleteLater()

    def ask_delete_choice(
        self, kind: str, name: str, count: int, others: Sequence[tuple[str, str]]
    ) -> tuple[str, str | None] | None:
        """What to do with the cards of a stage or lane being deleted.

        Returns ("move", id of the stage/lane to move them to), ("delete", None), or None to cancel.
        """
        dialog = DeleteHeaderDialog(self, kind, name, count, others)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()

    def request_inspector(self) -> None:
        """Ask the window for the inspector, the keyboard in its first field (Edit in the Inspector)."""
        if self._order or self.selected_connection_ids():
            self.inspector_requested.emit()

    def post_message(self, text: str) -> None:
        """A short note for the window's status bar."""
        self.message_posted.emit(text)

    def show_error(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, _("CX Designer"), text, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    # -- arranging, finding ------------------------------------------------------------------------
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

    def select_all(self) -> None:
        self.select_cards([t for t in self.scene.cards_in_journey_order() if self.scene.card_item(t).isVisible()])

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

    def select_neighbour_card(self, stage_step: int, lane_step: int, extend: bool = False) -> None:
        """Select the card an arrow key reaches from the last selected one (only cards on show).

        With ``extend`` (Shift+arrow) the card joins the selection after the others, so Ctrl+L connects
        them in the order they were reached.
        """
        layout = self.scene.layout
        if layout is None or not self._order:
            return
        shown = [t for t, item in self.scene.card_items().items() if item.isVisible()]
        target = neighbour_card(layout, self._order[-1], stage_step, lane_step, shown)
        if target is None:
            return
        if not extend:
            self.scroll_to_cards([target])
        elif target not in self._order:
            self.ensure_visible(qrect(layout.cards[target]))
            self.select_cards([*self._order, target])

    def _after_step(self, cmd: Command, undone: bool) -> None:
        # Cards an undo brings back (or a redo moves again) come back selected, so the user sees them.
        if self._detached or self.scene.layout is None:
            return
        back = cards_brought_back(step_changes(cmd, undone, "touchpoint"))
        ids = [t for t in back if self.scene.card_item(t) is not None]
        if ids:
            self._show_step(ids)

    def _show_step(self, ids: Sequence[str]) -> None:
        """Select the cards a step brought back, and bring them into view without making the map unreadable.

        Where some of them are on screen the view stays put: the user sees them come back where they
        were working. Otherwise it shows them all if that takes no zoom below ``STEP_ZOOM_FLOOR`` (or
        the user's own, if lower), else the one nearest the view at the zoom in use: undoing the
        deletion of a whole map used to zoom out to 2 %, where nothing is readable and every repaint
        draws all of it.
        """
        rects = self._card_rects(ids)
        if rects:
            view = self.view
            seen = view.visible_scene_rect()
            if not any(r.intersects(seen) for r in rects):
                union = _united(rects)
                if view.fit_factor(union) >= min(view.zoom(), STEP_ZOOM_FLOOR):
                    view.ensure_rect_visible(union)
                else:
                    centre = seen.center()
                    view.ensure_rect_visible(min(rects, key=lambda r: (r.center() - centre).manhattanLength()))
        self.select_cards(list(ids))

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
        self._describe()

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
        self._describe()

    def card_accessible_name(self, tp_id: str) -> str:
        """What a screen reader says for a card: title, stage, lane and emotion."""
        return card_accessible_name(self.doc.project, tp_id, self.scene.lang)

    def _describe(self) -> None:
        # The cards have no accessible objects of their own: the map's description names the selected one.
        if self._detached:
            return
        project = self.doc.project
        self.view.setAccessibleName(map_accessible_name(project, self.scene.journey_id))
        self.view.setAccessibleDescription(selection_description(project, self._order, self.scene.lang))

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
            # The first lane that takes cards (a text or metric lane may come first).
            lanes = [lid for lid in layout.lane_ids if holds_cards(scene, (layout.stage_ids[0], lid))]
            return layout.stage_ids[0], (lanes or layout.lane_ids)[0]
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
        self.view.ensure_rect_visible(rect, zoom_out=False, margin=60)

    def start_capture(self, initial: str = "") -> None:
        """Open quick capture just after the last selected card, or in the current cell, or in the first cell.

        ``initial`` is text already typed: a key pressed with no capture open starts one with it.
        """
        if (initial and not self.type_anywhere and self.scene.current_cell is None) or self.doc.read_only:
            return
        cell, index = self._default_cell(), None
        layout = self.scene.layout
        if self._order and layout is not None and self._order[-1] in layout.card_cell:
            # The selection is what the user looked at last: the new card goes right after it.
            last = self._order[-1]
            cell = layout.card_cell[last]
            index = layout.cell_order.get(cell, []).index(last) + 1
        if cell is None:
            return
        if self._order:
            self.select_items([])
        self.view.setFocus()
        if not holds_cards(self.scene, cell):
            # Typing on a text cell writes in it; the other lanes without cards open their editor.
            self.edit_lane_cell(cell, (self._lane_text(cell) + initial) if initial else None)
            return
        QuickCaptureInteraction(self, cell, index).start(initial)

    def _lane_text(self, cell: Cell) -> str:
        old = self.doc.project.lane_cell(*cell)
        return old.text if old is not None else ""

    def finish_typing(self) -> None:
        """Add the card being typed, or keep the title being edited, before the project is saved or closed."""
        handler = self.scene.handler
        # Only the map's own modes: a workshop's voting mode has nothing typed to keep.
        if isinstance(handler, Interaction) and not self._detached:
            handler.finish()

    def edit_title(self, tp_id: str) -> None:
        self.view.setFocus()
        TitleEditInteraction(self, tp_id).start()

    # -- following the project ---------------------------------------------------------------------
    def _show_journey(self, journey_id: str | None) -> None:
        handler = self.scene.handler
        if handler is not None:
            handler.cancel()
        self.scene.set_journey(journey_id)
        self._order = []
        if not self.find_bar.isHidden():
            # A closed find bar gets its choices when it opens (open_find): listing the tags went over
            # every card of the journey in the map's order, 7-12 ms of opening 5,000 cards.
            self._refresh_find_choices()
        self._apply_filter()
        self.view.horizontalScrollBar().setValue(0)
        self.view.verticalScrollBar().setValue(0)
        self._update_action_states()
        self._describe()

    def _project_changed(self, changes: Sequence[Change]) -> None:
        if untouched(changes, ("project", "journey", "stage", "lane", "touchpoint", "connection", "channel")):
            return  # (the selection's ids are cards' and connections')
        if any(ch.kind == "project" for ch in changes) and self.doc.lang != self.scene.lang:
            self.scene.set_lang(self.doc.lang)
        if any(ch.kind in ("journey", "stage", "lane") or ch.id in self._order for ch in changes):
            self._describe()
        if self._trail and any(ch.kind == "journey" for ch in changes):
            self._update_breadcrumb()
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
