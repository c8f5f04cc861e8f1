"""Why a project is read-only: a cause the code decides by, a reason the person reads in the interface language."""

from __future__ import annotations

import pytest
from messagekit import Told
from PySide6.QtWidgets import QMessageBox

import cxdesigner
from cxdesigner import qti18n
from cxdesigner.document import ReadOnlyCause
from cxdesigner.document import commands as c
from cxdesigner.mainwindow import MainWindow
from cxdesigner.qtcommands import push
from cxdesigner.storage import DiskFullError, ReadOnlyError


@pytest.fixture
def project_file(tmp_path):
    path = tmp_path / "hotel.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    return path


@pytest.fixture
def spanish(qtbot):
    qti18n.apply("es")
    yield
    qti18n.apply("en")


def _add_stage(doc) -> c.Command:
    return c.AddStageCommand(doc.journeys()[0].id, "Nueva")


def test_a_project_opened_read_only_says_so_in_english_as_before(project_file):
    doc = cxdesigner.open_project(project_file, read_only=True)
    try:
        assert doc.read_only and doc.read_only_cause is ReadOnlyCause.OPENED
        with pytest.raises(ReadOnlyError) as caught:
            doc.execute(_add_stage(doc))
        assert str(caught.value) == "The project cannot be changed: opened read-only"
        with pytest.raises(ReadOnlyError) as caught:
            doc.save()
        assert str(caught.value) == f"{project_file}: opened read-only; use Save As to save a copy elsewhere"
    finally:
        doc.close()


def test_a_project_opened_read_only_says_so_in_spanish(spanish, project_file):
    doc = cxdesigner.open_project(project_file, read_only=True)
    try:
        with pytest.raises(ReadOnlyError) as caught:
            doc.execute(_add_stage(doc))
        assert str(caught.value) == "No se puede modificar el proyecto: se abrió en modo de solo lectura"
        with pytest.raises(ReadOnlyError) as caught:
            doc.save()
        assert str(caught.value) == (
            f"{project_file}: se abrió en modo de solo lectura; "
            "use Archivo → Guardar como para guardar una copia en otro lugar"
        )
    finally:
        doc.close()


def _full(changes):
    raise DiskFullError("the disk is full; free some space and try again")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_failed_write_is_told_in_the_interface_language_and_decided_by_its_cause(
    qtbot, project_file, monkeypatch, lang
):
    """After a failed write the window still tells the failure (not the status bar's "read-only") in Spanish."""
    w = MainWindow(start_page=False)
    qtbot.addWidget(w)
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    w.safety.prompts = told = Told()
    qti18n.apply(lang)
    try:
        assert w.open_path(project_file)
        doc = w.doc
        monkeypatch.setattr(doc.working_copy, "write", _full)
        with pytest.raises(DiskFullError):
            push(w.undo_stack, doc, _add_stage(doc))
        assert doc.read_only_cause is ReadOnlyCause.WRITE_FAILED
        # The next edit is refused as read-only: the window tells it as the failed write it is.
        with pytest.raises(ReadOnlyError):
            push(w.undo_stack, doc, _add_stage(doc))
        assert len(told.told) == 2
        reason = told.told[1][1]
        if lang == "en":
            assert reason.startswith(
                "The project cannot be changed: the working copy could not be written (the disk is full; "
                "free some space and try again); the last change was undone."
            )
        else:
            assert reason.startswith(
                "No se puede modificar el proyecto: no se pudo escribir la copia de trabajo (the disk is full; "
                "free some space and try again); se ha deshecho el último cambio. Guarde el proyecto en otro lugar"
            )
        # Room on the disk again: editable, whatever language the reason was written in.
        monkeypatch.undo()
        monkeypatch.setattr(doc.working_copy, "probe_space", lambda: True)
        w.retry_writing()
        assert not doc.read_only and doc.read_only_reason == ""
    finally:
        qti18n.apply("en")
        w.close()


def test_a_project_opened_read_only_tells_the_status_bar_in_spanish(qtbot, spanish, project_file):
    w = MainWindow(start_page=False)
    qtbot.addWidget(w)
    w.safety.prompts = told = Told()
    try:
        doc = cxdesigner.open_project(project_file, read_only=True)
        w.set_document(doc)
        with pytest.raises(ReadOnlyError):
            push(w.undo_stack, doc, _add_stage(doc))
        assert told.told == []
        assert w.statusBar().currentMessage() == "No se puede modificar el proyecto: se abrió en modo de solo lectura"
    finally:
        w.close()
