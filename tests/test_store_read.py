"""Reading rows into entities: the quick way fills a record directly and still runs every rule of the model."""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxdesigner.model import Connection, Touchpoint, ValidationError, limits
from cxdesigner.storage import store
from cxdesigner.storage.errors import DamagedFileError

CARD = Touchpoint("tp-1", "j", "s", "l", position=3, title="Pay", emotion=-2, pain_points=("slow",), tags=("a", "b"),
                  csat=71.5, moment_of_truth=True)
STEP = Connection("c-1", "j", "tp-1", "tp-2", label="then", kind="failure", share=12.5)


def row_of(entity: Any) -> tuple[tuple[str, ...], list[Any]]:
    names, values = store.encode_values(entity)
    return tuple(names), list(values)


@pytest.mark.parametrize("entity", [CARD, STEP])
def test_a_row_reads_back_as_the_same_record(entity):
    names, values = row_of(entity)
    got = store.decode_row(entity.KIND, names, values)
    assert got == entity and type(got) is type(entity) and hash(got) == hash(entity)
    assert dataclasses.replace(got, id="other").id == "other"  # an ordinary record in every way
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.id = "x"  # type: ignore[misc]
    # Columns in another order, or a dict of them, give the same record.
    assert store.decode_row(entity.KIND, names[::-1], values[::-1]) == entity
    assert store.decode(entity.KIND, dict(zip(names, values))) == entity


@pytest.mark.parametrize(
    ("entity", "field", "value"),
    [
        (CARD, "emotion", 4),
        (CARD, "emotion", "−1"),
        (CARD, "position", -1),
        (CARD, "title", "x" * (limits.MAX_TEXT + 1)),
        (CARD, "category", "gossip"),
        (CARD, "csat", math.nan),
        (CARD, "id", ""),
        (CARD, "emotion_words", '["not-a-word"]'),
        (CARD, "tags", '["\\ud800"]'),  # a lone surrogate written as a JSON escape
        (CARD, "tags", "[1, 2]"),
        (STEP, "kind", "teleport"),
        (STEP, "share", math.nan),
        (STEP, "share", 101.0),
        (STEP, "source_id", ""),
        (STEP, "label", "\ud800"),
        (STEP, "id", "x" * 201),
    ],
)
def test_a_value_the_model_refuses_makes_the_row_damaged(entity, field, value):
    names, values = row_of(entity)
    values[names.index(field)] = value
    with pytest.raises(DamagedFileError):
        store.decode_row(entity.KIND, names, values)


texts = st.one_of(st.text(max_size=5), st.just(""), st.just("x" * 201), st.just("\ud800"), st.just("a\udfffb"))
anything = st.one_of(texts, st.none(), st.booleans(), st.integers(-5, 200), st.floats(allow_nan=True))
kinds = st.one_of(st.sampled_from(["normal", "failure", "x"]), anything)


@settings(max_examples=300)
@given(st.tuples(texts, texts, texts, texts), anything, kinds, anything)
def test_the_quick_connection_check_passes_only_what_the_full_checks_pass(ids, label, kind, share):
    fields = dict(zip(("id", "journey_id", "source_id", "target_id"), ids), label=label, kind=kind, share=share)
    record = object.__new__(Connection)
    record.__dict__.update(fields)
    if not record._plainly_valid():
        return
    try:
        Connection(**fields)
    except (ValidationError, TypeError) as exc:
        pytest.fail(f"the quick check passed what the full checks refuse: {exc}")


@pytest.mark.parametrize(
    "raw",
    ['["a", "b"]', ' ["a"] ', '["a"]x', '["a"', "[", "", "1", '{"a": 1}', '["\\u00e9"]', "[" * 50_000 + "]" * 50_000,
     '["a"]\n', "[NaN]", '["a",]', "\u00a0[]"],
)
def test_a_list_column_reads_as_json_loads_reads_it(raw):
    try:
        expected = json.loads(raw)
    except (ValueError, RecursionError):
        expected = None
    assert store._json_list(raw) == expected


scores = st.one_of(st.none(), st.booleans(), st.integers(-120, 120), st.floats(allow_nan=True), texts)
emotion_words = st.lists(st.one_of(st.sampled_from(["joy", "trust", "not-a-word", ""]), texts), max_size=3)


@settings(max_examples=300)
@given(st.tuples(scores, scores, scores, scores, scores, scores), emotion_words, scores)
def test_the_quick_card_check_passes_only_what_the_full_checks_pass(values, words, csat):
    names = ("emotion", "emotional_weight", "importance", "satisfaction", "nps", "effort")
    fields = {f.name: getattr(CARD, f.name) for f in dataclasses.fields(Touchpoint)}
    fields.update(zip(names, values), emotion_words=tuple(words), csat=csat)
    record = object.__new__(Touchpoint)
    record.__dict__.update(fields)
    if not record._plainly_valid():
        return
    try:
        Touchpoint(**fields)
    except (ValidationError, TypeError) as exc:
        pytest.fail(f"the quick check passed what the full checks refuse: {exc}")


def test_the_quick_card_check_passes_the_cards_the_model_takes():
    for emotion in (None, -3, 0, 3):
        for nps in (None, -100, 100):
            card = dataclasses.replace(CARD, emotion=emotion, nps=nps, effort=7, importance=1, emotional_weight=100)
            assert card._plainly_valid()
    assert dataclasses.replace(CARD, emotion_words=("joy", "trust"))._plainly_valid()
