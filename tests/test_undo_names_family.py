"""The undo steps of renames, imports and the room's phones name what they change, in the language's quotation
marks: the old and the new name, the file and the journey, the phone's person and the card ("Undo Change name",
"Undo Import 12 touchpoints from notes.csv" and "Undo Vote" said neither which nor where)."""

from __future__ import annotations

import itertools

import pytest
from messagekit import english_after

import cxdesigner
from cxdesigner.document import Selection
from cxdesigner.document import commands as dc
from cxdesigner.document.lanefill import FillFromSurveyCommand
from cxdesigner.document.voting import CastVoteCommand, StartVoteSessionCommand
from cxdesigner.exchange import merge, mermaid, survey, tables, touchpoints
from cxdesigner.panels.edits import discrete, update_command
from cxdesigner.room import protocol as p
from cxdesigner.room.state import Intent, Phase
from cxdesigner.roomui import actions
from cxdesigner.roomui.projector import SelectionProjector

Q = {"en": "“{}”", "es": "«{}»"}


@pytest.fixture
def in_lang():
    yield from english_after()


@pytest.fixture
def doc():
    d = cxdesigner.new_project(None, template="hotel")
    yield d
    d.close()


def _last(doc) -> str:
    return doc.stack.undo_text()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_rename_names_the_old_and_the_new_name(doc, in_lang, lang):
    in_lang(lang)
    q = Q[lang].format
    journey = doc.journeys()[0]
    card = doc.project.touchpoints(journey.id)[0]
    assert len(card.title) > 24, "a title the step cuts"
    persona = doc.project.personas()[0]
    # The Project dock's rename (a click of its own: wrapped before the old name is known).
    doc.execute(discrete(update_command("journey", journey.id, {"name": "Late arrival"})))
    assert q(journey.name) in _last(doc) and _last(doc).endswith(q("Late arrival")), _last(doc)
    # A card's title typed in the inspector: the keystrokes are one step, from the first old title to the last.
    doc.execute(update_command("touchpoint", card.id, {"title": "Booking"}))
    doc.execute(update_command("touchpoint", card.id, {"title": "Booking by phone"}))
    assert _last(doc) == {
        "en": f"Rename touchpoint {q(dc.short_name(card.title))} to {q('Booking by phone')}",
        "es": f"Renombrar el punto de contacto {q(dc.short_name(card.title))} como {q('Booking by phone')}",
    }[lang]
    doc.execute(update_command("persona", persona.id, {"name": "Ana"}))
    assert q(persona.name) in _last(doc) and q("Ana") in _last(doc)
    doc.execute(dc.UpdateCommand("project", "project", name="Workshop"))
    assert q("Workshop") in _last(doc)
    # A long title is cut between words in the step, so the new name still shows in a 60-character menu.
    doc.execute(update_command("touchpoint", card.id, {"title": "Guest phones the front desk because " * 5}))
    assert _last(doc).endswith(q("Guest phones the front…")) and len(dc.short_name(card.title)) <= 24, _last(doc)
    # Other edits keep their names; a rename of several cards at once is a change, not a rename.
    doc.execute(update_command("touchpoint", card.id, {"emotion": 2}))
    assert q("") not in _last(doc) and "“" not in _last(doc) and "«" not in _last(doc)


def _csv(tmp_path, name: str) -> tables.Table:
    path = tmp_path / name
    path.write_text("title,stage,lane\nCall the hotel,Booking,Actions\nCheck in,Arrival,Actions\n", encoding="utf-8")
    return tables.read_table(path)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_import_names_the_file_and_the_journey(doc, in_lang, tmp_path, lang):
    in_lang(lang)
    q = Q[lang].format
    journey = doc.journeys()[0]
    plan = touchpoints.check_table(_csv(tmp_path, "workshop notes.csv"))
    into = touchpoints.plan_import(doc.project, plan, journey.id).command.description
    assert q("workshop notes.csv") in into and into.endswith(q(journey.name)), into
    new = touchpoints.plan_import(doc.project, plan, journey_name="Sticky notes").command.description
    assert new.endswith(q("Sticky notes")), new
    made = mermaid.plan_mermaid_import(
        doc.project, "journey\n  title Stay\n  section Arrival\n    Check in: 3: Guest\n", source="stay.mmd"
    ).command.description
    assert q("stay.mmd") in made and made.endswith(q("Stay")), made
    other = cxdesigner.new_project(None, template="hotel")
    try:
        merged = merge.merge_journeys(doc.project, other.project, None, "other hotel.cxd").command.description
        # The journey as this project will call it (its name was taken: "(2)").
        assert merged == {
            "en": f"Import journey {q(journey.name + ' (2)')} from {q('other hotel.cxd')}",
            "es": f"Importar el viaje {q(journey.name + ' (2)')} de {q('other hotel.cxd')}",
        }[lang]
    finally:
        other.close()
    card = doc.project.touchpoints(journey.id)[0]
    answers = tmp_path / "answers.csv"
    answers.write_text(f"touchpoint,measure,score\n{card.title},csat,4\n", encoding="utf-8")
    result = survey.check_survey(doc.project, journey.id, tables.read_table(answers))
    told = result.command(source="answers.csv").description
    assert q("answers.csv") in told and told.endswith(q(journey.name)), told
    doc.execute(result.command(source="answers.csv"))
    figures = next(lane for lane in doc.project.lanes(journey.id) if lane.kind == "metric")
    doc.execute(FillFromSurveyCommand(figures.id, "csat"))
    assert q(figures.display_name(lang)) in _last(doc), _last(doc)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_phones_step_names_the_person_and_the_card(doc, in_lang, lang):
    in_lang(lang)
    q = Q[lang].format
    journey = doc.journeys()[0]
    card = doc.project.touchpoints(journey.id)[0]
    title = q(dc.short_name(card.title))
    sel = Selection()
    sel.set_journey(journey.id)
    projector = SelectionProjector(doc.project, sel, Phase(ideas=True, vote=True, rate=True))
    ledger, ids = actions.RoomLedger(), itertools.count(1)

    def act(kind: str, action=None, name: str = "Ana María") -> str:
        intent = Intent(next(ids), kind, "pt-ana", name, "#1f77b4", lang, action)
        plan = actions.plan(doc.project, projector, ledger, intent)
        doc.execute(plan.command)
        plan.done()
        return plan.command.description

    assert act("join") == {"en": f"{q('Ana María')} joined the room", "es": f"{q('Ana María')} se unió a la sala"}[lang]
    idea = act("idea", p.Idea(1, "Late check-out"))
    assert q("Late check-out") in idea and q("Ana María") in idea, idea
    doc.execute(StartVoteSessionCommand(journey.id, "Pains", ["pt-ana"], dots=3))
    vote = act("vote", p.Vote(2, card.id))
    assert vote == {"en": f"Vote of {q('Ana María')} for {title}", "es": f"Voto de {q('Ana María')} a {title}"}[lang]
    back = act("vote", p.Vote(3, card.id, -1))
    assert title in back and back != vote, back
    sel.select([card.id])
    rating = act("rate", p.Rate(4, card.id, importance=4))
    assert title in rating and q("Ana María") in rating, rating
    # The same dot from the laptop's voting panel: named once the project is at hand.
    session_id = projector.vote_session_id()
    doc.execute(CastVoteCommand(session_id, "pt-ana", card.id))
    assert _last(doc) == vote
    projector.close()
