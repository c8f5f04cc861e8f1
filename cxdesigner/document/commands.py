"""Document commands: every change to a project, as a Qt-free do/undo pair.

A command works out its change set against the project the first time it is
done and keeps it; undo applies the inverse. Because undo and redo are strictly
linear, the project is in the same state every time a command is redone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..i18n import N_, _, name_in_text, ngettext, number
from ..model import (
    Change,
    Channel,
    Connection,
    Entity,
    Journey,
    Lane,
    Persona,
    Project,
    Stage,
    Touchpoint,
    ValidationError,
    jsonformat,
    names,
    new_id,
    vocab,
)
from ..model.entities import shown_value

if TYPE_CHECKING:
    from .document import Document

# What an edit names in the undo menu ("Undo Change emotion"), by field; other fields show as named.
# The same labels name the fields in the model's refusals: one table, in model/names.py.
FIELD_NAMES = names.FIELD_LABELS


def named(template: str, bare: str, **names: str) -> str:
    """An undo step's name with what the user typed in it: ``template`` (its msgid puts each name in the
    language's quotation marks, as the rest of the interface does) or ``bare`` when a name is blank.

    Unquoted, "Add stage Check in" read as one phrase, and a blank name left "Add stage “”". Each name goes in
    as :func:`~cxdesigner.i18n.name_in_text` shows it: a right-to-left override in a card's title turned the
    rest of the step, and the "Undo" before it, around.
    """
    if not all(str(v).strip() for v in names.values()):
        return bare
    return template.format(**{key: name_in_text(str(value)) for key, value in names.items()})


NAME_IN_STEP = 24  # characters of each of two names in one undo step: the menu shows 80 (qtcommands.menu_detail)


def short_name(text: str, limit: int = NAME_IN_STEP) -> str:
    """A name as an undo step quotes it beside another: on one line, cut between words with "…" past ``limit``,
    as :func:`~cxdesigner.i18n.name_in_text` puts every name into a sentence.

    A card's title may be a paragraph; cut only by the menu, "Rename touchpoint “…”" lost the new name.
    """
    return name_in_text(text, limit)


def change_text(fields: Iterable[str]) -> str:
    """The undo menu's name for an edit of ``fields``: "Change emotion", "Cambiar emoción, importancia"."""
    what = ", ".join(_(FIELD_NAMES[f]).lower() if f in FIELD_NAMES else f.replace("_", " ") for f in fields)
    return _("Change {fields}").format(fields=what)


class Command:
    """Base of all document commands: an id, a description, do and undo."""

    def __init__(self, description: str) -> None:
        import uuid  # here, not at the top: the window maps before the first command (uuid brings platform)

        self.id = uuid.uuid4().hex
        self.description = description
        self.revision = 0

    def do(self, doc: Document) -> None:
        raise NotImplementedError

    def undo(self, doc: Document) -> None:
        raise NotImplementedError

    # Consecutive edits of the same thing merge into one undo step (the inspector's typing).
    def merge_key(self) -> Any:
        return None

    def merge_with(self, other: Command) -> bool:
        return False

    def weight(self) -> int:
        """About how many records the command changes, where that is known before it runs.

        A window shows a busy pointer while a heavy one runs: deleting or bringing back thousands of
        cards keeps the window busy for a second.
        """
        return 0

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.description!r}>"


class ChangeCommand(Command):
    """A command whose effect is one change set, worked out by :meth:`build`."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.changes: list[Change] | None = None

    def build(self, project: Project) -> list[Change]:
        raise NotImplementedError

    def prepare(self, project: Project) -> list[Change]:
        """The changes :meth:`do` will apply, worked out now from ``project`` and kept for it.

        For a caller that must know them first (a drop pushes no empty undo step) and does the command
        straight after, with nothing changed in between: the changes are not worked out twice.
        """
        if self.changes is None:
            self.changes = self.build(project)
        return self.changes

    def do(self, doc: Document) -> None:
        if self.changes is None:
            changes = self.build(doc.project)
            doc.apply_changes(changes)
            self.changes = changes
        else:
            doc.apply_changes(self.changes)

    def undo(self, doc: Document) -> None:
        assert self.changes is not None, "undo of a command that was never done"
        doc.apply_changes([c.inverse() for c in reversed(self.changes)])

    def weight(self) -> int:
        return len(self.changes) if self.changes is not None else 0


class MacroCommand(Command):
    """Several commands as one undo step.

    The document runs the whole macro as one unit (one transaction, one notification), so a
    part that fails leaves nothing of the others behind: there is nothing to compensate here.
    """

    def __init__(self, description: str, commands: Sequence[Command]) -> None:
        self.commands = list(commands)
        super().__init__(description)

    @property  # type: ignore[override]
    def description(self) -> str:
        """The macro's own name, or else its one step's: a rename knows the old name only once it is done,
        and a click wrapped on its own (panels.edits.discrete) took the step's name before that."""
        if not self._description and len(self.commands) == 1:
            return self.commands[0].description
        return self._description

    @description.setter
    def description(self, text: str) -> None:
        self._description = text

    def do(self, doc: Document) -> None:
        for cmd in self.commands:
            cmd.do(doc)

    def undo(self, doc: Document) -> None:
        for cmd in reversed(self.commands):
            cmd.undo(doc)

    def weight(self) -> int:
        return sum(cmd.weight() for cmd in self.commands)


class RevertToBackupCommand(ChangeCommand):
    """Turn the project into a backup's content: precomputed changes, undone like any command."""

    def __init__(self, changes: Sequence[Change], label: str) -> None:
        super().__init__(_("Revert to backup {label}").format(label=label))
        self._precomputed = list(changes)

    def build(self, project: Project) -> list[Change]:
        return list(self._precomputed)


# -- helpers ------------------------------------------------------------------


def _renumber(items: Sequence[Any], extra: dict[str, Any] | None = None) -> list[Change]:
    """Changes that give ``items`` positions 0..n-1 in the order given (only those that move)."""
    out = []
    for i, e in enumerate(items):
        if e.position == i and not (extra and e.id in extra):
            continue  # the common case, checked first: a card added to a long inbox renumbers nothing
        fields: dict[str, Any] = {"position": i}
        if extra and e.id in extra:
            fields.update(extra[e.id])
        if all(getattr(e, k) == v for k, v in fields.items()):
            continue  # already there: no copy to validate (a card added to a long inbox renumbers nothing)
        new = e.evolve(**fields)
        if new != e:
            out.append(Change(e.KIND, e.id, e, new))
    return out


def _clamp_index(index: int | None, length: int) -> int:
    if index is None or index > length:
        return length
    return max(0, index)


def _next_position(items: Iterable[Any]) -> int:
    return max((e.position for e in items), default=-1) + 1


def _remove_touchpoints(project: Project, ids: Iterable[str]) -> list[Change]:
    """Changes removing cards with their connections, responses and votes, dependents first."""
    ids = list(dict.fromkeys(ids))
    changes = []
    seen: set[str] = set()
    for tid in ids:
        for c in project.connections_of(tid):
            if c.id not in seen:
                seen.add(c.id)
                changes.append(Change("connection", c.id, c, None))
        changes += [Change("response", r.id, r, None) for r in project.responses(tid)]
        changes += [Change("vote", v.id, v, None) for v in project.votes_on(tid)]
        changes += [Change("opportunity_link", k.id, k, None) for k in project.card_opportunity_links(tid)]
    for tid in ids:
        tp = project.get("touchpoint", tid)
        changes.append(Change("touchpoint", tid, tp, None))
    return changes


def _siblings(project: Project, tp: Touchpoint) -> list[Touchpoint]:
    """The cards ``tp`` is ordered among: its cell's, or the journey's inbox."""
    return project.inbox(tp.journey_id) if tp.inbox else project.cell(tp.stage_id, tp.lane_id)


def _group(tp: Touchpoint) -> tuple[str, ...]:
    return ("inbox", tp.journey_id) if tp.inbox else ("cell", tp.stage_id, tp.lane_id)


# -- generic ------------------------------------------------------------------


# What renaming one thing is called in the undo menu, by kind and the field that names it: the old and the new
# name quoted, as the stages' and lanes' renames say ("Undo Change name" did not say which journey, or what to).
RENAME_TEXTS = {
    ("touchpoint", "title"): (N_("Rename touchpoint “{old}” to “{new}”"), N_("Rename touchpoint")),
    ("journey", "name"): (N_("Rename journey “{old}” to “{new}”"), N_("Rename journey")),
    ("persona", "name"): (N_("Rename persona “{old}” to “{new}”"), N_("Rename persona")),
    ("participant", "name"): (N_("Rename participant “{old}” to “{new}”"), N_("Rename participant")),
    ("opportunity", "title"): (N_("Rename opportunity “{old}” to “{new}”"), N_("Rename opportunity")),
    ("solution", "title"): (N_("Rename solution “{old}” to “{new}”"), N_("Rename solution")),
    ("project", "name"): (N_("Rename project “{old}” to “{new}”"), N_("Rename project")),
}


class UpdateCommand(ChangeCommand):
    """Set fields of one or more entities of one kind (the inspector, renames, the table)."""

    def __init__(self, kind: str, ids: str | Sequence[str], /, *, undo_text: str = "", **fields: Any) -> None:
        self.kind = kind
        self.ids = [ids] if isinstance(ids, str) else list(dict.fromkeys(ids))  # the same card twice is once
        self.fields = fields
        if "id" in fields:
            raise ValidationError("An id cannot be changed")
        # A rename of one thing names the old and the new name once it is done (the old one is read then).
        self._rename = None if undo_text or len(self.ids) != 1 or len(fields) != 1 else (
            RENAME_TEXTS.get((kind, next(iter(fields))))
        )  # fmt: skip
        super().__init__(undo_text or (_(self._rename[1]) if self._rename else change_text(fields)))

    def build(self, project: Project) -> list[Change]:
        out = []
        for id_ in self.ids:
            if self.kind == "project":
                old: Entity = project.info
            else:
                old = project.get(self.kind, id_)
            new = old.evolve(**self.fields)
            if new != old:
                out.append(Change(self.kind, id_, old, new))
        self._name_rename(out)
        return out

    def _name_rename(self, changes: Sequence[Change]) -> None:
        if self._rename is None or len(changes) != 1:
            return
        field = next(iter(self.fields))
        old, new = (str(getattr(e, field, "") or "") for e in (changes[0].old, changes[0].new))
        self.description = named(_(self._rename[0]), _(self._rename[1]), old=short_name(old), new=short_name(new))

    def merge_key(self) -> Any:
        return ("update", self.kind, tuple(self.ids), tuple(sorted(self.fields)))

    def merge_with(self, other: Command) -> bool:
        if not isinstance(other, UpdateCommand) or other.merge_key() != self.merge_key():
            return False
        if self.changes is None or other.changes is None:
            return False
        olds = {c.id: c.old for c in other.changes} | {c.id: c.old for c in self.changes}
        news = {c.id: c.new for c in self.changes} | {c.id: c.new for c in other.changes}
        self.changes = [Change(self.kind, i, olds[i], news[i]) for i in self.ids if i in olds and olds[i] != news[i]]
        self.fields = other.fields
        self._name_rename(self.changes)  # typing on: the first old name to the latest
        self.revision += 1
        return True


class AddEntitiesCommand(ChangeCommand):
    """Add ready-made entities (paste, import, templates); they must not exist yet."""

    def __init__(self, entities: Sequence[Entity], description: str = "") -> None:
        super().__init__(description or _("Add"))
        self.entities = list(entities)

    def build(self, project: Project) -> list[Change]:
        return [Change(e.KIND, e.id, None, e) for e in self.entities]

    def weight(self) -> int:
        return super().weight() or len(self.entities)


# -- touchpoints ----------------------------------------------------------------


class AddTouchpointCommand(ChangeCommand):
    """Add a card to a cell, at ``index`` in the cell (end by default)."""

    def __init__(self, journey_id: str, stage_id: str, lane_id: str, index: int | None = None, **fields: Any) -> None:
        super().__init__(named(_("Add touchpoint “{title}”"), _("Add touchpoint"), title=fields.get("title") or ""))
        self.touchpoint_id = fields.pop("id", None) or new_id("tp")
        self.journey_id, self.stage_id, self.lane_id, self.index = journey_id, stage_id, lane_id, index
        self.fields = fields

    def build(self, project: Project) -> list[Change]:
        tp = Touchpoint(
            id=self.touchpoint_id,
            journey_id=self.journey_id,
            stage_id=self.stage_id,
            lane_id=self.lane_id,
            **{k: (tuple(v) if isinstance(v, list) else v) for k, v in self.fields.items()},
        )
        if self.index is None and tp.inbox:
            # Appended to an inbox numbered 0..n-1 (a room's ideas, hundreds of them, one after another):
            # nothing is renumbered, so the inbox need not be sorted for each new card.
            cards = project.inbox_unordered(tp.journey_id)
            if {c.position for c in cards} == set(range(len(cards))):
                return [Change("touchpoint", tp.id, None, tp.evolve(position=len(cards)))]
        cell = _siblings(project, tp)  # into the inbox (``inbox=True``) or a cell of the map
        index = _clamp_index(self.index, len(cell))
        order = cell[:index] + [tp] + cell[index:]
        changes = [Change("touchpoint", tp.id, None, tp.evolve(position=index))]
        changes += [c for c in _renumber(order) if c.id != tp.id]
        return changes


class UpdateTouchpointCommand(UpdateCommand):
    def __init__(self, ids: str | Sequence[str], /, *, undo_text: str = "", **fields: Any) -> None:
        super().__init__("touchpoint", ids, undo_text=undo_text, **fields)


class MoveTouchpointsCommand(ChangeCommand):
    """Move cards (keeping their relative order) into a cell at ``index``: reorder, change stage and lane,
    or place cards from the ideas inbox on the map."""

    def __init__(self, ids: Sequence[str], stage_id: str, lane_id: str, index: int | None = None) -> None:
        super().__init__(ngettext("Move {n} touchpoint", "Move {n} touchpoints", len(ids)).format(n=number(len(ids))))
        self.ids = list(dict.fromkeys(ids))
        self.stage_id, self.lane_id, self.index = stage_id, lane_id, index

    def build(self, project: Project) -> list[Change]:
        moving = [project.get("touchpoint", i) for i in self.ids]
        stage = project.get("stage", self.stage_id)
        project.get("lane", self.lane_id)
        if any(tp.journey_id != stage.journey_id for tp in moving):
            raise ValidationError(_("Touchpoints can only be moved within their journey"))
        if len(moving) > 1:
            journey = stage.journey_id
            rank = {tp.id: i for i, tp in enumerate(project.touchpoints(journey) + project.inbox(journey))}
            moving.sort(key=lambda tp: rank[tp.id])
        moving_ids = {tp.id for tp in moving}
        target = project.cell(self.stage_id, self.lane_id)
        # The index counts cards of the target cell as it looks before the move.
        index = _clamp_index(self.index, len(target))
        before = [tp for tp in target[:index] if tp.id not in moving_ids]
        after = [tp for tp in target[index:] if tp.id not in moving_ids]
        order = before + moving + after
        # Placed where the facilitator put it: a stage is chosen now, whatever the idea's author knew.
        place = {
            tp.id: {"stage_id": self.stage_id, "lane_id": self.lane_id, "inbox": False, "stage_unsure": False}
            for tp in moving
        }
        changes = _renumber(order, place)
        # Close the gaps the cards leave where they were (cells, or the inbox).
        sources = {_group(tp): tp for tp in moving if _group(tp) != ("cell", self.stage_id, self.lane_id)}
        for key in sorted(sources):
            rest = [tp for tp in _siblings(project, sources[key]) if tp.id not in moving_ids]
            changes += _renumber(rest)
        return changes


class SendToInboxCommand(ChangeCommand):
    """Take cards off the map into the journey's ideas inbox (their connections go; undo brings all back)."""

    def __init__(self, ids: Sequence[str]) -> None:
        super().__init__(
            ngettext("Send {n} card to the inbox", "Send {n} cards to the inbox", len(ids)).format(n=number(len(ids)))
        )
        self.ids = list(dict.fromkeys(ids))

    def build(self, project: Project) -> list[Change]:
        moving = [project.get("touchpoint", i) for i in self.ids if not project.get("touchpoint", i).inbox]
        if not moving:
            return []
        journey = moving[0].journey_id
        if any(tp.journey_id != journey for tp in moving):
            raise ValidationError(_("Touchpoints can only be moved within their journey"))
        rank = {tp.id: i for i, tp in enumerate(project.touchpoints(journey))}
        moving.sort(key=lambda tp: rank[tp.id])
        moving_ids = {tp.id for tp in moving}
        changes: list[Change] = []
        seen: set[str] = set()
        for tp in moving:
            for c in project.connections_of(tp.id):
                if c.id not in seen:
                    seen.add(c.id)
                    changes.append(Change("connection", c.id, c, None))
        order = project.inbox(journey) + moving
        # A card taken off the map has the stage it was placed at: chosen, not a phone's "Not sure".
        changes += _renumber(order, {tp.id: {"inbox": True, "stage_unsure": False} for tp in moving})
        for key in sorted({_group(tp) for tp in moving}):
            stage_id, lane_id = key[1], key[2]
            changes += _renumber([tp for tp in project.cell(stage_id, lane_id) if tp.id not in moving_ids])
        return changes


class DeleteTouchpointsCommand(ChangeCommand):
    """Delete cards; their connections and survey responses go too and come back on undo."""

    def __init__(self, ids: Sequence[str]) -> None:
        super().__init__(
            ngettext("Delete {n} touchpoint", "Delete {n} touchpoints", len(ids)).format(n=number(len(ids)))
        )
        self.ids = list(ids)

    def weight(self) -> int:
        # Each card takes its connections along: about two records a card before it has run.
        return super().weight() or 2 * len(self.ids)

    def build(self, project: Project) -> list[Change]:
        changes = _remove_touchpoints(project, self.ids)
        removed = set(self.ids)
        groups = {_group(project.get("touchpoint", i)): project.get("touchpoint", i) for i in self.ids}
        for key in sorted(groups):
            rest = [tp for tp in _siblings(project, groups[key]) if tp.id not in removed]
            changes += _renumber(rest)
        return changes


# -- connections ----------------------------------------------------------------


class AddConnectionCommand(ChangeCommand):
    def __init__(self, source_id: str, target_id: str, **fields: Any) -> None:
        super().__init__(_("Connect touchpoints"))
        self.connection_id = fields.pop("id", None) or new_id("cn")
        self.source_id, self.target_id, self.fields = source_id, target_id, fields

    def build(self, project: Project) -> list[Change]:
        source = project.get("touchpoint", self.source_id)
        conn = Connection(
            id=self.connection_id,
            journey_id=source.journey_id,
            source_id=self.source_id,
            target_id=self.target_id,
            **self.fields,
        )
        return [Change("connection", conn.id, None, conn)]


class UpdateConnectionCommand(UpdateCommand):
    def __init__(self, ids: str | Sequence[str], /, *, undo_text: str = "", **fields: Any) -> None:
        super().__init__("connection", ids, undo_text=undo_text, **fields)


class DeleteConnectionsCommand(ChangeCommand):
    def __init__(self, ids: Sequence[str]) -> None:
        super().__init__(
            ngettext("Delete {n} connection", "Delete {n} connections", len(ids)).format(n=number(len(ids)))
        )
        self.ids = list(ids)

    def weight(self) -> int:
        return super().weight() or len(self.ids)

    def build(self, project: Project) -> list[Change]:
        return [Change("connection", i, project.get("connection", i), None) for i in self.ids]


# -- stages and lanes -------------------------------------------------------------


class AddStageCommand(ChangeCommand):
    def __init__(
        self, journey_id: str, name: str = "", phase: str = "before", index: int | None = None, **fields: Any
    ) -> None:
        super().__init__(named(_("Add stage “{name}”"), _("Add stage"), name=name))
        self.stage_id = fields.pop("id", None) or new_id("st")
        self.journey_id, self.index = journey_id, index
        self.fields = {"name": name, "phase": phase, **fields}

    def build(self, project: Project) -> list[Change]:
        project.get("journey", self.journey_id)
        stages = project.stages(self.journey_id)
        index = _clamp_index(self.index, len(stages))
        st = Stage(id=self.stage_id, journey_id=self.journey_id, position=index, **self.fields)
        order = stages[:index] + [st] + stages[index:]
        return [Change("stage", st.id, None, st)] + [c for c in _renumber(order) if c.id != st.id]


class AddLaneCommand(ChangeCommand):
    def __init__(
        self, journey_id: str, name: str = "", kind: str = "touchpoints", index: int | None = None, **fields: Any
    ) -> None:
        super().__init__(named(_("Add lane “{name}”"), _("Add lane"), name=name))
        self.lane_id = fields.pop("id", None) or new_id("ln")
        self.journey_id, self.index = journey_id, index
        self.fields = {"name": name, "kind": kind, **fields}

    def build(self, project: Project) -> list[Change]:
        project.get("journey", self.journey_id)
        lanes = project.lanes(self.journey_id)
        index = _clamp_index(self.index, len(lanes))
        ln = Lane(id=self.lane_id, journey_id=self.journey_id, position=index, **self.fields)
        order = lanes[:index] + [ln] + lanes[index:]
        return [Change("lane", ln.id, None, ln)] + [c for c in _renumber(order) if c.id != ln.id]


MOVE_TEXTS = {
    "stage": N_("Move stage"),
    "lane": N_("Move lane"),
    "journey": N_("Move journey"),
    "persona": N_("Move persona"),
    "channel": N_("Move channel"),
}


class ReorderCommand(ChangeCommand):
    """Move one stage, lane, journey, persona or channel to ``index`` among its siblings."""

    def __init__(self, kind: str, id_: str, index: int) -> None:
        super().__init__(_(MOVE_TEXTS[kind]) if kind in MOVE_TEXTS else kind)
        self.kind, self.item_id, self.index = kind, id_, index

    def build(self, project: Project) -> list[Change]:
        item = project.get(self.kind, self.item_id)
        if self.kind == "stage":
            siblings = project.stages(item.journey_id)
        elif self.kind == "lane":
            siblings = project.lanes(item.journey_id)
        elif self.kind == "journey":
            siblings = project.journeys()
        elif self.kind == "persona":
            siblings = project.personas()
        elif self.kind == "channel":
            siblings = project.channels()
        else:
            raise ValidationError(f"A {self.kind} cannot be reordered")
        rest = [s for s in siblings if s.id != item.id]
        index = _clamp_index(self.index, len(rest))
        return _renumber(rest[:index] + [item] + rest[index:])


class DeleteStageCommand(ChangeCommand):
    """Delete a stage (or lane); its cards are deleted or, with ``move_to``, moved to another one."""

    kind = "stage"

    def __init__(self, id_: str, move_to: str | None = None) -> None:
        super().__init__(_("Delete stage") if self.kind == "stage" else _("Delete lane"))
        self.item_id, self.move_to = id_, move_to

    def build(self, project: Project) -> list[Change]:
        item = project.get(self.kind, self.item_id)
        attr = f"{self.kind}_id"
        every = project.touchpoints(item.journey_id) + project.inbox(item.journey_id)
        cards = [tp for tp in every if getattr(tp, attr) == item.id and not tp.inbox]
        siblings = project.stages(item.journey_id) if self.kind == "stage" else project.lanes(item.journey_id)
        rest = [s for s in siblings if s.id != item.id]
        changes: list[Change] = []
        # Inbox cards only hint at a stage and lane: they wait on, hinting at the next one.
        hint = self.move_to or (rest[0].id if rest else None)
        for tp in every:
            if tp.inbox and getattr(tp, attr) == item.id:
                if hint is None:
                    changes += _remove_touchpoints(project, [tp.id])
                else:
                    changes.append(Change("touchpoint", tp.id, tp, tp.evolve(**{attr: hint})))
        if cards and self.move_to:
            target = project.get(self.kind, self.move_to)
            if target.journey_id != item.journey_id or target.id == item.id:
                message = (
                    _("Cards can only move to another stage of the same journey")
                    if self.kind == "stage"
                    else _("Cards can only move to another lane of the same journey")
                )
                raise ValidationError(message)
            next_free: dict[tuple[str, str], int] = {}
            for tp in sorted(cards, key=lambda t: (t.position, t.id)):
                moved = tp.evolve(**{attr: target.id})
                cell = (moved.stage_id, moved.lane_id)
                if cell not in next_free:
                    next_free[cell] = _next_position(project.cell(*cell))
                new = moved.evolve(position=next_free[cell])
                next_free[cell] += 1
                changes.append(Change("touchpoint", tp.id, tp, new))
        elif cards:
            changes += _remove_touchpoints(project, [tp.id for tp in sorted(cards, key=lambda t: t.id)])
        # A stage's or lane's text, figures and pictures go with it (undo brings them back).
        changes += [
            Change("lane_cell", cell.id, cell, None)
            for cell in project.lane_cells(item.journey_id)
            if getattr(cell, attr) == item.id
        ]
        changes.append(Change(self.kind, item.id, item, None))
        changes += _renumber(rest)
        return changes


class DeleteLaneCommand(DeleteStageCommand):
    kind = "lane"


# -- journeys ---------------------------------------------------------------------


def blank_journey_entities(
    name: str, lang: str = "en", persona_id: str | None = None, position: int = 0
) -> list[Entity]:
    """A journey with the six default stages and the default lanes."""
    j = Journey(id=new_id("jr"), name=name, position=position, persona_id=persona_id)
    out: list[Entity] = [j]
    for i, (term, phase) in enumerate(vocab.DEFAULT_STAGES):
        out.append(Stage(id=new_id("st"), journey_id=j.id, position=i, key=term.key, phase=phase))
    for i, kind in enumerate(vocab.DEFAULT_LANES):
        out.append(Lane(id=new_id("ln"), journey_id=j.id, position=i, kind=kind))
    return out


class AddJourneyCommand(ChangeCommand):
    """Add a journey with the default stages and lanes (or the given entities)."""

    def __init__(
        self, name: str, persona_id: str | None = None, lang: str = "en", entities: Sequence[Entity] | None = None
    ) -> None:
        super().__init__(named(_("Add journey “{name}”"), _("Add journey"), name=name))
        self.entities = list(entities) if entities else blank_journey_entities(name, lang, persona_id)
        self.journey_id = next(e.id for e in self.entities if isinstance(e, Journey))

    def build(self, project: Project) -> list[Change]:
        out = []
        for e in self.entities:
            if isinstance(e, Journey):
                e = e.evolve(position=_next_position(project.journeys()))
            out.append(Change(e.KIND, e.id, None, e))
        return out


def copy_journey_entities(
    project: Project, journey_id: str, name: str | None = None, progress: Callable[[int, int], object] | None = None
) -> list[Entity]:
    """A deep copy of a journey with new ids everywhere (duplicate, to-be versions, paste).

    ``progress(done, total)`` is told every few hundred cards; to stop the copy, it raises.
    """
    j = project.get("journey", journey_id)
    new_j = j.evolve(id=new_id("jr"), name=name if name is not None else j.name)
    ids: dict[str, str] = {}
    out: list[Entity] = [new_j]
    for st in project.stages(j.id):
        ids[st.id] = new_id("st")
        out.append(st.evolve(id=ids[st.id], journey_id=new_j.id))
    for ln in project.lanes(j.id):
        ids[ln.id] = new_id("ln")
        out.append(ln.evolve(id=ids[ln.id], journey_id=new_j.id))
    # Inbox cards come along; voting sessions do not (a copy has not been voted on).
    cards = project.touchpoints(j.id) + project.inbox(j.id)
    for n, tp in enumerate(cards):
        if progress is not None and n % 500 == 0:
            progress(n, len(cards))
        ids[tp.id] = new_id("tp")
        out.append(tp.evolve(id=ids[tp.id], journey_id=new_j.id, stage_id=ids[tp.stage_id], lane_id=ids[tp.lane_id]))
    for c in project.connections(j.id):
        out.append(
            c.evolve(id=new_id("cn"), journey_id=new_j.id, source_id=ids[c.source_id], target_id=ids[c.target_id])
        )
    for cell in project.lane_cells(j.id):
        out.append(
            cell.evolve(id=new_id("lc"), journey_id=new_j.id, stage_id=ids[cell.stage_id], lane_id=ids[cell.lane_id])
        )
    # An emotion lane that overlays its own journey overlays the copy; other journeys stay as they are.
    ids[j.id] = new_j.id
    return [jsonformat.remap_soft_refs(e, ids) for e in out]


class DuplicateJourneyCommand(AddJourneyCommand):
    def __init__(
        self, project: Project, journey_id: str, name: str, progress: Callable[[int, int], object] | None = None
    ) -> None:
        super().__init__(name, entities=copy_journey_entities(project, journey_id, name, progress))
        self.description = named(_("Duplicate journey as “{name}”"), _("Duplicate journey"), name=name)


class DeleteJourneyCommand(ChangeCommand):
    def __init__(self, journey_id: str) -> None:
        super().__init__(_("Delete journey"))
        self.journey_id = journey_id

    def build(self, project: Project) -> list[Change]:
        j = project.get("journey", self.journey_id)
        cards = project.touchpoints(j.id) + project.inbox(j.id)
        changes = _remove_touchpoints(project, [tp.id for tp in cards])
        changes += [Change("vote_session", vs.id, vs, None) for vs in project.vote_sessions(j.id)]
        changes += [Change("lane_cell", cell.id, cell, None) for cell in project.lane_cells(j.id)]
        changes += [Change("stage", s.id, s, None) for s in project.stages(j.id)]
        changes += [Change("lane", ln.id, ln, None) for ln in project.lanes(j.id)]
        changes.append(Change("journey", j.id, j, None))
        changes += _renumber([x for x in project.journeys() if x.id != j.id])
        return changes


# -- personas and channels ----------------------------------------------------------


class AddPersonaCommand(ChangeCommand):
    def __init__(self, name: str, **fields: Any) -> None:
        super().__init__(named(_("Add persona “{name}”"), _("Add persona"), name=name))
        self.persona_id = fields.pop("id", None) or new_id("ps")
        self.fields = {"name": name, **fields}

    def build(self, project: Project) -> list[Change]:
        p = Persona(id=self.persona_id, position=_next_position(project.personas()), **self.fields)
        return [Change("persona", p.id, None, p)]


class DeletePersonaCommand(ChangeCommand):
    """Delete a persona; journeys that used it keep going without one."""

    def __init__(self, persona_id: str) -> None:
        super().__init__(_("Delete persona"))
        self.persona_id = persona_id

    def build(self, project: Project) -> list[Change]:
        p = project.get("persona", self.persona_id)
        changes = [
            Change("journey", j.id, j, j.evolve(persona_id=None)) for j in project.journeys() if j.persona_id == p.id
        ]
        changes.append(Change("persona", p.id, p, None))
        changes += _renumber([x for x in project.personas() if x.id != p.id])
        return changes


class AddChannelCommand(ChangeCommand):
    """Add a channel of the user's own to the project's catalogue."""

    def __init__(self, name: str, key: str | None = None) -> None:
        super().__init__(named(_("Add channel “{name}”"), _("Add channel"), name=name))
        self.channel_id = key or new_id("ch")
        self.name = name

    def build(self, project: Project) -> list[Change]:
        if self.channel_id in project.tables["channel"]:
            raise ValidationError(
                _("The channel {name} is already in the catalogue").format(name=shown_value(self.name))
            )
        c = Channel(id=self.channel_id, name=self.name, position=_next_position(project.channels()))
        return [Change("channel", c.id, None, c)]


class DeleteChannelCommand(ChangeCommand):
    def __init__(self, channel_id: str) -> None:
        super().__init__(_("Delete channel"))
        self.channel_id = channel_id

    def build(self, project: Project) -> list[Change]:
        c = project.get("channel", self.channel_id)
        return [Change("channel", c.id, c, None)] + _renumber([x for x in project.channels() if x.id != c.id])


__all__ = [
    "AddChannelCommand",
    "AddConnectionCommand",
    "AddEntitiesCommand",
    "AddJourneyCommand",
    "AddLaneCommand",
    "AddPersonaCommand",
    "AddStageCommand",
    "AddTouchpointCommand",
    "ChangeCommand",
    "Command",
    "DeleteChannelCommand",
    "DeleteConnectionsCommand",
    "DeleteJourneyCommand",
    "DeleteLaneCommand",
    "DeletePersonaCommand",
    "DeleteStageCommand",
    "DeleteTouchpointsCommand",
    "DuplicateJourneyCommand",
    "MacroCommand",
    "MoveTouchpointsCommand",
    "ReorderCommand",
    "RevertToBackupCommand",
    "SendToInboxCommand",
    "UpdateCommand",
    "UpdateConnectionCommand",
    "UpdateTouchpointCommand",
    "blank_journey_entities",
    "change_text",
    "copy_journey_entities",
    "named",
    "short_name",
]
