"""Reporting periods: six months, a year, or an ad-hoc range; their cut-off, due date and label.

The plan (section VI) asks for a six-month report before 10 May and an annual report before
15 November: due dates come before the nominal period ends, so every period has a data cut-off,
the last day whose records count (by default the due date minus a margin from the ward profile,
never after the nominal end).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from ..errors import UsageError
from ..vn.fmt import fmt_date

__all__ = ["FIRST_YEAR", "FORMS", "LAST_YEAR", "Period", "parse_day", "parse_period"]

#: The period strings accepted, as shown in error messages.
FORMS = "2026-H1 (6 tháng đầu năm), 2026-H2 (6 tháng cuối năm), 2026 (cả năm), 2026-01-01:2026-03-31 (tùy chọn)"

#: The years a period may lie in: a period outside them is a typing slip (``9999-12-31``, ``0000``).
FIRST_YEAR, LAST_YEAR = 2000, 2100

_HALF_RE = re.compile(r"^(\d{4})-?H([12])$", re.IGNORECASE)
_YEAR_RE = re.compile(r"^(\d{4})$")
_RANGE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2})$")


def _same_day_a_year_earlier(d: dt.date) -> dt.date:
    return d.replace(year=d.year - 1, day=28) if (d.month, d.day) == (2, 29) else d.replace(year=d.year - 1)


def _month_day(year: int, text: str) -> dt.date:
    month, day = (int(x) for x in str(text).split("-"))
    return dt.date(year, month, day)


@dataclass(frozen=True)
class Period:
    """A reporting period.

    Attributes
    ----------
    key : str
        The string it was parsed from, normalised (``2026-H1``, ``2026``, ``2026-01-01:2026-03-31``).
    kind : {"H1", "H2", "year", "range"}
    start, end : date
        Nominal first and last day.
    cutoff : date
        The last day whose records count.
    due : date or None
        When the report is due (``None`` for an ad-hoc range).
    """

    key: str
    kind: str
    start: dt.date
    end: dt.date
    cutoff: dt.date
    due: dt.date | None

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def slug(self) -> str:
        """The key as a part of a file or folder name (``2026-H1``, ``2026-01-01_2026-03-31``: Windows
        file names take no ``:``)."""
        return self.key.replace(":", "_")

    @property
    def label(self) -> str:
        """The period as a report names it: ``6 tháng đầu năm 2026``, ``năm 2026``."""
        if self.kind == "H1":
            return f"6 tháng đầu năm {self.year}"
        if self.kind == "H2":
            return f"6 tháng cuối năm {self.year}"
        if self.kind == "year":
            return f"năm {self.year}"
        from ..vn.fmt import fmt_date

        return f"từ ngày {fmt_date(self.start)} đến ngày {fmt_date(self.end)}"

    @property
    def is_partial(self) -> bool:
        """True when the figures stop before the nominal end (part of the period is estimated)."""
        return self.cutoff < self.end

    def previous(self) -> Period:
        """The same period a year earlier, cut off on the same day and month."""
        start, end = _same_day_a_year_earlier(self.start), _same_day_a_year_earlier(self.end)
        key = {"H1": f"{start.year}-H1", "H2": f"{start.year}-H2", "year": f"{start.year}"}.get(
            self.kind, f"{start.isoformat()}:{end.isoformat()}"
        )
        due = _same_day_a_year_earlier(self.due) if self.due else None
        return replace(self, key=key, start=start, end=end, cutoff=_same_day_a_year_earlier(self.cutoff), due=due)

    def contains(self, day: dt.date) -> bool:
        """Whether a record dated ``day`` counts in this period (start to cut-off, inclusive)."""
        return self.start <= day <= self.cutoff


def parse_period(text: str, ward: dict, *, cutoff: dt.date | str | None = None) -> Period:
    """Parse a period string, with its due date and cut-off from the ward profile.

    Parameters
    ----------
    text : str
        ``2026-H1``, ``2026-H2``, ``2026`` or ``2026-01-01:2026-03-31``.
    ward : dict
        The ward profile (``due`` month-days, ``cutoff_margin_days``).
    cutoff : date or ISO string, optional
        Overrides the default cut-off; must lie within the period.

    Raises
    ------
    UsageError
        For a string of no accepted form, an impossible range, or a cut-off outside the period.
    """
    raw = str(text).strip()
    due_conf = ward.get("due", {})
    margin = dt.timedelta(days=int(ward.get("cutoff_margin_days", 5)))
    years = f"{FIRST_YEAR}-{LAST_YEAR}"
    if m := _HALF_RE.match(raw):
        year, half = int(m.group(1)), int(m.group(2))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise UsageError(f"Kỳ báo cáo '{raw}': năm phải trong khoảng {years}. Dạng chấp nhận: {FORMS}")
        kind = f"H{half}"
        start, end = (
            (dt.date(year, 1, 1), dt.date(year, 6, 30)) if half == 1 else (dt.date(year, 7, 1), dt.date(year, 12, 31))
        )
        due = _month_day(year, due_conf.get("semiannual" if half == 1 else "annual", "05-10" if half == 1 else "11-15"))
        key = f"{year}-H{half}"
    elif m := _YEAR_RE.match(raw):
        year = int(m.group(1))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise UsageError(f"Kỳ báo cáo '{raw}': năm phải trong khoảng {years}. Dạng chấp nhận: {FORMS}")
        kind, start, end = "year", dt.date(year, 1, 1), dt.date(year, 12, 31)
        due = _month_day(year, due_conf.get("annual", "11-15"))
        key = str(year)
    elif m := _RANGE_RE.match(raw):
        try:
            start, end = dt.date.fromisoformat(m.group(1)), dt.date.fromisoformat(m.group(2))
        except ValueError as exc:
            bad = next(t for t in (m.group(1), m.group(2)) if _iso_or_none(t) is None)
            raise UsageError(f"Kỳ báo cáo '{raw}' có ngày không hợp lệ: {bad} (không có ngày này; ghi năm-tháng-ngày, "
                             f"tháng từ 1 đến 12). Dạng chấp nhận: {FORMS}") from exc  # fmt: skip
        if not (FIRST_YEAR <= start.year <= LAST_YEAR and FIRST_YEAR <= end.year <= LAST_YEAR):
            raise UsageError(f"Kỳ báo cáo '{raw}': ngày bắt đầu và ngày kết thúc phải thuộc các năm {years}")
        if end < start:
            raise UsageError(f"Kỳ báo cáo '{raw}': ngày kết thúc trước ngày bắt đầu")
        kind, due, key = "range", None, f"{start.isoformat()}:{end.isoformat()}"
    else:
        raise UsageError(f"Kỳ báo cáo không hợp lệ: '{raw}'. Dạng chấp nhận: {FORMS}")
    default_cutoff = min(due - margin, end) if due else end
    if cutoff is None:
        cut = max(default_cutoff, start)
    else:
        cut = cutoff if isinstance(cutoff, dt.date) else _parse_cutoff(str(cutoff))
        if not start <= cut <= end:
            raise UsageError(
                f"Ngày chốt số liệu {fmt_date(cut)} nằm ngoài kỳ {key} ({fmt_date(start)} - {fmt_date(end)})"
            )
    return Period(key=key, kind=kind, start=start, end=end, cutoff=cut, due=due)


def _iso_or_none(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _parse_cutoff(text: str) -> dt.date:
    return parse_day(text, "Ngày chốt số liệu")


def parse_day(text: str, what: str) -> dt.date:
    """A date typed by the office on the command line: day first (``05/5/2026``), or ISO (``2026-05-05``).

    Raises
    ------
    UsageError
        Naming ``what`` and the text, when it is no date of the years 1900-2100.
    """
    from ..vn.dates import date_parts, valid_date

    parts = date_parts(str(text))
    day = valid_date(*parts) if parts else None
    if day is None:
        raise UsageError(f"{what} không hợp lệ: '{text}' (ghi ngày trước tháng, ví dụ 05/5/2026, hoặc 2026-05-05)")
    return day
