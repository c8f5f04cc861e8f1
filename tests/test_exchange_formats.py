"""Round trips of the text formats: JSON, CSV, Mermaid, GraphML, and merging journeys from another project."""

from __future__ import annotations

import networkx as nx
import pytest

from cxdesigner import api
from cxdesigner.exchange import graphml, merge, mermaid, projectjson, tables, touchpoints
from cxdesigner.model import ValidationError, jsonformat


@pytest.fixture
def doc():
    d = api.new_project(template="hotel")
    yield d
    d.close()


def card_view(project, journey_id):
    """Touchpoints as comparable data: every field, with stage and lane by name instead of id."""
    stages = {s.id: (s.display_name(), s.phase) for s in project.stages(journey_id)}
    lanes = {ln.id: ln.display_name() for ln in project.lanes(journey_id)}
    out = []
    for tp in project.touchpoints(journey_id):
        d = {k: v for k, v in tp.to_dict().items() if k not in ("id", "journey_id", "stage_id", "lane_id")}
        out.append({**d, "stage": stages[tp.stage_id], "lane": lanes[tp.lane_id]})
    return out


def test_json_export_import_equal(doc):
    text = projectjson.project_json(doc.project)
    assert jsonformat.loads(text) == doc.project
    assert projectjson.project_json(jsonformat.loads(text)) == text  # deterministic


def test_json_import_into_project_merges_with_new_ids_and_unique_names(doc):
    other = jsonformat.loads(projectjson.project_json(doc.project))
    j = doc.project.journeys()[0]
    before = len(doc.project.tables["touchpoint"])
    outcome = merge.merge_journeys(doc.project, other, None, "copy.json")
    doc.execute(outcome.command)
    new = doc.project.get("journey", outcome.journey_ids[0])
    assert new.name == f"{j.name} (2)"
    assert new.persona_id == j.persona_id  # the identical persona is reused, not duplicated
    assert len(doc.project.personas()) == 1
    assert len(doc.project.tables["touchpoint"]) == 2 * before
    assert card_view(doc.project, new.id) == card_view(doc.project, j.id)
    assert len(doc.project.connections(new.id)) == len(doc.project.connections(j.id))
    doc.undo()
    assert len(doc.project.journeys()) == 1


def test_merge_from_cxd_file_through_untrusted_path(doc, tmp_path):
    path = tmp_path / "other.cxd"
    other = api.new_project(path, template="hotel")
    other.add_persona("Laura Méndez", segment="someone else")
    other.save()
    other.close()
    source = merge.read_project_file(path)
    ids = merge.pick_journeys(source, ["weekend at a city hotel"])  # folded name match
    outcome = merge.merge_journeys(doc.project, source, ids)
    doc.execute(outcome.command)
    assert [j.name for j in doc.project.journeys()][-1].endswith("(2)")
    with pytest.raises(ValidationError, match="no journey named"):
        merge.pick_journeys(source, ["nope"])


def test_csv_round_trip_both_delimiters_and_languages(doc):
    p = doc.project
    j = p.journeys()[0]
    for delim, lang in ((",", "en"), (";", "es")):
        text = touchpoints.touchpoints_csv_text(p, j.id, delim, lang)
        plan = touchpoints.check_table(tables.parse_csv_text(text))
        assert not plan.errors and not plan.unknown_columns
        outcome = touchpoints.plan_import(p, plan, journey_name=f"copy {delim}")
        doc.execute(outcome.command)
        assert card_view(p, outcome.journey_id) == card_view(p, j.id)
        # The cards' table carries the card lanes; the thoughts lane travels in the lanes CSV.
        card_lanes = [ln.display_name() for ln in p.lanes(j.id) if ln.holds_cards]
        assert [ln.display_name() for ln in p.lanes(outcome.journey_id)] == card_lanes


@pytest.mark.parametrize("lang", ["en", "es"])
def test_csv_keeps_a_journeys_own_phase_names(lang):
    """A clinic's phases ("Before the visit"…) come back from its spreadsheet, into a new journey or its own."""
    d = api.new_project(template="dental-clinic", lang=lang)
    try:
        p = d.project
        j = p.journeys()[0]
        names = [j.phase_name(phase, lang) for phase in ("before", "during", "after")]
        assert all(getattr(j, f"phase_{phase}") for phase in ("before", "during", "after"))
        plan = touchpoints.check_table(tables.parse_csv_text(touchpoints.touchpoints_csv_text(p, j.id, ",", lang)))
        assert not plan.errors
        outcome = touchpoints.plan_import(p, plan, journey_name="copy")
        d.execute(outcome.command)
        copy = p.get("journey", outcome.journey_id)
        assert [copy.phase_name(phase, lang) for phase in ("before", "during", "after")] == names
        assert card_view(p, copy.id) == card_view(p, j.id)
        # Into the journey itself: its own names find their phases; the new stage "Recall" is after the visit.
        rows = "Title,Stage,Phase\nRecall letter,Recall," + names[2] + "\n"
        outcome = touchpoints.plan_import(p, touchpoints.check_table(tables.parse_csv_text(rows)), j.id)
        d.execute(outcome.command)
        recall = next(s for s in p.stages(j.id) if s.name == "Recall")
        assert recall.phase == "after" and p.get("journey", j.id) == j
    finally:
        d.close()


def test_csv_phase_names_take_the_free_phases_in_order(doc):
    """Built-in labels keep their phase; other names take the phases left, in row order; extra ones fall back."""
    p = doc.project
    rows = (
        "Title,Stage,Phase\n"
        "a,S1,Antes de la compra\n"
        "b,S2,In the chair\n"
        "c,S3,Home again\n"
        "d,S4,One too many\n"
    )
    outcome = touchpoints.plan_import(p, touchpoints.check_table(tables.parse_csv_text(rows)), journey_name="n")
    doc.execute(outcome.command)
    new = p.get("journey", outcome.journey_id)
    assert [(s.name, s.phase) for s in p.stages(new.id)] == [
        ("S1", "before"), ("S2", "during"), ("S3", "after"), ("S4", "after")
    ]
    assert (new.phase_before, new.phase_during, new.phase_after) == ("", "In the chair", "Home again")


def test_csv_injection_neutralised_and_numbers_stay_numbers(doc):
    p = doc.project
    j = p.journeys()[0]
    tp = p.touchpoints(j.id)[0]
    evil = ["=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)", "\tTab", "\rCR", "'=quoted", "'plain"]
    for title in evil:
        doc.add_touchpoint(j.id, tp.stage_id, tp.lane_id, title=title, emotion=-3, notes=title, csat=12.5)
    text = touchpoints.touchpoints_csv_text(p, j.id)
    rows = list(__import__("csv").reader(__import__("io").StringIO(text, newline="")))
    cells = [c for r in rows[1:] for c in r]
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells if not c.lstrip("-").isdigit())
    emotion_col = rows[0].index("Emotion")
    assert "-3" in [r[emotion_col] for r in rows[1:]]
    semicolon = touchpoints.touchpoints_csv_text(p, j.id, ";")
    assert "12,5" in semicolon
    plan = touchpoints.check_table(tables.parse_csv_text(text))
    outcome = touchpoints.plan_import(p, plan, journey_name="back")
    doc.execute(outcome.command)
    assert card_view(p, outcome.journey_id) == card_view(p, j.id)


def test_mermaid_round_trip_keeps_stages_titles_and_mapped_scores(doc):
    p = doc.project
    j = p.journeys()[0]
    text = mermaid.to_mermaid(p, j.id)
    assert text.startswith("journey\n") and "section Awareness" in text
    outcome = mermaid.plan_mermaid_import(p, text)
    doc.execute(outcome.command)
    new = outcome.journey_id
    assert [s.display_name() for s in p.stages(new)] == [s.display_name() for s in p.stages(j.id)]
    a, b = p.touchpoints(j.id), p.touchpoints(new)
    assert [t.title for t in a] == [t.title for t in b]  # a colon comes back as the colon it was
    assert [mermaid.emotion_score(t.emotion) for t in a] == [mermaid.emotion_score(t.emotion) for t in b]
    assert mermaid.to_mermaid(p, new).split("\n", 2)[2] == text.split("\n", 2)[2]
    assert p.get("journey", new).persona_id == j.persona_id


def test_mermaid_score_table_and_bad_lines():
    assert mermaid.EMOTION_TO_SCORE == {-3: 1, -2: 2, -1: 2, 0: 3, 1: 4, 2: 4, 3: 5}
    for score, emotion in mermaid.SCORE_TO_EMOTION.items():
        assert mermaid.EMOTION_TO_SCORE[emotion] == score
    parsed = mermaid.parse_mermaid("journey\n  title T\n  section A\n    ok: 5: Me\n    bad: 9: Me\n    %% note\n")
    assert [r.fields["title"] for r in parsed.rows] == ["ok"]
    assert str(parsed.errors[0]) == "line 5, score: “9” is not a Mermaid score from 1 to 5"
    with pytest.raises(ValidationError):
        mermaid.parse_mermaid("graph TD\n a-->b\n")


def test_graphml_read_back_by_networkx_equal(doc, tmp_path):
    p = doc.project
    j = p.journeys()[0]
    g = graphml.journey_graph(p, j.id)
    path = tmp_path / "j.graphml"
    graphml.write_graphml(p, j.id, path)
    back = nx.read_graphml(path, force_multigraph=True)
    assert set(back.nodes) == set(g.nodes) == {tp.id for tp in p.touchpoints(j.id)}
    assert sorted(back.edges(keys=True)) == sorted(g.edges(keys=True))
    for n in g.nodes:
        assert back.nodes[n] == g.nodes[n]
    for u, v, k in g.edges(keys=True):
        assert back.edges[u, v, k] == g.edges[u, v, k]
    assert back.graph["name"] == j.name
    plain = nx.read_graphml(path)  # tools without multigraph support read it too
    assert plain.number_of_edges() == g.number_of_edges()


def test_merging_two_templates_keeps_one_holder_of_earlier_votes(tmp_path):
    """Each template's votes belong to the well-known 'earlier votes' participant: a merge keeps one."""
    from cxdesigner import api
    from cxdesigner.exchange import merge
    from cxdesigner.model.voting import EARLIER_PARTICIPANT

    source = api.template_project("hotel", "es")
    target = api.new_project(tmp_path / "en.cxd", template="support-call", lang="en")
    try:
        outcome = merge.merge_journeys(target.project, source)
        target.execute(outcome.command)
        holders = [p for p in target.project.participants() if p.id == EARLIER_PARTICIPANT]
        assert len(holders) == 1 and len(target.project.participants()) == 1
        sessions = list(target.project.tables["vote_session"].values())
        assert len(sessions) == 2 and all(s.participant_ids == (EARLIER_PARTICIPANT,) for s in sessions)
    finally:
        target.close()


def test_mermaid_separators_in_names_come_back_as_typed():
    # Mermaid's lexer ends a name at ":", ";" and "#" and has no escape: the export writes look-alikes
    # and the import reads them back, so a title with a colon is the same after a round trip.
    text = (
        "journey\n"
        "    title Q3: rooms ＃2\n"
        "    section Stay： check-in； desk\n"
        "      Checkout： pay ＃1； sign %\u200b% done: 4: Ana， the guest\n"
    )
    parsed = mermaid.parse_mermaid(text)
    assert parsed.title == "Q3: rooms #2"
    assert parsed.sections == ["Stay: check-in; desk"]
    assert [row.fields["title"] for row in parsed.rows] == ["Checkout: pay #1; sign %% done"]
    assert parsed.actors == ["Ana, the guest"]
