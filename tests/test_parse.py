"""Parsers: every example from the issue and DESIGN.md, edge cases, and properties."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkdata.clean.numbers import parse_area, parse_int, parse_money, parse_number
from lkdata.clean.parse import parse_bool, parse_date, parse_phone

UNITS = {"ha": 1.0, "hecta": 1.0, "m2": 0.0001, "sao": 0.1, "cong": 0.1}


def one(parser, value, *args, **kwargs):
    p = parser(pd.Series([value], dtype=object), *args, **kwargs)
    v = p.values.iloc[0]
    return (None if pd.isna(v) else v), p.reasons.iloc[0] if isinstance(p.reasons.iloc[0], str) else None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2,5", 2.5),
        ("2.5", 2.5),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        (3, 3.0),
        (4.03, 4.03),
        ("  7 ", 7.0),
        ("~3", 3.0),
        ("khoảng 3", 3.0),
        ("15.", 15.0),
    ],
)
def test_numbers_in_both_styles(raw, expected):
    assert one(parse_number, raw, "Số") == (pytest.approx(expected), None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2,5", 2.5),
        ("2.5", 2.5),
        ("2,5 ha", 2.5),
        ("2,5ha", 2.5),
        ("25.000 m2", 2.5),
        ("25000 m²", 2.5),
        ("25 sào", 2.5),
        ("3 công", 0.3),
        ("6,7 sào", 0.67),
        ("12400 m²", 1.24),
        (1.5, 1.5),
        ("1.234,5", 1234.5),
    ],
)
def test_areas_to_hectares(raw, expected):
    assert one(parse_area, raw, UNITS) == (pytest.approx(expected), None)


def test_area_unit_from_the_header():
    assert one(parse_area, 5000, UNITS, default_unit="m2")[0] == pytest.approx(0.5)
    assert one(parse_area, "20", UNITS, default_unit="sao")[0] == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("-3", "Diện tích âm: -3"),
        (-3, "Diện tích âm: -3"),
        ("0", "Diện tích bằng 0: 0"),
        ("abc", "Diện tích không đọc được: abc"),
        ("5 mẫu", "Đơn vị diện tích không rõ: 5 mẫu"),
    ],
)
def test_bad_areas_say_why(raw, reason):
    assert one(parse_area, raw, UNITS) == (None, reason)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,5 tỷ", 1_500_000_000),
        ("200 triệu", 200_000_000),
        ("500.000.000 đ", 500_000_000),
        ("500.000.000", 500_000_000),
        ("1.500.000 đồng", 1_500_000),
        (280_000_000, 280_000_000),
        ("1,25 tỷ", 1_250_000_000),
        ("300 nghìn", 300_000),
        ("2 tr", 2_000_000),
        ("12.000.000 VND", 12_000_000),
    ],
)
def test_money_to_whole_vnd(raw, expected):
    assert one(parse_money, raw, "Vốn") == (expected, None)


def test_bad_money_says_why():
    assert one(parse_money, "nhiều", "Vốn điều lệ") == (None, "Vốn điều lệ không đọc được: nhiều")
    assert one(parse_money, "-5 triệu", "Vốn") == (None, "Vốn âm: -5 triệu")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("15/3/2025", dt.date(2025, 3, 15)),
        ("02/4/2026", dt.date(2026, 4, 2)),
        ("2/4/26", dt.date(2026, 4, 2)),
        ("2025-03-15", dt.date(2025, 3, 15)),
        ("ngày 02 tháng 4 năm 2026", dt.date(2026, 4, 2)),
        ("ngay 2 thang 4 nam 2026", dt.date(2026, 4, 2)),
        ("15/3/2025.", dt.date(2025, 3, 15)),
        ("15-03-2025", dt.date(2025, 3, 15)),
        ("15.03.2025", dt.date(2025, 3, 15)),
        (dt.date(2024, 1, 2), dt.date(2024, 1, 2)),
        (dt.datetime(2024, 1, 2, 13, 5), dt.date(2024, 1, 2)),
        (45000, dt.date(2023, 3, 15)),
        (45000.0, dt.date(2023, 3, 15)),
        ("29/02/2024", dt.date(2024, 2, 29)),
        ("2/4/65", dt.date(1965, 4, 2)),
    ],
)
def test_dates_day_first(raw, expected):
    value, reason = one(parse_date, raw)
    assert reason is None and value.date() == expected


@pytest.mark.parametrize("raw", ["31/02/2022", "31/04/2026", "29/02/2023", "13/13/2020", "hôm qua", "00/01/2020"])
def test_impossible_dates_are_rejected(raw):
    assert one(parse_date, raw, "Ngày") == (None, f"Ngày không hợp lệ: {raw}")


def test_blank_cells_are_not_errors():
    for parser, args in (
        (parse_date, ()),
        (parse_area, (UNITS,)),
        (parse_money, ("Vốn",)),
        (parse_phone, ()),
    ):
        for blank in ("", "  ", None, float("nan")):
            assert one(parser, blank, *args) == (None, None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        (912345678, "0912345678"),
        (912345678.0, "0912345678"),
        ("0861-561-576", "0861561576"),
        ("(0251) 3822 456", "02513822456"),
    ],
)
def test_phones_to_national_form(raw, expected):
    assert one(parse_phone, raw) == (expected, None)


@pytest.mark.parametrize("raw", ["12345", "0000000000", "+1 415 555 0100", "abc"])
def test_bad_phones(raw):
    assert one(parse_phone, raw) == (None, f"Số điện thoại không hợp lệ: {raw}")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Có", True), ("có", True), ("x", True), ("1", True), ("Không", False), ("", False), (None, False)],
)
def test_yes_no(raw, expected):
    assert one(parse_bool, raw, "Tập huấn") == (expected, None)


def test_absurdly_large_values_are_reasons_not_crashes():
    assert one(parse_money, 9.2e18, "Vốn") == (None, "Vốn quá lớn: 9200000000000000000")
    assert one(parse_int, "5.000.000.000.000", "Số hộ") == (None, "Số hộ quá lớn: 5.000.000.000.000")


def test_counts_are_whole_and_not_negative():
    assert one(parse_int, "1.200", "Số hộ") == (1200, None)
    assert one(parse_int, "12 hộ", "Số hộ") == (12, None)
    assert one(parse_int, "3,5", "Số hộ") == (None, "Số hộ phải là số nguyên: 3,5")
    assert one(parse_int, "-2", "Số hộ") == (None, "Số hộ âm: -2")


CELL = st.one_of(
    st.text(max_size=30),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=False, width=32),
    st.dates(dt.date(1900, 1, 1), dt.date(2200, 1, 1)),
    st.none(),
    st.sampled_from(
        ["2,5 ha", "1,5 tỷ", "31/02/2022", "ngày 02 tháng 4 năm 2026", "+84 912 345 678", "~3", "-", "nan"]
    ),
)


@given(st.lists(CELL, max_size=20))
def test_parsers_return_a_value_or_a_reason_and_never_raise(cells):
    s = pd.Series(cells, dtype=object)
    blank = s.map(
        lambda v: (
            v is None
            or (isinstance(v, float) and v != v)
            or (isinstance(v, str) and v.strip().lower() in ("", "-", "nan", "none"))
        )
    )
    for p in (
        parse_area(s, UNITS),
        parse_money(s, "Tiền"),
        parse_date(s),
        parse_phone(s),
        parse_number(s, "Số"),
        parse_int(s, "Số"),
        parse_bool(s, "Có/không"),
    ):
        assert len(p.values) == len(s) and len(p.reasons) == len(s)
        has_value = p.values.notna().to_numpy()
        has_reason = p.reasons.map(lambda r: isinstance(r, str)).to_numpy()
        assert not (has_value & has_reason).any()
        if p.values.dtype != "boolean":
            # every non-blank cell gets a value or a reason: nothing is lost silently
            assert (has_value | has_reason | blank.to_numpy()).all()


_DATE_TEXT = st.builds(
    lambda d, m, y, form: form.format(d=d, m=m, y=y, y2=y % 100),
    st.integers(0, 35),
    st.integers(0, 14),
    st.integers(1890, 2160),
    st.sampled_from([
        "{d}/{m}/{y}", "{d}.{m}.{y2}", "{d:02d} - {m:02d} - {y}", "{d}/{m}/{y}.", "{y}-{m:02d}-{d:02d}",
        "{y}-{m}-{d} 10:30", "{y}-{m}-{d}T08:00:01", "ngày {d} tháng {m} năm {y}", "Ngay {d} THANG {m} nam {y}",
        "ngày {d}, tháng {m}, năm {y}", "{d}/{m}", "{d}{m}{y}",
    ]),
)  # fmt: skip


@given(st.lists(st.one_of(_DATE_TEXT, st.text(max_size=12)), min_size=1, max_size=30))
def test_column_wise_dates_equal_the_cell_by_cell_rules(cells):
    """The usual forms are read by Arrow over the whole column; the result is that of date_parts."""
    import numpy as np

    from lkdata.clean.parse import _text_dates, as_text
    from lkdata.vn.dates import date_parts, valid_date

    text = as_text(pd.Series(cells, dtype=object)).dropna()
    got = _text_dates(text)
    for cell, value in zip(text, got, strict=True):
        parts = date_parts(cell)
        want = valid_date(*parts) if parts else None
        assert (np.isnat(value) and want is None) or pd.Timestamp(value).date() == want, cell
