"""The last English inside Spanish messages: the CSV and JSON parsers', SQLite's, strerror, repr() quotes and counts.

Each path is driven for real (a file the parser stops at, a locked or read-only database, a damaged project)
and told in our words in the interface language; English is checked too, so a change to it is seen.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from messagekit import english_after, refusal

import cxdesigner
from cxdesigner.storage import DamagedFileError, FileIOError, store
from cxdesigner.window import thumbnails

# Words of Python's csv and json modules, SQLite and the C library that must not reach a person.
LIBRARY_WORDS = (
    "field larger than field limit", "Expecting", "delimiter:", "Exceeds the limit", "database is locked",
    "readonly database", "disk image is malformed", "file is not a database", "disk I/O", "Errno", "Not a directory",
    "unexpected keyword",
)

in_lang = pytest.fixture(english_after, name="in_lang")


def assert_plain(text: str) -> None:
    assert "\n" not in text, text
    assert not any(word in text for word in LIBRARY_WORDS), text


@pytest.fixture
def hotel():
    doc = cxdesigner.new_project(None, template="hotel")
    yield doc.project
    doc.close()


# -- SQLite ------------------------------------------------------------------------------------------------------


@pytest.fixture
def project_file(tmp_path, hotel):
    """A project file of the current format, written through the storage layer."""
    path = tmp_path / "plan.cxd"
    conn = store.create_empty(path)
    try:
        store.write_project(conn, hotel)
    finally:
        conn.close()
    return path


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_database_another_program_locks_is_told_in_our_words(in_lang, project_file, hotel, lang):
    holder = sqlite3.connect(project_file, isolation_level=None)
    conn = store.connect(project_file)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        conn.execute("PRAGMA busy_timeout=0")  # the lock is not let go: no need to wait for it
        in_lang(lang)
        text = refusal(lambda: store.write_project(conn, hotel), FileIOError)
    finally:
        conn.close()
        holder.close()
    assert_plain(text)
    if lang == "en":
        assert text == "cannot read or write the project (another program is using the file)"
    else:
        assert text == "no se puede leer ni escribir el proyecto (otro programa está usando el archivo)"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_read_only_database_is_told_in_our_words(in_lang, project_file, hotel, lang):
    conn = store.connect(project_file, read_only=True)
    try:
        in_lang(lang)
        text = refusal(lambda: store.write_project(conn, hotel), FileIOError)
    finally:
        conn.close()
    assert_plain(text)
    if lang == "en":
        assert text == "cannot read or write the project (the file is read-only)"
    else:
        assert text == "no se puede leer ni escribir el proyecto (el archivo es de solo lectura)"


def damaged_copy(project_file: Path) -> Path:
    """The project with its second page overwritten: SQLite calls it malformed when opening checks it."""
    data = bytearray(project_file.read_bytes())
    data[4096:8192] = b"\x0d" + b"\xff" * 4095
    bad = project_file.with_name("damaged.cxd")
    bad.write_bytes(bytes(data))
    return bad


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_damaged_project_is_told_in_our_words_in_the_window_and_on_the_start_page(in_lang, project_file, lang):
    bad = damaged_copy(project_file)
    in_lang(lang)
    text = refusal(lambda: cxdesigner.open_project(bad).close(), DamagedFileError)
    recent = thumbnails.read_recent(str(bad))
    assert recent.state == "unreadable"
    for each in (text, recent.reason):
        assert_plain(each)
    if lang == "en":
        assert text.startswith(f"{bad}: damaged: its database structure is broken. ")
    else:
        assert text.startswith(f"{bad}: dañado: su estructura de base de datos está rota. ")
    assert recent.reason == text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_sqlite_reasons_by_code_and_its_own_words_only_where_nothing_better_is_known(in_lang, lang):
    in_lang(lang)
    busy = sqlite3.OperationalError("database is locked")
    rare = sqlite3.OperationalError("cannot start a transaction within a transaction")
    if lang == "en":
        assert store.sqlite_reason(busy) == "another program is using the file"
        assert store.sqlite_reason(rare) == "in SQLite's words: cannot start a transaction within a transaction"
    else:
        assert store.sqlite_reason(busy) == "otro programa está usando el archivo"
        assert store.sqlite_reason(rare) == (
            "en palabras de SQLite: cannot start a transaction within a transaction"
        )


def test_every_sqlite_reason_is_translated():
    es = cxdesigner.i18n.translation("es")
    for message in store._SQLITE_REASONS.values():
        assert es.gettext(message) != message, message


# -- the start page's reason -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_start_pages_reason_for_a_file_it_cannot_reach_is_the_os_reason(in_lang, tmp_path, lang):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    in_lang(lang)
    recent = thumbnails.read_recent(str(tmp_path / "notes.txt" / "plan.cxd"))
    assert recent.state == "unreadable"
    assert_plain(recent.reason)
    assert recent.reason == (
        "a part of the path is not a folder" if lang == "en" else "una parte de la ruta no es una carpeta"
    )
