"""A reading that fails for a reason of the file or the computer says what happened and what to do.

Memory running out, a disk or network share gone mid-read (EIO), a permission taken back, bytes no
encoding fits, nesting deeper than Python's stack: each reached the "unexpected error" box from the
import dialogs' workers, and the command line's "unexpected error" line (which the app's exports show).
"""

from __future__ import annotations

import argparse
import errno
import io
from contextlib import redirect_stderr

import pytest
from dialogguard import no_native_dialogs  # noqa: F401  (autouse: no native dialog in these tests)
from importkit import JourneysDialog, SurveyDialog, TouchpointsDialog

from cxdesigner.cli.base import IO_ERROR, run_guarded
from cxdesigner.exchange import merge, survey, tables
from cxdesigner.exchange.common import reading_failure

FAILURES = {
    "memory": (MemoryError(), "not enough memory"),
    "eio": (OSError(errno.EIO, "Input/output error"), "USB stick or a network folder"),
    "eacces": (PermissionError(errno.EACCES, "Permission denied"), "ask its owner for access"),
    "enospc": (OSError(errno.ENOSPC, "No space left on device"), "free some space"),
    "decode": (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), "save it again as UTF-8"),
    "recursion": (RecursionError("maximum recursion depth exceeded"), "fewer levels"),
}


def failing(exc: BaseException):  # type: ignore[no-untyped-def]
    def read(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise exc

    return read


@pytest.mark.parametrize("kind", sorted(FAILURES))
def test_the_table_import_says_what_failed_reading_and_what_to_do(qtbot, hotel_env, tmp_path, monkeypatch, kind):
    doc, jid, stack = hotel_env
    exc, advice = FAILURES[kind]
    source = tmp_path / "workshop.csv"
    source.write_text("title\nCalls the shop\n", encoding="utf-8")
    monkeypatch.setattr(tables, "read_table", failing(exc))
    dlg = TouchpointsDialog(doc, stack, jid, source)
    qtbot.addWidget(dlg)
    assert not dlg.loaded
    assert dlg.load_error.startswith("workshop.csv: ") and advice in dlg.load_error, dlg.load_error
    assert dlg.run() is None and dlg.errors_shown == [dlg.load_error]
    assert stack.count() == 0


def test_the_rows_check_says_what_failed_without_a_file_to_name(qtbot, hotel_env, tmp_path, monkeypatch):
    doc, jid, stack = hotel_env
    source = tmp_path / "survey.csv"
    source.write_text("touchpoint,measure,score\nx,nps,9\n", encoding="utf-8")
    monkeypatch.setattr(survey, "check_survey", failing(MemoryError()))
    dlg = SurveyDialog(doc, stack, jid, source)
    qtbot.addWidget(dlg)
    assert dlg.check_error.startswith("There is not enough memory"), dlg.check_error


@pytest.mark.parametrize("kind", ["memory", "eio", "recursion"])
def test_the_journeys_import_says_what_failed_reading_the_other_project(qtbot, hotel_env, tmp_path, monkeypatch, kind):
    doc, _jid, stack = hotel_env
    exc, advice = FAILURES[kind]
    monkeypatch.setattr(merge, "read_project_file", failing(exc))
    dlg = JourneysDialog(doc, stack, tmp_path / "other.cxd")
    qtbot.addWidget(dlg)
    assert not dlg.loaded and dlg.load_error.startswith("other.cxd: ") and advice in dlg.load_error


def test_a_bug_stays_a_bug():
    assert reading_failure(KeyError("x"), "a.csv") is None  # the excepthook logs it with its traceback


def test_the_command_line_says_memory_ran_out_in_one_line_with_what_to_do():
    def handler(args: argparse.Namespace) -> int:
        raise MemoryError

    err = io.StringIO()
    with redirect_stderr(err):
        code = run_guarded(handler, argparse.Namespace())
    assert code == IO_ERROR
    line = err.getvalue().strip()
    assert "\n" not in line and "unexpected" not in line and "close other programs" in line


@pytest.mark.parametrize("kind", sorted(FAILURES))
def test_each_failure_is_told_in_spanish_without_a_word_of_the_systems_english(kind):
    from cxdesigner import i18n

    i18n.set_language("es")
    try:
        text = str(reading_failure(FAILURES[kind][0], "hoja.csv"))
    finally:
        i18n.set_language("en")
    assert text.startswith("hoja.csv: ")
    # EIO's reason was the system's strerror, "Input/output error", in the middle of the Spanish.
    assert not any(word in text for word in ("error)", "Input", "Permission", "memory", "space", "device")), text
