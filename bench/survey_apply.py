"""The UI thread's part of applying a survey import of N answers into a generated 5,000-card project.

    python bench/survey_apply.py --answers 1000000 [--cards 5000] [--runs 1]

The answers are made as the survey import makes them (one ``Response`` each, matched to a card of
the first journey, seeded); the command's change set is worked out first, as the import's worker
does. Printed per run: the UI thread's CPU (``time.thread_time``) and wall time of the import's
push, of its undo and of its redo; with ``--staged``, each step worked out first as a worker does
(``Document.stage_work``, timed apart) and then taken over (``Document.commit_staged``).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

from cxdesigner.document import Document
from cxdesigner.exchange.survey import SurveyImport
from cxdesigner.model import Response, new_id
from cxdesigner.model.entities import SURVEY_RANGES


def answers(doc: Document, n: int, seed: int = 1) -> SurveyImport:
    rng = random.Random(seed)
    cards = [tp.id for tp in doc.project.touchpoints(doc.project.journeys()[0].id)]
    measures = sorted(SURVEY_RANGES)
    out = SurveyImport()
    for _ in range(n):
        m = rng.choice(measures)
        lo, hi = SURVEY_RANGES[m]
        out.responses.append(Response(id=new_id("rs"), touchpoint_id=rng.choice(cards), measure=m,
                                      score=rng.randint(lo, hi), date="2026-12-01", comment="ok"))
    return out


def timed(fn):  # type: ignore[no-untyped-def]
    c0, w0, p0 = time.thread_time(), time.perf_counter(), time.process_time()
    value = fn()
    return value, time.thread_time() - c0, time.perf_counter() - w0, time.process_time() - p0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--staged", action="store_true", help="through Document.stage_work and commit_staged")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="cxd-survey42-bench-", dir="/tmp"))
    path = generate.write(folder / "p.cxd", args.cards)
    for _ in range(args.runs):
        doc = Document.open(path)
        try:
            plan = answers(doc, args.answers)
            cmd = plan.command()
            for action in ("do", "undo", "redo"):
                if args.staged:
                    # The worker's part (WorkingCopy.stage, the detached project), then the UI thread's.
                    work, ui0, wall0, _ = timed(lambda: doc.stage_work(cmd, action))  # noqa: B023
                    step, _, wall_w, cpu_w = timed(lambda: work(None))  # noqa: B023
                    _, ui, wall, _ = timed(lambda: doc.commit_staged(step))  # noqa: B023
                    ui, wall = ui + ui0, wall + wall0
                    print(f"{action:6} UI thread {ui:6.2f} s  wall {wall:6.2f} s  (worker: wall {wall_w:6.2f} s,"
                          f" CPU {cpu_w:6.2f} s)", flush=True)
                    continue
                if action == "do":
                    cmd.prepare(doc.project.detached_copy())  # the worker's part before the change
                    fn = lambda: doc.execute(cmd)  # noqa: E731, B023
                else:
                    fn = doc.undo if action == "undo" else doc.redo
                _, ui, wall, cpu = timed(fn)
                print(f"{action:6} UI thread {ui:6.2f} s  wall {wall:6.2f} s", flush=True)
        finally:
            doc.close()
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
