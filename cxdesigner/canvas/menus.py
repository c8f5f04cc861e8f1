"""The map editor's actions (Edit and View menus, toolbar, shortcuts) and its context menus.

A mixin of :class:`~cxdesigner.canvas.editor.JourneyEditor`: every entry calls one of the
editor's operations, so the menus hold no editing logic of their own.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from ..accesskeys import complete_access_keys
from ..document.voting import quick_votes
from ..i18n import _
from ..layout.geometry import Cell
from ..model import vocab
from .interactions import QuickCaptureInteraction, phase_band_at
from .items import CardItem, ConnectionItem, LaneHeaderItem, StageHeaderItem, qrect
from .laneedit import LANE_TYPE_ORDER, lane_type_label
from .style import emotion_text

if TYPE_CHECKING:
    from ..document import Document
    from .scene import JourneyScene
    from .view import JourneyView


# Actions that change the project whatever is selected (the others also depend on the selection).
EDITING_ACTIONS = ("new_card", "paste", "auto_arrange", "add_stage", "add_lane", "new_sub")


class EditorMenus:
    """Builds the editor's actions once and a context menu for whatever is under the mouse."""

    if TYPE_CHECKING:
        doc: Document
        scene: JourneyScene
        view: JourneyView
        _actions: dict[str, QAction]
        _order: list[str]

    def actions(self) -> list[QAction]:  # type: ignore[override]
        """The editor's actions, in menu order, for the main window's Edit and View menus."""
        return list(self._actions.values())

    def action(self, name: str) -> QAction:
        return self._actions[name]

    # -- menus ----------------------------------------------------------------------------------
    def context_menu_for(self, scene_pos: QPointF) -> QMenu:
        """The menu for what is under ``scene_pos`` (tests trigger its actions directly)."""
        scene = self.scene
        item = scene.top_item_at(scene_pos)
        band = phase_band_at(scene, scene_pos)
        menu = QMenu(self)
        if band is not None:
            self._phase_menu(menu, band.phase)
        elif isinstance(item, CardItem):
            self._card_menu(menu, item.tp_id)
        elif isinstance(item, ConnectionItem):
            self._connection_menu(menu, item.conn_id)
        elif isinstance(item, StageHeaderItem):
            self._stage_menu(menu, item.stage_id)
        elif isinstance(item, LaneHeaderItem):
            self._lane_menu(menu, item.lane_id)
        else:
            cell = scene.cell_at(scene_pos)
            lane = scene.project.tables["lane"].get(cell[1]) if cell is not None else None
            if cell is not None and lane is not None and not lane.holds_cards:
                scene.set_current_cell(cell)
                self._lane_cell_menu(menu, cell, lane.kind)
            elif cell is not None:
                scene.set_current_cell(cell)
                add = menu.addAction(_("New touchpoint here"))
                add.triggered.connect(lambda _=False, c=cell: self._capture_in(c))
                paste = menu.addAction(_("Paste here"))
                paste.triggered.connect(lambda _=False, c=cell: self.paste(c))
                # The cell's stage and lane: with the Menu key on the cell cursor, the keyboard's way to
                # rename them (their headers take a double-click or a right click).
                menu.addAction(_("Rename stage…"), lambda s=cell[0]: self.rename_stage(s))
                menu.addAction(_("Rename lane…"), lambda ln=cell[1]: self.rename_lane(ln))
                menu.addSeparator()
            menu.addAction(self._actions["add_stage"])
            menu.addAction(self._actions["add_lane"])
            self._lane_types_menu(menu, _("Add lane of type"), None)
            menu.addSeparator()
            menu.addAction(self._actions["auto_arrange"])
            menu.addAction(self._actions["fit"])
        if self.doc.read_only:
            self._look_only(menu)
        # Its own entries ("Edit title", "Emotion", "Rename stage…") had no access key; the Edit menu's keep theirs.
        complete_access_keys(menu, deep=True)
        return menu

    def selection_menu_point(self) -> QPointF | None:
        """Where the Menu key's menu is for: the last selected card, a selected connection, or the cell cursor.

        A keyboard's menu comes with no mouse position (Qt gives the view's corner): this point stands
        in for it, so the menu is the selection's, as a right click on it would show.
        """
        scene, layout = self.scene, self.scene.layout
        if layout is None:
            return None
        if self._order and self._order[-1] in layout.cards:
            return qrect(layout.cards[self._order[-1]]).center()
        for conn_id in self.selected_connection_ids():
            item = scene.connection_item(conn_id)
            if item is not None and item.route is not None:
                # The middle of each of the route's legs, longest first: a point of the line itself (the
                # middle of its bounds may be off a bent route), and one no card or label covers.
                legs = sorted(itertools.pairwise(item.route.points), key=lambda leg: -math.dist(*leg))
                for (x0, y0), (x1, y1) in legs:
                    point = QPointF((x0 + x1) / 2, (y0 + y1) / 2)
                    if scene.top_item_at(point) is item:
                        return point
        cell = scene.current_cell
        if cell is not None and cell[0] in layout.stage_ids and cell[1] in layout.lane_ids:
            r = layout.cell_rect(*cell)
            # Under the cell's last card, where a right click shows the cell's own menu.
            return QPointF(r.cx, r.bottom - 2)
        return None

    def screen_point(self, scene_pos: QPointF) -> QPoint:
        """Where a scene point is on the screen."""
        return self.view.viewport().mapToGlobal(self.view.mapFromScene(scene_pos))

    def show_context_menu(self, scene_pos: QPointF, screen_pos: QPoint) -> None:
        menu = self.context_menu_for(scene_pos)
        if not menu.isEmpty():
            menu.exec(screen_pos)
        menu.deleteLater()

    def _capture_in(self, cell: Cell) -> None:
        self.view.setFocus()
        QuickCaptureInteraction(self, cell).start()

    def _card_menu(self, menu: QMenu, tp_id: str) -> None:
        tp = self.doc.project.get("touchpoint", tp_id)
        ids = self.selected_card_ids() or [tp_id]
        menu.addAction(_("Edit title"), lambda: self.edit_title(tp_id))
        emotion = menu.addMenu(_("Emotion"))
        group = QActionGroup(emotion)
        for value in range(3, -4, -1):
            a = emotion.addAction(emotion_text(value))  # "−1" with a real minus, as on the card
            a.setCheckable(True)
            a.setChecked(tp.emotion == value)
            a.setShortcut(QKeySequence(str(value + 4)))
            group.addAction(a)
            a.triggered.connect(lambda _=False, v=value: self.set_emotion(ids, v))
        none = emotion.addAction(_("No emotion"))
        none.setShortcut(QKeySequence("0"))
        none.triggered.connect(lambda: self.set_emotion(ids, None))
        mot = menu.addAction(_("Moment of truth"))
        mot.setCheckable(True)
        mot.setChecked(tp.moment_of_truth)
        mot.triggered.connect(
            lambda checked: self.update_cards(ids, undo_text=_("Moment of truth"), moment_of_truth=checked)
        )
        menu.addAction(_("Add a vote"), lambda: self.vote(ids, 1))
        remove = menu.addAction(_("Remove a vote"), lambda: self.vote(ids, -1))
        remove.setEnabled(any(quick_votes(self.doc.project, i) for i in ids))
        menu.addSeparator()
        for name in ("inspect", "connect", "cut", "copy", "paste", "duplicate", "delete"):
            menu.addAction(self._actions[name])

    def _connection_menu(self, menu: QMenu, conn_id: str) -> None:
        conn = self.doc.project.get("connection", conn_id)
        ids = self.selected_connection_ids() or [conn_id]
        kinds = menu.addMenu(_("Kind"))
        group = QActionGroup(kinds)
        for key, term in vocab.CONNECTION_KINDS.items():
            a = kinds.addAction(term.label(self.scene.lang))
            a.setCheckable(True)
            a.setChecked(conn.kind == key)
            group.addAction(a)
            a.triggered.connect(lambda _=False, k=key: self.set_connection_kind(ids, k))
        menu.addAction(_("Edit label…"), lambda: self.edit_connection_label(conn_id))
        menu.addSeparator()
        menu.addAction(self._actions["inspect"])
        menu.addAction(self._actions["delete"])

    def _stage_menu(self, menu: QMenu, stage_id: str) -> None:
        stage = self.doc.project.get("stage", stage_id)
        index = self.scene.layout.stage_index.get(stage_id, 0) if self.scene.layout else 0
        menu.addAction(_("Rename stage…"), lambda: self.rename_stage(stage_id))
        phases = menu.addMenu(_("Phase"))
        group = QActionGroup(phases)
        journey = self.doc.project.get("journey", stage.journey_id)
        for key in vocab.PHASES:
            a = phases.addAction(journey.phase_name(key, self.scene.lang))
            a.setCheckable(True)
            a.setChecked(stage.phase == key)
            group.addAction(a)
            a.triggered.connect(lambda _=False, k=key: self.set_stage_phase(stage_id, k))
        phases.addSeparator()
        phases.addAction(_("Rename phase…"), lambda: self.rename_phase(stage.phase))
        menu.addSeparator()
        menu.addAction(_("Add stage before"), lambda: self.add_stage(index))
        menu.addAction(_("Add stage after"), lambda: self.add_stage(index + 1))
        menu.addAction(_("Move left"), lambda: self.move_header("stage", stage_id, -1))
        menu.addAction(_("Move right"), lambda: self.move_header("stage", stage_id, 1))
        menu.addSeparator()
        menu.addAction(_("Delete stage…"), lambda: self.delete_stage(stage_id))

    def _phase_menu(self, menu: QMenu, phase: str) -> None:
        journey = self.doc.project.get("journey", self.scene.journey_id or "")
        menu.addAction(_("Rename phase…"), lambda: self.rename_phase(phase))
        usual = menu.addAction(_("Use the usual name"), lambda: self.set_phase_name(phase, ""))
        usual.setEnabled(bool(getattr(journey, f"phase_{phase}")))

    def _lane_menu(self, menu: QMenu, lane_id: str) -> None:
        index = self.scene.layout.lane_index.get(lane_id, 0) if self.scene.layout else 0
        menu.addAction(_("Rename lane…"), lambda: self.rename_lane(lane_id))
        menu.addSeparator()
        menu.addAction(_("Add lane above"), lambda: self.add_lane(index))
        menu.addAction(_("Add lane below"), lambda: self.add_lane(index + 1))
        self._lane_types_menu(menu, _("Add lane of type below"), index + 1)
        lane = self.doc.project.get("lane", lane_id)
        project = self.doc.project
        has_cards = any(project.cell(s.id, lane_id) for s in project.stages(lane.journey_id))
        kinds = menu.addMenu(_("Lane type"))
        group = QActionGroup(kinds)
        for key in LANE_TYPE_ORDER:
            a = kinds.addAction(lane_type_label(key, self.scene.lang))
            a.setCheckable(True)
            a.setChecked(lane.kind == key or (key == "touchpoints" and lane.holds_cards))
            # A lane with cards keeps them: move them away before it can hold text or figures.
            a.setEnabled(key == "touchpoints" or not has_cards)
            group.addAction(a)
            if not (key == "touchpoints" and lane.holds_cards):
                a.triggered.connect(lambda _=False, k=key: self.set_lane_type(lane_id, kind=k))
        if lane.kind == "metric":
            charts = menu.addMenu(_("Chart"))
            group = QActionGroup(charts)
            choices = [("", _("Numbers only"))] + [(k, t.label(self.scene.lang)) for k, t in vocab.LANE_CHARTS.items()]
            for key, label in choices:
                a = charts.addAction(label)
                a.setCheckable(True)
                a.setChecked(lane.chart == key)
                group.addAction(a)
                a.triggered.connect(lambda _=False, k=key: self.set_lane_type(lane_id, chart=k))
        if lane.kind == "emotion":
            menu.addAction(_("Journeys to compare…"), lambda: self.choose_overlay(lane_id))
        menu.addAction(_("Move up"), lambda: self.move_header("lane", lane_id, -1))
        menu.addAction(_("Move down"), lambda: self.move_header("lane", lane_id, 1))
        menu.addSeparator()
        menu.addAction(_("Delete lane…"), lambda: self.delete_lane(lane_id))

    def _lane_cell_menu(self, menu: QMenu, cell: Cell, kind: str) -> None:
        if kind == "channels":
            note = menu.addAction(_("Computed from the cards' channels"))
            note.setEnabled(False)
            return
        edit = menu.addAction(_("Edit…"), lambda: self.edit_lane_cell(cell))
        edit.setShortcut(QKeySequence(Qt.Key.Key_Return))
        if kind == "storyboard":
            menu.addAction(_("Caption…"), lambda: self.caption_picture(cell))
        if kind in vocab.CELL_LANE_KINDS:
            clear = menu.addAction(_("Clear"), lambda: self.clear_lane_cells([cell]))
            clear.setShortcut(QKeySequence(Qt.Key.Key_Delete))
            clear.setEnabled(self.doc.project.lane_cell(*cell) is not None)
        menu.addSeparator()

    def _lane_types_menu(self, menu: QMenu, title: str, index: int | None) -> None:
        sub = menu.addMenu(title)
        for key in LANE_TYPE_ORDER:
            if key == "touchpoints":
                sub.addAction(lane_type_label(key, self.scene.lang) + "…", lambda i=index: self.add_lane(i))
            else:
                sub.addAction(
                    lane_type_label(key, self.scene.lang), lambda k=key, i=index: self.add_typed_lane(k, i)
                )

    # -- actions --------------------------------------------------------------------------------
    def _make_actions(self) -> dict[str, QAction]:
        local = Qt.ShortcutContext.WidgetWithChildrenShortcut
        window = Qt.ShortcutContext.WindowShortcut
        spec: list[tuple[str, str, list[Any], Callable[[], Any], Qt.ShortcutContext]] = [
            ("new_card", _("Ne&w touchpoint"), [QKeySequence(Qt.Key.Key_Insert)], self.start_capture, local),
            ("cut", _("Cu&t"), [QKeySequence.StandardKey.Cut], self.cut_selection, local),
            ("copy", _("&Copy"), [QKeySequence.StandardKey.Copy], self.copy_selection, local),
            ("paste", _("&Paste"), [QKeySequence.StandardKey.Paste], self.paste, local),
            ("duplicate", _("Dup&licate"), [QKeySequence("Ctrl+D")], self.duplicate_selection, local),
            (
                "delete",
                _("&Delete"),
                [QKeySequence.StandardKey.Delete, QKeySequence(Qt.Key.Key_Backspace)],
                self.delete_selection,
                local,
            ),
            ("select_all", _("Select &all cards"), [QKeySequence.StandardKey.SelectAll], self.select_all, local),
            # Alt+Enter, the usual key for an item's properties: the way from the map to the inspector's
            # fields without the mouse (Tab and Ctrl+Tab move the map's cell cursor).
            (
                "inspect",
                _("Edit in the &Inspector"),
                # The keypad's Enter too. Read in Qt's portable names: QKeySequence(str) reads the language's,
                # and English names Return "Enter" (qti18n.KEY_NAMES), so "Alt+Enter" would be Alt+Return twice.
                [
                    QKeySequence("Alt+Return"),
                    QKeySequence.fromString("Alt+Enter", QKeySequence.SequenceFormat.PortableText),
                ],
                self.request_inspector,
                local,
            ),
            ("connect", _("C&onnect selected cards"), [QKeySequence("Ctrl+L")], self.connect_selected, local),
            ("find", _("&Find cards…"), [QKeySequence.StandardKey.Find], self.open_find, local),
            ("auto_arrange", _("Auto-arran&ge"), [QKeySequence("Ctrl+Shift+R")], self.auto_arrange, local),
            ("add_stage", _("Add &stage…"), [], self.add_stage, local),
            ("add_lane", _("Add la&ne…"), [], self.add_lane, local),
            (
                "zoom_in",
                _("Zoom &in"),
                [QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")],
                self.view.zoom_in,
                window,
            ),
            ("zoom_out", _("Zoom &out"), [QKeySequence.StandardKey.ZoomOut], self.view.zoom_out, window),
            ("zoom_reset", _("&Actual size"), [], self.view.reset_zoom, window),
            ("fit", _("&Fit journey"), [QKeySequence("Ctrl+0")], self.view.fit_journey, window),
        ]
        out: dict[str, QAction] = {}
        for name, text, keys, slot, context in spec:
            action = QAction(text, self)
            action.setObjectName(f"canvas_{name}")
            if keys:
                action.setShortcuts(keys)
            action.setShortcutContext(context)
            action.triggered.connect(lambda _=False, s=slot: s())
            self.addAction(action)
            out[name] = action
        # Toolbar buttons use short words; the menus keep the full wording.
        out["new_card"].setIconText(_("New card"))
        out["connect"].setIconText(_("Connect"))
        out["find"].setIconText(_("Find"))
        out["fit"].setIconText(_("Fit"))
        return out

    def _update_action_states(self) -> None:
        cards = bool(self._order)
        anything = cards or bool(self.selected_connection_ids())
        editable = not self.doc.read_only
        self._actions["copy"].setEnabled(cards)
        for name in ("cut", "duplicate"):
            self._actions[name].setEnabled(cards and editable)
        self._actions["delete"].setEnabled(anything and editable)
        # Enabled from one card (or the connection Ctrl+L just made): Ctrl+L then says how to select the
        # second card, or that these are connected, instead of doing nothing.
        self._actions["connect"].setEnabled(anything and editable)
        self._actions["inspect"].setEnabled(anything)
        for name in EDITING_ACTIONS:
            self._actions[name].setEnabled(editable)

    def _look_only(self, menu: QMenu) -> None:
        """A read-only project's context menu: what would change it is shown greyed, not refused after."""
        shared = set(self._actions.values())
        for action in menu.actions():
            if action.menu() is not None:
                action.setEnabled(False)
            elif action not in shared and not action.isSeparator():
                # The editor's own actions already follow the project's state (_update_action_states).
                action.setEnabled(False)

