"""Analysis charts as matplotlib Figures (object API, no pyplot): project text is always drawn literally."""

from __future__ import annotations

import io
import itertools
import math
import textwrap
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import offset_copy

from ..analysis import analyze, compare_journeys, quadrants
from ..analysis.measures import QUADRANTS
from ..analysis.report import answered_scores
from ..i18n import N_, translation
from ..layout import palette
from ..layout.bandnames import band_labels
from ..model import Project, vocab
from ..storage import atomic
from .placement import place_labels

# -- themes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    """Colours of a chart; ``dark`` follows a dark application palette."""

    background: str
    foreground: str
    muted: str
    grid: str
    band: str
    negative: str
    positive: str
    neutral: str
    moment: str
    quadrant: tuple[tuple[str, str], ...]  # (id, colour)
    cmap: str
    series: tuple[str, str]


THEMES = {
    "light": Theme(
        background="#ffffff",
        foreground="#222222",
        muted="#666666",
        grid="#dddddd",
        band="#f1f3f6",
        negative=palette.emotion_hex(-3),
        positive=palette.emotion_hex(3),
        neutral="#7f8c8d",
        moment="#e6a100",
        quadrant=(("concentrate", palette.emotion_hex(-3)), ("keep_up", palette.emotion_hex(3)),
                  ("low_priority", "#7f8c8d"), ("overkill", "#7a5aa6")),
        cmap="Blues",
        series=("#2471a3", "#e67e22"),
    ),
    "dark": Theme(
        background="#1e1f22",
        foreground="#e6e6e6",
        muted="#a0a0a0",
        grid="#3a3c40",
        band="#2a2c30",
        negative=palette.emotion_hex(-2),
        positive=palette.emotion_hex(2),
        neutral="#a0a8ad",
        moment="#ffc940",
        quadrant=(("concentrate", palette.emotion_hex(-2)), ("keep_up", palette.emotion_hex(2)),
                  ("low_priority", "#a0a8ad"), ("overkill", "#b59ad6")),
        cmap="viridis",
        series=("#5dade2", "#f5b041"),
    ),
}


def theme_of(name: str) -> Theme:
    """The theme called ``name`` (light when unknown)."""
    return THEMES.get(name, THEMES["light"])


# -- literal text -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _font() -> Any:
    from matplotlib import font_manager

    return font_manager.get_font(font_manager.findfont(font_manager.FontProperties()))


@lru_cache(maxsize=4096)
def _drawable(ch: str) -> str:
    """``ch`` if the chart font has it, nothing for invisible marks, else a white square."""
    if unicodedata.category(ch) in ("Cf", "Cc", "Cs", "Mn", "Me"):
        # Direction marks, joiners, variation selectors: invisible anyway, and missing glyphs warn.
        if unicodedata.category(ch) in ("Mn", "Me") and _font().get_char_index(ord(ch)):
            return ch
        return ""
    if _font().get_char_index(ord(ch)):
        return ch
    if unicodedata.category(ch) in ("So", "Sk"):
        # An emoji or pictograph from a phone (📱, 🔥, 👍, a skin tone): a box in its place reads as a
        # fault in a client's report, and the words around it say what the card is.
        return ""
    return "\u25a1"


def plain(text: str, limit: int = 60) -> str:
    """Project text made safe to draw: one line, at most ``limit`` characters, only glyphs the font has.

    Emoji the font lacks are left out; a letter it lacks (a script it does not cover) is a white square.
    """
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: max(1, limit - 1)].rstrip() + "…"
    drawn = " ".join("".join(_drawable(ch) for ch in text).split())
    if not drawn and text:  # only emoji: a square for each says there is a name the font cannot show
        return "".join("\u25a1" if unicodedata.category(ch) in ("So", "Sk") else "" for ch in text)[:limit]
    return drawn


def literal(ax_or_fig: Any, x: float, y: float, text: str, limit: int = 60, **kwargs: Any) -> Text:
    """Draw project text literally: matplotlib would read ``$…$`` as mathematics (and raise on ``$}$``)."""
    return ax_or_fig.text(x, y, plain(text, limit), parse_math=False, **kwargs)


def _plain_legend(legend: Any) -> None:
    if legend is not None:
        for t in legend.get_texts():
            t.set_parse_math(False)


# -- figure scaffolding ----------------------------------------------------------------------------


def _figure(theme: Theme, figsize: tuple[float, float]) -> Figure:
    fig = Figure(figsize=figsize, dpi=100, layout="constrained", facecolor=theme.background)
    return fig


def _style_axes(ax: Any, theme: Theme) -> None:
    ax.set_facecolor(theme.background)
    for spine in ax.spines.values():
        spine.set_color(theme.muted)
    ax.tick_params(colors=theme.foreground, labelcolor=theme.foreground)
    ax.xaxis.label.set_color(theme.foreground)
    ax.yaxis.label.set_color(theme.foreground)


def _title(ax: Any, text: str, theme: Theme, subtitle: str = "", pad: float = 6) -> None:
    """Title (with project text) and an optional second line, both literal."""
    title = plain(text, 90)
    if subtitle:
        title += "\n" + plain(subtitle, 140)
    ax.set_title(title, parse_math=False, color=theme.foreground, loc="left", fontsize=11, pad=pad)


def _legend_columns(fig: Figure, labels: Sequence[str], size: float, most: int) -> int:
    """How many of ``labels`` (at ``size`` points) a row of the figure's legend holds, up to ``most``: in the
    dock's narrowest chart a row of four, or two long journey names, ran off both edges."""
    room = fig.get_figwidth() * fig.dpi - 16
    entry = 5.0 * size * 100 / 72  # the marker, its gap and the gap to the next entry (matplotlib: 4.8 em)
    widths = [_text_px(label, size) + entry for label in labels]
    for columns in range(max(1, most), 1, -1):
        rows = [widths[i : i + columns] for i in range(0, len(widths), columns)]
        # Columns line up, each as wide as its widest entry.
        if sum(max(row[c] for row in rows if c < len(row)) for c in range(columns)) <= room:
            return columns
    return 1


def _message(fig: Figure, text: str, theme: Theme) -> None:
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.5, text, ha="center", va="center", color=theme.muted, fontsize=12, parse_math=False,
            transform=ax.transAxes)


def _emotion_axis(ax: Any, lang: str, theme: Theme) -> None:
    t = translation(lang)
    ax.set_ylim(-3.6, 3.6)
    # Each step by its name too (the user's own from the preferences, else the built-in one).
    ax.set_yticks(range(-3, 4), [f"{vocab.emotion_label(v, lang)}  {t.signed(v)}" for v in range(-3, 4)])
    ax.axhline(0, color=theme.muted, linewidth=0.8, zorder=1)
    ax.grid(axis="y", color=theme.grid, linewidth=0.6, zorder=0)
    ax.set_ylabel(t.gettext("Emotion (−3 … +3)"), parse_math=False)


# Points: a stage's name over its band, smaller only where the band is narrow, never under 7: the report prints a
# chart at its own size, and QtSvg sets text in whole pixels (6.5 printed 6; a band too narrow elides its name).
BAND_SIZES = (8.0, 7.0)


def _text_px(text: str, size: float) -> float:
    """The width of one line of ``text`` at ``size`` points in the charts' pixels (100 dpi)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    width, _h, _d = TextToPath().get_text_width_height_descent(text, FontProperties(size=size), ismath=False)
    return width * 100 / 72


def _band_labels(
    names: Sequence[str], bands: Sequence[tuple[float, float]], width: float, gap: float = 14.0
) -> list[tuple[str, float, float, int] | None]:
    """The stages' names over their bands (pixels from the axes' left): text, size, centre and row of each.

    On two staggered rows where one row cannot hold them whole: a journey of twenty stages named every band
    «Sta…» on one row, and a client could not tell which stage was which.
    """
    return band_labels([plain(name, 80) for name in names], bands, width, BAND_SIZES, _text_px, gap, staggered=True)


def _emotion_colour(e: int, theme: Theme) -> str:
    """A point's colour: the map's own for its score (orange ↔ blue), so chart and cards read alike."""
    return palette.emotion_hex(e) if e else theme.neutral


# -- emotion curve -------------------------------------------------------------------------------

TITLE_LIMIT = 60  # beyond this many points the card titles would be unreadable
DENSE_CURVE = 300  # beyond this many rated steps the curve is drawn as its moving average


def emotion_curve(
    project: Project,
    journey_id: str,
    *,
    path: Sequence[str] | None = None,
    path_number: int | None = None,
    lang: str = "en",
    theme: str = "light",
    figsize: tuple[float, float] = (10, 5.5),
    result: dict[str, Any] | None = None,
) -> Figure:
    """Emotion of the journey's cards in journey order, or of one path's steps, over stage bands.

    ``path`` is a list of card ids (one of the analysis's paths: ``analysis.outcome.path_cards``);
    ``path_number`` (1-based) only names it in the title.
    """
    th = theme_of(theme)
    t = translation(lang)
    fig = _figure(th, figsize)
    journey = project.get("journey", journey_id)
    cards = {tp.id: tp for tp in project.touchpoints(journey_id)}
    stages = project.stages(journey_id)
    stage_names = {s.id: (s.display_name(lang) or f"{i + 1}") for i, s in enumerate(stages)}
    seq = [cards[v] for v in path if v in cards] if path is not None else list(cards.values())
    if not seq:
        _message(fig, t.gettext("The journey has no cards yet"), th)
        return fig
    if all(tp.emotion is None for tp in seq):
        _message(fig, t.gettext("No card has an emotion score yet"), th)
        return fig
    ax = fig.add_subplot()
    _style_axes(ax, th)
    _emotion_axis(ax, lang, th)
    n = len(seq)

    # Stage bands: one per run of consecutive steps in the same stage (a loop-back starts a new run).
    runs: list[tuple[str, int, int]] = []
    for i, tp in enumerate(seq):
        if runs and runs[-1][0] == tp.stage_id:
            runs[-1] = (tp.stage_id, runs[-1][1], i)
        else:
            runs.append((tp.stage_id, i, i))
    # The axes' width as laid out (the emotion names on the left take more of it in Spanish), so each
    # stage's name is measured against its band's real width.
    fig.draw_without_rendering()
    axes_px = ax.get_window_extent().width
    mean_label = t.gettext("Stage mean")
    bands = [(axes_px * a / n, axes_px * (b + 1) / n) for _sid, a, b in runs]
    names = _band_labels([stage_names[sid] for sid, _a, _b in runs], bands, axes_px)
    for k, ((_sid, a, b), name) in enumerate(zip(runs, names, strict=True)):
        if k % 2 == 0:
            ax.axvspan(a - 0.5, b + 0.5, color=th.band, zorder=0, linewidth=0)
        if name is not None:
            text, size, x, row = name
            # The second row a line above the first (the names are of one line when staggered).
            where = offset_copy(ax.get_xaxis_transform(), fig=fig, y=row * size * 1.25, units="points")
            ax.text(-0.5 + n * x / axes_px, 1.01, text, parse_math=False, transform=where,
                    ha="center", va="bottom", fontsize=size, color=th.muted, linespacing=1.0)
        # Stage mean as a short dashed line over its band.
        rated = [seq[i].emotion for i in range(a, b + 1) if seq[i].emotion is not None]
        if rated:
            mean = sum(rated) / len(rated)
            ax.plot([a - 0.4, b + 0.4], [mean, mean], linestyle="--", linewidth=1, color=th.muted, zorder=2,
                    label=mean_label)
            mean_label = None  # one legend entry for all stage means

    rated_idx = [i for i, tp in enumerate(seq) if tp.emotion is not None]
    ys = [seq[i].emotion for i in rated_idx]
    if len(ys) > DENSE_CURVE:
        # Steps closer than a few pixels make a solid block of zigzag: show them faintly under their
        # moving average, as the report's cover does.
        ax.plot(rated_idx, ys, color=th.muted, linewidth=0.3, alpha=0.6, zorder=3)
        half = max(1, len(ys) // 40)
        sums = [0.0, *itertools.accumulate(ys)]
        smooth = [(sums[min(len(ys), k + half + 1)] - sums[max(0, k - half)])
                  / (min(len(ys), k + half + 1) - max(0, k - half)) for k in range(len(ys))]
        ax.plot(rated_idx, smooth, color=th.foreground, linewidth=1.8, zorder=4, label=t.gettext("Moving average"))
    else:
        ax.plot(rated_idx, ys, color=th.foreground, linewidth=1.6, zorder=3)
        # A thin outline in the text colour: the light ends of the scale (−1, +1) stay visible on the paper.
        ax.scatter(rated_idx, ys, c=[_emotion_colour(e, th) for e in ys], s=36 if n <= 200 else 8, zorder=4,
                   edgecolors=th.foreground, linewidths=0.5)
        # Legend proxies: one per colour meaning, since the points themselves mix colours.
        for label, colour in ((t.gettext("Positive"), th.positive), (t.gettext("Neutral"), th.neutral),
                              (t.gettext("Negative"), th.negative)):
            ax.scatter([], [], color=colour, s=36, edgecolors=th.foreground, linewidths=0.5, label=label)
    moments = [i for i in rated_idx if seq[i].moment_of_truth]
    if moments:
        ax.scatter(moments, [seq[i].emotion for i in moments], marker="*", s=260 if n <= 200 else 60,
                   color=th.moment, edgecolors=th.foreground, linewidths=0.6, zorder=5,
                   label=t.gettext("Moment of truth"))

    ax.set_xlim(-0.5, n - 0.5)
    ax.set_xticks([])
    if n <= TITLE_LIMIT:
        size = 8 if n <= 30 else 7  # 7 points at the most titles: the report's least size
        for i, tp in enumerate(seq):
            literal(ax, i, -0.02, tp.title, limit=28, transform=ax.get_xaxis_transform(), rotation=40,
                    rotation_mode="anchor", ha="right", va="top", fontsize=size, color=th.foreground)
    else:
        ax.set_xlabel(t.gettext("Steps of the path") if path is not None else t.gettext("Cards in journey order"),
                      parse_math=False)

    if path is not None:
        from ..analysis.measures import path_metrics

        metrics = path_metrics([tp.id for tp in seq], {tp.id: tp.emotion for tp in seq})
        valley = metrics["valley"]
        if valley is not None:
            i = next(k for k, tp in enumerate(seq) if tp.id == valley["card"])
            ax.scatter([i], [valley["emotion"]], marker="v", s=120, facecolors="none", edgecolors=th.negative,
                       linewidths=1.5, zorder=6, label=t.gettext("Valley"))
        title = t.gettext("Emotion along path {n}: {name}").format(n=path_number or "", name=plain(journey.name, 60))
        sub = t.gettext("peak-end {pe} · net experience {net} · mean {mean}").format(
            pe=t.signed(metrics["peak_end"]), net=t.signed(metrics["net"]), mean=t.signed(metrics["mean"]))
    else:
        rated_all = [tp.emotion for tp in seq if tp.emotion is not None]
        net = sum(1 for e in rated_all if e > 0) - sum(1 for e in rated_all if e < 0)
        title = t.gettext("Emotion curve: {name}").format(name=plain(journey.name, 60))
        sub = t.ngettext("net experience {net} · mean {mean} · {n} card in journey order",
                         "net experience {net} · mean {mean} · {n} cards in journey order", n).format(
            net=t.signed(net), mean=t.signed(sum(rated_all) / len(rated_all)), n=t.number(n))
    # The stage names sit just above the axes, so the title needs more room (another line's for a name on two).
    wrapped = any(name is not None and ("\n" in name[0] or name[3]) for name in names)
    _title(ax, title, th, sub, pad=28 if wrapped else 18)
    handles, labels = ax.get_legend_handles_labels()
    legend = fig.legend(handles, labels, loc="outside lower center", fontsize=8, frameon=False,
                        labelcolor=th.foreground, ncols=_legend_columns(fig, labels, 8, len(handles)))
    _plain_legend(legend)
    return fig


# -- importance–satisfaction quadrants ----------------------------------------------------------------


AXIS_START, AXIS_END = 0.5, 5.5  # the quadrant chart's axes, a half step past the 1-5 scale
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
SPREAD_MAX = 0.4  # the widest a rating's cloud of cards grows: the next rating is 1 away
NUMBERED_POINT = 150  # a numbered point's area (points²): a disc some 12 points across holds "25" at 7 points


def _spread(
    points: list[tuple[float, float]], radius: float = 0.17, crosshair: tuple[float, float] | None = None,
    apart: float = 0.0,
) -> list[tuple[float, float]]:
    """Cards sharing one (satisfaction, importance) point, spread on a small ring so each stays visible.

    The ring widens with the cards on it up to ``SPREAD_MAX``; more cards than that ring holds
    fill a disc of that size instead (a ring as wide as their number asks for ran off the chart
    and across the other ratings on a large map). A ring that would straddle the ``crosshair``
    is moved to the side its cards belong to (a value on a line counts as high, as
    ``quadrant_of`` says): a point drawn across the line reads as the wrong quadrant. A ring's
    neighbours are ``apart`` or more from each other where ``SPREAD_MAX`` allows, and a lone point
    is kept half that from the lines (numbered discs).
    """
    groups: dict[tuple[float, float], list[int]] = {}
    for i, p in enumerate(points):
        groups.setdefault(p, []).append(i)
    out = list(points)
    for (x, y), idx in groups.items():
        n = len(idx)
        if n == 1:
            if apart and crosshair is not None:
                # A numbered disc is wide: one on a rating beside the line was drawn across it.
                out[idx[0]] = tuple(_clear_of(v, line, apart / 2) for v, line in zip((x, y), crosshair))
            continue
        r = max(radius * (1 + 0.25 * max(0, n - 6) / 6), apart / (2 * math.sin(math.pi / n)))
        ring = r <= SPREAD_MAX
        r = min(r, SPREAD_MAX)
        if crosshair is not None:
            # Room between the line and the chart's edge on the ratings' side of it, for the whole ring.
            room = min(AXIS_END - line if v >= line else line - AXIS_START for v, line in zip((x, y), crosshair))
            r = max(0.0, min(r, (room - 0.03 - apart) / 2))
            x, y = (_clear_of(v, line, r + apart / 2) for v, line in zip((x, y), crosshair))
        for k, i in enumerate(idx):
            if ring:
                angle = math.pi / 2 + 2 * math.pi * k / n
                out[i] = (x + r * math.cos(angle), y + r * math.sin(angle))
            else:  # a sunflower: evenly spread over the disc, whatever the number
                d, angle = r * math.sqrt((k + 0.5) / n), k * GOLDEN_ANGLE
                out[i] = (x + d * math.cos(angle), y + d * math.sin(angle))
    return out


def _clear_of(value: float, line: float, r: float) -> float:
    """A ring's centre moved, if need be, so the ring lies wholly on ``value``'s side of ``line``."""
    gap = r + 0.03
    return max(value, line + gap) if value >= line else min(value, line - gap)


@dataclass(frozen=True)
class _Rated:
    id: str
    importance: float | None
    satisfaction: float | None

    @property
    def gap(self) -> float | None:
        if self.importance is None or self.satisfaction is None:
            return None
        return self.importance - self.satisfaction


def gaps_by_responses(project: Project, result: dict[str, Any]) -> list[dict[str, Any]]:
    """The card rows of the gap ranking the quadrant chart places, first to fix first: the analysis already
    ranks by the scores :func:`~cxdesigner.analysis.report.answered_scores` decides (a room's ratings where a
    card has them), and its card rows hold them."""
    rows = {c["id"]: c for c in result["cards"]}
    return [rows[card_id] for card_id in result["gaps"]["items"]]


def rated_by_responses(
    project: Project, cards: Sequence[dict[str, Any]]
) -> tuple[list[dict[str, Any]], bool]:
    """Each card's importance and satisfaction as the analysis decides them (``answered_scores``:
    the mean of its answers of that measure, a room's ratings included, else the card's own score),
    and whether any came from answers."""
    answered = answered_scores(project, (c["id"] for c in cards))
    rows = []
    for c in cards:
        tp = project.tables["touchpoint"].get(c["id"])
        own = {k: getattr(tp, k) if tp is not None else c[k] for k in ("importance", "satisfaction")}
        rows.append({"id": c["id"], "title": c["title"], **own, **answered.get(c["id"], {})})
    return rows, bool(answered)


def quadrant_chart(
    project: Project,
    journey_id: str,
    *,
    crosshair: str = "mean",
    lang: str = "en",
    theme: str = "light",
    figsize: tuple[float, float] = (9, 7),
    result: dict[str, Any] | None = None,
    max_labels: int | None = None,
    numbered: bool = False,
) -> Figure:
    """Martilla & James importance–performance chart with a labelled point per rated card.

    ``max_labels`` names only that many points, the largest weighted gaps first: hundreds of
    labels cannot be read, and placing them costs time that grows with their square.
    ``numbered`` labels the points with numbers, the largest weighted gap 1, and lists the numbered
    cards' titles beside the chart (the report's): a cluster of titles covered each other and the points.
    """
    th = theme_of(theme)
    t = translation(lang)
    fig = _figure(th, figsize)
    journey = project.get("journey", journey_id)
    if result is None:
        result = analyze(project, journey_id, crosshair=crosshair, lang=lang, max_paths=0, max_cycles=0)
    q = result["quadrants"]
    rows = [{"id": c["id"], "title": c["title"], "importance": c["importance"], "satisfaction": c["satisfaction"]}
            for c in result["cards"]]
    if q["crosshair"] != crosshair:
        # Only the split follows the crosshair: work it out alone rather than analysing again.
        split = quadrants([_Rated(r["id"], r["importance"], r["satisfaction"]) for r in rows], crosshair)
        q = {**split, "labels": q["labels"]}
    cards = [c for c in rows if c["importance"] is not None and c["satisfaction"] is not None]
    if not cards:
        _message(fig, t.gettext("No card has both importance and satisfaction yet"), th)
        return fig
    if numbered:
        grid = fig.add_gridspec(1, 2, width_ratios=[2.6, 1])
        ax, key_ax = fig.add_subplot(grid[0]), fig.add_subplot(grid[1])
        key_ax.set_axis_off()
    else:
        ax = fig.add_subplot()
    _style_axes(ax, th)
    ax.set_xlim(AXIS_START, AXIS_END)
    ax.set_ylim(AXIS_START, AXIS_END)
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    ax.set_xlabel(t.gettext("Satisfaction / performance (1–5)"), parse_math=False)
    ax.set_ylabel(t.gettext("Importance to the customer (1–5)"), parse_math=False)
    x0, y0 = q["satisfaction"], q["importance"]
    colours = dict(th.quadrant)
    # Quadrant tints and names in the corners.
    corners = {
        "concentrate": ((0.5, x0), (y0, 5.5), (0.01, 0.99), "left", "top"),
        "keep_up": ((x0, 5.5), (y0, 5.5), (0.99, 0.99), "right", "top"),
        "low_priority": ((0.5, x0), (0.5, y0), (0.01, 0.01), "left", "bottom"),
        "overkill": ((x0, 5.5), (0.5, y0), (0.99, 0.01), "right", "bottom"),
    }
    names = []
    for key, ((xa, xb), (ya, yb), (tx, ty), ha, va) in corners.items():
        ax.fill_between([xa, xb], ya, yb, color=colours[key], alpha=0.07, linewidth=0, zorder=0)
        names.append(ax.text(tx, ty, q["labels"][key], transform=ax.transAxes, ha=ha, va=va, fontsize=10,
                             fontweight="bold", color=colours[key], alpha=0.9, parse_math=False, zorder=1))
    ax.axvline(x0, color=th.muted, linestyle="--", linewidth=1, zorder=2)
    ax.axhline(y0, color=th.muted, linestyle="--", linewidth=1, zorder=2)
    quadrant_of = {v: key for key in QUADRANTS for v in q["items"][key]}
    apart = 0.0
    if numbered:
        # The numbered discs of a rating shared by several cards side by side, not over each other.
        fig.draw_without_rendering()
        box = ax.get_window_extent()
        per_unit = min(box.width, box.height) / (AXIS_END - AXIS_START) * 72 / fig.dpi  # points per rating step
        apart = (math.sqrt(NUMBERED_POINT) + 1.5) / per_unit  # a marker of area s is sqrt(s) points across
    points = _spread([(float(c["satisfaction"]), float(c["importance"])) for c in cards], crosshair=(x0, y0),
                     apart=apart)
    ax.scatter([p[0] for p in points], [p[1] for p in points], s=42, zorder=4,
               c=[colours[quadrant_of[c["id"]]] for c in cards], edgecolors=th.background, linewidths=0.8)
    if q["crosshair"] == "mean":
        sub = t.gettext("Crosshair at the means (satisfaction {x}, importance {y})").format(
            x=t.number(x0, 2), y=t.number(y0, 2))
    else:
        sub = t.gettext("Crosshair at the scale midpoint (3, 3)")
    _title(ax, t.gettext("Importance vs satisfaction: {name}").format(name=plain(journey.name, 60)), th, sub)
    labels = [plain(c["title"], 24) or "…" for c in cards]
    rank = {card_id: i for i, card_id in enumerate(result["gaps"]["items"])}
    if numbered:
        # Numbered in the order the gap ranking fixes them: 1 is the card to improve first.
        named = sorted(range(len(cards)), key=lambda i: (rank.get(cards[i]["id"], len(rank)), i))[:max_labels]
        points = [points[i] for i in named]
        labels = [t.number(n + 1) for n in range(len(named))]
        lines = [f"{t.number(n + 1)}  {plain(cards[i]['title'], 40) or '…'}" for n, i in enumerate(named)]
        size = 7.5 if len(lines) <= 26 else 7.0
        for n, line in enumerate(lines):
            key_ax.text(0.0, 1.0, line, ha="left", va="top", fontsize=size, color=th.foreground, parse_math=False,
                        transform=offset_copy(key_ax.transAxes, fig=fig, y=-n * size * 1.3, units="points"))
        if len(cards) > len(named):
            hidden = len(cards) - len(named)
            more = t.ngettext("{n} more card not shown", "{n} more cards not shown", hidden)
            key_ax.text(0.0, 1.0, more.format(n=t.number(hidden)), ha="left", va="top", fontsize=size,
                        color=th.muted, parse_math=False,
                        transform=offset_copy(key_ax.transAxes, fig=fig, y=-len(lines) * size * 1.3, units="points"))
    elif max_labels is not None and len(cards) > max_labels:
        named = sorted(range(len(cards)), key=lambda i: rank.get(cards[i]["id"], len(rank)))[:max_labels]
        named.sort()
        points, labels = [points[i] for i in named], [labels[i] for i in named]
    if numbered:
        # Each number inside its own point: a number beside a point in a cluster stood as near another one.
        ax.scatter([p[0] for p in points], [p[1] for p in points], s=NUMBERED_POINT, zorder=5,
                   c=[colours[quadrant_of[cards[i]["id"]]] for i in named], edgecolors=th.background, linewidths=0.8)
        for (x, y), label in zip(points, labels, strict=True):
            ax.text(x, y, label, ha="center", va="center_baseline", fontsize=7, fontweight="bold", color="#ffffff",
                    parse_math=False, zorder=6)
        return fig
    place_labels(fig, ax, points, labels, colour=th.foreground, line_colour=th.muted, vlines=[x0], hlines=[y0],
                 avoid=names)
    return fig


# -- gap ranking -------------------------------------------------------------------------------------


def gap_chart(
    project: Project,
    journey_id: str,
    *,
    limit: int = 15,
    lang: str = "en",
    theme: str = "light",
    figsize: tuple[float, float] = (10, 6),
    result: dict[str, Any] | None = None,
) -> Figure:
    """Horizontal bars of the largest weighted gaps, the card to fix first on top."""
    th = theme_of(theme)
    t = translation(lang)
    fig = _figure(th, figsize)
    journey = project.get("journey", journey_id)
    if result is None:
        result = analyze(project, journey_id, lang=lang, max_paths=0, max_cycles=0)
    items = gaps_by_responses(project, result)  # as the quadrant chart places the cards
    if not items:
        _message(fig, t.gettext("No card has both importance and satisfaction yet"), th)
        return fig
    shown = items[:limit]
    ax = fig.add_subplot()
    _style_axes(ax, th)
    ys = list(range(len(shown)))[::-1]
    values = [g["importance"] * g["gap"] for g in shown]  # the weighted gap (docs §4)
    colours = [th.negative if g["gap"] > 0 else th.positive if g["gap"] < 0 else th.neutral for g in shown]
    ax.barh(ys, values, color=colours, height=0.65, zorder=3)
    ax.axvline(0, color=th.muted, linewidth=0.8, zorder=2)
    ax.grid(axis="x", color=th.grid, linewidth=0.6, zorder=0)
    ax.set_yticks([])
    ax.set_ylim(-0.6, len(shown) - 0.4)
    lo, hi = min(0, *values), max(0, *values)
    span = max(1, hi - lo)
    ax.set_xlim(lo - 0.05 * span - (0.3 * span if lo < 0 else 0), hi + 0.3 * span)
    for y, g, x in zip(ys, shown, values):
        literal(ax, -0.01, y, g["title"], limit=40, transform=ax.get_yaxis_transform(), ha="right",
                va="center", fontsize=8.5, color=th.foreground)
        note = t.gettext("gap {gap} (I {i}, S {s})").format(gap=t.signed(g["gap"]), i=g["importance"],
                                                             s=g["satisfaction"])
        ax.text(x + (0.01 * span if x >= 0 else -0.01 * span), y, note, ha="left" if x >= 0 else "right",
                va="center", fontsize=7.5, color=th.muted, parse_math=False)
    # Wrapped: under axes that the card titles push to the right, one long line runs off the figure.
    xlabel = textwrap.fill(t.gettext("Weighted gap = importance × (importance − satisfaction)"), 36)
    ax.set_xlabel(xlabel, parse_math=False)
    hidden = len(items) - len(shown)
    more = t.ngettext("{n} more card not shown", "{n} more cards not shown", hidden)
    sub = more.format(n=t.number(hidden)) if hidden else ""
    _title(ax, t.gettext("Gap ranking: {name}").format(name=plain(journey.name, 60)), th, sub)
    return fig


# -- stage × channel heatmap ---------------------------------------------------------------------------


def coverage_heatmap(
    project: Project,
    journey_id: str,
    *,
    lang: str = "en",
    theme: str = "light",
    figsize: tuple[float, float] = (10, 6),
    result: dict[str, Any] | None = None,
) -> Figure:
    """Cards per stage (rows) and channel (columns); empty stages are marked."""
    th = theme_of(theme)
    t = translation(lang)
    fig = _figure(th, figsize)
    journey = project.get("journey", journey_id)
    if result is None:
        result = analyze(project, journey_id, lang=lang, max_paths=0, max_cycles=0)
    cov = result["coverage"]
    stages = result["stages"]
    if not stages or not cov["channels"]:
        _message(fig, t.gettext("The journey has no cards yet"), th)
        return fig
    matrix = cov["matrix"]
    ax = fig.add_subplot()
    _style_axes(ax, th)
    top = max(max(row) for row in matrix) or 1
    # Empty cells take the background colour so the covered ones stand out in either theme.
    cmap = matplotlib.colormaps[th.cmap].with_extremes(bad=th.background)
    image = ax.imshow(np.ma.masked_equal(np.array(matrix), 0), cmap=cmap, vmin=0, vmax=top, aspect="auto")
    ax.set_xticks([j - 0.5 for j in range(1, len(matrix[0]))], minor=True)
    ax.set_yticks([i - 0.5 for i in range(1, len(matrix))], minor=True)
    ax.grid(which="minor", color=th.grid, linewidth=0.6)
    ax.tick_params(which="minor", length=0)
    for i, row in enumerate(matrix):
        for j, count in enumerate(row):
            if count:
                r, g, b, _ = cmap(count / top)
                light = 0.299 * r + 0.587 * g + 0.114 * b > 0.55
                ax.text(j, i, str(count), ha="center", va="center", fontsize=9,
                        color="#111111" if light else "#ffffff")
    ax.set_xticks([])
    ax.set_yticks([])
    empty = set(cov["empty_stages"])
    for i, s in enumerate(stages):
        name = plain(s["name"], 28)
        if s["id"] in empty:
            name += " " + t.gettext("(empty)")
        ax.text(-0.01, i, name, transform=ax.get_yaxis_transform(), ha="right", va="center", fontsize=8.5,
                color=th.negative if s["id"] in empty else th.foreground, parse_math=False)
    for j, ch in enumerate(cov["channels"]):
        literal(ax, j, -0.01, ch["name"], limit=24, transform=ax.get_xaxis_transform(), rotation=35,
                rotation_mode="anchor", ha="right", va="top", fontsize=8, color=th.foreground)
    bar = fig.colorbar(image, ax=ax, shrink=0.8, ticks=MaxNLocator(integer=True))
    bar.set_label(t.gettext("Cards"), color=th.foreground)
    bar.ax.tick_params(colors=th.foreground)
    _title(ax, t.gettext("Cards per stage and channel: {name}").format(name=plain(journey.name, 60)), th)
    return fig


# -- persona comparison ------------------------------------------------------------------------------


def comparison_chart(
    project: Project,
    journey_a: str,
    journey_b: str | None,
    *,
    lang: str = "en",
    theme: str = "light",
    figsize: tuple[float, float] = (10, 7),
) -> Figure:
    """Two journeys side by side by stage: mean emotion and mean gap, with card counts."""
    th = theme_of(theme)
    t = translation(lang)
    fig = _figure(th, figsize)
    if not journey_b:
        _message(fig, t.gettext("Choose a second journey to compare with"), th)
        return fig
    cmp = compare_journeys(project, journey_a, journey_b, lang=lang)
    rows = cmp["stages"]
    if not rows:
        _message(fig, t.gettext("The journey has no cards yet"), th)
        return fig
    colours = []
    for side, fallback in zip(("a", "b"), th.series):
        journey = project.get("journey", cmp[side]["id"])
        persona = project.tables["persona"].get(journey.persona_id) if journey.persona_id else None
        colour = persona.colour if persona else fallback
        colours.append(colour)
    if colours[0] == colours[1]:
        colours = list(th.series)
    names = []
    for side in ("a", "b"):
        name = plain(cmp[side]["name"], 40)
        if cmp[side]["persona"]:
            name = f"{plain(cmp[side]['persona'], 30)} · {name}"
        names.append(name)
    ax1, ax2 = fig.subplots(2, 1, sharex=True)
    xs = list(range(len(rows)))
    width = 0.38
    for ax, field, label in ((ax1, "mean", t.gettext("Mean emotion")),
                             (ax2, "mean_gap", t.gettext("Mean gap (importance − satisfaction)"))):
        _style_axes(ax, th)
        ax.axhline(0, color=th.muted, linewidth=0.8)
        ax.grid(axis="y", color=th.grid, linewidth=0.6, zorder=0)
        # Named over the panel, not along its side: turned on its side, "Mean gap (importance − satisfaction)"
        # is taller than a panel in the dock and ran up beside the emotion panel's name.
        ax.set_title(label, parse_math=False, loc="right", fontsize=9, color=th.foreground)
        for k, side in enumerate(("a", "b")):
            offs = [x + (k - 0.5) * width for x in xs]
            vals = [(r[side][field] if r[side] and r[side][field] is not None else 0.0) for r in rows]
            bars = ax.bar(offs, vals, width=width, color=colours[k], zorder=3, label=names[k])
            if field == "mean":
                for b, r in zip(bars, rows):
                    if r[side]:
                        y = b.get_height()
                        ax.text(b.get_x() + b.get_width() / 2, y + (0.08 if y >= 0 else -0.08),
                                t.gettext("n={n}").format(n=r[side]["count"]), ha="center",
                                va="bottom" if y >= 0 else "top", fontsize=7, color=th.muted)
    ax1.set_ylim(-3.6, 3.6)
    ax1.set_yticks(range(-3, 4), [t.signed(v) for v in range(-3, 4)])
    ax2.set_ylim(-4.2, 4.2)
    ax2.set_xticks([])
    ax2.set_xlim(-0.6, len(rows) - 0.4)
    for x, r in zip(xs, rows):
        literal(ax2, x, -0.02, r["label"], limit=22, transform=ax2.get_xaxis_transform(), rotation=25,
                rotation_mode="anchor", ha="right", va="top", fontsize=8.5, color=th.foreground)
    _title(ax1, t.gettext("Persona comparison by stage"), th)
    handles, labels = ax1.get_legend_handles_labels()
    legend = fig.legend(handles, labels, loc="outside lower center", fontsize=8.5, frameon=False,
                        labelcolor=th.foreground, ncols=_legend_columns(fig, labels, 8.5, 2))
    _plain_legend(legend)
    return fig


# -- registry and saving -----------------------------------------------------------------------------

CHART_KEYS = ("emotion_curve", "quadrants", "gaps", "heatmap", "comparison")


CHART_NAMES = {
    "emotion_curve": N_("Emotion curve"),
    "quadrants": N_("Importance vs satisfaction"),
    "gaps": N_("Gap ranking"),
    "heatmap": N_("Stages × channels"),
    "comparison": N_("Persona comparison"),
}


def chart_label(key: str, lang: str = "en") -> str:
    """The name of a chart for pickers and file names."""
    return translation(lang).gettext(CHART_NAMES[key])


def make_chart(
    key: str,
    project: Project,
    journey_id: str,
    *,
    lang: str = "en",
    theme: str = "light",
    figsize: tuple[float, float] | None = None,
    path: Sequence[str] | None = None,
    path_number: int | None = None,
    other_journey: str | None = None,
    crosshair: str = "mean",
    result: dict[str, Any] | None = None,
) -> Figure:
    """Build the chart called ``key`` (one of :data:`CHART_KEYS`) with the options that apply to it."""
    size: dict[str, Any] = {"figsize": figsize} if figsize else {}
    builders: dict[str, Callable[[], Figure]] = {
        "emotion_curve": lambda: emotion_curve(project, journey_id, path=path, path_number=path_number, lang=lang,
                                               theme=theme, result=result, **size),
        "quadrants": lambda: quadrant_chart(project, journey_id, crosshair=crosshair, lang=lang, theme=theme,
                                            result=result, **size),
        "gaps": lambda: gap_chart(project, journey_id, lang=lang, theme=theme, result=result, **size),
        "heatmap": lambda: coverage_heatmap(project, journey_id, lang=lang, theme=theme, result=result, **size),
        "comparison": lambda: comparison_chart(project, journey_id, other_journey, lang=lang, theme=theme, **size),
    }
    if key not in builders:
        raise ValueError(f"Unknown chart {key!r}; choose one of {', '.join(CHART_KEYS)}")
    fig = builders[key]()
    _fit_titles(fig)
    return fig


def _wrapped(line: str, width: float, size: float) -> list[str]:
    """``line`` broken at spaces into lines no wider than ``width`` pixels at ``size`` points (a longer word
    keeps its own line)."""
    out: list[str] = []
    for word in line.split(" "):
        if out and _text_px(f"{out[-1]} {word}", size) <= width:
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    return out or [line]


def _fit_titles(fig: Figure) -> None:
    """Wrap each axes' title where the figure ends: a title starts at its axes' left edge, which only the
    layout knows (long tick labels push it right), and a narrow or floated dock cut long ones off."""
    titled = [(ax, ax._left_title) for ax in fig.axes if ax._left_title.get_text()]
    if not titled or fig.get_layout_engine() is None:
        return
    renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else None
    if renderer is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        renderer = FigureCanvasAgg(fig).get_renderer()
    fig.get_layout_engine().execute(fig)
    for ax, title in titled:
        room = fig.bbox.x1 - ax.get_window_extent(renderer).x0 - 6
        size = title.get_fontsize()
        lines = title.get_text().split("\n")
        if all(_text_px(line, size) <= room for line in lines):
            continue
        title.set_text("\n".join(part for line in lines for part in _wrapped(line, room, size)))


SAVE_FORMATS = ("png", "svg", "pdf")


def save_figure(fig: Figure, path: str | Path, fmt: str | None = None, dpi: int = 150) -> Path:
    """Write ``fig`` as PNG, SVG or PDF (from ``fmt`` or the file's suffix)."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "png").lower()
    if fmt not in SAVE_FORMATS:
        raise ValueError(f"Charts can be saved as {', '.join(SAVE_FORMATS).upper()}, not {fmt!r}")
    if fig.canvas is None or type(fig.canvas).__name__ == "FigureCanvasBase":
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=dpi, facecolor=fig.get_facecolor(), metadata=_metadata(fmt))
    return atomic.write_bytes(path, buffer.getvalue())


def _metadata(fmt: str) -> dict[str, Any]:
    # A fixed creator (and no date in SVG) keeps exports reproducible for diffing.
    if fmt == "svg":
        return {"Creator": "CX Designer", "Date": None}
    if fmt == "pdf":
        return {"Creator": "CX Designer", "CreationDate": None}
    return {"Software": "CX Designer"}
