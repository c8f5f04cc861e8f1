"""What the map's interactions may ask of their host: the JourneyEditor, or a small fake in tests.

An interaction turns a finished gesture into one call on its host; this Protocol is the whole
of what it may call, so an interaction can be driven on a bare scene without the editor widget.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from PySide6.QtCore import QPoint, QPointF, QRectF
    from PySide6.QtWidgets import QGraphicsItem

    from ..layout.geometry import Cell
    from .scene import JourneyScene


@runtime_checkable
class InteractionHost(Protocol):
    """The map editor as the interactions see it."""

    scene: JourneyScene

    # -- selection ---------------------------------------------------------------------------------
    def selected_card_ids(self) -> list[str]:
        """Selected cards in the order they were selected."""
        ...

    def selected_connection_ids(self) -> list[str]: ...

    def select_items(self, items: Sequence[QGraphicsItem]) -> None:
        """Replace the selection and tell the other views once."""
        ...

    def select_cards_quietly(self, ids: set[str]) -> None:
        """Change the scene's selection without telling the other views yet (while a band is dragged)."""
        ...

    def publish_selection(self) -> None:
        """Tell the other views what the scene has selected now."""
        ...

    def open_sub_journey(self, tp_id: str) -> bool: ...

    def activate_card(self, tp_id: str) -> None:
        """A card was double-clicked: the views that edit cards may come forward."""
        ...

    def select_neighbour_card(self, stage_step: int, lane_step: int, extend: bool = False) -> None:
        """Select the card an arrow key reaches from the last selected one (``extend``: add it to the selection)."""
        ...

    # -- edits: each one command on the undo stack ----------------------------------------------
    def add_card(self, cell: Cell, title: str, index: int | None = None) -> str | None: ...

    def move_cards(self, ids: Sequence[str], cell: Cell, index: int | None = None, anchor: str | None = None) -> bool:
        """Move cards into ``cell`` at ``index``; with ``anchor``, each keeps its offset from that card."""
        ...

    def move_selected_cards(self, stage_step: int, lane_step: int) -> bool:
        """Move the selected cards so many stages and lanes (Ctrl+arrows)."""
        ...

    def connect_cards(self, source_id: str, target_id: str) -> str | None: ...

    def rename_card(self, tp_id: str, title: str) -> bool: ...

    def set_emotion(self, ids: Sequence[str], value: int | None) -> bool: ...

    def reorder(self, kind: str, item_id: str, index: int) -> bool: ...

    def rename_stage(self, stage_id: str) -> bool:
        """Ask for a new name, then rename."""
        ...

    def rename_lane(self, lane_id: str) -> bool: ...

    def rename_phase(self, phase: str) -> bool:
        """Ask for this journey's name of a phase ('before', 'during', 'after'), then rename it."""
        ...

    def edit_connection_label(self, conn_id: str) -> bool: ...

    # -- finding, moving around, menus --------------------------------------------------------------
    def find_active(self) -> bool: ...

    def close_find(self) -> None: ...

    def neighbour_cell(self, cell: Cell, stage_step: int = 0, lane_step: int = 0, wrap: bool = True) -> Cell | None:
        """The cell so many stages and lanes away (None when ``cell`` is not on the map)."""
        ...

    def move_cell_cursor(
        self, stage_step: int = 0, lane_step: int = 0, wrap: bool = True, from_selection: bool = False
    ) -> None: ...

    def ensure_visible(self, rect: QRectF) -> None: ...

    def start_capture(self, initial: str = "") -> None:
        """Open quick capture after the selected card, in the current cell or the first one, ``initial`` typed."""
        ...

    def show_context_menu(self, scene_pos: QPointF, screen_pos: QPoint) -> None: ...

    def selection_menu_point(self) -> QPointF | None:
        """The scene point the Menu key's menu is for (the selection or the cell cursor), if any."""
        ...

    def screen_point(self, scene_pos: QPointF) -> QPoint:
        """Where a scene point is on the screen."""
        ...

    def edit_lane_cell(self, cell: Cell, initial: str | None = None) -> bool:
        """Open the editor of a text, metric, storyboard or emotion lane's cell."""
        ...

    def clear_lane_cells(self, cells: Sequence[Cell]) -> bool: ...

    def post_message(self, text: str) -> None:
        """A short note for the status bar (why a key did nothing)."""
        ...
