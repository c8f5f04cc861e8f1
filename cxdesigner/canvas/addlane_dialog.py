"""The question asked by Edit ▸ Add lane…: the new lane's name and its type, in one small dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from ..i18n import _
from .laneedit import LANE_TYPE_ORDER, lane_type_label


class AddLaneDialog(QDialog):
    """Name and type of a new lane; the name follows the type until the user types one."""

    def __init__(self, parent: QWidget | None, lang: str, kind: str = "touchpoints") -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add lane"))
        self._lang = lang
        form = QFormLayout(self)
        self.kind_combo = QComboBox(self)
        for key in LANE_TYPE_ORDER:  # card lanes first
            self.kind_combo.addItem(lane_type_label(key, lang), key)
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(200)
        form.addRow(_("Name:"), self.name_edit)
        form.addRow(_("Type:"), self.kind_combo)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.setMinimumWidth(380)  # room for the title bar's text and a long lane name
        self._typed = False
        index = self.kind_combo.findData(kind)
        self.kind_combo.setCurrentIndex(max(index, 0))
        self.name_edit.setText(self._default_name())
        self.name_edit.selectAll()
        self.name_edit.textEdited.connect(self._on_edited)
        self.kind_combo.currentIndexChanged.connect(self._on_kind)
        self._update_ok()

    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def name(self) -> str:
        """The name to store: "" for a typed lane left with its type's name, so it follows the language."""
        text = " ".join(self.name_edit.text().split())
        if not self._typed and self.kind() != "touchpoints":
            return ""
        return text

    def _default_name(self) -> str:
        return _("New lane") if self.kind() == "touchpoints" else lane_type_label(self.kind(), self._lang)

    def _on_edited(self, text: str) -> None:
        self._typed = bool(text.strip())
        self._update_ok()

    def _on_kind(self) -> None:
        if not self._typed:
            self.name_edit.setText(self._default_name())
            self.name_edit.selectAll()
        self._update_ok()

    def _update_ok(self) -> None:
        # A card lane needs a name; a typed lane without one is named after its type.
        ok = self.kind() != "touchpoints" or bool(self.name_edit.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
