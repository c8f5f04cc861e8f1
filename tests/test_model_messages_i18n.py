"""The model's and the commands' refusals in the interface language: Spanish in a Spanish window, English as before."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from messagekit import ADVICE_EN, Told

import cxdesigner
from cxdesigner import qti18n, safety_ui
from cxdesigner.document import commands
from cxdesigner.model import ValidationError, limits
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
    if lang == "en":
        assert message == f"Touchpoint title is {long} characters long; the limit is {limits.MAX_TEXT}"
    else:
        assert message == f"El campo «Touchpoint title» tiene {long} caracteres; el límite es {limits.MAX_TEXT}"


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
        assert "El valor 9 del campo «Touchpoint emotion» está fuera de rango: debe estar entre -3 y 3" in text
        assert english not in text and "copia de seguridad" in text
    # The command line and scripts never set a language: the same refusal, in English.
    with pytest.raises(DamagedFileError, match=english):
        cxdesigner.open_project(path)
