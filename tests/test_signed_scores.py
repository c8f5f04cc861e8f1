"""Every view and export writes a signed score one way: '+2', '0', '−1' with a real minus sign."""

from __future__ import annotations

import pytest

from cxdesigner import api, i18n
from cxdesigner.analysis.compare import compare, format_text
from cxdesigner.canvas.style import emotion_text
from cxdesigner.exchange.drawio import _card_meta
from cxdesigner.model import Change, jsonformat
from cxdesigner.panels.widgets import signed


@pytest.mark.parametrize("value", range(-4, 5))
def test_the_views_and_the_map_write_a_score_as_i18n_does(value):
    expected = i18n.signed(value)
    assert "-" not in expected
    assert signed(value) == emotion_text(value) == expected
    assert expected == ("0" if value == 0 else ("+" if value > 0 else "−") + str(abs(value)))


def test_none_is_no_text_in_a_cell():
    assert signed(None) == emotion_text(None) == ""


def test_the_draw_io_card_and_the_gaps_closed_have_a_real_minus():
    project = api.sample_project("en")
    tp = next(t for t in project.tables["touchpoint"].values() if t.emotion is not None and t.emotion < 0)
    assert _card_meta(project, tp, "en")[0].endswith(i18n.signed(tp.emotion))
    journey = project.journeys()[0].id
    changed = next(t for t in project.touchpoints(journey) if t.gap and t.gap > 0)
    after = jsonformat.with_new_ids(project)
    moved = next(t for t in after.touchpoints(after.journeys()[0].id) if t.title == changed.title)
    after.apply([Change("touchpoint", moved.id, moved, moved.evolve(importance=4, satisfaction=5))])
    text = format_text(compare(project, journey, after, after.journeys()[0].id), "en")
    assert f"{i18n.signed(changed.gap)} → −1" in text
