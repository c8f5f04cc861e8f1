"""Every format's fixture opens; newer formats are refused naming both versions; older ones migrate."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import struct
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import cxdesigner
from cxdesigner.model import jsonformat
from cxdesigner.storage import FORMAT_VERSION, NewerFormatError, schema
from cxdesigner.storage.safeopen import verify_file

if TYPE_CHECKING:
    from sqlite_utils import Database

FIXTURES = Path(__file__).parent / "fixtures"
FORMATS = sorted(FIXTURES.glob("format-*.cxd"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_there_is_a_fixture_for_the_current_format():
    assert FIXTURES / f"format-{FORMAT_VERSION}.cxd" in FORMATS


@pytest.mark.parametrize("fixture", FORMATS, ids=lambda p: p.name)
def test_every_format_fixture_opens_with_all_its_content(fixture, tmp_path):
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    before = digest(path)
    expected = jsonformat.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    doc = cxdesigner.open_project(path)
    try:
        assert doc.project.snapshot() == expected.snapshot()
        assert doc.project.info.name == "Hotel <b>Sol</b> & Mar"  # stored and shown as typed
    finally:
        doc.close()
    assert digest(path) == before


def test_a_newer_format_is_refused_naming_both_versions_and_left_unchanged(tmp_path):
    path = tmp_path / "newer.cxd"
    shutil.copyfile(FIXTURES / f"format-{FORMAT_VERSION}.cxd", path)
    with open(path, "r+b") as f:
        f.seek(60)  # PRAGMA user_version lives here in the header
        f.write(struct.pack(">I", FORMAT_VERSION + 1))
    before = digest(path)
    for opener in (cxdesigner.open_project, verify_file):
        with pytest.raises(NewerFormatError) as caught:
            opener(path)
        message = str(caught.value)
        assert f"format {FORMAT_VERSION + 1}" in message
        assert f"reads up to {FORMAT_VERSION}" in message and "Update CX Designer" in message
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "newer.cxd"]


def test_an_older_format_is_migrated_in_the_working_copy_after_a_backup(tmp_path, monkeypatch):
    """Pretend this version reads format 2, which adds an index: format 1 files must migrate."""
    path = tmp_path / "old.cxd"
    shutil.copyfile(FIXTURES / "format-1.cxd", path)
    before = digest(path)

    def add_stage_index(db: Database) -> None:
        db.execute('CREATE INDEX "idx_touchpoints_stage_id" ON "touchpoints" (stage_id)')
        db.execute("PRAGMA user_version = 2")

    monkeypatch.setattr(schema, "FORMAT_VERSION", 2)
    indexes = [*schema.INDEXES_V1, ("touchpoints", ("stage_id",), 0)]
    monkeypatch.setitem(schema.EXPECTED, 2, (schema.TABLES_V1, indexes))
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, ("0002_stage_index", add_stage_index)])

    doc = cxdesigner.open_project(path)
    try:
        assert any("Upgraded from format 1 to 2" in note for note in doc.notes)
        assert doc.modified, "migrated work is unsaved until saved"
        backup = next(doc.working_copy.folder.glob("before-migration-v1.cxd"))
        assert digest(backup) == before
        assert digest(path) == before, "the user's file stays as it was until they save"
        doc.save()
        assert not doc.modified
    finally:
        doc.close()
    assert verify_file(path).user_version == 2
    conn = sqlite3.connect(path)
    assert [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")] == [
        "0001_initial",
        "0002_stage_index",
    ]
    conn.close()
