"""Interactions driven on a bare scene with a fake host: no editor widget, no undo stack, no view.

The fake implements ``InteractionHost`` by recording each call, so every test states exactly which
call a gesture turns into.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QGraphicsItem, QGraphicsSceneMouseEvent

import cxdesigner
from cxdesigner.canvas.interactions import QuickCaptureInteraction, SelectInteraction
from cxdesigner.canvas.items import CardItem
from cxdesigner.canvas.protocols import InteractionHost
from cxdesigner.canvas.scene import JourneyScene
from cxdesigner.layout.geometry import Cell


class FakeHost:
    """Everything an interaction may ask for, answered from the scene's layout and written down."""

    def __init__(self, scene: JourneyScene) -> None:
        self.scene = scene
        self.calls: list[tuple[Any, ...]] = []
        self.selected: list[str] = []
        self.finding = False

    def _record(self, *call: Any) -> None:
        self.calls.append(call)

    def edits(self) -> list[tuple[Any, ...]]:
        """The calls that would change the project (what the editor turns into commands)."""
        names = {
            "add_card", "move_cards", "move_selected_cards", "connect_cards", "rename_card", "set_emotion", "reorder"
        }  # fmt: skip
        return [c for c in self.calls if c[0] in names]

    def selected_card_ids(self) -> list[str]:
        return list(self.selected)

    def selected_connection_ids(self) -> list[str]:
        return []

    def select_items(self, items: Sequence[QGraphicsItem]) -> None:
        self.selected = [i.tp_id for i in items if isinstance(i, CardItem)]
        self._record("select_items", list(self.selected))

    def select_cards_quietly(self, ids: set[str]) -> None:
        self._record("select_cards_quietly", set(ids))

    def publish_selection(self) -> None:
        self._record("publish_selection")

    def activate_card(self, tp_id: str) -> None:
        self._record("activate_card", tp_id)

    def open_sub_journey(self, tp_id: str) -> bool:
        self._record("open_sub_journey", tp_id)
        return True

    def select_neighbour_card(self, stage_step: int, lane_step: int, extend: bool = False) -> None:
        self._record("select_neighbour_card", stage_step, lane_step, *(("extend",) if extend else ()))

    def add_card(self, cell: Cell, title: str, index: int | None = None) -> str | None:
        self._record("add_card", cell, title, index)
        return f"new-{len(self.calls)}"

    def move_cards(self, ids: Sequence[str], cell: Cell, index: int | None = None, anchor: str | None = None) -> bool:
        self._record("move_cards", list(ids), cell, index, anchor)
        return True

    def move_selected_cards(self, stage_step: int, lane_step: int) -> bool:
        self._record("move_selected_cards", stage_step, lane_step)
        return True

    def connect_cards(self, source_id: str, target_id: str) -> str | None:
        self._record("connect_cards", source_id, target_id)
        return "cn-new"

    def rename_card(self, tp_id: str, title: str) -> bool:
        self._record("rename_card", tp_id, title)
        return True

    def set_emotion(self, ids: Sequence[str], value: int | None) -> bool:
        self._record("set_emotion", list(ids), value)
        return True

    def reorder(self, kind: str, item_id: str, index: int) -> bool:
        self._record("reorder", kind, item_id, index)
        return True

    def rename_stage(self, stage_id: str) -> bool:
        self._record("rename_stage", stage_id)
        return False

    def rename_lane(self, lane_id: str) -> bool:
        self._record("rename_lane", lane_id)
        return False

    def rename_phase(self, phase: str) -> bool:
        self._record("rename_phase", phase)
        return False

    def edit_connection_label(self, conn_id: str) -> bool:
        self._record("edit_connection_label", conn_id)
        return False

    def edit_lane_cell(self, cell: Cell, initial: str | None = None) -> bool:
        self._record("edit_lane_cell", cell, initial)
        return False

    def clear_lane_cells(self, cells: Sequence[Cell]) -> bool:
        self._record("clear_lane_cells", list(cells))
        return False

    def find_active(self) -> bool:
        return self.finding

    def close_find(self) -> None:
        self.finding = False
        self._record("close_find")

    def neighbour_cell(self, cell: Cell, stage_step: int = 0, lane_step: int = 0, wrap: bool = True) -> Cell | None:
        layout = self.scene.layout
        assert layout is not None
        si = layout.stage_index[cell[0]] + stage_step
        li = layout.lane_index[cell[1]] + lane_step
        n_s, n_l = len(layout.stage_ids), len(layout.lane_ids)
        si, li = (si % n_s, li % n_l) if wrap else (min(max(si, 0), n_s - 1), min(max(li, 0), n_l - 1))
        return layout.stage_ids[si], layout.lane_ids[li]

    def move_cell_cursor(
        self, stage_step: int = 0, lane_step: int = 0, wrap: bool = True, from_selection: bool = False
    ) -> None:
        self._record("move_cell_cursor", stage_step, lane_step)

    def ensure_visible(self, rect: QRectF) -> None:
        self._record("ensure_visible")

    def start_capture(self, initial: str = "") -> None:
        self._record("start_capture", initial)
        if self.scene.current_cell is not None:
            QuickCaptureInteraction(self, self.scene.current_cell).start(initial)

    def show_context_menu(self, scene_pos: QPointF, screen_pos: QPoint) -> None:
        self._record("show_context_menu")

    def selection_menu_point(self) -> QPointF | None:
        return None

    def screen_point(self, scene_pos: QPointF) -> QPoint:
        return scene_pos.toPoint()

    def post_message(self, text: str) -> None:
        self._record("post_message", text)


@pytest.fixture
def host(qapp):
    doc = cxdesigner.new_project(None, template="hotel")
    scene = JourneyScene(doc.project, "en", follow=False)
    scene.set_journey(doc.project.journeys()[0].id)
    fake = FakeHost(scene)
    scene.default_handler = SelectInteraction(fake)
    yield fake
    scene.handler = None
    scene.clear()
    doc.close()


_MOUSE = {
    "press": QEvent.Type.GraphicsSceneMousePress,
    "move": QEvent.Type.GraphicsSceneMouseMove,
    "release": QEvent.Type.GraphicsSceneMouseRelease,
    "double": QEvent.Type.GraphicsSceneMouseDoubleClick,
}


def mouse(scene: JourneyScene, kind: str, pos: QPointF) -> None:
    """One mouse event at ``pos`` with the left button, straight to the scene (there is no view)."""
    event = QGraphicsSceneMouseEvent(_MOUSE[kind])
    event.setScenePos(pos)
    event.setButton(Qt.MouseButton.NoButton if kind == "move" else Qt.MouseButton.LeftButton)
    event.setButtons(Qt.MouseButton.NoButton if kind == "release" else Qt.MouseButton.LeftButton)
    QApplication.sendEvent(scene, event)


def key(
    scene: JourneyScene, k: Qt.Key, text: str = "", modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    QApplication.sendEvent(scene, QKeyEvent(QEvent.Type.KeyPress, k, modifiers, text))


def drag(scene: JourneyScene, start: QPointF, end: QPointF) -> None:
    mouse(scene, "press", start)
    for i in range(1, 5):
        mouse(scene, "move", start + (end - start) * (i / 4))
    mouse(scene, "release", end)


def card_centre(scene: JourneyScene, tp_id: str) -> QPointF:
    r = scene.layout.cards[tp_id]
    return QPointF(r.cx, r.cy)


def test_both_the_fake_and_the_editor_class_provide_what_interactions_need(host):
    from cxdesigner.canvas.editor import JourneyEditor

    assert isinstance(host, InteractionHost)
    methods = [m for m in vars(InteractionHost) if not m.startswith("_")]
    assert len(methods) >= 20
    assert [m for m in methods if not callable(getattr(JourneyEditor, m, None))] == []


def test_quick_capture_types_cards_into_one_cell_then_the_next(host):
    scene = host.scene
    layout = scene.layout
    cell = (layout.stage_ids[0], layout.lane_ids[1])
    capture = QuickCaptureInteraction(host, cell)
    capture.start("Asks")
    assert scene.handler is capture and capture.editor.toPlainText() == "Asks"
    capture.editor.setPlainText("Asks at the desk")
    key(scene, Qt.Key.Key_Return)
    assert capture.editor.toPlainText() == "" and scene.handler is capture  # ready for the next card
    key(scene, Qt.Key.Key_Tab)
    capture.editor.setPlainText("  Gets   a key ")
    key(scene, Qt.Key.Key_Enter)
    key(scene, Qt.Key.Key_Return)  # an empty line ends the capture
    assert scene.handler is None and capture.editor.scene() is None
    next_cell = (layout.stage_ids[1], layout.lane_ids[1])
    assert host.edits() == [
        ("add_card", cell, "Asks at the desk", None),
        ("add_card", next_cell, "Gets a key", None),
    ]
    assert scene.current_cell == next_cell and ("ensure_visible",) in host.calls


def test_dragging_a_card_asks_the_host_to_move_it_once(host):
    scene = host.scene
    layout = scene.layout
    tp_id, (sid, lid) = next(iter(layout.card_cell.items()))
    target, dest = next((c, r) for c, r in layout.cells() if c != (sid, lid) and not layout.cell_order.get(c))
    before = scene.card_item(tp_id).pos()
    drag(scene, card_centre(scene, tp_id), QPointF(dest.cx, dest.cy))
    assert host.edits() == [("move_cards", [tp_id], target, 0, tp_id)]
    assert host.calls[0] == ("select_items", [tp_id])
    # The fake moved nothing, so the card snaps back to where the layout has it.
    assert scene.handler is None and scene.card_item(tp_id).pos() == before


def test_a_dragged_cards_connections_are_left_out_until_the_drop_without_being_hidden(host):
    """They are neither drawn nor hit while the card moves, and come back as they were after the drop."""
    scene = host.scene
    project = scene.project
    tp_id = next(t for t in scene.layout.cards if project.connections_of(t))
    items = [scene.connection_item(c.id) for c in project.connections_of(tp_id)]
    others = [it for cid, it in scene.connection_items().items() if it not in items]
    start = card_centre(scene, tp_id)
    mouse(scene, "press", start)
    mouse(scene, "move", start + QPointF(30, 40))
    mouse(scene, "move", start + QPointF(60, 80))
    assert scene.handler is not None
    # Still visible items (hiding one repaints its whole bounding box), but with nothing to hit.
    assert all(it.isVisible() and it.is_set_aside and it.shape().isEmpty() for it in items)
    assert not any(it.is_set_aside for it in others)
    mouse(scene, "release", start + QPointF(60, 80))
    assert scene.handler is None
    assert all(it.isVisible() and not it.is_set_aside and not it.shape().isEmpty() for it in items)


def test_keys_set_the_emotion_of_the_selection_and_escape_closes_find_first(host):
    scene = host.scene
    tp_id = next(iter(scene.layout.cards))
    host.selected = [tp_id]
    key(scene, Qt.Key.Key_6, "6")
    key(scene, Qt.Key.Key_0, "0")
    host.finding = True
    key(scene, Qt.Key.Key_Escape)
    assert host.edits() == [("set_emotion", [tp_id], 2), ("set_emotion", [tp_id], None)]
    assert host.calls[-1] == ("close_find",) and host.selected == [tp_id]
    key(scene, Qt.Key.Key_Escape)  # find is closed now: Escape clears the selection
    assert host.calls[-1] == ("select_items", [])


def test_dragging_a_stage_header_and_a_card_handle(host):
    scene = host.scene
    layout = scene.layout
    first, second = layout.stage_ids[0], layout.stage_ids[1]
    header = layout.stage_headers[first]
    beyond = layout.stage_headers[second]
    drag(scene, QPointF(header.cx, header.cy), QPointF(beyond.right - 4, header.cy))
    a, b = (tp for tp in layout.cell_order[next(c for c, ids in layout.cell_order.items() if len(ids) >= 2)][:2])
    drag(scene, scene.card_item(a).handle_pos(), card_centre(scene, b))
    assert host.edits() == [("reorder", "stage", first, 1), ("connect_cards", a, b)]
    assert scene.handler is None


def test_double_click_activates_the_card_and_edits_its_title(host):
    scene = host.scene
    tp_id = next(iter(scene.layout.cards))
    mouse(scene, "double", card_centre(scene, tp_id))
    edit = scene.handler
    assert ("activate_card", tp_id) in host.calls and edit is not None
    edit.editor.setPlainText("Renamed")
    key(scene, Qt.Key.Key_Return)
    assert host.edits() == [("rename_card", tp_id, "Renamed")] and scene.handler is None


def test_tab_adds_the_typed_card_and_stops_at_the_last_stage_escape_drops_the_rest(host):
    scene = host.scene
    layout = scene.layout
    before_last, last = (layout.stage_ids[-2], layout.lane_ids[0]), (layout.stage_ids[-1], layout.lane_ids[0])
    capture = QuickCaptureInteraction(host, before_last)
    capture.start("A")
    key(scene, Qt.Key.Key_Tab)
    assert capture.cell == last and capture.editor.toPlainText() == ""
    capture.editor.setPlainText("B")
    key(scene, Qt.Key.Key_Tab)
    assert capture.cell == last and scene.handler is capture
    capture.editor.setPlainText("not this one")
    key(scene, Qt.Key.Key_Escape)
    assert scene.handler is None
    assert host.edits() == [("add_card", before_last, "A", None), ("add_card", last, "B", None)]
    assert ("post_message", "This is the last stage") in host.calls


def test_a_capture_cancelled_by_another_mode_adds_what_was_typed(host):
    scene = host.scene
    cell = (scene.layout.stage_ids[0], scene.layout.lane_ids[0])
    capture = QuickCaptureInteraction(host, cell)
    capture.start("Half")
    QuickCaptureInteraction(host, (scene.layout.stage_ids[1], scene.layout.lane_ids[0])).start()
    assert host.edits() == [("add_card", cell, "Half", None)]


def test_arrows_walk_the_selection_and_ctrl_arrows_move_it(host):
    scene = host.scene
    tp_id = next(iter(scene.layout.cards))
    host.selected = [tp_id]
    key(scene, Qt.Key.Key_Right)
    key(scene, Qt.Key.Key_Up)
    key(scene, Qt.Key.Key_Down, modifiers=Qt.KeyboardModifier.ControlModifier)
    key(scene, Qt.Key.Key_Left, modifiers=Qt.KeyboardModifier.ControlModifier)
    assert [c for c in host.calls if c[0] in ("select_neighbour_card", "move_selected_cards")] == [
        ("select_neighbour_card", 1, 0),
        ("select_neighbour_card", 0, -1),
        ("move_selected_cards", 0, 1),
        ("move_selected_cards", -1, 0),
    ]


def test_dragging_several_cards_names_the_one_under_the_mouse(host):
    scene = host.scene
    layout = scene.layout
    a, b = list(layout.cards)[:2]
    host.selected = [a, b]
    for t in (a, b):
        scene.card_item(t).setSelected(True)
    dest = next(r for c, r in layout.cells() if not layout.cell_order.get(c))
    drag(scene, card_centre(scene, b), QPointF(dest.cx, dest.cy))
    (move,) = host.edits()
    assert move[0] == "move_cards" and move[1] == [a, b] and move[4] == b


def test_double_clicking_a_phase_band_asks_to_rename_that_phase(host):
    scene = host.scene
    phase, rect = scene.layout.phase_bands[-1]
    mouse(scene, "double", QPointF(rect.cx, rect.cy))
    assert host.calls[-1] == ("rename_phase", phase)
