"""draw.io export and import: the published XML rules, draw.io's own codec, round trips, hostile files."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import urllib.parse
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from strategies import projects

import cxdesigner
from cxdesigner import resources
from cxdesigner.exchange import drawio
from cxdesigner.exchange.common import xml_safe
from cxdesigner.exchange.merge import merge_journeys
from cxdesigner.layout.journeymap import journey_layout
from cxdesigner.model import Channel, Connection, CXError, Project, Response, ValidationError, vocab

CODEC_DIR = Path(__file__).parent / "drawio_codec"
HOSTILE = "<b>x</b> $x$ $}$ &amp; 🙂 שלום"


@pytest.fixture
def hotel():
    doc = cxdesigner.new_project(None, template="hotel")
    yield doc
    doc.close()


def export_tree(project: Project, journey_id: str, lang: str = "en") -> ET.Element:
    return ET.fromstring(drawio.drawio_bytes(project, journey_id, lang))


def cells_of(tree: ET.Element) -> list[tuple[dict[str, str], ET.Element]]:
    """(the cell's id, label and properties; its <mxCell>) for every cell, wrapped in <object> or not."""
    out = []
    for el in tree.find("diagram/mxGraphModel/root"):
        if el.tag == "mxCell":
            out.append(({"id": el.get("id"), "label": el.get("value", "")}, el))
        else:
            assert el.tag == "object"
            inner = el.findall("mxCell")
            assert len(inner) == 1
            out.append((dict(el.attrib), inner[0]))
    return out


def journey_record(project: Project, journey_id: str) -> dict[str, Any]:
    """Everything a journey holds, without ids: what a lossless round trip must give back."""
    j = project.get("journey", journey_id)
    stages = project.stages(journey_id)
    lanes = project.lanes(journey_id)
    stage_at = {s.id: i for i, s in enumerate(stages)}
    lane_at = {ln.id: i for i, ln in enumerate(lanes)}
    cards = project.touchpoints(journey_id)
    key = {tp.id: (stage_at[tp.stage_id], lane_at[tp.lane_id], tp.position, tp.title) for tp in cards}

    def plain(entity: Any, *skip: str) -> dict[str, Any]:
        return {k: v for k, v in entity.to_dict().items() if k not in {"id", *skip}}

    def card(tp: Any) -> dict[str, Any]:
        data = plain(tp, "journey_id", "stage_id", "lane_id")
        data["cell"] = key[tp.id][:2]
        custom = project.tables["channel"].get(tp.channel)
        data["channel"] = ("custom", custom.name) if custom else tp.channel
        data["responses"] = sorted((r.measure, r.score, r.date, r.comment) for r in project.responses(tp.id))
        return data

    persona = project.tables["persona"].get(j.persona_id) if j.persona_id else None
    return {
        "journey": plain(j, "position", "persona_id"),
        "persona": plain(persona, "position") if persona else None,
        "stages": [plain(s, "journey_id") for s in stages],
        "lanes": [plain(ln, "journey_id") for ln in lanes],
        "cards": sorted((card(tp) for tp in cards), key=lambda d: json.dumps(d, sort_keys=True, default=str)),
        "connections": sorted(
            (key[c.source_id], key[c.target_id], c.label, c.kind, c.share) for c in project.connections(journey_id)
        ),
        "lane_cells": sorted(
            (
                stage_at[c.stage_id],
                lane_at[c.lane_id],
                c.text,
                c.value,
                c.unit,
                c.period,
                c.source,
                c.image,
                c.image_type,
            )
            for c in project.lane_cells(journey_id)
        ),
    }


def reimport(project: Project, journey_id: str, lang: str = "en") -> tuple[Project, str, list[str]]:
    """Export the journey, read the file back and merge it into a new, empty project."""
    read = drawio.parse_drawio(drawio.drawio_bytes(project, journey_id, lang), "map.drawio")
    target = Project()
    outcome = merge_journeys(target, read.project, None, "map.drawio")
    target.apply(outcome.command.build(target))
    return target, outcome.journey_ids[0], read.notes


# -- the published XML rules ----------------------------------------------------------------------------


def test_hotel_export_follows_drawio_xml_rules(hotel):
    project = hotel.project
    j = project.journeys()[0]
    tree = export_tree(project, j.id)
    assert tree.tag == "mxfile" and tree.get("compressed") == "false"
    diagrams = tree.findall("diagram")
    assert len(diagrams) == 1 and diagrams[0].get("name") == j.name
    assert [el.tag for el in diagrams[0]] == ["mxGraphModel"]
    assert [el.tag for el in diagrams[0][0]] == ["root"]
    cells = cells_of(tree)
    ids = [attrs["id"] for attrs, _ in cells]
    assert len(ids) == len(set(ids)), "cell ids are unique"
    (a0, c0), (a1, c1) = cells[0], cells[1]
    assert a0["id"] == "0" and c0.get("parent") is None and not c0.get("vertex")
    assert a1["id"] == "1" and c1.get("parent") == "0" and not c1.get("vertex")
    by_id = {attrs["id"]: (attrs, cell) for attrs, cell in cells}
    vertices = {i for i, (_, c) in by_id.items() if c.get("vertex") == "1"}
    edges = {i for i, (_, c) in by_id.items() if c.get("edge") == "1"}
    assert vertices and edges and not vertices & edges
    assert set(ids) - vertices - edges == {"0", "1"}
    for cid in vertices:
        cell = by_id[cid][1]
        assert cell.get("parent") in by_id and cell.get("parent") != "0", cid
        geo = cell.findall("mxGeometry")
        assert len(geo) == 1 and geo[0].get("as") == "geometry"
        for attr in ("x", "y", "width", "height"):
            float(geo[0].get(attr))  # present and a number
        assert float(geo[0].get("width")) > 0 or "line" in cell.get("style")
        assert cell.get("style", "").endswith(";")
    for cid in edges:
        cell = by_id[cid][1]
        assert cell.get("source") in vertices and cell.get("target") in vertices, cid
        assert cell.get("parent") == "1"
        geo = cell.findall("mxGeometry")
        assert len(geo) == 1 and geo[0].get("relative") == "1" and geo[0].get("as") == "geometry"
    # Every card and connection, with its model id as the cell id and its kind's look.
    cards = {i for i in vertices if by_id[i][0].get("cx_entity") == "touchpoint"}
    assert cards == {tp.id for tp in project.touchpoints(j.id)}
    conns = {i for i in edges if by_id[i][0].get("cx_entity") == "connection"}
    assert conns == {c.id for c in project.connections(j.id)}
    for c in project.connections(j.id):
        attrs, cell = by_id[c.id]
        assert (cell.get("source"), cell.get("target")) == (c.source_id, c.target_id)
        assert attrs["label"] == drawio.html_label(c.label) and attrs["cx_kind"] == c.kind
        style = drawio.parse_style(cell.get("style"))[1]
        look = drawio.palette.CONNECTION_LOOKS[c.kind]
        assert style["strokeColor"] == look.colour
        assert ("dashed" in style) == bool(look.dashes)
    kinds = {c.kind for c in project.connections(j.id)}
    assert len(kinds) > 1, "the template shows more than one kind of connection"
    for stage in project.stages(j.id):
        assert by_id[stage.id][0]["cx_entity"] == "stage"
    for lane in project.lanes(j.id):
        attrs, cell = by_id[lane.id]
        assert attrs["cx_entity"] == "lane" and "swimlane" in cell.get("style")
        assert {tp.id for tp in project.touchpoints(j.id) if tp.lane_id == lane.id} <= {
            i for i in cards if by_id[i][1].get("parent") == lane.id
        }


def test_cards_sit_where_the_map_puts_them(hotel):
    project = hotel.project
    j = project.journeys()[0]
    layout = journey_layout(project, j.id)
    read = drawio._cells(export_tree(project, j.id).find("diagram/mxGraphModel"), "map")
    for tp in project.touchpoints(j.id):
        cell, rect = read[tp.id], layout.cards[tp.id]
        assert (cell.x, cell.y, cell.w, cell.h) == pytest.approx((rect.x, rect.y, rect.w, rect.h), abs=0.01)
        style = cell.style
        assert style["fillColor"] == drawio.palette.emotion_hex(tp.emotion)
        assert style["rounded"] == "1" and cell.container() is False


def test_layout_matches_the_canvas_scene(hotel, qapp):
    from cxdesigner.canvas.scene import JourneyScene

    project = hotel.project
    j = project.journeys()[0]
    scene = JourneyScene(project, follow=False)
    scene.set_journey(j.id)
    try:
        on_screen = scene.compute_layout()
    finally:
        scene.detach()
    mine = journey_layout(project, j.id)
    assert mine.cards == on_screen.cards
    assert mine.stage_headers == on_screen.stage_headers and mine.rows == on_screen.rows


# -- draw.io's own codec ------------------------------------------------------------------------------------


def codec_cells(path: Path) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed: the draw.io codec check needs node (make test installs its packages)")
    if not (CODEC_DIR / "node_modules" / "mxgraph").is_dir():
        pytest.fail(f"run 'npm ci' in {CODEC_DIR} (make test does): the mxgraph package is missing")
    done = subprocess.run(
        [node, str(CODEC_DIR / "decode.js"), str(path)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_drawio_codec_decodes_every_card_and_connection(hotel, tmp_path):
    project = hotel.project
    j = project.journeys()[0]
    j = project.get("journey", j.id)
    # The first card carries the hostile title, so the codec reads it too.
    first = project.touchpoints(j.id)[0]
    project.apply([_change(first, title=HOSTILE)])
    path = tmp_path / "hotel.drawio"
    drawio.write_drawio(project, j.id, path)
    decoded = codec_cells(path)
    assert decoded["root"] == "0"
    cells = {c["id"]: c for c in decoded["cells"]}
    assert cells["1"]["parent"] == "0"
    cards = {i: c for i, c in cells.items() if entity_of(c) == "touchpoint"}
    assert set(cards) == {tp.id for tp in project.touchpoints(j.id)}
    for tp in project.touchpoints(j.id):
        c = cards[tp.id]
        assert c["vertex"] and c["geometry"]["width"] > 0
        assert c["value"]["tag"] == "object"
        assert c["value"]["attributes"]["cx_title"] == tp.title
        assert c["value"]["attributes"]["label"] == drawio.html_label(tp.title)
    edges = {i: c for i, c in cells.items() if c["edge"] and isinstance(c["value"], dict)}
    assert {(i, c["source"], c["target"]) for i, c in edges.items()} == {
        (c.id, c.source_id, c.target_id) for c in project.connections(j.id)
    }
    for c in project.connections(j.id):
        assert edges[c.id]["geometry"]["relative"]
        assert edges[c.id]["value"]["attributes"]["cx_kind"] == c.kind
    assert all(c["source"] and c["target"] for c in cells.values() if c["edge"])


def test_drawio_codec_reads_a_compressed_page(hotel, tmp_path):
    project = hotel.project
    j = project.journeys()[0]
    path = tmp_path / "packed.drawio"
    path.write_bytes(compressed_file(drawio.drawio_xml(project, j.id)))
    decoded = codec_cells(path)
    ids = {c["id"] for c in decoded["cells"]}
    assert {tp.id for tp in project.touchpoints(j.id)} <= ids


def entity_of(decoded: dict[str, Any]) -> str | None:
    value = decoded["value"]
    return value["attributes"].get("cx_entity") if isinstance(value, dict) else None


def _change(entity: Any, **fields: Any) -> Any:
    from cxdesigner.model import Change

    return Change(entity.KIND, entity.id, entity, entity.evolve(**fields))


def compressed_file(xml: str) -> bytes:
    """The same diagram the way draw.io saves it compressed: base64 of raw deflate of the URI-encoded page."""
    model = ET.fromstring(xml).find("diagram/mxGraphModel")
    page = ET.tostring(model, encoding="unicode")
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = packer.compress(urllib.parse.quote(page, safe="~()*!.'").encode("ascii")) + packer.flush()
    text = base64.b64encode(packed).decode("ascii")
    return f'<mxfile><diagram id="p" name="Packed">{text}</diagram></mxfile>'.encode()


# -- round trips ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("template", resources.template_names())
def test_every_template_round_trips_with_every_field(template, lang):
    doc = cxdesigner.new_project(None, template=template, lang=lang)
    try:
        project = doc.project
        for j in project.journeys():
            target, new_id, notes = reimport(project, j.id, lang)
            assert notes == []
            assert journey_record(target, new_id) == journey_record(project, j.id)
    finally:
        doc.close()


def test_round_trip_in_spanish_with_custom_channel_responses_and_every_kind(hotel):
    project = hotel.project
    j = project.journeys()[0]
    cards = project.touchpoints(j.id)
    chan = Channel(id="ch-kiosk", name="Quiosco <3> & más", position=0)
    changes = [_add(chan)]
    changes.append(
        _change(
            cards[0],
            channel=chan.id,
            emotion_words=("anger", "annoyance"),
            pain_points=("line one\nline two", "quote \" and '", "tab\there"),
            csat=72.125,
            nps=-100,
            effort=7,
            emotional_weight=0,
            moment_of_truth=True,
            tags=("a b", "ç"),
            notes="  leading and trailing spaces  \r\n",
            evidence=sorted(vocab.EVIDENCE)[0],
        )
    )
    for kind, (a, b) in zip(sorted(vocab.CONNECTION_KINDS), [(1, 2), (2, 3), (3, 4), (4, 1)]):
        changes.append(
            _add(
                Connection(
                    id=f"cn-x-{kind}",
                    journey_id=j.id,
                    source_id=cards[a].id,
                    target_id=cards[b].id,
                    label=f"{kind} <i>",
                    kind=kind,
                    share=33.333333333333336,
                )
            )
        )
    changes.append(
        _add(
            Response(
                id="rs-x", touchpoint_id=cards[0].id, measure="nps", score=9, date="2026-01-02", comment="¡muy bien!\n"
            )
        )
    )
    project.apply(changes)
    target, new_id, _ = reimport(project, j.id, lang="es")
    assert journey_record(target, new_id) == journey_record(project, j.id)
    assert target.channels()[0].name == chan.name


def test_a_custom_channel_named_nothing_comes_back_named_nothing(hotel):
    """A file may hold a channel called "" (JSON import): its card came back on a channel named by its key."""
    project = hotel.project
    j = project.journeys()[0]
    card = project.touchpoints(j.id)[0]
    project.apply([_add(Channel(id="ch-blank", name="", position=0)), _change(card, channel="ch-blank")])
    target, new_id, _ = reimport(project, j.id)
    back = next(tp for tp in target.touchpoints(new_id) if tp.title == card.title)
    assert target.tables["channel"][back.channel].name == ""


def _add(entity: Any) -> Any:
    from cxdesigner.model import Change

    return Change(entity.KIND, entity.id, None, entity)


@given(projects(max_journeys=2, max_cards=6))
def test_any_journey_round_trips(project):
    for j in project.journeys():
        target, new_id, _ = reimport(project, j.id, project.info.lang)
        expected = json.loads(json.dumps(journey_record(project, j.id), default=list), object_hook=_xml_safe_texts)
        got = json.loads(json.dumps(journey_record(target, new_id), default=list), object_hook=_xml_safe_texts)
        assert got == expected


def _xml_safe_texts(d: dict[str, Any]) -> dict[str, Any]:
    """XML cannot carry control characters: the export drops them, so compare without them."""

    def clean(v: Any) -> Any:
        if isinstance(v, str):
            return xml_safe(v)
        if isinstance(v, list):
            return [clean(x) for x in v]
        return v

    return {k: clean(v) for k, v in d.items()}


# -- hostile text and hostile files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [HOSTILE, "<b>x</b>", "&amp;", "🙂 emoji", "שלום עולם", "nul\x00esc\x1b bell\x07", "x" * 10_000, "]]>", "%title%"],
)
def test_hostile_titles_survive_as_plain_text(hotel, title):
    project = hotel.project
    j = project.journeys()[0]
    card = project.touchpoints(j.id)[0]
    conn = project.connections(j.id)[0]
    project.apply([_change(card, title=title), _change(conn, label=title)])
    data = drawio.drawio_bytes(project, j.id)
    tree = ET.fromstring(data)  # well-formed whatever the text
    attrs = next(a for a, _ in cells_of(tree) if a["id"] == card.id)
    assert attrs["cx_title"] == xml_safe(title)
    assert "<b>" not in attrs["label"] or "&lt;b&gt;" in attrs["label"]  # shown, never rendered as markup
    target, new_id, _ = reimport(project, j.id)
    titles = {tp.title for tp in target.touchpoints(new_id)}
    assert xml_safe(title) in titles
    assert xml_safe(title) in {c.label for c in target.connections(new_id)}


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<mxfile><diagram name="x"><mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>
<mxCell id="2" value="&lol3;" vertex="1" parent="1"><mxGeometry width="10" height="10" as="geometry"/></mxCell>
</root></mxGraphModel></diagram></mxfile>"""

EXTERNAL = b"""<?xml version="1.0"?><!DOCTYPE m SYSTEM "file:///etc/passwd"><mxfile/>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL, BILLION_LAUGHS.decode().encode("utf-16")])
def test_dtd_and_entities_are_refused(data):
    with pytest.raises(ValidationError, match="declares a DTD or entities"):
        drawio.parse_drawio(data, "evil.drawio")


def test_dtd_inside_a_compressed_page_is_refused():
    inner = b'<!DOCTYPE x [<!ENTITY a "b">]><mxGraphModel><root/></mxGraphModel>'
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    text = base64.b64encode(packer.compress(inner) + packer.flush()).decode()
    with pytest.raises(ValidationError, match="page 1: the file declares a DTD"):
        drawio.parse_drawio(f'<mxfile><diagram name="p">{text}</diagram></mxfile>'.encode(), "evil.drawio")


def test_deflate_bomb_is_refused():
    # 60 MB of spaces packs into about 60 kB: unpacking stops at the limit instead of filling memory.
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b" " * 1_000_000
    packed = b"".join(packer.compress(chunk) for _ in range(60)) + packer.flush()
    assert len(packed) < 200_000
    text = base64.b64encode(packed).decode()
    with pytest.raises(ValidationError, match="unpacks to more than 50 MB"):
        drawio.parse_drawio(f'<mxfile><diagram name="p">{text}</diagram></mxfile>'.encode(), "bomb.drawio")


def test_compressed_page_imports_like_the_plain_one(hotel):
    project = hotel.project
    j = project.journeys()[0]
    read = drawio.parse_drawio(compressed_file(drawio.drawio_xml(project, j.id)), "packed.drawio")
    target = Project()
    outcome = merge_journeys(target, read.project)
    target.apply(outcome.command.build(target))
    assert journey_record(target, outcome.journey_ids[0]) == journey_record(project, j.id)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b" \r\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n binary", r"not a draw.io diagram \(a draw.io file is XML text"),
        (b"Title,Stage\nCalls,Support\n", r"not a draw.io diagram \(a draw.io file is XML text"),
        (b"<mxfile><diagram", "not well-formed XML"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a draw.io diagram"),
        (b"<mxfile/>", "has no diagram page"),
        (b"<mxfile><diagram>!!not base64!!</diagram></mxfile>", "neither XML nor draw.io's compressed form"),
        (b"<mxfile><diagram>AAAA</diagram></mxfile>", "damaged"),
        (b"<mxGraphModel/>", "has no <root>"),
        (b"<mxGraphModel><root><mxCell id='0'/><mxCell id='0'/></root></mxGraphModel>", "two cells have the id “0”"),
        (b"<mxGraphModel><root><mxCell id='0'/><mxCell id='1' parent='0'/></root></mxGraphModel>", "no shapes"),
    ],
)
def test_bad_files_get_one_line_messages(data, message):
    with pytest.raises(ValidationError, match=message) as info:
        drawio.parse_drawio(data, "bad.drawio")
    assert "\n" not in str(info.value) and str(info.value).startswith("bad.drawio")


def test_sizes_are_bounded(monkeypatch, tmp_path):
    many = "".join(
        f'<mxCell id="c{i}" value="x" vertex="1" parent="1"><mxGeometry width="9" height="9" as="geometry"/></mxCell>'
        for i in range(30)
    )
    data = f'<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>{many}</root></mxGraphModel>'.encode()
    monkeypatch.setattr(drawio, "MAX_CELLS", 20)
    with pytest.raises(ValidationError, match="more than 20 cells"):
        drawio.parse_drawio(data, "big.drawio")
    monkeypatch.setattr(drawio, "MAX_TEXT", 5)
    with pytest.raises(ValidationError, match="the “value” of a <mxCell> is 6 characters long"):
        drawio.parse_drawio(data.replace(b'value="x"', b'value="xxxxxx"', 1), "big.drawio")
    monkeypatch.setattr(drawio, "MAX_FILE_BYTES", 100)
    big = tmp_path / "big.drawio"
    big.write_bytes(data)
    with pytest.raises(
        CXError,
        match=r"big\.drawio: the draw\.io file is 0 MB; CX Designer reads at most 0 MB: make it smaller "
        r"\(or split it\), then try again$",
    ):
        drawio.read_drawio(big)
    with pytest.raises(
        ValidationError,
        match=r"big\.drawio: the file is 0 MB, more than the 0 MB CX Designer imports; split the diagram, "
        "then try again$",
    ):
        drawio.parse_drawio(data, "big.drawio")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_pipe_or_folder_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "map.drawio"
    os.mkfifo(fifo)
    with pytest.raises(CXError, match="is a pipe"):
        drawio.read_drawio(fifo)
    with pytest.raises(CXError, match="is a folder"):
        drawio.read_drawio(tmp_path)


def test_invalid_property_names_the_card(hotel):
    project = hotel.project
    j = project.journeys()[0]
    card = project.touchpoints(j.id)[0]
    data = drawio.drawio_bytes(project, j.id).decode()
    start = data.index(f'id="{card.id}"')
    at = data.index('cx_emotion="', start)
    end = data.index('"', at + len('cx_emotion="'))
    bad = data[:at] + 'cx_emotion="9' + data[end:]
    with pytest.raises(ValidationError, match=r"cell “tp-.*emotion 9 is out of range") as info:
        drawio.parse_drawio(bad.encode(), "edited.drawio")
    assert str(info.value).startswith("edited.drawio, page ")
    newer = data.replace('cx_format="1"', 'cx_format="7"')
    with pytest.raises(ValidationError, match="newer CX Designer"):
        drawio.parse_drawio(newer.encode(), "new.drawio")


# -- diagrams edited or drawn in draw.io ----------------------------------------------------------------------


def test_edits_made_in_drawio_come_back(hotel):
    project = hotel.project
    j = project.journeys()[0]
    card = project.touchpoints(j.id)[0]
    lanes = project.lanes(j.id)
    other_lane = next(ln for ln in lanes if ln.id != card.lane_id)
    tree = export_tree(project, j.id)
    root = tree.find("diagram/mxGraphModel/root")
    for el in root:
        if el.get("id") == card.id:
            el.set("label", "Renamed <b>in</b> draw.io")  # an HTML label, as draw.io's editor writes it
            inner = el.find("mxCell")
            inner.set("parent", other_lane.id)  # dropped into another lane
        elif el.get("id") == j.id:
            el.set("label", "New name")
    read = drawio.parse_drawio(ET.tostring(tree), "edited.drawio")
    got = read.project.journeys()[0]
    assert got.name == "New name"
    moved = next(tp for tp in read.project.touchpoints(got.id) if tp.title == "Renamed in draw.io")
    lane = read.project.get("lane", moved.lane_id)
    assert lane.display_name() == other_lane.display_name()


HAND_DRAWN = """<mxfile><diagram name="Page-1"><mxGraphModel><root>
<mxCell id="0"/><mxCell id="1" parent="0"/>
<mxCell id="pool" value="Pool" style="swimlane;horizontal=0;" vertex="1" parent="1">
  <mxGeometry x="0" y="100" width="900" height="400" as="geometry"/></mxCell>
<mxCell id="laneA" value="Customer" style="swimlane;horizontal=0;" vertex="1" parent="pool">
  <mxGeometry x="30" y="0" width="870" height="200" as="geometry"/></mxCell>
<mxCell id="laneB" value="Staff &amp;lt;team&amp;gt;" style="swimlane;horizontal=0;html=1;" vertex="1" parent="pool">
  <mxGeometry x="30" y="200" width="870" height="200" as="geometry"/></mxCell>
<mxCell id="s1" value="Book" style="swimlane;" vertex="1" parent="1">
  <mxGeometry x="100" y="0" width="300" height="90" as="geometry"/></mxCell>
<mxCell id="s2" value="Stay" style="swimlane;" vertex="1" parent="1">
  <mxGeometry x="450" y="0" width="300" height="90" as="geometry"/></mxCell>
<mxCell id="a" value="Search &lt;b&gt;web&lt;/b&gt;" style="rounded=1;html=1;" vertex="1" parent="laneA">
  <mxGeometry x="120" y="40" width="120" height="60" as="geometry"/></mxCell>
<object id="b" label="Call the hotel" emotion="-2" channel="Teléfono" importance="lots">
  <mxCell style="rounded=1;" vertex="1" parent="laneA">
    <mxGeometry x="120" y="120" width="120" height="60" as="geometry"/></mxCell>
</object>
<mxCell id="c" value="Check in" style="rhombus;" vertex="1" parent="laneB">
  <mxGeometry x="500" y="40" width="120" height="60" as="geometry"/></mxCell>
<mxCell id="note" value="A remark" style="text;" vertex="1" parent="1">
  <mxGeometry x="10" y="600" width="120" height="30" as="geometry"/></mxCell>
<mxCell id="e1" value="" style="edgeStyle=orthogonalEdgeStyle;" edge="1" parent="1" source="a" target="c">
  <mxGeometry relative="1" as="geometry"/></mxCell>
<mxCell id="e1l" value="then" style="edgeLabel;" vertex="1" connectable="0" parent="e1">
  <mxGeometry x="-0.2" relative="1" as="geometry"/></mxCell>
<mxCell id="e2" value="no room" style="dashed=1;" edge="1" parent="1" source="c" target="b">
  <mxGeometry relative="1" as="geometry"/></mxCell>
<mxCell id="e3" style="strokeColor=#c2410c;" edge="1" parent="1" source="b" target="a">
  <mxGeometry relative="1" as="geometry"/></mxCell>
<mxCell id="e4" edge="1" parent="1" source="a" target="note"><mxGeometry relative="1" as="geometry"/></mxCell>
<mxCell id="e5" edge="1" parent="1" source="a"><mxGeometry relative="1" as="geometry"/></mxCell>
</root></mxGraphModel></diagram></mxfile>"""


def test_a_diagram_drawn_by_hand_becomes_a_journey():
    read = drawio.parse_drawio(HAND_DRAWN.encode(), "My trip.drawio")
    p = read.project
    (j,) = p.journeys()
    assert j.name == "My trip"
    assert [s.name for s in p.stages(j.id)] == ["Book", "Stay"]
    assert [ln.name for ln in p.lanes(j.id)] == ["Customer", "Staff <team>"]
    cards = {tp.title: tp for tp in p.touchpoints(j.id)}
    stage = {s.id: s.name for s in p.stages(j.id)}
    lane = {ln.id: ln.name for ln in p.lanes(j.id)}
    where = {t: (stage[tp.stage_id], lane[tp.lane_id], tp.position) for t, tp in cards.items()}
    # The free text joined by a line is a step too: it goes to the nearest stage and lane.
    assert where == {
        "Search web": ("Book", "Customer", 0),
        "Call the hotel": ("Book", "Customer", 1),
        "Check in": ("Stay", "Staff <team>", 0),
        "A remark": ("Book", "Staff <team>", 0),
    }
    assert cards["Call the hotel"].emotion == -2 and cards["Call the hotel"].channel == "phone"
    assert cards["Call the hotel"].importance is None
    title = {tp.id: tp.title for tp in cards.values()}
    conns = {(title[c.source_id], title[c.target_id]): c for c in p.connections(j.id)}
    assert {k: (c.label, c.kind) for k, c in conns.items()} == {
        ("Search web", "Check in"): ("then", "normal"),
        ("Check in", "Call the hotel"): ("no room", "alternative"),
        ("Call the hotel", "Search web"): ("", "failure"),
        ("Search web", "A remark"): ("", "normal"),
    }
    assert any("“importance” is not a valid value for importance" in n for n in read.notes)
    assert any("1 line that does not join two cards was left out" in n for n in read.notes)


def test_a_plain_flowchart_goes_into_one_stage_and_lane():
    shapes = "".join(
        f'<mxCell id="n{i}" value="Step {i}" style="rounded=0;" vertex="1" parent="1">'
        f'<mxGeometry x="{40 + 180 * i}" y="{40 + (i % 2) * 10}" width="140" height="60" as="geometry"/></mxCell>'
        for i in (2, 0, 1)
    )
    xml = f'<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>{shapes}</root></mxGraphModel>'
    read = drawio.parse_drawio(xml.encode(), "flow.drawio")
    (j,) = read.project.journeys()
    assert [s.name for s in read.project.stages(j.id)] == ["Stage 1"]
    assert len(read.project.lanes(j.id)) == 1
    assert [tp.title for tp in read.project.touchpoints(j.id)] == ["Step 0", "Step 1", "Step 2"]


def test_every_page_is_a_journey(hotel):
    project = hotel.project
    first = project.journeys()[0]
    page1 = ET.fromstring(drawio.drawio_bytes(project, first.id))
    page2 = ET.fromstring(HAND_DRAWN).find("diagram")
    page2.set("name", "Hand drawn")
    page1.append(page2)
    read = drawio.parse_drawio(ET.tostring(page1), "two.drawio")
    assert [j.name for j in read.project.journeys()] == [first.name, "Hand drawn"]


def test_the_key_names_only_the_connection_kinds_the_journey_has():
    """As the map's key: a reader looks for the lines it names."""
    import cxdesigner
    from cxdesigner.exchange.drawio import drawio_xml

    doc = cxdesigner.new_project(None)
    try:
        jid = doc.journeys()[0].id
        stages, lanes = doc.project.stages(jid), doc.project.lanes(jid)
        empty = drawio_xml(doc.project, jid)
        assert "Normal" not in empty and "Failure" not in empty and "Loop back" not in empty
        a = doc.add_touchpoint(jid, stages[0].id, lanes[0].id, "Pays")
        b = doc.add_touchpoint(jid, stages[1].id, lanes[0].id, "Declined")
        doc.connect(a, b, kind="failure")
        xml = drawio_xml(doc.project, jid)
        assert "Failure" in xml and "Loop back" not in xml and "Alternative" not in xml
    finally:
        doc.close()
