"""`make package-test`: the built bundle as a user gets it, offscreen, in a private folder.

    python packaging/package_test.py dist/cxdesigner

It opens the sample project in the app and quits (leaving no working copy and nothing in the log),
exports a PNG map, a Spanish CSV and the PDF report from the command line, and checks that the
resources and compiled catalogues are inside. Nothing is read from the source tree at run time:
the bundle gets a clean environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Inside the bundle's _internal folder, where cxdesigner.resources looks first in a bundle.
INSIDE = (
    "cxdesigner/_resources/templates/hotel.en.json",
    "cxdesigner/_resources/templates/hotel.es.json",
    "cxdesigner/_resources/room/index.html",
    "cxdesigner/_resources/room/room.js",
    "cxdesigner/_resources/icons/cxdesigner.svg",
    "cxdesigner/_resources/translations/es.mo",
    # Help ▸ User Guide: docs/guide, pages and pictures.
    "cxdesigner/_resources/guide/README.md",
    "cxdesigner/_resources/guide/es/inicio-rapido.md",
    "cxdesigner/_resources/guide/images/map-inspector.png",
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def fail(message: str) -> None:
    print(f"package-test: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def run(bundle: Path, args: list[str], env: dict[str, str], timeout: int = 180) -> subprocess.CompletedProcess:
    start = time.monotonic()
    proc = subprocess.run(
        [str(bundle / "cxdesigner"), *args], capture_output=True, text=True, env=env, timeout=timeout
    )
    print(f"  cxdesigner {' '.join(args)}: exit {proc.returncode}, {time.monotonic() - start:.1f} s")
    if proc.returncode != 0:
        fail(f"cxdesigner {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}")
    if "Traceback" in proc.stderr:
        fail(f"cxdesigner {' '.join(args)} printed a traceback:\n{proc.stderr}")
    return proc


def clean_env(home: Path) -> dict[str, str]:
    """No PYTHONPATH or venv leaking the source into the bundle; every folder of the app's a private one."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "TZ")}
    return {
        **keep,
        "HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "CXDESIGNER_DATA_DIR": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "share"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_RUNTIME_DIR": str(home / "runtime"),
    }


def check(bundle: Path) -> None:
    internal = bundle / "_internal"
    missing = [name for name in INSIDE if not (internal / name).is_file()]
    if missing:
        fail(f"missing from the bundle: {missing}")
    if list(internal.rglob("*.po")):
        fail("a .po source is in the bundle: only compiled catalogues belong there")
    with tempfile.TemporaryDirectory(prefix="cxd-package-test-") as tmp:
        home = Path(tmp)
        (home / "runtime").mkdir(mode=0o700)
        env = clean_env(home)
        sys.path.insert(0, str(ROOT))
        # Making the sample here opens a working copy too: in this run's folder, not the user's.
        os.environ["CXDESIGNER_DATA_DIR"] = env["CXDESIGNER_DATA_DIR"]
        from cxdesigner.api import make_sample

        sample = make_sample(home / "sample.cxd")

        version = run(bundle, ["--version"], env).stdout.strip()
        expected = f"cxdesigner {_version()}"
        if version != expected:
            fail(f"--version says {version!r}, not {expected!r}")

        started = run(bundle, [str(sample)], {**env, "CXDESIGNER_QUIT_AFTER_START": "1"}).stdout
        # The title names the project, then its file (MainWindow._update_title).
        title = "CX Designer sample — sample.cxd — CX Designer"
        if f"window '{title}', icon yes, desktop file io.github.cxdesigner.CXDesigner" not in started:
            fail(f"the app did not come up on the sample: {started!r}")
        # A clean exit: no working copy left for a recovery at the next start, nothing wrong in the log.
        leftovers = [p for p in (home / "data" / "sessions").rglob("*") if p.is_file()]
        log = (home / "data" / "cxdesigner.log").read_text(encoding="utf-8")
        if leftovers or "ERROR" in log or "Traceback" in log:
            fail(f"the app did not close cleanly: left {leftovers}, log:\n{log}")

        png = home / "map.png"
        run(bundle, ["export", str(sample), "--format", "png", "-o", str(png)], env)
        data = png.read_bytes()
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        if not data.startswith(PNG_SIGNATURE) or width < 800 or height < 400:
            fail(f"the PNG map is not one: {len(data)} bytes, {width}×{height}")
        print(f"  map.png: {width}×{height} px, {len(data)} bytes")

        spanish = home / "hotel-es.cxd"
        run(bundle, ["new", str(spanish), "--template", "hotel", "--lang", "es"], env)
        csv = home / "hotel-es.csv"
        run(bundle, ["export", str(spanish), "--format", "csv", "--lang", "es", "-o", str(csv)], env)
        # A channel's display name comes from the compiled catalogue, not from the template.
        if "Correo electrónico" not in csv.read_text(encoding="utf-8-sig"):
            fail("the Spanish export has no translated channel names: the catalogue did not load")

        report = home / "report.pdf"
        run(bundle, ["report", str(sample), "-o", str(report)], env)
        if not report.read_bytes().startswith(b"%PDF-"):
            fail("the report is not a PDF")
    print(f"package-test: {bundle} passed")


def _version() -> str:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    check(Path(sys.argv[1]).resolve())
