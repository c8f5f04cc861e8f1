"""The connections' stacking on the map: a z per connection in the journey's order, kept across edits."""

from __future__ import annotations

import bisect
import operator
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from typing import Any

_KEY = operator.attrgetter("key")
_ID = operator.attrgetter("spec.id")


class Stacking:
    """Each connection's z between ``low`` and ``high`` (both excluded), increasing in the journey's order.

    Qt draws items of one z in the order they were added: a scene that followed a drop, an undo or a
    paste stacked crossing routes otherwise than a scene made afresh from the same document (exports
    make their own), so the screen could show another line on top. With a z of its own per connection,
    in the order of the routes' keys (:class:`~cxdesigner.layout.routing.RoutePlanner`'s: the ends'
    places in the journey, the kind, the label, the id), the stacking is the document's whatever
    the edits that led to it. An edit stacks again only the connections whose key changed, between
    neighbours that kept theirs; a connection still in order between them keeps its z, so most
    items are not touched. When the doubles between two neighbours run out, every z is dealt afresh.
    """

    def __init__(self, low: float, high: float) -> None:
        self.low, self.high = low, high
        self.z: dict[str, float] = {}
        self.keys: dict[str, object] = {}  # the key each connection was stacked by (the very object)

    def rebuild(self, order: Sequence[Any]) -> dict[str, float]:
        """Deal every z afresh along ``order`` (legs sorted by key); returns every connection's z."""
        n = len(order)
        ids = list(map(_ID, order))
        low, step = self.low, (self.high - self.low) / (n + 1)
        self.z = dict(zip(ids, [low + step * i for i in range(1, n + 1)], strict=True))
        self.keys = dict(zip(ids, map(_KEY, order), strict=True))
        return self.z

    def forget(self, cid: str) -> None:
        self.z.pop(cid, None)
        self.keys.pop(cid, None)

    def update(
        self, order: Sequence[Any], legs: Mapping[str, tuple[Any, ...]], candidates: Iterable[str]
    ) -> dict[str, float]:
        """Stack again the ``candidates`` whose key in ``legs`` (id → (key, ...), the map's) is not the one
        they were stacked by; ``order`` is the map's legs sorted by key. Returns the z's that changed
        (a connection that left the map goes to ``low``: it draws nothing)."""
        keys, zs = self.keys, self.z
        out: dict[str, float] = {}
        changed: list[str] = []
        for cid in candidates:
            got = legs.get(cid)
            if got is None:
                if cid in keys:
                    self.forget(cid)
                    out[cid] = self.low
            elif got[0] is not keys.get(cid):
                changed.append(cid)
        if not changed:
            return out
        if len(changed) > len(order) // 8:
            return {**out, **self.rebuild(order)}
        at = sorted(bisect.bisect_left(order, legs[cid][0], key=_KEY) for cid in changed)
        # Runs of neighbours in the order that all changed, each between two that did not.
        runs: list[list[int]] = []
        for i in at:
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        placed: dict[str, float] = {}
        for run in runs:
            first, last = run[0], run[-1]
            lo = zs.get(_ID(order[first - 1])) if first > 0 else self.low
            hi = zs.get(_ID(order[last + 1])) if last + 1 < len(order) else self.high
            if lo is None or hi is None:  # a neighbour never stacked: not expected, but then all afresh
                return {**out, **self.rebuild(order)}
            ids = [_ID(order[i]) for i in run]
            olds = [zs.get(cid) for cid in ids]
            if None not in olds and _increasing([lo, *olds, hi]):  # type: ignore[list-item]
                wanted = olds
            else:
                step = (hi - lo) / (len(run) + 1)
                wanted = [lo + step * j for j in range(1, len(run) + 1)]
                if not _increasing([lo, *wanted, hi]):  # no double left between them
                    return {**out, **self.rebuild(order)}
            for cid, z, i in zip(ids, wanted, run, strict=True):
                placed[cid] = z  # type: ignore[assignment]
                keys[cid] = order[i].key
        for cid, z in placed.items():
            if zs.get(cid) != z:
                zs[cid] = z
                out[cid] = z
        return out


def _increasing(values: list[float]) -> bool:
    return all(a < b for a, b in pairwise(values))
