"""Our PNG writer against Qt's: the same pixels and resolution, valid files; Cancel and errors end every thread."""

from __future__ import annotations

import io
import random
import struct
import threading
import zlib

import numpy as np
import pytest

from cxdesigner import api
from cxdesigner.exchange import mapexport, png
from cxdesigner.exchange.common import ExportCancelledError
from cxdesigner.model import ValidationError


def qt_png(img) -> bytes:  # type: ignore[no-untyped-def]
    """``img`` as Qt's writer encodes it at the export's quality (what the exports wrote before)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImageWriter

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buf, b"PNG")
    writer.setQuality(mapexport.PNG_QUALITY)
    assert writer.write(img)
    return bytes(data.data())


def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """The chunks of a PNG, each CRC checked."""
    assert data[:8] == png.SIGNATURE
    out, pos = [], 8
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + n]
        (crc,) = struct.unpack(">I", data[pos + 8 + n : pos + 12 + n])
        assert crc == zlib.crc32(body, zlib.crc32(kind)), kind
        out.append((kind, body))
        pos += 12 + n
    assert out[-1] == (b"IEND", b"")
    return out


def assert_same_picture(ours: bytes, theirs: bytes) -> None:
    """Decoded by Qt and by Pillow, ``ours`` is ``theirs`` pixel for pixel, with the same header and resolution."""
    from PIL import Image
    from PySide6.QtGui import QImage

    mine, qts = chunks(ours), chunks(theirs)
    assert mine[0] == qts[0]  # IHDR: size, depth, colour type, no interlace
    # Only the pixels' chunks may differ; Qt writes no gAMA, sRGB or text for our images.
    assert [k for k, _ in mine if k != b"IDAT"] == [k for k, _ in qts if k != b"IDAT"]
    assert dict(mine).get(b"pHYs") == dict(qts).get(b"pHYs")
    # The stream inflates whole, to one filter byte and the pixels per row.
    raw = zlib.decompress(b"".join(body for kind, body in mine if kind == b"IDAT"))
    width, height, _depth, colour = struct.unpack(">IIBB", mine[0][1][:10])
    assert len(raw) == height * (1 + width * (3 if colour == 2 else 4))
    a, b = QImage.fromData(ours), QImage.fromData(theirs)
    assert not a.isNull() and a == b and a.dotsPerMeterX() == b.dotsPerMeterX()
    pa, pb = Image.open(io.BytesIO(ours)), Image.open(io.BytesIO(theirs))
    assert pa.mode == pb.mode and np.array_equal(np.asarray(pa), np.asarray(pb))


def no_png_threads() -> bool:
    return not any(t.name.startswith("png") for t in threading.enumerate())


@pytest.fixture(autouse=True)
def every_picture(monkeypatch):
    """Our writer for pictures of every size (small ones go to Qt's, which is as quick as loading numpy)."""
    monkeypatch.setattr(mapexport, "OUR_PNG_FROM", 0)


@pytest.fixture
def small_bands(monkeypatch):
    """Bands of a few rows, on two threads, so even a small map is many bands."""
    monkeypatch.setattr(png, "BAND_BYTES", 20_000)
    monkeypatch.setattr(png, "cores", lambda: 2)


@pytest.mark.parametrize(
    ("template", "dpi", "transparent"),
    [("sample", 96, False), ("hotel", 72, False), ("dental-clinic", 150, True), ("sample", 30, True)],
)
def test_map_is_qt_pixel_for_pixel(qapp, small_bands, template, dpi, transparent):
    project = api.sample_project() if template == "sample" else api.template_project(template, "en")
    jid = project.journeys()[0].id
    scene = mapexport.journey_map(project, jid, mapexport.MapOptions(dpi=dpi))
    img, _ = mapexport.render_image(scene, dpi, transparent)
    ours = mapexport._image_bytes(img)
    assert len(chunks(ours)) > 10  # many bands, one IDAT each
    assert_same_picture(ours, qt_png(img))
    data, _ = mapexport.png_bytes(project, jid, mapexport.MapOptions(dpi=dpi, transparent=transparent))
    assert data == ours  # what the export writes
    from PySide6.QtGui import QImage

    assert round(QImage.fromData(data).dotsPerMeterX() * 0.0254) == dpi


def _noise(width: int, height: int, fmt, seed: int):  # type: ignore[no-untyped-def]
    """A picture of seeded random pixels (every value, alpha included): no filter predicts it."""
    from PySide6.QtGui import QImage

    rng = random.Random(seed)
    img = QImage(width, height, fmt)
    for y in range(height):
        for x in range(width):
            a = rng.choice((0, 255, rng.randrange(256)))
            # Premultiplied: no colour value above its alpha.
            img.setPixel(
                x, y, (a << 24) | (rng.randrange(a + 1) << 16) | (rng.randrange(a + 1) << 8) | rng.randrange(a + 1)
            )
    return img


@pytest.mark.parametrize("size", [(1, 1), (7, 3), (13, 40), (101, 9)])
@pytest.mark.parametrize("fmt", ["Format_RGB32", "Format_ARGB32_Premultiplied", "Format_ARGB32"])
def test_odd_sizes_and_every_pixel_value(qapp, monkeypatch, size, fmt):
    from PySide6.QtGui import QImage

    monkeypatch.setattr(png, "BAND_BYTES", 100)  # a row or two per band
    img = _noise(*size, getattr(QImage.Format, fmt), seed=size[0] * 1000 + size[1])
    img.setDotsPerMeterX(5906)
    img.setDotsPerMeterY(2835)  # not square: both are kept
    for workers in (1, 3):
        monkeypatch.setattr(png, "cores", lambda workers=workers: workers)
        assert_same_picture(mapexport._image_bytes(img), qt_png(img))


def test_pictures_qt_writes_more_of_go_to_qt(qapp):
    from PySide6.QtGui import QColorSpace, QImage

    img = QImage(8, 8, QImage.Format.Format_RGB32)
    img.fill(0xFF336699)
    img.setText("Title", "a map")
    assert b"tEXt" in mapexport._image_bytes(img)  # Qt's writer, which keeps the text
    img = QImage(8, 8, QImage.Format.Format_RGB32)
    img.fill(0xFF336699)
    img.setColorSpace(QColorSpace(QColorSpace.NamedColorSpace.SRgb))
    assert mapexport._image_bytes(img) == qt_png(img)
    gray = QImage(8, 8, QImage.Format.Format_Grayscale8)
    gray.fill(7)
    assert mapexport._image_bytes(gray) == qt_png(gray)


def test_small_pictures_go_to_qt_large_ones_to_ours(qapp, monkeypatch):
    from PySide6.QtGui import QImage

    monkeypatch.setattr(mapexport, "OUR_PNG_FROM", 100 * 100)
    small, large = QImage(99, 100, QImage.Format.Format_RGB32), QImage(100, 100, QImage.Format.Format_RGB32)
    for img in (small, large):
        img.fill(0xFF336699)
    assert mapexport._image_bytes(small) == qt_png(small)
    ours = mapexport._image_bytes(large)
    assert ours != qt_png(large)
    assert_same_picture(ours, qt_png(large))


def test_preview_is_a_valid_png_of_its_size(qapp):
    from PySide6.QtGui import QImage

    project = api.sample_project()
    data = mapexport.preview_png(project, project.journeys()[0].id, 300)
    chunks(data)
    img = QImage.fromData(data)
    assert max(img.width(), img.height()) <= 300 and not img.isNull()


def test_adler32_of_joined_pieces():
    rng = random.Random(14)
    for _ in range(200):
        a = rng.randbytes(rng.randrange(0, 70_000))
        b = rng.randbytes(rng.randrange(0, 70_000))
        combined = png._adler_combine(zlib.adler32(a), zlib.adler32(b), len(b))
        assert combined == zlib.adler32(a + b)


def test_zlib_header_is_zlibs(monkeypatch):
    for level in range(10):
        assert png._zlib_header(level) == zlib.compress(b"x", level)[:2]


def _rows(height: int, width: int = 50):  # type: ignore[no-untyped-def]
    pixels = np.arange(height * width * 3, dtype=np.uint32).astype(np.uint8).reshape(height, width, 3)
    return lambda start, stop: pixels[start:stop]


@pytest.mark.parametrize("workers", [1, 2])
def test_cancel_stops_every_thread_and_writes_nothing(qapp, tmp_path, monkeypatch, workers):
    monkeypatch.setattr(png, "BAND_BYTES", 1_000)
    monkeypatch.setattr(png, "cores", lambda: workers)
    told = []

    def progress(done: int, total: int) -> bool:
        told.append((done, total))
        return done < 3

    with pytest.raises(ExportCancelledError):
        png.encode(_rows(400), 50, 400, 3, progress=progress)
    assert told == [(1, 400 // 6 + 1), (2, 400 // 6 + 1), (3, 400 // 6 + 1)] and no_png_threads()
    # Through the export: no file, nothing left beside it.
    project = api.sample_project()
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "map.png"
    with pytest.raises(ExportCancelledError):
        mapexport.export_map_files(project, project.journeys()[0].id, target, "png", mapexport.MapOptions(dpi=30),
                                   progress=lambda done, total: done < total * 3 // 4)  # fmt: skip
    assert list(folder.iterdir()) == [] and no_png_threads()


def test_export_progress_counts_the_drawing_then_each_band(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(png, "BAND_BYTES", 50_000)
    project = api.sample_project()
    told: list[tuple[int, int]] = []
    mapexport.export_map_files(project, project.journeys()[0].id, tmp_path / "m.png", "png",
                               mapexport.MapOptions(dpi=60), progress=lambda d, t: told.append((d, t)))  # fmt: skip
    total = told[0][1]
    assert told[0][0] == total // 2 + 1 and told[-1] == (total, total)
    assert [d for d, _ in told] == sorted(d for d, _ in told) and {t for _, t in told} == {total}


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize(
    ("error", "message"), [(MemoryError, "not enough memory"), (zlib.error, "could not be compressed")]
)
def test_error_in_a_band_is_one_line_and_leaves_no_thread(qapp, monkeypatch, workers, error, message):
    from PySide6.QtGui import QImage

    monkeypatch.setattr(png, "BAND_BYTES", 1_000)
    monkeypatch.setattr(png, "cores", lambda: workers)
    real = png._band
    calls = []

    def failing(rows, start, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(start)
        if len(calls) == 4:
            raise error("no room")
        return real(rows, start, *args, **kwargs)

    monkeypatch.setattr(png, "_band", failing)
    img = QImage(40, 300, QImage.Format.Format_RGB32)
    img.fill(0xFFFFFFFF)
    with pytest.raises(ValidationError, match=message) as info:
        mapexport._image_bytes(img)
    assert "\n" not in str(info.value) and no_png_threads()
