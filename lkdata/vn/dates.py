"""Dates as Vietnamese offices write them: day first, in figures or in words.

Besides ``15/3/2025``, ``2/4/26``, ISO and ``ngày 02 tháng 4 năm 2026``, the forms of CLDR's
Vietnamese calendar (Babel's ``vi`` locale) are read: ``29 tháng 10, 2020`` (long), ``29 thg 10, 2020``
(medium), ``Thứ Năm, 29 tháng 10, 2020`` (full), and a weekday before any form (``Thứ 5, 29/10/2020``,
``T5 29/10/2020``, ``Chủ nhật ngày 1 tháng 11 năm 2020``). The weekday's and the months' names come
from CLDR, so every way CLDR writes them is known.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache

from .text import fold

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "NO_END_YEAR",
    "date_parts",
    "month_year",
    "says_no_end",
    "valid_date",
    "weekday_written",
    "year_only",
]

#: The years a typed date may have; anything outside is no date anyone means (plausibility rules,
#: per field, flag the unlikely ones inside this range).
FIRST_YEAR, LAST_YEAR = 1900, 2100
#: The year that registries and Excel templates write for "no end" (``31/12/9999``, Excel's last day).
NO_END_YEAR = 9999

_DMY_RE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
#: Year first: ISO (``2020-10-29``) and the same with slashes or dots (``2020/10/29``, ``2020.10.29``), as
#: databases, Japanese-style and some Excel locales export dates; no country writes year, day, month.
_ISO_RE = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?$")
_WORDS_RE = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})$")
#: A weekday before the date, as its own words (``Thứ Năm``, ``Thứ 5``, ``T5``, ``CN``), then the date.
_WEEKDAY_RE = re.compile(
    r"^(?P<wd>(?:[^\W\d_]+\.?\s*){1,2}(?:\d(?!\d))?)\s*[,\-–:]?\s*(?P<rest>(?:ngày\s+)?\d.*)$", re.I
)
_NGAY_RE = re.compile(r"^ng[àa]y\s*(?=\d)", re.I)  # "ngày 29/10/2020"
#: A time of day written after or before the date, as news pages, NetBeans and form exports write it:
#: ``15/3/2025 10:14``, ``16/09/2019 10:14 AM (GMT+7)``, ``17 thg 10, 2024, 15:33:30``, ``14:13, 4 thg 3, 2019``.
_TIME = r"\d{1,2}(?::\d{2}(?::\d{2})?|h\d{2})(?:\s*(?:[ap]\.?m\.?|sa|ch))?"
_TIME_TAIL_RE = re.compile(
    rf"[\s,\-–|]+{_TIME}(?:\s*\(?\s*(?:gmt|utc)\s*[+\-−]\s*\d{{1,2}}(?::?\d{{2}})?\s*\)?)?$", re.I
)
_TIME_HEAD_RE = re.compile(rf"^{_TIME}\s*(?:[,\-–|]\s*|\s+)", re.I)
_YEAR_RE = re.compile(r"^(?:nam\s*)?(\d{4})$")
#: What an end date's cell says when the thing has no end (a certificate, a contract): folded.
_NO_END = frozenset({
    "khong thoi han", "vo thoi han", "khong co thoi han", "khong xac dinh thoi han", "vo han", "lau dai",
    "vinh vien", "khong han",
})  # fmt: skip
_MONTH_YEAR_RE = re.compile(r"^(?:(?:thang|thg|t)\s*)?(\d{1,2})\s*(?:nam\s*)?(\d{4})$")


@cache
def _cldr() -> tuple[dict[str, int], re.Pattern]:
    """Weekday names (folded, without spaces) -> weekday (0 = Monday), and the long and medium forms
    (``d MMMM, y``, ``d MMM, y``) as a pattern over folded text, from Babel's ``vi`` locale."""
    from babel import Locale

    vi = Locale("vi")
    days = {fold(name).replace(" ", ""): i for ctx in vi.days.values() for width in ctx.values()
            for i, name in width.items()}  # fmt: skip
    words = {fold(name).rsplit(" ", 1)[0] for ctx in vi.months.values() for width in ctx.values()
             for name in width.values() if " " in name}  # fmt: skip
    month = "|".join(sorted(words, key=len, reverse=True))  # "thang", "thg"
    long = re.compile(rf"^(?:ngay )?(\d{{1,2}}) (?:{month}) (\d{{1,2}}) (?:nam )?(\d{{4}})$")
    return days, long


@lru_cache(maxsize=50_000)
def _weekday_split(text: str) -> tuple[int | None, str]:
    """The weekday written before a date, and the rest (``Thứ 5, 29/10/2020`` -> ``(3, "29/10/2020")``)."""
    m = _WEEKDAY_RE.match(text)
    if m:
        days, _ = _cldr()
        day = days.get(fold(m.group("wd")).replace(" ", ""))
        if day is not None:
            return day, m.group("rest")
    return None, text


def _without_time(text: str) -> str:
    """The text without a time of day written after or before its date (the date is what is kept)."""
    t = _TIME_HEAD_RE.sub("", _TIME_TAIL_RE.sub("", text))
    return t.rstrip(" ,-–|").strip() if t != text else text


@lru_cache(maxsize=200_000)
def date_parts(text: str) -> tuple[int, int, int] | None:
    """Year, month and day of a date written day first (``15/3/2025``, ``2/4/26``), in ISO form or in words
    (``ngày 02 tháng 4 năm 2026``, ``29 tháng 10, 2020``), after a weekday or not, with a time of day or
    not (``24/02/2020 20:27``: the time is dropped); ``None`` for any other text. The date itself is
    not checked."""
    t = _NGAY_RE.sub("", _without_time(text.strip().rstrip(".").strip()))
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
    f = fold(t)
    m = _WORDS_RE.match(f) or _cldr()[1].match(f)
    if m:
        d, mo, y = (int(g) for g in m.groups())
        return y, mo, d
    day, rest = _weekday_split(t)
    return date_parts(rest) if day is not None else None


def weekday_written(text: str) -> int | None:
    """The weekday written before a date (0 = Monday), or ``None`` (``Thứ Năm, 29 tháng 10, 2020`` -> 3)."""
    return _weekday_split(text.strip())[0]


def month_year(text: str) -> tuple[int, int] | None:
    """Year and month of a text that gives only those (``10/2020``, ``tháng 10/2020``, ``T10-2020``)."""
    m = _MONTH_YEAR_RE.match(fold(_without_time(text.strip())))
    if m and 1 <= int(m.group(1)) <= 12:
        return int(m.group(2)), int(m.group(1))
    return None


def year_only(text: str) -> int | None:
    """The year of a text that gives a year and nothing else (``1998``, ``năm 1998``)."""
    m = _YEAR_RE.match(fold(text.strip().rstrip(".")))
    return int(m.group(1)) if m else None


def says_no_end(text: str) -> bool:
    """Whether an end date's cell says there is no end (``Không thời hạn``, ``Vô thời hạn``, ``Lâu dài``)."""
    return " ".join(fold(text).replace("-", " ").split()).strip(" .") in _NO_END


def valid_date(y: int, m: int, d: int) -> dt.date | None:
    """The date, or ``None`` when it does not exist or its year lies outside 1900-2100."""
    try:
        return dt.date(y, m, d) if FIRST_YEAR <= y <= LAST_YEAR else None
    except ValueError:
        return None
