"""The model's and the commands' refusals in the interface language: Spanish in a Spanish window, English as before."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from pathlib import Path

import pytest
from messagekit import ADVICE_EN, Told

import cxdesigner
from cxdesigner import qti18n, safety_ui
from cxdesigner.document import commands
from cxdesigner.i18n import translation
from cxdesigner.model import ENTITY_TYPES, ProjectInfo, ValidationError, limits, names
from cxdesigner.storage import DamagedFileError


@pytest.fixture(scope="module")
def valid(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("valid") / "valid.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    return path


def refused(lang: str, doc, cmd) -> str:
    """The message of the refusal of ``cmd`` on ``doc`` in ``lang``; the project is left as it was."""
    before = doc.project.touchpoints(doc.project.journeys()[0].id)
    qti18n.apply(lang)
    try:
        with pytest.raises(ValidationError) as caught:
            doc.execute(cmd)
    finally:
        qti18n.apply("en")
    assert doc.project.touchpoints(doc.project.journeys()[0].id) == before
    return str(caught.value)


@pytest.fixture
def doc(valid, tmp_path):
    path = tmp_path / "p.cxd"
    shutil.copyfile(valid, path)
    doc = cxdesigner.open_project(path)
    yield doc
    doc.close()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_card_title_past_its_limit_is_refused_in_the_interface_language(qtbot, doc, lang):
    card = doc.project.touchpoints(doc.project.journeys()[0].id)[0]
    long = limits.MAX_TEXT + 1
    message = refused(lang, doc, commands.UpdateCommand("touchpoint", card.id, title="x" * long))
    assert (long, limits.MAX_TEXT) == (1_000_001, 1_000_000)
    if lang == "en":
        assert message == (
            "Touchpoint title is 1,000,001 characters long; at most 1,000,000 fit: shorten it, then try again"
        )
    else:
        assert message == (
            "El campo «Título» tiene 1.000.001 caracteres; caben como máximo 1.000.000: acórtelo y vuelva a "
            "intentarlo"
        )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_connection_to_itself_is_refused_in_the_interface_language(qtbot, doc, lang):
    card = doc.project.touchpoints(doc.project.journeys()[0].id)[0]
    message = refused(lang, doc, commands.AddConnectionCommand(card.id, card.id))
    if lang == "en":
        assert message == "A connection cannot lead from a touchpoint to itself"
    else:
        assert message == "Una conexión no puede ir de un punto de contacto a sí mismo"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_file_with_a_value_out_of_range_is_refused_in_the_interface_language(qtbot, valid, tmp_path, lang):
    path = tmp_path / "bad.cxd"
    shutil.copyfile(valid, path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE touchpoints SET emotion = 9 WHERE rowid = 1")
    conn.close()
    c = safety_ui.SafetyController(None, Told(), interval_minutes=0)
    qti18n.apply(lang)
    try:
        assert c.open(path) is None
    finally:
        qti18n.apply("en")
        c.deleteLater()
    [(title, text)] = c.prompts.told
    english = "Touchpoint emotion 9 is out of range: it must be from -3 to 3"
    if lang == "en":
        assert title == "The project could not be opened"
        assert text == f"{path}: damaged: a touchpoint holds an invalid value: {english}. {ADVICE_EN}"
    else:
        assert title == "No se pudo abrir el proyecto"
        assert (
            ": una tarjeta contiene un valor no válido: "
            "El valor 9 del campo «Emoción» está fuera de rango: debe estar entre -3 y 3" in text
        )
        assert english not in text and "copia de seguridad" in text
    # The command line and scripts never set a language: the same refusal, in English.
    with pytest.raises(DamagedFileError, match=english):
        cxdesigner.open_project(path)


# -- the model's field and kind names (model/names.py) ----------------------------------------------------

KINDS = {**ENTITY_TYPES, "project": ProjectInfo}


def test_every_field_and_kind_a_refusal_can_name_has_a_label_in_spanish():
    es = translation("es")
    same_in_spanish = {"CSAT", "NPS"}
    for kind, cls in KINDS.items():
        assert kind in names.ENGLISH and kind in names.KIND_LABELS and kind in names.A_KIND
        assert es.pgettext("one record, the subject of a sentence", names.A_KIND[kind]) != names.A_KIND[kind]
        for field in dataclasses.fields(cls):
            label = names.field_label(kind, field.name)
            assert label is not None, f"{kind}.{field.name} has no label"
            assert es.gettext(label) != label or label in same_in_spanish, f"{label!r} is not in Spanish"


class _Odd:
    def __repr__(self) -> str:
        return "<odd>"


BAD_VALUES = (
    _Odd(),
    10**12,
    -(10**12),
    "x" * (limits.MAX_TEXT + 1),
    "",
    "\ud800",
    True,
    3.5,
    ("zz",),
    (1,),
    b"x",
    "zz",
)


def _refusals(lang: str) -> dict[tuple[str, str, int], str]:
    """Every field of every kind given each bad value in turn: the refusals, in ``lang``."""
    out = {}
    qti18n.apply(lang)
    try:
        for kind, cls in KINDS.items():
            required = {
                f.name: "x"
                for f in dataclasses.fields(cls)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            }
            if kind == "response":
                required["score"] = 3
            for field in dataclasses.fields(cls):
                for n, bad in enumerate(BAD_VALUES):
                    try:
                        cls(**{**required, field.name: bad})
                    except ValidationError as exc:
                        out[kind, field.name, n] = str(exc)
    finally:
        qti18n.apply("en")
    return out


def test_a_refusal_names_fields_by_their_label_in_spanish_and_as_before_in_english(qtbot):
    english, spanish = _refusals("en"), _refusals("es")
    assert english.keys() == spanish.keys() and len(english) > 500
    for (kind, field, n), message in spanish.items():
        # English keeps the words scripts read: the kind first ("Voting session dots per card …").
        assert english[kind, field, n].startswith((names.ENGLISH[kind], kind)), english[kind, field, n]
        # Spanish names no English kind: «Importancia», not «Touchpoint importance».
        assert f"{names.ENGLISH[kind]} " not in message.replace("\ud800", ""), message
    es = translation("es")
    assert spanish["touchpoint", "importance", 1] == (
        "El valor 1000000000000 del campo «Importancia» está fuera de rango: debe estar entre 1 y 5"
    )
    assert english["touchpoint", "importance", 1] == (
        "Touchpoint importance 1000000000000 is out of range: it must be from 1 to 5"
    )
    assert spanish["vote_session", "dots", 1].startswith("El valor 1000000000000 del campo «Puntos por participante»")
    assert english["connection", "share", 1].startswith("Connection share of customers 1000000000000 is out of range")
    assert es.gettext("Share of customers") in spanish["connection", "share", 1]
    assert (
        spanish["lane_cell", "image_type", 11]
        == "«Celda de carril» indica un tipo de imagen pero no contiene ninguna imagen"
    )


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(
    ("column", "value", "english", "spanish"),
    [
        (
            "emotion_words",
            "not a list",
            "a touchpoint has an unreadable emotion words list",
            "una tarjeta tiene ilegible la lista «Palabras de emoción»",
        ),
        (
            "moment_of_truth",
            7,
            "a touchpoint has an unreadable moment of truth flag",
            "una tarjeta tiene ilegible el indicador «Momento de la verdad»",
        ),
        (
            "importance",
            99,
            "a touchpoint holds an invalid value: Touchpoint importance 99 is out of range: it must be from 1 to 5",
            "una tarjeta contiene un valor no válido: El valor 99 del campo «Importancia» está fuera de rango: "
            "debe estar entre 1 y 5",
        ),
    ],
)
def test_a_damaged_card_in_a_file_is_named_in_the_interface_language(
    qtbot, valid, tmp_path, lang, column, value, english, spanish
):
    path = tmp_path / "bad.cxd"
    shutil.copyfile(valid, path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"UPDATE touchpoints SET {column} = ? WHERE rowid = 1", (value,))
    conn.close()
    qti18n.apply(lang)
    try:
        with pytest.raises(DamagedFileError) as caught:
            cxdesigner.open_project(path)
    finally:
        qti18n.apply("en")
    assert (english if lang == "en" else spanish) in str(caught.value)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_refused_json_names_the_place_in_the_file_in_the_interface_language(qtbot, lang):
    from cxdesigner.model import jsonformat

    doc = cxdesigner.new_project(None, template="hotel")
    data = jsonformat.to_data(doc.project)
    doc.close()
    data["journeys"][0]["touchpoints"][1]["importance"] = 99
    data["journeys"][0]["vote_sessions"] = [{"id": "vs-1", "title": "v", "votes": [5]}]
    qti18n.apply(lang)
    try:
        with pytest.raises(ValidationError) as card:
            jsonformat.from_data(data)
        del data["journeys"][0]["touchpoints"][1]["importance"]
        with pytest.raises(ValidationError) as vote:
            jsonformat.from_data(data)
        data["personas"] = 5
        with pytest.raises(ValidationError) as whole:
            jsonformat.from_data(data)
    finally:
        qti18n.apply("en")
    if lang == "en":
        assert str(card.value) == (
            "journey 1, touchpoint 2: Touchpoint importance 99 is out of range: it must be from 1 to 5"
        )
        assert str(vote.value) == "journey 1, voting session 1, vote 1: expected an object"
        assert str(whole.value) == "file: “personas” must be a list"
    else:
        assert str(card.value) == (
            "Viaje 1, Tarjeta 2: El valor 99 del campo «Importancia» está fuera de rango: debe estar entre 1 y 5"
        )
        assert str(vote.value) == "Viaje 1, Sesión de votación 1, Voto 1: se esperaba un objeto"
        assert str(whole.value) == "archivo: «personas» debe ser una lista"
