"""A refused paste, the Inspector's undo step for several cards, the values a field allows: in the window's language."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from editor_helpers import hotel_editor
from messagekit import is_marked, raises_in
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

import cxdesigner
from cxdesigner import qti18n
from cxdesigner.document import Selection, commands
from cxdesigner.layout import clipboard
from cxdesigner.model import ValidationError
from cxdesigner.panels.inspector import InspectorWidget
from cxdesigner.qtcommands import UndoStack

# What a refusal of the clipboard tells the person to do, in each language.
AGAIN = "; copy the cards again in CX Designer, then paste"
OTRA_VEZ = "; copie de nuevo las tarjetas en CX Designer y luego péguelas"


LAYOUT = Path(__file__).resolve().parent.parent / "cxdesigner" / "layout"


@pytest.fixture
def editor(qtbot):
    yield from hotel_editor(qtbot)


def pasted(editor, lang: str, data: dict) -> str:
    mime = QMimeData()
    mime.setData(clipboard.MIME_TYPE, json.dumps(data).encode("utf-8"))
    QGuiApplication.clipboard().setMimeData(mime)
    qti18n.apply(lang)
    try:
        assert editor.paste() == []
    finally:
        qti18n.apply("en")
    return editor.errors[-1]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_refused_paste_is_told_in_the_interface_language(editor, lang):
    other = pasted(editor, lang, {"format": "something else"})
    newer = pasted(editor, lang, {"format": clipboard.FORMAT, "version": clipboard.VERSION + 1})
    damaged = pasted(editor, lang, {"format": clipboard.FORMAT, "version": 1, "touchpoints": {}})
    if lang == "en":
        assert other == "Cannot paste: The clipboard does not hold CX Designer cards" + AGAIN
        assert newer == "Cannot paste: The cards come from a newer CX Designer: update CX Designer to paste them"
        assert damaged == "Cannot paste: The clipboard's cards are damaged (“touchpoints” is not a list)" + AGAIN
    else:
        assert other == "No se puede pegar: El portapapeles no contiene tarjetas de CX Designer" + OTRA_VEZ
        assert newer == (
            "No se puede pegar: Las tarjetas vienen de un CX Designer más reciente: actualice CX Designer para pegarlas"
        )
        assert damaged == (
            "No se puede pegar: Las tarjetas del portapapeles están dañadas («touchpoints» no es una lista)"
            + OTRA_VEZ
        )
    assert editor.doc.stack.undo_text() == ""


def test_every_refusal_of_the_layout_comes_from_the_catalogue():
    found = [
        (f"{path.name}:{node.lineno}", is_marked(call.args[0], names))
        for path, node, call, names in raises_in(LAYOUT)
    ]
    assert len(found) >= 10
    assert [where for where, marked in found if not marked] == []


@pytest.fixture
def inspector(qtbot):
    doc = cxdesigner.new_project(None)
    journey = doc.project.journeys()[0]
    stages, lanes = doc.project.stages(journey.id), doc.project.lanes(journey.id)
    a = doc.add_touchpoint(journey.id, stages[0].id, lanes[1].id, "Sees an advert")
    b = doc.add_touchpoint(journey.id, stages[1].id, lanes[1].id, "Calls", pain_points=("slow",))
    doc.stack.clear()
    stack = UndoStack(doc)
    selection = Selection()
    selection.set_journey(journey.id)
    widget = InspectorWidget(doc, stack, selection)
    qtbot.addWidget(widget)
    yield SimpleNamespace(doc=doc, a=a, b=b, sel=selection, w=widget)
    doc.close()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_pain_point_added_to_cards_with_their_own_names_the_field_as_other_edits_do(inspector, lang):
    qti18n.apply(lang)
    try:
        inspector.sel.select([inspector.a])
        inspector.w.fields["pain_points"].item_added.emit("far")  # one card: one update of the field
        alone = inspector.doc.stack.undo_text()
        inspector.sel.select([inspector.a, inspector.b])
        inspector.w.fields["pain_points"].item_added.emit("no parking")  # each card's own list: one step per card
        each = inspector.doc.stack.undo_text()
    finally:
        qti18n.apply("en")
    project = inspector.doc.project
    assert project.get("touchpoint", inspector.b).pain_points == ("slow", "no parking")
    assert project.get("touchpoint", inspector.a).pain_points == ("far", "no parking")
    expected = "Change pain points" if lang == "en" else "Cambiar puntos de dolor"
    assert alone == each == expected


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_value_not_allowed_lists_the_keys_in_english_and_the_labels_in_spanish(qtbot, lang):
    """English keeps the keys: what a JSON file, a script or the command line (always English) writes."""
    doc = cxdesigner.new_project(None, template="hotel")
    try:
        connection = doc.project.connections(doc.project.journeys()[0].id)[0]
        qti18n.apply(lang)
        try:
            with pytest.raises(ValidationError) as caught:
                doc.execute(commands.UpdateConnectionCommand(connection.id, kind="sideways"))
        finally:
            qti18n.apply("en")
    finally:
        doc.close()
    if lang == "en":
        assert str(caught.value) == "Connection kind “sideways” is not one of: normal, alternative, failure, loop_back"
    else:
        assert str(caught.value) == (
            "El valor «sideways» del campo «Tipo» no es ninguno de estos: Normal, Alternativa, Fallo, Vuelta atrás"
        )
