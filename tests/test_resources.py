"""The one resource loader works from a source checkout, an installed wheel and a PyInstaller bundle."""

from __future__ import annotations

import sys
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
    # The guide ships from docs/guide (its one source), mapped in [tool.setuptools.package-dir].
    guide = {"cxdesigner._resources.guide", *(f"cxdesigner._resources.guide.{p.name}"
                                             for p in (ROOT / "docs" / "guide").iterdir() if p.is_dir())}
    assert guide <= declared and guide <= set(config["package-data"])
    assert config["package-dir"]["cxdesigner._resources.guide"] == "docs/guide"
    assert folders <= declared, f"add to [tool.setuptools] packages: {sorted(folders - declared)}"
    assert folders <= set(config["package-data"]), "each resource folder says which files it ships"


# The built wheel (its resources, compiled catalogues, the app and command line run from it alone) is
# checked in tests/test_packaging.py.


def test_the_guide_is_found_where_a_bundle_puts_it(tmp_path, monkeypatch):
    bundled = tmp_path / "cxdesigner" / "_resources"
    (bundled / "templates").mkdir(parents=True)
    (bundled / "guide").mkdir()
    (bundled / "guide" / "README.md").write_text("# Guide\n", encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.guide_root() == bundled / "guide"
