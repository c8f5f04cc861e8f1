"""Loading into an empty project takes its own quicker path: the same project, the same refusals."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import projects
from test_canvas_layout import _bench_generate

from cxdesigner.model import Change, Project, ProjectInfo, ValidationError

# Fields that refer to another record, and the kind they refer to: pointing one at another record
# of that kind (another journey's stage, say) or at nothing is how a file's references break.
_REFERENCES = {
    "journey_id": "journey", "stage_id": "stage", "lane_id": "lane", "source_id": "touchpoint",
    "target_id": "touchpoint", "touchpoint_id": "touchpoint", "channel": "channel", "session_id": "vote_session",
    "participant_id": "participant", "persona_id": "persona", "opportunity_id": "opportunity",
    "solution_id": "solution",
}  # fmt: skip


def _by_changes(info: ProjectInfo, entities: list) -> tuple[Project, str | None]:
    """What loading did before the quick path: every record as a change, through ``apply``."""
    project = Project()
    try:
        project.apply([Change("project", "project", project.info, info)]
                      + [Change(e.KIND, e.id, None, e) for e in entities], notify=False)  # fmt: skip
    except ValidationError as exc:
        return project, str(exc)
    return project, None


def _loaded(info: ProjectInfo, entities: list) -> tuple[Project, str | None]:
    project = Project()
    try:
        project.load(info, entities)
    except ValidationError as exc:
        return project, str(exc)
    return project, None


def _index(project: Project) -> dict:
    # Lists, not sets: the index's dicts keep the order records came in, and readers may see it.
    return {name: [(k, list(v)) for k, v in table.items()] for name, table in _index_tables(project).items()}


def _index_tables(project: Project) -> dict:
    ix = project._index
    out = {f"of_journey.{kind}": t for kind, t in ix.of_journey.items()}
    for name in vars(ix):
        if name != "of_journey":
            out[name] = getattr(ix, name)
    return out


def _connected(entities: list) -> set[str]:
    return {end for e in entities if e.KIND == "connection" for end in (e.source_id, e.target_id)}


def _mutate(data: st.DataObject, entities: list) -> list:
    entities = list(entities)
    how = data.draw(st.sampled_from(["drop", "twice", "repoint", "self", "inbox", "content lane", "shuffle", "none"]))
    linked = _connected(entities)
    fits = {
        "self": lambda e: e.KIND == "connection",
        # A card with connections: one taken into the inbox breaks them.
        "inbox": lambda e: e.KIND == "touchpoint" and (e.id in linked or not linked),
        "content lane": lambda e: e.KIND == "lane",
        "repoint": lambda e: any(f in e.field_names() for f in _REFERENCES),
    }.get(how, lambda e: True)
    picks = [i for i, e in enumerate(entities) if fits(e)]
    if not picks:
        return entities
    i = data.draw(st.sampled_from(picks))
    e = entities[i]
    if how == "drop":
        del entities[i]
    elif how == "twice":
        entities.insert(data.draw(st.integers(0, len(entities))), e)
    elif how == "repoint":
        name = data.draw(st.sampled_from([f for f in _REFERENCES if f in e.field_names()]))
        kind = _REFERENCES[name]
        others = sorted({x.id for x in entities if kind == x.KIND} | {"nowhere"})
        entities[i] = dataclasses.replace(e, **{name: data.draw(st.sampled_from(others))})
    elif how == "self":
        entities[i] = dataclasses.replace(e, target_id=e.source_id)
    elif how == "inbox":
        entities[i] = dataclasses.replace(e, inbox=not e.inbox)
    elif how == "content lane":
        # Moved after the cards, so the cards' own check meets it before the lane's does.
        del entities[i]
        entities.append(dataclasses.replace(e, kind=data.draw(st.sampled_from(["text", "emotion", "storyboard"]))))
    elif how == "shuffle":
        entities = data.draw(st.permutations(entities))
    return entities


# 120, not 300: drawing the projects is four fifths of the test's time, and it was the suite's second slowest
# (15 s of a two-worker run near its five minutes). With 120, each mutation kind comes up 16–40 times, and 70
# of the 120 projects are refused, 50 loaded.
@settings(max_examples=120)
@given(project=projects(max_cards=8), data=st.data())
def test_loading_an_empty_project_is_applying_every_record(project, data):
    """Quick checks pass only what the full ones pass; what they refuse is refused with the same message."""
    entities = project.all_entities()
    for _ in range(data.draw(st.integers(1, 3))):
        entities = _mutate(data, entities)
    want, refused = _by_changes(project.info, entities)
    got, said = _loaded(project.info, entities)
    assert said == refused
    if refused is None:
        assert got.info == want.info and got.tables == want.tables
        assert all(list(got.tables[k]) == list(want.tables[k]) for k in got.tables)
        assert _index(got) == _index(want)
    else:
        # Refused: nothing of it stays, as apply leaves nothing behind.
        assert got.info == Project().info and not any(got.tables.values()) and not any(_index(got).values())


def test_a_missing_project_record_is_refused_as_before():
    with pytest.raises(ValidationError, match="The project's own record cannot be removed"):
        Project().load(None, [])  # type: ignore[arg-type]


@settings(max_examples=10)
@given(project=projects(max_cards=4))
def test_loading_into_a_project_that_has_records_still_goes_through_apply(project):
    entities = project.all_entities()
    again = Project()
    again.load(project.info, entities)
    assert again.tables == project.tables
    if entities:
        with pytest.raises(ValidationError, match="was changed meanwhile"):
            again.load(project.info, entities[:1])


def _two_journeys() -> list:
    return _bench_generate()(20, journeys=2).all_entities()


def _first(entities: list, kind: str, journey: str | None = None, **where: object):
    return next(
        e for e in entities
        if kind == e.KIND and (journey is None or e.journey_id == journey)
        and all(getattr(e, k) == v for k, v in where.items())
    )  # fmt: skip


@pytest.mark.parametrize(
    "case",
    ["card in another journey's lane", "card in another journey's stage", "card in a journey that is not there",
     "connection to another journey's card", "connection from another journey's card", "connection to itself",
     "connection from the inbox", "connection to the inbox", "card on a lane that holds no cards",
     "card with a channel not in the catalogue"],
)  # fmt: skip
def test_each_broken_reference_is_refused_as_apply_refuses_it(case):
    entities = _two_journeys()
    journeys = [e.id for e in entities if e.KIND == "journey"]
    mine, other = journeys[0], journeys[1]
    conn = _first(entities, "connection", mine)
    card = _first(entities, "touchpoint", mine, id=conn.source_id)
    if case == "card in another journey's lane":
        bad = dataclasses.replace(card, lane_id=_first(entities, "lane", other).id)
    elif case == "card in another journey's stage":
        bad = dataclasses.replace(card, stage_id=_first(entities, "stage", other).id)
    elif case == "card in a journey that is not there":
        bad = dataclasses.replace(card, journey_id="nowhere")
    elif case == "connection to another journey's card":
        bad = dataclasses.replace(conn, target_id=_first(entities, "touchpoint", other).id)
    elif case == "connection from another journey's card":
        bad = dataclasses.replace(conn, source_id=_first(entities, "touchpoint", other).id)
    elif case == "connection to itself":
        bad = dataclasses.replace(conn, target_id=conn.source_id)
    elif case == "connection from the inbox":
        # Nothing leads to the card any more: only the connection's source end can refuse it.
        entities = [e for e in entities if not (e.KIND == "connection" and e.target_id == card.id)]
        bad = dataclasses.replace(card, inbox=True)
    elif case == "connection to the inbox":
        card = next(e for e in entities if e.id == conn.target_id)
        entities = [e for e in entities if not (e.KIND == "connection" and e.source_id == card.id)]
        bad = dataclasses.replace(card, inbox=True)
    elif case == "card on a lane that holds no cards":
        lane = next(e for e in entities if e.id == card.lane_id)
        entities = [e for e in entities if e is not lane] + [dataclasses.replace(lane, kind="text")]
        bad = card
    else:
        bad = dataclasses.replace(card, channel="smoke signals")
    old = conn if bad.KIND == "connection" else card
    entities = [bad if e is old else e for e in entities]
    want, refused = _by_changes(ProjectInfo(), entities)
    got, said = _loaded(ProjectInfo(), entities)
    assert refused is not None and said == refused
    assert not any(got.tables.values())
