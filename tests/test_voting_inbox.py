"""Format 2's domain: voting sessions with their rules, the ideas inbox, the journey's own phase names."""

from __future__ import annotations

import json
from contextlib import closing

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
from cxdesigner.model import Change, Participant, ValidationError, Vote, jsonformat
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


PEOPLE = ("pt-ana", "pt-luis")


class _DropVote(c.ChangeCommand):
    def __init__(self, vote: Vote) -> None:
        super().__init__("Take a vote back")
        self.vote = vote

    def build(self, project) -> list[Change]:
        return [Change("vote", self.vote.id, self.vote, None)]


@settings(max_examples=60)
@given(steps=st.lists(st.tuples(st.sampled_from(PEOPLE), st.integers(0, 2),
                                st.sampled_from(["cast", "update", "delete"]), st.integers(1, 3)), max_size=25),
       budget=st.tuples(st.integers(1, 4), st.integers(1, 3)))
def test_a_vote_is_checked_against_its_persons_budget_as_against_every_vote(steps, budget):
    # The model checks a changed vote against the dots of the person it belongs to only (an index per
    # session and person); what it accepts and refuses must be what the rule over every vote says.
    doc = cxdesigner.new_project(None)
    try:
        j = doc.journeys()[0]
        stage, lane = doc.project.stages(j.id)[0].id, doc.project.lanes(j.id)[0].id
        cards = [doc.add_touchpoint(j.id, stage, lane, f"Card {i}") for i in range(3)]
        doc.execute(c.AddEntitiesCommand([Participant(id=pid, name=pid, position=n) for n, pid in enumerate(PEOPLE)]))
        dots, per_card = budget
        start = StartVoteSessionCommand(j.id, "Vote", list(PEOPLE), dots=dots, max_per_card=per_card, hidden=False)
        doc.execute(start)
        sid = start.session_id

        def allowed(votes) -> bool:
            used: dict[str, int] = {}
            for v in votes:
                used[v.participant_id] = used.get(v.participant_id, 0) + v.dots
            return all(v.dots <= per_card for v in votes) and all(n <= dots for n in used.values())

        for k, (pid, card, action, amount) in enumerate(steps):
            votes = doc.project.session_votes(sid)
            mine = [v for v in votes if v.participant_id == pid]
            if action == "cast" or not mine:
                command = c.AddEntitiesCommand([Vote(id=f"v-{k}", session_id=sid, participant_id=pid,
                                                     touchpoint_id=cards[card], dots=amount)])
                after = [*votes, Vote(id=f"v-{k}", session_id=sid, participant_id=pid, touchpoint_id=cards[card],
                                      dots=amount)]
            elif action == "update":
                command = c.UpdateCommand("vote", mine[0].id, dots=amount)
                after = [v.evolve(dots=amount) if v.id == mine[0].id else v for v in votes]
            else:
                command = _DropVote(mine[0])
                after = [v for v in votes if v.id != mine[0].id]
            try:
                doc.execute(command)
                accepted = True
            except ValidationError:
                accepted = False
            assert accepted == allowed(after), (steps[: k + 1], budget)
            for person in PEOPLE:  # what a phone's next dot is checked against
                placed: dict[str, int] = {}
                for v in doc.project.session_votes(sid):
                    if v.participant_id == person:
                        placed[v.touchpoint_id] = placed.get(v.touchpoint_id, 0) + v.dots
                assert doc.project.placed_dots(sid, person) == placed
            assert doc.project._index.as_sets() == doc.project._index.rebuilt(doc.project.tables).as_sets()
    finally:
        doc.close()
