"""Draw the storyboard pictograms of the dental-clinic and hotel templates and put them into the template JSON.

Run from the worktree root: ``PYTHONPATH=$PWD python tools/template_pictures.py``. The pictures are plain flat
shapes in the map's palette (320 × 200 PNG, a few KB each) so the templates stay small and need no artwork
licence; running the tool again rewrites the same cells, so the JSON stays canonical and reproducible.
"""

from __future__ import annotations

import base64
import json
import math
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

from cxdesigner.layout.palette import CELL_FILLS, EMOTION_SCALE, INK, MUTED_INK, PAPER, PHASE_FILLS

W, H = 320, 200
ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "resources" / "templates"

BLUE, DARK_BLUE, ORANGE, SAND = EMOTION_SCALE[4], EMOTION_SCALE[6], EMOTION_SCALE[1], EMOTION_SCALE[2]


def _canvas(draw: Callable[[QPainter], None]) -> bytes:
    image = QImage(W, H, QImage.Format.Format_RGB32)
    image.fill(QColor(CELL_FILLS[0]))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(PHASE_FILLS["before"]))
    p.drawRect(QRectF(0, 160, W, 40))  # the floor line every picture stands on
    draw(p)
    p.end()
    return png_bytes(image)


def png_bytes(image: QImage) -> bytes:
    """The image as PNG file bytes, as Qt writes them by default (the tools' pictures stay byte-stable)."""
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    buf.close()
    return bytes(data.data())


def _box(p: QPainter, x: float, y: float, w: float, h: float, colour: str, radius: float = 6) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(colour))
    p.drawRoundedRect(QRectF(x, y, w, h), radius, radius)


def desk(p: QPainter) -> None:
    _box(p, 140, 40, 40, 40, ORANGE, 20)  # the receptionist
    _box(p, 125, 78, 70, 50, ORANGE, 16)
    _box(p, 60, 110, 200, 52, DARK_BLUE, 4)
    _box(p, 50, 102, 220, 12, INK, 3)
    _box(p, 215, 84, 30, 18, SAND, 2)  # the bell
    _box(p, 226, 78, 8, 8, MUTED_INK, 4)


def chair(p: QPainter) -> None:
    _box(p, 150, 146, 40, 16, INK, 3)  # base
    _box(p, 162, 120, 16, 30, MUTED_INK, 2)
    path = QPainterPath()  # the reclined seat
    path.moveTo(60, 70)
    path.lineTo(90, 118)
    path.lineTo(250, 118)
    path.lineTo(250, 100)
    path.lineTo(105, 100)
    path.lineTo(80, 60)
    path.closeSubpath()
    p.setBrush(QColor(BLUE))
    p.drawPath(path)
    _box(p, 52, 50, 34, 22, DARK_BLUE, 8)  # headrest
    _box(p, 200, 30, 8, 50, MUTED_INK, 2)  # the lamp arm
    _box(p, 180, 22, 50, 16, SAND, 8)


def tooth(p: QPainter) -> None:
    path = QPainterPath()
    path.moveTo(120, 50)
    path.cubicTo(120, 20, 160, 25, 160, 40)
    path.cubicTo(160, 25, 200, 20, 200, 50)
    path.cubicTo(200, 80, 195, 100, 188, 150)
    path.cubicTo(184, 160, 174, 160, 172, 150)
    path.lineTo(165, 110)
    path.lineTo(155, 110)
    path.lineTo(148, 150)
    path.cubicTo(146, 160, 136, 160, 132, 150)
    path.cubicTo(125, 100, 120, 80, 120, 50)
    p.setPen(QPen(QColor(DARK_BLUE), 4))
    p.setBrush(QColor(PAPER))
    p.drawPath(path)
    p.setPen(QPen(QColor(ORANGE), 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for dx, dy in ((-1, -1), (1, -1), (-1, 0.4), (1, 0.4)):  # the ache
        x0, y0 = 160 + dx * 60, 70 + dy * 30
        p.drawLine(QPointF(x0, y0), QPointF(x0 + dx * 22, y0 + dy * 14))


def calendar(p: QPainter) -> None:
    _box(p, 95, 40, 130, 115, PAPER, 6)
    _box(p, 95, 40, 130, 28, DARK_BLUE, 6)
    for row in range(3):
        for col in range(4):
            colour = ORANGE if (row, col) == (1, 2) else CELL_FILLS[1]
            _box(p, 105 + col * 30, 76 + row * 25, 22, 18, colour, 3)
    for x in (120, 200):
        _box(p, x, 30, 8, 20, INK, 3)


def phone(p: QPainter) -> None:
    _box(p, 120, 14, 80, 146, INK, 12)  # a phone showing a friend's photo of the rooftop pool
    _box(p, 127, 30, 66, 110, PAPER, 3)
    _box(p, 127, 30, 66, 46, SAND, 3)  # sky
    _box(p, 150, 38, 16, 16, ORANGE, 8)  # sun
    _box(p, 127, 92, 66, 48, BLUE, 3)  # the pool
    _box(p, 127, 76, 66, 16, MUTED_INK, 0)  # the roof's edge
    _box(p, 150, 146, 20, 6, MUTED_INK, 3)


def queue(p: QPainter) -> None:
    _box(p, 20, 110, 110, 52, DARK_BLUE, 4)  # the reception desk, seen from the queue
    _box(p, 12, 102, 126, 12, INK, 3)
    for i, x in enumerate((160, 205, 250)):  # three guests waiting, the last one with her suitcase
        colour = ORANGE if i == 2 else MUTED_INK
        _box(p, x + 6, 58, 28, 28, colour, 14)
        _box(p, x, 86, 40, 74, colour, 12)
    _box(p, 290, 116, 24, 44, SAND, 4)
    _box(p, 298, 104, 8, 14, INK, 2)


def bed(p: QPainter) -> None:
    _box(p, 50, 60, 16, 100, INK, 3)  # headboard
    _box(p, 60, 104, 220, 36, PAPER, 6)  # mattress and sheet
    _box(p, 120, 96, 160, 44, BLUE, 8)  # the duvet
    _box(p, 70, 88, 50, 20, SAND, 8)  # pillow
    _box(p, 270, 120, 10, 40, INK, 3)
    _box(p, 200, 24, 84, 40, PAPER, 4)  # the air conditioner over the bed
    _box(p, 206, 52, 72, 4, MUTED_INK, 2)
    p.setPen(QPen(QColor(ORANGE), 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for x in (214, 242, 270):  # its noise
        p.drawLine(QPointF(x, 68), QPointF(x - 8, 80))


def review(p: QPainter) -> None:
    _box(p, 60, 30, 200, 120, PAPER, 8)  # a review card with five stars
    star = QPainterPath()
    for k in range(10):
        r = 15 if k % 2 == 0 else 6.5
        a = -math.pi / 2 + k * math.pi / 5
        point = QPointF(r * math.cos(a), r * math.sin(a))
        if k == 0:
            star.moveTo(point)
        else:
            star.lineTo(point)
    star.closeSubpath()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(ORANGE))
    for i in range(5):
        p.drawPath(star.translated(88 + i * 36, 62))
    for y, w in ((92, 160), (110, 140), (128, 110)):  # the lines of text
        _box(p, 80, y, w, 8, CELL_FILLS[1], 4)


# (stage, picture, English caption, Spanish caption) by template, three or four a map.
STORYBOARDS: dict[str, list[tuple[str, Callable[[QPainter], None], str, str]]] = {
    "dental-clinic": [
        ("st-dental-clinic-toothache", tooth, "The ache starts", "Empieza el dolor"),
        ("st-dental-clinic-booking", calendar, "Finds a slot", "Encuentra hueco"),
        ("st-dental-clinic-reception", desk, "Checks in", "Se registra"),
        ("st-dental-clinic-chair", chair, "In the chair", "En el sillón"),
    ],
    "hotel": [
        ("st-hotel-awareness", phone, "A friend's rooftop photo", "La foto de una amiga"),
        ("st-hotel-arrival", queue, "The check-in queue", "La cola del registro"),
        ("st-hotel-stay", bed, "A noisy night", "Una noche ruidosa"),
        ("st-hotel-advocacy", review, "Five stars for the concierge", "Cinco estrellas al conserje"),
    ],
}


def pictures(name: str) -> list[tuple[str, bytes, str, str]]:
    """The storyboard of template ``name``: (stage id, PNG bytes, English caption, Spanish caption)."""
    return [(stage, _canvas(draw), en, es) for stage, draw, en, es in STORYBOARDS[name]]


def main() -> int:
    """Write the pictures into each template's storyboard lane (which must exist), leaving the rest as it is."""
    from cxdesigner.model import jsonformat

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for name in STORYBOARDS:
        drawn = pictures(name)
        for lang in ("en", "es"):
            path = TEMPLATES / f"{name}.{lang}.json"
            data = json.loads(path.read_text(encoding="utf-8"))
            journey = data["journeys"][0]
            lane = next(ln for ln in journey["lanes"] if ln["kind"] == "storyboard")
            cells = {c["stage_id"]: c for c in journey["lane_cells"] if c["lane_id"] == lane["id"]}
            for stage, png, en, es in drawn:
                if stage not in cells:
                    print(f"{path.name}: no storyboard cell at {stage}", file=sys.stderr)
                    return 1
                cell = cells[stage]
                cell["image"], cell["image_type"] = base64.b64encode(png).decode("ascii"), "png"
                cell["text"] = en if lang == "en" else es
            text = jsonformat.dumps(jsonformat.loads(json.dumps(data)))
            path.write_text(text, encoding="utf-8")
            sizes = ", ".join(f"{len(png) / 1024:.1f} KB" for _s, png, _e, _x in drawn)
            print(f"{path.name}: {sizes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
