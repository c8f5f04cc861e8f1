"""Opening a journey makes the items and places the labels that can show first, the rest in event-loop turns after.

Whatever order they come in, the labels must end where placing all of them at once puts them, the
items must be those a whole build makes (geometry, stacking, flags, tooltips, pictures), and
anything that needs the whole map (an edit, undo, a selection of all, a picture, a scroll, a
click) finishes them first. A tiny first view (a stand-in for the screen's top left corner)
makes most of a generated map wait. The slices are driven by hand, never by waiting.
"""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QRectF, Qt
from PySide6.QtGui import QImage, QKeyEvent
from PySide6.QtWidgets import QGraphicsSceneMouseEvent, QGraphicsView
from test_canvas_layout import _bench_generate

from cxdesigner.canvas import JourneyEditor, render_image
from cxdesigner.canvas import scene as scene_module
from cxdesigner.canvas.items import CardItem, ConnectionItem
from cxdesigner.canvas.scene import JourneyScene
from cxdesigner.document import Document, Selection
from cxdesigner.document import commands as dc
from cxdesigner.qtcommands import UndoStack

SMALL_VIEW = (300.0, 250.0)


@pytest.fixture
def small_first_view(monkeypatch):
    monkeypatch.setattr(JourneyScene, "_view_size", lambda self: SMALL_VIEW if self.views() else None)
    monkeypatch.setattr(scene_module, "_ITEM_SLICE", 60)  # several slices, each item kind across slices


@pytest.fixture
def doc():
    made = Document.new(_bench_generate()(300, journeys=2))
    yield made
    made.close()


def _shown(scene: JourneyScene) -> dict:
    return {cid: item.route for cid, item in scene.connection_items().items()}


def _fresh(scene: JourneyScene) -> JourneyScene:
    fresh = JourneyScene(scene.project, "en", follow=False)
    fresh.set_journey(scene.journey_id)
    return fresh


def _same_memory(mine, theirs) -> None:
    """The label memory the next edit starts from, as a placement of every label at once leaves it."""
    assert mine.pending is None
    for name in ("legs", "labels", "looked", "looked_cells", "routes", "missing", "frame"):
        assert getattr(mine, name) == getattr(theirs, name), name
        assert list(getattr(mine, name)) == list(getattr(theirs, name)), name
    assert mine.marks.of == theirs.marks.of
    assert {c: v for c, v in mine.marks.cells.items() if v} == {c: v for c, v in theirs.marks.cells.items() if v}


def test_labels_left_for_later_end_where_placing_them_all_at_once_puts_them(qtbot, doc, small_first_view):
    scene = JourneyScene(doc.project, "en")
    view = QGraphicsView(scene)
    qtbot.addWidget(view)
    try:
        scene.set_journey(doc.project.journeys()[0].id)
        fresh = _fresh(scene)
        assert scene.labels_pending()
        theirs = _shown(fresh)
        mine = _shown(scene)
        # At first the routes are all there; some labels (far from the first view) are not yet.
        assert {cid: r.points for cid, r in mine.items() if r} == {cid: r.points for cid, r in theirs.items() if r}
        waiting = [cid for cid, r in mine.items() if r is not None and r.label is None and theirs[cid].label]
        assert waiting
        qtbot.waitUntil(lambda: not scene.labels_pending())
        assert _shown(scene) == theirs
        _same_memory(scene._label_memory, fresh._label_memory)
    finally:
        scene.detach()


def test_an_edit_before_the_labels_are_all_placed_shows_what_a_fresh_scene_shows(qtbot, doc, small_first_view):
    """A card far from the first view, whose connections' labels wait, moved and then the move undone."""
    editor = JourneyEditor(doc, UndoStack(doc), Selection())
    qtbot.addWidget(editor)
    try:
        scene = editor.scene
        assert scene.labels_pending()
        jid = editor.journey_id
        last = scene.cards_in_journey_order()[-1]
        editor.select_cards([last])
        editor.scroll_to_cards([last])
        assert scene.card_item(last).isSelected()
        stage = doc.project.stages(jid)[0]
        lane = next(ln for ln in doc.project.lanes(jid) if ln.holds_cards)
        editor.undo_stack.push(dc.MoveTouchpointsCommand([last], stage.id, lane.id, 0))
        assert not scene.labels_pending()
        fresh = _fresh(scene)
        assert scene.layout == fresh.layout
        assert _shown(scene) == _shown(fresh)
        editor.undo_stack.undo()
        fresh = _fresh(scene)
        assert _shown(scene) == _shown(fresh)
        _same_memory(scene._label_memory, fresh._label_memory)
    finally:
        editor.detach()


def test_a_journey_put_away_before_its_labels_are_all_placed_comes_back_whole(qtbot, doc, small_first_view):
    scene = JourneyScene(doc.project, "en")
    view = QGraphicsView(scene)
    qtbot.addWidget(view)
    try:
        first, second = (j.id for j in doc.project.journeys())
        scene.set_journey(first)
        assert scene.labels_pending()
        kept = scene._label_memory
        scene.set_journey(second)
        scene.set_journey(first)  # the kept map of the first visit, whose labels were left part-done
        assert scene._label_memory is kept
        assert not scene.labels_pending()
        fresh = _fresh(scene)
        assert _shown(scene) == _shown(fresh)
        _same_memory(scene._label_memory, fresh._label_memory)
    finally:
        scene.detach()


def test_the_cells_read_while_building_are_those_a_relayout_reads(doc):
    """Opening a journey groups its cards into cells as it sorts them: the same lists, in the same order
    (cells by their first card's place), as a relayout reading the cards itself."""
    scene = JourneyScene(doc.project, "en")
    for journey in doc.project.journeys():
        scene.set_journey(journey.id)
        built = scene._cells
        assert built is not None
        scene._cells = None
        _cards, read = scene._map_cells()
        assert list(built.items()) == list(read.items())


def test_an_edit_after_the_labels_are_all_placed_shows_what_a_fresh_scene_shows(qtbot, doc, small_first_view):
    """The planner files a new map's legs for the next edit in the turn after the last label slice;
    that edit plans from them."""
    editor = JourneyEditor(doc, UndoStack(doc), Selection())
    qtbot.addWidget(editor)
    try:
        scene = editor.scene
        assert scene.labels_pending()
        assert scene._planner._unfiled is not None  # not before the first paint
        _grab(editor.view)  # which starts the label slices
        qtbot.waitUntil(lambda: not scene.labels_pending())
        qtbot.waitUntil(lambda: scene._planner._unfiled is None)
        jid = editor.journey_id
        last = scene.cards_in_journey_order()[-1]
        stage = doc.project.stages(jid)[0]
        lane = next(ln for ln in doc.project.lanes(jid) if ln.holds_cards)
        editor.undo_stack.push(dc.MoveTouchpointsCommand([last], stage.id, lane.id, 0))
        fresh = _fresh(scene)
        assert scene.layout == fresh.layout
        assert _shown(scene) == _shown(fresh)
        editor.undo_stack.undo()
        fresh = _fresh(scene)
        assert _shown(scene) == _shown(fresh)
        _same_memory(scene._label_memory, fresh._label_memory)
    finally:
        editor.detach()


# -- the items left for later ---------------------------------------------------------------------------


def _ident(item) -> tuple:
    for name in ("tp_id", "conn_id", "stage_id", "lane_id", "phase", "kind"):
        if hasattr(item, name):
            return (type(item).__name__, getattr(item, name))
    return (type(item).__name__,)


def _fields(item) -> list:
    def box(r: QRectF) -> tuple:
        return (r.x(), r.y(), r.width(), r.height())

    out = [_ident(item), item.flags(), item.zValue(), item.cacheMode(), item.acceptHoverEvents(), item.isVisible(),
           item.isSelected(), item.opacity(), (item.pos().x(), item.pos().y()), box(item.boundingRect()),
           box(item.sceneBoundingRect()), item.toolTip(), [_ident(c) for c in item.childItems()],
           _ident(item.parentItem()) if item.parentItem() is not None else None]  # fmt: skip
    if isinstance(item, CardItem):
        out += [item.card_rect(), item.hovered, item.highlighted]
    if isinstance(item, ConnectionItem):
        out += [item.route, item.highlighted]
    return out


def _snapshot(scene: JourneyScene) -> tuple:
    """Every item as a whole build leaves it: the stacking order (Qt paints by it), each item's state,
    the tooltips, and the scene's maps of items in their order."""
    everywhere = QRectF(-1e7, -1e7, 2e7, 2e7)
    stack = scene.items(everywhere, Qt.ItemSelectionMode.IntersectsItemBoundingRect, Qt.SortOrder.AscendingOrder)
    tips = sorted((_ident(i), scene.tooltip_for(i)) for i in scene.items() if isinstance(i, (CardItem, ConnectionItem)))
    return (
        [_fields(i) for i in stack],
        sorted(repr(_fields(i)) for i in scene.items()),
        tips,
        list(scene.card_items()),
        list(scene.connection_items()),
        scene.sceneRect(),
    )


def _grab(view: QGraphicsView) -> QImage:
    return view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)


def _drive_items(scene: JourneyScene) -> int:
    """Make the items left for later a slice at a time, as the event loop would, a slice of the labels
    between (some labels go to items not made yet); returns the item slices."""
    slices = 0
    while scene.items_pending():
        if scene.labels_pending():
            scene._place_label_slice()
        scene._make_item_slice()
        slices += 1
    return slices


@pytest.fixture
def two_editors(qtbot, doc, small_first_view):
    """One editor as it opens (items left for later) and one whose items are all made, on one project."""
    made = []
    for _ in range(2):
        editor = JourneyEditor(doc, UndoStack(doc), Selection())
        editor.resize(300, 250)
        qtbot.addWidget(editor)
        made.append(editor)
    waiting, whole = made
    whole.scene.finish_items()
    for editor in made:
        # Placed, as the turns after the first paint place them (neither editor is painted yet).
        editor.scene.finish_labels()
    assert waiting.scene.items_pending() and not whole.scene.items_pending()
    yield waiting, whole
    for editor in made:
        editor.detach()


def test_the_first_paint_makes_only_the_items_the_first_view_can_show(qtbot, doc, small_first_view):
    scene = JourneyScene(doc.project, "en")
    view = QGraphicsView(scene)
    view.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    view.resize(*map(int, SMALL_VIEW))
    qtbot.addWidget(view)
    eager = JourneyScene(doc.project, "en")
    eager._view_size = lambda: None  # a whole build, as before the items were left for later
    eager_view = QGraphicsView(eager)
    eager_view.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    eager_view.resize(*map(int, SMALL_VIEW))
    qtbot.addWidget(eager_view)
    try:
        jid = doc.project.journeys()[0].id
        scene.set_journey(jid)
        eager.set_journey(jid)
        assert scene.items_pending() and not eager.items_pending()
        layout = scene.layout
        made_cards, made_conns = set(scene._cards), set(scene._connections)
        assert 0 < len(made_cards) < len(layout.cards) / 4
        assert 0 < len(made_conns) < len(eager._connections) / 2
        # Every card the first view (and its margin) can show is made; none far from it is.
        b = layout.bounds
        seen = QRectF(b.x, b.y, SMALL_VIEW[0], SMALL_VIEW[1])
        for tid, r in layout.cards.items():
            card = QRectF(r.x, r.y, r.w, r.h)
            if card.intersects(seen):
                assert tid in made_cards
            if card.left() > b.x + SMALL_VIEW[0] + 1000 or card.top() > b.y + SMALL_VIEW[1] + 1000:
                assert tid not in made_cards
        # The first picture is the whole build's; painting it starts the slices, and no slice has run.
        assert _grab(view) == _grab(eager_view)
        assert scene.items_pending() and scene._item_slices.isActive()
        assert set(scene._cards) == made_cards
        assert _drive_items(scene) > 2
        scene.finish_labels()
        assert _snapshot(scene) == _snapshot(eager)
        assert _grab(view) == _grab(eager_view)
        assert render_image(scene) == render_image(eager)
    finally:
        scene.detach()
        eager.detach()


def test_an_edit_while_items_wait_gives_what_a_whole_build_gives(two_editors, doc):
    waiting, whole = two_editors
    jid = waiting.journey_id
    last = whole.scene.cards_in_journey_order()[-1]
    stage = doc.project.stages(jid)[0]
    lane = next(ln for ln in doc.project.lanes(jid) if ln.holds_cards)
    doc.execute(dc.MoveTouchpointsCommand([last], stage.id, lane.id, 0))
    assert not waiting.scene.items_pending()
    assert _snapshot(waiting.scene) == _snapshot(whole.scene)
    doc.undo()
    assert _snapshot(waiting.scene) == _snapshot(whole.scene)


def test_selecting_all_while_items_wait_selects_every_card(two_editors):
    waiting, whole = two_editors
    waiting.select_all()
    whole.select_all()
    assert not waiting.scene.items_pending()
    assert waiting.selected_card_ids() == whole.selected_card_ids()
    assert len(waiting.selected_card_ids()) == len(whole.scene.card_items())
    assert _snapshot(waiting.scene) == _snapshot(whole.scene)


def test_a_picture_of_the_scene_while_items_wait_is_the_whole_map(two_editors):
    waiting, whole = two_editors
    assert render_image(waiting.scene) == render_image(whole.scene)
    assert not waiting.scene.items_pending()


@pytest.mark.parametrize("how", ["scroll", "zoom"])
def test_a_view_moved_past_the_first_items_shows_every_card(two_editors, how):
    waiting, whole = two_editors
    assert _grab(waiting.view) == _grab(whole.view)  # the first view: its items are there
    assert waiting.scene.items_pending()
    for editor in (waiting, whole):
        if how == "scroll":
            editor.view.horizontalScrollBar().setValue(editor.view.horizontalScrollBar().maximum() // 2)
            editor.view.verticalScrollBar().setValue(editor.view.verticalScrollBar().maximum() // 2)
        else:
            editor.view.set_zoom(0.2)
    assert _grab(waiting.view) == _grab(whole.view)
    assert not waiting.scene.items_pending()
    assert _snapshot(waiting.scene) == _snapshot(whole.scene)


@pytest.mark.parametrize("how", ["hit test", "mouse", "key"])
def test_a_hit_test_or_an_event_for_the_items_makes_every_item_first(two_editors, how):
    """Qt hands the mouse, keys and tooltips to items without asking Python: they must all be there."""
    waiting, whole = two_editors
    scene = waiting.scene
    far = whole.scene.card_item(whole.scene.cards_in_journey_order()[-1])
    assert scene.items_pending()
    if how == "hit test":
        assert scene.card_at(far.sceneBoundingRect().center()).tp_id == far.tp_id
    elif how == "mouse":
        QCoreApplication.sendEvent(scene, QGraphicsSceneMouseEvent(QEvent.Type.GraphicsSceneMouseMove))
    else:
        QCoreApplication.sendEvent(
            scene, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier)
        )
    assert not scene.items_pending()
    assert _snapshot(scene) == _snapshot(whole.scene)


def test_another_journey_while_items_wait_drops_them(two_editors, doc):
    waiting, whole = two_editors
    second = doc.project.journeys()[1].id
    waiting.set_journey(second)
    whole.set_journey(second)
    whole.scene.finish_items()
    assert waiting.scene.items_pending()
    _drive_items(waiting.scene)
    for editor in (waiting, whole):
        editor.scene.finish_labels()
    assert _snapshot(waiting.scene) == _snapshot(whole.scene)


def test_a_closed_editors_scene_stops_its_slices_and_makes_its_items_when_asked(two_editors):
    """A scene being dropped spends no event-loop turns of the next open; asked, it still answers whole."""
    waiting, whole = two_editors
    scene = waiting.scene
    _grab(waiting.view)  # the first paint starts the item slices
    assert scene._item_slices.isActive()
    waiting.detach()
    assert not scene._item_slices.isActive() and not scene._label_slices.isActive()
    assert scene.items_pending()
    assert len(scene.card_items()) == len(whole.scene.card_items())
    for s in (scene, whole.scene):
        s.finish_labels()
    assert _snapshot(scene) == _snapshot(whole.scene)


def test_a_scene_whose_timers_qt_deleted_first_still_detaches(two_editors):
    """Destroying an editor detaches its scene after Qt took the scene's children (its timers) away."""
    waiting, _whole = two_editors
    scene = waiting.scene
    shiboken6.delete(scene._label_slices)
    shiboken6.delete(scene._item_slices)
    scene.detach()  # raised "Internal C++ object (PySide6.QtCore.QTimer) already deleted"
    assert not scene._following


def test_a_first_relayout_that_fails_leaves_every_item_as_a_whole_build_does(qtbot, doc, small_first_view, monkeypatch):
    scenes = []
    for eager in (False, True):
        scene = JourneyScene(doc.project, "en")
        if eager:
            scene._view_size = lambda: None
        view = QGraphicsView(scene)
        qtbot.addWidget(view)
        scenes.append(scene)

    def broken(self):
        raise RuntimeError("a relayout that fails")

    monkeypatch.setattr(JourneyScene, "_compute_map", broken)
    try:
        for scene in scenes:
            with pytest.raises(RuntimeError):
                scene.set_journey(doc.project.journeys()[0].id)
        waiting, whole = scenes
        assert not waiting.items_pending()
        assert list(waiting.card_items()) == list(whole.card_items())
        assert list(waiting.connection_items()) == list(whole.connection_items())
        everywhere = QRectF(-1e7, -1e7, 2e7, 2e7)
        assert [_ident(i) for i in waiting.items(everywhere)] == [_ident(i) for i in whole.items(everywhere)]
    finally:
        for scene in scenes:
            scene.detach()


def test_labels_wait_for_the_first_paint_or_for_the_items_to_be_made(qtbot, doc, small_first_view):
    """The label slices (the first one completes the route index) start with the item slices, at the first
    paint; a scene never painted starts them once anything makes its items, and a closed one never."""
    editors = []
    for _ in range(4):
        editor = JourneyEditor(doc, UndoStack(doc), Selection())
        editor.resize(300, 250)
        qtbot.addWidget(editor)
        editors.append(editor)
    painted, asked, closed, pictured = (e.scene for e in editors)
    try:
        for scene in (painted, asked, closed):
            assert scene.labels_pending() and scene.items_pending()
            assert not scene._label_slices.isActive() and not scene._item_slices.isActive()
        _grab(editors[0].view)
        assert painted._label_slices.isActive() and painted._item_slices.isActive()
        assert len(asked.card_items()) == len(painted.card_items())
        assert asked._label_slices.isActive()
        editors[2].detach()
        closed.finish_items()
        assert not closed._label_slices.isActive() and closed.labels_pending()
        whole = _fresh(painted)
        for scene in (painted, asked):
            qtbot.waitUntil(lambda s=scene: not s.labels_pending() and not s.items_pending())
            assert _shown(scene) == _shown(whole)
            _same_memory(scene._label_memory, whole._label_memory)
        closed.finish_labels()
        assert _shown(closed) == _shown(whole)
        # A picture of a scene never painted has every label: taking it places them first.
        assert pictured.labels_pending()
        assert render_image(pictured) == render_image(asked)
        assert not pictured.labels_pending()
    finally:
        for editor in editors:
            editor.detach()
