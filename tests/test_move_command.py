"""Moving cards to several cells in one step: offsets, edges, the file, undo, and what undo brings back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cxdesigner
from cxdesigner.document import commands as c
from cxdesigner.document.history import cards_brought_back, step_changes
from cxdesigner.document.move_command import MoveTouchpointsToCellsCommand
from cxdesigner.layout.moves import cell_offset, moves_by_offset
from cxdesigner.model import ValidationError
from cxdesigner.storage import store


def file_state(d):
    return store.read_project(d.working_copy.conn).snapshot()


def cells_are_numbered(project, journey_id) -> bool:
    cells: dict[tuple[str, str], list[int]] = {}
    for tp in project.touchpoints(journey_id):
        cells.setdefault((tp.stage_id, tp.lane_id), []).append(tp.position)
    return all(sorted(p) == list(range(len(p))) for p in cells.values())


@pytest.fixture
def hotel():
    d = cxdesigner.new_project(None, template="hotel")
    yield d
    d.close()


def test_one_group_does_what_the_single_cell_move_does(hotel):
    j = hotel.journeys()[0]
    p = hotel.project
    cards = [tp.id for tp in p.touchpoints(j.id)]
    stages, lanes = p.stages(j.id), p.lanes(j.id)
    ids, cell, index = [cards[5], cards[1]], (stages[2].id, lanes[1].id), 1
    single = c.MoveTouchpointsCommand(ids, *cell, index).build(p)
    many = MoveTouchpointsToCellsCommand([(ids, *cell, index)]).build(p)
    assert sorted(single, key=lambda ch: ch.id) == sorted(many, key=lambda ch: ch.id)


@given(
    picks=st.lists(st.integers(0, 200), min_size=1, max_size=6),
    stage_step=st.integers(-6, 6),
    lane_step=st.integers(-5, 5),
    anchor_pick=st.integers(0, 5),
    index=st.none() | st.integers(0, 4),
)
def test_offset_moves_keep_offsets_clamp_at_edges_and_undo_exactly(
    hotel, picks, stage_step, lane_step, anchor_pick, index
):
    # Each example undoes its move, so one project serves them all.
    d = hotel
    j = d.journeys()[0]
    p = d.project
    cards = p.touchpoints(j.id)
    ids = list(dict.fromkeys(cards[i % len(cards)].id for i in picks))
    anchor = ids[anchor_pick % len(ids)]
    stages = [s.id for s in p.stages(j.id)]
    lanes = [ln.id for ln in p.lanes(j.id)]
    where = {}
    for t in ids:
        tp = p.get("touchpoint", t)
        where[t] = (stages.index(tp.stage_id), lanes.index(tp.lane_id))
    before, before_file = p.snapshot(), file_state(d)
    moves = moves_by_offset(p, ids, stage_step, lane_step, anchor=anchor, index=index)
    cmd = MoveTouchpointsToCellsCommand(moves)
    holds_cards = {ln.id: ln.holds_cards for ln in p.lanes(j.id)}
    if not all(holds_cards[lanes[min(max(ln + lane_step, 0), len(lanes) - 1)]] for _s, ln in where.values()):
        # A card would land in the hotel's thoughts lane: the whole move is refused, nothing changes.
        with pytest.raises(ValidationError, match="holds no cards"):
            d.execute(cmd)
        assert p.snapshot() == before and file_state(d) == before_file
        return
    if not cmd.build(p):
        assert all(s == min(max(s + stage_step, 0), len(stages) - 1) for s, _ in where.values())
        return
    d.execute(cmd)
    changed_cell = set()
    for t, (s, ln) in where.items():
        tp = p.get("touchpoint", t)
        want = (min(max(s + stage_step, 0), len(stages) - 1), min(max(ln + lane_step, 0), len(lanes) - 1))
        assert (stages.index(tp.stage_id), lanes.index(tp.lane_id)) == want
        if want != (s, ln):
            changed_cell.add(t)
    assert cells_are_numbered(p, j.id)
    assert file_state(d) == p.snapshot()
    assert set(cards_brought_back(step_changes(cmd, undone=False))) == changed_cell
    d.undo()
    assert p.snapshot() == before and file_state(d) == before_file
    assert set(cards_brought_back(step_changes(cmd, undone=True))) == changed_cell


def test_cell_offset_and_a_group_that_stays_put(hotel):
    j = hotel.journeys()[0]
    p = hotel.project
    stages, lanes = p.stages(j.id), p.lanes(j.id)
    first = p.touchpoints(j.id)[0]
    assert cell_offset(p, first.id, (first.stage_id, first.lane_id)) == (0, 0)
    last = (stages[-1].id, lanes[-1].id)
    assert cell_offset(p, first.id, last) == (
        len(stages) - 1 - [s.id for s in stages].index(first.stage_id),
        len(lanes) - 1 - [ln.id for ln in lanes].index(first.lane_id),
    )
    # Pressing towards an edge the cards are already at moves nothing.
    on_left = [tp.id for tp in p.touchpoints(j.id) if tp.stage_id == stages[0].id]
    assert moves_by_offset(p, on_left, -1, 0) == []


def test_cards_move_within_their_journey_only(hotel):
    j = hotel.journeys()[0]
    other = hotel.add_journey("Other")
    p = hotel.project
    card = p.touchpoints(j.id)[0].id
    far = (p.stages(other)[0].id, p.lanes(other)[0].id)
    with pytest.raises(ValidationError):
        MoveTouchpointsToCellsCommand([([card], *far, None)]).build(p)


def test_undo_of_a_delete_brings_the_cards_back_but_renumbering_does_not_count(hotel):
    j = hotel.journeys()[0]
    p = hotel.project
    cards = p.touchpoints(j.id)
    cmd = c.DeleteTouchpointsCommand([cards[0].id])
    hotel.execute(cmd)
    assert cards_brought_back(step_changes(cmd, undone=False)) == []
    hotel.undo()
    assert cards_brought_back(step_changes(cmd, undone=True)) == [cards[0].id]
    macro = c.MacroCommand("two", [c.UpdateTouchpointCommand(cards[1].id, emotion=2), c.AddTouchpointCommand(
        j.id, cards[1].stage_id, cards[1].lane_id, 0, title="new")])
    hotel.execute(macro)
    new_id = macro.commands[1].touchpoint_id
    assert set(cards_brought_back(step_changes(macro, undone=False))) == {cards[1].id, new_id}
    hotel.undo()
    assert cards_brought_back(step_changes(macro, undone=True)) == [cards[1].id]
