"""What the PyInstaller bundle carries, apart from the spec so a test can check it on any system.

The spec (cxdesigner.spec) calls ``prepare()`` and hands the results to PyInstaller: the resources
(templates, the room's phone page, icons) and the compiled catalogues inside the package folder
where cxdesigner.resources looks, every module of ours (many load lazily, by name), the icons per
system, the Windows version resource and the macOS document type that makes a double-clicked
.cxd open in the app.
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT))
import desktop  # noqa: E402 - this folder is no package: its scripts import each other by path

# The interface's languages: Babel's locale data is kept for these alone (keep_data).
from cxdesigner.i18n import LANGUAGES  # noqa: E402

RESOURCES = ROOT / "resources"
GUIDE = ROOT / "docs" / "guide"  # the user guide's one source; the wheel ships it as _resources/guide too
BUILD = ROOT / "build" / "bundle"
APP_ID = desktop.APP_ID
NAME = "CX Designer"
# The macOS uniform type of a .cxd file, exported by the app (it owns the format).
DOCUMENT_UTI = "io.github.cxdesigner.project"
# Chosen by the code that draws with matplotlib by name or on first use: PyInstaller cannot see them.
MATPLOTLIB_BACKENDS = (
    "matplotlib.backends.backend_agg",
    "matplotlib.backends.backend_qtagg",
    "matplotlib.backends.backend_pdf",
    "matplotlib.backends.backend_svg",
)


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def version_tuple() -> tuple[int, int, int, int]:
    parts = [int(p) for p in version().split(".")[:4] if p.isdigit()]
    return tuple((parts + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def resource_datas(catalogues: Path) -> list[tuple[str, str]]:
    """(file, folder in the bundle) for every runtime resource: the same files a wheel ships.

    The translations come compiled from ``catalogues``; the ``.po`` sources stay out, as in the wheel.
    """
    datas = []
    for path in sorted(RESOURCES.rglob("*")):
        if not path.is_file() or path.suffix in (".po", ".mo") or "__pycache__" in path.parts:
            continue
        folder = Path("cxdesigner", "_resources", *path.relative_to(RESOURCES).parent.parts)
        datas.append((str(path), folder.as_posix()))
    for path in sorted(GUIDE.rglob("*")):
        if path.is_file() and path.suffix in (".md", ".png"):
            folder = Path("cxdesigner", "_resources", "guide", *path.relative_to(GUIDE).parent.parts)
            datas.append((str(path), folder.as_posix()))
    for mo in sorted(catalogues.glob("*.mo")):
        datas.append((str(mo), "cxdesigner/_resources/translations"))
    return datas


def hidden_imports() -> list[str]:
    """Every module of the package: commands, lazy packages and views are imported by name at run time."""
    modules = []
    for path in sorted((ROOT / "cxdesigner").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        modules.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return modules + list(MATPLOTLIB_BACKENDS)


def keep_data(destination: str) -> bool:
    """Whether a collected data file stays in the bundle: Babel's locale data only for our languages.

    The interface speaks English and Spanish; numbers and dates follow those, so the data of the
    other 800-odd locales (about 33 MB) is never read. ``root`` is the parent every locale falls back on.
    """
    parts = Path(destination).parts
    if parts[:2] != ("babel", "locale-data") or not destination.endswith(".dat"):
        return True
    locale = Path(parts[-1]).stem
    return locale == "root" or locale.split("_")[0] in LANGUAGES


# Qt's GTK 3 theme plugin brings GTK 3 and its whole stack from the build machine (about 35 MB) into the
# bundle, where it would meet the target's own GTK modules and themes of another version. Without it Qt
# draws its own widgets and uses the desktop portal's file dialogs (platformthemes/libqxdgdesktopportal).
UNWANTED_BINARIES = ("PySide6/Qt/plugins/platformthemes/libqgtk3.so",)


def drop_binaries(
    binaries: list[tuple[str, str, str]],
    unwanted: tuple[str, ...],
    imports: Callable[[str], set[tuple[str, str]]],
) -> list[tuple[str, str, str]]:
    """``binaries`` without the ``unwanted`` ones and the libraries that only they need.

    ``imports(file)`` is every library a file loads, directly or through others (PyInstaller's
    ``bindepend.get_imports``). A library stays when anything else kept needs it or when nothing
    unwanted does: what is loaded by name at run time (libpython, plugins) is never dropped.
    """
    gone = [entry for entry in binaries if entry[0].endswith(unwanted)]
    kept = [entry for entry in binaries if entry not in gone]
    theirs = {name for entry in gone for name, _path in imports(entry[1])}
    only_theirs = set(theirs)
    # The closure is transitive already: only what stays on its own (outside their closure) protects a library.
    for dest, src, _kind in kept:
        if Path(dest).name not in theirs or "/" in dest:
            only_theirs -= {name for name, _path in imports(src)}
    return [entry for entry in kept if Path(entry[0]).name not in only_theirs or "/" in entry[0]]


def windows_version_text() -> str:
    """PyInstaller's version-resource file: what Explorer shows under Properties ▸ Details."""
    v = version_tuple()
    strings = {
        "CompanyName": NAME,
        "FileDescription": NAME,
        "FileVersion": version(),
        "InternalName": "cxdesigner",
        "LegalCopyright": f"© {NAME}",
        "OriginalFilename": "cxdesigner.exe",
        "ProductName": NAME,
        "ProductVersion": version(),
    }
    entries = ",\n            ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={v}, prodvers={v}, mask=0x3f, flags=0x0, OS=0x40004, fileType=0x1,
                    subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
            {entries}])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])]),
  ],
)
"""


def macos_info_plist() -> dict:
    """Info.plist additions: the .cxd document type (opened as a FileOpen event, cxdesigner/app.py)."""
    return {
        "CFBundleName": NAME,
        "CFBundleDisplayName": NAME,
        "CFBundleShortVersionString": version(),
        "CFBundleVersion": version(),
        "NSHighResolutionCapable": True,
        "NSPrincipalClass": "NSApplication",
        "CFBundleDocumentTypes": [
            {
                "CFBundleTypeName": "CX Designer project",
                "CFBundleTypeRole": "Editor",
                "LSHandlerRank": "Owner",
                "LSItemContentTypes": [DOCUMENT_UTI],
                "CFBundleTypeIconFile": "cxdesigner-project.icns",
            }
        ],
        "UTExportedTypeDeclarations": [
            {
                "UTTypeIdentifier": DOCUMENT_UTI,
                "UTTypeDescription": "CX Designer project",
                "UTTypeConformsTo": ["public.data", "public.database"],
                "UTTypeIconFile": "cxdesigner-project.icns",
                "UTTypeTagSpecification": {
                    "public.filename-extension": ["cxd"],
                    "public.mime-type": [desktop.MIME_TYPE],
                },
            }
        ],
    }


def prepare(build: Path | str = BUILD, platform: str | None = None) -> dict:
    """Make what the spec needs (icons, catalogues, version file) under ``build``; returns the spec's arguments."""
    build, platform = Path(build), platform or sys.platform
    from tools.catalogue import compile_all

    icons = build / "icons"
    desktop.render_icons(icons)
    catalogues = build / "translations"
    compile_all(catalogues)
    version_file = build / "windows-version.txt"
    version_file.write_text(windows_version_text(), encoding="utf-8")
    datas = resource_datas(catalogues)
    if platform == "darwin":
        # The document icon beside the app's (Contents/Resources), named by the Info.plist.
        datas.append((str(icons / "cxdesigner-project.icns"), "."))
    return {
        "datas": datas,
        "hiddenimports": hidden_imports(),
        "windows_icon": str(icons / "cxdesigner.ico"),
        "macos_icon": str(icons / "cxdesigner.icns"),
        "windows_version": str(version_file),
        "info_plist": macos_info_plist(),
        "version": version(),
        "bundle_identifier": APP_ID,
    }
