"""The bundled templates load, are complete enough to teach with, and agree between languages."""

from __future__ import annotations

from collections import Counter

import pytest

from cxdesigner.model import jsonformat, vocab
from cxdesigner.resources import resource_path, template_names, template_text

LANGS = ("en", "es")
EXPECTED = {
    "hotel",
    "online-purchase",
    "support-call",
    "dental-clinic",
    "bank-account",
    "telecom-outage",
    "city-permit",
    "saas-trial",
    "retail-store",
}


def _load(name: str, lang: str):
    text = template_text(name, lang)
    project = jsonformat.loads(text)
    journeys = project.journeys()
    assert len(journeys) == 1, f"{name}.{lang}: expected one journey"
    return text, project, journeys[0]


def test_all_templates_are_bundled_in_both_languages():
    assert set(template_names()) >= EXPECTED
    for name in template_names():
        for lang in LANGS:
            assert resource_path("templates", f"{name}.{lang}.json").is_file(), f"{name}.{lang}.json is missing"


@pytest.fixture(params=[(n, lang) for n in sorted(EXPECTED) for lang in LANGS], ids=lambda p: f"{p[0]}.{p[1]}")
def template(request):
    name, lang = request.param
    text, project, journey = _load(name, lang)
    return name, lang, text, project, journey


def test_text_is_canonical(template):
    _, _, text, project, _ = template
    assert jsonformat.dumps(project) == text
    assert jsonformat.dumps(jsonformat.loads(text)) == text


def test_project_language_matches_file(template):
    _, lang, _, project, _ = template
    assert project.info.lang == lang
    assert project.info.name


def test_persona(template):
    _, _, _, project, journey = template
    personas = project.personas()
    assert len(personas) == 1
    p = personas[0]
    assert journey.persona_id == p.id
    for field in ("name", "segment", "goals", "needs", "frustrations", "quote"):
        assert getattr(p, field), f"persona {field} is empty"


def test_stages_and_phases(template):
    _, _, _, project, journey = template
    stages = project.stages(journey.id)
    assert 5 <= len(stages) <= 7
    assert {s.phase for s in stages} == set(vocab.PHASES)
    for s in stages:
        assert s.display_name("en"), f"stage {s.id} has neither a name nor a built-in key"


def test_lanes(template):
    _, _, _, project, journey = template
    lanes = project.lanes(journey.id)
    assert 3 <= len(lanes) <= 5
    assert all(ln.kind in vocab.LANE_KINDS for ln in lanes)
    assert any(ln.kind == "customer_actions" for ln in lanes)


def test_touchpoints_are_annotated(template):
    name, lang, _, project, journey = template
    cards = project.touchpoints(journey.id)
    assert 12 <= len(cards) <= 25
    for tp in cards:
        where = f"{name}.{lang} {tp.id}"
        assert tp.title and len(tp.title) <= 60, where
        assert tp.expectation, where
        assert tp.experience, where
        assert tp.emotion is not None, where
        assert tp.importance is not None, where
        assert tp.satisfaction is not None, where
        assert tp.channel in vocab.CHANNELS, where
        if tp.emotion < 0:
            assert tp.pain_points or tp.opportunities, f"{where}: a negative card needs pain points or opportunities"
    # A realistic curve has real lows and highs, and 1-3 moments of truth.
    emotions = [tp.emotion for tp in cards]
    assert min(emotions) <= -2 and max(emotions) >= 2
    assert 1 <= sum(tp.moment_of_truth for tp in cards) <= 3


def test_cells_are_numbered_from_zero(template):
    _, _, _, project, journey = template
    cells: dict[tuple[str, str], list[int]] = {}
    for tp in project.touchpoints(journey.id):
        cells.setdefault((tp.stage_id, tp.lane_id), []).append(tp.position)
    for cell, positions in cells.items():
        assert sorted(positions) == list(range(len(positions))), cell


def test_connections_branch_and_loop(template):
    _, _, _, project, journey = template
    connections = project.connections(journey.id)
    outgoing = Counter(c.source_id for c in connections)
    assert max(outgoing.values()) >= 2, "no card branches"
    assert any(c.kind == "loop_back" for c in connections), "no loop back"
    # A loop back returns to a card of the same or an earlier stage.
    cards = {tp.id: tp for tp in project.touchpoints(journey.id)}
    stage_pos = {s.id: s.position for s in project.stages(journey.id)}
    for c in connections:
        if c.kind == "loop_back":
            assert stage_pos[cards[c.target_id].stage_id] <= stage_pos[cards[c.source_id].stage_id]


def _structure(project):
    """Everything but the user-written text: ids, keys, references and figures."""
    text_fields = {
        "name",
        "description",
        "segment",
        "goals",
        "needs",
        "frustrations",
        "quote",
        "title",
        "owner_team",
        "expectation",
        "experience",
        "notes",
        "label",
        "created",
        "lang",
        "owner",
        "pain_point",
    }
    list_text_fields = {"pain_points", "opportunities", "tags"}
    out = []
    for e in [project.info, *project.all_entities()]:
        d = e.to_dict()
        for f in text_fields & d.keys():
            d[f] = bool(d[f])
        for f in list_text_fields & d.keys():
            d[f] = len(d[f])
        out.append((e.KIND, d))
    return sorted(out, key=lambda kd: (kd[0], kd[1]["id"]))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_english_and_spanish_have_the_same_structure(name):
    _, en, _ = _load(name, "en")
    _, es, _ = _load(name, "es")
    assert _structure(en) == _structure(es)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_spanish_text_is_translated(name):
    _, en, jen = _load(name, "en")
    _, es, jes = _load(name, "es")
    assert jen.name != jes.name
    en_titles = {tp.id: tp.title for tp in en.touchpoints(jen.id)}
    es_titles = {tp.id: tp.title for tp in es.touchpoints(jes.id)}
    same = [i for i in en_titles if en_titles[i] == es_titles[i]]
    assert not same, f"titles left untranslated: {same}"
