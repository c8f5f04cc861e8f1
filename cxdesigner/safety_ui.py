"""The safety net's dialogs and timer: recovery at start, locks, save conflicts, backups, revert."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLayout,
    QMessageBox,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from . import api, filelock, i18n
from .document import Document
from .document.commands import Command
from .i18n import _, ngettext, number
from .model.errors import readable
from .storage import (
    BadTargetError,
    DiskFullError,
    ExternalChangeError,
    FileIOError,
    FileLockedError,
    ReadOnlyError,
    StorageError,
    backups,
)
from .storage.backups import Backup
from .storage.recovery import Orphan, discard_session
from .window.screenfit import resize_within_screen

RESTORE, SAVE_AS, DISCARD, LATER = "restore", "save_as", "discard", "later"
OVERWRITE, CANCEL = "overwrite", "cancel"
READ_ONLY, TAKE_OVER = "read_only", "take_over"


def file_filter() -> str:
    """The file dialogs' choice of project files."""
    return ";;".join((_("CX Designer projects (*.cxd)"), _("All files (*)")))


def _plain_label(text: str, parent: QWidget | None = None) -> QLabel:
    # Names and paths come from files: never let Qt guess they are rich text.
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- the dialogs ------------------------------------------------------------------------------------------


class RecoveryDialog(QDialog):
    """Unsaved work of a CX Designer that stopped: Restore, Save As…, Discard, or decide later."""

    def __init__(self, orphan: Orphan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = LATER
        self.setWindowTitle(_("Recover unsaved work"))
        layout = QVBoxLayout(self)
        # As big as its words, as a message box is: resizable, it wore the window manager's resize
        # handle, an empty frame under its buttons (openbox), to stretch nothing but blank space.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        name = orphan.name or (orphan.original.name if orphan.original else _("Untitled project"))
        changed = i18n.translation().datetime(dt.datetime.fromtimestamp(int(orphan.changed)))
        lines = [
            _("CX Designer stopped before this project was saved:"),
            "",
            _short(name),
            _("File: {path}").format(path=orphan.original or _("never saved")),
            _("Last change: {when}").format(when=changed),
        ]
        if orphan.counts:
            lines.append(backups.describe_counts(orphan.counts, i18n.translation()))
        lines += ["", _("Restore opens it with every change you made; it stays unsaved until you save it.")]
        self.summary = _plain_label("\n".join(lines), self)
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(self)
        for text, choice, role in (
            (_("&Restore"), RESTORE, QDialogButtonBox.ButtonRole.AcceptRole),
            (_("&Save As…"), SAVE_AS, QDialogButtonBox.ButtonRole.AcceptRole),
            (_("&Discard"), DISCARD, QDialogButtonBox.ButtonRole.DestructiveRole),
            (_("Decide &later"), LATER, QDialogButtonBox.ButtonRole.RejectRole),
        ):
            button = buttons.addButton(text, role)
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
            if choice == RESTORE:
                button.setDefault(True)
        layout.addWidget(buttons)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.done(QDialog.DialogCode.Accepted if choice != LATER else QDialog.DialogCode.Rejected)


class BackupDialog(QDialog):
    """File → Revert to backup: the snapshots with their date and counts."""

    def __init__(self, items: list[Backup], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items = items
        self.setWindowTitle(_("Revert to backup"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            _plain_label(_("Choose a backup. Reverting is one step you can undo; save to keep it."), self)
        )
        self.tree = QTreeWidget(self)
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels(
            [_("Taken"), _("Journeys"), _("Touchpoints"), _("Connections"), _("Personas")]
        )
        t = i18n.translation()
        for b in items:
            c = b.counts
            row = [t.datetime(b.created, seconds=True)] + [
                t.number(c[k]) if k in c else "?" for k in ("journeys", "touchpoints", "connections", "personas")
            ]
            self.tree.addTopLevelItem(QTreeWidgetItem(row))
        if items:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self.tree.itemDoubleClicked.connect(lambda *_: self.accept())
        layout.addWidget(self.tree)
        # Each column as wide as its words (evenly shared, the date lost its minutes and two backups of
        # one hour looked alike), and the dialog as wide as the columns.
        for column in range(self.tree.columnCount()):
            self.tree.resizeColumnToContents(column)
        columns = sum(self.tree.columnWidth(c) for c in range(self.tree.columnCount()))
        scrollbar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        margins = layout.contentsMargins()
        wanted = columns + 2 * self.tree.frameWidth() + scrollbar + margins.left() + margins.right() + 8
        resize_within_screen(self, max(560, wanted), 360)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        revert = buttons.addButton(_("&Revert"), QDialogButtonBox.ButtonRole.AcceptRole)
        revert.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> Backup | None:
        index = self.tree.indexOfTopLevelItem(self.tree.currentItem()) if self.tree.currentItem() else -1
        return self.items[index] if 0 <= index < len(self.items) else None


def holder_text(holder: filelock.LockHolder) -> str:
    """Who has the file open, in the interface language (``LockHolder.describe`` is the CLI's English)."""
    t = i18n.translation()
    user = holder.user or _("an unknown user")
    if holder.same_host:
        who = _("open in CX Designer by {user} on this computer ({host}), process {pid}")
    elif holder.host:
        who = _("open in CX Designer by {user} on the computer {host}, process {pid}")
    else:
        who = _("open in CX Designer by {user} on an unknown computer, process {pid}")
    # The pid is an identifier, not a quantity: no thousands separator.
    who = who.format(user=user, host=holder.host, pid=holder.pid)
    if holder.since is None:
        return who
    return _("{who}, since {when}").format(who=who, when=t.datetime(holder.since))


def _message_box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, detail: str = ""
) -> QMessageBox:
    box = QMessageBox(icon, title, readable(text), QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if detail:
        box.setInformativeText(readable(detail))
        # Informative text has no format switch of its own: a label of the box shows it.
        for label in box.findChildren(QLabel):
            label.setTextFormat(Qt.TextFormat.PlainText)
    return box


class Prompts(QObject):
    """Every question the safety net asks, one method each: override one to script it.

    The main window may subclass this (for its own wording or a non-modal banner); tests replace
    the methods with fixed answers. Each returns one of the module's choice constants.
    """

    def ask_recovery(self, parent: QWidget | None, orphan: Orphan) -> str:
        """RESTORE, SAVE_AS, DISCARD or LATER for one session whose process is gone."""
        dialog = RecoveryDialog(orphan, parent)
        dialog.exec()
        if dialog.choice == DISCARD:
            box = _message_box(
                parent, QMessageBox.Icon.Warning, _("Discard unsaved work"),
                _("Discard these unsaved changes for good? This cannot be undone."),
            )
            box.setStandardButtons(QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
            if box.exec() != QMessageBox.StandardButton.Discard:
                return LATER
        return dialog.choice

    def ask_external_change(self, parent: QWidget | None, path: Path) -> str:
        """OVERWRITE, SAVE_AS or CANCEL when the file changed on disk since it was opened."""
        box = _message_box(
            parent, QMessageBox.Icon.Warning, _("The file changed on disk"),
            _("{path} was changed by someone else since you opened it.").format(path=path),
            _("Overwrite replaces their version with yours; Save As keeps both."),
        )
        overwrite = box.addButton(_("&Overwrite"), QMessageBox.ButtonRole.DestructiveRole)
        save_as = box.addButton(_("&Save As…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save_as)
        box.exec()
        clicked = box.clickedButton()
        return OVERWRITE if clicked is overwrite else SAVE_AS if clicked is save_as else CANCEL

    def ask_lock_conflict(self, parent: QWidget | None, path: Path, holder: filelock.LockHolder | None) -> str:
        """READ_ONLY, TAKE_OVER (only offered for another computer's lock) or CANCEL."""
        who = holder_text(holder) if holder else _("open in another CX Designer")
        other_host = holder is not None and not holder.same_host
        detail = (
            _("If that computer crashed or is switched off, you can take the file over.")
            if other_host
            else _("You can open it read-only, and save a copy under another name.")
        )
        box = _message_box(
            parent, QMessageBox.Icon.Warning, _("The file is in use"), f"{path}\n{who}", detail
        )
        read_only = box.addButton(_("Open &read-only"), QMessageBox.ButtonRole.AcceptRole)
        take_over = box.addButton(_("&Take over"), QMessageBox.ButtonRole.DestructiveRole) if other_host else None
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(read_only)
        box.exec()
        clicked = box.clickedButton()
        if clicked is read_only:
            return READ_ONLY
        return TAKE_OVER if take_over is not None and clicked is take_over else CANCEL

    def ask_backup(self, parent: QWidget | None, items: list[Backup]) -> Backup | None:
        """The backup to revert to, or None."""
        dialog = BackupDialog(items, parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_save_path(self, parent: QWidget | None, suggested: Path | None) -> Path | None:
        """Where to save (Save As); None when cancelled."""
        start = str(suggested) if suggested else ""
        path = QFileDialog.getSaveFileName(parent, _("Save project as"), start, file_filter())[0]
        if not path:
            return None
        p = Path(path)
        return p if p.suffix else p.with_suffix(".cxd")

    def tell(self, parent: QWidget | None, title: str, text: str, warning: bool = False) -> None:
        """Show a message (an error, or a warning when ``warning``)."""
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Critical
        box = _message_box(parent, icon, title, text)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.exec()


# -- the timer ------------------------------------------------------------------------------------------


class BackupScheduler(QObject):
    """Every N minutes, a snapshot of each watched project that changed since its last one."""

    backup_made = Signal(str)  # the backup's description, for the status bar
    backup_failed = Signal(str)

    def __init__(self, parent: QObject | None = None, interval_minutes: float | None = None) -> None:
        super().__init__(parent)
        self.tracker = backups.BackupTracker()
        self._docs: list[Document] = []
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.run_now)
        self.set_interval_minutes(interval_minutes if interval_minutes is not None else _setting_minutes())

    def set_interval_minutes(self, minutes: float) -> None:
        """Change the interval (0 or less stops automatic backups)."""
        if minutes <= 0:
            self.timer.stop()
            return
        self.timer.start(int(minutes * 60_000))

    def watch(self, doc: Document) -> None:
        if doc not in self._docs:
            self._docs.append(doc)

    def unwatch(self, doc: Document) -> None:
        if doc in self._docs:
            self._docs.remove(doc)

    def run_now(self) -> list[Backup]:
        """Snapshot every watched project that changed; failures are reported, never raised."""
        made = []
        for doc in list(self._docs):
            try:
                backup = self.tracker.snapshot_if_due(doc.working_copy)
            except StorageError as exc:
                self.backup_failed.emit(_("The automatic backup failed: {reason}").format(reason=exc))
                continue
            if backup is not None:
                made.append(backup)
                self.backup_made.emit(_("Backup made: {backup}").format(backup=backup.describe(i18n.language())))
        return made


def _setting_minutes() -> float:
    try:
        from . import settings

        return float(settings.get("backups/interval_minutes"))
    except (ImportError, KeyError, TypeError, ValueError):
        return float(backups.INTERVAL_MINUTES)


# -- the controller the main window calls ------------------------------------------------------------------


class SafetyController(QObject):
    """What the main window calls to open, save, recover and revert safely.

    Each method returns what happened and shows its own messages through :attr:`prompts`.
    """

    def __init__(
        self, window: QWidget | None = None, prompts: Prompts | None = None, interval_minutes: float | None = None
    ) -> None:
        super().__init__(window)
        self.window = window
        self.prompts = prompts or Prompts(self)
        self.scheduler = BackupScheduler(self, interval_minutes)
        # The system is ending the app (SIGTERM, SIGHUP): no more questions, the rest waits for next time.
        self.ending = False

    # -- start ---------------------------------------------------------------------------------
    def recover_at_start(self) -> list[Document]:
        """Offer back the unsaved work of sessions whose process is gone; the restored documents."""
        docs = []
        for orphan in filelock.startup_cleanup():
            if self.ending:
                break
            choice = self.prompts.ask_recovery(self.window, orphan)
            if self.ending:  # the question was closed unanswered: it comes back at the next start
                break
            if choice == DISCARD:
                try:
                    discard_session(orphan.folder)
                except StorageError as exc:
                    self.prompts.tell(self.window, _("Could not discard"), str(exc))
                continue
            if choice not in (RESTORE, SAVE_AS):
                continue
            try:
                doc = Document.restore(orphan.folder)
            except StorageError as exc:
                self.prompts.tell(
                    self.window, _("Could not restore"),
                    _("{reason}\n\nThe work is kept in {folder}.").format(reason=exc, folder=orphan.folder),
                )
                continue
            if doc.path is not None:
                self._lock_restored(doc)
            if choice == SAVE_AS:
                self.save_as(doc)
            self.scheduler.watch(doc)
            docs.append(doc)
        return docs

    def _lock_restored(self, doc: Document) -> None:
        assert doc.path is not None
        lock = filelock.ProjectLock(doc.path)
        state = lock.try_acquire()
        if state is filelock.LockState.ACQUIRED:
            doc.lock = lock
        elif state is filelock.LockState.HELD:
            # The restored work stays editable; only writing over the file someone has open is refused.
            doc.save_as_only = _("the file is open in another CX Designer")
        else:
            doc.save_as_only = filelock.no_lock_reason(doc.path)

    # -- open ----------------------------------------------------------------------------------
    def open(self, path: Path | str, read_only: bool = False) -> Document | None:
        """Open a file, handling a lock held by someone else; None when refused or cancelled."""
        path = Path(path)
        try:
            try:
                doc: Document | None = api.open_project(path, read_only=read_only)
            except FileLockedError as locked:
                doc = self._open_locked(path, locked.holder)  # type: ignore[arg-type]
        except StorageError as exc:
            self.prompts.tell(self.window, _("The project could not be opened"), str(exc))
            return None
        if doc is None:
            return None
        if doc.notes:
            self.prompts.tell(self.window, _("Opened with a note"), "\n\n".join(doc.notes), warning=True)
        self.scheduler.watch(doc)
        return doc

    def _open_locked(self, path: Path, holder: filelock.LockHolder | None) -> Document | None:
        choice = self.prompts.ask_lock_conflict(self.window, path, holder)
        if choice == READ_ONLY:
            doc = api.open_project(path, read_only=True)
            doc.opened_read_only_because = _("the file is open in another CX Designer")
            return doc
        if choice != TAKE_OVER:
            return None
        lock = filelock.ProjectLock(path)
        if not lock.take_over():
            self.prompts.tell(self.window, _("Could not take the file over"), str(lock.locked_error()))
            return None
        try:
            return api.open_project(path)  # shares the lock just taken
        finally:
            lock.release()

    # -- save ----------------------------------------------------------------------------------
    def save(self, doc: Document) -> bool:
        """File → Save: in place when allowed, else Save As; asks when the file changed on disk."""
        if doc.path is None:
            return self.save_as(doc)
        try:
            doc.save()
            return True
        except ReadOnlyError:
            return self.save_as(doc)
        except ExternalChangeError:
            return self._resolve_conflict(doc, doc.path)
        except StorageError as exc:
            self._save_failed(exc)
            return False

    def _resolve_conflict(self, doc: Document, path: Path) -> bool:
        choice = self.prompts.ask_external_change(self.window, path)
        if choice == SAVE_AS:
            return self.save_as(doc)
        if choice != OVERWRITE:
            return False
        try:
            doc.save_as(path, force=True)
            return True
        except StorageError as exc:
            self._save_failed(exc)
            return False

    def _save_failed(self, exc: StorageError) -> None:
        text = str(exc)
        # A full disk and a wrong name say what to do already; a folder that refuses (read-only, a stick
        # pulled out) said only that nothing was lost, leaving the user with no way forward.
        if isinstance(exc, FileIOError) and not isinstance(exc, (DiskFullError, BadTargetError)):
            text += "\n\n" + _("Save it in another folder or under another name (File → Save As).")
        self.prompts.tell(self.window, _("The project was not saved"), text)

    def save_as(self, doc: Document, path: Path | str | None = None) -> bool:
        """File → Save As: asks where (unless ``path``), moves the lock to the new file."""
        target = Path(path) if path else self.prompts.ask_save_path(self.window, doc.path)
        if target is None:
            return False
        target = target.absolute()
        new_lock = None
        if doc.path is None or target != doc.path.absolute():
            lock = filelock.ProjectLock(target)
            state = lock.try_acquire()
            if state is filelock.LockState.HELD:
                self._save_failed(lock.locked_error())
                return False
            new_lock = lock if state is filelock.LockState.ACQUIRED else None
        try:
            doc.save_as(target)
        except ExternalChangeError:
            if new_lock is not None:
                new_lock.release()
            return self._resolve_conflict(doc, target)
        except StorageError as exc:
            if new_lock is not None:
                new_lock.release()
            self._save_failed(exc)
            return False
        if new_lock is not None:
            if doc.lock is not None:
                doc.lock.release()
            doc.lock = new_lock
        return True

    # -- failures while editing ----------------------------------------------------------------
    def command_failed(self, doc: Document, exc: StorageError) -> None:
        """Tell the user a change could not be recorded: it was undone and the project is read-only."""
        self.prompts.tell(
            self.window, _("The change could not be recorded"),
            _(
                "{reason}\n\nThe project is read-only until you save it elsewhere (File → Save As) or free some space."
            ).format(reason=exc),
        )

    # -- backups -------------------------------------------------------------------------------
    def revert_to_backup(self, doc: Document, push: Callable[[Command], object] | None = None) -> bool:
        """File → Revert to backup: pick one, then ``push`` the revert command (default: ``doc.execute``)."""
        items = backups.backups_of(doc.working_copy)
        if not items:
            minutes = round(self.scheduler.timer.interval() / 60_000) or backups.INTERVAL_MINUTES
            self.prompts.tell(
                self.window, _("No backups yet"),
                ngettext(
                    "Backups are made every minute while the project changes.",
                    "Backups are made every {n} minutes while the project changes.",
                    minutes,
                ).format(n=number(minutes)),
                warning=True,
            )
            return False
        chosen = self.prompts.ask_backup(self.window, items)
        if chosen is None:
            return False
        try:
            cmd = doc.revert_command(chosen.path)
            (push or doc.execute)(cmd)
        except StorageError as exc:
            self.prompts.tell(self.window, _("Could not revert to the backup"), str(exc))
            return False
        return True

    def close(self, doc: Document, keep_unsaved: bool = False) -> None:
        """Stop watching ``doc`` and close it (its lock is released); ``keep_unsaved``: for recovery."""
        self.scheduler.unwatch(doc)
        doc.close(keep_unsaved=keep_unsaved)


__all__ = [
    "CANCEL",
    "DISCARD",
    "LATER",
    "OVERWRITE",
    "READ_ONLY",
    "RESTORE",
    "SAVE_AS",
    "TAKE_OVER",
    "BackupDialog",
    "BackupScheduler",
    "Prompts",
    "RecoveryDialog",
    "SafetyController",
]
