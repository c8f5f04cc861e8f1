"""The interface language on Qt's side: Qt's own strings (OK, Cancel, Save, key names).

Our strings come from the gettext catalogue (``cxdesigner.i18n``); Qt's standard dialogs and buttons
are translated by the ``qtbase_<lang>`` catalogue that ships with Qt, key names by ours (``KeyNames``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

from . import i18n
from .i18n import NP_

# The translators of Qt's own strings, kept referenced here: Qt does not own installed translators.
_installed: list[QTranslator] = []

KEY_CONTEXT = "key name"
# Qt names keys in menus, tooltips and QKeySequence.toString(NativeText) through its "QShortcut" strings,
# and its Spanish catalogue writes "Control+Mayúsculas+N", "Suprimir", "Retorno", while our texts, the guide
# and Spanish desktop software (LibreOffice, GNOME, Windows) write "Ctrl+Mayús+N", "Supr", "Intro". These
# names come from our catalogue instead, so every place that shows a key spells it one way per language.
# Keys: Qt's source names; values: ours. English writes them as GNOME does and as our texts and guide
# already did ("Enter", "Delete", "Page Down"), where Qt's English said "Return", "Del", "PgDown".
# QKeySequence(str) reads these names too, before Qt's: "Enter" is then Return; the keypad's Enter is
# written QKeySequence.fromString("Enter", PortableText).
KEY_NAMES: dict[str, str] = {
    "Ctrl": NP_("key name", "Ctrl"),
    "Shift": NP_("key name", "Shift"),
    "Alt": NP_("key name", "Alt"),
    "Return": NP_("key name", "Enter"),
    "Enter": NP_("key name", "Enter"),
    "Esc": NP_("key name", "Esc"),
    "Tab": NP_("key name", "Tab"),
    "Backspace": NP_("key name", "Backspace"),
    "Del": NP_("key name", "Delete"),
    "Ins": NP_("key name", "Insert"),
    "Home": NP_("key name", "Home"),
    "End": NP_("key name", "End"),
    "PgUp": NP_("key name", "Page Up"),
    "PgDown": NP_("key name", "Page Down"),
    "Left": NP_("key name", "Left"),
    "Right": NP_("key name", "Right"),
    "Up": NP_("key name", "Up"),
    "Down": NP_("key name", "Down"),
    "Space": NP_("key name", "Space"),
    "Menu": NP_("key name", "Menu"),
    "Print": NP_("key name", "Print"),
}


class KeyNames(QTranslator):
    """Qt's key names from our catalogue (see KEY_NAMES); every other string is left to Qt's catalogue."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Read from Qt's threads too: a plain dict of the language's names, built once per language.
        self._names = {qt: i18n.pgettext(KEY_CONTEXT, ours) for qt, ours in KEY_NAMES.items()}

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        # None, not "": Qt asks the next translator only when this one gives a null string.
        return self._names.get(source) if context == "QShortcut" else None

    def isEmpty(self) -> bool:
        return False



def system_language() -> str:
    """The language of the user's system as Qt sees it (it reads Windows' and macOS' settings too)."""
    return i18n.supported(QLocale.system().name())


def apply(lang: str) -> str:
    """Make ``lang`` the interface language for our strings and Qt's own; returns the code in use.

    QLocale's default stays the system's: it says how the user's spreadsheets write decimals.
    """
    code = i18n.set_language(lang)
    app = QCoreApplication.instance()
    if app is None:
        return code
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if code != i18n.SOURCE_LANGUAGE:
        qt = QTranslator(app)
        if qt.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            _installed.append(qt)
    # Installed last, so asked first: it names the keys, Qt's catalogue the rest. English too (Return → Enter).
    keys = KeyNames(app)
    app.installTranslator(keys)
    _installed.append(keys)
    return code
