"""The .cxd file: schema, migrations, safe opening, the working copy and atomic publishing."""

from .errors import (
    BadTargetError,
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
from .recovery import orphaned_sessions
from .schema import APPLICATION_ID, FORMAT_VERSION
from .session import ExternalChangeError, StaleStagingError, WorkingCopy, data_dir, log_file

__all__ = [
    "APPLICATION_ID",
    "FORMAT_VERSION",
    "BadTargetError",
    "DamagedFileError",
    "DiskFullError",
    "ExternalChangeError",
    "FileIOError",
    "FileLockedError",
    "InvalidFileError",
    "NewerFormatError",
    "NotAProjectError",
    "ReadOnlyError",
    "StaleStagingError",
    "StorageError",
    "UnsafeFileError",
    "WorkingCopy",
    "data_dir",
    "log_file",
    "orphaned_sessions",
]
