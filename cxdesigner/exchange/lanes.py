"""The lanes without cards as a spreadsheet (CSV): one row per journey, lane and stage (docs/cli.md).

Text, metric and storyboard lanes give their cell (a storyboard's picture is not in the CSV: the
row says whether there is one); channel lanes give the channels their stage's cards use; emotion
lanes give each overlaid journey's mean emotion at the stage.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..analysis.lanes import overlay_emotions, stage_channels
from ..i18n import N_, translation
from ..model import Project, vocab
from ..storage import atomic
from .columns import LIST_SEPARATOR
from .common import check_delimiter
from .values import format_number, neutralize

HEADERS = (
    ("journey", N_("Journey")),
    ("lane", N_("Lane")),
    ("kind", N_("Kind")),
    ("stage", N_("Stage")),
    ("text", N_("Text")),
    ("value", N_("Value")),
    ("unit", N_("Unit")),
    ("period", N_("Period")),
    ("source", N_("Source")),
    ("has_picture", N_("Has picture")),
    ("channels", N_("Channels")),
    ("emotions", N_("Emotion by journey")),
)


def lane_table(
    project: Project, journey_ids: Sequence[str] | None = None, lang: str = "en", decimal_comma: bool = False
) -> tuple[list[str], list[list[Any]]]:
    """Headers in ``lang`` and one row of plain values per (journey, lane without cards, stage)."""
    t = translation(lang)
    headers = [t.gettext(en) for _key, en in HEADERS]
    ids = list(journey_ids) if journey_ids is not None else [j.id for j in project.journeys()]
    rows: list[list[Any]] = []
    for jid in ids:
        journey = project.get("journey", jid)
        lanes = [ln for ln in project.lanes(jid) if not ln.holds_cards]
        if not lanes:
            continue
        stages = project.stages(jid)
        channels = stage_channels(project, jid, lang) if any(ln.kind == "channels" for ln in lanes) else {}
        for lane in lanes:
            kind = vocab.label(vocab.LANE_KINDS, lane.kind, lang)
            curves = overlay_emotions(project, lane, lang) if lane.kind == "emotion" else []
            for stage in stages:
                row: list[Any] = [journey.name, lane.display_name(lang), kind, stage.display_name(lang)]
                cell = project.lane_cell(stage.id, lane.id)
                if cell is not None:
                    row += [cell.text, cell.value, cell.unit, cell.period, cell.source,
                            t.gettext("yes") if cell.image is not None else t.gettext("no")]  # fmt: skip
                else:
                    row += ["", None, "", "", "", t.gettext("no") if lane.kind == "storyboard" else ""]
                row.append(LIST_SEPARATOR.join(channels.get(stage.id, [])) if lane.kind == "channels" else "")
                row.append(
                    LIST_SEPARATOR.join(
                        f"{name}: {format_number(round(e, 2), decimal_comma)}"
                        for name, by_stage in curves
                        if (e := by_stage.get(stage.id)) is not None
                    )
                )
                rows.append(row)
    return headers, rows


def lanes_csv_text(
    project: Project, journey_ids: Sequence[str] | None = None, delimiter: str = ",", lang: str = "en"
) -> str:
    """The CSV text (no BOM), text neutralised against formulas; with ``;`` decimals take a comma."""
    check_delimiter(delimiter)
    comma = delimiter == ";"
    headers, rows = lane_table(project, journey_ids, lang, comma)
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            ["" if v is None else format_number(v, comma) if isinstance(v, (int, float)) else neutralize(v)
             for v in row]
        )  # fmt: skip
    return out.getvalue()


def write_lanes_csv(
    project: Project,
    path: Path | str,
    journey_ids: Sequence[str] | None = None,
    delimiter: str = ",",
    lang: str = "en",
) -> None:
    """Write the CSV as UTF-8 with a BOM, so Excel shows accents right."""
    text = lanes_csv_text(project, journey_ids, delimiter, lang)
    atomic.write_bytes(path, b"\xef\xbb\xbf" + text.encode("utf-8"))


__all__ = ["HEADERS", "lane_table", "lanes_csv_text", "write_lanes_csv"]
