"""Storyboard pictures from outside: a chosen "picture" that is a pipe or a device, and a picture in a
project from elsewhere that claims more pixels than any picture CX Designer keeps."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest

from cxdesigner import api
from cxdesigner.canvas.laneitems import LaneContentItem
from cxdesigner.exchange.images import ImageError, load_picture
from cxdesigner.exchange.report_lanes import lane_blocks
from cxdesigner.model import Change, Lane, LaneCell, limits


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def blank_png(width: int, height: int) -> bytes:
    """A whole, valid grey PNG: a few KB that decode to ``width`` × ``height`` pixels."""
    rows = (b"\x00" + b"\x80" * width) * height
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(rows, 9)) + _chunk(b"IEND", b"")


def bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG whose header claims ten billion pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1000)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def _fifo(folder: Path) -> Path:
    os.mkfifo(folder / "photo.png")
    return folder / "photo.png"


def _device_link(folder: Path) -> Path:
    (folder / "photo.png").symlink_to("/dev/zero")
    return folder / "photo.png"


def _folder(folder: Path) -> Path:
    (folder / "photo.png").mkdir()
    return folder / "photo.png"


@pytest.mark.timeout(20)  # before: the worker waited on the pipe for good, and read /dev/zero until memory ran out
@pytest.mark.parametrize(
    ("make", "kind"), [(_fifo, "a pipe (FIFO)"), (_device_link, "a device"), (_folder, "a folder")]
)
def test_a_picture_that_is_not_a_regular_file_is_refused_at_once(qapp, tmp_path, make, kind):
    path = make(tmp_path)
    with pytest.raises(ImageError) as err:
        load_picture(path)
    assert str(err.value) == f"photo.png is {kind}, not a picture file: choose a PNG, JPEG or WebP file"


@pytest.fixture(scope="module")
def oversized_project(qapp):
    """The hotel template with a storyboard of three pictures: one as CX Designer keeps them, one wider
    than that (as a draw.io diagram may bring), and one whose header claims 100,000 ×
    100,000 pixels, more than any import takes."""
    project = api.template_project("hotel")
    jid = project.journeys()[0].id
    stages = project.stages(jid)
    n = len(project.lanes(jid))
    side = limits.MAX_IMAGE_SIDE
    lane = Lane(id="ln-story", journey_id=jid, position=n, kind="storyboard", name="Board")
    cells = [
        LaneCell(id="lc-kept", journey_id=jid, lane_id=lane.id, stage_id=stages[0].id, text="Kept",
                 image=blank_png(side, side // 2), image_type="png"),
        LaneCell(id="lc-wide", journey_id=jid, lane_id=lane.id, stage_id=stages[1].id, text="Wide",
                 image=blank_png(side + 400, 200), image_type="png"),
        LaneCell(id="lc-bomb", journey_id=jid, lane_id=lane.id, stage_id=stages[2].id, text="Bomb",
                 image=bomb_png(), image_type="png"),
    ]  # fmt: skip
    project.apply([Change(e.KIND, e.id, None, e) for e in [lane, *cells]])
    return project, jid


def test_a_stored_picture_is_drawn_at_most_as_large_as_kept_and_a_bomb_not_at_all(oversized_project):
    """Such pictures (8,000 × 8,000 in a 250 KB PNG) made a map export of four take 1.1 GB and 8 s,
    and the window decoded them on its thread at every paint, keeping 64 of them."""
    project, jid = oversized_project
    kept, large, bomb = (project.lane_cell(*_at(project, jid, k)) for k in range(3))
    item = LaneContentItem()
    side = limits.MAX_IMAGE_SIDE
    assert item._image(kept)[0].size().width() == side
    assert (item._image(large)[0].width(), item._image(large)[0].height()) == (side, 160)
    assert item._image(bomb)[0].isNull()
    blocks = lane_blocks(project, jid, "en")
    ours = next(i for i, b in enumerate(blocks) if b.tag == "heading" and ">Board<" in b.html)
    html = blocks[ours + 1].html  # the board's one row of pictures (the template has a storyboard of its own)
    assert html.count("<img src='data:image/png;base64,") == 2
    assert html.count("Picture too large to show: replace it with a smaller one") == 1


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_picture_not_drawn_says_why_in_the_window_and_the_exports_as_the_report_does(
    oversized_project, monkeypatch, lang
):
    """A refused picture left its storyboard cell blank on the map (window and exports) while the report
    said "(picture cannot be shown)": each now says the same reason, in the map's language."""
    from PySide6.QtGui import QImage, QPainter

    from cxdesigner.canvas import laneitems
    from cxdesigner.canvas.scene import JourneyScene
    from cxdesigner.exchange.images import PICTURE_TOO_LARGE
    from cxdesigner.i18n import translation

    project, jid = oversized_project
    said = translation(lang).gettext(PICTURE_TOO_LARGE)
    drawn: list[str] = []
    real = laneitems.draw_lines

    def record(painter, lines, *args, **kwargs):  # type: ignore[no-untyped-def]
        drawn.extend(lines)
        return real(painter, lines, *args, **kwargs)

    monkeypatch.setattr(laneitems, "draw_lines", record)
    scene = JourneyScene(project, lang)
    scene.set_journey(jid)
    ours = next(i for i in scene.items() if isinstance(i, laneitems.LaneContentItem))
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        scene.render(painter, source=ours.sceneBoundingRect())  # as the view and every map export draw it
    finally:
        painter.end()
    assert " ".join(drawn).count(said) == 1, drawn
    blocks = lane_blocks(project, jid, lang)
    assert sum(b.html.count(said) for b in blocks) == 1


def _at(project, jid: str, stage: int) -> tuple[str, str]:
    return project.stages(jid)[stage].id, "ln-story"
