"""The packages whose names load on first use keep those names when a submodule is imported directly."""

from __future__ import annotations

import importlib
import sys
import types

import pytest

from cxdesigner import analysis, dialogs


@pytest.mark.parametrize("package", [analysis, dialogs], ids=["analysis", "dialogs"])
def test_a_submodule_of_a_public_name_never_hides_it(package, monkeypatch):
    # The Preferences dialog imports ``dialogs.export_map`` for the resolution's limits; the import system
    # then bound the package's ``export_map`` to that module, and File ▸ Export ▸ Map called a module.
    names = [name for name in package.__all__ if importlib.util.find_spec(f"{package.__name__}.{name}")]
    assert names  # export_map, import_survey…; insights in analysis
    for name in names:
        module = importlib.import_module(f"{package.__name__}.{name}")
        monkeypatch.delitem(vars(package), name, raising=False)
        setattr(package, name, module)  # what the import system does after a submodule's first import
        found = getattr(package, name)
        assert not isinstance(found, types.ModuleType), name
        assert callable(found) and found.__name__ == name


def test_file_export_map_opens_its_dialog_after_a_direct_import_of_its_module(qtbot, tmp_path, monkeypatch):
    import cxdesigner
    from cxdesigner.dialogs.export_map import ExportMapDialog
    from cxdesigner.mainwindow import MainWindow

    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    window = MainWindow()
    qtbot.addWidget(window)
    try:
        window.open_path(path)
        # As after Edit ▸ Preferences in a fresh process: the module bound under the function's name.
        monkeypatch.delitem(vars(dialogs), "export_map", raising=False)
        dialogs.export_map = sys.modules["cxdesigner.dialogs.export_map"]
        opened = []
        monkeypatch.setattr(ExportMapDialog, "exec", lambda self: opened.append(self.journey_id) or 0)
        export = next(a for a in window.export_menu.actions() if a.text() == "&Map (PNG, SVG, PDF)…")
        export.trigger()
        assert opened == [window.selection.journey_id]
    finally:
        window.close()
