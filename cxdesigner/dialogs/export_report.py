"""Export the workshop report of a journey as a PDF: cover, map, charts, insights, every card."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QFormLayout, QWidget

from ..document import Document
from ..i18n import _
from .exportbase import ExportDialog, run_export


class ExportReportDialog(ExportDialog):
    """File ▸ Export ▸ Report: journey, language and file; writes an A4 PDF."""

    def window_title(self) -> str:
        return _("Export workshop report")

    def suffix(self) -> str:
        return ".pdf"

    def filters(self) -> list[str]:
        return [_("PDF documents (*.pdf)")]

    def suggested_path(self) -> Path:
        path = super().suggested_path()
        return path.with_name(path.stem + (" - informe" if self.lang_is_es() else " - report") + ".pdf")

    def lang_is_es(self) -> bool:
        choice = getattr(self, "lang_choice", None)
        return choice is not None and choice.currentData() == "es"

    def busy_text(self) -> str:
        return _("Writing the report…")

    def build_options(self, form: QFormLayout) -> None:
        self.linked_check = QCheckBox(_("Include linked journeys"), self)
        self.linked_check.setToolTip(_("Report on the journeys this journey's cards open too, one after the other"))
        form.addRow("", self.linked_check)

    def update_options(self) -> None:
        from ..analysis.linked import linked_journeys

        jid = self.journey_id
        has = jid is not None and len(linked_journeys(self.doc.project, jid)) > 1
        self.linked_check.setEnabled(has)

    def command(self, project_file: Path, out: Path) -> list[str]:
        assert self.journey_id is not None
        args = ["report", str(project_file), "--journey", self.journey_id, "--lang", self.lang, "-o", str(out)]
        if self.linked_check.isChecked() and self.linked_check.isEnabled():
            args.append("--linked")
        return args


def export_report(
    parent: QWidget | None, doc: Document, journey_id: str | None, lang: str | None = None
) -> Path | None:
    """File ▸ Export ▸ Report: run the dialog (language preset to ``lang``, else the project's); the file or None."""
    return run_export(ExportReportDialog(doc, journey_id, parent, lang))


__all__ = ["ExportReportDialog", "export_report"]
