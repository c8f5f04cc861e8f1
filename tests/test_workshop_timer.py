"""The exercise timer: countdown, pause, resume, a minute more and one clear end, on a fake clock."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from workshop_helpers import FakeClock

from cxdesigner import i18n
from cxdesigner.workshop.timer import ExerciseTimer, TimerOverlay, clock_text


@pytest.fixture
def clock():
    return FakeClock()


def test_countdown_pauses_resumes_takes_a_minute_more_and_ends_once(qtbot, clock):
    timer = ExerciseTimer(clock)
    ended = []
    timer.finished.connect(lambda: ended.append(clock.now))
    timer.start(5 * 60)
    assert (timer.state, timer.text()) == ("running", "5:00")
    clock.now += 61
    timer.tick()
    assert timer.text() == "3:59"
    timer.pause()
    clock.now += 600  # a long discussion while paused costs nothing
    timer.tick()
    assert (timer.state, timer.text()) == ("paused", "3:59")
    timer.add(60)
    assert timer.text() == "4:59"
    timer.resume()
    clock.now += 298.5
    timer.tick()
    assert (timer.state, timer.text(), ended) == ("running", "0:01", [])
    clock.now += 0.5
    timer.tick()
    timer.tick()
    assert (timer.state, timer.text()) == ("finished", "0:00")
    assert ended == [clock.now], "the end is signalled once"
    timer.add(60)  # one more minute after the bell
    assert (timer.state, timer.text()) == ("running", "1:00")
    timer.stop()
    assert (timer.state, timer.remaining()) == ("idle", 0.0)


def test_clock_text_rounds_up_and_shows_hours():
    assert [clock_text(s) for s in (0, 0.2, 59.01, 60, 3599.5, 3600, 3661)] == [
        "0:00", "0:01", "1:00", "1:00", "1:00:00", "1:00:00", "1:01:01",
    ]


def test_the_overlay_shows_the_countdown_and_its_buttons_drive_it(qtbot, clock):
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(900, 600)
    host.show()
    timer = ExerciseTimer(clock)
    overlay = TimerOverlay(timer, host)
    assert not overlay.isVisible()
    timer.start(3 * 60)
    assert overlay.isVisible() and overlay.geometry().right() < host.width()
    assert overlay.pause_button.text() == "Pause"
    overlay.pause_button.click()
    assert timer.state == "paused" and overlay.pause_button.text() == "Resume"
    overlay.add_button.click()
    assert timer.text() == "4:00"
    overlay.pause_button.click()
    clock.now += 240
    timer.tick()
    assert timer.state == "finished" and overlay.isVisible() and not overlay.pause_button.isVisible()
    overlay.grab()  # "Time's up" on red paints without a warning
    overlay.close_button.click()
    assert timer.state == "idle" and not overlay.isVisible()


def test_the_workshop_menu_starts_a_preset_and_a_custom_timer(qtbot):
    from workshop_helpers import close_window, open_window

    w = open_window(qtbot, cards=1)
    ws = w.workshop
    clock = FakeClock()
    ws.timer._clock = clock
    presets = [a.text() for a, _m in ws.timer_actions]
    assert presets == ["3 minutes", "5 minutes", "10 minutes", "15 minutes"]
    ws.timer_actions[2][0].trigger()
    assert ws.timer.text() == "10:00" and ws.act_timer_pause.isEnabled()
    ws.ask_minutes = lambda: 7
    ws.act_timer_custom.trigger()
    assert ws.timer.text() == "7:00"
    overlays = [p for p in ws._editor_parts if isinstance(p, TimerOverlay)]
    assert overlays and overlays[0].isVisible()
    close_window(w)


def test_the_timer_shows_on_the_projector_too_and_turns_red_at_the_end(qtbot):
    from workshop_helpers import close_window, open_window

    w = open_window(qtbot, cards=1)
    ws = w.workshop
    clock = FakeClock()
    ws.timer._clock = clock
    win = ws.start_presentation()
    win.showNormal()
    win.resize(1920, 1080)  # a Full HD projector (a smaller one's timer shrinks towards the laptop's)
    laptop = next(p for p in ws._editor_parts if isinstance(p, TimerOverlay))
    room = win.timer_overlay
    assert not room.isVisible() and not laptop.isVisible()
    ws.timer_actions[0][0].trigger()  # 3 minutes
    assert room.isVisible() and laptop.isVisible() and ws.timer.text() == "3:00"
    assert room.height() > laptop.height(), "larger for the room"
    assert room._digits.pointSizeF() > laptop._digits.pointSizeF()
    view = win.editor.view
    # In the bar under the map, at its right: over no card, whatever the step shows.
    assert room.parentWidget() is win.footer
    at = room.mapTo(win, room.rect().topLeft())
    assert at.y() >= view.mapTo(win, view.rect().bottomLeft()).y() and at.x() > win.width() // 2
    ws.act_timer_pause.trigger()
    assert ws.timer.state == "paused" and room.pause_button.text() == "Resume"
    ws.act_timer_add.trigger()
    assert ws.timer.text() == "4:00"
    ws.act_timer_pause.trigger()
    beeps = []
    room._time_up = lambda: beeps.append(1)  # the signal reaches the overlay; the real one beeps
    clock.now += 240
    ws.timer.tick()
    assert ws.timer.state == "finished" and room.isVisible()
    room.grab()  # red, "Time's up"
    ws.act_timer_stop.trigger()
    assert not room.isVisible() and not laptop.isVisible()
    close_window(w)


def test_the_timer_button_says_it_opens_a_menu_in_both_languages(qtbot):
    from PySide6.QtWidgets import QToolButton
    from workshop_helpers import close_window, open_window

    w = open_window(qtbot, cards=1)
    try:
        button = w.workshop._timer_button
        # The style's indicator sat under the last letter; the arrow is in the text, apart from the word.
        assert button.text() == "Timer \N{BLACK DOWN-POINTING SMALL TRIANGLE}"
        assert button.accessibleName() == "Timer"
        assert button.popupMode() == QToolButton.ToolButtonPopupMode.InstantPopup
        assert button.menu() is w.workshop.timer_menu
        w.choose_language("es")  # View ▸ Interface language
        assert button.text() == "Temporizador \N{BLACK DOWN-POINTING SMALL TRIANGLE}"
        assert button.accessibleName() == "Temporizador"
    finally:
        w.choose_language("en")
        close_window(w)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_custom_timer_dialog_is_wide_enough_for_its_title_bar(qtbot, lang):
    """A window manager draws the title with the app's name after it: a narrow dialog had "Timer …signer"."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QFontMetrics, QGuiApplication
    from PySide6.QtWidgets import QApplication, QInputDialog
    from workshop_helpers import close_window, open_window

    from cxdesigner import i18n

    w = open_window(qtbot, cards=1)
    seen = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, answer)
            return
        seen.append((dialog.windowTitle(), dialog.width(), dialog.findChild(QInputDialog) or dialog))
        dialog.reject()

    try:
        i18n.set_language(lang)
        w.set_language(lang)
        QTimer.singleShot(0, answer)
        assert w.workshop.ask_minutes() is None
        ((title, width, _dialog),) = seen
        assert title == i18n._("Timer")
        shown = f"{title} — {QGuiApplication.applicationDisplayName() or 'CX Designer'}"
        # The title bar's buttons and icon take some 120 pixels beside the title.
        assert width >= QFontMetrics(w.font()).horizontalAdvance(shown) + 120, (shown, width)
        assert width <= 520, "sensible, not a banner"
    finally:
        i18n.set_language("en")
        w.set_language("en")
        close_window(w)


def test_the_presentation_starts_pauses_and_stops_the_timer_with_t(qtbot):
    """One screen: T starts the last timer (5 minutes before any) or pauses and resumes it, Shift+T puts it away,
    without leaving the room's view for the Timer menu; with a cell chosen, T types a card as before."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from workshop_helpers import close_window, open_window

    w = open_window(qtbot, cards=1)
    ws = w.workshop
    clock = FakeClock()
    ws.timer._clock = clock
    win = ws.start_presentation()
    view = win.editor.view
    QTest.keyClick(view, Qt.Key.Key_T)
    assert ws.timer.state == "running" and ws.timer.text() == "5:00" and win.timer_overlay.isVisible()
    clock.now += 30
    QTest.keyClick(view, Qt.Key.Key_T)
    assert ws.timer.state == "paused" and ws.timer.text() == "4:30"
    QTest.keyClick(view, Qt.Key.Key_T)
    assert ws.timer.state == "running"
    QTest.keyClick(view, Qt.Key.Key_T, Qt.KeyboardModifier.ShiftModifier)
    assert ws.timer.state == "idle" and not win.timer_overlay.isVisible()
    ws.timer_actions[0][0].trigger()  # 3 minutes from the menu: T starts that one again
    clock.now += 180
    ws.timer.tick()
    ws.timer.add(60)  # a minute more after the end is not the timer to start again
    QTest.keyClick(view, Qt.Key.Key_T, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(view, Qt.Key.Key_T)
    assert ws.timer.state == "running" and ws.timer.text() == "3:00"
    QTest.keyClick(view, Qt.Key.Key_T, Qt.KeyboardModifier.ShiftModifier)
    scene = win.editor.scene
    scene.set_current_cell(next(iter(scene.layout.card_cell.values())))
    QTest.keyClick(view, Qt.Key.Key_T)  # a cell chosen: the letter starts a card there
    assert ws.timer.state == "idle"
    close_window(w)


def test_ctrl_shift_t_starts_pauses_and_resumes_the_timer_at_a_stage_step_where_letters_type(qtbot):
    """At a stage's step the map takes letters for the room's ideas, T too: the menu's Ctrl+Shift+T works there,
    pausing or resuming the countdown on screen and, with none, starting the last one again."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from workshop_helpers import close_window, open_window

    w = open_window(qtbot, cards=1)
    ws = w.workshop
    clock = FakeClock()
    ws.timer._clock = clock
    win = ws.start_presentation()
    with qtbot.waitExposed(win):
        win.show()
    win.activateWindow()
    win.model.next()  # the first stage: typing captures into it
    assert win.editor.scene.current_cell is not None
    view = win.editor.view
    view.setFocus()
    assert ws.act_timer_pause.isEnabled(), "nothing on screen: the key starts a timer"
    QTest.keyClick(view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert ws.timer.state == "running" and ws.timer.text() == "5:00"
    clock.now += 20
    QTest.keyClick(view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert ws.timer.state == "paused" and ws.timer.text() == "4:40"
    QTest.keyClick(view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert ws.timer.state == "running"
    ws.timer.stop()
    ws.timer_actions[0][0].trigger()  # 3 minutes; at its end the key starts it again
    clock.now += 180
    ws.timer.tick()
    assert ws.timer.state == "finished"
    ws.act_timer_pause.trigger()
    assert ws.timer.state == "running" and ws.timer.text() == "3:00"
    close_window(w)


@pytest.mark.parametrize(("lang", "hint"), [("en", "T: the timer"), ("es", "T: el temporizador")])
def test_the_presentation_says_where_t_is_the_timer_and_the_pause_button_names_the_key_for_every_step(qtbot, lang,
                                                                                                   hint):
    """T is the timer's key only at the whole journey's step (at a stage's step letters are the room's ideas), and
    nothing on screen said so: the facilitator pressed T at a stage and typed a card. The caption says it where T
    works, and says nothing of it where T types; the countdown's Pause button names Ctrl+Shift+T, for every step."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from workshop_helpers import close_window, open_window

    w = open_window(qtbot, cards=1)
    ws = w.workshop
    ws.timer._clock = FakeClock()
    i18n.set_language(lang)
    try:
        w.set_language(lang)
        win = ws.start_presentation()
        caption = win.caption
        assert caption.toolTip().endswith(hint) or hint in caption.toolTip()
        QTest.keyClick(win.editor.view, Qt.Key.Key_T)  # where the caption says it is
        assert ws.timer.state == "running"
        pause = win.timer_overlay.pause_button.toolTip()
        assert "Ctrl+Shift+T" in pause or "Ctrl+Mayús+T" in pause, pause
        win.model.next()
        assert hint not in caption.toolTip(), "at a stage's step T is typed into the stage"
        win.model.home()
        assert hint in caption.toolTip()
        # While voting letters pick the voters, T too ("Tomás"): the caption does not offer it for the timer.
        from cxdesigner.document.voting import AddParticipantsCommand, StartVoteSessionCommand

        w.doc.execute(AddParticipantsCommand(["Tomás"]))
        who = w.doc.project.participants()[-1].id
        w.doc.execute(StartVoteSessionCommand(w.journey_id, "Dots", [who], dots=3, max_per_card=2, hidden=False))
        ws.voting.select_session(ws.voting.sessions()[-1].id)
        assert ws.voting.start_voting()
        assert hint not in caption.toolTip()
        QTest.keyClick(win.editor.view, Qt.Key.Key_T)
        assert ws.timer.state == "running" and ws.voting.participant_id == who
        ws.voting.stop_voting()
        assert hint in caption.toolTip()
    finally:
        i18n.set_language("en")
        w.set_language("en")
        close_window(w)


def test_t_is_the_timer_again_back_at_the_whole_journey_after_a_stage(qtbot):
    """Home from a stage's step kept the stage's cell chosen: at the whole journey, whose caption says «T: the
    timer», T typed a card into the stage left behind (seen on the sample at 1920 × 1080)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from workshop_helpers import close_window, open_window

    w = open_window(qtbot, cards=1)
    ws = w.workshop
    ws.timer._clock = FakeClock()
    win = ws.start_presentation()
    view, scene = win.editor.view, win.editor.scene
    lanes = w.doc.project.lanes(w.journey_id)
    win.model.next()
    scene.set_current_cell((scene.current_cell[0], lanes[1].id))  # the facilitator typed into another lane
    win.model.next()
    assert scene.current_cell is not None
    win.model.home()
    QTest.keyClick(view, Qt.Key.Key_T)
    assert ws.timer.state == "running", "T typed a card"
    assert scene.focusItem() is None
    win.model.next()  # a stage again: typing captures there, in the lane it was in
    assert scene.current_cell == (win.model.stage_id(), lanes[1].id)
    close_window(w)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_editors_timer_sits_in_a_band_over_no_part_of_the_map(qtbot, lang):
    """Over the map's top right corner the editor's timer covered the end of the persona line, the phase band and
    a stage's header (and whatever scrolled under it): it takes a band at the top of the map's view, its digits and
    buttons in one row, whole in both languages, and gives the band back when it is put away."""
    from PySide6.QtWidgets import QApplication
    from workshop_helpers import close_window, open_window

    i18n.set_language(lang)
    try:
        w = open_window(qtbot, cards=0, template="hotel")
        try:
            ws = w.workshop
            clock = FakeClock()
            ws.timer._clock = clock
            view = w.editor.view
            laptop = next(p for p in ws._editor_parts if isinstance(p, TimerOverlay))
            shown = view.viewport().geometry()
            ws.timer.start(300)
            QApplication.processEvents()
            assert laptop.isVisible() and laptop.parentWidget() is view
            assert not laptop.geometry().intersects(view.viewport().geometry()), "over the map"
            assert view.viewport().height() >= shown.height() - laptop.height() - 8, "a band no taller than the plate"
            buttons = [b for b in (laptop.pause_button, laptop.add_button, laptop.close_button) if b.isVisible()]
            for b in buttons:
                assert laptop.rect().contains(b.geometry()), b.text()
                assert b.width() >= b.sizeHint().width(), b.text()
            clock.now += 301
            ws.timer.tick()  # "Time's up": its words beside the buttons, the longest the digits say
            laptop.grab()
            assert laptop.isVisible() and not laptop.geometry().intersects(view.viewport().geometry())
            ws.timer.stop()
            QApplication.processEvents()
            assert view.viewport().geometry() == shown, "the band given back"
        finally:
            close_window(w)
    finally:
        i18n.set_language("en")


def test_the_timer_waits_for_a_project_like_present_and_vote(qtbot):
    """On the start page «Timer ▾» started a countdown shown nowhere: no map band, no projector."""
    from PySide6.QtWidgets import QMessageBox

    from cxdesigner.mainwindow import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    w.show()
    qtbot.waitExposed(w)
    ws = w.workshop
    starts = [a for a, _m in ws.timer_actions] + [ws.act_timer_custom, ws.timer_menu.menuAction()]
    try:
        assert not ws.act_present.isEnabled()
        assert not ws._timer_button.isEnabled() and not any(a.isEnabled() for a in starts)
        assert not ws.act_timer_pause.isEnabled(), "Ctrl+Shift+T would start the last countdown out of sight"
        assert w.new_project(None, "en")
        assert ws._timer_button.isEnabled() and all(a.isEnabled() for a in starts)
        ws.timer_actions[0][0].trigger()
        assert ws.timer.state == "running"
        # Closed mid-countdown: it stops with its project (see the next test), and no new one starts.
        assert w.close_project()
        assert ws.timer.state == "idle"
        assert not ws._timer_button.isEnabled() and not any(a.isEnabled() for a in starts)
        assert not ws.act_timer_pause.isEnabled() and not ws.act_timer_stop.isEnabled()
    finally:
        ws.timer.stop()
        w.close()


@pytest.mark.parametrize("how", ["close", "open another", "finished"])
def test_a_timer_stops_with_its_project(qtbot, tmp_path, how):
    """Left running, a countdown counted on out of sight on the start page and rang over the next project."""
    from PySide6.QtWidgets import QMessageBox

    from cxdesigner import api
    from cxdesigner.mainwindow import MainWindow

    other = tmp_path / "other.cxd"
    api.new_project(other, template="hotel", lang="en").close()
    clock = FakeClock()
    w = MainWindow()
    qtbot.addWidget(w)
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    ws = w.workshop
    ws.timer._clock = clock
    rung = []
    ws.timer.finished.connect(lambda: rung.append(clock.now))
    w.show()
    qtbot.waitExposed(w)
    try:
        assert w.new_project(None, "en")
        ws.timer_actions[0][0].trigger()
        if how == "finished":  # «Time's up» on the map: it goes with the map too
            clock.now += 3 * 60
            ws.timer.tick()
            assert ws.timer.state == "finished"
        else:
            clock.now += 60
            ws.timer.tick()
            assert ws.timer.state == "running"
        if how == "open another":
            assert w.open_path(other)
        else:
            assert w.close_project()
        assert ws.timer.state == "idle"
        qtbot.waitUntil(lambda: "timer was stopped" in w.statusBar().currentMessage())
        clock.now += 3 * 60
        ws.timer.tick()
        assert ws.timer.state == "idle" and len(rung) == (how == "finished")
        if w.editor is not None:  # the next project's map keeps no band for it
            overlay = w.editor.view.findChild(TimerOverlay)
            assert overlay is not None and not overlay.isVisibleTo(w)
            assert w.editor.view.viewportMargins().top() == 0
        # The same length is what Ctrl+Shift+T starts next, in a project.
        assert ws.timer.last_start == 3 * 60
    finally:
        ws.timer.stop()
        w.close()


def test_a_new_language_keeps_the_timer_of_the_project_open(qtbot):
    """The views are made again for a new language, over the same project: its countdown runs on."""
    from workshop_helpers import close_window, open_window

    w = open_window(qtbot, cards=1)
    try:
        w.workshop.timer_actions[1][0].trigger()
        i18n.set_language("es")
        w.set_language("es")
        assert w.workshop.timer.state == "running"
    finally:
        i18n.set_language("en")
        w.workshop.timer.stop()
        close_window(w)


def test_a_close_cancelled_keeps_the_timer_running(qtbot):
    """Only a project that really closes takes its timer: Cancel at "Save the changes?" leaves the exercise be."""
    from PySide6.QtWidgets import QMessageBox
    from workshop_helpers import close_window, open_window

    w = open_window(qtbot, cards=1)
    try:
        w.workshop.timer_actions[0][0].trigger()
        w.ask_unsaved = lambda name: QMessageBox.StandardButton.Cancel
        assert w.doc.modified and not w.close_project()
        assert w.workshop.timer.state == "running" and w.doc is not None
    finally:
        w.workshop.timer.stop()
        close_window(w)
