"""draw.io and lanes without cards: cells as text and picture shapes that come back, computed lanes as text."""

from __future__ import annotations

import base64
import re
import zlib
from pathlib import Path

import pytest
from strategies import TINY_PNG
from test_exchange_drawio import cells_of, codec_cells, entity_of, export_tree

from cxdesigner import api
from cxdesigner.exchange import drawio
from cxdesigner.exchange.drawio import parse_drawio, picture_kind, picture_size

FIXTURES = Path(__file__).parent / "fixtures"


def _cells_by_place(project, jid):
    stages = {s.id: i for i, s in enumerate(project.stages(jid))}
    lanes = {ln.id: i for i, ln in enumerate(project.lanes(jid))}
    return {
        (stages[c.stage_id], lanes[c.lane_id]): (c.text, c.value, c.unit, c.period, c.source, c.image, c.image_type)
        for c in project.lane_cells(jid)
    }


def fixture():
    doc = api.open_project(FIXTURES / "format-4.cxd", read_only=True)
    project = doc.project
    doc.close()
    return project, project.journeys()[0].id


def test_text_figure_and_picture_cells_round_trip_in_their_stage_and_lane():
    project, jid = fixture()
    data = drawio.drawio_bytes(project, jid, "es")
    read = parse_drawio(data, "map.drawio")
    back = read.project
    jid2 = back.journeys()[0].id
    assert read.notes == []
    assert _cells_by_place(back, jid2) == _cells_by_place(project, jid)
    assert [ln.kind for ln in back.lanes(jid2)] == [ln.kind for ln in project.lanes(jid)]
    # Computed lanes are drawn for looks only: never read back as cards.
    assert len(back.touchpoints(jid2)) == len(project.touchpoints(jid))


def test_the_picture_is_an_image_shape_with_a_data_uri_and_computed_lanes_are_text():
    project, jid = fixture()
    text = drawio.drawio_xml(project, jid, "es")
    picture = next(c.image for c in project.lane_cells(jid) if c.image is not None)
    uri = "data:image/png," + base64.b64encode(picture).decode()
    assert f"image={uri};" in text and "shape=image" in text
    assert "cx_image=" not in text  # the picture travels once, in the style
    assert "Redes sociales, Publicidad" in text  # a channel lane's stage
    assert re.search(r"Hotel: estado futuro: 2", text)  # the emotion lane's overlaid journey


def test_draw_io_itself_reads_the_lane_cells(tmp_path):
    project, jid = fixture()
    path = tmp_path / "lanes.drawio"
    drawio.write_drawio(project, jid, path, "es")
    cells = {c["id"]: c for c in codec_cells(path)["cells"]}
    lane_cells = {i: c for i, c in cells.items() if entity_of(c) == "lane_cell"}
    assert set(lane_cells) == {c.id for c in project.lane_cells(jid)}
    assert "shape=image" in lane_cells["lc-story"]["style"]


def _with_picture(text: str, uri: str) -> bytes:
    return re.sub(r"image=data:image/png,[^;]*;", f"image={uri};", text).encode()


def test_a_damaged_or_foreign_picture_is_left_out_with_a_note():
    project, jid = fixture()
    text = drawio.drawio_xml(project, jid, "es")
    for uri in ("data:image/png,bm90IGEgcGljdHVyZQ==", "https://example.com/a.png",
                "data:image/jpeg," + base64.b64encode(TINY_PNG).decode()):  # fmt: skip
        read = parse_drawio(_with_picture(text, uri), "map.drawio")
        jid2 = read.project.journeys()[0].id
        story = [c for c in read.project.lane_cells(jid2) if c.text == "Llega"]
        assert story and story[0].image is None, uri
        assert any("picture" in note for note in read.notes), uri


def test_a_picture_claiming_too_many_pixels_is_refused_before_decoding():
    ihdr = b"IHDR" + (50_000).to_bytes(4, "big") + (50_000).to_bytes(4, "big") + b"\x08\x02\x00\x00\x00"
    huge = b"\x89PNG\r\n\x1a\n" + (13).to_bytes(4, "big") + ihdr + zlib.crc32(ihdr).to_bytes(4, "big")
    assert picture_kind(huge) == "png" and picture_size(huge) == (50_000, 50_000)
    project, jid = fixture()
    text = drawio.drawio_xml(project, jid, "es")
    read = parse_drawio(_with_picture(text, "data:image/png," + base64.b64encode(huge).decode()), "m.drawio")
    assert any("too large" in note for note in read.notes)


def test_picture_headers_are_read_for_png_jpeg_and_webp(qapp):
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QImage

    image = QImage(37, 21, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    for fmt, kind in (("PNG", "png"), ("JPEG", "jpeg"), ("WEBP", "webp")):
        buf = QBuffer()
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        assert image.save(buf, fmt)
        data = bytes(buf.data())
        assert picture_kind(data) == kind and picture_size(data) == (37, 21), fmt
    assert picture_kind(b"GIF89a") == "" and picture_size(b"GIF89a") is None


def test_importing_the_diagram_into_a_project_keeps_the_lane_cells(tmp_path):
    from cxdesigner.cli import main

    project, jid = fixture()
    source = tmp_path / "map.drawio"
    drawio.write_drawio(project, jid, source, "es")
    target = tmp_path / "p.cxd"
    api.new_project(target).close()
    assert main(["import", str(target), str(source)]) == 0
    doc = api.open_project(target, read_only=True)
    try:
        imported = doc.project.journeys()[-1].id
        assert _cells_by_place(doc.project, imported) == _cells_by_place(project, jid)
    finally:
        doc.close()


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("template", ["hotel", "dental-clinic"])
def test_a_template_with_lane_cells_follows_the_xml_rules_and_draw_io_reads_every_cell(template, lang, tmp_path):
    """Issue 16's check: the templates' text, figure and picture cells, not only the fixture's, pass both checks."""
    doc = api.new_project(None, template=template, lang=lang)
    try:
        project = doc.project
        jid = project.journeys()[0].id
        expected = {c.id: c for c in project.lane_cells(jid)}
        assert expected and {project.get("lane", c.lane_id).kind for c in expected.values()} >= {"text"}
        tree = export_tree(project, jid, lang)
        by_id = {attrs["id"]: (attrs, cell) for attrs, cell in cells_of(tree)}
        for cid, lc in expected.items():
            attrs, cell = by_id[cid]
            assert attrs["cx_entity"] == "lane_cell" and cell.get("vertex") == "1", cid
            assert cell.get("parent") in by_id and cell.get("parent") != "0", cid
            geo = cell.findall("mxGeometry")
            assert len(geo) == 1 and geo[0].get("as") == "geometry" and float(geo[0].get("width")) > 0
            assert cell.get("style", "").endswith(";")
            assert ("shape=image" in cell.get("style")) == (lc.image is not None), cid
        path = tmp_path / f"{template}.drawio"
        drawio.write_drawio(project, jid, path, lang)
        decoded = {c["id"]: c for c in codec_cells(path)["cells"]}
        assert {i for i, c in decoded.items() if entity_of(c) == "lane_cell"} == set(expected)
        for cid, lc in expected.items():
            assert decoded[cid]["vertex"] and decoded[cid]["geometry"]["width"] > 0
            assert ("shape=image" in decoded[cid]["style"]) == (lc.image is not None), cid
    finally:
        doc.close()


@pytest.mark.parametrize("template", ["hotel", "dental-clinic", "bank-account"])
def test_lanes_without_cards_are_as_tall_in_draw_io_as_on_the_canvas(template, qapp):
    """draw.io lays out without Qt: its estimate of a text row agrees with the canvas for the templates' texts."""
    from cxdesigner.canvas.scene import JourneyScene
    from cxdesigner.layout.journeymap import journey_layout

    doc = api.new_project(None, template=template, lang="es")
    try:
        project = doc.project
        jid = project.journeys()[0].id
        scene = JourneyScene(project, follow=False)
        scene.set_journey(jid)
        try:
            on_screen = scene.compute_layout()
        finally:
            scene.detach()
        assert journey_layout(project, jid).rows == on_screen.rows
    finally:
        doc.close()
