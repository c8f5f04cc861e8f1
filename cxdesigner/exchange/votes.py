"""A voting session's results as CSV: cards ranked by dots, with each participant's dots when named."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..document.voting import session_results
from ..i18n import translation
from ..model import Project
from ..storage import atomic
from .common import check_delimiter
from .values import format_number, neutralize


def session_csv_text(project: Project, session_id: str, delimiter: str = ",", lang: str = "en") -> str:
    """Rank, card, stage, lane, dots (and one column per participant unless anonymous), most dots first."""
    check_delimiter(delimiter)
    t = translation(lang)
    session = project.get("vote_session", session_id)
    stages = {s.id: s for s in project.stages(session.journey_id)}
    people = [project.tables["participant"][pid] for pid in session.participant_ids
              if pid in project.tables["participant"]]
    named = not session.anonymous
    headers = [t.gettext("Rank"), t.gettext("Touchpoint"), t.gettext("Stage"), t.gettext("Lane"), t.gettext("Dots")]
    if named:
        headers += [p.name for p in people]
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralize(h) for h in headers])
    comma = delimiter == ";"
    for row in session_results(project, session_id):
        tp = project.get("touchpoint", row["card"])
        lane = project.tables["lane"].get(tp.lane_id)
        stage = stages.get(tp.stage_id)
        cells = [
            format_number(row["rank"], comma),
            neutralize(tp.title),
            neutralize(stage.display_name(lang) if stage is not None and not tp.inbox else t.gettext("unplaced")),
            neutralize(lane.display_name(lang) if lane is not None and not tp.inbox else ""),
            format_number(row["dots"], comma),
        ]
        if named:
            cells += [format_number(row["by_participant"].get(p.id, 0), comma) for p in people]
        writer.writerow(cells)
    return out.getvalue()


def write_session_csv(project: Project, session_id: str, path: Path | str, lang: str = "en") -> None:
    """Write the results as UTF-8 with a BOM (Excel shows accents right), through the one checked writer."""
    text = session_csv_text(project, session_id, lang=lang)
    atomic.write_bytes(path, b"\xef\xbb\xbf" + text.encode("utf-8"))


__all__ = ["session_csv_text", "write_session_csv"]
