"""Import a Mermaid ``journey`` diagram: its sections become stages, its tasks cards with emotions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..document import Document
from ..document.commands import Command
from ..exchange import mermaid
from ..exchange.common import Progress
from ..exchange.touchpoints import ImportOutcome
from ..i18n import _, ngettext, number, quote
from ..model import CXError, Project
from ..qtcommands import UndoStack
from .background import push_import, run_in_worker
from .common import (
    DialogIO,
    WidgetIO,
    ask_file_and_run,
    fill_list,
    import_button_box,
    journey_combo,
    plain_label,
    plain_tooltip,
    shorten,
)

PREVIEW_CHARS = 200_000


def mermaid_filters() -> list[str]:
    """File-chooser filters for Mermaid text."""
    return [_("Mermaid diagrams (*.mmd *.mermaid *.md *.txt)"), _("All files (*)")]


def read_diagram(path: Path) -> tuple[str, mermaid.MermaidJourney]:
    """The file's text and the journey it describes (Qt-free: it runs on a worker thread)."""
    text = mermaid.read_mermaid_file(path)
    return text, mermaid.parse_mermaid(text)


class ImportMermaidDialog(QDialog, DialogIO):
    """Show the diagram's text and what it holds, pick the target journey, import as one undo step.

    After :meth:`exec`, :attr:`outcome` is the :class:`~cxdesigner.exchange.touchpoints.ImportOutcome`
    (None when nothing was imported).
    """

    def __init__(
        self,
        doc: Document,
        undo_stack: UndoStack,
        journey_id: str | None,
        path: Path | str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.undo_stack = undo_stack
        self.journey_id = journey_id
        self.path = Path(path)
        self.text = ""
        self.parsed: mermaid.MermaidJourney | None = None
        self.loaded = False
        self.load_error = ""
        self.outcome: ImportOutcome | None = None
        self.imported_nothing = False
        self.setWindowTitle(_("Import a Mermaid journey"))
        self.setSizeGripEnabled(True)
        try:
            # A diagram at the size limit takes seconds to parse: off the UI thread, with Cancel.
            self.text, self.parsed = run_in_worker(
                parent, self.windowTitle(), _("Checking {name}…").format(name=self.path.name),
                lambda _progress: read_diagram(self.path), str(self.path),
            )  # fmt: skip
        except CXError as exc:
            self.load_error = str(exc)
        else:
            self.loaded = True
        self._build()
        if self.loaded:
            self._fill()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.file_label = plain_label(self.path.name, self, wrap=True)
        self.file_label.setToolTip(plain_tooltip(str(self.path)))
        layout.addWidget(self.file_label)
        self.source_view = QPlainTextEdit(self)
        self.source_view.setReadOnly(True)
        self.source_view.setAccessibleName(_("Diagram text"))
        self.source_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.source_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        layout.addWidget(self.source_view, 2)
        self.summary_label = plain_label("", self, wrap=True)
        layout.addWidget(self.summary_label)

        box = QGroupBox(_("Add the touchpoints to"), self)
        grid = QGridLayout(box)
        self.new_radio = QRadioButton(_("A &new journey named:"), box)
        self.new_name = QLineEdit(box)
        self.new_name.setMaxLength(500)
        self.existing_radio = QRadioButton(_("&Journey:"), box)
        self.journey_choice: QComboBox = journey_combo(self.doc.project, self.journey_id, box)
        # The radio buttons beside them say what they are; a screen reader needs it on the fields too.
        self.journey_choice.setAccessibleName(_("Journey"))
        self.new_name.setAccessibleName(_("Name of the new journey"))
        group = QButtonGroup(box)
        group.addButton(self.new_radio)
        group.addButton(self.existing_radio)
        grid.addWidget(self.new_radio, 0, 0)
        grid.addWidget(self.new_name, 0, 1)
        grid.addWidget(self.existing_radio, 1, 0)
        grid.addWidget(self.journey_choice, 1, 1)
        grid.setColumnStretch(1, 1)
        self.new_radio.setChecked(True)
        self.existing_radio.setEnabled(self.journey_choice.count() > 0)
        self.existing_radio.toggled.connect(self._target_changed)
        self.journey_choice.activated.connect(lambda _=0: self.existing_radio.setChecked(True))
        self.new_name.textEdited.connect(lambda _="": self.new_radio.setChecked(True))
        self._target_changed()
        layout.addWidget(box)

        self.report_box = QGroupBox(_("Check"), self)
        report = QVBoxLayout(self.report_box)
        self.error_list = QListWidget(self.report_box)
        self.error_list.setMinimumHeight(80)
        report.addWidget(self.error_list)
        layout.addWidget(self.report_box, 1)

        self.buttons, self.import_button, self.nothing_button, self.cancel_button = import_button_box(
            self, self.import_tasks, self.import_nothing, self.reject
        )
        layout.addWidget(self.buttons)
        self.resize(720, 620)

    def _target_changed(self) -> None:
        self.journey_choice.setEnabled(self.existing_radio.isChecked())
        self.new_name.setEnabled(self.new_radio.isChecked())

    def _fill(self) -> None:
        p = self.parsed
        assert p is not None
        shown = self.text if len(self.text) <= PREVIEW_CHARS else self.text[:PREVIEW_CHARS] + "\n…"
        self.source_view.setPlainText(shown)
        self.new_name.setText(shorten(p.title, 200) if p.title else self.path.stem[:200])
        n = len(p.rows)
        parts = [
            ngettext("{n} task", "{n} tasks", n).format(n=number(n)),
            ngettext("{n} section", "{n} sections", len(p.sections)).format(n=number(len(p.sections))),
        ]
        if p.title:
            parts.insert(0, quote(shorten(p.title, 80)))
        if p.actors:
            parts.append(ngettext("actor: {names}", "actors: {names}", len(p.actors)).format(
                    names=shorten(", ".join(p.actors), 80)
                ))
        self.summary_label.setText(" · ".join(parts))
        lines = [str(e) for e in p.errors]
        fill_list(self.error_list, lines)
        if not lines:
            self.error_list.addItem(_("Every line is valid."))
            self.error_list.item(0).setForeground(self.palette().placeholderText())
        bad = len({e.row for e in p.errors})
        if bad:
            self.import_button.setText(_("Import valid lines ({n})").format(n=number(n)))
            self.nothing_button.show()
        else:
            self.import_button.setText(_("Import"))
            self.nothing_button.hide()
        self.import_button.setEnabled(n > 0 or not bad)

    def set_target(self, journey_id: str | None = None, new_name: str | None = None) -> None:
        """Choose the target: an existing journey by id, or a new journey named ``new_name``."""
        if journey_id is not None:
            self.existing_radio.setChecked(True)
            self.journey_choice.setCurrentIndex(self.journey_choice.findData(journey_id))
        else:
            self.new_radio.setChecked(True)
            if new_name is not None:
                self.new_name.setText(new_name)

    def import_tasks(self) -> bool:
        """Push the import as one undoable command and close; on refusal say why and stay open (also on Cancel)."""
        if self.parsed is None:
            return False
        if self.existing_radio.isChecked():
            jid, name = self.journey_choice.currentData(), None
        else:
            jid, name = None, self.new_name.text().strip() or None
        text, skip, source = self.text, bool(self.parsed.errors), self.path.name

        def build(project: Project, progress: Progress | None) -> tuple[Command, ImportOutcome]:
            # Parsed again and placed on a worker thread: 100,000 tasks took seconds on the UI thread.
            out = mermaid.plan_mermaid_import(project, text, jid, name, skip_invalid=skip, source=source)
            return out.command, out

        out = push_import(self, self.undo_stack, self.doc, self.windowTitle(), _("Preparing the tasks…"), build)
        if out is None:
            return False
        self.outcome = out
        self.accept()
        return True

    def import_nothing(self) -> None:
        self.imported_nothing = True
        self.reject()

    def run(self, io: DialogIO | None = None) -> ImportOutcome | None:
        """Show the dialog if the file was read (else say why); what was imported, or None.

        Errors go to ``io`` when given (the caller's choosers and boxes), else to this dialog's.
        """
        if not self.loaded:
            (io or self).show_error(_("Cannot read the Mermaid diagram"), self.load_error)
            return None
        self.exec()
        return self.outcome


def import_mermaid(
    parent: QWidget | None,
    doc: Document,
    undo_stack: UndoStack,
    journey_id: str | None,
    io: DialogIO | None = None,
) -> ImportOutcome | None:
    """File ▸ Import ▸ Mermaid: ask for the text file, then run the dialog; what was imported."""
    io = io or WidgetIO(parent, doc)
    return ask_file_and_run(
        io,
        _("Import a Mermaid journey"),
        mermaid_filters(),
        lambda path: ImportMermaidDialog(doc, undo_stack, journey_id, path, parent),
    )


__all__ = ["ImportMermaidDialog", "import_mermaid", "mermaid_filters", "read_diagram"]
