"""Pictures for storyboard lanes: bounded on the way in, refused with one clear line when hostile or broken."""

from __future__ import annotations

import struct
import zlib

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage, QPainter

from cxdesigner.exchange.images import MAX_FILE_BYTES, ImageError, load_picture, picture_from_bytes
from cxdesigner.model import limits


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG whose header claims ten billion pixels (a decompression bomb)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1000)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def encoded(image: QImage, fmt: str) -> bytes:
    array = QByteArray()
    buf = QBuffer(array)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buf, fmt)
    buf.close()
    return bytes(array.data())


def photo(w: int, h: int) -> QImage:
    """A noisy picture (seeded), which compresses like a photo."""
    img = QImage(w, h, QImage.Format.Format_RGB32)
    seed = 12345
    for y in range(0, h, 8):
        for x in range(0, w, 8):
            seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
            img.setPixelColor(x, y, QColor(seed & 255, (seed >> 8) & 255, (seed >> 16) & 255))
    p = QPainter(img)
    p.fillRect(w // 4, h // 4, w // 2, h // 2, QColor("#3366aa"))
    p.end()
    return img


def test_a_decompression_bomb_is_refused_before_decoding(qapp, tmp_path):
    path = tmp_path / "bomb.png"
    path.write_bytes(bomb_png())
    assert path.stat().st_size < 2000
    with pytest.raises(ImageError, match="100000 × 100000 pixels") as err:
        load_picture(path)
    assert "\n" not in str(err.value)


def test_a_truncated_jpeg_is_called_damaged(qapp):
    data = encoded(photo(400, 300), "JPEG")
    with pytest.raises(ImageError, match="damaged"):
        picture_from_bytes(data[: len(data) // 2], "cut.jpg")


def test_other_formats_and_non_pictures_are_refused(qapp, tmp_path):
    gif = encoded(QImage(10, 10, QImage.Format.Format_RGB32), "BMP")
    with pytest.raises(ImageError, match="not a PNG, JPEG or WebP"):
        picture_from_bytes(gif, "x.bmp")
    with pytest.raises(ImageError, match="not a PNG, JPEG or WebP"):
        picture_from_bytes(b"<html>hello</html>", "page.png")
    with pytest.raises(ImageError, match="Cannot read"):
        load_picture(tmp_path / "missing.png")


def test_a_file_over_the_limit_is_refused_unread(qapp, tmp_path):
    path = tmp_path / "huge.jpg"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: takes no room on disk
    with pytest.raises(ImageError, match="larger than 50 MB"):
        load_picture(path)


def test_a_big_photo_is_scaled_and_reencoded_as_jpeg(qapp, tmp_path):
    path = tmp_path / "photo.png"
    path.write_bytes(encoded(photo(3200, 2000), "PNG"))
    pic = load_picture(path)
    assert pic.image_type == "jpeg"
    assert max(pic.width, pic.height) <= limits.MAX_IMAGE_SIDE
    assert (pic.width, pic.height) == (1600, 1000)
    assert len(pic.data) <= limits.MAX_IMAGE_BYTES
    assert not QImage.fromData(pic.data).isNull()


def test_a_picture_with_transparency_stays_png(qapp):
    img = QImage(64, 48, QImage.Format.Format_ARGB32)
    img.fill(QColor(200, 30, 30, 120))
    pic = picture_from_bytes(encoded(img, "PNG"), "logo.png")
    assert pic.image_type == "png" and (pic.width, pic.height) == (64, 48)
    assert QImage.fromData(pic.data).hasAlphaChannel()


def test_webp_is_read(qapp):
    pic = picture_from_bytes(encoded(photo(120, 80), "WEBP"), "p.webp")
    assert pic.image_type == "jpeg" and (pic.width, pic.height) == (120, 80)
