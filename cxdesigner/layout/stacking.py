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
        self.plan: tuple[int, int] | None = None  # which plan of which planner the keys are the legs of
        # After :meth:`start`: every connection's id in the journey's order, and the legs sorted by key
        # (their keys are the ones stacked by), until :meth:`settle` makes the dicts.
        self._ids: list[str] | None = None
        self._step = 0.0
        self._order: Sequence[Any] | None = None

    def start(self, ids: list[str]) -> None:
        """Stack a journey just opened along ``ids`` (every connection, those with an end off the map too, in
        the order of their keys): :meth:`z_at` gives each its z as its item is made, and the dicts wait.

        Making them (some 2.5 ms at 5,000 cards) is not needed before the first edit: :meth:`settle`
        makes them after the first paint, or the first edit does.
        """
        self.z, self.keys, self.plan = {}, {}, None
        self._ids, self._order = ids, None
        self._step = (self.high - self.low) / (len(ids) + 1)

    def z_at(self, i: int) -> float:
        """The z of the ``i``-th connection given to :meth:`start`."""
        return self.low + self._step * (i + 1)

    def started(self, order: Sequence[Any]) -> None:
        """The legs of the first map (sorted by key): a subsequence of the ids given to :meth:`start`."""
        self._order = order

    @property
    def ready(self) -> bool:
        """Whether every connection on the map has a z (made, or waiting in :meth:`start`'s order)."""
        return bool(self.z) or self._order is not None

    def settle(self) -> None:
        """Make the dicts :meth:`start` left for later."""
        ids, order = self._ids, self._order
        if ids is None or order is None:
            return
        self._ids = self._order = None
        low, step = self.low, self._step
        self.z = dict(zip(ids, [low + step * i for i in range(1, len(ids) + 1)], strict=True))
        self.keys = dict(zip(map(_ID, order), map(_KEY, order), strict=True))

    def rebuild(self, order: Sequence[Any]) -> dict[str, float]:
        """Deal every z afresh along ``order`` (legs sorted by key); returns every connection's z."""
        n = len(order)
        self._ids = self._order = None
        ids = list(map(_ID, order))
        low, step = self.low, (self.high - self.low) / (n + 1)
        self.z = dict(zip(ids, [low + step * i for i in range(1, n + 1)], strict=True))
        self.keys = dict(zip(ids, map(_KEY, order), strict=True))
        return self.z

    def forget(self, cid: str) -> None:
        self.settle()
        self.z.pop(cid, None)
        self.keys.pop(cid, None)

    def update(
        self,
        order: Sequence[Any],
        legs: Mapping[str, tuple[Any, ...]],
        candidates: Iterable[str],
        keys_in_order: Sequence[object] | None = None,
    ) -> dict[str, float]:
        """Stack again the ``candidates`` whose key in ``legs`` (id → (key, ...), the map's) is not the one
        they were stacked by; ``order`` is the map's legs sorted by key (``keys_in_order`` their keys,
        if at hand). Returns the z's that changed (a connection that left the map goes to ``low``: it
        draws nothing)."""
        self.settle()
        keys, zs = self.keys, self.z
        out: dict[str, float] = {}
        changed: list[object] = []  # their new keys
        for cid in candidates:
            got = legs.get(cid)
            if got is None:
                if cid in keys:
                    self.forget(cid)
                    out[cid] = self.low
            elif got[0] is not keys.get(cid):
                changed.append(got[0])
        if not changed:
            return out
        n = len(order)
        if len(changed) > n // 8:
            return {**out, **self.rebuild(order)}
        if keys_in_order is None:
            at = sorted([bisect.bisect_left(order, key, key=_KEY) for key in changed])
        else:  # the keys compared in C, without a call per step (a drop renews some 400 legs)
            at = sorted([bisect.bisect_left(keys_in_order, key) for key in changed])
        placed: dict[str, float] = {}
        k, m = 0, len(at)
        while k < m:
            # A run of neighbours in the order that all changed, between two that did not.
            end = k
            while end + 1 < m and at[end + 1] == at[end] + 1:
                end += 1
            first, last = at[k], at[end]
            k = end + 1
            lo = zs.get(order[first - 1].spec.id) if first > 0 else self.low
            hi = zs.get(order[last + 1].spec.id) if last + 1 < n else self.high
            if lo is None or hi is None:  # a neighbour never stacked: not expected, but then all afresh
                return {**out, **self.rebuild(order)}
            if first == last:  # most often: one leg, still between its neighbours (a stack shifted by one)
                leg = order[first]
                cid = leg.spec.id
                keys[cid] = leg.key
                old = zs.get(cid)
                if old is None or not lo < old < hi:
                    z = (lo + hi) / 2
                    if not lo < z < hi:  # no double left between them
                        return {**out, **self.rebuild(order)}
                    placed[cid] = z
                continue
            run = order[first : last + 1]
            ids = [leg.spec.id for leg in run]
            olds = [zs.get(cid) for cid in ids]
            if None in olds or not _increasing([lo, *olds, hi]):  # type: ignore[list-item]
                step = (hi - lo) / (len(run) + 1)
                wanted = [lo + step * j for j in range(1, len(run) + 1)]
                if not _increasing([lo, *wanted, hi]):
                    return {**out, **self.rebuild(order)}
                placed.update(zip(ids, wanted, strict=True))
            for leg in run:
                keys[leg.spec.id] = leg.key
        for cid, z in placed.items():
            zs[cid] = z
            out[cid] = z
        return out


def _increasing(values: list[float]) -> bool:
    return all(a < b for a, b in pairwise(values))
