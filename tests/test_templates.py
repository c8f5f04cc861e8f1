"""The bundled templates load, are complete enough to teach with, and agree between languages."""

from __future__ import annotations

import os
from collections import Counter

import pytest

from cxdesigner.analysis import analyze
from cxdesigner.canvas.items import CardMetrics, wrap_text
from cxdesigner.canvas.scene import JourneyScene
from cxdesigner.model import jsonformat, vocab
from cxdesigner.resources import resource_path, template_names, template_text

LANGS = ("en", "es")
# The bundled templates there must be at least; the tests below run over every template there is.
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


@pytest.fixture(params=[(n, lang) for n in template_names() for lang in LANGS], ids=lambda p: f"{p[0]}.{p[1]}")
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
    name, _, _, project, journey = template
    lanes = project.lanes(journey.id)
    assert 3 <= len([ln for ln in lanes if ln.holds_cards]) <= 5
    assert all(ln.kind in vocab.LANE_KINDS for ln in lanes)
    assert any(ln.kind == "customer_actions" for ln in lanes)
    # Lanes without cards: a text lane of the customer's thoughts, a lane of figures and maybe a storyboard,
    # each with cells. The hotel and the clinic teach all three (the hotel still fits the workshop's projector
    # whole, where these lanes are strips: tests/test_workshop_presentation.py).
    extra = [ln.kind for ln in lanes if not ln.holds_cards]
    if name in ("hotel", "dental-clinic"):
        assert extra == ["text", "metric", "storyboard"]
    else:
        assert extra in ([], ["text", "metric"], ["text", "metric", "storyboard"])
    extra = [ln for ln in lanes if not ln.holds_cards]
    for ln in extra:
        cells = [c for c in project.lane_cells(journey.id) if c.lane_id == ln.id]
        assert len(cells) >= 3
        if ln.kind == "metric":
            assert all(c.value is not None and c.unit and c.period and c.source for c in cells)
        elif ln.kind == "storyboard":
            assert len(cells) <= 4
            assert all(c.image and c.image_type == "png" and c.text for c in cells)
            assert all(len(c.image) < 16 * 1024 for c in cells), "small flat pictograms, not photographs"
        else:
            assert all(c.text for c in cells)


def test_some_templates_teach_lanes_without_cards():
    taught = []
    # A hotel's customer is a guest and a clinic's a patient; the others say customer.
    who = {"hotel": "huésped", "dental-clinic": "paciente"}
    for name in template_names():
        _, project, journey = _load(name, "es")
        lanes = {ln.kind: ln for ln in project.lanes(journey.id)}
        if "text" in lanes:
            taught.append(name)
            assert lanes["text"].name == f"Lo que piensa el {who.get(name, 'cliente')}"
    # Issue 16: the hotel and the clinic teach text, metric and picture lanes.
    assert {"hotel", "dental-clinic"} <= set(taught) and len(taught) <= 5


@pytest.mark.parametrize("name", template_names())
def test_lane_cells_are_translated(name):
    _, en, jen = _load(name, "en")
    _, es, jes = _load(name, "es")
    en_cells = {c.id: c for c in en.lane_cells(jen.id)}
    es_cells = {c.id: c for c in es.lane_cells(jes.id)}
    assert set(en_cells) == set(es_cells)
    for cid, cell in en_cells.items():
        other = es_cells[cid]
        assert cell.value == other.value and cell.unit == other.unit
        if cell.text:
            assert cell.text != other.text, cid
        assert cell.source != other.source or not cell.source, cid


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


def test_teaches_a_persona_a_branch_a_failure_and_feelings(template):
    """What a facilitator shows, in each language: who, where the path forks, where it fails, how it feels."""
    name, lang, _, project, journey = template
    where = f"{name}.{lang}"
    persona = project.get("persona", journey.persona_id)
    assert persona.name and persona.quote, where
    connections = project.connections(journey.id)
    outgoing = Counter(c.source_id for c in connections)
    # A branch is an alternative taken instead of another way on; a failure path says what went wrong.
    branches = [c for c in connections if c.kind == "alternative" and outgoing[c.source_id] >= 2]
    failures = [c for c in connections if c.kind == "failure"]
    assert branches, f"{where}: no alternative branch"
    assert failures, f"{where}: no failure path"
    assert all(c.label for c in branches + failures), f"{where}: a branch or failure without a label"
    cards = project.touchpoints(journey.id)
    assert all(tp.emotion is not None for tp in cards), where
    assert any(tp.emotion_words for tp in cards), f"{where}: no emotion words"
    assert any(tp.emotion < 0 for tp in cards) and any(tp.emotion > 0 for tp in cards), where


def test_phase_names_fit_the_journey(template):
    """A journey without a purchase names its phases (a clinic has no "During purchase"), unlike any of its stages."""
    name, lang, _, project, journey = template
    stages = project.stages(journey.id)
    own = [getattr(journey, f"phase_{phase}") for phase in vocab.PHASES]
    if not any(s.key == "purchase" for s in stages):
        assert all(own), f"{name}.{lang}: a journey without a purchase keeps the built-in phase names"
    assert all(own) or not any(own), f"{name}.{lang}: some phases named, some not"
    stage_names = {s.display_name(lang).casefold() for s in stages}
    assert not {n.casefold() for n in own if n} & stage_names, f"{name}.{lang}: a phase named like one of its stages"


def test_every_card_is_on_the_journey(template):
    """The analysis finds one start, and no card the journey never reaches."""
    name, lang, _, project, journey = template
    graph = analyze(project, journey.id, lang=lang)["graph"]
    assert len(graph["entries"]) == 1, name
    assert graph["unreachable"] == [] and graph["isolated"] == [], name


def test_card_titles_fit_the_canvas(qapp, template):
    """The canvas shows three lines of a title; a template's titles are whole there (Spanish runs longer)."""
    name, lang, _, project, journey = template
    scene = JourneyScene(project, lang, follow=False)
    scene.set_journey(journey.id)
    width = scene.metrics.card_w - 2 * CardMetrics.pad_x
    for tp in project.touchpoints(journey.id):
        lines = wrap_text(tp.title, scene.fonts.title, width)
        assert len(lines) <= 3, f"{name}.{lang}: {lines}"


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
        "phase_before",
        "phase_during",
        "phase_after",
        "text",
        "period",
        "source",
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


@pytest.mark.parametrize("name", template_names())
def test_english_and_spanish_have_the_same_structure(name):
    _, en, _ = _load(name, "en")
    _, es, _ = _load(name, "es")
    assert _structure(en) == _structure(es)


@pytest.mark.parametrize("name", template_names())
def test_spanish_text_is_translated(name):
    _, en, jen = _load(name, "en")
    _, es, jes = _load(name, "es")
    assert jen.name != jes.name
    en_titles = {tp.id: tp.title for tp in en.touchpoints(jen.id)}
    es_titles = {tp.id: tp.title for tp in es.touchpoints(jes.id)}
    same = [i for i in en_titles if en_titles[i] == es_titles[i]]
    assert not same, f"titles left untranslated: {same}"


def test_the_spanish_sample_that_make_run_opens_is_spanish_throughout(tmp_path):
    """`make run` opens sample/muestra.cxd for a Spanish user: its name, journeys and cards in Spanish."""
    from cxdesigner import api
    from cxdesigner.document import Document

    english = api.sample_project("en")
    path = api.make_sample(tmp_path / "muestra.cxd", "es")
    doc = Document.open(path)
    try:
        spanish = doc.project
        assert spanish.info.lang == "es"
        assert spanish.info.name == "Muestra de CX Designer"
        assert [j.name for j in spanish.journeys()] == [
            "Fin de semana en un hotel urbano",
            "Comprar zapatillas de running online",
            "Resolver una avería de internet por teléfono",
        ]
        titles = {e.title for e in english.all_entities() if e.KIND == "touchpoint"}
        cards = [e for e in spanish.all_entities() if e.KIND == "touchpoint"]
        assert len(cards) == len(titles) and not {c.title for c in cards} & titles
    finally:
        doc.close()


def test_make_run_asks_the_language_the_interface_will_open_in(tmp_path):
    """`make run` picks the sample by the language chosen in Preferences too, not only $CXDESIGNER_LANG or the locale.

    Runs the very command of the Makefile's run target in a clean process, as `make run` does: no
    application, the user's settings file under XDG_CONFIG_HOME.
    """
    import re
    import subprocess
    import sys
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")
    found = re.search(r"\$\(BIN\)/python -c '([^']*)'\)\" = es", makefile)
    assert found, "the run target no longer asks Python for the language"
    code = found.group(1)
    env = {k: v for k, v in os.environ.items() if k not in ("CXDESIGNER_LANG", "LANGUAGE") and not k.startswith("LC_")}
    env.update(XDG_CONFIG_HOME=str(tmp_path), LANG="C.UTF-8", QT_QPA_PLATFORM="offscreen")

    def language(**extra: str) -> str:
        done = subprocess.run([sys.executable, "-c", code], env={**env, **extra}, capture_output=True,
                              text=True, timeout=60, check=True)
        return done.stdout.strip()

    assert language() == "en"
    assert language(LANG="es_ES.UTF-8") == "es"
    conf = tmp_path / "CX Designer" / "cxdesigner.conf"
    conf.parent.mkdir()
    conf.write_text("[ui]\nlanguage=es\n", encoding="utf-8")
    assert language() == "es"  # chosen in View ▸ Interface Language, on an English system
    assert language(CXDESIGNER_LANG="en") == "en"
