"""Lanes without cards through the one map renderer: the editor and every picture show the same cells."""

from __future__ import annotations

import pytest
from strategies import TINY_PNG
from test_map_renderer import svg_texts

import cxdesigner
from cxdesigner.canvas import JourneyEditor
from cxdesigner.canvas.laneitems import HINT, TEXT_MAX_LINES, format_value
from cxdesigner.canvas.render import render_journey
from cxdesigner.document import Selection
from cxdesigner.document.lanes import SetLaneCellCommand, SetLaneTypeCommand
from cxdesigner.exchange import mapexport
from cxdesigner.qtcommands import UndoStack


@pytest.fixture
def lanes_doc():
    d = cxdesigner.new_project(None)
    j = d.journeys()[0]
    stages = d.project.stages(j.id)
    card_lane = d.project.lanes(j.id)[1].id
    ana = d.add_persona("Ana", colour="#d62728")
    d.update("journey", j.id, persona_id=ana)
    other = d.add_journey("Business")
    for i, s in enumerate(stages):
        d.add_touchpoint(j.id, s.id, card_lane, f"Step {i}", emotion=i % 3 - 1, channel="phone" if i else "web")
    ids = {kind: d.add_lane(j.id, f"My {kind}", kind) for kind in ("text", "metric", "channels", "storyboard",
                                                                       "emotion")}  # fmt: skip
    d.execute(SetLaneTypeCommand(ids["metric"], chart="sparkline"))
    d.execute(SetLaneTypeCommand(ids["emotion"], overlay=[j.id, other, "jr-gone"]))
    d.execute(SetLaneCellCommand(stages[0].id, ids["text"], text="Find a <b>quiet</b> room"))
    d.execute(SetLaneCellCommand(stages[1].id, ids["text"], text="long words " * 200))
    d.execute(SetLaneCellCommand(stages[0].id, ids["metric"], value=1234.5, unit="%", period="Q3", source="web"))
    d.execute(SetLaneCellCommand(stages[1].id, ids["metric"], value=12, unit="%"))
    d.execute(SetLaneCellCommand(stages[0].id, ids["storyboard"], image=TINY_PNG, image_type="png", text="Desk"))
    yield d, j.id, stages, ids
    d.close()


def test_svg_prints_text_figures_channels_captions_and_legend(qapp, lanes_doc):
    d, jid, stages, ids = lanes_doc
    shown = [t for t, _x, _y in svg_texts(mapexport.svg_bytes(d.project, jid))]
    assert "Find a <b>quiet</b> room" in shown  # plain text, never markup
    assert "1,234.5 %" in shown and "Q3 · web" in shown and "12 %" in shown
    assert "Desk" in shown
    assert any("Customer journey" in t for t in shown) and not any("jr-gone" in t for t in shown)
    assert any("Phone" in t for t in shown) and any("web" in t.lower() for t in shown)
    assert not any(HINT.rstrip("…") in t for t in shown), "the screen's hint is never printed"
    long = [t for t in shown if "long words" in t]
    assert len(long) == TEXT_MAX_LINES and long[-1].endswith("…")
    for kind in ("text", "metric", "channels", "storyboard", "emotion"):
        assert f"My {kind}" in shown


def test_rows_grow_with_text_and_export_matches_screen(qtbot, lanes_doc):
    d, jid, stages, ids = lanes_doc
    stack = UndoStack(d)
    ed = JourneyEditor(d, stack, Selection())
    qtbot.addWidget(ed)
    try:
        scene = ed.scene
        tall = scene.layout.rows[ids["text"]][1]
        d.execute(SetLaneCellCommand(stages[1].id, ids["text"], text="short"))
        assert scene.layout.rows[ids["text"]][1] < tall
        d.undo()
        assert scene.layout.rows[ids["text"]][1] == tall
        export = render_journey(d, jid, hide_empty_lanes=True)
        assert export.layout.rows[ids["text"]][1] == scene.layout.rows[ids["text"]][1]
        assert ids["channels"] in export.layout.rows and ids["emotion"] in export.layout.rows
        d.execute(SetLaneCellCommand(stages[0].id, ids["storyboard"], image=None, image_type="", text=""))
        assert ids["storyboard"] not in render_journey(d, jid, hide_empty_lanes=True).layout.rows
    finally:
        ed.detach()
        stack.clear()


def test_figures_are_written_the_way_the_language_writes_them():
    assert format_value(1234.5, "en") == "1,234.5"
    assert format_value(1234.5, "es") == "1\u202f234,5"
    assert format_value(-3, "en") == "−3", "a real minus sign, as the cards' emotion beside it"
    assert format_value(-1234.5, "es") == "−1\u202f234,5"
    assert format_value(0.125, "en") == "0.12" or format_value(0.125, "en") == "0.13"


def _pixels_of(image, colour, left, right, top, bottom):
    """The rows (y) where ``colour`` shows between ``left`` and ``right``."""
    want = colour.rgb()
    xs = range(int(left), int(right), 3)
    return [y for y in range(int(top), int(bottom)) for x in xs if image.pixel(x, y) == want]


def test_a_charts_figures_of_both_signs_share_one_scale_around_zero():
    from cxdesigner.canvas.laneitems import chart_levels

    zero, (up, down, small) = chart_levels([40.0, -20.0, -0.01], top=0.0, base=60.0)
    assert zero == 40.0 and up == 0.0 and down == 60.0, "one scale for both signs, zero between them"
    assert small == zero + 2.0, "a small figure still shows, on its side of zero"
    assert chart_levels([3.0, 1.0], 0.0, 60.0)[0] == 60.0, "all positive: zero is the base, as before"


@pytest.mark.parametrize("chart", ["bar", "sparkline"])
def test_a_negative_figure_goes_down_from_the_zero_line_a_positive_one_up(qapp, chart):
    from PySide6.QtGui import QColor

    from cxdesigner.canvas import style
    from cxdesigner.canvas.render import render_image

    d = cxdesigner.new_project(None)
    try:
        j = d.journeys()[0]
        stages = d.project.stages(j.id)
        lane = d.add_lane(j.id, "NPS", "metric")
        d.execute(SetLaneTypeCommand(lane, chart=chart))
        # The negative figure the larger: drawn by its size alone it stood tallest, as the best figure.
        d.execute(SetLaneCellCommand(stages[0].id, lane, value=20))
        d.execute(SetLaneCellCommand(stages[1].id, lane, value=-40))
        scene = render_journey(d, j.id)
        image = render_image(scene, 1.0)
        origin = scene.full_rect().topLeft()
        y, h = scene.layout.rows[lane]
        top, bottom = y - origin.y(), y + h - origin.y()
        (x0, w0), (x1, w1) = (scene.layout.columns[s.id] for s in stages[:2])
        x0, x1 = x0 - origin.x(), x1 - origin.x()
        blue = QColor("#35618f")
        if chart == "bar":
            rising = _pixels_of(image, blue, x0, x0 + w0, top, bottom)
            falling = _pixels_of(image, style.PAIN, x1, x1 + w1, top, bottom)
            assert rising and falling
            assert min(falling) >= max(rising) - 1, "the negative bar hangs below where the positive one stands"
        else:
            # The line's dots: the positive figure's high in its column, the negative one's low in its own.
            rising = _pixels_of(image, blue, x0 + w0 / 2 - 2, x0 + w0 / 2 + 3, top, bottom)
            falling = _pixels_of(image, blue, x1 + w1 / 2 - 2, x1 + w1 / 2 + 3, top, bottom)
            assert rising and falling and min(falling) > max(rising)
    finally:
        d.close()


def test_a_metric_chart_is_tall_enough_to_compare_its_figures_and_the_rows_agree(qapp):
    """A 26-pixel chart drew 58 % and 86 % as bars 7 pixels apart, with no line they rise from: the sample's
    "Guests satisfied" read as four equal bars. The chart's row is the same on the map, in a picture and
    in the writers without Qt (draw.io)."""
    from PySide6.QtGui import QColor

    from cxdesigner.canvas.render import render_image
    from cxdesigner.layout.lanerows import lane_row_heights

    d = cxdesigner.new_project(None)
    try:
        j = d.journeys()[0]
        stages = d.project.stages(j.id)
        lane = d.add_lane(j.id, "Guests satisfied", "metric")
        d.execute(SetLaneTypeCommand(lane, chart="bar"))
        d.execute(SetLaneCellCommand(stages[0].id, lane, value=86, unit="%", period="Q2 2026", source="survey"))
        d.execute(SetLaneCellCommand(stages[1].id, lane, value=58, unit="%", period="Q2 2026", source="survey"))
        scene = render_journey(d, j.id)
        assert scene.layout.rows[lane][1] == lane_row_heights(d.project, j.id)[lane]
        image = render_image(scene, 1.0)
        origin = scene.full_rect().topLeft()
        y, h = scene.layout.rows[lane]
        top, bottom = y - origin.y(), y + h - origin.y()
        blue = QColor("#35618f")
        heights = []
        for s in stages[:2]:
            x, w = scene.layout.columns[s.id]
            rows = _pixels_of(image, blue, x - origin.x(), x - origin.x() + w, top, bottom)
            heights.append(max(rows) - min(rows) + 1)
        high, low = heights
        assert high >= 48, "the chart is tall enough to read on the map and in a picture"
        assert abs(low / high - 58 / 86) < 0.05, "bars in proportion to their figures, from one base"
        assert high - low >= 15
        # The base line the bars stand on runs under a stage without a figure between two with one.
        d.execute(SetLaneCellCommand(stages[2].id, lane, value=70, unit="%"))
        d.execute(SetLaneCellCommand(stages[1].id, lane, value=None, unit="", period="", source=""))
        scene = render_journey(d, j.id)
        image = render_image(scene, 1.0)
        origin = scene.full_rect().topLeft()
        y, h = scene.layout.rows[lane]
        x, w = scene.layout.columns[stages[1].id]
        middle = int(x + w / 2 - origin.x())
        background = image.pixel(middle, int(y - origin.y() + h / 2))
        inside = range(int(y + h / 2 - origin.y()), int(y + h - 2 - origin.y()))
        assert any(image.pixel(middle, yy) != background for yy in inside), "a base line under the empty stage"
    finally:
        d.close()
