"""The project's name where the window shows it: the title bar, and the file name Save As suggests."""

from __future__ import annotations

from pathlib import Path

from .. import settings
from ..dialogs.common import safe_file_name
from ..document import Document
from ..i18n import _, name_in_text

TITLE_NAME_CHARS = 80  # a name from a file can be 10,000 characters: the title bar shows the start


def shown_name(name: str, limit: int = TITLE_NAME_CHARS) -> str:
    """``name`` on one line, cut to ``limit`` characters with "…", as :func:`~cxdesigner.i18n.name_in_text` shows it
    (controls visible, isolated so it cannot reorder the file name and "CX Designer" after it)."""
    return name_in_text(name, limit)


def menu_text(text: str) -> str:
    """``text`` for a menu item that shows it as it is: Qt reads a lone "&" as the key to underline."""
    return text.replace("&", "&&")


def window_title(doc: Document | None) -> str:
    """'Clinic workshop — clinic.cxd[*] — CX Designer'; the name or the file alone when there is only one.

    ``[*]`` is where Qt shows the modified mark. A project never saved has no file; one with no
    name is "Untitled" only when there is no file name to show either.
    """
    if doc is None:
        return "CX Designer"
    parts = []
    name = shown_name(doc.project.info.name)
    if name:
        parts.append(name)
    if doc.path is not None:
        parts.append(doc.path.name)
    elif not name:
        parts.append(_("Untitled"))
    parts[-1] += "[*]"
    if doc.read_only:
        parts[-1] += " " + _("(read-only)")
    return " — ".join([*parts, "CX Designer"])


def suggested_save_path(doc: Document | None, suggested: Path | None = None) -> Path | None:
    """Where Save As starts: the file itself, else the last folder and a file named after the project."""
    if suggested is not None:
        return suggested
    if doc is not None and doc.path is not None:
        return doc.path
    last = settings.get("files/last_folder")
    folder = Path(last) if last and Path(last).is_dir() else Path.home()
    name = doc.project.info.name if doc is not None else ""
    return folder / (safe_file_name(name, _("Untitled")) + ".cxd")


__all__ = ["menu_text", "shown_name", "suggested_save_path", "window_title"]
