"""Lane types' document commands: cells appear when filled and go when emptied, kinds change with their
cells, stages and lanes go with their cells; every step undoes and redoes exactly, in the model and the file."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import TINY_PNG

import cxdesigner
from cxdesigner.analysis.lanes import overlay_emotions
from cxdesigner.document import commands as c
from cxdesigner.document.lanes import ClearLaneCellsCommand, SetLaneCellCommand, SetLaneTypeCommand
from cxdesigner.document.states import CreateFutureStateCommand
from cxdesigner.document.subjourney import LinkSubJourneyCommand
from cxdesigner.exchange import merge
from cxdesigner.model import ValidationError
from cxdesigner.storage import store


def file_state(d):
    return store.read_project(d.working_copy.conn).snapshot()


@pytest.fixture
def doc():
    d = cxdesigner.new_project(None)
    yield d
    d.close()


def lanes(d):
    """The first journey with a text, a metric, a storyboard, a channel and an emotion lane added."""
    j = d.journeys()[0]
    out = {}
    for kind in ("text", "metric", "storyboard", "channels", "emotion"):
        out[kind] = d.add_lane(j.id, "", kind)
    return j, d.project.stages(j.id), out


def test_setting_a_cell_creates_it_and_emptying_it_deletes_it(doc):
    j, stages, ln = lanes(doc)
    doc.execute(SetLaneCellCommand(stages[0].id, ln["text"], text="Will there be room?"))
    cell = doc.project.lane_cell(stages[0].id, ln["text"])
    assert cell is not None and cell.text == "Will there be room?"
    doc.execute(SetLaneCellCommand(stages[0].id, ln["text"], text="  "))
    assert doc.project.lane_cell(stages[0].id, ln["text"]) is None
    doc.undo()
    assert doc.project.lane_cell(stages[0].id, ln["text"]).text == "Will there be room?"
    assert file_state(doc) == doc.project.snapshot()


def test_a_metric_with_only_a_unit_is_no_cell(doc):
    j, stages, ln = lanes(doc)
    depth = doc.stack.count()
    doc.execute(SetLaneCellCommand(stages[1].id, ln["metric"], unit="%"))
    assert doc.project.lane_cell(stages[1].id, ln["metric"]) is None
    doc.execute(SetLaneCellCommand(stages[1].id, ln["metric"], value=42.5, unit="%", period="Q3", source="web"))
    cell = doc.project.lane_cell(stages[1].id, ln["metric"])
    assert (cell.value, cell.unit, cell.period, cell.source) == (42.5, "%", "Q3", "web")
    assert doc.stack.count() >= depth + 1


def test_computed_and_card_lanes_have_no_cells(doc):
    j, stages, ln = lanes(doc)
    card_lane = doc.project.lanes(j.id)[0].id
    before = doc.project.snapshot()
    for lane_id in (ln["channels"], ln["emotion"], card_lane):
        with pytest.raises(ValidationError, match="no cells"):
            doc.execute(SetLaneCellCommand(stages[0].id, lane_id, text="x"))
    with pytest.raises(ValidationError, match="no field"):
        SetLaneCellCommand(stages[0].id, ln["text"], colour="red")
    assert doc.project.snapshot() == before


def test_clear_deletes_cells_and_undo_brings_them_back(doc):
    j, stages, ln = lanes(doc)
    doc.execute(SetLaneCellCommand(stages[0].id, ln["text"], text="a"))
    doc.execute(SetLaneCellCommand(stages[0].id, ln["storyboard"], image=TINY_PNG, image_type="png", text="cap"))
    before = doc.project.snapshot()
    doc.execute(ClearLaneCellsCommand([(stages[0].id, ln["text"]), (stages[0].id, ln["storyboard"]),
                                       (stages[2].id, ln["text"])]))  # fmt: skip
    assert doc.project.lane_cells(j.id) == []
    doc.undo()
    assert doc.project.snapshot() == before
    assert file_state(doc) == before


def test_kind_change_keeps_what_the_new_kind_shows(doc):
    j, stages, ln = lanes(doc)
    doc.execute(SetLaneCellCommand(stages[0].id, ln["storyboard"], image=TINY_PNG, image_type="png", text="cap"))
    doc.execute(SetLaneCellCommand(stages[1].id, ln["storyboard"], image=TINY_PNG, image_type="png"))
    before = doc.project.snapshot()
    doc.execute(SetLaneTypeCommand(ln["storyboard"], kind="text"))
    cells = doc.project.lane_cells(j.id)
    assert [(x.text, x.image) for x in cells] == [("cap", None)]
    doc.execute(SetLaneTypeCommand(ln["storyboard"], kind="metric", chart="bar"))
    assert doc.project.lane_cells(j.id) == []
    assert doc.project.get("lane", ln["storyboard"]).chart == "bar"
    doc.undo()
    doc.undo()
    assert doc.project.snapshot() == before


def test_kind_change_of_a_lane_with_cards_is_refused_whole(doc):
    j, stages, ln = lanes(doc)
    card_lane = doc.project.lanes(j.id)[0].id
    doc.add_touchpoint(j.id, stages[0].id, card_lane, "Call")
    before, before_file = doc.project.snapshot(), file_state(doc)
    with pytest.raises(ValidationError, match="still holds cards"):
        doc.execute(SetLaneTypeCommand(card_lane, kind="text"))
    assert doc.project.snapshot() == before
    assert file_state(doc) == before_file


def test_overlay_and_chart_are_dropped_with_the_kind(doc):
    j, stages, ln = lanes(doc)
    other = doc.add_journey("Other")
    doc.execute(SetLaneTypeCommand(ln["emotion"], overlay=[other, j.id, other]))
    assert doc.project.get("lane", ln["emotion"]).overlay == (other, j.id)
    doc.execute(SetLaneTypeCommand(ln["emotion"], kind="text"))
    assert doc.project.get("lane", ln["emotion"]).overlay == ()


@pytest.mark.parametrize("what", ["stage", "lane", "journey", "lane_moving_cards"])
def test_deleting_a_stage_lane_or_journey_takes_its_cells(doc, what):
    j, stages, ln = lanes(doc)
    card_lanes = [x for x in doc.project.lanes(j.id) if x.holds_cards]
    doc.add_touchpoint(j.id, stages[0].id, card_lanes[0].id, "Call")
    doc.execute(SetLaneCellCommand(stages[0].id, ln["text"], text="a"))
    doc.execute(SetLaneCellCommand(stages[0].id, ln["metric"], value=3))
    doc.execute(SetLaneCellCommand(stages[1].id, ln["text"], text="b"))
    before = doc.project.snapshot()
    if what == "stage":
        doc.delete_stage(stages[0].id)
        assert [x.text for x in doc.project.lane_cells(j.id)] == ["b"]
    elif what == "lane":
        doc.delete_lane(ln["text"])
        assert [x.value for x in doc.project.lane_cells(j.id)] == [3]
    elif what == "lane_moving_cards":
        doc.delete_lane(card_lanes[0].id, move_to=card_lanes[1].id)
        assert len(doc.project.lane_cells(j.id)) == 3
    else:
        doc.delete_journey(j.id)
        assert doc.project.tables["lane_cell"] == {}
    doc.undo()
    assert doc.project.snapshot() == before
    assert file_state(doc) == before


def test_duplicating_a_journey_copies_its_cells(doc):
    j, stages, ln = lanes(doc)
    doc.execute(SetLaneCellCommand(stages[2].id, ln["text"], text="copy me"))
    copy = doc.duplicate_journey(j.id, "To-be")
    cells = doc.project.lane_cells(copy)
    assert [x.text for x in cells] == ["copy me"]
    assert cells[0].stage_id == doc.project.stages(copy)[2].id


def _command(op, stage, lane, i, new_kind):
    if op == "set_text":
        return SetLaneCellCommand(stage, lane, text=f"t{i}")
    if op == "set_metric":
        return SetLaneCellCommand(stage, lane, value=float(i), unit="%")
    if op == "set_picture":
        return SetLaneCellCommand(stage, lane, image=TINY_PNG, image_type="png")
    if op == "empty":
        return SetLaneCellCommand(stage, lane, text="", value=None, image=None, image_type="")
    if op == "clear":
        return ClearLaneCellsCommand([(stage, lane)])
    if op == "kind":
        return SetLaneTypeCommand(lane, kind=new_kind)
    return c.DeleteStageCommand(stage) if op == "del_stage" else c.DeleteLaneCommand(lane)


ops = st.lists(
    st.tuples(
        st.sampled_from(["set_text", "set_metric", "set_picture", "empty", "clear", "kind", "del_stage", "del_lane"]),
        st.integers(0, 5),
        st.sampled_from(["text", "metric", "storyboard"]),
        st.sampled_from(["text", "metric", "storyboard", "channels", "emotion"]),
    ),
    max_size=10,
)


@settings(max_examples=15, deadline=None)
@given(ops)
def test_any_sequence_undoes_and_redoes_exactly(script):
    d = cxdesigner.new_project(None)
    try:
        j, _stages, ln = lanes(d)
        states = [d.project.snapshot()]
        for op, i, lane_kind, new_kind in script:
            stages = d.project.stages(j.id)
            if not stages or ln[lane_kind] not in d.project.tables["lane"]:
                continue
            stage = stages[i % len(stages)].id
            lane = ln[lane_kind]
            cmd = _command(op, stage, lane, i, new_kind)
            try:
                d.execute(cmd)
            except ValidationError:
                assert d.project.snapshot() == states[-1]  # refused whole
                continue
            if d.project.snapshot() != states[-1] or (d.stack.done and d.stack.done[-1] is cmd):
                states.append(d.project.snapshot())
        assert file_state(d) == states[-1]
        while d.stack.can_undo() and len(states) > 1:
            d.undo()
            states.pop()
            assert d.project.snapshot() == states[-1]
        assert file_state(d) == states[-1]
    finally:
        d.close()


def test_a_duplicate_overlays_the_same_journeys_and_its_own_curve_becomes_the_copys(doc):
    j, _stages, ln = lanes(doc)
    other = doc.add_journey("Business traveller")
    doc.execute(SetLaneTypeCommand(ln["emotion"], overlay=[j.id, other]))
    copy = doc.duplicate_journey(j.id, "To-be")
    lane = next(x for x in doc.project.lanes(copy) if x.kind == "emotion")
    assert lane.overlay == (copy, other)
    assert doc.project.get("lane", ln["emotion"]).overlay == (j.id, other)
    future = doc.execute(CreateFutureStateCommand(doc.project, j.id)).journey_id
    lane = next(x for x in doc.project.lanes(future) if x.kind == "emotion")
    assert lane.overlay == (future, other)
    assert file_state(doc) == doc.project.snapshot()


def _source_with_references():
    """A project whose first journey overlays itself and a second one, opens the second from a card, and has a
    future state: every kind of soft reference a merge must carry over."""
    src = cxdesigner.new_project(None)
    j, stages, ln = lanes(src)
    other = src.add_journey("Business traveller")
    src.execute(SetLaneTypeCommand(ln["emotion"], overlay=[other, j.id]))
    card = src.add_touchpoint(j.id, stages[0].id, src.project.lanes(j.id)[0].id, "Check-in")
    src.execute(LinkSubJourneyCommand(card, other))
    future = src.execute(CreateFutureStateCommand(src.project, j.id)).journey_id
    return src, j.id, other, future, card


def test_merged_journeys_overlay_open_and_follow_their_merged_copies(doc):
    src, j, other, future, card = _source_with_references()
    try:
        outcome = merge.merge_journeys(doc.project, src.project, [j, other, future])
        doc.execute(outcome.command)
        new_j, new_other, new_future = outcome.journey_ids
        lane = next(x for x in doc.project.lanes(new_j) if x.kind == "emotion")
        assert lane.overlay == (new_other, new_j)
        names = [doc.project.get("journey", x).name for x in (new_other, new_j)]
        assert [name for name, _row in overlay_emotions(doc.project, lane)] == names
        opens = [tp for tp in doc.project.touchpoints(new_j) if tp.title == "Check-in"]
        assert [tp.sub_journey for tp in opens] == [new_other]
        assert doc.project.get("journey", new_future).future_of == new_j
        new_cards = {tp.id for tp in doc.project.touchpoints(new_j)}
        assert all(tp.origin in new_cards for tp in doc.project.touchpoints(new_future))
        future_lane = next(x for x in doc.project.lanes(new_future) if x.kind == "emotion")
        assert future_lane.overlay == (new_other, new_future)
        assert file_state(doc) == doc.project.snapshot()
        # A journey merged alone keeps naming the ones left behind (soft references: skipped when absent).
        alone = merge.merge_journeys(doc.project, src.project, [j])
        doc.execute(alone.command)
        lane = next(x for x in doc.project.lanes(alone.journey_ids[0]) if x.kind == "emotion")
        assert lane.overlay == (other, alone.journey_ids[0])
        assert len(overlay_emotions(doc.project, lane)) == 1
    finally:
        src.close()
