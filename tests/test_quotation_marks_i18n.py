"""Spanish puts «…» around names and values everywhere: in the catalogue and in the findings that quote card titles."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

import cxdesigner
from cxdesigner.analysis.text import quoted
from cxdesigner.i18n import translation

PO = Path(__file__).resolve().parent.parent / "resources" / "translations" / "es.po"
# Quotation marks Spanish does not use here; an apostrophe inside a word is not a quotation mark.
OTHER_QUOTES = re.compile(r"[“”‘’]|(?<!\w)'|'(?!\w)")
# A message may name the double-quote character itself, as a CSV cell opens with it: (").
NAMED_CHARACTER = '(")'


def test_every_spanish_msgstr_quotes_with_angle_quotes():
    with PO.open("rb") as f:
        catalogue = read_po(f, locale="es")
    wrong = []
    for message in catalogue:
        if not message.id:
            continue
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in texts:
            plain = text.replace(NAMED_CHARACTER, "")
            if OTHER_QUOTES.search(plain) or '"' in plain or plain.count("«") != plain.count("»"):
                wrong.append(text)
    assert wrong == []


def test_quotes_follow_the_language():
    assert translation("en").quote("Lobby") == "“Lobby”"
    assert translation("es").quote("Lobby") == "«Lobby»"
    assert quoted("Waits in the lobby", "en") == "“Waits in the lobby”"
    assert quoted("Waits in the lobby", "es") == "«Waits in the lobby»"


def test_spanish_findings_quote_card_titles_with_angle_quotes():
    from cxdesigner.analysis import insights

    doc = cxdesigner.new_project(None, template="hotel")
    try:
        journey = doc.project.journeys()[0].id
        spanish = [f["text"] for f in insights(doc.project, journey, lang="es")]
        english = [f["text"] for f in insights(doc.project, journey, lang="en")]
    finally:
        doc.close()
    assert any(text.startswith("Mayor brecha: «") for text in spanish)
    assert not any("“" in text or "”" in text for text in spanish)
    assert any(text.startswith("Largest gap: “") for text in english)


# An ASCII quotation mark opens after a space or a bracket; an apostrophe follows a letter (the cards' channels).
ASCII_OPENING = re.compile(r"(?<!\w)'\S")
SOURCE = Path(cxdesigner.__file__).resolve().parent


def test_english_messages_quote_with_curly_quotes_as_the_language_does():
    with PO.open("rb") as f:
        catalogue = read_po(f, locale="es")
    wrong = []
    for message in catalogue:
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            if text and (ASCII_OPENING.search(text) or '"' in text.replace(NAMED_CHARACTER, "")):
                wrong.append(text)
    assert wrong == []


def test_no_message_puts_a_value_in_ascii_quotes():
    # '{value}' in a message, translated or not (the API's and the command line's own lines); an HTML
    # attribute (width='{w}') is no message.
    value_in_quotes = re.compile(r"(?<![=\w])'\{\w+\}'")
    wrong = [
        f"{path.relative_to(SOURCE)}:{n}"
        for path in sorted(SOURCE.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if value_in_quotes.search(line)
    ]
    assert wrong == []


def test_refusals_quote_the_value_in_the_language_of_the_interface():
    from cxdesigner import api, i18n
    from cxdesigner.exchange import mapexport
    from cxdesigner.model import ValidationError, jsonformat

    def refusal(call):
        try:
            call()
        except ValidationError as exc:
            return str(exc)
        raise AssertionError("not refused")

    assert refusal(lambda: api.new_project(None, lang="xx")) == "Unknown language “xx”: use en or es"
    assert refusal(lambda: jsonformat.from_data({"format": jsonformat.FORMAT_NAME})) == (
        "the JSON has no valid “version” field"
    )
    i18n.set_language("es")
    try:
        assert refusal(lambda: mapexport.plan_sheets(None, mapexport.MapOptions(paper="B9"))).startswith(
            "Papel desconocido «B9»: use"
        )
    finally:
        i18n.set_language("en")
