"""Each document command's undo restores the model and the working copy exactly."""

from __future__ import annotations

import pytest

import cxdesigner
from cxdesigner.document import commands as c
from cxdesigner.model import ValidationError
from cxdesigner.storage import store


@pytest.fixture
def doc():
    d = cxdesigner.new_project(None)
    yield d
    d.close()


def file_state(d):
    return store.read_project(d.working_copy.conn).snapshot()


def ids(d):
    j = d.journeys()[0]
    return j, d.project.stages(j.id), d.project.lanes(j.id)


def populated(d):
    j, st_, ln = ids(d)
    a = d.add_touchpoint(j.id, st_[0].id, ln[0].id, "A", emotion=1)
    b = d.add_touchpoint(j.id, st_[0].id, ln[0].id, "B")
    cc = d.add_touchpoint(j.id, st_[1].id, ln[1].id, "C", emotion=-3)
    d.connect(a, b)
    d.connect(b, cc, kind="failure")
    d.connect(cc, a, kind="loop_back", label="again")
    p = d.add_persona("Ana", segment="young")
    d.update("journey", j.id, persona_id=p)
    return j, st_, ln, (a, b, cc), p


def command_cases(d):
    j, st_, ln, (a, b, cc), p = populated(d)
    ch = c.AddChannelCommand("Kiosk")
    return [
        c.AddTouchpointCommand(j.id, st_[0].id, ln[0].id, 0, title="first"),
        c.UpdateTouchpointCommand([a, b], emotion=-2, pain_points=["slow"]),
        c.MoveTouchpointsCommand([b], st_[0].id, ln[0].id, 0),
        c.MoveTouchpointsCommand([a, cc], st_[2].id, ln[2].id),
        c.DeleteTouchpointsCommand([b]),
        c.AddConnectionCommand(a, cc, kind="alternative", share=30.0),
        c.UpdateConnectionCommand([d.project.connections(j.id)[0].id], label="next"),
        c.DeleteConnectionsCommand([d.project.connections(j.id)[0].id]),
        c.AddStageCommand(j.id, "New", "during", 1),
        c.AddLaneCommand(j.id, "Staff", "frontstage", 0),
        c.ReorderCommand("stage", st_[0].id, 4),
        c.ReorderCommand("lane", ln[2].id, 0),
        c.DeleteStageCommand(st_[0].id),
        c.DeleteStageCommand(st_[0].id, move_to=st_[3].id),
        c.DeleteLaneCommand(ln[0].id, move_to=ln[1].id),
        c.UpdateCommand("stage", st_[1].id, name="Compare"),
        c.AddJourneyCommand("Second"),
        c.DuplicateJourneyCommand(d.project, j.id, "To-be"),
        c.DeleteJourneyCommand(j.id),
        c.MacroCommand("add and move", [c.AddJourneyCommand("Z"), c.ReorderCommand("journey", j.id, 5)]),
        c.AddPersonaCommand("Bob", quote="hi"),
        c.UpdateCommand("persona", p, colour="#aa0000"),
        c.DeletePersonaCommand(p),
        ch,
        c.UpdateCommand("project", "project", name="Renamed"),
        c.MacroCommand("two", [c.UpdateTouchpointCommand(a, title="m"), c.DeleteTouchpointsCommand([cc])]),
    ]


@pytest.mark.parametrize("index", range(26))
def test_undo_restores_model_and_file_exactly(doc, index):
    cmd = command_cases(doc)[index]
    before, before_file = doc.project.snapshot(), file_state(doc)
    doc.execute(cmd)
    after = doc.project.snapshot()
    assert after != before
    assert file_state(doc) == after
    doc.undo()
    assert doc.project.snapshot() == before
    assert file_state(doc) == before_file
    doc.redo()
    assert doc.project.snapshot() == after
    assert file_state(doc) == after


def test_delete_card_restores_connections_in_order(doc):
    j, st_, ln, (a, b, cc), _ = populated(doc)
    cells_before = [t.id for t in doc.project.cell(st_[0].id, ln[0].id)]
    conns_before = doc.project.connections(j.id)
    doc.delete_touchpoints([a])
    assert all(a not in (x.source_id, x.target_id) for x in doc.project.connections(j.id))
    assert [t.position for t in doc.project.cell(st_[0].id, ln[0].id)] == [0]
    doc.undo()
    assert [t.id for t in doc.project.cell(st_[0].id, ln[0].id)] == cells_before
    assert doc.project.connections(j.id) == conns_before


def test_move_reorders_within_a_cell(doc):
    j, st_, ln, (a, b, cc), _ = populated(doc)
    doc.move_touchpoints([b], st_[0].id, ln[0].id, 0)
    assert [t.title for t in doc.project.cell(st_[0].id, ln[0].id)] == ["B", "A"]
    assert [t.position for t in doc.project.cell(st_[0].id, ln[0].id)] == [0, 1]


def test_refused_command_changes_nothing(doc):
    j, st_, ln, (a, b, cc), _ = populated(doc)
    before, before_file = doc.project.snapshot(), file_state(doc)
    with pytest.raises(ValidationError):
        doc.update_touchpoint(a, emotion=9)
    with pytest.raises(ValidationError):
        doc.connect(a, a)
    assert doc.project.snapshot() == before
    assert file_state(doc) == before_file
    assert doc.stack.done[-1].description != "Change emotion"


def test_typing_merges_into_one_step(doc):
    j, st_, ln, (a, b, cc), _ = populated(doc)
    depth = doc.stack.count()
    doc.execute(c.UpdateTouchpointCommand(a, title="H"))
    doc.execute(c.UpdateTouchpointCommand(a, title="He"))
    doc.execute(c.UpdateTouchpointCommand(a, title="Hel"))
    assert doc.stack.count() == depth + 1
    assert doc.project.get("touchpoint", a).title == "Hel"
    doc.undo()
    assert doc.project.get("touchpoint", a).title == "A"
    assert file_state(doc) == doc.project.snapshot()
    doc.redo()
    assert doc.project.get("touchpoint", a).title == "Hel"
    assert file_state(doc) == doc.project.snapshot()


def test_typing_does_not_merge_into_the_saved_state(doc, tmp_path):
    j, st_, ln, (a, b, cc), _ = populated(doc)
    doc.execute(c.UpdateTouchpointCommand(a, title="H"))
    doc.save_as(tmp_path / "typing.cxd")
    doc.execute(c.UpdateTouchpointCommand(a, title="He"))
    assert doc.modified
    doc.undo()
    assert doc.project.get("touchpoint", a).title == "H" and not doc.modified


def test_modified_follows_saves_and_undo(doc, tmp_path):
    j, st_, ln, (a, b, cc), _ = populated(doc)
    doc.save_as(tmp_path / "x.cxd")
    assert not doc.modified
    doc.update_touchpoint(a, title="changed")
    assert doc.modified
    doc.undo()
    assert not doc.modified
    doc.undo()
    assert doc.modified


def test_a_command_that_changes_nothing_leaves_nothing_to_save(doc, tmp_path):
    j, st_, ln, (a, b, cc), _ = populated(doc)
    doc.save_as(tmp_path / "same.cxd")
    writes = doc.working_copy.version()
    doc.execute(c.UpdateCommand("stage", st_[0].id, name=st_[0].name))
    doc.execute(c.UpdateTouchpointCommand(a, title=doc.project.get("touchpoint", a).title))
    assert not doc.modified and doc.working_copy.version() == writes
    doc.undo()
    assert not doc.modified
    doc.execute(c.UpdateTouchpointCommand(a, title="changed"))
    assert doc.modified


def test_read_only_document_refuses_changes(tmp_path):
    d = cxdesigner.new_project(tmp_path / "r.cxd")
    d.close()
    ro = cxdesigner.open_project(tmp_path / "r.cxd", read_only=True)
    j = ro.journeys()[0]
    with pytest.raises(Exception, match="cannot be changed"):
        ro.add_stage(j.id, "x")
    ro.close()


def test_description_is_a_field_not_the_undo_text(doc):
    j, st_, ln, (a, b, cc), _ = populated(doc)
    doc.update_touchpoint(a, description="long text")
    assert doc.project.get("touchpoint", a).description == "long text"
    doc.update("journey", j.id, description="about")
    assert doc.project.get("journey", j.id).description == "about"


def test_kind_and_ids_are_settable_fields(doc):
    j, st_, ln, (a, b, cc), _ = populated(doc)
    conn = doc.project.connections(j.id)[0]
    doc.update_connection(conn.id, kind="failure")
    assert doc.project.get("connection", conn.id).kind == "failure"
    doc.execute(c.UpdateConnectionCommand([conn.id], kind="alternative", label="maybe"))
    assert doc.project.get("connection", conn.id).label == "maybe"
    ln0 = doc.project.lanes(j.id)[0]
    doc.update("lane", ln0.id, kind="backstage")
    assert doc.project.get("lane", ln0.id).kind == "backstage"


def test_an_id_given_twice_is_changed_once(doc):
    j, st_, ln, (a, b, cc), _ = populated(doc)
    doc.update_touchpoint([a, a, b], title="same")
    assert {doc.project.get("touchpoint", i).title for i in (a, b)} == {"same"}
    doc.undo()
    assert doc.project.get("touchpoint", a).title == "A"
