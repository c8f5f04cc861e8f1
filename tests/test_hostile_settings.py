"""A settings file with values out of range or of the wrong type: the app opens with the defaults for them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import settings_file
from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMessageBox

from cxdesigner import settings
from cxdesigner.dialogs.export_map import DPI_DEFAULT, DPI_MAX, DPI_MIN, ExportMapDialog
from cxdesigner.mainwindow import MainWindow
from cxdesigner.window import preferences


@pytest.fixture
def hostile_settings(tmp_path, monkeypatch):
    own = str(settings_file(tmp_path / "settings.ini"))
    monkeypatch.setattr(settings, "_store", lambda: QSettings(own, QSettings.Format.IniFormat))


def test_every_setting_reads_as_its_type_and_within_its_bounds(hostile_settings):
    for key, s in settings.SETTINGS.items():
        value = settings.get(key)
        assert isinstance(value, s.type), (key, value)
        if s.bounds is not None:
            assert s.bounds[0] <= value <= s.bounds[1], (key, value)
    assert settings.get("backups/interval_minutes") == 30 and settings.get("export/dpi") == 150
    assert settings.get("window/geometry") == QByteArray()


def test_the_window_opens_and_the_export_dialog_shows_the_default_resolution(qtbot, hostile_settings):
    # 10**20 minutes between backups raised OverflowError in QTimer.start while the main window was
    # being built: "Unexpected error", no window, and a process that then ignored the request to end.
    w = MainWindow()
    qtbot.addWidget(w)
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    assert w.safety.scheduler.timer.interval() == 30 * 60_000
    w.new_project(template="hotel")
    dialog = ExportMapDialog(w.doc, w.doc.journeys()[0].id, parent=w)
    qtbot.addWidget(dialog)
    assert dialog.dpi_spin.value() == DPI_DEFAULT
    w.close()


def test_the_bounds_are_the_ones_the_dialogs_offer():
    assert settings.SETTINGS["export/dpi"].bounds == (DPI_MIN, DPI_MAX)
    assert settings.SETTINGS["backups/interval_minutes"].bounds == (0, preferences.MAX_BACKUP_MINUTES)


def test_a_window_that_cannot_close_does_not_keep_the_app_from_ending(qtbot, qapp, monkeypatch, caplog):
    # A window left half built by an error at start (no safety controller) raised AttributeError in its
    # shut_down, before app.quit(): the process outlived SIGTERM and had to be killed.
    from cxdesigner import app as appmodule

    w = MainWindow()
    qtbot.addWidget(w)

    def broken() -> None:
        raise AttributeError("'MainWindow' object has no attribute 'safety'")

    monkeypatch.setattr(w, "shut_down", broken)
    ended = []
    monkeypatch.setattr(qapp, "quit", lambda: ended.append(True))
    appmodule.shut_down(qapp)
    assert ended == [True]
    assert "could not close on the system's signal" in caplog.text
    w.close()


@pytest.mark.parametrize("name", ["CX Designer/cxdesigner.conf", "CX Designer.conf"])
def test_a_settings_file_that_is_a_named_pipe_is_not_waited_on(tmp_path, name):
    """`make run` asks the language before it opens the app: Qt waited on the pipe for good, and so did make."""
    import os
    import stat
    import subprocess
    import sys

    config = tmp_path / "config"
    (config / "CX Designer").mkdir(parents=True)
    os.mkfifo(config / name)
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root), "XDG_CONFIG_HOME": str(config), "QT_QPA_PLATFORM": "offscreen",
           "TMPDIR": str(tmp_path)}
    env.pop("CXDESIGNER_LANG", None)
    proc = subprocess.run(  # the Makefile's own line
        [sys.executable, "-c", "from cxdesigner.app import interface_language; print(interface_language())"],
        env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )
    assert proc.returncode == 0 and proc.stdout.strip() in ("en", "es"), proc.stderr
    assert "named pipe" in proc.stderr and "remove it" in proc.stderr
    assert stat.S_ISFIFO((config / name).stat().st_mode)  # left as it was
    assert not list(tmp_path.glob("cxdesigner-settings-*"))  # the stand-in for the run went with it


def test_lists_read_within_what_the_app_writes(tmp_path, monkeypatch):
    # 20,000 recent files kept the window from opening for minutes (a menu entry and a tile each, and the
    # start page's work grew as their square); emotion names of 50,000 characters went into every view.
    own = tmp_path / "settings.ini"
    recent = ", ".join(f"/nowhere/p{i}.cxd" for i in range(20_000))
    labels = ", ".join(["Furious", "w" * 50_000, "Bad\\nline", "", "Fine", "Glad", "Delighted"])
    own.write_text(f"[files]\nrecent={recent}\n[ui]\nemotion_labels={labels}\n", encoding="utf-8")
    monkeypatch.setattr(settings, "_store", lambda: QSettings(str(own), QSettings.Format.IniFormat))
    assert settings.get("files/recent") == [f"/nowhere/p{i}.cxd" for i in range(settings.MAX_RECENT)]
    # Each name keeps its place: a bad one is the built-in name, not the next one moved up.
    assert settings.get("ui/emotion_labels") == ["Furious", "", "", "", "Fine", "Glad", "Delighted"]
