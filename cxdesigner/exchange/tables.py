"""Reading spreadsheets people make: CSV in any common encoding and delimiter, and Excel .xlsx."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import _, ngettext, number
from ..model import ValidationError, limits
from ..storage import regular
from .common import Progress, quoted, tick

DELIMITERS = (",", ";", "\t", "|")
# A spreadsheet larger than this is not a workshop's: refuse it before reading it all in.
MAX_BYTES = 200_000_000
# Each cell and line of a CSV costs the reader a Python object, so a file well under MAX_BYTES of
# commas or empty lines took gigabytes and minutes: they are counted (in C) before the file is parsed.
# The largest import a project takes is a survey of limits.MAX_RESPONSES answers, a line of five columns each.
MAX_CSV_CELLS = 6_000_000
MAX_CSV_LINES = 1_200_000

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


# At most this many one-cell lines (a title, a date, "exported from…") are looked past for the header.
TITLE_LINES = 5
_NUMBER = re.compile(r"^[+\-−]?\d+([.,]\d+)?%?$")


def _filled(cells: list[Cell]) -> list[Cell]:
    return [c for c in cells if not (c is None or (isinstance(c, str) and not c.strip()))]


def _header_row(rows: list[tuple[int, list[Cell]]]) -> int:
    """Index of the header among the non-blank rows: the first, unless title lines sit above it.

    A title line holds one cell; the header below it holds several, none of them a number (a row
    with numbers is data, so a header that names only its first column still comes first), and the
    row under it holds several too (a file read with the wrong delimiter is one column with stray
    splits: its first row stays the header, so the dialog can say the delimiter is wrong).
    """
    for i, (_n, cells) in enumerate(rows[: TITLE_LINES + 1]):
        filled = _filled(cells)
        if len(filled) >= 2:
            numbers = any(isinstance(c, (int, float)) or _NUMBER.match(str(c).strip()) for c in filled)
            tabular = i + 1 < len(rows) and len(_filled(rows[i + 1][1])) >= 2
            return i if i and tabular and not numbers else 0
        if len(filled) != 1:
            return 0
    return 0


def _split_header(
    records: list[tuple[int, list[Cell]]], source: str
) -> tuple[list[str], list[tuple[int, list[Cell]]], list[str]]:
    """Headers, the rows under them, and a note naming the title lines skipped above them."""
    rows = [(n, cells) for n, cells in records if not _is_blank(cells)]
    if not rows:
        raise ValidationError(_("{source}: the spreadsheet is empty").format(source=source))
    h = _header_row(rows)
    _first, header = rows[h]
    headers = ["" if c is None else str(c).strip() for c in header]
    notes = []
    if h:
        skipped = rows[:h]
        first, last = skipped[0][0], skipped[-1][0]
        span = number(first) if first == last else f"{number(first)}–{number(last)}"
        texts = ", ".join(quoted(str(_filled(cells)[0])) for _n, cells in skipped)
        notes.append(
            ngettext(
                "Row {rows} above the header was skipped: {text}",
                "Rows {rows} above the header were skipped: {text}",
                len(skipped),
            ).format(rows=span, text=texts)
        )
    return headers, rows[h + 1 :], notes


# Distinct cell texts a CSV's reading keeps one copy of, at most.
_SHARED_CELLS = 100_000

_SEP_LINE = re.compile(r"sep=([^\r\n])[ \t]*(\r\n|\r|\n)", re.IGNORECASE)


def parse_csv_text(
    text: str, delimiter: str | None = None, source: str = "", progress: Progress | None = None
) -> Table:
    """Records of CSV text; quoted cells may hold delimiters and line breaks."""
    sep = _SEP_LINE.match(text)
    if sep is not None:
        # Excel's own hint ("sep=;" first) names the delimiter; Excel hides the line, so rows keep its numbers.
        text = text[sep.end() :]
        delimiter = delimiter or sep.group(1)
    delim = delimiter or sniff_delimiter(text)
    if len(delim) != 1:
        raise ValidationError(_("The delimiter must be one character, not {delimiter}").format(delimiter=quoted(delim)))
    lines = max(text.count("\n"), text.count("\r"))
    if lines > MAX_CSV_LINES:
        raise ValidationError(
            _(
                "{source}: the file has more than {limit} lines, counting empty ones; delete the empty lines, "
                "or split the file, then try again"
            ).format(source=source, limit=number(MAX_CSV_LINES))
        )
    if text.count(delim) + lines + 1 > MAX_CSV_CELLS:
        raise ValidationError(
            _(
                "{source}: the file has more than {limit} cells, counting empty ones; delete the empty rows "
                "and columns, or split the file, then try again"
            ).format(source=source, limit=number(MAX_CSV_CELLS))
        )
    records: list[tuple[int, list[Cell]]] = []
    total = max(1, lines)
    i = 0
    # A cell that repeats (a survey's card titles, measures and dates, a workshop's stages and channels)
    # is kept once: a million-answer survey's cells took 570 MB as separate strings. Bounded, for a file
    # whose cells all differ.
    shared: dict[str, str] = {}
    share, known = shared.setdefault, shared.get
    widest = 0
    try:
        for i, row in enumerate(csv.reader(_lines(text), delimiter=delim), start=1):
            if len(row) > MAX_COLUMNS:
                # As a sheet's: a line of 300,000 cells made the import dialog build a column, a heading and a
                # chooser for each (24 s of the window's thread for 5,000) and listed them all as ignored.
                widest = max(widest, len(row))
                del row[MAX_COLUMNS:]
            if row:  # an empty line is no record: kept, a file of them cost memory and time for nothing
                if len(shared) < _SHARED_CELLS:
                    records.append((i, [share(c, c) for c in row]))
                else:
                    records.append((i, [known(c, c) for c in row]))
            if i % 2000 == 0:
                tick(progress, min(i, total), total)
    except csv.Error as exc:
        raise ValidationError(_csv_fault(exc, source, i + 1)) from None
    headers, rows, notes = _split_header(records, source)
    if widest:
        notes.append(
            _("The file has {count} columns; only the first {limit} were read").format(
                count=number(widest), limit=number(MAX_COLUMNS)
            )
        )
    table = Table(headers, rows, source, "", delim, notes)
    unclosed = _unclosed_quote(text, delim)
    if unclosed is not None:
        # Python's reader takes an unclosed quote to the end of the file as one cell: say so, loudly.
        table.notes.append(
            _(
                "Row {n}: a quote (\") opens a cell that is never closed, so everything after it was read "
                "as one cell; check the file"
            ).format(n=number(unclosed))
        )
    return table


# A line and its ending, as a file opened with newline="" reads them (\r\n, \r or \n), the last maybe without one.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
# What str.splitlines ends a line at besides \r and \n (csv would end a record there too).
_OTHER_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _lines(text: str) -> Iterable[str]:
    """The lines of ``text`` for csv.reader: io.StringIO copied the text at four bytes a character.

    str.splitlines (in C) when it ends lines where a file would; else one line at a time.
    """
    if _OTHER_BREAKS.search(text) is None:
        return text.splitlines(keepends=True)
    return (match.group() for match in _LINE.finditer(text))


def _csv_fault(exc: csv.Error, source: str, row: int) -> str:
    """What is wrong with a CSV the reader stopped at, in our words: the csv module's are Python's English."""
    limit = re.search(r"field larger than field limit \((\d+)\)", str(exc))
    if limit is not None:
        return _("{source}: row {n}: a cell is longer than {limit} characters").format(
            source=source, n=number(row), limit=number(int(limit[1]))
        )
    return _("{source}: row {n}: the CSV is malformed").format(source=source, n=number(row))


def _unclosed_quote(text: str, delimiter: str) -> int | None:
    """The record number where a quoted cell opens and never closes, or None."""
    if '"' not in text:
        return None
    try:
        for _ in csv.reader(_lines(text), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            # The record the unclosed cell starts in: count records a lenient reader saw before the last.
            return sum(1 for _ in csv.reader(_lines(text), delimiter=delimiter))
    return None


def read_csv(
    path: Path | str,
    delimiter: str | None = None,
    progress: Progress | None = None,
    room: int | None = None,
    room_kind: str = "touchpoint",
) -> Table:
    """Read a CSV file, guessing its encoding and (unless given) its delimiter; ``room`` as :func:`read_xlsx`."""
    path = Path(path)
    data = _read_bytes(path)
    _refuse_binary(path, data)
    text, encoding = decode_bytes(data)
    table = parse_csv_text(text, delimiter, path.name, progress)
    if room is not None and len(table.rows) > room:
        # Refused before every row is checked and placed, where the card limit would refuse it.
        raise ValidationError(_records_problem(path.name, len(table.rows), room, room_kind))
    table.encoding = encoding
    if encoding == "cp1252":
        table.notes.append(_("The file is not UTF-8; it was read as Windows-1252 (Western European)"))
    return table


def _unreadable_workbook(text: str) -> ValidationError:
    """A workbook that cannot be read, and what to do: the spreadsheet program that opens it can write it again."""
    return ValidationError(text + "; " + _("open it in your spreadsheet program and save it again as .xlsx or CSV"))


def _refuse_binary(path: Path, data: bytes) -> None:
    """Refuse a picture, a PDF or an old workbook renamed .csv: decoded as text it is rows of mojibake."""
    if data.startswith(_OLE):
        raise ValidationError(_old_workbook(path))
    # Text has no NUL byte, except UTF-16 (which starts with its byte-order mark when Excel writes it).
    if b"\x00" in data[:65536] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ValidationError(
            _(
                "{name}: not a spreadsheet (it holds binary data, as a picture or a PDF does); "
                "choose a CSV or an Excel .xlsx file"
            ).format(name=path.name)
        )


def _old_workbook(path: Path) -> str:
    return _(
        "{name}: a password-protected or old-format (.xls) workbook; "
        "save it in Excel as .xlsx without a password, then import it"
    ).format(name=path.name)


def _read_bytes(path: Path) -> bytes:
    # Only a regular file, and its size checked before it is read in (a pipe or device is refused at once).
    return regular.read_bytes(path, MAX_BYTES, "spreadsheet")


def _xlsx_value(value: Any) -> Cell:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        raise _BoundError(
            _("a cell holds {count} characters; a card field holds at most {limit}").format(
                count=number(len(value)), limit=number(MAX_CELL_CHARS)
            )
        )
    return value


class _BoundError(Exception):
    """A bound of the spreadsheet reader was reached (the message says which)."""


# A workbook is a ZIP of XML parts: these bounds are checked before anything is unpacked or parsed.
MAX_ROWS = 100_000
MAX_COLUMNS = 200  # a CSV's too: the columns past it are not read
MAX_CELL_CHARS = 100_000
MAX_UNPACKED = 200_000_000  # bytes, all parts together
MAX_RATIO = 200  # a part that unpacks to more than this many times its packed size is a zip bomb
MAX_PARTS = 10_000
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _check_archive(path: Path, data: bytes) -> list[Any]:
    """The archive's parts (zipfile.ZipInfo), once its bounds are checked."""
    import zipfile

    if data.startswith(_OLE):
        raise ValidationError(_old_workbook(path))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = z.infolist()
    except Exception as exc:  # zipfile raises more than BadZipFile on a hostile header (NotImplementedError…)
        raise _unreadable_workbook(
            # zipfile's reason ("Bad magic number for central directory") only helps a developer.
            _("{name}: not an Excel .xlsx workbook (it is not a readable ZIP archive, as an .xlsx file is)").format(
                name=path.name
            )
        ) from exc
    if len(parts) > MAX_PARTS:
        raise ValidationError(
            _(
                "{name}: the workbook has {count} parts, more than a spreadsheet has; save the sheet "
                "to import as CSV, then import that"
            ).format(
                name=path.name, count=number(len(parts))
            )
        )
    if any(p.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for p in parts):
        # zipfile unpacks bzip2 and LZMA a read at a time with no bound on what one read gives: 785 bytes
        # of bzip2 that claimed 2,000 unpacked took 2 GB of memory before the size was checked.
        raise _unreadable_workbook(
            _("{name}: the workbook is packed in a way spreadsheet programs never use (bzip2 or LZMA)").format(
                name=path.name
            )
        )
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_UNPACKED:
        raise ValidationError(
            _(
                "{name}: the workbook unpacks to {size} MB; CX Designer reads at most {limit} MB: "
                "save the sheet to import as CSV, or split it, then try again"
            ).format(
                name=path.name, size=number(unpacked // 1_000_000), limit=number(MAX_UNPACKED // 1_000_000)
            )
        )
    for p in parts:
        if p.file_size > 1_000_000 and p.file_size > MAX_RATIO * max(1, p.compress_size):
            raise ValidationError(
                _(
                    "{name}: the part {part} unpacks to {ratio} times its size: it is built to exhaust memory, "
                    "not a spreadsheet"
                ).format(
                    name=path.name, part=quoted(p.filename, 80), ratio=number(p.file_size // max(1, p.compress_size))
                )
            )
    return parts


# A formula cell whose <v> is absent or empty: openpyxl's cached value reads it as a blank cell.
_FORMULA_CELL = re.compile(rb"<c\b[^>]*>(?:(?!</c>).){0,4000}?<f\b(?:(?!</c>).){0,4000}?</c>", re.S)
_CACHED_VALUE = re.compile(rb"<v\b[^>]*>[^<]")
_FORMULA_BLOCK = 1 << 22


def _uncalculated_formulas(data: bytes, part: str) -> int:
    """How many of the sheet's formula cells carry no calculated value (0 when the part is unknown)."""
    import zipfile
    import zlib

    if not part:
        return 0
    count, rest = 0, b""
    try:
        # In blocks cut after a cell's end: a sheet part may unpack to 200 MB, never held whole.
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(part.lstrip("/")) as stream:
            while block := stream.read(_FORMULA_BLOCK):
                text = rest + block
                end = text.rfind(b"</c>")
                if end < 0:
                    # A cell longer than four blocks (megabytes of inline text) is not counted.
                    rest = text if len(text) <= 4 * _FORMULA_BLOCK else text[-_FORMULA_BLOCK:]
                    continue
                whole, rest = text[: end + 4], text[end + 4 :]
                if b"<f" in whole:
                    count += sum(1 for m in _FORMULA_CELL.finditer(whole) if not _CACHED_VALUE.search(m.group()))
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, zlib.error):
        return 0
    return count


_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]+)$")


def _row_number(text: str, default: int) -> int:
    # A number of a thousand digits is far beyond the bounds: no need to convert it to know.
    if not text.isdigit():
        return default
    return int(text) if len(text) <= 12 else MAX_ROWS + 1


_SCAN_CHUNK = 1 << 20


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


class _CountingReader(io.RawIOBase):
    """A part's stream that reports how much of it was read (the scan's progress, and its Cancel)."""

    def __init__(self, stream: Any, size: int, progress: Progress | None) -> None:
        self.stream, self.size, self.progress, self.done = stream, max(1, size), progress, 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        data = self.stream.read(_SCAN_CHUNK if n is None or n < 0 else min(n, _SCAN_CHUNK))
        self.done += len(data)
        tick(self.progress, min(self.done, self.size), self.size)
        return data


def _data_extent(data: bytes, part: str, progress: Progress | None = None) -> tuple[int, int]:
    """The last row and column that hold a value, found by streaming the sheet's XML.

    Some programs write the dimension A1:XFD1048576 (every row and column the format has) over a
    sheet of two rows, and formatting leaves cells with no value far below the data: the claim says
    nothing of the rows there are. The scan stops (the sheet is refused) at the first value beyond
    row MAX_ROWS or when more than MAX_ROWS rows are written out, keeps one row in memory and reads
    no more than the archive check allowed; entities are refused as openpyxl refuses them.
    """
    import zipfile

    from defusedxml.ElementTree import iterparse

    last_row = last_col = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(part.lstrip("/"))
        with archive.open(info) as stream:
            events = iterparse(_CountingReader(stream, info.file_size, progress), events=("start", "end"))
            sheet_data = None
            row_number = rows_seen = 0
            for event, elem in events:
                tag = elem.tag.rpartition("}")[2]
                if event == "start":
                    if tag == "sheetData":
                        sheet_data = elem
                    elif tag == "row":
                        row_number = _row_number(elem.get("r") or "", row_number + 1)
                        rows_seen += 1
                        if rows_seen > MAX_ROWS:
                            # Rows written out, even blank ones (a zip bomb of empty rows): too many to read.
                            raise _BoundError(_("the sheet has more than {limit} rows").format(limit=number(MAX_ROWS)))
                    continue
                if tag == "c":
                    if any((child.text or "").strip() or len(child) for child in elem):
                        ref = _CELL_REF.match(elem.get("r") or "")
                        row = _row_number(ref.group(2), row_number) if ref else row_number
                        last_row = max(last_row, row)
                        if ref:
                            last_col = max(last_col, _column_number(ref.group(1)))
                        if last_row > MAX_ROWS:
                            break
                elif tag == "row" and sheet_data is not None:
                    sheet_data.clear()  # the rows read so far are not needed again: memory stays one row
    return last_row, last_col


# A cell element that holds something (not self-closed), and its row number.
_VALUED_CELL = re.compile(rb'<c\s[^>]*?\br="[A-Z]{1,3}([0-9]{1,12})"[^>]*(?<!/)>')


def _last_valued_row(data: bytes, part: str) -> int:
    """The highest row number of a cell with content, by a byte scan of the sheet (0 when none is found).

    The sheet's XML is decompressed in blocks and each block searched backwards for its last cell with
    content: a dense sheet of 6 million cells takes about a second, where parsing it (openpyxl, or the
    streaming scan of :func:`_data_extent`) took 40.
    """
    import zipfile
    import zlib

    last, rest = 0, b""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(part.lstrip("/")) as stream:
            while True:
                block = stream.read(_FORMULA_BLOCK)
                text = rest + block
                # An element cut at the block's end is searched with the next block (all of it at the end).
                cut = text.rfind(b"<") if block else len(text)
                whole, rest = text[:cut], text[cut:]
                pos = len(whole)
                while (pos := whole.rfind(b"<c", 0, pos)) >= 0:
                    cell = _VALUED_CELL.match(whole, pos)
                    if cell is not None:
                        last = max(last, int(cell[1]))
                        break
                if not block:
                    return last
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, zlib.error):
        return 0


# The sheetData element's start, with the namespace prefix its rows carry (Excel writes none, .NET's SDK "x:").
_SHEET_DATA = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)sheetData[\s/>]")
_SST = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)sst[\s/>]")
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension[\s/>]")
# The fewest bytes a row written out takes ("<row/>"): a sheet's XML under MAX_ROWS times this cannot pass it.
_ROW_BYTES = 6


def _rows_written(
    data: bytes,
    part: str,
    stop: int,
    progress: Progress | None = None,
    unsized_only: bool = False,
    container: re.Pattern[bytes] = _SHEET_DATA,
    tag: bytes = b"row",
) -> int:
    """How many rows the sheet's XML writes out, counted by a byte scan that stops once past ``stop``.

    Without a dimension, or with one that claims too few rows, the rows were known only as openpyxl
    parsed them: 120,000 rows of 20 cells took 54 s of CPU to be refused at the 100,001st. Counted here
    (in C, block by block as the part is inflated) they take well under a second. ``unsized_only``:
    0 for a part that states its dimension (or is no sheet), without reading past it. ``container`` and
    ``tag`` count other elements: the texts (``si``) of a shared-strings table (``sst``).
    """
    import zipfile
    import zlib

    count, rest, row_tag, done = 0, b"", None, 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo(part.lstrip("/"))
            with archive.open(info) as stream:
                while True:
                    block = stream.read(_FORMULA_BLOCK)
                    done += len(block)
                    text = rest + block
                    # A tag cut at the block's end is counted with the next block (all of it at the end).
                    cut = text.rfind(b"<") if block else len(text)
                    whole, rest = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
                    if row_tag is None:
                        start = container.search(whole)
                        head = whole if start is None else whole[: start.start()]
                        if unsized_only and _DIMENSION.search(head):
                            return 0  # openpyxl stops at the dimension: nothing to count before it opens
                        if start is None:
                            if not block:
                                return 0  # no sheet
                            rest = whole[-200:] + rest  # the tag may straddle the cut
                        else:
                            row_tag = re.compile(re.escape(b"<" + start[1] + tag) + rb"[\s/>]")
                            whole = whole[start.end() :]
                    if row_tag is not None:
                        count += len(row_tag.findall(whole))
                        if count > stop:
                            return count
                    if not block:
                        return count
                    tick(progress, min(done, info.file_size), max(1, info.file_size))
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, zlib.error):
        return count  # a damaged part: openpyxl's reading says so


# Rows read to find how many columns the header uses when the dimension may claim too few.
_HEAD_ROWS = 1000


def _head_width(ws: Any) -> int:
    """The columns the first rows with content use (up to the header and one row under it), at most MAX_COLUMNS.

    A streaming writer (Apache POI's, for one) writes the dimension "A1" over any sheet: read within it,
    every column but the first was dropped without a word.
    """
    width = seen = 0
    rows = ws.iter_rows(min_row=1, max_row=_HEAD_ROWS, max_col=MAX_COLUMNS, values_only=True)
    try:
        for row in rows:
            filled = [i for i, v in enumerate(row) if not (v is None or (isinstance(v, str) and not v.strip()))]
            if filled:
                width = max(width, filled[-1] + 1)
                seen += 1
                if seen > TITLE_LINES + 1:
                    break
    finally:
        rows.close()
    return width


def _records_problem(name: str, records: int, room: int, kind: str = "touchpoint") -> str:
    """The refusal of a table with more records than the project can take (as cards, or survey answers)."""
    limit = number(limits.TABLE_LIMITS[kind])
    if kind == "response":
        text = ngettext(
            "{name} has {count} rows of survey answers, but the project can take only {room} more answer "
            "(a project holds at most {limit}); split the file, then try again",
            "{name} has {count} rows of survey answers, but the project can take only {room} more answers "
            "(a project holds at most {limit}); split the file, then try again",
            room,
        )
    else:
        text = ngettext(
            "{name} has {count} rows of cards, but the project can take only {room} more card "
            "(a project holds at most {limit}); split the sheet, or import it into a new project, then try again",
            "{name} has {count} rows of cards, but the project can take only {room} more cards "
            "(a project holds at most {limit}); split the sheet, or import it into a new project, then try again",
            room,
        )
    return text.format(name=name, count=number(records), room=number(room), limit=limit)


# A workbook's table of distinct texts is read whole when the workbook opens (openpyxl, 13 s of CPU and
# 230 MB for a million, with no progress): at most this many (100,000 rows of 20 texts), and no more than
# the sheets could use, a cell a text, a cell taking at least _CELL_BYTES of their XML.
MAX_SHARED_STRINGS = 2_000_000
_CELL_BYTES = 16
_SHARED_STRINGS_TYPE = re.compile(
    rb"<Override\b(?=[^>]*ContentType=\"[^\"]*sharedStrings\+xml\")[^>]*PartName=\"/?([^\"]+)\"", re.I
)


# The workbook's formats are read whole too, each an object: a 5 MB file of a million number formats took
# 10 s and 890 MB. Excel keeps at most about 64,000 cell formats; their elements and children stay far below.
MAX_STYLE_ELEMENTS = 600_000
_STYLES_TYPE = re.compile(
    rb"<Override\b(?=[^>]*ContentType=\"[^\"]*spreadsheetml\.styles\+xml\")[^>]*PartName=\"/?([^\"]+)\"", re.I
)

# The workbook's part (its sheets and defined names) is read whole as well: 500,000 names took 10 s and 445 MB.
MAX_WORKBOOK_ELEMENTS = 200_000
_WORKBOOK_TYPE = re.compile(
    rb"<Override\b(?=[^>]*ContentType=\"[^\"]*\.(?:sheet|template)(?:\.macroEnabled)?\.main\+xml\")"
    rb"[^>]*PartName=\"/?([^\"]+)\"",
    re.I,
)


def _elements(data: bytes, part: str, stop: int) -> int:
    """How many elements a part holds (its start tags), counted in blocks until past ``stop``."""
    import zipfile
    import zlib

    count = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(part) as stream:
            while (block := stream.read(_FORMULA_BLOCK)) and count <= stop:
                count += block.count(b"<") - block.count(b"</")
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, zlib.error):
        pass
    return count


def _content_types(data: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            return archive.read("[Content_Types].xml")[:1_000_000]
        except (KeyError, zipfile.BadZipFile, OSError, EOFError):
            return b""  # openpyxl refuses the workbook


def _check_read_whole(path: Path, data: bytes, parts: list[Any], progress: Progress | None) -> None:
    """Refuse a table of texts larger than the sheets could use, and formats beyond any spreadsheet's, before
    openpyxl reads them whole to open the workbook."""
    types = _content_types(data)
    # openpyxl reads the formats from xl/styles.xml whatever the types say, and the workbook from there
    # when they name none: both are checked.
    styles = {"xl/styles.xml"} | {m.decode("utf-8", "replace") for m in _STYLES_TYPE.findall(types)}
    for info in parts:
        if (
            info.filename in styles
            and info.file_size > 4 * MAX_STYLE_ELEMENTS  # "<a/>": the fewest bytes an element takes
            and _elements(data, info.filename, MAX_STYLE_ELEMENTS) > MAX_STYLE_ELEMENTS
        ):
            raise ValidationError(
                _(
                    "{name}: the workbook's formatting holds more than {limit} parts, more than Excel or "
                    "LibreOffice write; save the sheet to import as CSV, then import that"
                ).format(name=path.name, limit=number(MAX_STYLE_ELEMENTS))
            )
    books = {"xl/workbook.xml"} | {m.decode("utf-8", "replace") for m in _WORKBOOK_TYPE.findall(types)}
    for info in parts:
        if (
            info.filename in books
            and info.file_size > 4 * MAX_WORKBOOK_ELEMENTS
            and _elements(data, info.filename, MAX_WORKBOOK_ELEMENTS) > MAX_WORKBOOK_ELEMENTS
        ):
            raise ValidationError(
                _(
                    "{name}: the workbook defines more than {limit} names, far more than a spreadsheet needs "
                    "(Excel's Name Manager deletes them); save the sheet to import as CSV, then import that"
                ).format(name=path.name, limit=number(MAX_WORKBOOK_ELEMENTS))
            )
    names = {m.decode("utf-8", "replace") for m in _SHARED_STRINGS_TYPE.findall(types)}
    tables_ = [p for p in parts if p.filename in names]
    others = sum(p.file_size for p in parts if p.filename not in names)
    room = min(MAX_SHARED_STRINGS, others // _CELL_BYTES + 1_000)
    for info in tables_:
        if info.file_size <= room * len(b"<si/>"):
            continue  # too small to hold more texts than allowed
        count = _rows_written(data, info.filename, room, progress, container=_SST, tag=b"si")
        if count > room:
            raise ValidationError(
                _(
                    "{name}: the workbook holds more than {limit} distinct texts, more than its sheets could use "
                    "(a spreadsheet saved by Excel or LibreOffice keeps only those it uses); save the sheet to "
                    "import as CSV, then import that"
                ).format(name=path.name, limit=number(room))
            )


def _too_many_rows(name: str) -> str:
    return _(
        "{name}: the sheet has more than {limit} rows; CX Designer imports at most {limit}. "
        "Delete the rows below the data (or split the sheet), then try again"
    ).format(name=name, limit=number(MAX_ROWS))


def read_xlsx(
    path: Path | str,
    sheet: str | None = None,
    progress: Progress | None = None,
    room: int | None = None,
    room_kind: str = "touchpoint",
) -> Table:
    """Read the first (or the named) sheet of an Excel workbook; formulas give their cached values.

    Hard bounds, decided before reading (docs/cli.md): the archive's unpacked size and ratio, at most
    MAX_ROWS rows and MAX_COLUMNS columns as the sheet itself claims them (a claim beyond them is
    checked against the rows written out and the last value, by a streaming scan), MAX_CELL_CHARS a cell.
    XML entities are refused (defusedxml under openpyxl), so a "billion laughs" sheet cannot expand.
    ``room`` is how many rows the caller can still take as ``room_kind`` (cards, or survey answers:
    ``"response"``): a sheet whose rows with content beyond its header pass it is refused before a cell is read.
    """
    import openpyxl

    path = Path(path)
    data = _read_bytes(path)
    parts = _check_archive(path, data)
    allowed = MAX_ROWS if room is None else min(MAX_ROWS, room + 1)
    _check_read_whole(path, data, parts, progress)
    counted: dict[str, int] = {}
    for info in parts:
        # openpyxl opens a workbook by reading each sheet up to its dimension, so a sheet without one is
        # read whole before anything can be checked (16 s of CPU for 120,000 rows): counted first.
        if info.file_size > _ROW_BYTES * allowed:
            counted[info.filename] = _rows_written(data, info.filename, allowed, progress, unsized_only=True)
            if counted[info.filename] > MAX_ROWS:
                raise ValidationError(_too_many_rows(path.name))
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises whatever its parsers raise on a broken or hostile part
        raise _unreadable_workbook(
            # openpyxl's reason names its own parser's internals, in English.
            _("{name}: not a readable Excel .xlsx workbook (a part of it is missing or damaged)").format(
                name=path.name
            )
        ) from exc
    records: list[tuple[int, list[Cell]]] = []
    notes: list[str] = []
    try:
        if sheet is not None:
            if sheet not in wb.sheetnames:
                raise ValidationError(
                    _("{name}: there is no sheet named {sheet} ({sheets})").format(
                        name=path.name, sheet=quoted(sheet), sheets=", ".join(quoted(s) for s in wb.sheetnames)
                    )
                )
            ws = wb[sheet]
        else:
            ws = wb.worksheets[0]
        claimed_rows, claimed_cols = ws.max_row or 0, ws.max_column or 0
        part = getattr(ws, "_worksheet_path", "")
        written = counted.get(part.lstrip("/"), 0)
        if part and not written and part.lstrip("/") in counted:
            # The dimension may claim too few rows: the rows written out are counted, up to what the
            # limits allow, when the sheet's XML is large enough to hold more.
            written = _rows_written(data, part, allowed, progress)
            if written > MAX_ROWS:
                raise ValidationError(_too_many_rows(path.name))
        scanned = bool(part) and (claimed_rows > MAX_ROWS or claimed_cols > MAX_COLUMNS)
        if scanned:
            # A claim beyond the bounds is checked against the rows and columns that hold values.
            claimed_rows, claimed_cols = (max(1, n) for n in _data_extent(data, part, progress))
        if scanned and claimed_rows > MAX_ROWS:
            raise ValidationError(
                _(
                    "{name}: the sheet has values beyond row {limit}; CX Designer imports at most {limit} rows. "
                    "Delete the rows below the data (or split the sheet), then try again"
                ).format(name=path.name, limit=number(MAX_ROWS))
            )
        if claimed_rows > MAX_ROWS:
            raise ValidationError(
                _(
                    "{name}: the sheet claims {count} rows; CX Designer imports at most {limit}. "
                    "Delete the empty rows below the data (or split the sheet), then try again"
                ).format(name=path.name, count=number(claimed_rows), limit=number(MAX_ROWS))
            )
        if claimed_cols > MAX_COLUMNS:
            notes.append(
                _("The sheet claims {count} columns; only the first {limit} were read").format(
                    count=number(claimed_cols), limit=number(MAX_COLUMNS)
                )
            )
        if room is not None and max(claimed_rows, written) - 1 > room:
            # The claim may count rows of formatting below the data: the last row with content decides.
            cards = _last_valued_row(data, part) - 1 if part else claimed_rows - 1
            if cards > room:
                raise ValidationError(_records_problem(path.name, cards, room, room_kind))
        total = max(1, claimed_rows)
        # After a scan, reading stops at the last value: rows of formatting below it are not filled in.
        last = claimed_rows if scanned else MAX_ROWS + 1
        width = min(claimed_cols, MAX_COLUMNS)
        if not scanned:
            # The claim may be too narrow (or missing): the header's own width is read, not lost.
            width = max(width, _head_width(ws)) or MAX_COLUMNS
        rows = ws.iter_rows(min_row=1, max_row=last, max_col=width, values_only=True)
        for i, row in enumerate(rows, start=1):
            if i > MAX_ROWS:
                raise ValidationError(_too_many_rows(path.name))
            records.append((i, [_xlsx_value(v) for v in row]))
            if i % 2000 == 0:
                tick(progress, min(i, total), total)
    except _BoundError as exc:
        raise ValidationError(_("{name}: {error}; nothing was imported").format(name=path.name, error=exc)) from None
    except ValidationError:
        raise
    except Exception as exc:  # a sheet that breaks openpyxl's parser half-way
        raise _unreadable_workbook(
            _("{name}: the sheet cannot be read (it is damaged)").format(name=path.name)
        ) from exc
    finally:
        wb.close()
    uncalculated = _uncalculated_formulas(data, getattr(ws, "_worksheet_path", ""))
    if uncalculated:
        notes.append(
            ngettext(
                "{count} cell holds a formula never calculated (the file was written by a program, not saved "
                "by a spreadsheet), so it reads as empty: open the file in Excel or LibreOffice, save it, "
                "and import it again",
                "{count} cells hold formulas never calculated (the file was written by a program, not saved "
                "by a spreadsheet), so they read as empty: open the file in Excel or LibreOffice, save it, "
                "and import it again",
                uncalculated,
            ).format(count=number(uncalculated))
        )
    headers, rows_, skipped = _split_header(records, path.name)
    table = Table(headers, rows_, path.name, "xlsx", "")
    table.notes += notes + skipped
    if len(wb.sheetnames) > 1 and sheet is None:
        table.notes.append(
            _("Read the first sheet {sheet} of {count}").format(
                sheet=quoted(wb.sheetnames[0]), count=number(len(wb.sheetnames))
            )
        )
    return table


def read_table(
    path: Path | str,
    delimiter: str | None = None,
    progress: Progress | None = None,
    room: int | None = None,
    room_kind: str = "touchpoint",
) -> Table:
    """A CSV or .xlsx file, told apart by its content (a .xlsx is a ZIP archive); ``room`` as :func:`read_xlsx`."""
    path = Path(path)
    with regular.open_regular(path, "spreadsheet") as f:
        magic = f.read(4)
    if magic == b"PK\x03\x04":
        return read_xlsx(path, progress=progress, room=room, room_kind=room_kind)
    return read_csv(path, delimiter, progress, room, room_kind)


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
