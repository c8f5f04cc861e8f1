"""The facilitator's side of a room: the join screen for the projector and the room panel on the laptop.

Every text that comes from people (names, card titles) is shown as plain text.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QIcon,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..i18n import _, language, ngettext, number
from ..room.qr import qr_svg
from ..room.state import Intent, Outcome, Phase
from ..workshop.quietlabel import QuietLabel
from . import actions
from .bridge import RoomSession

MAX_FEED = 200  # lines of the panel's list of what came in
REFRESH_MS = 300  # the participants' list and the counts follow the room at most this often
_SWATCH_ROLE = Qt.ItemDataRole.UserRole + 1  # a line's (colour, connected)


def _plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class QrWidget(QWidget):
    """A QR code drawn from SVG, as large as the widget allows and always square."""

    def __init__(self, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.renderer = QSvgRenderer(QByteArray(qr_svg(url)), self)
        self.setMinimumSize(320, 320)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(360, 360)

    def paintEvent(self, _event: object) -> None:
        side = min(self.width(), self.height())
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        self.renderer.render(painter, QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side))
        painter.end()


class HintedList(QListWidget):
    """A list that says what will come in it while it is empty (an empty white box tells the facilitator nothing)."""

    def __init__(self, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = hint
        # A line wider than the dock wraps at its words: the dock is narrow on a 1280-pixel laptop, and
        # a list scrolled sideways hides the end of each line (the dots left, the idea's title).
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.count() or not self.hint:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        painter.drawText(self.viewport().rect().adjusted(6, 4, -6, -4), flags, self.hint)
        painter.end()


_MARGIN = 40  # the join screen's left and right margins


def _fit_label(label: QLabel, pixels: int, room: int) -> None:
    """Give ``label`` a font of ``pixels`` height, smaller if its text would be wider than ``room``."""
    font = QFont(label.font())
    font.setPixelSize(100)
    wide = QFontMetricsF(font).horizontalAdvance(label.text()) or 1.0
    # 4% to spare: the label's own margins and rounding of the font to whole pixels.
    font.setPixelSize(max(10, min(pixels, int(100 * room * 0.96 / wide))))
    label.setFont(font)


class JoinScreen(QWidget):
    """What the projector shows so people can join: the QR code, the address, the room code (F11: full screen)."""

    def __init__(self, session: RoomSession, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        assert session.server is not None
        server = session.server
        self.setObjectName("RoomJoinScreen")
        self.setWindowTitle(_("Join the room"))
        self.setAutoFillBackground(True)
        self.setStyleSheet("JoinScreen, QLabel { background: #ffffff; color: #1d1d1f; }")
        self.qr = QrWidget(server.url)
        heading = _plain(QLabel(_("Join on your phone: scan the code")))
        self.address = _plain(QLabel(server.url))
        code_caption = _plain(QLabel(_("Room code")))
        self.code = _plain(QLabel(server.code))
        self.hint = _plain(QLabel(_("Same Wi-Fi as this laptop. Nothing leaves the room; no account needed.")))
        self.heading = heading
        self.code_caption = code_caption
        for label, bold in ((heading, True), (self.address, True), (code_caption, False), (self.code, True),
                            (self.hint, False)):
            font = QFont(label.font())
            font.setBold(bold)
            label.setFont(font)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint.setWordWrap(True)
        self.code.setObjectName("RoomCode")
        self.address.setObjectName("RoomAddress")
        # The heading across the top; the QR code on the left, as large as the screen allows, the
        # room code beside it; the address (with its token it is ~35 characters) across the whole
        # width below, where it can be largest. Sizes follow the window (_fit_text): a projector's
        # 1280×800 and 1920×1080 both read from the back of the room and nothing is cut.
        side = QVBoxLayout()
        side.addStretch(1)
        side.addWidget(code_caption)
        side.addWidget(self.code)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.setSpacing(48)
        middle.addWidget(self.qr, 3)
        middle.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(_MARGIN, 24, _MARGIN, 24)
        layout.addWidget(heading)
        layout.addSpacing(12)
        layout.addLayout(middle, 1)
        layout.addSpacing(12)
        layout.addWidget(self.address)
        layout.addSpacing(8)
        layout.addWidget(self.hint)
        QShortcut(QKeySequence("F11"), self, self.toggle_full_screen)
        QShortcut(QKeySequence("Escape"), self, self._escape)
        session.stopped.connect(self.close)
        self.resize(1280, 720)
        self._fit_text()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit_text()
        super().resizeEvent(event)

    def _fit_text(self) -> None:
        """Size each line for the window: a share of its height, but never wider than its room."""
        height = max(self.height(), 400)
        across = max(self.width() - 2 * _MARGIN, 200)
        # The room code's column is two fifths of the row beside the QR code (see the stretches).
        beside = max((across - 48) * 2 // 5, 100)
        for label, share, room in ((self.heading, 0.055, across), (self.address, 0.075, across),
                                   (self.code_caption, 0.045, beside), (self.code, 0.2, beside)):
            _fit_label(label, int(height * share), room)
        font = QFont(self.hint.font())
        font.setPixelSize(max(12, int(height * 0.028)))  # wraps rather than shrinking further
        self.hint.setFont(font)

    def toggle_full_screen(self) -> None:
        self.setWindowState(self.windowState() ^ Qt.WindowState.WindowFullScreen)

    def _escape(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.close()


class JoinPanel(QWidget):
    """The join screen beside the presentation's map: the QR code, the room code and the address in a column at
    the right, the map fitted in the room it leaves (Ctrl+J shows and hides it).

    With one screen the join screen was a window over the full-screen presentation: latecomers got the code, and
    the room lost the slides until the facilitator found the window to close it.
    """

    SHARE, LEAST, MOST = 0.24, 240, 440  # of the window's width, and in pixels
    # In the corner (see set_compact): the code still scans from the front rows, the map gets the rest.
    CORNER_SHARE, CORNER_LEAST, CORNER_MOST = 0.12, 150, 240

    def __init__(self, session: RoomSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert session.server is not None
        server = session.server
        self.setObjectName("RoomJoinPanel")
        # White, one sheet with its labels (a plain QWidget paints no style-sheet background without this).
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#RoomJoinPanel, QLabel { background: #ffffff; color: #1d1d1f; }")
        self.qr = QrWidget(server.url)
        self.qr.setMinimumSize(120, 120)
        self.heading = _plain(QLabel(_("Join on your phone: scan the code")))
        self.code_caption = _plain(QLabel(_("Room code")))
        self.code = _plain(QLabel(server.code))
        self.address = _plain(QLabel(server.url))
        keys = QKeySequence("Ctrl+J").toString(QKeySequence.SequenceFormat.NativeText)
        self.hint = _plain(QLabel(_("{keys} shows or hides this").format(keys=keys)))
        self.compact = False
        self._window = (0, 0)  # the window's size it was last fitted to
        # For the facilitator (the room reads the panel, not its tooltip): when it narrows, and the key back.
        self.setToolTip(_("Phones join by scanning this code. Once a phone has joined, and while a stage is shown, "
                          "it narrows to a corner; {keys} makes it large again, then hides it.").format(keys=keys))
        for label, bold in ((self.heading, True), (self.code_caption, False), (self.code, True),
                            (self.address, True), (self.hint, False)):  # fmt: skip
            font = QFont(label.font())
            font.setBold(bold)
            label.setFont(font)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading.setWordWrap(True)
        self.hint.setWordWrap(True)
        self.code.setObjectName("RoomCode")
        self.address.setObjectName("RoomAddress")
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addStretch(1)
        layout.addWidget(self.heading)
        layout.addWidget(self.qr, 4)
        layout.addWidget(self.code_caption)
        layout.addWidget(self.code)
        layout.addSpacing(8)
        layout.addWidget(self.address)
        layout.addSpacing(8)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        session.stopped.connect(self.close)

    def set_compact(self, compact: bool) -> None:
        """A corner of the screen (the QR code and the room code, for latecomers) or the column that invites the
        room to join: a quarter of the width the map needs once the phones are in, at every stage's step."""
        if compact == self.compact:
            return
        self.compact = compact
        for label in (self.heading, self.address, self.hint):
            label.setVisible(not compact)
        if self._window != (0, 0):
            self.fit_to(*self._window)

    def fit_to(self, window_width: int, window_height: int) -> None:
        """Its width a share of the window's, its lines sized to it (the address whole on one line)."""
        self._window = (window_width, window_height)
        share, least, most = ((self.CORNER_SHARE, self.CORNER_LEAST, self.CORNER_MOST) if self.compact
                              else (self.SHARE, self.LEAST, self.MOST))  # fmt: skip
        width = max(least, min(most, round(window_width * share)))
        self.setFixedWidth(width)
        across = width - 32
        for label, share in ((self.code_caption, 0.03), (self.code, 0.09), (self.address, 0.04)):
            _fit_label(label, int(window_height * share), across)
        for label, share in ((self.heading, 0.032), (self.hint, 0.022)):
            font = QFont(label.font())
            font.setPixelSize(max(12, int(window_height * share)))  # these wrap rather than shrink
            label.setFont(font)
        self.qr.setMaximumSize(across, across)


class RoomPanel(QWidget):
    """The laptop's view of the room: who joined, what came in, what phones may do now, pause, close."""

    join_screen_requested = Signal()
    close_requested = Signal()

    def __init__(self, session: RoomSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        assert session.server is not None
        self.setObjectName("RoomPanel")
        self.address = _plain(QLabel(session.server.url))
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address.setWordWrap(True)
        self.code = _plain(QLabel(_("Room code: {code}").format(code=session.server.code)))
        self.show_join = QPushButton(_("Show Join Screen"))
        self.show_join.clicked.connect(self.join_screen_requested)
        self.close_room = QPushButton(_("Close Room"))
        self.close_room.clicked.connect(self.close_requested)

        phase = session.projector.phase()
        self.ideas = QCheckBox(_("Add ideas to the inbox"))
        # Short, with the why in its tooltip: the longest line sets how wide the dock is, and a
        # wide dock hides half the map on a 1280-pixel laptop (in Spanish most of all).
        self.private = QCheckBox(_("Private until revealed"))
        self.private.setToolTip(
            _("Silent brainstorming: each phone sees only its own ideas until you reveal everyone's.")
        )
        self.reveal = QPushButton(_("Reveal Ideas"))
        self.vote = QCheckBox(_("Vote in the voting session"))
        self.rate = QCheckBox(_("Rate the step on the screen"))
        self.ideas.setChecked(phase.ideas)
        self.private.setChecked(phase.private)
        self.vote.setChecked(phase.vote)
        self.rate.setChecked(phase.rate)
        self.vote_info = _plain(QLabel())
        self.rate_info = _plain(QLabel())
        self.follow_info = _plain(QLabel(_("Phones only follow the stage and the timer.")))
        for label in (self.vote_info, self.rate_info, self.follow_info):
            label.setWordWrap(True)
            label.setContentsMargins(20, 0, 0, 0)
        for box in (self.ideas, self.private, self.vote, self.rate):
            box.toggled.connect(self._phase_changed)
        self.reveal.setCheckable(True)
        self.reveal.toggled.connect(session.reveal)
        self.pause = QPushButton(_("Pause Input"))
        self.pause.setCheckable(True)
        self.pause.toggled.connect(session.set_paused)

        self.people = HintedList(_("Nobody has joined yet. Phones join by scanning the code on the join screen."))
        self.people.setObjectName("RoomParticipants")
        self.remove = QPushButton(_("Remove Participant"))
        self.remove.clicked.connect(self._remove_selected)
        self.people.itemSelectionChanged.connect(self._update_buttons)
        self.feed = HintedList(_("Ideas, dots and ratings from the phones appear here as they come in."))
        self.feed.setObjectName("RoomFeed")
        # The counts change with every phone's action: a label that never lays the window out again.
        # Two lines, each count whole: on one line the dock's width cut it ("0 dots p…").
        self.summary = QuietLabel(" · ".join((
            ngettext("{n} participant", "{n} participants", 200).format(n=number(200)),
            ngettext("{n} idea", "{n} ideas", 1000).format(n=number(1000)),
        )), lines=2, separator=" · ")

        top = QVBoxLayout()
        top.addWidget(self.address)
        top.addWidget(self.code)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_join)
        buttons.addWidget(self.close_room)
        phones = QVBoxLayout()
        phones.addWidget(_plain(QLabel(_("Phones may:"))))
        phones.addWidget(self.ideas)
        indent = QVBoxLayout()
        indent.setContentsMargins(20, 0, 0, 0)
        indent.addWidget(self.private)
        indent.addWidget(self.reveal, 0, Qt.AlignmentFlag.AlignLeft)
        phones.addLayout(indent)
        phones.addWidget(self.vote)
        phones.addWidget(self.vote_info)
        phones.addWidget(self.rate)
        phones.addWidget(self.rate_info)
        phones.addWidget(self.follow_info)
        # The panel scrolls in a short column rather than make the window taller: its controls and two lists asked for
        # 560 px, and at 1280 × 800 (the one column of docks over the ideas inbox) the window grew past the screen's
        # foot, its status bar and the inbox's buttons out of sight, once a room started.
        inner = QWidget()
        inner.setObjectName("RoomPanelContents")
        scroll = QScrollArea(self)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(inner)
        layout.addLayout(top)
        layout.addLayout(buttons)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(line)
        layout.addLayout(phones)
        layout.addWidget(self.pause)
        layout.addWidget(_plain(QLabel(_("Participants"))))
        layout.addWidget(self.people, 1)
        layout.addWidget(self.remove)
        layout.addWidget(_plain(QLabel(_("Coming in"))))
        layout.addWidget(self.feed, 1)
        layout.addWidget(self.summary)
        scroll.setWidget(inner)
        # As wide as its contents want (no sideways scrolling), whatever the height.
        scroll.setMinimumWidth(inner.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width())

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._swatches: dict[tuple[str, bool], QIcon] = {}  # drawn once per colour: refresh runs often
        self._names_cache: tuple[tuple, dict[str, str]] | None = None
        session.changed.connect(self._soon)
        session.presence_changed.connect(self._soon)
        session.applied.connect(self._applied)
        session.projector.subscribe(self._soon)
        session.doc.project.subscribe(self._project_changed)
        session.stopped.connect(self._detach)
        self.refresh()

    def _detach(self) -> None:
        self.session.projector.unsubscribe(self._soon)
        self.session.doc.project.unsubscribe(self._project_changed)
        self._refresh_timer.stop()

    def _project_changed(self, _changes: object) -> None:
        self._soon()

    def _soon(self, *_args: object) -> None:
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _phase_changed(self) -> None:
        self.session.set_phase(
            Phase(ideas=self.ideas.isChecked(), private=self.private.isChecked(), vote=self.vote.isChecked(),
                  rate=self.rate.isChecked())
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.private.setEnabled(self.ideas.isChecked())
        self.reveal.setEnabled(self.ideas.isChecked() and self.private.isChecked())
        self.follow_info.setVisible(not (self.ideas.isChecked() or self.vote.isChecked() or self.rate.isChecked()))
        self.remove.setEnabled(bool(self.people.selectedItems()))

    def _remove_selected(self) -> None:
        for item in self.people.selectedItems():
            self.session.remove(item.data(Qt.ItemDataRole.UserRole))

    def _applied(self, intent: Intent, outcome: Outcome) -> None:
        if not outcome.ok:
            return
        action = intent.action
        pid = outcome.participant_id if intent.kind == "join" else intent.participant_id
        people = self.session.participants()
        names = self._names(people)
        name = names.get(pid) or (outcome.name if intent.kind == "join" else "") or intent.name
        if intent.kind == "join":
            text = _("{name} joined").format(name=name)
        elif intent.kind == "idea":
            text = _("{name}: {title}").format(name=name, title=getattr(action, "title", ""))
        elif intent.kind == "vote":
            card = self.session.doc.project.tables["touchpoint"].get(getattr(action, "card", ""))
            title = card.title if card is not None else ""
            text = (_("{name} voted for {title}") if getattr(action, "step", 1) > 0
                    else _("{name} took back a vote from {title}")).format(name=name, title=title)
        else:
            text = _("{name} rated the step").format(name=name)
        item = QListWidgetItem(text)
        # The participant's dot, as in the list above: who did it, even between two of the same name.
        person = next((p for p in people if p[0] == pid), None)
        if person is not None:
            item.setIcon(self._swatch(person[2], True))
        self.feed.insertItem(0, item)
        while self.feed.count() > MAX_FEED:
            self.feed.takeItem(self.feed.count() - 1)
        self._soon()

    def _names(self, people: list[tuple[str, str, str, bool]] | None = None) -> dict[str, str]:
        """Each participant's name as the panel shows it: two phones both called Ana are Ana (1) and Ana (2)."""
        if people is None:
            people = self.session.participants()
        # Worked out again only when someone joins or is renamed: the feed asks for every phone action.
        key = (language(), *((pid, name) for pid, name, _colour, _on in people))
        if self._names_cache is not None and self._names_cache[0] == key:
            return self._names_cache[1]
        keys = [" ".join(name.split()).casefold() for _pid, name, _colour, _on in people]
        counts = Counter(keys)
        seen: dict[str, int] = {}
        out = {}
        for (pid, name, _colour, _on), folded in zip(people, keys, strict=True):
            shown = " ".join(name.split())
            if counts[folded] > 1:
                seen[folded] = seen.get(folded, 0) + 1
                shown = _("{name} ({n})").format(name=shown, n=seen[folded])
            out[pid] = shown
        self._names_cache = (key, out)
        return out

    def _swatch(self, colour: str, connected: bool) -> QIcon:
        icon = self._swatches.get((colour, connected))
        if icon is None:
            icon = self._swatches[colour, connected] = _swatch(colour, connected)
        return icon

    def refresh(self) -> None:
        """Participants, the session and the step as they are now."""
        project = self.session.doc.project
        projector = self.session.projector
        selected = {i.data(Qt.ItemDataRole.UserRole) for i in self.people.selectedItems()}
        sid = projector.vote_session_id()
        session = project.tables["vote_session"].get(sid) if sid else None
        used = actions.dots_used(project, sid)
        ideas: dict[str, int] = {}
        for pid in self.session.ledger.authors.values():
            ideas[pid] = ideas.get(pid, 0) + 1
        rows = []
        names = self._names()
        for pid, name, colour, connected in self.session.participants():
            state = _("connected") if connected else _("not connected")
            n_ideas = ideas.get(pid, 0)
            parts = [names.get(pid, name), state, ngettext("{n} idea", "{n} ideas", n_ideas).format(n=number(n_ideas))]
            if session is not None:
                dots = ngettext("{used} of {dots} dot", "{used} of {dots} dots", session.dots)
                parts.append(dots.format(used=used.get(pid, 0), dots=session.dots))
            rows.append((pid, " · ".join(parts), colour, connected))
        shown = [(self.people.item(i).data(Qt.ItemDataRole.UserRole), self.people.item(i).text(),
                  self.people.item(i).data(_SWATCH_ROLE))
                 for i in range(self.people.count())]
        if shown != [(pid, text, (colour, connected)) for pid, text, colour, connected in rows]:
            # Filled again only when a line changed: the list is redone at most every REFRESH_MS.
            self.people.clear()
            for pid, text, colour, connected in rows:
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, pid)
                item.setData(_SWATCH_ROLE, (colour, connected))
                item.setIcon(self._swatch(colour, connected))
                self.people.addItem(item)
                item.setSelected(pid in selected)
        self.vote_info.setText(
            _("Session: {title}").format(title=session.title) if session is not None
                      else _("No voting session is open on this journey.")
        )
        step_id = projector.step_id()
        step = project.tables["touchpoint"].get(step_id) if step_id else None
        self.rate_info.setText(
            _("Step: {title}").format(title=step.title) if step is not None
                      else _("Select a card on the map to rate it.")
        )
        n_people = len(self.session.ledger.claimed)
        n_ideas = len(self.session.ledger.authors)
        n_dots = sum(used.values())
        self.summary.setText(
            " · ".join((
                ngettext("{n} participant", "{n} participants", n_people).format(n=number(n_people)),
                ngettext("{n} idea", "{n} ideas", n_ideas).format(n=number(n_ideas)),
                ngettext("{n} dot placed", "{n} dots placed", n_dots).format(n=number(n_dots)),
            ))
        )
        if self.session.paused != self.pause.isChecked():
            self.pause.setChecked(self.session.paused)
        phase = projector.phase()
        for box, wanted in ((self.ideas, phase.ideas), (self.private, phase.private), (self.vote, phase.vote),
                            (self.rate, phase.rate)):
            if box.isChecked() != wanted:  # the room changed the phase itself (a voting session started)
                box.blockSignals(True)
                box.setChecked(wanted)
                box.blockSignals(False)
        self._update_buttons()


def _swatch(colour: str, connected: bool) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour) if connected else QColor("#ffffff"))
    painter.setPen(QColor(colour))
    painter.drawEllipse(1, 1, 12, 12)
    painter.end()
    return QIcon(pixmap)


__all__ = ["HintedList", "JoinScreen", "QrWidget", "RoomPanel"]
