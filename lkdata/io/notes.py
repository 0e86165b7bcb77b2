"""The analyst's notes file of a period (``data/raw/notes/<period>.md``)."""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from .office_files import read_office_text

__all__ = ["read_notes"]


def read_notes(path: Path) -> str | None:
    """The text of the notes file, or ``None`` when the office wrote none (the report then shows placeholders).

    A file saved as UTF-8 (with or without BOM), UTF-16 (Notepad's "Unicode") or cp1258 (Windows'
    Vietnamese code page) is read; the encoding is detected.

    Raises
    ------
    UsageError
        When the file cannot be read or its encoding cannot be detected: the message names it and says
        to save it again as UTF-8.
    """
    path = Path(path)
    return read_office_text(path, "tệp ghi chú", UsageError) if path.is_file() else None
