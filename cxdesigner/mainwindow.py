"""The main window: menus, docks and the open project's life cycle (open, save, close)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QGuiApplication,
    QHelpEvent,
    QKeySequence,
    QMoveEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMenuBar,
    QMessageBox,
    QToolBar,
    QToolButton,
    QToolTip,
    QWidget,
)

from . import accesskeys, api, dialogs, i18n, qtcommands, roomui, settings
from .document import Document, ReadOnlyCause, Selection
from .i18n import N_, _, name_in_text, ngettext, number, os_reason, pgettext
from .model import Change, CXError, untouched
from .model.errors import readable
from .safety_ui import SafetyController, file_filter
from .services.analysis_service import AnalysisService
from .storage import ReadOnlyError, StorageError
from .window import compare as history_ui
from .window import docklayout, lanefill, preferences, templates
from .window import help as helpmenu
from .window.screenfit import line_dialog
from .workshop import Workshop

if TYPE_CHECKING:
    # The map, the panels and the charts load with the first project (in _attach_views): the
    # window maps without them, some 60 ms sooner on every start.
    from .canvas.editor import JourneyEditor
    from .model import Project
    from .panels.opportunities import OpportunityBoard
    from .panels.personas import PersonaEditor


def _set_text(item: QObject, text: str) -> None:
    """Set the visible text of an action, a menu, a dock or a toolbar."""
    if isinstance(item, QMenu):
        item.setTitle(text)
    elif isinstance(item, QAction):
        item.setText(text)
    elif isinstance(item, QWidget):
        item.setWindowTitle(text)
        if isinstance(item, QDockWidget):
            # The View menu's entry for a dock is its toggle action, named after the title.
            item.toggleViewAction().setText(text)


def _translated(msgid: str, context: str) -> str:
    return pgettext(context, msgid) if context else _(msgid)


def _write_session_csv(project: Project, session_id: str, path: Path | str, lang: str = "en") -> None:
    """``votes.write_session_csv``, loaded when results are written (its tables' headers load every catalogue)."""
    from .exchange import votes

    votes.write_session_csv(project, session_id, path, lang)


# Extra windows live until closed; Python must hold them or they vanish at once.
_open_windows: list[MainWindow] = []


class _TwinTooltips(QObject):
    """A toolbar button's tooltip when hovered: its action's, a twin's as its action has it ("Undo Add touchpoint
    …"), with the keys that do the same ("Present (F5)"): the buttons named none, so the toolbar never taught them.
    """

    def __init__(self, stack: qtcommands.UndoStack, parent: QObject) -> None:
        super().__init__(parent)
        self.stack = stack

    def follow(self, bar: QToolBar) -> None:
        """Show the tooltips of ``bar``'s buttons, those it has and those it gets."""
        bar.installEventFilter(self)
        for button in bar.findChildren(QToolButton):
            button.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # ChildPolished, not ChildAdded: a button just added is not a QToolButton yet (still being made).
        if event.type() == QEvent.Type.ChildPolished and isinstance(watched, QToolBar):
            child = event.child()  # type: ignore[attr-defined]
            if isinstance(child, QToolButton):
                child.installEventFilter(self)
            return False
        if event.type() == QEvent.Type.ToolTip and isinstance(watched, QToolButton) and watched.defaultAction():
            help_event: QHelpEvent = event  # type: ignore[assignment]
            QToolTip.showText(help_event.globalPos(), self.tooltip(watched.defaultAction()), watched)
            return True
        return False

    def tooltip(self, action: QAction) -> str:
        """What the button of ``action`` says when hovered."""
        tip = self.stack.twin_tooltip(action)
        source = self.stack.twin_action(action) or action
        keys = helpmenu.shortcut_text(source)
        if not keys or f"({keys})" in tip:
            return tip
        if tip.startswith("<p") and tip.endswith("</p>"):  # plain text made markup (qttext.plain_tooltip)
            return f"{tip[:-4]} ({html.escape(keys)})</p>"
        return f"{tip} ({keys})"


# The largest first window: a Full HD screen's room whole (up to 1800 × 1100 left a bare strip of 60 px down each
# side of a 1920 × 1080 screen, as if the app did not know the screen), on a larger one a window centred in it.
FIRST_SIZE = QSize(1920, 1200)


def first_geometry(available: QRect, frame: QMargins | None = None) -> QRect:
    """The window's client rectangle the first time: the screen's room up to FIRST_SIZE, its frame
    (``frame``: the window manager's title bar and borders) inside the room and centred in it.

    A window manager that places a smaller window itself puts it in a corner, and on a wider screen
    that left a bare strip down one side; a client as tall as the room pushed the status bar (the
    zoom) under the bottom of the screen by the title bar's height.
    """
    frame = frame or QMargins()
    size = available.marginsRemoved(frame).size().boundedTo(FIRST_SIZE)
    outer = QRect(QPoint(0, 0), size).marginsAdded(frame)
    outer.moveCenter(available.center())
    return outer.marginsRemoved(frame)


class MainWindow(QMainWindow):
    """One window, one project; every change goes through the project's undo stack."""

    project_changed = Signal()

    def __init__(self, parent: QWidget | None = None, ui_lang: str = "en", start_page: bool = True) -> None:
        """``start_page`` False: a start that opens a file leaves the page out (``show_start_page`` if it fails)."""
        super().__init__(parent)
        self.ui_lang = ui_lang
        self.doc: Document | None = None
        self._closing = False
        self._frame_to_fit: QSize | None = None  # the first window's size, until its frame is known
        self.undo_stack = qtcommands.UndoStack(parent=self)
        self.selection = Selection()
        self.safety = SafetyController(self)
        # The controller's messages go through the window's (tests replace show_error).
        self.safety.prompts.tell = lambda _parent, title, text, warning=False: self.show_error(title, text)
        self.safety.prompts.ask_save_path = lambda _parent, suggested: self.ask_save_path(suggested)
        self.safety.scheduler.backup_made.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.safety.scheduler.backup_failed.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.undo_stack.failure_handler = self._storage_failed
        # Undo and redo of a big step (a million survey answers) on a worker, with progress and Cancel.
        self.undo_stack.step_runner = lambda doc, cmd, undone: self._staged_step(doc, cmd, undone)
        self._retry_timer = QTimer(self)
        self._retry_timer.setInterval(5000)
        self._retry_timer.timeout.connect(self.retry_writing)
        self.undo_stack.changed.connect(self._update_title)
        self.undo_stack.stepped.connect(self._say_step)
        # The docks that change the project: greyed (or their text read-only) while it is read-only.
        from .window.lookonly import EditGuard

        self.edit_guard = EditGuard(self)
        self.undo_stack.editable_changed.connect(self._editable_changed)
        self.setObjectName("MainWindow")
        self.setDockNestingEnabled(True)
        self.setCentralWidget(self._make_empty() if start_page else QWidget())
        self._views: list[object] = []
        # Every text the window sets itself, by its English msgid: set_language translates them again.
        self._texts: list[tuple[QObject, str, str]] = []
        self._build_actions()
        self._build_menus()
        # Dock places and sizes: the map keeps its share of the width on every way into a project.
        self.docks = docklayout.DockLayout(self)
        self._build_docks()
        # A chosen card or connection: its page of the inspector comes forward (a connection's label, kind, share).
        self.selection.subscribe(
            lambda sel, _source: self.docks.inspector_wanted() if sel.touchpoint_ids or sel.connection_ids else None
        )
        # Workshop ▸ Start Room Session and the Room dock; the room stops when the project goes.
        self.room = roomui.install(self)
        # Journey ▸ future states, compare, checkpoints; the Checkpoints dock.
        self.history = history_ui.install(self)
        # Last, so each menu fills itself (panels, templates, screens, timer presets) before its keys are given.
        accesskeys.follow_menus(self.menuBar())
        for bar in self.findChildren(QToolBar):  # the workshop's and the room's too
            self._twin_tips.follow(bar)
        self.statusBar()
        self._restore_geometry()
        self._update_title()

    # -- actions and menus --------------------------------------------------------------
    def _named(self, item: QObject, msgid: str, context: str = "") -> None:
        """Give ``item`` (action, menu, dock, toolbar) the text ``msgid`` in the interface language, now and later;
        ``context`` is the message's context (``pgettext``) where the English word alone is ambiguous."""
        # A later name replaces the earlier one (a text that follows a state), so a language change keeps it.
        self._texts = [(i, m, c) for i, m, c in self._texts if i is not item]
        self._texts.append((item, msgid, context))
        _set_text(item, _translated(msgid, context))

    def _menu(self, parent: QMenu | QMenuBar, msgid: str) -> QMenu:
        menu = parent.addMenu("")
        self._named(menu, msgid)
        return menu

    def _action(self, msgid: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:  # type: ignore[no-untyped-def]
        a = QAction(self)
        self._named(a, msgid)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        # Called with nothing: triggered(checked) would reach a slot's first parameter (Compare with…
        # took False for the journey to compare with).
        a.triggered.connect(lambda _checked=False: slot())
        return a

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.act_new = self._action(N_("&New"), self.new_project, keys.New)
        self.act_new_window = self._action(N_("New &Window"), self.new_window, "Ctrl+Shift+N")
        self.act_open = self._action(N_("&Open…"), self.open_dialog, keys.Open)
        self.act_save = self._action(N_("&Save"), self.save, keys.Save)
        self.act_save_as = self._action(N_("Save &As…"), self.save_as_dialog, keys.SaveAs)
        self.act_close = self._action(N_("&Close"), self.close_project, keys.Close)
        self.act_revert = self._action(N_("Revert to &Backup…"), self.revert_to_backup)
        self.act_save_template = self._action(N_("Save &Journey as Template…"), self.save_journey_as_template)
        self.act_quit = self._action(N_("&Quit"), self.close, keys.Quit)
        self.act_undo = self.undo_stack.create_undo_action(self, _("&Undo"))
        self.act_undo.setShortcut(QKeySequence(keys.Undo))
        self.act_redo = self.undo_stack.create_redo_action(self, _("&Redo"))
        # Ctrl+Y (the Windows habit) and Ctrl+Shift+Z (elsewhere) both redo, whatever the platform's list.
        redo = [*QKeySequence.keyBindings(keys.Redo), QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")]
        self.act_redo.setShortcuts(list({k.toString(): k for k in redo}.values()))
        # The menu says what will be undone; the toolbar button keeps one short, steady word.
        self.act_undo.setIconText(_("Undo"))
        self.act_redo.setIconText(_("Redo"))

    def _retranslate(self) -> None:
        """Every text the window set itself, again in the interface language."""
        for item, msgid, context in self._texts:
            _set_text(item, _translated(msgid, context))
        self.undo_stack.set_action_text(self.act_undo, _("&Undo"))
        self.undo_stack.set_action_text(self.act_redo, _("&Redo"))
        self.act_undo.setIconText(_("Undo"))
        self.act_redo.setIconText(_("Redo"))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = self._menu(bar, N_("&File"))
        self.file_menu.addAction(self.act_new)
        self.file_menu.addAction(self.act_new_window)
        self.template_menu = self._menu(self.file_menu, N_("New from &template"))
        self.template_menu.aboutToShow.connect(self._fill_template_menu)
        self.file_menu.addAction(self.act_open)
        self.recent_menu = self._menu(self.file_menu, N_("Open &Recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_save)
        self.file_menu.addAction(self.act_save_as)
        self.file_menu.addAction(self.act_close)
        self.file_menu.addSeparator()
        self.import_menu = self._menu(self.file_menu, N_("&Import"))
        self.export_menu = self._menu(self.file_menu, N_("&Export"))
        self._build_exchange_actions()
        self.file_menu.addAction(self.act_share)
        self.file_menu.addAction(self.act_revert)
        self.file_menu.addAction(self.act_save_template)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_quit)
        self.edit_menu = self._menu(bar, N_("&Edit"))
        self.edit_menu.addAction(self.act_undo)
        self.edit_menu.addAction(self.act_redo)
        self.edit_menu.addSeparator()
        self.act_fill_survey = lanefill.install(self)
        self.view_menu = self._menu(bar, N_("&View"))
        self.language_menu = self._menu(self.view_menu, N_("Interface &language"))
        # While $CXDESIGNER_LANG decides, the menu says so (as Preferences does) and offers no other choice.
        self.language_forced = self.language_menu.addAction("")
        self.language_forced.setEnabled(False)
        self.language_forced_line = self.language_menu.addSeparator()
        self.language_menu.aboutToShow.connect(self._show_languages)
        for code, name in i18n.LANGUAGES.items():
            act = self.language_menu.addAction(name)
            act.setData(code)
            act.setCheckable(True)
            act.setChecked(code == self.ui_lang)
            act.triggered.connect(lambda _=False, c=code: self.choose_language(c))
        self.view_menu.addSeparator()
        # Edit ▸ Preferences and the Help menu (the Workshop menu goes in before Help).
        self.act_preferences = preferences.install(self)
        self.help_menu = helpmenu.install(self)

    def _build_exchange_actions(self) -> None:
        """Import and Export submenus: each opens its dialog over the current project and journey."""
        sel = self.selection
        self._journey_actions: list[QAction] = []
        imports = (
            (N_("&Touchpoints from CSV or Excel…"), self._import_touchpoints),
            (N_("&Survey answers…"), self._import_survey),
            (N_("&Journeys from another project…"), self._import_journeys),
            (N_("&Mermaid journey…"), self._import_mermaid),
            (N_("&draw.io diagram…"), self._import_drawio),
        )
        for text, slot in imports:
            self.import_menu.addAction(self._action(text, slot))
        exports = (
            (
                N_("&Map (PNG, SVG, PDF)…"),
                lambda: dialogs.export_map(self, self.doc, sel.journey_id, sel.touchpoint_ids),
                "Ctrl+Shift+E",
            ),
            (N_("Workshop &report (PDF)…"), lambda: dialogs.export_report(self, self.doc, sel.journey_id), None),
            (N_("&CSV…"), lambda: dialogs.export_text(self, self.doc, sel.journey_id, "csv"), None),
            (
                N_("&Opportunities (CSV)…"),
                lambda: dialogs.export_text(self, self.doc, sel.journey_id, "opportunities"),
                None,
            ),
            (
                N_("&Lanes without cards (CSV)…"),
                lambda: dialogs.export_text(self, self.doc, sel.journey_id, "lanes"),
                None,
            ),
            (N_("&JSON…"), lambda: dialogs.export_text(self, self.doc, sel.journey_id, "json"), None),
            (N_("&GraphML…"), lambda: dialogs.export_text(self, self.doc, sel.journey_id, "graphml"), None),
            (N_("M&ermaid…"), lambda: dialogs.export_text(self, self.doc, sel.journey_id, "mermaid"), None),
            (N_("&draw.io…"), lambda: dialogs.export_text(self, self.doc, sel.journey_id, "drawio"), None),
        )
        for text, slot, shortcut in exports:
            act = self._action(text, lambda slot=slot: self._after_export(slot()), shortcut)
            self.export_menu.addAction(act)
            self._journey_actions.append(act)
        self.act_share = self._action(N_("S&hare a Copy…"), lambda: dialogs.share_copy(self, self.doc))

    def _after_export(self, written: object) -> None:
        # A single file's export closed its dialog in silence: the user could not tell it had been written,
        # nor where. Several files get their own message box already; this line is said for every export.
        if isinstance(written, Path):
            name = i18n.name_in_text(written.name)
            text = _("Exported “{name}” to {folder}").format(name=name, folder=written.parent)
            self.statusBar().showMessage(text, 10000)

    def _after_import(self, outcome: object) -> None:
        if outcome is None:
            return
        journey = getattr(outcome, "journey_id", None) or (getattr(outcome, "journey_ids", None) or [None])[0]
        if journey:
            self.selection.set_journey(journey)
        summary = getattr(outcome, "summary", None)
        if callable(summary):
            self.statusBar().showMessage(summary(), 8000)

    def _import_touchpoints(self) -> None:
        self._after_import(dialogs.import_touchpoints(self, self.doc, self.undo_stack, self.selection.journey_id))

    def _import_survey(self) -> None:
        res = dialogs.import_survey(self, self.doc, self.undo_stack, self.selection.journey_id)
        if res is not None:
            n = len(res.responses)
            self.statusBar().showMessage(
                ngettext("Imported {n} survey answer", "Imported {n} survey answers", n).format(n=number(n)), 8000
            )

    def _import_journeys(self) -> None:
        self._after_import(dialogs.import_journeys(self, self.doc, self.undo_stack))

    def _import_mermaid(self) -> None:
        self._after_import(dialogs.import_mermaid(self, self.doc, self.undo_stack, self.selection.journey_id))

    def _import_drawio(self) -> None:
        self._after_import(dialogs.import_drawio(self, self.doc, self.undo_stack))

    def new_window(self) -> MainWindow:
        """Another window with its own project: cards copied in one paste into the other."""
        window = MainWindow(ui_lang=self.ui_lang)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        _open_windows.append(window)
        window.show()
        return window

    def choose_language(self, code: str) -> None:
        """View ▸ Interface language: remembered, and applied at once to every open window.

        The way Preferences goes: $CXDESIGNER_LANG, when set, still decides the language in use.
        """
        preferences.apply_language(self, code)

    def _show_languages(self) -> None:
        forced = i18n.forced_language()
        self.language_forced.setVisible(bool(forced))
        self.language_forced_line.setVisible(bool(forced))
        if forced:
            said = _("{language}, set by the environment variable CXDESIGNER_LANG")
            self.language_forced.setText(said.format(language=i18n.LANGUAGES[forced]))
        for act in self.language_menu.actions():
            if act.data() in i18n.LANGUAGES:
                act.setEnabled(not forced)

    def set_language(self, code: str) -> None:
        """Show this window in ``code`` (already the interface language), over the same project.

        The window's own menus, toolbar and docks are translated in place, so their layout, the
        undo history and the shortcuts stay; the views are built again over the same document,
        selection and zoom, since they set most of their words when made.
        """
        for act in self.language_menu.actions():
            act.setChecked(act.data() == code)
        if code == self.ui_lang:
            return
        self.ui_lang = code
        self._retranslate()
        if self.doc is not None:
            self.doc.lang = code
        old = self.editor
        bars = (old.view.horizontalScrollBar(), old.view.verticalScrollBar()) if old is not None else ()
        zoom, scroll = (old.zoom(), [bar.value() for bar in bars]) if old is not None else (None, [])
        self.docks.update_action()
        self._swap_views(same_document=True)
        if self.editor is not None and zoom is not None:
            self.editor.set_zoom(zoom)
            new_bars = (self.editor.view.horizontalScrollBar(), self.editor.view.verticalScrollBar())
            for bar, value in zip(new_bars, scroll):
                bar.setValue(value)
        # The new views take up the shared selection as it is (cards, connections).
        self.selection.announce(source=self)
        self._update_title()

    def _fill_template_menu(self) -> None:
        from .window.naming import menu_text

        self.template_menu.clear()
        for lang, lang_name in (("en", "English"), ("es", "Español")):
            for entry in templates.builtin_templates():
                act = self.template_menu.addAction(f"{entry.label} ({lang_name})")
                act.triggered.connect(lambda _=False, n=entry.key, lg=lang: self.new_project(template=n, lang=lg))
            self.template_menu.addSeparator()
        for entry in templates.user_templates():
            act = self.template_menu.addAction(menu_text(entry.label))
            act.triggered.connect(lambda _=False, p=entry.key: self.new_project(template=p))

    def _fill_recent_menu(self) -> None:
        from .window.naming import menu_text

        self.recent_menu.clear()
        recent = settings.get("files/recent")
        if not recent:
            a = self.recent_menu.addAction(_("(no recent files)"))
            a.setEnabled(False)
            return
        for i, path in enumerate(recent):
            a = self.recent_menu.addAction(f"&{i + 1} {menu_text(path)}" if i < 9 else menu_text(path))
            a.triggered.connect(lambda _=False, p=path: self.open_recent(p))

    def open_recent(self, path: str) -> bool:
        """A recent file, from the menu or the start page; one that is gone is offered off the list."""
        from .window import recent

        if recent.is_missing(path):
            if self.ask_to_forget(path):
                recent.forget(path)
                page = self.centralWidget()
                if hasattr(page, "refresh_recent"):  # the start page lists it too
                    page.refresh_recent()
            return False
        return self.open_path(path)

    def ask_to_forget(self, path: str) -> bool:
        """Whether to take the missing ``path`` off the recent files (tests answer it)."""
        from .window import recent

        return recent.ask_to_forget(self, path)

    def _build_docks(self) -> None:
        """The docks live as long as the window (their layout is saved); their contents follow the project."""
        self.view_menu.addAction(self.docks.act_panels)
        self.view_menu.addSeparator()
        area = Qt.DockWidgetArea
        self.dock_project = self.add_dock(N_("Project"), "ProjectDock", area.LeftDockWidgetArea)
        self.dock_personas = self.add_dock(N_("Personas"), "PersonasDock", area.LeftDockWidgetArea)
        self.dock_inspector = self.add_dock(N_("Inspector"), "InspectorDock", area.RightDockWidgetArea)
        self.dock_insights = self.add_dock(N_("Insights"), "InsightsDock", area.RightDockWidgetArea)
        self.dock_table = self.add_dock(N_("Touchpoints"), "TableDock", area.BottomDockWidgetArea)
        self.dock_charts = self.add_dock(N_("Charts"), "ChartsDock", area.BottomDockWidgetArea)
        self.dock_opportunities = self.add_dock(N_("Opportunities"), "OpportunitiesDock", area.BottomDockWidgetArea)
        # Tabbed together once the window is shown (docklayout.PLACES): tabbing a hidden window strands tab bars.
        self.dock_table.hide()
        self.dock_charts.hide()
        self.dock_opportunities.hide()
        # The opportunity board (3 ms at 5,000 cards), closed by default, is made when its dock first opens.
        self._opportunity_board = docklayout.LazyPanel(self.dock_opportunities)
        # One analysis feeds both docks, and it runs only while one of them is really on screen.
        self.analysis = AnalysisService(parent=self)
        self.dock_insights.visibilityChanged.connect(lambda shown: self.analysis.set_shown("insights", shown))
        self.dock_charts.visibilityChanged.connect(lambda shown: self.analysis.set_shown("charts", shown))
        self._twin_tips = _TwinTooltips(self.undo_stack, self)
        self.toolbar = self.addToolBar("")
        self._named(self.toolbar, N_("Map"))
        self.toolbar.setObjectName("MapToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setMovable(False)
        self._twin_tips.follow(self.toolbar)
        # The toolbar's Undo and Redo are twins that do not rename themselves at every step (which
        # would lay the window out again each time: a room's phones make many steps a second).
        self._toolbar_twins = {"undo": self.undo_stack.toolbar_twin(self.act_undo),
                               "redo": self.undo_stack.toolbar_twin(self.act_redo)}
        self._zoom_label = QLabel()
        self.statusBar().addPermanentWidget(self._zoom_label)
        self.editor: JourneyEditor | None = None
        self.insights_journey: str | None = None
        self._editor_actions: list[QAction] = []
        self._toolbar_actions: list[QAction] = []
        self.workshop = Workshop(
            self, self.undo_stack, self.selection, named=self._named, add_dock=self.add_dock,
            remembered_screen=lambda: settings.get("workshop/screen"),
            remember_screen=lambda name: settings.set_value("workshop/screen", name),
            write_results=_write_session_csv, lang=lambda: self.ui_lang,
        )
        self.workshop.build_menu(self.menuBar(), after=self.view_menu)
        from .window.readonly import ReadOnlyBar

        # Under the map's toolbar, across the window: why nothing can be changed, and Save As.
        self.read_only_bar = ReadOnlyBar(self.act_save_as, self)
        self.addToolBar(self.read_only_bar)

    def add_dock(
        self, title: str, name: str, area: Qt.DockWidgetArea, widget: QWidget | None = None, *, context: str = ""
    ) -> QDockWidget:
        """A dock titled ``title`` (an English msgid, in ``context`` if it has one: translated here and on a change
        of language)."""
        dock = QDockWidget(self)
        self._named(dock, title, context)
        dock.setObjectName(name)
        dock.setWidget(widget or self._dock_placeholder())
        self.addDockWidget(area, dock)
        if name in self.EDITING_DOCKS:
            self.edit_guard.add(dock)
        self.view_menu.addAction(dock.toggleViewAction())
        # Qt shows a dock chosen in the View menu but leaves it behind the tab in front of its group
        # (Dot voting behind the Inspector): the panel asked for comes to the front.
        dock.toggleViewAction().triggered.connect(lambda shown, d=dock: d.raise_() if shown else None)
        return dock

    # Docks whose controls change the project (the others only show it: insights, charts).
    EDITING_DOCKS = frozenset(
        {
            "ProjectDock",
            "PersonasDock",
            "InspectorDock",
            "TableDock",
            "OpportunitiesDock",
            "CheckpointsDock",
            "InboxDock",
            "VotingDock",
            "RoomDock",
        }
    )

    def _editable_changed(self, editable: bool) -> None:
        self.edit_guard.set_frozen(not editable)
        if editable and self.doc is not None:
            # The panels set their buttons again by what is selected (one card, several, none).
            self.selection.announce(source=self)

    def _dock_placeholder(self) -> QWidget:
        label = QLabel(_("No project open"))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setEnabled(False)
        return label

    def _swap_views(self, same_document: bool = False) -> None:
        """New views for the current document; with none, the start page has the window to itself.

        ``same_document``: the views are built again over the document they show (a change of language),
        so the new map may take over the old one's kept maps.
        """
        if self.doc is not None:
            self.docks.rest(False)
        with self.docks.keeping_sizes():
            self._attach_views(same_document)
        if self.doc is None:
            self.docks.rest(True)

    def _attach_views(self, same_document: bool = False) -> None:
        """Build the views of the current document (or placeholders) and wire them together."""
        old_scene = self.editor.scene if self.editor is not None and same_document else None
        if self.editor is not None:
            self.editor.detach()
            self.selection.unsubscribe(self._follow_journey)
        self.insights_journey = self.selection.journey_id
        for a in self._editor_actions:
            self.edit_menu.removeAction(a)
            self.view_menu.removeAction(a)
        # Removing (not clearing) keeps the window's own Undo and Redo alive across projects.
        for a in self._toolbar_actions:
            self.toolbar.removeAction(a)
        self._editor_actions, self._toolbar_actions = [], []
        docks = (
            self.dock_project,
            self.dock_personas,
            self.dock_inspector,
            self.dock_insights,
            self.dock_table,
            self.dock_charts,
            self.dock_opportunities,
        )
        self._opportunity_board.follow(None)
        for dock in docks:
            old = dock.widget()
            if old is not None:
                old.deleteLater()
        doc = self.doc
        if doc is None:
            self.editor = None
            # A window on its way out gets no start page: it would only ask for its recent files.
            self.setCentralWidget(QWidget() if self._closing else self._make_empty())
            for dock in docks:
                dock.setWidget(self._dock_placeholder())
            self._zoom_label.clear()
            self.analysis.set_document(None)
            self.workshop.attach(None, None, None)
            return
        from .canvas.editor import JourneyEditor
        from .charts.dock import ChartsWidget
        from .panels.insights import InsightsWidget
        from .panels.inspector import InspectorWidget
        from .panels.opportunities import OpportunityBoard
        from .panels.personas import PersonaEditor
        from .panels.project_dock import ProjectDock
        from .panels.table import TouchpointTableWidget

        stack, sel = self.undo_stack, self.selection
        self.editor = JourneyEditor(doc, stack, sel, maps_from=old_scene)
        self.setCentralWidget(self.editor)
        self.editor.zoom_changed.connect(self._show_zoom)
        self.editor.message_posted.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.editor.touchpoint_activated.connect(lambda _id: self.dock_inspector.show())
        self._place_editor_actions()
        project_dock = ProjectDock(doc, stack, sel)
        from .dialogs.background import build_in_worker

        project_dock.build_in_worker = build_in_worker  # a big journey's Duplicate: its copy made on a worker
        personas = PersonaEditor(doc, stack)
        project_dock.journey_activated.connect(self.editor.set_journey)
        project_dock.persona_activated.connect(lambda pid: self._show_persona(personas, pid))
        self.dock_project.setWidget(project_dock)
        self.dock_personas.setWidget(personas)
        inspector = InspectorWidget(doc, stack, sel)
        self.dock_inspector.setWidget(inspector)
        self.editor.inspector_requested.connect(self._inspect_selection)
        inspector.map_requested.connect(lambda: self.editor is not None and self.editor.view.setFocus())
        self.dock_table.setWidget(TouchpointTableWidget(doc, stack, sel))
        editor = self.editor

        def opportunity_board() -> QWidget:
            board = OpportunityBoard(doc, stack, sel)
            board.cards_requested.connect(editor.scroll_to_cards)
            return board

        self._opportunity_board.follow(opportunity_board)
        self.insights = InsightsWidget()
        self.charts = ChartsWidget()
        self.dock_insights.setWidget(self.insights)
        self.dock_charts.setWidget(self.charts)
        self.insights.cards_requested.connect(self.editor.scroll_to_cards)
        self.insights.path_requested.connect(self._show_path)
        self.charts.path_selected.connect(self.editor.highlight_path)
        self.analysis.analysed.connect(self.insights.show_analysis)
        self.analysis.analysed.connect(self.charts.show_analysis)
        self.dock_charts.visibilityChanged.connect(self.charts.set_shown)
        self.analysis.set_document(doc, sel.journey_id)
        self.workshop.attach(doc, self.editor, lambda parent: JourneyEditor(doc, stack, sel, parent))
        sel.subscribe(self._follow_journey)
        doc.project.subscribe(self._prune_selection)
        self._show_zoom(self.editor.zoom())
        # The map takes the keyboard, so typing at once makes a card in its first cell. Left to Qt, the focus
        # of the start page's button (or of a replaced panel) passed to whatever came next in the chain.
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def opportunities(self) -> OpportunityBoard | None:
        """The opportunity board of the project open (made now if its dock has not opened yet); None without one."""
        return cast("OpportunityBoard | None", self._opportunity_board.panel())

    def _follow_journey(self, sel: Selection, source: object) -> None:
        if self.doc is None or sel.journey_id is None:
            return
        if sel.journey_id != self.insights_journey:
            self.insights_journey = sel.journey_id
            self.analysis.set_journey(sel.journey_id)
            if self.editor is not None and self.editor.journey_id != sel.journey_id:
                self.editor.set_journey(sel.journey_id)

    def _show_path(self, card_ids: list[str]) -> None:
        """A path picked among the findings: outline it on the map and plot it."""
        if self.editor is not None:
            self.editor.highlight_path(card_ids)
            self.editor.scroll_to_cards(card_ids[:1])
        self.dock_charts.show()
        self.dock_charts.raise_()
        self.charts.show_path(card_ids)

    VIEW_ACTIONS = ("zoom_in", "zoom_out", "zoom_reset", "fit")
    TOOLBAR = ("new_card", "connect", "delete", None, "undo", "redo", None, "zoom_out", "zoom_in", "fit", None, "find")

    def _place_editor_actions(self) -> None:
        """The map's actions: editing ones in Edit, zoom in View, the workshop essentials on the toolbar."""
        assert self.editor is not None
        first_view = self.view_menu.actions()[0] if self.view_menu.actions() else None
        self._editor_actions = [self.edit_menu.addSeparator()]
        for a in self.editor.actions():
            name = a.objectName().removeprefix("canvas_")
            if name in self.VIEW_ACTIONS:
                self.view_menu.insertAction(first_view, a)
            else:
                self.edit_menu.addAction(a)
            self._editor_actions.append(a)
        self._editor_actions.append(self.view_menu.insertSeparator(first_view))
        for name in self.TOOLBAR:
            if name is None:
                self._toolbar_actions.append(self.toolbar.addSeparator())
            else:
                action = self._toolbar_twins.get(name) or self.editor.action(name)
                self.toolbar.addAction(action)
                self._toolbar_actions.append(action)

    def _say_step(self, cmd: object, undone: bool) -> None:
        """The status bar names what Ctrl+Z or Ctrl+Shift+Z just did: an undone label or an off-screen change
        showed nothing on the map, and the room asked what had gone."""
        what = qtcommands.menu_detail(getattr(cmd, "description", "") or "")
        if what:
            text = _("Undone: {what}") if undone else _("Redone: {what}")
            self.statusBar().showMessage(text.format(what=what), 5000)

    def _inspect_selection(self) -> None:
        """Edit in the Inspector (Alt+Enter): its dock shown, in front of its tab neighbours, the keyboard in it."""
        inspector = self.dock_inspector.widget()
        self.dock_inspector.show()
        self.dock_inspector.raise_()
        if hasattr(inspector, "focus_first_field"):
            inspector.focus_first_field()

    def _show_persona(self, editor: PersonaEditor, persona_id: str) -> None:
        self.dock_personas.show()
        self.dock_personas.raise_()
        if persona_id:
            editor.select_persona(persona_id)

    def _show_zoom(self, factor: float) -> None:
        self._zoom_label.setText(_("Zoom {percent}").format(percent=i18n.translation().percent(factor)))

    def _prune_selection(self, changes: list[Change]) -> None:
        """Removed cards and connections leave the shared selection (the views follow it)."""
        if untouched(changes, ("touchpoint", "connection")):
            return
        gone = {ch.id for ch in changes if ch.new is None and ch.kind in ("touchpoint", "connection")}
        sel = self.selection
        if gone and (gone & set(sel.touchpoint_ids) or gone & set(sel.connection_ids)):
            sel.select(
                [i for i in sel.touchpoint_ids if i not in gone],
                [i for i in sel.connection_ids if i not in gone],
                source=self,
            )

    # -- the project's life cycle ---------------------------------------------------------
    def set_document(self, doc: Document | None) -> None:
        """Show ``doc`` (or nothing); the previous document must already be closed."""
        self.doc = doc
        self.undo_stack.set_document(doc)
        self.selection.set_journey(None)
        if doc is not None:
            doc.lang = self.ui_lang
            journeys = doc.project.journeys()
            self.selection.set_journey(journeys[0].id if journeys else None)
            for note in doc.notes:
                self.statusBar().showMessage(note, 15000)
        self._swap_views()
        if self.editor is not None:
            # A project's first view: the whole map when it reads so (a new journey's frame on any usual
            # screen), else 100 % at its top left as before. A change of language keeps the view instead.
            self.editor.view.show_whole_until_touched()
        self._update_title()
        self.project_changed.emit()

    def show_start_page(self) -> None:
        """The start page in place, when no project is open and it is not there yet."""
        from .window.startpage import StartPage

        if self.doc is None and not isinstance(self.centralWidget(), StartPage):
            self.setCentralWidget(QWidget() if self._closing else self._make_empty())

    def _make_empty(self) -> QWidget:
        """The start page: every way into the work while no project is open."""
        # Loaded when first shown: the page and its pictures are some 30 ms that a start opening a
        # file would spend for nothing.
        from .window import startpage

        page = startpage.StartPage(self.ui_lang)
        page.blank_requested.connect(lambda: self.new_project())
        page.template_requested.connect(lambda key: self.new_project(template=key, lang=self.ui_lang))
        page.open_requested.connect(self.open_dialog)
        page.import_requested.connect(lambda: startpage.import_into_new_project(self))
        page.recent_requested.connect(self.open_recent)
        return page

    def _update_title(self) -> None:
        if self.doc is None:
            self.setWindowTitle("CX Designer")
            self.setWindowModified(False)
        else:
            from .window.naming import window_title

            self.setWindowTitle(window_title(self.doc))  # the project's name, then its file
            self.setWindowModified(self.doc.modified)
        has = self.doc is not None
        for a in (
            self.act_save,
            self.act_save_as,
            self.act_close,
            self.act_save_template,
            self.act_share,
            self.act_revert,
        ):
            a.setEnabled(has)
        self.import_menu.setEnabled(has)
        self.export_menu.setEnabled(has)
        # The one switch for a project that cannot be changed: the views follow the stack's signal.
        self.undo_stack.refresh_editable()
        editable = has and self.undo_stack.editable()
        self.import_menu.setEnabled(editable)
        self.act_revert.setEnabled(editable)
        self.act_fill_survey.setEnabled(editable)
        self.read_only_bar.follow(self.doc)

    def maybe_save(self) -> bool:
        """Ask Save / Discard / Cancel when there is unsaved work; True when it is fine to go on."""
        self._finish_typing()
        if self.doc is None or not self.doc.modified:
            return True
        name = self.doc.path.name if self.doc.path else _("Untitled")
        answer = self.ask_unsaved(name)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def ask_unsaved(self, name: str) -> QMessageBox.StandardButton:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowTitle(_("Unsaved changes"))
        box.setText(_("Save the changes to “{name}” before closing it?").format(name=name_in_text(name)))
        box.setInformativeText(_("If you don't save, your changes since the last save are lost."))
        box.setStandardButtons(
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        return QMessageBox.StandardButton(box.exec())

    def _drop_document(self, keep_unsaved: bool = False) -> None:
        if self.doc is not None:
            doc = self.doc
            doc.project.unsubscribe(self._prune_selection)
            self.set_document(None)
            self.safety.close(doc, keep_unsaved=keep_unsaved)

    def shut_down(self) -> None:
        """The system ends the app (a laptop shutting down, a kill): close as on Quit, asking nothing.

        Nobody is there to answer Save / Discard, so unsaved work stays in its working copy, which
        the next start offers back; the file's lock goes, so no one is told later that it is in use.
        """
        self.safety.ending = True
        self._finish_typing()  # a card half typed is work too
        self._closing = True
        try:
            self._drop_document(keep_unsaved=True)
        finally:
            self._closing = False
        self.close()  # nothing left to ask about: the layout is remembered as on Quit

    def new_project(self, template: str | None = None, lang: str | None = None) -> bool:
        """A new project (blank or from a template), its built-in names in ``lang`` (the interface's by default)."""
        if not self.maybe_save():
            return False
        try:
            doc = api.new_project(None, template=template or None, lang=lang or self.ui_lang)
        except CXError as exc:
            self.show_error(_("Cannot create the project"), str(exc))
            return False
        self._drop_document()
        self.safety.scheduler.watch(doc)
        self.set_document(doc)
        return True

    def open_dialog(self) -> None:
        folder = settings.get("files/last_folder")
        path = QFileDialog.getOpenFileName(self, _("Open project"), folder, file_filter())[0]
        if path:
            self.open_path(path)

    def open_path(self, path: str | Path) -> bool:
        if not self.maybe_save():
            return False
        # The start page's reads of recent files still queued would compete with this opening for
        # the processor (each copies, checks and loads a whole file); they wait unless it fails.
        page = self.centralWidget()
        stop = getattr(page, "stop_reading", None)
        if stop is not None:
            stop()
        doc = self.safety.open(Path(path))  # says itself why a file is refused
        if doc is None:
            if stop is not None and page is self.centralWidget():
                page.resume_reading()  # type: ignore[union-attr]
            return False
        self._drop_document()
        self.set_document(doc)
        self._remember(Path(path))
        return True

    def save(self) -> bool:
        """In place; asks when the file changed on disk; goes to Save As when it cannot write there."""
        if self.doc is None:
            return False
        self._finish_typing()
        return self._after_save(self.safety.save(self.doc))

    def save_as_dialog(self) -> bool:
        if self.doc is None:
            return False
        self._finish_typing()
        return self._after_save(self.safety.save_as(self.doc))

    def _finish_typing(self) -> None:
        # A card half typed on the map is work too: it goes in before saving, or asking to.
        if self.editor is not None:
            self.editor.finish_typing()

    def ask_save_path(self, suggested: Path | None) -> Path | None:
        from .window.naming import suggested_save_path

        start = str(suggested_save_path(self.doc, suggested))  # a new project's file is named after it
        path = QFileDialog.getSaveFileName(self, _("Save project as"), start, file_filter())[0]
        if not path:
            return None
        return Path(path if path.endswith(".cxd") else path + ".cxd")

    def _after_save(self, saved: bool) -> bool:
        if not saved or self.doc is None:
            return False
        if self.doc.path is not None:
            self._remember(self.doc.path)
            self.statusBar().showMessage(_("Saved {path}").format(path=self.doc.path), 5000)
        self._update_title()
        return True

    def revert_to_backup(self) -> bool:
        if self.doc is None:
            return False
        doc = self.doc
        return self.safety.revert_to_backup(doc, push=lambda cmd: qtcommands.push(self.undo_stack, doc, cmd))

    def _staged_step(self, doc: Any, command: Any, undone: bool) -> Any:
        from .dialogs.background import run_staged_step

        return run_staged_step(self, doc, command, undone)

    def _storage_failed(self, exc: StorageError) -> None:
        """A change could not be written: it was rolled back; the project is read-only until saved elsewhere."""
        if self.doc is None:
            return
        if isinstance(exc, ReadOnlyError) and self.doc.read_only_cause is not ReadOnlyCause.WRITE_FAILED:
            self.statusBar().showMessage(str(exc), 8000)
            return
        # The failed change was rolled back exactly, so the undo history still matches the map.
        self.safety.command_failed(self.doc, exc)
        self._retry_timer.start()
        self._update_title()

    def retry_writing(self) -> None:
        """While read-only after a failed write: editable again as soon as the disk has room."""
        if self.doc is None or not self.doc.read_only:
            self._retry_timer.stop()
            return
        if self.doc.retry_writing():
            self._retry_timer.stop()
            self.statusBar().showMessage(_("There is room on the disk again: you can go on editing."), 10000)
            self._update_title()

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        dialog = line_dialog(self, title, label, text)
        try:
            value = dialog.textValue().strip() if dialog.exec() == QDialog.DialogCode.Accepted else ""
        finally:
            dialog.deleteLater()
        return value or None

    def save_journey_as_template(self) -> Path | None:
        """Keep the current journey (with its persona and channels) to start new projects from."""
        if self.doc is None or self.selection.journey_id is None:
            return None
        journey = self.doc.project.get("journey", self.selection.journey_id)
        name = self.ask_text(_("Save journey as template"), _("Template name:"), journey.name)
        if not name:
            return None
        safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in name).strip() or "template"
        folder = api.user_templates_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{safe}.json"
            from .exchange import projectjson

            projectjson.write_json(self.doc.project, path, [journey.id])
        except CXError as exc:  # the write's own refusal, which says what to do; it escaped to the bug box
            self.show_error(_("The template was not saved"), str(exc))
            return None
        except OSError as exc:  # making the folder: the system's words ("[Errno 20] Not a directory: …") were shown
            self.show_error(_("The template was not saved"), _(
                "The templates folder {folder} cannot be made: {reason}. Check that you may write there "
                "and the disk has room, then try again."
            ).format(folder=folder, reason=os_reason(exc)))
            return None
        saved = _("Saved template “{name}”: File ▸ New from template").format(name=name_in_text(safe))
        self.statusBar().showMessage(saved, 8000)
        return path

    def close_project(self) -> bool:
        if not self.maybe_save():
            return False
        self._drop_document()
        return True

    def _remember(self, path: Path) -> None:
        settings.add_recent(str(path.absolute()), folder=str(path.absolute().parent))

    # -- errors and window state -----------------------------------------------------------
    def show_error(self, title: str, message: str) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowTitle(title)
        box.setText(readable(message))
        box.exec()

    def _restore_geometry(self) -> None:
        geometry = settings.get("window/geometry")
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            screen = QGuiApplication.primaryScreen()
            first = first_geometry(screen.availableGeometry() if screen else QRect(0, 0, 1400, 900))
            self.resize(first.size())
            self.move(first.topLeft())  # the frame's corner: the title bar stays on the screen
            # The frame's size is known only once the window manager has decorated the shown window.
            self._frame_to_fit = first.size() if screen is not None else None
        # Every dock is made by now: placed, and the remembered layout taken (checked on the first show).
        self.docks.prepare(settings.get("window/state"))
        # A line of its own, whatever the layout restored: the default one and older ones have no such line.
        if not self.toolBarBreak(self.read_only_bar):
            self.insertToolBarBreak(self.read_only_bar)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowBlocked:
            # A start opening a file left the start page out; a question or a refusal about that
            # file shows it behind the dialog, as before, not an empty window.
            self.show_start_page()
        return super().event(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.docks.window_shown()
        if self.doc is None:
            self.docks.rest(True)

    def moveEvent(self, event: QMoveEvent) -> None:
        super().moveEvent(event)
        window = self.windowHandle()
        if self._frame_to_fit is not None and window is not None and not window.frameMargins().isNull():
            self.fit_first_frame(window.frameMargins())

    def fit_first_frame(self, frame: QMargins) -> None:
        """Fits the first window's frame, now that the window manager has drawn it, in the screen's room.

        Once, and only while the window keeps the first size: a restored window, or one sized or
        maximized since, stays as it is.
        """
        first, self._frame_to_fit = self._frame_to_fit, None
        screen = self.screen()
        if first == self.size() and screen is not None and self.windowState() == Qt.WindowState.WindowNoState:
            self.setGeometry(first_geometry(screen.availableGeometry(), frame))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.docks.window_resized()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        settings.set_value("window/geometry", self.saveGeometry())
        settings.set_value("window/state", self.docks.state())
        self._closing = True
        try:
            self._drop_document()
        finally:
            self._closing = False
        event.accept()
        # Let a closed extra window go now: one still referenced at exit outlives QApplication and crashes.
        if self in _open_windows:
            _open_windows.remove(self)
