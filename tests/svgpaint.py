"""One SVG generator set up as the map's exports set it up, for tests that paint into an SVG."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator

from cxdesigner.canvas import style


def svg_bytes(size: QSize, paint: Callable[[QPainter], object], view_box: bool = True) -> bytes:
    """The SVG ``paint`` draws on a ``size`` page at the scene's resolution (with a matching viewBox)."""
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    gen.setResolution(style.scene_dpi())
    gen.setSize(size)
    if view_box:
        gen.setViewBox(QRectF(0, 0, size.width(), size.height()))
    painter = QPainter(gen)
    try:
        paint(painter)
    finally:
        painter.end()
    return bytes(data.data())
