"""The journey as a directed graph: flow and returns, entries, exits, dead ends, loops, paths (docs/analysis.md §1-3).

Internally cards are numbered in journey order and every next-step list is ordered from that
numbering, never from ids or Python's set order, so the same journey gives the same result in
every run and whatever random ids its cards and connections carry.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..model import Connection, Project, Touchpoint, vocab

RETURN_KIND = "loop_back"
KIND_RANK = {k: i for i, k in enumerate(vocab.CONNECTION_KINDS)}
# Brandes' betweenness costs (cards + steps) per source card: exact while all sources fit in
# the budget, else sampled from as many sources as fit (at least the minimum) (docs §3).
BETWEENNESS_BUDGET = 200_000
BETWEENNESS_MIN_SAMPLES = 8
BETWEENNESS_SEED = 0
# Finding the way round an unmarked loop may search the whole map: at most 20 × cards + 20,000
# cards are searched in all.
LOOP_BUDGET_PER_CARD = 20
LOOP_BUDGET_BASE = 20_000


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
        has_in, has_out = [False] * n, [False] * n
        for s, t in pairs:
            has_out[s] = has_in[t] = True
        # One networkx graph: it holds every connection until the returns are known, then the flow.
        flow = _digraph(n, pairs)
        candidates = [e for e in pairs if only_back[e]]
        returns = []
        if candidates:
            # A loop back goes back only if its target leads to its source, i.e. both sit in one
            # strongly connected part; one that closes no loop is taken as an ordinary step.
            part = _components(flow)
            returns = [(s, t) for s, t in candidates if part[s] == part[t]]
            flow.remove_edges_from(returns)
        succ: list[list[int]] = [[] for _ in range(n)]
        for s, t in pairs:
            succ[s].append(t)
        for s, t in returns:
            succ[s].remove(t)
        return cls(list(card_ids), succ, returns, flow, has_in, has_out)

    @contextmanager
    def every(self) -> Iterator[nx.DiGraph]:
        """The flow with the returns back in, for a moment: every connection a customer can follow."""
        self.flow.add_edges_from(self.returns)
        try:
            yield self.flow
        finally:
            self.flow.remove_edges_from(self.returns)

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
    part: list[int]  # each card's strongly connected part of the flow: cards in one loop share it


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
        with g.every() as every:
            for layer in nx.bfs_layers(every, entries):
                for v in layer:
                    reachable[v] = True
    iso = set(isolated)
    unreachable = [v for v in range(n) if not reachable[v] and v not in iso]
    last_rank = max(stage_rank) if n else None
    dead_ends = [v for v in exits if reachable[v] and stage_rank[v] != last_rank]
    return Structure(entries, exits, isolated, reachable, unreachable, dead_ends, last_rank, part)


def steps_back(g: JourneyGraph, stage_rank: Sequence[int], part: Sequence[int]) -> list[tuple[int, int]]:
    """The flow steps that close a loop nobody marked, sorted by the card returned to, then the one left (docs §1).

    Inside a loop, a step to an earlier stage is a step back. A loop within one stage has no
    earlier stage to go to: its step back is the one that returns to where a depth-first search
    of the stage's loops, started where they are entered, is still on its way (networkx).
    Without all these steps the flow has no loop left.
    """
    back = []
    loops_in_stage = set()  # (part, stage) where a step goes to an earlier card: only there can a loop stay
    for u, ws in enumerate(g.succ):
        pu, su = part[u], stage_rank[u]
        for v in ws:
            if part[v] == pu:
                if stage_rank[v] < su:
                    back.append((u, v))
                elif v < u and stage_rank[v] == su:
                    loops_in_stage.add((pu, su))
    if loops_in_stage:
        back += _back_edges_within_stages(g, stage_rank, part, loops_in_stage)
    back.sort(key=lambda e: (e[1], e[0]))
    return back


def _back_edges_within_stages(
    g: JourneyGraph, stage_rank: Sequence[int], part: Sequence[int], groups: set[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Back edges of a depth-first search of the flow steps that stay in one of ``groups`` (part, stage).

    The search starts at the cards entered from outside their group, then every card of the
    groups, in journey order, and tries next steps forward first. Written over lists rather
    than with networkx's search, which takes one start or all nodes in graph order and would
    need a graph of just these steps built first (docs §1; a test compares the two).
    """
    n = len(g.ids)
    steps: list[list[int]] = [[] for _ in range(n)]
    cards = []
    inner_in = [0] * n
    for u in range(n):
        if (part[u], stage_rank[u]) in groups:
            cards.append(u)
            for v in g.succ[u]:
                if part[v] == part[u] and stage_rank[v] == stage_rank[u]:
                    steps[u].append(v)
                    inner_in[v] += 1
    entered = [v for v in cards if g.flow.in_degree(v) > inner_in[v]]
    state = [0] * n  # 0: not seen, 1: on the search path, 2: left
    back = []
    for root in itertools.chain(entered, cards):
        if state[root]:
            continue
        state[root] = 1
        stack = [(root, iter(steps[root]))]
        while stack:
            v, it = stack[-1]
            w = next(it, None)
            if w is None:
                state[v] = 2
                stack.pop()
            elif state[w] == 1:
                back.append((v, w))
            elif not state[w]:
                state[w] = 1
                stack.append((w, iter(steps[w])))
    return back


def loops(
    g: JourneyGraph, back: Sequence[tuple[int, int]], max_cycles: int = 200
) -> list[list[int]]:
    """For each of the first steps back u → v, the shortest way from v to u along the flow (docs §1).

    At most ``max_cycles`` loops, and no more searches than 20 + 20,000 / cards (each may
    cross the whole map), so a map with thousands of unmarked loops stays fast.
    """
    n = len(g.ids)
    searches = LOOP_BUDGET_PER_CARD + LOOP_BUDGET_BASE // max(n, 1)
    # networkx's breadth-first search from both ends; the way v → u stays inside the loop's part.
    return [nx.bidirectional_shortest_path(g.flow, v, u) for u, v in back[: min(max_cycles, searches)]]


@dataclass
class PathSet:
    """Paths found by :func:`enumerate_paths`, each as what it shares with the one before, and why the search stopped.

    Depth-first search finds paths in an order where each one starts like the one before it:
    path ``i`` is the first ``prefix[i]`` cards of path ``i - 1`` followed by ``tails[i]``. On a
    big map a thousand paths of 2,600 cards differ only in their last few, so this costs the
    steps the search took instead of the paths' total length.
    """

    prefix: list[int] = field(default_factory=list)
    tails: list[list[int]] = field(default_factory=list)
    # How many paths pass through each card; counted only when the search was not truncated.
    through: dict[int, int] = field(default_factory=dict)
    truncated: bool = False
    stopped_by: str | None = None  # "paths" or "steps"
    limit: int = 0

    def __len__(self) -> int:
        return len(self.tails)

    @property
    def paths(self) -> list[list[int]]:
        """Every path in full (costs their total length)."""
        return list(expand_paths(self.prefix, self.tails))


def expand_paths(prefix: Iterable[int], tails: Iterable[Sequence[Any]]) -> Iterator[list[Any]]:
    """Each path in full from its shared ``prefix`` length and its ``tail`` (see :class:`PathSet`)."""
    current: list[Any] = []
    for k, tail in zip(prefix, tails, strict=True):
        current = current[:k] + list(tail)
        yield current


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
    tails, through = result.tails, result.through
    steps = 0
    for start in entries:
        stack = [start]
        on_path = {start}
        iters = [iter(successors[start])]
        extended = [False]  # whether the card at this depth has led anywhere new yet
        found_before = [len(tails)]  # paths found when the card at this depth was reached
        shared = 0  # the lowest the stack has been since the last path: what the next one shares
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                if not extended[-1]:
                    if len(tails) >= max_paths:
                        result.truncated, result.stopped_by = True, "paths"
                        return result
                    result.prefix.append(shared)
                    tails.append(stack[shared:])
                    shared = len(stack)
                iters.pop()
                extended.pop()
                v = stack.pop()
                on_path.discard(v)
                passed = len(tails) - found_before.pop()
                if passed:
                    through[v] = through.get(v, 0) + passed
                shared = min(shared, len(stack))
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
            found_before.append(len(tails))
    return result


def counted_path_share(g: JourneyGraph, entries: Sequence[int], back: Sequence[tuple[int, int]]) -> list[float]:
    """Share of maximal paths through each card, counted on the flow without its steps back (docs §3)."""
    dropped = set(back)
    succ = [[w for w in ws if (v, w) not in dropped] for v, ws in enumerate(g.succ)] if dropped else g.succ
    topo = _topological_order(succ)
    # Counts grow exponentially with the journey's depth: floats keep the work linear and are
    # exact enough for a share; past 1e308 paths they overflow, and exact integers take over.
    share = _path_share(succ, topo, entries, 1.0)
    if not all(map(math.isfinite, share)):
        share = _path_share(succ, topo, entries, 1)
    return [min(1.0, x) for x in share]  # float rounding must not lift a share above 1


def _topological_order(succ: Sequence[Sequence[int]]) -> list[int]:
    """Kahn's order of a DAG given as next-step lists.

    Over the lists the counting already walks: networkx's topological_sort would need the
    steps back taken out of the shared flow graph, or a second graph built, first (docs §3).
    """
    indegree = [0] * len(succ)
    for ws in succ:
        for w in ws:
            indegree[w] += 1
    order = [v for v, d in enumerate(indegree) if not d]
    for v in order:  # the list grows while it is walked
        for w in succ[v]:
            indegree[w] -= 1
            if not indegree[w]:
                order.append(w)
    return order


def _path_share(succ: Sequence[Sequence[int]], topo: Sequence[int], entries: Iterable[int], one: float) -> list[float]:
    n = len(succ)
    zero = one - one
    from_entry = [zero] * n
    for v in entries:
        from_entry[v] = one
    for v in topo:
        fv = from_entry[v]
        if fv:
            for w in succ[v]:
                from_entry[w] += fv
    to_end = [zero] * n
    for v in reversed(topo):
        ws = succ[v]
        to_end[v] = sum(to_end[w] for w in ws) if ws else one
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


def found_path_share(found: PathSet, n: int) -> list[float]:
    """:func:`enumerated_path_share` of a complete search, from the counts it kept on the way."""
    total = len(found)
    through = found.through
    return [through.get(v, 0) / total if total else 0.0 for v in range(n)]


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
