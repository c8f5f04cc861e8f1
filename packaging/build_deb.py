"""`make deb`: a Debian package of the PyInstaller bundle, with its desktop files in the system's places.

    python packaging/build_deb.py dist/cxdesigner dist      → dist/cxdesigner_<version>-1_<arch>.deb

The bundle goes to /opt/cxdesigner, a two-line /usr/bin/cxdesigner starts it, and the desktop file,
metainfo, MIME type and icons go under /usr/share; dpkg's triggers (desktop-file-utils,
shared-mime-info, hicolor-icon-theme) refresh their caches, so there is no maintainer script.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bundle  # noqa: E402 - this folder is no package: its scripts import each other by path
import desktop  # noqa: E402

# What the bundle needs from the system (packaging/README.md): the libraries PyInstaller never
# bundles, found by `ldd` over every file of the bundle with its own folders on the library path:
# glibc, libxcb, the GL dispatch libraries, Wayland's client libraries, libdrm for the eglfs plugin.
# fontconfig-config brings the configuration the bundled fontconfig reads, and a font: without one
# Qt draws no text. Debian 12 (bookworm) has glibc 2.36, the newest version the bundle's files ask for.
DEPENDS = (
    "libc6 (>= 2.36)",
    "libxcb1",
    "libegl1",
    "libgl1",
    "libwayland-client0",
    "libwayland-cursor0",
    "libwayland-egl1",
    "libdrm2",
    "fontconfig-config",
    "fonts-dejavu-core | fonts-liberation2 | fonts-freefont-ttf",
)
# Installed with it where apt installs recommendations: the caches' tools and the system tray's theme.
RECOMMENDS = ("desktop-file-utils", "shared-mime-info", "hicolor-icon-theme", "xdg-utils")
PREFIX = Path("opt") / "cxdesigner"
LAUNCHER = """#!/bin/sh
exec /opt/cxdesigner/cxdesigner "$@"
"""


def architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()


def control(installed_kib: int, arch: str) -> str:
    return (
        "Package: cxdesigner\n"
        f"Version: {bundle.version()}-1\n"
        f"Architecture: {arch}\n"
        "Maintainer: CX Designer <cxdesigner@users.noreply.github.com>\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {', '.join(DEPENDS)}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\n"
        "Section: graphics\n"
        "Priority: optional\n"
        "Description: design customer journeys as graphs of touchpoints, offline\n"
        " CX Designer maps customer journeys as swimlanes of stages and lanes with\n"
        " touchpoint cards and connections, analyses where the experience breaks,\n"
        " and exports maps, workshop reports and data. Projects are single files.\n"
    )


def build(dist: Path, out: Path) -> Path:
    """The .deb of the bundle in ``dist`` (dist/cxdesigner), written into ``out``."""
    if not (dist / "cxdesigner").is_file():
        raise SystemExit(f"{dist}/cxdesigner not found: run `make package` first")
    arch = architecture()
    target = out / f"cxdesigner_{bundle.version()}-1_{arch}.deb"
    with tempfile.TemporaryDirectory(prefix="cxd-deb-") as tmp:
        root = Path(tmp) / "root"
        shutil.copytree(dist, root / PREFIX, symlinks=True)
        launcher = root / "usr" / "bin" / "cxdesigner"
        launcher.parent.mkdir(parents=True)
        launcher.write_text(LAUNCHER, encoding="utf-8")
        launcher.chmod(0o755)
        desktop.install(root / "usr" / "share", refresh=False, icons=Path(tmp) / "icons")
        doc = root / "usr" / "share" / "doc" / "cxdesigner"
        doc.mkdir(parents=True)
        (doc / "README.md").write_text((HERE / "README.md").read_text(encoding="utf-8"), encoding="utf-8")
        for folder, _dirs, files in os.walk(root):
            Path(folder).chmod(0o755)
            for name in files:
                path = Path(folder) / name
                if not path.is_symlink():
                    path.chmod(0o755 if os.access(path, os.X_OK) else 0o644)
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())
        (root / "DEBIAN").mkdir()
        (root / "DEBIAN" / "control").write_text(control(size // 1024 + 1, arch), encoding="utf-8")
        out.mkdir(parents=True, exist_ok=True)
        # zstd: 10 s here where xz took 4 minutes (112 MB against 85 MB, then); dpkg reads it from 1.21.18
        # (Debian 12, Ubuntu 21.10), older than anything whose glibc the bundle runs on.
        subprocess.run(
            ["dpkg-deb", "--root-owner-group", "-Zzstd", "--build", str(root), str(target)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return target


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    print(build(Path(sys.argv[1]), Path(sys.argv[2])))
