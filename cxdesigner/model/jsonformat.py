"""The documented JSON form of a whole project (docs/json-format.md): deterministic and diff-friendly."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

from ..i18n import _, number, pgettext, quote
from . import names
from .entities import (
    Channel,
    Checkpoint,
    Connection,
    Entity,
    Journey,
    Lane,
    LaneCell,
    Opportunity,
    OpportunityLink,
    Participant,
    Persona,
    ProjectInfo,
    Response,
    Solution,
    SolutionLink,
    Stage,
    Touchpoint,
    Vote,
    VoteSession,
    new_id,
)
from .errors import ValidationError
from .project import Project
from .voting import EARLIER_PARTICIPANT, earlier_votes

FORMAT_NAME = "cxdesigner-project"
# 2: voting sessions and participants, the ideas inbox, phase names; 3: opportunities; 4: lane types and
# their cells, future states, sub-journeys, checkpoints (only when asked for: they are history, not the map);
# 5: an inbox idea's stage not chosen yet (stage_unsure)
JSON_VERSION = 5

# Fields implied by nesting, left out of nested objects.
_NESTED_OMIT = {"journey_id"}


def _plain(e: Entity, omit: set[str] = frozenset()) -> dict[str, Any]:  # type: ignore[assignment]
    # Pictures and checkpoints' data are bytes: base64 text in JSON.
    return {
        k: base64.b64encode(v).decode("ascii") if isinstance(v, bytes) else v
        for k, v in e.to_dict().items()
        if k not in omit
    }


_BYTES_FIELDS = {"lane_cell": ("image",), "checkpoint": ("data",)}


class _Where:
    """A place in the file, put into words only when a refusal names it ("journey 1, touchpoint 3")."""

    __slots__ = ("parts",)

    def __init__(self, *parts: tuple[str, str, int | None]) -> None:
        self.parts = parts  # (kind, the English word refusals have used, number in its list)

    def then(self, kind: str, english: str, n: int) -> _Where:
        return _Where(*self.parts, (kind, english, n))

    def __str__(self) -> str:
        return ", ".join(_place(*part) for part in self.parts)


def _place(kind: str, english: str, n: int | None) -> str:
    if kind == "file":
        return pgettext("the whole JSON file, where a refusal points", "file")
    name = names.kind_name(kind, english)
    return name if n is None else f"{name} {number(n)}"


_FILE = _Where(("file", "file", None))


def _unbase64(kind: str, data: Any, where: _Where) -> Any:
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for name in _BYTES_FIELDS.get(kind, ()):
        value = out.get(name)
        if isinstance(value, str):
            try:
                out[name] = base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError):
                message = _("{where}: {name} is not base64").format(where=where, name=quote(name))
                raise ValidationError(message) from None
    return out


def to_data(project: Project, with_checkpoints: bool = False) -> dict[str, Any]:
    """The project as plain JSON-ready data, in a fixed order (checkpoints only when asked for)."""
    journeys = []
    for j in project.journeys():
        jd = _plain(j)
        jd["stages"] = [_plain(s, _NESTED_OMIT) for s in project.stages(j.id)]
        jd["lanes"] = [_plain(ln, _NESTED_OMIT) for ln in project.lanes(j.id)]
        jd["lane_cells"] = [_plain(c, _NESTED_OMIT) for c in project.lane_cells(j.id)]
        cards = project.touchpoints(j.id) + project.inbox(j.id)
        jd["touchpoints"] = [_plain(tp, _NESTED_OMIT) for tp in cards]
        jd["connections"] = [_plain(c, _NESTED_OMIT) for c in project.connections(j.id)]
        jd["vote_sessions"] = [
            {
                **_plain(vs, _NESTED_OMIT),
                "votes": [_plain(v, {"session_id"}) for v in project.session_votes(vs.id)],
            }
            for vs in project.vote_sessions(j.id)
        ]
        journeys.append(jd)
    return {
        "format": FORMAT_NAME,
        "version": JSON_VERSION,
        "project": _plain(project.info),
        "personas": [_plain(p) for p in project.personas()],
        "channels": [_plain(c) for c in project.channels()],
        "participants": [_plain(p) for p in project.participants()],
        "journeys": journeys,
        "responses": [_plain(r) for r in project.responses()],
        **_plans_data(project),
        **({"checkpoints": [_plain(c) for c in project.checkpoints()]} if with_checkpoints else {}),
    }


def _plans_data(project: Project) -> dict[str, Any]:
    """Opportunities with their links to cards, solutions with their links to opportunities (version 3)."""
    return {
        "opportunities": [
            {**_plain(o), "links": [_plain(k, {"opportunity_id"}) for k in project.opportunity_links(o.id)]}
            for o in project.opportunities()
        ],
        "solutions": [
            {**_plain(s), "links": [_plain(k, {"solution_id"}) for k in project.solution_links(s.id)]}
            for s in project.solutions()
        ],
    }


def _plans_from_data(data: dict[str, Any]) -> list[Entity]:
    out: list[Entity] = []
    for key, cls, link_cls, ref in (
        ("opportunities", Opportunity, OpportunityLink, "opportunity_id"),
        ("solutions", Solution, SolutionLink, "solution_id"),
    ):
        for i, item in enumerate(_list(data, key, _FILE)):
            where = _Where((cls.KIND, cls.KIND, i + 1))
            if not isinstance(item, dict):
                raise ValidationError(_("{where}: expected an object").format(where=where))
            plan = _build(cls, {k: v for k, v in item.items() if k != "links"}, where)
            out.append(plan)
            for n, link in enumerate(_list(item, "links", where)):
                out.append(_build(link_cls, link, where.then(link_cls.KIND, "link", n + 1), **{ref: plan.id}))
    return out


def dumps(project: Project, with_checkpoints: bool = False) -> str:
    return json.dumps(to_data(project, with_checkpoints), ensure_ascii=False, indent=2) + "\n"


def _build(cls: type[Entity], data: Any, where: _Where, **implied: Any) -> Any:
    if not isinstance(data, dict):
        raise ValidationError(_("{where}: expected an object").format(where=where))
    data = _unbase64(cls.KIND, data, where)
    try:
        return cls.from_dict({**data, **implied})
    except TypeError:
        # Python's words ("__init__() got an unexpected keyword argument") only help a developer.
        raise ValidationError(_("{where} holds a value CX Designer cannot read").format(where=where)) from None
    except ValidationError as exc:
        raise ValidationError(f"{where}: {exc}") from exc


def _list(data: dict[str, Any], key: str, where: _Where) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ValidationError(_("{where}: {key} must be a list").format(where=where, key=quote(key)))
    return value


def from_data(data: Any) -> Project:
    """Build a project from JSON data, checking every field and reference."""
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise ValidationError(_("not a CX Designer project in JSON (the “format” field is missing or wrong)"))
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise ValidationError(_("the JSON has no valid “version” field"))
    if version > JSON_VERSION:
        raise ValidationError(
            _(
                "the JSON was written by a newer CX Designer (version {version}; this version reads up to "
                "{latest}). Update CX Designer to read it."
            ).format(version=version, latest=JSON_VERSION)
        )
    info = _build(ProjectInfo, data.get("project", {}), _Where(("project", "project", None)))
    entities: list[Entity] = []
    for i, p in enumerate(_list(data, "personas", _FILE)):
        entities.append(_build(Persona, p, _Where(("persona", "persona", i + 1))))
    for i, ch in enumerate(_list(data, "channels", _FILE)):
        entities.append(_build(Channel, ch, _Where(("channel", "channel", i + 1))))
    for i, pt in enumerate(_list(data, "participants", _FILE)):
        entities.append(_build(Participant, pt, _Where(("participant", "participant", i + 1))))
    earlier: dict[str, dict[str, int]] = {}  # version 1's bare vote numbers, journey → card → number
    for i, jd in enumerate(_list(data, "journeys", _FILE)):
        where = _Where(("journey", "journey", i + 1))
        if not isinstance(jd, dict):
            raise ValidationError(_("{where}: expected an object").format(where=where))
        keys = ("stages", "lanes", "lane_cells", "touchpoints", "connections", "vote_sessions")
        nested = {k: _list(jd, k, where) for k in keys}
        j = _build(Journey, {k: v for k, v in jd.items() if k not in nested}, where)
        entities.append(j)
        for key, cls in (
            ("stages", Stage), ("lanes", Lane), ("lane_cells", LaneCell), ("touchpoints", Touchpoint),
            ("connections", Connection),
        ):
            for k, item in enumerate(nested[key]):
                if version == 1 and key == "touchpoints" and isinstance(item, dict) and "votes" in item:
                    item = dict(item)
                    votes = item.pop("votes")
                    if isinstance(votes, int) and not isinstance(votes, bool) and votes > 0:
                        earlier.setdefault(j.id, {})[str(item.get("id"))] = votes
                entities.append(_build(cls, item, where.then(cls.KIND, key[:-1], k + 1), journey_id=j.id))
        for k, sd in enumerate(nested["vote_sessions"]):
            swhere = where.then("vote_session", "voting session", k + 1)
            if not isinstance(sd, dict):
                raise ValidationError(_("{where}: expected an object").format(where=swhere))
            session = _build(VoteSession, {x: v for x, v in sd.items() if x != "votes"}, swhere, journey_id=j.id)
            entities.append(session)
            for n, vd in enumerate(_list(sd, "votes", swhere)):
                entities.append(_build(Vote, vd, swhere.then("vote", "vote", n + 1), session_id=session.id))
    for i, r in enumerate(_list(data, "responses", _FILE)):
        entities.append(_build(Response, r, _Where(("response", "response", i + 1))))
    entities += _plans_from_data(data)
    for i, cp in enumerate(_list(data, "checkpoints", _FILE)):
        entities.append(_build(Checkpoint, cp, _Where(("checkpoint", "checkpoint", i + 1))))
    if earlier:
        entities += earlier_votes(earlier, info.lang)
    ids = [(e.KIND, e.id) for e in entities]
    if len(set(ids)) != len(ids):
        raise ValidationError(_("the JSON uses the same id twice"))
    project = Project()
    project.load(info, entities)
    return project


def loads(text: str) -> Project:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # The parser's English ("Expecting ',' delimiter") only helps a developer; where it stopped helps everyone.
        raise ValidationError(
            _("not valid JSON (at line {line}, column {column})").format(
                line=number(exc.lineno), column=number(exc.colno)
            )
        ) from None
    except ValueError:
        # The one other refusal of json.loads on text: an integer longer than Python converts (4,300 digits).
        raise ValidationError(_("the JSON holds a number too long to read")) from None
    except RecursionError:
        raise ValidationError(_("the JSON nests lists or objects too deeply to be a project")) from None
    return from_data(data)


_PREFIX = {
    "persona": "ps",
    "journey": "jr",
    "stage": "st",
    "lane": "ln",
    "touchpoint": "tp",
    "connection": "cn",
    "response": "rs",
    "participant": "pt",
    "vote_session": "vs",
    "vote": "vt",
    "opportunity": "op",
    "opportunity_link": "ol",
    "solution": "so",
    "solution_link": "sl",
    "lane_cell": "lc",
    "checkpoint": "ck",
}
_REFS = (
    "persona_id", "journey_id", "stage_id", "lane_id", "source_id", "target_id", "touchpoint_id", "session_id",
    "participant_id", "opportunity_id", "solution_id",
)
_LIST_REFS = ("scope_ids", "participant_ids")
# References that may name something deleted since (format 4): kept as they are when there is no new id.
_SOFT_REFS = ("future_of", "origin", "sub_journey")
_SOFT_LIST_REFS = ("overlay",)


def remap_soft_refs(entity: Entity, mapping: Mapping[str, str]) -> Entity:
    """``entity`` with its soft references (future state of, origin card, sub-journey, overlaid journeys) moved to
    the new ids in ``mapping``; one that names something not in it is kept as it is (it may name something
    of the target, or be shown as broken), so copies of journeys that came along point at each other."""
    fields: dict[str, Any] = {}
    for ref in _SOFT_REFS:
        value = getattr(entity, ref, None)
        if value is not None and value in mapping:
            fields[ref] = mapping[value]
    for ref in _SOFT_LIST_REFS:
        value = getattr(entity, ref, None)
        if value is not None and any(v in mapping for v in value):
            fields[ref] = tuple(dict.fromkeys(mapping.get(v, v) for v in value))
    return entity.evolve(**fields) if fields else entity


def with_new_ids(project: Project) -> Project:
    """A copy with fresh ids everywhere (channels keep theirs: touchpoints name them).

    The participant that holds earlier votes keeps its well-known id too: the voting dialog and the
    room leave it off their lists of people by that id (a template's votes come with it).
    """
    mapping: dict[str, str] = {EARLIER_PARTICIPANT: EARLIER_PARTICIPANT}
    for e in project.all_entities():
        if e.KIND in _PREFIX and e.id != EARLIER_PARTICIPANT:
            mapping[e.id] = new_id(_PREFIX[e.KIND])
    out: list[Entity] = []
    for e in project.all_entities():
        fields: dict[str, Any] = {"id": mapping.get(e.id, e.id)}
        soft = e.KIND == "checkpoint"  # a checkpoint outlives its journey
        for ref in _REFS:
            value = getattr(e, ref, None)
            if value is not None:
                fields[ref] = mapping.get(value, value) if soft else mapping[value]
        for ref in _LIST_REFS:
            value = getattr(e, ref, None)
            if value is not None:
                fields[ref] = tuple(mapping.get(v, v) for v in value)
        out.append(remap_soft_refs(e.evolve(**fields), mapping))
    copy = Project()
    copy.load(project.info, out)
    return copy
