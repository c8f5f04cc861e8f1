"""The Spanish interface translation: complete, placeholders intact, accelerators kept, loadable."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from cxdesigner import i18n, resources

TS_PATH = Path(resources.resource_path("translations", "cxdesigner_es.ts"))
PLACEHOLDER = re.compile(r"\{\d+\}|%n|%\d+")


def _messages() -> list[tuple[str, str, ET.Element]]:
    """(context, source, message element) of every message of the .ts."""
    root = ET.parse(TS_PATH).getroot()
    out = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out.append((name, message.findtext("source") or "", message))
    return out


MESSAGES = _messages()


def _forms(message: ET.Element) -> list[str]:
    """The translated texts of a message: its numerus forms, or its one translation."""
    tr = message.find("translation")
    if tr is None:
        return []
    forms = [f.text or "" for f in tr.iter("numerusform")]
    return forms if message.get("numerus") == "yes" else [tr.text or ""]


def _accelerator(text: str) -> str | None:
    """The letter after a single '&' (``&&`` is a literal ampersand), lower-cased."""
    match = re.search(r"(?<!&)&([^&\s])", text)
    return match.group(1).lower() if match else None


def test_the_file_has_messages():
    assert len(MESSAGES) > 400


def test_every_message_is_translated():
    problems = []
    for context, source, message in MESSAGES:
        tr = message.find("translation")
        forms = _forms(message)
        if tr is None or tr.get("type") is not None:
            problems.append(f"{context}: {source!r} is {tr.get('type') if tr is not None else 'missing'}")
        elif message.get("numerus") == "yes" and len(forms) != 2:
            problems.append(f"{context}: {source!r} needs a singular and a plural form")
        elif not all(f.strip() for f in forms):
            problems.append(f"{context}: {source!r} has an empty translation")
    assert problems == []


def test_placeholders_are_kept():
    problems = []
    for context, source, message in MESSAGES:
        expected = Counter(PLACEHOLDER.findall(source))
        for form in _forms(message):
            if Counter(PLACEHOLDER.findall(form)) != expected:
                problems.append(f"{context}: {source!r} → {form!r}")
    assert problems == []


def test_accelerators_and_ellipses_are_kept():
    problems = []
    for context, source, message in MESSAGES:
        for form in _forms(message):
            if "&" in source and (form.replace("&&", "").count("&") != 1 or not _accelerator(form)):
                problems.append(f"{context}: {form!r} needs exactly one '&' before a letter")
            if source.endswith("…") and not form.endswith("…"):
                problems.append(f"{context}: {form!r} lost the trailing ellipsis")
    assert problems == []


# Menu entries shown side by side; an accelerator letter should open exactly one of them.
SIBLINGS = {
    "menu bar": ("MainWindow", ["&File", "&Edit", "&View"]),
    "File menu": (
        "MainWindow",
        [
            "&New",
            "New from &template",
            "&Open…",
            "Open &Recent",
            "&Save",
            "Save &As…",
            "&Close",
            "&Import",
            "&Export",
            "S&hare a Copy…",
            "Save Journey as &Template…",
            "&Quit",
        ],
    ),
    "File ▸ Import": (
        "MainWindow",
        [
            "&Touchpoints from CSV or Excel…",
            "&Survey answers…",
            "&Journeys from another project…",
            "&Mermaid journey…",
            "&draw.io diagram…",
        ],
    ),
    "File ▸ Export": (
        "MainWindow",
        ["&Map (PNG, SVG, PDF)…", "Workshop &report (PDF)…", "&CSV…", "&JSON…", "&GraphML…", "M&ermaid…", "&draw.io…"],
    ),
    "Edit menu (canvas actions)": (
        "JourneyEditor",
        [
            "Cu&t",
            "&Copy",
            "&Paste",
            "D&uplicate",
            "&Delete",
            "Select &all cards",
            "Co&nnect selected cards",
            "&Find cards…",
            "Auto-&arrange",
            "Add &stage…",
            "Add &lane…",
            "Zoom &in",
            "Zoom &out",
            "&Actual size",
            "&Fit journey",
        ],
    ),
    "Export map dialog": (
        "ExportMapDialog",
        [
            "&Format:",
            "The &whole journey",
            "Only the &selected cards ({0})",
            "&Resolution:",
            "&Transparent background",
            "&Paper:",
        ],
    ),
}
EDIT_MENU_UNDO = ("MainWindow", ["&Undo", "&Redo"])
EXPORT_DIALOG = ("ExportDialog", ["&Journey:", "&Language:", "C&hoose…", "&Save to:"])


def _translation(context: str, source: str) -> str:
    for ctx, src, message in MESSAGES:
        if ctx == context and src == source:
            return _forms(message)[0]
    raise AssertionError(f"{context}: {source!r} is not in the .ts")


@pytest.mark.parametrize("group", sorted(SIBLINGS))
def test_sibling_accelerators_differ(group):
    context, sources = SIBLINGS[group]
    entries = [(context, s) for s in sources]
    if group == "Edit menu (canvas actions)":
        entries += [(EDIT_MENU_UNDO[0], s) for s in EDIT_MENU_UNDO[1]]
    if group == "Export map dialog":
        entries += [(EXPORT_DIALOG[0], s) for s in EXPORT_DIALOG[1]]
    letters = Counter(_accelerator(_translation(c, s)) for c, s in entries)
    assert [k for k, n in letters.items() if n > 1] == [], f"{group}: {letters}"


def test_the_translator_gives_spanish(qapp):
    translator = i18n.TsTranslator(TS_PATH)
    qapp.installTranslator(translator)
    try:
        assert QCoreApplication.translate("MainWindow", "&File") == "&Archivo"
        assert QCoreApplication.translate("MainWindow", "&Edit") == "&Edición"
        assert QCoreApplication.translate("TouchpointTableWidget", "%n touchpoint(s)", None, 1) == "1 punto de contacto"
        assert (
            QCoreApplication.translate("TouchpointTableWidget", "%n touchpoint(s)", None, 4) == "4 puntos de contacto"
        )
    finally:
        qapp.removeTranslator(translator)


def test_module_level_dialog_strings_are_found(qapp):
    from cxdesigner.dialogs import common

    translator = i18n.TsTranslator(TS_PATH)
    qapp.installTranslator(translator)
    try:
        assert common.tr("Please wait") == "Espere, por favor"
    finally:
        qapp.removeTranslator(translator)


def test_the_delete_question_finds_its_spanish(qapp):
    from cxdesigner.canvas.delete_dialog import DeleteHeaderDialog

    translator = i18n.TsTranslator(TS_PATH)
    qapp.installTranslator(translator)
    try:
        dialog = DeleteHeaderDialog(None, "lane", "Web", 2, [])
        assert dialog.windowTitle() == "Eliminar carril"
        assert dialog.delete_button.isChecked() and not dialog.move_button.isEnabled()
        dialog.deleteLater()
    finally:
        qapp.removeTranslator(translator)
