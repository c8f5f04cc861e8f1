"""Stage names under (or over) a curve's stage bands: whole where the room allows, by one rule for every curve.

Pure arithmetic over widths a caller measures (matplotlib for the charts, Qt for the report's cover),
so the charts' curve and the cover's small one name their stages alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

#: ``measure(text, size)``: the width of one line of ``text`` at ``size`` points, in the bands' units.
Measure = Callable[[str, float], float]
#: A name placed: its text (one or two lines), its size in points, the centre of its box and its row (0 or 1).
Placed = tuple[str, float, float, int]


def shortened(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the last an ellipsis."""
    return text if len(text) <= limit else text[: max(1, limit - 1)].rstrip() + "…"


def label_width(text: str, size: float, measure: Measure) -> float:
    """The width of a name of one or two lines."""
    return max(measure(line, size) for line in text.split("\n"))


def band_label(text: str, room: float, size: float, measure: Measure) -> tuple[str, bool]:
    """``text`` at ``size`` points for ``room``, and whether it fits it.

    One line, else two lines split between words; a name that fits neither is given on as little
    room as it takes (two lines if it has two words), for its neighbours' room to take.
    """
    if measure(text, size) <= room:
        return text, True
    words = text.split(" ")
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    if not splits:
        return text, False
    best = min(splits, key=lambda pair: max(measure(line, size) for line in pair))
    return "\n".join(best), max(measure(line, size) for line in best) <= room


def band_labels(
    names: Sequence[str],
    bands: Sequence[tuple[float, float]],
    width: float,
    sizes: Sequence[float],
    measure: Measure,
    gap: float,
    staggered: bool = False,
) -> list[Placed | None]:
    """The names over their bands (``bands`` as (left, right) from the plot's left, ``width`` wide).

    Each name as large as its band allows (the first of ``sizes`` that does), on two lines if that
    keeps the size. A name too long for its band takes the room its neighbours' names leave, moved
    off its band's centre if need be but still over it (a first stage of two cards, "Reconocimiento",
    was cut to "Reconoci…" with room beside it). Where that is not enough even at the smallest size,
    and the caller has the height for it (``staggered``), the names go on two rows, every other one
    on the second, each a line. Only then is a name shortened to its band, or left out when not
    three letters fit.
    """
    modes = [1, 2] if staggered else [1]
    chosen: list[tuple[str, float] | None] = []
    for rows in modes:
        for size in sizes:
            chosen = [
                (band_label(name, b - a - gap, size, measure)[0] if rows == 1 else name, size)
                for name, (a, b) in zip(names, bands, strict=True)
            ]
            placed = _place_rows(chosen, bands, width, gap, measure, rows)
            if all(spot is not None for spot in placed):
                return placed
    rows = modes[-1]
    for _round in range(len(names) + 1):  # shortening one name can push no other off: this ends
        placed = _place_rows(chosen, bands, width, gap, measure, rows)
        todo = [k for k, spot in enumerate(placed) if spot is None and chosen[k] is not None]
        if not todo:
            return placed
        for k in todo:
            chosen[k] = _fit(names[k], bands[k][1] - bands[k][0] - gap, sizes[-1], measure)
            # Its neighbours on its row that reach over other bands give that room back: shortened to their
            # own, or a first stage of two cards beside a long whole name stayed unnamed for good.
            for j in (k - rows, k + rows):
                spot = chosen[j] if 0 <= j < len(chosen) else None
                room = bands[j][1] - bands[j][0] - gap if spot is not None else 0.0
                if spot is not None and label_width(spot[0], spot[1], measure) > room:
                    chosen[j] = _fit(names[j], room, sizes[-1], measure)
    return _place_rows(chosen, bands, width, gap, measure, rows)


def _fit(text: str, room: float, size: float, measure: Measure) -> tuple[str, float] | None:
    """``text`` shortened until it fits ``room`` at ``size`` points; None when not three letters do."""
    fits = (short for limit in range(len(text) - 1, 2, -1) if measure(short := shortened(text, limit), size) <= room)
    short = next(fits, None)
    return None if short is None else (short, size)


def _place_rows(
    chosen: Sequence[tuple[str, float] | None],
    bands: Sequence[tuple[float, float]],
    width: float,
    gap: float,
    measure: Measure,
    rows: int,
) -> list[Placed | None]:
    """Each row placed on its own: on two rows, a name's neighbours are the names two bands away."""
    out: list[Placed | None] = [None] * len(chosen)
    for row in range(rows):
        ks = list(range(row, len(chosen), rows))
        spots = _place([chosen[k] for k in ks], [bands[k] for k in ks], width, gap, measure)
        for k, spot in zip(ks, spots, strict=True):
            out[k] = None if spot is None else (*spot, row)
    return out


def _place(
    chosen: Sequence[tuple[str, float] | None],
    bands: Sequence[tuple[float, float]],
    width: float,
    gap: float,
    measure: Measure,
) -> list[tuple[str, float, float] | None]:
    """Centres for the names (each over its band, apart by ``gap``, inside the plot); None where none is."""
    widths = [label_width(c[0], c[1], measure) if c is not None else 0.0 for c in chosen]
    lefts = [(a + b) / 2 - w / 2 for (a, b), w in zip(bands, widths, strict=True)]
    for k in range(len(lefts)):  # pushed right past the name before, from the plot's left edge
        lefts[k] = max(lefts[k], 0.0 if k == 0 else lefts[k - 1] + widths[k - 1] + gap)
    for k in reversed(range(len(lefts))):  # and back left before the next one, to the right edge
        lefts[k] = min(lefts[k], (width if k == len(lefts) - 1 else lefts[k + 1] - gap) - widths[k])
    out: list[tuple[str, float, float] | None] = []
    for k, ((a, b), c) in enumerate(zip(bands, chosen, strict=True)):
        apart = lefts[k] >= (0.0 if k == 0 else lefts[k - 1] + widths[k - 1] + gap) - 0.01
        over = lefts[k] <= (a + b) / 2 <= lefts[k] + widths[k]
        out.append((c[0], c[1], lefts[k] + widths[k] / 2) if c is not None and apart and over else None)
    return out


__all__ = ["Measure", "Placed", "band_label", "band_labels", "label_width", "shortened"]
