"""The journey view: zoom, fit, pan, and header strips that stay on screen while scrolling."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QNativeGestureEvent, QPainter, QRegion, QTransform, QWheelEvent
from PySide6.QtWidgets import QApplication, QGestureEvent, QGraphicsView, QPinchGesture, QWidget

from .scene import JourneyScene

MIN_ZOOM = 0.02
MAX_ZOOM = 4.0
ZOOM_STEP = 1.2
# A first view shows the whole map when it can at this zoom or more: a new journey's frame (its stages, lanes and
# emotion row) is what a facilitator shows a room first, but the 9 pt of a card being typed must still read (9 px
# at 75 %). A blank map fits at 82 % of a 1600 × 1000 window and 91 % of 1920 × 1080; 61 % of 1280 × 800 stays 100 %.
WHOLE_MAP_FLOOR = 0.75


# Pixels kept between a card brought into view and the view's edge (or the pinned headers).
_CLEAR = 20


def _scroll_into(lo: int, hi: int, room_lo: float, room_hi: float) -> int:
    """How far to scroll so ``lo``–``hi`` lies within ``room_lo``–``room_hi``: its start first when it cannot all."""
    if lo < room_lo or hi - lo > room_hi - room_lo:
        return round(lo - room_lo)
    if hi > room_hi:
        return round(hi - room_hi)
    return 0


class JourneyView(QGraphicsView):
    """A QGraphicsView over a JourneyScene with the zoom and pan gestures a facilitator expects."""

    zoom_changed = Signal(float)  # 1.0 is 100 %

    def __init__(self, scene: JourneyScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self._zoom = 1.0
        self._space_down = False
        self._pan_from: QPoint | None = None
        self._pinch_start = 1.0
        # Dragging a card, a link or a band near the edge scrolls the map towards it.
        self._autoscroll = QTimer(self)
        self._autoscroll.setInterval(30)
        self._autoscroll.timeout.connect(self._autoscroll_step)
        self._drag_pos = QPointF()
        self._drag_buttons = Qt.MouseButton.NoButton
        self._drag_modifiers = Qt.KeyboardModifier.NoModifier
        self._whole_until_touched = False
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.actionTriggered.connect(self._touched)
        scene.layout_changed.connect(self._pin_headers)

    def journey_scene(self) -> JourneyScene:
        return self.scene()  # type: ignore[return-value]

    # -- zoom --------------------------------------------------------------------------------------
    def zoom(self) -> float:
        return self._zoom

    def set_zoom(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom to ``factor`` (clamped to 2 %–400 %), keeping ``anchor`` (a viewport point) still."""
        self._whole_until_touched = False
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        if math.isclose(factor, self._zoom, rel_tol=1e-6):
            return
        if anchor is None:
            anchor = QPointF(self.viewport().rect().center())
        before = self.mapToScene(anchor.toPoint())
        self.setTransform(QTransform.fromScale(factor, factor))
        self._zoom = factor
        # Keep the point under the anchor where it was (QGraphicsView's own anchors only work for wheel events).
        self._scroll_scene_point_to(before, anchor)
        self._pin_headers()
        self.zoom_changed.emit(self._zoom)

    def _scroll_scene_point_to(self, scene_point: QPointF, viewport_point: QPointF) -> None:
        now = self.mapFromScene(scene_point)
        dx = round(now.x() - viewport_point.x())
        dy = round(now.y() - viewport_point.y())
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + dx)
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + dy)

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom / ZOOM_STEP)

    def reset_zoom(self) -> None:
        self.set_zoom(1.0)

    def fit_journey(self) -> None:
        """Show the whole map (never blown up past 200 %)."""
        self._whole_until_touched = False
        rect = self.journey_scene().full_rect()
        if rect.isEmpty():
            return
        vp = self.viewport().rect()
        factor = min((vp.width() - 8) / rect.width(), (vp.height() - 8) / rect.height())
        factor = max(MIN_ZOOM, min(2.0, factor))
        self.setTransform(QTransform.fromScale(factor, factor))
        changed = not math.isclose(factor, self._zoom, rel_tol=1e-6)
        self._zoom = factor
        self.centerOn(rect.center())
        self._pin_headers()
        if changed:
            self.zoom_changed.emit(self._zoom)

    def show_whole_until_touched(self) -> None:
        """Show the whole map, as the window takes its size, while it reads at ``WHOLE_MAP_FLOOR`` or more.

        Until the user zooms, scrolls, clicks or types in the map: a window laid out, restored or resized before
        then fits again (or goes back to 100 % at the top left when the whole no longer reads), afterwards the
        view is the user's.
        """
        self._whole_until_touched = True
        self._show_whole()

    def _touched(self, *_: object) -> None:
        self._whole_until_touched = False

    def _show_whole(self) -> None:
        vp = self.viewport().rect()
        # The sceneRect, not full_rect(): deciding must not make a big map's pending items before its first paint.
        rect = self.journey_scene().sceneRect()
        if rect.isEmpty() or vp.width() < 100 or vp.height() < 100:
            return
        factor = min(1.0, (vp.width() - 8) / rect.width(), (vp.height() - 8) / rect.height())
        if factor < WHOLE_MAP_FLOOR:
            factor = 1.0
        if not math.isclose(factor, self._zoom, rel_tol=1e-6):
            self.setTransform(QTransform.fromScale(factor, factor))
            self._zoom = factor
            self.zoom_changed.emit(self._zoom)
        if factor < 1.0:
            self.centerOn(rect.center())
        else:
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum())
            self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())
        self._pin_headers()

    def fit_factor(self, rect: QRectF) -> float:
        """The zoom at which ``rect`` fits the viewport with a margin (see :meth:`ensure_rect_visible`)."""
        vp = self.viewport().rect()
        return min((vp.width() - 40) / max(1.0, rect.width()), (vp.height() - 40) / max(1.0, rect.height()))

    def ensure_rect_visible(self, rect: QRectF, zoom_out: bool = True, margin: int = _CLEAR) -> None:
        """Scroll (and zoom out if needed and allowed) so ``rect`` is on screen, clear of the pinned headers.

        Qt's ``ensureVisible`` with fixed margins left a card under the stage headers in a short view (the
        map under the charts dock), and a cell reached with the arrow keys under them at any size: the
        headers' own size is what must stay clear, at the top and the left.
        """
        top, left = self._pinned_sizes()
        vp = self.viewport().rect()
        m = margin
        factor = min(
            (vp.width() - 2 * m) / max(1.0, rect.width() + left), (vp.height() - 2 * m) / max(1.0, rect.height() + top)
        )
        if zoom_out and factor < self._zoom:
            self.set_zoom(factor)
        box = self.mapFromScene(rect).boundingRect()
        z = self._zoom
        dx = _scroll_into(box.left(), box.right(), left * z + m, vp.width() - m)
        dy = _scroll_into(box.top(), box.bottom(), top * z + m, vp.height() - m)
        for bar, d in ((self.horizontalScrollBar(), dx), (self.verticalScrollBar(), dy)):
            if d:
                bar.setValue(bar.value() + d)
        self._pin_headers()

    def _pinned_sizes(self) -> tuple[float, float]:
        """The height of the pinned stage headers and the width of the pinned lane headers, in the map's units."""
        layout = self.journey_scene().layout
        if layout is None:
            return 0.0, 0.0
        return layout.top_strip.h, layout.left_strip.w

    # -- wheel, pinch, keyboard --------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:
        self._whole_until_touched = False
        mods = event.modifiers()
        if mods & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            if steps:
                self.set_zoom(self._zoom * (ZOOM_STEP**steps), event.position())
            event.accept()
            return
        if mods & Qt.KeyboardModifier.ShiftModifier and event.angleDelta().x() == 0:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - event.angleDelta().y())
            event.accept()
            return
        super().wheelEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Gesture:
            gesture = event.gesture(Qt.GestureType.PinchGesture)  # type: ignore[attr-defined]
            if isinstance(gesture, QPinchGesture):
                self._pinch(gesture, event)  # type: ignore[arg-type]
                return True
        if event.type() == QEvent.Type.NativeGesture:
            native: QNativeGestureEvent = event  # type: ignore[assignment]
            if native.gestureType() == Qt.NativeGestureType.ZoomNativeGesture:
                self.set_zoom(self._zoom * (1.0 + native.value()), native.position())
                return True
        return super().viewportEvent(event)

    def _pinch(self, gesture: QPinchGesture, event: QGestureEvent) -> None:
        if gesture.state() == Qt.GestureState.GestureStarted:
            self._pinch_start = self._zoom
        centre = self.viewport().mapFromGlobal(gesture.centerPoint().toPoint())
        self.set_zoom(self._pinch_start * gesture.totalScaleFactor(), QPointF(centre))
        event.accept(gesture)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._whole_until_touched = False
        # Space pans only when nothing on the canvas is taking typed text.
        if event.key() == Qt.Key.Key_Space and self.scene().focusItem() is None and not event.isAutoRepeat():
            self._space_down = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and self._space_down and not event.isAutoRepeat():
            self._space_down = False
            if self._pan_from is None:
                self.viewport().unsetCursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event: object) -> None:
        self._space_down = False
        super().focusOutEvent(event)  # type: ignore[arg-type]

    # -- panning -----------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._whole_until_touched = False
        button = event.button()
        if button == Qt.MouseButton.MiddleButton or (button == Qt.MouseButton.LeftButton and self._space_down):
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            pos = event.position().toPoint()
            delta = pos - self._pan_from
            self._pan_from = pos
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        super().mouseMoveEvent(event)
        self._follow_drag(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._autoscroll.stop()
        if self._pan_from is not None and event.button() in (Qt.MouseButton.MiddleButton, Qt.MouseButton.LeftButton):
            self._pan_from = None
            if self._space_down:
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            else:
                self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    # -- scrolling while dragging -------------------------------------------------------------------
    _EDGE = 28

    def _edge_step(self, pos: QPointF) -> tuple[int, int]:
        r = self.viewport().rect()
        e = self._EDGE

        def step(v: float, lo: int, hi: int) -> int:
            if v < lo + e:
                return -max(4, int((lo + e - v) / 2))
            if v > hi - e:
                return max(4, int((v - hi + e) / 2))
            return 0

        return step(pos.x(), r.left(), r.right()), step(pos.y(), r.top(), r.bottom())

    def _follow_drag(self, event: QMouseEvent) -> None:
        scene = self.journey_scene()
        dragging = bool(event.buttons() & Qt.MouseButton.LeftButton) and scene.handler is not None
        if dragging and self._edge_step(event.position()) != (0, 0):
            self._drag_pos = event.position()
            self._drag_buttons = event.buttons()
            self._drag_modifiers = event.modifiers()
            if not self._autoscroll.isActive():
                self._autoscroll.start()
        else:
            self._autoscroll.stop()

    def _autoscroll_step(self) -> None:
        dx, dy = self._edge_step(self._drag_pos)
        if (dx, dy) == (0, 0) or self.journey_scene().handler is None:
            self._autoscroll.stop()
            return
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setValue(h.value() + dx)
        v.setValue(v.value() + dy)
        # Tell the interaction the mouse is now over another part of the map.
        pos = self._drag_pos
        move = QMouseEvent(
            QEvent.Type.MouseMove,
            pos,
            self.viewport().mapToGlobal(pos),
            Qt.MouseButton.NoButton,
            self._drag_buttons,
            self._drag_modifiers,
        )
        QApplication.sendEvent(self.viewport(), move)

    # -- pinned headers ----------------------------------------------------------------------------
    def scrollContentsBy(self, dx: int, dy: int) -> None:
        before = self._strips_on_screen()
        super().scrollContentsBy(dx, dy)
        self._pin_headers()
        # The view scrolls by moving pixels, the pinned headers with the rest, and only then slides the strips
        # back: what clears the moved copy is Qt's record of where each item (each header inside a strip) was
        # last painted, and when that record is stale (a scroll in the same turn as a resize or a relayout) the
        # copy stays on screen. So repaint both bands ourselves: where the headers' pixels went, where they are.
        self.viewport().update(before.translated(dx, dy).united(self._strips_on_screen()))

    def _strips_on_screen(self) -> QRegion:
        """The part of the viewport the pinned header strips (and the corner) cover now."""
        area = QRegion()
        scene = self.scene()
        if not isinstance(scene, JourneyScene) or scene.layout is None:
            return area
        for strip in (scene.top_strip, scene.left_strip, scene.corner):
            if strip.isVisible():
                rect = strip.sceneBoundingRect().united(strip.mapRectToScene(strip.childrenBoundingRect()))
                area = area.united(self.mapFromScene(rect).boundingRect().intersected(self.viewport().rect()))
        return area

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self._whole_until_touched:
            self._show_whole()
        self._pin_headers()

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def _pin_headers(self) -> None:
        scene = self.scene()
        if isinstance(scene, JourneyScene):
            scene.pin_headers(self.visible_scene_rect())
