"""Connection routes of a journey map: orthogonal paths through the gutters, one track each, and label places.

Pure geometry (no Qt): the scene hands in the layout and the connections (ends, kind, label
text and the size of its box) and gets back polylines and label boxes.

How a route runs. Cards sit in one stack per cell, so the gutters between columns and between
rows never hold a card. A connection leaves its card sideways, runs along one or two column
gutters (and a row gutter between them when it skips columns) and enters the other card
sideways; the next card of the same stack is reached straight down through the gap. Inside a
gutter every run has its own track, so no two connections ever share a line; the gutter grows
when it needs more tracks (:attr:`RoutePlan.col_gutters`). Where routes meet a card side each
has its own port, on a grid that keeps the ports of the two cards facing each other across a
gutter apart, and entries keep clear of the connector handle.

The same content always gives the same picture: every tie is broken by the journey's own order
(stage, lane, place in the cell, then kind and label), never by ids.

The plan (:func:`plan_routes`) works in row-relative terms, so it does not depend on gutter
widths; :func:`place_routes` turns it into scene coordinates on the final layout and places
the labels.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import operator
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from typing import NamedTuple
from weakref import ref

from ..model import vocab
from .geometry import Cell, JourneyLayout, Point, Rect, segment_crosses_rect

TRACK = 8.0  # between parallel runs in a gutter
PORT = 10.0  # between the ends of routes on one side of a card
PORT_MARGIN = 9.0  # from a card's corner to its first port
EDGE = 14.0  # from a card's side to the nearest track: room for an arrowhead and a bend
ROW_EDGE = 10.0  # from a card's top or bottom to the nearest track of a row gutter
CLEAR = 10.0  # the least gap between two runs that follow each other on one track
HANDLE_CLEAR = 13.0  # arrows into a card's right side keep this far from its connector handle
STACK_X = 14.0  # a step to the next card of a stack runs this far left of the card's middle
ARROW_LENGTH = 9.0
ARROW_HALF_WIDTH = 4.5
LABEL_GAP = 2.0  # the least room between a label and a card, another label or an arrowhead

KIND_RANK = {key: i for i, key in enumerate(vocab.CONNECTION_KINDS)}
_LEG_KEY = operator.attrgetter("key")
_RUN_ORDER = operator.itemgetter(0, 1, 2)  # a run's start, end and place in the journey: in C, not a lambda

# Route shapes.
_DOWN, _UP, _SIDE, _NEXT, _PREV, _FORWARD, _BACK = range(7)


class ConnectionSpec(NamedTuple):
    """What the router needs to know of a connection: its ends, kind, label and the label's box (w, h)."""

    id: str
    source: str
    target: str
    kind: str = "normal"
    label: str = ""
    label_size: tuple[float, float] | None = None


class LabelBox(NamedTuple):
    """Where a label goes: its box in scene coordinates (its text always level: turned text is
    hard to read on a projector and in a client's PDF), and the leader line from the route when
    the box sits beside it."""

    rect: Rect
    leader: tuple[Point, Point] | None = None


class Route(NamedTuple):
    """A polyline from the source card's edge to the target card's edge, and the label's box."""

    points: tuple[Point, ...]
    label: LabelBox | None = None

    def arrow(self) -> tuple[Point, Point, Point]:
        """The arrowhead: its tip on the target card's edge, then the two corners of its base."""
        return arrow_head(self.points[-2], self.points[-1])


def arrow_head(
    a: Point, b: Point, length: float = ARROW_LENGTH, half_width: float = ARROW_HALF_WIDTH
) -> tuple[Point, Point, Point]:
    """The triangle of an arrow pointing from ``a`` to ``b``, its tip at ``b``."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    n = math.hypot(dx, dy)
    if n == 0:
        return b, b, b
    ux, uy = dx / n, dy / n
    bx, by = b[0] - ux * length, b[1] - uy * length
    return b, (bx - uy * half_width, by + ux * half_width), (bx + uy * half_width, by - ux * half_width)


class _Leg:
    """One connection while it is planned."""

    __slots__ = (
        "d",
        "d_port",
        "g1",
        "g2",
        "h",
        "h_off",
        "key",
        "s",
        "s_port",
        "shape",
        "sides",
        "spec",
        "straight",
        "v1",
        "v2",
    )

    def __init__(self, spec: ConnectionSpec) -> None:
        self.spec = spec
        self.key: tuple[object, ...] = ()  # the place in the journey's order (set by the planner)
        self.s = spec.source
        self.d = spec.target
        self.shape = _SIDE
        self.sides = "RR"  # the side of the source card, then of the target card
        self.g1 = self.g2 = self.h = -1
        self.h_off = 0.0
        self.s_port = self.d_port = 0.0  # row-relative y on a card's side, or x from the card's left
        self.v1 = self.v2 = 0.0  # track offsets from the middle of the column gutters
        self.straight = False


# A side's grid of slots by (top, height, right, keeping clear of the handle); see _Side.slots.
_SLOT_GRIDS: dict[tuple[float, float, bool, bool], list[float]] = {}
_SLOT_GRIDS_KEPT = 4096


class _Side:
    """The ports of one side of a card, on the side's grid of row-relative slots."""

    __slots__ = ("_slots", "centre", "ends", "entries", "height", "right", "straight", "top", "used")

    def __init__(self, top: float, height: float, right: bool) -> None:
        self.top, self.height, self.right = top, height, right
        self.centre = top + height / 2
        self.entries = False  # whether an arrow comes in here (on the right, arrows keep off the handle)
        self.used: list[float] = []
        self.ends: list[tuple[tuple[int, float], int, _Leg, int]] = []  # (far key, order, leg, end)
        self.straight = 0  # ends already given a straight line
        self._slots: list[float] | None = None

    def slots(self) -> list[float]:
        # The two sides of a gutter use interleaved grids: a card's right-side ports and the
        # left-side ports of the card across the gutter are never on one line.
        if self._slots is None:
            # Cards of a row share a few tops and one height: the grids are made once and shared
            # (nothing changes a side's slots in place; every use copies or only reads them).
            key = (self.top, self.height, self.right, self.right and self.entries)
            slots = _SLOT_GRIDS.get(key)
            if slots is None:
                fam = 0.0 if self.right else PORT / 2
                k0 = math.ceil((self.top + PORT_MARGIN - fam) / PORT)
                k1 = math.floor((self.top + self.height - PORT_MARGIN - fam) / PORT)
                slots = [fam + k * PORT for k in range(k0, k1 + 1)]
                if self.right and self.entries:
                    slots = [v for v in slots if abs(v - self.centre) >= HANDLE_CLEAR]
                if len(_SLOT_GRIDS) >= _SLOT_GRIDS_KEPT:
                    _SLOT_GRIDS.clear()
                _SLOT_GRIDS[key] = slots
            self._slots = slots
        return self._slots

    def free(self) -> list[float]:
        used = self.used
        if not used:
            return self.slots()
        return [v for v in self.slots() if all(abs(v - u) >= PORT - 1e-6 for u in used)]

    def pending(self) -> int:
        return len(self.ends) - self.straight


class RoutePlan(NamedTuple):
    """Where every connection runs, in row-relative terms, and how wide each gutter must be."""

    legs: list[_Leg]
    col_gutters: list[float]
    row_gutters: list[float]
    missing: list[str]  # connections with an end that is not on the map
    # Which plan of which planner this is, and the legs that may differ from that planner's plan
    # before it (None: any may); placing the routes keeps the others' polylines.
    made: tuple[int, int] | None = None
    changed: frozenset[str] | None = None
    # With ``changed``, what placing needs to go by the change alone: the cards whose place in the
    # order or in their row changed (or that went), and the legs by id (the planner's own).
    moved: frozenset[str] | None = None
    by_id: dict[str, _Leg] | None = None
    # With ``changed``, the legs made anew (each with a key of its own) and those gone; and ``legs``' keys.
    renewed: frozenset[str] | None = None
    keys: list[tuple[object, ...]] | None = None


def journey_order(layout: JourneyLayout) -> dict[str, tuple[int, int, int]]:
    """Each card's place in the journey: (stage, lane, place in its cell)."""
    si, li, ci = layout.stage_index, layout.lane_index, layout.card_index
    return {tid: (si[c[0]], li[c[1]], ci[tid]) for tid, c in layout.card_cell.items()}


def plan_routes(layout: JourneyLayout, specs: Iterable[ConnectionSpec]) -> RoutePlan:
    """Shapes, ports and tracks of every connection; independent of the layout's gutter widths."""
    return _plan_all(layout, specs)[0]


def _plan_all(layout: JourneyLayout, specs: Iterable[ConnectionSpec]) -> tuple[RoutePlan, list[int], list[int]]:
    """The whole plan at once, with the number of tracks in each column gutter and each row gutter."""
    m = layout.metrics
    cards, cell_of, rows = layout.cards, layout.card_cell, layout.rows
    order = journey_order(layout)
    legs: list[_Leg] = []
    missing: list[str] = []
    unknown = len(KIND_RANK)
    at = order.get
    # A leg's key and shape as it is made (its shape depends on its own ends alone, not on the order).
    for spec in specs:
        source, target = at(spec.source), at(spec.target)
        if source is None or target is None:
            missing.append(spec.id)
            continue
        leg = _Leg(spec)
        leg.key = (source, target, KIND_RANK.get(spec.kind, unknown), spec.label, spec.id)
        _shape(leg, source, target)
        legs.append(leg)
    legs.sort(key=_LEG_KEY)
    n_cols, n_rows = len(layout.stage_ids) + 1, len(layout.lane_ids) + 1
    # Per card: band (rows are odd bands, row gutters even ones), top and middle within its row.
    place = {tid: (2 * order[tid][1] + 1, r.y - rows[cell_of[tid][1]][0], r.h) for tid, r in cards.items()}

    # Row gutters: one track per run; runs that reach one column gutter take different tracks.
    by_row: dict[int, list[tuple[int, int, int, _Leg]]] = defaultdict(list)
    for n, leg in enumerate(legs):
        if leg.h >= 0:
            g1, g2 = leg.g1, leg.g2
            by_row[leg.h].append((g1, g2, n, leg) if g1 <= g2 else (g2, g1, n, leg))
    row_tracks = [0] * n_rows
    for h, runs in by_row.items():
        runs.sort(key=_RUN_ORDER)
        count, row_assigned = _tracks([((lo, 0.0), (hi, 0.0)) for lo, hi, _n, _leg in runs], 1.0)
        row_tracks[h] = count
        mid = (count - 1) / 2
        for (_lo, _hi, _n, leg), t in zip(runs, row_assigned):
            leg.h_off = (t - mid) * TRACK

    # Ports on the cards' sides: who comes in and goes out where, heading where.
    # The two ends written out (a loop over them was a fifth of the plan): the source's side, then the target's.
    # A side is first only its list of ends: most have one end and no straight step, and their port
    # depends only on the side's grid, so they need no _Side (8,300 sides at 5,000 cards).
    side_ends: dict[tuple[str, str], list[tuple[tuple[int, float], int, _Leg, int]]] = {}
    entered: set[tuple[str, str]] = set()
    facing: list[_Leg] = []  # the legs that may be a straight step, in the journey's order
    for n, leg in enumerate(legs):
        shape = leg.shape
        if shape <= _UP:
            continue
        s, d, at = leg.s, leg.d, leg.sides
        if leg.h >= 0:
            far_s = far_d = (2 * leg.h, leg.h_off)
        else:
            band, top, height = place[d]
            far_s = (band, top + height / 2)
            band, top, height = place[s]
            far_d = (band, top + height / 2)
            if shape in (_NEXT, _PREV) and cell_of[s][1] == cell_of[d][1]:
                facing.append(leg)
        key = (s, at[0])
        ends = side_ends.get(key)
        if ends is None:
            side_ends[key] = [(far_s, n, leg, 0)]
        else:
            ends.append((far_s, n, leg, 0))
        key = (d, at[1])
        ends = side_ends.get(key)
        if ends is None:
            side_ends[key] = [(far_d, n, leg, 1)]
        else:
            ends.append((far_d, n, leg, 1))
        entered.add(key)

    def side_of(key: tuple[str, str]) -> _Side:
        _band, top, height = place[key[0]]
        side = _Side(top, height, key[1] == "R")
        side.ends = side_ends[key]
        side.entries = key in entered
        return side

    sides: dict[tuple[str, str], _Side] = {}
    for leg in facing:
        for key in ((leg.s, leg.sides[0]), (leg.d, leg.sides[1])):
            if key not in sides:
                sides[key] = side_of(key)
    _straighten(facing, sides, cell_of)
    # A side with no straight step takes the slots of its grid nearest its middle, one per end, as
    # _assign_ports gives them: worked out once per grid and number of ends (cards of a row share a
    # few grids). A side with more ends than slots, or with a straight step, goes through _assign_ports.
    lone: dict[tuple[float, float, bool, bool], float] = {}  # a one-end side's port by its grid
    nearest: dict[tuple[float, float, bool, bool, int], list[float] | None] = {}
    for key, ends in side_ends.items():
        side = sides.get(key)
        if side is not None:
            _assign_ports(side)
            continue
        _band, top, height = place[key[0]]
        right = key[1] == "R"
        if len(ends) == 1:
            grid = (top, height, right, right and key in entered)
            v = lone.get(grid)
            if v is None:
                v = lone[grid] = _lone_port(side_of(key))
            _far, _n, leg, end = ends[0]
            if end == 0:
                leg.s_port = v
            else:
                leg.d_port = v
            continue
        many = (top, height, right, right and key in entered, len(ends))
        chosen = nearest.get(many, False)
        if chosen is False:
            side = side_of(key)
            free = side.slots()
            chosen = nearest[many] = _nearest(free, side.centre, len(ends)) if len(ends) <= len(free) else None
        if chosen is None:
            _assign_ports(side or side_of(key))
            continue
        ends.sort()  # by (far key, journey order): the order numbers differ, so legs are never compared
        for (_far, _n, leg, end), v in zip(ends, chosen):
            if end == 0:
                leg.s_port = v
            else:
                leg.d_port = v

    # Steps inside a stack: straight down (or up) through the gap, left (right) of the middle.
    stacked: dict[tuple[str, str], int] = defaultdict(int)
    for leg in legs:
        if leg.shape <= _UP:
            k = stacked[(leg.s, leg.d)]
            stacked[(leg.s, leg.d)] += 1
            off = (STACK_X + 2 * STACK_X * k) * (-1 if leg.shape == _DOWN else 1)
            leg.s_port = leg.d_port = cards[leg.s].w / 2 + off

    # Column gutters: one track per run; runs that follow each other on a track keep CLEAR apart.
    by_col: dict[int, list[tuple[tuple[int, float], tuple[int, float], int, _Leg, int]]] = defaultdict(list)
    for n, leg in enumerate(legs):
        if leg.shape <= _UP or leg.straight:
            continue
        a = (place[leg.s][0], leg.s_port)
        b = (place[leg.d][0], leg.d_port)
        if leg.h < 0:
            by_col[leg.g1].append((a, b, n, leg, 1) if a <= b else (b, a, n, leg, 1))
        else:
            k = (2 * leg.h, leg.h_off)
            by_col[leg.g1].append((a, k, n, leg, 1) if a <= k else (k, a, n, leg, 1))
            by_col[leg.g2].append((k, b, n, leg, 2) if k <= b else (b, k, n, leg, 2))
    col_tracks = [0] * n_cols
    for g, col_runs in by_col.items():
        col_runs.sort(key=_RUN_ORDER)
        count, col_assigned = _tracks([(lo, hi) for lo, hi, _n, _leg, _which in col_runs], CLEAR)
        col_tracks[g] = count
        mid = (count - 1) / 2
        for (_lo, _hi, _n, leg, which), t in zip(col_runs, col_assigned):
            if which == 1:
                leg.v1 = (t - mid) * TRACK
            else:
                leg.v2 = (t - mid) * TRACK

    side_room = max(4.0, EDGE - m.cell_pad)
    row_room = max(4.0, ROW_EDGE - m.cell_pad)
    col_gutters = [max(m.gutter, (n - 1) * TRACK + 2 * side_room) if n else m.gutter for n in col_tracks]
    row_gutters = [max(m.gutter, (n - 1) * TRACK + 2 * row_room) if n else m.gutter for n in row_tracks]
    return RoutePlan(legs, col_gutters, row_gutters, missing), col_tracks, row_tracks


class RoutePlanner:
    """:func:`plan_routes` that remembers its last plan and plans again only what an edit reaches.

    The plan is made of small units whose results depend only on their own inputs: each row
    gutter's tracks (the runs along it), each block of card sides that face each other across a
    column gutter in one row (their ports, straight steps included), each pair of stacked cards'
    steps, and each column gutter's tracks (the runs down it). An edit changes some cards' places
    in the journey's order or in their rows, and some connections; the planner recomputes the
    units those touch, then the units whose inputs the recomputed ones changed (a row gutter's
    new track offsets move ports, new ports move runs in column gutters), and keeps the rest.
    So one command costs what it reaches, not the whole journey, and the plan is the one
    :func:`plan_routes` makes from scratch (``tests/test_route_planner.py`` checks it after
    random edits). A change of the stages, the lanes or the metrics plans everything again.

    The legs of a returned plan belong to the planner: the next call updates them.
    """

    _made = itertools.count()
    # An edit that moves more than this share of the cards is planned whole, as a fresh planner plans:
    # planned unit by unit, a moved card costs about twice its share of the whole plan. At 5,000 cards
    # undoing the deletion of 500 cards spread over the map moved 4,486 cards, 128 ms unit by unit
    # against 57 ms whole; they break even at about a sixth of the cards.
    whole_share = 0.2

    def __init__(self) -> None:
        self._token = next(RoutePlanner._made)
        self._plans = 0
        self._frame: tuple[object, ...] | None = None
        self._cards: dict[str, tuple[tuple[int, int, int], float, float, float]] = {}  # see plan()
        self._cell_order: dict[Cell, list[str]] | None = None  # the cells and card heights the signatures were made of
        self._heights: dict[str, float] = {}
        self._specs: dict[str, ConnectionSpec] = {}
        self._given: object = None  # the specs as last given, when a tuple (immutable: the same object, the same specs)
        self._missing: list[str] = []
        self._legs: dict[str, _Leg] = {}
        self._sorted: list[_Leg] = []  # in the journey's order (by key)
        self._keys: list[tuple[object, ...]] = []
        self._card_legs: dict[str, set[str]] = defaultdict(set)
        self._by_row: dict[int, set[str]] = defaultdict(set)
        self._side_legs: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._by_col: dict[int, set[tuple[str, int]]] = defaultdict(set)
        self._leg_cols: dict[str, tuple[tuple[int, int], ...]] = {}
        self._row_tracks: list[int] = []
        self._col_tracks: list[int] = []
        self._unfiled: tuple[RoutePlan, list[ConnectionSpec]] | None = None  # see _start

    def plan(self, layout: JourneyLayout, specs: Iterable[ConnectionSpec]) -> RoutePlan:
        """The plan of :func:`plan_routes` for ``layout`` and ``specs``."""
        m = layout.metrics
        frame = (tuple(layout.stage_ids), tuple(layout.lane_ids), m)
        given = specs
        same_specs = isinstance(given, tuple) and given is self._given
        specs = list(specs)
        fresh = frame != self._frame
        if fresh:
            self.__init__()  # type: ignore[misc]
            self._frame = frame
        self._given = given if isinstance(given, tuple) else None
        cards, cell_of, rows = layout.cards, layout.card_cell, layout.rows
        si, li, ci = layout.stage_index, layout.lane_index, layout.card_index
        old_cards = self._cards
        old_order, order = self._cell_order, layout.cell_order
        if not fresh and old_order is not None and layout.card_heights == self._heights:
            # In the same stages, lanes and metrics, with the same card heights, a card's signature
            # depends only on its cell's list: only the cells whose list changed are worked out again.
            signature = dict(old_cards)
            moved = set()
            for cell, was in old_order.items():
                if order.get(cell) != was:
                    for tid in was:
                        if tid not in cell_of:
                            del signature[tid]
                            moved.add(tid)
            for cell, ids in order.items():
                if old_order.get(cell) != ids:
                    for tid in ids:
                        r = cards[tid]
                        sig = ((si[cell[0]], li[cell[1]], ci[tid]), r.y - rows[cell[1]][0], r.h, r.w)
                        if old_cards.get(tid) != sig:
                            signature[tid] = sig
                            moved.add(tid)
        else:
            # Per card: its place in the journey's order, then its top, height and width within its row.
            signature = {
                tid: ((si[c[0]], li[c[1]], ci[tid]), r.y - rows[c[1]][0], r.h, r.w)
                for tid, c in cell_of.items()
                for r in (cards[tid],)
            }
            if fresh or old_cards == signature:
                moved = set()  # fresh: everything is planned from scratch, nothing is compared
            else:
                get = old_cards.get
                moved = {tid for tid, sig in signature.items() if get(tid) != sig}
                moved.update(tid for tid in old_cards if tid not in signature)
        if not fresh and len(moved) > self.whole_share * max(len(signature), len(old_cards)):
            fresh = True
            kept = self._given
            self.__init__()  # type: ignore[misc]
            self._frame, self._given = frame, kept
        self._cards = signature
        self._cell_order, self._heights = order, layout.card_heights
        place = _Places(signature)
        self._plans += 1
        if fresh:
            return self._start(layout, specs)._replace(made=(self._token, self._plans))
        self._file()

        # Connections that changed, came or went, and those whose cards moved.
        old_specs = self._specs
        touched: set[str] = set()
        if same_specs and old_cards.keys() == signature.keys():
            # The very specs of last time on the same cards (a drop): none changed, the same ends are missing.
            new_specs, missing = old_specs, list(self._missing)
        else:
            new_specs = {}
            missing = []
            old_spec = old_specs.get
            was_missing = set(self._missing)
            for spec in specs:
                cid = spec.id
                new_specs[cid] = spec
                if spec.source not in signature or spec.target not in signature:
                    missing.append(cid)
                elif cid in was_missing:
                    touched.add(cid)  # its missing end is back: no leg of it is filed under its cards
                was = old_spec(cid)
                # The scene hands back the very spec of a connection that did not change: no field to compare.
                if was is not spec and was != spec:
                    touched.add(cid)
            touched.update(cid for cid in old_specs if cid not in new_specs)
        self._missing = missing
        card_legs = self._card_legs
        for tid in moved:
            touched.update(card_legs.get(tid, ()))
        self._specs = new_specs

        legs, by_row, side_legs, pairs = self._legs, self._by_row, self._side_legs, self._pairs
        dirty_rows: set[int] = set()
        dirty_sides: set[tuple[str, str]] = set()
        dirty_pairs: set[tuple[str, str]] = set()
        runs_moved: set[str] = set(touched)
        unknown = len(KIND_RANK)
        removed: list[_Leg] = []

        def refile(cid: str, leg: _Leg, add: bool) -> None:
            # A leg is filed under its cards, its row gutter and its sides or stacked pair; what it
            # leaves or joins is planned again.
            places = [card_legs[leg.s], card_legs[leg.d]]
            if leg.h >= 0:
                places.append(by_row[leg.h])
                dirty_rows.add(leg.h)
            if leg.shape <= _UP:
                places.append(pairs[(leg.s, leg.d)])
                dirty_pairs.add((leg.s, leg.d))
            else:
                for key in ((leg.s, leg.sides[0]), (leg.d, leg.sides[1])):
                    places.append(side_legs[key])
                    dirty_sides.add(key)
            for place in places:
                if add:
                    place.add(cid)
                else:
                    place.discard(cid)

        for cid in touched:
            leg = legs.pop(cid, None)
            if leg is not None:
                removed.append(leg)
                refile(cid, leg, add=False)
            spec = new_specs.get(cid)
            if spec is None or spec.source not in signature or spec.target not in signature:
                continue
            leg = _Leg(spec)
            source, target = signature[leg.s][0], signature[leg.d][0]
            leg.key = (source, target, KIND_RANK.get(spec.kind, unknown), spec.label, spec.id)
            _shape(leg, source, target)
            legs[cid] = leg
            refile(cid, leg, add=True)
        self._resort(removed, [legs[cid] for cid in touched if cid in legs])

        # Row gutters whose runs changed; a leg whose track moved heads somewhere else from its sides.
        for h in dirty_rows:
            run_legs = sorted((legs[cid] for cid in by_row[h]), key=lambda g: (min(g.g1, g.g2), max(g.g1, g.g2), g.key))
            before = [leg.h_off for leg in run_legs]
            self._row_tracks[h] = _plan_row(run_legs)
            for leg, off in zip(run_legs, before):
                if leg.h_off != off:
                    runs_moved.add(leg.spec.id)
                    dirty_sides.add((leg.s, leg.sides[0]))
                    dirty_sides.add((leg.d, leg.sides[1]))

        # Ports, a group of sides at a time: sides tied by possible straight steps (which take a
        # port on both) are planned together, in the journey's order, as the whole plan does.
        done: set[tuple[str, str]] = set()
        for first in dirty_sides:
            if first in done or first[0] not in signature:
                continue
            group, queue = [], [first]
            done.add(first)
            while queue:
                key = queue.pop()
                group.append(key)
                for cid in side_legs.get(key, ()):
                    leg = legs[cid]
                    if (leg.shape == _NEXT or leg.shape == _PREV) and cell_of[leg.s][1] == cell_of[leg.d][1]:
                        for other in ((leg.s, leg.sides[0]), (leg.d, leg.sides[1])):
                            if other not in done:
                                done.add(other)
                                queue.append(other)
            self._plan_sides(group, legs, side_legs, place, cell_of, runs_moved)

        # Steps inside a stack; a step whose port stayed runs where it ran (unless its cards moved).
        changed = set(runs_moved)
        for pair in dirty_pairs:
            for k, leg in enumerate(sorted((legs[cid] for cid in pairs.get(pair, ())), key=lambda g: g.key)):
                off = (STACK_X + 2 * STACK_X * k) * (-1 if leg.shape == _DOWN else 1)
                was = (leg.s_port, leg.d_port)
                leg.s_port = leg.d_port = cards[leg.s].w / 2 + off
                if was != (leg.s_port, leg.d_port):
                    changed.add(leg.spec.id)

        # Column gutters whose runs changed.
        by_col, leg_cols = self._by_col, self._leg_cols
        dirty_cols: set[int] = set()
        for cid in runs_moved:
            for g, which in leg_cols.pop(cid, ()):
                by_col[g].discard((cid, which))
                dirty_cols.add(g)
            leg = legs.get(cid)
            if leg is None:
                continue
            if leg.shape <= _UP or leg.straight:
                leg.v1 = leg.v2 = 0.0  # as a leg planned afresh: no run, no track (it may have had one)
                continue
            now = ((leg.g1, 1),) if leg.h < 0 else ((leg.g1, 1), (leg.g2, 2))
            leg_cols[cid] = now
            for g, which in now:
                by_col[g].add((cid, which))
                dirty_cols.add(g)
        # Column gutters whose runs changed. Only the runs whose track moved are named as changed:
        # the others (most of a long gutter's) keep their polylines, so placing looks at fewer.
        for g in dirty_cols:
            entries = [(legs[cid], which) for cid, which in by_col[g]]
            before = [leg.v1 if which == 1 else leg.v2 for leg, which in entries]
            self._col_tracks[g] = _plan_column(entries, place)
            for (leg, which), v in zip(entries, before, strict=True):
                if (leg.v1 if which == 1 else leg.v2) != v:
                    changed.add(leg.spec.id)

        side_room = max(4.0, EDGE - m.cell_pad)
        row_room = max(4.0, ROW_EDGE - m.cell_pad)
        col_gutters = [max(m.gutter, (n - 1) * TRACK + 2 * side_room) if n else m.gutter for n in self._col_tracks]
        row_gutters = [max(m.gutter, (n - 1) * TRACK + 2 * row_room) if n else m.gutter for n in self._row_tracks]
        made = (self._token, self._plans)
        return RoutePlan(
            list(self._sorted), col_gutters, row_gutters, missing, made, frozenset(changed),
            frozenset(moved), self._legs, frozenset(touched), list(self._keys),
        )  # fmt: skip

    def settle(self) -> None:
        """File what the next plan needs to know of a whole plan now (a scene does it once the map is painted)."""
        self._file()

    def _start(self, layout: JourneyLayout, specs: list[ConnectionSpec]) -> RoutePlan:
        """The whole plan at once (quicker than unit by unit); what the next call needs to know of it is
        filed by :meth:`settle` or by that call, whichever comes first.

        Filing 6,500 legs under their cards, sides and gutters is some 7-12 ms that opening a map
        would spend before its first paint. Until the next call nothing changes the legs (they
        belong to the planner), so filing them later files the same.
        """
        plan, self._col_tracks, self._row_tracks = _plan_all(layout, specs)
        self._unfiled = (plan, specs)
        return plan

    def _file(self) -> None:
        """File the legs of the plan :meth:`_start` made, as the planning of a later edit needs them."""
        if self._unfiled is None:
            return
        plan, specs = self._unfiled
        self._unfiled = None
        self._specs = {spec.id: spec for spec in specs}
        self._missing = list(plan.missing)
        self._sorted = list(plan.legs)
        self._keys = [leg.key for leg in plan.legs]
        for leg in plan.legs:
            cid = leg.spec.id
            self._legs[cid] = leg
            self._card_legs[leg.s].add(cid)
            self._card_legs[leg.d].add(cid)
            if leg.h >= 0:
                self._by_row[leg.h].add(cid)
            if leg.shape <= _UP:
                self._pairs[(leg.s, leg.d)].add(cid)
                continue
            self._side_legs[(leg.s, leg.sides[0])].add(cid)
            self._side_legs[(leg.d, leg.sides[1])].add(cid)
            if not leg.straight:
                cols = ((leg.g1, 1),) if leg.h < 0 else ((leg.g1, 1), (leg.g2, 2))
                self._leg_cols[cid] = cols
                for g, which in cols:
                    self._by_col[g].add((cid, which))

    def _resort(self, removed: list[_Leg], added: list[_Leg]) -> None:
        """Keep the legs in the journey's order: take out the old legs, put the new ones in their places."""
        legs, keys = self._sorted, self._keys
        if len(removed) + len(added) > len(legs) // 8:
            remaining = {id(g) for g in removed}
            legs = [g for g in legs if id(g) not in remaining] + added
            legs.sort(key=lambda g: g.key)
            self._sorted, self._keys = legs, [g.key for g in legs]
            return
        for leg in removed:
            i = bisect.bisect_left(keys, leg.key)
            del legs[i], keys[i]
        for leg in added:
            i = bisect.bisect_left(keys, leg.key)
            legs.insert(i, leg)
            keys.insert(i, leg.key)

    @staticmethod
    def _plan_sides(
        group: list[tuple[str, str]],
        legs: dict[str, _Leg],
        side_legs: dict[tuple[str, str], set[str]],
        place: dict[str, tuple[int, float, float]],
        cell_of: dict[str, Cell],
        moved: set[str],
    ) -> None:
        """Ports of a group of sides (straight steps first); legs whose ports changed go into ``moved``."""
        group_legs = {cid for key in group for cid in side_legs.get(key, ())}
        before = {cid: (legs[cid].s_port, legs[cid].d_port, legs[cid].straight) for cid in group_legs}
        sides: dict[tuple[str, str], _Side] = {}
        for key in group:
            ids = side_legs.get(key)
            if not ids:
                continue
            tid = key[0]
            _band, top, height = place[tid]
            side = sides[key] = _Side(top, height, key[1] == "R")
            for cid in ids:
                leg = legs[cid]
                for end, end_tid, other in ((0, leg.s, leg.d), (1, leg.d, leg.s)):
                    if end_tid != tid or leg.sides[end] != key[1]:
                        continue
                    if leg.h >= 0:
                        far: tuple[int, float] = (2 * leg.h, leg.h_off)
                    else:
                        band, otop, oheight = place[other]
                        far = (band, otop + oheight / 2)
                    # The leg's key orders ends as the whole plan's leg number does (both follow the journey).
                    side.ends.append((far, leg.key, leg, end))  # type: ignore[arg-type]
                    if end == 1:
                        side.entries = True
        ordered = sorted((legs[cid] for cid in group_legs), key=lambda g: g.key)
        for leg in ordered:
            leg.straight = False
        _straighten(ordered, sides, cell_of)
        for side in sides.values():
            _assign_ports(side)
        for cid, was in before.items():
            leg = legs[cid]
            if (leg.s_port, leg.d_port, leg.straight) != was:
                moved.add(cid)


class _Places(dict):  # type: ignore[type-arg]
    """Per card (band, top within its row, height), worked out from the signatures when first asked."""

    def __init__(self, signature: dict[str, tuple[tuple[int, int, int], float, float, float]]) -> None:
        super().__init__()
        self.signature = signature

    def __missing__(self, tid: str) -> tuple[int, float, float]:
        (_si, lane, _k), top, height, _w = self.signature[tid]
        out = self[tid] = (2 * lane + 1, top, height)
        return out


def _shape(leg: _Leg, source: tuple[int, int, int], target: tuple[int, int, int]) -> None:
    """A leg's shape, its gutters and the sides of its cards, from its ends' places in the journey."""
    (si, sj, sk), (di, dj, dk) = source, target
    if si == di:
        if sj == dj and dk == sk + 1:
            leg.shape = _DOWN
        elif sj == dj and dk == sk - 1:
            leg.shape = _UP
        elif (dj, dk) > (sj, sk):
            # Down the column on its right, back up on its left: the two directions never share a gutter.
            leg.shape, leg.g1, leg.sides = _SIDE, si + 1, "RR"
        else:
            leg.shape, leg.g1, leg.sides = _SIDE, si, "LL"
    elif di == si + 1:
        leg.shape, leg.g1, leg.sides = _NEXT, di, "RL"
    elif di == si - 1:
        leg.shape, leg.g1, leg.sides = _PREV, si, "LR"
    elif di > si:
        # Forward past a column: along the row gutter below the source row (above it when going up).
        leg.shape, leg.g1, leg.g2, leg.sides = _FORWARD, si + 1, di, "RL"
        leg.h = sj + 1 if dj >= sj else sj
    else:
        # Back past a column: above the source row (below it when going down).
        leg.shape, leg.g1, leg.g2, leg.sides = _BACK, si, di + 1, "LR"
        leg.h = sj if dj <= sj else sj + 1


def _straighten(legs: list[_Leg], sides: dict[tuple[str, str], _Side], cell_of: dict[str, tuple[str, str]]) -> None:
    """A step to the card beside, when the two face each other, is one straight line across the gutter."""
    for leg in legs:
        if leg.shape == _NEXT or leg.shape == _PREV:
            left, right = (leg.s, leg.d) if leg.shape == _NEXT else (leg.d, leg.s)
            if cell_of[left][1] == cell_of[right][1]:
                v = _facing_slot(sides[(left, "R")], sides[(right, "L")])
                if v is not None:
                    leg.s_port = leg.d_port = v
                    leg.straight = True


def _plan_row(run_legs: list[_Leg]) -> int:
    """Tracks of one row gutter for its legs in run order; sets their offsets and returns the count."""
    count, assigned = _tracks([((min(g.g1, g.g2), 0.0), (max(g.g1, g.g2), 0.0)) for g in run_legs], 1.0)
    mid = (count - 1) / 2
    for leg, t in zip(run_legs, assigned):
        leg.h_off = (t - mid) * TRACK
    return count


def _plan_column(entries: list[tuple[_Leg, int]], place: dict[str, tuple[int, float, float]]) -> int:
    """Tracks of one column gutter for its runs (a leg and which of its runs); sets the offsets, returns the count."""
    runs = []
    for leg, which in entries:
        a = (place[leg.s][0], leg.s_port)
        b = (place[leg.d][0], leg.d_port)
        if leg.h >= 0:
            k = (2 * leg.h, leg.h_off)
            a, b = (a, k) if which == 1 else (k, b)
        runs.append((a, b, leg.key, leg, which) if a <= b else (b, a, leg.key, leg, which))
    runs.sort(key=_RUN_ORDER)
    count, assigned = _tracks([(lo, hi) for lo, hi, _key, _leg, _which in runs], CLEAR)
    mid = (count - 1) / 2
    for (_lo, _hi, _key, leg, which), t in zip(runs, assigned):
        if which == 1:
            leg.v1 = (t - mid) * TRACK
        else:
            leg.v2 = (t - mid) * TRACK
    return count


def _facing_slot(left: _Side, right: _Side) -> float | None:
    """A port both cards can use for a straight line across the gutter, nearest both middles; None if none.

    It is taken from the left card's grid; on the right card it also blocks the two slots of
    that card's own grid half a step away, so it is only taken while both keep room for their other ends.
    """
    lfree, rfree = left.free(), right.free()
    if len(lfree) < left.pending() or len(rfree) < right.pending():
        return None
    lo, hi = right.top + PORT_MARGIN, right.top + right.height - PORT_MARGIN
    mid = (left.centre + right.centre) / 2
    for v in sorted(lfree, key=lambda v: (abs(v - mid), v)):
        if not lo <= v <= hi or any(abs(v - u) < PORT - 1e-6 for u in right.used):
            continue
        if sum(1 for u in rfree if abs(u - v) >= PORT - 1e-6) < right.pending() - 1:
            continue
        left.used.append(v)
        right.used.append(v)
        left.straight += 1
        right.straight += 1
        return v
    return None


def _tracks(runs: Sequence[tuple[tuple[int, float], tuple[int, float]]], clear: float) -> tuple[int, list[int]]:
    """Tracks for runs sorted by their start: as few as the deepest overlap needs (interval partitioning).

    A run ``(start, end)`` is a pair of (band, offset) keys; within one band two runs on a track
    keep ``clear`` apart. A run takes the track that came free first (ties: the lower track).
    """
    free_at: list[tuple[tuple[int, float], int]] = []  # (where the track's last run ends, track)
    out = []
    for start, end in runs:
        if free_at:
            (band, off), t = free_at[0]
            if band < start[0] or (band == start[0] and off + clear <= start[1]):
                heapq.heapreplace(free_at, (end, t))
                out.append(t)
                continue
        t = len(free_at)
        heapq.heappush(free_at, (end, t))
        out.append(t)
    return len(free_at), out


def _assign_ports(side: _Side) -> None:
    """Give each end on a side its own slot, nearest the middle first, in the order of where they head."""
    ends = [e for e in side.ends if not e[2].straight] if side.straight else side.ends
    if not ends:
        return
    if len(ends) == 1:
        # The most common side (one end): the free slot nearest the middle, as below, without the sorting.
        free = side.free()
        if free:
            centre = side.centre
            hi = bisect.bisect_left(free, centre)
            lo = hi - 1
            v = free[lo] if lo >= 0 and (hi >= len(free) or centre - free[lo] <= free[hi] - centre) else free[hi]
            _far, _n, leg, end = ends[0]
            if end == 0:
                leg.s_port = v
            else:
                leg.d_port = v
            side.used.append(v)
            return
    ends = sorted(ends)  # by (far key, journey order): the order numbers differ, so legs are never compared
    free = side.free()
    if len(ends) <= len(free):
        for (_far, _n, leg, end), v in zip(ends, _nearest(free, side.centre, len(ends))):
            if end == 0:
                leg.s_port = v
            else:
                leg.d_port = v
            side.used.append(v)
        return
    # More ends than room: the connections leaving here share one port, a bus that splits in the gutter.
    groups: list[list[tuple[tuple[int, float], int, _Leg, int]]] = [[e] for e in ends]
    outs = [e for e in ends if e[3] == 0]
    if len(outs) > 1:
        first = ends.index(outs[0])
        groups = [[e] for e in ends if e[3] == 1]
        groups.insert(min(first, len(groups)), outs)
    if not free:
        free = [side.centre]
    chosen = _nearest(free, side.centre, min(len(groups), len(free)))
    while len(chosen) < len(groups):  # still too many: some ends share (a card with dozens of links)
        chosen.append(chosen[len(chosen) % len(free)])
    chosen.sort()
    for group, v in zip(groups, chosen):
        for _far, _n, leg, end in group:
            if end == 0:
                leg.s_port = v
            else:
                leg.d_port = v
        side.used.append(v)


def _lone_port(side: _Side) -> float:
    """The port :func:`_assign_ports` gives the one end of a side with no straight step: the slot
    nearest the middle (the lower on a tie), or the middle when the side has no slot."""
    free = side.slots()
    if not free:
        return side.centre
    centre = side.centre
    hi = bisect.bisect_left(free, centre)
    lo = hi - 1
    return free[lo] if lo >= 0 and (hi >= len(free) or centre - free[lo] <= free[hi] - centre) else free[hi]


def _nearest(values: list[float], centre: float, n: int) -> list[float]:
    """The ``n`` values nearest ``centre`` (the lower one on a tie), in ascending order; ``values`` are sorted."""
    hi = bisect.bisect_left(values, centre)
    lo = hi - 1
    while hi - lo - 1 < n:
        if lo >= 0 and (hi >= len(values) or centre - values[lo] <= values[hi] - centre):
            lo -= 1
        else:
            hi += 1
    return values[lo + 1 : hi]


# -- scene coordinates ------------------------------------------------------------------------------


def place_routes(
    plan: RoutePlan,
    layout: JourneyLayout,
    previous: LabelMemory | None = None,
    index: RouteIndex | None = None,
    view: tuple[float, float] | None = None,
) -> tuple[dict[str, Route | None], LabelMemory]:
    """Every connection's polyline on ``layout`` (laid out with the plan's gutters) and its label's box.

    Labels keep off cards, arrowheads, each other and the headers; connections with an end
    off the map get None. With ``previous`` (what placing the map before an edit left behind)
    only the labels whose surroundings changed are placed again; the result is the same as
    placing them all. ``index`` (a :class:`RouteIndex` kept by the caller) spares indexing the
    routes that did not change since the last call with it. With ``view`` (a width and height
    from the map's top left corner) a placement from scratch places the labels in journey order
    only as far as the last one that can show there, and leaves the rest to ``memory.pending``
    (:class:`PendingLabels`): until it is done, the routes it has not reached have no label.
    """
    cards, cell_of, rows = layout.cards, layout.card_cell, layout.rows
    gx, gy = layout.col_gutter_x, layout.row_gutter_y
    out: dict[str, Route | None] = dict.fromkeys(plan.missing)
    polylines: list[tuple[_Leg, tuple[Point, ...]]] | None = []
    frame = (tuple(gx), tuple(gy), tuple(sorted(rows.items())))
    # A leg the planner left alone, between cards that did not move, on gutters and rows where
    # they were, runs where it ran: its polyline is kept (after a drop, all but a few dozen).
    kept_pts: dict[str, tuple[object, ...]] = {}
    keep: frozenset[str] = frozenset()
    moved: set[str] | None = None
    if (
        previous is not None
        and plan.changed is not None
        and plan.made is not None
        and previous.plan == (plan.made[0], plan.made[1] - 1)
        and previous.frame == frame
    ):
        old_cards = previous.cards
        if plan.moved is not None:
            # On the gutters and rows of last time a card's box changes only with its place in the
            # order or its row, which the planner compared already: look at those cards only.
            moved = {tid for tid in plan.moved if old_cards.get(tid) != cards.get(tid)}
        else:
            moved = {tid for tid, r in cards.items() if old_cards.get(tid) != r}
            moved.update(tid for tid in old_cards if tid not in cards)
        kept_pts = previous.legs  # type: ignore[assignment]
        keep = plan.changed
    fresh: dict[str, tuple[_Leg, tuple[Point, ...]]] = {}  # with kept polylines: the others
    legs: Iterable[_Leg] = plan.legs
    by_id = plan.by_id
    if kept_pts and by_id is not None:
        # Only the legs the planner named are made anew (it names every leg of a card whose place
        # changed, so every leg of a moved card): the others keep their polylines, and the 6,500
        # legs are listed with them only if placing asks for them.
        legs = sorted((by_id[cid] for cid in keep if cid in by_id), key=_LEG_KEY)
        polylines = None
    for leg in legs:
        if kept_pts and leg.spec.id not in keep and leg.s not in moved and leg.d not in moved:  # type: ignore[operator]
            was = kept_pts.get(leg.spec.id)
            if was is not None:
                polylines.append((leg, was[3]))  # type: ignore[arg-type, union-attr]
                continue
        s, d = cards[leg.s], cards[leg.d]
        shape = leg.shape
        if shape == _DOWN:
            x = s.x + leg.s_port
            pts: tuple[Point, ...] = ((x, s.bottom), (x, d.y))
        elif shape == _UP:
            x = s.x + leg.s_port
            pts = ((x, s.y), (x, d.bottom))
        else:
            y1 = rows[cell_of[leg.s][1]][0] + leg.s_port
            y2 = rows[cell_of[leg.d][1]][0] + leg.d_port
            x1 = s.x if leg.sides[0] == "L" else s.right
            x2 = d.x if leg.sides[1] == "L" else d.right
            if leg.straight:
                pts = ((x1, y1), (x2, y2))
            elif leg.h < 0:
                t = gx[leg.g1] + leg.v1
                pts = ((x1, y1), (t, y1), (t, y2), (x2, y2))
            else:
                t1, t2 = gx[leg.g1] + leg.v1, gx[leg.g2] + leg.v2
                hy = gy[leg.h] + leg.h_off
                pts = ((x1, y1), (t1, y1), (t1, hy), (t2, hy), (t2, y2), (x2, y2))
            # No segment is ever empty: tracks keep EDGE from cards, row tracks lie between rows, and the
            # two ends of a run down a gutter are different ports (ports of one column never share a height).
        if polylines is not None:
            polylines.append((leg, pts))
        if kept_pts:
            fresh[leg.spec.id] = (leg, pts)
    delta: _Delta | None = None
    every: list[tuple[_Leg, tuple[Point, ...]]] | Callable[[], list[tuple[_Leg, tuple[Point, ...]]]]
    if polylines is None:
        assert previous is not None and by_id is not None
        delta = _Delta(previous, fresh, set(previous.legs.keys() - by_id.keys()))

        def every_polyline() -> list[tuple[_Leg, tuple[Point, ...]]]:
            return [
                (leg, got[1] if got is not None else kept_pts[leg.spec.id][3])  # type: ignore[misc]
                for leg in plan.legs
                for got in (fresh.get(leg.spec.id),)
            ]

        every = every_polyline
    else:
        every = polylines
        if kept_pts:
            assert previous is not None
            delta = _Delta(previous, fresh, previous.legs.keys() - {leg.spec.id for leg in plan.legs})
    if index is not None and previous is not None:
        index.resume(previous)
    upto = _first_seen(polylines, layout, view) if view is not None and previous is None and polylines else None
    # The labels placed before the others look up only the routes near their own: the index starts with those.
    area = _searched_area(polylines[:upto]) if upto is not None and polylines is not None else None
    placer = _LabelPlacer(layout, every, index, moved, delta, area, upto)
    labels = placer.place(previous, upto)
    memory = placer.memory
    memory.plan, memory.frame = plan.made, frame
    memory.order, memory.keys, memory.renewed = plan.legs, plan.keys, plan.renewed
    # The same route as before is the same object, so whoever shows it can tell at once.
    old_routes = previous.routes if previous is not None else {}
    if placer.driven:
        # Only a route made anew or a label placed again can differ from the previous Route.
        assert previous is not None and delta is not None
        out = dict(old_routes)
        for cid in itertools.chain(previous.missing, delta.gone):
            out.pop(cid, None)
        out.update(dict.fromkeys(plan.missing))
        for cid in itertools.chain(delta.fresh, placer.anew):
            got = delta.fresh.get(cid)
            pts = got[1] if got is not None else kept_pts[cid][3]  # type: ignore[assignment]
            out[cid] = _same_or_new_route(old_routes.get(cid), pts, labels.get(cid))
    else:
        for leg, pts in placer.polylines:
            cid = leg.spec.id
            out[cid] = _same_or_new_route(old_routes.get(cid), pts, labels.get(cid))
    memory.routes = out
    memory.missing = plan.missing
    if upto is not None and not placer.placed_all:
        memory.pending = PendingLabels(placer, out)
    if placer.driven:
        # A follower that shows ``previous.routes`` need look only at these: every other Route is the very same.
        assert previous is not None and delta is not None
        memory.since = previous.serial
        memory.touched = frozenset(
            itertools.chain(delta.fresh, placer.anew, delta.gone, previous.missing, plan.missing)
        )
    if index is not None:
        index.placed = memory
    return out, memory


# How far from its route a label can end up: beside it (_FAR), or around it (_AROUND steps of half a
# label across, a line down). Only what shows at first depends on it, never where a label goes.
_LABEL_REACH = 600.0
LABEL_REACH = _LABEL_REACH  # for a follower that must know which routes' labels can reach an area


def _first_seen(
    polylines: list[tuple[_Leg, tuple[Point, ...]]], layout: JourneyLayout, view: tuple[float, float]
) -> int:
    """How many legs, in journey order, to place so that every label that can show in ``view`` is placed."""
    b, r = layout.bounds, _LABEL_REACH
    x1, y1 = b.x + view[0] + r, b.y + view[1] + r
    x0, y0 = b.x - r, b.y - r
    for i in range(len(polylines) - 1, -1, -1):  # from the end: the last one that can show
        leg, pts = polylines[i]
        if leg.spec.label_size and _crosses(pts, x0, y0, x1, y1):
            return i + 1
    return 0


def _search_reach(w: float, h: float) -> tuple[float, float]:
    """How far across and down from its route's box a label of ``w`` × ``h`` is looked for, leader lines
    included (:meth:`_LabelPlacer._place_one`): beside a segment up to the last of ``_FAR`` and two
    shifts along, around the longest one ``_AROUND`` half-labels across and twice as many lines down."""
    far = _FAR[-1]
    k = max(abs(s) for s in _SHIFTS)
    across = max(w / 2, h / 2, far + w, k * (w / 2 + 6) + w / 2, _AROUND * (w / 2 + 8) + w / 2)
    down = max(w / 2, h / 2, far + h, k * (h + 6) + h / 2, 2 * _AROUND * (h + 6) + h / 2)
    return across + 1.0, down + 1.0  # and a pixel against rounding


def _searched_area(polylines: list[tuple[_Leg, tuple[Point, ...]]]) -> Box | None:
    """A box holding every place the label search of these legs can look at (None: they have no labels)."""
    x0 = y0 = math.inf
    x1 = y1 = -math.inf
    for leg, pts in polylines:
        size = leg.spec.label_size
        if not size:
            continue
        across, down = _search_reach(*size)
        xs, ys = zip(*pts, strict=True)
        x0, y0 = min(x0, min(xs) - across), min(y0, min(ys) - down)
        x1, y1 = max(x1, max(xs) + across), max(y1, max(ys) + down)
    return (x0, y0, x1, y1) if x0 <= x1 else None


def _clear_of(routes: dict[str, tuple[Point, ...]], area: Box) -> dict[str, tuple[Point, ...]]:
    """The routes whose box, with room for the arrowhead's, is clear of ``area``."""
    e = ARROW_LENGTH + LABEL_GAP  # the farthest an arrowhead's box reaches past its route's end
    ax0, ay0, ax1, ay1 = area[0] - e, area[1] - e, area[2] + e, area[3] + e
    clear = {}
    for cid, pts in routes.items():
        # The points' least and greatest tuples have the least and greatest x: most routes clear of
        # the area are clear of it across, which that tells without listing the coordinates.
        if min(pts)[0] > ax1 or max(pts)[0] < ax0:
            clear[cid] = pts
            continue
        ys = [y for _x, y in pts]
        if min(ys) > ay1 or max(ys) < ay0:
            clear[cid] = pts
    return clear


def _crosses(pts: tuple[Point, ...], x0: float, y0: float, x1: float, y1: float) -> bool:
    # Routes are made of level and upright segments: one meets the box when its span does.
    for (ax, ay), (bx, by) in itertools.pairwise(pts):
        if min(ax, bx) <= x1 and max(ax, bx) >= x0 and min(ay, by) <= y1 and max(ay, by) >= y0:
            return True
    return False


class PendingLabels:
    """The labels a placement from scratch left for later, placed a part at a time in journey order.

    Each label sees only the labels before it, so the result is the placement of all at once; the
    memory, the routes and the grid of placed labels are filled in place, so they are complete
    (and the memory fit for the next placement) once :meth:`place` has reached the end.
    """

    def __init__(self, placer: _LabelPlacer, routes: dict[str, Route | None]) -> None:
        self._placer = placer
        self.routes = routes

    @property
    def done(self) -> bool:
        return self._placer.placed_all

    def prepare(self, routes: int) -> bool:
        """Index up to ``routes`` of the routes the first labels did not need (or freeze one kind of
        lines): the next :meth:`place` then need not. True when the index is complete."""
        return self._placer.prepare(routes)

    def place(self, legs: int | None = None) -> list[str]:
        """Place the labels of the next ``legs`` legs (None: all the rest); returns the connections
        whose Route changed (in ``routes``, each a new Route with its label)."""
        placer = self._placer
        stop = len(placer.polylines) if legs is None else placer._at + legs
        placed = placer.place_more(stop)
        labels, routes = placer.memory.labels, self.routes
        for cid, pts in placed:
            routes[cid] = Route(pts, labels[cid])
        if placer.placed_all:
            placer.memory.pending = None
        return [cid for cid, _pts in placed]


class _Delta(NamedTuple):
    """What changed between the previous placement and this one, when placing knows it exactly:
    the routes computed anew (new, changed or not) and the connections gone; every other route
    is the previous one, the very same polyline."""

    previous: LabelMemory
    fresh: dict[str, tuple[_Leg, tuple[Point, ...]]]
    gone: set[str]


def _same_or_new_route(was: Route | None, pts: tuple[Point, ...], label: LabelBox | None) -> Route:
    # The same object when nothing changed, so the scene can tell an untouched connection by identity.
    if was is not None and was.points is pts and was.label is label:
        return was
    return Route(pts, label)


def route_journey(
    layout: JourneyLayout,
    specs: Iterable[ConnectionSpec],
    relayout: Callable[[list[float], list[float]], JourneyLayout] | None = None,
) -> tuple[JourneyLayout, dict[str, Route | None]]:
    """Plan on ``layout``, lay out again with the gutters the plan needs (``relayout(col, row)``), then place.

    Without ``relayout`` the routes are placed on ``layout`` as it is (its gutters may be too
    narrow for every track: only for quick looks and tests of a single route).
    """
    plan = plan_routes(layout, specs)
    if relayout is not None and (plan.col_gutters != layout.col_gutter_w or plan.row_gutters != layout.row_gutter_h):
        layout = relayout(plan.col_gutters, plan.row_gutters)
    return layout, place_routes(plan, layout)[0]


# -- labels -----------------------------------------------------------------------------------------

_FRACTIONS = (0.5, 0.3, 0.7, 0.12, 0.88)
_NEAR = (5.0, 14.0, 28.0)  # how far beside the route a label goes before covering another line
_FAR = (48.0, 76.0, 112.0)  # and how much farther when there is no other way
_SHIFTS = (0, -1, 1, -2, 2)  # and how far along it, in label sizes
_AROUND = 6  # steps (half a label across, a line down) of the last search around a route
_STRETCHES = 3  # of the free stretches beside or across a segment, how many (nearest its middle) a label tries
_SLIDE = 240.0  # how far from a segment's middle they are looked for


def _places_in(stretches: list[tuple[float, float]], mid: float, centred: bool) -> list[float]:
    """A place in each stretch, those nearest ``mid`` first (at most :data:`_STRETCHES`): its middle
    (``centred``: a label across its own line sits in the middle of a gap), else its point nearest ``mid``."""
    places = [(a + b) / 2 if centred else min(max(mid, a), b) for a, b in stretches]
    places.sort(key=lambda c: (abs(c - mid), c))
    return places[:_STRETCHES]


Box = tuple[float, float, float, float]  # x0, y0, x1, y1


_NO_CELLS: dict[int, list[Box]] = {}

# A cell (i, j) of the label search's grids (_Grid, _Marks) is the one integer i * _ROW + j: an int is
# cheaper to make, hash and drop than a tuple, and the search looks cells up some 40,000 times at
# 5,000 cards. Distinct for |j| < _ROW / 2, i.e. within 33 million pixels of the top (64-pixel cells).
_ROW = 1 << 20


def _grid_keys(x0: float, y0: float, x1: float, y1: float, s: float) -> Iterator[int]:
    """The cells (as keys) of a grid of ``s``-pixel cells that the box meets."""
    j0, j1 = int(y0 // s), int(y1 // s) + 1
    for i in range(int(x0 // s), int(x1 // s) + 1):
        row = i * _ROW
        for j in range(j0, j1):
            yield row + j


class _Grid:
    """Small boxes (arrowheads, labels) bucketed on a grid, for quick "does anything overlap this?" questions."""

    __slots__ = ("cells",)
    SIZE = 64.0

    def __init__(self) -> None:
        self.cells: dict[int, list[Box]] = defaultdict(list)  # by cell, i * _ROW + j

    def add(self, x0: float, y0: float, x1: float, y1: float) -> None:
        box = (x0, y0, x1, y1)
        for key in _grid_keys(x0, y0, x1, y1, self.SIZE):
            self.cells[key].append(box)

    def remove(self, x0: float, y0: float, x1: float, y1: float) -> None:
        box = (x0, y0, x1, y1)
        for key in _grid_keys(x0, y0, x1, y1, self.SIZE):
            self.cells[key].remove(box)

    def hits(self, x0: float, y0: float, x1: float, y1: float, also: _Grid | None = None) -> bool:
        """Whether a box here (or in ``also``, a grid of the same size) overlaps the box x0, y0, x1, y1."""
        # Asked some 19,000 times when a 5,000-card map places its labels: one pass over the
        # cells, each looked up in both grids, and no loop set up for the grid's one or two columns.
        s = self.SIZE
        mine = self.cells
        other = also.cells if also is not None else _NO_CELLS
        j0, j1 = int(y0 // s), int(y1 // s) + 1
        for i in range(int(x0 // s), int(x1 // s) + 1):
            row = i * _ROW
            for key in range(row + j0, row + j1):
                for bx0, by0, bx1, by1 in mine.get(key, ()):
                    if bx0 < x1 and x0 < bx1 and by0 < y1 and y0 < by1:
                        return True
                for bx0, by0, bx1, by1 in other.get(key, ()):
                    if bx0 < x1 and x0 < bx1 and by0 < y1 and y0 < by1:
                        return True
        return False

    def crossed(self, a: Point, b: Point, also: _Grid | None = None) -> bool:
        """Whether the segment a–b passes through one of the boxes (less the gap they were given)."""
        s = self.SIZE
        more = also.cells if also is not None else _NO_CELLS
        for key in _grid_keys(min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]), s):
            for x0, y0, x1, y1 in itertools.chain(self.cells.get(key, ()), more.get(key, ())):
                if segment_crosses_rect(a, b, Rect(x0, y0, x1 - x0, y1 - y0), inset=LABEL_GAP):
                    return True
        return False


# An arrowhead's box spans less than a cell, so it meets at most two columns and two rows (RouteIndex._index_all).
_ARROW_IN_TWO = ARROW_LENGTH + 2 * LABEL_GAP < _Grid.SIZE and 2 * (ARROW_HALF_WIDTH + LABEL_GAP) < _Grid.SIZE
assert _ARROW_IN_TWO

Cell2 = tuple[int, int]  # a cell of a coarse grid


def _box_cells(box: Box, size: float) -> Iterator[Cell2]:
    x0, y0, x1, y1 = box
    for i in range(int(x0 // size), int(x1 // size) + 1):
        for j in range(int(y0 // size), int(y1 // size) + 1):
            yield (i, j)


def _cells_met(looked: Iterable[Box]) -> frozenset[Cell2]:
    """The cells of :class:`_Dirty`'s grid that the places a label's search looked at meet."""
    s = _Dirty.SIZE
    return frozenset(
        (i, j)
        for x0, y0, x1, y1 in looked
        for i in range(int(x0 // s), int(x1 // s) + 1)
        for j in range(int(y0 // s), int(y1 // s) + 1)
    )


class _Marks:
    """Placed labels' boxes on a grid, each under its leg's place in the journey's order (its key).

    Kept from one placement to the next: a label placed again sees only the labels before it
    (``limit``: its own key), as when every label is placed in order; None sees them all.
    """

    __slots__ = ("cells", "limit", "of")
    SIZE = _Grid.SIZE

    def __init__(self) -> None:
        # By cell, as _Grid's (the search looks up both grids by the same keys).
        self.cells: dict[int, list[tuple[float, float, float, float, tuple[object, ...]]]] = defaultdict(list)
        self.of: dict[str, tuple[float, float, float, float, tuple[object, ...]]] = {}
        self.limit: tuple[object, ...] | None = None

    def put(self, cid: str, x0: float, y0: float, x1: float, y1: float, key: tuple[object, ...]) -> None:
        entry = (x0, y0, x1, y1, key)
        was = self.of.get(cid)
        if was == entry:
            return
        if was is not None:
            for key in _grid_keys(*was[:4], self.SIZE):  # type: ignore[misc]
                self.cells[key].remove(was)
        self.of[cid] = entry
        for key in _grid_keys(x0, y0, x1, y1, self.SIZE):
            self.cells[key].append(entry)

    def drop(self, cid: str) -> None:
        was = self.of.pop(cid, None)
        if was is not None:
            for key in _grid_keys(*was[:4], self.SIZE):  # type: ignore[misc]
                self.cells[key].remove(was)

    def hits(self, x0: float, y0: float, x1: float, y1: float, also: _Grid | None = None) -> bool:
        """:meth:`_Grid.hits` over the labels before ``limit``."""
        s = self.SIZE
        mine = self.cells
        other = also.cells if also is not None else _NO_CELLS
        limit = self.limit
        j0, j1 = int(y0 // s), int(y1 // s) + 1
        for i in range(int(x0 // s), int(x1 // s) + 1):
            row = i * _ROW
            for key in range(row + j0, row + j1):
                for bx0, by0, bx1, by1, k in mine.get(key, ()):
                    if bx0 < x1 and x0 < bx1 and by0 < y1 and y0 < by1 and (limit is None or k < limit):  # type: ignore[operator]
                        return True
                for bx0, by0, bx1, by1 in other.get(key, ()):
                    if bx0 < x1 and x0 < bx1 and by0 < y1 and y0 < by1:
                        return True
        return False

    def crossed(self, a: Point, b: Point, also: _Grid | None = None) -> bool:
        """:meth:`_Grid.crossed` over the labels before ``limit``."""
        s = self.SIZE
        limit = self.limit
        more = also.cells if also is not None else _NO_CELLS
        for key in _grid_keys(min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]), s):
            for x0, y0, x1, y1, k in self.cells.get(key, ()):
                if (limit is None or k < limit) and segment_crosses_rect(  # type: ignore[operator]
                    a, b, Rect(x0, y0, x1 - x0, y1 - y0), inset=LABEL_GAP
                ):
                    return True
            for x0, y0, x1, y1 in more.get(key, ()):
                if segment_crosses_rect(a, b, Rect(x0, y0, x1 - x0, y1 - y0), inset=LABEL_GAP):
                    return True
        return False


class _Cards:
    """Which cards a box meets, read from the layout's columns and stacks (no index to build)."""

    def __init__(self, layout: JourneyLayout, gap: float) -> None:
        m = layout.metrics
        self.gap = gap
        cols = sorted((x + m.cell_pad, sid) for sid, (x, _w) in layout.columns.items())
        self.col_x = [x for x, _sid in cols]
        self.col_ids = [sid for _x, sid in cols]
        self.card_w = m.card_w
        rows = sorted((y, y + h, lid) for lid, (y, h) in layout.rows.items())
        self.row_y = [y for y, _b, _l in rows]
        self.row_bottom = [b for _y, b, _l in rows]
        self.row_ids = [lid for _y, _b, lid in rows]
        self.stacks: dict[tuple[str, str], tuple[list[float], list[float]]] = {}
        for cell, ids in layout.cell_order.items():
            if ids:
                rects = [layout.cards[t] for t in ids if t in layout.cards]
                self.stacks[cell] = ([r.y for r in rects], [r.bottom for r in rects])

    def hit(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        """Whether the box comes within the gap of a card."""
        g = self.gap
        x0, y0, x1, y1 = x0 - g, y0 - g, x1 + g, y1 + g
        # ``_stacks`` written out: a generator's set-up for every one of the label search's
        # thousands of questions cost more than the walk itself.
        cols, row_y, row_bottom, stacks = self.col_x, self.row_y, self.row_bottom, self.stacks
        i = bisect.bisect_right(cols, x0 - self.card_w)
        while i < len(cols) and cols[i] < x1:
            j = bisect.bisect_right(row_bottom, y0)
            while j < len(row_y) and row_y[j] < y1:
                stack = stacks.get((self.col_ids[i], self.row_ids[j]))
                if stack is not None:
                    tops, bottoms = stack
                    k = bisect.bisect_right(bottoms, y0)
                    if k < len(tops) and tops[k] < y1:
                        return True
                j += 1
            i += 1
        return False

    def crossed(self, a: Point, b: Point) -> bool:
        """Whether the segment a–b passes through a card."""
        x0, x1 = min(a[0], b[0]), max(a[0], b[0])
        y0, y1 = min(a[1], b[1]), max(a[1], b[1])
        w = self.card_w
        for x, tops, bottoms in self._stacks(x0, y0, x1, y1):
            k = bisect.bisect_right(bottoms, y0)
            while k < len(tops) and tops[k] < y1:
                if segment_crosses_rect(a, b, Rect(x, tops[k], w, bottoms[k] - tops[k]), inset=0.0):
                    return True
                k += 1
        return False

    def _stacks(self, x0: float, y0: float, x1: float, y1: float) -> Iterator[tuple[float, list[float], list[float]]]:
        """(left edge, tops, bottoms) of the stacks in the columns and rows the box reaches."""
        cols = self.col_x
        i = bisect.bisect_right(cols, x0 - self.card_w)
        while i < len(cols) and cols[i] < x1:
            j = bisect.bisect_right(self.row_bottom, y0)
            while j < len(self.row_y) and self.row_y[j] < y1:
                stack = self.stacks.get((self.col_ids[i], self.row_ids[j]))
                if stack is not None:
                    yield cols[i], stack[0], stack[1]
                j += 1
            i += 1


class _Lines:
    """Route segments of one direction, by the coordinate they run along, for "does a line pass here?".

    Each segment belongs to its connection (the id); segments come and go with their routes, and
    :meth:`freeze` sorts again only the coordinates whose segments changed.

    Frozen, the runs lie in flat parallel lists, by coordinate and then by run (lo, hi, owner): the
    coordinate ``keys[i]`` holds the runs ``starts[i]`` to ``starts[i + 1]``, and ``reach[j]`` is the
    farthest any run of its coordinate up to ``j`` goes. An index made from scratch (6,800 coordinates
    and 18,000 runs at 5,000 cards) is then one sort and five lists, not a list of tuples and four
    lists per coordinate: fewer objects to make after a drop into another cell, and to drop later.
    """

    __slots__ = ("added", "fresh", "his", "keys", "los", "owners", "reach", "removed", "starts")

    def __init__(self) -> None:
        self.keys: list[float] = []
        self.starts: list[int] = [0]
        self.los: list[float] = []
        self.his: list[float] = []
        self.reach: list[float] = []
        self.owners: list[str] = []
        # Not frozen yet: (key, lo, hi, owner) from RouteIndex._index_all, for freeze_all; and
        # per coordinate the runs add and remove gave since the last freeze, for freeze.
        self.fresh: list[tuple[float, float, float, str]] = []
        self.added: dict[float, list[tuple[float, float, str]]] = {}
        self.removed: dict[float, list[tuple[float, float, str]]] = {}

    def add(self, key: float, lo: float, hi: float, owner: str) -> None:
        got = self.added.get(key)
        if got is None:
            self.added[key] = [(lo, hi, owner)]
        else:
            got.append((lo, hi, owner))

    def remove(self, key: float, lo: float, hi: float, owner: str) -> None:
        got = self.removed.get(key)
        if got is None:
            self.removed[key] = [(lo, hi, owner)]
        else:
            got.append((lo, hi, owner))

    def runs(self, key: float) -> list[tuple[float, float, str]]:
        """The frozen runs along ``key``, in order (none if it has none)."""
        i = bisect.bisect_left(self.keys, key)
        if i == len(self.keys) or self.keys[i] != key:
            return []
        s, e = self.starts[i], self.starts[i + 1]
        return list(zip(self.los[s:e], self.his[s:e], self.owners[s:e], strict=True))

    def entries(self) -> dict[float, tuple[list[float], list[float], list[float], list[str]]]:
        """Per coordinate, its frozen runs' starts, ends, reach and owners: what a lookup reads (for tests)."""
        out = {}
        for i, key in enumerate(self.keys):
            s, e = self.starts[i], self.starts[i + 1]
            out[key] = (self.los[s:e], self.his[s:e], self.reach[s:e], self.owners[s:e])
        return out

    def freeze(self) -> None:
        """Take in what :meth:`add` and :meth:`remove` gave since the last freeze.

        The coordinates they touched get their runs sorted again; the others' runs are copied
        over in slices, their starts shifted (a pass over the coordinates, not over the runs).
        """
        if self.fresh:
            self.freeze_all()
            return
        added, removed = self.added, self.removed
        if not added and not removed:
            return
        keys, starts = self.keys, self.starts
        changed = {}
        for key in added.keys() | removed.keys():
            runs = self.runs(key)
            runs += added.get(key, ())
            for run in removed.get(key, ()):
                runs.remove(run)
            runs.sort()
            changed[key] = runs
        self.added, self.removed = {}, {}
        old_los, old_his, old_reach, old_owners = self.los, self.his, self.reach, self.owners
        new_keys: list[float] = []
        new_starts: list[int] = []
        los: list[float] = []
        his: list[float] = []
        reach: list[float] = []
        owners: list[str] = []
        at = 0  # the first of the old coordinates not copied yet
        for key in [*sorted(changed), None]:
            i = len(keys) if key is None else bisect.bisect_left(keys, key, at)
            if i > at:  # the untouched coordinates before this one, as they were
                s, e = starts[at], starts[i]
                shift = len(los) - s
                new_keys += keys[at:i]
                new_starts += [x + shift for x in starts[at:i]] if shift else starts[at:i]
                los += old_los[s:e]
                his += old_his[s:e]
                reach += old_reach[s:e]
                owners += old_owners[s:e]
            if key is None:
                break
            runs = changed[key]
            if runs:
                new_keys.append(key)
                new_starts.append(len(los))
                for lo, hi, owner in runs:
                    los.append(lo)
                    his.append(hi)
                    owners.append(owner)
                reach += itertools.accumulate((hi for _lo, hi, _o in runs), max)
            at = i + 1 if i < len(keys) and keys[i] == key else i
        new_starts.append(len(los))
        self.keys, self.starts = new_keys, new_starts
        self.los, self.his, self.reach, self.owners = los, his, reach, owners

    def freeze_all(self) -> None:
        """:meth:`freeze` of the runs :meth:`RouteIndex._index_all` gave (and any others not frozen yet): one sort.

        After a drop into another cell the index is made again from scratch: its runs are sorted
        in one list, by coordinate and run, and split into the flat lists in one pass.
        """
        runs = self.fresh
        self.fresh = []
        if self.los or self.added or self.removed:
            # Lines frozen before (the open's partial index being completed): all their runs sorted anew.
            keys, starts = self.keys, self.starts
            for i, key in enumerate(keys):
                s, e = starts[i], starts[i + 1]
                runs += zip(itertools.repeat(key, e - s), self.los[s:e], self.his[s:e], self.owners[s:e])
            for key, more in self.added.items():
                runs += ((key, lo, hi, owner) for lo, hi, owner in more)
            for key, gone in self.removed.items():
                for lo, hi, owner in gone:
                    runs.remove((key, lo, hi, owner))
            self.added, self.removed = {}, {}
        runs.sort()
        if not runs:
            self.keys, self.starts, self.los, self.his, self.reach, self.owners = [], [0], [], [], [], []
            return
        ks, los, his, owners = map(list, zip(*runs, strict=True))
        keys: list[float] = []
        starts: list[int] = []
        reach = his[:]
        last = None
        # One pass for both (cheaper than finding the coordinates' starts and accumulating each's reach apart).
        for j, key in enumerate(ks):
            if key != last:
                keys.append(key)
                starts.append(j)
                last = key
            elif reach[j - 1] > reach[j]:
                reach[j] = reach[j - 1]
        starts.append(len(ks))
        self.keys, self.starts, self.los, self.his, self.reach, self.owners = keys, starts, los, his, reach, owners

    def hit(self, k0: float, k1: float, lo: float, hi: float, skip: str) -> bool:
        """Whether a line along a key in (k0, k1) overlaps (lo, hi) and belongs to another route than ``skip``."""
        keys = self.keys
        n = len(keys)
        i = bisect.bisect_right(keys, k0)
        if i == n or keys[i] >= k1:
            return False
        starts, los, his, reach, owners = self.starts, self.los, self.his, self.reach, self.owners
        while i < n and keys[i] < k1:
            s = starts[i]
            j = bisect.bisect_left(los, hi, s, starts[i + 1]) - 1
            # Runs start before hi; going back, stop where no earlier run reaches past lo.
            while j >= s and reach[j] > lo:
                if owners[j] != skip and his[j] > lo:
                    return True
                j -= 1
            i += 1
        return False


class LabelMemory:
    """What placing a map's labels leaves for the next edit: each route as it was, and each label's box."""

    _serials = itertools.count()

    def __init__(self, fixed: tuple[Box, ...], cards: dict[str, Rect]) -> None:
        self.serial = next(LabelMemory._serials)
        # When placed by the delta from the memory numbered ``since``: the connections whose Route
        # may differ from that memory's (a number, not the memory: placements must not chain).
        self.since: int | None = None
        self.touched: frozenset[str] = frozenset()
        self.fixed = fixed
        self.cards = cards
        self.legs: dict[str, tuple[tuple[object, ...], str, tuple[float, float] | None, tuple[Point, ...]]] = {}
        self.labels: dict[str, LabelBox] = {}
        self.looked: dict[str, tuple[Box, ...]] = {}  # per label, the places its search looked at
        self.looked_cells: dict[str, frozenset[tuple[int, int]]] = {}  # and _Dirty's cells they meet
        self.plan: tuple[int, int] | None = None  # the plan placed (RoutePlan.made)
        self.frame: tuple[object, ...] | None = None  # the gutters and rows it was placed on
        self.routes: dict[str, Route | None] = {}
        self.missing: list[str] = []  # the connections with an end off the map (None in ``routes``)
        # Every leg on the map in the journey's order (the plan's list, never changed): what a follower
        # stacks the connections by, a kept map's own when an undo comes back to it.
        self.order: list[_Leg] = []
        self.keys: list[tuple[object, ...]] | None = None  # their keys, when the plan listed them
        self.renewed: frozenset[str] | None = None  # the plan's legs made anew since the plan before (None: any)
        # The labels' boxes by their place in the order, and per coarse cell the labels whose search met
        # it: handed on to the next placement, which takes them over (None once taken, or not made yet).
        self.marks: _Marks | None = None
        self.watchers: dict[Cell2, set[str]] | None = None
        # Labels not placed yet (see place_routes' ``view``): the memory is complete once this is None.
        self.pending: PendingLabels | None = None
        # The route index as it stood for this placement, kept when the next placement indexed every
        # route afresh (a drop into another cell; only the latest such is kept): coming back to this
        # map (an undo, a move back) takes it up again (:meth:`RouteIndex.resume`) instead of moving
        # thousands of routes back.
        self.index: _IndexParts | None = None


def _span(a: Point, b: Point, vertical: bool) -> tuple[float, float]:
    lo, hi = (a[1], b[1]) if vertical else (a[0], b[0])
    return (lo, hi) if lo <= hi else (hi, lo)


class _Dirty:
    """Everything that changed since the previous placement, as boxes on a coarse grid.

    A label whose route, order and size are unchanged and whose last search met none of these
    boxes would be placed exactly where it was: it is kept. A label placed anew adds its old and new
    boxes, so the labels after it look again if they could have met either.
    """

    SIZE = 256.0

    def __init__(self, previous: LabelMemory, placer: _LabelPlacer) -> None:
        self.previous = previous
        self.cells: dict[tuple[int, int], list[Box]] = defaultdict(list)
        self.boxes: list[Box] = []
        g = LABEL_GAP
        old_cards, new_cards = previous.cards, placer.memory.cards
        if old_cards is not new_cards:
            moved = placer.moved
            for tid in old_cards.keys() | new_cards.keys() if moved is None else moved:
                a, b = old_cards.get(tid), new_cards.get(tid)
                if a != b:
                    for r in (a, b):
                        if r is not None:
                            self.add((r.x - g, r.y - g, r.right + g, r.bottom + g))
        self.changed: set[str] = set()
        delta = placer.delta
        if delta is not None:
            now = delta.fresh  # every route not in it is the previous one
            olds = [
                (cid, previous.legs[cid]) for cid in itertools.chain(delta.fresh, delta.gone) if cid in previous.legs
            ]
        else:
            now = {leg.spec.id: (leg, pts) for leg, pts in placer.polylines}
            olds = list(previous.legs.items())
        for cid, (key, kind, size, pts) in olds:
            current = now.get(cid)
            if (
                current is not None
                and current[0].key == key
                and current[0].spec.kind == kind
                and (current[1] is pts or current[1] == pts)
            ):
                if current[0].spec.label_size != size:
                    self.changed.add(cid)
                continue
            self.changed.add(cid)
            # Only the lines and arrowhead that differ: a route whose port moved keeps most of its run,
            # and the labels beside that run need not look again.
            self._route(pts, current[1] if current is not None else ())
            label = previous.labels.get(cid)
            if label is not None:
                self._label(label)
        for cid, (_leg, pts) in now.items():
            if cid not in previous.legs:
                self.changed.add(cid)
                self._route((), pts)

    def add(self, box: Box) -> None:
        self.boxes.append(box)
        s = self.SIZE
        for i in range(int(box[0] // s), int(box[2] // s) + 1):
            for j in range(int(box[1] // s), int(box[3] // s) + 1):
                self.cells[(i, j)].append(box)

    def _route(self, old: tuple[Point, ...], new: tuple[Point, ...]) -> None:
        """Lines and arrowhead a route had or has, but not both (labels may have stood on them or beside them)."""
        gone = set(itertools.pairwise(old)) - set(itertools.pairwise(new))
        came = set(itertools.pairwise(new)) - set(itertools.pairwise(old))
        # A run that only grew or shrank at its ends (a port moved) changed only there.
        lines: dict[tuple[bool, float], list[tuple[float, float]]] = defaultdict(list)
        for a, b in gone:
            vertical = a[0] == b[0]
            lines[(vertical, a[0] if vertical else a[1])].append(_span(a, b, vertical))
        for a, b in came:
            vertical = a[0] == b[0]
            fixed = a[0] if vertical else a[1]
            lo, hi = _span(a, b, vertical)
            spans = lines.get((vertical, fixed))
            twin = next((k for k, (lo2, hi2) in enumerate(spans) if lo2 < hi and lo < hi2), None) if spans else None
            if twin is None:
                self._span(vertical, fixed, lo, hi)
                continue
            lo2, hi2 = spans.pop(twin)  # type: ignore[union-attr]
            self._span(vertical, fixed, min(lo, lo2), max(lo, lo2))
            self._span(vertical, fixed, min(hi, hi2), max(hi, hi2))
        for (vertical, fixed), spans in lines.items():
            for lo, hi in spans:
                self._span(vertical, fixed, lo, hi)
        if old[-2:] != new[-2:]:
            reach = ARROW_LENGTH + LABEL_GAP
            for pts in (old, new):
                if pts:
                    x, y = pts[-1]
                    self.add((x - reach, y - reach, x + reach, y + reach))

    def _span(self, vertical: bool, fixed: float, lo: float, hi: float) -> None:
        if vertical:
            self.add((fixed - 1, lo - 1, fixed + 1, hi + 1))
        else:
            self.add((lo - 1, fixed - 1, hi + 1, fixed + 1))

    def _label(self, label: LabelBox) -> None:
        r, g = label.rect, LABEL_GAP
        self.add((r.x - g, r.y - g, r.right + g, r.bottom + g))

    def kept(self, cid: str) -> LabelBox | None:
        """The label's previous box, if nothing in the area its search looked at has changed."""
        old = self.previous.labels.get(cid)
        if old is None or cid in self.changed:
            return None
        s = self.SIZE
        cells = self.cells
        looked = self.previous.looked[cid]
        met = self.previous.looked_cells.get(cid)
        if met is None:
            met = self.previous.looked_cells[cid] = _cells_met(looked)
        if cells.keys().isdisjoint(met):  # (goes over ``met``: a set's isdisjoint would go over the dict)
            return old  # most labels: nothing changed anywhere near
        # Each place the search tried, not the box around them all: a route's candidates run its
        # whole length, and the box around a long route held some change or other after most edits.
        for x0, y0, x1, y1 in looked:
            # Touching counts: a box that only touches a place could still decide a candidate's fate.
            for i in range(int(x0 // s), int(x1 // s) + 1):
                for j in range(int(y0 // s), int(y1 // s) + 1):
                    for bx0, by0, bx1, by1 in cells.get((i, j), ()):
                        if bx0 <= x1 and x0 <= bx1 and by0 <= y1 and y0 <= by1:
                            return None
        return old

    def placed(self, cid: str, box: LabelBox) -> None:
        """A label placed anew: where it was and where it is now both changed for the labels after it."""
        old = self.previous.labels.get(cid)
        if old != box:
            if old is not None:
                self._label(old)
            self._label(box)


# A RouteIndex's routes, arrowheads, upright and level lines, as a map kept for an undo holds them.
_IndexParts = tuple[dict[str, tuple[Point, ...]], _Grid, _Lines, _Lines]


class RouteIndex:
    """The routes' arrowheads and lines as the label search looks them up, kept from one placement
    to the next: an edit that changes a few routes indexes those again, not all of them."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[Point, ...]] = {}
        self.arrows = _Grid()
        self.uprights = _Lines()
        self.levels = _Lines()
        self.placed: LabelMemory | None = None  # the placement it was last updated for
        # The routes not indexed yet (see update's ``area``): a lookup that could meet one waits for :meth:`complete`.
        self.rest: dict[str, tuple[Point, ...]] = {}
        # While :meth:`complete_some` works through ``rest`` a part at a time: the lines it has not
        # frozen again yet (every route of ``rest`` indexed, the lookups' sorted runs still to make).
        self._unfrozen: list[_Lines] = []
        # The one placement holding a replaced index (LabelMemory.index): one is kept, not one per kept
        # map (each is some 3.6 MB at 5,000 cards). Weak: an evicted map goes with it.
        self._kept: ref[LabelMemory] | None = None

    def resume(self, previous: LabelMemory) -> None:
        """Before placing from ``previous``: if it is a map some placements back whose index was kept
        (see :attr:`LabelMemory.index`), index from that one, and keep this one for the map it was made for.

        Both stand exactly for their placements' routes, so the update that follows is the one it
        would have been had the index never left ``previous``: the entries are the same.
        """
        kept = previous.index
        if kept is None or previous is self.placed:
            return
        self.complete()  # what is left to the map it was made for is a whole index
        previous.index = None  # taken up: it is updated in place from here on
        self._kept = None
        if self.placed is not None:
            self._keep(self.placed, (self.routes, self.arrows, self.uprights, self.levels))
        self.routes, self.arrows, self.uprights, self.levels = kept
        self.placed = previous

    def _keep(self, memory: LabelMemory, parts: _IndexParts) -> None:
        """Leave ``parts`` (the index made for ``memory``) to ``memory``, dropping the one kept before."""
        before = self._kept() if self._kept is not None else None
        if before is not None and before is not memory:
            before.index = None
        memory.index = parts
        self._kept = ref(memory)

    def update(
        self,
        polylines: list[tuple[_Leg, tuple[Point, ...]]],
        delta: _Delta | None = None,
        area: Box | None = None,
    ) -> None:
        """Index exactly these routes (dropping those gone, indexing those new or changed).

        With ``area``, an index from scratch leaves the routes whose box (arrowhead included) is
        clear of it to :meth:`complete`: until then it answers every lookup inside ``area`` as the
        whole index does. A lookup asks only whether some entry (an arrowhead's box, a line) meets
        its box or segment, in any order, and such an entry lies in its route's box.
        """
        self.complete()
        old = self.routes
        if delta is not None and delta.previous is self.placed:
            # Indexed for the previous placement: only the routes made anew or gone can differ.
            for cid in delta.gone:
                pts = old.pop(cid, None)
                if pts is not None:
                    self._index(cid, pts, remove=True)
            for cid, (_leg, pts) in delta.fresh.items():
                got = old.get(cid)
                if got is not pts and got != pts:
                    if got is not None:
                        self._index(cid, got, remove=True)
                    self._index(cid, pts, remove=False)
                    old[cid] = pts
            self.uprights.freeze()
            self.levels.freeze()
            return
        now = {leg.spec.id: pts for leg, pts in polylines}
        if old and self._mostly_changed(old, now):
            # Most routes changed (a lane that grew or shrank moves every route below it): taking
            # 6,000 routes out one by one and in again cost twice indexing them all afresh. The old
            # index is left whole to the map it was made for (an undo comes back to it), not dropped.
            if self.placed is not None:
                self._keep(self.placed, (old, self.arrows, self.uprights, self.levels))
            self.arrows, self.uprights, self.levels = _Grid(), _Lines(), _Lines()
            old = {}
        if not old:
            if area is not None:
                self.rest = _clear_of(now, area)
                if 4 * len(self.rest) < len(now):  # hardly any to leave: not worth a second pass
                    self.rest = {}
            self._index_all(now, self.rest)
            self.routes = now
            self.uprights.freeze_all()
            self.levels.freeze_all()
            return
        for cid, pts in old.items():
            got = now.get(cid)
            if got is not pts and got != pts:
                self._index(cid, pts, remove=True)
        for cid, pts in now.items():
            got = old.get(cid)
            if got is not pts and got != pts:
                self._index(cid, pts, remove=False)
        self.routes = now
        self.uprights.freeze()
        self.levels.freeze()

    def complete(self) -> None:
        """Index the routes :meth:`update` left for later: the index then holds what the whole one holds
        (a grid cell may list its arrowheads in another order, which no lookup's answer depends on)."""
        rest = self.rest
        if not rest and not self._unfrozen:
            return
        self.rest = {}
        self._unfrozen = []
        self._index_all(rest)
        # _index_all's runs wait in each line's ``fresh`` list: freeze_all sorts them in with the frozen ones.
        self.uprights.freeze_all()
        self.levels.freeze_all()

    def complete_some(self, routes: int) -> bool:
        """:meth:`complete` a part at a time (each call some 5 ms at ``routes`` 2,000): True, doing
        nothing, once complete (a call that did some work says False, so that a caller's turn ends there).

        Up to ``routes`` of the routes left for later are indexed per call, in the order
        :meth:`complete` takes them, so the grid's cells and the lines get the same entries in the
        same order; once all are in, one call freezes the uprights and the next the levels, with
        :meth:`_Lines.freeze_all` as :meth:`complete` does. Until then no lookup may be made outside
        the area (nor inside it, between the calls, by anything but a placement, which calls
        :meth:`complete` first): the entries already added lie clear of the area, and the lines'
        frozen runs are those of the area's routes.
        """
        rest = self.rest
        if rest:
            if len(rest) > routes:
                part = dict(itertools.islice(rest.items(), routes))
                for cid in part:
                    del rest[cid]
            else:
                part, self.rest = rest, {}
                self._unfrozen = [self.uprights, self.levels]
            self._index_all(part)
            return False
        if self._unfrozen:
            self._unfrozen.pop(0).freeze_all()
            return False
        return True

    @staticmethod
    def _mostly_changed(old: dict[str, tuple[Point, ...]], now: dict[str, tuple[Point, ...]]) -> bool:
        """Whether more than half the routes now differ from the indexed ones (counting stops once they do)."""
        half = len(now) // 2
        changed = 0
        for cid, pts in now.items():
            got = old.get(cid)
            if got is not pts and got != pts:
                changed += 1
                if changed > half:
                    return True
        return False

    def _index_all(self, routes: dict[str, tuple[Point, ...]], later: Container[str] = ()) -> None:
        """:meth:`_index` of every route (but those in ``later``) into the index, written out in one loop.

        Opening a 5,000-card map indexes 6,500 routes: the calls of :meth:`_index`, :meth:`_Grid.add`
        and :meth:`_Lines.add` for each of their parts were most of the index's 35 ms. The grid and
        the lines get the very entries, in the very order, that those calls give them, for
        :meth:`_Lines.freeze_all` to sort.
        """
        g = LABEL_GAP
        reach, half = ARROW_LENGTH + g, ARROW_HALF_WIDTH + g
        size, row = _Grid.SIZE, _ROW
        cells = self.arrows.cells
        up, lv = self.uprights.fresh.append, self.levels.fresh.append
        for cid, pts in routes.items():
            if later and cid in later:
                continue
            (ax, ay), (bx, by) = pts[-2], pts[-1]
            if ax == bx:
                box = (bx - half, by - reach if by > ay else by - g, bx + half, by + g if by > ay else by + reach)
            else:
                box = (bx - reach if bx > ax else bx - g, by - half, bx + g if bx > ax else bx + reach, by + half)
            # An arrowhead's box (13 pixels square, less than a cell: see _ARROW_IN_TWO) meets one or two
            # columns and rows of cells: written out, without the ranges of _grid_keys.
            i0, i1 = int(box[0] // size), int(box[2] // size)
            j0, j1 = int(box[1] // size), int(box[3] // size)
            key = i0 * row + j0
            cells[key].append(box)
            if j1 != j0:
                cells[key + 1].append(box)
            if i1 != i0:
                cells[key + row].append(box)
                if j1 != j0:
                    cells[key + row + 1].append(box)
            px, py = pts[0]
            for qx, qy in pts[1:]:
                if px == qx:
                    up((px, py, qy, cid) if py < qy else (px, qy, py, cid))
                else:
                    lv((py, px, qx, cid) if px < qx else (py, qx, px, cid))
                px, py = qx, qy

    def _index(self, cid: str, pts: tuple[Point, ...], remove: bool) -> None:
        g = LABEL_GAP
        reach, half = ARROW_LENGTH + g, ARROW_HALF_WIDTH + g
        mark = self.arrows.remove if remove else self.arrows.add
        upright = self.uprights.remove if remove else self.uprights.add
        level = self.levels.remove if remove else self.levels.add
        # Routes are axis-parallel: the arrowhead's box follows from the last segment's direction.
        (ax, ay), (bx, by) = pts[-2], pts[-1]
        if ax == bx:
            mark(bx - half, by - reach if by > ay else by - g, bx + half, by + g if by > ay else by + reach)
        else:
            mark(bx - reach if bx > ax else bx - g, by - half, bx + g if bx > ax else bx + reach, by + half)
        a = pts[0]
        for b in pts[1:]:
            if a[0] == b[0]:
                upright(a[0], *((a[1], b[1]) if a[1] < b[1] else (b[1], a[1])), cid)
            else:
                level(a[1], *((a[0], b[0]) if a[0] < b[0] else (b[0], a[0])), cid)
            a = b


class _LabelPlacer:
    """Labels in journey order: each on its route's longest free stretch, off cards, arrowheads and
    earlier labels, and preferably off other routes' lines; beside the route with a leader line
    when no stretch has room."""

    def __init__(
        self,
        layout: JourneyLayout,
        polylines: list[tuple[_Leg, tuple[Point, ...]]] | Callable[[], list[tuple[_Leg, tuple[Point, ...]]]],
        index: RouteIndex | None = None,
        moved: set[str] | None = None,
        delta: _Delta | None = None,
        area: Box | None = None,
        upto: int | None = None,
    ) -> None:
        self._polylines = polylines  # every leg with its polyline in journey order, or how to list them
        self.moved = moved  # the cards whose boxes changed since the previous placement, when known
        self.delta = delta
        self.cards = _Cards(layout, LABEL_GAP)
        self.marks = _Marks()  # placed labels
        if index is None:
            index = RouteIndex()
        # Indexed for the previous placement, the index goes by the delta alone.
        # With ``area`` (the searches of the first ``upto`` legs' labels look nowhere else), the
        # index may start with the routes near it; placing beyond those legs completes it first.
        index.update([] if delta is not None and delta.previous is index.placed else self.polylines, delta, area)
        self._index = index
        self._near_upto = upto if area is not None else None
        self.arrows, self.uprights, self.levels = index.arrows, index.uprights, index.levels
        self.fixed = tuple(
            (r.x, r.y, r.right, r.bottom)
            for r in (layout.top_strip, layout.left_strip, layout.title_rect, layout.emotion_plot)
            if r.w > 0 and r.h > 0
        )
        self.memory = LabelMemory(self.fixed, layout.cards)
        self.seen: list[Box] = []
        self.anew: set[str] = set()  # the labels :meth:`place` placed again
        self.driven = False  # whether :meth:`place` went by the delta (kept all but what it names)
        self._at = 0  # a placement from scratch: how many legs :meth:`place_more` has gone over
        self._dirty_fresh: tuple[_Dirty | None, LabelMemory | None] = (None, None)

    @property
    def polylines(self) -> list[tuple[_Leg, tuple[Point, ...]]]:
        if callable(self._polylines):
            self._polylines = self._polylines()
        return self._polylines

    def place(self, previous: LabelMemory | None = None, upto: int | None = None) -> dict[str, LabelBox]:
        """Every label, in journey order; with ``previous``, a label is kept when nothing it could
        meet has changed: its route, its place in the order, and the cards, lines, arrowheads and
        earlier labels in the area its search looked at last time. With ``upto`` (only without a
        driven ``previous``), only the labels of the first ``upto`` legs: :meth:`place_more` does the rest."""
        g = LABEL_GAP
        dirty = _Dirty(previous, self) if previous is not None and previous.fixed == self.fixed else None
        memory = self.memory
        delta = self.delta
        self.anew = anew = set()
        if dirty is not None and delta is not None and delta.previous is previous:
            # Driven by the change: every route not made anew is the previous one, under the same key,
            # kind and size, so what the previous placement remembered of it holds as it is. Only
            # the routes made anew (or gone) are written, and the loop below visits labels only.
            assert previous is not None
            self.driven = True
            marks, watchers = previous.marks, previous.watchers
            if marks is not None:
                # This placement takes the kept grid and watchers over: the previous memory's are stale now.
                previous.marks = previous.watchers = None
                return self._place_by_change(previous, dirty, marks, watchers)
            fresh = delta.fresh
            legs = dict(previous.legs)
            out = dict(previous.labels)
            looked = dict(previous.looked)
            stale = [*delta.gone, *fresh]
            for cid in stale:
                legs.pop(cid, None)
                out.pop(cid, None)
                looked.pop(cid, None)
            for cid, (leg, pts) in fresh.items():
                spec = leg.spec
                legs[cid] = (leg.key, spec.kind, spec.label_size, pts)
            memory.legs, memory.looked = legs, looked
            kept_looked, kept_cells = previous.looked, previous.looked_cells
            marks = self.marks
            for leg, pts in self.polylines:
                spec = leg.spec
                size = spec.label_size
                if not size:
                    continue
                cid = spec.id
                box = dirty.kept(cid)
                if box is None:
                    self.seen = []
                    box = self._place_one(cid, spec.kind, pts, *size)
                    looked[cid] = tuple(self.seen)
                    anew.add(cid)
                    dirty.placed(cid, box)
                    out[cid] = box
                elif cid in fresh:
                    looked[cid] = kept_looked[cid]
                    out[cid] = box
                r = box.rect
                marks.put(cid, r.x - g, r.y - g, r.right + g, r.bottom + g, leg.key)
            # After the loop: the kept labels' cells may have been worked out during it.
            cells = dict(kept_cells)
            for cid in stale:
                if cid not in out:  # gone, or no longer labelled
                    cells.pop(cid, None)
            for cid in anew:
                cells.pop(cid, None)
            memory.looked_cells = cells
            memory.labels = out
            memory.marks = marks
            return out
        # The memory holds the very dict and grid the loop fills: a placement left part-done
        # (``upto``) is complete in place once :meth:`place_more` has gone to the end.
        memory.labels = {}
        memory.marks = self.marks
        self._dirty_fresh = (dirty, previous)
        self._at = 0
        polylines = self.polylines
        self.place_more(len(polylines) if upto is None else min(upto, len(polylines)))
        return memory.labels

    def prepare(self, routes: int) -> bool:
        """Part of what placing beyond the first legs needs first: the index's routes left for later
        (:meth:`RouteIndex.complete_some`). True when nothing is left to prepare."""
        if self._near_upto is None:
            return True
        return self._index.complete_some(routes)

    def place_more(self, stop: int) -> list[tuple[str, tuple[Point, ...]]]:
        """Go on with a placement from scratch, in journey order, up to the ``stop``-th leg.

        Each label sees only the labels before it, so placing them a part at a time gives each
        the place it gets when all are placed at once. Returns the labels placed, with their routes.
        """
        g = LABEL_GAP
        dirty, previous = self._dirty_fresh
        memory, anew, marks = self.memory, self.anew, self.marks
        out = memory.labels
        placed: list[tuple[str, tuple[Point, ...]]] = []
        polylines = self.polylines
        if self._near_upto is not None and min(stop, len(polylines)) > self._near_upto:
            self._near_upto = None
            self._index.complete()
        for i in range(self._at, min(stop, len(polylines))):
            leg, pts = polylines[i]
            spec = leg.spec
            size = spec.label_size
            memory.legs[spec.id] = (leg.key, spec.kind, size, pts)
            if not size:
                continue
            w, h = size
            box = dirty.kept(spec.id) if dirty is not None else None
            if box is None:
                self.seen = []
                box = self._place_one(spec.id, spec.kind, pts, w, h)
                memory.looked[spec.id] = tuple(self.seen)
                anew.add(spec.id)
                if dirty is not None:
                    dirty.placed(spec.id, box)
            else:
                memory.looked[spec.id] = previous.looked[spec.id]  # type: ignore[union-attr]
                met = previous.looked_cells.get(spec.id)  # type: ignore[union-attr]
                if met is not None:
                    memory.looked_cells[spec.id] = met
            r = box.rect
            marks.put(spec.id, r.x - g, r.y - g, r.right + g, r.bottom + g, leg.key)
            out[spec.id] = box
            placed.append((spec.id, pts))
        self._at = max(self._at, min(stop, len(polylines)))
        return placed

    @property
    def placed_all(self) -> bool:
        return self._at >= len(self.polylines)

    def _place_by_change(
        self, previous: LabelMemory, dirty: _Dirty, marks: _Marks, watchers: dict[Cell2, set[str]] | None
    ) -> dict[str, LabelBox]:
        """The driven placement, visiting only the labels a change can reach instead of all of them in order.

        A label is looked at again when its route changed or when its last search met a cell where
        something changed (``watchers``: per cell of the coarse grid, the labels whose search met it),
        and then only if it comes after the label that changed that cell; labels are taken in
        journey order (a heap), and ``marks`` (every label's box, filed under its place in that order)
        shows each one placed again only the labels before it. So the result is the one of the loop
        over all labels in order, as ``tests/test_route_planner.py`` checks against a placement afresh.
        """
        assert self.delta is not None
        g = LABEL_GAP
        fresh = self.delta.fresh
        memory, anew = self.memory, self.anew
        self.marks = marks
        kept_looked, kept_cells = previous.looked, previous.looked_cells
        if watchers is None:
            watchers = defaultdict(set)
            for cid in previous.labels:
                met = kept_cells.get(cid)
                if met is None:
                    met = kept_cells[cid] = _cells_met(kept_looked[cid])
                for cell in met:
                    watchers[cell].add(cid)
        legs = dict(previous.legs)
        out = dict(previous.labels)
        looked = dict(kept_looked)
        cells = dict(kept_cells)

        def unwatch(cid: str) -> None:
            for cell in cells.pop(cid, ()):
                watchers[cell].discard(cid)

        def watch(cid: str, met: frozenset[Cell2]) -> None:
            cells[cid] = met
            for cell in met:
                watchers[cell].add(cid)

        for cid in [*self.delta.gone, *fresh]:
            legs.pop(cid, None)
            looked.pop(cid, None)
            if out.pop(cid, None) is not None:
                marks.drop(cid)
            unwatch(cid)
        for cid, (leg, pts) in fresh.items():
            spec = leg.spec
            legs[cid] = (leg.key, spec.kind, spec.label_size, pts)
        memory.legs, memory.looked = legs, looked

        heap: list[tuple[tuple[object, ...], str]] = []
        after: tuple[object, ...] | None = None  # only labels after this one can still be reached

        def push(cid: str) -> None:
            got = legs.get(cid)
            if got is not None and got[2] and (after is None or got[0] > after):  # type: ignore[operator]
                heapq.heappush(heap, (got[0], cid))  # type: ignore[arg-type]

        for cid in itertools.chain(fresh, dirty.changed):
            push(cid)
        for cell in dirty.cells:
            for cid in watchers.get(cell, ()):
                push(cid)
        seen_boxes = len(dirty.boxes)
        done: set[str] = set()
        while heap:
            key, cid = heapq.heappop(heap)
            if cid in done:
                continue
            done.add(cid)
            _key, kind, size, pts = legs[cid]
            box = dirty.kept(cid)
            if box is None:
                self.seen = []
                marks.limit = key
                box = self._place_one(cid, kind, pts, *size)  # type: ignore[arg-type, misc]
                marks.limit = None
                looked[cid] = tuple(self.seen)
                anew.add(cid)
                unwatch(cid)
                watch(cid, _cells_met(looked[cid]))
                dirty.placed(cid, box)
                out[cid] = box
                # What placing it changed reaches the labels after it whose search met those cells.
                after = key
                for box_changed in dirty.boxes[seen_boxes:]:
                    for cell in _box_cells(box_changed, _Dirty.SIZE):
                        for other in watchers.get(cell, ()):
                            if other not in done:
                                push(other)
                seen_boxes = len(dirty.boxes)
            elif cid in fresh:
                looked[cid] = kept_looked[cid]
                watch(cid, kept_cells.get(cid) or _cells_met(looked[cid]))
                out[cid] = box
            r = box.rect
            marks.put(cid, r.x - g, r.y - g, r.right + g, r.bottom + g, key)
        memory.looked_cells = cells
        memory.labels = out
        memory.marks, memory.watchers = marks, watchers
        return out

    def _segments(
        self, kind: str, pts: tuple[Point, ...]
    ) -> list[tuple[float, bool, float, float, float, float, float]]:
        """Per segment, longest usable stretch first: (usable length, vertical, fixed coordinate,
        usable start, usable end, start, end). Corners keep their rounding free and the last
        segment its arrowhead."""
        corner = 16.0 if kind == "loop_back" else 6.0
        last = len(pts) - 2
        segs = []
        for i, (a, b) in enumerate(itertools.pairwise(pts)):
            vertical = a[0] == b[0]
            lo_v, hi_v = (a[1], b[1]) if vertical else (a[0], b[0])
            start_cut = 2.0 if i == 0 else corner
            end_cut = ARROW_LENGTH + 3.0 if i == last else corner
            if hi_v < lo_v:
                lo_v, hi_v = hi_v, lo_v
                start_cut, end_cut = end_cut, start_cut
            u0, u1 = lo_v + start_cut, hi_v - end_cut
            segs.append((u1 - u0, vertical, a[0] if vertical else a[1], u0, u1, lo_v, hi_v))
        segs.sort(key=lambda s: -s[0])
        return segs

    def _place_one(self, n: str, kind: str, pts: tuple[Point, ...], w: float, h: float) -> LabelBox:
        segs = self._segments(kind, pts)
        # Every box tried is w × h; its size is given as such, not as the difference of its far corners.
        fallback: Box | None = None  # the first place on the route that covers only other routes' lines
        # On the route itself: level text on a level segment, across an upright one, then across it where
        # it passes between cards (a row gutter, a gap in a stack: a column gutter is narrower than most
        # labels). Once a place that covers a line is found only a free place counts, and most places cover
        # another route's line (15,800 of 18,900 at 5,000 cards): the lines are asked first, the rest only if none.
        for box in itertools.chain(self._on_route(segs, w, h), self._between_cards(segs, w, h)):
            if fallback is None:
                state = self._state(box, None, n)
                if state == 2:
                    return LabelBox(Rect(box[0], box[1], w, h))
                if state == 1:
                    fallback = box
            elif self._free(box, None, n):
                return LabelBox(Rect(box[0], box[1], w, h))
        # Beside it, close, with a leader line: better than covering another line.
        for box, leader in self._beside_near(segs, w, h):
            if self._free(box, leader, n):
                return LabelBox(Rect(box[0], box[1], w, h), leader)
        if fallback is not None:
            return LabelBox(Rect(fallback[0], fallback[1], w, h))
        # From here covering a line will do: the lines are not asked.
        for box, leader in self._beside(segs, w, h, _FAR):
            if self._clear(box, leader):
                return LabelBox(Rect(box[0], box[1], w, h), leader)
        for box, leader in self._around(segs[0], w, h):
            if self._clear(box, leader):
                return LabelBox(Rect(box[0], box[1], w, h), leader)
        # Nowhere free (a map packed solid): on the longest segment, where it at least names its line.
        _length, vertical, fixed, _u0, _u1, lo, hi = segs[0]
        mid = (lo + hi) / 2
        if vertical:
            return LabelBox(Rect(fixed - w / 2, mid - h / 2, w, h))
        return LabelBox(Rect(mid - w / 2, fixed - h / 2, w, h))

    @staticmethod
    def _on_route(
        segs: list[tuple[float, bool, float, float, float, float, float]], w: float, h: float
    ) -> Iterable[Box]:
        """Level boxes on the route: along each level segment long enough, then across each upright one."""
        for length, vertical, fixed, u0, _u1, _lo, _hi in segs:
            if not vertical and w <= length:
                for f in _FRACTIONS:
                    c = u0 + w / 2 + (length - w) * f
                    yield (c - w / 2, fixed - h / 2, c + w / 2, fixed + h / 2)
        for length, vertical, fixed, u0, _u1, _lo, _hi in segs:
            if vertical and length > 0:
                for f in _FRACTIONS:
                    c = u0 + length * f
                    yield (fixed - w / 2, c - h / 2, fixed + w / 2, c + h / 2)

    def _between_cards(
        self, segs: list[tuple[float, bool, float, float, float, float, float]], w: float, h: float
    ) -> Iterable[Box]:
        """Level boxes across each upright segment, centred in the stretches of it where such a box clears
        every card (:meth:`_slide`), those nearest its middle first."""
        for _length, vertical, fixed, u0, u1, _lo, _hi in segs:
            if vertical and u1 > u0:
                for c in _places_in(self._slide(True, fixed - w / 2, fixed + w / 2, u0, u1, h), (u0 + u1) / 2, True):
                    yield (fixed - w / 2, c - h / 2, fixed + w / 2, c + h / 2)

    def _beside_near(
        self, segs: list[tuple[float, bool, float, float, float, float, float]], w: float, h: float
    ) -> Iterable[tuple[Box, tuple[Point, Point]]]:
        """Level boxes close beside the route (:data:`_NEAR`, on either side of its three longest segments),
        each with a leader line from it, nearest first: at the places where such a box right beside it clears
        every card (:meth:`_slide`), nearest the segment's middle. Along a segment as far as :meth:`_beside`
        goes from its middle (two labels along), and along an upright one all of it."""
        places: dict[tuple[int, bool], list[float]] = {}  # by segment and side: the same at every distance
        for gap in _NEAR:
            for i, (_length, vertical, fixed, u0, u1, lo, hi) in enumerate(segs[:3]):
                mid = (lo + hi) / 2
                # Leaders start on the route, off its ends (which touch cards) and its arrowhead.
                alo, ahi = (u0, u1) if u1 >= u0 else ((lo + 4, hi - 4) if hi - lo > 8 else (mid, mid))
                if vertical:
                    reach = 2 * (h + 6)
                    start, end = min(alo, mid - reach), max(ahi, mid + reach)
                else:
                    reach = 2 * (w / 2 + 6)
                    start, end = mid - reach, mid + reach
                for after in (True, False):
                    found = places.get((i, after))
                    if found is None:
                        a0 = fixed + _NEAR[0] if after else fixed - _NEAR[0] - (w if vertical else h)
                        a1 = a0 + (w if vertical else h)
                        found = places[(i, after)] = _places_in(
                            self._slide(vertical, a0, a1, start, end, h if vertical else w), mid, False
                        )
                    if vertical:
                        x0 = fixed + gap if after else fixed - gap - w
                        edge = x0 if after else x0 + w
                        for c in found:
                            ay = min(max(c, alo), ahi)
                            yield (
                                (x0, c - h / 2, x0 + w, c + h / 2),
                                ((fixed, ay), (edge, min(max(ay, c - h / 2), c + h / 2))),
                            )
                    else:
                        y0 = fixed + gap if after else fixed - gap - h
                        edge = y0 if after else y0 + h
                        for c in found:
                            ax = min(max(c, alo), ahi)
                            yield (
                                (c - w / 2, y0, c + w / 2, y0 + h),
                                ((ax, fixed), (min(max(ax, c - w / 2), c + w / 2), edge)),
                            )

    def _slide(
        self, vertical: bool, a0: float, a1: float, lo: float, hi: float, size: float
    ) -> list[tuple[float, float]]:
        """Where along [lo, hi] (within :data:`_SLIDE` of its middle) a box can be centred clear of every card:
        the stretches, each (start, end). The box slides down (``vertical``: it spans x from a0 to a1 and is
        ``size`` tall) or across (it spans y from a0 to a1 and is ``size`` wide).

        Worked out from the cards beside the stretch instead of asked at place after place; :meth:`_free`
        asks the rest (lines, labels, arrowheads, headers) at the few places it gives."""
        g = self.cards.gap
        half = size / 2
        # Near the middle only: a route can run the map's length.
        mid = (lo + hi) / 2
        lo, hi = max(lo, mid - _SLIDE), min(hi, mid + _SLIDE)
        reach = half + g  # a card nearer than this to a box's middle meets the box
        # Where the stretches are depends on every card in the strip, not only on those the boxes tried meet.
        self.seen.append((a0, lo - half, a1, hi + half) if vertical else (lo - half, a0, hi + half, a1))
        shut: list[tuple[float, float]] = []
        if vertical:
            for _x, tops, bottoms in self.cards._stacks(a0 - g, lo - reach, a1 + g, hi + reach):
                k = bisect.bisect_right(bottoms, lo - reach)
                while k < len(tops) and tops[k] < hi + reach:
                    shut.append((tops[k] - reach, bottoms[k] + reach))
                    k += 1
        else:
            cw = self.cards.card_w
            for x, tops, bottoms in self.cards._stacks(lo - reach, a0 - g, hi + reach, a1 + g):
                k = bisect.bisect_right(bottoms, a0 - g)
                if k < len(tops) and tops[k] < a1 + g:
                    shut.append((x - reach, x + cw + reach))
        shut.sort()
        out = []
        at = lo
        for s0, s1 in shut:
            if s0 > at:
                out.append((at, min(s0, hi)))
            at = max(at, s1)
            if at > hi:
                return out
        out.append((at, hi))
        return out

    @staticmethod
    def _beside(
        segs: list[tuple[float, bool, float, float, float, float, float]], w: float, h: float, gaps: Sequence[float]
    ) -> Iterable[tuple[Box, tuple[Point, Point]]]:
        """Boxes next to the route, nearest first, each with a leader line from the route to it."""
        for gap in gaps:
            for _length, vertical, fixed, u0, u1, lo, hi in segs[:3]:
                mid = (lo + hi) / 2
                # Leaders start on the route, off its ends (which touch cards) and its arrowhead.
                lo, hi = (u0, u1) if u1 >= u0 else ((lo + 4, hi - 4) if hi - lo > 8 else (mid, mid))
                for k in _SHIFTS:
                    if vertical:
                        cy = mid + k * (h + 6)
                        anchor = (fixed, min(max(cy, lo), hi))
                        boxes: tuple[Box, Box] = (
                            (fixed + gap, cy - h / 2, fixed + gap + w, cy + h / 2),
                            (fixed - gap - w, cy - h / 2, fixed - gap, cy + h / 2),
                        )
                    else:
                        cx = mid + k * (w / 2 + 6)
                        anchor = (min(max(cx, lo), hi), fixed)
                        boxes = (
                            (cx - w / 2, fixed + gap, cx + w / 2, fixed + gap + h),
                            (cx - w / 2, fixed - gap - h, cx + w / 2, fixed - gap),
                        )
                    for box in boxes:
                        near = (min(max(anchor[0], box[0]), box[2]), min(max(anchor[1], box[1]), box[3]))
                        yield box, (anchor, near)

    @staticmethod
    def _around(
        seg: tuple[float, bool, float, float, float, float, float], w: float, h: float
    ) -> Iterable[tuple[Box, tuple[Point, Point]]]:
        """Boxes on a widening grid around the middle of a segment, nearest first (a crowded map's last resort)."""
        _length, vertical, fixed, u0, u1, lo, hi = seg
        mid = (lo + hi) / 2
        mx, my = (fixed, mid) if vertical else (mid, fixed)
        step_x, step_y = w / 2 + 8, h + 6
        spots = sorted(
            ((i * step_x) ** 2 + (j * step_y) ** 2, abs(j), j, i)
            for i in range(-_AROUND, _AROUND + 1)
            for j in range(-2 * _AROUND, 2 * _AROUND + 1)
            if i or j
        )
        lo, hi = (u0, u1) if u1 >= u0 else (mid, mid)
        for _d, _aj, j, i in spots:
            cx, cy = mx + i * step_x, my + j * step_y
            box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            anchor = (fixed, min(max(cy, lo), hi)) if vertical else (min(max(cx, lo), hi), fixed)
            near = (min(max(anchor[0], box[0]), box[2]), min(max(anchor[1], box[1]), box[3]))
            yield box, (anchor, near)

    def _state(self, box: Box, leader: tuple[Point, Point] | None, n: str) -> int:
        """0: the box (or its leader) meets a card, an arrowhead, a label or a header; 1: it only
        covers another route's line; 2: it is free."""
        self._look(box, leader)
        x0, y0, x1, y1 = box
        if self._blocked(x0, y0, x1, y1, leader):
            return 0
        if self.uprights.hit(x0, x1, y0, y1, n) or self.levels.hit(y0, y1, x0, x1, n):
            return 1
        return 2

    def _free(self, box: Box, leader: tuple[Point, Point] | None, n: str) -> bool:
        """``_state(box, leader, n) == 2``, asking the lines first (they are what most places meet)."""
        self._look(box, leader)
        x0, y0, x1, y1 = box
        if self.uprights.hit(x0, x1, y0, y1, n) or self.levels.hit(y0, y1, x0, x1, n):
            return False
        return not self._blocked(x0, y0, x1, y1, leader)

    def _clear(self, box: Box, leader: tuple[Point, Point] | None) -> bool:
        """``_state(box, leader, n) >= 1``: the lines are not asked."""
        self._look(box, leader)
        return not self._blocked(*box, leader)

    def _look(self, box: Box, leader: tuple[Point, Point] | None) -> None:
        # Everything a label's search looked at: its result can only change when something here does.
        if leader is None:
            self.seen.append(box)
            return
        x0, y0, x1, y1 = box
        (ax, ay), (bx, by) = leader
        self.seen.append((min(x0, ax, bx), min(y0, ay, by), max(x1, ax, bx), max(y1, ay, by)))

    def _blocked(self, x0: float, y0: float, x1: float, y1: float, leader: tuple[Point, Point] | None) -> bool:
        """Whether the box (or its leader) meets a card, an arrowhead, a label or a header."""
        if self.cards.hit(x0, y0, x1, y1) or self.marks.hits(x0, y0, x1, y1, self.arrows):
            return True
        for fx0, fy0, fx1, fy1 in self.fixed:
            if fx0 < x1 and x0 < fx1 and fy0 < y1 and y0 < fy1:
                return True
        if leader is not None:
            a, b = leader
            if a != b and (self.cards.crossed(a, b) or self.marks.crossed(a, b, self.arrows)):
                return True
        return False
