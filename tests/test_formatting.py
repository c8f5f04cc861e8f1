"""The files kept as ``ruff format`` writes them stay so (the rest of the tree is formatted by hand, see pyproject)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# One at a time, as a file is reformatted whole (with `# fmt: skip` where a table reads better by hand).
FORMATTED = ["cxdesigner/workshop/presentation.py"]


@pytest.mark.skipif(importlib.util.find_spec("ruff") is None, reason="ruff is a development dependency")
def test_the_formatted_files_stay_formatted():
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--diff", *FORMATTED],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
