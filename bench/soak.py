"""Long safety runs (not in make test): 300 kills, every publish fault step 20 times, 10,000 fuzz mutants.

    .venv/bin/python bench/soak.py [--kills 300] [--publish 20] [--mutants 10000] [--seed 1]

Each run is the suite's own check (tests/test_safety_kill.py, tests/test_safety_fuzz.py), many more
times; any broken promise stops the soak with its seed. The last lines are the counts.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Scratch:
    """A fresh folder and data folder per run, removed afterwards."""

    def __enter__(self) -> Path:
        self.folder = Path(tempfile.mkdtemp(prefix="cxd-soak-"))
        (self.folder / "data").mkdir()
        os.environ["CXDESIGNER_DATA_DIR"] = str(self.folder / "data")
        (self.folder / "run").mkdir()
        return self.folder / "run"

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def soak_kills(kill: ModuleType, n: int, seed: int) -> collections.Counter[str]:
    counts: collections.Counter[str] = collections.Counter()
    for i in range(n):
        case = seed * 100_000 + i
        with Scratch() as folder:
            try:
                counts[kill.check_kill(folder, case)] += 1
            except AssertionError as exc:
                raise SystemExit(f"kill {i} (seed {case}) broke a promise:\n{traceback.format_exc()}") from exc
        if (i + 1) % 50 == 0:
            print(f"  kills: {i + 1}/{n}", flush=True)
    return counts


def soak_publish(kill: ModuleType, per_step: int) -> collections.Counter[str]:
    from cxdesigner.storage.session import PUBLISH_STEPS

    counts: collections.Counter[str] = collections.Counter()
    for step in PUBLISH_STEPS:
        for i in range(per_step):
            mode = ("save", "save_as_elsewhere")[i % 2]
            with Scratch() as folder:
                try:
                    outcome = kill.check_publish_kill(folder, step, mode)
                except AssertionError as exc:
                    raise SystemExit(
                        f"publish kill at {step} ({mode}, run {i}) broke a promise:\n{traceback.format_exc()}"
                    ) from exc
            counts[f"{step}: target {outcome}"] += 1
        print(f"  publish step {step}: {per_step} kills", flush=True)
    return counts


def soak_fuzz(fuzz: ModuleType, n: int, seed: int) -> tuple[collections.Counter[str], float]:
    rng = random.Random(seed)
    data = fuzz.valid_bytes()
    size = len(data)
    counts: collections.Counter[str] = collections.Counter()
    slowest = 0.0
    with Scratch() as folder:
        path = folder / "mutant.cxd"
        for i in range(n):
            flips = []
            for _ in range(rng.randint(0, 8)):
                region = rng.choice((100, fuzz.PAGE, size))
                flips.append((rng.randrange(region), rng.randint(1, 255)))
            cut = rng.randrange(size + 1) if rng.random() < 0.2 else None
            mutant = fuzz.mutate(data, flips, cut)
            path.write_bytes(mutant)
            start = time.perf_counter()
            try:
                outcome = fuzz.open_or_refuse(path)
            except Exception as exc:  # any untyped failure is a finding: keep the mutant that caused it
                keep = ROOT / "bench" / f"fuzz-failure-{seed}-{i}.cxd"
                keep.write_bytes(mutant)
                raise SystemExit(f"mutant {i}: {type(exc).__name__}: {exc} (kept as {keep})") from exc
            slowest = max(slowest, time.perf_counter() - start)
            if path.read_bytes() != mutant:
                raise SystemExit(f"mutant {i}: the source file was changed")
            counts[outcome] += 1
            if (i + 1) % 2000 == 0:
                print(f"  mutants: {i + 1}/{n}", flush=True)
    return counts, slowest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=300)
    parser.add_argument("--publish", type=int, default=20, help="kills per publish step")
    parser.add_argument("--mutants", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "tests"))
    kill, fuzz = _load("test_safety_kill"), _load("test_safety_fuzz")

    started = time.perf_counter()
    t = time.perf_counter()
    kills = soak_kills(kill, args.kills, args.seed)
    kill_s = time.perf_counter() - t
    t = time.perf_counter()
    publish = soak_publish(kill, args.publish)
    publish_s = time.perf_counter() - t
    t = time.perf_counter()
    mutants, slowest = soak_fuzz(fuzz, args.mutants, args.seed)
    fuzz_s = time.perf_counter() - t

    print(f"\nkills: {sum(kills.values())} in {kill_s:.0f} s, every one recovered with integrity ok")
    for outcome, n in sorted(kills.items()):
        print(f"  {n:5d}  {outcome}")
    print(f"publish faults: {sum(publish.values())} in {publish_s:.0f} s, target old or new, no temporary left")
    for outcome, n in publish.items():
        print(f"  {n:5d}  {outcome}")
    print(f"fuzz mutants: {sum(mutants.values())} in {fuzz_s:.0f} s, slowest open {slowest * 1000:.0f} ms, "
          "only typed errors or a valid open")
    for outcome, n in mutants.most_common():
        print(f"  {n:5d}  {outcome}")
    print(f"total {time.perf_counter() - started:.0f} s: no promise broken")
    return 0


if __name__ == "__main__":
    sys.exit(main())
