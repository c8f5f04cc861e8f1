"""The Voting panel: the journey's sessions, who has dots left, the ranked results and a comparison.

Every button here is also in the Workshop menu; the panel is where the facilitator sees the
whole session at a glance on the laptop while the room watches the map.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..document.voting import session_results
from ..i18n import _, ngettext, number, pgettext, translation
from ..model import VoteSession
from ..qttext import plain_tooltip
from ..shownfill import FillWhenShown
from .voting import VotingController


def session_label(session: VoteSession) -> str:
    state = _("open") if session.state == "open" else _("ended")
    return f"{session.title or '—'} ({state})"


def session_summary(session: VoteSession) -> str:
    """One line on how a session runs: dots, the per-card limit, anonymity, whether counts show."""
    parts = [
        ngettext("{n} dot each", "{n} dots each", session.dots).format(n=number(session.dots)),
        ngettext("at most {n} per card", "at most {n} per card", session.max_per_card).format(
            n=number(session.max_per_card)
        ),
        _("anonymous") if session.anonymous else _("named"),
    ]
    if session.revealed:
        parts.append(_("results revealed"))
    elif session.hidden:
        parts.append(_("results hidden until revealed"))
    return " · ".join(parts)


def _cell(text: str, align: Qt.AlignmentFlag | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if align is not None:
        item.setTextAlignment(align | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(headers: int) -> QTableWidget:
    t = QTableWidget(0, headers)
    t.verticalHeader().hide()
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setWordWrap(False)
    t.horizontalHeader().setStretchLastSection(False)
    # Rows a line of text tall (the style's default is half as tall again): at 1280 × 800 the dock showed three
    # participants of twelve above the inbox.
    rows = t.verticalHeader()
    rows.setMinimumSectionSize(1)
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(max(t.fontMetrics().height(), t.iconSize().height()) + 4)
    return t


class ElidedComboBox(QComboBox):
    """A combo box whose chosen name, too long for it, ends in "…" (Qt's styles cut it mid-letter),
    whole in its tooltip and in the list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A long name neither widens the dock nor is cut: it is elided to the room there is.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        self.currentTextChanged.connect(self.setToolTip)

    def shown_text(self, option: QStyleOptionComboBox | None = None) -> str:
        """The chosen name as it fits the box."""
        if option is None:
            option = QStyleOptionComboBox()
            self.initStyleOption(option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        # The label is drawn a pixel in from each side of the field.
        return self.fontMetrics().elidedText(self.currentText(), Qt.TextElideMode.ElideRight, field.width() - 2)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text(option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class VotingPanel(FillWhenShown, QWidget):
    """Sessions, participants and results of the current journey, over one :class:`VotingController`."""

    # Filled while shown: a room's stream of ideas and dots would otherwise rebuild these tables for
    # nobody many times a second (their dock is mostly closed or tabbed away).

    new_session_requested = Signal()
    export_requested = Signal(str)  # a session id
    cards_requested = Signal(list)  # card ids to show on the map

    def __init__(self, controller: VotingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._filling = False
        self.sessions = ElidedComboBox()
        self.sessions.setAccessibleName(_("Session"))
        self.sessions.currentIndexChanged.connect(self._session_chosen)
        self.new_button = QPushButton(_("New session…"))
        self.new_button.clicked.connect(self.new_session_requested)
        # The session's name has the dock's whole width: beside the button it was cut ("… (open").
        top = QHBoxLayout()
        top.addWidget(self.sessions, 1)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.vote_button = QPushButton(_("Vote on the map"))
        self.vote_button.setCheckable(True)
        self.vote_button.clicked.connect(lambda: controller.toggle_voting())
        self.reveal_button = QPushButton(_("Reveal"))
        self.reveal_button.clicked.connect(lambda: controller.reveal(True))
        self.end_button = QPushButton(_("End and reveal"))
        self.end_button.clicked.connect(lambda: controller.end_session(True))
        self.export_button = QPushButton(_("Export CSV…"))
        self.export_button.clicked.connect(lambda: controller.session_id and self.export_requested.emit(
            controller.session_id))
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.clicked.connect(lambda: controller.delete_session())
        buttons = QGridLayout()
        buttons.addWidget(self.vote_button, 0, 0)
        buttons.addWidget(self.new_button, 0, 1)
        buttons.addWidget(self.reveal_button, 1, 0)
        buttons.addWidget(self.end_button, 1, 1)
        buttons.addWidget(self.export_button, 2, 0)
        buttons.addWidget(self.delete_button, 2, 1)

        self.people = _table(3)
        # Short headings (their whole words in tooltips): in the dock at 1280 wide, "Key" and «Puntos
        # restantes» left the names a sliver, «Participante» itself cut.
        self.people.setHorizontalHeaderLabels([
            _("Key"), _("Participant"), pgettext("voting panel column: a participant's dots not placed yet", "Left"),
        ])
        for column, tip in enumerate((
            _("The number key that picks the participant on the map"), "", _("Dots left to place, of all they have"),
        )):
            self.people.horizontalHeaderItem(column).setToolTip(tip)
        self.people.itemSelectionChanged.connect(self._participant_chosen)
        self.results = _table(3)
        self.results.setHorizontalHeaderLabels(["#", _("Card"), _("Dots")])
        self.results.itemDoubleClicked.connect(self._result_chosen)
        self.hidden_note = QLabel()
        self.hidden_note.setTextFormat(Qt.TextFormat.PlainText)
        self.hidden_note.setWordWrap(True)
        self.compare = _table(1)
        for t, stretch in ((self.people, 1), (self.results, 1), (self.compare, 0)):
            t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            t.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

        session_tab = QWidget()
        box = QVBoxLayout(session_tab)
        box.setContentsMargins(4, 4, 4, 4)
        box.addLayout(top)
        box.addWidget(self.summary)
        box.addLayout(buttons)
        # Who has voted over the ranked cards, the line between them the facilitator's to move. While the counts are
        # hidden the ranking is empty and hidden with them: the participants have the room (one note says why).
        self.ranked = ranked = QWidget()
        ranked_box = QVBoxLayout(ranked)
        ranked_box.setContentsMargins(0, 0, 0, 0)
        ranked_box.addWidget(self.hidden_note)
        ranked_box.addWidget(self.results, 1)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.people)
        self.split.addWidget(ranked)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 1)
        box.addWidget(self.split, 1)
        self.tabs = QTabWidget()
        # The dock is "Votación" in Spanish: the tab names the one session shown, beside "Compare sessions".
        self.tabs.addTab(session_tab, pgettext("voting panel tab", "Session"))
        self.tabs.addTab(self.compare, _("Compare sessions"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.tabs)
        controller.changed.connect(self.refresh)
        self.refresh()

    # -- showing ----------------------------------------------------------------------------------
    def _fill(self) -> None:
        self._stale = False
        c = self.controller
        self._filling = True
        try:
            self.sessions.clear()
            for s in c.sessions():
                self.sessions.addItem(session_label(s), s.id)
                # Whole in the list too: its rows are as narrow as the box and cut a long title as it does.
                self.sessions.setItemData(self.sessions.count() - 1, session_label(s), Qt.ItemDataRole.ToolTipRole)
            index = self.sessions.findData(c.session_id) if c.session_id else -1
            self.sessions.setCurrentIndex(index)
            self._fill_people()
            self._fill_results()
            self._fill_compare()
        finally:
            self._filling = False
        session = c.session()
        has, open_ = session is not None, session is not None and session.state == "open"
        self.summary.setText(session_summary(session) if session else _("No voting session on this journey yet."))
        self.new_button.setEnabled(c.journey_id is not None)
        self.vote_button.setEnabled(open_)
        self.vote_button.setChecked(c.voting)
        self.vote_button.setText(_("Stop voting") if c.voting else _("Vote on the map"))
        self.reveal_button.setEnabled(has and not session.revealed)  # type: ignore[union-attr]
        self.end_button.setEnabled(open_)
        self.export_button.setEnabled(has and session.shows_counts)  # type: ignore[union-attr]
        self.delete_button.setEnabled(has)

    def _fill_people(self) -> None:
        from .session_dialog import swatch  # the session dialog's module loads with the first filled panel

        c = self.controller
        people = c.participants()
        session = c.session()
        self.people.setRowCount(len(people))
        for row, who in enumerate(people):
            key = str(row + 1) if row < 9 else ("0" if row == 9 else "")
            name = _cell(who.name)
            name.setIcon(swatch(who.colour))
            name.setToolTip(plain_tooltip(who.name))  # whole, where the dock is too narrow for it
            left = c.remaining(who.id)
            total = session.dots if session else 0
            self.people.setItem(row, 0, _cell(key, Qt.AlignmentFlag.AlignCenter))
            self.people.setItem(row, 1, name)
            self.people.setItem(row, 2, _cell(_("{left} of {total}").format(left=left, total=total),
                                              Qt.AlignmentFlag.AlignCenter))
            if who.id == c.participant_id:
                self.people.selectRow(row)

    def _fill_results(self) -> None:
        c = self.controller
        session = c.session()
        rows = c.results() if session is not None and session.shows_counts else []
        placed = sum(c.used().values())
        if session is not None and not session.shows_counts:
            self.hidden_note.setText(ngettext(
                "Results are hidden until you reveal them ({n} dot placed so far).",
                "Results are hidden until you reveal them ({n} dots placed so far).", placed,
            ).format(n=number(placed)))
            self.hidden_note.show()
        else:
            self.hidden_note.hide()
        shown = session is not None and session.shows_counts
        self.results.setVisible(shown)
        # Without the ranking its pane is the note's height, and the participants take the rest.
        self.ranked.setMaximumHeight(16777215 if shown else self.ranked.sizeHint().height())
        people = c.participants()
        named = session is not None and not session.anonymous
        cards = c.doc.project.tables["touchpoint"] if c.doc is not None else {}
        self.results.setRowCount(len(rows))
        for i, r in enumerate(rows):
            # Phones vote for the inbox's ideas too: the list says which are not on the map yet, first
            # on the line, where the narrow dock does not cut it.
            tp = cards.get(r["card"])
            waiting = tp is not None and tp.inbox
            card = _cell(_("Inbox: {title}").format(title=r["title"] or "—") if waiting else r["title"] or "—")
            card.setData(Qt.ItemDataRole.UserRole, r["card"])
            # The card's whole title first: the dock is narrow and its column cuts a long one with "…".
            tips = [r["title"] or "—"]
            if waiting:
                tips.append(_("An idea in the ideas inbox, not on the map yet"))
            if named:
                by = r["by_participant"]
                tips.append(", ".join(f"{p.name} {by[p.id]}" for p in people if p.id in by))
            card.setToolTip(plain_tooltip("\n".join(tips)))
            self.results.setItem(i, 0, _cell(str(r["rank"]), Qt.AlignmentFlag.AlignCenter))
            self.results.setItem(i, 1, card)
            self.results.setItem(i, 2, _cell(str(r["dots"]), Qt.AlignmentFlag.AlignCenter))

    def _fill_compare(self) -> None:
        """Cards as rows, every session whose counts may be seen as a column, most dots overall first."""
        c = self.controller
        if c.doc is None:
            self.compare.setRowCount(0)
            return
        project = c.doc.project
        sessions = [s for s in c.sessions() if s.shows_counts]
        self.compare.setColumnCount(len(sessions) + 2)
        self.compare.setHorizontalHeaderLabels([_("Card"), *[s.title for s in sessions], _("Total")])
        for k, s in enumerate(sessions):  # a column as wide as its counts cuts a long title: whole on hover
            self.compare.horizontalHeaderItem(k + 1).setToolTip(plain_tooltip(session_label(s)))
        by_card: dict[str, list[int]] = {}
        for k, s in enumerate(sessions):
            for r in session_results(project, s.id):
                by_card.setdefault(r["card"], [0] * len(sessions))[k] = r["dots"]
        order = {tp.id: i for i, tp in enumerate(project.touchpoints(c.journey_id))} if c.journey_id else {}
        cards = sorted(by_card, key=lambda cid: (-sum(by_card[cid]), order.get(cid, len(order)), cid))
        self.compare.setRowCount(len(cards))
        num = translation().number
        for row, cid in enumerate(cards):
            tp = project.tables["touchpoint"].get(cid)
            title = _cell(tp.title if tp is not None else "—")
            title.setToolTip(plain_tooltip(title.text()))
            self.compare.setItem(row, 0, title)
            for k, n in enumerate(by_card[cid]):
                self.compare.setItem(row, k + 1, _cell(num(n) if n else "", Qt.AlignmentFlag.AlignCenter))
            self.compare.setItem(row, len(sessions) + 1, _cell(num(sum(by_card[cid])), Qt.AlignmentFlag.AlignCenter))
        header = self.compare.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if self.compare.columnCount():
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # A session's column as wide as its counts need and a short title, not its whole title: sized to a long
        # title ("Where does the stay hurt most…") it pushed the counts and the total out of the dock, behind a
        # scroll bar. The heading is elided there, whole in its tooltip.
        fm = header.fontMetrics()
        widest = fm.horizontalAdvance("M" * 5) + 12
        for k, s in enumerate(sessions, start=1):
            header.setSectionResizeMode(k, QHeaderView.ResizeMode.Interactive)
            least = fm.horizontalAdvance("000") + 16
            header.resizeSection(k, min(widest, max(fm.horizontalAdvance(s.title) + 16, least)))

    # -- choosing -----------------------------------------------------------------------------------
    def _session_chosen(self, index: int) -> None:
        if not self._filling and index >= 0:
            self.controller.select_session(self.sessions.itemData(index))

    def _participant_chosen(self) -> None:
        if self._filling:
            return
        rows = {i.row() for i in self.people.selectedItems()}
        people = self.controller.participants()
        if len(rows) == 1 and (row := rows.pop()) < len(people):
            self.controller.select_participant(people[row].id)

    def _result_chosen(self, item: QTableWidgetItem) -> None:
        card = self.results.item(item.row(), 1)
        if card is not None:
            self.cards_requested.emit([card.data(Qt.ItemDataRole.UserRole)])

    def result_rows(self) -> list[tuple[str, str, str]]:
        """What the ranked list shows (rank, card, dots), for tests and the eye alike."""
        if self._stale:
            self._fill()
        return [tuple(self.results.item(r, c).text() for c in range(3)) for r in range(self.results.rowCount())]  # type: ignore[misc]


ExportResults = Callable[[str], None]

__all__ = ["VotingPanel", "session_label", "session_summary"]
