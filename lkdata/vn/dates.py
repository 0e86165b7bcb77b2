"""Dates as Vietnamese offices write them: day first, in figures or in words."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from .text import fold

__all__ = ["date_parts", "valid_date"]

_DMY_RE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?$")
_WORDS_RE = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})$")


@lru_cache(maxsize=200_000)
def date_parts(text: str) -> tuple[int, int, int] | None:
    """Year, month and day of a date written day first (``15/3/2025``, ``2/4/26``), in ISO form or in words
    (``ngày 02 tháng 4 năm 2026``); ``None`` for any other text. The date itself is not checked."""
    t = text.strip().rstrip(".").strip()
    m = _DMY_RE.match(t)
    if m:
        d, mo, y = (int(g) for g in m.groups())
        if len(m.group(3)) == 2:
            y += 2000 if y <= 50 else 1900
        return y, mo, d
    m = _ISO_RE.match(t.lower())
    if m:
        y, mo, d = (int(g) for g in m.groups())
        return y, mo, d
    m = _WORDS_RE.match(fold(t))
    if m:
        d, mo, y = (int(g) for g in m.groups())
        return y, mo, d
    return None


def valid_date(y: int, m: int, d: int) -> dt.date | None:
    """The date, or ``None`` when it does not exist or its year lies outside 1950-2100."""
    try:
        return dt.date(y, m, d) if 1950 <= y <= 2100 else None
    except ValueError:
        return None
