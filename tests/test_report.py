"""The report's figures: 95 % intervals of NPS and CSAT against hand-computed values (docs/analysis.md §8)."""

from __future__ import annotations

import re

import pytest

from cxdesigner.analysis.measures import nps_interval, survey_intervals, wilson_interval


def test_nps_interval_matches_the_worked_example():
    # p+ = .30, p- = .20: var = (.5 - .01) / 100 = .0049, sd .07, 1.96 * .07 = .1372
    lo, hi = nps_interval(30, 20, 100)
    assert lo == pytest.approx(10 - 13.72, abs=0.01) and hi == pytest.approx(10 + 13.72, abs=0.01)


def test_csat_wilson_interval_matches_the_worked_example():
    lo, hi = wilson_interval(74, 107)
    assert lo == pytest.approx(59.87, abs=0.01) and hi == pytest.approx(77.12, abs=0.01)
    # At 0 % the normal interval collapses; Wilson's does not: 0 … z²/(n + z²).
    lo, hi = wilson_interval(0, 5)
    assert lo == 0.0 and hi == pytest.approx(100 * 3.8415 / (5 + 3.8415), abs=0.01)


def test_intervals_are_clamped_and_absent_without_answers():
    assert nps_interval(10, 0, 10) == (100.0, 100.0)
    assert nps_interval(0, 0, 0) is None and wilson_interval(0, 0) is None
    ci = survey_intervals({"nps": [10] * 3 + [0] * 2 + [8] * 5, "csat": []})
    assert set(ci) == {"nps"} and ci["nps"][0] < 10 < ci["nps"][1]


def test_the_reports_map_pages_print_card_titles_at_9_points_or_more(qapp):
    """The map is tiled onto as many pages as readable text needs, never shrunk to one page."""
    from cxdesigner import api
    from cxdesigner.canvas import style
    from cxdesigner.exchange import mapexport, report

    project = api.template_project("hotel")
    jid = project.journeys()[0].id
    scene = mapexport.journey_map(project, jid, mapexport.MapOptions())
    body, pt = report.page_body(style.scene_dpi())
    area = report.map_room(body, pt)
    plan = mapexport.plan_room(scene, (area.width(), area.height()), report.MAP_MIN_TEXT, compact=True)
    assert 1 < len(plan.pages) <= report.MAX_MAP_PAGES
    assert plan.scale * scene.fonts.title.pointSizeF() >= report.MAP_MIN_TEXT - 1e-6
    for page in plan.pages:  # every page fits its room at that scale
        assert page.width * plan.scale <= area.width() + 0.5 and page.height * plan.scale <= area.height() + 0.5
    shown = {sid for page in plan.pages for sid in page.stage_ids}
    assert shown == {s.id for s in project.stages(jid)}


def test_a_map_too_large_for_readable_report_pages_gets_one_overview_page(qapp, tmp_path, monkeypatch):
    from test_exchange_pdftext import pdf_pages, pdf_text_sizes, squeeze

    from cxdesigner import api
    from cxdesigner.canvas import style
    from cxdesigner.exchange import mapexport, report

    monkeypatch.setattr(report, "MAX_MAP_PAGES", 2)  # the hotel needs about ten readable pages
    project = api.template_project("hotel")
    jid = project.journeys()[0].id
    # Counted as the report counts them: the figure moves with the map's rules (the labels' places, the cuts).
    body, pt = report.page_body(style.scene_dpi())
    area = report.map_room(body, pt)
    readable = len(report.map_plan(report.report_map(project, jid, "en", area.width()), area).pages)
    assert readable > report.MAX_MAP_PAGES
    on_a3 = mapexport.MapOptions(paper="a3")
    path = tmp_path / "r.pdf"
    notes = [squeeze(n) for n in report.write_report(project, jid, path, "en")]
    pages = [squeeze(p) for p in pdf_pages(path.read_bytes())]
    map_pages = [p for p in pages if "Journeymap" in p]
    assert len(map_pages) == 1
    assert f"readable,ittakes{readable}pages" in map_pages[0]
    # The whole map at a glance (no card's text), not shrunk until its texts printed at 3 to 6 points.
    overview = pages.index(map_pages[0])
    assert min(size for size, _text in pdf_text_sizes(path.read_bytes())[overview]) >= report.LEAST_TEXT
    assert not any(squeeze(tp.title) in map_pages[0] for tp in project.touchpoints(jid))
    # The advice is for the designer who exports (the dialog shows it), not for the client who reads the report.
    assert not any("Export" in p or "export" in p for p in pages)
    a3 = len(mapexport.plan_sheets(mapexport.journey_map(project, jid, mapexport.MapOptions()), on_a3).pages)
    assert len(notes) == 1 and f"ittakes{readable}pages" in notes[0] and "PDFonA3" in notes[0]
    assert f"ittakes{a3}pagesthere" in notes[0]  # the advice says what A3 takes

    # A map too large even for A3 is not sent there: the note points to one page to zoom in on.
    monkeypatch.setattr(mapexport, "MAX_SHEETS", a3 - 1)
    notes = [squeeze(n) for n in report.write_report(project, jid, path, "en")]
    assert "PDFonA3" not in notes[0] and f"onepagethesizeofthemapandzoomin(onA3itwouldtake{a3}pages)" in notes[0]
    monkeypatch.setattr(report, "MAX_MAP_PAGES", 16)
    assert report.write_report(project, jid, path, "en") == [], "a map on readable report pages needs no advice"


def test_the_report_command_passes_the_map_advice_on_as_a_warning_the_dialog_shows(qapp, tmp_path, monkeypatch,
                                                                                   capsys):
    import cxdesigner
    from cxdesigner.cli import main
    from cxdesigner.exchange import report
    from cxdesigner.services.childjob import WARNING_PREFIX

    monkeypatch.setattr(report, "MAX_MAP_PAGES", 2)
    path = tmp_path / "hotel.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    assert main(["report", str(path), "-o", str(tmp_path / "r.pdf")]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith(WARNING_PREFIX)]
    assert len(warnings) == 1 and "Export the map as a PDF on A3" in warnings[0]


def _small_map(stages: int, cards: int, lanes: int = 2):
    """A journey of ``cards`` cards spread over ``stages`` named stages and two lanes, one after the other."""
    from journeys import build

    names = [f"Step{i + 1}" for i in range(stages)]
    chain = {f"c{i}": {"stage": i % stages, "lane": i % lanes, "emotion": (-1) ** i * (i % 4), "title": f"Card{i}"}
             for i in range(cards)}  # fmt: skip
    return build(chain, [(f"c{i}", f"c{i + 1}") for i in range(cards - 1)], stages=names, name="Small")


def _map_pages(project, jid, tmp_path, lang: str = "en") -> list[str]:
    from test_exchange_pdftext import squeeze

    _path, pages = _pages(project, jid, tmp_path, lang)
    return [squeeze(p) for p in pages if _is_map_page(squeeze(p))]


GLANCE = {"en": "Journeymapataglance", "es": "Elmapadelviajedeunvistazo"}


def _is_map_page(text: str) -> bool:
    """A page of the map itself (squeezed text), not the page of the whole map at a glance before them."""
    return ("Journeymap" in text or "Mapadelviaje" in text) and not any(g in text for g in GLANCE.values())


def test_a_small_map_of_six_stages_is_cut_once_between_stages_each_page_whole_to_its_emotion_row(qapp, tmp_path):
    """Six stages do not fit a page with card titles of 9 points (a stage is 200 units, the page 1,016): two pages
    of three stages, each with every lane and the emotion row, and no overview page printed too small to read.
    It took an overview and four pages: the map's title block kept each column's emotion row off its page."""
    project = _small_map(6, 6)
    maps = _map_pages(project, "j", tmp_path)
    assert [re.search(r"Journeymap\(\d+of\d+\)", p).group() for p in maps] == ["Journeymap(1of2)", "Journeymap(2of2)"]
    for page, stages in zip(maps, ([1, 2, 3], [4, 5, 6]), strict=True):
        assert all(f"Step{n}" in page for n in stages) and "Veryposi" in page, page
        assert all(f"Card{n - 1}" in page for n in stages), page


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_map_cut_into_pages_is_shown_whole_first_with_each_page_framed_and_numbered(qapp, tmp_path, lang):
    """A client turning the map's pages did not know where each sat in the journey. The page after the cover shows
    the whole map: its stage and lane names at 7 points or more, no card's text (at that size it would print at 2 to
    6 points) and a frame round each page after it with that page's number, so it is also their index."""
    from test_exchange_pdftext import pdf_text_sizes, squeeze

    from cxdesigner.exchange import report

    project = _small_map(6, 6)
    path, pages = _pages(project, "j", tmp_path, lang)
    text = [squeeze(p) for p in pages]
    assert [n for n, p in enumerate(text) if GLANCE[lang] in p] == [1], "right after the cover, once"
    glance = text[1]
    for name in [s.display_name(lang) for s in project.stages("j")] + [ln.display_name(lang) for ln in
                                                                       project.lanes("j")]:  # fmt: skip
        assert squeeze(name) in glance, name
    assert not any(f"Card{i}" in glance for i in range(6))
    details = [n for n, p in enumerate(text) if _is_map_page(p)]
    assert details == [2, 3]
    mark = "p." if lang == "en" else "pág."
    assert sorted(re.findall(re.escape(mark) + r"(\d+)", glance)) == [str(n + 1) for n in details]
    sizes = pdf_text_sizes(path.read_bytes())[1]
    assert min(size for size, _text in sizes) >= report.LEAST_TEXT, sorted(sizes)[:3]


def test_a_glance_leaves_out_connections_whose_routes_would_take_most_of_the_page(qapp):
    """150 generated cards with their branches and loops back: their routes side by side widened the gutters until
    the columns were slivers between them (a thousand cards' took 5,700 of a map 6,200 wide). Left out, the cards'
    blocks take most of the width and the curve is a thin line; a small map's connections are drawn."""
    from test_canvas_layout import _bench_generate

    from cxdesigner.canvas import style
    from cxdesigner.exchange import report
    from cxdesigner.exchange.mapexport import smallest_text
    from cxdesigner.exchange.report_glance import glance_map

    body, pt = report.page_body(style.scene_dpi())
    area = report.map_room(body, pt)
    room = (area.width(), area.height())
    project = _bench_generate()(150, journeys=1)
    glance, scale = glance_map(project, project.journeys()[0].id, "en", room, report.LEAST_TEXT)
    columns = sum(w for _x, w in glance.layout.columns.values())
    assert not glance.glance_routes and columns > 0.6 * glance.full_rect().width()
    assert smallest_text(glance) * scale >= report.LEAST_TEXT
    assert glance_map(_small_map(6, 6), "j", "en", room, report.LEAST_TEXT)[0].glance_routes


def test_the_frames_at_a_glance_hold_their_pages_stages_and_lanes(qapp):
    """Each frame of the hotel's map at a glance lies round the stages and lanes its page shows, and the frames of
    one column of pages follow each other down the map."""
    from cxdesigner import api
    from cxdesigner.canvas import style
    from cxdesigner.exchange import report
    from cxdesigner.exchange.report_glance import glance_map, page_frames

    project = api.sample_project()
    jid = project.journeys()[0].id
    body, pt = report.page_body(style.scene_dpi())
    area = report.map_room(body, pt)
    scene = report.report_map(project, jid, "en", area.width())
    plan = report.map_plan(scene, area)
    glance, _scale = glance_map(project, jid, "en", (area.width(), area.height()), report.LEAST_TEXT)
    frames = page_frames(scene, plan, glance)
    layout = glance.layout
    assert len(frames) == len(plan.pages) > 1
    for page, (x0, y0, x1, y1) in zip(plan.pages, frames, strict=True):
        for sid in layout.stage_ids:
            x, w = layout.columns[sid]
            assert (x0 < x + w / 2 < x1) == (sid in page.stage_ids), (page.column, page.row, sid)
        for lid in page.lane_ids:
            y, h = layout.rows[lid]
            assert y0 < y + h and y < y1, (page.column, page.row, lid)
    for before, after, f0, f1 in zip(plan.pages, plan.pages[1:], frames, frames[1:]):
        if before.column == after.column:
            assert f0[3] == pytest.approx(f1[1]) and f0[1] < f1[1]
    # Neighbouring columns' frames meet in the gutter between them: each page's stages run into it on both.
    for c in range(plan.columns - 1):
        ends = {f[2] for page, f in zip(plan.pages, frames) if page.column == c}
        starts = {f[0] for page, f in zip(plan.pages, frames) if page.column == c + 1}
        assert max(ends) <= min(starts) + 1e-6, (c, ends, starts)


def test_a_map_that_fits_a_page_with_readable_titles_is_one_page(qapp, tmp_path):
    """Three stages fit across a page at 9 points: one page, not cut into rows (the title block made it two)."""
    from test_exchange_pdftext import squeeze

    from cxdesigner.canvas import style
    from cxdesigner.exchange import report

    project = _small_map(3, 5)
    _path, pages = _pages(project, "j", tmp_path, "en")
    assert not any(GLANCE["en"] in squeeze(p) for p in pages), "the map itself is the whole map"
    maps = _map_pages(project, "j", tmp_path)
    assert len(maps) == 1 and "(1of" not in maps[0]
    body, pt = report.page_body(style.scene_dpi())
    area = report.map_room(body, pt)
    scene = report.report_map(project, "j", "en", area.width())
    plan = report.map_plan(scene, area)
    assert not plan.split and plan.scale * scene.fonts.title.pointSizeF() >= report.MAP_MIN_TEXT


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_empty_journeys_map_prints_its_names_at_7_points_or_more_on_as_few_pages_as_that_allows(qapp, tmp_path,
                                                                                                 lang):
    """No card title to keep at 9 points, but the stage and lane names at 7 or more: printed whole on one page the
    empty map's lane names were 5 points. Its cells narrow to fit the page's width when the stages' names allow,
    and its pages leave out the emotion row, which has nothing to plot."""
    from test_exchange_pdftext import pdf_text_sizes, squeeze

    from cxdesigner import api
    from cxdesigner.exchange import report

    doc = api.new_project(None, lang=lang)  # closed here: Python 3.13 warns of an unclosed SQLite connection
    try:
        project = doc.project
        jid = project.journeys()[0].id
        path, pages = _pages(project, jid, tmp_path, lang)
        maps = [n for n, p in enumerate(pages) if "Journeymap" in squeeze(p) or "Mapadelviaje" in squeeze(p)]
        assert maps[0] == 1 and maps == list(range(1, 1 + len(maps)))
        # English names fit narrowed cells: one page. Spanish «Reconocimiento» does not: cut between stages, two.
        assert len(maps) == (1 if lang == "en" else 2)
        assert "Emoción" not in pages[maps[0]] and "Emotion" not in pages[maps[0]], "no emotion row to plot"
        text = "".join(squeeze(pages[n]) for n in maps)
        for stage in project.stages(jid):
            assert squeeze(stage.display_name(lang)) in text, stage.name
        for lane in project.lanes(jid):
            assert squeeze(lane.display_name(lang)) in text, lane.kind
        sizes = pdf_text_sizes(path.read_bytes())
        assert min(size for n in maps for size, _text in sizes[n]) >= report.LEAST_TEXT
    finally:
        doc.close()


def test_a_map_page_s_note_in_the_footer_is_whole(qapp, tmp_path):
    """The note (journey, page, its stages and lanes) sits between the footer's ends: at 60 % of the line a
    Spanish note lost its lanes' names to «…»."""
    from test_exchange_pdftext import squeeze

    from cxdesigner import api
    from cxdesigner.canvas import style
    from cxdesigner.exchange import mapexport, report

    project = api.sample_project("es")
    jid = project.journeys()[1].id  # the shoes: long stage and lane names
    _path, pages = _pages(project, jid, tmp_path, "es")
    maps = [squeeze(p) for p in pages if "Mapadelviaje" in squeeze(p)]
    body, pt = report.page_body(style.scene_dpi())
    area = report.map_room(body, pt)
    scene = report.report_map(project, jid, "es", area.width())
    plan = report.map_plan(scene, area)
    assert len(maps) == len(plan.pages) > 1
    for n, page in enumerate(maps):
        note = squeeze(mapexport.page_note(scene, plan, n, "es"))
        assert note in page, (n, note)


def test_a_chart_with_nothing_to_plot_takes_no_page(qapp, tmp_path):
    """A page with one sentence («No card has both importance and satisfaction yet») is left out; the gap
    ranking says it already. The charts with data keep their pages."""
    from test_exchange_pdftext import squeeze

    project = _small_map(3, 5)  # emotions, no importance or satisfaction
    _path, pages = _pages(project, "j", tmp_path, "en")
    text = [squeeze(p) for p in pages]
    assert sum("Emotioncurve:Small" in p for p in text) == 1, "the curve's chart and its title"
    assert not any("Importancevssatisfaction" in p for p in text)
    assert not any("Nocardhasbothimportanceandsatisfactionyet" in p for p in text)


@pytest.mark.parametrize(("lang", "stages"), [("en", 0), ("es", 0), ("en", 20)])
def test_no_text_on_any_page_of_the_report_prints_under_7_points(qapp, tmp_path, lang, stages):
    """The cover's curve named its stages at 6.75 points, the charts' labels printed at 6.7 (an 11-inch chart
    shrunk to the page), the page notes at 6.75 and the overview page's map at 2.5 to 6."""
    from test_exchange_pdftext import pdf_text_sizes

    from cxdesigner import api
    from cxdesigner.exchange import report

    if stages:
        project, jid = _small_map(stages, 2 * stages), "j"
    else:  # three journeys: the comparison chart too
        project = api.sample_project(lang)
        jid = project.journeys()[0].id
    path, _pages_text = _pages(project, jid, tmp_path, lang)
    sizes = pdf_text_sizes(path.read_bytes())
    smallest = {n: min(sizes[n]) for n in range(len(sizes)) if sizes[n]}
    assert len(smallest) == len(sizes), "every page has text"
    assert all(size >= report.LEAST_TEXT for size, _text in smallest.values()), {
        n: found for n, found in smallest.items() if found[0] < report.LEAST_TEXT
    }


# -- the report's pages, read back from the PDF ------------------------------------------------------------

LONG = (
    "The guest walks from the taxi to the desk with two bags, waits behind a tour group, is asked again for the "
    "booking number she already gave by e-mail, and finally hears that the room is not ready yet. "
)


def _hotel_with_survey(lang: str = "en"):
    """The hotel template with seeded NPS and CSAT answers on its first cards."""
    import random

    from cxdesigner import api
    from cxdesigner.model import Change, Response

    project = api.template_project("hotel", lang=lang)
    jid = project.journeys()[0].id
    rng = random.Random(3)
    changes = []
    for i, tp in enumerate(project.touchpoints(jid)[:6]):
        for k in range(8):
            for measure, lo, hi in (("nps", 0, 10), ("csat", 1, 5)):
                rid = f"r{i}-{k}-{measure}"
                answer = Response(id=rid, touchpoint_id=tp.id, measure=measure, score=rng.randint(lo, hi))
                changes.append(Change("response", rid, None, answer))
    project.apply(changes, notify=False)
    return project, jid


def _pages(project, jid, tmp_path, lang, name="r.pdf", **kwargs):
    import unicodedata

    from test_exchange_pdftext import pdf_pages

    from cxdesigner.exchange import report

    path = tmp_path / name
    report.write_report(project, jid, path, lang, **kwargs)
    # NFKC: the PDF's text maps ligature glyphs (ﬁ) to their own characters.
    return path, [unicodedata.normalize("NFKC", p) for p in pdf_pages(path.read_bytes())]


def test_the_cover_holds_the_key_figures_and_the_three_most_severe_findings(qapp, tmp_path):
    from test_exchange_pdftext import squeeze

    from cxdesigner.analysis import analyze
    from cxdesigner.analysis.insights import finding_text
    from cxdesigner.analysis.measures import survey_intervals
    from cxdesigner.exchange.report_sections import survey_scores
    from cxdesigner.i18n import translation

    project, jid = _hotel_with_survey()
    _path, pages = _pages(project, jid, tmp_path, "en")
    cover = squeeze(pages[0])
    result = analyze(project, jid)
    t = translation("en")
    emo = result["emotion"]["journey"]
    for label, value in (("Netexperience", t.signed(emo["net"])), ("Meanemotion", t.signed(emo["mean"]))):
        assert label + squeeze(value) in cover
    pains = sum(len(tp.pain_points) for tp in project.touchpoints(jid))
    assert "Painpoints" + str(pains) in cover
    # NPS and CSAT with the interval measures.py gives and the number of answers.
    scores = survey_scores(project, project.touchpoints(jid))
    ci = survey_intervals(scores)
    lo, hi = ci["nps"]
    assert squeeze(f"95% CI {t.signed(lo)} to {t.signed(hi)} n = {len(scores['nps'])}") in cover
    lo, hi = ci["csat"]
    assert squeeze(f"95% CI {t.number(lo)} to {t.number(hi)} n = {len(scores['csat'])}") in cover
    assert "Mostseverefindings" in cover and "Emotioncurve" in cover
    findings = result["insights"]
    assert [f["severity"] for f in findings] == sorted((f["severity"] for f in findings), reverse=True)
    for n, f in enumerate(findings[:3], start=1):
        assert f"{n}HIGH" in cover or f"{n}MEDIUM" in cover
        assert squeeze(finding_text(f, 260)) in cover
    assert squeeze(finding_text(findings[3], 260)) not in cover, "three findings, not more"
    # The survey section prints the same interval, and the number of responses.
    survey = next(p for p in map(squeeze, pages) if "Surveymeasures" in p)
    lo, hi = ci["nps"]
    assert squeeze(f"NPS {t.signed(result['survey']['journey']['nps']['value'])}") in survey
    assert squeeze(f"{t.signed(lo)} to {t.signed(hi)} {len(scores['nps'])}") in survey


def test_a_cards_rows_are_never_split_across_pages(qapp, tmp_path, monkeypatch):
    """Cards with long texts: each one's title, expectation, experience, pain points and opportunities share a page."""
    import dataclasses

    from test_exchange_pdftext import squeeze

    from cxdesigner import api
    from cxdesigner.exchange import report
    from cxdesigner.model import Change

    monkeypatch.setattr(report, "_charts", lambda *a: [])  # the charts are not what this test reads
    project = api.template_project("hotel")
    jid = project.journeys()[0].id
    changes = []
    for i, tp in enumerate(project.touchpoints(jid)):
        new = dataclasses.replace(
            tp, title=f"Card{i}title", expectation=f"Exp{i}start " + LONG * (1 + i % 3),
            experience=LONG * (i % 4) + f" Seen{i}end",
            pain_points=tuple(f"Pain{i}x{k} " + LONG[: 40 * k] for k in range(1 + i % 4)),
            opportunities=tuple(f"Idea{i}x{k} " + LONG[: 60 * k] for k in range(1 + i % 3)) + (f"Last{i}opp",),
        )
        changes.append(Change("touchpoint", tp.id, tp, new))
    project.apply(changes, notify=False)
    _path, pages = _pages(project, jid, tmp_path, "en")
    pages = [squeeze(p) for p in pages]
    first_text = next(n for n, p in enumerate(pages) if "Touchpointsbystage" in p)
    card_pages = pages[first_text:]
    assert len(card_pages) >= 6, "long cards take many pages: the test crosses page breaks"
    bottoms = 0
    for i, _tp in enumerate(project.touchpoints(jid)):
        where = [n for n, p in enumerate(card_pages) if f"Exp{i}start" in p]
        assert len(where) == 1, f"card {i} is on pages {where}"
        page = card_pages[where[0]]
        for part in (f"Card{i}title", f"Seen{i}end", f"Pain{i}x0", f"Idea{i}x0", f"Last{i}opp"):
            assert part in page, f"{part} is not on the page of card {i}"
        bottoms += page.rindex(f"Last{i}opp") > len(page) - 200
    assert bottoms, "some card ends at the foot of a page: the next one was moved whole"


def test_the_flow_keeps_headings_with_what_follows_and_cuts_only_blocks_taller_than_a_page(qapp):
    from PySide6.QtGui import QPdfWriter

    from cxdesigner.canvas import style
    from cxdesigner.exchange.mapexport import ensure_gui
    from cxdesigner.exchange.report import CSS
    from cxdesigner.exchange.report_flow import Flow
    from cxdesigner.exchange.report_sections import Block, heading

    ensure_gui()
    from PySide6.QtCore import QBuffer

    buffer = QBuffer()
    writer = QPdfWriter(buffer)
    writer.setResolution(96)
    flow = Flow(writer, CSS, style.font(9), 600.0, 300.0, 96 / 72)
    para = "<p>" + "word " * 60 + "</p>"  # a few lines
    blocks = [Block(para, tag=f"b{i}") for i in range(6)]
    blocks.insert(4, heading("Section"))
    blocks.append(heading("Before a tall one"))  # goes along with the tall block, never alone
    blocks.append(Block("<p>" + "long " * 3000 + "</p>", tag="tall"))
    pages = flow.pages(blocks)
    tags = [[p.tag for p in page] for page in pages]
    for page in tags:
        assert page[-1] != "heading", "a heading never ends a page"
    placed = [tag for page in tags for tag in page]
    assert [t for t in placed if t.startswith("b")] == [f"b{i}" for i in range(6)], "every block once, in order"
    assert placed.count("tall") > 1 and all(page == ["tall"] for page in tags if "tall" in page[:-1])
    for page in pages:
        for piece in page:
            if piece.tag != "tall":
                assert piece.y + piece.height <= 300.0 + 0.01


def _flow(width: float = 600.0, height: float = 300.0):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QBuffer
    from PySide6.QtGui import QPdfWriter

    from cxdesigner.canvas import style
    from cxdesigner.exchange.mapexport import ensure_gui
    from cxdesigner.exchange.report import CSS
    from cxdesigner.exchange.report_flow import Flow

    ensure_gui()
    buffer = QBuffer()
    writer = QPdfWriter(buffer)
    writer.setResolution(96)
    return Flow(writer, CSS, style.font(9), width, height, 96 / 72), writer


def test_a_section_that_opens_a_page_does_so_only_when_less_than_a_third_is_left(qapp):
    """«Touchpoints by stage» opens a page; after a small journey's short findings that left two thirds empty."""
    from cxdesigner.exchange.report_sections import Block, heading

    flow, _writer = _flow()
    for lines, breaks in ((2, False), (14, False), (19, True)):
        filler = Block("<p>" + "<br/>".join(["filler"] * lines) + "</p>", tag="filler")
        pages = flow.pages([filler, heading("Touchpoints by stage", page_break=True), Block("<p>card</p>", tag="card")])
        filled = pages[0][0].height / 300.0
        assert [[p.tag for p in page] for page in pages] == (
            [["filler"], ["page", "card"]] if breaks else [["filler", "page", "card"]]
        ), f"{lines} lines fill {filled:.0%} of the page"
        assert breaks == (filled > 2 / 3)


def test_a_table_cut_by_a_page_break_keeps_three_rows_on_either_side_and_its_note_with_its_last(qapp):
    """Wherever the break falls, no page holds a row or two of a table alone (nor its heading without rows)."""
    from cxdesigner.exchange.report_sections import Block, heading, paragraph, table

    flow, _writer = _flow()
    for lines in range(0, 24):
        rows = [[f"r{i}", "cell"] for i in range(12)]
        blocks = [Block("<p>" + "<br/>".join(["filler"] * (lines + 1)) + "</p>", tag="filler"),
                  heading("Ranking"), *table(["#", "What"], [20, 80], rows)]
        blocks[-1].with_next = True
        blocks.append(paragraph("… and 3 more."))
        blocks[-1].tag = "note"
        pages = [[p.tag for p in page] for page in flow.pages(blocks)]
        counts = [page.count("row") for page in pages if "row" in page or "heading" in page]
        assert sum(counts) == 12
        assert all(c >= 3 for c in counts), f"{lines} filler lines: rows per page {counts}"
        assert "row" in next(page for page in pages if "note" in page), "the note follows the last row"
    short = table(["#"], [100], [["1"], ["2"]])
    assert not short[-1].with_next, "what follows a small table is free to start the next page"


def test_a_page_that_opens_on_the_rest_of_a_table_names_the_table(qapp):
    from cxdesigner.exchange.report_sections import continued, heading, table
    from cxdesigner.i18n import translation

    flow, _writer = _flow()
    t = translation("es")
    caption = continued(t, "Ana ↔ <b>Luis</b>")
    assert caption == "Ana ↔ <b>Luis</b> (continuación)"
    blocks = [heading("Comparison"), *table(["Stage", "n"], [80, 20], [[f"s{i}", "1"] for i in range(40)],
                                            caption=caption)]
    pages = flow.pages(blocks)
    assert len(pages) > 2
    first = pages[0][1].doc.toPlainText()
    assert pages[0][1].tag == "head" and "continuación" not in first, "the first head is the table's own"
    for page in pages[1:]:
        assert page[0].tag == "head"
        assert page[0].doc.toPlainText().splitlines()[0] == caption, "the caption is plain text, first"


def test_the_sections_exist_in_english_and_spanish_with_spanish_numbers(qapp, tmp_path):
    import re

    from test_exchange_pdftext import squeeze

    from cxdesigner.analysis import analyze

    sections = {
        "en": ("Insights", "Gapranking", "Criticalsteps", "Paths:valleysandpeak-end", "Surveymeasures",
               "Touchpointsbystage", "Importancevssatisfaction", "Opportunities"),
        "es": ("Hallazgos", "Rankingdebrechas", "Pasoscríticos", "Recorridos:vallesypico-final", "Medidasdeencuesta",
               "Puntosdecontactoporetapa", "Importanciafrenteasatisfacción", "Oportunidades"),
    }
    for lang, words in sections.items():
        project, jid = _hotel_with_survey(lang)
        _path, pages = _pages(project, jid, tmp_path, lang, f"{lang}.pdf")
        text = squeeze("".join(pages))
        for word in words:
            assert word in text, (lang, word)
        assert "Personacomparison" not in text and "Comparación" not in text, "one persona: nothing to compare"
        nps = analyze(project, jid)["survey"]["journey"]["nps"]["value"]
        if lang == "es":
            # Every figure has a decimal comma: no "0.5" anywhere (the date is "5 dic 2026").
            assert not re.findall(r"\d\.\d", text), re.findall(r".{20}\d\.\d.{20}", text)[:5]
            assert squeeze(f"NPS −{abs(nps):.1f}".replace(".", ",")) in text
            assert "IC del 95 %".replace(" ", "") in text
        else:
            assert squeeze(f"NPS −{abs(nps):.1f}") in text


def test_a_project_with_several_personas_compares_them(qapp, tmp_path):
    from test_canvas_layout import _bench_generate
    from test_exchange_pdftext import squeeze

    project = _bench_generate()(cards=24, journeys=2)
    jid = project.journeys()[0].id
    _path, pages = _pages(project, jid, tmp_path, "es")
    text = squeeze("".join(pages))
    assert "Comparacióndetiposdecliente" in text or "Comparaciónentretiposdecliente" in text
    assert squeeze("Tipo de cliente 1 · Journey 1 ↔ Tipo de cliente 2 · Journey 2") not in text  # names as typed
    assert squeeze("Persona 1 · Journey 1 ↔ Persona 2 · Journey 2") in text


def test_progress_is_reported_per_page_and_cancel_leaves_no_file(qapp, tmp_path, monkeypatch):
    import pytest

    from cxdesigner import api
    from cxdesigner.exchange import report
    from cxdesigner.exchange.common import ExportCancelledError

    monkeypatch.setattr(report, "_charts", lambda *a: [])
    project = api.template_project("hotel")
    jid = project.journeys()[0].id
    seen: list[tuple[int, int]] = []
    path, pages = _pages(project, jid, tmp_path, "en", progress=lambda d, t: seen.append((d, t)) or True)
    total = len(pages)
    assert seen[-1] == (total, total)
    counted = [d for d, t in seen if t]
    assert counted == list(range(1, total + 1)), "once per page, in order"

    def stop(done: int, total: int) -> bool:
        return done < 3

    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(ExportCancelledError):
        report.write_report(project, jid, tmp_path / "cancelled.pdf", "en", progress=stop)
    assert sorted(tmp_path.rglob("*")) == before, "no file, no temporary file"


def test_the_quadrant_chart_names_only_the_largest_gaps_when_asked(qapp):
    from matplotlib.text import Annotation

    from cxdesigner import api
    from cxdesigner.analysis import analyze
    from cxdesigner.charts import figures

    project = api.template_project("hotel")
    jid = project.journeys()[0].id
    result = analyze(project, jid)
    named = {c["id"]: c["title"] for c in result["cards"]}
    fig = figures.quadrant_chart(project, jid, result=result, max_labels=3)
    labels = [a.get_text() for a in fig.axes[0].texts if isinstance(a, Annotation)]
    top = [figures.plain(named[v], 24) for v in result["gaps"]["items"][:3]]
    assert sorted(labels) == sorted(top)
    every = figures.quadrant_chart(project, jid, result=result)
    assert len([a for a in every.axes[0].texts if isinstance(a, Annotation)]) == len(result["gaps"]["items"])


def test_stages_in_the_report_carry_the_journeys_own_phase_names(qapp, tmp_path):
    from test_exchange_pdftext import pdf_pages, squeeze

    from cxdesigner import api
    from cxdesigner.exchange import report

    project = api.template_project("dental-clinic")
    journey = project.journeys()[0]
    assert journey.phase_before  # the clinic names its phases: no purchase there
    path = tmp_path / "r.pdf"
    report.write_report(project, journey.id, path, "en")
    text = "".join(squeeze(p) for p in pdf_pages(path.read_bytes()))
    assert squeeze(journey.phase_before + " · ") in text
    assert squeeze("Before purchase · ") not in text and squeeze("before the purchase · ") not in text


def test_an_empty_journey_s_touchpoints_by_stage_is_one_line_and_its_report_ends_on_that_page(qapp, tmp_path):
    """A heading per stage saying «0 touchpoints» (six for a new journey) put the last three on a page of their
    own: the section says in one line that there are none (the insights name each empty stage)."""
    from test_exchange_pdftext import squeeze

    from cxdesigner import api

    doc = api.new_project(None, lang="en")
    try:
        project = doc.project
        jid = project.journeys()[0].id
        _path, pages = _pages(project, jid, tmp_path, "en")
        last = squeeze(pages[-1])
        assert "Touchpointsbystage" in last and "Thejourneyhasnotouchpointsyet." in last
        assert "purchase·0touchpoints" not in "".join(squeeze(p) for p in pages)  # a stage's line
    finally:
        doc.close()


@pytest.mark.parametrize(("lang", "phase"), [("en", "After purchase · "), ("es", "Después de la compra · ")])
def test_a_stage_s_line_names_its_phase_as_the_map_s_band_does(qapp, lang, phase):
    """A journey with the built-in phases began each stage's line with the analysis's words for the middle of a
    sentence («before the purchase · 2 touchpoints»), where the map's band reads «Before purchase»."""
    from cxdesigner.analysis import analyze
    from cxdesigner.exchange import report

    project = _small_map(3, 3)  # every stage after the purchase
    html = report.report_html(project, "j", lang, analyze(project, "j", lang=lang))
    assert html.count(phase) == 3
    assert "after the purchase" not in html and "después de la compra ·" not in html


@pytest.mark.parametrize(
    ("lang", "plain"), [("en", "ifeverycustomeranswered"), ("es", "sirespondierantodoslosclientes")]
)
def test_the_survey_note_says_what_an_interval_is_without_citing_our_documentation(qapp, lang, plain):
    from test_exchange_pdftext import squeeze

    from cxdesigner import api
    from cxdesigner.exchange.report_sections import survey_blocks

    project, jid = _hotel_with_survey(lang)
    [head, *_rest] = survey_blocks(project, jid, lang)
    text = squeeze(head.html)
    assert plain in text and "docs/" not in text and "§" not in text
    # Without answers there is no interval to explain: the section says so, and no more.
    project = api.template_project("hotel", lang=lang)
    [head, *rest] = survey_blocks(project, project.journeys()[0].id, lang)
    assert plain not in squeeze(head.html) and len(rest) == 1


@pytest.mark.parametrize(
    ("project_lang", "lang", "marks"), [("en", "en", "“”"), ("en", "es", "«»"), ("es", "es", "«»"), ("es", "en", "“”")]
)
def test_the_cover_quotes_the_persona_in_the_report_language_s_marks(qapp, tmp_path, project_lang, lang, marks):
    """The English sample's quotes are typed in straight ASCII marks, which the cover printed as they were."""
    from test_exchange_pdftext import pdf_pages, squeeze

    from cxdesigner import api
    from cxdesigner.exchange import report

    project = api.template_project("hotel", lang=project_lang)
    path = tmp_path / "r.pdf"
    report.write_report(project, project.journeys()[0].id, path, lang)
    cover = squeeze(pdf_pages(path.read_bytes())[0])
    words = "Idon'tneedluxury." if project_lang == "en" else "Nonecesitolujo."
    assert f"{marks[0]}{words}" in cover and '"' not in cover


def test_a_quote_loses_only_the_marks_it_is_wrapped_in():
    from cxdesigner.exchange.report_cover import unquoted

    assert unquoted(' "Just fix it." ') == "Just fix it."
    assert unquoted("«Arréglenlo»") == "Arréglenlo" and unquoted("„Schnell“") == "Schnell"
    assert unquoted('"Fast" and "kind"') == '"Fast" and "kind"'  # two quotes, not one wrapped whole
    assert unquoted("'Don't'") == "'Don't'" and unquoted("Plain") == "Plain" and unquoted('""') == '""'


class _RecordingPainter:
    """Stands in for a QPainter: keeps what ``drawText`` writes, and where; draws nothing else."""

    def __init__(self) -> None:
        self.texts: list[tuple[object, str]] = []

    def drawText(self, rect: object, _flags: object, text: str) -> None:
        self.texts.append((rect, text))

    def __getattr__(self, _name: str) -> object:
        return lambda *_a, **_k: None


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_covers_curve_names_its_stages_whole_apart_and_over_their_bands(qapp, lang):
    """The sample's first stage has two of 24 cards: on the cover its Spanish name was cut to "Reconoci…"."""
    import itertools

    from PySide6.QtCore import QRectF

    from cxdesigner import api
    from cxdesigner.analysis import analyze
    from cxdesigner.canvas import style
    from cxdesigner.exchange.report import page_body
    from cxdesigner.exchange.report_cover import paint_emotion_curve

    project = api.sample_project(lang)
    jid = project.journeys()[0].id
    result = analyze(project, jid, lang=lang)
    body, pt = page_body(style.scene_dpi())
    x = body.left() + body.width() * 0.52 + 24 * pt  # where the cover puts it
    rect = QRectF(x, body.top() + 300 * pt, body.right() - x, 190 * pt)
    painter = _RecordingPainter()
    paint_emotion_curve(painter, rect, pt, result, lang)
    below = [(r, text) for r, text in painter.texts if r.top() > rect.bottom() - 24 * pt]
    stages = project.stages(jid)
    assert [text.replace("\n", " ") for _r, text in below] == [s.display_name(lang) for s in stages]
    plot_left = rect.left() + 16 * pt
    for row in {r.top() for r, _text in below}:
        for (a, _ta), (b, _tb) in itertools.pairwise([(r, t) for r, t in below if r.top() == row]):
            assert a.right() <= b.left()  # apart, not run together
    for r, _text in below:
        assert plot_left - 0.5 <= r.left() and r.right() <= rect.right() + 0.5


def test_the_covers_curve_names_every_stage_when_long_names_crowd_it(qapp):
    """Six long Spanish stage names of two cards each: the first was left unnamed, as the third's whole
    name took the room over its band and kept it while the first was shortened again and again."""
    import itertools

    from journeys import build
    from PySide6.QtCore import QRectF

    from cxdesigner.analysis import analyze
    from cxdesigner.canvas import style
    from cxdesigner.exchange.report import page_body
    from cxdesigner.exchange.report_cover import paint_emotion_curve

    names = ["Reconocimiento de la necesidad y búsqueda inicial de información",
             "Consideración y comparación exhaustiva de alternativas disponibles",
             "Compra, contratación y formalización del servicio", "Uso cotidiano del servicio y primeras impresiones",
             "Soporte postventa, reclamaciones y devoluciones", "Recomendación a amigos y familiares"]
    cards = {f"c{i}": {"stage": i // 2, "emotion": i % 7 - 3} for i in range(12)}
    project = build(cards, [(f"c{i}", f"c{i + 1}") for i in range(11)], stages=names)
    result = analyze(project, "j", lang="es")
    body, pt = page_body(style.scene_dpi())
    x = body.left() + body.width() * 0.52 + 24 * pt  # where the cover puts it
    rect = QRectF(x, body.top() + 300 * pt, body.right() - x, 190 * pt)
    painter = _RecordingPainter()
    paint_emotion_curve(painter, rect, pt, result, "es")
    below = [(r, text) for r, text in painter.texts if r.top() > rect.bottom() - 24 * pt]
    assert len(below) == len(names)
    for (r, text), name in zip(below, names, strict=True):
        assert name.startswith(text.removesuffix("…")), (text, name)
        assert rect.left() + 16 * pt - 0.5 <= r.left() and r.right() <= rect.right() + 0.5
    for row in {r.top() for r, _text in below}:
        for (a, _ta), (b, _tb) in itertools.pairwise([(r, t) for r, t in below if r.top() == row]):
            assert a.right() <= b.left()


def test_the_covers_curve_says_it_has_no_emotion_clear_of_its_zero_line(qapp):
    """The note of a journey without emotions sat on the zero line, struck through by it."""
    from journeys import build
    from PySide6.QtCore import QRectF

    from cxdesigner.analysis import analyze
    from cxdesigner.canvas import style
    from cxdesigner.exchange.report import page_body
    from cxdesigner.exchange.report_cover import paint_emotion_curve

    project = build({"a": {"stage": 0}, "b": {"stage": 1}})  # cards, none with an emotion
    result = analyze(project, "j", lang="en")
    body, pt = page_body(style.scene_dpi())
    rect = QRectF(body.left(), body.top(), 360 * pt, 190 * pt)
    painter = _RecordingPainter()
    paint_emotion_curve(painter, rect, pt, result, "en")
    note = [r for r, text in painter.texts if text == "No touchpoint has an emotion yet."]
    assert len(note) == 1
    zero = next(r for r, text in painter.texts if text == "0").center().y()  # the scale's 0, level with its line
    assert note[0].bottom() < zero - 2 * pt
    assert note[0].height() >= 12 * pt  # room for the line of text


@pytest.mark.parametrize(("lang", "scale", "scores"), [("en", "from 0 to 20", ["15.3", "12.0"]),
                                                        ("es", "de 0 a 20", ["15,3", "12,0"])])
def test_the_opportunities_say_their_scores_scale_and_print_scores_with_one_decimal(qapp, tmp_path, lang, scale,
                                                                                     scores):
    """A score of 15.3 under "on a 0–10 scale" read as a mistake; 15.3 above 12 read as unaligned."""
    from test_exchange_pdftext import squeeze

    import cxdesigner

    doc = cxdesigner.new_project(None, template="hotel")  # with the template's opportunities
    try:
        _path, pages = _pages(doc.project, doc.journeys()[0].id, tmp_path, lang)
    finally:
        doc.close()
    page = next(p for p in map(squeeze, pages) if "Opportunityscore" in p or "Puntuacióndeoportunidad" in p)
    assert squeeze(scale) in page
    assert "0–10scale" not in page and "escalade0a10" not in page
    assert all(s in page for s in scores), page


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_gap_ranking_says_what_the_rows_left_out_are_without_pointing_to_an_export(qapp, monkeypatch, lang):
    from cxdesigner import api
    from cxdesigner.analysis import analyze
    from cxdesigner.exchange import report_sections
    from cxdesigner.exchange.report_sections import gap_blocks

    monkeypatch.setattr(report_sections, "GAP_ROWS", 3)
    project = api.template_project("hotel", lang)
    jid = project.journeys()[0].id
    result = analyze(project, jid, lang=lang)
    more = len(result["gaps"]["items"]) - 3
    note = gap_blocks(project, jid, result, lang)[-1].html
    assert {"en": f"{more} more rated touchpoints, lower in the ranking", "es": "más abajo en el ranking"}[lang] in note
    assert "export" not in note.lower()


def test_what_introduces_a_table_is_never_left_at_a_pages_foot_without_it(qapp):
    """A heading, its note or the future state's counts go onto the page the table's head and rows start on."""
    import itertools

    import cxdesigner
    from cxdesigner.analysis import analyze
    from cxdesigner.document.states import CreateFutureStateCommand
    from cxdesigner.exchange.report import report_blocks

    doc = cxdesigner.new_project(None, template="hotel")  # opportunities, votes, lanes: most sections
    try:
        jid = doc.journeys()[0].id
        doc.execute(CreateFutureStateCommand(doc.project, jid))
        blocks = report_blocks(doc.project, jid, "en", analyze(doc.project, jid, lang="en"))
    finally:
        doc.close()
    assert sum(b.tag == "head" for b in blocks) >= 5
    for before, block in itertools.pairwise(blocks):
        if block.tag == "head":
            assert before.with_next, f"{before.html[:80]} is kept apart from the table it introduces"


@pytest.mark.parametrize(("template", "lang"), [(None, "en"), (None, "es"), ("support-call", "en"),
                                               ("telecom-outage", "es")])
def test_the_page_numbers_at_a_glance_sit_top_left_in_their_frames_over_no_card_and_no_point(qapp, template, lang):
    """At a frame's top-left corner, «p. 6» hid the left end of the hotel's first card at check-in (and «p. 3» the
    first at awareness); moved to where they covered nothing, the numbers sat across a frame's top edge, inside it
    further right, or at its foot (the support call's «p. 7» and «p. 8»). Each is now top-left inside its frame, over
    room kept free of blocks in the lanes a page starts on, and covers no card's block and no point of the curve."""
    from PySide6.QtCore import QRectF

    from cxdesigner import api
    from cxdesigner.canvas import style
    from cxdesigner.exchange import report
    from cxdesigner.exchange.mapexport import smallest_text
    from cxdesigner.exchange.report_glance import glance_map, page_tags, tag_lanes, tag_room
    from cxdesigner.i18n import translation

    project = api.sample_project(lang) if template is None else api.template_project(template, lang)
    jid = project.journeys()[0].id
    body, pt = report.page_body(style.scene_dpi())
    area = report.map_room(body, pt)
    scene = report.report_map(project, jid, lang, area.width())
    plan = report.map_plan(scene, area)
    room = (area.width(), area.height())
    glance = glance_map(project, jid, lang, room, report.LEAST_TEXT, tag_lanes(scene, plan), tag_room(pt))
    g, scale = glance
    full = g.full_rect()
    assert full.width() * scale <= area.width() + 0.5 and full.height() * scale <= area.height() + 0.5
    assert smallest_text(g) * scale >= report.LEAST_TEXT
    left = area.left() + max(0.0, (area.width() - full.width() * scale) / 2)

    def on_page(x, y, w, h):
        return QRectF(left + (x - full.x()) * scale, area.top() + (y - full.y()) * scale, w * scale, h * scale)

    blocks = [on_page(r.x, r.y, r.w, r.h) for r in g.layout.cards.values()]
    blocks += [on_page(x - 4.5, y - 4.5, 9, 9) for x, y, *_rest in g.curve_item.points]
    tags = page_tags(glance, scene, plan, area, 3, pt, translation(lang))
    assert len(tags) == len(plan.pages) > 1
    for frame, tag, label in tags:
        assert abs(tag.left() - frame.left()) < 0.01 and abs(tag.top() - frame.top()) < 0.01, label
        assert not any(tag.intersects(block) for block in blocks), label


@pytest.mark.parametrize("lang", ["en", "es"])
def test_stage_names_at_a_glance_stay_level_whenever_two_lines_hold_them(qapp, lang):
    """One rule in every language: the Spanish hotel's names read upwards («Reconocimiento» was measured alone
    against the page) while the English ones stayed level. Twenty stages have no room for level names and turn."""
    from cxdesigner import api
    from cxdesigner.canvas import style
    from cxdesigner.exchange import report
    from cxdesigner.exchange.mapexport import smallest_text
    from cxdesigner.exchange.report_glance import glance_map

    project = api.sample_project(lang)
    body, pt = report.page_body(style.scene_dpi())
    area = report.map_room(body, pt)
    room = (area.width(), area.height())
    glance, scale = glance_map(project, project.journeys()[0].id, lang, room, report.LEAST_TEXT)
    assert not glance.stage_names_turned
    assert smallest_text(glance) * scale >= report.LEAST_TEXT
    assert glance.full_rect().width() * scale <= area.width() + 0.5
    assert glance_map(_small_map(20, 20), "j", lang, room, report.LEAST_TEXT)[0].stage_names_turned


def _twenty_stages(cards: int = 40, lanes: int = 2):
    """The built-in six stages (purchase alone in its phase) and fourteen more, ``cards`` cards over them."""
    from journeys import STAGE_KEYS, build

    stages = [*STAGE_KEYS, *(f"Stage {i + 1}" for i in range(len(STAGE_KEYS), 20))]
    chain = {f"c{i}": {"stage": i % 20, "lane": i % lanes, "emotion": (-1) ** i * (i % 4), "title": f"Card {i}"}
             for i in range(cards)}  # fmt: skip
    return build(chain, [(f"c{i}", f"c{i + 1}") for i in range(cards - 1)], stages=stages, name="Twenty")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_covers_curve_names_every_one_of_twenty_stages_by_its_number_and_a_key(qapp, lang):
    """Twenty stages on the cover's narrow curve: staggered rows named four of them («Stage 15», «Stage 17»…) and
    left the rest unnamed. Each band now carries its stage's number, apart from its neighbours on its row, and the
    key under the curve names each stage after its number, inside the curve's room."""
    import itertools

    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFontMetricsF

    from cxdesigner.analysis import analyze
    from cxdesigner.canvas import style
    from cxdesigner.exchange.report import page_body
    from cxdesigner.exchange.report_cover import CURVE_H, KEY_SIZE, paint_emotion_curve

    project = _twenty_stages()
    result = analyze(project, "j", lang=lang)
    body, pt = page_body(style.scene_dpi())
    x = body.left() + body.width() * 0.52 + 24 * pt  # where the cover puts it, with the room the cover leaves
    rect = QRectF(x, body.top() + 250 * pt, body.right() - x, body.bottom() - body.top() - 250 * pt)
    painter = _RecordingPainter()
    paint_emotion_curve(painter, rect, pt, result, lang, (CURVE_H - 26) * pt)
    zero = next(r for r, text in painter.texts if text == "0")
    names = [s.display_name(lang) for s in project.stages("j")]
    numbers = [(r, text) for r, text in painter.texts if r.top() > zero.bottom() + 40 * pt and text.isdigit()]
    assert sorted(int(text) for _r, text in numbers) == list(range(1, 21))
    for row in {r.top() for r, _text in numbers}:
        on_row = sorted((r for r, _text in numbers if r.top() == row), key=lambda r: r.left())
        for a, b in itertools.pairwise(on_row):
            assert a.right() <= b.left()
    key = [(r, text) for r, text in painter.texts if r.top() > max(r.bottom() for r, _t in numbers)]
    entries = [entry for _r, text in key for entry in text.split("·")]
    assert [entry.strip() for entry in entries] == [f"{k + 1} {name}" for k, name in enumerate(names)]
    fm = QFontMetricsF(style.font(KEY_SIZE))
    for r, text in key:
        assert fm.horizontalAdvance(text) <= rect.width() + 0.5 and r.bottom() <= rect.bottom() + 0.5


def _band_fits(scene, band) -> bool:
    """Whether ``band`` draws its name's lines inside itself, at the map's smallest text or larger."""
    from PySide6.QtGui import QFontMetricsF

    lines, font, _whole = band.name_lines(scene)
    fm = QFontMetricsF(font)
    return (all(fm.horizontalAdvance(line) <= band.rect.width() - 12 + 0.01 for line in lines)
            and len(lines) * fm.lineSpacing() <= band.rect.height() + 0.01
            and font.pointSizeF() >= scene.fonts.axis.pointSizeF() - 0.01)  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_phase_band_one_column_wide_names_its_phase_whole_or_the_key_does(qapp, lang):
    """A phase band one column wide was cut («During purc…»), and at a glance to «…». Its name now goes on one
    line or two, smaller down to the map's smallest text, inside the band; a band that cannot hold it so is named
    whole in the key under the map (at a glance too, which has no other key), each phase once."""
    from cxdesigner.canvas import style
    from cxdesigner.exchange import report
    from cxdesigner.exchange.mapexport import MapOptions, journey_map
    from cxdesigner.exchange.report_glance import glance_map

    project = _twenty_stages()
    # The map's columns narrowed as an empty journey's are for the report's page: «During purchase» takes two lines.
    scene = journey_map(project, "j", MapOptions(lang=lang))
    scene.set_type_scale(1.0, card_width=0.4)
    bands = {band.phase: band for band in scene.phase_bands()}
    assert all(_band_fits(scene, band) and band.name_lines(scene)[2] for band in bands.values())
    assert len(bands["during"].name_lines(scene)[0]) == 2
    assert not [entry for row in scene.legend_item.rows for entry in row if entry[0] == "phase"]

    body, pt = report.page_body(style.scene_dpi())
    area = report.map_room(body, pt)
    glance, scale = glance_map(project, "j", lang, (area.width(), area.height()), report.LEAST_TEXT)
    cut = [band for band in glance.phase_bands() if not band.name_lines(glance)[2]]
    assert [band.phase for band in cut] == ["during"]  # its one column is narrower than «During»
    assert all(_band_fits(glance, band) for band in glance.phase_bands() if band not in cut)
    legend = glance.legend_item
    assert legend.isVisible() and glance.full_rect().contains(legend.rect)
    assert [entry[1] for row in legend.rows for entry in row] == ["during"]
    assert glance.fonts.label.pointSizeF() * scale >= report.LEAST_TEXT
    assert glance.full_rect().height() * scale <= area.height() + 0.5


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_page_that_opens_on_a_stages_later_cards_names_the_stage_as_continued(qapp, lang):
    """The sample's «Stay» went on over two pages that each began with a card: a client could not tell whose cards
    they were. Such a page now opens with «Stay (continued)», as a table's rest does; a stage's first page has its
    heading alone."""
    from journeys import build

    from cxdesigner.analysis import analyze
    from cxdesigner.exchange.report_sections import stage_blocks

    text = "A sentence of the kind a workshop writes down about this step. " * 3
    cards = {f"c{i}": {"stage": i // 6, "emotion": i % 3 - 1, "description": text, "expectation": text,
                       "experience": text} for i in range(12)}  # fmt: skip
    project, jid = build(cards, stages=["awareness", "purchase"]), "j"
    flow, _writer = _flow(700.0, 400.0)
    pages = flow.pages(stage_blocks(project, jid, analyze(project, jid, lang=lang), lang))
    stages = {s.id: s.display_name(lang) for s in project.stages(jid)}
    stage_of = {f"card:{tp.id}": stages[tp.stage_id] for tp in project.touchpoints(jid)}
    word = {"en": "continued", "es": "continuación"}[lang]
    opened = 0
    for page in pages[1:]:
        first = next(piece for piece in page if piece.tag != "head")
        heads = [piece.doc.toPlainText() for piece in page if piece.tag == "head" and piece.y < first.y]
        if first.tag.startswith("card:"):
            opened += 1
            assert heads == [f"{stage_of[first.tag]} ({word})"], heads
        else:
            assert heads == []
    assert opened >= 2
