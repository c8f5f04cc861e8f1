"""The docks around the map: their default places and share-based sizes, remembered layouts checked before use,
and one action that hides or brings back every panel.

The map is the work: on every way into a project (new, open, recent, template, a restored session, a second
window, a change of language) it keeps at least ``MAP_SHARE`` of the window's width. Two Qt habits (6.11)
make this a module of its own:

- Replacing the central widget (the start page by the map, one map by another) makes the main window share
  its width out again on the next layout pass, while the new map is not shown yet: the docks then took
  ~600 px each. So the sizes are taken before the views change and given back once they are laid out.
- Tabbing docks together more than once while the window is hidden, or restoring a state while it is shown,
  leaves tab bars behind that Qt no longer places: they show over the docks at stale places. So a window gets
  one ``restoreState`` before its first show (the remembered layout, or the default places made in a scratch
  window shown off screen), and docks are moved later only while it is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QTabBar, QTabWidget, QWidget

from ..i18n import _

MAP_SHARE = 0.60  # the least share of the window's width the map keeps
SIDE_SHARE = 0.38  # the left and right docks together, by default
LEFT_SHARE = 0.16  # the left docks (project, personas, ideas inbox), by default
RIGHT_MIN = 220  # narrower, the inspector's fields and the insights' findings are cut short
# Wider, a column holds no more: the inspector's fields are whole in Spanish at 300 px, and a share of a 2560 px
# window (two columns of 410 and 560 px) left the map 62 % of it.
LEFT_MAX = 300
RIGHT_MAX = 420
INBOX_SHARE = 0.3  # of the column's height, under the project's tabs
# Taller, an inbox with no ideas yet (every project's at its opening) was a blank third of a 1080 px column, and the
# inspector above it scrolled: its heading, the line to type in, two ideas and its buttons are this high.
INBOX_MAX = 220
# Of the window's height, for the touchpoint table, charts and opportunities: six table rows at 800 px, ten at
# 1080 (a quarter showed four), and the map keeps over half the height.
BOTTOM_SHARE = 0.36
BOTTOM_MIN = 200

_LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
_RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
_BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea
_EAST, _WEST = QTabWidget.TabPosition.East, QTabWidget.TabPosition.West

# Each dock's default place, in the order they are put there: (dock, area, the dock it is a tab of).
PLACES: tuple[tuple[str, Qt.DockWidgetArea, str | None], ...] = (
    ("ProjectDock", _LEFT, None),
    ("PersonasDock", _LEFT, "ProjectDock"),
    ("InspectorDock", _RIGHT, None),
    ("InsightsDock", _RIGHT, "InspectorDock"),
    ("VotingDock", _RIGHT, "InsightsDock"),
    ("RoomDock", _RIGHT, "InspectorDock"),
    ("TableDock", _BOTTOM, None),
    ("ChartsDock", _BOTTOM, "TableDock"),
    ("OpportunitiesDock", _BOTTOM, "ChartsDock"),
)
# The left column runs down to the status bar and the bottom docks sit beside it. Stacked under it instead,
# Project and Inbox over Charts asked for 1120 px, more than a 1080 px screen: the window ran off it.
# A saved state carries the corners too, so they are set again after every restoreState.
CORNERS = ((Qt.Corner.BottomLeftCorner, _LEFT),)
# Docks split under another (the inbox under the project's tabs: both in sight while capturing).
BELOW = (("InboxDock", "ProjectDock"),)
# The tab in front of each group, and the docks a first start shows.
IN_FRONT = ("ProjectDock", "InspectorDock", "TableDock")
SHOWN = frozenset({"ProjectDock", "PersonasDock", "InspectorDock", "InsightsDock", "InboxDock"})
# Docks of a running voting session or room: none runs when the window opens, so they never show then.
SESSION = frozenset({"VotingDock", "RoomDock"})

# A window narrower than this starts with one column of docks, at the right ("compact"). At 1280 × 800 two columns
# left the map three fifths of the width, two and a half stages, and the right one's tabs read "Inspe… Vo… R…". At
# 1600 and 1920 they still left it 56–60 %: the journeys and an empty ideas inbox at the left, an inspector saying
# "No touchpoint selected" at the right. One column leaves it some 78 % there (as Figma's or draw.io's canvas), and
# the same layout on the laptop and at the desk. Two columns come only where both fit at their widest with the map
# at 70 %: a window as wide as a 2560 px screen.
# The column's tabs run down its outer edge, where each name is whole however many there are (English and Spanish).
COMPACT_WIDTH = 2400
# Project is the column's first tab and the one in front at a first start: a project just opened has no card
# chosen, so the inspector in front said only "No touchpoint selected" while the journeys (which one is on the
# map, how to go to another) were behind a tab. The first card chosen while Project is in front brings the
# inspector forward (inspector_wanted); a tab the facilitator put in front (Voting, Insights, Room) stays.
COMPACT_PLACES: tuple[tuple[str, Qt.DockWidgetArea, str | None], ...] = (
    ("ProjectDock", _RIGHT, None),
    ("InspectorDock", _RIGHT, "ProjectDock"),
    ("InsightsDock", _RIGHT, "InspectorDock"),
    ("VotingDock", _RIGHT, "InsightsDock"),
    ("RoomDock", _RIGHT, "InspectorDock"),
    ("PersonasDock", _RIGHT, "ProjectDock"),
    ("TableDock", _BOTTOM, None),
    ("ChartsDock", _BOTTOM, "TableDock"),
    ("OpportunitiesDock", _BOTTOM, "ChartsDock"),
)
# The ideas inbox under the column's tabs: in sight while capturing, whichever tab is in front.
COMPACT_BELOW = (("InboxDock", "ProjectDock"),)
# Raised in turn, so the last of a group is in front.
COMPACT_IN_FRONT = ("InspectorDock", "ProjectDock", "TableDock")


def compact(width: int) -> bool:
    """Whether a window ``width`` wide starts with its docks in one column (see COMPACT_WIDTH)."""
    return width < COMPACT_WIDTH


def places(width: int) -> tuple[tuple[tuple[str, Qt.DockWidgetArea, str | None], ...], tuple[tuple[str, str], ...]]:
    """The default places (PLACES and BELOW) of a window ``width`` wide."""
    return (COMPACT_PLACES, COMPACT_BELOW) if compact(width) else (PLACES, BELOW)


def _set_tab_position(window: QMainWindow) -> None:
    """The right column's tabs down its outer edge in a compact window (each name whole), at its foot otherwise."""
    east = QTabWidget.TabPosition.East if compact(window.width()) else QTabWidget.TabPosition.South
    window.setTabPosition(_RIGHT, east)


def _set_corners(window: QMainWindow) -> None:
    for corner, area in CORNERS:
        window.setCorner(corner, area)
    # A compact window's one column runs down to the status bar too, the bottom docks beside it under the map:
    # under it, the column (its tabs and the inbox) over the charts asked for 1,100 px of a 768 px screen.
    right = _RIGHT if compact(window.width()) else _BOTTOM
    window.setCorner(Qt.Corner.BottomRightCorner, right)


def default_widths(width: int, left_min: int = 0, right_min: int = RIGHT_MIN) -> tuple[int, int]:
    """The left and right docks' widths in a window ``width`` wide: shares of it up to LEFT_MAX and RIGHT_MAX, never
    under the minimums (a compact window's one column is the right one)."""
    left = max(left_min, min(LEFT_MAX, round(width * LEFT_SHARE)))
    right = max(right_min, min(RIGHT_MAX, round(width * SIDE_SHARE) - left))
    return left, right


def bottom_height(height: int) -> int:
    """The bottom docks' default height in a window ``height`` tall."""
    return max(BOTTOM_MIN, round(height * BOTTOM_SHARE))


class DockLayout(QObject):
    """Places and sizes the docks of ``window``, and keeps the map its share of the width."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._restored = False
        # Before the first show there is nothing to measure: the layout is settled then.
        self._settled = False
        # The docks "Hide All Panels" put away, to bring back exactly them (None: panels not put away).
        self._put_away: list[tuple[QDockWidget, bool]] | None = None
        # The docks put aside while no project is open (the start page needs the room; they hold nothing).
        self._resting: list[tuple[QDockWidget, bool]] | None = None
        self.act_panels = QAction(window)
        self.act_panels.setObjectName("view_all_panels")
        self.act_panels.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.act_panels.triggered.connect(self.toggle_panels)
        self.update_action()

    # -- the docks -------------------------------------------------------------------------------------------
    def docks(self) -> list[QDockWidget]:
        return [d for d in self.window.findChildren(QDockWidget) if d.parent() is self.window]

    def _dock(self, name: str) -> QDockWidget | None:
        dock = self.window.findChild(QDockWidget, name)
        return dock if isinstance(dock, QDockWidget) else None

    def on_screen(self) -> list[QDockWidget]:
        """The docks in sight beside the map: shown, docked, and in front of their tabs."""
        # Qt keeps the docks behind a tab "visible", moved out of the window.
        area = self.window.rect()
        return [d for d in self.docks() if d.isVisible() and not d.isFloating() and area.intersects(d.geometry())]

    def inspector_wanted(self) -> None:
        """A card or a connection was chosen: where Project is in front of the inspector's tabs (a first start's one
        column, at any width it was remembered at), the inspector comes forward, so a click on a card shows its
        fields; any other tab in front stays."""
        project, inspector = self._dock("ProjectDock"), self._dock("InspectorDock")
        if project is None or inspector is None or inspector.isHidden():
            return
        if project in self.on_screen() and project in self.window.tabifiedDockWidgets(inspector):
            inspector.raise_()

    def map_share(self) -> float:
        """The map's share of the window's width (0 when it is hidden or missing)."""
        central = self.window.centralWidget()
        if central is None or not central.isVisible() or self.window.width() <= 0:
            return 0.0
        return central.width() / self.window.width()

    def map_has_room(self) -> bool:
        # A pixel of rounding never counts against a layout that gives the map its share.
        return self.map_share() * self.window.width() >= MAP_SHARE * self.window.width() - 1

    # -- before the first show ---------------------------------------------------------------------------------
    def prepare(self, state: QByteArray) -> bool:
        """Take the remembered layout ``state`` (checked once laid out), else the default places; before the first show.

        One ``restoreState`` into a window whose docks were never tabbed: that strands no tab bar (see the note).
        Docks added to the window later are not placed here.
        """
        if self.window.isVisible():
            return False
        # A saved state does not keep the tabs' position: a remembered one column came back at the next start with its
        # six tabs at its foot, «Pr… Ins… Hal… Tipos de…». Set after the restore, the tabs stood stranded across the
        # column, its docks squeezed above them; so it is set before, from the layout the state holds.
        if not state.isEmpty() and self._one_column(state):
            self.window.setTabPosition(_RIGHT, QTabWidget.TabPosition.East)
        self._restored = not state.isEmpty() and self.window.restoreState(state)
        if not self._restored:
            _set_tab_position(self.window)
            self.window.restoreState(self.default_state())
        self._compact = compact(self.window.width())
        _set_corners(self.window)
        return self._restored

    def _one_column(self, state: QByteArray) -> bool:
        """Whether ``state`` keeps the project's dock at the right (one column), read in a scratch window of the same
        docks, never shown: the real window takes one restore only."""
        scratch = QMainWindow()
        scratch.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        scratch.setCentralWidget(QWidget(scratch))
        for dock in self.docks():
            copy = QDockWidget(scratch)
            copy.setObjectName(dock.objectName())
            scratch.addDockWidget(_LEFT, copy)
        project = scratch.findChild(QDockWidget, "ProjectDock")
        one = scratch.restoreState(state) and project is not None and scratch.dockWidgetArea(project) == _RIGHT
        scratch.deleteLater()
        return bool(one)

    def default_state(self) -> QByteArray:
        """The default places as a state, made in a scratch window of the same docks that is shown off screen."""
        scratch = QMainWindow()
        scratch.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        scratch.setDockOptions(self.window.dockOptions())
        scratch.setCentralWidget(QWidget(scratch))
        _set_corners(scratch)
        scratch.resize(self.window.size())
        _set_tab_position(scratch)
        for dock in self.docks():
            copy = QDockWidget(scratch)
            copy.setObjectName(dock.objectName())
            copy.setWidget(QWidget(copy))
            scratch.addDockWidget(self.window.dockWidgetArea(dock), copy)
            copy.setVisible(not dock.isHidden())
        scratch.resize(self.window.size())
        # Shown, its docks are tabbed without the stranded tab bars of a hidden window.
        scratch.show()
        _place(scratch)
        for copy in scratch.findChildren(QDockWidget):
            copy.setVisible(copy.objectName() in SHOWN)
        _raise_front(scratch)
        state = scratch.saveState()
        scratch.close()
        return state

    def state(self) -> QByteArray:
        """The layout to remember: with the panels that "Hide All Panels" put away, as they were."""
        if self._put_away is not None:
            self.toggle_panels()
        self.rest(False)
        return self.window.saveState()

    def window_shown(self) -> None:
        """The first show: the remembered layout if it leaves the map its room, else the default sizes."""
        if self._settled:
            return
        self._settled = True
        for name, area, _behind in PLACES:
            dock = self._dock(name)
            if dock is not None and area == _BOTTOM:
                # The user's choice only (the View menu): layouts restored or put back keep their sizes.
                opened = dock.toggleViewAction().triggered
                opened.connect(lambda shown, d=dock: self._bottom_opened(d) if shown else None)
        self._settle()
        # Qt 6.11 now and then brings a hidden tab of a restored group to the front when the window shows:
        # the docks that must not show are hidden again, and the default tabs put in front.
        for dock in self.docks():
            if dock.objectName() in SESSION or (not self._restored and dock.objectName() not in SHOWN):
                dock.hide()
        if not self._restored and compact(self.window.width()) != getattr(self, "_compact", None):
            # Sized since the places were made (the window manager, a maximised start): the places of this width.
            self.apply_defaults(first=True)
        elif not self._restored:
            _raise_front(self.window)
            self._settle()
            self._size_sides()
            self._size_heights()
            self._settle()
        elif not self.map_has_room():
            self.apply_defaults(first=True)

    # -- keeping the map's room ---------------------------------------------------------------------------------
    @contextmanager
    def keeping_sizes(self) -> Iterator[None]:
        """Around new views: the docks keep their sizes, and the map its share, once the views are laid out."""
        if not self._settled or not self.window.isVisible():
            yield  # the first show lays the docks out
            return
        shown = self.on_screen()
        sides = [d for d in shown if self.window.dockWidgetArea(d) in (_LEFT, _RIGHT)]
        widths = [self._outer_width(d) for d in sides]
        # A dock with tabs is measured without its tab bar but sized with it: its neighbours' heights say it all.
        single = [d for d in shown if not self.window.tabifiedDockWidgets(d)]
        heights = [d.height() for d in single]
        yield
        # Qt shows a new central widget from the event loop; laid out before then, the window counts no map
        # and hands its width to the docks. Shown now, the map keeps its room from the first layout.
        central = self.window.centralWidget()
        if central is not None and not central.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide):
            central.show()
        self._settle()
        if sides:
            self.window.resizeDocks(sides, widths, Qt.Orientation.Horizontal)
        if single:
            self.window.resizeDocks(single, heights, Qt.Orientation.Vertical)
        self._settle()
        if not self.map_has_room():
            self.apply_defaults()

    def _outer_width(self, dock: QDockWidget) -> int:
        """The width ``resizeDocks`` gives ``dock``: with the tab bar down its side if it has tabs there (a compact
        window's column). Given its own width, a tabbed dock lost the bar's 26 px at every new view, and the ideas
        inbox under it with it: the last dock of a column sized sets the column's width."""
        width = dock.width()
        if not self.window.tabifiedDockWidgets(dock):
            return width
        if self.window.tabPosition(self.window.dockWidgetArea(dock)) not in (_EAST, _WEST):
            return width
        box = dock.geometry()
        for bar in self.window.findChildren(QTabBar):
            edge = bar.geometry()
            beside = abs(edge.left() - box.right() - 1) <= 8 or abs(box.left() - edge.right() - 1) <= 8
            along = edge.intersects(box.adjusted(-9, 0, 9, 0))
            if bar.parent() is self.window and bar.isVisible() and beside and along:
                return width + edge.width()
        return width

    def window_resized(self) -> None:
        """A narrower window: the side docks give back room first when the map would fall under its share. A window
        still in its first places that crosses COMPACT_WIDTH (shown at a small size, then maximised on a large
        screen) takes the places of its new width."""
        if not self._settled or not self.window.isVisible():
            return
        was = getattr(self, "_compact", None)
        if was is not None and compact(self.window.width()) != was and self._in_place(COMPACT_WIDTH - 1 if was else
                                                                                      COMPACT_WIDTH):
            self.apply_defaults()
        elif not self.map_has_room():
            self._size_sides()

    def _settle(self) -> None:
        """Lay the window out now: the new views ask for room over a few layout passes."""
        for _pass in range(3):
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            layout = self.window.layout()
            if layout is not None:
                layout.activate()

    # -- defaults ------------------------------------------------------------------------------------------------
    def apply_defaults(self, first: bool = False) -> None:
        """Every dock to its default place and size; on a ``first`` start only the default ones shown."""
        if not self._settled or not self.window.isVisible():
            return  # the first show does it
        shown = set(SHOWN) if first else {d.objectName() for d in self.docks() if not d.isHidden()}
        if not self._in_place():
            size = self.window.size()
            _set_tab_position(self.window)
            _set_corners(self.window)
            self._compact = compact(size.width())
            _place(self.window)
            # On the way, a dock may sit where the window must grow to hold it: the window keeps its size.
            self._settle()
            if self.window.size() != size:
                self.window.resize(size)
        for dock in self.docks():
            dock.setVisible(dock.objectName() in shown)
        _raise_front(self.window)
        self._settle()
        self._size_sides()
        self._size_heights()
        self._settle()

    def _in_place(self, width: int | None = None) -> bool:
        """Every dock docked where the defaults put it (tabbing it there again would strand a tab bar); the defaults
        of a window ``width`` wide (its own width by default)."""
        where, below_of = places(self.window.width() if width is None else width)
        for name, area, behind in where:
            dock = self._dock(name)
            if dock is None:
                continue
            if dock.isFloating() or self.window.dockWidgetArea(dock) != area:
                return False
            front = self._dock(behind) if behind else None
            # Qt lists a dock's tabs only while both are shown.
            shown = front is not None and not front.isHidden() and not dock.isHidden()
            if shown and front not in self.window.tabifiedDockWidgets(dock):
                return False
        for below, above in below_of:
            under, top = self._dock(below), self._dock(above)
            if under is None or top is None:
                continue
            if under.isFloating() or self.window.dockWidgetArea(under) != self.window.dockWidgetArea(top):
                return False
            if top in self.window.tabifiedDockWidgets(under):
                return False
        return True

    def _size_sides(self) -> None:
        """The left and right docks at their default widths for this window (never cutting their content)."""
        # Sized by the docks in front; the widest content of a column, tabs behind included, sets its least width.
        docked = [d for d in self.docks() if d.isVisible() and not d.isFloating()]
        column = {side: [d for d in docked if self.window.dockWidgetArea(d) == side] for side in (_LEFT, _RIGHT)}
        left_min = max((d.minimumSizeHint().width() for d in column[_LEFT]), default=0)
        right_min = max([RIGHT_MIN, *(d.minimumSizeHint().width() for d in column[_RIGHT])])
        shown = self.on_screen()
        left = [d for d in shown if self.window.dockWidgetArea(d) == _LEFT]
        right = [d for d in shown if self.window.dockWidgetArea(d) == _RIGHT]
        left_width, right_width = default_widths(self.window.width(), left_min, right_min)
        docks = left + right
        widths = [left_width] * len(left) + [right_width] * len(right)
        if docks:
            self.window.resizeDocks(docks, widths, Qt.Orientation.Horizontal)

    def _size_heights(self) -> None:
        height = self.window.height()
        inbox, top = (self._dock(n) for n in places(self.window.width())[1][0])
        if inbox is not None and top is not None and inbox.isVisible() and top.isVisible():
            column = inbox.height() + top.height()
            low = max(inbox.minimumSizeHint().height(), min(INBOX_MAX, round(column * INBOX_SHARE)))
            self.window.resizeDocks([top, inbox], [column - low, low], Qt.Orientation.Vertical)
        table = self._dock("TableDock")
        if table is not None:
            self.window.resizeDocks([table], [bottom_height(height)], Qt.Orientation.Vertical)

    def _bottom_opened(self, dock: QDockWidget) -> None:
        """A bottom dock opened from the View menu comes at least at the default height: a remembered layout (or
        Qt, for a dock never shown) may keep it a few rows tall. Taller, as the user left it, it stays."""
        if not self._settled or not self.window.isVisible() or dock.isFloating():
            return
        if self.window.dockWidgetArea(dock) != _BOTTOM:
            return
        self._settle()
        want = bottom_height(self.window.height())
        if dock.height() < want - 1:
            self.window.resizeDocks([dock], [want], Qt.Orientation.Vertical)
            self._settle()

    # -- hide and show all panels -------------------------------------------------------------------------------
    def toggle_panels(self) -> None:
        """View ▸ Hide All Panels, for a clean view of the map; again, the same panels come back."""
        if self._put_away is None:
            if not any(not d.isHidden() for d in self.docks()):
                return
            self._put_away = self._hide_shown()
        else:
            put_away, self._put_away = self._put_away, None
            _show_again(put_away)
        self.update_action()

    def rest(self, empty: bool) -> None:
        """With no project (``empty``) the docks step aside for the start page; with one, the same come back."""
        if empty:
            if self._resting is not None or not self._settled or not self.window.isVisible():
                return
            self._resting = self._hide_shown()
        else:
            if self._resting is None:
                return
            resting, self._resting = self._resting, None
            _show_again(resting)
        self._settle()

    def _hide_shown(self) -> list[tuple[QDockWidget, bool]]:
        """Hide the shown docks; each with whether it was the tab in front of its group (it goes back in front)."""
        shown = [d for d in self.docks() if not d.isHidden()]
        front = self.on_screen()
        for dock in shown:
            dock.hide()
        return [(d, d in front) for d in shown]

    def panels_hidden(self) -> bool:
        return self._put_away is not None

    def update_action(self) -> None:
        """The action's words in the interface language, saying what it will do."""
        self.act_panels.setText(_("Show All &Panels") if self._put_away is not None else _("Hide All &Panels"))


def _show_again(docks: list[tuple[QDockWidget, bool]]) -> None:
    """Show docks put away by ``_hide_shown``, the ones that were in front of their tabs in front again."""
    for dock, _front in docks:
        dock.show()
    for dock, front in docks:
        if front:
            dock.raise_()


def _dock_in(window: QMainWindow, name: str | None) -> QDockWidget | None:
    dock = window.findChild(QDockWidget, name) if name else None
    return dock if isinstance(dock, QDockWidget) else None


def _place(window: QMainWindow) -> None:
    """Every dock of ``window`` named in PLACES and BELOW to its default place (a shown window: see the note); a
    compact window's (COMPACT_PLACES) below COMPACT_WIDTH."""
    where, below_of = places(window.width())
    for name, area, behind in where:
        dock = _dock_in(window, name)
        if dock is None:
            continue
        dock.setFloating(False)
        window.addDockWidget(area, dock)
        front = _dock_in(window, behind)
        if front is not None:
            window.tabifyDockWidget(front, dock)
        # Split under a dock before it has tabs: a dock split under a tabbed one joins its tabs.
        for below, above in below_of:
            under = _dock_in(window, below)
            if above == name and under is not None:
                under.setFloating(False)
                window.splitDockWidget(dock, under, Qt.Orientation.Vertical)


def _raise_front(window: QMainWindow) -> None:
    for name in COMPACT_IN_FRONT if compact(window.width()) else IN_FRONT:
        dock = _dock_in(window, name)
        if dock is not None and not dock.isHidden():
            dock.raise_()


class LazyPanel:
    """A dock's panel made when the dock first shows (the View menu, a saved layout) or when asked, not with
    every open of a project: the opportunity board and the voting panel, closed by default.

    An open dock's panel is made at once: even behind a tab, its size counts in the dock group's layout.
    """

    def __init__(self, dock: QDockWidget) -> None:
        self.dock = dock
        self._build: Callable[[], QWidget] | None = None
        self._panel: QWidget | None = None
        for signal in (dock.visibilityChanged, dock.toggleViewAction().toggled):
            signal.connect(lambda shown: self.panel() if shown else None)

    def follow(self, build: Callable[[], QWidget] | None) -> None:
        """The dock's panel is ``build()`` from now on (None: no panel), made now if the dock is open."""
        self._build, self._panel = build, None
        if build is None:
            return
        if self.dock.isHidden():
            self.dock.setWidget(QWidget())  # never seen: the dock is closed until the panel replaces it
        else:
            self.panel()

    def panel(self) -> QWidget | None:
        """The panel of the project open, made now if its dock has not opened yet; None without one."""
        build, self._build = self._build, None
        if build is not None:
            old = self.dock.widget()
            self._panel = build()
            self.dock.setWidget(self._panel)
            if old is not None:
                old.deleteLater()
        return self._panel
