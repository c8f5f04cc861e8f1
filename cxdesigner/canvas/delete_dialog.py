"""The question asked before a stage or lane with cards is deleted: move the cards, or delete them too."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..i18n import _, name_in_text, ngettext
from ..window.screenfit import title_room


class DeleteHeaderDialog(QDialog):
    """Asks what becomes of the cards of a stage or lane being deleted."""

    def __init__(
        self, parent: QWidget | None, kind: str, name: str, count: int, others: Sequence[tuple[str, str]]
    ) -> None:
        super().__init__(parent)
        is_stage = kind == "stage"
        title = _("Delete stage") if is_stage else _("Delete lane")
        self.setWindowTitle(title)
        # As wide as its title: at its contents' width the title bar read "Delet… signer".
        self.setMinimumWidth(title_room(self, title))
        box = QVBoxLayout(self)
        text = (
            ngettext("The stage “{name}” holds {n} card.", "The stage “{name}” holds {n} cards.", count)
            if is_stage
            else ngettext("The lane “{name}” holds {n} card.", "The lane “{name}” holds {n} cards.", count)
        ).format(name=name_in_text(name), n=count)
        label = QLabel(text, self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        box.addWidget(label)
        self.move_button = QRadioButton(_("Move the cards to:"), self)
        self.target = QComboBox(self)
        self.target.setAccessibleName(self.move_button.text())  # the radio button beside it names it
        for oid, oname in others:
            self.target.addItem(oname, oid)
        self.delete_button = QRadioButton(_("Delete the cards too"), self)
        group = QButtonGroup(self)
        group.addButton(self.move_button)
        group.addButton(self.delete_button)
        if others:
            self.move_button.setChecked(True)
        else:
            self.move_button.setEnabled(False)
            self.target.setEnabled(False)
            self.delete_button.setChecked(True)
        box.addWidget(self.move_button)
        box.addWidget(self.target)
        box.addWidget(self.delete_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)

    def choice(self) -> tuple[str, str | None]:
        if self.move_button.isChecked() and self.target.currentData():
            return "move", self.target.currentData()
        return "delete", None
