"""The export dialog the map and report dialogs build on: journey, language, output file, run, warnings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import settings
from ..document import Document
from ..i18n import _, os_reason
from ..model import CXError
from .background import ExportCancelledError, run_export_job
from .common import DialogIO, journey_combo, lang_combo, safe_file_name, start_folder, with_suffix


def write_error(path: Path, exc: OSError) -> str:
    """A user message for a file that could not be written."""
    return _("{path}: cannot write the file ({reason}). Choose another folder or free some space.").format(
        path=path, reason=os_reason(exc)
    )


class ExportDialog(QDialog, DialogIO):
    """Choose a journey, options, a language and a file; :meth:`export` writes it off the UI thread with progress.

    After :meth:`exec`, :attr:`written` is the file written (None when nothing was) and
    :attr:`warnings` what the export reported (also shown to the user).
    """

    def __init__(
        self, doc: Document, journey_id: str | None, parent: QWidget | None = None, lang: str | None = None
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.written: Path | None = None
        self.files_written: list[Path] = []
        self.warnings: list[str] = []
        self._path_touched = False
        self._confirmed: Path | None = None
        self.setWindowTitle(self.window_title())
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.journey_choice: QComboBox = journey_combo(doc.project, journey_id, self)
        self.form.addRow(_("&Journey:"), self.journey_choice)
        self.build_options(self.form)
        self.lang_choice = lang_combo(lang or doc.lang, self)
        self.form.addRow(_("&Language:"), self.lang_choice)
        path_row = QHBoxLayout()
        self.path_edit = QLineEdit(self)
        self.path_edit.setMinimumWidth(360)
        self.path_edit.setClearButtonEnabled(True)
        self.browse_button = QPushButton(_("C&hoose…"), self)
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        path_label = QLabel(_("&Save to:"), self)
        path_label.setBuddy(self.path_edit)
        self.form.addRow(path_label, path_row)
        layout.addLayout(self.form)
        layout.addStretch(1)
        self.buttons = QDialogButtonBox(self)
        self.export_button = QPushButton(_("Export"), self)
        self.export_button.setDefault(True)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export_button.clicked.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(600)

        self.path_edit.setText(str(self.suggested_path()))
        self.path_edit.textEdited.connect(self._path_edited)
        self.browse_button.clicked.connect(self.choose_path)
        self.journey_choice.currentIndexChanged.connect(self._journey_changed)
        self.lang_choice.currentIndexChanged.connect(self._journey_changed)  # the report's name follows it
        self.export_button.setEnabled(self.journey_choice.count() > 0)
        self.update_options()

    # -- hooks ------------------------------------------------------------------------------
    def window_title(self) -> str:
        return _("Export")

    def build_options(self, form: QFormLayout) -> None:
        """Add the rows between the journey and the language."""

    def update_options(self) -> None:
        """Enable the options that apply to the current choices."""

    def suffix(self) -> str:
        raise NotImplementedError

    def filters(self) -> list[str]:
        raise NotImplementedError

    def command(self, project_file: Path, out: Path) -> list[str]:
        """The ``cxdesigner`` command (export or report) that writes ``out`` from ``project_file``.

        It runs in a child process on a snapshot of the project (:mod:`.background`), so the
        window stays responsive and Cancel stops it at once.
        """
        raise NotImplementedError

    def remember(self) -> None:
        """Called after a successful export: keep what the next opening should start from."""

    def busy_text(self) -> str:
        return _("Exporting…")

    def refusal(self) -> str:
        """Why the chosen options cannot be exported together (one line), or ''."""
        return ""

    def planned_files(self, path: Path) -> list[Path]:
        """The files the export will write to ``path`` and beside it (asked about when they exist)."""
        return [path]

    def done_message(self, files: list[Path]) -> str:
        """What to tell the user after ``files`` were written ('' for nothing: the dialog just closes)."""
        return ""

    # -- the output file ---------------------------------------------------------------------
    @property
    def journey_id(self) -> str | None:
        return self.journey_choice.currentData()

    @property
    def lang(self) -> str:
        return self.lang_choice.currentData()

    def suggested_path(self) -> Path:
        last = settings.get("export/folder")
        folder = Path(last) if last and Path(last).is_dir() else start_folder(self.doc)
        jid = self.journey_id
        name = self.doc.project.get("journey", jid).name if jid else ""
        return folder / (safe_file_name(name) + self.suffix())

    def output_path(self) -> Path | None:
        text = self.path_edit.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        if not path.is_absolute():  # a bare name goes where the chooser would have opened
            path = start_folder(self.doc) / path
        return with_suffix(path, self.suffix())

    def set_output_path(self, path: Path | str) -> None:
        """Use ``path`` as the output file (as typing it in does)."""
        self.path_edit.setText(str(path))
        self._path_touched = True

    def _path_edited(self) -> None:
        self._path_touched = True
        self._confirmed = None

    def _journey_changed(self) -> None:
        if not self._path_touched:
            self.path_edit.setText(str(self.suggested_path()))
        self.update_options()

    def suffix_changed(self) -> None:
        """Call when the format changes: the file name follows the new suffix."""
        text = self.path_edit.text().strip()
        if text:
            self.path_edit.setText(str(with_suffix(Path(text), self.suffix())))
        self._confirmed = None

    def choose_path(self) -> bool:
        current = self.output_path() or self.suggested_path()
        picked = self.ask_save_path(self.window_title(), current, self.filters())
        if picked is None:
            return False
        path = with_suffix(picked[0], self.suffix())
        self.path_edit.setText(str(path))
        self._path_touched = True
        self._confirmed = path
        return True

    # -- running ----------------------------------------------------------------------------
    def export(self) -> bool:
        """Write the file and close; on failure say why and stay open."""
        if self.journey_id is None:
            return False
        path = self.output_path()
        if path is None:
            if not self.choose_path():
                return False
            path = self.output_path()
            assert path is not None
        path = path.absolute()
        if not path.parent.is_dir():
            self.show_error(_("Not exported"), _("The folder {path} does not exist.").format(path=path.parent))
            return False
        problem = self.refusal()
        if problem:
            self.show_error(_("Not exported"), problem)
            return False
        existing = [p for p in self.planned_files(path) if p.exists() and p != self._confirmed]
        if existing and not self.ask_overwrite_files(existing):
            return False
        try:
            result = run_export_job(self, self.doc, self.command, path, self.window_title(), self.busy_text())
        except ExportCancelledError:
            return False  # the dialog stays open: the user may change an option and export again
        except CXError as exc:
            self.show_error(_("Not exported"), str(exc))
            return False
        except OSError as exc:
            self.show_error(_("Not exported"), write_error(path, exc))
            return False
        warnings = result.warnings
        self.written = path
        settings.set_value("export/folder", str(path.parent))
        self.remember()
        self.warnings = list(warnings)
        self.files_written = list(result.files)
        message = self.done_message(self.files_written)
        if self.warnings:
            self.show_info(_("Exported with notes"), "\n\n".join(([message] if message else []) + self.warnings))
        elif message:
            self.show_info(_("Exported"), message)
        self.accept()
        return True


def run_export(dialog: ExportDialog) -> Path | None:
    """Run an export dialog modally and drop it; the file written, or None."""
    try:
        dialog.exec()
        return dialog.written
    finally:
        dialog.deleteLater()


__all__ = ["ExportDialog", "run_export", "write_error"]
