"""The persona editor: the project's customer types, each field edited as you type through the undo stack."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import (
    QColorDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..document import Document
from ..document.commands import AddPersonaCommand, Command, DeletePersonaCommand
from ..i18n import _, name_in_text, ngettext, number
from ..model import Change, CXError, Persona, untouched
from ..qtcommands import UndoStack, push
from .edits import discrete, update_command
from .widgets import (
    colour_icon,
    error_label,
    fit_form_rows,
    follow_project,
    plain_label,
    set_line_text,
    set_plain_text,
    shorten,
    show_error,
    text_box,
)

# Distinct colours for new personas, from a colour-blind-safe qualitative palette (Okabe–Ito).
PERSONA_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")

_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def persona_label(persona: Persona, untitled: str) -> str:
    """How a persona is named in lists: its name, shortened, or a stand-in when it has none."""
    return shorten(persona.name, 80) or untitled


class PersonaEditor(QWidget):
    """The list of personas and a form for the selected one; add, edit and delete are undoable."""

    persona_selected = Signal(str)

    TEXT_FIELDS = ("goals", "needs", "frustrations", "quote")

    def __init__(self, doc: Document, undo_stack: UndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.undo_stack = undo_stack
        self.persona_id: str | None = None
        self._refreshing = False
        self._editing_field: str | None = None
        self._untitled = _("(unnamed persona)")
        self.fields: dict[str, QWidget] = {}
        self._shows: dict[str, Callable[[Any], None]] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        self.list = QListWidget(self)
        self.list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.list.setMaximumHeight(120)
        self.list.currentItemChanged.connect(self._on_current_item)
        layout.addWidget(self.list)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("Add persona"), self)
        self.add_button.clicked.connect(self.add_persona)
        self.delete_button = QPushButton(_("Delete"), self)
        self.delete_button.clicked.connect(self.delete_current)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.error_label = error_label(self)
        layout.addWidget(self.error_label)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.form_widget = QWidget()
        self.scroll.setWidget(self.form_widget)
        form = self.form = QFormLayout(self.form_widget)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("Name"), self._line("name"))
        form.addRow(_("Segment"), self._line("segment"))
        form.addRow(_("Goals"), self._text("goals"))
        form.addRow(_("Needs"), self._text("needs"))
        form.addRow(_("Frustrations"), self._text("frustrations"))
        form.addRow(_("Quote"), self._text("quote", 2))
        self.colour_button = QPushButton(self.form_widget)
        self.colour_button.setObjectName("colour")
        self.colour_button.setToolTip(_("The colour that marks this persona's journeys"))
        self.colour_button.clicked.connect(self.pick_colour)
        self.fields["colour"] = self.colour_button
        form.addRow(_("Colour"), self.colour_button)
        layout.addWidget(self.scroll, 1)
        self.empty_label = plain_label(
            _("No persona yet: add one to describe who lives the journey."), self, wrap=True
        )
        self.empty_label.setEnabled(False)
        layout.addWidget(self.empty_label)

        follow_project(self, doc.project, self._on_changes)
        self._fill_list()
        personas = doc.project.personas()
        self.select_persona(personas[0].id if personas else None)

    # -- building ---------------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        fit_form_rows([self.form], self.width())

    def _line(self, field: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(field)
        # textChanged (guarded in edit_field) so the field's own Ctrl+Z reaches the model as well.
        edit.textChanged.connect(lambda text, f=field: self.edit_field(f, text))
        self._shows[field] = lambda v, e=edit: set_line_text(e, v, "")
        self.fields[field] = edit
        return edit

    def _text(self, field: str, lines: int = 3) -> QPlainTextEdit:
        box = text_box(lines)
        box.setObjectName(field)
        box.textChanged.connect(lambda f=field, b=box: self._refreshing or self.edit_field(f, b.toPlainText()))
        self._shows[field] = lambda v, b=box: set_plain_text(b, v, "")
        self.fields[field] = box
        return box

    # -- showing -----------------------------------------------------------------------------------------
    def persona(self) -> Persona | None:
        return self.doc.project.tables["persona"].get(self.persona_id) if self.persona_id else None

    def select_persona(self, persona_id: str | None) -> None:
        """Show this persona in the form and select it in the list."""
        self.persona_id = persona_id if persona_id in self.doc.project.tables["persona"] else None
        show_error(self.error_label, "")
        self._refreshing = True
        try:
            for i in range(self.list.count()):
                if self.list.item(i).data(_ID_ROLE) == self.persona_id:
                    self.list.setCurrentRow(i)
                    break
            else:
                self.list.setCurrentRow(-1)
        finally:
            self._refreshing = False
        self.refresh()

    def refresh(self, skip: str | None = None) -> None:
        p = self.persona()
        self.scroll.setVisible(p is not None)
        self.delete_button.setEnabled(p is not None)
        self.empty_label.setVisible(not self.doc.project.tables["persona"])
        if p is None:
            return
        self._refreshing = True
        try:
            for field, show in self._shows.items():
                if field != skip:
                    show(getattr(p, field))
            self.colour_button.setIcon(colour_icon(p.colour, 14))
            self.colour_button.setText(p.colour)
        finally:
            self._refreshing = False

    def _fill_list(self) -> None:
        self._refreshing = True
        try:
            self.list.clear()
            for p in self.doc.project.personas():
                item = QListWidgetItem(colour_icon(p.colour), persona_label(p, self._untitled))
                item.setData(_ID_ROLE, p.id)
                self.list.addItem(item)
                if p.id == self.persona_id:
                    self.list.setCurrentItem(item)
        finally:
            self._refreshing = False

    def _on_current_item(self, current: QListWidgetItem | None, _previous: object = None) -> None:
        if self._refreshing:
            return
        pid = current.data(_ID_ROLE) if current is not None else None
        if pid != self.persona_id:
            self.select_persona(pid)
            if pid:
                self.persona_selected.emit(pid)

    def _on_changes(self, changes: Sequence[Change]) -> None:
        if untouched(changes, ("persona",)) or not any(ch.kind == "persona" for ch in changes):
            return
        self._fill_list()
        if self.persona_id not in self.doc.project.tables["persona"]:
            personas = self.doc.project.personas()
            self.select_persona(personas[0].id if personas else None)
        else:
            self.refresh(skip=self._editing_field)

    # -- editing ------------------------------------------------------------------------------------------
    def edit_field(self, field: str, value: Any) -> bool:
        """Set one field of the shown persona; False (and a message) if the model refuses it."""
        p = self.persona()
        if self._refreshing or p is None:
            return False
        if getattr(p, field) == value:
            return True
        cmd = update_command("persona", p.id, {field: value})
        return self._push(cmd if field != "colour" else discrete(cmd), field)

    def add_persona(self) -> str | None:
        """Add a persona with a fresh colour, show it and put the caret in its name."""
        used = {p.colour for p in self.doc.project.personas()}
        colour = next((c for c in PERSONA_COLOURS if c not in used), PERSONA_COLOURS[len(used) % len(PERSONA_COLOURS)])
        cmd = AddPersonaCommand(_("New persona"), colour=colour)
        if not self._push(cmd):
            return None
        self.select_persona(cmd.persona_id)
        name: QLineEdit = self.fields["name"]  # type: ignore[assignment]
        name.setFocus()
        name.selectAll()
        return cmd.persona_id

    def delete_current(self) -> None:
        p = self.persona()
        if p is None or not self.confirm_delete(p):
            return
        self._push(DeletePersonaCommand(p.id))

    def confirm_delete(self, persona: Persona) -> bool:
        """Ask before deleting (tests override this)."""
        users = [j for j in self.doc.project.journeys() if j.persona_id == persona.id]
        box = QMessageBox(QMessageBox.Icon.Question, _("Delete persona"), "", parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        text = _("Delete the persona “{name}”?").format(name=name_in_text(persona_label(persona, self._untitled)))
        if users:
            n = len(users)
            text += "\n\n" + ngettext(
                "{n} journey will be left without a persona.", "{n} journeys will be left without a persona.", n
            ).format(n=number(n))
        box.setText(text + "\n" + _("You can undo this."))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def pick_colour(self) -> None:
        p = self.persona()
        if p is None:
            return
        colour = self.choose_colour(p.colour)
        if colour:
            self.edit_field("colour", colour)

    def choose_colour(self, current: str) -> str | None:
        """Ask for a colour, '#rrggbb' or None if cancelled (tests override this)."""
        chosen = QColorDialog.getColor(QColor(current), self, _("Persona colour"))
        return chosen.name() if chosen.isValid() else None

    def _push(self, cmd: Command, field: str | None = None) -> bool:
        self._editing_field = field
        try:
            push(self.undo_stack, self.doc, cmd)
        except CXError as exc:
            show_error(self.error_label, str(exc))
            return False
        finally:
            self._editing_field = None
        show_error(self.error_label, "")
        return True


__all__ = ["PERSONA_COLOURS", "PersonaEditor", "persona_label"]
