"""The report's "Lanes" section: text and figure lanes stage by stage, and the storyboard's pictures.

Only for a journey that has such lanes. Channel and emotion lanes are worked out from the cards
(the map shows them); their content is in the lanes CSV, not repeated here.
"""

from __future__ import annotations

import base64

from ..i18n import Translator, translation
from ..model import LaneCell, Project
from .report_sections import Block, continued, esc, heading, table

PICTURES_A_ROW = 4
THUMB_W_IN, THUMB_H_IN = 2.3, 1.7  # a thumbnail's largest size on the page, in inches
_MIME = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}


def figure_text(t: Translator, cell: LaneCell) -> str:
    """A figure with its unit as the language writes it: ``37,5 %``, ``1.200 €``, ``12 calls``."""
    if cell.value is None:
        return ""
    number = t.number(cell.value, 2 if abs(cell.value) < 10 and not float(cell.value).is_integer() else 1)
    if not cell.unit:
        return number
    return f"{number}%" if cell.unit == "%" and t.percent(0.5).endswith("50%") else f"{number} {cell.unit}"


def _cell_html(t: Translator, kind: str, cell: LaneCell | None) -> str:
    if cell is None:
        return ""
    if kind == "text":
        return esc(cell.text)
    parts = []
    figure = figure_text(t, cell)
    if figure:
        parts.append(f"<b>{esc(figure)}</b>")
    if cell.text:
        parts.append(esc(cell.text))
    facts = " · ".join(x for x in (cell.period, cell.source) if x)
    if facts:
        parts.append(f"<span class='muted'>{esc(facts)}</span>")
    return "<br/>".join(parts)


def _thumb_size(data: bytes) -> tuple[int, int] | str:
    """The thumbnail's width and height in the report's device pixels, or why the picture is not shown
    (the map's own words, untranslated)."""
    from ..canvas import style
    from .images import PICTURE_UNREADABLE, stored_picture

    image, problem = stored_picture(data)
    if image.isNull() or image.width() <= 0 or image.height() <= 0:
        return problem or PICTURE_UNREADABLE
    dpi = style.scene_dpi()
    scale = min(THUMB_W_IN * dpi / image.width(), THUMB_H_IN * dpi / image.height())
    return max(1, round(image.width() * scale)), max(1, round(image.height() * scale))


def _picture_html(t: Translator, cell: LaneCell) -> str:
    from .images import PICTURE_UNREADABLE

    size = _thumb_size(cell.image) if cell.image is not None else PICTURE_UNREADABLE
    if isinstance(size, str):
        missing = t.gettext(size)
        return f"<span class='muted'>{esc(missing)}</span>"
    uri = f"data:{_MIME.get(cell.image_type, 'image/png')};base64,{base64.b64encode(cell.image).decode()}"  # type: ignore[arg-type]
    return f"<img src='{uri}' width='{size[0]}' height='{size[1]}'/>"


def _caption_html(stage: str, cell: LaneCell) -> str:
    return f"<b>{esc(stage)}</b>" + (f"<br/>{esc(cell.text)}" if cell.text else "")


def lane_blocks(project: Project, journey_id: str, lang: str) -> list[Block]:
    """The journey's text and figure lanes as one table (a row a stage), then each storyboard's pictures."""
    t = translation(lang)
    lanes = project.lanes(journey_id)
    table_lanes = [ln for ln in lanes if ln.kind in ("text", "metric")]
    boards = [ln for ln in lanes if ln.kind == "storyboard"]
    stages = project.stages(journey_id)
    cells = {(c.stage_id, c.lane_id): c for c in project.lane_cells(journey_id)}
    if not any(cells.get((s.id, ln.id)) for s in stages for ln in table_lanes + boards):
        return []
    note = t.gettext("What the lanes without cards hold at each stage: notes, figures with their unit, pictures.")
    out = [heading(t.gettext("Lanes"), note=note)]
    if table_lanes:
        rows = []
        for stage in stages:
            row = [f"<b>{esc(stage.display_name(lang))}</b>"]
            row += [_cell_html(t, ln.kind, cells.get((stage.id, ln.id))) for ln in table_lanes]
            if any(row[1:]):
                rows.append(row)
        first = 18 if len(table_lanes) > 1 else 25
        rest = (100 - first) // len(table_lanes)
        heads = [t.gettext("Stage")] + [ln.display_name(lang) for ln in table_lanes]
        aligns = ["left"] + ["center" if ln.kind == "metric" else "left" for ln in table_lanes]
        out += table(heads, [first] + [rest] * len(table_lanes), rows, aligns, continued(t, t.gettext("Lanes")))
    for board in boards:
        pictures = [(s, cells[(s.id, board.id)]) for s in stages
                    if (s.id, board.id) in cells and cells[(s.id, board.id)].image is not None]  # fmt: skip
        if not pictures:
            continue
        out.append(Block(f"<h2>{esc(board.display_name(lang))}</h2>", with_next=True, space=8.0, tag="heading"))
        width = 100 // PICTURES_A_ROW
        for i in range(0, len(pictures), PICTURES_A_ROW):
            row = pictures[i : i + PICTURES_A_ROW]
            blank = f"<td width='{width}%'></td>" * (PICTURES_A_ROW - len(row))
            # Pictures on one baseline, their captions on the next row: the captions line up.
            images = "".join(
                f"<td width='{width}%' valign='bottom' align='center'>{_picture_html(t, c)}</td>" for _s, c in row
            )
            captions = "".join(
                f"<td width='{width}%' valign='top' align='center'>{_caption_html(s.display_name(lang), c)}</td>"
                for s, c in row
            )
            out.append(Block(f"<table width='100%' cellspacing='0' cellpadding='4'><tr>{images}{blank}</tr>"
                             f"<tr>{captions}{blank}</tr></table>", space=4.0, tag="pictures"))  # fmt: skip
    return out


__all__ = ["figure_text", "lane_blocks"]
