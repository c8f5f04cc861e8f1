"""Never destroy or replace what is not ours, never hang on a pipe: the command line against odd files."""

from __future__ import annotations

import json
import os
import resource
import signal
import socket
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import cxdesigner
from cxdesigner.storage import atomic

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path, limit_bytes: int | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """The command line in its own process: a hang fails this test after ``timeout``, not the suite."""

    def limit() -> None:
        if limit_bytes is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "cxdesigner", *args], cwd=cwd, env=env, capture_output=True, timeout=timeout,
        preexec_fn=limit,
    )


def one_line(proc: subprocess.CompletedProcess) -> str:
    err = proc.stderr.decode("utf-8", "replace").strip()
    assert "\n" not in err and "Traceback" not in err and "unexpected error" not in err, err
    return err


@pytest.fixture
def folder(tmp_path):
    here = tmp_path / "work"
    here.mkdir()
    doc = cxdesigner.new_project(here / "p.cxd", template="support-call")
    doc.close()
    (here / "s.csv").write_text("title,stage\nCalls the shop,Awareness\n", encoding="utf-8")
    return here


@pytest.mark.parametrize(
    "args",
    [
        ("check", "x.cxd"),
        ("info", "x.cxd"),
        ("analyze", "x.cxd"),
        ("export", "x.cxd", "--format", "png", "-o", "out.png"),
        ("import", "x.cxd", "s.csv"),
        ("import", "p.cxd", "x.cxd"),
    ],
)
def test_a_fifo_named_like_a_project_or_source_is_refused_at_once(folder, args):
    os.mkfifo(folder / "x.cxd")
    proc = run(*args, cwd=folder, timeout=30)
    assert proc.returncode == 2 and "pipe" in one_line(proc)
    assert stat.S_ISFIFO((folder / "x.cxd").stat().st_mode)


def test_a_fifo_named_like_the_journal_is_refused_at_once(folder):
    os.mkfifo(folder / "p.cxd-journal")
    proc = run("info", "p.cxd", cwd=folder, timeout=30)
    assert proc.returncode == 2 and "p.cxd-journal" in one_line(proc)


@pytest.mark.parametrize("kind", ["fifo", "folder", "garbage", "link"])
def test_a_strange_lock_file_is_named_with_how_to_clear_it(folder, kind):
    lock = folder / ".~lock.p.cxd#"
    if kind == "fifo":
        os.mkfifo(lock)
    elif kind == "folder":
        lock.mkdir()
    elif kind == "garbage":
        lock.write_bytes(b"\x00garbage\xff" * 10)
    else:
        lock.symlink_to(folder / "elsewhere")
    before = (folder / "p.cxd").read_bytes()
    proc = run("import", "p.cxd", "s.csv", cwd=folder, timeout=30)
    err = one_line(proc)
    assert proc.returncode == 3 and str(lock) in err and ("remove" in err or "delete" in err)
    assert (folder / "p.cxd").read_bytes() == before


def test_an_export_to_a_device_streams_into_it_and_never_replaces_it(folder):
    before = os.stat("/dev/null")
    proc = run("export", "p.cxd", "--format", "pdf", "-o", "/dev/null", cwd=folder)
    assert proc.returncode == 0, proc.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_an_export_to_standard_output_is_the_file_alone(folder):
    proc = run("export", "p.cxd", "--format", "png", "-o", "-", cwd=folder)
    assert proc.returncode == 0 and proc.stdout.startswith(b"\x89PNG\r\n\x1a\n")
    assert b"Wrote" not in proc.stdout and b"Wrote" in proc.stderr


@pytest.mark.parametrize("out", ["", ".", "sub"])
def test_no_file_name_or_a_folder_as_output_is_exit_2(folder, out):
    (folder / "sub").mkdir()
    proc = run("export", "p.cxd", "--format", "png", "-o", out, cwd=folder)
    assert proc.returncode == 2 and one_line(proc)
    assert sorted(p.name for p in (folder / "sub").iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ("export", "p.cxd", "--format", "json", "-o", "p.cxd"),
        ("export", "p.cxd", "--format", "cxd", "-o", "./p.cxd"),
        ("export", "p.cxd", "--format", "csv", "-o", "link.cxd"),
        ("report", "p.cxd", "-o", "p.cxd"),
    ],
)
def test_an_export_over_the_project_it_comes_from_is_refused(folder, args):
    # A careless -o (tab completion one letter short) wrote the export over the project: exit 0, project gone.
    (folder / "link.cxd").symlink_to("p.cxd")
    before = (folder / "p.cxd").read_bytes()
    proc = run(*args, cwd=folder)
    assert proc.returncode == 2
    assert one_line(proc).endswith(": that is the project being exported; give the export a file name of its own")
    assert (folder / "p.cxd").read_bytes() == before and (folder / "link.cxd").is_symlink()


def test_an_export_of_another_format_over_another_project_is_refused_but_over_an_old_export_is_not(folder):
    doc = cxdesigner.new_project(folder / "other.cxd", template="hotel")
    doc.close()
    before = (folder / "other.cxd").read_bytes()
    proc = run("export", "p.cxd", "--format", "json", "-o", "other.cxd", cwd=folder)
    assert proc.returncode == 2 and "other.cxd: a CX Designer project is there" in one_line(proc)
    assert (folder / "other.cxd").read_bytes() == before
    (folder / "old.json").write_text("{}", encoding="utf-8")
    assert run("export", "p.cxd", "--format", "json", "-o", "old.json", cwd=folder).returncode == 0
    assert run("export", "p.cxd", "--format", "cxd", "-o", "other.cxd", cwd=folder).returncode == 0


def test_import_sources_missing_a_folder_or_a_device_are_named(folder):
    assert run("import", "p.cxd", "missing.csv", cwd=folder).returncode == 1
    proc = run("import", "p.cxd", ".", "--format", "csv", cwd=folder)
    assert proc.returncode == 2 and "folder" in one_line(proc)
    proc = run("import", "p.cxd", "/dev/zero", "--format", "csv", cwd=folder, timeout=30)
    assert proc.returncode == 2 and "device" in one_line(proc)


def test_a_private_file_stays_private_when_exported_over(folder):
    out = folder / "private.csv"
    out.write_text("old")
    out.chmod(0o600)
    assert run("export", "p.cxd", "--format", "csv", "-o", "private.csv", cwd=folder).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and "Title" in out.read_text(encoding="utf-8-sig")


def test_importing_into_a_linked_project_updates_the_real_file_and_keeps_the_link(folder):
    real = folder / "real" / "project.cxd"
    real.parent.mkdir()
    (folder / "p.cxd").rename(real)
    (folder / "link.cxd").symlink_to(real)
    proc = run("import", "link.cxd", "s.csv", "--journey", "Imported", cwd=folder)
    assert proc.returncode == 0, proc.stderr
    assert (folder / "link.cxd").is_symlink()
    doc = cxdesigner.open_project(real, read_only=True)
    try:
        assert "Calls the shop" in {t.title for t in doc.project.tables["touchpoint"].values()}
    finally:
        doc.close()


@pytest.mark.slow
@pytest.mark.parametrize("command", ["export", "report"])
def test_a_full_disk_keeps_the_previous_file_and_exits_1_with_the_cause(folder, command):
    out = folder / "map.out"
    out.write_bytes(b"the previous good file")
    args = ("export", "p.cxd", "--format", "png", "--dpi", "300", "-o", "map.out") if command == "export" else (
        "report", "big.cxd", "-o", "map.out")
    limit = 400_000
    if command == "report":
        # The report's charts are vector, and a map too large for readable pages is shown only at a glance: a
        # small journey's report is smaller than its project file. 60 generated cards make a ~270 KB project
        # and a ~360 KB report, whose map pages are printed in full.
        from test_canvas_layout import _bench_generate

        from cxdesigner.document import Document

        doc = Document.new(_bench_generate()(cards=60, journeys=1))
        doc.save_as(folder / "big.cxd")
        doc.close()
        limit = 320_000
        assert (folder / "big.cxd").stat().st_size < 290_000
    # Room for the working copy (the project is ~150 KB), not for a 300 dpi map or a report.
    proc = run(*args, cwd=folder, limit_bytes=limit, timeout=240)
    err = one_line(proc)
    assert proc.returncode == 1 and ("full" in err or "too large" in err), err
    assert out.read_bytes() == b"the previous good file"
    assert [p.name for p in folder.iterdir() if any(m in p.name for m in atomic.TEMP_MARKS)] == []


@pytest.mark.slow
def test_concurrent_reports_to_one_path_leave_one_complete_report(folder):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen([sys.executable, "-m", "cxdesigner", "report", "p.cxd", "-o", "r.pdf"], cwd=folder, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    for p in procs:
        _, err = p.communicate(timeout=240)
        assert p.returncode == 0, err
    data = (folder / "r.pdf").read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    assert [p.name for p in folder.iterdir() if any(m in p.name for m in atomic.TEMP_MARKS)] == []


def test_what_killed_command_runs_left_is_cleared_by_the_next_run(folder, data_dir):
    dead_pid = 2**22 + 12345  # above the kernel's pid range: never alive
    host = socket.gethostname()
    session = data_dir / "sessions" / "deadbeef"
    session.mkdir(parents=True)
    (session / "session.json").write_text(json.dumps({"owner": "cli", "host": host, "pid": dead_pid}))
    (session / "work.cxd").write_bytes(b"x" * 1000)
    app_session = data_dir / "sessions" / "appwork"
    app_session.mkdir()
    (app_session / "session.json").write_text(json.dumps({"owner": "app", "host": host, "pid": dead_pid}))
    check_copy = Path(tempfile.mkdtemp(prefix=f"cxd-check-{host}-{dead_pid}-"))
    stale_temp = folder / f".map.png.cxd-write-{host}-{dead_pid}-abcdef12.tmp"
    stale_temp.write_bytes(b"half a png")
    env_dir = {"CXDESIGNER_DATA_DIR": str(data_dir)}
    proc = subprocess.run(
        [sys.executable, "-m", "cxdesigner", "export", "p.cxd", "--format", "png", "-o", "map.png"],
        cwd=folder, env={**os.environ, **env_dir, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)},
        capture_output=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert not session.exists() and not check_copy.exists() and not stale_temp.exists()
    assert app_session.exists(), "the app's unsaved work is offered by the app, never removed by a command"


def test_a_name_that_takes_the_255_bytes_a_folder_allows_is_saved_locked_and_written(tmp_path):
    """hostile44: our temporary and lock beside such a file hold its name and more: Save, a new project and
    every export failed with "the name is too long" (of the folder), for a name the folder takes."""
    from cxdesigner.filelock import ProjectLock, lock_path

    stem = "é" * 125 + "x"
    path = tmp_path / f"{stem}.cxd"
    assert len(path.name.encode()) == 255
    cxdesigner.new_project(path, template="support-call").close()
    doc = cxdesigner.open_project(path)
    assert doc.project.journeys and lock_path(path).exists()
    doc.save(force=True)
    doc.close()
    lock = ProjectLock(path)
    assert lock.try_acquire().value == "acquired"
    lock.release()
    twin = tmp_path / f"{stem[:-1]}y.cxd"
    assert lock_path(twin) != lock_path(path) and len(lock_path(twin).name.encode()) <= 255
    atomic.write_bytes(tmp_path / f"{stem}.svg", b"<svg/>")
    assert (tmp_path / f"{stem}.svg").read_bytes() == b"<svg/>"
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary or lock left
