"""The report's figures: 95 % intervals of NPS and CSAT against hand-computed values (docs/analysis.md §8)."""

from __future__ import annotations

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
    from test_exchange_pdftext import pdf_pages, squeeze

    from cxdesigner import api
    from cxdesigner.exchange import report

    monkeypatch.setattr(report, "MAX_MAP_PAGES", 2)  # the hotel needs 7 readable pages
    project = api.template_project("hotel")
    path = tmp_path / "r.pdf"
    report.write_report(project, project.journeys()[0].id, path, "en")
    pages = [squeeze(p) for p in pdf_pages(path.read_bytes())]
    map_pages = [p for p in pages if "Journeymap" in p]
    assert len(map_pages) == 1
    assert "readable,ittakes7pages" in map_pages[0] and "PDFonA3" in map_pages[0]
