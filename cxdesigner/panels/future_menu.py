"""The project dock's journey context menu for future states, and how the journey list shows the relation.

Kept apart from project_dock.py: other parts of the dock (linked journeys) change that file too.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu, QTreeWidgetItem

from ..document.states import CreateFutureStateCommand, SetFutureOfCommand
from ..i18n import _, name_in_text, quote
from ..model import Journey, Project
from .widgets import plain_tooltip


def install(dock: Any) -> None:
    """A right click on a journey offers Create Future State and Mark as / Clear future state."""
    tree = dock.journey_list
    tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    tree.customContextMenuRequested.connect(lambda pos: _menu(dock, pos).popup(tree.viewport().mapToGlobal(pos)))


def _menu(dock: Any, pos: QPoint) -> QMenu:
    tree = dock.journey_list
    item = tree.itemAt(pos)
    menu = QMenu(tree)
    menu.setObjectName("JourneyContextMenu")
    jid = item.data(0, Qt.ItemDataRole.UserRole + 1) if item is not None else None
    project: Project = dock.doc.project
    j = project.tables["journey"].get(jid) if jid else None
    if j is None:
        return menu
    dock.activate_journey(j.id)
    editable = not dock.doc.read_only  # offered greyed: the project would refuse each of them
    menu.addAction(_("Create Future State"), lambda: create_future_state(dock, j.id)).setEnabled(editable)
    mark = menu.addMenu(_("Mark as Future State of"))
    for other in project.journeys():
        if other.id != j.id:
            act = mark.addAction(other.name or _("(unnamed)"))
            act.setCheckable(True)
            act.setChecked(other.id == j.future_of)
            act.triggered.connect(lambda _=False, o=other.id: dock._push(SetFutureOfCommand(j.id, o)))
    mark.setEnabled(editable and not mark.isEmpty())
    clear = menu.addAction(_("Clear Future State Mark"), lambda: dock._push(SetFutureOfCommand(j.id, None)))
    clear.setEnabled(editable and j.future_of is not None)
    return menu


def create_future_state(dock: Any, journey_id: str) -> str | None:
    """The journey copied as its future state, then shown; a big one copied on a worker, as Duplicate is."""
    if dock.is_big(journey_id):
        # A 5,000-card journey's copy held the window about a second on the UI thread.
        made = dock.copy_in_worker(
            lambda project, told: CreateFutureStateCommand(project, journey_id, progress=told),
            _("Create future state"),
        )
        if made is None:
            return None
        cmd = made
    else:
        cmd = CreateFutureStateCommand(dock.doc.project, journey_id)
        if not dock._push(cmd):
            return None
    dock.activate_journey(cmd.journey_id)
    return cmd.journey_id


def relation_text(project: Project, j: Journey) -> str:
    """What the journey list says about a journey's current and future states ("" when it has neither)."""
    lines = []
    if j.future_of:
        current = project.tables["journey"].get(j.future_of)
        lines.append(
            _("Future state of “{name}”").format(name=name_in_text(current.name))
            if current is not None
            else _("Future state of a deleted journey")
        )
    futures = project.future_states(j.id)
    if futures:
        lines.append(_("Future states: {names}").format(names=", ".join(quote(f.name) for f in futures)))
    return "\n".join(lines)


def show_relation(project: Project, j: Journey, item: QTreeWidgetItem) -> None:
    """A future state in italics, and the relation in the tooltip."""
    font = item.font(0)
    font.setItalic(j.future_of is not None)
    item.setFont(0, font)
    relation = relation_text(project, j)
    item.setToolTip(0, plain_tooltip(j.name + ("\n" + relation if relation else "")))
