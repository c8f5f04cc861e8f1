"""Byte-flip and truncation mutants of a valid project: a typed error or a valid open, nothing else."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import cxdesigner
from cxdesigner.storage import StorageError

PAGE = 4096
_VALID: dict[str, bytes] = {}


def valid_bytes() -> bytes:
    """A real project (hotel template), made once per test run."""
    if "hotel" not in _VALID:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "v.cxd"
            cxdesigner.new_project(path, template="hotel").close()
            _VALID["hotel"] = path.read_bytes()
    return _VALID["hotel"]


SIZE = len(valid_bytes())
# Flips land in the header, the first page (the schema) or anywhere, so every structure gets hit.
OFFSETS = st.one_of(st.integers(0, 99), st.integers(0, PAGE - 1), st.integers(0, SIZE - 1))
MUTANTS = st.tuples(
    st.lists(st.tuples(OFFSETS, st.integers(1, 255)), max_size=8),
    st.one_of(st.none(), st.integers(0, SIZE)),
)


def mutate(data: bytes, flips: list[tuple[int, int]], cut: int | None) -> bytes:
    out = bytearray(data)
    for offset, xor in flips:
        out[offset] ^= xor
    return bytes(out if cut is None else out[:cut])


def open_or_refuse(path: Path) -> str:
    """'opened' or the name of the typed error; anything else propagates and fails the test."""
    try:
        doc = cxdesigner.open_project(path)
    except StorageError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return type(exc).__name__
    doc.close()
    return "opened"


@pytest.mark.slow
@settings(max_examples=500)  # explicit: the ci profile's 40 is too few for a fuzz test
@given(MUTANTS)
def test_mutants_of_a_valid_project_open_or_are_refused_with_a_typed_error(tmp_path, mutant):
    flips, cut = mutant
    data = mutate(valid_bytes(), flips, cut)
    path = tmp_path / "mutant.cxd"
    path.write_bytes(data)
    before = hashlib.sha256(data).hexdigest()
    event(open_or_refuse(path))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "mutant.cxd"]
