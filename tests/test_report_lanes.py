"""The report's Lanes section: text and figure lanes by stage, storyboard pictures as thumbnails, en and es."""

from __future__ import annotations

import unicodedata

import pytest

from cxdesigner import api
from cxdesigner.exchange import report
from cxdesigner.exchange.report_lanes import figure_text, lane_blocks
from cxdesigner.i18n import translation
from cxdesigner.model import Change, Lane, LaneCell


def picture(qapp, colour: str = "#2a9d8f", size: tuple[int, int] = (320, 200)) -> bytes:
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    painter = QPainter(image)
    painter.fillRect(20, 20, size[0] // 3, size[1] // 3, QColor("#f4a261"))
    painter.end()
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(buf.data())


def hotel_with_lanes(qapp, lang: str = "en"):
    project = api.template_project("hotel", lang=lang)
    jid = project.journeys()[0].id
    stages = project.stages(jid)
    n = len(project.lanes(jid))
    thoughts = "Lo que piensa el cliente" if lang == "es" else "Customer thoughts"
    lanes = [
        Lane(id="ln-text", journey_id=jid, position=n, name=thoughts, kind="text"),
        Lane(id="ln-metric", journey_id=jid, position=n + 1, name="NPS", kind="metric"),
        Lane(id="ln-story", journey_id=jid, position=n + 2, kind="storyboard"),
    ]
    cells = [
        LaneCell(id="lc-1", journey_id=jid, lane_id="ln-text", stage_id=stages[0].id,
                 text="<b>Is there a room left?</b>"),
        LaneCell(id="lc-2", journey_id=jid, lane_id="ln-metric", stage_id=stages[1].id, value=37.5, unit="%",
                 period="Q3 2026", source="web analytics"),
        LaneCell(id="lc-3", journey_id=jid, lane_id="ln-metric", stage_id=stages[2].id, value=1200, unit="€"),
        LaneCell(id="lc-4", journey_id=jid, lane_id="ln-story", stage_id=stages[0].id, text="Sees the ad",
                 image=picture(qapp), image_type="png"),
        LaneCell(id="lc-5", journey_id=jid, lane_id="ln-story", stage_id=stages[3].id, text="At the desk",
                 image=picture(qapp, "#264653", (200, 300)), image_type="png"),
    ]  # fmt: skip
    project.apply([Change(e.KIND, e.id, None, e) for e in lanes + cells])
    return project, jid


def test_figures_take_their_unit_as_the_language_writes_it():
    cell = LaneCell(id="lc", journey_id="j", lane_id="l", stage_id="s", value=37.5, unit="%")
    assert figure_text(translation("en"), cell) == "37.5%"
    assert figure_text(translation("es"), cell) == "37,5 %"
    assert figure_text(translation("es"), cell.evolve(value=1200, unit="€")) == "1.200 €"
    assert figure_text(translation("en"), cell.evolve(value=None)) == ""


def test_a_journey_without_lane_cells_has_no_lanes_section():
    project = api.template_project("city-permit")
    assert project.lane_cells(project.journeys()[0].id) == []
    assert lane_blocks(project, project.journeys()[0].id, "en") == []


def test_the_lanes_section_escapes_text_and_shows_pictures_with_captions(qapp):
    project, jid = hotel_with_lanes(qapp)
    html = "".join(b.html for b in lane_blocks(project, jid, "en"))
    assert "&lt;b&gt;Is there a room left?&lt;/b&gt;" in html and "<b>Is there" not in html
    assert "<b>37.5%</b>" in html and "Q3 2026 · web analytics" in html and "1,200 €" in html
    # The hotel's own storyboard (four pictures) and the one added here (two pictures): a row each.
    assert html.count("<img src='data:image/png;base64,") == 4 + 2 and "Sees the ad" in html
    tags = [b.tag for b in lane_blocks(project, jid, "en")]
    assert tags.count("pictures") == 2


@pytest.mark.parametrize("lang, words", [
    ("en", ("Lanes", "Customerthoughts", "Istherearoomleft?", "37.5%", "Q32026·webanalytics", "Seesthead")),
    ("es", ("Carriles", "Loquepiensaelcliente", "37,5%", "1.200€", "Guiongráfico", "Reconocimiento")),
])  # fmt: skip
def test_the_report_pdf_has_the_lanes_section_and_the_pictures(qapp, tmp_path, lang, words):
    from test_exchange_pdftext import pdf_pages, squeeze

    project, jid = hotel_with_lanes(qapp, lang)
    path = tmp_path / f"{lang}.pdf"
    report.write_report(project, jid, path, lang)
    pages = [unicodedata.normalize("NFKC", p) for p in pdf_pages(path.read_bytes())]
    text = squeeze("".join(pages))
    for word in words:
        assert squeeze(word) in text, (lang, word)
    assert path.read_bytes().count(b"/Subtype /Image") >= 2
