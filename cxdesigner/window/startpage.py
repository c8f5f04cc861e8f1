"""The start page shown while no project is open: new (blank or a template), recent projects, open, import."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QHideEvent,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCommandLinkButton,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from .. import dialogs, settings
from ..i18n import _, shown_text, translation
from ..qttext import plain_tooltip
from . import recent as recent_files
from . import templates, thumbnails
from .thumbnails import THUMB_SIZE, RecentInfo

if TYPE_CHECKING:
    from ..mainwindow import MainWindow
    from ..services.tasks import Task

KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # template key or file path
STATE_ROLE = Qt.ItemDataRole.UserRole + 2  # blank, template, loading, ok, missing, unreadable
IMAGE_ROLE = Qt.ItemDataRole.UserRole + 3  # QImage
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 4  # the path shown under a recent project's name
DATE_ROLE = Qt.ItemDataRole.UserRole + 5

PAD = 8  # inside a tile
GAP = 6  # around a tile
MAX_WIDTH = 1500  # the page's column stops growing here, centred, on wide screens


def shown_path(path: str) -> str:
    """The path under a recent project's name, with the home folder as ``~`` (the tile is narrow)."""
    try:
        rest = Path(path).relative_to(Path.home())
    except (ValueError, RuntimeError):  # outside home, or no home to find
        return path
    return str(Path("~") / rest)


class TileDelegate(QStyledItemDelegate):
    """Draws a tile: the picture (or why there is none), the name, and for a recent file its path and date."""

    def __init__(self, recent: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recent = recent

    def _lines(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, int, int]:
        bold = QFont(option.font)
        bold.setBold(True)
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.9))
        return bold, small, QFontMetrics(bold).height(), QFontMetrics(small).height()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        _bold, _small, name_h, small_h = self._lines(option)
        text_h = name_h + 2 * small_h + 4 if self.recent else 2 * name_h
        return QSize(THUMB_SIZE.width() + 2 * PAD + 2 * GAP, THUMB_SIZE.height() + text_h + 3 * PAD + 2 * GAP)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        pal = option.palette
        state = index.data(STATE_ROLE)
        bold, small, name_h, small_h = self._lines(option)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        tile = option.rect.adjusted(GAP, GAP, -GAP, -GAP)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        path = QPainterPath()
        path.addRoundedRect(tile.adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        painter.fillPath(path, pal.color(QPalette.ColorRole.Base))
        edge = pal.color(QPalette.ColorRole.Highlight) if selected or hovered else pal.color(QPalette.ColorRole.Mid)
        painter.setPen(QPen(edge, 2.0 if selected else 1.0))
        painter.drawPath(path)
        if focused and selected:
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 1.0, Qt.PenStyle.DashLine))
            painter.drawRoundedRect(tile.adjusted(3, 3, -3, -3), 6, 6)
        if state == "missing":
            painter.setOpacity(0.6)  # greyed inside: the file is gone; where the keyboard is stays plain to see
        pic = QRect(tile.x() + PAD, tile.y() + PAD, THUMB_SIZE.width(), THUMB_SIZE.height())
        image = index.data(IMAGE_ROLE)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        if isinstance(image, QImage) and not image.isNull():
            painter.drawImage(pic, image)
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1.0))
            painter.drawRect(pic)
        else:
            painter.fillRect(pic, pal.color(QPalette.ColorRole.AlternateBase))
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1.0))
            painter.drawRect(pic)
            if state == "blank":
                self._draw_plus(painter, pic, pal.color(QPalette.ColorRole.Highlight))
            else:
                painter.setFont(small)
                # Why there is no picture is news (the file is gone or spoiled): full contrast, not the muted grey.
                painter.setPen(muted if state in ("ok", "loading") else pal.color(QPalette.ColorRole.Text))
                words = {
                    "missing": _("File missing"),
                    "unreadable": _("Cannot be read"),
                    "ok": _("No preview"),
                }.get(str(state), "…")
                flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
                painter.drawText(pic.adjusted(6, 6, -6, -6), flags, words)
        text = QRect(pic.x(), pic.bottom() + PAD, pic.width(), tile.bottom() - pic.bottom() - PAD)
        painter.setPen(pal.color(QPalette.ColorRole.Text))
        painter.setFont(bold)
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if self.recent:
            fm = QFontMetrics(bold)
            painter.drawText(QRect(text.x(), text.y(), text.width(), name_h), Qt.AlignmentFlag.AlignLeft,
                             fm.elidedText(name, Qt.TextElideMode.ElideRight, text.width()))  # fmt: skip
            painter.setFont(small)
            painter.setPen(muted)
            sfm = QFontMetrics(small)
            detail = str(index.data(DETAIL_ROLE) or "")
            y = text.y() + name_h + 2
            painter.drawText(QRect(text.x(), y, text.width(), small_h), Qt.AlignmentFlag.AlignLeft,
                             sfm.elidedText(detail, Qt.TextElideMode.ElideMiddle, text.width()))  # fmt: skip
            date = sfm.elidedText(str(index.data(DATE_ROLE) or ""), Qt.TextElideMode.ElideRight, text.width())
            painter.drawText(QRect(text.x(), y + small_h, text.width(), small_h), Qt.AlignmentFlag.AlignLeft, date)
        else:
            self._draw_two_lines(painter, QRect(text.x(), text.y(), text.width(), 2 * name_h), name, bold)
        painter.restore()

    @staticmethod
    def _draw_two_lines(painter: QPainter, rect: QRect, text: str, font: QFont) -> None:
        """Wrap at words onto two lines, the second elided: long Spanish names stay whole when they can."""
        fm = QFontMetrics(font)
        if fm.horizontalAdvance(text) <= rect.width():
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, text)
            return
        words, first = text.split(), ""
        while words and fm.horizontalAdvance((first + " " + words[0]).strip()) <= rect.width():
            first = (first + " " + words.pop(0)).strip()
        if not first:  # one very long word
            first = fm.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
            words = []
        rest = fm.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, rect.width())
        h = fm.height()
        painter.drawText(QRect(rect.x(), rect.y(), rect.width(), h), Qt.AlignmentFlag.AlignLeft, first)
        painter.drawText(QRect(rect.x(), rect.y() + h, rect.width(), h), Qt.AlignmentFlag.AlignLeft, rest)

    @staticmethod
    def _draw_plus(painter: QPainter, rect: QRect, colour: QColor) -> None:
        side = min(rect.width(), rect.height()) // 4
        c = rect.center()
        painter.setPen(QPen(colour, 4.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(c.x() - side // 2, c.y(), c.x() + side // 2, c.y())
        painter.drawLine(c.x(), c.y() - side // 2, c.x(), c.y() + side // 2)


class CommandButton(QCommandLinkButton):
    """A command link that shows when it has the keyboard: Fusion draws no focus frame on one."""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.hasFocus():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2.0))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 6, 6)
        painter.end()


class Gallery(QListView):
    """A wrapping grid of tiles, as tall as its rows (the page scrolls, not the grid).

    Arrow keys move between tiles, Enter or Space opens one, Delete asks to remove it; Tab leaves.
    """

    tile_activated = Signal(QModelIndex)
    remove_requested = Signal(QModelIndex)

    def __init__(self, recent: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(QStandardItemModel(self))
        self.setItemDelegate(TileDelegate(recent, self))
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWrapping(True)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(True)
        self.setDragEnabled(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # Tiles sit on the page's own background (palette roles: light and dark alike).
        self.viewport().setBackgroundRole(QPalette.ColorRole.Window)
        self.setBackgroundRole(QPalette.ColorRole.Window)
        self.setGridSize(self.itemDelegate().sizeHint(self._view_option(), QModelIndex()))
        self.clicked.connect(self.tile_activated)

    def _view_option(self) -> QStyleOptionViewItem:
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        return option

    @property
    def items(self) -> QStandardItemModel:
        model = self.model()
        assert isinstance(model, QStandardItemModel)
        return model

    def fit_height(self) -> None:
        grid = self.gridSize()
        per_row = max(1, self.viewport().width() // max(1, grid.width()))
        rows = max(1, math.ceil(self.items.rowCount() / per_row))
        height = rows * grid.height() + 2 * self.frameWidth() + 4
        if self.height() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_height()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        # Tabbing in lands on a tile, visibly, so Enter has something to open.
        if not self.currentIndex().isValid() and self.items.rowCount():
            self.setCurrentIndex(self.items.index(0, 0))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        current = self.currentIndex()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and current.isValid():
            self.tile_activated.emit(current)
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and current.isValid():
            self.remove_requested.emit(current)
            return
        super().keyPressEvent(event)


def _heading(text: str, scale: float = 1.25) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)  # Spanish headings run longer than a narrow window
    return label


class StartPage(QScrollArea):
    """What the window shows with no project: every way into the work, in the interface language."""

    blank_requested = Signal()
    template_requested = Signal(str)
    open_requested = Signal()
    import_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.setObjectName("StartPage")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.viewport().setBackgroundRole(QPalette.ColorRole.Window)
        self._jobs: list[Callable[[], None]] = []
        self._job_timer = QTimer(self)
        self._job_timer.setSingleShot(True)
        self._job_timer.setInterval(0)
        self._job_timer.timeout.connect(self._run_job)
        self._hidden = False  # put away (a project opened): pictures wait until it shows again
        self._recent_items: dict[str, QPersistentModelIndex] = {}
        self._infos: dict[str, RecentInfo] = {}
        # Reads of recent files asked for by this page. A page that goes away (a project opened from it)
        # leaves those not started yet unread: each would copy, check and load a whole file for no
        # one, competing with the opening of the project for the processor.
        self._reads: list[tuple[str, Task]] = []  # (path, its read)
        self._stopped: list[str] = []  # paths whose reads stop_reading cancelled
        self.destroyed.connect(lambda *_, reads=self._reads: _cancel_unstarted(reads))

        content = QWidget()
        content.setObjectName("StartPageContent")
        outer = QHBoxLayout(content)
        outer.setContentsMargins(32, 28, 32, 28)
        column_widget = QWidget()
        column_widget.setMaximumWidth(MAX_WIDTH)
        outer.addWidget(column_widget)
        column = QVBoxLayout(column_widget)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)

        self.title = _heading(_("Welcome to CX Designer"), 1.8)
        self.subtitle = QLabel(
            _("Map a customer journey: start from a blank map or a template, or go on where you left off.")
        )
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle.setWordWrap(True)
        self.subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        column.addWidget(self.title)
        column.addWidget(self.subtitle)
        column.addSpacing(8)

        keys = QKeySequence.StandardKey
        shortcut = lambda k: QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText)  # noqa: E731
        self.btn_blank = self._command(
            _("&New blank journey"),
            _("An empty map with the usual stages and lanes ({key}).").format(key=shortcut(keys.New)),
            self.blank_requested.emit,
        )
        self.btn_open = self._command(
            _("&Open a project…"),
            _("A .cxd file from your computer, a USB stick or a shared folder ({key}).").format(
                key=shortcut(keys.Open)
            ),
            self.open_requested.emit,
        )
        self.btn_import = self._command(
            _("Import &sticky notes…"),
            _("A new project from a spreadsheet (CSV or Excel) of the notes a workshop wrote."),
            self.import_requested.emit,
        )
        self._commands = QGridLayout()
        self._commands.setHorizontalSpacing(12)
        self._commands.setVerticalSpacing(4)
        self._commands_wide: bool | None = None
        self._place_commands()
        column.addLayout(self._commands)
        column.addSpacing(12)

        recent_bar = QHBoxLayout()
        self.recent_heading = _heading(_("&Recent projects"))
        recent_bar.addWidget(self.recent_heading)
        recent_bar.addStretch(1)
        self.btn_remove = QPushButton(_("Re&move from List"))
        self.btn_remove.setToolTip(_("Remove the chosen project from this list (Delete); the file stays where it is"))
        self.btn_remove.clicked.connect(self._remove_current)
        self.btn_clear = QPushButton(_("&Clear List"))
        self.btn_clear.setToolTip(_("Forget every recent project; no file is deleted"))
        self.btn_clear.clicked.connect(self.clear_recent)
        recent_bar.addWidget(self.btn_remove)
        recent_bar.addWidget(self.btn_clear)
        column.addLayout(recent_bar)
        self.recent = Gallery(recent=True)
        self.recent.setAccessibleName(_("Recent projects"))
        self.recent.tile_activated.connect(self._recent_activated)
        self.recent.remove_requested.connect(self._remove_index)
        self.recent.selectionModel().currentChanged.connect(lambda *_a: self._update_buttons())
        column.addWidget(self.recent)
        self.recent_heading.setBuddy(self.recent)
        self.recent_empty = QLabel(_("No recent projects yet: the projects you open or save appear here."))
        self.recent_empty.setTextFormat(Qt.TextFormat.PlainText)
        self.recent_empty.setWordWrap(True)
        self.recent_empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        column.addWidget(self.recent_empty)
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.hide()
        column.addWidget(self.note)
        column.addSpacing(12)
        self.templates_heading = _heading(_("Start from a &template"))
        column.addWidget(self.templates_heading)
        self.templates = Gallery(recent=False)
        self.templates.setAccessibleName(_("Templates"))
        self.templates.tile_activated.connect(self._template_activated)
        column.addWidget(self.templates)
        # Alt+T (Alt+P in Spanish) reaches the templates from anywhere on the page, as Alt+R the recent projects.
        self.templates_heading.setBuddy(self.templates)

        column.addStretch(1)
        self.setWidget(content)

        QWidget.setTabOrder(self.btn_blank, self.btn_open)
        QWidget.setTabOrder(self.btn_open, self.btn_import)
        QWidget.setTabOrder(self.btn_import, self.recent)
        QWidget.setTabOrder(self.recent, self.btn_remove)
        QWidget.setTabOrder(self.btn_remove, self.btn_clear)
        QWidget.setTabOrder(self.btn_clear, self.templates)

        self._fill_templates()
        self.refresh_recent()

    # -- building ------------------------------------------------------------------------------
    def _place_commands(self) -> None:
        """Side by side when they fit, else one under another: a narrow page (docks beside it, long
        Spanish titles) would otherwise cut their words off or scroll sideways."""
        buttons = (self.btn_blank, self.btn_open, self.btn_import)
        margins = self.widget().layout().contentsMargins() if self.widget() is not None else None
        side = margins.left() + margins.right() if margins is not None else 64
        needed = sum(b.minimumSizeHint().width() for b in buttons) + 2 * self._commands.horizontalSpacing() + side
        wide = self.viewport().width() >= needed
        if wide == self._commands_wide:
            return
        self._commands_wide = wide
        for button in buttons:
            self._commands.removeWidget(button)
        for i, button in enumerate(buttons):
            row, col = (0, i) if wide else (i, 0)
            self._commands.addWidget(button, row, col)
            self._commands.setColumnStretch(i, 1 if wide or i == 0 else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._place_commands()
        super().resizeEvent(event)

    def _command(self, title: str, description: str, slot: Callable[[], None]) -> CommandButton:
        button = CommandButton(title, description)
        button.setAccessibleName(title.replace("&&", "\0").replace("&", "").replace("\0", "&"))
        button.setAccessibleDescription(description)
        # As tall as its words at the width it gets, not at its own narrow guess (big gaps otherwise).
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        button.setSizePolicy(policy)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _fill_templates(self) -> None:
        model = self.templates.items
        blank = QStandardItem(_("Blank journey"))
        blank.setData("blank", STATE_ROLE)
        blank.setData("", KEY_ROLE)
        blank.setData(_("Blank journey: a new project with an empty map"), Qt.ItemDataRole.AccessibleTextRole)
        model.appendRow(blank)
        for entry in templates.builtin_templates() + templates.user_templates():
            item = QStandardItem(entry.label)
            item.setData("template", STATE_ROLE)
            item.setData(entry.key, KEY_ROLE)
            item.setToolTip(plain_tooltip(entry.label))
            what = _("your template") if entry.user else _("template")
            item.setData(f"{entry.label}: {what}", Qt.ItemDataRole.AccessibleTextRole)
            model.appendRow(item)
            self._template_picture(QPersistentModelIndex(item.index()), entry)
        self.templates.fit_height()

    def _template_picture(self, index: QPersistentModelIndex, entry: templates.TemplateEntry) -> None:
        stamp: tuple = ()
        if entry.user:
            try:
                st = Path(entry.key).stat()
                stamp = (st.st_mtime_ns, st.st_size)
            except OSError:
                return
        key = ("template", entry.key, *stamp)
        ratio = self.devicePixelRatioF()
        image = thumbnails.cached_image((*key, self.lang, ratio))
        if image is not None:
            self.templates.items.setData(self.templates.items.index(index.row(), 0), image, IMAGE_ROLE)
            return

        def job() -> None:
            try:
                project = thumbnails.template_project(entry.key, self.lang)
                picture = thumbnails.thumbnail(key, project, self.lang, ratio)
            except Exception as exc:  # a template that cannot be drawn keeps its name, and says why
                if index.isValid():
                    item = self.templates.items.item(index.row(), 0)
                    item.setData("unreadable", STATE_ROLE)
                    why = thumbnails.unreadable_reason(exc, entry.key)
                    item.setToolTip(plain_tooltip(_("Cannot be read: {path}").format(path=entry.key) + f"\n{why}"))
                return
            if index.isValid():
                self.templates.items.setData(self.templates.items.index(index.row(), 0), picture, IMAGE_ROLE)

        self._queue(job)

    def _queue(self, job: Callable[[], None]) -> None:
        """Pictures are drawn one per turn of the event loop, so the page shows and answers at once."""
        self._jobs.append(job)
        self._job_timer.start()

    def _run_job(self) -> None:
        if self._hidden:
            return
        if self._jobs:
            self._jobs.pop(0)()
        if self._jobs:
            self._job_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        # Opening a project puts the page away; a picture left to draw would otherwise take the
        # event loop's next turns (a template's map, 0.1-0.2 s) while the project's map is built.
        self._hidden = True
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        self._hidden = False
        if self._jobs:
            self._job_timer.start()
        super().showEvent(event)

    def pictures_pending(self) -> bool:
        """True while pictures are still to be drawn or recent files read (tests wait on it)."""
        return bool(self._jobs) or any(self.recent.items.index(i.row(), 0).data(STATE_ROLE) == "loading"
                                       for i in self._recent_items.values() if i.isValid())  # fmt: skip

    # -- recent projects ---------------------------------------------------------------------------
    def refresh_recent(self) -> None:
        """The recent list from the settings; each file is read in a worker, never here."""
        model = self.recent.items
        model.clear()
        self._recent_items.clear()
        _cancel_unstarted(self._reads)  # the list is read again below: those still queued are asked again
        self._stopped.clear()
        for path in settings.get("files/recent"):
            if path in self._recent_items:
                continue
            item = QStandardItem(Path(path).stem or path)
            item.setData(path, KEY_ROLE)
            item.setData("loading", STATE_ROLE)
            item.setData(shown_path(path), DETAIL_ROLE)
            item.setToolTip(plain_tooltip(path))
            item.setData(f"{item.text()}, {path}", Qt.ItemDataRole.AccessibleTextRole)
            model.appendRow(item)
            self._recent_items[path] = QPersistentModelIndex(item.index())
            self._ask(path)
        has = model.rowCount() > 0
        self.recent.setVisible(has)
        self.recent_empty.setVisible(not has)
        self.btn_clear.setEnabled(has)
        # A first start has nothing to remove or clear: no greyed buttons to puzzle over.
        self.btn_remove.setVisible(has)
        self.btn_clear.setVisible(has)
        self.recent.fit_height()
        self._update_buttons()

    def _ask(self, path: str) -> None:
        """Read ``path`` in a worker; the page shows what it finds."""
        # stop_reading stops a read under way too: it asks its task whether to go on as it reads (the task
        # is known once submitted; a read that starts before that goes on until then).
        held: list[Task] = []
        task = thumbnails.runner().submit(
            lambda _progress, p=path: thumbnails.read_recent(p, go_on=lambda: not (held and held[0].is_cancelled)),
            "recent file",
        )
        held.append(task)
        self._reads.append((path, task))
        task.succeeded.connect(self._recent_read)
        task.failed.connect(lambda _exc, p=path: self._recent_read(RecentInfo(p, "unreadable")))

    def stop_reading(self) -> None:
        """A project opens from here: the recent files not read yet stay unread (``resume_reading`` asks again).

        A read under way stops before its next step (the check of its copy, the loading): reading a
        large recent file took as much processor as the opening itself, beside it. One that ends
        anyway has filled the cache, so asking again costs nothing.
        """
        for path, task in self._reads:
            task.cancel()  # one starting meanwhile ends as cancelled: resume_reading asks again
            self._stopped.append(path)
        self._reads.clear()

    def resume_reading(self) -> None:
        """The opening failed and the page stays: read what ``stop_reading`` left unread."""
        stopped, self._stopped = self._stopped, []
        for path in stopped:
            if self.recent_state(path) == "loading":
                self._ask(path)

    def _recent_read(self, info: object) -> None:
        if shiboken6.isValid(self):
            self._reads[:] = [(p, t) for p, t in self._reads if not t.done]
        if not shiboken6.isValid(self) or not isinstance(info, RecentInfo):
            return
        index = self._recent_items.get(info.path)
        if index is None or not index.isValid():
            return
        self._infos[info.path] = info
        item = self.recent.items.item(index.row(), 0)
        # A name from a file: its controls shown, isolated so it cannot reorder the date or path beside it.
        name = shown_text(info.name or Path(info.path).stem or info.path)
        item.setText(name)
        item.setData(info.state, STATE_ROLE)
        date = ""
        if info.mtime is not None:
            date = translation(self.lang).date(dt.date.fromtimestamp(info.mtime))
        item.setData(date, DATE_ROLE)
        spoken = {
            "missing": _("{name}, missing: {path}"),
            "unreadable": _("{name}, cannot be read: {path}"),
        }.get(info.state, _("{name}, {path}, {date}"))
        item.setData(spoken.format(name=name, path=info.path, date=date), Qt.ItemDataRole.AccessibleTextRole)
        if info.state == "missing":
            item.setToolTip(plain_tooltip(_("Missing: {path}").format(path=info.path)))
        elif info.state == "ok":
            item.setToolTip(plain_tooltip(f"{name}\n{info.path}"))  # the whole name, when the tile had to shorten it
        elif info.state == "unreadable":
            why = f"\n{info.reason}" if info.reason else ""
            item.setToolTip(plain_tooltip(_("Cannot be read: {path}").format(path=info.path) + why))
        if info.project is not None:
            project, key, ratio = info.project, ("recent", *info.key), self.devicePixelRatioF()
            image = thumbnails.cached_image((*key, self.lang, ratio))
            if image is not None:
                item.setData(image, IMAGE_ROLE)
            else:

                def job() -> None:
                    try:
                        picture = thumbnails.thumbnail(key, project, self.lang, ratio)
                    except Exception:  # a map that cannot be drawn shows "no preview"
                        return
                    if index.isValid():
                        self.recent.items.setData(self.recent.items.index(index.row(), 0), picture, IMAGE_ROLE)

                self._queue(job)

    def recent_state(self, path: str) -> str:
        """ok, missing, unreadable or loading (tests)."""
        index = self._recent_items.get(path)
        return str(index.data(STATE_ROLE)) if index is not None and index.isValid() else ""

    def _recent_activated(self, index: QModelIndex) -> None:
        path = str(index.data(KEY_ROLE))
        if index.data(STATE_ROLE) == "missing":
            said = recent_files.missing_text(str(index.data(Qt.ItemDataRole.DisplayRole)), path)
            self.note.setText(said + " " + _("Press Delete to remove it."))
            self.note.show()
            return
        self.recent_requested.emit(path)

    def _update_buttons(self) -> None:
        self.btn_remove.setEnabled(self.recent.currentIndex().isValid())

    def _remove_current(self) -> None:
        self._remove_index(self.recent.currentIndex())

    def _remove_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.remove_recent(str(index.data(KEY_ROLE)))

    def remove_recent(self, path: str) -> None:
        """Take ``path`` off the recent list (the settings too); the file itself is left alone."""
        recent_files.forget(path)
        old = self._recent_items.get(path)
        row = old.row() if old is not None and old.isValid() else -1
        self.note.hide()
        self.refresh_recent()
        if row >= 0 and self.recent.items.rowCount():
            self.recent.setCurrentIndex(self.recent.items.index(min(row, self.recent.items.rowCount() - 1), 0))
            self.recent.setFocus()

    def clear_recent(self) -> None:
        settings.set_value("files/recent", [])
        self.note.hide()
        self.refresh_recent()

    # -- templates -------------------------------------------------------------------------------
    def _template_activated(self, index: QModelIndex) -> None:
        if index.data(STATE_ROLE) == "blank":
            self.blank_requested.emit()
        else:
            self.template_requested.emit(str(index.data(KEY_ROLE)))


def import_into_new_project(window: MainWindow) -> bool:
    """A new blank project filled from a spreadsheet of sticky notes; True when something was imported.

    When the import is cancelled the new project, still untouched, is closed again: the user is
    back on the start page rather than in an empty project they did not ask for.
    """
    if not window.new_project():
        return False
    doc = window.doc
    if doc is None:
        return False
    outcome = dialogs.import_touchpoints(window, doc, window.undo_stack, window.selection.journey_id)
    window._after_import(outcome)  # the window's own report of an import
    if outcome is None and window.doc is doc and not doc.modified and window.undo_stack.count() == 0:
        window.close_project()
        return False
    return outcome is not None


def _cancel_unstarted(reads: list[tuple[str, Task]]) -> None:
    """Reads not started yet never run; one under way finishes (its result still fills the cache)."""
    for _path, task in reads:
        if not task.started:
            task.cancel()
    reads.clear()


__all__ = ["CommandButton", "Gallery", "StartPage", "TileDelegate", "import_into_new_project"]
