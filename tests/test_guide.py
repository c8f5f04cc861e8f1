"""The user guide (docs/guide): its links and pictures resolve, the app shows it, the screenshot script feeds it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from cxdesigner import qti18n, resources
from cxdesigner.window import help as helpmenu

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "guide"
PAGES = sorted(GUIDE.rglob("*.md"))
# Markdown links and images: [text](target) and ![alt](target); web links are left to the browser.
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def _targets(page: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)  # code is not links
    return [t for t in LINK.findall(text) if not re.match(r"[a-z]+:", t)]


def test_the_app_reads_the_guide_from_docs_guide_in_a_checkout():
    assert resources.guide_root() == GUIDE
    assert helpmenu.guide_path("en") == GUIDE / "README.md"
    assert helpmenu.guide_path("es") == GUIDE / "es" / "inicio-rapido.md"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(GUIDE).as_posix())
def test_every_link_and_picture_of_a_page_is_there(page):
    targets = _targets(page)
    assert targets, f"{page.name} links nowhere"
    for target in targets:
        path = (page.parent / target.split("#")[0]).resolve()
        # The guide ships alone inside the app: it may link only to itself.
        assert path.is_relative_to(GUIDE), f"{page.name}: {target} leads out of docs/guide"
        assert path.is_file(), f"{page.name}: {target} does not exist"


def test_every_page_is_reached_from_the_first_and_every_picture_is_used():
    seen, todo = set(), [GUIDE / "README.md"]
    pictures = set()
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        for target in _targets(page):
            path = (page.parent / target.split("#")[0]).resolve()
            if path.suffix == ".md":
                todo.append(path)
            else:
                pictures.add(path)
    assert seen == {p.resolve() for p in PAGES}
    assert pictures == {p.resolve() for p in (GUIDE / "images").glob("*.png")}, "a stale or a missing screenshot"


def test_the_screenshot_script_takes_every_picture_the_guide_shows():
    script = (ROOT / "tools" / "screenshots.py").read_text(encoding="utf-8")
    taken = set(re.findall(r'shot\("([a-z-]+)"', script)) | set(re.findall(r'\("(report-[a-z]+)", ', script))
    assert taken == {p.stem for p in (GUIDE / "images").glob("*.png")}


def test_the_guide_in_the_app_follows_its_links_and_shows_its_pictures(qtbot):
    qti18n.apply("en")
    dialog = helpmenu.GuideDialog(None, "en")
    qtbot.addWidget(dialog)
    browser = dialog.browser
    picture = browser.document().resource(QTextDocument.ResourceType.ImageResource, QUrl("images/map-inspector.png"))
    assert picture is not None and not picture.isNull()
    browser.setSource(QUrl("04-analysis.md"))
    assert dialog.headings()[0] == "Reading the analysis"
    assert "Insights: what to fix first" in dialog.headings()
    browser.backward()
    assert dialog.headings()[0] == "CX Designer User Guide"


def test_the_screenshots_are_shrunk_to_the_page_width_side_by_side_in_a_table(qtbot):
    qti18n.apply("en")
    dialog = helpmenu.GuideDialog(None, "en")
    qtbot.addWidget(dialog)
    dialog.resize(700, 600)
    dialog.show()
    qtbot.waitExposed(dialog)
    browser = dialog.browser
    room = browser.viewport().width()
    (first,) = browser.image_widths()
    assert 300 < first <= room  # the map, taken at 1440 px
    browser.setSource(QUrl("05-export.md"))
    widths = browser.image_widths()
    assert len(widths) == 4 and all(w <= room for w in widths)
    assert widths[1] + widths[2] <= room  # the report's two pages, one table row
    dialog.resize(500, 600)
    qtbot.waitUntil(lambda: max(browser.image_widths()) < max(widths))
    assert max(browser.image_widths()) <= browser.viewport().width()


# A menu path the guide shows in bold, from a menu-bar name: **File ▸ Export ▸ Map (PNG, SVG, PDF)…**.
MENU_PATH = re.compile(r"\*\*([^*▸]+(?:\s▸\s[^*▸]+)+)\*\*")


def _menu_tree(menu) -> dict[str, object]:
    """Entry texts without their accelerator marks, each with its submenu's tree (or None)."""
    tree: dict[str, object] = {}
    for action in menu.actions():
        text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        if text:
            tree[text] = _menu_tree(action.menu()) if action.menu() else None
    return tree


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_menu_path_the_guide_and_readme_name_is_in_the_menus(qtbot, lang):
    """A reader follows **File ▸ Export ▸ Map…** literally: each step names an entry there (a prefix will do)."""
    from PySide6.QtWidgets import QMessageBox

    from cxdesigner.mainwindow import MainWindow

    qti18n.apply(lang)
    try:
        window = MainWindow(ui_lang=lang)
        qtbot.addWidget(window)
        window.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
        # The guide describes a window with a project open: the editor's actions join the menus then.
        assert window.new_project()
        bar = {a.text().replace("&", ""): _menu_tree(a.menu()) for a in window.menuBar().actions()}
        window.close()
    finally:
        qti18n.apply("en")
    pages = [p for p in PAGES if (p.parent.name == "es") == (lang == "es")]
    if lang == "en":
        pages.append(ROOT / "README.md")
    checked = 0
    for page in pages:
        for path in MENU_PATH.findall(page.read_text(encoding="utf-8")):
            path = " ".join(path.split())  # wrapped across lines in the Markdown
            steps = path.split(" ▸ ")
            if steps[0] not in bar:
                continue  # bold text that merely contains a ▸
            level: object = bar
            for step in steps:
                assert isinstance(level, dict), f"{page.name}: '{path}': '{step}' is past the end of a menu"
                want = step.rstrip("…").strip()
                found = [text for text in level if text.startswith(want)]
                assert found, f"{page.name}: '{path}': no '{step}' among {sorted(level)}"
                level = level[found[0]]
            checked += 1
    assert checked >= (10 if lang == "en" else 5)
