"""The importers' and exporters' refusals in the interface language: Spanish in a Spanish window, English as before."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from dialogguard import no_native_dialogs  # noqa: F401  (autouse: no native dialog in these tests)
from importkit import DrawioDialog, JourneysDialog, MermaidDialog, SurveyDialog, TouchpointsDialog
from messagekit import is_marked, raises_in

import cxdesigner
from cxdesigner import qti18n
from cxdesigner.exchange import columns, common, mapexport, merge, survey, tables, touchpoints
from cxdesigner.model import ValidationError

ROOT = Path(__file__).resolve().parent.parent
EXCHANGE = ROOT / "cxdesigner" / "exchange"
PO = ROOT / "resources" / "translations" / "es.po"


def in_language(lang: str, make: Callable[[], object]) -> object:
    """``make()`` with ``lang`` as the interface language, as the window sets it; English again afterwards."""
    qti18n.apply(lang)
    try:
        return make()
    finally:
        qti18n.apply("en")


def opened(qtbot, lang: str, cls: type, *args: object):  # type: ignore[no-untyped-def]
    """The dialog the window opens for a file, made and run in ``lang`` (run says why it could not read)."""

    def make():  # type: ignore[no-untyped-def]
        dlg = cls(*args)
        qtbot.addWidget(dlg)
        if not dlg.loaded:
            dlg.run()
        return dlg

    return in_language(lang, make)


def list_texts(widget) -> list[str]:  # type: ignore[no-untyped-def]
    return [widget.item(i).text() for i in range(widget.count())]


# -- one refusal of each importer, through the dialog the window uses --------------------------------------


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_spreadsheet_row_with_a_bad_value_is_listed_in_the_interface_language(qtbot, hotel_env, tmp_path, lang):
    doc, jid, stack = hotel_env
    path = tmp_path / "taller.csv"
    path.write_text("Título;Emoción;Importancia\nLlamada;muy mal;2\nReseña;1;9\n", encoding="utf-8")
    dlg = opened(qtbot, lang, TouchpointsDialog, doc, stack, jid, path)
    shown = list_texts(dlg.error_list)
    if lang == "en":
        assert shown == [
            "row 2, emotion: “muy mal” is not a number from −3 to 3",
            "row 3, importance: 9 is out of range: it must be from 1 to 5",
        ]
    else:
        assert shown == [
            "fila 2, emoción: «muy mal» no es un número de −3 a 3",
            "fila 3, importancia: 9 está fuera de rango: debe estar entre 1 y 5",
        ]


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["150.5 is out of range: it must be from 0 to 100", "2.5 is out of range: it must be from 0 to 0.5",
            "“0.7,2” is not a number from −1.25 to 0.5", "“2.5” is not a whole number from 0 to 10"]),
    ("es", ["150,5 está fuera de rango: debe estar entre 0 y 100", "2,5 está fuera de rango: debe estar entre 0 y 0,5",
            "«0.7,2» no es un número de −1,25 a 0,5", "«2,5» no es un número entero de 0 a 10"]),
])  # fmt: skip
def test_a_refusal_writes_its_numbers_as_the_interface_language_does(lang, expected):
    """A decimal bound or value kept the English decimal point in a Spanish sentence ("debe estar entre 0 y 0.5")."""
    from cxdesigner import i18n
    from cxdesigner.exchange.values import BadValueError, parse_float, parse_int

    calls = [lambda: parse_float("150,5", 0, 100), lambda: parse_float(2.5, 0, 0.5),
             lambda: parse_float("0.7,2", -1.25, 0.5), lambda: parse_int(2.5, 0, 10)]  # fmt: skip
    i18n.set_language(lang)
    try:
        shown = []
        for call in calls:
            with pytest.raises(BadValueError) as caught:
                call()
            shown.append(str(caught.value))
    finally:
        i18n.set_language("en")
    assert shown == expected


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_old_excel_workbook_is_refused_in_the_interface_language(qtbot, hotel_env, tmp_path, lang):
    doc, jid, stack = hotel_env
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 60)  # a ZIP header and nothing a workbook holds
    dlg = opened(qtbot, lang, TouchpointsDialog, doc, stack, jid, path)
    assert not dlg.loaded and dlg.errors_shown == [dlg.load_error]
    if lang == "en":
        assert dlg.load_error.startswith("old.xlsx: not an Excel .xlsx workbook (")
    else:
        assert dlg.load_error.startswith("old.xlsx: no es un libro de Excel .xlsx (")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_survey_without_its_columns_is_refused_in_the_interface_language(qtbot, hotel_env, tmp_path, lang):
    doc, jid, stack = hotel_env
    path = tmp_path / "encuesta.csv"
    path.write_text("Pregunta,Respuesta\nnps,9\n", encoding="utf-8")
    dlg = opened(qtbot, lang, SurveyDialog, doc, stack, jid, path)
    assert dlg.plan is None and dlg.summary_label.text() == dlg.check_error
    # The dialog says what to choose in its mapping row; the command line's reader keeps its own refusal.
    assert dlg.table is not None
    table = dlg.table

    def cli_refusal() -> str:
        with pytest.raises(ValidationError) as caught:
            survey.check_survey(doc.project, jid, table)
        return str(caught.value)

    cli = in_language(lang, cli_refusal)
    if lang == "en":
        assert dlg.check_error == (
            "No column is imported as “Touchpoint”: choose “Touchpoint” in the “Import as” row above the column "
            "that holds the touchpoint titles"
        )
        assert cli == (
            "encuesta.csv: no touchpoint or measure column found (headers: “Pregunta”, “Respuesta”); "
            "survey files need touchpoint, measure and score columns (date and comment are optional)"
        )
    else:
        assert dlg.check_error == (
            "Ninguna columna se importa como «Punto de contacto»: elija «Punto de contacto» en la fila "
            "«Importar como» encima de la columna que contiene los títulos de los puntos de contacto"
        )
        assert cli == (
            "encuesta.csv: no se encontró la columna punto de contacto o medida (encabezados: «Pregunta», "
            "«Respuesta»); los archivos de encuesta necesitan las columnas punto de contacto, medida y puntuación "
            "(fecha y comentario son opcionales)"
        )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_wrong_delimiter_names_the_header_in_the_languages_quotation_marks(qtbot, hotel_env, tmp_path, lang):
    doc, jid, stack = hotel_env
    path = tmp_path / "semicolons.csv"
    path.write_text("title;stage\nCall the hotel;Book\n", encoding="utf-8")
    dlg = opened(qtbot, lang, TouchpointsDialog, doc, stack, jid, path)
    tab = dlg.delimiter_combo.findData("\t")

    def choose_tab() -> None:
        dlg.delimiter_combo.setCurrentIndex(tab)  # a tab where the file has semicolons: one column, no title

    in_language(lang, choose_tab)
    assert dlg.plan is None and dlg.summary_label.text() == dlg.check_error
    if lang == "en":
        assert dlg.check_error == (
            "The whole file reads as one column: it seems to be separated by a semicolon; choose that delimiter above"
        )
        assert dlg.ignored_label.text() == "Ignored columns: “title;stage”"
    else:
        assert dlg.check_error == (
            "Todo el archivo se lee como una sola columna: parece separado por un punto y coma; elija ese "
            "separador arriba"
        )
        assert dlg.ignored_label.text() == "Columnas ignoradas: «title;stage»"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_journey_not_found_lists_the_journeys_in_the_languages_quotation_marks(hotel_env, lang):
    doc, _jid, _stack = hotel_env
    names = [j.name for j in doc.project.journeys()]

    def refused() -> str:
        with pytest.raises(ValidationError) as caught:
            common.require_journey(doc.project, "Nope")
        return str(caught.value)

    text = in_language(lang, refused)
    if lang == "en":
        listed = ", ".join(f"“{n}”" for n in names)
        assert text == f"There is no journey named “Nope” (journeys: {listed})"
    else:
        listed = ", ".join(f"«{n}»" for n in names)
        assert text.endswith(f"«Nope» (viajes: {listed})"), text
    assert "'" not in text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_mermaid_line_that_is_no_task_is_listed_in_the_interface_language(qtbot, hotel_env, tmp_path, lang):
    doc, jid, stack = hotel_env
    path = tmp_path / "day.mmd"
    path.write_text("journey\n  section Tienda\n    Entra: 5: Ana\n    solo texto\n", encoding="utf-8")
    dlg = opened(qtbot, lang, MermaidDialog, doc, stack, jid, path)
    if lang == "en":
        assert list_texts(dlg.error_list) == ["line 4: “solo texto” is not a task (“Task: score: actors”)"]
    else:
        assert list_texts(dlg.error_list) == ["línea 4: «solo texto» no es una tarea («Tarea: puntuación: actores»)"]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_text_that_is_no_mermaid_journey_is_refused_in_the_interface_language(qtbot, hotel_env, tmp_path, lang):
    doc, jid, stack = hotel_env
    path = tmp_path / "flow.mmd"
    path.write_text("flowchart LR\n  A --> B\n", encoding="utf-8")
    dlg = opened(qtbot, lang, MermaidDialog, doc, stack, jid, path)
    assert not dlg.loaded and dlg.errors_shown == [dlg.load_error]
    if lang == "en":
        assert dlg.load_error.endswith("line 1: not a Mermaid journey (it must start with “journey”)")
    else:
        assert dlg.load_error.endswith("línea 1: no es un viaje de Mermaid (debe empezar por «journey»)")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_file_that_is_no_project_is_refused_for_merging_in_the_interface_language(qtbot, hotel_env, tmp_path, lang):
    doc, _jid, stack = hotel_env
    path = tmp_path / "other.json"
    path.write_bytes(b"\xff\xfe\xfa not text")
    dlg = opened(qtbot, lang, JourneysDialog, doc, stack, path)
    assert not dlg.loaded and dlg.errors_shown == [dlg.load_error]
    if lang == "en":
        assert dlg.load_error == "other.json: neither a CX Designer project nor its JSON form"
    else:
        assert dlg.load_error == "other.json: no es un proyecto de CX Designer ni su forma JSON"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_hostile_drawio_file_is_refused_in_the_interface_language(qtbot, hotel_env, tmp_path, lang):
    doc, _jid, stack = hotel_env
    path = tmp_path / "evil.drawio"
    path.write_bytes(b'<!DOCTYPE x [<!ENTITY a "b">]><mxfile/>')
    dlg = opened(qtbot, lang, DrawioDialog, doc, stack, path)
    assert not dlg.loaded and dlg.errors_shown == [dlg.load_error]
    if lang == "en":
        assert dlg.load_error == (
            "evil.drawio: the file declares a DTD or entities; draw.io files never do, so it is refused; "
            "open it in draw.io and save it again, or choose another file"
        )
    else:
        assert dlg.load_error == (
            "evil.drawio: el archivo declara una DTD o entidades; los archivos de draw.io nunca lo hacen, "
            "así que se rechaza; ábralo en draw.io y guárdelo de nuevo, o elija otro archivo"
        )


def drawn(tmp_path, cells: str):
    """A draw.io file of one page holding ``cells`` under its root layer."""
    path = tmp_path / "drawn.drawio"
    path.write_text(
        f'<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>{cells}</root></mxGraphModel>',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("lang", ["en", "es"])
def test_what_a_drawio_import_left_out_is_told_in_the_interface_language(qtbot, hotel_env, tmp_path, lang):
    doc, _jid, stack = hotel_env
    path = drawn(
        tmp_path,
        '<mxCell id="a" value="Paso" vertex="1" parent="1"><mxGeometry width="80" height="40" as="geometry"/></mxCell>'
        '<mxCell id="e" edge="1" parent="1" source="a"><mxGeometry relative="1" as="geometry"/></mxCell>',
    )
    dlg = opened(qtbot, lang, DrawioDialog, doc, stack, path)
    assert dlg.loaded
    if lang == "en":
        assert dlg.notes == ("page 1: 1 line that does not join two cards was left out",)
    else:
        assert dlg.notes == ("página 1: Se dejó fuera 1 línea que no une dos tarjetas",)
    assert dlg.notes[0] in dlg.file_label.text()


@pytest.mark.parametrize(("lang", "note"), [
    ("en", "“emotion_words” is not a valid value for emotion words"),
    ("es", "«emotion_words» no es un valor válido de palabras de emoción"),
])  # fmt: skip
def test_a_drawn_shapes_bad_property_is_named_in_the_interface_language(qtbot, hotel_env, tmp_path, lang, note):
    """The field a bad property was meant for was named in English inside the Spanish sentence."""
    doc, _jid, stack = hotel_env
    path = drawn(
        tmp_path,
        '<object id="a" label="Paso" emotion_words="feliz"><mxCell vertex="1" parent="1">'
        '<mxGeometry width="80" height="40" as="geometry"/></mxCell></object>',
    )
    dlg = opened(qtbot, lang, DrawioDialog, doc, stack, path)
    assert dlg.loaded
    assert any(n.endswith(note) for n in dlg.notes), dlg.notes


# -- the same refusals on the command line and in scripts: English, whatever the window last showed ------------


def test_scripts_see_the_english_refusals(tmp_path):
    table = tables.parse_csv_text("Título,Emoción\nLlamada,muy mal\n", None, "taller.csv")
    plan = touchpoints.check_table(table)
    with cxdesigner.new_project(None, template="hotel") as doc, pytest.raises(touchpoints.InvalidRowsError) as caught:
        touchpoints.plan_import(doc.project, plan)
    assert str(caught.value) == (
        "1 row is invalid, nothing was imported (use --skip-invalid to import the others): "
        "row 2, emotion: “muy mal” is not a number from −3 to 3"
    )
    with pytest.raises(ValidationError, match=r"^Unknown paper “B9”: use fit, a4, a3"):
        mapexport.plan_sheets(None, mapexport.MapOptions(paper="B9"))  # the paper is checked before the scene
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff")
    with pytest.raises(ValidationError, match=r"^bad\.json: neither a CX Designer project nor its JSON form$"):
        merge.read_project_file(bad)


# -- every refusal a person can see is a catalogue message, translated ----------------------------------------

# Raised where only a developer sees it: a caller's mistake or a stop the caller asked for and catches.
DEVELOPER_ONLY = {
    ("png.py", "ValueError"),  # the map's own images are always 3 or 4 channels and of a real size
    ("png.py", "ExportCancelledError"),  # "stopped": the band workers' signal, never shown
    ("mapexport.py", "MemoryError"),  # caught a few lines below and raised again as the catalogue's message
}
def _refusals() -> list[tuple[str, int, str, ast.AST, dict[str, ast.AST]]]:
    """Every ``raise SomeError(message)`` of the exchange package: (file, line, error class, message)."""
    found = []
    for path, node, call, names in raises_in(EXCHANGE):
        cls = call.func.id if isinstance(call.func, ast.Name) else ""
        # A helper that makes the error (``_no_memory()``) is the message; a class is given it.
        message = call.args[0] if cls.endswith(("Error", "Exception")) else call
        # InvalidRowsError makes its message from the row errors it is given.
        if (path.name, cls) not in DEVELOPER_ONLY and cls != "InvalidRowsError":
            found.append((path.name, node.lineno, cls, message, names))
    return found


def test_every_refusal_of_the_exchange_formats_comes_from_the_catalogue():
    refusals = _refusals()
    assert len(refusals) > 80
    plain = [f"{name}:{line}" for name, line, _cls, message, names in refusals if not is_marked(message, names)]
    assert plain == []


def test_every_exchange_message_has_a_spanish_translation():
    with PO.open("rb") as f:
        catalog = read_po(f, locale="es")
    ours = [m for m in catalog if m.id and any(where.startswith("cxdesigner/exchange/") for where, _ in m.locations)]
    assert len(ours) > 150
    missing = [m.id for m in ours if m.fuzzy or not all(m.string if isinstance(m.string, tuple) else (m.string,))]
    assert missing == []


def test_every_field_a_row_error_names_has_a_spanish_name():
    wanted = {c.field.replace("_", " ") for c in columns.COLUMNS} | {"touchpoint", "measure", "score"}
    wanted |= {"origin", "sub journey"}  # a drawn draw.io shape's card fields without a column
    assert wanted == set(common.ROW_FIELD_NAMES)
    with PO.open("rb") as f:
        catalog = read_po(f, locale="es")
    for name in wanted:
        entry = catalog.get(name, context=common.ROW_FIELD)
        assert entry is not None and entry.string and not entry.fuzzy, name


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_summaries_of_an_import_and_a_merge_speak_the_language(hotel_env, lang):
    """The status bar and the command line showed these in English, names in ASCII quotes."""
    doc, jid, _stack = hotel_env
    journey = doc.project.get("journey", jid)
    outcome = merge.merge_journeys(doc.project, doc.project, [jid], "other.cxd")
    same = [p.name for p in doc.project.personas()]
    table = tables.Table(["title", "stage", "lane", "Colour"], [(2, ["A", "Brand new stage", "", "x"]),
                                                               (3, ["", "", "", ""])], source="s.csv")
    plan = touchpoints.check_table(table)
    added = touchpoints.plan_import(doc.project, plan, jid, None, skip_invalid=True)

    merged, checked, imported = in_language(lang, lambda: (outcome.summary(), plan.summary(), added.summary()))
    if lang == "en":
        assert merged.startswith(f"1 journey; “{journey.name}” renamed “{journey.name} (2)”")
        assert checked == "1 valid row; 1 invalid row; ignored columns: “Colour”"
        assert imported == "1 touchpoint; new stages: “Brand new stage”; skipped invalid rows: 3"
    else:
        assert merged.startswith(f"1 viaje; «{journey.name}» pasa a llamarse «{journey.name} (2)»")
        assert checked == "1 fila válida; 1 fila no válida; columnas ignoradas: «Colour»"
        assert imported == "1 punto de contacto; etapas nuevas: «Brand new stage»; filas no válidas omitidas: 3"
    if outcome.reused_personas:
        assert ", ".join(f"«{n}»" if lang == "es" else f"“{n}”" for n in outcome.reused_personas) in merged
        assert set(outcome.reused_personas) <= set(same)
    assert "'" not in merged + checked + imported


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_journey_the_document_does_not_have_is_named_in_the_languages_quotation_marks(hotel_env, lang):
    doc, _jid, _stack = hotel_env

    def refused() -> str:
        with pytest.raises(ValidationError) as caught:
            doc.journey("Nope")
        return str(caught.value)

    name = doc.project.journeys()[0].name
    text = in_language(lang, refused)
    if lang == "en":
        assert text.startswith(f"There is no journey named “Nope” (journeys: “{name}”")
    else:
        assert text.startswith(f"No hay ningún viaje llamado «Nope» (viajes: «{name}»")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_analysis_refuses_its_settings_in_our_words(hotel_env, lang):
    from cxdesigner.analysis import analyze

    doc, jid, _stack = hotel_env

    def refused(**settings: object) -> str:
        with pytest.raises(ValueError) as caught:
            analyze(doc.project, jid, **settings)
        return str(caught.value)

    paths, crosshair = in_language(lang, lambda: (refused(max_paths=-1), refused(crosshair="median")))
    if lang == "en":
        assert paths == "max_paths must be a whole number, 0 or more, not -1"
        assert crosshair == "The crosshair must be one of “mean”, “midpoint”, not “median”"
    else:
        assert paths == "max_paths debe ser un número entero, 0 o más, no -1"
        assert crosshair == "El cruce debe ser uno de «mean», «midpoint», no «median»"
