"""File ▸ Share a copy: ask where, then write a compact, checked copy with journey previews."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget

from ..document import Document
from ..i18n import _, ngettext, number, pgettext
from ..model import CXError
from .background import ExportCancelledError, run_export_job
from .common import DialogIO, WidgetIO, safe_file_name, start_folder, with_suffix


def ask_include_checkpoints(parent: QWidget | None, count: int) -> bool | None:
    """Whether the copy keeps the project's checkpoints (off unless ticked), or None to cancel."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setWindowTitle(_("Share a copy"))
    box.setText(
        ngettext(
            "The project keeps {n} checkpoint (an earlier state of its journeys). The copy leaves it out "
            "unless you tick the box.",
            "The project keeps {n} checkpoints (earlier states of its journeys). The copy leaves them out "
            "unless you tick the box.",
            count,
        ).format(n=number(count))
    )
    tick = QCheckBox(_("Include checkpoints"))
    tick.setChecked(False)
    box.setCheckBox(tick)
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    if box.exec() != QMessageBox.StandardButton.Ok:
        return None
    return tick.isChecked()


def share_copy(
    parent: QWidget | None, doc: Document, io: DialogIO | None = None, include_checkpoints: bool | None = None
) -> Path | None:
    """Ask for a file, write the shareable copy in a child process with progress and Cancel; the file, or None.

    The copy holds the project as it is now (unsaved changes included); the open project, its file
    and its "modified" state are untouched.
    """
    io = io or WidgetIO(parent, doc)
    title = _("Share a copy")
    project_word = pgettext("a file name", "project")
    stem = doc.path.stem if doc.path is not None else (doc.project.info.name or project_word)
    suggested = start_folder(doc) / (safe_file_name(_("{name} (copy)").format(name=stem), project_word) + ".cxd")
    picked = io.ask_save_path(title, suggested, [_("CX Designer projects (*.cxd)")])
    if picked is None:
        return None
    path = with_suffix(picked[0], ".cxd").absolute()
    if doc.path is not None and path == Path(doc.path).absolute():
        io.show_error(
            title,
            _("That is the project's own file. Choose another name for the copy, or use Save to update the file."),
        )
        return None
    checkpoints = len(doc.project.checkpoints())
    if include_checkpoints is None:
        include_checkpoints = ask_include_checkpoints(parent, checkpoints) if checkpoints else False
        if include_checkpoints is None:
            return None
    extra = ["--with-checkpoints"] if include_checkpoints else []
    try:
        run_export_job(
            parent, doc, lambda snapshot, out: ["export", str(snapshot), "--format", "cxd", *extra, "-o", str(out)],
            path, title, _("Writing {name}…").format(name=path.name),
        )  # fmt: skip
    except ExportCancelledError:
        return None
    except CXError as exc:
        io.show_error(_("The copy was not written"), str(exc))
        return None
    io.show_info(
        title,
        _(
            "A copy of the project was written to {path}.\n\nIt includes unsaved changes; your own file is unchanged."
        ).format(path=path),
    )
    return path


__all__ = ["ask_include_checkpoints", "share_copy"]
