"""How big a project may be: checked on open and import before any work, and on every change.

The numbers are far above any workshop's or consultant's map and far below what would make the
app slow or exhaust memory; docs/file-format.md lists them. A file or an import over a limit is
refused whole with a message naming the limit.
"""

from __future__ import annotations

from ..i18n import N_, _, number

MAX_JOURNEYS = 2_000  # per project
MAX_STAGES = 200  # per journey
MAX_LANES = 100  # per journey
MAX_TOUCHPOINTS = 100_000  # per project
MAX_CONNECTIONS = 200_000  # per project
MAX_PERSONAS = 1_000
MAX_CHANNELS = 1_000  # custom channels
MAX_RESPONSES = 1_000_000  # survey answers
MAX_PARTICIPANTS = 1_000  # the project's list of people who vote
MAX_VOTE_SESSIONS = 10_000
MAX_VOTES = 1_000_000
MAX_OPPORTUNITIES = 10_000  # per project
MAX_SOLUTIONS = 10_000
MAX_OPPORTUNITY_LINKS = 200_000  # links from opportunities to cards and pain points
MAX_SOLUTION_LINKS = 100_000
MAX_LANE_CELLS = MAX_JOURNEYS * 2_000  # per project (a journey's stages × its text, metric, storyboard lanes)
MAX_CHECKPOINTS = 50  # per project
MAX_CHECKPOINT_BYTES = 20_000_000  # one checkpoint's compressed journey
MAX_CHECKPOINTS_BYTES = 50_000_000  # all checkpoints together
MAX_IMAGE_BYTES = 1_000_000  # one storyboard picture, after re-encoding
MAX_IMAGE_SIDE = 1_600  # pixels: pictures are scaled down to this on the way in
MAX_IMAGE_PIXELS = 40_000_000  # a picture claiming more is refused before decoding (memory)
MAX_METRIC = 1e15  # a metric lane's figure, either sign
MAX_OVERLAY = 20  # journeys overlaid in one emotion lane

MAX_TEXT = 1_000_000  # characters in a long text field (descriptions, notes)
MAX_NAME = 10_000  # characters in a name or title
MAX_LIST_ITEMS = 1_000  # pain points, opportunities, tags, emotion words of one card
MAX_LIST_ITEM_TEXT = 100_000
MAX_POSITION = 1_000_000_000  # an order number, far inside SQLite's 64-bit integers

# What each table may hold in all (per project), for the file check before loading.
TABLE_LIMITS = {
    "journey": MAX_JOURNEYS,
    "stage": MAX_JOURNEYS * MAX_STAGES,
    "lane": MAX_JOURNEYS * MAX_LANES,
    "touchpoint": MAX_TOUCHPOINTS,
    "connection": MAX_CONNECTIONS,
    "persona": MAX_PERSONAS,
    "channel": MAX_CHANNELS,
    "response": MAX_RESPONSES,
    "participant": MAX_PARTICIPANTS,
    "vote_session": MAX_VOTE_SESSIONS,
    "vote": MAX_VOTES,
    "opportunity": MAX_OPPORTUNITIES,
    "solution": MAX_SOLUTIONS,
    "opportunity_link": MAX_OPPORTUNITY_LINKS,
    "solution_link": MAX_SOLUTION_LINKS,
    "lane_cell": MAX_LANE_CELLS,
    "checkpoint": MAX_CHECKPOINTS,
}
# What one journey may hold.
PER_JOURNEY = {"stage": MAX_STAGES, "lane": MAX_LANES}

# The refusal of one entity too many, one whole sentence for each kind (translated when raised).
NAMES = {
    "journey": N_("{count} journeys is more than a project may hold ({limit}); split it, then try again"),
    "stage": N_("{count} stages is more than a journey may hold ({limit}); split it, then try again"),
    "lane": N_("{count} lanes is more than a journey may hold ({limit}); split it, then try again"),
    "touchpoint": N_("{count} touchpoints is more than a project may hold ({limit}); split it, then try again"),
    "connection": N_("{count} connections is more than a project may hold ({limit}); split it, then try again"),
    "persona": N_("{count} personas is more than a project may hold ({limit}); split it, then try again"),
    "channel": N_("{count} custom channels is more than a project may hold ({limit}); split it, then try again"),
    "response": N_("{count} survey answers is more than a project may hold ({limit}); split it, then try again"),
    "participant": N_("{count} participants is more than a project may hold ({limit}); split it, then try again"),
    "vote_session": N_("{count} voting sessions is more than a project may hold ({limit}); split it, then try again"),
    "vote": N_("{count} votes is more than a project may hold ({limit}); split it, then try again"),
    "opportunity": N_("{count} opportunities is more than a project may hold ({limit}); split it, then try again"),
    "solution": N_("{count} solutions is more than a project may hold ({limit}); split it, then try again"),
    "opportunity_link": N_(
        "{count} links from opportunities to cards is more than a project may hold ({limit}); split it, then try again"
    ),
    "solution_link": N_(
        "{count} links from solutions to opportunities is more than a project may hold ({limit}); "
        "split it, then try again"
    ),
    "lane_cell": N_("{count} lane cells is more than a project may hold ({limit}); split it, then try again"),
    "checkpoint": N_("{count} checkpoints is more than a project may hold ({limit}); split it, then try again"),
}


def over_limit(kind: str, count: int, per_journey: bool = False) -> str | None:
    """The message for ``count`` entities of ``kind`` in the interface language, or None when within the limit."""
    limit = PER_JOURNEY[kind] if per_journey else TABLE_LIMITS[kind]
    if count <= limit:
        return None
    return _(NAMES[kind]).format(count=number(count), limit=number(limit))


def growth_problem(have: dict[str, int], adding: dict[str, int]) -> str | None:
    """The message if adding ``adding`` (kind → count) to a project holding ``have`` would pass a limit.

    Imports ask this before any work, so a file over a limit is refused at once, not after minutes.
    """
    for kind, extra in adding.items():
        problem = over_limit(kind, have.get(kind, 0) + extra)
        if problem:
            return problem
    return None


__all__ = ["MAX_POSITION", "MAX_TEXT", "NAMES", "PER_JOURNEY", "TABLE_LIMITS", "growth_problem", "over_limit"]
