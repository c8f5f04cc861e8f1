"""Export dialogs and helpers driven through their widgets: map, report, text formats, share a copy."""

from __future__ import annotations

import math
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from dialogguard import no_native_dialogs  # noqa: F401  (autouse: no native dialog in these tests)
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog
from test_exchange_pdftext import pdf_text, squeeze

import cxdesigner
from cxdesigner.canvas import style
from cxdesigner.canvas.style import scene_dpi
from cxdesigner.dialogs import (
    DialogIO,
    ExportMapDialog,
    ExportReportDialog,
    ImportTouchpointsDialog,
    export_text,
    exportbase,
    share_copy,
)
from cxdesigner.exchange import mapexport, mermaid, share
from cxdesigner.model import jsonformat
from cxdesigner.qtcommands import UndoStack


class Quiet:
    """Message boxes, overwrite questions and the save chooser answered without showing anything."""

    overwrite = True
    save_answer: tuple[Path, int] | None = None

    def ask_save_path(self, title, suggested, filters, selected=0):  # type: ignore[no-untyped-def]
        self.__dict__.setdefault("save_asked", []).append(suggested)
        return self.save_answer

    def show_error(self, title: str, message: str) -> None:
        self.__dict__.setdefault("errors_shown", []).append(message)

    def show_info(self, title: str, message: str) -> None:
        self.__dict__.setdefault("infos_shown", []).append(message)

    def ask_overwrite(self, path: Path) -> bool:
        self.__dict__.setdefault("overwrite_asked", []).append(path)
        return self.overwrite


class MapDialog(Quiet, ExportMapDialog):
    pass


class ReportDialog(Quiet, ExportReportDialog):
    pass


class FakeIO(DialogIO):
    """A save chooser that answers at once (path and filter index) and boxes that only record."""

    def __init__(self, save: tuple[Path, int] | None) -> None:
        self.save = save
        self.asked: list[tuple[Path, list[str], int]] = []
        self.errors: list[str] = []
        self.infos: list[str] = []

    def ask_save_path(self, title, suggested, filters, selected=0):  # type: ignore[no-untyped-def]
        self.asked.append((suggested, list(filters), selected))
        return self.save

    def show_error(self, title: str, message: str) -> None:
        self.errors.append(message)

    def show_info(self, title: str, message: str) -> None:
        self.infos.append(message)


@pytest.fixture
def env(qtbot):
    forget_exports()
    doc = cxdesigner.new_project(None, template="hotel")
    journey = doc.project.journeys()[0]
    yield doc, journey.id
    doc.close()


def forget_exports() -> None:
    """The export dialogs remember format, folder and dpi in QSettings, which live for the session."""
    from cxdesigner import settings as app_settings

    for key, value in (("export/format", ""), ("export/folder", ""), ("export/dpi", 150)):
        app_settings.set_value(key, value)


def open_dialog(qtbot, cls, *args):  # type: ignore[no-untyped-def]
    dlg = cls(*args)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def test_map_dialog_options_follow_the_format_and_the_selection(qtbot, env, tmp_path):
    doc, jid = env
    dlg = open_dialog(qtbot, MapDialog, doc, jid, [])
    assert dlg.fmt == "png" and dlg.dpi_spin.value() == 150
    assert (dlg.dpi_spin.minimum(), dlg.dpi_spin.maximum()) == (72, 600)
    assert not dlg.selected_radio.isEnabled() and dlg.whole_radio.isChecked()
    # Every picture can be fitted to a page; the smallest text only matters on a page.
    assert dlg.paper_choice.isEnabled() and dlg.transparent_check.isEnabled()
    assert not dlg.min_text_spin.isEnabled()
    dlg.paper_choice.setCurrentIndex(dlg.paper_choice.findData("16x9"))
    assert dlg.min_text_spin.isEnabled() and dlg.min_text_spin.value() == 9
    dlg.paper_choice.setCurrentIndex(dlg.paper_choice.findData("fit"))
    assert dlg.path_edit.text().endswith("Weekend at a city hotel.png")
    dlg.set_format("pdf")
    assert dlg.path_edit.text().endswith("Weekend at a city hotel.pdf")
    assert dlg.paper_choice.isEnabled() and not dlg.dpi_spin.isEnabled()
    dlg.set_format("svg")
    assert dlg.path_edit.text().endswith(".svg") and not dlg.dpi_spin.isEnabled()

    ids = [tp.id for tp in doc.project.touchpoints(jid)][:2]
    dlg = open_dialog(qtbot, MapDialog, doc, jid, ids)
    assert dlg.selected_radio.isEnabled() and "(2)" in dlg.selected_radio.text()


def test_map_export_png_of_the_selection_writes_a_picture(qtbot, env, tmp_path):
    doc, jid = env
    ids = [tp.id for tp in doc.project.touchpoints(jid)][:3]
    dlg = open_dialog(qtbot, MapDialog, doc, jid, ids)
    dlg.selected_radio.setChecked(True)
    dlg.dpi_spin.setValue(72)
    dlg.transparent_check.setChecked(True)
    dlg.set_output_path(tmp_path / "map")  # the suffix is added
    assert dlg.options().touchpoint_ids == ids and dlg.options().transparent
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert dlg.written == (tmp_path / "map.png").absolute()
    image = QImage(str(dlg.written))
    assert not image.isNull() and image.hasAlphaChannel() and image.pixelColor(1, 1).alpha() == 0
    assert not dlg.__dict__.get("errors_shown")
    # It is the map of the three cards (at 72 dpi), not the whole journey's.
    chosen = mapexport.journey_map(doc.project, jid, dlg.options())
    whole = mapexport.journey_map(doc.project, jid, mapexport.MapOptions()).full_rect()
    scale = 72 / scene_dpi()  # one scene unit is one pixel at scene_dpi
    rect = chosen.full_rect()
    assert (image.width(), image.height()) == (math.ceil(rect.width() * scale), math.ceil(rect.height() * scale))
    assert rect.width() < whole.width()
    assert round(image.dotsPerMeterX() * 0.0254) == 72
    # Just those cards, each with its emotion band where the map puts it.
    assert set(chosen.card_items()) == set(ids)
    for tp_id, item in chosen.card_items().items():
        spot = (item.mapToScene(QPointF(2.5, item.card_rect().height() / 2)) - rect.topLeft()) * scale
        band = image.pixelColor(int(spot.x()), int(spot.y()))
        assert band == style.emotion_colour(doc.project.get("touchpoint", tp_id).emotion), tp_id


# A stand-in for the command line in the child process: records its arguments, writes the output
# named after -o and reports like the real command (a progress line, a warning on stderr).
STAND_IN = """
import json, sys
args = sys.argv[1:]
out = args[args.index("-o") + 1]
open(out, "wb").write(b"%PDF-1.4 stand-in")
print("@progress 1 2", file=sys.stderr)
print("cxdesigner: warning: The map was scaled to 16,000 px on its longest side.", file=sys.stderr)
print("ARGS " + json.dumps(args))
"""


def test_map_export_passes_the_options_and_shows_the_warnings(qtbot, env, tmp_path, monkeypatch):
    import sys

    from cxdesigner.services import childjob

    doc, jid = env
    seen: list[list[str]] = []
    monkeypatch.setattr(
        childjob, "cli_command", lambda args: seen.append(list(args)) or (sys.executable, ["-c", STAND_IN, *args])
    )
    dlg = open_dialog(qtbot, MapDialog, doc, jid, [], None, "es")
    dlg.set_format("pdf")
    dlg.paper_choice.setCurrentIndex(dlg.paper_choice.findData("a3"))
    dlg.set_output_path(tmp_path / "map.pdf")
    assert dlg.export()
    [args] = seen
    assert args[0] == "export" and args[args.index("--journey") + 1] == jid
    assert [args[args.index(flag) + 1] for flag in ("--format", "--dpi", "--paper", "--lang")] == [
        "pdf", "150", "a3", "es",
    ]  # fmt: skip
    assert args[-1] == "--progress"
    assert (tmp_path / "map.pdf").read_bytes() == b"%PDF-1.4 stand-in"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "map.pdf"]  # the staging folder is gone
    assert dlg.infos_shown == ["The map was scaled to 16,000 px on its longest side."]


def test_map_export_asks_before_replacing_a_file_it_did_not_choose(qtbot, env, tmp_path):
    doc, jid = env
    target = tmp_path / "old.svg"
    target.write_text("keep me", encoding="utf-8")
    dlg = open_dialog(qtbot, MapDialog, doc, jid, [])
    dlg.set_format("svg")
    dlg.set_output_path(target)
    dlg.overwrite = False
    assert not dlg.export()
    assert dlg.overwrite_asked == [target.absolute()]
    assert target.read_text(encoding="utf-8") == "keep me"
    dlg.set_output_path(tmp_path / "no such folder" / "map.svg")
    assert not dlg.export()
    assert "does not exist" in dlg.errors_shown[-1]


def test_export_without_a_path_asks_for_one(qtbot, env, tmp_path):
    doc, jid = env
    target = tmp_path / "chosen.svg"
    target.write_text("old", encoding="utf-8")
    dlg = open_dialog(qtbot, MapDialog, doc, jid, [])
    dlg.set_format("svg")
    dlg.set_output_path("")
    dlg.save_answer = None  # cancelled chooser: nothing happens
    assert not dlg.export() and dlg.isVisible()
    dlg.save_answer = (tmp_path / "chosen", 0)  # the chooser already asked about replacing it
    assert dlg.export()
    assert not dlg.__dict__.get("overwrite_asked")
    assert "Weekend at a city hotel" in target.read_text(encoding="utf-8")


def test_a_bare_file_name_goes_to_the_start_folder(qtbot, env, tmp_path, monkeypatch):
    doc, jid = env
    monkeypatch.setattr(exportbase, "start_folder", lambda doc=None: tmp_path)
    dlg = open_dialog(qtbot, MapDialog, doc, jid, [])
    dlg.set_format("svg")
    dlg.set_output_path("plain name v1.2")
    assert dlg.output_path() == tmp_path / "plain name v1.2.svg"
    assert dlg.export()
    svg = ET.parse(tmp_path / "plain name v1.2.svg").getroot()
    assert "Weekend at a city hotel" in "".join(svg.itertext())


def test_report_export_writes_a_pdf(qtbot, env, tmp_path):
    doc, jid = env
    dlg = open_dialog(qtbot, ReportDialog, doc, jid)
    assert dlg.path_edit.text().endswith(" - report.pdf")
    dlg.lang_choice.setCurrentIndex(dlg.lang_choice.findData("es"))
    assert dlg.path_edit.text().endswith(" - informe.pdf")
    dlg.set_output_path(tmp_path / "informe.pdf")
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert not list(tmp_path.glob(".*partial"))
    # In the language chosen, with every card.
    text = squeeze(unicodedata.normalize("NFKC", pdf_text((tmp_path / "informe.pdf").read_bytes())))
    assert squeeze("Ranking de brechas") in text and squeeze("Gap ranking") not in text
    assert all(squeeze(unicodedata.normalize("NFKC", tp.title)) in text for tp in doc.project.touchpoints(jid))


def test_csv_export_with_semicolons_imports_back(qtbot, env, tmp_path):
    doc, jid = env
    io = FakeIO((tmp_path / "cards", 1))  # the second file type: semicolons
    written = export_text(None, doc, jid, "csv", io=io)
    assert written == (tmp_path / "cards.csv").absolute()
    suggested, filters, _ = io.asked[0]
    assert suggested.name == "Weekend at a city hotel.csv" and len(filters) == 2
    data = written.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b";" in data.splitlines()[0]

    originals = [(tp.title, tp.emotion, tp.importance) for tp in doc.project.touchpoints(jid)]
    stack = UndoStack(doc)
    dlg = ImportTouchpointsDialog(doc, stack, jid, written)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.table.delimiter == ";" and not dlg.errors()
    dlg.set_target(new_name="Round trip")
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    back = doc.project.touchpoints(dlg.outcome.journey_id)
    assert [(tp.title, tp.emotion, tp.importance) for tp in back] == originals
    stack.clear()


def test_json_graphml_and_mermaid_exports(qtbot, env, tmp_path):
    doc, jid = env
    cards = doc.project.touchpoints(jid)
    assert export_text(None, doc, jid, "json", io=FakeIO((tmp_path / "p.json", 0))) is not None
    assert jsonformat.loads((tmp_path / "p.json").read_text(encoding="utf-8")) == doc.project

    assert export_text(None, doc, jid, "graphml", io=FakeIO((tmp_path / "g", 0))) is not None
    graph = nx.read_graphml(tmp_path / "g.graphml")
    assert {n: (d["title"], d.get("emotion")) for n, d in graph.nodes(data=True)} == {
        tp.id: (tp.title, tp.emotion) for tp in cards
    }
    assert sorted(graph.edges()) == sorted((c.source_id, c.target_id) for c in doc.project.connections(jid))

    assert export_text(None, doc, jid, "mermaid", io=FakeIO((tmp_path / "j.mmd", 0))) is not None
    parsed = mermaid.parse_mermaid((tmp_path / "j.mmd").read_text(encoding="utf-8"))
    assert not parsed.errors
    assert [row.fields["title"] for row in parsed.rows] == [tp.title for tp in cards]

    io = FakeIO(None)  # cancelled: nothing written, nothing said
    assert export_text(None, doc, jid, "csv", io=io) is None and not io.errors

    io = FakeIO((tmp_path / "missing folder" / "x.csv", 0))
    assert export_text(None, doc, jid, "csv", io=io) is None
    assert len(io.errors) == 1 and "the folder does not exist" in io.errors[0]


def test_share_a_copy(qtbot, env, tmp_path):
    doc, jid = env
    io = FakeIO((tmp_path / "for-client", 0))
    written = share_copy(None, doc, io=io)
    assert written == (tmp_path / "for-client.cxd").absolute()
    assert len(io.infos) == 1 and not io.errors
    previews = share.read_previews(written)
    assert set(previews) == {jid}
    preview = QImage.fromData(previews[jid])
    # Whole dots per inch: the longest side comes out a few pixels under the limit.
    assert share.PREVIEW_SIDE * 0.95 < max(preview.width(), preview.height()) <= share.PREVIEW_SIDE
    copy = cxdesigner.open_project(written, read_only=True)
    try:
        assert copy.project == doc.project
    finally:
        copy.close()

    saved = tmp_path / "mine.cxd"
    doc.save_as(saved)
    io = FakeIO((saved, 0))
    assert share_copy(None, doc, io=io) is None
    assert "own file" in io.errors[0]
