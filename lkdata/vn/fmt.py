"""Numbers, money, dates and change phrases written the Vietnamese way, for report narrative.

Number formats come from Babel's ``vi`` locale (``1.234,5``); the phrases are the ones Vietnamese
administrative reports use.
"""

from __future__ import annotations

import datetime as dt
import math

from babel.numbers import format_decimal

__all__ = ["fmt_change", "fmt_date", "fmt_date_long", "fmt_money", "fmt_number", "fmt_percent", "in_sentence"]


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) in ("<NA>", "NaT")


def in_sentence(label: str) -> str:
    """A label inside a sentence: first letter in lower case unless the word is an abbreviation (HTX)."""
    first = label.split(" ", 1)[0]
    return label if first.isupper() else label[:1].lower() + label[1:]


def fmt_number(value: float | int | None, decimals: int = 0) -> str:
    """``1234.5`` -> ``1.234,5`` (``decimals`` places; whole numbers without decimals)."""
    if _missing(value):
        return "-"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(round(float(value), decimals), format=pattern, locale="vi")


def fmt_percent(value: float | None, decimals: int = 1) -> str:
    """``25`` -> ``25,0%`` (the value is already in percent)."""
    return "-" if _missing(value) else f"{fmt_number(value, decimals)}%"


def fmt_money(vnd: float | int | None) -> str:
    """Amounts as reports write them: ``1,5 tỷ đồng``, ``200 triệu đồng``, ``850.000 đồng``."""
    if _missing(vnd):
        return "-"
    v = float(vnd)
    if abs(v) >= 1e9:
        return f"{format_decimal(round(v / 1e9, 2), format='#,##0.##', locale='vi')} tỷ đồng"
    if abs(v) >= 1e6:
        return f"{format_decimal(round(v / 1e6, 1), format='#,##0.#', locale='vi')} triệu đồng"
    return f"{fmt_number(v)} đồng"


def fmt_date(day: dt.date) -> str:
    """``02/4/2026``: leading zero for days under 10 and for months 1 and 2 (Decree 30/2020)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def fmt_date_long(day: dt.date) -> str:
    """``ngày 02 tháng 4 năm 2026``."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def fmt_change(value: float | None, previous: float | None, unit: str = "", *, percent: bool = True) -> str:
    """How a figure compares with the same period last year.

    ``tăng 25,0% so với cùng kỳ``, ``giảm 3 HTX so với cùng kỳ``, ``bằng cùng kỳ``; when last year had
    nothing: ``cùng kỳ chưa phát sinh``; when neither year had anything: ``chưa phát sinh``; when last
    year's figure is unknown (missing): ``chưa có số liệu cùng kỳ``, never a comparison.
    """
    if _missing(value):
        return "chưa có số liệu"
    value = float(value)
    if _missing(previous):
        return "chưa có số liệu cùng kỳ"
    if float(previous) == 0:
        return "chưa phát sinh" if value == 0 else "cùng kỳ chưa phát sinh"
    previous = float(previous)
    diff = value - previous
    if diff == 0:
        return "bằng cùng kỳ"
    word = "tăng" if diff > 0 else "giảm"
    if percent:
        return f"{word} {fmt_percent(abs(diff) / previous * 100)} so với cùng kỳ"
    amount = fmt_money(abs(diff)) if unit == "đồng" else f"{fmt_number(abs(diff), 1 if abs(diff) % 1 else 0)}"
    suffix = f" {unit}" if unit and unit != "đồng" else ""
    return f"{word} {amount}{suffix} so với cùng kỳ"
