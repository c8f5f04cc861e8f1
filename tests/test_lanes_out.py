"""Lanes without cards on the way out: the lanes CSV, filling figures from survey answers, info and JSON."""

from __future__ import annotations

import csv
import io
import json
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import TINY_PNG

import cxdesigner
from cxdesigner.analysis.lanes import FILL_MEASURES, overlay_emotions, stage_channels, survey_figures
from cxdesigner.cli import main
from cxdesigner.document import commands as c
from cxdesigner.document.lanefill import FillFromSurveyCommand
from cxdesigner.exchange.lanes import lane_table, lanes_csv_text
from cxdesigner.exchange.projectjson import project_json
from cxdesigner.model import LaneCell, Response, ValidationError, jsonformat
from cxdesigner.storage import store

FIXTURES = Path(__file__).parent / "fixtures"


def _doc():
    """A journey of two stages with one card each, a text, a metric, a storyboard, a channel and an emotion lane."""
    doc = cxdesigner.new_project(None)
    jid = doc.project.journeys()[0].id
    stages = doc.project.stages(jid)[:2]
    cards_lane = doc.project.lanes(jid)[0].id
    ids = {
        "journey": jid,
        "s1": stages[0].id,
        "s2": stages[1].id,
        "text": doc.add_lane(jid, "Customer thoughts", "text"),
        "metric": doc.add_lane(jid, "NPS", "metric"),
        "story": doc.add_lane(jid, "", "storyboard"),
        "channels": doc.add_lane(jid, "", "channels"),
        "emotion": doc.add_lane(jid, "", "emotion"),
    }
    ids["a"] = doc.add_touchpoint(jid, ids["s1"], cards_lane, "Sees an ad", channel="social", emotion=1)
    ids["b"] = doc.add_touchpoint(jid, ids["s2"], cards_lane, "Compares prices", channel="web", emotion=-2)
    ids["b2"] = doc.add_touchpoint(jid, ids["s2"], cards_lane, "Calls", channel="phone", emotion=-1)
    cells = [
        LaneCell(id="lc-t", journey_id=jid, lane_id=ids["text"], stage_id=ids["s1"], text="=HYPERLINK(\"x\")"),
        LaneCell(id="lc-m", journey_id=jid, lane_id=ids["metric"], stage_id=ids["s2"], value=2.5, unit="%",
                 period="Q3 2026", source="web analytics"),
        LaneCell(id="lc-s", journey_id=jid, lane_id=ids["story"], stage_id=ids["s1"], text="Arrives",
                 image=TINY_PNG, image_type="png"),
    ]  # fmt: skip
    doc.execute(c.AddEntitiesCommand(cells))
    return doc, ids


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# -- the lanes CSV ------------------------------------------------------------------------------


def test_the_lanes_csv_has_a_row_per_lane_and_stage_with_cells_channels_and_no_pictures():
    doc, ids = _doc()
    try:
        rows = _rows(lanes_csv_text(doc.project))
        head, body = rows[0], rows[1:]
        assert head == ["Journey", "Lane", "Kind", "Stage", "Text", "Value", "Unit", "Period", "Source",
                        "Has picture", "Channels", "Emotion by journey"]  # fmt: skip
        n_stages = len(doc.project.stages(ids["journey"]))
        assert len(body) == 5 * n_stages  # card lanes are not in it
        by = {(r[1], r[3]): r for r in body}
        stage1, stage2 = (doc.project.get("stage", ids[k]).display_name() for k in ("s1", "s2"))
        assert by[("Customer thoughts", stage1)][4] == "'=HYPERLINK(\"x\")"  # neutralised, like every CSV
        assert by[("NPS", stage2)][5:9] == ["2.5", "%", "Q3 2026", "web analytics"]
        assert by[("Storyboard", stage1)][4] == "Arrives" and by[("Storyboard", stage1)][9] == "yes"
        assert by[("Storyboard", stage2)][9] == "no"
        assert by[("Channels", stage2)][10].split("\n") == ["E-commerce / web", "Phone"]
        assert by[("Channels", stage1)][2] == "Channels"
    finally:
        doc.close()


def test_an_emotion_lane_gives_each_overlaid_journeys_emotion_matched_by_stage_name():
    doc, ids = _doc()
    try:
        dup = c.DuplicateJourneyCommand(doc.project, ids["journey"], "Tomorrow")
        doc.execute(dup)
        other = dup.journey_id
        lane = doc.project.get("lane", ids["emotion"])
        doc.update("lane", lane.id, overlay=(other, "jr-gone"))
        curves = overlay_emotions(doc.project, doc.project.get("lane", lane.id))
        assert [name for name, _ in curves] == ["Tomorrow"]  # the deleted journey is left out
        assert curves[0][1][ids["s1"]] == 1 and curves[0][1][ids["s2"]] == -1.5
        _head, rows = lane_table(doc.project, [ids["journey"]])
        emotion_rows = [r for r in rows if r[2] == "Emotion by persona"]
        assert emotion_rows[1][11] == "Tomorrow: -1.5"
    finally:
        doc.close()


def test_the_lanes_csv_in_spanish_with_semicolons_writes_decimal_commas():
    doc, ids = _doc()
    try:
        text = lanes_csv_text(doc.project, [ids["journey"]], ";", "es")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        assert rows[0][:4] == ["Viaje", "Carril", "Tipo", "Etapa"] and rows[0][9] == "Tiene imagen"
        assert any(r[5] == "2,5" for r in rows[1:])
        assert any(r[9] == "sí" for r in rows[1:])
        with pytest.raises(ValidationError, match="delimiter"):
            lanes_csv_text(doc.project, None, "|")
    finally:
        doc.close()


def test_channels_leave_out_the_inbox_and_cards_without_a_channel():
    doc, ids = _doc()
    try:
        lane = doc.project.lanes(ids["journey"])[0].id
        doc.add_touchpoint(ids["journey"], ids["s1"], lane, "No channel")
        assert stage_channels(doc.project, ids["journey"])[ids["s1"]] == ["Social media"]
    finally:
        doc.close()


def test_cli_exports_the_lanes_csv_with_a_bom(tmp_path, capsys):
    doc, ids = _doc()
    path = tmp_path / "p.cxd"
    doc.save_as(path)
    doc.close()
    out = tmp_path / "lanes.csv"
    assert main(["export", str(path), "--format", "lanes", "-o", str(out), "--lang", "en"]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = _rows(data.decode("utf-8-sig"))
    assert rows[0][0] == "Journey" and {r[1] for r in rows[1:]} >= {"Customer thoughts", "NPS"}
    assert main(["export", str(path), "--format", "lanes", "--journey", "nope", "-o", str(out)]) != 0
    assert "no journey named" in capsys.readouterr().err


def test_the_fixture_exports_its_lanes():
    from cxdesigner import api

    doc = api.open_project(FIXTURES / "format-4.cxd", read_only=True)
    try:
        _head, rows = lane_table(doc.project, lang="es")
        kinds = {r[2] for r in rows}
        assert kinds == {"Texto", "Cifras", "Guion gráfico", "Canales", "Emoción por tipo de cliente"}
        assert any(r[5] == 37.5 and r[6] == "%" for r in rows)
    finally:
        doc.close()


# -- fill from survey -------------------------------------------------------------------------------


def _answers(doc, card: str, measure: str, scores: list[int], source: str = "") -> None:
    doc.execute(c.AddEntitiesCommand([
        Response(id=f"rs-{card}-{measure}-{i}", touchpoint_id=card, measure=measure, score=s, source=source)
        for i, s in enumerate(scores)
    ]))  # fmt: skip


def test_worked_example_nps_and_csat_per_stage():
    """Stage 1: NPS answers 10, 9, 8, 3 → 50 % promoters − 25 % detractors = 25.
    Stage 2 (two cards): 10, 6 and 0, 9, 9, 7 → 3 promoters, 2 detractors of 6 → 100 × 1/6 = 16.67.
    CSAT: 5, 4, 2 in stage 1 → 66.67 % satisfied, mean 3.67; the room's rating of 1 in stage 2 counts too."""
    doc, ids = _doc()
    try:
        _answers(doc, ids["a"], "nps", [10, 9, 8, 3])
        _answers(doc, ids["b"], "nps", [10, 6])
        _answers(doc, ids["b2"], "nps", [0, 9, 9, 7])
        _answers(doc, ids["a"], "csat", [5, 4, 2])
        _answers(doc, ids["b"], "satisfaction", [1], source="room:vs-1")
        figs = {f.stage_id: f for f in survey_figures(doc.project, ids["journey"], "nps")}
        assert (figs[ids["s1"]].value, figs[ids["s1"]].answers) == (25.0, 4)
        assert (figs[ids["s2"]].value, figs[ids["s2"]].answers) == (16.67, 6)
        assert all(f.value is None for sid, f in figs.items() if sid not in (ids["s1"], ids["s2"]))
        csat = {f.stage_id: f.value for f in survey_figures(doc.project, ids["journey"], "csat")}
        assert csat[ids["s1"]] == 66.67
        assert survey_figures(doc.project, ids["journey"], "csat_mean")[0].value == 3.67
        rated = {f.stage_id: f.value for f in survey_figures(doc.project, ids["journey"], "satisfaction")}
        assert rated[ids["s2"]] == 1.0
        with pytest.raises(ValueError, match="unknown measure"):
            survey_figures(doc.project, ids["journey"], "loyalty")
    finally:
        doc.close()


def test_fill_from_survey_replaces_the_figures_in_one_undo_step():
    doc, ids = _doc()
    try:
        _answers(doc, ids["a"], "nps", [10, 9, 8, 3])
        # A figure typed at stage 2, where nobody answered: it goes; a note at stage 1 stays with the new figure.
        doc.execute(c.AddEntitiesCommand([
            LaneCell(id="lc-note", journey_id=ids["journey"], lane_id=ids["metric"], stage_id=ids["s1"],
                     text="from the kiosk", value=1, period="2025"),
        ]))  # fmt: skip
        before = doc.project.snapshot()
        cmd = FillFromSurveyCommand(ids["metric"], "nps")
        doc.execute(cmd)
        assert cmd.description == "Fill “NPS” from the survey: NPS (% promoters − % detractors)"  # the lane, named NPS
        one = doc.project.lane_cell(ids["s1"], ids["metric"])
        assert (one.value, one.unit, one.period, one.source, one.text) == (25.0, "", "", "survey: 4 answers",
                                                                           "from the kiosk")  # fmt: skip
        assert doc.project.lane_cell(ids["s2"], ids["metric"]) is None
        doc.undo()
        assert doc.project.snapshot() == before
        doc.redo()
        assert doc.project.lane_cell(ids["s1"], ids["metric"]).value == 25.0
        with pytest.raises(ValidationError, match="lane of figures"):
            doc.execute(FillFromSurveyCommand(ids["text"], "nps"))
        with pytest.raises(ValidationError, match="Unknown survey measure"):
            FillFromSurveyCommand(ids["metric"], "loyalty")
    finally:
        doc.close()


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["a", "b", "b2"]), st.integers(0, 10)), max_size=12),
    st.sampled_from(sorted(FILL_MEASURES)),
)
def test_fill_then_undo_leaves_the_project_and_the_file_as_they_were(answers, measure):
    from cxdesigner.model.entities import SURVEY_RANGES

    doc, ids = _doc()
    try:
        lo, hi = SURVEY_RANGES[FILL_MEASURES[measure][0]]
        responses = [
            Response(id=f"rs-{i}", touchpoint_id=ids[card], measure=FILL_MEASURES[measure][0],
                     score=lo + score % (hi - lo + 1))
            for i, (card, score) in enumerate(answers)
        ]  # fmt: skip
        if responses:
            doc.execute(c.AddEntitiesCommand(responses))
        before = doc.project.snapshot()
        doc.execute(FillFromSurveyCommand(ids["metric"], measure))
        cells = {x.stage_id: x for x in doc.project.lane_cells(ids["journey"]) if x.lane_id == ids["metric"]}
        answered = {doc.project.get("touchpoint", r.touchpoint_id).stage_id for r in responses}
        assert {s for s, cell in cells.items() if cell.value is not None} == answered
        doc.undo()
        assert doc.project.snapshot() == before
        with closing(store.connect(doc.working_copy.path, read_only=True)) as conn:
            assert store.read_project(conn).snapshot() == before
    finally:
        doc.close()


# -- info and JSON --------------------------------------------------------------------------------------


def test_info_counts_lane_cells_and_checkpoints(capsys):
    assert main(["info", str(FIXTURES / "format-4.cxd"), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["checkpoints"] == 1
    assert info["journeys"][0]["lane_cells"] == 3 and "checkpoints" in info["journeys"][0]
    assert main(["info", str(FIXTURES / "format-4.cxd")]) == 0
    out = capsys.readouterr().out
    assert "3 lane cells" in out and "1 checkpoint" in out and "1 checkpoints" not in out


def test_a_journeys_json_keeps_its_lane_cells_and_checkpoints_only_when_asked():
    from cxdesigner import api

    doc = api.open_project(FIXTURES / "format-4.cxd", read_only=True)
    try:
        jid = doc.project.journeys()[0].id
        data = json.loads(project_json(doc.project, [jid]))
        cells = [cell for j in data["journeys"] for cell in j.get("lane_cells", [])]
        assert len(cells) == 3 and any(cell["image"] for cell in cells)
        assert "checkpoints" not in data
        full = json.loads(project_json(doc.project, [jid], with_checkpoints=True))
        assert len(full["checkpoints"]) == 1
        assert jsonformat.loads(project_json(doc.project, [jid])).lane_cells(jid)
    finally:
        doc.close()
