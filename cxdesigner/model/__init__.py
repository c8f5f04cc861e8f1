"""The domain model: plain records, vocabularies and validated change sets (no Qt, no SQLite)."""

from . import limits, vocab
from .entities import (
    ENTITY_TYPES,
    Channel,
    Connection,
    Entity,
    Journey,
    Lane,
    Participant,
    Persona,
    ProjectInfo,
    Response,
    Stage,
    Touchpoint,
    Vote,
    VoteSession,
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
    "Participant",
    "Persona",
    "Project",
    "ProjectInfo",
    "Response",
    "Stage",
    "Touchpoint",
    "ValidationError",
    "Vote",
    "VoteSession",
    "limits",
    "new_id",
    "vocab",
]
