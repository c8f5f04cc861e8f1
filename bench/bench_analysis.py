"""Benchmark: the analysis of generated 5,000- and 20,000-card journeys, alone and as `analyze --json`.

    .venv/bin/python bench/bench_analysis.py [--cards 5000 20000] [--runs 3]

For each size it prints the best and worst time of ``analyze()`` itself, then runs
``cxdesigner info FILE --json`` and ``cxdesigner analyze FILE --json`` as whole processes on the
same journey saved to a temporary .cxd, and prints their best times and ratio (goal from
issue 14: analyze ≤ 1.3 × info, growing linearly with the cards). Nothing is asserted: the
numbers go into reports, the tests never time anything.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cxdesigner.analysis import analyze
from cxdesigner.model import (
    Connection,
    Journey,
    Lane,
    Persona,
    Project,
    ProjectInfo,
    Response,
    Stage,
    Touchpoint,
    vocab,
)


def make_journey(cards: int = 5000, seed: int = 1) -> tuple[Project, str]:
    """A big workshop map: six stages of layered, branching flows with loop-backs, dead ends and surveys.

    Cards sit in layers of about 50; each card leads to one to three cards of the next layer
    (mostly normal steps, some alternatives and failures), support cards loop back a few layers
    (marked "loop back"), a few long loops return to earlier stages without being marked, and
    about 1 % of cards have no next step. That gives astronomically many paths (the enumeration
    is always cut short) and, through the unmarked loops, a large strongly connected part.
    """
    rng = random.Random(seed)
    channels = list(vocab.CHANNELS)
    entities: list = [Persona("ps-1", name="Bench persona"), Journey("jr-1", name="Bench journey", persona_id="ps-1")]
    stages = [
        Stage(f"st-{i}", "jr-1", position=i, key=t.key, phase=ph) for i, (t, ph) in enumerate(vocab.DEFAULT_STAGES)
    ]
    lanes = [Lane(f"ln-{i}", "jr-1", position=i, kind=k) for i, k in enumerate(vocab.DEFAULT_LANES)]
    entities += stages + lanes
    layer_size = 50
    layers: list[list[str]] = []
    for n in range(cards):
        layer = n // layer_size
        if layer == len(layers):
            layers.append([])
        stage = stages[min(len(stages) - 1, layer * len(stages) * layer_size // cards)]
        tp_id = f"tp-{n}"
        layers[-1].append(tp_id)
        entities.append(Touchpoint(
            tp_id,
            "jr-1",
            stage.id,
            lanes[n % len(lanes)].id,
            position=n,
            title=f"Card {n}",
            channel=rng.choice(channels),
            emotion=rng.choice([None, -3, -2, -1, 0, 1, 2, 3]),
            importance=rng.randint(1, 5),
            satisfaction=rng.randint(1, 5),
            moment_of_truth=rng.random() < 0.02,
        ))
    edges: dict[tuple[str, str], str] = {}
    for here, nxt in itertools.pairwise(layers):
        for v in here:
            if rng.random() < 0.01:
                continue  # a dead end
            for w in rng.sample(nxt, rng.randint(1, 3)):
                edges[(v, w)] = rng.choices(["normal", "alternative", "failure"], [16, 3, 1])[0]
    for _ in range(cards // 100):
        i = rng.randrange(3, len(layers))
        j = max(0, i - rng.randint(1, 3))
        edges.setdefault((rng.choice(layers[i]), rng.choice(layers[j])), "loop_back")
    for _ in range(5):
        i = rng.randrange(len(layers) // 2, len(layers))
        edges.setdefault((rng.choice(layers[i]), rng.choice(layers[rng.randrange(1, len(layers) // 4)])), "normal")
    for k, ((v, w), kind) in enumerate(sorted(edges.items())):
        entities.append(Connection(f"cn-{k}", "jr-1", v, w, kind=kind))
    for k in range(2000):
        measure = rng.choice(["nps", "csat", "ces"])
        lo, hi = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}[measure]
        entities.append(Response(f"rs-{k}", f"tp-{rng.randrange(cards)}", measure=measure, score=rng.randint(lo, hi)))
    project = Project()
    project.load(ProjectInfo(), entities)
    return project, "jr-1"


def save(project: Project, path: Path) -> None:
    from cxdesigner.document import Document

    doc = Document.new(project)
    try:
        doc.save_as(path)
    finally:
        doc.close()


def best_process_time(args: list[str], env: dict[str, str], runs: int) -> tuple[float, int]:
    """Best wall time of ``python -m cxdesigner ARGS`` over ``runs`` runs, and the bytes it printed."""
    best, size = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "cxdesigner", *args], capture_output=True, env=env, check=True)
        best = min(best, time.perf_counter() - start)
        size = len(proc.stdout)
    return best, size


def bench(cards: int, runs: int) -> None:
    project, jid = make_journey(cards)
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = analyze(project, jid)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    p, g, c = result["paths"], result["graph"], result["critical"]
    print(
        f"{cards} cards, {result['journey']['connections']} connections: "
        f"{p['count']} paths (truncated={p['truncated']}, by {p['stopped_by']}, share {c['path_share_method']}), "
        f"{g['loops']['total']} unmarked loops, {len(g['returns'])} marked returns, "
        f"{len(g['dead_ends'])} dead ends, {len(result['insights'])} findings, "
        f"betweenness {c['betweenness']['method']} k={c['betweenness']['k']}"
    )
    # CPU time as well: on a shared machine the wall clock also counts other people's work.
    print(f"  analyze(): best {min(times):.3f} s, worst {max(times):.3f} s over {runs} runs "
          f"(CPU best {min(cpu):.3f} s)")
    with tempfile.TemporaryDirectory(prefix="cxd-bench-") as tmp:
        path = Path(tmp) / "bench.cxd"
        save(project, path)
        env = {**os.environ, "CXDESIGNER_DATA_DIR": str(Path(tmp) / "data")}
        info, _ = best_process_time(["info", str(path), "--json"], env, runs)
        whole, size = best_process_time(["analyze", str(path), "--json"], env, runs)
    print(f"  info --json {info:.2f} s, analyze --json {whole:.2f} s ({size / 1e6:.1f} MB): "
          f"{whole / info:.2f} × info (best of {runs})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for cards in args.cards:
        bench(cards, args.runs)


if __name__ == "__main__":
    main()
