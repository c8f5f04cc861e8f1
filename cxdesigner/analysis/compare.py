"""What changed between two journeys: a current state and its future state, or a checkpoint and now.

Pure model code (no Qt, no SQLite). The two journeys may live in two projects: a checkpoint decodes
into a project of its own, so every function takes the project of each side.

Cards are paired by id first (a checkpoint keeps the ids of its journey), then by ``origin`` (a future
state's card names the current-state card it came from), then by title within the same stage; what is
left over was added or removed. Stages are paired by id, then key, then name, then position.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import Project, Stage, Touchpoint
from . import measures as m

# Fields that say where a card sits or where it came from rather than what it says: never "changed".
_PLACE_FIELDS = frozenset({"id", "journey_id", "stage_id", "lane_id", "position", "origin", "inbox", "sub_journey"})
CARD_FIELDS: tuple[str, ...] = tuple(f for f in Touchpoint.field_names() if f not in _PLACE_FIELDS)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _stage_name(stage: Stage, lang: str) -> str:
    return _fold(stage.display_name(lang))


def pair_stages(before: Sequence[Stage], after: Sequence[Stage], lang: str = "en") -> list[tuple[Any, Any]]:
    """Stages of both sides as (before, after) pairs, either side None when unpaired, in journey order."""
    left: dict[str, Any] = {}  # after stage id -> before stage
    taken: set[str] = set()

    def match(key_of: Any) -> None:
        free: dict[Any, list[Stage]] = {}
        for s in before:
            if s.id not in taken:
                k = key_of(s)
                if k:
                    free.setdefault(k, []).append(s)
        for s in after:
            if s.id in left:
                continue
            k = key_of(s)
            if k and free.get(k):
                b = free[k].pop(0)
                left[s.id] = b
                taken.add(b.id)

    match(lambda s: s.id)
    match(lambda s: s.key if s.key and not s.name else "")
    match(lambda s: _stage_name(s, lang))
    by_index = {i: s for i, s in enumerate(before)}
    for i, s in enumerate(after):
        b = by_index.get(i)
        if s.id not in left and b is not None and b.id not in taken:
            left[s.id] = b
            taken.add(b.id)
    pairs: list[tuple[Any, Any]] = []
    after_of = {left[a.id].id: a for a in after if a.id in left}
    for s in before:
        pairs.append((s, after_of.get(s.id)))
    # An after stage without a partner goes after the stage it follows.
    for i, s in enumerate(after):
        if s.id in left:
            continue
        at = len(pairs)
        if i > 0:
            prev = after[i - 1]
            at = next((k + 1 for k, (_, a) in enumerate(pairs) if a is not None and a.id == prev.id), len(pairs))
        elif pairs:
            at = 0
        pairs.insert(at, (None, s))
    return pairs


def _pair_lanes(pb: Project, jb: str, pa: Project, ja: str) -> dict[str, str]:
    """after lane id -> before lane id: by id, then kind and name, then position."""
    before, after = pb.lanes(jb), pa.lanes(ja)
    out: dict[str, str] = {}
    taken: set[str] = set()
    for key_of in (lambda ln: ln.id, lambda ln: (ln.kind, _fold(ln.name)), lambda ln: ln.position):
        free: dict[Any, list[str]] = {}
        for ln in before:
            if ln.id not in taken:
                free.setdefault(key_of(ln), []).append(ln.id)
        for ln in after:
            if ln.id not in out and free.get(key_of(ln)):
                out[ln.id] = free[key_of(ln)].pop(0)
                taken.add(out[ln.id])
    return out


def pair_cards(pb: Project, jb: str, pa: Project, ja: str, stage_map: dict[str, str] | None = None) -> dict[str, str]:
    """after card id -> before card id, for the cards that are the same step on both sides."""
    before = pb.touchpoints(jb)
    after = pa.touchpoints(ja)
    before_ids = {tp.id for tp in before}
    out: dict[str, str] = {}
    taken: set[str] = set()
    for tp in after:
        if tp.id in before_ids:
            out[tp.id] = tp.id
            taken.add(tp.id)
    for tp in after:
        if tp.id not in out and tp.origin in before_ids and tp.origin not in taken:
            out[tp.id] = tp.origin
            taken.add(tp.origin)
    if stage_map is None:
        stage_map = {a.id: b.id for b, a in pair_stages(pb.stages(jb), pa.stages(ja)) if a is not None and b}
    free: dict[tuple[str, str], list[str]] = {}
    for tp in before:
        if tp.id not in taken and tp.title.strip():
            free.setdefault((tp.stage_id, _fold(tp.title)), []).append(tp.id)
    for tp in after:
        if tp.id in out or not tp.title.strip():
            continue
        key = (stage_map.get(tp.stage_id, ""), _fold(tp.title))
        if free.get(key):
            out[tp.id] = free[key].pop(0)
    return out


def _card(tp: Touchpoint, stage_names: dict[str, str]) -> dict[str, Any]:
    return {"id": tp.id, "title": tp.title, "stage": stage_names.get(tp.stage_id, "")}


def compare(
    before_project: Project,
    before_journey: str,
    after_project: Project,
    after_journey: str,
    lang: str = "en",
) -> dict[str, Any]:
    """The differences from one journey (before) to another (after); plain data, ready for JSON.

    ``same`` is True when nothing differs that this comparison looks at.
    """
    pb, jb, pa, ja = before_project, before_journey, after_project, after_journey
    b_journey, a_journey = pb.get("journey", jb), pa.get("journey", ja)
    b_stages, a_stages = pb.stages(jb), pa.stages(ja)
    stage_pairs = pair_stages(b_stages, a_stages, lang)
    stage_map = {a.id: b.id for b, a in stage_pairs if a is not None and b is not None}
    lane_map = _pair_lanes(pb, jb, pa, ja)
    names = {s.id: s.display_name(lang) or str(i + 1) for i, s in enumerate(b_stages)}
    names.update({s.id: s.display_name(lang) or str(i + 1) for i, s in enumerate(a_stages)})
    b_cards = {tp.id: tp for tp in pb.touchpoints(jb)}
    a_cards = {tp.id: tp for tp in pa.touchpoints(ja)}
    pairs = pair_cards(pb, jb, pa, ja, stage_map)
    paired_before = set(pairs.values())

    added = [_card(tp, names) for tp in a_cards.values() if tp.id not in pairs]
    removed = [_card(tp, names) for tp in b_cards.values() if tp.id not in paired_before]
    changed: list[dict[str, Any]] = []
    gaps_closed: list[dict[str, Any]] = []
    pains_gone: list[dict[str, Any]] = []
    for a_id, b_id in pairs.items():
        a, b = a_cards[a_id], b_cards[b_id]
        fields = [f for f in CARD_FIELDS if getattr(a, f) != getattr(b, f)]
        if stage_map.get(a.stage_id) != b.stage_id:
            fields.append("stage")
        if lane_map.get(a.lane_id) != b.lane_id:
            fields.append("lane")
        if fields:
            changed.append(
                {
                    "before": b.id,
                    "after": a.id,
                    "title": a.title or b.title,
                    "stage": names.get(a.stage_id, ""),
                    "fields": fields,
                    "values": {f: [_value(b, f, names), _value(a, f, names)] for f in fields},
                }
            )
        # Only an unmet need can close: a card served beyond its importance (a negative gap) has no gap to close.
        if b.gap is not None and a.gap is not None and max(a.gap, 0) < max(b.gap, 0):
            gaps_closed.append(
                {"before": b.id, "after": a.id, "title": a.title, "gap_before": b.gap, "gap_after": a.gap}
            )
        now = {_fold(p) for p in a.pain_points}
        for p in b.pain_points:
            if _fold(p) not in now:
                pains_gone.append({"before": b.id, "after": a.id, "title": a.title, "pain_point": p})

    stages = []
    b_by_stage: dict[str, list[Touchpoint]] = {}
    a_by_stage: dict[str, list[Touchpoint]] = {}
    for tp in b_cards.values():
        b_by_stage.setdefault(tp.stage_id, []).append(tp)
    for tp in a_cards.values():
        a_by_stage.setdefault(tp.stage_id, []).append(tp)
    for b, a in stage_pairs:
        sb = m.emotion_summary(b_by_stage.get(b.id, [])) if b is not None else None
        sa = m.emotion_summary(a_by_stage.get(a.id, [])) if a is not None else None
        mean_b = sb["mean"] if sb else None
        mean_a = sa["mean"] if sa else None
        stages.append(
            {
                "label": names[(a or b).id],
                "before": b.id if b is not None else None,
                "after": a.id if a is not None else None,
                "emotion_before": mean_b,
                "emotion_after": mean_a,
                "change": (mean_a - mean_b) if mean_a is not None and mean_b is not None else None,
                "cards_before": sb["count"] if sb else 0,
                "cards_after": sa["count"] if sa else 0,
            }
        )

    def edges(p: Project, jid: str, key: Any) -> dict[tuple[str, str, str], Any]:
        return {(key(c.source_id), key(c.target_id), c.kind): c for c in p.connections(jid)}

    b_edges = edges(pb, jb, lambda v: v)
    a_edges = edges(pa, ja, lambda v: pairs.get(v, "+" + v))

    def title_of(cards: dict[str, Touchpoint], v: str) -> str:
        return cards[v].title if v in cards else ""

    conn_added = [
        {"id": c.id, "source": title_of(a_cards, c.source_id), "target": title_of(a_cards, c.target_id), "kind": c.kind}
        for k, c in a_edges.items()
        if k not in b_edges
    ]
    conn_removed = [
        {"id": c.id, "source": title_of(b_cards, c.source_id), "target": title_of(b_cards, c.target_id), "kind": c.kind}
        for k, c in b_edges.items()
        if k not in a_edges
    ]
    # Connections come in the order of their random ids: listed by the steps they join instead, the same
    # comparison reads the same in the window, the report and the command line every time.
    for listed in (conn_added, conn_removed):
        listed.sort(key=lambda c: (c["source"], c["target"], c["kind"]))
    stage_changes = [s for s in stages if s["before"] is None or s["after"] is None]
    total_b = m.emotion_summary(b_cards.values())
    total_a = m.emotion_summary(a_cards.values())
    return {
        "before": {
            "id": jb,
            "name": b_journey.name,
            "cards": len(b_cards),
            "mean_emotion": total_b["mean"],
            "mean_gap": total_b["mean_gap"],
        },
        "after": {
            "id": ja,
            "name": a_journey.name,
            "cards": len(a_cards),
            "mean_emotion": total_a["mean"],
            "mean_gap": total_a["mean_gap"],
        },
        "pairs": dict(pairs),
        "added": added,
        "removed": removed,
        "changed": changed,
        "unchanged": len(pairs) - len(changed),
        "stages": stages,
        "gaps_closed": gaps_closed,
        "pain_points_gone": pains_gone,
        "connections_added": conn_added,
        "connections_removed": conn_removed,
        "same": not (added or removed or changed or conn_added or conn_removed or stage_changes),
    }


def _value(tp: Touchpoint, field: str, names: dict[str, str]) -> Any:
    """A field's value as plain JSON data (lists for tuples; the stage's name for the stage)."""
    if field == "stage":
        return names.get(tp.stage_id, "")
    if field == "lane":
        return tp.lane_id
    v = getattr(tp, field)
    return list(v) if isinstance(v, tuple) else v


def card_marks(result: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """How to mark each card on the two maps: before side {id: "removed"|"changed"}, after {id: "added"|"changed"}."""
    before = {c["id"]: "removed" for c in result["removed"]}
    after = {c["id"]: "added" for c in result["added"]}
    for c in result["changed"]:
        before[c["before"]] = "changed"
        after[c["after"]] = "changed"
    return before, after


def format_text(result: dict[str, Any], lang: str = "en") -> str:
    """A comparison for the command line and the report, in ``lang``."""
    from ..i18n import translation

    t = translation(lang)
    out = [
        t.gettext("From {before} to {after}").format(
            before=t.quote(result["before"]["name"]), after=t.quote(result["after"]["name"])
        )
    ]
    if result["same"]:
        out.append(t.gettext("No differences"))
        return "\n".join(out)
    sections = (
        (t.gettext("Added cards"), [f"{c['title']} ({c['stage']})" for c in result["added"]]),
        (t.gettext("Removed cards"), [f"{c['title']} ({c['stage']})" for c in result["removed"]]),
        (t.gettext("Changed cards"), [f"{c['title']}: {', '.join(c['fields'])}" for c in result["changed"]]),
        (
            t.gettext("Gaps closed"),
            [f"{c['title']}: {t.signed(c['gap_before'])} → {t.signed(c['gap_after'])}" for c in result["gaps_closed"]],
        ),
        (t.gettext("Pain points gone"), [f"{c['title']}: {c['pain_point']}" for c in result["pain_points_gone"]]),
        (t.gettext("Connections added"), [f"{c['source']} → {c['target']}" for c in result["connections_added"]]),
        (t.gettext("Connections removed"), [f"{c['source']} → {c['target']}" for c in result["connections_removed"]]),
    )
    for heading, rows in sections:
        out.append("")
        out.append(f"{heading} ({len(rows)})")
        out += ["  " + " ".join(r.split()) for r in rows]
    out.append("")
    out.append(t.gettext("Emotion per stage (mean, −3 … +3)"))
    for s in result["stages"]:
        out.append(f"  {s['label']}: {t.signed(s['emotion_before'])} → {t.signed(s['emotion_after'])}")
    return "\n".join(out)
