"""Bad input is exit 2 with one clear line, never "unexpected error", never a hang; small input, bounded cost.

The corpus comes from tests/hostile.py (bench/soak.py runs the same makers many more times).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hostile import (
    SPREADSHEETS,
    csv_commas,
    csv_empty_lines,
    csv_huge_number,
    csv_huge_row,
    csv_unterminated_quote,
    json_deep,
    json_surrogate,
    xlsx_far_corner,
    xlsx_huge_row_number,
    xlsx_valid,
    xlsx_zip_bomb,
)

import cxdesigner
from cxdesigner.exchange import merge, tables
from cxdesigner.model import ValidationError, jsonformat, limits

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "cxdesigner", *args], cwd=cwd, env=environ, capture_output=True,
                          text=True, errors="replace", timeout=timeout)


def one_line(proc: subprocess.CompletedProcess) -> str:
    err = proc.stderr.strip()
    assert "\n" not in err and "Traceback" not in err and "unexpected error" not in err, err[:2000]
    assert len(err) <= 520, f"an error line of {len(err)} characters"
    return err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def project(tmp_path) -> Path:
    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path, template="support-call").close()
    return path


@pytest.mark.parametrize("name", sorted(SPREADSHEETS))
def test_hostile_spreadsheets_are_refused_at_once_and_the_project_is_untouched(tmp_path, project, name):
    maker, _ = SPREADSHEETS[name]
    source = maker(tmp_path / "sheet.xlsx")
    before = digest(project)
    proc = run("import", str(project), str(source), cwd=tmp_path, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "sheet.xlsx" in one_line(proc)
    assert digest(project) == before


def test_a_valid_workbook_still_imports(tmp_path, project):
    table = tables.read_xlsx(xlsx_valid(tmp_path / "ok.xlsx"))
    assert table.headers == ["title", "emotion"] and table.rows[0][1] == ["Calls the shop", -2]


def test_a_sheet_is_read_within_its_bounds(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "MAX_ROWS", 1)
    with pytest.raises(ValidationError, match="more than 1 rows"):
        tables.read_xlsx(xlsx_valid(tmp_path / "ok.xlsx"))


def test_a_number_with_thousands_of_digits_is_an_invalid_row(tmp_path, project):
    proc = run("import", str(project), str(csv_huge_number(tmp_path / "n.csv")), cwd=tmp_path)
    assert proc.returncode == 2 and "row 2, importance" in one_line(proc) and "out of range" in proc.stderr


def test_a_huge_row_is_refused_with_a_short_line(tmp_path, project):
    proc = run("import", str(project), str(csv_huge_row(tmp_path / "r.csv")), cwd=tmp_path)
    assert proc.returncode == 2 and one_line(proc)


@pytest.mark.parametrize(
    ("maker", "reason"),
    [
        (csv_empty_lines, "more than 1,200,000 lines, counting empty ones; delete the empty lines"),
        (csv_commas, "more than 6,000,000 cells, counting empty ones; delete the empty rows and columns"),
    ],
)
def test_a_csv_of_empty_lines_or_cells_is_refused_before_it_is_parsed(tmp_path, project, maker, reason):
    # A file of line breaks or commas, far under the 200 MB bound, became a Python object per byte:
    # 190 MB of line breaks or 150 MB of commas ran out of memory ("unexpected error: MemoryError").
    before = digest(project)
    proc = run("import", str(project), str(maker(tmp_path / "empty.csv")), cwd=tmp_path)
    assert proc.returncode == 2 and one_line(proc).endswith(f"empty.csv: the file has {reason}, or split the file, "
                                                            "then try again")
    assert digest(project) == before


def test_a_csv_is_parsed_without_copying_its_text(tmp_path):
    # io.StringIO held the text at four bytes a character: a 100 MB CSV cost 400 MB more than its text.
    import tracemalloc

    text = "title,description\n" + "".join(f'card {i},"{"x" * 100_000}\r\nmore"\n' for i in range(40))
    tracemalloc.start()
    try:
        table = tables.parse_csv_text(text, source="big.csv")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(table.rows) == 40 and table.rows[0][1][1] == "x" * 100_000 + "\r\nmore"
    # Its lines, then its cells: about twice the text (it was five times: four for the copy, one for the cells).
    assert peak < 3 * len(text), f"{peak:,} bytes traced to parse {len(text):,} characters"


def test_csv_lines_are_split_as_a_file_opened_with_newline_empty_splits_them():
    import csv
    import io
    import itertools

    # Every text of up to four of these pieces, strict and lenient: the same records or the same error.
    pieces = ["a", ",", '"', "\r", "\n", "\r\n", "\u2028", "\x0c", "\x85"]
    for length in range(5):
        for parts in itertools.product(pieces, repeat=length):
            text = "".join(parts)
            for strict in (False, True):
                def records(lines, strict=strict):
                    try:
                        return list(csv.reader(lines, strict=strict))
                    except csv.Error as exc:
                        return str(exc)

                assert records(tables._lines(text)) == records(io.StringIO(text, newline="")), repr(text)


def test_an_unterminated_quote_is_imported_with_a_warning(tmp_path):
    table = tables.read_csv(csv_unterminated_quote(tmp_path / "q.csv"))
    assert any("never closed" in note and note.startswith("Row 2") for note in table.notes)
    assert len(table.rows) == 1, "what the file says: one cell runs to its end"
    well = tmp_path / "fine.csv"
    well.write_text('title,stage\n"Calls, the shop",Awareness\n', encoding="utf-8")
    assert tables.read_csv(well).notes == []


def test_json_nested_a_hundred_thousand_deep_is_exit_2(tmp_path, project):
    proc = run("import", str(project), str(json_deep(tmp_path / "d.json")), cwd=tmp_path)
    assert proc.returncode == 2 and "d.json" in one_line(proc) and "deeply" in proc.stderr


def test_a_lone_surrogate_in_json_is_refused_where_it_enters(tmp_path, project):
    text = jsonformat.dumps(cxdesigner.api.template_project("hotel"))
    proc = run("import", str(project), str(json_surrogate(tmp_path / "s.json", text)), cwd=tmp_path)
    assert proc.returncode == 2 and "broken character" in one_line(proc)


def test_an_import_over_a_limit_is_refused_before_any_work(tmp_path, monkeypatch):
    source = cxdesigner.api.template_project("hotel")
    target = cxdesigner.new_project(None)
    try:
        before = target.project.snapshot()
        monkeypatch.setitem(limits.TABLE_LIMITS, "journey", 1)
        calls = []
        monkeypatch.setattr(merge, "new_id", lambda prefix: calls.append(prefix) or f"{prefix}-x")
        with pytest.raises(ValidationError, match=r"2 journeys is more than a project may hold \(1\)"):
            merge.merge_journeys(target.project, source)
        assert calls == [], "nothing was built"
        assert target.project.snapshot() == before
    finally:
        target.close()


def test_every_xml_export_stays_well_formed_with_control_characters(tmp_path):
    from cxdesigner.exchange.drawio import drawio_bytes
    from cxdesigner.exchange.graphml import graphml_bytes
    from cxdesigner.exchange.mapexport import svg_bytes

    doc = cxdesigner.new_project(None, template="hotel")
    try:
        j = doc.journeys()[0]
        odd = "nul\x00 esc\x1b bel\x07 vt\x0b <b>&amp;"
        tp = doc.project.touchpoints(j.id)[0]
        doc.update_touchpoint(tp.id, title=odd, description=odd, pain_points=[odd])
        doc.update("journey", j.id, name=odd)
        doc.update("stage", doc.project.stages(j.id)[0].id, name=odd)
        doc.update("lane", doc.project.lanes(j.id)[0].id, name=odd)
        doc.update_connection(doc.project.connections(j.id)[0].id, label=odd)
        for name, data in (
            ("svg", svg_bytes(doc.project, j.id)),
            ("graphml", graphml_bytes(doc.project, j.id)),
            ("drawio", drawio_bytes(doc.project, j.id)),
        ):
            root = ET.fromstring(data)
            assert root is not None, name
    finally:
        doc.close()


def test_info_and_analyze_in_an_ascii_locale_print_everything_with_replacements(tmp_path):
    path = tmp_path / "es.cxd"
    cxdesigner.new_project(path, template="hotel", lang="es").close()
    for command in ("info", "analyze"):
        proc = run(command, str(path), cwd=tmp_path, env={"PYTHONIOENCODING": "ascii", "LC_ALL": "C"})
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip() and "Traceback" not in proc.stderr


def test_names_a_terminal_would_obey_are_printed_as_their_codes(tmp_path, capsys):
    """A journey named with escape sequences cleared and retitled the terminal of whoever ran ``info`` or
    ``analyze`` on the file; a right-to-left override turned the rest of the line around."""
    from cxdesigner.api import template_project
    from cxdesigner.cli import main

    hostile = "Evil\x1b]0;pwned\x07\x1b[2J\x9b31m \u202egpj.exe"
    data = jsonformat.to_data(template_project("support-call"))
    data["journeys"][0]["name"] = hostile
    template = tmp_path / "evil.json"
    template.write_text(json.dumps(data), encoding="utf-8")
    path = tmp_path / "evil.cxd"
    cxdesigner.new_project(path, template=str(template)).close()
    codes = "Evil\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m \\u202egpj.exe"
    for command in ("info", "analyze"):
        assert main([command, str(path)]) == 0
        out = capsys.readouterr().out
        assert codes in out and not any(ch in out for ch in "\x1b\x07\x9b\u202e"), command
    # The same codes are JSON's own: the name reads back as it is in the file.
    assert main(["info", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["journeys"][0]["name"] == hostile
    assert main(["analyze", str(path), "--journey", "nothing like it"]) == 2
    assert "\x1b" not in capsys.readouterr().err


def test_check_accepts_what_export_then_handles(tmp_path, project):
    """The promise: a file check passes can be exported (no surprise failure after the check)."""
    assert run("check", str(project), cwd=tmp_path).returncode == 0
    for fmt in ("csv", "json", "graphml", "mermaid", "drawio"):
        proc = run("export", str(project), "--format", fmt, "-o", str(tmp_path / f"out.{fmt}"), cwd=tmp_path)
        assert proc.returncode == 0, (fmt, proc.stderr)
    json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))


def test_a_binary_file_named_csv_is_refused_in_one_line_not_shown_as_text(tmp_path, project):
    # A picture renamed .csv was read as Windows-1252 and shown as rows of mojibake.
    png = tmp_path / "photo.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    with pytest.raises(ValidationError, match=r"^photo\.csv: not a spreadsheet \(it holds binary data"):
        tables.read_table(png)
    xls = tmp_path / "old.csv"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(ValidationError, match=r"old-format \(\.xls\)"):
        tables.read_table(xls)
    utf16 = tmp_path / "unicode.csv"
    utf16.write_bytes("title\temotion\nLlama\t-2\n".encode("utf-16"))  # Excel's "Unicode text": NULs are fine
    assert tables.read_table(utf16).headers == ["title", "emotion"]
    proc = run("import", str(project), str(png), cwd=tmp_path)
    assert proc.returncode == 2 and "binary data" in one_line(proc)


def test_a_sheet_that_claims_every_row_and_column_but_holds_two_rows_is_read(tmp_path):
    # Some programs write A1:XFD1048576 over a small sheet, and formatting leaves cells with no value
    # far below the data: the claim is checked against the rows that hold values, not refused on its word.
    from hostile import _HEADER, _row, _sheet, xlsx

    styled = '<row r="700000"><c r="A700000" s="1"/></row>'
    rows = _HEADER + _row(2, [("A2", "Calls the shop"), ("B2", "#num:-2")]) + styled
    table = tables.read_xlsx(xlsx(tmp_path / "wide.xlsx", _sheet(rows, "A1:XFD1048576")))
    assert table.headers == ["title", "emotion"] and table.rows == [(2, ["Calls the shop", -2])]
    assert not any("columns" in note for note in table.notes)


def test_a_sheet_whose_values_really_go_beyond_the_bound_is_still_refused(tmp_path, monkeypatch):
    from hostile import _HEADER, _row, _sheet, xlsx

    monkeypatch.setattr(tables, "MAX_ROWS", 3)
    few = _HEADER + "".join(_row(n, [(f"A{n}", f"card {n}")]) for n in range(2, 4))
    assert len(tables.read_xlsx(xlsx(tmp_path / "few.xlsx", _sheet(few, "A1:B1048576"))).rows) == 2
    many = _HEADER + "".join(_row(n, [(f"A{n}", f"card {n}")]) for n in range(2, 6))
    with pytest.raises(ValidationError, match="more than 3 rows"):
        tables.read_xlsx(xlsx(tmp_path / "many.xlsx", _sheet(many, "A1:B1048576")))


@pytest.mark.parametrize(
    ("maker", "reason"),
    [
        (xlsx_zip_bomb, "more than 100,000 rows"),  # 600,000 blank rows written out
        (xlsx_far_corner, "values beyond row 100,000"),
        (xlsx_huge_row_number, "values beyond row 100,000"),
    ],
)
def test_a_sheet_refused_after_its_rows_are_counted_says_why(tmp_path, maker, reason):
    with pytest.raises(ValidationError, match=reason):
        tables.read_xlsx(maker(tmp_path / "sheet.xlsx"))


def test_a_drawio_property_nested_thousands_deep_is_a_bad_value_not_an_unexpected_error():
    """hostile44: a card's list property of 100,000 nested brackets raised RecursionError out of the reader:
    "unexpected error inside CX Designer" on the command line, where a bad value is a line that names it."""
    from cxdesigner.exchange import drawio

    doc = cxdesigner.new_project(template="support-call")
    try:
        data = drawio.drawio_bytes(doc.project, doc.project.journeys()[0].id).decode()
    finally:
        doc.close()
    deep = data.replace('cx_pain_points="[]"', 'cx_pain_points="' + "[" * 10_000 + "]" * 10_000 + '"', 1)
    assert deep != data
    with pytest.raises(ValidationError, match=r"pain points must be a JSON list of texts, not “\[\[\[\["):
        drawio.parse_drawio(deep.encode(), "deep.drawio")


def test_a_workbook_packed_with_bzip2_or_lzma_is_refused_before_a_part_is_unpacked(tmp_path):
    """hostile44: zipfile unpacks these a read at a time with no bound on one read: 785 bytes of bzip2 claiming
    2,000 unpacked took 2 GB of memory; spreadsheet programs write deflate only."""
    import zipfile

    from hostile import _HEADER, _sheet, xlsx

    for method in (zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
        source = xlsx(tmp_path / f"packed{method}.xlsx", _sheet(_HEADER), compression=method)
        with pytest.raises(ValidationError, match=r"packed in a way spreadsheet programs never use \(bzip2 or LZMA\)"):
            tables.read_xlsx(source)
