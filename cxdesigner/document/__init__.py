"""The open project: model + working copy + Qt-free commands with do and undo."""

from . import commands
from .document import STAGE_FROM, CommandStack, Document, ReadOnlyCause, StagedStep, Stager, net_changes
from .selection import Selection

__all__ = [
    "STAGE_FROM",
    "CommandStack",
    "Document",
    "ReadOnlyCause",
    "Selection",
    "StagedStep",
    "Stager",
    "commands",
    "net_changes",
]
