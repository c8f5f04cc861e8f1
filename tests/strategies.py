"""Hypothesis strategies for whole projects: every field, boundaries, odd text, branches and cycles."""

from __future__ import annotations

from hypothesis import strategies as st

from cxdesigner.exchange.common import fold, xml_safe
from cxdesigner.model import (
    Channel,
    Checkpoint,
    Connection,
    Journey,
    Lane,
    LaneCell,
    Opportunity,
    OpportunityLink,
    Participant,
    Persona,
    Project,
    ProjectInfo,
    Response,
    Solution,
    SolutionLink,
    Stage,
    Touchpoint,
    Vote,
    VoteSession,
    vocab,
)
from cxdesigner.model.entities import SURVEY_RANGES

ODD_TEXTS = [
    "",
    "<b>x</b>",
    "$x$ and $}$",
    "&amp;",
    "😀 emoji",
    "שלום עולם",  # right-to-left
    "مرحبا",
    "línea\nnueva",
    "tab\there",
    "'; DROP TABLE touchpoints; --",
    "=SUM(A1)",
]

text = st.one_of(st.sampled_from(ODD_TEXTS), st.text(max_size=40))
short_texts = st.lists(text, max_size=3).map(tuple)


def opt(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


def keys(vocabulary: dict) -> st.SearchStrategy:
    return st.sampled_from(sorted(vocabulary))


# The strategies a project draws from, built once. Built inside `projects` they were built again for every
# card of every example, and hypothesis checks each new one_of and lists (its validate and fixed-point
# properties): four fifths of the draw, the largest cost of the tests that draw projects. The draws, and so
# the derandomized examples, are the same whether a strategy is built once or each time.
_LANGS = st.sampled_from(["en", "es"])
_CREATED = st.sampled_from(["", "2026-11-22"])
_HEX_COLOUR = st.text("0123456789abcdef", min_size=6, max_size=6)
_PHASE_DURING = st.sampled_from(["", "In the chair", "Durante la visita"])
_STAGE_KEYS = st.sampled_from(["", *vocab.STAGE_NAMES])
_PHASES = keys(vocab.PHASES)
_CARD_LANE_KINDS = keys(vocab.CARD_LANE_KINDS)
_CATEGORIES = st.sampled_from(["", *vocab.CATEGORIES])
_CONTACTS = st.sampled_from(["", *vocab.CONTACT_TYPES])
_OWNERSHIPS = st.sampled_from(["", *vocab.OWNERSHIP])
_EMOTIONS = opt(st.integers(-3, 3))
_EMOTION_WORDS = st.lists(keys(vocab.EMOTION_WORDS), max_size=3, unique=True)
_WEIGHTS = opt(st.integers(0, 100))
_ONE_TO_FIVE = opt(st.integers(1, 5))
_PERCENTS = opt(st.floats(0, 100, allow_nan=False))
_NPS = opt(st.integers(-100, 100))
_EFFORTS = opt(st.integers(1, 7))
_EVIDENCE = keys(vocab.EVIDENCE)
_VOTE_STATES = st.sampled_from(["open", "ended"])
_CONNECTION_KINDS = keys(vocab.CONNECTION_KINDS)
_SURVEY_MEASURES = keys(vocab.SURVEY_MEASURES)
_RESPONSE_SOURCES = st.sampled_from(["", "room:vs-1"])
_PLAN_STATUSES = keys(vocab.PLAN_STATUSES)
_CONTENT_LANE_KINDS = st.lists(st.sampled_from(vocab.CONTENT_LANE_KINDS), max_size=2)
_LANE_CHARTS = st.sampled_from(["", *vocab.LANE_CHARTS])
_OVERLAYS = st.lists(st.sampled_from(["jr-0", "jr-1", "jr-gone"]), max_size=2)
_METRIC_VALUES = opt(st.floats(-1e12, 1e12, allow_nan=False))
_UNITS = st.sampled_from(["", "%", "€"])


@st.composite
def projects(draw, max_journeys: int = 3, max_cards: int = 8, with_checkpoints: bool = False) -> Project:
    """A valid project: personas, custom channels, journeys with stages, lanes, cards, connections, responses."""
    info = ProjectInfo(
        name=draw(text),
        description=draw(text),
        lang=draw(_LANGS),
        created=draw(_CREATED),
    )
    entities = []
    personas = []
    for i in range(draw(st.integers(0, 2))):
        colour = "#" + draw(_HEX_COLOUR)
        p = Persona(
            id=f"ps-{i}",
            name=draw(text),
            position=i,
            segment=draw(text),
            goals=draw(text),
            needs=draw(text),
            frustrations=draw(text),
            quote=draw(text),
            colour=colour,
        )
        personas.append(p)
    entities += personas
    # Names distinct as people read them (case, accents, spacing, control characters XML drops): the app
    # refuses a second "Kiosk" beside "kiosk", and imports and merges take such names for one channel.
    channel_names = draw(st.lists(text, max_size=2, unique_by=lambda name: fold(xml_safe(name))))
    channels = [Channel(id=f"ch-{i}", name=name, position=i) for i, name in enumerate(channel_names)]
    entities += channels
    channel_keys = [""] + sorted(vocab.CHANNELS) + [c.id for c in channels]
    participants = [
        Participant(id=f"pt-{i}", name=draw(text), position=i) for i in range(draw(st.integers(0, 2)))
    ]
    entities += participants
    tp_count = 0
    for j in range(draw(st.integers(1, max_journeys))):
        jid = f"jr-{j}"
        persona_id = draw(opt(st.sampled_from([p.id for p in personas]))) if personas else None
        entities.append(
            Journey(
                id=jid, name=draw(text), position=j, description=draw(text), persona_id=persona_id,
                phase_during=draw(_PHASE_DURING),
            )
        )
        stages = [
            Stage(
                id=f"st-{j}-{i}",
                journey_id=jid,
                position=i,
                name=draw(text),
                key=draw(_STAGE_KEYS),
                phase=draw(_PHASES),
            )
            for i in range(draw(st.integers(1, 4)))
        ]
        lanes = [
            Lane(id=f"ln-{j}-{i}", journey_id=jid, position=i, name=draw(text), kind=draw(_CARD_LANE_KINDS))
            for i in range(draw(st.integers(1, 3)))
        ]
        entities += stages + lanes
        entities += draw(lane_contents(jid, j, stages, len(lanes)))
        cards = []
        for i in range(draw(st.integers(0, max_cards))):
            cards.append(
                Touchpoint(
                    id=f"tp-{tp_count}",
                    journey_id=jid,
                    stage_id=draw(st.sampled_from(stages)).id,
                    lane_id=draw(st.sampled_from(lanes)).id,
                    position=i,
                    title=draw(text),
                    description=draw(text),
                    channel=draw(st.sampled_from(channel_keys)),
                    category=draw(_CATEGORIES),
                    contact=draw(_CONTACTS),
                    ownership=draw(_OWNERSHIPS),
                    owner_team=draw(text),
                    expectation=draw(text),
                    experience=draw(text),
                    emotion=draw(_EMOTIONS),
                    emotion_words=tuple(draw(_EMOTION_WORDS)),
                    emotional_weight=draw(_WEIGHTS),
                    importance=draw(_ONE_TO_FIVE),
                    satisfaction=draw(_ONE_TO_FIVE),
                    csat=draw(_PERCENTS),
                    nps=draw(_NPS),
                    effort=draw(_EFFORTS),
                    pain_points=draw(short_texts),
                    opportunities=draw(short_texts),
                    moment_of_truth=draw(st.booleans()),
                    tags=draw(short_texts),
                    notes=draw(text),
                    evidence=draw(_EVIDENCE),
                    inbox=draw(st.integers(0, 4)) == 0,
                )
            )
            tp_count += 1
        entities += cards
        placed = [c for c in cards if not c.inbox]
        if placed and participants and draw(st.booleans()):
            session = VoteSession(
                id=f"vs-{j}", journey_id=jid, title=draw(text), dots=3, max_per_card=2,
                state=draw(_VOTE_STATES), hidden=draw(st.booleans()),
                revealed=draw(st.booleans()), participant_ids=tuple(p.id for p in participants),
            )
            entities.append(session)
            for p in participants:
                for k, card in enumerate(draw(st.lists(st.sampled_from(placed), max_size=3, unique=True))):
                    entities.append(
                        Vote(id=f"vt-{j}-{p.id}-{k}", session_id=session.id, participant_id=p.id,
                             touchpoint_id=card.id, dots=1)
                    )
        cards = placed
        if len(cards) >= 2:
            # Any directed pairs: branches, merges and cycles all occur.
            pairs = draw(st.lists(st.tuples(st.sampled_from(cards), st.sampled_from(cards)), max_size=6))
            seen = set()
            for k, (a, b) in enumerate(pairs):
                if a.id == b.id or (a.id, b.id) in seen:
                    continue
                seen.add((a.id, b.id))
                entities.append(
                    Connection(
                        id=f"cn-{j}-{k}",
                        journey_id=jid,
                        source_id=a.id,
                        target_id=b.id,
                        label=draw(text),
                        kind=draw(_CONNECTION_KINDS),
                        share=draw(_PERCENTS),
                    )
                )
        for k, card in enumerate(draw(st.lists(st.sampled_from(cards), max_size=3)) if cards else []):
            measure = draw(_SURVEY_MEASURES)
            lo, hi = SURVEY_RANGES[measure]
            entities.append(
                Response(
                    id=f"rs-{j}-{k}",
                    touchpoint_id=card.id,
                    measure=measure,
                    score=draw(st.integers(lo, hi)),
                    date=draw(text),
                    comment=draw(text),
                    source=draw(_RESPONSE_SOURCES),
                )
            )
    entities += draw(plans([e for e in entities if isinstance(e, Touchpoint)]))
    entities = draw(soft_references(entities, with_checkpoints))
    project = Project()
    project.load(info, entities)
    return project


@st.composite
def plans(draw, cards: list[Touchpoint]) -> list:
    """Opportunities linked to any cards (or one of their pain points) and solutions linked to them (format 3)."""
    out: list = []
    rating = _ONE_TO_FIVE
    opportunities = []
    for i in range(draw(st.integers(0, 3))):
        opp = Opportunity(
            id=f"op-{i}", position=i, title=draw(text), description=draw(text),
            status=draw(_PLAN_STATUSES), owner=draw(text), effort=draw(rating), impact=draw(rating),
        )
        opportunities.append(opp)
        out.append(opp)
        for k, card in enumerate(draw(st.lists(st.sampled_from(cards), max_size=3, unique=True)) if cards else []):
            pain = draw(st.sampled_from(["", *card.pain_points]))
            out.append(OpportunityLink(id=f"ol-{i}-{k}", opportunity_id=opp.id, touchpoint_id=card.id, pain_point=pain))
    for i in range(draw(st.integers(0, 2))):
        sol = Solution(
            id=f"so-{i}", position=i, title=draw(text), status=draw(_PLAN_STATUSES), owner=draw(text),
            effort=draw(rating), impact=draw(rating),
        )
        out.append(sol)
        targets = draw(st.lists(st.sampled_from(opportunities), max_size=2, unique=True)) if opportunities else []
        out += [SolutionLink(id=f"sl-{i}-{k}", solution_id=sol.id, opportunity_id=o.id) for k, o in enumerate(targets)]
    return out


# A 1×1 PNG (format 4 storyboards store the re-encoded bytes as they are).
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c494441"
    "5478da63f8cfc0000003010100f70341430000000049454e44ae426082"
)


@st.composite
def lane_contents(draw, jid: str, j: int, stages: list[Stage], first: int) -> list:
    """Format 4: lanes without cards after the card lanes, and the cells of text, metric and storyboard lanes."""
    out: list = []
    kinds = draw(_CONTENT_LANE_KINDS)
    for i, kind in enumerate(kinds):
        lane = Lane(
            id=f"ln-{j}-c{i}", journey_id=jid, position=first + i, name=draw(text), kind=kind,
            chart=draw(_LANE_CHARTS) if kind == "metric" else "",
            overlay=tuple(draw(_OVERLAYS)),
        )
        out.append(lane)
        if kind not in vocab.CELL_LANE_KINDS:
            continue
        for stage in draw(st.lists(st.sampled_from(stages), max_size=len(stages), unique=True)):
            picture = kind == "storyboard" and draw(st.booleans())
            out.append(
                LaneCell(
                    id=f"lc-{lane.id}-{stage.id}", journey_id=jid, lane_id=lane.id, stage_id=stage.id,
                    text=draw(text),
                    value=draw(_METRIC_VALUES) if kind == "metric" else None,
                    unit=draw(_UNITS), period=draw(text), source=draw(text),
                    image=TINY_PNG if picture else None, image_type="png" if picture else "",
                )
            )
    return out


@st.composite
def soft_references(draw, entities: list, with_checkpoints: bool = False) -> list:
    """Format 4: future states, cards' origins and sub-journeys (some naming what is gone), a checkpoint.

    Checkpoints only when asked for: the JSON form leaves them out unless told to keep them."""
    journeys = [e.id for e in entities if isinstance(e, Journey)]
    cards = [e.id for e in entities if isinstance(e, Touchpoint)]
    out = []
    for e in entities:
        if isinstance(e, Journey) and draw(st.integers(0, 3)) == 0:
            other = draw(st.sampled_from([*journeys, "jr-gone"]))
            e = e.evolve(future_of=other) if other != e.id else e
        elif isinstance(e, Touchpoint) and draw(st.integers(0, 3)) == 0:
            sub = draw(st.sampled_from([*journeys, "jr-gone"]))
            e = e.evolve(
                origin=draw(opt(st.sampled_from([*cards, "tp-gone"]))),
                sub_journey=sub if sub != e.journey_id else None,
            )
        out.append(e)
    if with_checkpoints and journeys and draw(st.booleans()):
        data = draw(st.binary(max_size=64))
        out.append(
            Checkpoint(id="ck-0", journey_id=draw(st.sampled_from([*journeys, "jr-gone"])), label=draw(text),
                       created="2026-12-05T10:00:00+00:00", author=draw(text), size=len(data), data=data)
        )
    return out
