"""Typed errors for every way a project file can be wrong or unreachable."""

from __future__ import annotations

from ..model.errors import CXError


class StorageError(CXError):
    """Reading or writing a project file failed; ``exit_code`` follows docs/cli.md."""

    exit_code = 1


class FileIOError(StorageError):
    """The file or folder cannot be read or written (permissions, missing, I/O error)."""


class DiskFullError(FileIOError):
    """The disk (or the file-size limit) is full: nothing was changed."""


class BadTargetError(FileIOError):
    """The file to write was named wrongly: no name, a folder, a device we must not replace."""

    exit_code = 2


class InvalidFileError(StorageError):
    """The file is not a project this version can open."""

    exit_code = 2


class NotAProjectError(InvalidFileError):
    """Not a CX Designer project at all (another format, another application's database)."""


class DamagedFileError(InvalidFileError):
    """A CX Designer project whose content is damaged or fails the integrity check."""


class NewerFormatError(InvalidFileError):
    """Written by a newer CX Designer whose format this version cannot read."""


class UnsafeFileError(InvalidFileError):
    """The file holds things CX Designer never writes (triggers, views, unknown tables)."""


class FileLockedError(StorageError):
    """Another running CX Designer has the file open; ``holder`` describes who, when known."""

    exit_code = 3

    def __init__(self, message: str, holder: object = None) -> None:
        super().__init__(message)
        self.holder = holder


class ReadOnlyError(StorageError):
    """The project cannot be changed now (opened read-only, or its working copy failed)."""
