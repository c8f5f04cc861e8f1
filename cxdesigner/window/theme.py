"""Light and dark: the window follows the system's colour scheme, and switches at once when it changes.

Qt's own styles follow the scheme on most desktops (the palette changes, every widget repaints),
and the map and charts read the scheme themselves (canvas/style.py, charts/dock.py). What is left
here is the gap: a style that keeps a light palette under a dark scheme (or the reverse) gets a
palette of the scheme's brightness, so text never ends up dark on dark.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

_FOLLOWER = "cxdesigner-scheme-follower"


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def dark_palette() -> QPalette:
    """A dark palette with text at 4.5:1 or more on every background it is drawn on."""
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#25282c",
        QPalette.ColorRole.WindowText: "#eef1f4",
        QPalette.ColorRole.Base: "#1b1e21",
        QPalette.ColorRole.AlternateBase: "#2a2e33",
        QPalette.ColorRole.ToolTipBase: "#2f3338",
        QPalette.ColorRole.ToolTipText: "#eef1f4",
        QPalette.ColorRole.PlaceholderText: "#9aa4ae",
        QPalette.ColorRole.Text: "#eef1f4",
        QPalette.ColorRole.Button: "#30343a",
        QPalette.ColorRole.ButtonText: "#eef1f4",
        QPalette.ColorRole.BrightText: "#ff8a80",
        QPalette.ColorRole.Light: "#454a51",
        QPalette.ColorRole.Midlight: "#3a3f45",
        QPalette.ColorRole.Mid: "#2b2f34",
        QPalette.ColorRole.Dark: "#151719",
        QPalette.ColorRole.Shadow: "#000000",
        QPalette.ColorRole.Highlight: "#2f6fbf",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#7ab8ff",
        QPalette.ColorRole.LinkVisited: "#c3a6ff",
    }
    for role, colour in roles.items():
        pal.setColor(role, QColor(colour))
    disabled = QColor("#80878f")
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return pal


class SchemeFollower(QObject):
    """Keeps the application's palette as dark or light as the system's scheme says."""

    def __init__(self, app: QGuiApplication) -> None:
        super().__init__(app)
        self.setObjectName(_FOLLOWER)
        self.app = app
        self.patched = False  # whether the palette now is ours rather than the style's
        QGuiApplication.styleHints().colorSchemeChanged.connect(self.apply)
        self.apply()

    def apply(self, *_: object) -> None:
        scheme = QGuiApplication.styleHints().colorScheme()
        if scheme == Qt.ColorScheme.Unknown:
            return  # the platform does not say: whatever the style and the user chose stands
        want_dark = scheme == Qt.ColorScheme.Dark
        if self.patched:
            # Give the style back its own palette first: it may follow the new scheme by itself.
            self.app.setPalette(QPalette())
            self.patched = False
        if is_dark(QGuiApplication.palette()) != want_dark:
            self.app.setPalette(dark_palette() if want_dark else _light_palette())
            self.patched = True


def _light_palette() -> QPalette:
    from PySide6.QtWidgets import QApplication

    style = QApplication.style() if isinstance(QGuiApplication.instance(), QApplication) else None
    if style is not None:
        standard = style.standardPalette()
        if not is_dark(standard):
            return standard
    return QPalette(QColor("#efefef"))


def follow_system(app: QGuiApplication) -> SchemeFollower:
    """Make the application follow the system's colour scheme from now on (once per application)."""
    follower = app.findChild(QObject, _FOLLOWER)
    return follower if isinstance(follower, SchemeFollower) else SchemeFollower(app)


__all__ = ["SchemeFollower", "dark_palette", "follow_system", "is_dark"]
