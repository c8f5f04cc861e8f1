"""A saved .cxd reads with the sqlite-utils command line, as docs/file-format.md promises."""

from __future__ import annotations

import json
import subprocess
import sys

import cxdesigner


def sqlite_utils(*args: str) -> list[dict]:
    proc = subprocess.run([sys.executable, "-m", "sqlite_utils", *args], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_sqlite_utils_lists_tables_and_rows_of_a_saved_project(tmp_path):
    path = tmp_path / "hotel.cxd"
    doc = cxdesigner.new_project(path, template="hotel")
    try:
        project = doc.project
        journey = project.journeys()[0]
        cards = project.touchpoints(journey.id)
        connections = project.connections(journey.id)
    finally:
        doc.close()
    before = path.read_bytes()
    counts = {t["table"]: t["count"] for t in sqlite_utils("tables", str(path), "--counts")}
    assert counts["touchpoints"] == len(cards) == 24
    assert counts["connections"] == len(connections)
    assert counts["journeys"] == 1 and counts["stages"] == len(project.stages(journey.id))
    rows = sqlite_utils("rows", str(path), "touchpoints")
    assert {r["id"]: r["title"] for r in rows} == {tp.id: tp.title for tp in cards}
    kinds = {r["id"]: r["kind"] for r in sqlite_utils("rows", str(path), "connections")}
    assert kinds == {c.id: c.kind for c in connections}
    assert path.read_bytes() == before  # reading changed nothing
