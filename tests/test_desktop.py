"""Desktop integration: icons, desktop file, AppStream metainfo, the .cxd MIME type, and how the app names itself."""

from __future__ import annotations

import configparser
import os
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from packaging_scripts import ROOT, load
from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import QMessageBox

import cxdesigner
from cxdesigner import app
from cxdesigner.mainwindow import MainWindow
from cxdesigner.storage import APPLICATION_ID
from cxdesigner.window.startpage import StartPage

desktop = load("desktop")
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def needs(tool: str) -> pytest.MarkDecorator:
    """Validators run where installed (`make test` installs them), and say why they were skipped elsewhere."""
    return pytest.mark.skipif(shutil.which(tool) is None, reason=f"{tool} is not installed (make test installs it)")


def entry(text: str) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive in desktop files
    parser.read_string(text)
    return parser["Desktop Entry"]


def run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, **kwargs)


def test_one_app_id_everywhere():
    assert app.APP_ID == desktop.APP_ID
    assert desktop.DESKTOP_FILE.name == f"{app.APP_ID}.desktop"
    fields = entry(desktop.DESKTOP_FILE.read_text(encoding="utf-8"))
    assert fields["Icon"] == app.APP_ID
    assert desktop.MIME_TYPE in fields["MimeType"].split(";")
    assert fields["Exec"] == "cxdesigner %F"
    # X11 docks match windows by WM_CLASS, which Qt takes from the application name.
    assert fields["StartupWMClass"] == "cxdesigner"


@needs("desktop-file-validate")
def test_desktop_file_validates_as_shipped_and_as_installed_for_a_venv(tmp_path):
    proc = run(["desktop-file-validate", str(desktop.DESKTOP_FILE)])
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr
    installed = tmp_path / desktop.DESKTOP_FILE.name
    installed.write_text(desktop.desktop_entry(str(tmp_path / "my venv" / "bin" / "cxdesigner")), encoding="utf-8")
    proc = run(["desktop-file-validate", str(installed)])
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


def test_exec_line_quotes_a_program_path_that_needs_it():
    assert entry(desktop.desktop_entry("/opt/cxd/cxdesigner"))["Exec"] == "/opt/cxd/cxdesigner %F"
    # The spec's quoting, then the string escape of the file: a backslash in the path doubles twice.
    assert entry(desktop.desktop_entry("/home/a b/$x"))["Exec"] == '"/home/a b/\\\\$x" %F'


@needs("appstreamcli")
def test_metainfo_validates():
    proc = run(["appstreamcli", "validate", "--no-net", str(desktop.METAINFO_FILE)])
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_metainfo_names_this_release_and_the_desktop_file():
    root = ET.parse(desktop.METAINFO_FILE).getroot()
    assert root.findtext("id") == app.APP_ID
    assert root.findtext("launchable") == desktop.DESKTOP_FILE.name
    assert root.find("releases/release").get("version") == cxdesigner.__version__
    assert root.find("content_rating").get("type") == "oars-1.1"
    assert root.findtext("provides/mediatype") == desktop.MIME_TYPE


def test_metainfo_screenshots_are_the_guide_s_own():
    # No public site yet: no address at all rather than one that does not answer (packaging/README.md says
    # how to add them). Once there are screenshots, each is a picture the guide shows too, retaken by
    # `make screenshots`, so a software centre never shows an older app.
    root = ET.parse(desktop.METAINFO_FILE).getroot()
    assert "cxdesigner.github.io" not in desktop.METAINFO_FILE.read_text(encoding="utf-8")
    guide = Path(__file__).resolve().parent.parent / "docs" / "guide"
    for url in [e.text for e in root.findall("screenshots/screenshot/image")]:
        _prefix, _sep, name = url.rpartition("/guide/")
        assert url.startswith("https://") and (guide / name).is_file(), url


def test_mime_magic_is_the_header_storage_writes(tmp_path):
    mime = ET.parse(desktop.MIME_FILE).getroot().find(f"{MIME_NS}mime-type")
    assert mime.get("type") == desktop.MIME_TYPE
    assert mime.find(f"{MIME_NS}glob").get("pattern") == "*.cxd"
    outer = mime.find(f"{MIME_NS}magic/{MIME_NS}match")
    inner = outer.find(f"{MIME_NS}match")
    assert (outer.get("type"), outer.get("offset"), outer.get("value")) == ("string", "0", "SQLite format 3\\0")
    assert (inner.get("type"), inner.get("offset")) == ("big32", "68")
    assert int(inner.get("value"), 16) == APPLICATION_ID
    path = tmp_path / "hotel.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    header = path.read_bytes()[:100]
    assert header[:16] == b"SQLite format 3\0"
    assert int.from_bytes(header[68:72], "big") == APPLICATION_ID


@pytest.mark.slow
def test_the_desktop_database_recognises_a_project_by_its_content(tmp_path):
    """Qt's MIME database (the one a file dialog uses) reads our entry: our file by content, not any SQLite file."""
    share = tmp_path / "share"
    (share / "mime" / "packages").mkdir(parents=True)
    shutil.copyfile(desktop.MIME_FILE, share / "mime" / "packages" / f"{app.APP_ID}.xml")
    env = {**os.environ, "XDG_DATA_HOME": str(share), "XDG_DATA_DIRS": f"{share}:/usr/local/share:/usr/share"}
    if shutil.which("update-mime-database"):
        proc = run(["update-mime-database", str(share / "mime")], env=env)
        assert proc.returncode == 0 and not proc.stderr.strip(), proc.stderr
    project = tmp_path / "renamed.bin"
    cxdesigner.new_project(project, template="hotel").close()
    other = tmp_path / "other.bin"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE t (x)")
    db.close()
    code = (
        "import sys; from PySide6.QtCore import QMimeDatabase; d = QMimeDatabase();"
        " [print(d.mimeTypeForFile(p, QMimeDatabase.MatchMode.MatchContent).name()) for p in sys.argv[1:]];"
        " print(d.mimeTypeForName('application/x-cxdesigner').comment())"
    )
    proc = run([sys.executable, "-c", code, str(project), str(other)], env=env)
    assert proc.returncode == 0, proc.stderr
    ours, theirs, comment = proc.stdout.splitlines()
    assert ours == "application/x-cxdesigner"
    assert theirs != "application/x-cxdesigner"
    assert comment == "CX Designer project"


def _pixels(path: Path) -> list[tuple[int, int, int, int]]:
    image = QImage(str(path))
    return [image.pixelColor(x, y).getRgb() for y in range(image.height()) for x in range(image.width())]


@pytest.mark.slow
def test_install_for_a_user_and_uninstall(tmp_path):
    data = tmp_path / "share"
    program = tmp_path / "my venv" / "bin" / "cxdesigner"
    written = desktop.install(data, exec_command=str(program), refresh=True, icons=tmp_path / "icons")
    assert set(written) == set(desktop.planned_files(data, tmp_path / "icons"))
    fields = entry((data / "applications" / f"{app.APP_ID}.desktop").read_text(encoding="utf-8"))
    assert fields["Exec"] == f'"{program}" %F'
    for size in desktop.PNG_SIZES:
        for context, name in (("apps", app.APP_ID), ("mimetypes", desktop.MIME_ICON)):
            image = QImage(str(data / "icons" / "hicolor" / f"{size}x{size}" / context / f"{name}.png"))
            assert (image.width(), image.height()) == (size, size)
    # At 16 px the motif is still there: the tile's indigo, the white curve, the amber touchpoints.
    small = _pixels(data / "icons" / "hicolor" / "16x16" / "apps" / f"{app.APP_ID}.png")
    assert sum(1 for r, g, b, a in small if a > 200 and r > 200 and 140 < g < 210 and b < 90) >= 6
    assert sum(1 for r, g, b, a in small if a > 200 and b > 120 and r < 90) >= 60
    assert sum(1 for r, g, b, a in small if a > 200 and min(r, g, b) > 170) >= 12
    if shutil.which("update-mime-database"):
        assert (data / "mime" / "mime.cache").is_file()
        assert (data / "mime" / "application" / "x-cxdesigner.xml").is_file()
    removed = desktop.uninstall(data, refresh=False)
    assert set(removed) == set(written)
    assert not [p for p in written if p.exists()]


def test_configure_names_the_app_and_gives_it_its_icon(qapp):
    saved = (qapp.organizationName(), qapp.applicationName(), qapp.applicationDisplayName())
    saved_rest = (qapp.applicationVersion(), qapp.desktopFileName(), qapp.windowIcon())
    try:
        app.configure(qapp)
        assert qapp.desktopFileName() == app.APP_ID
        assert qapp.applicationName() == "cxdesigner"
        assert qapp.applicationDisplayName() == "CX Designer"
        assert qapp.applicationVersion() == cxdesigner.__version__
        assert not qapp.windowIcon().pixmap(16, 16).isNull()
        assert not qapp.windowIcon().pixmap(256, 256).isNull()
    finally:
        qapp.setOrganizationName(saved[0])
        qapp.setApplicationName(saved[1])
        qapp.setApplicationDisplayName(saved[2])
        qapp.setApplicationVersion(saved_rest[0])
        qapp.setDesktopFileName(saved_rest[1])
        qapp.setWindowIcon(saved_rest[2] if not saved_rest[2].isNull() else QIcon())


def test_a_file_the_system_hands_over_opens_in_the_empty_window_then_beside_it(qtbot, tmp_path):
    first, second = tmp_path / "a.cxd", tmp_path / "b.cxd"
    for path in (first, second):
        cxdesigner.new_project(path, template="hotel").close()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert isinstance(window.centralWidget(), StartPage)  # the empty window is the start page
    assert app.open_requested(str(first)) is window
    assert window.centralWidget() is window.editor
    assert window.doc is not None and window.doc.path == first
    other = app.open_requested(str(second))  # deletes itself on close, as every new window does
    assert other is not window and other.doc.path == second
    for w in (window, other):
        w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
        w.close()


def _env(tmp_path: Path) -> dict[str, str]:
    """The environment `make package-test` gives the bundle (private folders, offscreen), with this source."""
    (tmp_path / "runtime").mkdir(mode=0o700)
    # A crash on the way out (seen once in a CI run) then says where it happened.
    return {**load("package_test").clean_env(tmp_path), "PYTHONPATH": str(ROOT), "PYTHONFAULTHANDLER": "1"}


@pytest.mark.slow
def test_the_app_starts_on_a_file_and_quits_when_asked(tmp_path):
    """What `make package-test` does with the bundle, here with the source: the app as a user starts it."""
    path = tmp_path / "hotel.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    proc = run([sys.executable, "-m", "cxdesigner", str(path)], env={**_env(tmp_path), app.QUIT_AFTER_START: "1"})
    assert proc.returncode == 0, proc.stderr
    assert f"window 'Hotel stay — hotel.cxd — CX Designer', icon yes, desktop file {app.APP_ID}" in proc.stdout
    assert "Traceback" not in proc.stderr


@pytest.mark.slow
def test_the_application_opens_a_file_open_event(tmp_path):
    """macOS's double-click: a FileOpen event to the application object opens the project."""
    path = tmp_path / "hotel.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    code = (
        "import sys; from PySide6.QtCore import QCoreApplication; from PySide6.QtGui import QFileOpenEvent;"
        " from cxdesigner import app; a = app.application(['x']); app.configure(a);"
        " from cxdesigner.mainwindow import MainWindow; w = MainWindow(); w.show();"
        " QCoreApplication.sendEvent(a, QFileOpenEvent(sys.argv[1]));"
        " print(w.windowTitle().replace('[*]', '')); w.close()"
    )
    proc = run([sys.executable, "-c", code, str(path)], env=_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "Hotel stay — hotel.cxd — CX Designer"
