"""Start a dot-voting session: title, what it is about, dots, who votes, and how the counts show.

The project keeps a list of participants, so the next session starts with everyone ticked;
newcomers are typed in one line ("Ana, Luis, Marta"). OK makes one undo step: the new
participants, any renamed ones, and the session.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from .. import clock
from ..document.commands import Command, MacroCommand, UpdateCommand
from ..document.voting import AddParticipantsCommand, StartVoteSessionCommand, is_quick, next_colour
from ..i18n import _, ngettext, number
from ..model import Project, VoteSession

_NEW = Qt.ItemDataRole.UserRole + 1  # the colour of a participant not saved yet


def split_names(text: str) -> list[str]:
    """Names typed in one line: separated by commas, semicolons or line breaks; blanks and repeats dropped."""
    out: list[str] = []
    seen: set[str] = set()
    for part in re.split(r"[,;\n\r\t]+", text):
        name = " ".join(part.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


def swatch(colour: str, size: int = 14) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(QColor(colour))
    return QIcon(pix)


class StartSessionDialog(QDialog):
    """The facilitator's form for a new session on one journey."""

    def __init__(
        self,
        project: Project,
        journey_id: str,
        selected_cards: Sequence[str] = (),
        current_stage: str | None = None,
        lang: str = "en",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.project, self.journey_id = project, journey_id
        self.selected_cards = [i for i in selected_cards if i in project.tables["touchpoint"]]
        self.setWindowTitle(_("New voting session"))
        self.setMinimumWidth(520)
        sessions = [s for s in project.vote_sessions(journey_id) if not is_quick(s)]
        defaults = VoteSession(id="vs-defaults", journey_id=journey_id)

        self.title = QLineEdit(_("Dot vote {n}").format(n=len(sessions) + 1))
        self.scope = QComboBox()
        self.scope.addItem(_("The whole journey"), ("journey", ()))
        for stage in project.stages(journey_id):
            name = stage.display_name(lang) or "—"
            self.scope.addItem(_("Stage: {name}").format(name=name), ("stage", (stage.id,)))
        if self.selected_cards:
            n = len(self.selected_cards)
            cards = ngettext("The selected card", "The {n} selected cards", n).format(n=number(n))
            self.scope.addItem(cards, ("cards", tuple(self.selected_cards)))
        self.dots = QSpinBox()
        self.dots.setRange(1, 99)
        self.dots.setValue(defaults.dots)
        self.per_card = QSpinBox()
        self.per_card.setRange(1, 99)
        self.per_card.setValue(defaults.max_per_card)
        self.dots.valueChanged.connect(lambda v: self.per_card.setMaximum(max(1, v)))
        self.anonymous = QCheckBox(_("Anonymous: the room sees how many dots, not whose"))
        self.anonymous.setChecked(defaults.anonymous)
        self.hidden = QCheckBox(_("Hide the counts until I reveal them"))
        self.hidden.setChecked(defaults.hidden)

        self.people = QListWidget()
        self.people.setMinimumHeight(150)
        for p in project.participants():
            if p.id.startswith(("pt-facilitator", "pt-earlier")):
                continue
            item = QListWidgetItem(swatch(p.colour), p.name)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable)
            item.setCheckState(Qt.CheckState.Checked)
            self.people.addItem(item)
        self.quick = QLineEdit()
        self.quick.setPlaceholderText(_("Names, separated by commas: Ana, Luis, Marta"))
        self.quick.setAccessibleName(_("Add participants"))
        self.quick.returnPressed.connect(self.add_typed)
        add = QPushButton(_("Add"))
        add.setAutoDefault(False)
        add.clicked.connect(self.add_typed)
        quick_row = QHBoxLayout()
        quick_row.addWidget(self.quick, 1)
        quick_row.addWidget(add)

        form = QFormLayout()
        form.addRow(_("Title:"), self.title)
        form.addRow(_("Vote on:"), self.scope)
        form.addRow(_("Dots per participant:"), self.dots)
        form.addRow(_("At most per card:"), self.per_card)
        form.addRow("", self.anonymous)
        form.addRow("", self.hidden)
        box = QVBoxLayout(self)
        box.addLayout(form)
        heading = QLabel(_("Participants (ticked ones vote; double-click a name to correct it):"))
        heading.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(heading)
        box.addWidget(self.people, 1)
        box.addLayout(quick_row)
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet("color: #b34700;")
        box.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Start session"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        if current_stage is not None:
            self.choose_scope("stage", (current_stage,))  # presenting one stage: vote on it
        self.people.itemChanged.connect(lambda _item: self._check())
        self._check()

    # -- participants ---------------------------------------------------------------------------
    def _names(self) -> set[str]:
        return {self.people.item(i).text().casefold() for i in range(self.people.count())}

    def add_typed(self) -> list[str]:
        """Add the names typed in the quick line (ticked); returns those added."""
        known = self._names()
        used = [p.colour for p in self.project.participants()]
        used += [self.people.item(i).data(_NEW) for i in range(self.people.count()) if self.people.item(i).data(_NEW)]
        added = []
        for name in split_names(self.quick.text()):
            if name.casefold() in known:
                continue
            colour = next_colour(used)
            used.append(colour)
            item = QListWidgetItem(swatch(colour), name)
            item.setData(_NEW, colour)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable)
            item.setCheckState(Qt.CheckState.Checked)
            self.people.addItem(item)
            known.add(name.casefold())
            added.append(name)
        self.quick.clear()
        self._check()
        return added

    def _ticked(self) -> list[QListWidgetItem]:
        items = [self.people.item(i) for i in range(self.people.count())]
        return [it for it in items if it.checkState() == Qt.CheckState.Checked and it.text().strip()]

    def _check(self) -> bool:
        problem = "" if self._ticked() else _("Tick at least one participant (or type their names above)")
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)
        return not problem

    def choose_scope(self, kind: str, ids: Sequence[str] = ()) -> None:
        for i in range(self.scope.count()):
            if self.scope.itemData(i) == (kind, tuple(ids)):
                self.scope.setCurrentIndex(i)
                return

    # -- the result -------------------------------------------------------------------------------
    def command(self) -> tuple[Command, str]:
        """The one undo step OK makes, and the new session's id."""
        parts: list[Command] = []
        new_items = [it for it in self._ticked() if it.data(Qt.ItemDataRole.UserRole) is None]
        add = AddParticipantsCommand([it.text().strip() for it in new_items], [it.data(_NEW) for it in new_items])
        if new_items:
            parts.append(add)
        table = self.project.tables["participant"]
        for i in range(self.people.count()):
            it = self.people.item(i)
            pid = it.data(Qt.ItemDataRole.UserRole)
            name = it.text().strip()
            if pid in table and name and name != table[pid].name:
                parts.append(UpdateCommand("participant", pid, name=name))
        new_ids = iter(add.participant_ids)
        voters = [it.data(Qt.ItemDataRole.UserRole) or next(new_ids) for it in self._ticked()]
        scope, scope_ids = self.scope.currentData()
        start = StartVoteSessionCommand(
            self.journey_id,
            self.title.text().strip() or _("Dot vote"),
            voters,
            dots=self.dots.value(),
            max_per_card=min(self.per_card.value(), self.dots.value()),
            anonymous=self.anonymous.isChecked(),
            hidden=self.hidden.isChecked(),
            scope=scope,
            scope_ids=tuple(scope_ids),
            created=clock.stamp("%Y-%m-%d %H:%M"),
        )
        parts.append(start)
        if len(parts) == 1:
            return start, start.session_id
        return MacroCommand(start.description, parts), start.session_id


__all__ = ["StartSessionDialog", "split_names", "swatch"]
