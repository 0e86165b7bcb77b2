"""Parsers for the values people type into spreadsheets, vectorised over pandas Series.

Every parser takes a Series of raw cells (text, numbers, dates, blanks) and returns a
:class:`Parsed`: the typed values and, per row, the reason (in Vietnamese, quoting the cell) why a
non-blank cell could not be read, or ``None``. Parsers never raise on cell content.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from ..vn.columns import arrow, factorize, fmap, show, strings
from ..vn.dates import date_parts, valid_date
from ..vn.text import fold

__all__ = [
    "WRITTEN_NO",
    "Parsed",
    "as_text",
    "parse_area",
    "parse_bool",
    "parse_date",
    "parse_int",
    "parse_money",
    "parse_number",
    "parse_phone",
    "says_no",
]


@dataclass
class Parsed:
    """Typed values and, per row, why the cell could not be read (``None`` where it was fine)."""

    values: pd.Series
    reasons: pd.Series


#: Cell texts that mean "nothing here" (after stripping, lower case).
_BLANK_TEXTS = ["", "nan", "none", "-"]


def as_text(raw: pd.Series) -> pd.Series:
    """Raw cells as stripped strings (``string`` dtype), blank cells as ``<NA>``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(raw.dtype, pd.StringDtype) and raw.dtype.storage == "pyarrow":  # CSV columns: text already
        arr = arrow(raw)
    else:  # workbook columns: mostly text; numbers and dates are written out as people read them
        obj = raw.to_numpy(dtype=object)
        is_str = np.fromiter((type(v) is str for v in obj), dtype=bool, count=len(obj))
        if not is_str.all():
            obj = obj.copy()
            other = ~is_str & pd.notna(obj)
            obj[other] = [show(v) for v in obj[other]]
            obj[~is_str & ~other] = None
        arr = pa.array(obj, type=pa.large_string())
    text = pc.utf8_trim_whitespace(arr)
    blank = pc.is_in(pc.utf8_lower(text), value_set=pa.array(_BLANK_TEXTS, type=text.type))
    return strings(pc.if_else(blank, pa.scalar(None, text.type), text), raw.index)


def _reasons(mask: pd.Series, template: str, raw: pd.Series) -> pd.Series:
    """``template`` filled with the quoted raw cell where ``mask`` holds, else ``None``."""
    out = pd.Series(None, index=raw.index, dtype=object)
    if mask.any():
        out[mask] = [template.format(show(v)) for v in raw[mask]]
    return out


# --- numbers -----------------------------------------------------------------------------------

_NUMBER_RE = re.compile(
    r"(?i)^\s*(?:khoảng|khoang|~|≈|gần|gan)?\s*(?P<sign>[-−–])?\s*(?P<num>\d[\d.,\s]*\d|\d)\s*(?P<unit>[^\d\s.,;].*?)?\s*[.;,]?\s*$",
)


@lru_cache(maxsize=200_000)
def _number_parts(text: str) -> tuple[bool, str | None, str | None]:
    """Sign, digits and trailing unit of a cell: ``-2,5 ha`` -> (True, "2,5", "ha")."""
    m = _NUMBER_RE.match(text)
    if not m:
        return False, None, None
    return m.group("sign") is not None, m.group("num"), m.group("unit")


def _digits(num: str, dot_thousands: bool) -> float | None:
    """Read digits written either way: ``1.234,5``, ``1,234.5``, ``2,5``, ``2.5``, ``25.000``.

    With one separator followed by exactly three digits, ``dot_thousands`` (set for m², money and
    counts) reads it as a thousands separator; otherwise a lone separator is the decimal one.
    """
    num = "".join(num.split())
    n_dot, n_com = num.count("."), num.count(",")
    three_after = len(num) > 4 and num[-4] in ".," and num[-3:].isdigit()
    if n_dot and n_com:
        dec = "," if num.rfind(",") > num.rfind(".") else "."
    elif n_com == 1 and not n_dot and not (three_after and dot_thousands):
        dec = ","
    elif n_dot == 1 and not n_com and not (three_after and dot_thousands):
        dec = "."
    else:
        dec = ""
    if dec == ",":
        num = num.replace(".", "").replace(",", ".")
    elif dec == ".":
        num = num.replace(",", "")
    else:
        num = num.replace(".", "").replace(",", "")
    try:
        return float(num)
    except ValueError:
        return None


_NUMBER_TYPES = frozenset({int, float, np.int64, np.float64, np.int32, np.float32})


def _numeric_and_text(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Cells already numeric (from a workbook), and the others as text."""
    if isinstance(raw.dtype, pd.StringDtype):  # text columns hold no numbers as such
        return pd.Series(False, index=raw.index), as_text(raw)
    obj = raw.to_numpy(dtype=object)
    is_num = np.fromiter((type(v) in _NUMBER_TYPES and v == v for v in obj), dtype=bool, count=len(obj))
    numeric = pd.Series(is_num, index=raw.index)
    return numeric, as_text(raw.where(~numeric))


def _per_text(text: pd.Series, fn) -> tuple[np.ndarray, np.ndarray]:
    """Run ``fn(text) -> (value or None, problem or None)`` once per distinct text."""
    codes, uniques = factorize(text)
    values = np.full(len(uniques) + 1, np.nan)  # the last slot: missing cells
    problems = np.full(len(uniques) + 1, None, dtype=object)
    for i, u in enumerate(uniques):
        v, problems[i] = fn(u)
        if v is not None:
            values[i] = v
    return values[codes], problems[codes]


def parse_number(raw: pd.Series, label: str, *, dot_thousands: bool = False, units: bool = False) -> Parsed:
    """A plain number, with decimal comma or point; ``units`` allows trailing text (``5 tấn``)."""
    numeric, text = _numeric_and_text(raw)

    def one(t: str) -> tuple[float | None, None]:
        negative, num, unit = _number_parts(t)
        if num is None or (unit and not units):
            return None, None
        v = _digits(num, dot_thousands)
        return (None if v is None else -v if negative else v), None

    value = pd.Series(np.nan, index=raw.index, dtype=float)
    value[numeric] = pd.to_numeric(raw[numeric], errors="coerce").astype(float)
    has = text.notna().to_numpy(dtype=bool)
    if has.any():
        value[has] = _per_text(text[has], one)[0]
    bad = text.notna() & value.isna()
    return Parsed(value, _reasons(bad, f"{label} không đọc được: {{}}", raw))


def parse_int(raw: pd.Series, label: str) -> Parsed:
    """A count (members, households, participants): a whole number, not negative."""
    p = parse_number(raw, label, dot_thousands=True, units=True)
    frac = p.values.notna() & (p.values % 1 != 0)
    neg = p.values < 0
    reasons = p.reasons.copy()
    reasons = reasons.where(~frac, _reasons(frac, f"{label} phải là số nguyên: {{}}", raw))
    reasons = reasons.where(~neg, _reasons(neg, f"{label} âm: {{}}", raw))
    huge = p.values.abs() >= 1e12
    reasons = reasons.where(~huge, _reasons(huge, f"{label} quá lớn: {{}}", raw))
    values = p.values.where(~(frac | neg | huge)).round().astype("Int64")
    return Parsed(values, reasons)


# --- areas ----------------------------------------------------------------------------------------

_M2 = {"m2", "m²", "m 2", "met vuong", "met2", "m^2"}


def parse_area(
    raw: pd.Series, units: dict[str, float], *, default_unit: str = "ha", label: str = "Diện tích"
) -> Parsed:
    """An area in hectares, from ``2,5``, ``2,5 ha``, ``25.000 m2``, ``25 sào``, ``3 công``.

    Parameters
    ----------
    units : dict
        Factors to hectares keyed by folded unit name, from the ward profile (``sao``: 0.1 ...).
    default_unit : str
        The unit of bare numbers, from the column header (``Diện tích (m2)``); hectares otherwise.
    """
    factors = {**{k: 0.0001 for k in _M2}, **units}
    default_key = fold(default_unit).replace(" ", "")
    numeric, text = _numeric_and_text(raw)

    def one(t: str) -> tuple[float | None, str | None]:
        negative, num, unit = _number_parts(t)
        if num is None:
            return None, "unreadable"
        key = fold(unit).replace(" ", "") if unit else default_key
        factor = factors.get("m2" if key == "m" else key)
        if factor is None:
            return None, "unit"
        v = _digits(num, factor < 0.01)  # m² write thousands with dots: "25.000 m2"
        if v is None:
            return None, "unreadable"
        return (-v if negative else v) * factor, None

    value = pd.Series(np.nan, index=raw.index, dtype=float)
    value[numeric] = pd.to_numeric(raw[numeric], errors="coerce").astype(float) * factors.get(default_key, 1.0)
    problem = np.full(len(raw), None, dtype=object)
    has = text.notna().to_numpy(dtype=bool)
    if has.any():
        value[has], problem[has] = _per_text(text[has], one)
    neg, zero = (value < 0).to_numpy(), (value == 0).to_numpy()
    unknown_unit = problem == "unit"
    reasons = _reasons(pd.Series(problem == "unreadable", index=raw.index), f"{label} không đọc được: {{}}", raw)
    for mask, template in (
        (unknown_unit, f"Đơn vị {label.lower()} không rõ: {{}}"),
        (neg, f"{label} âm: {{}}"),
        (zero, f"{label} bằng 0: {{}}"),
    ):
        mask = pd.Series(mask, index=raw.index)
        reasons = reasons.where(~mask, _reasons(mask, template, raw))
    value = value.where(~(neg | zero | unknown_unit)).round(4)
    return Parsed(value, reasons)


# --- money ---------------------------------------------------------------------------------------

_MONEY_UNITS = {
    "ty": 1e9, "ti": 1e9, "ty dong": 1e9, "trieu": 1e6, "tr": 1e6, "trieu dong": 1e6, "nghin": 1e3, "ngan": 1e3,
    "k": 1e3, "d": 1.0, "dong": 1.0, "vnd": 1.0, "vnđ": 1.0, "": 1.0,
}  # fmt: skip


def parse_money(raw: pd.Series, label: str) -> Parsed:
    """An amount in whole VND, from ``1,5 tỷ``, ``200 triệu``, ``500.000.000 đ``, ``500000000``."""
    numeric, text = _numeric_and_text(raw)

    def one(t: str) -> tuple[float | None, str | None]:
        negative, num, unit = _number_parts(t)
        factor = _MONEY_UNITS.get(fold(unit) if unit else "") if num is not None else None
        v = _digits(num, factor == 1.0) if factor is not None else None
        if v is None:
            return None, "unreadable"
        return (-v if negative else v) * factor, None

    value = pd.Series(np.nan, index=raw.index, dtype=float)
    value[numeric] = pd.to_numeric(raw[numeric], errors="coerce").astype(float)
    problem = np.full(len(raw), None, dtype=object)
    has = text.notna().to_numpy(dtype=bool)
    if has.any():
        value[has], problem[has] = _per_text(text[has], one)
    bad = pd.Series(problem == "unreadable", index=raw.index)
    neg = value < 0
    huge = value.abs() >= 1e17  # beyond any budget; and beyond what an integer column holds
    reasons = _reasons(bad, f"{label} không đọc được: {{}}", raw)
    reasons = reasons.where(~neg, _reasons(neg, f"{label} âm: {{}}", raw))
    reasons = reasons.where(~huge, _reasons(huge, f"{label} quá lớn: {{}}", raw))
    return Parsed(value.where(~(neg | huge)).round().astype("Int64"), reasons)


# --- dates ---------------------------------------------------------------------------------------

_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


#: The usual forms, matched by Arrow's regex engine over the whole column: day/month/year and ISO.
_DMY_ARROW = r"^(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{2}|\d{4})$"
_ISO_ARROW = r"(?i)^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?$"
# the common spellings of _WORDS_RE; other spellings take the slow path, which folds them
_WORDS_ARROW = r"(?i)^(?:ng[àa]y\s*)?(?P<d>\d{1,2})\s*th[áa]ng\s*(?P<m>\d{1,2})\s*n[ăa]m\s*(?P<y>\d{4})$"


def _text_dates(text: pd.Series) -> np.ndarray:
    """Dates of stripped non-blank text cells (``NaT`` where impossible or unreadable).

    The usual forms are read column-wise; the rest (``ngày 02 tháng 4 năm 2026``...) once per
    distinct text by :func:`lkdata.vn.dates.date_parts`. Both follow the same rules.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pc.utf8_trim_whitespace(pc.utf8_rtrim(arrow(text), characters="."))
    out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[ns]")
    todo = np.ones(len(text), dtype=bool)
    for pattern in (_DMY_ARROW, _ISO_ARROW, _WORDS_ARROW):
        if not todo.any():
            break
        rest = np.flatnonzero(todo)  # each pattern only sees the cells no earlier one read
        found = pc.extract_regex(arr.take(pa.array(rest)) if len(rest) < len(arr) else arr, pattern)
        matched = found.is_valid().to_numpy(zero_copy_only=False)
        if not matched.any():
            continue
        hit = np.zeros(len(text), dtype=bool)
        hit[rest[matched]] = True
        found = found.filter(pa.array(matched))
        part = {k: pc.struct_field(found, k) for k in "dmy"}
        year = pc.cast(part["y"], pa.int64()).to_numpy()
        short = pc.utf8_length(part["y"]).to_numpy() == 2
        year = np.where(short, np.where(year <= 50, year + 2000, year + 1900), year)
        when = pd.to_datetime(
            pd.DataFrame({
                "year": year, "month": pc.cast(part["m"], pa.int64()).to_numpy(),
                "day": pc.cast(part["d"], pa.int64()).to_numpy(),
            }),
            errors="coerce",
        ).to_numpy(dtype="datetime64[ns]")  # fmt: skip
        when[(year < 1950) | (year > 2100)] = np.datetime64("NaT")
        out[hit] = when
        todo &= ~hit
    if todo.any():
        codes, uniques = factorize(text[todo])
        dates = [valid_date(*parts) if (parts := date_parts(u)) else None for u in uniques]
        table = pd.to_datetime(pd.Series([*dates, None], dtype=object)).to_numpy(dtype="datetime64[ns]")
        out[todo] = table[codes]
    return out


def parse_date(raw: pd.Series, label: str = "Ngày") -> Parsed:
    """A date, day first: ``15/3/2025``, ``2/4/26``, ``2025-03-15``, Excel dates and serials,
    ``ngày 02 tháng 4 năm 2026``. Impossible dates (``31/02/2022``) are rejected.
    """
    values = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    if isinstance(raw.dtype, pd.StringDtype):  # text cells only (CSV): no date or number cells
        is_date = is_num = pd.Series(False, index=raw.index)
    else:
        obj = raw.to_numpy(dtype=object)
        is_date = pd.Series(np.fromiter((isinstance(v, dt.date) for v in obj), bool, len(obj)), index=raw.index)
        is_num = pd.Series(np.fromiter((type(v) in _NUMBER_TYPES and v == v for v in obj), bool, len(obj)), raw.index)
    if is_date.any():
        values[is_date] = pd.to_datetime(raw[is_date].map(lambda v: dt.date(v.year, v.month, v.day)))
    if is_num.any():
        serial = pd.to_numeric(raw[is_num], errors="coerce")
        ok = serial.between(18_000, 73_000)  # 1949 .. 2099
        values[is_num & ok.reindex(raw.index, fill_value=False)] = _EXCEL_EPOCH + pd.to_timedelta(
            serial[ok].astype(int), unit="D"
        )
    text = as_text(raw.where(~(is_date | is_num)))
    has_text = text.notna()
    if has_text.any():
        values[has_text] = _text_dates(text[has_text])
    bad = (is_date | is_num | has_text) & values.isna()  # every non-blank cell is one of the three
    return Parsed(values.dt.normalize(), _reasons(bad, f"{label} không hợp lệ: {{}}", raw))


# --- phones ----------------------------------------------------------------------------------------

_MOBILE_RE = r"^0(?:3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)\d{7}$"


@lru_cache(maxsize=100_000)
def _phone_slow(digits: str) -> str | None:
    import phonenumbers

    try:
        number = phonenumbers.parse(digits, "VN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number) or number.country_code != 84:
        return None
    return "0" + str(number.national_number)


def parse_phone(raw: pd.Series, label: str = "Số điện thoại") -> Parsed:
    """A Vietnamese phone in the national form ``0XXXXXXXXX``.

    Common mobile numbers are recognised by pattern; anything else is checked by ``phonenumbers``
    (landlines, other formats). A number typed into a number cell loses its leading zero: restored.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    text = as_text(raw)
    arr = arrow(text)

    def matches(values, pattern: str):
        return pc.fill_null(pc.match_substring_regex(values, pattern), False)

    def zero(values):  # "0" + values
        return pc.binary_join_element_wise(pa.scalar("0", values.type), values, pa.scalar("", values.type))

    # Arrow's kernels over the whole column: keep digits (and a leading +), then the national form
    digits = pc.replace_substring_regex(pc.replace_substring_regex(arr, r"[^\d+]", ""), r"^\+", "")
    local = pc.and_(matches(digits, r"^[1-9]\d{8,9}$"), pc.invert(matches(digits, r"^84")))
    nat = pc.if_else(
        matches(digits, r"^84\d{9,10}$"), zero(pc.utf8_slice_codeunits(digits, 2)),
        pc.if_else(local, zero(digits), digits),
    )  # fmt: skip
    fast = matches(nat, _MOBILE_RE).to_numpy(zero_copy_only=False)
    values = strings(pc.if_else(pa.array(fast), nat, pa.scalar(None, nat.type)), raw.index)
    slow = text.notna().to_numpy() & ~fast
    if slow.any():  # landlines and other forms: phonenumbers, once per distinct number
        checked = fmap(strings(nat, raw.index)[slow], lambda d: _phone_slow(d) if d else None)
        values = values.copy()
        values[slow] = checked.astype("string")
    bad = text.notna() & values.isna()
    return Parsed(values, _reasons(bad, f"{label} không hợp lệ: {{}}", raw))


# --- yes / no -----------------------------------------------------------------------------------------

_YES = {"co", "x", "yes", "y", "1", "true", "da", "roi", "co tham gia", "da tap huan", "v"}
_NO = {"khong", "no", "n", "0", "false", "chua", "k", "ko", "chua co", "khong co"}

#: The cleaned value of a text answer (a growing-area code) that says no: a definite "none", not a code.
WRITTEN_NO = "không"


def says_no(raw: pd.Series) -> pd.Series:
    """Which cells say no in words (``Không``, ``chưa``, ``chưa có``, ``0``): a definite answer.

    A blank cell (or ``-``, which :func:`as_text` reads as blank) says nothing: it is ``False`` here,
    and its value is unknown, never a no.
    """
    return fmap(as_text(raw), fold).isin(_NO).fillna(False).astype(bool)


def parse_bool(raw: pd.Series, label: str) -> Parsed:
    """Yes/no cells: ``Có``, ``x``, ``1`` are yes; ``Không``, ``chưa``, ``0`` are no; a blank cell is
    unknown (``<NA>``), never a no."""
    key = fmap(as_text(raw), fold)
    values = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    values[key.isin(_YES).fillna(False).to_numpy(dtype=bool)] = True
    values[key.isin(_NO).fillna(False).to_numpy(dtype=bool)] = False
    bad = key.notna() & ~key.isin(_YES | _NO)
    return Parsed(values, _reasons(bad, f"{label} không rõ có/không: {{}}", raw))
