"""Imports, merges, exports and info grow linearly (or n log n) with their input: 1×, 10× and 100×.

    .venv/bin/python bench/bench_scaling.py [--quick]

For each family of issue 13 ("small input, huge cost") the same kind of input is made at three sizes,
the largest at the documented limits (docs/file-format.md), and timed as the command line runs it
(in-process, one run each after a warm-up). The table shows the time at each size and the growth:
10× the input may cost at most 15× the time, 100× at most 200×, and the largest under 10 s.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402

from cxdesigner.cli import main as cli  # noqa: E402
from cxdesigner.model import jsonformat  # noqa: E402


def _csv(path: Path, rows: int, stages: int, lanes: int) -> Path:
    lines = ["title;stage;lane;emotion"]
    lines += [f"Card {i};Stage {i % stages};Lane {i % lanes};{i % 7 - 3}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _mermaid(path: Path, tasks: int, sections: int) -> Path:
    lines = ["journey", "title Big"]
    per = max(1, tasks // sections)
    for i in range(tasks):
        if i % per == 0:
            lines.append(f"section Part {i // per}")
        lines.append(f"  Task {i}: {i % 5 + 1}: actor{i}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _project(path: Path, cards: int, journeys: int) -> Path:
    return generate.write(path, cards=cards, journeys=journeys)


def _json(path: Path, cards: int, journeys: int) -> Path:
    path.write_text(jsonformat.dumps(generate.generate(cards, journeys)), encoding="utf-8")
    return path


def family(folder: Path, name: str, make: Callable[[Path, int], Path], run: Callable[[Path, Path], int],
           sizes: tuple[int, ...]) -> list[float]:
    """The time of ``run`` on inputs made at each size (a fresh target project each time)."""
    times = []
    for k, size in enumerate(sizes):
        source = make(folder / f"{name}-{k}", size)
        target = folder / f"target-{name}-{k}.cxd"
        cli(["new", str(target), "--force"])
        start = time.perf_counter()
        code = run(source, target)
        times.append(time.perf_counter() - start)
        if code != 0:
            print(f"  {name} at {size}: exit {code}", file=sys.stderr)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="sizes 1/100 of the full run (checks the script runs)")
    args = parser.parse_args(argv)
    scale = 100 if args.quick else 1
    with tempfile.TemporaryDirectory(prefix="cxd-bench-") as tmp:
        folder = Path(tmp)
        os.environ["CXDESIGNER_DATA_DIR"] = str(folder / "data")

        def imp(fmt: str) -> Callable[[Path, Path], int]:
            return lambda source, target: cli(["import", str(target), str(source), "--format", fmt])

        families = [
            ("csv rows (1,000 → 100,000 cards)", lambda p, n: _csv(p.with_suffix(".csv"), n, 10, 5), imp("csv"),
             (1_000, 10_000, 100_000)),
            # The target journey already has 6 stages and 5 lanes: the largest size stays within the limits.
            ("csv stages (2 → 190 per journey)", lambda p, n: _csv(p.with_suffix(".csv"), n * 10, n, 3),
             imp("csv"), (2, 20, 190)),
            ("csv lanes (1 → 95 per journey)", lambda p, n: _csv(p.with_suffix(".csv"), n * 10, 3, n), imp("csv"),
             (1, 10, 95)),
            ("mermaid actors (1,000 → 100,000)", lambda p, n: _mermaid(p.with_suffix(".mmd"), n, 10), imp("mermaid"),
             (1_000, 10_000, 100_000)),
            ("mermaid sections (2 → 200)", lambda p, n: _mermaid(p.with_suffix(".mmd"), n * 5, n), imp("mermaid"),
             (2, 20, 200)),
            ("json journeys (19 → 1,999)", lambda p, n: _json(p.with_suffix(".json"), 10, n), imp("json"),
             (19, 199, 1_999)),
            ("merge .cxd journeys (19 → 1,999)", lambda p, n: _project(p.with_suffix(".cxd"), 10, n), imp("cxd"),
             (19, 199, 1_999)),
            ("info journeys (20 → 2,000)", lambda p, n: _project(p.with_suffix(".cxd"), 10, n),
             lambda source, target: cli(["info", str(source)]), (20, 200, 2_000)),
            ("export png (10 → 1,000 cards)", lambda p, n: _project(p.with_suffix(".cxd"), n, 1),
             lambda source, target: cli(["export", str(source), "--format", "png", "-o", str(target) + ".png"]),
             (10, 100, 1_000)),
        ]
        rows = []
        for name, make, run, sizes in families:
            sizes = tuple(max(1, s // scale) for s in sizes)
            with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):  # the commands' own output
                rows.append((name, family(folder, name.split(" (")[0].replace(" ", "-"), make, run, sizes)))
        print(f"{'family':44} {'1×':>8} {'10×':>8} {'100×':>8} {'10×/1×':>7} {'100×/1×':>8}  holds")
        ok = True
        for name, times in rows:
            g10, g100 = times[1] / times[0], times[2] / times[0]
            holds = g10 <= 15 and g100 <= 200 and times[2] < 10
            ok &= holds
            print(f"{name:44} {times[0]:8.2f} {times[1]:8.2f} {times[2]:8.2f} {g10:7.1f} {g100:8.1f}  "
                  f"{'yes' if holds else 'NO'}")
        print("all hold" if ok else "some do not hold (see docs/performance.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
