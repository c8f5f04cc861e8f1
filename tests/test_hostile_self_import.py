"""A project imported into itself, by whatever path names it, is refused in one line and left as it was."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from dialogguard import no_native_dialogs  # noqa: F401  (autouse: no native dialog in these tests)
from importkit import JourneysDialog

import cxdesigner
from cxdesigner.qtcommands import UndoStack

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "cxdesigner", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, errors="replace", timeout=60)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def other_name(folder: Path, how: str) -> str:
    """The project p.cxd named another way: as itself, relatively, absolutely, by a symbolic or a hard link."""
    if how == "symlink":
        (folder / "s.cxd").symlink_to("p.cxd")
        return "s.cxd"
    if how == "hardlink":
        os.link(folder / "p.cxd", folder / "h.cxd")
        return "h.cxd"
    return {"same": "p.cxd", "dot": "./p.cxd", "absolute": str(folder / "p.cxd")}[how]


@pytest.mark.parametrize("how", ["same", "dot", "absolute", "symlink", "hardlink"])
def test_the_command_line_refuses_to_import_a_project_into_itself(tmp_path, how):
    cxdesigner.new_project(tmp_path / "p.cxd", template="support-call").close()
    source = other_name(tmp_path, how)
    before = digest(tmp_path / "p.cxd")
    proc = run("import", "p.cxd", source, cwd=tmp_path)
    err = proc.stderr.strip()
    assert proc.returncode == 2, err
    assert "\n" not in err and "Traceback" not in err
    assert "project being imported into" in err and "Duplicate" in err
    assert digest(tmp_path / "p.cxd") == before


def test_a_copy_of_the_project_still_imports(tmp_path):
    cxdesigner.new_project(tmp_path / "p.cxd", template="support-call").close()
    (tmp_path / "copy.cxd").write_bytes((tmp_path / "p.cxd").read_bytes())
    from cxdesigner.exchange.merge import refuse_own_file

    refuse_own_file(tmp_path / "copy.cxd", tmp_path / "p.cxd")  # another file, the same content: fine
    refuse_own_file(tmp_path / "p.cxd", None)  # a project never saved has no file to be
    refuse_own_file(tmp_path / "gone.cxd", tmp_path / "p.cxd")  # the reading says it is missing


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink"])
def test_the_import_dialog_refuses_the_project_open_in_its_window(qtbot, tmp_path, how):
    cxdesigner.new_project(tmp_path / "p.cxd", template="hotel").close()
    doc = cxdesigner.open_project(tmp_path / "p.cxd")
    stack = UndoStack(doc)
    try:
        journeys = len(doc.project.journeys())
        dlg = JourneysDialog(doc, stack, tmp_path / other_name(tmp_path, how))
        qtbot.addWidget(dlg)
        assert not dlg.loaded and "project being imported into" in dlg.load_error
        assert dlg.run() is None and dlg.errors_shown == [dlg.load_error]
        assert len(doc.project.journeys()) == journeys and stack.count() == 0
    finally:
        stack.clear()
        doc.close()
