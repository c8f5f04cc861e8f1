"""Issue 10 part of issue 11's work: the map export dialog remembers format, folder and resolution."""

from __future__ import annotations

from test_dialogs_export import MapDialog, forget_exports, open_dialog

import cxdesigner
from cxdesigner import settings


def test_map_export_remembers_format_and_folder_across_openings(qtbot, tmp_path):
    forget_exports()
    doc = cxdesigner.new_project(None, template="hotel")
    try:
        jid = doc.project.journeys()[0].id
        settings.set_value("export/dpi", 300)
        dlg = open_dialog(qtbot, MapDialog, doc, jid, [])
        assert dlg.fmt == "png" and dlg.dpi_spin.value() == 300
        dlg.set_format("svg")
        dlg.set_output_path(tmp_path / "first.svg")
        assert dlg.export()
        assert (tmp_path / "first.svg").is_file()

        again = open_dialog(qtbot, MapDialog, doc, jid, [])
        assert again.fmt == "svg"
        assert again.path_edit.text() == str(tmp_path / "Weekend at a city hotel.svg")
    finally:
        doc.close()
        forget_exports()
