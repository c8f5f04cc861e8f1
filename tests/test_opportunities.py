"""Opportunities and solutions: model rules, commands with undo, the file and JSON round trips, the score."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import projects

import cxdesigner
from cxdesigner.analysis import opportunities as ops
from cxdesigner.document import commands as c
from cxdesigner.document import opportunities as oc
from cxdesigner.model import (
    Change,
    Opportunity,
    OpportunityLink,
    Project,
    Solution,
    ValidationError,
    jsonformat,
    limits,
)
from cxdesigner.storage import FORMAT_VERSION, DiskFullError, store

FIXTURES = Path(__file__).parent / "fixtures"


def hotel():
    doc = cxdesigner.new_project(None, template="hotel")
    cards = {tp.id: tp for j in doc.journeys() for tp in doc.project.touchpoints(j.id)}
    return doc, cards


def on_disk(doc) -> dict:
    with closing(store.connect(doc.working_copy.path, read_only=True)) as conn:
        return store.read_project(conn).snapshot()


# -- model ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"status": "someday"}, "status"),
        ({"effort": 0}, "effort"),
        ({"impact": 6}, "impact"),
        ({"effort": True}, "effort"),
        ({"title": "x" * (limits.MAX_NAME + 1)}, "title"),
        ({"owner": "\ud800"}, "broken character"),
    ],
)
def test_an_opportunity_refuses_bad_values(fields, message):
    with pytest.raises(ValidationError, match=message):
        Opportunity(id="op-1", **fields)
    with pytest.raises(ValidationError, match=message):
        Solution(id="so-1", **fields)


def test_links_must_point_at_things_that_exist():
    doc, cards = hotel()
    card = next(iter(cards))
    dangling = OpportunityLink(id="ol-x", opportunity_id="op-missing", touchpoint_id=card)
    with pytest.raises(ValidationError, match="does not exist"):
        doc.project.apply([Change("opportunity_link", "ol-x", None, dangling)])
    opp = doc.add_opportunity("Real", [card])
    with pytest.raises(ValidationError, match="cannot be removed"):
        doc.project.apply([Change("opportunity", opp, doc.project.get("opportunity", opp), None)])
    doc.close()


def test_the_project_limit_on_opportunities_is_checked(monkeypatch):
    monkeypatch.setitem(limits.TABLE_LIMITS, "opportunity", 2)
    doc = cxdesigner.new_project(None)
    doc.add_opportunity("one")
    doc.add_opportunity("two")
    with pytest.raises(ValidationError, match="more than a project may hold"):
        doc.add_opportunity("three")
    doc.close()


# -- commands ---------------------------------------------------------------------


def test_add_link_and_delete_undo_exactly():
    doc, cards = hotel()
    ids = list(cards)
    start = doc.project.snapshot()
    opp = doc.add_opportunity("Faster check-in", ids[:2], status="planned", owner="Ops", effort=2, impact=4)
    assert {k.touchpoint_id for k in doc.project.opportunity_links(opp)} == set(ids[:2])
    card = next(tp for tp in cards.values() if tp.pain_points)
    doc.execute(oc.LinkCardsCommand(opp, [card.id], pain_point=card.pain_points[0]))
    doc.execute(oc.LinkCardsCommand(opp, ids[:2]))  # already linked: nothing new
    assert len(doc.project.opportunity_links(opp)) == 3
    sol = doc.add_solution("Mobile key", [opp])
    doc.update("opportunity", opp, status="in_progress")
    after = doc.project.snapshot()
    doc.execute(oc.DeletePlansCommand("opportunity", [opp]))
    assert opp not in doc.project.tables["opportunity"] and sol in doc.project.tables["solution"]
    assert doc.project.solution_links(sol) == [] and doc.project.opportunity_links(opp) == []
    assert on_disk(doc) == doc.project.snapshot()
    doc.undo()
    assert doc.project.snapshot() == after == on_disk(doc)
    while doc.stack.can_undo():
        doc.undo()
    assert doc.project.snapshot() == start == on_disk(doc)
    doc.close()


def test_a_pain_point_that_is_not_on_the_card_is_refused():
    doc, cards = hotel()
    opp = doc.add_opportunity("x")
    with pytest.raises(ValidationError, match="not on the card"):
        doc.execute(oc.LinkCardsCommand(opp, [next(iter(cards))], pain_point="nowhere on it"))
    doc.close()


def test_deleting_a_card_takes_its_links_and_undo_brings_them_back():
    doc, cards = hotel()
    a, b = list(cards)[:2]
    opp = doc.add_opportunity("x", [a, b])
    before = doc.project.snapshot()
    doc.delete_touchpoints([a])
    assert [k.touchpoint_id for k in doc.project.opportunity_links(opp)] == [b]
    doc.undo()
    assert doc.project.snapshot() == before == on_disk(doc)
    doc.close()


def test_a_link_command_that_hits_a_full_disk_leaves_nothing():
    from test_all_or_nothing import FailingConnection

    doc, cards = hotel()
    opp = doc.add_opportunity("x")
    before, depth = doc.project.snapshot(), doc.stack.count()
    real = doc.working_copy.conn
    doc.working_copy.conn = FailingConnection(real, fail_at=2)
    with pytest.raises(DiskFullError):
        doc.execute(oc.LinkCardsCommand(opp, list(cards)[:3]))
    doc.working_copy.conn = real
    assert doc.project.snapshot() == before == on_disk(doc)
    assert doc.stack.count() == depth
    doc.close()


def test_a_refused_part_of_a_macro_leaves_nothing():
    doc, cards = hotel()
    before = doc.project.snapshot()
    macro = c.MacroCommand(
        "add and break",
        [oc.AddOpportunityCommand("kept?", list(cards)[:1], id="op-m"), oc.LinkCardsCommand("op-m", ["tp-none"])],
    )
    with pytest.raises(ValidationError):
        doc.execute(macro)
    assert doc.project.snapshot() == before == on_disk(doc)
    doc.close()


# -- files --------------------------------------------------------------------------


@given(projects(max_journeys=2, max_cards=4))
def test_json_round_trip_keeps_every_opportunity_and_link(project: Project):
    again = jsonformat.loads(jsonformat.dumps(project))
    assert again.snapshot() == project.snapshot()


def test_save_and_open_keep_opportunities(tmp_path):
    doc, cards = hotel()
    opp = doc.add_opportunity("<b>x</b> & 😀", list(cards)[:2], owner="שלום", effort=1, impact=5)
    doc.add_solution("$}$", [opp], status="done")
    doc.save_as(tmp_path / "p.cxd")
    expected = doc.project.snapshot()
    doc.close()
    again = cxdesigner.open_project(tmp_path / "p.cxd")
    assert again.project.snapshot() == expected
    again.close()


def test_format_2_migrates_keeping_every_field_and_gains_empty_opportunity_tables(tmp_path):
    path = tmp_path / "old.cxd"
    shutil.copyfile(FIXTURES / "format-2.cxd", path)
    expected = jsonformat.loads((FIXTURES / "format-2.json").read_text(encoding="utf-8"))
    doc = cxdesigner.open_project(path)
    try:
        assert any(f"Upgraded from format 2 to {FORMAT_VERSION}" in n for n in doc.notes)
        assert doc.project.snapshot() == expected.snapshot()
        assert doc.project.opportunities() == [] and doc.project.solutions() == []
        card = doc.project.touchpoints(doc.journeys()[0].id)[0]
        doc.add_opportunity("after migrating", [card.id])
        doc.save()
    finally:
        doc.close()
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == FORMAT_VERSION
        assert conn.execute("SELECT count(*) FROM opportunity_links").fetchone()[0] == 1
        assert "0003_opportunities" in {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")}


@pytest.mark.parametrize("template", ["hotel", "dental-clinic"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_hotel_and_clinic_templates_link_opportunities(template, lang):
    project = cxdesigner.api.template_project(template, lang)
    rows = ops.opportunity_rows(project, lang)
    assert rows and all(r.cards for r in rows)
    assert any(r.pain_points for r in rows) and any(r.solutions for r in rows)
    assert all(r.score is not None for r in rows)


# -- the score ----------------------------------------------------------------------


@pytest.mark.parametrize(("importance", "satisfaction", "score"), [(9, 3, 15), (9, 9, 9), (5, 9, 5)])
def test_ulwick_worked_examples(importance, satisfaction, score):
    assert ops.ulwick_score(importance, satisfaction) == score


def test_the_score_takes_the_mean_of_the_linked_steps_on_ulwicks_scale():
    doc, cards = hotel()
    a, b, unrated = list(cards)[:3]
    doc.update_touchpoint(a, importance=5, satisfaction=1)
    doc.update_touchpoint(b, importance=4, satisfaction=2)
    doc.update_touchpoint(unrated, importance=None)
    opp = doc.add_opportunity("x", [a, b, unrated])
    card = doc.project.get("touchpoint", a)
    if card.pain_points:  # the same card linked again for a pain point counts once
        doc.execute(oc.LinkCardsCommand(opp, [a], pain_point=card.pain_points[0]))
    score = ops.opportunity_score(doc.project, opp)
    assert score == ops.Score(score=15.0, importance=9.0, satisfaction=3.0, steps=2)
    assert ops.opportunity_score(doc.project, doc.add_opportunity("nothing linked")) is None
    doc.close()


@given(st.integers(1, 5), st.integers(1, 5))
def test_a_cards_gap_keeps_its_order_on_ulwicks_scale(importance, satisfaction):
    i, s = ops.card_to_ulwick(importance), ops.card_to_ulwick(satisfaction)
    assert 0 <= s <= ops.ULWICK_MAX and 0 <= i <= ops.ULWICK_MAX
    assert i - s == 2 * (importance - satisfaction)
    assert ops.ulwick_score(i, s) >= i


def test_rows_filter_by_stage_status_and_owner():
    doc, cards = hotel()
    first = next(iter(cards.values()))
    doc.add_opportunity("mine", [first.id], owner="Ana", status="planned")
    rows = ops.opportunity_rows(doc.project)
    assert [r.opportunity.title for r in ops.filter_rows(rows, owners=["Ana"])] == ["mine"]
    assert "mine" in [r.opportunity.title for r in ops.filter_rows(rows, stage_ids=[first.stage_id])]
    assert all(r.opportunity.status == "planned" for r in ops.filter_rows(rows, statuses=["planned"]))
    assert ops.filter_rows(rows) == rows
    assert ops.card_opportunity_count(doc.project, first.id) >= 1
    doc.close()


# -- exports: CSV (exchange and command line), the report section ----------------------------------------


def _hostile_hotel(tmp_path):
    doc, cards = hotel()
    opp = doc.add_opportunity("=SUM(A1) <b>x</b> &amp; 😀", list(cards)[:1], owner="שלום", effort=1, impact=5)
    path = tmp_path / "hotel.cxd"
    doc.save_as(path)
    return doc, opp, path


def test_the_csv_has_one_row_per_opportunity_with_its_score_and_links(tmp_path):
    import csv
    import io

    from cxdesigner.exchange.opportunities import opportunities_csv_text

    doc, opp, _path = _hostile_hotel(tmp_path)
    rows = list(csv.reader(io.StringIO(opportunities_csv_text(doc.project, ";", "es"), newline=""), delimiter=";"))
    assert rows[0][:4] == ["Id", "Título", "Descripción", "Estado"]
    assert len(rows) == 1 + len(doc.project.opportunities())
    mine = next(r for r in rows if r[0] == opp)
    assert mine[1] == "'=SUM(A1) <b>x</b> &amp; 😀", "a formula is neutralised, text kept as typed"
    first = rows[1]
    assert first[3] == "Planificada" and first[7] == "15,3", "Spanish labels and decimal commas with ';'"
    assert "\n" in first[12], "several steps in one cell, one per line"
    doc.close()


def test_the_command_line_exports_opportunities_as_csv(tmp_path):
    from cxdesigner.cli import main

    doc, _opp, path = _hostile_hotel(tmp_path)
    doc.close()
    out = tmp_path / "opps.csv"
    assert main(["export", str(path), "--format", "opportunities", "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"Rooms ready when guests arrive" in data


def test_the_text_export_dialog_writes_opportunities_without_a_journey(tmp_path):
    from cxdesigner.dialogs.export_text import write_text_export

    doc, _opp, _path = _hostile_hotel(tmp_path)
    write_text_export(doc, None, "opportunities", tmp_path / "o.csv", ",", "en")
    assert (tmp_path / "o.csv").read_bytes().count(b"\r\n") == 1 + len(doc.project.opportunities())
    doc.close()


def test_the_report_section_lists_the_journeys_opportunities_escaped_highest_score_first(tmp_path):
    from cxdesigner.analysis import analyze
    from cxdesigner.exchange.report import report_html
    from cxdesigner.exchange.report_opportunities import opportunities_html

    doc, _opp, _path = _hostile_hotel(tmp_path)
    journey = doc.journeys()[0]
    section = opportunities_html(doc.project, journey.id, "en")
    assert section.startswith("<h1>Opportunities</h1>")
    assert "&lt;b&gt;x&lt;/b&gt; &amp;amp;amp;" not in section and "&lt;b&gt;x&lt;/b&gt; &amp;amp; 😀" in section
    assert section.index("Rooms ready") < section.index("Bills right"), "15.3 before 12"
    assert section in report_html(doc.project, journey.id, "en", analyze(doc.project, journey.id))
    other = doc.add_journey("Empty")
    assert opportunities_html(doc.project, other, "en") == "", "no section for a journey without opportunities"
    doc.close()


def test_a_journeys_json_carries_the_opportunities_linked_to_its_cards():
    from cxdesigner.exchange.projectjson import subset

    doc, cards = hotel()
    journey = doc.journeys()[0]
    other = doc.add_journey("Other")
    stage, lane = doc.project.stages(other)[0], doc.project.lanes(other)[0]
    elsewhere = doc.add_touchpoint(other, stage.id, lane.id, "elsewhere")
    mixed = doc.add_opportunity("both journeys", [next(iter(cards)), elsewhere])
    only_other = doc.add_opportunity("other only", [elsewhere])
    part = subset(doc.project, [journey.id])
    assert mixed in part.tables["opportunity"] and only_other not in part.tables["opportunity"]
    assert [k.touchpoint_id for k in part.opportunity_links(mixed)] == [next(iter(cards))]
    assert part.solutions() == doc.project.solutions(), "the template's solution delivers a kept opportunity"
    doc.close()


_STEPS = st.lists(
    st.tuples(
        st.sampled_from(["add", "link", "unlink", "delete", "solution", "status", "delete_card"]),
        st.integers(0, 30),
        st.integers(0, 30),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=15)
@given(_STEPS)
def test_any_sequence_of_opportunity_edits_undoes_and_redoes_exactly(steps):
    doc, cards = hotel()
    ids = list(cards)
    start = doc.project.snapshot()
    for what, a, b in steps:
        opps = [o.id for o in doc.project.opportunities()]
        live = [i for i in ids if i in doc.project.tables["touchpoint"]]
        pick = opps[a % len(opps)] if opps else None
        if what == "add":
            cmd: c.Command = oc.AddOpportunityCommand(f"o{a}", live[b % len(live) :][:2], effort=1 + a % 5)
        elif what == "link" and pick:
            cmd = oc.LinkCardsCommand(pick, [live[b % len(live)]])
        elif what == "unlink" and doc.project.tables["opportunity_link"]:
            links = sorted(doc.project.tables["opportunity_link"])
            cmd = oc.UnlinkCommand("opportunity_link", [links[b % len(links)]])
        elif what == "delete" and pick:
            cmd = oc.DeletePlansCommand("opportunity", [pick])
        elif what == "solution":
            cmd = oc.AddSolutionCommand(f"s{a}", opps[b % len(opps) :][:2] if opps else [])
        elif what == "status" and pick:
            cmd = c.UpdateCommand("opportunity", pick, status="done", impact=1 + b % 5)
        elif what == "delete_card":
            cmd = c.DeleteTouchpointsCommand([live[b % len(live)]])
        else:
            continue
        doc.execute(cmd)
    end = doc.project.snapshot()
    assert on_disk(doc) == end
    while doc.stack.can_undo():
        doc.undo()
    assert doc.project.snapshot() == start == on_disk(doc)
    while doc.stack.can_redo():
        doc.redo()
    assert doc.project.snapshot() == end == on_disk(doc)
    doc.close()


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("UPDATE opportunities SET status = 'someday'", "invalid value"),
        ("UPDATE opportunities SET impact = 9", "invalid value"),
        ("UPDATE opportunity_links SET touchpoint_id = 'tp-gone'", "references do not hold together"),
        ("UPDATE solution_links SET opportunity_id = 'op-gone'", "references do not hold together"),
    ],
)
def test_a_file_with_a_bad_opportunity_is_damaged_and_left_alone(tmp_path, sql, words):
    from cxdesigner.storage import DamagedFileError

    path = tmp_path / "p.cxd"
    shutil.copyfile(FIXTURES / f"format-{FORMAT_VERSION}.cxd", path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(sql)
        conn.commit()
    before = path.read_bytes()
    with pytest.raises(DamagedFileError, match=words):
        cxdesigner.open_project(path)
    assert path.read_bytes() == before
