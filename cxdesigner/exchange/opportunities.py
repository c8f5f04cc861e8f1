"""The project's opportunities as a spreadsheet (CSV): one row each, with their score and what they link."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from ..analysis.opportunities import opportunity_rows
from ..i18n import N_, translation
from ..model import Project
from ..storage import atomic
from .columns import LIST_SEPARATOR
from .common import check_delimiter
from .values import format_number, neutralize

# (key, English header): the header row is written in the export's language.
HEADERS = (
    ("id", N_("Id")),
    ("title", N_("Title")),
    ("description", N_("Description")),
    ("status", N_("Status")),
    ("owner", N_("Owner")),
    ("effort", N_("Effort")),
    ("impact", N_("Impact")),
    ("score", N_("Opportunity score")),
    ("importance", N_("Importance (0-10)")),
    ("satisfaction", N_("Satisfaction (0-10)")),
    ("journeys", N_("Journeys")),
    ("stages", N_("Stages")),
    ("steps", N_("Steps")),
    ("pain_points", N_("Pain points")),
    ("solutions", N_("Solutions")),
)


def opportunity_table(project: Project, lang: str = "en") -> tuple[list[str], list[list[Any]]]:
    """Headers in ``lang`` and one row of plain values per opportunity (lists joined by line breaks)."""
    t = translation(lang)
    headers = [t.gettext(en) for _key, en in HEADERS]
    rows = []
    for r in opportunity_rows(project, lang):
        o, s = r.opportunity, r.score
        rows.append([
            o.id, o.title, o.description, r.status, o.owner, o.effort, o.impact,
            s.score if s else None, s.importance if s else None, s.satisfaction if s else None,
            LIST_SEPARATOR.join(r.journeys), LIST_SEPARATOR.join(r.stages), LIST_SEPARATOR.join(r.cards),
            LIST_SEPARATOR.join(r.pain_points), LIST_SEPARATOR.join(r.solutions),
        ])  # fmt: skip
    return headers, rows


def opportunities_csv_text(project: Project, delimiter: str = ",", lang: str = "en") -> str:
    """The CSV text (no BOM), text neutralised against formulas; with ``;`` decimals take a comma."""
    check_delimiter(delimiter)
    headers, rows = opportunity_table(project, lang)
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            ["" if v is None else format_number(v, delimiter == ";") if isinstance(v, (int, float)) else neutralize(v)
             for v in row]
        )  # fmt: skip
    return out.getvalue()


def write_opportunities_csv(project: Project, path: Path | str, delimiter: str = ",", lang: str = "en") -> None:
    """Write the CSV as UTF-8 with a BOM, so Excel shows accents right."""
    atomic.write_bytes(path, b"\xef\xbb\xbf" + opportunities_csv_text(project, delimiter, lang).encode("utf-8"))


__all__ = ["HEADERS", "opportunities_csv_text", "opportunity_table", "write_opportunities_csv"]
