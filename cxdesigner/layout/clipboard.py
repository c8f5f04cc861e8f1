"""Cards on the clipboard: JSON under a private MIME type, and pasted JSON turned into new entities.

The clipboard is shared with other programs, so what comes back is treated like a file from
elsewhere: size-bounded, every field validated by the model, anything odd refused whole.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Sequence
from typing import Any

from ..i18n import _, quote, translation
from ..model import Channel, Connection, Entity, Project, Touchpoint, ValidationError, new_id, vocab
from .geometry import Cell

MIME_TYPE = "application/x-cxdesigner-cards+json"
FORMAT = "cxdesigner-cards"
VERSION = 1
MAX_CHARS = 20_000_000
MAX_CARDS = 10_000

# Where a card sits, not what it says: a paste places the card anew. That covers an inbox idea's
# "stage not chosen yet" too (format 5), meaningless on the map, as Place on map clears it.
_PLACE_FIELDS = ("id", "journey_id", "stage_id", "lane_id", "position", "inbox", "stage_unsure")


def encode_cards(project: Project, ids: Sequence[str]) -> dict[str, Any]:
    """The cards ``ids`` (in journey order), the connections among them and the custom channels they use."""
    if not ids:
        return {
            "format": FORMAT,
            "version": VERSION,
            "journey_id": None,
            "touchpoints": [],
            "connections": [],
            "channels": [],
        }
    wanted = set(ids)
    first = project.get("touchpoint", ids[0])
    order = [tp for tp in project.touchpoints(first.journey_id) if tp.id in wanted]
    stage_index = {s.id: i for i, s in enumerate(project.stages(first.journey_id))}
    lane_index = {ln.id: i for i, ln in enumerate(project.lanes(first.journey_id))}
    cards = []
    channels: dict[str, str] = {}
    for tp in order:
        fields = {k: v for k, v in tp.to_dict().items() if k not in _PLACE_FIELDS}
        cards.append(
            {
                "ref": tp.id,
                "stage_id": tp.stage_id,
                "lane_id": tp.lane_id,
                "stage_index": stage_index[tp.stage_id],
                "lane_index": lane_index[tp.lane_id],
                "fields": fields,
            }
        )
        custom = project.tables["channel"].get(tp.channel)
        if custom is not None:
            channels[custom.id] = custom.name
    conns = [
        {"source": c.source_id, "target": c.target_id, "label": c.label, "kind": c.kind, "share": c.share}
        for c in project.connections(first.journey_id)
        if c.source_id in wanted and c.target_id in wanted
    ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "journey_id": first.journey_id,
        "touchpoints": cards,
        "connections": conns,
        "channels": [{"id": k, "name": v} for k, v in channels.items()],
    }


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)


def plain_text(project: Project, ids: Sequence[str]) -> str:
    """Titles one per line, for pasting into other programs."""
    return "\n".join(" ".join(project.get("touchpoint", i).title.split()) for i in ids)


def _damaged(reason: str) -> ValidationError:
    """A clipboard we cannot paste from, and the way out: copy the cards again (the copy is rewritten whole)."""
    return ValidationError(reason + "; " + _("copy the cards again in CX Designer, then paste"))


def _too_many(reason: str) -> ValidationError:
    return ValidationError(reason + "; " + _("copy fewer cards at a time"))


def decode_bytes(raw: bytes) -> dict[str, Any]:
    """:func:`decode` of the bytes under our MIME type, which are UTF-8 when CX Designer wrote them."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        # Python's codec message (byte offsets, "invalid start byte") tells a person nothing.
        raise _damaged(_("The clipboard's cards are damaged: their text is not UTF-8")) from None
    return decode(text)


def decode(text: str) -> dict[str, Any]:
    """Parse clipboard JSON; raise ValidationError when it is not a set of cards we understand."""
    if len(text) > MAX_CHARS:
        raise _too_many(_("The clipboard holds too much data to paste"))
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: thousands of nested brackets
        # The JSON parser's English (and its character offsets) only help a developer.
        raise _damaged(_("The clipboard's cards are damaged: their text is not valid JSON")) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _damaged(_("The clipboard does not hold CX Designer cards"))
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise ValidationError(_("The cards come from a newer CX Designer: update CX Designer to paste them"))
    for key in ("touchpoints", "connections", "channels"):
        if not isinstance(data.get(key, []), list):
            raise _damaged(_("The clipboard's cards are damaged ({key} is not a list)").format(key=quote(key)))
    if len(data.get("touchpoints", [])) > MAX_CARDS:
        raise _too_many(
            _("Cannot paste more than {limit} cards at once").format(limit=translation().number(MAX_CARDS))
        )
    for card in data.get("touchpoints", []):
        if not isinstance(card, dict) or not isinstance(card.get("fields"), dict):
            raise _damaged(_("The clipboard's cards are damaged"))
        for key in ("stage_index", "lane_index"):
            if isinstance(card.get(key), bool) or not isinstance(card.get(key, 0), int):
                raise _damaged(_("The clipboard's cards are damaged"))
    # Ids are looked up in sets and dicts: a list or an object there raised TypeError ("unhashable
    # type"), past the paste's ValidationError handler, as a traceback.
    ids = [(card, ("stage_id", "lane_id", "ref")) for card in data.get("touchpoints", [])]
    ids += [(c, ("id",)) for c in data.get("channels", []) if isinstance(c, dict)]
    ids += [(c, ("source", "target")) for c in data.get("connections", []) if isinstance(c, dict)]
    if any(not isinstance(entry.get(key), (str, type(None))) for entry, keys in ids for key in keys):
        raise _damaged(_("The clipboard's cards are damaged"))
    return data


def paste_entities(
    project: Project, data: dict[str, Any], journey_id: str, anchor: Cell | None = None
) -> tuple[list[Entity], list[str]]:
    """New entities (fresh ids) for pasting ``data`` into ``journey_id``, and the new card ids.

    Cards keep their stage and lane when pasted back into their own journey; elsewhere
    they go to the stage and lane at the same place in the order. With ``anchor`` the
    group is placed so its top-left card lands in that cell, keeping the cards' relative
    spread. Pasted cards go to the end of their cells.
    """
    stages = project.stages(journey_id)
    lanes = project.lanes(journey_id)
    if not stages or not lanes:
        raise ValidationError(_("The journey needs at least one stage and one lane to paste cards into"))
    cards = data.get("touchpoints", [])
    if not cards:
        return [], []
    stage_ids = {s.id for s in stages}
    lane_ids = {ln.id for ln in lanes}
    same_journey = data.get("journey_id") == journey_id
    min_si = min(int(c.get("stage_index", 0)) for c in cards)
    min_li = min(int(c.get("lane_index", 0)) for c in cards)
    if anchor is not None:
        a_si = next(i for i, s in enumerate(stages) if s.id == anchor[0])
        a_li = next(i for i, ln in enumerate(lanes) if ln.id == anchor[1])

    out: list[Entity] = []
    known_channels = dict(project.tables["channel"])
    offered = {c.get("id"): c.get("name", "") for c in data.get("channels", []) if isinstance(c, dict)}
    next_channel = max((c.position for c in known_channels.values()), default=-1) + 1
    next_pos: dict[Cell, int] = {}
    new_ids: dict[str, str] = {}
    created: list[str] = []
    for index, card in enumerate(cards):
        if anchor is None and same_journey and card.get("stage_id") in stage_ids and card.get("lane_id") in lane_ids:
            cell = (card["stage_id"], card["lane_id"])
        else:
            si = int(card.get("stage_index", 0))
            li = int(card.get("lane_index", 0))
            if anchor is not None:
                si, li = si - min_si + a_si, li - min_li + a_li
            cell = (stages[max(0, min(si, len(stages) - 1))].id, lanes[max(0, min(li, len(lanes) - 1))].id)
        if cell not in next_pos:
            next_pos[cell] = max((tp.position for tp in project.cell(*cell)), default=-1) + 1
        fields = {k: v for k, v in card["fields"].items() if k not in _PLACE_FIELDS}
        channel = fields.get("channel", "")
        if isinstance(channel, str) and channel and channel not in vocab.CHANNELS and channel not in known_channels:
            name = offered.get(channel)
            if isinstance(name, str) and name:
                try:
                    ch = Channel(id=channel, name=name, position=next_channel)
                except ValidationError:
                    fields["channel"] = ""
                else:
                    next_channel += 1
                    known_channels[channel] = ch
                    out.insert(0, ch)
            else:
                fields["channel"] = ""
        tid = new_id("tp")
        try:
            tp = Touchpoint.from_dict(
                {
                    **fields,
                    "id": tid,
                    "journey_id": journey_id,
                    "stage_id": cell[0],
                    "lane_id": cell[1],
                    "position": next_pos[cell],
                }
            )
        except TypeError:
            # The model refuses bad values itself; a TypeError that gets past it speaks Python (argument
            # names, operand types), so the card's place in the list is all a person is told.
            raise _damaged(
                _("The clipboard's cards are damaged (card {n} holds a value CX Designer cannot read)").format(
                    n=translation().number(index + 1)
                )
            ) from None
        next_pos[cell] += 1
        ref = card.get("ref")
        if isinstance(ref, str):
            new_ids[ref] = tid
        out.append(tp)
        created.append(tid)
    for c in data.get("connections", []):
        if not isinstance(c, dict):
            continue
        src, dst = new_ids.get(c.get("source")), new_ids.get(c.get("target"))
        if src is None or dst is None or src == dst:
            continue
        try:
            out.append(
                Connection(
                    id=new_id("cn"),
                    journey_id=journey_id,
                    source_id=src,
                    target_id=dst,
                    label=c.get("label", ""),
                    kind=c.get("kind", "normal"),
                    share=c.get("share"),
                )
            )
        except (ValidationError, TypeError):
            continue
    return out, created


# A line that is not blank, from its first character that is not a space to its end (the line breaks
# are str.splitlines' own; all of them are spaces, so no match starts at one).
_TEXT_LINE = re.compile(r"\S[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]*")


def cards_from_text(text: str, limit: int = 500) -> list[str]:
    """Titles from plain text: one card per non-empty line (a list pasted from notes or a sheet).

    Lines are found one at a time up to ``limit``: splitting the whole text first made a string of
    each line of anything on the clipboard (20 million line breaks: 300 MB and two seconds on the UI thread).
    """
    titles = (" ".join(match.group().split()) for match in _TEXT_LINE.finditer(text))
    return list(itertools.islice(titles, limit))


def text_entities(project: Project, text: str, journey_id: str, cell: Cell) -> tuple[list[Entity], list[str]]:
    """New cards for pasting plain text into ``cell``, one per line, after the cards already there."""
    titles = cards_from_text(text)
    if not titles:
        return [], []
    start = max((tp.position for tp in project.cell(*cell)), default=-1) + 1
    cards: list[Entity] = [
        Touchpoint(
            id=new_id("tp"),
            journey_id=journey_id,
            stage_id=cell[0],
            lane_id=cell[1],
            position=start + i,
            title=title,
        )
        for i, title in enumerate(titles)
    ]
    return cards, [c.id for c in cards]
