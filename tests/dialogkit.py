"""The dialogs a window's project opens, made over files of each kind, for tests that walk every control."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import cxdesigner
from cxdesigner import dialogs
from cxdesigner.canvas.delete_dialog import DeleteHeaderDialog
from cxdesigner.workshop.session_dialog import StartSessionDialog


def project_dialogs(window: Any, tmp_path: Path, cards: Sequence[str] = ()) -> list[Any]:
    """The export, import, delete-a-stage and voting dialogs of ``window``'s journey, not shown yet."""
    doc, jid = window.doc, window.editor.journey_id
    sheet = tmp_path / "notes.csv"
    sheet.write_text("title,stage,lane,emotion\nBooks a room,Purchase,Customer actions,2\n", encoding="utf-8")
    survey = tmp_path / "survey.csv"
    survey.write_text("touchpoint,csat\nBooks a room,4\n", encoding="utf-8")
    diagram = tmp_path / "visit.mmd"
    diagram.write_text("journey\n  title Visit\n  section Before\n    Books online: 4: Patient\n", encoding="utf-8")
    other = tmp_path / "other.cxd"
    cxdesigner.new_project(other, template="support-call").close()
    stages = [(s.id, s.name) for s in doc.project.stages(jid)]
    return [
        dialogs.ExportMapDialog(doc, jid, cards, window),
        dialogs.ExportReportDialog(doc, jid, window),
        dialogs.ImportTouchpointsDialog(doc, window.undo_stack, jid, sheet, window),
        dialogs.ImportSurveyDialog(doc, window.undo_stack, jid, survey, window),
        dialogs.ImportMermaidDialog(doc, window.undo_stack, jid, diagram, window),
        dialogs.ImportJourneysDialog(doc, window.undo_stack, other, window),
        DeleteHeaderDialog(window, "stage", stages[0][1], 3, stages[1:]),
        StartSessionDialog(doc.project, jid, parent=window),
    ]
