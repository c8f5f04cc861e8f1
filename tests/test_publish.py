"""Save and Save As never leave a partial target, even when killed at any step of publishing."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap

import pytest

import cxdesigner
from cxdesigner.storage.atomic import remove_stale_temps
from cxdesigner.storage.session import PUBLISH_STEPS

SCRIPT = textwrap.dedent(
    """
    import sys, cxdesigner
    doc = cxdesigner.open_project(sys.argv[1])
    j = doc.journeys()[0]
    st = doc.project.stages(j.id)[0]
    ln = doc.project.lanes(j.id)[0]
    for i in range(40):
        doc.add_touchpoint(j.id, st.id, ln.id, "new %d" % i, description="x" * 2000)
    doc.save_as(sys.argv[2])
    print("saved")
    """
)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("step", PUBLISH_STEPS)
@pytest.mark.parametrize("mode", ["save", "save_as_over_existing"])
def test_killed_while_publishing_leaves_old_or_new(tmp_path, step, mode, data_dir):
    original = tmp_path / "orig.cxd"
    cxdesigner.new_project(original, template="hotel").close()
    target = original if mode == "save" else tmp_path / "other.cxd"
    if mode != "save":
        cxdesigner.new_project(target).close()
    old_hash = digest(target)
    env = {**os.environ, "CXDESIGNER_CRASH_AT": step, "CXDESIGNER_DATA_DIR": str(data_dir)}
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(original), str(target)], env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == -9, proc.stderr
    # Old or new, never partial: it opens, and it is one of the two versions.
    doc = cxdesigner.open_project(target)
    titles = [t.title for t in doc.project.tables["touchpoint"].values()]
    doc.close()
    is_new = "new 39" in titles
    if step in ("replaced", "dir-synced"):
        assert is_new
    else:
        assert not is_new and digest(target) == old_hash
    # The next start clears the dead process's temporary file.
    remove_stale_temps(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_save_without_crash_publishes(tmp_path, data_dir):
    original = tmp_path / "orig.cxd"
    cxdesigner.new_project(original).close()
    env = {**os.environ, "CXDESIGNER_DATA_DIR": str(data_dir)}
    env.pop("CXDESIGNER_CRASH_AT", None)
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(original), str(original)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.stdout.strip() == "saved", proc.stderr
    doc = cxdesigner.open_project(original)
    assert len(doc.project.tables["touchpoint"]) == 40
    doc.close()
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["orig.cxd"]


def test_save_refuses_when_someone_else_changed_the_file(tmp_path):
    from cxdesigner.storage import ExternalChangeError

    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path).close()
    doc = cxdesigner.open_project(path)
    j = doc.journeys()[0]
    doc.add_stage(j.id, "mine")
    other = cxdesigner.open_project(path)
    other.add_stage(j.id, "theirs")
    other.save()
    other.close()
    with pytest.raises(ExternalChangeError, match="changed on disk"):
        doc.save()
    doc.save(force=True)
    doc.close()
    again = cxdesigner.open_project(path)
    assert "mine" in [s.name for s in again.project.stages(j.id)]
    again.close()


def test_the_original_is_not_touched_until_save(tmp_path):
    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    before = digest(path)
    doc = cxdesigner.open_project(path)
    j = doc.journeys()[0]
    doc.add_stage(j.id, "unsaved")
    assert digest(path) == before
    doc.close()
    assert digest(path) == before


def test_stale_share_and_save_temporaries_of_dead_processes_are_removed(tmp_path):
    import socket

    host = socket.gethostname()
    dead = 2**22 + 12345  # no such process
    stale = [
        tmp_path / f".a.cxd.cxd-save-{host}-{dead}-abcd1234.tmp",
        tmp_path / f".b.cxd.cxd-share-{host}-{dead}-abcd1234.tmp",
    ]
    alive = tmp_path / f".c.cxd.cxd-share-{host}-{os.getpid()}-abcd1234.tmp"
    other_host = tmp_path / f".d.cxd.cxd-save-elsewhere-{dead}-abcd1234.tmp"
    for p in [*stale, alive, other_host]:
        p.write_bytes(b"x")
    assert sorted(remove_stale_temps(tmp_path)) == sorted(stale)
    assert alive.exists() and other_host.exists()


def test_save_syncs_the_saved_file_and_its_folder_only(tmp_path, data_dir, monkeypatch):
    """The session's bookkeeping around a save is renamed into place but not synced: two fsyncs a save."""
    from cxdesigner.storage import atomic

    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    doc = cxdesigner.open_project(path)
    try:
        doc.update("journey", doc.journeys()[0].id, name="Renamed")
        synced: list[str] = []
        real_fsync = os.fsync

        def fsync(fd: int) -> None:
            synced.append(os.readlink(f"/proc/self/fd/{fd}"))
            real_fsync(fd)

        monkeypatch.setattr(atomic.os, "fsync", fsync)
        doc.save()
    finally:
        doc.close()
    assert len(synced) == 2, synced
    assert synced[0].startswith(str(tmp_path / "p.cxd.")) or synced[0].startswith(str(tmp_path / ".p.cxd"))
    assert synced[1] == str(tmp_path)
    again = cxdesigner.open_project(path, read_only=True)
    try:
        assert again.journeys()[0].name == "Renamed"
    finally:
        again.close()


def test_save_publishes_the_working_file_as_it_is_and_leaves_no_transaction_open(tmp_path, data_dir):
    from cxdesigner.storage.safeopen import verify_file

    path = tmp_path / "p.cxd"
    doc = cxdesigner.new_project(path, template="hotel")
    try:
        j = doc.journeys()[0]
        for i in range(40):  # past the first part Save copies on its own
            doc.add_touchpoint(j.id, doc.project.stages(j.id)[0].id, doc.project.lanes(j.id)[0].id, f"n{i}",
                               description="x" * 2000)
        doc.save()
        # The working copy went back to its write-ahead log after Save: only the header's journal
        # mode (bytes 18-19), change counter (24-27) and its "valid for" (92-95) differ.
        def content(b: bytes) -> bytes:
            return b[:18] + b[20:24] + b[28:92] + b[96:]

        assert content(path.read_bytes()) == content(doc.working_copy.path.read_bytes())
        assert path.read_bytes()[18:20] == b"\x01\x01"
        assert not doc.working_copy.conn.in_transaction
        verify_file(path)
    finally:
        doc.close()
