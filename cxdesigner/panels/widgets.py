"""Small widgets and helpers shared by the side panels (plain-text labels, rating rows, list editors)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QKeyEvent, QMouseEvent, QPaintEvent, QPalette, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QStylePainter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..i18n import _
from ..i18n import signed as i18n_signed
from ..layout import palette
from ..model import Project
from ..qttext import plain_tooltip


class _Mixed:
    """The value shown when the selected cards disagree on a field."""

    def __repr__(self) -> str:
        return "MIXED"


MIXED: Any = _Mixed()

# Text from a file can be 10,000 characters long: headers and tooltips show a readable prefix.
_SHORT_LIMIT = 300


def shorten(text: str, limit: int = _SHORT_LIMIT) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis (for headers and tooltips, never for editing)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain_label(text: str = "", parent: QWidget | None = None, wrap: bool = False) -> QLabel:
    """A QLabel that never interprets its text as rich text (titles come from untrusted files)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    return label


def fold(text: str) -> str:
    """Case- and accent-insensitive form for filtering ('Reservación' matches 'reservacion')."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def colour_icon(colour: str, size: int = 12) -> QIcon:
    """A small square swatch of ``colour`` ('#rrggbb')."""
    pix = QPixmap(size, size)
    pix.fill(QColor(colour) if QColor.isValidColorName(colour) else QColor("#888888"))
    return QIcon(pix)


def emotion_tint(value: int | None) -> QColor | None:
    """A cell background for an emotion score: the map's own colour, lightened so black text stays readable."""
    if value is None or value == 0:
        return None
    # Half-way to white: the table, the cards and the charts read as one palette (orange ↔ blue).
    return QColor(palette.tint(palette.emotion_hex(value), 0.5))


def signed(value: int | None) -> str:
    """A score in a cell or a label: '+2', '0', '−1' as i18n.signed writes it, and nothing when not set."""
    return "" if value is None else i18n_signed(value, 0)


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags typed as 'a, b, c' (empty pieces dropped, order and duplicates as typed minus repeats)."""
    return tuple(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))


def format_tags(tags: Sequence[str]) -> str:
    return ", ".join(tags)


def qt_length(text: str) -> int:
    """``text``'s length as Qt counts it (UTF-16 units): an emoji is one character but two units."""
    return len(text.encode("utf-16-le")) // 2


def set_line_text(edit: QLineEdit, value: Any, mixed_text: str, placeholder: str = "") -> None:
    """Show ``value`` (or MIXED) in a line edit without disturbing the cursor of someone typing there."""
    text = "" if value is MIXED else str(value)
    edit.setPlaceholderText(mixed_text if value is MIXED else placeholder)
    if edit.text() == text:
        return
    pos = edit.cursorPosition()
    edit.setText(text)
    # Keep the caret where the user left it; an unfocused field shows the start of a long text.
    edit.setCursorPosition(min(pos, qt_length(text)) if edit.hasFocus() else 0)


def set_plain_text(edit: QPlainTextEdit, value: Any, mixed_text: str) -> None:
    """Show ``value`` (or MIXED) in a text box without moving the caret or the scroll position."""
    text = "" if value is MIXED else str(value)
    edit.setPlaceholderText(mixed_text if value is MIXED else "")
    if edit.toPlainText() == text:
        return
    pos = edit.textCursor().position()
    scroll = edit.verticalScrollBar().value()
    edit.setPlainText(text)
    cursor = edit.textCursor()
    cursor.setPosition(min(pos, qt_length(text)))
    edit.setTextCursor(cursor)
    edit.verticalScrollBar().setValue(scroll)


def text_box(lines: int = 3, parent: QWidget | None = None) -> QPlainTextEdit:
    """A plain-text box a few lines high; Tab moves on to the next field as in a form."""
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    metrics = box.fontMetrics()
    margins = box.contentsMargins()
    height = metrics.lineSpacing() * lines + 2 * box.document().documentMargin() + margins.top() + margins.bottom()
    box.setFixedHeight(int(height) + 4)
    box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return box


class ErrorLabel(QLabel):
    """A message line in red: a deep red on a light window, a light one on a dark window (4.5:1 either way)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._follow_palette()

    def _follow_palette(self) -> None:
        pal = self.palette()
        dark = pal.color(QPalette.ColorRole.Window).lightness() < 128
        colour = QColor("#ff8a80" if dark else "#b00020")
        if pal.color(QPalette.ColorRole.WindowText) != colour:
            # Only the text's role is set: the window's colours keep following the application's.
            own = QPalette()
            own.setColor(QPalette.ColorRole.WindowText, colour)
            self.setPalette(own)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._follow_palette()


def error_label(parent: QWidget | None = None) -> QLabel:
    """A red, wrapping, plain-text message line, hidden while there is nothing to say."""
    label = ErrorLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setObjectName("error")
    label.setVisible(False)
    return label


def show_error(label: QLabel, message: str) -> None:
    label.setText(message)
    label.setVisible(bool(message))


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two opaque colours (1 … 21)."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved ``t`` (0 … 1) of the way to ``b``, opaque."""
    return QColor.fromRgbF(*(x + (y - x) * t for x, y in zip(a.getRgbF()[:3], b.getRgbF()[:3], strict=True)))


def readable_grey(grey: QColor, ink: QColor, background: QColor, ratio: float = 4.5) -> QColor:
    """``grey`` moved towards ``ink`` just enough to reach ``ratio`` against ``background`` (WCAG AA: 4.5)."""
    # A translucent grey shows the background through: the colour a reader sees is the blend.
    start = _mix(background, grey, grey.alphaF())
    for step in range(21):
        mixed = _mix(start, ink, step / 20)
        if contrast_ratio(mixed, background) >= ratio:
            return mixed
    return QColor(ink)


class QuietLabel(QLabel):
    """Plain, wrapped grey text on a panel's background that stays readable (WCAG AA), in a light or dark scheme.

    A disabled label's grey, used before for the inspector's empty page, is about 1.6:1 on a dock's
    grey: the very line that says what to do next was the hardest to read.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self._tinting = False
        self._tint()

    def _tint(self) -> None:
        self._tinting = True
        try:
            pal = self.parentWidget().palette() if self.parentWidget() is not None else QApplication.palette()
            role = QPalette.ColorRole
            grey = readable_grey(pal.color(role.PlaceholderText), pal.color(role.WindowText), pal.color(role.Window))
            own = self.palette()
            own.setColor(QPalette.ColorRole.WindowText, grey)
            self.setPalette(own)
        finally:
            self._tinting = False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ParentChange) and not self._tinting:
            self._tint()
        super().changeEvent(event)


class EmptyHint(QLabel):
    """A grey line across an empty list or table: why nothing is shown and how to fill it (plain text)."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view.viewport())
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setVisible(False)
        view.viewport().installEventFilter(self)
        self._tinting = False
        self._tint()
        self._fit()

    def _tint(self) -> None:
        # Grey, but readable: a disabled label's grey was about 2:1 on the list's white (WCAG AA asks 4.5:1).
        self._tinting = True
        try:
            pal = self.parentWidget().palette()
            grey = readable_grey(pal.color(QPalette.ColorRole.PlaceholderText), pal.color(QPalette.ColorRole.Text),
                                 pal.color(QPalette.ColorRole.Base))  # fmt: skip
            own = self.palette()
            own.setColor(self.foregroundRole(), grey)  # Text over a view's viewport, not WindowText
            self.setPalette(own)
        finally:
            self._tinting = False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and not self._tinting:
            self._tint()  # a light or dark scheme chosen while the app runs
        super().changeEvent(event)

    def set_hint(self, text: str) -> None:
        """Show ``text`` over the view ('' hides it)."""
        self.setText(text)
        self.setVisible(bool(text))
        self._fit()

    def _fit(self) -> None:
        area = self.parentWidget().rect()
        margin = max(8, self.fontMetrics().height())
        self.setGeometry(area.adjusted(margin, margin, -margin, -margin))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._fit()
        return super().eventFilter(watched, event)


def follow_project(owner: QObject, project: Project, listener: Callable[[Any], None]) -> None:
    """Subscribe ``listener`` to the project's changes until ``owner`` is destroyed."""
    project.subscribe(listener)
    # A plain function, not a slot of ``owner``: it must still run while the C++ object dies.
    owner.destroyed.connect(lambda *_: project.unsubscribe(listener))


# What lets a person change an item in place: a read-only project's items offer neither, so a
# check box or a cell never takes a click that the project would refuse a moment later.
_EDIT_FLAGS = Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable


def item_flags(flags: Qt.ItemFlag, read_only: bool) -> Qt.ItemFlag:
    """``flags`` as an item of a project that is ``read_only`` may have them (no editing, no ticking)."""
    return flags & ~_EDIT_FLAGS if read_only else flags


def bold(widget: QWidget) -> None:
    font = QFont(widget.font())
    font.setBold(True)
    widget.setFont(font)


# The chosen score must stand out at a glance (and on a projector): filled with the selection colour.
# Native styles draw a checked tool button barely different from an unchecked one.
_SCALE_STYLE = """
QToolButton {
    border: 1px solid palette(mid); border-radius: 3px; padding: 2px 4px; background: palette(button);
}
QToolButton:hover { border-color: palette(highlight); }
QToolButton:focus { border: 2px solid palette(highlight); }
QToolButton:checked {
    background: palette(highlight); color: palette(highlighted-text); border-color: palette(highlight);
    font-weight: bold;
}
"""
# "Not set" chosen is a state, not a score: outlined rather than filled, so real scores stand out.
# One sheet on the row, not one per button: Qt parses and matches each widget's own sheet apart (the
# inspector's 26 buttons took some 3 ms). The property selector outranks the plain ``:checked`` as the
# not-set button's own later rule did; its other rules are the same ones.
_SCALE_STYLE_SHEET = _SCALE_STYLE + """
QToolButton[not_set="true"]:checked {
    background: palette(base); color: palette(text); border: 2px solid palette(highlight);
}
"""


class ReflowGrid(QWidget):
    """Widgets in reading order, in as many equal columns as the width holds (at most ``columns``).

    A narrow dock gets fewer columns instead of a sideways scroll bar; a grid layout would hold
    the widest arrangement as its minimum.
    """

    V_SPACING = 2

    def __init__(self, columns: int, parent: QWidget | None = None, least: int = 1, spacing: int = 4) -> None:
        super().__init__(parent)
        self._spacing = spacing
        self._most = max(1, columns)
        self._least = max(1, min(least, self._most))
        self._items: list[QWidget] = []
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def add(self, widget: QWidget) -> None:
        widget.setParent(self)
        self._items.append(widget)
        self.updateGeometry()

    def _cell(self) -> QSize:
        # The least room a widget needs, so a row holds as many as can show whole.
        hints = [w.minimumSizeHint().expandedTo(w.minimumSize()) for w in self._items] or [QSize(0, 0)]
        height = max(w.sizeHint().height() for w in self._items) if self._items else 0
        return QSize(max(h.width() for h in hints), height)

    def columns_for(self, width: int) -> int:
        cell = self._cell().width() + self._spacing
        fit = max(1, min(self._most, (width + self._spacing) // max(1, cell)))
        # As few rows as fit, evenly filled: 8 buttons in 6 places make 4 + 4, not 6 + 2.
        rows = -(-len(self._items) // fit) if self._items else 1
        return max(1, -(-len(self._items) // rows)) if self._items else fit

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        rows = -(-len(self._items) // self.columns_for(width))
        return rows * self._cell().height() + max(0, rows - 1) * self.V_SPACING

    def sizeHint(self) -> QSize:
        width = self._most * self._cell().width() + (self._most - 1) * self._spacing
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        width = self._least * self._cell().width() + (self._least - 1) * self._spacing
        return QSize(width, self.heightForWidth(width))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        width = self.width()
        n = self.columns_for(width)
        cell_h = self._cell().height()
        cell_w = (width - (n - 1) * self._spacing) / n
        for i, widget in enumerate(self._items):
            row, col = divmod(i, n)
            x = round(col * (cell_w + self._spacing))
            widget.setGeometry(x, row * (cell_h + self.V_SPACING), round(cell_w), cell_h)


class ScaleSelector(QWidget):
    """A row of buttons for a small score (emotion −3..+3, importance 1–5…) plus one for 'not set'.

    None of the buttons is pressed while the selected cards disagree; the pressed one is filled
    with the selection colour.
    """

    value_chosen = Signal(object)

    def __init__(
        self,
        values: Sequence[int],
        not_set_tip: str,
        labels: Callable[[int], str] = str,
        tips: Callable[[int], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.values = list(values)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # One row where the dock is wide enough; in a narrow one the scale goes on in a second row
        # rather than past the dock's edge.
        # At least half the scale side by side: a form then puts the scale under its label.
        row = ReflowGrid(len(self.values) + 1, least=(len(self.values) + 2) // 2, spacing=2)
        layout.addWidget(row)
        self.setStyleSheet(_SCALE_STYLE_SHEET)
        self.group = QButtonGroup(self)
        self.buttons: dict[int | None, QToolButton] = {}
        for v in [None, *self.values]:
            button = QToolButton(self)
            button.setCheckable(True)
            button.setAutoRaise(False)
            button.setText("–" if v is None else labels(v))
            tip = not_set_tip if v is None else (tips(v) if tips else labels(v))
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            if v is None:
                button.setProperty("not_set", True)
            button.setMinimumWidth(28)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.group.addButton(button)
            self.buttons[v] = button
            row.add(button)
            button.clicked.connect(lambda _checked=False, value=v: self.value_chosen.emit(value))
        self._value: Any = MIXED

    def set_tips(self, tips: Callable[[int], str]) -> None:
        """Name the values again (e.g. the emotion scale renamed in the preferences)."""
        for v, button in self.buttons.items():
            if v is not None:
                button.setToolTip(tips(v))
                button.setAccessibleName(tips(v))

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        """Press the button of ``value`` (None = not set), or none for MIXED."""
        self._value = value
        if value is MIXED or value not in self.buttons:
            # An exclusive group never lets every button go up; relax it for a moment.
            self.group.setExclusive(False)
            for b in self.buttons.values():
                b.setChecked(False)
            self.group.setExclusive(True)
        else:
            self.buttons[value].setChecked(True)


class WeightSlider(QSlider):
    """A 0–100 slider that can show 'not set' instead of a handle sitting in the middle.

    While not set it draws its groove with the words on it and no handle; a click puts the
    value where the click was, and the arrow keys start from the middle.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setRange(0, 100)
        self._unset_text = ""
        self.valueChanged.connect(self._became_set)

    def is_set(self) -> bool:
        return not self._unset_text

    def show_value(self, value: int | None, unset_text: str) -> None:
        """Show ``value``, or ``unset_text`` (e.g. 'not set') in place of the handle when it is None."""
        self.setValue(50 if value is None else value)
        self._unset_text = unset_text if value is None else ""
        self.setAccessibleDescription(self._unset_text)
        self.update()

    def _became_set(self) -> None:
        if self._unset_text:
            self._unset_text = ""
            self.setAccessibleDescription("")
            self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._unset_text and event.button() == Qt.MouseButton.LeftButton:
            # No handle to grab: the click itself chooses the value, then a drag goes on from there.
            opt = QStyleOptionSlider()
            self.initStyleOption(opt)
            style = self.style()
            groove = style.subControlRect(
                QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderGroove, self
            )
            handle = style.subControlRect(
                QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderHandle, self
            )
            span = max(1, groove.width() - handle.width())
            x = int(event.position().x()) - groove.x() - handle.width() // 2
            value = QStyle.sliderValueFromPosition(self.minimum(), self.maximum(), x, span, opt.upsideDown)
            self._unset_text = ""
            self.setAccessibleDescription("")
            if value == self.value():
                self.valueChanged.emit(value)  # the same number, but now a choice
            else:
                self.setValue(value)
            self.update()
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._unset_text:
            super().paintEvent(event)
            return
        painter = QStylePainter(self)
        opt = QStyleOptionSlider()
        self.initStyleOption(opt)
        opt.subControls = QStyle.SubControl.SC_SliderGroove
        # Styles fill the groove up to the handle; with the position at the start nothing looks chosen.
        opt.sliderPosition = opt.sliderValue = self.minimum()
        painter.drawComplexControl(QStyle.ComplexControl.CC_Slider, opt)
        font = QFont(self.font())
        font.setItalic(True)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        text = metrics.elidedText(self._unset_text, Qt.TextElideMode.ElideRight, max(self.width() - 16, 0))
        box = metrics.boundingRect(text).adjusted(-6, 0, 6, 0)
        box.moveCenter(self.rect().center())
        painter.fillRect(box, self.palette().window())
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


class TextListEditor(QWidget):
    """An editable list of short texts (pain points, opportunities): add, edit in place, remove."""

    item_added = Signal(str)
    item_removed = Signal(int)
    item_edited = Signal(int, str)

    MAX_VISIBLE_ROWS = 6

    def __init__(self, add_placeholder: str, mixed_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._mixed_text = mixed_text
        self._filling = False
        self._items: Any = ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        # Wrapped items run together without a cue where one ends and the next begins.
        self.list.setAlternatingRowColors(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.currentRowChanged.connect(self._update_buttons)
        self.list.installEventFilter(self)
        layout.addWidget(self.list)
        self.mixed_label = plain_label(mixed_text, self, wrap=True)
        self.mixed_label.setEnabled(False)
        layout.addWidget(self.mixed_label)
        row = QHBoxLayout()
        row.setSpacing(4)
        self.new_item = QLineEdit(self)
        self.new_item.setPlaceholderText(add_placeholder)
        self.new_item.setAccessibleName(add_placeholder.rstrip("…"))
        self.new_item.setClearButtonEnabled(True)
        self.new_item.returnPressed.connect(self.add_current_text)
        self.add_button = QPushButton(_("Add"), self)
        self.add_button.clicked.connect(self.add_current_text)
        # A compact "−" leaves the typing box room for a long Spanish placeholder.
        self.remove_button = QToolButton(self)
        self.remove_button.setText("−")
        self.remove_button.setToolTip(_("Remove the selected item (Delete)"))
        self.remove_button.setAccessibleName(_("Remove the selected item"))
        self.remove_button.clicked.connect(self.remove_current)
        row.addWidget(self.new_item, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        self.set_items(())

    def items(self) -> Any:
        return self._items

    def set_items(self, items: Any) -> None:
        """Show ``items`` (a tuple of texts) or MIXED, keeping the current row where it can."""
        mixed = items is MIXED
        self.mixed_label.setVisible(mixed)
        # An empty list box is just noise above the "add" row.
        self.list.setVisible(not mixed and bool(items))
        if not mixed and tuple(items) == self._items:
            self._update_buttons()
            return
        self._items = MIXED if mixed else tuple(items)
        row = self.list.currentRow()
        self._filling = True
        try:
            self.list.clear()
            if not mixed:
                for text in items:
                    item = QListWidgetItem(text)
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                    self.list.addItem(item)
                # Keep the user's place after an edit; a freshly shown list has no row picked.
                if row >= 0 and self.list.count():
                    self.list.setCurrentRow(min(row, self.list.count() - 1))
        finally:
            self._filling = False
        self._fit_height()
        self._update_buttons()

    def add_current_text(self) -> None:
        text = self.new_item.text().strip()
        if text:
            self.new_item.clear()
            self.item_added.emit(text)

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if self._items is not MIXED and 0 <= row < len(self._items):
            self.item_removed.emit(row)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Delete in the list removes the current item (while no item is being edited).
        if (
            watched is self.list
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Delete
            and self.list.state() != QAbstractItemView.State.EditingState
        ):
            self.remove_current()
            return True
        return super().eventFilter(watched, event)

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        row = self.list.row(item)
        if self._items is not MIXED and 0 <= row < len(self._items) and item.text() != self._items[row]:
            self.item_edited.emit(row, item.text())

    def _update_buttons(self, *_: object) -> None:
        self.remove_button.setEnabled(self._items is not MIXED and self.list.currentRow() >= 0)

    def _fit_height(self) -> None:
        # A list in a scrolling form should be as tall as its rows (up to a few), not a fixed 190 px.
        shown = min(self.list.count(), self.MAX_VISIBLE_ROWS)
        metrics = self.list.fontMetrics()
        # Rows wrap: measure each text at the width the view gives it (sizeHintForRow ignores wrapping).
        width = max(self.list.viewport().width() - 8, 40)
        height = 0
        for i in range(shown):
            text = self.list.item(i).text() or " "
            rect = metrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text)
            height += max(rect.height(), metrics.height()) + 4
        if not shown:
            height = metrics.height() + 6
        self.list.setFixedHeight(height + 2 * self.list.frameWidth() + 2)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        # Wrapped rows change height with the width.
        self._fit_height()


# Narrower than this (pixels), a panel's form puts its labels above their fields.
NARROW_FORM = 300


def fit_form_rows(forms: Iterable[QFormLayout], width: int) -> None:
    """Labels above their fields in a narrow panel, beside them when there is room.

    In the dock of a 1280-pixel window a label beside its field left the field a few words a line.
    """
    policy = QFormLayout.RowWrapPolicy.WrapAllRows if width < NARROW_FORM else QFormLayout.RowWrapPolicy.WrapLongRows
    for form in forms:
        if form.rowWrapPolicy() != policy:
            form.setRowWrapPolicy(policy)


__all__ = [
    "MIXED",
    "NARROW_FORM",
    "ScaleSelector",
    "TextListEditor",
    "WeightSlider",
    "bold",
    "colour_icon",
    "emotion_tint",
    "error_label",
    "fit_form_rows",
    "fold",
    "follow_project",
    "format_tags",
    "item_flags",
    "parse_tags",
    "plain_label",
    "plain_tooltip",
    "set_line_text",
    "set_plain_text",
    "shorten",
    "show_error",
    "signed",
    "text_box",
]
