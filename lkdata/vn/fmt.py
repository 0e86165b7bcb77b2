"""Numbers, money, dates and change phrases written the Vietnamese way, for report narrative.

Number formats come from Babel's ``vi`` locale (``1.234,5``); the phrases are the ones Vietnamese
administrative reports use. Every document rounds one way, half up (``156,25`` -> ``156,3``), through
:func:`round_half_up`, and shows a figure with one rule, :func:`figure_decimals` (``600`` ha, ``768,6`` ha):
the same value prints the same in a report, a brief, a table and a chart.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal

from babel.numbers import format_decimal

__all__ = [
    "figure_decimals",
    "fmt_change",
    "fmt_count",
    "fmt_date",
    "fmt_date_long",
    "fmt_figure",
    "fmt_list",
    "fmt_money",
    "fmt_number",
    "fmt_percent",
    "fmt_stamp",
    "in_sentence",
    "round_half_up",
]

#: Decimal places kept before rounding: what a sum of floats adds below them is noise (76,05 summed as
#: 76,04999999999998 is 76,05).
_NOISE = Decimal("1e-9")
_CONTEXT = Context(prec=60)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) in ("<NA>", "NaT")


def in_sentence(label: str) -> str:
    """A label inside a sentence: first letter in lower case unless the word is an abbreviation (HTX)."""
    first = label.split(" ", 1)[0]
    return label if first.isupper() else label[:1].lower() + label[1:]


def fmt_list(parts, *, last: str = "và", sep: str | None = None) -> str:
    """``a, b và c``; ``a; b và c`` when an item holds a comma itself (``hội chợ, triển lãm``), so that the
    reader sees where each item ends; ``""`` for none (empty items are left out). ``last=","`` joins every
    item alike (``a, b``); ``sep`` fixes the separator (``"; "`` between clauses)."""
    parts = [p for p in parts if p]
    if not parts:
        return ""
    sep = sep or ("; " if any("," in p for p in parts) else ", ")
    if len(parts) == 1:
        return parts[0]
    if last in (",", ";"):
        return sep.join(parts)
    return f"{sep.join(parts[:-1])} {last} {parts[-1]}"


def round_half_up(value: float | int | Decimal, decimals: int = 0) -> Decimal:
    """``value`` rounded to ``decimals`` places, half away from zero (``156.25`` -> ``156.3``, ``2.5`` -> ``3``),
    after dropping the noise a sum of binary floats leaves below the ninth decimal place.

    The one rounding rule of every document: Python's ``round`` and Babel round half to even and see
    ``156.25`` as it is stored, which prints ``156,2`` in one place and ``156,3`` in another.
    """
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    clean = exact.quantize(_NOISE, rounding=ROUND_HALF_EVEN, context=_CONTEXT)
    return clean.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP, context=_CONTEXT)


def fmt_number(value: float | int | None, decimals: int = 0) -> str:
    """``1234.5`` -> ``1.234,5`` (``decimals`` places, rounded half up: see :func:`round_half_up`)."""
    if _missing(value):
        return "-"
    v = float(value)
    if not math.isfinite(v):  # no clean stores one; a table edited elsewhere might: said, never a crash
        return "không xác định"
    if abs(v) >= 1e21:  # beyond what Babel's decimals format (and beyond any figure of a ward)
        mantissa, power = f"{v:.2e}".split("e")
        return f"{mantissa.replace('.', ',')} × 10^{int(power)}"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    rounded = round_half_up(value, decimals)
    return format_decimal(rounded if rounded else rounded.copy_abs(), format=pattern, locale="vi")  # no "-0"


def fmt_count(value: float | int | None, *, two_digits: bool = False) -> str:
    """A count (classes, households, events: never an area, an amount or a percentage): ``3``, ``1.234``;
    with ``two_digits`` a whole count under ten takes a leading zero, as many offices write it (``03``),
    and as the plan itself writes ``06 tháng``. A count that is not whole is written as a figure."""
    if _missing(value) or not math.isfinite(float(value)):
        return fmt_number(value)
    whole = float(value) == int(float(value))
    if not whole:
        return fmt_figure(value)
    if two_digits and 0 < float(value) < 10:
        return f"{int(float(value)):02d}"
    return fmt_number(value)


def figure_decimals(value: float | int | None) -> int:
    """How many decimals a figure shows, in every document: one (``768,6``), none when it rounds to a whole
    number (``600``, ``8``)."""
    if _missing(value) or not math.isfinite(float(value)) or abs(float(value)) >= 1e21:
        return 0
    return 0 if round_half_up(value, 1) == round_half_up(value, 0) else 1


def fmt_figure(value: float | int | None) -> str:
    """A figure as every document writes it: ``768,6``, ``600``, ``1.234`` (see :func:`figure_decimals`)."""
    return fmt_number(value, figure_decimals(value))


def fmt_percent(value: float | None, decimals: int = 1) -> str:
    """``25`` -> ``25,0%`` (the value is already in percent)."""
    return "-" if _missing(value) else f"{fmt_number(value, decimals)}%"


def fmt_money(vnd: float | int | None) -> str:
    """Amounts as reports write them: ``1,5 tỷ đồng``, ``200 triệu đồng``, ``850.000 đồng``."""
    if _missing(vnd):
        return "-"
    if not math.isfinite(float(vnd)) or abs(float(vnd)) >= 1e21:
        return f"{fmt_number(float(vnd))} đồng"
    v = Decimal(repr(float(vnd)))
    if abs(v) >= Decimal("1e9"):
        return f"{format_decimal(round_half_up(v / Decimal('1e9'), 2), format='#,##0.##', locale='vi')} tỷ đồng"
    if abs(v) >= Decimal("1e6"):
        return f"{format_decimal(round_half_up(v / Decimal('1e6'), 1), format='#,##0.#', locale='vi')} triệu đồng"
    return f"{fmt_number(v)} đồng"


def fmt_date(day: dt.date) -> str:
    """``02/4/2026``: leading zero for days under 10 and for months 1 and 2 (Decree 30/2020); ``-`` for none."""
    if _missing(day):
        return "-"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def fmt_stamp(stamp: object) -> str:
    """An ISO time stamp (a manifest's ``created``) as the office reads it, on the office's clock:
    ``01/12/2026 04:37``; ``?`` when there is none or it does not read."""
    try:
        t = dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        return "?"
    t = t.astimezone() if t.tzinfo else t
    return f"{fmt_date(t.date())} {t:%H:%M}"


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
    amount = fmt_money(abs(diff)) if unit == "đồng" else fmt_figure(abs(diff))
    suffix = f" {unit}" if unit and unit != "đồng" else ""
    return f"{word} {amount}{suffix} so với cùng kỳ"
