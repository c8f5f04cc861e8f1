"""Validate at the boundary: what a file or an import carries passes the model's rules before it is used.

What ``check`` accepts can be exported, edited and saved; what would break later (a lone surrogate, a
64-bit position, thousands of nested brackets, an index on an expression, a journey with thousands of
stages) is refused where it enters, with one clear line, and nothing the user had changes.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing

import pytest

import cxdesigner
from cxdesigner.document import commands as c
from cxdesigner.model import Change, Project, Stage, Touchpoint, ValidationError, limits
from cxdesigner.storage import InvalidFileError, store
from cxdesigner.storage.safeopen import verify_file


@pytest.fixture(scope="module")
def valid(tmp_path_factory):
    path = tmp_path_factory.mktemp("valid") / "valid.cxd"
    cxdesigner.new_project(path, template="support-call").close()
    return path


def spoiled(valid, tmp_path, *statements: str):
    path = tmp_path / "bad.cxd"
    shutil.copyfile(valid, path)
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        for st in statements:
            conn.execute(st)
    return path


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "value",
    ["broken \ud800 half", "\udfff", "ok then \udbff"],
)
def test_a_lone_surrogate_is_refused_in_every_kind_of_text(value):
    with pytest.raises(ValidationError, match="broken character"):
        Touchpoint(id="tp-1", journey_id="j", stage_id="s", lane_id="l", title=value)
    with pytest.raises(ValidationError, match="broken character"):
        Touchpoint(id="tp-1", journey_id="j", stage_id="s", lane_id="l", tags=("fine", value))
    with pytest.raises(ValidationError, match="broken character"):
        Touchpoint(id=f"tp-{value}", journey_id="j", stage_id="s", lane_id="l")


def test_text_that_is_odd_but_well_formed_is_kept():
    odd = "<b>x</b> $x$ &amp; 😀 שלום \x00 \x1b tab\t" + "x" * 10_000
    tp = Touchpoint(id="tp-1", journey_id="j", stage_id="s", lane_id="l", title=odd)
    assert tp.title == odd


def test_a_64_bit_position_is_refused_and_model_and_file_stay_together():
    doc = cxdesigner.new_project(None)
    try:
        j = doc.journeys()[0]
        st, ln = doc.project.stages(j.id)[0], doc.project.lanes(j.id)[0]
        a = doc.add_touchpoint(j.id, st.id, ln.id, "A")
        before = doc.project.snapshot()
        with pytest.raises(ValidationError, match="position"):
            doc.update_touchpoint(a, position=2**63 - 1)
        assert doc.project.snapshot() == before
        with closing(store.connect(doc.working_copy.path, read_only=True)) as conn:
            assert store.read_project(conn).snapshot() == before
        doc.save_as(doc.working_copy.folder.parent / "fine.cxd")  # the next save is whole
    finally:
        doc.close()


def test_thousands_of_nested_brackets_in_a_list_field_are_a_damaged_file(valid, tmp_path):
    nested = "[" * 5000 + "]" * 5000
    bad = spoiled(valid, tmp_path, f"UPDATE touchpoints SET tags = '{nested}'")
    before = digest(bad)
    with pytest.raises(InvalidFileError, match="tags"):
        verify_file(bad)
    assert digest(bad) == before


def test_a_lone_surrogate_in_a_stored_list_is_refused_on_open(valid, tmp_path):
    bad = spoiled(valid, tmp_path, """UPDATE touchpoints SET tags = '["\\ud800"]'""")
    with pytest.raises(InvalidFileError, match="broken character"):
        verify_file(bad)


def test_an_index_on_an_expression_is_refused_as_unsafe(valid, tmp_path):
    bad = spoiled(valid, tmp_path, "CREATE INDEX odd ON touchpoints (lower(title))")
    with pytest.raises(InvalidFileError, match="indexes"):
        verify_file(bad)


def test_a_journey_over_the_stage_limit_is_refused_before_loading(valid, tmp_path):
    with closing(sqlite3.connect(valid)) as conn:
        journey = conn.execute("SELECT id FROM journeys").fetchone()[0]
    rows = ", ".join(
        f"('st-x{i}', '{journey}', {100 + i}, 'S{i}', '', 'during')" for i in range(limits.MAX_STAGES)
    )
    bad = spoiled(valid, tmp_path, f"INSERT INTO stages (id, journey_id, position, name, key, phase) VALUES {rows}")
    with pytest.raises(InvalidFileError, match=f"more than a journey may hold \\({limits.MAX_STAGES}\\)"):
        verify_file(bad)


def test_the_limits_hold_for_every_change_too():
    project = Project()
    doc_entities = cxdesigner.new_project(None)
    try:
        j = doc_entities.journeys()[0]
        have = len(doc_entities.project.stages(j.id))
        extra = [
            Stage(id=f"st-more-{i}", journey_id=j.id, position=have + i, name=f"S{i}")
            for i in range(limits.MAX_STAGES - have + 1)
        ]
        before = doc_entities.project.snapshot()
        with pytest.raises(ValidationError, match="stages is more than a journey may hold"):
            doc_entities.execute(c.AddEntitiesCommand(extra, "Add stages"))
        assert doc_entities.project.snapshot() == before
        doc_entities.execute(c.AddEntitiesCommand(extra[:-1], "Add stages"))  # exactly at the limit is fine
    finally:
        doc_entities.close()
    assert project.journeys() == []
    with pytest.raises(ValidationError):
        project.apply([Change("stage", "st-1", None, Stage(id="st-1", journey_id="nowhere", position=0))])


def test_what_check_accepts_can_be_exported_edited_and_saved(valid, tmp_path):
    """Odd but valid text goes through every step after check."""
    path = tmp_path / "odd.cxd"
    shutil.copyfile(valid, path)
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("UPDATE touchpoints SET title = ? WHERE rowid = 1", ("nul \x00 esc \x1b 😀 שלום",))
    verify_file(path)
    doc = cxdesigner.open_project(path)
    try:
        tid = next(iter(doc.project.tables["touchpoint"]))
        doc.update_touchpoint(tid, description="edited")
        doc.save()
        from cxdesigner.exchange.projectjson import project_json
        from cxdesigner.exchange.touchpoints import touchpoints_csv_text

        assert "edited" in project_json(doc.project)
        assert touchpoints_csv_text(doc.project, doc.journeys()[0].id)
    finally:
        doc.close()
    verify_file(path)
