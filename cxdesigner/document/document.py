"""The open project: the model plus its working copy, changed only through commands."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..model import Change, Project, ProjectInfo, ValidationError
from ..storage import ReadOnlyError, StorageError, WorkingCopy
from . import commands as c


class CommandStack:
    """A plain undo stack for the Python API and the command line (the GUI uses QUndoStack)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.done: list[c.Command] = []
        self.undone: list[c.Command] = []

    def push(self, cmd: c.Command) -> None:
        self.doc.do_command(cmd)
        self.done.append(cmd)
        self.undone.clear()

    def undo(self) -> c.Command | None:
        if not self.done:
            return None
        cmd = self.done[-1]
        self.doc.undo_command(cmd)
        self.undone.append(self.done.pop())
        return cmd

    def redo(self) -> c.Command | None:
        if not self.undone:
            return None
        cmd = self.undone[-1]
        self.doc.do_command(cmd)
        self.done.append(self.undone.pop())
        return cmd


_WC_FAILED = "the working copy could not be written"


class RevertToBackupCommand(c.ChangeCommand):
    """Turn the project into a backup's content: precomputed changes, undone like any command."""

    def __init__(self, changes: Sequence[Change], label: str) -> None:
        super().__init__(f"Revert to backup {label}")
        self._precomputed = list(changes)

    def build(self, project: Project) -> list[Change]:
        return list(self._precomputed)


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
        self.read_only = read_only
        self.read_only_reason = "opened read-only" if read_only else ""
        self.notes = list(notes)
        self.stack = CommandStack(self)
        self._state: list[tuple[str, int]] = []
        self._saved_state: list[tuple[str, int]] = []
        # Restored or migrated work is unsaved even though no command was done in this session.
        self._unsaved_outside_commands = bool(notes)
        self.saved_listeners: list[Callable[[], None]] = []
        self._lang: str | None = None
        # The file's lock (a filelock.ProjectLock) while this document may write it; set by the opener.
        self.lock: Any = None
        # Why Save must go to Save As (e.g. the folder is read-only); empty when Save may write in place.
        self.save_as_only = ""

    # -- making --------------------------------------------------------------------
    @classmethod
    def new(cls, project: Project | None = None, path: Path | None = None) -> Document:
        project = project or Project(ProjectInfo(created=time.strftime("%Y-%m-%d")))
        wc = WorkingCopy.create(project, original=path)
        return cls(project, wc)

    @classmethod
    def open(cls, path: Path | str, read_only: bool = False) -> Document:
        wc, project, notes = WorkingCopy.open_file(Path(path), read_only=read_only)
        return cls(project, wc, read_only=read_only, notes=notes)

    @classmethod
    def restore(cls, folder: Path) -> Document:
        """Take over a crashed session's working copy; its work counts as unsaved."""
        wc, project = WorkingCopy.resume(folder)
        doc = cls(project, wc)
        doc._unsaved_outside_commands = True
        return doc

    # -- state ---------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        return self.working_copy.original

    @property
    def modified(self) -> bool:
        """Changes not yet published to the user's file (undoing back to the saved state clears it)."""
        return self._unsaved_outside_commands or self._saved_state != self._state

    @property
    def lang(self) -> str:
        """Language for built-in names and reports: the interface's in the app, else the project's."""
        return self._lang or self.project.info.lang

    @lang.setter
    def lang(self, value: str | None) -> None:
        self._lang = value

    # -- the one way to change the project -----------------------------------------------
    def apply_changes(self, changes: Sequence[Change]) -> None:
        if self.read_only:
            raise ReadOnlyError(f"The project cannot be changed: {self.read_only_reason}")
        self.project.apply(changes, notify=False)
        try:
            self.working_copy.write(changes)
        except StorageError as exc:
            self.project.apply([ch.inverse() for ch in reversed(changes)], notify=False)
            self.read_only = True
            self.read_only_reason = (
                f"{_WC_FAILED} ({exc}); the last change was undone. Save the project elsewhere, "
                "or free some space and try again"
            )
            raise
        self.project.notify(changes)

    def retry_writing(self) -> bool:
        """After a failed write: True (and editable again) once the working copy's disk has room."""
        if not (self.read_only and self.read_only_reason.startswith(_WC_FAILED)):
            return not self.read_only
        if not self.working_copy.probe_space():
            return False
        self.read_only, self.read_only_reason = False, ""
        return True

    def revert_command(self, backup: Path | str) -> c.Command:
        """A command that turns the project into the backup's content (one undoable step)."""
        from ..storage import backups  # only File → Revert to backup needs it

        target = backups.load_backup(Path(backup))
        return RevertToBackupCommand(backups.changes_between(self.project, target), Path(backup).stem)

    def do_command(self, cmd: c.Command) -> None:
        cmd.do(self)
        self._state.append((cmd.id, cmd.revision))

    def undo_command(self, cmd: c.Command) -> None:
        cmd.undo(self)
        if self._state and self._state[-1][0] == cmd.id:
            self._state.pop()

    def note_merged(self, kept: c.Command, merged: c.Command) -> None:
        """``merged`` was folded into ``kept`` (consecutive typing in one field)."""
        if self._state and self._state[-1][0] == merged.id:
            self._state.pop()
        if self._state and self._state[-1][0] == kept.id:
            self._state[-1] = (kept.id, kept.revision)

    def execute(self, cmd: c.Command) -> c.Command:
        """Do ``cmd`` on the document's own undo stack (API and command line)."""
        self.stack.push(cmd)
        return cmd

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
            raise ReadOnlyError(f"{self.path}: {self.save_as_only}; use Save As to save it elsewhere")
        if self.read_only and not self.read_only_reason.startswith(_WC_FAILED):
            raise ReadOnlyError(f"{self.path}: {self.read_only_reason}; use Save As to save a copy elsewhere")
        self.save_as(self.path, force=force)

    def save_as(self, path: Path | str, force: bool = False) -> None:
        """Publish to ``path``; a read-only document saved under a new name becomes editable there."""
        before = self.path
        self.working_copy.publish(Path(path), check_external=not force)
        self._saved_state = list(self._state)
        self._unsaved_outside_commands = False
        moved = before is None or Path(path).absolute() != before.absolute()
        if self.read_only and (moved or self.read_only_reason.startswith(_WC_FAILED)):
            self.read_only, self.read_only_reason = False, ""
        if moved:
            self.save_as_only = ""
        for listener in list(self.saved_listeners):
            listener()

    def close(self) -> None:
        """Close and forget the working copy (call save first to keep changes); release the file's lock."""
        self.working_copy.close(discard=True)
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    # -- reading helpers for the API ------------------------------------------------------
    def journeys(self) -> list[Any]:
        return self.project.journeys()

    def journey(self, name_or_id: str) -> Any:
        j = self.project.tables["journey"].get(name_or_id) or self.project.journey_by_name(name_or_id)
        if j is None:
            raise ValidationError(f"There is no journey named '{name_or_id}'")
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

    def __enter__(self) -> Document:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
