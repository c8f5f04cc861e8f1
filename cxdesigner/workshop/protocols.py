"""What the workshop asks of the map it works over: the canvas's scene and editor, seen from outside.

The workshop layer stands beside the views (DESIGN.md: ``workshop -> qtcommands, document,
model``): it never imports the canvas. The main window hands it the map editor and a way to
make another one; these Protocols are the whole of what the workshop may use of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import QPointF, QRectF, SignalInstance
    from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QWidget


class MapCard(Protocol):
    """A card item on the map: its touchpoint's id, and where it is."""

    tp_id: str

    def sceneBoundingRect(self) -> QRectF: ...

    def card_rect(self) -> QRectF: ...
    def chip_rect(self) -> QRectF: ...

    def mapRectToScene(self, rect: QRectF) -> QRectF: ...

    def isVisible(self) -> bool: ...


class MapScene(Protocol):
    """The journey map scene (``canvas.scene.JourneyScene``)."""

    layout: Any  # layout.geometry.JourneyLayout or None
    handler: Any  # the active interaction, or None
    current_cell: tuple[str, str] | None
    layout_changed: SignalInstance
    journey_replaced: SignalInstance

    @property
    def journey_id(self) -> str | None: ...

    def card_at(self, pos: QPointF) -> MapCard | None: ...

    def card_item(self, tp_id: str) -> MapCard | None: ...

    def card_items(self) -> dict[str, MapCard]: ...

    def set_current_cell(self, cell: tuple[str, str] | None) -> None: ...

    def set_type_scale(
        self,
        cards: float,
        headers: float | None = None,
        card_width: float = 1.0,
        compact_lanes: bool = False,
        title_lines: int = 3,
    ) -> None: ...

    def set_card_marks(self, height: float) -> None: ...

    def set_audience(self, audience: bool) -> None: ...

    def full_rect(self) -> QRectF: ...

    def addItem(self, item: QGraphicsItem) -> None: ...

    def removeItem(self, item: QGraphicsItem) -> None: ...

    def focusItem(self) -> QGraphicsItem | None: ...

    def sceneRect(self) -> QRectF: ...


class MapEditor(Protocol):
    """The map editor widget (``canvas.editor.JourneyEditor``): a view over a scene, with its edits."""

    doc: Any  # the Document shown
    scene: Any  # MapScene
    view: QGraphicsView
    type_anywhere: bool  # whether a key typed with no cell chosen starts a card

    def set_journey(self, journey_id: str | None) -> None: ...

    def start_capture(self) -> None: ...

    def detach(self) -> None: ...

    def selected_card_ids(self) -> list[str]: ...


# Makes another map editor over the same document (the presentation's), as a child of ``parent``.
EditorFactory = Callable[["QWidget"], MapEditor]

__all__ = ["EditorFactory", "MapCard", "MapEditor", "MapScene"]
