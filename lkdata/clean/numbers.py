"""Parsers of numbers, counts, areas and amounts of money, vectorised over pandas Series.

Each returns a :class:`~lkdata.clean.parse.Parsed`: values, the reason a cell could not be read, and
notes on values that were read but need a look. Vietnamese sheets write ``1.234,5`` (Babel's ``vi``
locale), some write ``1,234.5``: a cell that reads one way only is read that way; one that reads
both ways (``1.200``) is decided by its unit, by the style of the other cells of its spreadsheet
column, by the plausible range of its field, or else read the Vietnamese way and noted, never
guessed silently.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..vn.columns import factorize, show
from ..vn.fmt import in_sentence
from ..vn.numbers import (
    exponent,
    is_range,
    money_amount,
    money_factor,
    number_parts,
    readings,
    scale_of,
    unit_key,
    written,
)
from ..vn.text import fold
from .parse import Parsed, _numeric_and_text

__all__ = ["ABSURD", "AMBIGUOUS", "parse_area", "parse_int", "parse_money", "parse_number", "units_of"]

#: Beyond any quantity a sheet of the ward holds (and beyond what a float keeps exactly): a typing
#: accident, set aside with a reason rather than stored (``1.000.000.000.000.000 ha``, ``1e308``).
ABSURD = 1e15

_SEPARATOR = {".": "dấu chấm", ",": "dấu phẩy"}
#: How the note on a number that reads two ways says it (the quality report finds these notes by it).
AMBIGUOUS = "là phân cách hàng nghìn hay thập phân"

#: Units of mass, to tonnes (keyed as :func:`~lkdata.vn.numbers.unit_key` writes them).
_MASS = {"tan": 1.0, "t": 1.0, "ta": 0.1, "yen": 0.01, "kg": 0.001}


def units_of(unit: str | None) -> dict[str, float] | bool:
    """The units a ``number`` field in ``unit`` accepts after a value, with their factors to it
    (``tấn/ha``: ``tạ/ha`` is 0,1); ``True`` (any word, ignored) for a field without a unit."""
    if unit == "tấn":
        return dict(_MASS)
    if unit == "tấn/ha":
        return _MASS | {f"{k}ha": v for k, v in _MASS.items()}
    return True


@dataclass(frozen=True)
class _Reading:
    """A typed number read both ways, in the field's unit: equal values when the shape reads one way
    only; ``problem`` (``unreadable``, ``unit``) when it cannot be read."""

    vi: float | None = None
    en: float | None = None
    whole: bool = False  #: a fraction makes no sense in this unit (m², đồng, counts): thousands it is
    unit: str = ""  #: the unit messages name
    problem: str | None = None  #: ``unreadable``, ``unit``, ``range``
    exponent: bool = False  #: written in exponent form (``1,5E+11``): Excel may have rounded it


_UNREADABLE = _Reading(problem="unreadable")
_RANGE = _Reading(problem="range")


def _reading(
    num: str, negative: bool, factor: float, *, whole: bool, unit: str, scale: float = 1.0, power: int | None = None
) -> _Reading:
    """Both readings of ``num`` times ``factor`` (the unit's) and ``scale`` (a word such as ``triệu``).

    A scaled number is whole whichever way it reads (``1,684 triệu``), so ``whole`` decides nothing then.
    With ``power`` (``1,5E+11``: 11) the number is a mantissa, its one separator a decimal mark.
    """
    if power is not None:
        mantissa = float(num.replace(",", "."))
        value = np.inf if power > 300 else mantissa * 10.0**power * scale * (-factor if negative else factor)
        return _Reading(value, value, unit=unit, exponent=True)
    vi, en = readings(num)
    if vi is None and en is None:
        return _UNREADABLE
    sign = -factor if negative else factor
    if scale != 1.0:
        vi, en = (None if v is None else round(v * scale, 6) for v in (vi, en))
        whole = False
    return _Reading(None if vi is None else vi * sign, None if en is None else en * sign, whole=whole, unit=unit)


def _single(g: _Reading) -> float:
    """The value of a cell that reads one way, or as a whole number; NaN otherwise."""
    if g.problem is not None:
        return np.nan
    if g.vi is None or g.en is None or g.vi == g.en:
        return g.en if g.vi is None else g.vi
    return max(g.vi, g.en, key=abs) if g.whole else np.nan


def _within(value: float, bounds: tuple[float | None, float | None] | None) -> bool:
    low, high = bounds or (None, None)
    return (low is None or value >= low) and (high is None or value <= high)


def _note(label: str, cell: str, chosen: float, other: float, unit: str, why: str) -> str:
    sep = next((c for c in cell if c in _SEPARATOR), ".")
    u = f" {unit}" if unit else ""
    said = f"đã đọc là {written(chosen)}{u}"
    said += f" vì {written(other)}{u} {why}" if why else f" (không phải {written(other)}{u})"
    return f'{label} không rõ {_SEPARATOR[sep]} {AMBIGUOUS}: "{cell}", {said}, kiểm tra lại'


def _read_numbers(raw: pd.Series, label: str, read, *, factor: float | None = 1.0, sheets: pd.DataFrame | None = None,
                  bounds: tuple[float | None, float | None] | None = None) -> Parsed:  # fmt: skip
    """Numbers of a column: numeric cells times ``factor`` (``None``: their unit is unknown, a ``unit``
    problem); text cells by ``read(text) -> _Reading``.

    A cell that reads two ways (``1.200``) takes the thousands reading where its unit has no
    fractions, else the style the other cells of its spreadsheet column show (``sheets``: the file
    and sheet of each row), else the reading inside ``bounds`` (the plausible range) when only one
    is, else the Vietnamese one; in those last two cases the row's ``notes`` say so. ``reasons``
    holds ``unreadable``/``unit``/``absurd`` codes for the caller to word.
    """
    numeric, text = _numeric_and_text(raw)
    value = np.full(len(raw), np.nan)
    problem = np.full(len(raw), None, dtype=object)
    notes = pd.Series(None, index=raw.index, dtype=object)
    is_num = numeric.to_numpy()
    if is_num.any() and factor is None:
        problem[is_num] = "unit"
    elif is_num.any():
        value[is_num] = pd.to_numeric(raw[numeric], errors="coerce").to_numpy(dtype=float) * factor
    has = text.notna().to_numpy(dtype=bool)
    if has.any():
        codes, uniques = factorize(text[has])
        got = [read(u) for u in uniques]
        value[has] = np.array([_single(g) for g in got] + [np.nan], dtype=float)[codes]
        problem[has] = np.array([g.problem for g in got] + [None], dtype=object)[codes]
        two = np.array([g.vi is not None and g.en is not None and g.vi != g.en and not g.whole for g in got] + [False])
        if two.any():  # rare: decided by the column, the plausible range, or the Vietnamese style, and noted
            evidence = np.array([(g.en is None) - (g.vi is None) if g.problem is None else 0 for g in got] + [0])
            rows = np.flatnonzero(has)
            column = np.zeros(len(rows), dtype=np.intp)
            if sheets is not None and len(sheets.columns):  # one id per file and sheet
                where = sheets.reindex(raw.index).iloc[rows]
                column = where.groupby(list(where.columns), sort=False, dropna=False).ngroup().to_numpy()
            ev = evidence[codes]
            vi_cols, en_cols = set(column[ev == 1]), set(column[ev == -1])
            for k in np.flatnonzero(two[codes]):
                g, cell, col = got[codes[k]], uniques[codes[k]], column[k]
                if (col in vi_cols) != (col in en_cols):  # the column writes one style consistently
                    value[rows[k]] = g.vi if col in vi_cols else g.en
                    continue
                chosen, other, why = g.vi, g.en, ""
                if not _within(g.vi, bounds) and _within(g.en, bounds):
                    chosen, other, why = g.en, g.vi, "vượt mức hợp lý"
                value[rows[k]] = chosen
                notes.iloc[rows[k]] = _note(label, cell, chosen, other, g.unit, why)
        expo = np.array([g.exponent for g in got] + [False])[codes] & ~np.isnan(value[has])
        for k in np.flatnonzero(expo):  # Excel shows a large number so, rounded to 6 digits: never silently
            g, cell, row = got[codes[k]], uniques[codes[k]], np.flatnonzero(has)[k]
            if abs(value[row]) < ABSURD:
                u = f" {g.unit}" if g.unit else ""
                notes.iloc[row] = (
                    f'{label} ghi dạng lũy thừa: "{cell}", đã đọc là {written(value[row])}{u}; '
                    "Excel có thể đã làm tròn số, kiểm tra lại"
                )
    absurd = np.abs(np.nan_to_num(value, nan=0.0)) >= ABSURD  # infinities too
    problem[absurd] = "absurd"
    value[absurd] = np.nan
    return Parsed(pd.Series(value, index=raw.index), pd.Series(problem, index=raw.index), notes)


def _word(p: Parsed, raw: pd.Series, label: str) -> Parsed:
    """Turn the problem codes of :func:`_read_numbers` into messages quoting the raw cell."""
    messages = {
        "unreadable": f"{label} không đọc được: {{}}",
        "unit": f"Đơn vị {in_sentence(label)} không rõ: {{}}",
        "range": f"{label} ghi một khoảng, không phải một giá trị: {{}}",
        "absurd": f"{label} quá lớn: {{}}",
    }
    reasons = pd.Series(None, index=raw.index, dtype=object)
    for code, template in messages.items():
        mask = (p.reasons == code).to_numpy()
        if mask.any():
            reasons[mask] = [template.format(show(v)) for v in raw[mask]]
    return Parsed(p.values, reasons, p.notes)


def _flag(p: Parsed, raw: pd.Series, mask, template: str) -> Parsed:
    """``template`` (quoting the raw cell) as the reason, and no value, where ``mask`` holds."""
    mask = pd.Series(np.asarray(mask, dtype=bool), index=raw.index) & p.reasons.isna()
    if not mask.any():
        return p
    reasons = p.reasons.copy()
    reasons[mask] = [template.format(show(v)) for v in raw[mask]]
    return Parsed(p.values.where(~mask), reasons, p.notes)


def _number_and_unit(t: str) -> _Reading | tuple[bool, str, float, str | None, int | None]:
    """A cell's sign, number, multiplier word, unit and power of ten (``-``, ``7,7``, 1e6, ``xã viên``, ``None``
    from ``-7,7 triệu xã viên``; ``1,5E+11 đồng``: ``1,5``, 1, ``đồng``, 11); the reading to give instead when
    there is no number, or a range (``10-30``)."""
    negative, num, typed = number_parts(t)
    if num is None:
        return _UNREADABLE
    if is_range(typed):
        return _RANGE
    power = None
    if (exp := exponent(num, typed)) is not None:
        _, power, typed = exp
    scale, typed = scale_of(typed)
    return negative, num, scale, typed, power


def parse_number(raw: pd.Series, label: str, *, whole: bool = False, units: dict[str, float] | bool = False,
                 unit: str = "", sheets: pd.DataFrame | None = None,
                 bounds: tuple[float | None, float | None] | None = None) -> Parsed:  # fmt: skip
    """A plain number, Vietnamese style (``1.234,5``) or English (``1,234.5``).

    Parameters
    ----------
    whole : bool
        Counts and the like: ``1.200`` and ``1,200`` are a thousand two hundred.
    units : dict or bool
        ``True``: any word may follow the number (``12 hộ``); a dict: the units allowed, keyed as
        :func:`~lkdata.vn.numbers.unit_key` writes them, with their factor to the field's unit
        (``{"tan": 1, "kg": 0.001}``; a bare number is in the field's unit).
    unit : str
        The field's unit, as messages name it.
    sheets, bounds
        Each row's file and sheet, and the plausible range: see :func:`_read_numbers`.
    """

    def read(t: str) -> _Reading:
        parts = _number_and_unit(t)
        if isinstance(parts, _Reading):
            return parts
        negative, num, scale, typed, power = parts
        factor = 1.0
        if typed and isinstance(units, dict):
            factor = units.get(unit_key(typed))
            if factor is None:  # "5 tấn quả", "12 tấn/năm": the first word
                factor = units.get((fold(typed).split() or [""])[0])
            if factor is None:
                return _Reading(problem="unit")
        elif typed and not units:
            return _UNREADABLE
        # kilograms keep their fractions: "2,641 kg" (seizure and harvest reports weigh to the gram)
        return _reading(num, negative, factor, whole=whole, unit=unit, scale=scale, power=power)

    p = _read_numbers(raw, label, read, sheets=sheets, bounds=bounds)
    return _word(p, raw, label)


def parse_int(raw: pd.Series, label: str, *, sheets: pd.DataFrame | None = None,
              bounds: tuple[float | None, float | None] | None = None) -> Parsed:  # fmt: skip
    """A count (members, households, participants): a whole number, not negative."""
    p = parse_number(raw, label, whole=True, units=True, sheets=sheets, bounds=bounds)
    p = _flag(p, raw, p.values.abs() >= 1e12, f"{label} quá lớn: {{}}")
    p = _flag(p, raw, p.values < 0, f"{label} âm: {{}}")
    p = _flag(p, raw, p.values.notna() & (p.values % 1 != 0), f"{label} phải là số nguyên: {{}}")
    return Parsed(p.values.round().astype("Int64"), p.reasons, p.notes)


# --- areas ----------------------------------------------------------------------------------------

_M2 = ("m2", "m", "metvuong", "met2")


def parse_area(
    raw: pd.Series,
    units: dict[str, float],
    *,
    default_unit: str = "ha",
    label: str = "Diện tích",
    sheets: pd.DataFrame | None = None,
    bounds: tuple[float | None, float | None] | None = None,
) -> Parsed:
    """An area in hectares, from ``2,5``, ``2,5 ha``, ``25.000 m2``, ``25 sào``, ``3 công``, ``2,9 nghìn ha``.

    Parameters
    ----------
    units : dict
        Factors to hectares keyed by folded unit name, from the ward profile (``sao``: 0.1 ...).
    default_unit : str
        The unit of bare numbers, from the column header (``Diện tích (m2)``); hectares otherwise.
    sheets, bounds
        Each row's file and sheet, and the plausible range in hectares: see :func:`_read_numbers`.
    """
    factors = {**dict.fromkeys(_M2, 0.0001), **units}
    default_key = unit_key(default_unit)

    def read(t: str) -> _Reading:
        parts = _number_and_unit(t)
        if isinstance(parts, _Reading):
            return parts
        negative, num, scale, typed, power = parts
        factor = factors.get(unit_key(typed) if typed else default_key)
        if factor is None:
            return _Reading(problem="unit")
        # m² have no fractions: "25.000 m2"
        return _reading(num, negative, factor, whole=factor < 0.01, unit="ha", scale=scale, power=power)

    p = _read_numbers(raw, label, read, factor=factors.get(default_key), sheets=sheets, bounds=bounds)
    p = _word(p, raw, label)
    p = _flag(p, raw, p.values < 0, f"{label} âm: {{}}")
    p = _flag(p, raw, p.values == 0, f"{label} bằng 0: {{}}")
    return Parsed(p.values.round(4), p.reasons, p.notes)


# --- money ---------------------------------------------------------------------------------------


def parse_money(raw: pd.Series, label: str, *, default_unit: str = "", sheets: pd.DataFrame | None = None,
                bounds: tuple[float | None, float | None] | None = None) -> Parsed:  # fmt: skip
    """An amount in whole VND, from ``1,5 tỷ``, ``200 triệu``, ``500 nghìn đồng``, ``500.000.000 đ``,
    ``2 tỷ 500 triệu``, ``1tr2``, ``500000000``; ``default_unit`` is that of bare numbers (a header's
    ``(triệu đồng)``)."""
    default = money_factor(default_unit) or 1.0

    def read(t: str) -> _Reading:
        negative, num, typed = number_parts(t)
        if num is not None and is_range(typed):
            return _RANGE
        power = None
        if num is not None and (exp := exponent(num, typed)) is not None:
            _, power, typed = exp
        factor = (money_factor(typed) if typed else default) if num is not None else None
        if factor is None:
            amount = money_amount(t)
            return _UNREADABLE if amount is None else _Reading(amount, amount, whole=True, unit="đồng")
        return _reading(num, negative, factor, whole=factor == 1.0, unit="đồng", power=power)

    p = _read_numbers(raw, label, read, factor=default, sheets=sheets, bounds=bounds)
    p = _word(p, raw, label)
    p = _flag(p, raw, p.values < 0, f"{label} âm: {{}}")
    return Parsed(p.values.round().astype("Int64"), p.reasons, p.notes)
