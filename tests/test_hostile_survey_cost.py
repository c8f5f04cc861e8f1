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


def _cancel_the_check(monkeypatch):  # type: ignore[no-untyped-def]
    """The progress dialog of the rows' check is cancelled as soon as it shows; the check waits for it."""
    import time

    from cxdesigner.dialogs.background import JobProgressDialog

    real_exec = JobProgressDialog.exec

    def exec_(self):  # type: ignore[no-untyped-def]
        if self.label.text().startswith("Checking"):
            self.cancel()
        return real_exec(self)

    monkeypatch.setattr(JobProgressDialog, "exec", exec_)
    real_check = survey.check_survey

    def check_once_cancelled(project, jid, table, mapping=None, progress=None):  # type: ignore[no-untyped-def]
        for _ in range(10_000):  # bounded: a check that is never cancelled fails the test
            if progress(0, 1) is False:
                break
            time.sleep(0.001)
        return real_check(project, jid, table, mapping, progress)

    monkeypatch.setattr(survey, "check_survey", check_once_cancelled)


def test_the_rows_check_of_a_survey_can_be_cancelled_and_nothing_is_imported(qtbot, env, tmp_path, monkeypatch):
    from importkit import SurveyDialog

    from cxdesigner.qtcommands import UndoStack

    doc, jid, _stack = env
    stack = UndoStack(doc)
    title = doc.project.touchpoints(jid)[0].title
    source = tmp_path / "survey.csv"
    source.write_text("touchpoint,measure,score\n" + f"{title},nps,9\n" * 20, encoding="utf-8")
    _cancel_the_check(monkeypatch)
    try:
        dlg = SurveyDialog(doc, stack, jid, source)
        qtbot.addWidget(dlg)
        assert not dlg.loaded and dlg.load_error == "" and dlg.plan is None
        assert dlg.run() is None and not dlg.__dict__.get("errors_shown")
        assert stack.count() == 0 and doc.project.responses() == []
    finally:
        stack.clear()
