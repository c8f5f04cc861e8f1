"""Desktop integration: icon sizes rendered from resources/icons, and the files a desktop reads, put in place.

    python packaging/desktop.py icons [OUT]       hicolor PNGs, .ico and .icns into OUT (build/icons)
    python packaging/desktop.py install [--data-dir DIR] [--exec COMMAND] [--no-refresh]
    python packaging/desktop.py uninstall [--data-dir DIR]

The SVGs in resources/icons are the only committed images; every PNG, .ico and .icns is made here,
by ``make icons``, ``make install-desktop``, ``make package`` and ``make deb`` (packaging/README.md).
``install`` writes the desktop file, AppStream metainfo, MIME type and icons under a data folder:
the user's (``$XDG_DATA_HOME``, else ``~/.local/share``) or a package tree's ``usr/share``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ICONS = ROOT / "resources" / "icons"
APP_ID = "io.github.cxdesigner.CXDesigner"
MIME_TYPE = "application/x-cxdesigner"
# The freedesktop icon name of a MIME type: its name with the slash as a dash.
MIME_ICON = MIME_TYPE.replace("/", "-")
APP_SVG = ICONS / "cxdesigner.svg"
DOCUMENT_SVG = ICONS / "cxdesigner-project.svg"
DESKTOP_FILE = HERE / f"{APP_ID}.desktop"
METAINFO_FILE = HERE / f"{APP_ID}.metainfo.xml"
MIME_FILE = HERE / f"{APP_ID}.mime.xml"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)
BUILD_ICONS = ROOT / "build" / "icons"


def _qt_app() -> object:
    """Qt paints the SVGs (no other renderer needed); a GUI application must exist, offscreen is enough.

    A widgets one, as the app and the tests make: a process holds one kind of application only.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([sys.argv[0]])


def render_png(svg: Path, size: int, target: Path) -> Path:
    """``svg`` drawn at ``size`` × ``size`` pixels into the PNG ``target``."""
    _qt_app()
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not an SVG that Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target), "PNG"):
        raise OSError(f"could not write {target}")
    return target


def _multi_size(pngs: list[Path], target: Path, fmt: str) -> Path:
    """One .ico or .icns holding every rendered size (Pillow, which matplotlib already brings)."""
    from PIL import Image

    images = [Image.open(p) for p in pngs]
    try:
        largest = images[-1]
        if fmt == "ICO":
            largest.save(target, fmt, sizes=[im.size for im in images], append_images=images[:-1])
        else:
            largest.save(target, fmt, append_images=images[:-1])
    finally:
        for im in images:
            im.close()
    return target


def icon_names() -> dict[Path, tuple[str, str]]:
    """Each SVG source → (hicolor context, icon name)."""
    return {APP_SVG: ("apps", APP_ID), DOCUMENT_SVG: ("mimetypes", MIME_ICON)}


def render_icons(out: Path = BUILD_ICONS) -> list[Path]:
    """The hicolor tree (``out/hicolor/NxN/apps/APP_ID.png`` …) plus .ico and .icns of both icons in ``out``."""
    written: list[Path] = []
    for svg, (context, name) in icon_names().items():
        # Each size drawn once: the hicolor PNGs, then the .ico and .icns made of those same pictures.
        sizes = {}
        for size in sorted(set(PNG_SIZES) | set(ICO_SIZES) | set(ICNS_SIZES)):
            folder = out / "hicolor" / f"{size}x{size}" / context if size in PNG_SIZES else out / "sizes" / svg.stem
            sizes[size] = render_png(svg, size, folder / (f"{name}.png" if size in PNG_SIZES else f"{size}.png"))
        written.extend(sizes[s] for s in PNG_SIZES)
        scalable = out / "hicolor" / "scalable" / context / f"{name}.svg"
        scalable.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(svg, scalable)
        written.append(scalable)
        written.append(_multi_size([sizes[s] for s in ICO_SIZES], out / f"{svg.stem}.ico", "ICO"))
        written.append(_multi_size([sizes[s] for s in ICNS_SIZES], out / f"{svg.stem}.icns", "ICNS"))
    return written


def user_data_dir() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def _desktop_exec(command: str) -> str:
    """``command`` as the Exec key's program: quoted as the desktop entry spec asks when it must be."""
    if not any(c in command for c in ' \t\n"\'\\><~|&;$*?#()`'):
        return command
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in command)
    # A backslash is itself escaped once more by the desktop file's string syntax.
    return '"' + escaped.replace("\\", "\\\\") + '"'


def desktop_entry(exec_command: str | None = None) -> str:
    """The desktop file's text; ``exec_command`` replaces the program of its Exec line (a venv's cxdesigner)."""
    text = DESKTOP_FILE.read_text(encoding="utf-8")
    if exec_command is None:
        return text
    lines = [
        f"Exec={_desktop_exec(exec_command)} %F" if line.startswith("Exec=") else line for line in text.splitlines()
    ]
    return "\n".join(lines) + "\n"


def planned_files(data_dir: Path, icons: Path = BUILD_ICONS) -> dict[Path, Path | None]:
    """Every file ``install`` writes under ``data_dir`` → its source (None: the desktop entry, written from text)."""
    files: dict[Path, Path | None] = {
        data_dir / "applications" / f"{APP_ID}.desktop": None,
        data_dir / "metainfo" / f"{APP_ID}.metainfo.xml": METAINFO_FILE,
        data_dir / "mime" / "packages" / f"{APP_ID}.xml": MIME_FILE,
    }
    for svg, (context, name) in icon_names().items():
        for size in PNG_SIZES:
            relative = Path("hicolor") / f"{size}x{size}" / context / f"{name}.png"
            files[data_dir / "icons" / relative] = icons / relative
        files[data_dir / "icons" / "hicolor" / "scalable" / context / f"{name}.svg"] = svg
    return files


def _refresh(data_dir: Path) -> None:
    """The caches desktops read: MIME database, desktop file database, icon cache (where their tools exist)."""
    steps = [
        ("update-mime-database", [str(data_dir / "mime")]),
        ("update-desktop-database", ["-q", str(data_dir / "applications")]),
        ("gtk-update-icon-cache", ["-q", "-t", "-f", str(data_dir / "icons" / "hicolor")]),
    ]
    for tool, args in steps:
        if shutil.which(tool) is None:
            print(f"{tool} not found: skipped (the desktop picks the change up later)")
            continue
        subprocess.run([tool, *args], check=True)


def install(
    data_dir: Path, exec_command: str | None = None, refresh: bool = True, icons: Path = BUILD_ICONS
) -> list[Path]:
    """Desktop file, metainfo, MIME type and icons under ``data_dir`` (``~/.local/share`` or ``usr/share``).

    The icons are rendered into ``icons`` first (build/icons: a build product, never committed).
    """
    render_icons(icons)
    written = []
    for target, source in planned_files(data_dir, icons).items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if source is None:
            target.write_text(desktop_entry(exec_command), encoding="utf-8")
        else:
            shutil.copyfile(source, target)
        target.chmod(0o644)
        written.append(target)
    if refresh:
        _refresh(data_dir)
    return written


def uninstall(data_dir: Path, refresh: bool = True) -> list[Path]:
    removed = [path for path in planned_files(data_dir) if path.is_file()]
    for path in removed:
        path.unlink()
    if refresh and (data_dir / "mime").is_dir():
        _refresh(data_dir)
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="packaging/desktop.py", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    icons = sub.add_parser("icons", help="render the PNG sizes, .ico and .icns")
    icons.add_argument("out", nargs="?", type=Path, default=BUILD_ICONS)
    for name in ("install", "uninstall"):
        p = sub.add_parser(name, help=f"{name} the desktop file, metainfo, MIME type and icons")
        p.add_argument("--data-dir", type=Path, default=None, help="default: $XDG_DATA_HOME or ~/.local/share")
        p.add_argument("--no-refresh", action="store_true", help="leave the MIME, desktop and icon caches alone")
        if name == "install":
            p.add_argument("--exec", dest="exec_command", default=None, help="the program the menu entry starts")
    args = parser.parse_args(argv)
    if args.command == "icons":
        print(f"{len(render_icons(args.out))} icon files in {args.out}")
        return 0
    data_dir = args.data_dir or user_data_dir()
    if args.command == "install":
        files = install(data_dir, args.exec_command, refresh=not args.no_refresh)
        print(f"installed {len(files)} files under {data_dir}")
    else:
        files = uninstall(data_dir, refresh=not args.no_refresh)
        print(f"removed {len(files)} files under {data_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
