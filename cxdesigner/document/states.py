"""Future states and checkpoints as document commands, and the checkpoint codec.

A checkpoint holds one journey as it was: a project with just that journey (its persona and the
custom channels its cards name), in the JSON form of docs/json-format.md, zlib-compressed. Decoding
is guarded: the compressed size is checked first, then decompression stops at a limit, then the
normal JSON checks run, so a hostile or broken checkpoint gives a one-line message.
"""

from __future__ import annotations

import getpass
import json
import zlib
from collections.abc import Callable
from typing import Any

from .. import clock
from ..i18n import _, fixed, number
from ..model import Change, Checkpoint, CXError, Entity, Journey, Project, ValidationError, jsonformat, limits, new_id
from .commands import AddJourneyCommand, ChangeCommand, _next_position, copy_journey_entities, named

# The JSON a checkpoint may expand to: far above a 5,000-card journey (≈ 10 MB), far below memory trouble.
MAX_CHECKPOINT_JSON = 200_000_000


class CheckpointError(CXError, ValueError):
    """A checkpoint that cannot be made or read; the message is one line for the user."""


# -- future states --------------------------------------------------------------------------


def future_state_entities(
    project: Project, journey_id: str, name: str, progress: Callable[[int, int], object] | None = None
) -> list[Entity]:
    """A copy of the journey marked as its future state: every card names the card it came from.

    The copy holds the lane cells too (text, figures, pictures): the future state starts as today's map.
    ``progress`` as :func:`copy_journey_entities` takes it.
    """
    out = copy_journey_entities(project, journey_id, name, progress)
    originals = project.touchpoints(journey_id) + project.inbox(journey_id)
    cards = iter(originals)
    result: list[Entity] = []
    for e in out:
        if isinstance(e, Journey):
            e = e.evolve(future_of=journey_id)
        elif e.KIND == "touchpoint":
            e = e.evolve(origin=next(cards).id)
        result.append(e)
    return result


class CreateFutureStateCommand(AddJourneyCommand):
    """Duplicate a journey as "<name> (future)", marked as the future state of the original."""

    def __init__(
        self,
        project: Project,
        journey_id: str,
        name: str | None = None,
        progress: Callable[[int, int], object] | None = None,
    ) -> None:
        j = project.get("journey", journey_id)
        name = name or _("{name} (future)").format(name=j.name)
        super().__init__(name, entities=future_state_entities(project, journey_id, name, progress))
        self.description = named(_("Create future state “{name}”"), _("Create future state"), name=name)


class SetFutureOfCommand(ChangeCommand):
    """Mark a journey as the future state of another, or (None) clear the mark."""

    def __init__(self, journey_id: str, current_id: str | None) -> None:
        super().__init__(_("Mark as future state") if current_id else _("Clear future state"))
        self.journey_id = journey_id
        self.current_id = current_id

    def build(self, project: Project) -> list[Change]:
        old = project.get("journey", self.journey_id)
        new = old.evolve(future_of=self.current_id)
        return [Change("journey", old.id, old, new)] if new != old else []


def current_state(project: Project, journey_id: str) -> tuple[str | None, Journey | None]:
    """The id a journey names as its current state, and that journey (None when there is none or it is gone)."""
    j = project.get("journey", journey_id)
    if not j.future_of:
        return None, None
    return j.future_of, project.tables["journey"].get(j.future_of)


# -- checkpoints ----------------------------------------------------------------------------


def journey_project(project: Project, journey_id: str) -> Project:
    """A project holding just one journey, its persona and the custom channels (ids kept)."""
    j = project.get("journey", journey_id)
    entities: list[Entity] = []
    if j.persona_id and j.persona_id in project.tables["persona"]:
        entities.append(project.get("persona", j.persona_id))
    entities += project.channels()
    entities.append(j)
    entities += project.stages(journey_id) + project.lanes(journey_id)
    cards = project.touchpoints(journey_id) + project.inbox(journey_id)
    entities += cards
    entities += project.connections(journey_id)
    entities += project.lane_cells(journey_id)
    for tp in cards:
        entities += project.responses(tp.id)
    out = Project()
    out.load(project.info, entities)
    return out


def encode_checkpoint(project: Project, journey_id: str) -> bytes:
    """The checkpoint's data. Compact JSON: indenting took most of the time (a 5,000-card journey
    encodes in about 0.12 s this way, 0.27 s indented), and this runs on the UI thread."""
    data = jsonformat.to_data(journey_project(project, journey_id))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 6)


def decode_checkpoint(data: bytes, limit: int = MAX_CHECKPOINT_JSON) -> tuple[Project, Journey]:
    """The project a checkpoint holds and its journey; CheckpointError with a one-line message otherwise."""
    if not isinstance(data, bytes) or len(data) > limits.MAX_CHECKPOINT_BYTES:
        raise CheckpointError(_("The checkpoint is larger than a checkpoint may be; delete it."))
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(data, limit + 1)
        if len(raw) > limit or inflater.unconsumed_tail:
            raise CheckpointError(
                _("The checkpoint expands to more than {n} MB; delete it.").format(n=number(limit // 1_000_000))
            )
        raw += inflater.flush()
        if not inflater.eof:
            raise CheckpointError(_("The checkpoint is cut short or damaged; delete it."))
        text = raw.decode("utf-8")
        project = jsonformat.loads(text)
    except CheckpointError:
        raise
    except (zlib.error, UnicodeDecodeError):
        raise CheckpointError(_("The checkpoint is damaged (not compressed data); delete it.")) from None
    except ValidationError as exc:  # the model's refusal, in the interface language already
        first = str(exc).splitlines()[0] if str(exc) else ""
        raise CheckpointError(_("The checkpoint cannot be read: {error}").format(error=first)) from None
    except (ValueError, TypeError, KeyError):
        # Python's words ("Expecting value: line 1 column 1 (char 0)", "'name'") told nothing to do.
        raise CheckpointError(
            _("The checkpoint is damaged (its content is not a journey CX Designer can read); delete it.")
        ) from None
    journeys = project.journeys()
    if len(journeys) != 1:
        raise CheckpointError(_("The checkpoint holds no journey; delete it."))
    return project, journeys[0]


def default_author() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (a container): leave it empty
        return ""


class CreateCheckpointCommand(ChangeCommand):
    """Keep a journey as it is now under a label, inside the project file."""

    def __init__(
        self,
        project: Project,
        journey_id: str,
        label: str,
        author: str = "",
        data: bytes | None = None,
        created: str = "",
    ) -> None:
        super().__init__(named(_("Create checkpoint “{label}”"), _("Create checkpoint"), label=label))
        j = project.get("journey", journey_id)
        data = encode_checkpoint(project, journey_id) if data is None else data
        if len(data) > limits.MAX_CHECKPOINT_BYTES:
            raise CheckpointError(
                _(
                    "The journey is too large for a checkpoint ({mb} MB compressed; the limit is "
                    "{limit} MB). Export it as JSON instead."
                ).format(mb=fixed(len(data) / 1e6), limit=number(limits.MAX_CHECKPOINT_BYTES // 1_000_000))
            )
        checkpoints = project.checkpoints()
        if len(checkpoints) >= limits.MAX_CHECKPOINTS:
            raise CheckpointError(
                _("The project already keeps {n} checkpoints; delete old ones first.").format(
                    n=number(limits.MAX_CHECKPOINTS)
                )
            )
        if sum(c.size for c in checkpoints) + len(data) > limits.MAX_CHECKPOINTS_BYTES:
            raise CheckpointError(
                _("Checkpoints would take more than {n} MB; delete old ones first.").format(
                    n=number(limits.MAX_CHECKPOINTS_BYTES // 1_000_000)
                )
            )
        self.checkpoint = Checkpoint(
            id=new_id("ck"),
            journey_id=j.id,
            position=_next_position(checkpoints),
            label=label,
            created=created or clock.now().isoformat(timespec="seconds"),
            author=author,
            journey_name=j.name,
            size=len(data),
            data=data,
        )

    def build(self, project: Project) -> list[Change]:
        return [Change("checkpoint", self.checkpoint.id, None, self.checkpoint)]


class DeleteCheckpointCommand(ChangeCommand):
    def __init__(self, checkpoint_id: str) -> None:
        super().__init__(_("Delete checkpoint"))
        self.checkpoint_id = checkpoint_id

    def build(self, project: Project) -> list[Change]:
        ck = project.get("checkpoint", self.checkpoint_id)
        return [Change("checkpoint", ck.id, ck, None)]


def restore_entities(project: Project, checkpoint: Checkpoint, name: str | None = None) -> list[Entity]:
    """The checkpoint's journey with fresh ids, to add as a new journey (never over the current one).

    Its persona and channels are taken from the project when they still exist there, else added back.
    """
    held, journey = decode_checkpoint(checkpoint.data)
    fresh = jsonformat.with_new_ids(held)
    j = fresh.journeys()[0]
    out: list[Entity] = []
    persona_id = None
    if j.persona_id:
        old_persona = held.get("persona", journey.persona_id)
        if old_persona.id in project.tables["persona"]:
            persona_id = old_persona.id
        else:
            p = fresh.get("persona", j.persona_id)
            out.append(p.evolve(position=_next_position(project.personas())))
            persona_id = p.id
    for ch in fresh.channels():
        if ch.id not in project.tables["channel"]:
            out.append(ch.evolve(position=_next_position(project.channels()) + len(out)))
    name = name or _("{name} ({label})").format(name=journey.name, label=checkpoint.label or checkpoint.created)
    entities: list[Any] = [e for e in fresh.all_entities() if e.KIND not in ("persona", "channel", "journey")]
    out.append(j.evolve(name=name, persona_id=persona_id, position=_next_position(project.journeys())))
    out += entities
    return out


class RestoreCheckpointCommand(ChangeCommand):
    """Add a checkpoint's journey as a new journey with fresh ids."""

    def __init__(self, project: Project, checkpoint_id: str, name: str | None = None) -> None:
        ck = project.get("checkpoint", checkpoint_id)
        self.entities = restore_entities(project, ck, name)
        self.journey_id = next(e.id for e in self.entities if e.KIND == "journey")
        super().__init__(named(_("Restore checkpoint “{label}”"), _("Restore checkpoint"), label=ck.label))

    def build(self, project: Project) -> list[Change]:
        return [Change(e.KIND, e.id, None, e) for e in self.entities]
