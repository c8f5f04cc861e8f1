"""Edit ▸ Preferences: every change applies at once and is kept; Cancel puts everything back as it was."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from .. import i18n, qti18n, settings
from ..i18n import N_, _
from ..model import vocab

if TYPE_CHECKING:
    from ..mainwindow import MainWindow

# What the dialog edits; Cancel and Restore Defaults work over exactly these.
KEYS = ("ui/language", "backups/interval_minutes", "export/format", "export/dpi", "ui/emotion_labels")
MAX_BACKUP_MINUTES = settings.SETTINGS["backups/interval_minutes"].bounds[1]


def install(window: MainWindow) -> QAction:
    """Edit ▸ Preferences… (Ctrl+,); also names the emotion scale as the settings say."""
    vocab.set_emotion_names(settings.get("ui/emotion_labels"))
    act = window._action(N_("Pr&eferences…"), lambda: show(window), "Ctrl+,")
    act.setMenuRole(QAction.MenuRole.PreferencesRole)
    separator = window.edit_menu.addSeparator()
    window.edit_menu.addAction(act)

    # The map's own actions join the Edit menu later, with each project: keep Preferences last.
    def keep_last() -> None:
        for item in (separator, act):
            window.edit_menu.removeAction(item)
            window.edit_menu.addAction(item)

    window.edit_menu.aboutToShow.connect(keep_last)
    return act


def _windows(window: QWidget) -> list[Any]:
    """Every open main window (the preferences are the whole application's)."""
    kind = type(window)
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind)] or [window]


# -- applying one setting everywhere -------------------------------------------------------------------


def apply_language(window: QWidget, preference: str) -> str:
    """Keep ``preference`` ("" follows the system) and show every window in it now."""
    settings.set_value("ui/language", preference)
    code = qti18n.apply(i18n.resolve(preference, qti18n.system_language()))
    for w in _windows(window):
        w.set_language(code)
    return code


def apply_backup_interval(window: QWidget, minutes: int) -> None:
    settings.set_value("backups/interval_minutes", int(minutes))
    for w in _windows(window):
        w.safety.scheduler.set_interval_minutes(minutes)


def apply_export(fmt: str, dpi: int) -> None:
    """The map export dialog starts from these (and keeps the last ones it used)."""
    settings.set_value("export/format", fmt)
    settings.set_value("export/dpi", int(dpi))


def apply_emotion_labels(window: QWidget, names: list[str]) -> None:
    """Name the emotion scale's steps; the inspector, the map and the charts show the names at once."""
    names = [n.strip() for n in names]
    settings.set_value("ui/emotion_labels", names if any(names) else [])
    vocab.set_emotion_names(names)
    for w in _windows(window):
        inspector = w.dock_inspector.widget()
        if hasattr(inspector, "show_emotion_labels"):
            inspector.show_emotion_labels()
        if w.editor is not None:
            w.editor.scene.update()
        charts = w.dock_charts.widget()
        if hasattr(charts, "redraw"):
            charts.redraw()


# -- the dialog ------------------------------------------------------------------------------------------


class PreferencesDialog(QDialog):
    """The settings a user may want to change, each applied the moment it changes."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self._before = {key: settings.get(key) for key in KEYS}
        self._texts: list[tuple[Any, str]] = []
        self._loading = False

        self.language = QComboBox(self)
        # While $CXDESIGNER_LANG decides, the list gives way to a line saying which language and why:
        # it said "Same as the system (English)" over a Spanish interface.
        self.language_forced = QLabel(self)
        self.language_forced.setWordWrap(True)
        self.language_forced.setObjectName("LanguageForced")
        self.backup = QSpinBox(self)
        self.backup.setRange(0, MAX_BACKUP_MINUTES)
        self.backup.setSingleStep(5)
        self.export_format = QComboBox(self)
        from ..dialogs.export_map import DPI_MAX, DPI_MIN  # the export's modules load with this dialog

        self.dpi = QSpinBox(self)
        self.dpi.setRange(DPI_MIN, DPI_MAX)
        self.dpi.setSingleStep(25)
        self.emotion = [QLineEdit(self) for _v in range(-3, 4)]
        for edit in self.emotion:
            edit.setMaxLength(40)

        self.general_box = QGroupBox(self)
        general = QFormLayout(self.general_box)
        language_row = QVBoxLayout()
        language_row.setContentsMargins(0, 0, 0, 0)
        language_row.addWidget(self.language)
        language_row.addWidget(self.language_forced)
        general.addRow(self._label(N_("Interface &language:"), self.language), language_row)
        general.addRow(self._label(N_("Automatic &backup every:"), self.backup), self.backup)
        self.backup_note = self._note(N_("A copy of your work is kept in the data folder; 0 turns it off."))
        general.addRow(self.backup_note)
        self.setMinimumWidth(460)

        self.export_box = QGroupBox(self)
        export = QFormLayout(self.export_box)
        export.addRow(self._label(N_("Map &format:"), self.export_format), self.export_format)
        export.addRow(self._label(N_("PNG &resolution:"), self.dpi), self.dpi)

        self.emotion_box = QGroupBox(self)
        emotion = QVBoxLayout(self.emotion_box)
        self.emotion_note = self._note(
            N_("Shown in the inspector, on the map and in the charts. Empty: the built-in name.")
        )
        # The note above the grid, not spanning it: a wrapped label in a grid cell gets one line's height.
        emotion.addWidget(self.emotion_note)
        grid = QGridLayout()
        emotion.addLayout(grid)
        for row, (value, edit) in enumerate(zip(range(-3, 4), self.emotion)):
            number = QLabel(i18n.translation().signed(value), self)
            number.setBuddy(edit)
            grid.addWidget(number, row, 0)
            grid.addWidget(edit, row, 1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.RestoreDefaults
            | QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel,
            self,
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_defaults)

        layout = QVBoxLayout(self)
        layout.addWidget(self.general_box)
        layout.addWidget(self.export_box)
        layout.addWidget(self.emotion_box)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self._retranslate()
        self._show_values({key: settings.get(key) for key in KEYS})
        self.language.currentIndexChanged.connect(lambda _i: self._language_chosen())
        self.backup.valueChanged.connect(self._backup_changed)
        self.export_format.currentIndexChanged.connect(lambda _i: self._export_changed())
        self.dpi.valueChanged.connect(lambda _v: self._export_changed())
        for edit in self.emotion:
            edit.textEdited.connect(lambda _t: self._emotion_changed())

    # -- texts ------------------------------------------------------------------------------------
    def _label(self, msgid: str, buddy: QWidget) -> QLabel:
        label = QLabel(self)
        label.setBuddy(buddy)
        self._texts.append((label, msgid))
        return label

    def _note(self, msgid: str) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        self._texts.append((label, msgid))
        return label

    def _retranslate(self) -> None:
        """Every word of the dialog in the interface language (it changes while the dialog is open)."""
        loading, self._loading = self._loading, True  # refilling the lists changes nothing
        try:
            self._set_texts()
        finally:
            self._loading = loading

    def _set_texts(self) -> None:
        self.setWindowTitle(_("Preferences"))
        for label, msgid in self._texts:
            label.setText(_(msgid))
        self.general_box.setTitle(_("General"))
        self.export_box.setTitle(_("Map export"))
        self.emotion_box.setTitle(_("Emotion scale"))
        self.backup.setSuffix(_(" min"))
        self.backup.setSpecialValueText(_("Off"))
        self.dpi.setSuffix(_(" dpi"))
        current = self.language.currentData()
        self.language.clear()
        system = i18n.LANGUAGES[qti18n.system_language()]
        self.language.addItem(_("Same as the system ({language})").format(language=system), "")
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        forced = i18n.forced_language()
        self.language.setVisible(not forced)
        self.language_forced.setVisible(bool(forced))
        if forced:
            self.language_forced.setText(
                _("{language}, set by the environment variable CXDESIGNER_LANG").format(
                    language=i18n.LANGUAGES[forced]
                )
            )
        fmt = self.export_format.currentData()
        self.export_format.clear()
        self.export_format.addItem(_("PNG picture"), "png")
        self.export_format.addItem(_("SVG drawing (text stays text)"), "svg")
        self.export_format.addItem(_("PDF document (vector)"), "pdf")
        if current is not None:
            self.language.setCurrentIndex(max(0, self.language.findData(current)))
        if fmt is not None:
            self.export_format.setCurrentIndex(max(0, self.export_format.findData(fmt)))
        for value, edit in zip(range(-3, 4), self.emotion):
            edit.setPlaceholderText(_(vocab.EMOTION_SCALE[value + 3]))
        # OK, Cancel and Restore Defaults are Qt's own words: its catalogue translates them (qti18n).
        self.adjustSize()

    # -- values -----------------------------------------------------------------------------------
    def _show_values(self, values: dict[str, Any]) -> None:
        """Put ``values`` in the widgets without applying them again."""
        self._loading = True
        try:
            self.language.setCurrentIndex(max(0, self.language.findData(values["ui/language"] or "")))
            self.backup.setValue(int(values["backups/interval_minutes"]))
            self.export_format.setCurrentIndex(max(0, self.export_format.findData(values["export/format"] or "png")))
            self.dpi.setValue(int(values["export/dpi"]))
            names = list(values["ui/emotion_labels"]) if len(values["ui/emotion_labels"]) == 7 else [""] * 7
            for edit, name in zip(self.emotion, names):
                edit.setText(name)
        finally:
            self._loading = False

    def _language_chosen(self) -> None:
        if self._loading:
            return
        apply_language(self.window_, self.language.currentData() or "")
        self._retranslate()

    def _backup_changed(self, minutes: int) -> None:
        if not self._loading:
            apply_backup_interval(self.window_, minutes)

    def _export_changed(self) -> None:
        if not self._loading:
            apply_export(self.export_format.currentData() or "png", self.dpi.value())

    def _emotion_changed(self) -> None:
        if not self._loading:
            apply_emotion_labels(self.window_, [edit.text() for edit in self.emotion])

    def apply_all(self, values: dict[str, Any]) -> None:
        """Show ``values`` and make them the settings, applied to every window."""
        language_changed = settings.get("ui/language") != values["ui/language"]
        self._show_values(values)
        if language_changed:
            apply_language(self.window_, values["ui/language"])
            self._retranslate()
            self._show_values(values)
        apply_backup_interval(self.window_, int(values["backups/interval_minutes"]))
        settings.set_value("export/format", values["export/format"])
        settings.set_value("export/dpi", int(values["export/dpi"]))
        apply_emotion_labels(self.window_, list(values["ui/emotion_labels"]))

    def restore_defaults(self) -> None:
        self.apply_all({key: settings.SETTINGS[key].default for key in KEYS})

    def reject(self) -> None:
        """Cancel: every setting as it was when the dialog opened."""
        self.apply_all(self._before)
        super().reject()


def show(window: MainWindow) -> PreferencesDialog:
    dialog = PreferencesDialog(window)
    dialog.open()
    return dialog
