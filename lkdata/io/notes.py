"""The analyst's notes file of a period (``data/raw/notes/<period>.md``)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["read_notes"]


def read_notes(path: Path) -> str | None:
    """The text of the notes file, or ``None`` when the office wrote none (the report then shows placeholders)."""
    path = Path(path)
    return path.read_text(encoding="utf-8-sig") if path.is_file() else None
