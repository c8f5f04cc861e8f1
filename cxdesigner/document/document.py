"""The open project: the model plus its working copy, changed only through commands."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import clock, collector
from ..i18n import _, name_in_text
from ..model import Change, ChangeList, Entity, Project, ProjectInfo, ValidationError
from ..model.entities import shown_value
from ..storage import ReadOnlyError, StaleStagingError, StorageError, WorkingCopy
from . import commands as c
from . import opportunities as oc

Listener = Callable[[], None]

# A refusal naming the journeys there are shows this many: a project of hundreds would fill the screen.
JOURNEYS_NAMED = 10


class ReadOnlyCause(enum.Enum):
    """Why a project cannot be changed: the code decides by this, the person reads ``read_only_reason``."""

    OPENED = "opened"  # asked for: File ▸ Open read-only, another CX Designer has it, the command line
    WRITE_FAILED = "write_failed"  # the working copy could not be written: editable again once there is room


def net_changes(changes: Sequence[Change]) -> list[Change]:
    """One change per entity, from its first old value to its last new one (no-ops dropped).

    A composite command may touch an entity several times (add a card, then renumber its
    cell); the file and the views need only where each entity ended up.
    """
    if len({(ch.kind, ch.id) for ch in changes}) == len(changes):
        # Each entity changed once (an import, a paste, a deletion, their undo): the changes are their own
        # net. A million survey answers spent 3 s in the general way below, under a second here.
        return [ch for ch in changes if ch.old is None or ch.new is None or ch.old != ch.new]
    first: dict[tuple[str, str], Change] = {}
    last: dict[tuple[str, str], Entity | None] = {}
    for ch in changes:
        key = (ch.kind, ch.id)
        first.setdefault(key, ch)
        last[key] = ch.new
    out = []
    for key, ch in first.items():
        new = last[key]
        if ch.old != new:
            out.append(Change(ch.kind, ch.id, ch.old, new))
    return out


@dataclass
class StagedStep:
    """A step of the undo stack worked out on a worker thread, ready for :meth:`Document.commit_staged`.

    ``project`` is the detached copy of the project with the step applied (every change through the
    model's rules), ``file`` the working file as it will be (``WorkingCopy.stage``); both follow from
    the working copy at ``base`` and are taken over whole, or not at all.
    """

    command: c.ChangeCommand
    action: str  # "do", "undo" or "redo"
    base: tuple[int, int]
    project: Project
    changes: ChangeList  # the net changes, for the views
    file: Path | None  # None when the step writes nothing


class _Detached:
    """What a command sees of the document while it is staged: a detached project, no working copy."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.unit: list[Change] = []

    def apply_changes(self, changes: Sequence[Change]) -> None:
        self.project.apply(changes, notify=False)
        self.unit.extend(changes)


# Records from which a step is worked out on a worker (``Document.stager``) by the GUI: fewer cost the
# window less than a quarter of a second in the ordinary way, and staging copies the working file.
STAGE_FROM = 20_000


class Stager:
    """Stages a step of the undo stack on a worker thread (see :meth:`Document.stager`).

    A million survey answers held the window 13 s while the model took them and SQLite wrote them in
    the one transaction on the UI thread. Staged, the worker applies the step to a detached copy of
    the project, through the model's rules, and writes it into a copy of the working file
    (``WorkingCopy.stage``); :meth:`Document.commit_staged` then takes both over at once, or nothing.
    """

    def __init__(self, working_copy: WorkingCopy, project: Project | None, source: Project | None = None) -> None:
        self.working_copy = working_copy
        self.project = project  # None until the worker copies ``source`` (:meth:`take_copy`)
        self.source = source
        self.base = working_copy.version()

    def take_copy(self, stop: Callable[[], bool] | None = None) -> Project | None:
        """On the worker: the detached project the step is staged on; None when ``stop()`` said to give up.

        Made here rather than on the UI thread when the stager was made without one: the copy of a
        million answers held the window half a second at their undo. It is the project as it was at
        some moment between changes (``Project.detached_copy_live``); any change that counted since
        ``base`` wrote the working copy, which moves its version, so :meth:`Document.commit_staged`
        refuses a step staged on a copy newer than ``base``.
        """
        if self.project is None and self.source is not None:
            self.project = self.source.detached_copy_live(stop)
        return self.project

    def stage(
        self, cmd: c.ChangeCommand, action: str = "do", progress: Callable[[int, int], bool] | None = None
    ) -> StagedStep | None:
        """On the worker: ``cmd``'s ``action`` ("do", "undo", "redo") staged; None when ``progress`` said stop.

        Once per stager: the step is applied to its detached project.
        """
        project = self.take_copy(None if progress is None else lambda: not progress(0, 0))
        if project is None:
            return None
        detached = _Detached(project)
        if action == "undo":
            cmd.undo(detached)  # type: ignore[arg-type]
        else:
            cmd.do(detached)  # type: ignore[arg-type]
        changes = ChangeList(net_changes(detached.unit))  # its kinds found here, not by each view
        if cmd.changes is not None and not isinstance(cmd.changes, ChangeList):
            cmd.changes = ChangeList(cmd.changes)  # and the command's, for what undo and redo tell the map
        if progress is not None and not progress(0, len(changes)):
            return None
        file = self.working_copy.stage(changes, self.base, progress) if changes else None
        if changes and file is None:
            return None
        return StagedStep(cmd, action, self.base, project, changes, file)


class CommandStack:
    """The project's one undo stack: the GUI, the Python API and the command line all push here.

    ``clean`` is the position matching the file last published (None when no position does, e.g.
    after a crash restore); coming back to it by undo or redo makes the document unmodified again.
    """

    def __init__(self, doc: Document, clean: int | None = 0) -> None:
        self.doc = doc
        self._commands: list[c.Command] = []
        self._index = 0
        self._clean = clean
        self.listeners: list[Listener] = []

    # -- reading -------------------------------------------------------------------
    @property
    def done(self) -> list[c.Command]:
        return self._commands[: self._index]

    @property
    def undone(self) -> list[c.Command]:
        """Commands redo would do again, the next one last."""
        return self._commands[self._index :][::-1]

    def index(self) -> int:
        return self._index

    def count(self) -> int:
        return len(self._commands)

    def can_undo(self) -> bool:
        return self._index > 0

    def can_redo(self) -> bool:
        return self._index < len(self._commands)

    def undo_text(self) -> str:
        return self._commands[self._index - 1].description if self.can_undo() else ""

    def redo_text(self) -> str:
        return self._commands[self._index].description if self.can_redo() else ""

    def is_clean(self) -> bool:
        return self._clean == self._index

    # -- changing ------------------------------------------------------------------
    def push(self, cmd: c.Command, merge: bool = True) -> c.Command:
        """Do ``cmd`` and record it; a refused or failed command leaves the stack as it was.

        A command that continues the one on top (typing in one field) merges into it, as
        QUndoStack does, except when the top is the saved state: that must stay reachable.
        """
        self.doc.do_command(cmd)
        if self._clean is not None and self._clean > self._index:
            self._clean = None  # the saved state was among the redo steps just dropped
        del self._commands[self._index :]
        top = self._commands[-1] if self._commands else None
        if not (
            merge
            and top is not None
            and self._index != self._clean
            and top.merge_key() is not None
            and top.merge_with(cmd)
        ):
            self._commands.append(cmd)
            self._index += 1
        self._changed()
        return cmd

    def push_each(self, cmds: Sequence[c.Command]) -> None:
        """Do ``cmds`` in order as one unit (one transaction, one notification), each its own undo step.

        For many small independent edits arriving together (the room's phones): one write to the
        working copy instead of one per command; if any part fails, none is done or recorded.
        """
        if not cmds:
            return
        self.doc.do_command(c.MacroCommand("", cmds))
        if self._clean is not None and self._clean > self._index:
            self._clean = None
        del self._commands[self._index :]
        self._commands.extend(cmds)
        self._index += len(cmds)
        self._changed()

    def _recorded(self, cmd: c.Command, action: str) -> None:
        """The stack after ``cmd`` was done (as by :meth:`push`, never merged), undone or redone elsewhere."""
        if action == "do":
            if self._clean is not None and self._clean > self._index:
                self._clean = None
            del self._commands[self._index :]
            self._commands.append(cmd)
            self._index += 1
        else:
            self._index += -1 if action == "undo" else 1
        self._changed()

    def next_step(self, action: str) -> c.Command | None:
        """The command undo (``action`` "undo") or redo would take, if any."""
        if action == "undo":
            return self._commands[self._index - 1] if self.can_undo() else None
        return self._commands[self._index] if self.can_redo() else None

    def undo(self) -> c.Command | None:
        if not self.can_undo():
            return None
        cmd = self._commands[self._index - 1]
        self.doc.undo_command(cmd)
        self._index -= 1
        self._changed()
        return cmd

    def redo(self) -> c.Command | None:
        if not self.can_redo():
            return None
        cmd = self._commands[self._index]
        self.doc.do_command(cmd)
        self._index += 1
        self._changed()
        return cmd

    def clear(self) -> None:
        clean = self.is_clean()
        self._commands, self._index = [], 0
        self._clean = 0 if clean else None
        self._changed()

    def set_clean(self) -> None:
        self._clean = self._index
        self._changed()

    def _changed(self) -> None:
        if self.is_clean():
            self.doc.working_copy.mark_published()
        for listener in list(self.listeners):
            listener()


class Document:
    """One open project.

    Every change goes through :meth:`do_command` / :meth:`undo_command`, which apply
    the command's change set to the model and write it to the working copy in one
    transaction. If the write fails, the model change is rolled back and the
    document turns read-only, so what the user sees always matches the file.
    """

    def __init__(
        self, project: Project, working_copy: WorkingCopy, read_only: bool = False, notes: Sequence[str] = ()
    ) -> None:
        self.project = project
        self.working_copy = working_copy
        self.read_only_cause: ReadOnlyCause | None = ReadOnlyCause.OPENED if read_only else None
        # What failed when the working copy could not be written (translated where it was raised).
        self._write_error = ""
        self.notes = list(notes)
        # Migrated work matches no position of the new stack: it is unsaved until saved.
        self.stack = CommandStack(self, clean=None if notes else 0)
        self.saved_listeners: list[Callable[[], None]] = []
        self._lang: str | None = None
        # The changes of the command being done, while it runs (see do_command).
        self._unit: list[Change] | None = None
        # The file's lock (a filelock.ProjectLock) while this document may write it; set by the opener.
        self.lock: Any = None
        # Why Save must go to Save As (e.g. the folder is read-only); empty when Save may write in place.
        self.save_as_only = ""
        # Why it was opened read-only, when the opener knows better than "opened read-only" (another
        # CX Designer has the file): the refusals and the window's banner say it.
        self.opened_read_only_because = ""

    # -- making --------------------------------------------------------------------
    @classmethod
    def new(cls, project: Project | None = None, path: Path | None = None) -> Document:
        project = project or Project(ProjectInfo(created=clock.stamp("%Y-%m-%d")))
        wc = WorkingCopy.create(project, original=path)
        return cls(project, wc)

    @classmethod
    def open(cls, path: Path | str, read_only: bool = False) -> Document:
        # Reading makes a record per row and no garbage: the project goes straight to the oldest
        # generation instead of being scanned by collections while it is read and just after.
        with collector.paused(settle=True):
            wc, project, notes = WorkingCopy.open_file(Path(path), read_only=read_only)
        return cls(project, wc, read_only=read_only, notes=notes)

    @classmethod
    def restore(cls, folder: Path) -> Document:
        """Take over a crashed session's working copy; its work counts as unsaved."""
        wc, project = WorkingCopy.resume(folder)
        doc = cls(project, wc)
        doc.stack = CommandStack(doc, clean=None)
        return doc

    # -- state ---------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        return self.working_copy.original

    @property
    def read_only(self) -> bool:
        return self.read_only_cause is not None

    @property
    def read_only_reason(self) -> str:
        """Why the project cannot be changed, in the interface language; empty when it can."""
        if self.read_only_cause is ReadOnlyCause.OPENED:
            return self.opened_read_only_because or _("opened read-only")
        if self.read_only_cause is ReadOnlyCause.WRITE_FAILED:
            return _(
                "the working copy could not be written ({error}); the last change was undone. Save the project "
                "elsewhere, or free some space and try again"
            ).format(error=self._write_error)
        return ""

    @property
    def modified(self) -> bool:
        """Changes not yet published to the user's file: the one answer for the window, Save and recovery.

        It is the working copy's own record (see ``WorkingCopy.has_unpublished_changes``), so restored
        or migrated work counts as unsaved, and undoing back to the saved state clears it.
        """
        return self.working_copy.has_unpublished_changes()

    @property
    def lang(self) -> str:
        """Language for built-in names and reports: the interface's in the app, else the project's."""
        return self._lang or self.project.info.lang

    @lang.setter
    def lang(self, value: str | None) -> None:
        self._lang = value

    # -- the one way to change the project -----------------------------------------------
    def apply_changes(self, changes: Sequence[Change]) -> None:
        """Apply ``changes`` to the model; inside a command they join its unit (see :meth:`do_command`)."""
        if self._unit is None:
            self._run(lambda: self.apply_changes(changes))
            return
        self.project.apply(changes, notify=False)
        self._unit.extend(changes)

    def do_command(self, cmd: c.Command) -> None:
        """Do ``cmd`` as one unit: applied to the model, written in one transaction, notified once."""
        self._run(lambda: cmd.do(self))

    def undo_command(self, cmd: c.Command) -> None:
        self._run(lambda: cmd.undo(self))

    def _run(self, action: Callable[[], None]) -> None:
        if self._unit is not None:
            action()  # a part of a composite command: it joins the unit already running
            return
        if self.read_only:
            raise ReadOnlyError(_("The project cannot be changed: {reason}").format(reason=self.read_only_reason))
        self._unit = unit = []
        try:
            action()
            changes = net_changes(unit)
            self.working_copy.write(changes)
        except BaseException as exc:
            # Whatever failed (a refused value, a full disk, a bug), the model goes back exactly.
            self.project.revert(unit)
            if isinstance(exc, StorageError) and not isinstance(exc, ReadOnlyError):
                self.read_only_cause, self._write_error = ReadOnlyCause.WRITE_FAILED, str(exc)
            raise
        finally:
            self._unit = None
        self.project.notify(changes)

    # -- big steps worked out on a worker thread -------------------------------------------
    def stager(self, snapshot: Project | None = None, live: bool = False) -> Stager:
        """On this thread: what stages big steps on a worker, from the project as it is now.

        ``snapshot``, when given, must be ``project.detached_copy()`` taken now (and not changed since,
        but by the build of the command staged on it). ``live``: no copy is made here; the worker makes
        it (``Stager.take_copy``), and a change written meanwhile refuses the step at its commit.
        """
        if self.read_only:
            raise ReadOnlyError(_("The project cannot be changed: {reason}").format(reason=self.read_only_reason))
        if live and snapshot is None:
            return Stager(self.working_copy, None, self.project)
        return Stager(self.working_copy, snapshot if snapshot is not None else self.project.detached_copy())

    def commit_staged(self, step: StagedStep) -> None:
        """Take over a staged step: the working file and the project at once, then one notification.

        Raises ``StaleStagingError`` (nothing changed, the staged file removed) when the working copy
        was written since the step was staged: the caller does the step the ordinary way instead.
        """
        if self._unit is not None:
            raise RuntimeError("a staged step cannot join a running command")
        if self.read_only:
            self.discard_staged(step)
            raise ReadOnlyError(_("The project cannot be changed: {reason}").format(reason=self.read_only_reason))
        if step.action != "do" and self.stack.next_step(step.action) is not step.command:
            self.discard_staged(step)
            raise StaleStagingError(_("The undo history changed meanwhile"))
        if step.file is not None:
            try:
                self.working_copy.adopt(step.file, step.base)
            except BaseException as exc:
                self.discard_staged(step)
                self.staging_failed(exc)
                raise
        elif self.working_copy.version() != step.base:
            raise StaleStagingError(_("The project changed meanwhile"))
        self.project.adopt(step.project, step.changes.kinds)
        self.stack._recorded(step.command, step.action)
        self.project.notify(step.changes)

    def staging_failed(self, exc: BaseException) -> None:
        """A staged step could not be written (a full data disk): read-only as after a failed write.

        Editable again once there is room (:meth:`retry_writing`). Nothing of the project or the working
        copy changed; the ordinary way would have failed the same.
        """
        if isinstance(exc, StorageError) and not isinstance(exc, (ReadOnlyError, StaleStagingError)):
            self.read_only_cause, self._write_error = ReadOnlyCause.WRITE_FAILED, str(exc)

    def discard_staged(self, step: StagedStep) -> None:
        """Forget a staged step that will not be committed (its file removed)."""
        if step.file is not None:
            self.working_copy.discard_staged(step.file)

    def retry_writing(self) -> bool:
        """After a failed write: True (and editable again) once the working copy's disk has room."""
        if self.read_only_cause is not ReadOnlyCause.WRITE_FAILED:
            return not self.read_only
        if not self.working_copy.probe_space():
            return False
        self.read_only_cause = None
        return True

    def revert_command(self, backup: Path | str) -> c.Command:
        """A command that turns the project into the backup's content (one undoable step)."""
        from ..storage import backups  # only File → Revert to backup needs it

        target = backups.load_backup(Path(backup))
        return c.RevertToBackupCommand(backups.changes_between(self.project, target), Path(backup).stem)

    def execute(self, cmd: c.Command) -> c.Command:
        """Do ``cmd`` on the project's undo stack (the GUI's wrapper pushes here too)."""
        return self.stack.push(cmd)

    def execute_each(self, cmds: Sequence[c.Command]) -> None:
        """Do ``cmds`` as one unit, each its own undo step (see ``CommandStack.push_each``)."""
        self.stack.push_each(cmds)

    def undo(self) -> c.Command | None:
        return self.stack.undo()

    def redo(self) -> c.Command | None:
        return self.stack.redo()

    # -- saving --------------------------------------------------------------------
    def save(self, force: bool = False) -> None:
        """Publish to the file it was opened from; ``force`` overwrites a file someone else changed."""
        if self.path is None:
            raise StorageError("The project has no file yet: use save_as(path)")
        if self.save_as_only:
            raise ReadOnlyError(
                _("{path}: {reason}; use Save As to save it elsewhere").format(path=self.path, reason=self.save_as_only)
            )
        if self.read_only_cause is ReadOnlyCause.OPENED:
            raise ReadOnlyError(
                _("{path}: {reason}; use Save As to save a copy elsewhere").format(
                    path=self.path, reason=self.read_only_reason
                )
            )
        self.save_as(self.path, force=force)

    def save_as(self, path: Path | str, force: bool = False) -> None:
        """Publish to ``path``; a read-only document saved under a new name becomes editable there."""
        before = self.path
        self.working_copy.publish(Path(path), check_external=not force)
        self.stack.set_clean()
        moved = before is None or Path(path).absolute() != before.absolute()
        if self.read_only and (moved or self.read_only_cause is ReadOnlyCause.WRITE_FAILED):
            self.read_only_cause = None
        if moved:
            self.save_as_only = ""
        for listener in list(self.saved_listeners):
            listener()

    def close(self, keep_unsaved: bool = False) -> None:
        """Close the working copy and release the file's lock; the copy is forgotten (call save first to
        keep changes) unless ``keep_unsaved`` and it holds unsaved work, which the next start then offers back."""
        self.working_copy.close(discard=not (keep_unsaved and self.modified))
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    # -- reading helpers for the API ------------------------------------------------------
    def journeys(self) -> list[Any]:
        return self.project.journeys()

    def journey(self, name_or_id: str) -> Any:
        j = self.project.tables["journey"].get(name_or_id) or self.project.journey_by_name(name_or_id)
        if j is None:
            # The same words as the exchange formats' refusal (exchange.common.require_journey).
            names = [shown_value(x.name) for x in self.project.journeys()]
            asked = name_in_text(name_or_id)
            if not names:
                raise ValidationError(_("There is no journey named “{name}” (journeys: none)").format(name=asked))
            shown = ", ".join(names[:JOURNEYS_NAMED]) + (", …" if len(names) > JOURNEYS_NAMED else "")
            raise ValidationError(
                _("There is no journey named “{name}” (journeys: {names})").format(name=asked, names=shown)
            )
        return j

    def touchpoints(self, journey: str) -> list[Any]:
        return self.project.touchpoints(self.journey(journey).id)

    # -- convenience methods: each runs one command and returns the new id where there is one --------
    def add_touchpoint(
        self, journey_id: str, stage_id: str, lane_id: str, title: str = "", index: int | None = None, **fields: Any
    ) -> str:
        cmd = c.AddTouchpointCommand(journey_id, stage_id, lane_id, index, title=title, **fields)
        self.execute(cmd)
        return cmd.touchpoint_id

    def update_touchpoint(self, ids: str | Sequence[str], /, **fields: Any) -> None:
        self.execute(c.UpdateTouchpointCommand(ids, **fields))

    def move_touchpoints(self, ids: Sequence[str], stage_id: str, lane_id: str, index: int | None = None) -> None:
        self.execute(c.MoveTouchpointsCommand(ids, stage_id, lane_id, index))

    def delete_touchpoints(self, ids: Sequence[str]) -> None:
        self.execute(c.DeleteTouchpointsCommand(ids))

    def connect(self, source_id: str, target_id: str, **fields: Any) -> str:
        cmd = c.AddConnectionCommand(source_id, target_id, **fields)
        self.execute(cmd)
        return cmd.connection_id

    def update_connection(self, ids: str | Sequence[str], /, **fields: Any) -> None:
        self.execute(c.UpdateConnectionCommand(ids, **fields))

    def delete_connections(self, ids: Sequence[str]) -> None:
        self.execute(c.DeleteConnectionsCommand(ids))

    def add_stage(self, journey_id: str, name: str, phase: str = "before", index: int | None = None) -> str:
        cmd = c.AddStageCommand(journey_id, name, phase, index)
        self.execute(cmd)
        return cmd.stage_id

    def add_lane(self, journey_id: str, name: str = "", kind: str = "touchpoints", index: int | None = None) -> str:
        cmd = c.AddLaneCommand(journey_id, name, kind, index)
        self.execute(cmd)
        return cmd.lane_id

    def update(self, kind: str, ids: str | Sequence[str], /, **fields: Any) -> None:
        self.execute(c.UpdateCommand(kind, ids, **fields))

    def reorder(self, kind: str, id_: str, index: int) -> None:
        self.execute(c.ReorderCommand(kind, id_, index))

    def delete_stage(self, stage_id: str, move_to: str | None = None) -> None:
        self.execute(c.DeleteStageCommand(stage_id, move_to))

    def delete_lane(self, lane_id: str, move_to: str | None = None) -> None:
        self.execute(c.DeleteLaneCommand(lane_id, move_to))

    def add_journey(self, name: str, persona_id: str | None = None) -> str:
        cmd = c.AddJourneyCommand(name, persona_id, self.lang)
        self.execute(cmd)
        return cmd.journey_id

    def duplicate_journey(self, journey_id: str, name: str) -> str:
        cmd = c.DuplicateJourneyCommand(self.project, journey_id, name)
        self.execute(cmd)
        return cmd.journey_id

    def delete_journey(self, journey_id: str) -> None:
        self.execute(c.DeleteJourneyCommand(journey_id))

    def add_persona(self, name: str, **fields: Any) -> str:
        cmd = c.AddPersonaCommand(name, **fields)
        self.execute(cmd)
        return cmd.persona_id

    def delete_persona(self, persona_id: str) -> None:
        self.execute(c.DeletePersonaCommand(persona_id))

    def add_channel(self, name: str) -> str:
        cmd = c.AddChannelCommand(name)
        self.execute(cmd)
        return cmd.channel_id

    def add_opportunity(self, title: str, touchpoint_ids: Sequence[str] = (), **fields: Any) -> str:
        cmd = oc.AddOpportunityCommand(title, touchpoint_ids, **fields)
        self.execute(cmd)
        return cmd.opportunity_id

    def add_solution(self, title: str, opportunity_ids: Sequence[str] = (), **fields: Any) -> str:
        cmd = oc.AddSolutionCommand(title, opportunity_ids, **fields)
        self.execute(cmd)
        return cmd.solution_id

    def __enter__(self) -> Document:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
