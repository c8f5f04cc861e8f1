"""A full disk (RLIMIT_FSIZE, SIGXFSZ ignored) fails Save and commands cleanly; nothing is lost."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import cxdesigner
from cxdesigner import filelock

WORKER = Path(__file__).parent / "fixtures" / "safety_worker.py"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="RLIMIT_FSIZE is POSIX only")


def test_disk_full_during_save_and_during_a_command(tmp_path):
    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path).close()
    original = hashlib.sha256(path.read_bytes()).hexdigest()
    proc = subprocess.run(
        [sys.executable, str(WORKER), "diskfull", str(path)],
        capture_output=True, text=True, timeout=120, env=dict(os.environ),
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    # Save fails with a message that says why and that nothing was lost; original intact, no temporary.
    assert out["save"] == "DiskFullError"
    assert "disk is full" in out["save_message"] and "Nothing was lost" in out["save_message"]
    assert out["original_sha_after_failed_save"] == original
    assert out["temps_after_failed_save"] == []
    # A command whose commit fails is rolled back and the project turns read-only...
    assert out["command"] == "DiskFullError"
    assert out["cards_after_failed_command"] == 0
    assert out["read_only"] is True and out["edit_while_read_only"] == "refused"
    assert out["retry_while_full"] is False
    # ...until the space is back: then editing and Save work again.
    assert out["retry_with_space"] is True and out["save_again"] == "saved"
    doc = cxdesigner.open_project(path)
    titles = {t.title for t in doc.project.tables["touchpoint"].values()}
    doc.close()
    assert "after space came back" in titles and "too much" not in titles
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == ["p.cxd"]
    assert filelock.startup_cleanup() == []


def test_a_failed_command_write_rolls_the_model_back(tmp_path, monkeypatch):
    from cxdesigner.storage import DiskFullError, ReadOnlyError

    doc = cxdesigner.new_project(tmp_path / "p.cxd")
    j = doc.journeys()[0]
    st, ln = doc.project.stages(j.id)[0], doc.project.lanes(j.id)[0]
    before = doc.project.snapshot()

    def full(changes):
        raise DiskFullError("the disk is full; free some space and try again")

    monkeypatch.setattr(doc.working_copy, "write", full)
    with pytest.raises(DiskFullError):
        doc.add_touchpoint(j.id, st.id, ln.id, "lost?")
    assert doc.project.snapshot() == before
    assert doc.read_only and "could not be written" in doc.read_only_reason
    with pytest.raises(ReadOnlyError):
        doc.add_stage(j.id, "x")
    # Saved elsewhere: editable again.
    monkeypatch.undo()
    doc.save_as(tmp_path / "elsewhere.cxd")
    assert not doc.read_only
    doc.add_stage(j.id, "after")
    doc.close()
