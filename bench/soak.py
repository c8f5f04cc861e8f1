"""Long safety runs (not in make test): kills, publish faults, fuzzed project files, hostile imports, write faults.

    .venv/bin/python bench/soak.py [--kills 300] [--publish 20] [--mutants 10000] [--imports 3000]
                                   [--writes 1000] [--seed 1]

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


IMPORT_BUDGET_S = 10.0  # the worst an import of a small hostile file may take


def _mutate(data: bytes, rng: random.Random) -> bytes:
    """Flip, cut, repeat or insert bytes: what a damaged download or a malicious file looks like."""
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op, at = rng.random(), rng.randrange(max(1, len(b)))
        if op < 0.4 and b:
            b[at] = rng.randrange(256)
        elif op < 0.6:
            del b[at : at + rng.randint(1, 64)]
        elif op < 0.8:
            # a quote, brackets, NUL, a huge number, separators, a lone surrogate as CESU-8 bytes
            b[at:at] = rng.choice([b'"', b"[", b"{", b"\x00", b"9" * 400, b";", b"\n", b"\xed\xa0\x80"])
        else:
            b[at:at] = bytes(b[at : at + 40]) * rng.randint(2, 50)
    return bytes(b)


def soak_imports(n: int, seed: int) -> tuple[collections.Counter[str], float]:
    """Hostile and mutated spreadsheets, CSV, JSON and Mermaid through the import path: typed errors only."""
    sys.path.insert(0, str(ROOT / "tests"))
    import hostile

    import cxdesigner
    from cxdesigner.exchange import merge, mermaid, tables, touchpoints
    from cxdesigner.model import CXError, jsonformat

    rng = random.Random(seed)
    counts: collections.Counter[str] = collections.Counter()
    slowest = 0.0
    with Scratch() as folder:
        target = cxdesigner.new_project(None)
        seeds = {
            "xlsx": hostile.xlsx_valid(folder / "seed.xlsx").read_bytes(),
            "csv": b"title;stage;lane;emotion;importance\nCalls;Awareness;Touchpoints;-2;5\nReads;Use;Backstage;1;3\n",
            "json": jsonformat.dumps(cxdesigner.api.template_project("support-call")).encode(),
            "mmd": b"journey\ntitle T\nsection S\n  Task: 3: Ana, Luis\n",
        }
        makers = [m for m, _ in hostile.SPREADSHEETS.values()]
        for i in range(n):
            kind = rng.choice([*seeds, "corpus"])
            path = folder / f"in-{i % 10}.{'xlsx' if kind == 'corpus' else kind}"
            if kind == "corpus":
                rng.choice(makers)(path)
                path.write_bytes(_mutate(path.read_bytes(), rng) if rng.random() < 0.5 else path.read_bytes())
            else:
                path.write_bytes(_mutate(seeds[kind], rng))
            start = time.perf_counter()
            try:
                if kind in ("xlsx", "csv", "corpus"):
                    plan = touchpoints.check_table(tables.read_table(path))
                    if plan.rows:
                        touchpoints.plan_import(target.project, plan, skip_invalid=True)
                elif kind == "json":
                    merge.merge_journeys(target.project, merge.read_project_file(path))
                else:
                    mermaid.plan_mermaid_import(target.project, path.read_text("utf-8", "replace"), skip_invalid=True)
                outcome = "read"
            except CXError as exc:
                outcome = f"refused: {type(exc).__name__}"
            except Exception as exc:  # an untyped failure is a finding: keep the input that caused it
                keep = ROOT / "bench" / f"import-failure-{seed}-{i}{path.suffix}"
                shutil.copyfile(path, keep)
                raise SystemExit(f"import {i} ({kind}): {type(exc).__name__}: {exc} (kept as {keep})") from exc
            took = time.perf_counter() - start
            slowest = max(slowest, took)
            if took > IMPORT_BUDGET_S:
                raise SystemExit(f"import {i} ({kind}) took {took:.1f} s")
            counts[f"{kind}: {outcome}"] += 1
            if (i + 1) % 500 == 0:
                print(f"  imports: {i + 1}/{n}", flush=True)
        target.close()
    return counts, slowest


def soak_writes(n: int, seed: int) -> collections.Counter[str]:
    """A write failing at a random byte (a full disk): the previous file stays exactly, no temporary is left."""
    import errno

    from cxdesigner.storage import StorageError, atomic

    rng = random.Random(seed)
    counts: collections.Counter[str] = collections.Counter()
    real_write = os.write
    with Scratch() as folder:
        target = folder / "out.pdf"
        for i in range(n):
            old = os.urandom(rng.randint(0, 5000))
            target.write_bytes(old)
            new = os.urandom(rng.randint(1, 3_000_000))
            # Half the writes find room for every byte; the rest hit a full disk somewhere inside.
            budget = [len(new) + 1 if rng.random() < 0.5 else rng.randint(0, len(new))]

            def failing(fd: int, data: bytes, budget: list[int] = budget) -> int:
                if budget[0] <= 0:
                    raise OSError(errno.ENOSPC, "No space left on device")
                k = min(len(data), budget[0])
                budget[0] -= k
                return real_write(fd, bytes(data[:k]))

            os.write = failing  # type: ignore[assignment]
            try:
                atomic.write_bytes(target, new)
                outcome = "written whole"
            except StorageError:
                outcome = "refused, old file kept"
            finally:
                os.write = real_write  # type: ignore[assignment]
            now = target.read_bytes()
            if now not in (old, new) or (outcome.startswith("refused") and now != old):
                raise SystemExit(f"write {i}: the target is neither the old file nor the new one")
            if [p for p in folder.iterdir() if any(m in p.name for m in atomic.TEMP_MARKS)]:
                raise SystemExit(f"write {i}: a temporary was left")
            counts[outcome] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=300)
    parser.add_argument("--publish", type=int, default=20, help="kills per publish step")
    parser.add_argument("--mutants", type=int, default=10_000)
    parser.add_argument("--imports", type=int, default=3000, help="hostile and mutated import files")
    parser.add_argument("--writes", type=int, default=1000, help="writes failing at a random byte")
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
    t = time.perf_counter()
    imports, slowest_import = soak_imports(args.imports, args.seed)
    imports_s = time.perf_counter() - t
    t = time.perf_counter()
    writes = soak_writes(args.writes, args.seed)
    writes_s = time.perf_counter() - t

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
    print(f"hostile imports: {sum(imports.values())} in {imports_s:.0f} s, slowest {slowest_import:.2f} s, "
          "only typed errors or a clean read")
    for outcome, n in imports.most_common():
        print(f"  {n:5d}  {outcome}")
    print(f"failing writes: {sum(writes.values())} in {writes_s:.0f} s, target old or new, no temporary left")
    for outcome, n in writes.most_common():
        print(f"  {n:5d}  {outcome}")
    print(f"total {time.perf_counter() - started:.0f} s: no promise broken")
    return 0


if __name__ == "__main__":
    sys.exit(main())
