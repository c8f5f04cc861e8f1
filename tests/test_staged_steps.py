"""Big steps worked out on a worker, taken over at once: exact undo, all or nothing, the old or the new file."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cxdesigner
from cxdesigner.document import Document, commands
from cxdesigner.model import Project, Response, ValidationError
from cxdesigner.model.entities import SURVEY_RANGES
from cxdesigner.storage import DiskFullError, StaleStagingError, store
from cxdesigner.storage.session import STAGED_PREFIX


def answers(project: Project, n: int, seed: int, prefix: str = "rs") -> commands.AddEntitiesCommand:
    """``n`` survey answers on the first journey's cards, as the survey import makes them (seeded ids)."""
    rng = random.Random(seed)
    cards = [tp.id for tp in project.touchpoints(project.journeys()[0].id)]
    measures = sorted(SURVEY_RANGES)
    out = []
    for k in range(n):
        m = rng.choice(measures)
        lo, hi = SURVEY_RANGES[m]
        out.append(Response(f"{prefix}-{seed}-{k}", rng.choice(cards), m, rng.randint(lo, hi), comment=f"c{k}"))
    return commands.AddEntitiesCommand(out, f"Import {n}")


def in_file(doc: Document) -> Project:
    """The working copy's content, read back by a connection of its own."""
    conn = sqlite3.connect(str(doc.working_copy.path))
    try:
        return store.read_project(conn)
    finally:
        conn.close()


def staged_files(doc: Document) -> list[str]:
    return sorted(p.name for p in doc.working_copy.folder.iterdir() if p.name.startswith(STAGED_PREFIX))


def stage(doc: Document, cmd: commands.ChangeCommand, action: str = "do", progress=None):  # type: ignore[no-untyped-def]
    return doc.stager().stage(cmd, action, progress)


@pytest.fixture
def hotel(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "hotel.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    doc = cxdesigner.open_project(path)
    yield doc
    doc.close()


def test_a_staged_import_its_undo_and_redo_are_the_ordinary_ones_in_the_model_and_the_file(hotel, tmp_path):
    doc = hotel
    reference = cxdesigner.open_project(tmp_path / "hotel.cxd")
    try:
        before = doc.project.snapshot()
        cmd, ref_cmd = answers(doc.project, 3000, 1), answers(reference.project, 3000, 1)
        step = stage(doc, cmd)
        assert doc.project.snapshot() == before and in_file(doc) == doc.project  # staged: nothing changed yet
        heard = []
        doc.project.subscribe(heard.append)
        doc.commit_staged(step)
        reference.execute(ref_cmd)
        assert doc.project == reference.project and in_file(doc) == doc.project
        assert len(doc.project.responses()) == len(before["response"]) + 3000
        assert len(heard) == 1 and len(heard[0]) == 3000  # one notification, as the ordinary way
        assert doc.stack.undo_text() == "Import 3000" and doc.modified
        for action in ("undo", "redo", "undo"):
            doc.commit_staged(stage(doc, cmd, action))
            (reference.undo if action == "undo" else reference.redo)()
            assert doc.project == reference.project and in_file(doc) == doc.project
        assert doc.project.snapshot() == before and doc.stack.index() == 0 and doc.stack.can_redo()
        doc.redo()  # the ordinary way after staged ones: the same records
        reference.redo()
        assert doc.project == reference.project and in_file(doc) == doc.project
        assert staged_files(doc) == []
        doc.save()
    finally:
        reference.close()
    again = cxdesigner.open_project(tmp_path / "hotel.cxd")
    try:
        assert again.project == doc.project
    finally:
        again.close()


@settings(max_examples=12)
@given(
    st.lists(
        st.tuples(st.sampled_from(["import", "rename", "undo", "redo"]), st.booleans()), min_size=1, max_size=8
    )
)
def test_any_mix_of_staged_and_ordinary_steps_keeps_model_file_and_history_exact(steps):
    """Each step staged or not (random), against a twin doing everything the ordinary way."""
    folder = Path(tempfile.mkdtemp(prefix="cxd-staged-"))
    cxdesigner.new_project(folder / "hotel.cxd", template="hotel").close()
    doc, twin = cxdesigner.open_project(folder / "hotel.cxd"), cxdesigner.open_project(folder / "hotel.cxd")
    try:
        card = doc.project.touchpoints(doc.project.journeys()[0].id)[0].id
        for k, (what, staged) in enumerate(steps):
            if what == "import":
                cmd, ref = answers(doc.project, 40, k), answers(twin.project, 40, k)
            elif what == "rename":
                cmd = commands.UpdateTouchpointCommand(card, title=f"Renamed {k}")
                ref = commands.UpdateTouchpointCommand(card, title=f"Renamed {k}")
            else:
                action = what
                if doc.stack.next_step(action) is None:
                    continue
                if staged:
                    doc.commit_staged(stage(doc, doc.stack.next_step(action), action))
                else:
                    (doc.undo if action == "undo" else doc.redo)()
                (twin.undo if action == "undo" else twin.redo)()
                assert doc.project == twin.project and in_file(doc) == doc.project
                continue
            if staged:
                doc.commit_staged(stage(doc, cmd))
            else:
                doc.execute(cmd)
            twin.stack.push(ref, merge=not staged)  # a staged step is its own (a big import merges with nothing)
            assert doc.project == twin.project and in_file(doc) == doc.project
            assert doc.stack.index() == twin.stack.index() and doc.stack.count() == twin.stack.count()
        assert staged_files(doc) == []
    finally:
        doc.close()
        twin.close()
        shutil.rmtree(folder)


def test_cancel_while_writing_leaves_the_project_and_the_file_unchanged(hotel, monkeypatch):
    doc = hotel
    monkeypatch.setattr(store, "STEP_ROWS", 500)
    before, version, rows = doc.project.snapshot(), doc.working_copy.version(), in_file(doc)
    seen: list[int] = []

    def progress(done: int, total: int) -> bool:
        seen.append(done)
        return done < 1500  # Cancel heard after the third run of rows

    assert stage(doc, answers(doc.project, 3000, 2), progress=progress) is None
    assert seen == [0, 500, 1000, 1500]
    assert doc.project.snapshot() == before and doc.working_copy.version() == version and in_file(doc) == rows
    assert staged_files(doc) == [] and doc.stack.count() == 0


def test_a_failure_mid_way_leaves_the_project_and_the_file_unchanged(hotel, monkeypatch):
    doc = hotel
    before, version, rows = doc.project.snapshot(), doc.working_copy.version(), in_file(doc)
    # A record the model refuses (a card that does not exist) among good ones: refused on the worker.
    cmd = answers(doc.project, 2000, 3)
    cmd.entities.insert(1000, Response("rs-orphan", "tp-nowhere", "nps", 5))
    with pytest.raises(ValidationError):
        stage(doc, cmd)
    # The disk filling up half-way through the staged write.
    real = store.write_changes

    def full(conn, changes, progress=None):  # type: ignore[no-untyped-def]
        def failing(done: int, total: int) -> bool:
            if done >= 1000:
                raise sqlite3.OperationalError("database or disk is full")
            return True

        return real(conn, changes, failing)

    monkeypatch.setattr(store, "write_changes", full)
    with pytest.raises(DiskFullError):
        stage(doc, answers(doc.project, 3000, 4))
    monkeypatch.setattr(store, "write_changes", real)
    assert doc.project.snapshot() == before and doc.working_copy.version() == version and in_file(doc) == rows
    assert staged_files(doc) == [] and doc.stack.count() == 0 and not doc.read_only


def test_a_step_staged_before_another_change_is_refused_whole(hotel):
    """A room's phone changes the project while the import is worked out: the staged file no longer follows."""
    doc = hotel
    step = stage(doc, answers(doc.project, 1000, 5))
    doc.add_persona("Arrived meanwhile")
    after, version = doc.project.snapshot(), doc.working_copy.version()
    with pytest.raises(StaleStagingError):
        doc.commit_staged(step)
    assert doc.project.snapshot() == after and doc.working_copy.version() == version and in_file(doc) == doc.project
    assert staged_files(doc) == [] and doc.stack.count() == 1 and not doc.read_only
    # An undo staged, then the history moved on: refused, the newer step stays.
    doc.execute(answers(doc.project, 100, 6))
    undo = stage(doc, doc.stack.next_step("undo"), "undo")
    doc.add_persona("Another")
    with pytest.raises(StaleStagingError):
        doc.commit_staged(undo)
    assert doc.stack.count() == 3 and in_file(doc) == doc.project


def test_a_change_written_before_the_workers_copy_refuses_the_step(hotel):
    """The project's copy made on the worker (``live``) after a phone's change: newer than the stager's base."""
    doc = hotel
    stager = doc.stager(live=True)
    assert stager.project is None  # nothing copied on this thread
    doc.add_persona("Arrived before the copy")
    after, version = doc.project.snapshot(), doc.working_copy.version()
    with pytest.raises(StaleStagingError):  # refused by the worker, before its copy of the file is written
        stager.stage(answers(doc.project, 1000, 8))
    assert "Arrived before the copy" in {p.name for p in stager.project.personas()}
    # The change written after the worker's copy of the file: refused when taken over.
    stager = doc.stager(live=True)
    real_stage = doc.working_copy.stage

    def stage_then_a_phone(changes, base, progress=None):  # type: ignore[no-untyped-def]
        file = real_stage(changes, base, progress)
        doc.add_persona("Arrived while written")
        return file

    doc.working_copy.stage = stage_then_a_phone  # type: ignore[method-assign]
    step = stager.stage(answers(doc.project, 1000, 8))
    del doc.working_copy.stage
    after, version = doc.project.snapshot(), doc.working_copy.version()
    with pytest.raises(StaleStagingError):
        doc.commit_staged(step)
    assert doc.project.snapshot() == after and doc.working_copy.version() == version and in_file(doc) == doc.project
    assert staged_files(doc) == [] and doc.stack.count() == 2
    # Undo staged the same way, nothing changed meanwhile: the ordinary undo's project and file.
    doc.execute(answers(doc.project, 1000, 9))
    twin_before = doc.project.snapshot()
    doc.commit_staged(doc.stager(live=True).stage(doc.stack.next_step("undo"), "undo"))
    assert len(doc.project.responses()) == len(twin_before["response"]) - 1000 and in_file(doc) == doc.project
    doc.redo()
    assert doc.project.snapshot() == twin_before and in_file(doc) == doc.project


@pytest.mark.parametrize("refused", [False, True])
def test_a_copy_made_while_the_project_changes_is_made_again(hotel, monkeypatch, refused):
    """A change (or a refused one, applied and taken back) in the middle of the worker's copy is never mixed in."""
    from cxdesigner.model import project as project_module

    doc = hotel
    real_copy, calls = project_module._Index.copy, []
    card = doc.project.touchpoints(doc.project.journeys()[0].id)[0]

    def copy_with_a_change_between(self):  # type: ignore[no-untyped-def]
        # What the UI thread may do when the GIL passes to it between the tables' copy and the index's.
        calls.append(1)
        if len(calls) == 1:
            cmd = answers(doc.project, 3, 11) if not refused else commands.AddEntitiesCommand(
                [Response("bad", "no-such-card", "csat", 4)], "Refused"
            )
            try:
                doc.execute(cmd)
            except ValidationError:
                assert refused
        return real_copy(self)

    monkeypatch.setattr(project_module._Index, "copy", copy_with_a_change_between)
    copy = doc.project.detached_copy_live()
    assert copy is not None and len(calls) == 2
    assert copy == doc.project and copy._index.as_sets() == copy._index.rebuilt(copy.tables).as_sets()
    assert len(copy.responses(card.id)) == len(doc.project.responses(card.id))
    # Cancelled before a copy could be taken: none.
    assert doc.project.detached_copy_live(stop=lambda: True) is None


CHILD = textwrap.dedent(
    """
    import random, sys
    sys.path.insert(0, sys.argv[2])
    import cxdesigner
    from test_staged_steps import answers
    doc = cxdesigner.open_project(sys.argv[1])
    doc.commit_staged(doc.stager(live=sys.argv[3] == "live").stage(answers(doc.project, 2000, 7)))
    print("committed")
    """
)


# Killed with the old file's connection closed and the staged file not yet in place, and just after; with the
# project's copy made on this thread or on the worker.
@pytest.mark.parametrize("copy", ["here", "live"])
@pytest.mark.parametrize("step", ["staged-swap", "staged-replaced"])
def test_killed_while_a_staged_step_is_taken_over_leaves_the_old_or_the_new_project(tmp_path, data_dir, step, copy):
    path = tmp_path / "hotel.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    with cxdesigner.open_project(path) as doc:
        old = len(doc.project.responses())
    env = {**os.environ, "CXDESIGNER_CRASH_AT": step, "CXDESIGNER_DATA_DIR": str(data_dir)}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(Path(__file__).parent), copy],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == -9, proc.stderr
    (folder,) = (data_dir / "sessions").iterdir()
    restored = Document.restore(folder)
    try:
        assert len(restored.project.responses()) == (old + 2000 if step == "staged-replaced" else old)
        assert in_file(restored) == restored.project
        assert staged_files(restored) == []  # the dead process's staged file is gone
    finally:
        restored.close()
