"""Charts: every figure renders with Agg, hostile text is drawn literally, labels do not overlap; the Qt dock."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import io
import itertools
import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from typing import Any

import matplotlib.colors
import matplotlib.image
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.text import Annotation, Text

from cxdesigner.analysis import analyze
from cxdesigner.analysis.outcome import JourneyAnalysis, path_cards
from cxdesigner.charts import figures
from cxdesigner.model import (
    Change,
    Channel,
    Connection,
    Journey,
    Lane,
    Persona,
    Project,
    ProjectInfo,
    Stage,
    Touchpoint,
    vocab,
)

HOSTILE = ["<b>x</b>", "$x$", "$}$", "&amp;", "😀🦄 emoji", "שלום עולם", "مرحبا بالعالم", "x" * 10_000,
           "line\nbreak\ttab", "\u202eRLO override", ""]


def project_25(hostile: bool = True) -> Project:
    """Two journeys; the first has 25 cards whose ratings pile up on a few points of the 1-5 grid."""
    entities: list[Any] = [
        Persona("ps-a", name="Ana $}$", colour="#2a9d8f"),
        Persona("ps-b", name="שלום <b>", colour="#e76f51"),
        Channel("ch-x", name="Kiosk $x$ 😀"),
    ]
    long_name = ("Journey $}$ <b>x</b> " + "y" * 10_000)[:10_000]
    for jid, persona, name in (("ja", "ps-a", long_name), ("jb", "ps-b", "Second 😀")):
        entities.append(Journey(jid, name=name, persona_id=persona))
        for i, (term, phase) in enumerate(vocab.DEFAULT_STAGES):
            stage_name = "$}$ stage" if (hostile and i == 1) else ""
            entities.append(Stage(f"{jid}-s{i}", jid, position=i, key=term.key, name=stage_name, phase=phase))
        entities.append(Lane(f"{jid}-l", jid))
    channels = [*vocab.CHANNELS, "ch-x", ""]
    ratings = list(itertools.product([2, 4], [4, 2]))  # four crowded points
    for n in range(25):
        title = HOSTILE[n % len(HOSTILE)] if hostile else f"Card number {n} with a longer title"
        imp, sat = ratings[n % len(ratings)] if n < 20 else (5 - n % 3, 1 + n % 5)
        entities.append(Touchpoint(
            f"ja-{n}", "ja", f"ja-s{n * 6 // 25}", "ja-l", position=n, title=title,
            channel=channels[n % len(channels)], emotion=(n % 7) - 3, importance=imp, satisfaction=sat,
            moment_of_truth=n % 6 == 0,
        ))
    for n in range(24):
        entities.append(Connection(f"ja-c{n}", "ja", f"ja-{n}", f"ja-{n + 1}"))
    entities.append(Connection("ja-loop", "ja", "ja-20", "ja-15"))
    entities.append(Connection("ja-branch", "ja", "ja-3", "ja-9"))
    for n in range(8):
        entities.append(Touchpoint(f"jb-{n}", "jb", f"jb-s{n * 6 // 8}", "jb-l", position=n, title=HOSTILE[n],
                                   emotion=3 - n % 7, importance=4, satisfaction=1 + n % 5))
    project = Project()
    project.load(ProjectInfo(), entities)
    return project


def render(fig: Any, fmt: str = "png") -> bytes:
    out = io.BytesIO()
    FigureCanvasAgg(fig)
    fig.savefig(out, format=fmt)
    return out.getvalue()


def all_texts(fig: Any) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_text()]


@pytest.fixture(scope="module")
def project() -> Project:
    return project_25()


@pytest.mark.parametrize("key", figures.CHART_KEYS)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_chart_renders_hostile_text_literally(project, key, lang):
    result = analyze(project, "ja", lang=lang)
    path = path_cards(result["paths"], result["paths"]["worst"]) if key == "emotion_curve" else None
    fig = figures.make_chart(key, project, "ja", lang=lang, other_journey="jb", path=path, path_number=1,
                             result=result if key != "comparison" else None)
    png = render(fig)
    assert png.startswith(b"\x89PNG")
    for text in all_texts(fig):
        if "$" in text.get_text():
            assert text.get_parse_math() is False, text.get_text()
        assert len(text.get_text()) < 400
    drawn = " ".join(t.get_text() for t in all_texts(fig))
    assert "\ufffd" not in drawn and "\u202e" not in drawn


@pytest.mark.parametrize("fmt", figures.SAVE_FORMATS)
def test_save_figure_writes_each_format(project, tmp_path, fmt):
    fig = figures.make_chart("emotion_curve", project, "ja", theme="dark")
    path = figures.save_figure(fig, tmp_path / f"chart.{fmt}")
    head = path.read_bytes()[:5]
    assert head == {"png": b"\x89PNG\r", "svg": b"<?xml", "pdf": b"%PDF-"}[fmt]
    if fmt == "png":
        # The theme's background is saved with the chart, not the default white.
        corner = matplotlib.image.imread(path)[0, 0, :3]
        dark = matplotlib.colors.to_rgb(figures.theme_of("dark").background)
        assert tuple(corner) == pytest.approx(dark, abs=1 / 255)
    with pytest.raises(ValueError, match="PNG"):
        figures.save_figure(fig, tmp_path / "chart.gif")


def test_emotion_curve_names_stages_cards_and_moments(project):
    fig = figures.emotion_curve(project, "ja", lang="es")
    render(fig)
    texts = [t.get_text() for t in all_texts(fig)]
    assert any(t.startswith("Curva emocional: Journey $}$ <b>x</b>") for t in texts)
    assert "Reconocimiento" in texts and "$}$ stage" in texts
    assert "<b>x</b>" in texts and "$}$" in texts
    assert "Momento de la verdad" in texts and "Emoción (−3 … +3)" in texts


@pytest.mark.parametrize("lang", ["en", "es"])
def test_emotion_curve_stage_names_are_whole_apart_and_over_their_bands(qapp, lang):
    """The sample's first stage has two of 24 cards: its Spanish name, "Reconocimiento", was cut to "Reconocim…"."""
    from cxdesigner import api

    project = api.sample_project(lang)
    jid = project.journeys()[0].id
    fig = figures.emotion_curve(project, jid, lang=lang)
    render(fig)
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    stages = project.stages(jid)
    names = [t for t in ax.texts if t.get_position()[1] == pytest.approx(1.01)]
    assert [t.get_text().replace("\n", " ") for t in names] == [s.display_name(lang) for s in stages]
    boxes = [t.get_window_extent(renderer) for t in names]
    for left, right in itertools.pairwise(boxes):
        assert left.x1 + 4 < right.x0  # apart, not run together
    cards = [tp.stage_id for tp in project.touchpoints(jid)]
    to_px = ax.transData.transform
    for stage, box in zip(stages, boxes, strict=True):
        first, last = cards.index(stage.id), len(cards) - 1 - cards[::-1].index(stage.id)
        centre = to_px(((first + last) / 2, 0))[0]
        assert box.x0 <= centre <= box.x1  # each over its own band
        assert box.x0 >= ax.get_window_extent().x0 - 0.5 and box.x1 <= ax.get_window_extent().x1 + 0.5


# -- what the charts plot -------------------------------------------------------------------------------------


def curve_line(fig: Any) -> Any:
    """The emotion curve itself: the longest line (the stage means are two-point dashes)."""
    return max(fig.axes[0].lines, key=lambda line: len(line.get_xdata()))


def mean(values: list[int]) -> float:
    return sum(values) / len(values)


def chart_kind(fig: Any) -> str:
    """Which chart a figure is, told by its artists rather than by its title."""
    ax = fig.axes[0]
    if ax.images:
        return "heatmap"
    if len(fig.axes) == 2 and all(a.containers for a in fig.axes):
        return "comparison"
    if ax.containers:
        return "gaps"
    if fig.findobj(Annotation):
        return "quadrants"
    return "emotion_curve"


@pytest.fixture(scope="module")
def plain_project() -> Project:
    return project_25(hostile=False)


def test_emotion_curve_plots_each_card_in_journey_order(plain_project):
    p = plain_project
    cards = p.touchpoints("ja")
    fig = figures.make_chart("emotion_curve", p, "ja")
    line = curve_line(fig)
    assert list(line.get_xdata()) == list(range(len(cards)))
    assert list(line.get_ydata()) == [tp.emotion for tp in cards]
    ax = fig.axes[0]
    under = sorted((t for t in ax.texts if t.get_rotation() != 0), key=lambda t: t.get_position()[0])
    assert [t.get_text() for t in under] == [figures.plain(tp.title, 28) for tp in cards]
    # One dashed line per stage at the mean emotion of its cards.
    by_stage: dict[str, list[int]] = {}
    for tp in cards:
        by_stage.setdefault(tp.stage_id, []).append(tp.emotion)
    dashes = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert [line.get_ydata()[0] for line in dashes] == pytest.approx([mean(v) for v in by_stage.values()])
    (stars,) = [c for c in ax.collections if c.get_label() == "Moment of truth"]
    moments = [(i, tp.emotion) for i, tp in enumerate(cards) if tp.moment_of_truth]
    assert [tuple(xy) for xy in stars.get_offsets()] == moments


def test_emotion_curve_of_a_path_plots_its_steps(plain_project):
    p = plain_project
    path = ["ja-3", "ja-9", "ja-10", "ja-11"]
    line = curve_line(figures.make_chart("emotion_curve", p, "ja", path=path, path_number=2))
    assert list(line.get_ydata()) == [p.get("touchpoint", i).emotion for i in path]


def test_quadrant_chart_puts_each_card_at_its_ratings(plain_project):
    p = plain_project
    rated = [tp for tp in p.touchpoints("ja") if tp.importance is not None and tp.satisfaction is not None]
    fig = figures.make_chart("quadrants", p, "ja", crosshair="mean")
    ax = fig.axes[0]
    (points,) = [c for c in ax.collections if isinstance(c, PathCollection) and len(c.get_offsets())]
    # Cards sharing a point sit on a small ring around it: each rounds back to its own ratings.
    assert sorted((round(x), round(y)) for x, y in points.get_offsets()) == sorted(
        (tp.satisfaction, tp.importance) for tp in rated
    )
    assert sorted(a.get_text() for a in fig.findobj(Annotation)) == sorted(figures.plain(tp.title, 24) for tp in rated)
    crosshair_x = [line.get_xdata()[0] for line in ax.lines if line.get_xdata()[0] == line.get_xdata()[1]]
    crosshair_y = [line.get_ydata()[0] for line in ax.lines if line.get_ydata()[0] == line.get_ydata()[1]]
    assert crosshair_x == pytest.approx([mean([tp.satisfaction for tp in rated])])
    assert crosshair_y == pytest.approx([mean([tp.importance for tp in rated])])


def test_quadrant_chart_takes_importance_and_satisfaction_from_survey_answers_when_a_card_has_them():
    """A room's ratings (and imported answers) are survey responses: the chart places a card at their means."""
    from cxdesigner.model import Response

    p = project_25(hostile=False)  # answers of its own: the module's project stays as the other charts expect
    cards = p.touchpoints("ja")
    rated = [tp for tp in cards if tp.importance is not None and tp.satisfaction is not None]
    first, unrated = rated[0], next((tp for tp in cards if tp.importance is None), None)
    answers = [
        Response(id="rs-1", touchpoint_id=first.id, measure="importance", score=2, source="room:rm-1"),
        Response(id="rs-2", touchpoint_id=first.id, measure="importance", score=5, source="room:rm-1"),
        Response(id="rs-3", touchpoint_id=first.id, measure="satisfaction", score=4, source="room:rm-1"),
        Response(id="rs-4", touchpoint_id=first.id, measure="csat", score=1),  # another measure: not a rating here
    ]
    if unrated is not None:
        answers += [
            Response(id="rs-5", touchpoint_id=unrated.id, measure="importance", score=4),
            Response(id="rs-6", touchpoint_id=unrated.id, measure="satisfaction", score=1),
        ]
    p.apply([Change("response", r.id, None, r) for r in answers])
    expected = {tp.id: (float(tp.satisfaction), float(tp.importance)) for tp in rated}
    expected[first.id] = (4.0, 3.5)
    if unrated is not None:
        expected[unrated.id] = (1.0, 4.0)
    rows, answered = figures.rated_by_responses(p, analyze(p, "ja", max_paths=0, max_cycles=0)["cards"])
    assert answered
    assert {r["id"]: (r["satisfaction"], r["importance"]) for r in rows if r["importance"] is not None} == expected
    ax = figures.make_chart("quadrants", p, "ja", crosshair="mean").axes[0]
    (points,) = [c for c in ax.collections if isinstance(c, PathCollection) and len(c.get_offsets())]
    # Points sharing a place sit on a small ring around it (at most a quarter away).
    got = [tuple(xy) for xy in points.get_offsets()]
    assert len(got) == len(expected)
    for ex, ey in expected.values():
        near = next(i for i, (x, y) in enumerate(got) if abs(x - ex) < 0.3 and abs(y - ey) < 0.3)
        got.pop(near)
    crosshair_x = [line.get_xdata()[0] for line in ax.lines if line.get_xdata()[0] == line.get_xdata()[1]]
    assert crosshair_x == pytest.approx([mean([x for x, _y in expected.values()])])


def test_gap_chart_ranks_cards_by_the_same_answers_as_the_quadrant_chart():
    """A room's ratings move a card in the quadrant chart; the gap ranking follows the same scores."""
    from cxdesigner.model import Response

    p = project_25(hostile=False)  # answers of its own: the module's project stays as the other charts expect
    rated = [tp for tp in p.touchpoints("ja") if tp.importance is not None and tp.satisfaction is not None]
    calm = min(rated, key=lambda tp: tp.importance * (tp.importance - tp.satisfaction))
    answers = [Response(id=f"rs-room-{i}", touchpoint_id=calm.id, measure=m, score=v, source="room:rm-1")
               for i, (m, v) in enumerate((("importance", 5), ("satisfaction", 1), ("importance", 5)))]
    p.apply([Change("response", r.id, None, r) for r in answers])
    result = analyze(p, "ja", max_paths=0, max_cycles=0)
    top = figures.gaps_by_responses(p, result)[0]
    assert (top["id"], top["importance"], top["satisfaction"], top["importance"] * top["gap"]) == (calm.id, 5, 1, 20)
    ax = figures.make_chart("gaps", p, "ja").axes[0]
    widths = [bar.get_width() for bar in ax.containers[0]]
    assert widths[0] == 20, "the card the room rated 5 and 1 tops the gap chart, as it tops the quadrant's corner"
    rows, _answered = figures.rated_by_responses(p, result["cards"])
    (row,) = [r for r in rows if r["id"] == calm.id]
    assert (row["importance"], row["satisfaction"]) == (5, 1)


def test_gap_chart_ranks_the_largest_weighted_gaps_with_their_cards(plain_project):
    p = plain_project
    weighted = {tp.title: tp.importance * (tp.importance - tp.satisfaction) for tp in p.touchpoints("ja")}
    ax = figures.make_chart("gaps", p, "ja").axes[0]
    bars = ax.containers[0]
    assert len(bars) == 15
    # Top to bottom, the bars shrink; together they are the fifteen largest.
    by_y = sorted(bars, key=lambda r: -r.get_y())
    assert [r.get_width() for r in by_y] == sorted(weighted.values(), reverse=True)[:15]
    names = {round(t.get_position()[1]): t.get_text() for t in ax.texts if t.get_horizontalalignment() == "right"}
    full = {figures.plain(title, 40): title for title in weighted}
    for r in bars:
        assert weighted[full[names[round(r.get_y() + r.get_height() / 2)]]] == r.get_width()


def test_heatmap_counts_cards_per_stage_and_channel(plain_project):
    p = plain_project
    ax = figures.make_chart("heatmap", p, "ja").axes[0]
    counts = ax.images[0].get_array().filled(0)
    columns = [t.get_text() for t in sorted(ax.texts, key=lambda t: t.get_position()[0]) if t.get_rotation() != 0]
    assert counts.shape == (len(p.stages("ja")), len(columns))
    row = {s.id: i for i, s in enumerate(p.stages("ja"))}
    expected = [[0] * len(columns) for _ in row]
    for tp in p.touchpoints("ja"):
        # Cards without a channel are counted in the last column.
        col = columns.index(figures.plain(p.channel_name(tp.channel), 24)) if tp.channel else len(columns) - 1
        expected[row[tp.stage_id]][col] += 1
    assert counts.tolist() == expected


def test_comparison_chart_shows_both_journeys_stage_by_stage(plain_project):
    p = plain_project
    fig = figures.make_chart("comparison", p, "ja", other_journey="jb")
    emotion_axes, gap_axes = fig.axes[:2]
    for k, jid in enumerate(("ja", "jb")):
        cards = p.touchpoints(jid)
        stages = p.stages(jid)
        emotions = [mean([tp.emotion for tp in cards if tp.stage_id == s.id] or [0]) for s in stages]
        gaps = [mean([tp.importance - tp.satisfaction for tp in cards if tp.stage_id == s.id] or [0]) for s in stages]
        assert [b.get_height() for b in emotion_axes.containers[k]] == pytest.approx(emotions)
        assert [b.get_height() for b in gap_axes.containers[k]] == pytest.approx(gaps)


def test_quadrant_labels_do_not_overlap_on_25_cards():
    project = project_25(hostile=False)
    for crosshair in ("mean", "midpoint"):
        fig = figures.quadrant_chart(project, "ja", crosshair=crosshair)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        labels = [a for a in fig.findobj(Annotation)]
        assert len(labels) == 25
        # The words themselves, and each leader line against the other labels' words (a leader's
        # bounding box is a diagonal's: it overlaps labels the line itself never touches).
        boxes = [Text.get_window_extent(a, renderer) for a in labels]
        for a, b in itertools.combinations(boxes, 2):
            overlap_w = min(a.x1, b.x1) - max(a.x0, b.x0)
            overlap_h = min(a.y1, b.y1) - max(a.y0, b.y0)
            assert overlap_w <= 1 or overlap_h <= 1
        for i, a in enumerate(labels):
            if a.arrow_patch is None:
                continue
            path = a.arrow_patch.get_path().transformed(a.arrow_patch.get_transform()).interpolated(50)
            for j, box in enumerate(boxes):
                if j != i:
                    assert not any(box.x0 + 1 < x < box.x1 - 1 and box.y0 + 1 < y < box.y1 - 1
                                   for x, y in path.vertices), (a.get_text(), labels[j].get_text())
        title = fig.axes[0].get_title(loc="left")
        assert ("Crosshair at the means" in title) == (crosshair == "mean")


def test_charts_without_data_say_so():
    p = Project()
    p.load(ProjectInfo(), [Journey("j", name="Empty"), Stage("s", "j"), Lane("l", "j")])
    for key in figures.CHART_KEYS:
        fig = figures.make_chart(key, p, "j", other_journey=None)
        render(fig)
        assert any("yet" in t.get_text() or "journey" in t.get_text() for t in all_texts(fig))


def test_big_journey_curve_skips_titles_and_renders():
    p = Project()
    entities: list[Any] = [Journey("j"), Stage("s", "j"), Lane("l", "j")]
    entities += [Touchpoint(f"t{i}", "j", "s", "l", position=i, title=f"t{i}", emotion=i % 7 - 3)
                 for i in range(300)]
    p.load(ProjectInfo(), entities)
    fig = figures.emotion_curve(p, "j")
    render(fig)
    assert "t17" not in [t.get_text() for t in all_texts(fig)]


def test_plain_text_helper():
    assert figures.plain("a\n b\t$c$", 60) == "a b $c$"
    assert figures.plain("x" * 100, 10) == "x" * 9 + "…"
    assert figures.plain("\u202eab\u200d") == "ab"


def test_emoji_the_chart_font_lacks_are_left_out_not_boxed():
    """A phone's 📱🔥 under the report's curve printed as two white squares in the card's title."""
    assert figures.plain("La app se cierra 📱🔥 al pagar 💳") == "La app se cierra al pagar"
    assert figures.plain("Hola 👩\u200d💼👍🏽 equipo") == "Hola equipo"  # joined, with a skin tone
    assert figures.plain("👍") == "\u25a1"  # nothing else to show: a square says a name is there
    assert figures.plain("日本") == "\u25a1\u25a1"  # letters the font lacks are still marked


# -- the Qt dock ---------------------------------------------------------------------------------------------


def test_dock_module_does_not_import_matplotlib():
    code = (
        "import sys, cxdesigner.charts.dock, cxdesigner.panels.insights\n"
        "bad = [m for m in sys.modules if m.startswith('matplotlib')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60, env={**os.environ})


def analysed(project: Project, journey_id: str = "ja") -> JourneyAnalysis:
    """What the analysis service hands the dock."""
    return JourneyAnalysis(project.detached_copy(), journey_id, "en", analyze(project, journey_id, lang="en"))


@pytest.fixture
def dock(qtbot):
    from cxdesigner.charts.dock import ChartsWidget

    widget = ChartsWidget()
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show_analysis(analysed(project_25()))
    return widget


@pytest.mark.slow
def test_dock_builds_canvas_when_shown_and_follows_pickers(dock, qtbot):
    assert dock.canvas is None  # nothing drawn while hidden
    dock.show()
    qtbot.waitUntil(lambda: dock.canvas is not None, timeout=10000)
    assert dock.figure is not None
    assert dock.path_picker.itemData(1) == "worst"
    with qtbot.waitSignal(dock.path_selected) as blocker:
        dock.path_picker.setCurrentIndex(1)
        dock.path_picker.activated.emit(1)
    worst = path_cards(dock.result["paths"], dock.result["paths"]["worst"])
    assert blocker.args == [worst]
    for key in ("quadrants", "gaps", "heatmap", "comparison", "emotion_curve"):
        dock.set_chart(key)
        assert chart_kind(dock.figure) == key and not dock.message.isVisible()
    assert dock.path_picker.isVisible()


def test_a_new_analysis_is_drawn_at_once_on_screen_and_later_when_hidden(dock, qtbot):
    dock.show()
    qtbot.waitUntil(lambda: dock.figure is not None, timeout=10000)
    first = dock.figure
    project = project_25()
    old = project.get("touchpoint", "ja-0")
    project.apply([Change("touchpoint", "ja-0", old, old.evolve(emotion=3))])
    assert curve_line(first).get_ydata()[0] == -3
    dock.show_analysis(analysed(project))
    assert dock.figure is not first and curve_line(dock.figure).get_ydata()[0] == 3
    second = dock.figure
    dock.hide()
    dock.show_analysis(analysed(project))
    assert dock.figure is second  # not drawn while hidden
    dock.show()
    qtbot.waitUntil(lambda: dock.figure is not second, timeout=10000)


def test_a_hidden_dock_fills_its_pickers_when_it_comes_into_view_and_keeps_the_path(dock, qtbot, monkeypatch):
    dock.show()
    qtbot.waitUntil(lambda: dock.figure is not None, timeout=10000)
    path = path_cards(dock.result["paths"], 1)
    dock.show_path(path)
    shown = dock.figure
    dock.hide()
    fills = []
    real = dock._fill_pickers
    monkeypatch.setattr(dock, "_fill_pickers", lambda: (fills.append(1), real())[1])
    for _ in range(3):
        dock.show_analysis(analysed(project_25()))
    assert fills == [] and dock.figure is shown  # no work per analysis while out of view
    dock.show()
    qtbot.waitUntil(lambda: dock.figure is not shown, timeout=10000)
    assert fills == [1] and dock.selected_path() == path  # the path chosen before is still chosen
    assert dock.path_picker.currentData() == 1


def test_the_midpoint_crosshair_needs_no_new_analysis(dock, qtbot, monkeypatch):
    dock.show()
    dock.set_chart("quadrants")
    qtbot.waitUntil(lambda: dock.figure is not None, timeout=10000)
    monkeypatch.setattr(figures, "analyze", lambda *a, **k: pytest.fail("analysed again on the UI thread"))
    dock.crosshair_picker.setCurrentIndex(dock.crosshair_picker.findData("midpoint"))
    dock.crosshair_picker.activated.emit(dock.crosshair_picker.currentIndex())
    assert any("midpoint" in t.get_text() for t in all_texts(dock.figure))


@pytest.mark.slow
def test_dock_shows_a_requested_path_and_saves_every_format(dock, qtbot, tmp_path):
    from PySide6.QtGui import QImage

    dock.show()
    qtbot.waitUntil(lambda: dock.figure is not None, timeout=10000)
    path = path_cards(dock.result["paths"], 0)
    dock.show_path(path)
    assert dock.selected_path() == path
    project = dock.analysis.project
    assert list(curve_line(dock.figure).get_ydata()) == [project.get("touchpoint", i).emotion for i in path]
    # Saved at export size (10 × 5.5 in, 150 dpi for PNG), and it is the path's chart, not the whole journey's.
    png = QImage(str(dock.save(tmp_path / "c.png")))
    assert (png.width(), png.height()) == (1500, 825)
    for name, chart_path in (("path", path), ("whole", None)):
        fig = figures.make_chart("emotion_curve", project, "ja", path=chart_path, path_number=1, result=dock.result)
        figures.save_figure(fig, tmp_path / f"{name}.png")
    assert (tmp_path / "c.png").read_bytes() == (tmp_path / "path.png").read_bytes()
    assert (tmp_path / "c.png").read_bytes() != (tmp_path / "whole.png").read_bytes()
    svg = ET.parse(dock.save(tmp_path / "c.svg")).getroot()
    assert (svg.get("width"), svg.get("height")) == ("720pt", "396pt")
    assert re.findall(rb"/MediaBox \[ ?([^\]]*?) ?\]", dock.save(tmp_path / "c.pdf").read_bytes()) == [b"0 0 720 396"]


def test_dock_without_journey_shows_a_message(qtbot):
    from cxdesigner.charts.dock import ChartsWidget

    widget = ChartsWidget()
    qtbot.addWidget(widget)
    widget.show_analysis(JourneyAnalysis(Project(), None))
    widget.show()
    qtbot.waitUntil(lambda: widget.message.isVisible() and widget.message.text() != "", timeout=10000)
    assert widget.canvas is None and widget.save_button.isEnabled() is False
    assert widget.message.textFormat().name == "PlainText"
    with pytest.raises(ValueError):
        widget.save("nowhere.png")


@pytest.mark.parametrize("template", ["hotel", "dental-clinic", "telecom-outage"])
def test_quadrant_labels_keep_off_the_crosshair_and_the_corner_names(template):
    # The report's figure: a point beside the crosshair had its name printed across the dashed line.
    from cxdesigner.api import template_project

    project = template_project(template)
    jid = project.journeys()[0].id
    fig = figures.quadrant_chart(project, jid, figsize=(11, 5.6))
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ax = fig.axes[0]
    x0 = ax.lines[0].get_xdata()[0]
    y0 = ax.lines[1].get_ydata()[0]
    px, py = ax.transData.transform((x0, y0))
    corners = [t.get_window_extent(renderer) for t in ax.texts if not isinstance(t, Annotation)]
    assert len(corners) == 4
    labels = fig.findobj(Annotation)
    assert labels
    for a in labels:
        box = Text.get_window_extent(a, renderer)  # the words, not the leader line
        assert not box.x0 + 1 < px < box.x1 - 1, a.get_text()
        assert not box.y0 + 1 < py < box.y1 - 1, a.get_text()
        for c in corners:
            assert min(box.x1, c.x1) - max(box.x0, c.x0) <= 1 or min(box.y1, c.y1) - max(box.y0, c.y0) <= 1


@pytest.mark.parametrize("template", ["dental-clinic", "hotel", "support-call"])
def test_quadrant_points_sharing_a_rating_stay_in_their_quadrant(template):
    # Cards on one rating are drawn on a small ring; near the crosshair the ring crossed it, and a
    # card below the line was drawn above it in the other quadrant's colour.
    from cxdesigner.analysis.measures import quadrant_of
    from cxdesigner.api import template_project

    project = template_project(template, lang="es")
    jid = project.journeys()[0].id
    fig = figures.quadrant_chart(project, jid, figsize=(11, 5.6))
    ax = fig.axes[0]
    x0 = ax.lines[0].get_xdata()[0]
    y0 = ax.lines[1].get_ydata()[0]
    dots = next(c for c in ax.collections if isinstance(c, PathCollection))
    colours = {matplotlib.colors.to_hex(v): k for k, v in figures.theme_of("light").quadrant}
    for (x, y), face in zip(dots.get_offsets(), dots.get_facecolors()):
        assert colours[matplotlib.colors.to_hex(face)] == quadrant_of(y, x, x0, y0), (x, y)


def test_quadrant_points_of_a_large_map_stay_near_their_rating_and_on_the_chart():
    # A ring as wide as hundreds of cards sharing a rating asked for ran far off the axes, across
    # the other ratings and the crosshair.
    from cxdesigner.analysis.measures import quadrant_of

    ratings = [(5, 1)] * 300 + [(4, 2)] * 200 + [(2, 4)] * 40 + [(1, 5)] * 7 + [(3, 3)] * 2 + [(5, 5)]
    entities: list[Any] = [Journey("j"), Stage("s", "j"), Lane("l", "j")]
    entities += [Touchpoint(f"t{i}", "j", "s", "l", position=i, title=f"t{i}", importance=imp, satisfaction=sat)
                 for i, (imp, sat) in enumerate(ratings)]
    p = Project()
    p.load(ProjectInfo(), entities)
    fig = figures.quadrant_chart(p, "j", figsize=(11, 5.6), max_labels=20)
    ax = fig.axes[0]
    x0 = ax.lines[0].get_xdata()[0]
    y0 = ax.lines[1].get_ydata()[0]
    dots = next(c for c in ax.collections if isinstance(c, PathCollection))
    offsets = dots.get_offsets()
    assert len(offsets) == len(ratings)
    for (x, y), (imp, sat) in zip(offsets, ratings):
        assert 0.5 < x < 5.5 and 0.5 < y < 5.5, (x, y)
        assert abs(x - sat) < 0.5 and abs(y - imp) < 0.5, ((x, y), (imp, sat))
        assert quadrant_of(y, x, x0, y0) == quadrant_of(imp, sat, x0, y0)


def test_a_dense_emotion_curve_shows_its_moving_average_over_a_faint_zigzag():
    # Thousands of steps drew a solid black block: the raw line must be faint, and the bold line
    # a smooth one a reader can follow.
    from matplotlib.lines import Line2D

    p = Project()
    entities: list[Any] = [Journey("j"), Stage("s", "j"), Lane("l", "j")]
    entities += [Touchpoint(f"t{i}", "j", "s", "l", position=i, title=f"t{i}", emotion=(i * 5) % 7 - 3)
                 for i in range(2000)]
    p.load(ProjectInfo(), entities)
    for lang, name in (("en", "Moving average"), ("es", "Media móvil")):
        fig = figures.emotion_curve(p, "j", lang=lang)
        render(fig)
        lines = [ln for ln in fig.axes[0].get_lines() if len(ln.get_xdata()) == 2000]
        bold = max(lines, key=Line2D.get_linewidth)
        faint = min(lines, key=Line2D.get_linewidth)
        assert faint.get_linewidth() <= 0.5
        ys = [float(y) for y in bold.get_ydata()]
        raw = [float(y) for y in faint.get_ydata()]
        travel = [sum(abs(b - a) for a, b in itertools.pairwise(v)) for v in (ys, raw)]
        assert travel[0] < travel[1] / 20
        assert name in [t.get_text() for t in all_texts(fig)]


def test_both_docks_say_the_journey_is_being_analysed_until_the_first_analysis(qtbot):
    """Under load the first analysis took seconds: the Charts dock showed a bare area and Insights an empty list
    without a word. Until it comes, each says it is on its way."""
    from cxdesigner.charts.dock import ChartsWidget
    from cxdesigner.panels.insights import InsightsWidget

    charts, insights = ChartsWidget(), InsightsWidget()
    for widget in (charts, insights):
        qtbot.addWidget(widget)
        widget.show()
    qtbot.waitUntil(lambda: charts.message.isVisible())
    assert charts.message.text() == insights.summary.text() == "Analysing the journey…"
    assert charts.save_button.isEnabled() is False
    p = Project()
    p.load(ProjectInfo(), [Journey("j", name="Empty"), Stage("s", "j"), Lane("l", "j")])
    done = JourneyAnalysis(p, "j", "en", analyze(p, "j"))
    charts.show_analysis(done)
    insights.show_analysis(done)
    qtbot.waitUntil(lambda: charts.message.text() != "Analysing the journey…" or charts.canvas is not None)
    assert insights.summary.text() != "Analysing the journey…"


def test_a_journey_without_cards_has_no_chart_to_save(qtbot, tmp_path):
    """On a blank project "Save…" was on under "The journey has no cards yet", and saved that sentence as a chart."""
    from cxdesigner.charts.dock import ChartsWidget

    widget = ChartsWidget()
    qtbot.addWidget(widget)
    widget.show()
    p = Project()
    p.load(ProjectInfo(), [Journey("j", name="Empty"), Stage("s", "j"), Lane("l", "j")])
    widget.show_analysis(JourneyAnalysis(p, "j", "en", analyze(p, "j")))
    assert widget.save_button.isEnabled() is False
    card = Touchpoint("t", "j", "s", "l", title="Calls", emotion=-1)
    p.apply([Change("touchpoint", "t", None, card)])
    widget.show_analysis(JourneyAnalysis(p, "j", "en", analyze(p, "j")))
    assert widget.save_button.isEnabled() is True


@pytest.mark.parametrize(
    ("make", "said", "traced"),
    [
        (MemoryError, "There is not enough memory to draw this chart: close other programs", False),
        (lambda: KeyError("ja-0"), "This chart could not be drawn because of an error in CX Designer (details", True),
    ],
    ids=["memory", "bug"],
)
def test_a_chart_that_cannot_be_drawn_says_what_to_do_not_pythons_words(dock, qtbot, monkeypatch, caplog, make, said,
                                                                          traced):
    # It said "Could not draw this chart: " and the exception's text ('ja-0', or nothing at all for MemoryError).
    def broken(**kwargs):
        raise make()

    monkeypatch.setattr(dock, "build_figure", broken)
    dock.show()
    qtbot.waitUntil(lambda: dock.message.isVisible() and dock.message.text().startswith(said[:10]), timeout=10000)
    text = dock.message.text()
    assert text.startswith(said) and "ja-0" not in text and "Error" not in text, text
    records = [r for r in caplog.records if r.name == "cxdesigner.charts.dock"]
    assert records and bool(records[-1].exc_info) == traced


def test_a_chart_not_saved_says_why_in_the_interface_language_and_what_to_do(dock, qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from cxdesigner import i18n

    dock.show()
    qtbot.waitUntil(lambda: dock.figure is not None, timeout=10000)
    target = tmp_path / "gone" / "chart.png"  # its folder does not exist
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    told: list[str] = []
    # The box shows the words as written (qttext.plain_message), not as rich text.
    monkeypatch.setattr(QMessageBox, "exec", lambda box: told.append(box.text()) or 0)
    i18n.set_language("es")
    try:
        dock.save_dialog()
    finally:
        i18n.set_language("en")
    # The write's refusal went uncaught, to the "unexpected error" box with its class name.
    assert told == [f"{target.parent}: la carpeta no existe; créela o elija otra"], told


def test_a_twenty_stage_curve_names_every_stage_whole_on_two_rows():
    """Twenty stages of three cards named every band «Sta…» on one row: the names go on two staggered rows."""
    entities: list[Any] = [Journey("j", name="Twenty")]
    names = [("Consideration" if i % 5 == 1 else f"Stage {i + 1}") for i in range(20)]
    for i, name in enumerate(names):
        entities.append(Stage(f"s{i}", "j", position=i, name=name, phase="during"))
    entities.append(Lane("l", "j"))
    for n in range(60):
        entities.append(Touchpoint(f"t{n}", "j", f"s{n // 3}", "l", position=n, title=f"Card {n}", emotion=n % 7 - 3))
    project = Project()
    project.load(ProjectInfo(), entities)
    fig = figures.emotion_curve(project, "j", figsize=(10.1, 5.6))  # the report's chart size
    render(fig)
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    labels = [t for t in ax.texts if t.get_position()[1] == pytest.approx(1.01)]
    assert [t.get_text() for t in labels] == names
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert len({round(b.y0) for b in boxes}) == 2  # two rows
    for a, b in itertools.combinations(boxes, 2):
        assert min(a.x1, b.x1) <= max(a.x0, b.x0) or min(a.y1, b.y1) <= max(a.y0, b.y0)  # none covers another
    title = ax.title if ax.title.get_text() else ax._left_title
    assert max(b.y1 for b in boxes) < title.get_window_extent(renderer).y0  # under the title


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_reports_quadrant_chart_numbers_its_points_and_lists_them_beside_it(qapp, lang):
    """The internet fault's titles beside their points covered each other and the points of a cluster: the report's
    chart numbers each point inside its disc, the discs apart, 1 the largest weighted gap, the titles listed."""
    from cxdesigner import api

    project = api.sample_project(lang)
    jid = project.journeys()[2].id
    result = analyze(project, jid, lang=lang)
    fig = figures.quadrant_chart(project, jid, lang=lang, figsize=(10.1, 5.6), result=result, max_labels=25,
                                 numbered=True)
    render(fig)
    ax, key = fig.axes
    renderer = fig.canvas.get_renderer()
    rated = [c for c in result["cards"] if c["importance"] is not None and c["satisfaction"] is not None]
    numbers = [t for t in ax.texts if t.get_text().isdigit()]
    assert sorted(int(t.get_text()) for t in numbers) == list(range(1, len(rated) + 1))
    discs = ax.collections[-1]
    centres = ax.transData.transform(discs.get_offsets())
    across = math.sqrt(discs.get_sizes()[0]) * fig.dpi / 72
    for a, b in itertools.combinations(centres, 2):
        assert math.dist(a, b) >= across  # no disc over another
    for number, (x, y) in zip(numbers, centres, strict=True):
        box = number.get_window_extent(renderer)
        assert x - across / 2 < box.x0 and box.x1 < x + across / 2  # each number inside its own disc
        assert y - across / 2 < box.y0 and box.y1 < y + across / 2
    lines_px = ax.transData.transform([(result["quadrants"]["satisfaction"], result["quadrants"]["importance"])])[0]
    for x, y in centres:  # none drawn across the crosshair (the card at (3, 4) was)
        assert abs(x - lines_px[0]) >= across / 2 and abs(y - lines_px[1]) >= across / 2
    first = next(t for t in numbers if t.get_text() == "1")
    top = project.get("touchpoint", result["gaps"]["items"][0])
    assert tuple(first.get_position()) in {tuple(p) for p in discs.get_offsets()}
    lines = [t.get_text() for t in key.texts]
    assert lines[0].startswith("1  " + top.title[:20])
    assert len(lines) == len(rated)


def test_the_numbered_discs_of_cards_sharing_a_rating_stand_apart():
    """Ten cards rated alike: on the ring the unnumbered dots keep, the numbered discs lay over each other."""
    entities: list[Any] = [Journey("j", name="Ten"), Stage("s", "j", name="One"), Lane("l", "j")]
    for n in range(10):
        entities.append(Touchpoint(f"t{n}", "j", "s", "l", position=n, title=f"Card {n}", importance=4,
                                   satisfaction=2))
    entities.append(Touchpoint("t10", "j", "s", "l", position=10, title="Other", importance=2, satisfaction=4))
    project = Project()
    project.load(ProjectInfo(), entities)
    fig = figures.quadrant_chart(project, "j", figsize=(10.1, 5.6), max_labels=25, numbered=True)
    render(fig)
    ax = fig.axes[0]
    discs = ax.collections[-1]
    centres = ax.transData.transform(discs.get_offsets())
    across = math.sqrt(discs.get_sizes()[0]) * fig.dpi / 72
    assert len(centres) == 11
    for a, b in itertools.combinations(centres, 2):
        assert math.dist(a, b) >= across
