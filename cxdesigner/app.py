"""Starting the desktop app: logging, crash reporting, the QApplication and the first window."""

from __future__ import annotations

import faulthandler
import logging
import os
import signal
import socket
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from .mainwindow import MainWindow

log = logging.getLogger("cxdesigner")
_fault_file = None
# The desktop file's name without ".desktop" (packaging/): task bars and docks find the icon and name by it.
APP_ID = "io.github.cxdesigner.CXDesigner"
# QSettings finds the user's settings by these two names (~/.config/CX Designer/cxdesigner.conf).
ORGANIZATION = "CX Designer"
APP_NAME = "cxdesigner"
# `make package-test` and the chroot check start the app, let it open its files and stop: packaging/README.md.
QUIT_AFTER_START = "CXDESIGNER_QUIT_AFTER_START"


def log_file() -> Path:
    from .storage import log_file

    return log_file()


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


def unexpected_text(exc: BaseException) -> str:
    """The unexpected-error box's first line, in the interface language.

    It gave Python's words whatever the language ("OSError: [Errno 28] No space left on device: '…'"). A
    failure of the disk or the memory that no message of ours caught is still a fact with a next step;
    anything else is a fault of ours, named by its kind only (the details and the log keep the rest).
    """
    from .i18n import _, os_reason

    if isinstance(exc, MemoryError):
        return _("There is not enough memory for this: close other programs and try again.")
    if isinstance(exc, OSError):
        where = exc.filename if isinstance(exc.filename, str) else ""
        reason = os_reason(exc)
        if where:
            return _("Something went wrong with {path}: {reason}. Check that disk or folder, then try again.").format(
                path=where, reason=reason
            )
        return _("Something went wrong with a file or the network: {reason}. Check them, then try again.").format(
            reason=reason
        )
    return _("Something went wrong inside CX Designer ({kind}).").format(kind=type(exc).__name__)


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
        box.setText(unexpected_text(exc))
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


def app_icon() -> QIcon:
    """The installed theme icon where there is one (drawn for each size), else the SVG inside the package."""
    from PySide6.QtGui import QIcon

    from . import resources

    return QIcon.fromTheme(APP_ID, QIcon(str(resources.resource_path("icons", "cxdesigner.svg"))))


def configure(app: QGuiApplication, icon: bool = True) -> None:
    """Names and icon for the desktop: the settings folder, the window titles, the task bar's entry.

    ``icon`` False leaves the icon to the caller (the start sets it once the first window is mapped).
    """
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("CX Designer")
    app.setApplicationVersion(__version__)
    # Wayland's app id and KDE's window property: the window is matched to the installed desktop file.
    app.setDesktopFileName(APP_ID)
    if icon:
        app.setWindowIcon(app_icon())


def interface_language() -> str:
    """The language the interface opens in: $CXDESIGNER_LANG, else the one chosen in Preferences, else the system's.

    Also asked before any application exists (`make run` picks the sample in this language), so the
    names under which QSettings keeps the choice are set here when nothing has set them.
    """
    from PySide6.QtCore import QCoreApplication

    from . import i18n, qti18n, settings

    if QCoreApplication.instance() is None and not QCoreApplication.organizationName():
        QCoreApplication.setOrganizationName(ORGANIZATION)
        QCoreApplication.setApplicationName(APP_NAME)
    return i18n.resolve(settings.get("ui/language"), qti18n.system_language())


def open_requested(path: str) -> MainWindow | None:
    """A file the system asks us to open: into an empty window, else a new one beside the others."""
    from PySide6.QtWidgets import QApplication

    from .mainwindow import MainWindow

    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if not path or not windows:
        return None
    empty = [w for w in windows if w.doc is None]
    target = empty[0] if empty else windows[0].new_window()
    target.open_path(path)
    target.raise_()
    target.activateWindow()
    return target


def application(args: list[str]) -> QApplication:
    """The QApplication, able to take macOS's FileOpen event: a double-clicked .cxd never comes in argv there."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    class Application(QApplication):
        # event() of the application object alone, unlike an event filter that sees every widget's events.
        def event(self, event: QEvent) -> bool:
            if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
                open_requested(event.file())
                return True
            return super().event(event)

    return Application(args)


# The signals that end a desktop session: SIGTERM (a laptop shutting down, a `kill`, a session
# logging out) and SIGHUP (the terminal that started the app closing).
SHUTDOWN_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def handle_shutdown_signals(app: QApplication) -> None:
    """End the app as Quit does, asking nothing, when the system sends SIGTERM or SIGHUP.

    Python runs a signal handler only between bytecodes, never while Qt's event loop waits: the
    signal's number goes down a socket instead (``signal.set_wakeup_fd``), which Qt watches.
    """
    from PySide6.QtCore import QSocketNotifier

    try:
        receive, send = socket.socketpair()
    except OSError:  # pragma: no cover - no sockets at all: the signals keep their default
        return
    for end in (receive, send):
        end.setblocking(False)
    try:
        signal.set_wakeup_fd(send.fileno(), warn_on_full_buffer=False)
    except ValueError:  # pragma: no cover - not the main thread (an embedding host)
        return
    for number in SHUTDOWN_SIGNALS:
        # A handler of our own, so the process lives on to close; the work is done by the notifier.
        signal.signal(number, lambda _number, _frame: None)
    notifier = QSocketNotifier(receive.fileno(), QSocketNotifier.Type.Read, app)

    def woken() -> None:
        try:
            numbers = receive.recv(64)
        except OSError:
            return
        if any(n in SHUTDOWN_SIGNALS for n in numbers):
            shut_down(app)

    notifier.activated.connect(woken)
    # Held for the life of the process: the wakeup descriptor must stay open while signals can come.
    _shutdown_watch.extend((receive, send, notifier))


_shutdown_watch: list[object] = []


def shut_down(app: QApplication) -> None:
    """Close every window as on Quit without a question: unsaved work stays for recovery, locks go."""
    from PySide6.QtWidgets import QApplication, QDialog

    from .mainwindow import MainWindow

    log.info("Ending on a signal from the system: unsaved work is kept for the next start")
    # A question left open (Save changes?, a file dialog) has nobody to answer it.
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
    for window in [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]:
        try:
            window.shut_down()
        except Exception:
            # A window an error left half built (no safety controller yet) kept app.quit() from running:
            # the process then outlived every request to end. Its work is in its working copy already.
            log.exception("A window could not close on the system's signal; ending anyway")
    app.quit()


def main(argv: Sequence[str] = ()) -> int:
    args = list(argv)
    if not has_display():
        print(
            "cxdesigner: no display found (DISPLAY is not set); the app needs a screen. "
            "Headless commands work anywhere: cxdesigner --help",
            file=sys.stderr,
        )
        return 2
    from . import collector

    files = [a for a in args if not a.startswith("-")]
    # Up to the window's mapping the app makes its modules, classes and widgets: objects that live as
    # long as it does. Some 65 young-generation passes over them freed about 400 objects of 38,000
    # (about 2% of the start's instructions); they go to the oldest generation at once instead, and
    # those few cycles wait for its next pass.
    with collector.paused(settle=True):
        app, window = _first_window(args, files)
    # The icon once the window is mapped: the SVG's image plugin, QtSvg and the icon drawn at each of
    # the window manager's sizes (about 3% of the start's instructions) are not in the window's first
    # frame, painted once the files below are open; the window manager's title bar and task bar
    # entry take it from the window's property as it comes.
    app.setWindowIcon(app_icon())
    # Unsaved work of a session that died comes back first, each project in its own window.
    restored = window.safety.recover_at_start()
    if window.safety.ending:
        # Ended by the system while asking (the event loop has not started: quit() would not end it).
        for doc in restored:
            doc.close(keep_unsaved=True)
        return 0
    for i, doc in enumerate(restored):
        target = window if i == 0 else window.new_window()
        target.set_document(doc)
    for i, path in enumerate(files):
        target = window if i == 0 and not restored else window.new_window()
        target.open_path(path)
        if window.safety.ending:
            return 0
    window.show_start_page()  # none of the files opened
    if os.environ.get(QUIT_AFTER_START):
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: _report_start(window, app))
    return app.exec()


def _first_window(args: list[str], files: list[str]) -> tuple[QApplication, MainWindow]:
    """The application and its first window, shown: the window maps here."""
    setup_logging()
    sys.excepthook = _excepthook

    from PySide6.QtWidgets import QApplication

    from . import qti18n
    from .mainwindow import MainWindow
    from .window import theme

    app = QApplication.instance() or application([sys.argv[0], *args])
    configure(app, icon=False)
    handle_shutdown_signals(app)
    theme.follow_system(app)  # light or dark as the system says, and switching with it
    lang = qti18n.apply(interface_language())
    window = MainWindow(ui_lang=lang, start_page=not files)
    window.show()
    return app, window


def _report_start(window: MainWindow, app: QApplication) -> None:
    """What a packaging check needs to see that the app came up whole, then the ordinary way out."""
    icon = "yes" if not app.windowIcon().isNull() else "no"
    title = window.windowTitle().replace("[*]", "")
    # flush=True, not sys.stdout.flush(): a windowed program on Windows has no stdout at all.
    print(f"cxdesigner started: window {title!r}, icon {icon}, desktop file {app.desktopFileName()}", flush=True)
    app.closeAllWindows()
    app.quit()
