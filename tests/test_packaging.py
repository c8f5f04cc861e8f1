"""What the bundles carry: the PyInstaller spec's data for each system, and the wheel as pipx installs it."""

from __future__ import annotations

import os
import plistlib
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from packaging_scripts import PACKAGING, ROOT, load
from PIL import Image

import cxdesigner
from cxdesigner.cli import SUBCOMMANDS

bundle = load("bundle")
desktop = load("desktop")


class Recorder:
    """Stands in for one of PyInstaller's build classes: keeps what the spec hands it."""

    calls: dict[str, list[tuple[tuple, dict]]]

    def __init__(self, kind: str, calls: dict) -> None:
        self.kind, self.calls = kind, calls

    def __call__(self, *args, **kwargs):
        self.calls.setdefault(self.kind, []).append((args, kwargs))
        result = type(self.kind, (), {})()
        # Analysis's collected data files, as PyInstaller lists them: (name in the bundle, source, kind).
        result.datas = [
            ("babel/locale-data/fr.dat", "fr.dat", "DATA"),
            ("babel/locale-data/es_MX.dat", "es_MX.dat", "DATA"),
            ("babel/locale-data/en_GB.dat", "en_GB.dat", "DATA"),
            ("babel/locale-data/root.dat", "root.dat", "DATA"),
            ("babel/locale-data/LICENSE.unicode", "LICENSE.unicode", "DATA"),
            ("matplotlib/mpl-data/matplotlibrc", "matplotlibrc", "DATA"),
        ]
        result.pure = result.scripts = result.binaries = []
        return result


def run_spec(tmp_path: Path, platform: str, monkeypatch) -> dict:
    """Execute packaging/cxdesigner.spec as PyInstaller would on ``platform``; returns what each class got."""
    calls: dict = {}
    names = {k: Recorder(k, calls) for k in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")}
    namespace = {**names, "SPECPATH": str(PACKAGING), "workpath": str(tmp_path / platform), "__file__": "spec"}
    monkeypatch.setattr(sys, "platform", platform)
    spec = PACKAGING / "cxdesigner.spec"
    exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"), namespace)
    monkeypatch.undo()
    calls["analysis_result"] = namespace["a"]
    return calls


def _guide_files(prefix: str) -> set[str]:
    """The user guide's pages and screenshots (docs/guide) as they are named under ``prefix``."""
    guide = ROOT / "docs" / "guide"
    files = {p for p in guide.rglob("*") if p.is_file() and p.suffix in (".md", ".png")}
    assert any(p.name == "README.md" for p in files) and any(p.suffix == ".png" for p in files)
    return {f"{prefix}/{p.relative_to(guide).as_posix()}" for p in files}


@pytest.fixture(scope="module")
def specs(tmp_path_factory):
    """The spec run once for each system it builds on (each renders the icons: a few seconds, hence slow)."""
    tmp = tmp_path_factory.mktemp("spec")
    with pytest.MonkeyPatch.context() as mp:
        return {platform: run_spec(tmp, platform, mp) for platform in ("linux", "win32", "darwin")}


@pytest.mark.slow
def test_bundle_carries_every_runtime_resource_and_compiled_catalogue(specs):
    (args, kwargs) = specs["linux"]["Analysis"][0]
    bundled = {f"{dest}/{Path(src).name}" for src, dest in kwargs["datas"]}
    resources = ROOT / "resources"
    shipped = {
        f"cxdesigner/_resources/{p.relative_to(resources).as_posix()}"
        for p in resources.rglob("*")
        if p.is_file() and p.suffix not in (".po", ".mo")
    }
    assert shipped <= bundled
    # The user guide's one source, docs/guide, goes where the app reads it (cxdesigner.resources.guide_root).
    assert _guide_files("cxdesigner/_resources/guide") <= bundled
    assert "cxdesigner/_resources/room/index.html" in bundled
    assert "cxdesigner/_resources/icons/cxdesigner.svg" in bundled
    catalogues = {p.stem for p in (resources / "translations").glob("*.po")}
    assert {f"cxdesigner/_resources/translations/{lang}.mo" for lang in catalogues} <= bundled
    assert not [name for name in bundled if name.endswith(".po")]
    # The .mo are real catalogues: compiled from today's .po, with the Spanish of a menu.
    mo = next(Path(src) for src, dest in kwargs["datas"] if src.endswith("es.mo"))
    assert b"&Archivo" in mo.read_bytes()


@pytest.mark.slow
def test_bundle_imports_every_module_the_app_loads_by_name(specs):
    (args, kwargs) = specs["linux"]["Analysis"][0]
    hidden = set(kwargs["hiddenimports"])
    assert {module for module, _help in SUBCOMMANDS.values()} <= hidden
    assert {"cxdesigner.room.server", "cxdesigner.roomui", "cxdesigner.charts.dock"} <= hidden
    assert "matplotlib.backends.backend_qtagg" in hidden
    # The entry script imports the package absolutely: __main__.py's relative imports fail as a script.
    assert Path(args[0][0]).name == "launcher.py"


@pytest.mark.slow
def test_bundle_keeps_babel_data_only_for_the_interface_languages(specs):
    kept = {name for name, _src, _kind in specs["linux"]["analysis_result"].datas}
    assert kept == {
        "babel/locale-data/es_MX.dat",
        "babel/locale-data/en_GB.dat",
        "babel/locale-data/root.dat",
        "babel/locale-data/LICENSE.unicode",
        "matplotlib/mpl-data/matplotlibrc",
    }


def test_the_gtk_theme_plugin_leaves_with_the_libraries_only_it_needs():
    closure = {
        "theme.so": {"libgtk-3.so.0", "libcairo.so.2", "libglib-2.0.so.0", "libc.so.6"},
        "libgtk-3.so.0": {"libcairo.so.2", "libglib-2.0.so.0", "libc.so.6"},
        "libcairo.so.2": {"libc.so.6"},
        "libglib-2.0.so.0": {"libc.so.6"},
        "qxcb.so": {"libglib-2.0.so.0", "libc.so.6"},
        "libpython3.so": {"libc.so.6"},
    }
    binaries = [
        ("PySide6/plugins/platformthemes/theme.so", "theme.so", "BINARY"),
        ("PySide6/plugins/platforms/qxcb.so", "qxcb.so", "BINARY"),
        ("libgtk-3.so.0", "libgtk-3.so.0", "BINARY"),
        ("libcairo.so.2", "libcairo.so.2", "BINARY"),
        ("libglib-2.0.so.0", "libglib-2.0.so.0", "BINARY"),
        ("libpython3.so", "libpython3.so", "BINARY"),  # loaded by name: nobody imports it
    ]
    kept = bundle.drop_binaries(binaries, ("platformthemes/theme.so",), lambda f: {(n, n) for n in closure[f]})
    assert [dest for dest, _src, _kind in kept] == [
        "PySide6/plugins/platforms/qxcb.so", "libglib-2.0.so.0", "libpython3.so",
    ]  # fmt: skip


@pytest.mark.slow
def test_windows_build_has_its_icon_and_version_resource(specs):
    (_args, exe), (_args, cli) = specs["win32"]["EXE"]
    assert (exe["name"], exe["console"], cli["name"], cli["console"]) == ("cxdesigner", False, "cxdesigner-cli", True)
    assert cli["icon"] == exe["icon"] and cli["version"] == exe["version"]
    assert len(specs["linux"]["EXE"]) == 1 and specs["linux"]["EXE"][0][1]["icon"] is None
    with Image.open(exe["icon"]) as ico:
        assert ico.format == "ICO"
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    text = Path(exe["version"]).read_text(encoding="utf-8")
    assert f"StringStruct('ProductVersion', '{cxdesigner.__version__}')" in text
    assert "StringStruct('OriginalFilename', 'cxdesigner.exe')" in text
    assert f"filevers={bundle.version_tuple()}" in text
    # PyInstaller evaluates the file as calls of its version classes (their module needs Windows' pefile).
    made: dict[str, list] = {}
    kinds = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct", "VarFileInfo",
             "VarStruct")  # fmt: skip
    names = {k: (lambda kind: lambda *a, **kw: made.setdefault(kind, []).append((a, kw)))(k) for k in kinds}
    eval(text, {"__builtins__": {}}, names)
    (_a, ffi), = made["FixedFileInfo"]
    assert ffi["filevers"] == ffi["prodvers"] == bundle.version_tuple()
    assert {a[0]: a[1] for a, _kw in made["StringStruct"]}["FileVersion"] == cxdesigner.__version__
    assert "BUNDLE" not in specs["win32"]


@pytest.mark.slow
def test_macos_build_owns_the_cxd_document_type(specs):
    (_args, app) = specs["darwin"]["BUNDLE"][0]
    assert app["bundle_identifier"] == desktop.APP_ID
    assert app["version"] == cxdesigner.__version__
    with Image.open(app["icon"]) as icns:
        assert icns.format == "ICNS"
        assert (512, 512) in icns.info["sizes"] or (512, 512, 2) in icns.info["sizes"]
    plist = plistlib.loads(plistlib.dumps(app["info_plist"]))  # PyInstaller writes it with plistlib too
    (doc,) = plist["CFBundleDocumentTypes"]
    (uti,) = plist["UTExportedTypeDeclarations"]
    assert doc["LSItemContentTypes"] == [uti["UTTypeIdentifier"]]
    assert doc["CFBundleTypeRole"] == "Editor" and doc["LSHandlerRank"] == "Owner"
    assert uti["UTTypeTagSpecification"]["public.filename-extension"] == ["cxd"]
    assert uti["UTTypeTagSpecification"]["public.mime-type"] == [desktop.MIME_TYPE]
    # The document icon the plist names is in the app's resources.
    (_a, analysis) = specs["darwin"]["Analysis"][0]
    assert (f"{Path(analysis['datas'][-1][0]).parent}/{doc['CFBundleTypeIconFile']}", ".") in analysis["datas"]
    assert "cxdesigner-project.icns" not in str(specs["linux"]["Analysis"][0][1]["datas"])


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built once as a release is: `python -m build` (without a fresh build environment: offline)."""
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return next(out.glob("cxdesigner-*.whl"))


@pytest.mark.slow
def test_wheel_holds_everything_read_at_run_time(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    resources = ROOT / "resources"
    for path in resources.rglob("*"):
        if path.is_file() and path.suffix != ".po" and path.suffix != ".mo":
            assert f"cxdesigner/_resources/{path.relative_to(resources).as_posix()}" in names
    for po in (resources / "translations").glob("*.po"):
        assert f"cxdesigner/_resources/translations/{po.stem}.mo" in names
    assert _guide_files("cxdesigner/_resources/guide") <= names
    code = {p.relative_to(ROOT).as_posix() for p in (ROOT / "cxdesigner").rglob("*.py")}
    assert code <= names
    assert not [n for n in names if n.endswith(".po") or n.startswith(("tests/", "packaging/", "tools/"))]


@pytest.mark.slow
def test_wheel_installed_alone_runs_the_command_line_and_the_app(wheel, tmp_path):
    """As pipx does: a venv of its own with the wheel in it; the dependencies come from ours (no network)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    # Without PYTHONPATH: a source checkout on it (and its egg-info) would count as installed already.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0 and (venv / "bin" / "cxdesigner").exists(), proc.stdout + proc.stderr
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, env=env, check=True).stdout.strip())  # fmt: skip
    # Our dependencies, appended after the venv's own packages: the installed wheel wins over the source.
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    env.update(QT_QPA_PLATFORM="offscreen", CXDESIGNER_DATA_DIR=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))  # fmt: skip

    def run(*args: str, QUIT: str = "") -> str:  # noqa: N803
        extra = {"CXDESIGNER_QUIT_AFTER_START": QUIT} if QUIT else {}
        proc = subprocess.run([str(venv / "bin" / "cxdesigner"), *args], capture_output=True, text=True,
                              env={**env, **extra}, cwd=tmp_path, timeout=120)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    assert run("--version").strip() == f"cxdesigner {cxdesigner.__version__}"
    run("new", "hotel.cxd", "--template", "hotel", "--lang", "es")
    run("export", "hotel.cxd", "--format", "png", "--dpi", "40", "-o", "map.png")
    assert (tmp_path / "map.png").read_bytes().startswith(b"\x89PNG")
    # The window comes up with its icon: the SVG ships in the wheel and Qt reads it from there.
    started = run("hotel.cxd", QUIT="1")
    assert "window 'Estancia en un hotel — hotel.cxd — CX Designer', icon yes" in started
    code = (
        "import cxdesigner, cxdesigner.resources as r, cxdesigner.i18n as i; print(cxdesigner.__file__);"
        " print(r.resource_root()); print(i.catalogue_dir()); print(i.translation('es').gettext('&File'))"
    )
    proc = subprocess.run([str(python), "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert proc.returncode == 0, proc.stderr
    module, root, catalogues, menu = proc.stdout.splitlines()
    assert all(p.startswith(str(site)) for p in (module, root, catalogues)), proc.stdout
    # The compiled catalogue loads as it is, with no fallback to compiling a .po.
    assert menu == "&Archivo" and "translation" not in proc.stderr
    # Help ▸ User Guide and the room's phone page read the installed copies, whole: every page's links resolve.
    code = "import cxdesigner.resources as r; print(r.guide_root()); print(r.resource_path('room', 'index.html'))"
    proc = subprocess.run([str(python), "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert proc.returncode == 0, proc.stderr
    guide, phone = (Path(line) for line in proc.stdout.splitlines())
    assert str(guide).startswith(str(site)) and phone.is_relative_to(site) and phone.is_file(), proc.stdout
    pages = sorted(guide.rglob("*.md"))
    assert {p.relative_to(guide).as_posix() for p in pages} >= {"README.md", "es/inicio-rapido.md"}
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)", page.read_text(encoding="utf-8")):
            if "://" not in target:
                assert (page.parent / target).is_file(), f"{page.relative_to(guide)} links {target}, not in the wheel"
