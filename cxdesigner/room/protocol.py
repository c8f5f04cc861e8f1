"""The phone page's messages: one schema with bounded sizes; anything outside it closes that connection.

Every message is a JSON object of at most ``MAX_MESSAGE`` bytes with a ``type`` and exactly the
fields its type names, each of the right kind and within its bounds. ``parse`` turns one into a
frozen record or raises ``ProtocolError``; it never guesses, trims a limit or ignores a field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ..model.entities import check_unicode
from ..model.errors import ValidationError

MAX_MESSAGE = 8 * 1024  # bytes of one message from a phone
MAX_TITLE = 200  # characters of an idea's title
MAX_NOTE = 2_000  # characters of an idea's note
MAX_NAME = 40  # characters of a participant's name
MAX_ID = 200  # characters of a card or stage id (the model's own limit)
MAX_SEQ = 2**31 - 1
LANGS = ("en", "es")

# Control characters other than a line break have no business in a card (and break some exports).
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


class ProtocolError(Exception):
    """A message outside the schema: the connection that sent it is closed, nothing else."""


@dataclass(frozen=True)
class Join:
    name: str
    code: str
    lang: str


@dataclass(frozen=True)
class Resume:
    key: str
    lang: str


@dataclass(frozen=True)
class Idea:
    seq: int
    title: str
    stage: str | None = None
    emotion: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Vote:
    seq: int
    card: str
    step: int = 1


@dataclass(frozen=True)
class Rate:
    seq: int
    step: str
    emotion: int | None = None
    importance: int | None = None
    satisfaction: int | None = None


@dataclass(frozen=True)
class Ping:
    pass


@dataclass(frozen=True)
class Sync:
    """The phone missed a patch (a version gap): it asks for the whole state."""


Message = Join | Resume | Idea | Vote | Rate | Ping | Sync
Action = Idea | Vote | Rate


def _text(value: Any, limit: int, *, multiline: bool = False, required: bool = True) -> str:
    if not isinstance(value, str):
        raise ProtocolError("text expected")
    if len(value) > limit:
        raise ProtocolError(f"text over {limit} characters")
    try:
        check_unicode("Message", "text", value)
    except ValidationError as exc:
        raise ProtocolError(str(exc)) from None
    text = value.strip()
    if not multiline and "\n" in text:
        raise ProtocolError("a line break in a one-line text")
    if _CONTROL.search(text):
        raise ProtocolError("a control character in a text")
    if required and not text:
        raise ProtocolError("empty text")
    return text


def _int(value: Any, lo: int, hi: int, *, optional: bool = True) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ProtocolError(f"a whole number from {lo} to {hi} expected")
    return value


def _id(value: Any, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    # Ids come from the view the room sent (a file may hold any well-formed text there): looked up, never shown.
    if not isinstance(value, str) or not value or len(value) > MAX_ID or _CONTROL.search(value):
        raise ProtocolError("an id expected")
    try:
        check_unicode("Message", "id", value)
    except ValidationError as exc:
        raise ProtocolError(str(exc)) from None
    return value


def _lang(value: Any) -> str:
    return value if value in LANGS else "en"


# type → (required fields, optional fields)
_FIELDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "join": (frozenset({"name", "code"}), frozenset({"lang"})),
    "resume": (frozenset({"key"}), frozenset({"lang"})),
    "idea": (frozenset({"seq", "title"}), frozenset({"stage", "emotion", "note"})),
    "vote": (frozenset({"seq", "card"}), frozenset({"step"})),
    "rate": (frozenset({"seq", "step"}), frozenset({"emotion", "importance", "satisfaction"})),
    "ping": (frozenset(), frozenset()),
    "sync": (frozenset(), frozenset()),
}


def _reject_constant(name: str) -> Any:
    raise ProtocolError(f"{name} is not a number")


def parse(raw: str | bytes) -> Message:
    """One message from a phone, checked against the schema (``ProtocolError`` when it is not one)."""
    size = len(raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw)
    if size > MAX_MESSAGE:
        raise ProtocolError(f"message over {MAX_MESSAGE} bytes")
    try:
        data = json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise ProtocolError(f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ProtocolError("an object expected")
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in _FIELDS:
        raise ProtocolError("unknown type")
    required, optional = _FIELDS[kind]
    fields = set(data) - {"type"}
    if not required <= fields or fields - required - optional:
        raise ProtocolError(f"wrong fields for {kind}")
    if kind == "join":
        code = data["code"]
        if not isinstance(code, str) or not re.fullmatch(r"[0-9]{4}", code):
            raise ProtocolError("a four-digit code expected")
        return Join(_text(data["name"], MAX_NAME), code, _lang(data.get("lang")))
    if kind == "resume":
        key = data["key"]
        if not isinstance(key, str) or not re.fullmatch(r"[A-Za-z0-9_-]{16,64}", key):
            raise ProtocolError("a key expected")
        return Resume(key, _lang(data.get("lang")))
    if kind == "ping":
        return Ping()
    if kind == "sync":
        return Sync()
    seq = _int(data["seq"], 1, MAX_SEQ, optional=False)
    assert seq is not None
    if kind == "idea":
        return Idea(
            seq,
            _text(data["title"], MAX_TITLE),
            _id(data.get("stage"), optional=True),
            _int(data.get("emotion"), -3, 3),
            _text(data.get("note", ""), MAX_NOTE, multiline=True, required=False),
        )
    if kind == "vote":
        step = data.get("step", 1)
        if step not in (1, -1) or isinstance(step, bool):
            raise ProtocolError("a vote's step is 1 or -1")
        card = _id(data["card"])
        assert card is not None
        return Vote(seq, card, step)
    step_id = _id(data["step"])
    assert step_id is not None
    rate = Rate(
        seq,
        step_id,
        _int(data.get("emotion"), -3, 3),
        _int(data.get("importance"), 1, 5),
        _int(data.get("satisfaction"), 1, 5),
    )
    if rate.emotion is None and rate.importance is None and rate.satisfaction is None:
        raise ProtocolError("a rating rates something")
    return rate


def dump(message: dict[str, Any]) -> str:
    """A message to a phone: compact JSON, every character as it is (the page escapes what it shows)."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


__all__ = [
    "MAX_MESSAGE",
    "MAX_NAME",
    "MAX_NOTE",
    "MAX_TITLE",
    "Action",
    "Idea",
    "Join",
    "Message",
    "Ping",
    "ProtocolError",
    "Rate",
    "Resume",
    "Sync",
    "Vote",
    "dump",
    "parse",
]
