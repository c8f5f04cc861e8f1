"""Words of the analysis that stand apart from a sentence, and helpers that quote project text safely.

The sentences themselves are written where they are made, as gettext messages of ``i18n.translation(lang)``:
the analysis runs on a worker thread, in the language asked for, whatever the interface speaks.
"""

from __future__ import annotations

from ..i18n import MINUS, N_, supported, translation

__all__ = ["CROSSHAIRS", "KIND_NAMES", "MINUS", "PHASE_WORDS", "QUADRANT_LABELS", "SEVERITIES", "lang_of", "one_line",
           "quoted", "short"]  # fmt: skip

QUADRANT_LABELS = {
    "concentrate": N_("Concentrate here"),
    "keep_up": N_("Keep up the good work"),
    "low_priority": N_("Low priority"),
    "overkill": N_("Possible overkill"),
}
CROSSHAIRS = {"mean": N_("crosshair at the means"), "midpoint": N_("crosshair at the scale midpoint (3)")}
SEVERITIES = {3: N_("high"), 2: N_("medium"), 1: N_("low"), 0: N_("note")}
PHASE_WORDS = {
    "before": N_("before the purchase"),
    "during": N_("during the purchase"),
    "after": N_("after the purchase"),
}

# What the "more" finding groups, by kind.
KIND_NAMES = {
    "dead_end": N_("dead ends"),
    "path_valley": N_("cards where paths fall"),
    "moment_of_truth": N_("negative moments of truth"),
    "gap": N_("gaps"),
    "unreachable": N_("unreachable cards"),
    "loop": N_("loops"),
    "detractors": N_("cards with more detractors"),
    "isolated": N_("cards not connected"),
    "empty_stage": N_("empty stages"),
}


def lang_of(lang: str) -> str:
    """The supported language closest to ``lang`` (English when unknown)."""
    return supported(lang)


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (new lines, tabs) made one space."""
    return " ".join(text.split())


def short(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = one_line(text)
    if len(text) > limit:
        return text[: max(1, limit - 1)].rstrip() + "…"
    return text


def quoted(title: str, lang: str, limit: int = 60) -> str:
    """A card title as it appears inside a finding: one line, shortened, in quotes."""
    text = short(title, limit) or translation(lang).gettext("(untitled)")
    return translation(lang).quote(text)
