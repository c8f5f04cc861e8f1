"""The headless command line: new, info, check, exit codes, and no QtWidgets."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from cxdesigner.cli import main


def run(*args, data_dir=None):
    env = dict(os.environ)
    if data_dir:
        env["CXDESIGNER_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "cxdesigner", *map(str, args)], capture_output=True, text=True, env=env, timeout=120
    )


def test_new_info_check(tmp_path, capsys):
    path = tmp_path / "p.cxd"
    assert main(["new", str(path), "--template", "hotel", "--lang", "es"]) == 0
    assert main(["info", str(path), "--json"]) == 0
    out = capsys.readouterr().out
    info = json.loads(out[out.index("{") :])
    assert info["format_version"] == 1 and info["lang"] == "es"
    assert info["journeys"][0]["touchpoints"] == 24
    assert main(["check", str(path)]) == 0
    assert "OK" in capsys.readouterr().out


def test_new_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "p.cxd"
    path.write_text("precious")
    assert main(["new", str(path)]) == 2
    assert path.read_text() == "precious"
    assert "exists already" in capsys.readouterr().err


def test_unknown_template_is_bad_input(tmp_path, capsys):
    assert main(["new", str(tmp_path / "p.cxd"), "--template", "nope"]) == 2
    assert "no template named 'nope'" in capsys.readouterr().err


def _other_app_db(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "kind,message",
    [
        ("empty", "empty (0 bytes)"),
        ("random", "not an SQLite database"),
        ("other_app", "another application"),
    ],
)
def test_check_rejects_bad_files_with_exit_2(tmp_path, kind, message, data_dir):
    path = tmp_path / "bad.cxd"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "random":
        path.write_bytes(os.urandom(8192))
    else:
        _other_app_db(path)
    before = path.read_bytes()
    proc = run("check", path, data_dir=data_dir)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == before


def test_missing_file_is_io_error(tmp_path, data_dir):
    proc = run("info", tmp_path / "missing.cxd", data_dir=data_dir)
    assert proc.returncode == 1
    assert "missing.cxd" in proc.stderr and "Traceback" not in proc.stderr


def test_usage_error_is_2_and_version_works(data_dir):
    assert run("info", data_dir=data_dir).returncode == 2
    proc = run("--version", data_dir=data_dir)
    assert proc.returncode == 0 and proc.stdout.startswith("cxdesigner ")
    assert run("check", "--help", data_dir=data_dir).returncode == 0


def test_headless_commands_do_not_import_qtwidgets(tmp_path, data_dir):
    path = tmp_path / "p.cxd"
    code = (
        "import sys\nfrom cxdesigner.cli import main\n"
        f"assert main(['new', {str(path)!r}, '--template', 'hotel']) == 0\n"
        f"assert main(['info', {str(path)!r}]) == 0\n"
        f"assert main(['check', {str(path)!r}]) == 0\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6.QtWidgets')]\n"
        "assert not bad, bad\nprint('clean')\n"
    )
    env = {**os.environ, "CXDESIGNER_DATA_DIR": str(data_dir)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert proc.stdout.strip().endswith("clean"), proc.stderr


def test_analyze_text_and_json(tmp_path, capsys):
    path = tmp_path / "p.cxd"
    assert main(["new", str(path), "--template", "support-call"]) == 0
    capsys.readouterr()
    assert main(["analyze", str(path)]) == 0
    text = capsys.readouterr().out
    assert "Findings" in text and "Loop" in text
    assert main(["analyze", str(path), "--json", "--lang", "es", "--crosshair", "midpoint"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["settings"]["crosshair"] == "midpoint" and data["settings"]["lang"] == "es"
    assert main(["analyze", str(path), "--journey", "nope"]) == 2
    assert "no journey named 'nope'" in capsys.readouterr().err
