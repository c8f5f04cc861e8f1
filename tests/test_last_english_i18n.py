"""The last English inside Spanish messages: the CSV and JSON parsers', SQLite's, strerror, repr() quotes and counts.

Each path is driven for real (a file the parser stops at, a locked or read-only database, a damaged project)
and told in our words in the interface language; English is checked too, so a change to it is seen.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from messagekit import english_after, refusal

import cxdesigner
from cxdesigner.document import commands
from cxdesigner.exchange import drawio, merge, tables, touchpoints
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


# -- the CSV and JSON parsers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_csv_cell_over_the_readers_limit_is_told_with_the_limit_as_the_language_writes_it(in_lang, tmp_path, lang):
    path = tmp_path / "long.csv"
    path.write_text("title,stage\n" + "x" * (csv.field_size_limit() + 1) + ",Lobby\n", encoding="utf-8")
    in_lang(lang)
    text = refusal(lambda: tables.read_csv(path))
    assert_plain(text)
    if lang == "en":
        assert text == "long.csv: row 2: a cell is longer than 131,072 characters"
    else:
        assert text == "long.csv: fila 2: una celda tiene más de 131.072 caracteres"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_any_other_csv_fault_is_located_without_the_readers_words(in_lang, monkeypatch, lang):
    def stops(*args, **kwargs):
        yield ["title"]
        raise csv.Error("',' expected after '\"'")

    monkeypatch.setattr(tables.csv, "reader", stops)
    in_lang(lang)
    text = refusal(lambda: tables.parse_csv_text("title\nx\n", ",", "odd.csv"))
    assert_plain(text)
    expected = "odd.csv: row 2: the CSV is malformed" if lang == "en" else "odd.csv: fila 2: el CSV está mal formado"
    assert text == expected


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_malformed_json_project_says_where_not_what_the_parser_calls_it(in_lang, tmp_path, lang):
    path = tmp_path / "other.json"
    path.write_text('{"format": "cxdesigner-project",\n  "journeys": [,]}\n', encoding="utf-8")
    huge = tmp_path / "huge.json"
    huge.write_text('{"format": "cxdesigner-project", "version": ' + "9" * 5000 + "}", encoding="utf-8")
    in_lang(lang)
    text = refusal(lambda: merge.read_project_file(path))
    too_long = refusal(lambda: merge.read_project_file(huge))
    for each in (text, too_long):
        assert_plain(each)
    if lang == "en":
        assert text == "other.json: not valid JSON (at line 2, column 16)"
        assert too_long == "huge.json: the JSON holds a number too long to read"
    else:
        assert text == "other.json: no es un JSON válido (en la línea 2, columna 16)"
        assert too_long == "huge.json: el JSON contiene un número demasiado largo para leerlo"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_json_record_python_cannot_build_is_located_not_explained_in_python(in_lang, hotel, monkeypatch, lang):
    from cxdesigner.model import Touchpoint, jsonformat

    data = json.loads(jsonformat.dumps(hotel))

    def fails(fields):
        raise TypeError("__init__() got an unexpected keyword argument 'x'")

    monkeypatch.setattr(Touchpoint, "from_dict", fails)
    in_lang(lang)
    text = refusal(lambda: jsonformat.from_data(data))
    assert_plain(text)
    if lang == "en":
        assert text == "journey 1, touchpoint 1 holds a value CX Designer cannot read"
    else:
        assert text.endswith(" 1 tiene un valor que CX Designer no puede leer") and text.startswith("Viaje 1, ")


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
    # The tile's tooltip names the file on the line above its reason: the reason does not name it again.
    assert text == f"{bad}: {recent.reason}"


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


# -- quotation marks and named characters instead of repr() ------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es"])
def test_delimiters_are_named_or_quoted_as_the_language_quotes(in_lang, hotel, lang):
    journey = hotel.journeys()[0].id
    in_lang(lang)
    long = refusal(lambda: tables.parse_csv_text("a;b\n", "ab", "x.csv"))
    bar = refusal(lambda: touchpoints.touchpoints_csv_text(hotel, journey, "|"))
    for text in (long, bar):
        assert_plain(text)
    if lang == "en":
        assert long == "The delimiter must be one character, not “ab”"
        assert bar == "The delimiter must be a comma, a semicolon or a tab, not a vertical bar"
    else:
        assert long == "El separador debe ser un solo carácter, no «ab»"
        assert bar == "El separador debe ser una coma, un punto y coma o un tabulador, no una barra vertical"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_drawio_cell_and_its_value_are_in_the_languages_quotation_marks(in_lang, hotel, lang):
    journey = hotel.journeys()[0]
    card = hotel.touchpoints(journey.id)[0]
    data = drawio.drawio_bytes(hotel, journey.id).decode()
    at = data.index('cx_emotion="', data.index(f'id="{card.id}"'))
    end = data.index('"', at + len('cx_emotion="'))
    bad = data[:at] + 'cx_emotion="lots' + data[end:]
    twice = b"<mxGraphModel><root><mxCell id='0'/><mxCell id='0'/></root></mxGraphModel>"
    in_lang(lang)
    text = refusal(lambda: drawio.parse_drawio(bad.encode(), "edited.drawio"))
    same = refusal(lambda: drawio.parse_drawio(twice, "bad.drawio"))
    if lang == "en":
        assert f"cell “{card.id}” (“" in text and text.endswith("emotion must be a number, not “lots”")
        assert same == "bad.drawio: two cells have the id “0”"
    else:
        assert f"celda «{card.id}» («" in text and text.endswith("debe ser un número, no «lots»")
        assert same == "bad.drawio: dos celdas tienen el id «0»"
    assert "'0'" not in same and "'lots'" not in text


# -- counts in undo steps and status messages --------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es"])
def test_counts_in_undo_steps_are_written_as_the_language_writes_numbers(in_lang, lang):
    in_lang(lang)
    many = commands.DeleteTouchpointsCommand([f"tp{i}" for i in range(1200)]).description
    one = commands.DeleteTouchpointsCommand(["tp0"]).description
    moved = commands.MoveTouchpointsCommand([f"tp{i}" for i in range(1200)], None, None).description
    if lang == "en":
        assert (many, one) == ("Delete 1,200 touchpoints", "Delete 1 touchpoint")
        assert moved == "Move 1,200 touchpoints"
    else:
        assert (many, one) == ("Eliminar 1.200 puntos de contacto", "Eliminar 1 punto de contacto")
        assert "1.200" in moved


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_large_paste_names_its_count_as_the_language_writes_it(in_lang, qtbot, lang):
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QGuiApplication

    from cxdesigner import qti18n
    from cxdesigner.canvas import JourneyEditor
    from cxdesigner.document import Selection
    from cxdesigner.layout import clipboard
    from cxdesigner.qtcommands import UndoStack

    doc = cxdesigner.new_project(None)
    stack = UndoStack(doc)
    editor = JourneyEditor(doc, stack, Selection())
    qtbot.addWidget(editor)
    cards = [{"fields": {"title": f"Idea {i}"}, "stage_index": 0, "lane_index": 1} for i in range(1200)]
    mime = QMimeData()
    mime.setData(clipboard.MIME_TYPE, json.dumps(
        {"format": clipboard.FORMAT, "version": clipboard.VERSION, "touchpoints": cards}
    ).encode("utf-8"))  # fmt: skip
    try:
        QGuiApplication.clipboard().setMimeData(mime)
        qti18n.apply(lang)
        try:
            assert len(editor.paste()) == 1200
            label = doc.stack.undo_text()
        finally:
            qti18n.apply("en")
    finally:
        editor.detach()
        stack.clear()
        doc.close()
        QGuiApplication.clipboard().clear()
    assert label == ("Paste 1,200 cards" if lang == "en" else "Pegar 1.200 tarjetas")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_value_of_the_wrong_kind_is_named_not_written_in_python(in_lang, hotel, lang):
    from cxdesigner.model import jsonformat

    base = jsonformat.dumps(hotel)

    def refused(field: str, value: object) -> str:
        data = json.loads(base)
        data["journeys"][0]["touchpoints"][0][field] = value
        return refusal(lambda: jsonformat.from_data(data))

    in_lang(lang)
    texts = [refused("emotion", {}), refused("title", 5), refused("emotion", "x\ny"), refused("importance", True)]
    for text in texts:
        assert_plain(text)
        assert "'" not in text and "{}" not in text and "int" not in text.split()
    ends = [t.rsplit(", ", 1)[-1] for t in texts]
    if lang == "en":
        assert ends == ["not an object", "not a number", "not “x\\ny”", "not a yes-or-no value"]
    else:
        assert ends == ["no un objeto", "no un número", "no «x\\ny»", "no un valor sí o no"]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_stored_record_python_cannot_build_is_named_not_explained_in_python(in_lang, project_file, monkeypatch, lang):
    from cxdesigner.model import Touchpoint

    def fails(self):
        raise TypeError("'<' not supported between instances of 'str' and 'int'")

    conn = sqlite3.connect(project_file)
    try:
        names, rows = store.fetch_table(conn, "touchpoints")
    finally:
        conn.close()
    monkeypatch.setattr(Touchpoint, "__post_init__", fails)
    in_lang(lang)
    text = refusal(lambda: store.decode_rows("touchpoint", names, rows), DamagedFileError)
    assert_plain(text)
    assert "supported" not in text and "instances" not in text
    if lang == "en":
        assert text == "a touchpoint holds a value CX Designer cannot read"
    else:
        assert text.endswith(" tiene un valor que CX Designer no puede leer")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_sqlite_words_for_a_structure_no_project_has_are_said_in_ours(in_lang, lang):
    """What another program's database brings ("no such table", a function of its own, a schema beyond the
    limits) was "in SQLite's words: …"; a value over the length limit stays a value."""
    in_lang(lang)
    table = sqlite3.OperationalError("no such table: main.stages")
    column = sqlite3.DatabaseError("malformed database schema (idx) - no such column: nosuch")
    function = sqlite3.OperationalError("no such function: nosuch")
    wide = sqlite3.DatabaseError("malformed database schema (wide) - too many columns on wide")
    value = sqlite3.DataError("string or blob too big")
    reasons = [store.sqlite_reason(e) for e in (table, column, function, wide)]
    if lang == "en":
        assert reasons == [
            "it lacks a table or column that every CX Designer project has",
            "it lacks a table or column that every CX Designer project has",
            "its structure needs a function, collation or module of another program",
            "its structure is larger than CX Designer allows",
        ]
        assert store.sqlite_reason(value) == "a text or value is longer than the limit"
    else:
        assert reasons == [
            "le falta una tabla o columna que todo proyecto de CX Designer tiene",
            "le falta una tabla o columna que todo proyecto de CX Designer tiene",
            "su estructura necesita una función, intercalación o módulo de otro programa",
            "su estructura es mayor de lo que CX Designer admite",
        ]
    assert all("SQLite" not in r for r in reasons)
