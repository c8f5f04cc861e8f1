"""The translators' commands over the one gettext catalogue, and the build step that compiles it.

    python tools/catalogue.py extract [FILE.pot]   messages of the code → a template (build/cxdesigner.pot)
    python tools/catalogue.py update               extract, then merge into every resources/translations/*.po
    python tools/catalogue.py compile [FOLDER]     every .po → .mo (beside it, or into FOLDER)

``make translations`` runs ``update``. The ``.mo`` files are never committed: the wheel build
(``BuildPy`` below, named in pyproject.toml) and ``make venv`` compile them; a source checkout
without them compiles the ``.po`` in memory at start-up (cxdesigner/i18n.py).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "resources" / "translations"
TEMPLATE = ROOT / "build" / "cxdesigner.pot"
DOMAIN = "cxdesigner"
# Beyond Babel's defaults (_, gettext, ngettext, pgettext, N_ …): markers of module-level strings.
KEYWORDS = ("N_", "NP_:1c,2")


def _pybabel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(["pybabel", "--quiet", *args])


def extract(pot: Path = TEMPLATE) -> Path:
    """Write the template of every marked message of the code to ``pot``."""
    pot = pot.absolute()
    pot.parent.mkdir(parents=True, exist_ok=True)
    keywords = [arg for k in KEYWORDS for arg in ("-k", k)]
    # From the root, so the source references read "cxdesigner/mainwindow.py" on every machine.
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        _pybabel(
            "extract", "-F", "babel.cfg", *keywords, "--add-location=file", "--sort-by-file",
            "--add-comments=TRANSLATORS:", "--project=CX Designer", "--copyright-holder=CX Designer",
            "-o", str(pot), ".",
        )  # fmt: skip
    finally:
        os.chdir(here)
    return pot


def update() -> list[Path]:
    """Extract, then bring every ``.po`` up to date (new messages empty, changed ones fuzzy, gone ones dropped)."""
    pot = extract()
    catalogues = sorted(SOURCES.glob("*.po"))
    for po in catalogues:
        _pybabel("update", "-i", str(pot), "-l", po.stem, "-o", str(po), "-D", DOMAIN, "--ignore-obsolete")
    return catalogues


def compile_all(target: Path | None = None) -> list[Path]:
    """Compile every ``.po`` (fuzzy entries left out) into ``target`` (default: beside it); returns the ``.mo``."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(SOURCES.glob("*.po")):
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.stem, domain=DOMAIN)
        mo = (target or po.parent) / f"{po.stem}.mo"
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as f:
            write_mo(f, catalog, use_fuzzy=False)
        written.append(mo)
    return written


class BuildPy(build_py):
    """setuptools' build_py that also compiles the catalogues into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            # An editable install reads resources/ itself: compile beside the sources.
            compile_all()
        else:
            compile_all(Path(self.build_lib) / "cxdesigner" / "_resources" / "translations")


def main(argv: list[str]) -> int:
    command, *rest = argv or ["help"]
    if command == "extract":
        print(extract(Path(rest[0]) if rest else TEMPLATE))
    elif command == "update":
        for po in update():
            print(f"updated {po.relative_to(ROOT)}")
    elif command == "compile":
        for mo in compile_all(Path(rest[0]) if rest else None):
            print(f"compiled {mo}")
    else:
        print(__doc__)
        return 0 if command == "help" else 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
