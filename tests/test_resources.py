"""The one resource loader works from a source checkout, an installed wheel and a PyInstaller bundle."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cxdesigner import resources

ROOT = Path(__file__).resolve().parent.parent


def test_source_checkout_finds_templates():
    assert set(resources.template_names()) >= {"hotel", "online-purchase", "support-call"}
    assert '"format": "cxdesigner-project"' in resources.template_text("hotel", "es")
    assert resources.template_text("hotel", "xx") == resources.template_text("hotel", "en")


def test_pyinstaller_bundle_layout(tmp_path, monkeypatch):
    bundled = tmp_path / "cxdesigner" / "_resources" / "templates"
    bundled.mkdir(parents=True)
    (bundled / "only.en.json").write_text("{}")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.template_names() == ["only"]


@pytest.mark.slow
@pytest.mark.skipif(not (ROOT / "pyproject.toml").exists(), reason="needs the source tree")
def test_every_package_and_resource_folder_is_declared():
    """An undeclared folder is left out of the wheel or makes setuptools warn on every install."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    declared = set(config["packages"])
    code = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "cxdesigner").rglob("__init__.py")
    }
    assert code <= declared, f"add to [tool.setuptools] packages: {sorted(code - declared)}"
    folders = {f"cxdesigner._resources.{p.name}" for p in (ROOT / "resources").iterdir() if p.is_dir()}
    assert folders <= declared, f"add to [tool.setuptools] packages: {sorted(folders - declared)}"
    assert folders <= set(config["package-data"]), "each resource folder says which files it ships"


@pytest.mark.skipif(not (ROOT / "pyproject.toml").exists(), reason="needs the source tree")
def test_built_wheel_ships_resources_and_loads_them(tmp_path):
    out = tmp_path / "wheel"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    wheel = next(out.glob("cxdesigner-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "cxdesigner/_resources/templates/hotel.en.json" in names
    # The catalogue ships compiled (the build compiles it; no .mo is ever committed), without its source.
    assert "cxdesigner/_resources/translations/es.mo" in names
    assert not [n for n in names if n.endswith(".po")]
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import cxdesigner.resources as r, cxdesigner.i18n as i; print(r.resource_root()); print(r.template_names());"
        " print(i.catalogue_dir()); print(i.translation('es').gettext('&File'))"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    proc = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert str(site) in proc.stdout and "hotel" in proc.stdout
    assert f"{site}/cxdesigner/_resources/translations" in proc.stdout and "&Archivo" in proc.stdout
    assert "translation" not in proc.stderr, "the compiled catalogue loads without a fallback"
