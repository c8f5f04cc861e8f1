"""Import journeys from another project (.cxd, opened as an untrusted file, or its JSON form)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..document import Document
from ..exchange import merge
from ..exchange.common import ImportCancelledError, Progress, persona_name
from ..exchange.merge import MergeOutcome
from ..i18n import _, name_in_text, ngettext, number
from ..model import CXError, Project
from ..qtcommands import UndoStack
from .background import push_import, run_in_worker
from .common import DialogIO, WidgetIO, ask_file_and_run, plain_label, plain_tooltip, shorten

_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def project_filters() -> list[str]:
    """File-chooser filters for another project."""
    return [
        _("CX Designer projects (*.cxd *.json)"),
        _("CX Designer project files (*.cxd)"),
        _("Project JSON (*.json)"),
        _("All files (*)"),
    ]


class ImportJourneysDialog(QDialog, DialogIO):
    """Pick journeys of another project (name, persona, cards) and merge them as one undo step.

    Personas and channels they use come along; clashing names become "Name (2)". After
    :meth:`exec`, :attr:`outcome` is the :class:`~cxdesigner.exchange.merge.MergeOutcome` (or None).
    """

    def __init__(self, doc: Document, undo_stack: UndoStack, path: Path | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.undo_stack = undo_stack
        self.path = Path(path)
        self.source: Project | None = None
        self.loaded = False
        self.load_error = ""
        self.refused_own = False  # the file is the open project: readable, and refused
        self.outcome: MergeOutcome | None = None
        self.setWindowTitle(_("Import journeys from another project"))
        self.setSizeGripEnabled(True)
        self._build()
        try:
            try:
                merge.refuse_own_file(self.path, doc.path)
            except CXError:
                self.refused_own = True
                raise
            self.source = run_in_worker(
                parent, self.windowTitle(), _("Checking {name}…").format(name=self.path.name),
                lambda progress: self.read_source(self.path, progress), str(self.path),
            )  # fmt: skip
        except ImportCancelledError:
            self.load_error = ""  # the person stopped it: nothing to say
        except CXError as exc:
            message = str(exc)
            # Say which file, when the reader did not (e.g. "not valid JSON" for a file that is neither).
            self.load_error = message if self.path.name in message else f"{self.path.name}: {message}"
        else:
            self.loaded = True
            self._fill()

    def read_source(self, path: Path, progress: Progress | None = None) -> Project:
        """The other project (a subclass reads another kind of file, following ``progress``)."""
        return merge.read_project_file(path)

    def unreadable_title(self) -> str:
        return _("Cannot read the project")

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.file_label = plain_label("", self, wrap=True)
        layout.addWidget(self.file_label)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([_("Journey"), _("Persona"), _("Cards")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemChanged.connect(lambda *_: self._update_button())
        layout.addWidget(self.tree, 1)
        picks = QHBoxLayout()
        self.all_button = QPushButton(_("Select &all"), self)
        self.none_button = QPushButton(_("Select &none"), self)
        self.all_button.clicked.connect(lambda: self.set_all(True))
        self.none_button.clicked.connect(lambda: self.set_all(False))
        picks.addWidget(self.all_button)
        picks.addWidget(self.none_button)
        picks.addStretch(1)
        layout.addLayout(picks)
        layout.addWidget(
            plain_label(
                _("The journeys come with their personas and channels. A journey or persona whose name "
                    "is already taken here gets a number, e.g. \u201cName (2)\u201d."),
                self,
                wrap=True,
            )
        )
        self.buttons = QDialogButtonBox(self)
        self.import_button = QPushButton(_("Import"), self)
        self.import_button.setDefault(True)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.clicked.connect(self.import_checked)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(640, 420)

    def _fill(self) -> None:
        src = self.source
        assert src is not None
        name = src.info.name
        journeys = src.journeys()
        text = (
            _("{file} · project “{name}”").format(file=name_in_text(self.path.name), name=name_in_text(name, 80))
            if name
            else (self.path.name)
        )
        if not journeys:
            text += "\n" + _("This project has no journey to import.")
        self.file_label.setText(text)
        self.file_label.setToolTip(plain_tooltip(str(self.path)))
        self.tree.blockSignals(True)
        for j in journeys:
            item = QTreeWidgetItem(
                [shorten(j.name, 120), shorten(persona_name(src, j), 60), number(len(src.touchpoints(j.id)))]
            )
            item.setData(0, _ID_ROLE, j.id)
            item.setToolTip(0, plain_tooltip(j.name))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tree.addTopLevelItem(item)
        self.tree.blockSignals(False)
        self.tree.setColumnWidth(1, max(120, min(self.tree.sizeHintForColumn(1) + 16, 240)))
        for w in (self.all_button, self.none_button):
            w.setEnabled(bool(journeys))
        self._update_button()

    def items(self) -> list[QTreeWidgetItem]:
        return [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]

    def checked_ids(self) -> list[str]:
        """Ids (in the other project) of the journeys ticked, in list order."""
        return [it.data(0, _ID_ROLE) for it in self.items() if it.checkState(0) == Qt.CheckState.Checked]

    def set_checked(self, names: list[str]) -> None:
        """Tick exactly the journeys named in ``names`` (as listed)."""
        assert self.source is not None
        wanted = set(merge.pick_journeys(self.source, names)) if names else set()
        for it in self.items():
            it.setCheckState(0, Qt.CheckState.Checked if it.data(0, _ID_ROLE) in wanted else Qt.CheckState.Unchecked)

    def set_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for it in self.items():
            it.setCheckState(0, state)

    def _update_button(self) -> None:
        n = len(self.checked_ids())
        self.import_button.setText(ngettext("Import {n} journey", "Import {n} journeys", n).format(n=number(n)))
        self.import_button.setEnabled(n > 0)

    def import_checked(self) -> bool:
        """Merge the ticked journeys as one undoable command and close (Cancel meanwhile: the dialog stays)."""
        ids = self.checked_ids()
        source, name = self.source, self.path.name
        if not ids or source is None:
            return False

        def merged(project: Project, progress: Progress | None) -> tuple[Any, MergeOutcome]:
            out = merge.merge_journeys(project, source, ids, name, progress)
            return out.command, out

        # The new records and their change set are made on a worker thread (25,000 cards: about a second).
        out = push_import(self, self.undo_stack, self.doc, self.windowTitle(), _("Preparing the journeys…"), merged)
        if out is None:
            return False
        self.outcome = out
        self.accept()
        return True

    def run(self, io: DialogIO | None = None) -> MergeOutcome | None:
        """Show the dialog if the file was read (else say why); what was imported, or None.

        Errors go to ``io`` when given (the caller's choosers and boxes), else to this dialog's.
        """
        if not self.loaded:
            if self.load_error:
                title = _("Nothing was imported") if self.refused_own else self.unreadable_title()
                (io or self).show_error(title, self.load_error)
            return None
        self.exec()
        return self.outcome


def import_journeys(
    parent: QWidget | None, doc: Document, undo_stack: UndoStack, io: DialogIO | None = None
) -> MergeOutcome | None:
    """File ▸ Import ▸ Journeys from another project: ask for the file, then run the dialog."""
    io = io or WidgetIO(parent, doc)
    return ask_file_and_run(
        io,
        _("Import journeys from another project"),
        project_filters(),
        lambda path: ImportJourneysDialog(doc, undo_stack, path, parent),
    )


__all__ = ["ImportJourneysDialog", "import_journeys", "project_filters"]
