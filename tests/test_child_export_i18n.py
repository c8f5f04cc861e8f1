"""An export run as a child process speaks the window's language; the command line alone stays English."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from dialogguard import no_native_dialogs  # noqa: F401  (autouse: no native dialog in these tests)

import cxdesigner
from cxdesigner import cli, i18n, qti18n
from cxdesigner.dialogs import DialogIO, export_text
from cxdesigner.services import childjob

ROOT = Path(__file__).resolve().parents[1]
SPANISH = "una tarjeta contiene un valor no válido: El valor 99 del campo «Importancia» está fuera de rango"
ENGLISH = "a touchpoint holds an invalid value: Touchpoint importance 99 is out of range: it must be from 1 to 5"


class FakeIO(DialogIO):
    def __init__(self, save: tuple[Path, int]) -> None:
        self.save = save
        self.errors: list[str] = []

    def ask_save_path(self, title, suggested, filters, selected=0):  # type: ignore[no-untyped-def]
        return self.save

    def show_error(self, title: str, message: str) -> None:
        self.errors.append(message)

    def show_info(self, title: str, message: str) -> None:
        pass


@pytest.fixture
def temp_folder(tmp_path, monkeypatch):
    """A private system temporary folder, for this process and the export's child."""
    folder = tmp_path / "systemp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)
    return folder


def _refused_csv(doc, jid, lang, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """The one error a CSV export of ``doc`` that fails shows in ``lang``; the project is closed after."""
    io = FakeIO((tmp_path / "j.csv", 0))
    qti18n.apply(lang)
    try:
        assert export_text(None, doc, jid, "csv", io=io) is None
    finally:
        qti18n.apply("en")
        doc.close()
    [error] = io.errors
    return error


def test_the_child_is_told_the_windows_language_by_the_variable_the_command_line_reads(qtbot):
    qti18n.apply("es")
    try:
        assert childjob._child_environment().value(cli.MESSAGES_LANG) == "es"
    finally:
        qti18n.apply("en")
    assert childjob._child_environment().value(cli.MESSAGES_LANG) == "en"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_refusal_in_the_child_reaches_the_window_in_its_language(qtbot, tmp_path, temp_folder, data_dir, lang):
    doc = cxdesigner.new_project(None, template="hotel")
    jid = doc.journeys()[0].id
    # A value the model would refuse, written past it: the child's reading of the snapshot refuses it.
    doc.working_copy.conn.execute("UPDATE touchpoints SET importance = 99 WHERE rowid = 1")
    error = _refused_csv(doc, jid, lang, tmp_path)
    if lang == "es":
        assert SPANISH in error and "Touchpoint" not in error
    else:
        assert ENGLISH in error
    assert not (tmp_path / "j.csv").exists()


def test_the_command_line_alone_stays_english_and_leaves_the_language_as_it_was(tmp_path, data_dir, monkeypatch):
    path = tmp_path / "bad.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    import sqlite3

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE touchpoints SET importance = 99 WHERE rowid = 1")
    conn.close()
    env = {k: v for k, v in os.environ.items() if k != cli.MESSAGES_LANG}
    env["PYTHONPATH"] = str(ROOT)
    command = [sys.executable, "-m", "cxdesigner", "export", str(path), "-o", str(tmp_path / "j.csv")]
    english = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    spanish = subprocess.run(command, capture_output=True, text=True, env={**env, cli.MESSAGES_LANG: "es"}, timeout=120)
    assert english.returncode == spanish.returncode == 2
    assert ENGLISH in english.stderr and SPANISH in spanish.stderr
    # Run inside a process (the tests, the app), the command line puts the interface language back.
    monkeypatch.setenv(cli.MESSAGES_LANG, "es")
    assert cli.main(["export", str(path), "-o", str(tmp_path / "j.csv")]) == 2
    assert i18n.language() == "en"


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("saved", [True, False])
def test_a_failed_export_names_the_users_project_not_the_childs_snapshot(
    qtbot, tmp_path, temp_folder, data_dir, lang, saved
):
    """The person never chose the snapshot, and nobody sent them the project they have open: no advice to ask."""
    doc = cxdesigner.new_project(tmp_path / "Taller.cxd" if saved else None, template="hotel")
    jid = doc.journeys()[0].id
    doc.working_copy.conn.execute("UPDATE touchpoints SET importance = 99 WHERE rowid = 1")
    io = FakeIO((tmp_path / "j.csv", 0))
    qti18n.apply(lang)
    try:
        untitled = i18n._("Untitled")
        assert export_text(None, doc, jid, "csv", io=io) is None
    finally:
        qti18n.apply("en")
        doc.close()
    [error] = io.errors
    name = "Taller.cxd" if saved else (" ".join(doc.project.info.name.split()) or untitled)
    damaged = {"en": "damaged", "es": "dañado"}[lang]
    assert f"{name}: {damaged}: {SPANISH if lang == 'es' else ENGLISH}" in error
    assert childjob.SNAPSHOT_FOLDER not in error and "vm-" not in error
    assert "sender" not in error and "quien se lo envió" not in error


# What the child's program may be when it cannot start: gone (a half-removed install), or not allowed to run.
def _missing(tmp_path: Path) -> Path:
    return tmp_path / "gone" / "python3"


def _not_runnable(tmp_path: Path) -> Path:
    program = tmp_path / "python3"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o644)
    return program


@pytest.mark.parametrize(
    ("lang", "program", "expected"),
    [
        ("es", _missing, "falta el programa que ejecuta"),
        ("en", _missing, "the program it runs"),
        ("es", _not_runnable, "no permite ejecutar el programa que usa"),
        ("en", _not_runnable, "does not allow the program it runs"),
    ],
)
def test_an_export_whose_child_cannot_start_says_why_in_the_window_language(
    qtbot, tmp_path, temp_folder, data_dir, monkeypatch, lang, program, expected
):
    """Qt's errorString() ("execve: No such file or directory") was shown as it was: English, a system call."""
    path = program(tmp_path)
    monkeypatch.setattr(childjob, "cli_command", lambda args: (str(path), list(args)))
    doc = cxdesigner.new_project(None, template="hotel")
    jid = doc.journeys()[0].id
    error = _refused_csv(doc, jid, lang, tmp_path)
    assert expected in error and str(path) in error
    assert "execve" not in error and "No such file" not in error and "Permission denied" not in error
    assert not (tmp_path / "j.csv").exists()
