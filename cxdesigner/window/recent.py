"""A recent file that is gone: the same words and the same removal on the start page and in File ▸ Open Recent."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from .. import settings
from ..i18n import _, name_in_text


def is_missing(path: str) -> bool:
    """Whether the recent file ``path`` is gone (moved, renamed or deleted)."""
    try:
        return not Path(path).exists()
    except OSError:  # a name the system cannot even look up is as good as gone
        return True


def missing_text(name: str, path: str) -> str:
    """What both places say of a recent file that is gone."""
    return _("“{name}” is missing: it was moved, renamed or deleted ({path}).").format(
        name=name_in_text(name), path=name_in_text(path)
    )


def forget(path: str) -> None:
    """Take ``path`` off the recent files; the file itself (wherever it is now) is left alone."""
    settings.remove_recent(path)


def ask_to_forget(parent: QWidget | None, path: str) -> bool:
    """Tell that ``path`` is gone and offer to take it off the list (the start page's Remove from List)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setTextFormat(Qt.TextFormat.PlainText)  # a path is shown as it is
    box.setWindowTitle(_("File missing"))
    box.setText(missing_text(Path(path).name or path, path))
    remove = box.addButton(_("Remove from List"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(remove)
    box.exec()
    return box.clickedButton() is remove


__all__ = ["ask_to_forget", "forget", "is_missing", "missing_text"]
