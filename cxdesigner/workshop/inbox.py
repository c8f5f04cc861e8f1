"""The ideas inbox: a strip of unplaced cards beside the map, filled fast and placed later.

A workshop starts with a brain-dump: ideas are typed one after another (Enter between them)
into the journey's inbox, then dragged onto cells of the map, or several chosen and placed at
once. Inbox cards are ordinary cards (the inspector edits them, undo takes them back); the
analysis leaves them out until they are placed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QByteArray, QEvent, QMimeData, QObject, QPointF, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QIcon,
    QKeyEvent,
    QPainter,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ..document import Document, Selection
from ..document.commands import (
    AddTouchpointCommand,
    Command,
    DeleteTouchpointsCommand,
    MoveTouchpointsCommand,
    SendToInboxCommand,
    UpdateTouchpointCommand,
)
from ..i18n import _, ngettext, number
from ..model import Change, Touchpoint, untouched
from ..qtcommands import UndoStack
from ..qttext import plain_tooltip
from .overlay import push_told
from .protocols import MapEditor
from .quietlabel import QuietLabel

MIME_TYPE = "application/x-cxdesigner-inbox-cards"
Cell = tuple[str, str]
_UNSURE_ICON: QIcon | None = None


def _unsure_icon() -> QIcon:
    """A question mark in a ring: an idea whose stage nobody has chosen yet."""
    global _UNSURE_ICON
    if _UNSURE_ICON is None:
        pixmap = QPixmap(32, 32)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor("#8a6d00"))
        painter.setBrush(QColor("#ffffff"))
        painter.drawEllipse(2, 2, 28, 28)
        font = QFont()
        font.setPixelSize(22)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRect(0, 0, 32, 32), Qt.AlignmentFlag.AlignCenter, "?")
        painter.end()
        _UNSURE_ICON = QIcon(pixmap)
    return _UNSURE_ICON


def _shown(tp: Touchpoint) -> tuple[str, bool]:
    """What an inbox row shows of its card: the title, and the mark of a stage not chosen yet."""
    return tp.title, tp.stage_chosen


def _ids_of(mime: QMimeData) -> list[str]:
    if not mime.hasFormat(MIME_TYPE):
        return []
    text = bytes(mime.data(MIME_TYPE).data()).decode("utf-8", "replace")
    return [i for i in text.split("\n") if i]


class _CardList(QListWidget):
    """The inbox's cards; dragging some carries their ids to the map."""

    delete_pressed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        # Each card's size is worked out once, when it comes in, and again only when the list's
        # width changes: left to the list, every idea added would measure every card again (a
        # room's phones add many a second, and the list's layout would grow to take most of them).
        self._hinted_width = -1
        self._chrome: QSize | None = None
        self._rehint_timer = QTimer(self)
        self._rehint_timer.setSingleShot(True)
        self._rehint_timer.setInterval(50)
        self._rehint_timer.timeout.connect(self.rehint)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setWordWrap(True)
        self.setSpacing(3)
        self.setUniformItemSizes(False)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setStyleSheet(
            "QListWidget { background: palette(alternate-base); border: none; }"
            "QListWidget::item { background: #fff6c9; color: #1f2933; border: 1px solid #d9c77a;"
            " border-radius: 4px; padding: 6px; }"
            "QListWidget::item:selected { background: #ffe27a; border: 2px solid #0b63ce; }"
        )

    def _width(self) -> int:
        return max(40, self.viewport().width() - 2 * self.spacing())

    def hint(self, item: QListWidgetItem) -> None:
        """Give ``item`` its size: the list's width, and the height its title needs wrapped there."""
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        metrics = option.fontMetrics
        title = item.text() or "—"
        if self._chrome is None:
            # What a card adds around its title (the style sheet's padding and border, the style's
            # margins): its one-line size less its title's. The delegate's own measure of a wrapped
            # title comes out short under a style sheet, so the title is measured here.
            item.setSizeHint(QSize())  # a size given before would be answered back as it is
            option.rect = QRect(0, 0, 1 << 20, 1 << 20)
            natural = self.itemDelegate().sizeHint(option, self.indexFromItem(item))
            self._chrome = QSize(max(0, natural.width() - metrics.horizontalAdvance(title)),
                                 max(0, natural.height() - metrics.height()))
        width = self._width()
        # A marked card's icon takes a little of its title's room.
        beside = 0 if item.icon().isNull() else self.iconSize().width() + 4
        wrap = QRect(0, 0, max(20, width - self._chrome.width() - beside), 1 << 20)
        text = metrics.boundingRect(wrap, Qt.TextFlag.TextWordWrap, title).height()
        lines = max(1, round(text / max(1, metrics.height())))
        # Painted lines sit a little further apart than measured (and a chosen card's border is thicker).
        item.setSizeHint(QSize(width, text + self._chrome.height() + 2 * (lines - 1)))

    def rehint(self) -> None:
        self._hinted_width = self._width()
        for row in range(self.count()):
            self.hint(self.item(row))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._width() != self._hinted_width:
            self._rehint_timer.start()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._chrome = None
            self._rehint_timer.start()

    def selected_ids(self) -> list[str]:
        return [it.data(Qt.ItemDataRole.UserRole) for it in self.selectedItems()]

    def drag_data(self) -> QMimeData | None:
        """What a drag of the chosen ideas carries: their ids (and their titles, for other programs)."""
        ids = self.selected_ids()
        if not ids:
            return None
        mime = QMimeData()
        mime.setData(MIME_TYPE, QByteArray("\n".join(ids).encode("utf-8")))
        mime.setText("\n".join(it.text() for it in self.selectedItems()))
        return mime

    def startDrag(self, supported: Qt.DropAction) -> None:
        mime = self.drag_data()
        if mime is None:
            return
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.MoveAction)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != self.State.EditingState:
            self.delete_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class InboxStrip(QWidget):
    """The journey's inbox: type ideas in, drag them (or place several) onto the map, send cards back."""

    message = Signal(str)

    def __init__(
        self,
        doc: Document,
        undo_stack: UndoStack,
        selection: Selection,
        target_cell: Callable[[], Cell | None],
        parent: QWidget | None = None,
        scale: float = 1.0,
    ) -> None:
        super().__init__(parent)
        self.doc, self.undo_stack, self.selection = doc, undo_stack, selection
        self.target_cell = target_cell
        self.journey_id: str | None = None
        self._filling = False
        self._ids: list[str] = []  # the list's card ids, row by row
        self._item_flags = (
            QListWidgetItem().flags() | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled
        )
        self.setObjectName("InboxStrip")
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        box.setSpacing(6)
        # Its count changes with every idea (many a second in a room): a label that never asks the
        # window to lay itself out again.
        self.heading = QuietLabel(
            ngettext("Ideas inbox ({n} idea)", "Ideas inbox ({n} ideas)", 1000).format(n=number(1000))
        )
        bold = QFont(self.heading.font())
        bold.setBold(True)
        self.heading.setFont(bold)
        self.entry = QLineEdit()
        self.entry.setClearButtonEnabled(True)
        self.entry.returnPressed.connect(self.capture_typed)
        self.entry.installEventFilter(self)
        self.cards = _CardList(self)
        self._base_sizes = (bold.pointSizeF(), self.cards.font().pointSizeF())
        self.scale = 1.0
        self.set_scale(scale)
        self.cards.itemChanged.connect(self._renamed)
        self.cards.itemSelectionChanged.connect(self._selection_changed_here)
        self.cards.delete_pressed.connect(self.delete_selected)
        self.place_button = QPushButton()
        self.place_button.clicked.connect(lambda: self.place_selected())
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.send_selected_back)
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.place_button)
        buttons.addWidget(self.back_button)
        box.addWidget(self.heading)
        box.addWidget(self.entry)
        box.addWidget(self.cards, 1)
        box.addLayout(buttons)
        self.retranslate()
        doc.project.subscribe(self._project_changed)
        selection.subscribe(self._selection_changed)
        self.destroyed.connect(lambda *_a, p=doc.project, s=selection, a=self._project_changed,
                               b=self._selection_changed: (p.unsubscribe(a), s.unsubscribe(b)))
        self._set_journey(selection.journey_id)

    def set_scale(self, scale: float) -> None:
        """The heading, the entry and the ideas ``scale`` times the editor's type (a projector's room sets it)."""
        if scale == self.scale:
            return
        self.scale = scale
        heading, text = self._base_sizes
        bold = QFont(self.heading.font())
        bold.setPointSizeF(heading * scale)
        self.heading.setFont(bold)
        f = QFont(self.cards.font())
        f.setPointSizeF(text * scale)
        self.cards.setFont(f)  # the cards take their new heights (FontChange)
        self.entry.setFont(f)

    def detach(self) -> None:
        self.doc.project.unsubscribe(self._project_changed)
        self.selection.unsubscribe(self._selection_changed)

    def retranslate(self) -> None:
        self.entry.setPlaceholderText(_("Type an idea, press Enter"))
        self.entry.setAccessibleName(_("New idea"))
        self.place_button.setText(_("Place on map"))
        self.place_button.setToolTip(_("Put the chosen ideas in the map's current cell (or drag them onto a cell)"))
        self.back_button.setText(_("Send back"))
        self.back_button.setToolTip(_("Take the cards selected on the map back into the inbox"))
        self._update_heading()

    # -- reading --------------------------------------------------------------------------------
    def ids(self) -> list[str]:
        return [self.cards.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.cards.count())]

    def selected_ids(self) -> list[str]:
        return self.cards.selected_ids()

    def _update_heading(self) -> None:
        n = self.cards.count()
        self.heading.setText(ngettext("Ideas inbox ({n} idea)", "Ideas inbox ({n} ideas)", n).format(n=number(n)))
        self.place_button.setEnabled(bool(self.selected_ids()))
        placed = [i for i in self.selection.touchpoint_ids if self._placed(i)]
        self.back_button.setEnabled(bool(placed))

    def _placed(self, card_id: str) -> bool:
        tp = self.doc.project.tables["touchpoint"].get(card_id)
        return tp is not None and not tp.inbox

    # -- following ------------------------------------------------------------------------------
    def _set_journey(self, journey_id: str | None) -> None:
        self.journey_id = journey_id
        self._fill()

    def _selection_changed(self, sel: Selection, source: object) -> None:
        if sel.journey_id != self.journey_id:
            self._set_journey(sel.journey_id)
        elif source is not self:
            self._filling = True
            try:
                wanted = set(sel.touchpoint_ids)
                for i in range(self.cards.count()):
                    item = self.cards.item(i)
                    item.setSelected(item.data(Qt.ItemDataRole.UserRole) in wanted)
            finally:
                self._filling = False
        self._update_heading()

    def _project_changed(self, changes: Sequence[Change]) -> None:
        if untouched(changes, ("touchpoint", "journey")):
            self._update_heading()
            return
        jid = self.journey_id
        touched: list[Change] = []
        for ch in changes:
            if ch.kind == "touchpoint":
                old, new = ch.old, ch.new
                if any(e is not None and e.journey_id == jid and e.inbox for e in (old, new)):  # type: ignore[attr-defined]
                    touched.append(ch)
            elif ch.kind == "journey" and ch.id == jid and ch.new is None:
                self._set_journey(None)
                return
        if touched:
            self._follow(touched)
        self._update_heading()

    def _follow(self, changes: list[Change]) -> None:
        # Ideas mostly come in at the end (a room's phones send many a second) or leave: the list
        # follows item by item; anything else (a reorder, an undo putting one back) fills it afresh.
        old_ids = self._ids
        if self.journey_id and all(ch.old is None for ch in changes):
            # Only new cards: when they take the next positions after the list's, they go at its end
            # without sorting the whole inbox again (hundreds of ideas, a slice of them at a time).
            added = sorted((ch.new for ch in changes), key=lambda tp: tp.position)  # type: ignore[union-attr]
            start = len(old_ids)
            if [tp.position for tp in added] == list(range(start, start + len(added))) and len(
                self.doc.project.inbox_unordered(self.journey_id)
            ) == start + len(added):
                self._filling = True
                try:
                    for tp in added:
                        self._add_item(tp)  # type: ignore[arg-type]
                finally:
                    self._filling = False
                return
        cards = self.doc.project.inbox(self.journey_id) if self.journey_id else []
        new_ids = [tp.id for tp in cards]
        self._filling = True
        try:
            if new_ids[: len(old_ids)] == old_ids:
                for tp in cards[len(old_ids) :]:
                    self._add_item(tp)
            else:
                kept = set(new_ids)
                if [i for i in old_ids if i in kept] != new_ids:
                    self._fill()
                    return
                for row in range(len(old_ids) - 1, -1, -1):
                    if old_ids[row] not in kept:
                        del self._ids[row]
                        self.cards.takeItem(row)
            rows: dict[str, int] | None = None
            for ch in changes:
                old, new = ch.old, ch.new
                if old is not None and new is not None and _shown(old) != _shown(new):  # type: ignore[arg-type]
                    rows = rows if rows is not None else {cid: row for row, cid in enumerate(self._ids)}
                    item = self.cards.item(rows.get(ch.id, -1))
                    if item is not None:
                        item.setText(new.title or "—")  # type: ignore[attr-defined]
                        self._dress(item, new)  # type: ignore[arg-type]
                        self.cards.hint(item)
        finally:
            self._filling = False

    def _dress(self, item: QListWidgetItem, tp: Touchpoint) -> None:
        # The card keeps a stage (the model needs one), but it is a placeholder: the mark says the
        # participant did not choose it, so the facilitator does not read it as theirs.
        if not tp.stage_chosen:
            item.setIcon(_unsure_icon())
            unsure = _("{title}\nStage: not sure. Place it where it belongs.").format(title=tp.title)
            item.setToolTip(plain_tooltip(unsure))
        else:
            item.setIcon(QIcon())
            item.setToolTip(plain_tooltip(tp.title))

    def _add_item(self, tp: Touchpoint, selected: bool = False) -> None:
        item = QListWidgetItem(tp.title or "—")
        item.setData(Qt.ItemDataRole.UserRole, tp.id)
        self._dress(item, tp)
        item.setFlags(self._item_flags)
        self.cards.addItem(item)
        self.cards.hint(item)
        self._ids.append(tp.id)
        if selected:
            item.setSelected(True)

    def _fill(self) -> None:
        keep = set(self.selected_ids())
        self._filling = True
        try:
            self.cards.clear()
            self._ids = []
            cards = self.doc.project.inbox(self.journey_id) if self.journey_id else []
            for tp in cards:
                self._add_item(tp, tp.id in keep)
        finally:
            self._filling = False
        self.entry.setEnabled(self.journey_id is not None)
        self._update_heading()

    def _selection_changed_here(self) -> None:
        if self._filling:
            return
        ids = self.selected_ids()
        if ids:
            # Chosen ideas show in the inspector like any card.
            self.selection.select(ids, source=self)
        self._update_heading()

    # -- changes: each one command --------------------------------------------------------------
    def _push(self, cmd: Command) -> bool:
        return push_told(self.undo_stack, self.doc, cmd, self.message.emit)

    def _cell(self) -> Cell | None:
        cell = self.target_cell()
        if cell is not None:
            return cell
        jid = self.journey_id
        stages = self.doc.project.stages(jid) if jid else []
        lanes = self.doc.project.lanes(jid) if jid else []
        return (stages[0].id, lanes[0].id) if stages and lanes else None

    def capture(self, title: str) -> str | None:
        """Add an idea to the inbox (one undo step); returns the new card's id."""
        title = title.strip()
        cell = self._cell()
        if not title or self.journey_id is None:
            return None
        if cell is None:
            self.message.emit(_("Add a stage and a lane first: inbox ideas remember where they would go"))
            return None
        cmd = AddTouchpointCommand(self.journey_id, cell[0], cell[1], title=title, inbox=True)
        return cmd.touchpoint_id if self._push(cmd) else None

    def capture_typed(self) -> None:
        if not self.entry.text().strip() or self.capture(self.entry.text()) is not None:
            self.entry.clear()

    def focus_entry(self) -> None:
        """The one-key capture: the entry takes the keyboard; Enter adds, Esc goes back to the map."""
        self.window().activateWindow()
        self.entry.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.entry.selectAll()

    def place(self, ids: Sequence[str], cell: Cell | None = None, index: int | None = None) -> bool:
        """Put inbox cards on the map, in ``cell`` (the map's current cell by default), as one step."""
        cell = cell or self._cell()
        if not ids or cell is None:
            return False
        return self._push(MoveTouchpointsCommand(list(ids), cell[0], cell[1], index))

    def place_selected(self, cell: Cell | None = None) -> bool:
        return self.place(self.selected_ids(), cell)

    def send_back(self, ids: Sequence[str]) -> bool:
        placed = [i for i in ids if self._placed(i)]
        return bool(placed) and self._push(SendToInboxCommand(placed))

    def send_selected_back(self) -> bool:
        return self.send_back(self.selection.touchpoint_ids)

    def delete_selected(self) -> bool:
        ids = self.selected_ids()
        return bool(ids) and self._push(DeleteTouchpointsCommand(ids))

    def _renamed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        card_id = item.data(Qt.ItemDataRole.UserRole)
        tp = self.doc.project.tables["touchpoint"].get(card_id)
        renamed = tp is not None and item.text() not in (tp.title, "—")
        if renamed and not self._push(UpdateTouchpointCommand(card_id, title=item.text())):
            self._fill()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.entry and event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() == Qt.Key.Key_Escape:
                self.entry.clear()
                self.entry.clearFocus()
                return True
        return False


class MapDropTarget(QObject):
    """Lets a map view take inbox cards dropped on it: the cell under the mouse lights up, the drop places them."""

    def __init__(self, editor: MapEditor, strip_place: Callable[[Sequence[str], Cell, int | None], bool]) -> None:
        super().__init__(editor.view)
        self.editor = editor
        self.place = strip_place
        viewport = editor.view.viewport()
        viewport.setAcceptDrops(True)
        viewport.installEventFilter(self)

    def target(self, scene_pos: QPointF) -> tuple[Cell, int] | None:
        layout = self.editor.scene.layout
        if layout is None:
            return None
        cell = layout.nearest_cell(scene_pos.x(), scene_pos.y())
        if cell is None:
            return None
        return cell, layout.insertion_index(cell, scene_pos.y())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        drop: QDropEvent = event  # type: ignore[assignment]
        ids = _ids_of(drop.mimeData())
        if not ids:
            return False
        pos = self.editor.view.mapToScene(drop.position().toPoint())
        where = self.target(QPointF(pos))
        if where is None or self.editor.doc.read_only:  # the cursor says no before the drop is refused
            drop.ignore()
            return True
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            self.editor.scene.set_current_cell(where[0])
            drop.setDropAction(Qt.DropAction.MoveAction)
            drop.accept()
            if isinstance(drop, QDragMoveEvent):
                drop.acceptProposedAction()
            return True
        placed = self.place(ids, where[0], where[1])
        drop.setDropAction(Qt.DropAction.MoveAction)
        drop.setAccepted(placed)
        return True


__all__ = ["MIME_TYPE", "InboxStrip", "MapDropTarget"]
