"""Opening a journey places the labels that can show first and the rest in event-loop turns after.

Whatever order they come in, the labels must end where placing all of them at once puts them, and
anything that needs the whole map (an edit, undo, a picture) finishes them first. A tiny first view
(a stand-in for the screen's top left corner) makes most of a generated map wait.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QGraphicsView
from test_canvas_layout import _bench_generate

from cxdesigner.canvas import JourneyEditor
from cxdesigner.canvas.scene import JourneyScene
from cxdesigner.document import Document, Selection
from cxdesigner.document import commands as dc
from cxdesigner.qtcommands import UndoStack

SMALL_VIEW = (300.0, 250.0)


@pytest.fixture
def small_first_view(monkeypatch):
    monkeypatch.setattr(JourneyScene, "_view_size", lambda self: SMALL_VIEW if self.views() else None)


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
    """The planner files a new map's legs for the next edit in the last label slice; that edit plans from them."""
    editor = JourneyEditor(doc, UndoStack(doc), Selection())
    qtbot.addWidget(editor)
    try:
        scene = editor.scene
        assert scene.labels_pending()
        assert scene._planner._unfiled is not None  # not before the first paint
        qtbot.waitUntil(lambda: not scene.labels_pending())
        assert scene._planner._unfiled is None
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
