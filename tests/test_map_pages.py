"""Exports for slides and print, checked by content: pages, repeated headers, text size, hidden lanes, notes."""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
import xml.etree.ElementTree as ET

import pytest
from journeys import build
from PySide6.QtGui import QFontMetricsF
from test_canvas_layout import _bench_generate
from test_exchange_pdftext import pdf_pages, squeeze

from cxdesigner import api
from cxdesigner.cli import main as cli_main
from cxdesigner.exchange import mapexport
from cxdesigner.layout.geometry import Rect
from cxdesigner.layout.pages import Furniture, plan_pages

SVG = "{http://www.w3.org/2000/svg}"
MATRIX = re.compile(r"matrix\(([^)]*)\)")


@pytest.fixture
def hotel(qapp):
    d = api.new_project(template="hotel")
    yield d
    d.close()


def _journey(doc):
    return doc.project.journeys()[0].id


def _plan(project, jid, options):
    scene = mapexport.journey_map(project, jid, options)
    return scene, mapexport.plan_sheets(scene, options)


def _names(project, table, ids, lang="en"):
    return [project.tables[table][i].display_name(lang) for i in ids]


def svg_texts(data: bytes) -> list[tuple[str, float]]:
    """Every text of a page SVG with its size in points on the printed page."""
    root = ET.fromstring(data)
    width_mm = float(root.get("width", "0mm").removesuffix("mm"))
    view_w = float(root.get("viewBox", "0 0 1 1").split()[2])
    pt_per_unit = width_mm / 25.4 * 72 / view_w
    out = []

    def walk(node: ET.Element, scale: float) -> None:
        m = MATRIX.search(node.get("transform", ""))
        if m:
            a, b, *_rest = (float(v) for v in m.group(1).split(","))
            scale = (a * a + b * b) ** 0.5  # the generator writes the whole transform on each group
        if node.tag == SVG + "text" and node.text:
            # font-size is in pixels at the scene's 96 dpi (QSvgGenerator's resolution): 12 px = 9 pt.
            out.append((node.text, float(node.get("font-size", "0")) * scale * pt_per_unit))
        for child in node:
            walk(child, scale)

    walk(root, 1.0)
    return out


def test_hotel_on_a4_is_cut_by_phase_with_headers_on_every_page(hotel):
    project, jid = hotel.project, _journey(hotel)
    options = mapexport.MapOptions(paper="a4", lang="en")
    _scene, plan = _plan(project, jid, options)
    data, warnings = mapexport.pdf_bytes(project, jid, options)
    pages = pdf_pages(data)
    assert not warnings
    assert plan.scale >= 1.0  # card titles (9 pt at 100 %) print at 9 pt or more
    assert len(pages) == len(plan.pages) == plan.rows * plan.columns
    assert plan.columns == 3  # before, during and after the purchase: one phase per column of pages
    phases = [[project.tables["stage"][s].phase for s in page.stage_ids] for page in plan.pages[: plan.columns]]
    assert [set(p) for p in phases] == [{"before"}, {"during"}, {"after"}]
    for page, text in zip(plan.pages, pages, strict=True):
        text = squeeze(unicodedata.normalize("NFKC", text))
        for lane in [ln for ln in project.lanes(jid) if ln.id not in page.lane_ids]:
            assert squeeze(lane.display_name("en")) not in text  # only the page's own lanes
        for name in _names(project, "stage", page.stage_ids) + _names(project, "lane", page.lane_ids):
            assert squeeze(name) in text, (name, page.row, page.column)
        assert f"/{len(pages)}" in text  # the page note: journey, n/N and what the page shows
    # Every card is on a page, whole.
    everything = squeeze(unicodedata.normalize("NFKC", " ".join(pages)))
    for tp in project.touchpoints(jid):
        assert squeeze(tp.title) in everything


@pytest.mark.parametrize("paper", ["a4", "16x9"])
def test_a_long_journey_name_wraps_on_a_page_narrower_than_the_map_instead_of_running_off_it(hotel, paper):
    """A name that needed a second line at the page's width kept the map's width and was cut through a letter."""
    from cxdesigner.model import Change

    project, jid = hotel.project, _journey(hotel)
    journey = project.get("journey", jid)
    name = "Weekend at a city hotel booked on the phone, changed in the app and paid at the front desk"
    project.apply([Change("journey", jid, journey, journey.evolve(name=name))])
    scene, plan = _plan(project, jid, mapexport.MapOptions(paper=paper))
    assert plan.split
    title = scene.title_item
    blocks = title.blocks(scene, title.rect.width())
    assert " ".join(blocks[1][3]) == name  # the whole name, on lines of the block's width
    assert title.height_for(scene, title.rect.width()) <= title.rect.height() + 1e-6
    first_row = [page for page in plan.pages if page.row == 0]
    assert first_row
    for page in first_row:
        band = page.pieces[0].source  # the title block's piece: the page's width, the title's height
        assert band.y <= title.rect.top() + 1e-6 and title.rect.bottom() <= band.bottom + 1e-6
        assert title.rect.right() <= band.right + 1e-6
        for font, _ink, indent, lines in blocks:
            widest = max(QFontMetricsF(font).horizontalAdvance(line) for line in lines)
            assert title.rect.x() + indent + widest <= band.right + 1e-6, (lines, band)
    # The map did not move: the title grew upwards, above the stage headers.
    assert title.rect.bottom() <= scene.layout.top_strip.y


def test_a_title_that_would_need_another_line_on_the_page_hands_its_key_to_the_legend(qapp):
    """The Spanish sample's persona line needed a second line beside the key on an A4 page: the title then
    grew and its lanes took three pages more. (Left as wide as the map, the key was off every page.)"""
    project = api.sample_project("es")
    jid = project.journeys()[0].id
    options = mapexport.MapOptions(paper="a4", lang="es")
    scene, plan = _plan(project, jid, options)
    assert plan.split
    title = scene.title_item
    assert title.rect.height() == scene.layout.title_rect.h  # the lines it had, not one more
    assert title.height_for(scene, title.rect.width()) <= title.rect.height()
    assert not title.has_key()
    assert "connection" in [entry[0] for row in scene.legend_item.rows for entry in row]
    band = plan.pages[0].pieces[0].source
    assert title.rect.right() <= band.right + 1e-6


@pytest.mark.parametrize("paper", ["a4", "a3", "16x9", "4x3"])
def test_card_titles_print_at_9_points_or_more(hotel, paper):
    project, jid = hotel.project, _journey(hotel)
    options = mapexport.MapOptions(paper=paper)
    pictures, _warnings = mapexport.sheet_pictures(project, jid, "svg", options)
    scene = mapexport.journey_map(project, jid, options)
    lines = {line for item in scene.card_items().values() for line in item.title_lines()}
    stage_names = _names(project, "stage", [s.id for s in project.stages(jid)])
    printed = set()
    for data in pictures:
        texts = svg_texts(data)
        # A card title's lines (channel names, badges and connection labels are smaller, by design).
        titles = [(text, size) for text, size in texts if text in lines]
        assert all(size >= 9.0 - 1e-6 for _text, size in titles), (paper, titles)
        printed |= {text for text, _size in titles}
        # The stage headers are repeated on each page.
        assert any(text in stage_names for text, _size in texts)
    assert printed == lines  # every line of every title is on a page


def test_no_smallest_text_fits_the_map_on_one_slide(hotel):
    project, jid = hotel.project, _journey(hotel)
    pictures, _ = mapexport.sheet_pictures(project, jid, "svg", mapexport.MapOptions(paper="16x9", min_text=0))
    assert len(pictures) == 1
    root = ET.fromstring(pictures[0])
    assert root.get("viewBox", "").split()[2:] == ["1280", "720"]  # 960 × 540 pt at 96 units per inch
    sizes = [size for text, size in svg_texts(pictures[0]) if text == "Sees a friend's photos of"]
    assert sizes and 3 < sizes[0] < 9  # shrunk to fit (the hotel has seven lanes), still a whole map


def test_a_large_journey_on_a4_keeps_every_card_whole_on_a_page(qapp):
    project = _bench_generate()(300, journeys=1)
    jid = project.journeys()[0].id
    options = mapexport.MapOptions(paper="a4")
    scene, plan = _plan(project, jid, options)
    sheet = mapexport.SHEETS["a4"]
    room = ((sheet.width - 2 * sheet.margin) / 0.75, (sheet.height - 2 * sheet.margin) / 0.75)
    assert plan.split and plan.scale >= 1.0  # grown only as far as the same pages hold it
    for page in plan.pages:
        assert page.width * plan.scale <= room[0] + 1e-6 and page.height * plan.scale <= room[1] + 1e-6
    layout = scene.layout
    bodies = [page.pieces[-1 if page.row < plan.rows - 1 else -2].source for page in plan.pages]
    for tid, r in layout.cards.items():
        assert any(b.contains_rect(r) for b in bodies), tid
    data, _ = mapexport.pdf_bytes(project, jid, options)
    assert len(pdf_pages(data)) == len(plan.pages)


def test_a_stage_wider_than_a_page_is_cut_between_cards_and_no_page_shows_only_headers_and_lines(qapp):
    """1,000 cards: most stages' columns, routing gutter and all, are wider than an A4 page's room."""
    from cxdesigner.canvas import render
    from cxdesigner.layout.pages import _stage_spans

    project = _bench_generate()(1000, journeys=1)
    jid = project.journeys()[0].id
    scene, plan = _plan(project, jid, mapexport.MapOptions(paper="a4"))
    layout = scene.layout
    sheet = mapexport.SHEETS["a4"]
    room_w = (sheet.width - 2 * sheet.margin) / 0.75 / plan.scale - (layout.left_strip.right - layout.bounds.x)
    spans = _stage_spans(layout, layout.left_strip.right, scene.full_rect().right())
    assert sum(b - a > room_w for a, b in spans) >= len(spans) // 2
    bodies = [page.pieces[-1 if page.row < plan.rows - 1 else -2].source for page in plan.pages]
    for tid, r in layout.cards.items():
        assert any(b.contains_rect(r) for b in bodies), tid  # none cut through at a page's side
    # Something to read on every page: a card or a connection's label (the last row holds the emotion curve).
    marks = [*layout.cards.values(), *render.page_furniture(scene).labels]
    for page, body in zip(plan.pages, bodies, strict=True):
        if page.row < plan.rows - 1:
            assert any(body.overlaps(r) for r in marks), (page.row, page.column)


def test_plan_keeps_phases_together_and_cuts_a_tall_lane_between_cards(qapp):
    cards = {f"c{i}": {"stage": i % 6, "lane": 0} for i in range(60)}
    project = build(cards)
    scene = mapexport.journey_map(project, "j", mapexport.MapOptions())
    from cxdesigner.canvas import render

    layout = scene.layout
    plan = plan_pages(layout, render.page_furniture(scene), (1000.0, 700.0), 1.0)
    assert plan.split
    for page in plan.pages:
        body = page.pieces[-1 if page.row < plan.rows - 1 else -2].source
        for r in layout.cards.values():
            # A page edge never runs through a card: a card is on the page whole or not at all.
            inside_y = body.y < r.bottom and r.y < body.bottom
            inside_x = body.x < r.right and r.x < body.right
            if inside_x and inside_y:
                assert body.y <= r.y and r.bottom <= body.bottom
    # One page when it fits at the least scale, and then as large as allowed.
    whole = plan_pages(layout, Furniture(Rect(0, 0, 500, 400), None, None), (1000.0, 1000.0), 1.0, 1.5)
    assert not whole.split and whole.scale == 1.5


def test_only_the_first_and_last_rows_of_pages_give_room_to_the_title_and_the_key(qapp):
    """Every row of pages left room for the taller of the title block and the key: a fifteen-lane map
    took a row more than it needed, and a map whose key grew a line a row more again."""
    from cxdesigner.layout.pages import _lane_spans, _row_groups
    from cxdesigner.model import Change, Journey, Lane, Project, ProjectInfo, Stage, Touchpoint

    assert _row_groups([(i * 100.0, i * 100.0 + 100) for i in range(8)], 350, 100, 100) == [
        [0, 1], [2, 3, 4], [5], [6, 7]]  # the key under the last row: as many lanes as fit over it
    project = Project(ProjectInfo(name="Tall"))
    entities = [Journey("j", name="Fifteen lanes")]
    entities += [Stage(f"s{i}", "j", position=i, name=f"Stage {i + 1}") for i in range(3)]
    entities += [Lane(f"l{i}", "j", position=i, name=f"Lane {i + 1}") for i in range(15)]
    entities += [Touchpoint(f"t{i}", "j", f"s{i % 3}", f"l{i}", title=f"Card {i + 1}") for i in range(15)]
    project.apply([Change(e.KIND, e.id, None, e) for e in entities])
    from cxdesigner.canvas import render

    scene = mapexport.journey_map(project, "j", mapexport.MapOptions(paper="a4"))
    layout = scene.layout
    room = mapexport.sheet_room("a4")
    least = mapexport.MIN_TEXT_DEFAULT / scene.fonts.title.pointSizeF()
    furniture = render.page_furniture(scene, room[0] / least)
    plan = plan_pages(layout, furniture, room, least, grow=False)  # the cut, before the text grows to fill it
    assert plan.columns == 1 and plan.rows > 2
    spans = dict(zip(layout.lane_ids, _lane_spans(layout, layout.top_strip.bottom), strict=True))
    for page, following in itertools.pairwise(plan.pages[:-1]):
        # A row between the first and the last is full: the next lane would not have fitted on it.
        if page.row > 0 and following.lane_ids:
            grown = layout.top_strip.h + spans[following.lane_ids[0]][1] - spans[page.lane_ids[0]][0]
            assert grown > room[1] / least, (page.lane_ids, following.lane_ids)


def test_empty_lanes_are_hidden_by_default_and_empty_stages_on_request(qapp):
    project = build({"a": {"stage": 0, "lane": 0}, "b": {"stage": 2, "lane": 0}}, [("a", "b")])
    lane = project.lanes("j")[0].display_name("en")  # both lanes have the default name
    stages = [s.display_name("en") for s in project.stages("j")]

    def texts(**kw):
        return [t for t, _ in svg_texts(mapexport.svg_bytes(project, "j", mapexport.MapOptions(**kw)))]

    shown = texts()
    assert shown.count(lane) == 1
    assert all(s in shown for s in stages)
    shown = texts(hide_empty_stages=True)
    assert stages[0] in shown and stages[2] in shown
    assert stages[1] not in shown and stages[3] not in shown
    assert texts(hide_empty_lanes=False).count(lane) == 2
    # A journey without a card keeps its grid: hiding everything would leave no map.
    empty = build({})
    assert [t for t, _ in svg_texts(mapexport.svg_bytes(empty, "j", mapexport.MapOptions()))].count(lane) == 2


def test_pain_points_opportunities_and_curve_labels_print_as_text(qapp):
    cards = {
        "a": {"stage": 0, "emotion": -2, "pain_points": ("Queue at the desk",), "opportunities": ("Check in by app",)},
        "b": {"stage": 1, "emotion": 2, "title": "Friendly welcome"},
        "c": {"stage": 2, "emotion": 0, "title": "Room is ready"},
    }
    project = build(cards, [("a", "b"), ("b", "c")])

    def texts(**kw):
        return [t for t, _ in svg_texts(mapexport.svg_bytes(project, "j", mapexport.MapOptions(**kw)))]

    plain = texts()
    assert "Queue at the desk" not in plain
    noted = texts(card_notes=True)
    assert "Queue at the desk" in noted and "Check in by app" in noted
    numbered = texts(curve_labels="numbers")
    # Each number twice more than without labels (badges count too): on its card and beside its point.
    assert [numbered.count(str(n)) - plain.count(str(n)) for n in (1, 2, 3)] == [2, 2, 2]
    titled = texts(curve_labels="titles")
    assert titled.count("Friendly welcome") == 2 and titled.count("Room is ready") == 2
    with pytest.raises(ValueError):
        mapexport.svg_bytes(project, "j", mapexport.MapOptions(curve_labels="bogus"))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_curve_titles_keep_clear_of_the_curve_and_its_points(qapp, lang):
    """The sample's 24 titles were printed across the line wherever it climbed or fell beside a point."""
    from PySide6.QtGui import QPainterPathStroker

    project = api.sample_project(lang)
    jid = project.journeys()[0].id
    scene = mapexport.journey_map(project, jid, mapexport.MapOptions(lang=lang, curve_labels="titles"))
    curve = scene.curve_item
    stroker = QPainterPathStroker()
    stroker.setWidth(2.0)  # the line as drawn
    line = stroker.createStroke(curve.curve_path())
    labels = curve.point_labels(scene)
    assert len(labels) >= len(curve.points) * 2 // 3  # most points keep their title
    for box, text in labels:
        assert not line.intersects(box), text
        assert not any(abs(x - box.center().x()) <= box.width() / 2 + 4.5 and box.top() - 4.5 < y < box.bottom() + 4.5
                       for x, y, *_rest in curve.points), text  # fmt: skip
        # Inside the plot on every side: the last card's "Personal offer for…" ran past its right edge.
        assert curve.rect.contains(box), text


def test_numbered_files_for_pages():
    assert mapexport.numbered("out/map.png", 1, 1).name == "map.png"
    assert mapexport.numbered("out/map.png", 2, 6).name == "map-2.png"
    assert mapexport.numbered("out/map.svg", 3, 12).name == "map-03.svg"


def test_cli_slide_and_page_options(hotel, tmp_path, capsys):
    path = tmp_path / "hotel.cxd"
    hotel.save_as(path)
    hotel.close()
    out = tmp_path / "slides.png"
    assert cli_main(["export", str(path), "--paper", "16x9", "-o", str(out)]) == 0
    written = sorted(p.name for p in tmp_path.glob("slides-*.png"))
    assert len(written) > 1 and written[0] in ("slides-1.png", "slides-01.png") and not out.exists()
    assert capsys.readouterr().out.count("Wrote ") == len(written)
    one = tmp_path / "one.png"
    assert cli_main(["export", str(path), "--paper", "16x9", "--min-text", "0", "-o", str(one)]) == 0
    assert one.exists()
    pdf = tmp_path / "map.pdf"
    argv = ["export", str(path), "--paper", "a3", "--hide-empty", "all", "--card-notes", "--curve-labels", "titles"]
    assert cli_main([*argv, "-o", str(pdf)]) == 0
    pages = pdf_pages(pdf.read_bytes())
    assert pages and "Channelmanager" in squeeze(" ".join(pages))
    assert cli_main(["export", str(path), "--paper", "a4", "--min-text", "100", "-o", str(pdf)]) == 2
    assert "--min-text" in capsys.readouterr().err


def test_a_map_that_would_take_too_many_pages_is_refused_in_one_line_before_any_is_written(
    hotel, tmp_path, capsys, monkeypatch
):
    path = tmp_path / "hotel.cxd"
    hotel.save_as(path)
    hotel.close()
    monkeypatch.setattr(mapexport, "MAX_SHEETS", 3)  # the hotel takes more A4 pages than that
    for out in (tmp_path / "map.pdf", tmp_path / "map.png"):
        assert cli_main(["export", str(path), "--paper", "a4", "-o", str(out)]) == 2
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0 and "pages on A4, more than 3:" in err and "one page the size of the map" in err
    assert not list(tmp_path.glob("map*"))
    assert cli_main(["export", str(path), "--paper", "fit", "-o", str(tmp_path / "map.pdf")]) == 0


def _page_image(scene, page):
    """One page of the plan as the PDF draws it, on paper, at the scene's resolution."""
    from PySide6.QtGui import QImage, QPainter

    from cxdesigner.canvas import render, style

    image = QImage(math.ceil(page.width), math.ceil(page.height), QImage.Format.Format_RGB32)
    render.set_dpi(image, style.scene_dpi())
    image.fill(style.PAPER)
    painter = QPainter(image)
    render.paint_page(scene, painter, page)
    painter.end()
    return image


def _report_pages(project, lang: str = "en"):
    """The project's first journey cut into the report's compact map pages: scene, plan and room."""
    from cxdesigner.canvas import style
    from cxdesigner.exchange import report

    jid = project.journeys()[0].id
    body, pt = report.page_body(style.scene_dpi())
    area = report.map_room(body, pt)
    scene = report.report_map(project, jid, lang, area.width())
    plan = report.map_plan(scene, area)
    assert plan.split
    return scene, plan, area


def test_the_report_fills_a_page_with_the_next_phase_s_stages_and_evens_the_last_two_columns(qapp):
    """The hotel's first phase, two stages, kept whole on its pages left the map's first page 40 % empty: the next
    phase's first stage goes beside it. Filled from the first, the last column held one stage, its pages two-thirds
    empty: it takes one back from the column before (three, two and two stages). The map export keeps its phases."""
    project = api.sample_project()
    scene, plan, area = _report_pages(project)
    stages = scene.project.tables["stage"]
    tops = [page for page in plan.pages if page.row == 0]
    assert [[stages[sid].display_name("en") for sid in page.stage_ids] for page in tops] == [
        ["Awareness", "Consideration", "Purchase"], ["Arrival and check-in", "Stay"], ["Check-out", "Advocacy"]
    ]
    assert tops[0].width * plan.scale > 0.85 * area.width()
    a4 = mapexport.plan_sheets(scene, mapexport.MapOptions(paper="a4"))
    assert {stages[sid].phase for sid in a4.pages[0].stage_ids} == {"before"}


def test_no_report_page_shows_a_column_s_emotion_row_alone(qapp):
    """The emotion row that did not fit under a column's last lanes took a page of its own, a third of it used,
    apart from every card: the lanes at the foot of the page before now go along with it when that evens out."""
    project = api.sample_project()
    _scene, plan, area = _report_pages(project)
    assert all(page.lane_ids for page in plan.pages), [(p.column, p.row) for p in plan.pages if not p.lane_ids]
    for column in {page.column for page in plan.pages}:
        pages = [page for page in plan.pages if page.column == column]
        # Each column's lanes in order, every lane on a page, a lane cut in two on both.
        lanes = [lid for page in pages for lid in page.lane_ids]
        assert sorted(set(lanes), key=lanes.index) == [lid for lid in _scene.layout.lane_ids if lid in lanes]
    assert all(page.height * plan.scale <= area.height() + 1e-6 for page in plan.pages)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_compact_page_shows_every_lane_s_name_and_the_whole_row_of_a_text_figure_or_picture_lane(qapp, lang):
    """A lane cut short on a report page keeps its name, and cells of text, figures or pictures stay whole."""
    from cxdesigner.canvas.items import LaneHeaderItem
    from cxdesigner.model.vocab import CONTENT_LANE_KINDS

    project = api.sample_project()
    scene, plan, _area = _report_pages(project, lang)
    kinds = {lid: project.tables["lane"].get(lid).kind for lid in scene.layout.lane_ids}
    content = {lid for lid, kind in kinds.items() if kind in CONTENT_LANE_KINDS}
    # The sample has both: card lanes empty in some stages, and thoughts, a metric and a storyboard.
    assert content and set(kinds) - content
    headers = {item.lane_id: item for item in scene.left_strip.childItems() if isinstance(item, LaneHeaderItem)}
    for page in plan.pages:
        for lid in page.lane_ids:
            rect = headers[lid].rect
            first = [p.source for p in page.pieces if p.source.y <= rect.y() < p.source.bottom]
            assert first, (lid, page.row)
            name = headers[lid].name_bottom(project.tables["lane"].get(lid).display_name(lang), scene.fonts)
            assert all(source.bottom >= name for source in first), (lid, page.row)
            if lid in content:
                assert all(source.bottom >= rect.bottom() for source in first), (lid, page.row)


def test_the_report_s_map_pages_fill_their_width_with_titles_of_9_points_or_more(qapp):
    from cxdesigner.canvas import render
    from cxdesigner.exchange import report

    project = api.sample_project()
    scene, plan, area = _report_pages(project)
    # Card titles print at the scene's title size times the plan's scale: never under the report's minimum.
    assert scene.fonts.title.pointSizeF() * plan.scale >= report.MAP_MIN_TEXT - 1e-6
    maps = [max(p.x + p.source.w for p in page.pieces if p.source.y >= scene.layout.top_strip.y - 1e-6)
            for page in plan.pages]
    # The widest stage group fills the page's width (grown past the least scale until it does or a lane
    # would move to another page); no page runs off the paper.
    assert max(maps) * plan.scale >= 0.9 * area.width()
    assert all(page.width * plan.scale <= area.width() + 1e-6 for page in plan.pages)
    assert all(page.height * plan.scale <= area.height() + 1e-6 for page in plan.pages)
    least = report.MAP_MIN_TEXT / scene.fonts.title.pointSizeF()
    furniture = render.page_furniture(scene, area.width() / least)
    cut = plan_pages(scene.layout, furniture, (area.width(), area.height()), least, compact=True, grow=False)
    assert [(p.stage_ids, p.lane_ids) for p in plan.pages] == [(p.stage_ids, p.lane_ids) for p in cut.pages]


def _sliced_labels(scene, plan) -> list[tuple[int, str]]:
    """The connection labels a piece of a page's map starts showing and then cuts off (at a lane cut short)."""
    from cxdesigner.layout.pages import EDGE, _lane_spans

    left = scene.layout.left_strip.right
    ends = [b for _a, b in _lane_spans(scene.layout, scene.layout.top_strip.bottom)]
    out = []
    for n, page in enumerate(plan.pages):
        for piece in page.pieces:
            src = piece.source
            if src.x < left:
                continue
            for item in scene.connection_items().values():
                label = item.route.label if item.route is not None else None
                if label is None or not (label.rect.x < src.right and label.rect.right > src.x):
                    continue
                r = label.rect
                # A piece running to its lane's end is followed by the next lane's: a label across
                # the gutter between two lanes is theirs to share.
                if src.y <= r.y < src.bottom and r.bottom > src.bottom + 0.5 \
                        and not any(abs(src.bottom - b) <= EDGE for b in ends):
                    out.append((n, item.conn_id))
    return out


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_compact_page_does_not_slice_a_connection_label(qapp, lang):
    """A lane cut short below its last card ran through the labels of routes passing under it."""
    scene, plan, _area = _report_pages(api.sample_project(), lang)
    assert any(item.route is not None and item.route.label is not None for item in scene.connection_items().values())
    assert _sliced_labels(scene, plan) == []


def test_a_report_map_page_leaves_out_a_label_it_would_cut(qapp):
    """A connection's label the page shows only a slice of ('e comes back', 'ard declined') is left out."""
    from cxdesigner.canvas import render

    project = api.template_project("saas-trial")
    scene, plan, area = _report_pages(project)
    labels = {item.conn_id: (item.route.label.rect, project.tables["connection"][item.conn_id].label)
              for item in scene.connection_items().values() if item.route is not None and item.route.label}
    shown_whole = cut = 0
    for page in plan.pages:
        texts = {text for text, _size in svg_texts(mapexport._svg(
            scene, page.width, page.height, lambda painter, page=page: render.paint_page(scene, painter, page)))}
        for rect, text in labels.values():
            # Where each piece puts the label on the page, and how much of it the piece shows there.
            parts = []
            for piece in page.pieces:
                src = piece.source
                x0, x1 = max(rect.x, src.x), min(rect.right, src.right)
                y0, y1 = max(rect.y, src.y), min(rect.bottom, src.bottom)
                if x0 < x1 and y0 < y1:
                    dx, dy = piece.x - src.x, piece.y - src.y
                    parts.append((round(dx, 2), round(dy, 2), x1 - x0, y0, y1))
            if not parts:
                continue
            # Whole: every part sits at one place on the page, as wide as the label, and together as tall.
            reach = rect.y
            for *_rest, y0, y1 in sorted(parts, key=lambda p: p[3]):
                reach = max(reach, y1) if y0 <= reach + 0.1 else reach
            whole = len({p[:2] for p in parts}) == 1 and all(p[2] >= rect.w - 0.1 for p in parts) \
                and reach >= rect.bottom - 0.1
            if whole:
                shown_whole += text in texts
            else:
                cut += 1
                assert text not in texts, text
    assert shown_whole and cut


def test_a_page_closes_the_lane_headers_and_cells_it_cuts_short(qapp):
    """A compact page stopping a lane below its last card left its header and cells open at the cut, boxes
    torn off at the bottom, the lane's name sitting on the tear."""

    from cxdesigner.canvas import style
    from cxdesigner.canvas.items import LaneHeaderItem

    scene, plan, _area = _report_pages(api.sample_project())
    headers = [h for h in scene.left_strip.childItems() if isinstance(h, LaneHeaderItem)]
    paper = style.PAPER.rgb()
    checked = 0
    for page in plan.pages:
        image = _page_image(scene, page)
        boxes = [h.sceneBoundingRect() for h in headers]
        boxes += [qrect for (_sid, _lid), r in scene.layout.cells() for qrect in [_qrect(r)]]
        for piece in page.pieces:
            src = piece.source
            row = int(piece.y + src.h) - 1  # the piece's last row of pixels on the page
            for box in boxes:
                if not (box.top() < src.bottom - 1 and src.bottom + 1 < box.bottom()):
                    continue  # not cut by this piece's bottom edge
                if box.left() < src.x or box.right() > src.right:
                    continue
                xs = range(int(piece.x + box.left() - src.x) + 8, int(piece.x + box.right() - src.x) - 8)
                blank = sum(image.pixel(x, row) & 0xFFFFFF == paper & 0xFFFFFF for x in xs)
                assert blank >= 0.8 * len(xs), (page.stage_ids, page.lane_ids, box)
                checked += 1
    assert checked  # the sample's report cuts lanes short


def _qrect(r):
    from PySide6.QtCore import QRectF

    return QRectF(r.x, r.y, r.w, r.h)


def test_a_compact_page_draws_the_gutter_between_two_lanes_once(qapp):
    """A lane run to its end and the next one share the gutter between them: it was drawn twice, a route
    or a label across it broken in two."""
    from cxdesigner.canvas import style
    from cxdesigner.exchange import report

    project = api.sample_project()
    jid = project.journeys()[0].id
    scene = mapexport.journey_map(project, jid, mapexport.MapOptions(lang="en"))
    body, pt = report.page_body(style.scene_dpi())
    area = report.map_room(body, pt)
    plan = mapexport.plan_room(scene, (area.width(), area.height()), report.MAP_MIN_TEXT, compact=True)
    left = scene.layout.left_strip.right
    shared = 0
    for page in plan.pages:
        body_pieces = [p for p in page.pieces if p.source.x >= left and p.source.y >= scene.layout.top_strip.bottom]
        for p, q in itertools.pairwise(body_pieces):
            if q.source.y < p.source.bottom:
                shared += 1
                assert q.y - q.source.y == pytest.approx(p.y - p.source.y)
    assert shared


def test_a_cut_moved_above_a_card_moves_again_above_a_label_it_would_run_through():
    """The cut above a card at the page's edge fell through a label reaching down beside that card."""
    from cxdesigner.layout.pages import _slices

    card, label = (300.0, 420.0), (250.0, 395.0)  # the label's route runs down past the card's top
    parts = _slices((0.0, 1000.0), 400.0, [card, label])
    cuts = [end for _start, end in parts[:-1]]
    assert cuts and not any(a < cut < b for cut in cuts for a, b in (card, label))
    assert parts[0] == (0.0, 248.0) and all(b - a <= 400.0 for a, b in parts)


def test_a_page_ends_its_emotion_row_and_phase_bands_at_its_last_stage(qapp):
    """A page runs on into the gutter after its last stage (for the routes there): the emotion row and the phase
    band ran on with it into the gutter the next page shows, as if the page held part of the next stage."""

    from cxdesigner.canvas import style

    scene, plan, _area = _report_pages(api.sample_project())
    layout = scene.layout
    plot = layout.emotion_plot
    paper = style.PAPER.rgb() & 0xFFFFFF
    checked = 0
    for page in plan.pages:
        last = max(sum(layout.columns[sid]) for sid in page.stage_ids)
        for piece in page.pieces:
            src = piece.source
            if not (src.y <= plot.y and plot.bottom <= src.bottom) or src.right < last + 8:
                continue  # not the emotion row, or a page that ends with the map
            image = _page_image(scene, page)
            xs = range(int(piece.x + last - src.x) + 3, int(piece.x + src.right - src.x) - 1)
            ys = range(int(piece.y + plot.y - src.y) + 4, int(piece.y + plot.bottom - src.y) - 4, 3)
            inked = [(x, y) for x in xs for y in ys if image.pixel(x, y) & 0xFFFFFF != paper]
            assert not inked, (page.stage_ids, inked[:5])
            top = next(p for p in page.pieces if p.source.y <= layout.top_strip.y + 1)  # the page's headers
            band = range(int(top.y + layout.top_strip.y - top.source.y) + 2,
                         int(top.y + layout.top_strip.bottom - top.source.y) - 2)
            inked = [(x, y) for x in xs for y in band if image.pixel(x, y) & 0xFFFFFF != paper]
            assert not inked, (page.stage_ids, "phase band", inked[:5])
            checked += 1
    assert checked  # the sample's hotel has pages of its emotion row short of the map's end
