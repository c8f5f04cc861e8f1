"""The cycle collector's pauses: bulk work that makes no garbage is not scanned while it runs or just after."""

from __future__ import annotations

import gc
import weakref

import cxdesigner
from cxdesigner import collector


def test_what_a_settled_pause_made_goes_to_the_oldest_generation():
    # Young-generation passes after opening a 5,000-card project walked all of it (bench/suite.py, open).
    assert gc.isenabled()
    with collector.paused(settle=True):
        assert not gc.isenabled()
        made = [[i] for i in range(1000)]
    assert gc.isenabled()
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert id(made) in oldest and id(made[-1]) in oldest


def test_a_pause_inside_another_leaves_the_collector_off_until_the_outer_one_ends():
    with collector.paused():
        with collector.paused(settle=True):
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_settled_pause_keeps_a_room_sessions_freeze():
    collector.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector.paused(settle=True):
            made = [[i] for i in range(10)]
        assert gc.get_freeze_count() >= frozen > 0
        assert id(made) not in {id(o) for o in gc.get_objects(generation=2)}
    finally:
        collector.thaw()
    assert not collector.frozen()


def test_a_freeze_the_app_did_not_make_does_not_keep_a_settled_pause_frozen():
    # CPython 3.12.1 starts with objects in the permanent generation; a settled pause must not take
    # that for a room's freeze and leave what it made (a whole project) out of collection for good.
    gc.freeze()
    try:
        with collector.paused(settle=True):
            made = [[i] for i in range(10)]
        assert gc.get_freeze_count() == 0
        assert id(made) in {id(o) for o in gc.get_objects(generation=2)}
    finally:
        gc.unfreeze()


def test_garbage_cycles_made_in_a_settled_pause_are_collected_later():
    class Node:
        pass

    with collector.paused(settle=True):
        a, b = Node(), Node()
        a.other, b.other = b, a
    gone = []
    weakref.finalize(a, gone.append, "a")
    del a, b
    gc.collect()
    assert gone == ["a"]


def test_thaw_without_freeze_does_nothing():
    collector.thaw()
    assert not collector.frozen()
    assert gc.isenabled()


def test_a_project_just_opened_is_already_in_the_oldest_generation(tmp_path):
    doc = cxdesigner.new_project(None)
    journey = doc.project.journeys()[0]
    stage, lane = doc.project.stages(journey.id)[0], doc.project.lanes(journey.id)[1]
    tid = doc.add_touchpoint(journey.id, stage.id, lane.id, "Sees an advert")
    doc.save_as(tmp_path / "p.cxd")
    doc.close()
    opened = cxdesigner.open_project(tmp_path / "p.cxd")
    try:
        assert gc.isenabled()
        oldest = {id(o) for o in gc.get_objects(generation=2)}
        assert id(opened.project) in oldest
        assert id(opened.project.get("touchpoint", tid)) in oldest
    finally:
        opened.close()


def test_what_a_relayout_makes_is_already_in_the_oldest_generation(qapp):
    # Young collections walked a drop's new routes, index and labels just after it (20-50 ms at 5,000 cards).
    from test_canvas_layout import _bench_generate

    from cxdesigner.canvas.scene import JourneyScene
    from cxdesigner.document import Document

    doc = Document.new(_bench_generate()(120, journeys=1))
    scene = JourneyScene(doc.project, "en")
    try:
        jid = doc.project.journeys()[0].id
        scene.set_journey(jid)
        layout = scene.layout
        cell, ids = next((c, ids) for c, ids in layout.cell_order.items() if len(ids) > 1)
        other = layout.stage_ids[(layout.stage_ids.index(cell[0]) + 1) % len(layout.stage_ids)]
        doc.move_touchpoints([ids[0]], other, cell[1], 0)
        assert gc.isenabled()
        oldest = {id(o) for o in gc.get_objects(generation=2)}
        assert id(scene.layout) in oldest
        assert id(scene._label_memory) in oldest
        assert id(scene._label_memory.labels) in oldest
    finally:
        scene.detach()
        doc.close()
