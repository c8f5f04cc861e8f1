"""The map drawn offscreen for every picture of it (PNG, SVG, PDF, report, previews): the canvas scene in print mode."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPaintEngine, QPainter
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyle, QStyleOptionGraphicsItem, QWidget

from .. import clock
from ..i18n import translation
from ..layout.geometry import Rect
from ..layout.pages import Furniture, Page, Piece, whole_on
from ..model import Project
from ..model.vocab import CONTENT_LANE_KINDS
from ..qttext import plain_tooltip
from . import style
from .items import NO_PEN, CardItem, ConnectionItem, LaneHeaderItem, PhaseBandItem
from .scene import JourneyScene, PrintMode


def render_journey(
    doc: Any,
    journey_id: str,
    lang: str | None = None,
    cards: Iterable[str] | None = None,
    title_block: bool = True,
    date: str | None = None,
    hide_empty_lanes: bool = False,
    hide_empty_stages: bool = False,
    card_notes: bool = False,
    curve_labels: str = "none",
    detail_floor: float | None = None,
    fitted_in: tuple[float, float] | None = None,
    texts_of: JourneyScene | None = None,
) -> JourneyScene:
    """A scene of ``journey_id`` in print mode; ``scene.full_rect()`` is the area to print.

    ``doc`` is a Document or a Project. ``cards`` limits the map to those cards (see
    :class:`PrintMode`, which also says what ``hide_empty_lanes``, ``hide_empty_stages``,
    ``card_notes`` and ``curve_labels`` do); ``date`` (today by default) is printed in the key. The scene does
    not follow later changes; a QApplication (offscreen is fine) must exist.

    A picture shown fitted in a view draws no text at a scale under ``detail_floor``. With ``fitted_in``
    (the largest width and height that view can have), a map too big to reach that scale there never
    places its connections' labels, which no paint of it would draw: placing 6,500 of them was some 40 %
    of building a 5,000-card map. ``texts_of``: a picture whose wrapped texts this one may start from.
    """
    project: Project = doc.project if hasattr(doc, "project") else doc
    lang = lang or project.info.lang
    mode = PrintMode(
        cards=frozenset(cards) if cards is not None else None,
        title_block=title_block,
        date=date or translation(lang).date(clock.today()),
        hide_empty_lanes=hide_empty_lanes,
        hide_empty_stages=hide_empty_stages,
        card_notes=card_notes,
        curve_labels=curve_labels,
    )
    scene = JourneyScene(project, lang=lang, print_mode=mode, follow=False)
    scene.detail_floor = detail_floor
    scene.labels_on_request = fitted_in is not None and detail_floor is not None
    if texts_of is not None:
        scene.share_texts(texts_of)
    scene.set_journey(journey_id)
    if scene.labels_on_request:
        assert fitted_in is not None and detail_floor is not None
        r = scene.sceneRect()
        if r.width() > 0 and r.height() > 0 and min(fitted_in[0] / r.width(), fitted_in[1] / r.height()) < detail_floor:
            scene.leave_labels_unplaced()
        else:
            scene.finish_labels()  # where each label goes does not depend on when it is placed
    return scene


# How a comparison marks a card on the two maps (the compare view and its export).
MARK_COLOURS = {"added": QColor("#2e7d32"), "removed": QColor("#c62828"), "changed": QColor("#ef8f00")}


def mark_cards(scene: JourneyScene, marks: dict[str, str], tooltips: dict[str, str] | None = None) -> None:
    """Outline each card of ``marks`` (card id → "added", "removed" or "changed") on the map: a removed card's
    outline is dashed, so the marks read in grey print too. Cards not on the map are skipped."""
    from PySide6.QtGui import QBrush, QPen

    for tid, mark in marks.items():
        item = scene.card_item(tid)
        if item is None:
            continue
        r = item.sceneBoundingRect().adjusted(-4, -4, 4, 4)
        pen = QPen(MARK_COLOURS[mark], 5)
        pen.setStyle(Qt.PenStyle.DashLine if mark == "removed" else Qt.PenStyle.SolidLine)
        outline = scene.addRect(r, pen, QBrush(Qt.BrushStyle.NoBrush))
        outline.setZValue(10_000)
        if tooltips:
            # Plain text, as every tooltip on the map: Qt guesses rich text in one.
            outline.setToolTip(plain_tooltip(tooltips.get(mark, mark)))


def journey_rect(scene: JourneyScene) -> QRectF:
    """The scene's full bounding rectangle (the whole map, margins and key included)."""
    return scene.full_rect()


def set_dpi(image: QImage, dpi: float) -> None:
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))


def paint_map(
    scene: JourneyScene,
    painter: QPainter,
    background: QColor | None = style.PAPER,
    clip: QRectF | None = None,
    last: bool = False,
) -> None:
    """Draw the whole map with its top-left at the painter's origin, one painter unit per scene unit.

    The painter's device must have the resolution the scene measured its text at
    (:func:`style.scene_dpi`): fonts are sized in points and resolve against the device, so on
    any other resolution every text would be bigger or smaller than the room it was given.
    Scale the painter to change the size. ``background`` None leaves the paper transparent;
    ``clip`` (map coordinates) draws only that part, for one tile of a tiled PDF. ``last`` says the
    scene is dropped right after this paint (a one-picture export): the cards and connections drawn
    as runs are then left as the runs made them, since giving every item its contents back makes Qt
    mark each one dirty for a repaint that never comes (some 1.5 ms a run at 1,000 cards).
    """
    device = painter.device()
    if device is not None and device.logicalDpiY() != style.scene_dpi():
        raise ValueError(f"the map is drawn at {style.scene_dpi()} dpi, not on a {device.logicalDpiY()} dpi device")
    source = scene.full_rect()
    whole = QRectF(0, 0, source.width(), source.height())
    area = whole if clip is None else clip.intersected(whole)
    if area.isEmpty():
        return
    brush = scene.backgroundBrush()
    scene.setBackgroundBrush(Qt.BrushStyle.NoBrush if background is None else background)
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setClipRect(area)
        # render() maps source onto target; the same size both ways keeps one unit per scene unit.
        shown = area.translated(source.topLeft())
        runs = _runs(scene, shown) if _is_svg(painter) else []
        try:
            scene.render(painter, area, shown, Qt.AspectRatioMode.IgnoreAspectRatio)
        finally:
            if not last:
                for run in runs:
                    run.undo()
    finally:
        painter.restore()
        scene.setBackgroundBrush(brush)


# -- cards and connections drawn as runs in an SVG -------------------------------------------------
# QGraphicsScene.render saves the painter's state before every item and restores it after. The
# SVG generator turns each save and each restore into a state group of its own (a <g> with every
# pen, brush, font and transform attribute, a few microseconds each): two of the ~16 groups a
# card costs and two of a connection's five, some 4,600 groups for a map of a thousand cards.
# Drawn as one run, in the same order, with the same transform each, and the pen, brush, font
# and hints they started with given back between items, the items paint exactly what they
# painted before; only the empty groups are gone. The PDF writer only writes what changed and a
# raster device keeps state for nothing: there the Python loop would cost what it saves
# (measured), so they are drawn as always.
_RUN_ENGINES = frozenset((QPaintEngine.Type.SVG,))
_BATCHED = (CardItem, ConnectionItem)
_ENABLED = QStyle.StateFlag.State_Enabled
_SELECTED = QStyle.StateFlag.State_Selected


def _is_svg(painter: QPainter) -> bool:
    engine = painter.paintEngine()
    return engine is not None and engine.type() in _RUN_ENGINES


class _Run(QGraphicsRectItem):
    """Stands in the stacking order where a run of cards (or connections) sits and paints them all.

    Made for one ``render`` and taken out after it (:meth:`undo`): the items of the run have no
    contents meanwhile, so the scene neither paints them nor saves the painter for them.
    """

    def __init__(self, scene: JourneyScene, items: list[QGraphicsItem]) -> None:
        super().__init__(scene.sceneRect())
        self.setPen(NO_PEN)
        self.setZValue(items[0].zValue())
        self._items = items
        scene.addItem(self)
        self.stackBefore(items[0])
        for item in items:
            item.setFlag(_NO_CONTENTS, True)

    def undo(self) -> None:
        for item in self._items:
            item.setFlag(_NO_CONTENTS, False)
        scene = self.scene()
        if scene is not None:
            scene.removeItem(self)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        base = painter.worldTransform()
        pen, brush, font, hints = painter.pen(), painter.brush(), painter.font(), painter.renderHints()
        opt = QStyleOptionGraphicsItem()
        opt.state = _ENABLED
        # Items that name the hints their paint may turn on (never off) cannot change hints already on:
        # then the painter is not asked for its hints after each (an enum made in Python for every item).
        steady = all(_keeps(kind, hints) for kind in {type(item) for item in self._items})
        for item in self._items:
            # The transform, option and starting state scene.render gives each item.
            painter.setWorldTransform(item.sceneTransform() * base)
            opt.exposedRect = item.boundingRect()
            if item.isSelected():  # an export draws no selection, but the option says what render's would
                opt.state = _ENABLED | _SELECTED
                item.paint(painter, opt, widget)
                opt.state = _ENABLED
            else:
                item.paint(painter, opt, widget)
            painter.setPen(pen)
            painter.setBrush(brush)
            painter.setFont(font)
            if not steady and painter.renderHints() != hints:
                painter.setRenderHints(~hints, False)
                painter.setRenderHints(hints, True)
        painter.setWorldTransform(base)


def _keeps(kind: type, hints: QPainter.RenderHint) -> bool:
    """Whether items of ``kind`` leave a painter's ``hints`` as they are (see ``CardItem.HINTS_ON``)."""
    on = getattr(kind, "HINTS_ON", None)
    return on is not None and (hints & on) == on


_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
_BOUNDING = Qt.ItemSelectionMode.IntersectsItemBoundingRect
_TOPMOST_FIRST = Qt.SortOrder.DescendingOrder


def _runs(scene: JourneyScene, shown: QRectF) -> list[_Run]:
    """The cards and the connections ``render`` would draw of ``shown``, as runs where they sit.

    Only where that draws exactly what the scene would: the items of a run next to each other in
    the order ``render`` paints (its own query, bottom first) and opaque. Cards and connections
    are only ever moved (setPos), never clipped, turned or nested.
    """
    if not scene.export_mode:
        return []
    order = scene.items(shown, _BOUNDING, _TOPMOST_FIRST)
    order.reverse()
    runs = []
    for kind in _BATCHED:
        at = [i for i, item in enumerate(order) if isinstance(item, kind)]
        if not at or at[-1] - at[0] + 1 != len(at):
            continue
        items = order[at[0] : at[-1] + 1]
        if all(item.opacity() == 1.0 for item in items):  # a filter makes some faint
            runs.append(_Run(scene, items))
    return runs


def render_image(scene: JourneyScene, scale: float = 1.0, background: QColor | None = style.PAPER) -> QImage:
    """The whole map as an image at ``scale`` (1.0 = one pixel per scene unit, as on screen at 100 %).

    Raises MemoryError when an image that large cannot be made.
    """
    rect = scene.full_rect()
    w, h = max(1, math.ceil(rect.width() * scale)), max(1, math.ceil(rect.height() * scale))
    # On opaque paper the image has no alpha channel: the PNG is a third smaller and encodes faster.
    opaque = background is not None and background.alpha() == 255
    fmt = QImage.Format.Format_RGB32 if opaque else QImage.Format.Format_ARGB32_Premultiplied
    image = QImage(w, h, fmt)
    if image.isNull():
        raise MemoryError(f"no memory for a {w} × {h} image")
    set_dpi(image, style.scene_dpi())
    image.fill(background if opaque else QColor(0, 0, 0, 0))
    painter = QPainter(image)
    try:
        painter.scale(scale, scale)
        # On opaque paper the image is already that colour: painting the paper again over the whole
        # map (tens of millions of pixels for a large one) would change none of them.
        paint_map(scene, painter, None if opaque else background)
    finally:
        painter.end()
    return image


# -- pages for slides and print -------------------------------------------------------------------


def page_furniture(scene: JourneyScene, width: float | None = None) -> Furniture:
    """The title and key bands of a printed map; with ``width``, set for pages that wide (map units).

    Pages narrower than the map carry a title block and a key as wide as the page (the key's
    entries flow into more rows), so nothing of them is cut at the page's edge. The key sits
    under everything, so it grows downwards without moving the map.
    """
    layout = scene.layout
    full = to_rect(scene.full_rect())
    if layout is None:
        return Furniture(full, None, None)
    m = layout.metrics
    title = None
    if scene.title_item.isVisible() and layout.title_rect.h > 0:
        if width is not None:
            r = scene.title_item.rect
            narrow = min(r.width(), width - 2 * m.margin)
            # A title that needs more lines at the page's width first gives its key to the legend under
            # the map (the pages of the last row carry it), then grows upwards, above the map, which
            # stays where it is: left as wide as the map, the page's edge cut it through a letter.
            extra = max(0.0, math.ceil(scene.title_item.height_for(scene, narrow) - r.height()))
            if extra and scene.title_item.keyed(narrow):
                scene.title_item.key_allowed = False
                extra = max(0.0, math.ceil(scene.title_item.height_for(scene, narrow) - r.height()))
            if narrow < r.width() or extra:
                scene.title_item.set_rect(QRectF(r.x(), r.y() - extra, narrow, r.height() + extra))
            if extra:
                scene.setSceneRect(scene.sceneRect().adjusted(0, -extra, 0, 0))
                full = to_rect(scene.full_rect())
        title = Rect(full.x, full.y, full.w, layout.top_strip.y - full.y)
    top = layout.emotion_plot.bottom + 8
    if width is not None:
        scene.legend_item.arrange(scene, m.margin, layout.emotion_plot.bottom + 14, width - 2 * m.margin)
        legend = scene.legend_item.rect
        scene.setSceneRect(scene.sceneRect().united(QRectF(full.x, top, full.w, legend.bottom() + m.margin - top)))
        full = to_rect(scene.full_rect())
    scene.finish_labels()
    labels = [item.route.label.rect for item in scene.connection_items().values()
              if item.route is not None and item.route.label is not None]
    lanes = scene.project.tables["lane"]
    content = frozenset(lid for lid in layout.lane_ids if lid in lanes and lanes[lid].kind in CONTENT_LANE_KINDS)
    return Furniture(full, title, Rect(full.x, top, full.w, full.bottom - top), _lane_ends(scene), labels, content)


def _lane_ends(scene: JourneyScene) -> dict[str, float]:
    """Each lane's least extent on a compact page (see :class:`Furniture`)."""
    lanes = scene.project.tables["lane"]
    ends = {}
    for header in scene.left_strip.childItems():
        if not isinstance(header, LaneHeaderItem) or (lane := lanes.get(header.lane_id)) is None:
            continue
        if lane.kind in CONTENT_LANE_KINDS:
            ends[lane.id] = header.rect.bottom()
        else:
            ends[lane.id] = header.name_bottom(lane.display_name(scene.lang), scene.fonts)
    return ends


def _label_left_out(page: Page, piece: Piece, item: ConnectionItem) -> bool:
    """Whether ``piece`` draws the connection without its label: the label is off the piece (its
    text would still be in the file, unseen), or the page does not show it whole."""
    label = item.route.label if item.route is not None else None
    if label is None:
        return False
    r, src = label.rect, piece.source
    if r.x >= src.right or r.right <= src.x or r.y >= src.bottom or r.bottom <= src.y:
        return True
    return not whole_on(page, piece, r)


def to_rect(r: QRectF) -> Rect:
    return Rect(r.x(), r.y(), r.width(), r.height())


CUT_INSET = 3.0  # map units inside a piece's edge where a lane it cuts is closed


def paint_page(scene: JourneyScene, painter: QPainter, page: Page, background: QColor | None = style.PAPER) -> None:
    """Draw one page of a cut map with its top-left at the painter's origin, one painter unit per map unit.

    Each piece is the map itself drawn through a clip, so a page is the same picture as the
    whole map; the phase bands are narrowed to the page's stages so their names stay on it.
    """
    if background is not None:
        painter.fillRect(QRectF(0, 0, page.width, page.height), background)
    origin = scene.full_rect().topLeft()
    bands = [item for item in scene.items() if isinstance(item, PhaseBandItem)] if page.span is not None else []
    kept = [band.rect for band in bands]
    x0, x1 = page.span or (0.0, 0.0)
    columns = [scene.layout.columns[sid] for sid in page.stage_ids if sid in scene.layout.columns]
    if page.span is not None and columns:
        # The phase bands and the emotion row end where the page's stages do: past them they ran into the gutter
        # the next page shows, as if the page held part of the next stage.
        x0, x1 = min(x for x, _w in columns), max(x + w for x, w in columns)
        scene.curve_item.span = (x0, x1)
    span = QRectF(x0, -1e9, x1 - x0, 2e9)
    headers = [*scene.top_strip.childItems(), *scene.left_strip.childItems()]
    lane_headers = [item for item in scene.left_strip.childItems() if isinstance(item, LaneHeaderItem)]
    lane_rects = [item.rect for item in lane_headers]
    try:
        for band in bands:
            band.set_rect(band.rect.intersected(span) if band.rect.intersects(span) else QRectF())
        for piece in page.pieces:
            src = piece.source
            area = QRectF(src.x, src.y, src.w, src.h)
            for header, full in zip(lane_headers, lane_rects, strict=True):
                header.set_rect(full)
            # A strip draws all its headers, clipped or not: those off the piece would still be in
            # the file's text (searchable, copied), so they are left out of this piece.
            for header in headers:
                header.setVisible(header.sceneBoundingRect().intersects(area))
            # A lane the piece shows only in part (cut short below its cards, or too tall for a page):
            # its header and cells are closed at the cut, a little inside the piece so their edge shows.
            edges = (src.y + CUT_INSET, src.bottom - CUT_INSET)
            scene.cells_item.cut = edges
            for header, full in zip(lane_headers, lane_rects, strict=True):
                shift = header.scenePos().y()
                top, bottom = full.top(), full.bottom()
                if top < edges[0] - shift < bottom:
                    top = edges[0] - shift
                if top < edges[1] - shift < bottom:
                    bottom = edges[1] - shift
                header.set_rect(QRectF(full.left(), top, full.width(), bottom - top))
            # A connection's label the page shows only a part of is left out: a sliver of a word
            # reads as a mistake. So are those off the piece, as the headers are.
            cut = [item for item in scene.items(area)
                   if isinstance(item, ConnectionItem) and _label_left_out(page, piece, item)]
            for item in cut:
                item.label_shown = False
            painter.save()
            painter.translate(piece.x - src.x + origin.x(), piece.y - src.y + origin.y())
            try:
                paint_map(scene, painter, background,
                          clip=QRectF(src.x - origin.x(), src.y - origin.y(), src.w, src.h))
            finally:
                painter.restore()
                for item in cut:
                    item.label_shown = True
    finally:
        for band, rect in zip(bands, kept, strict=True):
            band.set_rect(rect)
        for header, rect in zip(lane_headers, lane_rects, strict=True):
            header.set_rect(rect)
        scene.cells_item.cut = None
        scene.curve_item.span = None
        for header in headers:
            header.setVisible(True)
