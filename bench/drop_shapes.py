"""What another shape of work could take off a drop into another cell (a study, not a test).

The eighteenth pass (docs/performance.md, *A drop into another cell, eighteenth pass*) asked, before building
either, what two shapes of work could take off `bench/suite.py`'s `drag.drop_stage` and `drag.drop_lane`:

- **translate**: the routes, labels and items wholly below the lane that changed moved by one dy instead of
  made again (how many are, and what Qt's own share of the paint after ~7,000 moved items is);
- **vectorise**: the label search's questions answered for every candidate place at once with numpy (what the
  search's loop costs when the questions cost nothing, and what answering the lines' question costs).

Run: env -u PYTHONDONTWRITEBYTECODE QT_QPA_PLATFORM=offscreen PYTHONPATH=. .venv/bin/python bench/drop_shapes.py
[--cards 5000] [--rounds 4] [--folder DIR]. Figures are CPU time of the process (``time.process_time``), medians.
It reads private parts of the scene and the label search on purpose: it measures them.
"""

from __future__ import annotations

import argparse
import collections
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import suite

from cxdesigner.canvas import items as canvas_items
from cxdesigner.canvas import scene as canvas_scene
from cxdesigner.layout import routing


def _ms(values: list[float]) -> str:
    return f"{1000 * statistics.median(values):6.1f} ms ({', '.join(f'{1000 * v:.0f}' for v in values)})"


def _cells(scene: Any) -> tuple[tuple[str, str], list[tuple[str, str]]]:
    """The suite's cells: the middle stage's second lane, and the next stage's and the next lane's."""
    layout = scene.layout
    stages, lanes = layout.stage_ids, layout.lane_ids
    home = (stages[len(stages) // 2], lanes[1])
    return home, [(stages[len(stages) // 2 + 1], lanes[1]), (home[0], lanes[2])]


def _move(app: Any, doc: Any, scene: Any, view: Any, src: tuple[str, str], dst: tuple[str, str]) -> tuple[float, float]:
    """The second card of ``src`` moved above the third of ``dst`` with the view on it: (move, paint) CPU."""
    from PySide6.QtCore import QPointF

    layout = scene.layout
    tid = layout.cell_order[src][1]
    at = layout.cards[layout.cell_order[dst][2]]
    view.centerOn(QPointF(at.cx, at.y))
    app.processEvents()
    c0 = time.process_time()
    doc.move_touchpoints([tid], dst[0], dst[1], 2)
    c1 = time.process_time()
    app.processEvents()
    return c1 - c0, time.process_time() - c1


def split(path: Path, rounds: int) -> None:
    """Where a drop goes: the named parts of the relayout timed inside document moves (there and back)."""
    spent: dict[str, float] = collections.defaultdict(float)
    wrapped: list[tuple[Any, str, Any]] = []

    def timed(owner: Any, name: str, label: str) -> None:
        inner: Callable[..., Any] = getattr(owner, name)
        wrapped.append((owner, name, owner.__dict__[name]))

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            c0 = time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                spent[label] += time.process_time() - c0

        setattr(owner, name, wrapper)

    timed(canvas_scene.JourneyScene, "_relayout", "the relayout")
    timed(canvas_scene.JourneyScene, "_compute_map", "  the map (_compute_map)")
    timed(routing.RoutePlanner, "plan", "    planning")
    timed(canvas_scene, "place_routes", "    placing (place_routes)")
    timed(routing.RouteIndex, "update", "      the route index")
    timed(routing._LabelPlacer, "place", "      the labels")
    timed(canvas_items.ConnectionItem, "set_route", "  the connection items (set_route)")
    timed(canvas_scene.JourneyScene, "_update_curve", "  the emotion curve")
    app = suite._app()
    doc, editor = suite.open_editor(path)
    scene, view = editor.scene, editor.view
    scene.finish_labels()
    scene.finish_items()
    home, aways = _cells(scene)
    rows: dict[str, list[float]] = collections.defaultdict(list)
    for _ in range(rounds):
        for away in aways:
            for src, dst in ((home, away), (away, home)):
                spent.clear()
                move, paint = _move(app, doc, scene, view, src, dst)
                if src != home:
                    continue
                rows["the move (as the release)"].append(move)
                rows["the paint after it"].append(paint)
                for label, value in spent.items():
                    rows[label].append(value)
                view.viewport().update()
                c0 = time.process_time()
                app.processEvents()
                rows["the same view repainted, nothing moved"].append(time.process_time() - c0)
    print(f"Where a drop into another cell goes ({rounds} rounds of a move into the next stage and the next lane):")
    for label, values in rows.items():
        print(f"  {label:<42} {_ms(values)}")
    suite.close_editor(doc, editor)
    for owner, name, inner in wrapped:
        setattr(owner, name, inner)


def translation(path: Path) -> None:
    """How much of the map a drop moves whole by one dy, and how far the label searches reach."""
    app = suite._app()
    doc, editor = suite.open_editor(path)
    scene, view = editor.scene, editor.view
    scene.finish_labels()
    scene.finish_items()
    memory = scene._label_memory
    rows = sorted((y, y + h) for y, h in scene.layout.rows.values())

    def band(y: float) -> int:
        return next((i for i, (_top, bottom) in enumerate(rows) if y < bottom + 30), len(rows))

    spans: collections.Counter[int] = collections.Counter()
    heights = []
    for looked in memory.looked.values():
        if looked:
            y0, y1 = min(b[1] for b in looked), max(b[3] for b in looked)
            spans[band(y1) - band(y0)] += 1
            heights.append(y1 - y0)
    heights.sort()
    print(
        "Label searches by the lane boundaries they cross:",
        dict(sorted(spans.items())),
        f"of {len(heights)};",
        f"searched height median {heights[len(heights) // 2]:.0f} px",
    )
    home, aways = _cells(scene)
    for name, away in zip(("next stage", "next lane"), aways, strict=True):
        old_layout, old = scene.layout, scene._label_memory
        old_routes, old_labels, old_looked = dict(old.routes), dict(old.labels), dict(old.looked)
        cut = old_layout.rows[home[1]][0] + old_layout.rows[home[1]][1]  # the bottom of the lane that shrinks
        _move(app, doc, scene, view, home, away)
        new = scene._label_memory
        moved_rows = {scene.layout.rows[k][0] - y for k, (y, _h) in old_layout.rows.items()} - {0.0}
        if not moved_rows:  # a smaller map: the card's cell was not its lane's tallest, so no row moved
            print(f"A drop into the {name}: no row moved, nothing to translate")
            _move(app, doc, scene, view, away, home)
            continue
        dy = moved_rows.pop()
        kinds: dict[str, str] = {}
        for cid, route in new.routes.items():
            was = old_routes.get(cid)
            if route is None or was is None:
                continue
            if was.points == route.points:
                kinds[cid] = "same"
            elif len(was.points) == len(route.points) and all(
                a[0] == b[0] and b[1] - a[1] == dy for a, b in zip(was.points, route.points, strict=True)
            ):
                kinds[cid] = "moved by dy"
            else:
                kinds[cid] = "other"
        below = sum(1 for cid in kinds if min(p[1] for p in old_routes[cid].points) > cut)
        carried = []
        labels: collections.Counter[str] = collections.Counter()
        for leg in new.order:
            cid = leg.spec.id
            box = new.labels.get(cid)
            if box is None:
                continue
            was, seen = old_labels[cid].rect, old_looked.get(cid, ())
            same_box = (was.x, was.y + dy) == (box.rect.x, box.rect.y)
            carried.append(kinds.get(cid) == "moved by dy" and same_box)
            searched_below = bool(seen) and min(b[1] for b in seen) > cut + routing.LABEL_REACH
            labels[f"route {kinds.get(cid)}, search {'below' if searched_below else 'not below'}"] += 1
        suffix = next((i for i, c in enumerate(reversed(carried)) if not c), len(carried))
        print(f"A drop into the {name} (rows below move by {dy:+.0f}):")
        print(f"  routes: {dict(collections.Counter(kinds.values()))}, wholly below the change {below}")
        print(
            f"  labels: {dict(labels)}; route and box moved by dy {sum(carried)} of {len(carried)};"
            f" longest such run at the end of the journey order {suffix}"
        )
        _move(app, doc, scene, view, away, home)
        scene.finish_labels()

    # Qt's own share: ~7,000 items below the change moved one by one, then painted, against a plain repaint.
    from PySide6.QtCore import QPointF
    from PySide6.QtWidgets import QGraphicsRectItem

    layout = scene.layout
    cut = layout.rows[home[1]][0] + layout.rows[home[1]][1]
    moved = [it for tid, it in scene.card_items().items() if layout.cards[tid].y > cut]
    moved += [it for it in scene.connection_items().values() if it.route and min(p[1] for p in it.route.points) > cut]
    at = layout.cards[layout.cell_order[aways[1]][2]]
    view.centerOn(QPointF(at.cx, at.y))
    app.processEvents()
    out: dict[str, list[float]] = collections.defaultdict(list)

    def paint(label: str) -> None:
        c0 = time.process_time()
        app.processEvents()
        out[label].append(time.process_time() - c0)

    for _ in range(5):
        for dy in (-120.0, 120.0):
            c0 = time.process_time()
            for item in moved:
                item.setPos(item.pos() + QPointF(0, dy))
            out["setPos on each item"].append(time.process_time() - c0)
            paint("the paint after them")
            view.viewport().update()
            paint("the same view repainted, nothing moved")
    parent = QGraphicsRectItem()
    parent.setFlag(parent.GraphicsItemFlag.ItemHasNoContents, True)
    scene.addItem(parent)
    for item in moved:
        item.setParentItem(parent)
    app.processEvents()
    for _ in range(5):
        for dy in (-120.0, 120.0):
            c0 = time.process_time()
            parent.setPos(parent.pos() + QPointF(0, dy))
            out["one parent moved instead"].append(time.process_time() - c0)
            paint("the paint after it")
    print(f"{len(moved):,} items below the change moved by ±120 px, the view on the next lane's stack:")
    for label, values in out.items():
        print(f"  {label:<42} {_ms(values)}")
    suite.close_editor(doc, editor)


class _Answered(routing._LabelPlacer):
    """The label search with every question but the labels' own answered beforehand for the places on the
    route: the lines (``lines``, numpy) and the cards, arrowheads and headers (``fixed_hits``, in Python,
    not timed): what the search's loop costs when those questions cost nothing."""

    def answer(self) -> dict[str, float]:
        import numpy as np

        spent = {}
        c0 = time.process_time()
        owners: dict[str, int] = {}
        boxes: list[tuple[float, float, float, float, int]] = []
        self.per: dict[str, tuple[Any, list[Any], int]] = {}
        for leg, pts in self.polylines:
            spec = leg.spec
            if not spec.label_size:
                continue
            segs = self._segments(spec.kind, pts)
            places = [*self._on_route(segs, *spec.label_size), *self._between_cards(segs, *spec.label_size)]
            owner = owners.setdefault(spec.id, len(owners))
            self.per[spec.id] = (segs, places, len(boxes))
            boxes.extend((*box, owner) for box in places)
        spent["making every place on a route"] = time.process_time() - c0
        c0 = time.process_time()
        a = np.array(boxes)
        x0, y0, x1, y1, who = a[:, 0], a[:, 1], a[:, 2], a[:, 3], a[:, 4].astype(np.int64)

        def hit(lines: Any, k0: Any, k1: Any, lo: Any, hi: Any) -> Any:
            # Every run of every coordinate strictly between k0 and k1 (one stretch of the flat lists), expanded.
            keys, starts = np.array(lines.keys), np.array(lines.starts, dtype=np.int64)
            los, his = np.array(lines.los), np.array(lines.his)
            own = np.array([owners.get(o, -1) for o in lines.owners], dtype=np.int64)
            first = np.searchsorted(keys, k0, "right")
            last = np.maximum(np.searchsorted(keys, k1, "left"), first)
            lo_run, n = starts[first], starts[last] - starts[first]
            place = np.repeat(np.arange(len(k0)), n)
            run = lo_run[place] + np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
            meets = (los[run] < hi[place]) & (his[run] > lo[place]) & (own[run] != who[place])
            out = np.zeros(len(k0), bool)
            out[place[meets]] = True
            return out, int(n.sum())

        up, n_up = hit(self.uprights, x0, x1, y0, y1)
        level, n_level = hit(self.levels, y0, y1, x0, x1)
        self.lines = (up | level).tolist()
        spent[f"the lines' question of {len(boxes):,} places ({n_up + n_level:,} runs looked at), numpy"] = (
            time.process_time() - c0
        )
        cards, arrows, fixed = self.cards, self.arrows, self.fixed
        self.fixed_hits = [
            cards.hit(bx0, by0, bx1, by1)
            or arrows.hits(bx0, by0, bx1, by1)
            or any(fx0 < bx1 and bx0 < fx1 and fy0 < by1 and by0 < fy1 for fx0, fy0, fx1, fy1 in fixed)
            for bx0, by0, bx1, by1, _who in boxes
        ]
        return spent

    def _place_one(self, n: str, kind: str, pts: tuple[routing.Point, ...], w: float, h: float) -> routing.LabelBox:
        segs, places, start = self.per[n]
        lines, fixed_hits, marks = self.lines, self.fixed_hits, self.marks
        fallback = found = None
        stop = len(places)
        for i in range(start, start + len(places)):
            if fixed_hits[i] or (fallback is not None and lines[i]):
                continue
            box = places[i - start]
            if marks.hits(*box):
                continue
            if lines[i]:
                fallback = fallback or box
                continue
            found, stop = box, i - start + 1
            break
        self.seen.extend(places[:stop])
        if found is not None:
            return self._box(found)
        # Past the route's own places, the search's own steps (as _LabelPlacer._place_one).
        for box, leader in self._beside_near(segs, w, h):
            if self._free(box, leader, n):
                return self._box(box, leader)
        if fallback is not None:
            return self._box(fallback)
        for box, leader in self._beside(segs, w, h, routing._FAR):
            if self._clear(box, leader):
                return self._box(box, leader)
        for box, leader in self._around(segs[0], w, h):
            if self._clear(box, leader):
                return self._box(box, leader)
        _length, vertical, fixed, _u0, _u1, lo, hi = segs[0]
        mid = (lo + hi) / 2
        if vertical:
            return routing.LabelBox(routing.Rect(fixed - w / 2, mid - h / 2, w, h))
        return routing.LabelBox(routing.Rect(mid - w / 2, fixed - h / 2, w, h))

    @staticmethod
    def _box(box: routing.Box, leader: Any = None) -> routing.LabelBox:
        x0, y0, x1, y1 = box
        return routing.LabelBox(routing.Rect(x0, y0, x1 - x0, y1 - y0), leader)


def vectorised(path: Path, rounds: int) -> None:
    """The label search of a drop into the next lane, as it is and with its questions answered beforehand."""
    app = suite._app()
    doc, editor = suite.open_editor(path)
    scene, view = editor.scene, editor.view
    scene.finish_labels()
    scene.finish_items()
    home, aways = _cells(scene)
    _move(app, doc, scene, view, home, aways[1])
    layout, memory = scene.layout, scene._label_memory
    polylines = [(leg, memory.legs[leg.spec.id][3]) for leg in memory.order]
    rows: dict[str, list[float]] = collections.defaultdict(list)
    gc.disable()
    try:
        for _ in range(rounds):
            base = routing._LabelPlacer(layout, polylines, routing.RouteIndex())
            c0 = time.process_time()
            want = base.place()
            rows["the search as it is (index made before)"].append(time.process_time() - c0)
            answered = _Answered(layout, polylines, routing.RouteIndex())
            for label, value in answered.answer().items():
                rows[label].append(value)
            c0 = time.process_time()
            got = answered.place()
            rows["the search's loop with those answered"].append(time.process_time() - c0)
            if got != want or answered.memory.looked != base.memory.looked:
                raise RuntimeError("the answered search placed another label or looked elsewhere")
    finally:
        gc.enable()
    print(
        f"The label search after a drop into the next lane ({len(memory.labels):,} labels; the same boxes and"
        " looked-at places both ways):"
    )
    for label, values in rows.items():
        print(f"  {label:<42} {_ms(values)}")
    suite.close_editor(doc, editor)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="cxd-drop-shapes-"))
    path = suite.Bench(args.cards, 1, folder).project()
    split(path, args.rounds)
    translation(path)
    vectorised(path, args.rounds)


if __name__ == "__main__":
    main()
