"""One analysis of the current journey for every panel that shows it: debounced, off the UI thread.

The Insights and Charts docks show the same analysis. The service follows the project's
changes, waits for a pause in the typing (``DEBOUNCE_MS``), takes a detached copy of the
project on the UI thread (entities are frozen, so copying the tables is enough), runs
:func:`~cxdesigner.analysis.analyze` on a worker thread and hands the result to whoever
listens to :attr:`AnalysisService.analysed`. It runs at all only while some consumer is shown:
the main window reports each dock's visibility (a dock tabbed behind another is not shown,
although Qt still calls it visible). A result computed before a newer change is dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from .. import collector
from ..analysis.outcome import JourneyAnalysis
from ..i18n import _
from ..model import Change, Project
from .tasks import Task, TaskRunner

if TYPE_CHECKING:
    from ..document import Document

log = logging.getLogger(__name__)

Analyse = Callable[[Project, str, str], dict[str, Any]]


def analyse_journey(project: Project, journey_id: str, lang: str) -> dict[str, Any]:
    """The analysis both docks show: :func:`~cxdesigner.analysis.analyze` with its default settings."""
    from ..analysis import analyze  # networkx loads with the first analysis, not with the window

    # The analysis makes many small containers and no cycles, enough to start the collector's full
    # passes over everything the process holds (0.3-0.6 s each at 5,000 cards). A pass holds the GIL,
    # so the UI thread froze meanwhile; the collector waits until the analysis is done instead, and
    # the result then skips the young generations (a pass over it would hold the GIL about 10 ms on
    # whichever thread allocates next); it holds no cycle and goes by reference counting.
    with collector.paused(settle=True):
        return analyze(project, journey_id, lang=lang)


def analysis_failure(exc: BaseException) -> str:
    """What a failed analysis means to the person looking at the docks, and what to do: one sentence.

    The docks showed the exception's own words ("MemoryError", a networkx message). Running out of
    memory is a fact about this computer and the map's size, logged without a traceback; anything
    else may be a bug in the analysis, so it keeps its traceback in the log. The map itself is never
    touched by a failed analysis, and the next change (or choosing the journey again) runs it again.
    """
    if isinstance(exc, MemoryError):
        log.warning("analysis ran out of memory")
        return _(
            "There is not enough memory to analyse this journey. Your map is safe: close other programs, "
            "or split the journey into smaller ones; the analysis runs again after your next change."
        )
    log.error("analysis failed", exc_info=exc)
    if isinstance(exc, RecursionError):
        return _(
            "This journey's paths are too long to analyse. Your map is safe: split the journey into "
            "shorter ones; the analysis runs again after your next change."
        )
    from ..storage import log_file  # only when it failed: the log's place, to name it

    return _(
        "The analysis of this journey stopped on an error in CX Designer (details in the log: {path}). "
        "Your map is safe: keep working; the analysis runs again after your next change."
    ).format(path=log_file())


class AnalysisService(QObject):
    """Keeps :attr:`latest` up to date for the shown consumers and emits :attr:`analysed` with each new one."""

    analysed = Signal(object)  # a JourneyAnalysis
    DEBOUNCE_MS = 300

    def __init__(
        self, runner: TaskRunner | None = None, analyse: Analyse = analyse_journey, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        # The worker is the application's, not this service's: a window is deleted through its event()
        # (Python, the GIL held), and a pool among its children then waited there for a running analysis,
        # which waited for the GIL: the whole app froze when a window closed mid-analysis. What still runs
        # when the service goes is cancelled; its result has no one to reach (Task._report).
        if runner is None:
            runner = TaskRunner(1, QCoreApplication.instance())
            self.destroyed.connect(runner.cancel_all)
        self.runner = runner
        self._analyse = analyse
        self._doc: Document | None = None
        self._project: Project | None = None  # the one we listen to (the document may be closed already)
        self._journey_id: str | None = None
        self._shown: dict[str, bool] = {}
        # Every change of what the analysis depends on counts up; a result is current only for its count.
        self._generation = 0
        self._delivered = -1
        self._task: Task | None = None
        self._task_generation = -1
        self.latest: JourneyAnalysis | None = None
        self._retired: list[JourneyAnalysis] = []  # analyses replaced, freed in the next event-loop turn
        self.runs = 0  # analyses started (for tests and the status line)
        self.dropped = 0  # results thrown away because a newer change had arrived
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_now)

    # -- inputs ----------------------------------------------------------------------------------
    def set_document(self, doc: Document | None, journey_id: str | None = None) -> None:
        """Follow ``doc`` (or nothing) and its journey ``journey_id``."""
        if self._project is not None:
            self._project.unsubscribe(self._project_changed)
            self._project = None
        self._doc = doc
        self._journey_id = journey_id
        self.latest = None
        if doc is not None:
            self._project = doc.project
            self._project.subscribe(self._project_changed)
        self._changed(at_once=True)

    def set_journey(self, journey_id: str | None) -> None:
        """Analyse ``journey_id`` from now on (at once: the user asked for it)."""
        if journey_id != self._journey_id:
            self._journey_id = journey_id
            self._changed(at_once=True)

    def set_shown(self, consumer: str, shown: bool) -> None:
        """Whether ``consumer`` is on screen now; a stale analysis runs as soon as one is."""
        self._shown[consumer] = bool(shown)
        if not self.wanted():
            self._timer.stop()
        elif self.stale() and not self._timer.isActive():
            self.run_now()

    # -- state -----------------------------------------------------------------------------------
    def wanted(self) -> bool:
        """Some consumer is shown."""
        return any(self._shown.values())

    def stale(self) -> bool:
        """The latest result (delivered or being computed) is older than the last change."""
        return self._doc is not None and self._generation not in (self._delivered, self._task_generation)

    def busy(self) -> bool:
        return self._task is not None and not self._task.done

    # -- running ---------------------------------------------------------------------------------
    def _project_changed(self, changes: Sequence[Change]) -> None:
        self._changed(at_once=False)

    def _changed(self, at_once: bool) -> None:
        self._generation += 1
        if self._task is not None:
            # One not started never runs; a running one ends as cancelled and its result is never seen.
            self._task.cancel()
            self._task, self._task_generation = None, -1
            self.dropped += 1
        if not self.wanted():
            self._timer.stop()
        elif at_once:
            self.run_now()
        else:
            self._timer.start()  # restarting it is the debounce: typing keeps pushing it back

    def run_now(self) -> None:
        """Start the analysis of the current state, if a consumer is shown and it is not done or running."""
        self._timer.stop()
        doc = self._doc
        if doc is None or not self.wanted() or not self.stale():
            return
        generation = self._generation
        snapshot = doc.project.detached_copy()
        lang = str(getattr(doc, "lang", "en") or "en")
        journey_id = self._journey_id if self._journey_id in snapshot.tables["journey"] else None
        analyse = self._analyse

        def work(progress: Callable[[int, int], bool]) -> tuple[int, JourneyAnalysis]:
            if journey_id is None:
                return generation, JourneyAnalysis(snapshot, None, lang)
            try:
                result = analyse(snapshot, journey_id, lang)
            except Exception as exc:  # a bug must not leave the docks blank without a word
                return generation, JourneyAnalysis(snapshot, journey_id, lang, None, analysis_failure(exc))
            return generation, JourneyAnalysis(snapshot, journey_id, lang, result)

        self.runs += 1
        self._task = self.runner.submit(work, "analysis")
        self._task_generation = generation
        self._task.succeeded.connect(self._finished)

    def _finished(self, value: tuple[int, JourneyAnalysis]) -> None:
        generation, outcome = value
        if generation != self._generation:
            return  # overtaken by a change (its task was cancelled, so this is only a safety net)
        self._task, self._task_generation = None, -1
        self._delivered = generation
        # Freeing the analysis before (some 200,000 objects at 5,000 cards: about 5 ms) waits for an
        # event-loop turn of its own instead of lengthening this one, where the panels show the new one.
        retired = self.latest
        self.latest = outcome
        self.analysed.emit(outcome)
        if retired is not None:
            self._retired.append(retired)
            QTimer.singleShot(0, self._retired.clear)

    def shutdown(self, msecs: int = 10000) -> bool:
        """Stop following the project and wait until no analysis runs (closing a window, tests)."""
        self._shown.clear()
        self.set_document(None)
        self.runner.cancel_all()
        return self.runner.wait(msecs)
