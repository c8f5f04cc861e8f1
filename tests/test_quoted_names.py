"""Names the workshop and the command line put in their messages stand in the language's quotation marks."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from workshop_helpers import close_window, open_window

from cxdesigner import api, i18n
from cxdesigner.cli import main
from cxdesigner.document.commands import UpdateCommand


@pytest.mark.parametrize(("lang", "marks"), [("en", "“{}”"), ("es", "«{}»")])
def test_an_ended_voting_session_is_named_in_the_languages_quotation_marks(qtbot, lang, marks):
    w = open_window(qtbot, cards=1)
    try:
        ws = w.workshop
        ws.run_dialog = lambda dialog: True
        assert ws.new_session()
        voting = ws.voting
        w.doc.execute(UpdateCommand("vote_session", voting.session_id, title="Fix <b>first</b>"))
        voting.end_session()
        told: list[str] = []
        voting.message.connect(told.append)
        i18n.set_language(lang)
        try:
            assert not voting.start_voting()
        finally:
            i18n.set_language("en")
        assert marks.format("Fix <b>first</b>") in told[-1] and "'" not in told[-1]
    finally:
        w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
        close_window(w)


def test_the_command_lines_own_messages_quote_names_as_the_app_does(tmp_path, capsys):
    path = tmp_path / "p.cxd"
    assert main(["new", str(path), "--template", "no-such"]) != 0
    assert "There is no template named “no-such”" in capsys.readouterr().err
    api.new_project(path).close()
    assert main(["compare", str(path), "--checkpoint", "Before the workshop"]) != 0
    assert "There is no checkpoint labelled “Before the workshop”" in capsys.readouterr().err
    assert main(["export", str(path), "-o", str(tmp_path / "out.xyz")]) != 0
    assert f"“{tmp_path / 'out.xyz'}”" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export", str(path), "--format", "csv", "--delimiter", "|", "-o", str(tmp_path / "out.csv")])
    assert "use comma, semicolon or tab" in capsys.readouterr().err
