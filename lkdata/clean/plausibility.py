"""Plausibility rules: the range a field's values usually fall in, after DHIS2's min-max rules.

The rules are office data (``plausibility.csv``: dataset, field, min, max, unit, suggestion,
zero_ok, note), read by :mod:`lkdata.io.reference` and parsed and validated here. A value outside its
range is not refused: the row is kept, and its ``issues`` say what looks wrong and what the value
might have meant (``Diện tích vượt mức hợp lý: 3.000 ha (tối đa 50 ha), có phải 3.000 m² = 0,3 ha?``),
so the quality report lists it as ``số liệu bất thường`` and the figure is never changed silently.

Dates may be bounded by ``today``: the date of the clean (passed in, so a clean is reproducible).
"""

from __future__ import annotations

import csv
import datetime as dt
import io as _text
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..config import DATASETS
from ..errors import ReferenceDataError
from ..vn.dates import date_parts, valid_date
from ..vn.numbers import written
from .fields import InputField, fields
from .numbers import AMBIGUOUS
from .parse import WRONG_WEEKDAY

__all__ = [
    "COLUMNS",
    "SUGGESTIONS",
    "TODAY",
    "Rule",
    "field_bounds",
    "is_unusual",
    "parse_plausibility",
    "plausibility_notes",
]

#: The columns of ``plausibility.csv`` (``note`` explains the bounds, for whoever edits them).
COLUMNS: tuple[str, ...] = ("dataset", "field", "min", "max", "unit", "suggestion", "zero_ok", "note")

#: What a value outside its range may have meant, and the field kinds each suggestion fits.
SUGGESTIONS: dict[str, tuple[str, ...]] = {
    "m2_as_ha": ("area",),  # 3000 typed by habit in m²: 0,3 ha
    "kg_as_tonnes": ("number",),  # 12000 kg typed in a column in tonnes
    "millions": ("money",),  # 500 typed meaning 500 triệu đồng
    "year": ("date", "int"),  # a mistyped year
    "": (),  # only "kiểm tra lại"
}

#: The unit each kind of field is kept in (a rule must say it, so nobody writes m² in a rule in ha);
#: counts and "number" fields name their own.
_UNITS = {"area": "ha", "money": "đồng", "date": "ngày"}
#: A bound written ``today`` in the file: the day of the clean (its year, for a field of years).
TODAY = "today"
_TODAY = TODAY

#: The words that open the issues this module writes: the quality report groups them (:func:`is_unusual`).
_HIGH, _LOW, _FUTURE, _EARLY, _LATE = ("vượt mức hợp lý", "dưới mức hợp lý", "ở tương lai",
                                       "sớm hơn mức hợp lý", "muộn hơn mức hợp lý")  # fmt: skip


@dataclass(frozen=True)
class Rule:
    """One row of ``plausibility.csv``: a field's plausible range (either end may be open)."""

    dataset: str
    field: InputField
    low: float | dt.date | str | None  #: a number, a date, ``"today"``, or no lower bound
    high: float | dt.date | str | None
    unit: str
    suggestion: str = ""
    zero_ok: bool = False  #: zero is a value of its own (no cost): not held to ``low``
    note: str = ""

    def bounds(self, as_of: dt.date) -> tuple[object, object]:
        """The two ends, ``today`` resolved to ``as_of`` (its year for a field of years)."""

        def resolve(end):
            if end != _TODAY:
                return end
            return as_of if self.field.kind == "date" else float(as_of.year)

        return resolve(self.low), resolve(self.high)


# --- reading the file ----------------------------------------------------------------------------


def _records(text: str, source: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(_text.StringIO(text.lstrip("\ufeff")))
    header = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header and c not in ("zero_ok", "note", "suggestion")]
    if missing:
        raise ReferenceDataError(f"Tệp {source} thiếu cột: {', '.join(missing)} (dòng 1 phải có: {', '.join(COLUMNS)})")
    reader.fieldnames = header
    return [
        (line, {k: (v or "").strip() for k, v in row.items() if k is not None})
        for line, row in enumerate(reader, start=2)
        if any((v or "").strip() for v in row.values() if isinstance(v, str))
    ]


def _bound(value: str, fld: InputField, where: str, col: str) -> float | dt.date | str | None:
    if not value:
        return None
    if value.lower() == _TODAY:
        if fld.kind == "date" or fld.unit == "năm":
            return _TODAY
        raise ReferenceDataError(f"{where}: cột {col} '{value}' chỉ dùng cho ngày hoặc năm")
    if fld.kind == "date":
        parts = date_parts(value)
        day = valid_date(*parts) if parts else None
        if day is None:
            raise ReferenceDataError(f"{where}: cột {col} '{value}' không phải ngày (viết 2000-01-31 hoặc today)")
        return day
    try:
        number = float(value.replace(",", "."))  # "0,01": a decimal comma, as Excel writes it here
    except ValueError:
        number = float("nan")
    if not np.isfinite(number):
        raise ReferenceDataError(
            f"{where}: cột {col} '{value}' không phải số (viết 0.5 hoặc 0,5, không phân cách hàng nghìn)"
        )
    return number


def parse_plausibility(text: str, source: str) -> tuple[Rule, ...]:
    """The rules of a ``plausibility.csv`` text, checked: a wrong dataset, field, bound, unit or
    suggestion is a :class:`~lkdata.errors.ReferenceDataError` naming the file, the line (as Excel
    numbers it) and the value.

    Parameters
    ----------
    text : str
        The file's content.
    source : str
        How to name the file in messages.
    """
    rules: list[Rule] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in _records(text, source):
        where = f"Tệp {source}, dòng {line}"
        dataset = row.get("dataset", "")
        if dataset not in DATASETS:
            raise ReferenceDataError(f"{where}: bộ dữ liệu '{dataset}' không có (có thể dùng: {', '.join(DATASETS)})")
        known = {f.name: f for f in fields(dataset)} | {f.column: f for f in fields(dataset)}
        numeric = [f.name for f in fields(dataset) if f.kind in ("area", "number", "int", "money", "date")]
        fld = known.get(row.get("field", ""))
        if fld is None or fld.kind not in ("area", "number", "int", "money", "date"):
            raise ReferenceDataError(
                f"{where}: trường '{row.get('field', '')}' không có số hoặc ngày để kiểm tra trong {dataset}"
                f" (có thể dùng: {', '.join(numeric)})"
            )
        if (dataset, fld.name) in seen:
            raise ReferenceDataError(f"{where}: trường {fld.name} đã có quy tắc ở dòng {seen[dataset, fld.name]}")
        seen[dataset, fld.name] = line
        low, high = (_bound(row.get(c, ""), fld, where, c) for c in ("min", "max"))
        if low is None and high is None:
            raise ReferenceDataError(f"{where}: cần ít nhất một trong hai cột min, max")
        if (
            low is not None and high is not None and _TODAY not in (low, high)
            and low > high  # type: ignore[operator]
        ):  # fmt: skip
            raise ReferenceDataError(f"{where}: min '{row['min']}' lớn hơn max '{row['max']}'")
        unit = row.get("unit", "")
        expected = _UNITS.get(fld.kind, fld.unit)
        if expected and unit != expected:
            raise ReferenceDataError(f"{where}: đơn vị '{unit}' không đúng: {fld.label} tính bằng {expected}")
        suggestion = row.get("suggestion", "")
        if suggestion not in SUGGESTIONS or (suggestion and fld.kind not in SUGGESTIONS[suggestion]):
            fits = [s for s, kinds in SUGGESTIONS.items() if s and fld.kind in kinds]
            allowed = ", ".join(fits) or "để trống"
            raise ReferenceDataError(
                f"{where}: gợi ý '{suggestion}' không dùng được cho {fld.label} (có thể dùng: {allowed})"
            )
        zero_ok = row.get("zero_ok", "").lower()
        if zero_ok not in ("", "yes", "no"):
            raise ReferenceDataError(f"{where}: cột zero_ok '{zero_ok}' phải là yes, no hoặc để trống")
        rules.append(Rule(dataset, fld, low, high, unit, suggestion, zero_ok == "yes", row.get("note", "")))
    return tuple(rules)


# --- checking the rows -------------------------------------------------------------------------------


def field_bounds(
    rules: tuple[Rule, ...], dataset: str, name: str, as_of: dt.date
) -> tuple[float | None, float | None] | None:
    """The plausible range of a numeric field (for the parsers to decide ``1.200`` by), or ``None``."""
    rule = next((r for r in rules if r.dataset == dataset and r.field.name == name), None)
    if rule is None or rule.field.kind == "date":
        return None
    return rule.bounds(as_of)  # type: ignore[return-value]


def _said(value: object, unit: str) -> str:
    if isinstance(value, (dt.date, pd.Timestamp)):
        return f"{value:%d/%m/%Y}"
    return f"{written(float(value))} {unit}".strip() if unit not in ("năm",) else f"{int(value)}"


def _hint(rule: Rule, value: object, high: bool, bounds: tuple[object, object]) -> str:
    """What the value may have meant, when that reading lies in the range; else ``kiểm tra lại``."""
    s, (low, top) = rule.suggestion, bounds

    def fits(v: float) -> bool:
        return (low is None or v >= low) and (top is None or v <= top)  # type: ignore[operator]

    if s == "m2_as_ha" and high and fits(value / 10_000):
        return f"có phải {written(value)} m² = {written(value / 10_000)} ha?"
    if s == "kg_as_tonnes" and high and fits(value / 1000):
        per = "/ha" if rule.unit.endswith("/ha") else ""
        return f"có phải {written(value)} kg{per} = {written(value / 1000)} tấn{per}?"
    if s == "millions" and not high and fits(value * 1e6):
        return f"có phải {written(value)} triệu đồng = {written(value * 1e6)} đồng?"
    if s == "year":
        return "kiểm tra lại năm"
    return "kiểm tra lại"


def _message(rule: Rule, value: object, high: bool, as_of: dt.date) -> str:
    label, bounds = rule.field.label, rule.bounds(as_of)
    end = bounds[1] if high else bounds[0]
    hint = _hint(rule, value, high, bounds)
    if rule.field.kind == "date":
        if high and rule.high == _TODAY:
            return f"{label} {_FUTURE}: {_said(value, '')} (sau ngày làm sạch {as_of:%d/%m/%Y}), {hint}"
        what, limit = (_LATE, "muộn nhất") if high else (_EARLY, "sớm nhất")
    else:
        what, limit = (_HIGH, "tối đa") if high else (_LOW, "tối thiểu")
    return f"{label} {what}: {_said(value, rule.unit)} ({limit} {_said(end, rule.unit)}), {hint}"


def plausibility_notes(dataset: str, df: pd.DataFrame, rules: tuple[Rule, ...], as_of: dt.date) -> pd.Series:
    """Per row of a cleaned dataset, what lies outside its plausible range (``None`` where nothing does).

    Parameters
    ----------
    df : DataFrame
        Typed columns, as :func:`~lkdata.clean.dataset.clean_dataset` makes them.
    as_of : date
        The date of the clean: ``today`` in the rules.
    """
    out = pd.Series(None, index=df.index, dtype=object)
    for rule in (r for r in rules if r.dataset == dataset and r.field.column in df.columns):
        col = df[rule.field.column]
        low, high = rule.bounds(as_of)
        if rule.field.kind == "date":
            col = pd.to_datetime(col)
            low = pd.Timestamp(low) if low is not None else None
            high = pd.Timestamp(high) if high is not None else None
        else:
            col = pd.to_numeric(col, errors="coerce").astype(float)
        checks = []
        if high is not None:
            checks.append((True, high, (col > high).fillna(False).to_numpy(dtype=bool)))
        if low is not None:
            below = (col < low).fillna(False).to_numpy(dtype=bool)
            if rule.zero_ok:
                below = below & (col != 0).fillna(True).to_numpy(dtype=bool)
            checks.append((False, low, below))
        for is_high, _, mask in checks:
            for idx in df.index[mask]:
                msg = _message(rule, col[idx], is_high, as_of)
                out[idx] = msg if pd.isna(out[idx]) else f"{out[idx]}; {msg}"
    return out


def is_unusual(kind: str) -> bool:
    """Whether an issue's kind (the words before its colon) is a value outside its plausible range, a
    number whose separators could be read two ways, or a date whose weekday is not its own: what the
    quality report lists as unusual figures."""
    return kind.endswith((_HIGH, _LOW, _FUTURE, _EARLY, _LATE, WRONG_WEEKDAY)) or AMBIGUOUS in kind
