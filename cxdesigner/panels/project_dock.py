"""The project dock: the project's name, the journeys (switch, add, rename, duplicate, reorder, delete), personas."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QDropEvent, QIcon, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStyle,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..analysis.linked import journey_tree
from ..document import Document, Selection
from ..document.commands import (
    AddJourneyCommand,
    Command,
    DeleteJourneyCommand,
    DuplicateJourneyCommand,
    ReorderCommand,
    UpdateCommand,
)
from ..i18n import _, name_in_text, ngettext, number
from ..model import Change, CXError, Journey, Project, untouched
from ..qtcommands import UndoStack, push
from . import future_menu
from .edits import discrete, update_command
from .personas import persona_label
from .widgets import colour_icon, error_label, follow_project, plain_label, plain_tooltip, show_error

_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# Journeys of this many cards and more are copied on a worker thread: a smaller one is copied in a few
# milliseconds, where a progress dialog would only flash.
DUPLICATE_IN_WORKER = 500
_PERSONA_ROLE = Qt.ItemDataRole.UserRole + 2  # the persona's name, shown in its column when there is room


class JourneyTree(QTreeWidget):
    """The journeys list; a drop asks the dock to reorder instead of moving items itself."""

    dropped = Signal(str, int)  # journey id, row it was dropped before (in the list as it is)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Flat until a card opens another journey: then the sub-journey shows under it (always expanded).
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setIndentation(14)
        self.setUniformRowHeights(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # A row is one journey: the keyboard's place is the row, not the name's cell without its persona.
        self.setAllColumnsShowFocus(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked)
        self._persona_heading = ""
        self._persona_names = True

    def set_persona_heading(self, heading: str) -> None:
        """The persona column's title (shown when the names are, as the column's tooltip always)."""
        self._persona_heading = heading
        self.headerItem().setToolTip(1, heading)
        self.fit_columns()

    def persona_shown(self) -> bool:
        """Whether the persona column shows names, not only their colours."""
        return self._persona_names

    def fit_columns(self) -> None:
        """The journey's name first: the persona column shows its names when the names beside them fit whole,
        else only each persona's colour (the name in its tooltip, the colours named in the Personas list below).
        At 1280 x 800 the persona column sized to its names took half the dock and cut «Weekend at a …»."""
        heading = self._persona_heading
        style, fm = self.style(), self.fontMetrics()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1
        icon = style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, self)
        items = self.all_items()
        names = [item.data(1, _PERSONA_ROLE) or "" for item in items]
        named = max([fm.horizontalAdvance(n) + icon + 4 * margin for n in names if n]
                    + [fm.horizontalAdvance(heading) + 4 * margin + 8])
        swatch = icon + 4 * margin
        # The names' need, as the view measures the column (indentation and icons included).
        journey = self.sizeHintForColumn(0) + 2 * margin
        show = journey + named <= self.viewport().width()
        self._persona_names = show
        header = self.header()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, named if show else swatch)
        self.headerItem().setText(1, heading if show else "")
        for item, name in zip(items, names, strict=True):
            if item.text(1) != (name if show else ""):
                item.setText(1, name if show else "")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def drop_row(self, pos: QPoint) -> int:
        """The row a drop at ``pos`` (viewport coordinates) lands before."""
        item = self.itemAt(pos)
        rows = self.all_items()
        if item is None:
            return len(rows)
        row = rows.index(item)
        rect = self.visualItemRect(item)
        return row if pos.y() < rect.center().y() else row + 1

    def all_items(self) -> list[QTreeWidgetItem]:
        """Every row top to bottom, sub-journeys under their parents."""
        out: list[QTreeWidgetItem] = []
        stack = [self.topLevelItem(i) for i in reversed(range(self.topLevelItemCount()))]
        while stack:
            item = stack.pop()
            out.append(item)
            stack.extend(item.child(i) for i in reversed(range(item.childCount())))
        return out

    def dropEvent(self, event: QDropEvent) -> None:
        # The model decides the order: one ReorderCommand, then the list is rebuilt from the change event.
        item = self.currentItem()
        if event.source() is self and item is not None:
            self.dropped.emit(item.data(0, _ID_ROLE), self.drop_row(event.position().toPoint()))
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()


class ProjectDock(QWidget):
    """Lists the journeys and personas; choosing a journey makes it the current one everywhere."""

    journey_activated = Signal(str)
    persona_activated = Signal(str)

    def __init__(
        self,
        doc: Document,
        undo_stack: UndoStack,
        selection: Selection,
        lang: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # How a big journey's copy is made off the UI thread (dialogs.background.build_in_worker, handed
        # over by the main window: the views reach no worker themselves); without it, made here.
        self.build_in_worker: Callable[..., Any] | None = None
        self.doc = doc
        self.undo_stack = undo_stack
        self.selection = selection
        self.lang = lang or doc.lang
        # Set while the lists are rebuilt from the model: their signals are not the user's doing.
        self._filling = False
        self._tree_shape: list[tuple[str, str | None]] | None = None
        self._no_persona = _("(no persona)")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)

        # The name the title bar, the map's header, exports and the report show; empty is "Untitled".
        name_row = QHBoxLayout()
        name_label = plain_label(_("Project name"), self)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("project_name")
        self.name_edit.setPlaceholderText(_("Untitled"))
        self.name_edit.setAccessibleName(_("Project name"))
        self.name_edit.setToolTip(_("Shown in the title bar, on the map's header, in exports and the report"))
        self.name_edit.setMaxLength(200)
        name_label.setBuddy(self.name_edit)
        self.name_edit.editingFinished.connect(lambda: self.rename_project(self.name_edit.text()))
        name_row.addWidget(name_label)
        name_row.addWidget(self.name_edit, 1)
        layout.addLayout(name_row)

        journeys = QGroupBox(_("Journeys"), self)
        jl = QVBoxLayout(journeys)
        self.journey_list = JourneyTree(journeys)
        self.journey_list.setHeaderLabels([_("Journey"), _("Persona")])
        self.journey_list.header().setStretchLastSection(False)
        self.journey_list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.journey_list.set_persona_heading(_("Persona"))
        self.journey_list.currentItemChanged.connect(self._on_current_journey)
        self.journey_list.itemChanged.connect(self._on_item_renamed)
        self.journey_list.dropped.connect(self.move_journey)
        jl.addWidget(self.journey_list, 1)

        # Two rows of buttons: Spanish labels do not fit five across a narrow dock.
        grid = QGridLayout()
        grid.setSpacing(4)
        self.add_button = QPushButton(_("Add"), journeys)
        self.add_button.setToolTip(_("Add a journey with the default stages and lanes"))
        self.add_button.clicked.connect(self.add_journey)
        self.duplicate_button = QPushButton(_("Duplicate"), journeys)
        self.duplicate_button.setToolTip(_("Copy this journey, e.g. to design its to-be version"))
        self.duplicate_button.clicked.connect(self.duplicate_current)
        self.rename_button = QPushButton(_("Rename"), journeys)
        self.rename_button.clicked.connect(self.rename_current)
        self.delete_button = QPushButton(_("Delete"), journeys)
        self.delete_button.clicked.connect(self.delete_current)
        grid.addWidget(self.add_button, 0, 0)
        grid.addWidget(self.duplicate_button, 0, 1)
        grid.addWidget(self.rename_button, 1, 0)
        grid.addWidget(self.delete_button, 1, 1)
        arrows = QHBoxLayout()
        self.up_button = QToolButton(journeys)
        self.up_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.up_button.setToolTip(_("Move up"))
        self.up_button.setAccessibleName(_("Move up"))  # an icon only: a screen reader needs the words
        self.up_button.clicked.connect(lambda: self._move_current(-1))
        self.down_button = QToolButton(journeys)
        self.down_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown))
        self.down_button.setToolTip(_("Move down"))
        self.down_button.setAccessibleName(_("Move down"))
        self.down_button.clicked.connect(lambda: self._move_current(1))
        arrows.addWidget(self.up_button)
        arrows.addWidget(self.down_button)
        grid.addLayout(arrows, 0, 2, 2, 1)
        jl.addLayout(grid)

        persona_label = plain_label(_("Persona of this journey"), journeys)
        jl.addWidget(persona_label)
        self.persona_combo = QComboBox(journeys)
        persona_label.setBuddy(self.persona_combo)
        self.persona_combo.setObjectName("persona_of_journey")
        self.persona_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.persona_combo.setMinimumContentsLength(12)
        self.persona_combo.activated.connect(self._on_persona_chosen)
        jl.addWidget(self.persona_combo)
        layout.addWidget(journeys, 3)

        personas = QGroupBox(_("Personas"), self)
        pl = QVBoxLayout(personas)
        self.persona_list = QListWidget(personas)
        self.persona_list.setToolTip(_("Double-click a persona to edit it"))
        self.persona_list.itemActivated.connect(lambda item: self.persona_activated.emit(item.data(_ID_ROLE)))
        pl.addWidget(self.persona_list, 1)
        self.edit_personas_button = QPushButton(_("Edit personas…"), personas)
        self.edit_personas_button.clicked.connect(self._edit_personas)
        self.edit_personas_button.setProperty("look_only", True)  # it opens the panel, where they can be read
        pl.addWidget(self.edit_personas_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(personas, 2)

        self.error_label = error_label(self)
        layout.addWidget(self.error_label)

        future_menu.install(self)
        follow_project(self, doc.project, self._on_changes)
        selection.subscribe(self._on_selection)
        self.destroyed.connect(lambda *_, s=selection, f=self._on_selection: s.unsubscribe(f))
        self._fill()

    # -- reading -------------------------------------------------------------------------------------------
    def current_journey_id(self) -> str | None:
        item = self.journey_list.currentItem()
        return item.data(0, _ID_ROLE) if item is not None else None

    def journey_ids(self) -> list[str]:
        """The journeys as listed, top to bottom (the project's order while no card opens a journey)."""
        return [item.data(0, _ID_ROLE) for item in self.journey_list.all_items()]

    def _project_index(self, journey_id: str) -> int:
        return [j.id for j in self.doc.project.journeys()].index(journey_id)

    def _journey(self, jid: str | None) -> Journey | None:
        return self.doc.project.tables["journey"].get(jid) if jid else None

    # -- actions ---------------------------------------------------------------------------------------------
    def activate_journey(self, journey_id: str) -> None:
        """Make a journey the current one (shared Selection) and say so with ``journey_activated``."""
        if journey_id not in self.doc.project.tables["journey"]:
            return
        self.selection.set_journey(journey_id, source=self)
        self._show_current()
        self.journey_activated.emit(journey_id)

    def add_journey(self) -> str | None:
        """Add a journey, make it current and start editing its name."""
        cmd = AddJourneyCommand(_("New journey"), None, self.lang)
        if not self._push(cmd):
            return None
        self.activate_journey(cmd.journey_id)
        self.rename_current()
        return cmd.journey_id

    def duplicate_current(self) -> str | None:
        """Copy the current journey as '<name> (copy)', e.g. to design the to-be version, and switch to it."""
        j = self._journey(self.current_journey_id())
        if j is None:
            return None
        name = _("{name} (copy)").format(name=j.name)
        project = self.doc.project
        big = len(project.touchpoints(j.id)) + len(project.inbox(j.id)) >= DUPLICATE_IN_WORKER
        if not big or self.build_in_worker is None:
            cmd = DuplicateJourneyCommand(project, j.id, name)
            if not self._push(cmd):
                return None
        else:
            pushed = self._duplicate_in_worker(j.id, name)
            if pushed is None:
                return None
            cmd = pushed
        self.activate_journey(cmd.journey_id)
        return cmd.journey_id

    def _duplicate_in_worker(self, journey_id: str, name: str) -> DuplicateJourneyCommand | None:
        """The copy's records and changes made on a worker thread with progress and Cancel, then pushed.

        A 5,000-card journey's 11,000 new records and their changes took some 0.2 s of the UI thread.
        Cancel leaves the project as it was: nothing is applied until the copy is whole.
        """
        cmd = self.copy_in_worker(
            lambda project, told: DuplicateJourneyCommand(project, journey_id, name, told), _("Duplicate journey")
        )
        return cmd if isinstance(cmd, DuplicateJourneyCommand) else None

    def is_big(self, journey_id: str) -> bool:
        """Whether copying this journey goes through :meth:`copy_in_worker` (its cards are that many)."""
        project = self.doc.project
        big = len(project.touchpoints(journey_id)) + len(project.inbox(journey_id)) >= DUPLICATE_IN_WORKER
        return big and self.build_in_worker is not None

    def copy_in_worker(
        self, make: Callable[[Project, Callable[[int, int], object]], AddJourneyCommand], title: str
    ) -> AddJourneyCommand | None:
        """A journey's copy (``make(project, progress)``) worked out on a worker with progress and Cancel, pushed.

        Duplicate and Create Future State: None when cancelled or refused (said in the dock).
        """
        from ..exchange.common import ImportCancelledError

        def build(project: Project, progress: Callable[[int, int], object] | None) -> tuple[Command, None]:
            def told(done: int, total: int) -> None:
                if progress is not None and progress(done, total) is False:
                    raise ImportCancelledError("The copy was cancelled; nothing was changed")  # as imports stop

            return make(project, told), None

        def push_it(command: Command, _outcome: None) -> Command | None:
            return command if self._push(command) else None

        assert self.build_in_worker is not None
        try:
            cmd = self.build_in_worker(self, title, _("Copying the journey…"), self.doc, build, then=push_it)
        except ImportCancelledError:  # before the CXError it is: a cancel says nothing
            return None
        except CXError as exc:
            show_error(self.error_label, str(exc))
            return None
        return cmd if isinstance(cmd, AddJourneyCommand) else None

    def rename_current(self) -> None:
        item = self.journey_list.currentItem()
        if item is not None:
            self.journey_list.editItem(item, 0)

    def rename_project(self, name: str) -> bool:
        """Name the project (one undo step); an empty name leaves it untitled."""
        name = " ".join(name.split())  # one line: it goes in the title bar and file names
        if name == self.doc.project.info.name:
            self._show_name()
            return True
        done = self._push(discrete(UpdateCommand("project", "project", name=name)))
        self._show_name()
        return done

    def rename_journey(self, journey_id: str, name: str) -> bool:
        """Rename a journey; an empty name is refused and the old one shown again."""
        j = self._journey(journey_id)
        name = name.strip()
        if j is None or name == j.name:
            return j is not None
        if not name:
            show_error(self.error_label, _("A journey needs a name."))
            self._fill()
            return False
        return self._push(discrete(update_command("journey", j.id, {"name": name})))

    def delete_current(self) -> None:
        j = self._journey(self.current_journey_id())
        if j is None or len(self.doc.project.tables["journey"]) < 2:
            return
        if not self.confirm_delete_journey(j):
            return
        ids = self.journey_ids()
        row = ids.index(j.id)
        neighbour = ids[row + 1] if row + 1 < len(ids) else ids[row - 1]
        was_current = self.selection.journey_id == j.id
        if was_current:
            # Switch first so no view is left showing a journey that is going away.
            self.activate_journey(neighbour)
        if not self._push(DeleteJourneyCommand(j.id)) and was_current:
            self.activate_journey(j.id)

    def confirm_delete_journey(self, journey: Journey) -> bool:
        """Ask before deleting a journey (tests override this)."""
        count = len(self.doc.project.touchpoints(journey.id))
        box = QMessageBox(QMessageBox.Icon.Question, _("Delete journey"), "", parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        text = ngettext(
            "Delete the journey “{name}” and its {n} touchpoint?",
            "Delete the journey “{name}” and its {n} touchpoints?",
            count,
        ).format(name=name_in_text(journey.name, 200), n=number(count))
        box.setText(text + "\n" + _("You can undo this."))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def move_journey(self, journey_id: str, row: int) -> None:
        """Move a journey so it comes before the one now at ``row`` (a drop), or last."""
        ids = self.journey_ids()
        if journey_id not in ids:
            return
        # ``row`` counts listed rows; the model orders journeys by project position.
        old = self._project_index(journey_id)
        if row >= len(ids):
            index = len(ids) - 1
        else:
            target = self._project_index(ids[row])
            index = target if target <= old else target - 1
        if index != old:
            self._push(ReorderCommand("journey", journey_id, index))

    def _move_current(self, step: int) -> None:
        jid = self.current_journey_id()
        if jid is None:
            return
        index = self._project_index(jid) + step
        if 0 <= index < len(self.journey_ids()):
            self._push(ReorderCommand("journey", jid, index))

    def set_persona(self, journey_id: str, persona_id: str | None) -> bool:
        """Choose who lives a journey (None: nobody in particular)."""
        j = self._journey(journey_id)
        if j is None or j.persona_id == persona_id:
            return j is not None
        return self._push(discrete(update_command("journey", j.id, {"persona_id": persona_id})))

    def _on_persona_chosen(self, index: int) -> None:
        jid = self.current_journey_id()
        if jid is not None:
            self.set_persona(jid, self.persona_combo.itemData(index) or None)

    def _edit_personas(self) -> None:
        item = self.persona_list.currentItem()
        self.persona_activated.emit(item.data(_ID_ROLE) if item is not None else "")

    def _push(self, cmd: Command) -> bool:
        try:
            push(self.undo_stack, self.doc, cmd)
        except CXError as exc:
            show_error(self.error_label, str(exc))
            return False
        show_error(self.error_label, "")
        return True

    # -- following the model and the selection ---------------------------------------------------------------
    def _on_current_journey(self, current: QTreeWidgetItem | None, _previous: object = None) -> None:
        if self._filling or current is None:
            return
        jid = current.data(0, _ID_ROLE)
        if jid != self.selection.journey_id:
            self.activate_journey(jid)
        else:
            self._show_persona_choice()

    def _on_item_renamed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling or column != 0:
            return
        self.rename_journey(item.data(0, _ID_ROLE), item.text(0))

    def _on_selection(self, selection: Selection, source: object) -> None:
        if source is not self:
            self._show_current()

    def _on_changes(self, changes: Sequence[Change]) -> None:
        if untouched(changes, ("project", "journey", "persona", "touchpoint")):
            return
        if any(ch.kind == "project" for ch in changes):
            self._show_name()
        if not any(ch.kind in ("journey", "persona") or _links_changed(ch) for ch in changes):
            return
        self._fill()
        current = self.selection.journey_id
        if current is not None and current not in self.doc.project.tables["journey"]:
            # The current journey went away (undo of "add journey", another window's delete): show a neighbour.
            journeys = self.doc.project.journeys()
            if journeys:
                self.activate_journey(journeys[0].id)
            else:
                self.selection.set_journey(None, source=self)

    def _show_name(self) -> None:
        name = self.doc.project.info.name
        if self.name_edit.text() != name:
            self.name_edit.setText(name)
            self.name_edit.setCursorPosition(0)

    def _fill(self) -> None:
        self._show_name()
        project = self.doc.project
        personas = {p.id: p for p in project.personas()}
        self._filling = True
        try:
            rows = journey_tree(project)
            shape = [(r.journey_id, r.parent_id) for r in rows]
            if shape != self._tree_shape:
                # Rebuilt only when journeys come, go, move or change parent: a rename must not delete
                # the item being edited.
                self._tree_shape = shape
                self.journey_list.clear()
                placed: dict[str, QTreeWidgetItem] = {}
                for r in rows:
                    item = QTreeWidgetItem()
                    item.setData(0, _ID_ROLE, r.journey_id)
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled)
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
                    parent = placed.get(r.parent_id) if r.parent_id else None
                    if parent is not None:
                        parent.addChild(item)
                    else:
                        self.journey_list.addTopLevelItem(item)
                    placed[r.journey_id] = item
                self.journey_list.setRootIsDecorated(any(r.depth for r in rows))
                self.journey_list.expandAll()
            shared = {r.journey_id for r in rows if r.shared}
            tables = project.tables["journey"]
            for item in self.journey_list.all_items():
                j = tables[item.data(0, _ID_ROLE)]
                persona = personas.get(j.persona_id) if j.persona_id else None
                if item.text(0) != j.name:
                    item.setText(0, j.name)
                tip = j.name
                if j.id in shared:
                    # Opened from several journeys: listed under the first, marked so the others are not forgotten.
                    item.setIcon(0, self._shared_icon())
                    tip += "\n" + _("Opened from several journeys; listed under the first")
                else:
                    item.setIcon(0, QIcon())
                future_menu.show_relation(project, j, item)  # italics for a future state
                relation = future_menu.relation_text(project, j)
                item.setToolTip(0, plain_tooltip(tip + ("\n" + relation if relation else "")))
                item.setData(1, _PERSONA_ROLE, persona_label(persona, "") if persona else "")
                item.setToolTip(1, plain_tooltip(persona_label(persona, "")) if persona else "")
                item.setIcon(1, colour_icon(persona.colour) if persona else QIcon())
            self.journey_list.fit_columns()
            self.persona_list.clear()
            for p in personas.values():
                item = QListWidgetItem(colour_icon(p.colour), persona_label(p, _("(unnamed persona)")))
                item.setData(_ID_ROLE, p.id)
                if p.segment:
                    item.setToolTip(plain_tooltip(p.segment))
                self.persona_list.addItem(item)
            self.persona_combo.clear()
            self.persona_combo.addItem(self._no_persona, "")
            for p in personas.values():
                self.persona_combo.addItem(colour_icon(p.colour), persona_label(p, _("(unnamed persona)")), p.id)
        finally:
            self._filling = False
        self._show_current()

    def _show_current(self) -> None:
        jid = self.selection.journey_id
        self._filling = True
        try:
            for item in self.journey_list.all_items():
                if item.data(0, _ID_ROLE) == jid:
                    self.journey_list.setCurrentItem(item)
                    break
            else:
                self.journey_list.setCurrentIndex(QModelIndex())
        finally:
            self._filling = False
        self._show_persona_choice()

    def _shared_icon(self) -> QIcon:
        icon = getattr(self, "_shared", None)
        if icon is None:
            icon = self._shared = self.style().standardIcon(QStyle.StandardPixmap.SP_FileLinkIcon)
        return icon

    def _show_persona_choice(self) -> None:
        j = self._journey(self.current_journey_id())
        count = len(self.journey_ids())
        row = self._project_index(j.id) if j else -1
        self.persona_combo.setEnabled(j is not None)
        self.duplicate_button.setEnabled(j is not None)
        self.rename_button.setEnabled(j is not None)
        self.delete_button.setEnabled(j is not None and count > 1)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)
        self.persona_combo.setCurrentIndex(max(0, self.persona_combo.findData(j.persona_id or "")) if j else -1)


def _links_changed(ch: Change) -> bool:
    """A card's sub-journey link came, went or changed: the hierarchy may have moved."""
    if ch.kind != "touchpoint":
        return False
    old = ch.old.sub_journey if ch.old is not None else None
    new = ch.new.sub_journey if ch.new is not None else None
    return old != new


__all__ = ["JourneyTree", "ProjectDock"]
