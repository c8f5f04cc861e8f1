"""Connections you can follow: tracks, ports, labels, the same picture for the same content, kinds told apart."""

from __future__ import annotations

import itertools
import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QFont, QFontMetricsF
from routechecks import route_problems

import cxdesigner
from cxdesigner.canvas import items, style
from cxdesigner.canvas.items import (
    LABEL_MAX_LINES,
    LABEL_MAX_W,
    LABEL_PAD_X,
    connection_kind_name,
    label_box,
    wrap_text,
)
from cxdesigner.canvas.render import render_journey
from cxdesigner.canvas.scene import JourneyScene
from cxdesigner.document import commands as dc
from cxdesigner.exchange import mapexport
from cxdesigner.layout.geometry import StageSpec, compute_layout
from cxdesigner.layout.routing import EDGE, TRACK, ConnectionSpec, route_journey
from cxdesigner.model import Connection, Touchpoint, new_id, vocab


@pytest.fixture
def blank():
    doc = cxdesigner.new_project(None)
    yield doc
    doc.close()


def _cards(doc, cells: list[tuple[int, int]]) -> list[str]:
    """Cards in the blank journey's cells (stage index, lane index), one command."""
    project = doc.project
    jid = project.journeys()[0].id
    stages, lanes = project.stages(jid), project.lanes(jid)
    counts: dict[tuple[int, int], int] = {}
    entities, ids = [], []
    for n, (si, li) in enumerate(cells):
        pos = counts.get((si, li), 0)
        counts[(si, li)] = pos + 1
        tp = Touchpoint(
            id=new_id("tp"), journey_id=jid, stage_id=stages[si].id, lane_id=lanes[li].id, position=pos, title=f"c{n}"
        )
        entities.append(tp)
        ids.append(tp.id)
    doc.execute(dc.AddEntitiesCommand(entities))
    return ids


def _connect(doc, pairs: list[tuple[str, str, str, str]]) -> list[str]:
    jid = doc.project.journeys()[0].id
    conns = [
        Connection(id=new_id("cn"), journey_id=jid, source_id=a, target_id=b, kind=k, label=t) for a, b, k, t in pairs
    ]
    doc.execute(dc.AddEntitiesCommand(conns))
    return [c.id for c in conns]


def _scene(doc) -> JourneyScene:
    scene = JourneyScene(doc.project, "en", follow=False)
    scene.set_journey(doc.project.journeys()[0].id)
    return scene


def _clean(scene: JourneyScene, doc) -> None:
    routes = {cid: item.route for cid, item in scene.connection_items().items()}
    ends = {c.id: (c.source_id, c.target_id) for c in doc.project.connections(scene.journey_id)}
    problems = route_problems(scene.layout, routes, ends)
    assert problems == {name: [] for name in problems}


def test_the_same_template_gives_the_same_picture(qapp):
    """Five fresh hotel projects (fresh random ids each time) export the very same SVG."""
    pictures = []
    for _ in range(5):
        doc = cxdesigner.new_project(None, template="hotel")
        try:
            jid = doc.project.journeys()[0].id
            svg = mapexport.svg_bytes(doc.project, jid).decode("utf-8")
        finally:
            doc.close()
        pictures.append(svg)
        assert ">Room not ready<" in svg  # the whole label, as text
    assert all(p == pictures[0] for p in pictures[1:])


def test_a_failure_between_stacked_cards_shows_its_whole_label(qapp, blank):
    a, b = _cards(blank, [(1, 0), (1, 0)])
    (cid,) = _connect(blank, [(a, b, "failure", "Can't get through")])
    scene = _scene(blank)
    route = scene.connection_item(cid).route
    assert len(route.points) == 2  # straight down through the gap
    lines, w, h = label_box("Can't get through", scene.fonts.label)
    assert lines == ["Can't get through"]
    assert (route.label.rect.w, route.label.rect.h) == (w, h)
    _clean(scene, blank)
    svg = mapexport.svg_bytes(blank.project, scene.journey_id).decode("utf-8")
    assert ">Can&apos;t get through<" in svg or ">Can't get through<" in svg
    assert "⋮" not in svg and not re.search(r">\s*…\s*<", svg)


def test_labels_up_a_narrow_gutter_read_level_across_it_between_the_cards(qapp, blank):
    """The hotel's two bookings: each route runs up the gutter between two stacks, with no level run as
    long as its label. The labels were turned on their side up the gutter, bottom to top, hard to read on a
    projector or a PDF; they sit level across the gutter where it passes between cards, on their own line."""
    a, b, c, d = _cards(blank, [(1, 1), (1, 1), (2, 0), (2, 0)])
    conns = _connect(blank, [(a, c, "normal", "Books direct"), (b, d, "alternative", "Books on a platform")])
    scene = _scene(blank)
    layout = scene.layout
    for cid, text in zip(conns, ("Books direct", "Books on a platform"), strict=True):
        route = scene.connection_item(cid).route
        _lines, w, h = label_box(text, scene.fonts.label)
        assert max(abs(q[0] - p[0]) for p, q in itertools.pairwise(route.points)) < w  # no level run holds it
        box = route.label
        assert (box.rect.w, box.rect.h) == (w, h) and box.leader is None
        (x, _y0), (_x, _y1) = next((p, q) for p, q in itertools.pairwise(route.points) if p[0] == q[0])
        assert box.rect.x < x < box.rect.right  # across its own run
        assert not any(card.overlaps(box.rect) for card in layout.cards.values())
    _clean(scene, blank)
    _clean(render_journey(blank, scene.journey_id), blank)


def test_long_labels_wrap_and_are_never_a_bare_ellipsis(qapp):
    font = style.Fonts().label
    lines, w, h = label_box("word " * 200, font)
    assert 1 < len(lines) <= LABEL_MAX_LINES
    assert w <= LABEL_MAX_W + 2 * LABEL_PAD_X + 1
    assert lines[-1].endswith("…") and lines[-1].strip("… ")
    short, _, _ = label_box("Room not ready", font)
    assert short == ["Room not ready"]


def _laid_out(text: str, font: QFont) -> tuple[list[str], int, int]:
    """A label's box as laying its text out with QTextLayout gives it."""
    fm = QFontMetricsF(font)
    lines = wrap_text(text[:2000], font, LABEL_MAX_W, LABEL_MAX_LINES)
    w = max(fm.horizontalAdvance(line) for line in lines) + 2 * LABEL_PAD_X
    return lines, math.ceil(w), math.ceil(fm.lineSpacing() * len(lines) + 2)


# Words, other scripts, emoji, marks, and what the layout treats otherwise than the measure (a soft
# hyphen, joiners, non-breaking and other spaces, controls).
_LABEL_CHARS = (
    "abcdefghijklmnopqrstuvwxyzWMil .,;:!?-'()/&0123456789 éñüçß \t\n"
    "\u00ad\u200b\u200d\u200e\u2060\ufeff\ufffc\u00a0\u2009\u3000\u2028\u2029\x01\x7f"
    "\u0301\u05d0\u0627\u0644\u4e2d\u6587\U0001f600\U0001f44d\u2014…"
)


@given(
    st.one_of(
        st.text(alphabet=_LABEL_CHARS, max_size=40),
        st.lists(st.sampled_from(["check", "booking", "Weiterleitung", "W", "mm", "il", "pay"]), max_size=9).map(
            " ".join
        ),
    ),
    st.sampled_from([0.8, 1.0, 1.35, 2.2]),
)
def test_a_label_gets_the_box_its_layout_gives_it(qapp, text, scale):
    font = QFont(style.Fonts().label)
    font.setPointSizeF(font.pointSizeF() * scale)
    assert label_box(text, font) == _laid_out(text, font)


def test_a_label_that_fits_one_line_is_measured_without_a_layout(qapp, monkeypatch):
    laid = []
    monkeypatch.setattr(items, "wrap_text", lambda *a, _was=items.wrap_text: laid.append(a[0]) or _was(*a))
    font = style.Fonts().label
    assert label_box("Room not ready", font)[0] == ["Room not ready"]
    assert label_box("Room not\u00adready", font)[0] == _laid_out("Room not\u00adready", font)[0]
    assert label_box("word " * 50, font)[0] == _laid_out("word " * 50, font)[0]
    assert laid == ["Room not\u00adready", ("word " * 50)[:2000]]


def test_parallel_runs_in_a_gutter_get_their_own_tracks(qapp, blank):
    # Three cards down column 0 and three down column 1: every step crosses the same gutter.
    ids = _cards(blank, [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)])
    pairs = [(ids[0], ids[5], "normal", ""), (ids[1], ids[3], "alternative", ""), (ids[2], ids[4], "failure", "")]
    pairs += [(ids[0], ids[4], "loop_back", ""), (ids[2], ids[3], "normal", "")]
    conns = _connect(blank, pairs)
    scene = _scene(blank)
    runs = []
    for cid in conns:
        pts = scene.connection_item(cid).route.points
        runs += [(a[0], min(a[1], b[1]), max(a[1], b[1]), cid) for a, b in itertools.pairwise(pts) if a[0] == b[0]]
    assert len(runs) == len(conns)  # one run down the gutter each
    for x1, lo1, hi1, c1 in runs:
        for x2, lo2, hi2, c2 in runs:
            if c1 != c2 and min(hi1, hi2) > max(lo1, lo2):  # side by side for a stretch
                assert abs(x1 - x2) >= TRACK
    _clean(scene, blank)


def test_a_crowded_gutter_grows_and_arrows_keep_room(qapp, blank):
    ids = _cards(blank, [(0, 0)] * 6 + [(1, 0)] * 6)
    left, right = ids[:6], ids[6:]
    pairs = [(a, b, "normal", "") for a in left for b in right if a != b][:24]
    _connect(blank, pairs)
    scene = _scene(blank)
    layout = scene.layout
    assert layout.col_gutter_w[1] > layout.metrics.gutter
    _clean(scene, blank)
    # Every arrow into the right column runs at least EDGE from the card it enters.
    for item in scene.connection_items().values():
        (x0, _y0), (x1, _y1) = item.route.points[-2:]
        assert abs(x1 - x0) >= EDGE - 1e-6


def test_many_connections_from_one_card_share_a_port_and_split(qapp, blank):
    ids = _cards(blank, [(0, 0)] + [(1, 0)] * 14)
    _connect(blank, [(ids[0], b, "normal", "") for b in ids[1:]])
    scene = _scene(blank)
    starts = {item.route.points[0] for item in scene.connection_items().values()}
    assert len(starts) < 14  # more ends than ports: they leave together
    _clean(scene, blank)


def test_labels_keep_off_cards_and_each_other_in_a_busy_cell(qapp, blank):
    # Eight cards in two stacks side by side, labelled steps down each stack and across both ways.
    ids = _cards(blank, [(2, 1)] * 4 + [(3, 1)] * 4)
    pairs = [(ids[i], ids[(i + k) % 8], "failure", f"label number {i}-{k}") for k in (1, 3, 5) for i in range(0, 8, 2)]
    _connect(blank, pairs)
    scene = _scene(blank)
    assert all(item.route.label is not None for item in scene.connection_items().values())
    _clean(scene, blank)
    _clean(render_journey(blank, scene.journey_id), blank)


def test_straight_step_to_the_card_beside():
    cells = {("s1", "l"): ["a"], ("s2", "l"): ["b"]}

    def lay_out(col=None, row=None):
        stages = [StageSpec("s1", "before"), StageSpec("s2", "before")]
        return compute_layout(stages, ["l"], cells, None, None, None, col, row)

    layout, routes = route_journey(lay_out(), [ConnectionSpec("c", "a", "b")], lay_out)
    (x0, y0), (x1, y1) = routes["c"].points
    assert y0 == y1 and x0 == layout.cards["a"].right and x1 == layout.cards["b"].x


def test_kinds_read_apart_in_greyscale_and_the_key_uses_the_menus_words(qapp):
    patterns = {pen for _colour, pen, _width in style.CONNECTION_STYLES.values()}
    assert len(patterns) == len(style.CONNECTION_STYLES) == len(vocab.CONNECTION_KINDS)
    for lang in ("en", "es"):
        for kind in vocab.CONNECTION_KINDS:
            assert connection_kind_name(kind, lang) == vocab.label(vocab.CONNECTION_KINDS, kind, lang)
    doc = cxdesigner.new_project(None, template="hotel")
    try:
        scene = render_journey(doc, doc.project.journeys()[0].id, title_block=False)
        names = [key for row in scene.legend_item.rows for what, key, _w in row if what == "connection"]
        assert names == list(vocab.CONNECTION_KINDS)
        svg = mapexport.svg_bytes(
            doc.project, doc.project.journeys()[0].id, mapexport.MapOptions(title_block=False)
        ).decode("utf-8")
        assert ">Normal<" in svg and "Next step" not in svg
    finally:
        doc.close()


def test_edits_on_a_busy_map_give_the_routes_and_labels_of_a_fresh_map(qapp):
    """Routes and labels updated after each edit (labels placed again only near changes) equal a fresh scene's."""
    from test_canvas_layout import _bench_generate

    from cxdesigner.document import Document

    doc = Document.new(_bench_generate()(200, journeys=1))
    try:
        project = doc.project
        jid = project.journeys()[0].id
        scene = JourneyScene(project, "en")
        scene.set_journey(jid)
        cards = [tp.id for tp in project.touchpoints(jid)]
        stages, lanes = project.stages(jid), project.lanes(jid)
        labelled = next(c for c in project.connections(jid) if c.label)
        edits = [
            dc.MoveTouchpointsCommand([cards[40]], stages[3].id, lanes[2].id, 0),
            dc.MoveTouchpointsCommand([cards[7]], stages[0].id, lanes[0].id, 1),
            dc.AddConnectionCommand(cards[3], cards[150], kind="failure", label="Lost on the way"),
            dc.UpdateConnectionCommand(labelled.id, label="A much longer label than it had before"),
            dc.DeleteTouchpointsCommand([cards[100]]),
        ]
        for cmd in edits:
            doc.execute(cmd)
            fresh = JourneyScene(project, "en", follow=False)
            fresh.set_journey(jid)
            assert scene.layout == fresh.layout
            mine = {cid: item.route for cid, item in scene.connection_items().items()}
            assert mine == {cid: item.route for cid, item in fresh.connection_items().items()}
        doc.undo()
        assert scene.connection_item(labelled.id).route.label is not None
        scene.detach()
    finally:
        doc.close()


def test_the_label_search_asks_in_any_order_and_gets_the_full_answer(qapp):
    """A place's quick questions (free? clear of cards, arrowheads, labels and headers?) answer as
    the full one does, and note the same looked-at area, for every place the search can try on a
    busy generated map whose labels are all placed (so every kind of obstacle is there)."""
    from test_canvas_layout import _bench_generate

    from cxdesigner.document import Document
    from cxdesigner.layout import routing

    doc = Document.new(_bench_generate()(200, journeys=1))
    scene = JourneyScene(doc.project, "en", follow=False)
    try:
        scene.set_journey(doc.project.journeys()[0].id)
        layout = scene.layout
        plan = routing.plan_routes(layout, scene._map_specs())
        polylines = routing.place_routes(plan, layout)[1].legs
        placer = routing._LabelPlacer(
            layout, [(leg, polylines[leg.spec.id][3]) for leg in plan.legs if leg.spec.id in polylines]
        )
        placer.place()
        states = set()
        for leg, pts in placer.polylines:
            if not leg.spec.label_size:
                continue
            n, (w, h) = leg.spec.id, leg.spec.label_size
            segs = placer._segments(leg.spec.kind, pts)
            on_route = itertools.chain(placer._on_route(segs, w, h), placer._between_cards(segs, w, h))
            tries = [(box, None) for box in on_route]
            tries += list(placer._beside_near(segs, w, h))
            tries += list(placer._beside(segs, w, h, routing._FAR))
            tries += list(itertools.islice(placer._around(segs[0], w, h), 12))
            for box, leader in tries:
                placer.seen = []
                state = placer._state(box, leader, n)
                full = placer.seen
                placer.seen = []
                assert placer._free(box, leader, n) == (state == 2)
                assert placer.seen == full
                placer.seen = []
                assert placer._clear(box, leader) == (state >= 1)
                assert placer.seen == full
                states.add(state)
        assert states == {0, 1, 2}
    finally:
        scene.detach()
        doc.close()
