"""Dot voting in the window: a session from the dialog, votes by clicks and keys within the limits,
undo, reveal and ranking, several sessions compared, results in the analysis and as CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from tipkit import tip_text
from workshop_helpers import card_point, click_card, close_window, open_window

from cxdesigner.analysis import analyze
from cxdesigner.document.voting import StartVoteSessionCommand
from cxdesigner.workshop.session_dialog import split_names
from cxdesigner.workshop.voting import VotingInteraction, initials


@pytest.fixture
def window(qtbot):
    w = open_window(qtbot, cards=4)
    yield w
    close_window(w)


def start_session(w, names="Ana, Luis; Marta", dots=3, per_card=2, **options):
    """New voting session… through the dialog (answered here) and the voting mode it starts."""
    ws = w.workshop
    made = []

    def prepared():
        dialog = type(ws).session_dialog(ws)
        dialog.quick.setText(names)
        dialog.add_typed()
        dialog.dots.setValue(dots)
        dialog.per_card.setValue(per_card)
        dialog.hidden.setChecked(options.get("hidden", True))
        dialog.anonymous.setChecked(options.get("anonymous", True))
        if "title" in options:
            dialog.title.setText(options["title"])
        if "scope" in options:
            dialog.choose_scope(*options["scope"])
        made.append(dialog)
        return dialog

    ws.session_dialog = prepared
    ws.run_dialog = lambda dialog: True
    return ws.new_session()


def dots(w, session_id):
    """Dots per participant name and card title."""
    project = w.doc.project
    return sorted(
        (project.get("participant", v.participant_id).name, project.get("touchpoint", v.touchpoint_id).title, v.dots)
        for v in project.session_votes(session_id)
    )


def test_quick_entry_names_and_initials():
    assert split_names(" Ana ,Luis;; marta\nANA, José  María ") == ["Ana", "Luis", "marta", "José María"]
    assert initials("Ana María López") == "aml" and initials("  ") == ""


def test_a_session_from_the_dialog_is_one_undo_step_with_its_new_participants(window):
    w = window
    before = w.undo_stack.count()
    sid = start_session(w)
    project = w.doc.project
    session = project.get("vote_session", sid)
    people = [project.get("participant", p) for p in session.participant_ids]
    assert [p.name for p in people] == ["Ana", "Luis", "Marta"]
    assert len({p.colour for p in people}) == 3
    assert (session.dots, session.max_per_card, session.hidden, session.state) == (3, 2, True, "open")
    assert w.undo_stack.count() == before + 1
    assert w.workshop.voting.voting and w.workshop.dock_voting.isVisible()
    w.undo_stack.undo()
    assert sid not in project.tables["vote_session"] and not project.participants()
    assert not w.workshop.voting.voting
    w.undo_stack.redo()
    # The next session starts with the saved list ticked; a newcomer joins by name.
    dialog = type(w.workshop).session_dialog(w.workshop)
    dialog.quick.setText("Luis, Sofía")  # Luis is known already
    assert dialog.add_typed() == ["Sofía"]
    names = [dialog.people.item(i).text() for i in range(dialog.people.count())]
    assert names == ["Ana", "Luis", "Marta", "Sofía"]
    dialog.people.item(1).setCheckState(Qt.CheckState.Unchecked)
    dialog.people.item(0).setText("Ana María")  # a typo corrected in the list
    cmd, second = dialog.command()
    w.doc.execute(cmd)
    voters = [project.get("participant", p).name for p in project.get("vote_session", second).participant_ids]
    assert voters == ["Ana María", "Marta", "Sofía"]


def test_votes_by_clicks_and_keys_stay_within_the_limits_and_undo(window):
    w = window
    a, b, c, d = w.card_ids
    sid = start_session(w)
    editor, voting = w.editor, w.workshop.voting
    assert isinstance(editor.scene.handler, VotingInteraction)
    assert voting.participant().name == "Ana"
    click_card(editor, a)
    click_card(editor, a)
    click_card(editor, a)  # a third dot on one card is one too many
    assert dots(w, sid) == [("Ana", "Card 0", 2)]
    assert "At most 2 dots per card" in w.statusBar().currentMessage()
    click_card(editor, b)  # her last dot: the laptop goes on to the next voter
    assert voting.participant().name == "Luis"
    QTest.keyClick(editor.view, Qt.Key.Key_1)  # number keys pick who votes
    assert voting.remaining(voting.participant_id) == 0
    click_card(editor, c)  # no dots left
    assert dots(w, sid) == [("Ana", "Card 0", 2), ("Ana", "Card 1", 1)]
    assert "Ana has no dots left" in w.statusBar().currentMessage()
    QTest.keyClick(editor.view, Qt.Key.Key_2)
    assert voting.participant().name == "Luis"
    click_card(editor, c)
    click_card(editor, a, Qt.MouseButton.RightButton)  # Luis has no dot on Card 0 to take back
    assert "only a dot placed in this turn" in w.statusBar().currentMessage(), "counts hidden: nothing told away"
    QTest.keyClick(editor.view, Qt.Key.Key_A)  # initials pick too
    assert voting.participant().name == "Ana"
    click_card(editor, a, Qt.MouseButton.RightButton)  # her earlier turn's dots are hidden now: they stay
    assert dots(w, sid) == [("Ana", "Card 0", 2), ("Ana", "Card 1", 1), ("Luis", "Card 2", 1)]
    QTest.keyClick(editor.view, Qt.Key.Key_3)
    click_card(editor, d)
    click_card(editor, d, Qt.MouseButton.RightButton)  # a dot of this turn, on the card: taken back
    assert voting.remaining(voting.participant_id) == 3
    w.undo_stack.undo()  # the dot taken back comes back
    assert dots(w, sid)[-1] == ("Marta", "Card 3", 1)
    QTest.keyClick(editor.view, Qt.Key.Key_Tab)
    assert voting.participant().name == "Ana"
    QTest.keyClick(editor.view, Qt.Key.Key_Escape)  # the mode ends, the session stays open
    assert not voting.voting and editor.scene.handler is None
    assert w.doc.project.get("vote_session", sid).state == "open"


def test_hidden_counts_show_only_the_voter_their_own_dots(window):
    w = window
    a, b, c, _d = w.card_ids
    sid = start_session(w)
    voting, editor = w.workshop.voting, w.editor
    banner = next(p for p in w.workshop._editor_parts if type(p).__name__ == "VotingBanner")
    assert banner.isVisible()
    voting.vote(a)
    voting.pick_number(2)
    voting.vote(b)
    voting.vote(b)
    marks = voting._scenes[id(editor.scene)][1]
    luis = w.doc.project.get("participant", voting.participant_id)
    assert marks.marks() == {b: [(luis.colour, 2)]}, "Ana's dot on Card 0 stays hidden from the room"
    assert w.doc.project.shown_votes(a) == 0 and w.doc.project.shown_votes(b) == 0
    assert w.workshop.panel.hidden_note.isVisible() and w.workshop.panel.result_rows() == []
    banner.grab()
    assert w.workshop.act_reveal.isEnabled()
    w.workshop.act_end_session.trigger()
    session = w.doc.project.get("vote_session", sid)
    assert (session.state, session.revealed) == ("ended", True)
    assert marks.marks() == {a: [("#3e4c59", 1)], b: [("#3e4c59", 2)]}, "revealed: counts, not who (anonymous)"
    assert w.workshop.panel.result_rows() == [("1", "Card 1", "2"), ("2", "Card 0", "1")]
    assert not voting.voting and not voting.start_voting(), "an ended session takes no more dots"
    click_card(editor, c)
    assert w.doc.project.shown_votes(c) == 0


def test_hidden_counts_leave_the_map_when_the_laptop_stops_voting(window):
    """The laptop is on the projector: once nobody votes there, a hidden session shows no one's dots."""
    w = window
    a, b, _c, _d = w.card_ids
    start_session(w)
    voting, editor = w.workshop.voting, w.editor
    voting.vote(a)
    voting.vote(b)
    marks = voting._scenes[id(editor.scene)][1]
    ana = w.doc.project.get("participant", voting.participant_id)
    assert marks.marks() == {a: [(ana.colour, 1)], b: [(ana.colour, 1)]}, "the voter sees their own dots"
    QTest.keyClick(editor.view, Qt.Key.Key_Escape)
    assert not voting.voting and marks.isVisible(), "the session stays on the map"
    assert marks.marks() == {}, "the last voter's dots stay hidden from the room"
    w.workshop.act_reveal.trigger()
    assert marks.marks() == {a: [("#3e4c59", 1)], b: [("#3e4c59", 1)]}


def test_hidden_counts_at_the_laptop_show_only_the_dots_placed_there_in_this_turn(window):
    """The laptop is on the projector: a voter's earlier dots (their phone's, an earlier turn's) stay theirs."""
    from cxdesigner.document.voting import CastVoteCommand

    w = window
    a, b, c, _d = w.card_ids
    sid = start_session(w, dots=5)
    voting, editor = w.workshop.voting, w.editor
    marks = voting._scenes[id(editor.scene)][1]
    ana = w.doc.project.get("participant", voting.participant_id)
    w.doc.execute(CastVoteCommand(sid, ana.id, a, 1))  # Ana's phone, before her turn at the laptop
    assert voting.voting and marks.marks() == {}, "her phone's choice is not shown to the room"
    voting.vote(b)
    voting.vote(a)
    assert marks.marks() == {a: [(ana.colour, 1)], b: [(ana.colour, 1)]}, "what she places now, and only that"
    w.undo_stack.undo()
    assert marks.marks() == {b: [(ana.colour, 1)]}
    voting.pick_number(2)
    voting.pick_number(1)
    assert marks.marks() == {}, "a new turn starts with nothing shown"
    voting.vote(c)
    assert marks.marks() == {c: [(ana.colour, 1)]}
    assert voting.remaining(ana.id) == 2, "her dots left still count every dot she placed"


def test_hidden_counts_at_the_laptop_take_back_only_a_dot_the_voter_can_see(window, qtbot):
    """A right-click never takes back a dot the room cannot see (the phone's, an earlier turn's), and says why."""
    from cxdesigner.document.voting import CastVoteCommand

    w = window
    a, b, _c, _d = w.card_ids
    sid = start_session(w, dots=5)
    voting, editor = w.workshop.voting, w.editor
    ana = w.doc.project.get("participant", voting.participant_id)
    w.doc.execute(CastVoteCommand(sid, ana.id, a, 1))  # Ana's phone, before her turn at the laptop
    told: list[str] = []
    voting.message.connect(told.append)
    click_card(editor, a, Qt.MouseButton.RightButton)
    assert dots(w, sid) == [("Ana", "Card 0", 1)], "her phone's dot stays: nobody saw it to take it back"
    assert told and "hidden" in told[-1] and "this turn" in told[-1]
    voting.vote(b)
    click_card(editor, b, Qt.MouseButton.RightButton)
    assert dots(w, sid) == [("Ana", "Card 0", 1)], "the dot she placed in this turn, on screen, goes"
    click_card(editor, b, Qt.MouseButton.RightButton)
    assert "this turn" in told[-1], "no dot left to see: the same words, whatever her phone did"


def test_reveal_ranks_with_ties_and_feeds_analysis_and_csv(window, tmp_path):
    w = window
    a, b, c, d = w.card_ids
    for source, target in ((a, b), (b, c), (c, d)):
        w.doc.connect(source, target)
    sid = start_session(w, dots=4, per_card=3, anonymous=False)
    v = w.workshop.voting
    for who, cards in ((1, [a, a, b]), (2, [c, a, b]), (3, [b])):
        v.pick_number(who)
        for card in cards:
            assert v.vote(card)
    w.workshop.act_reveal.trigger()  # revealed while still open
    assert w.doc.project.get("vote_session", sid).state == "open"
    assert w.workshop.panel.result_rows() == [("1", "Card 0", "3"), ("1", "Card 1", "3"), ("3", "Card 2", "1")]
    result = analyze(w.doc.project, w.journey_id)
    assert [c["votes"] for c in result["cards"]] == [3, 3, 1, 0]
    voted = [f for f in result["insights"] if f["kind"] == "voted"]
    assert voted and voted[0]["card_ids"] == [a, b]
    critical = {c["card"]: c for c in result["critical"]["items"]}
    # No emotion, no gap: the room's dots alone make these cards a priority, in their proportion.
    assert critical[a]["votes"] == 1.0 and critical[c]["votes"] == pytest.approx(1 / 3) and d not in critical
    assert critical[a]["priority"] == pytest.approx(100 * (1 + critical[a]["centrality"]) / 2 / 3)
    w.workshop.ask_results_path = lambda suggested: tmp_path / "results.csv"
    assert w.workshop.export_results(sid) == tmp_path / "results.csv"
    text = (tmp_path / "results.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Rank", "Touchpoint", "Stage", "Lane", "Dots", "Ana", "Luis", "Marta"]
    assert [r[:2] + r[4:] for r in rows[1:]] == [
        ["1", "Card 0", "3", "2", "1", "0"], ["1", "Card 1", "3", "1", "1", "1"], ["3", "Card 2", "1", "0", "1", "0"],
    ]


def test_a_session_on_one_stage_takes_dots_only_there(window):
    w = window
    a, b, _c, _d = w.card_ids
    stage = w.doc.project.get("touchpoint", b).stage_id
    sid = start_session(w, scope=("stage", (stage,)))
    assert w.doc.project.get("vote_session", sid).scope_ids == (stage,)
    click_card(w.editor, a)
    assert "not part of the voting session" in w.statusBar().currentMessage()
    click_card(w.editor, b)
    assert dots(w, sid) == [("Ana", "Card 1", 1)]
    w.editor.view.grab()  # the cards outside the stage are veiled while voting


def test_several_sessions_per_journey_are_kept_and_compared(window):
    w = window
    a, b, c, _d = w.card_ids
    first = start_session(w, names="Ana, Luis")
    v = w.workshop.voting
    v.vote(a)
    v.vote(b)
    v.end_session(True)
    second = start_session(w, names="")
    assert w.doc.project.get("vote_session", second).participant_ids == w.doc.project.get(
        "vote_session", first).participant_ids
    v.vote(b)
    v.vote(c)
    v.end_session(True)
    panel = w.workshop.panel
    assert [panel.sessions.itemText(i) for i in range(panel.sessions.count())] == [
        "Dot vote 1 (ended)", "Dot vote 2 (ended)",
    ]
    table = panel.compare
    heads = [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())]
    assert heads == ["Card", "Dot vote 1", "Dot vote 2", "Total"]
    rows = [[table.item(r, k).text() for k in range(table.columnCount())] for r in range(table.rowCount())]
    assert rows == [["Card 1", "1", "1", "2"], ["Card 0", "1", "", "1"], ["Card 2", "", "1", "1"]]
    panel.sessions.setCurrentIndex(0)  # the facilitator looks back at the first one
    assert v.session_id == first and panel.result_rows() == [("1", "Card 0", "1"), ("1", "Card 1", "1")]
    panel.delete_button.click()
    assert first not in w.doc.project.tables["vote_session"]
    w.undo_stack.undo()
    assert len(w.doc.project.session_votes(first)) == 2


def test_voting_on_the_projector_places_the_same_dots(window):
    w = window
    a, *_rest = w.card_ids
    sid = start_session(w)
    win = w.workshop.start_presentation()
    win.resize(1280, 800)
    assert isinstance(win.editor.scene.handler, VotingInteraction)
    assert win.banner.isVisible()
    view = win.editor.view
    assert win.banner.geometry().top() > view.viewport().geometry().bottom(), "a band of its own: no card under it"
    w.workshop.timer.start(60)
    timer = win.timer_overlay
    # In the bar under the map, below the banner's band.
    assert timer.mapTo(win, timer.rect().topLeft()).y() > win.banner.mapTo(win, win.banner.rect().bottomLeft()).y()
    w.workshop.timer.stop()
    click_card(win.editor, a)
    assert dots(w, sid) == [("Ana", "Card 0", 1)]
    QTest.keyClick(win.editor.view, Qt.Key.Key_Escape)  # first Esc stops voting, the second leaves
    assert not w.workshop.voting.voting and w.workshop.presentation is win
    QTest.keyClick(win.editor.view, Qt.Key.Key_Escape)
    assert w.workshop.presentation is None


def test_a_format_1_projects_votes_show_as_an_ended_session(qtbot, tmp_path):
    import shutil
    from pathlib import Path

    from workshop_helpers import MainWindow

    fixture = Path(__file__).parent / "fixtures" / "format-1.cxd"
    path = tmp_path / "old.cxd"
    shutil.copyfile(fixture, path)
    w = MainWindow()
    qtbot.addWidget(w)
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    notes = []
    w.show_error = lambda title, message: notes.append(message)
    assert w.open_path(path)
    assert notes, "the migration is told, not done silently"
    panel = w.workshop.panel
    sessions = w.workshop.voting.sessions()
    assert [s.title for s in sessions] == ["Votos anteriores a las votaciones"], "named in the project's language (es)"
    panel.sessions.setCurrentIndex(0)
    rows = panel.result_rows()
    numbers = {w.doc.project.get("touchpoint", v.touchpoint_id).title: v.dots
               for v in w.doc.project.session_votes(sessions[0].id)}
    assert rows and {title: int(n) for _r, title, n in rows} == numbers
    assert not w.workshop.act_vote.isEnabled(), "the old numbers are an ended session"
    close_window(w)


def test_the_dialog_refuses_a_session_nobody_votes_in(window):
    w = window
    dialog = type(w.workshop).session_dialog(w.workshop)
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    assert "Tick at least one participant" in dialog.problem.text()
    project = w.doc.project
    cmd = StartVoteSessionCommand(w.journey_id, "x", [])
    w.doc.execute(cmd)  # the API may make one; the window's panel shows it with nobody to vote
    w.workshop.voting.select_session(cmd.session_id)
    assert not w.workshop.voting.start_voting()
    assert project.get("vote_session", cmd.session_id).state == "open"


def test_the_report_has_a_page_of_the_sessions_the_room_has_seen(window):
    from cxdesigner.exchange.report import report_html

    w = window
    a, b, _c, _d = w.card_ids
    shown = start_session(w, names="Ana, Luis", anonymous=False)
    v = w.workshop.voting
    v.vote(a)
    v.pick_number(2)
    v.vote(a)
    v.vote(b)
    v.end_session(True)
    hidden = start_session(w, names="")
    v.vote(b)
    html = report_html(w.doc.project, w.journey_id, "en", analyze(w.doc.project, w.journey_id))
    page = html[html.index("Voting sessions"):]
    assert "Dot vote 1" in page and "Dot vote 2" not in page, "a session still hidden stays out"
    rows = page[page.index("<table"):page.index("<h1>", 1) if "<h1>" in page[1:] else None]
    assert rows.index("Card 0") < rows.index("Card 1") and "Ana 1, Luis 1" in rows
    assert "2 participants voted" in page and "ended" in page
    es = report_html(w.doc.project, w.journey_id, "es", analyze(w.doc.project, w.journey_id, lang="es"))
    assert "Votaciones" in es and "Votaron 2 participantes" in es
    del shown, hidden


def test_a_templates_earlier_votes_are_not_a_participant_of_new_sessions(qtbot):
    """The hotel template's votes belong to 'Workshop participants': not someone who votes again."""
    from cxdesigner.model.voting import EARLIER_PARTICIPANT

    w = open_window(qtbot, cards=0, template="hotel")
    try:
        assert EARLIER_PARTICIPANT in w.doc.project.tables["participant"], "the well-known id survives new ids"
        sid = start_session(w, names="Ana, Luis")
        session = w.doc.project.get("vote_session", sid)
        names = sorted(w.doc.project.get("participant", p).name for p in session.participant_ids)
        assert names == ["Ana", "Luis"]
    finally:
        close_window(w)


def test_the_voting_panel_is_made_when_its_dock_first_opens(window, qtbot):
    """No session runs when a project opens, so the panel waits for its dock: a session started
    later (or the dock opened from the View menu) shows the panel a window made with the project shows."""
    from cxdesigner.workshop.voting_panel import VotingPanel

    w = window
    dock = w.workshop.dock_voting
    # A project opened in the shown window (the first show may lay the docks out with this one open).
    assert w.new_project(None, "en")
    assert dock.isHidden() and not isinstance(dock.widget(), VotingPanel)
    doc, jid = w.doc, w.doc.journeys()[0].id
    stages, lanes = doc.project.stages(jid), doc.project.lanes(jid)
    a, b = (doc.add_touchpoint(jid, stages[i].id, lanes[0].id, f"Card {i}") for i in range(2))
    assert start_session(w, hidden=False)
    panel = dock.widget()
    assert isinstance(panel, VotingPanel) and w.workshop.panel is panel and not dock.isHidden()
    w.workshop.voting.vote(a)
    w.workshop.voting.vote(b)
    w.workshop.voting.vote(b)
    fresh = VotingPanel(w.workshop.voting)
    qtbot.addWidget(fresh)
    fresh.show()
    assert panel.result_rows() == fresh.result_rows() == [("1", "Card 1", "2"), ("2", "Card 0", "1")]
    # Another project: the dock closed, the panel waits again; the View menu's entry makes it.
    dock.hide()
    assert w.new_project(None, "en")
    assert not isinstance(dock.widget(), VotingPanel)
    dock.toggleViewAction().trigger()
    assert isinstance(dock.widget(), VotingPanel) and w.workshop.panel is dock.widget()
    # Without a project there is no panel to make.
    w.close_project()
    assert w.workshop.panel is None


def test_a_dock_chosen_in_the_view_menu_comes_in_front_of_its_tabs(window, qtbot):
    """Dot voting opens as a tab beside the Inspector: chosen in the View menu, it is the tab in front."""
    w = window
    dock = w.workshop.dock_voting
    assert w.new_project(None, "en")
    assert dock.isHidden() and not w.dock_inspector.isHidden()
    dock.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: dock in w.docks.on_screen())
    assert w.dock_inspector in w.tabifiedDockWidgets(dock) and w.dock_inspector not in w.docks.on_screen()
    # And back: the Inspector, closed and chosen again, is in front once more.
    w.dock_inspector.toggleViewAction().trigger()
    w.dock_inspector.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: w.dock_inspector in w.docks.on_screen())
    assert dock not in w.docks.on_screen()


def test_a_long_session_name_ends_in_an_ellipsis_and_is_whole_in_its_tooltip(qtbot):
    """The Spanish «Votación con puntos del taller inicial (terminada)» was cut mid-letter at 1280."""
    from cxdesigner.workshop.voting_panel import ElidedComboBox

    box = ElidedComboBox()
    qtbot.addWidget(box)
    name = "Votación con puntos del taller inicial (terminada)"
    box.addItem(name)
    box.addItem("Corta")
    box.resize(200, box.sizeHint().height())
    box.show()
    qtbot.waitExposed(box)
    shown = box.shown_text()
    assert shown.endswith("…") and name.startswith(shown[:-1]) and len(shown) > 5
    assert tip_text(box.toolTip()) == name
    box.grab()  # paints through the elided text without a warning
    box.setCurrentIndex(1)
    assert box.shown_text() == "Corta" == tip_text(box.toolTip())
    # A long name does not widen the dock it sits in.
    assert box.minimumSizeHint().width() < box.fontMetrics().horizontalAdvance(name)


@pytest.mark.parametrize(("lang", "status"), [("en", "Ana votes · 3 dots left"), ("es", "Vota Ana · quedan 3 puntos")])
def test_the_banner_keeps_whose_turn_and_their_dots_left_whole_beside_a_long_title(window, lang, status):
    """At the end of one line with the session's title, the dots left were the part cut off first."""
    from cxdesigner import i18n
    from cxdesigner.document.commands import UpdateCommand

    w = window
    sid = start_session(w)
    w.doc.execute(UpdateCommand("vote_session", sid, title="Which moments of the stay should we fix first? " * 4))
    banner = next(p for p in w.workshop._editor_parts if type(p).__name__ == "VotingBanner")
    banner.place()
    i18n.set_language(lang)
    try:
        title, shown = banner.head()
    finally:
        i18n.set_language("en")
    assert shown == status
    assert title.startswith("Which moments") and title.endswith("…"), "the title gives way, not the dots left"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_voting_docks_participants_read_whole_at_1280(qtbot, lang):
    """At 1280 wide the Key and «Puntos restantes» columns left the names a sliver: «Participante» was cut."""
    from workshop_helpers import MainWindow

    from cxdesigner import i18n

    i18n.set_language(lang)
    w = MainWindow(ui_lang=lang)
    try:
        qtbot.addWidget(w)
        w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
        assert w.new_project(None, lang)
        w.resize(1280, 800)
        w.show()
        qtbot.waitExposed(w)
        jid = w.doc.journeys()[0].id
        w.doc.add_touchpoint(jid, w.doc.project.stages(jid)[0].id, w.doc.project.lanes(jid)[0].id, "Card")
        assert start_session(w, names="Ana, Luis; María José Fernández")
        table = w.workshop.panel.people
        qtbot.waitUntil(lambda: table.rowCount() == 3 and table.viewport().width() > 100)
        header = table.horizontalHeader()
        heading = table.horizontalHeaderItem(1).text()
        widths = [table.columnWidth(i) for i in range(3)]
        assert widths[1] >= header.sectionSizeHint(1), f"{heading} is cut: {widths}"
        names = table.fontMetrics()
        for row in range(3):
            item = table.item(row, 1)
            assert tip_text(item.toolTip()) == item.text(), "a name too long for the dock is whole in its tooltip"
        assert widths[1] >= names.horizontalAdvance("María José") + 16 + 12, "a name reads, beside its colour"
    finally:
        i18n.set_language("en")
        close_window(w)


def double_click(editor, card_id, button):
    """A double click as the window system gives it (press, release, double click, release): QTest's on the
    widget itself sends the double click alone, which no mouse does."""
    viewport = editor.view.viewport()
    QApplication.processEvents()  # what is pending (a layout, a resize) moves the view before the click, not during
    window = viewport.window()
    point = viewport.mapTo(window, card_point(editor, card_id))
    # The press goes to whatever is at the point, through the window: say what it is if it is not the map.
    under = window.childAt(point)
    assert under is viewport, (f"{card_id} at {point} is under {under!r}, not the map (popup: "
                               f"{QApplication.activePopupWidget()!r}, modal: {QApplication.activeModalWidget()!r})")
    QTest.mouseDClick(window.windowHandle(), button, Qt.KeyboardModifier.NoModifier, point)


@pytest.mark.parametrize("where", ["editor", "projector"])
def test_a_double_click_is_one_dot_and_a_right_double_click_takes_back_one(window, where):
    # A double click is one intent: the quick second press must not be a second dot (nor a second take-back).
    w = window
    a, b, *_rest = w.card_ids
    sid = start_session(w, dots=4, per_card=2)  # a dot to spare: her last would hand the laptop to Luis
    editor = w.editor
    if where == "projector":
        editor = w.workshop.start_presentation().editor
    double_click(editor, a, Qt.MouseButton.LeftButton)
    assert dots(w, sid) == [("Ana", "Card 0", 1)]
    click_card(editor, a)
    click_card(editor, b)
    assert dots(w, sid) == [("Ana", "Card 0", 2), ("Ana", "Card 1", 1)]
    double_click(editor, a, Qt.MouseButton.RightButton)
    assert dots(w, sid) == [("Ana", "Card 0", 1), ("Ana", "Card 1", 1)]


def test_the_keyboard_places_and_takes_back_dots_on_the_selected_cards(window):
    """Enter places a dot on the selected card, Delete or Backspace takes one back (never the card), the arrows
    select a neighbour card as on the map; each dot is an undo step as a click is."""
    w = window
    a, b, c, d = w.card_ids
    sid = start_session(w, hidden=False)
    editor, voting = w.editor, w.workshop.voting
    editor.select_items([editor.scene.card_item(a)])
    QTest.keyClick(editor.view, Qt.Key.Key_Return)
    assert dots(w, sid) == [("Ana", "Card 0", 1)]
    QTest.keyClick(editor.view, Qt.Key.Key_Right)  # a neighbour card, as on the map
    assert editor.selected_card_ids() not in ([a], [])
    moved_to = editor.selected_card_ids()[0]
    QTest.keyClick(editor.view, Qt.Key.Key_Enter)
    assert ("Ana", w.doc.project.get("touchpoint", moved_to).title, 1) in dots(w, sid)
    # Through the window, as a key comes from the keyboard: the editor's Delete (the card) must not answer.
    w.activateWindow()
    editor.view.setFocus()
    QTest.keyClick(w.windowHandle(), Qt.Key.Key_Delete)  # one dot back, the card stays
    QTest.keyClick(w.windowHandle(), Qt.Key.Key_Delete)  # none left there: nothing more happens
    assert dots(w, sid) == [("Ana", "Card 0", 1)]
    assert w.doc.project.get("touchpoint", moved_to) is not None
    editor.select_items([editor.scene.card_item(a)])
    QTest.keyClick(editor.view, Qt.Key.Key_Backspace)
    assert dots(w, sid) == []
    w.undo_stack.undo()  # as a click: the dot taken back comes back
    assert dots(w, sid) == [("Ana", "Card 0", 1)]
    assert isinstance(editor.scene.handler, VotingInteraction) and voting.voting
    assert "Enter" in w.workshop._editor_parts[1].hint()[0]


@pytest.mark.parametrize(
    ("lang", "placed", "taken"),
    [("en", "Vote for 3 cards", "Take back a vote from 3 cards"),
     ("es", "Votar 3 tarjetas", "Retirar un voto de 3 tarjetas")],
)
def test_enter_on_several_selected_cards_is_one_undo_step_that_says_what_it_was(window, lang, placed, taken):
    """Enter on three selected cards made three undo steps ("Vote", "Vote", "Vote"): Ctrl+Z took back one dot
    of three. One key press is one step, named for what it did, in the language on screen."""
    from cxdesigner import i18n

    w = window
    a, b, c, d = w.card_ids
    sid = start_session(w, dots=7, hidden=False)
    editor = w.editor
    i18n.set_language(lang)
    try:
        editor.select_items([editor.scene.card_item(t) for t in (a, b, c)])
        before = len(w.doc.stack.done)
        QTest.keyClick(editor.view, Qt.Key.Key_Return)
        assert dots(w, sid) == [("Ana", "Card 0", 1), ("Ana", "Card 1", 1), ("Ana", "Card 2", 1)]
        assert len(w.doc.stack.done) == before + 1 and w.undo_stack.undo_text() == placed
        QTest.keyClick(editor.view, Qt.Key.Key_Delete)
        assert dots(w, sid) == [] and w.undo_stack.undo_text() == taken
        w.undo_stack.undo()
        w.undo_stack.undo()  # the whole key press, not its last dot
        assert dots(w, sid) == [] and len(w.doc.stack.done) == before
        w.undo_stack.redo()
        assert len(dots(w, sid)) == 3
        # A card at its limit (2 a card) is left out and the others take their dot, still one step.
        QTest.keyClick(editor.view, Qt.Key.Key_Return)
        editor.select_items([editor.scene.card_item(t) for t in (a, b, d)])
        QTest.keyClick(editor.view, Qt.Key.Key_Return)
        assert dots(w, sid) == [("Ana", "Card 0", 2), ("Ana", "Card 1", 2), ("Ana", "Card 2", 2), ("Ana", "Card 3", 1)]
        assert w.workshop.voting.participant().name == "Luis", "her last dot: the laptop went on"
        QTest.keyClick(editor.view, Qt.Key.Key_1)
        # Too few dots left for the selection: none placed, and the status bar says why.
        editor.select_items([editor.scene.card_item(t) for t in (c, d)])
        told = []
        w.workshop.voting.message.connect(told.append)
        QTest.keyClick(editor.view, Qt.Key.Key_Return)
        assert len(dots(w, sid)) == 4 and told
    finally:
        i18n.set_language("en")


def test_the_voting_dock_lets_a_long_card_or_vote_title_be_read_whole(window):
    """The dock's narrow columns cut a long card's title ("Waiting for the…") and the Compare tab's headings a long
    vote's title, with nothing to read them by: in an anonymous session the ranked card had no tooltip at all."""
    from cxdesigner.document.commands import UpdateCommand

    w = window
    a, b, *_rest = w.card_ids
    card_title = "Waiting at the front desk while the night porter looks for the booking in three systems"
    vote_title = "Where does the arrival hurt the most, in the guests' own words, before the breakfast?"
    w.doc.execute(UpdateCommand("touchpoint", a, title=card_title))
    v = w.workshop.voting
    sid = start_session(w, names="Ana, Luis", title=vote_title, anonymous=True, hidden=False)
    v.vote(a)
    v.vote(b)
    v.end_session(True)
    panel = w.workshop.panel
    panel.resize(260, 600)
    panel.show()
    panel.result_rows()  # filled
    cell = next(panel.results.item(r, 1) for r in range(panel.results.rowCount())
                if panel.results.item(r, 1).data(Qt.ItemDataRole.UserRole) == a)
    assert card_title in tip_text(cell.toolTip())
    compare = panel.compare
    head = next(compare.horizontalHeaderItem(k) for k in range(compare.columnCount())
                if compare.horizontalHeaderItem(k).text() == vote_title)
    assert vote_title in tip_text(head.toolTip())
    row = next(compare.item(r, 0) for r in range(compare.rowCount()) if compare.item(r, 0).text() == card_title)
    assert tip_text(row.toolTip()) == card_title
    index = panel.sessions.findData(sid)
    assert vote_title in panel.sessions.itemData(index, Qt.ItemDataRole.ToolTipRole)


def test_the_compare_tab_keeps_the_counts_in_the_dock_beside_a_long_vote_title(window):
    """Each session's column was as wide as its title: a long one pushed the counts and the total out of the dock,
    behind a scroll bar (seen on the sample in Spanish at 1920 × 1080), the whole of what the tab is for."""
    w = window
    a, b, *_rest = w.card_ids
    v = w.workshop.voting
    for title in ("Dot vote", "Where does the stay hurt most for guests arriving late at night?"):
        start_session(w, names="Ana, Luis", title=title, hidden=False)
        v.vote(a)
        v.vote(b)
        v.end_session(True)
    panel = w.workshop.panel
    panel.resize(300, 600)
    panel.show()
    panel.tabs.setCurrentIndex(1)
    panel.result_rows()  # filled
    QApplication.processEvents()
    table = panel.compare
    header = table.horizontalHeader()
    last = table.columnCount() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= table.viewport().width(), \
        "the total is out of sight"
    assert all(header.sectionSize(0) > header.sectionSize(k) for k in range(1, last + 1)), "the cards keep the room"


def test_the_editors_banner_keeps_a_band_at_the_foot_and_a_card_at_the_foot_takes_a_dot(window, qtbot):
    """The banner lay over the map's last 120 px: a card there could not be clicked, the click went to the banner."""
    w = window
    w.resize(1400, 560)
    doc = w.doc
    stage, lane = doc.project.stages(w.journey_id)[0], doc.project.lanes(w.journey_id)[-1]
    a = doc.add_touchpoint(w.journey_id, stage.id, lane.id, "At the foot")
    view = w.editor.view
    banner = w.workshop._editor_parts[1]
    sid = start_session(w)
    qtbot.waitUntil(banner.isVisible)
    assert view.viewportMargins().bottom() >= banner.height()
    assert not banner.geometry().intersects(view.viewport().geometry())
    # The card's foot 6 px above the view's: on screen, where the banner used to be.
    item = w.editor.scene.card_item(a)
    rect = view.mapFromScene(item.mapRectToScene(item.card_rect())).boundingRect()
    bar = view.verticalScrollBar()
    bar.setValue(bar.value() + rect.bottom() - (view.viewport().height() - 6))
    rect = view.mapFromScene(item.mapRectToScene(item.card_rect())).boundingRect()
    assert view.viewport().height() - 12 < rect.bottom() < view.viewport().height()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(rect.center().x(), rect.bottom() - 4))
    assert dots(w, sid) == [("Ana", "At the foot", 1)]
    # The timer's band at the top and the banner's at the foot, each given back when its overlay goes.
    w.workshop.timer.start(60)
    qtbot.waitUntil(lambda: view.viewportMargins().top() > 0)
    assert view.viewportMargins().bottom() >= banner.height()
    w.workshop.voting.stop_voting()
    assert view.viewportMargins().bottom() == 0 and view.viewportMargins().top() > 0
    w.workshop.timer.stop()
    qtbot.waitUntil(lambda: view.viewportMargins().top() == 0)


TWELVE = "Ana, Luis, Marta, Pedro, Sofía, Jorge, Elena, Raúl, Nuria, Iván, Carla, Tomás"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_at_1280_by_800_the_voting_dock_shows_twelve_voters_and_then_their_ranking(qtbot, lang):
    """At 1280 × 800 the dock showed three participants above the inbox (rows half as tall again as their text,
    and an empty ranking taking half of what was left while the counts were hidden): the facilitator of twelve
    could not see who had voted. All twelve show while the counts are hidden; once revealed, the participants
    and the ranking share the room, the line between them for the facilitator to move."""
    from workshop_helpers import MainWindow

    from cxdesigner import i18n

    i18n.set_language(lang)
    w = MainWindow(ui_lang=lang)
    try:
        qtbot.addWidget(w)
        w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
        assert w.new_project("hotel", lang)
        w.resize(1280, 800)
        w.show()
        qtbot.waitExposed(w)
        assert start_session(w, names=TWELVE, dots=5, hidden=True)
        panel = w.workshop.panel
        table = panel.people
        qtbot.waitUntil(lambda: table.rowCount() == 12 and table.viewport().height() > 100)
        QApplication.processEvents()
        assert w.workshop.dock_voting in w.docks.on_screen()

        def rows_in_sight(t):
            view = t.viewport().rect()
            return sum(view.contains(t.visualRect(t.model().index(r, 1))) for r in range(t.rowCount()))

        assert rows_in_sight(table) == 12, f"{rows_in_sight(table)} of 12 voters in sight"
        assert not panel.results.isVisible() and panel.hidden_note.isVisible()
        cards = [c.id for c in w.doc.project.touchpoints(w.doc.journeys()[0].id)]
        for card in cards[:5]:
            w.workshop.voting.vote(card)
        w.workshop.voting.reveal(True)
        qtbot.waitUntil(lambda: panel.results.isVisible() and panel.results.rowCount() == 5)
        QApplication.processEvents()
        assert rows_in_sight(table) >= 6, "the participants keep room beside the ranking"
        assert rows_in_sight(panel.results) >= 4, "the ranking has room once it shows"
        assert panel.split.handle(1).isVisible(), "a line to move between them"
    finally:
        i18n.set_language("en")
        close_window(w)


TWELVE = ("Ana, Luis, Marta, José María, Lucía, Carmen, Javier, Sofía, Pablo, Elena, Diego, Valentina")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_twelve_voters_keep_to_one_row_of_chips_at_1280(window, qtbot, lang):
    """With 12 voters the banner wrapped its chips onto two rows, even at 1920 wide, and took a fifth of a
    1280 × 800 projector: the chips shrink to key and dots left, the name on the current voter's chip."""
    from cxdesigner import i18n

    w = window
    i18n.set_language(lang)
    try:
        start_session(w, names=TWELVE, dots=5)
        w.resize(1280, 800)
        banner = next(p for p in w.workshop._editor_parts if type(p).__name__ == "VotingBanner")
        qtbot.waitUntil(banner.isVisible)
        win = w.workshop.start_presentation()
        win.resize(1280, 800)
        qtbot.waitUntil(lambda: win.banner.isVisible() and win.banner.width() > 0)
        voting = w.workshop.voting
        voting.pick_number(10)
        for b in (banner, win.banner):
            b.place()
            rects = b.chip_rects(b.width())
            assert len(rects) == 12
            assert len({r.y() for r, _pid in rects}) == 1, f"one row in a banner {b.width()} wide"
            assert all(r.right() <= b.width() for r, _pid in rects)
            b.grab()
        assert win.banner.height() <= 0.13 * win.height(), "the map keeps the projector"
        # Readable from the back: the projector's chip type no smaller than the editor's.
        assert win.banner.scale >= 1
        # The current voter's chip names them whole; the others show their key.
        labels = win.banner.chip_labels(compact=True)
        assert labels[9] == "0  Elena" and labels[:3] == ["1", "2", "3"] and labels[10:] == ["D", "V"]
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize("kind", ["no folder", "full disk", "memory", "system", "es"])
def test_results_not_written_say_why_and_what_to_do(window, tmp_path, monkeypatch, caplog, kind):
    """The status bar said "The results were not written: " and Python's words ("[Errno 13] Permission denied:
    '…'"), for 8 seconds; the writer's own refusal (a folder that is gone, a full disk) is no OSError and went to
    the "unexpected error" box."""
    from cxdesigner import i18n

    w = window
    sid = start_session(w)
    target = {"no folder": tmp_path / "gone" / "r.csv", "full disk": Path("/dev/full")}.get(kind, tmp_path / "r.csv")
    w.workshop.ask_results_path = lambda suggested: target
    if kind in ("memory", "system", "es"):
        error = MemoryError() if kind == "memory" else PermissionError(13, "Permission denied", str(target))

        def fail(*args, **kwargs):
            raise error

        monkeypatch.setattr(w.workshop, "write_results", fail)
    if kind == "es":
        i18n.set_language("es")
    try:
        assert w.workshop.export_results(sid) is None
    finally:
        i18n.set_language("en")
    (title, told), = w.errors
    assert "Errno" not in told and "Permission denied" not in told and "Error" not in told, told
    expected = {
        "no folder": (f"{target.parent}: the folder does not exist; create it or choose another",),
        "full disk": ("the disk is full; free some space and try again",),
        "memory": ("There is not enough memory to write the results: close other programs",),
        "system": (f"{target} could not be written (permission denied). Choose another folder",),
        "es": (f"{target} no se pudo escribir (permiso denegado). Elija otra carpeta",),
    }[kind]
    assert all(part in told for part in expected), told
    assert title == ("No se escribieron los resultados" if kind == "es" else "The results were not written")
    traced = [r for r in caplog.records if r.exc_info and r.name == "cxdesigner.workshop.controller"]
    assert bool(traced) == (kind in ("system", "es"))


def test_after_a_voters_last_dot_the_laptop_goes_on_to_the_next_who_has_dots(window):
    """The laptop passed round the room stayed on the voter who had placed their last dot: the next one's clicks
    were refused as theirs («Ana has no dots left») and, counts hidden, the next saw where Ana's dots went. It goes
    on to the next voter with dots left and says so; an undo straight after gives Ana her turn back; the last
    voter's last dot says everyone has voted."""
    w = window
    a, b, c, d = w.card_ids
    start_session(w, dots=2, per_card=2)
    voting, editor = w.workshop.voting, w.editor
    marks = voting._scenes[id(editor.scene)][1]
    ana = voting.participant()
    click_card(editor, a)
    assert voting.participant() is ana, "a dot left: still her turn"
    click_card(editor, b)
    assert voting.participant().name == "Luis"
    assert "Ana has placed their last dot: Luis votes now (2 voters left)" in w.statusBar().currentMessage()
    assert marks.marks() == {}, "counts hidden: Luis does not see where Ana's dots went"
    w.undo_stack.undo()  # Ana clicked the wrong card: her turn comes back, with the dot she still sees
    assert voting.participant() is ana and voting.remaining(ana.id) == 1
    assert marks.marks() == {a: [(ana.colour, 1)]}
    click_card(editor, c)
    assert voting.participant().name == "Luis"
    click_card(editor, d)
    click_card(editor, d)
    assert voting.participant().name == "Marta"
    assert "Luis has placed their last dot: Marta votes now (1 voter left)" in w.statusBar().currentMessage()
    click_card(editor, a)
    click_card(editor, c)
    assert voting.participant().name == "Marta" and voting.voting
    assert "Marta has placed their last dot: everyone has voted" in w.statusBar().currentMessage()
