"""Refusals that carried a library's English (JSON, codecs, expat, zipfile, strerror) say it in our words."""

from __future__ import annotations

import errno
import json

import pytest
from messagekit import english_after, refusal

import cxdesigner
from cxdesigner import i18n
from cxdesigner.exchange import drawio, images, tables
from cxdesigner.layout import clipboard

# What a refusal of the clipboard tells the person to do, in each language.
AGAIN = "; copy the cards again in CX Designer, then paste"
OTRA_VEZ = "; copie de nuevo las tarjetas en CX Designer y luego péguelas"


# Words of Python, expat, zipfile and the C library that a person must not meet in a Spanish sentence.
LIBRARY_WORDS = (
    "Expecting", "codec", "byte", "mismatched", "syntax error", "no element found", "magic", "zip file",
    "File is not", "No such file", "Permission denied", "Errno", "__init__", "keyword argument", "supported between",
)


in_lang = pytest.fixture(english_after, name="in_lang")


@pytest.fixture
def hotel():
    doc = cxdesigner.new_project(None, template="hotel")
    yield doc.project
    doc.close()


def assert_plain(text: str) -> None:
    assert not any(word in text for word in LIBRARY_WORDS), text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_clipboard_bytes_that_are_not_cards_are_told_in_our_words(in_lang, lang):
    in_lang(lang)
    not_utf8 = refusal(lambda: clipboard.decode_bytes(b"\xff\xfe{"))
    not_json = refusal(lambda: clipboard.decode_bytes(b"{not json"))
    card = {"fields": {"title": "A"}, "stage_index": 0, "lane_index": 0}
    data = {"format": clipboard.FORMAT, "version": clipboard.VERSION}
    for text in (not_utf8, not_json):
        assert_plain(text)
    if lang == "en":
        assert not_utf8 == "The clipboard's cards are damaged: their text is not UTF-8" + AGAIN
        assert not_json == "The clipboard's cards are damaged: their text is not valid JSON" + AGAIN
    else:
        assert not_utf8 == "Las tarjetas del portapapeles están dañadas: su texto no es UTF-8" + OTRA_VEZ
        assert not_json == "Las tarjetas del portapapeles están dañadas: su texto no es JSON válido" + OTRA_VEZ
    cards = [card] * (clipboard.MAX_CARDS + 1)
    too_many = refusal(lambda: clipboard.decode(json.dumps({**data, "touchpoints": cards})))
    limit = i18n.translation(lang).number(clipboard.MAX_CARDS)
    assert limit in too_many
    if lang == "es" and clipboard.MAX_CARDS >= 1000:
        assert "." in limit and "," not in limit


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_card_python_cannot_build_is_located_not_explained_in_python(in_lang, hotel, monkeypatch, lang):
    journey = hotel.journeys()[0].id
    card = {"fields": {"title": "A"}, "stage_index": 0, "lane_index": 0}
    data = clipboard.decode(json.dumps({"format": clipboard.FORMAT, "version": 1, "touchpoints": [card, card]}))
    built = clipboard.Touchpoint.from_dict

    def second_fails(fields):
        if fields["title"] == "A" and second_fails.calls:
            raise TypeError("'<=' not supported between instances of 'dict' and 'int'")
        second_fails.calls += 1
        return built(fields)

    second_fails.calls = 0
    monkeypatch.setattr(clipboard.Touchpoint, "from_dict", second_fails)
    in_lang(lang)
    text = refusal(lambda: clipboard.paste_entities(hotel, data, journey, None))
    assert_plain(text)
    if lang == "en":
        assert text == "The clipboard's cards are damaged (card 2 holds a value CX Designer cannot read)" + AGAIN
    else:
        assert text == (
            "Las tarjetas del portapapeles están dañadas (la tarjeta 2 tiene un valor que CX Designer no puede leer)"
            + OTRA_VEZ
        )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_broken_drawio_file_says_where_not_what_expat_calls_it(in_lang, lang):
    in_lang(lang)
    text = refusal(lambda: drawio.parse_drawio(b"<mxfile>\n  <diagram>\n</mxfile>", "bad.drawio"))
    assert_plain(text)
    if lang == "en":
        assert text == (
            "bad.drawio: not well-formed XML (at line 3, column 3); "
            "open it in draw.io and save it again, or choose another file"
        )
    else:
        assert text == (
            "bad.drawio: el XML no está bien formado (en la línea 3, columna 3); "
            "ábralo en draw.io y guárdelo de nuevo, o elija otro archivo"
        )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_workbook_that_is_no_zip_is_told_without_zipfiles_words(in_lang, tmp_path, lang):
    path = tmp_path / "book.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 60)
    in_lang(lang)
    text = refusal(lambda: tables.read_xlsx(path))
    assert_plain(text)
    if lang == "en":
        assert text == (
            "book.xlsx: not an Excel .xlsx workbook (it is not a readable ZIP archive, as an .xlsx file is); "
            "open it in your spreadsheet program and save it again as .xlsx or CSV"
        )
    else:
        assert text == (
            "book.xlsx: no es un libro de Excel .xlsx (no es un archivo ZIP legible, como lo es un archivo .xlsx); "
            "ábralo en su programa de hojas de cálculo y guárdelo de nuevo como .xlsx o CSV"
        )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_os_reason_is_in_the_interface_language(in_lang, tmp_path, lang):
    in_lang(lang)
    missing = refusal(lambda: images.load_picture(tmp_path / "gone.png"), images.ImageError)
    assert_plain(missing)
    if lang == "en":
        assert missing == "Cannot read gone.png: the file or folder does not exist"
    else:
        assert missing.endswith("gone.png: el archivo o la carpeta no existe")
    # Every errno is said in the language (the system's English was kept for a rarer one); one we have no
    # words for names its code.
    rare = OSError(errno.ENOTSUP, "Operation not supported")
    assert i18n.os_reason(rare) == {"en": "the disk or the system does not support it",
                                    "es": "el disco o el sistema no lo admiten"}[lang]  # fmt: skip
    assert i18n.os_reason(OSError(errno.ENOLINK, "Link has been severed")).endswith("(error ENOLINK)")
    no_errno = i18n.os_reason(OSError("no errno at all"))
    assert no_errno == {"en": "the system refused it", "es": "el sistema lo rechazó"}[lang]


def test_every_os_reason_is_translated():
    es = i18n.translation("es")
    for message in i18n._OS_REASONS.values():
        assert es.gettext(message) != message, message
