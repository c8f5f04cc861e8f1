"""The journey map scene: follows the project's change events and keeps model-id → item maps."""

from __future__ import annotations

import contextlib
import html
import itertools
import math
import operator
import sys
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneContextMenuEvent,
    QGraphicsSceneHelpEvent,
    QGraphicsSceneMouseEvent,
    QToolTip,
)

from .. import collector
from ..i18n import _
from ..layout.geometry import (
    Cell,
    JourneyLayout,
    Metrics,
    Rect,
    StageSpec,
    compute_layout,
    emotion_points,
)
from ..layout.routing import (
    KIND_RANK,
    LABEL_REACH,
    ConnectionSpec,
    LabelMemory,
    PendingLabels,
    Route,
    RouteIndex,
    RoutePlanner,
    place_routes,
)
from ..layout.stacking import Stacking
from ..model import Change, Connection, Journey, Lane, Project, Stage, Touchpoint, untouched, vocab
from . import style
from .items import (
    STAGE_NAME_LINES,
    CardItem,
    CardMetrics,
    CellCursorItem,
    CellsItem,
    ConnectionItem,
    EmotionCurveItem,
    EmotionHeaderItem,
    LaneHeaderItem,
    LegendItem,
    MarkerItem,
    PhaseBandItem,
    StageHeaderItem,
    StripItem,
    TitleItem,
    label_box,
    qrect,
    wrap_text,
)
from .laneitems import LaneContentItem
from .laneitems import row_heights as lane_row_heights

if TYPE_CHECKING:
    from .interactions import Interaction

_TOOLTIP_CHARS = 2000
# Cards never show more than this much of a title: three lines need far less, and laying out
# a 10,000-character title for every repaint would be wasted work.
_CANVAS_TITLE_CHARS = 600
SCREEN_TITLE_LINES = 3  # a card's title on screen: every card as tall as three lines, the rest elided
CHIP_TYPE = 1.2  # the projector's emotion chip: its number against the pill, 1.2 times the editor's share
_KEPT_MAPS = 3  # the map now, before the last command and before the one before
# Connections stack between the fixed items at z 1 (curve, title, key) and the cell cursor at 1.5,
# each at a z of its own in the journey's order (see Stacking).
_CONNECTIONS_Z = (1.0, 1.5)
# A map at a glance (set_glance): the room between its blocks of cards, the least gutter between its cells
# (routes widen one), and its emotion row, drawn for the curve's shape.
GLANCE_GAP = 4.0
GLANCE_GUTTER = 12.0
GLANCE_EMOTION_H = 100.0
GLANCE_TURNED_NAME = 150.0  # the longest a turned stage name runs up its header before it takes a second line
_LABEL_SLICE = 350  # legs a slice of the labels left for later goes over (about a fifth have a label)
# Routes the first labels did not need that a slice indexes before those slices place labels (some
# 5 ms): at once, the first label slice after a 5,000-card open took 20 ms more than the others.
_INDEX_SLICE = 2000
_BY_POSITION = operator.attrgetter("position", "id")  # a cell's order; in C, half the time of a lambda
_ITEM_SLICE = 1500  # cards or connections a slice of the items left for later makes (some 8-12 ms)
# Beyond the first view, the items made before the first paint: a view a little larger than guessed
# (a scroll bar gone, a window a little larger) still finds its items made.
_FIRST_VIEW_MARGIN = 300.0
# What reaches the scene's items (hover, clicks, keys, drags, tooltips): the items left for later are
# made first, so that Qt's own dispatch, which never asks Python, finds every item where it belongs.
_FINISHING_EVENTS = frozenset(
    {
        QEvent.Type.GraphicsSceneMouseMove,
        QEvent.Type.GraphicsSceneMousePress,
        QEvent.Type.GraphicsSceneMouseRelease,
        QEvent.Type.GraphicsSceneMouseDoubleClick,
        QEvent.Type.GraphicsSceneContextMenu,
        QEvent.Type.GraphicsSceneHelp,
        QEvent.Type.GraphicsSceneDragEnter,
        QEvent.Type.GraphicsSceneDragMove,
        QEvent.Type.GraphicsSceneDrop,
        QEvent.Type.GraphicsSceneWheel,
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.InputMethod,
    }
)


# The kinds of record the scene follows change by change (``_follow``); others are not looked at one by one.
_FOLLOWED = (
    "touchpoint", "connection", "stage", "lane", "lane_cell", "journey", "vote", "opportunity_link", "vote_session",
    "persona", "project", "channel",
)  # fmt: skip


@dataclass(frozen=True)
class PrintMode:
    """How a picture of the map (PNG, SVG, PDF, report) differs from the map on screen.

    The items draw for print: no selection, hover, highlight, cell cursor or connector
    handles, whole card titles (cards grow to hold them), every detail at any scale, and a
    key with the date under the map. ``cards`` limits the map to those cards and the stages
    and lanes they sit in (an export of a selection). ``hide_empty_lanes`` and
    ``hide_empty_stages`` leave out the lanes and stages that hold no card (a journey with no
    card at all keeps them, or there would be no map); ``card_notes`` prints each card's pain points and opportunities
    as text under its title; ``curve_labels`` labels the emotion curve's points with the
    cards' step numbers (which the cards then print too) or short titles.
    """

    cards: frozenset[str] | None = None
    title_block: bool = True
    date: str = ""
    hide_empty_lanes: bool = False
    hide_empty_stages: bool = False
    card_notes: bool = False
    curve_labels: str = "none"  # none, numbers or titles


class _PendingItems:
    """A journey's cards and connections in the order a whole build makes them, some not made yet.

    Opening a journey makes before the first paint only the items whose box meets ``covered`` (the
    first view and a margin); the rest are made in that order a slice per event-loop turn after it,
    and anything that needs the whole map makes them all first (:meth:`JourneyScene.finish_items`).
    """

    __slots__ = ("cards", "conns", "covered", "early_cards", "early_conns", "late_card", "next_card",
                 "next_conn", "routes", "started")  # fmt: skip

    def __init__(self, cards: list[str], conns: list[str]) -> None:
        self.cards = cards
        self.conns = conns
        self.early_cards: set[str] | None = None  # None until the first view's items are chosen
        self.early_conns: set[str] = set()
        self.next_card = 0
        self.next_conn = 0
        self.routes: dict[str, Route | None] = {}
        self.covered = QRectF()
        # Whether a card left for later has been made: an early card after it in the journey's order
        # is added again then (see JourneyScene._take_out). Connections stack by their own z.
        self.late_card = False
        self.started = False

    @property
    def split(self) -> bool:
        return self.early_cards is not None


class JourneyScene(QGraphicsScene):
    """One journey of a project as a swimlane map.

    The scene never changes the project: it listens to the project's change events and
    updates only the items those changes touch. Items keep the id of what they show;
    everything else is read from the project when needed.
    """

    layout_changed = Signal()
    journey_replaced = Signal(object)  # the new journey id, or None
    # On the class: Qt sends the scene events from its base's constructor on.
    _pending_items: _PendingItems | None = None

    def __init__(
        self,
        project: Project,
        lang: str = "en",
        print_mode: PrintMode | None = None,
        follow: bool = True,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.lang = lang
        self.print_mode = print_mode
        self.export_mode = print_mode is not None
        # A picture shown fitted in a view (the compare view's panes): below this scale its cards' texts are left out.
        self.detail_floor: float | None = None
        # A picture that may never show any text (see render_journey's ``fitted_in``): set_journey leaves its
        # connections' labels for later, and only finish_labels places them; nothing places them by itself.
        self.labels_on_request = False
        self.glance = False  # the whole map for one page, its cards blocks of colour (see set_glance)
        self.stage_names_turned = False  # at a glance, stage names read upwards in columns too narrow for them
        self.glance_type = 1.0  # at a glance, the names' size against the map's own
        self.glance_routes = True  # at a glance, whether the connections are drawn
        self.glance_tops: dict[str, float] = {}  # at a glance, room over the first card of a lane's cells
        self.fonts = style.Fonts()
        self.metrics = Metrics(card_h=CardMetrics.height_for(3, self.fonts.title))
        self.layout: JourneyLayout | None = None
        # The cell quick capture is typing a new card into: laid out one card taller, so the
        # editor sits in its own cell instead of over the next lane until the card exists.
        self.capture_slot: Cell | None = None
        self.compact_lanes = False  # lanes without cards as the projector's strips (layout/lanerows.py)
        self.text_scale = 1.0  # card titles against the editor's own type (the projector's is larger)
        # A card's title lines on screen: past SCREEN_TITLE_LINES (the projector's) a card with a longer title grows.
        self.title_max_lines = SCREEN_TITLE_LINES
        self.header_scale = 1.0  # the stage and lane names' type against the map's own (see set_type_scale)
        self.audience = False  # a room's picture (the projector): no editor chrome, see set_audience
        self.card_marks = 0.0  # see set_card_marks
        self.chip_scale = 1.0  # a card's emotion chip against the editor's (larger on the projector)
        self.current_cell: Cell | None = None
        self.handler: Interaction | None = None
        self.default_handler: Interaction | None = None
        # False while the project is read-only: a card then offers no handle to draw a connection from.
        self.connectable = True
        self._journey_id: str | None = None
        self._cards: dict[str, CardItem] = {}
        self._connections: dict[str, ConnectionItem] = {}
        self._stage_headers: dict[str, StageHeaderItem] = {}
        self._lane_headers: dict[str, LaneHeaderItem] = {}
        self._phase_items: list[PhaseBandItem] = []
        self._filter: set[str] | None = None
        self._filter_hides = False
        self._highlight: list[str] = []
        self._label_cache: dict[str, tuple[list[str], float, float]] = {}
        self._title_cache: dict[tuple[str, float], list[str]] = {}
        self._maps: OrderedDict[tuple[Any, ...], tuple[JourneyLayout, dict[str, Route | None], LabelMemory | None]] = (
            OrderedDict()
        )
        self._label_memory: LabelMemory | None = None
        # The kept map an edit pushed out, freed after the paint that shows the edit (see _drop_old_maps).
        self._dropped_maps: list[Any] = []
        self._free_after_paint = False
        self._free_maps = QTimer(self)
        self._free_maps.setSingleShot(True)
        self._free_maps.setInterval(0)
        self._free_maps.timeout.connect(self._free_dropped_maps)
        # Opening a journey places the labels that can show first and the rest a slice per
        # event-loop turn after (see _first_view); anything that needs the whole map finishes them.
        self._first_view: tuple[float, float] | None = None
        self._pending_labels: PendingLabels | None = None
        self._unsettled = False  # the planner's filing waits for the turn after the last label slice
        self._label_slices = QTimer(self)  # a child: it never fires for a scene that is gone
        self._label_slices.setSingleShot(True)
        self._label_slices.setInterval(0)
        self._label_slices.timeout.connect(self._place_label_slice)
        # The cards and connections out of the first view, made after the first paint (see _PendingItems).
        self._pending_items = None
        self._item_slices = QTimer(self)
        self._item_slices.setSingleShot(True)
        self._item_slices.setInterval(0)
        self._item_slices.timeout.connect(self._make_item_slice)
        self._specs: dict[str, tuple[Connection, ConnectionSpec]] = {}  # per connection: the row it was made from
        self._spec_sets: tuple[tuple[ConnectionSpec, ...], frozenset[ConnectionSpec]] | None = None  # see _spec_set
        self._selection_dropped = False
        self._planner = RoutePlanner()  # plans again only what each edit reaches
        self._route_index = RouteIndex()  # and indexes again only the routes it changed
        self._stacking = Stacking(*_CONNECTIONS_Z)
        self.step_numbers: dict[str, int] = {}  # card id -> step in journey order, printed when the curve is numbered
        # Per stage: its cards, their rows, its column and the plot, and the curve's points made of them.
        self._curve_stages: dict[str, tuple[list[str], list[Touchpoint | None], tuple[Any, ...], list[Any]]] = {}
        # What an edit touched, so a relayout goes over that instead of every card and connection:
        # the cells as the last map had them (on screen, while following) and those whose cards changed
        # since, the items made since, and the placement whose routes the connection items show.
        self._cells: dict[Cell, list[str]] | None = None
        self._stale_cells: set[Cell] = set()
        self._new_cards: set[str] = set()
        self._new_connections: set[str] = set()
        self._shown_routes: int | None = None
        self._drop_marker: MarkerItem | None = None
        self._spec_list: tuple[ConnectionSpec, ...] | None = None  # the last map's, while no connection changed
        self._following = False
        # No index: a drop moves thousands of routes and labels at once, and a BSP tree would file each
        # again (tried again on 7 December: drops were no faster with one).
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        # A picture prints on white paper whatever the screen's scheme; the map on screen follows it.
        self.colours = style.LIGHT if print_mode is not None else style.screen_colours()
        self.setBackgroundBrush(self.colours.paper)
        self._make_fixed_items()
        if print_mode is None:
            # Deleting the scene disconnects this, as for any receiver that is a QObject.
            QGuiApplication.styleHints().colorSchemeChanged.connect(self.follow_colour_scheme)
        if follow:
            project.subscribe(self._on_changes)
            self._following = True

    def _make_fixed_items(self) -> None:
        self.cells_item = CellsItem()
        self.lane_content_item = LaneContentItem()
        self.curve_item = EmotionCurveItem()
        self.title_item = TitleItem()
        self.legend_item = LegendItem()
        self.cursor_item = CellCursorItem()
        self.top_strip = StripItem("top")
        self.left_strip = StripItem("left")
        self.corner = StripItem("corner")
        self.emotion_header = EmotionHeaderItem()
        self.emotion_header.setParentItem(self.left_strip)
        for item in (
            self.cells_item,
            self.lane_content_item,
            self.curve_item,
            self.title_item,
            self.legend_item,
            self.cursor_item,
            self.top_strip,
            self.left_strip,
            self.corner,
        ):
            self.addItem(item)

    def drop_marker(self) -> MarkerItem:
        """The bar that shows where dragged cards will land: one item for every drag, hidden between drags.

        Adding an item, or taking one out, makes Qt sort the scene's 11,500 items again at the next
        paint: about 2.5 ms of a drag's first step and again of its drop.
        """
        if self._drop_marker is None:
            self._drop_marker = MarkerItem("drop")
            self._drop_marker.setVisible(False)
            self.addItem(self._drop_marker)
        return self._drop_marker

    def detach(self) -> None:
        """Stop following the project (call before dropping the scene)."""
        # A closed editor's scene is being dropped: the labels and items it left for later are placed
        # and made only if it is asked for them, not in the event-loop turns of the next project's open.
        for timer in (self._label_slices, self._item_slices, self._free_maps):
            # An editor destroyed by Qt detaches its scene after Qt has deleted the scene's timers.
            with contextlib.suppress(RuntimeError):
                timer.stop()
        if self._following:
            self.project.unsubscribe(self._on_changes)
            self._following = False

    def take_maps(self, other: JourneyScene) -> None:
        """Take over the kept maps of ``other`` (a detached scene of the same project, laid out alike) with what
        its next plan builds on: the planner, the route index and the wrapped texts. ``other`` keeps none.

        The window builds its editor again on a change of language; planning and placing a 5,000-card map's
        routes again was two thirds of it. The maps are looked up by what they are made of (cells, the
        connections' labels and boxes, the rows' heights in the new language), so a map comes back only
        where a fresh one would be the same; the planner and the index are the ones that made them, as if
        the scene had never been replaced. Call it before the first :meth:`set_journey`.
        """
        if (
            other is self
            or other._following
            or other.project is not self.project
            or self._journey_id is not None
            or other.print_mode is not None
            or self.print_mode is not None
            or (other.metrics, other.text_scale, other.title_max_lines, other.compact_lanes)
            != (self.metrics, self.text_scale, self.title_max_lines, self.compact_lanes)
            or any(getattr(other.fonts, f) != getattr(self.fonts, f) for f in ("title", "label", "lane", "stage"))
        ):
            return
        other._drop_pending_labels()  # a kept map's labels left for later are placed when it is taken up
        self._maps, other._maps = other._maps, OrderedDict()
        self._planner, other._planner = other._planner, RoutePlanner()
        self._route_index, other._route_index = other._route_index, RouteIndex()
        self._title_cache.update(other._title_cache)
        self._label_cache.update(other._label_cache)
        self._specs.update(other._specs)
        other._label_memory = None

    # -- reading the model -------------------------------------------------------------------------
    @property
    def journey_id(self) -> str | None:
        return self._journey_id

    def journey(self) -> Journey | None:
        return self.project.tables["journey"].get(self._journey_id) if self._journey_id else None

    def _phase_band_items(self) -> list[QGraphicsItem]:
        return [item for item in self.items() if isinstance(item, PhaseBandItem)]

    def phase_bands(self) -> list[PhaseBandItem]:
        """The phase bands over the stage headers, left to right."""
        return list(self._phase_items)

    def touchpoint(self, tp_id: str) -> Touchpoint | None:
        return self.project.tables["touchpoint"].get(tp_id)

    def connection(self, conn_id: str) -> Connection | None:
        return self.project.tables["connection"].get(conn_id)

    def channel_name(self, key: str) -> str:
        return self.project.channel_name(key, self.lang)

    # The accessors of the items make those left for later first: a caller sees the whole map.
    def card_item(self, tp_id: str) -> CardItem | None:
        if self._pending_items is not None:
            self.finish_items()
        return self._cards.get(tp_id)

    def connection_item(self, conn_id: str) -> ConnectionItem | None:
        if self._pending_items is not None:
            self.finish_items()
        return self._connections.get(conn_id)

    def card_items(self) -> dict[str, CardItem]:
        if self._pending_items is not None:
            self.finish_items()
        return dict(self._cards)

    def connection_items(self) -> dict[str, ConnectionItem]:
        if self._pending_items is not None:
            self.finish_items()
        return dict(self._connections)

    def items(self, *args: Any, **kwargs: Any) -> list[QGraphicsItem]:  # type: ignore[override]
        """QGraphicsScene.items, after making the items left for later (hit tests, rubber bands, pictures)."""
        if self._pending_items is not None:
            self.finish_items()
        return super().items(*args, **kwargs)

    def itemAt(self, *args: Any, **kwargs: Any) -> QGraphicsItem | None:  # type: ignore[override]
        if self._pending_items is not None:
            self.finish_items()
        return super().itemAt(*args, **kwargs)

    def stage_header_item(self, stage_id: str) -> StageHeaderItem | None:
        return self._stage_headers.get(stage_id)

    def lane_header_item(self, lane_id: str) -> LaneHeaderItem | None:
        return self._lane_headers.get(lane_id)

    @property
    def chosen_cards(self) -> frozenset[str] | None:
        """The cards a map of a selection shows; None when it shows the whole journey."""
        return self.print_mode.cards if self.print_mode is not None else None

    def shows_card(self, tp: Touchpoint) -> bool:
        """Whether the card belongs on this map: its journey's, and chosen when the map shows a selection."""
        chosen = self.chosen_cards
        return tp.journey_id == self._journey_id and not tp.inbox and (chosen is None or tp.id in chosen)

    def shows_connection(self, conn: Connection) -> bool:
        chosen = self.chosen_cards
        ends = chosen is None or (conn.source_id in chosen and conn.target_id in chosen)
        return conn.journey_id == self._journey_id and ends

    def _journey_cards(self) -> list[Touchpoint]:
        # From the project's index of the journey's cards, not a pass over every card of the
        # project (a few ms of every edit at 5,000 cards); callers put them in their own order.
        if self._journey_id is None:
            return []
        cards = self.project.placed_cards(self._journey_id)
        chosen = self.chosen_cards
        return cards if chosen is None else [tp for tp in cards if tp.id in chosen]

    def _journey_stages(self) -> list[Stage]:
        """The journey's stages in order; for a selection, only those holding a chosen card."""
        return self._holding_cards(self.project.stages(self._journey_id) if self._journey_id else [], "stage_id")

    def _journey_lanes(self) -> list[Lane]:
        return self._holding_cards(self.project.lanes(self._journey_id) if self._journey_id else [], "lane_id")

    def _holding_cards(self, rows: list[Any], card_field: str) -> list[Any]:
        mode = self.print_mode
        hide = mode is not None and (mode.hide_empty_stages if card_field == "stage_id" else mode.hide_empty_lanes)
        if self.chosen_cards is None and not hide:
            return rows
        used = {getattr(tp, card_field) for tp in self._journey_cards()}
        if self.chosen_cards is None and not used:
            return rows
        # Lanes without cards stay while they show something (a computed lane always does).
        return [row for row in rows if row.id in used or (card_field == "lane_id" and self._shows_content(row))]

    def _shows_content(self, lane: Lane) -> bool:
        if lane.holds_cards:
            return False
        if lane.kind not in vocab.CELL_LANE_KINDS:
            return True
        return any(c.lane_id == lane.id for c in self.project.lane_cells(lane.journey_id))

    def cards_in_journey_order(self) -> list[str]:
        """Card ids by stage, lane and place in the cell, as laid out."""
        if self.layout is None:
            return []
        out: list[str] = []
        for sid in self.layout.stage_ids:
            for lid in self.layout.lane_ids:
                out.extend(self.layout.cell_order.get((sid, lid), []))
        return out

    # -- building ----------------------------------------------------------------------------------
    def set_journey(self, journey_id: str | None) -> None:
        """Show another journey (or none): the only full rebuild the scene does."""
        if journey_id is not None and journey_id not in self.project.tables["journey"]:
            journey_id = None
        self._clear_journey_items()
        self._journey_id = journey_id
        self.current_cell = None
        self.cursor_item.setVisible(False)
        self._filter = None
        self._highlight = []
        # A whole journey's items and routes are long-lived: settled straight into the oldest generation.
        with collector.paused(settle=True):
            if journey_id is not None:
                # In the journey's order, so items that cross are drawn in the same order whatever their ids.
                stage_at = {s.id: i for i, s in enumerate(self._journey_stages())}
                lane_at = {ln.id: i for i, ln in enumerate(self._journey_lanes())}
                cards = self._journey_cards()
                # By place in the cell first (in C): grouped, that is each cell's list as the first
                # relayout reads it, which need not sort the cards again. Sorted again by stage and
                # lane (a stable sort), it is the order by stage, lane, position and id.
                cards.sort(key=_BY_POSITION)
                if self._keeps_cells() and not self.export_mode:  # a picture's first relayout lists the cards
                    cells: dict[Cell, list[str]] = {}
                    for tp in cards:
                        cells.setdefault((tp.stage_id, tp.lane_id), []).append(tp.id)
                    self._cells = cells
                at_stage, at_lane = stage_at.get, lane_at.get
                cards.sort(key=lambda tp: (at_stage(tp.stage_id, -1), at_lane(tp.lane_id, -1)))
                place = {tp.id: i for i, tp in enumerate(cards)}
                # The journey's connections from the project's index (not every connection of the project
                # through shows_connection), then those of the chosen cards.
                conns = self.project.connections_unordered(journey_id)
                chosen = self.chosen_cards
                if chosen is not None:
                    conns = [c for c in conns if c.source_id in chosen and c.target_id in chosen]
                # The routes' order (RoutePlanner's keys), so the stacking can start from it (Stacking.start):
                # the keys are made in one comprehension and sorted (each ends with a different id).
                at, rank = place.get, KIND_RANK.get
                keys = [(at(c.source_id, -1), at(c.target_id, -1), rank(c.kind, -1), c.label, c.id) for c in conns]
                keys.sort()
                conn_ids = [key[4] for key in keys]
                self._stacking.start(conn_ids)
                # A picture's labels on request: as for a view of nothing, every label is left for later.
                self._first_view = (0.0, 0.0) if self.labels_on_request else self._view_size()
                if self._first_view is not None and self._keeps_cells():
                    # On screen: the first relayout makes the items the first view can show (see _PendingItems).
                    self._pending_items = _PendingItems([tp.id for tp in cards], conn_ids)
                else:
                    for tp in cards:
                        self._add_card(tp.id)
                    for i, cid in enumerate(conn_ids):
                        self._add_connection(cid, self._stacking.z_at(i))
            self._sync_headers()
            if journey_id is None:
                self._first_view = self._view_size()
            try:
                self.relayout()
            finally:
                self._first_view = None
                pending = self._pending_items
                if pending is not None and not pending.split:
                    # The relayout failed before choosing: every item, unplaced, as a whole build leaves it then.
                    self._pending_items = None
                    for tid in pending.cards:
                        self._add_card(tid)
                    for i, cid in enumerate(pending.conns):
                        self._add_connection(cid, self._stacking.z_at(i))
        self.journey_replaced.emit(journey_id)

    def _view_size(self) -> tuple[float, float] | None:
        """How much of the map, from its top left corner, a view of this scene can show at first.

        A view is often not at its final size yet when the journey is built (the window lays it
        out after): the screen's size bounds what it can show. Too small a guess only makes some
        labels come an event-loop turn later; where every label goes does not depend on it.
        """
        views = self.views()
        if not views or self.print_mode is not None or self.export_mode:
            return None
        w, h, scale = 1920.0, 1200.0, 1.0
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            size = screen.virtualSize()
            w, h = max(w, size.width()), max(h, size.height())
        for view in views:
            size = view.viewport().size()
            w, h = max(w, size.width()), max(h, size.height())
            scale = min(scale, view.transform().m11())
        return (w / scale, h / scale) if scale > 0 else None

    def finish_labels(self) -> None:
        """Place the labels left for later now (anything reading or changing the whole map first does this)."""
        pending = self._pending_labels
        if pending is None:
            return
        self._pending_labels = None
        self._label_slices.stop()
        self._show_labels(pending, pending.place())

    def share_texts(self, other: JourneyScene) -> None:
        """Start from ``other``'s wrapped titles and label boxes, where they wrap alike (the same fonts, mode and
        lines): the compare view's second map, of mostly the same cards, wrapped its 5,000 titles again."""
        if (
            other.export_mode == self.export_mode
            and other.title_max_lines == self.title_max_lines
            and other.fonts.title == self.fonts.title
            and other.fonts.label == self.fonts.label
        ):
            self._title_cache.update(other._title_cache)
            self._label_cache.update(other._label_cache)

    def leave_labels_unplaced(self) -> None:
        """Never place the labels left for later: a picture that is never shown large enough to draw any."""
        self._drop_pending_labels()

    def labels_pending(self) -> bool:
        """Whether some labels of the journey shown are still to be placed (in the coming event-loop turns)."""
        return self._pending_labels is not None

    def _place_label_slice(self) -> None:
        pending = self._pending_labels
        if pending is None:
            if self._unsettled:
                self._unsettled = False
                self._planner.settle()
                self._stacking.settle()
            return
        if not pending.prepare(_INDEX_SLICE):
            self._label_slices.start()
            return
        # About 80 labels, some 10 ms: the window answers between slices.
        self._show_labels(pending, pending.place(_LABEL_SLICE))
        if pending.done:
            self._pending_labels = None
            # The planner's filing of a new map for the next edit (some 7-12 ms) comes after the
            # first paint too, in a turn of its own (with the last labels it made a 15 ms slice); an
            # edit before that turn has it done by its own plan.
            self._unsettled = True
        self._label_slices.start()

    def _show_labels(self, pending: PendingLabels, ids: list[str]) -> None:
        routes, connections = pending.routes, self._connections
        for cid in ids:
            item = connections.get(cid)
            if item is not None:
                item.set_route(routes[cid])

    def _awaits_first_paint(self) -> bool:
        """Whether the journey just opened waits for its first paint to make the rest of its items."""
        pending = self._pending_items
        return pending is not None and pending.split and not pending.started

    def _start_label_slices(self) -> None:
        # Not for a scene that stopped following (detach): it places its labels only when asked.
        if self._pending_labels is not None and self._following:
            self._label_slices.start()

    def _drop_pending_labels(self) -> None:
        self._pending_labels = None
        self._label_slices.stop()

    # -- the items left for later ------------------------------------------------------------------
    def items_pending(self) -> bool:
        """Whether some cards or connections of the journey shown are still to be made (after the first paint)."""
        return self._pending_items is not None

    def finish_items(self) -> None:
        """Make the items left for later now (anything reading the items or changing the map first does this)."""
        pending = self._pending_items
        if pending is None or not pending.split:
            return
        self._item_slices.stop()
        self._make_items(pending, len(pending.cards) + len(pending.conns))

    def _make_item_slice(self) -> None:
        pending = self._pending_items
        if pending is None:
            return
        self._make_items(pending, _ITEM_SLICE)
        if self._pending_items is not None:
            self._item_slices.start()

    def _choose_first_items(
        self, pending: _PendingItems, layout: JourneyLayout, routes: dict[str, Route | None]
    ) -> None:
        """Make the items whose box meets the first view (and a margin), in the journey's order."""
        view = self._first_view
        assert view is not None
        b, m = layout.bounds, _FIRST_VIEW_MARGIN
        x0, y0, x1, y1 = b.x - m, b.y - m, b.x + view[0] + m, b.y + view[1] + m
        pending.covered = QRectF(x0, y0, x1 - x0, y1 - y0)
        pending.routes = routes
        early_cards: set[str] = set()
        boxes = layout.cards
        for tid in pending.cards:
            r = boxes.get(tid)
            # A card's item reaches a little beyond its box (outline, handle): within the margin.
            if r is None or (r.x <= x1 and r.right >= x0 and r.y <= y1 and r.bottom >= y0):
                early_cards.add(tid)
                self._make_card(tid)
        # A connection's label may still be waiting (a label slice places it, on the item once it is
        # made); it ends up no farther from its route than LABEL_REACH, so a route that far from
        # the area is made early too.
        early_conns: set[str] = set()
        r = LABEL_REACH
        z_at = self._stacking.z_at
        for i, cid in enumerate(pending.conns):
            route = routes.get(cid)
            if route is None or _route_meets(route, x0 - r, y0 - r, x1 + r, y1 + r):
                early_conns.add(cid)
                self._make_connection(cid, z_at(i))
        pending.early_cards, pending.early_conns = early_cards, early_conns
        if len(early_cards) == len(pending.cards) and len(early_conns) == len(pending.conns):
            self._pending_items = None  # all of them show at first: made in order, nothing left

    def _make_card(self, tp_id: str) -> CardItem:
        # _add_card without marking the card new: the relayout that chose it places it, or it is made placed.
        item = CardItem(tp_id)
        self._cards[tp_id] = item
        self.addItem(item)
        return item

    def _make_connection(self, conn_id: str, z: float) -> ConnectionItem:
        # _add_connection without forgetting the spec list, which the map just made lists it in.
        item = ConnectionItem(conn_id, z)
        self._connections[conn_id] = item
        self.addItem(item)
        return item

    def _make_items(self, pending: _PendingItems, budget: int) -> None:
        """Make up to ``budget`` items left for later, placed as the first relayout would have placed them."""
        layout = self.layout
        assert layout is not None and pending.early_cards is not None
        with collector.paused(settle=True):
            cards, items = pending.cards, self._cards
            boxes = layout.cards
            end = min(len(cards), pending.next_card + budget)
            part = cards[pending.next_card : end]
            again = self._take_out(part, pending.early_cards, pending.late_card, items)
            for tid in part:
                if tid in again:
                    self.addItem(items[tid])
                    continue
                if tid in pending.early_cards:
                    continue
                pending.late_card = True
                item = self._make_card(tid)
                r = boxes.get(tid)
                if r is None:
                    item.setVisible(False)
                else:
                    item.setPos(r.x, r.y)
                    item.set_size(r.w, r.h)
            budget -= end - pending.next_card
            pending.next_card = end
            conns = pending.conns
            routes = pending.routes
            end = min(len(conns), pending.next_conn + max(0, budget))
            part = conns[pending.next_conn : end]
            # Connections stack by their own z (the journey's order), so unlike cards an early one never
            # needs adding again after a later one.
            z_at = self._stacking.z_at
            for i, cid in enumerate(part, pending.next_conn):
                if cid in pending.early_conns:
                    continue
                citem = self._make_connection(cid, z_at(i))
                route = routes.get(cid)
                if route is not None:
                    citem.set_route(route)
            pending.next_conn = end
        if pending.next_card == len(cards) and pending.next_conn == len(conns):
            self._pending_items = None
            self._item_slices.stop()
            if not pending.started:
                # Made whole before any paint (a hidden view's scene asked for its items): the labels go on now.
                self._start_label_slices()
            # The maps' order is the journey's, as a whole build makes them (specs and relayouts go by it).
            ordered_cards = {tid: self._cards[tid] for tid in cards}
            self._cards.clear()
            self._cards.update(ordered_cards)
            ordered_conns = {cid: self._connections[cid] for cid in conns}
            self._connections.clear()
            self._connections.update(ordered_conns)

    def _take_out(self, part: list[str], early: set[str], late: bool, items: dict[str, Any]) -> set[str]:
        """Take out the early items of ``part`` that come after an item made late; the caller adds each
        again at its turn, so that it stacks after the items before it, as in a whole build.

        Qt stacks items of the same z in the order they were added. Every card has z 2; each connection
        has its own z below them, so only cards need this. They are taken out together: Qt's list of
        items is sorted again at the first removal after an addition (0.2 ms at 11,500 items). Nothing
        can have selected, grabbed or hovered them yet: every event that reaches items makes them all
        first.
        """
        out: set[str] = set()
        for key in part:
            if key in early:
                if late:
                    out.add(key)
            else:
                late = True
        for key in out:
            self.removeItem(items[key])
        return out

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        if self._free_after_paint:
            self._free_after_paint = False
            self._free_maps.start()  # its turn comes once this paint is done
        pending = self._pending_items
        if pending is not None and pending.split:
            if not pending.covered.contains(rect):
                # A view scrolled, zoomed or grown past the first view's items: never a blank where cards belong.
                self.finish_items()
            elif not pending.started:
                # The first paint: the rest are made, and the labels placed, in the event-loop turns after it.
                pending.started = True
                self._start_label_slices()
                self._item_slices.start()
        super().drawBackground(painter, rect)

    def _clear_journey_items(self) -> None:
        self._drop_pending_labels()
        self._pending_items = None
        self._item_slices.stop()
        self.clearSelection()
        self._curve_stages = {}
        for item in [*self._cards.values(), *self._connections.values()]:
            self.removeItem(item)
        for item in [*self._stage_headers.values(), *self._lane_headers.values(), *self._phase_items]:
            item.setParentItem(None)
            self.removeItem(item)
        self._cards.clear()
        self._connections.clear()
        self._stage_headers.clear()
        self._lane_headers.clear()
        self._phase_items.clear()
        self.layout = None
        self._label_memory = None
        self._specs.clear()
        self._planner = RoutePlanner()
        self._route_index = RouteIndex()
        self._stacking = Stacking(*_CONNECTIONS_Z)
        self._forget_edits()

    def _forget_edits(self) -> None:
        """Go over everything at the next relayout (the journey or the items were replaced)."""
        self._cells = None
        self._stale_cells.clear()
        self._new_cards.clear()
        self._new_connections.clear()
        self._shown_routes = None
        self._spec_list = None

    def _add_card(self, tp_id: str) -> CardItem:
        item = CardItem(tp_id, picture=self.export_mode)
        self._cards[tp_id] = item
        self._new_cards.add(tp_id)
        self.addItem(item)
        return item

    def _remove_card(self, tp_id: str) -> None:
        item = self._cards.pop(tp_id, None)
        if item is not None:
            self._remove_quietly(item)

    def _remove_quietly(self, item: QGraphicsItem) -> None:
        """Remove an item; a selected one tells the selection's followers once, after the whole change.

        Qt announces a new selection for every selected item removed: undoing the paste of 500
        selected cards published the selection 500 times (0.12 s of the undo).
        """
        if item.isSelected() and not self.signalsBlocked():
            self._selection_dropped = True
            self.blockSignals(True)
            try:
                self.removeItem(item)
            finally:
                self.blockSignals(False)
        else:
            self.removeItem(item)

    def _announce_dropped_selection(self) -> None:
        if self._selection_dropped:
            self._selection_dropped = False
            self.selectionChanged.emit()

    def _add_connection(self, conn_id: str, z: float = _CONNECTIONS_Z[0]) -> ConnectionItem:
        # An edit's new connection is stacked by the next relayout, which places it in the journey's order.
        item = ConnectionItem(conn_id, z)
        self._connections[conn_id] = item
        self._new_connections.add(conn_id)
        self._spec_list = None
        self.addItem(item)
        return item

    def _remove_connection(self, conn_id: str) -> None:
        item = self._connections.pop(conn_id, None)
        self._specs.pop(conn_id, None)
        self._stacking.forget(conn_id)
        self._spec_list = None
        if item is not None:
            self._remove_quietly(item)

    def _sync_headers(self) -> None:
        """Header items for the journey's stages and lanes (a handful; only on structure changes)."""
        # Lists, not sets: items are made (and so drawn) in the journey's order, never in the ids' hash order.
        stages = [s.id for s in self._journey_stages()]
        lanes = [ln.id for ln in self._journey_lanes()]
        for sid in list(self._stage_headers):
            if sid not in stages:
                item = self._stage_headers.pop(sid)
                item.setParentItem(None)
                self.removeItem(item)
        for lid in list(self._lane_headers):
            if lid not in lanes:
                item = self._lane_headers.pop(lid)
                item.setParentItem(None)
                self.removeItem(item)
        for sid in stages:
            if sid not in self._stage_headers:
                item = StageHeaderItem(sid)
                item.setParentItem(self.top_strip)
                self._stage_headers[sid] = item
        for lid in lanes:
            if lid not in self._lane_headers:
                item = LaneHeaderItem(lid)
                item.setParentItem(self.left_strip)
                self._lane_headers[lid] = item

    # -- layout ------------------------------------------------------------------------------------
    def title_lines(self, title: str, width: float) -> list[str]:
        """A card title's lines: whole in a picture, at most ``title_max_lines`` on screen (kept, since cards
        repaint often)."""
        key = (title, width)
        lines = self._title_cache.get(key)
        if lines is None:
            if self.export_mode:
                lines = wrap_text(title, self.fonts.title, width, None)
            else:
                lines = wrap_text(title[:_CANVAS_TITLE_CHARS], self.fonts.title, width, self.title_max_lines)
            if len(self._title_cache) > 4 * len(self._cards) + 100:
                self._title_cache.clear()  # titles edited away; the cache never holds much more than the map
            self._title_cache[key] = lines
        return lines

    def _print_metrics(self, stages: Sequence[Stage]) -> Metrics:
        """The metrics a map is laid out with: in a picture, stage headers tall enough for every name whole
        (up to :data:`STAGE_NAME_LINES` lines): a client's copy named its stages "Reconocimiento de la
        necesidad y búsqueda …"; on the projector too, whose names are as large as its titles in narrower columns.
        In the editor, two lines and the rest elided, as every header is alike."""
        m = self.metrics
        if (self.print_mode is None and not self.titles_grow) or not stages:
            return m
        fm = self.fonts.metrics(self.fonts.stage)
        if self.glance:
            names = [s.display_name(self.lang) for s in stages]
            words = max((fm.horizontalAdvance(w) for name in names for w in name.split()), default=0.0)
            # A column too narrow for a word of its name (twenty stages across a page) turns the names a quarter,
            # to read upwards: broken across lines «Stage» read «S / t / a».
            self.stage_names_turned = words > m.cell_w - 16
            if self.stage_names_turned:
                longest = max(fm.horizontalAdvance(name) for name in names)
                return replace(m, stage_h=float(math.ceil(min(longest, GLANCE_TURNED_NAME * self.glance_type) + 14)))
        most = max(len(wrap_text(s.display_name(self.lang), self.fonts.stage, m.cell_w - 16,
                                 STAGE_NAME_LINES)) for s in stages)  # fmt: skip
        needed = math.ceil(most * fm.lineSpacing() + 12)
        return replace(m, stage_h=float(needed)) if needed > m.stage_h else m

    @property
    def titles_grow(self) -> bool:
        """Whether a card grows with a title of more than SCREEN_TITLE_LINES lines on screen (the projector's)."""
        return self.title_max_lines > SCREEN_TITLE_LINES

    def card_heights(self, cards: Iterable[Touchpoint]) -> dict[str, float]:
        """Exports print whole titles (and notes when asked), so their cards grow; on the canvas all cards are alike,
        but on the projector (``title_max_lines`` past three) a card grows to show a longer title."""
        if self.glance or (not self.export_mode and not self.titles_grow):
            return {}
        width = self.metrics.card_w - 2 * CardMetrics.pad_x
        out = {}
        for tp in cards:
            lines = len(self.title_lines(tp.title, width))
            notes = self.note_lines(tp, width)
            if notes:
                lh = self.fonts.metrics(self.fonts.meta).lineSpacing()
                tall = CardMetrics.height_for(lines, self.fonts.title) + CardMetrics.notes_gap + lh * len(notes)
                out[tp.id] = float(max(self.metrics.card_h, math.ceil(tall)))
            elif lines > 3:
                out[tp.id] = float(CardMetrics.height_for(lines, self.fonts.title))
        return out

    def note_lines(self, tp: Touchpoint, width: float) -> list[tuple[str, str]]:
        """A printed card's pain points and opportunities as (kind, line) wrapped to ``width``; empty unless asked."""
        if self.print_mode is None or not self.print_mode.card_notes:
            return []
        out: list[tuple[str, str]] = []
        indent = self.fonts.metrics(self.fonts.meta).horizontalAdvance("⚠ ")
        for kind, texts in (("pain", tp.pain_points), ("opportunity", tp.opportunities)):
            for text in texts:
                for i, line in enumerate(wrap_text(text, self.fonts.meta, width - indent, None)):
                    out.append((kind if i == 0 else "", line))
        return out

    def compute_layout(self) -> JourneyLayout:
        """The layout the journey has now in the project (pure; nothing moves)."""
        return self.compute_map()[0]

    def connection_specs(self) -> list[ConnectionSpec]:
        """What the router needs of every connection on the map: ends, kind, label and the label's box."""
        out = []
        known = self._specs
        table = self.project.tables["connection"]
        pending = self._pending_items
        for cid in pending.conns if pending is not None else self._connections:
            conn = table.get(cid)
            if conn is None:
                continue
            # Rows are immutable: an edited connection is a new row, so the same row gives the same spec.
            kept = known.get(cid)
            if kept is not None and kept[0] is conn:
                out.append(kept[1])
                continue
            size = None
            if conn.label:
                _lines, w, h = label_box(conn.label, self.fonts.label, self._label_cache)
                size = (w, h)
            spec = ConnectionSpec(cid, conn.source_id, conn.target_id, conn.kind, conn.label, size)
            known[cid] = (conn, spec)
            out.append(spec)
        return out

    def _map_specs(self) -> tuple[ConnectionSpec, ...]:
        """:meth:`connection_specs` as a tuple; while following, the very one of last time until a connection
        changes, comes or goes (a drop changes none: going over 6,500 connections took 3 ms, and the
        planner can tell an unchanged list by its identity)."""
        if self._spec_list is not None and self._following:
            return self._spec_list
        if self.glance and not self.glance_routes:
            return ()  # no route planned: the connections are not drawn, and take no gutter
        specs = tuple(self.connection_specs())
        if self._following:
            self._spec_list = specs
        return specs

    def _spec_set(self, specs: tuple[ConnectionSpec, ...]) -> frozenset[ConnectionSpec]:
        """The connections a kept map is known by, in no order: the planner sorts them by their keys (ids last),
        so their order changes nothing. An undo that brings connections back adds their items in the order of
        its changes, not the journey's: undoing the deletion of a whole map missed the map it had, and planned
        and placed 6,500 routes again. Made once per list of specs (a drop keeps the list)."""
        kept = self._spec_sets
        if kept is not None and kept[0] is specs:
            return kept[1]
        got = frozenset(specs)
        self._spec_sets = (specs, got)
        return got

    def compute_map(self) -> tuple[JourneyLayout, dict[str, Route | None]]:
        """The layout and every connection's route as the project has them now (pure; nothing moves)."""
        layout, routes, _memory = self._compute_map()
        return layout, routes

    def _compute_map(self) -> tuple[JourneyLayout, dict[str, Route | None], LabelMemory | None]:
        """The layout, the routes, and what placing the labels leaves for the next edit.

        Routes are planned first, in terms that do not depend on gutter widths; the map is then
        laid out with gutters wide enough for every track (the current layout's gutters are the
        first guess, so usually the journey is laid out once). On screen the last few maps are
        kept by what they were made from: undo and redo come back to one of them.
        """
        # The map this one is made from (the label memory, the kept maps) must be whole first, and so
        # must the items that show it.
        self.finish_labels()
        self.finish_items()
        title_h = 0.0 if self.print_mode is not None and not self.print_mode.title_block else self.metrics.title_h
        if self._journey_id is None:
            return compute_layout([], [], {}, self.metrics, title_h=title_h), {}, None
        journey_stages = self._journey_stages()
        stages = [StageSpec(s.id, s.phase) for s in journey_stages]
        lanes = [ln.id for ln in self._journey_lanes()]
        metrics = self._print_metrics(journey_stages)
        cards, cells = self._map_cells()
        specs = self._map_specs()
        # Lanes without cards are as tall as their text, figures and pictures ask.
        rows = lane_row_heights(self, self._journey_lanes(), [s.id for s in stages])
        if self.glance:
            rows = self.glance_rows()
        elif self.titles_grow and self.header_scale > 1:
            # The projector's strips are as tall as their figures, a line shorter than their grown names.
            names = self.glance_rows()
            rows = {lid: max(h, names.get(lid, 0.0)) for lid, h in rows.items()}
        tops = self.glance_tops if self.glance else None
        self._reserve_capture_slot(rows, cells, cards)
        key: tuple[Any, ...] | None = None
        grown: dict[str, float] | None = None
        if self.print_mode is None:  # a picture's title block and card heights depend on more than this
            # The projector's cards grow with their titles: their heights are part of what the map is made of.
            grown = self.card_heights(cards) if self.titles_grow else None
            key = (tuple(stages), tuple(lanes), tuple((c, tuple(ids)) for c, ids in cells.items()),
                   self._spec_set(specs), tuple(sorted(rows.items())),
                   tuple(sorted((grown or {}).items())))  # fmt: skip
            known = self._maps.get(key)
            if known is not None:
                self._maps.move_to_end(key)
                if known[2] is not None and known[2].pending is not None:
                    known[2].pending.place()  # left part-done when its journey was put away
                return known
        with collector.paused():
            heights = grown if grown is not None else self.card_heights(cards)
            old = self.layout
            guess = (old.col_gutter_w, old.row_gutter_h) if old is not None else (None, None)
            layout = compute_layout(stages, lanes, cells, metrics, heights, title_h, *guess, rows, tops)
            plan = self._planner.plan(layout, specs)
            gutters = (plan.col_gutters, plan.row_gutters)
            if gutters != (layout.col_gutter_w, layout.row_gutter_h):
                layout = compute_layout(stages, lanes, cells, metrics, heights, title_h, *gutters, rows, tops)
            if self.print_mode is not None and self.print_mode.title_block:
                # A picture wraps a long title instead of eliding it: the map moves down to make room.
                needed = self.title_item.height_for(self, layout.title_rect.w) + 8
                if needed > title_h:
                    layout = compute_layout(stages, lanes, cells, metrics, heights, needed, *gutters, rows, tops)
            # Labels are placed again only where the edit changed something (the same places as afresh).
            view = self._first_view if self._label_memory is None else None
            routes, memory = place_routes(plan, layout, self._label_memory, self._route_index, view)
            result = (layout, routes, memory)
        if key is not None:
            self._maps[key] = result
            if len(self._maps) > _KEPT_MAPS:
                self._drop_old_maps()
        return result

    def _drop_old_maps(self) -> None:
        """Let go of the kept maps beyond the last few, freeing them after the paint of this edit.

        Freeing the map from three commands back (its routes, its labels' memory and looked-at places,
        the polylines, the layout: tens of thousands of objects at 5,000 cards) took some 8.5 ms of
        every drop into another cell before its paint. Nothing reads a map once it is out of
        ``_maps``; at most one waits, so a run of edits with no paint between them holds no more.
        """
        dropped = self._dropped_maps
        while len(self._maps) > _KEPT_MAPS:
            dropped.append(self._maps.popitem(last=False)[1])
        if len(dropped) > 1:
            del dropped[:-1]
        if any(view.isVisible() for view in self.views()):
            self._free_after_paint = True  # drawBackground starts the timer
        else:
            self._free_maps.start()

    def _free_dropped_maps(self) -> None:
        self._free_after_paint = False
        self._dropped_maps.clear()

    def _map_cells(self) -> tuple[list[Touchpoint], dict[Cell, list[str]]]:
        """The journey's cards and each cell's ids in their order (the cells in the order of their first card).

        On screen, while following the project, the cells are kept between edits and only those an
        edit touched are read again: sorting and grouping 5,000 cards took 5-7 ms of every drop. The
        cards are then not listed (on screen they are only needed for their heights, which are all alike).
        """
        keep = self._keeps_cells()
        if keep and self._cells is not None:
            cells = self._cells
            if self._stale_cells:
                table, jid = self.project.tables["touchpoint"], self._journey_id
                for cell in self._stale_cells:
                    ids = [tp.id for tp in self.project.cell(*cell) if tp.journey_id == jid and not tp.inbox]
                    if ids:
                        cells[cell] = ids
                    else:
                        cells.pop(cell, None)
                self._stale_cells.clear()
                # The order of a build from scratch: by each cell's first card, as the sorted cards meet them.
                order = sorted(cells.items(), key=lambda kv: _BY_POSITION(table[kv[1][0]]))
                cells = self._cells = dict(order)
            return [], cells
        cards = self._journey_cards()
        cards.sort(key=_BY_POSITION)
        cells = {}
        for tp in cards:
            cells.setdefault((tp.stage_id, tp.lane_id), []).append(tp.id)
        if keep:
            self._cells = {cell: list(ids) for cell, ids in cells.items()}
            self._stale_cells.clear()
        return cards, cells

    def _keeps_cells(self) -> bool:
        """Whether the cells are kept between relayouts (a scene following the project, not printing; not the
        projector's, whose cards grow with their titles: the heights need every card)."""
        return self.print_mode is None and self._following and not self.titles_grow

    def set_capture_slot(self, cell: Cell | None) -> None:
        """Make room for one more card in ``cell`` while it is being typed (None: no room kept)."""
        if cell == self.capture_slot:
            return
        self.capture_slot = cell
        self.relayout()

    def _reserve_capture_slot(
        self, rows: dict[str, float], cells: dict[Cell, list[str]], cards: Sequence[Touchpoint]
    ) -> None:
        cell = self.capture_slot
        if cell is None or self.print_mode is not None:
            return
        stage_ids = {s.id for s in self._journey_stages()}
        if cell[0] not in stage_ids or not any(ln.id == cell[1] and ln.holds_cards for ln in self._journey_lanes()):
            return
        m = self.metrics
        ids = set(cells.get(cell, ()))
        heights = self.card_heights([tp for tp in cards if tp.id in ids])
        stack = sum(heights.get(i, m.card_h) + m.card_gap for i in ids)
        rows[cell[1]] = max(rows.get(cell[1], 0.0), 2 * m.cell_pad + stack + m.card_h)

    def relayout(self) -> None:
        """Recompute the layout and the routes, and move only the items whose geometry changed."""
        # What a relayout makes (routes, the route index, the labels' memory) lives until the next
        # edit: settled, it is not walked by the young collections that followed every drop
        # (20-50 ms of CPU after a card moved into another cell at 5,000 cards).
        with collector.paused(settle=True):
            self._relayout()

    def _relayout(self) -> None:
        old = self.layout
        layout, routes, memory = self._compute_map()
        self._label_memory = memory
        self.layout = layout
        # Placed from the routes the items show: only the connections the placement names can have changed.
        driven = memory is not None and memory.since is not None and memory.since == self._shown_routes
        if memory is not None:
            self._restack(old, layout, memory, driven)
        pending = self._pending_items
        if pending is not None and not pending.split:
            self._choose_first_items(pending, layout, routes)
        if memory is not None and memory.pending is not None:
            self._pending_labels = memory.pending
            if not self._awaits_first_paint() and not self.labels_on_request:
                self._label_slices.start()
        old_cards = old.cards if old is not None else {}
        new_cards = layout.cards
        items = self._cards
        for tid in self._cards_to_place(old, layout):
            item = items.get(tid)
            if item is None:
                continue
            r = new_cards.get(tid)
            if r is None:
                item.setVisible(False)
                continue
            if old_cards.get(tid) != r or not item.isVisible():
                item.setPos(r.x, r.y)
                item.set_size(r.w, r.h)
                shown = self._filter is None or not self._filter_hides or tid in self._filter
                if item.isVisible() != shown:
                    item.setVisible(shown)
        self._new_cards.clear()
        connections = self._connections
        ids: Iterable[str] = connections
        if driven:
            assert memory is not None
            ids = itertools.chain(memory.touched, self._new_connections)
        for cid in ids:
            item = connections.get(cid)
            if item is None:
                continue
            route = routes.get(cid)
            if route is not item.route:  # placing keeps the very Route of a connection that did not change
                item.set_route(route)
        self._new_connections.clear()
        self._shown_routes = memory.serial if memory is not None else None
        self._place_headers(layout)
        self._update_curve()
        self.cells_item.set_rect(qrect(self._cells_rect(layout)))
        self.lane_content_item.set_rect(qrect(self._cells_rect(layout)))
        self.title_item.set_rect(qrect(layout.title_rect))
        self.title_item.setVisible(layout.title_rect.h > 0)
        self._place_cursor()
        b = layout.bounds
        rect = QRectF(b.x, b.y, b.w, b.h)
        if self.glance and not self.legend_item.cut_phases(self):
            self.legend_item.setVisible(False)  # its colours are its emotion row's, its marks none
        elif self.print_mode is not None:
            # The key goes under the emotion row; the picture grows to hold it.
            m = layout.metrics
            self.legend_item.arrange(self, m.margin, layout.emotion_plot.bottom + 14, b.w - 2 * m.margin)
            self.legend_item.setVisible(True)
            legend = self.legend_item.rect
            rect = rect.united(QRectF(b.x, b.y, legend.right() + m.margin, legend.bottom() + m.margin - b.y))
        self.setSceneRect(rect)
        self.layout_changed.emit()

    def _restack(self, old: JourneyLayout | None, layout: JourneyLayout, memory: LabelMemory, driven: bool) -> None:
        """Give the connections whose place in the journey's order changed a z that keeps that order.

        So the stacking of crossing routes is the one a scene made afresh from the document has (and
        every picture of the map), whatever the edits, undos and pastes that led here.
        """
        stacking = self._stacking
        made, was = memory.plan, stacking.plan
        stacking.plan = made
        if old is None and not stacking.ready:
            # A journey just opened: its items take their z's from set_journey's order as they are made.
            stacking.started(memory.order)
            return
        if not stacking.ready or old is None or (old.stage_ids, old.lane_ids) != (layout.stage_ids, layout.lane_ids):
            self._set_z(stacking.rebuild(memory.order), every=True)
            return
        if driven:
            candidates: Iterable[str] = memory.touched
        elif memory.renewed is not None and made is not None and was is not None and made == (was[0], was[1] + 1):
            # The plan after the one stacked: a leg whose key changed is one it made anew, which it names.
            # (Going over every leg's key took about 1 ms of a drop into another cell at 5,000 cards.)
            candidates = memory.renewed
        else:  # a kept map (an undo) or a plan further on: every leg's key is looked at
            candidates = memory.legs
        self._set_z(stacking.update(memory.order, memory.legs, candidates, memory.keys), every=False)

    def _set_z(self, changes: dict[str, float], every: bool) -> None:
        low = _CONNECTIONS_Z[0]
        items = self._connections
        if every:  # every item: those off the map too, at the bottom
            for cid, item in items.items():
                item.setZValue(changes.get(cid, low))
            return
        for cid, z in changes.items():
            item = items.get(cid)
            if item is not None:
                item.setZValue(z)

    def _cards_to_place(self, old: JourneyLayout | None, layout: JourneyLayout) -> Iterable[str]:
        """The cards whose box may differ between ``old`` and ``layout``, and the items made since.

        On screen every card is alike, so a card keeps its box while its cell keeps its list, its
        column its left and its row its top: the cells are compared (as lists, in C), not 5,000 boxes.
        The projector's cards grow with their titles: there the heights are compared too.
        """
        if old is None or self.export_mode or old.metrics != layout.metrics:
            return self._cards
        if old.card_heights != layout.card_heights:
            return self._cards
        out = set(self._new_cards)
        old_order, old_cols, old_rows = old.cell_order, old.columns, old.rows
        cols, rows = layout.columns, layout.rows
        for cell, ids in layout.cell_order.items():
            was = old_order.get(cell)
            sid, lid = cell
            if was != ids or old_cols.get(sid) != cols[sid] or old_rows.get(lid, (None,))[0] != rows[lid][0]:
                out.update(ids)
                if was:
                    out.update(was)
        for cell, was in old_order.items():
            if cell not in layout.cell_order:
                out.update(was)
        return out

    @staticmethod
    def _cells_rect(layout: JourneyLayout) -> Rect:
        area = layout.lanes_area()
        if area is not None:
            return area
        if layout.lane_ids:  # no stages yet: a placeholder beside the lane headers
            top = layout.rows[layout.lane_ids[0]][0]
            bottom = sum(layout.rows[layout.lane_ids[-1]])
            plot = layout.emotion_plot
            return Rect(plot.x, top, plot.w, bottom - top)
        return layout.emotion_plot

    def _place_headers(self, layout: JourneyLayout) -> None:
        for sid, item in self._stage_headers.items():
            r = layout.stage_headers.get(sid)
            if r is not None:
                item.set_rect(qrect(r))
                item.update()
        for lid, item in self._lane_headers.items():
            r = layout.lane_headers.get(lid)
            if r is not None:
                item.set_rect(qrect(r))
                item.update()
        for item in self._phase_items:
            item.setParentItem(None)
            self.removeItem(item)
        self._phase_items = []
        for phase, r in layout.phase_bands:
            band = PhaseBandItem(phase, qrect(r))
            band.setParentItem(self.top_strip)
            self._phase_items.append(band)
        self.emotion_header.set_rect(qrect(layout.emotion_header))
        self.top_strip.set_rect(qrect(layout.top_strip))
        self.left_strip.set_rect(qrect(layout.left_strip))
        ts, ls = layout.top_strip, layout.left_strip
        self.corner.set_rect(QRectF(ls.x, ts.y, ls.w, ts.h))
        lane = next(iter(layout.lane_headers.values()), None)
        stage = next(iter(layout.stage_headers.values()), None)
        self.corner.name_rect = QRectF(lane.x, stage.y, lane.w, stage.h) if lane and stage else QRectF()

    def _update_curve(self) -> None:
        layout = self.layout
        if layout is None:
            return
        order = self.cards_in_journey_order()
        if self.print_mode is not None and self.print_mode.curve_labels == "numbers":
            self.step_numbers = {tid: i for i, tid in enumerate(order, start=1)}
        get = self.project.tables["touchpoint"].get
        # A stage whose cards, rows (immutable: an edited card is a new row), column and plot are
        # those of last time has last time's points: after a drop, every stage but one or two.
        # The lists are compared in C, item by item, where a loop over 5,000 cards took ~10 ms.
        kept, now = self._curve_stages, {}
        points: list[Any] = []
        cell_order, plot = layout.cell_order, layout.emotion_plot
        for sid in layout.stage_ids:
            ids: list[str] = []
            for lid in layout.lane_ids:
                ids.extend(cell_order.get((sid, lid), ()))
            rows = list(map(get, ids))
            frame = (layout.columns[sid], plot)
            was = kept.get(sid)
            if was is not None and was[0] == ids and was[1] == rows and was[2] == frame:
                pts = was[3]
            else:
                data = [
                    (tid, tp.stage_id, tp.emotion)
                    for tid, tp in zip(ids, rows, strict=True)
                    if tp is not None and tp.emotion is not None
                ]
                if any(stage != sid for _tid, stage, _e in data):
                    break  # a card laid out in another stage than its row says: the whole curve, as it always was
                pts = emotion_points(layout, data)
            now[sid] = (ids, rows, frame, pts)
            points.extend(pts)
        else:
            self._curve_stages = now
            self.curve_item.set_data(qrect(plot), points)
            return
        self._curve_stages = {}
        data = []
        for tid in order:
            tp = get(tid)
            if tp is not None and tp.emotion is not None:
                data.append((tid, tp.stage_id, tp.emotion))
        self.curve_item.set_data(qrect(layout.emotion_plot), emotion_points(layout, data))

    def full_rect(self) -> QRectF:
        """The whole map, for fitting and exporting (its items all made: QGraphicsScene.render lists
        the items to draw before it draws the background, too late to make them; and its labels
        placed: a scene never painted has not started placing them)."""
        self.finish_labels()
        if self._pending_items is not None:
            self.finish_items()
        return self.sceneRect()

    def pin_headers(self, visible: QRectF) -> None:
        """Slide the header strips so they stay on screen while the map scrolls under them."""
        layout = self.layout
        if layout is None or self.export_mode:
            return
        ts, ls = layout.top_strip, layout.left_strip
        dy = min(max(0.0, visible.top() - ts.y), max(0.0, layout.bounds.bottom - ts.bottom))
        # Where the view shows room left of the map's start (the projector centres its first stage so), the
        # names stay beside the map, not across the room at the screen's edge.
        dx = min(max(0.0, visible.left() - ls.x), max(0.0, layout.bounds.right - ls.right))
        if self.top_strip.pos().y() != dy:
            self.top_strip.setPos(0, dy)
        if self.left_strip.pos().x() != dx:
            self.left_strip.setPos(dx, 0)
        self.corner.setPos(dx, dy)
        self.corner.setVisible(dx > 0 or dy > 0)

    # -- following the project --------------------------------------------------------------------------
    def _on_changes(self, changes: Sequence[Change]) -> None:
        try:
            self.finish_items()
            self._follow(changes)
        except Exception:
            # The change is already in the model and the file; a view that failed to follow it
            # rebuilds itself rather than show something else than the project holds.
            sys.excepthook(*sys.exc_info())
            self.set_journey(self._journey_id)
        finally:
            self._announce_dropped_selection()

    # -- following the project, item by item ---------------------------------------------------------------------
    def _follow(self, changes: Sequence[Change]) -> None:
        if untouched(changes, _FOLLOWED):
            changes = ()  # none the loop below follows (a survey's answers): what comes after it still runs
        jid = self._journey_id
        relayout = structure = curve = False
        for ch in changes:
            kind = ch.kind
            if kind == "touchpoint":
                old: Any = ch.old
                new: Any = ch.new
                old = old if old is not None and self.shows_card(old) else None
                new = new if new is not None and self.shows_card(new) else None
                if old is None and new is None:
                    continue
                for row in (old, new):
                    if row is not None:
                        self._stale_cells.add((row.stage_id, row.lane_id))
                if new is None:
                    self._remove_card(ch.id)
                    relayout = curve = True
                elif old is None:
                    self._add_card(ch.id)
                    relayout = curve = True
                else:
                    item = self._cards.get(ch.id)
                    if item is not None:
                        item.invalidate()
                    if (old.stage_id, old.lane_id, old.position) != (new.stage_id, new.lane_id, new.position):
                        relayout = curve = True
                    elif (self.export_mode or self.titles_grow) and old.title != new.title:
                        relayout = True
                    if old.emotion != new.emotion:
                        curve = True
            elif kind == "connection":
                old, new = ch.old, ch.new
                old = old if old is not None and self.shows_connection(old) else None
                new = new if new is not None and self.shows_connection(new) else None
                if old is None and new is None:
                    continue
                if new is None:
                    self._remove_connection(ch.id)
                    relayout = True
                elif old is None:
                    self._add_connection(ch.id)
                    relayout = True
                else:
                    self._spec_list = None
                    item = self._connections.get(ch.id)
                    if item is not None:
                        item.invalidate()
                    # Routes share gutters and ports, and ties go by kind and label: a new
                    # kind, label or end can move other routes too.
                    if (old.source_id, old.target_id, old.kind, old.label) != (
                        new.source_id,
                        new.target_id,
                        new.kind,
                        new.label,
                    ):
                        relayout = True
            elif kind in ("stage", "lane"):
                e: Any = ch.new or ch.old
                if e.journey_id == jid:
                    structure = relayout = curve = True
                    self._cells = None  # read every cell again after a change of the map's frame
            elif kind == "lane_cell":
                if (ch.new or ch.old).journey_id == jid:  # type: ignore[union-attr]
                    relayout = True
                    self.lane_content_item.update()
            elif kind == "journey" and ch.id == jid:
                if ch.new is None:
                    self.set_journey(None)
                    return
                self.title_item.update()
                self.corner.update()  # it names the journey
                for band in self._phase_band_items():
                    band.update()  # the journey may have renamed a phase
            elif kind == "vote":
                vote: Any = ch.new or ch.old
                card = self._cards.get(vote.touchpoint_id)
                if card is not None:
                    card.invalidate()
            elif kind == "opportunity_link":
                link: Any = ch.new or ch.old
                card = self._cards.get(link.touchpoint_id)
                if card is not None:
                    card.invalidate()
            elif kind == "vote_session":
                session: Any = ch.new or ch.old
                if session.journey_id == jid:
                    for item in self._cards.values():
                        item.invalidate()
            elif kind == "persona":
                journey = self.journey()
                if journey is not None and journey.persona_id == ch.id:
                    self.title_item.update()
            elif kind == "project":
                self.title_item.update()
            elif kind == "channel":
                for item in self._cards.values():
                    item.invalidate()
        if jid is None:
            return
        if any(ch.kind in ("touchpoint", "journey", "persona", "channel") for ch in changes):
            self.lane_content_item.update()  # channel and emotion lanes are computed from cards, maybe other journeys'
        if structure:
            self._sync_headers()
        if relayout:
            self.relayout()
        elif curve:
            self._update_curve()
        if self._filter is not None or self._highlight:
            self._apply_marks()

    def set_lang(self, lang: str) -> None:
        """Show built-in names in another language."""
        if lang == self.lang:
            return
        self.lang = lang
        self._redraw_all()

    def follow_colour_scheme(self, *_: Any) -> None:
        """Repaint in the screen's colours now, if they changed (a scene in print mode stays on paper)."""
        if self.print_mode is not None:
            return
        colours = style.screen_colours()
        if colours is self.colours:
            return
        self.colours = colours
        self.setBackgroundBrush(colours.paper)
        self._redraw_all()

    def _redraw_all(self) -> None:
        for item in self.items():
            if isinstance(item, CardItem):
                item.invalidate()
            else:
                item.update()

    def set_type_scale(
        self,
        cards: float,
        headers: float | None = None,
        card_width: float = 1.0,
        compact_lanes: bool = False,
        title_lines: int = SCREEN_TITLE_LINES,
    ) -> None:
        """Card titles ``cards`` times the map's own type, headers ``headers`` times (a projector); cards grow
        to hold three lines, and ``card_width`` times as wide; ``compact_lanes`` draws the lanes without cards
        as strips (figures on one line, pictures as thumbnails); a card whose title needs more than three lines
        grows to show up to ``title_lines`` of them."""
        self.compact_lanes = compact_lanes
        self.title_max_lines = max(SCREEN_TITLE_LINES, title_lines)
        self._cells = None  # kept only while every card is alike (see _keeps_cells)
        self.text_scale = cards
        # The emotion chip grows with the titles as far as the card's top band holds it: at the editor's size beside
        # titles 2.75 times the editor's its «−1» was 6 px tall on a Full HD projector, unreadable past the first row.
        self.chip_scale = max(1.0, min(cards, CardMetrics.chip_room / CardMetrics.row_h))
        fonts = style.Fonts()
        title_pt = fonts.title.pointSizeF() * cards
        for name in ("title", "stage", "lane", "phase", "journey"):
            f = getattr(fonts, name)
            size = f.pointSizeF() * (cards if name == "title" or headers is None else headers)
            if headers is not None:
                # A name is read from as far as the cards are: never in smaller type than their titles (the phases'
                # is a little smaller in the editor). The journey's name above the map as large as a title: at the
                # headers' scale its 41 pt took height the whole journey needs to fit with readable titles.
                size = max(f.pointSizeF(), title_pt) if name == "journey" else max(size, title_pt)
            f.setPointSizeF(size)
        self.header_scale = headers if headers is not None else 1.0
        # Its number fills the larger pill more than the editor's does: the pill's own margin need not grow.
        fonts.chip.setPointSizeF(fonts.chip.pointSizeF() * self.chip_scale * (CHIP_TYPE if cards > 1 else 1.0))
        # The channel's name beside the chip and the badges' counts at the foot grow as the chip's number does, into
        # the margins of their rows, never the card's height (the whole journey's fit): at the editor's 7.5 pt beside
        # titles 2.75 times the editor's they were 5.5 px tall on a Full HD projector, unreadable from the back.
        for f in (fonts.meta, fonts.badge):
            f.setPointSizeF(f.pointSizeF() * self.chip_scale * (CHIP_TYPE if cards > 1 else 1.0))
        self.fonts = fonts
        card_h, card_w = CardMetrics.height_for(3, fonts.title), Metrics.card_w * card_width
        metrics = replace(self.metrics, card_h=card_h, card_w=card_w)
        if headers is not None:
            metrics = replace(metrics, **self._header_room(fonts, max(1.0, headers)))
        self.metrics = self._card_room(metrics)
        self._remake()

    @staticmethod
    def _header_room(fonts: style.Fonts, k: float) -> dict[str, float]:
        """The header boxes for names ``k`` times the map's own type (the projector's): the lane names' column as
        much wider (the same words per line as in the editor), the phase band and the title block as tall as their
        grown type (at the editor's 24 and 62 units the names were cut at the top and bottom); the stage headers
        one line, taller when a name needs more (see _print_metrics)."""
        base = Metrics()
        spacing = lambda f: fonts.metrics(f).lineSpacing()  # noqa: E731
        title = spacing(fonts.project) + spacing(fonts.journey) + spacing(fonts.persona) + 9
        return {
            "lane_header_w": math.ceil(base.lane_header_w * k),
            "phase_h": max(base.phase_h, math.ceil(spacing(fonts.phase) + 4)),
            "stage_h": max(base.stage_h, math.ceil(spacing(fonts.stage) + 12)),
            "title_h": max(base.title_h, math.ceil(title)),
        }

    def set_glance(
        self, card_w: float, card_h: float, type_scale: float = 1.0, routes: bool = True,
        tops: Mapping[str, float] | None = None,
    ) -> None:
        """Lay the map out to be seen whole on one page (the report's map at a glance).

        Every card is a block ``card_w`` × ``card_h`` of its emotion's colour with no text, connections have no
        labels, and a lane of text, figures or pictures is a strip under its name: at the scale a whole map fits a
        page their texts would print at 2 to 6 points. There is no key (the emotion row's points carry
        the colours) but for the phases whose band cannot hold their name.
        The names of the phases, stages and lanes and the emotion row's scale are ``type_scale`` times the map's own
        size (and the room they sit in with them), so that a page which draws the map that much smaller prints them
        as large as a page of the map does. Without ``routes`` the connections are left out, and the gutters their
        routes would widen with them. ``tops`` (lane id → map units) keeps room over the blocks of those lanes'
        cells (the report's page numbers, top-left in the frame of the page each lane starts).
        """
        k = type_scale
        self.glance = True
        self.glance_routes = routes
        self.glance_tops = dict(tops or {})
        self.glance_type = k
        self.detail_floor = math.inf  # no card's texts and no label, at any scale (see items._detailed)
        fonts = style.Fonts()
        # The stage names a little smaller than the map's (as large as the phases'): the columns are narrower.
        fonts.stage.setPointSizeF(fonts.phase.pointSizeF())
        for f in vars(fonts).values():
            if isinstance(f, QFont):
                f.setPointSizeF(f.pointSizeF() * k)
        self.fonts = fonts
        base = Metrics()
        gap = min(GLANCE_GAP, max(1.0, card_h / 3))  # blocks a few units tall are told apart by less
        self.metrics = replace(
            base, card_w=card_w, card_h=card_h, card_gap=gap, cell_pad=GLANCE_GAP, gutter=GLANCE_GUTTER,
            track_step=2.0, port_step=3.0, lane_header_w=base.lane_header_w * k, phase_h=base.phase_h * k,
            stage_h=base.stage_h * k, emotion_h=GLANCE_EMOTION_H * k, margin=base.margin * k, header_gap=2.0 * k,
        )  # fmt: skip
        self._remake()

    def glance_rows(self) -> dict[str, float]:
        """Each lane at a glance: as tall as its name needs (a lane of cards grows with them, see set_glance)."""
        f = self.fonts.lane
        spacing = self.fonts.metrics(f).lineSpacing()
        width = self.metrics.lane_header_w - 18  # as LaneHeaderItem wraps it
        return {
            lane.id: math.ceil(len(wrap_text(lane.display_name(self.lang), f, width, 3)) * spacing + 12)
            for lane in self._journey_lanes()
        }

    def set_card_marks(self, height: float) -> None:
        """Keep room for marks ``height`` tall standing over each card's emotion chip, from the chip's top up to the
        middle of the gutter over the card's lane, or to just under the card above it in its cell (the projector's
        vote dots, counts and places, as large as the titles): the gaps above the cards grow to hold them. 0: the
        map's own gaps."""
        if height != self.card_marks:
            self.card_marks = height
            metrics = self._card_room(self.metrics)
            if metrics != self.metrics:
                self.metrics = metrics
                self._remake()

    def _card_room(self, metrics: Metrics) -> Metrics:
        """``metrics`` with the room above the cards that :meth:`set_card_marks` asks for (none past the map's own)."""
        # From the chip's top (see _chip_box), not its foot: marks that came down to the foot stood beside the chip,
        # in the card's top row, over the channel's name («E-commerce / web» read «E-c… #1 3» at 1280 × 800).
        chip = CardMetrics.pad_y - CardMetrics.row_h * (self.chip_scale - 1) / 2
        above = max(0.0, self.card_marks - chip)
        # The first card of a cell has the gutter's lower half and the cell's margin above it, the next the gap below
        # the card above, which draws nothing there (the middle of the gap grew it by twice the marks' height).
        pad = max(Metrics.cell_pad, math.ceil(above - metrics.gutter / 2))
        gap = max(Metrics.card_gap, math.ceil(above + metrics.marks_clear))
        return replace(metrics, cell_pad=pad, card_gap=gap)

    def _remake(self) -> None:
        # Kept maps and wrapped titles were made with the old type or room: none of them fits the new one.
        self._maps.clear()
        self._title_cache.clear()
        self._specs.clear()
        self._planner = RoutePlanner()
        self._route_index = RouteIndex()
        self._label_memory = None
        self._drop_pending_labels()
        self._shown_routes = None
        self._spec_list = None
        self._redraw_all()
        self.relayout()

    def set_audience(self, audience: bool) -> None:
        """Whether this scene is the room's picture (the projector): the editor's aids are not drawn, the capture
        cell's dashed outline, the selection, hover and connector handles, highlights, drop indicators and the
        rubber band (the room saw a dashed box come and go at each stage's step). Typing, dragging and selecting
        still work; the facilitator follows them on the laptop, and the room by the spotlight and the cards."""
        if audience != self.audience:
            self.audience = audience
            self._place_cursor()
            self._redraw_all()

    def set_connectable(self, connectable: bool) -> None:
        """Show the selected and hovered cards' connector handles, or (read-only) none."""
        if connectable != self.connectable:
            self.connectable = connectable
            for item in self._cards.values():
                item.update()

    # -- current cell, filter, highlight -----------------------------------------------------------
    def set_current_cell(self, cell: Cell | None) -> None:
        self.current_cell = cell
        self._place_cursor()

    def _place_cursor(self) -> None:
        layout = self.layout
        cell = self.current_cell
        if layout is None or cell is None or cell[0] not in layout.columns or cell[1] not in layout.rows:
            if cell is not None and layout is not None:
                self.current_cell = None
            self.cursor_item.setVisible(False)
            return
        self.cursor_item.set_rect(qrect(layout.cell_rect(*cell)))
        self.cursor_item.setVisible(not (self.export_mode or self.audience))

    def set_filter(self, matching: Iterable[str] | None, hide: bool = False) -> None:
        """Dim (or hide) the cards not in ``matching``; None shows every card."""
        if matching is None and self._filter is None and not self._highlight:
            # Nothing was dimmed, hidden or highlighted and nothing will be: every item already looks
            # so (see reapply_marks). The editor clears the filter after every journey it shows.
            self._filter_hides = hide
            return
        self._filter = set(matching) if matching is not None else None
        self._filter_hides = hide
        self._apply_marks()

    def set_highlight(self, ids: Sequence[str]) -> None:
        """Mark a path of cards and the connections between consecutive ones."""
        self._highlight = list(ids)
        self._apply_marks()

    def _apply_marks(self) -> None:
        self.finish_items()
        flt = self._filter
        hl = set(self._highlight)
        for tid, item in self._cards.items():
            match = flt is None or tid in flt
            item.setVisible(match or not self._filter_hides)
            item.setOpacity(1.0 if match else 0.22)
            if item.highlighted != (tid in hl):
                item.highlighted = tid in hl
                item.update()
        steps = set(zip(self._highlight, self._highlight[1:]))
        for cid, item in self._connections.items():
            conn = self.connection(cid)
            if conn is None:
                continue
            ends_match = flt is None or (conn.source_id in flt and conn.target_id in flt)
            item.setVisible(ends_match or not self._filter_hides)
            item.setOpacity(1.0 if ends_match else 0.18)
            on_path = (conn.source_id, conn.target_id) in steps
            if item.highlighted != on_path:
                item.highlighted = on_path
                item.update()

    def reapply_marks(self) -> None:
        """Restore filter dimming and highlights after an interaction changed items' looks.

        With nothing dimmed, hidden or highlighted, the interaction has already put its own items
        back as they were; going over all of them (11,500 at 5,000 cards) took 20 ms of every drop.
        """
        if self._filter is None and not self._highlight:
            return
        self._apply_marks()

    def snap_cards(self, ids: Iterable[str]) -> None:
        """Put cards back where the layout says (after a drag, whether or not it moved them)."""
        layout = self.layout
        if layout is None:
            return
        self.finish_items()
        for tid in ids:
            item = self._cards.get(tid)
            r = layout.cards.get(tid)
            if item is not None and r is not None:
                item.setPos(r.x, r.y)

    def filtered_ids(self) -> set[str] | None:
        return None if self._filter is None else set(self._filter)

    # -- hit testing -------------------------------------------------------------------------------
    def card_at(self, pos: QPointF) -> CardItem | None:
        for item in self.items(pos, Qt.ItemSelectionMode.IntersectsItemShape, Qt.SortOrder.DescendingOrder):
            if isinstance(item, CardItem) and item.isVisible():
                return item
        return None

    def handle_at(self, pos: QPointF) -> CardItem | None:
        """A card whose connector handle is under ``pos`` (handles stick out of the card's edge)."""
        if not self.connectable:
            return None
        area = QRectF(pos.x() - 10, pos.y() - 10, 20, 20)
        for item in self.items(area, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if isinstance(item, CardItem) and item.isVisible() and item.over_handle(pos):
                return item
        return None

    def top_item_at(self, pos: QPointF) -> QGraphicsItem | None:
        """The item an interaction cares about: header, card or connection (not backgrounds)."""
        for item in self.items(pos, Qt.ItemSelectionMode.IntersectsItemShape, Qt.SortOrder.DescendingOrder):
            if isinstance(item, (StageHeaderItem, LaneHeaderItem, CardItem, ConnectionItem)) and item.isVisible():
                return item
            if isinstance(item, StripItem) and item.isVisible() and (item.kind == "corner" or not item.pos().isNull()):
                return item  # a pinned header strip hides what scrolled under it
        return None

    def cell_at(self, pos: QPointF) -> Cell | None:
        return self.layout.cell_at(pos.x(), pos.y()) if self.layout else None

    # -- tooltips ----------------------------------------------------------------------------------
    def tooltip_for(self, item: QGraphicsItem) -> str:
        """Rich-text tooltip with every user text escaped, so it shows exactly as typed."""
        if isinstance(item, CardItem):
            return self.card_tooltip(item.tp_id)
        if isinstance(item, ConnectionItem):
            conn = self.connection(item.conn_id)
            if conn is None:
                return ""
            kind = vocab.label(vocab.CONNECTION_KINDS, conn.kind, self.lang)
            label = f"<br/>{_esc(conn.label)}" if conn.label else ""
            return f"<p>{_esc(kind)}{label}</p>"
        if isinstance(item, StageHeaderItem):
            stage = self.project.tables["stage"].get(item.stage_id)
            if stage is not None:
                journey = self.journey()
                phase = journey.phase_name(stage.phase, self.lang) if journey else stage.phase
                return f"<p><b>{_esc(stage.display_name(self.lang))}</b><br/>{_esc(phase)}</p>"
        if isinstance(item, LaneHeaderItem):
            lane = self.project.tables["lane"].get(item.lane_id)
            if lane is not None:
                return f"<p><b>{_esc(lane.display_name(self.lang))}</b></p>"
        return ""

    def card_tooltip(self, tp_id: str) -> str:
        tp = self.touchpoint(tp_id)
        if tp is None:
            return ""
        parts = [f"<b>{_esc(tp.title)}</b>"]
        if tp.channel:
            parts.append(_esc(self.channel_name(tp.channel)))
        if tp.emotion is not None:
            parts.append(_esc(f"{style.emotion_text(tp.emotion)}"))
        for pain in tp.pain_points[:5]:
            parts.append("⚠ " + _esc(pain))
        for opp in tp.opportunities[:5]:
            parts.append("★ " + _esc(opp))
        if tp.sub_journey:
            sub = self.project.tables["journey"].get(tp.sub_journey)
            if sub is None:
                parts.append("⤵ " + _esc(_("Opens a journey that was deleted")))
            else:
                parts.append("⤵ " + _esc(_("Opens {name} (double-click the mark or Alt+Down)").format(name=sub.name)))
        return "<p>" + "<br/>".join(parts) + "</p>"

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:
        item = self.top_item_at(event.scenePos())
        text = self.tooltip_for(item) if item is not None else ""
        if text:
            QToolTip.showText(event.screenPos(), text, event.widget())
            event.setAccepted(True)
        else:
            QToolTip.hideText()
            event.setAccepted(False)

    # -- events go to the current interaction first (as in orange-canvas-core) ---------------------
    def _handler(self) -> Interaction | None:
        return self.handler or self.default_handler

    def _dispatch(self, name: str, event: Any) -> bool:
        h = self._handler()
        if h is None:
            return False
        try:
            return bool(getattr(h, name)(event))
        except Exception:
            # An exception escaping a Qt virtual takes the whole application down (and the
            # workshop with it): report it through the excepthook, drop the gesture, carry on.
            sys.excepthook(*sys.exc_info())
            if self.handler is not None:
                self.handler = None
            return True

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._dispatch("mouse_press", event):
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._dispatch("mouse_move", event):
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._dispatch("mouse_release", event):
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._dispatch("double_click", event):
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._dispatch("key_press", event):
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:
        if self._dispatch("context_menu", event):
            event.accept()
            return
        super().contextMenuEvent(event)

    def event(self, event: QEvent) -> bool:
        if self._pending_items is not None and event.type() in _FINISHING_EVENTS:
            self.finish_items()
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            # Where the system reports no scheme, a dark palette (a dark style, or one set by hand) decides.
            self.follow_colour_scheme()
        if event.type() == QEvent.Type.ShortcutOverride and self.focusItem() is None:
            # A mode may take a key the editor's actions hold (the voting mode's Delete takes back a dot, not
            # the card): accepted here, the key comes to keyPressEvent instead of the shortcut.
            claims = getattr(self.handler, "claims_shortcut", None)
            if claims is not None and claims(event):
                event.accept()
                return True
        # Without a focus item QGraphicsScene turns Tab into focus chaining before keyPressEvent
        # sees it; quick capture needs Tab and Shift+Tab to move between stages.
        if event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and self._dispatch("key_press", key_event):
                event.accept()
                return True
        return super().event(event)


def _route_meets(route: Route, x0: float, y0: float, x1: float, y1: float) -> bool:
    """Whether a connection item's box (its route's points and label, as ConnectionItem.set_route makes it)
    meets the area."""
    pts = route.points
    # The least and greatest points (as tuples) have the least and greatest x: most routes are
    # clear of the area across, which that tells without listing the coordinates (6,478 at open).
    left, right = min(pts)[0] - 6, max(pts)[0] + 6
    label = route.label
    r = label.rect if label is not None else None
    if r is not None:
        left, right = min(left, r.x - 1), max(right, r.right + 1)
    if left > x1 or right < x0:
        return False
    ys = [y for _x, y in pts]
    top, bottom = min(ys) - 6, max(ys) + 6
    if r is not None:
        top, bottom = min(top, r.y - 1), max(bottom, r.bottom + 1)
    return top <= y1 and bottom >= y0


def _esc(text: str) -> str:
    if len(text) > _TOOLTIP_CHARS:
        text = text[:_TOOLTIP_CHARS] + "…"
    return html.escape(text).replace("\n", "<br/>")
