"""Time to refuse large bad files (goal: under 5 s) and to open a large good one.

    .venv/bin/python bench/bench_open.py [--touchpoints 50000]

Builds a large valid project with SQL (touchpoints with 1 KB descriptions, a chain of connections,
a 5 MB preview), then damaged and hostile variants of it, and times the safe opener on each.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import cxdesigner
from cxdesigner.storage import StorageError
from cxdesigner.storage.safeopen import verify_file

GOAL_S = 5.0


def build_large(path: Path, touchpoints: int) -> None:
    cxdesigner.new_project(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    j, s, ln = conn.execute(
        "SELECT j.id, s.id, l.id FROM journeys j JOIN stages s ON s.journey_id = j.id "
        "JOIN lanes l ON l.journey_id = j.id LIMIT 1"
    ).fetchone()
    conn.execute("BEGIN")
    conn.execute(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?) "
        "INSERT INTO touchpoints (id, journey_id, stage_id, lane_id, position, title, description) "
        "SELECT printf('tp-%08d', i), ?, ?, ?, i, printf('Touchpoint %d', i), printf('%.*c', 1000, 'd') FROM n",
        (touchpoints, j, s, ln),
    )
    conn.execute(
        "INSERT INTO connections (id, journey_id, source_id, target_id) "
        "SELECT printf('cn-%08d', position), journey_id, id, printf('tp-%08d', position + 1) "
        "FROM touchpoints WHERE position + 1 < ?",
        (touchpoints,),
    )
    conn.execute("INSERT INTO previews (journey_id, png) VALUES (?, zeroblob(5000000))", (j,))
    conn.execute("COMMIT")
    conn.close()


def _sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    for st in statements:
        conn.execute(st)
    conn.close()


def damage_last_leaf(path: Path) -> None:
    conn = sqlite3.connect(path)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    # The preview's 5 MB blob fills the last pages; the touchpoints' last leaves come just before it.
    blob_pages = 5_000_000 // size + 2
    with open(path, "r+b") as f:
        f.seek((pages - blob_pages - 30) * size + 8)
        f.write(os.urandom(64))


VARIANTS: dict[str, Callable[[Path], None]] = {
    "random bytes": lambda p: p.write_bytes(os.urandom(p.stat().st_size)),
    "cut in half": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "a trigger": lambda p: _sql(p, "CREATE TRIGGER t AFTER INSERT ON touchpoints BEGIN DELETE FROM personas; END"),
    "damaged page late in the file": damage_last_leaf,
    "invalid UTF-8 in the last row": lambda p: _sql(
        p, "UPDATE touchpoints SET notes = CAST(x'c328' AS TEXT) WHERE rowid = (SELECT max(rowid) FROM touchpoints)"
    ),
    "a value the model refuses, last row": lambda p: _sql(
        p, "UPDATE touchpoints SET emotion = 9 WHERE rowid = (SELECT max(rowid) FROM touchpoints)"
    ),
}


def timed(fn: Callable[[], object]) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        fn()
        outcome = "opened"
    except StorageError as exc:
        outcome = f"{type(exc).__name__}: {str(exc).split(': ', 1)[-1][:70]}"
    return time.perf_counter() - start, outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--touchpoints", type=int, default=50_000)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="cxd-bench-"))
    os.environ["CXDESIGNER_DATA_DIR"] = str(folder / "data")  # working copies, never the real data folder
    try:
        good = folder / "good.cxd"
        t = time.perf_counter()
        build_large(good, args.touchpoints)
        built = time.perf_counter() - t
        print(f"built {good.stat().st_size / 1e6:.0f} MB, {args.touchpoints} touchpoints in {built:.1f} s")

        def open_good() -> None:
            doc = cxdesigner.open_project(good)
            assert len(doc.project.tables["touchpoint"]) == args.touchpoints
            doc.close()

        seconds, outcome = timed(lambda: verify_file(good))
        print(f"{'check (verify_file)':38s} {seconds:6.2f} s  {outcome}")
        seconds, outcome = timed(open_good)
        print(f"{'open a large good project':38s} {seconds:6.2f} s  {outcome}")
        worst = 0.0
        for name, make in VARIANTS.items():
            bad = folder / "bad.cxd"
            shutil.copyfile(good, bad)
            make(bad)
            seconds, outcome = timed(lambda bad=bad: cxdesigner.open_project(bad).close())
            worst = max(worst, seconds)
            print(f"{'refuse: ' + name:38s} {seconds:6.2f} s  {outcome}")
        verdict = "met" if worst < GOAL_S else "MISSED"
        print(f"slowest refusal {worst:.2f} s (goal < {GOAL_S:.0f} s: {verdict})")
        return 0 if worst < GOAL_S else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
