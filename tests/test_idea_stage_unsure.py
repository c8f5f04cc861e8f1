"""An idea whose stage nobody chose (a phone's "Not sure") stays so in the project file until it is placed."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

import cxdesigner
from cxdesigner import filelock, i18n
from cxdesigner.document import Document
from cxdesigner.document import commands as c
from cxdesigner.model import jsonformat
from cxdesigner.storage import DamagedFileError, InvalidFileError

FIXTURES = Path(__file__).parent / "fixtures"


def _idea(doc, title: str = "Where do I park?", unsure: bool = True) -> str:
    j = doc.journeys()[0]
    stage, lane = doc.project.stages(j.id)[0].id, doc.project.lanes(j.id)[0].id
    cmd = c.AddTouchpointCommand(j.id, stage, lane, title=title, inbox=True, stage_unsure=unsure)
    doc.execute(cmd)
    return cmd.touchpoint_id


def test_saved_closed_and_reopened_the_idea_is_still_not_sure_of_its_stage(tmp_path):
    path = tmp_path / "p.cxd"
    doc = cxdesigner.new_project(path)
    try:
        unsure, chosen = _idea(doc), _idea(doc, "Chosen", unsure=False)
        doc.save()
    finally:
        doc.close()
    again = cxdesigner.open_project(path)
    try:
        cards = again.project.tables["touchpoint"]
        assert not cards[unsure].stage_chosen and cards[unsure].stage_unsure
        assert cards[chosen].stage_chosen
    finally:
        again.close()
    conn = sqlite3.connect(path)
    try:
        assert dict(conn.execute("SELECT title, stage_unsure FROM touchpoints WHERE inbox = 1")) == {
            "Where do I park?": 1, "Chosen": 0,
        }
    finally:
        conn.close()


def test_a_crashed_session_gives_the_mark_back(tmp_path):
    """What a kill leaves (the working copy and its log, the process gone) is recovered with the mark."""
    path = tmp_path / "p.cxd"
    cxdesigner.new_project(path).close()
    doc = Document.open(path)
    try:
        card = _idea(doc)
        folder = doc.working_copy.path.parent
        keep = tmp_path / "kept"
        keep.mkdir()
        for f in folder.iterdir():
            if f.name != "session.lock":
                shutil.copyfile(f, keep / f.name)
    finally:
        doc.close()
    folder.mkdir()
    for f in keep.iterdir():
        shutil.copyfile(f, folder / f.name)
    meta = json.loads((folder / "session.json").read_text(encoding="utf-8"))
    (folder / "session.json").write_text(json.dumps({**meta, "pid": 0}), encoding="utf-8")
    (orphan,) = filelock.startup_cleanup()
    restored = Document.restore(orphan.folder)
    try:
        assert not restored.project.tables["touchpoint"][card].stage_chosen
    finally:
        restored.close()


def test_placing_the_idea_or_sending_a_card_back_chooses_its_stage_and_undo_unchooses_it():
    doc = cxdesigner.new_project(None)
    try:
        card = _idea(doc)
        j = doc.journeys()[0]
        stage, lane = doc.project.stages(j.id)[1].id, doc.project.lanes(j.id)[0].id
        doc.execute(c.MoveTouchpointsCommand([card], stage, lane))
        placed = doc.project.tables["touchpoint"][card]
        assert not placed.inbox and not placed.stage_unsure, "placed: nothing left to mean on the map"
        doc.execute(c.SendToInboxCommand([card]))
        assert doc.project.tables["touchpoint"][card].stage_chosen, "it keeps the stage it was placed at"
        doc.undo()
        doc.undo()
        assert not doc.project.tables["touchpoint"][card].stage_chosen
    finally:
        doc.close()


def test_the_json_form_keeps_the_mark():
    doc = cxdesigner.new_project(None)
    try:
        card = _idea(doc)
        text = jsonformat.dumps(doc.project)
    finally:
        doc.close()
    assert json.loads(text)["version"] == 5
    assert not jsonformat.loads(text).tables["touchpoint"][card].stage_chosen


def test_a_format_4_file_migrates_with_every_card_chosen(tmp_path):
    path = tmp_path / "old.cxd"
    shutil.copyfile(FIXTURES / "format-4.cxd", path)
    doc = cxdesigner.open_project(path)
    try:
        assert any("Upgraded from format 4 to 5" in note for note in doc.notes)
        cards = doc.project.tables["touchpoint"].values()
        assert any(tp.inbox for tp in cards) and all(tp.stage_chosen for tp in cards)
    finally:
        doc.close()


@pytest.mark.parametrize(("lang", "words"), [("en", "unreadable stage unsure flag"), ("es", "Etapa aún sin elegir")])
def test_a_file_with_a_wrong_mark_is_refused_in_our_words(tmp_path, lang, words):
    path = tmp_path / "p.cxd"
    doc = cxdesigner.new_project(path)
    try:
        _idea(doc)
        doc.save()
    finally:
        doc.close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE touchpoints SET stage_unsure = 2 WHERE inbox = 1")
    conn.close()
    i18n.set_language(lang)
    try:
        with pytest.raises((DamagedFileError, InvalidFileError)) as caught:
            cxdesigner.open_project(path)
    finally:
        i18n.set_language("en")
    assert words in str(caught.value)
