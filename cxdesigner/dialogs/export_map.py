"""Export a journey map as PNG, SVG or PDF: scope, resolution, background, page, what to print, language, file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from .. import settings
from ..analysis.linked import linked_journeys
from ..document import Document
from ..exchange import mapexport
from ..exchange.linked import LinkedRefusal, linked_refusal, plan_linked
from ..i18n import _, ngettext, number
from .common import linked_done_message
from .exportbase import ExportDialog, run_export

FORMATS = ("png", "svg", "pdf")
DPI_MIN, DPI_MAX, DPI_DEFAULT = 72, 600, 150


class ExportMapDialog(ExportDialog):
    """File ▸ Export ▸ Map: the whole journey or the selected cards, as a picture or a vector PDF."""

    def __init__(
        self,
        doc: Document,
        journey_id: str | None,
        selected_ids: Sequence[str] = (),
        parent: QWidget | None = None,
        lang: str | None = None,
    ) -> None:
        self.selected_journey = journey_id
        self.selected_ids = [
            i for i in selected_ids if (tp := doc.project.tables["touchpoint"].get(i)) and tp.journey_id == journey_id
        ]
        super().__init__(doc, journey_id, parent, lang)

    def window_title(self) -> str:
        return _("Export map")

    def build_options(self, form: QFormLayout) -> None:
        self.format_choice = QComboBox(self)
        self.format_choice.addItem(_("PNG picture"), "png")
        self.format_choice.addItem(_("SVG drawing (text stays text)"), "svg")
        self.format_choice.addItem(_("PDF document (vector)"), "pdf")
        form.addRow(_("&Format:"), self.format_choice)
        # issue 10: the last format used comes back (before the path is suggested from it)
        last = self.format_choice.findData(settings.get("export/format"))
        if last >= 0:
            self.format_choice.setCurrentIndex(last)

        scope = QWidget(self)
        scope_layout = QVBoxLayout(scope)
        scope_layout.setContentsMargins(0, 0, 0, 0)
        self.whole_radio = QRadioButton(_("The &whole journey"), scope)
        self.selected_radio = QRadioButton(scope)
        group = QButtonGroup(scope)
        group.addButton(self.whole_radio)
        group.addButton(self.selected_radio)
        scope_layout.addWidget(self.whole_radio)
        scope_layout.addWidget(self.selected_radio)
        self.whole_radio.setChecked(True)
        form.addRow(_("Show:"), scope)
        # issue 16: the journeys this one's cards open, each to its own file named as the command line names it
        self.linked_check = QCheckBox(_("Include linked journeys"), self)
        form.addRow("", self.linked_check)

        self.dpi_spin = QSpinBox(self)
        self.dpi_spin.setRange(DPI_MIN, DPI_MAX)
        self.dpi_spin.setSingleStep(25)
        self.dpi_spin.setValue(int(settings.get("export/dpi") or DPI_DEFAULT))
        self.dpi_spin.setSuffix(_(" dpi"))
        self.dpi_spin.setToolTip(_("150 dpi suits slides; 300 dpi suits print."))
        dpi_row = QHBoxLayout()
        dpi_row.addWidget(self.dpi_spin)
        dpi_row.addStretch(1)
        dpi_label = QLabel(_("&Resolution:"), self)
        dpi_label.setBuddy(self.dpi_spin)
        form.addRow(dpi_label, dpi_row)
        self.transparent_check = QCheckBox(_("&Transparent background"), self)
        form.addRow("", self.transparent_check)

        self.paper_choice = QComboBox(self)
        self.paper_choice.addItem(_("One page the size of the map"), "fit")
        self.paper_choice.addItem(_("A4 landscape"), "a4")
        self.paper_choice.addItem(_("A3 landscape"), "a3")
        self.paper_choice.addItem(_("16:9 slide"), "16x9")
        self.paper_choice.addItem(_("4:3 slide"), "4x3")
        self.paper_choice.setToolTip(
            _("The map is fitted to the page; when its text would be too small it is cut into several pages.")
        )
        form.addRow(_("&Page:"), self.paper_choice)
        self.min_text_spin = QSpinBox(self)
        self.min_text_spin.setRange(0, 24)
        self.min_text_spin.setValue(round(mapexport.MIN_TEXT_DEFAULT))
        self.min_text_spin.setSuffix(_(" pt"))
        self.min_text_spin.setSpecialValueText(_("Any size: one page"))
        self.min_text_spin.setToolTip(
            _("Card titles print at least this size; a map that would need smaller text is cut into pages.")
        )
        min_text_label = QLabel(_("S&mallest card title:"), self)
        min_text_label.setBuddy(self.min_text_spin)
        form.addRow(min_text_label, self.min_text_spin)

        self.hide_lanes_check = QCheckBox(_("Hide empty la&nes"), self)
        self.hide_lanes_check.setChecked(True)
        self.hide_stages_check = QCheckBox(_("Hide empty st&ages"), self)
        self.notes_check = QCheckBox(_("Print pain points and &opportunities on the cards"), self)
        for check in (self.hide_lanes_check, self.hide_stages_check, self.notes_check):
            form.addRow("", check)
        self.curve_choice = QComboBox(self)
        self.curve_choice.addItem(_("No labels"), "none")
        self.curve_choice.addItem(_("Step numbers (also on the cards)"), "numbers")
        self.curve_choice.addItem(_("Short titles"), "titles")
        form.addRow(_("Emotion &curve labels:"), self.curve_choice)
        self.format_choice.currentIndexChanged.connect(self._format_changed)
        self.paper_choice.currentIndexChanged.connect(self.update_options)

    def _format_changed(self) -> None:
        self.update_options()
        self.suffix_changed()

    def update_options(self) -> None:
        fmt = self.fmt
        self.dpi_spin.setEnabled(fmt == "png")
        self.transparent_check.setEnabled(fmt == "png")
        self.min_text_spin.setEnabled(self.paper_choice.currentData() != "fit")
        n = len(self.selected_ids)
        here = self.journey_id == self.selected_journey
        self.selected_radio.setText(
            ngettext("Onl&y the selected card ({n})", "Onl&y the selected cards ({n})", n).format(n=number(n))
        )
        self.selected_radio.setEnabled(bool(n) and here)
        if not self.selected_radio.isEnabled():
            self.whole_radio.setChecked(True)
        jid = self.journey_id
        has_linked = jid is not None and len(linked_journeys(self.doc.project, jid)) > 1
        self.linked_check.setEnabled(has_linked)
        if not has_linked:
            self.linked_check.setChecked(False)
        self.linked_check.setToolTip(
            _("Export each journey this journey's cards open too, each to its own file beside this one")
            if has_linked
            else _("This journey's cards open no other journey, so there is nothing to include")
        )

    @property
    def include_linked(self) -> bool:
        """Whether the export writes the linked journeys too (one file each)."""
        return self.linked_check.isEnabled() and self.linked_check.isChecked()

    def refusal(self) -> str:
        if not self.include_linked:
            return ""
        why = linked_refusal(self.fmt, with_cards=self.selected_radio.isChecked())
        if why is LinkedRefusal.CARDS:
            return _("Linked journeys cannot go with only the selected cards: those belong to one journey.")
        return ""

    def planned_files(self, path: Path) -> list[Path]:
        if not self.include_linked or self.journey_id is None:
            return [path]
        return plan_linked(self.doc.project, self.journey_id, path).paths

    def done_message(self, files: list[Path]) -> str:
        if not self.include_linked or self.journey_id is None:
            return ""
        return linked_done_message(self.doc.project, self.journey_id, files)

    def remember(self) -> None:
        settings.set_value("export/format", self.fmt)

    @property
    def fmt(self) -> str:
        return self.format_choice.currentData()

    def set_format(self, fmt: str) -> None:
        """Choose ``png``, ``svg`` or ``pdf`` (as the combo does)."""
        self.format_choice.setCurrentIndex(self.format_choice.findData(fmt))

    def suffix(self) -> str:
        return "." + self.fmt

    def filters(self) -> list[str]:
        return {
            "png": [_("PNG pictures (*.png)")],
            "svg": [_("SVG drawings (*.svg)")],
            "pdf": [_("PDF documents (*.pdf)")],
        }[self.fmt]

    def options(self) -> mapexport.MapOptions:
        """The export options the dialog shows."""
        only = list(self.selected_ids) if self.selected_radio.isChecked() else None
        return mapexport.MapOptions(
            dpi=self.dpi_spin.value(),
            transparent=self.transparent_check.isChecked(),
            paper=self.paper_choice.currentData(),
            lang=self.lang,
            touchpoint_ids=only,
            min_text=float(self.min_text_spin.value()),
            hide_empty_lanes=self.hide_lanes_check.isChecked(),
            hide_empty_stages=self.hide_stages_check.isChecked(),
            card_notes=self.notes_check.isChecked(),
            curve_labels=self.curve_choice.currentData(),
        )

    def busy_text(self) -> str:
        return _("Drawing the map…")

    def command(self, project_file: Path, out: Path) -> list[str]:
        assert self.journey_id is not None
        args = map_command(project_file, self.journey_id, out, self.fmt, self.options())
        if self.include_linked:
            args.append("--linked")
        return args


def map_command(project_file: Path, journey_id: str, out: Path, fmt: str, opts: mapexport.MapOptions) -> list[str]:
    """The ``cxdesigner export`` arguments that draw the map with ``opts`` (see docs/cli.md)."""
    hide = {(False, False): "none", (True, False): "lanes", (False, True): "stages", (True, True): "all"}[
        (opts.hide_empty_lanes, opts.hide_empty_stages)
    ]
    args = [
        "export", str(project_file), "--format", fmt, "--journey", journey_id, "--lang", opts.lang,
        "--dpi", str(opts.dpi), "--paper", opts.paper, "--min-text", f"{opts.min_text:g}",
        "--hide-empty", hide, "--curve-labels", opts.curve_labels, "-o", str(out),
    ]  # fmt: skip
    if opts.transparent:
        args.append("--transparent")
    if opts.card_notes:
        args.append("--card-notes")
    if opts.touchpoint_ids is not None:
        args += ["--cards", ",".join(opts.touchpoint_ids)]
    return args


def export_map(
    parent: QWidget | None,
    doc: Document,
    journey_id: str | None,
    selected_ids: Sequence[str] = (),
    lang: str | None = None,
) -> Path | None:
    """File ▸ Export ▸ Map: run the dialog (language preset to ``lang``, else the project's); the file or None."""
    return run_export(ExportMapDialog(doc, journey_id, selected_ids, parent, lang))


__all__ = ["DPI_DEFAULT", "DPI_MAX", "DPI_MIN", "FORMATS", "ExportMapDialog", "export_map", "map_command"]
