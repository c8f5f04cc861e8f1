"""A small pure-Python text extractor for the PDFs Qt writes, so export tests need no PDF library."""

from __future__ import annotations

import re
import zlib

_OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)


def _objects(data: bytes) -> dict[int, bytes]:
    return {int(n): body for n, body in _OBJ.findall(data)}


def _stream(body: bytes) -> bytes:
    start = body.index(b"stream") + len(b"stream")
    raw = body[start : body.rindex(b"endstream")]
    raw = raw[2:] if raw.startswith(b"\r\n") else raw[1:] if raw[:1] in (b"\n", b"\r") else raw
    if b"/FlateDecode" in body[:start]:
        return zlib.decompressobj().decompress(raw)
    return raw


def _utf16(hexstr: bytes) -> str:
    return bytes.fromhex(hexstr.decode()).decode("utf-16-be", errors="replace")


def _cmap(text: bytes) -> dict[int, str]:
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(src, 16)] = _utf16(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, rest in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block):
            lo_i, hi_i = int(lo, 16), int(hi, 16)
            if rest.startswith(b"["):
                for k, dst in enumerate(re.findall(rb"<([0-9A-Fa-f]+)>", rest)):
                    out[lo_i + k] = _utf16(dst)
            else:
                base = _utf16(rest[1:-1])
                for k in range(hi_i - lo_i + 1):
                    out[lo_i + k] = base[:-1] + chr(ord(base[-1]) + k)
    return out


def _fonts(objs: dict[int, bytes]) -> dict[bytes, dict[int, str]]:
    fonts: dict[bytes, dict[int, str]] = {}
    for body in objs.values():
        m = re.search(rb"/Font\s*<<(.*?)>>", body, re.S)
        if not m:
            continue
        for name, num in re.findall(rb"/(\S+?)\s+(\d+) 0 R", m.group(1)):
            font = objs.get(int(num), b"")
            tu = re.search(rb"/ToUnicode (\d+) 0 R", font)
            if tu:
                fonts[name] = _cmap(_stream(objs[int(tu.group(1))]))
    return fonts


def _shown(content: bytes, fonts: dict[bytes, dict[int, str]]) -> str:
    """The strings a content stream shows, decoded, in drawing order (one space after each)."""
    pieces: list[str] = []
    current: dict[int, str] = {}
    for tok in re.finditer(rb"/(\S+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj|\[([^\]]*)\]\s*TJ", content):
        if tok.group(1) is not None:
            current = fonts.get(tok.group(1), {})
            continue
        hexes = [tok.group(2)] if tok.group(2) is not None else re.findall(rb"<([0-9A-Fa-f]*)>", tok.group(3))
        for h in hexes:
            for i in range(0, len(h), 4):
                pieces.append(current.get(int(h[i : i + 4], 16), "\ufffd"))
        pieces.append(" ")
    return "".join(pieces)


def pdf_text(data: bytes) -> str:
    """Every string shown on every page, decoded through the fonts' ToUnicode maps, in drawing order."""
    objs = _objects(data)
    fonts = _fonts(objs)
    pieces: list[str] = []
    for body in objs.values():
        if b"stream" not in body or b"/Type /Page" in body[:200]:
            continue
        try:
            content = _stream(body)
        except (zlib.error, ValueError):
            continue
        if b"Tj" not in content and b"TJ" not in content:
            continue
        pieces.append(_shown(content, fonts))
    return "".join(pieces)


def _page_streams(data: bytes) -> tuple[list[bytes | None], dict[bytes, dict[int, str]]]:
    """Each page's content stream (None for a page without one) in page order (the page tree's /Kids), and
    the fonts."""
    objs = _objects(data)
    tree = next(body for body in objs.values() if re.search(rb"/Type\s*/Pages\b", body))
    kids = re.search(rb"/Kids\s*\[([^\]]*)\]", tree)
    assert kids is not None
    streams: list[bytes | None] = []
    for num in re.findall(rb"(\d+) 0 R", kids.group(1)):
        contents = re.search(rb"/Contents (\d+) 0 R", objs[int(num)])
        streams.append(_stream(objs[int(contents.group(1))]) if contents else None)
    return streams, _fonts(objs)


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, in page order."""
    streams, fonts = _page_streams(data)
    return [_shown(stream, fonts) if stream is not None else "" for stream in streams]


_OPS = re.compile(rb"<([0-9A-Fa-f]*)>|\[([^\]]*)\]|/([^\s/\[\]<>()]+)|([-+]?\d*\.?\d+)|([A-Za-z'\"*]+)")


def _times(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, ...]:
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


def _sized(content: bytes, fonts: dict[bytes, dict[int, str]]) -> list[tuple[float, str]]:
    """Each text object's printed size in points (its font size through the text and graphics matrices) and text."""
    ctm: tuple[float, ...] = (1, 0, 0, 1, 0, 0)
    tm: tuple[float, ...] = (1, 0, 0, 1, 0, 0)
    stack: list[tuple[float, ...]] = []
    args: list[object] = []
    size, cmap, out, open_run = 0.0, {}, [], False
    for m in _OPS.finditer(content):
        hexes, array, name, num, op = m.groups()
        if op is None:
            args.append(float(num) if num is not None else name if name is not None else (hexes, array))
            continue
        if op == b"BT":
            open_run = False
        elif op == b"q":
            stack.append(ctm)
        elif op == b"Q" and stack:
            ctm = stack.pop()
        elif op == b"cm":
            ctm = _times(tuple(args[-6:]), ctm)  # type: ignore[arg-type]
        elif op == b"Tf":
            size, cmap = float(args[-1]), fonts.get(args[-2], {})  # type: ignore[arg-type]
        elif op == b"Tm":
            tm = tuple(args[-6:])  # type: ignore[arg-type]
        elif op in (b"Tj", b"TJ"):
            h, arr = args[-1]  # type: ignore[misc]
            codes = [h] if h is not None else re.findall(rb"<([0-9A-Fa-f]*)>", arr)
            text = "".join(cmap.get(int(c[i : i + 4], 16), "?") for c in codes for i in range(0, len(c), 4))
            m2 = _times(tm, ctm)
            printed = round(size * abs(m2[0] * m2[3] - m2[1] * m2[2]) ** 0.5, 2)
            if open_run and out[-1][0] == printed:
                out[-1] = (printed, out[-1][1] + text)
            else:
                out.append((printed, text))
                open_run = True
        args = []
    return out


def pdf_text_sizes(data: bytes) -> list[list[tuple[float, str]]]:
    """Per page, in page order: each piece of text with the size it prints at, in points."""
    streams, fonts = _page_streams(data)
    return [_sized(stream, fonts) if stream is not None else [] for stream in streams]


def squeeze(text: str) -> str:
    """Without any whitespace: wrapped lines and glyph-by-glyph placement then compare equal."""
    return re.sub(r"\s+", "", text)


def test_pdf_text_sizes_reads_the_size_text_prints_at(qapp, tmp_path):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFont, QPainter, QPdfWriter

    path = tmp_path / "t.pdf"
    writer = QPdfWriter(str(path))
    writer.setResolution(96)
    painter = QPainter(writer)
    # Sizes of whole pixels at 96 dpi: Qt sets text in whole pixels (7 points print 6.75).
    for size, scale, text in ((12.0, 1.0, "Twelve"), (9.0, 0.5, "Nine")):
        painter.save()
        painter.scale(scale, scale)
        font = QFont()
        font.setPointSizeF(size)
        painter.setFont(font)
        painter.drawText(QRectF(0, 100, 4000, 200), 0, text)
        painter.restore()
    painter.end()
    sizes = dict((text, size) for size, text in pdf_text_sizes(path.read_bytes())[0])
    assert sizes == {"Twelve": 12.0, "Nine": 4.5}


def test_pdf_text_reads_what_qt_wrote(qapp, tmp_path):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter, QPdfWriter

    path = tmp_path / "t.pdf"
    writer = QPdfWriter(str(path))
    painter = QPainter(writer)
    painter.drawText(QRectF(0, 0, 4000, 200), 0, "Añadir café ñandú — Ünïcødé 123")
    painter.end()
    assert squeeze("Añadir café ñandú — Ünïcødé 123") in squeeze(pdf_text(path.read_bytes()))
