"""The storage layer's refusals in the interface language: Spanish in a Spanish window, English as before."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from messagekit import ADVICE_EN, Told

import cxdesigner
from cxdesigner import filelock, qti18n, safety_ui
from cxdesigner.storage import DamagedFileError, FileLockedError


@pytest.fixture(scope="module")
def valid(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("valid") / "valid.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    return path


def bad_utf8(valid: Path, folder: Path) -> Path:
    path = folder / "bad.cxd"
    shutil.copyfile(valid, path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE touchpoints SET title = CAST(X'66ff6f' AS TEXT) WHERE rowid = 1")
    conn.close()
    return path


def text_file(folder: Path) -> Path:
    path = folder / "notes.cxd"
    path.write_text("a shopping list, not a project\n", encoding="utf-8")
    return path


def opened_in(lang: str, path: Path) -> tuple[str, str]:
    """What the window's open path shows for ``path`` in ``lang``: the box's title and text."""
    c = safety_ui.SafetyController(None, Told(), interval_minutes=0)
    qti18n.apply(lang)
    try:
        assert c.open(path) is None
    finally:
        qti18n.apply("en")
        c.deleteLater()
    [(title, text)] = c.prompts.told
    return title, text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_file_with_bad_utf8_is_refused_in_the_interface_language(qtbot, valid, tmp_path, lang):
    path = bad_utf8(valid, tmp_path)
    title, text = opened_in(lang, path)
    if lang == "en":
        assert title == "The project could not be opened"
        assert text == f"{path}: damaged: the table “touchpoints” holds text that is not valid UTF-8. {ADVICE_EN}"
    else:
        assert title == "No se pudo abrir el proyecto"
        assert text.startswith(f"{path}: dañado: la tabla «touchpoints» contiene texto")
        assert "no es UTF-8 válido" in text and "Pida el archivo original" in text and "copia de seguridad" in text
    # The command line and scripts never set a language: the same refusal, in English.
    with pytest.raises(DamagedFileError, match="holds text that is not valid UTF-8"):
        cxdesigner.open_project(path)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_file_that_is_not_a_project_is_refused_in_the_interface_language(qtbot, tmp_path, lang):
    path = text_file(tmp_path)
    _title, text = opened_in(lang, path)
    if lang == "en":
        assert text == (
            f"{path}: not a CX Designer project: it is a text file, not an SQLite database; "
            "open it with the program it belongs to, or choose a project saved by CX Designer (a .cxd file)"
        )
    else:
        assert text == (
            f"{path}: no es un proyecto de CX Designer: es un archivo de texto, no una base de datos SQLite; "
            "ábralo con el programa al que pertenece, o elija un proyecto guardado por CX Designer (un archivo .cxd)"
        )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_locked_file_is_refused_in_the_interface_language(qtbot, tmp_path, lang):
    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path).close()
    # Another computer's lock: Qt never clears it as stale.
    filelock.lock_path(path).write_text("4242\npython3\nlaptop-7\n0123456789abcdef0123456789abcdef\nx\n")
    qti18n.apply(lang)
    try:
        with pytest.raises(FileLockedError) as caught:
            cxdesigner.open_project(path)
    finally:
        qti18n.apply("en")
    message, holder = str(caught.value), caught.value.holder
    assert holder is not None and holder.host == "laptop-7"
    if lang == "en":
        since = f" since {holder.since:%Y-%m-%d %H:%M}" if holder.since else ""
        assert message == (
            f"{path} is open in CX Designer by {holder.user or 'an unknown user'} on host laptop-7 (process 4242)"
            f"{since}; close it there, or open it read-only"
        )
    else:
        assert message.startswith(f"{path} está abierto en CX Designer por ")
        assert "en el equipo laptop-7 (proceso 4242)" in message
        assert message.endswith("; ciérrelo allí o ábralo en solo lectura")


@pytest.mark.parametrize(
    ("code", "says", "never"),
    [
        (errno.ENOSPC, "the disk is full; free some space", "too large"),
        (errno.EDQUOT, "disk quota is used up", "too large"),
        (errno.EFBIG, "too large for this disk", "free some space"),
    ],
)
def test_a_full_disk_a_quota_and_a_file_too_large_each_say_what_helps(code, says, never, tmp_path):
    # Freeing space does not help a file past FAT32's 4 GB, and a quota is not the disk.
    from cxdesigner.storage import DiskFullError, store

    err = store.as_storage_error(OSError(code, os.strerror(code)), tmp_path / "p.cxd")
    assert isinstance(err, DiskFullError)
    assert says in str(err) and never not in str(err)
    assert str(err).startswith(f"{tmp_path / 'p.cxd'}: ")
