"""What every exchange dialog shares: file choosers, message boxes, progress, plain-text widgets."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QWidget,
)

from .. import collector, i18n, qttext, settings
from ..exchange.common import safe_file_name
from ..i18n import _, name_in_text, ngettext, number
from ..model import Project
from ..model.errors import CXError, readable
from ..qtcommands import push

# Text from a file can be very long: previews and list rows show a readable prefix (tooltips: qttext).
CELL_LIMIT = 120
# An error list longer than this shows its first rows and how many more (the summary has the count).
ERROR_ROWS = 1000
# Data rows of a spreadsheet shown in an import preview.
PREVIEW_ROWS = 20


def ui_lang() -> str:
    """The interface language, ``en`` or ``es`` (built-in names in an import follow it)."""
    return i18n.language()


def decimal_comma() -> bool:
    """Whether the system writes decimals with a comma (Excel there expects ``;`` in CSV files)."""
    return QLocale().decimalPoint() == ","


def shorten(text: str, limit: int = CELL_LIMIT) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    one_line = " ".join(str(text).split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def plain_tooltip(text: str) -> str:
    """Tooltip markup that shows ``text`` literally, its lines as they are (see ``qttext.plain_tooltip``)."""
    return qttext.plain_tooltip(text, pre=True)


def plain_label(text: str = "", parent: QWidget | None = None, wrap: bool = False) -> QLabel:
    """A QLabel that never interprets its text as rich text."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setText(text)
    return label


def fill_list(widget: QListWidget, lines: Sequence[str], limit: int = ERROR_ROWS) -> None:
    """Show ``lines`` (plain text, one item each; the first ``limit`` and a count of the rest)."""
    widget.clear()
    for line in lines[:limit]:
        item = QListWidgetItem(shorten(line, 400))
        if len(line) > 400:
            item.setToolTip(plain_tooltip(line))
        widget.addItem(item)
    if len(lines) > limit:
        widget.addItem(QListWidgetItem(_("… and {n} more").format(n=number(len(lines) - limit))))


def journey_label(project: Project, journey_id: str) -> str:
    """A journey's name and persona, shortened for a combo box."""
    j = project.get("journey", journey_id)
    persona = project.tables["persona"].get(j.persona_id) if j.persona_id else None
    name = shorten(j.name, 50) or _("(untitled journey)")
    return f"{name} — {shorten(persona.name, 40)}" if persona and persona.name else name


def journey_combo(project: Project, current: str | None, parent: QWidget | None = None) -> QComboBox:
    """A combo of the project's journeys (data: id) with ``current`` selected."""
    combo = QComboBox(parent)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(24)
    for j in project.journeys():
        combo.addItem(journey_label(project, j.id), j.id)
        combo.setItemData(combo.count() - 1, plain_tooltip(j.name), Qt.ItemDataRole.ToolTipRole)
    if current is not None:
        index = combo.findData(current)
        if index >= 0:
            combo.setCurrentIndex(index)
    return combo


def lang_combo(lang: str, parent: QWidget | None = None) -> QComboBox:
    """English / Español (data: ``en`` / ``es``)."""
    combo = QComboBox(parent)
    combo.addItem("English", "en")
    combo.addItem("Español", "es")
    combo.setCurrentIndex(1 if lang == "es" else 0)
    return combo


def start_folder(doc: Any = None) -> Path:
    """Where file choosers open: the last folder used, else the project's folder, else home."""
    last = settings.get("files/last_folder")
    if last and Path(last).is_dir():
        return Path(last)
    path = getattr(doc, "path", None)
    if path is not None and Path(path).parent.is_dir():
        return Path(path).parent
    return Path.home()


# Suffixes of the files the dialogs write: one of these is replaced, anything else ("v1.2") kept.
KNOWN_SUFFIXES = {".png", ".svg", ".pdf", ".csv", ".json", ".graphml", ".mmd", ".mermaid", ".cxd", ".txt", ".md"}
KNOWN_SUFFIXES.add(".drawio")


def with_suffix(path: Path, suffix: str) -> Path:
    """``path`` ending in ``suffix``: kept when right (in any case), a known other suffix replaced, else added."""
    if path.suffix.lower() == suffix.lower():
        return path
    if path.suffix.lower() in KNOWN_SUFFIXES:
        return path.with_suffix(suffix)
    return path.with_name(path.name + suffix)


class DialogIO:
    """File choosers and message boxes behind small methods, so tests replace them without native dialogs.

    Mixed into every exchange dialog; :class:`WidgetIO` gives the same to the plain functions.
    """

    def io_parent(self) -> QWidget | None:
        """The widget message boxes and choosers are centred on."""
        if isinstance(self, QWidget):
            return self if self.isVisible() or self.parentWidget() is None else self.parentWidget()
        return getattr(self, "parent_widget", None)

    def ask_open_path(self, title: str, filters: Sequence[str], folder: Path | None = None) -> Path | None:
        """A file to read, or None when the user cancels."""
        start = str(folder or start_folder(getattr(self, "doc", None)))
        path, _chosen_filter = QFileDialog.getOpenFileName(self.io_parent(), title, start, ";;".join(filters))
        if not path:
            return None
        settings.set_value("files/last_folder", str(Path(path).parent))
        return Path(path)

    def ask_save_path(
        self, title: str, suggested: Path, filters: Sequence[str], selected: int = 0
    ) -> tuple[Path, int] | None:
        """A file to write and the index of the chosen filter, or None when the user cancels.

        The suffix of ``suggested`` is added when the user types a name without one; the
        chooser itself asks before replacing an existing file.
        """
        dlg = QFileDialog(self.io_parent(), title, str(suggested), ";;".join(filters))
        dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dlg.setFileMode(QFileDialog.FileMode.AnyFile)
        if suggested.suffix:
            dlg.setDefaultSuffix(suggested.suffix.lstrip("."))
        if 0 <= selected < len(filters):
            dlg.selectNameFilter(filters[selected])
        if dlg.exec() != QFileDialog.DialogCode.Accepted or not dlg.selectedFiles():
            return None
        path = Path(dlg.selectedFiles()[0])
        chosen = dlg.selectedNameFilter()
        index = list(filters).index(chosen) if chosen in filters else max(selected, 0)
        settings.set_value("files/last_folder", str(path.parent))
        return path, index

    def ask_overwrite(self, path: Path) -> bool:
        """Whether to replace an existing file the user did not pick in a chooser."""
        box = QMessageBox(self.io_parent())
        box.setIcon(QMessageBox.Icon.Question)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowTitle(_("Replace the file?"))
        box.setText(_("{path} already exists. Replace it?").format(path=path))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    def ask_overwrite_files(self, paths: Sequence[Path]) -> bool:
        """Whether to replace the existing files an export would write: one question for all of them."""
        if len(paths) == 1:
            return self.ask_overwrite(paths[0])
        box = QMessageBox(self.io_parent())
        box.setIcon(QMessageBox.Icon.Question)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowTitle(_("Replace the files?"))
        box.setText(
            ngettext(
                "{n} file already exists. Replace it?", "{n} files already exist. Replace them?", len(paths)
            ).format(n=number(len(paths)))
        )
        box.setInformativeText("\n".join(str(p) for p in paths))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    def ask_include_linked(self, title: str, count: int) -> bool | None:
        """Whether an export of a journey takes the ``count`` journeys its cards open too; None cancels."""
        box = QMessageBox(self.io_parent())
        box.setIcon(QMessageBox.Icon.Question)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowTitle(title)
        box.setText(
            ngettext(
                "This journey's cards open {n} other journey. Include linked journeys in the export?",
                "This journey's cards open {n} other journeys. Include linked journeys in the export?",
                count,
            ).format(n=number(count))
        )
        box.setStandardButtons(
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)  # as before sub-journeys: the journey alone
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Cancel:
            return None
        return answer == QMessageBox.StandardButton.Yes

    def show_error(self, title: str, message: str) -> None:
        """A warning box with ``message`` as plain text."""
        self._message(QMessageBox.Icon.Warning, title, message)

    def show_info(self, title: str, message: str) -> None:
        """An information box with ``message`` as plain text."""
        self._message(QMessageBox.Icon.Information, title, message)

    def _message(self, icon: QMessageBox.Icon, title: str, message: str) -> None:
        box = QMessageBox(self.io_parent())
        box.setIcon(icon)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowTitle(title)
        box.setText(readable(message))
        box.exec()


class WidgetIO(DialogIO):
    """:class:`DialogIO` for code that is not a dialog: choosers and boxes centred on ``parent``."""

    def __init__(self, parent: QWidget | None, doc: Any = None) -> None:
        self.parent_widget = parent
        self.doc = doc


__all__ = [
    "CELL_LIMIT",
    "PREVIEW_ROWS",
    "DialogIO",
    "WidgetIO",
    "decimal_comma",
    "fill_list",
    "journey_combo",
    "journey_label",
    "lang_combo",
    "plain_label",
    "plain_tooltip",
    "safe_file_name",
    "shorten",
    "start_folder",
    "ui_lang",
    "with_suffix",
]


def push_refused(undo_stack: Any, doc: Any, command: Any) -> str | None:
    """Push ``command`` under a busy pointer: None when done, else why it was refused (nothing changed)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        # The imported records live as long as the project: the collector's full passes over them while
        # they are applied found nothing and took a second of a million survey answers' apply.
        with collector.paused(settle=True):
            push(undo_stack, doc, command)
    except CXError as exc:
        return str(exc)
    finally:
        QApplication.restoreOverrideCursor()
    return None


def import_button_box(dialog: QWidget, on_import: Any, on_nothing: Any, on_cancel: Any) -> tuple[Any, Any, Any, Any]:
    """The import dialogs' buttons: Import (default), Import nothing, Cancel; (box, import, nothing, cancel)."""
    from PySide6.QtWidgets import QDialogButtonBox, QPushButton

    box = QDialogButtonBox(dialog)
    do_import = QPushButton(_("Import"), dialog)
    do_import.setDefault(True)
    nothing = QPushButton(_("Import nothing"), dialog)
    cancel = QPushButton(_("Cancel"), dialog)
    box.addButton(do_import, QDialogButtonBox.ButtonRole.AcceptRole)
    box.addButton(nothing, QDialogButtonBox.ButtonRole.DestructiveRole)
    box.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
    do_import.clicked.connect(on_import)
    nothing.clicked.connect(on_nothing)
    cancel.clicked.connect(on_cancel)
    return box, do_import, nothing, cancel


def ask_file_and_run(io: DialogIO, title: str, filters: Sequence[str], make_dialog: Any) -> Any:
    """File ▸ Import ▸ …: ask for the file, build the dialog on it, run it; what it imported, or None."""
    path = io.ask_open_path(title, filters)
    if path is None:
        return None
    dlg = make_dialog(Path(path))
    try:
        return dlg.run(io)
    finally:
        dlg.deleteLater()


def linked_done_message(project: Project, journey_id: str, files: Sequence[Path]) -> str:
    """What an export with its linked journeys wrote, and the links to deleted journeys it skipped."""
    from ..analysis.linked import linked_journeys
    from ..exchange.linked import broken_links

    lines = [ngettext("Wrote {n} file:", "Wrote {n} files:", len(files)).format(n=number(len(files)))]
    lines += [str(f) for f in files]
    broken = broken_links(project, linked_journeys(project, journey_id))
    if broken:
        lines.append("")
        lines.append(
            ngettext(
                "Skipped {n} link to a deleted journey:", "Skipped {n} links to deleted journeys:", len(broken)
            ).format(n=number(len(broken)))
        )
        lines += [
            _("the card “{card}” in “{journey}”").format(
                card=name_in_text(b.card_title), journey=name_in_text(b.journey_name)
            )
            for b in broken
        ]
    return "\n".join(lines)
