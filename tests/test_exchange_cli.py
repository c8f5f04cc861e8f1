"""The export, report and import subcommands as a user runs them: exit codes, files, headlessness."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

import pytest
from test_exchange_pdftext import pdf_text, squeeze

from cxdesigner import api


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


def test_text_exports_and_imports_round_trip(project, tmp_path, data_dir):
    for fmt in ("csv", "json", "graphml", "mermaid"):
        out = tmp_path / f"out.{fmt}"
        r = run("export", project, "--format", fmt, "-o", out, env_dir=data_dir)
        assert r.returncode == 0, r.stderr
        assert out.stat().st_size > 500
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    r = run("import", project, tmp_path / "out.csv", "--journey", "From CSV", env_dir=data_dir)
    assert r.returncode == 0, r.stderr
    r = run("import", project, tmp_path / "out.mermaid", "--format", "mermaid", env_dir=data_dir)
    assert r.returncode == 0, r.stderr
    r = run("import", project, tmp_path / "out.json", env_dir=data_dir)
    assert r.returncode == 0, r.stderr
    doc = api.open_project(project, read_only=True)
    try:
        names = [j.name for j in doc.project.journeys()]
    finally:
        doc.close()
    hotel = "Weekend at a city hotel"
    assert names == [hotel, "From CSV", f"{hotel} (2)", f"{hotel} (3)"]


def test_import_with_invalid_rows_exits_2_and_leaves_file_unchanged(project, tmp_path, data_dir):
    src = tmp_path / "bad.csv"
    src.write_text("title;emotion\nGood;1\nBad;muy mal\n", encoding="utf-8")
    before = digest(project)
    r = run("import", project, src, "--journey", "New", env_dir=data_dir)
    assert r.returncode == 2
    assert "row 3, emotion: 'muy mal' is not a number from −3 to 3" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and digest(project) == before
    r = run("import", project, src, "--journey", "New", "--skip-invalid", env_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert digest(project) != before


def test_bad_inputs_exit_2(project, tmp_path, data_dir):
    assert run("export", project, "-o", tmp_path / "x.unknown", env_dir=data_dir).returncode == 2
    assert run("export", project, "--journey", "Nope", "-o", tmp_path / "x.csv", env_dir=data_dir).returncode == 2
    survey = tmp_path / "s.csv"
    survey.write_text("touchpoint,measure,score\nNowhere,nps,3\n", encoding="utf-8")
    r = run("import", project, survey, "--format", "survey", env_dir=data_dir)
    assert r.returncode == 2 and "no touchpoint titled 'Nowhere'" in r.stderr
    notcxd = tmp_path / "n.cxd"
    notcxd.write_text("hello")
    assert run("import", project, notcxd, env_dir=data_dir).returncode == 2


def test_image_exports_and_report(project, tmp_path, data_dir, qapp):
    from PySide6.QtGui import QImage

    doc = api.open_project(project, read_only=True)
    try:
        journey = doc.project.journeys()[0]
        titles = [norm(tp.title) for tp in doc.project.touchpoints(journey.id)]
        stages = [norm(s.display_name("es")) for s in doc.project.stages(journey.id)]
    finally:
        doc.close()
    for fmt, extra in (("png", ["--dpi", "60", "--transparent"]), ("svg", []), ("pdf", ["--paper", "a3"])):
        out = tmp_path / f"m.{fmt}"
        r = run("export", project, "-o", out, *extra, env_dir=data_dir)
        assert r.returncode == 0, r.stderr
        if fmt == "png":
            img = QImage(str(out))
            assert round(img.dotsPerMeterX() * 0.0254) == 60 and img.width() > 1000
            assert img.hasAlphaChannel() and img.pixelColor(1, 1).alpha() == 0
            continue
        data = out.read_bytes()
        text = norm("".join(ET.fromstring(data).itertext()) if fmt == "svg" else pdf_text(data))
        assert all(t in text for t in titles) and norm(journey.name) in text
    out = tmp_path / "r.pdf"
    r = run("report", project, "--lang", "es", "-o", out, env_dir=data_dir)
    assert r.returncode == 0 and out.read_bytes().startswith(b"%PDF"), r.stderr
    text = norm(pdf_text(out.read_bytes()))
    assert norm("INFORME DEL TALLER") in text
    assert all(t in text for t in titles) and all(s in text for s in stages) and norm("sin valorar") in text


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
