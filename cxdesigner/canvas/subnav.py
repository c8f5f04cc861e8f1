"""Sub-journeys on the map: open the journey a card opens (double-click its mark, Alt+Down) and come back
(the breadcrumb's Back, Alt+Left) to the parent with the card selected and the scroll where it was."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from ..i18n import _


@dataclass(frozen=True)
class Crumb:
    """Where the user was when a card's sub-journey opened."""

    journey_id: str
    card_id: str
    scroll: tuple[int, int]
    zoom: float


class BreadcrumbBar(QWidget):
    """"Hotel stay › Check-in" above the map, with Back; shown only inside a sub-journey."""

    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BreadcrumbBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 3, 8, 3)
        self.back_button = QToolButton(self)
        self.back_button.setText("← " + _("Back"))
        self.back_button.setToolTip(_("Back to the journey this one was opened from (Alt+Left)"))
        self.back_button.setAccessibleName(_("Back to the parent journey"))
        self.back_button.clicked.connect(self.back_requested)
        self.path_label = QLabel(self)
        self.path_label.setTextFormat(Qt.TextFormat.PlainText)  # journey names come from files
        self.path_label.setAccessibleName(_("Journey path"))
        row.addWidget(self.back_button)
        row.addWidget(self.path_label, 1)
        self.hide()

    def set_path(self, names: list[str]) -> None:
        self.path_label.setText(" › ".join(n if len(n) <= 60 else n[:59] + "…" for n in names))
        self.setVisible(len(names) > 1)


class SubJourneyNav:
    """Mixed into the journey editor: the trail of journeys opened from cards, and the two moves along it."""

    # provided by the editor
    doc: Any
    scene: Any
    view: Any
    breadcrumb: BreadcrumbBar

    def _init_subnav(self) -> list[QAction]:
        self._trail: list[Crumb] = []
        self._navigating = False
        self.breadcrumb.back_requested.connect(self.back_to_parent)
        self.scene.journey_replaced.connect(self._journey_replaced)
        out = []
        for name, text, key, slot in (
            ("new_sub", _("New sub-journey fro&m card"), "", self.new_sub_journey_from_card),
            ("open_sub", _("Open sub-&journey"), "Alt+Down", self.open_selected_sub_journey),
            ("back", _("&Back to parent journey"), "Alt+Left", self.back_to_parent),
        ):
            action = QAction(text, self)  # type: ignore[arg-type]
            action.setObjectName(f"canvas_{name}")
            if key:
                action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, s=slot: s())
            self.addAction(action)  # type: ignore[attr-defined]
            out.append(action)
        return out

    @property
    def trail(self) -> list[Crumb]:
        return list(self._trail)

    def new_sub_journey_from_card(self) -> str | None:
        """Make a journey named after the selected card and link the card to it (one undo step); its id."""
        from ..document.subjourney import NewSubJourneyCommand

        ids = self.selected_card_ids()  # type: ignore[attr-defined]
        if len(ids) != 1:
            self.message_posted.emit(_("Select one card to make its sub-journey"))  # type: ignore[attr-defined]
            return None
        cmd = NewSubJourneyCommand(ids[0], lang=self.doc.lang)
        return cmd.journey_id if self.push(cmd) else None  # type: ignore[attr-defined]

    def open_selected_sub_journey(self) -> bool:
        ids = self.selected_card_ids()  # type: ignore[attr-defined]
        return bool(ids) and self.open_sub_journey(ids[0])

    def open_sub_journey(self, tp_id: str) -> bool:
        """Show the journey card ``tp_id`` opens; a deleted one only says so. True when it opened."""
        tp = self.doc.project.tables["touchpoint"].get(tp_id)
        if tp is None or not tp.sub_journey:
            return False
        if tp.sub_journey not in self.doc.project.tables["journey"]:
            self.message_posted.emit(_("The journey this card opened was deleted"))  # type: ignore[attr-defined]
            return False
        bars = self.view.horizontalScrollBar(), self.view.verticalScrollBar()
        self._trail.append(Crumb(tp.journey_id, tp.id, (bars[0].value(), bars[1].value()), self.view.zoom()))
        self._go(tp.sub_journey)
        return True

    def back_to_parent(self) -> bool:
        """Return to the journey the current one was opened from, its card selected, scrolled as it was."""
        while self._trail:
            crumb = self._trail.pop()
            if crumb.journey_id in self.doc.project.tables["journey"]:
                break
        else:
            self._update_breadcrumb()
            return False
        self._go(crumb.journey_id)
        self.view.set_zoom(crumb.zoom)
        self.view.horizontalScrollBar().setValue(crumb.scroll[0])
        self.view.verticalScrollBar().setValue(crumb.scroll[1])
        if crumb.card_id in self.doc.project.tables["touchpoint"]:
            self.select_cards([crumb.card_id])  # type: ignore[attr-defined]
        return True

    def _go(self, journey_id: str) -> None:
        self._navigating = True
        try:
            self.set_journey(journey_id)  # type: ignore[attr-defined]
        finally:
            self._navigating = False
        self._update_breadcrumb()

    def _journey_replaced(self, journey_id: str | None) -> None:
        # Another way to a journey (the project panel, a deletion) ends the walk down from a card.
        if not self._navigating and self._trail:
            self._trail = []
            self._update_breadcrumb()

    def _update_breadcrumb(self) -> None:
        journeys = self.doc.project.tables["journey"]
        ids = [c.journey_id for c in self._trail] + ([self.scene.journey_id] if self.scene.journey_id else [])
        self.breadcrumb.set_path([journeys[j].name if j in journeys else "?" for j in ids])
