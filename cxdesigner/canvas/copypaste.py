"""Copy, cut, paste and duplicate on the map: the system clipboard side of the card clipboard format.

A mixin of :class:`~cxdesigner.canvas.editor.JourneyEditor`. What goes on the clipboard and how
pasted data becomes new cards is Qt-free (:mod:`cxdesigner.layout.clipboard`); this part only
moves it through ``QClipboard`` and pushes the result as one command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QMimeData
from PySide6.QtGui import QGuiApplication

from ..document import commands as dc
from ..i18n import _, ngettext, number
from ..layout import clipboard
from ..layout.geometry import Cell
from ..model import ValidationError

if TYPE_CHECKING:
    from ..document import Document
    from .scene import JourneyScene


class CopyPaste:
    """Cards to and from the clipboard: ours as JSON under a private type, anyone's as lines of text.

    Uses the widget's selection (``selected_card_ids``, ``select_cards``) and its edits (``push``,
    ``delete_selection``, ``show_error``).
    """

    if TYPE_CHECKING:
        doc: Document
        scene: JourneyScene

    def copy_selection(self) -> bool:
        ids = self.selected_card_ids()
        if not ids:
            return False
        project = self.doc.project
        data = clipboard.encode_cards(project, ids)
        mime = QMimeData()
        mime.setData(clipboard.MIME_TYPE, QByteArray(clipboard.to_json(data).encode("utf-8")))
        mime.setText(clipboard.plain_text(project, [t["ref"] for t in data["touchpoints"]]))
        QGuiApplication.clipboard().setMimeData(mime)
        self.message_posted.emit(ngettext("Copied {n} card", "Copied {n} cards", len(ids)).format(n=number(len(ids))))
        return True

    def cut_selection(self) -> bool:
        if not self.copy_selection():
            return False
        return self.delete_selection()

    def paste(self, anchor: Cell | None = None) -> list[str]:
        """Paste cards (ours, from any window) or lines of plain text; returns the new card ids."""
        jid = self.journey_id
        if jid is None:
            return []
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return []
        anchor = anchor or self.scene.current_cell
        try:
            if mime.hasFormat(clipboard.MIME_TYPE):
                data = clipboard.decode_bytes(bytes(mime.data(clipboard.MIME_TYPE).data()))
                entities, ids = clipboard.paste_entities(self.doc.project, data, jid, anchor)
            elif mime.hasText():
                cell = anchor or self._default_cell()
                if cell is None:
                    return []
                entities, ids = clipboard.text_entities(self.doc.project, mime.text(), jid, cell)
            else:
                return []
        except ValidationError as exc:
            self.show_error(_("Cannot paste: {reason}").format(reason=exc))
            return []
        if not entities:
            return []
        lanes = self.doc.project.tables["lane"]
        placed = [e for e in entities if getattr(e, "KIND", "") == "touchpoint" and not e.inbox]
        if any(e.lane_id in lanes and not lanes[e.lane_id].holds_cards for e in placed):
            self.show_error(_("Cannot paste here: this lane holds text, figures or pictures, not cards"))
            return []
        label = ngettext("Paste {n} card", "Paste {n} cards", len(ids)).format(n=number(len(ids)))
        if not self.push(dc.AddEntitiesCommand(entities, label)):
            return []
        self.select_cards(ids)
        return ids

    def duplicate_selection(self) -> list[str]:
        ids = self.selected_card_ids()
        jid = self.journey_id
        if not ids or jid is None:
            return []
        data = clipboard.encode_cards(self.doc.project, ids)
        entities, new_ids = clipboard.paste_entities(self.doc.project, data, jid)
        label = ngettext("Duplicate {n} card", "Duplicate {n} cards", len(new_ids)).format(n=number(len(new_ids)))
        if not self.push(dc.AddEntitiesCommand(entities, label)):
            return []
        self.select_cards(new_ids)
        return new_ids

