"""The journey as a directed graph: entries, exits, dead ends, loops, bounded paths (docs/analysis.md §1-3).

Internally cards are numbered in journey order: integer nodes make every result independent of
Python's per-process string hashing (networkx iterates sets), and the loops run faster.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx

from ..model import Connection, Project, Touchpoint

EXACT_BETWEENNESS_LIMIT = 1000
BETWEENNESS_SAMPLES = 32
BETWEENNESS_SEED = 0


def graph_of(cards: Sequence[Touchpoint], connections: Iterable[Connection]) -> nx.DiGraph:
    """Cards as nodes (in the given order, attribute ``order``) and connections as edges (``kind``, ``id``)."""
    g = nx.DiGraph()
    for i, tp in enumerate(cards):
        g.add_node(tp.id, order=i)
    for c in connections:
        g.add_edge(c.source_id, c.target_id, kind=c.kind, id=c.id)
    return g


def build_graph(project: Project, journey_id: str) -> nx.DiGraph:
    """The journey as a DiGraph with card ids as nodes, in journey order (docs §1)."""
    return graph_of(project.touchpoints(journey_id), project.connections(journey_id))


@dataclass
class IndexedGraph:
    """Cards numbered 0…n−1 in journey order, with next steps forward first (docs §2)."""

    ids: list[str]
    succ: list[list[int]]
    pred: list[list[int]]

    @classmethod
    def of(cls, card_ids: Sequence[str], edges: Iterable[tuple[str, str]]) -> IndexedGraph:
        index = {v: i for i, v in enumerate(card_ids)}
        n = len(card_ids)
        out: list[set[int]] = [set() for _ in range(n)]
        for s, t in edges:
            out[index[s]].add(index[t])
        # Forward steps (later in journey order) first, then loop-backs, each in journey order.
        succ = [sorted(ws, key=lambda w, v=v: (w < v, w)) for v, ws in enumerate(out)]
        pred: list[list[int]] = [[] for _ in range(n)]
        for v, ws in enumerate(succ):
            for w in ws:
                pred[w].append(v)
        return cls(list(card_ids), succ, pred)

    @classmethod
    def from_digraph(cls, g: nx.DiGraph) -> IndexedGraph:
        return cls.of(list(g), g.edges())

    def to_networkx(self) -> nx.DiGraph:
        g = nx.DiGraph()
        g.add_nodes_from(range(len(self.ids)))
        g.add_edges_from((v, w) for v, ws in enumerate(self.succ) for w in ws)
        return g

    def names(self, nodes: Iterable[int]) -> list[str]:
        return [self.ids[v] for v in nodes]


@dataclass
class Structure:
    """Entries, exits and the problems of the graph's shape, as card numbers."""

    entries: list[int]
    exits: list[int]
    isolated: list[int]
    reachable: list[bool]
    unreachable: list[int]
    dead_ends: list[int]
    last_rank: int | None


def structure(g: IndexedGraph, stage_rank: Sequence[int], nxg: nx.DiGraph | None = None) -> Structure:
    """Classify the cards as in docs §1; ``stage_rank[v]`` is the position of card ``v``'s stage."""
    n = len(g.ids)
    entries, exits, isolated = [], [], []
    for v in range(n):
        has_in, has_out = bool(g.pred[v]), bool(g.succ[v])
        if not has_in and not has_out:
            isolated.append(v)
        elif not has_in:
            entries.append(v)
        elif not has_out:
            exits.append(v)
    # A loop with no way in that holds a card of the first stage is where the journey starts and
    # comes back to (e.g. "book again"): its earliest card is an entry. Elsewhere it is unreachable.
    first_rank = min(stage_rank) if n else None
    for component in nx.strongly_connected_components(nxg if nxg is not None else g.to_networkx()):
        if len(component) < 2 or not any(stage_rank[v] == first_rank for v in component):
            continue
        if all(u in component for v in component for u in g.pred[v]):
            entries.append(min(component))
    entries.sort()
    reachable = [False] * n
    todo = list(entries)
    for v in todo:
        reachable[v] = True
    while todo:
        v = todo.pop()
        for w in g.succ[v]:
            if not reachable[w]:
                reachable[w] = True
                todo.append(w)
    iso = set(isolated)
    unreachable = [v for v in range(n) if not reachable[v] and v not in iso]
    last_rank = max(stage_rank) if n else None
    dead_ends = [v for v in exits if reachable[v] and stage_rank[v] != last_rank]
    return Structure(entries, exits, isolated, reachable, unreachable, dead_ends, last_rank)


def loops(g: IndexedGraph, max_cycles: int = 200, nxg: nx.DiGraph | None = None) -> tuple[list[list[int]], bool]:
    """Up to ``max_cycles`` simple cycles, each starting at its earliest card; and whether more exist."""
    found: list[list[int]] = []
    truncated = False
    for cycle in nx.simple_cycles(nxg if nxg is not None else g.to_networkx()):
        if len(found) >= max_cycles:
            truncated = True
            break
        start = cycle.index(min(cycle))
        found.append(cycle[start:] + cycle[:start])
    found.sort(key=lambda c: (len(c), c))
    return found, truncated


@dataclass
class PathSet:
    """Paths found by :func:`enumerate_paths` and why the search stopped."""

    paths: list[list[int]] = field(default_factory=list)
    truncated: bool = False
    stopped_by: str | None = None  # "paths" or "steps"
    limit: int = 0


def enumerate_paths(
    successors: Sequence[Sequence[int]] | Mapping[int, Sequence[int]],
    entries: Iterable[int],
    max_paths: int = 1000,
    max_steps: int | None = None,
) -> PathSet:
    """Maximal simple paths from each entry, depth first, bounded (docs §2).

    A path ends at a card with no next step (an exit) or where every next step goes back
    to a card already on the path (the journey loops back there).
    """
    if max_steps is None:
        max_steps = 20 * max_paths + 10_000
    result = PathSet(limit=max_paths)
    steps = 0
    for start in entries:
        stack = [start]
        on_path = {start}
        iters = [iter(successors[start])]
        extended = [False]  # whether the card at this depth has led anywhere new yet
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                if not extended[-1]:
                    if len(result.paths) >= max_paths:
                        result.truncated, result.stopped_by = True, "paths"
                        return result
                    result.paths.append(list(stack))
                iters.pop()
                extended.pop()
                on_path.discard(stack.pop())
                continue
            steps += 1
            if steps > max_steps:
                result.truncated, result.stopped_by = True, "steps"
                return result
            if nxt in on_path:
                continue
            extended[-1] = True
            stack.append(nxt)
            on_path.add(nxt)
            iters.append(iter(successors[nxt]))
            extended.append(False)
    return result


def back_edges(successors: Sequence[Sequence[int]], starts: Iterable[int]) -> set[tuple[int, int]]:
    """Edges closing a loop in a depth-first search from ``starts`` then every other card (docs §3)."""
    state = [0] * len(successors)  # 0 = not seen, 1 = on the current search path, 2 = finished
    back: set[tuple[int, int]] = set()
    for root in [*starts, *range(len(successors))]:
        if state[root]:
            continue
        state[root] = 1
        stack = [(root, iter(successors[root]))]
        while stack:
            v, it = stack[-1]
            w = next(it, None)
            if w is None:
                state[v] = 2
                stack.pop()
            elif state[w] == 1:
                back.add((v, w))
            elif state[w] == 0:
                state[w] = 1
                stack.append((w, iter(successors[w])))
    return back


def counted_path_share(g: IndexedGraph, entries: Sequence[int]) -> list[float]:
    """Share of maximal paths through each card, counted exactly without loop-back edges (docs §3)."""
    back = back_edges(g.succ, entries)
    n = len(g.ids)
    succ = [[w for w in ws if (v, w) not in back] for v, ws in enumerate(g.succ)]
    indeg = [0] * n
    for ws in succ:
        for w in ws:
            indeg[w] += 1
    topo = [v for v in range(n) if indeg[v] == 0]
    for v in topo:  # the list grows while we walk it: Kahn's algorithm
        for w in succ[v]:
            indeg[w] -= 1
            if indeg[w] == 0:
                topo.append(w)
    from_entry = [0] * n
    for v in entries:
        from_entry[v] = 1
    for v in topo:
        fv = from_entry[v]
        if fv:
            for w in succ[v]:
                from_entry[w] += fv
    to_end = [0] * n
    for v in reversed(topo):
        ws = succ[v]
        to_end[v] = sum(to_end[w] for w in ws) if ws else 1
    all_paths = sum(from_entry[v] for v in range(n) if not succ[v])
    if not all_paths:
        return [0.0] * n
    # Python divides big integers exactly, so astronomically many paths still give a true share.
    return [(from_entry[v] * to_end[v]) / all_paths for v in range(n)]


def enumerated_path_share(paths: Sequence[Sequence[int]], n: int) -> list[float]:
    """Share of the given paths that pass through each card."""
    counts = [0] * n
    for p in paths:
        for v in p:
            counts[v] += 1
    total = len(paths)
    return [c / total if total else 0.0 for c in counts]


def _brandes(succ: Sequence[Sequence[int]], sources: Iterable[int]) -> list[float]:
    """Brandes' accumulation of shortest-path dependencies from ``sources`` (unweighted, directed)."""
    n = len(succ)
    bc = [0.0] * n
    for s in sources:
        sigma = [0] * n
        dist = [-1] * n
        preds: list[list[int]] = [[] for _ in range(n)]
        sigma[s], dist[s] = 1, 0
        order = [s]
        for v in order:  # breadth first: the list grows while we walk it
            dv, sv = dist[v] + 1, sigma[v]
            for w in succ[v]:
                dw = dist[w]
                if dw < 0:
                    dist[w] = dw = dv
                    order.append(w)
                if dw == dv:
                    sigma[w] += sv
                    preds[w].append(v)
        delta = [0.0] * n
        for w in reversed(order):
            coeff = (1.0 + delta[w]) / sigma[w]
            for v in preds[w]:
                delta[v] += sigma[v] * coeff
            if w != s:
                bc[w] += delta[w]
    return bc


def betweenness(g: IndexedGraph) -> tuple[list[float], dict[str, object]]:
    """Normalised betweenness centrality: exact up to 1,000 cards, else from 32 seeded sources (docs §3).

    Same definition and scaling as ``networkx.betweenness_centrality(normalized=True)`` (the tests
    compare them); written over plain lists because it is the slowest measure on big journeys.
    """
    n = len(g.ids)
    if n <= EXACT_BETWEENNESS_LIMIT:
        sources: Iterable[int] = range(n)
        meta: dict[str, object] = {"method": "exact", "k": None, "seed": None}
        scale = 1.0
    else:
        k = min(BETWEENNESS_SAMPLES, n)
        sources = random.Random(BETWEENNESS_SEED).sample(range(n), k)
        meta = {"method": "sampled", "k": k, "seed": BETWEENNESS_SEED}
        scale = n / k
    raw = _brandes(g.succ, sources)
    if n > 2:
        scale /= (n - 1) * (n - 2)
    else:
        scale = 0.0  # no card can lie between two others
    return [b * scale for b in raw], meta
