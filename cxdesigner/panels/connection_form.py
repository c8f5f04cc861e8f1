"""The inspector's page for selected connections: label, kind and share of customers, each edit one undo step."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from ..document import Document
from ..document.commands import Command, UpdateConnectionCommand
from ..i18n import _
from ..model import Connection, vocab
from .edits import discrete
from .widgets import QuietLabel

NOT_SET = -1


class ConnectionForm(QWidget):
    """What the user can say about the selected connections; an edit applies to every one of them.

    ``push(field, command)`` is the inspector's: it does the command and shows a refusal by the form.
    """

    def __init__(self, doc: Document, push: Callable[[str, Command], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self._push = push
        self.ids: tuple[str, ...] = ()
        self._refreshing = False
        self._mixed = _("(several values)")

        self.label_edit = QLineEdit(self)
        self.label_edit.setObjectName("connection_label")
        self.label_edit.setClearButtonEnabled(True)
        self.label_edit.setPlaceholderText(_("e.g. if the room is not ready"))
        self.label_edit.setAccessibleName(_("Connection label"))
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("connection_kind")
        self.kind_combo.setAccessibleName(_("Kind of connection"))
        for key, term in vocab.CONNECTION_KINDS.items():
            self.kind_combo.addItem(term.label(doc.lang), key)
        self.share_spin = QSpinBox(self)
        self.share_spin.setObjectName("connection_share")
        self.share_spin.setRange(NOT_SET, 100)
        self.share_spin.setSuffix(" %")
        self.share_spin.setAccessibleName(_("Share of customers who take it, in per cent"))
        self.share_spin.setToolTip(_("Of the customers at the first card, how many go on this way"))

        self.form = form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("Label"), self.label_edit)
        form.addRow(_("Kind"), self.kind_combo)
        form.addRow(_("Share of customers"), self.share_spin)
        hint = QuietLabel(_("On the map, Enter or F2 edits the label and Delete removes the connection."), self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 4, 0, 0)
        outer.addLayout(form)
        outer.addWidget(hint)
        outer.addStretch(1)

        self.label_edit.editingFinished.connect(self._label_done)
        self.kind_combo.activated.connect(lambda i: self.edit("kind", self.kind_combo.itemData(i)))
        self.share_spin.valueChanged.connect(lambda v: self.edit("share", None if v == NOT_SET else float(v)))

    def _label_done(self) -> None:
        # Only what was typed: leaving the field of connections whose labels differ must not blank them.
        if self.label_edit.isModified():
            self.label_edit.setModified(False)
            self.edit("label", self.label_edit.text().strip())

    def connections(self) -> list[Connection]:
        table = self.doc.project.tables["connection"]
        return [table[i] for i in self.ids if i in table]

    def set_connections(self, ids: Sequence[str]) -> None:
        """Show these connections' values (several that differ show as such)."""
        self.ids = tuple(ids)
        self.refresh()

    def refresh(self) -> None:
        conns = self.connections()
        if not conns:
            return
        self._refreshing = True
        try:
            label = _common(c.label for c in conns)
            if not self.label_edit.hasFocus() or label is _MIXED:
                self.label_edit.setText("" if label is _MIXED else label)
            self.label_edit.setPlaceholderText(self._mixed if label is _MIXED else _("e.g. if the room is not ready"))
            kind = _common(c.kind for c in conns)
            self.kind_combo.setCurrentIndex(-1 if kind is _MIXED else self.kind_combo.findData(kind))
            self.kind_combo.setPlaceholderText(self._mixed)
            share = _common(c.share for c in conns)
            self.share_spin.setSpecialValueText(self._mixed if share is _MIXED else _("not set"))
            self.share_spin.setValue(NOT_SET if share is _MIXED or share is None else round(share))
        finally:
            self._refreshing = False

    def edit(self, field: str, value: Any) -> bool:
        """Set ``field`` on every shown connection as one undo step; False if nothing changed or refused."""
        if self._refreshing:
            return False
        conns = [c for c in self.connections() if getattr(c, field) != value]
        if not conns:
            return False
        texts = {"label": _("Change connection label"), "kind": _("Change connection kind")}
        cmd = UpdateConnectionCommand(
            [c.id for c in conns], undo_text=texts.get(field, _("Change share of customers")), **{field: value}
        )
        # A typed label or a kind is one step; the share's arrow steps merge, as the card's figures do.
        return self._push(field, cmd if field == "share" else discrete(cmd))


_MIXED = object()


def _common(values: Any) -> Any:
    """The one value all share, or _MIXED."""
    it = iter(values)
    first = next(it)
    return first if all(v == first for v in it) else _MIXED


__all__ = ["ConnectionForm"]
