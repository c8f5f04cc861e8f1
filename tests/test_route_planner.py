"""The route planner and index redo only what an edit reaches, and give the whole plan's routes and labels.

Random journeys get random edits (cards pasted, deleted, moved within and between cells,
connections added, deleted and changed, a paste undone and redone); after each one the
incremental plan must equal :func:`plan_routes` made from scratch, leg by leg, and the routes
and labels placed with the kept index and labels must equal those placed afresh.
"""

from __future__ import annotations

import itertools
import math

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cxdesigner.layout.geometry import StageSpec, compute_layout
from cxdesigner.layout.routing import (
    _SLOT_GRIDS,
    _UP,
    HANDLE_CLEAR,
    PORT,
    PORT_MARGIN,
    ConnectionSpec,
    LabelMemory,
    RouteIndex,
    RoutePlan,
    RoutePlanner,
    _assign_ports,
    _Leg,
    _Side,
    _straighten,
    journey_order,
    place_routes,
    plan_routes,
)
from cxdesigner.model import vocab

STAGES = [StageSpec(f"s{i}", "before") for i in range(5)]
LANES = [f"l{j}" for j in range(3)]
KINDS = list(vocab.CONNECTION_KINDS)
LABEL_SIZE = {"": None, "yes": (30.0, 16.0), "a longer label": (90.0, 16.0)}
LABELS = list(LABEL_SIZE)

Cells = dict[tuple[str, str], list[str]]


def _legs(plan: RoutePlan) -> list[tuple[object, ...]]:
    return [
        (
            g.spec,
            g.key,
            g.shape,
            g.sides,
            g.g1,
            g.g2,
            g.h,
            g.h_off,
            g.s_port,
            g.d_port,
            g.v1,
            g.v2,
            g.straight,
        )
        for g in plan.legs
    ]


class _Kept:
    """What a scene keeps between edits: the planner, the route index and the last labels."""

    def __init__(self) -> None:
        self.planner = RoutePlanner()
        # Unit by unit whatever share of these small maps an edit moves: the units are what is checked.
        self.planner.whole_share = math.inf
        self.index = RouteIndex()
        self.memory: LabelMemory | None = None


def _check(kept: _Kept, cells: Cells, specs: dict[str, ConnectionSpec]) -> None:
    first = compute_layout(STAGES, LANES, {c: ids for c, ids in cells.items() if ids})
    mine = kept.planner.plan(first, list(specs.values()))
    mine_legs = _legs(mine)  # read now: the next call updates the planner's legs
    whole = plan_routes(first, list(specs.values()))
    assert mine_legs == _legs(whole)
    assert (mine.col_gutters, mine.row_gutters, mine.missing) == (whole.col_gutters, whole.row_gutters, whole.missing)
    # Placed with the kept index and labels, the routes and labels are those placed afresh.
    layout = compute_layout(
        STAGES, LANES, {c: ids for c, ids in cells.items() if ids}, None, None, None, mine.col_gutters, mine.row_gutters
    )
    routes, kept.memory = place_routes(mine, layout, kept.memory, kept.index)
    assert routes == place_routes(whole, layout)[0]


cell_st = st.tuples(st.sampled_from([s.id for s in STAGES]), st.sampled_from(LANES))
edit_st = st.one_of(
    st.tuples(st.just("add_card"), cell_st, st.integers(0, 6)),
    st.tuples(st.just("delete_card"), st.integers(0, 10_000)),
    st.tuples(st.just("move_card"), st.integers(0, 10_000), cell_st, st.integers(0, 6)),
    st.tuples(
        st.just("connect"),
        st.integers(0, 10_000),
        st.integers(0, 10_000),
        st.sampled_from(KINDS),
        st.sampled_from(LABELS),
    ),
    st.tuples(st.just("disconnect"), st.integers(0, 10_000)),
    st.tuples(st.just("change"), st.integers(0, 10_000), st.sampled_from(KINDS), st.sampled_from(LABELS)),
    st.tuples(st.just("paste_undo_redo"), st.integers(1, 4), cell_st),
    st.tuples(st.just("off_and_back"), st.integers(0, 10_000)),
)


@settings(max_examples=300)
@given(
    start=st.lists(st.tuples(cell_st, st.integers(0, 6)), min_size=2, max_size=40),
    links=st.lists(
        st.tuples(st.integers(0, 100), st.integers(0, 100), st.sampled_from(KINDS), st.sampled_from(LABELS)),
        max_size=70,
    ),
    edits=st.lists(edit_st, min_size=1, max_size=15),
)
def test_an_incremental_plan_equals_the_whole_plan_after_random_edits(start, links, edits):
    cells: Cells = {}
    counter = iter(range(10_000))

    def add_card(cell: tuple[str, str], pos: int) -> str:
        tid = f"t{next(counter)}"
        stack = cells.setdefault(cell, [])
        stack.insert(min(pos, len(stack)), tid)
        return tid

    def card_ids() -> list[str]:
        return [t for c in sorted(cells) for t in cells[c]]

    def remove_card(tid: str) -> None:
        for stack in cells.values():
            if tid in stack:
                stack.remove(tid)

    specs: dict[str, ConnectionSpec] = {}

    def connect(a: str, b: str, kind: str, label: str) -> None:
        if a != b:
            cid = f"c{next(counter)}"
            specs[cid] = ConnectionSpec(cid, a, b, kind, label, LABEL_SIZE[label])

    for cell, pos in start:
        add_card(cell, pos)
    ids = card_ids()
    for a, b, kind, label in links:
        connect(ids[a % len(ids)], ids[b % len(ids)], kind, label)
    kept = _Kept()
    _check(kept, cells, specs)
    for edit in edits:
        ids = card_ids()
        name = edit[0]
        if name == "add_card":
            add_card(edit[1], edit[2])
        elif name == "delete_card" and ids:
            # Connections to a deleted card go with it, as the model's delete does; some stay, unmapped.
            tid = ids[edit[1] % len(ids)]
            remove_card(tid)
            if edit[1] % 3:
                specs = {cid: s for cid, s in specs.items() if tid not in (s.source, s.target)}
        elif name == "move_card" and ids:
            tid = ids[edit[1] % len(ids)]
            remove_card(tid)
            stack = cells.setdefault(edit[2], [])
            stack.insert(min(edit[3], len(stack)), tid)
        elif name == "connect" and ids:
            connect(ids[edit[1] % len(ids)], ids[edit[2] % len(ids)], edit[3], edit[4])
        elif name == "disconnect" and specs:
            del specs[sorted(specs)[edit[1] % len(specs)]]
        elif name == "change" and specs:
            cid = sorted(specs)[edit[1] % len(specs)]
            specs[cid] = specs[cid]._replace(kind=edit[2], label=edit[3], label_size=LABEL_SIZE[edit[3]])
        elif name == "off_and_back" and ids:
            # A card leaves the map and comes back with the very specs of its connections, which
            # meanwhile have an end missing.
            tid = ids[edit[1] % len(ids)]
            before_cells = {c: list(s) for c, s in cells.items()}
            remove_card(tid)
            _check(kept, cells, specs)
            cells = before_cells
        elif name == "paste_undo_redo" and ids:
            # Copies of some cards and their connections into one cell, then gone, then back.
            before_cells = {c: list(s) for c, s in cells.items()}
            before_specs = dict(specs)
            copies = {t: add_card(edit[2], 99) for t in ids[: edit[1]]}
            for s in before_specs.values():
                if s.source in copies and s.target in copies:
                    connect(copies[s.source], copies[s.target], s.kind, s.label)
            pasted_cells, pasted_specs = {c: list(s) for c, s in cells.items()}, dict(specs)
            _check(kept, cells, specs)
            cells, specs = before_cells, before_specs
            _check(kept, cells, specs)
            cells, specs = pasted_cells, pasted_specs
        _check(kept, cells, specs)


@settings(max_examples=200)
@given(
    start=st.lists(st.tuples(cell_st, st.integers(0, 6)), min_size=2, max_size=40),
    links=st.lists(
        st.tuples(st.integers(0, 100), st.integers(0, 100), st.sampled_from(KINDS), st.sampled_from(LABELS)),
        max_size=70,
    ),
    edits=st.lists(
        st.one_of(
            st.tuples(st.just("move_card"), st.integers(0, 10_000), cell_st, st.integers(0, 6)),
            st.tuples(st.just("back"), st.integers(1, 3), cell_st, st.just(0)),
            st.tuples(st.just("add_card"), st.just(0), cell_st, st.integers(0, 6)),
            st.tuples(st.just("relabel"), st.integers(0, 10_000), cell_st, st.integers(0, 2)),
        ),
        min_size=1,
        max_size=12,
    ),
)
def test_placing_from_a_map_some_plans_back_equals_placing_afresh(start, links, edits):
    """A scene that undoes comes back to a map it kept, without planning: the planner and the route
    index are then some plans ahead of that map's labels (whose grid a later placement took). The
    next edit placed from those labels gives the routes and labels placed afresh."""
    cells: Cells = {}
    counter = iter(range(10_000))

    def add_card(cell: tuple[str, str], pos: int) -> None:
        stack = cells.setdefault(cell, [])
        stack.insert(min(pos, len(stack)), f"t{next(counter)}")

    for cell, pos in start:
        add_card(cell, pos)
    ids = [t for c in sorted(cells) for t in cells[c]]
    specs: dict[str, ConnectionSpec] = {}
    for a, b, kind, label in links:
        if ids[a % len(ids)] != ids[b % len(ids)]:
            cid = f"c{next(counter)}"
            specs[cid] = ConnectionSpec(cid, ids[a % len(ids)], ids[b % len(ids)], kind, label, LABEL_SIZE[label])
    kept = _Kept()
    _check(kept, cells, specs)
    maps = [({c: list(s) for c, s in cells.items()}, dict(specs), kept.memory)]
    for name, a, cell, pos in edits:
        ids = [t for c in sorted(cells) for t in cells[c]]
        if name == "back":
            # As the scene's kept maps: the cells, connections and labels of a map before, no planning.
            cells, specs, kept.memory = maps[max(0, len(maps) - 1 - a)]
            cells = {c: list(s) for c, s in cells.items()}
            specs = dict(specs)
            maps.append((cells, dict(specs), kept.memory))
            continue
        if name == "move_card" and ids:
            tid = ids[a % len(ids)]
            for stack in cells.values():
                if tid in stack:
                    stack.remove(tid)
            stack = cells.setdefault(cell, [])
            stack.insert(min(pos, len(stack)), tid)
        elif name == "add_card":
            add_card(cell, pos)
        elif name == "relabel" and specs:
            cid = sorted(specs)[a % len(specs)]
            label = LABELS[pos]
            specs[cid] = specs[cid]._replace(label=label, label_size=LABEL_SIZE[label])
        _check(kept, cells, specs)
        maps.append(({c: list(s) for c, s in cells.items()}, dict(specs), kept.memory))


def test_an_edit_that_moves_most_cards_is_planned_whole_and_a_small_one_unit_by_unit():
    """Undoing the deletion of cards spread over the map moves most of the others in their cells:
    planned whole (as fast as a fresh planner), the plan is the one planned unit by unit."""
    cells: Cells = {(s.id, lane): [f"t{s.id}{lane}{k}" for k in range(4)] for s in STAGES for lane in LANES}
    ids = [t for c in sorted(cells) for t in cells[c]]
    specs = {
        f"c{i}": ConnectionSpec(f"c{i}", a, b, KINDS[i % len(KINDS)], LABELS[i % 3], LABEL_SIZE[LABELS[i % 3]])
        for i, (a, b) in enumerate(zip(ids, ids[1:] + ids[:1]))
    }
    planner, unit = RoutePlanner(), RoutePlanner()
    unit.whole_share = math.inf

    def plan_both(cells: Cells) -> tuple[RoutePlan, RoutePlan]:
        layout = compute_layout(STAGES, LANES, {c: ids for c, ids in cells.items() if ids})
        shown = [s for s in specs.values() if any(s.source in v for v in cells.values())]
        mine, theirs = planner.plan(layout, shown), unit.plan(layout, shown)
        assert _legs(mine) == _legs(theirs) == _legs(plan_routes(layout, shown))
        assert (mine.col_gutters, mine.row_gutters) == (theirs.col_gutters, theirs.row_gutters)
        return mine, theirs

    plan_both(cells)
    # The first card of every cell gone: every other card moves up its cell.
    mine, theirs = plan_both({c: v[1:] for c, v in cells.items()})
    assert mine.changed is None and theirs.changed is not None
    mine, theirs = plan_both(cells)  # and back (an undo)
    assert mine.changed is None and theirs.changed is not None
    # One card moved to the end of its cell: planned unit by unit by both.
    first = next(iter(cells))
    mine, theirs = plan_both({**cells, first: cells[first][1:] + cells[first][:1]})
    assert mine.changed is not None and mine.changed == theirs.changed


def test_the_planner_places_the_same_picture_as_a_fresh_plan():
    """Routes and labels placed from the planner's plan are those of a fresh plan, gutters and all."""
    cells: Cells = {("s0", "l0"): ["a", "b", "c"], ("s1", "l0"): ["d"], ("s3", "l1"): ["e", "f"]}
    specs = [
        ConnectionSpec("1", "a", "d", "normal", "yes", (30.0, 16.0)),
        ConnectionSpec("2", "b", "e", "failure", "", None),
        ConnectionSpec("3", "f", "a", "loop_back", "a longer label", (90.0, 16.0)),
        ConnectionSpec("4", "a", "b"),
    ]
    planner = RoutePlanner()
    planner.plan(compute_layout(STAGES, LANES, cells), specs)
    cells[("s0", "l0")] = ["b", "a", "c"]
    pictures = []
    for plan_with in (planner.plan, plan_routes):
        plan = plan_with(compute_layout(STAGES, LANES, cells), specs)
        layout = compute_layout(STAGES, LANES, cells, None, None, None, plan.col_gutters, plan.row_gutters)
        pictures.append((layout, place_routes(plan, layout)[0]))
    assert pictures[0] == pictures[1]


@settings(max_examples=12)
@given(
    steps=st.lists(
        st.one_of(
            st.tuples(st.just("paste"), st.integers(1, 12), st.integers(0, 10_000)),
            st.tuples(st.just("undo"), st.just(0), st.just(0)),
            st.tuples(st.just("redo"), st.just(0), st.just(0)),
            st.tuples(st.just("move"), st.integers(0, 10_000), st.integers(0, 10_000)),
            st.tuples(st.just("delete"), st.integers(0, 10_000), st.just(0)),
            st.tuples(st.just("connect"), st.integers(0, 10_000), st.integers(0, 10_000)),
            st.tuples(st.just("label"), st.integers(0, 10_000), st.sampled_from(LABELS)),
            st.tuples(st.just("emotion"), st.integers(0, 10_000), st.integers(-4, 3)),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_a_following_scene_shows_what_a_fresh_scene_shows_after_random_commands(qapp, steps):
    """Paste, undo, redo, move, delete, connect, relabel and change an emotion through the document:
    the scene that followed every command (planning and placing again only what each reached)
    shows the layout, routes, labels, cards and emotion row of a scene built afresh."""
    from test_canvas_layout import _bench_generate

    from cxdesigner.canvas.scene import JourneyScene
    from cxdesigner.document import Document
    from cxdesigner.document import commands as dc
    from cxdesigner.layout import clipboard

    doc = Document.new(_bench_generate()(60, journeys=1))
    scene = JourneyScene(doc.project, "en")
    try:
        project = doc.project
        jid = project.journeys()[0].id
        scene.set_journey(jid)
        stages, lanes = project.stages(jid), project.lanes(jid)
        for name, a, b in steps:
            cards = [tp.id for tp in project.touchpoints(jid)]
            conns = [c.id for c in project.connections(jid)]
            if name == "paste":
                first = b % len(cards)
                data = clipboard.decode(clipboard.to_json(clipboard.encode_cards(project, cards[first : first + a])))
                entities, _ = clipboard.paste_entities(project, data, jid)
                doc.execute(dc.AddEntitiesCommand(entities))
            elif name == "undo" and doc.stack.can_undo():
                doc.undo()
            elif name == "redo" and doc.stack.can_redo():
                doc.redo()
            elif name == "move":
                stage, lane = stages[b % len(stages)], lanes[(b // len(stages)) % len(lanes)]
                doc.execute(dc.MoveTouchpointsCommand([cards[a % len(cards)]], stage.id, lane.id, b % 5))
            elif name == "delete" and len(cards) > 2:
                doc.execute(dc.DeleteTouchpointsCommand([cards[a % len(cards)]]))
            elif name == "connect" and cards[a % len(cards)] != cards[b % len(cards)]:
                doc.execute(dc.AddConnectionCommand(cards[a % len(cards)], cards[b % len(cards)], kind="failure"))
            elif name == "label" and conns:
                doc.execute(dc.UpdateConnectionCommand(conns[a % len(conns)], label=b))
            elif name == "emotion":
                doc.execute(dc.UpdateTouchpointCommand(cards[a % len(cards)], emotion=None if b < -3 else b))
            fresh = JourneyScene(project, "en", follow=False)
            fresh.set_journey(jid)
            assert scene.layout == fresh.layout
            # The cells, kept between edits and read again only where one touched them, in a fresh build's order.
            assert list(scene.layout.cell_order) == list(fresh.layout.cell_order)
            mine = {cid: item.route for cid, item in scene.connection_items().items()}
            assert mine == {cid: item.route for cid, item in fresh.connection_items().items()}
            # The emotion row (kept stage by stage) and the cards' items, as a fresh scene has them.
            assert scene.curve_item.points == fresh.curve_item.points
            assert scene.curve_item.rect == fresh.curve_item.rect
            mine_cards = {tid: (item.pos(), item.isVisible()) for tid, item in scene.card_items().items()}
            assert mine_cards == {tid: (item.pos(), item.isVisible()) for tid, item in fresh.card_items().items()}
    finally:
        scene.detach()
        doc.close()


def test_placing_after_an_edit_keeps_the_routes_the_edit_did_not_reach():
    """A card moved within its stack: the planner names the legs it may have changed, placing keeps
    the very Route of every other connection (the scene then leaves its item alone), and the
    picture is the one placed afresh."""
    cells: Cells = {
        ("s0", "l0"): ["a", "b", "c"],
        ("s1", "l0"): ["d"],
        ("s3", "l1"): ["e", "f"],
        ("s4", "l2"): ["g", "h"],
    }
    specs = [
        ConnectionSpec("1", "a", "d", "normal", "yes", (30.0, 16.0)),
        ConnectionSpec("2", "b", "e", "failure", "", None),
        ConnectionSpec("3", "f", "a", "loop_back", "a longer label", (90.0, 16.0)),
        ConnectionSpec("4", "g", "h"),
        ConnectionSpec("5", "e", "g", "normal", "yes", (30.0, 16.0)),
    ]
    kept = _Kept()

    def place() -> dict:
        plan = kept.planner.plan(compute_layout(STAGES, LANES, cells), specs)
        layout = compute_layout(STAGES, LANES, cells, None, None, None, plan.col_gutters, plan.row_gutters)
        routes, kept.memory = place_routes(plan, layout, kept.memory, kept.index)
        assert routes == place_routes(plan_routes(layout, specs), layout)[0]
        return routes

    before = place()
    cells[("s4", "l2")] = ["h", "g"]
    after = place()
    assert after["4"] != before["4"]
    untouched = [cid for cid in ("1", "2", "3") if after[cid] is before[cid]]
    assert untouched == ["1", "2", "3"]


def test_the_planner_follows_a_card_that_grows_in_a_stack_that_did_not_change():
    """A card taller than before in the same stack (a picture prints whole titles): the cells' lists
    are those of last time, yet the cards below it moved; the planner plans them as a fresh plan does."""
    cells: Cells = {("s0", "l0"): ["a", "b", "c"], ("s1", "l0"): ["d"], ("s2", "l1"): ["e"]}
    specs = [
        ConnectionSpec("1", "a", "d"),
        ConnectionSpec("2", "c", "d"),
        ConnectionSpec("3", "c", "e", "normal", "yes", (30.0, 16.0)),
        ConnectionSpec("4", "b", "c"),
    ]
    planner = RoutePlanner()
    planner.plan(compute_layout(STAGES, LANES, cells), specs)
    layout = compute_layout(STAGES, LANES, cells, None, {"b": 120.0})
    assert _legs(planner.plan(layout, specs)) == _legs(plan_routes(layout, specs))


def _slots_afresh(top: float, height: float, right: bool, entries: bool) -> list[float]:
    """A side's grid of slots worked out from its definition, with nothing shared."""
    fam = 0.0 if right else PORT / 2
    k0 = math.ceil((top + PORT_MARGIN - fam) / PORT)
    k1 = math.floor((top + height - PORT_MARGIN - fam) / PORT)
    slots = [fam + k * PORT for k in range(k0, k1 + 1)]
    if right and entries:
        slots = [v for v in slots if abs(v - (top + height / 2)) >= HANDLE_CLEAR]
    return slots


side_st = st.tuples(
    st.integers(0, 60).map(lambda k: k * 2.5),  # top within the row
    st.sampled_from([16.0, 30.0, 60.0, 84.0, 100.0, 132.0]),  # height (16: a card with no slot)
    st.booleans(),  # right
    st.booleans(),  # an arrow comes in
    st.lists(st.integers(-2, 40).map(lambda k: k * 5.0), max_size=4),  # ports already taken
    st.integers(0, 1),  # the end at this side: the source's (0) or the target's (1)
)


@settings(max_examples=300)
@given(sides=st.lists(side_st, min_size=1, max_size=6))
def test_a_side_with_one_end_takes_the_free_slot_nearest_its_middle(sides):
    """The shared grids of slots are each side's own, and one end takes the free slot nearest the
    middle (the lower one on a tie), or the middle itself when no slot is free, as the general rule does."""
    for top, height, right, entries, used, end in sides:
        side = _Side(top, height, right)
        side.entries = entries
        side.used = list(used)
        leg = _Leg(ConnectionSpec("c", "a", "b"))
        side.ends.append(((0, 0.0), 0, leg, end))
        _assign_ports(side)
        slots = _slots_afresh(top, height, right, entries)
        assert side.slots() == slots
        free = [v for v in slots if all(abs(v - u) >= PORT - 1e-6 for u in used)]
        centre = top + height / 2
        want = min(free, key=lambda v: (abs(v - centre), v)) if free else centre
        assert (leg.s_port if end == 0 else leg.d_port) == want
        assert side.used == [*used, want]


def test_planning_leaves_the_shared_grids_as_they_were_made():
    cells: Cells = {("s0", "l0"): ["a", "b", "c"], ("s1", "l0"): ["d", "e"], ("s3", "l1"): ["f"]}
    specs = [ConnectionSpec(str(i), s, d) for i, (s, d) in enumerate(itertools.permutations("abcdef", 2))]
    plan_routes(compute_layout(STAGES, LANES, cells), specs)
    for (top, height, right, entries), slots in _SLOT_GRIDS.items():
        assert slots == _slots_afresh(top, height, right, entries)


def _ports_side_by_side(plan: RoutePlan, layout) -> list[tuple[float, float, bool]]:  # type: ignore[no-untyped-def]
    """The ports and straight steps as the whole plan made them before it took the sides without a
    straight step from their grids: every side a _Side with its ends, its ports from _assign_ports."""
    order = journey_order(layout)
    rows, cell_of = layout.rows, layout.card_cell
    place = {tid: (2 * order[tid][1] + 1, r.y - rows[cell_of[tid][1]][0], r.h) for tid, r in layout.cards.items()}
    sides: dict[tuple[str, str], _Side] = {}
    for n, leg in enumerate(plan.legs):
        if leg.shape <= _UP:
            continue
        leg.straight = False
        for end, tid, other in ((0, leg.s, leg.d), (1, leg.d, leg.s)):
            if leg.h >= 0:
                far: tuple[int, float] = (2 * leg.h, leg.h_off)
            else:
                band, top, height = place[other]
                far = (band, top + height / 2)
            key = (tid, leg.sides[end])
            if key not in sides:
                _band, top, height = place[tid]
                sides[key] = _Side(top, height, key[1] == "R")
            sides[key].ends.append((far, n, leg, end))
            if end == 1:
                sides[key].entries = True
    _straighten(plan.legs, sides, cell_of)
    for side in sides.values():
        _assign_ports(side)
    return [(g.s_port, g.d_port, g.straight) for g in plan.legs]


@settings(max_examples=300)
@given(
    cards=st.lists(
        # A card's cell and height, among a few so that sides share grids: a cell's first card (12 px
        # down its row) 46 or 66 px tall has its right side's middle halfway between two slots (a tie),
        # 56 or 76 its left side's; 20 and 30 px have fewer slots than ends.
        st.tuples(cell_st, st.sampled_from([20.0, 30.0, 40.0, 46.0, 56.0, 66.0, 76.0, 100.0])),
        min_size=2,
        max_size=16,
    ),
    # Many links between few cards: sides with many ends, and sides of one grid with different counts.
    links=st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100)), max_size=100),
)
@example(
    # Two cards of one grid (first in their cells of one lane, as tall), the first with three ends out
    # of its right side, the second with four.
    cards=[
        (("s0", "l0"), 100.0),
        (("s2", "l0"), 100.0),
        *[(("s1", lane), 40.0) for lane in ("l1", "l2", "l1")],
        *[(("s3", lane), 40.0) for lane in ("l1", "l2", "l1", "l2")],
    ],
    links=[(0, 2), (0, 3), (0, 4), (1, 5), (1, 6), (1, 7), (1, 8)],
)
def test_the_ports_taken_from_the_grids_are_those_of_a_side_by_side_plan(cards, links):
    """The whole plan gives a side without a straight step the nearest slots of its grid, worked out
    once per grid (and number of ends): the ports, and the straight steps, are those every side
    planned on its own gives."""
    cells: Cells = {}
    heights: dict[str, float] = {}
    for i, (cell, height) in enumerate(cards):
        cells.setdefault(cell, []).append(f"t{i}")
        heights[f"t{i}"] = height
    ids = [f"t{i}" for i in range(len(cards))]
    specs = [
        ConnectionSpec(f"c{n}", ids[a % len(ids)], ids[b % len(ids)])
        for n, (a, b) in enumerate(links)
        if a % len(ids) != b % len(ids)
    ]
    layout = compute_layout(STAGES, LANES, cells, None, heights)
    plan = plan_routes(layout, specs)
    ports = [(g.s_port, g.d_port, g.straight) for g in plan.legs]
    assert ports == _ports_side_by_side(plan, layout)
