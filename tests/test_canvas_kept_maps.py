"""The map kept from three commands back is freed after the paint that shows the edit, not before it.

Freeing it (its routes, labels, looked-at places, polylines and layout) took some 8.5 ms of every drop
into another cell before its paint (docs/performance.md, fourteenth and fifteenth passes). It must
still be freed, and undo and redo across it must still show what a fresh scene shows.
"""

from __future__ import annotations

import gc
import weakref

from PySide6.QtWidgets import QGraphicsView
from test_canvas_layout import _bench_generate
from test_canvas_moves import _assert_as_fresh

from cxdesigner.canvas.scene import JourneyScene
from cxdesigner.document import Document


def _three_drops(doc: Document, scene: JourneyScene) -> list[str]:
    """Three cards, each into the next stage (each drop a new map: the first one kept is pushed out)."""
    layout = scene.layout
    stages, lane = layout.stage_ids, layout.lane_ids[1]
    moved = []
    for k in range(3):
        stage = stages[k]
        tid = layout.cell_order[(stage, lane)][0]
        doc.move_touchpoints([tid], stages[k + 1], lane, 0)
        layout = scene.layout
        moved.append(tid)
    return moved


def test_the_map_pushed_out_is_freed_in_a_later_turn_and_undo_across_it_is_right(qtbot):
    doc = Document.new(_bench_generate()(120, journeys=1))
    scene = JourneyScene(doc.project, "en")
    try:
        jid = doc.project.journeys()[0].id
        scene.set_journey(jid)
        first = weakref.ref(scene._label_memory)
        gc.collect()
        _three_drops(doc, scene)
        assert first() is not None, "freed before the paint, within the drop"
        qtbot.waitUntil(lambda: first() is None)  # no view: the next event-loop turn
        _assert_as_fresh(doc, scene, jid)
        for _ in range(3):
            doc.undo()
            _assert_as_fresh(doc, scene, jid)
        for _ in range(3):
            doc.redo()
            _assert_as_fresh(doc, scene, jid)
        qtbot.wait(1)
        assert len(scene._dropped_maps) <= 1
    finally:
        scene.detach()
        doc.close()


def test_on_screen_the_map_pushed_out_waits_for_the_paint(qtbot):
    doc = Document.new(_bench_generate()(120, journeys=1))
    scene = JourneyScene(doc.project, "en")
    view = QGraphicsView(scene)
    qtbot.addWidget(view)
    try:
        view.resize(800, 600)
        view.show()
        qtbot.waitExposed(view)
        scene.set_journey(doc.project.journeys()[0].id)
        scene.finish_labels()
        scene.finish_items()
        first = weakref.ref(scene._label_memory)
        gc.collect()
        _three_drops(doc, scene)
        assert first() is not None
        assert scene._free_after_paint and not scene._free_maps.isActive()
        view.viewport().grab()  # the paint that shows the drop: its end lets the map go
        assert first() is not None and scene._free_maps.isActive()
        qtbot.waitUntil(lambda: first() is None)
        # Edits with no paint between them hold one map at most.
        for _ in range(3):
            doc.undo()
            assert len(scene._dropped_maps) <= 1
        for _ in range(3):
            doc.redo()
            assert len(scene._dropped_maps) <= 1
    finally:
        scene.detach()
        doc.close()


def test_undoing_the_deletion_of_every_card_comes_back_to_the_kept_map(qtbot, monkeypatch):
    # The undo brings the connections back in the order of its changes, not the journey's: the map was known
    # by its connections in order, so it missed the map it had and planned and placed every route again
    # (at 5,000 cards some 0.3 s of the undo's 0.6-0.8 s).
    from cxdesigner.canvas import scene as scene_module
    from cxdesigner.document import commands as dc

    doc = Document.new(_bench_generate()(120, journeys=1))
    scene = JourneyScene(doc.project, "en")
    view = QGraphicsView(scene)
    view.resize(800, 600)
    qtbot.addWidget(view)
    view.show()
    placed: list[object] = []
    real = scene_module.place_routes
    monkeypatch.setattr(scene_module, "place_routes", lambda *a, **k: (placed.append(a), real(*a, **k))[1])
    try:
        jid = doc.project.journeys()[0].id
        scene.set_journey(jid)
        qtbot.waitUntil(lambda: not scene.items_pending() and not scene.labels_pending())
        doc.execute(dc.DeleteTouchpointsCommand([tp.id for tp in doc.project.touchpoints(jid)]))
        assert not scene.card_items()
        placed.clear()
        doc.undo()
        assert placed == []
        _assert_as_fresh(doc, scene, jid)
        placed.clear()  # the fresh scene's
        doc.redo()
        doc.undo()
        assert placed == []
        _assert_as_fresh(doc, scene, jid)
        _three_drops(doc, scene)  # the next edits plan from it as from the map first made
        _assert_as_fresh(doc, scene, jid)
    finally:
        scene.detach()
        doc.close()
