"""Two instances, one file: a QLockFile beside it; exit 3 while held, stale locks cleared, read-only folders."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSysInfo

import cxdesigner
from cxdesigner import filelock
from cxdesigner.storage import FileLockedError, ReadOnlyError

WORKER = Path(__file__).parent / "fixtures" / "safety_worker.py"


def cli(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cxdesigner", *map(str, args)], capture_output=True, text=True, timeout=120
    )


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def write_lock(project: Path, pid: int, host: str, machine: str) -> Path:
    """A lock file as QLockFile writes it: pid, program, host, machine id, boot id."""
    path = filelock.lock_path(project)
    path.write_text(f"{pid}\npython3\n{host}\n{machine}\n00000000-0000-0000-0000-000000000000\n")
    return path


@pytest.mark.slow
def test_a_second_process_gets_exit_3_naming_the_holder_until_the_holder_dies(tmp_path):
    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path).close()
    holder = subprocess.Popen(
        [sys.executable, str(WORKER), "hold", str(path)], stdout=subprocess.PIPE, text=True, env=dict(os.environ)
    )
    try:
        assert holder.stdout.readline().strip() == "locked"  # type: ignore[union-attr]
        refused = cli("new", path, "--force")
        assert refused.returncode == 3
        message = refused.stderr.strip()
        assert len(message.splitlines()) == 1
        for part in (f"process {holder.pid}", f"host {socket.gethostname()}", "since 20", "read-only"):
            assert part in message, message
        assert f"by {Path(filelock.lock_path(path)).owner()}" in message
        # Reading is always allowed: info opens read-only, without the lock.
        assert cli("info", path).returncode == 0
    finally:
        holder.kill()
        holder.communicate()
    # The holder died on this host: its lock is cleared without asking.
    assert filelock.lock_path(path).exists()
    assert cli("new", path, "--force").returncode == 0
    assert not filelock.lock_path(path).exists()


def test_same_process_opens_share_the_lock(tmp_path):
    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path).close()
    a = cxdesigner.open_project(path)
    b = cxdesigner.open_project(path)
    a.close()
    assert filelock.lock_path(path).exists(), "b still has the file open"
    b.close()
    assert not filelock.lock_path(path).exists()


def test_a_dead_process_lock_of_this_host_is_cleared_silently(tmp_path):
    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path).close()
    write_lock(path, dead_pid(), QSysInfo.machineHostName(), QSysInfo.machineUniqueId().data().decode())
    doc = cxdesigner.open_project(path)
    assert doc.lock is not None
    doc.close()
    assert not filelock.lock_path(path).exists()


def test_another_hosts_lock_is_shown_and_the_user_decides(tmp_path):
    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path).close()
    write_lock(path, 4242, "laptop-in-room-7", "0123456789abcdef0123456789abcdef")
    with pytest.raises(FileLockedError) as caught:
        cxdesigner.open_project(path)
    holder = caught.value.holder
    assert caught.value.exit_code == 3
    assert holder is not None and not holder.same_host and holder.host == "laptop-in-room-7" and holder.pid == 4242
    assert "laptop-in-room-7" in str(caught.value) and "process 4242" in str(caught.value)
    # Age alone never makes it stale (the other computer may just be idle)...
    os.utime(filelock.lock_path(path), (0, 0))
    with pytest.raises(FileLockedError):
        cxdesigner.open_project(path)
    # ...read-only is always possible, and taking over is the user's decision.
    cxdesigner.open_project(path, read_only=True).close()
    lock = filelock.ProjectLock(path)
    assert lock.take_over()
    lock.release()
    cxdesigner.open_project(path).close()


def test_a_read_only_folder_opens_without_a_lock_and_save_goes_to_save_as(tmp_path, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "p.cxd"
    cxdesigner.new_project(path).close()
    if os.geteuid() == 0:
        # root writes anywhere: make the lock fail as it does in a read-only folder.
        monkeypatch.setattr(filelock.ProjectLock, "try_acquire", lambda self: filelock.LockState.NO_PERMISSION)
    else:
        folder.chmod(0o555)
    try:
        doc = cxdesigner.open_project(path)
        assert doc.lock is None
        assert any("read-only" in note for note in doc.notes)
        j = doc.journeys()[0]
        doc.add_stage(j.id, "still editable")
        with pytest.raises(ReadOnlyError, match="Save As"):
            doc.save()
        monkeypatch.undo()
        doc.save_as(tmp_path / "elsewhere.cxd")
        assert doc.save_as_only == ""
        doc.close()
    finally:
        folder.chmod(0o755)
    assert sorted(p.name for p in folder.iterdir()) == ["p.cxd"]


def test_a_full_disk_is_called_full_not_a_read_only_folder(tmp_path, monkeypatch):
    """A lock that cannot be written on a full USB stick made the file "read-only", and people looked for
    a permission to change; the disk is named full, with what to do."""
    import shutil
    from collections import namedtuple

    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path).close()
    monkeypatch.setattr(filelock.ProjectLock, "try_acquire", lambda self: filelock.LockState.NO_PERMISSION)
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _folder: usage(1 << 20, 1 << 20, 0))
    doc = cxdesigner.open_project(path)
    try:
        assert doc.notes == [
            f"The disk holding {path} is full: the file is open without a lock, so others may open it too. "
            "Save goes to Save As; free some space and open the file again to save it in place."
        ]
        with pytest.raises(ReadOnlyError, match=r"p\.cxd: the disk is full; use Save As to save it elsewhere$"):
            doc.save()
    finally:
        doc.close()
