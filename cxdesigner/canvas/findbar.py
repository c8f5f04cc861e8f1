"""The find bar above the map: text, channel, tag, emotion range and pain points; Esc clears it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QWidget,
)

from ..i18n import _
from ..layout.filtering import CardFilter


class FindBar(QWidget):
    """Edits a CardFilter; every change is announced at once (filtering a journey is cheap)."""

    filter_changed = Signal(object)  # CardFilter
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._quiet = False
        self.text_edit = QLineEdit(self)
        self.text_edit.setPlaceholderText(_("Find cards…"))
        self.text_edit.setMinimumWidth(160)
        self.text_edit.setClearButtonEnabled(True)
        self.channel_box = QComboBox(self)
        self.channel_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.tag_box = QComboBox(self)
        self.tag_box.setEditable(True)
        self.tag_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.tag_box.lineEdit().setPlaceholderText(_("Any tag"))
        self.tag_box.setMinimumContentsLength(10)
        self.emotion_min = QSpinBox(self)
        self.emotion_max = QSpinBox(self)
        for box, value in ((self.emotion_min, -3), (self.emotion_max, 3)):
            box.setRange(-3, 3)
            box.setValue(value)
        self.pain_check = QCheckBox(_("Has pain points"), self)
        self.hide_check = QCheckBox(_("Hide others"), self)
        self.count_label = QLabel(self)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setToolTip(_("Close the find bar and show every card (Esc)"))
        self.close_button.setAutoRaise(True)
        # Screen readers read a control's name; placeholders and symbols ("✕") make poor ones.
        for widget, name in (
            (self.text_edit, _("Find cards")),
            (self.channel_box, _("Channel")),
            (self.tag_box, _("Tag")),
            (self.emotion_min, _("Lowest emotion")),
            (self.emotion_max, _("Highest emotion")),
            (self.close_button, _("Close the find bar")),
        ):
            widget.setAccessibleName(name)
        self.tag_box.lineEdit().setAccessibleName(_("Tag"))

        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.addWidget(self.text_edit, 3)
        row.addWidget(self.channel_box)
        row.addWidget(self.tag_box, 1)
        emotion_label = QLabel(_("Emotion"), self)
        row.addWidget(emotion_label)
        row.addWidget(self.emotion_min)
        row.addWidget(QLabel("…", self))
        row.addWidget(self.emotion_max)
        row.addWidget(self.pain_check)
        row.addWidget(self.hide_check)
        row.addWidget(self.count_label)
        row.addWidget(self.close_button)
        self.set_channels([])

        self.text_edit.textChanged.connect(self._emit)
        self.channel_box.currentIndexChanged.connect(self._emit)
        self.tag_box.currentTextChanged.connect(self._emit)
        self.emotion_min.valueChanged.connect(self._emit)
        self.emotion_max.valueChanged.connect(self._emit)
        self.pain_check.toggled.connect(self._emit)
        self.hide_check.toggled.connect(self._emit)
        self.close_button.clicked.connect(self.clear_and_close)

    def set_channels(self, channels: Sequence[tuple[str, str]]) -> None:
        """(key, shown name) pairs; the current choice is kept when still offered."""
        current = self.channel_box.currentData()
        self._quiet = True
        try:
            self.channel_box.clear()
            self.channel_box.addItem(_("Any channel"), "")
            for key, name in channels:
                self.channel_box.addItem(name, key)
            index = self.channel_box.findData(current) if current else 0
            self.channel_box.setCurrentIndex(max(0, index))
        finally:
            self._quiet = False

    def set_tags(self, tags: Sequence[str]) -> None:
        current = self.tag_box.currentText()
        self._quiet = True
        try:
            self.tag_box.clear()
            self.tag_box.addItem("")
            self.tag_box.addItems(list(tags))
            self.tag_box.setEditText(current)
        finally:
            self._quiet = False

    def set_count(self, matching: int, total: int) -> None:
        self.count_label.setText(_("{shown} of {total}").format(shown=matching, total=total))

    def current_filter(self) -> CardFilter:
        return CardFilter(
            text=self.text_edit.text(),
            channel=self.channel_box.currentData() or "",
            tag=self.tag_box.currentText(),
            emotion_min=self.emotion_min.value(),
            emotion_max=self.emotion_max.value(),
            has_pain_points=self.pain_check.isChecked(),
            hide_others=self.hide_check.isChecked(),
        )

    def clear(self) -> None:
        self._quiet = True
        try:
            self.text_edit.clear()
            self.channel_box.setCurrentIndex(0)
            self.tag_box.setEditText("")
            self.emotion_min.setValue(-3)
            self.emotion_max.setValue(3)
            self.pain_check.setChecked(False)
            self.hide_check.setChecked(False)
            self.count_label.clear()
        finally:
            self._quiet = False
        self.filter_changed.emit(self.current_filter())

    def clear_and_close(self) -> None:
        self.clear()
        self.hide()
        self.closed.emit()

    def open(self) -> None:
        self.show()
        self.text_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.text_edit.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.clear_and_close()
            event.accept()
            return
        super().keyPressEvent(event)

    def _emit(self, *_args: object) -> None:
        if not self._quiet:
            self.filter_changed.emit(self.current_filter())
