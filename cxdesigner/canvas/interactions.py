"""User interactions on the map, one class per mode (select, move, rubber band, connect, capture…).

The scene hands every mouse and key event to the active interaction first, as in
orange-canvas-core; an interaction turns a finished gesture into one call on its host
(the JourneyEditor), which pushes one command. Interactions never change items' data, and
they ask of the host only what ``protocols.InteractionHost`` declares.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsSceneContextMenuEvent,
    QGraphicsSceneMouseEvent,
)

from ..i18n import _, quote
from ..layout.geometry import Cell
from .items import (
    CardItem,
    ConnectionItem,
    InlineEditorItem,
    LaneHeaderItem,
    MarkerItem,
    PhaseBandItem,
    StageHeaderItem,
    TempLinkItem,
    qrect,
    sub_badge_rect,
)

if TYPE_CHECKING:
    from .protocols import InteractionHost
    from .scene import JourneyScene

_EMOTION_KEYS = {getattr(Qt.Key, f"Key_{i}"): i - 4 for i in range(1, 8)}
_ARROWS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
_ADD_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.MetaModifier
)


def phase_band_at(scene: JourneyScene, pos: QPointF) -> PhaseBandItem | None:
    """The phase band under ``pos`` (it rides on the top header strip), if any."""
    for item in scene.items(pos):
        if isinstance(item, PhaseBandItem) and item.isVisible():
            return item
    return None


def _lane_holds_cards(scene: JourneyScene, lane_id: str) -> bool:
    lane = scene.project.tables["lane"].get(lane_id)
    return lane is None or lane.holds_cards


def _far_enough(a: QPointF, b: QPointF, scene: JourneyScene) -> bool:
    """Past the platform's drag distance, measured on screen (so zoom does not change the feel)."""
    views = scene.views()
    scale = views[0].transform().m11() if views else 1.0
    return (a - b).manhattanLength() * scale >= QApplication.startDragDistance()


class Interaction:
    """Base of the modes: every handler returns True when it used the event."""

    def __init__(self, host: InteractionHost) -> None:
        self.host = host
        self.scene: JourneyScene = host.scene

    def start(self) -> None:
        """Become the scene's active interaction (ending the one before)."""
        current = self.scene.handler
        if current is not None and current is not self:
            current.cancel()
        self.scene.handler = self

    def end(self) -> None:
        if self.scene.handler is self:
            self.scene.handler = None

    def cancel(self) -> None:
        self.end()

    def finish(self) -> None:
        """End now, keeping what the user meant (the project is about to be saved or closed)."""
        self.cancel()

    @property
    def active(self) -> bool:
        return self.scene.handler is self

    def mouse_press(self, event: QGraphicsSceneMouseEvent) -> bool:
        return False

    def mouse_move(self, event: QGraphicsSceneMouseEvent) -> bool:
        return False

    def mouse_release(self, event: QGraphicsSceneMouseEvent) -> bool:
        return False

    def double_click(self, event: QGraphicsSceneMouseEvent) -> bool:
        return False

    def key_press(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape and self.active:
            self.cancel()
            return True
        return False

    def context_menu(self, event: QGraphicsSceneContextMenuEvent) -> bool:
        return False


def _open_selection_menu(host: InteractionHost) -> bool:
    """The selection's menu beside it, as a right click on it would show; False when nothing is selected.

    A keyboard's menu (the Menu key, Shift+F10) comes with no mouse position, so the selection's point stands in
    for it, brought back into sight first when it was scrolled away.
    """
    point = host.selection_menu_point()
    if point is None:
        return False
    host.ensure_visible(QRectF(point.x() - 1, point.y() - 1, 2, 2))
    host.show_context_menu(point, host.screen_point(point))
    return True


class SelectInteraction(Interaction):
    """The resting mode: click, Ctrl+click, keys; it starts the other modes."""

    def __init__(self, host: InteractionHost) -> None:
        super().__init__(host)
        self._press: tuple[QPointF, str] | None = None

    def mouse_press(self, event: QGraphicsSceneMouseEvent) -> bool:
        pos = event.scenePos()
        scene = self.scene
        if scene.journey_id is None:
            return False
        if event.button() == Qt.MouseButton.RightButton:
            # Right-clicking an unselected card selects it, so its menu acts on what is under the mouse. The
            # press is taken: passed on, Qt's scene cleared the selection (no item takes a press), and the
            # card's menu came with Delete, Copy and Cut greyed out.
            item = scene.top_item_at(pos)
            if not isinstance(item, (CardItem, ConnectionItem)):
                return False
            if not item.isSelected():
                self.host.select_items([item])
            return True
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        additive = bool(event.modifiers() & _ADD_MODIFIERS)
        handle = scene.handle_at(pos)
        if handle is not None and not additive:
            ConnectInteraction(self.host, handle.tp_id).start()
            return True
        item = scene.top_item_at(pos)
        if isinstance(item, CardItem):
            if additive:
                item.setSelected(not item.isSelected())
            else:
                if not item.isSelected():
                    self.host.select_items([item])
                self._press = (pos, item.tp_id)
            scene.set_current_cell(None)
            return True
        if isinstance(item, ConnectionItem):
            if additive:
                item.setSelected(not item.isSelected())
            else:
                self.host.select_items([item])
            scene.set_current_cell(None)
            return True
        if isinstance(item, (StageHeaderItem, LaneHeaderItem)):
            kind, item_id = ("stage", item.stage_id) if isinstance(item, StageHeaderItem) else ("lane", item.lane_id)
            HeaderDragInteraction(self.host, kind, item_id, pos).start()
            return True
        if item is not None:  # a pinned header strip or its corner: nothing to do there
            return True
        if not additive:
            self.host.select_items([])
        scene.set_current_cell(scene.cell_at(pos))
        RubberBandInteraction(self.host, pos, additive).start()
        return True

    def mouse_move(self, event: QGraphicsSceneMouseEvent) -> bool:
        if self._press is None or not (event.buttons() & Qt.MouseButton.LeftButton):
            return False
        origin, grabbed = self._press
        if not _far_enough(origin, event.scenePos(), self.scene):
            return True
        self._press = None
        ids = self.host.selected_card_ids()
        if grabbed not in ids:
            ids = [grabbed]
        move = MoveCardsInteraction(self.host, ids, origin, anchor=grabbed)
        move.start()
        move.mouse_move(event)
        return True

    def mouse_release(self, event: QGraphicsSceneMouseEvent) -> bool:
        self._press = None
        return False

    def _on_sub_mark(self, item: CardItem, pos: QPointF) -> bool:
        """Whether ``pos`` is on the card's sub-journey mark (a double-click there opens the journey)."""
        tp = self.scene.touchpoint(item.tp_id)
        if tp is None or not tp.sub_journey:
            return False
        r = item.card_rect()
        return sub_badge_rect(r.width(), r.height()).contains(item.mapFromScene(pos))

    def double_click(self, event: QGraphicsSceneMouseEvent) -> bool:
        pos = event.scenePos()
        scene = self.scene
        if event.button() != Qt.MouseButton.LeftButton or scene.journey_id is None:
            return False
        band = phase_band_at(scene, pos)
        if band is not None:
            self.host.rename_phase(band.phase)
            return True
        item = scene.top_item_at(pos)
        if isinstance(item, CardItem) and self._on_sub_mark(item, pos):
            self.host.open_sub_journey(item.tp_id)
            return True
        if isinstance(item, CardItem):
            self.host.activate_card(item.tp_id)
            TitleEditInteraction(self.host, item.tp_id).start()
            return True
        if isinstance(item, StageHeaderItem):
            self.host.rename_stage(item.stage_id)
            return True
        if isinstance(item, LaneHeaderItem):
            self.host.rename_lane(item.lane_id)
            return True
        if isinstance(item, ConnectionItem):
            self.host.edit_connection_label(item.conn_id)
            return True
        cell = scene.cell_at(pos)
        if cell is not None and not _lane_holds_cards(scene, cell[1]):
            self.host.edit_lane_cell(cell)
            return True
        if cell is not None and scene.layout is not None:
            index = scene.layout.insertion_index(cell, pos.y())
            QuickCaptureInteraction(self.host, cell, index).start()
            return True
        return False

    def key_press(self, event: QKeyEvent) -> bool:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        # Typing is plain keys, with Shift, or AltGr (Ctrl+Alt on Windows, a group switch on X11: "@", "€", "#").
        typed_mods = mods & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.GroupSwitchModifier)
        alt_gr = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        plain = typed_mods in (Qt.KeyboardModifier.NoModifier, alt_gr)
        host, scene = self.host, self.scene
        if scene.journey_id is None:
            return False
        if key == Qt.Key.Key_F10 and mods == Qt.KeyboardModifier.ShiftModifier:
            # Shift+F10, the other menu key (Windows, GTK): Qt makes a menu of the Menu key only.
            return _open_selection_menu(host)
        selected = host.selected_card_ids()
        if selected and mods == Qt.KeyboardModifier.NoModifier:
            if key in _EMOTION_KEYS:
                host.set_emotion(selected, _EMOTION_KEYS[key])
                return True
            if key == Qt.Key.Key_0:
                host.set_emotion(selected, None)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2) and len(selected) == 1:
                TitleEditInteraction(host, selected[0]).start()
                return True
        if not selected and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            # A selected connection's label is its text, as a card's title is: Enter or F2 edits it.
            connections = host.selected_connection_ids()
            if len(connections) == 1 and mods == Qt.KeyboardModifier.NoModifier:
                host.edit_connection_label(connections[0])
                return True
        current = scene.current_cell
        if not selected and current is not None and not _lane_holds_cards(scene, current[1]):
            # The cell cursor on a text, figure or picture cell: Enter edits it, Delete clears it.
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2) and mods == Qt.KeyboardModifier.NoModifier:
                host.edit_lane_cell(current)
                return True
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and mods == Qt.KeyboardModifier.NoModifier:
                host.clear_lane_cells([current])
                return True
        if key == Qt.Key.Key_Escape:
            if host.find_active():
                host.close_find()
                return True
            if selected or host.selected_connection_ids():
                host.select_items([])
                return True
            if scene.current_cell is not None:
                scene.set_current_cell(None)
                return True
            return False
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            step = -1 if key == Qt.Key.Key_Backtab or mods & Qt.KeyboardModifier.ShiftModifier else 1
            # Like a spreadsheet row, the stages end: Tab on the last one stays there.
            host.move_cell_cursor(stage_step=step, wrap=False, from_selection=True)
            return True
        if key in _ARROWS:
            ds, dl = _ARROWS[key]
            if selected and mods == Qt.KeyboardModifier.ControlModifier:
                host.move_selected_cards(ds, dl)
                return True
            if selected and mods == Qt.KeyboardModifier.NoModifier:
                host.select_neighbour_card(ds, dl)
                return True
            if selected and mods == Qt.KeyboardModifier.ShiftModifier:
                # Shift+arrow adds the next card to the selection, in order: the keyboard's way to
                # select two cards for Ctrl+L. Taken even at the map's edge, so the view never scrolls a
                # card under the pinned headers instead.
                host.select_neighbour_card(ds, dl, extend=True)
                return True
            connections = host.selected_connection_ids() if not selected else []
            if connections and mods == Qt.KeyboardModifier.NoModifier:
                # From a connection (one just made by Ctrl+L) the arrows walk on along it: Right or Down
                # to the card it leads to, Left or Up back to where it starts.
                conn = scene.project.tables["connection"].get(connections[-1])
                end = None if conn is None else scene.card_item(conn.target_id if ds + dl > 0 else conn.source_id)
                if end is not None:
                    host.select_items([end])
                    host.ensure_visible(end.sceneBoundingRect())
                return True
            if mods == Qt.KeyboardModifier.NoModifier and scene.current_cell is not None:
                host.move_cell_cursor(stage_step=ds, lane_step=dl, wrap=False)
                return True
        text = event.text()
        if plain and text and text.isprintable() and not text.isspace():
            # Whatever is typed becomes a card, never nothing: in the chosen cell, after the
            # selected card, or in the first cell of a map just opened.
            host.start_capture(text)
            return True
        return False

    def context_menu(self, event: QGraphicsSceneContextMenuEvent) -> bool:
        if self.scene.journey_id is None:
            return False
        if event.reason() == QGraphicsSceneContextMenuEvent.Reason.Keyboard and _open_selection_menu(self.host):
            # The Menu key opens the selection's menu where it is, not the map's at a corner.
            return True
        self.host.show_context_menu(event.scenePos(), event.screenPos())
        return True


class LookInteraction(SelectInteraction):
    """The resting mode of a project that cannot be changed: select, browse, find, open; never edit.

    Every gesture that would change the map (dragging cards or headers, a handle's connection,
    typing a card, emotion keys, renaming by double-click) is left out here, so the map does not
    invite an edit that the document would only refuse.
    """

    _LOOK_KEYS = (Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_F10)

    def mouse_press(self, event: QGraphicsSceneMouseEvent) -> bool:
        pos = event.scenePos()
        item = self.scene.top_item_at(pos)
        if event.button() == Qt.MouseButton.LeftButton and (
            isinstance(item, (StageHeaderItem, LaneHeaderItem)) or self.scene.handle_at(pos) is not None
        ):
            if isinstance(item, CardItem) and not item.isSelected():
                self.host.select_items([item])
            return True
        used = super().mouse_press(event)
        self._press = None  # a card pressed is selected, never dragged
        return used

    def double_click(self, event: QGraphicsSceneMouseEvent) -> bool:
        pos = event.scenePos()
        if event.button() != Qt.MouseButton.LeftButton or self.scene.journey_id is None:
            return False
        item = self.scene.top_item_at(pos)
        if not isinstance(item, CardItem):
            return True
        if self._on_sub_mark(item, pos):
            self.host.open_sub_journey(item.tp_id)
        else:
            self.host.activate_card(item.tp_id)
        return True

    def key_press(self, event: QKeyEvent) -> bool:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        if key in self._LOOK_KEYS or (key in _ARROWS and mods == Qt.KeyboardModifier.NoModifier):
            return super().key_press(event)
        # The keys that edit (a letter, an emotion digit, Enter, Delete, Ctrl+arrow) do nothing.
        return False


class MoveCardsInteraction(Interaction):
    """Dragging cards: they follow the mouse, a bar shows where they will land, one command on release.

    The card under the mouse (``anchor``) lands where the bar shows; the others keep their
    places relative to it, moved by as many stages and lanes.
    """

    def __init__(self, host: InteractionHost, ids: list[str], origin: QPointF, anchor: str | None = None) -> None:
        super().__init__(host)
        self.ids = ids
        self.origin = origin
        self.anchor = anchor if anchor in ids else (ids[0] if ids else None)
        self.items = [it for it in (self.scene.card_item(i) for i in ids) if it is not None]
        self.starts = {it.tp_id: it.pos() for it in self.items}
        self.marker = self.scene.drop_marker()
        self.target: tuple[Cell, int] | None = None
        self._hidden: list[ConnectionItem] = []

    def start(self) -> None:
        super().start()
        for item in self.items:
            item.setZValue(20)
            item.setOpacity(0.85)
        # Connections of moving cards would point at the old places: leave them out until the drop.
        for tid in self.ids:
            for conn in self.scene.project.connections_of(tid):
                item = self.scene.connection_item(conn.id)
                if item is not None and item.isVisible() and not item.is_set_aside:
                    item.set_aside(True)
                    self._hidden.append(item)
        self.marker.setVisible(False)

    def mouse_move(self, event: QGraphicsSceneMouseEvent) -> bool:
        pos = event.scenePos()
        delta = pos - self.origin
        for item in self.items:
            item.setPos(self.starts[item.tp_id] + delta)
        self.target = self.drop_target(pos)
        layout = self.scene.layout
        if self.target is None or layout is None:
            self.marker.setVisible(False)
            return True
        cell, index = self.target
        m = layout.metrics
        order = [t for t in layout.cell_order.get(cell, []) if t not in set(self.ids)]
        before = [t for t in layout.cell_order.get(cell, [])[:index] if t not in set(self.ids)]
        cell_rect = layout.cell_rect(*cell)
        if before:
            y = layout.cards[before[-1]].bottom + m.card_gap / 2
        elif order:
            y = layout.cards[order[0]].y - m.card_gap / 2
        else:
            y = cell_rect.y + m.cell_pad / 2
        self.marker.set_rect(QRectF(cell_rect.x + 6, y - 2, cell_rect.w - 12, 4))
        self.marker.setVisible(True)
        return True

    def drop_target(self, pos: QPointF) -> tuple[Cell, int] | None:
        layout = self.scene.layout
        if layout is None:
            return None
        area = layout.lanes_area()
        if area is None:
            return None
        # Dropping on the title or the emotion row cancels; over gutters and headers the nearest cell wins.
        slack = layout.metrics.gutter
        if not (area.y - slack <= pos.y() <= area.bottom + slack):
            return None
        cell = layout.nearest_cell(pos.x(), pos.y())
        if cell is None:
            return None
        return cell, layout.insertion_index(cell, pos.y(), exclude=self.ids)

    def mouse_release(self, event: QGraphicsSceneMouseEvent) -> bool:
        target = self.drop_target(event.scenePos())
        self.end()
        if target is not None:
            cell, index = target
            self.host.move_cards(self.ids, cell, index, anchor=self.anchor)
        self.scene.snap_cards(self.ids)
        return True

    def cancel(self) -> None:
        self.end()
        self.scene.snap_cards(self.ids)

    def end(self) -> None:
        super().end()
        for item in self.items:
            item.setZValue(2)
            item.setOpacity(1.0)
        for item in self._hidden:
            item.set_aside(False)
        self._hidden = []
        self.marker.setVisible(False)
        self.scene.reapply_marks()


class RubberBandInteraction(Interaction):
    """Dragging over empty map selects the cards the band touches (Ctrl/Shift adds to the selection)."""

    def __init__(self, host: InteractionHost, origin: QPointF, additive: bool) -> None:
        super().__init__(host)
        self.origin = origin
        self.additive = additive
        self.initial = set(host.selected_card_ids()) if additive else set()
        self.band: MarkerItem | None = None

    def mouse_move(self, event: QGraphicsSceneMouseEvent) -> bool:
        pos = event.scenePos()
        if self.band is None:
            if not _far_enough(self.origin, pos, self.scene):
                return True
            self.band = MarkerItem("band")
            self.scene.addItem(self.band)
        rect = QRectF(self.origin, pos).normalized()
        self.band.set_rect(rect)
        hit = {
            item.tp_id
            for item in self.scene.items(rect, Qt.ItemSelectionMode.IntersectsItemShape)
            if isinstance(item, CardItem) and item.isVisible()
        }
        self.host.select_cards_quietly(hit | self.initial)
        return True

    def mouse_release(self, event: QGraphicsSceneMouseEvent) -> bool:
        self.end()
        return True

    def end(self) -> None:
        super().end()
        if self.band is not None and self.band.scene() is not None:
            self.scene.removeItem(self.band)
        self.band = None
        self.host.publish_selection()


class ConnectInteraction(Interaction):
    """Dragging from a card's handle to another card adds a connection."""

    def __init__(self, host: InteractionHost, source_id: str) -> None:
        super().__init__(host)
        self.source_id = source_id
        self.line = TempLinkItem()
        self.target: CardItem | None = None

    def start(self) -> None:
        super().start()
        item = self.scene.card_item(self.source_id)
        start = item.handle_pos() if item is not None else QPointF()
        self.line.set_line(QLineF(start, start))
        self.scene.addItem(self.line)

    def mouse_move(self, event: QGraphicsSceneMouseEvent) -> bool:
        pos = event.scenePos()
        target = self.scene.card_at(pos)
        if target is not None and target.tp_id == self.source_id:
            target = None
        if target is not self.target:
            if self.target is not None:
                self.target.hovered = False
                self.target.update()
            self.target = target
            if target is not None:
                target.hovered = True
                target.update()
        end = target.mapToScene(QPointF(0, target.card_rect().height() / 2)) if target is not None else pos
        self.line.set_line(QLineF(self.line.line.p1(), end))
        return True

    def mouse_release(self, event: QGraphicsSceneMouseEvent) -> bool:
        target = self.scene.card_at(event.scenePos())
        self.end()
        if target is not None and target.tp_id != self.source_id:
            self.host.connect_cards(self.source_id, target.tp_id)
        return True

    def end(self) -> None:
        super().end()
        if self.target is not None:
            self.target.hovered = False
            self.target.update()
        if self.line.scene() is not None:
            self.scene.removeItem(self.line)


class HeaderDragInteraction(Interaction):
    """Dragging a stage header sideways or a lane header up and down reorders them on release."""

    def __init__(self, host: InteractionHost, kind: str, item_id: str, origin: QPointF) -> None:
        super().__init__(host)
        self.kind = kind
        self.item_id = item_id
        self.origin = origin
        self.dragging = False
        self.marker = MarkerItem("drop")
        scene = self.scene
        self.header = scene.stage_header_item(item_id) if kind == "stage" else scene.lane_header_item(item_id)

    def mouse_move(self, event: QGraphicsSceneMouseEvent) -> bool:
        pos = event.scenePos()
        if not self.dragging:
            if not _far_enough(self.origin, pos, self.scene):
                return True
            self.dragging = True
            self.scene.addItem(self.marker)
            if self.header is not None:
                self.header.setZValue(5)
                self.header.setOpacity(0.8)
        layout = self.scene.layout
        if layout is None:
            return True
        delta = pos - self.origin
        index = self.drop_index(pos)
        m = layout.metrics
        if self.kind == "stage":
            if self.header is not None:
                self.header.setPos(delta.x(), 0)
            others = [s for s in layout.stage_ids if s != self.item_id]
            x = (
                (layout.columns[others[index - 1]][0] + m.cell_w + m.gutter / 2)
                if index > 0 and others
                else (layout.col_gutter_x[0])
            )
            area = layout.lanes_area()
            top = layout.stage_headers[self.item_id].y if self.item_id in layout.stage_headers else 0
            bottom = area.bottom if area is not None else top + m.stage_h
            self.marker.set_rect(QRectF(x - 2, top, 4, bottom - top))
        else:
            if self.header is not None:
                self.header.setPos(0, delta.y())
            others = [ln for ln in layout.lane_ids if ln != self.item_id]
            y = (sum(layout.rows[others[index - 1]]) + m.gutter / 2) if index > 0 and others else layout.row_gutter_y[0]
            self.marker.set_rect(QRectF(m.margin, y - 2, layout.bounds.w - 2 * m.margin, 4))
        return True

    def drop_index(self, pos: QPointF) -> int:
        """Index among the other stages (or lanes), as ReorderCommand counts it."""
        layout = self.scene.layout
        if layout is None:
            return 0
        if self.kind == "stage":
            others = [s for s in layout.stage_ids if s != self.item_id]
            return sum(1 for s in others if layout.columns[s][0] + layout.columns[s][1] / 2 < pos.x())
        others = [ln for ln in layout.lane_ids if ln != self.item_id]
        return sum(1 for ln in others if layout.rows[ln][0] + layout.rows[ln][1] / 2 < pos.y())

    def mouse_release(self, event: QGraphicsSceneMouseEvent) -> bool:
        dragging = self.dragging
        index = self.drop_index(event.scenePos())
        self.end()
        if dragging:
            self.host.reorder(self.kind, self.item_id, index)
        return True

    def end(self) -> None:
        super().end()
        if self.header is not None:
            self.header.setPos(0, 0)
            self.header.setZValue(1)
            self.header.setOpacity(1.0)
        if self.marker.scene() is not None:
            self.scene.removeItem(self.marker)


class _TextEditInteraction(Interaction):
    """Typing on the canvas in an editor that looks like a card."""

    def __init__(self, host: InteractionHost) -> None:
        super().__init__(host)
        self.editor = InlineEditorItem()

    def start(self) -> None:
        super().start()
        self.scene.addItem(self.editor)
        self.scene.layout_changed.connect(self.place)
        self.place()
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def place(self) -> None:
        raise NotImplementedError

    def _type_in(self, text: str) -> None:
        """``text`` in the editor with the cursor after it, as if it had just been typed."""
        self.editor.setPlainText(text)
        cursor = self.editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.editor.setTextCursor(cursor)

    def _place_in_cell(self, cell: Cell, rect_of: Callable[[Any], QRectF], font: QFont) -> None:
        """Frame the editor where ``rect_of(layout)`` says, or end when the cell has left the map."""
        layout = self.scene.layout
        if layout is None or cell[0] not in layout.columns or cell[1] not in layout.rows:
            self.end()
            return
        rect = rect_of(layout)
        self.editor.set_frame(rect, font)
        self.host.ensure_visible(rect)

    def text(self) -> str:
        return " ".join(self.editor.text().split())

    def commit(self) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        # What was typed counts, as if Enter had been pressed.
        self.commit()
        self.end()

    def end(self) -> None:
        if not self.active:
            return
        super().end()
        try:
            self.scene.layout_changed.disconnect(self.place)
        except (RuntimeError, TypeError):  # already disconnected
            pass
        self.editor.clearFocus()
        if self.editor.scene() is not None:
            self.scene.removeItem(self.editor)
        views = self.scene.views()
        if views:
            views[0].setFocus()

    def mouse_press(self, event: QGraphicsSceneMouseEvent) -> bool:
        if self.editor.sceneBoundingRect().contains(event.scenePos()):
            return False  # the text item places the cursor
        # Clicking elsewhere keeps what was typed (nothing typed is lost) and carries on as a normal click.
        self.commit()
        self.end()
        default = self.scene.default_handler
        return default.mouse_press(event) if default is not None else False

    def double_click(self, event: QGraphicsSceneMouseEvent) -> bool:
        return not self.editor.sceneBoundingRect().contains(event.scenePos())


class QuickCaptureInteraction(_TextEditInteraction):
    """Keyboard-first capture, the spreadsheet way: type a title, Enter adds the card and stays for the next.

    Tab adds the typed card and moves to the next stage, Shift+Tab to the previous one (the
    stages end at the edges: no wrapping round). Esc drops only the text not yet added; anything
    else that ends the capture (a click elsewhere, another journey) keeps what was typed. Esc, or
    Enter on an empty card, leaves the last card typed selected, so the keys go on from it (arrows,
    Shift+arrow and Ctrl+L, Alt+Enter to the inspector, Delete) with no click to find it.
    """

    def __init__(self, host: InteractionHost, cell: Cell, index: int | None = None) -> None:
        super().__init__(host)
        self.cell = cell
        self.index = index
        self.last_added: str | None = None

    def start(self, initial: str = "") -> None:  # type: ignore[override]
        self.scene.set_current_cell(self.cell)
        self.scene.set_capture_slot(self.cell)
        super().start()
        if initial:
            self._type_in(initial)

    def place(self) -> None:
        slot = lambda layout: qrect(layout.slot_rect(self.cell, self.index))  # noqa: E731
        self._place_in_cell(self.cell, slot, self.scene.fonts.title)

    def commit(self) -> None:
        title = self.text()
        added = self.host.add_card(self.cell, title, self.index) if title else None
        if added is not None:
            self.last_added = added
            if self.index is not None:
                self.index += 1
        self.editor.setPlainText("")

    def _stop(self) -> None:
        """End the capture by the keyboard, the last card typed selected."""
        self.end()
        item = self.scene.card_item(self.last_added) if self.last_added is not None else None
        if item is not None:
            self.host.select_items([item])

    def key_press(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if not self.text():
                self._stop()
                return True
            self.commit()
            self.place()
            return True
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            back = key == Qt.Key.Key_Backtab or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.commit()
            cell = self.host.neighbour_cell(self.cell, -1 if back else 1, 0, wrap=False)
            if cell is not None and cell != self.cell:
                self.cell, self.index = cell, None
                self.scene.set_current_cell(cell)
                self.scene.set_capture_slot(cell)
            else:
                self.host.post_message(_("This is the first stage") if back else _("This is the last stage"))
            self.place()
            return True
        if key == Qt.Key.Key_Escape:
            dropped = self.text()
            self.editor.setPlainText("")
            self._stop()
            if dropped:
                # Esc cancels as in a spreadsheet, but never silently: the words were not kept anywhere.
                self.host.post_message(
                    _("Not kept: {title} (Esc drops the card being typed; Enter or Tab keeps it)").format(
                        title=quote(dropped if len(dropped) <= 60 else dropped[:59].rstrip() + "…")
                    )
                )
            return True
        return False

    def end(self) -> None:
        was_active = self.active
        super().end()
        if was_active:
            self.scene.set_capture_slot(None)

    def cancel(self) -> None:
        # Ended from outside (another journey, another mode): what was typed still becomes a card.
        tables = self.scene.project.tables
        if self.active and self.cell[0] in tables["stage"] and self.cell[1] in tables["lane"]:
            self.commit()
        self.end()


class TitleEditInteraction(_TextEditInteraction):
    """Renaming a card in place: Enter keeps the new title, Esc the old one."""

    def __init__(self, host: InteractionHost, tp_id: str) -> None:
        super().__init__(host)
        self.tp_id = tp_id

    def start(self) -> None:
        tp = self.scene.touchpoint(self.tp_id)
        super().start()
        self.editor.setPlainText(tp.title if tp is not None else "")
        cursor = self.editor.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        self.editor.setTextCursor(cursor)

    def place(self) -> None:
        layout = self.scene.layout
        rect = layout.cards.get(self.tp_id) if layout is not None else None
        if rect is None:
            self.end()
            return
        self.editor.set_frame(qrect(rect), self.scene.fonts.title)

    def commit(self) -> None:
        title = self.text()
        tp = self.scene.touchpoint(self.tp_id)
        if tp is not None and title and title != tp.title:
            self.host.rename_card(self.tp_id, title)

    def key_press(self, event: QKeyEvent) -> bool:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.commit()
            self.end()
            return True
        if event.key() == Qt.Key.Key_Escape:
            self.end()
            return True
        return event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
