"""Parsers for the values people type into spreadsheets, vectorised over pandas Series.

Every parser takes a Series of raw cells (text, numbers, dates, blanks) and returns a
:class:`Parsed`: the typed values and, per row, the reason (in Vietnamese, quoting the cell) why a
non-blank cell could not be read, or ``None``, and notes on values read that need a look. Parsers
never raise on cell content. Here: dates, phones, yes/no; numbers, areas and money are in
:mod:`lkdata.clean.numbers`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import pandas as pd

from ..vn.columns import arrow, factorize, fmap, keep_ascii, show, strings
from ..vn.dates import (
    FIRST_YEAR,
    LAST_YEAR,
    NO_END_YEAR,
    date_parts,
    month_year,
    says_no_end,
    valid_date,
    weekday_written,
    year_only,
)
from ..vn.text import fold

__all__ = [
    "NO_END",
    "WRITTEN_NO",
    "WRONG_WEEKDAY",
    "Parsed",
    "as_text",
    "parse_bool",
    "parse_date",
    "parse_phone",
    "says_no",
]


@dataclass
class Parsed:
    """Typed values and, per row, why the cell could not be read (``None`` where it was fine); and
    ``notes``, per row, what to check about a value that was read (it goes to the row's issues)."""

    values: pd.Series
    reasons: pd.Series
    notes: pd.Series | None = None


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
    # the blank texts are ASCII, and no other letter lower-cases to an ASCII one of theirs (only the Kelvin
    # sign, to k): ASCII lower case, four times as fast as Unicode's, finds the same cells
    blank = pc.is_in(pc.ascii_lower(text), value_set=pa.array(_BLANK_TEXTS, type=text.type))
    return strings(pc.if_else(blank, pa.scalar(None, text.type), text), raw.index)


def _reasons(mask: pd.Series, template: str, raw: pd.Series) -> pd.Series:
    """``template`` filled with the quoted raw cell where ``mask`` holds, else ``None``."""
    out = pd.Series(None, index=raw.index, dtype=object)
    if mask.any():
        out[mask] = [template.format(show(v)) for v in raw[mask]]
    return out


# --- cells of numbers -----------------------------------------------------------------------------

_NUMBER_TYPES = frozenset({int, float, np.int64, np.float64, np.int32, np.float32})


def _numeric_and_text(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Cells already numeric (from a workbook), and the others as text."""
    if isinstance(raw.dtype, pd.StringDtype):  # text columns hold no numbers as such
        return pd.Series(False, index=raw.index), as_text(raw)
    obj = raw.to_numpy(dtype=object)
    is_num = np.fromiter((type(v) in _NUMBER_TYPES and v == v for v in obj), dtype=bool, count=len(obj))
    numeric = pd.Series(is_num, index=raw.index)
    return numeric, as_text(raw.where(~numeric))


# --- dates ---------------------------------------------------------------------------------------

_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


#: The usual forms, matched by Arrow's regex engine over the whole column: day/month/year and ISO.
# (a time of day after the date, as in ``24/02/2020 20:27``, is dropped: vn.dates does the same)
_DMY_ARROW = (
    r"^(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{2}|\d{4})"
    r"(?:[\s,]+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?$"
)
_ISO_ARROW = r"(?i)^(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?$"
# the common spellings of _WORDS_RE; other spellings take the slow path, which folds them
_WORDS_ARROW = r"(?i)^(?:ng[àa]y\s*)?(?P<d>\d{1,2})\s*th[áa]ng\s*(?P<m>\d{1,2})\s*n[ăa]m\s*(?P<y>\d{4})$"


def _text_dates(text: pd.Series) -> np.ndarray:
    """Dates of stripped non-blank text cells (``NaT`` where impossible or unreadable), each distinct
    text read once (a column of dates holds a few thousand days at most).

    The usual forms are read column-wise; the rest (``ngày 02 tháng 4 năm 2026``...) once per
    distinct text by :func:`lkdata.vn.dates.date_parts`. Both follow the same rules.
    """
    import pyarrow.compute as pc

    enc = arrow(text).dictionary_encode()
    if len(enc.dictionary) >= len(text):
        return _distinct_text_dates(text)
    dates = _distinct_text_dates(strings(enc.dictionary, pd.RangeIndex(len(enc.dictionary))))
    at = pc.fill_null(enc.indices, len(enc.dictionary)).to_numpy(zero_copy_only=False)
    return np.append(dates, np.datetime64("NaT"))[at]


def _distinct_text_dates(text: pd.Series) -> np.ndarray:
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
        when[(year < FIRST_YEAR) | (year > LAST_YEAR)] = np.datetime64("NaT")
        out[hit] = when
        todo &= ~hit
    if todo.any():
        codes, uniques = factorize(text[todo])
        dates = [valid_date(*parts) if (parts := date_parts(u)) else None for u in uniques]
        table = pd.to_datetime(pd.Series([*dates, None], dtype=object)).to_numpy(dtype="datetime64[ns]")
        out[todo] = table[codes]
    return out


#: Excel serial day numbers read as dates: 1949 .. 2099 (smaller numbers are years or counts, not dates).
_SERIALS = (18_000, 73_000)
#: Excel's serials of the year 9999 (1/1/9999 .. 31/12/9999, the last day Excel knows).
_NO_END_SERIALS = (2_958_101, 2_958_465)
#: How the note on an end date written as "no end" (``31/12/9999``, ``Không thời hạn``) says it.
NO_END = "không thời hạn"


def _calendar(month: int, day: int) -> bool:
    """Whether ``day``/``month`` is a day of some year (29/02 included)."""
    try:
        dt.date(2000, month, day)
    except ValueError:
        return False
    return True


def _undated(text: str, open_end: bool) -> str:
    """Why a text cell gives no date: ``open`` (an end written as no end), ``range`` (a year no one means),
    ``year`` or ``month`` (the day left out), else ``invalid``."""
    if says_no_end(text):
        return "open" if open_end else "invalid"
    parts = date_parts(text)
    year = parts[0] if parts else year_only(text)
    if year == NO_END_YEAR and open_end:
        return "open"
    if parts:
        return "range" if not FIRST_YEAR <= year <= LAST_YEAR and _calendar(*parts[1:]) else "invalid"
    if year is not None:
        return "year" if FIRST_YEAR <= year <= LAST_YEAR else "invalid"
    return "month" if month_year(text) is not None else "invalid"


def _date_cells(raw: pd.Series, is_date: pd.Series, open_end: bool, values: pd.Series, why: np.ndarray) -> None:
    """Date cells (from a workbook) into ``values``; those whose year no one means get a code in ``why``."""
    cells = raw[is_date]
    years = np.fromiter((v.year for v in cells), dtype=np.int64, count=len(cells))
    ok = (years >= FIRST_YEAR) & (years <= LAST_YEAR)
    if ok.any():
        values[cells.index[ok]] = pd.to_datetime([dt.date(v.year, v.month, v.day) for v in cells[ok]])
    at = raw.index.get_indexer(cells.index[~ok])
    why[at] = np.where(open_end & (years[~ok] == NO_END_YEAR), "open", "range")


def _serial_cells(raw: pd.Series, is_num: pd.Series, open_end: bool, values: pd.Series, why: np.ndarray) -> None:
    """Number cells (Excel serials) into ``values``; a year alone, the year 9999 or another number gets a code."""
    serial = pd.to_numeric(raw[is_num], errors="coerce").astype(float)
    ok = serial.between(*_SERIALS).to_numpy()
    if ok.any():
        values[serial.index[ok]] = _EXCEL_EPOCH + pd.to_timedelta(serial[ok].astype(int), unit="D")
    s = serial.to_numpy()
    whole = np.isfinite(s) & (np.mod(s, 1, where=np.isfinite(s), out=np.zeros_like(s)) == 0)
    no_end = (s >= _NO_END_SERIALS[0]) & (s <= _NO_END_SERIALS[1]) | (s == NO_END_YEAR)
    code = np.select(
        [ok, open_end & no_end, no_end, whole & (s >= FIRST_YEAR) & (s <= LAST_YEAR)],
        [None, "open", "range", "year"],
        "invalid",
    )
    why[raw.index.get_indexer(serial.index)] = code


def parse_date(raw: pd.Series, label: str = "Ngày", *, open_end: bool = False) -> Parsed:
    """A date, day first: ``15/3/2025``, ``2/4/26``, ``2025-03-15``, ``2020/10/29``, Excel dates and
    serials, ``ngày 02 tháng 4 năm 2026``, CLDR's ``29 tháng 10, 2020`` and ``Thứ Năm, 29 tháng 10, 2020``.

    Impossible dates (``31/02/2022``) are rejected, and so are a year outside 1900-2100 (``31/12/9999``,
    a year-1 date cell) and a month or a year without its day (``tháng 10/2020``, ``1998``: no day is
    invented); a weekday that is not the date's is noted. Never raises, whatever the cell.

    Parameters
    ----------
    open_end : bool
        An end date (an expiry, a contract's end): ``31/12/9999``, its Excel serial and ``Không thời
        hạn`` mean there is none; the value is left empty and the row's notes say so, never a date.
    """
    values = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    why = np.full(len(raw), None, dtype=object)  # why a non-blank cell gives no date
    if isinstance(raw.dtype, pd.StringDtype):  # text cells only (CSV): no date or number cells
        is_date = is_num = pd.Series(False, index=raw.index)
    else:
        obj = raw.to_numpy(dtype=object)
        is_date = pd.Series(np.fromiter((isinstance(v, dt.date) for v in obj), bool, len(obj)), index=raw.index)
        is_num = pd.Series(np.fromiter((type(v) in _NUMBER_TYPES and v == v for v in obj), bool, len(obj)), raw.index)
        # a reader gives a date before 1900 (01/01/0001) as a time of day: no date
        why[np.fromiter((isinstance(v, dt.time) for v in obj), bool, len(obj))] = "time"
    if is_date.any():
        _date_cells(raw, is_date, open_end, values, why)
    if is_num.any():
        _serial_cells(raw, is_num, open_end, values, why)
    is_cell = is_date | is_num | pd.Series(why == "time", index=raw.index)
    text = as_text(raw.where(~is_cell))
    has_text = text.notna()
    if has_text.any():
        values[has_text] = _text_dates(text[has_text])
        bad = (has_text & values.isna()).to_numpy()
        if bad.any():
            why[bad] = fmap(text[bad], lambda t: _undated(t, open_end)).to_numpy()
    reasons = pd.Series(None, index=raw.index, dtype=object)
    notes = pd.Series(None, index=raw.index, dtype=object)
    templates = {
        "invalid": f"{label} không hợp lệ: {{}}",
        "range": f"{label} không hợp lệ (năm phải từ {FIRST_YEAR} đến {LAST_YEAR}): {{}}",
        "time": f"{label} không hợp lệ (ô chỉ có giờ, hoặc ngày trước năm {FIRST_YEAR}): {{}}",
        "year": f"{label} chỉ ghi năm: {{}} (cần ghi đủ ngày)",
        "month": f"{label} chỉ ghi tháng, năm: {{}} (cần ghi đủ ngày)",
        "open": f"{label} {NO_END}: {{}} (để trống)",
    }
    for code, template in templates.items():
        at = why == code
        if at.any():
            said = [template.format(show(v)) for v in raw[at]]
            (notes if code == "open" else reasons)[at] = said
    if has_text.any():
        weekday = _weekday_notes(text[has_text & values.notna()], values, label)
        if weekday is not None:
            notes = notes.where(weekday.isna(), weekday)
    return Parsed(values.dt.normalize(), reasons, notes if notes.notna().any() else None)


#: How the note on a date whose written weekday is not its own says it (the quality report finds it by this).
WRONG_WEEKDAY = "không khớp thứ trong tuần"


def _weekday_notes(text: pd.Series, values: pd.Series, label: str) -> pd.Series | None:
    """A note where the weekday written before a date is not that date's (``Thứ Hai, 29/10/2020``)."""
    import pyarrow.compute as pc

    lettered = pc.fill_null(pc.match_substring_regex(arrow(text), r"^\D"), False).to_numpy(zero_copy_only=False)
    if not lettered.any():
        return None
    codes, uniques = factorize(text[lettered])  # "ngày 02 tháng 4 năm 2026" is common: once per distinct text
    written_day = np.array([weekday_written(u) for u in uniques] + [None], dtype=object)[codes]
    rows = text.index[lettered][pd.notna(written_day)]
    if not len(rows):
        return None
    from babel.dates import get_day_names

    names = get_day_names("wide", locale="vi")
    notes = pd.Series(None, index=values.index, dtype=object)
    for idx, said in zip(rows, written_day[pd.notna(written_day)], strict=True):
        day = values[idx]
        if said != day.weekday():
            notes[idx] = (
                f"{label} {WRONG_WEEKDAY}: {text[idx]} ({day:%d/%m/%Y} là {names[day.weekday()]}), kiểm tra lại"
            )
    return notes


def _year_of(text: str) -> tuple[int | None, bool]:
    """The year a cell of a year field gives (as :func:`as_text` writes it), and whether it came from a date."""
    if (year := year_only(text)) is not None:
        return year, False
    parts = date_parts(text)
    return (parts[0], True) if parts and _calendar(*parts[1:]) else (None, False)


def parse_year(raw: pd.Series, label: str = "Năm") -> Parsed:
    """A year (planting, OCOP rating): ``2019``, ``năm 2019``; from a whole date (``15/03/2019``, a date
    cell) its year is taken and noted. Whether the year is plausible is the schema's and the plausibility
    rules' to say; any other cell is a reason. Never raises; each distinct cell is read once."""
    text = as_text(raw)  # number cells as people read them (2019), date cells day first
    values = pd.Series(pd.NA, index=raw.index, dtype="Int64")
    reasons = pd.Series(None, index=raw.index, dtype=object)
    has = text.notna().to_numpy()
    if not has.any():
        return Parsed(values, reasons)
    codes, uniques = factorize(text[has])
    read = [_year_of(u) for u in uniques]
    year = np.array([np.nan if y is None else y for y, _ in read], dtype=float)[codes]
    from_date = np.array([d for _, d in read], dtype=bool)[codes]
    rows = text.index[has]
    values[rows] = pd.array(year, dtype="Int64")
    bad = np.isnan(year)
    if bad.any():
        reasons[rows[bad]] = [f"{label} không hợp lệ: {show(v)}" for v in raw[rows[bad]]]
    notes = None
    if from_date.any():
        notes = pd.Series(None, index=raw.index, dtype=object)
        said = np.array([f"{label} ghi cả ngày: {u}, đã lấy năm {y}" for u, (y, _) in zip(uniques, read, strict=True)])
        notes[rows[from_date]] = said[codes[from_date]]
    return Parsed(values, reasons, notes)


# --- phones ----------------------------------------------------------------------------------------


@cache
def _household_phone() -> str:
    """A mobile or fixed-line number in the national form, as phonenumbers' metadata for Vietnam
    defines them (the patterns ``is_valid_number`` checks), for Arrow's regex engine."""
    import phonenumbers

    meta = phonenumbers.PhoneMetadata.metadata_for_region("VN")
    kinds = (meta.mobile.national_number_pattern, meta.fixed_line.national_number_pattern)
    return "^0(?:" + "|".join(f"(?:{k})" for k in kinds) + ")$"


@lru_cache(maxsize=10_000)
def _not_a_household_phone(nat: str) -> str:
    """Why a number is no household's phone: ``service`` (1800, 1900 ...), ``short`` (113) or ``invalid``."""
    import phonenumbers
    from phonenumbers import PhoneNumberType as T

    try:
        number = phonenumbers.parse(nat, "VN")
    except phonenumbers.NumberParseException:
        return "invalid"
    if number.country_code == 84 and phonenumbers.number_type(number) in (
        T.TOLL_FREE, T.PREMIUM_RATE, T.SHARED_COST, T.UAN, T.VOIP, T.PERSONAL_NUMBER, T.PAGER, T.VOICEMAIL
    ):  # fmt: skip
        return "service"
    return "short" if phonenumbers.is_valid_short_number_for_region(number, "VN") else "invalid"


#: Between two phone numbers written in one cell: a dash, slash, comma, semicolon, bar, ``và`` or ``hoặc``.
_TWO_PHONES = r"\s*(?:[-/,;|–]|\bvà\b|\bhoặc\b)\s*(?=\+?\d)"


def parse_phone(raw: pd.Series, label: str = "Số điện thoại") -> Parsed:
    """A Vietnamese phone in the national form ``0XXXXXXXXX``: a mobile or fixed-line number by
    phonenumbers' rules for Vietnam, not only a plausible shape.

    A number typed into a number cell loses its leading zero: restored. Service numbers (``1800 1091``,
    ``1900 ...``) and short numbers (``113``) are no household's phone, and say so.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    text = as_text(raw)
    arr = arrow(text)

    def matches(values, pattern: str):
        return pc.fill_null(pc.match_substring_regex(values, pattern), False)

    def zero(values):  # "0" + values
        return pc.binary_join_element_wise(pa.scalar("0", values.type), values, pa.scalar("", values.type))

    # over the whole column: keep digits (and a leading +), then the national form
    kept = keep_ascii(arr, "0123456789+")
    digits = pc.if_else(pc.starts_with(kept, "+"), pc.utf8_slice_codeunits(kept, 1), kept)
    digits = pc.if_else(pc.starts_with(digits, "0084"), pc.utf8_slice_codeunits(digits, 2), digits)  # from abroad
    local = pc.and_(matches(digits, r"^[1-9]\d{8,9}$"), pc.invert(matches(digits, r"^84")))
    nat = pc.if_else(
        matches(digits, r"^84\d{9,10}$"), zero(pc.utf8_slice_codeunits(digits, 2)),
        pc.if_else(local, zero(digits), digits),
    )  # fmt: skip
    ok = matches(nat, _household_phone())
    values = strings(pc.if_else(ok, nat, pa.scalar(None, nat.type)), raw.index)
    bad = text.notna() & values.isna()
    notes = None
    two = text[bad].str.contains(_TWO_PHONES, regex=True)
    if two.any():  # ``0912 345 678 - 0987 654 321``: the first is the household's phone, the others noted
        rows = two.index[two.to_numpy()]
        parts = text[rows].str.split(_TWO_PHONES, regex=True)
        each = parse_phone(pd.Series([p[0] for p in parts], index=rows, dtype=object), label)
        ok_first = each.values.notna()
        if ok_first.any():
            taken = rows[ok_first.to_numpy()]
            values = values.copy()
            values[taken] = each.values[taken]
            bad = bad & ~bad.index.isin(taken)
            notes = pd.Series(None, index=raw.index, dtype=object)
            notes[taken] = [
                f"{label} ghi nhiều số, đã lấy số đầu; các số khác: {'; '.join(p[1:])}" for p in parts[taken]
            ]
    kind = fmap(strings(nat, raw.index)[bad], lambda d: _not_a_household_phone(d) if d else "invalid")
    reasons = pd.Series(None, index=raw.index, dtype=object)
    for code, template in (
        ("invalid", f"{label} không hợp lệ: {{}}"),
        ("service", f"{label} là số tổng đài, dịch vụ, không phải số của hộ: {{}}"),
        ("short", f"{label} là số dịch vụ ngắn (khẩn cấp, tổng đài), không phải số của hộ: {{}}"),
    ):
        rows = kind.index[(kind == code).to_numpy()]
        if len(rows):
            reasons[rows] = [template.format(show(v)) for v in raw[rows]]
    return Parsed(values, reasons, notes)


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
    codes, uniques = factorize(as_text(raw))  # each distinct cell folded once
    return pd.Series(np.array([fold(u) in _NO for u in uniques] + [False])[codes], index=raw.index)


def parse_bool(raw: pd.Series, label: str) -> Parsed:
    """Yes/no cells: ``Có``, ``x``, ``1`` are yes; ``Không``, ``chưa``, ``0`` are no; a blank cell is
    unknown (``<NA>``), never a no."""
    codes, uniques = factorize(as_text(raw))  # each distinct cell folded once
    keys = [fold(u) for u in uniques]
    yes = np.array([k in _YES for k in keys] + [False])[codes]
    no = np.array([k in _NO for k in keys] + [False])[codes]
    values = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    values[yes] = True
    values[no] = False
    bad = pd.Series((codes >= 0) & ~yes & ~no, index=raw.index)
    return Parsed(values, _reasons(bad, f"{label} không rõ có/không: {{}}", raw))
