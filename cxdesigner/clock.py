"""The wall clock for the dates the app shows and stores: the real one, or a fixed one for the guide's screenshots."""

from __future__ import annotations

import datetime as dt
import os

# Set only by tools/screenshots.py (an ISO 8601 time, e.g. 2026-11-20T10:00:00+00:00): every date the app
# shows or stamps then reads that moment, so a retake on another day gives the same pictures.
FIXED_CLOCK = "CXDESIGNER_FIXED_CLOCK"


def now() -> dt.datetime:
    """This moment in local time, aware of its offset (or the fixed moment of a screenshot run)."""
    fixed = os.environ.get(FIXED_CLOCK, "").strip()
    if fixed:
        try:
            moment = dt.datetime.fromisoformat(fixed)
        except ValueError:
            pass  # a mistyped value is not worth refusing to start over: the real clock
        else:
            return moment if moment.tzinfo is not None else moment.astimezone()
    return dt.datetime.now().astimezone()


def today() -> dt.date:
    """Today's date, by :func:`now`."""
    return now().date()


def stamp(fmt: str) -> str:
    """:func:`now` formatted with ``strftime`` (what ``time.strftime(fmt)`` gave before)."""
    return now().strftime(fmt)
