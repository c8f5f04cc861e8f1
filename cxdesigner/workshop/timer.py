"""The exercise timer: a countdown the facilitator starts, pauses and stretches, shown over the map.

The timer reads an injectable clock, so tests move time on instead of waiting; the
Qt timer inside only asks it, a few times a second, whether the time is up.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeySequence, QPainter, QPaintEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QToolButton, QWidget

from ..i18n import _
from .overlay import HostedOverlay, reserve_band

PRESETS_MINUTES = (3, 5, 10, 15)
DEFAULT_SECONDS = 5 * 60  # what the presentation's T starts before any timer was started
MAX_SECONDS = 24 * 3600
Clock = Callable[[], float]


def clock_text(seconds: float) -> str:
    """Whole seconds still to go as m:ss (h:mm:ss from an hour on); never below 0:00."""
    left = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(left, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class ExerciseTimer(QObject):
    """A countdown: idle, running, paused, then finished (``finished`` is emitted once)."""

    changed = Signal()
    finished = Signal()

    def __init__(self, clock: Clock = time.monotonic, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self.state = "idle"
        self.duration = 0.0
        self.last_start = float(DEFAULT_SECONDS)  # the countdown last started (a preset or custom), for T again
        self._left = 0.0  # while paused or finished: what is left
        self._ends_at = 0.0  # while running: the clock reading at the end
        self._ticker = QTimer(self)
        self._ticker.setInterval(250)
        self._ticker.timeout.connect(self.tick)

    # -- reading --------------------------------------------------------------------------------
    def remaining(self) -> float:
        if self.state == "running":
            return max(0.0, self._ends_at - self._clock())
        return self._left if self.state in ("paused", "finished") else 0.0

    def text(self) -> str:
        return clock_text(self.remaining())

    @property
    def active(self) -> bool:
        """Running or paused: something is on the overlay."""
        return self.state in ("running", "paused")

    # -- the facilitator's buttons --------------------------------------------------------------
    def start(self, seconds: float) -> None:
        """Count down ``seconds`` from now (a running countdown starts over)."""
        seconds = float(min(max(1.0, seconds), MAX_SECONDS))
        self.last_start = seconds
        self._count_down(seconds)

    def _count_down(self, seconds: float) -> None:
        self.duration = seconds
        self._ends_at = self._clock() + seconds
        self.state = "running"
        self._ticker.start()
        self.changed.emit()

    def pause(self) -> None:
        if self.state == "running":
            self._left = self.remaining()
            self.state = "paused"
            self._ticker.stop()
            self.changed.emit()

    def resume(self) -> None:
        if self.state == "paused":
            self._ends_at = self._clock() + self._left
            self.state = "running"
            self._ticker.start()
            self.changed.emit()

    def toggle(self) -> None:
        """Pause a running countdown, resume a paused one."""
        if self.state == "running":
            self.pause()
        elif self.state == "paused":
            self.resume()

    def start_or_toggle(self) -> None:
        """One key for the room: pause or resume a countdown on screen, else start the last one again."""
        if self.active:
            self.toggle()
        else:
            self.start(self.last_start)

    def add(self, seconds: float = 60.0) -> None:
        """More time: on a running or paused countdown, or a minute more after the end."""
        if self.state == "running":
            self._ends_at = min(self._ends_at + seconds, self._clock() + MAX_SECONDS)
        elif self.state == "paused":
            self._left = min(self._left + seconds, MAX_SECONDS)
        elif self.state == "finished":
            self._count_down(seconds)  # a minute more is not the countdown to start again with T
            return
        else:
            return
        self.duration += seconds
        self.changed.emit()

    def stop(self) -> None:
        """Put the timer away (nothing shows any more)."""
        self._ticker.stop()
        self.state = "idle"
        self._left = 0.0
        self.changed.emit()

    def tick(self) -> None:
        """Check the clock: at zero the countdown finishes (the Qt timer calls this; tests may too)."""
        if self.state == "running":
            if self._ends_at - self._clock() <= 0:
                self._ticker.stop()
                self._left = 0.0
                self.state = "finished"
                self.changed.emit()
                self.finished.emit()
            else:
                self.changed.emit()


class TimerOverlay(HostedOverlay):
    """The countdown over a map view's corner: big digits, and pause, +1 min and close buttons.

    It follows one :class:`ExerciseTimer`; when time is up it turns red and says so (and the
    computer beeps where it can), so the room notices without looking at the laptop.
    """

    def __init__(
        self,
        timer: ExerciseTimer,
        host: QWidget,
        scale: float = 1.0,
        at_foot: bool = False,
        band: bool = False,
        inline: bool = False,
    ) -> None:
        super().__init__(host)
        self.timer = timer
        self.scale = scale
        self.at_foot = at_foot  # the bottom-right corner (a projector's map keeps its top) rather than the top
        # The editor's: one row (the digits, then the buttons) in a band kept at the top of its map view (``host``,
        # a scroll area), over no part of the map. Over the map's top right corner the plate covered the end of
        # the persona line, the phase band and a stage's header, and whatever scrolled under it.
        # ``inline``: the same row, larger, laid out in ``host``'s layout (the projector's bar under the map).
        self.inline = inline
        self.band = band or inline
        self._margin = 0
        self.setObjectName("TimerOverlay")
        # White words on the dark plate, whatever the desktop's colours.
        self.setStyleSheet("QToolButton { color: white; border: none; padding: 2px 6px; }"
                           "QToolButton:hover { background: rgba(255, 255, 255, 40); border-radius: 4px; }")
        self._digits = QFont(self.font())
        self._digits.setBold(True)
        self._digits.setStyleHint(QFont.StyleHint.Monospace)
        self._small = QFont(self.font())
        bar = QHBoxLayout(self)
        bar.setContentsMargins(8, 0, 8, 6)
        bar.setSpacing(4)
        bar.addStretch(1)
        self.pause_button = self._button(timer.toggle)
        self.add_button = self._button(lambda: timer.add(60))
        self.close_button = self._button(timer.stop)
        bar.setAlignment(Qt.AlignmentFlag.AlignVCenter if self.band else Qt.AlignmentFlag.AlignBottom)
        self.set_scale(scale)
        timer.changed.connect(self._follow)
        timer.finished.connect(self._time_up)
        self._follow()

    def set_scale(self, scale: float) -> None:
        """The digits and the plate ``scale`` times the editor's (a projector's room sets it)."""
        self.scale = scale
        self._digits.setPointSizeF((17 if self.band and not self.inline else 22) * scale)
        self._small.setPointSizeF(9 * max(1.0, scale * 0.8))
        for b in (self.pause_button, self.add_button, self.close_button):
            b.setFont(self._small)
        self.place()
        self.update()

    def _button(self, slot: Callable[[], None]) -> QToolButton:
        b = QToolButton(self)
        b.setAutoRaise(True)
        b.setFont(self._small)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        b.clicked.connect(slot)
        self.layout().addWidget(b)
        return b

    def retranslate(self) -> None:
        self.pause_button.setText(_("Resume") if self.timer.state == "paused" else _("Pause"))
        self.add_button.setText(_("+1 min"))
        self.close_button.setText("✕")
        # The keys, where the facilitator's pointer is: at a stage's step of the presentation T types into the
        # stage (the room's ideas), so the one key that works at every step is worth naming here.
        keys = QKeySequence("Ctrl+Shift+T").toString(QKeySequence.SequenceFormat.NativeText)
        self.pause_button.setToolTip(_("Pause or resume ({keys}, at every step of the presentation)").format(keys=keys))
        self.close_button.setToolTip(_("Put the timer away"))

    def _follow(self) -> None:
        state = self.timer.state
        self.setVisible(state != "idle")
        self.pause_button.setVisible(state in ("running", "paused"))
        self.retranslate()
        self.place()
        self.update()

    def _digits_width(self) -> int:
        """The band's room for the digits: the widest of what they say (a long countdown, "Time's up")."""
        fm = QFontMetrics(self._digits)
        return max(fm.horizontalAdvance(t) for t in ("88:88", "888:88", _("Time's up"))) + 8

    def _reserve(self, height: int) -> None:
        """Keep a band ``height`` tall at the top of the host's view (0: give it back)."""
        host = self.parentWidget()
        if height != self._margin and host is not None:
            self._margin = height
            reserve_band(host, "top", height)

    def remove(self) -> None:
        """The editor goes: its view gets its band back."""
        self._reserve(0)
        self.deleteLater()

    def _time_up(self) -> None:
        QApplication.beep()
        self.raise_()

    def place(self) -> None:
        host = self.parentWidget()
        if host is None:
            return
        if self.band:
            h = QFontMetrics(self._digits).height() + 6 if self.inline else round(40 * self.scale)
            self.layout().setContentsMargins(self._digits_width() + 12, 0, 6, 0)
            w = self.layout().sizeHint().width()
            if self.inline:
                self.setFixedSize(w, h)  # its layout places it: nothing over the map, no band to keep
                return
            self.setGeometry(max(0, host.width() - w - 8), 2, w, h)
            self._reserve(h + 4 if self.timer.state != "idle" else 0)
            self.raise_()
            return
        w, h = round(230 * self.scale), round(96 * self.scale)
        self.setGeometry(host.width() - w - 24, host.height() - h - 16 if self.at_foot else 16, w, h)
        self.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        done = self.timer.state == "finished"
        paused = self.timer.state == "paused"
        fill = QColor("#c2410c") if done else QColor(31, 41, 51, 230)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(fill)
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        p.drawRoundedRect(r, 12, 12)
        p.setPen(QColor("#ffffff") if not paused else QColor("#c8ccd2"))
        p.setFont(self._digits)
        text = _("Time's up") if done else self.timer.text()
        if self.band:
            p.drawText(QRectF(r.x() + 8, r.y(), self._digits_width(), r.height()), Qt.AlignmentFlag.AlignCenter, text)
        else:
            text_h = r.height() - 28 * max(1.0, self.scale * 0.8)
            p.drawText(QRectF(r.x(), r.y() + 2, r.width(), text_h), Qt.AlignmentFlag.AlignCenter, text)
        p.end()


__all__ = ["PRESETS_MINUTES", "ExerciseTimer", "TimerOverlay", "clock_text"]
