"""Numbers in the languages we ship are written without babel's locale data, exactly as babel writes them."""

from __future__ import annotations

import decimal
import gettext
from collections.abc import Callable
from typing import Any

import pytest
from babel import numbers as babel_numbers
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cxdesigner import i18n

LANGS = sorted(i18n.LANGUAGES)


def babel_number(value: float, decimals: int, lang: str) -> str:
    """What ``Translator.number`` wrote when it asked babel for every number."""
    if isinstance(value, int) or float(value).is_integer():
        return babel_numbers.format_decimal(int(value), format="#,##0", locale=lang).replace("-", i18n.MINUS)
    text = babel_numbers.format_decimal(value, format="#,##0." + "0" * decimals, locale=lang)
    if text.lstrip("-").strip("0.,") == "":
        text = text.lstrip("-")
    return text.replace("-", i18n.MINUS)


def outcome(write: Callable[..., str], *args: Any, **kwargs: Any) -> tuple[str, str]:
    """The text written, or the error raised: babel cannot write a number of more than 28 digits."""
    try:
        return "text", write(*args, **kwargs)
    except decimal.InvalidOperation as exc:
        return "error", type(exc).__name__


def fresh(lang: str) -> i18n.Translator:
    # A translator of its own: the shared one keeps whole numbers already written.
    return i18n.Translator(lang, gettext.NullTranslations())


def test_the_fast_path_knows_only_shipped_languages() -> None:
    # A language without symbols there is written by babel itself: slower, never different.
    assert set(i18n._SYMBOLS) <= set(i18n.LANGUAGES)


# Scores, shares and means are small; counts and sizes grow; the rest are the edges of the fast path.
reals = st.one_of(
    st.floats(min_value=-10, max_value=10),
    st.floats(allow_nan=False, allow_infinity=False),
    st.decimals(min_value=-10**6, max_value=10**6, places=3).map(float),  # ties such as 0.25, 2.5
)
wholes = st.one_of(st.integers(-10**6, 10**6), st.integers(), st.integers(-10**15 - 2, -10**15 + 2),
                   st.integers(10**15 - 2, 10**15 + 2))


# Cheap examples: more than the profile's default, the fast path has many branches.
@settings(max_examples=300)
@given(value=st.one_of(reals, wholes), decimals=st.integers(0, 7))
@example(value=-0.04, decimals=1)
@example(value=0.05, decimals=1)
@example(value=0.15, decimals=1)
@example(value=1234567.25, decimals=1)
@example(value=999.96, decimals=1)
@example(value=-999999.95, decimals=1)
@example(value=1e15 - 0.5, decimals=1)
@example(value=5e-324, decimals=6)
def test_number_is_babels(value: float, decimals: int) -> None:
    for lang in LANGS:
        t = fresh(lang)
        assert outcome(t.number, value, decimals) == outcome(babel_number, value, decimals, lang)


@settings(max_examples=300)
@given(share=st.one_of(st.floats(0, 1), reals, st.decimals(0, 1, places=3).map(float)))
@example(share=0.005)
@example(share=0.015)
@example(share=0.025)
@example(share=-0.001)
@example(share=12.345)
@example(share=9999.995)
def test_percent_is_babels(share: float) -> None:
    for lang in LANGS:
        t = fresh(lang)
        assert outcome(t.percent, share) == outcome(babel_numbers.format_percent, share, locale=lang)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf"), 10**30, 1e300])
def test_what_the_fast_path_leaves_goes_to_babel(value: float) -> None:
    for lang in LANGS:
        t = fresh(lang)
        assert outcome(t.number, value) == outcome(babel_number, value, 1, lang)
        if value == value:
            assert outcome(t.percent, value) == outcome(babel_numbers.format_percent, value, locale=lang)


def test_the_languages_own_marks() -> None:
    assert fresh("en").number(-1234.56) == "\u22121,234.6"
    assert fresh("es").number(-1234.56) == "\u22121.234,6"
    assert fresh("es").percent(0.4) == "40\u00a0%"
    assert fresh("es").signed(0.04) == "0,0"
