"""The performance suite (bench/suite.py, ``make bench``) runs end to end at a tiny size; no number is judged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "bench" / "suite.py"
FIGURES = ("start", "open", "undo", "commit", "analysis", "analyze", "export", "drag", "memory", "save")


def test_suite_runs_every_figure_at_a_tiny_size(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env = {
        **os.environ,
        "TMPDIR": str(scratch),  # the suite's scratch folder: never /tmp
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
    }
    proc = subprocess.run(
        [sys.executable, str(SUITE), "--cards", "20", "--runs", "1", "--out", str(out)],
        capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["cards"] == 20 and data["runs"] == 1
    assert len(data["machine"]["load_average"]) == 3
    rows = data["figures"]
    assert {row["key"].split(".")[0] for row in rows} == set(FIGURES)
    # Drops between cells, not only within one stack, even in a map this small.
    assert {"drag.drop", "drag.drop_stage", "drag.drop_lane"} <= {row["key"] for row in rows}
    for row in rows:
        # A figure either has its value or says why it was skipped (no X server on this machine).
        assert row["value"] is not None or row["note"].startswith("skipped:"), row
        if row["value"] is not None and row["target"]:
            assert isinstance(row["holds"], bool), row
    printed = proc.stdout
    assert "figure" in printed and "floor" in printed and "ratio" in printed and "holds" in printed
    assert all(row["figure"] in printed for row in rows)
    assert list(scratch.iterdir()) == []  # the suite removed its scratch folder
