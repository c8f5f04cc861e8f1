"""The model refuses invalid values and broken references with messages a user can act on."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import projects

from cxdesigner.model import Change, Connection, Journey, Lane, Project, ProjectInfo, Stage, Touchpoint, ValidationError


def _journey() -> tuple[Project, list]:
    p = Project()
    es = [
        Journey(id="j", name="J"),
        Stage(id="s1", journey_id="j", position=0, key="awareness"),
        Stage(id="s2", journey_id="j", position=1, name="Buy", phase="during"),
        Lane(id="l", journey_id="j"),
        Touchpoint(id="a", journey_id="j", stage_id="s1", lane_id="l", title="A", emotion=-3),
        Touchpoint(id="b", journey_id="j", stage_id="s2", lane_id="l", title="B", emotion=3),
    ]
    p.load(ProjectInfo(), es)
    return p, es


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("emotion", 4, "emotion 4 is out of range: it must be from -3 to 3"),
        ("emotion", -4, "out of range"),
        ("emotion", 1.5, "must be a whole number"),
        ("importance", 0, "importance 0 is out of range"),
        ("satisfaction", 6, "satisfaction 6 is out of range"),
        ("nps", 101, "NPS 101 is out of range"),
        ("effort", 8, "effort 8 is out of range"),
        ("csat", 100.5, "CSAT 100.5 is out of range"),
        ("csat", float("nan"), "CSAT nan is out of range"),
        ("category", "nonsense", "category “nonsense” is not one of"),
        ("evidence", "maybe", "evidence “maybe” is not one of"),
        ("emotion_words", ("happy",), "emotion word “happy” is not one of"),
        ("title", 3, "title must be text"),
        ("moment_of_truth", "yes", "moment of truth must be true or false"),
    ],
)
def test_out_of_range_is_refused_not_clipped(field, value, message):
    tp = Touchpoint(id="a", journey_id="j", stage_id="s", lane_id="l")
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(".", r"\.")):
        tp.evolve(**{field: value})


def test_boundaries_are_accepted():
    tp = Touchpoint(
        id="a",
        journey_id="j",
        stage_id="s",
        lane_id="l",
        emotion=-3,
        importance=5,
        satisfaction=1,
        nps=-100,
        effort=7,
        csat=0.0,
    )
    assert tp.gap == 4
    assert tp.evolve(emotion=3, nps=100, csat=100).emotion == 3


def test_unknown_field_is_refused():
    with pytest.raises(ValidationError, match="no field mood"):
        Touchpoint(id="a", journey_id="j", stage_id="s", lane_id="l").evolve(mood=1)


def test_a_journeys_placed_cards_leave_out_its_inbox_and_other_journeys():
    # The map reads its cards from this index instead of going over every card of the project.
    p, _ = _journey()
    p.apply(
        [
            Change("touchpoint", "c", None, Touchpoint(id="c", journey_id="j", stage_id="s1", lane_id="l", inbox=True)),
            Change("journey", "k", None, Journey(id="k", name="K")),
        ]
    )
    assert sorted(t.id for t in p.placed_cards("j")) == ["a", "b"]
    assert p.placed_cards("k") == []
    p.apply([Change("touchpoint", "c", p.get("touchpoint", "c"), p.get("touchpoint", "c").evolve(inbox=False))])
    assert sorted(t.id for t in p.placed_cards("j")) == ["a", "b", "c"]



@settings(max_examples=30)
@given(projects())
def test_unordered_connections_are_a_journeys_connections(project):
    # The analysis reads them without connections()' sort: the very same connections.
    for j in project.journeys():
        unordered = project.connections_unordered(j.id)
        assert sorted(unordered, key=lambda c: c.id) == project.connections(j.id)
        assert len({c.id for c in unordered}) == len(unordered)

def test_journey_order_is_stage_then_lane_then_position():
    p, _ = _journey()
    assert [t.id for t in p.touchpoints("j")] == ["a", "b"]
    assert p.stages("j")[0].display_name("es") == "Reconocimiento"
    assert p.stages("j")[1].display_name("es") == "Buy"
    assert p.lanes("j")[0].display_name("en") == "Touchpoints"


def test_reference_to_another_journeys_stage_is_refused():
    p, _ = _journey()
    other = [Journey(id="k", name="K"), Stage(id="t", journey_id="k"), Lane(id="m", journey_id="k")]
    p.apply([Change(e.KIND, e.id, None, e) for e in other])
    bad = Touchpoint(id="c", journey_id="j", stage_id="t", lane_id="l")
    with pytest.raises(ValidationError, match="stage that is not in its journey"):
        p.apply([Change("touchpoint", "c", None, bad)])
    assert "c" not in p.tables["touchpoint"]


def test_removing_a_stage_with_cards_is_refused_and_nothing_changes():
    p, _ = _journey()
    before = p.snapshot()
    s1 = p.get("stage", "s1")
    with pytest.raises(ValidationError, match="touchpoints are still in this stage"):
        p.apply([Change("stage", "s1", s1, None)])
    assert p.snapshot() == before


def test_connection_rules():
    p, _ = _journey()
    with pytest.raises(ValidationError, match="to itself"):
        p.apply([Change("connection", "c", None, Connection(id="c", journey_id="j", source_id="a", target_id="a"))])
    with pytest.raises(ValidationError, match="same journey"):
        p.apply([Change("connection", "c", None, Connection(id="c", journey_id="j", source_id="a", target_id="zz"))])
    with pytest.raises(ValidationError, match="share of customers 120 is out of range"):
        Connection(id="c", journey_id="j", source_id="a", target_id="b", share=120)


def test_stale_change_is_refused():
    p, es = _journey()
    a = p.get("touchpoint", "a")
    p.apply([Change("touchpoint", "a", a, a.evolve(title="A2"))])
    with pytest.raises(ValidationError, match="changed meanwhile"):
        p.apply([Change("touchpoint", "a", a, a.evolve(title="A3"))])


def test_listeners_hear_each_change_set_once():
    p, _ = _journey()
    heard = []
    p.subscribe(heard.append)
    a = p.get("touchpoint", "a")
    p.apply([Change("touchpoint", "a", a, a.evolve(title="x"))])
    assert len(heard) == 1 and heard[0][0].new.title == "x"
    p.unsubscribe(heard.append)


def test_a_detached_copy_keeps_its_state_and_hears_nothing():
    p, _ = _journey()
    heard: list = []
    p.subscribe(heard.append)
    copy = p.detached_copy()
    assert copy == p and copy.info is p.info
    old = p.get("touchpoint", "a")
    p.apply([Change("touchpoint", "a", old, old.evolve(title="Changed"))])
    assert copy.get("touchpoint", "a").title == "A" and copy.touchpoints("j")[0] is old
    copy.apply([Change("touchpoint", "b", copy.get("touchpoint", "b"), None)])
    assert "b" in p.tables["touchpoint"] and len(heard) == 1


def index_holds(project) -> bool:
    return project._index.as_sets() == project._index.rebuilt(project.tables).as_sets()


@pytest.mark.slow
@settings(max_examples=25)
@given(project=projects(), picks=st.lists(st.integers(0, 10_000), max_size=6))
def test_the_membership_index_follows_every_change_and_revert(project, picks):
    """Per-journey and per-cell reads come from an index: it must always say what the tables say."""
    assert index_holds(project)
    cards = sorted(project.tables["touchpoint"])
    for pick in picks:
        if not cards:
            break
        tid = cards.pop(pick % len(cards))
        changes = [Change("connection", c.id, c, None) for c in project.connections_of(tid)]
        changes += [Change("response", r.id, r, None) for r in project.responses(tid)]
        changes += [Change("vote", v.id, v, None) for v in project.votes_on(tid)]
        changes += [Change("opportunity_link", k.id, k, None) for k in project.card_opportunity_links(tid)]
        changes.append(Change("touchpoint", tid, project.tables["touchpoint"][tid], None))
        project.apply(changes)
        assert index_holds(project)
        assert project.connections_of(tid) == [] and project.responses(tid) == [] and project.votes_on(tid) == []
        assert project.card_opportunity_links(tid) == []
        project.revert(changes)
        assert index_holds(project)
        project.apply(changes)
    for j in project.journeys():
        for st_ in project.stages(j.id):
            for ln in project.lanes(j.id):
                assert all(tp.stage_id == st_.id and tp.lane_id == ln.id for tp in project.cell(st_.id, ln.id))
    copy = project.detached_copy()
    assert index_holds(copy) and copy == project


def test_evolve_is_dataclasses_replace_with_the_same_checks(monkeypatch):
    import dataclasses

    from cxdesigner.model import limits

    tp = Touchpoint(id="tp1", journey_id="j", stage_id="s", lane_id="l", position=3, title="Hello",
                    pain_points=("slow",), emotion=-2)  # fmt: skip
    for changes in ({"position": 4}, {"stage_id": "s2", "lane_id": "l2", "position": 0}, {"title": "<b>x</b>"},
                    {"tags": ["a", "b"]}, {}):  # fmt: skip
        new = tp.evolve(**changes)
        same = dataclasses.replace(tp, **{k: tuple(v) if isinstance(v, list) else v for k, v in changes.items()})
        assert new == same and type(new) is Touchpoint
        assert [getattr(new, f) for f in new.field_names()] == [getattr(same, f) for f in same.field_names()]
        assert hash(new) == hash(same) and repr(new) == repr(same)
    assert tp.position == 3  # the original stays as it was
    too_long = "x" * (limits.MAX_TEXT + 1)
    for bad in ({"position": -1}, {"title": too_long}, {"emotion": 9}, {"lane_id": ""}, {"importance": 0}):
        with pytest.raises(ValidationError):
            tp.evolve(**bad)
        with pytest.raises(ValidationError):
            dataclasses.replace(tp, **bad)
    with pytest.raises(ValidationError):
        tp.evolve(colour="red")  # not a field of a card
    # Without the per-field keywords of the generated __init__ (20 µs a card where a drop renumbers 200).
    monkeypatch.setattr(Touchpoint, "__init__", lambda *a, **k: pytest.fail("went through __init__"))
    assert tp.evolve(position=5).position == 5


@given(project=projects(max_cards=6), data=st.data())
def test_evolve_of_every_kind_of_record_is_a_fresh_record_with_the_changes(project, data):
    """evolve copies a record's fields and runs its checks: what a new record is, for every kind there is."""
    import dataclasses

    from cxdesigner.model import ENTITY_TYPES

    for cls in ENTITY_TYPES.values():
        # The copy takes every field from the old record: a field set by __init__ alone would go stale.
        assert all(f.init for f in dataclasses.fields(cls)), cls
    for entity in project.all_entities():
        names = [f.name for f in dataclasses.fields(entity)]
        assert set(vars(entity)) == set(names), "a record holds its fields and nothing else"
        name = data.draw(st.sampled_from(names))
        new = entity.evolve(**{name: getattr(entity, name)})
        assert new == dataclasses.replace(entity) == entity and new is not entity
        assert set(vars(new)) == set(names)
