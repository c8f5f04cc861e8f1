"""Benchmark: analyse a generated 5,000-card journey and print how long each run takes (target < 1 s)."""

from __future__ import annotations

import argparse
import itertools
import json
import random
import time

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

    Cards sit in layers of about 50; each card leads to one to three cards of the next layer,
    some support cards loop back a few layers, a few long loops return to earlier stages, and
    about 1 % of cards have no next step. That gives astronomically many paths (the enumeration
    is always truncated) and a large strongly connected part (the worst case for loops).
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
    edges: set[tuple[str, str]] = set()
    for here, nxt in itertools.pairwise(layers):
        for v in here:
            if rng.random() < 0.01:
                continue  # a dead end
            for w in rng.sample(nxt, rng.randint(1, 3)):
                edges.add((v, w))
    for _ in range(cards // 100):
        i = rng.randrange(3, len(layers))
        j = max(0, i - rng.randint(1, 3))
        edges.add((rng.choice(layers[i]), rng.choice(layers[j])))
    for _ in range(5):
        i = rng.randrange(len(layers) // 2, len(layers))
        edges.add((rng.choice(layers[i]), rng.choice(layers[rng.randrange(1, len(layers) // 4)])))
    for k, (v, w) in enumerate(sorted(edges)):
        entities.append(Connection(f"cn-{k}", "jr-1", v, w))
    for k in range(2000):
        measure = rng.choice(["nps", "csat", "ces"])
        lo, hi = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}[measure]
        entities.append(Response(f"rs-{k}", f"tp-{rng.randrange(cards)}", measure=measure, score=rng.randint(lo, hi)))
    project = Project()
    project.load(ProjectInfo(), entities)
    return project, "jr-1"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    project, jid = make_journey(args.cards)
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        result = analyze(project, jid)
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    size = len(json.dumps(result))
    dump = time.perf_counter() - start
    p, g = result["paths"], result["graph"]
    print(
        f"{args.cards} cards, {result['journey']['connections']} connections: "
        f"{p['count']} paths (truncated={p['truncated']}, by {p['stopped_by']}), "
        f"{g['loops']['count']} loops (truncated={g['loops']['truncated']}), "
        f"{len(g['dead_ends'])} dead ends, {len(result['insights'])} findings, "
        f"betweenness {result['critical']['betweenness']['method']}"
    )
    print(f"analyze: best {min(times):.3f} s, worst {max(times):.3f} s over {args.runs} runs "
          f"(json.dumps {dump:.3f} s, {size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
