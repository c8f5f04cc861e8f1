"""The interface language: Qt Linguist .ts sources read directly, so no compiled .qm is needed."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from . import resources

LANGUAGES = {"en": "English", "es": "Español"}


class TsTranslator(QTranslator):
    """A QTranslator fed from a .ts file (the source the translators edit), finished entries only."""

    def __init__(self, path: Path, parent: QCoreApplication | None = None) -> None:
        super().__init__(parent)
        self.messages: dict[tuple[str, str, str], str] = {}
        self.plurals: dict[tuple[str, str, str], list[str]] = {}
        root = ET.parse(path).getroot()
        for context in root.iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                source = message.findtext("source") or ""
                comment = message.findtext("comment") or ""
                tr = message.find("translation")
                if tr is None or tr.get("type") in ("unfinished", "obsolete", "vanished"):
                    continue
                forms = [f.text or "" for f in tr.iter("numerusform")]
                if forms:
                    self.plurals[(name, source, comment)] = forms
                elif tr.text:
                    self.messages[(name, source, comment)] = tr.text

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        key = (context, source, disambiguation or "")
        if n >= 0 and key in self.plurals:
            forms = self.plurals[key]
            # Spanish and English: singular for exactly one, plural otherwise.
            text = forms[0] if n == 1 or len(forms) == 1 else forms[1]
            return text.replace("%n", str(n))
        text = self.messages.get(key)
        if text is None:
            return None  # a null QString: Qt falls back to the source text
        return text.replace("%n", str(n)) if n >= 0 else text

    def isEmpty(self) -> bool:
        return not self.messages and not self.plurals


class EnglishPlurals(QTranslator):
    """English needs no translation but its plurals: "%n card(s)" becomes "1 card" / "3 cards"."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        if n < 0 or "(s)" not in source:
            return None  # a null QString: Qt keeps the source text
        word = source.replace("(s)", "" if n == 1 else "s")
        return word.replace("%n", str(n))

    def isEmpty(self) -> bool:
        return False


def system_language() -> str:
    return "es" if QLocale.system().name().startswith("es") else "en"


def resolve(preference: str) -> str:
    """The language to use: $CXDESIGNER_LANG, else the setting, else the system's."""
    forced = os.environ.get("CXDESIGNER_LANG", "")
    if forced in LANGUAGES:
        return forced
    return preference if preference in LANGUAGES else system_language()


def install(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Install the translators for ``lang``; keep the returned list referenced (Qt does not own them)."""
    installed: list[QTranslator] = []
    if lang != "en":
        # Qt's own strings: OK, Cancel, Save, Discard, key names.
        qt = QTranslator(app)
        if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            installed.append(qt)
    path = resources.resource_path("translations", f"cxdesigner_{lang}.ts")
    ours: QTranslator = TsTranslator(path) if lang != "en" and path.is_file() else EnglishPlurals()
    app.installTranslator(ours)
    installed.append(ours)
    return installed
