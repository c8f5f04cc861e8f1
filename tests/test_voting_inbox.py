"""Format 2's domain: voting sessions with their rules, the ideas inbox, the journey's own phase names."""

from __future__ import annotations

import json
from contextlib import closing

import pytest

import cxdesigner
from cxdesigner.document import commands as c
from cxdesigner.document.voting import (
    CastVoteCommand,
    EndVoteSessionCommand,
    QuickVoteCommand,
    StartVoteSessionCommand,
    quick_votes,
)
from cxdesigner.exchange import merge, projectjson
from cxdesigner.model import Participant, ValidationError, jsonformat
from cxdesigner.storage import store


def on_disk(doc) -> dict:
    with closing(store.connect(doc.working_copy.path, read_only=True)) as conn:
        return store.read_project(conn).snapshot()


@pytest.fixture
def room():
    doc = cxdesigner.new_project(None)
    j = doc.journeys()[0]
    stages, lanes = doc.project.stages(j.id), doc.project.lanes(j.id)
    cards = [doc.add_touchpoint(j.id, stages[i].id, lanes[0].id, f"Card {i}") for i in range(3)]
    doc.execute(c.AddEntitiesCommand([
        Participant(id="pt-ana", name="Ana", position=0),
        Participant(id="pt-luis", name="Luis", position=1),
    ]))
    start = StartVoteSessionCommand(j.id, "What first?", ["pt-ana", "pt-luis"], dots=3, max_per_card=2, hidden=True)
    doc.execute(start)
    yield doc, j.id, cards, start.session_id
    doc.close()


def test_dots_stay_within_each_participants_budget_and_per_card_limit(room):
    doc, jid, (a, b, cc), sid = room
    doc.execute(CastVoteCommand(sid, "pt-ana", a))
    doc.execute(CastVoteCommand(sid, "pt-ana", a))
    with pytest.raises(ValidationError, match="At most 2 dots per card"):
        doc.execute(CastVoteCommand(sid, "pt-ana", a))
    doc.execute(CastVoteCommand(sid, "pt-ana", b))
    with pytest.raises(ValidationError, match="Ana has no dots left"):
        doc.execute(CastVoteCommand(sid, "pt-ana", cc))
    doc.execute(CastVoteCommand(sid, "pt-luis", cc))  # another participant has their own dots
    doc.execute(CastVoteCommand(sid, "pt-ana", a, -1))  # taking one back frees it
    doc.execute(CastVoteCommand(sid, "pt-ana", cc))
    assert on_disk(doc) == doc.project.snapshot()


def test_hidden_counts_show_only_once_revealed_and_an_ended_session_is_fixed(room):
    doc, jid, (a, b, cc), sid = room
    doc.execute(CastVoteCommand(sid, "pt-ana", a))
    doc.execute(CastVoteCommand(sid, "pt-luis", a))
    assert doc.project.shown_votes(a) == 0, "results are hidden until revealed"
    doc.execute(EndVoteSessionCommand(sid, reveal=True))
    assert doc.project.shown_votes(a) == 2
    with pytest.raises(ValidationError, match="has ended"):
        doc.execute(CastVoteCommand(sid, "pt-luis", b))
    vote = doc.project.votes_on(a)[0]
    with pytest.raises(ValidationError, match="has ended"):
        doc.execute(c.UpdateCommand("vote", vote.id, dots=2))
    doc.delete_touchpoints([a])  # deleting a card takes its votes along, and undo brings them back
    doc.undo()
    assert doc.project.shown_votes(a) == 2
    doc.undo()  # reopens the session, counts hidden again
    assert doc.project.get("vote_session", sid).state == "open" and doc.project.shown_votes(a) == 0


def test_the_maps_quick_votes_make_their_session_on_first_use_and_undo_as_one_step(room):
    doc, jid, (a, b, cc), sid = room
    depth = doc.stack.count()
    doc.execute(QuickVoteCommand(jid, [a, b], 1))
    assert doc.stack.count() == depth + 1
    assert quick_votes(doc.project, a) == 1 and doc.project.shown_votes(b) == 1
    doc.execute(QuickVoteCommand(jid, [a], 1))
    doc.execute(QuickVoteCommand(jid, [a, cc], -1))  # nothing to take back on cc: skipped, not refused
    assert quick_votes(doc.project, a) == 1 and quick_votes(doc.project, cc) == 0
    doc.undo()
    doc.undo()
    doc.undo()
    assert "pt-facilitator" not in doc.project.tables["participant"]
    assert on_disk(doc) == doc.project.snapshot()


def test_inbox_cards_wait_off_the_map_then_are_placed_and_sent_back(room):
    doc, jid, (a, b, cc), sid = room
    stages, lanes = doc.project.stages(jid), doc.project.lanes(jid)
    ideas = [doc.add_touchpoint(jid, stages[0].id, lanes[0].id, f"Idea {i}", inbox=True) for i in range(3)]
    assert [tp.title for tp in doc.project.inbox(jid)] == ["Idea 0", "Idea 1", "Idea 2"]
    assert ideas[0] not in {tp.id for tp in doc.project.touchpoints(jid)}, "the map and the analysis skip them"
    with pytest.raises(ValidationError, match="inbox"):
        doc.connect(a, ideas[0])
    doc.move_touchpoints([ideas[2], ideas[0]], stages[1].id, lanes[1].id)
    placed = doc.project.cell(stages[1].id, lanes[1].id)
    assert [tp.title for tp in placed] == ["Idea 0", "Idea 2"] and not any(tp.inbox for tp in placed)
    assert [(tp.title, tp.position) for tp in doc.project.inbox(jid)] == [("Idea 1", 0)]
    doc.connect(a, ideas[0])
    doc.execute(c.SendToInboxCommand([ideas[0]]))
    assert [tp.title for tp in doc.project.inbox(jid)] == ["Idea 1", "Idea 0"]
    assert doc.project.connections_of(ideas[0]) == [], "its connections go with it"
    doc.undo()
    assert doc.project.connections_of(ideas[0]) and not doc.project.get("touchpoint", ideas[0]).inbox
    assert on_disk(doc) == doc.project.snapshot()


def test_deleting_a_stage_keeps_its_inbox_ideas_hinting_at_another(room):
    doc, jid, cards, sid = room
    stages, lanes = doc.project.stages(jid), doc.project.lanes(jid)
    idea = doc.add_touchpoint(jid, stages[5].id, lanes[0].id, "Later idea", inbox=True)
    doc.delete_stage(stages[5].id)
    assert doc.project.get("touchpoint", idea).stage_id == stages[0].id


def test_a_journey_names_its_own_phases(room):
    doc, jid, cards, sid = room
    doc.update("journey", jid, phase_before="Before the visit", phase_during="In the chair")
    j = doc.project.get("journey", jid)
    assert j.phase_name("during", "en") == "In the chair"
    assert j.phase_name("after", "es") == "Después de la compra", "an unnamed phase keeps the built-in name"


def test_version_1_json_votes_become_an_ended_session_and_version_2_round_trips(room):
    doc, jid, (a, b, cc), sid = room
    doc.execute(CastVoteCommand(sid, "pt-ana", a))
    doc.add_touchpoint(jid, doc.project.stages(jid)[0].id, doc.project.lanes(jid)[0].id, "Idea", inbox=True)
    text = jsonformat.dumps(doc.project)
    assert jsonformat.loads(text) == doc.project
    old = json.loads(text)
    old["version"] = 1
    del old["participants"]
    given = {}
    for jd in old["journeys"]:
        del jd["vote_sessions"]
        for k, tp in enumerate(jd["touchpoints"]):
            tp.pop("inbox")  # version 1 had no inbox: every card is on the map
            tp["votes"] = given[tp["id"]] = k
    back = jsonformat.loads(json.dumps(old))
    assert {tp.id: back.shown_votes(tp.id) for tp in back.touchpoints(jid)} == given
    (session,) = back.vote_sessions(jid)
    assert session.state == "ended" and session.revealed


def test_merging_and_exporting_journeys_carries_their_votes_inbox_and_participants(room):
    doc, jid, (a, b, cc), sid = room
    doc.execute(CastVoteCommand(sid, "pt-ana", a))
    doc.execute(CastVoteCommand(sid, "pt-luis", b))
    doc.add_touchpoint(jid, doc.project.stages(jid)[0].id, doc.project.lanes(jid)[0].id, "Idea", inbox=True)
    part = projectjson.subset(doc.project, [jid])
    assert part.participants() == doc.project.participants() and part.inbox(jid) == doc.project.inbox(jid)
    target = cxdesigner.new_project(None)
    try:
        target.execute(c.AddEntitiesCommand([Participant(id="pt-other", name="Ana", position=0)]))
        outcome = merge.merge_journeys(target.project, doc.project, [jid])
        target.execute(outcome.command)
        new = outcome.journey_ids[0]
        (session,) = target.project.vote_sessions(new)
        votes = target.project.session_votes(session.id)
        assert len(votes) == 2 and len(target.project.participants()) == 2, "Ana is reused, Luis is added"
        assert [tp.title for tp in target.project.inbox(new)] == ["Idea"]
    finally:
        target.close()
