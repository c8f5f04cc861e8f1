"""The touchpoint table: a second, sortable and filterable view of one journey, edited in place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..document import Document, Selection
from ..document.commands import Command, DeleteTouchpointsCommand, MoveTouchpointsCommand
from ..i18n import _, ngettext, number, pgettext, quote
from ..model import Change, CXError, Touchpoint, untouched, vocab
from ..qtcommands import UndoStack, push
from .edits import discrete, update_command
from .widgets import (
    EmptyHint,
    emotion_tint,
    error_label,
    fold,
    follow_project,
    format_tags,
    item_flags,
    parse_tags,
    plain_label,
    plain_tooltip,
    show_error,
    signed,
)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
# Not-set numbers sort below every real score, whichever way the column is sorted.
_LOWEST = -1e12
FIT_SAMPLE_ROWS = 100
# Cards whose filter text is made in one slice while the table is idle (about 8 ms at 5,000 cards' sizes).
HAYSTACK_SLICE = 250


@dataclass(frozen=True)
class Column:
    """One column: the field it shows and how a cell of it is edited (None: read-only)."""

    key: str
    editor: str | None = None  # "text", "choice", "int" or "check"
    lo: int = 0
    hi: int = 0
    optional: bool = False
    numeric: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("stage", "choice"),
    Column("lane", "choice"),
    Column("title", "text"),
    Column("channel", "choice"),
    Column("emotion", "int", -3, 3, optional=True, numeric=True),
    Column("importance", "int", 1, 5, optional=True, numeric=True),
    Column("satisfaction", "int", 1, 5, optional=True, numeric=True),
    Column("gap", numeric=True),
    Column("pain_points", numeric=True),
    Column("opportunities", numeric=True),
    Column("moment_of_truth", "check", numeric=True),
    Column("votes", numeric=True),  # dots from voting sessions: cast on the map, not typed here
    Column("evidence", "choice"),
    Column("tags", "text"),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)


def _column_flags(column: Column) -> Qt.ItemFlag:
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if column.editor == "check":
        flags |= Qt.ItemFlag.ItemIsUserCheckable
    elif column.editor is not None:
        flags |= Qt.ItemFlag.ItemIsEditable
    return flags


_COLUMN_FLAGS = tuple(_column_flags(c) for c in COLUMNS)
# How narrow the words' columns may become so that all the columns fit in the table's width (_fit_width):
# the title gives most, a stage or a lane name still reads in 85 pixels ("Reconocim…").
_NARROWEST = {"title": 150, "stage": 85, "lane": 85, "channel": 85, "tags": 60}


class TouchpointTableModel(QAbstractTableModel):
    """The current journey's touchpoints in journey order, one row each, following the project's changes.

    Edits in a cell go through the undo stack; a refused one emits ``edit_failed`` with the reason.
    """

    edit_failed = Signal(str)

    def __init__(self, doc: Document, undo_stack: UndoStack, lang: str | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.undo_stack = undo_stack
        self.lang = lang or doc.lang
        self.journey_id: str | None = None
        self._ids: list[str] = []
        self._rows: dict[str, int] = {}
        # Each card's words as the filter searches them (case and accents folded), made once, not
        # at every key typed in the filter: rebuilding 5,000 of them took a third of a second a key.
        self._haystacks: dict[str, str] = {}
        # The model sorts its rows itself, each card's key worked out once (and again when it changes):
        # the proxy's sort asked Python for two keys at every comparison, half a second at 5,000 cards.
        self.sort_column = -1  # -1: journey order
        self.sort_order = Qt.SortOrder.AscendingOrder
        self._sort_keys: dict[str, Any] = {}
        self._journey_pos: dict[str, int] = {}
        # True while rows are being inserted, removed or moved: the view's selection changes then are not the user's.
        self.updating = False
        self._titles = {
            "stage": _("Stage"),
            "lane": _("Lane"),
            "title": _("Title"),
            "channel": _("Channel"),
            "emotion": _("Emotion"),
            "importance": _("Importance"),
            "satisfaction": _("Satisfaction"),
            "gap": _("Gap"),
            "pain_points": _("Pain points"),
            "opportunities": _("Opportunities"),
            "moment_of_truth": _("Moment of truth"),
            "votes": _("Votes"),
            "evidence": _("Evidence"),
            "tags": _("Tags"),
        }
        # The numbers' columns are as narrow as their numbers: at full length their names ("Momento de la
        # verdad", "Importancia") made the table wider than a 1280-pixel screen, Gap and what follows it
        # out of sight. The counts wear the card's badges (⚠ ★ ◆ ●, as on the map); the whole name is
        # in the tooltip and read out by a screen reader.
        self._headers = {
            **self._titles,
            "importance": pgettext("short column header", "Imp."),
            "satisfaction": pgettext("short column header", "Sat."),
            "pain_points": "⚠",
            "opportunities": "★",
            "moment_of_truth": "◆",
            "votes": "●",
        }
        tips = {
            "gap": _("Importance minus satisfaction: where it is large, improve first"),
            "emotion": _("From −3 (very bad) to +3 (very good)"),
            "moment_of_truth": _("A moment that decides whether the customer stays or leaves"),
        }
        self._header_tips = {
            key: "\n".join(t for t in (title if self._headers[key] != title else "", tips.get(key, "")) if t)
            for key, title in self._titles.items()
        }
        follow_project(self, doc.project, self._on_changes)

    # -- rows ------------------------------------------------------------------------------------------
    def set_journey(self, journey_id: str | None) -> None:
        """Show another journey (a model reset: a different journey is not a single edit)."""
        self.beginResetModel()
        self._haystacks.clear()
        self._sort_keys.clear()
        self.journey_id = journey_id if journey_id in self.doc.project.tables["journey"] else None
        self._ids = self._ordered(self._journey_ids())
        self._reindex()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by a column (-1: journey order), keeping the selection and the current cell."""
        column = column if 0 <= column < len(COLUMNS) else -1
        if (column, order) == (self.sort_column, self.sort_order):
            return
        self.sort_column, self.sort_order = column, order
        self._sort_keys.clear()
        if self._ids:
            self._sync(self._ordered(self.in_journey_order(self._ids)))

    def in_journey_order(self, ids: Sequence[str]) -> list[str]:
        """``ids`` (cards of the rows) in the journey's order, whatever the sort."""
        return sorted(ids, key=lambda tid: self._journey_pos.get(tid, 0))

    def _journey_ids(self) -> list[str]:
        return [tp.id for tp in self.doc.project.touchpoints(self.journey_id)] if self.journey_id else []

    def _ordered(self, journey: list[str]) -> list[str]:
        """The rows for ``journey`` (its cards in journey order), sorted as the table is."""
        self._journey_pos = {tid: i for i, tid in enumerate(journey)}
        if self.sort_column < 0:
            return list(journey)
        key, keys = COLUMN_KEYS[self.sort_column], self._sort_keys
        cards = self.doc.project.tables["touchpoint"]
        for tid in journey:
            if tid not in keys:
                keys[tid] = self._sort_value(cards[tid], key)
        # Stable both ways: cards with the same value keep their journey order, as Qt's sort kept it.
        return sorted(journey, key=keys.__getitem__, reverse=self.sort_order == Qt.SortOrder.DescendingOrder)

    def touchpoint_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, touchpoint_id: str) -> int:
        """The row of a card, or -1."""
        return self._rows.get(touchpoint_id, -1)

    @staticmethod
    def column_of(key: str) -> int:
        return COLUMN_KEYS.index(key)

    def touchpoint(self, row: int) -> Touchpoint:
        return self.doc.project.tables["touchpoint"][self._ids[row]]

    def _reindex(self) -> None:
        self._rows = {tid: i for i, tid in enumerate(self._ids)}

    # -- Qt model interface ---------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        key = COLUMNS[section].key
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[key]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tips[key] or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._titles[key]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        # Worked out once per column: Qt asks for every cell it paints or selects.
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return item_flags(_COLUMN_FLAGS[index.column()], self.doc.read_only)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        tp = self.doc.project.tables["touchpoint"].get(self._ids[index.row()])
        if tp is None:
            return None
        key = COLUMNS[index.column()].key
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(tp, key)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(tp, key)
        if role == SORT_ROLE:
            return self._sort_value(tp, key)
        if role == ID_ROLE:
            return tp.id
        if role == Qt.ItemDataRole.CheckStateRole and key == "moment_of_truth":
            return Qt.CheckState.Checked if tp.moment_of_truth else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(tp, key)
        if role == Qt.ItemDataRole.BackgroundRole and key == "emotion":
            return emotion_tint(tp.emotion)
        if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[index.column()].numeric:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _stage_name(self, tp: Touchpoint) -> str:
        stage = self.doc.project.tables["stage"].get(tp.stage_id)
        return stage.display_name(self.lang) if stage else ""

    def _lane_name(self, tp: Touchpoint) -> str:
        lane = self.doc.project.tables["lane"].get(tp.lane_id)
        return lane.display_name(self.lang) if lane else ""

    def _display(self, tp: Touchpoint, key: str) -> str:
        if key == "stage":
            return self._stage_name(tp)
        if key == "lane":
            return self._lane_name(tp)
        if key == "channel":
            return self.doc.project.channel_name(tp.channel, self.lang)
        if key == "emotion":
            return signed(tp.emotion)
        if key == "evidence":
            return vocab.label(vocab.EVIDENCE, tp.evidence, self.lang)
        if key == "tags":
            return format_tags(tp.tags)
        if key in ("pain_points", "opportunities"):
            n = len(getattr(tp, key))
            return str(n) if n else ""
        if key == "moment_of_truth":
            return ""
        value = self._value(tp, key)
        if key == "votes":
            return str(value) if value else ""
        if key == "gap":
            return signed(value)  # as the emotion beside it, the inspector and the report write it
        # A 10,000-character title would make every row a wall of text; the tooltip and inspector have it all.
        if key == "title":
            return value if len(value) <= 500 else value[:499] + "…"
        return "" if value is None else str(value)

    def _edit_value(self, tp: Touchpoint, key: str) -> Any:
        if key == "stage":
            return tp.stage_id
        if key == "lane":
            return tp.lane_id
        if key == "tags":
            return format_tags(tp.tags)
        if key in ("pain_points", "opportunities"):
            return len(getattr(tp, key))
        return self._value(tp, key)

    def _value(self, tp: Touchpoint, key: str) -> Any:
        """A card's value for ``key``: a field, or what the project works out (the shown votes)."""
        return self.doc.project.shown_votes(tp.id) if key == "votes" else getattr(tp, key)

    def _sort_value(self, tp: Touchpoint, key: str) -> Any:
        project = self.doc.project
        if key in ("stage", "lane"):
            entity = project.tables[key].get(getattr(tp, f"{key}_id"))
            return entity.position if entity else 0
        if key in ("pain_points", "opportunities"):
            return len(getattr(tp, key))
        if key == "moment_of_truth":
            return int(tp.moment_of_truth)
        if COLUMNS[COLUMN_KEYS.index(key)].numeric:
            value = self._value(tp, key)
            return float(_LOWEST if value is None else value)
        return fold(self._display(tp, key))

    def _tooltip(self, tp: Touchpoint, key: str) -> str | None:
        if key == "title":
            text = tp.title + (f"\n\n{tp.description}" if tp.description else "")
            return plain_tooltip(text)
        if key in ("pain_points", "opportunities"):
            items = getattr(tp, key)
            return plain_tooltip("\n".join(f"• {t}" for t in items)) if items else None
        if key == "tags" and tp.tags:
            return plain_tooltip(format_tags(tp.tags))
        return None

    # -- editing ---------------------------------------------------------------------------------------
    def editor_kind(self, column: int) -> Column:
        return COLUMNS[column]

    def choices(self, column: int) -> list[tuple[str, str]]:
        """(key, label) pairs offered by a choice column's editor."""
        key = COLUMNS[column].key
        project = self.doc.project
        if key == "stage" and self.journey_id:
            return [(s.id, s.display_name(self.lang)) for s in project.stages(self.journey_id)]
        if key == "lane" and self.journey_id:
            return [(ln.id, ln.display_name(self.lang)) for ln in project.lanes(self.journey_id)]
        if key == "channel":
            out = [("", _("(not set)"))]
            out += [(k, t.label(self.lang)) for k, t in vocab.CHANNELS.items()]
            return out + [(c.id, c.name) for c in project.channels()]
        if key == "evidence":
            return [(k, t.label(self.lang)) for k, t in vocab.EVIDENCE.items()]
        return []

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if not index.isValid() or index.row() >= len(self._ids):
            return False
        tp = self.touchpoint(index.row())
        column = COLUMNS[index.column()]
        cmd: Command | None = None
        if column.editor == "check" and role == Qt.ItemDataRole.CheckStateRole:
            checked = value == Qt.CheckState.Checked or value == Qt.CheckState.Checked.value
            cmd = self._update(tp, column.key, bool(checked))
        elif role != Qt.ItemDataRole.EditRole or column.editor in (None, "check"):
            return False
        elif column.key in ("stage", "lane"):
            stage_id = value if column.key == "stage" else tp.stage_id
            lane_id = value if column.key == "lane" else tp.lane_id
            if (stage_id, lane_id) != (tp.stage_id, tp.lane_id):
                cmd = MoveTouchpointsCommand([tp.id], stage_id, lane_id)
        elif column.key == "tags":
            cmd = self._update(tp, "tags", parse_tags(str(value)))
        else:
            cmd = self._update(tp, column.key, value)
        if cmd is None:
            return True
        try:
            push(self.undo_stack, self.doc, cmd)
        except CXError as exc:
            self.edit_failed.emit(str(exc))
            return False
        return True

    @staticmethod
    def _update(tp: Touchpoint, field: str, value: Any) -> Command | None:
        # A cell edit is one deliberate act: never folded into the previous edit of the same cell.
        return None if getattr(tp, field) == value else discrete(update_command("touchpoint", tp.id, {field: value}))

    # -- following the project ---------------------------------------------------------------------------------
    def _on_changes(self, changes: Sequence[Change]) -> None:
        jid = self.journey_id
        followed = ("journey", "touchpoint", "stage", "lane", "channel", "vote", "vote_session")
        if jid is None or untouched(changes, followed):
            return
        changed: set[str] = set()
        reorder = False
        columns: set[str] = set()
        for ch in changes:
            old, new = ch.old, ch.new
            if ch.kind == "journey" and ch.id == jid and new is None:
                self.set_journey(None)
                return
            if ch.kind == "touchpoint":
                if not any(e is not None and e.journey_id == jid for e in (old, new)):  # type: ignore[attr-defined]
                    continue
                changed.add(ch.id)
                if old is None or new is None or _place(old) != _place(new):
                    reorder = True
            elif ch.kind in ("stage", "lane"):
                if any(e is not None and e.journey_id == jid for e in (old, new)):  # type: ignore[attr-defined]
                    reorder = True
                    columns.add(ch.kind)
            elif ch.kind == "channel":
                columns.add("channel")
            elif ch.kind in ("vote", "vote_session"):
                columns.add("votes")
        # What the filter searches changes before the views hear of it (they filter again then).
        # A vote changes no words (the filter does not search dot counts) and no key but the votes'
        # own: a room's phones vote many times a second, and each vote refolded every card.
        if columns - {"votes"}:
            self._haystacks.clear()
        sorted_by = COLUMN_KEYS[self.sort_column] if self.sort_column >= 0 else None
        if sorted_by in columns:
            self._sort_keys.clear()
        for tid in changed:
            self._haystacks.pop(tid, None)
            self._sort_keys.pop(tid, None)
        if reorder:
            self._sync(self._ordered(self._journey_ids()))
        elif sorted_by is not None and (changed or sorted_by in columns):
            self._sync(self._ordered(self.in_journey_order(self._ids)))  # an edited value may move its row
        self._emit_changed([self._rows[i] for i in changed if i in self._rows])
        for key in columns:
            if self._ids:
                col = self.column_of(key)
                self.dataChanged.emit(self.index(0, col), self.index(len(self._ids) - 1, col))

    def _emit_changed(self, rows: list[int]) -> None:
        if not rows:
            return
        last = len(COLUMNS) - 1
        # One signal per run of consecutive rows: a batch edit of 2,000 cards is not 2,000 signals.
        rows.sort()
        start = prev = rows[0]
        for row in [*rows[1:], None]:
            if row is not None and row == prev + 1:
                prev = row
                continue
            self.dataChanged.emit(self.index(start, 0), self.index(prev, last))
            if row is not None:
                start = prev = row

    def _sync(self, new_ids: list[str]) -> None:
        """Turn the rows into ``new_ids`` by removals, one layout change and insertions (no reset)."""
        self.updating = True
        try:
            wanted = set(new_ids)
            row = len(self._ids) - 1
            while row >= 0:
                if self._ids[row] in wanted:
                    row -= 1
                    continue
                end = row
                while row - 1 >= 0 and self._ids[row - 1] not in wanted:
                    row -= 1
                self.beginRemoveRows(QModelIndex(), row, end)
                del self._ids[row : end + 1]
                self.endRemoveRows()
                row -= 1
            present = set(self._ids)
            kept = [i for i in new_ids if i in present]
            if kept != self._ids:
                self._move_rows(kept)
            for pos, tid in enumerate(new_ids):
                if pos >= len(self._ids) or self._ids[pos] != tid:
                    self.beginInsertRows(QModelIndex(), pos, pos)
                    self._ids.insert(pos, tid)
                    self.endInsertRows()
            self._reindex()
        finally:
            self.updating = False

    def _move_rows(self, order: list[str]) -> None:
        """Reorder rows as one layout change, carrying persistent indexes (selection, current cell) along."""
        self.layoutAboutToBeChanged.emit()
        new_row = {tid: i for i, tid in enumerate(order)}
        old_ids = list(self._ids)
        froms, tos = [], []
        for idx in self.persistentIndexList():
            if idx.isValid():
                froms.append(idx)
                tos.append(self.index(new_row[old_ids[idx.row()]], idx.column()))
        self._ids = list(order)
        self.changePersistentIndexList(froms, tos)
        self._reindex()
        self.layoutChanged.emit()

    def prepare_haystacks(self, limit: int = HAYSTACK_SLICE) -> bool:
        """Fold the filter's text of up to ``limit`` cards not folded yet; True when every row's is ready."""
        done = 0
        for row, tid in enumerate(self._ids):
            if tid in self._haystacks:
                continue
            if done == limit:
                return False
            self.haystack(row)
            done += 1
        return True

    def haystack(self, row: int) -> str:
        """Everything the filter searches in a row's card, folded (case and accents ignored)."""
        tid = self._ids[row]
        text = self._haystacks.get(tid)
        if text is None:
            tp = self.touchpoint(row)
            parts = [self._display(tp, key) for key in COLUMN_KEYS if key != "votes"]
            parts += [
                tp.description,
                tp.expectation,
                tp.experience,
                tp.owner_team,
                tp.notes,
                *tp.pain_points,
                *tp.opportunities,
            ]
            text = self._haystacks[tid] = fold("\n".join(parts))
        return text


def _place(tp: Any) -> tuple[str, str, int, str]:
    return (tp.stage_id, tp.lane_id, tp.position, tp.journey_id)


class TouchpointFilterModel(QSortFilterProxyModel):
    """Keeps rows whose text (title, description, stage, channel, tags, pain points…) contains every typed word."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The table model sorts its own rows (once per key); this proxy only filters, in their order."""
        model = self.sourceModel()
        if isinstance(model, TouchpointTableModel):
            model.sort(column, order)
        else:  # pragma: no cover - the table always has its model
            super().sort(column, order)

    def set_text(self, text: str) -> None:
        words = fold(text).split()
        if words == self._words:
            return
        begin = getattr(self, "beginFilterChange", None)
        if begin is not None:  # Qt 6.10+: the non-deprecated way to refilter
            begin()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._words = words
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        if not isinstance(model, TouchpointTableModel):
            return True
        haystack = model.haystack(source_row)
        return all(w in haystack for w in self._words)


class _CellDelegate(QStyledItemDelegate):
    """Combo boxes for choices and spin boxes (with a 'not set' step) for scores."""

    def __init__(self, model: TouchpointTableModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.model = model

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        column = self.model.editor_kind(index.column())
        if column.editor == "choice":
            combo = QComboBox(parent)
            for key, label in self.model.choices(index.column()):
                combo.addItem(label, key)
            return combo
        if column.editor == "int":
            spin = QSpinBox(parent)
            spin.setRange(column.lo - 1 if column.optional else column.lo, column.hi)
            if column.optional:
                # One step below the range means "not set".
                spin.setSpecialValueText("–")
            return spin
        return super().createEditor(parent, option, index)

    def check_rect(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QRect:
        """Where a check box column's box is: centred in its cell, under its centred header."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        box = style.subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, opt, opt.widget)
        centred = QRect(0, 0, box.width(), box.height())
        centred.moveCenter(option.rect.center())
        return centred

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if self.model.editor_kind(index.column()).editor != "check":
            super().paint(painter, option, index)
            return
        # Qt's styles put an item's check box at the cell's left edge, whatever its alignment: the cell
        # is drawn without it, then the box on its own in the middle.
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        box = QStyleOptionViewItem(opt)
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        box.rect = self.check_rect(option, index)
        box.state &= ~QStyle.StateFlag.State_HasFocus
        if not index.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            box.state &= ~QStyle.StateFlag.State_Enabled  # shown, greyed: a click would not tick it
        checked = opt.checkState == Qt.CheckState.Checked
        box.state |= QStyle.StateFlag.State_On if checked else QStyle.StateFlag.State_Off
        style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck, box, painter, opt.widget)

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if (
            self.model.editor_kind(index.column()).editor != "check"
            or not isinstance(event, QMouseEvent)
            or not index.flags() & Qt.ItemFlag.ItemIsUserCheckable  # a read-only project's: the base refuses
        ):
            return super().editorEvent(event, model, option, index)  # Space and Select toggle as ever
        # A click toggles the box where it is drawn (the base class looks for it at the left edge).
        if event.type() not in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick,
        ):
            return False
        if event.button() != Qt.MouseButton.LeftButton or not self.check_rect(option, index).contains(
            event.position().toPoint()
        ):
            return False
        if event.type() != QEvent.Type.MouseButtonRelease:
            return True
        checked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        state = Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked
        return bool(model.setData(index, state.value, Qt.ItemDataRole.CheckStateRole))

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, QSpinBox):
            editor.setValue(editor.minimum() if value is None else int(value))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QSpinBox):
            column = self.model.editor_kind(index.column())
            value = editor.value()
            model.setData(index, None if column.optional and value < column.lo else value, Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


_NOTHING = object()  # no journey waits for the table to show


class TouchpointTableWidget(QWidget):
    """The table with a filter box; its selection and the shared Selection follow each other."""

    def __init__(
        self,
        doc: Document,
        undo_stack: UndoStack,
        selection: Selection,
        lang: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.selection = selection
        self._fit_pending = False
        # Whether the columns were last fitted to some rows: fitted to none (a blank journey), they
        # fit again when the first cards come, or the titles stay cut to the header's width.
        self._fitted_rows = False
        # The columns' widths fitted to their contents, and whether the table still narrows them to its
        # own width (until the user sizes a column by hand).
        self._natural_widths: list[int] = []
        self._widths_fitted = False
        self._fitting = False
        # The journey to show once the table is on screen (``_NOTHING``: none waits). Out of sight (its
        # dock closed or tabbed away, as it is by default) the rows are not made: making and sorting
        # 5,000 of them was a fiftieth of opening a project in the window, for nobody, and a hidden
        # table holding them also followed every edit of the journey.
        self._pending: object = _NOTHING
        # Set while the table's selection is being made to match the shared one: not the user's choice.
        self._syncing = False
        self.model = TouchpointTableModel(doc, undo_stack, lang, self)
        self.proxy = TouchpointFilterModel(self)
        self.proxy.setSourceModel(self.model)
        # The filter's text of every card is made in slices while the table is on screen and idle (and
        # again for cards that change), not all at the first key typed: that key stalled the window
        # for 150-180 ms at 5,000 cards.
        self._haystack_timer = QTimer(self)
        self._haystack_timer.setSingleShot(True)
        self._haystack_timer.setInterval(0)
        self._haystack_timer.timeout.connect(self._prepare_haystacks)
        for changed in (
            self.model.modelReset,
            self.model.rowsInserted,
            self.model.dataChanged,
            self.model.layoutChanged,
        ):
            changed.connect(self._schedule_haystacks)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        top = QHBoxLayout()
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(_("Filter touchpoints…"))
        self.filter_edit.setAccessibleName(_("Filter touchpoints"))  # a placeholder is gone once typing starts
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setProperty("look_only", True)  # it filters what is shown: a read-only project keeps it
        self.filter_edit.textChanged.connect(self.set_filter_text)
        # As a search field does: Down or Enter goes into the results, Escape clears it (eventFilter).
        self.filter_edit.installEventFilter(self)
        self.count_label = plain_label("", self)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)
        layout.addLayout(top)
        self.error_label = error_label(self)
        layout.addWidget(self.error_label)

        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(_CellDelegate(self.model, self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.verticalHeader().setVisible(False)
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Columns fit a sample of rows, not Qt's default thousand: fitting was a third of opening a
        # 5,000-card journey in the window.
        header.setResizeContentsPrecision(FIT_SAMPLE_ROWS)
        header.setStretchLastSection(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # journey order until a header is clicked
        header.setSortIndicatorClearable(True)  # a third click goes back to it
        self.view.setSortingEnabled(True)
        layout.addWidget(self.view, 1)
        self.empty_hint = EmptyHint(self.view)
        # Delete in the table deletes the selected rows' cards, as it does on the map. A key of the view
        # itself (not an action: the map's Delete owns the key in the window), so a key pressed in a
        # cell's editor still edits the text.
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)  # its width: the columns fit in it (_fit_width)
        header.sectionResized.connect(self._on_section_resized)

        self.view.selectionModel().selectionChanged.connect(self._on_view_selection)
        self.model.edit_failed.connect(lambda message: show_error(self.error_label, message))
        self.model.dataChanged.connect(lambda *_: show_error(self.error_label, ""))
        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_count)
        self.model.rowsInserted.connect(self._fit_first_rows)
        selection.subscribe(self._on_selection)
        self.destroyed.connect(lambda *_, s=selection, f=self._on_selection: s.unsubscribe(f))
        self.show_journey(selection.journey_id)

    # -- public -----------------------------------------------------------------------------------------
    def show_journey(self, journey_id: str | None) -> None:
        """Show a journey (the shared Selection does this when the current journey changes)."""
        if not self.isVisible():
            self._pending = journey_id
            if self.model.journey_id is not None and self.model.journey_id != journey_id:
                self._syncing = True
                try:
                    self.model.set_journey(None)  # let go of the other journey's rows meanwhile
                finally:
                    self._syncing = False
                self._update_count()
            return
        self._pending = _NOTHING
        self._syncing = True
        try:
            self.model.set_journey(journey_id)
        finally:
            self._syncing = False
        self._fit_columns()
        self._select_from_shared()
        self._update_count()

    def ensure_filled(self) -> None:
        """Make the rows now if they wait for the table to show (for readers of a hidden table)."""
        journey_id = self._pending
        if journey_id is _NOTHING:
            return
        self._pending = _NOTHING
        self._syncing = True
        try:
            self.model.set_journey(journey_id)  # type: ignore[arg-type]
        finally:
            self._syncing = False
        # The columns are measured at the first show: fitting them was a tenth of opening a
        # 5,000-card project in the window.
        self._fit_pending = True
        self._select_from_shared()
        self._update_count()

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_filled()
        if self._fit_pending:
            self._fit_pending = False
            self._fit_columns()
        super().showEvent(event)
        self._schedule_haystacks()

    def _schedule_haystacks(self, *_: object) -> None:
        if self.isVisible() and not self._haystack_timer.isActive():
            self._haystack_timer.start()

    def _prepare_haystacks(self) -> None:
        # Out of sight nothing is made: a hidden table has no filter to type in (showEvent starts again).
        if self.isVisible() and not self.model.prepare_haystacks():
            self._haystack_timer.start()

    def set_filter_text(self, text: str) -> None:
        """Show only rows containing every word of ``text`` (case and accents ignored)."""
        if self.filter_edit.text() != text:
            self.filter_edit.setText(text)  # comes back here through textChanged
            return
        self._syncing = True
        try:
            self.proxy.set_text(text)
        finally:
            self._syncing = False
        # Rows that come back into view are selected again if they still are in the shared selection.
        self._select_from_shared()
        self._update_count()

    def selected_ids(self) -> list[str]:
        """The cards selected in the table, in journey order."""
        self.ensure_filled()
        # The selection's ranges, not selectedRows(): that asks every selected cell its flags, 70,000
        # calls for a table of 5,000 rows all selected. Rows are selected whole (SelectRows).
        proxy, rows = self.proxy, set()
        for part in self.view.selectionModel().selection():
            for row in range(part.top(), part.bottom() + 1):
                rows.add(proxy.mapToSource(proxy.index(row, 0)).row())
        rows.discard(-1)
        return self.model.in_journey_order([self.model.touchpoint_id(r) for r in rows])

    def select_ids(self, ids: Sequence[str]) -> None:
        """Select these cards in the table as a user would (the shared Selection follows)."""
        self.ensure_filled()
        self._select_rows(ids)
        self._on_view_selection()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_width()
            return False
        if not isinstance(event, QKeyEvent) or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return super().eventFilter(watched, event)
        key, kind = event.key(), event.type()
        if watched is self.filter_edit:
            clearing = key == Qt.Key.Key_Escape and bool(self.filter_edit.text())
            if kind == QEvent.Type.ShortcutOverride and clearing:
                event.accept()  # Escape is the field's here, before any of the window's shortcuts
                return True
            if kind == QEvent.Type.KeyPress and clearing:
                self.filter_edit.clear()
                return True
            if kind == QEvent.Type.KeyPress and key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.enter_results()
                return True
        elif watched is self.view and kind == QEvent.Type.KeyPress:
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.delete_selected()
                return True
            if key == Qt.Key.Key_Up and self.view.currentIndex().row() <= 0:
                self.filter_edit.setFocus(Qt.FocusReason.OtherFocusReason)  # back up into the filter
                return True
        return super().eventFilter(watched, event)

    def enter_results(self) -> None:
        """Move the keyboard into the rows shown, on the first one unless a shown row is already current."""
        if self.proxy.rowCount() == 0:
            return
        current = self.view.currentIndex()
        if not current.isValid() or not self.view.selectionModel().isRowSelected(current.row()):
            self.view.setCurrentIndex(self.proxy.index(0, self.model.column_of("title")))  # selects its row
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def delete_selected(self) -> None:
        """Delete the cards of the selected rows (one undo step); their connections go with them."""
        ids = self.selected_ids()
        if not ids:
            return
        try:
            push(self.model.undo_stack, self.doc, DeleteTouchpointsCommand(ids))
        except CXError as exc:
            show_error(self.error_label, str(exc))

    # -- internals --------------------------------------------------------------------------------------------
    def _fit_columns(self) -> None:
        self._fitted_rows = self.model.rowCount() > 0
        header = self.view.horizontalHeader()
        self._fitting = True
        try:
            self.view.resizeColumnsToContents()
            for key, cap in (("title", 320), ("tags", 200), ("stage", 180), ("lane", 180), ("channel", 180)):
                col = self.model.column_of(key)
                header.resizeSection(col, min(max(header.sectionSize(col), 60), cap))
            self._natural_widths = [header.sectionSize(c) for c in range(header.count())]
        finally:
            self._fitting = False
        self._widths_fitted = True
        self._fit_width()

    def _fit_width(self) -> None:
        """Narrow the words' columns (title first) so that every column is in sight, down to their minimums.

        On a 1280-pixel screen the table is about 1,000 pixels wide: fitted to their contents the columns
        took 1,250, and Gap and what follows it were out of sight. Cut text ends in "…", whole in its tooltip.
        """
        widths = list(self._natural_widths)
        if not self._widths_fitted or len(widths) != len(COLUMNS):
            return
        room = {}
        for key, least in _NARROWEST.items():
            col = self.model.column_of(key)
            if widths[col] > least:
                room[col] = widths[col] - least
        excess = sum(widths) - self.view.viewport().width()
        if excess > 0 and room:
            cut = min(excess, sum(room.values()))
            spare = sum(room.values())
            for col, r in room.items():
                widths[col] -= -(-cut * r // spare)  # rounded up: a pixel too many leaves a scroll bar
        header = self.view.horizontalHeader()
        self._fitting = True
        try:
            for col, width in enumerate(widths):
                if header.sectionSize(col) != width:
                    header.resizeSection(col, width)
        finally:
            self._fitting = False

    def _on_section_resized(self, column: int, old: int, new: int) -> None:
        # A column the user widened or narrowed stays as they left it: the table no longer fits itself
        # to its width until another journey (or a first card) fits the columns again. The last column
        # stretches with the view, not by the user's hand.
        if not self._fitting and column != len(COLUMNS) - 1:
            self._widths_fitted = False

    def _fit_first_rows(self, *_: object) -> None:
        if self._fitted_rows:
            return
        if self.isVisible():
            self._fit_columns()
        else:
            self._fit_pending = True

    def _update_count(self, *_args: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            self.count_label.setText(ngettext("{n} touchpoint", "{n} touchpoints", total).format(n=number(total)))
        else:
            self.count_label.setText(
                ngettext("{shown} of {n} touchpoint", "{shown} of {n} touchpoints", total).format(
                    shown=number(shown), n=number(total)
                )
            )
        if shown or self.model.journey_id is None:
            hint = ""
        elif total:
            hint = _("No touchpoint matches {text}.").format(text=quote(self.filter_edit.text().strip()))
        else:
            hint = _("This journey has no touchpoints yet: add them on the map with New card (Insert).")
        self.empty_hint.set_hint(hint)

    def _on_view_selection(self, *_: object) -> None:
        if self._syncing or self.model.updating:
            return
        self.selection.select(self.selected_ids(), (), source=self)

    def _on_selection(self, selection: Selection, source: object) -> None:
        shown = self.model.journey_id if self._pending is _NOTHING else self._pending
        if selection.journey_id != shown:
            self.show_journey(selection.journey_id)
            return
        if source is not self:
            self._select_from_shared()

    def _select_from_shared(self) -> None:
        self._select_rows(self.selection.touchpoint_ids)

    def _select_rows(self, ids: Sequence[str]) -> None:
        self._syncing = True
        try:
            chosen = QItemSelection()
            first: QModelIndex | None = None
            last_col = len(COLUMNS) - 1
            for tid in ids:
                row = self.model.row_of(tid)
                if row < 0:
                    continue
                left = self.proxy.mapFromSource(self.model.index(row, 0))
                if not left.isValid():
                    continue  # filtered out
                chosen.select(left, self.proxy.index(left.row(), last_col))
                if first is None:
                    first = left
            model = self.view.selectionModel()
            model.select(chosen, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            if first is not None:
                model.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
                self.view.scrollTo(first)
        finally:
            self._syncing = False


__all__ = ["COLUMNS", "ID_ROLE", "SORT_ROLE", "TouchpointFilterModel", "TouchpointTableModel", "TouchpointTableWidget"]
