"""Touchpoints as a spreadsheet: CSV export, and import from CSV or .xlsx as one undoable command."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..document.commands import AddEntitiesCommand, AddJourneyCommand, Command, short_name
from ..i18n import N_, _, language, ngettext, number, translation
from ..model import Project, ValidationError, limits, new_id, vocab
from ..model.entities import Channel, Entity, Journey, Lane, Stage, Touchpoint
from ..model.voting import EARLIER_PARTICIPANT, counted_votes
from ..storage import atomic
from .columns import BY_FIELD, COLUMNS, LIST_SEPARATOR, VOCABS, guess_mapping
from .common import (
    Progress,
    RowError,
    check_delimiter,
    fold,
    imported_journey_name,
    quoted,
    summarize_errors,
    tick,
    unique_name,
    vocab_lookup,
)
from .tables import Table
from .values import BadValueError, cell_text, format_number, neutralize, parse_bool, parse_float, parse_int, parse_list

# -- export -------------------------------------------------------------------------


def _label(terms: dict[str, vocab.Term], key: str, lang: str) -> str:
    return vocab.label(terms, key, lang) if key else ""


def touchpoint_table(project: Project, journey_id: str, lang: str = "en") -> tuple[list[str], list[list[Any]]]:
    """Headers and typed rows (text, int, float or None) of a journey's cards, in journey order.

    The ideas waiting in the inbox follow, marked "Unplaced" (their stage and lane say where they would go).
    """
    journey = project.get("journey", journey_id)
    stages = {s.id: s for s in project.stages(journey_id)}
    lanes = {ln.id: ln for ln in project.lanes(journey_id)}
    t = translation(lang)
    yes, no = t.gettext("yes"), t.gettext("no")
    rows = []
    for tp in project.touchpoints(journey_id) + project.inbox(journey_id):
        st = stages[tp.stage_id]
        row: list[Any] = []
        for col in COLUMNS:
            f = col.field
            if f == "stage":
                v: Any = st.display_name(lang)
            elif f == "phase":
                v = journey.phase_name(st.phase, lang)
            elif f == "lane":
                v = lanes[tp.lane_id].display_name(lang)
            elif f == "channel":
                v = project.channel_name(tp.channel, lang)
            elif f == "emotion_words":
                v = LIST_SEPARATOR.join(_label(vocab.EMOTION_WORDS, w, lang) for w in tp.emotion_words)
            elif f == "votes":
                v = project.shown_votes(tp.id)
            elif col.kind == "vocab":
                v = _label(VOCABS[f], getattr(tp, f), lang)
            elif col.kind == "list":
                v = LIST_SEPARATOR.join(getattr(tp, f))
            elif col.kind == "bool":
                v = yes if getattr(tp, f) else no
            else:
                v = getattr(tp, f)
            row.append(v)
        rows.append(row)
    return [c.header(lang) for c in COLUMNS], rows


def touchpoints_csv_text(project: Project, journey_id: str, delimiter: str = ",", lang: str = "en") -> str:
    """The CSV text (no BOM): text neutralised against formulas, numbers as numbers.

    With ``;`` (Excel's delimiter where the decimal mark is a comma) decimals are written with a comma.
    """
    headers, rows = touchpoint_table(project, journey_id, lang)
    return _csv_text(headers, rows, delimiter)


def linked_touchpoints_csv_text(
    project: Project, journey_ids: Sequence[str], delimiter: str = ",", lang: str = "en"
) -> str:
    """The cards of several journeys (a journey and those its cards open) in one CSV, a Journey column first."""
    headers: list[str] = []
    rows: list[list[Any]] = []
    for jid in journey_ids:
        headers, some = touchpoint_table(project, jid, lang)
        name = project.get("journey", jid).name
        rows += [[name, *row] for row in some]
    return _csv_text([translation(lang).gettext("Journey"), *headers], rows, delimiter)


def _csv_text(headers: list[str], rows: list[list[Any]], delimiter: str) -> str:
    check_delimiter(delimiter)
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    comma = delimiter == ";"
    for row in rows:
        cells = []
        for v in row:
            if v is None:
                cells.append("")
            elif isinstance(v, bool):
                cells.append("yes" if v else "no")
            elif isinstance(v, (int, float)):
                cells.append(format_number(v, comma))
            else:
                cells.append(neutralize(v))
        writer.writerow(cells)
    return out.getvalue()


def write_touchpoints_csv(
    project: Project, journey_id: str, path: Path | str, delimiter: str = ",", lang: str = "en"
) -> None:
    """Write the CSV as UTF-8 with a BOM, so Excel shows accents right."""
    text = touchpoints_csv_text(project, journey_id, delimiter, lang)
    atomic.write_bytes(path, b"\xef\xbb\xbf" + text.encode("utf-8"))


# -- import: parsing ------------------------------------------------------------------

_CHOICE_LOOKUP = {f: vocab_lookup(terms) for f, terms in VOCABS.items()}


@dataclass
class ParsedRow:
    """One valid spreadsheet row: touchpoint fields plus where the card goes, by name."""

    row: int
    fields: dict[str, Any]
    stage: str = ""
    phase: str = ""
    lane: str = ""
    channel: str = ""


class InvalidRowsError(ValidationError):
    """Some rows are invalid and the user asked for all or nothing; ``errors`` lists them."""

    def __init__(self, errors: list[RowError], what: str = "rows") -> None:
        self.errors = errors
        n = len({e.row for e in errors})
        if what == "lines":
            text = ngettext(
                "{n} line is invalid, nothing was imported (use --skip-invalid to import the others): ",
                "{n} lines are invalid, nothing was imported (use --skip-invalid to import the others): ",
                n,
            )
        else:
            text = ngettext(
                "{n} row is invalid, nothing was imported (use --skip-invalid to import the others): ",
                "{n} rows are invalid, nothing was imported (use --skip-invalid to import the others): ",
                n,
            )
        super().__init__(text.format(n=number(n)) + summarize_errors(errors))


def _choices_text(terms: dict[str, vocab.Term]) -> str:
    """The labels a cell may hold, in the interface language (either language's label is accepted)."""
    lang = language()
    return ", ".join(t.label(lang) for t in terms.values())


def parse_cell(fieldname: str, value: Any) -> Any:
    """The model value of one cell, or :class:`BadValueError` saying why not."""
    col = BY_FIELD[fieldname]
    if col.kind in ("text", "stage", "lane", "channel"):
        return cell_text(value)
    if (col.lo, col.hi) == (0, 100) and isinstance(value, str) and value.rstrip().endswith("%"):
        # CSAT and the emotional weight count from 0 to 100: "80%" and "75,5 %" are how people write them.
        value = value.rstrip()[:-1]
    if col.kind == "int":
        return parse_int(value, int(col.lo), int(col.hi))  # type: ignore[arg-type]
    if col.kind == "float":
        return parse_float(value, col.lo, col.hi)  # type: ignore[arg-type]
    if col.kind == "bool":
        return parse_bool(value)
    if col.kind == "list":
        return parse_list(value)
    if col.kind == "words":
        out = []
        for word in parse_list(value.replace(",", "\n").replace(";", "\n") if isinstance(value, str) else value):
            key = _CHOICE_LOOKUP[fieldname].get(fold(word))
            if key is None:
                raise BadValueError(
                    _("{word} is not an emotion word (Plutchik's: joy, trust, fear, surprise, sadness…)").format(
                        word=quoted(word)
                    )
                )
            out.append(key)
        return tuple(dict.fromkeys(out))
    # vocab and phase: a key or a label in English or Spanish
    text = cell_text(value)
    if not text:
        return ""
    key = _CHOICE_LOOKUP[fieldname].get(fold(text))
    if key is None:
        if fieldname == "phase":
            return text  # a journey's own name for a phase ("Before the visit"): placing the rows resolves it
        raise BadValueError(
            _("{value} is not one of: {choices}").format(value=quoted(text), choices=_choices_text(VOCABS[fieldname]))
        )
    return key


@dataclass
class TouchpointImport:
    """A spreadsheet read and checked, ready to become one command against a project."""

    table: Table
    mapping: dict[int, str]
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def invalid_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    def summary(self) -> str:
        """What the check found, in the interface language: "3 valid rows; 1 invalid row; …"."""
        n, bad = len(self.rows), len(self.invalid_rows)
        parts = [ngettext("{n} valid row", "{n} valid rows", n).format(n=number(n))]
        if self.errors:
            parts.append(ngettext("{n} invalid row", "{n} invalid rows", bad).format(n=number(bad)))
        if self.unknown_columns:
            names = ", ".join(quoted(name) for name in self.unknown_columns)
            parts.append(_("ignored columns: {names}").format(names=names))
        return "; ".join(parts)


def check_table(
    table: Table, mapping: dict[int, str] | None = None, progress: Progress | None = None
) -> TouchpointImport:
    """Read every row against the column mapping (guessed from the headers when not given)."""
    mapping = dict(guess_mapping(table.headers) if mapping is None else mapping)
    if "title" not in mapping.values():
        heads = ", ".join(quoted(h) for h in table.headers if h) or _("none")
        raise ValidationError(
            _("{source}: no title column found (headers: {headers}); name one column “title” or “título”").format(
                source=table.source or _("The spreadsheet"), headers=heads
            )
        )
    # A column without a heading is not named: what would the summary call it?
    unknown = [h for i, h in enumerate(table.headers) if i not in mapping and (h or "").strip()]
    plan = TouchpointImport(table, mapping, unknown_columns=unknown)
    total = len(table.rows)
    for k, (rownum, cells) in enumerate(table.rows):
        if k % 1000 == 0:
            tick(progress, k, total)
        values: dict[str, Any] = {}
        row_errors = []
        for i, fname in mapping.items():
            raw = cells[i] if i < len(cells) else None
            try:
                values[fname] = parse_cell(fname, raw)
            except BadValueError as exc:
                row_errors.append(RowError(rownum, fname.replace("_", " "), str(exc)))
        if not row_errors and not values.get("title"):
            row_errors.append(RowError(rownum, "title", _("the title is empty")))
        if row_errors:
            plan.errors.extend(row_errors)
            continue
        where = {k: values.pop(k, "") for k in ("stage", "phase", "lane", "channel")}
        fields = {k: v for k, v in values.items() if v is not None and v != ""}
        try:
            # Build once here so a value the model refuses is reported with its row.
            Touchpoint(id="x", journey_id="x", stage_id="x", lane_id="x", **{k: v for k, v in fields.items()
                                                                              if k != "votes"})
        except ValidationError as exc:
            plan.errors.append(RowError(rownum, "", str(exc)))
            continue
        plan.rows.append(ParsedRow(rownum, fields, **where))
    tick(progress, total, total)
    return plan


# -- import: placing the cards -------------------------------------------------------

def _and_halves(names: Sequence[str]) -> list[str]:
    """``names`` and, after them, each half of one written "A / B" ("Soporte / postventa": a sheet says either)."""
    halves = [part.strip() for n in names if "/" in n for part in n.split("/") if part.strip()]
    return [*names, *halves]


_STAGE_TERMS: dict[str, vocab.Term] = {}
for _term, _phase in vocab.DEFAULT_STAGES:
    for _text in _and_halves([_term.key, *_term.labels()]):
        _STAGE_TERMS.setdefault(fold(_text), _term)
_STAGE_PHASE = {term.key: phase for term, phase in vocab.DEFAULT_STAGES}
_LANE_TERMS = vocab_lookup(vocab.CARD_LANE_KINDS)
_CHANNEL_TERMS = vocab_lookup(vocab.CHANNELS)


class Placer:
    """Finds or creates the stages, lanes and channels that rows name, for one journey."""

    def __init__(self, project: Project, journey_id: str) -> None:
        self.project = project
        self.journey_id = journey_id
        self.stages = list(project.stages(journey_id))
        self.lanes = list(project.lanes(journey_id))
        self.new: list[Entity] = []
        self.stage_by_name: dict[str, str] = {}
        for s in self.stages:
            self._remember_stage(s)
        self.lane_by_name: dict[str, str] = {}
        for ln in self.lanes:
            self._remember_lane(ln)
        self.channel_by_name: dict[str, str] = {}
        for ch in project.channels():
            self.channel_by_name.setdefault(fold(ch.name), ch.id)
            self.channel_by_name.setdefault(fold(ch.id), ch.id)
        self.next_channel_pos = max((c.position for c in project.channels()), default=-1) + 1
        self.cell_next: dict[tuple[str, str], int] = {}
        for tp in project.touchpoints(journey_id):
            key = (tp.stage_id, tp.lane_id)
            self.cell_next[key] = max(self.cell_next.get(key, 0), tp.position + 1)
        self.created: dict[str, list[str]] = {"stages": [], "lanes": [], "channels": []}
        self._folds: dict[str, str] = {}

    def _remember_stage(self, s: Stage) -> None:
        names = [s.name] if s.name else _and_halves([s.display_name("en"), s.display_name("es"), s.key])
        for n in names:
            self.stage_by_name.setdefault(fold(n), s.id)

    def _remember_lane(self, ln: Lane) -> None:
        names = [ln.name] if ln.name else [ln.display_name("en"), ln.display_name("es"), ln.kind]
        for n in names:
            self.lane_by_name.setdefault(fold(n), ln.id)

    def stage(self, name: str, phase: str) -> str:
        if not name:
            if self.stages:
                return self.stages[0].id
            term, ph = vocab.DEFAULT_STAGES[0]
            return self._add_stage("", term.key, phase or ph)
        sid = self.stage_by_name.get(self._fold(name))
        if sid is not None:
            return sid
        term = _STAGE_TERMS.get(self._fold(name))
        if term is not None and not any(s.key == term.key and not s.name for s in self.stages):
            return self._add_stage("", term.key, phase or _STAGE_PHASE[term.key])
        fallback = self.stages[-1].phase if self.stages else "before"
        return self._add_stage(name, "", phase or fallback)

    def _fold(self, name: str) -> str:
        # Every row names its stage and lane: fold each distinct name once, not once a row.
        folded = self._folds.get(name)
        if folded is None:
            folded = self._folds[name] = fold(name)
        return folded

    def _add_stage(self, name: str, key: str, phase: str) -> str:
        pos = self.stages[-1].position + 1 if self.stages else 0
        s = Stage(id=new_id("st"), journey_id=self.journey_id, position=pos, name=name, key=key, phase=phase)
        self.stages.append(s)
        self.new.append(s)
        self._remember_stage(s)
        self.created["stages"].append(s.display_name())
        return s.id

    def lane(self, name: str) -> str:
        if not name:
            for ln in self.lanes:
                if ln.kind == "touchpoints":
                    return ln.id
            holding = [ln for ln in self.lanes if ln.holds_cards]
            if holding:
                return holding[0].id
            return self._add_lane("", "touchpoints")
        lid = self.lane_by_name.get(self._fold(name))
        if lid is not None:
            if not self._holds_cards(lid):
                raise ValidationError(
                    _(
                        "The lane {name} holds text, figures or pictures, not cards: "
                        "name a lane of cards in that column"
                    ).format(name=quoted(name))
                )
            return lid
        kind = _LANE_TERMS.get(self._fold(name))
        if kind is not None:
            return self._add_lane("", kind)
        return self._add_lane(name, "touchpoints")

    def _holds_cards(self, lane_id: str) -> bool:
        return next((ln.holds_cards for ln in self.lanes if ln.id == lane_id), True)

    def _add_lane(self, name: str, kind: str) -> str:
        pos = self.lanes[-1].position + 1 if self.lanes else 0
        ln = Lane(id=new_id("ln"), journey_id=self.journey_id, position=pos, name=name, kind=kind)
        self.lanes.append(ln)
        self.new.append(ln)
        self._remember_lane(ln)
        self.created["lanes"].append(ln.display_name())
        return ln.id

    def channel(self, name: str) -> str:
        if not name:
            return ""
        found = self.channel_by_name.get(self._fold(name)) or _CHANNEL_TERMS.get(self._fold(name))
        if found is not None:
            return found
        ch = Channel(id=new_id("ch"), name=name, position=self.next_channel_pos)
        self.next_channel_pos += 1
        self.new.append(ch)
        self.channel_by_name[self._fold(name)] = ch.id
        self.created["channels"].append(name)
        return ch.id

    def order_new_lanes(self, cells: Sequence[tuple[str, str]]) -> None:
        """Give new lanes the order the rows imply: within each stage, lanes appear top to bottom.

        Rows come stage by stage, so first appearance alone would put a lane that is empty in
        the first stages below lanes that really come after it.
        """
        import networkx as nx

        new_ids = [e.id for e in self.new if isinstance(e, Lane)]
        if len(new_ids) < 2:
            return
        first = {lid: i for i, lid in enumerate(new_ids)}
        graph = nx.DiGraph()
        graph.add_nodes_from(new_ids)
        last: dict[str, str] = {}
        for stage_id, lane_id in cells:
            prev = last.get(stage_id)
            if prev is not None and prev != lane_id and prev in first and lane_id in first:
                graph.add_edge(prev, lane_id)
            last[stage_id] = lane_id
        try:
            order = list(nx.lexicographical_topological_sort(graph, key=first.__getitem__))
        except nx.NetworkXUnfeasible:
            return  # the rows contradict each other: keep the order of first appearance
        base = min(e.position for e in self.new if isinstance(e, Lane))
        pos = {lid: base + i for i, lid in enumerate(order)}
        self.new = [e.evolve(position=pos[e.id]) if isinstance(e, Lane) else e for e in self.new]
        self.created["lanes"] = [
            ln.display_name() for ln in sorted((e for e in self.new if isinstance(e, Lane)), key=lambda ln: ln.position)
        ]

    def next_position(self, stage_id: str, lane_id: str) -> int:
        key = (stage_id, lane_id)
        pos = self.cell_next.get(key, 0)
        self.cell_next[key] = pos + 1
        return pos


@dataclass
class ImportOutcome:
    """What an import will add: the command to run and a summary to show."""

    command: Command
    journey_id: str
    touchpoint_ids: list[str]
    created: dict[str, list[str]]
    skipped_rows: list[int]

    def summary(self) -> str:
        """What the import adds, in the interface language: "12 touchpoints; new lanes: “Backstage”; …"."""
        n = len(self.touchpoint_ids)
        parts = [ngettext("{n} touchpoint", "{n} touchpoints", n).format(n=number(n))]
        for what, names in self.created.items():
            if names:
                parts.append(_(_CREATED[what]).format(names=", ".join(quoted(name) for name in names)))
        if self.skipped_rows:
            # Row numbers are the spreadsheet's labels, written as it shows them (no thousands separator).
            rows = ", ".join(map(str, self.skipped_rows[:20])) + ("…" if len(self.skipped_rows) > 20 else "")
            parts.append(_("skipped invalid rows: {rows}").format(rows=rows))
        return "; ".join(parts)


_CREATED = {
    "stages": N_("new stages: {names}"),
    "lanes": N_("new lanes: {names}"),
    "channels": N_("new channels: {names}"),
}


def phase_keys(values: Sequence[str], journey: Journey | None = None) -> dict[str, str]:
    """The phase key each phase cell stands for: a built-in key as it is, a name the target journey gives a
    phase as that phase, and any other name as the next phase no other cell took (rows come in journey
    order, so a journey exported with its own phase names comes back with them). Names past the last
    free phase are left out: their stages fall back as if the cell were empty."""
    keys = {v: v for v in values if v in vocab.PHASES}
    own = {}
    if journey is not None:
        own = {fold(getattr(journey, f"phase_{p}")): p for p in vocab.PHASES if getattr(journey, f"phase_{p}")}
    unknown = []
    for v in dict.fromkeys(values):
        if not v or v in keys:
            continue
        if fold(v) in own:
            keys[v] = own[fold(v)]
        else:
            unknown.append(v)
    free = [p for p in vocab.PHASES if p not in keys.values()]
    keys.update(zip(unknown, free, strict=False))
    return keys


def new_journey(project: Project, name: str, persona_id: str | None = None) -> Journey:
    pos = max((j.position for j in project.journeys()), default=-1) + 1
    return Journey(id=new_id("jr"), name=name, position=pos, persona_id=persona_id)


def place_rows(
    project: Project,
    rows: Sequence[ParsedRow],
    journey_id: str | None = None,
    journey_name: str | None = None,
    describe: Callable[[str], str] | None = None,
    skipped_rows: Sequence[int] = (),
    journey_fields: dict[str, Any] | None = None,
    extra: Sequence[Entity] = (),
    stage_names: Sequence[str] = (),
) -> ImportOutcome:
    """The command adding ``rows`` to a journey (an existing one, or a new one named ``journey_name``).

    ``describe`` names the undo step from the journey's name (a new one's is known only here, made unique).
    """
    problem = limits.growth_problem(
        {"touchpoint": len(project.tables["touchpoint"]), "journey": len(project.tables["journey"])},
        {"touchpoint": len(rows), "journey": 1 if journey_id is None else 0},
    )
    for kind, names in (("stage", {r.stage for r in rows} | set(stage_names)), ("lane", {r.lane for r in rows})):
        problem = problem or limits.over_limit(kind, len(names), per_journey=True)
    if problem:
        raise ValidationError(problem)
    journey: Journey | None = None
    if journey_id is None:
        taken = [j.name for j in project.journeys()]
        name = unique_name(journey_name or imported_journey_name(project.info.lang), taken)
        journey = new_journey(project, name).evolve(**(journey_fields or {}))
        journey_id = journey.id
        phases = phase_keys([r.phase for r in rows])
        # The new journey keeps the phase names the rows give (unless the caller named its phases).
        named = {
            f"phase_{key}": value
            for value, key in phases.items()
            if value not in vocab.PHASES and not getattr(journey, f"phase_{key}") and len(value) <= limits.MAX_NAME
        }
        journey = journey.evolve(**named)
    else:
        phases = phase_keys([r.phase for r in rows], project.get("journey", journey_id))
    placer = Placer(project, journey_id)
    for name in stage_names:  # stages named up front keep their order even when empty
        placer.stage(name, "")
    cards: list[Entity] = []
    votes: dict[str, int] = {}
    inbox_position = max((tp.position for tp in project.inbox(journey_id)), default=-1) + 1
    for r in rows:
        sid = placer.stage(r.stage, phases.get(r.phase, ""))
        lid = placer.lane(r.lane)
        ch = placer.channel(r.channel)
        fields = dict(r.fields)
        dots = fields.pop("votes", None)  # a "votes" column: dots, kept as an ended voting session
        if fields.get("inbox"):  # an unplaced idea goes back to the inbox, its cell kept as the hint
            position, inbox_position = inbox_position, inbox_position + 1
        else:
            position = placer.next_position(sid, lid)
        tp = Touchpoint(
            id=new_id("tp"),
            journey_id=journey_id,
            stage_id=sid,
            lane_id=lid,
            position=position,
            channel=ch,
            **fields,
        )
        cards.append(tp)
        if dots:
            votes[tp.id] = dots
    placer.order_new_lanes([(tp.stage_id, tp.lane_id) for tp in cards])  # type: ignore[attr-defined]
    entities = placer.new + cards + list(extra)
    if votes:
        lang = project.info.lang
        entities += counted_votes(
            journey_id, votes, lang, session_id=new_id("vs"), title=translation(lang).gettext("Imported votes"),
            with_participant=EARLIER_PARTICIPANT not in project.tables["participant"],
        )
    into = journey.name if journey is not None else project.get("journey", journey_id).name
    description = describe(into) if describe is not None else import_text(len(cards), "", into)
    if journey is not None:
        cmd: Command = AddJourneyCommand(journey.name, entities=[journey, *entities])
        cmd.description = description
    else:
        cmd = AddEntitiesCommand(entities, description)
    return ImportOutcome(cmd, journey_id, [c.id for c in cards], placer.created, list(skipped_rows))


def plan_import(
    project: Project,
    plan: TouchpointImport,
    journey_id: str | None = None,
    journey_name: str | None = None,
    skip_invalid: bool = False,
) -> ImportOutcome:
    """The one command importing the valid rows; with invalid rows and no ``skip_invalid`` it raises."""
    if plan.errors and not skip_invalid:
        raise InvalidRowsError(plan.errors)
    if not plan.rows:
        raise ValidationError(
            _("{source}: there are no valid rows to import").format(source=plan.table.source or _("The spreadsheet"))
        )
    return place_rows(
        project,
        plan.rows,
        journey_id,
        journey_name,
        describe=lambda into: import_text(len(plan.rows), plan.table.source, into),
        skipped_rows=plan.invalid_rows,
    )


def import_text(n: int, source: str, journey: str) -> str:
    """An import's undo step: how many cards, from which file, into which journey, the names quoted.

    "Undo Import 12 touchpoints from notes.csv" did not say where they went, and a file name of several
    words ran into the sentence.
    """
    names = {"n": number(n), "source": short_name(source), "journey": short_name(journey)}
    if source and journey:
        return ngettext(
            "Import {n} touchpoint from “{source}” into “{journey}”",
            "Import {n} touchpoints from “{source}” into “{journey}”",
            n,
        ).format(**names)
    if journey:
        return ngettext("Import {n} touchpoint into “{journey}”", "Import {n} touchpoints into “{journey}”", n).format(
            **names
        )
    return ngettext("Import {n} touchpoint", "Import {n} touchpoints", n).format(**names)


__all__ = [
    "ImportOutcome",
    "InvalidRowsError",
    "ParsedRow",
    "TouchpointImport",
    "check_table",
    "import_text",
    "parse_cell",
    "place_rows",
    "plan_import",
    "touchpoint_table",
    "touchpoints_csv_text",
    "write_touchpoints_csv",
]
