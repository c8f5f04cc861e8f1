"""Starting the desktop app: logging, crash reporting, the QApplication and the first window."""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from .storage import data_dir

log = logging.getLogger("cxdesigner")
_fault_file = None


def log_file() -> Path:
    return data_dir() / "cxdesigner.log"


def setup_logging() -> Path:
    """A log file in the data folder, and faulthandler writing hard crashes into it."""
    global _fault_file
    path = log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        filename=path,
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    _fault_file = open(path, "a", encoding="utf-8")  # noqa: SIM115 - must outlive this function
    faulthandler.enable(_fault_file)
    return path


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """An unexpected error shows a dialog (what happened, where the log is) instead of dying silently."""
    text = "".join(traceback.format_exception(kind, exc, tb))
    log.error("Unexpected error:\n%s", text)
    if sys.__stderr__ is not None:
        sys.__stderr__.write(text)
    try:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is None:
            return
        box = QMessageBox()
        box.setIcon(QMessageBox.Icon.Critical)
        box.setTextFormat(Qt.TextFormat.PlainText)
        from .i18n import _

        box.setWindowTitle(_("CX Designer: unexpected error"))
        box.setText(_("Something went wrong: {kind}: {error}").format(kind=kind.__name__, error=exc))
        box.setInformativeText(
            _("Your work is kept in the working copy and can be saved. Details are in the log: {path}").format(
                path=log_file()
            )
        )
        box.setDetailedText(text)
        box.exec()
    except Exception:
        pass


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal", "vnc")):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: Sequence[str] = ()) -> int:
    args = list(argv)
    if not has_display():
        print(
            "cxdesigner: no display found (DISPLAY is not set); the app needs a screen. "
            "Headless commands work anywhere: cxdesigner --help",
            file=sys.stderr,
        )
        return 2
    setup_logging()
    sys.excepthook = _excepthook

    from PySide6.QtWidgets import QApplication

    from . import i18n, qti18n, settings
    from .mainwindow import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    app.setOrganizationName("CX Designer")
    app.setApplicationName("cxdesigner")
    app.setApplicationDisplayName("CX Designer")
    lang = qti18n.apply(i18n.resolve(settings.get("ui/language"), qti18n.system_language()))
    window = MainWindow(ui_lang=lang)
    window.show()
    # Unsaved work of a session that died comes back first, each project in its own window.
    restored = window.safety.recover_at_start()
    for i, doc in enumerate(restored):
        target = window if i == 0 else window.new_window()
        target.set_document(doc)
    files = [a for a in args if not a.startswith("-")]
    for i, path in enumerate(files):
        target = window if i == 0 and not restored else window.new_window()
        target.open_path(path)
    return app.exec()
