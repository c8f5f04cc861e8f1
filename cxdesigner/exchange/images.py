"""Pictures taken into a project (storyboard lanes): read with limits, scaled down, re-encoded small.

QtGui only (QImageReader), no widgets, so it runs in a worker thread and from the command line. A
file is checked before it is decoded: its size on disk, then the size its header claims, so a
decompression bomb (a tiny file that claims a huge picture) is refused without allocating it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageIOHandler, QImageReader, QImageWriter

from ..i18n import N_, _, number, os_reason
from ..model import limits
from ..model.errors import CXError
from ..storage import regular
from ..storage.errors import BadTargetError, StorageError
from .common import reading_failure

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024  # a picture file larger than this is refused unread
FORMATS = {"png": "png", "jpg": "jpeg", "jpeg": "jpeg", "webp": "webp"}  # what the reader says → image_type
# QImageReader's allocation limit (MB) for one decode: a little above the largest picture we accept.
_ALLOCATION_MB = max(1, limits.MAX_IMAGE_PIXELS * 4 // (1024 * 1024) + 1)
# A stored picture in a format decoded whole before it is scaled: at most 64 MB decoded (a 5K screenshot).
_WHOLE_DECODE_PIXELS = 16_000_000


class ImageError(CXError):
    """A picture that cannot be taken in; the message is one line for the user."""


@dataclass(frozen=True)
class Picture:
    data: bytes
    image_type: str  # png or jpeg (what we wrote), see LaneCell.image_type
    width: int
    height: int



@contextmanager
def _bounded_reader(data: bytes) -> Iterator[QImageReader]:
    """A reader of ``data`` in memory that will not allocate more than ``_ALLOCATION_MB`` for a picture."""
    array = QByteArray(data)  # held here: the buffer reads it through a pointer
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    try:
        reader = QImageReader(buffer)
        reader.setAllocationLimit(_ALLOCATION_MB)
        yield reader
    finally:
        buffer.close()

def load_picture(path: str | Path) -> Picture:
    """Read a PNG, JPEG or WebP file into a storyboard picture within the project's limits.

    Raises :class:`ImageError` with a one-line message for a file that is too big, not a picture,
    of another format, broken, or claiming more pixels than ``limits.MAX_IMAGE_PIXELS``.
    """
    p = Path(path)
    # Only a regular file: a pipe named "photo.png" would block the worker for good, and a link to a
    # device (/dev/zero) would be read until the memory ran out; the read itself stops past the limit.
    try:
        with regular.open_regular(p, "picture") as f:
            size = os.fstat(f.fileno()).st_size
            if size <= MAX_FILE_BYTES:
                data = f.read(MAX_FILE_BYTES + 1)
    except BadTargetError:
        raise ImageError(
            _("{name} is {kind}, not a picture file: choose a PNG, JPEG or WebP file").format(
                name=p.name, kind=regular.kind_of(_mode(p))
            )
        ) from None
    except StorageError as exc:
        cause = exc.__cause__ if isinstance(exc.__cause__, OSError) else exc
        raise ImageError(_("Cannot read {name}: {why}").format(name=p.name, why=_why(cause))) from exc
    except OSError as exc:
        raise ImageError(_("Cannot read {name}: {why}").format(name=p.name, why=os_reason(exc))) from exc
    if size > MAX_FILE_BYTES or len(data) > MAX_FILE_BYTES:  # too large, or it grew while read
        raise ImageError(
            _("{name} is larger than {limit} MB: choose a smaller picture").format(
                name=p.name, limit=number(MAX_FILE_BYTES // (1024 * 1024))
            )
        )
    return picture_from_bytes(data, p.name)


def _mode(path: Path) -> int:
    try:
        return os.stat(path).st_mode
    except OSError:
        return 0  # gone meanwhile: "not a regular file"


def _why(exc: BaseException) -> str:
    return os_reason(exc) if isinstance(exc, OSError) else str(exc)


def picture_from_bytes(data: bytes, name: str = "") -> Picture:
    """As :func:`load_picture`, for bytes already in memory (a pasted or imported picture)."""
    name = name or _("The picture")
    if len(data) > MAX_FILE_BYTES:
        raise ImageError(
            _("{name} is larger than {limit} MB: choose a smaller picture").format(
                name=name, limit=number(MAX_FILE_BYTES // (1024 * 1024))
            )
        )
    with _bounded_reader(data) as reader:
        fmt = bytes(reader.format().data()).decode("ascii", "replace").lower()
        if fmt not in FORMATS:
            raise ImageError(_("{name} is not a PNG, JPEG or WebP picture: choose one of those").format(name=name))
        if not _complete(data, fmt):
            # Decoders fill a cut-off file with grey and call it read: say it is damaged instead.
            raise ImageError(_("{name} is damaged (the file is cut short): choose another picture").format(name=name))
        claimed = reader.size()
        if not claimed.isValid() or claimed.width() <= 0 or claimed.height() <= 0:
            raise ImageError(_("{name} is damaged: its size cannot be read").format(name=name))
        if claimed.width() * claimed.height() > limits.MAX_IMAGE_PIXELS:
            raise ImageError(
                _("{name} claims {w} × {h} pixels, more than a picture may have: choose a smaller one").format(
                    name=name, w=claimed.width(), h=claimed.height()
                )
            )
        # Decode straight to the size we keep when the format can (JPEG scales while decoding).
        side = limits.MAX_IMAGE_SIDE
        if max(claimed.width(), claimed.height()) > side:
            reader.setScaledSize(claimed.scaled(QSize(side, side), Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if image.isNull():
            # The decoder's own words ("Unable to read image data") are English and say nothing to do.
            log.info("decoding %s failed: %s", name, reader.errorString())
            raise ImageError(
                _("{name} is damaged and cannot be read: open it in an image editor, save it again as PNG "
                  "or JPEG, then try again").format(name=name)
            )
    return encode_picture(image, name)


# Why a stored picture is not drawn, in the words every view shows in its place (the map, its exports, the
# report): the map's own text (untranslated here; each view translates it in the language it draws in).
PICTURE_TOO_LARGE = N_("Picture too large to show: replace it with a smaller one")
PICTURE_UNREADABLE = N_("Picture damaged or not a picture: replace it")


def stored_image(data: bytes | None) -> QImage:
    """:func:`stored_picture`'s image alone (a null one when it cannot be drawn)."""
    return stored_picture(data)[0]


def stored_picture(data: bytes | None) -> tuple[QImage, str]:
    """A project's picture decoded for drawing, at most ``limits.MAX_IMAGE_SIDE`` on each side, and ``""``;
    or a null image and why it is not drawn (:data:`PICTURE_TOO_LARGE` when its header claims more than
    ``limits.MAX_IMAGE_PIXELS``, the bound of every import; :data:`PICTURE_UNREADABLE` when it cannot be read).

    A picture taken in by CX Designer is re-encoded that small, but one from a draw.io diagram or a
    JSON file is kept as it came, and a file from elsewhere may hold anything: a 250 KB PNG can claim
    8,000 × 8,000 pixels, 244 MB and seconds of decoding, and the map kept 64 pictures decoded. A
    format decoded whole before it is scaled (PNG, WebP; JPEG scales while decoding) is drawn only
    up to ``_WHOLE_DECODE_PIXELS``.
    """
    if not data:
        return QImage(), ""
    with _bounded_reader(data) as reader:
        claimed = reader.size()
        if not claimed.isValid() or claimed.width() <= 0 or claimed.height() <= 0:
            return QImage(), PICTURE_UNREADABLE
        side = limits.MAX_IMAGE_SIDE
        scales = reader.supportsOption(QImageIOHandler.ImageOption.ScaledSize)
        most = limits.MAX_IMAGE_PIXELS if scales else _WHOLE_DECODE_PIXELS
        if claimed.width() * claimed.height() > most:
            return QImage(), PICTURE_TOO_LARGE
        if max(claimed.width(), claimed.height()) > side:
            reader.setScaledSize(claimed.scaled(QSize(side, side), Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        return image, (PICTURE_UNREADABLE if image.isNull() else "")


def picture_failure(exc: BaseException, name: str) -> str:
    """What a failed :func:`load_picture` of the file ``name`` means to the user, and what to do: one line.

    Our refusals (:class:`ImageError`) say it already; running out of memory or a disk gone is said as
    the file readers say it; anything else is a bug, logged with its traceback, not shown in its words.
    """
    if isinstance(exc, ImageError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return _("{name} is too large for the memory left on this computer: close other programs and try "
                 "again, or choose a smaller picture").format(name=name)
    told = reading_failure(exc, name)
    if told is not None:
        return str(told)
    log.error("reading the picture %s failed", name, exc_info=exc)
    from ..storage import log_file  # only when it failed: the log's place, to name it

    return _("{name} could not be read because of an error in CX Designer (details in the log: {path}): save "
             "the picture again as PNG or JPEG and try again, or choose another one").format(
        name=name, path=log_file()
    )


def _complete(data: bytes, fmt: str) -> bool:
    """Whether the file has its format's end marker (a cut-off download or copy does not)."""
    tail = data[-64:]
    if fmt in ("jpeg", "jpg"):
        return b"\xff\xd9" in tail
    if fmt == "png":
        return b"IEND" in tail
    return True  # WebP says its length up front; the decoder refuses a short one


def encode_picture(image: QImage, name: str = "") -> Picture:
    """Scale ``image`` to at most MAX_IMAGE_SIDE and encode it within MAX_IMAGE_BYTES.

    Pictures with transparency stay PNG; photos become JPEG at quality 85 (lower, then smaller,
    until they fit).
    """
    side = limits.MAX_IMAGE_SIDE
    if max(image.width(), image.height()) > side:
        image = image.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    alpha = image.hasAlphaChannel()
    for scale in (1.0, 0.75, 0.5, 0.35, 0.25):
        img = image
        if scale < 1.0:
            img = image.scaled(
                max(1, int(image.width() * scale)),
                max(1, int(image.height() * scale)),
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        for quality in (85,) if alpha else (85, 70, 55):
            data = _encode(img, "png" if alpha else "jpeg", quality)
            if len(data) <= limits.MAX_IMAGE_BYTES:
                return Picture(data, "png" if alpha else "jpeg", img.width(), img.height())
    raise ImageError(_("{name} cannot be made small enough to keep: choose a simpler picture").format(name=name))


def _encode(image: QImage, fmt: str, quality: int) -> bytes:
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, fmt.encode("ascii"))
    if fmt == "jpeg":
        writer.setQuality(quality)
        image = image.convertToFormat(QImage.Format.Format_RGB32)
    else:
        writer.setCompression(9)
    ok = writer.write(image)
    buffer.close()
    if not ok:
        # Qt's reason ("Unsupported image format") is English and names nothing the user can change.
        log.info("encoding a picture as %s failed: %s", fmt, writer.errorString())
        raise ImageError(
            _("The picture cannot be stored (this computer cannot write it as {format}): close other programs, "
              "then try again, or save it as a PNG in an image editor first").format(format=fmt.upper())
        )
    return bytes(array.data())


__all__ = ["MAX_FILE_BYTES", "ImageError", "Picture", "encode_picture", "load_picture", "picture_failure",
           "picture_from_bytes", "stored_image"]
