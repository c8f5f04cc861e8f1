"""The Insights dock: findings listed as plain text; clicking one asks for its cards (and its path)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt

from cxdesigner.analysis import analyze
from cxdesigner.analysis.outcome import JourneyAnalysis
from cxdesigner.model import (
    Change,
    Connection,
    Journey,
    Lane,
    Project,
    ProjectInfo,
    Stage,
    Touchpoint,
    vocab,
)
from cxdesigner.panels.insights import InsightsWidget


def make_project() -> Project:
    """Start → hotline (−3, gap 3) → buy, and a dead end "Gives up <b>x</b> $}$"; nothing after the purchase."""
    entities = [Journey("j", name="J")]
    for i, (term, phase) in enumerate(vocab.DEFAULT_STAGES[:3]):
        entities.append(Stage(f"s{i}", "j", position=i, key=term.key, phase=phase))
    entities.append(Lane("l", "j"))
    cards = [
        ("start", 0, "Sees an ad", 1, None, None),
        ("call", 1, "Calls the hotline", -3, 5, 2),
        ("drop", 1, "Gives up <b>x</b> $}$", -1, None, None),
        ("buy", 2, "Buys", 2, None, None),
    ]
    for pos, (cid, stage, title, emotion, imp, sat) in enumerate(cards):
        entities.append(Touchpoint(cid, "j", f"s{stage}", "l", position=pos, title=title, emotion=emotion,
                                   importance=imp, satisfaction=sat))
    for k, (a, b) in enumerate([("start", "call"), ("call", "drop"), ("call", "buy")]):
        entities.append(Connection(f"c{k}", "j", a, b))
    project = Project()
    project.load(ProjectInfo(), entities)
    return project


def analysed(project: Project, lang: str = "en") -> JourneyAnalysis:
    """What the analysis service hands the panel after analysing journey "j"."""
    return JourneyAnalysis(project.detached_copy(), "j", lang, analyze(project, "j", lang=lang))


@pytest.fixture
def panel(qtbot):
    widget = InsightsWidget()
    qtbot.addWidget(widget)
    widget.resize(500, 500)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_analysis(analysed(make_project()))
    return widget


def row_of(panel: InsightsWidget, kind: str) -> int:
    return next(i for i, f in enumerate(panel.findings()) if f["kind"] == kind)


def click_row(qtbot, panel: InsightsWidget, row: int) -> None:
    item = panel.list.item(row)
    panel.list.scrollToItem(item)
    rect = panel.list.visualItemRect(item)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_clicking_a_finding_requests_its_cards(panel, qtbot):
    row = row_of(panel, "dead_end")
    with qtbot.waitSignal(panel.cards_requested) as blocker:
        click_row(qtbot, panel, row)
    assert blocker.args == [["drop"]]


def test_clicking_a_path_finding_also_requests_the_path(panel, qtbot):
    row = row_of(panel, "path_valley")
    cards, paths = [], []
    panel.cards_requested.connect(cards.append)
    panel.path_requested.connect(paths.append)
    click_row(qtbot, panel, row)
    assert cards == [["call"]]
    assert paths == [["start", "call", "drop"]]


def test_enter_on_the_keyboard_requests_the_cards_once(panel, qtbot):
    row = row_of(panel, "largest_gap")
    panel.list.setCurrentRow(row)
    panel.list.setFocus()
    received = []
    panel.cards_requested.connect(received.append)
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert received == [["call"]]


def test_findings_are_plain_text_most_severe_first(panel):
    texts = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert any("Gives up <b>x</b> $}$" in t for t in texts)
    assert texts[0].startswith("Nothing after the purchase")
    severities = [f["severity"] for f in panel.findings()]
    assert severities == sorted(severities, reverse=True)
    assert panel.summary.textFormat() == Qt.TextFormat.PlainText
    tip = panel.list.item(row_of(panel, "dead_end")).toolTip()
    assert "&lt;b&gt;x&lt;/b&gt;" in tip  # the tooltip shows the tags, it does not apply them


def test_a_newer_analysis_replaces_the_findings_and_states_are_said(panel):
    project = make_project()
    project.apply([Change("connection", "c9", None, Connection("c9", "j", "drop", "buy"))])
    assert any(f["kind"] == "dead_end" for f in panel.findings())
    panel.show_analysis(analysed(project))
    assert not any(f["kind"] == "dead_end" for f in panel.findings())
    told = "There is not enough memory to analyse this journey."
    panel.show_analysis(JourneyAnalysis(project, "j", "en", None, told))
    assert panel.list.count() == 0 and panel.summary.text() == told
    panel.show_analysis(JourneyAnalysis(project, None))
    assert panel.list.count() == 0 and panel.summary.text().startswith("Open or create a journey")


def test_language_and_journey_switch(qtbot):
    widget = InsightsWidget()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_analysis(analysed(make_project(), "es"))
    assert widget.list.item(0).text().startswith("Nada después de la compra")
    widget.show_analysis(JourneyAnalysis(make_project(), None, "es"))
    assert widget.list.count() == 0
    widget.set_findings([{"kind": "dead_end", "severity": 3, "text": "Dead end: x", "card_ids": ["a", "b"]}])
    with qtbot.waitSignal(widget.cards_requested) as blocker:
        click_row(qtbot, widget, 0)
    assert blocker.args == [["a", "b"]]


def test_a_journey_without_cards_says_so_instead_of_a_finding_per_stage(panel):
    """A blank project listed "6 findings … Click one to show its cards": one "No card in stage" per stage, each
    with no card to show. The Charts dock says the journey has no cards yet; so does this one."""
    entities = [Journey("j", name="Blank"), Lane("l", "j")]
    entities += [Stage(f"s{i}", "j", position=i, key=term.key, phase=phase)
                 for i, (term, phase) in enumerate(vocab.DEFAULT_STAGES)]
    project = Project()
    project.load(ProjectInfo(), entities)
    analysis = analysed(project)
    assert analysis.result["insights"], "the analysis still finds the empty stages (the report lists them)"
    panel.show_analysis(analysis)
    assert panel.list.count() == 0 and panel.findings() == []
    assert panel.summary.text() == "The journey has no cards yet"
    panel.show_analysis(analysed(make_project()))
    assert panel.list.count() > 0


def test_findings_of_several_lines_stand_apart(panel):
    """Findings wrapped over two to four lines in a 1280-pixel window's dock and sat edge to edge: where one ended and
    the next began was read from the icons alone."""
    assert panel.list.count() >= 2
    panel.list.clearSelection()
    panel.list.setCurrentItem(None)
    image = panel.list.viewport().grab().toImage()
    first, second = (panel.list.visualItemRect(panel.list.item(i)) for i in range(2))
    x = first.right() - 3  # right of the text, on the row's own background
    assert image.pixelColor(x, first.center().y()) != image.pixelColor(x, second.center().y())
    # The whole text of each finding still shows: nothing cut short by the rows' look.
    for i in range(panel.list.count()):
        index = panel.list.model().index(i, 0)
        assert panel.list.visualRect(index).height() >= panel.list.sizeHintForIndex(index).height()
