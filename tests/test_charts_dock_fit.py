"""The charts dock at its opening size: nothing clipped, the legend off the tick labels, the map's colours."""

from __future__ import annotations

import warnings

import matplotlib.colors
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection

from cxdesigner import api
from cxdesigner.analysis.report import analyze
from cxdesigner.charts import dock, figures
from cxdesigner.layout import palette
from cxdesigner.panels.widgets import emotion_tint


@pytest.fixture
def hotel(qapp):
    d = api.new_project(template="hotel")
    yield d
    d.close()


def _shown_ticks(ax, which: str = "xy") -> list:
    """Tick labels inside the axes' limits (matplotlib also lists ones past the ends, which it never draws)."""
    out = []
    for axis in (ax.xaxis, ax.yaxis):
        if axis.axis_name not in which:
            continue
        lo, hi = sorted(axis.get_view_interval())
        out += [label for v, label in zip(axis.get_ticklocs(), axis.get_ticklabels(), strict=False) if lo <= v <= hi]
    return out


@pytest.mark.parametrize("key", ["emotion_curve", "quadrants", "gaps", "heatmap"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_charts_fit_the_smallest_dock(hotel, key, lang):
    project = hotel.project
    jid = project.journeys()[0].id
    w, h = dock.MIN_CHART_SIZE
    fig = figures.make_chart(key, project, jid, lang=lang, figsize=(w / 100, h / 100))
    canvas = FigureCanvasAgg(fig)
    with warnings.catch_warnings():
        # The layout engine says so when it gives up; at the dock's smallest size it must not.
        warnings.filterwarnings("error", message="constrained_layout not applied")
        canvas.draw()
    renderer = canvas.get_renderer()
    page = fig.bbox
    texts = [t for ax in fig.axes for t in _shown_ticks(ax) if t.get_text()]
    texts += [ax.xaxis.label for ax in fig.axes if ax.xaxis.label.get_text()]
    texts += [ax.yaxis.label for ax in fig.axes if ax.yaxis.label.get_text()]
    assert texts
    for text in texts:
        box = text.get_window_extent(renderer)
        assert page.x0 - 1 <= box.x0 and box.x1 <= page.x1 + 1, (key, text.get_text())
        assert page.y0 - 1 <= box.y0 and box.y1 <= page.y1 + 1, (key, text.get_text())
    for legend in fig.legends:
        lbox = legend.get_window_extent(renderer)
        assert page.y0 - 1 <= lbox.y0
        ticks = [t.get_window_extent(renderer) for ax in fig.axes for t in _shown_ticks(ax, "x") if t.get_text()]
        assert not any(lbox.overlaps(tick) for tick in ticks), key


def test_dock_never_opens_smaller_than_the_charts_need(hotel, qtbot):
    charts = dock.ChartsWidget()
    qtbot.addWidget(charts)
    assert charts.area.minimumHeight() >= dock.MIN_CHART_SIZE[1]


def test_chart_and_table_colours_are_the_maps(hotel):
    project = hotel.project
    jid = project.journeys()[0].id
    fig = figures.make_chart("emotion_curve", project, jid)
    points = [c for ax in fig.axes for c in ax.collections if isinstance(c, PathCollection) and len(c.get_offsets())]
    colours = {matplotlib.colors.to_hex(rgba) for c in points for rgba in c.get_facecolors()}
    scale = {palette.emotion_hex(v).lower() for v in range(-3, 4) if v}
    assert colours & scale and colours <= scale | {figures.THEMES["light"].neutral, figures.THEMES["light"].moment}
    # The table's positive cells are blue like the map's cards, not purple.
    for value in (1, 3):
        tint = emotion_tint(value)
        assert tint is not None and tint.blue() > tint.red() and tint.blue() > tint.green()
    assert emotion_tint(-3).red() > emotion_tint(-3).blue()


@pytest.mark.parametrize("size", [dock.MIN_CHART_SIZE, (1000, 360)])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_comparisons_panels_are_named_where_the_names_fit(hotel, lang, size):
    """At the dock's height the gap panel's name, "Brecha media (importancia − satisfacción)" turned on its side,
    ran up past its panel beside the emotion panel's: two names side by side for the upper chart."""
    project = hotel.project
    jid = project.journeys()[0].id
    other = hotel.add_journey("Other")
    w, h = size
    fig = figures.make_chart("comparison", project, jid, lang=lang, figsize=(w / 100, h / 100), other_journey=other)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    emotion, gap = fig.axes
    names = []
    for ax in (emotion, gap):
        frame = ax.get_window_extent(renderer)
        label = ax.yaxis.label
        if label.get_text():
            box = label.get_window_extent(renderer)
            assert frame.y0 - 2 <= box.y0 and box.y1 <= frame.y1 + 2, (lang, label.get_text())
            names.append(box)
        for title in (ax.title, ax._left_title, ax._right_title):  # matplotlib keeps the three apart
            if title.get_text():
                box = title.get_window_extent(renderer)
                assert fig.bbox.x0 - 1 <= box.x0 and box.x1 <= fig.bbox.x1 + 1, (lang, title.get_text())
                names.append(box)
    assert len(names) == 3  # the chart's title and each panel's name
    for i, a in enumerate(names):
        assert not any(a.overlaps(b) for b in names[i + 1 :])
    ticks = [t.get_window_extent(renderer) for t in _shown_ticks(gap) if t.get_text()]
    assert not any(names[-1].overlaps(tick) for tick in ticks)


@pytest.mark.parametrize("width", [dock.MIN_CHART_SIZE[0], 640])
@pytest.mark.parametrize("key", figures.CHART_KEYS)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_charts_title_wraps_inside_a_narrow_or_floated_dock(hotel, key, lang, width):
    """Floated at its narrowest, the emotion curve's second line ("experiencia neta −2 · media −0,1 · 24 tarjetas
    en orden del viaje") ran off the chart's right edge: the title wraps where the chart ends."""
    project = hotel.project
    jid = project.journeys()[0].id
    hotel.update("journey", jid, name="Weekend at a city hotel with a long name")
    other = hotel.add_journey("Other")
    result = analyze(project, jid, lang=lang)
    fig = figures.make_chart(key, project, jid, lang=lang, figsize=(width / 100, dock.MIN_CHART_SIZE[1] / 100),
                             other_journey=other, result=result if key != "comparison" else None)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    titles = [t for ax in fig.axes for t in (ax.title, ax._left_title, ax._right_title) if t.get_text()]
    assert titles
    for title in titles:
        box = title.get_window_extent(renderer)
        assert fig.bbox.x0 - 1 <= box.x0 and box.x1 <= fig.bbox.x1 + 1, (key, title.get_text())
        assert box.y1 <= fig.bbox.y1 + 1, (key, title.get_text())
        frames = [ax.get_window_extent(renderer) for ax in fig.axes]
        assert not any(box.overlaps(frame) for frame in frames), (key, title.get_text())


@pytest.mark.parametrize("key", ["emotion_curve", "comparison"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_legend_breaks_into_rows_inside_the_narrowest_dock(hotel, key, lang):
    """At the dock's narrowest the emotion curve's legend, one row of four, lost "Media de la etapa" off the left
    edge and "Momento de la verdad" off the right; the comparison's two long names ran off the right."""
    project = hotel.project
    jid = project.journeys()[0].id
    persona = hotel.add_persona("Marta Ruiz")
    other = hotel.add_journey("Buying running shoes online")
    hotel.update("journey", other, persona_id=persona)
    stage = project.stages(other)[0].id
    hotel.add_touchpoint(other, stage, project.lanes(other)[1].id, "Searches", emotion=1)
    w, h = dock.MIN_CHART_SIZE
    fig = figures.make_chart(key, project, jid, lang=lang, figsize=(w / 100, h / 100), other_journey=other,
                             result=analyze(project, jid, lang=lang) if key != "comparison" else None)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    assert fig.legends
    for legend in fig.legends:
        for text in legend.get_texts():
            box = text.get_window_extent(renderer)
            assert fig.bbox.x0 - 1 <= box.x0 and box.x1 <= fig.bbox.x1 + 1, (key, text.get_text())
