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


def test_format_1_is_migrated_in_the_working_copy_after_a_backup_keeping_every_field(tmp_path):
    """Format 1's bare vote numbers become an ended voting session; every other field stays as it was."""
    path = tmp_path / "old.cxd"
    shutil.copyfile(FIXTURES / "format-1.cxd", path)
    before = digest(path)
    with sqlite3.connect(FIXTURES / "format-1.cxd") as old:
        old_votes = dict(old.execute("SELECT id, votes FROM touchpoints WHERE votes > 0").fetchall())
        old_cards = old.execute("SELECT count(*) FROM touchpoints").fetchone()[0]
    old.close()
    assert old_votes, "the fixture has votes to migrate"
    doc = cxdesigner.open_project(path)
    try:
        assert any(f"Upgraded from format 1 to {FORMAT_VERSION}" in note for note in doc.notes)
        assert doc.modified, "migrated work is unsaved until saved"
        backup = next(doc.working_copy.folder.glob("before-migration-v1.cxd"))
        assert digest(backup) == before
        assert digest(path) == before, "the user's file stays as it was until they save"
        project = doc.project
        assert len(project.tables["touchpoint"]) == old_cards
        assert {tid: project.shown_votes(tid) for tid in old_votes} == old_votes
        (session,) = [s for j in project.journeys() for s in project.vote_sessions(j.id)]
        assert session.state == "ended" and session.revealed
        assert project.participants()[0].name == "Votos anteriores", "named in the project's language (es)"
        assert all(not tp.inbox for tp in project.tables["touchpoint"].values())
        assert all(j.phase_during == "" for j in project.journeys())
        doc.save()
        assert not doc.modified
    finally:
        doc.close()
    assert verify_file(path).user_version == FORMAT_VERSION
    conn = sqlite3.connect(path)
    assert [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")] == [
        name for name, _fn in schema.MIGRATIONS
    ]
    assert "votes" not in {r[1] for r in conn.execute("PRAGMA table_info(touchpoints)")}
    conn.close()


def test_a_later_format_would_migrate_the_same_way(tmp_path, monkeypatch):
    """Pretend this version reads a format 3 that adds an index: today's files must migrate to it."""
    path = tmp_path / "now.cxd"
    shutil.copyfile(FIXTURES / f"format-{FORMAT_VERSION}.cxd", path)

    def add_stage_index(db: Database) -> None:
        db.execute('CREATE INDEX "idx_touchpoints_stage_id" ON "touchpoints" (stage_id)')
        db.execute(f"PRAGMA user_version = {FORMAT_VERSION + 1}")

    tables, indexes = schema.EXPECTED[FORMAT_VERSION]
    monkeypatch.setattr(schema, "FORMAT_VERSION", FORMAT_VERSION + 1)
    monkeypatch.setitem(schema.EXPECTED, FORMAT_VERSION + 1, (tables, [*indexes, ("touchpoints", ("stage_id",), 0)]))
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, ("0099_stage_index", add_stage_index)])
    doc = cxdesigner.open_project(path)
    try:
        assert any(f"Upgraded from format {FORMAT_VERSION} to {FORMAT_VERSION + 1}" in n for n in doc.notes)
        doc.save()
    finally:
        doc.close()
    assert verify_file(path).user_version == FORMAT_VERSION + 1
