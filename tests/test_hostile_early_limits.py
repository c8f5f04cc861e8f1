"""A file over a limit is refused by its reader from what it can count first, before the rows are read.

hostile43: a dense 24 MB workbook of 100,000 rows × 60 columns was read for 42 s of CPU before the card
limit refused it; the reader now knows the project's room for cards and the sheet's last row with content.
"""

from __future__ import annotations

import pytest
from hostile import _HEADER, _row, _sheet, xlsx

from cxdesigner.exchange import tables
from cxdesigner.model import ValidationError


def _rows(first: int, last: int) -> str:
    return "".join(_row(n, [(f"A{n}", f"Card {n}"), (f"B{n}", "#num:1")]) for n in range(first, last + 1))


@pytest.fixture
def unread(monkeypatch):
    """Fail the test if the reader gets to the sheet's rows."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    def read(*args, **kwargs):
        raise AssertionError("the rows were read")

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", read)


def test_a_sheet_with_more_rows_than_the_project_can_take_is_refused_before_it_is_read(tmp_path, unread):
    source = xlsx(tmp_path / "dense.xlsx", _sheet(_HEADER + _rows(2, 41), "A1:B41"))
    with pytest.raises(ValidationError) as info:
        tables.read_xlsx(source, room=25)
    assert str(info.value) == (
        "dense.xlsx has 40 rows of cards, but the project can take only 25 more cards (a project "
        "holds at most 100,000); split the sheet, or import it into a new project, then try again"
    )
    with pytest.raises(ValidationError, match="40 rows of cards"):
        tables.read_table(source, room=25)


def test_rows_of_formatting_below_the_data_do_not_count_against_the_room(tmp_path):
    # The dimension claims 5,000 rows; below row 4 there are only styled cells with nothing in them.
    styled = "".join(f'<row r="{n}"><c r="A{n}" s="1"/><c r="B{n}" s="1"/></row>' for n in range(5, 5001))
    source = xlsx(tmp_path / "styled.xlsx", _sheet(_HEADER + _rows(2, 4) + styled, "A1:B5000"))
    assert len(tables.read_xlsx(source, room=3).rows) == 3
    with pytest.raises(ValidationError, match="3 rows of cards, but the project can take only 2 more cards"):
        tables.read_xlsx(source, room=2)


def test_a_csv_with_more_rows_than_the_project_can_take_is_refused_before_they_are_checked(tmp_path):
    source = tmp_path / "many.csv"
    source.write_text("title\n" + "".join(f"Card {n}\n" for n in range(30)), encoding="utf-8")
    assert len(tables.read_csv(source, room=30).rows) == 30
    with pytest.raises(ValidationError, match="only 1 more card \\(a project"):
        tables.read_csv(source, room=1)


@pytest.mark.parametrize(
    ("free", "reason"),
    [
        (0, "the disk is full, so the import could not be saved; free some space on it, then run the command again"),
        (1 << 30, "the folder is read-only, so the import could not be saved there; copy the file to a folder you "
         "can write to, then run the command again"),
    ],
)
def test_the_command_line_says_what_to_do_when_it_cannot_save_not_use_save_as(tmp_path, monkeypatch, capsys,
                                                                                free, reason):
    """The app's Save As is not the command line's: an import into a file it cannot save says what to do,
    before any work, and leaves the file as it was."""
    import shutil
    from collections import namedtuple

    import cxdesigner
    from cxdesigner import filelock
    from cxdesigner.cli import main

    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path).close()
    before = path.read_bytes()
    source = tmp_path / "cards.csv"
    source.write_text("title\nCalls the shop\n", encoding="utf-8")
    monkeypatch.setattr(filelock.ProjectLock, "try_acquire", lambda self: filelock.LockState.NO_PERMISSION)
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _folder: usage(1 << 31, 1 << 30, free))
    assert main(["import", str(path), str(source)]) != 0
    err = capsys.readouterr().err.strip()
    assert err == f"cxdesigner: {path}: {reason}"
    assert path.read_bytes() == before


def test_a_survey_with_more_answers_than_the_project_can_take_is_refused_before_it_is_read(tmp_path, unread):
    rows = "".join(_row(n, [(f"A{n}", "Check-in"), (f"B{n}", "#num:4")]) for n in range(2, 12))
    source = xlsx(tmp_path / "survey.xlsx", _sheet(_HEADER + rows, "A1:B11"))
    with pytest.raises(ValidationError, match=r"^survey\.xlsx has 10 rows of survey answers, but the project can "
                       r"take only 1 more answer \(a project holds at most 1,000,000\); split the file"):
        tables.read_table(source, room=1, room_kind="response")


def _unsized(rows: str, dimension: str = "") -> str:
    sheet = _sheet(rows)
    return sheet.replace('<dimension ref="A1:B2"/>', f'<dimension ref="{dimension}"/>' if dimension else "")


@pytest.mark.parametrize("dimension", ["", "A1:B2"])
def test_a_sheet_that_does_not_say_how_many_rows_it_has_is_refused_from_its_count(tmp_path, monkeypatch, dimension):
    """hostile44: without a dimension (or under one claiming two rows) 120,000 rows of 20 cells were parsed for
    54 s of CPU before the 100,001st refused them; their tags are counted first (0.3 s), and openpyxl, which
    reads a sheet without a dimension whole just to open the workbook, never sees them."""
    import openpyxl
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    def unread(*args, **kwargs):
        raise AssertionError("the rows were parsed")

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", unread)
    if not dimension:
        monkeypatch.setattr(openpyxl, "load_workbook", unread)
    monkeypatch.setattr(tables, "MAX_ROWS", 3)
    source = xlsx(tmp_path / "streamed.xlsx", _unsized(_HEADER + _rows(2, 5), dimension))
    with pytest.raises(ValidationError) as info:
        tables.read_xlsx(source)
    assert str(info.value) == (
        "streamed.xlsx: the sheet has more than 3 rows; CX Designer imports at most 3. "
        "Delete the rows below the data (or split the sheet), then try again"
    )


def test_a_sheet_without_a_dimension_is_refused_against_the_room_before_it_is_read(tmp_path, unread):
    source = xlsx(tmp_path / "streamed.xlsx", _unsized(_HEADER + _rows(2, 41)))
    with pytest.raises(ValidationError, match="has 40 rows of cards, but the project can take only 25 more"):
        tables.read_xlsx(source, room=25)


def test_a_sheet_whose_dimension_says_a1_keeps_every_column(tmp_path):
    """Apache POI's streaming writer (and others) write the dimension "A1" over any sheet: read within it,
    every column but the first was dropped without a word."""
    header = _row(1, [("A1", "title"), ("B1", "emotion"), ("C1", "stage")])
    body = _row(2, [("A2", "Calls the shop"), ("B2", "#num:-2"), ("C2", "Awareness")])
    table = tables.read_xlsx(xlsx(tmp_path / "poi.xlsx", _unsized(header + body, "A1")))
    assert table.headers == ["title", "emotion", "stage"]
    assert table.rows == [(2, ["Calls the shop", -2, "Awareness"])]
    unsized = tables.read_xlsx(xlsx(tmp_path / "unsized.xlsx", _unsized(header + body)))
    assert unsized.headers == ["title", "emotion", "stage"] and unsized.rows == table.rows


def _with_shared_strings(path, count: int):
    """A two-row workbook whose table of shared texts holds ``count`` of them."""
    from hostile import _CONTENT_TYPES, _RELS, _WORKBOOK, _WORKBOOK_RELS

    sst = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           + "".join(f"<si><t>Text {n}</t></si>" for n in range(count)) + "</sst>")
    cell = '<c r="A2" t="s"><v>0</v></c>'
    types = _CONTENT_TYPES.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                   'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in [("[Content_Types].xml", types), ("_rels/.rels", _RELS), ("xl/workbook.xml", _WORKBOOK),
                           ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS), ("xl/sharedStrings.xml", sst),
                           ("xl/worksheets/sheet1.xml", _sheet(_HEADER + f'<row r="2">{cell}</row>'))]:
            z.writestr(name, text)
    return path


def test_a_table_of_texts_the_sheets_could_not_use_is_refused_before_the_workbook_opens(tmp_path, monkeypatch):
    """hostile44: a 2.6 MB workbook of two rows carried a million shared texts, which openpyxl reads whole
    to open it (13 s of CPU, 230 MB, no progress); a sheet can use no more texts than it has cells."""
    import openpyxl

    assert tables.read_xlsx(_with_shared_strings(tmp_path / "used.xlsx", 3)).rows == [(2, ["Text 0", None])]

    def unread(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(openpyxl, "load_workbook", unread)
    with pytest.raises(ValidationError, match=r"^texts\.xlsx: the workbook holds more than 1,\d\d\d distinct texts, "
                       r"more than its sheets could use .*save the sheet to import as CSV, then import that$"):
        tables.read_xlsx(_with_shared_strings(tmp_path / "texts.xlsx", 5000))


def test_formatting_beyond_what_a_spreadsheet_writes_is_refused_before_the_workbook_opens(tmp_path, monkeypatch):
    """hostile44: a 5 MB workbook of a million number formats took 10 s of CPU and 890 MB to open (openpyxl
    makes an object of each); Excel keeps at most about 64,000 formats."""
    import zipfile

    import openpyxl
    from hostile import _CONTENT_TYPES

    source = xlsx(tmp_path / "styled.xlsx", _sheet(_HEADER))
    with zipfile.ZipFile(source) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    # No type names the part: openpyxl reads xl/styles.xml whatever the types say.
    parts["[Content_Types].xml"] = _CONTENT_TYPES
    parts["xl/styles.xml"] = ('<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts>'
                              + "".join(f'<numFmt numFmtId="{164 + n}" formatCode="0.{n}"/>' for n in range(100))
                              + "</numFmts></styleSheet>")
    with zipfile.ZipFile(source, "w") as z:
        for name, text in parts.items():
            z.writestr(name, text)

    def unread(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(tables, "MAX_STYLE_ELEMENTS", 50)
    monkeypatch.setattr(openpyxl, "load_workbook", unread)
    with pytest.raises(ValidationError, match=r"^styled\.xlsx: the workbook's formatting holds more than 50 parts, "
                       r"more than Excel or LibreOffice write; save the sheet to import as CSV, then import that$"):
        tables.read_xlsx(source)


def test_a_workbook_of_more_names_than_a_spreadsheet_needs_is_refused_before_it_opens(tmp_path, monkeypatch):
    """hostile44: 500,000 defined names in a 2.5 MB workbook took 10 s of CPU and 445 MB to open."""
    import openpyxl
    from hostile import _WORKBOOK

    names = "".join(f'<definedName name="N{n}">Sheet1!$A${n + 1}</definedName>' for n in range(100))
    source = xlsx(tmp_path / "names.xlsx", _sheet(_HEADER))
    import zipfile

    with zipfile.ZipFile(source) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["xl/workbook.xml"] = _WORKBOOK.replace("</sheets>", f"</sheets><definedNames>{names}</definedNames>")
    with zipfile.ZipFile(source, "w") as z:
        for name, text in parts.items():
            z.writestr(name, text)
    assert tables.read_xlsx(source).headers == ["title", "emotion"]

    def unread(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(tables, "MAX_WORKBOOK_ELEMENTS", 50)
    monkeypatch.setattr(openpyxl, "load_workbook", unread)
    with pytest.raises(ValidationError, match=r"^names\.xlsx: the workbook defines more than 50 names, far more than "
                       r"a spreadsheet needs \(Excel's Name Manager deletes them\); save the sheet to import as CSV"):
        tables.read_xlsx(source)
