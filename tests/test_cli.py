"""The headless command line: new, info, check, exit codes, and no QtWidgets."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys

import pytest

import cxdesigner
from cxdesigner.cli import main
from cxdesigner.model import jsonformat
from cxdesigner.storage import FORMAT_VERSION, safeopen


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
    assert info["format_version"] == FORMAT_VERSION and info["lang"] == "es"
    assert info["journeys"][0]["touchpoints"] == 24
    assert main(["check", str(path)]) == 0
    assert "OK" in capsys.readouterr().out


def test_info_names_the_files_own_format_not_the_one_its_copy_is_upgraded_to(tmp_path, capsys, data_dir):
    import shutil
    from pathlib import Path

    old = tmp_path / "old.cxd"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "format-4.cxd", old)
    assert main(["info", str(old), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["format_version"] == 4
    assert main(["info", str(old)]) == 0
    assert "— format 4," in capsys.readouterr().out
    assert safeopen.read_header(old).user_version == 4  # looking is not upgrading


def test_new_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "p.cxd"
    path.write_text("precious")
    assert main(["new", str(path)]) == 2
    assert path.read_text() == "precious"
    assert "exists already" in capsys.readouterr().err


def test_unknown_template_is_bad_input(tmp_path, capsys):
    assert main(["new", str(tmp_path / "p.cxd"), "--template", "nope"]) == 2
    assert "no template named “nope”" in capsys.readouterr().err


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
        path.write_bytes(random.Random(9).randbytes(8192))
    else:
        _other_app_db(path)
    before = path.read_bytes()
    proc = run("check", path, data_dir=data_dir)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == before


def _noise(seed: int, n: int = 4096) -> bytes:
    return random.Random(seed).randbytes(n)


_JSON = "it is a JSON file"
_TEXT = "it is a text file"
_NOISE = "it is not an SQLite database"

# What a file that is not a project is called: by parsing it, never by its first byte alone.
NOT_A_PROJECT = {
    "seeded random bytes": (lambda p: p.write_bytes(_noise(1)), _NOISE),
    "random bytes starting with {": (lambda p: p.write_bytes(b"{" + _noise(2)), _NOISE),
    "random bytes starting with [": (lambda p: p.write_bytes(b"[" + _noise(3)), _NOISE),
    "blanks, then { and random bytes": (lambda p: p.write_bytes(b" \r\n\t{" + _noise(4)), _NOISE),
    "a BOM, then [ and random bytes": (lambda p: p.write_bytes(b"\xef\xbb\xbf[" + _noise(5)), _NOISE),
    "text starting with { that is not JSON": (lambda p: p.write_text("{ not json, just notes }\n"), _TEXT),
    "text with a NUL byte": (lambda p: p.write_bytes(b"notes\x00more notes\n"), _NOISE),
    "a JSON number": (lambda p: p.write_text("42\n"), _TEXT),
    "JSON of the wrong shape (an object)": (lambda p: p.write_text('{"journeys": [], "format": "other"}'), _JSON),
    "JSON of the wrong shape (a list)": (lambda p: p.write_text("[1, 2, 3]"), _JSON),
    "blanks and a BOM, then JSON": (lambda p: p.write_bytes(b"\xef\xbb\xbf \n [{}]\n"), _JSON),
    "a CX Designer JSON export": (
        lambda p: p.write_text(jsonformat.dumps(cxdesigner.api.template_project("hotel")), encoding="utf-8"),
        "it is a CX Designer JSON export, not a project file; import its journeys",
    ),
    "a PNG renamed": (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + _noise(6)), "it is a PNG image"),
}


@pytest.mark.parametrize("kind", list(NOT_A_PROJECT))
def test_check_says_what_a_non_project_file_is(kind, tmp_path, capsys):
    path = tmp_path / "bad.cxd"
    make, words = NOT_A_PROJECT[kind]
    make(path)
    before = path.read_bytes()
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: not a CX Designer project: {words}" in err, err
    assert len(err.strip().splitlines()) == 1
    assert path.read_bytes() == before


def test_check_passes_a_real_project(tmp_path, capsys):
    path = tmp_path / "real.cxd"
    assert main(["new", str(path), "--template", "hotel"]) == 0
    capsys.readouterr()
    assert main(["check", str(path)]) == 0
    assert "OK" in capsys.readouterr().out


def test_a_file_longer_than_the_sniff_limit_is_judged_by_its_start(tmp_path, capsys, monkeypatch):
    # Only the start is read: JSON cannot be confirmed, but text cut mid-character is still text.
    monkeypatch.setattr(safeopen, "_SNIFF_LIMIT", 64)
    path = tmp_path / "big.cxd"
    path.write_text("[" + ", ".join(['"añadir ñandú"'] * 20) + "]", encoding="utf-8")
    assert main(["check", str(path)]) == 2
    assert _TEXT in capsys.readouterr().err
    path.write_bytes(b"[" + _noise(7, 200))
    assert main(["check", str(path)]) == 2
    assert _NOISE in capsys.readouterr().err


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
    err = capsys.readouterr().err
    # The language's quotation marks, and the journeys there are to choose from.
    assert "no journey named “nope” (journeys: “" in err and "'" not in err
