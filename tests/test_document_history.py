"""The document's undo history under random use: undo and redo interleaved, redo branches cut, macros, merges.

A hypothesis state machine drives the Qt-free document (``execute``, ``undo``, ``redo``) over three or more
journeys. It keeps the snapshot of every depth of the history; undo and redo must land on them exactly,
the working copy on disk must hold what the model holds, and a saved file must reopen as it was saved.
"""

from __future__ import annotations

import itertools
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test
from strategies import short_texts, text

from cxdesigner.api import template_project
from cxdesigner.document import Document
from cxdesigner.document import commands as c
from cxdesigner.model import Change, Project, ValidationError, vocab
from cxdesigner.storage import store

pick = st.integers(0, 10_000)
picks = st.lists(pick, min_size=1, max_size=3)
index = st.one_of(st.none(), st.integers(0, 8))
card_fields = st.fixed_dictionaries(
    {},
    optional={
        "title": text,
        "emotion": st.one_of(st.none(), st.integers(-3, 3)),
        "importance": st.one_of(st.none(), st.integers(1, 5)),
        "tags": short_texts,
        "moment_of_truth": st.booleans(),
        "effort": st.one_of(st.none(), st.integers(1, 7)),
    },
).filter(bool)
connection_fields = st.fixed_dictionaries(
    {},
    optional={
        "label": text,
        "kind": st.sampled_from(sorted(vocab.CONNECTION_KINDS)),
        "share": st.one_of(st.none(), st.floats(0, 100, allow_nan=False)),
    },
).filter(bool)
# One step of a macro: resolved against the project as the macro is built (see build_macro).
macro_step = st.one_of(
    st.tuples(st.just("add"), pick, pick, text),
    st.tuples(st.just("update"), pick, card_fields),
    st.tuples(st.just("connect"), pick, pick),
    st.tuples(st.just("move"), pick, pick, index),
    st.tuples(st.just("stage"), text, st.sampled_from(sorted(vocab.PHASES))),
    st.tuples(st.just("lane"), text, st.sampled_from(sorted(vocab.CARD_LANE_KINDS))),
)


_RUNS = itertools.count()


def _nth(items: list[Any], i: int) -> Any:
    return items[i % len(items)]


def _starting_project() -> Project:
    """Three journeys with cards (several to a cell) and connections (a loop among them), before the first command."""
    project = template_project(None)
    for n in (1, 2):
        more = c.blank_journey_entities(f"Journey {n + 1}", position=n)
        project.apply([Change(e.KIND, e.id, None, e) for e in more], notify=False)
    for j in project.journeys():
        stages, lanes = project.stages(j.id), project.lanes(j.id)
        adds = [c.AddTouchpointCommand(j.id, stages[i // 3].id, lanes[i // 3].id, title=f"card {i}") for i in range(5)]
        for add in adds:
            project.apply(add.build(project), notify=False)
        ids = [add.touchpoint_id for add in adds]
        for a, b in [(0, 1), (1, 3), (3, 0), (2, 4)]:
            project.apply(c.AddConnectionCommand(ids[a], ids[b]).build(project), notify=False)
    return project


def read_working_copy(doc: Document) -> dict[str, Any]:
    with closing(store.connect(doc.working_copy.path, read_only=True)) as conn:
        return store.read_project(conn).snapshot()


class History(RuleBasedStateMachine):
    """``states[i]`` is the project after the i-th step of the current branch; ``depth`` is where we are.

    The model of "modified": the working copy differs from what was last saved once a step changes the
    project, until a save or until undo and redo come back to the saved step (``clean``), which a new
    step on a cut-off branch can no longer reach.
    """

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.saved_path = folder / f"saved-{next(_RUNS)}.cxd"
        self.doc = Document.new(_starting_project())
        self.states = [self.doc.project.snapshot()]
        self.commands: list[c.Command] = []  # the command of each step, as the model expects the stack to hold
        self.depth = 0
        self.clean: int | None = 0
        self.dirty = False

    # -- helpers -------------------------------------------------------------------
    @property
    def project(self) -> Project:
        return self.doc.project

    def at_top(self) -> bool:
        return self.depth == len(self.states) - 1

    def cards(self) -> list[Any]:
        return [tp for j in self.project.journeys() for tp in self.project.touchpoints(j.id)]

    def connections(self) -> list[str]:
        """Connection ids in an order that does not hang on their random ids, so an example replays exactly."""
        rank = {tp.id: i for i, tp in enumerate(self.cards())}

        def key(x):
            return rank[x.source_id], rank[x.target_id], x.label, x.kind, x.share is None, x.share or 0.0, x.id

        return [x.id for x in sorted(self.project.tables["connection"].values(), key=key)]

    def execute(self, cmd: c.Command) -> None:
        """Do a command that must succeed: the redo branch is cut, and the command is a new step or,
        when it continues the step on top (the same fields of the same things), merges into it,
        unless that step is the saved one."""
        if self.clean is not None and self.clean > self.depth:
            self.clean = None
        top = self.commands[self.depth - 1] if self.depth else None
        merges = top is not None and self.depth != self.clean and top.merge_key() is not None
        merges = merges and top.merge_key() == cmd.merge_key()
        before = self.project.snapshot()
        self.doc.execute(cmd)
        after = self.project.snapshot()
        self.dirty |= after != before
        del self.states[self.depth + 1 :], self.commands[self.depth :]
        if merges:
            self.states[self.depth] = after
        else:
            self.states.append(after)
            self.commands.append(cmd)
            self.depth += 1
        assert self.doc.stack.index() == self.depth and self.doc.stack.count() == len(self.commands)

    def moved_to(self, depth: int) -> None:
        """Undo or redo landed on ``depth``: back at the saved step, nothing is left to save."""
        self.dirty |= self.states[depth] != self.states[self.depth]
        self.depth = depth
        if self.depth == self.clean:
            self.dirty = False

    # -- editing -------------------------------------------------------------------
    @rule(j=pick, s=pick, ln=pick, at=index, title=text, emotion=st.one_of(st.none(), st.integers(-3, 3)))
    def add_card(self, j, s, ln, at, title, emotion):
        jid = _nth(self.project.journeys(), j).id
        stage, lane = _nth(self.project.stages(jid), s), _nth(self.project.lanes(jid), ln)
        cmd = c.AddTouchpointCommand(jid, stage.id, lane.id, at, title=title, emotion=emotion)
        self.execute(cmd)
        cell = [tp.id for tp in self.project.cell(stage.id, lane.id)]
        assert cmd.touchpoint_id in cell
        if at is not None and at < len(cell):
            assert cell.index(cmd.touchpoint_id) == at

    @rule(which=picks, fields=card_fields)
    def update_cards(self, which, fields):
        cards = self.cards()
        if not cards:
            return
        ids = list(dict.fromkeys(_nth(cards, i).id for i in which))
        self.execute(c.UpdateTouchpointCommand(ids, **fields))
        for id_ in ids:
            tp = self.project.get("touchpoint", id_)
            assert all(getattr(tp, k) == (tuple(v) if isinstance(v, list) else v) for k, v in fields.items())

    @rule(j=pick, which=picks, s=pick, ln=pick, at=index)
    def move_cards(self, j, which, s, ln, at):
        jid = _nth(self.project.journeys(), j).id
        cards = self.project.touchpoints(jid)
        if not cards:
            return
        ids = list(dict.fromkeys(_nth(cards, i).id for i in which))
        stage, lane = _nth(self.project.stages(jid), s), _nth(self.project.lanes(jid), ln)
        cmd = c.MoveTouchpointsCommand(ids, stage.id, lane.id, at)
        if not cmd.build(self.project):
            return  # dropped where they were: the editor pushes nothing either
        self.execute(cmd)
        assert {tp.id for tp in self.project.cell(stage.id, lane.id)} >= set(ids)

    @rule(which=picks)
    def delete_cards(self, which):
        cards = self.cards()
        if not cards:
            return
        ids = list(dict.fromkeys(_nth(cards, i).id for i in which))
        self.execute(c.DeleteTouchpointsCommand(ids))
        assert not set(ids) & set(self.project.tables["touchpoint"])

    @rule(j=pick, a=pick, b=pick, kind=st.sampled_from(sorted(vocab.CONNECTION_KINDS)))
    def connect(self, j, a, b, kind):
        cards = self.project.touchpoints(_nth(self.project.journeys(), j).id)
        if len(cards) < 2 or _nth(cards, a).id == _nth(cards, b).id:
            return
        cmd = c.AddConnectionCommand(_nth(cards, a).id, _nth(cards, b).id, kind=kind)
        self.execute(cmd)
        assert self.project.get("connection", cmd.connection_id).kind == kind

    @rule(which=picks, fields=connection_fields)
    def update_connections(self, which, fields):
        conns = self.connections()
        if conns:
            self.execute(c.UpdateConnectionCommand(list(dict.fromkeys(_nth(conns, i) for i in which)), **fields))

    @rule(which=picks)
    def delete_connections(self, which):
        conns = self.connections()
        if conns:
            self.execute(c.DeleteConnectionsCommand(list(dict.fromkeys(_nth(conns, i) for i in which))))

    @rule(j=pick, lane=st.booleans(), name=text, at=index, kind=pick)
    def add_stage_or_lane(self, j, lane, name, at, kind):
        jid = _nth(self.project.journeys(), j).id
        if lane:
            self.execute(c.AddLaneCommand(jid, name, _nth(sorted(vocab.CARD_LANE_KINDS), kind), at))
        else:
            self.execute(c.AddStageCommand(jid, name, _nth(sorted(vocab.PHASES), kind), at))

    @rule(j=pick, lane=st.booleans(), which=pick, move=st.booleans())
    def delete_stage_or_lane(self, j, lane, which, move):
        jid = _nth(self.project.journeys(), j).id
        siblings = self.project.lanes(jid) if lane else self.project.stages(jid)
        if len(siblings) < 2:
            return
        gone, other = _nth(siblings, which), _nth(siblings, which + 1)
        cls = c.DeleteLaneCommand if lane else c.DeleteStageCommand
        held = {tp.id for tp in self.project.touchpoints(jid) if gone.id in (tp.stage_id, tp.lane_id)}
        self.execute(cls(gone.id, move_to=other.id if move else None))
        left = held & set(self.project.tables["touchpoint"])
        assert left == (held if move else set())

    @rule(kind=st.sampled_from(["stage", "lane", "journey"]), j=pick, which=pick, to=st.integers(0, 8))
    def reorder(self, kind, j, which, to):
        jid = _nth(self.project.journeys(), j).id
        siblings = {"stage": self.project.stages, "lane": self.project.lanes}.get(kind)
        items = siblings(jid) if siblings else self.project.journeys()
        self.execute(c.ReorderCommand(kind, _nth(items, which).id, to))

    @rule(kind=st.sampled_from(["stage", "lane", "journey"]), j=pick, which=pick, name=text)
    def rename(self, kind, j, which, name):
        jid = _nth(self.project.journeys(), j).id
        items = {"stage": self.project.stages, "lane": self.project.lanes}.get(kind, lambda _: self.project.journeys())
        self.execute(c.UpdateCommand(kind, _nth(items(jid), which).id, name=name))

    @rule(name=text, copy=st.booleans(), j=pick)
    def add_journey(self, name, copy, j):
        if copy:
            self.execute(c.DuplicateJourneyCommand(self.project, _nth(self.project.journeys(), j).id, name))
        else:
            self.execute(c.AddJourneyCommand(name))

    @precondition(lambda self: len(self.project.journeys()) > 2)
    @rule(j=pick)
    def delete_journey(self, j):
        self.execute(c.DeleteJourneyCommand(_nth(self.project.journeys(), j).id))

    # -- composite and merged steps ---------------------------------------------------
    @rule(j=pick, steps=st.lists(macro_step, min_size=2, max_size=5), delete=st.lists(pick, max_size=2))
    def macro(self, j, steps, delete):
        """Several commands as one step; later ones use what earlier ones add (cards, stages)."""
        jid = _nth(self.project.journeys(), j).id
        cards = [tp.id for tp in self.project.touchpoints(jid)]
        stages = [s.id for s in self.project.stages(jid)]
        lanes = [ln.id for ln in self.project.lanes(jid)]
        everyone = [tp.id for tp in self.cards()]
        subs: list[c.Command] = []
        for step in steps:
            if step[0] == "add":
                sub = c.AddTouchpointCommand(jid, _nth(stages, step[1]), _nth(lanes, step[2]), title=step[3])
                cards.append(sub.touchpoint_id)
                everyone.append(sub.touchpoint_id)
            elif step[0] == "update" and everyone:
                sub = c.UpdateTouchpointCommand(_nth(everyone, step[1]), **step[2])
            elif step[0] == "connect" and len(cards) > 1 and _nth(cards, step[1]) != _nth(cards, step[2]):
                sub = c.AddConnectionCommand(_nth(cards, step[1]), _nth(cards, step[2]))
            elif step[0] == "move" and cards:
                cell = _nth(stages, step[2]), _nth(lanes, step[1])
                sub = c.MoveTouchpointsCommand([_nth(cards, step[1])], *cell, step[3])
            elif step[0] == "stage":
                sub = c.AddStageCommand(jid, step[1], step[2])
                stages.append(sub.stage_id)
            elif step[0] == "lane":
                sub = c.AddLaneCommand(jid, step[1], step[2])
                lanes.append(sub.lane_id)
            else:
                continue
            subs.append(sub)
        if delete and cards:
            subs.append(c.DeleteTouchpointsCommand(list(dict.fromkeys(_nth(cards, i) for i in delete))))
        self.execute(c.MacroCommand("Several changes", subs))

    @rule(j=pick, cells=st.lists(st.tuples(pick, pick, st.booleans()), min_size=2, max_size=4))
    def several_at_once(self, j, cells):
        """Commands done together (one unit, one write: the room's phones) are each their own undo step,
        landing on the states the same commands reach one by one."""
        jid = _nth(self.project.journeys(), j).id
        stages, lanes = self.project.stages(jid), self.project.lanes(jid)
        specs = [(_nth(stages, s).id, _nth(lanes, ln).id, inbox, f"tp-once-{next(_RUNS)}") for s, ln, inbox in cells]

        def made() -> list[c.Command]:
            return [c.AddTouchpointCommand(jid, sid, lid, title="at once", inbox=inbox, id=tid)
                    for sid, lid, inbox, tid in specs]  # fmt: skip

        start = self.depth
        for cmd in made():  # the steps one by one, then taken back: what each undo step must land on
            self.execute(cmd)
        for _ in specs:
            self.undo()
        together = made()
        self.doc.execute_each(together)
        del self.commands[start:]
        self.commands += together
        self.moved_to(start + len(specs))
        assert self.doc.stack.index() == self.depth and self.doc.stack.count() == len(self.commands)
        assert self.project.snapshot() == self.states[self.depth]
        assert read_working_copy(self.doc) == self.states[self.depth]

    @rule(which=pick, typed=st.text(min_size=2, max_size=6), save_after=st.one_of(st.none(), st.integers(1, 5)))
    def type_a_title(self, which, typed, save_after):
        """Keystrokes in one field make one step, however many (the inspector's typing); a save in
        the middle ends it, so that undo can still come back to what was saved."""
        cards = self.cards()
        if not cards:
            return
        tp_id, depth = _nth(cards, which).id, self.depth
        for n in range(1, len(typed) + 1):
            self.execute(c.UpdateTouchpointCommand(tp_id, title=typed[:n]))
            if n == save_after:
                self.save()
        assert self.project.get("touchpoint", tp_id).title == typed
        assert self.depth <= depth + (2 if save_after is not None and save_after < len(typed) else 1)

    @rule(j=pick, bad=st.sampled_from(["self-loop", "emotion", "missing card", "macro"]))
    def refused(self, j, bad):
        """A refused command, alone or last in a macro, changes neither the model nor the file."""
        jid = _nth(self.project.journeys(), j).id
        cards = self.project.touchpoints(jid)
        stage, lane = self.project.stages(jid)[0], self.project.lanes(jid)[0]
        if bad == "self-loop" and cards:
            cmd: c.Command = c.AddConnectionCommand(cards[0].id, cards[0].id)
        elif bad == "emotion" and cards:
            cmd = c.UpdateTouchpointCommand(cards[0].id, emotion=9)
        elif bad == "macro":
            added = c.AddTouchpointCommand(jid, stage.id, lane.id, title="doomed")
            loop = c.AddConnectionCommand(added.touchpoint_id, added.touchpoint_id)
            cmd = c.MacroCommand("Half done", [added, c.AddStageCommand(jid, "doomed"), loop])
        else:
            cmd = c.DeleteTouchpointsCommand(["tp-nowhere"])
        before, modified = self.project.snapshot(), self.doc.modified
        with pytest.raises(ValidationError):
            self.doc.execute(cmd)
        assert self.project.snapshot() == before
        assert read_working_copy(self.doc) == before
        assert self.doc.modified == modified

    # -- moving through the history ----------------------------------------------------
    @rule()
    def undo(self):
        done = self.doc.undo()
        if self.depth == 0:
            assert done is None
        else:
            assert done is self.commands[self.depth - 1]
            self.moved_to(self.depth - 1)

    @rule()
    def redo(self):
        done = self.doc.redo()
        if self.at_top():
            assert done is None
        else:
            assert done is self.commands[self.depth]
            self.moved_to(self.depth + 1)

    @rule(steps=st.integers(2, 6))
    def undo_several_then_redo_some(self, steps):
        back = min(steps, self.depth)
        for _ in range(back):
            self.doc.undo()
            self.moved_to(self.depth - 1)
        assert self.project.snapshot() == self.states[self.depth]
        for _ in range(back // 2):
            self.doc.redo()
            self.moved_to(self.depth + 1)

    # -- the file ----------------------------------------------------------------------
    @rule()
    def working_copy_holds_the_model(self):
        assert read_working_copy(self.doc) == self.project.snapshot()

    @rule()
    def save(self):
        path = self.saved_path
        self.doc.save_as(path)
        self.clean, self.dirty = self.depth, False
        assert not self.doc.modified
        again = Document.open(path, read_only=True)
        try:
            assert again.project.snapshot() == self.project.snapshot()
        finally:
            again.close()

    # -- after every step ------------------------------------------------------------
    @invariant()
    def model_is_the_state_of_this_depth(self):
        assert self.project.snapshot() == self.states[self.depth]

    @invariant()
    def modified_until_saved_or_back_at_the_saved_step(self):
        assert self.doc.modified == self.dirty

    @invariant()
    def positions_are_dense_and_references_hold(self):
        p = self.project
        assert [j.position for j in p.journeys()] == list(range(len(p.journeys())))
        for j in p.journeys():
            stages, lanes = p.stages(j.id), p.lanes(j.id)
            assert [s.position for s in stages] == list(range(len(stages)))
            assert [ln.position for ln in lanes] == list(range(len(lanes)))
            cells: dict[tuple[str, str], list[int]] = {}
            for tp in p.touchpoints(j.id):
                cells.setdefault((tp.stage_id, tp.lane_id), []).append(tp.position)
            assert all(found == list(range(len(found))) for found in cells.values())
        for conn in p.tables["connection"].values():
            ends = [p.tables["touchpoint"].get(conn.source_id), p.tables["touchpoint"].get(conn.target_id)]
            assert all(tp is not None and tp.journey_id == conn.journey_id for tp in ends)

    def teardown(self):
        """The whole branch once more: down to the start, then up to its top (past where the run stopped)."""
        try:
            assert read_working_copy(self.doc) == self.project.snapshot()
            while self.doc.undo() is not None:
                pass
            assert self.project.snapshot() == self.states[0]
            assert read_working_copy(self.doc) == self.states[0]
            for state in self.states[1:]:
                assert self.doc.redo() is not None
                assert self.project.snapshot() == state
            assert self.doc.redo() is None
            assert read_working_copy(self.doc) == self.states[-1]
        finally:
            self.doc.close()


@pytest.mark.slow
def test_undo_and_redo_land_on_every_state_of_the_history(tmp_path):
    run_state_machine_as_test(
        lambda: History(tmp_path), settings=settings(max_examples=12, stateful_step_count=25)
    )
