"""One loader for runtime assets: source checkout, installed wheel and PyInstaller bundle alike."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_roots() -> list[Path]:
    """Where assets may live, most specific first."""
    roots = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.append(Path(bundle) / "cxdesigner" / "_resources")
    roots.append(_PACKAGE_DIR / "_resources")  # wheel: resources/ is shipped as cxdesigner/_resources
    roots.append(_PACKAGE_DIR.parent / "resources")  # source checkout and editable install
    return roots


def resource_root() -> Path:
    for root in resource_roots():
        if (root / "templates").is_dir():
            return root
    raise FileNotFoundError("CX Designer's resources are missing: reinstall the application")


def resource_path(*parts: str) -> Path:
    return resource_root().joinpath(*parts)


def read_text(*parts: str) -> str:
    return resource_path(*parts).read_text(encoding="utf-8")


# The user guide has one source, docs/guide/ (Markdown and its screenshots), which the repository shows
# as it is and which a wheel and a bundle ship as _resources/guide: Help ▸ User Guide reads the same files.
GUIDE_PAGES = {"en": "README.md", "es": "es/inicio-rapido.md"}


def guide_root() -> Path:
    """The user guide's folder: ``_resources/guide`` when installed or bundled, ``docs/guide`` in a checkout."""
    index = GUIDE_PAGES["en"]
    for root in resource_roots():
        if (root / "guide" / index).is_file():
            return root / "guide"
    checkout = _PACKAGE_DIR.parent / "docs" / "guide"
    if (checkout / index).is_file():
        return checkout
    raise FileNotFoundError("CX Designer's user guide is missing: reinstall the application")


def template_names() -> list[str]:
    """Names of the bundled templates (``hotel`` for ``templates/hotel.en.json``)."""
    return sorted({p.name.split(".")[0] for p in resource_path("templates").glob("*.json")})


def template_text(name: str, lang: str = "en") -> str:
    folder = resource_path("templates")
    for candidate in (f"{name}.{lang}.json", f"{name}.en.json"):
        if (folder / candidate).is_file():
            return (folder / candidate).read_text(encoding="utf-8")
    raise KeyError(name)
