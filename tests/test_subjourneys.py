"""Sub-journeys: the link and new-sub-journey commands, their undo, and the cycle-safe walks over links."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cxdesigner
from cxdesigner.analysis.linked import is_broken, journey_tree, linked_journeys
from cxdesigner.document import commands as c
from cxdesigner.document.subjourney import LinkSubJourneyCommand, NewSubJourneyCommand
from cxdesigner.model import ValidationError
from cxdesigner.storage import store


@pytest.fixture
def doc():
    d = cxdesigner.new_project(None)
    yield d
    d.close()


def card(d, journey_id, title="Check-in"):
    st_, ln = d.project.stages(journey_id), d.project.lanes(journey_id)
    return d.add_touchpoint(journey_id, st_[0].id, ln[0].id, title)


def test_new_sub_journey_is_one_step_named_after_the_card(doc):
    j = doc.journeys()[0]
    tp = card(doc, j.id, "Check-in")
    before = doc.project.snapshot()
    cmd = doc.execute(NewSubJourneyCommand(tp))
    sub = doc.project.get("journey", cmd.journey_id)
    assert sub.name == "Check-in"
    assert doc.project.stages(sub.id) and doc.project.lanes(sub.id)
    assert doc.project.get("touchpoint", tp).sub_journey == sub.id
    assert store.read_project(doc.working_copy.conn).snapshot() == doc.project.snapshot()
    doc.undo()
    assert doc.project.snapshot() == before
    doc.redo()
    assert doc.project.get("touchpoint", tp).sub_journey == sub.id


def test_link_unlink_and_refusals(doc):
    j = doc.journeys()[0]
    other = doc.execute(c.AddJourneyCommand("Other")).journey_id
    tp = card(doc, j.id)
    doc.execute(LinkSubJourneyCommand(tp, other))
    assert doc.project.get("touchpoint", tp).sub_journey == other
    doc.execute(LinkSubJourneyCommand(tp, None))
    assert doc.project.get("touchpoint", tp).sub_journey is None
    before = doc.project.snapshot()
    with pytest.raises(ValidationError):
        doc.execute(LinkSubJourneyCommand(tp, j.id))  # its own journey
    with pytest.raises(ValidationError):
        doc.execute(LinkSubJourneyCommand(tp, "jr-gone"))
    assert doc.project.snapshot() == before


def test_deleted_journey_leaves_a_broken_link_not_an_error(doc):
    j = doc.journeys()[0]
    tp = card(doc, j.id)
    sub = doc.execute(NewSubJourneyCommand(tp)).journey_id
    doc.execute(c.DeleteJourneyCommand(sub))
    link = doc.project.get("touchpoint", tp).sub_journey
    assert link == sub and is_broken(doc.project, link)
    assert linked_journeys(doc.project, j.id) == [j.id]
    assert [r.journey_id for r in journey_tree(doc.project)] == [j.id]


def test_cycles_and_shared_journeys(doc):
    a = doc.journeys()[0].id
    b = doc.execute(c.AddJourneyCommand("B")).journey_id
    cc = doc.execute(c.AddJourneyCommand("C")).journey_id
    doc.execute(LinkSubJourneyCommand(card(doc, a, "to B"), b))
    doc.execute(LinkSubJourneyCommand(card(doc, b, "back to A"), a))
    doc.execute(LinkSubJourneyCommand(card(doc, b, "to C"), cc))
    doc.execute(LinkSubJourneyCommand(card(doc, a, "to C"), cc))
    assert linked_journeys(doc.project, a) == [a, b, cc]
    assert linked_journeys(doc.project, cc) == [cc]
    rows = journey_tree(doc.project)
    assert [(r.journey_id, r.depth, r.parent_id) for r in rows] == [(a, 0, None), (b, 1, a), (cc, 2, b)]
    assert [r.shared for r in rows] == [False, False, True]  # C is opened by A and by B


def test_a_pure_cycle_still_lists_every_journey_once(doc):
    a = doc.journeys()[0].id
    b = doc.execute(c.AddJourneyCommand("B")).journey_id
    doc.execute(LinkSubJourneyCommand(card(doc, a), b))
    doc.execute(LinkSubJourneyCommand(card(doc, b), a))
    assert sorted(r.journey_id for r in journey_tree(doc.project)) == sorted([a, b])
    assert linked_journeys(doc.project, b) == [b, a]


def test_a_long_chain_does_not_recurse(doc):
    ids = [doc.journeys()[0].id]
    for i in range(300):
        ids.append(doc.execute(c.AddJourneyCommand(f"J{i}")).journey_id)
    doc.execute_each(
        [
            c.AddTouchpointCommand(x, doc.project.stages(x)[0].id, doc.project.lanes(x)[0].id, sub_journey=y)
            for x, y in itertools.pairwise(ids)
        ]
    )
    assert linked_journeys(doc.project, ids[0]) == ids
    assert max(r.depth for r in journey_tree(doc.project)) == 300


ops = st.lists(st.tuples(st.sampled_from(["new", "link", "unlink", "delete"]), st.integers(0, 9)), max_size=8)


@given(ops)
def test_undo_redo_of_any_sequence_restores_each_state(steps):
    d = cxdesigner.new_project(None)
    try:
        j = d.journeys()[0].id
        cards = [card(d, j, f"Card {i}") for i in range(3)]
        states = [d.project.snapshot()]
        for op, n in steps:
            journeys = [x.id for x in d.journeys()]
            tp = cards[n % len(cards)]
            if op == "new":
                cmd = NewSubJourneyCommand(tp)
            elif op == "link":
                targets = [x for x in journeys if x != j]
                if not targets:
                    continue
                cmd = LinkSubJourneyCommand(tp, targets[n % len(targets)])
            elif op == "unlink":
                cmd = LinkSubJourneyCommand(tp, None)
            else:
                targets = [x for x in journeys if x != j]
                if not targets:
                    continue
                cmd = c.DeleteJourneyCommand(targets[n % len(targets)])
            d.execute(cmd)
            states.append(d.project.snapshot())
            linked_journeys(d.project, j)
            journey_tree(d.project)
        for state in reversed(states[:-1]):
            d.undo()
            assert d.project.snapshot() == state
        for state in states[1:]:
            d.redo()
            assert d.project.snapshot() == state
        assert store.read_project(d.working_copy.conn).snapshot() == states[-1]
    finally:
        d.close()


def test_the_journeys_a_journey_opens_come_in_map_order_and_none_without_links(doc):
    # Looked over unsorted first (most journeys open none), then ordered as the map lists the cards.
    a = doc.journeys()[0].id
    b = doc.execute(c.AddJourneyCommand("B")).journey_id
    cc = doc.execute(c.AddJourneyCommand("C")).journey_id
    stages, lanes = doc.project.stages(a), doc.project.lanes(a)
    for i in range(5):
        doc.add_touchpoint(a, stages[i % 2].id, lanes[0].id, f"plain {i}")
    assert linked_journeys(doc.project, a) == [a]
    assert [r.journey_id for r in journey_tree(doc.project)] == [a, b, cc]
    later_on_map = doc.add_touchpoint(a, stages[1].id, lanes[0].id, "to C")  # added first, later on the map
    earlier_on_map = doc.add_touchpoint(a, stages[0].id, lanes[0].id, "to B")
    doc.execute(LinkSubJourneyCommand(later_on_map, cc))
    doc.execute(LinkSubJourneyCommand(earlier_on_map, b))
    assert linked_journeys(doc.project, a) == [a, b, cc]
    assert [(r.journey_id, r.depth) for r in journey_tree(doc.project)] == [(a, 0), (b, 1), (cc, 1)]
