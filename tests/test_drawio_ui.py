"""draw.io in the app and on the command line: File ▸ Export/Import, one undo step, the subcommands."""

from __future__ import annotations

import os
import subprocess
import sys

from importkit import DrawioDialog
from PySide6.QtCore import Qt
from test_dialogs_export import FakeIO as SaveIO
from test_dialogs_import import FakeIO as ImportIO
from test_dialogs_import import no_native_dialogs  # noqa: F401  (autouse: no chooser or box ever opens)

from cxdesigner import api, i18n, qti18n
from cxdesigner.dialogs import export_text, import_drawio
from cxdesigner.exchange import drawio

HOSTILE = "<b>x</b> $x$ $}$ &amp; 🙂 שלום"


class OpenIO(ImportIO):
    """The import tests' chooser, also keeping the file types it offered."""

    def ask_open_path(self, title, filters, folder=None):  # type: ignore[no-untyped-def]
        self.filters = list(filters)
        return self.open_path


def test_export_dialog_writes_a_drawio_file(qtbot, hotel_env, tmp_path):
    doc, jid, _ = hotel_env
    io = SaveIO((tmp_path / "map", 0))
    written = export_text(None, doc, jid, "drawio", io=io)
    assert written == (tmp_path / "map.drawio").absolute()
    suggested, filters, _ = io.asked[0]
    assert suggested.name == "Weekend at a city hotel.drawio" and filters == ["draw.io diagrams (*.drawio)"]
    read = drawio.read_drawio(written)
    assert len(read.project.touchpoints(read.project.journeys()[0].id)) == len(doc.project.touchpoints(jid))


def test_import_dialog_adds_the_journey_as_one_undo_step(qtbot, hotel_env, tmp_path):
    doc, jid, stack = hotel_env
    card = doc.project.touchpoints(jid)[0]
    doc.execute(_retitle(card, HOSTILE))
    path = tmp_path / "map.drawio"
    drawio.write_drawio(doc.project, jid, path)
    before, steps = len(doc.project.journeys()), stack.count()
    dlg = DrawioDialog(doc, stack, path)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.loaded and dlg.windowTitle() == "Import a draw.io diagram"
    item = dlg.items()[0]
    assert item.text(0) == doc.project.get("journey", jid).name
    assert item.text(2) == str(len(doc.project.touchpoints(jid)))
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert len(doc.project.journeys()) == before + 1 and stack.count() == steps + 1
    new = dlg.outcome.journey_ids[0]
    assert HOSTILE in {tp.title for tp in doc.project.touchpoints(new)}
    stack.undo()
    assert len(doc.project.journeys()) == before


def _retitle(card, title):  # type: ignore[no-untyped-def]
    from cxdesigner.document.commands import UpdateTouchpointCommand

    return UpdateTouchpointCommand(card.id, title=title)


def test_import_lists_what_was_left_out_and_refuses_bad_files(qtbot, hotel_env, tmp_path):
    doc, _, stack = hotel_env
    drawn = tmp_path / "drawn.drawio"
    drawn.write_text(
        '<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>'
        '<mxCell id="a" value="Step" vertex="1" parent="1"><mxGeometry width="80" height="40" as="geometry"/></mxCell>'
        '<mxCell id="e" edge="1" parent="1" source="a"><mxGeometry relative="1" as="geometry"/></mxCell>'
        "</root></mxGraphModel>",
        encoding="utf-8",
    )
    dlg = DrawioDialog(doc, stack, drawn)
    qtbot.addWidget(dlg)
    assert dlg.loaded and "1 line that does not join two cards was left out" in dlg.file_label.text()
    assert dlg.file_label.textFormat() == Qt.TextFormat.PlainText
    bad = tmp_path / "bad.drawio"
    bad.write_bytes(b'<!DOCTYPE x [<!ENTITY a "b">]><mxfile/>')
    io = OpenIO(bad)
    assert import_drawio(None, doc, stack, io=io) is None
    assert io.filters[0] == "draw.io diagrams (*.drawio *.xml)"
    assert len(io.errors) == 1 and "declares a DTD or entities" in io.errors[0]
    assert stack.count() == 0


def test_import_dialog_speaks_spanish(qtbot, qapp, hotel_env, tmp_path):
    doc, jid, stack = hotel_env
    path = tmp_path / "map.drawio"
    drawio.write_drawio(doc.project, jid, path)
    qti18n.apply("es")
    try:
        dlg = DrawioDialog(doc, stack, path)
        qtbot.addWidget(dlg)
        assert dlg.windowTitle() == "Importar un diagrama de draw.io"
        assert i18n.translation("es").gettext("&draw.io diagram…") == "Diagrama de &draw.io…"
    finally:
        qti18n.apply("en")


def test_menus_open_the_drawio_dialogs(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from cxdesigner import dialogs
    from cxdesigner.mainwindow import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    calls = []
    monkeypatch.setattr(dialogs, "export_text", lambda *a: calls.append(("export", a[3])))
    monkeypatch.setattr(dialogs, "import_drawio", lambda *a: calls.append(("import",)))
    actions = {a.text(): a for a in window.export_menu.actions() + window.import_menu.actions()}
    window.export_menu.setEnabled(True)
    window.import_menu.setEnabled(True)
    actions["&draw.io…"].trigger()
    actions["&draw.io diagram…"].trigger()
    assert calls == [("export", "drawio"), ("import",)]
    window.close()


# -- the command line -----------------------------------------------------------------------------------


def run(*args, env_dir):  # type: ignore[no-untyped-def]
    env = {**os.environ, "CXDESIGNER_DATA_DIR": str(env_dir), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "cxdesigner", *map(str, args)], capture_output=True, text=True, env=env, timeout=120
    )


def test_cli_exports_and_imports_drawio_without_qt(tmp_path, data_dir):
    project = tmp_path / "h.cxd"
    api.new_project(project, template="hotel").close()
    out = tmp_path / "map.drawio"
    r = run("export", project, "-o", out, "--lang", "es", env_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<mxfile')
    r = run("import", project, out, env_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "Imported 1 journey; “Weekend at a city hotel” renamed “Weekend at a city hotel (2)”" in r.stdout
    r = run("import", project, out, "--journey", "Nope", env_dir=data_dir)
    assert r.returncode == 2 and "no journey named “Nope”" in r.stderr
    bomb = tmp_path / "x.xml"
    bomb.write_bytes(b'<!DOCTYPE x [<!ENTITY a "b">]><mxfile/>')
    r = run("import", project, bomb, "--format", "drawio", env_dir=data_dir)
    assert r.returncode == 2 and "declares a DTD" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    doc = api.open_project(project, read_only=True)
    try:
        a, b = doc.project.journeys()
        assert len(doc.project.touchpoints(b.id)) == len(doc.project.touchpoints(a.id))
    finally:
        doc.close()
    code = (
        "import sys\n"
        "from cxdesigner.cli import main\n"
        f"assert main(['export', {str(project)!r}, '--format', 'drawio', '-o', {str(tmp_path / 'o')!r}]) == 0\n"
        "import cxdesigner.exchange.drawio\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6.QtWidgets', 'PySide6.QtGui'))]\n"
        "assert not bad, bad\n"
    )
    env = {**os.environ, "CXDESIGNER_DATA_DIR": str(data_dir)}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
