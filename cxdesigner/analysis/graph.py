"""The journey as a directed graph: flow and returns, entries, exits, dead ends, loops, paths (docs/analysis.md §1-3).

Internally cards are numbered in journey order and every next-step list is ordered from that
numbering, never from ids or Python's set order, so the same journey gives the same result in
every run and whatever random ids its cards and connections carry.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx

from ..model import Connection, Project, Touchpoint, vocab

RETURN_KIND = "loop_back"
KIND_RANK = {k: i for i, k in enumerate(vocab.CONNECTION_KINDS)}
# Brandes' betweenness costs (cards + steps) per source card: exact while all sources fit in
# the budget, else sampled from as many sources as fit (at least the minimum) (docs §3).
BETWEENNESS_BUDGET = 200_000
BETWEENNESS_MIN_SAMPLES = 8
BETWEENNESS_SEED = 0


def forward_first(v: int, w: int) -> tuple[bool, int]:
    """Sort key of card ``w`` among the next steps of card ``v``: later cards first, then earlier ones."""
    return (w < v, w)


def connection_order(cards: Sequence[Touchpoint], connections: Iterable[Connection]) -> list[Connection]:
    """Connections in journey order: by source card, then target (forward first), then kind; never by id."""
    index = {tp.id: i for i, tp in enumerate(cards)}

    def key(c: Connection) -> tuple[int, tuple[bool, int], int]:
        s = index[c.source_id]
        return (s, forward_first(s, index[c.target_id]), KIND_RANK[c.kind])

    return sorted(connections, key=key)


def graph_of(cards: Sequence[Touchpoint], connections: Iterable[Connection]) -> nx.DiGraph:
    """Cards as nodes (in the given order, attribute ``order``) and connections as edges (``kind``, ``id``).

    Two connections between the same cards are one edge carrying the first one's kind in
    connection order, so it is a loop back only when both are (docs §1).
    """
    g = nx.DiGraph()
    for i, tp in enumerate(cards):
        g.add_node(tp.id, order=i)
    for c in connection_order(cards, connections):
        if not g.has_edge(c.source_id, c.target_id):
            g.add_edge(c.source_id, c.target_id, kind=c.kind, id=c.id)
    return g


def build_graph(project: Project, journey_id: str) -> nx.DiGraph:
    """The journey as a DiGraph with card ids as nodes, in journey order (docs §1)."""
    return graph_of(project.touchpoints(journey_id), project.connections(journey_id))


def _digraph(n: int, edges: Iterable[tuple[int, int]]) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from(edges)
    return g


@dataclass
class JourneyGraph:
    """Cards numbered 0…n−1 in journey order, split into flow steps and intended returns (docs §1).

    ``flow`` holds every step a customer takes forward or sideways, including loops nobody
    marked; ``returns`` holds the loop-back connections that do go back (their target leads to
    their source). ``succ`` lists each card's flow steps forward first, in journey order.
    """

    ids: list[str]
    succ: list[list[int]]
    returns: list[tuple[int, int]]
    flow: nx.DiGraph
    every: nx.DiGraph  # flow steps and returns: what a customer can follow at all
    has_in: list[bool]  # any connection in or out, returns included
    has_out: list[bool]

    @classmethod
    def of(cls, card_ids: Sequence[str], edges: Iterable[tuple[str, str, str]]) -> JourneyGraph:
        """From ``(source id, target id, kind)`` triples, in any order, duplicates allowed."""
        index = {v: i for i, v in enumerate(card_ids)}
        n = len(card_ids)
        only_back: dict[tuple[int, int], bool] = {}
        for s, t, kind in edges:
            pair = (index[s], index[t])
            only_back[pair] = only_back.get(pair, True) and kind == RETURN_KIND
        pairs = sorted(only_back, key=lambda e: (e[0], forward_first(*e)))
        every = _digraph(n, pairs)
        has_in, has_out = [False] * n, [False] * n
        for s, t in pairs:
            has_out[s] = has_in[t] = True
        candidates = [e for e in pairs if only_back[e]]
        if candidates:
            # A loop back goes back only if its target leads to its source, i.e. both sit in one
            # strongly connected part; one that closes no loop is taken as an ordinary step.
            part = _components(every)
            returns = [(s, t) for s, t in candidates if part[s] == part[t]]
        else:
            returns = []
        if returns:
            back = set(returns)
            flow_pairs = [e for e in pairs if e not in back]
            flow = _digraph(n, flow_pairs)
        else:
            flow_pairs, flow = pairs, every
        succ: list[list[int]] = [[] for _ in range(n)]
        for s, t in flow_pairs:
            succ[s].append(t)
        return cls(list(card_ids), succ, returns, flow, every, has_in, has_out)

    def names(self, nodes: Iterable[int]) -> list[str]:
        return [self.ids[v] for v in nodes]


def _components(g: nx.DiGraph) -> list[int]:
    """The number of each card's strongly connected part (networkx)."""
    part = [0] * len(g)
    for k, members in enumerate(nx.strongly_connected_components(g)):
        for v in members:
            part[v] = k
    return part


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


def structure(g: JourneyGraph, stage_rank: Sequence[int]) -> Structure:
    """Classify the cards as in docs §1; ``stage_rank[v]`` is the position of card ``v``'s stage."""
    n = len(g.ids)
    isolated = [v for v in range(n) if not g.has_in[v] and not g.has_out[v]]
    exits = [v for v in range(n) if g.has_in[v] and not g.has_out[v]]
    # Entries are where nothing flows in: a card with no way in at all that leads somewhere; or,
    # when only returns come in ("book again") or it is a loop, if it holds a card of the first
    # stage, its earliest card. A card only returned to elsewhere in the journey is no start.
    part = _components(g.flow)
    entered = [False] * (max(part) + 1 if n else 0)
    members: dict[int, list[int]] = {}
    for v in range(n):
        members.setdefault(part[v], []).append(v)
        for w in g.succ[v]:
            if part[w] != part[v]:
                entered[part[w]] = True
    first_rank = min(stage_rank) if n else None
    entries = []
    for k, cards in members.items():
        if entered[k]:
            continue
        if len(cards) == 1 and not g.has_in[cards[0]]:
            if g.has_out[cards[0]]:
                entries.append(cards[0])
        elif any(stage_rank[v] == first_rank for v in cards) and any(g.has_out[v] for v in cards):
            entries.append(cards[0])  # members are listed in journey order
    entries.sort()
    reachable = [False] * n
    if entries:
        for layer in nx.bfs_layers(g.every, entries):
            for v in layer:
                reachable[v] = True
    iso = set(isolated)
    unreachable = [v for v in range(n) if not reachable[v] and v not in iso]
    last_rank = max(stage_rank) if n else None
    dead_ends = [v for v in exits if reachable[v] and stage_rank[v] != last_rank]
    return Structure(entries, exits, isolated, reachable, unreachable, dead_ends, last_rank)


@dataclass
class Search:
    """A depth-first search of the flow: its steps back, sorted, and the search tree."""

    back: list[tuple[int, int]]  # (from, to): sorted by the card returned to, then the one left
    parent: list[int]  # -1 at a search root


def depth_first(g: JourneyGraph, entries: Sequence[int]) -> Search:
    """Search the flow from the entries, then every other card, each in journey order (docs §3).

    An edge to a card still on the search path is a step back: it closes a loop nobody marked.
    """
    n = len(g.ids)
    flow = g.flow
    # networkx searches from one source or from every node in graph order; a temporary start
    # card with edges to the entries, then to every card, gives the order the docs define.
    start = n
    flow.add_node(start)
    flow.add_edges_from((start, v) for v in itertools.chain(entries, range(n)))
    parent = [-1] * n
    on_path = [False] * (n + 1)
    back = []
    try:
        for u, v, label in nx.dfs_labeled_edges(flow, start):
            if label == "forward":
                on_path[v] = True
                if u != start:
                    parent[v] = u
            elif label == "reverse":
                on_path[v] = False
            elif label == "nontree" and on_path[v]:
                back.append((u, v))
    finally:
        flow.remove_node(start)
    back.sort(key=lambda e: (e[1], e[0]))
    return Search(back, parent)


def loops(search: Search, max_cycles: int = 200) -> list[list[int]]:
    """The loop closed by each of the first ``max_cycles`` steps back, from the card returned to (docs §1)."""
    found = []
    for u, v in search.back[:max_cycles]:
        cycle = [u]
        while cycle[-1] != v:
            cycle.append(search.parent[cycle[-1]])
        cycle.reverse()
        found.append(cycle)
    return found


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


def counted_path_share(g: JourneyGraph, entries: Sequence[int], back: Sequence[tuple[int, int]]) -> list[float]:
    """Share of maximal paths through each card, counted exactly on the flow without its steps back (docs §3)."""
    n = len(g.ids)
    dropped = set(back)
    succ = [[w for w in ws if (v, w) not in dropped] for v, ws in enumerate(g.succ)] if dropped else g.succ
    # Taking the steps back out leaves a DAG; networkx orders it, in place, then they go back in.
    g.flow.remove_edges_from(dropped)
    try:
        topo = list(nx.topological_sort(g.flow))
    finally:
        g.flow.add_edges_from(dropped)
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


def betweenness_sources(n: int, m: int) -> int | None:
    """How many source cards Brandes' algorithm may start from: ``None`` for all of them (exact)."""
    per_source = n + m
    if n * per_source <= BETWEENNESS_BUDGET:
        return None
    return min(n, max(BETWEENNESS_MIN_SAMPLES, BETWEENNESS_BUDGET // per_source))


def betweenness(g: JourneyGraph) -> tuple[list[float], dict[str, object]]:
    """Normalised betweenness centrality of the flow, exact or sampled within a budget (docs §3)."""
    n = len(g.ids)
    k = betweenness_sources(n, g.flow.number_of_edges())
    if k is None:
        meta: dict[str, object] = {"method": "exact", "k": None, "seed": None}
        values = nx.betweenness_centrality(g.flow, normalized=True)
    else:
        meta = {"method": "sampled", "k": k, "seed": BETWEENNESS_SEED}
        values = nx.betweenness_centrality(g.flow, k=k, normalized=True, seed=BETWEENNESS_SEED)
    return [values[v] for v in range(n)], meta
