"""The one exception hierarchy of lkdata."""

from __future__ import annotations

__all__ = [
    "FileReadError",
    "InternalError",
    "LkdataError",
    "OutputError",
    "ProcessedDataError",
    "ReferenceDataError",
    "SchemaError",
    "UsageError",
]


class LkdataError(Exception):
    """Raised when lkdata cannot do what was asked; the base of every lkdata error."""


class UsageError(LkdataError):
    """Raised when a command or function is called with arguments it cannot accept."""


class ReferenceDataError(LkdataError):
    """Raised when a reference catalogue is missing, unreadable or inconsistent."""


class FileReadError(LkdataError):
    """Raised when a raw file cannot be read at all (corrupt, empty, binary, encrypted)."""


class ProcessedDataError(LkdataError):
    """Raised when a processed table cannot be read or holds values no clean writes (edited elsewhere)."""


class SchemaError(LkdataError):
    """Raised when a sheet lacks a required column or its header row cannot be found."""


class OutputError(LkdataError):
    """Raised when an output cannot be written: a read-only folder, a full disk, no permission."""


class InternalError(LkdataError):
    """Raised when lkdata itself has a bug: never the user's input."""
