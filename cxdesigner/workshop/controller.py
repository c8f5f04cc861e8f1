"""The workshop in the main window: its menu and toolbar, the Voting and Ideas inbox panels, the
timer over the map and the presentation on the projector.

The main window makes one :class:`Workshop`, and hands it each document with its map editor
(and a way to make another editor, for the presentation) in :meth:`Workshop.attach`.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QFontMetrics, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMenuBar,
    QToolBar,
    QToolButton,
    QWidget,
)

from ..document import Document, Selection
from ..i18n import N_, NP_, _, ngettext, number, os_reason
from ..model import CXError, Project
from ..qtcommands import UndoStack
from ..window.docklayout import LazyPanel
from .presentation import (
    HoverFollower,
    PresentationModel,
    PresentationWindow,
    StageFocusItem,
    choose_screen,
    screen_label,
)
from .protocols import EditorFactory, MapEditor
from .timer import PRESETS_MINUTES, ExerciseTimer, TimerOverlay
from .voting import VotingBanner, VotingController
from .voting_panel import VotingPanel

if TYPE_CHECKING:
    # The inbox and the session dialog load with the first project and the first session: the
    # window maps without them (issue 14's start-up).
    from .inbox import InboxStrip
    from .session_dialog import StartSessionDialog

Named = Callable[[QObject, str], None]
log = logging.getLogger(__name__)


class AddDock(Protocol):
    """The window's ``add_dock``: a dock titled with an English msgid, in a message context if it has one."""

    def __call__(self, title: str, name: str, area: Qt.DockWidgetArea, *, context: str = "") -> QDockWidget: ...


WriteResults = Callable[[Project, str, Path, str], None]


class Workshop(QObject):
    """Presentation, voting sessions, the timer and the ideas inbox, for one main window."""

    presenting_changed = Signal()  # the presentation started or ended

    def __init__(
        self,
        window: QMainWindow,
        undo_stack: UndoStack,
        selection: Selection,
        *,
        named: Named,
        add_dock: AddDock,
        remembered_screen: Callable[[], str] = lambda: "",
        remember_screen: Callable[[str], None] = lambda name: None,
        write_results: WriteResults | None = None,
        lang: Callable[[], str] = lambda: "en",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.undo_stack, self.selection = undo_stack, selection
        undo_stack.editable_changed.connect(lambda _editable: self._update_actions())
        self._named = named
        self.remembered_screen, self.remember_screen = remembered_screen, remember_screen
        self.write_results = write_results
        self.lang = lang
        self.doc: Document | None = None
        self.editor: MapEditor | None = None
        self.make_editor: EditorFactory | None = None
        self.timer = ExerciseTimer(clock, self)
        self.voting = VotingController(undo_stack, selection, self)
        self.model = PresentationModel(selection, self)
        self.presentation: PresentationWindow | None = None
        self.ideas_private = False  # the room's ideas are private (silent brainstorming) until revealed
        self.inbox: InboxStrip | None = None
        self._editor_parts: list[Any] = []
        self._laptop_hover: HoverFollower | None = None
        self._laptop_focus: StageFocusItem | None = None
        self.voting.message.connect(self.tell)
        self.voting.changed.connect(self._update_actions)
        self._build_actions()
        self._build_docks(add_dock)

    # -- building -----------------------------------------------------------------------------------
    def _action(self, msgid: str, slot: Callable[[], Any], shortcut: str | QKeySequence | None = None) -> QAction:
        a = QAction(self.window)
        self._named(a, msgid)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        a.triggered.connect(lambda _checked=False: slot())
        return a

    def _build_actions(self) -> None:
        self.act_present = self._action(N_("&Present"), self.toggle_presentation, "F5")
        self.act_present.setCheckable(True)
        self.act_next = self._action(N_("&Next stage"), self.model.next, "PgDown")
        self.act_previous = self._action(N_("Pre&vious stage"), self.model.previous, "PgUp")
        self.act_whole = self._action(N_("&Whole journey"), self.model.home)
        self.timer_actions: list[tuple[QAction, int]] = []
        for minutes in PRESETS_MINUTES:
            a = QAction(self.window)
            a.triggered.connect(lambda _c=False, m=minutes: self.timer.start(m * 60))
            self.timer_actions.append((a, minutes))
        self.act_timer_custom = self._action(N_("&Custom…"), self.start_custom_timer)
        # The one timer key that works everywhere, the presentation's stage steps too, where letters (T among
        # them) type the room's ideas into the stage on screen; with no countdown running or paused, it
        # starts the last one again.
        self.act_timer_pause = self._action(
            N_("Pa&use, resume or start the timer"), self.timer.start_or_toggle, "Ctrl+Shift+T"
        )
        self.act_timer_add = self._action(N_("&Add a minute"), lambda: self.timer.add(60))
        self.act_timer_stop = self._action(N_("&Stop the timer"), self.timer.stop)
        self.act_new_session = self._action(N_("New votin&g session…"), self.new_session)
        self.act_vote = self._action(N_("Vote on the &map"), self.voting.toggle_voting, "F8")
        self.act_vote.setCheckable(True)
        self.act_reveal = self._action(N_("Revea&l votes"), lambda: self.voting.reveal(True))
        self.act_end_session = self._action(N_("&End voting session"), lambda: self.voting.end_session(True))
        self.act_capture = self._action(N_("Capture an i&dea into the inbox"), self.capture_idea, "Ctrl+I")
        self.act_send_back = self._action(N_("Send selected cards to the &inbox"), self.send_to_inbox, "Ctrl+Shift+I")
        self.timer.changed.connect(self._update_actions)
        self.retranslate()

    def build_menu(self, bar: QMenuBar, after: QMenu | None = None) -> QMenu:
        """The Workshop menu (placed after ``after`` when given) and the Workshop toolbar."""
        self.menu = QMenu(bar)
        self._named(self.menu, N_("&Workshop"))
        # One Workshop menu: the room session's launcher finds it by this name and adds itself.
        self.menu.setObjectName("WorkshopMenu")
        actions = bar.actions()
        if after is not None and after.menuAction() in actions:
            index = actions.index(after.menuAction())
            following = actions[index + 1] if index + 1 < len(actions) else None
            bar.insertMenu(following, self.menu) if following is not None else bar.addMenu(self.menu)
        else:
            bar.addMenu(self.menu)
        m = self.menu
        m.addAction(self.act_present)
        self.screens_menu = m.addMenu("")
        self._named(self.screens_menu, N_("Present &on"))
        self.screens_menu.aboutToShow.connect(self._fill_screens)
        m.addAction(self.act_next)
        m.addAction(self.act_previous)
        m.addAction(self.act_whole)
        m.addSeparator()
        self.timer_menu = m.addMenu("")
        self._named(self.timer_menu, N_("Start a &timer"))
        for a, _minutes in self.timer_actions:
            self.timer_menu.addAction(a)
        self.timer_menu.addAction(self.act_timer_custom)
        m.addAction(self.act_timer_pause)
        m.addAction(self.act_timer_add)
        m.addAction(self.act_timer_stop)
        m.addSeparator()
        for a in (self.act_new_session, self.act_vote, self.act_reveal, self.act_end_session):
            m.addAction(a)
        m.addSeparator()
        m.addAction(self.act_capture)
        m.addAction(self.act_send_back)
        self._build_toolbar()
        self._update_actions()
        return m

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.window)
        self._named(bar, N_("Workshop"))
        bar.setObjectName("WorkshopToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.setMovable(False)
        self.window.addToolBar(bar)
        self.toolbar = bar
        bar.addAction(self.act_present)
        timer_button = QToolButton(bar)
        timer_button.setMenu(self.timer_menu)
        timer_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # As the toolbar's own buttons: never the keyboard's, or a space typed for the map opens the menu.
        timer_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # The style's own indicator of a text-only button is a few pixels tucked under the text's last
        # letter ("Timer" read as "Timer,"): an arrow in the text, with a space before it, reads as a menu.
        timer_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self._timer_button = timer_button
        self._label_timer_button()  # from the start: the start page showed a blank button
        bar.addWidget(timer_button)
        bar.addAction(self.act_vote)
        bar.addAction(self.act_capture)

    def _label_timer_button(self) -> None:
        name = _("Timer")
        self._timer_button.setText(f"{name} \N{BLACK DOWN-POINTING SMALL TRIANGLE}")
        self._timer_button.setAccessibleName(name)  # read as "Timer", not "Timer down-pointing triangle"

    def retranslate(self) -> None:
        """Texts made with numbers (the window's own list retranslates the rest)."""
        for a, minutes in self.timer_actions:
            a.setText(ngettext("{n} minute", "{n} minutes", minutes).format(n=number(minutes)))
        if hasattr(self, "_timer_button"):
            self._label_timer_button()
        self.act_present.setIconText(_("Present"))
        self.act_vote.setIconText(_("Vote"))
        self.act_capture.setIconText(_("Idea"))

    def _build_docks(self, add_dock: AddDock) -> None:
        area = Qt.DockWidgetArea
        self.dock_inbox = add_dock(N_("Ideas inbox"), "InboxDock", area.LeftDockWidgetArea)
        # A short title, so its tab beside Inspector and Insights reads whole at 1280 pixels; "Voting" alone is
        # also a session's state ("En votación"), hence the context.
        self.dock_voting = add_dock(
            NP_("dock title", "Voting"), "VotingDock", area.RightDockWidgetArea, context="dock title"
        )
        # The window's dock layout puts the inbox under the Project and Personas tabs and voting as a tab
        # beside Insights, once the window is shown (tabbing docks of a hidden window strands tab bars).
        self.dock_voting.hide()
        # The voting panel (1.5 ms) is made when its dock first opens: no session runs when a project opens,
        # so the dock is closed then; one left open (a new language) gets it at once.
        self._voting_panel = LazyPanel(self.dock_voting)

    @property
    def panel(self) -> VotingPanel | None:
        """The voting panel of the project open (made now if its dock has not opened yet); None without one."""
        return cast("VotingPanel | None", self._voting_panel.panel())

    def _make_panel(self, editor: MapEditor) -> VotingPanel:
        panel = VotingPanel(self.voting)
        panel.new_session_requested.connect(self.new_session)
        panel.export_requested.connect(self.export_results)
        if hasattr(editor, "scroll_to_cards"):
            panel.cards_requested.connect(editor.scroll_to_cards)
        return panel

    # -- documents ----------------------------------------------------------------------------------
    def attach(self, doc: Document | None, editor: MapEditor | None, make_editor: EditorFactory | None) -> None:
        """Follow ``doc`` and its map ``editor`` (None when no project is open)."""
        if doc is not self.doc and self.timer.state != "idle":
            # The countdown times this project's exercise, shown in its map's band and on its projector: left
            # running it counted on out of sight on the start page and rang "Time's up" over the next project.
            # Its room closes with it too. A new language keeps the same project, and its timer.
            self.timer.stop()
            self._tell_after_closing(_("The timer was stopped: its project was closed."))
        self.stop_presentation()
        self.voting.stop_voting()
        if self.editor is not None:
            self.voting.remove_scene(self.editor.scene)
        for part in self._editor_parts:
            if hasattr(part, "remove"):
                part.remove()
            elif isinstance(part, QWidget):
                part.deleteLater()
        self._editor_parts = []
        self._laptop_focus = None
        self.doc, self.editor, self.make_editor = doc, editor, make_editor
        self.voting.set_document(doc)
        self.model.set_document(doc)
        for dock in (self.dock_inbox, self.dock_voting):
            old = dock.widget()
            if old is not None:
                if old is self.inbox:  # the strip _make_inbox made for this dock
                    old.detach()
                old.deleteLater()
        self.inbox = None
        self._voting_panel.follow(None)
        self.retranslate()
        if doc is None or editor is None:
            for dock in (self.dock_inbox, self.dock_voting):
                label = QLabel(_("No project open"))
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
                label.setEnabled(False)
                dock.setWidget(label)
            self._update_actions()
            return
        self.voting.add_scene(editor.scene, keep_room=True)
        view = editor.view
        # The laptop outlines the room's stage only while presenting: the model keeps the stage for the next F5.
        self._laptop_focus = StageFocusItem(self.model, editor.scene, dim=False)
        self._laptop_focus.setVisible(self.presentation is not None)
        timer = TimerOverlay(self.timer, view, band=True)
        self._editor_parts = [timer, VotingBanner(self.voting, view, band=True), self._laptop_focus]
        self.inbox = self._make_inbox(None, editor)
        self.dock_inbox.setWidget(self.inbox)
        self._voting_panel.follow(lambda: self._make_panel(editor))
        self._update_actions()

    def _make_inbox(self, parent: QWidget | None, editor: MapEditor) -> InboxStrip:
        from .inbox import InboxStrip, MapDropTarget

        assert self.doc is not None
        strip = InboxStrip(self.doc, self.undo_stack, self.selection, lambda: _target_cell(editor), parent,
                           scale=1.4 if parent is not None else 1.0)
        strip.message.connect(self.tell)
        MapDropTarget(editor, strip.place)  # lives as long as the editor's view
        return strip

    def _tell_after_closing(self, text: str) -> None:
        """Say ``text`` once the project's closing is done, after what else it said (the room closing with it
        says so next, and its message replaced this one at once), not after an older message still shown."""
        bar = self.window.statusBar()
        before = bar.currentMessage()

        def tell() -> None:
            said = bar.currentMessage()
            self.tell(f"{said} {text}" if said and said != before else text)

        QTimer.singleShot(0, self, tell)

    def show_error(self, title: str, message: str) -> None:
        """A failure the facilitator must read and act on: the window's message box (the status bar's 8 seconds
        pass unseen while the room talks)."""
        show = getattr(self.window, "show_error", None)
        if callable(show):
            show(title, message)
        else:
            self.tell(message)

    def tell(self, text: str) -> None:
        if text:
            self.window.statusBar().showMessage(text, 8000)

    def _update_actions(self) -> None:
        has = self.doc is not None and self.editor is not None
        presenting = self.presentation is not None
        self.act_present.setEnabled(has)
        self.act_present.setChecked(presenting)
        for a in (self.act_next, self.act_previous, self.act_whole):
            a.setEnabled(presenting)
        # The countdown shows in the map's band and on the projector: with no project there is neither, and a
        # timer started on the start page ran where nobody could see it. Like Present and Vote, it waits for a
        # project, and it stops when its project closes (attach).
        for a in (*(a for a, _m in self.timer_actions), self.act_timer_custom):
            a.setEnabled(has)
        if hasattr(self, "timer_menu"):
            self.timer_menu.menuAction().setEnabled(has)
            self._timer_button.setEnabled(has)
        self.act_timer_pause.setEnabled(has)
        self.act_timer_add.setEnabled(self.timer.state != "idle")
        self.act_timer_stop.setEnabled(self.timer.state != "idle")
        session = self.voting.session()
        open_ = session is not None and session.state == "open"
        # A read-only project is presented and timed, never voted on nor added to.
        edits = has and self.doc is not None and not self.doc.read_only
        self.act_new_session.setEnabled(edits and self.voting.journey_id is not None)
        self.act_vote.setEnabled(open_ and edits)
        self.act_vote.setChecked(self.voting.voting)
        self.act_reveal.setEnabled(session is not None and not session.revealed and edits)
        self.act_end_session.setEnabled(open_ and edits)
        self.act_capture.setEnabled(edits)
        self.act_send_back.setEnabled(edits)

    # -- the timer --------------------------------------------------------------------------------------
    def ask_minutes(self) -> int | None:
        dialog = minutes_dialog(self.window)
        try:
            return dialog.intValue() if dialog.exec() == QInputDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def start_custom_timer(self) -> None:
        minutes = self.ask_minutes()
        if minutes:
            self.timer.start(minutes * 60)

    # -- voting ----------------------------------------------------------------------------------------
    def session_dialog(self) -> StartSessionDialog | None:
        if self.doc is None or self.voting.journey_id is None:
            return None
        from .session_dialog import StartSessionDialog

        stage = self.model.stage_id() if self.presentation is not None else None
        return StartSessionDialog(self.doc.project, self.voting.journey_id, self.selection.touchpoint_ids, stage,
                                  self.lang(), self.window)

    def run_dialog(self, dialog: QDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    def new_session(self) -> str | None:
        """Ask for a new session, start it and vote on the map at once; returns its id."""
        dialog = self.session_dialog()
        if dialog is None or not self.run_dialog(dialog):
            return None
        cmd, session_id = dialog.command()
        dialog.deleteLater()
        if not self.voting.push(cmd):
            return None
        self.voting.select_session(session_id)
        self.dock_voting.show()
        self.dock_voting.raise_()
        self.voting.start_voting()
        return session_id

    def ask_results_path(self, suggested: str) -> Path | None:
        path = QFileDialog.getSaveFileName(self.window, _("Export voting results"), suggested, _("CSV (*.csv)"))[0]
        if not path:
            return None
        return Path(path if path.lower().endswith(".csv") else path + ".csv")

    def export_results(self, session_id: str) -> Path | None:
        if self.doc is None or self.write_results is None:
            return None
        session = self.doc.project.get("vote_session", session_id)
        safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in session.title).strip() or "votes"
        path = self.ask_results_path(safe + ".csv")
        if path is None:
            return None
        try:
            self.write_results(self.doc.project, session_id, path, self.lang())
        except CXError as exc:
            # The writer's own refusal (a folder that does not exist, a full disk) names the file and what to do.
            # It is no OSError, so it escaped to the "unexpected error" box; an OSError's Python words
            # ("[Errno 13] Permission denied: …") followed "The results were not written" in the status bar.
            self.show_error(_("The results were not written"), str(exc))
            return None
        except MemoryError:
            self.show_error(_("The results were not written"), _(
                "There is not enough memory to write the results: close other programs and try again."
            ))  # fmt: skip
            return None
        except OSError as exc:  # the writer turns the disk's failures into its refusals: one it did not
            log.exception("writing the voting results failed")
            self.show_error(_("The results were not written"), _(
                "{path} could not be written ({reason}). Choose another folder, one of yours on this computer, "
                "and export them again."
            ).format(path=path, reason=os_reason(exc)))  # fmt: skip
            return None
        self.tell(_("Wrote {path}").format(path=path))
        return path

    # -- the inbox --------------------------------------------------------------------------------------
    def capture_idea(self) -> None:
        """One key: the keyboard goes to the inbox's entry (the projector's while presenting there)."""
        if self.presentation is not None and self.presentation.isActiveWindow():
            self.presentation.focus_inbox()
        elif self.inbox is not None:
            self.dock_inbox.show()
            self.dock_inbox.raise_()
            self.inbox.focus_entry()

    def send_to_inbox(self) -> None:
        if self.inbox is not None and not self.inbox.send_selected_back():
            self.tell(_("Select cards on the map to send them to the inbox"))

    # -- presenting -------------------------------------------------------------------------------------
    def _fill_screens(self) -> None:
        menu = self.screens_menu
        menu.clear()
        wanted = self.remembered_screen()
        auto = menu.addAction(_("Automatic: another screen when there is one"))
        auto.setCheckable(True)
        auto.setChecked(not wanted)
        auto.triggered.connect(lambda: self.remember_screen(""))
        for screen in QGuiApplication.screens():
            name = screen.name()
            a = menu.addAction(screen_label(screen))
            a.setCheckable(True)
            a.setChecked(name == wanted)
            a.triggered.connect(lambda _c=False, n=name: self.remember_screen(n))

    def target_screen(self) -> Any:
        window_screen = self.window.screen()
        return choose_screen(QGuiApplication.screens(), window_screen, self.remembered_screen())

    def toggle_presentation(self) -> None:
        if self.presentation is None:
            self.start_presentation()
        else:
            self.stop_presentation()

    def start_presentation(self) -> PresentationWindow | None:
        """The audience view, full screen on the chosen screen; the laptop keeps the editor when it is another."""
        if self.doc is None or self.make_editor is None or self.presentation is not None:
            self._update_actions()
            return self.presentation
        make = self.make_editor
        shared = [self.act_present, self.act_next, self.act_previous, self.act_whole, self.act_timer_pause,
                  self.act_timer_add, self.act_vote, self.act_capture, self.act_send_back]
        # Whatever else the Workshop menu holds with a key (the room's join screen) answers on the projector's
        # window too: a full-screen presentation hides the menu, and latecomers need the QR code again.
        menu = getattr(self, "menu", None)
        if menu is not None:
            shared += [a for a in menu.actions() if a not in shared and not a.shortcut().isEmpty()]
        window = PresentationWindow(
            self.model, make, self.voting, self.timer, self._make_inbox, shared, self.lang,
        )
        if hasattr(window.editor, "message_posted"):
            window.editor.message_posted.connect(self.tell)
        window.closed.connect(self._presentation_closed)
        window.set_ideas_private(self.ideas_private)
        window.set_editable(self.undo_stack.editable())
        self.undo_stack.editable_changed.connect(window.set_editable)
        self.presentation = window
        if self.editor is not None:
            self._laptop_hover = HoverFollower(self.model, self.editor)
        if self._laptop_focus is not None:
            self._laptop_focus.setVisible(True)
        self.model.set_step(self.model.step, force=True)
        window.show_on(self.target_screen())
        self._update_actions()
        self.presenting_changed.emit()
        return window

    def set_ideas_private(self, private: bool) -> None:
        """The room keeps its ideas private (or no longer): the presentation hides them from the projector."""
        self.ideas_private = private
        if self.presentation is not None:
            self.presentation.set_ideas_private(private)

    def stop_presentation(self) -> None:
        if self.presentation is not None:
            self.presentation.close()

    def _presentation_closed(self) -> None:
        window = self.presentation
        self.presentation = None
        if self._laptop_hover is not None:
            self._laptop_hover.remove()
            self._laptop_hover = None
        if self._laptop_focus is not None:
            self._laptop_focus.setVisible(False)
        if window is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self.undo_stack.editable_changed.disconnect(window.set_editable)
            window.deleteLater()
        self._update_actions()
        self.presenting_changed.emit()

    @property
    def two_screens(self) -> bool:
        """Presenting on another screen than the main window's (the laptop keeps the editor)."""
        return self.presentation is not None and self.presentation.screen() is not self.window.screen()


def title_bar_width(widget: QWidget, title: str) -> int:
    """How wide a window must be for a window manager to show ``title`` whole in its title bar."""
    # The title bar shows the app's name after the title (Qt adds it on Linux), in a bold face that
    # may be larger than the window's; its icon and buttons take some 120 pixels more.
    name = QGuiApplication.applicationDisplayName()
    shown = f"{title} — {name}" if name else title
    bold = QFont(widget.font())
    bold.setBold(True)
    return round(QFontMetrics(bold).horizontalAdvance(shown) * 1.15) + 120


def minutes_dialog(parent: QWidget) -> QInputDialog:
    """Timer ▸ Custom…: minutes from 1 to 240, in a dialog whose title bar is not cut."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(_("Timer"))
    dialog.setLabelText(_("Minutes:"))
    dialog.setInputMode(QInputDialog.InputMode.IntInput)
    dialog.setIntRange(1, 240)
    dialog.setIntValue(7)
    # Left to itself it is 200 pixels wide, and openbox cut its title to "Timer …signer". Its layout
    # sets its size, so the width is asked of the label, whose row spans the dialog.
    label = dialog.findChild(QLabel)
    margins = dialog.layout().contentsMargins() if dialog.layout() is not None else None
    inset = margins.left() + margins.right() if margins is not None else 24
    if label is not None:
        label.setMinimumWidth(max(320, title_bar_width(dialog, dialog.windowTitle())) - inset)
    return dialog


def _target_cell(editor: MapEditor) -> tuple[str, str] | None:
    """Where placed ideas go: the map's cell cursor, else the cell of the last selected card."""
    scene = editor.scene
    if scene.current_cell is not None:
        return scene.current_cell
    layout = scene.layout
    selected = editor.selected_card_ids()
    if layout is not None and selected and selected[-1] in layout.card_cell:
        return layout.card_cell[selected[-1]]
    return None


__all__ = ["Workshop"]
