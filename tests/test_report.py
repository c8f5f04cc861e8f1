"""The report's figures: 95 % intervals of NPS and CSAT against hand-computed values (docs/analysis.md §8)."""

from __future__ import annotations

import pytest

from cxdesigner.analysis.measures import nps_interval, survey_intervals, wilson_interval


def test_nps_interval_matches_the_worked_example():
    # p+ = .30, p- = .20: var = (.5 - .01) / 100 = .0049, sd .07, 1.96 * .07 = .1372
    lo, hi = nps_interval(30, 20, 100)
    assert lo == pytest.approx(10 - 13.72, abs=0.01) and hi == pytest.approx(10 + 13.72, abs=0.01)


def test_csat_wilson_interval_matches_the_worked_example():
    lo, hi = wilson_interval(74, 107)
    assert lo == pytest.approx(59.87, abs=0.01) and hi == pytest.approx(77.12, abs=0.01)
    # At 0 % the normal interval collapses; Wilson's does not: 0 … z²/(n + z²).
    lo, hi = wilson_interval(0, 5)
    assert lo == 0.0 and hi == pytest.approx(100 * 3.8415 / (5 + 3.8415), abs=0.01)


def test_intervals_are_clamped_and_absent_without_answers():
    assert nps_interval(10, 0, 10) == (100.0, 100.0)
    assert nps_interval(0, 0, 0) is None and wilson_interval(0, 0) is None
    ci = survey_intervals({"nps": [10] * 3 + [0] * 2 + [8] * 5, "csat": []})
    assert set(ci) == {"nps"} and ci["nps"][0] < 10 < ci["nps"][1]
