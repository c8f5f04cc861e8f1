"""The journey as a directed graph: flow and returns, entries, exits, dead ends, loops, paths (docs/analysis.md §1-3).

Internally cards are numbered in journey order and every next-step list is ordered from that
numbering, never from ids or Python's set order, so the same journey gives the same result in
every run and whatever random ids its cards and connections carry.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model import Connection, Project, Touchpoint, vocab

if TYPE_CHECKING:
    import networkx as nx

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
    import networkx as nx  # only for callers that want a networkx graph: the analysis itself does without

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


class Flow:
    """The flow steps as next-step and previous-step lists over cards 0…n−1 (what the analysis needs of a graph).

    The analysis used networkx for this; importing it alone cost more than the rest of the
    graph work on a 5,000-card map. ``succ[v]`` is in journey order, forward first, and
    ``pred[v]`` in ascending card order: the orders networkx's DiGraph had when built from the
    same sorted steps, so every search below visits cards as networkx's did (tests compare).
    """

    __slots__ = ("pred", "succ")

    def __init__(self, succ: list[list[int]]) -> None:
        self.succ = succ
        pred: list[list[int]] = [[] for _ in succ]
        for v, ws in enumerate(succ):
            for w in ws:
                pred[w].append(v)
        self.pred = pred

    def __len__(self) -> int:
        return len(self.succ)

    @property
    def edges(self) -> list[tuple[int, int]]:
        return [(v, w) for v, ws in enumerate(self.succ) for w in ws]

    def number_of_edges(self) -> int:
        return sum(map(len, self.succ))

    def predecessors(self, v: int) -> list[int]:
        return self.pred[v]

    def in_degree(self, v: int) -> int:
        return len(self.pred[v])


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
    flow: Flow
    has_in: list[bool]  # any connection in or out, returns included
    has_out: list[bool]
    # The strongly connected parts found before the returns were taken out (None when there was
    # no loop back to look at): :func:`flow_parts` refines them instead of searching every card again.
    parts_with_returns: list[int] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def of(
        cls, card_ids: Sequence[str], edges: Iterable[tuple[str, str, str]], index: Mapping[str, int] | None = None
    ) -> JourneyGraph:
        """From ``(source id, target id, kind)`` triples, in any order, duplicates allowed.

        ``index`` maps each of ``card_ids`` to its position, when the caller has it already.
        """
        n = len(card_ids)
        if index is None:
            index = dict(zip(card_ids, range(n)))
        # Each connection straight into its card's list, joined twice or more made one step when
        # the list is sorted; only the loop backs are keyed (by s·n + t: a pair of card numbers
        # without a tuple made and hashed per step), as most connections are not.
        has_in, has_out = [False] * n, [False] * n
        succ: list[list[int]] = [[] for _ in range(n)]
        loop_backs: dict[int, int] = {}
        for s, t, kind in edges:
            si, ti = index[s], index[t]
            succ[si].append(ti)
            has_in[ti] = True
            if kind == RETURN_KIND:
                key = si * n + ti
                loop_backs[key] = loop_backs.get(key, 0) + 1
        # A step is a loop back only when every connection between its two cards is one.
        only_back = []
        for key, count in loop_backs.items():
            s, t = divmod(key, n)
            if succ[s].count(t) == count:
                only_back.append((s, t))
        # Each card's steps forward first (ascending), then back (ascending): forward_first's
        # order, per card, without a key tuple for every step.
        for s, ws in enumerate(succ):
            if ws:
                has_out[s] = True
                if len(ws) > 1:
                    ws.sort()
                    if len(set(ws)) < len(ws):
                        ws[:] = sorted(set(ws))
                    if ws[0] < s <= ws[-1]:
                        k = bisect.bisect_left(ws, s)
                        ws[:] = ws[k:] + ws[:k]
        returns = []
        part = None
        if only_back:
            # In the order of the cards' step lists: by card, then forward first.
            candidates = sorted(only_back, key=lambda e: (e[0], forward_first(e[0], e[1])))
            # A loop back goes back only if its target leads to its source, i.e. both sit in one
            # strongly connected part; one that closes no loop is taken as an ordinary step.
            part = _components(succ)
            returns = [(s, t) for s, t in candidates if part[s] == part[t]]
            for s, t in returns:
                succ[s].remove(t)
        return cls(list(card_ids), succ, returns, Flow(succ), has_in, has_out, part)

    def every_succ(self) -> list[list[int]]:
        """Each card's next steps with the returns back in: every connection a customer can follow.

        To read only: the lists of cards no return leaves are ``succ``'s own.
        """
        if not self.returns:
            return self.succ
        # Only the lists of cards a return leaves are copied (a few in a big map, not every card's).
        every = list(self.succ)
        for s, t in self.returns:
            every[s] = [*every[s], t]
        return every

    def names(self, nodes: Iterable[int]) -> list[str]:
        return [self.ids[v] for v in nodes]


def _components(succ: Sequence[Sequence[int]]) -> list[int]:
    """The number of each card's strongly connected part (Tarjan's algorithm, without recursion).

    Only which cards share a number matters, not the numbers themselves.
    """
    n = len(succ)
    index = [-1] * n
    low = [0] * n
    part = [-1] * n
    on_stack = [False] * n
    stack: list[int] = []
    counter = parts = 0
    for root in range(n):
        if index[root] >= 0:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        work = [(root, iter(succ[root]))]
        while work:
            v, it = work[-1]
            for w in it:
                if index[w] < 0:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack[w] = True
                    work.append((w, iter(succ[w])))
                    break
                if on_stack[w] and index[w] < low[v]:
                    low[v] = index[w]
            else:
                work.pop()
                if work:
                    u = work[-1][0]
                    if low[v] < low[u]:
                        low[u] = low[v]
                if low[v] == index[v]:
                    while True:
                        w = stack.pop()
                        on_stack[w] = False
                        part[w] = parts
                        if w == v:
                            break
                    parts += 1
    return part


def flow_parts(g: JourneyGraph) -> list[int]:
    """The number of each card's strongly connected part of the flow (returns left out).

    Taking the returns out can only split the parts they were in: a loop lies within one part,
    so every other part is still one. Only the parts that lost a step are searched again (on a
    big map that is a few cards instead of every card); their pieces get new numbers. As with
    :func:`_components`, only which cards share a number matters.
    """
    before = g.parts_with_returns
    if before is None:
        return _components(g.succ)
    if not g.returns:  # nothing was taken out: the same graph
        return before
    touched = {before[s] for s, _ in g.returns}
    cards = [v for v, k in enumerate(before) if k in touched]
    if 2 * len(cards) > len(before):
        # Most cards are in loops that lost a step (on the generated maps, three in four): the
        # refinement's renumbering costs twice a plain search per card, so search them all again.
        return _components(g.succ)
    local = {v: i for i, v in enumerate(cards)}
    succ = g.succ
    # A step between two different parts closes no loop: only the steps within a part are kept.
    inner = [[local[w] for w in succ[v] if before[w] == before[v]] for v in cards]
    base = max(before) + 1
    part = list(before)
    for v, k in zip(cards, _components(inner), strict=True):
        part[v] = base + k
    return part


def _reachable(succ: Sequence[Sequence[int]], starts: Iterable[int]) -> list[bool]:
    seen = [False] * len(succ)
    todo = []
    for v in starts:
        if not seen[v]:
            seen[v] = True
            todo.append(v)
    while todo:
        for w in succ[todo.pop()]:
            if not seen[w]:
                seen[w] = True
                todo.append(w)
    return seen


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
    # Kahn's order of the flow's cards when the flow has no loop (None when it has one):
    # the counted path share walks the flow in this very order (_topological_order).
    flow_order: list[int] | None = None


def structure(g: JourneyGraph, stage_rank: Sequence[int]) -> Structure:
    """Classify the cards as in docs §1; ``stage_rank[v]`` is the position of card ``v``'s stage."""
    n = len(g.ids)
    has_in, has_out = g.has_in, g.has_out
    isolated = [v for v, into, out in zip(range(n), has_in, has_out) if not into and not out]
    exits = [v for v, into, out in zip(range(n), has_in, has_out) if into and not out]
    # Entries are where nothing flows in: a card with no way in at all that leads somewhere; or,
    # when only returns come in ("book again") or it is a loop, if it holds a card of the first
    # stage, its earliest card. A card only returned to elsewhere in the journey is no start.
    # A flow without a loop (Kahn's order takes every card, in a pass cheaper than the search
    # for parts) has one card in each part: the usual case once the marked returns are out.
    order = _flow_order(g)
    acyclic = len(order) == n
    first_rank = min(stage_rank) if n else None
    if acyclic:
        part = list(range(n))
        # Every card is a part of its own, entered when any flow step comes in: the loop below
        # for one-card parts, without a list of members per card.
        entries = [
            v for v, ps in enumerate(g.flow.pred)
            if not ps and has_out[v] and (not has_in[v] or stage_rank[v] == first_rank)
        ]
    else:
        part = flow_parts(g)
        entries = _entries_of_parts(g, stage_rank, part, first_rank)
    reachable = _reachable(g.every_succ(), entries)
    iso = set(isolated)
    unreachable = [v for v, seen in enumerate(reachable) if not seen and v not in iso]
    last_rank = max(stage_rank) if n else None
    dead_ends = [v for v in exits if reachable[v] and stage_rank[v] != last_rank]
    return Structure(
        entries, exits, isolated, reachable, unreachable, dead_ends, last_rank, part, order if acyclic else None
    )


def _entries_of_parts(
    g: JourneyGraph, stage_rank: Sequence[int], part: Sequence[int], first_rank: int | None
) -> list[int]:
    """The entries of :func:`structure` when the flow has loops: the parts no flow step enters."""
    n = len(g.ids)
    entered = [False] * (max(part) + 1 if n else 0)
    members: dict[int, list[int]] = {}
    for v in range(n):
        members.setdefault(part[v], []).append(v)
        for w in g.succ[v]:
            if part[w] != part[v]:
                entered[part[w]] = True
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
    return entries


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
    # Breadth-first search from both ends; the way v → u stays inside the loop's part.
    return [shortest_path(g.flow, v, u) for u, v in back[: min(max_cycles, searches)]]


def shortest_path(flow: Flow, source: int, target: int) -> list[int]:
    """A shortest way from ``source`` to ``target``: networkx's ``bidirectional_shortest_path``, step for step.

    The same search in the same order, so of several equally short ways it finds the same one
    (a test compares). Raises ValueError when there is no way.
    """
    if source == target:
        return [source]
    fsucc, fpred = flow.succ, flow.pred
    pred: dict[int, int | None] = {source: None}
    succ: dict[int, int | None] = {target: None}
    forward, reverse = [source], [target]
    meet = None
    while forward and reverse and meet is None:
        if len(forward) <= len(reverse):
            level, forward = forward, []
            for v in level:
                for w in fsucc[v]:
                    if w not in pred:
                        forward.append(w)
                        pred[w] = v
                    if w in succ:
                        meet = w
                        break
                if meet is not None:
                    break
        else:
            level, reverse = reverse, []
            for v in level:
                for w in fpred[v]:
                    if w not in succ:
                        succ[w] = v
                        reverse.append(w)
                    if w in pred:
                        meet = w
                        break
                if meet is not None:
                    break
    if meet is None:
        raise ValueError(f"no way from card {source} to card {target}")
    path = []
    at: int | None = meet
    while at is not None:
        path.append(at)
        at = pred[at]
    path.reverse()
    at = succ[path[-1]]
    while at is not None:
        path.append(at)
        at = succ[at]
    return path


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


def counted_path_share(
    g: JourneyGraph,
    entries: Sequence[int],
    back: Sequence[tuple[int, int]],
    flow_order: Sequence[int] | None = None,
) -> list[float]:
    """Share of maximal paths through each card, counted on the flow without its steps back (docs §3).

    ``flow_order`` is :attr:`Structure.flow_order`, the flow's topological order when it has no
    loop (then there is no step back): given, it is not computed again.
    """
    dropped = set(back)
    succ = [[w for w in ws if (v, w) not in dropped] for v, ws in enumerate(g.succ)] if dropped else g.succ
    topo = flow_order if flow_order is not None and not dropped else _topological_order(succ)
    # Counts grow exponentially with the journey's depth: floats keep the work linear and are
    # exact enough for a share; past 1e308 paths they overflow, and exact integers take over.
    share = _path_share(succ, topo, entries, 1.0)
    if share is None or not all(map(math.isfinite, share)):
        share = _path_share(succ, topo, entries, 1)
        assert share is not None  # exact integers do not overflow
    # Float rounding must not lift a share above 1. The shares are finite (checked above, or exact
    # quotients): when none is above 1, as on most maps, min(1.0, x) is every x, and no copy is made.
    if max(share, default=0.0) <= 1.0:
        return share
    return [min(1.0, x) for x in share]


def _flow_order(g: JourneyGraph) -> list[int]:
    """:func:`_topological_order` of the flow, its in-degrees read from the flow's previous-step lists.

    Shorter than the number of cards when the flow has a loop (the cards on and after it are never freed).
    """
    return _kahn(g.succ, list(map(len, g.flow.pred)))


def _topological_order(succ: Sequence[Sequence[int]]) -> list[int]:
    """Kahn's order of a DAG given as next-step lists.

    Over the lists the counting already walks: networkx's topological_sort would need the
    steps back taken out of the shared flow graph, or a second graph built, first (docs §3).
    """
    indegree = [0] * len(succ)
    for ws in succ:
        for w in ws:
            indegree[w] += 1
    return _kahn(succ, indegree)


def _kahn(succ: Sequence[Sequence[int]], indegree: list[int]) -> list[int]:
    """The steps in Kahn's order, freeing each as its last step in comes (``indegree`` is used up)."""
    order = [v for v, d in enumerate(indegree) if not d]
    for v in order:  # the list grows while it is walked
        for w in succ[v]:
            indegree[w] -= 1
            if not indegree[w]:
                order.append(w)
    return order


def _path_share(
    succ: Sequence[Sequence[int]], topo: Sequence[int], entries: Iterable[int], one: float
) -> list[float] | None:
    """Share of paths through each card, counting in the type of ``one``.

    None when float counts overflow on the way: any infinite count makes some share infinite
    or NaN, so the caller counts again in exact integers without the rest of this pass.
    """
    n = len(succ)
    zero = one - one
    from_entry = [zero] * n
    for v in entries:
        from_entry[v] = one
    # A count reached once (most cards: one way in, one way on) is its neighbour's count itself:
    # no addition to zero, which for a 2,700-bit count makes a copy of it.
    for v in topo:
        fv = from_entry[v]
        if fv:
            for w in succ[v]:
                fw = from_entry[w]
                from_entry[w] = fw + fv if fw else fv
    if isinstance(one, float) and math.isinf(max(from_entry, default=0.0)):
        return None
    to_end = [zero] * n
    for v in reversed(topo):
        ws = succ[v]
        to_end[v] = (to_end[ws[0]] if len(ws) == 1 else sum(to_end[w] for w in ws)) if ws else one
    if isinstance(one, float) and math.isinf(max(to_end, default=0.0)):
        return None
    all_paths = sum(from_entry[v] for v in range(n) if not succ[v])
    if not all_paths:
        return [0.0] * n
    if isinstance(one, float):
        return [(from_entry[v] * to_end[v]) / all_paths for v in range(n)]
    # Exact integers: astronomically many paths still give a true share.
    return exact_shares(from_entry, to_end, all_paths)


# Bits of each count that :func:`exact_shares` keeps: enough that the bounds of a share round to
# one float but in about one case in 2**40.
SHARE_BITS = 96


def exact_shares(before: Sequence[int], after: Sequence[int], total: int) -> list[float]:
    """Each ``before[v] · after[v] / total`` correctly rounded to a float, as Python divides the exact product.

    On a 20,000-card map the counts have 2,700 bits: multiplying and dividing them exactly took
    longer than counting them. The leading bits of each count bound the quotient from below and
    above; a correctly rounded division never decreases as its value grows, so when both bounds
    round to the same float that is the float of the exact quotient. Otherwise (about one share
    in 2**40) the exact product is divided.
    """
    shift_t = max(total.bit_length() - SHARE_BITS, 0)
    t = total >> shift_t
    # The total lies in [t·2^shift_t, (t + 1)·2^shift_t): exactly t·2^shift_t when nothing was cut.
    t_up = t + (shift_t > 0)
    out = []
    # A card reached by one step shares its neighbour's count object, and one with one step on
    # shares its successor's: along a chain the pair repeats (on the generated 20,000-card map,
    # 7,569 pairs for 20,000 cards). The same two objects give the same share.
    known: dict[tuple[int, int], float] = {}
    for b, a in zip(before, after, strict=True):
        if not b or not a:
            out.append(0.0)
            continue
        pair = (id(b), id(a))
        share = known.get(pair)
        if share is not None:
            out.append(share)
            continue
        shift_b = max(b.bit_length() - SHARE_BITS, 0)
        shift_a = max(a.bit_length() - SHARE_BITS, 0)
        if not (shift_b or shift_a or shift_t):
            share = known[pair] = (b * a) / total
            out.append(share)
            continue
        b_top, a_top = b >> shift_b, a >> shift_a
        low_num, high_num = b_top * a_top, (b_top + (shift_b > 0)) * (a_top + (shift_a > 0))
        low_den, high_den = t_up, t
        scale = shift_b + shift_a - shift_t
        if scale >= 0:
            low_num, high_num = low_num << scale, high_num << scale
        else:
            low_den, high_den = low_den << -scale, high_den << -scale
        low = low_num / low_den
        share = known[pair] = low if low == high_num / high_den else (b * a) / total
        out.append(share)
    return out


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
    else:
        meta = {"method": "sampled", "k": k, "seed": BETWEENNESS_SEED}
    return brandes(g.succ, k, BETWEENNESS_SEED, pred=g.flow.pred), meta


def brandes(
    succ: Sequence[Sequence[int]],
    k: int | None = None,
    seed: int = 0,
    *,
    pred: Sequence[Sequence[int]] | None = None,
) -> list[float]:
    """Brandes' betweenness of cards 0…n−1, normalised, from every card or from ``k`` drawn with ``seed``.

    networkx's ``betweenness_centrality(G, k, normalized=True, seed=seed)`` on a DiGraph whose
    nodes are 0…n−1 and whose adjacency is ``succ``, operation for operation: the same sources
    drawn, the same sums in the same order, so the same floats (a test compares on random
    graphs). Without networkx, which cost more to import than this takes to run. ``pred`` lists
    each card's previous steps in ascending order (as :class:`Flow` has them): built here if not given.
    """
    n = len(succ)
    if k == n:
        # networkx counts from every card in card order then, not from all n drawn in random
        # order: the same pairs, but other sums in the last bit. betweenness() never asks k = n.
        k = None
    if pred is None:
        built: list[list[int]] = [[] for _ in range(n)]
        for v, ws in enumerate(succ):
            for w in ws:
                built[w].append(v)
        pred = built
    # A card with one way in was reached through it: that card is one step nearer, no check needed.
    only = [ps[0] if len(ps) == 1 else -1 for ps in pred]
    between = [0.0] * n
    sources: Sequence[int] = range(n) if k is None else random.Random(seed).sample(list(range(n)), k)
    for s in sources:
        # Breadth-first search from s counting shortest ways (sigma), in networkx's order.
        order = [s]
        append = order.append
        sigma = [0.0] * n
        dist = [-1] * n
        sigma[s] = 1.0
        dist[s] = 0
        for v in order:  # the list grows while it is walked: it is the queue
            dv = dist[v] + 1
            sv = sigma[v]
            for w in succ[v]:
                dw = dist[w]
                if dw < 0:
                    append(w)
                    dist[w] = dv
                    sigma[w] = sv  # networkx adds sv to 0.0: the same float
                elif dw == dv:
                    sigma[w] += sv
        # Accumulation in reverse order of distance. networkx keeps each card's shortest-way
        # predecessors; the cards one step nearer among its predecessors are the same, and each
        # delta[v] still receives its terms in the same order, so the sums are the same floats.
        # The source (order[0]) has no predecessor and gains nothing: it is left out.
        delta = [0] * n
        for w in order[:0:-1]:
            dw = delta[w]
            coeff = (1 + dw) / sigma[w]
            v = only[w]
            if v >= 0:
                delta[v] += sigma[v] * coeff
            else:
                near = dist[w] - 1
                for v in pred[w]:
                    if dist[v] == near:
                        delta[v] += sigma[v] * coeff
            between[w] += dw
    pairs = n - 1  # v is never the target of the (s, t) pairs counted for it
    if pairs < 2:
        return between
    if k is None:
        scale = 1 / (pairs * (pairs - 1))
        return [b * scale for b in between]
    # Sampled: a source never counts pairs starting at itself, so it was counted from k − 1 sources.
    scale_source = 1 / ((k - 1) * (pairs - 1)) if k > 1 else math.nan
    scale_other = 1 / (k * (pairs - 1))
    drawn = set(sources)
    return [b * (scale_source if v in drawn else scale_other) for v, b in enumerate(between)]
