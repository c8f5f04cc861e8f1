"""A survey of a million answers costs memory for what is kept, and time for each distinct text once.

The CSV's cells repeat (a few card titles, four measures, the dates): read as separate strings they took
570 MB of a 63 MB file, and folding each title and measure for matching was two thirds of the check.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import cxdesigner
from cxdesigner.exchange import survey, tables


@pytest.fixture
def env():
    doc = cxdesigner.new_project(None, template="hotel")
    yield doc, doc.project.journeys()[0].id, None
    doc.close()


def test_a_csv_keeps_one_copy_of_a_cell_that_repeats(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text("touchpoint,measure,score\n" + "Calls the shop,nps,9\n" * 50, encoding="utf-8")
    rows = tables.read_table(Path(path), None).rows
    assert all(cells[0] is rows[0][1][0] and cells[1] is rows[0][1][1] for _n, cells in rows)


def test_a_survey_folds_each_title_and_measure_once_not_once_a_row(env, monkeypatch):
    doc, jid, _stack = env
    title = doc.project.touchpoints(jid)[0].title
    table = tables.parse_csv_text("touchpoint,measure,score\n" + f"{title},nps,9\n{title},csat,4\n" * 500, ",")
    calls = {"fold": 0, "measure": 0}
    real_fold, real_measure = survey.fold, survey.normalize_header

    def fold(text: str) -> str:
        calls["fold"] += 1
        return real_fold(text)

    def measure(text: str) -> str:
        calls["measure"] += 1
        return real_measure(text)

    monkeypatch.setattr(survey, "fold", fold)
    monkeypatch.setattr(survey, "normalize_header", measure)
    out = survey.check_survey(doc.project, jid, table)
    assert len(out.responses) == 1000 and not out.errors
    # Without the caching: a fold and a measure per row (1,000 each) on top of the cards and headers.
    assert calls["fold"] <= len(doc.project.touchpoints(jid)) + 2 and calls["measure"] < 100
