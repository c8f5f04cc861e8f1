"""The names a user typed stand in the language's quotation marks where an undo step is named: the Edit
menu, the Undo button's tooltip and the status bar's "Undone: …", cut between words at 80 characters."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from tipkit import tip_text

from cxdesigner import i18n, qti18n
from cxdesigner.document import commands as dc
from cxdesigner.mainwindow import MainWindow
from cxdesigner.qtcommands import MENU_DETAIL_LIMIT, menu_detail

MARKS = {"en": "“{}”", "es": "«{}»"}


@pytest.fixture
def window(qtbot):
    made = []

    def make(lang: str) -> MainWindow:
        qti18n.apply(lang)
        w = MainWindow(ui_lang=lang)
        qtbot.addWidget(w)
        w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
        assert w.new_project(template="hotel", lang=lang)
        made.append(w)
        return w

    yield make
    for w in made:
        w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
        w.close()
    qti18n.apply("en")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_renamed_stage_is_named_old_and_new_in_quotation_marks(window, lang):
    w = window(lang)
    editor = w.editor
    stage = w.doc.project.stages(editor.journey_id)[0]
    old = stage.display_name(lang)
    editor.ask_text = lambda title, label, text="": "Discover"
    assert editor.rename_stage(stage.id)
    quoted_old, quoted_new = MARKS[lang].format(old), MARKS[lang].format("Discover")
    menu = w.act_undo.text()
    assert quoted_old in menu and quoted_new in menu, menu
    assert w.undo_stack.undo_text() == {
        "en": f"Rename stage {quoted_old} to {quoted_new}",
        "es": f"Renombrar la etapa {quoted_old} como {quoted_new}",
    }[lang]
    w.act_undo.trigger()
    said = w.statusBar().currentMessage()
    assert said == i18n._("Undone: {what}").format(what=w.undo_stack.redo_text()) and quoted_new in said


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_added_card_is_quoted_and_a_long_title_cut_at_a_word_keeps_its_closing_mark(window, lang):
    w = window(lang)
    editor = w.editor
    jid = editor.journey_id
    cell = (w.doc.project.stages(jid)[0].id, w.doc.project.lanes(jid)[0].id)
    editor.add_card(cell, "R&D call")
    assert w.act_undo.text().endswith(MARKS[lang].format("R&&D call"))  # "&&": an "&" as typed, no access key
    editor.add_card(cell, "Guest phones the front desk because the booking e-mail never arrived " * 20)
    shown = w.act_undo.text().split(" ", 1)[1]
    assert len(shown.replace("&&", "&")) <= MENU_DETAIL_LIMIT
    close = MARKS[lang][-1]
    assert shown.endswith("…" + close), shown
    # Cut between two words: what stands before "…" is a whole word of the title.
    sentence = "Guest phones the front desk because the booking e-mail never arrived"
    assert shown[: -len("…" + close)].rsplit(" ", 1)[1] in sentence
    # The Undo button's, kept literal (a title "<img src=x>" drew a picture there).
    assert tip_text(w.undo_stack.twin_tooltip(w._toolbar_twins["undo"])).endswith("…" + close)
    w.act_undo.trigger()
    assert w.statusBar().currentMessage().endswith("…" + close)


def test_a_blank_name_leaves_no_empty_quotation_marks():
    assert dc.AddStageCommand("j", "").description == "Add stage"
    assert dc.AddStageCommand("j", "Check-in").description == "Add stage “Check-in”"
    assert dc.AddTouchpointCommand("j", "s", "l", title="  ").description == "Add touchpoint"


def test_the_menu_cut_falls_between_words_and_closes_what_it_opened():
    title = "word " * 30
    cut = menu_detail(f"Add touchpoint “{title}”")
    assert cut == "Add touchpoint “" + "word " * 11 + "word…”" and len(cut) <= MENU_DETAIL_LIMIT
    spanish = menu_detail("Añadir punto de contacto «" + "palabra " * 20 + "»")
    assert spanish.endswith("palabra…»") and len(spanish) <= MENU_DETAIL_LIMIT
    # One long word (a pasted address) is cut inside it, not before it.
    url = menu_detail("Add touchpoint “https://example.com/" + "x" * 100 + "”")
    assert url.startswith("Add touchpoint “https://example.com/x") and url.endswith("…”")
    assert len(url) == MENU_DETAIL_LIMIT
    assert menu_detail("Add touchpoint “short”") == "Add touchpoint “short”"
    # A cut that falls on a space keeps the whole word before it.
    exact = "Add touchpoint “" + "abcd " * 12 + "ab" + " more words to cut away”"
    assert exact[78] == " " and menu_detail(exact) == exact[:78] + "…”"
