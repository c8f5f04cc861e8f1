"""A journey as a draw.io diagram (uncompressed mxGraph XML), and draw.io diagrams read back as journeys.

The export draws the map as the canvas lays it out: the title, phase bands and stage headers along
the top, one swimlane container per lane holding its cells and cards, connections as edges routed
through the same gutters, and the emotion curve. Every stage, lane, card and connection is an
``<object>`` whose ``cx_…`` attributes (draw.io's custom properties) hold every field, so reading
the file back gives the same journey. Reading also takes plain diagrams drawn by hand: shapes
become cards, placed in the stage and lane containers they sit in, and arrows between them become
connections. docs/drawio.md describes the properties and the limits.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import functools
import html
import itertools
import json
import math
import re
import urllib.parse
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.parsers import expat

from ..analysis.lanes import overlay_emotions, stage_channels
from ..i18n import N_, _, ngettext, number, pgettext, translation
from ..layout import palette
from ..layout.geometry import JourneyLayout, Rect, emotion_points
from ..layout.journeymap import journey_map
from ..layout.routing import Route
from ..model import Project, ProjectInfo, Response, Stage, Touchpoint, ValidationError, limits, new_id, vocab
from ..model.entities import Channel, Connection, Entity, Journey, Lane, LaneCell, Persona
from ..storage import atomic, regular
from .common import ROW_FIELD, Progress, fold, imported_journey_name, quoted, tick, vocab_lookup, xml_safe

FORMAT_VERSION = 1  # the journey cell's cx_format: what these properties mean
PREFIX = "cx_"
ENTITY = "cx_entity"  # which kind of record a cell holds: journey, stage, lane, touchpoint, connection
DECOR = "cxDecor"  # a style key marking what the export drew only for looks (bands, cells, badges, the curve)

# Limits for a file from elsewhere: far above any real map, far below what would exhaust memory.
MAX_FILE_BYTES = 50_000_000
MAX_XML_BYTES = 50_000_000  # all pages together once unpacked
MAX_ELEMENTS = 1_000_000
MAX_CELLS = 100_000
# Elements or cells between two progress reports (each a chance to Cancel): some 30 ms of reading.
_TICK_EVERY = 5_000
_BAR = 1_000
MAX_TEXT = limits.MAX_TEXT  # one attribute value: the model's own limit for long texts
# A storyboard picture travels in its shape's style as a data URI: base64 of at most MAX_IMAGE_BYTES.
MAX_STYLE = MAX_TEXT + 4 * limits.MAX_IMAGE_BYTES // 3 + 1_000
MAX_PAGES = 200
_NAME_MAX = limits.MAX_NAME  # names and labels: what a hand-drawn shape says is cut there

# Attributes of <object> that draw.io itself gives a meaning to: never custom properties.
_RESERVED = {"id", "label", "placeholders", "tooltip", "link", "tags"}
_EMOTION_LABEL = N_("Emotion")
_PERSONA_LABEL = N_("Persona")
# draw.io names for shapes that group others rather than being a step of the journey.
_CONTAINER_SHAPES = {"swimlane", "group", "table", "tableRow", "shape=table", "shape=tableRow"}
_ANNOTATION_SHAPES = {"text", "edgeLabel", "image", "label"}
# draw.io's named styles (text, swimlane, ellipse…) come from its own stylesheet; the shapes also
# spell out what those names mean, so any mxGraph renderer draws them the same.
_TEXT = ("text", "html=1", "whiteSpace=wrap", "overflow=hidden", "fillColor=none", "strokeColor=none")



def _bad_diagram(text: str) -> ValidationError:
    """A refusal of the whole file (not XML, a damaged page, no diagram), with what to do about it."""
    return ValidationError(text + "; " + _("open it in draw.io and save it again, or choose another file"))


# -- writing ------------------------------------------------------------------------------------------

def _num(v: float) -> str:
    """A coordinate as draw.io writes it: whole numbers without a point, else two decimals."""
    r = round(v, 2)
    return str(int(r)) if r == int(r) else f"{r:.2f}".rstrip("0")


def _style(*parts: str, **keys: object) -> str:
    items = list(parts) + [f"{k}={v}" for k, v in keys.items()]
    return ";".join(items) + ";"


def html_label(text: str) -> str:
    """Plain ``text`` as a draw.io HTML label that shows exactly these characters (``<b>`` stays ``<b>``)."""
    return html.escape(xml_safe(text), quote=False).replace("\r\n", "\n").replace("\n", "<br>")


def encode_value(value: Any) -> str:
    """A field as property text: lists as JSON, booleans as true/false, no value as the empty string."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return xml_safe(json.dumps(list(value), ensure_ascii=False))
    if isinstance(value, float):
        return repr(value)
    return xml_safe(str(value))


def _props(entity: Entity, skip: Iterable[str] = (), prefix: str = PREFIX) -> dict[str, str]:
    omit = set(skip)
    return {prefix + k: encode_value(v) for k, v in entity.to_dict().items() if k not in omit}


class _Writer:
    """The cells of one page in drawing order, with ids unique in the page."""

    def __init__(self) -> None:
        self.root = ET.Element("root")
        ET.SubElement(self.root, "mxCell", id="0")
        ET.SubElement(self.root, "mxCell", id="1", parent="0")
        self.taken = {"0", "1"}
        self.cell_of: dict[str, str] = {}  # model id → cell id
        self._serial = 0

    def new_id(self, wanted: str = "") -> str:
        cid = wanted
        while not cid or cid in self.taken:
            self._serial += 1
            cid = f"cx-{self._serial}"
        self.taken.add(cid)
        if wanted:
            self.cell_of[wanted] = cid
        return cid

    def _cell(self, cid: str, label: str, props: dict[str, str] | None, **attrs: str) -> ET.Element:
        if props is None:
            return ET.SubElement(self.root, "mxCell", id=cid, value=label, **attrs)
        wrapper = ET.SubElement(self.root, "object", id=cid, label=label, **props)
        return ET.SubElement(wrapper, "mxCell", **attrs)

    def vertex(
        self,
        rect: Rect,
        label: str,
        style: str,
        parent: str = "1",
        origin: tuple[float, float] = (0.0, 0.0),
        props: dict[str, str] | None = None,
        wanted_id: str = "",
    ) -> str:
        """A shape at ``rect`` (page coordinates; ``origin`` is its container's top left)."""
        cid = self.new_id(wanted_id)
        cell = self._cell(cid, label, props, style=style, vertex="1", parent=parent)
        ET.SubElement(
            cell,
            "mxGeometry",
            x=_num(rect.x - origin[0]),
            y=_num(rect.y - origin[1]),
            width=_num(rect.w),
            height=_num(rect.h),
            **{"as": "geometry"},
        )
        return cid

    def edge(
        self,
        source: str,
        target: str,
        label: str,
        style: str,
        points: Sequence[tuple[float, float]] = (),
        props: dict[str, str] | None = None,
        wanted_id: str = "",
    ) -> str:
        cid = self.new_id(wanted_id)
        cell = self._cell(cid, label, props, style=style, edge="1", parent="1", source=source, target=target)
        geo = ET.SubElement(cell, "mxGeometry", relative="1", **{"as": "geometry"})
        if points:
            array = ET.SubElement(geo, "Array", **{"as": "points"})
            for x, y in points:
                ET.SubElement(array, "mxPoint", x=_num(x), y=_num(y))
        return cid


def _connection_style(kind: str, ends: tuple[tuple[float, float], tuple[float, float]] | None = None) -> str:
    """The map's look for a connection kind; with ``ends``, an orthogonal route leaving and entering there."""
    look = palette.CONNECTION_LOOKS.get(kind, palette.CONNECTION_LOOKS["normal"])
    keys: dict[str, object] = {"edgeStyle": "orthogonalEdgeStyle"} if ends else {}
    keys.update(
        rounded=1,
        # draw.io rounds a bend by half the arc size.
        arcSize=_num(2 * look.corner_radius),
        html=1,
        endArrow="block",
        endSize=7,
        endFill=0 if look.hollow_arrow else 1,
        strokeColor=look.colour,
        strokeWidth=_num(look.width),
        fontSize=10,
        fontColor=palette.INK,
        labelBackgroundColor=palette.PAPER,
        labelBorderColor=look.colour,
    )
    if look.dashes:
        keys["dashed"] = 1
        keys["dashPattern"] = " ".join(_num(d) for d in look.dashes)
    if ends:
        # Where the route leaves and enters the cards, so draw.io keeps the map's route.
        (ex, ey), (nx, ny) = ends
        keys.update(exitX=_num(ex), exitY=_num(ey), exitPerimeter=0, entryX=_num(nx), entryY=_num(ny), entryPerimeter=0)
    return _style(**keys)


def _header_style(font_size: int, *extra: str) -> str:
    """A grey header box with bold text, like the map's stage and emotion headers."""
    return _style(
        "rounded=0",
        "html=1",
        "whiteSpace=wrap",
        "overflow=hidden",
        *extra,
        fontSize=font_size,
        fontStyle=1,
        fillColor=palette.HEADER_FILL,
        strokeColor=palette.CELL_BORDER,
        fontColor=palette.INK,
    )


def _anchor(r: Rect, x: float, y: float) -> tuple[float, float]:
    """A point on a card's edge as draw.io's relative connection point (0…1 across and down)."""
    return (min(1.0, max(0.0, (x - r.x) / r.w)), min(1.0, max(0.0, (y - r.y) / r.h)))


def _card_meta(project: Project, tp: Touchpoint, lang: str) -> tuple[str, str]:
    """The card's top line (channel, emotion) and bottom line (badges), as the map prints them."""
    top = []
    if tp.channel:
        top.append(project.channel_name(tp.channel, lang))
    if tp.emotion is not None:
        top.append(translation(lang).signed(tp.emotion, 0))
    badges = []
    if tp.pain_points:
        badges.append(f"⚠ {len(tp.pain_points)}")
    if tp.opportunities:
        badges.append(f"★ {len(tp.opportunities)}")
    if tp.moment_of_truth:
        badges.append("◆")
    votes = project.shown_votes(tp.id)
    if votes:
        badges.append(f"● {votes}")
    return " · ".join(top), "   ".join(badges)


def _touchpoint_props(project: Project, tp: Touchpoint) -> dict[str, str]:
    props = {ENTITY: "touchpoint", **_props(tp, skip=("journey_id",))}
    custom = project.tables["channel"].get(tp.channel)
    if custom is not None:
        props[PREFIX + "channel_name"] = xml_safe(custom.name)
    answers = project.responses(tp.id)
    if answers:
        data = [{k: v for k, v in r.to_dict().items() if k not in ("id", "touchpoint_id")} for r in answers]
        props[PREFIX + "responses"] = encode_value(json.dumps(data, ensure_ascii=False))
    return props


def drawio_xml(project: Project, journey_id: str, lang: str = "en") -> str:
    """The journey as one draw.io page, laid out like the map, every field kept as a property."""
    j = project.get("journey", journey_id)
    layout, routes = journey_map(project, journey_id)
    w = _Writer()
    _write_header(w, project, j, layout, lang)
    _write_lanes(w, project, journey_id, layout, lang)
    _write_connections(w, project, journey_id, layout, routes)
    _write_emotion_row(w, project, journey_id, layout, lang)

    b = layout.bounds
    mxfile = ET.Element("mxfile", host="CX Designer", agent="CX Designer", compressed="false")
    diagram = ET.SubElement(mxfile, "diagram", id=f"cx-page-{journey_id}"[:200], name=xml_safe(j.name))
    model = ET.SubElement(
        diagram,
        "mxGraphModel",
        grid="0",
        gridSize="10",
        guides="1",
        tooltips="1",
        connect="1",
        arrows="1",
        fold="1",
        page="0",
        pageScale="1",
        pageWidth=_num(b.w),
        pageHeight=_num(b.h),
        background=palette.PAPER,
        math="0",
        shadow="0",
    )
    model.append(w.root)
    ET.indent(mxfile, space=" ")
    return ET.tostring(mxfile, encoding="unicode") + "\n"


def _write_header(w: _Writer, project: Project, j: Journey, layout: JourneyLayout, lang: str) -> None:
    t = layout.title_rect
    props = {ENTITY: "journey", f"{PREFIX}format": str(FORMAT_VERSION), f"{PREFIX}lang": lang}
    props.update(_props(j, skip=("persona_id", "position")))
    props[f"{PREFIX}project_name"] = xml_safe(project.info.name)
    persona = project.tables["persona"].get(j.persona_id) if j.persona_id else None
    if persona is not None:
        props.update(_props(persona, skip=("position",), prefix=f"{PREFIX}persona_"))
    w.vertex(
        Rect(t.x, t.y + 16, t.w, 26),
        html_label(j.name),
        _style(
            *_TEXT,
            align="left",
            verticalAlign="top",
            fontSize=20,
            fontStyle=1,
            fontColor=palette.INK,
        ),
        props=props,
        wanted_id=j.id,
    )
    decor = _style(
        *_TEXT,
        f"{DECOR}=1",
        align="left",
        verticalAlign="top",
        fontSize=12,
        fontColor=palette.MUTED_INK,
    )
    if project.info.name:
        w.vertex(Rect(t.x, t.y, t.w, 16), html_label(project.info.name), decor)
    if persona is not None:
        who = translation(lang).gettext(_PERSONA_LABEL) + ": " + persona.name
        who += f" — {persona.segment}" if persona.segment else ""
        w.vertex(Rect(t.x, t.y + 42, t.w, 16), html_label(who), decor)
    if t.w > 900:
        kinds = {c.kind for c in project.connections_unordered(j.id)}
        _write_legend(w, Rect(t.right - 340, t.y + 4, 340, 40), lang, [k for k in vocab.CONNECTION_KINDS if k in kinds])
    for phase, r in layout.phase_bands:
        w.vertex(
            r,
            html_label(j.phase_name(phase, lang)),
            _style(
                "rounded=0",
                "html=1",
                "whiteSpace=wrap",
                "overflow=hidden",
                f"{DECOR}=1",
                fontSize=11,
                fontStyle=1,
                fillColor=palette.PHASE_FILLS.get(phase, palette.HEADER_FILL),
                strokeColor="none",
                fontColor=palette.INK,
            ),
        )
    for s in project.stages(j.id):
        w.vertex(
            layout.stage_headers[s.id],
            html_label(s.display_name(lang)),
            _header_style(13),
            props={ENTITY: "stage", **_props(s, skip=("journey_id",))},
            wanted_id=s.id,
        )


def _write_legend(w: _Writer, r: Rect, lang: str, kinds: Sequence[str]) -> None:
    """Two columns of sample lines: a line between two invisible points and its name, per kind the map has."""
    end = _style("rounded=0", f"{DECOR}=1", "connectable=0", fillColor="none", strokeColor="none")
    text = _style(*_TEXT, f"{DECOR}=1", align="left", verticalAlign="middle", fontSize=10, fontColor=palette.MUTED_INK)
    # The key to the connection styles, named as the map's key and the menus name them.
    for i, kind in enumerate(kinds):
        x = r.x + (i % 2) * r.w / 2
        y = r.y + (i // 2) * 18 + 8
        a = w.vertex(Rect(x, y, 0.5, 0.5), "", end)
        b = w.vertex(Rect(x + 36, y, 0.5, 0.5), "", end)
        w.edge(a, b, "", _connection_style(kind) + f"{DECOR}=1;")
        name = vocab.label(vocab.CONNECTION_KINDS, kind, lang)
        w.vertex(Rect(x + 42, y - 8, r.w / 2 - 46, 16), html_label(name), text)


def _write_lanes(w: _Writer, project: Project, journey_id: str, layout: JourneyLayout, lang: str) -> None:
    m = layout.metrics
    cards = {tp.id: tp for tp in project.touchpoints(journey_id)}
    last = layout.stage_ids[-1] if layout.stage_ids else None
    right = layout.columns[last][0] + m.cell_w if last is not None else layout.emotion_plot.right
    for index, ln in enumerate(project.lanes(journey_id)):
        y, h = layout.rows[ln.id]
        lane_rect = Rect(m.margin, y, right - m.margin, h)
        origin = (lane_rect.x, lane_rect.y)
        lane_id = w.vertex(
            lane_rect,
            html_label(ln.display_name(lang)),
            _style(
                "swimlane",
                "shape=swimlane",
                "horizontal=0",
                "html=1",
                "whiteSpace=wrap",
                "collapsible=0",
                "swimlaneLine=0",
                startSize=_num(m.lane_header_w),
                fontSize=12,
                fontStyle=1,
                fillColor=palette.HEADER_FILL,
                swimlaneFillColor="none",
                strokeColor=palette.CELL_BORDER,
                fontColor=palette.INK,
            ),
            props={ENTITY: "lane", **_props(ln, skip=("journey_id",))},
            wanted_id=ln.id,
        )
        cell_style = _style(
            "rounded=0",
            f"{DECOR}=1",
            "connectable=0",
            "editable=0",
            fillColor=palette.CELL_FILLS[index % 2],
            strokeColor=palette.CELL_BORDER,
        )
        for sid in layout.stage_ids:
            w.vertex(layout.cell_rect(sid, ln.id), "", cell_style, parent=lane_id, origin=origin)
        if not ln.holds_cards:
            _write_lane_contents(w, project, ln, layout, lane_id, origin, lang)
            continue
        for sid in layout.stage_ids:
            for tid in layout.cell_order.get((sid, ln.id), []):
                _write_card(w, project, cards[tid], layout.cards[tid], lane_id, origin, lang)


_IMAGE_MIME = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}


def figure_label(value: float | None, unit: str) -> str:
    """A metric cell's figure as the diagram shows it: ``37.5 %``, ``1200 €`` (the property keeps the number)."""
    if value is None:
        return ""
    number = _num(value) if abs(value) < 1e9 else repr(float(value))
    return f"{number} {unit}".strip()


def _write_lane_contents(
    w: _Writer, project: Project, ln: Lane, layout: JourneyLayout, parent: str, origin: tuple[float, float], lang: str
) -> None:
    """A lane without cards: its cells as text (or picture) shapes in their stage, computed lanes as text.

    Text, figure and picture cells are ``lane_cell`` objects with every field as a property (the picture
    in the shape's style as a data URI, which draw.io shows), so they come back on import; what channel
    and emotion lanes show is worked out from the cards and drawn only for looks.
    """
    text = _style(*_TEXT, align="center", verticalAlign="middle", fontSize=11, fontColor=palette.INK)
    computed: dict[str, str] = {}
    if ln.kind == "channels":
        computed = {sid: ", ".join(names) for sid, names in stage_channels(project, ln.journey_id, lang).items()}
    elif ln.kind == "emotion":
        lines: dict[str, list[str]] = {}
        for name, by_stage in overlay_emotions(project, ln, lang):
            for sid, e in by_stage.items():
                if e is not None:
                    lines.setdefault(sid, []).append(f"{name}: {_num(round(e, 2))}")
        computed = {sid: "\n".join(v) for sid, v in lines.items()}
    for sid in layout.stage_ids:
        r = layout.cell_rect(sid, ln.id)
        inner = Rect(r.x + 6, r.y + 4, max(1.0, r.w - 12), max(1.0, r.h - 8))
        if ln.kind in ("channels", "emotion"):
            if computed.get(sid):
                w.vertex(inner, html_label(computed[sid]), text + f"{DECOR}=1;", parent=parent, origin=origin)
            continue
        cell = project.lane_cell(sid, ln.id)
        if cell is None:
            continue
        props = {ENTITY: "lane_cell", **_props(cell, skip=("journey_id", "image"))}
        if ln.kind == "storyboard" and cell.image is not None:
            data = base64.b64encode(cell.image).decode("ascii")
            style = _style(
                "shape=image",
                "html=1",
                "imageAspect=1",
                "aspect=fixed",
                "verticalLabelPosition=bottom",
                "verticalAlign=top",
                image=f"data:{_IMAGE_MIME.get(cell.image_type, 'image/png')},{data}",
                fontSize=10,
                fontColor=palette.INK,
            )
            box = Rect(inner.x, inner.y, inner.w, max(1.0, inner.h - 16))
            w.vertex(box, html_label(cell.text), style, parent=parent, origin=origin, props=props, wanted_id=cell.id)
            continue
        label = figure_label(cell.value, cell.unit) if ln.kind == "metric" else cell.text
        if ln.kind == "metric" and cell.text:
            label = f"{label}\n{cell.text}" if label else cell.text
        w.vertex(inner, html_label(label), text, parent=parent, origin=origin, props=props, wanted_id=cell.id)


def _write_card(
    w: _Writer, project: Project, tp: Touchpoint, r: Rect, parent: str, origin: tuple[float, float], lang: str
) -> None:
    fill = palette.emotion_hex(tp.emotion)
    keys: dict[str, object] = {
        "absoluteArcSize": 1,
        "arcSize": 12,
        "fillColor": fill,
        "strokeColor": palette.MOMENT if tp.moment_of_truth else palette.CARD_BORDER,
        "strokeWidth": 2 if tp.moment_of_truth else 1,
        "fontColor": palette.ink_for(fill),
        "fontSize": 12,
        "align": "left",
        "verticalAlign": "top",
        "spacingLeft": 8,
        "spacingRight": 6,
        "spacingTop": 22,
    }
    card = w.vertex(
        r,
        html_label(tp.title),
        _style("rounded=1", "whiteSpace=wrap", "html=1", "overflow=hidden", **keys),
        parent=parent,
        origin=origin,
        props=_touchpoint_props(project, tp),
        wanted_id=tp.id,
    )
    top, bottom = _card_meta(project, tp, lang)
    meta = _style(
        *_TEXT,
        f"{DECOR}=1",
        "connectable=0",
        "editable=0",
        align="left",
        verticalAlign="middle",
        fontSize=10,
        fontColor=palette.ink_for(fill),
    )
    # Children of the card, placed from its top left, so they move with it.
    if top:
        w.vertex(Rect(8, 4, r.w - 14, 18), html_label(top), meta, parent=card)
    if bottom:
        w.vertex(Rect(8, r.h - 20, r.w - 14, 16), html_label(bottom), meta, parent=card)


def _write_connections(
    w: _Writer, project: Project, journey_id: str, layout: JourneyLayout, routes: dict[str, Route | None]
) -> None:
    for c in project.connections(journey_id):
        route = routes.get(c.id)
        if route is None:
            continue
        s, d = layout.cards[c.source_id], layout.cards[c.target_id]
        style = _connection_style(c.kind, (_anchor(s, *route.points[0]), _anchor(d, *route.points[-1])))
        w.edge(
            w.cell_of[c.source_id],
            w.cell_of[c.target_id],
            html_label(c.label),
            style,
            points=route.points[1:-1],
            props={ENTITY: "connection", **_props(c, skip=("journey_id", "source_id", "target_id"))},
            wanted_id=c.id,
        )


def _write_emotion_row(w: _Writer, project: Project, journey_id: str, layout: JourneyLayout, lang: str) -> None:
    w.vertex(
        layout.emotion_header,
        html_label(translation(lang).gettext(_EMOTION_LABEL)),
        _header_style(12, f"{DECOR}=1", "connectable=0"),
    )
    plot = layout.emotion_plot
    w.vertex(
        plot,
        "",
        _style("rounded=0", f"{DECOR}=1", "connectable=0", fillColor=palette.PAPER, strokeColor=palette.CELL_BORDER),
    )
    mid = Rect(plot.x, plot.cy, plot.w, 0)
    w.vertex(
        mid, "", _style("line", "shape=line", f"{DECOR}=1", "connectable=0", strokeColor=palette.CELL_BORDER, dashed=1)
    )
    order: list[tuple[str, str, int]] = []
    cards = {tp.id: tp for tp in project.touchpoints(journey_id)}
    for sid in layout.stage_ids:
        for lid in layout.lane_ids:
            for tid in layout.cell_order.get((sid, lid), []):
                if cards[tid].emotion is not None:
                    order.append((tid, sid, cards[tid].emotion))  # type: ignore[arg-type]
    previous = ""
    dot_r = 4.0
    for x, y, emotion, _tid in emotion_points(layout, order):
        fill = palette.emotion_hex(emotion)
        dot = w.vertex(
            Rect(x - dot_r, y - dot_r, 2 * dot_r, 2 * dot_r),
            "",
            _style(
                "ellipse",
                "shape=ellipse",
                "perimeter=ellipsePerimeter",
                f"{DECOR}=1",
                fillColor=fill,
                strokeColor=palette.INK,
                strokeWidth=1,
            ),
        )
        if previous:
            w.edge(
                previous,
                dot,
                "",
                _style(f"{DECOR}=1", "curved=1", "html=1", endArrow="none", strokeColor=palette.INK, strokeWidth=1.5),
            )
        previous = dot


def drawio_bytes(project: Project, journey_id: str, lang: str = "en") -> bytes:
    """The ``.drawio`` file's bytes: UTF-8 with an XML declaration."""
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + drawio_xml(project, journey_id, lang).encode("utf-8")


def write_drawio(project: Project, journey_id: str, path: Path | str, lang: str = "en") -> None:
    atomic.write_bytes(path, drawio_bytes(project, journey_id, lang))


# -- reading: safe XML ----------------------------------------------------------------------------------


def _parse_xml(data: bytes, what: str, progress: Progress | None = None) -> ET.Element:
    """An ElementTree from bytes, refusing any DTD (entity expansion, external entities) and huge trees.

    expat reports a DOCTYPE or ENTITY declaration before anything is expanded, whatever the
    file's encoding, so the refusal comes before any work is done.
    """
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()
    count = 0

    def refuse_dtd(*_args: object) -> None:
        raise _bad_diagram(
            _("{what}: the file declares a DTD or entities; draw.io files never do, so it is refused").format(what=what)
        )

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal count
        count += 1
        if count % _TICK_EVERY == 0:  # how far through the bytes; Cancel raises out of the parser
            tick(progress, parser.CurrentByteIndex, len(data))
        if count > MAX_ELEMENTS:
            raise ValidationError(
                _(
                    "{what}: more than {limit} XML elements, more than a journey map has; split the diagram, "
                    "then try again"
                ).format(
                    what=what, limit=number(MAX_ELEMENTS)
                )
            )
        for key, value in attrs.items():
            most = MAX_STYLE if key == "style" else MAX_TEXT
            if len(value) > most:
                raise ValidationError(
                    _(
                        "{what}: the {key} of a <{tag}> is {length} characters long; at most {limit} fit: "
                        "shorten it in draw.io, then try again"
                    ).format(
                        what=what, key=quoted(key), tag=tag, length=number(len(value)), limit=number(most)
                    )
                )
        builder.start(tag, attrs)

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.ExternalEntityRefHandler = refuse_dtd  # type: ignore[assignment]
    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        # expat's words ("mismatched tag", "junk after document element") are English and for a
        # developer; where the fault is lets a person open the file and look.
        raise _bad_diagram(
            _("{what}: not well-formed XML (at line {line}, column {column})").format(
                what=what, line=number(exc.lineno), column=number(exc.offset + 1)
            )
        ) from None
    return builder.close()


def _inflate(text: str, what: str, budget: int) -> bytes:
    """A compressed page (base64 of raw deflate of the URI-encoded XML), unpacked to at most ``budget`` bytes."""
    try:
        packed = base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise _bad_diagram(
            _("{what}: the page is neither XML nor draw.io's compressed form").format(what=what)
        ) from None
    unpacker = zlib.decompressobj(-15)
    try:
        out = unpacker.decompress(packed, budget + 1)
    except zlib.error:
        raise _bad_diagram(_("{what}: the compressed page is damaged").format(what=what)) from None
    if len(out) > budget or unpacker.unconsumed_tail:
        raise ValidationError(
            _("{what}: the compressed page unpacks to more than {limit} MB; it is refused").format(
                what=what, limit=number(MAX_XML_BYTES // 1_000_000)
            )
        )
    if not unpacker.eof:
        raise _bad_diagram(_("{what}: the compressed page is damaged (it ends too soon)").format(what=what))
    if out.lstrip().startswith(b"<"):
        return out
    # draw.io URI-encodes the XML before deflating it; that is plain ASCII, and decoding only shrinks it.
    return urllib.parse.unquote(out.decode("ascii", errors="replace")).encode("utf-8")


def _pages(data: bytes, what: str, progress: Progress | None = None) -> list[tuple[str, ET.Element]]:
    """(page name, <mxGraphModel>) for every page of a .drawio file (or a bare mxGraphModel)."""
    root = _parse_xml(data, what, progress)
    if root.tag == "mxGraphModel":
        return [("", root)]
    if root.tag != "mxfile":
        raise _bad_diagram(
            _("{what}: not a draw.io diagram (it holds <{tag}>, not <mxfile>)").format(what=what, tag=root.tag[:40])
        )
    diagrams = root.findall("diagram")
    if len(diagrams) > MAX_PAGES:
        raise ValidationError(
            _(
                "{what}: {count} pages, more than the {limit} CX Designer imports; save the pages you want "
                "as a diagram of their own, then import that"
            ).format(
                what=what, count=number(len(diagrams)), limit=number(MAX_PAGES)
            )
        )
    budget = MAX_XML_BYTES
    pages = []
    for n, d in enumerate(diagrams, 1):
        name = d.get("name", "") or f"Page-{n}"
        model = d.find("mxGraphModel")
        if model is None and (d.text or "").strip():
            where = _("{what}, page {n}").format(what=what, n=n)
            xml = _inflate(d.text or "", where, budget)
            budget -= len(xml)
            model = _parse_xml(xml, where, progress)
            if model.tag != "mxGraphModel":
                raise _bad_diagram(_("{what}: the compressed page is not a diagram").format(what=where))
        if model is not None:
            pages.append((name, model))
    if not pages:
        raise _bad_diagram(_("{what}: the file has no diagram page").format(what=what))
    return pages


# -- reading: cells -------------------------------------------------------------------------------------


def _float(text: str | None) -> float:
    try:
        v = float(text) if text else 0.0
    except ValueError:
        return 0.0
    return v if math.isfinite(v) and abs(v) < 1e9 else 0.0


def parse_style(style: str) -> tuple[set[str], dict[str, str]]:
    """draw.io's ``a;b=1;c=x`` style: the bare names (``swimlane``, ``text``…) and the key=value pairs."""
    names: set[str] = set()
    keys: dict[str, str] = {}
    for part in style.split(";"):
        part = part.strip()
        if not part:
            continue
        if "=" in part:
            k, v = part.split("=", 1)
            keys[k.strip()] = v.strip()
        else:
            names.add(part)
    return names, keys


@dataclass
class _Cell:
    id: str
    parent: str
    vertex: bool
    edge: bool
    source: str
    target: str
    names: set[str]
    style: dict[str, str]
    label: str
    props: dict[str, str]
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0
    children: list[str] = field(default_factory=list)

    @property
    def entity(self) -> str:
        return self.props.get(ENTITY, "")

    @property
    def decor(self) -> bool:
        return self.style.get(DECOR) == "1"

    @property
    def text(self) -> str:
        """The label as plain text (draw.io HTML labels turned back into characters and line breaks)."""
        return html_to_text(self.label) if self.style.get("html") == "1" else self.label

    def container(self) -> bool:
        return (
            bool(self.names & _CONTAINER_SHAPES)
            or self.style.get("container") == "1"
            or (self.style.get("shape") in ("table", "tableRow", "swimlane"))
        )


def _cells(model: ET.Element, what: str, progress: Progress | None = None) -> dict[str, _Cell]:
    root = model.find("root")
    if root is None:
        raise _bad_diagram(_("{what}: the diagram has no <root>").format(what=what))
    cells: dict[str, _Cell] = {}
    total = len(root)
    for k, el in enumerate(root):
        if k % _TICK_EVERY == 0:
            tick(progress, k, total)
        if el.tag == "mxCell":
            inner, cid, label, props = el, el.get("id", ""), el.get("value", ""), {}
        elif el.tag in ("object", "UserObject"):
            found = el.find("mxCell")
            inner = found if found is not None else ET.Element("mxCell")
            cid, label = el.get("id", ""), el.get("label", "")
            props = {k: v for k, v in el.attrib.items() if k not in _RESERVED}
        else:
            continue
        if not cid:
            raise ValidationError(_("{what}: a cell has no id").format(what=what))
        if cid in cells:
            raise ValidationError(_("{what}: two cells have the id {id}").format(what=what, id=quoted(cid, 60)))
        if len(cells) >= MAX_CELLS:
            raise ValidationError(
                _(
                    "{what}: more than {limit} cells, more than a journey map has; split the diagram, then try again"
                ).format(
                    what=what, limit=number(MAX_CELLS)
                )
            )
        names, style = parse_style(inner.get("style", ""))
        cell = _Cell(
            id=cid,
            parent=inner.get("parent", ""),
            vertex=inner.get("vertex") == "1",
            edge=inner.get("edge") == "1",
            source=inner.get("source", ""),
            target=inner.get("target", ""),
            names=names,
            style=style,
            label=label,
            props=props,
        )
        geo = inner.find("mxGeometry")
        if geo is not None and cell.vertex and geo.get("relative") != "1":
            cell.x, cell.y = _float(geo.get("x")), _float(geo.get("y"))
            cell.w, cell.h = _float(geo.get("width")), _float(geo.get("height"))
        cells[cid] = cell
    for cell in cells.values():
        parent = cells.get(cell.parent)
        if parent is not None:
            parent.children.append(cell.id)
    _to_page_coordinates(cells)
    return cells


def _to_page_coordinates(cells: dict[str, _Cell]) -> None:
    """Children's geometry is relative to their container: make every vertex's position absolute."""
    done: set[str] = set()
    for start in list(cells):
        chain = []
        cid = start
        # Walk up to a cell already placed (or the top); a cycle of parents stops the walk.
        while cid in cells and cid not in done and cid not in chain:
            chain.append(cid)
            cid = cells[cid].parent
        base = cells.get(cid)
        for cid in reversed(chain):
            cell = cells[cid]
            if base is not None and base.vertex and cell.vertex:
                cell.x += base.x
                cell.y += base.y
            done.add(cid)
            base = cell


class _TextOfHtml(HTMLParser):
    _BREAKS = {"br"}
    _BLOCKS = {"div", "p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BREAKS or (tag in self._BLOCKS and self.parts and not self.parts[-1].endswith("\n")):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(label: str) -> str:
    """The characters a draw.io HTML label shows: tags dropped, entities decoded, breaks kept as new lines."""
    parser = _TextOfHtml()
    parser.feed(label)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip("\n")


# -- reading: fields ------------------------------------------------------------------------------------


@functools.cache
def _field_types(cls: type[Entity]) -> dict[str, tuple[str, Any]]:
    """Each field's annotation (as text) and default; asked once per value read, so worked out once."""
    return {f.name: (str(f.type), f.default) for f in dataclasses.fields(cls)}  # type: ignore[arg-type]


def decode_value(cls: type[Entity], name: str, text: str) -> Any:
    """Property text back to a field of ``cls`` (the inverse of :func:`encode_value`)."""
    kind, default = _field_types(cls)[name]
    # A card's field by the name its spreadsheet column has in the interface language; another as it is.
    label = pgettext(ROW_FIELD, name.replace("_", " "))
    if kind == "str":
        return text
    if kind == "str | None":
        return text or None
    if kind == "bool":
        if text.strip().lower() in ("true", "1", "yes"):
            return True
        if text.strip().lower() in ("false", "0", "no", ""):
            return False
        raise ValidationError(_("{name} must be true or false, not {value}").format(name=label, value=quoted(text)))
    if kind.startswith("tuple"):
        if not text.strip():
            return ()
        try:
            items = json.loads(text)
        except (ValueError, RecursionError):  # RecursionError: thousands of nested brackets
            raise ValidationError(
                _("{name} must be a JSON list of texts, not {value}").format(name=label, value=quoted(text))
            ) from None
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise ValidationError(_("{name} must be a JSON list of texts").format(name=label))
        return tuple(items)
    if not text.strip():
        return None if kind.endswith("None") else default
    try:
        if kind.startswith("int"):
            return int(text.strip())
        return float(text.strip())
    except ValueError:
        raise ValidationError(
            _("{name} must be a number, not {value}").format(name=label, value=quoted(text))
        ) from None


def _fields_of(cell: _Cell, cls: type[Entity], prefix: str = PREFIX, skip: Iterable[str] = ()) -> dict[str, Any]:
    """The fields of ``cls`` that the cell's properties hold, decoded and checked."""
    omit = set(skip)
    out = {}
    for name in cls.field_names():
        key = prefix + name
        if name in omit or key not in cell.props:
            continue
        try:
            out[name] = decode_value(cls, name, cell.props[key])
        except ValidationError as exc:
            raise ValidationError(f"{_where(cell)}: {exc}") from None
    return out


def _page_name(page: str, n: int) -> str:
    """A page as a note names it: its name in quotation marks, or its number when it has none."""
    return quoted(page) if page else number(n)


def _where(cell: _Cell) -> str:
    """Which cell a message is about, in the interface language: its id and the start of its text."""
    text = " ".join(cell.text.split())
    if text:
        return _("cell {id} ({text})").format(id=quoted(cell.id), text=quoted(text))
    return _("cell {id}").format(id=quoted(cell.id))


def _label_or_edit(cell: _Cell, written: str, expected_label: str) -> str:
    """The property's value, unless the label was changed in draw.io: then what the label now says."""
    return written if cell.label == expected_label else cell.text


def _build(cls: type[Entity], cell: _Cell, **fields: Any) -> Any:
    try:
        return cls(**fields)
    except ValidationError as exc:
        raise ValidationError(f"{_where(cell)}: {exc}") from None
    except TypeError:
        # Python's words ("'<=' not supported between instances…") only help a developer.
        raise ValidationError(_("{cell} holds a value CX Designer cannot read").format(cell=_where(cell))) from None


# -- reading: journeys -----------------------------------------------------------------------------------


@dataclass
class DrawioRead:
    """What a draw.io file holds, as a project of its own (one journey per page), and what was left out."""

    project: Project
    notes: list[str] = field(default_factory=list)


@dataclass
class _Span:
    """A stage column or a lane row found in the diagram: the entity and where it is on the page."""

    entity: Any
    start: float
    end: float
    cell_id: str = ""

    def distance(self, v: float) -> float:
        return self.start - v if v < self.start else (v - self.end if v > self.end else 0.0)


def _nearest(spans: list[_Span], v: float) -> _Span:
    return min(spans, key=lambda s: s.distance(v))


class _PageReader:
    """Turns the cells of one page into a journey's entities."""

    def __init__(
        self, cells: dict[str, _Cell], page: str, fallback_name: str, channels: dict[str, Channel], position: int
    ) -> None:
        self.cells = cells
        self.position = position
        self.page = page
        self.fallback_name = fallback_name
        self.channels = channels  # folded name → channel, shared by every page
        self.entities: list[Entity] = []
        self.notes: list[str] = []
        self.lang = "en"
        self.builtin_channels = vocab_lookup(vocab.CHANNELS)
        self.pending_responses: list[tuple[str, list[Any]]] = []

    # The journey and its persona ----------------------------------------------------------------------
    def journey(self) -> Journey:
        head = next((c for c in self.cells.values() if c.entity == "journey"), None)
        jid = new_id("jr")
        if head is None:
            name = self.page if self.page and not re.fullmatch(r"Page-\d+", self.page) else self.fallback_name
            return Journey(id=jid, name=(name or imported_journey_name())[:_NAME_MAX], position=self.position)
        version = head.props.get(PREFIX + "format", "")
        if version.isdigit() and int(version) > FORMAT_VERSION:
            raise ValidationError(
                _(
                    "the diagram was written by a newer CX Designer (draw.io properties version {version}; this "
                    "version reads up to {latest}). Update CX Designer to read it."
                ).format(version=version, latest=FORMAT_VERSION)
            )
        lang = head.props.get(PREFIX + "lang", "en")
        self.lang = lang if lang in vocab.LANGUAGES else "en"
        fields = _fields_of(head, Journey, skip=("id", "persona_id", "position"))
        fields["name"] = _label_or_edit(head, fields.get("name", ""), html_label(fields.get("name", "")))
        persona_fields = _fields_of(head, Persona, prefix=PREFIX + "persona_", skip=("id", "position"))
        if PREFIX + "persona_id" in head.props:
            persona = _build(Persona, head, id=new_id("ps"), **persona_fields)
            self.entities.append(persona)
            fields["persona_id"] = persona.id
        return _build(Journey, head, id=jid, position=self.position, **fields)

    # Stages and lanes ----------------------------------------------------------------------------------
    def stages(self, jid: str) -> list[_Span]:
        return self._axis(jid, Stage, "st", lane_like=False)

    def lanes(self, jid: str) -> list[_Span]:
        return self._axis(jid, Lane, "ln", lane_like=True)

    def _axis(self, jid: str, cls: type[Stage] | type[Lane], prefix: str, lane_like: bool) -> list[_Span]:
        """The stages (columns) or lanes (rows): ours from their properties, else swimlanes drawn by hand."""

        def span(record: Any, cell: _Cell) -> _Span:
            start, size = (cell.y, cell.h) if lane_like else (cell.x, cell.w)
            return _Span(record, start, start + size, cell.id)

        spans = []
        for cell in (c for c in self.cells.values() if c.entity == cls.KIND and c.vertex):
            fields = _fields_of(cell, cls, skip=("id", "journey_id"))
            record = _build(cls, cell, id=new_id(prefix), journey_id=jid, **fields)
            if cell.label != html_label(record.display_name(self.lang)):
                record = record.evolve(name=cell.text)
            spans.append(span(record, cell))
        if not spans:
            drawn = sorted(self._containers(lane_like), key=lambda c: c.y if lane_like else c.x)
            for i, cell in enumerate(drawn):
                name = cell.text[:_NAME_MAX]
                spans.append(span(_build(cls, cell, id=new_id(prefix), journey_id=jid, position=i, name=name), cell))
        return sorted(spans, key=lambda s: (s.entity.position, s.start))

    def _containers(self, lane_like: bool) -> list[_Cell]:
        """Swimlanes drawn by hand: title on the left for lanes, on top for stages; the innermost ones."""
        found = [
            c
            for c in self.cells.values()
            if c.vertex
            and not c.entity
            and not c.decor
            and "swimlane" in c.names | {c.style.get("shape", "")}
            and (c.style.get("horizontal") == "0") == lane_like
        ]
        ids = {c.id for c in found}
        # A pool holding lanes is not a lane itself.
        return [c for c in found if not any(k in ids for k in c.children)]

    # Cards -------------------------------------------------------------------------------------------------
    def _is_card(self, cell: _Cell, linked: set[str], structure: set[str]) -> bool:
        if cell.entity == "touchpoint":
            return True
        if not cell.vertex or cell.decor or cell.entity or cell.id in structure:
            return False
        parent = self.cells.get(cell.parent)
        if parent is not None and (parent.edge or parent.entity == "touchpoint"):
            return False  # a label on a line, or a part of one of our cards
        if cell.container():
            return False
        # Free text and pictures annotate the map; joined by a line they are steps.
        return not (cell.names & _ANNOTATION_SHAPES and cell.id not in linked)

    def cards(self, jid: str, stages: list[_Span], lanes: list[_Span]) -> dict[str, Touchpoint]:
        edges = [c for c in self.cells.values() if c.edge]
        linked = {c.source for c in edges} | {c.target for c in edges}
        structure = {s.cell_id for s in stages} | {s.cell_id for s in lanes}
        chosen = [c for c in self.cells.values() if self._is_card(c, linked, structure)]
        if not chosen:
            return {}
        if not stages:
            stages.append(_Span(Stage(id=new_id("st"), journey_id=jid, name="Stage 1"), -math.inf, math.inf))
        if not lanes:
            lanes.append(_Span(Lane(id=new_id("ln"), journey_id=jid), -math.inf, math.inf))
        lane_of_cell = {s.cell_id: s for s in lanes if s.cell_id}
        placed: dict[tuple[str, str], list[tuple[float, float, _Cell, dict[str, Any]]]] = {}
        for cell in chosen:
            cx, cy = cell.x + cell.w / 2, cell.y + cell.h / 2
            stage = _nearest(stages, cx)
            lane = self._lane_above(cell, lane_of_cell) or _nearest(lanes, cy)
            fields = self._card_fields(cell) if cell.entity == "touchpoint" else self._drawn_card_fields(cell)
            placed.setdefault((stage.entity.id, lane.entity.id), []).append((cy, cx, cell, fields))
        out: dict[str, Touchpoint] = {}
        xs, ys = [c.x for c in chosen], [c.y for c in chosen]
        across = max(xs) - min(xs) > max(ys) - min(ys)
        for (sid, lid), items in placed.items():
            # Top to bottom in a cell; a map without stages or lanes reads along its longer side.
            one_cell = len(stages) == len(lanes) == 1 and not stages[0].cell_id and not lanes[0].cell_id
            items.sort(key=lambda t: (t[1], t[0]) if one_cell and across else (t[0], t[1]))
            written = [t[3].get("position") for t in items]
            keep = all(isinstance(p, int) for p in written) and all(a <= b for a, b in itertools.pairwise(written))
            for i, (_cy, _cx, cell, fields) in enumerate(items):
                fields["position"] = fields["position"] if keep else i
                tp = _build(Touchpoint, cell, id=new_id("tp"), journey_id=jid, stage_id=sid, lane_id=lid, **fields)
                out[cell.id] = tp
        return out

    def _lane_above(self, cell: _Cell, lane_of_cell: dict[str, _Span]) -> _Span | None:
        """The lane container a card was put in (draw.io keeps a shape dropped on a swimlane inside it)."""
        cid, depth = cell.parent, 0
        while cid in self.cells and depth < 50:
            if cid in lane_of_cell:
                return lane_of_cell[cid]
            cid, depth = self.cells[cid].parent, depth + 1
        return None

    def _card_fields(self, cell: _Cell) -> dict[str, Any]:
        fields = _fields_of(cell, Touchpoint, skip=("id", "journey_id", "stage_id", "lane_id"))
        fields["title"] = _label_or_edit(cell, fields.get("title", ""), html_label(fields.get("title", "")))
        channel = fields.get("channel", "")
        if channel and channel not in vocab.CHANNELS:
            # The exported name, even an empty one (a file may name a channel ""); the key only when absent.
            name = cell.props.get(PREFIX + "channel_name", channel)
            fields["channel"] = self._channel(name[:1000], match_builtin=False)
        answers = cell.props.get(PREFIX + "responses", "")
        if answers:
            self._responses(cell, answers)
        return fields

    def _drawn_card_fields(self, cell: _Cell) -> dict[str, Any]:
        """A shape drawn by hand: its text is the title; properties named like card fields are used when valid."""
        fields: dict[str, Any] = {"title": cell.text}
        for name in Touchpoint.field_names():
            if name in ("id", "journey_id", "stage_id", "lane_id", "position", "title") or name not in cell.props:
                continue
            try:
                value = decode_value(Touchpoint, name, cell.props[name])
                Touchpoint(id="x", journey_id="x", stage_id="x", lane_id="x", **{name: value})
            except (ValidationError, TypeError):
                self.notes.append(
                    _("{cell}: its property {name} is not a valid value for {kind}").format(
                        cell=_where(cell), name=quoted(name), kind=pgettext(ROW_FIELD, name.replace("_", " "))
                    )
                )
                continue
            if name == "channel" and value and value not in vocab.CHANNELS:
                value = self._channel(value[:1000], match_builtin=True)
            fields[name] = value
        return fields

    def _channel(self, name: str, match_builtin: bool) -> str:
        """The id of the channel called ``name``: a built-in one (by key or label) or one added once per name."""
        key = fold(name)
        if match_builtin and key in self.builtin_channels:
            return self.builtin_channels[key]
        if key not in self.channels:
            self.channels[key] = Channel(id=new_id("ch"), name=name, position=len(self.channels))
        return self.channels[key].id

    def _responses(self, cell: _Cell, text: str) -> None:
        try:
            items = json.loads(text)
        except (ValueError, RecursionError):
            items = None
        if not isinstance(items, list):
            raise ValidationError(_("{cell}: responses must be a JSON list").format(cell=_where(cell)))
        self.pending_responses.append((cell.id, items))

    # Connections ---------------------------------------------------------------------------------------------
    def connections(self, jid: str, cards: dict[str, Touchpoint]) -> list[Connection]:
        out = []
        skipped = 0
        for cell in self.cells.values():
            if not cell.edge or cell.decor:
                continue
            source, target = cards.get(cell.source), cards.get(cell.target)
            if source is None or target is None or source.id == target.id:
                skipped += 1
                continue
            if cell.entity == "connection":
                fields = _fields_of(cell, Connection, skip=("id", "journey_id", "source_id", "target_id"))
                fields["label"] = _label_or_edit(cell, fields.get("label", ""), html_label(fields.get("label", "")))
            else:
                fields = {"label": self._edge_text(cell)[:_NAME_MAX], "kind": _kind_of_style(cell.style)}
            ends = {"source_id": source.id, "target_id": target.id}
            out.append(_build(Connection, cell, id=new_id("cn"), journey_id=jid, **ends, **fields))
        if skipped:
            self.notes.append(
                ngettext(
                    "{n} line that does not join two cards was left out",
                    "{n} lines that do not join two cards were left out",
                    skipped,
                ).format(n=number(skipped))
            )
        return out

    def _edge_text(self, cell: _Cell) -> str:
        if cell.label:
            return cell.text
        # draw.io often keeps an arrow's text in a small shape attached to it.
        for cid in cell.children:
            child = self.cells[cid]
            if child.vertex and child.label:
                return child.text
        return ""

    # Lanes without cards -----------------------------------------------------------------------------------
    def lane_cells(self, jid: str, stages: list[_Span], lanes: list[_Span]) -> list[LaneCell]:
        """Our text, figure and picture cells, each in the stage and lane it sits in (one a stage and lane)."""
        found = [c for c in self.cells.values() if c.entity == "lane_cell" and c.vertex]
        if not found or not stages or not lanes:
            return []
        lane_of_cell = {s.cell_id: s for s in lanes if s.cell_id}
        out: dict[tuple[str, str], LaneCell] = {}
        for cell in sorted(found, key=lambda c: (c.y, c.x)):
            stage = _nearest(stages, cell.x + cell.w / 2)
            lane = self._lane_above(cell, lane_of_cell) or _nearest(lanes, cell.y + cell.h / 2)
            kind = lane.entity.kind
            if kind not in vocab.CELL_LANE_KINDS or (stage.entity.id, lane.entity.id) in out:
                self.notes.append(
                    _("{cell}: a lane cell outside a text, figure or storyboard lane was left out").format(
                        cell=_where(cell)
                    )
                )
                continue
            fields = _fields_of(cell, LaneCell, skip=("id", "journey_id", "lane_id", "stage_id", "image", "image_type"))
            if kind == "text":
                fields["text"] = _label_or_edit(cell, fields.get("text", ""), html_label(fields.get("text", "")))
            image, image_type = (self._picture(cell) if kind == "storyboard" else (None, ""))
            if kind == "storyboard":
                fields["text"] = _label_or_edit(cell, fields.get("text", ""), html_label(fields.get("text", "")))
            out[(stage.entity.id, lane.entity.id)] = _build(
                LaneCell, cell, id=new_id("lc"), journey_id=jid, lane_id=lane.entity.id, stage_id=stage.entity.id,
                image=image, image_type=image_type, **fields,
            )  # fmt: skip
        return list(out.values())

    def _picture(self, cell: _Cell) -> tuple[bytes | None, str]:
        """A storyboard picture from the shape's data URI, when it is one we can keep; else a note says why not."""
        uri = cell.style.get("image", "")
        match = re.fullmatch(r"data:image/(png|jpeg|webp)(?:;base64)?,([A-Za-z0-9+/=\s]*)", uri)
        if not uri:
            return None, ""
        if match is None:
            self.notes.append(
                _("{cell}: a picture that is not an embedded PNG, JPEG or WebP was left out").format(cell=_where(cell))
            )
            return None, ""
        try:
            data = base64.b64decode(match.group(2), validate=False)
        except (binascii.Error, ValueError):
            data = b""
        kind = picture_kind(data)
        if kind != match.group(1) or len(data) > limits.MAX_IMAGE_BYTES or not picture_size_ok(data):
            self.notes.append(
                _("{cell}: a picture that is damaged or too large was left out").format(cell=_where(cell))
            )
            return None, ""
        return data, kind

    # The page ------------------------------------------------------------------------------------------------
    def read(self) -> Journey | None:
        journey = self.journey()
        stages = self.stages(journey.id)
        lanes = self.lanes(journey.id)
        cards = self.cards(journey.id, stages, lanes)
        if not cards and not any(s.cell_id for s in stages) and not any(s.cell_id for s in lanes):
            return None
        self.entities.append(journey)
        self.entities += [s.entity for s in stages] + [s.entity for s in lanes] + list(cards.values())
        self.entities += self.lane_cells(journey.id, stages, lanes)
        self.entities += self.connections(journey.id, cards)
        for cell_id, items in self.pending_responses:
            for k, item in enumerate(items):
                if not isinstance(item, dict):
                    raise ValidationError(
                        _("{cell}: response {n} is not an object").format(cell=_where(self.cells[cell_id]), n=k + 1)
                    )
                data = {key: v for key, v in item.items() if key not in ("id", "touchpoint_id")}
                data.update(id=new_id("rs"), touchpoint_id=cards[cell_id].id)
                try:
                    self.entities.append(Response.from_dict(data))
                except (TypeError, ValidationError) as exc:
                    raise ValidationError(
                        _("{cell}: response {n}: {error}").format(cell=_where(self.cells[cell_id]), n=k + 1, error=exc)
                    ) from None
        return journey


def picture_kind(data: bytes) -> str:
    """``png``, ``jpeg`` or ``webp`` from the picture's first bytes, else ``""``."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return ""


def picture_size(data: bytes) -> tuple[int, int] | None:
    """The width and height a PNG, JPEG or WebP claims in its header (read before anything decodes it)."""
    kind = picture_kind(data)
    if kind == "png" and len(data) >= 24 and data[12:16] == b"IHDR":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if kind == "jpeg":
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                return None
            marker = data[i + 1]
            length = int.from_bytes(data[i + 2 : i + 4], "big")
            if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
                return int.from_bytes(data[i + 7 : i + 9], "big"), int.from_bytes(data[i + 5 : i + 7], "big")
            i += 2 + length
        return None
    if kind == "webp" and len(data) >= 30:
        chunk = data[12:16]
        if chunk == b"VP8X":
            return 1 + int.from_bytes(data[24:27], "little"), 1 + int.from_bytes(data[27:30], "little")
        if chunk == b"VP8L":
            bits = int.from_bytes(data[21:25], "little")
            return 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
        if chunk == b"VP8 ":
            return int.from_bytes(data[26:28], "little") & 0x3FFF, int.from_bytes(data[28:30], "little") & 0x3FFF
    return None


def picture_size_ok(data: bytes) -> bool:
    size = picture_size(data)
    return size is not None and size[0] > 0 and size[1] > 0 and size[0] * size[1] <= limits.MAX_IMAGE_PIXELS


def _kind_of_style(style: dict[str, str]) -> str:
    """A line drawn by hand: the kind whose colour it has, else dashed lines are alternatives."""
    colour = style.get("strokeColor", "").lower()
    for kind, look in palette.CONNECTION_LOOKS.items():
        if colour == look.colour:
            return kind
    return "alternative" if style.get("dashed") == "1" else "normal"


def parse_drawio(data: bytes, source: str = "", progress: Progress | None = None) -> DrawioRead:
    """Every page of a draw.io file that holds a journey, as a project of its own (new ids throughout).

    ``source`` names the file in messages and is the journey's name when a page has none of its own.
    ``progress`` follows the parsing, then each page's cells (one bar: the XML the first half); when it
    returns False the reading stops with :class:`ImportCancelledError`.
    """
    stem = Path(source).stem if source else ""
    source = source or _("the file")
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(
            _(
                "{source}: the file is {size} MB, more than the {limit} MB CX Designer imports; split the diagram, "
                "then try again"
            ).format(
                source=source, size=number(len(data) // 1_000_000), limit=number(MAX_FILE_BYTES // 1_000_000)
            )
        )
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 XML (its byte-order mark first)
        head = head.decode("utf-16", errors="replace").encode("utf-8")
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    # "Not well-formed XML (at line 1, column 1)" told a person who picked the wrong file nothing.
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise _bad_diagram(_("{source}: the file is empty").format(source=source))
    if text and not text.startswith(b"<"):
        raise _bad_diagram(
            _("{source}: not a draw.io diagram (a draw.io file is XML text, and this file is not)").format(
                source=source
            )
        )
    channels: dict[str, Channel] = {}
    entities: list[Entity] = []
    notes: list[str] = []
    project_name = ""
    pages = _pages(data, source, _share(progress, 0, 1, 2))
    for n, (page, model) in enumerate(pages, 1):
        where = _("{source}, page {page}").format(source=source, page=quoted(page)) if page else source
        cells = _cells(model, where, _share(progress, len(pages) + n - 1, 1, 2 * len(pages)))
        reader = _PageReader(cells, page, stem, channels, sum(isinstance(e, Journey) for e in entities))
        try:
            journey = reader.read()
        except ValidationError as exc:
            raise ValidationError(f"{where}: {exc}") from None
        if journey is None:
            left_out = _("page {page} has no cards, stages or lanes; it was left out")
            notes.append(left_out.format(page=_page_name(page, n)))
            continue
        head = next((c for c in cells.values() if c.entity == "journey"), None)
        if head is not None and not project_name:
            project_name = head.props.get(PREFIX + "project_name", "")[:_NAME_MAX]
        entities += reader.entities
        notes += [_("page {page}: {note}").format(page=_page_name(page, n), note=note) for note in reader.notes]
    if not any(isinstance(e, Journey) for e in entities):
        raise ValidationError(_("{source}: the diagram has no shapes to import as cards").format(source=source))
    project = Project()
    project.load(ProjectInfo(name=project_name), [*channels.values(), *entities])
    return DrawioRead(project, notes)


def read_drawio(path: Path | str, progress: Progress | None = None) -> DrawioRead:
    """A .drawio file from disk (a regular file only: a pipe or device is refused, never waited on)."""
    path = Path(path)
    return parse_drawio(regular.read_bytes(path, MAX_FILE_BYTES, "draw.io file"), path.name, progress)


def _share(progress: Progress | None, start: int, size: int, parts: int) -> Progress | None:
    """``progress`` for the part ``start`` to ``start + size`` of ``parts`` equal parts of one bar."""
    if progress is None:
        return None

    def scaled(done: int, total: int) -> object:
        step = _BAR * size // parts
        return progress(_BAR * start // parts + (step * done // total if total else 0), _BAR)

    return scaled


__all__ = [
    "FORMAT_VERSION",
    "MAX_CELLS",
    "MAX_FILE_BYTES",
    "MAX_TEXT",
    "MAX_XML_BYTES",
    "DrawioRead",
    "decode_value",
    "drawio_bytes",
    "drawio_xml",
    "encode_value",
    "figure_label",
    "html_label",
    "html_to_text",
    "parse_drawio",
    "parse_style",
    "picture_kind",
    "picture_size",
    "read_drawio",
    "write_drawio",
]
