"""The Charts dock: pick a chart (and a path), see it follow each new analysis, save it as PNG, SVG or PDF.

The analysis arrives ready-made (the main window passes each new one to ``show_analysis``);
a chart is drawn only while the dock is actually on screen. matplotlib and its Qt canvas are
imported only when the first chart is drawn: importing ``backend_qtagg`` costs about 0.4 s and
must not slow the application's start.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..analysis.outcome import path_cards
from ..i18n import _, ngettext, number
from ..model.errors import CXError
from ..qttext import plain_message

if TYPE_CHECKING:
    from ..analysis.outcome import JourneyAnalysis

# A dock dragged very small leaves no room for the axes; matplotlib then says so on every draw.
warnings.filterwarnings("ignore", message="constrained_layout not applied", category=UserWarning)

log = logging.getLogger(__name__)


def _chart_failure(exc: BaseException) -> str:
    """What a chart that could not be drawn or saved means to the user, and what to do; never Python's words.

    Out of memory is a fact about this computer (no traceback); anything else is a bug, logged with one.
    """
    if isinstance(exc, MemoryError):
        log.warning("not enough memory for the chart")
        return _("There is not enough memory to draw this chart: close other programs and try again, "
                 "or choose another chart.")
    log.error("chart failed", exc_info=exc)
    from ..storage import log_file  # only when it failed: the log's place, to name it

    return _(
        "This chart could not be drawn because of an error in CX Designer (details in the log: {path}). "
        "Choose another chart; this one is drawn again after your next change."
    ).format(path=log_file())

MIN_CHART_SIZE = (520, 360)  # pixels: the widest axis label and the tallest stack of labels fit

CHART_KEYS = ("emotion_curve", "quadrants", "gaps", "heatmap", "comparison")
PATHS_LISTED = 200  # the picker lists this many paths; the worst one is always offered
WHOLE_JOURNEY = "journey"
WORST_PATH = "worst"


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain_label(text: str = "") -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


class ChartsWidget(QWidget):
    """Charts of one analysis, drawn with matplotlib's Qt canvas.

    Everything is drawn from the :class:`~cxdesigner.analysis.outcome.JourneyAnalysis` passed to
    :meth:`show_analysis`: its result and the project copy it ran on, so titles always match figures.
    """

    path_selected = Signal(list)  # card ids of the chosen path; [] for the whole journey
    chart_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.analysis: JourneyAnalysis | None = None
        self.figure: Any = None
        self.canvas: Any = None
        self._dirty = True
        self._paths: list[dict[str, Any]] = []  # the analysis's path items (each tells only its new cards)
        self._worst: int | None = None
        self._pickers_stale = False  # a new analysis came while the dock was out of view
        self._picked: dict[str, Any] | None = None  # the result the pickers were filled from
        self._pending_path: list[str] | str | None = None  # a path asked for before the next refresh

        self.chart_picker = QComboBox()
        self.path_picker = QComboBox()
        self.path_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.path_picker.setMinimumContentsLength(18)
        self.compare_picker = QComboBox()
        self.compare_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.compare_picker.setMinimumContentsLength(14)
        self.crosshair_picker = QComboBox()
        self.save_button = QPushButton(_("Save…"))
        self.save_button.setToolTip(_("Save this chart as PNG, SVG or PDF"))
        self._path_label = _plain_label(_("Path:"))
        self._compare_label = _plain_label(_("Compare with:"))
        self._crosshair_label = _plain_label(_("Crosshair:"))
        for key, text in (
            ("emotion_curve", _("Emotion curve")),
            ("quadrants", _("Importance vs satisfaction")),
            ("gaps", _("Gap ranking")),
            ("heatmap", _("Stages × channels")),
            ("comparison", _("Persona comparison")),
        ):
            self.chart_picker.addItem(text, key)
        self.crosshair_picker.addItem(_("At the means"), "mean")
        self.crosshair_picker.addItem(_("At the midpoint (3)"), "midpoint")

        bar = QHBoxLayout()
        chart_label = _plain_label(_("Chart:"))
        chart_label.setBuddy(self.chart_picker)  # each label names its picker for a screen reader
        bar.addWidget(chart_label)
        bar.addWidget(self.chart_picker)
        for label, picker in (
            (self._path_label, self.path_picker),
            (self._compare_label, self.compare_picker),
            (self._crosshair_label, self.crosshair_picker),
        ):
            label.setBuddy(picker)
            bar.addWidget(label)
            bar.addWidget(picker, 1)
        bar.addStretch(0)
        bar.addWidget(self.save_button)

        self.message = _plain_label(_("Analysing the journey…"))
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.area = QWidget()
        self.area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # Room for the title, the axes, tick labels turned on their side and the legend under them:
        # below this the layout engine gives up and labels are cut, so the dock never opens smaller.
        self.area.setMinimumSize(*MIN_CHART_SIZE)
        self._area_layout = QVBoxLayout(self.area)
        self._area_layout.setContentsMargins(0, 0, 0, 0)
        self._area_layout.addWidget(self.message)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.area, 1)

        # Coming into view is checked once the event loop has settled the docks (see set_shown).
        self._exposure_check = QTimer(self)
        self._exposure_check.setSingleShot(True)
        self._exposure_check.setInterval(0)
        self._exposure_check.timeout.connect(lambda: self.redraw() if self._dirty else None)

        self.chart_picker.currentIndexChanged.connect(self._on_chart_picked)
        self.path_picker.activated.connect(self._on_path_picked)
        self.compare_picker.activated.connect(lambda *_: self.redraw())
        self.crosshair_picker.activated.connect(lambda *_: self.redraw())
        self.save_button.clicked.connect(self.save_dialog)
        self._update_controls()

    # -- inputs ------------------------------------------------------------------------------------
    @property
    def result(self) -> dict[str, Any] | None:
        """What the analysis found (None before the first one, without a journey, or after a failure)."""
        return self.analysis.result if self.analysis is not None else None

    @property
    def journey_id(self) -> str | None:
        return self.analysis.journey_id if self.analysis is not None else None

    def show_analysis(self, analysis: JourneyAnalysis | None) -> None:
        """Chart ``analysis`` from now on: drawn at once when on screen, else when the dock comes into view."""
        self.analysis = analysis
        # Filling the pickers waits until the dock is in view (a hidden dock does no work per analysis).
        self._pickers_stale = True
        if self.is_on_screen():
            self._fill_pickers()
        self._update_controls()
        self.redraw()

    def set_shown(self, shown: bool) -> None:
        """The dock's tab came into view (or left it); Qt calls a dock behind another tab visible all along."""
        if shown:
            self._exposure_check.start()

    def set_chart(self, key: str) -> None:
        """Show the chart ``key`` (one of :data:`CHART_KEYS`)."""
        index = self.chart_picker.findData(key)
        if index < 0:
            raise ValueError(f"Unknown chart {key!r}")
        self.chart_picker.setCurrentIndex(index)

    def chart(self) -> str:
        return str(self.chart_picker.currentData())

    def show_path(self, card_ids: Sequence[str]) -> None:
        """Plot the emotion curve along the path made of ``card_ids`` (e.g. from an insight)."""
        self._show_path(list(card_ids))

    def show_worst_path(self) -> None:
        """Plot the emotion curve along the worst path (lowest peak-end)."""
        self._show_path(WORST_PATH)

    def _show_path(self, path: list[str] | str) -> None:
        self._pending_path = path
        self._fill_pickers()
        if self.chart() == "emotion_curve":
            self.redraw()
        else:
            self.set_chart("emotion_curve")  # redraws

    def selected_path(self) -> list[str]:
        """Card ids of the path shown (empty for the whole journey)."""
        if self._pickers_stale:
            self._fill_pickers()
        choice = self.path_picker.currentData()
        if choice == WORST_PATH and self._worst is not None:
            return self._path(self._worst)
        if isinstance(choice, int) and choice < len(self._paths):
            return self._path(choice)
        return []

    def _path(self, index: int) -> list[str]:
        """Card ids of path ``index`` of the analysis the pickers were filled from."""
        return path_cards(self._picked["paths"], index) if self._picked is not None else []

    # -- drawing -----------------------------------------------------------------------------------
    def is_on_screen(self) -> bool:
        """Shown and not covered: a dock tabbed behind another has no visible region."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def redraw(self) -> None:
        """Draw the chart now if it is on screen; otherwise when it comes into view."""
        self._dirty = True
        if self.is_on_screen():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self._exposure_check.start()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.figure is not None:
            # The system switched between light and dark: draw the chart again in the new colours.
            self.redraw()

    def _theme(self) -> str:
        return "dark" if self.palette().color(QPalette.ColorRole.Window).lightness() < 128 else "light"

    def refresh(self) -> None:
        """Draw the chart as currently chosen from the analysis now (visible or not)."""
        self._dirty = False
        if self._pickers_stale:
            self._fill_pickers()
        analysis = self.analysis
        if analysis is None:
            # The analysis service hands every analysis on; none yet means the first is on its way (seconds
            # on a busy machine or a large map), not that there is nothing to show.
            self._show_message(_("Analysing the journey…"))
            return
        if analysis.journey_id is None:
            self._show_message(_("Open or create a journey to see its charts."))
            return
        if analysis.result is None:
            self._show_message(analysis.error)
            return
        try:
            fig = self.build_figure(figsize=self._figsize())
        except Exception as exc:
            self._show_message(_chart_failure(exc))
            return
        self._show_figure(fig)

    def build_figure(self, figsize: tuple[float, float] | None = None, theme: str | None = None) -> Any:
        """A new matplotlib Figure of the chart as currently chosen (for the view or for saving).

        ``theme`` None follows the window (light or dark); a saved chart passes "light".
        """
        from . import figures

        path = self.selected_path() if self.chart() == "emotion_curve" else []
        number = None
        if path:
            choice = self.path_picker.currentData()
            number = (self._worst if choice == WORST_PATH else choice) + 1
        analysis = self.analysis
        if analysis is None or analysis.journey_id is None or analysis.result is None:
            raise ValueError("There is no journey to chart")
        return figures.make_chart(
            self.chart(),
            analysis.project,
            analysis.journey_id,
            lang=analysis.lang,
            theme=theme or self._theme(),
            figsize=figsize,
            path=path or None,
            path_number=number,
            other_journey=self.compare_picker.currentData(),
            crosshair=str(self.crosshair_picker.currentData()),
            result=analysis.result,
        )

    def _figsize(self) -> tuple[float, float]:
        w, h = max(self.area.width(), MIN_CHART_SIZE[0]), max(self.area.height(), MIN_CHART_SIZE[1])
        return (w / 100, h / 100)

    def _show_message(self, text: str) -> None:
        self._drop_canvas()
        self.message.setText(text)
        self.message.setVisible(True)

    def _drop_canvas(self) -> None:
        if self.canvas is not None:
            self._area_layout.removeWidget(self.canvas)
            self.canvas.setParent(None)
            self.canvas.deleteLater()
            self.canvas = None
        self.figure = None

    def _show_figure(self, fig: Any) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        # A fresh canvas per figure: swapping figures under one canvas confuses its HiDPI scaling.
        self._drop_canvas()
        self.message.setVisible(False)
        self.figure = fig
        self.canvas = FigureCanvasQTAgg(fig)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._area_layout.addWidget(self.canvas)
        self.canvas.draw_idle()

    # -- pickers --------------------------------------------------------------------------------------
    def _fill_pickers(self) -> None:
        previous = self._pending_path
        self._pending_path = None
        if previous is None:
            current = self.path_picker.currentData()
            # The path picked before, in the analysis it came from (the pickers still show that one).
            if current == WORST_PATH:
                previous = WORST_PATH
            elif isinstance(current, int) and current < len(self._paths):
                previous = self._path(current)
        self._pickers_stale = False
        self._picked = self.result
        self._paths = list(self.result["paths"]["items"]) if self.result else []
        self._worst = self.result["paths"]["worst"] if self.result else None
        titles = {c["id"]: c["title"] for c in self.result["cards"]} if self.result else {}
        blocked = self.path_picker.blockSignals(True)
        self.path_picker.clear()
        self.path_picker.addItem(_("Whole journey"), WHOLE_JOURNEY)
        if self._worst is not None:
            self.path_picker.addItem(_("Worst path (path {n})").format(n=self._worst + 1), WORST_PATH)
        for i, p in enumerate(self._paths[:PATHS_LISTED]):
            first, last = _short(titles.get(p["first"], ""), 24), _short(titles.get(p["last"], ""), 24)
            steps = p["length"]
            label = ngettext(
                "Path {n}: {first} → {last} ({steps} step)", "Path {n}: {first} → {last} ({steps} steps)", steps
            ).format(n=number(i + 1), first=first, last=last, steps=number(steps))
            self.path_picker.addItem(label, i)
        index = 0
        if previous == WORST_PATH and self._worst is not None:
            index = 1
        elif isinstance(previous, list) and previous:
            ends = (previous[0], previous[-1], len(previous))
            cards: list[str] = []
            for i, p in enumerate(self._paths):
                cards = cards[: p["prefix"]] + p["tail"]  # each path from the one before (docs/analysis.md §2)
                if (p["first"], p["last"], p["length"]) == ends and cards == previous:
                    if i >= PATHS_LISTED:
                        self.path_picker.addItem(_("Path {n}").format(n=i + 1), i)
                        index = self.path_picker.count() - 1
                    else:
                        index = self.path_picker.findData(i)
                    break
        self.path_picker.setCurrentIndex(index)
        self.path_picker.blockSignals(blocked)

        chosen = self.compare_picker.currentData()
        blocked = self.compare_picker.blockSignals(True)
        self.compare_picker.clear()
        if self.analysis is not None:
            project = self.analysis.project
            for j in project.journeys():
                if j.id == self.journey_id:
                    continue
                persona = project.tables["persona"].get(j.persona_id) if j.persona_id else None
                name = _short(j.name, 40) or _("(untitled journey)")
                if persona is not None:
                    name = f"{name} · {_short(persona.name, 30)}"
                self.compare_picker.addItem(name, j.id)
        found = self.compare_picker.findData(chosen)
        self.compare_picker.setCurrentIndex(found if found >= 0 else 0)
        self.compare_picker.blockSignals(blocked)

    def _update_controls(self) -> None:
        key = self.chart()
        for widget, visible in (
            (self._path_label, key == "emotion_curve"),
            (self.path_picker, key == "emotion_curve"),
            (self._compare_label, key == "comparison"),
            (self.compare_picker, key == "comparison"),
            (self._crosshair_label, key == "quadrants"),
            (self.crosshair_picker, key == "quadrants"),
        ):
            widget.setVisible(visible)
        # A journey without cards gets a sentence, not a chart: nothing to put on a slide.
        self.save_button.setEnabled(self.result is not None and bool(self.result.get("cards")))

    def _on_chart_picked(self, *_: Any) -> None:
        self._update_controls()
        self.chart_changed.emit(self.chart())
        self.redraw()

    def _on_path_picked(self, *_: Any) -> None:
        self.path_selected.emit(self.selected_path())
        self.redraw()

    # -- saving --------------------------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write the chart as currently chosen to ``path`` (PNG, SVG or PDF by its suffix), at export size."""
        from . import figures

        # A saved chart goes on a slide or paper: light whatever the screen's scheme.
        return figures.save_figure(self.build_figure(theme="light"), path)

    def save_dialog(self) -> None:
        """Ask where to save the chart, then save it; errors are reported, never raised."""
        from . import figures

        lang = self.analysis.lang if self.analysis is not None else "en"
        name = figures.chart_label(self.chart(), lang).replace("×", "x").replace("/", "-")
        path, _chosen_filter = QFileDialog.getSaveFileName(
            self,
            _("Save chart"),
            f"{name}.png",
            _("PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf)"),
        )
        if not path:
            return
        if Path(path).suffix.lower().lstrip(".") not in figures.SAVE_FORMATS:
            path += ".png"
        try:
            self.save(path)
        except CXError as exc:
            # The file's write already says which folder and what to do ("the folder does not exist; create
            # it or choose another"); it went uncaught, to the "unexpected error" box.
            plain_message(self, _("Chart not saved"), str(exc))
        except (MemoryError, OSError, ValueError) as exc:  # the write is atomic.write_bytes's: these are no disk's
            plain_message(self, _("Chart not saved"), _chart_failure(exc))

