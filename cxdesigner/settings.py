"""Every user setting declared once (key, type, default, meaning) over QSettings."""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    doc: str
    # The whole numbers the app can use, both ends included: one outside them (a settings file edited
    # by hand or copied from elsewhere) reads as the default instead of overflowing a Qt call.
    bounds: tuple[int, int] | None = None
    # A list's most items and most characters an item: the app never writes more. Items past the count
    # are ignored; one longer, or with a control character, reads as empty (keeping the others' places).
    items: tuple[int, int] | None = None
    keep_empty: bool = True  # False: an empty item is left out of the list


SETTINGS = {
    s.key: s
    for s in (
        Setting("window/geometry", QByteArray, QByteArray(), "main window geometry"),
        Setting("window/state", QByteArray, QByteArray(), "dock and toolbar layout"),
        Setting("files/recent", list, [], "recently opened project files, newest first", items=(10, 4096),
                keep_empty=False),
        Setting("files/last_folder", str, "", "folder of the last open or save dialog"),
        Setting("ui/language", str, "", "interface language (en or es); empty follows the system"),
        Setting(
            "backups/interval_minutes", int, 30, "minutes between automatic backups of the working copy", (0, 240)
        ),
        Setting("analysis/crosshair", str, "mean", "importance–satisfaction crosshair: mean or midpoint"),
        Setting("export/format", str, "", "format of the last map export (png, svg, pdf); empty: PNG"),
        Setting("export/folder", str, "", "folder of the last export; empty: the project's folder"),
        Setting("export/dpi", int, 150, "default resolution of PNG exports, in dots per inch", (72, 600)),
        Setting(
            "ui/emotion_labels", list, [], "names of the emotion scale −3..+3 (seven); empty: the built-in ones",
            items=(7, 40),  # the Preferences' fields take 40 characters
        ),
        Setting("workshop/screen", str, "", "screen the presentation goes to (its name); empty picks another screen"),
    )
}

MAX_RECENT = SETTINGS["files/recent"].items[0]  # type: ignore[index]


def _store() -> QSettings:
    if not _checked:
        _checked.append(_strange_file())
    strange = _checked[0]
    return QSettings() if strange is None else _stand_in(*strange)


_checked: list[tuple[str, int] | None] = []
_stand_ins: list[QSettings] = []


def _strange_file() -> tuple[str, int] | None:
    """A file QSettings would read that is a pipe, a socket or a device, with its mode; else None.

    Qt reads its INI files as soon as a QSettings is made, and a named pipe there made it wait for a
    writer for good: the window never came, nor `make run`, which asks the language first. So the
    files are looked at (without opening them) before Qt is given them. Only where they are INI files.
    """
    if sys.platform in ("win32", "darwin"):
        return None
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    org, app = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    folders = QStandardPaths.standardLocations(QStandardPaths.StandardLocation.GenericConfigLocation)
    for folder in folders:
        for name in (os.path.join(org, f"{app}.conf"), f"{org}.conf"):
            path = os.path.join(folder, name)
            try:
                mode = os.stat(path).st_mode
            except OSError:  # none there, or unreadable (Qt reads that as empty)
                continue
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # a folder reads as empty: Qt never waits on it
                return path, mode
    return None


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _stand_in(path: str, mode: int) -> QSettings:
    """Settings kept for this run only, in place of a settings file that is a pipe, a socket or a device.

    The file is left as it is; the log says what it is and what to do.
    """
    if not _stand_ins:
        kind = "a named pipe" if stat.S_ISFIFO(mode) else "not a regular file"
        log.warning("%s is %s, so settings are kept only until CX Designer quits; remove it to keep them", path, kind)
        handle, private = tempfile.mkstemp(prefix="cxdesigner-settings-", suffix=".conf")
        os.close(handle)
        atexit.register(_remove, private)
        _stand_ins.append(QSettings(private, QSettings.Format.IniFormat))
    return _stand_ins[0]


def get(key: str) -> Any:
    s = SETTINGS[key]
    value = _store().value(key, s.default)
    if s.type is list:
        if value is None:
            return []
        values = [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
        if s.items is not None:
            # 20,000 recent files (a settings file edited by hand or damaged) kept the window from opening
            # for minutes: each was a menu entry and a tile, and the start page's work grew as their square.
            most, chars = s.items
            values = [v if len(v) <= chars and v.isprintable() else "" for v in values[:most]]
        if not s.keep_empty:
            values = [v for v in values if v]
        return values
    if s.type is int:
        try:
            number = int(value)
        except (TypeError, ValueError):
            return s.default
        # 10**20 minutes between backups was an OverflowError in QTimer.start, and the main window never opened.
        return number if s.bounds is None or s.bounds[0] <= number <= s.bounds[1] else s.default
    if s.type is QByteArray:
        return value if isinstance(value, QByteArray) else s.default
    return s.type(value) if value is not None else s.default


def remove_recent(path: str) -> list[str]:
    """``path`` off the recent files (the file itself is left alone); the list left."""
    recent = [p for p in get("files/recent") if p != path]
    set_value("files/recent", recent)
    return recent


def set_value(key: str, value: Any) -> None:
    if key not in SETTINGS:
        raise KeyError(key)
    _store().setValue(key, value)


def add_recent(path: str, folder: str | None = None) -> list[str]:
    """``path`` first among the recent files (and ``folder`` as the last folder, when given)."""
    # One store for both: each QSettings writes the whole file when it goes (some 0.8 ms an open).
    store = _store()
    recent = [p for p in get("files/recent") if p != path]
    recent.insert(0, path)
    recent = recent[:MAX_RECENT]
    store.setValue("files/recent", recent)
    if folder is not None:
        store.setValue("files/last_folder", folder)
    return recent
