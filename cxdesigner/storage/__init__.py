"""The .cxd file: schema, migrations, safe opening, the working copy and atomic publishing."""

from .errors import (
    DamagedFileError,
    DiskFullError,
    FileIOError,
    FileLockedError,
    InvalidFileError,
    NewerFormatError,
    NotAProjectError,
    ReadOnlyError,
    StorageError,
    UnsafeFileError,
)
from .schema import APPLICATION_ID, FORMAT_VERSION
from .session import ExternalChangeError, WorkingCopy, data_dir, orphaned_sessions

__all__ = [
    "APPLICATION_ID",
    "FORMAT_VERSION",
    "DamagedFileError",
    "DiskFullError",
    "ExternalChangeError",
    "FileIOError",
    "FileLockedError",
    "InvalidFileError",
    "NewerFormatError",
    "NotAProjectError",
    "ReadOnlyError",
    "StorageError",
    "UnsafeFileError",
    "WorkingCopy",
    "data_dir",
    "orphaned_sessions",
]
