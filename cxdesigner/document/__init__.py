"""The open project: model + working copy + Qt-free commands with do and undo."""

from . import commands
from .document import CommandStack, Document, ReadOnlyCause, net_changes
from .selection import Selection

__all__ = ["CommandStack", "Document", "ReadOnlyCause", "Selection", "commands", "net_changes"]
