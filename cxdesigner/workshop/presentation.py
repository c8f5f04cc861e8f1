"""Presentation mode: the map full screen on the projector, large type, one stage at a time.

:class:`PresentationModel` is what every view follows: the journey's stages, the step on
screen (the whole journey, or one stage) and the card in the spotlight. The presentation
window is another map editor over the same document (so edits and quick capture work there
and show at once) with larger type, the other stages dimmed and the spotlight drawn; on a
laptop with a projector it goes full screen on the projector while the laptop keeps the editor.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPen,
    QResizeEvent,
    QScreen,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStyleOptionGraphicsItem,
    QVBoxLayout,
    QWidget,
)

from ..document import Document, Selection
from ..i18n import _, ngettext, number
from ..model import Change, untouched
from ..qttext import plain_tooltip
from ..window.lookonly import EditGuard
from .protocols import MapEditor, MapScene
from .timer import ExerciseTimer, TimerOverlay
from .voting import VotingBanner, VotingController, VotingInteraction

if TYPE_CHECKING:
    from .inbox import InboxStrip  # made by the controller, with the first project

MIN_TITLE_PX = 18.0  # card titles on the projector, at 1920 × 1080 and up
# The presentation's card titles against the editor's, tried in turn until the whole journey fitted on
# the screen shows titles of MIN_TITLE_PX (larger type holds fewer words, so no larger than needed).
TYPE_SCALES = (1.5, 1.75, 2.0, 2.25, 2.5, 2.75)
# Each scale first with cards as much wider (the same words per line as in the editor: a map short of
# height has width to spare), then half as much wider, then with the editor's width (a long journey is
# short of width; narrow cards with large type break long words, so that comes last).
TYPE_CHOICES = tuple(
    (scale, width)
    for scale in TYPE_SCALES
    for width in dict.fromkeys((scale / TYPE_SCALES[0], (1 + scale / TYPE_SCALES[0]) / 2, 1.0))
)
# No choice shows the whole journey readable (a long journey, a small projector): it is read stage by stage,
# where width is not short, so the largest type keeps wide cards; narrow ones would break words ("confirmin g").
LONG_JOURNEY = (TYPE_SCALES[-1], TYPE_SCALES[-1] / TYPE_SCALES[0])
# A card's title on the projector: a room cannot read one cut short («Compara precios en una plataforma de r…»), so a
# card whose title needs more than the editor's three lines grows to hold it, up to this many (longer is a paragraph,
# not a card's title: the rest is elided, and the bar under the map shows the spotlit card's title whole).
PROJECTOR_TITLE_LINES = 6
# Stage, lane and phase names grow with the cards' titles (their boxes with them: see JourneyScene.set_type_scale):
# at 1.3 times the editor's beside titles 2.75 times it, lane names were 8.5 px on the wall beside 18 px titles.
# The timer's and the voting banner's keys line against the editor's, on a projector of FULL_HD_LINES lines. A
# projected picture is as large whatever its lines, so a smaller one's pixels are larger: there they shrink in
# proportion (at 1280 × 800 the banner at full size wrapped its chips and took a quarter of the screen from the map).
# What the banner says to the room (whose turn, the dots left, the voters' names) is read from the back as the cards
# are: never smaller than MIN_TITLE_PX, the cards' titles (see banner_scales). Shrunk with the lines, its names were
# the laptop's 13 px on a 1280 × 800 projector beside 18 px card titles: the smallest type on the wall.
TIMER_SCALE, BANNER_SCALE = 1.25, 1.35
FULL_HD_LINES = 1080
# The ideas strip beside the map: a share of the screen's width, kept between lines of so many characters of its
# type (shorter lines break every idea; longer ones take the map's room for nothing).
INBOX_SHARE, INBOX_CHARS = 0.2, (22, 34)
INBOX_SCALE = 1.4  # its type on a Full HD projector, shrinking as the timer's below (overlay_scale)
SPOTLIGHT = QColor("#e69f00")


class PresentationModel(QObject):
    """The stage on screen and the card in the spotlight, for the projector's view and the laptop's alike."""

    changed = Signal()
    spotlight_changed = Signal()

    def __init__(self, selection: Selection, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.selection = selection
        self.doc: Document | None = None
        self.journey_id: str | None = None
        self.step = -1  # -1: the whole journey; 0 … n-1: that stage
        self._stage: str | None = None
        self._hovered: str | None = None
        self._spot: str | None = None
        selection.subscribe(self._selection_changed)

    def set_document(self, doc: Document | None) -> None:
        if self.doc is not None:
            self.doc.project.unsubscribe(self._project_changed)
        self.doc = doc
        if doc is not None:
            doc.project.subscribe(self._project_changed)
        self.journey_id = self.selection.journey_id if doc is not None else None
        self._hovered = None
        self.set_step(-1, force=True)

    def detach(self) -> None:
        self.set_document(None)
        self.selection.unsubscribe(self._selection_changed)

    # -- reading ------------------------------------------------------------------------------------
    def stage_ids(self) -> list[str]:
        if self.doc is None or self.journey_id is None:
            return []
        return [s.id for s in self.doc.project.stages(self.journey_id)]

    def stage_id(self) -> str | None:
        """The stage on screen, or None while the whole journey shows."""
        return self._stage

    def spotlight(self) -> str | None:
        """The card the room should look at: the one under the mouse, else the last one selected."""
        return self._spot

    def caption(self, lang: str = "en", timer_key: bool = True) -> str:
        """What the bar under the map says; ``timer_key``: whether T is the timer's key now (not while voting,
        where letters pick the voters)."""
        if self.doc is None or self.journey_id is None:
            return ""
        stages = self.doc.project.stages(self.journey_id)
        if self._stage is None:
            # The one step where letters do not type: T is the timer's key here (at a stage's step it is the room's).
            if not timer_key:
                return _("The whole journey · → goes through it stage by stage")
            return _("The whole journey · → goes through it stage by stage · T: the timer")
        stage = next(s for s in stages if s.id == self._stage)
        return _("Stage {n} of {total}: {name}").format(
            n=self.step + 1, total=len(stages), name=stage.display_name(lang) or "—"
        )

    # -- stepping -----------------------------------------------------------------------------------
    def set_step(self, step: int, force: bool = False) -> None:
        ids = self.stage_ids()
        step = max(-1, min(step, len(ids) - 1))
        stage = ids[step] if step >= 0 else None
        if force or (step, stage) != (self.step, self._stage):
            self.step, self._stage = step, stage
            self.changed.emit()
        self._update_spotlight()

    def next(self) -> None:
        self.set_step(self.step + 1)

    def previous(self) -> None:
        self.set_step(self.step - 1)

    def home(self) -> None:
        """The whole journey."""
        self.set_step(-1)

    def end(self) -> None:
        self.set_step(len(self.stage_ids()) - 1)

    def hover(self, card_id: str | None) -> None:
        self._hovered = card_id
        self._update_spotlight()

    # -- following ----------------------------------------------------------------------------------
    def _update_spotlight(self) -> None:
        sel = self.selection.touchpoint_ids
        spot = self._hovered or (sel[-1] if sel else None)
        if spot != self._spot:
            self._spot = spot
            self.spotlight_changed.emit()

    def _selection_changed(self, sel: Selection, source: object) -> None:
        if self.doc is not None and sel.journey_id != self.journey_id:
            self.journey_id = sel.journey_id
            self._hovered = None
            self.set_step(-1, force=True)
        else:
            self._update_spotlight()

    def _project_changed(self, changes: Sequence[Change]) -> None:
        if untouched(changes, ("stage", "touchpoint", "journey")) or not any(
            ch.kind in ("stage", "touchpoint", "journey") for ch in changes
        ):
            return
        ids = self.stage_ids()
        # The stage on screen stays on screen when others come or go; a deleted one gives way to its neighbour.
        step = ids.index(self._stage) if self._stage in ids else min(self.step, len(ids) - 1)
        if (
            self._hovered is not None
            and self.doc is not None
            and self._hovered not in self.doc.project.tables["touchpoint"]
        ):
            self._hovered = None
        self.set_step(step, force=step != self.step or self._stage not in ids)


def choose_screen(screens: Sequence[Any], window_screen: Any, wanted: str = "") -> Any:
    """Where the audience view goes: the remembered screen if present, else another than the window's."""
    for screen in screens:
        if wanted and screen.name() == wanted:
            return screen
    others = [s for s in screens if s is not window_screen]
    if others:
        return others[0]
    return window_screen if window_screen is not None else (screens[0] if screens else None)


def screen_label(screen: QScreen) -> str:
    size = screen.geometry()
    name = screen.name() or _("Screen")
    return f"{name} ({size.width()} × {size.height()})"


# -- on the map ---------------------------------------------------------------------------------------


class _MapOverlay(QGraphicsItem):
    """An item over the whole map that follows the layout (and ``signals``); it takes no clicks."""

    def __init__(self, scene: MapScene, z: float, signals: Sequence[Any] = ()) -> None:
        super().__init__()
        self.map_scene = scene
        self._signals = [scene.layout_changed, *signals]
        self.setZValue(z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self._rect = QRectF()
        scene.addItem(self)
        for signal in self._signals:
            signal.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        rect = self.map_scene.sceneRect()
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def remove(self) -> None:
        for signal in self._signals:
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(self.refresh)
        if self.scene() is not None:
            self.map_scene.removeItem(self)


def stage_column(layout: Any, stage_id: str) -> QRectF:
    """A stage's whole column: its header, its cells and its part of the emotion row."""
    x, w = layout.columns[stage_id]
    gutter = layout.metrics.gutter / 2
    top = layout.stage_headers[stage_id].y if stage_id in layout.stage_headers else layout.top_strip.y
    bottom = layout.emotion_plot.bottom
    return QRectF(x - gutter + 2, top - 4, w + 2 * gutter - 4, bottom - top + 8)


class StageFocusItem(_MapOverlay):
    """The stage on screen outlined; with ``dim`` (the projector) every other stage fades back."""

    def __init__(self, model: PresentationModel, scene: MapScene, dim: bool) -> None:
        self.model = model
        self.dim = dim
        self._cut: tuple[float, float, float] | None = None  # see set_cut
        super().__init__(scene, 40, [model.changed, model.spotlight_changed])

    def set_cut(self, cut: tuple[float, float, float] | None) -> None:
        """The map scrolled to show from scene x ``left`` (None: from its start), the lane names pinned over it up
        to ``names``, the first stage shown whole starting at ``edge``: what lies between is painted over (a stage,
        its header and its phase's name cut by the names read «a de al» and «se corta»), a phase cut there named in
        what shows, the map's title too when cut; the names themselves are not dimmed."""
        if cut != self._cut:
            self._cut = cut
            self.update()

    def cut_rects(self) -> list[QRectF]:
        """What :meth:`set_cut` paints over: beside the pinned names, and above them (the map's title)."""
        layout = self.map_scene.layout
        if self._cut is None or not self.dim or layout is None:
            return []
        left, names, edge = self._cut
        rect = self.map_scene.sceneRect()
        strip = getattr(self.map_scene, "top_strip", None)
        top = layout.top_strip.y + (strip.pos().y() if strip is not None else 0.0)
        title = layout.title_rect
        above = max(names, edge, title.right if title.x < left else names)
        rects = [QRectF(left, rect.top(), above - left, top - rect.top())]
        if edge > names + 1e-6:
            rects.append(QRectF(names, rect.top(), edge - names, rect.height()))
        return rects

    def veil(self) -> QPainterPath:
        """The dimmed area, less the card in the spotlight (the room can read a card pointed at anywhere)."""
        path = QPainterPath()
        for rect in self.dimmed_rects():
            path.addRect(rect)
        spot = self.model.spotlight()
        item = self.map_scene.card_item(spot) if spot and not path.isEmpty() else None
        if item is not None and item.isVisible():
            hole = QPainterPath()
            hole.addRect(item.mapRectToScene(item.card_rect()))
            path = path.subtracted(hole)
        return path

    def dimmed_rects(self) -> list[QRectF]:
        """What fades back: the map left and right of the stage on screen, gutters and emotion curve included."""
        layout = self.map_scene.layout
        stage = self.model.stage_id()
        if not self.dim or layout is None or stage is None or stage not in layout.columns:
            return []
        column = stage_column(layout, stage)
        first = stage_column(layout, layout.stage_ids[0])
        last = stage_column(layout, layout.stage_ids[-1])
        start = first.left() if self._cut is None else max(first.left(), self._cut[1])  # not the pinned names
        left = QRectF(start, column.top(), column.left() - start, column.height())
        right = QRectF(column.right(), column.top(), last.right() - column.right(), column.height())
        return [r for r in (left, right) if r.width() > 0]

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        layout = self.map_scene.layout
        stage = self.model.stage_id()
        if layout is None or stage is None or stage not in layout.columns:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.dim:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 190))
            painter.drawPath(self.veil())
            self._paint_cut(painter)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(SPOTLIGHT, 4 if self.dim else 2.5))
        painter.drawRoundedRect(stage_column(layout, stage), 10, 10)

    def _paint_cut(self, painter: QPainter) -> None:
        rects = self.cut_rects()
        if not rects or self._cut is None:
            return
        scene: Any = self.map_scene
        colours = getattr(scene, "colours", None)
        for rect in rects:
            painter.fillRect(rect, colours.paper if colours is not None else QColor("white"))
        journey = scene.journey() if hasattr(scene, "journey") else None
        fonts = getattr(scene, "fonts", None)
        if colours is None or journey is None or fonts is None:
            return
        edge = max(self._cut[1], self._cut[2])
        dy = scene.top_strip.pos().y() if hasattr(scene, "top_strip") else 0.0
        for phase, band in scene.layout.phase_bands:
            if not band.x < edge < band.right:
                continue
            # The phase's band from the edge on, its name centred in what shows (elided when that is narrow).
            shown = QRectF(edge, band.y + dy, band.right - edge, band.h)
            painter.setBrush(QColor(colours.phase_fills.get(phase, colours.header_fill.name())))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(shown, 4, 4)
            painter.setPen(colours.header_ink)
            painter.setFont(fonts.phase)
            name = journey.phase_name(phase, getattr(scene, "lang", "en"))
            text = QFontMetrics(fonts.phase).elidedText(name, Qt.TextElideMode.ElideRight, round(shown.width() - 12))
            painter.drawText(shown, Qt.AlignmentFlag.AlignCenter, text)


class SpotlightItem(_MapOverlay):
    """A soft amber halo round the card in the spotlight, big enough to see from the back of the room."""

    def __init__(self, model: PresentationModel, scene: MapScene) -> None:
        self.model = model
        # Over the cards (2) and under the vote marks (6): at 45 its amber rings ran across the spotlit card's "#3"
        # and count, the one card the room is asked to look at; under the pinned headers (10-12) and the veil of the
        # stages not on screen (40) too, as its card is.
        super().__init__(scene, 5.5, [model.spotlight_changed])

    def card_rect(self) -> QRectF | None:
        spot = self.model.spotlight()
        item = self.map_scene.card_item(spot) if spot else None
        if item is None or not item.isVisible():
            return None
        return item.mapRectToScene(item.card_rect())

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        r = self.card_rect()
        if r is None:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for i, alpha in enumerate((60, 90, 140, 255)):
            grow = 12 - 3 * i
            colour = QColor(SPOTLIGHT)
            colour.setAlpha(alpha)
            painter.setPen(QPen(colour, 4))
            painter.drawRoundedRect(r.adjusted(-grow, -grow, grow, grow), 8 + grow, 8 + grow)


# -- the window ---------------------------------------------------------------------------------------


class StageCaption(QLabel):
    """A bar under the map: which stage the room is looking at, and the card in the spotlight (whole in its tooltip)."""

    def __init__(
        self,
        model: PresentationModel,
        parent: QWidget,
        lang: Callable[[], str],
        timer_key: Callable[[], bool] = lambda: True,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.lang = lang
        self.timer_key = timer_key  # whether T is the timer's key now (not while voting: letters pick voters)
        self.setObjectName("StageCaption")
        self.setTextFormat(Qt.TextFormat.PlainText)
        f = QFont(self.font())
        f.setPointSizeF(15)
        f.setBold(True)
        self.setFont(f)
        self.setStyleSheet("QLabel { background: #1f2933; color: white; padding: 6px 18px; }")
        self.setWordWrap(False)
        # As wide as the window, whatever its text (elided to fit): a long title must not widen the window.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        model.changed.connect(self.refresh)
        model.spotlight_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        text = self.model.caption(self.lang(), self.timer_key())
        spot = self.model.spotlight()
        card = self.model.doc.project.tables["touchpoint"].get(spot) if spot and self.model.doc else None
        # The card in the spotlight, whole where the bar has room: on the map a long title may be cut short.
        self._parts = (text, " ".join(card.title.split()) if text and card is not None and card.title else "")
        whole = text + ("   ▸ " + self._parts[1] if self._parts[1] else "")
        self.setToolTip(plain_tooltip(whole))
        self.setAccessibleName(whole)
        self._fit()
        self.setVisible(bool(text))

    def _fit(self) -> None:
        """The stage whole and the card's title elided to the bar's width (Spanish at 1024 × 768 ran off the
        screen mid-word); a stage's name too long for the bar alone is elided too."""
        text, title = getattr(self, "_parts", ("", ""))
        fm = self.fontMetrics()
        room = self.contentsRect().width() - 2 * 18  # the style sheet's padding
        if title:
            left = room - fm.horizontalAdvance(text + "   ▸ ")
            if left >= fm.horizontalAdvance("…") * 8:
                self.setText(text + "   ▸ " + fm.elidedText(title, Qt.TextElideMode.ElideRight, left))
                return
        self.setText(fm.elidedText(text, Qt.TextElideMode.ElideRight, max(0, room)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def disconnect_model(self) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            self.model.changed.disconnect(self.refresh)
        with contextlib.suppress(RuntimeError, TypeError):
            self.model.spotlight_changed.disconnect(self.refresh)


class HoverFollower(QObject):
    """Tells the model which card the mouse is over in a map view (the spotlight follows it)."""

    def __init__(
        self, model: PresentationModel, editor: MapEditor, hidden: Callable[[], Sequence[QRectF]] = list
    ) -> None:
        super().__init__(editor.view)
        self.model, self.editor = model, editor
        self.hidden = hidden  # scene areas painted over: a card there is out of sight, not pointed at
        editor.view.viewport().setMouseTracking(True)
        editor.view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseMove:
            pos = QPointF(self.editor.view.mapToScene(event.position().toPoint()))  # type: ignore[attr-defined]
            card = None if any(r.contains(pos) for r in self.hidden()) else self.editor.scene.card_at(pos)
            self.model.hover(card.tp_id if card is not None else None)
        elif event.type() == QEvent.Type.Leave:
            self.model.hover(None)
        return False

    def remove(self) -> None:
        with contextlib.suppress(RuntimeError):
            self.editor.view.viewport().removeEventFilter(self)
        self.model.hover(None)


class PresentationWindow(QWidget):
    """The audience view: a map editor over the same document, full screen, framed by the model."""

    closed = Signal()

    def __init__(
        self,
        model: PresentationModel,
        make_editor: Callable[[QWidget], MapEditor],
        voting: VotingController,
        timer: ExerciseTimer,
        make_inbox: Callable[[QWidget, MapEditor], InboxStrip] | None,
        actions: Sequence[QAction] = (),
        lang: Callable[[], str] = lambda: "en",
    ) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.model = model
        self.voting = voting
        self.timer = timer
        self._reserved = (0, 0)  # the view's right and bottom margins kept for the voting banner
        self._choosing = False  # choose_type_scale tries each type with its own margins
        self.setObjectName("PresentationWindow")
        self.setWindowTitle(_("Presentation — CX Designer"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.editor = make_editor(self)
        self.editor.type_anywhere = False  # a clicker's letters must not start cards on the screen
        self.editor.set_journey(model.journey_id)
        scene = self.editor.scene
        # The room's picture: none of the editor's aids (the capture cell's dashed outline at each stage's step, the
        # selection, hover handles, drop indicators, the rubber band, highlights); the spotlight points at a card.
        scene.set_audience(True)
        self.type_choice = TYPE_CHOICES[0]
        scale, width = self.type_choice
        scene.set_type_scale(scale, scale, width, compact_lanes=True, title_lines=PROJECTOR_TITLE_LINES)
        if hasattr(self.editor, "find_bar"):
            self.editor.find_bar.hide()
        self.focus_item = StageFocusItem(model, scene, dim=True)
        self.spotlight_item = SpotlightItem(model, scene)
        voting.add_scene(scene)
        voting.scale_marks(scene, self.type_scale)
        view = self.editor.view
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setFrameShape(view.Shape.NoFrame)
        view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hover = HoverFollower(model, self.editor, lambda: self.focus_item.cut_rects())
        # The bar under the map: the stage on screen at its left, the timer at its right. Over the map's corner the
        # timer had to keep a column or band of the map clear (a 260 px empty column beside a stage's step, whose
        # neighbours run past both edges); in the bar it takes none, only a few pixels of the bar's height.
        self.footer = QWidget(self)
        self.footer.setObjectName("PresentationFooter")
        self.footer.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.footer.setStyleSheet("#PresentationFooter { background: #1f2933; }")
        # While voting, T picks a voter: the caption names the timer's key only when T is it.
        self.caption = StageCaption(model, self.footer, lang, lambda: not voting.voting)
        voting.changed.connect(self.caption.refresh)
        voting.changed.connect(self._marks_changed)
        self.timer_overlay = TimerOverlay(timer, self.footer, scale=TIMER_SCALE, inline=True)
        bar = QHBoxLayout(self.footer)
        bar.setContentsMargins(0, 0, 12, 0)
        bar.setSpacing(0)
        bar.addWidget(self.caption, 1)
        bar.addWidget(self.timer_overlay, 0, Qt.AlignmentFlag.AlignVCenter)
        self.banner = VotingBanner(voting, view, scale=BANNER_SCALE)
        self.banner.set_scale(*self.banner_scales())
        self.inbox = make_inbox(self, self.editor) if make_inbox is not None else None
        # A read-only project's ideas are greyed here as in the laptop's dock (the main window guards only its docks).
        self.edit_guard = EditGuard(self)
        if self.inbox is not None:
            self.edit_guard.add(self.inbox)
        self.ideas_private = False  # silent brainstorming in the room: the ideas stay off the projector
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        box = QHBoxLayout()
        box.setSpacing(0)
        outer.addLayout(box, 1)
        self._box = box
        self.side_panel: QWidget | None = None  # see set_side_panel
        outer.addWidget(self.footer)
        box.addWidget(self.editor, 1)  # type: ignore[arg-type]
        if self.inbox is not None:
            self.inbox.set_scale(self.overlay_scale(INBOX_SCALE))
            self.inbox.setFixedWidth(self.inbox_width())
            box.addWidget(self.inbox)
            self.inbox.cards.model().rowsInserted.connect(self._show_inbox)
            self.inbox.cards.model().rowsRemoved.connect(self._show_inbox)
            self.inbox.cards.model().modelReset.connect(self._show_inbox)
            self._show_inbox()
        for action in actions:
            self.addAction(action)
        view.installEventFilter(self)
        self.banner.installEventFilter(self)
        model.changed.connect(self.frame)
        model.changed.connect(self._follow_stage)
        model.spotlight_changed.connect(self._show_spotlight)
        scene.layout_changed.connect(self._frame_later)
        # A bound method, not a lambda: a lambda over self, held by the scene's connection (C++, unseen by the
        # collector) kept the closed window, its editor and the whole scene alive after every presentation.
        scene.journey_replaced.connect(self._retype_later)
        self._framing = QTimer(self)
        self._framing.setSingleShot(True)
        self._framing.setInterval(0)
        self._framing.timeout.connect(self.frame)
        self._retyping = QTimer(self)
        self._retyping.setSingleShot(True)
        self._retyping.setInterval(0)
        self._retyping.timeout.connect(self.choose_type_scale)
        self.reserve_room()

    # -- showing -------------------------------------------------------------------------------------
    def show_on(self, screen: QScreen | None) -> None:
        """Full screen on ``screen`` (menus, docks and toolbars stay in the main window)."""
        if screen is not None:
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.activateWindow()
        self.editor.view.setFocus()
        self._retype_later()

    def set_editable(self, editable: bool) -> None:
        """Follow the undo stack's ``editable_changed``: what would change a read-only project is greyed."""
        self.edit_guard.set_frozen(not editable)

    def set_ideas_private(self, private: bool) -> None:
        """While the room's ideas are private, the projector shows none of them (only the entry, when typing)."""
        self.ideas_private = private
        self._show_inbox()

    def _show_inbox(self) -> None:
        # The strip takes room only while ideas wait (or one is being typed).
        if self.inbox is not None:
            shown = self.inbox.cards.count() > 0 and not self.ideas_private
            self.inbox.cards.setVisible(not self.ideas_private)
            self.inbox.setVisible(shown or self.inbox.entry.hasFocus())

    def inbox_width(self) -> int:
        """The ideas strip's width: INBOX_SHARE of the screen, within what its words need (a fixed 340 px was a
        quarter of a 1280 × 800 projector, a sixth of Full HD)."""
        inbox = self.inbox
        if inbox is None:
            return 0
        fm = QFontMetrics(inbox.cards.font())
        char = fm.averageCharWidth()
        margins = 2 * 6  # the strip's
        # A count of ideas of two digits (the heading is painted elided, its size hint is for four).
        heading = ngettext("Ideas inbox ({n} idea)", "Ideas inbox ({n} ideas)", 99).format(n=number(99))
        # Its buttons and heading whole (Spanish is longer), the entry's hint whole beside its clear button.
        needs = max(
            inbox.minimumSizeHint().width(),
            QFontMetrics(inbox.heading.font()).horizontalAdvance(heading) + margins + char,
            fm.horizontalAdvance(inbox.entry.placeholderText()) + margins + 4 * char,
            INBOX_CHARS[0] * char + margins,
        )
        return max(needs, min(round(self.width() * INBOX_SHARE), INBOX_CHARS[1] * char + margins))

    def set_side_panel(self, panel: QWidget | None) -> None:
        """A panel at the right of the map (the room's join panel, while it shows): the map is fitted in the room it
        leaves, so the panel covers none of it. The window takes the panel (it goes with the window); a panel
        with ``fit_to(width, height)`` is sized with the window."""
        if panel is self.side_panel:
            return
        if self.side_panel is not None:
            self._box.removeWidget(self.side_panel)
            self.side_panel.hide()
            self.side_panel.deleteLater()
        self.side_panel = panel
        if panel is not None:
            self._box.addWidget(panel)
            self._fit_side_panel()
            panel.show()
        self._retype_later()

    def _fit_side_panel(self) -> None:
        fit = getattr(self.side_panel, "fit_to", None)
        if callable(fit):
            fit(self.width(), self.height())

    def focus_inbox(self) -> None:
        if self.inbox is not None:
            self.inbox.show()
            self.inbox.focus_entry()

    def title_pixels(self) -> float:
        """How tall a card title's type is on screen now (its em, in device pixels)."""
        view = self.editor.view
        size = self.editor.scene.fonts.title.pointSizeF()
        return size * view.viewport().logicalDpiY() / 72.0 * view.transform().m11()

    def readable_zoom(self) -> float:
        view = self.editor.view
        size = self.editor.scene.fonts.title.pointSizeF() * view.viewport().logicalDpiY() / 72.0
        return MIN_TITLE_PX / size

    def fit_zoom(self) -> float | None:
        """The zoom that shows the whole journey, or None before the view has a size."""
        vp = self.editor.view.viewport().rect()
        return self._fit_in(vp.width(), vp.height())

    def _fit_in(self, width: float, height: float) -> float | None:
        rect = self.editor.scene.full_rect()
        if rect.isEmpty() or width < 10 or height < 10:
            return None
        return min((width - 16) / rect.width(), (height - 16) / rect.height())

    def _step_view(self, width: float, height: float) -> tuple[float, float, float] | None:
        """The zoom and the scene point at the middle of a viewport of that size for the step on screen: the
        whole journey fitted, or its stage with titles readable and centred in the room right of the lane names'
        width at the left, the first and last stages too (empty room past the map's end rather than a stage
        that jumps to the screen's edge as the room steps through; the names stay beside the map's start, not
        across that room). None before the view has a size."""
        fit = self._fit_in(width, height)
        if fit is None:
            return None
        scene = self.editor.scene
        rect, layout, stage = scene.full_rect(), scene.layout, self.model.stage_id()
        cx, cy = rect.center().x(), rect.center().y()
        if stage is None or layout is None or stage not in layout.columns:
            return fit, cx, cy
        zoom = max(fit, self.readable_zoom())
        half_w, half_h = width / zoom / 2, height / zoom / 2
        if rect.width() > 2 * half_w:
            names = layout.left_strip.right - layout.left_strip.x  # pinned: as wide on screen wherever the map is
            # The stage's middle at the middle of what the names leave: the view's middle is half the names right of it.
            cx = stage_column(layout, stage).center().x() - names / 2
        if rect.height() > 2 * half_h:
            cy = rect.top() + half_h  # from the top: ↓ shows the rest
        return zoom, cx, cy

    def reserve_room(self) -> None:
        """Room for the voting banner, so no card hides under it: a band at the foot of the view while it shows.

        The banner stays a child of the view, placed in its coordinates: with the viewport's margin it sits
        outside the map, and the fit (read from the viewport) shrinks to match. The timer is in the bar under the
        map (``footer``) and takes no room of the map's.
        """
        view = self.editor.view
        banner = self.banner.geometry() if self.banner.isVisibleTo(self) else None
        bottom = view.height() - banner.top() + 8 if banner is not None else 0
        if (0, bottom) != self._reserved:
            self._reserved = (0, bottom)
            view.setViewportMargins(0, 0, 0, max(0, bottom))
            if not self._choosing:
                self._retype_later()

    def overlay_scale(self, full_hd: float) -> float:
        """An overlay's scale here, ``full_hd`` on a Full HD projector: in proportion to the lines below it,
        never larger above, and never smaller than the laptop's own (1)."""
        return max(1.0, full_hd * min(1.0, self.height() / FULL_HD_LINES))

    def banner_scales(self) -> tuple[float, float]:
        """The voting banner's scale for the room (its names at least MIN_TITLE_PX on screen, as the cards' titles)
        and for its keys line (the facilitator's, shrinking with the lines as the timer's buttons)."""
        keys = self.overlay_scale(BANNER_SCALE)
        at_one = self.banner.name_pixels() / self.banner.scale
        return max(keys, MIN_TITLE_PX / at_one), keys

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit_side_panel()
        if self.inbox is not None:
            self.inbox.set_scale(self.overlay_scale(INBOX_SCALE))
            self.inbox.setFixedWidth(self.inbox_width())
        banner, timer = self.banner_scales(), self.overlay_scale(TIMER_SCALE)
        if (banner, timer) != ((self.banner.scale, self.banner.keys_scale), self.timer_overlay.scale):
            self.timer_overlay.set_scale(timer)
            self.banner.set_scale(*banner)
        super().resizeEvent(event)

    def _frame_later(self) -> None:
        self._framing.start()

    def _retype_later(self, _journey_id: str = "") -> None:
        self._retyping.start()

    @property
    def type_scale(self) -> float:
        return self.type_choice[0]

    def choose_type_scale(self) -> float:
        """The first of TYPE_CHOICES whose whole-journey view has readable titles (else LONG_JOURNEY).

        Each choice tried is a relayout of the whole map, so they are not tried in turn (17 of them for a journey
        too long for any, 30 ms on the hotel sample and growing with the map) but by bisection: along
        TYPE_CHOICES, whether the fitted titles are readable goes from no to yes once (larger type gains more
        than the map grows by), so the first yes is found in four or five tries. Within one type the choices go
        from wide cards to narrow, and narrower cards are not always the better fit: a card grows with a title
        that needs more lines (PROJECTOR_TITLE_LINES), so narrow cards can make the map taller than it gets
        narrower (online-purchase at 2560 × 1440: 2.25 wide fitted, 2.25 narrower did not). A choice counts as
        readable when it or a wider one of its type before it is, which is no to yes once again and keeps the first
        yes the first that fits. The choice on screen is tried first (a new screen's size or an edit often keeps it),
        then the last (a long journey's answer, the most common: two tries). ``test_the_type_scale_bisection_...``
        checks the choice against the tries in turn on every template and on generated maps.
        """
        scene = self.editor.scene
        count = len(TYPE_CHOICES)
        known: dict[int, bool] = {}

        def fits(i: int) -> bool:
            if i not in known:
                self._set_type_choice(TYPE_CHOICES[i])
                fit = self.fit_zoom()
                known[i] = fit is None or fit >= self.readable_zoom() - 1e-9
            return known[i]

        def first_fitting(i: int) -> int | None:
            """The first choice of ``i``'s type, up to ``i`` (widest first), that fits; None if none does."""
            j = i
            while j > 0 and TYPE_CHOICES[j - 1][0] == TYPE_CHOICES[i][0]:
                j -= 1
            return next((k for k in range(j, i + 1) if fits(k)), None)

        def readable(i: int) -> bool:
            return first_fitting(i) is not None

        self._choosing = True
        try:
            # The first readable choice lies in [low, high); high == count: none is.
            low, high = 0, count
            here = TYPE_CHOICES.index(self.type_choice) if self.type_choice in TYPE_CHOICES else count - 1
            if readable(here):
                high = here
            else:
                low = here + 1
                if low < count and not readable(count - 1):
                    low = count
            while low < high:
                mid = (low + high) // 2
                if readable(mid):
                    high = mid
                else:
                    low = mid + 1
            found = first_fitting(low) if low < count else None
            self._set_type_choice(TYPE_CHOICES[found] if found is not None else LONG_JOURNEY)
            self.reserve_room()
        finally:
            self._choosing = False
        self.voting.scale_marks(scene, self.type_scale)
        self.frame()
        return self.type_scale

    def _set_type_choice(self, choice: tuple[float, float]) -> None:
        scene: Any = self.editor.scene
        if choice != self.type_choice:
            scene.set_type_scale(choice[0], choice[0], choice[1], compact_lanes=True, title_lines=PROJECTOR_TITLE_LINES)
            self.type_choice = choice
        # Revealed counts and places as large as the titles, for the room: the gaps above the cards grow to hold them
        # (part of the map the fit measures). In the map's own gaps they were 10-12 px at 1280 × 800.
        scene.set_card_marks(self.voting.card_marks_height(scene))

    def _marks_changed(self) -> None:
        """A reveal (or its end) asks for other room above the cards: the type is chosen again with it."""
        scene: Any = self.editor.scene
        if self.voting.card_marks_height(scene) != getattr(scene, "card_marks", 0.0):
            self._retype_later()

    def frame(self) -> None:
        """Zoom and scroll for the step: the whole journey fitted, or its stage with titles readable."""
        view = self.editor.view
        self.reserve_room()
        vp = view.viewport().rect()
        framing = self._step_view(vp.width(), vp.height())
        if framing is None:
            return
        zoom, cx, cy = framing
        self._room_past_ends(zoom, vp.width())
        view.set_zoom(zoom)  # type: ignore[attr-defined]
        view.centerOn(cx, cy)
        self.editor.scene.pin_headers(view.mapToScene(view.viewport().rect()).boundingRect())
        self._cut_at_names()
        self._show_spotlight()

    def _room_past_ends(self, zoom: float, width: float) -> None:
        """Let a stage's step scroll past the map's ends by up to a screen (the view scrolls only over its scene
        rect), so the first and last stages centre as the others do; the whole journey keeps the scene's own."""
        view, scene = self.editor.view, self.editor.scene
        rect = scene.full_rect()
        if self.model.stage_id() is None or rect.isEmpty():
            wanted = QRectF()
        else:
            extra = width / max(zoom, 1e-6)
            wanted = rect.adjusted(-extra, 0, extra, 0)
        if view.sceneRect() != (wanted if not wanted.isNull() else rect):
            view.setSceneRect(wanted)

    def _cut_at_names(self) -> None:
        """Tell the dimming what the lane names pinned at the left cut: the stage they half cover shows as empty
        room, so a stage's step is centred and no header or card reads cut («a de al», «se corta»)."""
        view, scene = self.editor.view, self.editor.scene
        layout, rect = scene.layout, scene.full_rect()
        shown = view.mapToScene(view.viewport().rect()).boundingRect()
        if layout is None or self.model.stage_id() is None or shown.left() <= rect.left() + 1e-6:
            self.focus_item.set_cut(None)
            return
        names = shown.left() + layout.left_strip.right - layout.left_strip.x
        edges = [stage_column(layout, sid).left() for sid in layout.stage_ids]
        self.focus_item.set_cut((shown.left(), names, min((x for x in edges if x >= names - 1e-6), default=names)))

    def _follow_stage(self) -> None:
        """Typing on the map captures into the stage on screen (in the lane the cell cursor was in)."""
        scene = self.editor.scene
        layout, stage = scene.layout, self.model.stage_id()
        cell = scene.current_cell
        came_home = self.model.step < 0 <= getattr(self, "_followed_step", -1)
        self._followed_step = self.model.step
        if came_home and cell is not None:
            # Back at the whole journey, where letters do not type (T is the timer's key there, its caption says
            # so): the stage's cell stayed chosen, and T typed a card into the stage left behind. Its lane is kept
            # for the next stage.
            self._capture_lane = cell[1]
            scene.set_current_cell(None)
            return
        if layout is None or stage is None or stage not in layout.columns or not layout.lane_ids:
            return
        lane = cell[1] if cell is not None else getattr(self, "_capture_lane", None)
        scene.set_current_cell((stage, lane if lane in layout.rows else layout.lane_ids[0]))

    def _show_spotlight(self) -> None:
        """A card chosen elsewhere (the laptop, the findings) scrolls into the room's view."""
        r = self.spotlight_item.card_rect()
        view = self.editor.view
        if r is not None and not view.mapToScene(view.viewport().rect()).boundingRect().contains(r):
            view.ensureVisible(r, 30, 30)

    def pan(self, lanes: float) -> None:
        """Up and down keys: the map moves by part of a screen (when it is taller than the screen)."""
        bar = self.editor.view.verticalScrollBar()
        bar.setValue(bar.value() + round(lanes * self.editor.view.viewport().height() * 0.4))

    # -- keys ------------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.editor.view:
            self._retype_later()
            return False
        if watched is self.banner:
            if event.type() in (QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.Resize, QEvent.Type.Move):
                self.reserve_room()
            return False
        if event.type() != QEvent.Type.KeyPress or watched is not self.editor.view:
            return False
        return self.handle_key(event)  # type: ignore[arg-type]

    def handle_key(self, event: QKeyEvent) -> bool:
        """Stepping keys while nothing is being typed on the map; True when used."""
        scene = self.editor.scene
        if scene.focusItem() is not None:
            return False  # a title or a new card is being typed
        handler = scene.handler
        voting = isinstance(handler, VotingInteraction)
        if handler is not None and not voting:
            return False
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        # T for the timer, so one screen need not leave the room's view for the Timer menu. Not while voting
        # (letters pick voters there) nor with a cell chosen for typing (letters start a card there); no
        # clicker sends it (they send Page Up/Down, B or ".", Esc, F5).
        if key == Qt.Key.Key_T and not voting and scene.current_cell is None:
            if mods == Qt.KeyboardModifier.NoModifier:
                self.timer.start_or_toggle()
                return True
            if mods == Qt.KeyboardModifier.ShiftModifier:
                self.timer.stop()
                return True
        if mods:
            return False
        steps = {
            Qt.Key.Key_Right: self.model.next, Qt.Key.Key_PageDown: self.model.next,
            Qt.Key.Key_Left: self.model.previous, Qt.Key.Key_PageUp: self.model.previous,
            Qt.Key.Key_Home: self.model.home, Qt.Key.Key_End: self.model.end,
        }  # fmt: skip
        if key in steps:
            steps[key]()
            return True
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.pan(-1 if key == Qt.Key.Key_Up else 1)
            return True
        if key == Qt.Key.Key_Escape and not voting:
            self.close()
            return True
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tear_down()
        super().closeEvent(event)
        self.closed.emit()

    def tear_down(self) -> None:
        """Stop following the document (the window may be shown again only by making a new one)."""
        if getattr(self, "_torn", False):
            return
        self._torn = True
        self._framing.stop()
        self._retyping.stop()
        scene = self.editor.scene
        with contextlib.suppress(RuntimeError, TypeError):
            self.model.changed.disconnect(self.frame)
        with contextlib.suppress(RuntimeError, TypeError):
            self.model.changed.disconnect(self._follow_stage)
        with contextlib.suppress(RuntimeError, TypeError):
            self.model.spotlight_changed.disconnect(self._show_spotlight)
        self.voting.remove_scene(scene)
        self.caption.disconnect_model()
        with contextlib.suppress(RuntimeError, TypeError):
            self.voting.changed.disconnect(self.caption.refresh)
        with contextlib.suppress(RuntimeError, TypeError):
            self.voting.changed.disconnect(self._marks_changed)
        self.focus_item.remove()
        self.spotlight_item.remove()
        self.hover.remove()
        if self.inbox is not None:
            self.inbox.detach()
        self.editor.detach()


__all__ = [
    "MIN_TITLE_PX",
    "PROJECTOR_TITLE_LINES",
    "TYPE_CHOICES",
    "TYPE_SCALES",
    "PresentationModel",
    "PresentationWindow",
    "SpotlightItem",
    "StageFocusItem",
    "choose_screen",
    "screen_label",
]
