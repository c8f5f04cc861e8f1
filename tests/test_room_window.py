"""The room in the window: phones' actions become undoable commands on the map; the room stops with the project."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QToolBar
from roomkit import ThreadedPhone, room_window
from tipkit import tip_text

from cxdesigner import collector
from cxdesigner.document.voting import StartVoteSessionCommand
from cxdesigner.room.protocol import Idea, Vote
from cxdesigner.room.state import Intent, Phase
from cxdesigner.roomui.launcher import local_addresses
from cxdesigner.roomui.panel import JoinPanel, JoinScreen, RoomPanel


@pytest.fixture
def window(qtbot, tmp_path):
    errors = []
    w = room_window(qtbot, tmp_path, lambda title, message: errors.append((title, message)))
    w.errors = errors
    w.phones = []
    yield w
    for phone in w.phones:
        phone.close()
    w.close()


def open_room(window) -> tuple:
    assert window.room.start("127.0.0.1", 0)
    session = window.room.session
    server = session.server
    return session, server, f"http://127.0.0.1:{server.port}"


def phone_in(qtbot, window, name="Ana"):
    session, server, url = open_room(window) if window.room.session is None else (
        window.room.session, window.room.session.server, f"http://127.0.0.1:{window.room.session.server.port}")
    phone = ThreadedPhone(url, server.token)
    window.phones.append(phone)
    phone.join(name, server.code)
    qtbot.waitUntil(lambda: phone.last("welcome") is not None, timeout=5000)
    return session, server, phone


def test_the_workshop_menu_starts_a_room_and_shows_the_join_screen(qtbot, window):
    menu = window.menuBar().findChild(type(window.file_menu), "WorkshopMenu")
    assert menu is not None and window.room.act_start in menu.actions()
    assert window.room.act_start.text() == "Start &Room Session…"
    assert not window.room.act_close.isEnabled()
    session, server, url = open_room(window)
    assert window.room.act_close.isEnabled()
    assert window.room.dock.isVisibleTo(window) and isinstance(window.room.dock.widget(), RoomPanel)
    screen = window.room.join_screen
    assert isinstance(screen, JoinScreen) and screen.isVisible()
    assert screen.code.text() == server.code and len(server.code) == 4
    assert screen.address.text() == server.url == f"{url}/{server.token}"
    for label in screen.findChildren(QLabel) + window.room.dock.widget().findChildren(QLabel):
        assert label.textFormat() == label.textFormat().PlainText
    assert window.room.start_dialog()  # a second start only shows the join screen again
    assert window.room.session is session


def test_with_a_room_open_the_start_action_says_it_shows_the_join_screen(qtbot, window):
    from cxdesigner import i18n

    act = window.room.act_start
    open_room(window)
    assert act.text() == "Show &Join Screen"
    window.room.join_screen.close()
    act.trigger()
    assert window.room.join_screen is not None and window.room.join_screen.isVisible()
    try:
        i18n.set_language("es")
        window.set_language("es")
        assert act.text() == i18n._("Show &Join Screen") != "Show &Join Screen", "the name follows the language"
    finally:
        i18n.set_language("en")
        window.set_language("en")
    window.room.act_close.trigger()
    assert act.text() == "Start &Room Session…"


def test_no_network_says_so_and_several_ask_which(qtbot, window):
    window.room.addresses = lambda: []
    assert not window.room.start_dialog()
    (title, message), = window.errors
    assert "hotspot" in message and window.room.session is None
    asked = []
    window.room.addresses = lambda: [("wlan0", "192.168.1.23"), ("eth0", "10.0.0.5")]
    window.room.choose_address = lambda found: asked.append(found)
    assert not window.room.start_dialog()
    assert asked == [[("wlan0", "192.168.1.23"), ("eth0", "10.0.0.5")]]


def test_local_addresses_are_private_and_not_loopback():
    for _name, address in local_addresses():
        assert not address.startswith("127.")


def test_a_phones_idea_and_dot_are_commands_on_the_undo_stack_and_the_map(qtbot, window):
    doc = window.doc
    jid = window.selection.journey_id
    card = doc.project.touchpoints(jid)[0]
    session, server, phone = phone_in(qtbot, window)
    panel = window.room.dock.widget()
    qtbot.waitUntil(lambda: panel.people.count() == 1)
    assert panel.people.item(0).text().startswith("Ana · connected")
    seq = phone.act("idea", title="Slow check-in", emotion=-2)
    qtbot.waitUntil(lambda: phone.answer(seq) is not None)
    assert phone.answer(seq)["type"] == "ack"
    (idea,) = doc.project.inbox(jid)
    assert idea.title == "Slow check-in" and window.undo_stack.undo_text() == "Idea “Slow check-in” from “Ana”"
    qtbot.waitUntil(lambda: panel.feed.count() >= 2)
    assert panel.feed.item(0).text() == "Ana: Slow check-in"

    push_session = StartVoteSessionCommand(jid, "Top pain", [], dots=3, hidden=False)
    doc.execute(push_session)
    session.set_phase(Phase(ideas=True, vote=True))
    qtbot.waitUntil(lambda: phone.state.get("room", {}).get("vote") is not None)
    before = doc.project.shown_votes(card.id)
    seq = phone.act("vote", card=card.id)
    qtbot.waitUntil(lambda: phone.answer(seq) is not None)
    assert phone.answer(seq)["type"] == "ack"
    assert doc.project.shown_votes(card.id) == before + 1, "the map's badge counts the phone's dot"
    assert window.editor.scene.card_item(card.id) is not None
    votes = [v for v in doc.project.session_votes(push_session.session_id)]
    assert [(v.touchpoint_id, v.dots) for v in votes] == [(card.id, 1)]
    window.undo_stack.undo()  # the facilitator takes the dot back
    assert doc.project.session_votes(push_session.session_id) == []
    qtbot.waitUntil(lambda: phone.state.get("mine", {}).get("dots") == {})


def test_a_voting_session_started_with_the_room_open_lets_the_phones_vote(qtbot, window):
    ws = window.workshop

    def prepared():
        dialog = type(ws).session_dialog(ws)
        dialog.quick.setText("Bea")
        dialog.add_typed()
        return dialog

    session, _server, phone = phone_in(qtbot, window)
    panel = window.room.dock.widget()
    assert not panel.vote.isChecked() and not session.projector.phase().vote
    ws.session_dialog, ws.run_dialog = prepared, lambda dialog: True
    assert ws.new_session()
    assert session.projector.phase().vote, "no second step in the Room panel before phones may vote"
    qtbot.waitUntil(lambda: phone.state.get("room", {}).get("vote") is not None)
    qtbot.waitUntil(panel.vote.isChecked)
    panel.vote.setChecked(False)  # the facilitator still decides
    assert not session.projector.phase().vote
    window.undo_stack.undo()
    window.undo_stack.redo()
    assert session.projector.phase().vote


def test_the_projector_shows_the_banner_while_the_phones_alone_vote(qtbot, window):
    # The laptop placing no dots (a session opened for the room, or its Esc) left the room without who votes and
    # the dots left while the phones voted.
    ws = window.workshop
    session, _server, phone = phone_in(qtbot, window)
    presentation = ws.start_presentation()
    banner = presentation.banner
    jid = window.selection.journey_id
    window.doc.execute(StartVoteSessionCommand(jid, "Top pain", [phone.last("welcome")["id"]], dots=3))
    assert session.projector.phase().vote and not ws.voting.voting
    assert banner.isVisibleTo(presentation), "the phones vote: the room sees the banner"
    assert banner.head()[1] == "Vote on your phones"
    assert [who.name for who in ws.voting.participants()] == ["Ana"]
    assert ws.voting.start_voting() and banner.head()[1] == "Ana votes · 3 dots left"
    ws.voting.stop_voting()  # Esc on the laptop: the phones still vote
    assert banner.isVisibleTo(presentation)
    panel = window.room.dock.widget()
    qtbot.waitUntil(panel.vote.isChecked)
    panel.vote.setChecked(False)  # the Room panel closes the phones' vote
    assert not banner.isVisibleTo(presentation)


def test_private_ideas_stay_off_the_projector_until_revealed(qtbot, window):
    session, _server, phone = phone_in(qtbot, window)
    panel = window.room.dock.widget()
    panel.private.setChecked(True)  # silent brainstorming
    presentation = window.workshop.start_presentation()
    try:
        seq = phone.act("idea", title="Only mine for now")
        qtbot.waitUntil(lambda: phone.answer(seq) is not None)
        strip = presentation.inbox
        assert strip.cards.count() == 1 and not strip.isVisible(), "the room does not read it on the screen"
        panel.reveal.setChecked(True)
        assert strip.isVisible() and strip.cards.isVisible()
        panel.reveal.setChecked(False)
        assert not strip.isVisible()
        window.room.stop()
        assert strip.isVisible(), "with the room closed the inbox is the facilitator's again"
    finally:
        window.workshop.stop_presentation()


def test_the_panels_empty_lists_say_what_will_come_in_them(qtbot, window):
    open_room(window)
    panel = window.room.dock.widget()
    panel.resize(360, 900)
    for listing, words in ((panel.people, "Nobody has joined yet"), (panel.feed, "from the phones")):
        assert listing.count() == 0 and words in listing.hint
        hinted = listing.grab().toImage()
        hint, listing.hint = listing.hint, ""
        blank = listing.grab().toImage()
        listing.hint = hint
        assert hinted != blank, "the hint is drawn in the empty list"
    _session, _server, _phone = phone_in(qtbot, window)
    qtbot.waitUntil(lambda: panel.people.count() == 1 and panel.feed.count() == 1)
    with_one = panel.people.grab().toImage()
    panel.people.hint = ""
    assert panel.people.grab().toImage() == with_one, "no hint once someone is there"


def test_ctrl_j_brings_the_join_screen_back_even_over_the_presentation(qtbot, window):
    from PySide6.QtTest import QTest

    assert window.room.act_start.shortcut().toString() == "Ctrl+J"
    open_room(window)
    window.room.join_screen.close()
    qtbot.waitUntil(lambda: window.room.join_screen is None)
    presentation = window.workshop.start_presentation()
    try:
        assert window.room.act_start in presentation.actions()
        presentation.activateWindow()  # a shortcut answers in the active window: the full-screen one
        qtbot.waitUntil(presentation.isActiveWindow)
        QTest.keyClick(presentation.editor.view, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
        panel = presentation.side_panel
        assert isinstance(panel, JoinPanel) and panel.isVisible(), "latecomers get the code, the slides stay"
        assert window.room.join_screen is None
    finally:
        window.workshop.stop_presentation()


def test_with_one_screen_the_join_panel_sits_beside_the_presentations_map_and_ctrl_j_hides_it(qtbot, window):
    """With one screen the join screen was a window over the full-screen presentation: the room lost the slides
    until the facilitator found it to close. While a presentation runs the code shows in a column beside its map,
    which is fitted in the room left (every card still on screen, none under the panel); Ctrl+J hides it again."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    open_room(window)
    assert window.room.join_screen is not None and window.room.join_screen.isVisible()
    presentation = window.workshop.start_presentation()
    try:
        presentation.showNormal()
        presentation.resize(1280, 800)
        presentation.activateWindow()
        qtbot.waitUntil(presentation.isActiveWindow)
        panel = presentation.side_panel
        # The window open when the presentation started gave its place to the panel: one place for the code.
        assert isinstance(panel, JoinPanel) and panel.isVisible()
        qtbot.waitUntil(lambda: window.room.join_screen is None)
        for _turn in range(3):
            QApplication.processEvents()
        view = presentation.editor.view
        shown = view.mapTo(presentation, view.rect().topLeft()), view.width()
        assert shown[0].x() + shown[1] <= panel.geometry().left(), "the panel beside the map, not over it"
        scene = presentation.editor.scene
        seen = view.mapToScene(view.viewport().rect()).boundingRect()
        assert seen.contains(scene.full_rect().adjusted(4, 4, -4, -4)), "the whole journey fitted beside it"
        assert panel.code.text() == window.room.session.server.code
        assert panel.address.fontMetrics().horizontalAdvance(panel.address.text()) <= panel.address.width()
        assert panel.qr.width() >= 180 and panel.qr.height() >= 180
        panel.grab()
        QTest.keyClick(view, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
        assert presentation.side_panel is None
        for _turn in range(3):
            QApplication.processEvents()
        assert view.width() == presentation.width(), "the map has the screen's width again"
        QTest.keyClick(view, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
        assert isinstance(presentation.side_panel, JoinPanel)
        window.room.stop()
        assert presentation.side_panel is None, "a closed room's code is no longer shown"
    finally:
        window.workshop.stop_presentation()


def test_a_burst_is_applied_in_slices_and_nothing_is_lost(qtbot, window):
    doc = window.doc
    jid = window.selection.journey_id
    _session, _server, phone = phone_in(qtbot, window)
    seqs = [phone.act("idea", title=f"Idea {i}") for i in range(25)]
    qtbot.waitUntil(lambda: all(phone.answer(s) is not None for s in seqs), timeout=10000)
    assert [tp.title for tp in doc.project.inbox(jid)] == [f"Idea {i}" for i in range(25)]
    assert window.undo_stack.count() == 26  # the join and each idea: one step each


def test_pause_and_remove_from_the_panel(qtbot, window):
    session, _server, phone = phone_in(qtbot, window)
    panel = window.room.dock.widget()
    panel.pause.setChecked(True)
    assert session.paused
    qtbot.waitUntil(lambda: phone.state.get("room", {}).get("paused") is True)
    seq = phone.act("idea", title="While paused")
    qtbot.waitUntil(lambda: phone.answer(seq) is not None)
    assert phone.answer(seq)["reason"] == "paused"
    panel.pause.setChecked(False)
    qtbot.waitUntil(lambda: panel.people.count() == 1)
    panel.people.item(0).setSelected(True)
    panel.remove.click()
    qtbot.waitUntil(lambda: phone.closed)
    assert any(m.get("reason") == "removed" for m in phone.messages)
    qtbot.waitUntil(lambda: panel.people.count() == 0)


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_closing_the_project_closes_the_room_at_once(qtbot, window):
    session, server, phone = phone_in(qtbot, window)
    port = server.port
    assert _port_open(port)
    assert collector.frozen()  # the app's objects are kept out of full collections while the room runs
    assert window.close_project()
    assert window.room.session is None and not _port_open(port)
    assert not collector.frozen()
    qtbot.waitUntil(lambda: phone.closed)
    assert any(m["type"] == "closed" for m in phone.messages)
    assert not window.room.dock.isVisibleTo(window) and window.room.join_screen is None


def test_closing_the_room_from_the_panel_and_the_window(qtbot, window):
    _session, server, _phone = phone_in(qtbot, window)
    window.room.dock.widget().close_room.click()
    assert window.room.session is None and not _port_open(server.port)
    assert not collector.frozen()
    _session, server, url = open_room(window)
    assert collector.frozen()
    window.close()
    assert not _port_open(server.port)
    assert not collector.frozen()


def test_a_batch_is_written_once_and_each_action_stays_its_own_undo_step(qtbot, window, monkeypatch):
    doc = window.doc
    jid = window.selection.journey_id
    cards = [tp.id for tp in doc.project.touchpoints(jid)]
    session, _server, _url = open_room(window)
    vote = StartVoteSessionCommand(jid, "Top pain", [], dots=1, hidden=False)
    doc.execute(vote)
    session.set_phase(Phase(ideas=True, vote=True))
    ids = iter(range(1, 100))
    people = []
    for name in ("Ana", "Bea", "Carl"):
        outcome = session.apply(Intent(next(ids), "join", f"pt-{name.lower()}", name, "#1f77b4", "en"))
        people.append(outcome.participant_id)
    ana, bea, carl = people
    writes = []
    write = doc.working_copy.write
    monkeypatch.setattr(doc.working_copy, "write", lambda changes: (writes.append(len(changes)), write(changes)))
    steps = window.undo_stack.count()

    def act(pid: str, action: object) -> Intent:
        return Intent(next(ids), type(action).__name__.lower(), pid, pid, "#1f77b4", "en", action)

    burst = [
        act(ana, Idea(1, "Slow check-in")),
        act(bea, Idea(1, "No towels")),
        act(carl, Vote(1, cards[0])),
        act(ana, Vote(2, cards[1])),  # Ana again: her idea is done first
        act(ana, Vote(3, cards[2])),  # … and her one dot is spent: refused, not lost in the batch
        act(bea, Idea(2, "Cold", emotion=7)),  # the model's rules refuse it after the plans: only this one …
        act(carl, Idea(2, "Lift")),  # … not the one done beside it
    ]
    outcomes = session.apply_all(burst)
    assert [o.ok for o in outcomes] == [True, True, True, True, False, False, True]
    assert outcomes[4].reason == "no_dots" and outcomes[5].reason == "failed"
    assert [tp.title for tp in doc.project.inbox(jid)] == ["Slow check-in", "No towels", "Lift"]
    # Ana's first three actions together, her vote, then Carl's idea again on its own after the refusal.
    assert len(writes) == 3, "a batch is written together, not once per action"
    assert window.undo_stack.count() == steps + 5, "each phone action is its own undo step"

    def session_votes() -> list[tuple[str, str]]:
        return sorted((v.participant_id, v.touchpoint_id) for v in doc.project.session_votes(vote.session_id))

    assert session_votes() == sorted([(carl, cards[0]), (ana, cards[1])])
    window.undo_stack.undo()  # Carl's idea only
    assert len(doc.project.inbox(jid)) == 2
    window.undo_stack.undo()  # Ana's dot only
    assert session_votes() == [(carl, cards[0])]
    window.undo_stack.undo()  # Carl's dot
    window.undo_stack.undo()  # Bea's idea
    assert [tp.title for tp in doc.project.inbox(jid)] == ["Slow check-in"]


def test_late_phones_voting_together_are_each_enrolled(qtbot, window):
    doc = window.doc
    jid = window.selection.journey_id
    card = doc.project.touchpoints(jid)[0].id
    session, _server, _url = open_room(window)
    ana = session.apply(Intent(1, "join", "pt-ana", "Ana", "#1f77b4", "en")).participant_id
    bea = session.apply(Intent(2, "join", "pt-bea", "Bea", "#d62728", "en")).participant_id
    earlier = doc.project.participants()[0].id
    vote = StartVoteSessionCommand(jid, "Top pain", [earlier], dots=3, hidden=False)
    doc.execute(vote)
    session.set_phase(Phase(vote=True))
    # Each enrolment rewrites the session's list: planned on the list before the batch, one would undo the other.
    outcomes = session.apply_all([Intent(3, "vote", ana, "Ana", "", "en", Vote(1, card)),
                                  Intent(4, "vote", bea, "Bea", "", "en", Vote(1, card))])
    assert [o.ok for o in outcomes] == [True, True]
    listed = doc.project.tables["vote_session"][vote.session_id].participant_ids
    assert set(listed) == {earlier, ana, bea}


def test_a_slice_takes_one_action_per_phone_and_keeps_each_phones_order(qtbot, window, monkeypatch):
    doc = window.doc
    jid = window.selection.journey_id
    session, _server, _url = open_room(window)
    ana = session.apply(Intent(1, "join", "pt-ana", "Ana", "#1f77b4", "en")).participant_id
    bea = session.apply(Intent(2, "join", "pt-bea", "Bea", "#d62728", "en")).participant_id
    writes = []
    write = doc.working_copy.write
    monkeypatch.setattr(doc.working_copy, "write", lambda changes: (writes.append(len(changes)), write(changes)))
    titles = [(ana, "A1"), (ana, "A2"), (bea, "B1"), (ana, "A3"), (bea, "B2")]
    for n, (pid, title) in enumerate(titles, start=3):
        session._enqueue(Intent(n, "idea", pid, pid, "", "en", Idea(n, title)))
    qtbot.waitUntil(lambda: len(doc.project.inbox(jid)) == 5)
    assert [tp.title for tp in doc.project.inbox(jid)] == ["A1", "B1", "A2", "B2", "A3"]
    assert len(writes) == 3, "Ana's and Bea's first ideas together, then their second, then Ana's third"


def test_a_burst_waits_only_for_the_windows_turn_between_its_slices(qtbot, window):
    # A room sending at once is several slices (one action per phone each): the next follows the
    # window's paint, not the steady pace's gap, or the last phones wait for the gaps alone.
    from cxdesigner.roomui import bridge
    from cxdesigner.roomui.bridge import BACKLOG_GAP_MS, SLICE_GAP_MS

    jid = window.selection.journey_id
    session, _server, _url = open_room(window)
    ana = session.apply(Intent(1, "join", "pt-ana", "Ana", "#1f77b4", "en")).participant_id
    session._drain_timer.stop()
    for n in range(3):
        session._queue.append(Intent(n + 2, "idea", ana, ana, "", "en", Idea(n + 2, f"A{n}")))
    session._drain()  # one of Ana's: the other two wait for the next slice
    assert len(session._queue) == 2
    assert session._drain_timer.isActive() and session._drain_timer.interval() == BACKLOG_GAP_MS < SLICE_GAP_MS
    qtbot.waitUntil(lambda: len(window.doc.project.inbox(jid)) == 3)
    assert [tp.title for tp in window.doc.project.inbox(jid)] == ["A0", "A1", "A2"]
    # At a steady pace, a single action after a slice still waits to share the next one.
    session._queue.append(Intent(9, "idea", ana, ana, "", "en", Idea(9, "A9")))
    with pytest.MonkeyPatch.context() as mp:  # the last slice "just ended": no clock in the test
        mp.setattr(bridge.time, "perf_counter", lambda: session._last_drain)
        session._start_drain()
    assert session._drain_timer.interval() == SLICE_GAP_MS
    qtbot.waitUntil(lambda: len(window.doc.project.inbox(jid)) == 4)


def test_phones_joining_at_once_join_one_to_a_slice(qtbot, window, monkeypatch):
    # Each join is a command and a write of its own: eight in one slice were eight fsyncs in a row.
    from cxdesigner.roomui.bridge import JOINS_PER_SLICE

    session, _server, _url = open_room(window)
    slices: list[list[str]] = []
    apply_all = session.apply_all
    monkeypatch.setattr(session, "apply_all", lambda intents: (slices.append([i.kind for i in intents]),
                                                               apply_all(intents))[1])
    for n in range(5):
        session._enqueue(Intent(n + 1, "join", f"pt-{n}", f"Phone {n}", "#1f77b4", "en"))
    qtbot.waitUntil(lambda: len(session.ledger.claimed) == 5)
    assert JOINS_PER_SLICE == 1
    assert slices == [["join"]] * 5


def test_a_window_loads_the_room_only_when_a_room_starts(tmp_path):
    # The session's state and the QR encoder (segno, with urllib and email behind it) cost a fifth of
    # a second of every start-up when the Workshop menu imported them.
    code = (
        "import sys\nfrom PySide6.QtWidgets import QApplication\nfrom cxdesigner.mainwindow import MainWindow\n"
        "app = QApplication([])\nw = MainWindow()\nw.show()\napp.processEvents()\n"
        "room = ('segno', 'aiohttp', 'cxdesigner.room.state', 'cxdesigner.roomui.panel')\n"
        "loaded = [m for m in room if m in sys.modules]\n"
        "print('loaded', loaded)\nw.close()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "loaded []"


def test_a_slice_takes_as_many_actions_as_its_time_allows_beside_the_write():
    from cxdesigner.roomui.bridge import SliceCost

    cost = SliceCost()
    for n in (8, 20, 3, 40, 12, 60, 1, 30):  # a write of 12 ms and 0.4 ms an action
        cost.learn(n, 12 + 0.4 * n)
    assert abs(cost.fixed - 12) < 0.5 and abs(cost.per - 0.4) < 0.05
    assert cost.batch(40, 64) == 64, "never more than the most allowed"
    assert 118 <= cost.batch(60, 200) <= 121, "the budget's rest after the write: (60 - 12) / 0.4"
    slow = SliceCost()
    for n in (8, 20, 3, 40, 12):  # a busy disk: the write alone takes longer than the budget
        slow.learn(n, 40 + 0.5 * n)
    assert 36 <= slow.batch(25, 64) <= 38, "three quarters of the budget still goes to actions, not to more writes"
    assert slow.batch(25, 10) == 10
    stuck = SliceCost()
    stuck.learn(1, 10.0)
    stuck.learn(2, 60.0)  # one slow fsync beside a slice of two: 50 ms an action, it seems
    for _ in range(30):
        stuck.learn(1, 12.0)  # from then on slices of one cannot tell the write from the action
    assert stuck.batch(25, 64) == 8 and stuck.batch(25, 3) == 3, "slices never shrink to one action for good"


def test_the_toolbar_undo_does_not_rename_itself_at_each_step_but_its_tooltip_names_it(qtbot, window):
    # Renaming a toolbar's action lays the window out again: sixty phones would do it many times a second.
    from cxdesigner.document import commands as c

    twin = window._toolbar_twins["undo"]
    assert twin in window.toolbar.actions() and window.act_undo not in window.toolbar.actions()
    assert not twin.isEnabled() and twin.iconText() == "Undo"
    changes = []
    twin.changed.connect(lambda: changes.append(twin.text()))
    jid = window.selection.journey_id
    stage, lane = window.doc.project.stages(jid)[0], window.doc.project.lanes(jid)[0]
    for title in ("One", "Two", "Three"):
        window.undo_stack.push(c.AddTouchpointCommand(jid, stage.id, lane.id, title=title, inbox=True))
    assert len(changes) == 1 and twin.isEnabled(), "only becoming enabled changed it"
    assert window.act_undo.text() == "&Undo Add touchpoint “Three”"
    assert tip_text(window.undo_stack.twin_tooltip(twin)) == "Undo Add touchpoint “Three”"
    twin.trigger()
    assert [tp.title for tp in window.doc.project.inbox(jid)] == ["One", "Two"]


def test_the_toolbar_starts_a_room_and_the_join_screen_goes_full_screen_with_the_qr_code_of_the_address(
    qtbot, window
):
    import segno
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtTest import QTest

    assert any(window.room.act_start in bar.actions() for bar in window.findChildren(QToolBar))
    _session, server, _url = open_room(window)
    screen = window.room.join_screen
    qtbot.waitExposed(screen)
    # The QR code on the screen is the whole address, token included: each module where segno puts it.
    image = QImage(400, 400, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    screen.qr.renderer.render(painter)
    painter.end()
    matrix = segno.make(server.url, error="m", micro=False).matrix
    size = len(matrix) + 8  # the quiet zone: four modules each side
    module = 400 / size
    for row, line in enumerate(matrix):
        for col, dark in enumerate(line):
            pixel = image.pixelColor(int((col + 4.5) * module), int((row + 4.5) * module))
            assert (pixel.lightness() < 128) == bool(dark), (row, col)
    assert server.token in server.url and screen.address.text() == server.url
    # F11 puts it on the whole projector, Esc leaves full screen, Esc again closes it.
    screen.activateWindow()
    qtbot.waitUntil(lambda: screen.isActiveWindow())
    QTest.keyClick(screen, Qt.Key.Key_F11)
    assert screen.isFullScreen()
    QTest.keyClick(screen, Qt.Key.Key_Escape)
    assert not screen.isFullScreen() and screen.isVisible()
    QTest.keyClick(screen, Qt.Key.Key_Escape)
    assert not screen.isVisible()


def test_the_participants_list_shows_names_colours_and_who_is_connected(qtbot, window):
    session, _server, ana = phone_in(qtbot, window, "Ana")
    _session, _server, bea = phone_in(qtbot, window, "Bea")
    panel = window.room.dock.widget()
    qtbot.waitUntil(lambda: panel.people.count() == 2)
    rows = {panel.people.item(i).text().split(" · ")[0]: panel.people.item(i) for i in range(2)}
    assert set(rows) == {"Ana", "Bea"}
    colours = {name: item.data(Qt.ItemDataRole.UserRole + 1)[0] for name, item in rows.items()}
    people = {p.name: p.colour for p in window.doc.project.participants()}
    assert colours == {"Ana": people["Ana"], "Bea": people["Bea"]} and colours["Ana"] != colours["Bea"]
    assert all(" · connected · " in item.text() for item in rows.values())
    bea.close()
    qtbot.waitUntil(lambda: any(" · not connected · " in panel.people.item(i).text() for i in range(2)))
    texts = sorted(panel.people.item(i).text() for i in range(2))
    assert texts[0].startswith("Ana · connected") and texts[1].startswith("Bea · not connected")
    assert ana.last("welcome")["colour"] == people["Ana"], "the phone is told the colour picked for it"


def test_phones_follow_the_stage_and_the_workshops_timer_in_every_phase(qtbot, window):
    session, _server, phone = phone_in(qtbot, window)
    session.set_phase(Phase(ideas=False))  # nothing to do: phones follow
    jid = window.selection.journey_id
    card = window.doc.project.touchpoints(jid)[3]
    window.selection.select([card.id])
    qtbot.waitUntil(lambda: phone.state.get("room", {}).get("stage") == card.stage_id)
    assert phone.state["room"]["phase"] == {"ideas": False, "private": False, "vote": False, "rate": False}
    timer = window.workshop.timer
    told = []
    session.projector.subscribe(lambda: told.append(timer.state))
    timer.start(300)
    qtbot.waitUntil(lambda: (phone.state["room"].get("timer") or {}).get("running") is True)
    assert 290 <= phone.state["room"]["timer"]["remaining"] <= 300
    for _ in range(3):
        timer.tick()  # a running countdown's ticks: phones count down themselves
    assert told == ["running"]
    timer.pause()
    qtbot.waitUntil(lambda: phone.state["room"]["timer"]["running"] is False)
    timer.add(60)
    qtbot.waitUntil(lambda: phone.state["room"]["timer"]["remaining"] > 300)
    timer.stop()
    qtbot.waitUntil(lambda: phone.state["room"]["timer"] is None)
    assert told == ["running", "paused", "paused", "idle"]


def test_two_phones_of_the_same_name_are_told_apart_in_the_list_and_the_feed(qtbot, window):
    doc = window.doc
    jid = window.selection.journey_id
    cards = [tp.id for tp in doc.project.touchpoints(jid)]
    session, _server, _url = open_room(window)
    doc.execute(StartVoteSessionCommand(jid, "Top pain", [], dots=3, hidden=False))
    session.set_phase(Phase(vote=True))
    people = []
    for n, (claim, name, colour) in enumerate((("c1", "Ana", "#1f77b4"), ("c2", "ana ", "#d62728"),
                                               ("c3", "Luis", "#2ca02c")), start=1):
        outcome = session.apply(Intent(n, "join", claim, name, colour, "en"))
        people.append((outcome.participant_id, name))
    for n, (pid, name) in enumerate(people):
        assert session.apply(Intent(10 + n, "vote", pid, name, "#1f77b4", "en", Vote(1, cards[n]))).ok
    panel = window.room.dock.widget()
    panel.refresh()
    listed = [panel.people.item(i).text().split(" · ")[0] for i in range(panel.people.count())]
    assert listed == ["Ana (1)", "ana (2)", "Luis"]  # by the order they joined; a unique name stays as typed
    feed = [panel.feed.item(i).text() for i in range(panel.feed.count())]
    assert feed[:3] == [f"Luis voted for {doc.project.get('touchpoint', cards[2]).title}",
                        f"ana (2) voted for {doc.project.get('touchpoint', cards[1]).title}",
                        f"Ana (1) voted for {doc.project.get('touchpoint', cards[0]).title}"]
    # Each line of the feed carries its participant's dot, as the list does.
    assert all(not panel.feed.item(i).icon().isNull() for i in range(3))
    # A second Luis joins: the names the feed uses are worked out again.
    luis2 = session.apply(Intent(20, "join", "c4", "Luis", "#9467bd", "en")).participant_id
    assert session.apply(Intent(21, "vote", people[2][0], "Luis", "#2ca02c", "en", Vote(1, cards[0]))).ok
    assert session.apply(Intent(22, "vote", luis2, "Luis", "#9467bd", "en", Vote(1, cards[1]))).ok
    assert [panel.feed.item(i).text().split(" voted")[0] for i in range(2)] == ["Luis (2)", "Luis (1)"]


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_the_join_screen_reads_from_the_back_of_the_room_and_cuts_nothing(qtbot, window, size):
    """On a projector's screen the address and the room code are large, the QR code fills its half, no line is cut."""
    from PySide6.QtGui import QFontMetricsF

    open_room(window)
    screen = window.room.join_screen
    screen.resize(*size)
    qtbot.waitUntil(lambda: screen.size().width() == size[0])
    screen.layout().activate()
    height = size[1]
    address = screen.address.font().pixelSize()
    assert address >= height * 0.045, "the address is far above the old 20 pt on any projector"
    assert screen.code.font().pixelSize() >= 2 * address
    assert min(screen.qr.width(), screen.qr.height()) >= height * 0.45
    for label in (screen.address, screen.code, screen.heading, screen.code_caption):
        text_width = QFontMetricsF(label.font()).horizontalAdvance(label.text())
        assert text_width <= label.contentsRect().width(), f"{label.text()!r} is cut"
        assert label.geometry().right() <= screen.width() and label.geometry().bottom() <= screen.height()
    hint = screen.hint
    assert hint.heightForWidth(hint.width()) <= hint.height() + 1


def test_an_idea_sent_not_sure_of_its_stage_is_marked_in_the_inbox_until_placed(qtbot, window):
    doc, jid = window.doc, window.selection.journey_id
    stages = doc.project.stages(jid)
    session, server, phone = phone_in(qtbot, window)
    for fields in ({"title": "Unsure one"}, {"title": "Chosen one", "stage": stages[2].id}):
        seq = phone.act("idea", **fields)
        qtbot.waitUntil(lambda seq=seq: phone.answer(seq) is not None)
    strip = window.workshop.inbox
    qtbot.waitUntil(lambda: strip.cards.count() == 2)
    unsure, chosen = (strip.cards.item(row) for row in range(2))
    assert unsure.text() == "Unsure one" and not unsure.icon().isNull()
    assert "Stage: not sure" in unsure.toolTip()
    assert chosen.icon().isNull() and tip_text(chosen.toolTip()) == "Chosen one"
    card_id = unsure.data(Qt.ItemDataRole.UserRole)
    assert strip.place([card_id], (stages[1].id, doc.project.lanes(jid)[0].id))
    assert doc.project.tables["touchpoint"][card_id].stage_id == stages[1].id
    window.undo_stack.undo()  # back in the inbox, still nobody's choice
    qtbot.waitUntil(lambda: strip.cards.count() == 2)
    assert not strip.cards.item(0).icon().isNull()
    window.room.stop()
    assert not strip.cards.item(0).icon().isNull(), "the card itself keeps the mark, room or not"


def test_the_voting_panel_tells_the_inbox_ideas_phones_voted_for_from_the_maps_cards(qtbot, window):
    doc, jid = window.doc, window.selection.journey_id
    card = doc.project.touchpoints(jid)[0]
    session, server, phone = phone_in(qtbot, window)
    seq = phone.act("idea", title="Free parking")
    qtbot.waitUntil(lambda: phone.answer(seq) is not None)
    (idea,) = doc.project.inbox(jid)
    start = StartVoteSessionCommand(jid, "Top pain", [], dots=3, max_per_card=2, hidden=False)
    doc.execute(start)
    window.workshop.voting.select_session(start.session_id)
    session.set_phase(Phase(vote=True))

    def shown() -> dict[str, bool]:
        cards = (phone.state.get("room", {}).get("vote") or {}).get("cards") or []
        return {c["id"]: c.get("idea", False) for c in cards}

    qtbot.waitUntil(lambda: shown().get(idea.id) is True and shown().get(card.id) is False)
    for target in (idea.id, idea.id, card.id):
        seq = phone.act("vote", card=target)
        qtbot.waitUntil(lambda seq=seq: phone.answer(seq) is not None)
    rows = window.workshop.panel.result_rows()
    assert rows == [("1", "Inbox: Free parking", "2"), ("2", card.title, "1")]
    assert "not on the map yet" in window.workshop.panel.results.item(0, 1).toolTip()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_panels_lists_and_counts_read_whole_in_the_dock_at_1280(qtbot, window, lang):
    from cxdesigner import i18n

    try:
        i18n.set_language(lang)
        window.set_language(lang)
        window.resize(1280, 800)
        window.show()
        session, server, phone = phone_in(qtbot, window, name="Ana María Fernández-Castillo")
        doc, jid = window.doc, window.selection.journey_id
        doc.execute(StartVoteSessionCommand(jid, "Top pain", [], dots=5, hidden=False))
        seq = phone.act("idea", title="Nobody at the door explains where the car park is, so guests circle twice")
        qtbot.waitUntil(lambda: phone.answer(seq) is not None)
        panel = window.room.dock.widget()
        qtbot.waitUntil(lambda: panel.people.count() == 1 and panel.feed.count() == 2)
        panel.refresh()
        qtbot.waitUntil(lambda: " · " in panel.summary.text() and len(panel.summary.text().split(" · ")) == 3)
        assert panel.width() < 330, "the dock is narrow at 1280, as a facilitator's laptop has it"
        for listing in (panel.people, panel.feed):
            assert listing.horizontalScrollBar().maximum() == 0, "no line scrolls sideways"
            for row in range(listing.count()):
                rect = listing.visualItemRect(listing.item(row))
                assert rect.right() <= listing.viewport().width(), listing.item(row).text()
        last = panel.people.visualItemRect(panel.people.item(0))
        assert last.height() > panel.people.fontMetrics().height() * 1.5, "the long line wraps, whole"
        shown = panel.summary.shown_lines()
        assert " · ".join(shown).split(" · ") == panel.summary.text().split(" · ") and "…" not in "".join(shown)
        assert all(panel.summary.fontMetrics().horizontalAdvance(line) <= panel.summary.contentsRect().width()
                   for line in shown)
        assert panel.summary.height() >= 2 * panel.summary.fontMetrics().height()
    finally:
        i18n.set_language("en")
        window.set_language("en")


class _FakeScreen:
    def __init__(self, name: str) -> None:
        self._name = name

    def name(self) -> str:
        return self._name


def test_the_join_screen_goes_to_the_projectors_screen():
    from cxdesigner.roomui.launcher import join_screen_target

    laptop, projector, third = _FakeScreen("eDP-1"), _FakeScreen("HDMI-1"), _FakeScreen("DP-2")
    assert join_screen_target([laptop, projector], laptop) is projector, "not the main window's screen"
    assert join_screen_target([projector, laptop], laptop) is projector
    assert join_screen_target([laptop, projector, third], laptop, presenting_on=third) is third, "the presentation's"
    assert join_screen_target([laptop, projector, third], laptop, wanted="DP-2") is third, "the chosen one"
    assert join_screen_target([laptop, projector], laptop, presenting_on=_FakeScreen("gone")) is projector
    assert join_screen_target([laptop], laptop) is laptop, "one screen: the window's"
    assert join_screen_target([], None) is None


def test_the_launcher_opens_the_join_screen_on_the_screen_it_chooses(qtbot, window, monkeypatch):
    screen = window.screen()
    chosen = []

    def target(screens, window_screen, presenting_on=None, wanted=""):
        chosen.append((list(screens), window_screen, presenting_on))
        return screen

    monkeypatch.setattr("cxdesigner.roomui.launcher.join_screen_target", target)
    open_room(window)
    ((screens, window_screen, presenting_on),) = chosen
    assert window_screen is screen and presenting_on is None and screen in screens
    join = window.room.join_screen
    assert join.screen() is screen and screen.availableGeometry().contains(join.frameGeometry().center())


def test_phones_now_line_follows_the_presentations_step_not_the_editors_selection(qtbot, window):
    """While a presentation runs, the phones' "Now" is the stage the projector shows (or the whole journey), whatever
    card the editor has selected; it named the selected card's stage, which the room was not looking at."""
    session, _server, phone = phone_in(qtbot, window)
    session.set_phase(Phase(ideas=False))
    jid = window.selection.journey_id
    stages = window.doc.project.stages(jid)
    card = next(c for c in window.doc.project.touchpoints(jid) if c.stage_id == stages[-1].id)
    window.selection.select([card.id])
    qtbot.waitUntil(lambda: phone.state.get("room", {}).get("stage") == stages[-1].id)
    presentation = window.workshop.start_presentation()
    try:
        # The whole journey on the projector: no stage, though a card of the last stage is selected.
        qtbot.waitUntil(lambda: phone.state["room"].get("stage") is None)
        window.workshop.model.next()
        qtbot.waitUntil(lambda: phone.state["room"].get("stage") == stages[0].id)
        window.workshop.model.next()
        qtbot.waitUntil(lambda: phone.state["room"].get("stage") == stages[1].id)
        window.selection.select([card.id])  # the laptop picks a card elsewhere: the room still sees stage 2
        window.workshop.model.home()
        qtbot.waitUntil(lambda: phone.state["room"].get("stage") is None)
        assert presentation is window.workshop.presentation
    finally:
        window.workshop.stop_presentation()
    # Without a presentation the selected card's stage is the room's again.
    qtbot.waitUntil(lambda: phone.state["room"].get("stage") == stages[-1].id)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_at_1280_by_800_a_room_and_a_vote_keep_the_window_on_the_screen(qtbot, window, lang):
    """The Room panel asked for 560 px: in a 1280 × 800 window's one column of docks, over the ideas inbox, the
    window grew to 823 px once a room started, its status bar and the inbox's buttons past the screen's foot. The
    panel scrolls in a short column instead; the window keeps its height with the voting dock beside it too."""
    from PySide6.QtWidgets import QApplication, QScrollArea

    from cxdesigner import i18n

    window.choose_language(lang)
    try:
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        open_room(window)
        if window.room.join_screen is not None:
            window.room.join_screen.close()
        for _turn in range(3):
            QApplication.processEvents()
        assert window.height() == 800, f"{window.height()} px with the room's panel"
        panel = window.room.dock.widget()
        assert isinstance(panel, RoomPanel) and panel.findChild(QScrollArea) is not None
        window.workshop.dock_voting.show()
        window.workshop.dock_voting.raise_()
        window.room.dock.raise_()
        for _turn in range(3):
            QApplication.processEvents()
        assert window.height() == 800
        assert window.statusBar().geometry().bottom() < window.height()
    finally:
        window.choose_language("en")
        i18n.set_language("en")


def test_closing_the_project_mid_vote_keeps_the_dots_tells_the_phones_and_stops_the_timer(qtbot, window):
    """File ▸ Close while phones vote, a timer runs and the map votes: Save keeps every dot answered, the session
    stays open in the file for the next time (F8 goes on), the phones are told, the timer goes with the project."""
    from PySide6.QtWidgets import QMessageBox

    doc, ws = window.doc, window.workshop
    path = doc.path
    jid = window.selection.journey_id
    card = doc.project.touchpoints(jid)[0]
    _session, _server, phone = phone_in(qtbot, window)
    start = StartVoteSessionCommand(jid, "Top pain", [phone.last("welcome")["id"]], dots=3, hidden=False)
    doc.execute(start)
    window.room.session.set_phase(Phase(vote=True))
    ws.voting.select_session(start.session_id)
    qtbot.waitUntil(lambda: phone.state.get("room", {}).get("vote") is not None)
    seq = phone.act("vote", card=card.id)
    qtbot.waitUntil(lambda: phone.answer(seq) is not None)
    assert phone.answer(seq)["type"] == "ack"
    ws.timer.start(300)
    assert ws.voting.start_voting() and ws.voting.voting
    asked = []

    def save(name):
        asked.append(name)
        return QMessageBox.StandardButton.Save

    window.ask_unsaved = save
    assert window.close_project()
    assert asked, "the phone's dot is unsaved work: closing asks"
    assert not ws.voting.voting and ws.timer.state == "idle"
    # Both said, the room's first: alone, the room's message replaced the timer's at once.
    qtbot.waitUntil(lambda: window.statusBar().currentMessage()
                    == "The room is closed. The timer was stopped: its project was closed.")
    qtbot.waitUntil(lambda: phone.closed)
    assert phone.last("closed") is not None
    window.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    assert window.open_path(path)
    kept = window.doc.project.get("vote_session", start.session_id)
    assert kept.state == "open"
    assert [(v.touchpoint_id, v.dots) for v in window.doc.project.session_votes(start.session_id)] == [(card.id, 1)]
    ws.voting.select_session(start.session_id)
    assert ws.act_vote.isEnabled() and ws.voting.start_voting()
    ws.voting.stop_voting()


def test_a_room_that_cannot_start_says_why_and_what_to_do(qtbot, window, monkeypatch):
    """It said "No web server could start on ADDRESS: " and the reason alone; a server that did not answer in
    time gave its English words, in Spanish too. The rarer reasons (a firewall, no network, a code the system
    alone names) gave the C library's English in brackets, and an error of the server's library that is no
    OSError escaped to the "Something went wrong" box. One window for every case."""
    import errno
    import socket

    from cxdesigner import i18n
    from cxdesigner.roomui import bridge

    cases = {
        "ports taken": (OSError(errno.EADDRINUSE, "Address already in use"),
                        "on one of the ports 8765 to 8770, and other programs use them all"),
        "address gone": (OSError(errno.EADDRNOTAVAIL, "Cannot assign requested address"),
                         "This laptop is no longer on the network of 192.168.1.23"),
        "too slow": (OSError("the room's server did not start"),
                     "The room's web server on 192.168.1.23 did not start in time. Start the room again"),
        "es": (OSError("the room's server did not start"), "El servidor web de la sala en 192.168.1.23 no arrancó a "
                                                          "tiempo."),
        "firewall es": (OSError(errno.EACCES, "Permission denied"),
                        "Este portátil no deja que CX Designer reciba conexiones en 192.168.1.23"),
        "not permitted": (OSError(errno.EPERM, "Operation not permitted"), "a firewall or a security setting"),
        "no network es": (OSError(errno.ENETUNREACH, "Network is unreachable"),
                          "La red de 192.168.1.23 ya no está"),
        "network down": (OSError(errno.ENETDOWN, "Network is down"), "The network of 192.168.1.23 is not there"),
        "unknown address es": (socket.gaierror(-2, "Name or service not known"), "Conecte el portátil a la wifi"),
        "rare es": (OSError(errno.ENOBUFS, "No buffer space available"),
                    "No pudo arrancar ningún servidor web en 192.168.1.23 (el sistema lo rechazó (error ENOBUFS))"),
        "library es": (RuntimeError("aiohttp: the loop is closed"), "no pudo arrancar. Vuelva a iniciar la sala"),
    }  # fmt: skip
    for kind, (error, expected) in cases.items():

        def fail(self, host, port=None, error=error):
            raise error

        monkeypatch.setattr(bridge.RoomSession, "start", fail)
        lang = "es" if kind.endswith("es") else "en"
        i18n.set_language(lang)
        try:
            assert not window.room.start("192.168.1.23")
        finally:
            i18n.set_language("en")
        assert window.room.session is None
        (title, told), = window.errors
        window.errors.clear()
        english = (str(error), "Errno", "Address already", "server did not start", "unreachable", "Permission",
                   "buffer", "Name or service", "aiohttp")
        assert not [w for w in english if w in told], (kind, told)
        assert expected in told, (kind, told)
        assert title == ("La sala no pudo empezar" if lang == "es" else "The room could not start")


def test_the_join_panel_narrows_to_a_corner_once_a_phone_joins_or_a_stage_shows(qtbot, window):
    """With one screen the join panel kept a quarter of the width, phones in or not, until Ctrl+J: the map stayed
    small all session. Before anyone joins it invites the room; once a phone has joined, and at a stage's step, it
    is a corner with the QR code and the room code for latecomers; Ctrl+J makes it large again, then hides it."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    open_room(window)
    presentation = window.workshop.start_presentation()
    try:
        presentation.showNormal()
        presentation.resize(1280, 800)
        QApplication.processEvents()
        panel = presentation.side_panel
        assert isinstance(panel, JoinPanel) and not panel.compact and panel.width() >= 240
        assert "Ctrl+J" in panel.toolTip() and "corner" in panel.toolTip()
        large = panel.width()
        phone_in(qtbot, window)
        qtbot.waitUntil(lambda: panel.compact)
        QApplication.processEvents()
        assert panel.width() < large * 0.7 and panel.qr.isVisible() and panel.code.isVisible()
        assert not panel.heading.isVisible() and not panel.address.isVisible()
        assert panel.qr.width() >= 120, "it still scans from the front rows"
        view = presentation.editor.view
        assert view.mapTo(presentation, view.rect().topLeft()).x() + view.width() <= panel.geometry().left()
        presentation.activateWindow()
        qtbot.waitUntil(presentation.isActiveWindow)
        QTest.keyClick(view, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)  # a latecomer at the door
        assert presentation.side_panel is panel and not panel.compact and panel.address.isVisible()
        presentation.model.next()  # the next step: the room reads the map again
        assert panel.compact
        QTest.keyClick(view, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClick(view, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
        assert presentation.side_panel is None
    finally:
        window.workshop.stop_presentation()
