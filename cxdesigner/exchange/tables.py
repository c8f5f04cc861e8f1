"""Reading spreadsheets people make: CSV in any common encoding and delimiter, and Excel .xlsx."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import ValidationError
from .common import Progress, tick

DELIMITERS = (",", ";", "\t", "|")
# A spreadsheet larger than this is not a workshop's: refuse it before reading it all in.
MAX_BYTES = 200_000_000

Cell = Any  # str from CSV; str, int, float, bool or None from .xlsx


@dataclass
class Table:
    """A header and numbered rows (numbers as the spreadsheet shows them, blank rows skipped)."""

    headers: list[str]
    rows: list[tuple[int, list[Cell]]]
    source: str = ""
    encoding: str = ""
    delimiter: str = ""
    notes: list[str] = field(default_factory=list)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Text and the encoding used: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Excel in Western European locales saves "CSV" as Windows-1252.
        return data.decode("cp1252", errors="replace"), "cp1252"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first records into the most columns, consistently."""
    sample = text[:65536]
    best, best_score = ",", (0, 0)
    for delim in DELIMITERS:
        try:
            records = [
                r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delim) if any(c.strip() for c in r)
            ]
        except csv.Error:
            continue
        records = records[:20]
        if len(records) > 1 and len(sample) == 65536:
            records = records[:-1]  # the sample may end inside a record
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        consistent = sum(1 for r in records if len(r) == width)
        score = (consistent, width)
        if score > best_score:
            best, best_score = delim, score
    return best


def _is_blank(cells: list[Cell]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _split_header(records: list[tuple[int, list[Cell]]], source: str) -> tuple[list[str], list[tuple[int, list[Cell]]]]:
    rows = [(n, cells) for n, cells in records if not _is_blank(cells)]
    if not rows:
        raise ValidationError(f"{source}: the spreadsheet is empty")
    _, header = rows[0]
    headers = ["" if h is None else str(h).strip() for h in header]
    return headers, rows[1:]


def parse_csv_text(
    text: str, delimiter: str | None = None, source: str = "", progress: Progress | None = None
) -> Table:
    """Records of CSV text; quoted cells may hold delimiters and line breaks."""
    delim = delimiter or sniff_delimiter(text)
    if len(delim) != 1:
        raise ValidationError(f"The delimiter must be one character, not {delim!r}")
    records: list[tuple[int, list[Cell]]] = []
    total = max(1, text.count("\n"))
    try:
        for i, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delim), start=1):
            records.append((i, row))
            if i % 2000 == 0:
                tick(progress, min(i, total), total)
    except csv.Error as exc:
        raise ValidationError(f"{source}: row {len(records) + 1}: the CSV is malformed ({exc})") from exc
    headers, rows = _split_header(records, source)
    return Table(headers, rows, source, "", delim)


def read_csv(path: Path | str, delimiter: str | None = None, progress: Progress | None = None) -> Table:
    """Read a CSV file, guessing its encoding and (unless given) its delimiter."""
    path = Path(path)
    data = _read_bytes(path)
    text, encoding = decode_bytes(data)
    table = parse_csv_text(text, delimiter, path.name, progress)
    table.encoding = encoding
    if encoding == "cp1252":
        table.notes.append("The file is not UTF-8; it was read as Windows-1252 (Western European)")
    return table


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ValidationError(
                f"{path.name}: the file is {size // 1_000_000} MB; the limit is {MAX_BYTES // 1_000_000} MB"
            )
        return path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc


def _xlsx_value(value: Any) -> Cell:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return value


def read_xlsx(path: Path | str, sheet: str | None = None, progress: Progress | None = None) -> Table:
    """Read the first (or the named) sheet of an Excel workbook; formulas give their cached values."""
    import zipfile

    import openpyxl

    path = Path(path)
    _read_bytes(path)  # size limit and a readable error before openpyxl sees it
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationError(f"{path.name}: not an Excel .xlsx workbook ({exc})") from exc
    try:
        if sheet is not None:
            if sheet not in wb.sheetnames:
                raise ValidationError(f"{path.name}: there is no sheet named '{sheet}' ({', '.join(wb.sheetnames)})")
            ws = wb[sheet]
        else:
            ws = wb.worksheets[0]
        total = ws.max_row or 1
        records: list[tuple[int, list[Cell]]] = []
        for i, row in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):
            records.append((i, [_xlsx_value(v) for v in row]))
            if i % 2000 == 0:
                tick(progress, min(i, total), total)
    finally:
        wb.close()
    headers, rows = _split_header(records, path.name)
    table = Table(headers, rows, path.name, "xlsx", "")
    if len(wb.sheetnames) > 1 and sheet is None:
        table.notes.append(f"Read the first sheet '{wb.sheetnames[0]}' of {len(wb.sheetnames)}")
    return table


def read_table(path: Path | str, delimiter: str | None = None, progress: Progress | None = None) -> Table:
    """A CSV or .xlsx file, told apart by its content (a .xlsx is a ZIP archive)."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            magic = f.read(4)
    except OSError as exc:
        raise ValidationError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    if magic == b"PK\x03\x04":
        return read_xlsx(path, progress=progress)
    return read_csv(path, delimiter, progress)


__all__ = [
    "DELIMITERS",
    "Table",
    "decode_bytes",
    "parse_csv_text",
    "read_csv",
    "read_table",
    "read_xlsx",
    "sniff_delimiter",
]
