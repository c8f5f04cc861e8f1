"""Realistic generated projects for the benchmarks: every field filled, branches and loops, several journeys.

    python bench/generate.py OUT.cxd [--cards 5000] [--journeys 3] [--seed 1]

``generate(cards, ...)`` returns a Project: the first journey holds ``cards`` cards over stages and
lanes, with about 1.3 connections per card (the main path, alternative branches, failure paths
and loops back to support); the other journeys are small. Everything depends on the seed only.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from cxdesigner.model import (
    Change,
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

WORDS = (
    "check", "booking", "pay", "wait", "call", "read", "compare", "ask", "confirm", "receive", "cancel",
    "reschedule", "chat", "visit", "queue", "sign", "upload", "verify", "renew", "complain", "recommend",
    "review", "return", "deliver", "install", "activate", "explore", "register",
)
STAGES = [(t.key, phase) for t, phase in vocab.DEFAULT_STAGES] + [("", "after"), ("", "after")]
LANES = [*vocab.DEFAULT_LANES, "backstage", "notes"]


def _sentence(rng: random.Random, lo: int, hi: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi))).capitalize()


def _journey(rng: random.Random, position: int, cards: int, persona_id: str) -> list:
    j = Journey(
        id=f"jr-{position}", name=f"Journey {position + 1}", position=position, persona_id=persona_id,
        description=_sentence(rng, 8, 20),
    )
    out: list = [j]
    stages = [
        Stage(id=f"st-{position}-{i}", journey_id=j.id, position=i, key=key, name="" if key else f"Stage {i + 1}",
              phase=phase)
        for i, (key, phase) in enumerate(STAGES)
    ]
    lanes = [
        Lane(id=f"ln-{position}-{i}", journey_id=j.id, position=i, kind=kind, name=f"Lane {i + 1}")
        for i, kind in enumerate(LANES)
    ]
    out += stages + lanes
    channels = sorted(vocab.CHANNELS)
    counts: dict[tuple[str, str], int] = {}
    ids: list[str] = []
    for i in range(cards):
        st = stages[min(len(stages) - 1, i * len(stages) // max(1, cards))]
        ln = lanes[rng.randrange(len(lanes))]
        pos = counts.get((st.id, ln.id), 0)
        counts[(st.id, ln.id)] = pos + 1
        emotion = rng.choice([-3, -2, -1, 0, 1, 2, 3])
        tp = Touchpoint(
            id=f"tp-{position}-{i}", journey_id=j.id, stage_id=st.id, lane_id=ln.id, position=pos,
            title=f"{_sentence(rng, 2, 7)} {i}", description=_sentence(rng, 10, 30),
            channel=rng.choice(channels), expectation=_sentence(rng, 6, 16), experience=_sentence(rng, 6, 16),
            emotion=emotion, importance=rng.randint(1, 5), satisfaction=rng.randint(1, 5),
            pain_points=tuple(_sentence(rng, 3, 8) for _ in range(rng.randint(0, 2))),
            opportunities=tuple(_sentence(rng, 3, 8) for _ in range(rng.randint(0, 2))),
            moment_of_truth=rng.random() < 0.05,
            tags=tuple(rng.sample(["vip", "web", "staff", "policy", "quick-win"], rng.randint(0, 2))),
            notes=_sentence(rng, 0, 12),
        )
        out.append(tp)
        ids.append(tp.id)
    seen: set[tuple[str, str]] = set()

    def link(a: str, b: str, kind: str, label: str = "", share: float | None = None) -> None:
        if a != b and (a, b) not in seen:
            seen.add((a, b))
            out.append(Connection(id=f"cn-{position}-{len(seen)}", journey_id=j.id, source_id=a, target_id=b,
                                  kind=kind, label=label, share=share))

    for i in range(len(ids) - 1):  # the main path
        link(ids[i], ids[i + 1], "normal")
    for _ in range(int(0.3 * len(ids))):  # branches, failures and loops back
        a = rng.randrange(len(ids))
        r = rng.random()
        if r < 0.5 and a + 2 < len(ids):
            link(ids[a], ids[min(len(ids) - 1, a + rng.randint(2, 12))], "alternative", _sentence(rng, 1, 3), 30.0)
        elif r < 0.8 and a + 1 < len(ids):
            link(ids[a], ids[min(len(ids) - 1, a + rng.randint(1, 30))], "failure", "fails")
        elif a > 2:
            link(ids[a], ids[max(0, a - rng.randint(2, 40))], "loop_back", "again")
    for tp_id in rng.sample(ids, min(len(ids), cards // 10)):
        out.append(Response(id=f"rs-{tp_id}-n", touchpoint_id=tp_id, measure="nps", score=rng.randint(0, 10)))
        out.append(Response(id=f"rs-{tp_id}-c", touchpoint_id=tp_id, measure="csat", score=rng.randint(1, 5)))
    return out


def generate(cards: int = 5000, journeys: int = 3, seed: int = 1) -> Project:
    rng = random.Random(seed)
    project = Project(ProjectInfo(name=f"Generated {cards}", description="Benchmark project", lang="en"))
    entities: list = [
        Persona(id=f"ps-{i}", name=f"Persona {i + 1}", position=i, segment=_sentence(rng, 2, 5),
                goals=_sentence(rng, 5, 12), quote=_sentence(rng, 4, 10))
        for i in range(2)
    ]
    for k in range(journeys):
        entities += _journey(rng, k, cards if k == 0 else max(10, cards // 50), f"ps-{k % 2}")
    project.apply([Change(e.KIND, e.id, None, e) for e in entities], notify=False)
    return project


def write(path: Path, cards: int = 5000, journeys: int = 3, seed: int = 1) -> Path:
    """A saved .cxd of ``generate``'s project."""
    from cxdesigner.document import Document

    doc = Document.new(generate(cards, journeys, seed))
    try:
        doc.save_as(path)
    finally:
        doc.close()
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--journeys", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    write(args.out, args.cards, args.journeys, args.seed)
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
