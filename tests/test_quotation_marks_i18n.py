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
