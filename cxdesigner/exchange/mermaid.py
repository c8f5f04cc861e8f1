"""Mermaid ``journey`` text: sections are stages, tasks are touchpoints, the actor is the persona."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..document.commands import short_name
from ..i18n import _, ngettext, number, os_reason
from ..model import Project, ValidationError
from ..model.entities import Entity, Persona
from ..storage import regular
from . import tables
from .common import RowError, fold, imported_journey_name, persona_name, quoted
from .touchpoints import ImportOutcome, InvalidRowsError, ParsedRow, import_text, place_rows

# Emotion −3..+3 → Mermaid's score 1..5 (3 is neutral), published in docs/cli.md.
# It is round(3 + emotion / 1.5): the extremes stay extremes, ±1 and ±2 share a score.
EMOTION_TO_SCORE = {-3: 1, -2: 2, -1: 2, 0: 3, 1: 4, 2: 4, 3: 5}
# And back: round((score − 3) × 1.5).
SCORE_TO_EMOTION = {1: -3, 2: -2, 3: 0, 4: 2, 5: 3}
# A card without an emotion is written as neutral.
NO_EMOTION_SCORE = 3

# Mermaid's journey lexer ends a name at these characters, so they are swapped for look-alikes.
_SWAPS = {"\r\n": " ", "\n": " ", "\r": " ", "#": "＃", ":": "：", ";": "；", "%%": "%\u200b%"}
# And back on import: the look-alikes stand for the characters Mermaid cannot hold in a name (its
# lexer has no escape: entity codes start with "#", which ends the name too). A title with a colon
# ("Checkout: payment") is common in a map; a full-width colon typed on purpose is rare, and reading
# it as ":" changes only its width, where keeping it changed every such title after a round trip.
_UNSWAPS = {"＃": "#", "：": ":", "；": ";", "%\u200b%": "%%"}
# A name starting with a keyword would be read as that statement.
_KEYWORDS = ("title", "section", "acctitle", "accdescr", "journey")
ZWSP = "\u200b"



MAX_BYTES = 20_000_000  # a Mermaid diagram is text someone wrote; anything larger is not one


def read_mermaid_file(path: Path) -> str:
    """The text of a small file in UTF-8 (with or without BOM), UTF-16 or Windows-1252."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ValidationError(
                _("{name}: the file is {size} MB; a Mermaid diagram is much smaller").format(
                    name=path.name, size=size // 1_000_000
                )
            )
        # Only a regular file: a pipe would wait for a writer for ever, holding the import worker.
        data = regular.read_bytes(path, MAX_BYTES)
    except OSError as exc:
        raise ValidationError(
            _("{path}: cannot read the file ({reason})").format(path=path, reason=os_reason(exc))
        ) from exc
    text, _encoding = tables.decode_bytes(data)
    return text


def _clean(text: str) -> str:
    for bad, good in _SWAPS.items():
        text = text.replace(bad, good)
    text = " ".join(text.split())
    if fold(text).startswith(_KEYWORDS):
        text = ZWSP + text
    return text


def _restore(text: str) -> str:
    """A name as it was before :func:`_clean` swapped Mermaid's separators for look-alikes."""
    for good, bad in _UNSWAPS.items():
        text = text.replace(good, bad)
    return text


def emotion_score(emotion: int | None) -> int:
    return NO_EMOTION_SCORE if emotion is None else EMOTION_TO_SCORE[emotion]


def to_mermaid(project: Project, journey_id: str, lang: str = "en") -> str:
    """The journey as Mermaid text; every stage becomes a section, even an empty one."""
    j = project.get("journey", journey_id)
    actor = _clean(persona_name(project, j)).replace(",", "，")
    lines = ["journey", f"    title {_clean(j.name) or 'Journey'}"]
    cards = project.touchpoints(journey_id)
    for st in project.stages(journey_id):
        lines.append(f"    section {_clean(st.display_name(lang)) or '-'}")
        for tp in (t for t in cards if t.stage_id == st.id):
            task = f"      {_clean(tp.title) or '-'}: {emotion_score(tp.emotion)}"
            lines.append(task + (f": {actor}" if actor else ""))
    return "\n".join(lines) + "\n"


@dataclass
class MermaidJourney:
    """What a Mermaid journey says: a title, the actors, and tasks grouped in sections."""

    title: str = ""
    rows: list[ParsedRow] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def parse_mermaid(text: str) -> MermaidJourney:
    """Read Mermaid ``journey`` text; bad lines are reported as ``line N, score: …``."""
    out = MermaidJourney()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = 0
    # Optional front matter: ---\ntitle: …\n---
    if lines and lines[0].strip() == "---":
        for k in range(1, len(lines)):
            if lines[k].strip() == "---":
                for fm in lines[1:k]:
                    m = re.match(r"\s*title\s*:\s*(.*)$", fm)
                    if m:
                        out.title = m.group(1).strip().strip("\"'")
                i = k + 1
                break
    section = ""
    seen_header = False
    seen_actors: set[str] = set()
    for n in range(i, len(lines)):
        raw = lines[n]
        line = re.sub(r"%%(?!\{).*$", "", raw).strip()
        if not line:
            continue
        lineno = n + 1
        if not seen_header:
            if line.split()[0] != "journey":
                raise ValidationError(
                    _("line {n}: not a Mermaid journey (it must start with “journey”)").format(n=number(lineno))
                )
            seen_header = True
            continue
        word = line.split(maxsplit=1)
        head = word[0].casefold()
        rest = word[1].strip() if len(word) > 1 else ""
        if head == "title":
            out.title = _restore(rest.removeprefix(ZWSP))
            continue
        if head == "section":
            section = _restore(rest.removeprefix(ZWSP))
            out.sections.append(section)
            continue
        if head.startswith(("acctitle", "accdescr")):
            continue
        parts = line.split(":")
        name = _restore(parts[0].strip().removeprefix(ZWSP))
        if len(parts) < 2 or not name:
            refusal = _("{line} is not a task (“Task: score: actors”)").format(line=quoted(line, 60))
            out.errors.append(RowError(lineno, "", refusal, "line"))
            continue
        score_text = parts[1].strip()
        try:
            score = int(score_text)
        except ValueError:
            score = None
        if score not in SCORE_TO_EMOTION:
            refusal = _("{score} is not a Mermaid score from 1 to 5").format(score=quoted(score_text))
            out.errors.append(RowError(lineno, "score", refusal, "line"))
            continue
        actors = [_restore(a.strip()).replace("，", ",") for a in ":".join(parts[2:]).split(",") if a.strip()]
        for a in actors:
            if a not in seen_actors:  # a set: thousands of actors must not cost a scan each
                seen_actors.add(a)
                out.actors.append(a)
        out.rows.append(ParsedRow(lineno, {"title": name, "emotion": SCORE_TO_EMOTION[score]}, stage=section))
    if not seen_header:
        raise ValidationError(_("The text is empty: a Mermaid journey starts with “journey”"))
    return out


def plan_mermaid_import(
    project: Project,
    text: str,
    journey_id: str | None = None,
    journey_name: str | None = None,
    skip_invalid: bool = False,
    source: str = "",
) -> ImportOutcome:
    """One command adding the tasks: to an existing journey, or to a new one with the title and actor."""
    parsed = parse_mermaid(text)
    if parsed.errors and not skip_invalid:
        raise InvalidRowsError(parsed.errors, "lines")
    if not parsed.rows and journey_id is not None:
        raise ValidationError(_("The Mermaid journey has no tasks to import"))
    extra: list[Entity] = []
    fields: dict[str, object] = {}
    if journey_id is None and parsed.actors:
        actor = parsed.actors[0]
        persona = next((p for p in project.personas() if fold(p.name) == fold(actor)), None)
        if persona is None:
            from ..model import new_id

            pos = max((p.position for p in project.personas()), default=-1) + 1
            persona = Persona(id=new_id("ps"), name=actor, position=pos)
            extra.append(persona)
        fields["persona_id"] = persona.id
    name = journey_name or parsed.title or imported_journey_name(project.info.lang)
    n = len(parsed.rows)

    def describe(into: str) -> str:
        if source:
            return import_text(n, source, into)
        return ngettext(
            "Import {n} touchpoint from Mermaid into “{journey}”",
            "Import {n} touchpoints from Mermaid into “{journey}”",
            n,
        ).format(n=number(n), journey=short_name(into))

    return place_rows(
        project,
        parsed.rows,
        journey_id,
        name,
        describe=describe,
        skipped_rows=sorted({e.row for e in parsed.errors}),
        journey_fields=fields,
        extra=extra,
        stage_names=parsed.sections,
    )


__all__ = [
    "EMOTION_TO_SCORE",
    "NO_EMOTION_SCORE",
    "SCORE_TO_EMOTION",
    "MermaidJourney",
    "parse_mermaid",
    "plan_mermaid_import",
    "to_mermaid",
]
