"""The map's colours and line looks as plain hex strings, for writers that draw without Qt (draw.io)."""

from __future__ import annotations

from typing import NamedTuple

# The canvas (canvas/style.py) paints with these same values: a diverging orange ↔ blue scale,
# emotion −3 (first) to +3 (last), that the common colour-vision deficiencies tell apart.
EMOTION_SCALE = ("#b34700", "#e6851e", "#fbc98a", "#eeeeee", "#a9cfe6", "#4a98c9", "#1c5f99")
NO_EMOTION = "#c8ccd2"

INK = "#1f2933"
MUTED_INK = "#52606d"
PAPER = "#ffffff"
CARD_BORDER = "#9aa5b1"
CELL_FILLS = ("#f5f7fa", "#eef2f6")  # lanes alternate
CELL_BORDER = "#d9e0e7"
HEADER_FILL = "#e4e9ef"
MOMENT = "#8a6100"
PHASE_FILLS = {"before": "#d6e4f0", "during": "#e3dcef", "after": "#d9ebdf"}


class ConnectionLook(NamedTuple):
    """How the map draws a connection kind: colour, dash pattern in line widths, width, arrow and corners."""

    colour: str
    dashes: tuple[float, ...]  # empty: a solid line
    width: float
    hollow_arrow: bool
    corner_radius: float


# The same looks as the canvas pens: they read apart in greyscale print too.
CONNECTION_LOOKS: dict[str, ConnectionLook] = {
    "normal": ConnectionLook("#4a5561", (), 1.6, False, 5.0),
    "alternative": ConnectionLook("#7a5aa6", (4, 2, 1, 2), 1.6, True, 5.0),
    "failure": ConnectionLook("#c2410c", (4, 2), 1.8, False, 5.0),
    "loop_back": ConnectionLook("#0b72b9", (), 1.8, False, 14.0),
}


def emotion_hex(value: int | None) -> str:
    """The card colour for an emotion score; a neutral grey when there is none."""
    if value is None:
        return NO_EMOTION
    return EMOTION_SCALE[max(-3, min(3, value)) + 3]


def tint(colour: str, amount: float) -> str:
    """``colour`` (``#rrggbb``) moved ``amount`` (0 … 1) of the way to white."""
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in channels)


def ink_for(fill: str) -> str:
    """Near-black or white text, whichever reads better on the ``#rrggbb`` fill (WCAG luminance)."""
    linear = []
    for i in (1, 3, 5):
        c = int(fill[i : i + 2], 16) / 255.0
        linear.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#ffffff" if luminance < 0.18 else "#111111"  # where both read equally well


__all__ = [
    "CARD_BORDER",
    "CELL_BORDER",
    "CELL_FILLS",
    "CONNECTION_LOOKS",
    "EMOTION_SCALE",
    "HEADER_FILL",
    "INK",
    "MOMENT",
    "MUTED_INK",
    "NO_EMOTION",
    "PAPER",
    "PHASE_FILLS",
    "ConnectionLook",
    "emotion_hex",
    "ink_for",
    "tint",
]
