"""The fixed clock of the screenshot run: every date the app shows or stamps reads it, and only when it is set."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import cxdesigner
from cxdesigner import api, clock
from cxdesigner.document import states

SCRIPT = Path(__file__).resolve().parent.parent / "tools" / "screenshots.py"


def test_without_the_variable_the_clock_is_the_real_one(monkeypatch):
    monkeypatch.delenv(clock.FIXED_CLOCK, raising=False)
    before = dt.datetime.now().astimezone()
    assert before <= clock.now() <= dt.datetime.now().astimezone()


def test_a_fixed_moment_is_what_new_projects_checkpoints_and_dates_read(monkeypatch):
    monkeypatch.setenv(clock.FIXED_CLOCK, "2026-11-20T16:00:00+00:00")
    assert clock.today() == dt.date(2026, 11, 20)
    assert clock.stamp("%Y-%m-%d %H:%M") == "2026-11-20 16:00"
    doc = cxdesigner.new_project(None, template="hotel")
    try:
        assert doc.project.info.created == "2026-11-20"
        jid = doc.project.journeys()[0].id
        cmd = states.CreateCheckpointCommand(doc.project, jid, "before")
        doc.execute(cmd)
        assert doc.project.checkpoints()[0].created == "2026-11-20T16:00:00+00:00"
    finally:
        doc.close()
    assert api.template_project("hotel").info.created == "2026-11-20"


def test_a_mistyped_moment_falls_back_to_the_real_clock(monkeypatch):
    monkeypatch.setenv(clock.FIXED_CLOCK, "next tuesday")
    assert abs((clock.now() - dt.datetime.now().astimezone()).total_seconds()) < 3600


def test_the_screenshot_script_sets_the_variable_the_app_reads():
    assert f'"{clock.FIXED_CLOCK}"' in SCRIPT.read_text(encoding="utf-8")
