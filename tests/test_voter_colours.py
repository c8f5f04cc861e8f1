"""Voters' colours: neighbours differ in hue and lightness, every two stay apart for colour-blind viewers too, and
each reads on the white card and list (the session dialog and the room's phones give out the same ones)."""

from __future__ import annotations

import itertools
import math

from cxdesigner.document.voting import next_colour
from cxdesigner.model.voting import PARTICIPANT_COLOURS
from cxdesigner.room.state import COLOURS, pick_colour

# Machado, Oliveira and Fernandes (2009), severity 1, on linear RGB.
SIGHT = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def _linear(colour: str) -> list[float]:
    out = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        out.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return out


def _lab(colour: str, sight: str) -> tuple[float, float, float]:
    rgb = [min(1.0, max(0.0, sum(m * c for m, c in zip(row, _linear(colour))))) for row in SIGHT[sight]]
    xyz = [sum(m * c for m, c in zip(row, rgb)) / white for row, white in zip(
        ((0.4124, 0.3576, 0.1805), (0.2126, 0.7152, 0.0722), (0.0193, 0.1192, 0.9505)), (0.95047, 1.0, 1.08883))]
    f = [t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29 for t in xyz]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def _ciede2000(one: tuple[float, float, float], two: tuple[float, float, float]) -> float:
    (l1, a1, b1), (l2, a2, b2) = one, two
    mean_c = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(mean_c**7 / (mean_c**7 + 25**7)))
    a1, a2 = a1 * (1 + g), a2 * (1 + g)
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1, h2 = math.degrees(math.atan2(b1, a1)) % 360, math.degrees(math.atan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    big_dh = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    mean_l, mean_c = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        mean_h = h1 + h2
    elif abs(h1 - h2) <= 180:
        mean_h = (h1 + h2) / 2
    else:
        mean_h = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(mean_h - 30)) + 0.24 * math.cos(math.radians(2 * mean_h))
         + 0.32 * math.cos(math.radians(3 * mean_h + 6)) - 0.20 * math.cos(math.radians(4 * mean_h - 63)))  # fmt: skip
    rc = 2 * math.sqrt(mean_c**7 / (mean_c**7 + 25**7))
    rt = -math.sin(math.radians(60 * math.exp(-(((mean_h - 275) / 25) ** 2)))) * rc
    sl = 1 + 0.015 * (mean_l - 50) ** 2 / math.sqrt(20 + (mean_l - 50) ** 2)
    sc, sh = 1 + 0.045 * mean_c, 1 + 0.015 * mean_c * t
    dl, dc, dhh = (l2 - l1) / sl, (c2 - c1) / sc, big_dh / sh
    return math.sqrt(dl**2 + dc**2 + dhh**2 + rt * dc * dhh)


def _contrast_on_white(colour: str) -> float:
    r, g, b = _linear(colour)
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_the_room_and_the_session_dialog_give_out_the_same_colours_in_the_same_order():
    assert COLOURS == PARTICIPANT_COLOURS and len(set(PARTICIPANT_COLOURS)) == len(PARTICIPANT_COLOURS) >= 12
    taken: list[str] = []
    for _ in range(12):
        taken.append(pick_colour(taken))
    assert taken == list(PARTICIPANT_COLOURS)
    assert next_colour([]) == PARTICIPANT_COLOURS[0] and next_colour(list(PARTICIPANT_COLOURS[:3])) == COLOURS[3]


def test_neighbours_differ_in_hue_and_lightness():
    """Two voters one after the other (Ana, then Luis) never get two blues: their colours differ in lightness and
    in hue. The palette before gave a sky blue beside an orange of the same lightness, and a blue two places on."""
    for one, two in itertools.pairwise(PARTICIPANT_COLOURS):
        (l1, a1, b1), (l2, a2, b2) = _lab(one, "normal"), _lab(two, "normal")
        hue = abs(math.degrees(math.atan2(b1, a1) - math.atan2(b2, a2))) % 360
        assert abs(l1 - l2) >= 10, (one, two, l1, l2)
        assert min(hue, 360 - hue) >= 60, (one, two, hue)


def test_any_two_voters_are_told_apart_with_the_common_colour_vision_deficiencies():
    worst = min(
        (_ciede2000(_lab(one, sight), _lab(two, sight)), one, two, sight)
        for one, two in itertools.combinations(PARTICIPANT_COLOURS, 2)
        for sight in SIGHT
    )
    assert worst[0] >= 8.0, worst


def test_every_colour_reads_on_the_white_card_and_list():
    """A dot on a card and a swatch in the dock's list: 3:1 against white (WCAG's least for a graphic's part)."""
    for colour in PARTICIPANT_COLOURS:
        assert _contrast_on_white(colour) >= 3.0, colour
