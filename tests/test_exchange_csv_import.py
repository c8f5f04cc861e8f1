"""Importing workshop spreadsheets: encodings, delimiters, decimal commas, bad rows, big files, xlsx, surveys."""

from __future__ import annotations

import pytest

from cxdesigner import api
from cxdesigner.exchange import survey, tables, touchpoints
from cxdesigner.model import ValidationError


@pytest.fixture
def doc():
    d = api.new_project(template="hotel")
    yield d
    d.close()


def load(path, **kw):
    return touchpoints.check_table(tables.read_table(path, **kw))


def test_windows_1252_semicolon_decimal_comma_spanish_headers(doc, tmp_path):
    text = (
        "Título;Etapa;Carril;Canal;Emoción;Importancia;Satisfacción;Puntos de dolor;CSAT\r\n"
        "Llamada al centro de atención;Compra;Puntos de contacto;Teléfono;-2;4,0;2;Espera larga;72,5\r\n"
        "Reseña en Google;Recomendación;Acciones del cliente;Buscador;+1;3;4;;\r\n"
    )
    path = tmp_path / "es.csv"
    path.write_bytes(text.encode("cp1252"))
    table = tables.read_csv(path)
    assert table.encoding == "cp1252" and table.delimiter == ";"
    plan = touchpoints.check_table(table)
    assert not plan.errors, plan.errors
    j = doc.project.journeys()[0]
    outcome = touchpoints.plan_import(doc.project, plan, j.id)
    doc.execute(outcome.command)
    tp = doc.project.get("touchpoint", outcome.touchpoint_ids[0])
    assert tp.title == "Llamada al centro de atención"
    assert (tp.emotion, tp.importance, tp.satisfaction, tp.csat) == (-2, 4, 2, 72.5)
    assert tp.channel == "phone" and tp.pain_points == ("Espera larga",)
    assert doc.project.get("stage", tp.stage_id).key == "purchase"  # matched the existing stage in Spanish
    assert not outcome.created["stages"]


def test_bom_quoted_newlines_blank_rows_unknown_columns(tmp_path):
    text = (
        'title,stage,Pain Points,Colour,emotion\r\n'
        '"Multi\nline title",Use,"slow\nnoisy",red,1\r\n'
        "\r\n"
        ",,,,\r\n"
        "Second,Use,,blue,0\r\n"
    )
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    table = tables.read_csv(path)
    assert table.encoding == "utf-8-sig" and table.headers[0] == "title"
    plan = touchpoints.check_table(table)
    assert plan.unknown_columns == ["Colour"]
    assert [r.fields["title"] for r in plan.rows] == ["Multi\nline title", "Second"]
    assert plan.rows[0].fields["pain_points"] == ("slow", "noisy")
    # A column without a heading is read past unnamed, even with cells in it.
    unnamed = tables.parse_csv_text("title,,Colour\nFirst,x,red\n", ",", "unnamed.csv")
    assert touchpoints.check_table(unnamed).unknown_columns == ["Colour"]
    assert plan.rows[1].row == 5  # numbers as the spreadsheet shows them, blank rows counted


def test_invalid_rows_reported_and_all_or_nothing(doc, tmp_path):
    rows = ["Title,Emotion,Importance,Category"]
    rows += [f"Card {i},1,3,sales" for i in range(12)]
    rows.append("Bad emotion,muy mal,3,sales")  # row 14
    rows.append("Half,1,2.5,sales")
    rows.append("Out,4,3,sales")
    rows.append("Cat,1,3,nonsense")
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    plan = load(path)
    msgs = [str(e) for e in plan.errors]
    assert msgs[0] == "row 14, emotion: “muy mal” is not a number from −3 to 3"
    assert msgs[1] == "row 15, importance: “2.5” is not a whole number from 1 to 5"
    assert msgs[2] == "row 16, emotion: 4 is out of range: it must be from −3 to 3"
    assert msgs[3].startswith("row 17, category: “nonsense” is not one of: Customer service")
    before = doc.project.snapshot()
    with pytest.raises(touchpoints.InvalidRowsError, match="row 14"):
        touchpoints.plan_import(doc.project, plan, journey_name="X")
    assert doc.project.snapshot() == before
    outcome = touchpoints.plan_import(doc.project, plan, journey_name="X", skip_invalid=True)
    doc.execute(outcome.command)
    assert len(outcome.touchpoint_ids) == 12 and outcome.skipped_rows == [14, 15, 16, 17]


def test_missing_stages_lanes_channels_created_in_one_undo_step(doc, tmp_path):
    path = tmp_path / "new.csv"
    path.write_text("title,stage,lane,channel\nA,Dream,Feelings,Carrier pigeon\nB,Wake up,Feelings,Phone\n", "utf-8")
    j = doc.project.journeys()[0]
    before = doc.project.snapshot()
    outcome = touchpoints.plan_import(doc.project, load(path), j.id)
    doc.execute(outcome.command)
    assert outcome.created == {"stages": ["Dream", "Wake up"], "lanes": ["Feelings"], "channels": ["Carrier pigeon"]}
    doc.undo()
    assert doc.project.snapshot() == before


@pytest.mark.slow
def test_ten_thousand_rows_import_with_progress(doc, tmp_path):
    """How fast is bench/'s business (tests never time): here, all rows arrive and progress is reported."""
    lines = ["Título;Etapa;Carril;Emoción;Importancia;Satisfacción;Oportunidades"]
    stages = ["Reconocimiento", "Consideración", "Compra", "Uso", "Soporte / postventa"]
    lanes = ["Acciones del cliente", "Puntos de contacto", "Trastienda"]
    for i in range(10_000):
        lines.append(f"Tarjeta {i};{stages[i % 5]};{lanes[i % 3]};{i % 7 - 3};{i % 5 + 1};{(i * 3) % 5 + 1};idea {i}")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    seen = []
    plan = touchpoints.check_table(tables.read_csv(path, progress=lambda d, t: seen.append((d, t))), progress=None)
    outcome = touchpoints.plan_import(doc.project, plan, journey_name="Big")
    doc.execute(outcome.command)
    cards = doc.project.touchpoints(outcome.journey_id)
    assert len(cards) == 10_000 and cards[0].title == "Tarjeta 0" and cards[0].opportunities == ("idea 0",)
    assert seen[-1] == (10_000, 10_000) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_cancel_from_progress_changes_nothing(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("title\n" + "\n".join(f"t{i}" for i in range(3000)), "utf-8")
    with pytest.raises(ValidationError, match="cancelled"):
        touchpoints.check_table(tables.read_csv(path), progress=lambda d, t: False)


def test_xlsx_import(doc, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Title", "Stage", "Emotion", "Importance", "Moment of truth"])
    ws.append(["From Excel", "Purchase", -1, 4.0, "yes"])
    ws.append([None, None, None, None, None])
    ws.append(["Second", "Use", 2, 3, None])
    path = tmp_path / "w.xlsx"
    wb.save(path)
    plan = load(path)
    assert not plan.errors
    assert plan.rows[0].fields == {"title": "From Excel", "emotion": -1, "importance": 4, "moment_of_truth": True}
    assert plan.rows[1].row == 4


def test_survey_import_matches_titles_and_reports_bad_rows(doc, tmp_path):
    j = doc.project.journeys()[0]
    path = tmp_path / "s.csv"
    path.write_text(
        "Punto de contacto;Medida;Puntuación;Fecha;Comentario\n"
        "check-in at reception;NPS;3;2024-05-01;Slow\n"
        "Check-in at reception;csat;5;2024-05-02;\n"
        "Nowhere;nps;3;;\n"
        "Check-in at reception;nps;11;;\n"
        "Check-in at reception;mood;1;;\n",
        encoding="utf-8",
    )
    result = survey.check_survey(doc.project, j.id, tables.read_csv(path))
    assert len(result.responses) == 2 and result.responses[0].measure == "nps"
    assert [str(e) for e in result.errors] == [
        "row 4, touchpoint: no touchpoint titled “Nowhere” in journey “Weekend at a city hotel”",
        "row 5, score: 11 is out of range: it must be from 0 to 10 for nps",
        "row 6, measure: “mood” is not one of: nps, csat, ces, emotion",
    ]
    with pytest.raises(touchpoints.InvalidRowsError):
        result.command()
    doc.execute(result.command(skip_invalid=True))
    tp = doc.project.get("touchpoint", result.responses[0].touchpoint_id)
    assert len(doc.project.responses(tp.id)) == 2


def test_title_lines_above_the_header_are_skipped_and_said(tmp_path):
    # Exports and hand-made sheets often put a title (and a blank line) above the real header.
    path = tmp_path / "export.csv"
    path.write_text("Workshop results March\n\nTitle,Stage,Emotion\nSees ad,Awareness,1\n", encoding="utf-8")
    table = tables.read_table(path)
    assert table.headers == ["Title", "Stage", "Emotion"]
    assert table.rows == [(4, ["Sees ad", "Awareness", "1"])]
    assert table.notes == ["Row 1 above the header was skipped: “Workshop results March”"]

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Resultados del taller"])
    ws.append(["Marzo"])
    ws.append(["Título", "Etapa", "Emoción"])
    ws.append(["Ve anuncio", "Reconocimiento", 1])
    wb.save(tmp_path / "taller.xlsx")
    table = tables.read_table(tmp_path / "taller.xlsx")
    assert table.headers == ["Título", "Etapa", "Emoción"]
    assert [n for n, _ in table.rows] == [4]
    assert table.notes == ["Rows 1–2 above the header were skipped: “Resultados del taller”, “Marzo”"]


def test_a_one_column_sheet_or_a_header_with_numbers_below_keeps_its_first_row(tmp_path):
    one = tmp_path / "one.csv"
    one.write_text("Title\nSees ad\nCalls\n", encoding="utf-8")
    assert tables.read_table(one).headers == ["Title"]
    # A header naming only its first column, over rows of numbers: the first row is still the header.
    numbers = tmp_path / "numbers.csv"
    numbers.write_text("Title,\nSees ad,3\nCalls,4\n", encoding="utf-8")
    table = tables.read_table(numbers)
    assert table.headers == ["Title", ""] and len(table.rows) == 2 and not table.notes


def test_a_file_read_with_the_wrong_delimiter_keeps_its_first_row_as_the_header(tmp_path):
    path = tmp_path / "semicolons.csv"
    path.write_text("title;emotion\nA, b;1\nC;2\n", encoding="utf-8")
    table = tables.read_table(path, ",")
    assert table.headers == ["title;emotion"] and not table.notes


def test_either_half_of_a_built_in_stage_named_with_a_slash_finds_that_stage(tmp_path):
    # Spanish calls the support stage "Soporte / postventa": a sheet saying "Soporte" made a second stage.
    d = api.new_project()
    try:
        path = tmp_path / "taller.csv"
        path.write_text("Título;Etapa\nLlama;Soporte\nEscribe;Postventa\nOpina;Recomendación\n", "utf-8")
        j = d.project.journeys()[0]
        stages = [s.id for s in d.project.stages(j.id)]
        outcome = touchpoints.plan_import(d.project, load(path), j.id)
        d.execute(outcome.command)
        assert outcome.created["stages"] == []
        assert [s.id for s in d.project.stages(j.id)] == stages
        support = next(s for s in d.project.stages(j.id) if s.key == "support")
        assert [tp.stage_id for tp in d.project.touchpoints(j.id)][:2] == [support.id, support.id]
    finally:
        d.close()


def test_a_percentage_is_read_in_the_columns_that_count_from_0_to_100():
    assert touchpoints.parse_cell("csat", "80%") == 80
    assert touchpoints.parse_cell("csat", "75,5 %") == 75.5
    assert touchpoints.parse_cell("emotional_weight", "70 %") == 70
    # Elsewhere a percent sign is not a score: still refused, in the same words as before.
    with pytest.raises(touchpoints.BadValueError, match=r"not a whole number|not a number"):
        touchpoints.parse_cell("importance", "4%")
    with pytest.raises(touchpoints.BadValueError, match="out of range"):
        touchpoints.parse_cell("csat", "120%")


def test_a_whole_number_with_a_thousands_separator_is_never_read_as_a_thousandth_of_itself():
    # "1.000" votes in a Spanish sheet is a thousand; it was read as 1.0, i.e. one vote, silently.
    with pytest.raises(touchpoints.BadValueError, match="could be 1 or 1000"):
        touchpoints.parse_cell("votes", "1.000")
    # In Spanish too the two readings are written without grouping ("1.000" again would say nothing).
    from cxdesigner import i18n

    previous = i18n.language()
    i18n.set_language("es")
    try:
        with pytest.raises(touchpoints.BadValueError, match="puede ser 1 o 1000"):
            touchpoints.parse_cell("votes", "1.000")
    finally:
        i18n.set_language(previous)
    with pytest.raises(touchpoints.BadValueError, match="could be 12 or 12000"):
        touchpoints.parse_cell("votes", "12,000")
    with pytest.raises(touchpoints.BadValueError, match="could be 25 or 25000"):
        touchpoints.parse_cell("votes", "25.000")
    with pytest.raises(touchpoints.BadValueError, match="out of range"):
        touchpoints.parse_cell("votes", "1.250.000")
    # Where only one reading fits the column's range, that one is meant.
    assert touchpoints.parse_cell("importance", "2,000") == 2
    assert touchpoints.parse_cell("votes", "2.0") == 2 and touchpoints.parse_cell("votes", "1.500") == 1500
    assert touchpoints.parse_cell("votes", "1.250") == 1_250 and touchpoints.parse_cell("nps", "-1,000") == -1


def test_excels_sep_line_sets_the_delimiter_and_is_not_a_row(tmp_path):
    # "sep=;" first tells Excel the delimiter; Excel hides the line, so the rows keep Excel's numbers.
    path = tmp_path / "excel.csv"
    path.write_text("sep=;\r\nTítulo;Notas\r\nLlama;Caro, lento\r\n", encoding="utf-8")
    table = tables.read_table(path)
    assert (table.delimiter, table.headers, table.notes) == (";", ["Título", "Notas"], [])
    assert table.rows == [(2, ["Llama", "Caro, lento"])]
    # A delimiter the person chooses still wins.
    assert tables.read_table(path, "|").headers == ["Título;Notas"]


def test_formulas_a_program_wrote_but_never_calculated_are_named_in_a_note(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["title", "importance", "satisfaction"])
    ws.append(["Waits in the queue", "=2+3", "=B2-1"])  # openpyxl writes formulas without results
    ws.append(["Pays at the desk", 4, 2])
    wb.save(tmp_path / "scripted.xlsx")
    table = tables.read_xlsx(tmp_path / "scripted.xlsx")
    _row, cells = table.rows[0]
    assert cells[0] == "Waits in the queue" and cells[1:] == [None, None]
    assert any("2 cells hold formulas never calculated" in note for note in table.notes)

    # Saved by a spreadsheet, a formula carries its result: no note, and the value is read.
    calculated = tmp_path / "calculated.xlsx"
    import zipfile

    with zipfile.ZipFile(tmp_path / "scripted.xlsx") as src, zipfile.ZipFile(calculated, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.endswith("sheet1.xml"):
                data = data.replace(b"<f>2+3</f><v />", b"<f>2+3</f><v>5</v>")
                data = data.replace(b"<f>B2-1</f><v />", b"<f>B2-1</f><v>4</v>")
            dst.writestr(item, data)
    table = tables.read_xlsx(calculated)
    assert not any("never calculated" in note for note in table.notes)
    _row, cells = table.rows[0]
    assert [str(c) for c in cells[1:]] == ["5", "4"]


def test_formulas_are_counted_in_blocks_as_in_one_piece(tmp_path, monkeypatch):
    # The sheet is read in blocks (a part may unpack to 200 MB): cells cut by a block's end still count.
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["title", "importance"])
    for i in range(40):
        ws.append([f"Card {i}", f"={i}+1" if i % 3 else i])
    wb.save(tmp_path / "many.xlsx")
    whole = [n for n in tables.read_xlsx(tmp_path / "many.xlsx").notes if "never calculated" in n]
    assert whole and whole[0].startswith("26 cells")
    for block in (16, 64, 301):
        monkeypatch.setattr(tables, "_FORMULA_BLOCK", block)
        assert [n for n in tables.read_xlsx(tmp_path / "many.xlsx").notes if "never calculated" in n] == whole
