"""One map renderer: the exports and the report draw the canvas scene, so they show the map on screen."""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QFontMetricsF, QImage, QPainter
from test_exchange_pdftext import pdf_pages, squeeze

import cxdesigner
from cxdesigner.canvas import JourneyEditor
from cxdesigner.canvas.items import CardMetrics, LegendItem
from cxdesigner.canvas.render import render_image, render_journey
from cxdesigner.document import Selection
from cxdesigner.exchange import mapexport, report
from cxdesigner.model import ValidationError
from cxdesigner.qtcommands import UndoStack

SVG = "{http://www.w3.org/2000/svg}"
Matrix = tuple[float, float, float, float, float, float]


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` applied inside it (SVG nesting: the parent's matrix times the child's)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + c * b2,
        b * a2 + d * b2,
        a * c2 + c * d2,
        b * c2 + d * d2,
        a * e2 + c * f2 + e,
        b * e2 + d * f2 + f,
    )


def svg_texts(data: bytes, sizes: dict[str, float] | None = None) -> list[tuple[str, float, float]]:
    """Every text element of an SVG with its anchor point in the drawing's coordinates.

    ``sizes``, when given, receives each text's font size in drawing units.
    """
    out: list[tuple[str, float, float]] = []

    def walk(el: ET.Element, m: Matrix, size: float) -> None:
        size = float(el.get("font-size", size))
        t = el.get("transform")
        if t:
            found = re.fullmatch(r"\s*matrix\(([^)]*)\)\s*", t)
            assert found, f"unexpected transform {t!r}"
            values = tuple(float(v) for v in re.split(r"[\s,]+", found.group(1).strip()))
            m = _multiply(m, values)  # type: ignore[arg-type]
        if el.tag == f"{SVG}text":
            x, y = float(el.get("x", "0")), float(el.get("y", "0"))
            a, b, c, d, e, f = m
            out.append(("".join(el.itertext()), a * x + c * y + e, b * x + d * y + f))
            if sizes is not None:
                sizes["".join(el.itertext())] = size * (a * a + b * b) ** 0.5
        for child in el:
            walk(child, m, size)

    walk(ET.fromstring(data), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0.0)
    return out


@pytest.fixture
def editor(qtbot):
    """The hotel template in the map editor, as the main window shows it."""
    doc = cxdesigner.new_project(None, template="hotel")
    stack = UndoStack(doc)
    ed = JourneyEditor(doc, stack, Selection())
    qtbot.addWidget(ed)
    ed.resize(1400, 900)
    ed.show()
    yield ed
    ed.detach()
    stack.clear()
    doc.close()


def test_svg_shows_every_card_title_where_the_screen_shows_it(editor):
    """Each line of each card's title is a text element at the place the canvas draws it."""
    doc, jid, scene = editor.doc, editor.journey_id, editor.scene
    editor.set_zoom(0.3)  # the export must not care how far the view is zoomed out
    sizes: dict[str, float] = {}
    texts = svg_texts(mapexport.svg_bytes(doc.project, jid), sizes)
    # Text is as big, relative to its card, as on screen: 9 pt on the view's device, in scene units.
    on_screen_px = scene.fonts.title.pointSizeF() * editor.view.viewport().logicalDpiY() / 72
    cards = scene.card_items()
    assert len(cards) == len(doc.project.touchpoints(jid)) > 20
    fm = QFontMetricsF(scene.fonts.title)
    fm_ascent, lh = fm.ascent(), fm.lineSpacing()
    first_line_at: dict[str, tuple[float, float]] = {}
    for tid, item in cards.items():
        rect = item.sceneBoundingRect()
        lines = item.title_lines()
        assert squeeze("".join(lines)) == squeeze(doc.project.get("touchpoint", tid).title)
        top = item.pos().y() + CardMetrics.pad_y + CardMetrics.row_h + CardMetrics.title_gap
        for k, line in enumerate(lines):
            expected = (item.pos().x() + CardMetrics.pad_x, top + k * lh + fm_ascent)
            near = [(x, y) for text, x, y in texts if text == line and rect.contains(x, y)]
            assert near, f"{line!r} of card {tid} is not inside its card in the SVG"
            x, y = min(near, key=lambda p: abs(p[0] - expected[0]) + abs(p[1] - expected[1]))
            assert abs(x - expected[0]) < 1.0 and abs(y - expected[1]) < 1.0, (line, (x, y), expected)
            assert sizes[line] == pytest.approx(on_screen_px, abs=0.01)
            if k == 0:
                first_line_at[tid] = (x, y)
    # Read left to right, top to bottom, the cards come in the same order as on screen.
    on_screen = sorted(cards, key=lambda t: (round(cards[t].pos().x()), round(cards[t].pos().y())))
    in_svg = sorted(first_line_at, key=lambda t: (round(first_line_at[t][0]), round(first_line_at[t][1])))
    assert in_svg == on_screen
    # Headers, the title block and the key are text too.
    shown = {text for text, _, _ in texts}
    for stage in doc.project.stages(jid):
        assert stage.display_name(doc.lang) in shown
    assert doc.project.get("journey", jid).name in shown
    assert {"Pain points", "Moment of truth"} <= shown


def test_export_scene_lays_the_map_out_as_the_screen_does(editor):
    doc, jid, scene = editor.doc, editor.journey_id, editor.scene
    export = render_journey(doc, jid)
    assert export.layout is not None and scene.layout is not None
    assert export.layout.cards == scene.layout.cards
    assert export.layout.stage_headers == scene.layout.stage_headers
    assert export.layout.emotion_plot == scene.layout.emotion_plot
    # The picture is the map plus the key below it; nothing of the map moves for it.
    legend = export.legend_item
    assert legend.isVisible() and not scene.legend_item.isVisible()
    assert legend.rect.top() > scene.layout.emotion_plot.bottom
    assert export.full_rect().contains(legend.rect)
    assert export.full_rect().width() == scene.sceneRect().width()


def test_selection_is_a_map_of_the_chosen_cards(qapp):
    doc = cxdesigner.new_project(None, template="hotel")
    try:
        jid = doc.project.journeys()[0].id
        cards = doc.project.touchpoints(jid)
        chosen = cards[:3]
        ids = [tp.id for tp in chosen]
        data = mapexport.svg_bytes(doc.project, jid, mapexport.MapOptions(touchpoint_ids=ids))
        shown = squeeze(" ".join(t for t, _, _ in svg_texts(data)))
        for tp in cards:
            assert (squeeze(tp.title) in shown) == (tp.id in ids), tp.title
        assert "Selectedtouchpoints" in shown
        # Only the stages and card lanes the chosen cards sit in (a lane without cards stays while it shows
        # something, like the guests' thoughts, figures and pictures), and only their connections.
        scene = mapexport.journey_map(doc.project, jid, mapexport.MapOptions(touchpoint_ids=ids))
        assert set(scene.layout.stage_ids) == {tp.stage_id for tp in chosen}
        lanes = {ln.id: ln for ln in doc.project.lanes(jid)}
        assert {lid for lid in scene.layout.lane_ids if lanes[lid].holds_cards} == {tp.lane_id for tp in chosen}
        assert {lid for lid in scene.layout.lane_ids if not lanes[lid].holds_cards} == {
            cell.lane_id for cell in doc.project.lane_cells(jid)
        }
        assert set(scene.connection_items()) == {
            c.id for c in doc.project.connections(jid) if c.source_id in ids and c.target_id in ids
        }
        whole = mapexport.journey_map(doc.project, jid, mapexport.MapOptions())
        assert scene.full_rect().width() < whole.full_rect().width()
        # Ids from elsewhere are ignored; none of this journey is an error, not an empty picture.
        with pytest.raises(ValidationError):
            mapexport.journey_map(doc.project, jid, mapexport.MapOptions(touchpoint_ids=["nope"]))
    finally:
        doc.close()


def test_report_map_page_is_the_canvas_scene(qapp, tmp_path):
    doc = cxdesigner.new_project(None, template="hotel")
    try:
        jid = doc.project.journeys()[0].id
        path = tmp_path / "r.pdf"
        report.write_report(doc.project, jid, path, "en")
        # NFKC: the PDF's text maps ligature glyphs (ﬁ) to their own characters.
        pages = [squeeze(unicodedata.normalize("NFKC", p)) for p in pdf_pages(path.read_bytes())]
        # The map is tiled so that card titles stay readable: its pages together hold every card.
        map_pages = [p for p in pages if "Journeymap" in p]
        assert len(map_pages) > 1
        map_text = "".join(map_pages)
        for tp in doc.project.touchpoints(jid):
            assert squeeze(tp.title) in map_text, tp.title
        for stage in doc.project.stages(jid):
            assert squeeze(stage.display_name("en")) in map_text
        # The key the canvas prints under an exported map is there, so it is the print-mode scene.
        assert "Painpoints" in map_text and "Momentoftruth" in map_text
    finally:
        doc.close()


def test_svg_stays_well_formed_with_control_characters(qapp):
    doc = cxdesigner.new_project(None, template="hotel")
    try:
        jid = doc.project.journeys()[0].id
        tp = doc.project.touchpoints(jid)[0]
        hostile = "a\x00b\x1bc <b>x</b> &amp; \x07"
        doc.update_touchpoint(tp.id, title=hostile)
        doc.update("journey", jid, name="J\x1bourney\x00 <i>")
        doc.update("stage", doc.project.stages(jid)[0].id, name="St\x08age")
        for ids in (None, [tp.id]):
            data = mapexport.svg_bytes(doc.project, jid, mapexport.MapOptions(touchpoint_ids=ids))
            root = ET.fromstring(data)  # a parse error fails the test
            text = "".join(root.itertext())
            # Drawn as the window draws them (hostile43): each control as its code, where fonts drew a box.
            assert "a\\u0000b\\u001bc" in text and "<b>x</b>" in text and "Journey <i>" not in text
            # The SVG's <title> too (names44): it dropped them, "Journey <i>".
            assert root.find("{http://www.w3.org/2000/svg}title").text == "J\\u001bourney\\u0000 <i>"
            assert "St\\u0008age" in text
    finally:
        doc.close()


def test_print_mode_draws_details_at_any_scale_and_no_screen_marks(editor):
    """Small previews keep card text; selection and highlights never reach a picture."""
    doc, jid = editor.doc, editor.journey_id
    ids = [tp.id for tp in doc.project.touchpoints(jid)]
    editor.select_cards(ids[:2])
    editor.highlight_path(ids[:2])
    export = render_journey(doc, jid)
    for item in export.card_items().values():
        item.setSelected(True)
        item.highlighted = True
    small = render_image(export, 0.3)
    editor.scene.clearSelection()
    plain = render_image(render_journey(doc, jid), 0.3)
    assert small == plain  # selection and highlight flags change nothing in print mode
    # Card text is drawn at 30 %: the canvas itself hides it that far out, a picture must not.
    screen = QImage(small.size(), QImage.Format.Format_ARGB32_Premultiplied)
    screen.fill(0)
    painter = QPainter(screen)
    painter.scale(0.3, 0.3)
    editor.scene.render(painter, export.full_rect(), export.full_rect())
    painter.end()
    card = export.layout.cards[ids[0]]
    box = (round(card.x * 0.3), round((card.y + 30) * 0.3), round(card.w * 0.3), round(20 * 0.3))

    def inked(img: QImage) -> int:
        return sum(
            1
            for x in range(box[0], box[0] + box[2])
            for y in range(box[1], box[1] + box[3])
            if img.pixelColor(x, y).lightness() < 230
        )

    assert inked(small) > 3 * inked(screen)


def test_key_flows_into_rows_and_names_connection_styles_when_the_title_cannot(qapp):
    doc = cxdesigner.new_project(None, template="hotel")
    try:
        jid = doc.project.journeys()[0].id
        # Two connected cards (two stages at most): the key names the style of the connection between them.
        first = doc.project.touchpoints(jid)[0].id
        link = next(c for c in doc.project.connections_of(first) if c.source_id == first)
        one = [link.source_id, link.target_id]
        narrow = render_journey(doc, jid, cards=one)
        wide = render_journey(doc, jid)
        assert not narrow.title_item.has_key() and wide.title_item.has_key()
        kinds = lambda s: [e[0] for row in s.legend_item.rows for e in row]  # noqa: E731
        assert "connection" in kinds(narrow) and "connection" not in kinds(wide)
        assert len(wide.legend_item.rows) == 1
        r = wide.legend_item.rect
        wide.legend_item.arrange(wide, r.x(), r.y(), 300.0)
        assert len(wide.legend_item.rows) > 1
        wide.legend_item.arrange(wide, r.x(), r.y(), r.width())  # as it was, for the checks below
        for scene in (narrow, wide):
            rows = scene.legend_item.rows
            for row in rows[:-1] if len(rows) > 1 else []:
                assert sum(w for *_, w in row) + LegendItem.GAP * (len(row) - 1) <= scene.legend_item.rect.width()
            assert scene.full_rect().contains(scene.legend_item.rect)
        # A narrow picture wraps a long journey name instead of cutting it, and the map moves down for it.
        name = "A journey whose name is far longer than one card is wide, as workshop names are"
        doc.update("journey", jid, name=name)
        data = mapexport.svg_bytes(doc.project, jid, mapexport.MapOptions(touchpoint_ids=one))
        assert squeeze(name) in squeeze("".join(t for t, _, _ in svg_texts(data)))
        assert render_journey(doc, jid, cards=one).layout.title_rect.h > narrow.layout.title_rect.h
        untitled = render_journey(doc, jid, title_block=False)
        assert not untitled.title_item.isVisible()
        assert untitled.full_rect().height() < wide.full_rect().height()
    finally:
        doc.close()


def test_a_right_to_left_title_or_lane_name_reads_from_the_right_edge(qapp):
    """An Arabic card title and lane name were set against the left edge, as an English one is."""
    from journeys import build
    from PySide6.QtCore import QRectF

    from cxdesigner.canvas.items import CardMetrics
    from cxdesigner.model import Change

    arabic, english = "تجربة العميل سيئة جدا في المتجر", "Books a room"
    project = build({"a": {"title": arabic}, "b": {"title": english, "stage": 1}})
    lane = project.lanes("j")[0]
    project.apply([Change("lane", lane.id, lane, lane.evolve(name="مسار العميل"))])
    scene = render_journey(project, "j")
    data = mapexport.svg_bytes(project, "j", mapexport.MapOptions())
    texts = svg_texts(data)
    origin = scene.full_rect().topLeft()
    inner = CardMetrics.pad_x
    for tid, title, rtl in (("a", arabic, True), ("b", english, False)):
        r = scene.layout.cards[tid]
        card = QRectF(r.x - origin.x(), r.y - origin.y(), r.w, r.h)
        lines = scene.card_item(tid).title_lines()
        xs = [x for text, x, y in texts if text in lines and card.contains(x, y)]
        assert xs, title
        if rtl:  # every line ends at the right edge, so the first is indented
            assert min(xs) > card.left() + inner + 10
        else:
            assert xs == [pytest.approx(card.left() + inner, abs=1.5)] * len(xs)
    header = scene._lane_headers[lane.id].sceneBoundingRect().translated(-origin)
    x = next(x for text, x, y in texts if text == "مسار العميل")
    assert x > header.left() + 40


def test_a_picture_names_a_long_stage_whole_in_a_taller_header(qapp):
    """A client's copy named its stage "Reconocimiento de la necesidad y búsqueda …": the header kept the
    screen's two lines. The screen's header still does (every header alike, the rest elided)."""
    from journeys import build

    from cxdesigner.canvas.scene import JourneyScene
    from cxdesigner.model import Change

    long = "Reconocimiento de la necesidad y búsqueda inicial de información"
    project = build({"a": {}}, stages=[long, "Compra"])
    scene = render_journey(project, "j")
    header = scene.stage_header_item("j-st0")
    assert header.rect.height() > scene.metrics.stage_h  # grown for the name's lines
    assert scene.layout.top_strip.h > render_journey(build({"a": {}}, stages=["Uso", "Compra"]), "j").layout.top_strip.h
    texts = [text for text, _x, _y in svg_texts(mapexport.svg_bytes(project, "j", mapexport.MapOptions()))]
    assert squeeze(long) in squeeze(" ".join(texts))
    assert not any(text.endswith("…") for text in texts)
    screen = JourneyScene(project)
    screen.set_journey("j")
    assert screen.layout.stage_headers["j-st0"].h == screen.metrics.stage_h  # the canvas is as it was
    stage = project.stages("j")[0]
    project.apply([Change("stage", stage.id, stage, stage.evolve(name="x " * 400))])  # a name of 800 characters
    capped = render_journey(project, "j").stage_header_item("j-st0").rect.height()
    assert capped < 4 * header.rect.height()  # four lines at most, the last elided


def test_the_key_lists_only_the_marks_the_map_shows(qapp):
    """A client reads the key to find its marks on the map: the emotion chips, badges and connection styles
    the exported map has, and no others; an empty map's key is the date line alone."""
    from cxdesigner.canvas.items import shown_connection_kinds

    doc = cxdesigner.new_project(None)
    try:
        jid = doc.journeys()[0].id
        stages, lanes = doc.project.stages(jid), doc.project.lanes(jid)

        def key(**options) -> tuple[list[tuple[str, str]], set[str]]:
            scene = render_journey(doc, jid, **options)
            entries = [(what, k) for row in scene.legend_item.rows for what, k, _w in row]
            words = {t for t, _, _ in svg_texts(mapexport.svg_bytes(doc.project, jid))}
            return entries, words

        entries, words = key()
        assert entries == [] and render_journey(doc, jid).legend_item.rect.height() == LegendItem.ROW_H
        assert not words & {"not rated", "Pain points", "Votes", "Normal", "Failure", "Loop back"}
        assert any(w.startswith("Date") for w in words)

        a = doc.add_touchpoint(jid, stages[0].id, lanes[0].id, "Sees an ad", emotion=2)
        b = doc.add_touchpoint(jid, stages[1].id, lanes[0].id, "Card declined", emotion=-3)
        doc.connect(a, b, kind="failure")
        entries, words = key()
        assert entries == [("emotion", "")]
        scene = render_journey(doc, jid)
        assert scene.legend_item.chips == (-3, -2, -1, 0, 1, 2, 3)
        assert scene.title_item.has_key() and shown_connection_kinds(scene) == ["failure"]
        assert "Failure" in words and not words & {"not rated", "Pain points", "Normal", "Alternative", "Loop back"}

        c3 = doc.add_touchpoint(jid, stages[2].id, lanes[0].id, "Calls support", pain_points=["Long wait"])
        doc.connect(b, c3, kind="loop_back")
        entries, words = key()
        assert entries == [("emotion", ""), ("badge", "pain")]
        assert render_journey(doc, jid).legend_item.chips[-1] is None
        assert {"not rated", "Pain points", "Failure", "Loop back"} <= words and "Normal" not in words
        # A picture of one card keys that card's marks only: no connection, no emotion scale.
        assert key(title_block=False, cards=[c3])[0] == [("emotion", ""), ("badge", "pain")]
        assert render_journey(doc, jid, cards=[c3]).legend_item.chips == (None,)
    finally:
        doc.close()
