"""Checks over routed geometry, for any map: overlapping lines, labels on cards or labels, covered arrowheads.

Each check takes the layout (card rectangles), the routes and the connections' ends, and returns
what it found (empty when the picture is clean), so a failing test names the culprits.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from cxdesigner.layout.geometry import JourneyLayout, Point, Rect, segment_crosses_rect
from cxdesigner.layout.routing import Route

# Two parallel lines closer than this read as one (or as a double line): they overlap.
MIN_SEPARATION = 3.0
# Handles are drawn on a card's right edge, centred, this big (items.HANDLE_RADIUS plus the pen).
HANDLE_REACH = 6.0 + 0.75

Ends = Mapping[str, tuple[str, str]]  # connection id -> (source card, target card)


def _segments(routes: Mapping[str, Route | None]) -> Iterable[tuple[str, Point, Point]]:
    for cid, route in routes.items():
        if route is None:
            continue
        for a, b in itertools.pairwise(route.points):
            yield cid, a, b


def overlapping_segments(routes: Mapping[str, Route | None], ends: Ends) -> list[tuple[str, str, Point, Point]]:
    """Pairs of connections with parallel segments closer than MIN_SEPARATION over more than a pixel.

    Connections that share a card may merge (a bus that splits before its ends) and are not counted.
    """
    horizontal: list[tuple[float, float, float, str]] = []
    vertical: list[tuple[float, float, float, str]] = []
    for cid, a, b in _segments(routes):
        if abs(a[1] - b[1]) < 1e-6:
            horizontal.append((a[1], min(a[0], b[0]), max(a[0], b[0]), cid))
        elif abs(a[0] - b[0]) < 1e-6:
            vertical.append((a[0], min(a[1], b[1]), max(a[1], b[1]), cid))
    found = []
    for group, horizontal_group in ((horizontal, True), (vertical, False)):
        group.sort()
        for i, (c1, lo1, hi1, id1) in enumerate(group):
            for c2, lo2, hi2, id2 in group[i + 1 :]:
                if c2 - c1 >= MIN_SEPARATION:
                    break
                if id1 == id2 or min(hi1, hi2) - max(lo1, lo2) <= 1.0:
                    continue
                if set(ends[id1]) & set(ends[id2]):
                    continue
                p = (max(lo1, lo2), c1) if horizontal_group else (c1, max(lo1, lo2))
                q = (min(hi1, hi2), c2) if horizontal_group else (c2, min(hi1, hi2))
                found.append((id1, id2, p, q))
    return found


def label_rects(routes: Mapping[str, Route | None]) -> dict[str, Rect]:
    return {cid: r.label.rect for cid, r in routes.items() if r is not None and r.label is not None}


def labels_on_cards(layout: JourneyLayout, routes: Mapping[str, Route | None]) -> list[tuple[str, str]]:
    """(connection, card) for every label box that overlaps a card."""
    cards = _Index(layout.cards.items())
    return [
        (cid, tid) for cid, box in label_rects(routes).items() for tid, card in cards.near(box) if card.overlaps(box)
    ]


def labels_on_labels(routes: Mapping[str, Route | None]) -> list[tuple[str, str]]:
    """Pairs of connections whose label boxes overlap."""
    boxes = sorted(label_rects(routes).items(), key=lambda kv: kv[1].x)
    found = []
    for i, (a, ra) in enumerate(boxes):
        for b, rb in boxes[i + 1 :]:
            if rb.x >= ra.right:
                break
            if ra.overlaps(rb):
                found.append((a, b))
    return found


def covered_arrowheads(layout: JourneyLayout, routes: Mapping[str, Route | None]) -> list[tuple[str, str]]:
    """(connection, what covers it) for every arrowhead under a card, a connector handle, a label or another line.

    The tip may touch its own card's edge; everything else must keep off the triangle.
    """
    found = []
    cards = _Index(layout.cards.items())
    labels = _Index(label_rects(routes).items())
    lines = _Index((cid, (a, b)) for cid, a, b in _segments(routes))
    for cid, route in routes.items():
        if route is None or len(route.points) < 2:
            continue
        tip, b1, b2 = route.arrow()
        xs, ys = (tip[0], b1[0], b2[0]), (tip[1], b1[1], b2[1])
        # The triangle's box, a hair smaller so touching at the tip does not count.
        box = Rect(min(xs) + 0.25, min(ys) + 0.25, max(xs) - min(xs) - 0.5, max(ys) - min(ys) - 0.5)
        for tid, card in cards.near(box, 8.0):
            if card.overlaps(box):
                found.append((cid, f"card {tid}"))
            hx, hy = card.right, card.cy
            dx = max(box.x - hx, 0.0, hx - box.right)
            dy = max(box.y - hy, 0.0, hy - box.bottom)
            if dx * dx + dy * dy < HANDLE_REACH**2:
                found.append((cid, f"handle of {tid}"))
        for other, label in labels.near(box):
            if label.overlaps(box):
                found.append((cid, f"label of {other}"))
        for other, (a, b) in lines.near(box):
            if other != cid and segment_crosses_rect(a, b, box, inset=0.0):
                found.append((cid, f"line of {other}"))
    return found


def routes_crossing_cards(
    layout: JourneyLayout, routes: Mapping[str, Route | None], ends: Ends
) -> list[tuple[str, str]]:
    """(connection, card) for every segment that passes through a card other than its own ends."""
    found = []
    cards = _Index(layout.cards.items())
    for cid, a, b in _segments(routes):
        for tid, card in cards.near(_box(a, b)):
            if tid not in ends[cid] and segment_crosses_rect(a, b, card):
                found.append((cid, tid))
    return found


def route_problems(layout: JourneyLayout, routes: Mapping[str, Route | None], ends: Ends) -> dict[str, list]:
    """Every check at once; a clean map gives only empty lists."""
    return {
        "overlapping lines": overlapping_segments(routes, ends),
        "labels on cards": labels_on_cards(layout, routes),
        "labels on labels": labels_on_labels(routes),
        "covered arrowheads": covered_arrowheads(layout, routes),
        "lines through cards": routes_crossing_cards(layout, routes, ends),
    }


def _box(a: Point, b: Point) -> Rect:
    return Rect(min(a[0], b[0]), min(a[1], b[1]), abs(a[0] - b[0]), abs(a[1] - b[1]))


class _Index:
    """Rectangles (or segments) bucketed on a 128-pixel grid, so checks on 1,000-card maps stay quick."""

    SIZE = 128.0

    def __init__(self, items: Iterable[tuple[str, Any]]) -> None:
        self.buckets: dict[tuple[int, int], list[tuple[str, Any]]] = defaultdict(list)
        for key, thing in items:
            box = _box(*thing) if isinstance(thing, tuple) and not isinstance(thing, Rect) else thing
            for cell in self._cells(box, 0.0):
                self.buckets[cell].append((key, thing))

    def _cells(self, box: Rect, pad: float) -> Iterable[tuple[int, int]]:
        s = self.SIZE
        for i in range(int((box.x - pad) // s), int((box.right + pad) // s) + 1):
            for j in range(int((box.y - pad) // s), int((box.bottom + pad) // s) + 1):
                yield i, j

    def near(self, box: Rect, pad: float = 1.0) -> list[tuple[str, Any]]:
        seen: set[int] = set()
        out = []
        for cell in self._cells(box, pad):
            for entry in self.buckets.get(cell, ()):
                if id(entry) not in seen:
                    seen.add(id(entry))
                    out.append(entry)
        return out
