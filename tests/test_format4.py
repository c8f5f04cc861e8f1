"""Format 4's model rules: lane cells, lanes without cards, soft references, checkpoints' bounds."""

from __future__ import annotations

import pytest
from strategies import TINY_PNG

from cxdesigner.model import Change, Checkpoint, Journey, Lane, LaneCell, Project, Stage, Touchpoint, limits
from cxdesigner.model.errors import ValidationError
from cxdesigner.model.jsonformat import dumps, loads, with_new_ids


def _project() -> Project:
    project = Project()
    entities = [
        Journey(id="jr-1", name="Today"),
        Stage(id="st-1", journey_id="jr-1"),
        Lane(id="ln-cards", journey_id="jr-1"),
        Lane(id="ln-text", journey_id="jr-1", position=1, kind="text"),
        Lane(id="ln-chan", journey_id="jr-1", position=2, kind="channels"),
        Touchpoint(id="tp-1", journey_id="jr-1", stage_id="st-1", lane_id="ln-cards", title="Call"),
    ]
    project.apply([Change(e.KIND, e.id, None, e) for e in entities])
    return project


def test_a_text_lane_holds_one_cell_a_stage_and_no_cards():
    project = _project()
    cell = LaneCell(id="lc-1", journey_id="jr-1", lane_id="ln-text", stage_id="st-1", text="Will there be room?")
    project.apply([Change("lane_cell", cell.id, None, cell)])
    assert project.lane_cell("st-1", "ln-text") == cell
    twin = LaneCell(id="lc-2", journey_id="jr-1", lane_id="ln-text", stage_id="st-1")
    with pytest.raises(ValidationError, match="two cells in one stage"):
        project.apply([Change("lane_cell", twin.id, None, twin)])
    card = project.get("touchpoint", "tp-1")
    with pytest.raises(ValidationError, match="holds no cards"):
        project.apply([Change("touchpoint", card.id, card, card.evolve(lane_id="ln-text"))])
    computed = LaneCell(id="lc-3", journey_id="jr-1", lane_id="ln-chan", stage_id="st-1", text="x")
    with pytest.raises(ValidationError, match="holds cards, not text"):
        project.apply([Change("lane_cell", computed.id, None, computed)])
    assert project.lane_cell("st-1", "ln-text") == cell and len(project.lane_cells("jr-1")) == 1


def test_a_card_lane_with_cards_cannot_become_a_text_lane_and_a_lane_with_cells_cannot_be_removed():
    project = _project()
    lane = project.get("lane", "ln-cards")
    with pytest.raises(ValidationError, match="still holds cards"):
        project.apply([Change("lane", lane.id, lane, lane.evolve(kind="text"))])
    cell = LaneCell(id="lc-1", journey_id="jr-1", lane_id="ln-text", stage_id="st-1", text="x")
    project.apply([Change("lane_cell", cell.id, None, cell)])
    text_lane = project.get("lane", "ln-text")
    with pytest.raises(ValidationError, match="its cells are still there"):
        project.apply([Change("lane", text_lane.id, text_lane, None)])
    with pytest.raises(ValidationError, match="still holds text"):
        project.apply([Change("lane", text_lane.id, text_lane, text_lane.evolve(kind="channels"))])


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"value": float("nan")}, "value"),
        ({"value": 1e16}, "out of range"),
        ({"image": b"x" * (limits.MAX_IMAGE_BYTES + 1), "image_type": "png"}, r"at most .* fit: use a smaller one"),
        ({"image": TINY_PNG, "image_type": "gif"}, "image type"),
        ({"image_type": "png"}, "holds no image"),
        ({"image": "not bytes", "image_type": "png"}, "must be bytes"),
    ],
)
def test_a_bad_cell_is_refused_with_a_message(fields, message):
    with pytest.raises(ValidationError, match=message):
        LaneCell(id="lc-1", journey_id="jr-1", lane_id="ln-text", stage_id="st-1", **fields)


def test_soft_references_may_dangle_but_not_point_at_themselves():
    project = _project()
    future = Journey(id="jr-2", name="Tomorrow", future_of="jr-gone")
    project.apply([Change("journey", future.id, None, future)])
    card = project.get("touchpoint", "tp-1")
    project.apply([Change("touchpoint", card.id, card, card.evolve(sub_journey="jr-2", origin="tp-gone"))])
    with pytest.raises(ValidationError, match="future state of itself"):
        Journey(id="jr-3", future_of="jr-3")
    with pytest.raises(ValidationError, match="cannot open its own journey"):
        card.evolve(sub_journey="jr-1")
    # Deleting the journey a card opens is allowed: the link shows as broken.
    project.apply([Change("journey", "jr-2", project.get("journey", "jr-2"), None)])
    assert project.get("touchpoint", "tp-1").sub_journey == "jr-2"


def test_new_ids_follow_soft_references_that_resolve_and_keep_those_that_dangle():
    project = _project()
    future = Journey(id="jr-2", name="Tomorrow", future_of="jr-1")
    card = project.get("touchpoint", "tp-1")
    project.apply([
        Change("journey", future.id, None, future),
        Change("touchpoint", card.id, card, card.evolve(sub_journey="jr-2", origin="tp-gone")),
    ])
    copy = with_new_ids(project)
    today = copy.journey_by_name("Today")
    tomorrow = copy.journey_by_name("Tomorrow")
    assert tomorrow.future_of == today.id != "jr-1"
    (moved,) = copy.touchpoints(today.id)
    assert moved.sub_journey == tomorrow.id and moved.origin == "tp-gone"


def test_checkpoints_are_bounded_in_number_and_in_bytes():
    project = _project()

    def checkpoint(i: int, size: int) -> Checkpoint:
        return Checkpoint(id=f"ck-{i}", journey_id="jr-1", position=i, size=size, data=b"z" * size)

    with pytest.raises(ValidationError, match="does not match"):
        Checkpoint(id="ck-x", journey_id="jr-1", size=3, data=b"")
    with pytest.raises(ValidationError, match=r"at most .* fit: use a smaller one, then try again"):
        checkpoint(0, limits.MAX_CHECKPOINT_BYTES + 1)
    big = limits.MAX_CHECKPOINT_BYTES
    project.apply([Change("checkpoint", f"ck-{i}", None, checkpoint(i, big)) for i in range(2)])
    with pytest.raises(ValidationError, match="delete old checkpoints"):
        project.apply([Change("checkpoint", "ck-2", None, checkpoint(2, big))])
    small = [checkpoint(i, 1) for i in range(10, 10 + limits.MAX_CHECKPOINTS - 2)]
    project.apply([Change("checkpoint", c.id, None, c) for c in small])
    with pytest.raises(ValidationError, match="more than a project may hold"):
        project.apply([Change("checkpoint", "ck-99", None, checkpoint(99, 1))])
    assert len(project.checkpoints()) == limits.MAX_CHECKPOINTS


def test_json_carries_pictures_as_base64_and_checkpoints_only_when_asked():
    project = _project()
    story = Lane(id="ln-story", journey_id="jr-1", position=3, kind="storyboard")
    cell = LaneCell(id="lc-1", journey_id="jr-1", lane_id="ln-story", stage_id="st-1", image=TINY_PNG,
                    image_type="png")
    ck = Checkpoint(id="ck-1", journey_id="jr-1", label="Before", size=3, data=b"abc")
    project.apply([Change(e.KIND, e.id, None, e) for e in (story, cell, ck)])
    plain = loads(dumps(project))
    assert plain.lane_cell("st-1", "ln-story").image == TINY_PNG
    assert plain.checkpoints() == []
    full = loads(dumps(project, with_checkpoints=True))
    assert full == project
    broken = dumps(project).replace('"image": "', '"image": "%%%')
    with pytest.raises(ValidationError, match="not base64"):
        loads(broken)
