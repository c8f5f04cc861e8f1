"""The domain entities: immutable records validated on construction."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from ..i18n import N_, SOURCE_LANGUAGE, _, language, number, quote
from . import limits, names, vocab
from .errors import ValidationError


def new_id(prefix: str) -> str:
    """A stable, globally unique string id such as ``tp-3f2a…``."""
    # Imported here: uuid brings platform along (some 5 ms), and the window maps before any id is made.
    import uuid

    return f"{prefix}-{uuid.uuid4().hex[:16]}"


# Half of a UTF-16 pair on its own is not a character: it cannot be written as UTF-8 (exports, SVG, the
# clipboard), so it is refused where text enters, not where it would later break an export.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _broken(field: str) -> ValidationError:
    return ValidationError(_("{field} holds a broken character (a lone UTF-16 surrogate)").format(field=field))


# The checks below take a record's kind ("touchpoint"), the field as English refusals name it
# ("emotional weight") and, where it differs from that name, the field's attribute ("csat"): the
# refusal names the field by its label in the interface language (model/names.py).


# What a value of the wrong kind is, as a refusal names it: Python's type names ("int", "NoneType") and
# its repr ("{}", "'x\\ny'") are a developer's words. A bool is checked before int, which it is too.
_KINDS_OF_VALUE: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (bool, N_("a yes-or-no value")),
    ((int, float), N_("a number")),
    (str, N_("text")),
    ((list, tuple), N_("a list")),
    (dict, N_("an object")),
    (type(None), N_("nothing")),
    ((bytes, bytearray), N_("binary data")),
)


def kind_of_value(value: Any) -> str:
    """What ``value`` is, in the interface language: ``a list``, ``text``, ``a number``."""
    for types, message in _KINDS_OF_VALUE:
        if isinstance(value, types):
            return _(message)
    return _("a value of another kind")


def shown_value(value: Any, most: int = 40) -> str:
    """A wrong value as a refusal shows it: text in the language's quotation marks, on one line and cut to
    ``most`` characters; a number as it was given; anything else by what it is."""
    if isinstance(value, str):
        text = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in value[:most])
        return quote(text + ("…" if len(value) > most else ""))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # the number as the file wrote it, as "is out of range" shows it
    return kind_of_value(value)


def check_unicode(kind: str, name: str, value: str, key: str = "") -> None:
    """Refuse text that is not well-formed Unicode (a lone surrogate, from JSON's \\ud800 or a bad file)."""
    if not value.isascii() and _LONE_SURROGATE.search(value):
        raise _broken(names.field(kind, name, key))


def _check_text(kind: str, name: str, value: Any, max_len: int = limits.MAX_TEXT, key: str = "") -> None:
    if not isinstance(value, str):
        raise ValidationError(
            _("{field} must be text, not {type}").format(field=names.field(kind, name, key), type=kind_of_value(value))
        )
    if len(value) > max_len:
        raise ValidationError(
            _("{field} is {length} characters long; at most {limit} fit: shorten it, then try again").format(
                field=names.field(kind, name, key), length=number(len(value)), limit=number(max_len)
            )
        )
    check_unicode(kind, name, value, key)


def _check_key(kind: str, name: str, value: Any, allowed: dict[str, vocab.Term], key: str = "") -> None:
    if value not in allowed:
        # English lists the keys: what a file, a script or the command line (always English) writes.
        # Another language lists the labels its window shows, which a person can recognise.
        lang = language()
        if lang == SOURCE_LANGUAGE:
            choices = ", ".join(allowed)
        else:
            choices = ", ".join(term.label(lang) for term in allowed.values())
        raise ValidationError(
            _("{field} {value} is not one of: {choices}").format(
                field=names.field(kind, name, key), value=shown_value(value), choices=choices
            )
        )


def _check_int(kind: str, name: str, value: Any, lo: int, hi: int, optional: bool = True, key: str = "") -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(
            _("{field} must be a whole number from {lo} to {hi}, not {value}").format(
                field=names.field(kind, name, key), lo=lo, hi=hi, value=shown_value(value)
            )
        )
    if not lo <= value <= hi:
        raise ValidationError(
            _("{field} {value} is out of range: it must be from {lo} to {hi}").format(
                field=names.field(kind, name, key), value=value, lo=lo, hi=hi
            )
        )


def _check_float(kind: str, name: str, value: Any, lo: float, hi: float, key: str = "") -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(
            _("{field} must be a number from {lo} to {hi}, not {value}").format(
                field=names.field(kind, name, key), lo=f"{lo:g}", hi=f"{hi:g}", value=shown_value(value)
            )
        )
    if not lo <= value <= hi:  # also refuses NaN
        raise ValidationError(
            _("{field} {value} is out of range: it must be from {lo} to {hi}").format(
                field=names.field(kind, name, key), value=value, lo=f"{lo:g}", hi=f"{hi:g}"
            )
        )


def _check_texts(kind: str, name: str, value: Any) -> None:
    if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("{field} must be a list of texts").format(field=names.field(kind, name)))
    if len(value) > limits.MAX_LIST_ITEMS:
        raise ValidationError(
            _("{field} has {n} items; at most {limit} fit: join or delete some, then try again").format(
                field=names.field(kind, name), n=number(len(value)), limit=number(limits.MAX_LIST_ITEMS)
            )
        )
    for item in value:
        _check_text(kind, name, item, limits.MAX_LIST_ITEM_TEXT)


def _check_id(kind: str, value: Any, name: str = "", key: str = "") -> None:
    """An id of the record itself (no ``name``) or of the one its field ``name`` refers to."""
    if not isinstance(value, str) or not value or len(value) > 200:
        raise ValidationError(
            _("{field} must be non-empty text of at most 200 characters").format(field=names.id_field(kind, name, key))
        )
    if not value.isascii() and _LONE_SURROGATE.search(value):
        raise _broken(names.id_field(kind, name, key))


def _check_position(kind: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limits.MAX_POSITION:
        raise ValidationError(
            _("{field} must be a whole number from {lo} to {hi}, not {value}").format(
                field=names.field(kind, "position"), lo=0, hi=limits.MAX_POSITION, value=shown_value(value)
            )[:300]
        )


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


class Entity:
    """Shared behaviour of the frozen records."""

    KIND: ClassVar[str] = ""
    LIST_FIELDS: ClassVar[tuple[str, ...]] = ()

    def evolve(self, **changes: Any) -> Any:
        """A copy with ``changes`` applied, validated like a new record."""
        for name in self.LIST_FIELDS:
            if name in changes and isinstance(changes[name], list):
                changes[name] = tuple(changes[name])
        unknown = changes.keys() - set(self.field_names())
        if unknown:
            raise ValidationError(
                _("{kind} has no field {names}").format(
                    kind=names.kind_name(self.KIND), names=", ".join(sorted(unknown))
                )
            )
        cls = type(self)
        check = getattr(cls, "__post_init__", None)
        if check is None:
            return dataclasses.replace(self, **changes)  # type: ignore[type-var]
        # What dataclasses.replace does for these records (every field is an init field, with no
        # factory to run again, and their __init__ only sets the fields and calls __post_init__), without
        # its per-field loop and keywords: a drop into another cell renumbers some 200 cards, 20 µs
        # each that way (9 now). The copy runs the very checks a new record runs.
        new = object.__new__(cls)
        fields = new.__dict__
        fields.update(self.__dict__)
        fields.update(changes)
        check(new)
        return new

    def to_dict(self) -> dict[str, Any]:
        out = {}
        for name in self.field_names():  # cached per class: dataclasses.fields() is slow per call
            v = getattr(self, name)
            out[name] = list(v) if isinstance(v, tuple) else v
        return out

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        # Loading a large file asks this once per row: work it out once per class.
        names = _FIELD_NAMES.get(cls)
        if names is None:
            names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
        return names

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Any:
        unknown = data.keys() - set(cls.field_names())
        if unknown:
            raise ValidationError(
                _("{kind} has no field {names}").format(
                    kind=names.kind_name(cls.KIND), names=", ".join(sorted(unknown))
                )
            )
        kwargs = {k: (tuple(v) if k in cls.LIST_FIELDS and isinstance(v, list) else v) for k, v in data.items()}
        return cls(**kwargs)


@dataclass(frozen=True)
class ProjectInfo(Entity):
    """The project's own fields (there is exactly one per project)."""

    KIND: ClassVar[str] = "project"
    id: str = "project"
    name: str = ""
    description: str = ""
    lang: str = "en"
    created: str = ""

    def __post_init__(self) -> None:
        _check_id("project", self.id)
        _check_text("project", "name", self.name, 10_000)
        _check_text("project", "description", self.description)
        _check_key("project", "language", self.lang, {k: vocab.Term(k, k) for k in vocab.LANGUAGES}, key="lang")
        _check_text("project", "created", self.created, 100)


@dataclass(frozen=True)
class Persona(Entity):
    """Who lives a journey: a customer type or segment."""

    KIND: ClassVar[str] = "persona"
    id: str
    name: str = ""
    position: int = 0
    segment: str = ""
    goals: str = ""
    needs: str = ""
    frustrations: str = ""
    quote: str = ""
    colour: str = "#4c72b0"

    def __post_init__(self) -> None:
        _check_id("persona", self.id)
        _check_position("persona", self.position)
        for name in ("name", "segment", "goals", "needs", "frustrations", "quote"):
            _check_text("persona", name, getattr(self, name))
        _check_colour("persona", self.colour)


def _check_colour(kind: str, value: Any) -> None:
    ok = isinstance(value, str) and len(value) == 7 and value[0] == "#"
    if ok:
        try:
            int(value[1:], 16)
        except ValueError:
            ok = False
    if not ok:
        raise ValidationError(
            _("{field} must be written #rrggbb, not {value}").format(
                field=names.field(kind, "colour"), value=shown_value(value)
            )
        )


@dataclass(frozen=True)
class Journey(Entity):
    """One persona's path through one scenario."""

    KIND: ClassVar[str] = "journey"
    id: str
    name: str = ""
    position: int = 0
    description: str = ""
    persona_id: str | None = None
    # The journey's own names for the phases ("" keeps the built-in one): a clinic has no purchase.
    phase_before: str = ""
    phase_during: str = ""
    phase_after: str = ""
    # (format 4) The journey this one is the future state of. Not a checked reference: deleting the
    # current state leaves the future one standing, shown as comparing with a journey that is gone.
    future_of: str | None = None

    def __post_init__(self) -> None:
        _check_id("journey", self.id)
        if self.future_of is not None:
            _check_id("journey", self.future_of, "future-of", key="future_of")
            if self.future_of == self.id:
                raise ValidationError(_("A journey cannot be the future state of itself"))
        _check_position("journey", self.position)
        _check_text("journey", "name", self.name, limits.MAX_NAME)
        _check_text("journey", "description", self.description)
        if self.persona_id is not None:
            _check_id("journey", self.persona_id, "persona", key="persona_id")
        for phase in vocab.PHASES:
            _check_text(
                "journey", f"{phase} phase name", getattr(self, f"phase_{phase}"), limits.MAX_NAME, key=f"phase_{phase}"
            )

    def phase_name(self, phase: str, lang: str = "en") -> str:
        """What this journey calls ``phase``: its own name, or the built-in one in ``lang``."""
        own = getattr(self, f"phase_{phase}", "")
        return own or vocab.label(vocab.PHASES, phase, lang)


@dataclass(frozen=True)
class Stage(Entity):
    """A column of the map. ``key`` names a built-in stage shown translated while ``name`` is empty."""

    KIND: ClassVar[str] = "stage"
    id: str
    journey_id: str
    position: int = 0
    name: str = ""
    key: str = ""
    phase: str = "before"

    def __post_init__(self) -> None:
        _check_id("stage", self.id)
        _check_id("stage", self.journey_id, "journey", key="journey_id")
        _check_position("stage", self.position)
        _check_text("stage", "name", self.name, 10_000)
        if self.key:
            _check_key("stage", "key", self.key, vocab.STAGE_NAMES)
        _check_key("stage", "phase", self.phase, vocab.PHASES)

    def display_name(self, lang: str = "en") -> str:
        if self.name or not self.key:
            return self.name
        return vocab.label(vocab.STAGE_NAMES, self.key, lang)


@dataclass(frozen=True)
class Lane(Entity):
    """A row of the map; its ``kind`` names it while ``name`` is empty."""

    KIND: ClassVar[str] = "lane"
    id: str
    journey_id: str
    position: int = 0
    name: str = ""
    kind: str = "touchpoints"
    # (format 4) A metric lane's small chart: "" (numbers only), "bar" or "sparkline".
    chart: str = ""
    # (format 4) An emotion lane's overlaid journeys (their personas' curves); soft references:
    # a journey deleted since is left out of the drawing, never an error.
    overlay: tuple[str, ...] = ()

    LIST_FIELDS: ClassVar[tuple[str, ...]] = ("overlay",)

    def __post_init__(self) -> None:
        _check_id("lane", self.id)
        _check_id("lane", self.journey_id, "journey", key="journey_id")
        _check_position("lane", self.position)
        _check_text("lane", "name", self.name, 10_000)
        _check_key("lane", "kind", self.kind, vocab.LANE_KINDS)
        if self.chart:
            _check_key("lane", "chart", self.chart, vocab.LANE_CHARTS)
        if not isinstance(self.overlay, tuple) or len(self.overlay) > limits.MAX_OVERLAY:
            raise ValidationError(
                _("Lane overlay must be a list of at most {n} journeys").format(n=number(limits.MAX_OVERLAY))
            )
        for journey_id in self.overlay:
            _check_id("lane", journey_id, "overlay journey", key="overlay")

    @property
    def holds_cards(self) -> bool:
        """Cards live in this lane (the other kinds hold one cell a stage, or are computed)."""
        return self.kind not in vocab.CONTENT_LANE_KINDS

    def display_name(self, lang: str = "en") -> str:
        return self.name or vocab.label(vocab.LANE_KINDS, self.kind, lang)


@dataclass(frozen=True)
class Channel(Entity):
    """A channel the user added to the project's catalogue (built-in ones live in ``vocab``)."""

    KIND: ClassVar[str] = "channel"
    id: str
    name: str = ""
    position: int = 0

    def __post_init__(self) -> None:
        _check_id("channel", self.id)
        if self.id in vocab.CHANNELS:
            raise ValidationError(_("Channel {id} is built in and cannot be redefined").format(id=shown_value(self.id)))
        _check_position("channel", self.position)
        _check_text("channel", "name", self.name, 1_000)


@dataclass(frozen=True)
class Touchpoint(Entity):
    """A card: one moment where the customer meets the organisation."""

    KIND: ClassVar[str] = "touchpoint"
    LIST_FIELDS: ClassVar[tuple[str, ...]] = ("emotion_words", "pain_points", "opportunities", "tags")
    id: str
    journey_id: str
    stage_id: str
    lane_id: str
    position: int = 0
    title: str = ""
    description: str = ""
    channel: str = ""
    category: str = ""
    contact: str = ""
    ownership: str = ""
    owner_team: str = ""
    expectation: str = ""
    experience: str = ""
    emotion: int | None = None
    emotion_words: tuple[str, ...] = ()
    emotional_weight: int | None = None
    importance: int | None = None
    satisfaction: int | None = None
    csat: float | None = None
    nps: int | None = None
    effort: int | None = None
    pain_points: tuple[str, ...] = ()
    opportunities: tuple[str, ...] = ()
    moment_of_truth: bool = False
    tags: tuple[str, ...] = ()
    notes: str = ""
    evidence: str = "assumed"
    # Not placed on the map yet: waiting in the journey's ideas inbox (stage and lane are a hint).
    inbox: bool = False
    # (format 4) The card of the current-state journey this one came from (a future state's copy),
    # and the journey this card opens (a sub-journey). Soft references: either may name something
    # deleted since, shown as broken, never an error.
    origin: str | None = None
    sub_journey: str | None = None
    # (format 5) An inbox idea whose stage nobody chose (a room's phone said "Not sure"): its stage is
    # only a placeholder, shown as not chosen until the idea is placed. Means nothing on a placed card;
    # placing a card or sending it back to the inbox clears it (the facilitator chose a stage).
    stage_unsure: bool = False

    def _plainly_valid(self) -> bool:
        """The checks of ``__post_init__`` in one quick pass, without messages (an import makes
        100,000 cards: the per-field checks were half its time). False sends the record through
        the full checks, which say what is wrong."""
        surrogate = _LONE_SURROGATE.search
        for v in (self.id, self.journey_id, self.stage_id, self.lane_id, self.channel):
            # ids are non-empty; the channel may be empty (a falsy id fails below in full)
            if type(v) is not str or len(v) > 200 or not (v.isascii() or not surrogate(v)):
                return False
        if not (self.id and self.journey_id and self.stage_id and self.lane_id):
            return False
        pos = self.position
        if type(pos) is not int or not 0 <= pos <= limits.MAX_POSITION:
            return False
        most = limits.MAX_TEXT
        for v in (self.title, self.description, self.owner_team, self.expectation, self.experience, self.notes):
            if type(v) is not str or len(v) > most or not (v.isascii() or not surrogate(v)):
                return False
        if self.category and self.category not in vocab.CATEGORIES:
            return False
        if self.contact and self.contact not in vocab.CONTACT_TYPES:
            return False
        if self.ownership and self.ownership not in vocab.OWNERSHIP:
            return False
        if self.evidence not in vocab.EVIDENCE:
            return False
        # The six scores written out (a call each was a sixth of the check).
        v = self.emotion
        if v is not None and not (type(v) is int and -3 <= v <= 3):
            return False
        v = self.emotional_weight
        if v is not None and not (type(v) is int and 0 <= v <= 100):
            return False
        v = self.importance
        if v is not None and not (type(v) is int and 1 <= v <= 5):
            return False
        v = self.satisfaction
        if v is not None and not (type(v) is int and 1 <= v <= 5):
            return False
        v = self.nps
        if v is not None and not (type(v) is int and -100 <= v <= 100):
            return False
        v = self.effort
        if v is not None and not (type(v) is int and 1 <= v <= 7):
            return False
        csat = self.csat
        if csat is not None and not (type(csat) in (int, float) and 0 <= csat <= 100):
            return False
        if not (type(self.moment_of_truth) is type(self.inbox) is type(self.stage_unsure) is bool):
            return False
        for v in (self.origin, self.sub_journey):
            if v is not None and (type(v) is not str or not v or len(v) > 200 or not (v.isascii() or not surrogate(v))):
                return False
        if self.sub_journey is not None and self.sub_journey == self.journey_id:
            return False
        for values in (self.emotion_words, self.pain_points, self.opportunities, self.tags):
            if type(values) is not tuple or len(values) > limits.MAX_LIST_ITEMS:
                return False
            for v in values:
                if type(v) is not str or len(v) > limits.MAX_LIST_ITEM_TEXT or not (v.isascii() or not surrogate(v)):
                    return False
        # The words are texts by now: a set of them against the vocabulary's keys, without a generator.
        return not self.emotion_words or vocab.EMOTION_WORDS.keys() >= set(self.emotion_words)

    def __post_init__(self) -> None:
        if self._plainly_valid():
            return
        e = "touchpoint"
        for name in ("id", "journey_id", "stage_id", "lane_id"):
            _check_id(e, getattr(self, name), name)
        _check_position(e, self.position)
        for name in ("title", "description", "owner_team", "expectation", "experience", "notes"):
            _check_text(e, name, getattr(self, name))
        _check_text(e, "channel", self.channel, 200)
        for name, allowed in (
            ("category", vocab.CATEGORIES),
            ("contact", vocab.CONTACT_TYPES),
            ("ownership", vocab.OWNERSHIP),
        ):
            if getattr(self, name):
                _check_key(e, name, getattr(self, name), allowed)
        _check_key(e, "evidence", self.evidence, vocab.EVIDENCE)
        _check_int(e, "emotion", self.emotion, -3, 3)
        _check_int(e, "emotional weight", self.emotional_weight, 0, 100)
        _check_int(e, "importance", self.importance, 1, 5)
        _check_int(e, "satisfaction", self.satisfaction, 1, 5)
        _check_float(e, "CSAT", self.csat, 0, 100)
        _check_int(e, "NPS", self.nps, -100, 100)
        _check_int(e, "effort", self.effort, 1, 7)
        for flag in ("moment_of_truth", "inbox", "stage_unsure"):
            if not isinstance(getattr(self, flag), bool):
                raise ValidationError(
                    _("{field} must be true or false").format(field=names.field(e, flag.replace("_", " ")))
                )
        for name in self.LIST_FIELDS:
            _check_texts(e, name.replace("_", " "), getattr(self, name))
        for word in self.emotion_words:
            _check_key(e, "emotion word", word, vocab.EMOTION_WORDS, key="emotion_words")
        for name in ("origin", "sub_journey"):
            if getattr(self, name) is not None:
                _check_id(e, getattr(self, name), name.replace("_", " "), key=name)
        if self.sub_journey is not None and self.sub_journey == self.journey_id:
            raise ValidationError(
                _("Touchpoint {title} cannot open its own journey").format(title=shown_value(self.title))
            )

    @property
    def stage_chosen(self) -> bool:
        """False for an inbox idea whose stage nobody chose yet: its stage is only a placeholder."""
        return not (self.inbox and self.stage_unsure)

    @property
    def gap(self) -> int | None:
        """Importance − satisfaction: where it is large, improve first."""
        if self.importance is None or self.satisfaction is None:
            return None
        return self.importance - self.satisfaction


@dataclass(frozen=True)
class Connection(Entity):
    """A directed edge: the next step a customer takes."""

    KIND: ClassVar[str] = "connection"
    id: str
    journey_id: str
    source_id: str
    target_id: str
    label: str = ""
    kind: str = "normal"
    share: float | None = None

    def _plainly_valid(self) -> bool:
        """The checks of ``__post_init__`` in one quick pass, without messages (a large map has
        thousands of connections to read); False sends the record through the full checks."""
        surrogate = _LONE_SURROGATE.search
        for v in (self.id, self.journey_id, self.source_id, self.target_id):
            if type(v) is not str or not v or len(v) > 200 or not (v.isascii() or not surrogate(v)):
                return False
        label, share = self.label, self.share
        if type(label) is not str or len(label) > 10_000 or not (label.isascii() or not surrogate(label)):
            return False
        if type(self.kind) is not str or self.kind not in vocab.CONNECTION_KINDS:
            return False
        return share is None or (type(share) in (int, float) and 0 <= share <= 100)  # NaN fails here too

    def __post_init__(self) -> None:
        if self._plainly_valid():
            return
        for name in ("id", "journey_id", "source_id", "target_id"):
            _check_id("connection", getattr(self, name), name)
        _check_text("connection", "label", self.label, 10_000)
        _check_key("connection", "kind", self.kind, vocab.CONNECTION_KINDS)
        _check_float("connection", "share of customers", self.share, 0, 100, key="share")


SURVEY_RANGES = {
    "nps": (0, 10),
    "csat": (1, 5),
    "ces": (1, 7),
    "emotion": (-3, 3),
    "importance": (1, 5),
    "satisfaction": (1, 5),
}


@dataclass(frozen=True)
class Response(Entity):
    """One raw survey answer about a touchpoint."""

    KIND: ClassVar[str] = "response"
    id: str
    touchpoint_id: str
    measure: str = "csat"
    score: int = 0
    date: str = ""
    comment: str = ""
    # Where the answer came from: "" for an imported survey, "room:<session id>" for a room session's rating.
    source: str = ""

    def __post_init__(self) -> None:
        _check_id("response", self.id)
        _check_text("response", "source", self.source, 200)
        _check_id("response", self.touchpoint_id, "touchpoint", key="touchpoint_id")
        _check_key("response", "measure", self.measure, vocab.SURVEY_MEASURES)
        lo, hi = SURVEY_RANGES[self.measure]
        _check_int("response", f"{self.measure} score", self.score, lo, hi, optional=False, key="score")
        _check_text("response", "date", self.date, 100)
        _check_text("response", "comment", self.comment)


@dataclass(frozen=True)
class Participant(Entity):
    """Someone in the room who votes: the project keeps a list to pick from in every session."""

    KIND: ClassVar[str] = "participant"
    id: str
    name: str = ""
    position: int = 0
    colour: str = "#4c72b0"

    def __post_init__(self) -> None:
        _check_id("participant", self.id)
        _check_position("participant", self.position)
        _check_text("participant", "name", self.name, limits.MAX_NAME)
        _check_colour("participant", self.colour)


@dataclass(frozen=True)
class VoteSession(Entity):
    """A dot-voting session on a journey (or a stage, or chosen cards), as Mural and Miro run them.

    ``state`` is ``open`` while people vote, then ``ended``: its votes can no longer change.
    ``hidden`` keeps the counts out of sight until the facilitator reveals them (``revealed``).
    """

    KIND: ClassVar[str] = "vote_session"
    LIST_FIELDS: ClassVar[tuple[str, ...]] = ("scope_ids", "participant_ids")
    id: str
    journey_id: str
    position: int = 0
    title: str = ""
    dots: int = 3  # per participant
    max_per_card: int = 3  # dots one participant may put on one card
    anonymous: bool = True
    hidden: bool = True
    state: str = "open"
    revealed: bool = False
    scope: str = "journey"  # journey, stage or cards
    scope_ids: tuple[str, ...] = ()  # the stage or the cards the session is about
    participant_ids: tuple[str, ...] = ()
    created: str = ""

    def __post_init__(self) -> None:
        e = "vote_session"
        _check_id(e, self.id)
        _check_id(e, self.journey_id, "journey", key="journey_id")
        _check_position(e, self.position)
        _check_text(e, "title", self.title, limits.MAX_NAME)
        # Up to a million: format 1's bare numbers become one session (see model/voting.py).
        _check_int(e, "dots per participant", self.dots, 1, 1_000_000, optional=False, key="dots")
        _check_int(e, "dots per card", self.max_per_card, 1, 1_000_000, optional=False, key="max_per_card")
        for flag in ("anonymous", "hidden", "revealed"):
            if not isinstance(getattr(self, flag), bool):
                raise ValidationError(_("{field} must be true or false").format(field=names.field(e, flag)))
        _check_key(e, "state", self.state, vocab.VOTE_STATES)
        _check_key(e, "scope", self.scope, vocab.VOTE_SCOPES)
        for name in self.LIST_FIELDS:
            value = getattr(self, name)
            if not isinstance(value, tuple) or len(value) > limits.MAX_PARTICIPANTS:
                raise ValidationError(
                    _("{field} must be a list of ids").format(field=names.field(e, name.replace("_", " ")))
                )
            for item in value:
                _check_id(e, item, key=name)
        _check_text(e, "created", self.created, 100)

    @property
    def shows_counts(self) -> bool:
        """Whether the room may see how many dots each card has."""
        return self.revealed or not self.hidden


@dataclass(frozen=True)
class Vote(Entity):
    """The dots one participant put on one card in one session."""

    KIND: ClassVar[str] = "vote"
    id: str
    session_id: str
    participant_id: str
    touchpoint_id: str
    dots: int = 1

    def __post_init__(self) -> None:
        for name in ("id", "session_id", "participant_id", "touchpoint_id"):
            _check_id("vote", getattr(self, name), name)
        _check_int("vote", "dots", self.dots, 1, 1_000_000, optional=False)


# -- opportunities and solutions (format 3) ------------------------------------------------


@dataclass(frozen=True)
class _Plan(Entity):
    """The planning fields opportunities and solutions share (TheyDo's): status, owner, effort, impact."""

    id: str
    position: int = 0
    title: str = ""
    description: str = ""
    status: str = "idea"
    owner: str = ""
    effort: int | None = None  # 1 (little) to 5 (a lot)
    impact: int | None = None  # 1 (little) to 5 (a lot)

    def __post_init__(self) -> None:
        e = self.KIND
        _check_id(e, self.id)
        _check_position(e, self.position)
        _check_text(e, "title", self.title, limits.MAX_NAME)
        _check_text(e, "description", self.description)
        _check_key(e, "status", self.status, vocab.PLAN_STATUSES)
        _check_text(e, "owner", self.owner, limits.MAX_NAME)
        _check_int(e, "effort", self.effort, 1, 5)
        _check_int(e, "impact", self.impact, 1, 5)


@dataclass(frozen=True)
class Opportunity(_Plan):
    """Work that would turn a bad moment good, linked to the steps and pain points it addresses.

    It belongs to the project, not to a journey: one opportunity may fix steps of several journeys.
    """

    KIND: ClassVar[str] = "opportunity"


@dataclass(frozen=True)
class Solution(_Plan):
    """A concrete piece of work that delivers one or more opportunities."""

    KIND: ClassVar[str] = "solution"


@dataclass(frozen=True)
class OpportunityLink(Entity):
    """An opportunity addresses a card, or one pain point of it (``pain_point`` as written on the card)."""

    KIND: ClassVar[str] = "opportunity_link"
    id: str
    opportunity_id: str
    touchpoint_id: str
    pain_point: str = ""  # empty: the step as a whole

    def __post_init__(self) -> None:
        for name in ("id", "opportunity_id", "touchpoint_id"):
            _check_id("opportunity_link", getattr(self, name), name)
        _check_text("opportunity_link", "pain point", self.pain_point, limits.MAX_LIST_ITEM_TEXT)


@dataclass(frozen=True)
class SolutionLink(Entity):
    """A solution delivers (part of) an opportunity."""

    KIND: ClassVar[str] = "solution_link"
    id: str
    solution_id: str
    opportunity_id: str

    def __post_init__(self) -> None:
        for name in ("id", "solution_id", "opportunity_id"):
            _check_id("solution_link", getattr(self, name), name)


# -- lane contents and checkpoints (format 4) ----------------------------------------------

IMAGE_TYPES = ("png", "jpeg", "webp")


def _check_blob(kind: str, name: str, value: Any, most: int) -> None:
    if value is None:
        return
    if not isinstance(value, bytes):
        raise ValidationError(
            _("{field} must be bytes, not {type}").format(field=names.field(kind, name), type=kind_of_value(value))
        )
    if len(value) > most:
        raise ValidationError(
            _("{field} is {size} bytes; at most {limit} fit: use a smaller one, then try again").format(
                field=names.field(kind, name), size=number(len(value)), limit=number(most)
            )
        )


@dataclass(frozen=True)
class LaneCell(Entity):
    """What a text, metric or storyboard lane holds at one stage: a text, a figure, a picture.

    Card lanes hold cards and the channel and emotion lanes are computed, so they have no cells.
    """

    KIND: ClassVar[str] = "lane_cell"
    id: str
    journey_id: str
    lane_id: str
    stage_id: str
    text: str = ""  # a text lane's words; a storyboard's caption
    value: float | None = None  # a metric lane's figure
    unit: str = ""  # "%", "€", "calls"
    period: str = ""  # "Q3 2026"
    source: str = ""  # where the figure comes from ("survey", "web analytics")
    image: bytes | None = None  # a storyboard's picture, re-encoded on the way in (limits.MAX_IMAGE_BYTES)
    image_type: str = ""  # png, jpeg or webp when there is an image

    def __post_init__(self) -> None:
        e = "lane_cell"
        for name in ("id", "journey_id", "lane_id", "stage_id"):
            _check_id(e, getattr(self, name), name)
        _check_text(e, "text", self.text)
        _check_float(e, "value", self.value, -limits.MAX_METRIC, limits.MAX_METRIC)
        for name in ("unit", "period", "source"):
            _check_text(e, name, getattr(self, name), limits.MAX_NAME)
        _check_blob(e, "image", self.image, limits.MAX_IMAGE_BYTES)
        if self.image is None:
            if self.image_type:
                raise ValidationError(
                    _("{field} names an image type but holds no image").format(field=names.kind_name(e, "Lane cell"))
                )
        elif self.image_type not in IMAGE_TYPES:
            raise ValidationError(
                _("{field} must be one of: {choices}").format(
                    field=names.field(e, "image type"), choices=", ".join(IMAGE_TYPES)
                )
            )


@dataclass(frozen=True)
class Checkpoint(Entity):
    """A named copy of one journey as it was, kept in the project file to compare with or restore.

    ``data`` is the journey in the JSON form (docs/json-format.md), zlib-compressed. ``journey_id``
    is a soft reference: a checkpoint outlives its journey (it can be restored as a new one).
    """

    KIND: ClassVar[str] = "checkpoint"
    id: str
    journey_id: str
    position: int = 0
    label: str = ""
    created: str = ""  # ISO 8601, local time with offset
    author: str = ""
    journey_name: str = ""  # as it was, to list a checkpoint whose journey is gone
    size: int = 0  # bytes of data, shown in the panel
    data: bytes = b""

    def __post_init__(self) -> None:
        e = "checkpoint"
        _check_id(e, self.id)
        _check_id(e, self.journey_id, "journey", key="journey_id")
        _check_position(e, self.position)
        for name in ("label", "author", "journey_name"):
            _check_text(e, name, getattr(self, name), limits.MAX_NAME)
        _check_text(e, "created", self.created, 100)
        _check_blob(e, "data", self.data, limits.MAX_CHECKPOINT_BYTES)
        if not isinstance(self.data, bytes):
            raise ValidationError(_("{field} must be bytes").format(field=names.field(e, "data")))
        _check_int(e, "size", self.size, 0, limits.MAX_CHECKPOINT_BYTES, optional=False)
        if self.size != len(self.data):
            raise ValidationError(
                _("{field} {size} does not match its data ({length} bytes)").format(
                    field=names.field(e, "size"), size=number(self.size), length=number(len(self.data))
                )
            )


ENTITY_TYPES: dict[str, type[Entity]] = {
    cls.KIND: cls
    for cls in (
        Persona,
        Journey,
        Stage,
        Lane,
        Channel,
        Touchpoint,
        Connection,
        Response,
        Participant,
        VoteSession,
        Vote,
        Opportunity,
        OpportunityLink,
        Solution,
        SolutionLink,
        LaneCell,
        Checkpoint,
    )
}

__all__ = [
    "ENTITY_TYPES",
    "Channel",
    "Checkpoint",
    "Connection",
    "Entity",
    "Journey",
    "Lane",
    "LaneCell",
    "Opportunity",
    "OpportunityLink",
    "Participant",
    "Persona",
    "ProjectInfo",
    "Response",
    "Solution",
    "SolutionLink",
    "Stage",
    "Touchpoint",
    "Vote",
    "VoteSession",
    "new_id",
]
