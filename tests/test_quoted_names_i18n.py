"""Names and values in refusals stand in the language's quotation marks (“Lobby” / «Lobby»), not in ASCII ones.

The model's checks of a project, a record's own checks, a JSON project's structure, the spreadsheet cells, the
side files of a project and the analysis's crosshair, each driven for real, in English and in Spanish.
"""

from __future__ import annotations

import pytest
from messagekit import english_after, refusal

from cxdesigner.analysis import measures
from cxdesigner.exchange import values
from cxdesigner.model import Change, Journey, Lane, Project, Stage, Touchpoint, jsonformat
from cxdesigner.storage import DamagedFileError, UnsafeFileError, safeopen

in_lang = pytest.fixture(english_after, name="in_lang")


def _project() -> Project:
    project = Project()
    entities = [
        Journey(id="jr-1", name="Today"),
        Stage(id="st-1", journey_id="jr-1"),
        Lane(id="ln-cards", journey_id="jr-1", name="Front stage"),
        Lane(id="ln-text", journey_id="jr-1", position=1, kind="text", name="Thoughts"),
        Touchpoint(id="tp-1", journey_id="jr-1", stage_id="st-1", lane_id="ln-cards", title="Call"),
    ]
    project.apply([Change(e.KIND, e.id, None, e) for e in entities])
    return project


def assert_no_ascii_quotes(texts: list[str]) -> None:
    for text in texts:
        assert "'" not in text, text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_models_refusals_name_lanes_and_cards_in_the_languages_quotation_marks(in_lang, lang):
    project = _project()
    lane = project.get("lane", "ln-cards")
    card = project.get("touchpoint", "tp-1")
    in_lang(lang)
    texts = [
        refusal(lambda: project.apply([Change("lane", lane.id, lane, lane.evolve(kind="text"))])),
        refusal(lambda: project.apply([Change("touchpoint", card.id, card, card.evolve(lane_id="ln-text"))])),
        refusal(lambda: card.evolve(sub_journey="jr-1")),
        refusal(lambda: card.evolve(category="nonsense")),
    ]
    assert_no_ascii_quotes(texts)
    if lang == "en":
        assert texts[:3] == [
            "The lane “Front stage” still holds cards: move them before changing its kind",
            "Touchpoint “Call” is in the lane “Thoughts”, which holds no cards",
            "Touchpoint “Call” cannot open its own journey",
        ]
        assert texts[3].startswith("Touchpoint category “nonsense” is not one of: ")
    else:
        assert texts[:3] == [
            "El carril «Front stage» aún contiene tarjetas: muévalas antes de cambiar su tipo",
            "El punto de contacto «Call» está en el carril «Thoughts», que no contiene tarjetas",
            "El punto de contacto «Call» no puede abrir su propio viaje",
        ]
        assert texts[3].startswith("El valor «nonsense» del campo «")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_long_title_in_a_refusal_is_one_line_and_cut(in_lang, lang):
    card = _project().get("touchpoint", "tp-1").evolve(title="Waits\nin the lobby " + "x" * 60)
    in_lang(lang)
    text = refusal(lambda: card.evolve(sub_journey="jr-1"))
    assert "\n" not in text and "x" * 41 not in text and "…" in text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_json_project_names_its_fields_in_the_languages_quotation_marks(in_lang, lang):
    data = jsonformat.to_data(_project())
    data["personas"] = {}
    in_lang(lang)
    text = refusal(lambda: jsonformat.from_data(data))
    assert text == ("file: “personas” must be a list" if lang == "en" else "archivo: «personas» debe ser una lista")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_spreadsheet_cell_is_quoted_as_the_language_quotes(in_lang, lang):
    in_lang(lang)
    texts = [
        refusal(lambda: values.parse_int("lots", 1, 5), values.BadValueError),
        refusal(lambda: values.parse_int("1" * 30, 1, 5), values.BadValueError),
        refusal(lambda: values.parse_bool("perhaps"), values.BadValueError),
    ]
    assert_no_ascii_quotes(texts)
    if lang == "en":
        assert texts[0] == "“lots” is not a number from 1 to 5"
        assert texts[1].startswith("“111") and texts[1].endswith("” is out of range: it must be from 1 to 5")
        assert texts[2] == "“perhaps” is not yes or no"
    else:
        assert texts[0] == "«lots» no es un número de 1 a 5"
        assert texts[1].startswith("«111")
        assert texts[2] == "«perhaps» no es sí ni no"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_side_file_is_named_in_the_languages_quotation_marks(in_lang, tmp_path, lang):
    path = tmp_path / "plan.cxd"
    path.write_bytes(b"")
    journal = tmp_path / "plan.cxd-journal"
    journal.write_bytes(safeopen.JOURNAL_MAGIC + b"\0" * 504)
    in_lang(lang)
    hot = refusal(lambda: safeopen.check_side_files(path), DamagedFileError)
    journal.unlink()
    journal.mkdir()
    odd = refusal(lambda: safeopen.check_side_files(path), UnsafeFileError)
    assert_no_ascii_quotes([hot, odd])
    if lang == "en":
        assert "its rest is in “plan.cxd-journal” beside it." in hot
        assert "where its journal would be (“plan.cxd-journal”, " in odd
    else:
        assert "el resto está en «plan.cxd-journal», a su lado." in hot
        assert "(«plan.cxd-journal», " in odd


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_wrong_crosshair_is_refused_in_the_interface_language_by_the_quadrants_too(in_lang, lang):
    in_lang(lang)
    text = refusal(lambda: measures.quadrants([], "median"), ValueError)
    if lang == "en":
        assert text == "The crosshair must be one of “mean”, “midpoint”, not “median”"
    else:
        assert text == "El cruce debe ser uno de «mean», «midpoint», no «median»"
