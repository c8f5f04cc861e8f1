"""Counts and sizes in refusals are written as the interface language writes numbers: 1.000.000 and 20,5 in Spanish."""

from __future__ import annotations

import pytest
from messagekit import english_after, refusal

import cxdesigner
from cxdesigner import i18n
from cxdesigner.document.states import CheckpointError, CreateCheckpointCommand
from cxdesigner.model import Touchpoint, limits

CARD = {"id": "tp1", "journey_id": "j1", "stage_id": "s1", "lane_id": "l1", "title": "A"}


in_lang = pytest.fixture(english_after, name="in_lang")


def test_fixed_keeps_its_decimals_in_each_language():
    assert i18n.translation("en").fixed(999.0) == "999.0"
    assert i18n.translation("es").fixed(999.0) == "999,0"
    assert i18n.translation("es").fixed(1_234_567.25, 2) == "1.234.567,25"
    assert i18n.translation("es").fixed(-0.04) == "0,0"


@pytest.mark.parametrize(
    ("lang", "length", "limit"), [("en", "1,000,001", "1,000,000"), ("es", "1.000.001", "1.000.000")]
)
def test_a_text_over_its_limit_counts_its_characters_in_the_language(in_lang, lang, length, limit):
    in_lang(lang)
    text = refusal(lambda: Touchpoint.from_dict({**CARD, "description": "x" * (limits.MAX_TEXT + 1)}))
    assert f"{length} " in text and f" {limit}" in text.partition(";")[2]  # then what to do (shorten it)


@pytest.mark.parametrize(("lang", "n", "limit"), [("en", "1,001", "1,000"), ("es", "1.001", "1.000")])
def test_a_list_over_its_limit_counts_its_items_in_the_language(in_lang, lang, n, limit):
    in_lang(lang)
    text = refusal(lambda: Touchpoint.from_dict({**CARD, "tags": ["t"] * (limits.MAX_LIST_ITEMS + 1)}))
    assert f" {n} " in text and f" {limit}" in text.partition(";")[2]


@pytest.mark.parametrize(("lang", "count", "limit"), [("en", "100,001", "(100,000)"), ("es", "100.001", "(100.000)")])
def test_a_table_over_its_limit_is_counted_in_the_language(in_lang, lang, count, limit):
    assert limits.TABLE_LIMITS["touchpoint"] == 100_000
    in_lang(lang)
    text = limits.over_limit("touchpoint", 100_001)
    assert text is not None and text.startswith(count) and limit in text


@pytest.mark.parametrize(("lang", "mb"), [("en", "(20.5 MB"), ("es", "(20,5 MB")])
def test_a_checkpoint_too_large_gives_its_size_with_the_languages_decimal_mark(in_lang, lang, mb):
    doc = cxdesigner.new_project(None, template="hotel")
    try:
        journey = doc.project.journeys()[0].id
        in_lang(lang)
        text = refusal(
            lambda: CreateCheckpointCommand(doc.project, journey, "big", data=b"x" * 20_500_000), CheckpointError
        )
    finally:
        doc.close()
    assert mb in text
