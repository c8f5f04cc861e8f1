"""The index of a map's routes built at once is the index built a route at a time, and an index
started with the routes near the first labels answers their searches as the whole index does."""

from __future__ import annotations

import itertools
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QGraphicsView
from test_canvas_layout import _bench_generate

from cxdesigner.canvas.scene import JourneyScene
from cxdesigner.layout import routing
from cxdesigner.layout.geometry import StageSpec, compute_layout
from cxdesigner.layout.routing import RouteIndex


def _state(index: RouteIndex) -> dict:
    # Lists as they are: the order of the entries is what the label search meets first.
    return {
        "routes": list(index.routes.items()),
        "arrows": {cell: list(boxes) for cell, boxes in index.arrows.cells.items() if boxes},
        **{
            f"{name}.{part}": value
            for name, lines in (("uprights", index.uprights), ("levels", index.levels))
            for part, value in (
                ("entries", lines.entries()),
                ("keys", lines.keys),
                ("pending", (list(lines.fresh), dict(lines.added), dict(lines.removed))),
            )
        },
    }


def _as_frozen(index: RouteIndex) -> None:
    """Each coordinate's runs, sorted, with how far the runs up to each one reach: what a lookup reads;
    and nothing left unfrozen."""
    for lines in (index.uprights, index.levels):
        assert not lines.fresh and not lines.added and not lines.removed
        assert lines.keys == sorted(set(lines.keys))
        assert lines.starts[0] == 0 and lines.starts[-1] == len(lines.los) == len(lines.owners)
        entries = lines.entries()
        for key in lines.keys:
            runs = lines.runs(key)
            assert runs and runs == sorted(runs)
            his = [hi for _lo, hi, _o in runs]
            want = ([lo for lo, _hi, _o in runs], his, list(itertools.accumulate(his, max)), [o for *_r, o in runs])
            assert entries[key] == want


def _one_by_one(routes: dict) -> RouteIndex:
    index = RouteIndex()
    for cid, pts in routes.items():
        index._index(cid, pts, remove=False)
    index.routes = dict(routes)
    index.uprights.freeze()
    index.levels.freeze()
    return index


def test_indexing_every_route_at_once_gives_the_index_of_one_route_at_a_time(qtbot):
    project = _bench_generate()(300, journeys=1)
    scene = JourneyScene(project, "en", follow=False)
    try:
        scene.set_journey(project.journeys()[0].id)
        at_once = scene._route_index  # the scene's first placement indexed every route at once
        assert len(at_once.routes) > 300
        assert _state(at_once) == _state(_one_by_one(at_once.routes))
        _as_frozen(at_once)
    finally:
        scene.detach()


def test_routes_arriving_from_every_side_index_alike():
    # Arrowheads pointing down, up, right and left, and lines drawn either way along a key.
    routes = {
        "down": ((10.0, 0.0), (10.0, 100.0)),
        "up": ((30.0, 300.0), (30.0, 120.0)),
        "right": ((0.0, 50.0), (60.0, 50.0), (60.0, 80.0), (200.0, 80.0)),
        "left": ((400.0, 90.0), (300.0, 90.0), (300.0, 10.0), (250.0, 10.0)),
        "same key": ((60.0, 500.0), (60.0, 200.0), (90.0, 200.0)),
    }
    at_once = RouteIndex()
    at_once._index_all(routes)
    at_once.routes = dict(routes)
    at_once.uprights.freeze_all()
    at_once.levels.freeze_all()
    assert _state(at_once) == _state(_one_by_one(routes))
    _as_frozen(at_once)


def _leg(cid: str):
    """Just enough of a planner's leg for :meth:`RouteIndex.update` (it reads the spec's id)."""
    from types import SimpleNamespace

    return SimpleNamespace(spec=SimpleNamespace(id=cid))


def test_an_update_that_moves_most_routes_gives_the_index_of_the_routes_now():
    """A row that shrank moves every route below it: the index made again at once answers as the
    index updated route by route, and holds what indexing the new routes from scratch holds."""
    before = {
        f"r{i}": ((10.0 * i, 0.0), (10.0 * i, 40.0), (10.0 * i + 300.0, 40.0), (10.0 * i + 300.0, 90.0))
        for i in range(20)
    }
    # Three routes stay; the others move up by a card's height (and the last one goes).
    after = {
        cid: pts if i < 3 else tuple((x, y - 12.0) for x, y in pts)
        for i, (cid, pts) in enumerate(before.items())
        if i < 19
    }
    after["new"] = ((5.0, 5.0), (5.0, 60.0))
    updated = RouteIndex()
    updated.update([(_leg(cid), pts) for cid, pts in before.items()])
    updated.update([(_leg(cid), pts) for cid, pts in after.items()])
    assert _state(updated) == _state(_one_by_one(after))
    _as_frozen(updated)
    # A few routes changed: updated in place, with the same entries as from scratch (in another order).
    again = dict(after)
    again["r0"] = ((0.0, 0.0), (0.0, 70.0))
    updated.update([(_leg(cid), pts) for cid, pts in again.items()])
    fresh = _one_by_one(again)
    _as_frozen(updated)
    assert updated.routes == fresh.routes
    for name in ("uprights", "levels"):
        mine, theirs = getattr(updated, name), getattr(fresh, name)
        assert mine.keys == theirs.keys
        assert mine.entries() == theirs.entries()
    assert {c: sorted(b) for c, b in updated.arrows.cells.items() if b} == {
        c: sorted(b) for c, b in fresh.arrows.cells.items() if b
    }


def _answers(index: RouteIndex, boxes: list) -> list:
    """What the label search asks the index about each box: the arrowheads it meets or a leader
    through it crosses, and the lines along either axis it covers (other than route "-")."""
    out = []
    for x0, y0, x1, y1 in boxes:
        out.append((
            index.arrows.hits(x0, y0, x1, y1),
            index.arrows.crossed((x0, y0), (x1, y1)),
            index.arrows.crossed((x0, y1), (x0, y0)),
            index.uprights.hit(x0, x1, y0, y1, "-"),
            index.levels.hit(y0, y1, x0, x1, "-"),
        ))
    return out


def test_an_index_of_the_routes_near_the_first_labels_answers_their_searches_as_the_whole_one(qtbot, monkeypatch):
    """Opening on screen indexes first only the routes whose box meets the area the first labels'
    searches can look at; inside that area every lookup answers as the whole index's, the labels
    placed first are the whole placement's, and completed it holds the whole index's entries."""
    monkeypatch.setattr(JourneyScene, "_view_size", lambda self: (300.0, 250.0) if self.views() else None)
    project = _bench_generate()(300, journeys=1)
    jid = project.journeys()[0].id
    scene = JourneyScene(project, "en", follow=False)
    view = QGraphicsView(scene)
    qtbot.addWidget(view)
    whole = JourneyScene(project, "en", follow=False)
    try:
        scene.set_journey(jid)
        whole.set_journey(jid)
        index, pending = scene._route_index, scene._label_memory.pending
        assert pending is not None and index.rest  # some routes wait, and some labels
        placer = pending._placer
        upto = placer._near_upto
        area = routing._searched_area(placer.polylines[:upto])
        assert set(index.rest) == set(routing._clear_of(dict(whole._route_index.routes), area))
        assert 0 < len(index.rest) < len(whole._route_index.routes)
        # Every box the first labels' searches can look at lies inside the area: a grid of boxes over
        # it (label-sized, and long thin ones like leaders) gets the whole index's answers.
        x0, y0, x1, y1 = area
        boxes = [
            (x, y, x + w, y + h)
            for x in [x0 + i * (x1 - x0) / 40 for i in range(40)]
            for y in [y0 + j * (y1 - y0) / 120 for j in range(120)]
            for w, h in ((60.0, 14.0), (14.0, 90.0), (3.0, 40.0))
            if x + w <= x1 and y + h <= y1
        ]
        assert _answers(index, boxes) == _answers(whole._route_index, boxes)
        first = {cid for cid, r in scene._label_memory.routes.items() if r is not None and r.label is not None}
        assert first
        # What the first labels' searches looked at (each box and leader asked about) is inside the area.
        looked = [box for cid in first for box in scene._label_memory.looked[cid]]
        assert looked
        assert all(x0 <= bx0 and y0 <= by0 and bx1 <= x1 and by1 <= y1 for bx0, by0, bx1, by1 in looked)
        assert _answers(index, looked) == _answers(whole._route_index, looked)
        assert {c: scene._label_memory.routes[c] for c in first} == {c: whole._label_memory.routes[c] for c in first}
        scene.finish_labels()  # its first slice completes the index
        assert not index.rest
        mine, theirs = _state(index), _state(whole._route_index)
        # A cell lists its arrowheads near ones first; no lookup's answer depends on the order.
        mine["arrows"] = {c: sorted(b) for c, b in mine["arrows"].items()}
        theirs["arrows"] = {c: sorted(b) for c, b in theirs["arrows"].items()}
        assert mine == theirs
        _as_frozen(index)
        assert scene._label_memory.routes == whole._label_memory.routes
    finally:
        scene.detach()
        whole.detach()


def test_every_place_a_label_search_can_look_at_is_within_its_reach():
    """:func:`routing._search_reach` bounds every box (and leader line) the search of a label can try."""
    routes = [
        ((0.0, 0.0), (0.0, 300.0)),
        ((0.0, 0.0), (400.0, 0.0)),
        ((0.0, 0.0), (40.0, 0.0), (40.0, 500.0), (300.0, 500.0), (300.0, 520.0), (20.0, 520.0)),
        ((0.0, 0.0), (0.0, 12.0)),  # shorter than the corners and the arrowhead
    ]
    # A map without cards: every stretch of an upright segment is between cards.
    placer = routing._LabelPlacer(compute_layout([StageSpec("s", "before")], ["l"], {}), [])
    for pts in routes:
        for kind in ("normal", "loop_back"):
            for w, h in ((14.0, 14.0), (60.0, 14.0), (220.0, 28.0), (14.0, 120.0)):
                segs = placer._segments(kind, pts)
                across, down = routing._search_reach(w, h)
                xs, ys = [x for x, _y in pts], [y for _x, y in pts]
                x0, y0, x1, y1 = min(xs) - across, min(ys) - down, max(xs) + across, max(ys) + down
                tried = list(itertools.chain(placer._on_route(segs, w, h), placer._between_cards(segs, w, h)))
                for box, (a, b) in itertools.chain(
                    placer._beside_near(segs, w, h),
                    routing._LabelPlacer._beside(segs, w, h, routing._FAR),
                    routing._LabelPlacer._around(segs[0], w, h),
                ):
                    tried.append(box)
                    tried.append((min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])))
                assert tried
                for bx0, by0, bx1, by1 in tried:
                    assert x0 <= bx0 and y0 <= by0 and bx1 <= x1 and by1 <= y1, (pts, kind, w, h)

def test_an_index_replaced_by_one_made_afresh_is_kept_for_its_map_and_taken_up_again():
    """A drop that moves most routes makes the index again; an undo comes back to the map before it,
    and the next edit from there goes on from that map's own index, as if the drop had not been."""
    from cxdesigner.layout.routing import LabelMemory

    before = {f"r{i}": ((10.0 * i, 0.0), (10.0 * i, 40.0), (10.0 * i + 300.0, 40.0)) for i in range(20)}
    dropped = {cid: tuple((x, y - 12.0) for x, y in pts) for cid, pts in before.items()}
    index = RouteIndex()
    kept, moved = LabelMemory((), {}), LabelMemory((), {})
    index.update([(_leg(cid), pts) for cid, pts in before.items()])
    index.placed = kept
    arrows = index.arrows
    index.update([(_leg(cid), pts) for cid, pts in dropped.items()])  # most routes moved: made afresh
    index.placed = moved
    assert kept.index is not None and kept.index[1] is arrows and index.arrows is not arrows
    assert _state(index) == _state(_one_by_one(dropped))
    # Back to the kept map (an undo), then an edit from it that changes one route.
    index.resume(kept)
    assert kept.index is None and index.placed is kept and index.arrows is arrows
    assert moved.index is not None and _entries(moved.index) == _entries(_parts(_one_by_one(dropped)))
    edited = dict(before)
    edited["r0"] = ((0.0, 0.0), (0.0, 70.0))
    index.update([(_leg(cid), pts) for cid, pts in edited.items()])
    _as_frozen(index)
    assert _entries(_parts(index)) == _entries(_parts(_one_by_one(edited)))
    # Nothing to take up: resuming the map placed last, or one that kept no index, changes nothing.
    index.resume(kept)
    index.resume(LabelMemory((), {}))
    assert _entries(_parts(index)) == _entries(_parts(_one_by_one(edited)))


def test_an_index_left_partial_by_an_open_is_whole_when_left_to_its_map():
    """An open indexes the routes near the first labels first (``area``); an undo before the rest is
    indexed leaves that map a whole index, not the part made before the first paint."""
    from cxdesigner.layout.routing import LabelMemory

    before = {f"r{i}": ((100.0 * i, 0.0), (100.0 * i, 40.0), (100.0 * i + 30.0, 40.0)) for i in range(20)}
    dropped = {cid: tuple((x, y - 12.0) for x, y in pts) for cid, pts in before.items()}
    index = RouteIndex()
    kept, opened = LabelMemory((), {}), LabelMemory((), {})
    index.update([(_leg(cid), pts) for cid, pts in before.items()])
    index.placed = kept
    index.update([(_leg(cid), pts) for cid, pts in dropped.items()], area=(0.0, 0.0, 250.0, 50.0))
    index.placed = opened
    assert 0 < len(index.rest) < len(dropped)  # only the routes near the area are indexed so far
    index.resume(kept)
    assert not index.rest and index.placed is kept
    assert opened.index is not None and _entries(opened.index) == _entries(_parts(_one_by_one(dropped)))
    _as_frozen(index)


def test_only_the_latest_replaced_index_is_kept():
    # Each is some 3.6 MB at 5,000 cards: one is kept for an undo, not one per kept map.
    from cxdesigner.layout.routing import LabelMemory

    index = RouteIndex()
    memories = [LabelMemory((), {}) for _ in range(3)]
    for dy, memory in zip((0.0, 12.0, 24.0), memories, strict=True):
        routes = {f"r{i}": ((10.0 * i, dy), (10.0 * i, dy + 40.0)) for i in range(10)}
        index.update([(_leg(cid), pts) for cid, pts in routes.items()])  # every route moved: made afresh
        index.placed = memory
    assert [m.index is not None for m in memories] == [False, True, False]
    assert memories[1].index is not None and memories[1].index[0]["r0"] == ((0.0, 12.0), (0.0, 52.0))


def _parts(index: RouteIndex) -> tuple:
    return index.routes, index.arrows, index.uprights, index.levels


def _entries(parts: tuple) -> dict:
    routes, arrows, uprights, levels = parts
    return {
        "routes": routes,
        "arrows": {c: sorted(b) for c, b in arrows.cells.items() if b},
        "uprights": (uprights.keys, uprights.entries()),
        "levels": (levels.keys, levels.entries()),
    }


def test_an_index_completed_a_part_at_a_time_is_the_index_completed_at_once(qtbot, monkeypatch):
    """The label slices index the routes left for later a part per turn (then freeze the uprights,
    then the levels): the index ends with the very entries, in the same order, that completing it
    at once gives; a placement asked for in between completes it first; the labels are the same."""
    monkeypatch.setattr(JourneyScene, "_view_size", lambda self: (300.0, 250.0) if self.views() else None)
    # A project each: scenes of one project share what its maps were placed with.
    projects = [_bench_generate()(300, journeys=1) for _ in range(3)]
    scenes = [JourneyScene(project, "en", follow=False) for project in projects]
    views = [QGraphicsView(scene) for scene in scenes]  # held: a scene with no view places every label at once
    for view in views:
        qtbot.addWidget(view)
    try:
        for project, scene in zip(projects, scenes):
            scene.set_journey(project.journeys()[0].id)
        at_once, in_parts, interrupted = scenes
        assert at_once._route_index.rest
        at_once._route_index.complete()
        pending = in_parts._label_memory.pending
        assert pending is not None
        calls = 0
        while not pending.prepare(40):
            calls += 1
        assert calls >= 4  # several parts of routes, then the uprights, then the levels
        assert pending.prepare(40)  # nothing more to do
        assert _state(in_parts._route_index) == _state(at_once._route_index)
        _as_frozen(in_parts._route_index)
        # Interrupted after a part: finishing the labels completes the index first.
        other = interrupted._label_memory.pending
        assert other is not None and not other.prepare(40) and not other.prepare(40)
        interrupted.finish_labels()
        assert _state(interrupted._route_index) == _state(at_once._route_index)
        for scene in scenes:
            scene.finish_labels()
        assert in_parts._label_memory.routes == at_once._label_memory.routes == interrupted._label_memory.routes
    finally:
        for scene in scenes:
            scene.detach()


# -- the index's answers against a plain reference, on random routes and boxes ---------------------
_coord = st.integers(-40, 400).map(lambda v: v * 1.5)  # halves too; negative cells included


@st.composite
def _route(draw: st.DrawFn) -> tuple:
    """An axis-parallel polyline of one to four segments, each of non-zero length."""
    x, y = draw(_coord), draw(_coord)
    pts = [(x, y)]
    upright = draw(st.booleans())
    for _ in range(draw(st.integers(1, 4))):
        if upright:
            nx, ny = x, draw(_coord.filter(lambda v, y=y: v != y))
        else:
            nx, ny = draw(_coord.filter(lambda v, x=x: v != x)), y
        pts.append((nx, ny))
        x, y, upright = nx, ny, not upright
    return tuple(pts)


_maps = st.dictionaries(st.sampled_from([f"c{i}" for i in range(12)]), _route(), max_size=12)
_boxes = st.lists(
    st.tuples(_coord, _coord, st.integers(0, 120).map(float), st.integers(0, 120).map(float)).map(
        lambda b: (b[0], b[1], b[0] + b[2], b[1] + b[3])
    ),
    min_size=1,
    max_size=12,
)


def _reference(routes: dict, boxes: list) -> list:
    """:func:`_answers` worked out over every arrowhead box and segment, with no grid, runs or sorting."""
    from cxdesigner.layout.geometry import Rect, segment_crosses_rect

    g = routing.LABEL_GAP
    reach, half = routing.ARROW_LENGTH + g, routing.ARROW_HALF_WIDTH + g
    heads, segments = [], []
    for cid, pts in routes.items():
        (ax, ay), (bx, by) = pts[-2], pts[-1]
        if ax == bx:
            heads.append((bx - half, by - reach if by > ay else by - g, bx + half, by + g if by > ay else by + reach))
        else:
            heads.append((bx - reach if bx > ax else bx - g, by - half, bx + g if bx > ax else bx + reach, by + half))
        segments += [(a, b, cid) for a, b in itertools.pairwise(pts)]

    def crossed(a: tuple, b: tuple) -> bool:
        return any(segment_crosses_rect(a, b, Rect(x0, y0, x1 - x0, y1 - y0), inset=g) for x0, y0, x1, y1 in heads)

    def lines(upright: bool, k0: float, k1: float, lo: float, hi: float) -> bool:
        axis = 0 if upright else 1
        return any(
            (a[0] == b[0]) == upright
            and k0 < a[axis] < k1
            and cid != "-"
            and min(a[1 - axis], b[1 - axis]) < hi
            and lo < max(a[1 - axis], b[1 - axis])
            for a, b, cid in segments
        )

    return [
        (
            any(bx0 < x1 and x0 < bx1 and by0 < y1 and y0 < by1 for bx0, by0, bx1, by1 in heads),
            crossed((x0, y0), (x1, y1)),
            crossed((x0, y1), (x0, y0)),
            lines(True, x0, x1, y0, y1),
            lines(False, y0, y1, x0, x1),
        )
        for x0, y0, x1, y1 in boxes
    ]


def _runs_of(routes: dict) -> dict:
    """Per direction and coordinate, every segment's run sorted: the entries a frozen index holds."""
    out: dict = {"uprights": defaultdict(list), "levels": defaultdict(list)}
    for cid, pts in routes.items():
        for a, b in itertools.pairwise(pts):
            if a[0] == b[0]:
                out["uprights"][a[0]].append((min(a[1], b[1]), max(a[1], b[1]), cid))
            else:
                out["levels"][a[1]].append((min(a[0], b[0]), max(a[0], b[0]), cid))
    return {name: {k: sorted(v) for k, v in sorted(by.items())} for name, by in out.items()}


_ids = st.sets(st.sampled_from([f"c{i}" for i in range(12)]), max_size=3)


@settings(max_examples=150, deadline=None)
@given(
    first=_maps,
    edits=st.lists(st.tuples(_maps, _ids), max_size=4),
    boxes=_boxes,
    area=st.none() | _boxes.map(lambda b: b[0]),
)
def test_the_index_answers_every_lookup_as_a_plain_reference_does(first: dict, edits: list, boxes: list, area) -> None:
    """Indexed from scratch (whole, or near an area first and completed, at once or a part at a time) and
    then updated map after map (in place for a few changed routes, afresh when most did), the index answers
    each lookup the label search makes as a scan over every arrowhead and segment does, and holds each
    coordinate's runs sorted with their reach."""
    index = RouteIndex()
    maps, routes = [first], first
    for changed, gone in edits:  # routes changed, added and taken away: few (in place) or most (afresh)
        routes = {cid: pts for cid, pts in {**routes, **changed}.items() if cid not in gone}
        maps.append(routes)
    for n, routes in enumerate(maps):
        index.update([(_leg(cid), pts) for cid, pts in routes.items()], area=area if n == 0 else None)
        if n == 0 and index.rest:
            while not index.complete_some(2):
                pass
        if area is not None and n == 0:
            index.complete()
        _as_frozen(index)
        assert _answers(index, boxes) == _reference(routes, boxes)
        frozen = {
            name: {k: lines.runs(k) for k in lines.keys}
            for name, lines in (("uprights", index.uprights), ("levels", index.levels))
        }
        assert frozen == _runs_of(routes)
