"""Killed at any moment nothing committed is lost; killed while saving, the target is old or new."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cxdesigner
from cxdesigner import filelock
from cxdesigner.document import Document
from cxdesigner.storage.safeopen import verify_file
from cxdesigner.storage.session import PUBLISH_STEPS

WORKER = Path(__file__).parent / "fixtures" / "safety_worker.py"
_spec = importlib.util.spec_from_file_location("safety_worker", WORKER)
assert _spec is not None and _spec.loader is not None
worker = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(worker)

KILLS = 20


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def replay(path: Path, seed: int, last: int) -> tuple[dict[int, tuple], list[int]]:
    """The script's signature after each committed step, up to the first one after ``last``."""
    doc = Document.open(path)  # a private working copy; the file is not touched
    rng = random.Random(seed)
    sigs = {-1: worker.signature(doc.project)}
    done: list[int] = []
    i = 0
    try:
        while not done or done[-1] <= last:
            if worker.scripted_step(doc, rng, i) is not None:
                sigs[i] = worker.signature(doc.project)
                done.append(i)
            i += 1
    finally:
        doc.close()
    return sigs, done


def run_and_kill(path: Path, seed: int) -> list[int]:
    """Start the editing worker, SIGKILL it at a moment chosen by ``seed``; the steps it printed."""
    rng = random.Random(1000 + seed)
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), "edit", str(path), str(seed), "5000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    lines: list[str] = []
    try:
        if seed % 4 == 0:
            # Somewhere in start-up, opening the file or the first commands.
            time.sleep(rng.uniform(0.05, 0.6))
        else:
            want = rng.randint(1, 40)
            while len(lines) < want:
                line = proc.stdout.readline()  # type: ignore[union-attr]
                if not line:
                    break
                lines.append(line)
            time.sleep(rng.uniform(0, 0.004))
    finally:
        proc.kill()
        # Read through the same buffered file as readline: communicate() reads the raw pipe and
        # would skip lines readline has already buffered.
        out = proc.stdout.read()  # type: ignore[union-attr]
        err = proc.stderr.read()  # type: ignore[union-attr]
        proc.stdout.close()  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]
        proc.wait(timeout=60)
    assert proc.returncode == -9, f"the worker ended by itself ({proc.returncode}): {err}"
    lines += out.splitlines()
    return [int(line.split()[0]) for line in lines if line.split() and line.split()[0].isdigit()]


def check_kill(folder: Path, seed: int) -> str:
    """One kill and its recovery, with every promise checked; how it ended (bench/soak.py counts these)."""
    path = folder / "p.cxd"
    cxdesigner.new_project(path).close()
    original = digest(path)
    printed = run_and_kill(path, seed)
    last = printed[-1] if printed else -1
    sigs, done = replay(path, seed, last)
    # The worker printed exactly the steps the replay commits: the script is deterministic.
    assert printed == [s for s in done if s <= last], f"seed {seed}: the replay differs from the worker"
    nxt = next(s for s in done if s > last)

    orphans = filelock.startup_cleanup()
    assert digest(path) == original, "the user's file is never written while editing"
    if not orphans:
        assert printed == [], f"seed {seed}: {len(printed)} commands printed but no unsaved work found"
        return "killed before the first commit"
    assert len(orphans) == 1, f"seed {seed}: {len(orphans)} sessions to recover"
    doc = Document.restore(orphans[0].folder)
    try:
        integrity = doc.working_copy.conn.execute("PRAGMA integrity_check").fetchall()
        assert integrity == [("ok",)], f"seed {seed}: {integrity}"
        recovered = worker.signature(doc.project)
        # Every printed command, and at most one more that committed before its id was printed.
        assert recovered in (sigs[last], sigs[nxt]), f"seed {seed}: printed {len(printed)}, the recovery differs"
        assert doc.modified, "restored work counts as unsaved"
        doc.save()
    finally:
        doc.close()
    again = cxdesigner.open_project(path)
    assert worker.signature(again.project) == recovered
    again.close()
    assert not filelock.lock_path(path).exists(), f"seed {seed}: a lock file is left"
    assert filelock.startup_cleanup() == [], f"seed {seed}: recovery offered twice"
    return "all printed commands back" if recovered == sigs[last] else "one more command back (killed before its print)"


def check_publish_kill(folder: Path, step: str, mode: str) -> str:
    """Kill a Save or Save As at ``step``; check old-or-new and the next start; 'old', 'new' or 'absent'."""
    docs = folder / "docs"
    docs.mkdir()
    original = docs / "p.cxd"
    cxdesigner.new_project(original).close()
    old = digest(original)
    if mode == "save":
        target = original
    else:
        (folder / "elsewhere").mkdir()
        target = folder / "elsewhere" / "new.cxd"
    env = {**os.environ, "CXDESIGNER_CRASH_AT": step}
    proc = subprocess.run(
        [sys.executable, str(WORKER), "save", str(original), str(target)],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == -9, proc.stderr
    published = PUBLISH_STEPS.index(step) >= PUBLISH_STEPS.index("replaced")
    outcome = "absent"
    if target.exists():
        verify_file(target)  # never partial: it passes every check
        doc = Document.open(target)
        titles = {t.title for t in doc.project.tables["touchpoint"].values()}
        doc.close()
        assert (f"{worker.SAVE_MARK} 39" in titles) == published
        if not published and mode == "save":
            assert digest(target) == old
        outcome = "new" if published else "old"
    else:
        assert mode == "save_as_elsewhere" and not published
    assert digest(original) == old or (mode == "save" and published)

    # The next start: temporaries and the dead process's lock are gone, the work is offered back.
    orphans = filelock.startup_cleanup()
    assert sorted(p.name for p in docs.iterdir()) == ["p.cxd"]
    if mode != "save":
        assert sorted(p.name for p in target.parent.iterdir()) == (["new.cxd"] if published else [])
    assert len(orphans) == 1
    doc = Document.restore(orphans[0].folder)
    assert f"{worker.SAVE_MARK} 39" in {t.title for t in doc.project.tables["touchpoint"].values()}
    doc.close()
    return outcome


@pytest.mark.parametrize("seed", range(KILLS))
def test_kill_at_a_random_moment_loses_no_committed_command(tmp_path, seed):
    check_kill(tmp_path, seed)


@pytest.mark.parametrize("step", PUBLISH_STEPS)
@pytest.mark.parametrize("mode", ["save", "save_as_elsewhere"])
def test_killed_at_each_publish_step_leaves_old_or_new_and_no_temporary(tmp_path, step, mode):
    check_publish_kill(tmp_path, step, mode)


def _killed_after(path: Path, seed: int, steps: int) -> list[int]:
    """Run the editing worker until it printed ``steps`` committed commands, then SIGKILL it."""
    proc = subprocess.Popen([sys.executable, str(WORKER), "edit", str(path), str(seed), "5000"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    try:
        while len(lines) < steps:
            line = proc.stdout.readline()  # type: ignore[union-attr]
            if not line:
                break
            lines.append(line)
    finally:
        proc.kill()
        lines += proc.stdout.read().splitlines()  # type: ignore[union-attr]
        proc.stdout.close()  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]
        proc.wait(timeout=60)
    return [int(line.split()[0]) for line in lines if line.split() and line.split()[0].isdigit()]


def test_killed_with_commits_in_the_write_ahead_log_every_one_comes_back(tmp_path):
    """The working copy commits to a write-ahead log (DESIGN.md's file rules): killed with its log
    full, recovery finds the work, folds the log into the file (a rollback-mode file again, checked as
    untrusted), every committed command is back, and the saved file is one self-contained rollback file."""
    from cxdesigner.storage.session import sessions_dir

    (tmp_path / "docs").mkdir()
    path = tmp_path / "docs" / "p.cxd"
    cxdesigner.new_project(path).close()
    printed = _killed_after(path, 3, 12)
    assert len(printed) >= 12
    (work,) = sessions_dir().glob("*/work.cxd")
    log = work.with_name("work.cxd-wal")
    assert log.exists() and log.stat().st_size > 0, "the commits are in the log, not yet in the file"
    assert work.read_bytes()[18:20] == b"\x02\x02"
    sigs, done = replay(path, 3, printed[-1])
    nxt = next(s for s in done if s > printed[-1])

    orphans = filelock.startup_cleanup()
    assert len(orphans) == 1 and orphans[0].counts, "the log's commits count as unsaved work"
    assert not log.exists() and not work.with_name("work.cxd-shm").exists()
    assert work.read_bytes()[18:20] == b"\x01\x01", "settled: a rollback-mode file for the checks"
    doc = Document.restore(orphans[0].folder)
    try:
        assert worker.signature(doc.project) in (sigs[printed[-1]], sigs[nxt])
        assert doc.modified
        doc.save()
        assert not doc.modified
    finally:
        doc.close()
    assert path.read_bytes()[18:20] == b"\x01\x01", "the published file is never in write-ahead-log mode"
    assert sorted(p.name for p in path.parent.iterdir()) == ["p.cxd"], "no log or index beside it"
    verify_file(path)
    assert filelock.startup_cleanup() == []


def test_a_session_killed_before_any_edit_has_nothing_to_recover(tmp_path):
    """Opening leaves the log empty: a kill before the first command offers nothing back."""
    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path).close()
    doc = Document.open(path)
    try:
        work = doc.working_copy.path
        log = work.with_name("work.cxd-wal")
        assert not log.exists() or log.stat().st_size == 0
        # What a kill leaves: the file and its (empty) log, the process gone (its lock with it).
        folder = work.parent
        keep = tmp_path / "kept"
        keep.mkdir()
        for f in folder.iterdir():
            if f.name != "session.lock":
                (keep / f.name).write_bytes(f.read_bytes())
    finally:
        doc.close()
    folder.mkdir()
    for f in keep.iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    meta = json.loads((folder / "session.json").read_text(encoding="utf-8"))
    (folder / "session.json").write_text(json.dumps({**meta, "pid": 0}), encoding="utf-8")  # its process is gone
    assert filelock.startup_cleanup() == []
    assert not folder.exists()
