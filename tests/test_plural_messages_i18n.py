"""Counts that can be 1 say "1 row", "1 fila" in both languages: plural forms, not one text for every count."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from dialogguard import no_native_dialogs  # noqa: F401  (autouse: no native dialog in these tests)
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

import cxdesigner
from cxdesigner import cli, qti18n
from cxdesigner.dialogs import share
from cxdesigner.document import commands
from cxdesigner.document.voting import CastVoteCommand, StartVoteSessionCommand
from cxdesigner.exchange import drawio, mermaid, survey, tables, touchpoints
from cxdesigner.i18n import translation
from cxdesigner.model import Participant, ValidationError

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "resources" / "translations" / "es.po"

# A count followed by a plural noun in a message with no plural form: only where the count is never 1
# (over a limit that is never 1, a tie needs two, a map split in pages); every other count is a plural.
NEVER_ONE = {
    "The project already keeps {n} checkpoints; delete old ones first.",  # the limit, 20
    "{what}: {count} pages, more than the {limit} CX Designer imports; save the pages you want as a diagram of their "
    "own, then import that",
    "The map needs {n} pages, which cannot all go to one stream: write a PDF or name a file",
    "The whole map at a glance: readable, it takes {n} pages.",  # only past the report's MAX_MAP_PAGES, 16
    "The report shows the map of {journey} on one page: readable, it takes {n} pages.",  # the same, its note
    "For the detail, export the map as a PDF on one page the size of the map and zoom in (on A3 it would take {n} "
    "pages).",  # only past MAX_SHEETS, 500
    "The map would take {n} pages on {paper}, more than {most}: export it as a PDF on one page the size of the map, "
    "to zoom in on, or export a selection of its cards",  # more than MAX_SHEETS, 500
    "{n} touchpoints are titled {title}; rename them to tell apart",  # two or more
    "a cell holds {count} characters; a card field holds at most {limit}",
    "{name}: the workbook has {count} parts, more than a spreadsheet has; save the sheet to import as CSV, then "
    "import that",
    "The sheet claims {count} columns; only the first {limit} were read",
    "The file has {count} columns; only the first {limit} were read",  # more than MAX_COLUMNS, 200
    "{name}: the sheet claims {count} rows; CX Designer imports at most {limit}. Delete the empty rows below the data "
    "(or split the sheet), then try again",
    "{field} has {n} items; at most {limit} fit: join or delete some, then try again",
    "Lane overlay must be a list of at most {n} journeys",  # the limit, 20
    "the project record is missing or repeated ({n} rows)",  # 0 or two and more
    "{n} dots left",  # the room picks "{n} dot left" for one (room/strings.py)
    "{n} characters at most: the rest can go in the note.",  # the phone page's TITLE_MAX, 200
    "{cell}: response {n} is not an object",  # an ordinal, not a count
    "The clipboard's cards are damaged (card {n} holds a value CX Designer cannot read)",  # an ordinal
}
COUNT_AND_NOUN = re.compile(r"\{(?:n|count|used|dots|shown|left|more|pos|neg)\} (?:[a-z]+ )?[a-z]+s\b")


def _catalogue():
    with PO.open("rb") as f:
        return read_po(f, locale="es")


def test_no_count_that_can_be_one_is_written_with_a_plural_noun_only():
    catalogue = _catalogue()
    singular_only = {m.id for m in catalogue if isinstance(m.id, str) and COUNT_AND_NOUN.search(m.id)}
    limits = {m.id for m in catalogue if isinstance(m.id, str) and "is more than a" in m.id}
    assert singular_only - limits - NEVER_ONE == set(), "use ngettext(), or say here why the count is never 1"
    assert singular_only >= NEVER_ONE, "a message named here changed: say again why its count is never 1"


@pytest.mark.parametrize(
    ("singular", "english", "spanish"),
    [
        ("{n} row is invalid, nothing was imported (use --skip-invalid to import the others): ",
         "1 row is invalid", "1 fila no es válida"),
        ("Import {n} touchpoint from “{source}” into “{journey}”", "Import 1 touchpoint from “{source}”",
         "Importar 1 punto de contacto de «{source}»"),
        ("{n} line that does not join two cards was left out", "1 line that does not join two cards was left out",
         "Se dejó fuera 1 línea que no une dos tarjetas"),
        ("Import {n} journey from “{source}”", "Import 1 journey from “{source}”", "Importar 1 viaje de «{source}»"),
        ("Import {n} survey response", "Import 1 survey response", "Importar 1 respuesta de encuesta"),
        ("At most {n} dot per card per person in {title}", "At most 1 dot per card",
         "Como máximo 1 punto por tarjeta"),
        ("… and {n} more path.", "… and 1 more path.", "… y 1 recorrido más."),
        ("{used} of {dots} dot", "0 of 1 dot", "0 de 1 punto"),
        ("{path}: damaged: the table {table} holds {n} row with a value of the wrong kind.",
         "holds 1 row with a value of the wrong kind", "contiene 1 fila con un valor del tipo equivocado"),
    ],
)  # fmt: skip
def test_one_and_two_in_both_languages(singular, english, spanish):
    entry = next(m for m in _catalogue() if isinstance(m.id, tuple) and m.id[0] == singular)
    en, es = translation("en"), translation("es")
    values = {"n": 1, "used": 0, "dots": 1, "source": "{source}", "title": "T", "path": "p", "table": "t"}
    values["journey"] = "J"
    assert english in en.ngettext(*entry.id, 1).format(**values)
    assert spanish in es.ngettext(*entry.id, 1).format(**values)
    two = {**values, "n": 2, "dots": 2}
    assert es.ngettext(*entry.id, 2).format(**two) == entry.string[1].format(**two)
    assert en.ngettext(*entry.id, 2).format(**two) == entry.id[1].format(**two)


def _refused_rows(lang: str, text: str) -> str:
    table = tables.parse_csv_text(text, None, "taller.csv")
    plan = touchpoints.check_table(table)
    qti18n.apply(lang)
    try:
        with (
            cxdesigner.new_project(None, template="hotel") as doc,
            pytest.raises(touchpoints.InvalidRowsError) as caught,
        ):
            touchpoints.plan_import(doc.project, plan)
    finally:
        qti18n.apply("en")
    return str(caught.value)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_one_bad_row_is_one_row_and_two_are_rows(qtbot, lang):
    one = _refused_rows(lang, "Título,Emoción\nLlamada,muy mal\nVisita,1\n")
    two = _refused_rows(lang, "Título,Emoción\nLlamada,muy mal\nVisita,fatal\n")
    if lang == "en":
        assert one.startswith("1 row is invalid, nothing was imported (use --skip-invalid to import the others): ")
        assert two.startswith("2 rows are invalid, nothing was imported")
    else:
        assert one.startswith("1 fila no es válida; no se importó nada (use --skip-invalid para importar las demás): ")
        assert two.startswith("2 filas no son válidas; no se importó nada")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_undo_step_of_an_import_of_one_card_names_one(qtbot, lang):
    doc = cxdesigner.new_project(None, template="hotel")
    project = doc.project
    journey = project.journeys()[0]
    title = project.touchpoints(journey.id)[0].title
    qti18n.apply(lang)
    try:
        one = touchpoints.plan_import(project, touchpoints.check_table(
            tables.parse_csv_text("Title\nCall\n", None, "taller.csv"))).command.description
        two = touchpoints.plan_import(project, touchpoints.check_table(
            tables.parse_csv_text("Title\nCall\nVisit\n", None, "taller.csv"))).command.description
        steps = mermaid.plan_mermaid_import(project, "journey\n  section Start\n    Call: 3: Me\n", source="j.mmd")
        answers = survey.check_survey(project, journey.id, tables.parse_csv_text(
            f"touchpoint,measure,score\n{title},nps,9\n", None, "s.csv")).command(source="s.csv").description
    finally:
        qti18n.apply("en")
        doc.close()
    if lang == "en":
        assert one == "Import 1 touchpoint from “taller.csv” into “Imported journey”"
        assert two == "Import 2 touchpoints from “taller.csv” into “Imported journey”"
        assert steps.command.description == "Import 1 touchpoint from “j.mmd” into “Imported journey”"
        assert answers == f"Import 1 survey response from “s.csv” into “{journey.name}”"
    else:
        assert one == "Importar 1 punto de contacto de «taller.csv» en «Imported journey»"
        assert two == "Importar 2 puntos de contacto de «taller.csv» en «Imported journey»"
        assert steps.command.description == "Importar 1 punto de contacto de «j.mmd» en «Imported journey»"
        assert answers == f"Importar 1 respuesta de encuesta de «s.csv» en «{journey.name}»"


@pytest.mark.parametrize("ui", ["en", "es"])
def test_a_journey_an_import_names_is_named_in_the_project_s_language(qtbot, ui):
    """A Spanish project's new journey from a spreadsheet or a Mermaid text was "Imported
    journey" beside "Viaje del cliente"; an English project's stays English whatever the interface says."""
    qti18n.apply(ui)
    try:
        for lang, want in (("es", "Viaje importado"), ("en", "Imported journey")):
            doc = cxdesigner.new_project(None, lang=lang)
            try:
                project = doc.project
                rows = touchpoints.check_table(tables.parse_csv_text("Title\nCall\n", None, "taller.csv"))
                made = touchpoints.plan_import(project, rows).command.description
                drawn = mermaid.plan_mermaid_import(project, "journey\n  section Start\n    Call: 3: Me\n")
                assert want in made and want in drawn.command.description
            finally:
                doc.close()
    finally:
        qti18n.apply("en")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_two_loose_lines_of_a_drawio_file_are_lines(qtbot, tmp_path, lang):
    path = tmp_path / "drawn.drawio"
    path.write_text(
        '<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>'
        '<mxCell id="a" value="Paso" vertex="1" parent="1"><mxGeometry width="80" height="40" as="geometry"/></mxCell>'
        '<mxCell id="e" edge="1" parent="1" source="a"><mxGeometry relative="1" as="geometry"/></mxCell>'
        '<mxCell id="f" edge="1" parent="1" target="a"><mxGeometry relative="1" as="geometry"/></mxCell>'
        "</root></mxGraphModel>",
        encoding="utf-8",
    )
    qti18n.apply(lang)
    try:
        notes = drawio.read_drawio(path).notes
    finally:
        qti18n.apply("en")
    if lang == "en":
        assert "page 1: 2 lines that do not join two cards were left out" in notes
    else:
        assert "página 1: Se dejaron fuera 2 líneas que no unen dos tarjetas" in notes


@pytest.mark.parametrize("lang", ["en", "es"])
def test_one_dot_per_card_is_one_dot(qtbot, lang):
    doc = cxdesigner.new_project(None)
    try:
        j = doc.journeys()[0]
        card = doc.add_touchpoint(j.id, doc.project.stages(j.id)[0].id, doc.project.lanes(j.id)[0].id, "Card")
        doc.execute(commands.AddEntitiesCommand([Participant(id="pt-ana", name="Ana", position=0)]))
        start = StartVoteSessionCommand(j.id, "Primero", ["pt-ana"], dots=3, max_per_card=1)
        doc.execute(start)
        doc.execute(CastVoteCommand(start.session_id, "pt-ana", card))
        qti18n.apply(lang)
        try:
            with pytest.raises(ValidationError) as caught:
                doc.execute(CastVoteCommand(start.session_id, "pt-ana", card))
        finally:
            qti18n.apply("en")
    finally:
        doc.close()
    if lang == "en":
        assert str(caught.value) == "At most 1 dot per card per person in “Primero”"
    else:
        assert str(caught.value) == "Como máximo 1 punto por tarjeta y persona en «Primero»"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_share_question_about_one_checkpoint_as_the_person_sees_it(qtbot, tmp_path, lang):
    """The question box grabbed while it is open: one checkpoint, "it", in the window's language."""
    seen: dict[str, str] = {}

    def look() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        seen["text"] = box.text()
        box.grab().save(str(tmp_path / f"share-{lang}.png"))
        box.reject()

    qti18n.apply(lang)
    try:
        QTimer.singleShot(0, look)
        assert share.ask_include_checkpoints(None, 1) is None
    finally:
        qti18n.apply("en")
    if lang == "en":
        assert seen["text"] == (
            "The project keeps 1 checkpoint (an earlier state of its journeys). "
            "The copy leaves it out unless you tick the box."
        )
    else:
        assert seen["text"] == (
            "El proyecto guarda 1 punto de control (un estado anterior de sus viajes). "
            "La copia lo deja fuera salvo que marque la casilla."
        )
    assert (tmp_path / f"share-{lang}.png").stat().st_size > 0


def test_the_command_lines_summaries_say_one_persona(tmp_path, capsys, data_dir):
    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    assert cli.main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert "1 persona, 0 custom channels, 0 survey responses, 0 checkpoints" in out
    csv = tmp_path / "one.csv"
    csv.write_text("Title\nCall\n", encoding="utf-8")
    assert cli.main(["import", str(path), str(csv)]) == 0
    assert "Imported 1 touchpoint into" in capsys.readouterr().out


def test_the_command_lines_import_line_is_in_one_language(tmp_path, capsys, data_dir, monkeypatch):
    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    csv = tmp_path / "one.csv"
    csv.write_text("Title\nCall\n", encoding="utf-8")
    monkeypatch.setenv(cli.MESSAGES_LANG, "es")
    assert cli.main(["import", str(path), str(csv)]) == 0
    assert capsys.readouterr().out.strip() == f"Importación en {path}: 1 punto de contacto"
