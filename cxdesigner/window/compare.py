"""Current and future state, checkpoints: the Journey menu's actions, the compare view, the Checkpoints dock.

The compare view draws both journeys with the one map renderer (canvas/render.py, as the exports and
thumbnails do) and marks cards added, removed and changed; its Differences tab lists them from
analysis/compare.py.
"""

from __future__ import annotations

import datetime as dt
import getpass
import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGraphicsView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import settings
from ..analysis.compare import card_marks, compare
from ..document.commands import FIELD_NAMES
from ..document.states import (
    CheckpointError,
    CreateCheckpointCommand,
    CreateFutureStateCommand,
    DeleteCheckpointCommand,
    RestoreCheckpointCommand,
    SetFutureOfCommand,
    current_state,
    decode_checkpoint,
)
from ..i18n import N_, _, ngettext, number, translation
from ..model import CXError, Project, limits
from ..qttext import plain_message
from ..shownfill import FillWhenShown
from ..storage import StorageError, log_file
from .flowlayout import flow_of
from .screenfit import resize_within_screen, title_room

MARK_NAMES = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed")}

log = logging.getLogger(__name__)

# The scale under which a pane draws its cards without their texts: the cards' 9-point type is then
# about a pixel high and reads as a grey smudge. A 5,000-card map fits at 0.007 and drew its 50,000
# texts on the UI thread (1–2 s); the hotel template fits at 0.18 on a small screen and keeps them.
TEXT_UNREADABLE = 0.1
# Journeys of this many cards and more are compared on a worker thread, with progress and Cancel.
COMPARE_IN_WORKER = 500


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _signed(v: float | None) -> str:
    return translation().signed(v)


def _largest_view() -> tuple[float, float]:
    """The most a pane can show: every screen together (the view is fitted when shown, and never zoomed)."""
    w, h = 1920.0, 1200.0
    screen = QGuiApplication.primaryScreen()
    if screen is not None:
        size = screen.virtualSize()
        w, h = max(w, size.width()), max(h, size.height())
    return w, h


class MapPane(QWidget):
    """One journey drawn read-only by the map renderer, its cards outlined by how they changed."""

    def __init__(
        self,
        project: Project,
        journey_id: str,
        title: str,
        marks: dict[str, str],
        lang: str,
        beside: MapPane | None = None,
    ) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_plain(title))
        from ..canvas import render  # the map's modules load with the first map, not with the window

        self.scene = render.render_journey(
            project, journey_id, lang, title_block=False, detail_floor=TEXT_UNREADABLE, fitted_in=_largest_view(),
            texts_of=beside.scene if beside is not None else None,
        )
        render.mark_cards(self.scene, marks, {k: _(v) for k, v in MARK_NAMES.items()})
        self.view = QGraphicsView(self.scene)
        self.view.setInteractive(False)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        # Not full_rect(): that would place the labels a pane too small for any text left unplaced.
        self.view.setSceneRect(self.scene.sceneRect())
        layout.addWidget(self.view, 1)

    def fit(self) -> None:
        self.view.fitInView(self.view.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)


class CompareView(QDialog):
    """Two journeys side by side and their differences; Esc closes."""

    def __init__(
        self,
        parent: QWidget | None,
        before: tuple[Project, str, str],
        after: tuple[Project, str, str],
        lang: str,
        result: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("CompareView")
        self.setWindowTitle(_("Compare journeys"))
        resize_within_screen(self, 1400, 850)
        (pb, jb, tb), (pa, ja, ta) = before, after
        self._sides, self._lang = (before, after), lang
        from ..canvas.render import MARK_COLOURS  # loaded when a comparison opens, not with the window

        self.result = result if result is not None else compare(pb, jb, pa, ja, lang)
        marks_b, marks_a = card_marks(self.result)
        layout = QVBoxLayout(self)
        r = self.result
        summary = _("Added: {added} · Removed: {removed} · Changed: {changed} · Gaps closed: {gaps}").format(
            added=len(r["added"]), removed=len(r["removed"]), changed=len(r["changed"]), gaps=len(r["gaps_closed"])
        )
        self.summary = _plain(_("No differences") if r["same"] else summary)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        split = QSplitter(Qt.Orientation.Horizontal)
        self.before_pane = MapPane(pb, jb, tb, marks_b, lang)
        self.after_pane = MapPane(pa, ja, ta, marks_a, lang, beside=self.before_pane)  # mostly the same titles
        split.addWidget(self.before_pane)
        split.addWidget(self.after_pane)
        self.side_by_side = split
        self.tabs.addTab(split, _("Side by side"))
        self.tabs.addTab(self._differences(), _("Differences"))
        layout.addWidget(self.tabs, 1)
        key = QHBoxLayout()
        for mark in ("added", "removed", "changed"):
            swatch = _plain("■ " + _(MARK_NAMES[mark]))
            swatch.setStyleSheet(f"color: {MARK_COLOURS[mark].name()}")
            key.addWidget(swatch)
        key.addStretch(1)
        self.export_button = QPushButton(_("Export…"))
        self.export_button.clicked.connect(self.export)
        key.addWidget(self.export_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        key.addWidget(buttons)
        layout.addLayout(key)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.reject)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.before_pane.fit()
        self.after_pane.fit()

    def _differences(self) -> QWidget:
        from ..canvas.render import MARK_COLOURS

        r = self.result
        tree = QTreeWidget()
        tree.setObjectName("Differences")
        tree.setHeaderLabels([_("Card"), _("Stage"), _("What changed")])

        def group(title: str, rows: list[tuple[str, str, str]]) -> None:
            top = QTreeWidgetItem([f"{title} ({len(rows)})", "", ""])
            tree.addTopLevelItem(top)
            for row in rows:
                top.addChild(QTreeWidgetItem(list(row)))
            top.setExpanded(True)

        def field(f: str) -> str:
            if f in FIELD_NAMES:
                return _(FIELD_NAMES[f])
            return f.replace("_", " ")

        group(_("Added cards"), [(c["title"], c["stage"], "") for c in r["added"]])
        group(_("Removed cards"), [(c["title"], c["stage"], "") for c in r["removed"]])
        group(
            _("Changed cards"),
            [(c["title"], c["stage"], ", ".join(field(f) for f in c["fields"])) for c in r["changed"]],
        )
        closed = [(g["title"], "", f"{_signed(g['gap_before'])} → {_signed(g['gap_after'])}") for g in r["gaps_closed"]]
        group(_("Gaps closed"), closed)
        group(_("Pain points gone"), [(g["title"], "", g["pain_point"]) for g in r["pain_points_gone"]])
        group(_("Connections added"), [(f"{c['source']} → {c['target']}", "", "") for c in r["connections_added"]])
        group(_("Connections removed"), [(f"{c['source']} → {c['target']}", "", "") for c in r["connections_removed"]])
        tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        stages = QTableWidget(len(r["stages"]), 4)
        stages.setObjectName("StageEmotion")
        stages.setHorizontalHeaderLabels([_("Stage"), _("Emotion before"), _("Emotion after"), _("Change")])
        for i, s in enumerate(r["stages"]):
            values = [s["label"], _signed(s["emotion_before"]), _signed(s["emotion_after"]), _signed(s["change"])]
            for k, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if k == 3 and s["change"]:
                    item.setForeground(MARK_COLOURS["added" if s["change"] > 0 else "removed"])
                stages.setItem(i, k, item)
        stages.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        stages.verticalHeader().hide()
        page = QSplitter(Qt.Orientation.Horizontal)
        page.addWidget(tree)
        box = QWidget()
        col = QVBoxLayout(box)
        col.addWidget(_plain(_("Emotion per stage (mean, −3 … +3)")))
        col.addWidget(stages, 1)
        page.addWidget(box)
        page.setSizes([700, 500])
        self.tree, self.stage_table = tree, stages
        return page

    def export(self, path: str | None = None) -> str | None:
        """Both maps with their marks as one vector SVG or PDF page, or a PNG, drawn by the map renderer."""
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Export comparison"), "", "PDF (*.pdf);;SVG (*.svg);;PNG (*.png)"
            )
            if not path:
                return None
        from ..exchange.compare_map import write_comparison

        try:
            written = write_comparison(path, self._sides[0], self._sides[1], self._lang, self.result)
        except CXError as exc:
            # The write's own refusal names the file and what to do; it is no OSError, so it escaped to the
            # "unexpected error" box, while an OSError's Python words followed "choose another folder".
            plain_message(self, _("Export comparison"), str(exc))
            return None
        except MemoryError:
            plain_message(self, _("Export comparison"), _(
                "There is not enough memory to draw the comparison: close other programs and try again, or "
                "export it as SVG, which needs the least."
            ))  # fmt: skip
            return None
        except (OSError, ValueError):  # atomic.write_bytes turns the disk's failures into CXErrors: a bug
            log.exception("writing the comparison failed")
            plain_message(self, _("Export comparison"), _(
                "The comparison could not be exported because of an error in CX Designer (details in the log: "
                "{path}). Try another format."
            ).format(path=log_file()))  # fmt: skip
            return None
        return str(written)


def open_compare(
    window: Any, before: tuple[Project, str, str], after: tuple[Project, str, str], result: dict[str, Any] | None = None
) -> CompareView:
    view = CompareView(window, before, after, window.ui_lang, result)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    view.show()
    return view


def _big(side: tuple[Project, str, str]) -> bool:
    project, jid, _title = side
    return len(project.touchpoints(jid)) >= COMPARE_IN_WORKER


def compare_in_worker(
    window: Any, before: tuple[Project, str, str] | bytes, after: tuple[Project, str, str]
) -> tuple[tuple[Project, str, str], tuple[Project, str, str], dict[str, Any]] | None:
    """Both sides and their differences worked out on a worker thread with progress and Cancel; None if cancelled.

    ``before`` may be a checkpoint's data, decoded there too (its title then says which checkpoint). A
    5,000-card checkpoint took 0.5 s to decode and the comparison 0.3 s on the UI thread. The live side is
    a detached copy, so a room's phone adding a card meanwhile changes nothing under the worker; the view
    draws that copy, as it never follows later changes anyway.
    """
    from ..dialogs.background import run_in_worker
    from ..exchange.common import ImportCancelledError

    pa, ja, ta = after
    after = (pa.detached_copy(), ja, ta)
    if not isinstance(before, bytes):
        pb, jb, tb = before
        before = (after[0] if pb is pa else pb.detached_copy(), jb, tb)
    lang = window.ui_lang

    def work(progress: Any) -> tuple[tuple[Project, str, str], dict[str, Any]]:
        if progress(0, 2) is False:
            raise ImportCancelledError("The comparison was cancelled")
        if isinstance(before, bytes):
            hp, hj = decode_checkpoint(before)
            side = (hp, hj.id, hj.name)
        else:
            side = before
        if progress(1, 2) is False:
            raise ImportCancelledError("The comparison was cancelled")
        return side, compare(side[0], side[1], after[0], after[1], lang)

    try:
        side, result = run_in_worker(window, _("Compare journeys"), _("Comparing the journeys…"), work)
    except ImportCancelledError:
        return None
    return side, after, result


# -- the Checkpoints dock ------------------------------------------------------------------------


class CheckpointsPanel(FillWhenShown, QWidget):
    """The project's checkpoints: label, date, author, journey, size; delete, compare with now, restore."""

    # Filled while shown: the dock is closed by default, and its sizes need babel's locale data
    # (some 45 ms to load), which start-up and every edit would otherwise pay for nobody.

    def __init__(self, history: HistoryActions) -> None:
        super().__init__()
        self.history = history
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("CheckpointTable")
        self.table.setHorizontalHeaderLabels([_("Label"), _("Date"), _("Author"), _("Journey"), _("Size")])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        self.total = _plain("")
        layout.addWidget(self.total)
        self.create_button = QPushButton(_("Create…"))
        self.compare_button = QPushButton(_("Compare with Now"))
        self.compare_button.setProperty("look_only", True)  # it only shows: a read-only project keeps it
        self.restore_button = QPushButton(_("Restore as New Journey"))
        self.delete_button = QPushButton(_("Delete"))
        for b, slot in (
            (self.create_button, history.create_checkpoint),
            (self.compare_button, self.compare_now),
            (self.restore_button, self.restore),
            (self.delete_button, self.delete),
        ):
            b.clicked.connect(lambda _=False, s=slot: s())
        # Wrapping, as narrow as the widest button: the dock shares the right-hand column with the inspector.
        layout.addLayout(flow_of(self.create_button, self.compare_button, self.restore_button, self.delete_button))
        self.table.itemSelectionChanged.connect(self._enable)

    def ids(self) -> list[str]:
        doc = self.history.window.doc
        return [c.id for c in doc.project.checkpoints()] if doc is not None else []

    def current(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        ids = self.ids()
        return ids[rows[0].row()] if rows and rows[0].row() < len(ids) else None

    def _fill(self) -> None:
        self._stale = False
        doc = self.history.window.doc
        checkpoints = doc.project.checkpoints() if doc is not None else []
        keep = self.current()
        self.table.setRowCount(len(checkpoints))
        for i, ck in enumerate(checkpoints):
            for k, text in enumerate(
                (ck.label, _when(ck.created), ck.author, ck.journey_name, _mb(ck.size))
            ):
                self.table.setItem(i, k, QTableWidgetItem(text))
            if ck.id == keep:
                self.table.selectRow(i)
        total = sum(c.size for c in checkpoints)
        self.total.setText(
            ngettext(
                "{n} checkpoint, {used} of {limit}", "{n} checkpoints, {used} of {limit}", len(checkpoints)
            ).format(n=number(len(checkpoints)), used=_mb(total), limit=_mb(limits.MAX_CHECKPOINTS_BYTES))
        )
        self.create_button.setEnabled(doc is not None)
        self._enable()

    def _enable(self) -> None:
        on = self.current() is not None
        for b in (self.compare_button, self.restore_button, self.delete_button):
            b.setEnabled(on)

    def compare_now(self) -> CompareView | None:
        ck_id = self.current()
        return self.history.compare_checkpoint(ck_id) if ck_id else None

    def restore(self) -> str | None:
        ck_id = self.current()
        return self.history.restore_checkpoint(ck_id) if ck_id else None

    def delete(self) -> None:
        ck_id = self.current()
        if ck_id:
            self.history.push(DeleteCheckpointCommand(ck_id))


def _when(stamp: str) -> str:
    """A checkpoint's moment as the interface language writes it; a stamp that is no date, as it is."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:  # a file from elsewhere may hold anything here
        return stamp
    return translation().datetime(moment)


def distinct_names(names: list[str]) -> list[str]:
    """``names`` told apart where they repeat ("Visit", "Visit (2)"): a list of choices answers with the text."""
    out: list[str] = []
    for name in names:
        base = name or _("(unnamed)")
        shown, n = base, 1
        while shown in out:
            n += 1
            shown = f"{base} ({n})"
        out.append(shown)
    return out


def _mb(n: int) -> str:
    t = translation()
    return (
        _("{mb} MB").format(mb=t.number(n / 1e6, 1)) if n >= 100_000 else _("{kb} KB").format(kb=t.number(n / 1e3, 1))
    )


class HistoryActions:
    """The Journey menu's future-state, compare and checkpoint actions and the Checkpoints dock of a window."""

    def __init__(self, window: Any) -> None:
        self.window = window
        menu = window.menuBar().findChild(QMenu, "JourneyMenu")
        if menu is None:
            menu = window._menu(window.menuBar(), N_("&Journey"))
            menu.setObjectName("JourneyMenu")
            window.menuBar().insertMenu(window.help_menu.menuAction(), menu)
        self.menu = menu
        self.act_future = window._action(N_("Create &Future State"), self.create_future_state)
        self.act_compare_current = window._action(N_("Compare with &Current State"), self.compare_current)
        self.act_compare_any = window._action(N_("Compare &with…"), self.compare_with)
        self.act_mark_future = window._action(N_("&Mark as Future State of…"), self.mark_future)
        self.act_clear_future = window._action(N_("C&lear Future State Mark"), self.clear_future)
        self.act_checkpoint = window._action(N_("Create Check&point…"), self.create_checkpoint, "Ctrl+Shift+K")
        for a in (self.act_future, self.act_mark_future, self.act_clear_future):
            menu.addAction(a)
        menu.addSeparator()
        menu.addAction(self.act_compare_current)
        menu.addAction(self.act_compare_any)
        menu.addSeparator()
        menu.addAction(self.act_checkpoint)
        menu.aboutToShow.connect(self._enable)
        # Its shortcut too (Ctrl+Shift+K) stops with a read-only project, not only the open menu.
        window.undo_stack.editable_changed.connect(lambda _editable: self._enable())
        self.panel = CheckpointsPanel(self)
        self.dock = window.add_dock(
            N_("Checkpoints"), "CheckpointsDock", Qt.DockWidgetArea.BottomDockWidgetArea, self.panel
        )
        self.dock.hide()
        window.undo_stack.changed.connect(self.panel.refresh)
        window.undo_stack.index_changed.connect(lambda _i: self.panel.refresh())

    # -- helpers
    def push(self, cmd: Any) -> bool:
        """Do ``cmd``; False when the project refused it (read-only, a failed write), told, never raised.

        The undo stack reports a storage failure itself (the status bar, or the read-only notice); an
        exception left to the menu's slot showed the "unexpected error" box on top of that.
        """
        try:
            self.window.undo_stack.push(cmd)
        except StorageError:
            return False
        except CXError as exc:
            plain_message(self.window, _("CX Designer"), str(exc))
            return False
        return True

    def _journey(self) -> str | None:
        doc = self.window.doc
        jid = self.window.selection.journey_id
        return jid if doc is not None and jid and jid in doc.project.tables["journey"] else None

    def _say(self, text: str) -> None:
        plain_message(self.window, _("CX Designer"), text, QMessageBox.Icon.Information)

    def _enable(self) -> None:
        jid = self._journey()
        # A read-only project shows its comparisons; what would add to it or mark it is greyed.
        edits = jid is not None and not self.window.doc.read_only
        self.act_future.setEnabled(edits)
        self.act_checkpoint.setEnabled(edits)
        self.act_compare_any.setEnabled(jid is not None)
        self.act_mark_future.setEnabled(edits)
        has = jid is not None and current_state(self.window.doc.project, jid)[0] is not None
        self.act_compare_current.setEnabled(has)
        self.act_clear_future.setEnabled(has and edits)

    def _choose(self, journeys: list[Any], title: str, label: str) -> str | None:
        """The id of the journey picked from ``journeys``, or None; each listed under a name of its own."""
        names = distinct_names([j.name for j in journeys])
        dialog = QInputDialog(self.window)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setComboBoxItems(names)
        dialog.setComboBoxEditable(False)
        # The title bar's words read whole. The dialog takes its size from its layout, so the list is widened.
        style = dialog.style()
        margins = style.pixelMetric(QStyle.PixelMetric.PM_LayoutLeftMargin) + style.pixelMetric(
            QStyle.PixelMetric.PM_LayoutRightMargin
        )
        combo = dialog.findChild(QComboBox)
        if combo is not None:
            combo.setMinimumWidth(title_room(dialog, title) - margins)
        try:
            ok = dialog.exec() == QDialog.DialogCode.Accepted
            name = dialog.textValue()
        finally:
            dialog.deleteLater()
        return journeys[names.index(name)].id if ok and name in names else None

    def _side(self, project: Project, jid: str) -> tuple[Project, str, str]:
        return project, jid, project.get("journey", jid).name

    def _open(self, before: tuple[Project, str, str], after: tuple[Project, str, str]) -> CompareView | None:
        """The compare view; two big journeys' differences worked out first on a worker (None: cancelled)."""
        if not (_big(before) or _big(after)):
            return open_compare(self.window, before, after)
        worked = compare_in_worker(self.window, before, after)
        return open_compare(self.window, worked[0], worked[1], worked[2]) if worked is not None else None

    # -- future states
    def create_future_state(self, journey_id: str | None = None) -> str | None:
        jid = journey_id or self._journey()
        if jid is None:
            return None
        dock = self.window.dock_project.widget()
        if dock.is_big(jid):  # copied on a worker with progress and Cancel, as Duplicate is
            cmd = dock.copy_in_worker(
                lambda project, told: CreateFutureStateCommand(project, jid, progress=told), _("Create future state")
            )
            if cmd is None:
                return None
        else:
            cmd = CreateFutureStateCommand(self.window.doc.project, jid)
            if not self.push(cmd):
                return None
        if cmd.journey_id in self.window.doc.project.tables["journey"]:
            self.window.selection.set_journey(cmd.journey_id)
            return cmd.journey_id
        return None

    def mark_future(self, current_id: str | None = None) -> None:
        jid = self._journey()
        if jid is None:
            return
        others = [j for j in self.window.doc.project.journeys() if j.id != jid]
        if current_id is None:
            if not others:
                self._say(_("The project has no other journey to be the current state."))
                return
            current_id = self._choose(others, _("Mark as Future State"), _("Current state:"))
            if current_id is None:
                return
        self.push(SetFutureOfCommand(jid, current_id))

    def clear_future(self) -> None:
        jid = self._journey()
        if jid is not None:
            self.push(SetFutureOfCommand(jid, None))

    def compare_current(self) -> CompareView | None:
        jid = self._journey()
        if jid is None:
            return None
        project = self.window.doc.project
        cur_id, cur = current_state(project, jid)
        if cur_id is None:
            self._say(_("This journey is not marked as the future state of another."))
            return None
        if cur is None:
            self._say(
                _(
                    "The current state of this journey was deleted; mark another journey as its current "
                    "state or clear the mark."
                )
            )
            return None
        return self._open(self._side(project, cur.id), self._side(project, jid))

    def compare_with(self, other_id: str | None = None) -> CompareView | None:
        jid = self._journey()
        if jid is None:
            return None
        project = self.window.doc.project
        others = [j for j in project.journeys() if j.id != jid]
        if other_id is None:
            if not others:
                self._say(_("The project has no other journey to compare with."))
                return None
            other_id = self._choose(others, _("Compare with"), _("Journey:"))
            if other_id is None:
                return None
        return self._open(self._side(project, other_id), self._side(project, jid))

    # -- checkpoints
    def create_checkpoint(self, label: str | None = None) -> str | None:
        jid = self._journey()
        if jid is None:
            return None
        project = self.window.doc.project
        if label is None:
            label, ok = QInputDialog.getText(self.window, _("Create Checkpoint"), _("Label:"))
            if not ok:
                return None
        author = str(settings.get("general/author") or "") if _has_setting("general/author") else ""
        if not author:
            try:
                author = getpass.getuser()
            except Exception:  # no user name in the environment: leave it empty
                author = ""
        try:
            # Measured: a 5,000-card journey checkpoints in 0.12–0.14 s with the machine loaded, so no worker.
            cmd = CreateCheckpointCommand(
                project, jid, label.strip() or project.get("journey", jid).name, author=author
            )
        except CheckpointError as exc:
            plain_message(self.window, _("Create Checkpoint"), str(exc))
            return None
        if not self.push(cmd):
            return None
        self.dock.show()
        self.dock.raise_()
        return cmd.checkpoint.id

    def _decode(self, ck_id: str) -> tuple[Project, Any] | None:
        ck = self.window.doc.project.get("checkpoint", ck_id)
        try:
            return decode_checkpoint(ck.data)
        except CheckpointError as exc:
            plain_message(self.window, _("Checkpoints"), str(exc))
            return None

    def compare_checkpoint(self, ck_id: str) -> CompareView | None:
        project = self.window.doc.project
        ck = project.get("checkpoint", ck_id)
        now = ck.journey_id if ck.journey_id in project.tables["journey"] else self._journey()
        if now is not None and _big(self._side(project, now)):
            # Decoded on the worker with the comparison: 0.5 s for a 5,000-card checkpoint.
            try:
                worked = compare_in_worker(self.window, ck.data, self._side(project, now))
            except CheckpointError as exc:
                plain_message(self.window, _("Checkpoints"), str(exc))
                return None
            if worked is None:
                return None
            (hp, hj_id, hj_name), after, result = worked
            label = _("{name} at checkpoint {label}").format(name=hj_name, label=ck.label)
            return open_compare(self.window, (hp, hj_id, label), after, result)
        held = self._decode(ck_id)
        if held is None:
            return None
        hp, hj = held
        if now is None:
            self._say(_("The checkpoint's journey was deleted; restore it as a new journey to see it."))
            return None
        label = _("{name} at checkpoint {label}").format(name=hj.name, label=ck.label)
        return open_compare(self.window, (hp, hj.id, label), self._side(project, now))

    def restore_checkpoint(self, ck_id: str) -> str | None:
        try:
            cmd = RestoreCheckpointCommand(self.window.doc.project, ck_id)
        except CheckpointError as exc:
            plain_message(self.window, _("Checkpoints"), str(exc))
            return None
        if not self.push(cmd):
            return None
        if cmd.journey_id in self.window.doc.project.tables["journey"]:
            self.window.selection.set_journey(cmd.journey_id)
            return cmd.journey_id
        return None


def _has_setting(key: str) -> bool:
    try:
        settings.get(key)
    except KeyError:
        return False
    return True


def install(window: Any) -> HistoryActions:
    return HistoryActions(window)
