"""PNG writer for map pictures: rows filtered with numpy and deflated in bands on several threads.

Qt's writer (libpng) runs on one core and tries every row filter on every row; a 5,600 × 16,000
map took it 2 s, as long as drawing the map. Here each band of rows is filtered with PNG's "Up"
filter (the map is mostly paper and long straight lines, so the row above predicts a row well:
files a few per cent smaller than Qt's at the same zlib level) and deflated on its own, as pigz
does: a band ends with a sync flush, so the bands' deflate streams join into one, and one adler32
is made from each band's. numpy and zlib release the GIL, so the bands run side by side on every
core the process may use; on one core they run in turn on the calling thread, with no pool.

Qt-free: the caller hands over the rows (see :func:`encode`).
"""

from __future__ import annotations

import os
import struct
import threading
import zlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from ..i18n import _
from .common import ExportCancelledError, Progress

SIGNATURE = b"\x89PNG\r\n\x1a\n"
COLOUR_TYPES = {3: 2, 4: 6}  # channels → PNG colour type (RGB, RGBA), 8 bits each
UP = 2  # PNG's "Up" filter: each byte minus the byte above it
BAND_BYTES = 4 << 20  # raw bytes per band: large enough that the threads rarely meet, small in memory
MAX_WORKERS = 4  # deflate is the bottleneck: more threads than this gain little for the memory they hold
_ADLER_BASE = 65521

# rows(start, stop) → the pixels of rows start..stop-1: a uint8 array of shape (rows, width, channels)
# in R, G, B(, A) order, with any strides. Called on the encoding threads, a band at a time; the
# array is read before the same thread calls again, so it may borrow memory kept until then.
Rows = Callable[[int, int], np.ndarray]


def cores() -> int:
    """The cores this process may run on (a ``taskset`` or a container's limit, not the machine's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # macOS and Windows have no affinity call
        return max(1, os.cpu_count() or 1)


def encode(
    rows: Rows,
    width: int,
    height: int,
    channels: int,
    dots_per_metre: tuple[int, int] | None = None,
    level: int = 2,
    progress: Progress | None = None,
    workers: int | None = None,
) -> bytes:
    """The PNG of ``height`` rows of ``width`` pixels of ``channels`` (3: RGB, 4: RGBA, not premultiplied).

    ``dots_per_metre`` is written as the pHYs chunk (the resolution viewers and printers read);
    ``level`` is zlib's. ``progress(done, total)`` is told each band as it is finished; when it
    returns False the work stops, every thread ends, and :class:`ExportCancelledError` is raised.
    An error in a band (MemoryError…) is raised here after the other threads have stopped.
    """
    if channels not in COLOUR_TYPES:
        raise ValueError(f"a PNG is written from 3 or 4 channels, not {channels}")
    if not (0 < width < 2**31 and 0 < height < 2**31):
        raise ValueError(f"a PNG cannot be {width} × {height} pixels")
    stride = width * channels + 1  # a row in the stream: its filter byte, then its pixels
    per_band = max(1, min(height, BAND_BYTES // stride))
    starts = list(range(0, height, per_band))
    stop = threading.Event()

    def band(index: int) -> tuple[bytes, int, int, int]:
        if stop.is_set():
            raise ExportCancelledError("stopped")
        start = starts[index]
        end = min(height, start + per_band)
        return _band(rows, start, end, width, channels, level, first=index == 0, last=end == height)

    pool = min(workers or cores(), MAX_WORKERS, len(starts))
    parts: list[bytes] = [
        SIGNATURE,
        _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, COLOUR_TYPES[channels], 0, 0, 0)),
    ]
    if dots_per_metre is not None and min(dots_per_metre) > 0:
        parts.append(_chunk(b"pHYs", struct.pack(">IIB", *dots_per_metre, 1)))  # 1: the unit is the metre
    adler = 1
    if pool <= 1:
        results = (band(i) for i in range(len(starts)))
        executor = None
    else:
        executor = ThreadPoolExecutor(max_workers=pool, thread_name_prefix="png")
        # Submitted in order: a thread takes the next band as soon as it is free, and the bands
        # come back in order because they are read in order.
        futures: list[Future] = [executor.submit(band, i) for i in range(len(starts))]
        results = (futures.pop(0).result() for _ in range(len(starts)))  # a band's data once, in ``parts``
    try:
        for done, (data, crc, band_adler, raw) in enumerate(results, start=1):
            adler = _adler_combine(adler, band_adler, raw)
            if done == len(starts):
                tail = struct.pack(">I", adler)  # the zlib stream's checksum closes the last chunk
                crc = zlib.crc32(tail, crc)
                parts += [struct.pack(">I", len(data) + 4), b"IDAT", data, tail, struct.pack(">I", crc)]
            else:
                parts += [struct.pack(">I", len(data)), b"IDAT", data, struct.pack(">I", crc)]
            if progress is not None and progress(done, len(starts)) is False:
                raise ExportCancelledError(_("The export was cancelled; no file was written"))
    finally:
        if executor is not None:
            stop.set()  # bands not started yet end at once; the running ones finish their band
            executor.shutdown(wait=True, cancel_futures=True)
    parts.append(_chunk(b"IEND", b""))
    return b"".join(parts)


def _band(
    rows: Rows, start: int, end: int, width: int, channels: int, level: int, first: bool, last: bool
) -> tuple[bytes, int, int, int]:
    """One band deflated: its IDAT data (without length), the CRC so far, its adler32 and raw length."""
    n = end - start
    pixels = rows(start - 1 if start else 0, end)  # with the row above, which the filter subtracts
    out = np.empty((n, width * channels + 1), np.uint8)
    out[:, 0] = UP
    body = out[:, 1:].reshape(n, width, channels)
    if start:
        np.subtract(pixels[1:], pixels[:-1], out=body)
    else:
        body[0] = pixels[0]  # the first row has no row above: Up leaves it as it is
        np.subtract(pixels[1:], pixels[:-1], out=body[1:])
    del pixels
    # Raw deflate (no zlib header): the bands are pieces of one stream. A sync flush ends each on
    # a byte boundary with every byte given out; the last one finishes the stream.
    deflate = zlib.compressobj(level, zlib.DEFLATED, -15)
    head = _zlib_header(level) if first else b""
    data = head + deflate.compress(out) + deflate.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)
    return data, zlib.crc32(data, zlib.crc32(b"IDAT")), zlib.adler32(out), out.nbytes


def _zlib_header(level: int) -> bytes:
    # RFC 1950: deflate with a 32 KB window, and the level's hint as zlib itself writes it.
    cmf = 0x78
    hint = 0 if level < 2 else 1 if level < 6 else 2 if level == 6 else 3
    flg = hint << 6
    flg += 31 - (cmf * 256 + flg) % 31
    return bytes([cmf, flg])


def _adler_combine(first: int, second: int, length: int) -> int:
    """The adler32 of two pieces joined, from each one's and the second's length (zlib's adler32_combine)."""
    a = ((first & 0xFFFF) + (second & 0xFFFF) - 1) % _ADLER_BASE
    b = ((first >> 16) + (second >> 16) + length * ((first & 0xFFFF) - 1)) % _ADLER_BASE
    return (b << 16) | (a & 0xFFFF)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(body, zlib.crc32(kind)))


__all__ = ["Rows", "cores", "encode"]
