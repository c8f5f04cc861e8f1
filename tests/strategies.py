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


@st.composite
def projects(draw, max_journeys: int = 3, max_cards: int = 8, with_checkpoints: bool = False) -> Project:
    """A valid project: personas, custom channels, journeys with stages, lanes, cards, connections, responses."""
    info = ProjectInfo(
        name=draw(text),
        description=draw(text),
        lang=draw(st.sampled_from(["en", "es"])),
        created=draw(st.sampled_from(["", "2026-11-22"])),
    )
    entities = []
    personas = []
    for i in range(draw(st.integers(0, 2))):
        colour = "#" + draw(st.text("0123456789abcdef", min_size=6, max_size=6))
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
                phase_during=draw(st.sampled_from(["", "In the chair", "Durante la visita"])),
            )
        )
        stages = [
            Stage(
                id=f"st-{j}-{i}",
                journey_id=jid,
                position=i,
                name=draw(text),
                key=draw(st.sampled_from(["", *vocab.STAGE_NAMES])),
                phase=draw(keys(vocab.PHASES)),
            )
            for i in range(draw(st.integers(1, 4)))
        ]
        lanes = [
            Lane(id=f"ln-{j}-{i}", journey_id=jid, position=i, name=draw(text), kind=draw(keys(vocab.CARD_LANE_KINDS)))
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
                    category=draw(st.sampled_from(["", *vocab.CATEGORIES])),
                    contact=draw(st.sampled_from(["", *vocab.CONTACT_TYPES])),
                    ownership=draw(st.sampled_from(["", *vocab.OWNERSHIP])),
                    owner_team=draw(text),
                    expectation=draw(text),
                    experience=draw(text),
                    emotion=draw(opt(st.integers(-3, 3))),
                    emotion_words=tuple(draw(st.lists(keys(vocab.EMOTION_WORDS), max_size=3, unique=True))),
                    emotional_weight=draw(opt(st.integers(0, 100))),
                    importance=draw(opt(st.integers(1, 5))),
                    satisfaction=draw(opt(st.integers(1, 5))),
                    csat=draw(opt(st.floats(0, 100, allow_nan=False))),
                    nps=draw(opt(st.integers(-100, 100))),
                    effort=draw(opt(st.integers(1, 7))),
                    pain_points=draw(short_texts),
                    opportunities=draw(short_texts),
                    moment_of_truth=draw(st.booleans()),
                    tags=draw(short_texts),
                    notes=draw(text),
                    evidence=draw(keys(vocab.EVIDENCE)),
                    inbox=draw(st.integers(0, 4)) == 0,
                )
            )
            tp_count += 1
        entities += cards
        placed = [c for c in cards if not c.inbox]
        if placed and participants and draw(st.booleans()):
            session = VoteSession(
                id=f"vs-{j}", journey_id=jid, title=draw(text), dots=3, max_per_card=2,
                state=draw(st.sampled_from(["open", "ended"])), hidden=draw(st.booleans()),
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
                        kind=draw(keys(vocab.CONNECTION_KINDS)),
                        share=draw(opt(st.floats(0, 100, allow_nan=False))),
                    )
                )
        for k, card in enumerate(draw(st.lists(st.sampled_from(cards), max_size=3)) if cards else []):
            measure = draw(keys(vocab.SURVEY_MEASURES))
            lo, hi = SURVEY_RANGES[measure]
            entities.append(
                Response(
                    id=f"rs-{j}-{k}",
                    touchpoint_id=card.id,
                    measure=measure,
                    score=draw(st.integers(lo, hi)),
                    date=draw(text),
                    comment=draw(text),
                    source=draw(st.sampled_from(["", "room:vs-1"])),
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
    rating = opt(st.integers(1, 5))
    opportunities = []
    for i in range(draw(st.integers(0, 3))):
        opp = Opportunity(
            id=f"op-{i}", position=i, title=draw(text), description=draw(text),
            status=draw(keys(vocab.PLAN_STATUSES)), owner=draw(text), effort=draw(rating), impact=draw(rating),
        )
        opportunities.append(opp)
        out.append(opp)
        for k, card in enumerate(draw(st.lists(st.sampled_from(cards), max_size=3, unique=True)) if cards else []):
            pain = draw(st.sampled_from(["", *card.pain_points]))
            out.append(OpportunityLink(id=f"ol-{i}-{k}", opportunity_id=opp.id, touchpoint_id=card.id, pain_point=pain))
    for i in range(draw(st.integers(0, 2))):
        sol = Solution(
            id=f"so-{i}", position=i, title=draw(text), status=draw(keys(vocab.PLAN_STATUSES)), owner=draw(text),
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
    kinds = draw(st.lists(st.sampled_from(vocab.CONTENT_LANE_KINDS), max_size=2))
    for i, kind in enumerate(kinds):
        lane = Lane(
            id=f"ln-{j}-c{i}", journey_id=jid, position=first + i, name=draw(text), kind=kind,
            chart=draw(st.sampled_from(["", *vocab.LANE_CHARTS])) if kind == "metric" else "",
            overlay=tuple(draw(st.lists(st.sampled_from(["jr-0", "jr-1", "jr-gone"]), max_size=2))),
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
                    value=draw(opt(st.floats(-1e12, 1e12, allow_nan=False))) if kind == "metric" else None,
                    unit=draw(st.sampled_from(["", "%", "€"])), period=draw(text), source=draw(text),
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
