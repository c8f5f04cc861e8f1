"""The one file writer: old file or new file, never half; links followed; devices and pipes never replaced."""

from __future__ import annotations

import errno
import os
import stat
import threading

import pytest

from cxdesigner.storage import BadTargetError, DiskFullError, FileIOError, atomic


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if any(m in p.name for m in atomic.TEMP_MARKS))


def test_writes_and_replaces_in_one_step(tmp_path):
    target = tmp_path / "out.bin"
    assert atomic.write_bytes(target, b"first") == target
    atomic.write_bytes(target, [b"sec", b"ond"])
    assert target.read_bytes() == b"second"
    assert leftovers(tmp_path) == []


def test_a_full_disk_leaves_the_previous_file_exactly_and_names_the_cause(tmp_path, monkeypatch):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"the good old report")
    real_write = os.write
    budget = [10]

    def short_disk(fd, data):
        if budget[0] <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        n = min(len(data), budget[0])
        budget[0] -= n
        return real_write(fd, bytes(data[:n]))

    monkeypatch.setattr(os, "write", short_disk)
    with pytest.raises(DiskFullError, match="the disk is full") as caught:
        atomic.write_bytes(target, b"x" * 100)
    monkeypatch.undo()
    assert str(target) in str(caught.value)
    assert target.read_bytes() == b"the good old report"
    assert leftovers(tmp_path) == []


def test_short_writes_are_continued(tmp_path, monkeypatch):
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:3])))
    atomic.write_bytes(tmp_path / "x", b"0123456789" * 10)
    monkeypatch.undo()
    assert (tmp_path / "x").read_bytes() == b"0123456789" * 10


def test_a_failing_producer_leaves_nothing_behind(tmp_path):
    target = tmp_path / "p.cxd"
    target.write_bytes(b"old")

    def produce(tmp):
        tmp.write_bytes(b"half")
        raise RuntimeError("renderer broke")

    with pytest.raises(RuntimeError):
        atomic.replace_with(target, produce)
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == []


def test_a_link_is_followed_and_stays_a_link(tmp_path):
    real = tmp_path / "real" / "project.cxd"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "link.cxd"
    link.symlink_to(real)
    atomic.write_bytes(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert leftovers(real.parent) == [] and leftovers(tmp_path) == []


def test_the_mode_of_a_private_file_is_kept_and_a_new_file_follows_the_umask(tmp_path):
    private = tmp_path / "private.csv"
    private.write_bytes(b"secret")
    private.chmod(0o600)
    atomic.write_bytes(private, b"still secret")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    old = os.umask(0o027)
    try:
        atomic.write_bytes(tmp_path / "new.csv", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o640


def test_a_character_device_is_streamed_into_and_never_replaced():
    before = os.stat("/dev/null")
    atomic.write_bytes("/dev/null", b"into the void")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino and after.st_rdev == before.st_rdev


def test_a_fifo_with_a_reader_gets_the_bytes(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    # The reader's open blocks until a writer comes; the writer's open then finds it there.
    for _ in range(1000):
        try:
            atomic.write_bytes(fifo, b"streamed")
            break
        except FileIOError:  # the reader is not there yet
            threading.Event().wait(0.01)
    reader.join(timeout=10)
    assert got == [b"streamed"] and stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_fifo_nobody_reads_is_refused_at_once(tmp_path):
    fifo = tmp_path / "x.pdf"
    os.mkfifo(fifo)
    with pytest.raises(FileIOError, match="nobody reads"):
        atomic.write_bytes(fifo, b"data")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize("name", ["", "   ", ".", "folder"])
def test_no_name_or_a_folder_is_refused_with_exit_2(tmp_path, monkeypatch, name):
    here = tmp_path / "here"
    (here / "folder").mkdir(parents=True)
    monkeypatch.chdir(here)
    with pytest.raises(BadTargetError) as caught:
        atomic.write_bytes(name, b"x")
    assert caught.value.exit_code == 2
    assert sorted(p.name for p in here.iterdir()) == ["folder"]


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(Exception, match="the folder does not exist"):
        atomic.write_bytes(tmp_path / "nope" / "x.png", b"x")


def test_concurrent_writers_never_share_a_temporary_and_the_last_complete_file_wins(tmp_path):
    target = tmp_path / "same.pdf"
    contents = [bytes([65 + i]) * 200_000 for i in range(6)]
    errors = []

    def write(data):
        try:
            atomic.write_bytes(target, data)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(c,)) for c in contents]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert target.read_bytes() in contents
    assert leftovers(tmp_path) == []


def test_temporaries_of_a_dead_process_are_removed_and_ours_are_kept(tmp_path):
    host = os.uname().nodename
    dead = tmp_path / f".x.pdf.cxd-write-{host}-999999999-abcdef12.tmp"
    alive = tmp_path / f".x.pdf.cxd-write-{host}-{os.getpid()}-abcdef12.tmp"
    foreign = tmp_path / "notes.tmp"
    for p in (dead, alive, foreign):
        p.write_bytes(b"")
    assert atomic.remove_stale_temps(tmp_path) == [dead]
    assert alive.exists() and foreign.exists()
