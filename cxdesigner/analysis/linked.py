"""Linked journeys (sub-journeys): which journeys a journey's cards open, walked depth-first, cycle safe."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Project


def _opened(project: Project, journey_id: str) -> list[str]:
    """The journeys this journey's cards open, in map order, each once; links to deleted journeys left out."""
    journeys = project.tables["journey"]
    # Most journeys' cards open none: looked over unsorted first, the map order (a sort of every card,
    # 4 ms for each opening of a 5,000-card project's tree) is needed only to order those that do.
    if not any(
        tp.sub_journey and tp.sub_journey != journey_id and tp.sub_journey in journeys
        for cards in (project.placed_cards(journey_id), project.inbox_unordered(journey_id))
        for tp in cards
    ):
        return []
    out: dict[str, None] = {}
    for tp in project.touchpoints(journey_id) + project.inbox(journey_id):
        sub = tp.sub_journey
        if sub and sub != journey_id and sub in project.tables["journey"]:
            out[sub] = None
    return list(out)


def is_broken(project: Project, sub_journey: str | None) -> bool:
    """A card's link names a journey that no longer exists."""
    return bool(sub_journey) and sub_journey not in project.tables["journey"]


def linked_journeys(project: Project, journey_id: str) -> list[str]:
    """``journey_id`` then every journey reachable through its cards' links, depth-first, each once.

    Iterative with a seen set, so A → B → A and deep chains neither loop nor hit the recursion limit.
    """
    order: list[str] = []
    seen: set[str] = set()
    stack = [journey_id]
    while stack:
        jid = stack.pop()
        if jid in seen:
            continue
        seen.add(jid)
        order.append(jid)
        stack.extend(reversed([j for j in _opened(project, jid) if j not in seen]))
    return order


@dataclass(frozen=True)
class TreeRow:
    """One journey in the project's hierarchy: its depth, and whether it is also opened elsewhere."""

    journey_id: str
    depth: int
    parent_id: str | None
    shared: bool  # opened from more than one journey (shown under the first)


def journey_tree(project: Project) -> list[TreeRow]:
    """Every journey once, a sub-journey under the first journey (in project order) whose card opens it.

    A journey that only cycles back (A opens B opens A, neither opened from elsewhere) stays at the top
    level where it stands in the project; nothing recurses.
    """
    journeys = [j.id for j in project.journeys()]
    children = {jid: _opened(project, jid) for jid in journeys}
    openers: dict[str, int] = {}
    for kids in children.values():
        for k in kids:
            openers[k] = openers.get(k, 0) + 1
    rows: list[TreeRow] = []
    placed: set[str] = set()

    def place(root: str) -> None:
        stack: list[tuple[str, int, str | None]] = [(root, 0, None)]
        while stack:
            jid, depth, parent = stack.pop()
            if jid in placed:
                continue
            placed.add(jid)
            rows.append(TreeRow(jid, depth, parent, openers.get(jid, 0) > 1))
            stack.extend((k, depth + 1, jid) for k in reversed(children[jid]) if k not in placed)

    # Roots first (journeys no card opens), then whatever a cycle left out, in project order.
    for jid in journeys:
        if not openers.get(jid):
            place(jid)
    for jid in journeys:
        place(jid)
    return rows
