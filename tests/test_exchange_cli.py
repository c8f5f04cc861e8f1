"""The export, report and import subcommands: what the written files hold, round trips, exit codes, headlessness."""

from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from test_exchange_pdftext import pdf_text, squeeze

from cxdesigner import api, i18n
from cxdesigner.analysis import analyze
from cxdesigner.cli import main
from cxdesigner.exchange import mapexport, mermaid
from cxdesigner.model import jsonformat


def run(*args, env_dir):
    env = {**os.environ, "CXDESIGNER_DATA_DIR": str(env_dir), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "cxdesigner", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=120)  # fmt: skip


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "h.cxd"
    api.new_project(path, template="hotel").close()
    return path


def norm(text: str) -> str:
    return squeeze(unicodedata.normalize("NFKC", text))


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read(path):
    """The project in a file, as the model holds it."""
    with api.open_project(path, read_only=True) as doc:
        return doc.project


# What a card is apart from where the file keeps it (ids and positions differ after an import).
_PLACE = {"id", "journey_id", "stage_id", "lane_id", "position"}


def cards(project, journey):
    """Each card in journey order: its stage and lane by name, then every other field."""
    stages = {s.id: s.display_name("en") for s in project.stages(journey.id)}
    lanes = {ln.id: ln.display_name("en") for ln in project.lanes(journey.id)}
    return [
        (stages[tp.stage_id], lanes[tp.lane_id], {k: v for k, v in tp.to_dict().items() if k not in _PLACE})
        for tp in project.touchpoints(journey.id)
    ]


def links(project, journey):
    """Connections by the titles they join, so journeys with different ids compare."""
    title = {tp.id: tp.title for tp in project.touchpoints(journey.id)}
    return sorted(
        (title[c.source_id], title[c.target_id], c.kind, c.label, c.share) for c in project.connections(journey.id)
    )


def test_text_exports_hold_the_journey_and_import_back(project, tmp_path, capsys):
    original = read(project)
    hotel = original.journeys()[0]
    tps = original.touchpoints(hotel.id)
    for fmt in ("csv", "json", "graphml", "mermaid"):
        assert main(["export", str(project), "--format", fmt, "-o", str(tmp_path / f"out.{fmt}")]) == 0

    # CSV: a BOM for spreadsheets, one row per card in journey order, the numbers as the model has them.
    raw = (tmp_path / "out.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r["Title"] for r in rows] == [tp.title for tp in tps]
    for field in ("emotion", "importance", "satisfaction"):
        assert [int(r[field.title()]) if r[field.title()] else None for r in rows] == [getattr(tp, field) for tp in tps]

    # JSON: the same records, ids and all.
    exported = jsonformat.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    for kind in ("journey", "stage", "lane", "touchpoint", "connection", "persona"):
        assert exported.tables[kind] == original.tables[kind], kind

    # GraphML: cards are the nodes, connections the edges, with their fields.
    graph = nx.read_graphml(tmp_path / "out.graphml")
    assert set(graph.nodes) == {tp.id for tp in tps}
    assert sorted(graph.edges()) == sorted((c.source_id, c.target_id) for c in original.connections(hotel.id))
    assert {n: graph.nodes[n]["title"] for n in graph.nodes} == {tp.id: tp.title for tp in tps}

    # Mermaid: one task per card under its stage's section, with the documented emotion score.
    text = (tmp_path / "out.mermaid").read_text(encoding="utf-8")
    assert f"title {hotel.name}" in text
    for tp in tps:
        assert f"{tp.title.replace(':', '：')}: {mermaid.emotion_score(tp.emotion)}:" in text

    assert main(["import", str(project), str(tmp_path / "out.csv"), "--journey", "From CSV"]) == 0
    assert main(["import", str(project), str(tmp_path / "out.mermaid"), "--format", "mermaid"]) == 0
    assert main(["import", str(project), str(tmp_path / "out.json")]) == 0
    capsys.readouterr()
    after = read(project)
    names = [j.name for j in after.journeys()]
    assert names == [hotel.name, "From CSV", f"{hotel.name} (2)", f"{hotel.name} (3)"]
    first, from_csv, from_mermaid, from_json = after.journeys()
    assert cards(after, first) == cards(original, hotel) and links(after, first) == links(original, hotel)
    # A spreadsheet carries every field of every card but no connections.
    assert cards(after, from_csv) == cards(original, hotel) and links(after, from_csv) == []
    # Mermaid carries titles, stages and a coarser emotion.
    assert [(stage, fields["title"], fields["emotion"]) for stage, _lane, fields in cards(after, from_mermaid)] == [
        (stage, fields["title"], mermaid.SCORE_TO_EMOTION[mermaid.emotion_score(fields["emotion"])])
        for stage, _lane, fields in cards(original, hotel)
    ]
    # A JSON export comes back whole: every card and every connection.
    assert cards(after, from_json) == cards(original, hotel) and links(after, from_json) == links(original, hotel)


def test_import_with_invalid_rows_exits_2_and_leaves_file_unchanged(project, tmp_path, data_dir):
    src = tmp_path / "bad.csv"
    src.write_text("title;emotion\nGood;1\nBad;muy mal\n", encoding="utf-8")
    before = digest(project)
    r = run("import", project, src, "--journey", "New", env_dir=data_dir)
    assert r.returncode == 2
    assert "row 3, emotion: “muy mal” is not a number from −3 to 3" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and digest(project) == before
    r = run("import", project, src, "--journey", "New", "--skip-invalid", env_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert digest(project) != before


@pytest.mark.slow
def test_bad_inputs_exit_2(project, tmp_path, data_dir):
    assert run("export", project, "-o", tmp_path / "x.unknown", env_dir=data_dir).returncode == 2
    assert run("export", project, "--journey", "Nope", "-o", tmp_path / "x.csv", env_dir=data_dir).returncode == 2
    survey = tmp_path / "s.csv"
    survey.write_text("touchpoint,measure,score\nNowhere,nps,3\n", encoding="utf-8")
    r = run("import", project, survey, "--format", "survey", env_dir=data_dir)
    assert r.returncode == 2 and "no touchpoint titled “Nowhere”" in r.stderr
    notcxd = tmp_path / "n.cxd"
    notcxd.write_text("hello")
    assert run("import", project, notcxd, env_dir=data_dir).returncode == 2


@pytest.mark.slow
def test_image_exports_and_report_show_the_journey(project, tmp_path, capsys, qapp):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QImage

    from cxdesigner.canvas import style

    original = read(project)
    hotel = original.journeys()[0]
    tps = original.touchpoints(hotel.id)
    png, svg, pdf, rep = (tmp_path / name for name in ("m.png", "m.svg", "m.pdf", "r.pdf"))
    assert main(["export", str(project), "-o", str(png), "--dpi", "60", "--transparent"]) == 0
    assert main(["export", str(project), "-o", str(svg)]) == 0
    assert main(["export", str(project), "-o", str(pdf), "--paper", "a3"]) == 0
    assert main(["report", str(project), "--lang", "es", "-o", str(rep)]) == 0
    capsys.readouterr()

    # PNG: the map's size at 60 dpi, see-through outside the map, and each card's emotion strip where that card is.
    img = QImage(str(png))
    scene = mapexport.journey_map(original, hotel.id, mapexport.MapOptions(lang=original.info.lang))
    rect, scale = scene.full_rect(), 60 / style.scene_dpi()  # one scene unit is one pixel at scene_dpi
    assert (img.width(), img.height()) == (math.ceil(rect.width() * scale), math.ceil(rect.height() * scale))
    assert round(img.dotsPerMeterX() * 0.0254) == 60
    assert img.pixelColor(img.width() - 1, img.height() - 1).alpha() == 0
    emotions = {tp.id: tp.emotion for tp in tps}
    items = scene.card_items()
    assert set(items) == set(emotions)
    assert len({tp.emotion for tp in tps}) >= 4, "cards of different emotions, so a card drawn elsewhere shows"
    for tp_id, item in items.items():
        spot = (item.mapToScene(QPointF(2.5, item.card_rect().height() / 2)) - rect.topLeft()) * scale
        got, want = img.pixelColor(int(spot.x()), int(spot.y())), style.emotion_colour(emotions[tp_id])
        assert got.alpha() == 255, tp_id
        assert max(abs(got.red() - want.red()), abs(got.green() - want.green()), abs(got.blue() - want.blue())) <= 24

    # SVG: the journey's name and every card's title as text.
    text = norm("".join(ET.fromstring(svg.read_bytes()).itertext()))
    assert all(norm(t) in text for t in [hotel.name, *(tp.title for tp in tps)])

    # PDF on A3: landscape A3 pages (tiles), the journey's name and every title on them.
    data = pdf.read_bytes()
    boxes = [tuple(round(float(v)) for v in box.split()) for box in re.findall(rb"/MediaBox \[([^\]]*)\]", data)]
    assert len(boxes) >= 2 and set(boxes) == {(0, 0, 1191, 842)}
    text = norm(pdf_text(data))
    assert all(norm(t) in text for t in [hotel.name, *(tp.title for tp in tps)])

    # The report in Spanish: headings and stage names, the counts and net experience the analysis finds,
    # gaps in rank order, every card.
    result = analyze(original, hotel.id, lang="es")
    text = norm(pdf_text(rep.read_bytes()))
    headings = ("INFORME DEL TALLER", "Ranking de brechas", "Puntos de dolor", "Oportunidades", "Momento de la verdad")
    for heading in headings:
        assert norm(heading) in text
    assert all(norm(s.display_name("es")) in text for s in original.stages(hotel.id))
    counts = result["journey"]["cards"], len(result["stages"]), result["journey"]["connections"]
    assert norm(f"{counts[0]} puntos de contacto, {counts[1]} etapas, {counts[2]} conexiones") in text
    # Net experience is "experiencia neta" on the cover as on the chart; numbers as Spanish writes them.
    emo, signed = result["emotion"]["journey"], i18n.translation("es").signed
    assert norm(f"Experiencia neta {signed(emo['net'])}") in text and norm(signed(float(emo["mean"]))) in text
    ranking = text[text.index(norm("Ranking de brechas")) :]
    titles = {tp.id: tp.title for tp in tps}
    top = [norm(titles[v]) for v in result["gaps"]["items"][:3]]
    assert [ranking.index(t) for t in top] == sorted(ranking.index(t) for t in top)
    assert all(norm(tp.title) in text for tp in tps)


def test_headless_exports_do_not_import_qtwidgets(project, tmp_path, data_dir):
    code = (
        "import sys\n"
        "from cxdesigner.cli import main\n"
        f"for fmt in ('csv', 'json', 'graphml', 'mermaid'):\n"
        f"    assert main(['export', {str(project)!r}, '--format', fmt, '-o', {str(tmp_path)!r} + '/o.' + fmt]) == 0\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6.QtWidgets') or m.startswith('PySide6.QtGui')]\n"
        "assert not bad, bad\n"
    )
    env = {**os.environ, "CXDESIGNER_DATA_DIR": str(data_dir)}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr


def test_the_command_line_reads_a_mermaid_file_as_the_app_does(project, tmp_path, capsys):
    # Notepad on a Spanish Windows writes Windows-1252: the app's dialog reads it, so must the CLI.
    text = "journey\n  title Visita\n  section Llegada\n    Recepción amable: 5: Cliente\n"
    source = tmp_path / "visita.mmd"
    source.write_bytes(text.encode("cp1252"))
    assert main(["import", str(project), str(source), "--format", "mermaid"]) == 0
    capsys.readouterr()
    after = read(project)
    assert after.journeys()[-1].name == "Visita"
    assert [tp.title for tp in after.touchpoints(after.journeys()[-1].id)] == ["Recepción amable"]
