"""A generated corpus of hostile inputs (tests/test_hostile_inputs.py and bench/soak.py use it).

Each maker writes one small file that costs an importer dearly if it trusts what the file claims:
a 1 KB spreadsheet that says it has 10^20 rows, a zip bomb, entity expansion, NaN numbers, JSON
nested a hundred thousand deep, numbers with thousands of digits, an unterminated quote.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

# The parts every workbook needs (long lines: these are the files' own XML).
_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
</Relationships>"""


def _sheet(rows: str, dimension: str = "A1:B2", prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    )


def _row(n: int | str, cells: list[tuple[str, str]]) -> str:
    body = "".join(
        f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>' if not value.startswith("#num:")
        else f'<c r="{ref}"><v>{value[5:]}</v></c>'
        for ref, value in cells
    )
    return f'<row r="{n}">{body}</row>'


_HEADER = _row(1, [("A1", "title"), ("B1", "emotion")])


def xlsx(path: Path, sheet_xml: str, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """A workbook whose only sheet is ``sheet_xml``."""
    with zipfile.ZipFile(path, "w", compression) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path


def xlsx_valid(path: Path) -> Path:
    return xlsx(path, _sheet(_HEADER + _row(2, [("A2", "Calls the shop"), ("B2", "#num:-2")])))


def xlsx_huge_row_number(path: Path) -> Path:
    """A sheet whose one data row claims the number 10^20."""
    return xlsx(path, _sheet(_HEADER + _row("100000000000000000000", [("A100000000000000000000", "far")]),
                             "A1:B100000000000000000000"))


def xlsx_far_corner(path: Path) -> Path:
    """A1:XFD1048576 with one cell in the far corner: a reader that trusts the dimension fills 17 billion cells."""
    return xlsx(path, _sheet(_HEADER + _row(1048576, [("XFD1048576", "corner")]), "A1:XFD1048576"))


def xlsx_billion_laughs(path: Path) -> Path:
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    prolog = f"<!DOCTYPE worksheet [{entities}]>"
    return xlsx(path, _sheet(_HEADER + _row(2, [("A2", "&a9;")]), prolog=prolog))


def xlsx_nan(path: Path) -> Path:
    return xlsx(path, _sheet(_HEADER + _row(2, [("A2", "Card"), ("B2", "#num:NaN")])))


def xlsx_zip_bomb(path: Path) -> Path:
    """A 40 MB sheet of blank rows that compresses to a few dozen KB."""
    blank = '<row r="{}"/>'
    rows = _HEADER + "".join(blank.format(i) for i in range(2, 600_000))
    return xlsx(path, _sheet(rows, "A1:B600000"))


def xlsx_encrypted(path: Path) -> Path:
    """What Excel writes for a password-protected workbook: an OLE compound file, not a ZIP."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4088)
    return path


def xlsx_not_a_workbook(path: Path) -> Path:
    """A ZIP archive with no workbook in it."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    return path


def xlsx_newer_zip(path: Path) -> Path:
    """A workbook whose directory says it needs ZIP version 6.5 to extract (zipfile refuses it its own way)."""
    data = bytearray(xlsx_valid(path).read_bytes())
    at = data.find(b"PK\x01\x02")
    while at != -1:
        data[at + 6 : at + 8] = (65).to_bytes(2, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


def xlsx_malformed_xml(path: Path) -> Path:
    return xlsx(path, '<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1"')


def xlsx_huge_cell(path: Path) -> Path:
    return xlsx(path, _sheet(_HEADER + _row(2, [("A2", "x" * 2_000_000)])))


def csv_huge_number(path: Path) -> Path:
    path.write_text("title,emotion,importance\nA,1," + "9" * 5000 + "\n", encoding="utf-8")
    return path


def csv_unterminated_quote(path: Path) -> Path:
    path.write_text('title,stage\n"Calls the shop,Awareness\nReads reviews,Consideration\n', encoding="utf-8")
    return path


def csv_huge_row(path: Path) -> Path:
    path.write_text("title,emotion\n" + "x" * 11_000_000 + ",bad\n", encoding="utf-8")
    return path


def csv_empty_lines(path: Path, n: int = 1_300_000) -> Path:
    """A header and then only line breaks: 1 byte a line to the file, a Python object a line to a reader."""
    path.write_bytes(b"title\n" + b"\n" * n)
    return path


def csv_commas(path: Path, n: int = 6_100_000) -> Path:
    """A header and one line of empty cells: 1 byte a cell to the file, 8 to a reader (150 MB of them took 2 GB)."""
    path.write_bytes(b"title\n" + b"," * n + b"\n")
    return path


def json_deep(path: Path) -> Path:
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return path


def json_surrogate(path: Path, project_json: str) -> Path:
    """A valid project whose first card title holds a lone surrogate (JSON can say \\ud800)."""
    path.write_text(project_json.replace('"title": "', '"title": "\\ud800', 1), encoding="utf-8")
    return path


def mermaid_many_actors(path: Path, n: int) -> Path:
    lines = ["journey", "title Big", "section One"]
    lines += [f"  task {i}: 3: actor{i}" for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# name → (maker, what import must answer: "refused" (exit 2, one line) or "warned" (imported, with a note))
SPREADSHEETS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "huge row number": (xlsx_huge_row_number, "refused"),
    "far corner": (xlsx_far_corner, "refused"),
    "billion laughs": (xlsx_billion_laughs, "refused"),
    "nan": (xlsx_nan, "refused"),
    "zip bomb": (xlsx_zip_bomb, "refused"),
    "encrypted": (xlsx_encrypted, "refused"),
    "not a workbook": (xlsx_not_a_workbook, "refused"),
    "newer zip version": (xlsx_newer_zip, "refused"),
    "malformed xml": (xlsx_malformed_xml, "refused"),
    "huge cell": (xlsx_huge_cell, "refused"),
}


def zipped_size(path: Path) -> tuple[int, int]:
    """Compressed and uncompressed size of an archive (for the reports)."""
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
        return sum(i.compress_size for i in z.infolist()), sum(i.file_size for i in z.infolist())


# Clipboard payloads under CX Designer's own MIME type: name → how to spoil a valid one (a dict from
# clipboard.encode_cards). Each was pasted into a window; each must be refused with the damaged-cards line.
def _first_card(data: dict, **changes: object) -> dict:
    data["touchpoints"][0].update(changes)
    return data


CLIPBOARD: dict[str, Callable[[dict], dict]] = {
    "a card's stage id a list": lambda d: _first_card(d, stage_id=[1]),
    "a card's lane id an object": lambda d: _first_card(d, stage_id=None, lane_id={"a": 1}),
    "a channel's id a list": lambda d: {**d, "channels": [{"id": [1], "name": "x"}]},
    "a connection's source a list": lambda d: {**d, "connections": [{"source": [1], "target": "x"}]},
    "a connection's target an object": lambda d: {**d, "connections": [{"source": "x", "target": {}}]},
}


def settings_file(path: Path) -> Path:
    """A settings file edited by hand or copied from elsewhere: every value out of range or of the wrong type."""
    path.write_text(
        "[backups]\ninterval_minutes=99999999999999999999\n"
        "[export]\ndpi=-99999999999999999999\nformat=@ByteArray(\\0\\xff)\nfolder=1, 2, 3\n"
        "[ui]\nlanguage=@ByteArray(es)\nemotion_labels=7\n"
        "[files]\nrecent=42\nlast_folder=@Invalid()\n"
        "[analysis]\ncrosshair=\n"
        "[window]\ngeometry=not bytes\nstate=@ByteArray(\\xff\\xff\\xff\\xff)\n",
        encoding="utf-8",
    )
    return path
