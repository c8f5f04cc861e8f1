"""CX Designer: design customer journeys as graphs of touchpoints, offline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .document import Document


def new_project(path: Any = None, template: str | None = None, lang: str = "en") -> Document:
    """Create a project; see docs/api.md."""
    from .api import new_project as _new

    return _new(path, template=template, lang=lang)


def open_project(path: Any, read_only: bool = False) -> Document:
    """Open a project file; see docs/api.md."""
    from .api import open_project as _open

    return _open(path, read_only=read_only)


__all__ = ["__version__", "new_project", "open_project"]
