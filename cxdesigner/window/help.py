"""The Help menu: the keyboard shortcuts (read off the window's own actions), the user guide, About."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QImageReader,
    QKeySequence,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import __version__, i18n, resources
from ..i18n import N_, _
from ..storage import data_dir
from .screenfit import resize_within_screen

if TYPE_CHECKING:
    from ..mainwindow import MainWindow

SHORTCUTS_KEY = "Ctrl+/"
GUIDE_KEY = QKeySequence.StandardKey.HelpContents  # F1 on Windows and Linux, Ctrl+? on macOS


def install(window: MainWindow) -> QMenu:
    """Add Help (Keyboard Shortcuts, User Guide, About) as the menu bar's last menu."""
    menu = window._menu(window.menuBar(), N_("&Help"))
    window.act_shortcuts = window._action(N_("&Keyboard Shortcuts"), lambda: show_shortcuts(window), SHORTCUTS_KEY)
    window.act_guide = window._action(N_("User &Guide"), lambda: show_guide(window), GUIDE_KEY)
    window.act_about = window._action(N_("&About CX Designer"), lambda: show_about(window))
    window.act_about.setMenuRole(QAction.MenuRole.AboutRole)
    for act in (window.act_shortcuts, window.act_guide):
        menu.addAction(act)
    menu.addSeparator()
    menu.addAction(window.act_about)
    return menu


# The map's own keys are no actions (they depend on what is selected): listed by hand, kept in step
# with canvas/interactions.py. Each row: its name, then its keys as Qt names them; "arrows" stands for
# the four arrow keys, with the modifier before it, and "digits" for the emotion keys.
MAP_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("Add a card: choose a cell and type"), ()),
    (N_("Keep the card and type the next one below it"), ("Return",)),
    (N_("Keep the card and go to the next or previous stage"), ("Tab", "Shift+Tab")),
    (N_("Stop typing; the last card kept stays selected"), ("Esc",)),
    (N_("Select the next card that way"), ("arrows",)),
    (N_("Add the next card to the selection, to connect them"), ("Shift+arrows",)),
    (N_("Move the selected cards a stage or a lane"), ("Ctrl+arrows",)),
    (N_("Rename the card, or label the selected connection"), ("F2", "Return")),
    (N_("Set the emotion from −3 to +3; 0 clears it"), ("digits",)),
    (N_("Open the menu of the selection"), ("Menu", "Shift+F10")),
)


def map_key_rows() -> list[tuple[str, str, str]]:
    """MAP_KEYS as (name, keys as shown, keys in Qt's portable names) in the interface language."""
    native, portable = QKeySequence.SequenceFormat.NativeText, QKeySequence.SequenceFormat.PortableText
    rows = []
    for name, keys in MAP_KEYS:
        shown, found = [], []
        for key in keys:
            if key == "digits":
                shown.append("1–7, 0")
                found.append("1 2 3 4 5 6 7 0")
            elif key.endswith("arrows"):
                mods = key[: -len("arrows")]
                # The modifier as the language names it ("Mayús+"), before the arrows' signs.
                prefix = QKeySequence(mods + "A").toString(native)[:-1] if mods else ""
                shown.append(prefix + "← → ↑ ↓")
                arrows = (QKeySequence(mods + k).toString(portable) for k in ("Left", "Right", "Up", "Down"))
                found.append(" ".join(arrows))
            else:
                shown.append(QKeySequence(key).toString(native))
                found.append(QKeySequence(key).toString(portable))
        rows.append((_(name), ", ".join(shown), " ".join(found)))
    return rows


def plain(text: str) -> str:
    """A menu text as read: without the mnemonic's ampersand (a doubled one is a real "&")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def shortcut_text(action: QAction, fmt: QKeySequence.SequenceFormat = QKeySequence.SequenceFormat.NativeText) -> str:
    return ", ".join(k.toString(fmt) for k in action.shortcuts() if not k.isEmpty())


def shortcut_table(window: QWidget) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Every action of ``window`` that has a shortcut, as (menu, [(action, keys, portable keys)]) in the menus' order.

    Read from the live actions, so the list is always what the keys do now; an action that no
    menu shows (e.g. one of the map's own) is listed under "Other actions".
    """
    groups: dict[str, list[tuple[str, str, str]]] = {}

    def row(act: QAction) -> tuple[str, str, str]:
        return plain(act.text()), shortcut_text(act), shortcut_text(act, QKeySequence.SequenceFormat.PortableText)

    seen: set[QAction] = set()

    def walk(menu: QMenu, group: str) -> None:
        for act in menu.actions():
            if act.menu() is not None:
                walk(act.menu(), group)
            elif act not in seen and not act.isSeparator() and shortcut_text(act):
                seen.add(act)
                groups.setdefault(group, []).append(row(act))

    bar = window.menuBar() if hasattr(window, "menuBar") else None
    if bar is not None:
        for top in bar.actions():
            if top.menu() is not None:
                walk(top.menu(), plain(top.text()))
    # Outside the menus, an action's keys work only while a widget that holds it is shown.
    others = [
        a
        for a in window.findChildren(QAction)
        if a not in seen
        and shortcut_text(a)
        and plain(a.text())
        and any(isinstance(o, QWidget) and o.isVisible() for o in a.associatedObjects())
    ]
    for act in others:
        seen.add(act)
        groups.setdefault(_("Other actions"), []).append(row(act))
    return list(groups.items())


def _keys_match(needle: str, texts: tuple[str, ...]) -> bool:
    """Whether a search finds a row by its keys: a combination ("ctrl+l") is a whole key or its start
    up to a "+" ("ctrl+shift" finds Ctrl+Shift+Z), so Ctrl+L does not find Ctrl+Left; anything else
    is found anywhere in the keys."""
    if "+" not in needle.rstrip("+"):
        return any(needle in t.casefold() for t in texts)
    keys = {k for t in texts for k in t.casefold().replace(",", " ").split()}
    return any(k == needle or k.startswith(needle.rstrip("+") + "+") for k in keys)


class ShortcutsDialog(QDialog):
    """Help ▸ Keyboard Shortcuts: every shortcut of the window, by menu, with a search box."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setWindowTitle(_("Keyboard Shortcuts"))
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search actions or keys"))
        self.search.setClearButtonEnabled(True)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([_("Action"), _("Shortcut")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        # The map's keys first: they are what a facilitator uses all the time, and no menu shows them.
        for group, rows in [(_("On the map"), map_key_rows()), *shortcut_table(window)]:
            top = QTreeWidgetItem(self.tree, [group])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setFirstColumnSpanned(True)
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for name, keys, portable in rows:
                item = QTreeWidgetItem(top, [name, keys])
                # "Ctrl+L" finds Control+L too, whatever the language names the keys.
                item.setData(1, Qt.ItemDataRole.UserRole, portable)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, self.tree.columnWidth(0) + 24)
        self.tree.resizeColumnToContents(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self.filter)
        width = self.tree.columnWidth(0) + self.tree.columnWidth(1) + 60
        resize_within_screen(self, max(560, min(width, 900)), 640)

    def filter(self, text: str) -> None:
        """Show the actions whose name or keys contain ``text`` (any case), and the menus that hold them."""
        needle = text.casefold().strip()
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            shown = 0
            for j in range(top.childCount()):
                row = top.child(j)
                hit = not needle or needle in row.text(0).casefold() or _keys_match(
                    needle, (row.text(1), str(row.data(1, Qt.ItemDataRole.UserRole)))
                )
                row.setHidden(not hit)
                shown += hit
            top.setHidden(shown == 0)

    def visible_rows(self) -> list[tuple[str, str]]:
        rows = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            rows += [
                (top.child(j).text(0), top.child(j).text(1))
                for j in range(top.childCount())
                if not top.isHidden() and not top.child(j).isHidden()
            ]
        return rows


def guide_path(lang: str) -> Path:
    """The user guide's first page in ``lang`` (the Spanish one is a quick start), else the English one."""
    root = resources.guide_root()
    for page in (resources.GUIDE_PAGES.get(lang), resources.GUIDE_PAGES["en"]):
        if page and (root / page).is_file():
            return root / page
    raise FileNotFoundError(resources.GUIDE_PAGES["en"])


class GuideBrowser(QTextBrowser):
    """The guide's pages, with each screenshot (taken at 1440 px) shrunk to the width there is for it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sourceChanged.connect(lambda _url: self.fit_images())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_images()

    def image_widths(self) -> list[float]:
        """The width each picture of the page is shown at, in page order (what a test reads)."""
        return [fmt.width() for _start, _end, fmt in self._images()]

    def _images(self) -> list[tuple[int, int, Any]]:
        out = []
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                if fragment.charFormat().isImageFormat():
                    out.append((fragment.position(), fragment.position() + fragment.length(),
                                fragment.charFormat().toImageFormat()))
                it += 1
            block = block.next()
        return out

    def fit_images(self) -> None:
        base = self.document().baseUrl()  # the page's own file (source() stays as the link said it)
        if not base.isLocalFile():
            return  # nothing loaded yet: Qt lays out (and resizes) the empty page first
        room = self.viewport().width() - 2 * self.document().documentMargin() - 8
        cursor = QTextCursor(self.document())
        for start, end, fmt in self._images():
            path = base.resolved(QUrl(fmt.name())).toLocalFile()
            natural = QImageReader(path).size() if path else None
            if natural is None or not natural.isValid():
                continue
            cursor.setPosition(start)
            # Pictures side by side in a table share the line.
            table = cursor.currentTable()
            share = room / table.columns() - 16 if table is not None else room
            fmt.setWidth(max(1.0, min(float(natural.width()), share)))
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(fmt)


class GuideDialog(QDialog):
    """Help ▸ User Guide: docs/guide, the same Markdown the repository shows, read offline with its screenshots."""

    def __init__(self, parent: QWidget | None, lang: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("CX Designer User Guide"))
        self.browser = GuideBrowser(self)
        # Our own files, written as Markdown: a link to another page of the guide opens here (the source's
        # folder resolves it and its pictures); a web link opens in the browser.
        self.browser.setOpenExternalLinks(True)
        self.browser.setSource(QUrl.fromLocalFile(str(guide_path(lang))), QTextDocument.ResourceType.MarkdownResource)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        resize_within_screen(self, 900, 760)

    def headings(self) -> list[str]:
        """The guide's headings as shown (what a test or a table of contents reads)."""
        out = []
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0:
                out.append(block.text())
            block = block.next()
        return out


def versions() -> dict[str, str]:
    import platform  # here, not at the top: some 2 ms of every start for a line of the About box

    return {
        "CX Designer": __version__,
        "Qt": qVersion(),
        "PySide6": PySide6.__version__,
        "Python": platform.python_version(),
    }


class AboutDialog(QDialog):
    """Help ▸ About: the versions (for a bug report) and the data folder (backups, logs, templates)."""

    def __init__(self, parent: QWidget | None, open_url: Callable[[QUrl], object] = QDesktopServices.openUrl) -> None:
        super().__init__(parent)
        self.open_url = open_url
        self.setWindowTitle(_("About CX Designer"))
        title = QLabel("<b>CX Designer</b>", self)
        blurb = QLabel(_("Customer-journey maps for workshops, offline."), self)
        blurb.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        self.version_labels: dict[str, QLabel] = {}
        for name, version in versions().items():
            label = QLabel(version, self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(name, label)
            self.version_labels[name] = label
        self.folder = data_dir()
        self.folder_label = QLabel(str(self.folder), self)
        self.folder_label.setTextFormat(Qt.TextFormat.PlainText)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setWordWrap(True)
        form.addRow(_("Data folder"), self.folder_label)
        note = QLabel(_("Backups, logs and your own templates are kept there."), self)
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        self.open_button = QPushButton(_("&Open Data Folder"), self)
        self.open_button.clicked.connect(self.open_folder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        # Enter puts the box away, as in any About box; the folder opens only when asked for.
        self.open_button.setAutoDefault(False)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.setFocus()
        bottom = QHBoxLayout()
        bottom.addWidget(self.open_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addLayout(bottom)
        self.setMinimumWidth(460)

    def open_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)  # a fresh install has made nothing there yet
        self.open_url(QUrl.fromLocalFile(str(self.folder)))


def show_shortcuts(window: QWidget) -> ShortcutsDialog:
    dialog = ShortcutsDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def show_guide(window: MainWindow) -> GuideDialog:
    dialog = GuideDialog(window, getattr(window, "ui_lang", i18n.language()))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def show_about(window: QWidget) -> AboutDialog:
    dialog = AboutDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
