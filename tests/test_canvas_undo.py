"""Random editor command sequences through the undo stack: the scene follows, undo and redo restore exactly.

After every step the incrementally updated scene is compared with a scene built afresh from the
model: cards, gutters, every connection's route and label box, and the emotion curve.
"""

from __future__ import annotations

from contextlib import closing

import pytest
from editor_helpers import QuietEditor
from hypothesis import given, settings
from hypothesis import strategies as st

import cxdesigner
from cxdesigner.canvas import JourneyEditor
from cxdesigner.canvas.scene import JourneyScene
from cxdesigner.document import Selection
from cxdesigner.document import commands as dc
from cxdesigner.layout.geometry import emotion_points
from cxdesigner.model import Project
from cxdesigner.qtcommands import UndoStack
from cxdesigner.storage import store

titles = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
picks = st.lists(st.integers(0, 10_000), min_size=1, max_size=3)
where = st.tuples(st.integers(0, 100), st.integers(0, 100), st.one_of(st.none(), st.integers(0, 6)))
operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), where, titles),
        st.tuples(st.just("add"), where, titles),
        st.tuples(st.just("move"), picks, where),
        st.tuples(st.just("delete"), picks),
        st.tuples(
            st.just("connect"),
            st.integers(0, 10_000),
            st.integers(0, 10_000),
            st.sampled_from(["normal", "alternative", "failure", "loop_back"]),
        ),
        st.tuples(st.just("update"), picks, st.one_of(st.none(), st.integers(-3, 3)), titles),
        st.tuples(st.just("kind"), st.integers(0, 10_000), st.sampled_from(["normal", "failure", "loop_back"])),
        st.tuples(st.just("label"), st.integers(0, 10_000), st.sampled_from(["", "Room not ready", "no", "x " * 40])),
        st.tuples(st.just("undo")),
        st.tuples(st.just("redo")),
    ),
    min_size=1,
    max_size=14,
)


def reload_working_copy(doc) -> Project:
    with closing(store.connect(doc.working_copy.path, read_only=True)) as conn:
        return store.read_project(conn)


def check_scene(editor: JourneyEditor) -> None:
    """The incrementally updated scene shows exactly what a scene built afresh from the model shows."""
    scene, project, jid = editor.scene, editor.doc.project, editor.journey_id
    cards = {tp.id for tp in project.touchpoints(jid)}
    conns = {c.id for c in project.connections(jid)}
    assert set(scene.card_items()) == cards
    assert set(scene.connection_items()) == conns
    fresh = JourneyScene(project, scene.lang, follow=False)
    fresh.set_journey(jid)
    assert scene.layout == fresh.layout
    for tid, item in scene.card_items().items():
        r = fresh.layout.cards[tid]
        assert (item.pos().x(), item.pos().y()) == (r.x, r.y)
    fresh_routes = {cid: item.route for cid, item in fresh.connection_items().items()}
    for cid, item in scene.connection_items().items():
        assert item.route == fresh_routes[cid]  # polyline, label box, leader
        label = project.get("connection", cid).label
        assert (item.route.label is not None) == bool(label)
    order = [(tp.id, tp.stage_id, tp.emotion) for tp in project.touchpoints(jid) if tp.emotion is not None]
    assert scene.curve_item.points == emotion_points(fresh.layout, order)
    assert set(editor.selection.touchpoint_ids) <= cards


def run(editor: JourneyEditor, stack: UndoStack, op: tuple) -> None:
    project, jid = editor.doc.project, editor.journey_id
    stages, lanes = project.stages(jid), project.lanes(jid)
    ids = [tp.id for tp in project.touchpoints(jid)]

    def cell(w):
        return stages[w[0] % len(stages)].id, lanes[w[1] % len(lanes)].id

    kind = op[0]
    if kind == "add":
        editor.add_card(cell(op[1]), op[2], op[1][2])
    elif kind == "undo":
        stack.undo()
    elif kind == "redo":
        stack.redo()
    elif not ids:
        return
    elif kind == "move":
        editor.move_cards([ids[i % len(ids)] for i in op[1]], cell(op[2]), op[2][2])
    elif kind == "delete":
        editor.select_cards([ids[i % len(ids)] for i in op[1]])
        editor.delete_selection()
    elif kind == "connect":
        editor.connect_cards(ids[op[1] % len(ids)], ids[op[2] % len(ids)], op[3])
    elif kind == "update":
        editor.update_cards([ids[i % len(ids)] for i in op[1]], emotion=op[2], title=op[3])
    elif kind == "kind":
        conns = project.connections(jid)
        if conns:
            editor.set_connection_kind([conns[op[1] % len(conns)].id], op[2])
    elif kind == "label":
        conns = project.connections(jid)
        if conns:
            conn = conns[op[1] % len(conns)]
            if conn.label != op[2]:
                editor.push(dc.UpdateConnectionCommand(conn.id, label=op[2]))


@pytest.mark.slow
@settings(max_examples=25, deadline=None)
@given(ops=operations)
def test_random_edits_undo_and_redo_exactly(qapp, ops):
    doc = cxdesigner.new_project(None, template="hotel" if len(ops) % 2 else None)
    stack = UndoStack(doc)
    editor = QuietEditor(doc, stack, Selection())
    try:
        start = doc.project.snapshot()
        for op in ops:
            run(editor, stack, op)
            check_scene(editor)
        assert editor.errors == []
        assert reload_working_copy(doc).snapshot() == doc.project.snapshot()
        # What was undone last stays redoable: the end state is the one with everything done.
        while stack.can_redo():
            stack.redo()
        end = doc.project.snapshot()
        assert reload_working_copy(doc).snapshot() == end

        while stack.can_undo():
            stack.undo()
        check_scene(editor)
        assert doc.project.snapshot() == start
        assert reload_working_copy(doc).snapshot() == start

        while stack.can_redo():
            stack.redo()
        check_scene(editor)
        assert doc.project.snapshot() == end
        assert reload_working_copy(doc).snapshot() == end
    finally:
        editor.detach()
        stack.clear()
        doc.close()
