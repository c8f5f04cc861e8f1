"""Journeys from another project (a .cxd or the JSON format), merged with new ids and unique names."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..document.commands import AddEntitiesCommand, short_name
from ..i18n import _, name_in_text, ngettext, number
from ..model import Project, ValidationError, jsonformat, limits, new_id
from ..model.entities import Channel, Entity, Persona
from ..model.voting import EARLIER_PARTICIPANT
from ..storage import regular
from ..storage.safeopen import ask_again
from .common import Names, Progress, find_journey, fold, quoted, tick


@dataclass
class MergeOutcome:
    """The command adding the journeys, their new ids, and what was renamed or reused."""

    command: AddEntitiesCommand
    journey_ids: list[str]
    renamed: dict[str, str]
    reused_personas: list[str]

    def summary(self) -> str:
        """What the merge adds, in the interface language: "2 journeys; “Visit” renamed “Visit (2)”"."""
        n = len(self.journey_ids)
        parts = [ngettext("{n} journey", "{n} journeys", n).format(n=number(n))]
        parts += [
            _("{old} renamed {new}").format(old=quoted(old), new=quoted(new)) for old, new in self.renamed.items()
        ]
        if self.reused_personas:
            names = ", ".join(quoted(name) for name in self.reused_personas)
            parts.append(_("personas already here: {names}").format(names=names))
        return "; ".join(parts)


MAX_JSON_BYTES = 500_000_000  # a project's JSON beyond this is not one to merge from


def _same_persona(a: Persona, b: Persona) -> bool:
    skip = {"id", "position"}
    return {k: v for k, v in a.to_dict().items() if k not in skip} == {
        k: v for k, v in b.to_dict().items() if k not in skip
    }


def pick_journeys(source: Project, names: Sequence[str] | None) -> list[str]:
    """Ids of the source journeys named in ``names`` (all of them when None)."""
    if not names:
        ids = [j.id for j in source.journeys()]
        if not ids:
            raise ValidationError(_("The other project has no journey to import"))
        return ids
    ids = []
    for name in names:
        j = find_journey(source, name)
        if j is None:
            have = ", ".join(quoted(x.name) for x in source.journeys()) or _("none")
            raise ValidationError(
                _("The other project has no journey named “{name}” (journeys: {names})").format(
                    name=name_in_text(name), names=have
                )
            )
        ids.append(j.id)
    return list(dict.fromkeys(ids))


def merge_journeys(
    target: Project,
    source: Project,
    journey_ids: Sequence[str] | None = None,
    source_name: str = "",
    progress: Progress | None = None,
) -> MergeOutcome:
    """One command that adds the chosen journeys of ``source`` to ``target``.

    Every entity gets a new id; the personas the journeys use come along (an identical persona
    already in ``target`` is reused); custom channels are matched by name or added; journeys and
    personas whose names are taken become "Name (2)". ``progress`` follows the cards (False from it
    stops the work with :class:`ImportCancelledError`).
    """
    ids = list(journey_ids) if journey_ids is not None else [j.id for j in source.journeys()]
    journeys = [source.get("journey", i) for i in ids]
    cards = sum(len(source.touchpoints(j.id)) + len(source.inbox(j.id)) for j in journeys)
    problem = limits.growth_problem(
        {kind: len(target.tables[kind]) for kind in ("journey", "touchpoint", "connection")},
        {
            "journey": len(journeys),
            "touchpoint": cards,
            "connection": sum(len(source.connections(j.id)) for j in journeys),
        },
    )
    if problem:
        raise ValidationError(problem)  # before any work: the project would be larger than a project may be
    mapping: dict[str, str] = {}
    out: list[Entity] = []
    renamed: dict[str, str] = {}
    reused: list[str] = []

    persona_names = Names(p.name for p in target.personas())
    next_persona = max((p.position for p in target.personas()), default=-1) + 1
    for pid in dict.fromkeys(j.persona_id for j in journeys if j.persona_id):
        p = source.get("persona", pid)
        twin = next((t for t in target.personas() if _same_persona(t, p)), None)
        if twin is not None:
            mapping[pid] = twin.id
            reused.append(twin.name)
            continue
        name = persona_names.take(p.name) if p.name else p.name
        if name != p.name:
            renamed[p.name] = name
        mapping[pid] = new_id("ps")
        out.append(p.evolve(id=mapping[pid], name=name, position=next_persona))
        next_persona += 1

    channel_by_name = {fold(c.name): c.id for c in target.channels()}
    next_channel = max((c.position for c in target.channels()), default=-1) + 1
    used_channels = {
        tp.channel for j in journeys for tp in source.touchpoints(j.id) if tp.channel in source.tables["channel"]
    }
    for ch in source.channels():
        if ch.id not in used_channels:
            continue
        same = channel_by_name.get(fold(ch.name))
        if same is not None:
            mapping[ch.id] = same
            continue
        mapping[ch.id] = new_id("ch")
        channel_by_name[fold(ch.name)] = mapping[ch.id]
        out.append(Channel(id=mapping[ch.id], name=ch.name, position=next_channel))
        next_channel += 1

    journey_names = Names(j.name for j in target.journeys())
    voters = _Voters(target)
    next_journey = max((j.position for j in target.journeys()), default=-1) + 1
    new_journeys = []
    new_names: list[str] = []  # as the project will call them, for the undo step
    done = 0
    tick(progress, 0, cards)
    for j in journeys:
        name = journey_names.take(j.name)
        if name != j.name:
            renamed[j.name] = name
        mapping[j.id] = new_id("jr")
        new_journeys.append(mapping[j.id])
        new_names.append(name)
        fields: dict[str, Any] = {"id": mapping[j.id], "name": name, "position": next_journey}
        fields["persona_id"] = mapping.get(j.persona_id) if j.persona_id else None
        out.append(j.evolve(**fields))
        next_journey += 1
        for s in source.stages(j.id):
            mapping[s.id] = new_id("st")
            out.append(s.evolve(id=mapping[s.id], journey_id=mapping[j.id]))
        for ln in source.lanes(j.id):
            mapping[ln.id] = new_id("ln")
            out.append(ln.evolve(id=mapping[ln.id], journey_id=mapping[j.id]))
        for tp in source.touchpoints(j.id) + source.inbox(j.id):
            done += 1
            if done % 1000 == 0:
                tick(progress, done, cards)
            mapping[tp.id] = new_id("tp")
            out.append(
                tp.evolve(
                    id=mapping[tp.id],
                    journey_id=mapping[j.id],
                    stage_id=mapping[tp.stage_id],
                    lane_id=mapping[tp.lane_id],
                    channel=mapping.get(tp.channel, tp.channel),
                )
            )
            for r in source.responses(tp.id):
                out.append(r.evolve(id=new_id("rs"), touchpoint_id=mapping[tp.id]))
        # Format 4: what text, figure and storyboard lanes hold at each stage.
        for cell in source.lane_cells(j.id):
            out.append(
                cell.evolve(
                    id=new_id("lc"),
                    journey_id=mapping[j.id],
                    lane_id=mapping[cell.lane_id],
                    stage_id=mapping[cell.stage_id],
                )
            )
        for c in source.connections(j.id):
            out.append(
                c.evolve(
                    id=new_id("cn"),
                    journey_id=mapping[j.id],
                    source_id=mapping[c.source_id],
                    target_id=mapping[c.target_id],
                )
            )
        out += _merged_votes(source, j.id, mapping, voters)
    # A future state, a card's sub-journey or origin and an emotion lane's overlaid journeys that came along
    # name their copies (in any order: a lane may overlay a journey merged after its own).
    out = [jsonformat.remap_soft_refs(e, mapping) for e in out]
    tick(progress, cards, cards)
    command = AddEntitiesCommand(out, _merge_description(new_names, source_name))
    return MergeOutcome(command, new_journeys, renamed, reused)


def _merge_description(names: Sequence[str], source_name: str) -> str:
    """The undo step's name: whole sentences, so a translation can order them its own way; the journey and
    the file quoted (unquoted, "Import journey Hotel stay from notes 2.cxd" read as one phrase)."""
    source = short_name(source_name)
    if len(names) == 1:
        name = short_name(names[0], 40)  # the step's main name: "Weekend at a city hotel (2)" whole
        if source_name:
            return _("Import journey “{name}” from “{source}”").format(name=name, source=source)
        return _("Import journey “{name}”").format(name=name)
    if source_name:
        return ngettext(
            "Import {n} journey from “{source}”", "Import {n} journeys from “{source}”", len(names)
        ).format(n=number(len(names)), source=source)
    return ngettext("Import {n} journey", "Import {n} journeys", len(names)).format(n=number(len(names)))


class _Voters:
    """The target's participants by folded name, and the ones an import adds (a name is reused)."""

    def __init__(self, target: Project) -> None:
        self.known = {fold(p.name): p.id for p in target.participants()}
        # Earlier votes have one holder per project, whatever it is called in each language.
        if EARLIER_PARTICIPANT in target.tables["participant"]:
            self.known[EARLIER_PARTICIPANT] = EARLIER_PARTICIPANT
        self.next_position = max((p.position for p in target.participants()), default=-1) + 1


def _merged_votes(source: Project, journey_id: str, mapping: dict[str, str], voters: _Voters) -> list[Entity]:
    """The journey's voting sessions and votes, with the participants they need (same name: reused)."""
    out: list[Entity] = []

    def participant(pid: str) -> str:
        if pid not in mapping:
            p = source.get("participant", pid)
            key = pid if pid == EARLIER_PARTICIPANT else fold(p.name)
            same = voters.known.get(key)
            if same is None:
                same = voters.known[key] = pid if pid == EARLIER_PARTICIPANT else new_id("pt")
                out.append(p.evolve(id=same, position=voters.next_position))
                voters.next_position += 1
            mapping[pid] = same
        return mapping[pid]

    for vs in source.vote_sessions(journey_id):
        votes = source.session_votes(vs.id)
        people = tuple(participant(p) for p in vs.participant_ids if p in source.tables["participant"])
        for v in votes:
            participant(v.participant_id)
        mapping[vs.id] = new_id("vs")
        out.append(
            vs.evolve(
                id=mapping[vs.id], journey_id=mapping[journey_id], participant_ids=people,
                scope_ids=tuple(mapping[i] for i in vs.scope_ids if i in mapping),
            )
        )
        out += [
            v.evolve(id=new_id("vt"), session_id=mapping[vs.id], participant_id=mapping[v.participant_id],
                     touchpoint_id=mapping[v.touchpoint_id])
            for v in votes
        ]
    return out


def refuse_own_file(source: Path | str, project_path: Path | str | None) -> None:
    """Refuse to import a project into itself, whatever path names it (``./p.cxd``, a symbolic or hard link).

    Merging a project with itself added each of its journeys a second time, as "Name (2)", with exit 0:
    never what the person meant (a tab completion, the wrong file chosen), and Duplicate copies one journey.
    """
    if project_path is None:
        return
    try:
        same = os.path.samefile(source, project_path)
    except OSError:  # one of them is missing or unreadable: the read that follows says why
        return
    if same:
        raise ValidationError(
            _(
                "{name}: that is the project being imported into, and importing it would add each of its "
                "journeys a second time; choose another project, or use Duplicate in the Project panel to copy "
                "a journey"
            ).format(name=Path(source).name)
        )


def read_project_file(path: Path | str) -> Project:
    """Another project, read through the untrusted-file checks (.cxd) or the JSON reader (.json)."""
    path = Path(path)
    with regular.open_regular(path, "project file") as f:  # a pipe or device is refused, never waited on
        head = f.read(16)
    if head.startswith(b"SQLite format 3"):
        from ..api import open_project

        doc = open_project(path, read_only=True)
        try:
            return doc.project
        finally:
            doc.close()
    data = regular.read_bytes(path, MAX_JSON_BYTES, "project file")
    if not data:
        raise ValidationError(
            _(
                "{name}: the file is empty (0 bytes); it may have been cut off while copying or downloading. {advice}"
            ).format(name=path.name, advice=ask_again())
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("{name}: neither a CX Designer project nor its JSON form").format(name=path.name)
        ) from exc
    if not text.lstrip().startswith(("{", "[")):
        # Text that is not JSON at all (notes, a CSV) is no project: "not valid JSON at line 1" says too little.
        raise ValidationError(_("{name}: neither a CX Designer project nor its JSON form").format(name=path.name))
    try:
        return jsonformat.loads(text)
    except ValidationError as exc:
        raise ValidationError(f"{path.name}: {exc}") from exc  # the reason is translated already


__all__ = ["MergeOutcome", "merge_journeys", "pick_journeys", "read_project_file", "refuse_own_file"]
