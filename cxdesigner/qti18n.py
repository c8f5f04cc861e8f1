"""The interface language on Qt's side: Qt's own strings (OK, Cancel, Save, key names).

Our strings come from the gettext catalogue (``cxdesigner.i18n``); Qt's standard dialogs and buttons
are translated by the ``qtbase_<lang>`` catalogue that ships with Qt.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from . import i18n

# The one translator of Qt's own strings, kept referenced here: Qt does not own installed translators.
_installed: list[QTranslator] = []


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
    return code
