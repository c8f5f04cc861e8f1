"""The Opportunities board: a list and an impact-versus-effort matrix, filters, editing with undo, links to cards."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontInfo,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QToolTip,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..analysis.opportunities import OpportunityRow, filter_rows, opportunity_rows
from ..document import Document, Selection
from ..document.commands import Command
from ..document.opportunities import (
    AddOpportunityCommand,
    AddSolutionCommand,
    DeletePlansCommand,
    LinkCardsCommand,
    LinkOpportunitiesCommand,
    UnlinkCommand,
)
from ..i18n import _, ngettext, translation
from ..model import CXError, vocab
from ..qtcommands import UndoStack, push
from .edits import discrete, update_command
from .widgets import (
    EmptyHint,
    error_label,
    follow_project,
    item_flags,
    plain_label,
    plain_tooltip,
    set_line_text,
    shorten,
    show_error,
)

_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_ALL = ""  # a filter's "all" entry
_RATED = range(1, 6)
# Where a quadrant of the matrix is: (high impact, high effort) → its name, as product teams call them.
_QUADRANTS = {
    (True, False): "Quick wins",
    (True, True): "Big bets",
    (False, False): "Fill-ins",
    (False, True): "Money pits",
}
_STATUS_COLOURS = {
    "idea": "#8a94a6", "planned": "#35618f", "in_progress": "#c77c02", "done": "#2f7d4f", "dropped": "#b0b0b0",
}  # fmt: skip


def _quadrant_name(key: tuple[bool, bool]) -> str:
    names = {
        "Quick wins": _("Quick wins"),
        "Big bets": _("Big bets"),
        "Fill-ins": _("Fill-ins"),
        "Money pits": _("Money pits"),
    }
    return names[_QUADRANTS[key]]


def number(value: float, lang: str) -> str:
    return translation(lang).number(value, 1)


def score_text(row: OpportunityRow, lang: str) -> str:
    """The score as the board shows it: one decimal in the interface's language, or a dash when not rated."""
    return number(row.score.score, lang) if row.score is not None else "–"


def _make_current(tree: QTreeWidget, id_: str) -> None:
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        if item.data(0, _ID_ROLE) == id_:
            tree.setCurrentItem(item)
            return


def _pack(n: int, width: float, height: float, full: float, aspect: float = 1.0) -> tuple[float, int, float, float]:
    """(radius, dots a row, step across, step down) to set ``n`` dots ``aspect`` times as wide as tall in a box."""
    gap, smallest = 2.0, 4.0
    r = max(1.0, min(full, (width - gap) / (2 * aspect), (height - gap) / 2))
    while True:
        per_row = max(1, int((width + gap) // (2 * r * aspect + gap)))
        rows = -(-n // per_row)
        if rows * (2 * r + gap) - gap <= height or r <= smallest:
            break
        r = max(smallest, r - 0.5)
    step = 2 * r + gap
    # Still too many: the rows overlap rather than run into the cell below.
    down = step if rows * step - gap <= height else max(0.0, (height - 2 * r) / max(1, rows - 1))
    return r, per_row, 2 * r * aspect + gap, down


def _aspect(digits: int) -> float:
    """How much wider than tall a dot is to hold a number of ``digits`` (a circle for one, then a pill)."""
    return 1.0 + 0.3 * max(0, digits - 1)


class ImpactEffortMatrix(QWidget):
    """Impact (up) against effort (right), 1 … 5 each; every rated opportunity is a numbered dot in its cell.

    Numbers, not titles, keep a full cell readable; the list shows the same numbers and a dot's
    tooltip its title.
    """

    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(260, 220)
        self.setMouseTracking(True)
        self.dots: list[tuple[str, int, str, str, QRectF]] = []  # id, number, title, status, where drawn
        self._items: list[tuple[str, int, str, str, int, int]] = []
        self.current = ""
        self.unrated = 0

    def sizeHint(self) -> QSize:
        return QSize(360, 300)

    def set_items(self, items: list[tuple[str, int, str, str, int | None, int | None]], current: str) -> None:
        """``items``: (id, number, title, status, effort, impact); unrated ones are counted, not drawn."""
        self._items = [(i, n, t, s, e, m) for i, n, t, s, e, m in items if e is not None and m is not None]
        self.unrated = len(items) - len(self._items)
        self.current = current
        self.dots = self.layout_dots()
        self.update()

    def _grid(self) -> QRectF:
        fm = QFontMetricsF(self.font())
        left = fm.height() * 2 + 8
        bottom = fm.height() * 2 + 10
        return QRectF(left, 6, max(10.0, self.width() - left - 8), max(10.0, self.height() - bottom - 6))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pal = self.palette()
        grid = self._grid()
        cw, ch = grid.width() / 5, grid.height() / 5
        fm = QFontMetricsF(self.font())
        # Quadrants: impact 4-5 is high, effort 4-5 is high (3 counts as low: worth doing now).
        for (high_impact, high_effort), _name in _QUADRANTS.items():
            x0 = grid.left() + (3 * cw if high_effort else 0)
            y0 = grid.top() + (0 if high_impact else 2 * ch)
            rect = QRectF(x0, y0, 2 * cw if high_effort else 3 * cw, 2 * ch if high_impact else 3 * ch)
            tint = QColor("#2f7d4f" if (high_impact and not high_effort) else pal.mid().color())
            tint.setAlpha(28)
            painter.fillRect(rect, tint)
            painter.setPen(pal.placeholderText().color())
            painter.drawText(rect.adjusted(4, 2, -4, -2), Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight,
                             _quadrant_name((high_impact, high_effort)))  # fmt: skip
        painter.setPen(QPen(pal.mid().color(), 1))
        for i in range(6):
            painter.drawLine(QPointF(grid.left() + i * cw, grid.top()), QPointF(grid.left() + i * cw, grid.bottom()))
            painter.drawLine(QPointF(grid.left(), grid.top() + i * ch), QPointF(grid.right(), grid.top() + i * ch))
        painter.setPen(pal.text().color())
        for i in range(5):
            painter.drawText(QRectF(grid.left() + i * cw, grid.bottom() + 2, cw, fm.height()),
                             Qt.AlignmentFlag.AlignCenter, str(i + 1))  # fmt: skip
            painter.drawText(QRectF(0, grid.bottom() - (i + 1) * ch, grid.left() - 4, ch),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(i + 1))  # fmt: skip
        painter.drawText(QRectF(grid.left(), grid.bottom() + fm.height() + 2, grid.width(), fm.height()),
                         Qt.AlignmentFlag.AlignCenter, _("Effort →"))  # fmt: skip
        painter.save()
        painter.translate(fm.height() / 2 + 2, grid.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-grid.height() / 2, -fm.height() / 2, grid.height(), fm.height()),
                         Qt.AlignmentFlag.AlignCenter, _("Impact →"))  # fmt: skip
        painter.restore()
        self.dots = self.layout_dots()
        for oid, number, _title, status, rect in self.dots:
            selected = oid == self.current
            painter.setPen(QPen(pal.highlight().color(), 3) if selected else Qt.PenStyle.NoPen)
            painter.setBrush(QColor(_STATUS_COLOURS[status]))
            radius = rect.height() / 2
            painter.drawRoundedRect(rect, radius, radius)  # a circle, or a pill for a longer number
            painter.setPen(QColor("#ffffff"))
            painter.setFont(self.number_font(rect))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(number))
        painter.setFont(self.font())
        painter.end()

    def number_font(self, dot: QRectF) -> QFont:
        """The font of the number in ``dot``: the widget's, smaller in a crowded cell's small dot."""
        font = QFont(self.font())
        font.setPixelSize(max(6, min(QFontInfo(font).pixelSize(), int(dot.height() * 0.7))))
        return font

    def layout_dots(self) -> list[tuple[str, int, str, str, QRectF]]:
        """Where each rated opportunity's dot goes at the present size: in rows from its cell's top left.

        A crowded cell gets smaller dots, then rows that overlap: a dot drawn below its cell would
        read as the next impact down.
        """
        grid = self._grid()
        cw, ch = grid.width() / 5, grid.height() / 5
        fm = QFontMetricsF(self.font())
        full = max(7.0, min(cw, ch) / 6, fm.height() * 0.6)
        counts = Counter((effort, impact) for *_rest, effort, impact in self._items)
        # A cell's dots are as wide as its longest number needs: two digits crowded a circle's edge.
        digits: dict[tuple[int, int], int] = {}
        for _oid, number, *_rest, effort, impact in self._items:
            digits[(effort, impact)] = max(digits.get((effort, impact), 1), len(str(number)))
        packed: dict[tuple[int, int], tuple[float, int, float, float]] = {}
        cells: dict[tuple[int, int], int] = {}
        out = []
        for oid, number, title, status, effort, impact in self._items:
            cell = (effort, impact)
            # The top row of a quadrant carries its name: its dots start below it.
            top = fm.height() + 2 if impact in (5, 3) else 2.0
            aspect = _aspect(digits[cell])
            if cell not in packed:
                packed[cell] = _pack(counts[cell], cw - 4, ch - top - 2, full, aspect)
            r, per_row, step_x, step_y = packed[cell]
            k = cells.get(cell, 0)
            cells[cell] = k + 1
            x = grid.left() + (effort - 1) * cw + 2 + (k % per_row) * step_x
            y = grid.top() + (5 - impact) * ch + top + (k // per_row) * step_y
            out.append((oid, number, title, status, QRectF(x, y, 2 * r * aspect, 2 * r)))
        return out

    def resizeEvent(self, event: Any) -> None:
        self.dots = self.layout_dots()
        super().resizeEvent(event)

    def dot_at(self, pos: QPointF) -> tuple[str, int, str, str, QRectF] | None:
        return next((d for d in reversed(self.dots) if d[4].contains(pos)), None)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        dot = self.dot_at(event.position())
        if dot is not None:
            self.picked.emit(dot[0])
        super().mousePressEvent(event)

    def event(self, event: Any) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == event.Type.ToolTip:
            dot = self.dot_at(QPointF(event.pos()))
            if dot is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), plain_tooltip(f"{dot[1]}. {dot[2]}"), self)
            return True
        return super().event(event)


class OpportunityBoard(QWidget):
    """Every opportunity of the project: filter, pick one, edit it, link it to the cards selected on the map.

    Each edit is one document command pushed on the window's undo stack; the board follows the
    project's change events, never holding the only copy of anything.
    """

    cards_requested = Signal(list)

    COLUMNS = ("#", "Title", "Status", "Owner", "Effort", "Impact", "Score", "Steps")

    def __init__(
        self,
        doc: Document,
        undo_stack: UndoStack,
        selection: Selection,
        lang: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc, self.undo_stack, self.selection = doc, undo_stack, selection
        self.lang = lang or doc.lang
        self._filling = False
        self.rows: list[OpportunityRow] = []
        # What the form shows, (kind, id): while it stays the same, a field being typed in is left alone
        # when the project changes elsewhere (a card edited on the map, a room's phone), not reset.
        self._shown: tuple[str, str] | None = None

        self.stage_filter = QComboBox(self)
        self.status_filter = QComboBox(self)
        self.owner_filter = QComboBox(self)
        filters = QHBoxLayout()
        for label, combo in (
            (_("Stage"), self.stage_filter), (_("Status"), self.status_filter), (_("Owner"), self.owner_filter),
        ):  # fmt: skip
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            combo.activated.connect(lambda *_: self.refresh())
            combo.setProperty("look_only", True)  # a filter: a read-only project keeps it
            name = plain_label(label, self)
            name.setBuddy(combo)  # the label is the combo's name for a screen reader
            filters.addWidget(name)
            filters.addWidget(combo, 1)

        self.list = QTreeWidget(self)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        names = {"#": "#", "Title": _("Title"), "Status": _("Status"), "Owner": _("Owner"), "Effort": _("Effort"),
                 "Impact": _("Impact"), "Score": _("Score"), "Steps": _("Steps")}  # fmt: skip
        self.list.setHeaderLabels([names[c] for c in self.COLUMNS])
        header = self.list.header()
        header.setStretchLastSection(False)
        for i in range(len(self.COLUMNS)):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.list.setToolTip(_("Opportunity score: importance + max(importance − satisfaction, 0) of the linked steps"))
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.list_hint = EmptyHint(self.list)
        self.matrix = ImpactEffortMatrix(self)
        self.matrix.picked.connect(self.select_opportunity)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.list, _("List"))
        self.tabs.addTab(self.matrix, _("Impact and effort"))
        self.solution_list = QTreeWidget(self)
        self.solution_list.setRootIsDecorated(False)
        self.solution_list.setUniformRowHeights(True)
        self.solution_list.setHeaderLabels(
            [_("Title"), _("Status"), _("Owner"), _("Effort"), _("Impact"), _("Delivers")]
        )
        sheader = self.solution_list.header()
        sheader.setStretchLastSection(False)
        for i in range(6):
            sheader.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        sheader.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.solution_list.currentItemChanged.connect(lambda *_: self._show_current())
        self.solutions_hint = EmptyHint(self.solution_list)
        self.tabs.addTab(self.solution_list, _("Solutions"))
        self.tabs.currentChanged.connect(lambda *_: self._show_current())
        self.unrated_label = plain_label("", self)

        self.title_edit = QLineEdit(self)
        self.title_edit.editingFinished.connect(lambda: self._set("title", self.title_edit.text()))
        self.status_combo = QComboBox(self)
        for key in vocab.PLAN_STATUSES:
            self.status_combo.addItem(vocab.label(vocab.PLAN_STATUSES, key, self.lang), key)
        self.status_combo.activated.connect(lambda *_: self._set("status", self.status_combo.currentData()))
        self.owner_edit = QLineEdit(self)
        self.owner_edit.editingFinished.connect(lambda: self._set("owner", self.owner_edit.text()))
        self.effort_spin = self._rating_spin("effort")
        self.impact_spin = self._rating_spin("impact")
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMaximumHeight(70)
        self.links_label = plain_label("", self, wrap=True)
        form = QFormLayout()
        form.addRow(_("Title"), self.title_edit)
        form.addRow(_("Status"), self.status_combo)
        form.addRow(_("Owner"), self.owner_edit)
        ratings = QHBoxLayout()
        ratings.addWidget(self.effort_spin)
        impact_label, effort_label = plain_label(_("Impact"), self), plain_label(_("Effort"), self)
        impact_label.setBuddy(self.impact_spin)
        effort_label.setBuddy(self.effort_spin)
        ratings.addWidget(impact_label)
        ratings.addWidget(self.impact_spin)
        form.addRow(effort_label, ratings)
        form.addRow(_("Description"), self.description_edit)
        form.addRow(_("Linked"), self.links_label)
        # A solution's opportunities: ticking one links it, clearing the tick unlinks it (one undo step each).
        self.delivers_list = QListWidget(self)
        self.delivers_list.setMaximumHeight(90)
        self.delivers_list.itemChanged.connect(self._on_delivers_ticked)
        self.delivers_label = plain_label(_("Delivers"), self)
        form.addRow(self.delivers_label, self.delivers_list)
        self.editor = QWidget(self)
        self.editor.setLayout(form)
        # A low dock must not clip the last lines of what the opportunity links: they scroll instead.
        editor_scroll = QScrollArea(self)
        editor_scroll.setWidgetResizable(True)
        editor_scroll.setFrameShape(QFrame.Shape.NoFrame)
        editor_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes on to the buttons, not to an unseen stop
        editor_scroll.setWidget(self.editor)

        self.add_button = QPushButton(_("Add"), self)
        self.add_button.setToolTip(_("Add an opportunity, linked to the cards selected on the map"))
        self.add_button.clicked.connect(self.add_current_kind)
        self.delete_button = QPushButton(_("Delete"), self)
        self.delete_button.clicked.connect(self.delete_current)
        self.link_button = QPushButton(_("Link selected cards"), self)
        self.link_button.clicked.connect(self.link_selected)
        self.link_button.setToolTip(_("Link the cards selected on the map or in the table to this opportunity"))
        # What of the selected card the link is about: the step as a whole, or one of its pain points.
        self.pain_combo = QComboBox(self)
        self.pain_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.pain_combo.setMinimumContentsLength(16)
        self.pain_combo.setToolTip(_("Link the whole step, or one pain point of the selected card"))
        self.pain_combo.setAccessibleName(_("Link to"))
        self.pain_combo.setAccessibleDescription(self.pain_combo.toolTip())
        self.unlink_button = QPushButton(_("Unlink selected cards"), self)
        self.unlink_button.clicked.connect(self.unlink_selected)
        self.show_button = QPushButton(_("Show cards"), self)
        self.show_button.setToolTip(_("Select this opportunity's cards on the map"))
        self.show_button.clicked.connect(self.show_cards)
        self.show_button.setProperty("look_only", True)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.delete_button, self.link_button, self.pain_combo, self.unlink_button,
                  self.show_button):  # fmt: skip
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.error_label = error_label(self)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(split)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(filters)
        ll.addWidget(self.tabs, 1)
        ll.addWidget(self.unrated_label)
        split.addWidget(left)
        split.addWidget(editor_scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error_label)

        self.description_edit.installEventFilter(self)
        follow_project(self, doc.project, self._on_changes)
        undo_stack.editable_changed.connect(self._on_editable_changed)
        selection.subscribe(self._on_selection)
        self.destroyed.connect(lambda *_, s=selection, f=self._on_selection: s.unsubscribe(f))
        self._fill_filters()
        self._fill_pain_points()
        self.refresh()

    def _rating_spin(self, field: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(0, 5)
        spin.setSpecialValueText("–")  # 0 shows as a dash: not rated
        spin.valueChanged.connect(lambda v: self._set(field, v or None))
        return spin

    def eventFilter(self, watched: Any, event: Any) -> bool:
        # The description is saved when the user leaves it, as the inspector does.
        if watched is self.description_edit and event.type() == event.Type.FocusOut:
            self._set("description", self.description_edit.toPlainText())
        return super().eventFilter(watched, event)

    # -- reading -----------------------------------------------------------------------------------------
    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(0, _ID_ROLE) if item is not None else None

    def current_solution_id(self) -> str | None:
        item = self.solution_list.currentItem()
        return item.data(0, _ID_ROLE) if item is not None else None

    def editing_kind(self) -> str:
        """What the form edits: the solution tab's current solution, else the current opportunity."""
        return "solution" if self.tabs.currentWidget() is self.solution_list else "opportunity"

    def _edited(self) -> Any:
        kind = self.editing_kind()
        id_ = self.current_solution_id() if kind == "solution" else self.current_id()
        return self.doc.project.tables[kind].get(id_) if id_ else None

    def shown_ids(self) -> list[str]:
        return [self.list.topLevelItem(i).data(0, _ID_ROLE) for i in range(self.list.topLevelItemCount())]

    # -- actions -----------------------------------------------------------------------------------------
    def add_opportunity(self) -> str | None:
        cmd = AddOpportunityCommand(_("New opportunity"), self._selected_cards())
        if not self._push(cmd):
            return None
        self.select_opportunity(cmd.opportunity_id)
        self.title_edit.setFocus()
        self.title_edit.selectAll()
        return cmd.opportunity_id

    def add_solution(self) -> str | None:
        """Add a solution that delivers the current opportunity (when there is one)."""
        oid = self.current_id()
        cmd = AddSolutionCommand(_("New solution"), [oid] if oid else [])
        if not self._push(cmd):
            return None
        self.tabs.setCurrentWidget(self.solution_list)
        self.select_solution(cmd.solution_id)
        self.title_edit.setFocus()
        self.title_edit.selectAll()
        return cmd.solution_id

    def add_current_kind(self) -> None:
        if self.editing_kind() == "solution":
            self.add_solution()
        else:
            self.add_opportunity()

    def delete_current(self) -> None:
        e = self._edited()
        if e is not None:
            self._push(DeletePlansCommand(e.KIND, [e.id]))

    def select_solution(self, sid: str) -> None:
        _make_current(self.solution_list, sid)

    def _on_delivers_ticked(self, item: QListWidgetItem) -> None:
        sid = self.current_solution_id()
        if self._filling or not sid:
            return
        oid = item.data(_ID_ROLE)
        if item.checkState() == Qt.CheckState.Checked:
            self._push(discrete(LinkOpportunitiesCommand(sid, [oid])))
        else:
            links = [k.id for k in self.doc.project.solution_links(sid) if k.opportunity_id == oid]
            if links:
                self._push(UnlinkCommand("solution_link", links))

    def link_selected(self) -> None:
        oid, cards = self.current_id(), self._selected_cards()
        if oid and cards:
            pain = (self.pain_combo.currentData() or "") if len(cards) == 1 else ""
            self._push(discrete(LinkCardsCommand(oid, cards, pain_point=pain)))

    def _fill_pain_points(self) -> None:
        """The pain points of the one selected card (several cards link as whole steps)."""
        cards = self._selected_cards()
        pains = self.doc.project.tables["touchpoint"][cards[0]].pain_points if len(cards) == 1 else ()
        keep = self.pain_combo.currentData()
        self.pain_combo.blockSignals(True)
        self.pain_combo.clear()
        self.pain_combo.addItem(_("The whole step"), "")
        for pain in dict.fromkeys(pains):
            self.pain_combo.addItem(shorten(pain, 60), pain)
            self.pain_combo.setItemData(self.pain_combo.count() - 1, plain_tooltip(pain), Qt.ItemDataRole.ToolTipRole)
        self.pain_combo.setCurrentIndex(max(0, self.pain_combo.findData(keep)))
        self.pain_combo.blockSignals(False)
        self.pain_combo.setEnabled(bool(pains))

    def unlink_selected(self) -> None:
        oid, cards = self.current_id(), set(self._selected_cards())
        if not oid or not cards:
            return
        links = [k.id for k in self.doc.project.opportunity_links(oid) if k.touchpoint_id in cards]
        if links:
            self._push(UnlinkCommand("opportunity_link", links))

    def show_cards(self) -> None:
        """Ask the window to select the current opportunity's cards (those of the journey on the map)."""
        oid = self.current_id()
        if not oid:
            return
        cards = self.doc.project.tables["touchpoint"]
        linked = [cards[k.touchpoint_id] for k in self.doc.project.opportunity_links(oid)]
        if not linked:
            return
        if all(tp.journey_id != self.selection.journey_id for tp in linked):
            self.selection.set_journey(linked[0].journey_id)  # its steps are on another journey's map
        ids = [tp.id for tp in linked if tp.journey_id == self.selection.journey_id and not tp.inbox]
        self.cards_requested.emit(list(dict.fromkeys(ids)))

    def select_opportunity(self, oid: str) -> None:
        _make_current(self.list, oid)

    def _selected_cards(self) -> list[str]:
        cards = self.doc.project.tables["touchpoint"]
        return [t for t in self.selection.touchpoint_ids if t in cards]

    def _set(self, field: str, value: Any) -> None:
        if self._filling:
            return
        e = self._edited()
        if e is None or getattr(e, field) == value:
            return
        self._push(update_command(e.KIND, e.id, {field: value}))

    def _push(self, cmd: Command) -> bool:
        try:
            push(self.undo_stack, self.doc, cmd)
        except CXError as exc:
            show_error(self.error_label, str(exc))
            return False
        show_error(self.error_label, "")
        return True

    # -- following the model and the selection -----------------------------------------------------------
    def _on_changes(self, changes: Any) -> None:
        kinds = {ch.kind for ch in changes}
        if kinds & {"stage", "journey"}:
            self._fill_filters()
        if "touchpoint" in kinds:
            self._fill_pain_points()
        if kinds & {"opportunity", "opportunity_link", "solution", "solution_link", "touchpoint", "stage", "journey"}:
            self.refresh()

    def _on_selection(self, selection: Selection, source: object) -> None:
        self._fill_filters()
        self._fill_pain_points()
        self.refresh()

    def _fill_filters(self) -> None:
        """The stages of the journey on the map, the statuses, and the owners the opportunities name."""
        self._filling = True
        try:
            journey = self.selection.journey_id
            stages = self.doc.project.stages(journey) if journey in self.doc.project.tables["journey"] else []
            self._fill_combo(self.stage_filter, _("All stages"), [(s.display_name(self.lang), s.id) for s in stages])
            statuses = [(vocab.label(vocab.PLAN_STATUSES, k, self.lang), k) for k in vocab.PLAN_STATUSES]
            self._fill_combo(self.status_filter, _("All statuses"), statuses)
            owners = sorted({o.owner for o in self.doc.project.opportunities() if o.owner})
            self._fill_combo(self.owner_filter, _("All owners"), [(shorten(o, 40), o) for o in owners])
        finally:
            self._filling = False

    @staticmethod
    def _fill_combo(combo: QComboBox, all_text: str, entries: list[tuple[str, str]]) -> None:
        keep = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(all_text, _ALL)
        for text, key in entries:
            combo.addItem(text, key)
        index = combo.findData(keep)
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def refresh(self) -> None:
        """Rebuild the list and the matrix from the model, keeping the current opportunity."""
        keep = self.current_id()
        picked = [c.currentData() for c in (self.stage_filter, self.status_filter, self.owner_filter)]
        self.rows = filter_rows(
            opportunity_rows(self.doc.project, self.lang), *[[p] if p else [] for p in picked]
        )
        self._filling = True
        try:
            self.list.clear()
            items = []
            for n, row in enumerate(self.rows, 1):
                o = row.opportunity
                values = [
                    str(n), shorten(o.title, 200), row.status, shorten(o.owner, 60), str(o.effort or "–"),
                    str(o.impact or "–"), score_text(row, self.lang), str(len(row.cards)),
                ]  # fmt: skip
                item = QTreeWidgetItem(values)
                item.setData(0, _ID_ROLE, o.id)
                item.setToolTip(1, plain_tooltip(o.title))
                item.setToolTip(7, plain_tooltip("\n".join(row.cards)))
                self.list.addTopLevelItem(item)
                items.append((o.id, n, o.title, o.status, o.effort, o.impact))
                if o.id == keep:
                    self.list.setCurrentItem(item)
        finally:
            self._filling = False
        if self.rows:
            self.list_hint.set_hint("")
        elif any(picked):
            self.list_hint.set_hint(_("No opportunity matches these filters."))
        else:
            self.list_hint.set_hint(
                _("No opportunities yet: select on the map the cards where the experience breaks, then press Add.")
            )
        self.matrix.set_items(items, keep or "")
        self._fill_solutions()
        unrated = self.matrix.unrated
        self.unrated_label.setText(
            ngettext("{n} opportunity without effort or impact is not in the matrix",
                     "{n} opportunities without effort or impact are not in the matrix", unrated).format(
                n=number(unrated, self.lang))
            if unrated else ""
        )  # fmt: skip
        self._show_current()

    def _fill_solutions(self) -> None:
        """Every solution (filters are about opportunities), with the opportunities it delivers."""
        keep = self.current_solution_id()
        opps = self.doc.project.tables["opportunity"]
        self._filling, was = True, self._filling
        try:
            self.solution_list.clear()
            for sol in self.doc.project.solutions():
                delivers = [opps[k.opportunity_id].title for k in self.doc.project.solution_links(sol.id)]
                item = QTreeWidgetItem([
                    shorten(sol.title, 200), vocab.label(vocab.PLAN_STATUSES, sol.status, self.lang),
                    shorten(sol.owner, 60), str(sol.effort or "–"), str(sol.impact or "–"),
                    "; ".join(shorten(t, 40) for t in delivers),
                ])  # fmt: skip
                item.setData(0, _ID_ROLE, sol.id)
                item.setToolTip(0, plain_tooltip(sol.title))
                item.setToolTip(5, plain_tooltip("\n".join(delivers)))
                self.solution_list.addTopLevelItem(item)
                if sol.id == keep:
                    self.solution_list.setCurrentItem(item)
        finally:
            self._filling = was
        self.solutions_hint.set_hint(
            "" if self.solution_list.topLevelItemCount()
            else _("No solutions yet: press Add here to plan one for the opportunity chosen in the list.")
        )  # fmt: skip

    def _fill_delivers(self, solution_id: str | None) -> None:
        self.delivers_list.clear()
        if solution_id is None:
            return
        linked = {k.opportunity_id for k in self.doc.project.solution_links(solution_id)}
        for opp in self.doc.project.opportunities():
            item = QListWidgetItem(shorten(opp.title or "—", 80))
            item.setData(_ID_ROLE, opp.id)
            item.setToolTip(plain_tooltip(opp.title))
            item.setFlags(item_flags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable, self.doc.read_only))
            if self.doc.read_only:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)  # its tick greyed, as the form's choices
            item.setCheckState(Qt.CheckState.Checked if opp.id in linked else Qt.CheckState.Unchecked)
            self.delivers_list.addItem(item)

    def _on_editable_changed(self, _editable: bool) -> None:
        self._show_current()  # the delivers list's ticks are offered again, or no longer

    def _show_current(self) -> None:
        if self._filling:
            return  # the lists are being rebuilt: refresh() shows the current one once they are whole
        oid = self.current_id()
        kind = self.editing_kind()
        opp = self._edited()
        self.matrix.current = oid or ""
        self.matrix.update()
        self._filling, was = True, self._filling
        try:
            self.editor.setEnabled(opp is not None)
            self.delete_button.setEnabled(opp is not None)
            # Offered only when they would do something: a click that does nothing says nothing either.
            is_opportunity = opp is not None and kind == "opportunity"
            linked = {k.touchpoint_id for k in self.doc.project.opportunity_links(opp.id)} if is_opportunity else set()
            cards = set(self._selected_cards()) if is_opportunity else set()
            self.link_button.setEnabled(bool(cards))
            self.unlink_button.setEnabled(bool(cards & linked))
            self.show_button.setEnabled(bool(linked))
            self.add_button.setToolTip(
                _("Add a solution that delivers the current opportunity") if kind == "solution"
                else _("Add an opportunity, linked to the cards selected on the map")
            )  # fmt: skip
            for w in (self.links_label, self.form_label(self.links_label)):
                w.setVisible(kind == "opportunity")
            for w in (self.delivers_list, self.delivers_label):
                w.setVisible(kind == "solution")
            self._fill_delivers(opp.id if kind == "solution" and opp is not None else None)
            shown = (kind, opp.id) if opp is not None else None
            same, self._shown = shown == self._shown, shown
            fields = ((self.title_edit, opp.title if opp else ""), (self.owner_edit, opp.owner if opp else ""))
            for edit, value in fields:
                if not (same and edit.hasFocus()):
                    set_line_text(edit, value, "")  # unfocused, a long title shows its start
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(opp.status if opp else "idea")))
            self.effort_spin.setValue((opp.effort or 0) if opp else 0)
            self.impact_spin.setValue((opp.impact or 0) if opp else 0)
            typing = same and self.description_edit.hasFocus()
            if opp is None or (self.description_edit.toPlainText() != opp.description and not typing):
                self.description_edit.setPlainText(opp.description if opp else "")
            row = next((r for r in self.rows if r.opportunity.id == oid), None) if kind == "opportunity" else None
            self.links_label.setText(self._links_text(row) if row else "")
        finally:
            self._filling = was

    def form_label(self, field: QWidget) -> QWidget:
        label = self.editor.layout().labelForField(field)
        return label if label is not None else field

    def _links_text(self, row: OpportunityRow) -> str:
        parts = [ngettext("{n} step", "{n} steps", len(row.cards)).format(n=number(len(row.cards), self.lang))]
        if row.stages:
            parts.append(", ".join(shorten(s, 40) for s in row.stages))
        if row.pain_points:
            parts.append(_("Pain points: {list}").format(list="; ".join(shorten(p, 60) for p in row.pain_points)))
        if row.solutions:
            parts.append(_("Solutions: {list}").format(list="; ".join(shorten(s, 60) for s in row.solutions)))
        if row.score is not None:
            parts.append(
                ngettext(
                    "Score {score} (importance {i}, satisfaction {s}, from {n} rated step)",
                    "Score {score} (importance {i}, satisfaction {s}, from {n} rated steps)",
                    row.score.steps,
                ).format(
                    score=number(row.score.score, self.lang), i=number(row.score.importance, self.lang),
                    s=number(row.score.satisfaction, self.lang), n=number(row.score.steps, self.lang),
                )
            )  # fmt: skip
        return "\n".join(parts)


__all__ = ["ImpactEffortMatrix", "OpportunityBoard", "score_text"]
