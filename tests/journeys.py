"""Small hand-built journeys for the analysis tests: cards by stage, connections with their kinds."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from hypothesis import strategies as st

from cxdesigner.model import Change, Connection, Journey, Lane, Project, ProjectInfo, Response, Stage, Touchpoint, vocab

STAGE_KEYS = [t.key for t, _ in vocab.DEFAULT_STAGES]
PHASE_OF = {t.key: ph for t, ph in vocab.DEFAULT_STAGES}

Edge = tuple[str, str] | tuple[str, str, str]


def build(
    cards: dict[str, dict[str, Any]],
    edges: Sequence[Edge] = (),
    *,
    stages: list[str] | None = None,
    responses: Sequence[tuple[str, str, int]] = (),
    journey: str = "j",
    project: Project | None = None,
    name: str = "Journey",
    rename: Callable[[str], str] = str,
) -> Project:
    """A project with one journey.

    ``cards`` maps id → fields (``stage`` is an index into ``stages``, ``lane`` into two lanes);
    an edge is ``(source, target)`` or ``(source, target, kind)``. ``rename`` maps every id the
    project stores (journey, stages, lanes, cards, connections, responses) to another, so a test
    can give the same content other ids.
    """
    r = rename
    stages = stages if stages is not None else STAGE_KEYS
    entities: list[Any] = [Journey(r(journey), name=name)]
    for i, key in enumerate(stages):
        sid = r(f"{journey}-st{i}")
        if key in PHASE_OF:
            entities.append(Stage(sid, r(journey), position=i, key=key, phase=PHASE_OF[key]))
        else:
            entities.append(Stage(sid, r(journey), position=i, name=key, phase="after"))
    for i in range(2):
        entities.append(Lane(r(f"{journey}-ln{i}" if i else f"{journey}-ln"), r(journey), position=i))
    for pos, (cid, fields) in enumerate(cards.items()):
        fields = dict(fields)
        stage = fields.pop("stage", 0)
        lane = fields.pop("lane", 0)
        fields.setdefault("title", cid.upper())
        lane_id = r(f"{journey}-ln{lane}" if lane else f"{journey}-ln")
        entities.append(Touchpoint(r(cid), r(journey), r(f"{journey}-st{stage}"), lane_id, position=pos, **fields))
    for k, (s, t, *kind) in enumerate(edges):
        entities.append(Connection(r(f"{journey}-c{k}"), r(journey), r(s), r(t), kind=kind[0] if kind else "normal"))
    for k, (card, measure, score) in enumerate(responses):
        entities.append(Response(r(f"{journey}-r{k}"), r(card), measure=measure, score=score))
    if project is None:
        project = Project()
        project.load(ProjectInfo(), entities)
    else:
        project.apply([Change(e.KIND, e.id, None, e) for e in entities])
    return project


# Built once: built for every card, each new one_of was validated again by hypothesis (the same draws either way).
_EMOTIONS = st.one_of(st.none(), st.integers(-3, 3))
_IMPORTANCES = st.one_of(st.none(), st.integers(1, 5))
_KINDS = st.sampled_from(list(vocab.CONNECTION_KINDS))


@st.composite
def journey_content(draw: Any, max_cards: int = 8) -> tuple[dict[str, dict[str, Any]], list[Edge]]:
    """Cards and connections for :func:`build`: up to ``max_cards`` cards over 4 stages and 2 lanes,
    any connections of any kind, the same pair of cards possibly connected twice."""
    n = draw(st.integers(1, max_cards))
    cards = {
        f"c{i}": {
            "stage": draw(st.integers(0, 3)),
            "lane": draw(st.integers(0, 1)),
            "emotion": draw(_EMOTIONS),
            "importance": draw(_IMPORTANCES),
            "satisfaction": draw(st.integers(1, 5)),
        }
        for i in range(n)
    }
    pairs = [(f"c{a}", f"c{b}") for a in range(n) for b in range(n) if a != b]
    edges = draw(st.lists(st.sampled_from(pairs), max_size=12)) if pairs else []
    return cards, [(s, t, draw(_KINDS)) for s, t in edges]


def journeys(max_cards: int = 8) -> st.SearchStrategy[Project]:
    """Projects with one small random journey ``"j"`` over the first 4 default stages."""
    return journey_content(max_cards).map(lambda c: build(c[0], c[1], stages=STAGE_KEYS[:4]))
