"""The domain model: plain records, vocabularies and validated change sets (no Qt, no SQLite)."""

from . import limits, vocab
from .entities import (
    ENTITY_TYPES,
    Channel,
    Connection,
    Entity,
    Journey,
    Lane,
    Persona,
    ProjectInfo,
    Response,
    Stage,
    Touchpoint,
    new_id,
)
from .errors import CXError, ValidationError
from .project import KINDS, Change, Project

__all__ = [
    "ENTITY_TYPES",
    "KINDS",
    "CXError",
    "Change",
    "Channel",
    "Connection",
    "Entity",
    "Journey",
    "Lane",
    "Persona",
    "Project",
    "ProjectInfo",
    "Response",
    "Stage",
    "Touchpoint",
    "ValidationError",
    "limits",
    "new_id",
    "vocab",
]
