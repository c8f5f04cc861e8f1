"""Start and close a room session from the window: the Workshop menu and toolbar, the Room dock.

The room lives as long as the project it serves: closing the room, the project or the app stops
the server at once. aiohttp is loaded only when a room starts.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu, QToolBar, QWidget

from ..document import Document, Selection
from ..i18n import N_, _, os_reason

if TYPE_CHECKING:
    # Loaded when a room starts: the session's state and the QR code's encoder (segno, with urllib
    # and email behind it) cost a fifth of a second of every start-up otherwise.
    from ..room.state import Timer
    from .bridge import RoomSession
    from .panel import JoinScreen
    from .projector import Projector

ProjectorFactory = Callable[[Document, Selection], "Projector"]


def _selection_projector(doc: Document, selection: Selection) -> Projector:
    from .projector import SelectionProjector

    return SelectionProjector(doc.project, selection)


def exercise_timer_view(exercise: Any) -> Timer | None:
    """The workshop's exercise timer as phones see it: seconds left and whether it runs; None when put away."""
    from ..room.state import Timer  # the room's modules load only when a room starts

    if exercise.state == "running":
        return Timer(exercise.remaining(), True)
    if exercise.state in ("paused", "finished"):
        return Timer(exercise.remaining(), False)
    return None


def local_addresses() -> list[tuple[str, str]]:
    """(interface name, IPv4 address) of each network this laptop is on that a room can use."""
    # QtNetwork loads only when a room is about to start: some 7 ms of every start-up otherwise.
    from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface

    from ..room.network import allowed_peer

    flags = QNetworkInterface.InterfaceFlag
    out = []
    for interface in QNetworkInterface.allInterfaces():
        state = interface.flags()
        if not (state & flags.IsUp and state & flags.IsRunning) or state & flags.IsLoopBack:
            continue
        for entry in interface.addressEntries():
            ip = entry.ip()
            text = ip.toString()
            if ip.protocol() == QAbstractSocket.NetworkLayerProtocol.IPv4Protocol and allowed_peer(text) and not (
                text.startswith("127.")
            ):
                out.append((interface.humanReadableName(), text))
    return out


def join_screen_target(screens: Sequence[Any], window_screen: Any, presenting_on: Any = None, wanted: str = "") -> Any:
    """The screen the join screen opens on: the projector's, where the room looks.

    That is the presentation's screen while one runs; else the one the workshop remembers for
    presenting, else one that is not the main window's (a laptop's window stays on the laptop);
    else, with a single screen, the window's own.
    """
    from ..workshop.presentation import choose_screen

    if presenting_on is not None and presenting_on in screens:
        return presenting_on
    return choose_screen(screens, window_screen, wanted)


def _find_or_make_menu(window: Any) -> QMenu:
    # The workshop's menu when it has one; otherwise the room starts it.
    menu = window.menuBar().findChild(QMenu, "WorkshopMenu")
    if menu is None:
        menu = window._menu(window.menuBar(), N_("&Workshop"))
        menu.setObjectName("WorkshopMenu")
    return menu


def _find_or_make_toolbar(window: Any) -> QToolBar:
    bar = window.findChild(QToolBar, "WorkshopToolbar")
    if bar is None:
        bar = window.addToolBar("")
        window._named(bar, N_("Workshop"))
        bar.setObjectName("WorkshopToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return bar


class RoomLauncher(QObject):
    """The window's room: at most one session, for the project the window shows."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.session: RoomSession | None = None
        self.projector: Projector | None = None
        self.join_screen: JoinScreen | None = None
        # The workshop replaces this with its presentation, voting sessions and timer.
        self.projector_factory: ProjectorFactory = _selection_projector
        self._timer_link: Callable[[], None] | None = None  # undoes the link to the workshop's timer
        # Tests replace these two.
        self.addresses: Callable[[], list[tuple[str, str]]] = local_addresses
        self.choose_address: Callable[[list[tuple[str, str]]], str | None] = self._ask_address
        self.screens: Callable[[], Sequence[Any]] = QGuiApplication.screens
        self.act_start = QAction(window)
        window._named(self.act_start, N_("Start &Room Session…"))
        self.act_start.setObjectName("room_start")
        self.act_start.setShortcut(QKeySequence("Ctrl+J"))  # J for the join screen, also while presenting
        self.act_start.triggered.connect(self.start_dialog)
        self.act_close = QAction(window)
        window._named(self.act_close, N_("&Close Room"))
        self.act_close.setObjectName("room_close")
        self.act_close.triggered.connect(self.stop)
        menu = _find_or_make_menu(window)
        menu.addSeparator()
        menu.addAction(self.act_start)
        menu.addAction(self.act_close)
        _find_or_make_toolbar(window).addAction(self.act_start)
        self.dock = window.add_dock(N_("Room"), "RoomDock", Qt.DockWidgetArea.RightDockWidgetArea)
        self.dock.hide()
        self._doc = window.doc
        presenting = getattr(getattr(window, "workshop", None), "presenting_changed", None)
        if presenting is not None:
            presenting.connect(self._presenting_changed)
            window.workshop.model.changed.connect(self._narrow_join_panel)  # the presentation's steps
        window.project_changed.connect(self._project_changed)
        window.undo_stack.editable_changed.connect(lambda _editable: self._update())
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        self._update()

    # -- starting ------------------------------------------------------------------------------------------
    def start_dialog(self) -> bool:
        """Workshop ▸ Start Room Session: pick the network, start the server, show the join screen."""
        if self.session is not None:
            self.show_join_screen()
            return True
        if self.window.doc is None:
            return False
        found = self.addresses()
        if not found:
            self.window.show_error(
                _("No network for a room"),
                _("This laptop is not connected to any network, so phones cannot reach it.\n\n"
                  "Connect it to the room's Wi-Fi, or turn on the laptop's own hotspot (Wi-Fi settings ▸ "
                  "Hotspot) and ask people to join that network; the internet is not needed. Then start the "
                  "room session again."),
            )
            return False
        host = found[0][1] if len(found) == 1 else self.choose_address(found)
        if not host:
            return False
        return self.start(host)

    def _ask_address(self, found: list[tuple[str, str]]) -> str | None:
        items = [f"{address}  ({name})" for name, address in found]
        choice, ok = QInputDialog.getItem(
            self.window, _("Start room session"),
            _("This laptop is on several networks. Which one are the phones on?"), items, 0, False,
        )
        return found[items.index(choice)][1] if ok and choice in items else None

    def _selection_projector(self, doc: Document) -> Projector:
        """The window's selection, and the workshop's exercise timer when the window has one."""
        from .projector import SelectionProjector

        workshop = getattr(self.window, "workshop", None)
        exercise = getattr(workshop, "timer", None)
        if exercise is None:
            return SelectionProjector(doc.project, self.window.selection)
        projector = SelectionProjector(
            doc.project, self.window.selection, timer=lambda: exercise_timer_view(exercise),
            presenting=lambda: (workshop.presentation is not None, workshop.model.stage_id()),
        )
        projector.timer_changed()
        exercise.changed.connect(projector.timer_changed)
        # The phones' "Now" is the projector's step: each step, and the presentation's start and end, tell them.
        workshop.model.changed.connect(projector.presentation_changed)
        workshop.presenting_changed.connect(projector.presentation_changed)

        def unlink() -> None:
            exercise.changed.disconnect(projector.timer_changed)
            workshop.model.changed.disconnect(projector.presentation_changed)
            workshop.presenting_changed.disconnect(projector.presentation_changed)

        self._timer_link = unlink
        return projector

    def _link_voting(self, session: RoomSession, projector: Projector) -> None:
        """The workshop's voting banner shows while the phones may vote in its session, not only while the laptop
        votes: the room reads who votes and the dots left there whichever screen places them."""
        voting = getattr(getattr(self.window, "workshop", None), "voting", None)
        if voting is None:
            return
        voting.phones_session = lambda: (projector.vote_session_id() if session.running and projector.phase().vote
                                         else None)
        session.changed.connect(voting.room_changed)
        voting.room_changed()

    def _unlink_voting(self, session: RoomSession) -> None:
        voting = getattr(getattr(self.window, "workshop", None), "voting", None)
        if voting is None:
            return
        voting.phones_session = lambda: None
        with contextlib.suppress(RuntimeError, TypeError):
            session.changed.disconnect(voting.room_changed)
        voting.room_changed()

    def start(self, host: str, port: int | None = None) -> bool:
        """Start serving the current project on ``host`` (tests pass 127.0.0.1 and port 0)."""
        doc = self.window.doc
        if doc is None or self.session is not None:
            return False
        from .bridge import RoomSession
        from .panel import RoomPanel

        if self.projector_factory is _selection_projector:
            projector = self._selection_projector(doc)
        else:
            projector = self.projector_factory(doc, self.window.selection)
        session = RoomSession(doc, self.window.undo_stack, projector, parent=self)
        try:
            session.start(host, port)
        except Exception as exc:  # the server's thread hands on what stopped it, not only OSError
            if not isinstance(exc, OSError):
                logging.getLogger(__name__).error("the room's server did not start", exc_info=exc)
            if self._timer_link is not None:
                self._timer_link()
                self._timer_link = None
            _close_projector(projector)
            session.deleteLater()
            self.window.show_error(_("The room could not start"), start_failure(exc, host))
            return False
        self.session, self.projector = session, projector
        session.changed.connect(self._share_privacy)
        session.presence_changed.connect(self._narrow_join_panel)
        self._link_voting(session, projector)
        self._share_privacy()
        panel = RoomPanel(session)
        panel.join_screen_requested.connect(self.show_join_screen)
        panel.close_requested.connect(self.stop)
        old = self.dock.widget()
        self.dock.setWidget(panel)
        if old is not None:
            old.deleteLater()
        inspector = getattr(self.window, "dock_inspector", None)
        if inspector is not None and not inspector.isHidden() and self.dock.isHidden():
            self.window.tabifyDockWidget(inspector, self.dock)  # a tab beside the inspector: the map keeps its room
        self.dock.show()
        self.dock.raise_()
        self.show_join_screen()
        self.window.statusBar().showMessage(
            _("Room open at {address}, code {code}").format(address=session.server.address,  # type: ignore[union-attr]
                                                            code=session.server.code), 10000)  # type: ignore[union-attr]
        self._update()
        return True

    def _share_privacy(self) -> None:
        """Tell the workshop whether the room keeps its ideas private: then the projector shows none of them."""
        set_private = getattr(getattr(self.window, "workshop", None), "set_ideas_private", None)
        if set_private is None:
            return
        session, projector = self.session, self.projector
        phase = projector.phase() if session is not None and projector is not None else None
        set_private(phase is not None and phase.private and not session.ledger.revealed)  # type: ignore[union-attr]

    def presentation(self) -> Any:
        """The workshop's presentation window while one runs."""
        return getattr(getattr(self.window, "workshop", None), "presentation", None)

    def show_join_screen(self) -> None:
        """The QR code for the room: beside the presentation's map while one runs (again: hidden), else a window
        on the projector's screen."""
        if self.session is None:
            return
        presentation = self.presentation()
        if presentation is not None and hasattr(presentation, "set_side_panel"):
            self._toggle_join_panel(presentation)
            return
        if self.join_screen is None:
            from .panel import JoinScreen

            self.join_screen = JoinScreen(self.session, self.window)
            self.join_screen.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.join_screen.destroyed.connect(self._join_screen_gone)
            self._place_join_screen(self.join_screen)
        self.join_screen.show()
        self.join_screen.raise_()

    def _toggle_join_panel(self, presentation: Any, show: bool | None = None) -> None:
        """Show the join panel beside the presentation's map (with one screen the join window covered the slides
        until someone found it to close), or hide it when it shows; ``show`` forces either. Ctrl+J (``show`` None)
        on the panel narrowed to its corner makes it large again (a latecomer at the door), then hides it."""
        from .panel import JoinPanel

        panel = presentation.side_panel
        shown = isinstance(panel, JoinPanel)
        if show is None and shown and panel.compact:
            panel.set_compact(False)
            return
        if show is None:
            show = not shown
        if show and not shown:
            assert self.session is not None
            panel = JoinPanel(self.session, presentation)
            # Opened by the key it is large; shown with the presentation it takes the room's state.
            panel.set_compact(show is not None and self._join_panel_narrow(presentation))
            presentation.set_side_panel(panel)
        elif not show and shown:
            presentation.set_side_panel(None)
        if self.join_screen is not None:  # one place for the code: the window goes once the panel shows
            self.join_screen.close()

    def _join_panel_narrow(self, presentation: Any) -> bool:
        """Whether the join panel belongs in a corner: a phone has joined (the room has the code; a quarter of the
        screen kept inviting it), or a stage is shown (the room reads the map)."""
        session = self.session
        joined = session is not None and any(connected for *_p, connected in session.participants())
        return joined or presentation.model.stage_id() is not None

    def _narrow_join_panel(self, *_args: object) -> None:
        """A phone joined or left, or the presentation stepped: the panel narrows (or widens) as the room is now,
        a large one asked for by Ctrl+J included."""
        from .panel import JoinPanel

        presentation = self.presentation()
        panel = getattr(presentation, "side_panel", None)
        if isinstance(panel, JoinPanel):
            panel.set_compact(self._join_panel_narrow(presentation))

    def _presenting_changed(self) -> None:
        """A presentation that starts while the join window shows takes the code beside its map."""
        presentation = self.presentation()
        if presentation is not None and self.session is not None and self.join_screen is not None:
            self._toggle_join_panel(presentation, show=True)

    def target_screen(self) -> Any:
        """Where the join screen goes (see ``join_screen_target``)."""
        workshop = getattr(self.window, "workshop", None)
        presentation = getattr(workshop, "presentation", None)
        remembered = getattr(workshop, "remembered_screen", None)
        return join_screen_target(
            self.screens(), self.window.screen(), presentation.screen() if presentation is not None else None,
            remembered() if callable(remembered) else "",
        )

    def _place_join_screen(self, join_screen: QWidget) -> None:
        # Opened on the projector's screen, in its middle and no larger than it: there the room reads it,
        # and F11 fills that screen (Qt would open it on the laptop's, over the main window).
        screen = self.target_screen()
        if screen is None:
            return
        join_screen.setScreen(screen)
        room = screen.availableGeometry()
        size = join_screen.size().boundedTo(room.size())
        join_screen.resize(size)
        join_screen.move(room.x() + (room.width() - size.width()) // 2, room.y() + (room.height() - size.height()) // 2)

    def _join_screen_gone(self) -> None:
        self.join_screen = None

    # -- stopping -----------------------------------------------------------------------------------------
    def stop(self) -> None:
        """Close the room now (the project and the app closing do the same)."""
        session, self.session = self.session, None
        if session is None:
            return
        session.stop()
        self._share_privacy()
        if self.join_screen is not None:
            self.join_screen.close()
            self.join_screen = None
        presentation = self.presentation()
        if presentation is not None and hasattr(presentation, "set_side_panel"):
            self._toggle_join_panel(presentation, show=False)
        if self._timer_link is not None:
            self._timer_link()
            self._timer_link = None
        self._unlink_voting(session)
        _close_projector(self.projector)
        self.projector = None
        panel = self.dock.widget()
        placeholder = QWidget()
        self.dock.setWidget(placeholder)
        if panel is not None:
            panel.deleteLater()
        self.dock.hide()
        session.deleteLater()
        self._update()
        self.window.statusBar().showMessage(_("The room is closed."), 5000)

    def _project_changed(self) -> None:
        if self.window.doc is not self._doc:
            self.stop()
            self._doc = self.window.doc
        self._update()

    def _update(self) -> None:
        # A room's phones add ideas and votes: a read-only project cannot take them (an open room still shows).
        doc = self.window.doc
        self.act_start.setEnabled(doc is not None and (not doc.read_only or self.session is not None))
        # With a room open the same action brings the QR code back: its name says so, or a facilitator
        # looking for the join screen reads "Start" and fears a second room.
        if self.session is None:
            self.window._named(self.act_start, N_("Start &Room Session…"))
        else:
            self.window._named(self.act_start, N_("Show &Join Screen"))
        self.act_close.setEnabled(self.session is not None)


def start_failure(exc: BaseException, host: str) -> str:
    """Why the room's server could not start on ``host``, and what to do, in the interface language.

    It said "No web server could start on ADDRESS: " and the reason alone, and a server that did not answer in
    time gave its English words ("the room's server did not start") in every language. The rarer reasons (no
    network, a firewall's refusal, an address the system cannot read) gave the C library's English in
    brackets, and an error of the server's library that is no OSError escaped to the "Something went wrong"
    box with Python's words.
    """
    import errno
    import socket

    from ..storage import log_file
    from .bridge import PORTS

    if not isinstance(exc, OSError):
        return _(
            "The room's web server on {address} could not start. Start the room again; if it still does not "
            "start, restart CX Designer (the log {log} says what went wrong)."
        ).format(address=host, log=log_file())
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _(
            "This laptop does not let CX Designer receive connections on {address}: a firewall or a security "
            "setting blocks it. Allow CX Designer in the firewall (or ask whoever looks after this laptop), then "
            "start the room again."
        ).format(address=host)
    if exc.errno in (errno.ENETUNREACH, errno.ENETDOWN, errno.EHOSTUNREACH, errno.ENODEV) or isinstance(
        exc, socket.gaierror
    ):
        return _(
            "The network of {address} is not there any more: the laptop's Wi-Fi is off or it left that network. "
            "Connect the laptop to the room's Wi-Fi (or turn on its hotspot), then start the room again."
        ).format(address=host)

    if exc.errno == errno.EADDRINUSE:
        return _(
            "Phones reach the room at {address} on one of the ports {first} to {last}, and other programs use "
            "them all (a room open in another CX Designer window?). Close that room or program, then start the "
            "room again."
        ).format(address=host, first=PORTS[0], last=PORTS[-1])
    if exc.errno == errno.EADDRNOTAVAIL:
        return _(
            "This laptop is no longer on the network of {address}: it left that Wi-Fi, or was given another "
            "address. Check the laptop's Wi-Fi, then start the room again."
        ).format(address=host)
    if exc.errno is None:  # ours: the server's thread did not say it was ready in time
        return _(
            "The room's web server on {address} did not start in time. Start the room again; if it still does "
            "not start, restart CX Designer."
        ).format(address=host)
    return _(
        "No web server could start on {address} ({reason}). Check the laptop's Wi-Fi, then start the room again."
    ).format(address=host, reason=os_reason(exc))


def _close_projector(projector: Projector | None) -> None:
    close = getattr(projector, "close", None)
    if callable(close):
        close()


__all__ = ["RoomLauncher", "join_screen_target", "local_addresses", "start_failure"]
